/*
 * obj_tuple.h — tuple: an immutable array of references stored inline
 * after the header.  The empty tuple is an immortal singleton.
 */
#ifndef MP_OBJ_TUPLE_H
#define MP_OBJ_TUPLE_H

#include "runtime/object.h"

typedef struct mp_tuple {
    mp_obj head;
    size_t size;
    mp_hash_t hash_unused; /* keeps items 16-aligned; reserved */
    mp_obj *items[];
} mp_tuple;

extern mp_type mp_type_tuple;

static inline bool mp_tuple_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && (o->type->tflags & MP_TFLAG_TUPLE_SUBCLASS);
}
static inline size_t mp_tuple_size(const mp_obj *t) { return ((const mp_tuple *)t)->size; }
static inline mp_obj **mp_tuple_items(mp_obj *t) { return ((mp_tuple *)t)->items; }

/* A tuple of n slots, all NULL: the caller fills every slot (each slot
 * owns its reference) before the tuple escapes. */
mp_obj *mp_tuple_new(size_t n);
/* Tuple of n borrowed values (increfs them). */
mp_obj *mp_tuple_pack(size_t n, ...);
mp_obj *mp_tuple_from_array(mp_obj *const *items, size_t n); /* increfs */
/* tuple(iterable) */
mp_obj *mp_tuple_from_iter(mp_obj *iterable);

extern mp_type mp_type_tuple_iterator;
/* Start-up: makes tuple and its iterator type ready. */
void mp_tuple_init(void);

#endif /* MP_OBJ_TUPLE_H */
