/*
 * alloc.h — the object allocator.  Every object's memory comes from here so
 * the backing allocator can change in one place: mimalloc when the build
 * finds it (fast, and thread-safe with per-thread heaps, which the no-GIL
 * build needs), otherwise the C library's malloc.
 */
#ifndef MP_ALLOC_H
#define MP_ALLOC_H

#include <stddef.h>

#include "gc/rc.h"

/* Raw memory.  mp_mem_alloc never returns NULL: on exhaustion it prints
 * "MemoryError" and exits, since minipy cannot recover at that point. */
void *mp_mem_alloc(size_t size);
void *mp_mem_calloc(size_t n, size_t size);
void *mp_mem_realloc(void *p, size_t size);
void mp_mem_free(void *p);

/* A new object of `size` bytes (header included) with one reference. */
mp_obj *mp_obj_alloc(mp_type *type, size_t size);
/* Resizes a uniquely referenced variable-size object (e.g. a str grown in
 * place); the header moves with it. */
mp_obj *mp_obj_realloc(mp_obj *o, size_t size);
/* Releases the memory of an object whose dealloc has run. */
void mp_obj_free(mp_obj *o);

#endif /* MP_ALLOC_H */
