/*
 * str_unicode.h — the Unicode character database behind str's methods:
 * classification flags (isalpha, isspace, isprintable, ...), decimal digit
 * values and full case mappings (upper/lower/title/casefold, which may map
 * one character to up to three).  The tables in str_unicode.c are
 * generated from CPython 3.11 itself by str_unicode_gen.py, so minipy
 * classifies and case-maps every code point exactly as CPython does,
 * without depending on the C library's locale.
 */
#ifndef MP_STR_UNICODE_H
#define MP_STR_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flag bits, in the order of FLAGS in str_unicode_gen.py. */
enum {
    MP_UCD_ALPHA = 1u << 0,     /* str.isalpha: categories L* */
    MP_UCD_DECIMAL = 1u << 1,   /* isdecimal */
    MP_UCD_DIGIT = 1u << 2,     /* isdigit */
    MP_UCD_NUMERIC = 1u << 3,   /* isnumeric */
    MP_UCD_SPACE = 1u << 4,     /* isspace (what split() splits on) */
    MP_UCD_PRINTABLE = 1u << 5, /* isprintable (what repr keeps) */
    MP_UCD_LOWER = 1u << 6,     /* Lowercase property */
    MP_UCD_UPPER = 1u << 7,     /* Uppercase property */
    MP_UCD_TITLE = 1u << 8,     /* category Lt */
    MP_UCD_CASED = 1u << 9,
    MP_UCD_CASE_IGNORABLE = 1u << 10,
    MP_UCD_XID_START = 1u << 11,
    MP_UCD_XID_CONTINUE = 1u << 12,
};

/* A mapping is a code-point delta (|delta| < 0x110000), or MP_UCD_SPECIAL
 * plus the index in mp_ucd_special of a length followed by that many
 * code points. */
#define MP_UCD_SPECIAL (1 << 30)

typedef struct mp_ucd {
    uint16_t flags;
    uint8_t decimal; /* 0-9, or 0xFF */
    int32_t upper, lower, title, fold;
} mp_ucd;

extern const uint32_t mp_ucd_special[];
/* The properties of any code point (unassigned ones have none). */
const mp_ucd *mp_ucd_lookup(uint32_t cp);

static inline bool mp_ucd_has(uint32_t cp, unsigned flag) {
    return (mp_ucd_lookup(cp)->flags & flag) != 0;
}

/* Applies mapping `m` (one of a record's upper/lower/title/fold) to cp:
 * writes 1-3 code points to out, returns how many. */
static inline int mp_ucd_apply(int32_t m, uint32_t cp, uint32_t out[3]) {
    if (m < MP_UCD_SPECIAL) {
        out[0] = (uint32_t)((int32_t)cp + m);
        return 1;
    }
    const uint32_t *sp = &mp_ucd_special[m - MP_UCD_SPECIAL];
    for (uint32_t i = 0; i < sp[0]; i++)
        out[i] = sp[i + 1];
    return (int)sp[0];
}

/* The decimal value of a Unicode decimal digit (Nd), or -1: what int()
 * and float() accept besides ASCII digits. */
static inline int mp_unicode_decimal(uint32_t cp) {
    uint8_t d = mp_ucd_lookup(cp)->decimal;
    return d == 0xFF ? -1 : d;
}

/* Python's str.isspace() for one code point. */
static inline bool mp_unicode_isspace(uint32_t cp) {
    if (cp < 128)
        return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x1c && cp <= 0x1f);
    return mp_ucd_has(cp, MP_UCD_SPACE);
}

#endif /* MP_STR_UNICODE_H */
