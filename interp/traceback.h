/*
 * traceback.h — traceback objects and the printing of uncaught exceptions
 * in CPython 3.11's exact format (source lines, fine-grained carets,
 * chained exceptions, folded recursion, SyntaxError layout).
 */
#ifndef MP_TRACEBACK_H
#define MP_TRACEBACK_H

#include "interp/frame.h"

/* One entry per frame the exception passed through, outermost first
 * (tb_next goes inwards), as CPython's. */
typedef struct mp_traceback {
    mp_obj head;
    mp_obj *next;      /* inner entry or NULL */
    mp_obj *code;      /* mp_code of the frame */
    mp_obj *globals;   /* the frame's globals (for NameError suggestions) */
    int lasti;         /* instruction index */
    int lineno;
} mp_traceback;

extern mp_type mp_type_traceback;

/* Adds frame f (at its current instruction) to the traceback of the
 * exception being raised. */
void mp_traceback_here(mp_frame *f);

/* The full report of an uncaught exception, chain included, as CPython's
 * default sys.excepthook writes it (new str), or NULL on error. */
mp_obj *mp_format_exception(mp_obj *exc);

/* Writes mp_format_exception(exc) to sys.stderr (flushing sys.stdout
 * first, as CPython does). */
void mp_print_exception(mp_obj *exc);

/* Reports an exception that cannot be raised (e.g. from a generator being
 * finalised) as CPython's default sys.unraisablehook: "Exception ignored
 * in: <repr of obj>", then the traceback of exc alone (no chain). */
void mp_print_unraisable(mp_obj *exc, mp_obj *obj);

#endif /* MP_TRACEBACK_H */
