/*
 * obj_list.c — the list type, list_iterator and list_reverseiterator.
 *
 * A list is a header plus a separately allocated array of references
 * that grows with CPython's over-allocation rule, so append is amortised
 * O(1).  Slice assignment and deletion follow CPython's list_ass_slice /
 * list_ass_subscript; sorting lives in runtime/list_sort.c.
 */
#include "runtime/obj_list.h"

#include <string.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_int.h"
#include "runtime/obj_range.h"
#include "runtime/obj_tuple.h"

#define LIST(o) ((mp_list *)(o))

/* ---- storage ----------------------------------------------------------- */

/* Sets the size to `newsize`, reallocating with CPython's growth pattern
 * (0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...) when the capacity is too
 * small or more than twice too big.  New slots are uninitialised. */
static int list_resize(mp_list *l, size_t newsize) {
    size_t allocated = l->cap;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        l->size = newsize;
        return 0;
    }
    if (newsize > (size_t)PTRDIFF_MAX / sizeof(mp_obj *) / 2) {
        mp_err_no_memory();
        return -1;
    }
    size_t new_allocated = (newsize + (newsize >> 3) + 6) & ~(size_t)3;
    /* Don't overallocate when a big extend jumps far past the pattern. */
    if ((ptrdiff_t)(newsize - l->size) > (ptrdiff_t)(new_allocated - newsize))
        new_allocated = (newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    if (new_allocated == 0) {
        mp_mem_free(l->items);
        l->items = NULL;
    } else {
        l->items = mp_mem_realloc(l->items, new_allocated * sizeof(mp_obj *));
    }
    l->cap = new_allocated;
    l->size = newsize;
    return 0;
}

static mp_list *list_alloc(mp_type *type, size_t cap) {
    mp_list *l = (mp_list *)mp_ctr_alloc(type, &mp_type_list);
    l->size = 0;
    l->cap = cap;
    l->items = cap ? mp_mem_alloc(cap * sizeof(mp_obj *)) : NULL;
    return l;
}

mp_obj *mp_list_new(size_t cap) { return &list_alloc(&mp_type_list, cap)->head; }

mp_obj *mp_list_from_array(mp_obj *const *items, size_t n) {
    mp_list *l = list_alloc(&mp_type_list, n);
    for (size_t i = 0; i < n; i++)
        l->items[i] = mp_newref(items[i]);
    l->size = n;
    return &l->head;
}

static int append_slow(mp_list *l, mp_obj *item) {
    size_t n = l->size;
    if (list_resize(l, n + 1) < 0) {
        mp_decref(item);
        return -1;
    }
    l->items[n] = item;
    return 0;
}

int mp_list_append_steal(mp_obj *o, mp_obj *item) {
    mp_list *l = LIST(o);
    if (l->size < l->cap) {
        l->items[l->size++] = item;
        return 0;
    }
    return append_slow(l, item);
}

int mp_list_append(mp_obj *o, mp_obj *item) { return mp_list_append_steal(o, mp_newref(item)); }

/* Appends n borrowed items (not l's own: see mp_list_extend). */
static int extend_array(mp_list *l, mp_obj *const *items, size_t n) {
    size_t m = l->size;
    if (n == 0)
        return 0;
    if (list_resize(l, m + n) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        l->items[m + i] = mp_newref(items[i]);
    return 0;
}

int mp_list_extend(mp_obj *o, mp_obj *iterable) {
    mp_list *l = LIST(o);
    if (iterable == o) {
        /* l.extend(l): copy the first n items after growing. */
        size_t n = l->size;
        if (n == 0 || list_resize(l, 2 * n) < 0)
            return n == 0 ? 0 : -1;
        for (size_t i = 0; i < n; i++)
            l->items[n + i] = mp_newref(l->items[i]);
        return 0;
    }
    /* Exact types only: a subclass may override __iter__. */
    if (mp_isinstance_exact(iterable, &mp_type_list))
        return extend_array(l, mp_list_items(iterable), mp_list_size(iterable));
    if (mp_isinstance_exact(iterable, &mp_type_tuple))
        return extend_array(l, mp_tuple_items(iterable), mp_tuple_size(iterable));
    mp_obj *it = mp_iter(iterable);
    if (!it)
        return -1;
    /* Built-in sized iterables (dict, set, range...) preallocate. */
    mp_type *t = mp_typeof(iterable);
    if (t->len && !(t->tflags & MP_TFLAG_HEAPTYPE)) {
        mp_ssize_t n = t->len(iterable);
        if (n < 0)
            mp_err_clear();
        else if (l->cap < l->size + (size_t)n) {
            l->items = mp_mem_realloc(l->items, (l->size + (size_t)n) * sizeof(mp_obj *));
            l->cap = l->size + (size_t)n;
        }
    }
    mp_obj *x;
    while ((x = mp_iternext(it)) != NULL) {
        if (mp_list_append_steal(o, x) < 0) {
            mp_decref(it);
            return -1;
        }
    }
    mp_decref(it);
    if (mp_err_occurred())
        return -1;
    /* Give back a big unused preallocation (the iterator may have
     * produced fewer items than the length said). */
    if (l->cap > 2 * l->size + 8)
        return list_resize(l, l->size);
    return 0;
}

mp_obj *mp_list_from_iter(mp_obj *iterable) {
    mp_obj *l = mp_list_new(0);
    if (mp_list_extend(l, iterable) < 0) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

/* Removes every item, dropping the references after the list is empty
 * (a __del__ or __eq__ reached from a decref then sees a valid list). */
static void list_clear(mp_list *l) {
    mp_obj **items = l->items;
    size_t n = l->size;
    l->items = NULL;
    l->size = 0;
    l->cap = 0;
    while (n-- > 0)
        mp_xdecref(items[n]);
    mp_mem_free(items);
}

static mp_obj *list_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return &list_alloc(type, 0)->head;
}

static int list_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("list", "list", nargs, kwnames, 0, 1) < 0)
        return -1;
    if (LIST(self)->items)
        list_clear(LIST(self));
    return nargs ? mp_list_extend(self, args[0]) : 0;
}

static void list_dealloc(mp_obj *o) {
    if (mp_trash_begin(o))
        return;
    mp_list *l = LIST(o);
    for (size_t i = l->size; i-- > 0;)
        mp_xdecref(l->items[i]);
    mp_mem_free(l->items);
    mp_ctr_free(o, &mp_type_list);
    mp_trash_end();
}

/* ---- protocols --------------------------------------------------------- */

static mp_obj *list_repr(mp_obj *o) {
    mp_list *l = LIST(o);
    if (l->size == 0)
        return mp_str_from_cstr("[]");
    mp_repr_guard g;
    if (mp_repr_enter(&g, o))
        return mp_str_from_cstr("[...]");
    mp_sb sb;
    mp_sb_init(&sb, 2 + 4 * l->size);
    mp_sb_addc(&sb, '[');
    /* The size is re-read every time: an item's __repr__ may mutate l. */
    for (size_t i = 0; i < l->size; i++) {
        if (i)
            mp_sb_add(&sb, ", ", 2);
        mp_obj *item = mp_newref(l->items[i]);
        int r = mp_sb_add_obj(&sb, item, true);
        mp_decref(item);
        if (r < 0) {
            mp_sb_free(&sb);
            mp_repr_leave(&g);
            return NULL;
        }
    }
    mp_sb_addc(&sb, ']');
    mp_repr_leave(&g);
    return mp_sb_finish(&sb);
}

static mp_obj *list_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_list_check(a) || !mp_list_check(b))
        return mp_newref(mp_NotImplemented);
    return mp_ctr_seq_compare(&LIST(a)->items, &LIST(a)->size, &LIST(b)->items, &LIST(b)->size, op);
}

static mp_obj *list_slice(mp_list *l, size_t lo, size_t hi) {
    return mp_list_from_array(l->items + lo, hi - lo);
}

static mp_obj *list_concat(mp_obj *a, mp_obj *b) {
    size_t na = LIST(a)->size, nb = LIST(b)->size;
    mp_list *r = list_alloc(&mp_type_list, na + nb);
    for (size_t i = 0; i < na; i++)
        r->items[i] = mp_newref(LIST(a)->items[i]);
    for (size_t i = 0; i < nb; i++)
        r->items[na + i] = mp_newref(LIST(b)->items[i]);
    r->size = na + nb;
    return &r->head;
}

/* Appends count-1 more copies of the first n items (l->size == n). */
static int repeat_in_place(mp_list *l, mp_ssize_t count) {
    size_t n = l->size;
    if (count <= 0) {
        list_clear(l);
        return 0;
    }
    if (n == 0 || count == 1)
        return 0;
    if ((size_t)count > (size_t)PTRDIFF_MAX / sizeof(mp_obj *) / 2 / n) {
        mp_err_no_memory();
        return -1;
    }
    if (list_resize(l, n * (size_t)count) < 0)
        return -1;
    mp_obj **p = l->items + n;
    for (mp_ssize_t c = 1; c < count; c++)
        for (size_t i = 0; i < n; i++)
            *p++ = mp_newref(l->items[i]);
    return 0;
}

static mp_obj *list_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op == MP_OP_ADD) {
        /* Other operands: NotImplemented, and mp_binop words the error
         * ("can only concatenate list (not "int") to list"). */
        if (!mp_list_check(a) || !mp_list_check(b))
            return mp_newref(mp_NotImplemented);
        return list_concat(a, b);
    }
    if (op == MP_OP_MUL) {
        mp_obj *seq = mp_list_check(a) ? a : b, *other = seq == a ? b : a;
        mp_ssize_t count;
        int r = mp_ctr_repeat_count(other, &count);
        if (r <= 0)
            return r < 0 ? NULL : mp_newref(mp_NotImplemented);
        mp_obj *res = mp_list_from_array(LIST(seq)->items, LIST(seq)->size);
        if (repeat_in_place(LIST(res), count) < 0) {
            mp_decref(res);
            return NULL;
        }
        return res;
    }
    return mp_newref(mp_NotImplemented);
}

static mp_obj *list_inplace(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op == MP_OP_ADD) {
        if (mp_list_extend(a, b) < 0)
            return NULL;
        return mp_newref(a);
    }
    if (op == MP_OP_MUL) {
        mp_ssize_t count;
        int r = mp_ctr_repeat_count(b, &count);
        if (r <= 0)
            return r < 0 ? NULL : mp_newref(mp_NotImplemented);
        if (repeat_in_place(LIST(a), count) < 0)
            return NULL;
        return mp_newref(a);
    }
    return mp_newref(mp_NotImplemented);
}

static mp_ssize_t list_len(mp_obj *self) { return (mp_ssize_t)LIST(self)->size; }

static int list_contains(mp_obj *self, mp_obj *value) {
    mp_list *l = LIST(self);
    for (size_t i = 0; i < l->size; i++) {
        mp_obj *item = mp_newref(l->items[i]);
        int r = mp_eq(item, value);
        mp_decref(item);
        if (r != 0)
            return r;
    }
    return 0;
}

/* ---- indexing ---------------------------------------------------------- */

static mp_obj *index_type_error(mp_obj *key) {
    mp_err_format(&mp_type_TypeError, "list indices must be integers or slices, not %T", key);
    return NULL;
}

static mp_obj *list_getitem(mp_obj *self, mp_obj *key) {
    mp_list *l = LIST(self);
    if (mp_is_small(key)) {
        intptr_t i = mp_small_val(key);
        if (i < 0)
            i += (intptr_t)l->size;
        if ((uintptr_t)i < l->size)
            return mp_newref(l->items[i]);
        mp_err_format(&mp_type_IndexError, "list index out of range");
        return NULL;
    }
    if (mp_slice_check(key)) {
        mp_ssize_t start, stop, step;
        mp_ssize_t len = mp_slice_indices(key, (mp_ssize_t)l->size, &start, &stop, &step);
        if (len < 0)
            return NULL;
        if (step == 1)
            return list_slice(l, (size_t)start, (size_t)(start + len));
        mp_list *r = list_alloc(&mp_type_list, (size_t)len);
        for (mp_ssize_t i = 0, j = start; i < len; i++, j += step)
            r->items[i] = mp_newref(l->items[j]);
        r->size = (size_t)len;
        return &r->head;
    }
    if (!mp_ctr_is_index(key))
        return index_type_error(key);
    mp_ssize_t i;
    if (mp_seq_index(key, (mp_ssize_t)l->size, "list", &i) < 0)
        return NULL;
    return mp_newref(l->items[i]);
}

/* l[ilow:ihigh] = v (v NULL: delete), v any iterable: CPython's
 * list_ass_slice.  Replaced items are released only once the list is
 * consistent again. */
static int list_ass_slice(mp_list *l, mp_ssize_t ilow, mp_ssize_t ihigh, mp_obj *v) {
    mp_obj *seq = NULL;
    mp_obj **vitems = NULL;
    size_t n = 0;
    if (v) {
        seq = v == &l->head ? list_slice(l, 0, l->size)
                            : mp_ctr_seq_fast(v, "can only assign an iterable");
        if (!seq)
            return -1;
        vitems = mp_ctr_fast_items(seq, &n);
    }
    mp_ssize_t size = (mp_ssize_t)l->size;
    if (ilow < 0)
        ilow = 0;
    else if (ilow > size)
        ilow = size;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > size)
        ihigh = size;
    size_t norig = (size_t)(ihigh - ilow);
    mp_obj *small[8];
    mp_obj **recycle = norig <= 8 ? small : mp_mem_alloc(norig * sizeof(mp_obj *));
    if (norig)
        memcpy(recycle, l->items + ilow, norig * sizeof(mp_obj *));
    ptrdiff_t d = (ptrdiff_t)n - (ptrdiff_t)norig;
    int result = 0;
    if (d < 0) {
        memmove(l->items + ihigh + d, l->items + ihigh, (size_t)(size - ihigh) * sizeof(mp_obj *));
        list_resize(l, (size_t)(size + d));
    } else if (d > 0) {
        if (list_resize(l, (size_t)(size + d)) < 0) {
            result = -1;
            goto done;
        }
        memmove(l->items + ihigh + d, l->items + ihigh, (size_t)(size - ihigh) * sizeof(mp_obj *));
    }
    for (size_t k = 0; k < n; k++)
        l->items[ilow + (mp_ssize_t)k] = mp_newref(vitems[k]);
    for (size_t k = norig; k-- > 0;)
        mp_decref(recycle[k]);
done:
    if (recycle != small)
        mp_mem_free(recycle);
    mp_xdecref(seq);
    return result;
}

/* del l[start::step] for a normalised slice of `len` items. */
static void del_extended(mp_list *l, mp_ssize_t start, mp_ssize_t step, mp_ssize_t len) {
    if (len <= 0)
        return;
    if (step < 0) {
        /* The same items, walked upward. */
        start = start + step * (len - 1);
        step = -step;
    }
    mp_obj **garbage = mp_mem_alloc((size_t)len * sizeof(mp_obj *));
    size_t w = (size_t)start, next = (size_t)start, k = 0;
    for (size_t r = (size_t)start; r < l->size; r++) {
        if (k < (size_t)len && r == next) {
            garbage[k++] = l->items[r];
            next += (size_t)step;
        } else {
            l->items[w++] = l->items[r];
        }
    }
    list_resize(l, w);
    for (k = 0; k < (size_t)len; k++)
        mp_decref(garbage[k]);
    mp_mem_free(garbage);
}

static int assign_extended(mp_list *l, mp_ssize_t start, mp_ssize_t step, mp_ssize_t len,
                           mp_obj *value) {
    mp_obj *seq = value == &l->head
                      ? list_slice(l, 0, l->size)
                      : mp_ctr_seq_fast(value, "must assign iterable to extended slice");
    if (!seq)
        return -1;
    size_t n;
    mp_obj **items = mp_ctr_fast_items(seq, &n);
    if (n != (size_t)len) {
        mp_err_format(&mp_type_ValueError,
                      "attempt to assign sequence of size %zu to extended slice of size %zd", n,
                      len);
        mp_decref(seq);
        return -1;
    }
    mp_obj **garbage = mp_mem_alloc((n ? n : 1) * sizeof(mp_obj *));
    for (size_t i = 0; i < n; i++) {
        size_t cur = (size_t)(start + (mp_ssize_t)i * step);
        garbage[i] = l->items[cur];
        l->items[cur] = mp_newref(items[i]);
    }
    for (size_t i = 0; i < n; i++)
        mp_decref(garbage[i]);
    mp_mem_free(garbage);
    mp_decref(seq);
    return 0;
}

static int list_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    mp_list *l = LIST(self);
    if (mp_slice_check(key)) {
        mp_ssize_t start, stop, step;
        mp_ssize_t len = mp_slice_indices(key, (mp_ssize_t)l->size, &start, &stop, &step);
        if (len < 0)
            return -1;
        if (step == 1)
            return list_ass_slice(l, start, stop, value);
        if (!value) {
            del_extended(l, start, step, len);
            return 0;
        }
        return assign_extended(l, start, step, len, value);
    }
    mp_ssize_t i;
    if (mp_is_small(key)) {
        i = mp_small_val(key);
        if (i < 0)
            i += (mp_ssize_t)l->size;
        if (i < 0 || (size_t)i >= l->size) {
            mp_err_format(&mp_type_IndexError, "list assignment index out of range");
            return -1;
        }
    } else if (!mp_ctr_is_index(key)) {
        index_type_error(key);
        return -1;
    } else if (mp_seq_index(key, (mp_ssize_t)l->size, "list assignment", &i) < 0) {
        return -1;
    }
    if (!value)
        return list_ass_slice(l, i, i + 1, NULL);
    mp_setref(&l->items[i], mp_newref(value));
    return 0;
}

/* ---- methods ------------------------------------------------------------ */

static mp_obj *none_or_null(int r) { return r < 0 ? NULL : mp_newref(mp_None); }

static mp_obj *list_append_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("list.append", nargs, kwnames) < 0)
        return NULL;
    return none_or_null(mp_list_append(self, args[0]));
}

static mp_obj *list_extend_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("list.extend", nargs, kwnames) < 0)
        return NULL;
    return none_or_null(mp_list_extend(self, args[0]));
}

/* A C index argument of a list method, converted like Argument Clinic's
 * Py_ssize_t parameters: TypeError "'str' object cannot be interpreted
 * as an integer", OverflowError "Python int too large to convert to C
 * ssize_t". */
static int int_arg(mp_obj *o, mp_ssize_t *out) {
    if (mp_is_small(o)) {
        *out = mp_small_val(o);
        return 0;
    }
    mp_obj *v = mp_number_index(o);
    if (!v)
        return -1;
    int64_t x;
    int r = mp_int_as_i64(v, &x);
    mp_decref(v);
    if (r < 0) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (mp_ssize_t)x;
    return 0;
}

static mp_obj *list_insert_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t where;
    if (mp_ctr_args("list.insert", "insert", nargs, kwnames, 2, 2) < 0 ||
        int_arg(args[0], &where) < 0)
        return NULL;
    mp_list *l = LIST(self);
    mp_ssize_t n = (mp_ssize_t)l->size;
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    if (list_resize(l, (size_t)n + 1) < 0)
        return NULL;
    memmove(l->items + where + 1, l->items + where, (size_t)(n - where) * sizeof(mp_obj *));
    l->items[where] = mp_newref(args[1]);
    return mp_newref(mp_None);
}

static mp_obj *list_pop_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t i = -1;
    if (mp_ctr_args("list.pop", "pop", nargs, kwnames, 0, 1) < 0 ||
        (nargs && int_arg(args[0], &i) < 0))
        return NULL;
    mp_list *l = LIST(self);
    if (l->size == 0) {
        mp_err_format(&mp_type_IndexError, "pop from empty list");
        return NULL;
    }
    if (i < 0)
        i += (mp_ssize_t)l->size;
    if (i < 0 || (size_t)i >= l->size) {
        mp_err_format(&mp_type_IndexError, "pop index out of range");
        return NULL;
    }
    mp_obj *v = l->items[i];
    memmove(l->items + i, l->items + i + 1, (l->size - (size_t)i - 1) * sizeof(mp_obj *));
    list_resize(l, l->size - 1);
    return v;
}

static mp_obj *list_remove_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("list.remove", nargs, kwnames) < 0)
        return NULL;
    mp_list *l = LIST(self);
    for (size_t i = 0; i < l->size; i++) {
        mp_obj *item = mp_newref(l->items[i]);
        int r = mp_eq(item, args[0]);
        mp_decref(item);
        if (r < 0)
            return NULL;
        if (r)
            return none_or_null(list_ass_slice(l, (mp_ssize_t)i, (mp_ssize_t)i + 1, NULL));
    }
    mp_err_format(&mp_type_ValueError, "list.remove(x): x not in list");
    return NULL;
}

static mp_obj *list_index_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t start, stop;
    mp_list *l = LIST(self);
    if (mp_ctr_args("list.index", "index", nargs, kwnames, 1, 3) < 0 ||
        mp_seq_search_bounds(args + 1, nargs - 1, (mp_ssize_t)l->size, &start, &stop) < 0)
        return NULL;
    for (mp_ssize_t i = start; i < stop && (size_t)i < l->size; i++) {
        mp_obj *item = mp_newref(l->items[i]);
        int r = mp_eq(item, args[0]);
        mp_decref(item);
        if (r < 0)
            return NULL;
        if (r)
            return mp_small(i);
    }
    mp_err_format(&mp_type_ValueError, "%R is not in list", args[0]);
    return NULL;
}

static mp_obj *list_count_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("list.count", nargs, kwnames) < 0)
        return NULL;
    mp_list *l = LIST(self);
    mp_ssize_t count = 0;
    for (size_t i = 0; i < l->size; i++) {
        mp_obj *item = mp_newref(l->items[i]);
        int r = mp_eq(item, args[0]);
        mp_decref(item);
        if (r < 0)
            return NULL;
        count += r;
    }
    return mp_small(count);
}

/* sort(*, key=None, reverse=False) */
static mp_obj *list_sort_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (nargs) {
        mp_err_format(&mp_type_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    mp_obj *key = NULL;
    mp_ssize_t reverse = 0;
    size_t nkw = kwnames ? mp_tuple_size(kwnames) : 0;
    if (nkw > 2) {
        mp_err_format(&mp_type_TypeError, "sort() takes at most 2 keyword arguments (%zu given)",
                      nkw);
        return NULL;
    }
    for (size_t i = 0; i < nkw; i++) {
        mp_obj *name = mp_tuple_items(kwnames)[i];
        if (mp_str_eq_cstr(name, "key")) {
            key = args[i];
        } else if (mp_str_eq_cstr(name, "reverse")) {
            if (int_arg(args[i], &reverse) < 0)
                return NULL;
        } else {
            mp_err_format(&mp_type_TypeError, "'%U' is an invalid keyword argument for sort()",
                          name);
            return NULL;
        }
    }
    return none_or_null(mp_list_sort(self, key, reverse != 0));
}

void mp_list_reverse(mp_obj *l) { mp_ctr_reverse(LIST(l)->items, LIST(l)->items + LIST(l)->size); }

static mp_obj *list_reverse_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("list.reverse", nargs, kwnames) < 0)
        return NULL;
    mp_list_reverse(self);
    return mp_newref(mp_None);
}

static mp_obj *list_copy_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("list.copy", nargs, kwnames) < 0)
        return NULL;
    return list_slice(LIST(self), 0, LIST(self)->size);
}

static mp_obj *list_clear_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("list.clear", nargs, kwnames) < 0)
        return NULL;
    list_clear(LIST(self));
    return mp_newref(mp_None);
}

static mp_obj *list_reversed_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames);

static const mp_method_def list_methods[] = {
    {"append", list_append_m, 0, "Append object to the end of the list."},
    {"extend", list_extend_m, 0, "Extend list by appending elements from the iterable."},
    {"insert", list_insert_m, 0, "Insert object before index."},
    {"pop", list_pop_m, 0, "Remove and return item at index (default last)."},
    {"remove", list_remove_m, 0, "Remove first occurrence of value."},
    {"index", list_index_m, 0, "Return first index of value."},
    {"count", list_count_m, 0, "Return number of occurrences of value."},
    {"sort", list_sort_m, 0, "Sort the list in ascending order and return None."},
    {"reverse", list_reverse_m, 0, "Reverse *IN PLACE*."},
    {"copy", list_copy_m, 0, "Return a shallow copy of the list."},
    {"clear", list_clear_m, 0, "Remove all items from list."},
    {"__reversed__", list_reversed_m, 0, "Return a reverse iterator over the list."},
    {NULL},
};

/* ---- iterators ----------------------------------------------------------- */

/* list_iterator and list_reverseiterator: both re-check the list's size
 * on every step, so a list mutated during iteration never reads past
 * its end (CPython's semantics: appended items are seen). */
typedef struct list_iter {
    mp_obj head;
    mp_obj *seq; /* NULL once exhausted */
    mp_ssize_t index;
} list_iter;

mp_type mp_type_list_iterator, mp_type_list_reverseiterator;

static mp_obj *list_iter_make(mp_type *type, mp_obj *seq, mp_ssize_t index) {
    list_iter *it = (list_iter *)mp_obj_alloc(type, sizeof(list_iter));
    it->seq = mp_newref(seq);
    it->index = index;
    return &it->head;
}

static mp_obj *list_iter_new(mp_obj *self) {
    return list_iter_make(&mp_type_list_iterator, self, 0);
}

static mp_obj *list_reversed_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("list.__reversed__", nargs, kwnames) < 0)
        return NULL;
    return list_iter_make(&mp_type_list_reverseiterator, self, (mp_ssize_t)LIST(self)->size - 1);
}

static mp_obj *list_iter_exhausted(list_iter *it) {
    mp_obj *seq = it->seq;
    it->seq = NULL;
    mp_xdecref(seq);
    return NULL;
}

static mp_obj *list_iter_next(mp_obj *o) {
    list_iter *it = (list_iter *)o;
    if (it->seq && (size_t)it->index < LIST(it->seq)->size)
        return mp_newref(LIST(it->seq)->items[it->index++]);
    return list_iter_exhausted(it);
}

static mp_obj *list_reviter_next(mp_obj *o) {
    list_iter *it = (list_iter *)o;
    if (it->seq && it->index >= 0 && (size_t)it->index < LIST(it->seq)->size)
        return mp_newref(LIST(it->seq)->items[it->index--]);
    it->index = -1;
    return list_iter_exhausted(it);
}

static void list_iter_dealloc(mp_obj *o) {
    mp_xdecref(((list_iter *)o)->seq);
    mp_obj_free(o);
}

static mp_obj *list_iter_length_hint(mp_obj *self, mp_obj *const *args, size_t nargs,
                                     mp_obj *kwnames) {
    list_iter *it = (list_iter *)self;
    mp_ssize_t n = 0;
    if (it->seq && mp_typeof(self) == &mp_type_list_iterator)
        n = (mp_ssize_t)LIST(it->seq)->size - it->index;
    else if (it->seq && (size_t)it->index < LIST(it->seq)->size)
        n = it->index + 1;
    return mp_small(n < 0 ? 0 : n);
}

static const mp_method_def list_iter_methods[] = {
    {"__length_hint__", list_iter_length_hint, 0, NULL},
    {NULL},
};

mp_type mp_type_list_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "list_iterator",
    .basicsize = sizeof(list_iter),
    .dealloc = list_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = list_iter_next,
    .methods = list_iter_methods,
};

mp_type mp_type_list_reverseiterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "list_reverseiterator",
    .basicsize = sizeof(list_iter),
    .dealloc = list_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = list_reviter_next,
    .methods = list_iter_methods,
};

mp_type mp_type_list = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "list",
    .basicsize = sizeof(mp_list),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_LIST_SUBCLASS,
    .dealloc = list_dealloc,
    .repr = list_repr,
    .richcompare = list_richcompare,
    .binop = list_binop,
    .inplace = list_inplace,
    .new_ = list_new,
    .init = list_init,
    .iter = list_iter_new,
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .contains = list_contains,
    .methods = list_methods,
};

void mp_list_init(void) {
    mp_ctr_init_names();
    mp_type_ready(&mp_type_list);
    mp_type_ready(&mp_type_list_iterator);
    mp_type_ready(&mp_type_list_reverseiterator);
}
