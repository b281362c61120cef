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

/* ---- additions by the numbers module ----------------------------------- */

/* sys.get_int_max_str_digits(): the most decimal digits str(int) and
 * int(str) accept (CPython 3.11's default 4300; 0 means no limit).  Shared
 * by all threads, like mp_recursion_limit; sys.set_int_max_str_digits
 * stores it. */
extern int mp_int_max_str_digits;

/* GMP start-up (routes GMP's memory through gc/alloc.h); call before any
 * other int function. */
void mp_int_init(void);

/* The int type's constructor slot: int(), int(x), int(str, base). */
mp_obj *mp_int_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames);
/* divmod(a, b) of two ints: a tuple (a // b, a % b). */
mp_obj *mp_int_divmod(mp_obj *a, mp_obj *b);
/* An exact int with the value of any int (bool and subclasses converted);
 * a new reference to `o` itself when it already is one. */
mp_obj *mp_int_exact(mp_obj *o);

/* Helpers shared by obj_int.c, int_text.c, obj_float.c, format_spec.c. */
/* The value of o when it is a tagged int or a bool (false for heap ints). */
static inline bool mp_int_small_value(const mp_obj *o, int64_t *v) {
    if (MP_IS_TAGGED(o)) {
        *v = mp_small_val(o);
        return true;
    }
    if (o->type == &mp_type_bool) {
        *v = ((const mp_bool *)o)->value;
        return true;
    }
    return false;
}
/* Any int as a read-only mpz; a small value is wrapped in tmp, its limb
 * stored in *limb (no allocation). */
mpz_srcptr mp_int_view(mp_obj *o, mpz_ptr tmp, mp_limb_t *limb);
/* An int with r's value; takes r over (r must not be used afterwards). */
mp_obj *mp_int_from_mpz_move(mpz_ptr r);
/* z as the nearest double (ties to even); false when it overflows. */
bool mp_mpz_to_double(mpz_srcptr z, double *out);
/* a / b correctly rounded (CPython's long_true_divide); raises
 * ZeroDivisionError / OverflowError and returns -1. */
int mp_mpz_true_divide(mpz_srcptr a, mpz_srcptr b, double *out);
/* Comparison result c (<0, 0, >0) under rich-comparison operator op. */
bool mp_cmp_result(int c, int op);
/* CPython's hash of a value given |value| mod 2**61-1 and its sign. */
mp_hash_t mp_hash_from_mod(uint64_t mag, bool negative);
/* CPython's _PyUnicode_TransformDecimalAndSpaceToASCII for int()/float()
 * text: Unicode decimal digits become ASCII digits, Unicode white space a
 * space, other non-ASCII characters '?'.  Returns NULL when s is pure
 * ASCII (use it as is), else a new mp_mem_alloc buffer of *outlen bytes. */
char *mp_number_text_ascii(const char *s, size_t len, size_t *outlen);
/* Writes u in decimal so that the digits end just before `end`; returns
 * where they start (at most 20 characters). */
char *mp_u64_digits(uint64_t u, char *end);
/* repr(str(s, len)) cut to 200 code points, as CPython's "%.200R". */
mp_obj *mp_number_text_repr(const char *s, size_t len);

#endif /* MP_OBJ_INT_H */
