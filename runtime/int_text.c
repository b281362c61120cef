/*
 * int_text.c — ints as text and text as ints: str()/hex()/oct()/bin() of
 * an int, int(str, base) parsing with CPython's rules (signs, white space,
 * base prefixes, single underscores between digits, Unicode digits), the
 * 4300-digit limit CPython 3.11 puts on decimal conversions both ways,
 * and the int() constructor.  Split from obj_int.c, which holds the
 * arithmetic; float parsing shares the Unicode-to-ASCII step.
 */
#include <string.h>

#include "runtime/errors.h"
#include "runtime/format_spec.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/str_unicode.h"

int mp_int_max_str_digits = 4300;

/* ---- int -> text ----------------------------------------------------------- */

static mp_obj *limit_error_to_str(void) {
    mp_err_format(&mp_type_ValueError,
                  "Exceeds the limit (%d digits) for integer string conversion; "
                  "use sys.set_int_max_str_digits() to increase the limit",
                  mp_int_max_str_digits);
    return NULL;
}

/* True if |z| has more decimal digits than the limit allows. */
static bool exceeds_digit_limit(mpz_srcptr z) {
    size_t max = (size_t)mp_int_max_str_digits;
    if (mp_int_max_str_digits <= 0)
        return false;
    size_t est = mpz_sizeinbase(z, 10); /* exact, or one too many */
    if (est <= max)
        return false;
    if (est > max + 1)
        return true;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, max);
    bool over = mpz_cmpabs(z, p) >= 0;
    mpz_clear(p);
    return over;
}

char *mp_u64_digits(uint64_t u, char *end) {
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char *p = end;
    for (; u >= 100; u /= 100) /* two digits per division */
        memcpy(p -= 2, pairs + 2 * (u % 100), 2);
    if (u >= 10)
        memcpy(p -= 2, pairs + 2 * u, 2);
    else
        *--p = (char)('0' + u);
    return p;
}

/* Text of z in `base` with an optional prefix ("0x") after the sign. */
static mp_obj *mpz_to_text(mpz_srcptr z, int base, const char *prefix) {
    char stackbuf[96];
    size_t plen = strlen(prefix);
    size_t cap = mpz_sizeinbase(z, base) + plen + 3;
    char *buf = cap <= sizeof stackbuf ? stackbuf : mp_mem_alloc(cap);
    char *p = buf;
    mpz_t mag;
    if (mpz_sgn(z) < 0)
        *p++ = '-';
    memcpy(p, prefix, plen);
    p += plen;
    mpz_get_str(p, base, mpz_roinit_n(mag, mpz_limbs_read(z), (mp_size_t)mpz_size(z)));
    mp_obj *s = mp_str_new(buf, (size_t)(p - buf) + strlen(p));
    if (buf != stackbuf)
        mp_mem_free(buf);
    return s;
}

mp_obj *mp_int_to_str(mp_obj *o) {
    int64_t v;
    if (mp_int_small_value(o, &v)) {
        char buf[24], *end = buf + sizeof buf;
        char *p = mp_u64_digits(v < 0 ? -(uint64_t)v : (uint64_t)v, end);
        if (v < 0)
            *--p = '-';
        return mp_str_new(p, (size_t)(end - p));
    }
    mpz_srcptr z = ((mp_bigint *)o)->z;
    if (exceeds_digit_limit(z))
        return limit_error_to_str();
    return mpz_to_text(z, 10, "");
}

mp_obj *mp_int_to_base(mp_obj *o, int base) {
    if (base == 10)
        return mp_int_to_str(o);
    mpz_t tmp;
    mp_limb_t limb;
    return mpz_to_text(mp_int_view(o, tmp, &limb), base,
                       base == 16  ? "0x"
                       : base == 8 ? "0o"
                                   : "0b");
}

/* ---- Unicode number text -> ASCII ---------------------------------------- */

char *mp_number_text_ascii(const char *s, size_t len, size_t *outlen) {
    size_t i = 0;
    while (i < len && !(s[i] & 0x80))
        i++;
    if (i == len)
        return NULL;
    char *out = mp_mem_alloc(len);
    memcpy(out, s, i);
    size_t n = i;
    const char *p = s + i, *end = s + len;
    while (p < end) {
        uint32_t c = mp_fs_utf8_next(&p, end);
        int d;
        if (c < 0x80)
            out[n++] = (char)c;
        else if (mp_unicode_isspace(c))
            out[n++] = ' ';
        else if ((d = mp_unicode_decimal(c)) >= 0)
            out[n++] = (char)('0' + d);
        else
            out[n++] = '?';
    }
    *outlen = n;
    return out;
}

mp_obj *mp_number_text_repr(const char *s, size_t len) {
    mp_obj *str = mp_str_new(s, len);
    if (!str)
        return NULL;
    mp_obj *r = mp_str_repr(str);
    mp_decref(str);
    if (!r || mp_str_len(r) <= 200)
        return r;
    const char *d = mp_str_data(r);
    size_t size = mp_str_size(r), i = 0;
    for (int cps = 0; i < size && cps < 200; cps++)
        for (i++; i < size && (d[i] & 0xC0) == 0x80; i++)
            ;
    mp_obj *cut = mp_str_new(d, i);
    mp_decref(r);
    return cut;
}

/* ---- text -> int ------------------------------------------------------------- */

/* ASCII white space as int() sees it: C's isspace(), so unlike
 * str.strip() not \x1c-\x1f (non-ASCII spaces became ' ' already). */
static inline bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static inline int digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
}

/* The value of the digits in [p, end) (underscores skipped). */
static mp_obj *digits_value(const char *p, const char *end, int base, size_t ndigits, bool neg) {
    uint64_t acc = 0;
    const char *q = p;
    for (; q < end; q++) {
        if (*q == '_')
            continue;
        if (__builtin_mul_overflow(acc, (uint64_t)base, &acc) ||
            __builtin_add_overflow(acc, (uint64_t)digit_value(*q), &acc))
            break;
    }
    if (q == end && acc <= (uint64_t)INT64_MAX)
        return mp_int_from_i64(neg ? -(int64_t)acc : (int64_t)acc);
    char *buf = mp_mem_alloc(ndigits + 1), *b = buf;
    for (q = p; q < end; q++)
        if (*q != '_')
            *b++ = *q;
    *b = '\0';
    mpz_t z;
    mpz_init_set_str(z, buf, base);
    mp_mem_free(buf);
    if (neg)
        mpz_neg(z, z);
    return mp_int_from_mpz_move(z);
}

/* Parses ASCII text.  Returns NULL with *invalid set for a malformed
 * literal (the caller words the error), or NULL with an exception set. */
static mp_obj *parse_int(const char *p, size_t n, int base, bool *invalid) {
    const char *end = p + n;
    *invalid = true;
    while (p < end && ascii_space(*p))
        p++;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    char c1 = p + 1 < end ? (char)(p[1] | 0x20) : 0;
    bool zero_only = false; /* base 0 with a leading 0: "00" is fine, "01" is not */
    if (base == 0) {
        if (p >= end || *p != '0')
            base = 10;
        else
            base = c1 == 'x' ? 16 : c1 == 'o' ? 8 : c1 == 'b' ? 2 : (zero_only = true, 10);
    }
    if (p + 1 < end && *p == '0' &&
        ((base == 16 && c1 == 'x') || (base == 8 && c1 == 'o') || (base == 2 && c1 == 'b'))) {
        p += 2;
        if (p < end && *p == '_') /* one underscore may follow the prefix */
            p++;
    }
    const char *start = p;
    size_t ndigits = 0;
    char prev = '_'; /* no leading underscore */
    for (; p < end && (*p == '_' || digit_value(*p) < base); prev = *p++) {
        if (*p != '_')
            ndigits++;
        else if (prev == '_')
            return NULL;
    }
    if (prev == '_')
        return NULL;
    if ((base & (base - 1)) != 0 && mp_int_max_str_digits > 0 &&
        ndigits > (size_t)mp_int_max_str_digits) {
        *invalid = false;
        mp_err_format(&mp_type_ValueError,
                      "Exceeds the limit (%d digits) for integer string conversion: "
                      "value has %zu digits; use sys.set_int_max_str_digits() "
                      "to increase the limit",
                      mp_int_max_str_digits, ndigits);
        return NULL;
    }
    const char *digits_end = p;
    while (p < end && ascii_space(*p))
        p++;
    if (p != end)
        return NULL;
    mp_obj *v = digits_value(start, digits_end, base, ndigits, neg);
    if (zero_only && v != mp_small(0)) {
        mp_decref(v);
        return NULL;
    }
    *invalid = false;
    return v;
}

static bool base_ok(int64_t base) { return base == 0 || (base >= 2 && base <= 36); }

mp_obj *mp_int_from_str(const char *s, size_t len, int base) {
    if (!base_ok(base)) {
        mp_err_format(&mp_type_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    size_t alen = len;
    char *ascii = mp_number_text_ascii(s, len, &alen);
    bool invalid;
    mp_obj *v = parse_int(ascii ? ascii : s, alen, base, &invalid);
    if (ascii)
        mp_mem_free(ascii);
    if (!v && invalid) {
        mp_obj *r = mp_number_text_repr(s, len);
        if (r) {
            mp_err_format(&mp_type_ValueError, "invalid literal for int() with base %d: %U", base,
                          r);
            mp_decref(r);
        }
    }
    return v;
}

/* ---- the int() constructor ------------------------------------------------------ */

/* Calls o.__name__() and checks it returned an int. */
static mp_obj *int_via_special(mp_obj *o, const char *name, const char *what) {
    mp_obj *r = mp_call_special(o, mp_str_intern_cstr(name), NULL, 0);
    if (!r || mp_int_check(r)) {
        if (r) {
            mp_obj *e = mp_int_exact(r);
            mp_decref(r);
            return e;
        }
        return NULL;
    }
    mp_err_format(&mp_type_TypeError, "%s returned %s (type %T)", name, what, r);
    mp_decref(r);
    return NULL;
}

/* int(x) without a base. */
static mp_obj *int_from_obj(mp_obj *x) {
    if (mp_int_check(x))
        return mp_int_exact(x);
    if (mp_float_check_any(x))
        return mp_int_from_double(mp_float_val(x));
    if (mp_str_check(x))
        return mp_int_from_str(mp_str_data(x), mp_str_size(x), 10);
    static const char *const specials[][2] = {
        {"__int__", "non-int"}, {"__index__", "non-int"}, {"__trunc__", "non-Integral"}};
    for (size_t i = 0; i < 3; i++) {
        mp_obj *r = int_via_special(x, specials[i][0], specials[i][1]);
        if (r || mp_err_occurred())
            return r;
    }
    mp_err_format(&mp_type_TypeError,
                  "int() argument must be a string, a bytes-like object or a real number, "
                  "not '%T'",
                  x);
    return NULL;
}

/* int(x, base) */
static mp_obj *int_from_obj_base(mp_obj *x, mp_obj *base_obj) {
    int64_t base;
    if (mp_int_check(base_obj)) {
        if (mp_int_as_i64(base_obj, &base) < 0) {
            mp_err_clear();
            base = -1; /* huge: out of range either way */
        }
    } else {
        base = mp_index_ssize(base_obj);
        if (base == -1 && mp_err_occurred())
            return NULL;
    }
    if (!base_ok(base)) {
        mp_err_format(&mp_type_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    if (!mp_str_check(x)) {
        mp_err_format(&mp_type_TypeError, "int() can't convert non-string with explicit base");
        return NULL;
    }
    return mp_int_from_str(mp_str_data(x), mp_str_size(x), (int)base);
}

/* An instance of a user subclass of int: mp_bigint layout, any extra
 * fields (the instance dict) zeroed. */
static mp_obj *int_subtype_new(mp_type *type, mp_obj *v) {
    mp_obj *o = mp_obj_alloc(type, type->basicsize);
    memset((char *)o + sizeof(mp_obj), 0, type->basicsize - sizeof(mp_obj));
    mpz_init(((mp_bigint *)o)->z);
    mp_int_to_mpz(v, ((mp_bigint *)o)->z);
    mp_decref(v);
    return o;
}

mp_obj *mp_int_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    size_t nkw = kwnames ? mp_tuple_size(kwnames) : 0;
    if (nargs + nkw > 2) {
        mp_err_format(&mp_type_TypeError, "int() takes at most 2 arguments (%zu given)",
                      nargs + nkw);
        return NULL;
    }
    mp_obj *x = nargs > 0 ? args[0] : NULL, *base = nargs > 1 ? args[1] : NULL;
    for (size_t i = 0; i < nkw; i++) {
        mp_obj *name = mp_tuple_items(kwnames)[i];
        if (!mp_str_eq_cstr(name, "base")) {
            mp_err_format(&mp_type_TypeError, "'%U' is an invalid keyword argument for int()",
                          name);
            return NULL;
        }
        base = args[nargs + i];
    }
    mp_obj *v;
    if (!x) {
        if (base) {
            mp_err_format(&mp_type_TypeError, "int() missing string argument");
            return NULL;
        }
        v = mp_small(0);
    } else {
        v = base ? int_from_obj_base(x, base) : int_from_obj(x);
    }
    if (!v || type == &mp_type_int)
        return v;
    return int_subtype_new(type, v);
}
