/*
 * obj_list.h — list: a growable array of references.
 */
#ifndef MP_OBJ_LIST_H
#define MP_OBJ_LIST_H

#include "runtime/object.h"

typedef struct mp_list {
    mp_obj head;
    size_t size, cap;
    mp_obj **items;
} mp_list;

extern mp_type mp_type_list;

static inline bool mp_list_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && (o->type->tflags & MP_TFLAG_LIST_SUBCLASS);
}
static inline size_t mp_list_size(const mp_obj *l) { return ((const mp_list *)l)->size; }
static inline mp_obj **mp_list_items(mp_obj *l) { return ((mp_list *)l)->items; }

/* An empty list with room for `cap` items. */
mp_obj *mp_list_new(size_t cap);
mp_obj *mp_list_from_array(mp_obj *const *items, size_t n); /* increfs */
/* list(iterable) */
mp_obj *mp_list_from_iter(mp_obj *iterable);
int mp_list_append(mp_obj *l, mp_obj *item);       /* increfs item */
int mp_list_append_steal(mp_obj *l, mp_obj *item); /* steals item */
int mp_list_extend(mp_obj *l, mp_obj *iterable);
/* Stable sort in place, like list.sort(key=key, reverse=reverse);
 * key may be NULL or None. */
int mp_list_sort(mp_obj *l, mp_obj *key, bool reverse);
void mp_list_reverse(mp_obj *l); /* in place */

extern mp_type mp_type_list_iterator, mp_type_list_reverseiterator;
/* Start-up: makes list and its iterator types ready. */
void mp_list_init(void);

#endif /* MP_OBJ_LIST_H */
