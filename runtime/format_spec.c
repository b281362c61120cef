/*
 * format_spec.c — the format-spec mini-language for int, float and str:
 * a port of CPython 3.11's Python/formatter_unicode.c, with the same
 * parse, the same error messages and the same padding/grouping layout.
 * Float digits come from mp_double_to_text (float_text.c).
 */
#include "runtime/format_spec.h"

#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"

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
    char align;     /* < > = ^ */
    char sign;      /* + - space, or 0 */
    bool alternate; /* # */
    bool no_neg_0;  /* z */
    char grouping;  /* , or _ or 0 */
    int group;      /* digits per group: 3, 4 (_ with b/o/x/X) or 0 */
    int64_t width;  /* -1: none */
    int64_t precision;
    uint32_t type;
} spec_t;

static void unknown_type(uint32_t type, const char *type_name) {
    if (type > 32 && type < 128)
        mp_err_format(&mp_type_ValueError, "Unknown format code '%c' for object of type '%s'",
                      (int)type, type_name);
    else
        mp_err_format(&mp_type_ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                      (unsigned)type, type_name);
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
    *f = (spec_t){.fill = ' ',
                  .align = default_align,
                  .width = -1,
                  .precision = -1,
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
        case 'd':
        case 'e':
        case 'f':
        case 'g':
        case 'E':
        case 'G':
        case '%':
        case 'F':
        case 0: f->group = 3; break;
        case 'b':
        case 'o':
        case 'x':
        case 'X':
            if (f->grouping == '_') {
                f->group = 4;
                break;
            }
            /* fall through */
        default: bad_grouping(f->grouping, f->type); goto done;
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
        case '^':
            lpad = padding / 2;
            rpad = padding - lpad;
            break;
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
    char *text =
        mp_double_to_text(val, (char)type, precision, flags, stackbuf, sizeof stackbuf, &len);
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

/* The presentation types float accepts (0: none given). */
static bool float_type(uint32_t t) { return t == 0 || (t < 128 && strchr("eEfFgGn%", (int)t)); }

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
    case 'b':
    case 'c':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
    case 'n': return format_long(v, &f);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%': {
        double d;
        if (mp_int_as_double(v, &d) < 0)
            return NULL;
        return format_float_spec(d, &f);
    }
    default: unknown_type(f.type, mp_type_name(v)); return NULL;
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
