/*
 * vm_ops.c — the out-of-line parts of instructions (see vm_int.h): name
 * lookups that miss the caches, unpacking, raise and except matching,
 * f-string formatting, display merging, calls with star-arguments,
 * function creation, imports, and the VM's fast range/list iterators.
 * Error messages are CPython 3.11's.
 */
#include <string.h>

#include "interp/vm_int.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_func.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- fast iterators ---------------------------------------------------------- */

static mp_obj *iter_self(mp_obj *self) { return mp_newref(self); }

static void rangeiter_dealloc(mp_obj *self) { mp_obj_free(self); }

static mp_obj *rangeiter_next(mp_obj *self) {
    mp_vm_rangeiter *r = (mp_vm_rangeiter *)self;
    if (r->step > 0 ? r->cur < r->stop : r->cur > r->stop) {
        intptr_t v = r->cur;
        r->cur += r->step;
        return mp_small(v);
    }
    return NULL;
}

mp_type mp_type_vm_rangeiter = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "range_iterator",
    .basicsize = sizeof(mp_vm_rangeiter),
    .dealloc = rangeiter_dealloc,
    .iter = iter_self,
    .iternext = rangeiter_next,
};

static void listiter_dealloc(mp_obj *self) {
    mp_xdecref(((mp_vm_listiter *)self)->list);
    mp_obj_free(self);
}

static mp_obj *listiter_next(mp_obj *self) {
    mp_vm_listiter *it = (mp_vm_listiter *)self;
    if (!it->list)
        return NULL;
    if (it->index < mp_list_size(it->list))
        return mp_newref(mp_list_items(it->list)[it->index++]);
    mp_obj *l = it->list;
    it->list = NULL;
    mp_decref(l);
    return NULL;
}

mp_type mp_type_vm_listiter = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "list_iterator",
    .basicsize = sizeof(mp_vm_listiter),
    .dealloc = listiter_dealloc,
    .iter = iter_self,
    .iternext = listiter_next,
};

mp_obj *mp_vm_get_iter(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (t == &mp_type_range) {
        mp_range *r = (mp_range *)o;
        if (mp_is_small(r->start) && mp_is_small(r->stop) && mp_is_small(r->step)) {
            mp_vm_rangeiter *it =
                (mp_vm_rangeiter *)mp_obj_alloc(&mp_type_vm_rangeiter, sizeof(mp_vm_rangeiter));
            it->cur = mp_small_val(r->start);
            it->stop = mp_small_val(r->stop);
            it->step = mp_small_val(r->step);
            return (mp_obj *)it;
        }
    } else if (t == &mp_type_list) {
        mp_vm_listiter *it =
            (mp_vm_listiter *)mp_obj_alloc(&mp_type_vm_listiter, sizeof(mp_vm_listiter));
        it->list = mp_newref(o);
        it->index = 0;
        return (mp_obj *)it;
    }
    return mp_iter(o);
}

/* ---- errors ------------------------------------------------------------------ */

/* Sets `name` on the exception just raised (NameError.name, used for
 * "Did you mean" suggestions). */
static void set_exc_name(mp_obj *name) {
    mp_obj *exc = mp_ts()->curexc;
    if (exc)
        mp_exc_set_attr(exc, mp_str_intern_cstr("name"), name);
}

void mp_vm_name_error(mp_obj *name) {
    mp_err_format(&mp_type_NameError, "name '%U' is not defined", name);
    set_exc_name(name);
}

void mp_vm_unbound_local(mp_obj *name) {
    mp_err_format(&mp_type_UnboundLocalError,
                  "cannot access local variable '%U' where it is not associated with a value", name);
    set_exc_name(name);
}

void mp_vm_unbound_deref(mp_code *co, int idx) {
    if (idx < co->ncells) {
        mp_vm_unbound_local(mp_tuple_items(co->cellvars)[idx]);
        return;
    }
    mp_obj *name = mp_tuple_items(co->freevars)[idx - co->ncells];
    mp_err_format(&mp_type_NameError,
                  "cannot access free variable '%U' where it is not associated with a value in "
                  "enclosing scope",
                  name);
    set_exc_name(name);
}

/* ---- names ---------------------------------------------------------------------- */

mp_obj *mp_vm_load_global_slow(mp_frame *f, mp_gcache *gc) {
    mp_obj *name = gc->name;
    mp_hash_t h = mp_str_hash(name);
    mp_dict *g = (mp_dict *)f->globals, *b = (mp_dict *)f->builtins;
    mp_ssize_t i = mp_dict_lookup_index(f->globals, name, h);
    if (i >= 0) {
        gc->gversion = g->version;
        gc->index = (uint32_t)i;
        gc->in_builtins = 0;
        return g->entries[i].value;
    }
    if (i == -2)
        return NULL;
    i = mp_dict_lookup_index(f->builtins, name, h);
    if (i >= 0) {
        gc->gversion = g->version;
        gc->bversion = b->version;
        gc->index = (uint32_t)i;
        gc->in_builtins = 1;
        return b->entries[i].value;
    }
    if (i == -1)
        mp_vm_name_error(name);
    return NULL;
}

void mp_vm_cache_store(mp_frame *f, mp_gcache *gc) {
    mp_ssize_t i = mp_dict_lookup_index(f->globals, gc->name, mp_str_hash(gc->name));
    if (i >= 0) {
        gc->gversion = ((mp_dict *)f->globals)->version;
        gc->index = (uint32_t)i;
        gc->in_builtins = 0;
    } else {
        mp_err_clear();
    }
}

/* ns[name] for a namespace that may not be a dict; NULL without an error
 * when missing. */
static mp_obj *ns_get(mp_obj *ns, mp_obj *name) {
    if (mp_dict_check(ns)) {
        mp_obj *v = mp_dict_get(ns, name);
        return v ? mp_newref(v) : NULL;
    }
    mp_obj *v = mp_getitem(ns, name);
    if (!v && mp_err_matches(&mp_type_KeyError))
        mp_err_clear();
    return v;
}

mp_obj *mp_vm_load_name(mp_frame *f, mp_obj *name) {
    mp_obj *v;
    if (f->locals) {
        v = ns_get(f->locals, name);
        if (v || mp_err_occurred())
            return v;
    }
    v = mp_dict_get(f->globals, name);
    if (!v && !mp_err_occurred())
        v = mp_dict_get(f->builtins, name);
    if (v)
        return mp_newref(v);
    if (!mp_err_occurred())
        mp_vm_name_error(name);
    return NULL;
}

int mp_vm_store_name(mp_frame *f, mp_obj *name, mp_obj *v) {
    mp_obj *ns = f->locals ? f->locals : f->globals;
    return mp_dict_check(ns) ? mp_dict_set(ns, name, v) : mp_setitem(ns, name, v);
}

int mp_vm_delete_name(mp_obj *ns, mp_obj *name) {
    if (mp_dict_check(ns)) {
        int r = mp_dict_del(ns, name);
        if (r == 1)
            mp_vm_name_error(name);
        return r == 0 ? 0 : -1;
    }
    if (mp_delitem(ns, name) == 0)
        return 0;
    if (mp_err_matches(&mp_type_KeyError)) {
        mp_err_clear();
        mp_vm_name_error(name);
    }
    return -1;
}

mp_obj *mp_vm_load_classderef(mp_frame *f, int idx) {
    mp_code *co = f->code;
    mp_obj *name = idx < co->ncells ? mp_tuple_items(co->cellvars)[idx]
                                    : mp_tuple_items(co->freevars)[idx - co->ncells];
    if (f->locals) {
        mp_obj *v = ns_get(f->locals, name);
        if (v || mp_err_occurred())
            return v;
    }
    mp_obj *v = ((mp_cell *)f->localsplus[co->nlocals + idx])->ref;
    if (!v) {
        mp_vm_unbound_deref(co, idx);
        return NULL;
    }
    return mp_newref(v);
}

/* ---- unpacking ------------------------------------------------------------------- */

static bool not_iterable_type(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    return t->iter == NULL && t->getitem == NULL;
}

int mp_vm_unpack(mp_obj *seq, int before, int after, mp_obj **sp) {
    int total = before + (after >= 0 ? 1 + after : 0);
    mp_obj **top = sp + total; /* values go below this, first item on top */
    int written = 0;
    mp_obj *it = mp_iter(seq);
    if (!it) {
        if (mp_err_matches(&mp_type_TypeError) && not_iterable_type(seq)) {
            mp_err_clear();
            mp_err_format(&mp_type_TypeError, "cannot unpack non-iterable %T object", seq);
        }
        return -1;
    }
    for (; written < before; written++) {
        mp_obj *w = mp_iternext(it);
        if (!w) {
            if (!mp_err_occurred()) {
                if (after < 0)
                    mp_err_format(&mp_type_ValueError,
                                  "not enough values to unpack (expected %d, got %d)", before,
                                  written);
                else
                    mp_err_format(&mp_type_ValueError,
                                  "not enough values to unpack (expected at least %d, got %d)",
                                  before + after, written);
            }
            goto error;
        }
        *--top = w;
    }
    if (after < 0) {
        mp_obj *w = mp_iternext(it);
        if (w) {
            mp_decref(w);
            mp_err_format(&mp_type_ValueError, "too many values to unpack (expected %d)", before);
            goto error;
        }
        if (mp_err_occurred())
            goto error;
        mp_decref(it);
        return total;
    }
    mp_obj *rest = mp_list_from_iter(it);
    if (!rest)
        goto error;
    *--top = rest;
    written++;
    size_t ll = mp_list_size(rest);
    if (ll < (size_t)after) {
        mp_err_format(&mp_type_ValueError,
                      "not enough values to unpack (expected at least %d, got %zu)", before + after,
                      (size_t)before + ll);
        goto error;
    }
    for (int j = after; j > 0; j--, written++)
        *--top = mp_list_items(rest)[ll - (size_t)j]; /* the list's reference moves */
    ((mp_list *)rest)->size = ll - (size_t)after;
    mp_decref(it);
    return total;
error:
    for (int i = 0; i < written; i++)
        mp_decref(sp[total - 1 - i]);
    mp_decref(it);
    return -1;
}

/* ---- exceptions --------------------------------------------------------------------- */

static bool is_exc_class(mp_obj *o) {
    return (mp_typeof(o)->tflags & MP_TFLAG_TYPE_SUBCLASS) &&
           (((mp_type *)o)->tflags & MP_TFLAG_EXC_SUBCLASS);
}

static bool is_exc_instance(mp_obj *o) { return mp_has_tflag(o, MP_TFLAG_EXC_SUBCLASS); }

/* An exception instance from `raise X` / `from X` operands (new ref). */
static mp_obj *instantiate(mp_obj *o) {
    mp_obj *v = mp_call0(o);
    if (v && !is_exc_instance(v)) {
        mp_err_format(&mp_type_TypeError,
                      "calling %R should have returned an instance of BaseException, not %T", o, v);
        mp_decref(v);
        return NULL;
    }
    return v;
}

int mp_vm_do_raise(mp_obj *exc, mp_obj *cause) {
    mp_obj *value;
    if (is_exc_class(exc)) {
        value = instantiate(exc);
        if (!value)
            return -1;
    } else if (is_exc_instance(exc)) {
        value = mp_newref(exc);
    } else {
        mp_err_format(&mp_type_TypeError, "exceptions must derive from BaseException");
        return -1;
    }
    if (cause) {
        mp_obj *fixed = NULL;
        if (is_exc_class(cause)) {
            fixed = instantiate(cause);
            if (!fixed) {
                mp_decref(value);
                return -1;
            }
        } else if (is_exc_instance(cause)) {
            fixed = mp_newref(cause);
        } else if (cause != mp_None) {
            mp_err_format(&mp_type_TypeError, "exception causes must derive from BaseException");
            mp_decref(value);
            return -1;
        }
        mp_exc *e = (mp_exc *)value;
        mp_setref(&e->cause, fixed);
        e->suppress_context = true;
    }
    mp_err_set_exc(value); /* sets __context__ to the exception being handled */
    return -1;
}

int mp_vm_exc_match(mp_obj *exc, mp_obj *type) {
    bool ok = true;
    if (mp_tuple_check(type)) {
        for (size_t i = 0; i < mp_tuple_size(type); i++)
            ok &= is_exc_class(mp_tuple_items(type)[i]);
    } else {
        ok = is_exc_class(type);
    }
    if (!ok) {
        mp_err_format(&mp_type_TypeError,
                      "catching classes that do not inherit from BaseException is not allowed");
        return -1;
    }
    return mp_isinstance(exc, type);
}

/* ---- strings ------------------------------------------------------------------------ */

mp_obj *mp_vm_format_value(mp_obj *v, mp_obj *spec, int conversion) {
    mp_obj *conv;
    switch (conversion) {
    case MP_FMT_STR: conv = mp_str(v); break;
    case MP_FMT_REPR: conv = mp_repr(v); break;
    case MP_FMT_ASCII: conv = mp_ascii(v); break;
    default: conv = mp_newref(v); break;
    }
    if (!conv)
        return NULL;
    if (!spec && mp_typeof(conv) == &mp_type_str)
        return conv;
    mp_obj *res = mp_format(conv, spec);
    mp_decref(conv);
    return res;
}

/* ---- displays and call arguments ---------------------------------------------------------- */

int mp_vm_list_extend(mp_obj *list, mp_obj *iterable) {
    if (mp_list_extend(list, iterable) == 0)
        return 0;
    if (mp_err_matches(&mp_type_TypeError) && not_iterable_type(iterable)) {
        mp_err_clear();
        mp_err_format(&mp_type_TypeError, "Value after * must be an iterable, not %T", iterable);
    }
    return -1;
}

int mp_vm_set_update(mp_obj *set, mp_obj *iterable) {
    mp_obj *it = mp_iter(iterable);
    if (!it)
        return -1;
    mp_obj *v;
    while ((v = mp_iternext(it))) {
        int r = mp_set_add(set, v);
        mp_decref(v);
        if (r < 0)
            break;
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

static bool has_keys(mp_obj *o) {
    mp_obj *k = mp_getattr_opt(o, mp_str_intern_cstr("keys"));
    if (!k) {
        mp_err_clear();
        return false;
    }
    mp_decref(k);
    return true;
}

int mp_vm_dict_update(mp_obj *dict, mp_obj *other) {
    if (!mp_dict_check(other) && !has_keys(other)) {
        mp_err_format(&mp_type_TypeError, "'%T' object is not a mapping", other);
        return -1;
    }
    return mp_dict_update(dict, other);
}

mp_obj *mp_vm_func_str(mp_obj *func) {
    mp_obj *qualname = mp_getattr_opt(func, mp_str_intern_cstr("__qualname__"));
    if (!qualname) {
        mp_err_clear();
        return mp_str(func);
    }
    mp_obj *module = mp_getattr_opt(func, mp_str_intern_cstr("__module__"));
    mp_err_clear();
    mp_obj *res;
    if (module && mp_str_check(module) && !mp_str_eq_cstr(module, "builtins"))
        res = mp_str_format_c("%U.%S()", module, qualname);
    else
        res = mp_str_format_c("%S()", qualname);
    mp_xdecref(module);
    mp_decref(qualname);
    return res;
}

static int merge_one(mp_obj *func, mp_obj *dict, mp_obj *key, mp_obj *value) {
    mp_obj *old = mp_dict_get(dict, key);
    if (old || mp_err_occurred()) {
        if (old) {
            mp_obj *fs = mp_vm_func_str(func);
            if (fs) {
                mp_err_format(&mp_type_TypeError, "%U got multiple values for keyword argument '%S'",
                              fs, key);
                mp_decref(fs);
            }
        }
        return -1;
    }
    return mp_dict_set(dict, key, value);
}

int mp_vm_dict_merge(mp_obj *func, mp_obj *dict, mp_obj *other) {
    if (mp_dict_check(other)) {
        size_t pos = 0;
        mp_obj *k, *v;
        while (mp_dict_next(other, &pos, &k, &v))
            if (merge_one(func, dict, k, v) < 0)
                return -1;
        return 0;
    }
    if (!has_keys(other)) {
        mp_obj *fs = mp_vm_func_str(func);
        if (fs) {
            mp_err_format(&mp_type_TypeError, "%U argument after ** must be a mapping, not %T", fs,
                          other);
            mp_decref(fs);
        }
        return -1;
    }
    mp_obj *keys = mp_call_method(other, "keys", NULL, 0);
    mp_obj *it = keys ? mp_iter(keys) : NULL;
    mp_xdecref(keys);
    if (!it)
        return -1;
    mp_obj *k;
    int r = 0;
    while (r == 0 && (k = mp_iternext(it))) {
        mp_obj *v = mp_getitem(other, k);
        r = v ? merge_one(func, dict, k, v) : -1;
        mp_xdecref(v);
        mp_decref(k);
    }
    mp_decref(it);
    return r < 0 || mp_err_occurred() ? -1 : 0;
}

int mp_vm_ex_call_args(mp_obj *func, mp_obj **args, mp_obj *kwargs, mp_obj ***out, size_t *npos,
                       mp_obj **kwnames) {
    if (!mp_tuple_check(*args)) {
        if (not_iterable_type(*args)) {
            mp_obj *fs = mp_vm_func_str(func);
            if (fs) {
                mp_err_format(&mp_type_TypeError, "%U argument after * must be an iterable, not %T",
                              fs, *args);
                mp_decref(fs);
            }
            return -1;
        }
        mp_obj *t = mp_tuple_from_iter(*args);
        if (!t)
            return -1;
        mp_setref(args, t);
    }
    size_t n = mp_tuple_size(*args), nk = kwargs ? mp_dict_size(kwargs) : 0;
    mp_obj **arr = mp_mem_alloc((n + nk + 1) * sizeof(mp_obj *));
    memcpy(arr, mp_tuple_items(*args), n * sizeof(mp_obj *));
    *kwnames = NULL;
    if (nk) {
        mp_obj *names = mp_tuple_new(nk);
        size_t pos = 0, i = 0;
        mp_obj *k, *v;
        while (mp_dict_next(kwargs, &pos, &k, &v)) {
            mp_tuple_items(names)[i] = mp_newref(k);
            arr[n + i++] = v;
            if (!mp_str_check(k)) {
                for (; i < nk; i++)
                    mp_tuple_items(names)[i] = mp_newref(mp_None);
                mp_decref(names);
                mp_mem_free(arr);
                mp_err_format(&mp_type_TypeError, "keywords must be strings");
                return -1;
            }
        }
        *kwnames = names;
    }
    *out = arr;
    *npos = n;
    return 0;
}

/* ---- functions ------------------------------------------------------------------------- */

static mp_obj *annotations_dict(mp_obj *pairs) {
    mp_obj *d = mp_dict_new();
    size_t n = mp_tuple_size(pairs);
    for (size_t i = 0; i + 1 < n; i += 2)
        if (mp_dict_set(d, mp_tuple_items(pairs)[i], mp_tuple_items(pairs)[i + 1]) < 0) {
            mp_decref(d);
            return NULL;
        }
    return d;
}

mp_obj *mp_vm_make_function(mp_frame *f, mp_obj *code, int flags, mp_obj **sp) {
    mp_obj *closure = (flags & MP_MKFN_CLOSURE) ? *--sp : NULL;
    mp_obj *ann = (flags & MP_MKFN_ANNOTATIONS) ? *--sp : NULL;
    mp_obj *kwdefaults = (flags & MP_MKFN_KWDEFAULTS) ? *--sp : NULL;
    mp_obj *defaults = (flags & MP_MKFN_DEFAULTS) ? *--sp : NULL;
    mp_function *fn = (mp_function *)mp_function_new_ex(code, f->globals, f->builtins);
    fn->closure = closure;
    fn->kwdefaults = kwdefaults;
    fn->defaults = defaults;
    if (ann) {
        fn->annotations = annotations_dict(ann);
        mp_decref(ann);
        if (!fn->annotations) {
            mp_decref((mp_obj *)fn);
            return NULL;
        }
    }
    return (mp_obj *)fn;
}

/* ---- imports ---------------------------------------------------------------------------- */

mp_obj *mp_vm_import_from(mp_obj *module, mp_obj *name) {
    mp_obj *v = mp_getattr_opt(module, name);
    if (v || mp_err_occurred())
        return v;
    mp_obj *modname = mp_getattr_opt(module, mp_str_intern_cstr("__name__"));
    mp_err_clear();
    mp_obj *file = mp_getattr_opt(module, mp_str_intern_cstr("__file__"));
    mp_err_clear();
    mp_obj *mn = modname && mp_str_check(modname) ? modname : NULL;
    if (file && mp_str_check(file))
        mp_err_format(&mp_type_ImportError, "cannot import name %R from %R (%S)", name,
                      mn ? mn : mp_str_intern_cstr("<unknown module name>"), file);
    else
        mp_err_format(&mp_type_ImportError, "cannot import name %R from %R (unknown location)",
                      name, mn ? mn : mp_str_intern_cstr("<unknown module name>"));
    mp_xdecref(modname);
    mp_xdecref(file);
    return NULL;
}

int mp_vm_import_star(mp_frame *f, mp_obj *module) {
    mp_obj *ns = f->locals ? f->locals : f->globals;
    mp_obj *all = mp_getattr_opt(module, mp_str_intern_cstr("__all__"));
    if (!all && mp_err_occurred())
        return -1;
    mp_obj *names;
    bool skip_private = false;
    if (all) {
        names = all;
    } else {
        if (mp_typeof(module) != &mp_type_module) {
            mp_err_format(&mp_type_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        names = mp_dict_keys_list(mp_module_dict(module));
        skip_private = true;
        if (!names)
            return -1;
    }
    mp_obj *it = mp_iter(names);
    mp_decref(names);
    if (!it)
        return -1;
    mp_obj *name;
    int r = 0;
    while (r == 0 && (name = mp_iternext(it))) {
        if (!(skip_private && mp_str_check(name) && mp_str_data(name)[0] == '_')) {
            mp_obj *v = mp_getattr(module, name);
            r = v ? (mp_dict_check(ns) ? mp_dict_set(ns, name, v) : mp_setitem(ns, name, v)) : -1;
            mp_xdecref(v);
        }
        mp_decref(name);
    }
    mp_decref(it);
    return r < 0 || mp_err_occurred() ? -1 : 0;
}

int mp_vm_print_expr(mp_obj *v) {
    mp_obj *sys = mp_modules_dict ? mp_dict_get_cstr(mp_modules_dict, "sys") : NULL;
    mp_obj *hook = sys ? mp_getattr_opt(sys, mp_str_intern_cstr("displayhook")) : NULL;
    if (hook) {
        mp_obj *r = mp_call1(hook, v);
        mp_decref(hook);
        mp_xdecref(r);
        return r ? 0 : -1;
    }
    mp_err_clear();
    if (v == mp_None)
        return 0;
    mp_obj *print = mp_dict_get_cstr(mp_builtins_dict, "print");
    mp_obj *rep = print ? mp_repr(v) : NULL;
    mp_obj *r = rep ? mp_call1(print, rep) : NULL;
    mp_xdecref(rep);
    if (!r)
        return -1;
    mp_decref(r);
    return mp_dict_set_cstr(mp_builtins_dict, "_", v);
}

int mp_vm_setup_annotations(mp_frame *f) {
    mp_obj *ns = f->locals ? f->locals : f->globals;
    mp_obj *key = mp_str_intern_cstr("__annotations__");
    if (mp_dict_check(ns)) {
        if (mp_dict_get(ns, key))
            return 0;
        if (mp_err_occurred())
            return -1;
    }
    mp_obj *d = mp_dict_new();
    int r = mp_dict_check(ns) ? mp_dict_set(ns, key, d) : mp_setitem(ns, key, d);
    mp_decref(d);
    return r;
}
