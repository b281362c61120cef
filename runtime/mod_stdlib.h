/*
 * mod_stdlib.h — entry points of the standard-library modules written in
 * C (math, random, time, os/os.path, operator, heapq, bisect, string).
 * mp_runtime_init registers each with mp_module_register_builtin; the
 * module is created on first import.
 */
#ifndef MP_MOD_STDLIB_H
#define MP_MOD_STDLIB_H

#include "runtime/object.h"

/* Registers every module below (called by mp_runtime_init). */
void mp_stdlib_register(void);

mp_obj *mp_math_module_create(void);
mp_obj *mp_random_module_create(void);
mp_obj *mp_time_module_create(void);
mp_obj *mp_os_module_create(void);
mp_obj *mp_operator_module_create(void);
mp_obj *mp_heapq_module_create(void);
mp_obj *mp_bisect_module_create(void);
mp_obj *mp_string_module_create(void);

#endif /* MP_MOD_STDLIB_H */
