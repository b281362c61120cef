/*
 * vm.h — the bytecode interpreter: running code objects, calling Python
 * functions, and what built-ins need to know about the running frame.
 */
#ifndef MP_VM_H
#define MP_VM_H

#include "interp/frame.h"
#include "runtime/object.h"

/* Readies the types of runtime/obj_func.c and interp/ (function, cell,
 * method, code, generator, traceback, the VM's iterators).  Idempotent;
 * mp_runtime_init should call it. */
void mp_interp_init(void);

/* The `call` slot of functions: binds the arguments with CPython's rules
 * and messages, then runs the body in a new eval loop. */
mp_obj *mp_vm_call_function(mp_obj *func, mp_obj *const *args, size_t nargs, mp_obj *kwnames);

/* Runs module-level code (an mp_code) with `globals` as its namespace
 * (locals == globals).  Sets __builtins__ in globals if missing. */
mp_obj *mp_eval_code(mp_obj *code, mp_obj *globals);

/* Runs code with separate globals and locals (exec/eval). */
mp_obj *mp_eval_code_in(mp_obj *code, mp_obj *globals, mp_obj *locals);

/* Adds eval(), exec() and compile() to the builtins dict (they live here
 * since they drive the compiler).  mp_eval_code calls it if needed. */
void mp_interp_add_builtins(mp_obj *builtins_dict);

/* Compiles and runs `src` as a module in `globals` (for import and
 * exec-like uses).  Returns the result of the module code (None) or NULL
 * with the exception set (SyntaxError included). */
mp_obj *mp_run_string(const char *src, const char *filename, mp_obj *globals);

/* globals() and locals() of the innermost running Python frame (new
 * references; locals() of a function is a fresh snapshot dict).  When no
 * Python code runs, globals() is the __main__ namespace if any, else an
 * empty dict. */
mp_obj *mp_vm_globals(void);
mp_obj *mp_vm_locals(void);

/* C-stack guard for code that recurses in C (the compiler, re-entrant
 * calls into the eval loop).  mp_c_stack_exhausted() only tests;
 * mp_c_stack_check() raises RecursionError("maximum recursion depth
 * exceeded") and returns -1 when the stack is nearly full. */
bool mp_c_stack_exhausted(void);
int mp_c_stack_check(void);

/* Runs (or resumes) a bound frame until it returns, yields or raises.
 * The frame is finished on return/raise (a data-stack frame is released,
 * a generator frame cleared and marked COMPLETED); on YIELD_VALUE it is
 * left SUSPENDED with the yielded value returned. */
mp_obj *mp_eval_frame(mp_frame *f);

#endif /* MP_VM_H */
