/*
 * obj_func.h — Python functions, closure cells and bound methods (owned by
 * the interp helper: they are runtime types, but their layout is the VM's
 * business).
 */
#ifndef MP_OBJ_FUNC_H
#define MP_OBJ_FUNC_H

#include "runtime/object.h"

/* A function made by `def`, `lambda`, a comprehension or a module body. */
typedef struct mp_function {
    mp_obj head;
    mp_obj *code;         /* mp_code (interp/code.h) */
    mp_obj *globals;      /* dict */
    mp_obj *builtins;     /* dict */
    mp_obj *name;         /* __name__ */
    mp_obj *qualname;     /* __qualname__ */
    mp_obj *defaults;     /* tuple or NULL */
    mp_obj *kwdefaults;   /* dict or NULL */
    mp_obj *closure;      /* tuple of cells or NULL */
    mp_obj *doc;          /* __doc__ */
    mp_obj *module;       /* __module__ */
    mp_obj *annotations;  /* dict or NULL */
    mp_obj *dict;         /* __dict__, created on first attribute store */
} mp_function;

/* A closure cell: a variable shared between a scope and nested scopes. */
typedef struct mp_cell {
    mp_obj head;
    mp_obj *ref;  /* owned, NULL when unbound */
} mp_cell;

/* A function bound to an instance (`obj.method` without a call). */
typedef struct mp_method {
    mp_obj head;
    mp_obj *func;
    mp_obj *self;
} mp_method;

extern mp_type mp_type_function, mp_type_cell, mp_type_method;

static inline bool mp_function_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_function;
}

/* A function for `code` (an mp_code) in `globals`; qualname NULL = the
 * code's qualname. */
mp_obj *mp_function_new(mp_obj *code, mp_obj *globals, mp_obj *qualname);
/* The same with the builtins namespace given (MAKE_FUNCTION passes the
 * running frame's, saving a lookup of globals['__builtins__']). */
mp_obj *mp_function_new_ex(mp_obj *code, mp_obj *globals, mp_obj *builtins);
mp_obj *mp_cell_new(mp_obj *value); /* value may be NULL; increfs */
mp_obj *mp_method_new(mp_obj *func, mp_obj *self);

#endif /* MP_OBJ_FUNC_H */
