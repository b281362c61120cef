/*
 * obj_float.h — float: an IEEE double in a heap object.  repr() is the
 * shortest string that round-trips, exactly as CPython prints it.
 */
#ifndef MP_OBJ_FLOAT_H
#define MP_OBJ_FLOAT_H

#include "runtime/object.h"

typedef struct mp_float {
    mp_obj head;
    double value;
} mp_float;

extern mp_type mp_type_float;

mp_obj *mp_float_new(double v);
static inline bool mp_float_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_float;
}
static inline double mp_float_val(const mp_obj *o) { return ((const mp_float *)o)->value; }
/* float(x) conversion of any number (int, bool, float, __float__). */
int mp_number_as_double(mp_obj *o, double *out);
/* CPython's repr(float) into buf (at least 32 bytes); returns length. */
size_t mp_float_repr_buf(double v, char *buf);
mp_hash_t mp_float_hash(double v);           /* CPython-compatible */
/* Arithmetic when at least one operand is a float (ints are converted;
 * also used for int ** negative int).  mp_NotImplemented otherwise. */
mp_obj *mp_float_binop(mp_obj *a, mp_obj *b, mp_binop_t op);
/* Parses float("...") text; ValueError with CPython's message. */
mp_obj *mp_float_from_str(const char *s, size_t len);

/* ---- additions by the numbers module ----------------------------------- */

/* round(x[, ndigits]) for int, bool, float (ndigits NULL or None: no
 * digits) with CPython's exact half-even rounding; other objects go to
 * their __round__ ("type X doesn't define __round__ method"). */
mp_obj *mp_number_round(mp_obj *x, mp_obj *ndigits);
/* int.__round__(ndigits): ndigits NULL when absent (None is a TypeError,
 * as in CPython); never dispatches to __round__. */
mp_obj *mp_int_round(mp_obj *x, mp_obj *ndigits);
/* divmod(a, b) when a and b are ints or floats; mp_NotImplemented (a new
 * reference) for other operand types so the caller can try
 * __divmod__/__rdivmod__. */
mp_obj *mp_number_divmod(mp_obj *a, mp_obj *b);
/* True for float and its subclasses. */
bool mp_float_check_any(const mp_obj *o);

#endif /* MP_OBJ_FLOAT_H */
