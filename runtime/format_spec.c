/*
 * format_spec.c — the format-spec mini-language for int, float and str
 * (a port of CPython 3.11's Python/formatter_unicode.c: the same parse,
 * the same error messages, the same padding/grouping layout), and the
 * double-to-text engine every float conversion uses (CPython's
 * PyOS_double_to_string / format_float_short), including the shortest
 * round-tripping repr.
 *
 * Digits at a given precision come from glibc's printf, which rounds
 * exactly (half-even on exact ties, like CPython's dtoa); the shortest
 * repr comes from the Schubfach algorithm (see digits_shortest).
 */
#include "runtime/format_spec.h"

#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"

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
    char *buf = printf_alloc(stackbuf, sizeof stackbuf, (size_t)n + DBL_MAX_10_EXP + 8, "%.*f",
                             n, av);
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

enum { Q_MIN = -1074, K_MIN = -324, K_MAX = 292 };
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
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRIu64, f);
    digits_set(d, buf, n + e);
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
    if (use_exp)
        p += sprintf(p, "%c%c%02d", upper ? 'E' : 'e', exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    *p = '\0';
    digits_free(&d);
    *len = (size_t)(p - out);
    return out;
}

/* ---- UTF-8 ------------------------------------------------------------------------ */

uint32_t mp_fs_utf8_next(const char **pp, const char *end) {
    const unsigned char *p = (const unsigned char *)*pp;
    uint32_t c = *p++;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && (!more || (const unsigned char *)end - p < more)) {
        *pp = (const char *)p;
        return 0xFFFD;
    }
    if (more)
        c &= 0x3Fu >> more;
    while (more--)
        c = (c << 6) | (*p++ & 0x3F);
    *pp = (const char *)p;
    return c;
}

static size_t utf8_encode(uint32_t c, char *out) {
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* ---- the spec --------------------------------------------------------------------- */

typedef struct {
    uint32_t fill;
    char fill_utf8[4];
    size_t fill_len;
    char align;      /* < > = ^ */
    char sign;       /* + - space, or 0 */
    bool alternate;  /* # */
    bool no_neg_0;   /* z */
    char grouping;   /* , or _ or 0 */
    int group;       /* digits per group: 3, 4 (_ with b/o/x/X) or 0 */
    int64_t width;   /* -1: none */
    int64_t precision;
    uint32_t type;
} spec_t;

static void unknown_type(uint32_t type, const char *type_name) {
    if (type > 32 && type < 128)
        mp_err_format(&mp_type_ValueError, "Unknown format code '%c' for object of type '%s'",
                      (int)type, type_name);
    else
        mp_err_format(&mp_type_ValueError,
                      "Unknown format code '\\x%x' for object of type '%s'", (unsigned)type,
                      type_name);
}

static void bad_grouping(char sep, uint32_t type) {
    if (type > 32 && type < 128)
        mp_err_format(&mp_type_ValueError, "Cannot specify '%c' with '%c'.", sep, (int)type);
    else
        mp_err_format(&mp_type_ValueError, "Cannot specify '%c' with '\\x%x'.", sep,
                      (unsigned)type);
}

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

/* Reads decimal digits at cps[*pos]; -1 on overflow, else how many. */
static int read_int(const uint32_t *cps, size_t n, size_t *pos, int64_t *out) {
    int64_t acc = 0;
    int count = 0;
    for (; *pos < n && cps[*pos] >= '0' && cps[*pos] <= '9'; (*pos)++, count++) {
        int d = (int)(cps[*pos] - '0');
        if (acc > (INT64_MAX - d) / 10) {
            mp_err_format(&mp_type_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        acc = acc * 10 + d;
    }
    *out = acc;
    return count;
}

/* CPython's parse_internal_render_format_spec. */
static int parse_spec(const char *spec, size_t nbytes, const char *type_name, char default_type,
                      char default_align, spec_t *f) {
    uint32_t stackcps[64];
    uint32_t *cps = nbytes <= 64 ? stackcps : mp_mem_alloc(nbytes * sizeof(uint32_t));
    size_t n = 0, pos = 0;
    for (const char *s = spec, *end = spec + nbytes; s < end;)
        cps[n++] = mp_fs_utf8_next(&s, end);
    int rc = -1;
    bool fill_given = false, align_given = false;
    *f = (spec_t){.fill = ' ', .align = default_align, .width = -1, .precision = -1,
                  .type = (uint32_t)default_type};
    if (n >= 2 && is_align(cps[1])) {
        f->align = (char)cps[1];
        f->fill = cps[0];
        fill_given = align_given = true;
        pos = 2;
    } else if (n >= 1 && is_align(cps[0])) {
        f->align = (char)cps[0];
        align_given = true;
        pos = 1;
    }
    if (pos < n && (cps[pos] == ' ' || cps[pos] == '+' || cps[pos] == '-'))
        f->sign = (char)cps[pos++];
    if (pos < n && cps[pos] == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (pos < n && cps[pos] == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && pos < n && cps[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        pos++;
    }
    int count = read_int(cps, n, &pos, &f->width);
    if (count < 0)
        goto done;
    if (count == 0)
        f->width = -1;
    if (pos < n && cps[pos] == ',') {
        f->grouping = ',';
        pos++;
    }
    if (pos < n && cps[pos] == '_') {
        if (f->grouping) {
            mp_err_format(&mp_type_ValueError, "Cannot specify both ',' and '_'.");
            goto done;
        }
        f->grouping = '_';
        pos++;
    }
    if (pos < n && cps[pos] == ',' && f->grouping == '_') {
        mp_err_format(&mp_type_ValueError, "Cannot specify both ',' and '_'.");
        goto done;
    }
    if (pos < n && cps[pos] == '.') {
        pos++;
        count = read_int(cps, n, &pos, &f->precision);
        if (count < 0)
            goto done;
        if (count == 0) {
            mp_err_format(&mp_type_ValueError, "Format specifier missing precision");
            goto done;
        }
    }
    if (n - pos > 1) {
        mp_obj *s = mp_str_new(spec, nbytes);
        if (s) {
            mp_err_format(&mp_type_ValueError,
                          "Invalid format specifier '%U' for object of type '%s'", s, type_name);
            mp_decref(s);
        }
        goto done;
    }
    if (n - pos == 1)
        f->type = cps[pos];
    if (f->grouping) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            f->group = 3;
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->grouping == '_') {
                f->group = 4;
                break;
            }
            /* fall through */
        default:
            bad_grouping(f->grouping, f->type);
            goto done;
        }
    }
    f->fill_len = utf8_encode(f->fill, f->fill_utf8);
    rc = 0;
done:
    if (cps != stackcps)
        mp_mem_free(cps);
    return rc;
}

/* ---- laying out a number ------------------------------------------------------------- */

static void add_fill(mp_sb *sb, const spec_t *f, int64_t count) {
    for (int64_t i = 0; i < count; i++)
        mp_sb_add(sb, f->fill_utf8, f->fill_len);
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Right-to-left writer state of group_digits. */
typedef struct {
    const char *dp; /* end of the digits not yet written */
    char *end;      /* where the next group ends, or NULL to only count */
    size_t count;
    char sep;
} grouper;

/* One group: l characters, the digits available and zeros for the rest,
 * preceded (on its right) by the separator unless it is the first. */
static void emit_group(grouper *g, int64_t l, int64_t *remaining, bool use_sep) {
    int64_t zeros = max64(0, l - *remaining), chars = max64(0, min64(*remaining, l));
    g->count += (size_t)(use_sep + zeros + chars);
    *remaining -= chars;
    if (!g->end)
        return;
    if (use_sep)
        *--g->end = g->sep;
    g->end -= chars;
    g->dp -= chars;
    memcpy(g->end, g->dp, (size_t)chars);
    g->end -= zeros;
    memset(g->end, '0', (size_t)zeros);
}

/* CPython's _PyUnicode_InsertThousandsGrouping: the n digits with `sep`
 * every `group` (0: no grouping), zero-padded on the left to at least
 * min_width characters.  Writes right to left ending at `end` (when not
 * NULL) and returns the length. */
static size_t group_digits(const char *digits, int64_t n, int64_t min_width, int group, char sep,
                           char *end) {
    grouper g = {digits + n, end, 0, sep};
    int64_t remaining = n;
    if (n == 0) /* 'c' and inf/nan: nothing to group or pad */
        return 0;
    min_width = max64(0, min_width);
    for (bool use_sep = false; group > 0; use_sep = true) {
        int64_t l = min64(group, max64(max64(remaining, min_width), 1));
        emit_group(&g, l, &remaining, use_sep);
        min_width -= l;
        if (remaining <= 0 && min_width <= 0)
            return g.count;
        min_width -= 1; /* the separator */
    }
    emit_group(&g, max64(max64(remaining, min_width), 1), &remaining, false);
    return g.count;
}

/* Writes [pad][sign][prefix][pad][grouped digits][rest][pad] as CPython's
 * calc_number_widths + fill_number. `negative` is the number's sign;
 * `rest` is what follows the integer digits (".5e+10", "%", a 'c' char). */
static mp_obj *write_number(const spec_t *f, bool negative, const char *prefix, size_t nprefix,
                            const char *digits, size_t ndigits, const char *rest, size_t nrest) {
    char sign = 0;
    if (f->sign == '+')
        sign = negative ? '-' : '+';
    else if (f->sign == ' ')
        sign = negative ? '-' : ' ';
    else if (negative)
        sign = '-';
    int64_t rest_chars = 0; /* code points: a 'c' character may be multi-byte */
    for (size_t i = 0; i < nrest; i++)
        rest_chars += (rest[i] & 0xC0) != 0x80;
    int64_t non_digit = (sign != 0) + (int64_t)nprefix + rest_chars;
    int64_t min_width = (f->fill == '0' && f->align == '=') ? f->width - non_digit : 0;
    char sep = f->grouping;
    int group = f->group;
    size_t ngrouped = group_digits(digits, (int64_t)ndigits, min_width, group, sep, NULL);
    int64_t padding = f->width - (non_digit + (int64_t)ngrouped);
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (padding > 0) {
        switch (f->align) {
        case '<': rpad = padding; break;
        case '^': lpad = padding / 2; rpad = padding - lpad; break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    mp_sb sb;
    mp_sb_init(&sb, (size_t)(non_digit + (int64_t)ngrouped) + 8);
    add_fill(&sb, f, lpad);
    if (sign)
        mp_sb_addc(&sb, sign);
    mp_sb_add(&sb, prefix, nprefix);
    add_fill(&sb, f, spad);
    char stackbuf[128];
    char *g = ngrouped <= sizeof stackbuf ? stackbuf : mp_mem_alloc(ngrouped);
    group_digits(digits, (int64_t)ndigits, min_width, group, sep, g + ngrouped);
    mp_sb_add(&sb, g, ngrouped);
    if (g != stackbuf)
        mp_mem_free(g);
    mp_sb_add(&sb, rest, nrest);
    add_fill(&sb, f, rpad);
    return mp_sb_finish(&sb);
}

/* ---- float ------------------------------------------------------------------------------ */

static mp_obj *format_float_spec(double val, const spec_t *f) {
    uint32_t type = f->type;
    int flags = 0, default_precision = 6;
    bool add_pct = false;
    if (f->precision > INT_MAX) {
        mp_err_format(&mp_type_ValueError, "precision too big");
        return NULL;
    }
    int precision = (int)f->precision;
    if (f->alternate)
        flags |= MP_DTSF_ALT;
    if (f->no_neg_0)
        flags |= MP_DTSF_NO_NEG_0;
    if (type == 0) { /* like repr, or 'g' with at least one digit after the point */
        flags |= MP_DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        val *= 100;
        add_pct = true;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    char stackbuf[64];
    size_t len;
    char *text = mp_double_to_text(val, (char)type, precision, flags, stackbuf, sizeof stackbuf,
                                   &len);
    const char *s = text;
    bool negative = *s == '-';
    if (negative)
        s++, len--;
    size_t ndigits = 0;
    while (ndigits < len && s[ndigits] >= '0' && s[ndigits] <= '9')
        ndigits++;
    /* the rest plus an optional '%', copied so the '%' can follow */
    size_t nrest = len - ndigits;
    char reststack[64];
    char *rest = nrest + 1 <= sizeof reststack ? reststack : mp_mem_alloc(nrest + 1);
    memcpy(rest, s + ndigits, nrest);
    if (add_pct)
        rest[nrest++] = '%';
    mp_obj *r = write_number(f, negative, "", 0, s, ndigits, rest, nrest);
    if (rest != reststack)
        mp_mem_free(rest);
    if (text != stackbuf)
        mp_mem_free(text);
    return r;
}

static bool float_type(uint32_t t) {
    switch (t) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return true;
    default: return false;
    }
}

mp_obj *mp_format_float(double v, const char *spec, size_t n) {
    spec_t f;
    if (n == 0) {
        char buf[32];
        return mp_str_new(buf, mp_float_repr_buf(v, buf));
    }
    if (parse_spec(spec, n, "float", 0, '>', &f) < 0)
        return NULL;
    if (!float_type(f.type)) {
        unknown_type(f.type, "float");
        return NULL;
    }
    return format_float_spec(v, &f);
}

/* ---- int ----------------------------------------------------------------------------------- */

static mp_obj *format_char(mp_obj *v, const spec_t *f) {
    int64_t c;
    if (f->sign) {
        mp_err_format(&mp_type_ValueError, "Sign not allowed with integer format specifier 'c'");
        return NULL;
    }
    if (f->alternate) {
        mp_err_format(&mp_type_ValueError,
                      "Alternate form (#) not allowed with integer format specifier 'c'");
        return NULL;
    }
    if (mp_int_as_i64(v, &c) < 0)
        return NULL;
    if (c < 0 || c > 0x10ffff) {
        mp_err_format(&mp_type_OverflowError, "%%c arg not in range(0x110000)");
        return NULL;
    }
    char utf8[4];
    return write_number(f, false, "", 0, "", 0, utf8, utf8_encode((uint32_t)c, utf8));
}

static mp_obj *format_long(mp_obj *v, const spec_t *f) {
    if (f->precision != -1) {
        mp_err_format(&mp_type_ValueError, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (f->no_neg_0) {
        mp_err_format(&mp_type_ValueError,
                      "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    if (f->type == 'c')
        return format_char(v, f);
    int base = f->type == 'b' ? 2 : f->type == 'o' ? 8 : (f->type | 0x20) == 'x' ? 16 : 10;
    mp_obj *text = mp_int_to_base(v, base); /* "-0x1f": sign, prefix, digits */
    if (!text)
        return NULL;
    const char *s = mp_str_data(text);
    size_t len = mp_str_size(text);
    bool negative = *s == '-';
    s += negative;
    len -= negative;
    size_t skip = base == 10 ? 0 : 2;
    char prefix[2] = {'0', (char)f->type};
    char upper[128];
    char *digits = (char *)s + skip;
    size_t ndigits = len - skip;
    if (f->type == 'X') { /* upper-case digits (and prefix: "0X") */
        digits = ndigits <= sizeof upper ? upper : mp_mem_alloc(ndigits);
        for (size_t i = 0; i < ndigits; i++)
            digits[i] = s[skip + i] >= 'a' ? (char)(s[skip + i] - 32) : s[skip + i];
    }
    mp_obj *r = write_number(f, negative, prefix, f->alternate ? skip : 0, digits, ndigits, "", 0);
    if (digits != s + skip && digits != upper)
        mp_mem_free(digits);
    mp_decref(text);
    return r;
}

mp_obj *mp_format_int(mp_obj *v, const char *spec, size_t n) {
    spec_t f;
    if (n == 0)
        return MP_IS_TAGGED(v) || v->type == &mp_type_int ? mp_int_to_str(v) : mp_str(v);
    if (parse_spec(spec, n, mp_type_name(v), 'd', '>', &f) < 0)
        return NULL;
    switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_long(v, &f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d;
        if (mp_int_as_double(v, &d) < 0)
            return NULL;
        return format_float_spec(d, &f);
    }
    default:
        unknown_type(f.type, mp_type_name(v));
        return NULL;
    }
}

/* ---- str ------------------------------------------------------------------------------------- */

mp_obj *mp_format_str(mp_obj *s, const char *spec, size_t n) {
    spec_t f;
    if (n == 0)
        return s->type == &mp_type_str ? mp_newref(s) : mp_str(s);
    if (parse_spec(spec, n, mp_type_name(s), 's', '<', &f) < 0)
        return NULL;
    if (f.type != 's') {
        unknown_type(f.type, mp_type_name(s));
        return NULL;
    }
    const char *msg = NULL;
    if (f.sign)
        msg = f.sign == ' ' ? "Space not allowed in string format specifier"
                            : "Sign not allowed in string format specifier";
    else if (f.no_neg_0)
        msg = "Negative zero coercion (z) not allowed in string format specifier";
    else if (f.alternate)
        msg = "Alternate form (#) not allowed in string format specifier";
    else if (f.align == '=')
        msg = "'=' alignment not allowed in string format specifier";
    if (msg) {
        mp_err_format(&mp_type_ValueError, "%s", msg);
        return NULL;
    }
    int64_t len = (int64_t)mp_str_len(s);
    if ((f.width == -1 || f.width <= len) && (f.precision == -1 || f.precision >= len))
        return s->type == &mp_type_str ? mp_newref(s) : mp_str_new(mp_str_data(s), mp_str_size(s));
    if (f.precision >= 0 && len >= f.precision)
        len = f.precision;
    /* byte size of the first len code points */
    const char *data = mp_str_data(s);
    size_t size = mp_str_size(s), nbytes = (size_t)len;
    if (size != mp_str_len(s)) {
        const char *p = data, *end = data + size;
        for (int64_t i = 0; i < len; i++)
            mp_fs_utf8_next(&p, end);
        nbytes = (size_t)(p - data);
    }
    int64_t total = f.width > len ? f.width : len;
    int64_t lpad = f.align == '>' ? total - len : f.align == '^' ? (total - len) / 2 : 0;
    mp_sb sb;
    mp_sb_init(&sb, nbytes + (size_t)(total - len) * f.fill_len);
    add_fill(&sb, &f, lpad);
    mp_sb_add(&sb, data, nbytes);
    add_fill(&sb, &f, total - len - lpad);
    return mp_sb_finish(&sb);
}
