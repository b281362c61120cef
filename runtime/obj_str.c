/*
 * obj_str.c — the str type: immutable text stored as UTF-8 with its
 * code-point length, so ASCII strings index in O(1) and everything else
 * walks the bytes.  This file owns the object itself (allocation, hash,
 * comparison, +, *, indexing, slicing, iteration, repr), the interning
 * table, the mp_sb string builder and UTF-8 decoding.  The methods live in
 * str_methods.c and the formatting operations in str_format.c.
 */
#define _GNU_SOURCE /* memmem, memrchr */
#include "runtime/obj_str.h"

#include <stddef.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_int.h"
#include "runtime/obj_range.h"
#include "runtime/str_impl.h"
#include "runtime/str_unicode.h"

/* Strings longer than this are refused with MemoryError instead of
 * letting the allocator abort the process. */
#define STR_MAX_SIZE ((size_t)1 << 40)

/* ---- allocation ------------------------------------------------------- */

/* The empty string and every one-character Latin-1 string are interned
 * singletons, filled in by mp_str_init (as in CPython): iteration,
 * indexing and split() of Latin-1 text then allocate nothing. */
static mp_obj *empty_str;
static mp_obj *latin1_chars[256];

static mp_strobj *str_alloc(mp_type *type, size_t size) {
    mp_strobj *s = (mp_strobj *)mp_obj_alloc(type, offsetof(mp_strobj, data) + size + 1);
    s->hash = -1;
    s->size = size;
    s->interned = 0;
    s->data[size] = '\0';
    return s;
}

/* Resizes a uniquely referenced str's memory block. */
static mp_strobj *str_resize(mp_strobj *s, size_t size) {
    s = (mp_strobj *)mp_obj_realloc(&s->head, offsetof(mp_strobj, data) + size + 1);
    s->size = size;
    s->data[size] = '\0';
    return s;
}

static inline void str_set_len(mp_strobj *s, size_t len) {
    s->len = len;
    s->ascii = len == s->size;
}

/* The cached singleton for a 0- or 1-character text, or NULL. */
static mp_obj *cached_str(const char *p, size_t size) {
    const uint8_t *u = (const uint8_t *)p;
    if (size == 0)
        return empty_str;
    if (size == 1 && u[0] < 0x80)
        return latin1_chars[u[0]];
    if (size == 2 && (u[0] == 0xC2 || u[0] == 0xC3))
        return latin1_chars[((u[0] & 0x1F) << 6) | (u[1] & 0x3F)];
    return NULL;
}

mp_obj *mp_str_new_len(const char *utf8, size_t size, size_t len) {
    if (len <= 1) {
        mp_obj *c = cached_str(utf8, size);
        if (c)
            return c;
    }
    mp_strobj *s = str_alloc(&mp_type_str, size);
    memcpy(s->data, utf8, size);
    str_set_len(s, len);
    return (mp_obj *)s;
}

size_t mp_utf8_count(const char *p, size_t n) {
    /* A code point starts at every byte that is not a continuation byte
     * (10xxxxxx); count the continuation bytes a word at a time. */
    size_t cont = 0, i = 0;
    const uint64_t hi = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        cont += (size_t)__builtin_popcountll(w & ~(w << 1) & hi);
    }
    for (; i < n; i++)
        cont += ((uint8_t)p[i] & 0xC0) == 0x80;
    return n - cont;
}

mp_obj *mp_str_new(const char *utf8, size_t size) {
    return mp_str_new_len(utf8, size, mp_utf8_count(utf8, size));
}

mp_obj *mp_str_from_cstr(const char *s) { return mp_str_new(s, strlen(s)); }

mp_obj *mp_str_alloc(size_t size) { return (mp_obj *)str_alloc(&mp_type_str, size); }

mp_obj *mp_str_finish(mp_obj *o) {
    mp_strobj *s = (mp_strobj *)o;
    str_set_len(s, mp_utf8_count(s->data, s->size));
    return o;
}

mp_obj *mp_str_empty(void) { return empty_str ? empty_str : mp_str_intern_n("", 0); }

mp_obj *mp_str_from_codepoint(uint32_t cp) {
    char buf[4];
    return mp_str_new_len(buf, mp_utf8_encode(cp, buf), 1);
}

mp_obj *mp_str_sub(mp_obj *o, size_t from, size_t to, size_t len) {
    mp_strobj *s = (mp_strobj *)o;
    if (from == 0 && to == s->size && s->head.type == &mp_type_str)
        return mp_newref(o);
    return mp_str_new_len(s->data + from, to - from, len);
}

mp_obj *mp_str_exact(mp_obj *self) {
    if (mp_typeof(self) == &mp_type_str)
        return mp_newref(self);
    return mp_str_new_len(mp_str_data(self), mp_str_size(self), mp_str_len(self));
}

static void str_dealloc(mp_obj *o) { mp_obj_free(o); }

/* ---- UTF-8 positions --------------------------------------------------- */

size_t mp_str_offset(mp_obj *o, size_t index) {
    mp_strobj *s = (mp_strobj *)o;
    if (s->ascii)
        return index;
    const char *p;
    if (index <= s->len / 2) {
        p = s->data;
        for (size_t i = 0; i < index; i++)
            p += mp_utf8_seqlen((uint8_t)*p);
    } else {
        p = s->data + s->size;
        for (size_t i = s->len; i > index; i--)
            do
                p--;
            while (((uint8_t)*p & 0xC0) == 0x80);
    }
    return (size_t)(p - s->data);
}

size_t mp_str_index_of(mp_obj *o, size_t off) {
    mp_strobj *s = (mp_strobj *)o;
    return s->ascii ? off : mp_utf8_count(s->data, off);
}

/* ---- decoding ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (at most n bytes), or minus the
 * length of its longest valid prefix (0 for an invalid lead byte). */
static ptrdiff_t utf8_valid_seq(const uint8_t *p, size_t n) {
    uint8_t c = p[0];
    if (c < 0x80)
        return 1;
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    size_t k = 1;
    for (; k < need && k < n; k++) {
        uint8_t b = p[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            return -(ptrdiff_t)k;
    }
    return k == need ? (ptrdiff_t)need : -(ptrdiff_t)k;
}

ptrdiff_t mp_utf8_check_seq(const uint8_t *p, size_t n) { return utf8_valid_seq(p, n); }

mp_obj *mp_str_decode_utf8(const char *bytes, size_t size) {
    const uint8_t *p = (const uint8_t *)bytes;
    size_t i = 0;
    while (i < size) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        ptrdiff_t r = utf8_valid_seq(p + i, size - i);
        if (r > 0) {
            i += (size_t)r;
            continue;
        }
        size_t bad = r == 0 ? 1 : (size_t)-r;
        const char *why = r == 0            ? "invalid start byte"
                          : i + bad == size ? "unexpected end of data"
                                            : "invalid continuation byte";
        if (bad == 1)
            mp_err_format(&mp_type_UnicodeDecodeError,
                          "'utf-8' codec can't decode byte 0x%x in position %zu: %s", p[i], i, why);
        else
            mp_err_format(&mp_type_UnicodeDecodeError,
                          "'utf-8' codec can't decode bytes in position %zu-%zu: %s", i,
                          i + bad - 1, why);
        return NULL;
    }
    return mp_str_new(bytes, size);
}

/* ---- hashing and equality ---------------------------------------------- */

static inline uint64_t mix64(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* A wyhash-style multiply-fold hash: 16 bytes per step.  CPython's str
 * hash is randomised per process, so no program can depend on the value. */
static mp_hash_t hash_bytes(const char *p, size_t n) {
    const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                   k2 = 0x8ebc6af09c88c6e3ull;
    uint64_t h = k2 ^ n, a, b;
    for (; n >= 16; p += 16, n -= 16) {
        memcpy(&a, p, 8);
        memcpy(&b, p + 8, 8);
        h = mix64(a ^ k0, b ^ h ^ k1);
    }
    a = b = 0;
    if (n > 8) {
        memcpy(&a, p, 8);
        memcpy(&b, p + 8, n - 8);
    } else
        memcpy(&a, p, n);
    h = mix64(a ^ k0 ^ h, b ^ k1);
    h = mix64(h ^ k2, k0);
    return (int64_t)h == -1 ? -2 : (mp_hash_t)h;
}

mp_hash_t mp_str_hash(mp_obj *o) {
    mp_strobj *s = (mp_strobj *)o;
    if (s->hash == -1)
        s->hash = hash_bytes(s->data, s->size);
    return s->hash;
}

bool mp_str_eq(mp_obj *a, mp_obj *b) {
    if (a == b)
        return true;
    mp_strobj *x = (mp_strobj *)a, *y = (mp_strobj *)b;
    if (x->size != y->size)
        return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return false;
    return memcmp(x->data, y->data, x->size) == 0;
}

bool mp_str_eq_cstr(mp_obj *a, const char *s) {
    size_t n = strlen(s);
    return mp_str_size(a) == n && memcmp(mp_str_data(a), s, n) == 0;
}

/* Byte order of UTF-8 is code-point order. */
static int str_cmp(mp_obj *a, mp_obj *b) {
    size_t na = mp_str_size(a), nb = mp_str_size(b);
    int c = memcmp(mp_str_data(a), mp_str_data(b), na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

static mp_obj *str_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_str_check(b))
        return mp_newref(mp_NotImplemented);
    bool r;
    if (op == MP_EQ || op == MP_NE) {
        r = mp_str_eq(a, b) == (op == MP_EQ);
    } else {
        int c = str_cmp(a, b);
        r = op == MP_LT ? c < 0 : op == MP_LE ? c <= 0 : op == MP_GT ? c > 0 : c >= 0;
    }
    return mp_bool_from(r);
}

/* ---- interning ------------------------------------------------------- */

/* The table of interned strings: open addressing with linear probing, at
 * most half full.  It is shared by all threads; intern_lookup_or_add is
 * the only function touching it, so the no-GIL build needs one lock,
 * taken there. */
static struct {
    mp_obj **slots;
    size_t mask, used;
} intern_tab;

static void intern_grow(void) {
    size_t cap = intern_tab.slots ? (intern_tab.mask + 1) * 2 : 1024;
    mp_obj **slots = mp_mem_calloc(cap, sizeof *slots);
    for (size_t i = 0; intern_tab.slots && i <= intern_tab.mask; i++) {
        mp_obj *o = intern_tab.slots[i];
        if (!o)
            continue;
        size_t j = (size_t)mp_str_hash(o) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = o;
    }
    mp_mem_free(intern_tab.slots);
    intern_tab.slots = slots;
    intern_tab.mask = cap - 1;
}

/* The interned str with this text; if there is none, `fresh` (an exact
 * str with that text, or NULL to make one) becomes it. */
static mp_obj *intern_lookup_or_add(const char *p, size_t size, mp_hash_t h, mp_obj *fresh) {
    /* NO-GIL: lock the table here. */
    if ((intern_tab.used + 1) * 2 > intern_tab.mask)
        intern_grow();
    size_t i = (size_t)h & intern_tab.mask;
    for (mp_obj *o; (o = intern_tab.slots[i]) != NULL; i = (i + 1) & intern_tab.mask) {
        mp_strobj *s = (mp_strobj *)o;
        if (s->hash == h && s->size == size && memcmp(s->data, p, size) == 0)
            return o;
    }
    if (!fresh) {
        mp_strobj *s = str_alloc(&mp_type_str, size);
        memcpy(s->data, p, size);
        str_set_len(s, mp_utf8_count(p, size));
        fresh = (mp_obj *)s;
    }
    ((mp_strobj *)fresh)->hash = h;
    ((mp_strobj *)fresh)->interned = 1;
    mp_rc_make_immortal(fresh);
    intern_tab.slots[i] = fresh;
    intern_tab.used++;
    return fresh;
}

mp_obj *mp_str_intern(mp_obj *s) {
    mp_strobj *str = (mp_strobj *)s;
    if (str->interned)
        return s;
    bool exact = str->head.type == &mp_type_str;
    mp_obj *r = intern_lookup_or_add(str->data, str->size, mp_str_hash(s), exact ? s : NULL);
    if (r != s)
        mp_decref(s);
    return r;
}

mp_obj *mp_str_intern_n(const char *s, size_t size) {
    return intern_lookup_or_add(s, size, hash_bytes(s, size), NULL);
}

mp_obj *mp_str_intern_cstr(const char *s) { return mp_str_intern_n(s, strlen(s)); }

/* ---- concatenation and repetition ------------------------------------------ */

mp_obj *mp_str_concat(mp_obj *a, mp_obj *b) {
    mp_strobj *x = (mp_strobj *)a, *y = (mp_strobj *)b;
    if (y->size == 0 && x->head.type == &mp_type_str)
        return mp_newref(a);
    if (x->size == 0 && y->head.type == &mp_type_str)
        return mp_newref(b);
    if (x->size + y->size >= STR_MAX_SIZE) {
        mp_err_no_memory();
        return NULL;
    }
    mp_strobj *s = str_alloc(&mp_type_str, x->size + y->size);
    memcpy(s->data, x->data, x->size);
    memcpy(s->data + x->size, y->data, y->size);
    s->len = x->len + y->len;
    s->ascii = x->ascii & y->ascii;
    return (mp_obj *)s;
}

mp_obj *mp_str_append(mp_obj *a, mp_obj *b) {
    mp_strobj *x = (mp_strobj *)a, *y = (mp_strobj *)b;
    /* Growing in place is only safe when nobody else can see `a`. */
    if (x->head.type != &mp_type_str || !mp_rc_is_unique(a) ||
        y->size == 0 || x->size + y->size >= STR_MAX_SIZE) {
        mp_obj *r = mp_str_concat(a, b);
        mp_decref(a);
        return r;
    }
    size_t old = x->size;
    x = str_resize(x, old + y->size);
    memcpy(x->data + old, y->data, y->size);
    x->hash = -1;
    x->len += y->len;
    x->ascii &= y->ascii;
    return (mp_obj *)x;
}

mp_obj *mp_str_join_array(mp_obj *const *parts, size_t n) {
    size_t size = 0, len = 0;
    uint8_t ascii = 1;
    for (size_t i = 0; i < n; i++) {
        mp_strobj *p = (mp_strobj *)parts[i];
        size += p->size;
        len += p->len;
        ascii &= p->ascii;
    }
    if (n == 1 && parts[0]->type == &mp_type_str)
        return mp_newref(parts[0]);
    if (size >= STR_MAX_SIZE) {
        mp_err_no_memory();
        return NULL;
    }
    if (len <= 1) {
        /* At most one part is non-empty. */
        for (size_t i = 0; i < n; i++)
            if (mp_str_size(parts[i]))
                return mp_str_exact(parts[i]);
        return mp_str_empty();
    }
    mp_strobj *s = str_alloc(&mp_type_str, size);
    char *d = s->data;
    for (size_t i = 0; i < n; i++) {
        memcpy(d, mp_str_data(parts[i]), mp_str_size(parts[i]));
        d += mp_str_size(parts[i]);
    }
    s->len = len;
    s->ascii = ascii;
    return (mp_obj *)s;
}

bool mp_str_class_defines(mp_obj *o, const char *name) {
    return !MP_IS_TAGGED(o) && (o->type->tflags & MP_TFLAG_HEAPTYPE) &&
           mp_type_lookup(o->type, mp_str_intern_cstr(name)) != NULL;
}

/* s * count, count an int or an object with __index__. */
static mp_obj *str_repeat(mp_obj *s, mp_obj *count) {
    mp_ssize_t n = mp_index_ssize(count);
    if (n == -1 && mp_err_occurred())
        return NULL;
    size_t size = mp_str_size(s);
    if (n <= 0 || size == 0)
        return mp_str_empty();
    if (n == 1)
        return mp_str_exact(s);
    if (size > (size_t)PTRDIFF_MAX / (size_t)n) {
        mp_err_format(&mp_type_OverflowError, "repeated string is too long");
        return NULL;
    }
    if (size * (size_t)n >= STR_MAX_SIZE) {
        mp_err_no_memory();
        return NULL;
    }
    size_t total = size * (size_t)n;
    mp_strobj *r = str_alloc(&mp_type_str, total);
    if (size == 1) {
        memset(r->data, mp_str_data(s)[0], total);
    } else {
        /* Double the filled prefix until done: log(n) memcpy calls. */
        memcpy(r->data, mp_str_data(s), size);
        for (size_t done = size; done < total;) {
            size_t k = done <= total - done ? done : total - done;
            memcpy(r->data + done, r->data, k);
            done += k;
        }
    }
    r->len = mp_str_len(s) * (size_t)n;
    r->ascii = ((mp_strobj *)s)->ascii;
    return (mp_obj *)r;
}

/* + * and %.  Unsupported operands give NotImplemented: mp_binop then
 * tries the other operand and raises CPython's messages ("can only
 * concatenate str ...", "can't multiply sequence by non-int ..."). */
static mp_obj *str_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    switch (op) {
    case MP_OP_ADD:
        if (mp_str_check(a) && mp_str_check(b))
            return mp_str_concat(a, b);
        break;
    case MP_OP_MUL: {
        /* str has no numeric `*` in CPython, only repetition, so a Python
         * class's __rmul__ gets the first chance. */
        bool left = mp_str_check(a);
        mp_obj *n = left ? b : a;
        if ((left && mp_str_class_defines(b, "__rmul__")) ||
            !(mp_int_check(n) || mp_str_class_defines(n, "__index__")))
            break;
        return str_repeat(left ? a : b, n);
    }
    case MP_OP_MOD:
        if (mp_str_check(a))
            return mp_str_percent(a, b);
        break;
    default: break;
    }
    return mp_newref(mp_NotImplemented);
}

/* ---- sequence protocol ----------------------------------------------- */

static mp_ssize_t str_len(mp_obj *self) { return (mp_ssize_t)mp_str_len(self); }

mp_obj *mp_str_char_at(mp_obj *o, size_t i) {
    mp_strobj *s = (mp_strobj *)o;
    if (s->ascii) {
        mp_obj *c = latin1_chars[(uint8_t)s->data[i]];
        return c ? c : mp_str_new_len(s->data + i, 1, 1);
    }
    size_t off = mp_str_offset(o, i);
    return mp_str_new_len(s->data + off, mp_utf8_seqlen((uint8_t)s->data[off]), 1);
}

static mp_obj *str_slice(mp_obj *o, mp_obj *slice) {
    mp_strobj *s = (mp_strobj *)o;
    mp_ssize_t start, stop, step;
    mp_ssize_t n = mp_slice_indices(slice, (mp_ssize_t)s->len, &start, &stop, &step);
    if (n < 0)
        return NULL;
    if (n == 0)
        return mp_str_empty();
    if (step == 1) {
        size_t from = mp_str_offset(o, (size_t)start);
        size_t to = s->ascii ? (size_t)stop : from;
        for (mp_ssize_t i = 0; !s->ascii && i < n; i++)
            to += mp_utf8_seqlen((uint8_t)s->data[to]);
        return mp_str_sub(o, from, to, (size_t)n);
    }
    if (s->ascii) {
        mp_strobj *r = str_alloc(&mp_type_str, (size_t)n);
        for (mp_ssize_t i = 0, j = start; i < n; i++, j += step)
            r->data[i] = s->data[j];
        str_set_len(r, (size_t)n);
        return (mp_obj *)r;
    }
    /* Non-ASCII with a step: index the character starts once. */
    size_t *starts = mp_mem_alloc((s->len + 1) * sizeof *starts);
    const char *p = s->data;
    for (size_t i = 0; i <= s->len; i++) {
        starts[i] = (size_t)(p - s->data);
        if (i < s->len)
            p += mp_utf8_seqlen((uint8_t)*p);
    }
    mp_sb sb;
    mp_sb_init(&sb, (size_t)n);
    for (mp_ssize_t i = 0, j = start; i < n; i++, j += step)
        mp_sb_add(&sb, s->data + starts[j], starts[j + 1] - starts[j]);
    mp_mem_free(starts);
    return mp_sb_finish(&sb);
}

static mp_obj *str_getitem(mp_obj *self, mp_obj *key) {
    mp_ssize_t len = (mp_ssize_t)mp_str_len(self), i;
    if (mp_is_small(key)) {
        i = mp_small_val(key);
        if (i < 0)
            i += len;
        if (i < 0 || i >= len) {
            mp_err_format(&mp_type_IndexError, "string index out of range");
            return NULL;
        }
        return mp_str_char_at(self, (size_t)i);
    }
    if (mp_slice_check(key))
        return str_slice(self, key);
    if (!mp_int_check(key) && !mp_str_class_defines(key, "__index__")) {
        mp_err_format(&mp_type_TypeError, "string indices must be integers, not '%T'", key);
        return NULL;
    }
    if (mp_seq_index(key, len, "string", &i) < 0)
        return NULL;
    return mp_str_char_at(self, (size_t)i);
}

/* Substring search.  Text searches mostly have short needles whose first
 * byte is not too common, so memchr (vectorised) to each candidate plus a
 * memcmp wins; when candidates turn out dense (pathological input such as
 * "aaa...ab") the rest of the search goes to glibc's linear-time memmem. */
static inline bool dense_misses(size_t misses, size_t scanned) {
    return misses > 64 && misses * 16 > scanned;
}

const char *mp_str_memfind(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn <= 1)
        return nn ? memchr(hay, needle[0], hn) : hay;
    if (nn > hn)
        return NULL;
    const char *p = hay, *last = hay + hn - nn;
    for (size_t misses = 0; p <= last; p++, misses++) {
        p = memchr(p, needle[0], (size_t)(last - p) + 1);
        if (!p || memcmp(p + 1, needle + 1, nn - 1) == 0)
            return p;
        if (dense_misses(misses, (size_t)(p - hay)))
            return memmem(p + 1, (size_t)(hay + hn - p - 1), needle, nn);
    }
    return NULL;
}

const char *mp_str_memrfind(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn <= 1)
        return nn ? memrchr(hay, needle[0], hn) : hay + hn;
    if (nn > hn)
        return NULL;
    const char *end = hay + hn - nn + 1; /* candidates are in [hay, end) */
    for (size_t misses = 0; end > hay; misses++) {
        const char *p = memrchr(hay, needle[0], (size_t)(end - hay));
        if (!p || memcmp(p + 1, needle + 1, nn - 1) == 0)
            return p;
        end = p;
        if (dense_misses(misses, (size_t)(hay + hn - end))) {
            /* The last match starting before `end`, found going forwards. */
            const char *found = NULL;
            for (const char *q = hay; (q = memmem(q, (size_t)(end - q) + nn - 1, needle, nn)); q++)
                found = q;
            return found;
        }
    }
    return NULL;
}

static int str_contains(mp_obj *self, mp_obj *value) {
    if (!mp_str_check(value)) {
        mp_err_format(&mp_type_TypeError, "'in <string>' requires string as left operand, not %T",
                      value);
        return -1;
    }
    return mp_str_memfind(mp_str_data(self), mp_str_size(self), mp_str_data(value),
                          mp_str_size(value)) != NULL;
}

/* ---- iteration -------------------------------------------------------- */

typedef struct str_iterobj {
    mp_obj head;
    mp_obj *s;
    size_t pos; /* byte offset of the next character */
} str_iterobj;

static mp_type str_iter_type, str_ascii_iter_type;

static mp_obj *str_iter(mp_obj *self) {
    str_iterobj *it = (str_iterobj *)mp_obj_alloc(
        ((mp_strobj *)self)->ascii ? &str_ascii_iter_type : &str_iter_type, sizeof(str_iterobj));
    it->s = mp_newref(self);
    it->pos = 0;
    return (mp_obj *)it;
}

static mp_obj *str_iter_next(mp_obj *self) {
    str_iterobj *it = (str_iterobj *)self;
    mp_strobj *s = (mp_strobj *)it->s;
    if (it->pos >= s->size)
        return NULL;
    const char *p = s->data + it->pos;
    size_t n = mp_utf8_seqlen((uint8_t)*p);
    it->pos += n;
    mp_obj *c = n <= 2 ? cached_str(p, n) : NULL;
    return c ? c : mp_str_new_len(p, n, 1);
}

static mp_obj *str_iter_self(mp_obj *self) { return mp_newref(self); }

static void str_iter_dealloc(mp_obj *self) {
    mp_decref(((str_iterobj *)self)->s);
    mp_obj_free(self);
}

#define STR_ITER_TYPE(cname, pyname)                                                               \
    static mp_type cname = {                                                                       \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                   \
        .name = pyname,                                                                            \
        .basicsize = sizeof(str_iterobj),                                                          \
        .base = &mp_type_object,                                                                   \
        .dealloc = str_iter_dealloc,                                                               \
        .iter = str_iter_self,                                                                     \
        .iternext = str_iter_next,                                                                 \
    }
STR_ITER_TYPE(str_iter_type, "str_iterator");
STR_ITER_TYPE(str_ascii_iter_type, "str_ascii_iterator");

/* ---- repr, str, construction ----------------------------------------------- */

static void add_escape(mp_sb *sb, char kind, uint32_t cp, int digits) {
    static const char hex[] = "0123456789abcdef";
    char buf[10];
    buf[0] = '\\';
    buf[1] = kind;
    for (int i = 0; i < digits; i++)
        buf[2 + i] = hex[(cp >> (4 * (digits - 1 - i))) & 0xF];
    mp_sb_add(sb, buf, (size_t)(2 + digits));
}

mp_obj *mp_str_repr(mp_obj *o) {
    const char *p = mp_str_data(o), *end = p + mp_str_size(o), *run = p;
    char quote = memchr(p, '\'', mp_str_size(o)) && !memchr(p, '"', mp_str_size(o)) ? '"' : '\'';
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(o) + 2);
    mp_sb_addc(&sb, quote);
    while (p < end) {
        uint8_t c = (uint8_t)*p;
        const char *next = p + 1;
        uint32_t cp = c;
        if (c >= 0x80) {
            next = p;
            cp = mp_utf8_next(&next);
            if (mp_ucd_has(cp, MP_UCD_PRINTABLE)) {
                p = next;
                continue;
            }
        } else if (c >= ' ' && c < 0x7F && c != '\\' && c != (uint8_t)quote) {
            p++;
            continue;
        }
        mp_sb_add(&sb, run, (size_t)(p - run));
        if (c == '\\' || c == (uint8_t)quote) {
            mp_sb_addc(&sb, '\\');
            mp_sb_addc(&sb, (char)c);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            mp_sb_addc(&sb, '\\');
            mp_sb_addc(&sb, c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
        } else if (cp < 0x100) {
            add_escape(&sb, 'x', cp, 2);
        } else if (cp < 0x10000) {
            add_escape(&sb, 'u', cp, 4);
        } else {
            add_escape(&sb, 'U', cp, 8);
        }
        p = run = next;
    }
    mp_sb_add(&sb, run, (size_t)(p - run));
    mp_sb_addc(&sb, quote);
    return mp_sb_finish(&sb);
}

static mp_obj *str_str(mp_obj *self) { return mp_str_exact(self); }

static mp_obj *str_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"object", "encoding", "errors"};
    mp_obj *a[3];
    if (mp_arg_parse("str", args, nargs, kwnames, names, 3, 0, a) < 0)
        return NULL;
    for (int i = 1; i < 3; i++) {
        if (a[i] && !mp_str_check(a[i])) {
            mp_err_format(&mp_type_TypeError, "str() argument '%s' must be str, not %T", names[i],
                          a[i]);
            return NULL;
        }
    }
    mp_obj *r;
    if (a[1] || a[2]) {
        const char *data, *enc = a[1] ? mp_str_data(a[1]) : NULL;
        size_t size;
        if (!a[0] || !mp_bytes_view(a[0], &data, &size)) {
            if (a[0] && mp_str_check(a[0]))
                mp_err_format(&mp_type_TypeError, "decoding str is not supported");
            else if (a[0])
                mp_err_format(&mp_type_TypeError,
                              "decoding to str: need a bytes-like object, %T found", a[0]);
            return a[0] ? NULL : mp_str_empty();
        }
        r = mp_bytes_decode(data, size, enc, a[2] ? mp_str_data(a[2]) : NULL);
    } else {
        r = a[0] ? mp_str(a[0]) : mp_str_empty();
    }
    if (!r || type == &mp_type_str)
        return r;
    /* A subclass instance: same text, the subclass as its type. */
    mp_strobj *sub = str_alloc(type, mp_str_size(r));
    memcpy(sub->data, mp_str_data(r), mp_str_size(r));
    str_set_len(sub, mp_str_len(r));
    mp_decref(r);
    return (mp_obj *)sub;
}

mp_type mp_type_str = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "str",
    .basicsize = sizeof(mp_strobj),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_STR_SUBCLASS,
    .base = &mp_type_object,
    .dealloc = str_dealloc,
    .repr = mp_str_repr,
    .str = str_str,
    .hash = mp_str_hash,
    .richcompare = str_richcompare,
    .binop = str_binop,
    .new_ = str_new,
    .iter = str_iter,
    .len = str_len,
    .getitem = str_getitem,
    .contains = str_contains,
    .methods = mp_str_methods,
};

void mp_str_init(void) {
    empty_str = mp_str_intern_n("", 0);
    for (uint32_t c = 0; c < 256; c++) {
        char buf[2];
        latin1_chars[c] = mp_str_intern_n(buf, mp_utf8_encode(c, buf));
    }
    mp_type_ready(&mp_type_str);
    mp_type_ready(&str_iter_type);
    mp_type_ready(&str_ascii_iter_type);
}

/* ---- the string builder -------------------------------------------------- */

/* The buffer is the data[] of a str allocated up front, so mp_sb_finish
 * hands the memory over without copying. */
static inline mp_strobj *sb_str(mp_sb *sb) {
    return (mp_strobj *)(sb->buf - offsetof(mp_strobj, data));
}

void mp_sb_init(mp_sb *sb, size_t cap) {
    if (cap < 24)
        cap = 24;
    sb->buf = str_alloc(&mp_type_str, cap)->data;
    sb->len = 0;
    sb->cap = cap;
}

static void sb_grow(mp_sb *sb, size_t extra) {
    size_t cap = sb->cap * 2;
    if (cap < sb->len + extra)
        cap = sb->len + extra;
    sb->buf = str_resize(sb_str(sb), cap)->data;
    sb->cap = cap;
}

static inline char *sb_reserve(mp_sb *sb, size_t extra) {
    if (sb->cap - sb->len < extra)
        sb_grow(sb, extra);
    return sb->buf + sb->len;
}

void mp_sb_add(mp_sb *sb, const char *s, size_t n) {
    memcpy(sb_reserve(sb, n), s, n);
    sb->len += n;
}

void mp_sb_addc(mp_sb *sb, char c) {
    *sb_reserve(sb, 1) = c;
    sb->len++;
}

void mp_sb_add_cstr(mp_sb *sb, const char *s) { mp_sb_add(sb, s, strlen(s)); }

void mp_sb_add_codepoint(mp_sb *sb, uint32_t cp) {
    sb->len += mp_utf8_encode(cp, sb_reserve(sb, 4));
}

int mp_sb_add_obj(mp_sb *sb, mp_obj *o, bool repr) {
    mp_obj *s = repr ? mp_repr(o) : mp_str(o);
    if (!s)
        return -1;
    mp_sb_add(sb, mp_str_data(s), mp_str_size(s));
    mp_decref(s);
    return 0;
}

mp_obj *mp_sb_finish(mp_sb *sb) {
    size_t n = sb->len, len = mp_utf8_count(sb->buf, n);
    mp_obj *c = len <= 1 ? cached_str(sb->buf, n) : NULL;
    if (c) {
        mp_sb_free(sb);
        return c;
    }
    mp_strobj *s = sb_str(sb);
    if (sb->cap - n > 64 && sb->cap - n > n / 4)
        s = str_resize(s, n);
    s->size = n;
    s->data[n] = '\0';
    str_set_len(s, len);
    sb->buf = NULL;
    return (mp_obj *)s;
}

void mp_sb_free(mp_sb *sb) {
    if (sb->buf)
        mp_obj_free((mp_obj *)sb_str(sb));
    sb->buf = NULL;
}
