/*
 * mod_array.c — the array module: compact arrays of C numbers.  Items are
 * stored as int64_t (integer typecodes, range-checked against the C type
 * on store) or double ('f' rounds through float on store), so every
 * operation works on one of two representations; itemsize and tobytes
 * report the real C layout.
 */
#include <float.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/mod_re.h"
#include "runtime/module.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_str.h"

typedef struct tcode {
    char code;
    size_t size;
    int64_t min, max;
    const char *cname; /* for the OverflowError messages */
} tcode;

static const tcode tcodes[] = {
    {'b', 1, INT8_MIN, INT8_MAX, "signed char"},
    {'B', 1, 0, UINT8_MAX, "unsigned byte integer"},
    {'h', 2, INT16_MIN, INT16_MAX, "signed short integer"},
    {'H', 2, 0, UINT16_MAX, "unsigned short"},
    {'i', 4, INT32_MIN, INT32_MAX, "signed integer"},
    {'I', 4, 0, UINT32_MAX, "unsigned int"},
    {'l', 8, INT64_MIN, INT64_MAX, "signed long"},
    {'L', 8, 0, INT64_MAX, "unsigned long"},
    {'q', 8, INT64_MIN, INT64_MAX, "signed long long"},
    {'Q', 8, 0, INT64_MAX, "unsigned long long"},
    {'f', 4, 0, 0, NULL},
    {'d', 8, 0, 0, NULL},
};

typedef union item {
    int64_t i;
    double d;
} item;

typedef struct array_obj {
    mp_obj head;
    const tcode *tc;
    size_t size, cap;
    item *items;
} array_obj;

static mp_type array_type;

static bool is_float(const array_obj *a) { return a->tc->cname == NULL; }

/* Converts a Python value for storage; -1 with TypeError/OverflowError. */
static int to_item(const tcode *tc, mp_obj *v, item *out) {
    if (!tc->cname) {
        if (!mp_float_check(v) && !mp_int_check(v)) {
            mp_err_format(&mp_type_TypeError, "must be real number, not %s", mp_type_name(v));
            return -1;
        }
        if (mp_number_as_double(v, &out->d) < 0)
            return -1;
        if (tc->code == 'f')
            out->d = (float)out->d;
        return 0;
    }
    mp_obj *i = mp_number_index(v);
    if (!i)
        return -1;
    int64_t x;
    int rc = mp_int_as_i64(i, &x);
    int sign = rc < 0 ? mp_int_sign(i) : 0;
    mp_decref(i);
    if (rc < 0)
        mp_err_clear();
    if (rc < 0 || x < tc->min || x > tc->max) {
        bool big = rc < 0 ? sign > 0 : x > tc->max;
        mp_err_format(&mp_type_OverflowError, "%s is %s", tc->cname,
                      big ? "greater than maximum" : "less than minimum");
        return -1;
    }
    out->i = x;
    return 0;
}

static mp_obj *from_item(const array_obj *a, item it) {
    return is_float(a) ? mp_float_new(it.d) : mp_int_from_i64(it.i);
}

static void reserve(array_obj *a, size_t n) {
    if (a->size + n <= a->cap)
        return;
    size_t cap = a->cap ? a->cap * 2 : 8;
    while (cap < a->size + n)
        cap *= 2;
    item *p = mp_mem_alloc(cap * sizeof(item));
    if (a->size)
        memcpy(p, a->items, a->size * sizeof(item));
    mp_mem_free(a->items);
    a->items = p;
    a->cap = cap;
}

static int array_append_obj(array_obj *a, mp_obj *v) {
    item it;
    if (to_item(a->tc, v, &it) < 0)
        return -1;
    reserve(a, 1);
    a->items[a->size++] = it;
    return 0;
}

static int array_extend_iter(array_obj *a, mp_obj *iterable) {
    if (mp_isinstance_exact(iterable, &array_type)) {
        array_obj *b = (array_obj *)iterable;
        if (b->tc != a->tc) {
            mp_err_format(&mp_type_TypeError, "can only extend with array of same kind");
            return -1;
        }
        reserve(a, b->size);
        memmove(a->items + a->size, b->items, b->size * sizeof(item));
        a->size += b->size;
        return 0;
    }
    mp_obj *it = mp_iter(iterable);
    if (!it)
        return -1;
    mp_obj *v;
    while ((v = mp_iternext(it))) {
        int rc = array_append_obj(a, v);
        mp_decref(v);
        if (rc < 0) {
            mp_decref(it);
            return -1;
        }
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

static array_obj *array_alloc(const tcode *tc) {
    array_obj *a = (array_obj *)mp_obj_alloc(&array_type, sizeof(array_obj));
    a->tc = tc;
    a->size = a->cap = 0;
    a->items = NULL;
    return a;
}

static mp_obj *array_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("array.array", kwnames) || mp_arg_count("array", nargs, 1, 2))
        return NULL;
    if (!mp_str_check(args[0]) || mp_str_len(args[0]) != 1) {
        mp_err_format(&mp_type_TypeError,
                      "array() argument 1 must be a unicode character, not %s",
                      mp_type_name(args[0]));
        return NULL;
    }
    char c = mp_str_data(args[0])[0];
    const tcode *tc = NULL;
    for (size_t i = 0; i < sizeof tcodes / sizeof tcodes[0]; i++)
        if (tcodes[i].code == c)
            tc = &tcodes[i];
    if (!tc) {
        mp_err_format(&mp_type_ValueError,
                      "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
        return NULL;
    }
    array_obj *a = array_alloc(tc);
    if (nargs == 2 && array_extend_iter(a, args[1]) < 0) {
        mp_decref((mp_obj *)a);
        return NULL;
    }
    return (mp_obj *)a;
}

static void array_dealloc(mp_obj *self) {
    mp_mem_free(((array_obj *)self)->items);
    mp_obj_free(self);
}

static mp_ssize_t array_len(mp_obj *self) { return (mp_ssize_t)((array_obj *)self)->size; }

static mp_obj *array_tolist_impl(array_obj *a) {
    mp_obj *l = mp_list_new(a->size);
    for (size_t i = 0; i < a->size; i++)
        mp_list_append_steal(l, from_item(a, a->items[i]));
    return l;
}

static mp_obj *array_repr(mp_obj *self) {
    array_obj *a = (array_obj *)self;
    if (!a->size)
        return mp_str_format_c("array('%c')", a->tc->code);
    mp_obj *l = array_tolist_impl(a);
    mp_obj *r = mp_str_format_c("array('%c', %R)", a->tc->code, l);
    mp_decref(l);
    return r;
}

static mp_obj *array_getitem(mp_obj *self, mp_obj *key) {
    array_obj *a = (array_obj *)self;
    if (mp_slice_check(key)) {
        mp_ssize_t start, stop, step;
        mp_ssize_t n = mp_slice_indices(key, (mp_ssize_t)a->size, &start, &stop, &step);
        if (n < 0)
            return NULL;
        array_obj *r = array_alloc(a->tc);
        reserve(r, (size_t)n);
        for (mp_ssize_t k = 0, i = start; k < n; k++, i += step)
            r->items[r->size++] = a->items[i];
        return (mp_obj *)r;
    }
    mp_ssize_t i;
    if (mp_seq_index(key, (mp_ssize_t)a->size, "array", &i) < 0)
        return NULL;
    return from_item(a, a->items[i]);
}

static int array_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    array_obj *a = (array_obj *)self;
    if (!value || mp_slice_check(key)) {
        mp_err_format(&mp_type_TypeError, "array item deletion and slice assignment are not supported");
        return -1;
    }
    mp_ssize_t i;
    item it;
    if (mp_seq_index(key, (mp_ssize_t)a->size, "array assignment", &i) < 0 ||
        to_item(a->tc, value, &it) < 0)
        return -1;
    a->items[i] = it;
    return 0;
}

static mp_obj *array_iter(mp_obj *self) {
    mp_obj *l = array_tolist_impl((array_obj *)self);
    mp_obj *it = mp_iter(l);
    mp_decref(l);
    return it;
}

static mp_obj *array_richcompare(mp_obj *x, mp_obj *y, int op) {
    if ((op != MP_EQ && op != MP_NE) || !mp_isinstance_exact(y, &array_type))
        return mp_newref(mp_NotImplemented);
    array_obj *a = (array_obj *)x, *b = (array_obj *)y;
    bool eq = a->size == b->size;
    for (size_t i = 0; eq && i < a->size; i++) {
        double da = is_float(a) ? a->items[i].d : (double)a->items[i].i;
        double db = is_float(b) ? b->items[i].d : (double)b->items[i].i;
        eq = is_float(a) || is_float(b) ? da == db : a->items[i].i == b->items[i].i;
    }
    return mp_newref(mp_bool_from((op == MP_EQ) == eq));
}

static mp_obj *array_append(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("append", kwnames) || mp_arg_count("append", nargs, 1, 1) ||
        array_append_obj((array_obj *)self, args[0]) < 0)
        return NULL;
    return mp_newref(mp_None);
}

static mp_obj *array_extend(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("extend", kwnames) || mp_arg_count("extend", nargs, 1, 1) ||
        array_extend_iter((array_obj *)self, args[0]) < 0)
        return NULL;
    return mp_newref(mp_None);
}

static mp_obj *array_pop(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    array_obj *a = (array_obj *)self;
    if (mp_arg_no_kw("pop", kwnames) || mp_arg_count("pop", nargs, 0, 1))
        return NULL;
    if (!a->size) {
        mp_err_format(&mp_type_IndexError, "pop from empty array");
        return NULL;
    }
    mp_ssize_t i = (mp_ssize_t)a->size - 1;
    if (nargs && mp_seq_index(args[0], (mp_ssize_t)a->size, "pop", &i) < 0)
        return NULL;
    mp_obj *r = from_item(a, a->items[i]);
    memmove(a->items + i, a->items + i + 1, (a->size - (size_t)i - 1) * sizeof(item));
    a->size--;
    return r;
}

static mp_obj *array_tolist(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("tolist", kwnames) || mp_arg_count("tolist", nargs, 0, 0))
        return NULL;
    return array_tolist_impl((array_obj *)self);
}

static mp_obj *array_tobytes(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    array_obj *a = (array_obj *)self;
    if (mp_arg_no_kw("tobytes", kwnames) || mp_arg_count("tobytes", nargs, 0, 0))
        return NULL;
    size_t sz = a->tc->size;
    char *buf = mp_mem_alloc(a->size * sz + 1);
    for (size_t i = 0; i < a->size; i++) {
        /* Native little-endian layout, as CPython's on x86-64. */
        if (a->tc->code == 'f') {
            float f = (float)a->items[i].d;
            memcpy(buf + i * sz, &f, sz);
        } else {
            memcpy(buf + i * sz, &a->items[i], sz);
        }
    }
    mp_obj *r = mp_bytes_new(buf, a->size * sz);
    mp_mem_free(buf);
    return r;
}

static mp_obj *array_get_typecode(mp_obj *self) {
    char c = ((array_obj *)self)->tc->code;
    return mp_str_new(&c, 1);
}

static mp_obj *array_get_itemsize(mp_obj *self) {
    return mp_small((intptr_t)((array_obj *)self)->tc->size);
}

static const mp_method_def array_methods[] = {
    {"append", array_append, 0, NULL}, {"extend", array_extend, 0, NULL},
    {"pop", array_pop, 0, NULL},       {"tolist", array_tolist, 0, NULL},
    {"tobytes", array_tobytes, 0, NULL}, {NULL},
};

static const mp_getset_def array_getset[] = {
    {"typecode", array_get_typecode, NULL},
    {"itemsize", array_get_itemsize, NULL},
    {NULL},
};

static mp_type array_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "array.array",
    .basicsize = sizeof(array_obj),
    .dealloc = array_dealloc,
    .repr = array_repr,
    .richcompare = array_richcompare,
    .new_ = array_new,
    .iter = array_iter,
    .len = array_len,
    .getitem = array_getitem,
    .setitem = array_setitem,
    .methods = array_methods,
    .getset = array_getset,
};

mp_obj *mp_array_module_create(void) {
    if (mp_type_ready(&array_type) < 0)
        return NULL;
    mp_obj *m = mp_module_new("array");
    if (!m)
        return NULL;
    if (mp_module_add_obj(m, "array", (mp_obj *)&array_type) < 0 ||
        mp_module_add_obj(m, "ArrayType", (mp_obj *)&array_type) < 0 ||
        mp_module_add_obj(m, "typecodes", mp_str_intern_cstr("bBuhHiIlLqQfd")) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
