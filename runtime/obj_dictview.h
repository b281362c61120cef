/*
 * obj_dictview.h — dict views (d.keys(), d.values(), d.items()) and the
 * dict iterators, forward and reversed.  Internal to the dict module
 * (runtime/obj_dict.c); other code uses them through the protocols.
 */
#ifndef MP_OBJ_DICTVIEW_H
#define MP_OBJ_DICTVIEW_H

#include "runtime/object.h"

typedef struct mp_dictview {
    mp_obj head;
    mp_obj *dict;
} mp_dictview;

extern mp_type mp_type_dict_keys, mp_type_dict_values, mp_type_dict_items;
extern mp_type mp_type_dict_keyiterator, mp_type_dict_valueiterator, mp_type_dict_itemiterator;
extern mp_type mp_type_dict_reversekeyiterator, mp_type_dict_reversevalueiterator,
    mp_type_dict_reverseitemiterator;

/* A view of `type` (one of the three above) on dict d. */
mp_obj *mp_dictview_new(mp_type *type, mp_obj *d);
/* An iterator of `type` (one of the six above) over dict d. */
mp_obj *mp_dictiter_new(mp_type *type, mp_obj *d);
/* Start-up: makes the view and iterator types ready. */
void mp_dictview_init(void);

#endif /* MP_OBJ_DICTVIEW_H */
