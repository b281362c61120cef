/*
 * set_ops.c — the set and frozenset types: construction, repr,
 * comparison, the operators | & - ^ (and in-place forms for set) and the
 * methods, each following CPython 3.11's setobject.c strategy (which set
 * is iterated, which one probed, when a copy is made) so results come
 * out in CPython's order.  The table itself is in runtime/obj_set.c.
 */
#include <stdio.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_list.h"
#include "runtime/obj_tuple.h"
#include "runtime/set_internal.h"

#define SET(o) ((mp_set *)(o))

static mp_obj *set_copy(mp_obj *so) { return mp_set_make_basetype(mp_typeof(so), so); }

static size_t set_size(mp_obj *o) { return SET(o)->used; }

/* "set.add" or "frozenset.copy": the defining type, for messages. */
static const char *qualname(mp_obj *self, const char *name, char *buf, size_t n) {
    snprintf(buf, n, "%s.%s", mp_set_is_set(self) ? "set" : "frozenset", name);
    return buf;
}

#define QUAL(self, name) qualname(self, name, qbuf, sizeof qbuf)

static int check_onearg(mp_obj *self, const char *name, size_t nargs, mp_obj *kwnames) {
    char qbuf[64];
    return mp_ctr_onearg(QUAL(self, name), nargs, kwnames);
}

static int check_noargs(mp_obj *self, const char *name, size_t nargs, mp_obj *kwnames) {
    char qbuf[64];
    return mp_ctr_noargs(QUAL(self, name), nargs, kwnames);
}

static int check_varargs(mp_obj *self, const char *name, mp_obj *kwnames) {
    char qbuf[64];
    return mp_ctr_args(QUAL(self, name), name, 0, kwnames, 0, 0);
}

static mp_obj *none_or_null(int r) { return r < 0 ? NULL : mp_newref(mp_None); }

/* ---- repr, len, contains ------------------------------------------------------- */

static mp_obj *set_repr(mp_obj *o) {
    const char *name = mp_type_name(o);
    mp_repr_guard g;
    if (mp_repr_enter(&g, o))
        return mp_str_format_c("%s(...)", name);
    mp_obj *res = NULL;
    if (set_size(o) == 0) {
        res = mp_str_format_c("%s()", name);
        goto done;
    }
    /* A snapshot: an element's __repr__ may change the set. */
    mp_obj *keys = mp_list_from_iter(o);
    if (!keys)
        goto done;
    bool exact = mp_isinstance_exact(o, &mp_type_set);
    mp_sb sb;
    mp_sb_init(&sb, 16);
    if (!exact) {
        mp_sb_add_cstr(&sb, name);
        mp_sb_addc(&sb, '(');
    }
    mp_sb_addc(&sb, '{');
    for (size_t i = 0; i < mp_list_size(keys); i++) {
        if (i)
            mp_sb_add(&sb, ", ", 2);
        if (mp_sb_add_obj(&sb, mp_list_items(keys)[i], true) < 0) {
            mp_sb_free(&sb);
            mp_decref(keys);
            goto done;
        }
    }
    mp_sb_add_cstr(&sb, exact ? "}" : "})");
    mp_decref(keys);
    res = mp_sb_finish(&sb);
done:
    mp_repr_leave(&g);
    return res;
}

static mp_ssize_t set_len(mp_obj *o) { return (mp_ssize_t)set_size(o); }

/* A set used as a key is looked up as the equal frozenset. */
static int with_frozen_retry(mp_obj *so, mp_obj *key, int (*op)(mp_obj *, mp_obj *)) {
    int rv = op(so, key);
    if (rv < 0 && mp_set_is_set(key) && mp_err_matches(&mp_type_TypeError)) {
        mp_err_clear();
        mp_obj *tmp = mp_set_make(&mp_type_frozenset, key);
        if (!tmp)
            return -1;
        rv = op(so, tmp);
        mp_decref(tmp);
    }
    return rv;
}

static int set_contains_slot(mp_obj *so, mp_obj *key) {
    return with_frozen_retry(so, key, mp_set_contains);
}

/* ---- algebra ---------------------------------------------------------------------- */

static mp_obj *set_intersection(mp_obj *so, mp_obj *other) {
    if (so == other)
        return set_copy(so);
    mp_obj *result = mp_set_make_basetype(mp_typeof(so), NULL);
    if (mp_anyset_check(other)) {
        /* Walk the smaller set, probe the larger. */
        if (set_size(other) > set_size(so)) {
            mp_obj *t = so;
            so = other;
            other = t;
        }
        size_t pos = 0;
        mp_set_entry *e;
        while (mp_set_next_entry(SET(other), &pos, &e)) {
            mp_obj *key = mp_newref(e->key);
            mp_hash_t hash = e->hash;
            int rv = mp_set_contains_entry(SET(so), key, hash);
            if (rv > 0)
                rv = mp_set_add_entry(SET(result), key, hash);
            mp_decref(key);
            if (rv < 0) {
                mp_decref(result);
                return NULL;
            }
        }
        return result;
    }
    mp_obj *it = mp_iter(other), *key;
    if (!it) {
        mp_decref(result);
        return NULL;
    }
    while ((key = mp_iternext(it)) != NULL) {
        mp_hash_t hash = mp_hash(key);
        int rv = hash == -1 ? -1 : mp_set_contains_entry(SET(so), key, hash);
        bool added = false;
        if (rv > 0) {
            rv = mp_set_add_entry(SET(result), key, hash);
            added = rv == 0;
        }
        mp_decref(key);
        if (rv < 0)
            break;
        /* Stop once everything in so has been found. */
        if (added && set_size(result) >= set_size(so))
            break;
    }
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_decref(result);
        return NULL;
    }
    return result;
}

static mp_obj *set_intersection_multi(mp_obj *so, mp_obj *const *args, size_t nargs) {
    if (nargs == 0)
        return set_copy(so);
    mp_obj *result = mp_newref(so);
    for (size_t i = 0; i < nargs; i++) {
        mp_obj *r = set_intersection(result, args[i]);
        mp_decref(result);
        if (!r)
            return NULL;
        result = r;
    }
    return result;
}

/* Replaces so's contents with `tmp` (a new reference, consumed). */
static int swap_in(mp_obj *so, mp_obj *tmp) {
    if (!tmp)
        return -1;
    mp_set_swap_bodies(SET(so), SET(tmp));
    mp_decref(tmp);
    return 0;
}

static int set_difference_update_internal(mp_obj *so, mp_obj *other) {
    mp_set *s = SET(so);
    if (so == other) {
        mp_set_clear_internal(s);
        return 0;
    }
    if (mp_anyset_check(other)) {
        /* A much bigger other: discard only what the two share. */
        if ((set_size(other) >> 3) > set_size(so)) {
            other = set_intersection(so, other);
            if (!other)
                return -1;
        } else {
            mp_incref(other);
        }
        size_t pos = 0;
        mp_set_entry *e;
        while (mp_set_next_entry(SET(other), &pos, &e)) {
            mp_obj *key = mp_newref(e->key);
            int r = mp_set_discard_entry(s, key, e->hash);
            mp_decref(key);
            if (r < 0) {
                mp_decref(other);
                return -1;
            }
        }
        mp_decref(other);
    } else {
        mp_obj *it = mp_iter(other), *key;
        if (!it)
            return -1;
        while ((key = mp_iternext(it)) != NULL) {
            int r = mp_set_discard(so, key);
            mp_decref(key);
            if (r < 0) {
                mp_decref(it);
                return -1;
            }
        }
        mp_decref(it);
        if (mp_err_occurred())
            return -1;
    }
    /* More than a quarter dummies: rebuild. */
    if (s->fill - s->used <= s->mask / 4)
        return 0;
    return mp_set_table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

static mp_obj *set_copy_and_difference(mp_obj *so, mp_obj *other) {
    mp_obj *result = set_copy(so);
    if (result && set_difference_update_internal(result, other) < 0)
        mp_setref(&result, NULL);
    return result;
}

static mp_obj *set_difference(mp_obj *so, mp_obj *other) {
    size_t other_size;
    bool other_dict = mp_isinstance_exact(other, &mp_type_dict);
    if (mp_anyset_check(other))
        other_size = set_size(other);
    else if (other_dict)
        other_size = mp_dict_size(other);
    else
        return set_copy_and_difference(so, other);
    /* A much smaller other: copy, then discard. */
    if ((set_size(so) >> 2) > other_size)
        return set_copy_and_difference(so, other);

    mp_obj *result = mp_set_make_basetype(mp_typeof(so), NULL);
    size_t pos = 0;
    mp_set_entry *e;
    while (mp_set_next_entry(SET(so), &pos, &e)) {
        mp_obj *key = mp_newref(e->key);
        mp_hash_t hash = e->hash;
        int rv;
        if (other_dict) {
            mp_ssize_t ix = mp_dict_lookup_index(other, key, hash);
            rv = ix == -2 ? -1 : ix >= 0;
        } else {
            rv = mp_set_contains_entry(SET(other), key, hash);
        }
        if (rv == 0)
            rv = mp_set_add_entry(SET(result), key, hash);
        mp_decref(key);
        if (rv < 0) {
            mp_decref(result);
            return NULL;
        }
    }
    return result;
}

static mp_obj *set_difference_multi(mp_obj *so, mp_obj *const *args, size_t nargs) {
    if (nargs == 0)
        return set_copy(so);
    mp_obj *result = set_difference(so, args[0]);
    for (size_t i = 1; result && i < nargs; i++)
        if (set_difference_update_internal(result, args[i]) < 0)
            mp_setref(&result, NULL);
    return result;
}

static int set_symmetric_difference_update(mp_obj *so, mp_obj *other) {
    mp_set *s = SET(so);
    if (so == other) {
        mp_set_clear_internal(s);
        return 0;
    }
    if (mp_isinstance_exact(other, &mp_type_dict)) {
        size_t pos = 0;
        mp_obj *key;
        mp_hash_t hash;
        while (mp_dict_next_hash(other, &pos, &key, NULL, &hash)) {
            mp_incref(key);
            int rv = mp_set_discard_entry(s, key, hash);
            if (rv == 0)
                rv = mp_set_add_entry(s, key, hash);
            mp_decref(key);
            if (rv < 0)
                return -1;
        }
        return 0;
    }
    mp_obj *otherset =
        mp_anyset_check(other) ? mp_newref(other) : mp_set_make_basetype(mp_typeof(so), other);
    if (!otherset)
        return -1;
    size_t pos = 0;
    mp_set_entry *e;
    while (mp_set_next_entry(SET(otherset), &pos, &e)) {
        mp_obj *key = mp_newref(e->key);
        mp_hash_t hash = e->hash;
        int rv = mp_set_discard_entry(s, key, hash);
        if (rv == 0)
            rv = mp_set_add_entry(s, key, hash);
        mp_decref(key);
        if (rv < 0) {
            mp_decref(otherset);
            return -1;
        }
    }
    mp_decref(otherset);
    return 0;
}

static mp_obj *set_symmetric_difference(mp_obj *so, mp_obj *other) {
    mp_obj *result = mp_set_make_basetype(mp_typeof(so), other);
    if (result && set_symmetric_difference_update(result, so) < 0)
        mp_setref(&result, NULL);
    return result;
}

/* 1 if so <= other, 0 if not, -1 on error. */
static int set_issubset(mp_obj *so, mp_obj *other) {
    if (!mp_anyset_check(other)) {
        mp_obj *tmp = set_intersection(so, other);
        if (!tmp)
            return -1;
        int r = set_size(tmp) == set_size(so);
        mp_decref(tmp);
        return r;
    }
    if (set_size(so) > set_size(other))
        return 0;
    size_t pos = 0;
    mp_set_entry *e;
    while (mp_set_next_entry(SET(so), &pos, &e)) {
        mp_obj *key = mp_newref(e->key);
        int rv = mp_set_contains_entry(SET(other), key, e->hash);
        mp_decref(key);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

static int set_issuperset(mp_obj *so, mp_obj *other) {
    if (mp_anyset_check(other))
        return set_issubset(other, so);
    mp_obj *it = mp_iter(other), *key;
    if (!it)
        return -1;
    int ok = 1;
    while (ok == 1 && (key = mp_iternext(it)) != NULL) {
        ok = mp_set_contains(so, key);
        mp_decref(key);
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : ok;
}

static int set_isdisjoint(mp_obj *so, mp_obj *other) {
    if (so == other)
        return set_size(so) == 0;
    if (mp_isinstance_exact(other, &mp_type_set) ||
        mp_isinstance_exact(other, &mp_type_frozenset)) {
        if (set_size(other) > set_size(so)) {
            mp_obj *t = so;
            so = other;
            other = t;
        }
        size_t pos = 0;
        mp_set_entry *e;
        while (mp_set_next_entry(SET(other), &pos, &e)) {
            mp_obj *key = mp_newref(e->key);
            int rv = mp_set_contains_entry(SET(so), key, e->hash);
            mp_decref(key);
            if (rv != 0)
                return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    mp_obj *it = mp_iter(other), *key;
    if (!it)
        return -1;
    int found = 0;
    while (!found && (key = mp_iternext(it)) != NULL) {
        found = mp_set_contains(so, key);
        mp_decref(key);
    }
    mp_decref(it);
    if (found < 0 || mp_err_occurred())
        return -1;
    return !found;
}

/* ---- operators ------------------------------------------------------------------ */

static mp_obj *set_richcompare(mp_obj *v, mp_obj *w, int op) {
    if (!mp_anyset_check(v) || !mp_anyset_check(w))
        return mp_newref(mp_NotImplemented);
    int r;
    switch (op) {
    case MP_EQ:
    case MP_NE:
        if (set_size(v) != set_size(w))
            r = 0;
        else if (SET(v)->hash != -1 && SET(w)->hash != -1 && SET(v)->hash != SET(w)->hash)
            r = 0;
        else
            r = set_issubset(v, w);
        if (r >= 0 && op == MP_NE)
            r = !r;
        break;
    case MP_LE: r = set_issubset(v, w); break;
    case MP_GE: r = set_issuperset(v, w); break;
    case MP_LT: r = set_size(v) < set_size(w) ? set_issubset(v, w) : 0; break;
    case MP_GT: r = set_size(v) > set_size(w) ? set_issuperset(v, w) : 0; break;
    default: return mp_newref(mp_NotImplemented);
    }
    return r < 0 ? NULL : mp_bool_from(r);
}

static mp_obj *set_or(mp_obj *a, mp_obj *b) {
    mp_obj *result = set_copy(a);
    if (result && a != b && mp_set_update_internal(SET(result), b) < 0)
        mp_setref(&result, NULL);
    return result;
}

static mp_obj *set_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (!mp_anyset_check(a) || !mp_anyset_check(b))
        return mp_newref(mp_NotImplemented);
    switch (op) {
    case MP_OP_SUB: return set_difference(a, b);
    case MP_OP_AND: return set_intersection(a, b);
    case MP_OP_OR: return set_or(a, b);
    case MP_OP_XOR: return set_symmetric_difference(a, b);
    default: return mp_newref(mp_NotImplemented);
    }
}

static mp_obj *set_inplace(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (!mp_anyset_check(b))
        return mp_newref(mp_NotImplemented);
    int r;
    switch (op) {
    case MP_OP_SUB: r = set_difference_update_internal(a, b); break;
    case MP_OP_AND: r = swap_in(a, set_intersection(a, b)); break;
    case MP_OP_OR: r = mp_set_update_internal(SET(a), b); break;
    case MP_OP_XOR: r = set_symmetric_difference_update(a, b); break;
    default: return mp_newref(mp_NotImplemented);
    }
    return r < 0 ? NULL : mp_newref(a);
}

/* ---- methods ---------------------------------------------------------------------- */

static mp_obj *bool_or_null(int r) { return r < 0 ? NULL : mp_bool_from(r); }

static mp_obj *m_add(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "add", nargs, kwnames) < 0)
        return NULL;
    return none_or_null(mp_set_add(self, args[0]));
}

static mp_obj *m_remove(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "remove", nargs, kwnames) < 0)
        return NULL;
    int r = with_frozen_retry(self, args[0], mp_set_discard);
    if (r == 0)
        mp_ctr_key_error(args[0]);
    return r <= 0 ? NULL : mp_newref(mp_None);
}

static mp_obj *m_discard(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "discard", nargs, kwnames) < 0)
        return NULL;
    return none_or_null(with_frozen_retry(self, args[0], mp_set_discard));
}

static mp_obj *m_pop(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_noargs(self, "pop", nargs, kwnames) < 0)
        return NULL;
    return mp_set_pop(SET(self));
}

static mp_obj *m_clear(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_noargs(self, "clear", nargs, kwnames) < 0)
        return NULL;
    mp_set_clear_internal(SET(self));
    return mp_newref(mp_None);
}

static mp_obj *m_copy(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_noargs(self, "copy", nargs, kwnames) < 0)
        return NULL;
    if (mp_isinstance_exact(self, &mp_type_frozenset))
        return mp_newref(self);
    return set_copy(self);
}

static mp_obj *m_union(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_varargs(self, "union", kwnames) < 0)
        return NULL;
    mp_obj *result = set_copy(self);
    for (size_t i = 0; result && i < nargs; i++)
        if (args[i] != self && mp_set_update_internal(SET(result), args[i]) < 0)
            mp_setref(&result, NULL);
    return result;
}

static mp_obj *m_update(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_varargs(self, "update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (mp_set_update_internal(SET(self), args[i]) < 0)
            return NULL;
    return mp_newref(mp_None);
}

static mp_obj *m_intersection(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_varargs(self, "intersection", kwnames) < 0)
        return NULL;
    return set_intersection_multi(self, args, nargs);
}

static mp_obj *m_intersection_update(mp_obj *self, mp_obj *const *args, size_t nargs,
                                     mp_obj *kwnames) {
    if (check_varargs(self, "intersection_update", kwnames) < 0)
        return NULL;
    return none_or_null(swap_in(self, set_intersection_multi(self, args, nargs)));
}

static mp_obj *m_difference(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_varargs(self, "difference", kwnames) < 0)
        return NULL;
    return set_difference_multi(self, args, nargs);
}

static mp_obj *m_difference_update(mp_obj *self, mp_obj *const *args, size_t nargs,
                                   mp_obj *kwnames) {
    if (check_varargs(self, "difference_update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (set_difference_update_internal(self, args[i]) < 0)
            return NULL;
    return mp_newref(mp_None);
}

static mp_obj *m_symmetric_difference(mp_obj *self, mp_obj *const *args, size_t nargs,
                                      mp_obj *kwnames) {
    if (check_onearg(self, "symmetric_difference", nargs, kwnames) < 0)
        return NULL;
    return set_symmetric_difference(self, args[0]);
}

static mp_obj *m_symmetric_difference_update(mp_obj *self, mp_obj *const *args, size_t nargs,
                                             mp_obj *kwnames) {
    if (check_onearg(self, "symmetric_difference_update", nargs, kwnames) < 0)
        return NULL;
    return none_or_null(set_symmetric_difference_update(self, args[0]));
}

static mp_obj *m_issubset(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "issubset", nargs, kwnames) < 0)
        return NULL;
    return bool_or_null(set_issubset(self, args[0]));
}

static mp_obj *m_issuperset(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "issuperset", nargs, kwnames) < 0)
        return NULL;
    return bool_or_null(set_issuperset(self, args[0]));
}

static mp_obj *m_isdisjoint(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_onearg(self, "isdisjoint", nargs, kwnames) < 0)
        return NULL;
    return bool_or_null(set_isdisjoint(self, args[0]));
}

#define SHARED_METHODS                                                                             \
    {"copy", m_copy, 0, "Return a shallow copy of a set."},                                        \
        {"difference", m_difference, 0,                                                            \
         "Return the difference of two or more sets as a new set."},                               \
        {"intersection", m_intersection, 0, "Return the intersection of two sets as a new set."},  \
        {"isdisjoint", m_isdisjoint, 0, "Return True if two sets have a null intersection."},      \
        {"issubset", m_issubset, 0, "Report whether another set contains this set."},              \
        {"issuperset", m_issuperset, 0, "Report whether this set contains another set."},          \
        {"symmetric_difference", m_symmetric_difference, 0,                                        \
         "Return the symmetric difference of two sets as a new set."},                             \
    {                                                                                              \
        "union", m_union, 0, "Return the union of sets as a new set."                              \
    }

static const mp_method_def set_methods[] = {
    SHARED_METHODS,
    {"add", m_add, 0, "Add an element to a set."},
    {"clear", m_clear, 0, "Remove all elements from this set."},
    {"discard", m_discard, 0, "Remove an element from a set if it is a member."},
    {"difference_update", m_difference_update, 0,
     "Remove all elements of another set from this set."},
    {"intersection_update", m_intersection_update, 0,
     "Update a set with the intersection of itself and another."},
    {"pop", m_pop, 0, "Remove and return an arbitrary set element."},
    {"remove", m_remove, 0, "Remove an element from a set; it must be a member."},
    {"symmetric_difference_update", m_symmetric_difference_update, 0,
     "Update a set with the symmetric difference of itself and another."},
    {"update", m_update, 0, "Update a set with the union of itself and others."},
    {NULL},
};

static const mp_method_def frozenset_methods[] = {
    SHARED_METHODS,
    {NULL},
};

/* ---- construction ---------------------------------------------------------------------- */

static int check_ctor_args(mp_type *type, const char *kwname, size_t nargs, mp_obj *kwnames) {
    if (kwnames && mp_tuple_size(kwnames) > 0) {
        mp_err_format(&mp_type_TypeError, "%s() takes no keyword arguments", kwname);
        return -1;
    }
    if (nargs > 1) {
        mp_err_format(&mp_type_TypeError, "%s expected at most 1 argument, got %zu", type->name,
                      nargs);
        return -1;
    }
    return 0;
}

static mp_obj *set_new_slot(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return mp_set_make(type, NULL);
}

static int set_init_slot(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_ctor_args(mp_typeof(self), "set", nargs, kwnames) < 0)
        return -1;
    if (SET(self)->fill)
        mp_set_clear_internal(SET(self));
    SET(self)->hash = -1;
    return nargs ? mp_set_update_internal(SET(self), args[0]) : 0;
}

static mp_obj *frozenset_new_slot(mp_type *type, mp_obj *const *args, size_t nargs,
                                  mp_obj *kwnames) {
    if (check_ctor_args(type, "frozenset", nargs, kwnames) < 0)
        return NULL;
    mp_obj *iterable = nargs ? args[0] : NULL;
    if (type != &mp_type_frozenset)
        return mp_set_make(type, iterable);
    return mp_frozenset_new(iterable);
}

mp_type mp_type_set = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "set",
    .basicsize = sizeof(mp_set),
    .tflags = MP_TFLAG_BASETYPE,
    .dealloc = mp_set_dealloc,
    .repr = set_repr,
    .richcompare = set_richcompare,
    .binop = set_binop,
    .inplace = set_inplace,
    .new_ = set_new_slot,
    .init = set_init_slot,
    .iter = mp_set_iter,
    .len = set_len,
    .contains = set_contains_slot,
    .methods = set_methods,
};

mp_type mp_type_frozenset = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "frozenset",
    .basicsize = sizeof(mp_set),
    .tflags = MP_TFLAG_BASETYPE,
    .dealloc = mp_set_dealloc,
    .repr = set_repr,
    .hash = mp_frozenset_hash,
    .richcompare = set_richcompare,
    .binop = set_binop,
    .new_ = frozenset_new_slot,
    .iter = mp_set_iter,
    .len = set_len,
    .contains = set_contains_slot,
    .methods = frozenset_methods,
};

void mp_set_init(void) {
    mp_ctr_init_names();
    mp_type_ready(&mp_type_set);
    mp_type_ready(&mp_type_frozenset);
    mp_type_ready(&mp_type_set_iterator);
}
