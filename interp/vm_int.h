/*
 * vm_int.h — the eval loop's out-of-line helpers (interp/vm_ops.c): the
 * slower or rarer parts of instructions, kept out of vm.c so the loop
 * stays small.  Not a public interface.
 */
#ifndef MP_VM_INT_H
#define MP_VM_INT_H

#include "interp/code.h"
#include "interp/frame.h"
#include "runtime/tstate.h"

/* The VM's own iterators for `for` over ranges of small ints and lists. */
typedef struct mp_vm_rangeiter {
    mp_obj head;
    intptr_t cur, stop, step;
} mp_vm_rangeiter;

typedef struct mp_vm_listiter {
    mp_obj head;
    mp_obj *list;   /* NULL once exhausted */
    size_t index;
} mp_vm_listiter;

extern mp_type mp_type_vm_rangeiter, mp_type_vm_listiter;

/* iter(o), with the fast iterators for exact ranges and lists. */
mp_obj *mp_vm_get_iter(mp_obj *o);

/* Errors with CPython's messages (names are str). */
void mp_vm_name_error(mp_obj *name);
void mp_vm_unbound_local(mp_obj *name);
void mp_vm_unbound_deref(mp_code *co, int idx);

/* Names. */
mp_obj *mp_vm_load_global_slow(mp_frame *f, mp_gcache *gc); /* borrowed; NULL: error */
void mp_vm_cache_store(mp_frame *f, mp_gcache *gc);
mp_obj *mp_vm_load_name(mp_frame *f, mp_obj *name);          /* new ref */
int mp_vm_store_name(mp_frame *f, mp_obj *name, mp_obj *v);
int mp_vm_delete_name(mp_obj *ns, mp_obj *name); /* NameError if missing */

/* Unpacks `seq` into `before` values, a list (if after >= 0) and `after`
 * values, written downwards from sp[count] so the first item ends on top.
 * Returns the number of values written or -1. */
int mp_vm_unpack(mp_obj *seq, int before, int after, mp_obj **sp);

/* raise exc [from cause]; always returns -1 with the exception set. */
int mp_vm_do_raise(mp_obj *exc, mp_obj *cause);
/* `except T:` test: 1, 0, or -1 (T is not an exception class). */
int mp_vm_exc_match(mp_obj *exc, mp_obj *type);

mp_obj *mp_vm_format_value(mp_obj *v, mp_obj *spec, int conversion);

int mp_vm_list_extend(mp_obj *list, mp_obj *iterable);
int mp_vm_set_update(mp_obj *set, mp_obj *iterable);
int mp_vm_dict_update(mp_obj *dict, mp_obj *other);
int mp_vm_dict_merge(mp_obj *func, mp_obj *dict, mp_obj *other);

/* "f()" / "__main__.f()" as CPython's _PyObject_FunctionStr. */
mp_obj *mp_vm_func_str(mp_obj *func);

/* The flat argument array and kwnames of a CALL_FUNCTION_EX; *out is
 * malloc'd (free with mp_mem_free), its items borrowed from args/kwargs. */
int mp_vm_ex_call_args(mp_obj *func, mp_obj **args, mp_obj *kwargs, mp_obj ***out, size_t *npos,
                       mp_obj **kwnames);

/* MAKE_FUNCTION: takes over the optional parts below sp (one per flag). */
mp_obj *mp_vm_make_function(mp_frame *f, mp_obj *code, int flags, mp_obj **sp);

mp_obj *mp_vm_import_from(mp_obj *module, mp_obj *name);
int mp_vm_import_star(mp_frame *f, mp_obj *module);
int mp_vm_print_expr(mp_obj *v);
int mp_vm_setup_annotations(mp_frame *f);
mp_obj *mp_vm_load_classderef(mp_frame *f, int idx);

#endif /* MP_VM_INT_H */
