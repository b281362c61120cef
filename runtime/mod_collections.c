/*
 * mod_collections.c — the collections module: deque (here) and the dict
 * subclasses defaultdict, Counter and OrderedDict (collections_dicts.c).
 *
 * deque is a ring buffer whose capacity is a power of two, so both ends
 * are O(1) and indexing is a mask away.  `state` counts mutations: an
 * iterator that sees it change raises "deque mutated during iteration",
 * as CPython's block-linked deque does.  Messages follow CPython 3.11's
 * Modules/_collectionsmodule.c.
 */
#include "runtime/mod_tools.h"

#include "runtime/containers.h"
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

typedef struct deque_obj {
    mp_obj head;
    mp_obj **items;
    size_t cap;   /* power of two, or 0 before the first store */
    size_t first; /* ring index of item 0 */
    size_t size;
    mp_ssize_t maxlen; /* -1: unbounded */
    size_t state;
} deque_obj;

static mp_type deque_type, deque_iter_type;

#define DQ(o) ((deque_obj *)(o))

static mp_obj **slot(deque_obj *d, size_t i) { return &d->items[(d->first + i) & (d->cap - 1)]; }

static void grow(deque_obj *d) {
    size_t ncap = d->cap ? d->cap * 2 : 8;
    mp_obj **items = mp_mem_alloc(ncap * sizeof(mp_obj *));
    for (size_t i = 0; i < d->size; i++)
        items[i] = *slot(d, i);
    if (d->items)
        mp_mem_free(d->items);
    d->items = items;
    d->cap = ncap;
    d->first = 0;
}

static mp_obj *pop_right(deque_obj *d) {
    mp_obj *v = *slot(d, d->size - 1);
    d->size--;
    d->state++;
    return v;
}

static mp_obj *pop_left(deque_obj *d) {
    mp_obj *v = *slot(d, 0);
    d->first = (d->first + 1) & (d->cap - 1);
    d->size--;
    d->state++;
    return v;
}

/* Appends (steals v); a full bounded deque drops its other end. */
static void push_right(deque_obj *d, mp_obj *v) {
    if (d->maxlen == 0) {
        mp_decref(v);
        return;
    }
    if (d->size == d->cap)
        grow(d);
    *slot(d, d->size++) = v;
    d->state++;
    if (d->maxlen >= 0 && d->size > (size_t)d->maxlen)
        mp_decref(pop_left(d));
}

static void push_left(deque_obj *d, mp_obj *v) {
    if (d->maxlen == 0) {
        mp_decref(v);
        return;
    }
    if (d->size == d->cap)
        grow(d);
    d->first = (d->first - 1) & (d->cap - 1);
    d->items[d->first] = v;
    d->size++;
    d->state++;
    if (d->maxlen >= 0 && d->size > (size_t)d->maxlen)
        mp_decref(pop_right(d));
}

static void deque_clear_items(deque_obj *d) {
    while (d->size)
        mp_decref(pop_right(d));
}

/* Appends every item of `iterable` at the right (or left). */
static int extend(deque_obj *d, mp_obj *iterable, bool left) {
    mp_obj *src = iterable == (mp_obj *)d ? mp_list_from_iter(iterable) : mp_newref(iterable);
    if (!src)
        return -1;
    mp_obj *it = mp_iter(src), *v;
    mp_decref(src);
    if (!it)
        return -1;
    while ((v = mp_iternext(it)))
        left ? push_left(d, v) : push_right(d, v);
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

static deque_obj *deque_alloc(mp_type *type, mp_ssize_t maxlen) {
    deque_obj *d = (deque_obj *)mp_instance_alloc(type);
    d->maxlen = maxlen;
    return d;
}

static mp_obj *deque_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return (mp_obj *)deque_alloc(type, -1);
}

static int deque_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"iterable", "maxlen"};
    mp_obj *a[2];
    if (mp_arg_parse("deque", args, nargs, kwnames, names, 2, 0, a) < 0)
        return -1;
    mp_ssize_t maxlen = -1;
    if (a[1] && a[1] != mp_None) {
        if (!mp_has_tflag(a[1], MP_TFLAG_INT_SUBCLASS)) {
            mp_err_format(&mp_type_TypeError, "an integer is required");
            return -1;
        }
        maxlen = mp_index_ssize(a[1]);
        if (maxlen == -1 && mp_err_occurred())
            return -1;
        if (maxlen < 0) {
            mp_err_format(&mp_type_ValueError, "maxlen must be non-negative");
            return -1;
        }
    }
    deque_obj *d = DQ(self);
    d->maxlen = maxlen;
    if (d->size)
        deque_clear_items(d);
    return a[0] ? extend(d, a[0], false) : 0;
}

static void deque_dealloc(mp_obj *self) {
    deque_obj *d = DQ(self);
    deque_clear_items(d);
    if (d->items)
        mp_mem_free(d->items);
    mp_instance_free(self);
}

static mp_obj *deque_copy_of(deque_obj *d) {
    deque_obj *c = deque_alloc(mp_typeof((mp_obj *)d), d->maxlen);
    for (size_t i = 0; i < d->size; i++)
        push_right(c, mp_newref(*slot(d, i)));
    return (mp_obj *)c;
}

/* ---- methods -------------------------------------------------------------------- */

#define DQ_METHOD(fn, fname, lo, hi)                                                               \
    static mp_obj *fn##_impl(deque_obj *d, mp_obj *const *args, size_t nargs);                     \
    static mp_obj *fn(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {          \
        if (mp_arg_no_kw(fname, kwnames) < 0 || mp_arg_count(fname, nargs, lo, hi) < 0)            \
            return NULL;                                                                           \
        return fn##_impl(DQ(self), args, nargs);                                                   \
    }                                                                                              \
    static mp_obj *fn##_impl(deque_obj *d, mp_obj *const *args, size_t nargs)

DQ_METHOD(dq_append, "append", 1, 1) {
    push_right(d, mp_newref(args[0]));
    return mp_None;
}

DQ_METHOD(dq_appendleft, "appendleft", 1, 1) {
    push_left(d, mp_newref(args[0]));
    return mp_None;
}

DQ_METHOD(dq_pop, "pop", 0, 0) {
    if (!d->size) {
        mp_err_format(&mp_type_IndexError, "pop from an empty deque");
        return NULL;
    }
    return pop_right(d);
}

DQ_METHOD(dq_popleft, "popleft", 0, 0) {
    if (!d->size) {
        mp_err_format(&mp_type_IndexError, "pop from an empty deque");
        return NULL;
    }
    return pop_left(d);
}

DQ_METHOD(dq_extend, "extend", 1, 1) { return extend(d, args[0], false) < 0 ? NULL : mp_None; }

DQ_METHOD(dq_extendleft, "extendleft", 1, 1) {
    return extend(d, args[0], true) < 0 ? NULL : mp_None;
}

DQ_METHOD(dq_clear, "clear", 0, 0) {
    deque_clear_items(d);
    return mp_None;
}

DQ_METHOD(dq_copy, "copy", 0, 0) { return deque_copy_of(d); }

DQ_METHOD(dq_rotate, "rotate", 0, 1) {
    mp_ssize_t n = 1;
    if (nargs && (n = mp_index_ssize(args[0])) == -1 && mp_err_occurred())
        return NULL;
    if (d->size <= 1)
        return mp_None;
    mp_ssize_t len = (mp_ssize_t)d->size;
    n %= len;
    if (n < 0)
        n += len;
    /* Right by n is left by len - n: move whichever side is shorter. */
    if (n <= len / 2) {
        for (mp_ssize_t i = 0; i < n; i++)
            push_left(d, pop_right(d));
    } else {
        for (mp_ssize_t i = 0; i < len - n; i++)
            push_right(d, pop_left(d));
    }
    return mp_None;
}

DQ_METHOD(dq_reverse, "reverse", 0, 0) {
    for (size_t i = 0, j = d->size; i + 1 < j; i++, j--) {
        mp_obj *t = *slot(d, i);
        *slot(d, i) = *slot(d, j - 1);
        *slot(d, j - 1) = t;
    }
    d->state++;
    return mp_None;
}

/* Index of the first item equal to v in [start, stop), -1 if none, -2 on
 * error (including a mutation by __eq__). */
static mp_ssize_t find(deque_obj *d, mp_obj *v, size_t start, size_t stop) {
    size_t state = d->state;
    for (size_t i = start; i < stop && i < d->size; i++) {
        mp_obj *item = mp_newref(*slot(d, i));
        int eq = mp_eq(item, v);
        mp_decref(item);
        if (eq < 0)
            return -2;
        if (d->state != state) {
            mp_err_format(&mp_type_RuntimeError, "deque mutated during iteration");
            return -2;
        }
        if (eq)
            return (mp_ssize_t)i;
    }
    return -1;
}

DQ_METHOD(dq_count, "count", 1, 1) {
    size_t n = 0, state = d->state;
    for (size_t i = 0; i < d->size; i++) {
        mp_obj *item = mp_newref(*slot(d, i));
        int eq = mp_eq(item, args[0]);
        mp_decref(item);
        if (eq < 0)
            return NULL;
        if (d->state != state) {
            mp_err_format(&mp_type_RuntimeError, "deque mutated during iteration");
            return NULL;
        }
        n += (size_t)eq;
    }
    return mp_int_from_i64((int64_t)n);
}

/* Clamps a start/stop argument like list.index does. */
static bool clamp_index(mp_obj *o, size_t len, size_t *out) {
    mp_ssize_t v = mp_index_ssize(o);
    if (v == -1 && mp_err_occurred()) {
        if (mp_err_matches(&mp_type_TypeError)) {
            mp_err_clear();
            mp_err_format(&mp_type_TypeError,
                          "slice indices must be integers or have an __index__ method");
        }
        return false;
    }
    if (v < 0 && (v += (mp_ssize_t)len) < 0)
        v = 0;
    *out = (size_t)v > len ? len : (size_t)v;
    return true;
}

DQ_METHOD(dq_index, "index", 1, 3) {
    size_t start = 0, stop = d->size;
    if ((nargs > 1 && !clamp_index(args[1], d->size, &start)) ||
        (nargs > 2 && !clamp_index(args[2], d->size, &stop)))
        return NULL;
    mp_ssize_t i = find(d, args[0], start, stop);
    if (i == -2)
        return NULL;
    if (i == -1) {
        mp_err_format(&mp_type_ValueError, "%R is not in deque", args[0]);
        return NULL;
    }
    return mp_int_from_i64(i);
}

/* Removes the item at index i (which must exist). */
static void del_at(deque_obj *d, size_t i) {
    mp_obj *v = *slot(d, i);
    for (; i + 1 < d->size; i++)
        *slot(d, i) = *slot(d, i + 1);
    d->size--;
    d->state++;
    mp_decref(v);
}

DQ_METHOD(dq_remove, "remove", 1, 1) {
    mp_ssize_t i = find(d, args[0], 0, d->size);
    if (i == -2)
        return NULL;
    if (i == -1) {
        mp_err_format(&mp_type_ValueError, "%R is not in deque", args[0]);
        return NULL;
    }
    del_at(d, (size_t)i);
    return mp_None;
}

DQ_METHOD(dq_insert, "insert", 2, 2) {
    mp_ssize_t i = mp_index_ssize(args[0]);
    if (i == -1 && mp_err_occurred())
        return NULL;
    if (d->maxlen >= 0 && d->size >= (size_t)d->maxlen) {
        mp_err_format(&mp_type_IndexError, "deque already at its maximum size");
        return NULL;
    }
    mp_ssize_t n = (mp_ssize_t)d->size;
    if (i < 0 && (i += n) < 0)
        i = 0;
    if (i > n)
        i = n;
    push_right(d, mp_newref(args[1]));
    for (mp_ssize_t j = n; j > i; j--) {
        mp_obj *t = *slot(d, (size_t)j);
        *slot(d, (size_t)j) = *slot(d, (size_t)j - 1);
        *slot(d, (size_t)j - 1) = t;
    }
    return mp_None;
}

static mp_obj *deque_iter_make(deque_obj *d, bool reversed);

DQ_METHOD(dq_reversed, "__reversed__", 0, 0) { return deque_iter_make(d, true); }

static mp_obj *dq_get_maxlen(mp_obj *self) {
    mp_ssize_t m = DQ(self)->maxlen;
    return m < 0 ? mp_None : mp_int_from_i64(m);
}

static const mp_method_def deque_methods[] = {
    {"append", dq_append, 0, "Add an element to the right side of the deque."},
    {"appendleft", dq_appendleft, 0, "Add an element to the left side of the deque."},
    {"pop", dq_pop, 0, "Remove and return the rightmost element."},
    {"popleft", dq_popleft, 0, "Remove and return the leftmost element."},
    {"extend", dq_extend, 0, "Extend the right side of the deque with elements from the iterable"},
    {"extendleft", dq_extendleft, 0,
     "Extend the left side of the deque with elements from the iterable"},
    {"clear", dq_clear, 0, "Remove all elements from the deque."},
    {"copy", dq_copy, 0, "Return a shallow copy of a deque."},
    {"__copy__", dq_copy, 0, "Return a shallow copy of a deque."},
    {"rotate", dq_rotate, 0, "Rotate the deque n steps to the right (default n=1)."},
    {"reverse", dq_reverse, 0, "D.reverse() -- reverse *IN PLACE*"},
    {"count", dq_count, 0, "D.count(value) -- return number of occurrences of value"},
    {"index", dq_index, 0, "Return first index of value."},
    {"remove", dq_remove, 0, "D.remove(value) -- remove first occurrence of value."},
    {"insert", dq_insert, 0, "D.insert(index, object) -- insert object before index"},
    {"__reversed__", dq_reversed, 0,
     "D.__reversed__() -- return a reverse iterator over the deque"},
    {NULL},
};

static const mp_getset_def deque_getset[] = {{"maxlen", dq_get_maxlen, NULL}, {NULL}};

/* ---- protocols ----------------------------------------------------------------------- */

static mp_ssize_t deque_len(mp_obj *self) { return (mp_ssize_t)DQ(self)->size; }

/* The index `key` as a position in d, or -1 with IndexError/TypeError. */
static mp_ssize_t item_index(deque_obj *d, mp_obj *key) {
    if (!mp_has_tflag(key, MP_TFLAG_INT_SUBCLASS) &&
        !mp_type_lookup(mp_typeof(key), MP_NAME(index))) {
        mp_err_format(&mp_type_TypeError, "sequence index must be integer, not '%s'",
                      mp_type_name(key));
        return -1;
    }
    mp_ssize_t i = mp_index_ssize(key);
    if (i == -1 && mp_err_occurred())
        return -1;
    if (i < 0)
        i += (mp_ssize_t)d->size;
    if (i < 0 || i >= (mp_ssize_t)d->size) {
        mp_err_format(&mp_type_IndexError, "deque index out of range");
        return -1;
    }
    return i;
}

static mp_obj *deque_getitem(mp_obj *self, mp_obj *key) {
    mp_ssize_t i = item_index(DQ(self), key);
    return i < 0 ? NULL : mp_newref(*slot(DQ(self), (size_t)i));
}

static int deque_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    deque_obj *d = DQ(self);
    mp_ssize_t i = item_index(d, key);
    if (i < 0)
        return -1;
    if (!value) {
        del_at(d, (size_t)i);
        return 0;
    }
    mp_setref(slot(d, (size_t)i), mp_newref(value));
    return 0;
}

static int deque_contains(mp_obj *self, mp_obj *value) {
    mp_ssize_t i = find(DQ(self), value, 0, DQ(self)->size);
    return i == -2 ? -1 : i >= 0;
}

static mp_obj *deque_repr(mp_obj *self) {
    deque_obj *d = DQ(self);
    mp_repr_guard g;
    if (mp_repr_enter(&g, self))
        return mp_str_from_cstr("[...]");
    mp_obj *l = mp_list_new(d->size);
    for (size_t i = 0; i < d->size; i++)
        mp_list_append(l, *slot(d, i));
    mp_obj *r = d->maxlen < 0 ? mp_str_format_c("deque(%R)", l)
                              : mp_str_format_c("deque(%R, maxlen=%zd)", l, d->maxlen);
    mp_decref(l);
    mp_repr_leave(&g);
    return r;
}

static mp_obj *deque_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_isinstance_exact(a, &deque_type) || !mp_isinstance_exact(b, &deque_type))
        return mp_newref(mp_NotImplemented);
    /* Compare as lists: same lexicographic rules, and a snapshot is safe
     * against __eq__ mutating either deque. */
    mp_obj *la = mp_list_from_iter(a), *lb = la ? mp_list_from_iter(b) : NULL;
    mp_obj *r = lb ? mp_richcompare(la, lb, op) : NULL;
    mp_xdecref(la);
    mp_xdecref(lb);
    return r;
}

static mp_obj *deque_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op == MP_OP_ADD && mp_isinstance_exact(a, &deque_type)) {
        if (!mp_isinstance_exact(b, &deque_type)) {
            mp_err_format(&mp_type_TypeError, "can only concatenate deque (not \"%s\") to deque",
                          mp_type_name(b));
            return NULL;
        }
        mp_obj *r = deque_copy_of(DQ(a));
        if (extend(DQ(r), b, false) < 0) {
            mp_decref(r);
            return NULL;
        }
        return r;
    }
    if (op == MP_OP_MUL &&
        (mp_isinstance_exact(a, &deque_type) || mp_isinstance_exact(b, &deque_type))) {
        mp_obj *dq = mp_isinstance_exact(a, &deque_type) ? a : b, *n = dq == a ? b : a;
        if (!mp_has_tflag(n, MP_TFLAG_INT_SUBCLASS))
            return mp_newref(mp_NotImplemented);
        mp_ssize_t times = mp_index_ssize(n);
        if (times == -1 && mp_err_occurred())
            return NULL;
        deque_obj *src = DQ(dq), *r = deque_alloc(&deque_type, src->maxlen);
        size_t len = src->size;
        for (mp_ssize_t t = 0; t < times; t++)
            for (size_t i = 0; i < len; i++)
                push_right(r, mp_newref(*slot(src, i)));
        return (mp_obj *)r;
    }
    return mp_newref(mp_NotImplemented);
}

static mp_obj *deque_inplace(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op == MP_OP_ADD) {
        if (extend(DQ(a), b, false) < 0)
            return NULL;
        return mp_newref(a);
    }
    return mp_newref(mp_NotImplemented);
}

static mp_obj *deque_iter(mp_obj *self) { return deque_iter_make(DQ(self), false); }

static mp_type deque_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "collections.deque",
    .basicsize = sizeof(deque_obj),
    .dealloc = deque_dealloc,
    .repr = deque_repr,
    .richcompare = deque_richcompare,
    .binop = deque_binop,
    .inplace = deque_inplace,
    .new_ = deque_new,
    .init = deque_init,
    .iter = deque_iter,
    .len = deque_len,
    .getitem = deque_getitem,
    .setitem = deque_setitem,
    .contains = deque_contains,
    .methods = deque_methods,
    .getset = deque_getset,
};

/* ---- iterators ------------------------------------------------------------------------ */

typedef struct deque_iter_obj {
    mp_obj head;
    mp_obj *deque;
    size_t index, remaining, state;
    bool reversed;
} deque_iter_obj;

static mp_obj *deque_iter_make(deque_obj *d, bool reversed) {
    deque_iter_obj *it = (deque_iter_obj *)mp_instance_alloc(&deque_iter_type);
    it->deque = mp_newref((mp_obj *)d);
    it->remaining = d->size;
    it->index = reversed ? d->size - 1 : 0;
    it->state = d->state;
    it->reversed = reversed;
    return (mp_obj *)it;
}

static void deque_iter_dealloc(mp_obj *self) {
    mp_decref(((deque_iter_obj *)self)->deque);
    mp_instance_free(self);
}

static mp_obj *deque_iter_next(mp_obj *self) {
    deque_iter_obj *it = (deque_iter_obj *)self;
    deque_obj *d = DQ(it->deque);
    if (d->state != it->state) {
        mp_err_format(&mp_type_RuntimeError, "deque mutated during iteration");
        return NULL;
    }
    if (it->remaining == 0)
        return NULL;
    mp_obj *v = *slot(d, it->index);
    it->index += it->reversed ? (size_t)-1 : 1;
    it->remaining--;
    return mp_newref(v);
}

static mp_type deque_iter_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "_collections._deque_iterator",
    .basicsize = sizeof(deque_iter_obj),
    .dealloc = deque_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = deque_iter_next,
};

/* ---- the module ------------------------------------------------------------------------- */

mp_obj *mp_collections_module_create(void) {
    if (mp_type_ready(&deque_type) < 0 || mp_type_ready(&deque_iter_type) < 0)
        return NULL;
    mp_obj *m = mp_module_new("collections");
    if (!m)
        return NULL;
    if (mp_module_add_obj(m, "deque", (mp_obj *)&deque_type) < 0 ||
        mp_collections_add_dict_types(m) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
