/*
 * frame.h — activation records of Python code.
 *
 * A frame holds the fast locals, cells, free variables, the value stack
 * and the try-block stack of one running code object, all in one
 * allocation (`localsplus`).  Ordinary frames live on a per-thread bump
 * allocated "data stack" (interp/vm.c): pushing one on a call costs no
 * malloc, and since Python-to-Python calls push the callee and continue in
 * the same C loop, deep Python recursion does not consume C stack.
 * Generator frames are allocated on the heap instead and owned by their
 * generator, so they can outlive the call that created them and be
 * suspended (YIELD_VALUE saves ip/sp) and resumed.
 */
#ifndef MP_FRAME_H
#define MP_FRAME_H

#include "interp/code.h"

typedef struct mp_block {
    uint32_t handler;  /* instruction index of the handler */
    uint32_t level;    /* value-stack depth to unwind to */
} mp_block;

enum {
    MP_FRAME_ON_DATASTACK = 0,
    MP_FRAME_OWNED_BY_GEN = 1,
};

enum {
    MP_FRAME_CREATED = 0,
    MP_FRAME_RUNNING,
    MP_FRAME_SUSPENDED,
    MP_FRAME_COMPLETED,
};

typedef struct mp_frame {
    struct mp_frame *back;  /* caller (valid while running) */
    mp_code *code;          /* borrowed from func */
    mp_obj *func;           /* the function being run (owned) */
    mp_obj *globals;        /* borrowed from func */
    mp_obj *builtins;       /* borrowed from func */
    mp_obj *locals;         /* owned: dict of a module/class body, or NULL */
    const uint32_t *ip;     /* next instruction (saved across calls/yields) */
    mp_obj **sp;            /* top of the value stack (saved) */
    mp_obj **stack;         /* base of the value stack */
    mp_block *blocks;       /* try-block stack (code->maxblocks entries) */
    int iblock;
    uint8_t owner;          /* MP_FRAME_ON_DATASTACK / _OWNED_BY_GEN */
    uint8_t is_entry;       /* returning ends this mp_eval_frame call */
    uint8_t state;          /* MP_FRAME_CREATED ... */
    uint8_t throwing;       /* resume by raising the pending exception (gen.throw) */
    mp_obj *gen;            /* owning generator (borrowed) or NULL */
    mp_obj *localsplus[];   /* locals | cells | frees | stack | blocks */
} mp_frame;

/* The thread's data stack (frame.c): frames are bump-allocated in the
 * current chunk [base, limit) and freed in LIFO order. */
typedef struct mp_datastack {
    char *top, *limit, *base;
} mp_datastack;
extern _Thread_local mp_datastack mp_ds;
void *mp_ds_alloc_slow(size_t size);
void mp_ds_free_slow(void *p);

static inline void *mp_ds_alloc(size_t size) { /* size: a multiple of 16 */
    char *p = mp_ds.top;
    if ((size_t)(mp_ds.limit - p) >= size) {
        mp_ds.top = p + size;
        return p;
    }
    return mp_ds_alloc_slow(size);
}

static inline void mp_ds_free(void *p) {
    if ((char *)p != mp_ds.base)
        mp_ds.top = p;
    else
        mp_ds_free_slow(p);
}

/* Sets up a freshly allocated frame for func's code (steals func); the
 * caller fills the locals (all of them: they are not cleared here). */
static inline void mp_frame_setup(mp_frame *f, mp_code *co, mp_obj *func, mp_obj *globals,
                                  mp_obj *builtins, int owner) {
    int nlp = co->nlocals + co->ncells + co->nfrees;
    f->back = NULL;
    f->code = co;
    f->func = func;
    f->globals = globals;
    f->builtins = builtins;
    f->locals = NULL;
    f->ip = co->code;
    f->stack = f->localsplus + nlp;
    f->sp = f->stack;
    f->blocks = (mp_block *)(f->stack + co->stacksize);
    f->iblock = 0;
    f->owner = (uint8_t)owner;
    f->is_entry = 0;
    f->state = MP_FRAME_CREATED;
    f->throwing = 0;
    f->gen = NULL;
}

/* Index of the instruction being executed (for tracebacks, line numbers). */
static inline int mp_frame_lasti(const mp_frame *f) {
    return (int)(f->ip - f->code->code) - 1;
}

/* Bytes needed for a frame of `co` (rounded up to 16). */
static inline size_t mp_frame_size(const mp_code *co) {
    size_t n = sizeof(mp_frame) +
               (size_t)(mp_code_nlocalsplus(co) + co->stacksize) * sizeof(mp_obj *) +
               (size_t)co->maxblocks * sizeof(mp_block);
    return (n + 15) & ~(size_t)15;
}

/* A frame for function `func` (steals a reference to func): on the
 * thread's data stack, or (gen) on the heap for a generator.  Locals are
 * unbound; mp_frame_bind fills them. */
mp_frame *mp_frame_new(mp_obj *func, bool gen);
/* Binds call arguments to parameters with CPython's rules and TypeError
 * messages, then creates the cells and copies the closure.  On failure
 * the frame must still be released. */
int mp_frame_bind(mp_frame *f, mp_obj *const *args, size_t nargs, mp_obj *kwnames);
/* Drops everything a frame holds (locals, stack, function). */
void mp_frame_clear(mp_frame *f);
/* Clears the frame and gives its memory back (data stack pop or free). */
void mp_frame_release(mp_frame *f);

#endif /* MP_FRAME_H */
