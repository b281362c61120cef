/*
 * mod_bisect.c — the bisect module (CPython's _bisect): binary search of a
 * sorted sequence with lo/hi bounds and an optional key, and insertion
 * keeping the sequence sorted (through its insert method, as CPython
 * does for non-lists).
 */
#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

typedef struct bisect_args {
    mp_obj *a, *x, *key;
    mp_ssize_t lo, hi;
} bisect_args;

static bool parse(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                  bisect_args *b) {
    static const char *const names[] = {"a", "x", "lo", "hi", "$key"};
    mp_obj *v[5];
    if (mp_arg_parse(name, args, nargs, kw, names, 5, 2, v) < 0)
        return false;
    b->a = v[0];
    b->x = v[1];
    b->key = v[4] && v[4] != mp_None ? v[4] : NULL;
    b->lo = 0;
    if (v[2]) {
        b->lo = mp_index_ssize(v[2]);
        if (b->lo == -1 && mp_err_occurred())
            return false;
    }
    if (b->lo < 0) {
        mp_err_format(&mp_type_ValueError, "lo must be non-negative");
        return false;
    }
    if (!v[3] || v[3] == mp_None) {
        b->hi = mp_len(b->a);
        return b->hi >= 0;
    }
    b->hi = mp_index_ssize(v[3]);
    return !(b->hi == -1 && mp_err_occurred());
}

/* The insertion point of x (right: after equal items); -1 on error. */
static mp_ssize_t search(bisect_args *b, mp_obj *x, bool right) {
    mp_ssize_t lo = b->lo, hi = b->hi;
    while (lo < hi) {
        mp_ssize_t mid = (mp_ssize_t)(((size_t)lo + (size_t)hi) / 2);
        mp_obj *idx = mp_int_from_i64(mid);
        mp_obj *item = mp_getitem(b->a, idx);
        mp_decref(idx);
        if (!item)
            return -1;
        if (b->key) {
            mp_obj *k = mp_call1(b->key, item);
            mp_decref(item);
            if (!(item = k))
                return -1;
        }
        int lt = right ? mp_richcompare_bool(x, item, MP_LT) : mp_richcompare_bool(item, x, MP_LT);
        mp_decref(item);
        if (lt < 0)
            return -1;
        if (right ? lt : !lt)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static mp_obj *bisect(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                      bool right) {
    bisect_args b;
    if (!parse(name, args, nargs, kw, &b))
        return NULL;
    mp_ssize_t i = search(&b, b.x, right);
    return i < 0 ? NULL : mp_int_from_i64(i);
}

static mp_obj *insort(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                      bool right) {
    bisect_args b;
    if (!parse(name, args, nargs, kw, &b))
        return NULL;
    mp_obj *kx = b.key ? mp_call1(b.key, b.x) : mp_newref(b.x);
    if (!kx)
        return NULL;
    mp_ssize_t i = search(&b, kx, right);
    mp_decref(kx);
    if (i < 0)
        return NULL;
    mp_obj *call[2] = {mp_int_from_i64(i), b.x};
    mp_obj *r = mp_call_method(b.a, "insert", call, 2);
    mp_decref(call[0]);
    if (!r)
        return NULL;
    mp_decref(r);
    return mp_None;
}

FN(bisect_bisect_left) { return bisect("bisect_left", args, nargs, kw, false); }
FN(bisect_bisect_right) { return bisect("bisect_right", args, nargs, kw, true); }
FN(bisect_insort_left) { return insort("insort_left", args, nargs, kw, false); }
FN(bisect_insort_right) { return insort("insort_right", args, nargs, kw, true); }

static const mp_method_def bisect_functions[] = {
    {"bisect_left", bisect_bisect_left, 0, NULL},
    {"bisect_right", bisect_bisect_right, 0, NULL},
    {"bisect", bisect_bisect_right, 0, NULL},
    {"insort_left", bisect_insort_left, 0, NULL},
    {"insort_right", bisect_insort_right, 0, NULL},
    {"insort", bisect_insort_right, 0, NULL},
    {NULL},
};

mp_obj *mp_bisect_module_create(void) {
    mp_obj *m = mp_module_new("bisect");
    if (m && mp_module_add_functions(m, bisect_functions) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
