/*
 * runtime.c — interpreter start-up and shutdown.  mp_runtime_init creates
 * the main thread state, interns the names the core uses, makes every
 * built-in type ready (the core's own, then each module's init function),
 * and creates the builtins and sys modules.  To add a module's types,
 * append its init function to module_inits[] or its types to core_types[].
 */
#include "interp/vm.h"
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/mod_re.h"
#include "runtime/mod_stdlib.h"
#include "runtime/mod_sys.h"
#include "runtime/mod_tools.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

#include <stdio.h>
#include <stdlib.h>

mp_core_names mp_names;

void mp_core_names_init(void) {
#define MP_CORE_NAME_INIT(field, text) mp_names.field = mp_str_intern_cstr(text);
    MP_CORE_NAMES(MP_CORE_NAME_INIT)
#undef MP_CORE_NAME_INIT
}

/* Types the core readies itself, in dependency order (a type's base is
 * readied first anyway). */
static mp_type *const core_types[] = {
    &mp_type_object,
    &mp_type_type,
    &mp_type_NoneType,
    &mp_type_NotImplementedType,
    &mp_type_ellipsis,
    &mp_type_int,
    &mp_type_bool,
    &mp_type_float,
    &mp_type_module,
    &mp_type_builtin_function,
    &mp_type_method_descriptor,
    &mp_type_classmethod_descriptor,
    &mp_type_getset_descriptor,
    &mp_type_wrapper_descriptor,
    &mp_type_method_wrapper,
    &mp_type_stream,
    &mp_type_mappingproxy,
};

/* Other modules' start-up functions (each readies that module's types). */
static void (*const module_inits[])(void) = {
    mp_str_init,   mp_tuple_init, mp_list_init,          mp_dict_init,   mp_set_init,
    mp_range_init, mp_exc_init,   mp_builtins_iter_init, mp_interp_init, mp_alias_init,
    mp_bytes_init, mp_file_init,
};

static void fatal(const char *what) {
    fprintf(stderr, "minipy: fatal error during start-up: %s\n", what);
    mp_obj *exc = mp_err_fetch();
    if (exc) {
        mp_obj *line = mp_exc_format_only(exc);
        if (line)
            fprintf(stderr, "%s\n", mp_str_data(line));
    }
    exit(1);
}

void mp_runtime_init(int argc, char **argv) {
    mp_tstate_new();
    mp_int_init();
    mp_core_names_init();
    for (size_t i = 0; i < sizeof core_types / sizeof core_types[0]; i++)
        if (mp_type_ready(core_types[i]) < 0)
            fatal(core_types[i]->name);
    for (size_t i = 0; i < sizeof module_inits / sizeof module_inits[0]; i++)
        module_inits[i]();
    mp_module_init();
    mp_module_register_builtin("builtins", mp_builtins_module_create);
    mp_module_register_builtin("sys", mp_sys_module_create);
    mp_module_register_builtin("io", mp_io_module_create);
    mp_module_register_builtin("itertools", mp_itertools_module_create);
    mp_module_register_builtin("functools", mp_functools_module_create);
    mp_module_register_builtin("collections", mp_collections_module_create);
    mp_module_register_builtin("copy", mp_copy_module_create);
    mp_module_register_builtin("re", mp_re_module_create);
    mp_module_register_builtin("array", mp_array_module_create);
    mp_stdlib_register();
    mp_obj *b = mp_import(mp_str_intern_cstr("builtins"), NULL, NULL, 0);
    mp_obj *s = b ? mp_import(mp_str_intern_cstr("sys"), NULL, NULL, 0) : NULL;
    if (!s)
        fatal("cannot create the builtins and sys modules");
    mp_decref(b);
    mp_decref(s);
    mp_sys_set_argv(argc, argv);
    if (mp_err_occurred())
        fatal("start-up left an exception set");
}

void mp_runtime_fini(void) {
    mp_sys_flush_std();
    mp_err_clear();
}
