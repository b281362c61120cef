/*
 * obj_dictview.c — dict_keys / dict_values / dict_items views and the six
 * dict iterator types (keys, values, items; forward and reversed).
 *
 * Iterators remember the dict's size and raise CPython's RuntimeError
 * "dictionary changed size during iteration" when it changes.  Keys and
 * items views are set-like: comparisons and & | - ^ build real sets the
 * way CPython's dictviews_* functions do, so results iterate alike.
 */
#include "runtime/obj_dictview.h"

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_list.h"
#include "runtime/obj_set.h"
#include "runtime/obj_tuple.h"

#define VIEW(o) ((mp_dictview *)(o))
#define DICT(o) ((mp_dict *)(o))

/* ---- iterators ---------------------------------------------------------------- */

typedef struct dict_iter {
    mp_obj head;
    mp_obj *dict;   /* NULL once exhausted */
    size_t used;    /* the dict's size when iteration began */
    mp_ssize_t pos; /* next entry to look at */
    mp_ssize_t len; /* entries left */
    bool reverse;
    mp_obj *result; /* item iterators: a (key, value) tuple to reuse */
} dict_iter;

static bool is_reverse_type(mp_type *t) {
    return t == &mp_type_dict_reversekeyiterator || t == &mp_type_dict_reversevalueiterator ||
           t == &mp_type_dict_reverseitemiterator;
}

mp_obj *mp_dictiter_new(mp_type *type, mp_obj *d) {
    dict_iter *it = (dict_iter *)mp_obj_alloc(type, sizeof(dict_iter));
    it->dict = mp_newref(d);
    it->used = DICT(d)->used;
    it->reverse = is_reverse_type(type);
    it->pos = it->reverse ? (mp_ssize_t)DICT(d)->nentries - 1 : 0;
    it->len = (mp_ssize_t)DICT(d)->used;
    it->result = NULL;
    return &it->head;
}

static void exhaust(dict_iter *it) {
    mp_obj *d = it->dict;
    it->dict = NULL;
    mp_xdecref(d);
}

/* The next live entry, or NULL (exhausted, or an error set). */
static mp_dict_entry *next_entry(dict_iter *it) {
    mp_dict *d = DICT(it->dict);
    if (!d)
        return NULL;
    if (it->used != d->used) {
        mp_err_format(&mp_type_RuntimeError, "dictionary changed size during iteration");
        it->used = (size_t)-1; /* sticky */
        return NULL;
    }
    mp_ssize_t i = it->pos, n = (mp_ssize_t)d->nentries;
    if (!it->reverse) {
        while (i < n && !d->entries[i].key)
            i++;
        if (i >= n) {
            exhaust(it);
            return NULL;
        }
        if (it->len == 0) {
            mp_err_format(&mp_type_RuntimeError, "dictionary keys changed during iteration");
            exhaust(it);
            return NULL;
        }
        it->pos = i + 1;
    } else {
        if (i >= n)
            i = n - 1;
        while (i >= 0 && !d->entries[i].key)
            i--;
        if (i < 0) {
            exhaust(it);
            return NULL;
        }
        it->pos = i - 1;
    }
    it->len--;
    return &d->entries[i];
}

static mp_obj *dictiter_next_key(mp_obj *o) {
    mp_dict_entry *ep = next_entry((dict_iter *)o);
    return ep ? mp_newref(ep->key) : NULL;
}

static mp_obj *dictiter_next_value(mp_obj *o) {
    mp_dict_entry *ep = next_entry((dict_iter *)o);
    return ep ? mp_newref(ep->value) : NULL;
}

static mp_obj *dictiter_next_item(mp_obj *o) {
    dict_iter *it = (dict_iter *)o;
    mp_dict_entry *ep = next_entry(it);
    if (!ep)
        return NULL;
    mp_obj *res = it->result;
    if (res && mp_rc_is_unique(res)) {
        /* Nobody else holds the last tuple: refill it, as CPython does. */
        mp_obj **items = mp_tuple_items(res);
        mp_obj *ok = items[0], *ov = items[1];
        items[0] = mp_newref(ep->key);
        items[1] = mp_newref(ep->value);
        mp_decref(ok);
        mp_decref(ov);
        return mp_newref(res);
    }
    res = mp_tuple_pack(2, ep->key, ep->value);
    if (res)
        mp_setref(&it->result, mp_newref(res));
    return res;
}

static void dictiter_dealloc(mp_obj *o) {
    dict_iter *it = (dict_iter *)o;
    mp_xdecref(it->dict);
    mp_xdecref(it->result);
    mp_obj_free(o);
}

static mp_obj *dictiter_length_hint(mp_obj *self, mp_obj *const *args, size_t nargs,
                                    mp_obj *kwnames) {
    dict_iter *it = (dict_iter *)self;
    bool valid = it->dict && it->used == DICT(it->dict)->used;
    return mp_small(valid ? it->len : 0);
}

static const mp_method_def dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, 0, NULL},
    {NULL},
};

#define DICT_ITER_TYPE(cname, pyname, next)                                                        \
    mp_type cname = {                                                                              \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                   \
        .name = pyname,                                                                            \
        .basicsize = sizeof(dict_iter),                                                            \
        .dealloc = dictiter_dealloc,                                                               \
        .iter = mp_ctr_self_iter,                                                                  \
        .iternext = next,                                                                          \
        .methods = dictiter_methods,                                                               \
    };

DICT_ITER_TYPE(mp_type_dict_keyiterator, "dict_keyiterator", dictiter_next_key)
DICT_ITER_TYPE(mp_type_dict_valueiterator, "dict_valueiterator", dictiter_next_value)
DICT_ITER_TYPE(mp_type_dict_itemiterator, "dict_itemiterator", dictiter_next_item)
DICT_ITER_TYPE(mp_type_dict_reversekeyiterator, "dict_reversekeyiterator", dictiter_next_key)
DICT_ITER_TYPE(mp_type_dict_reversevalueiterator, "dict_reversevalueiterator", dictiter_next_value)
DICT_ITER_TYPE(mp_type_dict_reverseitemiterator, "dict_reverseitemiterator", dictiter_next_item)

/* ---- views ---------------------------------------------------------------------- */

mp_obj *mp_dictview_new(mp_type *type, mp_obj *d) {
    mp_dictview *v = (mp_dictview *)mp_obj_alloc(type, sizeof(mp_dictview));
    v->dict = mp_newref(d);
    return &v->head;
}

static void view_dealloc(mp_obj *o) {
    mp_decref(VIEW(o)->dict);
    mp_obj_free(o);
}

static mp_ssize_t view_len(mp_obj *o) { return (mp_ssize_t)mp_dict_size(VIEW(o)->dict); }

static mp_obj *view_iter(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    mp_type *it = t == &mp_type_dict_keys     ? &mp_type_dict_keyiterator
                  : t == &mp_type_dict_values ? &mp_type_dict_valueiterator
                                              : &mp_type_dict_itemiterator;
    return mp_dictiter_new(it, VIEW(o)->dict);
}

static mp_obj *view_reversed_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("__reversed__", nargs, kwnames) < 0)
        return NULL;
    mp_type *t = mp_typeof(self);
    mp_type *it = t == &mp_type_dict_keys     ? &mp_type_dict_reversekeyiterator
                  : t == &mp_type_dict_values ? &mp_type_dict_reversevalueiterator
                                              : &mp_type_dict_reverseitemiterator;
    return mp_dictiter_new(it, VIEW(self)->dict);
}

/* "dict_keys([1, 2])" */
static mp_obj *view_repr(mp_obj *o) {
    mp_repr_guard g;
    if (mp_repr_enter(&g, o))
        return mp_str_from_cstr("...");
    mp_obj *list = mp_list_from_iter(o);
    mp_obj *r = list ? mp_str_format_c("%s(%R)", mp_type_name(o), list) : NULL;
    mp_xdecref(list);
    mp_repr_leave(&g);
    return r;
}

static int keys_contains(mp_obj *o, mp_obj *key) { return mp_dict_contains(VIEW(o)->dict, key); }

static int items_contains(mp_obj *o, mp_obj *item) {
    if (!mp_tuple_check(item) || mp_tuple_size(item) != 2)
        return 0;
    mp_obj *key = mp_tuple_items(item)[0], *value = mp_tuple_items(item)[1];
    mp_obj *found = mp_dict_get(VIEW(o)->dict, key);
    if (!found)
        return mp_err_occurred() ? -1 : 0;
    mp_incref(found);
    int r = mp_richcompare_bool(found, value, MP_EQ);
    mp_decref(found);
    return r;
}

static int values_contains(mp_obj *o, mp_obj *value) {
    size_t pos = 0;
    mp_obj *v;
    while (mp_dict_next(VIEW(o)->dict, &pos, NULL, &v)) {
        mp_incref(v);
        int r = mp_eq(v, value);
        mp_decref(v);
        if (r != 0)
            return r;
    }
    return 0;
}

static bool is_setlike_view(mp_obj *o) {
    return mp_typeof(o) == &mp_type_dict_keys || mp_typeof(o) == &mp_type_dict_items;
}

/* 1 if every element of a is in b, 0 if not, -1 on error. */
static int all_contained_in(mp_obj *a, mp_obj *b) {
    mp_obj *it = mp_iter(a), *x;
    if (!it)
        return -1;
    int ok = 1;
    while (ok == 1 && (x = mp_iternext(it)) != NULL) {
        ok = mp_contains(b, x);
        mp_decref(x);
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : ok;
}

static mp_obj *view_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!is_setlike_view(a) || !(mp_anyset_check(b) || is_setlike_view(b)))
        return mp_newref(mp_NotImplemented);
    mp_ssize_t la = mp_len(a), lb = mp_len(b);
    if (la < 0 || lb < 0)
        return NULL;
    int ok = 0;
    switch (op) {
    case MP_EQ:
    case MP_NE:
        ok = la == lb ? all_contained_in(a, b) : 0;
        if (ok >= 0 && op == MP_NE)
            ok = !ok;
        break;
    case MP_LT: ok = la < lb ? all_contained_in(a, b) : 0; break;
    case MP_LE: ok = la <= lb ? all_contained_in(a, b) : 0; break;
    case MP_GT: ok = la > lb ? all_contained_in(b, a) : 0; break;
    case MP_GE: ok = la >= lb ? all_contained_in(b, a) : 0; break;
    }
    return ok < 0 ? NULL : mp_bool_from(ok);
}

/* set(self), going straight to the dict for a keys view (same order). */
static mp_obj *view_to_set(mp_obj *o) {
    if (mp_typeof(o) == &mp_type_dict_keys && mp_isinstance_exact(VIEW(o)->dict, &mp_type_dict))
        return mp_set_new(VIEW(o)->dict);
    return mp_set_new(o);
}

/* set(a).<method>(b) */
static mp_obj *set_then(mp_obj *a, const char *method, mp_obj *b) {
    mp_obj *res = view_to_set(a);
    if (!res)
        return NULL;
    mp_obj *r = mp_call_method(res, method, &b, 1);
    if (!r) {
        mp_decref(res);
        return NULL;
    }
    mp_decref(r);
    return res;
}

/* CPython's _PyDictView_Intersect. */
static mp_obj *view_intersect(mp_obj *self, mp_obj *other) {
    if (!is_setlike_view(self)) {
        mp_obj *t = self;
        self = other;
        other = t;
    }
    mp_ssize_t lself = view_len(self);
    if (mp_isinstance_exact(other, &mp_type_set)) {
        mp_ssize_t lother = mp_len(other);
        if (lself <= lother)
            return mp_call_method(other, "intersection", &self, 1);
    }
    if (is_setlike_view(other) && view_len(other) > lself) {
        mp_obj *t = self;
        self = other;
        other = t;
    }
    int (*contains)(mp_obj *, mp_obj *) =
        mp_typeof(self) == &mp_type_dict_keys ? keys_contains : items_contains;
    mp_obj *res = mp_set_new(NULL);
    mp_obj *it = mp_iter(other), *x;
    if (!it) {
        mp_decref(res);
        return NULL;
    }
    while ((x = mp_iternext(it)) != NULL) {
        int r = contains(self, x);
        if (r > 0)
            r = mp_set_add(res, x);
        mp_decref(x);
        if (r < 0)
            break;
    }
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_decref(res);
        return NULL;
    }
    return res;
}

static mp_obj *view_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    switch (op) {
    case MP_OP_SUB: return set_then(a, "difference_update", b);
    case MP_OP_OR: return set_then(a, "update", b);
    case MP_OP_XOR: return set_then(a, "symmetric_difference_update", b);
    case MP_OP_AND: return view_intersect(a, b);
    default: return mp_newref(mp_NotImplemented);
    }
}

static mp_obj *view_isdisjoint_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_onearg("isdisjoint", nargs, kwnames) < 0)
        return NULL;
    mp_obj *other = args[0];
    if (other == self)
        return mp_bool_from(view_len(self) == 0);
    mp_obj *it = mp_iter(other), *x;
    if (!it)
        return NULL;
    int found = 0;
    while (!found && (x = mp_iternext(it)) != NULL) {
        found = mp_contains(self, x);
        mp_decref(x);
    }
    mp_decref(it);
    if (found < 0 || mp_err_occurred())
        return NULL;
    return mp_bool_from(!found);
}

static const mp_method_def setlike_view_methods[] = {
    {"isdisjoint", view_isdisjoint_m, 0,
     "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", view_reversed_m, 0, "Return a reverse iterator over the dict keys."},
    {NULL},
};

static const mp_method_def values_view_methods[] = {
    {"__reversed__", view_reversed_m, 0, "Return a reverse iterator over the dict values."},
    {NULL},
};

mp_type mp_type_dict_keys = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "dict_keys",
    .basicsize = sizeof(mp_dictview),
    .dealloc = view_dealloc,
    .repr = view_repr,
    .richcompare = view_richcompare,
    .binop = view_binop,
    .iter = view_iter,
    .len = view_len,
    .contains = keys_contains,
    .methods = setlike_view_methods,
};

mp_type mp_type_dict_items = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "dict_items",
    .basicsize = sizeof(mp_dictview),
    .dealloc = view_dealloc,
    .repr = view_repr,
    .richcompare = view_richcompare,
    .binop = view_binop,
    .iter = view_iter,
    .len = view_len,
    .contains = items_contains,
    .methods = setlike_view_methods,
};

mp_type mp_type_dict_values = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "dict_values",
    .basicsize = sizeof(mp_dictview),
    .dealloc = view_dealloc,
    .repr = view_repr,
    .iter = view_iter,
    .len = view_len,
    .contains = values_contains,
    .methods = values_view_methods,
};

void mp_dictview_init(void) {
    mp_type *types[] = {
        &mp_type_dict_keys,
        &mp_type_dict_values,
        &mp_type_dict_items,
        &mp_type_dict_keyiterator,
        &mp_type_dict_valueiterator,
        &mp_type_dict_itemiterator,
        &mp_type_dict_reversekeyiterator,
        &mp_type_dict_reversevalueiterator,
        &mp_type_dict_reverseitemiterator,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        mp_type_ready(types[i]);
}
