/*
 * errors.h — raising and catching exceptions from C, and the built-in
 * exception types.
 *
 * The exception being propagated lives in the current thread state
 * (runtime/tstate.h), never in a global, so threads raise independently.
 * A C function signals failure by setting it and returning NULL / -1.
 */
#ifndef MP_ERRORS_H
#define MP_ERRORS_H

#include "runtime/object.h"

/* The built-in exception hierarchy: X(name, base).  Each entry defines
 * `mp_type mp_type_<name>`, made ready at start-up and exposed in
 * builtins.  Order: every base before its subclasses. */
#define MP_EXC_TYPES(X)                                                        \
    X(BaseException, object)                                                   \
    X(SystemExit, BaseException)                                               \
    X(KeyboardInterrupt, BaseException)                                        \
    X(GeneratorExit, BaseException)                                            \
    X(Exception, BaseException)                                                \
    X(StopIteration, Exception)                                                \
    X(StopAsyncIteration, Exception)                                           \
    X(ArithmeticError, Exception)                                              \
    X(FloatingPointError, ArithmeticError)                                     \
    X(OverflowError, ArithmeticError)                                          \
    X(ZeroDivisionError, ArithmeticError)                                      \
    X(AssertionError, Exception)                                               \
    X(AttributeError, Exception)                                               \
    X(BufferError, Exception)                                                  \
    X(EOFError, Exception)                                                     \
    X(ImportError, Exception)                                                  \
    X(ModuleNotFoundError, ImportError)                                        \
    X(LookupError, Exception)                                                  \
    X(IndexError, LookupError)                                                 \
    X(KeyError, LookupError)                                                   \
    X(MemoryError, Exception)                                                  \
    X(NameError, Exception)                                                    \
    X(UnboundLocalError, NameError)                                            \
    X(OSError, Exception)                                                      \
    X(BlockingIOError, OSError)                                                \
    X(ConnectionError, OSError)                                                \
    X(BrokenPipeError, ConnectionError)                                        \
    X(ConnectionAbortedError, ConnectionError)                                 \
    X(ConnectionRefusedError, ConnectionError)                                 \
    X(ConnectionResetError, ConnectionError)                                   \
    X(FileExistsError, OSError)                                                \
    X(FileNotFoundError, OSError)                                              \
    X(IsADirectoryError, OSError)                                              \
    X(NotADirectoryError, OSError)                                             \
    X(PermissionError, OSError)                                                \
    X(TimeoutError, OSError)                                                   \
    X(InterruptedError, OSError)                                               \
    X(ProcessLookupError, OSError)                                             \
    X(ChildProcessError, OSError)                                              \
    X(ReferenceError, Exception)                                               \
    X(RuntimeError, Exception)                                                 \
    X(NotImplementedError, RuntimeError)                                       \
    X(RecursionError, RuntimeError)                                            \
    X(SyntaxError, Exception)                                                  \
    X(IndentationError, SyntaxError)                                           \
    X(TabError, IndentationError)                                              \
    X(SystemError, Exception)                                                  \
    X(TypeError, Exception)                                                    \
    X(ValueError, Exception)                                                   \
    X(UnicodeError, ValueError)                                                \
    X(UnicodeDecodeError, UnicodeError)                                        \
    X(UnicodeEncodeError, UnicodeError)                                        \
    X(UnicodeTranslateError, UnicodeError)                                     \
    X(Warning, Exception)                                                      \
    X(UserWarning, Warning)                                                    \
    X(DeprecationWarning, Warning)                                             \
    X(RuntimeWarning, Warning)                                                 \
    X(SyntaxWarning, Warning)                                                  \
    X(FutureWarning, Warning)                                                  \
    X(PendingDeprecationWarning, Warning)                                      \
    X(ImportWarning, Warning)                                                  \
    X(UnicodeWarning, Warning)                                                 \
    X(BytesWarning, Warning)                                                   \
    X(ResourceWarning, Warning)                                                \
    X(EncodingWarning, Warning)

#define MP_DECLARE_EXC(name, base) extern mp_type mp_type_##name;
MP_EXC_TYPES(MP_DECLARE_EXC)
#undef MP_DECLARE_EXC

/* Instance layout of BaseException and every subclass.  User exception
 * classes (heap types) extend it. */
typedef struct mp_exc {
    mp_obj head;
    mp_obj *args;        /* tuple */
    mp_obj *traceback;   /* mp_traceback chain or NULL (interp/traceback.h) */
    mp_obj *cause;       /* __cause__ or NULL */
    mp_obj *context;     /* __context__ or NULL */
    bool suppress_context;
    mp_obj *dict;        /* instance attributes (e.g. StopIteration.value, */
                         /* SyntaxError.lineno, OSError.errno) or NULL   */
} mp_exc;

/* Raise: type + printf-style message.  Besides the C conversions
 * (%s %d %i %u %ld %lu %lld %zd %zu %c %x %p %%) it understands
 *   %R  the repr() of an mp_obj *      %S  the str() of an mp_obj *
 *   %T  the type name of an mp_obj *   %U  an mp_obj * str, verbatim
 * (implemented by mp_str_vformat in runtime/obj_str.c). */
void mp_err_format(mp_type *type, const char *fmt, ...);
/* Raise type(value) — value may be NULL (no args) or any object. */
void mp_err_set(mp_type *type, mp_obj *value);
/* Raise an existing exception instance (steals a reference). */
void mp_err_set_exc(mp_obj *exc);
/* Raise from a C errno value: picks FileNotFoundError etc. like CPython,
 * with message "[Errno N] strerror: 'filename'" (filename may be NULL). */
void mp_err_from_errno(int errnum, mp_obj *filename);
void mp_err_no_memory(void);

bool mp_err_occurred(void);
/* True if the pending exception is an instance of `type` (or a subclass). */
bool mp_err_matches(mp_type *type);
/* Takes the pending exception out of the thread state (new reference),
 * or NULL if none. */
mp_obj *mp_err_fetch(void);
void mp_err_clear(void);

/* Makes an exception instance: type(*args). */
mp_obj *mp_exc_new(mp_type *type, mp_obj *args_tuple);
/* True if `o` is an exception instance / class. */
bool mp_exc_check(mp_obj *o);
/* "KeyError: 'x'" style rendering of the last line of a traceback. */
mp_obj *mp_exc_format_only(mp_obj *exc);
/* StopIteration carrying `value` (generator return); NULL or None make a
 * StopIteration without arguments, as CPython's generators do. */
void mp_err_stop_iteration(mp_obj *value);

/* Puts a fetched exception back (steals; NULL clears) without touching
 * its __context__.  mp_err_set_exc and the other raising functions, like
 * CPython's _PyErr_SetObject, set __context__ to the exception currently
 * being handled (tstate->handled_exc); use this one to re-raise. */
void mp_err_restore(mp_obj *exc);
/* AttributeError "'int' object has no attribute 'x'" (or the type-object /
 * module wording), with .name and .obj set for "Did you mean" hints. */
void mp_err_no_attribute(mp_obj *o, mp_obj *name);
/* Exit status for an uncaught SystemExit: code None -> 0, an int -> its
 * value, anything else is printed to sys.stderr and gives 1 (CPython's
 * handle_system_exit). */
int mp_exc_system_exit_status(mp_obj *exc);
/* Exception attributes kept in the instance dict (SyntaxError.lineno,
 * OSError.errno, ...): borrowed value, or NULL when unset. */
mp_obj *mp_exc_get_attr(mp_obj *exc, mp_obj *name);
int mp_exc_set_attr(mp_obj *exc, mp_obj *name, mp_obj *value);

#endif /* MP_ERRORS_H */
