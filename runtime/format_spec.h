/*
 * format_spec.h — the format-spec mini-language used by format(),
 * str.format() and f-strings for int, float and str
 * ([[fill]align][sign][z][#][0][width][grouping][.precision][type]), and
 * the double-to-text engine behind float repr() and every float
 * presentation type (CPython's PyOS_double_to_string).
 */
#ifndef MP_FORMAT_SPEC_H
#define MP_FORMAT_SPEC_H

#include "runtime/object.h"

/* format(v, spec) for an int or bool `v`; `spec` is UTF-8 of n bytes.
 * An empty spec gives str(v). */
mp_obj *mp_format_int(mp_obj *v, const char *spec, size_t n);
/* format(v, spec) for a float value. */
mp_obj *mp_format_float(double v, const char *spec, size_t n);
/* format(s, spec) for a str `s`. */
mp_obj *mp_format_str(mp_obj *s, const char *spec, size_t n);

/* Flags of mp_double_to_text (CPython's Py_DTSF_*). */
enum {
    MP_DTSF_SIGN = 1,      /* always write a sign */
    MP_DTSF_ADD_DOT_0 = 2, /* "1.0" rather than "1" when not in exponent form */
    MP_DTSF_ALT = 4,       /* '#': keep the point and trailing zeros */
    MP_DTSF_NO_NEG_0 = 8,  /* 'z': "-0.0" after rounding prints as "0.0" */
};

/* Renders v like CPython's PyOS_double_to_string: code is one of
 * 'e' 'E' 'f' 'F' 'g' 'G' or 'r' (shortest repr; precision ignored).
 * Writes into buf when cap bytes are surely enough (32 always are for
 * 'r'), else into a new mp_mem_alloc block the caller frees.  Returns the
 * text (NUL-terminated) and its length in *len. */
char *mp_double_to_text(double v, char code, int precision, int flags, char *buf, size_t cap,
                        size_t *len);

/* Decodes the UTF-8 sequence at *pp (before end) and advances *pp;
 * malformed bytes give U+FFFD. */
uint32_t mp_fs_utf8_next(const char **pp, const char *end);

#endif /* MP_FORMAT_SPEC_H */
