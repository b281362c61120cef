/*
 * obj_bytes.h — bytes (immutable, bytes stored inline after the header)
 * and bytearray (mutable, a growable buffer), plus the text codecs
 * (utf-8, ascii, latin-1) behind str.encode / bytes.decode.
 *
 * Both types share one implementation of their read-only methods
 * (runtime/bytes_methods.c): a method views self as (pointer, length)
 * with mp_bytes_view and builds results of self's type with
 * mp_bytes_new_like.
 */
#ifndef MP_OBJ_BYTES_H
#define MP_OBJ_BYTES_H

#include "runtime/object.h"

typedef struct mp_bytes {
    mp_obj head;
    mp_hash_t hash; /* cached, -1 until computed */
    size_t size;
    char data[]; /* size bytes + a NUL (convenient for C APIs) */
} mp_bytes;

typedef struct mp_bytearray {
    mp_obj head;
    size_t size, cap;
    char *data; /* mp_mem_alloc'd, NULL when cap == 0 */
} mp_bytearray;

extern mp_type mp_type_bytes, mp_type_bytearray, mp_type_bytes_iterator;

static inline bool mp_bytes_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_bytes;
}
static inline bool mp_bytearray_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_bytearray;
}
/* The contents of a bytes or bytearray (borrowed, valid until the next
 * mutation); false (no exception, an empty view) for any other object. */
static inline bool mp_bytes_view(mp_obj *o, const char **data, size_t *size) {
    if (mp_bytes_check(o)) {
        *data = ((mp_bytes *)o)->data;
        *size = ((mp_bytes *)o)->size;
        return true;
    }
    if (mp_bytearray_check(o)) {
        *data = ((mp_bytearray *)o)->data ? ((mp_bytearray *)o)->data : "";
        *size = ((mp_bytearray *)o)->size;
        return true;
    }
    *data = "";
    *size = 0;
    return false;
}

/* A new bytes copying `size` bytes (data may be NULL: zero-filled). */
mp_obj *mp_bytes_new(const char *data, size_t size);
/* Uninitialised bytes of `size` to be filled in place before it escapes. */
mp_obj *mp_bytes_alloc(size_t size);
mp_obj *mp_bytearray_new(const char *data, size_t size);
/* A new object of the same type as `like` (bytes or bytearray). */
mp_obj *mp_bytes_new_like(mp_obj *like, const char *data, size_t size);

/* Codecs: `encoding`/`errors` are C strings (NULL: "utf-8"/"strict").
 * Errors handled: strict, replace, ignore.  LookupError "unknown
 * encoding: x" for codecs other than utf-8, ascii and latin-1. */
mp_obj *mp_str_encode(mp_obj *str, const char *encoding, const char *errors);
mp_obj *mp_bytes_decode(const char *data, size_t size, const char *encoding, const char *errors);
/* True if `encoding` names one of the supported codecs. */
bool mp_codec_known(const char *encoding);
bool mp_codec_is_utf8(const char *encoding);
/* Parses the (encoding, errors) arguments of encode/decode/str()/open():
 * both optional str; TypeError "<fname>() argument 'encoding' must be
 * str, not int". */
int mp_codec_args(const char *fname, mp_obj *enc, mp_obj *err, const char **encoding,
                  const char **errors);

/* Start-up: readies bytes, bytearray and their iterator. */
void mp_bytes_init(void);

/* Shared with bytes_methods.c (not for other modules). */
extern const mp_method_def mp_bytes_methods[], mp_bytearray_methods[];
/* The byte value of an int in range(256); ValueError `msg` otherwise. */
int mp_bytes_byte_value(mp_obj *o, const char *msg);
/* The contents of a bytes-like argument, or TypeError "a bytes-like
 * object is required, not 'str'". */
bool mp_bytes_arg(mp_obj *o, const char **data, size_t *size);

#endif /* MP_OBJ_BYTES_H */
