/*
 * obj_str.h — str: immutable Unicode text stored as UTF-8, indexed by code
 * point.  Pure-ASCII strings (the common case) index in O(1); others walk
 * the UTF-8.  Interned strings (identifiers, attribute names, constants)
 * are immortal and unique, so name lookups can compare pointers.
 */
#ifndef MP_OBJ_STR_H
#define MP_OBJ_STR_H

#include "runtime/object.h"

/* The instance layout.  The typedef is mp_strobj, not mp_str: that name
 * is object.h's str() protocol function, and C has one namespace for
 * both (the struct tag mp_str is fine). */
typedef struct mp_str {
    mp_obj head;
    mp_hash_t hash;   /* cached, -1 until computed */
    size_t len;       /* length in code points */
    size_t size;      /* length in bytes (excluding the trailing NUL) */
    uint8_t ascii;    /* 1 if size == len */
    uint8_t interned;
    char data[];      /* UTF-8, NUL-terminated */
} mp_strobj;

extern mp_type mp_type_str;

static inline bool mp_str_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && (o->type->tflags & MP_TFLAG_STR_SUBCLASS);
}
static inline const char *mp_str_data(const mp_obj *o) { return ((const mp_strobj *)o)->data; }
static inline size_t mp_str_size(const mp_obj *o) { return ((const mp_strobj *)o)->size; }
static inline size_t mp_str_len(const mp_obj *o) { return ((const mp_strobj *)o)->len; }

/* New str from valid UTF-8 (size bytes). */
mp_obj *mp_str_new(const char *utf8, size_t size);
mp_obj *mp_str_from_cstr(const char *s);
/* Decodes bytes as UTF-8; raises UnicodeDecodeError on invalid input. */
mp_obj *mp_str_decode_utf8(const char *bytes, size_t size);
/* Uninitialised str of `size` bytes to be filled, then mp_str_finish. */
mp_obj *mp_str_alloc(size_t size);
mp_obj *mp_str_finish(mp_obj *s); /* computes len/ascii; returns s */

/* Interning: returns the unique immortal str with this text. */
mp_obj *mp_str_intern(mp_obj *s);           /* steals s */
mp_obj *mp_str_intern_cstr(const char *s);  /* never fails; immortal */
mp_obj *mp_str_intern_n(const char *s, size_t size);

mp_hash_t mp_str_hash(mp_obj *s);
bool mp_str_eq(mp_obj *a, mp_obj *b);       /* both str */
bool mp_str_eq_cstr(mp_obj *a, const char *s);
mp_obj *mp_str_concat(mp_obj *a, mp_obj *b);
/* s[i] for 0 <= i < len (a 1-char str). */
mp_obj *mp_str_char_at(mp_obj *s, size_t i);
/* repr() with CPython's quote choice and escapes. */
mp_obj *mp_str_repr(mp_obj *s);

/* printf-like formatting to a new str; see errors.h for %R %S %T %U. */
mp_obj *mp_str_format_c(const char *fmt, ...);
mp_obj *mp_str_vformat_c(const char *fmt, va_list ap);

/* `fmt % args` and fmt.format(*args, **kwargs). */
mp_obj *mp_str_percent(mp_obj *fmt, mp_obj *args);
mp_obj *mp_str_format_method(mp_obj *fmt, mp_obj *const *args, size_t nargs, mp_obj *kwnames);

/* A growable UTF-8 buffer for building strings. */
typedef struct mp_sb {
    char *buf;
    size_t len, cap;
} mp_sb;
void mp_sb_init(mp_sb *sb, size_t cap);
void mp_sb_add(mp_sb *sb, const char *s, size_t n);
void mp_sb_addc(mp_sb *sb, char c);
void mp_sb_add_cstr(mp_sb *sb, const char *s);
void mp_sb_add_codepoint(mp_sb *sb, uint32_t cp);
/* Appends str(o) (or repr(o) when `repr`); -1 on error. */
int mp_sb_add_obj(mp_sb *sb, mp_obj *o, bool repr);
mp_obj *mp_sb_finish(mp_sb *sb);  /* new str; frees the buffer */
void mp_sb_free(mp_sb *sb);       /* discard */

/* ---- additions by the strings helper ---- */

/* Start-up (from mp_runtime_init): the interned "" and one-character
 * singletons, and readiness of str and its iterator types. */
void mp_str_init(void);
/* ''.join() of n str objects: the VM's BUILD_STRING (f-strings). */
mp_obj *mp_str_join_array(mp_obj *const *parts, size_t n);
/* a + b for two str, stealing `a`: when the caller holds the only
 * reference to `a` it grows in place (amortised O(1) for the VM's
 * `s += t` once it drops the variable's own reference first). */
mp_obj *mp_str_append(mp_obj *a, mp_obj *b);

#endif /* MP_OBJ_STR_H */
