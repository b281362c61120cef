/*
 * vm_api.c — the VM's entry points for the rest of minipy: calling Python
 * functions from C, running module code and source strings, globals() /
 * locals() for builtins, the C-stack guard, and type initialisation.
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <string.h>

#include "interp/compile.h"
#include "interp/gen.h"
#include "interp/traceback.h"
#include "interp/vm.h"
#include "interp/vm_int.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_func.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* ---- C stack guard ------------------------------------------------------------ */

/* Lowest safe stack address of this thread (stacks grow down); 0 until
 * computed.  The margin leaves room for the C code that runs after the
 * check (error formatting, printing). */
static _Thread_local uintptr_t c_stack_limit;

static uintptr_t compute_stack_limit(void) {
    char here;
    uintptr_t sp = (uintptr_t)&here;
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        int r = pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
        if (r == 0 && size > 0) {
            uintptr_t low = (uintptr_t)addr;
            size_t margin = size / 8;
            if (margin < 64 * 1024)
                margin = 64 * 1024;
            if (margin > 1024 * 1024)
                margin = 1024 * 1024;
            if (sp > low + margin)
                return low + margin;
        }
    }
    return sp > 4 * 1024 * 1024 ? sp - 4 * 1024 * 1024 : 1; /* assume a 4 MB budget */
}

bool mp_c_stack_exhausted(void) {
    char here;
    if (!c_stack_limit)
        c_stack_limit = compute_stack_limit();
    return (uintptr_t)&here < c_stack_limit;
}

int mp_c_stack_check(void) {
    if (!mp_c_stack_exhausted())
        return 0;
    mp_err_format(&mp_type_RecursionError, "maximum recursion depth exceeded");
    return -1;
}

/* ---- calling and running ----------------------------------------------------------- */

mp_obj *mp_vm_call_function(mp_obj *func, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_code *co = (mp_code *)((mp_function *)func)->code;
    bool gen = (co->flags & MP_CO_GENERATOR) != 0;
    mp_frame *f = mp_frame_new(mp_newref(func), gen);
    if (mp_frame_bind(f, args, nargs, kwnames) < 0) {
        mp_frame_release(f);
        return NULL;
    }
    if (gen)
        return mp_gen_new(f);
    return mp_eval_frame(f);
}

static int ensure_builtins(mp_obj *globals) {
    if (mp_dict_get_cstr(globals, "__builtins__"))
        return 0;
    if (mp_err_occurred())
        return -1;
    mp_obj *mod = mp_modules_dict ? mp_dict_get_cstr(mp_modules_dict, "builtins") : NULL;
    return mp_dict_set_cstr(globals, "__builtins__", mod ? mod : mp_builtins_dict);
}

mp_obj *mp_eval_code_in(mp_obj *code, mp_obj *globals, mp_obj *locals) {
    mp_interp_init();
    if (mp_builtins_dict && !mp_dict_get_cstr(mp_builtins_dict, "exec"))
        mp_interp_add_builtins(mp_builtins_dict);
    if (ensure_builtins(globals) < 0)
        return NULL;
    mp_obj *func = mp_function_new(code, globals, NULL);
    if (!func)
        return NULL;
    mp_frame *f = mp_frame_new(func, false);
    f->locals = mp_newref(locals);
    return mp_eval_frame(f);
}

mp_obj *mp_eval_code(mp_obj *code, mp_obj *globals) { return mp_eval_code_in(code, globals, globals); }

mp_obj *mp_run_string(const char *src, const char *filename, mp_obj *globals) {
    mp_interp_init();
    mp_obj *code = mp_compile(src, strlen(src), filename, MP_PARSE_FILE);
    if (!code)
        return NULL;
    mp_obj *res = mp_eval_code(code, globals);
    mp_decref(code);
    return res;
}

/* ---- globals() / locals() ------------------------------------------------------------------ */

mp_obj *mp_vm_globals(void) {
    mp_frame *f = mp_ts()->frame;
    if (f)
        return mp_newref(f->globals);
    mp_obj *main = mp_modules_dict ? mp_dict_get_cstr(mp_modules_dict, "__main__") : NULL;
    if (main && mp_typeof(main) == &mp_type_module)
        return mp_newref(mp_module_dict(main));
    return mp_dict_new();
}

static int add_local(mp_obj *d, mp_obj *name, mp_obj *v) {
    return v ? mp_dict_set(d, name, v) : 0;
}

mp_obj *mp_vm_locals(void) {
    mp_frame *f = mp_ts()->frame;
    if (!f)
        return mp_vm_globals();
    if (f->locals)
        return mp_newref(f->locals);
    mp_code *co = f->code;
    mp_obj *d = mp_dict_new();
    int r = 0;
    for (int i = 0; i < co->nlocals && r == 0; i++)
        r = add_local(d, mp_tuple_items(co->varnames)[i], f->localsplus[i]);
    for (int i = 0; i < co->ncells + co->nfrees && r == 0; i++) {
        mp_obj *name = i < co->ncells ? mp_tuple_items(co->cellvars)[i]
                                      : mp_tuple_items(co->freevars)[i - co->ncells];
        r = add_local(d, name, ((mp_cell *)f->localsplus[co->nlocals + i])->ref);
    }
    if (r < 0) {
        mp_decref(d);
        return NULL;
    }
    return d;
}

/* ---- types -------------------------------------------------------------------------------- */

void mp_interp_init(void) {
    static bool done;
    if (done)
        return;
    done = true;
    mp_type *types[] = {
        &mp_type_function, &mp_type_cell,      &mp_type_method,       &mp_type_code,
        &mp_type_generator, &mp_type_traceback, &mp_type_vm_rangeiter, &mp_type_vm_listiter,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        mp_type_ready(types[i]);
}
