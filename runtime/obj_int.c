/*
 * obj_int.c — int and bool.  An int is a tagged small int or, when it does
 * not fit in 63 bits, a heap mp_bigint holding a GMP mpz_t; every result
 * that fits is returned tagged (see obj_int.h).  This file holds the
 * arithmetic with Python's rules (floor division and modulo signs, shifts,
 * correctly rounded true division, modular pow), comparison, CPython's
 * hash, the type objects with their methods, and bool.  Text conversion
 * (str(), int(str), the int() constructor) lives in int_text.c.
 *
 * Hot paths work on int64 values with overflow builtins and never touch
 * GMP; small operands of a big operation are wrapped as read-only mpz
 * views on the stack (mpz_roinit_n), so they cost no allocation either.
 */
#include "runtime/obj_int.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/format_spec.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_float.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

_Static_assert(GMP_NUMB_BITS == 64 && sizeof(mp_limb_t) == 8, "minipy needs 64-bit GMP limbs");

/* Results bigger than this many bits are refused with MemoryError rather
 * than letting GMP abort the process (its sizes are limited to int limbs). */
#define MAX_RESULT_BITS ((uint64_t)1 << 34)

/* ---- reading values ---------------------------------------------------- */

/* A read-only mpz view of a small value, backed by *limb (no allocation). */
static mpz_srcptr small_view(int64_t v, mpz_ptr tmp, mp_limb_t *limb) {
    *limb = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return mpz_roinit_n(tmp, limb, v < 0 ? -1 : v > 0);
}

mpz_srcptr mp_int_view(mp_obj *o, mpz_ptr tmp, mp_limb_t *limb) {
    int64_t v;
    if (mp_int_small_value(o, &v))
        return small_view(v, tmp, limb);
    return ((mp_bigint *)o)->z;
}

static mp_obj *big_alloc(void) { return mp_obj_alloc(&mp_type_int, sizeof(mp_bigint)); }

mp_obj *mp_int_from_mpz_move(mpz_ptr r) {
    if (mpz_fits_slong_p(r)) {
        long v = mpz_get_si(r);
        if (mp_small_fits(v)) {
            mpz_clear(r);
            return mp_small(v);
        }
    }
    mp_obj *b = big_alloc();
    ((mp_bigint *)b)->z[0] = r[0]; /* moves the limbs: r is now dead */
    return b;
}

/* ---- constructors and conversions ------------------------------------- */

mp_obj *mp_int_from_i64(int64_t v) {
    if (mp_small_fits(v))
        return mp_small(v);
    mp_obj *b = big_alloc();
    mpz_init_set_si(((mp_bigint *)b)->z, v);
    return b;
}

mp_obj *mp_int_from_u64(uint64_t v) {
    if (v <= (uint64_t)MP_SMALL_MAX)
        return mp_small((intptr_t)v);
    mp_obj *b = big_alloc();
    mpz_init_set_ui(((mp_bigint *)b)->z, v);
    return b;
}

mp_obj *mp_int_from_mpz(const mpz_t z) {
    mpz_t r;
    mpz_init_set(r, z);
    return mp_int_from_mpz_move(r);
}

mp_obj *mp_int_from_double(double d) {
    if (isnan(d)) {
        mp_err_format(&mp_type_ValueError, "cannot convert float NaN to integer");
        return NULL;
    }
    if (isinf(d)) {
        mp_err_format(&mp_type_OverflowError, "cannot convert float infinity to integer");
        return NULL;
    }
    if (d > -9.2e18 && d < 9.2e18)
        return mp_int_from_i64((int64_t)d); /* the cast truncates, as int() does */
    mpz_t r;
    mpz_init_set_d(r, d);
    return mp_int_from_mpz_move(r);
}

/* The value of any int as an exact int (bool and subclasses converted). */
mp_obj *mp_int_exact(mp_obj *o) {
    int64_t v;
    if (MP_IS_TAGGED(o) || o->type == &mp_type_int)
        return mp_newref(o);
    if (mp_int_small_value(o, &v))
        return mp_small(v);
    return mp_int_from_mpz(((mp_bigint *)o)->z);
}

int mp_int_as_i64(mp_obj *o, int64_t *out) {
    if (mp_int_small_value(o, out))
        return 0;
    mpz_srcptr z = ((mp_bigint *)o)->z;
    if (!mpz_fits_slong_p(z)) {
        mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    *out = mpz_get_si(z);
    return 0;
}

bool mp_mpz_to_double(mpz_srcptr z, double *out) {
    size_t bits = mpz_sizeinbase(z, 2);
    if (bits <= 63) {
        *out = (double)mpz_get_si(z); /* the hardware rounds half-even */
        return true;
    }
    if (bits > DBL_MAX_EXP)
        return false;
    /* Keep the top 55 bits plus a sticky bit for everything below, so the
     * one rounding in the int64 -> double conversion is the correct one. */
    size_t shift = bits - 55;
    mpz_t t;
    mpz_init(t);
    mpz_tdiv_q_2exp(t, z, shift);
    uint64_t top = mpz_getlimbn(t, 0) | (mpz_scan1(z, 0) < shift);
    mpz_clear(t);
    double d = ldexp((double)(int64_t)top, (int)shift);
    *out = mpz_sgn(z) < 0 ? -d : d;
    return !isinf(d);
}

int mp_int_as_double(mp_obj *o, double *out) {
    int64_t v;
    if (mp_int_small_value(o, &v)) {
        *out = (double)v;
        return 0;
    }
    if (mp_mpz_to_double(((mp_bigint *)o)->z, out))
        return 0;
    mp_err_format(&mp_type_OverflowError, "int too large to convert to float");
    return -1;
}

void mp_int_to_mpz(mp_obj *o, mpz_t out) {
    mpz_t tmp;
    mp_limb_t limb;
    mpz_set(out, mp_int_view(o, tmp, &limb));
}

int mp_int_sign(mp_obj *o) {
    int64_t v;
    if (mp_int_small_value(o, &v))
        return (v > 0) - (v < 0);
    return mpz_sgn(((mp_bigint *)o)->z);
}

/* ---- comparison and hashing ------------------------------------------- */

int mp_int_compare(mp_obj *a, mp_obj *b) {
    int64_t x, y;
    if (mp_int_small_value(a, &x) && mp_int_small_value(b, &y))
        return (x > y) - (x < y);
    mpz_t ta, tb;
    mp_limb_t la, lb;
    int c = mpz_cmp(mp_int_view(a, ta, &la), mp_int_view(b, tb, &lb));
    return (c > 0) - (c < 0);
}

bool mp_cmp_result(int c, int op) {
    switch (op) {
    case MP_LT: return c < 0;
    case MP_LE: return c <= 0;
    case MP_EQ: return c == 0;
    case MP_NE: return c != 0;
    case MP_GT: return c > 0;
    default: return c >= 0;
    }
}

static mp_obj *int_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_int_check(a) || !mp_int_check(b))
        return mp_newref(mp_NotImplemented);
    return mp_bool_from(mp_cmp_result(mp_int_compare(a, b), op));
}

/* CPython's numeric hash: the value modulo the Mersenne prime 2**61 - 1,
 * with the sign of the value, and -1 (the error marker) mapped to -2. */
#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

mp_hash_t mp_hash_from_mod(uint64_t mag, bool negative) {
    mp_hash_t h = negative ? -(mp_hash_t)mag : (mp_hash_t)mag;
    return h == -1 ? -2 : h;
}

mp_hash_t mp_int_hash(mp_obj *o) {
    int64_t v;
    if (mp_int_small_value(o, &v)) {
        uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
        if (mag >= HASH_MODULUS) /* rare: no division for |v| < 2**61 - 1 */
            mag %= HASH_MODULUS;
        return mp_hash_from_mod(mag, v < 0);
    }
    mpz_srcptr z = ((mp_bigint *)o)->z;
    return mp_hash_from_mod(mpz_tdiv_ui(z, HASH_MODULUS), mpz_sgn(z) < 0);
}

static int int_truthy(mp_obj *o) { return mp_int_sign(o) != 0; }

/* ---- arithmetic --------------------------------------------------------- */

static mp_obj *zero_division(const char *msg) {
    mp_err_format(&mp_type_ZeroDivisionError, "%s", msg);
    return NULL;
}

static mp_obj *too_big(void) {
    mp_err_no_memory();
    return NULL;
}

int mp_mpz_true_divide(mpz_srcptr a, mpz_srcptr b, double *out) {
    if (mpz_sgn(b) == 0) {
        zero_division("division by zero");
        return -1;
    }
    bool negate = (mpz_sgn(a) < 0) != (mpz_sgn(b) < 0);
    long abits = (long)mpz_sizeinbase(a, 2), bbits = (long)mpz_sizeinbase(b, 2);
    if (mpz_sgn(a) == 0 || (abits <= DBL_MANT_DIG && bbits <= DBL_MANT_DIG)) {
        *out = mpz_get_d(a) / mpz_get_d(b); /* exact operands: one rounding */
        return 0;
    }
    long diff = abits - bbits;
    if (diff > DBL_MAX_EXP)
        goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) {
        *out = negate ? -0.0 : 0.0;
        return 0;
    }
    /* x = |a| * 2**-shift // |b| has DBL_MANT_DIG + 2 or 3 bits; round it
     * to the precision the result can hold (fewer bits when subnormal),
     * half-even, with `inexact` standing for every bit thrown away. */
    long shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    mpz_t x, rem;
    mpz_inits(x, rem, NULL);
    mpz_abs(x, a);
    bool inexact = false;
    if (shift <= 0) {
        mpz_mul_2exp(x, x, (mp_bitcnt_t)-shift);
    } else {
        inexact = mpz_scan1(x, 0) < (mp_bitcnt_t)shift;
        mpz_tdiv_q_2exp(x, x, (mp_bitcnt_t)shift);
    }
    mpz_tdiv_qr(x, rem, x, b);
    inexact |= mpz_sgn(rem) != 0;
    long xbits = (long)mpz_sizeinbase(x, 2);
    uint64_t low = mpz_getlimbn(x, 0) | inexact;
    mpz_clears(x, rem, NULL);
    long extra = (xbits > DBL_MIN_EXP - shift ? xbits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    uint64_t mask = (uint64_t)1 << (extra - 1);
    if ((low & mask) && (low & (3 * mask - 1)))
        low += mask;
    low &= ~(2 * mask - 1);
    double dx = (double)low;
    if (shift + xbits >= DBL_MAX_EXP &&
        (shift + xbits > DBL_MAX_EXP || dx == ldexp(1.0, (int)xbits)))
        goto overflow;
    double r = ldexp(dx, (int)shift);
    *out = negate ? -r : r;
    return 0;
overflow:
    mp_err_format(&mp_type_OverflowError, "integer division result too large for a float");
    return -1;
}

static mp_obj *true_divide(mpz_srcptr a, mpz_srcptr b) {
    double d;
    return mp_mpz_true_divide(a, b, &d) < 0 ? NULL : mp_float_new(d);
}

static inline int64_t floordiv64(int64_t x, int64_t y) {
    int64_t q = x / y;
    return (x % y != 0 && (x ^ y) < 0) ? q - 1 : q;
}

static inline int64_t mod64(int64_t x, int64_t y) {
    int64_t r = x % y;
    return (r != 0 && (r ^ y) < 0) ? r + y : r;
}

/* x ** y for y >= 0 in int64; false on overflow. */
static bool pow64(int64_t x, int64_t y, int64_t *out) {
    int64_t r = 1;
    while (y) {
        if ((y & 1) && __builtin_mul_overflow(r, x, &r))
            return false;
        y >>= 1;
        if (y && __builtin_mul_overflow(x, x, &x))
            return false;
    }
    *out = r;
    return true;
}

static mp_obj *negative_shift(void) {
    mp_err_format(&mp_type_ValueError, "negative shift count");
    return NULL;
}

/* Both operands small.  Returns true with *out set (NULL on error), or
 * false when the result needs the GMP path. */
static bool small_binop(int64_t x, int64_t y, mp_binop_t op, mp_obj **out) {
    int64_t r;
    switch (op) {
    case MP_OP_ADD: r = x + y; break; /* 63-bit operands cannot overflow */
    case MP_OP_SUB: r = x - y; break;
    case MP_OP_MUL:
        if (__builtin_mul_overflow(x, y, &r))
            return false;
        break;
    case MP_OP_FLOORDIV:
        if (y == 0) {
            *out = zero_division("integer division or modulo by zero");
            return true;
        }
        r = floordiv64(x, y);
        break;
    case MP_OP_MOD:
        if (y == 0) {
            *out = zero_division("integer modulo by zero");
            return true;
        }
        r = mod64(x, y);
        break;
    case MP_OP_TRUEDIV: {
        const int64_t exact = (int64_t)1 << DBL_MANT_DIG;
        if (y == 0) {
            *out = zero_division("division by zero");
            return true;
        }
        if (x < -exact || x > exact || y < -exact || y > exact)
            return false;
        *out = mp_float_new((double)x / (double)y);
        return true;
    }
    case MP_OP_POW:
        if (y < 0)
            return false;
        if (!pow64(x, y, &r))
            return false;
        break;
    case MP_OP_LSHIFT:
        if (y < 0) {
            *out = negative_shift();
            return true;
        }
        if (x == 0) {
            r = 0;
            break;
        }
        if (y > 62 || __builtin_mul_overflow(x, (int64_t)1 << y, &r))
            return false;
        break;
    case MP_OP_RSHIFT:
        if (y < 0) {
            *out = negative_shift();
            return true;
        }
        r = x >> (y > 63 ? 63 : y); /* gcc shifts signed values arithmetically */
        break;
    case MP_OP_AND: r = x & y; break;
    case MP_OP_OR: r = x | y; break;
    case MP_OP_XOR: r = x ^ y; break;
    default: *out = mp_newref(mp_NotImplemented); return true;
    }
    *out = mp_int_from_i64(r);
    return true;
}

/* base ** e for a non-negative int e, with GMP. */
static mp_obj *big_pow(mpz_srcptr base, mpz_srcptr e) {
    mpz_t r;
    if (mpz_cmpabs_ui(base, 1) <= 0) { /* 0, 1, -1: any exponent */
        if (mpz_sgn(base) >= 0)
            return mp_small(mpz_sgn(e) == 0 ? 1 : mpz_get_si(base));
        return mp_small(mpz_odd_p(e) ? -1 : 1);
    }
    if (!mpz_fits_ulong_p(e) || (uint64_t)mpz_sizeinbase(base, 2) * mpz_get_ui(e) > MAX_RESULT_BITS)
        return too_big();
    mpz_init(r);
    mpz_pow_ui(r, base, mpz_get_ui(e));
    return mp_int_from_mpz_move(r);
}

static mp_obj *big_shift(mpz_srcptr a, mpz_srcptr s, bool left) {
    if (mpz_sgn(s) < 0)
        return negative_shift();
    if (mpz_sgn(a) == 0)
        return mp_small(0);
    mpz_t r;
    if (!left) {
        if (!mpz_fits_ulong_p(s) || mpz_get_ui(s) >= mpz_sizeinbase(a, 2))
            return mp_small(mpz_sgn(a) < 0 ? -1 : 0);
        mpz_init(r);
        mpz_fdiv_q_2exp(r, a, mpz_get_ui(s)); /* floor: Python's >> on negatives */
        return mp_int_from_mpz_move(r);
    }
    if (!mpz_fits_slong_p(s)) {
        mp_err_format(&mp_type_OverflowError, "too many digits in integer");
        return NULL;
    }
    if (mpz_sizeinbase(a, 2) + mpz_get_ui(s) > MAX_RESULT_BITS)
        return too_big();
    mpz_init(r);
    mpz_mul_2exp(r, a, mpz_get_ui(s));
    return mp_int_from_mpz_move(r);
}

static mp_obj *big_binop(mp_obj *ao, mp_obj *bo, mp_binop_t op) {
    mpz_t ta, tb, r;
    mp_limb_t la, lb;
    mpz_srcptr a = mp_int_view(ao, ta, &la), b = mp_int_view(bo, tb, &lb);
    switch (op) {
    case MP_OP_TRUEDIV: return true_divide(a, b);
    case MP_OP_POW:
        if (mpz_sgn(b) < 0) /* negative exponent: the result is a float */
            return mp_float_binop(ao, bo, MP_OP_POW);
        return big_pow(a, b);
    case MP_OP_LSHIFT: return big_shift(a, b, true);
    case MP_OP_RSHIFT: return big_shift(a, b, false);
    case MP_OP_FLOORDIV:
    case MP_OP_MOD:
        if (mpz_sgn(b) == 0)
            return zero_division(op == MP_OP_MOD ? "integer modulo by zero"
                                                 : "integer division or modulo by zero");
        break;
    case MP_OP_MATMUL: return mp_newref(mp_NotImplemented);
    default: break;
    }
    mpz_init(r);
    switch (op) {
    case MP_OP_ADD: mpz_add(r, a, b); break;
    case MP_OP_SUB: mpz_sub(r, a, b); break;
    case MP_OP_MUL: mpz_mul(r, a, b); break;
    case MP_OP_FLOORDIV: mpz_fdiv_q(r, a, b); break;
    case MP_OP_MOD: mpz_fdiv_r(r, a, b); break;
    case MP_OP_AND: mpz_and(r, a, b); break;
    case MP_OP_OR: mpz_ior(r, a, b); break;
    default: mpz_xor(r, a, b); break;
    }
    return mp_int_from_mpz_move(r);
}

mp_obj *mp_int_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    int64_t x, y;
    mp_obj *out;
    if (mp_int_small_value(a, &x) && mp_int_small_value(b, &y) && small_binop(x, y, op, &out))
        return out;
    return big_binop(a, b, op);
}

static mp_obj *int_binop_slot(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (!mp_int_check(a) || !mp_int_check(b))
        return mp_newref(mp_NotImplemented);
    return mp_int_binop(a, b, op);
}

mp_obj *mp_int_divmod(mp_obj *a, mp_obj *b) {
    int64_t x, y;
    if (mp_int_small_value(a, &x) && mp_int_small_value(b, &y)) {
        if (y == 0)
            return zero_division("integer division or modulo by zero");
        mp_obj *q = mp_int_from_i64(floordiv64(x, y));
        mp_obj *t = mp_tuple_pack(2, q, mp_small(mod64(x, y)));
        mp_decref(q);
        return t;
    }
    mpz_t ta, tb, q, r;
    mp_limb_t la, lb;
    mpz_srcptr za = mp_int_view(a, ta, &la), zb = mp_int_view(b, tb, &lb);
    if (mpz_sgn(zb) == 0)
        return zero_division("integer division or modulo by zero");
    mpz_inits(q, r, NULL);
    mpz_fdiv_qr(q, r, za, zb);
    mp_obj *qo = mp_int_from_mpz_move(q), *ro = mp_int_from_mpz_move(r);
    mp_obj *t = mp_tuple_pack(2, qo, ro);
    mp_decref(qo);
    mp_decref(ro);
    return t;
}

/* (b ** e) % m for small values with 0 < m < 2**62, e >= 0. */
static uint64_t powmod64(int64_t b, int64_t e, uint64_t m) {
    uint64_t base = (uint64_t)mod64(b, (int64_t)m), r = 1 % m;
    while (e) {
        if (e & 1)
            r = (uint64_t)((unsigned __int128)r * base % m);
        e >>= 1;
        base = (uint64_t)((unsigned __int128)base * base % m);
    }
    return r;
}

mp_obj *mp_int_pow_mod(mp_obj *base, mp_obj *exp, mp_obj *mod) {
    if (!mp_int_check(base) || !mp_int_check(exp) || !mp_int_check(mod)) {
        mp_err_format(&mp_type_TypeError,
                      "pow() 3rd argument not allowed unless all arguments are integers");
        return NULL;
    }
    if (mp_int_sign(mod) == 0) {
        mp_err_format(&mp_type_ValueError, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    int64_t b, e, m;
    if (mp_int_small_value(base, &b) && mp_int_small_value(exp, &e) &&
        mp_int_small_value(mod, &m) && e >= 0) {
        uint64_t r = powmod64(b, e, m < 0 ? -(uint64_t)m : (uint64_t)m);
        return mp_int_from_i64(m < 0 && r ? (int64_t)r + m : (int64_t)r);
    }
    mpz_t tb, te, tm, zm, zb, r;
    mp_limb_t lb, le, lm;
    mpz_srcptr pb = mp_int_view(base, tb, &lb), pe = mp_int_view(exp, te, &le);
    mpz_srcptr pm = mp_int_view(mod, tm, &lm);
    mpz_inits(zm, zb, r, NULL);
    mpz_abs(zm, pm);
    mpz_set(zb, pb);
    if (mpz_sgn(pe) < 0 && !mpz_invert(zb, zb, zm)) {
        mpz_clears(zm, zb, r, NULL);
        mp_err_format(&mp_type_ValueError, "base is not invertible for the given modulus");
        return NULL;
    }
    if (mpz_sgn(pe) < 0) {
        mpz_t ne;
        mpz_init(ne);
        mpz_neg(ne, pe);
        mpz_powm(r, zb, ne, zm);
        mpz_clear(ne);
    } else {
        mpz_powm(r, zb, pe, zm);
    }
    if (mpz_sgn(pm) < 0 && mpz_sgn(r) != 0)
        mpz_add(r, r, pm);
    mpz_clears(zm, zb, NULL);
    return mp_int_from_mpz_move(r);
}

static mp_obj *int_unary(mp_obj *a, mp_unop_t op) {
    int64_t x;
    if (mp_int_small_value(a, &x)) {
        switch (op) {
        case MP_UOP_NEG: return mp_int_from_i64(-x);
        case MP_UOP_POS: return mp_int_exact(a);
        case MP_UOP_INVERT: return mp_small(~x);
        default: return mp_int_from_i64(x < 0 ? -x : x);
        }
    }
    if (op == MP_UOP_POS)
        return mp_int_exact(a);
    mpz_t r;
    mpz_init(r);
    mpz_srcptr z = ((mp_bigint *)a)->z;
    switch (op) {
    case MP_UOP_NEG: mpz_neg(r, z); break;
    case MP_UOP_INVERT: mpz_com(r, z); break;
    default: mpz_abs(r, z); break;
    }
    return mp_int_from_mpz_move(r);
}

static void int_dealloc(mp_obj *o) {
    mpz_clear(((mp_bigint *)o)->z);
    mp_obj_free(o);
}

static mp_hash_t int_hash_slot(mp_obj *o) { return mp_int_hash(o); }
static mp_obj *int_repr(mp_obj *o) { return mp_int_to_str(o); }

/* ---- methods -------------------------------------------------------------- */

static int no_args(const char *name, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw(name, kwnames) < 0)
        return -1;
    return mp_arg_count(name, nargs, 0, 0);
}

#define NOARGS(name)                                                                               \
    if (no_args(name, nargs, kwnames) < 0)                                                         \
    return NULL

static mp_obj *int_bit_length(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("int.bit_length");
    int64_t v;
    if (mp_int_small_value(self, &v)) {
        uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
        return mp_small(m ? 64 - __builtin_clzll(m) : 0);
    }
    return mp_int_from_u64(mpz_sizeinbase(((mp_bigint *)self)->z, 2));
}

static mp_obj *int_bit_count(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("int.bit_count");
    int64_t v;
    if (mp_int_small_value(self, &v))
        return mp_small(__builtin_popcountll(v < 0 ? -(uint64_t)v : (uint64_t)v));
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, ((mp_bigint *)self)->z);
    mp_obj *r = mp_int_from_u64(mpz_popcount(a));
    mpz_clear(a);
    return r;
}

static mp_obj *int_self(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("int.conjugate");
    return mp_int_exact(self);
}

static mp_obj *int_float(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("int.__float__");
    double d;
    if (mp_int_as_double(self, &d) < 0)
        return NULL;
    return mp_float_new(d);
}

static mp_obj *int_as_integer_ratio(mp_obj *self, mp_obj *const *args, size_t nargs,
                                    mp_obj *kwnames) {
    NOARGS("int.as_integer_ratio");
    mp_obj *n = mp_int_exact(self);
    mp_obj *t = mp_tuple_pack(2, n, mp_small(1));
    mp_decref(n);
    return t;
}

static mp_obj *int_round(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("int.__round__", kwnames) < 0 ||
        mp_arg_count("int.__round__", nargs, 0, 1) < 0)
        return NULL;
    return mp_int_round(self, nargs ? args[0] : NULL);
}

static mp_obj *int_format(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("int.__format__", kwnames) < 0 ||
        mp_arg_count("int.__format__", nargs, 1, 1) < 0)
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "__format__() argument must be str, not %T", args[0]);
        return NULL;
    }
    return mp_format_int(self, mp_str_data(args[0]), mp_str_size(args[0]));
}

/* The byteorder argument of to_bytes/from_bytes: 1 for "little", 0 for
 * "big" (the default when absent), -1 with an exception otherwise. */
static int little_endian(const char *fname, mp_obj *order) {
    if (!order)
        return 0;
    if (!mp_str_check(order)) {
        mp_err_format(&mp_type_TypeError, "%s() argument 'byteorder' must be str, not %T", fname,
                      order);
        return -1;
    }
    if (mp_str_eq_cstr(order, "little"))
        return 1;
    if (mp_str_eq_cstr(order, "big"))
        return 0;
    mp_err_format(&mp_type_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

/* The bytes of a bytes-like argument, or of any iterable of ints in
 * range(256) (CPython's bytes(x)), in a new mp_mem_alloc buffer. */
static unsigned char *bytes_of(mp_obj *o, size_t *n) {
    const char *data;
    if (mp_bytes_view(o, &data, n)) {
        unsigned char *buf = mp_mem_alloc(*n);
        memcpy(buf, data, *n);
        return buf;
    }
    mp_obj *it = mp_str_check(o) ? NULL : mp_iter(o);
    if (!it) {
        if (!mp_str_check(o) && !mp_err_matches(&mp_type_TypeError))
            return NULL;
        mp_err_clear();
        mp_err_format(&mp_type_TypeError, "cannot convert '%T' object to bytes", o);
        return NULL;
    }
    size_t cap = 16;
    unsigned char *buf = mp_mem_alloc(cap);
    mp_obj *item;
    *n = 0;
    while ((item = mp_iternext(it))) {
        int64_t byte = -1;
        if (!mp_int_check(item)) {
            mp_err_format(&mp_type_TypeError, "'%T' object cannot be interpreted as an integer",
                          item);
        } else if (mp_int_as_i64(item, &byte) < 0 || byte < 0 || byte > 255) {
            mp_err_clear();
            mp_err_format(&mp_type_ValueError, "bytes must be in range(0, 256)");
        }
        mp_decref(item);
        if (mp_err_occurred())
            break;
        if (*n == cap)
            buf = mp_mem_realloc(buf, cap *= 2);
        buf[(*n)++] = (unsigned char)byte;
    }
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_mem_free(buf);
        return NULL;
    }
    return buf;
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False) */
static mp_obj *int_from_bytes(mp_obj *cls, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"bytes", "byteorder", "$signed"};
    mp_obj *a[3];
    if (mp_arg_parse("from_bytes", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    int little = little_endian("from_bytes", a[1]);
    int is_signed = a[2] ? mp_truthy(a[2]) : 0;
    if (little < 0 || is_signed < 0)
        return NULL;
    size_t n;
    unsigned char *buf = bytes_of(a[0], &n);
    if (!buf)
        return NULL;
    mpz_t z;
    mpz_init(z);
    mpz_import(z, n, little ? -1 : 1, 1, 0, 0, buf);
    if (is_signed && n && (buf[little ? n - 1 : 0] & 0x80)) { /* two's complement */
        mpz_t top;
        mpz_init(top);
        mpz_setbit(top, n * 8);
        mpz_sub(z, z, top);
        mpz_clear(top);
    }
    mp_mem_free(buf);
    mp_obj *result = mp_int_from_mpz_move(z);
    if (cls != (mp_obj *)&mp_type_int) { /* a subclass builds its own instance */
        mp_obj *r = mp_call1(cls, result);
        mp_decref(result);
        result = r;
    }
    return result;
}

/* int.to_bytes(length=1, byteorder='big', *, signed=False) */
static mp_obj *int_to_bytes(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"length", "byteorder", "$signed"};
    mp_obj *a[3];
    if (mp_arg_parse("to_bytes", args, nargs, kwnames, names, 3, 0, a) < 0)
        return NULL;
    mp_ssize_t length = a[0] ? mp_index_ssize(a[0]) : 1;
    if (length == -1 && mp_err_occurred())
        return NULL;
    int little = little_endian("to_bytes", a[1]);
    int is_signed = a[2] ? mp_truthy(a[2]) : 0;
    if (little < 0 || is_signed < 0)
        return NULL;
    if (length < 0) {
        mp_err_format(&mp_type_ValueError, "length argument must be non-negative");
        return NULL;
    }
    mpz_t tmp, z, lim;
    mp_limb_t limb;
    mpz_srcptr v = mp_int_view(self, tmp, &limb);
    if (!is_signed && mpz_sgn(v) < 0) {
        mp_err_format(&mp_type_OverflowError, "can't convert negative int to unsigned");
        return NULL;
    }
    /* in range: [0, 2**(8n)) unsigned, [-2**(8n-1), 2**(8n-1)) signed */
    mpz_inits(z, lim, NULL);
    bool fits = mpz_sgn(v) == 0 || (is_signed && mpz_cmp_si(v, -1) == 0); /* as CPython */
    if (length > 0) {
        mpz_setbit(lim, (mp_bitcnt_t)length * 8 - (mp_bitcnt_t)is_signed);
        fits = mpz_sgn(v) >= 0 ? mpz_cmp(v, lim) < 0 : mpz_cmpabs(v, lim) <= 0;
    }
    mp_obj *r = NULL;
    if (!fits) {
        mp_err_format(&mp_type_OverflowError, "int too big to convert");
    } else {
        mpz_set(z, v);
        if (mpz_sgn(z) < 0) { /* two's complement in length bytes */
            mpz_set_ui(lim, 0);
            mpz_setbit(lim, (mp_bitcnt_t)length * 8);
            mpz_add(z, z, lim);
        }
        r = mp_bytes_alloc((size_t)length);
        char *out = ((mp_bytes *)r)->data;
        size_t count = 0;
        memset(out, 0, (size_t)length);
        if (mpz_sgn(z)) { /* the significant bytes, at the low end */
            size_t need = (mpz_sizeinbase(z, 2) + 7) / 8;
            mpz_export(little ? out : out + length - need, &count, little ? -1 : 1, 1, 0, 0, z);
        }
    }
    mpz_clears(z, lim, NULL);
    return r;
}

static mp_obj *int_get_self(mp_obj *self) { return mp_int_exact(self); }
static mp_obj *int_get_zero(mp_obj *self) { return mp_small(0); }
static mp_obj *int_get_one(mp_obj *self) { return mp_small(1); }

static const mp_method_def int_methods[] = {
    {"bit_length", int_bit_length, 0, NULL},
    {"bit_count", int_bit_count, 0, NULL},
    {"conjugate", int_self, 0, NULL},
    {"as_integer_ratio", int_as_integer_ratio, 0, NULL},
    {"from_bytes", int_from_bytes, MP_METH_CLASS, NULL},
    {"to_bytes", int_to_bytes, 0, NULL},
    {"__index__", int_self, 0, NULL},
    {"__int__", int_self, 0, NULL},
    {"__trunc__", int_self, 0, NULL},
    {"__floor__", int_self, 0, NULL},
    {"__ceil__", int_self, 0, NULL},
    {"__float__", int_float, 0, NULL},
    {"__round__", int_round, 0, NULL},
    {"__format__", int_format, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const mp_getset_def int_getset[] = {
    {"real", int_get_self, NULL},
    {"imag", int_get_zero, NULL},
    {"numerator", int_get_self, NULL},
    {"denominator", int_get_one, NULL},
    {NULL, NULL, NULL},
};

mp_type mp_type_int = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "int",
    .basicsize = sizeof(mp_bigint),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_INT_SUBCLASS,
    .base = &mp_type_object,
    .dealloc = int_dealloc,
    .repr = int_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .truthy = int_truthy,
    .binop = int_binop_slot,
    .unary = int_unary,
    .new_ = mp_int_new,
    .methods = int_methods,
    .getset = int_getset,
};

/* ---- bool ------------------------------------------------------------------ */

static mp_obj *bool_repr(mp_obj *self) {
    return mp_str_intern_cstr(((mp_bool *)self)->value ? "True" : "False");
}

/* & | ^ of two bools stay bools; everything else is int arithmetic. */
static mp_obj *bool_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if ((op == MP_OP_AND || op == MP_OP_OR || op == MP_OP_XOR) && !MP_IS_TAGGED(a) &&
        !MP_IS_TAGGED(b) && a->type == &mp_type_bool && b->type == &mp_type_bool) {
        intptr_t x = ((mp_bool *)a)->value, y = ((mp_bool *)b)->value;
        return mp_bool_from(op == MP_OP_AND ? x & y : op == MP_OP_OR ? x | y : x ^ y);
    }
    return int_binop_slot(a, b, op);
}

static mp_obj *bool_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (kwnames && mp_tuple_size(kwnames)) {
        mp_err_format(&mp_type_TypeError, "bool() takes no keyword arguments");
        return NULL;
    }
    if (nargs > 1) {
        mp_err_format(&mp_type_TypeError, "bool expected at most 1 argument, got %zu", nargs);
        return NULL;
    }
    int t = nargs ? mp_truthy(args[0]) : 0;
    return t < 0 ? NULL : mp_bool_from(t);
}

mp_type mp_type_bool = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "bool",
    .basicsize = sizeof(mp_bool),
    .tflags = MP_TFLAG_INT_SUBCLASS, /* not BASETYPE: bool cannot be subclassed */
    .base = &mp_type_int,
    .repr = bool_repr,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .truthy = int_truthy,
    .binop = bool_binop,
    .unary = int_unary,
    .new_ = bool_new,
};

mp_bool mp_true_obj = {MP_STATIC_HEADER(&mp_type_bool), 1};
mp_bool mp_false_obj = {MP_STATIC_HEADER(&mp_type_bool), 0};

/* ---- start-up ---------------------------------------------------------------- */

static void *gmp_alloc(size_t n) { return mp_mem_alloc(n); }
static void *gmp_realloc(void *p, size_t old, size_t n) { return mp_mem_realloc(p, n); }
static void gmp_free(void *p, size_t n) { mp_mem_free(p); }

void mp_int_init(void) {
    /* GMP's limbs come from minipy's allocator (mimalloc when built with
     * it): faster, and per-thread heaps for the no-GIL build. */
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}
