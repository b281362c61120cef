/*
 * containers.c — helpers shared by the built-in containers: argument-count
 * errors worded like CPython's, KeyError, index checks, lexicographic
 * sequence comparison, the repr recursion guard and deferred deallocation.
 *
 * The repr guard and the deallocation queue are per-thread (C11
 * thread-locals), so they stay correct when threads run in parallel.
 */
#include "runtime/containers.h"

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_list.h"
#include "runtime/obj_tuple.h"

mp_obj *mp_ctr_str_index, *mp_ctr_str_missing, *mp_ctr_str_keys;

void mp_ctr_init_names(void) {
    if (mp_ctr_str_index)
        return;
    mp_ctr_str_index = mp_str_intern_cstr("__index__");
    mp_ctr_str_missing = mp_str_intern_cstr("__missing__");
    mp_ctr_str_keys = mp_str_intern_cstr("keys");
}

/* ---- argument checks ----------------------------------------------------- */

static bool has_kw(mp_obj *kwnames) { return kwnames && mp_tuple_size(kwnames) > 0; }

static int no_kw(const char *qualname, mp_obj *kwnames) {
    if (!has_kw(kwnames))
        return 0;
    mp_err_format(&mp_type_TypeError, "%s() takes no keyword arguments", qualname);
    return -1;
}

int mp_ctr_noargs(const char *qualname, size_t nargs, mp_obj *kwnames) {
    if (no_kw(qualname, kwnames) < 0)
        return -1;
    if (nargs == 0)
        return 0;
    mp_err_format(&mp_type_TypeError, "%s() takes no arguments (%zu given)", qualname, nargs);
    return -1;
}

int mp_ctr_onearg(const char *qualname, size_t nargs, mp_obj *kwnames) {
    if (no_kw(qualname, kwnames) < 0)
        return -1;
    if (nargs == 1)
        return 0;
    mp_err_format(&mp_type_TypeError, "%s() takes exactly one argument (%zu given)", qualname,
                  nargs);
    return -1;
}

int mp_ctr_args(const char *qualname, const char *name, size_t nargs, mp_obj *kwnames, size_t min,
                size_t max) {
    if (no_kw(qualname, kwnames) < 0)
        return -1;
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max)
        mp_err_format(&mp_type_TypeError, "%s expected %zu argument%s, got %zu", name, min,
                      min == 1 ? "" : "s", nargs);
    else if (nargs < min)
        mp_err_format(&mp_type_TypeError, "%s expected at least %zu argument%s, got %zu", name, min,
                      min == 1 ? "" : "s", nargs);
    else
        mp_err_format(&mp_type_TypeError, "%s expected at most %zu argument%s, got %zu", name, max,
                      max == 1 ? "" : "s", nargs);
    return -1;
}

void mp_ctr_key_error(mp_obj *key) {
    mp_obj *args = mp_tuple_pack(1, key);
    if (!args)
        return;
    mp_obj *exc = mp_exc_new(&mp_type_KeyError, args);
    mp_decref(args);
    if (exc)
        mp_err_set_exc(exc);
}

bool mp_ctr_is_index(mp_obj *o) {
    return mp_int_check(o) || mp_type_lookup(mp_typeof(o), mp_ctr_str_index) != NULL;
}

/* ---- sequences ------------------------------------------------------------ */

int mp_ctr_repeat_count(mp_obj *other, mp_ssize_t *count) {
    if (mp_is_small(other)) {
        *count = mp_small_val(other);
        return 1;
    }
    if (!mp_ctr_is_index(other))
        return 0;
    *count = mp_index_ssize(other);
    return *count == -1 && mp_err_occurred() ? -1 : 1;
}

mp_obj *mp_ctr_compare_sizes(size_t a, size_t b, int op) {
    bool r = false;
    switch (op) {
    case MP_LT: r = a < b; break;
    case MP_LE: r = a <= b; break;
    case MP_EQ: r = a == b; break;
    case MP_NE: r = a != b; break;
    case MP_GT: r = a > b; break;
    case MP_GE: r = a >= b; break;
    }
    return mp_bool_from(r);
}

mp_obj *mp_ctr_seq_compare(mp_obj **const *vitems, const size_t *vsize, mp_obj **const *witems,
                           const size_t *wsize, int op) {
    /* Different lengths settle == and != without looking at items. */
    if (*vsize != *wsize && (op == MP_EQ || op == MP_NE))
        return mp_bool_from(op == MP_NE);
    size_t i;
    for (i = 0; i < *vsize && i < *wsize; i++) {
        mp_obj *v = (*vitems)[i], *w = (*witems)[i];
        if (v == w)
            continue;
        /* Hold both: __eq__ may mutate the list and drop them. */
        mp_incref(v);
        mp_incref(w);
        int k = mp_richcompare_bool(v, w, MP_EQ);
        mp_decref(v);
        mp_decref(w);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= *vsize || i >= *wsize)
        return mp_ctr_compare_sizes(*vsize, *wsize, op);
    if (op == MP_EQ)
        return mp_newref(mp_False);
    if (op == MP_NE)
        return mp_newref(mp_True);
    /* The first differing items decide. */
    mp_obj *v = (*vitems)[i], *w = (*witems)[i];
    mp_incref(v);
    mp_incref(w);
    mp_obj *res = mp_richcompare(v, w, op);
    mp_decref(v);
    mp_decref(w);
    return res;
}

void mp_ctr_reverse(mp_obj **lo, mp_obj **hi) {
    if (hi - lo < 2)
        return;
    for (--hi; lo < hi; lo++, hi--) {
        mp_obj *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

mp_obj *mp_ctr_seq_fast(mp_obj *o, const char *msg) {
    if (mp_isinstance_exact(o, &mp_type_list) || mp_isinstance_exact(o, &mp_type_tuple))
        return mp_newref(o);
    mp_obj *it = mp_iter(o);
    if (!it) {
        if (mp_err_matches(&mp_type_TypeError)) {
            mp_err_clear();
            mp_err_format(&mp_type_TypeError, "%s", msg);
        }
        return NULL;
    }
    mp_obj *l = mp_list_new(0);
    mp_obj *x;
    while ((x = mp_iternext(it)) != NULL)
        mp_list_append_steal(l, x);
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

mp_obj **mp_ctr_fast_items(mp_obj *seq, size_t *n) {
    if (mp_isinstance_exact(seq, &mp_type_list)) {
        *n = mp_list_size(seq);
        return mp_list_items(seq);
    }
    *n = mp_tuple_size(seq);
    return mp_tuple_items(seq);
}

mp_obj *mp_ctr_alloc(mp_type *type, mp_type *exact) {
    return type == exact ? mp_obj_alloc(type, type->basicsize) : mp_instance_alloc(type);
}

void mp_ctr_free(mp_obj *o, mp_type *exact) {
    if (o->type == exact)
        mp_obj_free(o);
    else
        mp_instance_free(o);
}

mp_obj *mp_ctr_self_iter(mp_obj *o) { return mp_newref(o); }

/* ---- repr guard ------------------------------------------------------------ */

static _Thread_local mp_repr_guard *repr_top;

int mp_repr_enter(mp_repr_guard *g, mp_obj *o) {
    for (mp_repr_guard *p = repr_top; p; p = p->prev)
        if (p->obj == o)
            return 1;
    g->obj = o;
    g->prev = repr_top;
    repr_top = g;
    return 0;
}

void mp_repr_leave(mp_repr_guard *g) { repr_top = g->prev; }

/* ---- deferred deallocation ------------------------------------------------- */

enum {
    TRASH_MAX_DEPTH = 50
};

typedef struct trash_state {
    int depth;
    bool draining;
    size_t n, cap;
    mp_obj **queue;
} trash_state;

static _Thread_local trash_state trash;

bool mp_trash_begin(mp_obj *o) {
    if (trash.depth < TRASH_MAX_DEPTH) {
        trash.depth++;
        return false;
    }
    if (trash.n == trash.cap) {
        trash.cap = trash.cap ? trash.cap * 2 : 64;
        trash.queue = mp_mem_realloc(trash.queue, trash.cap * sizeof(mp_obj *));
    }
    trash.queue[trash.n++] = o;
    return true;
}

void mp_trash_end(void) {
    if (--trash.depth > 0 || trash.draining)
        return;
    /* Outermost dealloc: free what was queued, one level at a time.  The
     * objects freed here may queue more; the loop picks those up too. */
    trash.draining = true;
    while (trash.n > 0) {
        mp_obj *o = trash.queue[--trash.n];
        mp_dealloc(o);
    }
    trash.draining = false;
    mp_mem_free(trash.queue);
    trash.queue = NULL;
    trash.cap = 0;
}
