/*
 * obj_range.h — range and slice objects, and slice-index arithmetic shared
 * by every sequence type.
 */
#ifndef MP_OBJ_RANGE_H
#define MP_OBJ_RANGE_H

#include "runtime/object.h"

typedef struct mp_range {
    mp_obj head;
    mp_obj *start, *stop, *step; /* ints (usually tagged) */
    mp_obj *length;              /* int */
} mp_range;

typedef struct mp_slice {
    mp_obj head;
    mp_obj *start, *stop, *step; /* None when omitted */
} mp_slice;

extern mp_type mp_type_range, mp_type_slice;

mp_obj *mp_slice_new(mp_obj *start, mp_obj *stop, mp_obj *step); /* increfs */
static inline bool mp_slice_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_slice;
}
/* Resolves a slice against a sequence length exactly as CPython's
 * PySlice_GetIndicesEx does; returns the slice length, or -1 on error
 * (ValueError "slice step cannot be zero", TypeError for non-ints). */
mp_ssize_t mp_slice_indices(mp_obj *slice, mp_ssize_t length, mp_ssize_t *start,
                            mp_ssize_t *stop, mp_ssize_t *step);
/* Normalises a (possibly negative) index for a sequence of `length`,
 * raising IndexError("<what> index out of range") when outside. */
int mp_seq_index(mp_obj *index, mp_ssize_t length, const char *what, mp_ssize_t *out);
/* A slice bound as a C index, clamped to the ssize range like CPython's
 * _PyEval_SliceIndex: None leaves *out untouched when `allow_none`;
 * TypeError "slice indices must be integers or None or have an __index__
 * method" (without "or None" when !allow_none). */
int mp_slice_bound(mp_obj *o, bool allow_none, mp_ssize_t *out);
/* The optional start/stop arguments of seq.index(x, start, stop) (nargs
 * 0..2) normalised against `length` like list.index/tuple.index. */
int mp_seq_search_bounds(mp_obj *const *args, size_t nargs, mp_ssize_t length,
                         mp_ssize_t *start, mp_ssize_t *stop);

extern mp_type mp_type_range_iterator, mp_type_longrange_iterator;
/* Start-up: makes range, slice and the range iterators ready. */
void mp_range_init(void);

#endif /* MP_OBJ_RANGE_H */
