/*
 * obj_range.c — range (with range_iterator / longrange_iterator), slice,
 * and the index arithmetic every sequence shares: mp_slice_indices
 * (CPython's PySlice_GetIndicesEx), mp_seq_index, mp_slice_bound.
 *
 * A range keeps start/stop/step/length as int objects so huge ranges
 * work, but everything that fits a tagged small int takes a C int64
 * fast path; in particular iterating range(n) allocates nothing.
 */
#include "runtime/obj_range.h"

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_int.h"
#include "runtime/obj_tuple.h"

#define RANGE(o) ((mp_range *)(o))
#define SLICE(o) ((mp_slice *)(o))

/* ---- int helpers ------------------------------------------------------- */

/* The value of an int object as an exact int (bool -> 0/1). */
static mp_obj *exact_int(mp_obj *o) {
    if (mp_is_small(o) || mp_typeof(o) == &mp_type_int)
        return mp_newref(o);
    return mp_int_binop(o, mp_small(0), MP_OP_ADD);
}

/* operator.index(o) as an exact int; a non-index raises TypeError `msg`,
 * or CPython's "'float' object cannot be interpreted as an integer" when
 * msg is NULL. */
static mp_obj *number_index(mp_obj *o, const char *msg) {
    if (msg && !mp_ctr_is_index(o)) {
        mp_err_format(&mp_type_TypeError, "%s", msg);
        return NULL;
    }
    mp_obj *v = mp_number_index(o);
    if (!v)
        return NULL;
    mp_obj *r = exact_int(v);
    mp_decref(v);
    return r;
}

static bool all_small3(mp_obj *a, mp_obj *b, mp_obj *c) {
    return mp_is_small(a) && mp_is_small(b) && mp_is_small(c);
}

/* a <op> b for ints (no errors possible). */
static bool icmp(mp_obj *a, mp_obj *b, int op) {
    int c = mp_int_compare(a, b);
    switch (op) {
    case MP_LT: return c < 0;
    case MP_LE: return c <= 0;
    case MP_EQ: return c == 0;
    case MP_NE: return c != 0;
    case MP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* a + b * c for ints; NULL only on memory exhaustion. */
static mp_obj *muladd(mp_obj *a, mp_obj *b, mp_obj *c) {
    mp_obj *p = mp_int_binop(b, c, MP_OP_MUL);
    if (!p)
        return NULL;
    mp_obj *r = mp_int_binop(a, p, MP_OP_ADD);
    mp_decref(p);
    return r;
}

/* ---- slice bounds and sequence indices ------------------------------------- */

int mp_slice_bound(mp_obj *o, bool allow_none, mp_ssize_t *out) {
    if (mp_is_small(o)) {
        *out = mp_small_val(o);
        return 0;
    }
    if (o == mp_None && allow_none)
        return 0;
    mp_obj *v = number_index(o, allow_none ? "slice indices must be integers or None or have an "
                                             "__index__ method"
                                           : "slice indices must be integers or have an "
                                             "__index__ method");
    if (!v)
        return -1;
    int64_t x;
    if (mp_int_as_i64(v, &x) < 0) {
        /* Out of range: clamp, as CPython does for slice bounds. */
        mp_err_clear();
        x = mp_int_sign(v) < 0 ? INT64_MIN : INT64_MAX;
    }
    mp_decref(v);
    *out = (mp_ssize_t)x;
    return 0;
}

mp_ssize_t mp_slice_indices(mp_obj *slice, mp_ssize_t length, mp_ssize_t *start, mp_ssize_t *stop,
                            mp_ssize_t *step) {
    mp_slice *s = SLICE(slice);
    /* PySlice_Unpack */
    *step = 1;
    if (s->step != mp_None) {
        if (mp_slice_bound(s->step, true, step) < 0)
            return -1;
        if (*step == 0) {
            mp_err_format(&mp_type_ValueError, "slice step cannot be zero");
            return -1;
        }
        if (*step < -PTRDIFF_MAX) /* so that -step can't overflow */
            *step = -PTRDIFF_MAX;
    }
    *start = *step < 0 ? PTRDIFF_MAX : 0;
    if (mp_slice_bound(s->start, true, start) < 0)
        return -1;
    *stop = *step < 0 ? PTRDIFF_MIN : PTRDIFF_MAX;
    if (mp_slice_bound(s->stop, true, stop) < 0)
        return -1;
    /* PySlice_AdjustIndices */
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = *step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = *step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = *step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = *step < 0 ? length - 1 : length;
    }
    if (*step < 0) {
        if (*stop < *start)
            return (*start - *stop - 1) / (-*step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / *step + 1;
    }
    return 0;
}

int mp_seq_index(mp_obj *index, mp_ssize_t length, const char *what, mp_ssize_t *out) {
    mp_ssize_t i;
    if (mp_is_small(index)) {
        i = mp_small_val(index);
    } else {
        mp_obj *v = number_index(index, NULL);
        if (!v)
            return -1;
        int64_t x;
        int r = mp_int_as_i64(v, &x);
        mp_decref(v);
        if (r < 0) {
            mp_err_clear();
            mp_err_format(&mp_type_IndexError, "cannot fit 'int' into an index-sized integer");
            return -1;
        }
        i = (mp_ssize_t)x;
    }
    if (i < 0)
        i += length;
    if (i < 0 || i >= length) {
        mp_err_format(&mp_type_IndexError, "%s index out of range", what);
        return -1;
    }
    *out = i;
    return 0;
}

int mp_seq_search_bounds(mp_obj *const *args, size_t nargs, mp_ssize_t length, mp_ssize_t *start,
                         mp_ssize_t *stop) {
    *start = 0;
    *stop = PTRDIFF_MAX;
    if ((nargs > 0 && mp_slice_bound(args[0], false, start) < 0) ||
        (nargs > 1 && mp_slice_bound(args[1], false, stop) < 0))
        return -1;
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = 0;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = 0;
    }
    return 0;
}

/* ---- slice objects ------------------------------------------------------------ */

mp_obj *mp_slice_new(mp_obj *start, mp_obj *stop, mp_obj *step) {
    mp_slice *s = (mp_slice *)mp_obj_alloc(&mp_type_slice, sizeof(mp_slice));
    s->start = mp_newref(start);
    s->stop = mp_newref(stop);
    s->step = mp_newref(step);
    return &s->head;
}

static mp_obj *slice_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("slice", "slice", nargs, kwnames, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return mp_slice_new(mp_None, args[0], mp_None);
    return mp_slice_new(args[0], args[1], nargs == 3 ? args[2] : mp_None);
}

static void slice_dealloc(mp_obj *o) {
    mp_decref(SLICE(o)->start);
    mp_decref(SLICE(o)->stop);
    mp_decref(SLICE(o)->step);
    mp_obj_free(o);
}

static mp_obj *slice_repr(mp_obj *o) {
    return mp_str_format_c("slice(%R, %R, %R)", SLICE(o)->start, SLICE(o)->stop, SLICE(o)->step);
}

static mp_obj *slice_as_tuple(mp_obj *o) {
    return mp_tuple_pack(3, SLICE(o)->start, SLICE(o)->stop, SLICE(o)->step);
}

static mp_obj *slice_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_slice_check(a) || !mp_slice_check(b))
        return mp_newref(mp_NotImplemented);
    if (a == b)
        return mp_bool_from(op == MP_EQ || op == MP_LE || op == MP_GE);
    mp_obj *ta = slice_as_tuple(a), *tb = slice_as_tuple(b);
    mp_obj *r = ta && tb ? mp_richcompare(ta, tb, op) : NULL;
    mp_xdecref(ta);
    mp_xdecref(tb);
    return r;
}

/* _PySlice_GetLongIndices: start/stop/step as ints for a sequence of
 * int `length` (which may be huge), clamped like mp_slice_indices. */
static int slice_long_indices(mp_obj *slice, mp_obj *length, mp_obj **start, mp_obj **stop,
                              mp_obj **step) {
    static const char msg[] = "slice indices must be integers or None or have an __index__ method";
    mp_slice *s = SLICE(slice);
    mp_obj *lower = NULL, *upper = NULL;
    *start = *stop = *step = NULL;
    if (s->step == mp_None) {
        *step = mp_small(1);
    } else {
        if (!(*step = number_index(s->step, msg)))
            goto fail;
        if (mp_int_sign(*step) == 0) {
            mp_err_format(&mp_type_ValueError, "slice step cannot be zero");
            goto fail;
        }
    }
    bool neg = mp_int_sign(*step) < 0;
    lower = mp_small(neg ? -1 : 0);
    if (!(upper = neg ? mp_int_binop(length, lower, MP_OP_ADD) : mp_newref(length)))
        goto fail;
    mp_obj *const bounds[2] = {s->start, s->stop};
    mp_obj **outs[2] = {start, stop};
    for (int k = 0; k < 2; k++) {
        mp_obj *v;
        if (bounds[k] == mp_None) {
            v = mp_newref((k == 0) == neg ? upper : lower);
        } else {
            if (!(v = number_index(bounds[k], msg)))
                goto fail;
            if (mp_int_sign(v) < 0) {
                mp_obj *t = mp_int_binop(v, length, MP_OP_ADD);
                mp_decref(v);
                if (!(v = t))
                    goto fail;
                if (icmp(v, lower, MP_LT))
                    mp_setref(&v, mp_newref(lower));
            } else if (icmp(v, upper, MP_GT)) {
                mp_setref(&v, mp_newref(upper));
            }
        }
        *outs[k] = v;
    }
    mp_decref(upper);
    return 0;
fail:
    mp_xdecref(upper);
    mp_xdecref(*start);
    mp_xdecref(*stop);
    mp_xdecref(*step);
    return -1;
}

static mp_obj *slice_indices_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("slice.indices", nargs, kwnames) < 0)
        return NULL;
    mp_obj *length = number_index(args[0], NULL);
    if (!length)
        return NULL;
    if (mp_int_sign(length) < 0) {
        mp_decref(length);
        mp_err_format(&mp_type_ValueError, "length should not be negative");
        return NULL;
    }
    mp_obj *start, *stop, *step;
    int r = slice_long_indices(self, length, &start, &stop, &step);
    mp_decref(length);
    if (r < 0)
        return NULL;
    mp_obj *t = mp_tuple_pack(3, start, stop, step);
    mp_decref(start);
    mp_decref(stop);
    mp_decref(step);
    return t;
}

static mp_obj *slice_get_start(mp_obj *self) { return mp_newref(SLICE(self)->start); }
static mp_obj *slice_get_stop(mp_obj *self) { return mp_newref(SLICE(self)->stop); }
static mp_obj *slice_get_step(mp_obj *self) { return mp_newref(SLICE(self)->step); }

static const mp_getset_def slice_getset[] = {
    {"start", slice_get_start, NULL},
    {"stop", slice_get_stop, NULL},
    {"step", slice_get_step, NULL},
    {NULL},
};

static const mp_method_def slice_methods[] = {
    {"indices", slice_indices_m, 0, "S.indices(len) -> (start, stop, stride)"},
    {NULL},
};

mp_type mp_type_slice = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "slice",
    .basicsize = sizeof(mp_slice),
    .dealloc = slice_dealloc,
    .repr = slice_repr,
    .richcompare = slice_richcompare,
    .new_ = slice_new,
    .methods = slice_methods,
    .getset = slice_getset,
};

/* ---- range objects ---------------------------------------------------------- */

/* len(range(start, stop, step)) as an int object. */
static mp_obj *range_length(mp_obj *start, mp_obj *stop, mp_obj *step) {
    if (all_small3(start, stop, step)) {
        int64_t lo = mp_small_val(start), hi = mp_small_val(stop), st = mp_small_val(step);
        if (st == 1) /* the usual range(n): no division */
            return mp_small(lo < hi ? hi - lo : 0);
        if (st > 0 && lo < hi)
            return mp_small((hi - lo - 1) / st + 1);
        if (st < 0 && lo > hi)
            return mp_small((lo - hi - 1) / (-st) + 1);
        return mp_small(0);
    }
    mp_obj *lo = start, *hi = stop, *st = mp_newref(step);
    if (mp_int_sign(step) < 0) {
        lo = stop;
        hi = start;
        mp_setref(&st, mp_int_binop(mp_small(0), step, MP_OP_SUB));
    }
    if (!st || !icmp(lo, hi, MP_LT)) {
        mp_xdecref(st);
        return st ? mp_small(0) : NULL;
    }
    /* (hi - lo - 1) // st + 1 */
    mp_obj *d = mp_int_binop(hi, lo, MP_OP_SUB), *r = NULL;
    if (d) {
        mp_setref(&d, mp_int_binop(d, mp_small(1), MP_OP_SUB));
        if (d)
            mp_setref(&d, mp_int_binop(d, st, MP_OP_FLOORDIV));
        if (d)
            r = mp_int_binop(d, mp_small(1), MP_OP_ADD);
        mp_xdecref(d);
    }
    mp_decref(st);
    return r;
}

/* A range over exact ints; steals the three references. */
static mp_obj *range_make(mp_type *type, mp_obj *start, mp_obj *stop, mp_obj *step) {
    mp_obj *len = range_length(start, stop, step);
    if (!len) {
        mp_decref(start);
        mp_decref(stop);
        mp_decref(step);
        return NULL;
    }
    mp_range *r = (mp_range *)mp_obj_alloc(type, sizeof(mp_range));
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->length = len;
    return &r->head;
}

static mp_obj *range_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("range", "range", nargs, kwnames, 1, 3) < 0)
        return NULL;
    mp_obj *v[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < nargs; i++) {
        if (!(v[i] = number_index(args[i], NULL))) {
            while (i-- > 0)
                mp_decref(v[i]);
            return NULL;
        }
    }
    if (nargs == 1)
        return range_make(type, mp_small(0), v[0], mp_small(1));
    if (nargs == 3 && mp_int_sign(v[2]) == 0) {
        mp_err_format(&mp_type_ValueError, "range() arg 3 must not be zero");
        for (int i = 0; i < 3; i++)
            mp_decref(v[i]);
        return NULL;
    }
    return range_make(type, v[0], v[1], nargs == 3 ? v[2] : mp_small(1));
}

static void range_dealloc(mp_obj *o) {
    mp_range *r = RANGE(o);
    mp_decref(r->start);
    mp_decref(r->stop);
    mp_decref(r->step);
    mp_decref(r->length);
    mp_obj_free(o);
}

static mp_obj *range_repr(mp_obj *o) {
    mp_range *r = RANGE(o);
    if (r->step == mp_small(1))
        return mp_str_format_c("range(%R, %R)", r->start, r->stop);
    return mp_str_format_c("range(%R, %R, %R)", r->start, r->stop, r->step);
}

static mp_ssize_t range_len(mp_obj *o) {
    mp_obj *len = RANGE(o)->length;
    if (mp_is_small(len))
        return mp_small_val(len);
    mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

static int range_truthy(mp_obj *o) { return mp_int_sign(RANGE(o)->length) != 0; }

static int range_equals(mp_range *a, mp_range *b) {
    if (a == b)
        return 1;
    if (!icmp(a->length, b->length, MP_EQ))
        return 0;
    if (mp_int_sign(a->length) == 0)
        return 1;
    if (!icmp(a->start, b->start, MP_EQ))
        return 0;
    if (a->length == mp_small(1))
        return 1;
    return icmp(a->step, b->step, MP_EQ);
}

static mp_obj *range_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (mp_typeof(a) != &mp_type_range || mp_typeof(b) != &mp_type_range ||
        (op != MP_EQ && op != MP_NE))
        return mp_newref(mp_NotImplemented);
    return mp_bool_from(range_equals(RANGE(a), RANGE(b)) == (op == MP_EQ));
}

/* hash((len, start, step)) with start and step None where they don't
 * matter (empty or one-element ranges), so equal ranges hash equal. */
static mp_hash_t range_hash(mp_obj *o) {
    mp_range *r = RANGE(o);
    bool empty = mp_int_sign(r->length) == 0;
    mp_obj *t = mp_tuple_pack(3, r->length, empty ? mp_None : r->start,
                              empty || r->length == mp_small(1) ? mp_None : r->step);
    if (!t)
        return -1;
    mp_hash_t h = mp_hash(t);
    mp_decref(t);
    return h;
}

/* r[i] for 0 <= i < len (i an int). */
static mp_obj *range_item(mp_range *r, mp_obj *i) { return muladd(r->start, i, r->step); }

/* True if the int x is one of r's values. */
static bool range_has_int(mp_range *r, mp_obj *x) {
    if (all_small3(r->start, r->stop, r->step) && mp_is_small(x)) {
        int64_t v = mp_small_val(x), lo = mp_small_val(r->start), hi = mp_small_val(r->stop),
                st = mp_small_val(r->step);
        if (st > 0 ? (v < lo || v >= hi) : (v > lo || v <= hi))
            return false;
        return (v - lo) % st == 0;
    }
    bool pos = mp_int_sign(r->step) > 0;
    if (pos ? (icmp(x, r->start, MP_LT) || icmp(x, r->stop, MP_GE))
            : (icmp(x, r->start, MP_GT) || icmp(x, r->stop, MP_LE)))
        return false;
    mp_obj *d = mp_int_binop(x, r->start, MP_OP_SUB);
    mp_obj *m = d ? mp_int_binop(d, r->step, MP_OP_MOD) : NULL;
    bool res = m && mp_int_sign(m) == 0;
    mp_xdecref(d);
    mp_xdecref(m);
    return res;
}

static bool is_exact_int(mp_obj *o) {
    return mp_is_small(o) || mp_typeof(o) == &mp_type_int || mp_typeof(o) == &mp_type_bool;
}

/* Linear search through the values for a non-int: count of matches, or
 * the first index (mode 'i', -1 if absent); -2 on error. */
static mp_ssize_t range_search(mp_obj *self, mp_obj *value, char mode) {
    mp_obj *it = mp_iter(self), *x;
    if (!it)
        return -2;
    mp_ssize_t i = 0, count = 0;
    while ((x = mp_iternext(it)) != NULL) {
        int r = mp_eq(x, value);
        mp_decref(x);
        if (r < 0)
            break;
        if (r && mode == 'i') {
            mp_decref(it);
            return i;
        }
        count += r;
        i++;
    }
    mp_decref(it);
    if (mp_err_occurred())
        return -2;
    return mode == 'i' ? -1 : count;
}

static int range_contains(mp_obj *self, mp_obj *value) {
    if (is_exact_int(value)) {
        mp_obj *x = exact_int(value);
        bool r = range_has_int(RANGE(self), x);
        mp_decref(x);
        return r;
    }
    mp_ssize_t n = range_search(self, value, 'i');
    return n == -2 ? -1 : n >= 0;
}

static mp_obj *range_subscript_slice(mp_range *r, mp_obj *slice) {
    mp_obj *start, *stop, *step;
    if (slice_long_indices(slice, r->length, &start, &stop, &step) < 0)
        return NULL;
    mp_obj *nstart = range_item(r, start), *nstop = range_item(r, stop);
    mp_obj *nstep = mp_int_binop(step, r->step, MP_OP_MUL);
    mp_decref(start);
    mp_decref(stop);
    mp_decref(step);
    if (!nstart || !nstop || !nstep) {
        mp_xdecref(nstart);
        mp_xdecref(nstop);
        mp_xdecref(nstep);
        return NULL;
    }
    return range_make(&mp_type_range, nstart, nstop, nstep);
}

static mp_obj *range_getitem(mp_obj *self, mp_obj *key) {
    mp_range *r = RANGE(self);
    if (mp_slice_check(key))
        return range_subscript_slice(r, key);
    if (!mp_ctr_is_index(key)) {
        mp_err_format(&mp_type_TypeError, "range indices must be integers or slices, not %T", key);
        return NULL;
    }
    mp_obj *i = number_index(key, NULL);
    if (!i)
        return NULL;
    if (mp_int_sign(i) < 0)
        mp_setref(&i, mp_int_binop(i, r->length, MP_OP_ADD));
    if (i && (mp_int_sign(i) < 0 || icmp(i, r->length, MP_GE))) {
        mp_decref(i);
        mp_err_format(&mp_type_IndexError, "range object index out of range");
        return NULL;
    }
    mp_obj *v = i ? range_item(r, i) : NULL;
    mp_xdecref(i);
    return v;
}

static mp_obj *range_count_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("range.count", nargs, kwnames) < 0)
        return NULL;
    if (is_exact_int(args[0]))
        return mp_small(range_contains(self, args[0]));
    mp_ssize_t n = range_search(self, args[0], 'c');
    return n < 0 ? NULL : mp_small(n);
}

static mp_obj *range_index_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("range.index", nargs, kwnames) < 0)
        return NULL;
    mp_range *r = RANGE(self);
    if (!is_exact_int(args[0])) {
        mp_ssize_t n = range_search(self, args[0], 'i');
        if (n == -1)
            mp_err_format(&mp_type_ValueError, "sequence.index(x): x not in sequence");
        return n < 0 ? NULL : mp_small(n);
    }
    mp_obj *x = exact_int(args[0]);
    if (!range_has_int(r, x)) {
        mp_decref(x);
        mp_err_format(&mp_type_ValueError, "%R is not in range", args[0]);
        return NULL;
    }
    /* (x - start) // step */
    mp_obj *d = mp_int_binop(x, r->start, MP_OP_SUB);
    mp_decref(x);
    if (!d)
        return NULL;
    mp_obj *q = mp_int_binop(d, r->step, MP_OP_FLOORDIV);
    mp_decref(d);
    return q;
}

static mp_obj *range_get_start(mp_obj *self) { return mp_newref(RANGE(self)->start); }
static mp_obj *range_get_stop(mp_obj *self) { return mp_newref(RANGE(self)->stop); }
static mp_obj *range_get_step(mp_obj *self) { return mp_newref(RANGE(self)->step); }

static const mp_getset_def range_getset[] = {
    {"start", range_get_start, NULL},
    {"stop", range_get_stop, NULL},
    {"step", range_get_step, NULL},
    {NULL},
};

/* ---- range iterators ------------------------------------------------------------- */

/* range_iterator: every value fits a tagged int, so next() is a compare,
 * an add and a tag — no allocation. */
typedef struct range_iter {
    mp_obj head;
    int64_t next, step, remaining;
} range_iter;

/* longrange_iterator: the general case with int objects. */
typedef struct longrange_iter {
    mp_obj head;
    mp_obj *next, *step, *remaining;
} longrange_iter;

mp_type mp_type_range_iterator, mp_type_longrange_iterator;

/* An iterator over len values from `first` by `step` (new refs stolen). */
static mp_obj *range_iter_make(mp_obj *first, mp_obj *step, mp_obj *len) {
    if (all_small3(first, step, len)) {
        range_iter *it = (range_iter *)mp_obj_alloc(&mp_type_range_iterator, sizeof(range_iter));
        it->next = mp_small_val(first);
        it->step = mp_small_val(step);
        it->remaining = mp_small_val(len);
        return &it->head;
    }
    longrange_iter *it =
        (longrange_iter *)mp_obj_alloc(&mp_type_longrange_iterator, sizeof(longrange_iter));
    it->next = first;
    it->step = step;
    it->remaining = len;
    return &it->head;
}

static mp_obj *range_iter_new(mp_obj *self) {
    mp_range *r = RANGE(self);
    return range_iter_make(mp_newref(r->start), mp_newref(r->step), mp_newref(r->length));
}

static mp_obj *range_reversed_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("range.__reversed__", nargs, kwnames) < 0)
        return NULL;
    mp_range *r = RANGE(self);
    /* last = start + (len - 1) * step, then walk by -step */
    mp_obj *n1 = mp_int_binop(r->length, mp_small(1), MP_OP_SUB);
    mp_obj *last = n1 ? muladd(r->start, n1, r->step) : NULL;
    mp_obj *neg = mp_int_binop(mp_small(0), r->step, MP_OP_SUB);
    mp_xdecref(n1);
    if (!last || !neg) {
        mp_xdecref(last);
        mp_xdecref(neg);
        return NULL;
    }
    return range_iter_make(last, neg, mp_newref(r->length));
}

static mp_obj *range_iter_next(mp_obj *o) {
    range_iter *it = (range_iter *)o;
    if (it->remaining <= 0)
        return NULL;
    int64_t v = it->next;
    it->next += it->step;
    it->remaining--;
    return mp_small(v);
}

static mp_obj *longrange_iter_next(mp_obj *o) {
    longrange_iter *it = (longrange_iter *)o;
    if (mp_int_sign(it->remaining) <= 0)
        return NULL;
    mp_obj *v = it->next;
    mp_obj *next = mp_int_binop(v, it->step, MP_OP_ADD);
    mp_obj *rem = mp_int_binop(it->remaining, mp_small(1), MP_OP_SUB);
    if (!next || !rem) {
        mp_xdecref(next);
        mp_xdecref(rem);
        return NULL;
    }
    it->next = next; /* the old value's reference goes to the caller */
    mp_setref(&it->remaining, rem);
    return v;
}

static void range_iter_dealloc(mp_obj *o) { mp_obj_free(o); }

static void longrange_iter_dealloc(mp_obj *o) {
    longrange_iter *it = (longrange_iter *)o;
    mp_decref(it->next);
    mp_decref(it->step);
    mp_decref(it->remaining);
    mp_obj_free(o);
}

static mp_obj *range_iter_length_hint(mp_obj *self, mp_obj *const *args, size_t nargs,
                                      mp_obj *kwnames) {
    if (mp_typeof(self) == &mp_type_range_iterator) {
        int64_t n = ((range_iter *)self)->remaining;
        return mp_small(n < 0 ? 0 : n);
    }
    return mp_newref(((longrange_iter *)self)->remaining);
}

static const mp_method_def range_iter_methods[] = {
    {"__length_hint__", range_iter_length_hint, 0, NULL},
    {NULL},
};

mp_type mp_type_range_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "range_iterator",
    .basicsize = sizeof(range_iter),
    .dealloc = range_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = range_iter_next,
    .methods = range_iter_methods,
};

mp_type mp_type_longrange_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "longrange_iterator",
    .basicsize = sizeof(longrange_iter),
    .dealloc = longrange_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = longrange_iter_next,
    .methods = range_iter_methods,
};

static const mp_method_def range_methods[] = {
    {"count", range_count_m, 0, "rangeobject.count(value) -> integer"},
    {"index", range_index_m, 0, "rangeobject.index(value) -> integer"},
    {"__reversed__", range_reversed_m, 0, "Return a reverse iterator."},
    {NULL},
};

mp_type mp_type_range = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "range",
    .basicsize = sizeof(mp_range),
    .dealloc = range_dealloc,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .truthy = range_truthy,
    .new_ = range_new,
    .iter = range_iter_new,
    .len = range_len,
    .getitem = range_getitem,
    .contains = range_contains,
    .methods = range_methods,
    .getset = range_getset,
};

void mp_range_init(void) {
    mp_ctr_init_names();
    mp_type_ready(&mp_type_range);
    mp_type_ready(&mp_type_range_iterator);
    mp_type_ready(&mp_type_longrange_iterator);
    mp_type_ready(&mp_type_slice);
}
