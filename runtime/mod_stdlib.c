/*
 * mod_stdlib.c — registers the standard-library modules written in C
 * (see mod_stdlib.h); each is created on its first import.
 */
#include "runtime/mod_stdlib.h"

#include "runtime/module.h"

void mp_stdlib_register(void) {
    mp_module_register_builtin("math", mp_math_module_create);
    mp_module_register_builtin("random", mp_random_module_create);
    mp_module_register_builtin("time", mp_time_module_create);
    mp_module_register_builtin("os", mp_os_module_create);
    mp_module_register_builtin("operator", mp_operator_module_create);
    mp_module_register_builtin("heapq", mp_heapq_module_create);
    mp_module_register_builtin("bisect", mp_bisect_module_create);
    mp_module_register_builtin("string", mp_string_module_create);
}
