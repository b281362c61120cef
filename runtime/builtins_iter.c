/*
 * builtins_iter.c — the lazy iterator types of the builtins module:
 * enumerate, zip (with strict=), map, filter, reversed, and the two
 * iterators iter() makes itself: `iterator` over objects that only have
 * __getitem__, and `callable_iterator` for iter(callable, sentinel).
 * Constructors and messages follow CPython 3.11's bltinmodule.c and
 * enumobject.c / iterobject.c.
 */
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

static mp_obj *self_iter(mp_obj *self) { return mp_newref(self); }

/* True when the pending error is IndexError or StopIteration, which end a
 * sequence iteration; clears it. */
static bool clear_if_end_of_sequence(void) {
    if (mp_err_matches(&mp_type_IndexError) || mp_err_matches(&mp_type_StopIteration)) {
        mp_err_clear();
        return true;
    }
    return false;
}

#define ITER_TYPE(var, tname, objtype, ...)                                                        \
    mp_type var = {.head = MP_STATIC_HEADER(&mp_type_type),                                        \
                   .name = tname,                                                                  \
                   .basicsize = sizeof(objtype),                                                   \
                   .iter = self_iter,                                                              \
                   __VA_ARGS__}

/* ---- enumerate ------------------------------------------------------------ */

typedef struct enumerate_obj {
    mp_obj head;
    mp_obj *it;
    mp_obj *count; /* int */
} enumerate_obj;

static mp_obj *enumerate_make(mp_type *type, mp_obj *iterable, mp_obj *start) {
    mp_obj *count = start ? mp_number_index(start) : mp_small(0);
    if (!count)
        return NULL;
    mp_obj *it = mp_iter(iterable);
    if (!it) {
        mp_decref(count);
        return NULL;
    }
    enumerate_obj *e = (enumerate_obj *)mp_instance_alloc(type);
    e->it = it;
    e->count = count;
    return (mp_obj *)e;
}

static mp_obj *enumerate_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (kwnames && mp_tuple_size(kwnames)) {
        static const char *const names[] = {"iterable", "start"};
        mp_obj *a[2];
        if (mp_arg_parse("enumerate", args, nargs, kwnames, names, 2, 1, a) < 0)
            return NULL;
        return enumerate_make(type, a[0], a[1]);
    }
    if (nargs == 0) {
        mp_err_format(&mp_type_TypeError, "enumerate() missing required argument 'iterable'");
        return NULL;
    }
    if (nargs > 2) {
        mp_err_format(&mp_type_TypeError, "enumerate() takes at most 2 arguments (%zu given)",
                      nargs);
        return NULL;
    }
    return enumerate_make(type, args[0], nargs == 2 ? args[1] : NULL);
}

static void enumerate_dealloc(mp_obj *self) {
    enumerate_obj *e = (enumerate_obj *)self;
    mp_decref(e->it);
    mp_decref(e->count);
    mp_instance_free(self);
}

static mp_obj *enumerate_next(mp_obj *self) {
    enumerate_obj *e = (enumerate_obj *)self;
    mp_obj *item = mp_iternext(e->it);
    if (!item)
        return NULL;
    mp_obj *idx = e->count, *next;
    if (mp_is_small(idx) && mp_small_val(idx) < MP_SMALL_MAX)
        next = mp_small(mp_small_val(idx) + 1);
    else if (!(next = mp_binop(idx, mp_small(1), MP_OP_ADD))) {
        mp_decref(item);
        return NULL;
    }
    e->count = next;
    mp_obj *t = mp_tuple_new(2);
    mp_tuple_items(t)[0] = idx; /* the reference count held */
    mp_tuple_items(t)[1] = item;
    return t;
}

ITER_TYPE(mp_type_enumerate, "enumerate", enumerate_obj, .tflags = MP_TFLAG_BASETYPE,
          .dealloc = enumerate_dealloc, .iternext = enumerate_next, .new_ = enumerate_new);

/* ---- zip -------------------------------------------------------------------- */

typedef struct zip_obj {
    mp_obj head;
    mp_obj *iters; /* tuple */
    bool strict;
} zip_obj;

static mp_obj *zip_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    bool strict = false;
    if (kwnames && mp_tuple_size(kwnames)) {
        static const char *const names[] = {"$strict"};
        mp_obj *s;
        if (mp_arg_parse("zip", args + nargs, 0, kwnames, names, 1, 0, &s) < 0)
            return NULL;
        int t = s ? mp_truthy(s) : 0;
        if (t < 0)
            return NULL;
        strict = t;
    }
    mp_obj *iters = mp_tuple_new(nargs);
    for (size_t i = 0; i < nargs; i++) {
        mp_obj *it = mp_iter(args[i]);
        if (!it) {
            while (i < nargs)
                mp_tuple_items(iters)[i++] = mp_newref(mp_None);
            mp_decref(iters);
            return NULL;
        }
        mp_tuple_items(iters)[i] = it;
    }
    zip_obj *z = (zip_obj *)mp_instance_alloc(type);
    z->iters = iters;
    z->strict = strict;
    return (mp_obj *)z;
}

static void zip_dealloc(mp_obj *self) {
    mp_decref(((zip_obj *)self)->iters);
    mp_instance_free(self);
}

/* zip(strict=True) found iterator i exhausted: error unless all are. */
static mp_obj *zip_check_lengths(zip_obj *z, size_t i) {
    if (mp_err_occurred())
        return NULL;
    size_t n = mp_tuple_size(z->iters);
    if (i) {
        mp_err_format(&mp_type_ValueError, "zip() argument %zu is shorter than argument%s%zu",
                      i + 1, i == 1 ? " " : "s 1-", i);
        return NULL;
    }
    for (i = 1; i < n; i++) {
        mp_obj *item = mp_iternext(mp_tuple_items(z->iters)[i]);
        if (item) {
            mp_decref(item);
            mp_err_format(&mp_type_ValueError, "zip() argument %zu is longer than argument%s%zu",
                          i + 1, i == 1 ? " " : "s 1-", i);
            return NULL;
        }
        if (mp_err_occurred())
            return NULL;
    }
    return NULL;
}

static mp_obj *zip_next(mp_obj *self) {
    zip_obj *z = (zip_obj *)self;
    size_t n = mp_tuple_size(z->iters);
    if (n == 0)
        return NULL;
    mp_obj *t = mp_tuple_new(n);
    for (size_t i = 0; i < n; i++) {
        mp_obj *item = mp_iternext(mp_tuple_items(z->iters)[i]);
        if (!item) {
            for (size_t j = i; j < n; j++)
                mp_tuple_items(t)[j] = mp_newref(mp_None);
            mp_decref(t);
            return z->strict ? zip_check_lengths(z, i) : NULL;
        }
        mp_tuple_items(t)[i] = item;
    }
    return t;
}

ITER_TYPE(mp_type_zip, "zip", zip_obj, .tflags = MP_TFLAG_BASETYPE, .dealloc = zip_dealloc,
          .iternext = zip_next, .new_ = zip_new);

/* ---- map ---------------------------------------------------------------------- */

typedef struct map_obj {
    mp_obj head;
    mp_obj *func;
    mp_obj *iters; /* tuple */
} map_obj;

static mp_obj *map_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("map", kwnames) < 0)
        return NULL;
    if (nargs < 2) {
        mp_err_format(&mp_type_TypeError, "map() must have at least two arguments.");
        return NULL;
    }
    mp_obj *iters = zip_new(&mp_type_zip, args + 1, nargs - 1, NULL);
    if (!iters)
        return NULL;
    map_obj *m = (map_obj *)mp_instance_alloc(type);
    m->func = mp_newref(args[0]);
    m->iters = mp_newref(((zip_obj *)iters)->iters);
    mp_decref(iters);
    return (mp_obj *)m;
}

static void map_dealloc(mp_obj *self) {
    map_obj *m = (map_obj *)self;
    mp_decref(m->func);
    mp_decref(m->iters);
    mp_instance_free(self);
}

static mp_obj *map_next(mp_obj *self) {
    map_obj *m = (map_obj *)self;
    size_t n = mp_tuple_size(m->iters), got = 0;
    mp_obj *small[8];
    mp_obj **items = n <= 8 ? small : mp_mem_alloc(n * sizeof(mp_obj *));
    mp_obj *r = NULL;
    for (; got < n; got++)
        if (!(items[got] = mp_iternext(mp_tuple_items(m->iters)[got])))
            break;
    if (got == n)
        r = mp_call(m->func, items, n, NULL);
    while (got > 0)
        mp_decref(items[--got]);
    if (items != small)
        mp_mem_free(items);
    return r;
}

ITER_TYPE(mp_type_map, "map", map_obj, .tflags = MP_TFLAG_BASETYPE, .dealloc = map_dealloc,
          .iternext = map_next, .new_ = map_new);

/* ---- filter ------------------------------------------------------------------- */

typedef struct filter_obj {
    mp_obj head;
    mp_obj *func; /* None: truth of the item itself */
    mp_obj *it;
} filter_obj;

static mp_obj *filter_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("filter", kwnames) < 0 || mp_arg_count("filter", nargs, 2, 2) < 0)
        return NULL;
    mp_obj *it = mp_iter(args[1]);
    if (!it)
        return NULL;
    filter_obj *f = (filter_obj *)mp_instance_alloc(type);
    f->func = mp_newref(args[0]);
    f->it = it;
    return (mp_obj *)f;
}

static void filter_dealloc(mp_obj *self) {
    filter_obj *f = (filter_obj *)self;
    mp_decref(f->func);
    mp_decref(f->it);
    mp_instance_free(self);
}

static mp_obj *filter_next(mp_obj *self) {
    filter_obj *f = (filter_obj *)self;
    mp_obj *item;
    bool use_item = f->func == mp_None || f->func == (mp_obj *)&mp_type_bool;
    while ((item = mp_iternext(f->it))) {
        int ok;
        if (use_item) {
            ok = mp_truthy(item);
        } else {
            mp_obj *r = mp_call1(f->func, item);
            ok = r ? mp_truthy(r) : -1;
            mp_xdecref(r);
        }
        if (ok > 0)
            return item;
        mp_decref(item);
        if (ok < 0)
            return NULL;
    }
    return NULL;
}

ITER_TYPE(mp_type_filter, "filter", filter_obj, .tflags = MP_TFLAG_BASETYPE,
          .dealloc = filter_dealloc, .iternext = filter_next, .new_ = filter_new);

/* ---- reversed and the sequence iterator --------------------------------------- */

typedef struct seq_cursor {
    mp_obj head;
    mp_obj *seq; /* NULL once exhausted */
    mp_ssize_t index;
} seq_cursor;

static void cursor_dealloc(mp_obj *self) {
    mp_xdecref(((seq_cursor *)self)->seq);
    mp_instance_free(self);
}

static mp_obj *reversed_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("reversed", kwnames) < 0)
        return NULL;
    if (nargs != 1) { /* _PyArg_CheckPositional's wording, not METH_O's */
        mp_err_format(&mp_type_TypeError, "reversed expected 1 argument, got %zu", nargs);
        return NULL;
    }
    mp_obj *seq = args[0];
    mp_type *st = mp_typeof(seq);
    mp_obj *meth = mp_type_lookup(st, MP_NAME(reversed));
    if (meth && meth != mp_None)
        return mp_call_special(seq, MP_NAME(reversed), NULL, 0);
    if (meth || !st->getitem || !st->len || (st->tflags & MP_TFLAG_DICT_SUBCLASS)) {
        mp_err_format(&mp_type_TypeError, "'%s' object is not reversible", st->name);
        return NULL;
    }
    mp_ssize_t n = mp_len(seq);
    if (n < 0)
        return NULL;
    seq_cursor *r = (seq_cursor *)mp_instance_alloc(type);
    r->seq = mp_newref(seq);
    r->index = n - 1;
    return (mp_obj *)r;
}

static mp_obj *reversed_next(mp_obj *self) {
    seq_cursor *r = (seq_cursor *)self;
    if (r->seq && r->index >= 0) {
        mp_obj *item = mp_getitem(r->seq, mp_small(r->index));
        if (item) {
            r->index--;
            return item;
        }
        if (!clear_if_end_of_sequence())
            return NULL;
    }
    r->index = -1;
    mp_setref(&r->seq, NULL);
    return NULL;
}

ITER_TYPE(mp_type_reversed, "reversed", seq_cursor, .tflags = MP_TFLAG_BASETYPE,
          .dealloc = cursor_dealloc, .iternext = reversed_next, .new_ = reversed_new);

mp_obj *mp_seqiter_new(mp_obj *seq) {
    seq_cursor *it = (seq_cursor *)mp_instance_alloc(&mp_type_seqiter);
    it->seq = mp_newref(seq);
    it->index = 0;
    return (mp_obj *)it;
}

static mp_obj *seqiter_next(mp_obj *self) {
    seq_cursor *it = (seq_cursor *)self;
    if (!it->seq)
        return NULL;
    mp_obj *item = mp_getitem(it->seq, mp_small(it->index));
    if (item) {
        it->index++;
        return item;
    }
    if (clear_if_end_of_sequence())
        mp_setref(&it->seq, NULL);
    return NULL;
}

ITER_TYPE(mp_type_seqiter, "iterator", seq_cursor, .dealloc = cursor_dealloc,
          .iternext = seqiter_next);

/* ---- callable_iterator ------------------------------------------------------ */

typedef struct calliter_obj {
    mp_obj head;
    mp_obj *callable; /* both NULL once exhausted */
    mp_obj *sentinel;
} calliter_obj;

mp_obj *mp_calliter_new(mp_obj *callable, mp_obj *sentinel) {
    calliter_obj *it = (calliter_obj *)mp_instance_alloc(&mp_type_calliter);
    it->callable = mp_newref(callable);
    it->sentinel = mp_newref(sentinel);
    return (mp_obj *)it;
}

static void calliter_clear(calliter_obj *it) {
    mp_setref(&it->callable, NULL);
    mp_setref(&it->sentinel, NULL);
}

static void calliter_dealloc(mp_obj *self) {
    calliter_clear((calliter_obj *)self);
    mp_instance_free(self);
}

static mp_obj *calliter_next(mp_obj *self) {
    calliter_obj *it = (calliter_obj *)self;
    if (!it->callable)
        return NULL;
    mp_obj *r = mp_call0(it->callable);
    if (!r) {
        if (mp_err_matches(&mp_type_StopIteration)) {
            mp_err_clear();
            calliter_clear(it);
        }
        return NULL;
    }
    int eq = mp_richcompare_bool(it->sentinel, r, MP_EQ);
    if (eq == 0)
        return r;
    mp_decref(r);
    if (eq > 0)
        calliter_clear(it);
    return NULL;
}

ITER_TYPE(mp_type_calliter, "callable_iterator", calliter_obj, .dealloc = calliter_dealloc,
          .iternext = calliter_next);

void mp_builtins_iter_init(void) {
    mp_type *types[] = {&mp_type_enumerate, &mp_type_zip,     &mp_type_map,     &mp_type_filter,
                        &mp_type_reversed,  &mp_type_seqiter, &mp_type_calliter};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        mp_type_ready(types[i]);
}
