/*
 * mod_math.c — the math module, following CPython 3.11's Modules/mathmodule.c:
 * the same libm calls and the same error rules (math_1/math_2: a NaN from
 * non-NaN input is "math domain error", an infinity from finite input is
 * "math range error" or a domain error), Shewchuk's exact fsum, the
 * extended-precision vector_norm behind hypot/dist, and GMP for the
 * integer functions (factorial, gcd, lcm, isqrt, comb, perm).
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

/* ---- conversions and CPython's error rules ------------------------------- */

static bool get_double(mp_obj *o, double *out) {
    if (mp_float_check(o)) {
        *out = mp_float_val(o);
        return true;
    }
    return mp_number_as_double(o, out) == 0;
}

static mp_obj *float_result(double r) { return mp_float_new(r); }

/* CPython's is_error(): raises for errno (EDOM: ValueError; ERANGE:
 * OverflowError unless it was an underflow) and says whether it did. */
static bool is_error(double x, int err) {
    if (err == EDOM) {
        mp_err_format(&mp_type_ValueError, "math domain error");
        return true;
    }
    if (err == ERANGE) {
        if (fabs(x) < 1.5)
            return false; /* underflow to (near) zero is not an error */
        mp_err_format(&mp_type_OverflowError, "math range error");
        return true;
    }
    return false;
}

static mp_obj *math_1_value(double x, double (*func)(double), bool can_overflow) {
    errno = 0;
    double r = func(x);
    int err = errno;
    if (isnan(r) && !isnan(x)) {
        mp_err_format(&mp_type_ValueError, "math domain error");
        return NULL;
    }
    if (isinf(r) && isfinite(x)) {
        if (can_overflow)
            mp_err_format(&mp_type_OverflowError, "math range error");
        else
            mp_err_format(&mp_type_ValueError, "math domain error");
        return NULL;
    }
    if (isfinite(r) && err && is_error(r, err))
        return NULL;
    return float_result(r);
}

static mp_obj *math_1(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                      double (*func)(double), bool can_overflow) {
    double x;
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, 1, 1) || !get_double(args[0], &x))
        return NULL;
    return math_1_value(x, func, can_overflow);
}

static bool two_doubles(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                        double *x, double *y) {
    return !mp_arg_no_kw(name, kw) && !mp_arg_count(name, nargs, 2, 2) &&
           get_double(args[0], x) && get_double(args[1], y);
}

static mp_obj *math_2(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                      double (*func)(double, double)) {
    double x, y;
    if (!two_doubles(name, args, nargs, kw, &x, &y))
        return NULL;
    errno = 0;
    double r = func(x, y);
    int err = 0;
    if (isnan(r))
        err = !isnan(x) && !isnan(y) ? EDOM : 0;
    else if (isinf(r))
        err = isfinite(x) && isfinite(y) ? ERANGE : 0;
    if (err && is_error(r, err))
        return NULL;
    return float_result(r);
}

#define MATH_1(pyname, cfunc, ovf)                                                               \
    FN(math_##pyname) { return math_1(#pyname, args, nargs, kw, cfunc, ovf); }
#define MATH_2(pyname, cfunc)                                                                    \
    FN(math_##pyname) { return math_2(#pyname, args, nargs, kw, cfunc); }

static double m_sqrt(double x) { return sqrt(x); }
static double m_fabs(double x) { return fabs(x); }

MATH_1(sqrt, m_sqrt, false)
MATH_1(fabs, m_fabs, false)
MATH_1(exp, exp, true)
MATH_1(exp2, exp2, true)
MATH_1(expm1, expm1, true)
MATH_1(sin, sin, false)
MATH_1(cos, cos, false)
MATH_1(tan, tan, false)
MATH_1(asin, asin, false)
MATH_1(acos, acos, false)
MATH_1(atan, atan, false)
MATH_1(sinh, sinh, true)
MATH_1(cosh, cosh, true)
MATH_1(tanh, tanh, false)
MATH_1(asinh, asinh, false)
MATH_1(acosh, acosh, false)
MATH_1(atanh, atanh, false)
MATH_1(log1p, log1p, false)
MATH_1(cbrt, cbrt, false)
MATH_1(erf, erf, false)
MATH_1(erfc, erfc, false)
MATH_2(atan2, atan2)
MATH_2(copysign, copysign)
MATH_2(remainder, remainder)

FN(math_degrees) {
    double x;
    if (mp_arg_no_kw("degrees", kw) || mp_arg_count("degrees", nargs, 1, 1) ||
        !get_double(args[0], &x))
        return NULL;
    return float_result(x * (180.0 / M_PI));
}

FN(math_radians) {
    double x;
    if (mp_arg_no_kw("radians", kw) || mp_arg_count("radians", nargs, 1, 1) ||
        !get_double(args[0], &x))
        return NULL;
    return float_result(x * (M_PI / 180.0));
}

/* ---- logarithms ------------------------------------------------------------ */

/* CPython's m_log family: log(0) and log(negative) set EDOM. */
static double m_log(double x) {
    if (isfinite(x)) {
        if (x > 0.0)
            return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

static double m_log2(double x) {
    if (!isfinite(x))
        return isnan(x) || x > 0.0 ? x : (errno = EDOM, NAN);
    if (x > 0.0)
        return log2(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
}

static double m_log10(double x) {
    if (!isfinite(x))
        return isnan(x) || x > 0.0 ? x : (errno = EDOM, NAN);
    if (x > 0.0)
        return log10(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
}

/* loghelper: ints too large for a double are split as m * 2**e. */
static mp_obj *loghelper(mp_obj *arg, double (*func)(double)) {
    if (mp_int_check(arg)) {
        if (mp_int_sign(arg) <= 0) {
            mp_err_format(&mp_type_ValueError, "math domain error");
            return NULL;
        }
        double x;
        if (mp_int_as_double(arg, &x) < 0) {
            mp_err_clear();
            mpz_t z;
            mpz_init(z);
            mp_int_to_mpz(arg, z);
            long e;
            x = mpz_get_d_2exp(&e, z);
            mpz_clear(z);
            return float_result(func(x) + func(2.0) * (double)e);
        }
        return math_1_value(x, func, false);
    }
    double x;
    if (!get_double(arg, &x))
        return NULL;
    return math_1_value(x, func, false);
}

static bool unwrap_float(mp_obj *o, double *out) {
    *out = mp_float_val(o);
    mp_decref(o);
    return true;
}

FN(math_log) {
    if (mp_arg_no_kw("log", kw) || mp_arg_count("log", nargs, 1, 2))
        return NULL;
    mp_obj *num = loghelper(args[0], m_log);
    if (!num || nargs == 1)
        return num;
    mp_obj *den = loghelper(args[1], m_log);
    if (!den) {
        mp_decref(num);
        return NULL;
    }
    double n, d;
    unwrap_float(num, &n);
    unwrap_float(den, &d);
    if (d == 0.0) {
        mp_err_format(&mp_type_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return float_result(n / d);
}

FN(math_log2) {
    if (mp_arg_no_kw("log2", kw) || mp_arg_count("log2", nargs, 1, 1))
        return NULL;
    return loghelper(args[0], m_log2);
}

FN(math_log10) {
    if (mp_arg_no_kw("log10", kw) || mp_arg_count("log10", nargs, 1, 1))
        return NULL;
    return loghelper(args[0], m_log10);
}

/* ---- float functions with special cases ------------------------------------ */

FN(math_pow) {
    double x, y, r = 0.0;
    if (!two_doubles("pow", args, nargs, kw, &x, &y))
        return NULL;
    int err = 0;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x))
            r = y == 0.0 ? 1.0 : x;
        else if (isnan(y))
            r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0)
                r = odd_y ? x : fabs(x);
            else if (y == 0.0)
                r = 1.0;
            else
                r = odd_y ? copysign(0.0, x) : 0.0;
        } else if (fabs(x) == 1.0)
            r = 1.0;
        else if (y > 0.0 && fabs(x) > 1.0)
            r = y;
        else if (y < 0.0 && fabs(x) < 1.0)
            r = -y;
        else
            r = 0.0;
    } else {
        r = pow(x, y);
        if (isnan(r))
            err = EDOM;
        else if (isinf(r))
            err = x == 0.0 ? EDOM : ERANGE;
    }
    if (err && is_error(r, err))
        return NULL;
    return float_result(r);
}

FN(math_fmod) {
    double x, y;
    if (!two_doubles("fmod", args, nargs, kw, &x, &y))
        return NULL;
    if (isinf(y) && isfinite(x))
        return float_result(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y) && is_error(r, EDOM))
        return NULL;
    return float_result(r);
}

FN(math_modf) {
    double x, ip;
    if (mp_arg_no_kw("modf", kw) || mp_arg_count("modf", nargs, 1, 1) || !get_double(args[0], &x))
        return NULL;
    mp_obj *a, *b;
    if (isinf(x)) {
        a = mp_float_new(copysign(0.0, x));
        b = mp_float_new(x);
    } else {
        double f = modf(x, &ip);
        a = mp_float_new(isnan(x) ? x : f);
        b = mp_float_new(isnan(x) ? x : ip);
    }
    mp_obj *t = mp_tuple_pack(2, a, b);
    mp_decref(a);
    mp_decref(b);
    return t;
}

FN(math_frexp) {
    double x;
    if (mp_arg_no_kw("frexp", kw) || mp_arg_count("frexp", nargs, 1, 1) ||
        !get_double(args[0], &x))
        return NULL;
    int e = 0;
    if (!isnan(x) && !isinf(x) && x != 0.0)
        x = frexp(x, &e);
    mp_obj *m = mp_float_new(x);
    mp_obj *t = mp_tuple_pack(2, m, mp_small(e));
    mp_decref(m);
    return t;
}

FN(math_ldexp) {
    double x, r;
    if (!(!mp_arg_no_kw("ldexp", kw) && !mp_arg_count("ldexp", nargs, 2, 2) &&
          get_double(args[0], &x)))
        return NULL;
    if (!mp_int_check(args[1])) {
        mp_err_format(&mp_type_TypeError, "Expected an int as second argument to ldexp.");
        return NULL;
    }
    int64_t e;
    if (mp_int_as_i64(args[1], &e) < 0) {
        mp_err_clear();
        e = mp_int_sign(args[1]) > 0 ? INT64_MAX : INT64_MIN;
    }
    int err = 0;
    if (x == 0.0 || !isfinite(x))
        r = x;
    else if (e > INT_MAX)
        r = copysign(HUGE_VAL, x), err = ERANGE;
    else if (e < INT_MIN)
        r = copysign(0.0, x);
    else {
        r = ldexp(x, (int)e);
        if (isinf(r))
            err = ERANGE;
    }
    if (err && is_error(r, err))
        return NULL;
    return float_result(r);
}

/* ---- rounding to int ---------------------------------------------------------- */

static mp_obj *round_to_int(const char *name, const char *dunder, mp_obj *const *args,
                            size_t nargs, mp_obj *kw, double (*func)(double)) {
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, 1, 1))
        return NULL;
    mp_obj *x = args[0];
    if (mp_float_check(x))
        return mp_int_from_double(func(mp_float_val(x)));
    if (mp_int_check(x))
        return mp_int_exact(x);
    mp_obj *r = mp_call_special(x, mp_str_intern_cstr(dunder), NULL, 0);
    if (r || mp_err_occurred())
        return r;
    if (func == trunc) {
        mp_err_format(&mp_type_TypeError, "type %s doesn't define __trunc__ method",
                      mp_type_name(x));
        return NULL;
    }
    double d;
    if (!get_double(x, &d))
        return NULL;
    return mp_int_from_double(func(d));
}

FN(math_floor) { return round_to_int("floor", "__floor__", args, nargs, kw, floor); }
FN(math_ceil) { return round_to_int("ceil", "__ceil__", args, nargs, kw, ceil); }
FN(math_trunc) { return round_to_int("trunc", "__trunc__", args, nargs, kw, trunc); }

/* ---- classification ------------------------------------------------------------ */

static mp_obj *classify(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                        int (*pred)(double)) {
    double x;
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, 1, 1) || !get_double(args[0], &x))
        return NULL;
    return mp_bool_from(pred(x));
}

static int is_finite(double x) { return isfinite(x); }
static int is_inf(double x) { return isinf(x); }
static int is_nan(double x) { return isnan(x); }
FN(math_isfinite) { return classify("isfinite", args, nargs, kw, is_finite); }
FN(math_isinf) { return classify("isinf", args, nargs, kw, is_inf); }
FN(math_isnan) { return classify("isnan", args, nargs, kw, is_nan); }

FN(math_isclose) {
    static const char *const names[] = {"a", "b", "$rel_tol", "$abs_tol"};
    mp_obj *v[4];
    double a, b, rel_tol = 1e-09, abs_tol = 0.0;
    if (mp_arg_parse("isclose", args, nargs, kw, names, 4, 2, v) < 0 || !get_double(v[0], &a) ||
        !get_double(v[1], &b) || (v[2] && !get_double(v[2], &rel_tol)) ||
        (v[3] && !get_double(v[3], &abs_tol)))
        return NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0) {
        mp_err_format(&mp_type_ValueError, "tolerances must be non-negative");
        return NULL;
    }
    if (a == b)
        return mp_True;
    if (isinf(a) || isinf(b))
        return mp_False;
    double diff = fabs(b - a);
    return mp_bool_from(diff <= fabs(rel_tol * b) || diff <= fabs(rel_tol * a) ||
                        diff <= abs_tol);
}

/* ---- sums, norms, products --------------------------------------------------------- */

/* Shewchuk's exact summation with CPython's final half-even fix-up. */
FN(math_fsum) {
    if (mp_arg_no_kw("fsum", kw) || mp_arg_count("fsum", nargs, 1, 1))
        return NULL;
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    size_t n = 0, cap = 32;
    double *p = mp_mem_alloc(cap * sizeof(double));
    double special_sum = 0.0, inf_sum = 0.0, x, y, hi, yr, lo = 0.0;
    mp_obj *item, *result = NULL;
    while ((item = mp_iternext(it))) {
        bool ok = get_double(item, &x);
        mp_decref(item);
        if (!ok)
            goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                if (isfinite(xsave)) {
                    mp_err_format(&mp_type_OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave))
                    inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else {
                if (n >= cap) {
                    double *q = mp_mem_alloc(2 * cap * sizeof(double));
                    memcpy(q, p, n * sizeof(double));
                    mp_mem_free(p);
                    p = q;
                    cap *= 2;
                }
                p[n++] = x;
            }
        }
    }
    if (mp_err_occurred())
        goto done;
    if (special_sum != 0.0) {
        if (isnan(inf_sum))
            mp_err_format(&mp_type_ValueError, "-inf + inf in fsum");
        else
            result = mp_float_new(special_sum);
        goto done;
    }
    hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        while (n > 0) {
            x = hi;
            y = p[--n];
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            y = lo * 2.0;
            x = hi + y;
            yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    result = mp_float_new(hi);
done:
    mp_mem_free(p);
    mp_decref(it);
    return result;
}

/* CPython 3.11's vector_norm: sqrt of the sum of squares with the squares
 * and sums carried in double length, then a differential correction. */
static double vector_norm(size_t n, double *vec, double max, bool found_nan) {
    if (isinf(max))
        return max;
    if (found_nan)
        return NAN;
    if (max == 0.0 || n <= 1)
        return max;
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) {
        for (size_t i = 0; i < n; i++)
            vec[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    double scale = ldexp(1.0, -max_e), csum = 1.0, frac1 = 0.0, frac2 = 0.0, x, h;
    for (size_t i = 0; i < n; i++) {
        x = vec[i] * scale;
        double prhi = x * x, prlo = fma(x, x, -prhi);
        double smhi = csum + prhi, smlo = (csum - smhi) + prhi;
        csum = smhi;
        frac1 += prlo;
        frac2 += smlo;
    }
    h = sqrt(csum - 1.0 + (frac1 + frac2));
    double prhi = -h * h, prlo = fma(-h, h, -prhi);
    double smhi = csum + prhi, smlo = (csum - smhi) + prhi;
    csum = smhi;
    frac1 += prlo;
    frac2 += smlo;
    x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

FN(math_hypot) {
    if (mp_arg_no_kw("hypot", kw))
        return NULL;
    double stack[16], *v = nargs <= 16 ? stack : mp_mem_alloc(nargs * sizeof(double));
    double max = 0.0;
    bool found_nan = false;
    mp_obj *r = NULL;
    for (size_t i = 0; i < nargs; i++) {
        double x;
        if (!get_double(args[i], &x))
            goto done;
        x = fabs(x);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    r = mp_float_new(vector_norm(nargs, v, max, found_nan));
done:
    if (v != stack)
        mp_mem_free(v);
    return r;
}

FN(math_dist) {
    if (mp_arg_no_kw("dist", kw) || mp_arg_count("dist", nargs, 2, 2))
        return NULL;
    mp_obj *p = mp_tuple_from_iter(args[0]), *q = p ? mp_tuple_from_iter(args[1]) : NULL;
    mp_obj *r = NULL;
    double *v = NULL;
    if (!q)
        goto done;
    size_t n = mp_tuple_size(p);
    if (n != mp_tuple_size(q)) {
        mp_err_format(&mp_type_ValueError, "both points must have the same number of dimensions");
        goto done;
    }
    v = mp_mem_alloc((n ? n : 1) * sizeof(double));
    double max = 0.0;
    bool found_nan = false;
    for (size_t i = 0; i < n; i++) {
        double a, b;
        if (!get_double(mp_tuple_items(p)[i], &a) || !get_double(mp_tuple_items(q)[i], &b))
            goto done;
        double x = fabs(a - b);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    r = mp_float_new(vector_norm(n, v, max, found_nan));
done:
    mp_mem_free(v);
    mp_xdecref(p);
    mp_xdecref(q);
    return r;
}

FN(math_prod) {
    static const char *const names[] = {"/iterable", "$start"};
    mp_obj *v[2];
    if (mp_arg_parse("prod", args, nargs, kw, names, 2, 1, v) < 0)
        return NULL;
    mp_obj *it = mp_iter(v[0]);
    if (!it)
        return NULL;
    mp_obj *acc = mp_newref(v[1] ? v[1] : mp_small(1)), *item;
    while ((item = mp_iternext(it))) {
        mp_obj *n = mp_binop(acc, item, MP_OP_MUL);
        mp_decref(item);
        mp_decref(acc);
        if (!(acc = n))
            break;
    }
    mp_decref(it);
    if (acc && mp_err_occurred()) {
        mp_decref(acc);
        return NULL;
    }
    return acc;
}

/* ---- integer functions ---------------------------------------------------------------- */

/* index(o) into an initialised mpz. */
static bool get_mpz(mp_obj *o, mpz_t out) {
    mp_obj *i = mp_number_index(o);
    if (!i)
        return false;
    mp_int_to_mpz(i, out);
    mp_decref(i);
    return true;
}

FN(math_factorial) {
    if (mp_arg_no_kw("factorial", kw) || mp_arg_count("factorial", nargs, 1, 1))
        return NULL;
    mp_obj *i = mp_number_index(args[0]);
    if (!i)
        return NULL;
    int64_t n;
    int rc = mp_int_as_i64(i, &n);
    int sign = mp_int_sign(i);
    mp_decref(i);
    if (rc < 0 || n > (int64_t)LONG_MAX) {
        mp_err_clear();
        if (sign < 0)
            mp_err_format(&mp_type_ValueError, "factorial() not defined for negative values");
        else
            mp_err_format(&mp_type_OverflowError,
                          "factorial() argument should not exceed %ld", LONG_MAX);
        return NULL;
    }
    if (n < 0) {
        mp_err_format(&mp_type_ValueError, "factorial() not defined for negative values");
        return NULL;
    }
    mpz_t z;
    mpz_init(z);
    mpz_fac_ui(z, (unsigned long)n);
    return mp_int_from_mpz_move(z);
}

static mp_obj *gcd_lcm(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                       bool lcm) {
    if (mp_arg_no_kw(name, kw))
        return NULL;
    mpz_t acc, x;
    mpz_init_set_ui(acc, lcm ? 1 : 0);
    mpz_init(x);
    for (size_t i = 0; i < nargs; i++) {
        if (!get_mpz(args[i], x)) {
            mpz_clear(acc);
            mpz_clear(x);
            return NULL;
        }
        if (lcm)
            mpz_lcm(acc, acc, x);
        else
            mpz_gcd(acc, acc, x);
    }
    mpz_clear(x);
    return mp_int_from_mpz_move(acc);
}

FN(math_gcd) { return gcd_lcm("gcd", args, nargs, kw, false); }
FN(math_lcm) { return gcd_lcm("lcm", args, nargs, kw, true); }

FN(math_isqrt) {
    if (mp_arg_no_kw("isqrt", kw) || mp_arg_count("isqrt", nargs, 1, 1))
        return NULL;
    mpz_t z;
    mpz_init(z);
    if (!get_mpz(args[0], z)) {
        mpz_clear(z);
        return NULL;
    }
    if (mpz_sgn(z) < 0) {
        mpz_clear(z);
        mp_err_format(&mp_type_ValueError, "isqrt() argument must be nonnegative");
        return NULL;
    }
    mpz_sqrt(z, z);
    return mp_int_from_mpz_move(z);
}

/* comb(n, k) and perm(n, k): k is taken as min(k, n - k) for comb. */
static mp_obj *comb_perm(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                         bool comb) {
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, comb ? 2 : 1, 2))
        return NULL;
    if (!comb && (nargs == 1 || args[1] == mp_None))
        return math_factorial(NULL, args, 1, NULL);
    mpz_t n, k, r;
    mpz_inits(n, k, r, NULL);
    mp_obj *result = NULL;
    if (!get_mpz(args[0], n) || !get_mpz(args[1], k))
        goto done;
    if (mpz_sgn(n) < 0) {
        mp_err_format(&mp_type_ValueError, "n must be a non-negative integer");
        goto done;
    }
    if (mpz_sgn(k) < 0) {
        mp_err_format(&mp_type_ValueError, "k must be a non-negative integer");
        goto done;
    }
    if (mpz_cmp(k, n) > 0) {
        result = mp_small(0);
        goto done;
    }
    if (comb) {
        mpz_sub(r, n, k);
        if (mpz_cmp(r, k) < 0)
            mpz_set(k, r);
    }
    if (!mpz_fits_slong_p(k)) {
        mp_err_format(&mp_type_OverflowError, comb ? "min(n - k, k) must not exceed %ld"
                                                   : "k must not exceed %ld",
                      LONG_MAX);
        goto done;
    }
    unsigned long kk = mpz_get_ui(k);
    if (comb) {
        mpz_bin_ui(r, n, kk);
    } else {
        mpz_set_ui(r, 1);
        for (unsigned long i = 0; i < kk; i++) {
            mpz_mul(r, r, n);
            mpz_sub_ui(n, n, 1);
        }
    }
    result = mp_int_from_mpz(r);
done:
    mpz_clears(n, k, r, NULL);
    return result;
}

FN(math_comb) { return comb_perm("comb", args, nargs, kw, true); }
FN(math_perm) { return comb_perm("perm", args, nargs, kw, false); }

static const mp_method_def math_functions[] = {
    {"sqrt", math_sqrt, 0, NULL},         {"fabs", math_fabs, 0, NULL},
    {"exp", math_exp, 0, NULL},           {"exp2", math_exp2, 0, NULL},
    {"expm1", math_expm1, 0, NULL},       {"sin", math_sin, 0, NULL},
    {"cos", math_cos, 0, NULL},           {"tan", math_tan, 0, NULL},
    {"asin", math_asin, 0, NULL},         {"acos", math_acos, 0, NULL},
    {"atan", math_atan, 0, NULL},         {"sinh", math_sinh, 0, NULL},
    {"cosh", math_cosh, 0, NULL},         {"tanh", math_tanh, 0, NULL},
    {"asinh", math_asinh, 0, NULL},       {"acosh", math_acosh, 0, NULL},
    {"atanh", math_atanh, 0, NULL},       {"log1p", math_log1p, 0, NULL},
    {"cbrt", math_cbrt, 0, NULL},         {"erf", math_erf, 0, NULL},
    {"erfc", math_erfc, 0, NULL},         {"atan2", math_atan2, 0, NULL},
    {"copysign", math_copysign, 0, NULL}, {"remainder", math_remainder, 0, NULL},
    {"degrees", math_degrees, 0, NULL},   {"radians", math_radians, 0, NULL},
    {"log", math_log, 0, NULL},           {"log2", math_log2, 0, NULL},
    {"log10", math_log10, 0, NULL},       {"pow", math_pow, 0, NULL},
    {"fmod", math_fmod, 0, NULL},         {"modf", math_modf, 0, NULL},
    {"frexp", math_frexp, 0, NULL},       {"ldexp", math_ldexp, 0, NULL},
    {"floor", math_floor, 0, NULL},       {"ceil", math_ceil, 0, NULL},
    {"trunc", math_trunc, 0, NULL},       {"isfinite", math_isfinite, 0, NULL},
    {"isinf", math_isinf, 0, NULL},       {"isnan", math_isnan, 0, NULL},
    {"isclose", math_isclose, 0, NULL},   {"fsum", math_fsum, 0, NULL},
    {"hypot", math_hypot, 0, NULL},       {"dist", math_dist, 0, NULL},
    {"prod", math_prod, 0, NULL},         {"factorial", math_factorial, 0, NULL},
    {"gcd", math_gcd, 0, NULL},           {"lcm", math_lcm, 0, NULL},
    {"isqrt", math_isqrt, 0, NULL},       {"comb", math_comb, 0, NULL},
    {"perm", math_perm, 0, NULL},         {NULL},
};

static int add_float(mp_obj *m, const char *name, double v) {
    mp_obj *f = mp_float_new(v);
    int r = mp_module_add_obj(m, name, f);
    mp_decref(f);
    return r;
}

mp_obj *mp_math_module_create(void) {
    mp_obj *m = mp_module_new("math");
    if (!m)
        return NULL;
    if (mp_module_add_functions(m, math_functions) < 0 || add_float(m, "pi", M_PI) < 0 ||
        add_float(m, "e", M_E) < 0 || add_float(m, "tau", 2 * M_PI) < 0 ||
        add_float(m, "inf", INFINITY) < 0 || add_float(m, "nan", NAN) < 0) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
