/*
 * str_format.c — the three ways to format text into a str:
 *   - mp_str_vformat_c: printf for C code, with %R %S %A %T %U for objects
 *     (mp_err_format's messages are built with it);
 *   - mp_str_percent: Python's `fmt % args`, following CPython 3.11's
 *     unicode_format rules for argument consumption, flags and padding;
 *   - mp_str_format_method / mp_str_format_map: str.format(), with field
 *     lookups, conversions and nested specs, rendering each field through
 *     mp_format (the __format__ protocol).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/format_spec.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_tuple.h"
#include "runtime/str_impl.h"
#include "runtime/str_unicode.h"

/* Appends the first `prec` code points of s (all if prec < 0), aligned
 * in `width` columns (to the left if `left`). */
static void add_clipped(mp_sb *sb, const char *s, size_t n, long width, long prec, bool left) {
    size_t len = mp_utf8_count(s, n);
    if (prec >= 0 && len > (size_t)prec) {
        const char *p = s;
        for (long i = 0; i < prec; i++)
            p += mp_utf8_seqlen((uint8_t)*p);
        n = (size_t)(p - s);
        len = (size_t)prec;
    }
    if (left)
        mp_sb_add(sb, s, n);
    for (; width > (long)len; width--)
        mp_sb_addc(sb, ' ');
    if (!left)
        mp_sb_add(sb, s, n);
}

/* ---- printf for C code ---------------------------------------------------- */

mp_obj *mp_str_vformat_c(const char *fmt, va_list ap) {
    mp_sb sb;
    mp_sb_init(&sb, strlen(fmt) + 32);
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            const char *q = strchr(p, '%');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            mp_sb_add(&sb, p, n);
            p += n;
            continue;
        }
        /* %[-0][width][.prec][l|ll|z]conv */
        const char *spec = p++;
        bool left = false;
        for (; *p == '-' || *p == '0'; p++)
            left |= *p == '-';
        long width = 0, prec = -1;
        for (; *p >= '0' && *p <= '9'; p++)
            width = width * 10 + (*p - '0');
        if (*p == '.')
            for (prec = 0, p++; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        int longs = 0;
        bool size_t_arg = false;
        for (; *p == 'l' || *p == 'z'; p++) {
            longs += *p == 'l';
            size_t_arg |= *p == 'z';
        }
        char conv = *p ? *p++ : '\0';
        char cspec[32], buf[64];
        size_t slen = (size_t)(p - spec) < sizeof cspec ? (size_t)(p - spec) : 0;
        memcpy(cspec, spec, slen);
        cspec[slen] = '\0';
        switch (conv) {
        case '%': mp_sb_addc(&sb, '%'); break;
        case 'c': mp_sb_add_codepoint(&sb, (uint32_t)va_arg(ap, int)); break;
        case 'd':
        case 'i':
            if (size_t_arg)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, ptrdiff_t));
            else if (longs >= 2)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, long long));
            else if (longs)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, long));
            else
                snprintf(buf, sizeof buf, cspec, va_arg(ap, int));
            mp_sb_add_cstr(&sb, buf);
            break;
        case 'u':
        case 'x':
        case 'X':
            if (size_t_arg)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, size_t));
            else if (longs >= 2)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, unsigned long long));
            else if (longs)
                snprintf(buf, sizeof buf, cspec, va_arg(ap, unsigned long));
            else
                snprintf(buf, sizeof buf, cspec, va_arg(ap, unsigned));
            mp_sb_add_cstr(&sb, buf);
            break;
        case 'p':
            snprintf(buf, sizeof buf, "%p", va_arg(ap, void *));
            mp_sb_add_cstr(&sb, buf);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            add_clipped(&sb, s, strlen(s), width, prec, left);
            break;
        }
        case 'R':
        case 'S':
        case 'A':
        case 'U':
        case 'T': {
            mp_obj *arg = va_arg(ap, mp_obj *);
            if (conv == 'T') {
                const char *name = mp_type_name(arg);
                add_clipped(&sb, name, strlen(name), width, prec, left);
                break;
            }
            mp_obj *o = conv == 'R'   ? mp_repr(arg)
                        : conv == 'S' ? mp_str(arg)
                        : conv == 'A' ? mp_ascii(arg)
                                      : mp_newref(arg);
            if (!o) {
                mp_sb_free(&sb);
                return NULL;
            }
            add_clipped(&sb, mp_str_data(o), mp_str_size(o), width, prec, left);
            mp_decref(o);
            break;
        }
        default: /* unknown: copy it through, as CPython does */
            mp_sb_add(&sb, spec, (size_t)(p - spec));
            break;
        }
    }
    return mp_sb_finish(&sb);
}

mp_obj *mp_str_format_c(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mp_obj *r = mp_str_vformat_c(fmt, ap);
    va_end(ap);
    return r;
}

/* ---- fmt % args -------------------------------------------------------------- */

enum {
    F_LJUST = 1,
    F_SIGN = 2,
    F_BLANK = 4,
    F_ALT = 8,
    F_ZERO = 16
};

/* One conversion specifier being formatted. */
typedef struct pct_spec {
    int flags;
    mp_ssize_t width; /* -1: none */
    int prec;         /* -1: none */
    char conv;
    bool sign; /* numeric: sign and zero-fill rules apply */
} pct_spec;

/* The state of one `fmt % args` (CPython's argument bookkeeping: a
 * non-tuple argument is "arglen -1, argidx -2", consumed once). */
typedef struct pct_ctx {
    const char *fmt, *p, *end;
    mp_obj *args;      /* current argument source */
    mp_obj *key_value; /* owned: args after a %(key) lookup */
    mp_ssize_t arglen, argidx;
    mp_obj *dict; /* the mapping for %(key), or NULL */
    mp_sb out;
} pct_ctx;

static mp_obj *pct_next_arg(pct_ctx *c) {
    if (c->argidx < c->arglen) {
        mp_ssize_t i = c->argidx++;
        return c->arglen < 0 ? c->args : mp_tuple_items(c->args)[i];
    }
    mp_err_format(&mp_type_TypeError, "not enough arguments for format string");
    return NULL;
}

/* Appends the formatted text s (n bytes) under CPython's sign, `#`
 * prefix, zero-fill, width and precision rules. */
static void pct_emit(pct_ctx *c, pct_spec *a, const char *s, size_t n) {
    mp_sb *sb = &c->out;
    size_t len = mp_utf8_count(s, n);
    if ((a->conv == 's' || a->conv == 'r' || a->conv == 'a') && a->prec >= 0 &&
        len > (size_t)a->prec) {
        len = (size_t)a->prec;
        const char *q = s;
        for (size_t i = 0; i < len; i++)
            q += mp_utf8_seqlen((uint8_t)*q);
        n = (size_t)(q - s);
    }
    char fill = a->sign && (a->flags & F_ZERO) ? '0' : ' ';
    char signchar = 0;
    if (a->sign) {
        if (n && (*s == '-' || *s == '+')) {
            signchar = *s++;
            n--;
            len--;
        } else if (a->flags & F_SIGN) {
            signchar = '+';
        } else if (a->flags & F_BLANK) {
            signchar = ' ';
        }
    }
    mp_ssize_t width = a->width < (mp_ssize_t)len ? (mp_ssize_t)len : a->width;
    if (signchar) {
        if (fill != ' ')
            mp_sb_addc(sb, signchar);
        if (width > (mp_ssize_t)len)
            width--;
    }
    bool prefix = (a->flags & F_ALT) && (a->conv == 'x' || a->conv == 'X' || a->conv == 'o');
    if (prefix) {
        if (fill != ' ') {
            mp_sb_add(sb, s, 2);
            s += 2;
        }
        width = width >= 2 ? width - 2 : 0;
        len -= 2;
        n -= 2;
    }
    if (width > (mp_ssize_t)len && !(a->flags & F_LJUST)) {
        for (; width > (mp_ssize_t)len; width--)
            mp_sb_addc(sb, fill);
    }
    if (fill == ' ') {
        if (signchar)
            mp_sb_addc(sb, signchar);
        if (prefix) {
            mp_sb_add(sb, s, 2);
            s += 2;
        }
    }
    mp_sb_add(sb, s, n);
    for (; width > (mp_ssize_t)len; width--)
        mp_sb_addc(sb, ' ');
}

/* %d %i %u %o %x %X: the digits (with sign, and the 0x/0o prefix when
 * `#`), zero-extended to the precision. */
static mp_obj *pct_int_text(pct_spec *a, mp_obj *v) {
    bool base_conv = a->conv == 'o' || a->conv == 'x' || a->conv == 'X';
    mp_obj *iv = NULL;
    if (mp_typeof(v) == &mp_type_bool)
        iv = mp_small(((mp_bool *)v)->value);
    else if (mp_int_check(v))
        iv = mp_newref(v);
    else if (mp_float_check(v) && !base_conv)
        iv = mp_int_from_double(mp_float_val(v));
    else if (mp_str_class_defines(v, "__index__"))
        iv = mp_number_index(v);
    else if (!base_conv && mp_str_class_defines(v, "__int__"))
        iv = mp_call_method(v, "__int__", NULL, 0);
    else {
        mp_err_format(&mp_type_TypeError, "%%%c format: %s is required, not %T", a->conv,
                      base_conv ? "an integer" : "a real number", v);
        return NULL;
    }
    if (!iv)
        return NULL;
    mp_obj *digits = base_conv ? mp_int_to_base(iv, a->conv == 'o' ? 8 : 16) : mp_int_to_str(iv);
    mp_decref(iv);
    if (!digits)
        return NULL;
    const char *d = mp_str_data(digits);
    size_t n = mp_str_size(digits);
    bool neg = *d == '-';
    size_t head = neg + (base_conv ? 2 : 0); /* sign and 0x before the digits */
    size_t ndigits = n - head;
    size_t zeros = a->prec > 0 && (size_t)a->prec > ndigits ? (size_t)a->prec - ndigits : 0;
    mp_sb sb;
    mp_sb_init(&sb, n + zeros);
    if (neg)
        mp_sb_addc(&sb, '-');
    if (base_conv && (a->flags & F_ALT)) {
        mp_sb_addc(&sb, '0');
        mp_sb_addc(&sb, a->conv);
    }
    while (zeros--)
        mp_sb_addc(&sb, '0');
    for (const char *q = d + head; q < d + n; q++)
        mp_sb_addc(&sb, a->conv == 'X' ? (char)(*q >= 'a' ? *q - 32 : *q) : *q);
    mp_decref(digits);
    return mp_sb_finish(&sb);
}

/* %e %E %f %F %g %G, rendered like CPython's PyOS_double_to_string (the
 * sign flags are applied later by pct_emit). */
static mp_obj *pct_float_text(pct_spec *a, mp_obj *v) {
    double x;
    if (!mp_int_check(v) && !mp_float_check(v) && !mp_str_class_defines(v, "__float__") &&
        !mp_str_class_defines(v, "__index__")) {
        mp_err_format(&mp_type_TypeError, "must be real number, not %T", v);
        return NULL;
    }
    if (mp_number_as_double(v, &x) < 0)
        return NULL;
    char buf[128];
    size_t n;
    char *text = mp_double_to_text(x, a->conv, a->prec < 0 ? 6 : a->prec,
                                   (a->flags & F_ALT) ? MP_DTSF_ALT : 0, buf, sizeof buf, &n);
    mp_obj *r = mp_str_new_len(text, n, n);
    if (text != buf)
        mp_mem_free(text);
    return r;
}

static mp_obj *pct_char_text(mp_obj *v) {
    if (mp_str_check(v)) {
        if (mp_str_len(v) == 1)
            return mp_newref(v);
    } else if (mp_int_check(v) || mp_str_class_defines(v, "__index__")) {
        int64_t cp = -1;
        mp_obj *iv = mp_number_index(v);
        if (!iv)
            return NULL;
        if (mp_int_as_i64(iv, &cp) < 0)
            mp_err_clear();
        mp_decref(iv);
        if (cp < 0 || cp >= 0x110000) {
            mp_err_format(&mp_type_OverflowError, "%%c arg not in range(0x110000)");
            return NULL;
        }
        return mp_str_from_codepoint((uint32_t)cp);
    }
    mp_err_format(&mp_type_TypeError, "%%c requires int or char");
    return NULL;
}

/* The text of one conversion of v (s r a c and the numbers). */
static mp_obj *pct_convert(pct_ctx *c, pct_spec *a, mp_obj *v) {
    switch (a->conv) {
    case 's': return mp_str(v);
    case 'r': return mp_repr(v);
    case 'a': return mp_ascii(v);
    case 'c': return pct_char_text(v);
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': a->sign = true; return pct_int_text(a, v);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': a->sign = true; return pct_float_text(a, v);
    default: {
        /* The character's index counts code points, like CPython's. */
        const char *at = c->p - 1;
        while (((uint8_t)*at & 0xC0) == 0x80)
            at--;
        const char *q = at;
        uint32_t cp = mp_utf8_next(&q);
        mp_err_format(&mp_type_ValueError, "unsupported format character '%c' (0x%x) at index %zu",
                      cp >= 32 && cp < 127 ? (int)cp : '?', (unsigned)cp,
                      mp_utf8_count(c->fmt, (size_t)(at - c->fmt)));
        return NULL;
    }
    }
}

/* `*` in a width or precision: the next argument, an int that must fit
 * a C `ctype` ("ssize_t" or "int"). */
static int pct_star(pct_ctx *c, const char *ctype, int64_t min, int64_t max, int64_t *out) {
    mp_obj *v = pct_next_arg(c);
    if (!v)
        return -1;
    if (!mp_int_check(v)) {
        mp_err_format(&mp_type_TypeError, "* wants int");
        return -1;
    }
    if (mp_int_as_i64(v, out) < 0 || *out < min || *out > max) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C %s", ctype);
        return -1;
    }
    return 0;
}

/* Reads a run of digits into *out; -1 with "<what> too big" past max. */
static int pct_digits(pct_ctx *c, int64_t max, const char *what, int64_t *out) {
    int64_t v = 0;
    for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++) {
        int d = *c->p - '0';
        if (v > (max - d) / 10) {
            mp_err_format(&mp_type_ValueError, "%s too big", what);
            return -1;
        }
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int pct_incomplete(pct_ctx *c) {
    if (c->p < c->end)
        return 0;
    mp_err_format(&mp_type_ValueError, "incomplete format");
    return -1;
}

/* %(key): looks the key up and makes its value the argument source. */
static int pct_key(pct_ctx *c) {
    const char *key = ++c->p;
    for (int depth = 1; depth > 0; c->p++) {
        if (c->p >= c->end) {
            mp_err_format(&mp_type_ValueError, "incomplete format key");
            return -1;
        }
        depth += (*c->p == '(') - (*c->p == ')');
    }
    if (!c->dict) {
        mp_err_format(&mp_type_TypeError, "format requires a mapping");
        return -1;
    }
    mp_obj *k = mp_str_new(key, (size_t)(c->p - 1 - key));
    mp_obj *v = mp_getitem(c->dict, k);
    mp_decref(k);
    if (!v)
        return -1;
    mp_xdecref(c->key_value);
    c->key_value = c->args = v;
    c->arglen = -1;
    c->argidx = -2;
    return 0;
}

/* Parses and formats one specifier; c->p is just past the '%'. */
static int pct_one(pct_ctx *c) {
    if (c->p < c->end && *c->p == '%') {
        mp_sb_addc(&c->out, '%');
        c->p++;
        return 0;
    }
    if (c->p < c->end && *c->p == '(' && pct_key(c) < 0)
        return -1;
    pct_spec a = {0, -1, -1, 0, false};
    for (; c->p < c->end; c->p++) {
        int f = *c->p == '-'   ? F_LJUST
                : *c->p == '+' ? F_SIGN
                : *c->p == ' ' ? F_BLANK
                : *c->p == '#' ? F_ALT
                : *c->p == '0' ? F_ZERO
                               : 0;
        if (!f)
            break;
        a.flags |= f;
    }
    int64_t v;
    if (c->p < c->end && *c->p == '*') {
        c->p++;
        if (pct_star(c, "ssize_t", -PTRDIFF_MAX, PTRDIFF_MAX, &v) < 0)
            return -1;
        if (v < 0) {
            a.flags |= F_LJUST;
            v = -v;
        }
        a.width = (mp_ssize_t)v;
    } else if (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        if (pct_digits(c, PTRDIFF_MAX, "width", &v) < 0)
            return -1;
        a.width = (mp_ssize_t)v;
    }
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (c->p < c->end && *c->p == '*') {
            c->p++;
            if (pct_star(c, "int", INT_MIN, INT_MAX, &v) < 0)
                return -1;
        } else if (pct_digits(c, INT_MAX, "precision", &v) < 0) {
            return -1;
        }
        a.prec = v < 0 ? 0 : (int)v;
    }
    if (pct_incomplete(c) < 0)
        return -1;
    while (c->p < c->end && (*c->p == 'h' || *c->p == 'l' || *c->p == 'L'))
        c->p++;
    if (pct_incomplete(c) < 0)
        return -1;
    a.conv = *c->p++;
    mp_obj *arg = pct_next_arg(c);
    if (!arg)
        return -1;
    mp_obj *text = pct_convert(c, &a, arg);
    if (!text)
        return -1;
    pct_emit(c, &a, mp_str_data(text), mp_str_size(text));
    mp_decref(text);
    return 0;
}

mp_obj *mp_str_percent(mp_obj *fmt, mp_obj *args) {
    pct_ctx c;
    c.fmt = c.p = mp_str_data(fmt);
    c.end = c.p + mp_str_size(fmt);
    c.args = args;
    c.key_value = NULL;
    if (mp_tuple_check(args)) {
        c.arglen = (mp_ssize_t)mp_tuple_size(args);
        c.argidx = 0;
    } else {
        c.arglen = -1;
        c.argidx = -2;
    }
    c.dict = mp_typeof(args)->getitem && !mp_tuple_check(args) && !mp_str_check(args) ? args : NULL;
    mp_sb_init(&c.out, mp_str_size(fmt) + 16);
    while (c.p < c.end) {
        const char *pct = memchr(c.p, '%', (size_t)(c.end - c.p));
        if (!pct) {
            mp_sb_add(&c.out, c.p, (size_t)(c.end - c.p));
            break;
        }
        mp_sb_add(&c.out, c.p, (size_t)(pct - c.p));
        c.p = pct + 1;
        if (pct_one(&c) < 0)
            goto fail;
    }
    if (c.argidx < c.arglen && !c.dict) {
        mp_err_format(&mp_type_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    mp_xdecref(c.key_value);
    return mp_sb_finish(&c.out);
fail:
    mp_xdecref(c.key_value);
    mp_sb_free(&c.out);
    return NULL;
}

/* ---- str.format ------------------------------------------------------------------ */

/* Where a format's fields come from: positional args (NULL for
 * format_map), keywords as (kwnames, kwvalues) or a mapping. */
typedef struct fmt_ctx {
    mp_obj *const *args;
    size_t nargs;
    mp_obj *kwnames;
    mp_obj *const *kwvalues;
    mp_obj *mapping;
    enum {
        AUTO_INIT,
        AUTO_ON,
        AUTO_MANUAL
    } auto_state;
    size_t auto_next;
} fmt_ctx;

static int fmt_error(const char *msg) {
    mp_err_format(&mp_type_ValueError, "%s", msg);
    return -1;
}

/* A field-name part made of decimal digits as a number; -1 if it is not
 * one (empty, or a non-digit), -2 on overflow. */
static mp_ssize_t fmt_integer(const char *p, const char *end) {
    if (p == end)
        return -1;
    mp_ssize_t v = 0;
    while (p < end) {
        int d = mp_unicode_decimal(mp_utf8_next(&p));
        if (d < 0)
            return -1;
        if (v > (PTRDIFF_MAX - d) / 10) {
            mp_err_format(&mp_type_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + d;
    }
    return v;
}

/* The value named by the first part of a field name (an index, empty for
 * automatic numbering, or a keyword). */
static mp_obj *fmt_first(fmt_ctx *c, const char *p, const char *end) {
    mp_ssize_t idx = fmt_integer(p, end);
    if (idx == -2)
        return NULL;
    bool empty = p == end;
    if (empty || idx >= 0) {
        if (c->auto_state == AUTO_INIT)
            c->auto_state = empty ? AUTO_ON : AUTO_MANUAL;
        if (c->auto_state == AUTO_MANUAL && empty) {
            fmt_error("cannot switch from manual field specification to automatic field "
                      "numbering");
            return NULL;
        }
        if (c->auto_state == AUTO_ON && !empty) {
            fmt_error("cannot switch from automatic field numbering to manual field "
                      "specification");
            return NULL;
        }
        if (empty)
            idx = (mp_ssize_t)c->auto_next++;
        if (!c->args) {
            fmt_error("Format string contains positional fields");
            return NULL;
        }
        if ((size_t)idx >= c->nargs) {
            mp_err_format(&mp_type_IndexError,
                          "Replacement index %zd out of range for positional args tuple", idx);
            return NULL;
        }
        return mp_newref(c->args[idx]);
    }
    mp_obj *key = mp_str_new(p, (size_t)(end - p));
    if (c->mapping) {
        mp_obj *v = mp_getitem(c->mapping, key);
        mp_decref(key);
        return v;
    }
    size_t nkw = c->kwnames ? mp_tuple_size(c->kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        if (mp_str_eq(mp_tuple_items(c->kwnames)[i], key)) {
            mp_decref(key);
            return mp_newref(c->kwvalues[i]);
        }
    }
    mp_err_set(&mp_type_KeyError, key);
    mp_decref(key);
    return NULL;
}

/* Resolves a whole field name: first part, then .attr and [key] steps. */
static mp_obj *fmt_field(fmt_ctx *c, const char *p, const char *end) {
    const char *q = p;
    while (q < end && *q != '.' && *q != '[')
        q++;
    mp_obj *obj = fmt_first(c, p, q);
    while (obj && q < end) {
        bool attr = *q++ == '.';
        if (!attr && q[-1] != '[') {
            mp_decref(obj);
            fmt_error("Only '.' or '[' may follow ']' in format field specifier");
            return NULL;
        }
        const char *name = q;
        if (attr) {
            while (q < end && *q != '.' && *q != '[')
                q++;
        } else {
            while (q < end && *q != ']')
                q++;
            if (q == end) {
                mp_decref(obj);
                fmt_error("Missing ']' in format string");
                return NULL;
            }
        }
        if (name == q) {
            mp_decref(obj);
            fmt_error("Empty attribute in format string");
            return NULL;
        }
        mp_obj *next;
        mp_ssize_t idx = attr ? -1 : fmt_integer(name, q);
        if (idx == -2) {
            next = NULL;
        } else if (idx >= 0) {
            mp_obj *i = mp_int_from_i64(idx);
            next = mp_getitem(obj, i);
            mp_decref(i);
        } else {
            mp_obj *key = mp_str_new(name, (size_t)(q - name));
            next = attr ? mp_getattr(obj, key) : mp_getitem(obj, key);
            mp_decref(key);
        }
        if (!attr)
            q++; /* the ']' */
        mp_decref(obj);
        obj = next;
    }
    return obj;
}

static mp_obj *fmt_conversion(mp_obj *obj, uint32_t conv) {
    switch (conv) {
    case 'r': return mp_repr(obj);
    case 's': return mp_str(obj);
    case 'a': return mp_ascii(obj);
    }
    if (conv > 32 && conv < 127)
        mp_err_format(&mp_type_ValueError, "Unknown conversion specifier %c", (int)conv);
    else
        mp_err_format(&mp_type_ValueError, "Unknown conversion specifier \\x%x", (unsigned)conv);
    return NULL;
}

static int fmt_build(fmt_ctx *c, const char *p, const char *end, int depth, mp_sb *out);

/* Formats one replacement field {name!conv:spec}; *pp is just past the
 * '{' and is left just past the closing '}'. */
static int fmt_markup(fmt_ctx *c, const char **pp, const char *end, int depth, mp_sb *out) {
    const char *p = *pp, *name = p;
    char stop = 0;
    while (p < end) {
        char ch = *p++;
        if (ch == '{')
            return fmt_error("unexpected '{' in field name");
        if (ch == '[') {
            while (p < end && *p != ']')
                p++;
        } else if (ch == '}' || ch == ':' || ch == '!') {
            stop = ch;
            break;
        }
    }
    if (!stop)
        return fmt_error("expected '}' before end of string");
    const char *name_end = p - 1, *spec = NULL, *spec_end = NULL;
    uint32_t conv = 0;
    bool nested = false;
    if (stop == '!') {
        if (p >= end)
            return fmt_error("end of string while looking for conversion specifier");
        conv = mp_utf8_next(&p);
        if (p < end) {
            char ch = *p++;
            if (ch == '}')
                stop = '}';
            else if (ch != ':')
                return fmt_error("expected ':' after conversion specifier");
        }
    }
    if (stop != '}') {
        spec = p;
        for (int count = 1; count > 0;) {
            if (p >= end)
                return fmt_error("unmatched '{' in format spec");
            char ch = *p++;
            nested |= ch == '{';
            count += (ch == '{') - (ch == '}');
        }
        spec_end = p - 1;
    }
    *pp = p;

    mp_obj *obj = fmt_field(c, name, name_end);
    if (obj && conv) {
        mp_obj *t = fmt_conversion(obj, conv);
        mp_decref(obj);
        obj = t;
    }
    if (!obj)
        return -1;
    mp_obj *spec_str = NULL;
    if (nested) {
        mp_sb sub;
        mp_sb_init(&sub, (size_t)(spec_end - spec) + 16);
        if (fmt_build(c, spec, spec_end, depth - 1, &sub) < 0) {
            mp_sb_free(&sub);
            mp_decref(obj);
            return -1;
        }
        spec_str = mp_sb_finish(&sub);
    } else if (spec && spec < spec_end) {
        spec_str = mp_str_new(spec, (size_t)(spec_end - spec));
    }
    int r = 0;
    if (!spec_str && mp_typeof(obj) == &mp_type_str) {
        mp_sb_add(out, mp_str_data(obj), mp_str_size(obj));
    } else {
        mp_obj *text = mp_format(obj, spec_str);
        if (text) {
            mp_sb_add(out, mp_str_data(text), mp_str_size(text));
            mp_decref(text);
        } else {
            r = -1;
        }
    }
    mp_xdecref(spec_str);
    mp_decref(obj);
    return r;
}

static int fmt_build(fmt_ctx *c, const char *p, const char *end, int depth, mp_sb *out) {
    if (depth <= 0)
        return fmt_error("Max string recursion exceeded");
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '{' && *q != '}')
            q++;
        mp_sb_add(out, p, (size_t)(q - p));
        if (q == end)
            break;
        bool doubled = q + 1 < end && q[1] == *q;
        if (*q == '}' && !doubled)
            return fmt_error("Single '}' encountered in format string");
        if (*q == '{' && q + 1 == end)
            return fmt_error("Single '{' encountered in format string");
        if (doubled) {
            mp_sb_addc(out, *q);
            p = q + 2;
            continue;
        }
        p = q + 1;
        if (fmt_markup(c, &p, end, depth, out) < 0)
            return -1;
    }
    return 0;
}

/* PEP 3101 allows two levels: "{0:{1}}" but not "{0:{1:{2}}}". */
#define FMT_MAX_DEPTH 2

static mp_obj *fmt_run(mp_obj *fmt, fmt_ctx *c) {
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(fmt) + 32);
    if (fmt_build(c, mp_str_data(fmt), mp_str_data(fmt) + mp_str_size(fmt), FMT_MAX_DEPTH, &sb) <
        0) {
        mp_sb_free(&sb);
        return NULL;
    }
    return mp_sb_finish(&sb);
}

mp_obj *mp_str_format_method(mp_obj *fmt, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    fmt_ctx c = {args, nargs, kwnames, args + nargs, NULL, AUTO_INIT, 0};
    return fmt_run(fmt, &c);
}

mp_obj *mp_str_format_map(mp_obj *fmt, mp_obj *mapping) {
    fmt_ctx c = {NULL, 0, NULL, NULL, mapping, AUTO_INIT, 0};
    return fmt_run(fmt, &c);
}
