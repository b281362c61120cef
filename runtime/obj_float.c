/*
 * obj_float.c — float: IEEE doubles with CPython's semantics for mixed
 * int/float arithmetic (floor division and modulo signs, pow's special
 * cases and errors), exact comparison with ints of any size, CPython's
 * hash (equal numbers hash equal across int and float), float(str)
 * parsing, round() for ints and floats, and the float methods.
 * Text output goes through mp_double_to_text in format_spec.c.
 *
 * No free list: mimalloc's per-thread small-object pages make float
 * allocation cheap already, and a free list would be per-thread state.
 */
#include "runtime/obj_float.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/format_spec.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- objects ---------------------------------------------------------------- */

mp_obj *mp_float_new(double v) {
    mp_float *f = (mp_float *)mp_obj_alloc(&mp_type_float, sizeof(mp_float));
    f->value = v;
    return &f->head;
}

static void float_dealloc(mp_obj *o) { mp_obj_free(o); }

bool mp_float_check_any(const mp_obj *o) {
    return !MP_IS_TAGGED(o) &&
           (o->type == &mp_type_float || mp_type_is_subtype(o->type, &mp_type_float));
}

/* A float or int operand as a double: 1 done, 0 not a number, -1 error. */
static int operand_double(mp_obj *o, double *out) {
    if (mp_float_check(o)) {
        *out = mp_float_val(o);
        return 1;
    }
    if (mp_int_check(o))
        return mp_int_as_double(o, out) < 0 ? -1 : 1;
    if (mp_float_check_any(o)) {
        *out = mp_float_val(o);
        return 1;
    }
    return 0;
}

/* Converts o with __float__ / __index__: 1 done, 0 unsupported, -1 error. */
static int special_double(mp_obj *o, double *out) {
    mp_obj *r = mp_call_special(o, mp_str_intern_cstr("__float__"), NULL, 0);
    if (r) {
        int ok = mp_float_check_any(r);
        if (ok)
            *out = mp_float_val(r);
        else
            mp_err_format(&mp_type_TypeError, "%s.__float__ returned non-float (type %T)",
                          mp_type_name(o), r);
        mp_decref(r);
        return ok ? 1 : -1;
    }
    if (mp_err_occurred())
        return -1;
    r = mp_call_special(o, mp_str_intern_cstr("__index__"), NULL, 0);
    if (!r)
        return mp_err_occurred() ? -1 : 0;
    int rc = -1;
    if (!mp_int_check(r))
        mp_err_format(&mp_type_TypeError, "__index__ returned non-int (type %T)", r);
    else
        rc = mp_int_as_double(r, out) < 0 ? -1 : 1;
    mp_decref(r);
    return rc;
}

int mp_number_as_double(mp_obj *o, double *out) {
    int rc = operand_double(o, out);
    if (rc == 0)
        rc = special_double(o, out);
    if (rc == 0) {
        mp_err_format(&mp_type_TypeError, "must be real number, not %T", o);
        return -1;
    }
    return rc < 0 ? -1 : 0;
}

/* ---- repr, hash, compare ------------------------------------------------------- */

size_t mp_float_repr_buf(double v, char *buf) {
    size_t len;
    mp_double_to_text(v, 'r', 0, MP_DTSF_ADD_DOT_0, buf, 32, &len);
    return len;
}

static mp_obj *float_repr(mp_obj *o) {
    char buf[32];
    return mp_str_new(buf, mp_float_repr_buf(mp_float_val(o), buf));
}

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

/* CPython's _Py_HashDouble: the value modulo 2**61 - 1 computed from the
 * binary expansion, so hash(2.0) == hash(2) and hash(0.5) == 2**60. */
mp_hash_t mp_float_hash(double v) {
    if (!isfinite(v))
        return isinf(v) ? (v > 0 ? 314159 : -314159) : 0;
    int e;
    double m = frexp(v, &e);
    bool negative = m < 0;
    if (negative)
        m = -m;
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0; /* 2**28 */
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    return mp_hash_from_mod(x, negative);
}

static mp_hash_t float_hash(mp_obj *o) {
    double v = mp_float_val(o);
    if (isnan(v)) /* NaNs hash by identity, as in CPython 3.10+ */
        return mp_hash_pointer(o);
    return mp_float_hash(v);
}

static int float_truthy(mp_obj *o) { return mp_float_val(o) != 0.0; }

static bool compare_doubles(double x, double y, int op) {
    switch (op) {
    case MP_LT: return x < y;
    case MP_LE: return x <= y;
    case MP_EQ: return x == y;
    case MP_NE: return x != y;
    case MP_GT: return x > y;
    default: return x >= y;
    }
}

/* x compared with an int, exactly (no rounding of the int). */
static bool compare_with_int(double x, mp_obj *i, int op) {
    int64_t v;
    const int64_t exact = (int64_t)1 << DBL_MANT_DIG;
    if (isnan(x))
        return op == MP_NE;
    if (mp_int_small_value(i, &v) && v >= -exact && v <= exact)
        return compare_doubles(x, (double)v, op);
    if (isinf(x))
        return mp_cmp_result(x > 0 ? 1 : -1, op);
    mpz_t tmp;
    mp_limb_t limb;
    int c = mpz_cmp_d(mp_int_view(i, tmp, &limb), x); /* exact in GMP */
    return mp_cmp_result((c < 0) - (c > 0), op);
}

static mp_obj *float_richcompare(mp_obj *a, mp_obj *b, int op) {
    static const int swapped[] = {MP_GT, MP_GE, MP_EQ, MP_NE, MP_LT, MP_LE};
    if (!mp_float_check_any(a)) { /* float on the right: reflect */
        mp_obj *t = a;
        a = b;
        b = t;
        op = swapped[op];
    }
    double x = mp_float_val(a);
    if (mp_float_check_any(b))
        return mp_bool_from(compare_doubles(x, mp_float_val(b), op));
    if (mp_int_check(b))
        return mp_bool_from(compare_with_int(x, b, op));
    return mp_newref(mp_NotImplemented);
}

/* ---- arithmetic ------------------------------------------------------------------ */

static mp_obj *zero_division(const char *msg) {
    mp_err_format(&mp_type_ZeroDivisionError, "%s", msg);
    return NULL;
}

/* CPython's _float_div_mod: floor quotient and modulo with the sign of
 * the divisor, exact in the common cases.  wx != 0. */
static void float_divmod(double vx, double wx, double *floordiv, double *mod) {
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, wx);
    }
    if (div) {
        *floordiv = floor(div);
        if (div - *floordiv > 0.5)
            *floordiv += 1.0;
    } else {
        *floordiv = copysign(0.0, vx / wx);
    }
    *mod = m;
}

static mp_obj *float_mod(double vx, double wx) {
    if (wx == 0.0)
        return zero_division("float modulo");
    double m = fmod(vx, wx);
    if (m)
        m = (wx < 0) != (m < 0) ? m + wx : m;
    else
        m = copysign(0.0, wx);
    return mp_float_new(m);
}

static mp_obj *errno_error(mp_type *type, int err, const char *text) {
    mp_obj *msg = mp_str_from_cstr(text);
    if (!msg)
        return NULL;
    mp_obj *args = mp_tuple_pack(2, mp_small(err), msg);
    mp_decref(msg);
    if (!args)
        return NULL;
    mp_obj *exc = mp_exc_new(type, args);
    mp_decref(args);
    if (exc)
        mp_err_set_exc(exc);
    return NULL;
}

static bool is_odd_integer(double w) { return fmod(fabs(w), 2.0) == 1.0; }

/* CPython's float_pow, with its IEEE special cases decided here rather
 * than by the C library. */
static mp_obj *float_pow(double iv, double iw) {
    if (iw == 0)
        return mp_float_new(1.0);
    if (isnan(iv))
        return mp_float_new(iv);
    if (isnan(iw))
        return mp_float_new(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0)
            return mp_float_new(1.0);
        return mp_float_new((iw > 0.0) == (iv > 1.0) ? fabs(iw) : 0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0)
            return mp_float_new(odd ? iv : fabs(iv));
        return mp_float_new(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        if (iw < 0.0)
            return zero_division("0.0 cannot be raised to a negative power");
        return mp_float_new(is_odd_integer(iw) ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw)) {
            mp_err_format(&mp_type_ValueError, "complex results are not supported by minipy");
            return NULL;
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return mp_float_new(negate ? -1.0 : 1.0);
    double r = pow(iv, iw); /* finite operands: only overflow can go wrong */
    if (isinf(r))
        return errno_error(&mp_type_OverflowError, ERANGE, "Numerical result out of range");
    return mp_float_new(negate ? -r : r);
}

mp_obj *mp_float_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    double x, y, q, m;
    int ra = operand_double(a, &x);
    if (ra <= 0)
        return ra < 0 ? NULL : mp_newref(mp_NotImplemented);
    int rb = operand_double(b, &y);
    if (rb <= 0)
        return rb < 0 ? NULL : mp_newref(mp_NotImplemented);
    switch (op) {
    case MP_OP_ADD: return mp_float_new(x + y);
    case MP_OP_SUB: return mp_float_new(x - y);
    case MP_OP_MUL: return mp_float_new(x * y);
    case MP_OP_TRUEDIV:
        if (y == 0.0)
            return zero_division("float division by zero");
        return mp_float_new(x / y);
    case MP_OP_FLOORDIV:
        if (y == 0.0)
            return zero_division("float floor division by zero");
        float_divmod(x, y, &q, &m);
        return mp_float_new(q);
    case MP_OP_MOD: return float_mod(x, y);
    case MP_OP_POW: return float_pow(x, y);
    default: return mp_newref(mp_NotImplemented);
    }
}

mp_obj *mp_number_divmod(mp_obj *a, mp_obj *b) {
    if (mp_int_check(a) && mp_int_check(b))
        return mp_int_divmod(a, b);
    double x, y, q, m;
    int ra = operand_double(a, &x), rb = ra > 0 ? operand_double(b, &y) : 0;
    if (ra < 0 || rb < 0)
        return NULL;
    if (!ra || !rb)
        return mp_newref(mp_NotImplemented);
    if (y == 0.0)
        return zero_division("float divmod()");
    float_divmod(x, y, &q, &m);
    mp_obj *fq = mp_float_new(q), *fm = mp_float_new(m);
    mp_obj *t = mp_tuple_pack(2, fq, fm);
    mp_decref(fq);
    mp_decref(fm);
    return t;
}

static mp_obj *float_unary(mp_obj *a, mp_unop_t op) {
    double x = mp_float_val(a);
    switch (op) {
    case MP_UOP_NEG: return mp_float_new(-x);
    case MP_UOP_POS: return mp_float_check(a) ? mp_newref(a) : mp_float_new(x);
    case MP_UOP_ABS: return mp_float_new(fabs(x));
    default:
        mp_err_format(&mp_type_TypeError, "bad operand type for unary ~: '%s'", mp_type_name(a));
        return NULL;
    }
}

/* ---- text -> float -------------------------------------------------------------- */

/* ASCII white space as float() sees it (C's isspace()). */
static bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool match_word(const char *p, const char *end, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(end - p) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i])
            return false;
    return true;
}

/* Checks Python's float syntax on underscore-free text
 * [sign] (digits [. digits] | . digits) [e [sign] digits]. */
static bool decimal_syntax(const char *p, const char *end) {
    if (p < end && (*p == '+' || *p == '-'))
        p++;
    size_t digits = 0;
    for (; p < end && is_digit(*p); p++)
        digits++;
    if (p < end && *p == '.')
        for (p++; p < end && is_digit(*p); p++)
            digits++;
    if (!digits)
        return false;
    if (p < end && (*p | 0x20) == 'e') {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !is_digit(*p))
            return false;
        while (p < end && is_digit(*p))
            p++;
    }
    return p == end;
}

/* float() text in ASCII -> *out; false when it is not a float literal. */
static bool parse_float(const char *p, size_t n, double *out) {
    const char *end = p + n;
    while (p < end && ascii_space(*p))
        p++;
    while (end > p && ascii_space(end[-1]))
        end--;
    const char *s = p;
    bool neg = p < end && *p == '-';
    if (p < end && (*p == '+' || *p == '-'))
        p++;
    if (match_word(p, end, "inf") || match_word(p, end, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (match_word(p, end, "nan")) {
        *out = neg ? -NAN : NAN;
        return true;
    }
    /* Copy without underscores, each of which must sit between digits. */
    char stackbuf[64];
    size_t len = (size_t)(end - s);
    char *buf = len < sizeof stackbuf ? stackbuf : mp_mem_alloc(len + 1), *b = buf;
    bool ok = true;
    for (const char *q = s; q < end; q++) {
        if (*q != '_')
            *b++ = *q;
        else if (q == s || q + 1 == end || !is_digit(q[-1]) || !is_digit(q[1]))
            ok = false;
    }
    *b = '\0';
    ok = ok && decimal_syntax(buf, b);
    if (ok)
        *out = strtod(buf, NULL); /* glibc's strtod rounds correctly */
    if (buf != stackbuf)
        mp_mem_free(buf);
    return ok;
}

mp_obj *mp_float_from_str(const char *s, size_t len) {
    size_t alen = len;
    char *ascii = mp_number_text_ascii(s, len, &alen);
    double v;
    bool ok = parse_float(ascii ? ascii : s, alen, &v);
    if (ascii)
        mp_mem_free(ascii);
    if (ok)
        return mp_float_new(v);
    mp_obj *str = mp_str_new(s, len);
    if (str) {
        mp_err_format(&mp_type_ValueError, "could not convert string to float: %R", str);
        mp_decref(str);
    }
    return NULL;
}

static mp_obj *float_subtype_new(mp_type *type, double v) {
    mp_obj *o = mp_obj_alloc(type, type->basicsize);
    memset((char *)o + sizeof(mp_obj), 0, type->basicsize - sizeof(mp_obj));
    ((mp_float *)o)->value = v;
    return o;
}

static mp_obj *float_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (kwnames && mp_tuple_size(kwnames)) {
        mp_err_format(&mp_type_TypeError, "float() takes no keyword arguments");
        return NULL;
    }
    if (nargs > 1) {
        mp_err_format(&mp_type_TypeError, "float expected at most 1 argument, got %zu", nargs);
        return NULL;
    }
    double v = 0.0;
    if (nargs) {
        mp_obj *x = args[0];
        if (mp_float_check(x) && type == &mp_type_float)
            return mp_newref(x);
        if (mp_str_check(x)) {
            mp_obj *f = mp_float_from_str(mp_str_data(x), mp_str_size(x));
            if (!f || type == &mp_type_float)
                return f;
            v = mp_float_val(f);
            mp_decref(f);
            return float_subtype_new(type, v);
        }
        int rc = operand_double(x, &v);
        if (rc == 0)
            rc = special_double(x, &v);
        if (rc == 0)
            mp_err_format(&mp_type_TypeError,
                          "float() argument must be a string or a real number, not '%T'", x);
        if (rc <= 0)
            return NULL;
    }
    return type == &mp_type_float ? mp_float_new(v) : float_subtype_new(type, v);
}

/* ---- round() ----------------------------------------------------------------------- */

/* ndigits as an int64, big values clamped (PyNumber_AsSsize_t(o, NULL)). */
static int ndigits_value(mp_obj *nd, int64_t *out) {
    if (mp_int_check(nd)) {
        if (mp_int_as_i64(nd, out) < 0) {
            mp_err_clear();
            *out = mp_int_sign(nd) > 0 ? INT64_MAX : INT64_MIN;
        }
        return 0;
    }
    *out = mp_index_ssize(nd);
    return *out == -1 && mp_err_occurred() ? -1 : 0;
}

/* Rounds num/den to the nearest integer, ties to even, into q. */
static void mpz_div_round_half_even(mpz_ptr q, mpz_srcptr num, mpz_srcptr den) {
    mpz_t r;
    mpz_init(r);
    mpz_fdiv_qr(q, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    mpz_clear(r);
}

mp_obj *mp_int_round(mp_obj *x, mp_obj *nd) {
    int64_t n;
    if (!nd) /* int.__round__(None) is a TypeError; round(i, None) is not */
        return mp_int_exact(x);
    if (ndigits_value(nd, &n) < 0)
        return NULL;
    if (n >= 0)
        return mp_int_exact(x);
    mpz_t tmp, p, q;
    mp_limb_t limb;
    mpz_srcptr z = mp_int_view(x, tmp, &limb);
    uint64_t k = -(uint64_t)n;
    if (k > mpz_sizeinbase(z, 10)) /* |x| < 10**k / 2 */
        return mp_small(0);
    mpz_inits(p, q, NULL);
    mpz_ui_pow_ui(p, 10, k);
    mpz_div_round_half_even(q, z, p);
    mpz_mul(q, q, p);
    mpz_clear(p);
    return mp_int_from_mpz_move(q);
}

/* round(x, n) for finite x, correctly rounded like CPython's double_round
 * (which rounds the exact decimal value half-even, then reads it back). */
static mp_obj *double_round(double x, int n) {
    int e;
    double fr = frexp(fabs(x), &e);
    mpz_t num, den, p;
    mpz_inits(num, den, p, NULL);
    mpz_set_d(num, ldexp(fr, DBL_MANT_DIG)); /* |x| = num * 2**(e - 53) */
    e -= DBL_MANT_DIG;
    mpz_set_ui(den, 1);
    if (e >= 0)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    mpz_ui_pow_ui(p, 10, (unsigned long)(n >= 0 ? n : -n));
    mpz_mul(n >= 0 ? num : den, n >= 0 ? num : den, p);
    mpz_div_round_half_even(num, num, den); /* |x| * 10**n, rounded */
    double r;
    int rc = 0;
    if (n >= 0) {
        rc = mp_mpz_true_divide(num, p, &r);
    } else {
        mpz_mul(num, num, p);
        if (!mp_mpz_to_double(num, &r)) {
            mp_err_format(&mp_type_OverflowError, "rounded value too large to represent");
            rc = -1;
        }
    }
    mpz_clears(num, den, p, NULL);
    return rc < 0 ? NULL : mp_float_new(copysign(r, x));
}

static mp_obj *float_round_impl(double x, mp_obj *nd) {
    if (!nd || nd == mp_None) {
        double r = round(x);
        if (fabs(x - r) == 0.5) /* halfway: to even */
            r = 2.0 * round(x / 2.0);
        return mp_int_from_double(r);
    }
    int64_t n;
    if (ndigits_value(nd, &n) < 0)
        return NULL;
    /* Beyond these, every double is already rounded / rounds to zero. */
    const int ndigits_max = (int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
    const int ndigits_min = -(int)((DBL_MAX_EXP + 1) * 0.30103);
    if (!isfinite(x) || n > ndigits_max)
        return mp_float_new(x);
    if (n < ndigits_min)
        return mp_float_new(0.0 * x);
    return double_round(x, (int)n);
}

mp_obj *mp_number_round(mp_obj *x, mp_obj *nd) {
    if (MP_IS_TAGGED(x) || x->type == &mp_type_int || x->type == &mp_type_bool)
        return mp_int_round(x, nd == mp_None ? NULL : nd);
    if (x->type == &mp_type_float)
        return float_round_impl(mp_float_val(x), nd);
    mp_obj *f = mp_type_lookup(mp_typeof(x), mp_str_intern_cstr("__round__"));
    if (!f) {
        mp_err_format(&mp_type_TypeError, "type %s doesn't define __round__ method",
                      mp_type_name(x));
        return NULL;
    }
    mp_obj *args[2] = {x, nd};
    return mp_call(f, args, nd && nd != mp_None ? 2 : 1, NULL);
}

/* ---- methods ------------------------------------------------------------------------ */

static int no_args(const char *name, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw(name, kwnames) < 0)
        return -1;
    return mp_arg_count(name, nargs, 0, 0);
}

#define NOARGS(name)                                                                               \
    if (no_args(name, nargs, kwnames) < 0)                                                         \
    return NULL

static mp_obj *exact_float(mp_obj *self) {
    return mp_float_check(self) ? mp_newref(self) : mp_float_new(mp_float_val(self));
}

static mp_obj *float_conjugate(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.conjugate");
    return exact_float(self);
}

static mp_obj *float_float(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.__float__");
    return exact_float(self);
}

static mp_obj *float_trunc(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.__trunc__");
    return mp_int_from_double(mp_float_val(self));
}

static mp_obj *float_floor(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.__floor__");
    return mp_int_from_double(floor(mp_float_val(self)));
}

static mp_obj *float_ceil(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.__ceil__");
    return mp_int_from_double(ceil(mp_float_val(self)));
}

static mp_obj *float_is_integer(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.is_integer");
    double x = mp_float_val(self);
    return mp_bool_from(isfinite(x) && floor(x) == x);
}

static mp_obj *float_as_integer_ratio(mp_obj *self, mp_obj *const *args, size_t nargs,
                                      mp_obj *kwnames) {
    NOARGS("float.as_integer_ratio");
    double x = mp_float_val(self);
    if (isinf(x)) {
        mp_err_format(&mp_type_OverflowError, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (isnan(x)) {
        mp_err_format(&mp_type_ValueError, "cannot convert NaN to integer ratio");
        return NULL;
    }
    int e;
    double fr = frexp(x, &e);
    int64_t m = (int64_t)ldexp(fr, DBL_MANT_DIG);
    e -= DBL_MANT_DIG;
    if (m) { /* lowest terms: strip the mantissa's trailing zero bits */
        int tz = __builtin_ctzll((uint64_t)m);
        m >>= tz;
        e += tz;
    } else {
        e = 0;
    }
    mpz_t num, den;
    mpz_init_set_si(num, m);
    mpz_init_set_ui(den, 1);
    mpz_mul_2exp(e > 0 ? num : den, e > 0 ? num : den, (mp_bitcnt_t)(e > 0 ? e : -e));
    mp_obj *n = mp_int_from_mpz_move(num), *d = mp_int_from_mpz_move(den);
    mp_obj *t = mp_tuple_pack(2, n, d);
    mp_decref(n);
    mp_decref(d);
    return t;
}

/* float.hex(): 0x<1 digit>.<13 hex digits>p<exp>, as CPython writes it. */
static mp_obj *float_hex(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    NOARGS("float.hex");
    double x = mp_float_val(self);
    char buf[40];
    if (x == 0.0)
        return mp_str_from_cstr(signbit(x) ? "-0x0.0p+0" : "0x0.0p+0");
    if (!isfinite(x)) /* inf, -inf, nan */
        return mp_str_new(buf, mp_float_repr_buf(x, buf));
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    static const char hexd[] = "0123456789abcdef";
    char digits[20];
    int si = 0;
    digits[si++] = hexd[(int)m];
    m -= (int)m;
    digits[si++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        digits[si++] = hexd[(int)m];
        m -= (int)m;
    }
    digits[si] = '\0';
    int n = snprintf(buf, sizeof buf, "%s0x%sp%c%d", x < 0 ? "-" : "", digits, e < 0 ? '-' : '+',
                     e < 0 ? -e : e);
    return mp_str_new(buf, (size_t)n);
}

static bool is_hex(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/* float.fromhex(s): validates CPython's syntax, then lets strtod (which
 * rounds hex input correctly) produce the value. */
static mp_obj *float_fromhex(mp_obj *cls, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("fromhex", kwnames) < 0 || mp_arg_count("fromhex", nargs, 1, 1) < 0)
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "fromhex() argument must be str, not %T", args[0]);
        return NULL;
    }
    const char *p = mp_str_data(args[0]), *end = p + mp_str_size(args[0]);
    while (p < end && ascii_space(*p))
        p++;
    while (end > p && ascii_space(end[-1]))
        end--;
    const char *s = p;
    double v = 0;
    bool neg = p < end && *p == '-', ok = true;
    if (p < end && (*p == '+' || *p == '-'))
        p++;
    if (match_word(p, end, "inf") || match_word(p, end, "infinity")) {
        v = neg ? -INFINITY : INFINITY;
    } else if (match_word(p, end, "nan")) {
        v = NAN;
    } else {
        if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x')
            p += 2;
        size_t digits = 0;
        for (; p < end && is_hex(*p); p++)
            digits++;
        if (p < end && *p == '.')
            for (p++; p < end && is_hex(*p); p++)
                digits++;
        ok = digits > 0;
        const char *mant_end = p;
        if (ok && p < end && (*p | 0x20) == 'p') {
            p++;
            if (p < end && (*p == '+' || *p == '-'))
                p++;
            ok = p < end && is_digit(*p);
            while (p < end && is_digit(*p))
                p++;
        }
        ok = ok && p == end;
        if (ok) { /* "[-]0x" + mantissa + exponent, NUL-terminated */
            size_t cap = (size_t)(end - s) + 8;
            char *buf = mp_mem_alloc(cap), *b = buf;
            if (neg)
                *b++ = '-';
            *b++ = '0';
            *b++ = 'x';
            const char *m = mant_end - digits - (memchr(s, '.', (size_t)(mant_end - s)) != NULL);
            memcpy(b, m, (size_t)(end - m));
            b[end - m] = '\0';
            v = strtod(buf, NULL);
            mp_mem_free(buf);
            if (isinf(v)) {
                mp_err_format(&mp_type_OverflowError,
                              "hexadecimal value too large to represent as a float");
                return NULL;
            }
        }
    }
    if (!ok) {
        mp_err_format(&mp_type_ValueError, "invalid hexadecimal floating-point string");
        return NULL;
    }
    mp_obj *f = mp_float_new(v);
    if (cls != (mp_obj *)&mp_type_float) {
        mp_obj *r = mp_call1(cls, f);
        mp_decref(f);
        return r;
    }
    return f;
}

static mp_obj *float_round(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("float.__round__", kwnames) < 0 ||
        mp_arg_count("float.__round__", nargs, 0, 1) < 0)
        return NULL;
    return float_round_impl(mp_float_val(self), nargs ? args[0] : NULL);
}

static mp_obj *float_format(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("float.__format__", kwnames) < 0 ||
        mp_arg_count("float.__format__", nargs, 1, 1) < 0)
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "__format__() argument must be str, not %T", args[0]);
        return NULL;
    }
    if (mp_str_size(args[0]) == 0)
        return mp_str(self);
    return mp_format_float(mp_float_val(self), mp_str_data(args[0]), mp_str_size(args[0]));
}

static mp_obj *float_get_real(mp_obj *self) { return exact_float(self); }
static mp_obj *float_get_imag(mp_obj *self) { return mp_float_new(0.0); }

static const mp_method_def float_methods[] = {
    {"conjugate", float_conjugate, 0, NULL},
    {"is_integer", float_is_integer, 0, NULL},
    {"as_integer_ratio", float_as_integer_ratio, 0, NULL},
    {"hex", float_hex, 0, NULL},
    {"fromhex", float_fromhex, MP_METH_CLASS, NULL},
    {"__float__", float_float, 0, NULL},
    {"__int__", float_trunc, 0, NULL},
    {"__trunc__", float_trunc, 0, NULL},
    {"__floor__", float_floor, 0, NULL},
    {"__ceil__", float_ceil, 0, NULL},
    {"__round__", float_round, 0, NULL},
    {"__format__", float_format, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const mp_getset_def float_getset[] = {
    {"real", float_get_real, NULL},
    {"imag", float_get_imag, NULL},
    {NULL, NULL, NULL},
};

mp_type mp_type_float = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "float",
    .basicsize = sizeof(mp_float),
    .tflags = MP_TFLAG_BASETYPE,
    .base = &mp_type_object,
    .dealloc = float_dealloc,
    .repr = float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .truthy = float_truthy,
    .binop = mp_float_binop,
    .unary = float_unary,
    .new_ = float_new,
    .methods = float_methods,
    .getset = float_getset,
};
