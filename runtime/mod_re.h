/*
 * mod_re.h — entry points of the re and array modules (registered by
 * mp_runtime_init; each module is created on first import).
 */
#ifndef MP_MOD_RE_H
#define MP_MOD_RE_H

#include "runtime/object.h"

mp_obj *mp_re_module_create(void);
mp_obj *mp_array_module_create(void);

#endif /* MP_MOD_RE_H */
