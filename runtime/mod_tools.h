/*
 * mod_tools.h — built-in modules of the standard library written in C:
 * itertools, functools, collections, copy.  Each create function makes
 * the module on first import (registered in runtime/runtime.c).
 */
#ifndef MP_MOD_TOOLS_H
#define MP_MOD_TOOLS_H

#include "runtime/object.h"

mp_obj *mp_itertools_module_create(void);
mp_obj *mp_functools_module_create(void);
mp_obj *mp_collections_module_create(void);
mp_obj *mp_copy_module_create(void);

/* collections_dicts.c: adds defaultdict, Counter and OrderedDict. */
int mp_collections_add_dict_types(mp_obj *module);

#endif /* MP_MOD_TOOLS_H */
