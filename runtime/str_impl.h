/*
 * str_impl.h — internals shared by the str modules (obj_str.c,
 * str_methods.c, str_format.c): UTF-8 walking, constructors with a known
 * code-point length, CPython-style argument checking for str's methods.
 * Not for use outside the str implementation.
 */
#ifndef MP_STR_IMPL_H
#define MP_STR_IMPL_H

#include <string.h>

#include "runtime/obj_str.h"

/* ---- UTF-8 -------------------------------------------------------------- */

/* Bytes in the sequence led by byte b (1 for ASCII and, defensively, for
 * stray continuation bytes). */
static inline size_t mp_utf8_seqlen(uint8_t b) {
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* Decodes the code point at *p and advances *p past it. */
static inline uint32_t mp_utf8_next(const char **pp) {
    const uint8_t *p = (const uint8_t *)*pp;
    uint32_t c = p[0];
    if (c < 0x80) {
        *pp += 1;
        return c;
    }
    size_t n = mp_utf8_seqlen((uint8_t)c);
    *pp += n;
    if (n == 2)
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    if (n == 3)
        return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
}

/* Decodes the code point ending just before *pp and moves *pp to its start. */
static inline uint32_t mp_utf8_prev(const char **pp) {
    const char *p = *pp;
    do
        p--;
    while (((uint8_t)*p & 0xC0) == 0x80);
    *pp = p;
    const char *q = p;
    return mp_utf8_next(&q);
}

/* Encodes cp (any value below 0x110000, lone surrogates included) into
 * out; returns the byte count (1-4). */
static inline size_t mp_utf8_encode(uint32_t cp, char *out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or minus the
 * length of its longest valid prefix (0 for an invalid lead byte); used by
 * bytes.decode's error handlers. */
ptrdiff_t mp_utf8_check_seq(const uint8_t *p, size_t n);
/* Number of code points in n bytes of UTF-8. */
size_t mp_utf8_count(const char *p, size_t n);
/* Byte offset of code point `index` (0 <= index <= len) in s. */
size_t mp_str_offset(mp_obj *s, size_t index);
/* Code-point index of byte offset `off` (at a character boundary). */
size_t mp_str_index_of(mp_obj *s, size_t off);

/* ---- construction --------------------------------------------------------- */

/* New exact str of `size` bytes whose code-point length is already known
 * (no scan); returns cached objects for "" and one-character strings. */
mp_obj *mp_str_new_len(const char *utf8, size_t size, size_t len);
/* The substring of s between byte offsets [from, to) holding `len` code
 * points; returns s itself when that is all of an exact str. */
mp_obj *mp_str_sub(mp_obj *s, size_t from, size_t to, size_t len);
/* The empty string (a new reference to the immortal singleton). */
mp_obj *mp_str_empty(void);
/* A one-code-point str. */
mp_obj *mp_str_from_codepoint(uint32_t cp);
/* A str copied from self's text when self is a str subclass instance,
 * else self (new reference either way): what str methods return when
 * they make no change. */
mp_obj *mp_str_exact(mp_obj *self);
/* Finds needle in hay (bytes); NULL if absent. */
const char *mp_str_memfind(const char *hay, size_t hn, const char *needle, size_t nn);
const char *mp_str_memrfind(const char *hay, size_t hn, const char *needle, size_t nn);

/* True if o's class is a Python class defining `name` (e.g. __index__,
 * or a reflected operator that should get its chance before str fails). */
bool mp_str_class_defines(mp_obj *o, const char *name);

/* ---- methods (str_methods.c) ---------------------------------------------- */

extern const mp_method_def mp_str_methods[];

/* str.format_map(mapping) (str_format.c). */
mp_obj *mp_str_format_map(mp_obj *fmt, mp_obj *mapping);

#endif /* MP_STR_IMPL_H */
