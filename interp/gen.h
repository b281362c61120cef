/*
 * gen.h — generator objects: a heap frame that runs until YIELD_VALUE,
 * suspends, and resumes on next()/send().  Used by generator expressions
 * and by functions containing `yield`.
 */
#ifndef MP_GEN_H
#define MP_GEN_H

#include "interp/frame.h"

typedef struct mp_gen {
    mp_obj head;
    mp_frame *frame;      /* owned; NULL once finished */
    mp_obj *name;         /* __name__ */
    mp_obj *qualname;     /* __qualname__ */
    mp_obj *exc_state;    /* exception being handled inside, across yields */
    bool running;
} mp_gen;

extern mp_type mp_type_generator;

/* A generator running `f` (a bound frame owned by the new generator). */
mp_obj *mp_gen_new(mp_frame *f);

/* Resumes with `value` (None for next()).  Returns the yielded value, or
 * NULL: exhausted without an exception set (a plain next()), or an error.
 * With `want_stop`, a finished generator raises StopIteration(value). */
mp_obj *mp_gen_send(mp_obj *gen, mp_obj *value, bool want_stop);

/* generator.throw(exc) (steals exc, an exception instance) and
 * generator.close(); close returns 0 or -1 with the error set. */
mp_obj *mp_gen_throw(mp_obj *gen, mp_obj *exc);
int mp_gen_close(mp_obj *gen);

#endif /* MP_GEN_H */
