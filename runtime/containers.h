/*
 * containers.h — helpers shared by the built-in containers (tuple, list,
 * dict, set, range): CPython's argument-count messages, the per-thread
 * "repr in progress" guard behind `[[...]]`, lexicographic sequence
 * comparison, a fast hash for the common key types, and deferred
 * deallocation of deeply nested containers.  Private to runtime/obj_*.c.
 */
#ifndef MP_CONTAINERS_H
#define MP_CONTAINERS_H

#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/object.h"

/* ---- argument checks with CPython's exact messages ------------------- */

/* METH_NOARGS: "list.copy() takes no arguments (1 given)". */
int mp_ctr_noargs(const char *qualname, size_t nargs, mp_obj *kwnames);
/* METH_O: "list.append() takes exactly one argument (0 given)". */
int mp_ctr_onearg(const char *qualname, size_t nargs, mp_obj *kwnames);
/* Positional-only min..max: "index expected at least 1 argument, got 0";
 * keywords: "list.index() takes no keyword arguments". */
int mp_ctr_args(const char *qualname, const char *name, size_t nargs, mp_obj *kwnames, size_t min,
                size_t max);

/* ---- errors ------------------------------------------------------------ */

/* KeyError(key), wrapping the key in an args tuple so a tuple key prints
 * as `KeyError: (1,)` rather than being unpacked. */
void mp_ctr_key_error(mp_obj *key);

/* ---- hashing ----------------------------------------------------------- */

/* CPython's hash of an int that fits a tagged small int. */
static inline mp_hash_t mp_ctr_small_hash(intptr_t v) {
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (a >= P)
        a %= P;
    mp_hash_t h = v < 0 ? -(mp_hash_t)a : (mp_hash_t)a;
    return h == -1 ? -2 : h;
}

/* hash(o) with the tagged-int and cached-str cases inlined. */
static inline mp_hash_t mp_ctr_hash(mp_obj *o) {
    if (mp_is_small(o))
        return mp_ctr_small_hash(mp_small_val(o));
    if (o->type == &mp_type_str && ((struct mp_str *)o)->hash != -1)
        return ((struct mp_str *)o)->hash;
    return mp_hash(o);
}

/* ---- indices ----------------------------------------------------------- */

/* True if `o` can be used as a sequence index (int or __index__). */
bool mp_ctr_is_index(mp_obj *o);

/* ---- sequences --------------------------------------------------------- */

/* The count in `seq * other`: 1 with *count set when `other` is an
 * index, 0 when it is not (the operator returns NotImplemented and
 * mp_binop reports "can't multiply sequence by non-int"), -1 on error. */
int mp_ctr_repeat_count(mp_obj *other, mp_ssize_t *count);

/* Rich comparison of two sequences given by pointers to their item-array
 * and size fields (re-read after every element comparison, since a
 * list may change meanwhile), as CPython's list/tuple richcompare. */
mp_obj *mp_ctr_seq_compare(mp_obj **const *vitems, const size_t *vsize, mp_obj **const *witems,
                           const size_t *wsize, int op);
/* The bool `a <op> b` for two sizes. */
mp_obj *mp_ctr_compare_sizes(size_t a, size_t b, int op);

/* Reverses the array [lo, hi) in place (both NULL for an empty list). */
void mp_ctr_reverse(mp_obj **lo, mp_obj **hi);

/* PySequence_Fast: `o` itself (new ref) if it is a list or tuple, else
 * list(o); a TypeError for a non-iterable is replaced by `msg`. */
mp_obj *mp_ctr_seq_fast(mp_obj *o, const char *msg);
/* Items of a list or tuple returned by mp_ctr_seq_fast. */
mp_obj **mp_ctr_fast_items(mp_obj *seq, size_t *n);

/* ---- repr of self-referencing containers ------------------------------ */

/* A stack node on the C stack of the thread running a repr. */
typedef struct mp_repr_guard {
    mp_obj *obj;
    struct mp_repr_guard *prev;
} mp_repr_guard;
/* 1: `o` is already being repr'd on this thread (print "[...]"); the guard
 * was not pushed.  0: pushed; call mp_repr_leave(g) when done. */
int mp_repr_enter(mp_repr_guard *g, mp_obj *o);
void mp_repr_leave(mp_repr_guard *g);

/* ---- deallocation of deep structures ---------------------------------- */

/* Dropping the head of a million-deep [[[...]]] would recurse a million
 * times in dealloc.  A container's dealloc starts with
 *     if (mp_trash_begin(o)) return;
 * and ends with mp_trash_end(): past a depth limit the object is queued
 * and freed later by the outermost dealloc, iteratively. */
bool mp_trash_begin(mp_obj *o);
void mp_trash_end(void);

/* ---- instances of subclasses ------------------------------------------------ */

/* An instance of `type`, which is `exact` (a built-in container type) or
 * a subclass of it.  The built-in type's own instances come straight from
 * the allocator; a subclass's from the core (mp_instance_alloc: zeroed,
 * keeps a heap class alive, room for its instance dict). */
mp_obj *mp_ctr_alloc(mp_type *type, mp_type *exact);
/* Releases what mp_ctr_alloc returned, after the contents are dropped. */
void mp_ctr_free(mp_obj *o, mp_type *exact);

/* The `iter` slot of iterators: returns itself. */
mp_obj *mp_ctr_self_iter(mp_obj *o);

/* Interned names the containers look up. */
extern mp_obj *mp_ctr_str_index;   /* "__index__" */
extern mp_obj *mp_ctr_str_missing; /* "__missing__" */
extern mp_obj *mp_ctr_str_keys;    /* "keys" */
void mp_ctr_init_names(void);

#endif /* MP_CONTAINERS_H */
