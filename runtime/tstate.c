/*
 * tstate.c — per-thread interpreter state: creation, the list of all
 * thread states, and the C-recursion guard.  The current state is a C11
 * thread-local pointer (see tstate.h); the recursion limit is the one
 * global here, shared by every thread as in CPython.
 */
#include "runtime/tstate.h"

#include <pthread.h>

#include "runtime/errors.h"

_Thread_local mp_tstate *mp_tstate_current;
int mp_recursion_limit = 1000;

/* All live thread states; the lock only guards the list links. */
static mp_tstate *all_states;
static pthread_mutex_t states_lock = PTHREAD_MUTEX_INITIALIZER;

mp_tstate *mp_tstate_new(void) {
    mp_tstate *ts = mp_mem_calloc(1, sizeof(mp_tstate));
    ts->ident = (unsigned long)pthread_self();
    pthread_mutex_lock(&states_lock);
    ts->next = all_states;
    all_states = ts;
    pthread_mutex_unlock(&states_lock);
    mp_tstate_current = ts;
    return ts;
}

void mp_tstate_delete(mp_tstate *ts) {
    pthread_mutex_lock(&states_lock);
    for (mp_tstate **p = &all_states; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    }
    pthread_mutex_unlock(&states_lock);
    mp_xdecref(ts->curexc);
    mp_xdecref(ts->handled_exc);
    if (mp_tstate_current == ts)
        mp_tstate_current = NULL;
    mp_mem_free(ts);
}

/* While a RecursionError is being made (which may itself recurse a
 * little), the limit is lifted, as CPython's recursion_headroom does. */
static _Thread_local bool raising_recursion_error;

int mp_enter_recursive(const char *where) {
    mp_tstate *ts = mp_ts();
    if (++ts->c_depth > mp_recursion_limit && !raising_recursion_error) {
        raising_recursion_error = true;
        mp_err_format(&mp_type_RecursionError, "maximum recursion depth exceeded%s", where);
        raising_recursion_error = false;
        ts->c_depth--;
        return -1;
    }
    return 0;
}
