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
/* Arithmetic when at least one operand is a float. */
mp_obj *mp_float_binop(mp_obj *a, mp_obj *b, mp_binop_t op);
/* Parses float("...") text; ValueError with CPython's message. */
mp_obj *mp_float_from_str(const char *s, size_t len);

#endif /* MP_OBJ_FLOAT_H */
