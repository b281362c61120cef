/*
 * bytes_methods.c — the read-only methods bytes and bytearray share:
 * decode, hex/fromhex, searching (count, find, index, startswith, ...),
 * split/join/strip/replace/partition, and the ASCII case and class
 * methods.  Every method views self with mp_bytes_view and makes results
 * of self's own type with mp_bytes_new_like, so one function serves both.
 */
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/str_impl.h"

#define METHOD(name)                                                                               \
    static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames)

typedef struct view {
    const char *p;
    size_t n;
} view;

static view self_view(mp_obj *self) {
    view v;
    mp_bytes_view(self, &v.p, &v.n);
    return v;
}

static bool pos_only(const char *fname, size_t nargs, mp_obj *kwnames, size_t min, size_t max) {
    return mp_arg_no_kw(fname, kwnames) == 0 && mp_arg_count(fname, nargs, min, max) == 0;
}

/* ---- decode / hex ----------------------------------------------------------- */

METHOD(b_decode) {
    static const char *const names[] = {"encoding", "errors"};
    mp_obj *a[2];
    const char *enc, *err;
    if (mp_arg_parse("decode", args, nargs, kwnames, names, 2, 0, a) < 0 ||
        mp_codec_args("decode", a[0], a[1], &enc, &err) < 0)
        return NULL;
    view v = self_view(self);
    return mp_bytes_decode(v.p, v.n, enc, err);
}

METHOD(b_hex) {
    static const char *const names[] = {"sep", "bytes_per_sep"};
    mp_obj *a[2];
    if (mp_arg_parse("hex", args, nargs, kwnames, names, 2, 0, a) < 0)
        return NULL;
    char sep = 0;
    mp_ssize_t per = 1;
    if (a[0]) {
        const char *sp;
        size_t sn;
        if (mp_str_check(a[0])) {
            sp = mp_str_data(a[0]);
            sn = mp_str_len(a[0]);
        } else if (!mp_bytes_view(a[0], &sp, &sn)) {
            mp_err_format(&mp_type_TypeError, "sep must be str or bytes.");
            return NULL;
        }
        if (sn != 1 || (uint8_t)sp[0] >= 0x80) {
            mp_err_format(&mp_type_ValueError,
                          sn != 1 ? "sep must be length 1." : "sep must be ASCII.");
            return NULL;
        }
        sep = sp[0];
    }
    if (a[1]) {
        per = mp_index_ssize(a[1]);
        if (per == -1 && mp_err_occurred())
            return NULL;
    }
    view v = self_view(self);
    static const char hex[] = "0123456789abcdef";
    mp_sb sb;
    mp_sb_init(&sb, v.n * 3 + 1);
    size_t group = (size_t)(per < 0 ? -per : per);
    for (size_t i = 0; i < v.n; i++) {
        /* Separators count groups from the right for a positive
         * bytes_per_sep, from the left for a negative one. */
        if (sep && group && i > 0 && (per > 0 ? (v.n - i) % group : i % group) == 0)
            mp_sb_addc(&sb, sep);
        mp_sb_addc(&sb, hex[(uint8_t)v.p[i] >> 4]);
        mp_sb_addc(&sb, hex[(uint8_t)v.p[i] & 15]);
    }
    return mp_sb_finish(&sb);
}

static int hexval(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* bytes.fromhex(string) / bytearray.fromhex: `self` is the class. */
METHOD(b_fromhex) {
    if (!pos_only("fromhex", nargs, kwnames, 1, 1))
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "fromhex() argument must be str, not %T", args[0]);
        return NULL;
    }
    const char *s = mp_str_data(args[0]);
    size_t n = mp_str_size(args[0]);
    mp_sb sb;
    mp_sb_init(&sb, n / 2 + 1);
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' ||
            s[i] == '\f') {
            i++;
            continue;
        }
        int hi = hexval(s[i]), lo = i + 1 < n ? hexval(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            mp_sb_free(&sb);
            mp_err_format(&mp_type_ValueError,
                          "non-hexadecimal number found in fromhex() arg at position %zu",
                          mp_str_index_of(args[0], hi < 0 ? i : i + 1));
            return NULL;
        }
        mp_sb_addc(&sb, (char)(hi * 16 + lo));
        i += 2;
    }
    mp_obj *r = self == (mp_obj *)&mp_type_bytearray ? mp_bytearray_new(sb.buf, sb.len)
                                                     : mp_bytes_new(sb.buf, sb.len);
    mp_sb_free(&sb);
    return r;
}

/* ---- searching ------------------------------------------------------------------ */

/* The (sub[, start[, end]]) arguments of count/find/index: sub is a
 * bytes-like object or an int byte (stored in *byte). */
static bool search_args(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                        mp_obj *kwnames, view *sub, char *byte, size_t *start, size_t *end) {
    if (!pos_only(fname, nargs, kwnames, 1, 3))
        return false;
    if (!mp_bytes_view(args[0], &sub->p, &sub->n)) {
        if (!mp_int_check(args[0])) {
            mp_err_format(&mp_type_TypeError,
                          "argument should be integer or bytes-like object, not '%s'",
                          mp_type_name(args[0]));
            return false;
        }
        int v = mp_bytes_byte_value(args[0], "byte must be in range(0, 256)");
        if (v < 0)
            return false;
        *byte = (char)v;
        sub->p = byte;
        sub->n = 1;
    }
    mp_ssize_t len = (mp_ssize_t)self_view(self).n, s = 0, e = len;
    if ((nargs > 1 && mp_slice_bound(args[1], true, &s) < 0) ||
        (nargs > 2 && mp_slice_bound(args[2], true, &e) < 0))
        return false;
    if (s < 0)
        s = s + len < 0 ? 0 : s + len;
    if (e < 0)
        e = e + len < 0 ? 0 : e + len;
    if (e > len)
        e = len;
    *start = (size_t)s;
    *end = (size_t)(e < s ? s : e);
    /* An empty needle still fails past the end (b''.find(b'', 1) == -1). */
    if (s > len)
        *start = *end = (size_t)len + 1;
    return true;
}

/* Index of sub in self[start:end] (forward or from the right), -1 if
 * absent; -2 on error. */
static mp_ssize_t search(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                         mp_obj *kwnames, bool right) {
    view sub;
    char byte;
    size_t start, end;
    if (!search_args(fname, self, args, nargs, kwnames, &sub, &byte, &start, &end))
        return -2;
    view v = self_view(self);
    if (start > v.n || end - start < sub.n)
        return -1;
    const char *hit = right ? mp_str_memrfind(v.p + start, end - start, sub.p, sub.n)
                            : mp_str_memfind(v.p + start, end - start, sub.p, sub.n);
    return hit ? hit - v.p : -1;
}

static mp_obj *search_result(mp_ssize_t i, bool raise) {
    if (i == -2)
        return NULL;
    if (i == -1 && raise) {
        mp_err_format(&mp_type_ValueError, "subsection not found");
        return NULL;
    }
    return mp_small(i);
}

METHOD(b_find) { return search_result(search("find", self, args, nargs, kwnames, false), false); }
METHOD(b_rfind) { return search_result(search("rfind", self, args, nargs, kwnames, true), false); }
METHOD(b_index) { return search_result(search("index", self, args, nargs, kwnames, false), true); }
METHOD(b_rindex) { return search_result(search("rindex", self, args, nargs, kwnames, true), true); }

METHOD(b_count) {
    view sub;
    char byte;
    size_t start, end;
    if (!search_args("count", self, args, nargs, kwnames, &sub, &byte, &start, &end))
        return NULL;
    view v = self_view(self);
    if (start > v.n)
        return mp_small(0);
    if (sub.n == 0)
        return mp_small((intptr_t)(end - start + 1));
    intptr_t count = 0;
    for (size_t i = start; end - i >= sub.n;) {
        const char *hit = mp_str_memfind(v.p + i, end - i, sub.p, sub.n);
        if (!hit)
            break;
        count++;
        i = (size_t)(hit - v.p) + sub.n;
    }
    return mp_small(count);
}

/* startswith/endswith(prefix[, start[, end]]), prefix a bytes or a tuple. */
static mp_obj *affix(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                     mp_obj *kwnames, bool end_) {
    if (!pos_only(fname, nargs, kwnames, 1, 3))
        return NULL;
    view v = self_view(self);
    mp_ssize_t len = (mp_ssize_t)v.n, s = 0, e = len;
    if ((nargs > 1 && mp_slice_bound(args[1], true, &s) < 0) ||
        (nargs > 2 && mp_slice_bound(args[2], true, &e) < 0))
        return NULL;
    if (s < 0)
        s = s + len < 0 ? 0 : s + len;
    if (e < 0)
        e = e + len < 0 ? 0 : e + len;
    if (e > len)
        e = len;
    bool tuple = mp_tuple_check(args[0]);
    size_t count = tuple ? mp_tuple_size(args[0]) : 1;
    for (size_t i = 0; i < count; i++) {
        mp_obj *cand = tuple ? mp_tuple_items(args[0])[i] : args[0];
        view c;
        if (!mp_bytes_view(cand, &c.p, &c.n)) {
            if (tuple)
                mp_err_format(&mp_type_TypeError, "a bytes-like object is required, not '%s'",
                              mp_type_name(cand));
            else
                mp_err_format(&mp_type_TypeError,
                              "%s first arg must be bytes or a tuple of bytes, not %s", fname,
                              mp_type_name(cand));
            return NULL;
        }
        if (s > len || e - s < (mp_ssize_t)c.n)
            continue;
        size_t at = end_ ? (size_t)e - c.n : (size_t)s;
        if (memcmp(v.p + at, c.p, c.n) == 0)
            return mp_True;
    }
    return mp_False;
}

METHOD(b_startswith) { return affix("startswith", self, args, nargs, kwnames, false); }
METHOD(b_endswith) { return affix("endswith", self, args, nargs, kwnames, true); }

/* ---- split / join / partition ----------------------------------------------------- */

static bool is_space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Appends self[from:to] (of self's type) to list l. */
static void add_piece(mp_obj *l, mp_obj *self, const char *from, const char *to) {
    mp_list_append_steal(l, mp_bytes_new_like(self, from, (size_t)(to - from)));
}

static mp_obj *split_impl(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                          mp_obj *kwnames, bool right) {
    static const char *const names[] = {"sep", "maxsplit"};
    mp_obj *a[2];
    if (mp_arg_parse(fname, args, nargs, kwnames, names, 2, 0, a) < 0)
        return NULL;
    mp_ssize_t maxsplit = -1;
    if (a[1]) {
        maxsplit = mp_index_ssize(a[1]);
        if (maxsplit == -1 && mp_err_occurred())
            return NULL;
    }
    view sep = {NULL, 0};
    if (a[0] && a[0] != mp_None) {
        if (!mp_bytes_arg(a[0], &sep.p, &sep.n))
            return NULL;
        if (sep.n == 0) {
            mp_err_format(&mp_type_ValueError, "empty separator");
            return NULL;
        }
    }
    view v = self_view(self);
    const char *b = v.p, *e = v.p + v.n;
    mp_obj *l = mp_list_new(0);
    if (maxsplit < 0)
        maxsplit = (mp_ssize_t)v.n + 1;
    if (sep.p) {
        while (maxsplit-- > 0) {
            const char *hit = right ? mp_str_memrfind(b, (size_t)(e - b), sep.p, sep.n)
                                    : mp_str_memfind(b, (size_t)(e - b), sep.p, sep.n);
            if (!hit)
                break;
            if (right) {
                add_piece(l, self, hit + sep.n, e);
                e = hit;
            } else {
                add_piece(l, self, b, hit);
                b = hit + sep.n;
            }
        }
        add_piece(l, self, b, e);
    } else {
        /* Runs of ASCII white space separate; no empty pieces. */
        for (;;) {
            if (right)
                while (e > b && is_space((uint8_t)e[-1]))
                    e--;
            else
                while (b < e && is_space((uint8_t)*b))
                    b++;
            if (b == e)
                break;
            if (maxsplit-- <= 0) {
                add_piece(l, self, b, e);
                break;
            }
            if (right) {
                const char *s = e;
                while (s > b && !is_space((uint8_t)s[-1]))
                    s--;
                add_piece(l, self, s, e);
                e = s;
            } else {
                const char *s = b;
                while (s < e && !is_space((uint8_t)*s))
                    s++;
                add_piece(l, self, b, s);
                b = s;
            }
        }
    }
    if (right)
        mp_list_reverse(l);
    return l;
}

METHOD(b_split) { return split_impl("split", self, args, nargs, kwnames, false); }
METHOD(b_rsplit) { return split_impl("rsplit", self, args, nargs, kwnames, true); }

METHOD(b_join) {
    if (!pos_only("join", nargs, kwnames, 1, 1))
        return NULL;
    mp_obj *items = mp_list_from_iter(args[0]);
    if (!items)
        return NULL;
    view sep = self_view(self);
    mp_sb sb;
    mp_sb_init(&sb, 64);
    size_t n = mp_list_size(items);
    for (size_t i = 0; i < n; i++) {
        view it;
        if (!mp_bytes_view(mp_list_items(items)[i], &it.p, &it.n)) {
            mp_err_format(&mp_type_TypeError,
                          "sequence item %zu: expected a bytes-like object, %s found", i,
                          mp_type_name(mp_list_items(items)[i]));
            mp_sb_free(&sb);
            mp_decref(items);
            return NULL;
        }
        if (i)
            mp_sb_add(&sb, sep.p, sep.n);
        mp_sb_add(&sb, it.p, it.n);
    }
    mp_decref(items);
    mp_obj *r = mp_bytes_new_like(self, sb.buf, sb.len);
    mp_sb_free(&sb);
    return r;
}

static mp_obj *partition(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                         mp_obj *kwnames, bool right) {
    view sep;
    if (!pos_only(fname, nargs, kwnames, 1, 1) || !mp_bytes_arg(args[0], &sep.p, &sep.n))
        return NULL;
    if (sep.n == 0) {
        mp_err_format(&mp_type_ValueError, "empty separator");
        return NULL;
    }
    view v = self_view(self);
    const char *hit =
        right ? mp_str_memrfind(v.p, v.n, sep.p, sep.n) : mp_str_memfind(v.p, v.n, sep.p, sep.n);
    mp_obj *t = mp_tuple_new(3);
    mp_obj **it = mp_tuple_items(t);
    if (!hit) {
        it[right ? 2 : 0] = mp_bytes_new_like(self, v.p, v.n);
        it[1] = mp_bytes_new_like(self, NULL, 0);
        it[right ? 0 : 2] = mp_bytes_new_like(self, NULL, 0);
        return t;
    }
    it[0] = mp_bytes_new_like(self, v.p, (size_t)(hit - v.p));
    it[1] = mp_bytes_new_like(self, sep.p, sep.n);
    it[2] = mp_bytes_new_like(self, hit + sep.n, (size_t)(v.p + v.n - hit - sep.n));
    return t;
}

METHOD(b_partition) { return partition("partition", self, args, nargs, kwnames, false); }
METHOD(b_rpartition) { return partition("rpartition", self, args, nargs, kwnames, true); }

/* ---- strip / replace / affix removal ----------------------------------------------- */

static mp_obj *strip_impl(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                          mp_obj *kwnames, bool left, bool right) {
    if (!pos_only(fname, nargs, kwnames, 0, 1))
        return NULL;
    view chars = {NULL, 0};
    if (nargs && args[0] != mp_None && !mp_bytes_arg(args[0], &chars.p, &chars.n))
        return NULL;
    view v = self_view(self);
    const char *b = v.p, *e = v.p + v.n;
#define STRIPPABLE(c) (chars.p ? memchr(chars.p, (c), chars.n) != NULL : is_space((uint8_t)(c)))
    while (left && b < e && STRIPPABLE(*b))
        b++;
    while (right && e > b && STRIPPABLE(e[-1]))
        e--;
#undef STRIPPABLE
    return mp_bytes_new_like(self, b, (size_t)(e - b));
}

METHOD(b_strip) { return strip_impl("strip", self, args, nargs, kwnames, true, true); }
METHOD(b_lstrip) { return strip_impl("lstrip", self, args, nargs, kwnames, true, false); }
METHOD(b_rstrip) { return strip_impl("rstrip", self, args, nargs, kwnames, false, true); }

METHOD(b_replace) {
    view old, new_;
    if (!pos_only("replace", nargs, kwnames, 2, 3) || !mp_bytes_arg(args[0], &old.p, &old.n) ||
        !mp_bytes_arg(args[1], &new_.p, &new_.n))
        return NULL;
    mp_ssize_t count = -1;
    if (nargs > 2) {
        count = mp_index_ssize(args[2]);
        if (count == -1 && mp_err_occurred())
            return NULL;
    }
    view v = self_view(self);
    mp_sb sb;
    mp_sb_init(&sb, v.n + 16);
    const char *b = v.p, *e = v.p + v.n;
    if (old.n == 0) {
        /* Insert `new` before every byte and at the end. */
        for (; count != 0 && b <= e; count--) {
            mp_sb_add(&sb, new_.p, new_.n);
            if (b < e)
                mp_sb_addc(&sb, *b);
            b++;
        }
        if (b < e)
            mp_sb_add(&sb, b, (size_t)(e - b));
    } else {
        const char *hit;
        for (; count != 0 && (hit = mp_str_memfind(b, (size_t)(e - b), old.p, old.n)); count--) {
            mp_sb_add(&sb, b, (size_t)(hit - b));
            mp_sb_add(&sb, new_.p, new_.n);
            b = hit + old.n;
        }
        mp_sb_add(&sb, b, (size_t)(e - b));
    }
    mp_obj *r = mp_bytes_new_like(self, sb.buf, sb.len);
    mp_sb_free(&sb);
    return r;
}

static mp_obj *remove_affix(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                            mp_obj *kwnames, bool suffix) {
    view a;
    if (!pos_only(fname, nargs, kwnames, 1, 1) || !mp_bytes_arg(args[0], &a.p, &a.n))
        return NULL;
    view v = self_view(self);
    if (a.n <= v.n && memcmp(suffix ? v.p + v.n - a.n : v.p, a.p, a.n) == 0)
        return mp_bytes_new_like(self, suffix ? v.p : v.p + a.n, v.n - a.n);
    return mp_bytes_new_like(self, v.p, v.n);
}

METHOD(b_removeprefix) { return remove_affix("removeprefix", self, args, nargs, kwnames, false); }
METHOD(b_removesuffix) { return remove_affix("removesuffix", self, args, nargs, kwnames, true); }

/* ---- ASCII case mapping and classification ------------------------------------------ */

static mp_obj *map_case(const char *fname, mp_obj *self, size_t nargs, mp_obj *kwnames,
                        bool upper) {
    if (!pos_only(fname, nargs, kwnames, 0, 0))
        return NULL;
    view v = self_view(self);
    mp_obj *r = mp_bytes_new_like(self, v.p, v.n);
    view out = self_view(r);
    char *p = (char *)out.p;
    for (size_t i = 0; i < out.n; i++) {
        if (upper && p[i] >= 'a' && p[i] <= 'z')
            p[i] = (char)(p[i] - 32);
        else if (!upper && p[i] >= 'A' && p[i] <= 'Z')
            p[i] = (char)(p[i] + 32);
    }
    return r;
}

METHOD(b_upper) { return map_case("upper", self, nargs, kwnames, true); }
METHOD(b_lower) { return map_case("lower", self, nargs, kwnames, false); }

static bool c_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static bool c_lower(uint8_t c) { return c >= 'a' && c <= 'z'; }
static bool c_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static bool c_alpha(uint8_t c) { return c_lower(c) || c_upper(c); }
static bool c_alnum(uint8_t c) { return c_alpha(c) || c_digit(c); }
static bool c_ascii(uint8_t c) { return c < 0x80; }

/* True if non-empty and every byte satisfies `pred` (isascii: empty is
 * true too). */
static mp_obj *classify(const char *fname, mp_obj *self, size_t nargs, mp_obj *kwnames,
                        bool (*pred)(uint8_t), bool empty_ok) {
    if (!pos_only(fname, nargs, kwnames, 0, 0))
        return NULL;
    view v = self_view(self);
    if (v.n == 0)
        return mp_bool_from(empty_ok);
    for (size_t i = 0; i < v.n; i++)
        if (!pred((uint8_t)v.p[i]))
            return mp_False;
    return mp_True;
}

METHOD(b_isdigit) { return classify("isdigit", self, nargs, kwnames, c_digit, false); }
METHOD(b_isalpha) { return classify("isalpha", self, nargs, kwnames, c_alpha, false); }
METHOD(b_isalnum) { return classify("isalnum", self, nargs, kwnames, c_alnum, false); }
METHOD(b_isspace) { return classify("isspace", self, nargs, kwnames, is_space, false); }
METHOD(b_isascii) { return classify("isascii", self, nargs, kwnames, c_ascii, true); }

/* islower/isupper: at least one cased byte and none of the other case. */
static mp_obj *has_case(const char *fname, mp_obj *self, size_t nargs, mp_obj *kwnames,
                        bool upper) {
    if (!pos_only(fname, nargs, kwnames, 0, 0))
        return NULL;
    view v = self_view(self);
    bool cased = false;
    for (size_t i = 0; i < v.n; i++) {
        uint8_t c = (uint8_t)v.p[i];
        if (upper ? c_lower(c) : c_upper(c))
            return mp_False;
        cased |= upper ? c_upper(c) : c_lower(c);
    }
    return mp_bool_from(cased);
}

METHOD(b_islower) { return has_case("islower", self, nargs, kwnames, false); }
METHOD(b_isupper) { return has_case("isupper", self, nargs, kwnames, true); }

const mp_method_def mp_bytes_methods[] = {
    {"decode", b_decode, 0, NULL},
    {"hex", b_hex, 0, NULL},
    {"fromhex", b_fromhex, MP_METH_CLASS, NULL},
    {"count", b_count, 0, NULL},
    {"find", b_find, 0, NULL},
    {"rfind", b_rfind, 0, NULL},
    {"index", b_index, 0, NULL},
    {"rindex", b_rindex, 0, NULL},
    {"startswith", b_startswith, 0, NULL},
    {"endswith", b_endswith, 0, NULL},
    {"split", b_split, 0, NULL},
    {"rsplit", b_rsplit, 0, NULL},
    {"join", b_join, 0, NULL},
    {"partition", b_partition, 0, NULL},
    {"rpartition", b_rpartition, 0, NULL},
    {"strip", b_strip, 0, NULL},
    {"lstrip", b_lstrip, 0, NULL},
    {"rstrip", b_rstrip, 0, NULL},
    {"replace", b_replace, 0, NULL},
    {"removeprefix", b_removeprefix, 0, NULL},
    {"removesuffix", b_removesuffix, 0, NULL},
    {"upper", b_upper, 0, NULL},
    {"lower", b_lower, 0, NULL},
    {"isdigit", b_isdigit, 0, NULL},
    {"isalpha", b_isalpha, 0, NULL},
    {"isalnum", b_isalnum, 0, NULL},
    {"isspace", b_isspace, 0, NULL},
    {"isascii", b_isascii, 0, NULL},
    {"islower", b_islower, 0, NULL},
    {"isupper", b_isupper, 0, NULL},
    {NULL, NULL, 0, NULL},
};
