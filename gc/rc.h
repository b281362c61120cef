/*
 * rc.h — the object header and the reference-counting API.  This header is
 * the only code in minipy that reads or writes an object's count field.
 *
 * Two builds, one source:
 *   - GIL build (default): the GIL serialises every touch of an object, so
 *     counts are plain integers and incref/decref are a load+add+store.
 *   - no-GIL build (MINIPY_NO_GIL): threads run bytecode in parallel, so the
 *     count is a C11 atomic.  Increments are relaxed (they only need to be
 *     indivisible); decrements are release, and the thread that takes the
 *     count to zero issues an acquire fence before freeing, so every write
 *     other threads made to the object happens-before its destruction.
 *
 * Two kinds of value never pay refcount traffic in either build:
 *   - small ints are tagged pointers (low bit 1), not heap objects;
 *   - immortal objects (None, True, False, static types, interned strings,
 *     built-in functions) carry MP_FLAG_IMMORTAL, set once before any
 *     other thread can see them and never cleared, so reading it needs no
 *     synchronisation.  Skipping them keeps hot shared cache lines clean in
 *     the no-GIL build and keeps pages shared after fork() in both.
 */
#ifndef MP_RC_H
#define MP_RC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef MINIPY_NO_GIL
typedef _Atomic uint32_t mp_rc_t;
#else
typedef uint32_t mp_rc_t;
#endif

typedef struct mp_type mp_type;

/* Every heap object starts with this 16-byte header. */
typedef struct mp_obj {
    mp_rc_t rc;      /* reference count: touch only through this header */
    uint8_t flags;   /* MP_FLAG_*: written before the object is shared */
    uint8_t lock;    /* per-object lock byte (no-GIL containers) */
    uint16_t gcbits; /* reserved for the cycle collector */
    mp_type *type;
} mp_obj;

#define MP_FLAG_IMMORTAL 0x01u
#define MP_FLAG_GC 0x02u /* container tracked by the cycle collector */

/* Static initialiser for the header of an immortal, statically allocated
 * object (types, singletons). */
#define MP_STATIC_HEADER(typeptr)                                              \
    { .rc = 1, .flags = MP_FLAG_IMMORTAL, .lock = 0, .gcbits = 0, .type = (typeptr) }

/* Tagged small ints have bit 0 set; heap pointers are at least 8-aligned. */
#define MP_IS_TAGGED(o) ((((uintptr_t)(o)) & 1u) != 0)

/* Frees an object whose count reached zero (calls its type's dealloc). */
void mp_dealloc(mp_obj *o);

#ifdef MINIPY_NO_GIL
#define MP_RC_INC_(o) atomic_fetch_add_explicit(&(o)->rc, 1, memory_order_relaxed)
static inline bool mp_rc_dec_is_last_(mp_obj *o) {
    if (atomic_fetch_sub_explicit(&o->rc, 1, memory_order_release) != 1)
        return false;
    atomic_thread_fence(memory_order_acquire);
    return true;
}
#define MP_RC_STORE_(o, n) atomic_store_explicit(&(o)->rc, (n), memory_order_relaxed)
#define MP_RC_LOAD_(o) atomic_load_explicit(&(o)->rc, memory_order_relaxed)
#else
#define MP_RC_INC_(o) ((o)->rc++)
static inline bool mp_rc_dec_is_last_(mp_obj *o) { return --o->rc == 0; }
#define MP_RC_STORE_(o, n) ((o)->rc = (n))
#define MP_RC_LOAD_(o) ((o)->rc)
#endif

static inline bool mp_rc_skip_(const mp_obj *o) {
    return MP_IS_TAGGED(o) || (o->flags & MP_FLAG_IMMORTAL);
}

/* Take a new reference.  `o` must not be NULL. */
static inline void mp_incref(mp_obj *o) {
    if (!mp_rc_skip_(o))
        MP_RC_INC_(o);
}

/* Drop a reference; frees the object when it was the last.  Not NULL. */
static inline void mp_decref(mp_obj *o) {
    if (!mp_rc_skip_(o) && mp_rc_dec_is_last_(o))
        mp_dealloc(o);
}

static inline void mp_xincref(mp_obj *o) {
    if (o)
        mp_incref(o);
}
static inline void mp_xdecref(mp_obj *o) {
    if (o)
        mp_decref(o);
}

/* Returns `o` with a new reference taken: `return mp_newref(x);` */
static inline mp_obj *mp_newref(mp_obj *o) {
    mp_incref(o);
    return o;
}

/* Replace *slot with `v` (a new reference the caller gives away), dropping
 * the old value after the store so a dealloc that re-enters sees v. */
static inline void mp_setref(mp_obj **slot, mp_obj *v) {
    mp_obj *old = *slot;
    *slot = v;
    mp_xdecref(old);
}

/* Header set-up for a new heap object: one reference, not immortal. */
static inline void mp_rc_init(mp_obj *o, mp_type *type) {
    MP_RC_STORE_(o, 1);
    o->flags = 0;
    o->lock = 0;
    o->gcbits = 0;
    o->type = type;
}

/* Marks an object immortal.  Only before it is visible to other threads. */
static inline void mp_rc_make_immortal(mp_obj *o) {
    if (!MP_IS_TAGGED(o))
        o->flags |= MP_FLAG_IMMORTAL;
}

/* True when the caller holds the only reference, so the object may be
 * mutated in place (e.g. `s += t` growing a str).  Sound in the no-GIL
 * build too: no other thread can reach an object it holds no reference to. */
static inline bool mp_rc_is_unique(mp_obj *o) {
    return !mp_rc_skip_(o) && MP_RC_LOAD_(o) == 1;
}

/* Current count, for tests and debugging output only. */
static inline uint32_t mp_rc_get(mp_obj *o) { return MP_RC_LOAD_(o); }

#endif /* MP_RC_H */
