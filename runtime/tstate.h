/*
 * tstate.h — per-thread interpreter state.  Everything that belongs to "the
 * running thread" — the exception in flight, the frame stack, the
 * recursion depth — lives here, never in globals, so several OS threads can
 * run the interpreter (under the GIL, or in parallel without it).
 *
 * The current thread's state is reached through a C11 thread-local pointer,
 * which on Linux/x86-64 is a single %fs-relative load.
 */
#ifndef MP_TSTATE_H
#define MP_TSTATE_H

#include "runtime/object.h"

struct mp_frame; /* interp/frame.h */

typedef struct mp_tstate {
    mp_obj *curexc;          /* exception being raised (owned), or NULL */
    mp_obj *handled_exc;     /* exception being handled by an `except` block
                              * (sys.exc_info(), bare `raise`, __context__);
                              * owned, or NULL */
    struct mp_frame *frame;  /* innermost running frame (owned by the VM) */
    int depth;               /* Python-level call depth */
    int c_depth;             /* nested C recursion (repr, compare, ...) */
    unsigned long ident;     /* threading.get_ident() */
    struct mp_tstate *next;  /* all thread states (runtime thread list) */
} mp_tstate;

extern _Thread_local mp_tstate *mp_tstate_current;

static inline mp_tstate *mp_ts(void) { return mp_tstate_current; }

/* Creates and installs the state for the calling OS thread. */
mp_tstate *mp_tstate_new(void);
void mp_tstate_delete(mp_tstate *ts);

/* sys.getrecursionlimit(): shared by all threads. */
extern int mp_recursion_limit;

/* Guards C-level recursion (repr of nested containers, comparisons of
 * deep structures) with the same limit as Python calls:
 *   if (mp_enter_recursive(" while getting the repr of an object")) return NULL;
 *   ... mp_leave_recursive();
 * Raises RecursionError("maximum recursion depth exceeded<where>"). */
int mp_enter_recursive(const char *where);
static inline void mp_leave_recursive(void) { mp_ts()->c_depth--; }

#endif /* MP_TSTATE_H */
