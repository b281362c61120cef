/*
 * obj_int.h — int and bool.
 *
 * An int is either a tagged small int (see object.h: 63-bit, no allocation)
 * or a heap `mp_bigint` holding a GMP mpz_t, used only when the value does
 * not fit: every operation normalises its result back to a small int when
 * it fits, so two equal ints always have the same representation.
 * bool is a subclass of int with the two immortal instances True/False.
 */
#ifndef MP_OBJ_INT_H
#define MP_OBJ_INT_H

#include <gmp.h>

#include "runtime/object.h"

typedef struct mp_bigint {
    mp_obj head;
    mpz_t z;
} mp_bigint;

extern mp_type mp_type_int, mp_type_bool;

typedef struct mp_bool {
    mp_obj head;
    intptr_t value; /* 0 or 1 */
} mp_bool;
extern mp_bool mp_true_obj, mp_false_obj;
#define mp_True ((mp_obj *)&mp_true_obj)
#define mp_False ((mp_obj *)&mp_false_obj)
static inline mp_obj *mp_bool_from(int b) { return b ? mp_True : mp_False; }

/* Constructors (new references; small ints are returned tagged). */
mp_obj *mp_int_from_i64(int64_t v);
mp_obj *mp_int_from_u64(uint64_t v);
mp_obj *mp_int_from_double(double d);  /* truncates; OverflowError/ValueError for inf/nan */
/* Steals nothing; copies the value and normalises. */
mp_obj *mp_int_from_mpz(const mpz_t z);
/* Python int(s, base) parsing: optional sign, whitespace, underscores,
 * base prefixes when base is 0 or matching.  ValueError with CPython's
 * message ("invalid literal for int() with base 10: 'x'") on failure. */
mp_obj *mp_int_from_str(const char *s, size_t len, int base);

/* True for int, bool and their subclasses (tagged ints included). */
static inline bool mp_int_check(const mp_obj *o) {
    return MP_IS_TAGGED(o) || (o->type->tflags & MP_TFLAG_INT_SUBCLASS);
}
/* Conversions: -1 and an OverflowError when out of range. */
int mp_int_as_i64(mp_obj *o, int64_t *out);
/* Value as double; OverflowError "int too large to convert to float". */
int mp_int_as_double(mp_obj *o, double *out);
/* Copies the value of any int (small, big, bool) into an initialised mpz. */
void mp_int_to_mpz(mp_obj *o, mpz_t out);
/* Sign: -1, 0, 1. */
int mp_int_sign(mp_obj *o);

/* Integer arithmetic on two ints (any representation, incl. bool). */
mp_obj *mp_int_binop(mp_obj *a, mp_obj *b, mp_binop_t op);
mp_obj *mp_int_pow_mod(mp_obj *base, mp_obj *exp, mp_obj *mod);
int mp_int_compare(mp_obj *a, mp_obj *b);  /* -1, 0, 1 (ints only) */
mp_hash_t mp_int_hash(mp_obj *o);          /* CPython's: modulo 2**61-1 */
/* str(int) in decimal, and in base 2/8/16 with the 0b/0o/0x prefix. */
mp_obj *mp_int_to_str(mp_obj *o);
mp_obj *mp_int_to_base(mp_obj *o, int base);

#endif /* MP_OBJ_INT_H */
