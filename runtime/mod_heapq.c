/*
 * mod_heapq.c — the heapq module: CPython's _heapq sift algorithms on a
 * list (so equal elements end up in the same places), and nlargest /
 * nsmallest, whose results are those of heapq.py: the stable
 * sorted(iterable, key=key[, reverse=True])[:n].
 */
#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

static bool heap_arg(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw, size_t n) {
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, n, n))
        return false;
    if (!mp_list_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "%s() argument%s must be list, not %T", name,
                      n == 1 ? "" : " 1", args[0]);
        return false;
    }
    return true;
}

/* a < b, with CPython's check that the comparison did not resize the heap. */
static int less(mp_obj *heap, size_t size, mp_obj *a, mp_obj *b) {
    mp_incref(a);
    mp_incref(b);
    int r = mp_richcompare_bool(a, b, MP_LT);
    mp_decref(a);
    mp_decref(b);
    if (r >= 0 && mp_list_size(heap) != size) {
        mp_err_format(&mp_type_RuntimeError, "list changed size during iteration");
        return -1;
    }
    return r;
}

static void swap(mp_obj **items, size_t i, size_t j) {
    mp_obj *t = items[i];
    items[i] = items[j];
    items[j] = t;
}

/* _siftdown: moves the item at pos up towards startpos. */
static int siftdown(mp_obj *heap, size_t startpos, size_t pos) {
    size_t size = mp_list_size(heap);
    while (pos > startpos) {
        size_t parent = (pos - 1) >> 1;
        mp_obj **items = mp_list_items(heap);
        int lt = less(heap, size, items[pos], items[parent]);
        if (lt < 0)
            return -1;
        if (!lt)
            break;
        swap(mp_list_items(heap), pos, parent);
        pos = parent;
    }
    return 0;
}

/* _siftup: bubbles the smaller child up until a leaf, then siftdown. */
static int siftup(mp_obj *heap, size_t pos) {
    size_t size = mp_list_size(heap), startpos = pos, limit = size >> 1;
    while (pos < limit) {
        size_t child = 2 * pos + 1;
        if (child + 1 < size) {
            mp_obj **items = mp_list_items(heap);
            int lt = less(heap, size, items[child], items[child + 1]);
            if (lt < 0)
                return -1;
            child += !lt;
        }
        swap(mp_list_items(heap), pos, child);
        pos = child;
    }
    return siftdown(heap, startpos, pos);
}

FN(heapq_heappush) {
    if (!heap_arg("heappush", args, nargs, kw, 2))
        return NULL;
    mp_list_append(args[0], args[1]);
    return siftdown(args[0], 0, mp_list_size(args[0]) - 1) < 0 ? NULL : mp_None;
}

FN(heapq_heappop) {
    if (!heap_arg("heappop", args, nargs, kw, 1))
        return NULL;
    mp_obj *heap = args[0];
    size_t n = mp_list_size(heap);
    if (n == 0) {
        mp_err_format(&mp_type_IndexError, "index out of range");
        return NULL;
    }
    mp_obj **items = mp_list_items(heap);
    mp_obj *last = items[n - 1];
    ((mp_list *)heap)->size = n - 1;
    if (n == 1)
        return last;
    mp_obj *top = items[0];
    items[0] = last;
    if (siftup(heap, 0) < 0) {
        mp_decref(top);
        return NULL;
    }
    return top;
}

static mp_obj *replace_top(mp_obj *heap, mp_obj *item) {
    mp_obj **items = mp_list_items(heap);
    mp_obj *top = items[0];
    items[0] = mp_newref(item);
    if (siftup(heap, 0) < 0) {
        mp_decref(top);
        return NULL;
    }
    return top;
}

FN(heapq_heapreplace) {
    if (!heap_arg("heapreplace", args, nargs, kw, 2))
        return NULL;
    if (mp_list_size(args[0]) == 0) {
        mp_err_format(&mp_type_IndexError, "index out of range");
        return NULL;
    }
    return replace_top(args[0], args[1]);
}

FN(heapq_heappushpop) {
    if (!heap_arg("heappushpop", args, nargs, kw, 2))
        return NULL;
    mp_obj *heap = args[0];
    size_t n = mp_list_size(heap);
    if (n == 0)
        return mp_newref(args[1]);
    int lt = less(heap, n, mp_list_items(heap)[0], args[1]);
    if (lt < 0)
        return NULL;
    if (!lt)
        return mp_newref(args[1]);
    if (mp_list_size(heap) == 0) {
        mp_err_format(&mp_type_IndexError, "index out of range");
        return NULL;
    }
    return replace_top(heap, args[1]);
}

FN(heapq_heapify) {
    if (!heap_arg("heapify", args, nargs, kw, 1))
        return NULL;
    size_t n = mp_list_size(args[0]);
    for (size_t i = n / 2; i-- > 0;)
        if (siftup(args[0], i) < 0)
            return NULL;
    return mp_None;
}

static mp_obj *n_best(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                      bool largest) {
    static const char *const names[] = {"n", "iterable", "key"};
    mp_obj *v[3];
    if (mp_arg_parse(name, args, nargs, kw, names, 3, 2, v) < 0)
        return NULL;
    mp_ssize_t n = mp_index_ssize(v[0]);
    if (n == -1 && mp_err_occurred())
        return NULL;
    mp_obj *l = mp_list_from_iter(v[1]);
    if (!l)
        return NULL;
    if (mp_list_sort(l, v[2], largest) < 0) {
        mp_decref(l);
        return NULL;
    }
    size_t keep = n < 0 ? 0 : (size_t)n;
    while (mp_list_size(l) > keep) {
        mp_list *lp = (mp_list *)l;
        mp_decref(lp->items[--lp->size]);
    }
    return l;
}

FN(heapq_nlargest) { return n_best("nlargest", args, nargs, kw, true); }
FN(heapq_nsmallest) { return n_best("nsmallest", args, nargs, kw, false); }

static const mp_method_def heapq_functions[] = {
    {"heappush", heapq_heappush, 0, NULL},       {"heappop", heapq_heappop, 0, NULL},
    {"heapreplace", heapq_heapreplace, 0, NULL}, {"heappushpop", heapq_heappushpop, 0, NULL},
    {"heapify", heapq_heapify, 0, NULL},         {"nlargest", heapq_nlargest, 0, NULL},
    {"nsmallest", heapq_nsmallest, 0, NULL},     {NULL},
};

mp_obj *mp_heapq_module_create(void) {
    mp_obj *m = mp_module_new("heapq");
    if (m && mp_module_add_functions(m, heapq_functions) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
