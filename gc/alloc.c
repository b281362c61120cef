/*
 * alloc.c — object memory.  Backed by mimalloc when CMake found it
 * (MINIPY_HAVE_MIMALLOC), else by malloc.  mimalloc's per-thread heaps make
 * small allocations fast and lock-free in the no-GIL build; the GIL build
 * uses it for speed alone.
 */
#include "gc/alloc.h"

#include <stdio.h>
#include <stdlib.h>

#include "runtime/object.h"

#ifdef MINIPY_HAVE_MIMALLOC
#include <mimalloc.h>
#define RAW_MALLOC mi_malloc
#define RAW_CALLOC mi_calloc
#define RAW_REALLOC mi_realloc
#define RAW_FREE mi_free
#else
#define RAW_MALLOC malloc
#define RAW_CALLOC calloc
#define RAW_REALLOC realloc
#define RAW_FREE free
#endif

static void out_of_memory(void) {
    fputs("MemoryError: out of memory\n", stderr);
    exit(1);
}

void *mp_mem_alloc(size_t size) {
    void *p = RAW_MALLOC(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *mp_mem_calloc(size_t n, size_t size) {
    void *p = RAW_CALLOC(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *mp_mem_realloc(void *p, size_t size) {
    void *q = RAW_REALLOC(p, size ? size : 1);
    if (!q)
        out_of_memory();
    return q;
}

void mp_mem_free(void *p) { RAW_FREE(p); }

mp_obj *mp_obj_alloc(mp_type *type, size_t size) {
    mp_obj *o = mp_mem_alloc(size);
    mp_rc_init(o, type);
    return o;
}

mp_obj *mp_obj_realloc(mp_obj *o, size_t size) { return mp_mem_realloc(o, size); }

void mp_obj_free(mp_obj *o) { RAW_FREE(o); }

void mp_dealloc(mp_obj *o) { o->type->dealloc(o); }
