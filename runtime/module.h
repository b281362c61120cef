/*
 * module.h — module objects, the built-in function object, the registry
 * of modules implemented in C, and import.
 */
#ifndef MP_MODULE_H
#define MP_MODULE_H

#include "runtime/object.h"

typedef struct mp_module {
    mp_obj head;
    mp_obj *dict;   /* the module's globals */
    mp_obj *name;   /* str */
} mp_module;

extern mp_type mp_type_module, mp_type_builtin_function;

/* A new module with __name__ set and an empty namespace. */
mp_obj *mp_module_new(const char *name);
static inline mp_obj *mp_module_dict(mp_obj *m) { return ((mp_module *)m)->dict; }
/* Adds a built-in function object for each def (self = the module). */
int mp_module_add_functions(mp_obj *module, const mp_method_def *defs);
int mp_module_add_obj(mp_obj *module, const char *name, mp_obj *value); /* increfs */

/* A built-in function (or method bound to `self`; self may be NULL). */
typedef struct mp_cfunction {
    mp_obj head;
    const mp_method_def *def;
    mp_obj *self;
} mp_cfunction;
mp_obj *mp_cfunction_new(const mp_method_def *def, mp_obj *self);

/* A method of a built-in type, found in the type's dict (e.g. list.append).
 * Called unbound with self first: list.append(l, x).  Its type has
 * MP_TFLAG_METHOD_LIKE; descr_get binds it into an mp_cfunction. */
typedef struct mp_method_descr {
    mp_obj head;
    const mp_method_def *def;
    mp_type *owner;
} mp_method_descr;
extern mp_type mp_type_method_descriptor, mp_type_getset_descriptor;

/* Modules written in C register an init function, called on first import.
 * The init function returns the new module (a new reference) or NULL. */
typedef mp_obj *(*mp_module_initfn)(void);
void mp_module_register_builtin(const char *name, mp_module_initfn init);

/* `import name` (dotted); level/fromlist as for __import__.  Built-in
 * modules now; .mp/.py files come with the module system (issue 3). */
mp_obj *mp_import(mp_obj *name, mp_obj *globals, mp_obj *fromlist, int level);

/* The module system of issue 3 (.mp files, packages) plugs in here: called
 * for a name that is neither in sys.modules nor a built-in module, with
 * the imported parent package (or NULL for a top-level name).  Returns the
 * new module, already stored in sys.modules; NULL with an exception on
 * error, or NULL without one when no file matches (ModuleNotFoundError
 * follows). */
typedef mp_obj *(*mp_import_finder)(mp_obj *fullname, mp_obj *parent);
extern mp_import_finder mp_import_file_finder;

/* sys.builtin_module_names: sorted tuple of the registered names. */
mp_obj *mp_builtin_module_names(void);

/* The builtins namespace (a dict) and sys.modules (a dict). */
extern mp_obj *mp_builtins_dict;
extern mp_obj *mp_modules_dict;

#endif /* MP_MODULE_H */
