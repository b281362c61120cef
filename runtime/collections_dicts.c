/*
 * collections_dicts.c — the dict subclasses of the collections module,
 * written in C on top of runtime/obj_dict.c (mp_type_dict is their base,
 * so the table, views and methods are dict's own):
 *   defaultdict  — __missing__ calls default_factory and stores the value;
 *   Counter      — a multiset after Lib/collections/__init__.py (missing
 *                  counts are 0, most_common, elements, arithmetic);
 *   OrderedDict  — dict is ordered already; adds move_to_end, popitem(last=),
 *                  order-sensitive equality and its own repr.
 */
#include "runtime/mod_tools.h"

#include "runtime/containers.h"
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

static mp_type defaultdict_type, counter_type, odict_type;

/* A new, empty instance of the dict subclass `type`. */
static mp_obj *subdict_new(mp_type *type) { return mp_type_dict.new_(type, NULL, 0, NULL); }

static bool is_type(mp_obj *o, mp_type *t) { return mp_typeof(o) == t; }

/* "%U(...)" with type(o).__name__ ("Counter", not "collections.Counter"). */
static mp_obj *named_repr(mp_obj *o, const char *fmt, mp_obj *a, mp_obj *b) {
    mp_obj *name = mp_type_get_name(mp_typeof(o));
    mp_obj *r = mp_str_format_c(fmt, name, a, b);
    mp_decref(name);
    return r;
}

/* ---- defaultdict -------------------------------------------------------------- */

typedef struct defaultdict_obj {
    mp_dict dict;
    mp_obj *factory; /* NULL: None */
} defaultdict_obj;

#define DD(o) ((defaultdict_obj *)(o))

static int dd_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *f = nargs ? args[0] : mp_None;
    if (f != mp_None && !mp_callable(f)) {
        mp_err_format(&mp_type_TypeError, "first argument must be callable or None");
        return -1;
    }
    mp_setref(&DD(self)->factory, f == mp_None ? NULL : mp_newref(f));
    return mp_type_dict.init(self, args + (nargs ? 1 : 0), nargs ? nargs - 1 : 0, kwnames);
}

static void dd_dealloc(mp_obj *self) {
    mp_xdecref(DD(self)->factory);
    mp_type_dict.dealloc(self);
}

static mp_obj *dd_missing(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("__missing__", kwnames) < 0 || mp_arg_count("__missing__", nargs, 1, 1) < 0)
        return NULL;
    mp_obj *f = DD(self)->factory;
    if (!f) {
        mp_err_set(&mp_type_KeyError, args[0]);
        return NULL;
    }
    mp_obj *v = mp_call0(f);
    if (v && mp_setitem(self, args[0], v) < 0)
        mp_setref(&v, NULL);
    return v;
}

static mp_obj *dd_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *d = subdict_new(mp_typeof(self));
    DD(d)->factory = DD(self)->factory ? mp_newref(DD(self)->factory) : NULL;
    if (mp_dict_update(d, self) < 0)
        mp_setref(&d, NULL);
    return d;
}

static mp_obj *dd_repr(mp_obj *self) {
    mp_obj *f = DD(self)->factory ? DD(self)->factory : mp_None;
    mp_obj *inner = mp_type_dict.repr(self);
    if (!inner)
        return NULL;
    mp_obj *r = named_repr(self, "%U(%R, %U)", f, inner);
    mp_decref(inner);
    return r;
}

static mp_obj *dd_get_factory(mp_obj *self) {
    return mp_newref(DD(self)->factory ? DD(self)->factory : mp_None);
}

static int dd_set_factory(mp_obj *self, mp_obj *value) {
    mp_setref(&DD(self)->factory, value && value != mp_None ? mp_newref(value) : NULL);
    return 0;
}

static const mp_method_def dd_methods[] = {
    {"__missing__", dd_missing, 0, "__missing__(key) # Called by __getitem__ for missing key."},
    {"copy", dd_copy, 0, "D.copy() -> a shallow copy of D."},
    {"__copy__", dd_copy, 0, "D.copy() -> a shallow copy of D."},
    {NULL},
};

static const mp_getset_def dd_getset[] = {
    {"default_factory", dd_get_factory, dd_set_factory},
    {NULL},
};

static mp_type defaultdict_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "collections.defaultdict",
    .basicsize = sizeof(defaultdict_obj),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_DICT_SUBCLASS,
    .base = &mp_type_dict,
    .dealloc = dd_dealloc,
    .repr = dd_repr,
    .init = dd_init,
    .methods = dd_methods,
    .getset = dd_getset,
};

/* ---- Counter --------------------------------------------------------------------- */

/* self.get(key, 0): new reference. */
static mp_obj *count_of(mp_obj *d, mp_obj *key) {
    mp_obj *v = mp_dict_get(d, key);
    if (v)
        return mp_newref(v);
    return mp_err_occurred() ? NULL : mp_small(0);
}

/* d[key] = d.get(key, 0) + delta (delta an int object, or sign*count). */
static int add_count(mp_obj *d, mp_obj *key, mp_obj *delta, bool subtract) {
    mp_obj *old = count_of(d, key);
    if (!old)
        return -1;
    mp_obj *n = mp_binop(old, delta, subtract ? MP_OP_SUB : MP_OP_ADD);
    mp_decref(old);
    if (!n)
        return -1;
    int r = mp_setitem(d, key, n);
    mp_decref(n);
    return r;
}

/* Counter.update / subtract from one positional argument. */
static int counter_merge(mp_obj *self, mp_obj *src, bool subtract) {
    if (mp_dict_check(src)) {
        if (!subtract && mp_dict_size(self) == 0)
            return mp_dict_update(self, src);
        mp_obj *items = mp_call_method(src, "items", NULL, 0);
        mp_obj *it = items ? mp_iter(items) : NULL, *kv;
        mp_xdecref(items);
        if (!it)
            return -1;
        while ((kv = mp_iternext(it))) {
            int r = add_count(self, mp_tuple_items(kv)[0], mp_tuple_items(kv)[1], subtract);
            mp_decref(kv);
            if (r < 0)
                break;
        }
        mp_decref(it);
        return mp_err_occurred() ? -1 : 0;
    }
    mp_obj *it = mp_iter(src), *key;
    if (!it)
        return -1;
    while ((key = mp_iternext(it))) {
        int r = add_count(self, key, mp_small(1), subtract);
        mp_decref(key);
        if (r < 0)
            break;
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

static int counter_update_args(mp_obj *self, const char *fname, mp_obj *const *args, size_t nargs,
                               mp_obj *kwnames, bool subtract) {
    if (nargs > 1) {
        mp_err_format(&mp_type_TypeError,
                      "%s() takes from 1 to 2 positional arguments but %zu were given", fname,
                      nargs + 1);
        return -1;
    }
    if (nargs && args[0] != mp_None && counter_merge(self, args[0], subtract) < 0)
        return -1;
    size_t nk = kwnames ? mp_tuple_size(kwnames) : 0;
    if (nk) {
        mp_obj *kw = mp_dict_new();
        for (size_t i = 0; i < nk; i++)
            mp_dict_set(kw, mp_tuple_items(kwnames)[i], args[nargs + i]);
        int r = counter_merge(self, kw, subtract);
        mp_decref(kw);
        return r;
    }
    return 0;
}

static int counter_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return counter_update_args(self, "Counter.__init__", args, nargs, kwnames, false);
}

static mp_obj *counter_update(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return counter_update_args(self, "Counter.update", args, nargs, kwnames, false) < 0 ? NULL
                                                                                        : mp_None;
}

static mp_obj *counter_subtract(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return counter_update_args(self, "Counter.subtract", args, nargs, kwnames, true) < 0 ? NULL
                                                                                         : mp_None;
}

static mp_obj *counter_missing(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("__missing__", kwnames) < 0 || mp_arg_count("__missing__", nargs, 1, 1) < 0)
        return NULL;
    return mp_small(0);
}

static mp_obj *item_count(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return mp_newref(mp_tuple_items(args[0])[1]);
}

static const mp_method_def item_count_def = {"_count", item_count, 0, NULL};

/* Items sorted by count, largest first, ties in insertion order. */
static mp_obj *sorted_items(mp_obj *self) {
    mp_obj *l = mp_list_new(mp_dict_size(self)), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(self, &pos, &k, &v))
        mp_list_append_steal(l, mp_tuple_pack(2, k, v));
    mp_obj *key = mp_cfunction_new(&item_count_def, NULL);
    int r = mp_list_sort(l, key, true);
    mp_decref(key);
    if (r < 0)
        mp_setref(&l, NULL);
    return l;
}

static mp_obj *counter_most_common(mp_obj *self, mp_obj *const *args, size_t nargs,
                                   mp_obj *kwnames) {
    static const char *const names[] = {"n"};
    mp_obj *n;
    if (mp_arg_parse("most_common", args, nargs, kwnames, names, 1, 0, &n) < 0)
        return NULL;
    mp_obj *l = sorted_items(self);
    if (!l || !n || n == mp_None)
        return l;
    mp_ssize_t limit = mp_index_ssize(n);
    if (limit == -1 && mp_err_occurred()) {
        mp_decref(l);
        return NULL;
    }
    size_t keep = limit < 0 ? 0 : (size_t)limit;
    if (keep >= mp_list_size(l))
        return l;
    mp_obj *r = mp_list_from_array(mp_list_items(l), keep);
    mp_decref(l);
    return r;
}

static mp_obj *counter_elements(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("elements", kwnames) < 0 || mp_arg_count("elements", nargs, 0, 0) < 0)
        return NULL;
    mp_obj *l = mp_list_new(0), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(self, &pos, &k, &v)) {
        mp_ssize_t n = mp_index_ssize(v);
        if (n == -1 && mp_err_occurred()) {
            mp_decref(l);
            return NULL;
        }
        for (mp_ssize_t i = 0; i < n; i++)
            mp_list_append(l, k);
    }
    mp_obj *it = mp_iter(l);
    mp_decref(l);
    return it;
}

static mp_obj *counter_total(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("total", kwnames) < 0 || mp_arg_count("total", nargs, 0, 0) < 0)
        return NULL;
    mp_obj *sum = mp_small(0), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(self, &pos, &k, &v)) {
        mp_obj *s = mp_binop(sum, v, MP_OP_ADD);
        mp_decref(sum);
        if (!(sum = s))
            return NULL;
    }
    return sum;
}

static mp_obj *counter_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *d = subdict_new(mp_typeof(self));
    if (mp_dict_update(d, self) < 0)
        mp_setref(&d, NULL);
    return d;
}

static mp_obj *counter_repr(mp_obj *self) {
    if (mp_dict_size(self) == 0)
        return named_repr(self, "%U()", NULL, NULL);
    mp_obj *items = sorted_items(self);
    if (!items) {
        if (!mp_err_matches(&mp_type_TypeError))
            return NULL;
        mp_err_clear();
        items = mp_list_new(0);
        mp_obj *k, *v;
        size_t pos = 0;
        while (mp_dict_next(self, &pos, &k, &v))
            mp_list_append_steal(items, mp_tuple_pack(2, k, v));
    }
    mp_obj *d = mp_dict_new();
    for (size_t i = 0; i < mp_list_size(items); i++) {
        mp_obj *kv = mp_list_items(items)[i];
        mp_dict_set(d, mp_tuple_items(kv)[0], mp_tuple_items(kv)[1]);
    }
    mp_decref(items);
    mp_obj *r = named_repr(self, "%U(%R)", d, NULL);
    mp_decref(d);
    return r;
}

/* Adds key: count to `result` when count > 0 (or, negate: when < 0, as -count). */
static int keep_if(mp_obj *result, mp_obj *key, mp_obj *count, int sign) {
    int pos = mp_richcompare_bool(count, mp_small(0), sign > 0 ? MP_GT : MP_LT);
    if (pos <= 0)
        return pos;
    if (sign > 0)
        return mp_setitem(result, key, count);
    mp_obj *neg = mp_binop(mp_small(0), count, MP_OP_SUB);
    int r = neg ? mp_setitem(result, key, neg) : -1;
    mp_xdecref(neg);
    return r;
}

/* The binary operators of Counter (Lib/collections/__init__.py). */
static mp_obj *counter_combine(mp_obj *a, mp_obj *b, mp_binop_t op) {
    mp_obj *result = subdict_new(&counter_type), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(a, &pos, &k, &v)) {
        mp_obj *other = count_of(b, k), *nc = NULL;
        if (!other)
            goto fail;
        if (op == MP_OP_ADD || op == MP_OP_SUB) {
            nc = mp_binop(v, other, op == MP_OP_ADD ? MP_OP_ADD : MP_OP_SUB);
        } else {
            int lt = mp_richcompare_bool(v, other, MP_LT);
            nc = lt < 0 ? NULL : mp_newref((lt != 0) == (op == MP_OP_AND) ? v : other);
        }
        mp_decref(other);
        int r = nc ? keep_if(result, k, nc, 1) : -1;
        mp_xdecref(nc);
        if (r < 0)
            goto fail;
    }
    if (op != MP_OP_AND) {
        pos = 0;
        while (mp_dict_next(b, &pos, &k, &v)) {
            int in = mp_dict_contains(a, k);
            if (in < 0 || (!in && keep_if(result, k, v, op == MP_OP_SUB ? -1 : 1) < 0))
                goto fail;
        }
    }
    return result;
fail:
    mp_decref(result);
    return NULL;
}

static mp_obj *counter_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if ((op == MP_OP_ADD || op == MP_OP_SUB || op == MP_OP_AND || op == MP_OP_OR) &&
        is_type(a, &counter_type) && is_type(b, &counter_type))
        return counter_combine(a, b, op);
    return mp_newref(mp_NotImplemented);
}

/* c += d and friends update c in place; the result is what c + d gives. */
static mp_obj *counter_inplace(mp_obj *a, mp_obj *b, mp_binop_t op) {
    mp_obj *r = counter_binop(a, b, op);
    if (!r || r == mp_NotImplemented)
        return r;
    mp_dict_clear(a);
    int rc = mp_dict_update(a, r);
    mp_decref(r);
    return rc < 0 ? NULL : mp_newref(a);
}

static mp_obj *counter_fromkeys(mp_obj *cls, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_err_format(&mp_type_NotImplementedError,
                  "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.");
    return NULL;
}

static mp_obj *counter_unary(mp_obj *a, mp_unop_t op) {
    if (op != MP_UOP_POS && op != MP_UOP_NEG)
        return mp_newref(mp_NotImplemented);
    mp_obj *result = subdict_new(&counter_type), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(a, &pos, &k, &v))
        if (keep_if(result, k, v, op == MP_UOP_POS ? 1 : -1) < 0) {
            mp_decref(result);
            return NULL;
        }
    return result;
}

/* Counters are equal when every key has the same count (missing = 0). */
static mp_obj *counter_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!is_type(a, &counter_type) || !is_type(b, &counter_type) || (op != MP_EQ && op != MP_NE))
        return mp_type_dict.richcompare(a, b, op);
    mp_obj *pair[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        mp_obj *k, *v;
        size_t pos = 0;
        while (mp_dict_next(pair[s], &pos, &k, &v)) {
            mp_obj *o = count_of(pair[1 - s], k);
            int eq = o ? mp_richcompare_bool(v, o, MP_EQ) : -1;
            mp_xdecref(o);
            if (eq < 0)
                return NULL;
            if (!eq)
                return mp_bool_from(op == MP_NE);
        }
    }
    return mp_bool_from(op == MP_EQ);
}

static int counter_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    if (value)
        return mp_dict_set(self, key, value);
    return mp_dict_del(self, key) < 0 ? -1 : 0; /* a missing key is fine */
}

static const mp_method_def counter_methods[] = {
    {"__missing__", counter_missing, 0, "The count of elements not in the Counter is zero."},
    {"most_common", counter_most_common, 0,
     "List the n most common elements and their counts from the most common to the least."},
    {"elements", counter_elements, 0,
     "Iterator over elements repeating each as many times as its count."},
    {"update", counter_update, 0, "Like dict.update() but add counts instead of replacing them."},
    {"subtract", counter_subtract, 0,
     "Like dict.update() but subtracts counts instead of replacing them."},
    {"total", counter_total, 0, "Sum of the counts"},
    {"copy", counter_copy, 0, "Return a shallow copy."},
    {"fromkeys", counter_fromkeys, MP_METH_CLASS, "Not supported for Counter."},
    {NULL},
};

static mp_type counter_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "collections.Counter",
    .basicsize = sizeof(mp_dict),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_DICT_SUBCLASS,
    .base = &mp_type_dict,
    .repr = counter_repr,
    .richcompare = counter_richcompare,
    .binop = counter_binop,
    .inplace = counter_inplace,
    .unary = counter_unary,
    .init = counter_init,
    .setitem = counter_setitem,
    .methods = counter_methods,
};

/* ---- OrderedDict --------------------------------------------------------------------- */

static mp_obj *od_move_to_end(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"key", "last"};
    mp_obj *a[2];
    if (mp_arg_parse("move_to_end", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    int last = a[1] ? mp_truthy(a[1]) : 1;
    if (last < 0)
        return NULL;
    mp_obj *key = mp_newref(a[0]);
    mp_obj *v = mp_dict_pop(self, key, NULL);
    if (!v) {
        mp_decref(key);
        return NULL;
    }
    int r;
    if (last) {
        r = mp_dict_set(self, key, v);
    } else {
        /* Rebuild with the key first: dicts only append. */
        mp_obj *rest = mp_dict_copy(self);
        mp_dict_clear(self);
        r = mp_dict_set(self, key, v);
        if (r == 0)
            r = mp_dict_update(self, rest);
        mp_decref(rest);
    }
    mp_decref(key);
    mp_decref(v);
    return r < 0 ? NULL : mp_None;
}

static mp_obj *od_popitem(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"last"};
    mp_obj *lastobj;
    if (mp_arg_parse("popitem", args, nargs, kwnames, names, 1, 0, &lastobj) < 0)
        return NULL;
    int last = lastobj ? mp_truthy(lastobj) : 1;
    if (last < 0)
        return NULL;
    if (mp_dict_size(self) == 0) {
        mp_err_format(&mp_type_KeyError, "dictionary is empty");
        return NULL;
    }
    mp_obj *k = NULL, *v, *key = NULL;
    size_t pos = 0;
    while (mp_dict_next(self, &pos, &k, &v)) {
        key = k;
        if (!last)
            break;
    }
    key = mp_newref(key);
    mp_obj *val = mp_dict_pop(self, key, NULL);
    mp_obj *r = val ? mp_tuple_pack(2, key, val) : NULL;
    mp_decref(key);
    mp_xdecref(val);
    return r;
}

static mp_obj *od_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *d = subdict_new(mp_typeof(self));
    if (mp_dict_update(d, self) < 0)
        mp_setref(&d, NULL);
    return d;
}

static mp_obj *od_repr(mp_obj *self) {
    if (mp_dict_size(self) == 0)
        return named_repr(self, "%U()", NULL, NULL);
    mp_repr_guard g;
    if (mp_repr_enter(&g, self))
        return mp_str_from_cstr("...");
    mp_obj *l = mp_list_new(mp_dict_size(self)), *k, *v;
    size_t pos = 0;
    while (mp_dict_next(self, &pos, &k, &v))
        mp_list_append_steal(l, mp_tuple_pack(2, k, v));
    mp_obj *r = named_repr(self, "%U(%R)", l, NULL);
    mp_decref(l);
    mp_repr_leave(&g);
    return r;
}

static mp_obj *od_richcompare(mp_obj *a, mp_obj *b, int op) {
    mp_obj *r = mp_type_dict.richcompare(a, b, op);
    if (!r || r == mp_NotImplemented || !is_type(a, &odict_type) || !is_type(b, &odict_type) ||
        r != mp_bool_from(op == MP_EQ))
        return r;
    /* Equal as dicts; OrderedDicts must also agree on the order. */
    mp_obj *ka = mp_dict_keys_list(a), *kb = mp_dict_keys_list(b);
    mp_obj *same = mp_richcompare(ka, kb, op);
    mp_decref(ka);
    mp_decref(kb);
    mp_decref(r);
    return same;
}

static const mp_method_def od_methods[] = {
    {"move_to_end", od_move_to_end, 0,
     "Move an existing element to the end (or beginning if "
     "last is false)."},
    {"popitem", od_popitem, 0, "Remove and return a (key, value) pair from the dictionary."},
    {"copy", od_copy, 0, "od.copy() -> a shallow copy of od"},
    {NULL},
};

static mp_type odict_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "collections.OrderedDict",
    .basicsize = sizeof(mp_dict),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_DICT_SUBCLASS,
    .base = &mp_type_dict,
    .repr = od_repr,
    .richcompare = od_richcompare,
    .methods = od_methods,
};

int mp_collections_add_dict_types(mp_obj *module) {
    static mp_type *const types[] = {&defaultdict_type, &counter_type, &odict_type};
    static const char *const names[] = {"defaultdict", "Counter", "OrderedDict"};
    for (size_t i = 0; i < 3; i++) {
        types[i]->new_ = mp_type_dict.new_;
        if (mp_type_ready(types[i]) < 0 ||
            mp_module_add_obj(module, names[i], (mp_obj *)types[i]) < 0)
            return -1;
    }
    return 0;
}
