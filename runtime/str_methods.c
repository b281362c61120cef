/*
 * str_methods.c — the methods of str (split, join, strip, find, replace,
 * the case mappings, the is*() predicates, ...), with CPython 3.11's
 * argument handling and error messages.  Searching works on the UTF-8
 * bytes (a valid UTF-8 needle can only match at character boundaries) and
 * converts to code-point indices only where results are indices.
 * Character properties come from the tables in str_unicode.c.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/format_spec.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_tuple.h"
#include "runtime/str_impl.h"
#include "runtime/str_unicode.h"

/* ---- argument checking ----------------------------------------------------- */

/* str's methods reject keywords with "str.find() takes no keyword
 * arguments" and count arguments in the style of their CPython
 * implementation: METH_NOARGS/METH_O ("str.upper() takes no arguments (1
 * given)"), Argument Clinic ("center expected at least 1 argument, got
 * 0") or PyArg_ParseTuple (`old_style`: "find() takes at least 1
 * argument (0 given)").  The messages are only built on failure. */
static int check_args_style(const char *name, size_t nargs, mp_obj *kwnames, size_t min, size_t max,
                            bool old_style) {
    bool kw = kwnames && mp_tuple_size(kwnames) > 0;
    if (!kw && nargs >= min && nargs <= max)
        return 0;
    char qual[48];
    snprintf(qual, sizeof qual, "str.%s", name);
    if (kw)
        return mp_arg_no_kw(qual, kwnames);
    if (old_style) {
        size_t lim = nargs < min ? min : max;
        mp_err_format(&mp_type_TypeError, "%s() takes %s %zu argument%s (%zu given)", name,
                      nargs < min ? "at least" : "at most", lim, lim == 1 ? "" : "s", nargs);
        return -1;
    }
    return mp_arg_count(max <= 1 && min == max ? qual : name, nargs, min, max);
}

static int check_args(const char *name, size_t nargs, mp_obj *kwnames, size_t min, size_t max) {
    return check_args_style(name, nargs, kwnames, min, max, false);
}

/* A str argument, or TypeError with the message `what` (e.g. "must be
 * str") + ", not <type>". */
static int want_str(mp_obj *o, const char *what) {
    if (mp_str_check(o))
        return 0;
    mp_err_format(&mp_type_TypeError, "%s, not %T", what, o);
    return -1;
}

/* The value of index(o) in *out; on overflow either clamp to the ssize
 * range (slice bounds) or raise OverflowError. */
static int index_value(mp_obj *o, bool clamp, mp_ssize_t *out) {
    mp_obj *i = mp_number_index(o);
    if (!i)
        return -1;
    int64_t v;
    if (mp_int_as_i64(i, &v) < 0) {
        mp_err_clear();
        if (!clamp) {
            mp_decref(i);
            mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C ssize_t");
            return -1;
        }
        v = mp_int_sign(i) < 0 ? -PTRDIFF_MAX - 1 : PTRDIFF_MAX;
    }
    mp_decref(i);
    *out = (mp_ssize_t)v;
    return 0;
}

/* An index-sized int argument (width, count, maxsplit, tabsize). */
static int ssize_arg(mp_obj *o, mp_ssize_t *out) {
    if (mp_is_small(o)) {
        *out = mp_small_val(o);
        return 0;
    }
    return index_value(o, false, out);
}

/* A start/end argument of find() and friends: None keeps *out; huge
 * values clamp (CPython's _PyEval_SliceIndex). */
static int slice_arg(mp_obj *o, mp_ssize_t *out) {
    if (!o || o == mp_None)
        return 0;
    if (mp_is_small(o)) {
        *out = mp_small_val(o);
        return 0;
    }
    if (!mp_int_check(o) && !mp_str_class_defines(o, "__index__")) {
        mp_err_format(&mp_type_TypeError,
                      "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    return index_value(o, true, out);
}

/* The [start, end) code-point range of the optional arguments args[0..1],
 * adjusted like a slice; start may stay beyond len (CPython's
 * ADJUST_INDICES). */
static int get_range(mp_obj *const *args, size_t nargs, size_t len, mp_ssize_t *start,
                     mp_ssize_t *end) {
    *start = 0;
    *end = PTRDIFF_MAX;
    if ((nargs > 0 && slice_arg(args[0], start) < 0) || (nargs > 1 && slice_arg(args[1], end) < 0))
        return -1;
    mp_ssize_t n = (mp_ssize_t)len;
    if (*end > n)
        *end = n;
    else if (*end < 0 && (*end += n) < 0)
        *end = 0;
    if (*start < 0 && (*start += n) < 0)
        *start = 0;
    return 0;
}

/* ---- character helpers -------------------------------------------------------- */

static inline bool ascii_space(uint8_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Is the character at p whitespace?  *n gets its byte length. */
static inline bool space_at(const char *p, size_t *n) {
    uint8_t c = (uint8_t)*p;
    if (c < 0x80) {
        *n = 1;
        return ascii_space(c);
    }
    /* Non-ASCII whitespace all starts with C2 or E1-E3. */
    if (c != 0xC2 && (c < 0xE1 || c > 0xE3)) {
        *n = mp_utf8_seqlen(c);
        return false;
    }
    const char *q = p;
    uint32_t cp = mp_utf8_next(&q);
    *n = (size_t)(q - p);
    return mp_unicode_isspace(cp);
}

/* Is the character ending at p (exclusive) whitespace?  *n gets its length. */
static inline bool space_before(const char *p, size_t *n) {
    if ((uint8_t)p[-1] < 0x80) {
        *n = 1;
        return ascii_space((uint8_t)p[-1]);
    }
    const char *q = p;
    uint32_t cp = mp_utf8_prev(&q);
    *n = (size_t)(p - q);
    return mp_unicode_isspace(cp);
}

/* A piece [from, to) of s as a new str (s itself when it is the whole). */
static mp_obj *piece(mp_obj *s, const char *from, const char *to) {
    size_t off = (size_t)(from - mp_str_data(s)), n = (size_t)(to - from);
    size_t len = ((mp_strobj *)s)->ascii ? n : mp_utf8_count(from, n);
    return mp_str_sub(s, off, off + n, len);
}

static int list_add_piece(mp_obj *list, mp_obj *s, const char *from, const char *to) {
    mp_obj *p = piece(s, from, to);
    return p ? mp_list_append_steal(list, p) : -1;
}

static void list_reverse(mp_obj *list) {
    mp_obj **it = mp_list_items(list);
    for (size_t i = 0, j = mp_list_size(list); i + 1 < j; i++, j--) {
        mp_obj *t = it[i];
        it[i] = it[j - 1];
        it[j - 1] = t;
    }
}

/* ---- split / rsplit / splitlines / partition ------------------------------------- */

static int split_args(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                      mp_obj **sep, mp_ssize_t *maxsplit) {
    static const char *const names[] = {"sep", "maxsplit"};
    mp_obj *a[2];
    if (mp_arg_parse(name, args, nargs, kwnames, names, 2, 0, a) < 0)
        return -1;
    *sep = a[0] && a[0] != mp_None ? a[0] : NULL;
    *maxsplit = -1;
    if (a[1] && ssize_arg(a[1], maxsplit) < 0)
        return -1;
    if (*maxsplit < 0)
        *maxsplit = PTRDIFF_MAX;
    if (*sep && want_str(*sep, "must be str or None") < 0)
        return -1;
    if (*sep && mp_str_size(*sep) == 0) {
        mp_err_format(&mp_type_ValueError, "empty separator");
        return -1;
    }
    return 0;
}

/* Splits on whitespace runs, from the left or (reverse) the right. */
static int split_whitespace(mp_obj *list, mp_obj *s, mp_ssize_t maxsplit, bool reverse) {
    const char *begin = mp_str_data(s), *end = begin + mp_str_size(s);
    size_t n;
    if (!reverse) {
        const char *p = begin;
        for (;;) {
            while (p < end && space_at(p, &n))
                p += n;
            if (p == end)
                return 0;
            if (maxsplit-- == 0)
                return list_add_piece(list, s, p, end);
            const char *word = p;
            while (p < end && !space_at(p, &n))
                p += n;
            if (list_add_piece(list, s, word, p) < 0)
                return -1;
        }
    }
    const char *p = end;
    for (;;) {
        while (p > begin && space_before(p, &n))
            p -= n;
        if (p == begin)
            return 0;
        if (maxsplit-- == 0)
            return list_add_piece(list, s, begin, p);
        const char *word = p;
        while (p > begin && !space_before(p, &n))
            p -= n;
        if (list_add_piece(list, s, p, word) < 0)
            return -1;
    }
}

static int split_sep(mp_obj *list, mp_obj *s, mp_obj *sep, mp_ssize_t maxsplit, bool reverse) {
    const char *begin = mp_str_data(s), *end = begin + mp_str_size(s);
    const char *sp = mp_str_data(sep);
    size_t sn = mp_str_size(sep);
    if (!reverse) {
        const char *p = begin, *hit;
        while (maxsplit-- > 0 && (hit = mp_str_memfind(p, (size_t)(end - p), sp, sn))) {
            if (list_add_piece(list, s, p, hit) < 0)
                return -1;
            p = hit + sn;
        }
        return list_add_piece(list, s, p, end);
    }
    const char *p = end, *hit;
    while (maxsplit-- > 0 && (hit = mp_str_memrfind(begin, (size_t)(p - begin), sp, sn))) {
        if (list_add_piece(list, s, hit + sn, p) < 0)
            return -1;
        p = hit;
    }
    return list_add_piece(list, s, begin, p);
}

static mp_obj *split_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                          mp_obj *kwnames, bool reverse) {
    mp_obj *sep;
    mp_ssize_t maxsplit;
    if (split_args(name, args, nargs, kwnames, &sep, &maxsplit) < 0)
        return NULL;
    mp_obj *list = mp_list_new(0);
    if (!list)
        return NULL;
    int r = sep ? split_sep(list, self, sep, maxsplit, reverse)
                : split_whitespace(list, self, maxsplit, reverse);
    if (r < 0) {
        mp_decref(list);
        return NULL;
    }
    if (reverse)
        list_reverse(list);
    return list;
}

static mp_obj *str_split(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return split_impl("split", self, args, nargs, kwnames, false);
}

static mp_obj *str_rsplit(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return split_impl("rsplit", self, args, nargs, kwnames, true);
}

/* Length of the line break at p (0 if none): \n \r \r\n \v \f \x1c-\x1e
 * \x85 \u2028 \u2029. */
static size_t linebreak_at(const char *p, const char *end) {
    uint8_t c = (uint8_t)*p;
    if (c < 0x80) {
        if (c == '\r')
            return p + 1 < end && p[1] == '\n' ? 2 : 1;
        return (c >= '\n' && c <= '\f') || (c >= 0x1c && c <= 0x1e);
    }
    if (c == 0xC2)
        return (uint8_t)p[1] == 0x85 ? 2 : 0;
    if (c == 0xE2 && (uint8_t)p[1] == 0x80 && ((uint8_t)p[2] == 0xA8 || (uint8_t)p[2] == 0xA9))
        return 3;
    return 0;
}

static mp_obj *str_splitlines(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"keepends"};
    mp_obj *a[1];
    mp_ssize_t keepends = 0;
    if (mp_arg_parse("splitlines", args, nargs, kwnames, names, 1, 0, a) < 0 ||
        (a[0] && ssize_arg(a[0], &keepends) < 0))
        return NULL;
    /* Bytes that may start a line break; everything else is skipped fast. */
    static const uint8_t maybe_break[256] = {
        ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [0x1c] = 1,
        [0x1d] = 1, [0x1e] = 1, [0xC2] = 1, [0xE2] = 1};
    mp_obj *list = mp_list_new(0);
    const char *p = mp_str_data(self), *end = p + mp_str_size(self), *line = p;
    while (p < end) {
        if (!maybe_break[(uint8_t)*p]) {
            p++;
            continue;
        }
        size_t br = linebreak_at(p, end);
        if (!br) {
            p += mp_utf8_seqlen((uint8_t)*p);
            continue;
        }
        if (list_add_piece(list, self, line, keepends ? p + br : p) < 0)
            goto fail;
        line = p += br;
    }
    if (line < end && list_add_piece(list, self, line, end) < 0)
        goto fail;
    return list;
fail:
    mp_decref(list);
    return NULL;
}

static mp_obj *partition_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                              mp_obj *kwnames, bool reverse) {
    if (check_args(name, nargs, kwnames, 1, 1) < 0 || want_str(args[0], "must be str") < 0)
        return NULL;
    mp_obj *sep = args[0];
    size_t sn = mp_str_size(sep);
    if (sn == 0) {
        mp_err_format(&mp_type_ValueError, "empty separator");
        return NULL;
    }
    const char *begin = mp_str_data(self), *end = begin + mp_str_size(self);
    const char *hit = reverse ? mp_str_memrfind(begin, mp_str_size(self), mp_str_data(sep), sn)
                              : mp_str_memfind(begin, mp_str_size(self), mp_str_data(sep), sn);
    mp_obj *t = mp_tuple_new(3);
    mp_obj **it = mp_tuple_items(t);
    if (!hit) {
        it[reverse ? 2 : 0] = mp_str_exact(self);
        it[1] = mp_str_empty();
        it[reverse ? 0 : 2] = mp_str_empty();
    } else {
        it[0] = piece(self, begin, hit);
        it[1] = mp_str_exact(sep);
        it[2] = piece(self, hit + sn, end);
    }
    return t;
}

static mp_obj *str_partition(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return partition_impl("partition", self, args, nargs, kwnames, false);
}

static mp_obj *str_rpartition(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return partition_impl("rpartition", self, args, nargs, kwnames, true);
}

/* ---- join ------------------------------------------------------------------- */

static mp_obj *join_items(mp_obj *sep, mp_obj *const *items, size_t n) {
    size_t seps = mp_str_size(sep), size = seps * (n ? n - 1 : 0);
    size_t len = mp_str_len(sep) * (n ? n - 1 : 0);
    for (size_t i = 0; i < n; i++) {
        if (!mp_str_check(items[i])) {
            mp_err_format(&mp_type_TypeError, "sequence item %zu: expected str instance, %T found",
                          i, items[i]);
            return NULL;
        }
        size += mp_str_size(items[i]);
        len += mp_str_len(items[i]);
    }
    if (n == 1)
        return mp_str_exact(items[0]);
    if (seps == 0)
        return mp_str_join_array(items, n);
    mp_obj *r = mp_str_alloc(size);
    char *d = (char *)mp_str_data(r);
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(d, mp_str_data(sep), seps);
            d += seps;
        }
        memcpy(d, mp_str_data(items[i]), mp_str_size(items[i]));
        d += mp_str_size(items[i]);
    }
    ((mp_strobj *)r)->len = len;
    ((mp_strobj *)r)->ascii = len == size;
    return r;
}

static mp_obj *str_join(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("join", nargs, kwnames, 1, 1) < 0)
        return NULL;
    mp_obj *x = args[0];
    if (mp_list_check(x))
        return join_items(self, mp_list_items(x), mp_list_size(x));
    if (mp_tuple_check(x))
        return join_items(self, mp_tuple_items(x), mp_tuple_size(x));
    mp_obj *it = mp_iter(x);
    if (!it) {
        if (mp_err_matches(&mp_type_TypeError)) {
            mp_err_clear();
            mp_err_format(&mp_type_TypeError, "can only join an iterable");
        }
        return NULL;
    }
    mp_obj *list = mp_list_from_iter(it);
    mp_decref(it);
    if (!list)
        return NULL;
    mp_obj *r = join_items(self, mp_list_items(list), mp_list_size(list));
    mp_decref(list);
    return r;
}

/* ---- strip --------------------------------------------------------------------- */

/* The characters to strip: whitespace (chars == NULL) or those of a str. */
typedef struct strip_set {
    mp_obj *chars;
    uint64_t ascii[2]; /* bitmap of the ASCII members */
} strip_set;

static bool strip_has(const strip_set *set, uint32_t cp) {
    if (!set->chars)
        return mp_unicode_isspace(cp);
    if (cp < 128)
        return (set->ascii[cp >> 6] >> (cp & 63)) & 1;
    const char *p = mp_str_data(set->chars), *end = p + mp_str_size(set->chars);
    while (p < end)
        if (mp_utf8_next(&p) == cp)
            return true;
    return false;
}

static mp_obj *strip_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                          mp_obj *kwnames, bool left, bool right) {
    if (check_args(name, nargs, kwnames, 0, 1) < 0)
        return NULL;
    strip_set set = {NULL, {0, 0}};
    if (nargs && args[0] != mp_None) {
        if (!mp_str_check(args[0])) {
            mp_err_format(&mp_type_TypeError, "%s arg must be None or str", name);
            return NULL;
        }
        set.chars = args[0];
        const char *p = mp_str_data(set.chars), *end = p + mp_str_size(set.chars);
        for (; p < end; p++)
            if ((uint8_t)*p < 128)
                set.ascii[(uint8_t)*p >> 6] |= 1ull << (*p & 63);
    }
    const char *begin = mp_str_data(self), *end = begin + mp_str_size(self);
    while (left && begin < end) {
        const char *q = begin;
        if (!strip_has(&set, mp_utf8_next(&q)))
            break;
        begin = q;
    }
    while (right && end > begin) {
        const char *q = end;
        if (!strip_has(&set, mp_utf8_prev(&q)))
            break;
        end = q;
    }
    return piece(self, begin, end);
}

static mp_obj *str_strip(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return strip_impl("strip", self, args, nargs, kwnames, true, true);
}

static mp_obj *str_lstrip(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return strip_impl("lstrip", self, args, nargs, kwnames, true, false);
}

static mp_obj *str_rstrip(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return strip_impl("rstrip", self, args, nargs, kwnames, false, true);
}

/* ---- searching ------------------------------------------------------------------ */

/* Common part of find/rfind/index/rindex/count: parses (sub[, start[,
 * end]]) and yields the byte window of self to search. */
typedef struct search {
    mp_obj *sub;
    mp_ssize_t start, end; /* code points, adjusted */
    const char *from, *to; /* the window in self's bytes (valid if start <= end) */
} search;

static int search_args(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                       mp_obj *kwnames, search *s) {
    if (check_args_style(name, nargs, kwnames, 1, 3, true) < 0 ||
        want_str(args[0], "must be str") < 0 ||
        get_range(args + 1, nargs - 1, mp_str_len(self), &s->start, &s->end) < 0)
        return -1;
    s->sub = args[0];
    if (s->start <= s->end) {
        s->from = mp_str_data(self) + mp_str_offset(self, (size_t)s->start);
        s->to = mp_str_data(self) + mp_str_offset(self, (size_t)s->end);
    }
    return 0;
}

/* Code-point index of the first (or last) occurrence, -1 if none, -2 on
 * error. */
static mp_ssize_t find_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                            mp_obj *kwnames, bool reverse) {
    search s;
    if (search_args(name, self, args, nargs, kwnames, &s) < 0)
        return -2;
    if (s.end - s.start < (mp_ssize_t)mp_str_len(s.sub))
        return -1;
    size_t wn = (size_t)(s.to - s.from);
    const char *hit = reverse ? mp_str_memrfind(s.from, wn, mp_str_data(s.sub), mp_str_size(s.sub))
                              : mp_str_memfind(s.from, wn, mp_str_data(s.sub), mp_str_size(s.sub));
    if (!hit)
        return -1;
    return (mp_ssize_t)mp_str_index_of(self, (size_t)(hit - mp_str_data(self)));
}

static mp_obj *find_result(mp_ssize_t i, bool raise) {
    if (i == -2)
        return NULL;
    if (i == -1 && raise) {
        mp_err_format(&mp_type_ValueError, "substring not found");
        return NULL;
    }
    return mp_int_from_i64(i);
}

static mp_obj *str_find(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return find_result(find_impl("find", self, args, nargs, kwnames, false), false);
}

static mp_obj *str_rfind(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return find_result(find_impl("rfind", self, args, nargs, kwnames, true), false);
}

static mp_obj *str_index(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return find_result(find_impl("index", self, args, nargs, kwnames, false), true);
}

static mp_obj *str_rindex(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return find_result(find_impl("rindex", self, args, nargs, kwnames, true), true);
}

static mp_obj *str_count(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    search s;
    if (search_args("count", self, args, nargs, kwnames, &s) < 0)
        return NULL;
    if (s.end - s.start < (mp_ssize_t)mp_str_len(s.sub))
        return mp_small(0);
    size_t sn = mp_str_size(s.sub);
    if (sn == 0)
        return mp_int_from_i64(s.end - s.start + 1);
    intptr_t count = 0;
    for (const char *p = s.from, *hit;
         (hit = mp_str_memfind(p, (size_t)(s.to - p), mp_str_data(s.sub), sn)); p = hit + sn)
        count++;
    return mp_small(count);
}

static int tailmatch(mp_obj *self, mp_obj *sub, mp_ssize_t start, mp_ssize_t end, bool suffix) {
    mp_ssize_t n = (mp_ssize_t)mp_str_len(sub);
    if (end - n < start)
        return 0;
    if (n == 0)
        return 1;
    size_t at = mp_str_offset(self, (size_t)(suffix ? end - n : start));
    return at + mp_str_size(sub) <= mp_str_size(self) &&
           memcmp(mp_str_data(self) + at, mp_str_data(sub), mp_str_size(sub)) == 0;
}

static mp_obj *affix_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                          mp_obj *kwnames, bool suffix) {
    mp_ssize_t start, end;
    if (check_args_style(name, nargs, kwnames, 1, 3, true) < 0 ||
        get_range(args + 1, nargs - 1, mp_str_len(self), &start, &end) < 0)
        return NULL;
    mp_obj *x = args[0];
    if (mp_tuple_check(x)) {
        for (size_t i = 0; i < mp_tuple_size(x); i++) {
            mp_obj *sub = mp_tuple_items(x)[i];
            if (!mp_str_check(sub)) {
                mp_err_format(&mp_type_TypeError, "tuple for %s must only contain str, not %T",
                              name, sub);
                return NULL;
            }
            if (tailmatch(self, sub, start, end, suffix))
                return mp_newref(mp_True);
        }
        return mp_newref(mp_False);
    }
    if (!mp_str_check(x)) {
        mp_err_format(&mp_type_TypeError, "%s first arg must be str or a tuple of str, not %T",
                      name, x);
        return NULL;
    }
    return mp_newref(mp_bool_from(tailmatch(self, x, start, end, suffix)));
}

static mp_obj *str_startswith(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return affix_impl("startswith", self, args, nargs, kwnames, false);
}

static mp_obj *str_endswith(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return affix_impl("endswith", self, args, nargs, kwnames, true);
}

static mp_obj *affix_remove(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                            mp_obj *kwnames, bool suffix) {
    if (check_args(name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    mp_obj *a = args[0];
    if (!mp_str_check(a)) {
        mp_err_format(&mp_type_TypeError, "%s() argument must be str, not %T", name, a);
        return NULL;
    }
    const char *begin = mp_str_data(self), *end = begin + mp_str_size(self);
    size_t n = mp_str_size(a);
    if (n && n <= mp_str_size(self) && memcmp(suffix ? end - n : begin, mp_str_data(a), n) == 0)
        return suffix ? piece(self, begin, end - n) : piece(self, begin + n, end);
    return mp_str_exact(self);
}

static mp_obj *str_removeprefix(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return affix_remove("removeprefix", self, args, nargs, kwnames, false);
}

static mp_obj *str_removesuffix(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return affix_remove("removesuffix", self, args, nargs, kwnames, true);
}

/* ---- replace ------------------------------------------------------------------- */

static mp_obj *str_replace(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t count = -1;
    if (check_args("replace", nargs, kwnames, 2, 3) < 0)
        return NULL;
    for (int i = 0; i < 2; i++) {
        if (!mp_str_check(args[i])) {
            mp_err_format(&mp_type_TypeError, "replace() argument %d must be str, not %T", i + 1,
                          args[i]);
            return NULL;
        }
    }
    if (nargs > 2 && ssize_arg(args[2], &count) < 0)
        return NULL;
    mp_obj *old = args[0], *new = args[1];
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    size_t on = mp_str_size(old), nn = mp_str_size(new);
    if (count < 0)
        count = PTRDIFF_MAX;
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(self));
    mp_ssize_t done = 0;
    if (on == 0) {
        /* Insert `new` before every character and at the end. */
        while (done < count) {
            mp_sb_add(&sb, mp_str_data(new), nn);
            done++;
            if (p == end)
                break;
            size_t k = mp_utf8_seqlen((uint8_t)*p);
            mp_sb_add(&sb, p, k);
            p += k;
        }
        if (p < end)
            mp_sb_add(&sb, p, (size_t)(end - p));
    } else {
        for (const char *hit;
             done < count && (hit = mp_str_memfind(p, (size_t)(end - p), mp_str_data(old), on));
             done++) {
            mp_sb_add(&sb, p, (size_t)(hit - p));
            mp_sb_add(&sb, mp_str_data(new), nn);
            p = hit + on;
        }
        mp_sb_add(&sb, p, (size_t)(end - p));
    }
    if (done == 0) {
        mp_sb_free(&sb);
        return mp_str_exact(self);
    }
    return mp_sb_finish(&sb);
}

/* ---- case mapping ----------------------------------------------------------------- */

typedef enum {
    CASE_UPPER,
    CASE_LOWER,
    CASE_FOLD,
    CASE_SWAP,
    CASE_TITLE,
    CASE_CAPITALIZE
} case_op;

static inline char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }
static inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static inline bool ascii_alpha(char c) { return ascii_upper(c) >= 'A' && ascii_upper(c) <= 'Z'; }

/* One ASCII character under op; *prev_cased tracks title(). */
static inline char ascii_map(case_op op, char c, bool *prev_cased, bool first) {
    switch (op) {
    case CASE_UPPER: return ascii_upper(c);
    case CASE_LOWER:
    case CASE_FOLD: return ascii_lower(c);
    case CASE_SWAP: return c >= 'a' && c <= 'z' ? ascii_upper(c) : ascii_lower(c);
    case CASE_TITLE: {
        char r = *prev_cased ? ascii_lower(c) : ascii_upper(c);
        *prev_cased = ascii_alpha(c);
        return r;
    }
    case CASE_CAPITALIZE: return first ? ascii_upper(c) : ascii_lower(c);
    }
    return c;
}

static mp_obj *ascii_case(mp_obj *self, case_op op) {
    size_t n = mp_str_size(self);
    const char *s = mp_str_data(self);
    mp_obj *r = mp_str_alloc(n);
    char *d = (char *)mp_str_data(r);
    bool prev_cased = false;
    /* The two common operations get their own loops. */
    if (op == CASE_UPPER)
        for (size_t i = 0; i < n; i++)
            d[i] = ascii_upper(s[i]);
    else if (op == CASE_LOWER || op == CASE_FOLD)
        for (size_t i = 0; i < n; i++)
            d[i] = ascii_lower(s[i]);
    else
        for (size_t i = 0; i < n; i++)
            d[i] = ascii_map(op, s[i], &prev_cased, i == 0);
    ((mp_strobj *)r)->len = n;
    ((mp_strobj *)r)->ascii = 1;
    return r;
}

/* Is the capital sigma at [at, after) the end of a word (Unicode's
 * Final_Sigma: a cased letter before it and none after it, skipping
 * case-ignorable characters)?  begin/end bound the whole text. */
static bool final_sigma(const char *begin, const char *at, const char *after, const char *end) {
    const char *p = at;
    uint32_t c = 0;
    while (p > begin && mp_ucd_has(c = mp_utf8_prev(&p), MP_UCD_CASE_IGNORABLE))
        ;
    if (p == at || !mp_ucd_has(c, MP_UCD_CASED) || mp_ucd_has(c, MP_UCD_CASE_IGNORABLE))
        return false;
    for (p = after; p < end;)
        if (!mp_ucd_has(c = mp_utf8_next(&p), MP_UCD_CASE_IGNORABLE))
            return !mp_ucd_has(c, MP_UCD_CASED);
    return true;
}

/* Appends the `field` mapping (upper, lower, fold or title) of cp, the
 * character at [at, after) of the text [begin, end). */
static void add_mapped(mp_sb *sb, uint32_t cp, const mp_ucd *r, case_op field, const char *begin,
                       const char *at, const char *after, const char *end) {
    if (field == CASE_LOWER && cp == 0x3A3) {
        mp_sb_add_codepoint(sb, final_sigma(begin, at, after, end) ? 0x3C2 : 0x3C3);
        return;
    }
    int32_t m = field == CASE_UPPER   ? r->upper
                : field == CASE_LOWER ? r->lower
                : field == CASE_FOLD  ? r->fold
                                      : r->title;
    if (m == 0 && cp < 0x80) {
        mp_sb_addc(sb, (char)cp);
        return;
    }
    uint32_t out[3];
    int k = mp_ucd_apply(m, cp, out);
    for (int j = 0; j < k; j++)
        mp_sb_add_codepoint(sb, out[j]);
}

static mp_obj *unicode_case(mp_obj *self, case_op op) {
    const char *begin = mp_str_data(self), *end = begin + mp_str_size(self), *p = begin;
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(self) + 8);
    bool prev_cased = false;
    while (p < end) {
        if ((uint8_t)*p < 0x80) {
            mp_sb_addc(&sb, ascii_map(op, *p, &prev_cased, p == begin));
            p++;
            continue;
        }
        const char *at = p;
        uint32_t cp = mp_utf8_next(&p);
        const mp_ucd *r = mp_ucd_lookup(cp);
        case_op field = op;
        if (op == CASE_SWAP) {
            if (!(r->flags & (MP_UCD_UPPER | MP_UCD_LOWER))) {
                mp_sb_add(&sb, at, (size_t)(p - at));
                continue;
            }
            field = r->flags & MP_UCD_UPPER ? CASE_LOWER : CASE_UPPER;
        } else if (op == CASE_TITLE) {
            field = prev_cased ? CASE_LOWER : CASE_TITLE;
            prev_cased = (r->flags & MP_UCD_CASED) != 0;
        } else if (op == CASE_CAPITALIZE) {
            field = at == begin ? CASE_TITLE : CASE_LOWER;
        }
        add_mapped(&sb, cp, r, field, begin, at, p, end);
    }
    return mp_sb_finish(&sb);
}

static mp_obj *case_impl(const char *name, mp_obj *self, size_t nargs, mp_obj *kwnames,
                         case_op op) {
    if (check_args(name, nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (mp_str_size(self) == 0)
        return mp_str_empty();
    return ((mp_strobj *)self)->ascii ? ascii_case(self, op) : unicode_case(self, op);
}

#define CASE_METHOD(name, op)                                                                      \
    static mp_obj *str_##name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {  \
        return case_impl(#name, self, nargs, kwnames, op);                                         \
    }
CASE_METHOD(upper, CASE_UPPER)
CASE_METHOD(lower, CASE_LOWER)
CASE_METHOD(casefold, CASE_FOLD)
CASE_METHOD(swapcase, CASE_SWAP)
CASE_METHOD(title, CASE_TITLE)
CASE_METHOD(capitalize, CASE_CAPITALIZE)

/* ---- predicates ------------------------------------------------------------------- */

/* True if every character has one of the `any` flags (false when empty,
 * unless empty_ok). */
static mp_obj *all_chars(mp_obj *self, unsigned any, bool empty_ok) {
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    if (p == end)
        return mp_bool_from(empty_ok);
    while (p < end)
        if (!(mp_ucd_lookup(mp_utf8_next(&p))->flags & any))
            return mp_False;
    return mp_True;
}

#define PREDICATE(name, flags, empty_ok)                                                           \
    static mp_obj *str_##name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {  \
        if (check_args(#name, nargs, kwnames, 0, 0) < 0)                                           \
            return NULL;                                                                           \
        return all_chars(self, flags, empty_ok);                                                   \
    }
PREDICATE(isalpha, MP_UCD_ALPHA, false)
PREDICATE(isdecimal, MP_UCD_DECIMAL, false)
PREDICATE(isdigit, MP_UCD_DIGIT, false)
PREDICATE(isnumeric, MP_UCD_NUMERIC, false)
PREDICATE(isalnum, MP_UCD_ALPHA | MP_UCD_DECIMAL | MP_UCD_DIGIT | MP_UCD_NUMERIC, false)
PREDICATE(isspace, MP_UCD_SPACE, false)
PREDICATE(isprintable, MP_UCD_PRINTABLE, true)

/* islower/isupper: some cased character, none of the other case (nor
 * titlecase). */
static mp_obj *case_predicate(const char *name, mp_obj *self, size_t nargs, mp_obj *kwnames,
                              unsigned want, unsigned reject) {
    if (check_args(name, nargs, kwnames, 0, 0) < 0)
        return NULL;
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    bool cased = false;
    while (p < end) {
        unsigned f = mp_ucd_lookup(mp_utf8_next(&p))->flags;
        if (f & reject)
            return mp_False;
        cased |= (f & want) != 0;
    }
    return mp_bool_from(cased);
}

static mp_obj *str_islower(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return case_predicate("islower", self, nargs, kwnames, MP_UCD_LOWER,
                          MP_UCD_UPPER | MP_UCD_TITLE);
}

static mp_obj *str_isupper(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return case_predicate("isupper", self, nargs, kwnames, MP_UCD_UPPER,
                          MP_UCD_LOWER | MP_UCD_TITLE);
}

static mp_obj *str_istitle(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("istitle", nargs, kwnames, 0, 0) < 0)
        return NULL;
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    bool cased = false, prev_cased = false;
    while (p < end) {
        unsigned f = mp_ucd_lookup(mp_utf8_next(&p))->flags;
        if (f & (MP_UCD_UPPER | MP_UCD_TITLE)) {
            if (prev_cased)
                return mp_False;
            prev_cased = cased = true;
        } else if (f & MP_UCD_LOWER) {
            if (!prev_cased)
                return mp_False;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return mp_bool_from(cased);
}

static mp_obj *str_isidentifier(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("isidentifier", nargs, kwnames, 0, 0) < 0)
        return NULL;
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    if (p == end)
        return mp_False;
    uint32_t c = mp_utf8_next(&p);
    if (c != '_' && !mp_ucd_has(c, MP_UCD_XID_START))
        return mp_False;
    while (p < end)
        if (!mp_ucd_has(mp_utf8_next(&p), MP_UCD_XID_CONTINUE))
            return mp_False;
    return mp_True;
}

static mp_obj *str_isascii(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("isascii", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return mp_bool_from(((mp_strobj *)self)->ascii);
}

/* ---- padding ------------------------------------------------------------------------ */

/* self with `left` and `right` copies of the fill character around it. */
static mp_obj *pad(mp_obj *self, size_t left, size_t right, uint32_t fill) {
    char f[4];
    size_t fn = mp_utf8_encode(fill, f);
    mp_obj *r = mp_str_alloc((left + right) * fn + mp_str_size(self));
    char *d = (char *)mp_str_data(r);
    for (size_t i = 0; i < left; i++, d += fn)
        memcpy(d, f, fn);
    memcpy(d, mp_str_data(self), mp_str_size(self));
    d += mp_str_size(self);
    for (size_t i = 0; i < right; i++, d += fn)
        memcpy(d, f, fn);
    ((mp_strobj *)r)->len = left + right + mp_str_len(self);
    ((mp_strobj *)r)->ascii = ((mp_strobj *)self)->ascii && fn == 1;
    return r;
}

typedef enum {
    JUST_LEFT,
    JUST_RIGHT,
    JUST_CENTER
} justify;

static mp_obj *justify_impl(const char *name, mp_obj *self, mp_obj *const *args, size_t nargs,
                            mp_obj *kwnames, justify how) {
    mp_ssize_t width;
    uint32_t fill = ' ';
    if (check_args(name, nargs, kwnames, 1, 2) < 0 || ssize_arg(args[0], &width) < 0)
        return NULL;
    if (nargs > 1) {
        mp_obj *f = args[1];
        if (!mp_str_check(f)) {
            mp_err_format(&mp_type_TypeError,
                          "The fill character must be a unicode character, not %T", f);
            return NULL;
        }
        if (mp_str_len(f) != 1) {
            mp_err_format(&mp_type_TypeError,
                          "The fill character must be exactly one character long");
            return NULL;
        }
        const char *p = mp_str_data(f);
        fill = mp_utf8_next(&p);
    }
    size_t len = mp_str_len(self);
    if (width <= (mp_ssize_t)len)
        return mp_str_exact(self);
    size_t marg = (size_t)width - len;
    size_t left = how == JUST_LEFT    ? 0
                  : how == JUST_RIGHT ? marg
                                      : marg / 2 + (marg & (size_t)width & 1);
    return pad(self, left, marg - left, fill);
}

static mp_obj *str_ljust(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return justify_impl("ljust", self, args, nargs, kwnames, JUST_LEFT);
}

static mp_obj *str_rjust(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return justify_impl("rjust", self, args, nargs, kwnames, JUST_RIGHT);
}

static mp_obj *str_center(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return justify_impl("center", self, args, nargs, kwnames, JUST_CENTER);
}

static mp_obj *str_zfill(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t width;
    if (check_args("zfill", nargs, kwnames, 1, 1) < 0 || ssize_arg(args[0], &width) < 0)
        return NULL;
    size_t len = mp_str_len(self);
    if (width <= (mp_ssize_t)len)
        return mp_str_exact(self);
    size_t fill = (size_t)width - len;
    mp_obj *r = pad(self, fill, 0, '0');
    char *d = (char *)mp_str_data(r);
    if (d[fill] == '+' || d[fill] == '-') {
        d[0] = d[fill];
        d[fill] = '0';
    }
    return r;
}

static mp_obj *str_expandtabs(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"tabsize"};
    mp_obj *a[1];
    mp_ssize_t tabsize = 8;
    if (mp_arg_parse("expandtabs", args, nargs, kwnames, names, 1, 0, a) < 0 ||
        (a[0] && ssize_arg(a[0], &tabsize) < 0))
        return NULL;
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    if (!memchr(p, '\t', mp_str_size(self)))
        return mp_str_exact(self);
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(self) + 16);
    size_t column = 0;
    while (p < end) {
        char c = *p;
        if (c == '\t') {
            p++;
            if (tabsize > 0) {
                size_t spaces = (size_t)tabsize - column % (size_t)tabsize;
                column += spaces;
                while (spaces--)
                    mp_sb_addc(&sb, ' ');
            }
            continue;
        }
        size_t k = mp_utf8_seqlen((uint8_t)c);
        mp_sb_add(&sb, p, k);
        p += k;
        column = c == '\n' || c == '\r' ? 0 : column + 1;
    }
    return mp_sb_finish(&sb);
}

/* ---- translate / maketrans ---------------------------------------------------------- */

/* Adds one key of a maketrans() dict argument, converted to an int. */
static int maketrans_key(mp_obj *d, mp_obj *key, mp_obj *value) {
    if (mp_str_check(key)) {
        if (mp_str_len(key) != 1) {
            mp_err_format(&mp_type_ValueError,
                          "string keys in translate table must be of length 1");
            return -1;
        }
        const char *p = mp_str_data(key);
        return mp_dict_set(d, mp_small(mp_utf8_next(&p)), value);
    }
    if (mp_int_check(key))
        return mp_dict_set(d, key, value);
    mp_err_format(&mp_type_TypeError, "keys in translate table must be strings or integers");
    return -1;
}

static mp_obj *str_maketrans(mp_obj *unused, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("maketrans", nargs, kwnames, 1, 3) < 0)
        return NULL;
    mp_obj *d = mp_dict_new();
    if (nargs == 1) {
        if (!mp_dict_check(args[0])) {
            mp_err_format(&mp_type_TypeError,
                          "if you give only one argument to maketrans it must be a dict");
            goto fail;
        }
        size_t pos = 0;
        mp_obj *k, *v;
        while (mp_dict_next(args[0], &pos, &k, &v))
            if (maketrans_key(d, k, v) < 0)
                goto fail;
        return d;
    }
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError,
                      "first maketrans argument must be a string if there is a second argument");
        goto fail;
    }
    for (size_t i = 1; i < nargs; i++) {
        if (!mp_str_check(args[i])) {
            mp_err_format(&mp_type_TypeError, "maketrans() argument %zu must be str, not %T", i + 1,
                          args[i]);
            goto fail;
        }
    }
    if (mp_str_len(args[0]) != mp_str_len(args[1])) {
        mp_err_format(&mp_type_ValueError,
                      "the first two maketrans arguments must have equal length");
        goto fail;
    }
    const char *x = mp_str_data(args[0]), *y = mp_str_data(args[1]);
    for (size_t i = 0; i < mp_str_len(args[0]); i++) {
        mp_obj *from = mp_small(mp_utf8_next(&x));
        if (mp_dict_set(d, from, mp_small(mp_utf8_next(&y))) < 0)
            goto fail;
    }
    if (nargs == 3) {
        const char *z = mp_str_data(args[2]);
        for (size_t i = 0; i < mp_str_len(args[2]); i++)
            if (mp_dict_set(d, mp_small(mp_utf8_next(&z)), mp_None) < 0)
                goto fail;
    }
    return d;
fail:
    mp_decref(d);
    return NULL;
}

/* Looks cp up in a translate() table: NULL on error, mp_Ellipsis for "keep
 * unchanged" (LookupError), else None, an int or a str (new reference). */
static mp_obj *translate_lookup(mp_obj *table, uint32_t cp) {
    mp_obj *v = mp_getitem(table, mp_small(cp));
    if (!v) {
        if (!mp_err_matches(&mp_type_LookupError))
            return NULL;
        mp_err_clear();
        return mp_Ellipsis;
    }
    if (v == mp_None || mp_str_check(v))
        return v;
    if (mp_int_check(v)) {
        int64_t x;
        if (mp_int_as_i64(v, &x) < 0 || x < 0 || x >= 0x110000) {
            mp_err_clear();
            mp_err_format(&mp_type_ValueError, "character mapping must be in range(0x110000)");
        } else {
            mp_obj *s = mp_str_from_codepoint((uint32_t)x);
            mp_decref(v);
            return s;
        }
    } else {
        mp_err_format(&mp_type_TypeError, "character mapping must return integer, None or str");
    }
    mp_decref(v);
    return NULL;
}

static mp_obj *str_translate(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("translate", nargs, kwnames, 1, 1) < 0)
        return NULL;
    /* ASCII results are looked up once per call. */
    mp_obj *cache[128] = {NULL};
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(self));
    const char *p = mp_str_data(self), *end = p + mp_str_size(self);
    while (p < end) {
        const char *start = p;
        uint32_t cp = mp_utf8_next(&p);
        mp_obj *v = cp < 128 ? cache[cp] : NULL;
        if (!v) {
            v = translate_lookup(args[0], cp);
            if (!v)
                goto fail;
            if (cp < 128)
                cache[cp] = v;
        }
        if (v == mp_Ellipsis)
            mp_sb_add(&sb, start, (size_t)(p - start));
        else if (v != mp_None)
            mp_sb_add(&sb, mp_str_data(v), mp_str_size(v));
        if (cp >= 128)
            mp_decref(v);
    }
    for (int i = 0; i < 128; i++)
        mp_xdecref(cache[i]);
    return mp_sb_finish(&sb);
fail:
    for (int i = 0; i < 128; i++)
        mp_xdecref(cache[i]);
    mp_sb_free(&sb);
    return NULL;
}

/* ---- formatting -------------------------------------------------------------------- */

static mp_obj *str_format(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return mp_str_format_method(self, args, nargs, kwnames);
}

static mp_obj *str_format_map(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("format_map", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return mp_str_format_map(self, args[0]);
}

static mp_obj *str___format__(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    mp_obj *spec = args[0];
    if (!mp_str_check(spec)) {
        mp_err_format(&mp_type_TypeError, "__format__() argument must be str, not %T", spec);
        return NULL;
    }
    if (mp_str_size(spec) == 0)
        return mp_str_exact(self);
    return mp_format_str(self, mp_str_data(spec), mp_str_size(spec));
}

static mp_obj *str_encode(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"encoding", "errors"};
    mp_obj *a[2];
    const char *enc, *err;
    if (mp_arg_parse("encode", args, nargs, kwnames, names, 2, 0, a) < 0 ||
        mp_codec_args("encode", a[0], a[1], &enc, &err) < 0)
        return NULL;
    return mp_str_encode(self, enc, err);
}

const mp_method_def mp_str_methods[] = {
    {"split", str_split, 0, NULL},
    {"rsplit", str_rsplit, 0, NULL},
    {"splitlines", str_splitlines, 0, NULL},
    {"partition", str_partition, 0, NULL},
    {"rpartition", str_rpartition, 0, NULL},
    {"join", str_join, 0, NULL},
    {"strip", str_strip, 0, NULL},
    {"lstrip", str_lstrip, 0, NULL},
    {"rstrip", str_rstrip, 0, NULL},
    {"find", str_find, 0, NULL},
    {"rfind", str_rfind, 0, NULL},
    {"index", str_index, 0, NULL},
    {"rindex", str_rindex, 0, NULL},
    {"count", str_count, 0, NULL},
    {"startswith", str_startswith, 0, NULL},
    {"endswith", str_endswith, 0, NULL},
    {"removeprefix", str_removeprefix, 0, NULL},
    {"removesuffix", str_removesuffix, 0, NULL},
    {"replace", str_replace, 0, NULL},
    {"upper", str_upper, 0, NULL},
    {"lower", str_lower, 0, NULL},
    {"casefold", str_casefold, 0, NULL},
    {"swapcase", str_swapcase, 0, NULL},
    {"title", str_title, 0, NULL},
    {"capitalize", str_capitalize, 0, NULL},
    {"isalpha", str_isalpha, 0, NULL},
    {"isdecimal", str_isdecimal, 0, NULL},
    {"isdigit", str_isdigit, 0, NULL},
    {"isnumeric", str_isnumeric, 0, NULL},
    {"isalnum", str_isalnum, 0, NULL},
    {"isspace", str_isspace, 0, NULL},
    {"isprintable", str_isprintable, 0, NULL},
    {"islower", str_islower, 0, NULL},
    {"isupper", str_isupper, 0, NULL},
    {"istitle", str_istitle, 0, NULL},
    {"isidentifier", str_isidentifier, 0, NULL},
    {"isascii", str_isascii, 0, NULL},
    {"ljust", str_ljust, 0, NULL},
    {"rjust", str_rjust, 0, NULL},
    {"center", str_center, 0, NULL},
    {"zfill", str_zfill, 0, NULL},
    {"expandtabs", str_expandtabs, 0, NULL},
    {"maketrans", str_maketrans, MP_METH_STATIC, NULL},
    {"translate", str_translate, 0, NULL},
    {"format", str_format, 0, NULL},
    {"format_map", str_format_map, 0, NULL},
    {"encode", str_encode, 0, NULL},
    {"__format__", str___format__, 0, NULL},
    {NULL, NULL, 0, NULL},
};
