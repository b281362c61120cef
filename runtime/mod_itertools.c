/*
 * mod_itertools.c — the itertools module: lazy iterator types following
 * CPython 3.11's Modules/itertoolsmodule.c (algorithms, reprs, messages).
 * Infinite: count, cycle, repeat.  Terminating: accumulate, chain,
 * compress, dropwhile, filterfalse, groupby (+ its _grouper), islice,
 * pairwise, starmap, takewhile, tee, zip_longest.  Combinatoric: product,
 * permutations, combinations, combinations_with_replacement (one shared
 * index-vector engine).
 */
#include "runtime/mod_tools.h"

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

static mp_obj *self_iter(mp_obj *self) { return mp_newref(self); }

#define IT_TYPE(var, tname, objtype, ...)                                                          \
    static mp_type var = {.head = MP_STATIC_HEADER(&mp_type_type),                                 \
                          .name = "itertools." tname,                                              \
                          .basicsize = sizeof(objtype),                                            \
                          .iter = self_iter,                                                       \
                          __VA_ARGS__}

/* Positional-only constructors: "f() takes no keyword arguments" and the
 * argument-count messages. */
static bool pos_args(const char *fname, size_t nargs, mp_obj *kwnames, size_t min, size_t max) {
    return mp_arg_no_kw(fname, kwnames) == 0 && mp_arg_count(fname, nargs, min, max) == 0;
}

/* A tuple of pool[idx[0..r-1]]. */
static mp_obj *gather(mp_obj *pool, const mp_ssize_t *idx, mp_ssize_t r) {
    mp_obj *t = mp_tuple_new((size_t)r);
    for (mp_ssize_t i = 0; i < r; i++)
        mp_tuple_items(t)[i] = mp_newref(mp_tuple_items(pool)[idx[i]]);
    return t;
}

/* ---- count ---------------------------------------------------------------- */

typedef struct count_obj {
    mp_obj head;
    mp_obj *cnt, *step;
} count_obj;

static bool is_number(mp_obj *o) {
    return mp_has_tflag(o, MP_TFLAG_INT_SUBCLASS) || mp_float_check_any(o);
}

static mp_obj *count_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"start", "step"};
    mp_obj *a[2];
    if (mp_arg_parse("count", args, nargs, kwnames, names, 2, 0, a) < 0)
        return NULL;
    mp_obj *start = a[0] ? a[0] : mp_small(0), *step = a[1] ? a[1] : mp_small(1);
    if (!is_number(start) || !is_number(step)) {
        mp_err_format(&mp_type_TypeError, "a number is required");
        return NULL;
    }
    count_obj *c = (count_obj *)mp_instance_alloc(type);
    c->cnt = mp_newref(start);
    c->step = mp_newref(step);
    return (mp_obj *)c;
}

static void count_dealloc(mp_obj *self) {
    count_obj *c = (count_obj *)self;
    mp_decref(c->cnt);
    mp_decref(c->step);
    mp_instance_free(self);
}

static mp_obj *count_next(mp_obj *self) {
    count_obj *c = (count_obj *)self;
    mp_obj *r = c->cnt, *next;
    if (mp_is_small(r) && mp_is_small(c->step) &&
        mp_small_fits((int64_t)mp_small_val(r) + mp_small_val(c->step)))
        next = mp_small(mp_small_val(r) + mp_small_val(c->step));
    else if (!(next = mp_binop(r, c->step, MP_OP_ADD)))
        return NULL;
    c->cnt = next;
    return r;
}

static mp_obj *count_repr(mp_obj *self) {
    count_obj *c = (count_obj *)self;
    mp_obj *s = c->step;
    if (mp_has_tflag(s, MP_TFLAG_INT_SUBCLASS) && mp_eq(s, mp_small(1)) == 1)
        return mp_str_format_c("count(%R)", c->cnt);
    return mp_str_format_c("count(%R, %R)", c->cnt, s);
}

IT_TYPE(count_type, "count", count_obj, .dealloc = count_dealloc, .repr = count_repr,
        .iternext = count_next, .new_ = count_new);

/* ---- cycle ---------------------------------------------------------------- */

typedef struct cycle_obj {
    mp_obj head;
    mp_obj *it;    /* NULL once the first pass is over */
    mp_obj *saved; /* list */
    size_t index;
} cycle_obj;

static mp_obj *cycle_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!pos_args("cycle", nargs, kwnames, 1, 1))
        return NULL;
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    cycle_obj *c = (cycle_obj *)mp_instance_alloc(type);
    c->it = it;
    c->saved = mp_list_new(0);
    return (mp_obj *)c;
}

static void cycle_dealloc(mp_obj *self) {
    cycle_obj *c = (cycle_obj *)self;
    mp_xdecref(c->it);
    mp_decref(c->saved);
    mp_instance_free(self);
}

static mp_obj *cycle_next(mp_obj *self) {
    cycle_obj *c = (cycle_obj *)self;
    if (c->it) {
        mp_obj *item = mp_iternext(c->it);
        if (item) {
            mp_list_append(c->saved, item);
            return item;
        }
        if (mp_err_occurred())
            return NULL;
        mp_setref(&c->it, NULL);
    }
    size_t n = mp_list_size(c->saved);
    if (n == 0)
        return NULL;
    if (c->index >= n)
        c->index = 0;
    return mp_newref(mp_list_items(c->saved)[c->index++]);
}

IT_TYPE(cycle_type, "cycle", cycle_obj, .dealloc = cycle_dealloc, .iternext = cycle_next,
        .new_ = cycle_new);

/* ---- repeat --------------------------------------------------------------- */

typedef struct repeat_obj {
    mp_obj head;
    mp_obj *element;
    mp_ssize_t cnt; /* -1: forever */
} repeat_obj;

static mp_obj *repeat_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"object", "times"};
    mp_obj *a[2];
    if (mp_arg_parse("repeat", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    mp_ssize_t cnt = -1;
    if (a[1]) {
        cnt = mp_index_ssize(a[1]);
        if (cnt == -1 && mp_err_occurred())
            return NULL;
        if (cnt < 0)
            cnt = 0;
    }
    repeat_obj *r = (repeat_obj *)mp_instance_alloc(type);
    r->element = mp_newref(a[0]);
    r->cnt = cnt;
    return (mp_obj *)r;
}

static void repeat_dealloc(mp_obj *self) {
    mp_decref(((repeat_obj *)self)->element);
    mp_instance_free(self);
}

static mp_obj *repeat_next(mp_obj *self) {
    repeat_obj *r = (repeat_obj *)self;
    if (r->cnt == 0)
        return NULL;
    if (r->cnt > 0)
        r->cnt--;
    return mp_newref(r->element);
}

static mp_obj *repeat_repr(mp_obj *self) {
    repeat_obj *r = (repeat_obj *)self;
    if (r->cnt < 0)
        return mp_str_format_c("repeat(%R)", r->element);
    return mp_str_format_c("repeat(%R, %zd)", r->element, r->cnt);
}

IT_TYPE(repeat_type, "repeat", repeat_obj, .dealloc = repeat_dealloc, .repr = repeat_repr,
        .iternext = repeat_next, .new_ = repeat_new);

/* ---- chain ---------------------------------------------------------------- */

typedef struct chain_obj {
    mp_obj head;
    mp_obj *source; /* iterator over the iterables, NULL when exhausted */
    mp_obj *active; /* iterator of the current iterable, or NULL */
} chain_obj;

static mp_type chain_type;

static mp_obj *chain_make(mp_type *type, mp_obj *iterables) {
    mp_obj *source = mp_iter(iterables);
    if (!source)
        return NULL;
    chain_obj *c = (chain_obj *)mp_instance_alloc(type);
    c->source = source;
    return (mp_obj *)c;
}

static mp_obj *chain_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("chain", kwnames) < 0)
        return NULL;
    mp_obj *t = mp_tuple_from_array(args, nargs);
    mp_obj *r = chain_make(type, t);
    mp_decref(t);
    return r;
}

static mp_obj *chain_from_iterable(mp_obj *cls, mp_obj *const *args, size_t nargs,
                                   mp_obj *kwnames) {
    if (!pos_args("from_iterable", nargs, kwnames, 1, 1))
        return NULL;
    return chain_make((mp_type *)cls, args[0]);
}

static void chain_dealloc(mp_obj *self) {
    chain_obj *c = (chain_obj *)self;
    mp_xdecref(c->source);
    mp_xdecref(c->active);
    mp_instance_free(self);
}

static mp_obj *chain_next(mp_obj *self) {
    chain_obj *c = (chain_obj *)self;
    while (c->source) {
        if (!c->active) {
            mp_obj *iterable = mp_iternext(c->source);
            if (!iterable) {
                if (!mp_err_occurred())
                    mp_setref(&c->source, NULL);
                return NULL;
            }
            c->active = mp_iter(iterable);
            mp_decref(iterable);
            if (!c->active)
                return NULL;
        }
        mp_obj *item = mp_iternext(c->active);
        if (item || mp_err_occurred())
            return item;
        mp_setref(&c->active, NULL);
    }
    return NULL;
}

static const mp_method_def chain_methods[] = {
    {"from_iterable", chain_from_iterable, MP_METH_CLASS,
     "Alternative chain() constructor taking a single iterable argument that evaluates lazily."},
    {NULL},
};

IT_TYPE(chain_type, "chain", chain_obj, .dealloc = chain_dealloc, .iternext = chain_next,
        .new_ = chain_new, .methods = chain_methods);

/* ---- islice --------------------------------------------------------------- */

typedef struct islice_obj {
    mp_obj head;
    mp_obj *it; /* NULL when exhausted */
    mp_ssize_t next, stop, step, cnt;
} islice_obj;

static const char islice_stop_msg[] =
    "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
static const char islice_idx_msg[] =
    "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";

/* None -> dflt; an index >= lo -> its value; else ValueError(msg). */
static bool islice_arg(mp_obj *o, mp_ssize_t dflt, mp_ssize_t lo, const char *msg,
                       mp_ssize_t *out) {
    *out = dflt;
    if (!o || o == mp_None)
        return true;
    mp_ssize_t v = mp_index_ssize(o);
    if (mp_err_occurred())
        mp_err_clear();
    else if (v >= lo) {
        *out = v;
        return true;
    }
    mp_err_format(&mp_type_ValueError, "%s", msg);
    return false;
}

static mp_obj *islice_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!pos_args("islice", nargs, kwnames, 2, 4))
        return NULL;
    mp_ssize_t start = 0, stop = -1, step = 1;
    if (nargs == 2) {
        if (!islice_arg(args[1], -1, 0, islice_stop_msg, &stop))
            return NULL;
    } else {
        if (!islice_arg(args[1], 0, 0, islice_idx_msg, &start) ||
            !islice_arg(args[2], -1, 0, islice_stop_msg, &stop))
            return NULL;
        if (nargs == 4 && args[3] != mp_None) {
            step = mp_index_ssize(args[3]);
            if (mp_err_occurred()) {
                mp_err_clear();
                step = 0;
            }
        }
        if (step < 1) {
            mp_err_format(&mp_type_ValueError,
                          "Step for islice() must be a positive integer or None.");
            return NULL;
        }
    }
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    islice_obj *s = (islice_obj *)mp_instance_alloc(type);
    s->it = it;
    s->next = start;
    s->stop = stop;
    s->step = step;
    return (mp_obj *)s;
}

static void islice_dealloc(mp_obj *self) {
    mp_xdecref(((islice_obj *)self)->it);
    mp_instance_free(self);
}

static mp_obj *islice_next(mp_obj *self) {
    islice_obj *s = (islice_obj *)self;
    mp_obj *item;
    if (!s->it)
        return NULL;
    while (s->cnt < s->next) {
        if (!(item = mp_iternext(s->it)))
            goto empty;
        mp_decref(item);
        s->cnt++;
    }
    if (s->stop != -1 && s->cnt >= s->stop)
        goto empty;
    if (!(item = mp_iternext(s->it)))
        goto empty;
    s->cnt++;
    mp_ssize_t old = s->next;
    s->next += s->step;
    if (s->next < old || (s->stop != -1 && s->next > s->stop))
        s->next = s->stop;
    return item;
empty:
    if (!mp_err_occurred())
        mp_setref(&s->it, NULL);
    return NULL;
}

IT_TYPE(islice_type, "islice", islice_obj, .dealloc = islice_dealloc, .iternext = islice_next,
        .new_ = islice_new);

/* ---- combinatorics: product, permutations, combinations, cwr ------------- */

enum {
    K_PRODUCT,
    K_PERM,
    K_COMB,
    K_CWR
};

typedef struct comb_obj {
    mp_obj head;
    mp_obj *pools;      /* product: tuple of tuples; others: tuple of one pool */
    mp_ssize_t *idx;    /* r indices (product: one per pool) */
    mp_ssize_t *cycles; /* permutations only */
    mp_ssize_t n, r;    /* pool size (not product), result size */
    int kind;
    bool started, stopped;
} comb_obj;

/* The index vector starts at the first result: r indices (permutations
 * keep all n, of which the first r are the result). */
static mp_obj *comb_alloc(mp_type *type, int kind, mp_obj *pools, mp_ssize_t n, mp_ssize_t r,
                          bool stopped) {
    comb_obj *c = (comb_obj *)mp_instance_alloc(type);
    c->pools = pools;
    c->kind = kind;
    c->n = n;
    c->r = r;
    c->stopped = stopped;
    mp_ssize_t nidx = kind == K_PERM ? n : r;
    c->idx = mp_mem_alloc(sizeof(mp_ssize_t) * (size_t)(nidx + 1));
    for (mp_ssize_t i = 0; i < nidx; i++)
        c->idx[i] = kind == K_PRODUCT || kind == K_CWR ? 0 : i;
    if (kind == K_PERM) {
        c->cycles = mp_mem_alloc(sizeof(mp_ssize_t) * (size_t)(r + 1));
        for (mp_ssize_t i = 0; i < r; i++)
            c->cycles[i] = n - i;
    }
    return (mp_obj *)c;
}

static void comb_dealloc(mp_obj *self) {
    comb_obj *c = (comb_obj *)self;
    mp_decref(c->pools);
    mp_mem_free(c->idx);
    if (c->cycles)
        mp_mem_free(c->cycles);
    mp_instance_free(self);
}

/* Advances the index vector; false when the sequence is over. */
static bool comb_advance(comb_obj *c) {
    mp_ssize_t n = c->n, r = c->r, i;
    mp_ssize_t *idx = c->idx;
    switch (c->kind) {
    case K_PRODUCT:
        for (i = r - 1; i >= 0; i--) {
            if (++idx[i] < (mp_ssize_t)mp_tuple_size(mp_tuple_items(c->pools)[i]))
                return true;
            idx[i] = 0;
        }
        return false;
    case K_COMB:
        for (i = r - 1; i >= 0 && idx[i] == i + n - r; i--)
            ;
        if (i < 0)
            return false;
        idx[i]++;
        for (mp_ssize_t j = i + 1; j < r; j++)
            idx[j] = idx[j - 1] + 1;
        return true;
    case K_CWR:
        for (i = r - 1; i >= 0 && idx[i] == n - 1; i--)
            ;
        if (i < 0)
            return false;
        mp_ssize_t v = idx[i] + 1;
        for (mp_ssize_t j = i; j < r; j++)
            idx[j] = v;
        return true;
    default: /* K_PERM */
        if (n == 0)
            return false;
        for (i = r - 1; i >= 0; i--) {
            if (--c->cycles[i] == 0) {
                mp_ssize_t first = idx[i];
                for (mp_ssize_t j = i; j < n - 1; j++)
                    idx[j] = idx[j + 1];
                idx[n - 1] = first;
                c->cycles[i] = n - i;
            } else {
                mp_ssize_t j = c->cycles[i], t = idx[i];
                idx[i] = idx[n - j];
                idx[n - j] = t;
                return true;
            }
        }
        return false;
    }
}

static mp_obj *comb_next(mp_obj *self) {
    comb_obj *c = (comb_obj *)self;
    if (c->stopped)
        return NULL;
    if (c->started && !comb_advance(c)) {
        c->stopped = true;
        return NULL;
    }
    c->started = true;
    if (c->kind != K_PRODUCT)
        return gather(mp_tuple_items(c->pools)[0], c->idx, c->r);
    mp_obj *t = mp_tuple_new((size_t)c->r);
    for (mp_ssize_t i = 0; i < c->r; i++)
        mp_tuple_items(t)[i] = mp_newref(mp_tuple_items(mp_tuple_items(c->pools)[i])[c->idx[i]]);
    return t;
}

#define COMB_TYPE(var, tname, ctor)                                                                \
    IT_TYPE(var, tname, comb_obj, .dealloc = comb_dealloc, .iternext = comb_next, .new_ = ctor)

static mp_obj *product_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t repeat = 1;
    size_t nkw = kwnames ? mp_tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        mp_obj *name = mp_tuple_items(kwnames)[i];
        if (!mp_str_eq_cstr(name, "repeat")) {
            mp_err_format(&mp_type_TypeError, "product() got an unexpected keyword argument '%U'",
                          name);
            return NULL;
        }
        repeat = mp_index_ssize(args[nargs + i]);
        if (repeat == -1 && mp_err_occurred())
            return NULL;
        if (repeat < 0) {
            mp_err_format(&mp_type_ValueError, "repeat argument cannot be negative");
            return NULL;
        }
    }
    if (nargs && (size_t)repeat > (size_t)MP_SMALL_MAX / nargs) {
        mp_err_format(&mp_type_OverflowError, "repeat argument too large");
        return NULL;
    }
    /* Each iterable is read once (even with repeat=0), then repeated. */
    mp_obj *base = mp_tuple_new(nargs);
    for (size_t i = 0; i < nargs; i++) {
        mp_obj *p = mp_tuple_from_iter(args[i]);
        if (!p) {
            for (size_t j = i; j < nargs; j++)
                mp_tuple_items(base)[j] = mp_newref(mp_None);
            mp_decref(base);
            return NULL;
        }
        mp_tuple_items(base)[i] = p;
    }
    size_t npools = nargs * (size_t)repeat;
    mp_obj *pools = mp_tuple_new(npools);
    bool empty = false;
    for (size_t i = 0; i < npools; i++) {
        mp_obj *p = mp_tuple_items(base)[i % nargs];
        mp_tuple_items(pools)[i] = mp_newref(p);
        empty |= mp_tuple_size(p) == 0;
    }
    mp_decref(base);
    return comb_alloc(type, K_PRODUCT, pools, 0, (mp_ssize_t)npools, empty);
}

COMB_TYPE(product_type, "product", product_new);

/* The shared constructor of permutations / combinations / cwr. */
static mp_obj *choose_new(mp_type *type, int kind, const char *fname, mp_obj *const *args,
                          size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"iterable", "r"};
    mp_obj *a[2];
    if (mp_arg_parse(fname, args, nargs, kwnames, names, 2, kind == K_PERM ? 1 : 2, a) < 0)
        return NULL;
    mp_obj *pool = mp_tuple_from_iter(a[0]);
    if (!pool)
        return NULL;
    mp_ssize_t n = (mp_ssize_t)mp_tuple_size(pool), r = n;
    if (a[1] && a[1] != mp_None) {
        if (!mp_has_tflag(a[1], MP_TFLAG_INT_SUBCLASS)) {
            mp_err_format(&mp_type_TypeError, "Expected int as r");
            mp_decref(pool);
            return NULL;
        }
        r = mp_index_ssize(a[1]);
        if (r == -1 && mp_err_occurred()) {
            mp_decref(pool);
            return NULL;
        }
    }
    if (r < 0) {
        mp_err_format(&mp_type_ValueError, "r must be non-negative");
        mp_decref(pool);
        return NULL;
    }
    mp_obj *pools = mp_tuple_pack(1, pool);
    mp_decref(pool);
    return comb_alloc(type, kind, pools, n, r, kind == K_CWR ? n == 0 && r > 0 : r > n);
}

static mp_obj *perm_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return choose_new(type, K_PERM, "permutations", args, nargs, kwnames);
}
static mp_obj *comb_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return choose_new(type, K_COMB, "combinations", args, nargs, kwnames);
}
static mp_obj *cwr_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return choose_new(type, K_CWR, "combinations_with_replacement", args, nargs, kwnames);
}

COMB_TYPE(perm_type, "permutations", perm_new);
COMB_TYPE(comb_type, "combinations", comb_new);
COMB_TYPE(cwr_type, "combinations_with_replacement", cwr_new);

/* ---- accumulate ----------------------------------------------------------- */

typedef struct accumulate_obj {
    mp_obj head;
    mp_obj *it, *func, *total, *initial; /* func, total, initial may be NULL */
} accumulate_obj;

static mp_obj *accumulate_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"iterable", "func", "$initial"};
    mp_obj *a[3];
    if (mp_arg_parse("accumulate", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    mp_obj *it = mp_iter(a[0]);
    if (!it)
        return NULL;
    accumulate_obj *o = (accumulate_obj *)mp_instance_alloc(type);
    o->it = it;
    o->func = a[1] && a[1] != mp_None ? mp_newref(a[1]) : NULL;
    o->initial = a[2] && a[2] != mp_None ? mp_newref(a[2]) : NULL;
    return (mp_obj *)o;
}

static void accumulate_dealloc(mp_obj *self) {
    accumulate_obj *o = (accumulate_obj *)self;
    mp_decref(o->it);
    mp_xdecref(o->func);
    mp_xdecref(o->total);
    mp_xdecref(o->initial);
    mp_instance_free(self);
}

static mp_obj *accumulate_next(mp_obj *self) {
    accumulate_obj *o = (accumulate_obj *)self;
    if (o->initial) {
        o->total = o->initial;
        o->initial = NULL;
        return mp_newref(o->total);
    }
    mp_obj *val = mp_iternext(o->it);
    if (!val)
        return NULL;
    if (!o->total) {
        o->total = mp_newref(val);
        return val;
    }
    mp_obj *nt = o->func ? mp_call2(o->func, o->total, val) : mp_binop(o->total, val, MP_OP_ADD);
    mp_decref(val);
    if (!nt)
        return NULL;
    mp_setref(&o->total, nt);
    return mp_newref(nt);
}

IT_TYPE(accumulate_type, "accumulate", accumulate_obj, .dealloc = accumulate_dealloc,
        .iternext = accumulate_next, .new_ = accumulate_new);

/* ---- zip_longest ---------------------------------------------------------- */

typedef struct ziplong_obj {
    mp_obj head;
    mp_obj **iters; /* NULL entries are exhausted */
    size_t n, active;
    mp_obj *fill;
} ziplong_obj;

static mp_obj *ziplong_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *fill = mp_None;
    size_t nkw = kwnames ? mp_tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        mp_obj *name = mp_tuple_items(kwnames)[i];
        if (!mp_str_eq_cstr(name, "fillvalue")) {
            mp_err_format(&mp_type_TypeError, "zip_longest() got an unexpected keyword argument");
            return NULL;
        }
        fill = args[nargs + i];
    }
    mp_obj **iters = mp_mem_alloc(sizeof(mp_obj *) * (nargs ? nargs : 1));
    for (size_t i = 0; i < nargs; i++) {
        if (!(iters[i] = mp_iter(args[i]))) {
            while (i > 0)
                mp_decref(iters[--i]);
            mp_mem_free(iters);
            return NULL;
        }
    }
    ziplong_obj *z = (ziplong_obj *)mp_instance_alloc(type);
    z->iters = iters;
    z->n = z->active = nargs;
    z->fill = mp_newref(fill);
    return (mp_obj *)z;
}

static void ziplong_dealloc(mp_obj *self) {
    ziplong_obj *z = (ziplong_obj *)self;
    for (size_t i = 0; i < z->n; i++)
        mp_xdecref(z->iters[i]);
    mp_mem_free(z->iters);
    mp_decref(z->fill);
    mp_instance_free(self);
}

static mp_obj *ziplong_next(mp_obj *self) {
    ziplong_obj *z = (ziplong_obj *)self;
    if (z->n == 0 || z->active == 0)
        return NULL;
    mp_obj *t = mp_tuple_new(z->n);
    for (size_t i = 0; i < z->n; i++) {
        mp_obj *item = z->iters[i] ? mp_iternext(z->iters[i]) : NULL;
        if (!item) {
            if (mp_err_occurred() || (z->iters[i] && --z->active == 0)) {
                if (!mp_err_occurred())
                    mp_setref(&z->iters[i], NULL);
                for (size_t j = i; j < z->n; j++)
                    mp_tuple_items(t)[j] = mp_newref(mp_None);
                mp_decref(t);
                return NULL;
            }
            mp_setref(&z->iters[i], NULL);
            item = mp_newref(z->fill);
        }
        mp_tuple_items(t)[i] = item;
    }
    return t;
}

IT_TYPE(ziplong_type, "zip_longest", ziplong_obj, .dealloc = ziplong_dealloc,
        .iternext = ziplong_next, .new_ = ziplong_new);

/* ---- groupby and _grouper --------------------------------------------------- */

typedef struct groupby_obj {
    mp_obj head;
    mp_obj *it, *keyfunc; /* keyfunc NULL: identity */
    mp_obj *tgtkey, *currkey, *currvalue;
    const mp_obj *currgrouper; /* identity only: the one valid group */
} groupby_obj;

typedef struct grouper_obj {
    mp_obj head;
    mp_obj *parent, *tgtkey;
} grouper_obj;

static mp_obj *groupby_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"iterable", "key"};
    mp_obj *a[2];
    if (mp_arg_parse("groupby", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    mp_obj *it = mp_iter(a[0]);
    if (!it)
        return NULL;
    groupby_obj *g = (groupby_obj *)mp_instance_alloc(type);
    g->it = it;
    g->keyfunc = a[1] && a[1] != mp_None ? mp_newref(a[1]) : NULL;
    return (mp_obj *)g;
}

static void groupby_dealloc(mp_obj *self) {
    groupby_obj *g = (groupby_obj *)self;
    mp_decref(g->it);
    mp_xdecref(g->keyfunc);
    mp_xdecref(g->tgtkey);
    mp_xdecref(g->currkey);
    mp_xdecref(g->currvalue);
    mp_instance_free(self);
}

/* Reads the next value and its key; -1 at the end or on error. */
static int groupby_step(groupby_obj *g) {
    mp_obj *v = mp_iternext(g->it);
    if (!v)
        return -1;
    mp_obj *k = g->keyfunc ? mp_call1(g->keyfunc, v) : mp_newref(v);
    if (!k) {
        mp_decref(v);
        return -1;
    }
    mp_setref(&g->currvalue, v);
    mp_setref(&g->currkey, k);
    return 0;
}

static mp_type grouper_type;

static mp_obj *groupby_next(mp_obj *self) {
    groupby_obj *g = (groupby_obj *)self;
    g->currgrouper = NULL;
    for (;;) {
        if (g->currkey) {
            if (!g->tgtkey)
                break;
            int eq = mp_richcompare_bool(g->tgtkey, g->currkey, MP_EQ);
            if (eq < 0)
                return NULL;
            if (eq == 0)
                break;
        }
        if (groupby_step(g) < 0)
            return NULL;
    }
    mp_setref(&g->tgtkey, mp_newref(g->currkey));
    grouper_obj *gr = (grouper_obj *)mp_instance_alloc(&grouper_type);
    gr->parent = mp_newref(self);
    gr->tgtkey = mp_newref(g->tgtkey);
    g->currgrouper = (mp_obj *)gr;
    mp_obj *t = mp_tuple_new(2);
    mp_tuple_items(t)[0] = mp_newref(g->currkey);
    mp_tuple_items(t)[1] = (mp_obj *)gr;
    return t;
}

static void grouper_dealloc(mp_obj *self) {
    grouper_obj *gr = (grouper_obj *)self;
    mp_decref(gr->parent);
    mp_decref(gr->tgtkey);
    mp_instance_free(self);
}

static mp_obj *grouper_next(mp_obj *self) {
    grouper_obj *gr = (grouper_obj *)self;
    groupby_obj *g = (groupby_obj *)gr->parent;
    if (g->currgrouper != self)
        return NULL;
    if (!g->currvalue && groupby_step(g) < 0)
        return NULL;
    int eq = mp_richcompare_bool(gr->tgtkey, g->currkey, MP_EQ);
    if (eq <= 0)
        return NULL;
    mp_obj *r = g->currvalue;
    g->currvalue = NULL;
    mp_setref(&g->currkey, NULL);
    return r;
}

IT_TYPE(groupby_type, "groupby", groupby_obj, .dealloc = groupby_dealloc, .iternext = groupby_next,
        .new_ = groupby_new);
IT_TYPE(grouper_type, "_grouper", grouper_obj, .dealloc = grouper_dealloc,
        .iternext = grouper_next);

/* ---- predicate/function + iterator: starmap, takewhile, dropwhile,
 *      filterfalse, compress ---------------------------------------------------- */

typedef struct fi_obj {
    mp_obj head;
    mp_obj *func; /* function, predicate, or the selectors iterator */
    mp_obj *it;
    bool done; /* takewhile: stopped; dropwhile: dropping is over */
} fi_obj;

static mp_obj *fi_make(mp_type *type, const char *fname, mp_obj *const *args, size_t nargs,
                       mp_obj *kwnames, bool iter_first) {
    if (!pos_args(fname, nargs, kwnames, 2, 2))
        return NULL;
    mp_obj *it = mp_iter(args[iter_first ? 0 : 1]);
    if (!it)
        return NULL;
    mp_obj *func = iter_first ? mp_iter(args[1]) : mp_newref(args[0]);
    if (!func) {
        mp_decref(it);
        return NULL;
    }
    fi_obj *o = (fi_obj *)mp_instance_alloc(type);
    o->func = func;
    o->it = it;
    return (mp_obj *)o;
}

static void fi_dealloc(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    mp_decref(o->func);
    mp_decref(o->it);
    mp_instance_free(self);
}

/* pred(item) as a C truth value (pred None: item's own truth). */
static int fi_test(fi_obj *o, mp_obj *item) {
    if (o->func == mp_None)
        return mp_truthy(item);
    mp_obj *r = mp_call1(o->func, item);
    if (!r)
        return -1;
    int t = mp_truthy(r);
    mp_decref(r);
    return t;
}

static mp_obj *starmap_next(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    mp_obj *args = mp_iternext(o->it);
    if (!args)
        return NULL;
    if (!mp_isinstance_exact(args, &mp_type_tuple)) {
        mp_obj *t = mp_tuple_from_iter(args);
        mp_decref(args);
        if (!(args = t))
            return NULL;
    }
    mp_obj *r = mp_call(o->func, mp_tuple_items(args), mp_tuple_size(args), NULL);
    mp_decref(args);
    return r;
}

static mp_obj *takewhile_next(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    if (o->done)
        return NULL;
    mp_obj *item = mp_iternext(o->it);
    if (!item)
        return NULL;
    int t = fi_test(o, item);
    if (t > 0)
        return item;
    mp_decref(item);
    if (t == 0)
        o->done = true;
    return NULL;
}

static mp_obj *dropwhile_next(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    mp_obj *item;
    while ((item = mp_iternext(o->it))) {
        if (o->done)
            return item;
        int t = fi_test(o, item);
        if (t == 0) {
            o->done = true;
            return item;
        }
        mp_decref(item);
        if (t < 0)
            return NULL;
    }
    return NULL;
}

static mp_obj *filterfalse_next(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    mp_obj *item;
    while ((item = mp_iternext(o->it))) {
        int t = fi_test(o, item);
        if (t == 0)
            return item;
        mp_decref(item);
        if (t < 0)
            return NULL;
    }
    return NULL;
}

static mp_obj *compress_next(mp_obj *self) {
    fi_obj *o = (fi_obj *)self;
    mp_obj *item, *sel;
    while ((item = mp_iternext(o->it))) {
        if (!(sel = mp_iternext(o->func))) {
            mp_decref(item);
            return NULL;
        }
        int t = mp_truthy(sel);
        mp_decref(sel);
        if (t > 0)
            return item;
        mp_decref(item);
        if (t < 0)
            return NULL;
    }
    return NULL;
}

#define FI_TYPE(var, fname, iter_first)                                                            \
    static mp_obj *var##_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {  \
        return fi_make(type, fname, args, nargs, kwnames, iter_first);                             \
    }                                                                                              \
    IT_TYPE(var##_type, fname, fi_obj, .dealloc = fi_dealloc, .iternext = var##_next,              \
            .new_ = var##_new)

FI_TYPE(starmap, "starmap", false);
FI_TYPE(takewhile, "takewhile", false);
FI_TYPE(dropwhile, "dropwhile", false);
FI_TYPE(filterfalse, "filterfalse", false);
FI_TYPE(compress, "compress", true);

/* ---- pairwise --------------------------------------------------------------- */

typedef struct pairwise_obj {
    mp_obj head;
    mp_obj *it, *old; /* it NULL when exhausted */
} pairwise_obj;

static mp_obj *pairwise_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!pos_args("pairwise", nargs, kwnames, 1, 1))
        return NULL;
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    pairwise_obj *p = (pairwise_obj *)mp_instance_alloc(type);
    p->it = it;
    return (mp_obj *)p;
}

static void pairwise_dealloc(mp_obj *self) {
    pairwise_obj *p = (pairwise_obj *)self;
    mp_xdecref(p->it);
    mp_xdecref(p->old);
    mp_instance_free(self);
}

static mp_obj *pairwise_next(mp_obj *self) {
    pairwise_obj *p = (pairwise_obj *)self;
    if (!p->it)
        return NULL;
    if (!p->old && !(p->old = mp_iternext(p->it)))
        goto end;
    mp_obj *nw = mp_iternext(p->it);
    if (!nw)
        goto end;
    mp_obj *t = mp_tuple_new(2);
    mp_tuple_items(t)[0] = p->old;
    mp_tuple_items(t)[1] = mp_newref(nw);
    p->old = nw;
    return t;
end:
    if (!mp_err_occurred()) {
        mp_setref(&p->it, NULL);
        mp_setref(&p->old, NULL);
    }
    return NULL;
}

IT_TYPE(pairwise_type, "pairwise", pairwise_obj, .dealloc = pairwise_dealloc,
        .iternext = pairwise_next, .new_ = pairwise_new);

/* ---- tee ---------------------------------------------------------------------- */

/* The tees of one tee() call share the underlying iterator and a list of
 * the values read so far; each tee keeps its own position in it. */
typedef struct teedata_obj {
    mp_obj head;
    mp_obj *it;     /* NULL when exhausted */
    mp_obj *values; /* list */
} teedata_obj;

typedef struct tee_obj {
    mp_obj head;
    mp_obj *data;
    size_t index;
} tee_obj;

static void teedata_dealloc(mp_obj *self) {
    teedata_obj *d = (teedata_obj *)self;
    mp_xdecref(d->it);
    mp_decref(d->values);
    mp_instance_free(self);
}

static mp_type teedata_type = {.head = MP_STATIC_HEADER(&mp_type_type),
                               .name = "itertools._tee_dataobject",
                               .basicsize = sizeof(teedata_obj),
                               .dealloc = teedata_dealloc};

static mp_type tee_type;

static mp_obj *tee_make(mp_obj *data, size_t index) {
    tee_obj *t = (tee_obj *)mp_instance_alloc(&tee_type);
    t->data = mp_newref(data);
    t->index = index;
    return (mp_obj *)t;
}

static void tee_dealloc(mp_obj *self) {
    mp_decref(((tee_obj *)self)->data);
    mp_instance_free(self);
}

static mp_obj *tee_next(mp_obj *self) {
    tee_obj *t = (tee_obj *)self;
    teedata_obj *d = (teedata_obj *)t->data;
    if (t->index < mp_list_size(d->values))
        return mp_newref(mp_list_items(d->values)[t->index++]);
    if (!d->it)
        return NULL;
    mp_obj *item = mp_iternext(d->it);
    if (!item) {
        if (!mp_err_occurred())
            mp_setref(&d->it, NULL);
        return NULL;
    }
    mp_list_append(d->values, item);
    t->index++;
    return item;
}

static mp_obj *tee_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return tee_make(((tee_obj *)self)->data, ((tee_obj *)self)->index);
}

static const mp_method_def tee_methods[] = {
    {"__copy__", tee_copy, 0, "Returns an independent iterator."},
    {NULL},
};

IT_TYPE(tee_type, "_tee", tee_obj, .dealloc = tee_dealloc, .iternext = tee_next,
        .methods = tee_methods);

static mp_obj *it_tee(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!pos_args("tee", nargs, kwnames, 1, 2))
        return NULL;
    mp_ssize_t n = 2;
    if (nargs == 2 && (n = mp_index_ssize(args[1])) == -1 && mp_err_occurred())
        return NULL;
    if (n < 0) {
        mp_err_format(&mp_type_ValueError, "n must be >= 0");
        return NULL;
    }
    mp_obj *data, *it = NULL;
    size_t index = 0;
    if (mp_isinstance_exact(args[0], &tee_type)) {
        data = mp_newref(((tee_obj *)args[0])->data);
        index = ((tee_obj *)args[0])->index;
    } else {
        if (!(it = mp_iter(args[0])))
            return NULL;
        teedata_obj *d = (teedata_obj *)mp_instance_alloc(&teedata_type);
        d->it = it;
        d->values = mp_list_new(0);
        data = (mp_obj *)d;
    }
    mp_obj *r = mp_tuple_new((size_t)n);
    for (mp_ssize_t i = 0; i < n; i++)
        mp_tuple_items(r)[i] = tee_make(data, index);
    mp_decref(data);
    return r;
}

/* ---- the module ------------------------------------------------------------- */

static mp_type *const itertools_types[] = {
    &count_type,       &cycle_type,    &repeat_type,   &chain_type,     &islice_type,
    &product_type,     &perm_type,     &comb_type,     &cwr_type,       &accumulate_type,
    &ziplong_type,     &groupby_type,  &starmap_type,  &takewhile_type, &dropwhile_type,
    &filterfalse_type, &compress_type, &pairwise_type, &tee_type,       &grouper_type,
    &teedata_type,
};

static const mp_method_def itertools_functions[] = {
    {"tee", it_tee, 0, "Returns a tuple of n independent iterators."},
    {NULL},
};

mp_obj *mp_itertools_module_create(void) {
    mp_obj *m = mp_module_new("itertools");
    if (!m || mp_module_add_functions(m, itertools_functions) < 0)
        goto fail;
    for (size_t i = 0; i < sizeof itertools_types / sizeof itertools_types[0]; i++) {
        mp_type *t = itertools_types[i];
        if (mp_type_ready(t) < 0)
            goto fail;
        if (t != &grouper_type && t != &teedata_type && t != &tee_type &&
            mp_module_add_obj(m, t->name + sizeof "itertools." - 1, (mp_obj *)t) < 0)
            goto fail;
    }
    return m;
fail:
    mp_xdecref(m);
    return NULL;
}
