/*
 * obj_func.c — the `function`, `cell` and `method` types.  Functions are
 * created by MAKE_FUNCTION (interp/vm.c) and called either inline by the
 * eval loop (no C recursion) or, from C, through their `call` slot, which
 * runs a fresh eval loop (mp_vm_call_function).  Functions are
 * MP_TFLAG_METHOD_LIKE, so `obj.f(...)` on a class attribute calls them
 * with obj prepended without building a bound method.
 */
#include "runtime/obj_func.h"

#include <string.h>

#include "interp/code.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- function ---------------------------------------------------------- */

mp_obj *mp_function_new_ex(mp_obj *code, mp_obj *globals, mp_obj *builtins) {
    mp_code *co = (mp_code *)code;
    mp_function *f = (mp_function *)mp_obj_alloc(&mp_type_function, sizeof(mp_function));
    f->code = mp_newref(code);
    f->globals = mp_newref(globals);
    f->builtins = mp_newref(builtins);
    f->name = mp_newref(co->name);
    f->qualname = mp_newref(co->qualname);
    f->defaults = NULL;
    f->kwdefaults = NULL;
    f->closure = NULL;
    f->doc = mp_newref(co->doc ? co->doc : mp_None);
    mp_obj *modname = mp_dict_get_cstr(globals, "__name__");
    if (!modname)
        mp_err_clear(); /* only a failed lookup; __module__ is None then */
    f->module = mp_newref(modname ? modname : mp_None);
    f->annotations = NULL;
    f->dict = NULL;
    return (mp_obj *)f;
}

/* The builtins of a globals namespace: its __builtins__ (module or dict),
 * else the interpreter's. */
static mp_obj *builtins_of(mp_obj *globals) {
    mp_obj *b = mp_dict_get_cstr(globals, "__builtins__");
    if (b && mp_typeof(b) == &mp_type_module)
        b = mp_module_dict(b);
    if (!b || !mp_dict_check(b)) {
        mp_err_clear();
        b = mp_builtins_dict;
    }
    return b;
}

mp_obj *mp_function_new(mp_obj *code, mp_obj *globals, mp_obj *qualname) {
    mp_obj *fo = mp_function_new_ex(code, globals, builtins_of(globals));
    if (qualname)
        mp_setref(&((mp_function *)fo)->qualname, mp_newref(qualname));
    return fo;
}

static void func_dealloc(mp_obj *self) {
    mp_function *f = (mp_function *)self;
    mp_decref(f->code);
    mp_decref(f->globals);
    mp_decref(f->builtins);
    mp_decref(f->name);
    mp_decref(f->qualname);
    mp_xdecref(f->defaults);
    mp_xdecref(f->kwdefaults);
    mp_xdecref(f->closure);
    mp_decref(f->doc);
    mp_decref(f->module);
    mp_xdecref(f->annotations);
    mp_xdecref(f->dict);
    mp_obj_free(self);
}

static mp_obj *func_repr(mp_obj *self) {
    return mp_str_format_c("<function %U at %p>", ((mp_function *)self)->qualname, (void *)self);
}

static mp_obj *func_descr_get(mp_obj *descr, mp_obj *obj, mp_type *type) {
    if (obj == NULL || obj == mp_None)
        return mp_newref(descr);
    return mp_method_new(descr, obj);
}

/* The instance dict is created lazily: most functions never get one. */
static int func_setattr(mp_obj *self, mp_obj *name, mp_obj *value) {
    mp_function *f = (mp_function *)self;
    if (!f->dict)
        f->dict = mp_dict_new();
    return mp_generic_setattr(self, name, value);
}

static mp_obj *func_get_name(mp_obj *self) { return mp_newref(((mp_function *)self)->name); }
static mp_obj *func_get_qualname(mp_obj *self) {
    return mp_newref(((mp_function *)self)->qualname);
}
static mp_obj *func_get_doc(mp_obj *self) { return mp_newref(((mp_function *)self)->doc); }
static mp_obj *func_get_module(mp_obj *self) { return mp_newref(((mp_function *)self)->module); }
static mp_obj *func_get_code(mp_obj *self) { return mp_newref(((mp_function *)self)->code); }
static mp_obj *func_get_globals(mp_obj *self) { return mp_newref(((mp_function *)self)->globals); }

static mp_obj *opt_or_none(mp_obj *o) { return mp_newref(o ? o : mp_None); }
static mp_obj *func_get_defaults(mp_obj *self) {
    return opt_or_none(((mp_function *)self)->defaults);
}
static mp_obj *func_get_kwdefaults(mp_obj *self) {
    return opt_or_none(((mp_function *)self)->kwdefaults);
}
static mp_obj *func_get_closure(mp_obj *self) {
    return opt_or_none(((mp_function *)self)->closure);
}

static mp_obj *func_get_dict(mp_obj *self) {
    mp_function *f = (mp_function *)self;
    if (!f->dict)
        f->dict = mp_dict_new();
    return mp_newref(f->dict);
}

static mp_obj *func_get_annotations(mp_obj *self) {
    mp_function *f = (mp_function *)self;
    if (!f->annotations)
        f->annotations = mp_dict_new();
    return mp_newref(f->annotations);
}

static int set_str_attr(mp_obj **slot, mp_obj *value, const char *what) {
    if (!value || !mp_str_check(value)) {
        mp_err_format(&mp_type_TypeError, "__%s__ must be set to a string object", what);
        return -1;
    }
    mp_setref(slot, mp_newref(value));
    return 0;
}
static int func_set_name(mp_obj *self, mp_obj *value) {
    return set_str_attr(&((mp_function *)self)->name, value, "name");
}
static int func_set_qualname(mp_obj *self, mp_obj *value) {
    return set_str_attr(&((mp_function *)self)->qualname, value, "qualname");
}
static int func_set_doc(mp_obj *self, mp_obj *value) {
    mp_setref(&((mp_function *)self)->doc, mp_newref(value ? value : mp_None));
    return 0;
}
static int func_set_module(mp_obj *self, mp_obj *value) {
    mp_setref(&((mp_function *)self)->module, mp_newref(value ? value : mp_None));
    return 0;
}
static int func_set_defaults(mp_obj *self, mp_obj *value) {
    if (value == mp_None)
        value = NULL;
    if (value && !mp_tuple_check(value)) {
        mp_err_format(&mp_type_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    mp_setref(&((mp_function *)self)->defaults, value ? mp_newref(value) : NULL);
    return 0;
}
static int func_set_kwdefaults(mp_obj *self, mp_obj *value) {
    if (value == mp_None)
        value = NULL;
    if (value && !mp_dict_check(value)) {
        mp_err_format(&mp_type_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    mp_setref(&((mp_function *)self)->kwdefaults, value ? mp_newref(value) : NULL);
    return 0;
}

static const mp_getset_def func_getset[] = {
    {"__name__", func_get_name, func_set_name},
    {"__qualname__", func_get_qualname, func_set_qualname},
    {"__doc__", func_get_doc, func_set_doc},
    {"__module__", func_get_module, func_set_module},
    {"__code__", func_get_code, NULL},
    {"__globals__", func_get_globals, NULL},
    {"__defaults__", func_get_defaults, func_set_defaults},
    {"__kwdefaults__", func_get_kwdefaults, func_set_kwdefaults},
    {"__closure__", func_get_closure, NULL},
    {"__dict__", func_get_dict, NULL},
    {"__annotations__", func_get_annotations, NULL},
    {NULL},
};

mp_type mp_type_function = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "function",
    .basicsize = sizeof(mp_function),
    .tflags = MP_TFLAG_METHOD_LIKE,
    .dictoffset = offsetof(mp_function, dict),
    .dealloc = func_dealloc,
    .repr = func_repr,
    .setattr = func_setattr,
    .descr_get = func_descr_get,
    .call = mp_vm_call_function,
    .getset = func_getset,
};

/* ---- cell -------------------------------------------------------------- */

mp_obj *mp_cell_new(mp_obj *value) {
    mp_cell *c = (mp_cell *)mp_obj_alloc(&mp_type_cell, sizeof(mp_cell));
    c->ref = value ? mp_newref(value) : NULL;
    return (mp_obj *)c;
}

static void cell_dealloc(mp_obj *self) {
    mp_xdecref(((mp_cell *)self)->ref);
    mp_obj_free(self);
}

static mp_obj *cell_repr(mp_obj *self) {
    mp_obj *v = ((mp_cell *)self)->ref;
    if (!v)
        return mp_str_format_c("<cell at %p: empty>", (void *)self);
    return mp_str_format_c("<cell at %p: %s object at %p>", (void *)self, mp_type_name(v),
                           (void *)v);
}

static mp_obj *cell_get_contents(mp_obj *self) {
    mp_obj *v = ((mp_cell *)self)->ref;
    if (!v) {
        mp_err_format(&mp_type_ValueError, "Cell is empty");
        return NULL;
    }
    return mp_newref(v);
}

static int cell_set_contents(mp_obj *self, mp_obj *value) {
    mp_setref(&((mp_cell *)self)->ref, value ? mp_newref(value) : NULL);
    return 0;
}

static const mp_getset_def cell_getset[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {NULL},
};

mp_type mp_type_cell = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "cell",
    .basicsize = sizeof(mp_cell),
    .dealloc = cell_dealloc,
    .repr = cell_repr,
    .getset = cell_getset,
};

/* ---- bound method ------------------------------------------------------ */

mp_obj *mp_method_new(mp_obj *func, mp_obj *self) {
    mp_method *m = (mp_method *)mp_obj_alloc(&mp_type_method, sizeof(mp_method));
    m->func = mp_newref(func);
    m->self = mp_newref(self);
    return (mp_obj *)m;
}

static void method_dealloc(mp_obj *self) {
    mp_method *m = (mp_method *)self;
    mp_decref(m->func);
    mp_decref(m->self);
    mp_obj_free(self);
}

/* Calls func(self, *args): prepends self in a small on-stack buffer. */
static mp_obj *method_call(mp_obj *callable, mp_obj *const *args, size_t nargs,
                           mp_obj *kwnames) {
    mp_method *m = (mp_method *)callable;
    size_t total = nargs + (kwnames ? mp_tuple_size(kwnames) : 0);
    mp_obj *small[8];
    mp_obj **buf = total + 1 <= 8 ? small : mp_mem_alloc((total + 1) * sizeof(mp_obj *));
    buf[0] = m->self;
    memcpy(buf + 1, args, total * sizeof(mp_obj *));
    mp_obj *res = mp_call(m->func, buf, nargs + 1, kwnames);
    if (buf != small)
        mp_mem_free(buf);
    return res;
}

static mp_obj *method_repr(mp_obj *self) {
    mp_method *m = (mp_method *)self;
    mp_obj *name = mp_getattr_cstr(m->func, "__qualname__");
    if (!name) {
        mp_err_clear();
        name = mp_getattr_cstr(m->func, "__name__");
        if (!name) {
            mp_err_clear();
            name = mp_str_from_cstr("?");
        }
    }
    mp_obj *res = mp_str_format_c("<bound method %S of %R>", name, m->self);
    mp_decref(name);
    return res;
}

static mp_obj *method_richcompare(mp_obj *a, mp_obj *b, int op) {
    if ((op != MP_EQ && op != MP_NE) || mp_typeof(b) != &mp_type_method)
        return mp_newref(mp_NotImplemented);
    mp_method *x = (mp_method *)a, *y = (mp_method *)b;
    int eq = x->self == y->self;
    if (eq) {
        eq = mp_eq(x->func, y->func);
        if (eq < 0)
            return NULL;
    }
    return mp_newref(mp_bool_from(op == MP_EQ ? eq : !eq));
}

static mp_hash_t method_hash(mp_obj *self) {
    mp_method *m = (mp_method *)self;
    mp_hash_t h = mp_hash(m->func);
    if (h == -1)
        return -1;
    h ^= (mp_hash_t)((uintptr_t)m->self >> 4);
    return h == -1 ? -2 : h;
}

/* Attributes not defined on `method` itself come from the function. */
static mp_obj *method_getattr(mp_obj *self, mp_obj *name) {
    mp_obj *res = mp_generic_getattr(self, name);
    if (res || !mp_err_matches(&mp_type_AttributeError))
        return res;
    mp_obj *err = mp_err_fetch();
    res = mp_getattr_opt(((mp_method *)self)->func, name);
    if (res || mp_err_occurred())
        mp_decref(err);
    else
        mp_err_set_exc(err);
    return res;
}

static mp_obj *method_get_func(mp_obj *self) { return mp_newref(((mp_method *)self)->func); }
static mp_obj *method_get_self(mp_obj *self) { return mp_newref(((mp_method *)self)->self); }

static const mp_getset_def method_getset[] = {
    {"__func__", method_get_func, NULL},
    {"__self__", method_get_self, NULL},
    {NULL},
};

mp_type mp_type_method = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "method",
    .basicsize = sizeof(mp_method),
    .dealloc = method_dealloc,
    .repr = method_repr,
    .hash = method_hash,
    .richcompare = method_richcompare,
    .getattr = method_getattr,
    .call = method_call,
    .getset = method_getset,
};
