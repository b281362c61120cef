/*
 * obj_set.h — set and frozenset.  The table follows CPython's setobject.c
 * probing and resizing exactly, so sets of ints (whose hashes are their
 * values) iterate and print in the same order as in CPython.
 */
#ifndef MP_OBJ_SET_H
#define MP_OBJ_SET_H

#include "runtime/object.h"

typedef struct mp_set_entry {
    mp_obj *key;   /* NULL: empty; the dummy marker: deleted */
    mp_hash_t hash;
} mp_set_entry;

typedef struct mp_set {
    mp_obj head;
    size_t fill;   /* active + dummy */
    size_t used;   /* active */
    size_t mask;
    mp_set_entry *table;
    mp_set_entry smalltable[8];
    mp_hash_t hash; /* frozenset: cached, -1 */
    size_t finger;  /* pop() search start */
} mp_set;

extern mp_type mp_type_set, mp_type_frozenset;

static inline bool mp_anyset_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && (o->type == &mp_type_set || o->type == &mp_type_frozenset ||
                                mp_type_is_subtype(o->type, &mp_type_set) ||
                                mp_type_is_subtype(o->type, &mp_type_frozenset));
}

mp_obj *mp_set_new(mp_obj *iterable_or_null);
mp_obj *mp_frozenset_new(mp_obj *iterable_or_null);
int mp_set_add(mp_obj *s, mp_obj *key);       /* increfs */
int mp_set_contains(mp_obj *s, mp_obj *key);  /* 1, 0, -1 */
int mp_set_discard(mp_obj *s, mp_obj *key);   /* 1 removed, 0 absent, -1 */
bool mp_set_next(mp_obj *s, size_t *pos, mp_obj **key); /* borrowed */

/* Start-up: makes set, frozenset and set_iterator ready. */
void mp_set_init(void);

#endif /* MP_OBJ_SET_H */
