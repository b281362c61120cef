/*
 * float_text.c — doubles as decimal text: CPython's PyOS_double_to_string
 * (format_float_short), behind float repr() and every float presentation
 * type of format(), %-formatting and str.format().  Digits at a given
 * precision come from glibc's printf, which rounds exactly (half-even on
 * exact ties, as CPython's dtoa does); the shortest round-tripping digits
 * of repr() come from the Schubfach algorithm (see digits_shortest).
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/format_spec.h"
#include "runtime/obj_int.h"

/* ---- decimal digits of a double ---------------------------------------------- */

/* |v| = 0.d1 d2 ... dn * 10**decpt, with no trailing zeros in d ("0" and
 * decpt 1 for zero): what CPython's _Py_dg_dtoa returns. */
typedef struct {
    char *digits;
    int ndigits, decpt;
    char small[48];
} dec_digits;

static void digits_free(dec_digits *d) {
    if (d->digits != d->small)
        mp_mem_free(d->digits);
}

/* Sets d from the digit characters of s (other characters skipped), with
 * `intdigits` of them before the decimal point. */
static void digits_set(dec_digits *d, const char *s, int intdigits) {
    size_t n = strlen(s);
    d->digits = n < sizeof d->small ? d->small : mp_mem_alloc(n + 1);
    int k = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (k == 0 && *s == '0') { /* leading zero: shift the point */
            intdigits--;
            continue;
        }
        d->digits[k++] = *s;
    }
    while (k > 0 && d->digits[k - 1] == '0')
        k--;
    if (k == 0) {
        d->digits[k++] = '0';
        intdigits = 1;
    }
    d->digits[k] = '\0';
    d->ndigits = k;
    d->decpt = intdigits;
}

/* printf into a buffer big enough for `need` bytes. */
static char *printf_alloc(char *stackbuf, size_t cap, size_t need, const char *fmt, int prec,
                          double av) {
    char *buf = need <= cap ? stackbuf : mp_mem_alloc(need);
    snprintf(buf, need, fmt, prec, av);
    return buf;
}

/* Mode 2: `n` >= 1 significant digits, correctly rounded. */
static void digits_significant(double av, int n, dec_digits *d) {
    char stackbuf[64];
    char *buf = printf_alloc(stackbuf, sizeof stackbuf, (size_t)n + 16, "%.*e", n - 1, av);
    char *e = strchr(buf, 'e');
    int exp = atoi(e + 1);
    *e = '\0';
    digits_set(d, buf, exp + 1);
    if (buf != stackbuf)
        mp_mem_free(buf);
}

/* Mode 3: `n` >= 0 digits after the decimal point. */
static void digits_fixed(double av, int n, dec_digits *d) {
    char stackbuf[64];
    char *buf =
        printf_alloc(stackbuf, sizeof stackbuf, (size_t)n + DBL_MAX_10_EXP + 8, "%.*f", n, av);
    char *dot = strchr(buf, '.');
    digits_set(d, buf, dot ? (int)(dot - buf) : (int)strlen(buf));
    if (buf != stackbuf)
        mp_mem_free(buf);
}

/* ---- shortest digits: Schubfach -------------------------------------------------
 *
 * repr() needs the shortest decimal that reads back as the double, the
 * nearest to it among equally short ones (CPython's dtoa mode 0).  This is
 * Raffaello Giulietti's Schubfach algorithm (as in the JDK's
 * DoubleToDecimal): a handful of 64x64->128 multiplications against a
 * table of 126-bit approximations of powers of ten, no loops, no bignums.
 * Unlike Java, which always prints two digits, a one-digit result is
 * allowed (5e-324).  The table is computed once, exactly, with GMP.
 */

enum {
    Q_MIN = -1074,
    K_MIN = -324,
    K_MAX = 292
};
#define C_MIN ((uint64_t)1 << 52)
#define MASK63 (((uint64_t)1 << 63) - 1)

/* g = floor(10**-k * 2**(125 - floor(log2(10**-k)))) + 1, split into its
 * high and low 63 bits, for k in [K_MIN, K_MAX]. */
static uint64_t pow10_g[K_MAX - K_MIN + 1][2];
static pthread_once_t pow10_once = PTHREAD_ONCE_INIT;

static inline int flog10pow2(int e) { return (int)(((int64_t)e * 661971961083LL) >> 41); }
static inline int flog10_three_quarters_pow2(int e) {
    return (int)(((int64_t)e * 661971961083LL - 274743187321LL) >> 41);
}
static inline int flog2pow10(int e) { return (int)(((int64_t)e * 913124641741LL) >> 38); }

static void pow10_table_init(void) {
    mpz_t g, p;
    mpz_inits(g, p, NULL);
    for (int k = K_MIN; k <= K_MAX; k++) {
        int n = -k, shift = 125 - flog2pow10(n);
        if (n >= 0) {
            mpz_ui_pow_ui(g, 10, (unsigned long)n);
            if (shift >= 0)
                mpz_mul_2exp(g, g, (mp_bitcnt_t)shift);
            else
                mpz_fdiv_q_2exp(g, g, (mp_bitcnt_t)-shift);
        } else {
            mpz_ui_pow_ui(p, 10, (unsigned long)-n);
            mpz_set_ui(g, 1);
            mpz_mul_2exp(g, g, (mp_bitcnt_t)shift);
            mpz_fdiv_q(g, g, p);
        }
        mpz_add_ui(g, g, 1);
        pow10_g[k - K_MIN][1] = mpz_getlimbn(g, 0) & MASK63;
        mpz_fdiv_q_2exp(g, g, 63);
        pow10_g[k - K_MIN][0] = mpz_getlimbn(g, 0);
    }
    mpz_clears(g, p, NULL);
}

static inline uint64_t mulhi64(uint64_t a, uint64_t b) {
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

/* floor(g * cp / 2**127), with the lowest bit set when inexact. */
static inline uint64_t round_odd(const uint64_t *g, uint64_t cp) {
    uint64_t x1 = mulhi64(g[1], cp), y0 = g[0] * cp, y1 = mulhi64(g[0], cp);
    uint64_t z = (y0 >> 1) + x1;
    return (y1 + (z >> 63)) | (((z & MASK63) + MASK63) >> 63);
}

/* The shortest decimal f * 10**e in the rounding interval of c * 2**q. */
static void schubfach(int q, uint64_t c, int dk, uint64_t *f, int *e) {
    uint64_t out = c & 1, cb = c << 2, cbr = cb + 2, cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) { /* regular spacing */
        cbl = cb - 2;
        k = flog10pow2(q);
    } else { /* the gap below a power of two is half as wide */
        cbl = cb - 1;
        k = flog10_three_quarters_pow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    const uint64_t *g = pow10_g[k - K_MIN];
    uint64_t vb = round_odd(g, cb << h), vbl = round_odd(g, cbl << h);
    uint64_t vbr = round_odd(g, cbr << h);
    uint64_t s = vb >> 2;
    /* u = s and w = s + 1 (in units of 10**k) bracket v; u' and w' are the
     * multiples of 10 around it, one digit shorter.  A candidate is in the
     * rounding interval when it is inside [vbl, vbr], the ends included
     * only for an even c (round-half-even reads them back as v). */
    *e = k + dk;
    if (s >= 10) {
        uint64_t sp10 = 10 * mulhi64(s, (uint64_t)115292150460684698ULL << 4); /* s/10*10 */
        uint64_t tp10 = sp10 + 10;
        bool upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
        if (upin && wpin) { /* only for the tiniest subnormals: take the nearer */
            int64_t cmp = (int64_t)(vb - ((sp10 + tp10) << 1));
            *f = cmp < 0 || (cmp == 0 && ((sp10 / 10) & 1) == 0) ? sp10 : tp10;
            return;
        }
        if (upin || wpin) {
            *f = upin ? sp10 : tp10;
            return;
        }
    }
    uint64_t t = s + 1;
    bool uin = vbl + out <= s << 2, win = (t << 2) + out <= vbr;
    if (uin != win) {
        *f = uin ? s : t;
        return;
    }
    int64_t cmp = (int64_t)(vb - ((s + t) << 1)); /* both fit: take the nearer */
    *f = cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
}

static void digits_shortest(double av, dec_digits *d) {
    uint64_t bits, c, f;
    int e;
    memcpy(&bits, &av, sizeof bits);
    int bq = (int)(bits >> 52) & 0x7FF;
    uint64_t t = bits & (C_MIN - 1);
    if (av == 0.0) {
        digits_set(d, "0", 1);
        return;
    }
    pthread_once(&pow10_once, pow10_table_init);
    if (bq != 0) { /* normal */
        int mq = -Q_MIN + 1 - bq;
        c = C_MIN | t;
        if (mq > 0 && mq < 53 && ((c >> mq) << mq) == c) { /* an integer */
            f = c >> mq;
            e = 0;
        } else {
            schubfach(-mq, c, 0, &f, &e);
        }
    } else if (t < 3) { /* the tiniest subnormals need one more digit of room */
        schubfach(Q_MIN, 10 * t, -1, &f, &e);
    } else {
        schubfach(Q_MIN, t, 0, &f, &e);
    }
    /* f's digits, trailing zeros dropped (f > 0, at most 17 digits) */
    char tmp[24], *end = tmp + sizeof tmp, *p = mp_u64_digits(f, end);
    int n = (int)(end - p);
    d->decpt = n + e;
    while (end[-1] == '0')
        end--;
    d->ndigits = (int)(end - p);
    d->digits = d->small;
    memcpy(d->small, p, (size_t)d->ndigits);
    d->small[d->ndigits] = '\0';
}

/* ---- double -> text (CPython's format_float_short) ----------------------------- */

char *mp_double_to_text(double v, char code, int precision, int flags, char *buf, size_t cap,
                        size_t *len) {
    bool upper = code == 'E' || code == 'F' || code == 'G';
    bool negative = signbit(v) != 0;
    char *out, *p;
    if (upper)
        code = (char)(code + ('a' - 'A'));
    if (!isfinite(v)) {
        out = p = cap >= 5 ? buf : mp_mem_alloc(5);
        if (isnan(v))
            negative = false; /* the sign of a NaN is never shown */
        if (negative)
            *p++ = '-';
        else if (flags & MP_DTSF_SIGN)
            *p++ = '+';
        memcpy(p, isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
        p += 3;
        *p = '\0';
        *len = (size_t)(p - out);
        return out;
    }
    dec_digits d;
    double av = fabs(v);
    switch (code) {
    case 'e':
        precision++; /* digits in all */
        digits_significant(av, precision, &d);
        break;
    case 'f': digits_fixed(av, precision, &d); break;
    case 'g':
        if (precision == 0)
            precision = 1;
        digits_significant(av, precision, &d);
        break;
    default: digits_shortest(av, &d); break;
    }
    if ((flags & MP_DTSF_NO_NEG_0) && d.ndigits == 1 && d.digits[0] == '0')
        negative = false;

    /* The output is a slice [vstart, vend) of the digits padded with
     * zeros on both sides, with a decimal point after position decpt. */
    bool add_dot_0 = (flags & MP_DTSF_ADD_DOT_0) != 0, alt = (flags & MP_DTSF_ALT) != 0;
    bool use_exp = false;
    int decpt = d.decpt, exp = 0, nd = d.ndigits;
    long vend = nd;
    switch (code) {
    case 'e':
        use_exp = true;
        vend = precision;
        break;
    case 'f': vend = (long)decpt + precision; break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
            use_exp = true;
        if (alt)
            vend = precision;
        break;
    default: /* 'r': exponent from 1e16 on, as CPython */
        use_exp = decpt <= -4 || decpt > 16;
        break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    long vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vend = vend > decpt ? vend : decpt + 1;
    else
        vend = vend > decpt ? vend : decpt;

    size_t need = 3 + (size_t)(vend - vstart) + (use_exp ? 6 : 0) + 1;
    out = p = need <= cap ? buf : mp_mem_alloc(need);
    if (negative)
        *p++ = '-';
    else if (flags & MP_DTSF_SIGN)
        *p++ = '+';
    if (decpt <= 0) {
        memset(p, '0', (size_t)(decpt - vstart));
        p += decpt - vstart;
        *p++ = '.';
        memset(p, '0', (size_t)-decpt);
        p += -decpt;
    } else {
        memset(p, '0', (size_t)-vstart);
        p += -vstart;
    }
    if (decpt > 0 && decpt <= nd) {
        memcpy(p, d.digits, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, d.digits + decpt, (size_t)(nd - decpt));
        p += nd - decpt;
    } else {
        memcpy(p, d.digits, (size_t)nd);
        p += nd;
    }
    if (nd < decpt) {
        memset(p, '0', (size_t)(decpt - nd));
        p += decpt - nd;
        *p++ = '.';
        memset(p, '0', (size_t)(vend - decpt));
        p += vend - decpt;
    } else {
        memset(p, '0', (size_t)(vend - nd));
        p += vend - nd;
    }
    if (p[-1] == '.' && !alt)
        p--;
    if (use_exp) { /* e+XX, at least two exponent digits */
        int ae = exp < 0 ? -exp : exp;
        *p++ = upper ? 'E' : 'e';
        *p++ = exp < 0 ? '-' : '+';
        if (ae >= 100)
            *p++ = (char)('0' + ae / 100);
        *p++ = (char)('0' + ae / 10 % 10);
        *p++ = (char)('0' + ae % 10);
    }
    *p = '\0';
    digits_free(&d);
    *len = (size_t)(p - out);
    return out;
}
