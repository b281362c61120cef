/*
 * mod_copy.c — the copy module: copy() and deepcopy() after CPython 3.11's
 * Lib/copy.py.  Immutable values come back as they are; list, dict and
 * set are copied directly; deepcopy keeps a memo dict keyed by id() so
 * shared and recursive references are reproduced, and calls __copy__ /
 * __deepcopy__ where a type defines them.  minipy has no __reduce_ex__, so
 * the remaining cases are handled here: dict subclasses (Counter,
 * OrderedDict, defaultdict), containers with __copy__/clear/extend (deque),
 * and instances of classes whose state is their __dict__.  copy.Error
 * (a class) waits for class creation.
 */
#include "runtime/mod_tools.h"

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_func.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* Types whose values copy() and deepcopy() return unchanged. */
static bool is_atomic(mp_obj *x) {
    mp_type *t = mp_typeof(x);
    return t == &mp_type_int || t == &mp_type_bool || t == &mp_type_float || t == &mp_type_str ||
           t == &mp_type_NoneType || t == &mp_type_ellipsis || t == &mp_type_NotImplementedType ||
           t == &mp_type_range || t == &mp_type_builtin_function || t == &mp_type_function ||
           t == &mp_type_slice || t == &mp_type_bytes || (t->tflags & MP_TFLAG_TYPE_SUBCLASS);
}

/* type(x).name looked up on the class, as copy.py does (getattr(cls, name)). */
static mp_obj *class_attr(mp_obj *x, const char *name) {
    return mp_getattr_opt((mp_obj *)mp_typeof(x), mp_str_intern_cstr(name));
}

static mp_obj *cannot_copy(mp_obj *x) {
    mp_err_format(&mp_type_TypeError, "cannot pickle '%s' object", mp_type_name(x));
    return NULL;
}

/* A user-class instance whose whole state is its __dict__ (its class
 * derives from object only through Python classes). */
static bool is_plain_instance(mp_obj *x) {
    mp_type *t = mp_typeof(x);
    if (!(t->tflags & MP_TFLAG_HEAPTYPE) || !t->dictoffset)
        return false;
    while (t && (t->tflags & MP_TFLAG_HEAPTYPE))
        t = t->base;
    return t == &mp_type_object;
}

/* ---- copy --------------------------------------------------------------------- */

/* Fills `y` (an empty container of x's kind) with x's items, each passed
 * through `deep` (NULL: as they are). */
typedef mp_obj *(*item_fn)(mp_obj *item, mp_obj *memo);

static int fill_dict(mp_obj *y, mp_obj *x, item_fn deep, mp_obj *memo) {
    mp_obj *keys = mp_dict_keys_list(x);
    int r = 0;
    for (size_t i = 0; r == 0 && i < mp_list_size(keys); i++) {
        mp_obj *k = mp_list_items(keys)[i];
        mp_obj *v = mp_getitem(x, k);
        mp_obj *k2 = v ? (deep ? deep(k, memo) : mp_newref(k)) : NULL;
        mp_obj *v2 = k2 ? (deep ? deep(v, memo) : mp_newref(v)) : NULL;
        r = v2 ? mp_setitem(y, k2, v2) : -1;
        mp_xdecref(v);
        mp_xdecref(k2);
        mp_xdecref(v2);
    }
    mp_decref(keys);
    return r;
}

static int fill_instance(mp_obj *y, mp_obj *x, item_fn deep, mp_obj *memo) {
    mp_obj *state = *mp_instance_dict_slot(x);
    if (!state)
        return 0;
    mp_obj **slot = mp_instance_dict_slot(y);
    if (!*slot)
        *slot = mp_dict_new();
    return fill_dict(*slot, state, deep, memo);
}

static mp_obj *new_instance(mp_obj *x) { return mp_instance_alloc(mp_typeof(x)); }

static mp_obj *do_copy(mp_obj *x) {
    if (is_atomic(x) || mp_isinstance_exact(x, &mp_type_tuple) ||
        mp_isinstance_exact(x, &mp_type_frozenset))
        return mp_newref(x);
    if (mp_isinstance_exact(x, &mp_type_list))
        return mp_list_from_array(mp_list_items(x), mp_list_size(x));
    if (mp_isinstance_exact(x, &mp_type_dict))
        return mp_dict_copy(x);
    if (mp_isinstance_exact(x, &mp_type_set))
        return mp_set_new(x);
    mp_obj *copier = class_attr(x, "__copy__");
    if (copier) {
        mp_obj *r = mp_call1(copier, x);
        mp_decref(copier);
        return r;
    }
    if (mp_err_occurred())
        return NULL;
    mp_obj *y = NULL;
    if (mp_dict_check(x))
        y = mp_call0((mp_obj *)mp_typeof(x));
    else if (is_plain_instance(x))
        y = new_instance(x);
    else
        return cannot_copy(x);
    if (y && (mp_dict_check(x) ? fill_dict(y, x, NULL, NULL) : fill_instance(y, x, NULL, NULL)) < 0)
        mp_setref(&y, NULL);
    return y;
}

static mp_obj *copy_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"x"};
    mp_obj *x;
    if (mp_arg_parse("copy", args, nargs, kwnames, names, 1, 1, &x) < 0)
        return NULL;
    return do_copy(x);
}

/* ---- deepcopy ---------------------------------------------------------------- */

static mp_obj *id_of(mp_obj *o) { return mp_int_from_u64((uintptr_t)o); }

/* memo[id(x)] = y */
static int memo_put(mp_obj *memo, mp_obj *x, mp_obj *y) {
    mp_obj *id = id_of(x);
    int r = mp_setitem(memo, id, y);
    mp_decref(id);
    return r;
}

/* memo[id(memo)].append(x): keeps the originals alive while the memo
 * refers to them by id (copy.py's _keep_alive). */
static int keep_alive(mp_obj *memo, mp_obj *x) {
    mp_obj *id = id_of(memo);
    mp_obj *l = mp_getitem(memo, id);
    int r;
    if (l) {
        r = mp_call_method(l, "append", &x, 1) ? 0 : -1;
        mp_decref(l);
    } else if (mp_err_matches(&mp_type_KeyError)) {
        mp_err_clear();
        l = mp_list_from_array(&x, 1);
        r = mp_setitem(memo, id, l);
        mp_decref(l);
    } else {
        r = -1;
    }
    mp_decref(id);
    return r;
}

static mp_obj *deep(mp_obj *x, mp_obj *memo);

static mp_obj *deep_list(mp_obj *x, mp_obj *memo) {
    mp_obj *y = mp_list_new(mp_list_size(x));
    if (memo_put(memo, x, y) < 0)
        goto fail;
    for (size_t i = 0; i < mp_list_size(x); i++) {
        mp_obj *item = mp_newref(mp_list_items(x)[i]);
        mp_obj *c = deep(item, memo);
        mp_decref(item);
        if (!c)
            goto fail;
        mp_list_append_steal(y, c);
    }
    return y;
fail:
    mp_decref(y);
    return NULL;
}

static mp_obj *deep_tuple(mp_obj *x, mp_obj *memo) {
    size_t n = mp_tuple_size(x);
    mp_obj *y = mp_tuple_new(n);
    bool same = true;
    for (size_t i = 0; i < n; i++) {
        mp_obj *c = deep(mp_tuple_items(x)[i], memo);
        if (!c) {
            for (; i < n; i++)
                mp_tuple_items(y)[i] = mp_newref(mp_None);
            mp_decref(y);
            return NULL;
        }
        same &= c == mp_tuple_items(x)[i];
        mp_tuple_items(y)[i] = c;
    }
    /* A recursive tuple may have been copied while copying its items. */
    mp_obj *id = id_of(x);
    mp_obj *done = mp_dict_get(memo, id);
    mp_decref(id);
    if (done || same) {
        mp_decref(y);
        return mp_newref(done ? done : x);
    }
    return y;
}

static mp_obj *deep_set(mp_obj *x, mp_obj *memo) {
    mp_obj *items = mp_list_new(0), *k;
    size_t pos = 0;
    while (mp_set_next(x, &pos, &k)) {
        mp_obj *c = deep(k, memo);
        if (!c) {
            mp_decref(items);
            return NULL;
        }
        mp_list_append_steal(items, c);
    }
    mp_obj *y = mp_isinstance_exact(x, &mp_type_set) ? mp_set_new(items) : mp_frozenset_new(items);
    mp_decref(items);
    return y;
}

/* A fresh, empty container of x's kind for the generic deep copies. */
static mp_obj *deep_shell(mp_obj *x, bool *as_dict) {
    *as_dict = mp_dict_check(x);
    if (is_plain_instance(x))
        return new_instance(x);
    mp_obj *copier = class_attr(x, "__copy__");
    if (!copier)
        return mp_err_occurred() ? NULL
               : *as_dict        ? mp_call0((mp_obj *)mp_typeof(x))
                                 : cannot_copy(x);
    mp_obj *y = mp_call1(copier, x);
    mp_decref(copier);
    if (y) {
        mp_obj *r = mp_call_method(y, "clear", NULL, 0);
        if (!r)
            mp_setref(&y, NULL);
        mp_xdecref(r);
    }
    return y;
}

static mp_obj *deep_other(mp_obj *x, mp_obj *memo) {
    mp_obj *copier = mp_getattr_opt(x, mp_str_intern_cstr("__deepcopy__"));
    if (copier) {
        mp_obj *r = mp_call1(copier, memo);
        mp_decref(copier);
        return r;
    }
    if (mp_err_occurred())
        return NULL;
    bool as_dict;
    mp_obj *y = deep_shell(x, &as_dict);
    if (!y || memo_put(memo, x, y) < 0)
        goto fail;
    if (as_dict) {
        if (fill_dict(y, x, deep, memo) < 0)
            goto fail;
    } else if (is_plain_instance(x)) {
        if (fill_instance(y, x, deep, memo) < 0)
            goto fail;
    } else {
        /* A sequence container with __copy__, clear and extend (deque). */
        mp_obj *items = mp_list_from_iter(x), *copied = items ? deep(items, memo) : NULL;
        mp_obj *r = copied ? mp_call_method(y, "extend", &copied, 1) : NULL;
        mp_xdecref(items);
        mp_xdecref(copied);
        if (!r)
            goto fail;
        mp_decref(r);
    }
    return y;
fail:
    mp_xdecref(y);
    return NULL;
}

static mp_obj *deep(mp_obj *x, mp_obj *memo) {
    if (is_atomic(x))
        return mp_newref(x);
    mp_obj *id = id_of(x);
    mp_obj *found = mp_dict_get(memo, id);
    mp_decref(id);
    if (found)
        return mp_newref(found);
    if (mp_err_occurred())
        return NULL;
    mp_obj *y;
    mp_type *t = mp_typeof(x);
    if (t == &mp_type_list)
        y = deep_list(x, memo);
    else if (t == &mp_type_tuple)
        y = deep_tuple(x, memo);
    else if (t == &mp_type_dict) {
        y = mp_dict_new();
        if (memo_put(memo, x, y) < 0 || fill_dict(y, x, deep, memo) < 0)
            mp_setref(&y, NULL);
    } else if (t == &mp_type_set || t == &mp_type_frozenset)
        y = deep_set(x, memo);
    else
        y = deep_other(x, memo);
    if (y && y != x && (memo_put(memo, x, y) < 0 || keep_alive(memo, x) < 0))
        mp_setref(&y, NULL);
    return y;
}

static mp_obj *copy_deepcopy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"x", "memo", "_nil"};
    mp_obj *a[3];
    if (mp_arg_parse("deepcopy", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    mp_obj *memo = a[1] && a[1] != mp_None ? mp_newref(a[1]) : mp_dict_new();
    mp_obj *r = deep(a[0], memo);
    mp_decref(memo);
    return r;
}

static const mp_method_def copy_functions[] = {
    {"copy", copy_copy, 0, "Shallow copy operation on arbitrary Python objects."},
    {"deepcopy", copy_deepcopy, 0, "Deep copy operation on arbitrary Python objects."},
    {NULL},
};

mp_obj *mp_copy_module_create(void) {
    mp_obj *m = mp_module_new("copy");
    if (!m)
        return NULL;
    if (mp_module_add_functions(m, copy_functions) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
