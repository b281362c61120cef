/*
 * obj_bytes.c — the bytes and bytearray objects: allocation, the
 * constructors, repr, hash, comparison, concatenation/repetition,
 * indexing and slicing, iteration, bytearray's mutating methods, and the
 * text codecs (utf-8, ascii, latin-1) used by str.encode, bytes.decode,
 * str(b, enc) and open().  The read-only methods both types share live in
 * bytes_methods.c.
 */
#include "runtime/obj_bytes.h"

#include <stdio.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_int.h"
#include "runtime/obj_range.h"
#include "runtime/obj_str.h"
#include "runtime/str_impl.h"

#define BYTES(o) ((mp_bytes *)(o))
#define BARRAY(o) ((mp_bytearray *)(o))

/* ---- allocation ---------------------------------------------------------- */

mp_obj *mp_bytes_alloc(size_t size) {
    mp_bytes *b = (mp_bytes *)mp_obj_alloc(&mp_type_bytes, sizeof(mp_bytes) + size + 1);
    b->hash = -1;
    b->size = size;
    b->data[size] = '\0';
    return (mp_obj *)b;
}

mp_obj *mp_bytes_new(const char *data, size_t size) {
    mp_obj *b = mp_bytes_alloc(size);
    if (data)
        memcpy(BYTES(b)->data, data, size);
    else
        memset(BYTES(b)->data, 0, size);
    return b;
}

/* Makes room for `need` bytes (amortised doubling). */
static void barray_reserve(mp_bytearray *a, size_t need) {
    if (need <= a->cap)
        return;
    size_t cap = a->cap < 8 ? 8 : a->cap;
    while (cap < need)
        cap *= 2;
    a->data = mp_mem_realloc(a->data, cap);
    a->cap = cap;
}

mp_obj *mp_bytearray_new(const char *data, size_t size) {
    mp_bytearray *a = (mp_bytearray *)mp_obj_alloc(&mp_type_bytearray, sizeof(mp_bytearray));
    a->size = a->cap = 0;
    a->data = NULL;
    barray_reserve(a, size);
    if (size) {
        if (data)
            memcpy(a->data, data, size);
        else
            memset(a->data, 0, size);
    }
    a->size = size;
    return (mp_obj *)a;
}

mp_obj *mp_bytes_new_like(mp_obj *like, const char *data, size_t size) {
    return mp_bytearray_check(like) ? mp_bytearray_new(data, size) : mp_bytes_new(data, size);
}

static void bytes_dealloc(mp_obj *self) { mp_obj_free(self); }

static void barray_dealloc(mp_obj *self) {
    mp_mem_free(BARRAY(self)->data);
    mp_obj_free(self);
}

/* ---- argument helpers ------------------------------------------------------ */

int mp_bytes_byte_value(mp_obj *o, const char *msg) {
    int64_t v;
    if (mp_is_small(o)) {
        v = mp_small_val(o);
    } else {
        mp_obj *i = mp_number_index(o);
        if (!i)
            return -1;
        int r = mp_int_as_i64(i, &v);
        mp_decref(i);
        if (r < 0) {
            mp_err_clear();
            v = -1;
        }
    }
    if (v < 0 || v > 255) {
        mp_err_format(&mp_type_ValueError, "%s", msg);
        return -1;
    }
    return (int)v;
}

bool mp_bytes_arg(mp_obj *o, const char **data, size_t *size) {
    if (mp_bytes_view(o, data, size))
        return true;
    mp_err_format(&mp_type_TypeError, "a bytes-like object is required, not '%s'", mp_type_name(o));
    return false;
}

/* ---- codecs ---------------------------------------------------------------- */

enum codec {
    CODEC_UTF8,
    CODEC_ASCII,
    CODEC_LATIN1,
    CODEC_UNKNOWN
};
enum errmode {
    ERR_STRICT,
    ERR_REPLACE,
    ERR_IGNORE
};

/* Python's codec lookup normalises case and '_'/'-'/' '. */
static enum codec codec_lookup(const char *name) {
    char norm[32];
    size_t n = 0;
    for (const char *p = name; *p && n < sizeof norm - 1; p++)
        norm[n++] = *p == '_' || *p == ' ' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
    norm[n] = '\0';
    static const struct {
        const char *name;
        enum codec c;
    } names[] = {{"utf-8", CODEC_UTF8},     {"utf8", CODEC_UTF8},
                 {"u8", CODEC_UTF8},        {"ascii", CODEC_ASCII},
                 {"us-ascii", CODEC_ASCII}, {"latin-1", CODEC_LATIN1},
                 {"latin1", CODEC_LATIN1},  {"iso-8859-1", CODEC_LATIN1},
                 {"l1", CODEC_LATIN1},      {"iso8859-1", CODEC_LATIN1}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(norm, names[i].name) == 0)
            return names[i].c;
    return CODEC_UNKNOWN;
}

bool mp_codec_known(const char *encoding) { return codec_lookup(encoding) != CODEC_UNKNOWN; }
bool mp_codec_is_utf8(const char *encoding) { return codec_lookup(encoding) == CODEC_UTF8; }

static const char *const codec_names[] = {"utf-8", "ascii", "latin-1"};

static int codec_setup(const char *encoding, const char *errors, enum codec *c, enum errmode *e) {
    *c = encoding ? codec_lookup(encoding) : CODEC_UTF8;
    if (*c == CODEC_UNKNOWN) {
        mp_err_format(&mp_type_LookupError, "unknown encoding: %s", encoding);
        return -1;
    }
    /* CPython only looks the handler up when an error occurs; unknown
     * names behave as strict until then. */
    *e = !errors                          ? ERR_STRICT
         : strcmp(errors, "replace") == 0 ? ERR_REPLACE
         : strcmp(errors, "ignore") == 0  ? ERR_IGNORE
                                          : ERR_STRICT;
    return 0;
}

int mp_codec_args(const char *fname, mp_obj *enc, mp_obj *err, const char **encoding,
                  const char **errors) {
    mp_obj *vals[2] = {enc, err};
    const char *names[2] = {"encoding", "errors"};
    const char **outs[2] = {encoding, errors};
    for (int i = 0; i < 2; i++) {
        *outs[i] = NULL;
        if (!vals[i])
            continue;
        if (!mp_str_check(vals[i])) {
            mp_err_format(&mp_type_TypeError, "%s() argument '%s' must be str, not %T", fname,
                          names[i], vals[i]);
            return -1;
        }
        *outs[i] = mp_str_data(vals[i]);
    }
    return 0;
}

mp_obj *mp_str_encode(mp_obj *str, const char *encoding, const char *errors) {
    enum codec c;
    enum errmode e;
    if (codec_setup(encoding, errors, &c, &e) < 0)
        return NULL;
    const char *p = mp_str_data(str), *end = p + mp_str_size(str);
    if (c == CODEC_UTF8) {
        /* str data is UTF-8 already, except for lone surrogates. */
        const char *q = p;
        size_t pos = 0;
        for (; q < end; pos++) {
            uint32_t cp = mp_utf8_next(&q);
            if (cp >= 0xD800 && cp <= 0xDFFF && e == ERR_STRICT) {
                mp_err_format(&mp_type_UnicodeEncodeError,
                              "'utf-8' codec can't encode character '\\u%04x' in position %zu: "
                              "surrogates not allowed",
                              cp, pos);
                return NULL;
            }
        }
        return mp_bytes_new(p, mp_str_size(str));
    }
    uint32_t limit = c == CODEC_ASCII ? 0x80 : 0x100;
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(str));
    for (size_t pos = 0; p < end; pos++) {
        uint32_t cp = mp_utf8_next(&p);
        if (cp < limit) {
            mp_sb_addc(&sb, (char)cp);
        } else if (e == ERR_REPLACE) {
            mp_sb_addc(&sb, '?');
        } else if (e == ERR_STRICT) {
            size_t last = pos;
            for (const char *q = p; q < end && mp_utf8_next(&q) >= limit;)
                last++;
            mp_sb_free(&sb);
            const char *why = c == CODEC_ASCII ? "128" : "256";
            if (last == pos) {
                char esc[16];
                snprintf(esc, sizeof esc,
                         cp < 0x100     ? "\\x%02x"
                         : cp < 0x10000 ? "\\u%04x"
                                        : "\\U%08x",
                         (unsigned)cp);
                mp_err_format(&mp_type_UnicodeEncodeError,
                              "'%s' codec can't encode character '%s' in position %zu: ordinal "
                              "not in range(%s)",
                              codec_names[c], esc, pos, why);
            } else {
                mp_err_format(&mp_type_UnicodeEncodeError,
                              "'%s' codec can't encode characters in position %zu-%zu: ordinal "
                              "not in range(%s)",
                              codec_names[c], pos, last, why);
            }
            return NULL;
        }
    }
    mp_obj *r = mp_bytes_new(sb.buf, sb.len);
    mp_sb_free(&sb);
    return r;
}

mp_obj *mp_bytes_decode(const char *data, size_t size, const char *encoding, const char *errors) {
    enum codec c;
    enum errmode e;
    if (codec_setup(encoding, errors, &c, &e) < 0)
        return NULL;
    if (c == CODEC_UTF8 && e == ERR_STRICT)
        return mp_str_decode_utf8(data, size);
    const uint8_t *p = (const uint8_t *)data;
    mp_sb sb;
    mp_sb_init(&sb, size);
    for (size_t i = 0; i < size;) {
        if (p[i] < 0x80 || c == CODEC_LATIN1) {
            mp_sb_add_codepoint(&sb, p[i++]);
            continue;
        }
        size_t bad = 1;
        if (c == CODEC_UTF8) {
            ptrdiff_t r = mp_utf8_check_seq(p + i, size - i);
            if (r > 0) {
                mp_sb_add(&sb, data + i, (size_t)r);
                i += (size_t)r;
                continue;
            }
            bad = r == 0 ? 1 : (size_t)-r;
        } else if (e == ERR_STRICT) {
            mp_sb_free(&sb);
            mp_err_format(&mp_type_UnicodeDecodeError,
                          "'ascii' codec can't decode byte 0x%x in position %zu: ordinal not in "
                          "range(128)",
                          p[i], i);
            return NULL;
        }
        if (e == ERR_REPLACE)
            mp_sb_add_codepoint(&sb, 0xFFFD);
        i += bad;
    }
    return mp_sb_finish(&sb);
}

/* ---- constructors ---------------------------------------------------------- */

/* Fills `out` (a bytearray used as a buffer) from the source argument of
 * bytes()/bytearray(): an int count, a bytes-like object or an iterable
 * of ints.  `tname` and `range_msg` give the type-specific messages. */
static int fill_from(mp_obj *out, mp_obj *src, const char *tname, const char *range_msg) {
    mp_bytearray *a = BARRAY(out);
    const char *p;
    size_t n;
    if (mp_bytes_view(src, &p, &n)) {
        barray_reserve(a, a->size + n);
        memcpy(a->data + a->size, p, n);
        a->size += n;
        return 0;
    }
    if (mp_int_check(src)) {
        mp_ssize_t count = mp_index_ssize(src);
        if (count == -1 && mp_err_occurred())
            return -1;
        if (count < 0) {
            mp_err_format(&mp_type_ValueError, "negative count");
            return -1;
        }
        barray_reserve(a, a->size + (size_t)count);
        memset(a->data + a->size, 0, (size_t)count);
        a->size += (size_t)count;
        return 0;
    }
    mp_obj *it = mp_iter(src);
    if (!it) {
        if (mp_err_matches(&mp_type_TypeError)) {
            mp_err_clear();
            mp_err_format(&mp_type_TypeError, "cannot convert '%s' object to %s", mp_type_name(src),
                          tname);
        }
        return -1;
    }
    mp_obj *item;
    while ((item = mp_iternext(it))) {
        int v = mp_bytes_byte_value(item, range_msg);
        mp_decref(item);
        if (v < 0)
            break;
        barray_reserve(a, a->size + 1);
        a->data[a->size++] = (char)v;
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

/* The shared constructor: bytes([source[, encoding[, errors]]]). */
static mp_obj *construct(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"source", "encoding", "errors"};
    bool is_bytes = type == &mp_type_bytes;
    const char *tname = is_bytes ? "bytes" : "bytearray";
    mp_obj *a[3];
    const char *enc, *err;
    if (mp_arg_parse(tname, args, nargs, kwnames, names, 3, 0, a) < 0 ||
        mp_codec_args(tname, a[1], a[2], &enc, &err) < 0)
        return NULL;
    if (a[0] && mp_str_check(a[0])) {
        if (!enc) {
            mp_err_format(&mp_type_TypeError, "string argument without an encoding");
            return NULL;
        }
        mp_obj *b = mp_str_encode(a[0], enc, err);
        if (!b || is_bytes)
            return b;
        mp_obj *r = mp_bytearray_new(BYTES(b)->data, BYTES(b)->size);
        mp_decref(b);
        return r;
    }
    if (enc || err) {
        mp_err_format(&mp_type_TypeError, "%s without a string argument",
                      enc ? "encoding" : "errors");
        return NULL;
    }
    if (is_bytes && a[0] && mp_bytes_check(a[0]))
        return mp_newref(a[0]);
    mp_obj *buf = mp_bytearray_new(NULL, 0);
    if (a[0] && fill_from(buf, a[0], tname,
                          is_bytes ? "bytes must be in range(0, 256)"
                                   : "byte must be in range(0, 256)") < 0) {
        mp_decref(buf);
        return NULL;
    }
    if (!is_bytes)
        return buf;
    mp_obj *r = mp_bytes_new(BARRAY(buf)->data, BARRAY(buf)->size);
    mp_decref(buf);
    return r;
}

/* ---- repr, hash, comparison ------------------------------------------------ */

/* b'...' with CPython's quote choice and escapes, into sb.  bytearray's
 * repr (a CPython quirk) escapes ' even inside double quotes. */
static void add_repr(mp_sb *sb, const char *p, size_t n, bool always_escape_squote) {
    bool sq = memchr(p, '\'', n) != NULL, dq = memchr(p, '"', n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    mp_sb_addc(sb, 'b');
    mp_sb_addc(sb, quote);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)p[i];
        char esc[4] = {'\\', 0, 0, 0};
        if (c == (uint8_t)quote || c == '\\' || (c == '\'' && always_escape_squote)) {
            esc[1] = (char)c;
            mp_sb_add(sb, esc, 2);
        } else if (c == '\t' || c == '\n' || c == '\r') {
            esc[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
            mp_sb_add(sb, esc, 2);
        } else if (c < 0x20 || c >= 0x7f) {
            esc[1] = 'x';
            esc[2] = hex[c >> 4];
            esc[3] = hex[c & 15];
            mp_sb_add(sb, esc, 4);
        } else {
            mp_sb_addc(sb, (char)c);
        }
    }
    mp_sb_addc(sb, quote);
}

static mp_obj *bytes_repr(mp_obj *self) {
    const char *p;
    size_t n;
    mp_bytes_view(self, &p, &n);
    mp_sb sb;
    mp_sb_init(&sb, n + 16);
    bool ba = mp_bytearray_check(self);
    if (ba)
        mp_sb_add_cstr(&sb, "bytearray(");
    add_repr(&sb, p, n, ba);
    if (ba)
        mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
}

/* FNV-1a: deterministic (CPython's is randomised anyway). */
static mp_hash_t bytes_hash(mp_obj *self) {
    mp_bytes *b = BYTES(self);
    if (b->hash != -1)
        return b->hash;
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < b->size; i++)
        h = (h ^ (uint8_t)b->data[i]) * 1099511628211u;
    mp_hash_t r = (mp_hash_t)(h >> 2);
    return b->hash = r == -1 ? -2 : r;
}

static int compare_views(const char *a, size_t an, const char *b, size_t bn) {
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : an < bn ? -1 : an > bn;
}

static mp_obj *bytes_richcompare(mp_obj *a, mp_obj *b, int op) {
    const char *pa, *pb;
    size_t na, nb;
    if (!mp_bytes_view(a, &pa, &na) || !mp_bytes_view(b, &pb, &nb))
        return mp_NotImplemented;
    if ((op == MP_EQ || op == MP_NE) && na != nb)
        return mp_bool_from(op == MP_NE);
    return mp_bool_from(mp_cmp_result(compare_views(pa, na, pb, nb), op));
}

/* ---- + and * ------------------------------------------------------------------ */

static mp_obj *repeat(mp_obj *like, const char *p, size_t n, mp_obj *count) {
    mp_ssize_t k = mp_index_ssize(count);
    if (k == -1 && mp_err_occurred())
        return NULL;
    if (k < 0 || n == 0)
        k = 0;
    if (n && (size_t)k > (SIZE_MAX / 2) / n) {
        mp_err_no_memory();
        return NULL;
    }
    mp_obj *r = mp_bytes_new_like(like, NULL, n * (size_t)k);
    const char *dst;
    size_t dn;
    mp_bytes_view(r, &dst, &dn);
    for (mp_ssize_t i = 0; i < k; i++)
        memcpy((char *)dst + (size_t)i * n, p, n);
    return r;
}

static mp_obj *bytes_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    const char *pa, *pb;
    size_t na, nb;
    if (op == MP_OP_ADD) {
        if (!mp_bytes_view(a, &pa, &na))
            return mp_NotImplemented;
        if (!mp_bytes_view(b, &pb, &nb)) {
            mp_err_format(&mp_type_TypeError, "can't concat %s to %s", mp_type_name(b),
                          mp_type_name(a));
            return NULL;
        }
        mp_obj *r = mp_bytes_new_like(a, NULL, na + nb);
        const char *dst;
        size_t dn;
        mp_bytes_view(r, &dst, &dn);
        memcpy((char *)dst, pa, na);
        memcpy((char *)dst + na, pb, nb);
        return r;
    }
    if (op == MP_OP_MUL) {
        mp_obj *seq = mp_bytes_view(a, &pa, &na) ? a : b;
        mp_obj *count = seq == a ? b : a;
        if (!mp_bytes_view(seq, &pa, &na))
            return mp_NotImplemented;
        if (!mp_int_check(count) && !mp_str_class_defines(count, "__index__")) {
            /* Leave the reflected operand of a user class its turn. */
            if (seq == b || mp_str_class_defines(count, "__rmul__"))
                return mp_NotImplemented;
            mp_err_format(&mp_type_TypeError, "can't multiply sequence by non-int of type '%s'",
                          mp_type_name(count));
            return NULL;
        }
        return repeat(seq, pa, na, count);
    }
    return mp_NotImplemented;
}

/* ---- sequence protocol --------------------------------------------------------- */

static mp_ssize_t bytes_len(mp_obj *self) {
    const char *p;
    size_t n;
    mp_bytes_view(self, &p, &n);
    return (mp_ssize_t)n;
}

static mp_obj *bytes_getitem(mp_obj *self, mp_obj *key) {
    const char *p;
    size_t n;
    mp_bytes_view(self, &p, &n);
    bool ba = mp_bytearray_check(self);
    if (mp_slice_check(key)) {
        mp_ssize_t start, stop, step;
        mp_ssize_t len = mp_slice_indices(key, (mp_ssize_t)n, &start, &stop, &step);
        if (len < 0)
            return NULL;
        if (step == 1)
            return mp_bytes_new_like(self, p + start, (size_t)len);
        mp_obj *r = mp_bytes_new_like(self, NULL, (size_t)len);
        const char *dst;
        size_t dn;
        mp_bytes_view(r, &dst, &dn);
        for (mp_ssize_t i = 0; i < len; i++)
            ((char *)dst)[i] = p[start + i * step];
        return r;
    }
    if (!mp_int_check(key)) {
        mp_err_format(&mp_type_TypeError, "%s indices must be integers or slices, not %s",
                      ba ? "bytearray" : "byte", mp_type_name(key));
        return NULL;
    }
    mp_ssize_t i;
    if (mp_seq_index(key, (mp_ssize_t)n, ba ? "bytearray" : NULL, &i) < 0) {
        if (!ba && mp_err_matches(&mp_type_IndexError)) {
            mp_err_clear();
            mp_err_format(&mp_type_IndexError, "index out of range");
        }
        return NULL;
    }
    return mp_small((uint8_t)p[i]);
}

static int bytes_contains(mp_obj *self, mp_obj *value) {
    const char *p, *q;
    size_t n, m;
    mp_bytes_view(self, &p, &n);
    if (mp_bytes_view(value, &q, &m))
        return mp_str_memfind(p, n, q, m) != NULL;
    if (!mp_int_check(value)) {
        mp_err_format(&mp_type_TypeError, "a bytes-like object is required, not '%s'",
                      mp_type_name(value));
        return -1;
    }
    int v = mp_bytes_byte_value(value, "byte must be in range(0, 256)");
    if (v < 0)
        return -1;
    return memchr(p, v, n) != NULL;
}

/* ---- iteration ------------------------------------------------------------------ */

typedef struct bytes_iter {
    mp_obj head;
    mp_obj *seq; /* NULL once exhausted */
    size_t index;
} bytes_iter;

static mp_obj *bytes_iter_new(mp_obj *self) {
    bytes_iter *it = (bytes_iter *)mp_obj_alloc(&mp_type_bytes_iterator, sizeof(bytes_iter));
    it->seq = mp_newref(self);
    it->index = 0;
    return (mp_obj *)it;
}

static mp_obj *bytes_iter_next(mp_obj *self) {
    bytes_iter *it = (bytes_iter *)self;
    const char *p;
    size_t n;
    if (!it->seq)
        return NULL;
    mp_bytes_view(it->seq, &p, &n);
    if (it->index >= n) {
        mp_decref(it->seq);
        it->seq = NULL;
        return NULL;
    }
    return mp_small((uint8_t)p[it->index++]);
}

static void bytes_iter_dealloc(mp_obj *self) {
    mp_xdecref(((bytes_iter *)self)->seq);
    mp_obj_free(self);
}

static mp_obj *self_iter(mp_obj *self) { return mp_newref(self); }

mp_type mp_type_bytes_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "bytes_iterator",
    .basicsize = sizeof(bytes_iter),
    .dealloc = bytes_iter_dealloc,
    .iter = self_iter,
    .iternext = bytes_iter_next,
};

/* ---- bytearray mutation --------------------------------------------------------- */

/* Replaces a[start:start+len] with n bytes from p (p may point into a). */
static void barray_splice(mp_bytearray *a, size_t start, size_t len, const char *p, size_t n) {
    char *copy = NULL;
    if (n && p >= a->data && p < a->data + a->cap) {
        copy = mp_mem_alloc(n);
        memcpy(copy, p, n);
        p = copy;
    }
    size_t tail = a->size - start - len;
    barray_reserve(a, a->size - len + n);
    memmove(a->data + start + n, a->data + start + len, tail);
    if (n)
        memcpy(a->data + start, p, n);
    a->size = a->size - len + n;
    mp_mem_free(copy);
}

/* The bytes of a slice-assignment value: bytes-like, or an iterable of
 * ints gathered into *tmp (a bytearray the caller drops). */
static bool assign_source(mp_obj *value, const char **p, size_t *n, mp_obj **tmp) {
    *tmp = NULL;
    if (mp_bytes_view(value, p, n))
        return true;
    if (mp_int_check(value) || mp_str_check(value)) {
        mp_err_format(&mp_type_TypeError,
                      "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        return false;
    }
    *tmp = mp_bytearray_new(NULL, 0);
    if (fill_from(*tmp, value, "bytearray", "byte must be in range(0, 256)") < 0) {
        mp_decref(*tmp);
        *tmp = NULL;
        return false;
    }
    return mp_bytes_view(*tmp, p, n);
}

static int barray_set_slice(mp_bytearray *a, mp_obj *key, mp_obj *value) {
    mp_ssize_t start, stop, step;
    mp_ssize_t len = mp_slice_indices(key, (mp_ssize_t)a->size, &start, &stop, &step);
    if (len < 0)
        return -1;
    const char *p = NULL;
    size_t n = 0;
    mp_obj *tmp = NULL;
    if (value && !assign_source(value, &p, &n, &tmp))
        return -1;
    int r = 0;
    if (step == 1) {
        barray_splice(a, (size_t)start, (size_t)len, p, n);
    } else if (!value) {
        /* Extended-slice deletion: compact the survivors. */
        size_t w = 0;
        for (size_t i = 0; i < a->size; i++) {
            mp_ssize_t d = (mp_ssize_t)i - start;
            bool gone = len > 0 && d % step == 0 && d / step >= 0 && d / step < len;
            if (!gone)
                a->data[w++] = a->data[i];
        }
        a->size = w;
    } else if ((size_t)len != n) {
        mp_err_format(&mp_type_ValueError,
                      "attempt to assign bytes of size %zu to extended slice of size %zd", n, len);
        r = -1;
    } else {
        for (mp_ssize_t i = 0; i < len; i++)
            a->data[start + i * step] = p[i];
    }
    mp_xdecref(tmp);
    return r;
}

static int barray_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    mp_bytearray *a = BARRAY(self);
    if (mp_slice_check(key))
        return barray_set_slice(a, key, value);
    if (!mp_int_check(key)) {
        mp_err_format(&mp_type_TypeError, "bytearray indices must be integers or slices, not %s",
                      mp_type_name(key));
        return -1;
    }
    mp_ssize_t i;
    if (mp_seq_index(key, (mp_ssize_t)a->size, "bytearray", &i) < 0)
        return -1;
    if (!value) {
        barray_splice(a, (size_t)i, 1, NULL, 0);
        return 0;
    }
    int v = mp_bytes_byte_value(value, "byte must be in range(0, 256)");
    if (v < 0)
        return -1;
    a->data[i] = (char)v;
    return 0;
}

static mp_obj *barray_inplace(mp_obj *self, mp_obj *other, mp_binop_t op) {
    mp_bytearray *a = BARRAY(self);
    const char *p;
    size_t n;
    if (op == MP_OP_ADD) {
        if (!mp_bytes_view(other, &p, &n)) {
            mp_err_format(&mp_type_TypeError, "can't concat %s to bytearray", mp_type_name(other));
            return NULL;
        }
        barray_splice(a, a->size, 0, p, n);
        return mp_newref(self);
    }
    if (op == MP_OP_MUL && mp_int_check(other)) {
        mp_obj *r = repeat(self, a->data ? a->data : "", a->size, other);
        if (!r)
            return NULL;
        mp_bytearray *ra = BARRAY(r);
        barray_splice(a, 0, a->size, ra->data, ra->size);
        mp_decref(r);
        return mp_newref(self);
    }
    return mp_NotImplemented;
}

#define METHOD(name)                                                                               \
    static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames)

static bool one_arg(const char *fname, size_t nargs, mp_obj *kwnames) {
    return mp_arg_no_kw(fname, kwnames) == 0 && mp_arg_count(fname, nargs, 1, 1) == 0;
}
static bool no_args(const char *fname, size_t nargs, mp_obj *kwnames) {
    return mp_arg_no_kw(fname, kwnames) == 0 && mp_arg_count(fname, nargs, 0, 0) == 0;
}

METHOD(barray_append) {
    if (!one_arg("append", nargs, kwnames))
        return NULL;
    int v = mp_bytes_byte_value(args[0], "byte must be in range(0, 256)");
    if (v < 0)
        return NULL;
    char c = (char)v;
    barray_splice(BARRAY(self), BARRAY(self)->size, 0, &c, 1);
    return mp_None;
}

METHOD(barray_extend) {
    if (!one_arg("extend", nargs, kwnames))
        return NULL;
    if (mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "expected iterable of integers; got: 'str'");
        return NULL;
    }
    if (mp_int_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "can't extend bytearray with %s", mp_type_name(args[0]));
        return NULL;
    }
    return fill_from(self, args[0], "bytearray", "byte must be in range(0, 256)") < 0 ? NULL
                                                                                      : mp_None;
}

METHOD(barray_pop) {
    mp_bytearray *a = BARRAY(self);
    if (mp_arg_no_kw("pop", kwnames) || mp_arg_count("pop", nargs, 0, 1))
        return NULL;
    mp_ssize_t i = -1;
    if (nargs) {
        i = mp_index_ssize(args[0]);
        if (i == -1 && mp_err_occurred())
            return NULL;
    }
    if (a->size == 0) {
        mp_err_format(&mp_type_IndexError, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0)
        i += (mp_ssize_t)a->size;
    if (i < 0 || (size_t)i >= a->size) {
        mp_err_format(&mp_type_IndexError, "pop index out of range");
        return NULL;
    }
    uint8_t v = (uint8_t)a->data[i];
    barray_splice(a, (size_t)i, 1, NULL, 0);
    return mp_small(v);
}

METHOD(barray_insert) {
    mp_bytearray *a = BARRAY(self);
    if (mp_arg_no_kw("insert", kwnames) || mp_arg_count("insert", nargs, 2, 2))
        return NULL;
    mp_ssize_t i = mp_index_ssize(args[0]);
    if (i == -1 && mp_err_occurred())
        return NULL;
    int v = mp_bytes_byte_value(args[1], "byte must be in range(0, 256)");
    if (v < 0)
        return NULL;
    mp_ssize_t n = (mp_ssize_t)a->size;
    if (i < 0)
        i = i + n < 0 ? 0 : i + n;
    if (i > n)
        i = n;
    char c = (char)v;
    barray_splice(a, (size_t)i, 0, &c, 1);
    return mp_None;
}

METHOD(barray_remove) {
    mp_bytearray *a = BARRAY(self);
    if (!one_arg("remove", nargs, kwnames))
        return NULL;
    int v = mp_bytes_byte_value(args[0], "byte must be in range(0, 256)");
    if (v < 0)
        return NULL;
    char *at = a->size ? memchr(a->data, v, a->size) : NULL;
    if (!at) {
        mp_err_format(&mp_type_ValueError, "value not found in bytearray");
        return NULL;
    }
    barray_splice(a, (size_t)(at - a->data), 1, NULL, 0);
    return mp_None;
}

METHOD(barray_clear) {
    if (!no_args("clear", nargs, kwnames))
        return NULL;
    BARRAY(self)->size = 0;
    return mp_None;
}

METHOD(barray_copy) {
    if (!no_args("copy", nargs, kwnames))
        return NULL;
    return mp_bytearray_new(BARRAY(self)->data, BARRAY(self)->size);
}

METHOD(barray_reverse) {
    mp_bytearray *a = BARRAY(self);
    if (!no_args("reverse", nargs, kwnames))
        return NULL;
    for (size_t i = 0, j = a->size; i + 1 < j; i++, j--) {
        char t = a->data[i];
        a->data[i] = a->data[j - 1];
        a->data[j - 1] = t;
    }
    return mp_None;
}

const mp_method_def mp_bytearray_methods[] = {
    {"append", barray_append, 0, NULL},
    {"extend", barray_extend, 0, NULL},
    {"pop", barray_pop, 0, NULL},
    {"insert", barray_insert, 0, NULL},
    {"remove", barray_remove, 0, NULL},
    {"clear", barray_clear, 0, NULL},
    {"copy", barray_copy, 0, NULL},
    {"reverse", barray_reverse, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the types ----------------------------------------------------------------- */

mp_type mp_type_bytes = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "bytes",
    .basicsize = sizeof(mp_bytes),
    .base = &mp_type_object,
    .dealloc = bytes_dealloc,
    .repr = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .binop = bytes_binop,
    .new_ = construct,
    .iter = bytes_iter_new,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .contains = bytes_contains,
    .methods = mp_bytes_methods,
};

/* bytearray's methods: the shared read-only ones plus its own mutators,
 * merged at start-up into one table (a type has a single methods slot). */
static mp_method_def barray_all_methods[96];

mp_type mp_type_bytearray = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "bytearray",
    .basicsize = sizeof(mp_bytearray),
    .base = &mp_type_object,
    .dealloc = barray_dealloc,
    .repr = bytes_repr,
    .richcompare = bytes_richcompare,
    .binop = bytes_binop,
    .inplace = barray_inplace,
    .new_ = construct,
    .iter = bytes_iter_new,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .setitem = barray_setitem,
    .contains = bytes_contains,
    .methods = barray_all_methods,
};

void mp_bytes_init(void) {
    size_t n = 0;
    for (const mp_method_def *d = mp_bytes_methods; d->name; d++)
        barray_all_methods[n++] = *d;
    for (const mp_method_def *d = mp_bytearray_methods; d->name; d++)
        barray_all_methods[n++] = *d;
    mp_type_ready(&mp_type_bytes);
    mp_type_ready(&mp_type_bytearray);
    mp_type_ready(&mp_type_bytes_iterator);
}
