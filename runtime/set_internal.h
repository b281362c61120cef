/*
 * set_internal.h — the table primitives of runtime/obj_set.c shared with
 * the set methods and operators in runtime/set_ops.c.  Names and
 * behaviour follow CPython's setobject.c.
 */
#ifndef MP_SET_INTERNAL_H
#define MP_SET_INTERNAL_H

#include "runtime/obj_set.h"

#define MP_SET_MINSIZE 8 /* == the length of mp_set.smalltable */

extern mp_type mp_type_set_iterator;

bool mp_set_is_set(mp_obj *o); /* set or a subclass (not frozenset) */

/* Table operations with a known hash: 1/0/-1 like mp_set_contains. */
int mp_set_contains_entry(mp_set *so, mp_obj *key, mp_hash_t hash);
int mp_set_discard_entry(mp_set *so, mp_obj *key, mp_hash_t hash);
int mp_set_add_entry(mp_set *so, mp_obj *key, mp_hash_t hash);
int mp_set_table_resize(mp_set *so, size_t minused);
void mp_set_clear_internal(mp_set *so);
/* Next live entry at or after *pos (set_next). */
bool mp_set_next_entry(mp_set *so, size_t *pos, mp_set_entry **out);
/* so |= other for any iterable (set_update_internal). */
int mp_set_update_internal(mp_set *so, mp_obj *other);
void mp_set_swap_bodies(mp_set *a, mp_set *b);

/* A new instance of `type` filled from iterable (may be NULL). */
mp_obj *mp_set_make(mp_type *type, mp_obj *iterable);
/* Same, with a subclass replaced by set or frozenset. */
mp_obj *mp_set_make_basetype(mp_type *type, mp_obj *iterable);

void mp_set_dealloc(mp_obj *o);
mp_obj *mp_set_iter(mp_obj *self);
mp_obj *mp_set_pop(mp_set *so);
mp_hash_t mp_frozenset_hash(mp_obj *self);

#endif /* MP_SET_INTERNAL_H */
