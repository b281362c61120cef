/*
 * obj_tuple.c — the tuple type and its iterator.
 *
 * Items live inline after the header.  The empty tuple is one immortal
 * static object.  Hashing is CPython 3.11's xxHash-based tuplehash, so
 * hash((1, 2)) matches CPython and sets of tuples iterate in CPython's
 * order.  Comparison, repr and slicing share helpers with list
 * (runtime/containers.h).
 */
#include "runtime/obj_tuple.h"

#include <string.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"

static mp_tuple empty_tuple = {.head = MP_STATIC_HEADER(&mp_type_tuple), .size = 0};

#define TUPLE(o) ((mp_tuple *)(o))

/* ---- the small-tuple free list ------------------------------------------
 * Freed exact tuples of 1..FREE_MAX_SIZE items are kept for reuse, chained
 * through items[0].  This is the only process-wide mutable state in this
 * file and it is safe only under the GIL, so builds without a GIL leave
 * it out (a per-thread list would have to live in runtime/tstate.h). */
#if !defined(MINIPY_NO_GIL) && !defined(MINIPY_UNSAFE_REFCOUNT)
#define TUPLE_FREE_LIST 1
enum {
    FREE_MAX_SIZE = 20,
    FREE_MAX_COUNT = 2000
};
static mp_tuple *free_list[FREE_MAX_SIZE + 1];
static int free_count[FREE_MAX_SIZE + 1];
#endif

static mp_tuple *free_list_pop(size_t n) {
#ifdef TUPLE_FREE_LIST
    if (n <= FREE_MAX_SIZE && free_list[n]) {
        mp_tuple *t = free_list[n];
        free_list[n] = (mp_tuple *)t->items[0];
        free_count[n]--;
        mp_rc_init(&t->head, &mp_type_tuple);
        return t;
    }
#endif
    (void)n;
    return NULL;
}

static bool free_list_push(mp_tuple *t) {
#ifdef TUPLE_FREE_LIST
    size_t n = t->size;
    if (t->head.type == &mp_type_tuple && n <= FREE_MAX_SIZE && free_count[n] < FREE_MAX_COUNT) {
        t->items[0] = (mp_obj *)free_list[n];
        free_list[n] = t;
        free_count[n]++;
        return true;
    }
#endif
    (void)t;
    return false;
}

/* ---- construction ------------------------------------------------------ */

/* An instance of `type` (tuple or a subclass) with n NULL slots. */
static mp_obj *tuple_alloc(mp_type *type, size_t n) {
    if (n > (SIZE_MAX / 2 - type->basicsize) / sizeof(mp_obj *)) {
        mp_err_no_memory();
        return NULL;
    }
    mp_tuple *t = type == &mp_type_tuple ? free_list_pop(n) : NULL;
    if (!t)
        t = (mp_tuple *)mp_obj_alloc(type, type->basicsize + n * sizeof(mp_obj *));
    if (type != &mp_type_tuple) {
        /* A subclass instance: the layout mp_instance_free expects. */
        memset((char *)t + sizeof(mp_obj), 0, type->basicsize - sizeof(mp_obj));
        if (type->tflags & MP_TFLAG_HEAPTYPE)
            mp_incref((mp_obj *)type);
    }
    t->size = n;
    t->hash_unused = -1;
    memset(t->items, 0, n * sizeof(mp_obj *));
    return &t->head;
}

mp_obj *mp_tuple_new(size_t n) {
    if (n == 0)
        return &empty_tuple.head;
    return tuple_alloc(&mp_type_tuple, n);
}

mp_obj *mp_tuple_from_array(mp_obj *const *items, size_t n) {
    mp_obj *t = mp_tuple_new(n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        TUPLE(t)->items[i] = mp_newref(items[i]);
    return t;
}

mp_obj *mp_tuple_pack(size_t n, ...) {
    mp_obj *t = mp_tuple_new(n);
    if (!t)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        TUPLE(t)->items[i] = mp_newref(va_arg(ap, mp_obj *));
    va_end(ap);
    return t;
}

/* Moves the items of a list we own into a new tuple of `type`. */
static mp_obj *tuple_from_owned_list(mp_type *type, mp_obj *list) {
    size_t n = mp_list_size(list);
    mp_obj *t = n == 0 && type == &mp_type_tuple ? &empty_tuple.head : tuple_alloc(type, n);
    if (t) {
        memcpy(TUPLE(t)->items, mp_list_items(list), n * sizeof(mp_obj *));
        ((mp_list *)list)->size = 0;
    }
    mp_decref(list);
    return t;
}

mp_obj *mp_tuple_from_iter(mp_obj *iterable) {
    if (mp_isinstance_exact(iterable, &mp_type_tuple))
        return mp_newref(iterable);
    if (mp_isinstance_exact(iterable, &mp_type_list))
        return mp_tuple_from_array(mp_list_items(iterable), mp_list_size(iterable));
    mp_obj *list = mp_list_from_iter(iterable);
    return list ? tuple_from_owned_list(&mp_type_tuple, list) : NULL;
}

static mp_obj *tuple_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("tuple", "tuple", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (type == &mp_type_tuple)
        return nargs ? mp_tuple_from_iter(args[0]) : mp_tuple_new(0);
    mp_obj *list = nargs ? mp_list_from_iter(args[0]) : mp_list_new(0);
    return list ? tuple_from_owned_list(type, list) : NULL;
}

static void tuple_dealloc(mp_obj *o) {
    if (mp_trash_begin(o))
        return;
    mp_tuple *t = TUPLE(o);
    for (size_t i = t->size; i-- > 0;)
        mp_xdecref(t->items[i]);
    if (!free_list_push(t))
        mp_ctr_free(o, &mp_type_tuple);
    mp_trash_end();
}

/* ---- protocols --------------------------------------------------------- */

static mp_obj *tuple_repr(mp_obj *o) {
    size_t n = TUPLE(o)->size;
    if (n == 0)
        return mp_str_from_cstr("()");
    mp_repr_guard g;
    if (mp_repr_enter(&g, o))
        return mp_str_from_cstr("(...)");
    mp_sb sb;
    mp_sb_init(&sb, 2 + 4 * n);
    mp_sb_addc(&sb, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            mp_sb_add(&sb, ", ", 2);
        if (mp_sb_add_obj(&sb, TUPLE(o)->items[i], true) < 0) {
            mp_sb_free(&sb);
            mp_repr_leave(&g);
            return NULL;
        }
    }
    if (n == 1)
        mp_sb_addc(&sb, ',');
    mp_sb_addc(&sb, ')');
    mp_repr_leave(&g);
    return mp_sb_finish(&sb);
}

/* CPython 3.11 tuplehash: xxHash's round over the item hashes. */
static mp_hash_t tuple_hash(mp_obj *o) {
    const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                   P5 = 2870177450012600261ULL;
    mp_tuple *t = TUPLE(o);
    uint64_t acc = P5;
    for (size_t i = 0; i < t->size; i++) {
        mp_hash_t h = mp_ctr_hash(t->items[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    acc += t->size ^ (P5 ^ 3527539UL);
    if (acc == (uint64_t)-1)
        return 1546275796;
    return (mp_hash_t)acc;
}

static mp_obj *tuple_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_tuple_check(a) || !mp_tuple_check(b))
        return mp_newref(mp_NotImplemented);
    mp_obj **ai = TUPLE(a)->items, **bi = TUPLE(b)->items;
    return mp_ctr_seq_compare(&ai, &TUPLE(a)->size, &bi, &TUPLE(b)->size, op);
}

static mp_obj *tuple_concat(mp_obj *a, mp_obj *b) {
    size_t na = TUPLE(a)->size, nb = TUPLE(b)->size;
    if (nb == 0 && mp_isinstance_exact(a, &mp_type_tuple))
        return mp_newref(a);
    if (na == 0 && mp_isinstance_exact(b, &mp_type_tuple))
        return mp_newref(b);
    mp_obj *t = mp_tuple_new(na + nb);
    if (!t)
        return NULL;
    for (size_t i = 0; i < na; i++)
        TUPLE(t)->items[i] = mp_newref(TUPLE(a)->items[i]);
    for (size_t i = 0; i < nb; i++)
        TUPLE(t)->items[na + i] = mp_newref(TUPLE(b)->items[i]);
    return t;
}

static mp_obj *tuple_repeat(mp_obj *a, mp_ssize_t count) {
    size_t n = TUPLE(a)->size;
    if (count <= 0 || n == 0)
        return mp_tuple_new(0);
    if (count == 1 && mp_isinstance_exact(a, &mp_type_tuple))
        return mp_newref(a);
    if ((size_t)count > (SIZE_MAX / 4 / sizeof(mp_obj *)) / n) {
        mp_err_no_memory();
        return NULL;
    }
    mp_obj *t = mp_tuple_new(n * (size_t)count);
    if (!t)
        return NULL;
    mp_obj **dst = TUPLE(t)->items;
    for (mp_ssize_t c = 0; c < count; c++)
        for (size_t i = 0; i < n; i++)
            *dst++ = mp_newref(TUPLE(a)->items[i]);
    return t;
}

static mp_obj *tuple_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op == MP_OP_ADD) {
        /* Other operands: NotImplemented, and mp_binop words the error
         * ("can only concatenate tuple (not "int") to tuple"). */
        if (!mp_tuple_check(a) || !mp_tuple_check(b))
            return mp_newref(mp_NotImplemented);
        return tuple_concat(a, b);
    }
    if (op == MP_OP_MUL) {
        mp_obj *seq = mp_tuple_check(a) ? a : b, *other = seq == a ? b : a;
        mp_ssize_t count;
        int r = mp_ctr_repeat_count(other, &count);
        if (r <= 0)
            return r < 0 ? NULL : mp_newref(mp_NotImplemented);
        return tuple_repeat(seq, count);
    }
    return mp_newref(mp_NotImplemented);
}

static mp_obj *tuple_slice(mp_obj *self, mp_obj *slice) {
    mp_ssize_t start, stop, step;
    mp_ssize_t len = mp_slice_indices(slice, (mp_ssize_t)TUPLE(self)->size, &start, &stop, &step);
    if (len < 0)
        return NULL;
    if (step == 1 && len == (mp_ssize_t)TUPLE(self)->size &&
        mp_isinstance_exact(self, &mp_type_tuple))
        return mp_newref(self);
    mp_obj *t = mp_tuple_new((size_t)len);
    if (!t)
        return NULL;
    for (mp_ssize_t i = 0, j = start; i < len; i++, j += step)
        TUPLE(t)->items[i] = mp_newref(TUPLE(self)->items[j]);
    return t;
}

static mp_obj *tuple_getitem(mp_obj *self, mp_obj *key) {
    size_t n = TUPLE(self)->size;
    if (mp_is_small(key)) {
        intptr_t i = mp_small_val(key);
        if (i < 0)
            i += (intptr_t)n;
        if ((uintptr_t)i < n)
            return mp_newref(TUPLE(self)->items[i]);
    }
    if (mp_slice_check(key))
        return tuple_slice(self, key);
    if (!mp_ctr_is_index(key)) {
        mp_err_format(&mp_type_TypeError, "tuple indices must be integers or slices, not %T", key);
        return NULL;
    }
    mp_ssize_t i;
    if (mp_seq_index(key, (mp_ssize_t)n, "tuple", &i) < 0)
        return NULL;
    return mp_newref(TUPLE(self)->items[i]);
}

static mp_ssize_t tuple_len(mp_obj *self) { return (mp_ssize_t)TUPLE(self)->size; }

static int tuple_contains(mp_obj *self, mp_obj *value) {
    for (size_t i = 0; i < TUPLE(self)->size; i++) {
        int r = mp_eq(TUPLE(self)->items[i], value);
        if (r != 0)
            return r;
    }
    return 0;
}

/* ---- methods ------------------------------------------------------------ */

static mp_obj *tuple_count(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("tuple.count", nargs, kwnames) < 0)
        return NULL;
    mp_ssize_t count = 0;
    for (size_t i = 0; i < TUPLE(self)->size; i++) {
        int r = mp_eq(TUPLE(self)->items[i], args[0]);
        if (r < 0)
            return NULL;
        count += r;
    }
    return mp_small(count);
}

static mp_obj *tuple_index(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t start, stop;
    if (mp_ctr_args("tuple.index", "index", nargs, kwnames, 1, 3) < 0 ||
        mp_seq_search_bounds(args + 1, nargs - 1, (mp_ssize_t)TUPLE(self)->size, &start, &stop) < 0)
        return NULL;
    for (mp_ssize_t i = start; i < stop && i < (mp_ssize_t)TUPLE(self)->size; i++) {
        int r = mp_eq(TUPLE(self)->items[i], args[0]);
        if (r < 0)
            return NULL;
        if (r)
            return mp_small(i);
    }
    mp_err_format(&mp_type_ValueError, "tuple.index(x): x not in tuple");
    return NULL;
}

static const mp_method_def tuple_methods[] = {
    {"count", tuple_count, 0, "Return number of occurrences of value."},
    {"index", tuple_index, 0, "Return first index of value."},
    {NULL},
};

/* ---- iterator ----------------------------------------------------------- */

typedef struct tuple_iter {
    mp_obj head;
    mp_obj *seq; /* NULL once exhausted */
    size_t index;
} tuple_iter;

mp_type mp_type_tuple_iterator;

static mp_obj *tuple_iter_new(mp_obj *self) {
    tuple_iter *it = (tuple_iter *)mp_obj_alloc(&mp_type_tuple_iterator, sizeof(tuple_iter));
    it->seq = mp_newref(self);
    it->index = 0;
    return &it->head;
}

static mp_obj *tuple_iter_next(mp_obj *o) {
    tuple_iter *it = (tuple_iter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < TUPLE(it->seq)->size)
        return mp_newref(TUPLE(it->seq)->items[it->index++]);
    mp_obj *seq = it->seq;
    it->seq = NULL;
    mp_decref(seq);
    return NULL;
}

static void tuple_iter_dealloc(mp_obj *o) {
    mp_xdecref(((tuple_iter *)o)->seq);
    mp_obj_free(o);
}

static mp_obj *tuple_iter_length_hint(mp_obj *self, mp_obj *const *args, size_t nargs,
                                      mp_obj *kwnames) {
    tuple_iter *it = (tuple_iter *)self;
    return mp_small(it->seq ? (intptr_t)(TUPLE(it->seq)->size - it->index) : 0);
}

static const mp_method_def tuple_iter_methods[] = {
    {"__length_hint__", tuple_iter_length_hint, 0, NULL},
    {NULL},
};

mp_type mp_type_tuple_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "tuple_iterator",
    .basicsize = sizeof(tuple_iter),
    .dealloc = tuple_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = tuple_iter_next,
    .methods = tuple_iter_methods,
};

mp_type mp_type_tuple = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "tuple",
    .basicsize = sizeof(mp_tuple),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_TUPLE_SUBCLASS,
    .dealloc = tuple_dealloc,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .binop = tuple_binop,
    .new_ = tuple_new,
    .iter = tuple_iter_new,
    .len = tuple_len,
    .getitem = tuple_getitem,
    .contains = tuple_contains,
    .methods = tuple_methods,
};

void mp_tuple_init(void) {
    mp_ctr_init_names();
    mp_type_ready(&mp_type_tuple);
    mp_type_ready(&mp_type_tuple_iterator);
}
