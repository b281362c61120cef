/*
 * mod_re.c — the re module: Python's regular expressions on top of PCRE2.
 * Patterns are translated (\Z, \uXXXX, \UXXXXXXXX) and compiled in UTF+UCP
 * mode; PCRE2 reports byte offsets, which Match objects turn into
 * code-point indices.  The scanning loop shared by finditer/findall/sub/
 * split follows CPython 3.7+: after an empty match the next match may not
 * be empty at the same place (PCRE2_NOTEMPTY_ATSTART gives exactly that).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/mod_re.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"


/* Python's flag values. */
enum { RE_I = 2, RE_L = 4, RE_M = 8, RE_S = 16, RE_U = 32, RE_X = 64, RE_A = 256 };

static mp_type re_error_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "re.error",
    .basicsize = sizeof(mp_exc),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_EXC_SUBCLASS,
    .base = &mp_type_Exception,
    .dictoffset = offsetof(mp_exc, dict),
};

/* The compiled-pattern cache: (pattern, flags) -> Pattern. */
static mp_obj *re_cache;
#define RE_CACHE_MAX 128

/* ---- Pattern objects ------------------------------------------------------ */

typedef struct re_pattern {
    mp_obj head;
    pcre2_code *code;
    mp_obj *pattern;    /* str */
    int flags;
    size_t groups;
    mp_obj *groupindex; /* dict name -> number */
    mp_obj **names;     /* names[i]: name of group i (borrowed from groupindex) or NULL */
} re_pattern;

typedef struct re_match {
    mp_obj head;
    mp_obj *re, *string;
    mp_ssize_t pos, endpos;
    size_t ngroups;     /* groups + 1 */
    mp_ssize_t *spans;  /* 2*ngroups code-point offsets, -1 if unmatched */
    size_t *bspans;     /* the same in bytes */
} re_match;

static mp_type re_pattern_type, re_match_type, re_iter_type;

static void pattern_dealloc(mp_obj *self) {
    re_pattern *p = (re_pattern *)self;
    pcre2_code_free(p->code);
    mp_decref(p->pattern);
    mp_decref(p->groupindex);
    mp_mem_free(p->names);
    mp_obj_free(self);
}

/* Rewrites Python-only syntax into PCRE2's. */
static void translate(mp_sb *sb, const char *s, size_t n) {
    bool in_class = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char d = s[i + 1];
            size_t hex = d == 'u' ? 4 : d == 'U' ? 8 : 0;
            if (d == 'Z' && !in_class) {
                mp_sb_add_cstr(sb, "\\z");
                i++;
                continue;
            }
            if (hex && i + 1 + hex < n) {
                mp_sb_add_cstr(sb, "\\x{");
                mp_sb_add(sb, s + i + 2, hex);
                mp_sb_addc(sb, '}');
                i += 1 + hex;
                continue;
            }
            mp_sb_addc(sb, c);
            mp_sb_addc(sb, d);
            i++;
            continue;
        }
        if (c == '[' && !in_class) {
            in_class = true;
            mp_sb_addc(sb, c);
            /* ']' right after '[' or '[^' is a literal. */
            if (i + 1 < n && s[i + 1] == '^')
                mp_sb_addc(sb, s[++i]);
            if (i + 1 < n && s[i + 1] == ']')
                mp_sb_addc(sb, s[++i]);
            continue;
        }
        if (c == ']' && in_class)
            in_class = false;
        mp_sb_addc(sb, c);
    }
}

static int build_groupindex(re_pattern *p) {
    uint32_t count = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    p->names = mp_mem_alloc((p->groups + 1) * sizeof(mp_obj *));
    memset(p->names, 0, (p->groups + 1) * sizeof(mp_obj *));
    p->groupindex = mp_dict_new();
    mp_obj **byno = p->names;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + (size_t)i * entry;
        size_t no = ((size_t)e[0] << 8) | e[1];
        if (no <= p->groups && !byno[no])
            byno[no] = mp_str_intern_cstr((const char *)e + 2);
    }
    /* CPython's groupindex is in group-number order. */
    for (size_t no = 1; no <= p->groups; no++)
        if (byno[no] && mp_dict_set(p->groupindex, byno[no], mp_small((intptr_t)no)) < 0)
            return -1;
    return 0;
}

/* Global inline flags at the start of the pattern, like (?is), which
 * CPython reports in Pattern.flags. */
static int leading_flags(const char *s) {
    int flags = 0;
    while (s[0] == '(' && s[1] == '?') {
        const char *q = s + 2;
        int f = 0;
        for (; *q && strchr("aimsx", *q); q++)
            f |= *q == 'a' ? RE_A : *q == 'i' ? RE_I : *q == 'm' ? RE_M : *q == 's' ? RE_S : RE_X;
        if (*q != ')' || q == s + 2)
            break;
        flags |= f;
        s = q + 1;
    }
    return flags;
}

static mp_obj *pattern_compile(mp_obj *pattern, int flags) {
    if (!mp_str_check(pattern)) {
        mp_err_format(&mp_type_TypeError, "first argument must be string or compiled pattern");
        return NULL;
    }
    if ((flags & RE_A) && (flags & RE_U)) {
        mp_err_format(&mp_type_ValueError, "ASCII and UNICODE flags are incompatible");
        return NULL;
    }
    if (!(flags & RE_A))
        flags |= RE_U;
    uint32_t opts = PCRE2_UTF | PCRE2_NO_UTF_CHECK;
    if (flags & RE_U)
        opts |= PCRE2_UCP;
    if (flags & RE_I)
        opts |= PCRE2_CASELESS;
    if (flags & RE_M)
        opts |= PCRE2_MULTILINE;
    if (flags & RE_S)
        opts |= PCRE2_DOTALL;
    if (flags & RE_X)
        opts |= PCRE2_EXTENDED;
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(pattern) + 8);
    translate(&sb, mp_str_data(pattern), mp_str_size(pattern));
    int err;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)sb.buf, sb.len, opts, &err, &erroff, NULL);
    mp_sb_free(&sb);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        mp_err_format(&re_error_type, "%s at position %zu", (const char *)msg, (size_t)erroff);
        return NULL;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    re_pattern *p = (re_pattern *)mp_obj_alloc(&re_pattern_type, sizeof(re_pattern));
    p->code = code;
    p->pattern = mp_newref(pattern);
    p->flags = flags | leading_flags(mp_str_data(pattern));
    uint32_t cap = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cap);
    p->groups = cap;
    p->names = NULL;
    p->groupindex = NULL;
    if (build_groupindex(p) < 0) {
        mp_decref((mp_obj *)p);
        return NULL;
    }
    return (mp_obj *)p;
}

/* re.compile semantics with the cache; `pattern` may already be compiled. */
static mp_obj *get_pattern(mp_obj *pattern, mp_obj *flags_obj) {
    int flags = 0;
    if (flags_obj) {
        mp_ssize_t f = mp_index_ssize(flags_obj);
        if (f == -1 && mp_err_occurred())
            return NULL;
        flags = (int)f;
    }
    if (mp_isinstance_exact(pattern, &re_pattern_type)) {
        if (flags) {
            mp_err_format(&mp_type_ValueError,
                          "cannot process flags argument with a compiled pattern");
            return NULL;
        }
        return mp_newref(pattern);
    }
    if (!mp_str_check(pattern))
        return pattern_compile(pattern, flags);
    mp_obj *key = mp_tuple_pack(2, pattern, mp_small(flags));
    mp_obj *p = mp_dict_get(re_cache, key);
    if (p) {
        mp_decref(key);
        return mp_newref(p);
    }
    p = pattern_compile(pattern, flags);
    if (p) {
        if (mp_dict_size(re_cache) >= RE_CACHE_MAX)
            mp_dict_clear(re_cache);
        mp_dict_set(re_cache, key, p);
    }
    mp_decref(key);
    return p;
}

/* ---- offsets -------------------------------------------------------------- */

/* Byte offset -> code-point index, counting from a moving anchor. */
typedef struct cp_anchor {
    size_t byte, cp;
} cp_anchor;

static size_t byte_to_cp(mp_obj *s, cp_anchor *a, size_t byte) {
    if (((mp_strobj *)s)->ascii)
        return byte;
    if (byte < a->byte)
        a->byte = a->cp = 0;
    const unsigned char *d = (const unsigned char *)mp_str_data(s);
    size_t cp = a->cp;
    for (size_t i = a->byte; i < byte; i++)
        cp += (d[i] & 0xC0) != 0x80;
    a->byte = byte;
    a->cp = cp;
    return cp;
}

static size_t cp_to_byte(mp_obj *s, size_t cp) {
    if (((mp_strobj *)s)->ascii)
        return cp;
    const unsigned char *d = (const unsigned char *)mp_str_data(s);
    size_t n = mp_str_size(s), i = 0;
    for (size_t k = 0; i < n; i++) {
        if ((d[i] & 0xC0) != 0x80 && k++ == cp)
            break;
    }
    return i;
}

/* ---- the scanner ------------------------------------------------------------ */

typedef struct scanner {
    re_pattern *p;
    mp_obj *string;
    mp_ssize_t pos, endpos;    /* code points, as given (clamped) */
    size_t bpos, bend;         /* bytes */
    bool prev_empty, done;
    pcre2_match_data *md;
    cp_anchor anchor;
} scanner;

static mp_ssize_t clamp(mp_ssize_t v, mp_ssize_t len) { return v < 0 ? 0 : v > len ? len : v; }

static int scanner_init(scanner *sc, mp_obj *pattern, mp_obj *string, mp_obj *pos, mp_obj *endpos) {
    if (!mp_str_check(string)) {
        mp_err_format(&mp_type_TypeError, "expected string or bytes-like object, got '%s'",
                      mp_type_name(string));
        return -1;
    }
    mp_ssize_t len = (mp_ssize_t)mp_str_len(string);
    sc->pos = 0;
    sc->endpos = len;
    if (pos) {
        sc->pos = mp_index_ssize(pos);
        if (sc->pos == -1 && mp_err_occurred())
            return -1;
    }
    if (endpos) {
        sc->endpos = mp_index_ssize(endpos);
        if (sc->endpos == -1 && mp_err_occurred())
            return -1;
    }
    sc->pos = clamp(sc->pos, len);
    sc->endpos = clamp(sc->endpos, len);
    sc->p = (re_pattern *)pattern;
    sc->string = string;
    sc->bpos = cp_to_byte(string, (size_t)sc->pos);
    sc->bend = cp_to_byte(string, (size_t)sc->endpos);
    sc->prev_empty = false;
    sc->done = sc->pos > sc->endpos;
    sc->md = pcre2_match_data_create_from_pattern(sc->p->code, NULL);
    sc->anchor.byte = sc->anchor.cp = 0;
    return 0;
}

static void scanner_free(scanner *sc) { pcre2_match_data_free(sc->md); }

/* One match attempt: 1 found (ovector in sc->md), 0 none, -1 error. */
static int scanner_exec(scanner *sc, uint32_t opts) {
    if (sc->done)
        return 0;
    if (sc->prev_empty)
        opts |= PCRE2_NOTEMPTY_ATSTART;
    int rc = pcre2_match(sc->p->code, (PCRE2_SPTR)mp_str_data(sc->string), sc->bend, sc->bpos,
                         opts | PCRE2_NO_UTF_CHECK, sc->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) {
        sc->done = true;
        return 0;
    }
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        mp_err_format(&mp_type_RuntimeError, "%s", (const char *)msg);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    sc->prev_empty = ov[0] == ov[1];
    sc->bpos = ov[1];
    return 1;
}

/* A Match object from the scanner's last successful exec. */
static mp_obj *make_match(scanner *sc) {
    re_pattern *p = sc->p;
    size_t n = p->groups + 1;
    uint32_t ovn = pcre2_get_ovector_count(sc->md);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    re_match *m = (re_match *)mp_obj_alloc(&re_match_type, sizeof(re_match));
    m->re = mp_newref((mp_obj *)p);
    m->string = mp_newref(sc->string);
    m->pos = sc->pos;
    m->endpos = sc->endpos;
    m->ngroups = n;
    m->spans = mp_mem_alloc(2 * n * sizeof(mp_ssize_t));
    m->bspans = mp_mem_alloc(2 * n * sizeof(size_t));
    for (size_t g = 0; g < n; g++) {
        bool set = g < ovn && ov[2 * g] != PCRE2_UNSET;
        for (int k = 0; k < 2; k++) {
            m->bspans[2 * g + k] = set ? ov[2 * g + k] : 0;
            m->spans[2 * g + k] =
                set ? (mp_ssize_t)byte_to_cp(sc->string, &sc->anchor, ov[2 * g + k]) : -1;
        }
    }
    return (mp_obj *)m;
}

/* ---- Match objects ----------------------------------------------------------- */

static void match_dealloc(mp_obj *self) {
    re_match *m = (re_match *)self;
    mp_decref(m->re);
    mp_decref(m->string);
    mp_mem_free(m->spans);
    mp_mem_free(m->bspans);
    mp_obj_free(self);
}

/* Group number for an int or a name; -1 with IndexError. */
static mp_ssize_t group_index(re_match *m, mp_obj *g) {
    if (mp_str_check(g)) {
        mp_obj *v = mp_dict_get(((re_pattern *)m->re)->groupindex, g);
        if (v)
            return mp_small_val(v);
        mp_err_clear();
    } else if (mp_has_tflag(g, MP_TFLAG_INT_SUBCLASS)) {
        mp_ssize_t i = mp_index_ssize(g);
        if (i >= 0 && (size_t)i < m->ngroups)
            return i;
        mp_err_clear();
    }
    mp_err_format(&mp_type_IndexError, "no such group");
    return -1;
}

static mp_obj *group_value(re_match *m, size_t g, mp_obj *dflt) {
    if (m->spans[2 * g] < 0)
        return mp_newref(dflt);
    return mp_str_new(mp_str_data(m->string) + m->bspans[2 * g],
                      m->bspans[2 * g + 1] - m->bspans[2 * g]);
}

static mp_obj *group_by_obj(re_match *m, mp_obj *g) {
    mp_ssize_t i = group_index(m, g);
    return i < 0 ? NULL : group_value(m, (size_t)i, mp_None);
}

static mp_obj *match_group(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    re_match *m = (re_match *)self;
    if (mp_arg_no_kw("group", kwnames))
        return NULL;
    if (nargs == 0)
        return group_value(m, 0, mp_None);
    if (nargs == 1)
        return group_by_obj(m, args[0]);
    mp_obj *t = mp_tuple_new(nargs);
    for (size_t i = 0; i < nargs; i++) {
        mp_obj *v = group_by_obj(m, args[i]);
        if (!v) {
            for (size_t j = i; j < nargs; j++)
                mp_tuple_items(t)[j] = mp_newref(mp_None);
            mp_decref(t);
            return NULL;
        }
        mp_tuple_items(t)[i] = v;
    }
    return t;
}

static mp_obj *match_getitem(mp_obj *self, mp_obj *key) {
    return group_by_obj((re_match *)self, key);
}

static mp_obj *match_groups(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"default"};
    mp_obj *dflt = NULL;
    if (mp_arg_parse("groups", args, nargs, kwnames, names, 1, 0, &dflt) < 0)
        return NULL;
    re_match *m = (re_match *)self;
    mp_obj *t = mp_tuple_new(m->ngroups - 1);
    for (size_t g = 1; g < m->ngroups; g++)
        mp_tuple_items(t)[g - 1] = group_value(m, g, dflt ? dflt : mp_None);
    return t;
}

static mp_obj *match_groupdict(mp_obj *self, mp_obj *const *args, size_t nargs,
                               mp_obj *kwnames) {
    static const char *const names[] = {"default"};
    mp_obj *dflt = NULL;
    if (mp_arg_parse("groupdict", args, nargs, kwnames, names, 1, 0, &dflt) < 0)
        return NULL;
    re_match *m = (re_match *)self;
    mp_obj *d = mp_dict_new();
    size_t pos = 0;
    mp_obj *k, *v;
    while (mp_dict_next(((re_pattern *)m->re)->groupindex, &pos, &k, &v)) {
        mp_obj *val = group_value(m, (size_t)mp_small_val(v), dflt ? dflt : mp_None);
        mp_dict_set(d, k, val);
        mp_decref(val);
    }
    return d;
}

/* start/end/span share the optional group argument. */
static mp_ssize_t span_group(const char *fname, mp_obj *self, mp_obj *const *args, size_t nargs,
                             mp_obj *kwnames) {
    if (mp_arg_no_kw(fname, kwnames) || mp_arg_count(fname, nargs, 0, 1))
        return -1;
    return nargs ? group_index((re_match *)self, args[0]) : 0;
}

static mp_obj *match_start(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t g = span_group("start", self, args, nargs, kwnames);
    return g < 0 ? NULL : mp_small(((re_match *)self)->spans[2 * g]);
}

static mp_obj *match_end(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t g = span_group("end", self, args, nargs, kwnames);
    return g < 0 ? NULL : mp_small(((re_match *)self)->spans[2 * g + 1]);
}

static mp_obj *match_span(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t g = span_group("span", self, args, nargs, kwnames);
    if (g < 0)
        return NULL;
    re_match *m = (re_match *)self;
    return mp_tuple_pack(2, mp_small(m->spans[2 * g]), mp_small(m->spans[2 * g + 1]));
}

/* ---- replacement templates ---------------------------------------------- */

/* A parsed template: a list of str (literal) and int (group number). */
static mp_obj *parse_template(re_pattern *p, mp_obj *repl) {
    const char *s = mp_str_data(repl);
    size_t n = mp_str_size(repl);
    mp_obj *items = mp_list_new(4);
    mp_sb lit;
    mp_sb_init(&lit, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 == n) {
            if (s[i] == '\\') {
                mp_err_format(&re_error_type, "bad escape (end of pattern) at position %zu", i);
                goto fail;
            }
            mp_sb_addc(&lit, s[i]);
            continue;
        }
        char c = s[++i];
        const char *esc = strchr("a\ab\bf\fn\nr\rt\tv\v\\\\", c);
        long group = -1;
        if (c && esc && (esc - "a\ab\bf\fn\nr\rt\tv\v\\\\") % 2 == 0) {
            mp_sb_addc(&lit, esc[1]);
            continue;
        }
        if (c >= '1' && c <= '9') {
            group = c - '0';
            if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
                group = group * 10 + (s[++i] - '0');
        } else if (c == 'g') {
            const char *close = i + 1 < n && s[i + 1] == '<' ? memchr(s + i + 2, '>', n - i - 2) : NULL;
            if (!close) {
                mp_err_format(&re_error_type, "missing < or >, unterminated name at position %zu",
                              i + 1);
                goto fail;
            }
            const char *name = s + i + 2;
            size_t nlen = (size_t)(close - name);
            bool digits = nlen > 0;
            for (size_t k = 0; k < nlen; k++)
                digits = digits && name[k] >= '0' && name[k] <= '9';
            if (digits) {
                group = strtol(name, NULL, 10);
            } else {
                mp_obj *key = mp_str_new(name, nlen);
                mp_obj *v = mp_dict_get(p->groupindex, key);
                if (!v) {
                    mp_err_format(&mp_type_IndexError, "unknown group name '%U'", key);
                    mp_decref(key);
                    goto fail;
                }
                mp_decref(key);
                group = mp_small_val(v);
            }
            i = (size_t)(close - s);
        } else if (c == '0') {
            mp_sb_addc(&lit, '\0');
            continue;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            mp_err_format(&re_error_type, "bad escape \\%c at position %zu", c, i - 1);
            goto fail;
        } else {
            mp_sb_addc(&lit, '\\');
            mp_sb_addc(&lit, c);
            continue;
        }
        if (group < 0 || (size_t)group > p->groups) {
            mp_err_format(&re_error_type, "invalid group reference %ld at position %zu", group,
                          i);
            goto fail;
        }
        if (lit.len) {
            mp_list_append_steal(items, mp_str_new(lit.buf, lit.len));
            lit.len = 0;
        }
        mp_list_append(items, mp_small(group));
    }
    if (lit.len)
        mp_list_append_steal(items, mp_str_new(lit.buf, lit.len));
    mp_sb_free(&lit);
    return items;
fail:
    mp_sb_free(&lit);
    mp_decref(items);
    return NULL;
}

static void expand_into(mp_sb *sb, re_match *m, mp_obj *tmpl) {
    for (size_t i = 0; i < mp_list_size(tmpl); i++) {
        mp_obj *it = mp_list_items(tmpl)[i];
        if (mp_is_small(it)) {
            size_t g = (size_t)mp_small_val(it);
            if (m->spans[2 * g] >= 0)
                mp_sb_add(sb, mp_str_data(m->string) + m->bspans[2 * g],
                          m->bspans[2 * g + 1] - m->bspans[2 * g]);
        } else {
            mp_sb_add(sb, mp_str_data(it), mp_str_size(it));
        }
    }
}

static mp_obj *match_expand(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("expand", kwnames) || mp_arg_count("expand", nargs, 1, 1))
        return NULL;
    re_match *m = (re_match *)self;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "expected str instance, %s found", mp_type_name(args[0]));
        return NULL;
    }
    mp_obj *tmpl = parse_template((re_pattern *)m->re, args[0]);
    if (!tmpl)
        return NULL;
    mp_sb sb;
    mp_sb_init(&sb, 32);
    expand_into(&sb, m, tmpl);
    mp_decref(tmpl);
    return mp_sb_finish(&sb);
}

static mp_obj *match_repr(mp_obj *self) {
    re_match *m = (re_match *)self;
    mp_obj *g = group_value(m, 0, mp_None);
    mp_obj *r = mp_str_format_c("<re.Match object; span=(%zd, %zd), match=%R>", m->spans[0],
                                m->spans[1], g);
    mp_decref(g);
    return r;
}

/* CPython's lastindex is the group that closed last: the largest end,
 * and among equal ends the outermost (earliest start). */
static mp_ssize_t match_lastindex_num(re_match *m) {
    mp_ssize_t best = -1;
    for (size_t g = 1; g < m->ngroups; g++) {
        if (m->spans[2 * g] < 0)
            continue;
        if (best < 0 || m->spans[2 * g + 1] > m->spans[2 * best + 1] ||
            (m->spans[2 * g + 1] == m->spans[2 * best + 1] &&
             m->spans[2 * g] < m->spans[2 * best]))
            best = (mp_ssize_t)g;
    }
    return best;
}

static mp_obj *match_get_lastindex(mp_obj *self) {
    mp_ssize_t g = match_lastindex_num((re_match *)self);
    return g < 0 ? mp_newref(mp_None) : mp_small(g);
}

static mp_obj *match_get_lastgroup(mp_obj *self) {
    re_match *m = (re_match *)self;
    mp_ssize_t g = match_lastindex_num(m);
    mp_obj *name = g < 0 ? NULL : ((re_pattern *)m->re)->names[g];
    return mp_newref(name ? name : mp_None);
}

static mp_obj *match_get_string(mp_obj *self) { return mp_newref(((re_match *)self)->string); }
static mp_obj *match_get_re(mp_obj *self) { return mp_newref(((re_match *)self)->re); }
static mp_obj *match_get_pos(mp_obj *self) { return mp_small(((re_match *)self)->pos); }
static mp_obj *match_get_endpos(mp_obj *self) { return mp_small(((re_match *)self)->endpos); }
static mp_obj *match_get_regs(mp_obj *self) {
    re_match *m = (re_match *)self;
    mp_obj *t = mp_tuple_new(m->ngroups);
    for (size_t g = 0; g < m->ngroups; g++)
        mp_tuple_items(t)[g] =
            mp_tuple_pack(2, mp_small(m->spans[2 * g]), mp_small(m->spans[2 * g + 1]));
    return t;
}

static const mp_method_def match_methods[] = {
    {"group", match_group, 0, NULL},
    {"groups", match_groups, 0, NULL},
    {"groupdict", match_groupdict, 0, NULL},
    {"start", match_start, 0, NULL},
    {"end", match_end, 0, NULL},
    {"span", match_span, 0, NULL},
    {"expand", match_expand, 0, NULL},
    {NULL},
};

static const mp_getset_def match_getset[] = {
    {"string", match_get_string, NULL},       {"re", match_get_re, NULL},
    {"pos", match_get_pos, NULL},             {"endpos", match_get_endpos, NULL},
    {"lastindex", match_get_lastindex, NULL}, {"lastgroup", match_get_lastgroup, NULL},
    {"regs", match_get_regs, NULL},           {NULL},
};

static mp_type re_match_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "re.Match",
    .basicsize = sizeof(re_match),
    .dealloc = match_dealloc,
    .repr = match_repr,
    .getitem = match_getitem,
    .methods = match_methods,
    .getset = match_getset,
};

/* ---- Pattern methods ------------------------------------------------------ */

/* match/search/fullmatch: (string, pos=0, endpos=maxsize). */
static mp_obj *pattern_match_common(const char *fname, mp_obj *self, mp_obj *const *args,
                                    size_t nargs, mp_obj *kwnames, uint32_t opts) {
    static const char *const names[] = {"string", "pos", "endpos"};
    mp_obj *a[3] = {NULL};
    if (mp_arg_parse(fname, args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    scanner sc;
    if (scanner_init(&sc, self, a[0], a[1], a[2]) < 0)
        return NULL;
    int rc = scanner_exec(&sc, opts);
    mp_obj *r = rc < 0 ? NULL : rc ? make_match(&sc) : mp_newref(mp_None);
    scanner_free(&sc);
    return r;
}

static mp_obj *pattern_match(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return pattern_match_common("match", self, args, nargs, kwnames, PCRE2_ANCHORED);
}
static mp_obj *pattern_search(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return pattern_match_common("search", self, args, nargs, kwnames, 0);
}
static mp_obj *pattern_fullmatch(mp_obj *self, mp_obj *const *args, size_t nargs,
                                 mp_obj *kwnames) {
    return pattern_match_common("fullmatch", self, args, nargs, kwnames,
                                PCRE2_ANCHORED | PCRE2_ENDANCHORED);
}

/* findall's item for the current match: group 0, group 1, or a tuple. */
static mp_obj *findall_item(scanner *sc) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    uint32_t ovn = pcre2_get_ovector_count(sc->md);
    size_t groups = sc->p->groups;
    const char *d = mp_str_data(sc->string);
#define GROUP_STR(g)                                                                               \
    ((g) < ovn && ov[2 * (g)] != PCRE2_UNSET ? mp_str_new(d + ov[2 * (g)], ov[2 * (g) + 1] - ov[2 * (g)]) \
                                             : mp_str_new("", 0))
    if (groups <= 1)
        return GROUP_STR((size_t)groups);
    mp_obj *t = mp_tuple_new(groups);
    for (size_t g = 1; g <= groups; g++)
        mp_tuple_items(t)[g - 1] = GROUP_STR(g);
    return t;
#undef GROUP_STR
}

static mp_obj *pattern_findall(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"string", "pos", "endpos"};
    mp_obj *a[3] = {NULL};
    if (mp_arg_parse("findall", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    scanner sc;
    if (scanner_init(&sc, self, a[0], a[1], a[2]) < 0)
        return NULL;
    mp_obj *l = mp_list_new(0);
    int rc;
    while ((rc = scanner_exec(&sc, 0)) > 0)
        mp_list_append_steal(l, findall_item(&sc));
    scanner_free(&sc);
    if (rc < 0) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

/* finditer's iterator owns its scanner. */
typedef struct re_iter {
    mp_obj head;
    mp_obj *pattern, *string;
    scanner sc;
} re_iter;

static void iter_dealloc(mp_obj *self) {
    re_iter *it = (re_iter *)self;
    scanner_free(&it->sc);
    mp_decref(it->pattern);
    mp_decref(it->string);
    mp_obj_free(self);
}

static mp_obj *iter_self(mp_obj *self) { return mp_newref(self); }

static mp_obj *iter_next(mp_obj *self) {
    re_iter *it = (re_iter *)self;
    int rc = scanner_exec(&it->sc, 0);
    return rc > 0 ? make_match(&it->sc) : NULL;
}

static mp_type re_iter_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "callable_iterator",
    .basicsize = sizeof(re_iter),
    .dealloc = iter_dealloc,
    .iter = iter_self,
    .iternext = iter_next,
};

static mp_obj *pattern_finditer(mp_obj *self, mp_obj *const *args, size_t nargs,
                                mp_obj *kwnames) {
    static const char *const names[] = {"string", "pos", "endpos"};
    mp_obj *a[3] = {NULL};
    if (mp_arg_parse("finditer", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    re_iter *it = (re_iter *)mp_obj_alloc(&re_iter_type, sizeof(re_iter));
    if (scanner_init(&it->sc, self, a[0], a[1], a[2]) < 0) {
        mp_obj_free((mp_obj *)it);
        return NULL;
    }
    it->pattern = mp_newref(self);
    it->string = mp_newref(a[0]);
    return (mp_obj *)it;
}

/* sub/subn: the new string, and the count in *count. */
static mp_obj *do_sub(mp_obj *self, mp_obj *repl, mp_obj *string, mp_obj *count_obj,
                      mp_ssize_t *count) {
    mp_ssize_t maxcount = 0;
    if (count_obj) {
        maxcount = mp_index_ssize(count_obj);
        if (maxcount == -1 && mp_err_occurred())
            return NULL;
    }
    mp_obj *tmpl = NULL;
    bool callable = !mp_str_check(repl);
    if (callable && !mp_callable(repl)) {
        mp_err_format(&mp_type_TypeError, "decoding to str: need a bytes-like object, %s found",
                      mp_type_name(repl));
        return NULL;
    }
    if (!callable && !(tmpl = parse_template((re_pattern *)self, repl)))
        return NULL;
    scanner sc;
    if (scanner_init(&sc, self, string, NULL, NULL) < 0) {
        if (tmpl)
            mp_decref(tmpl);
        return NULL;
    }
    const char *d = mp_str_data(string);
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(string) + 16);
    size_t last = 0;
    mp_ssize_t n = 0;
    int rc = 0;
    while ((maxcount <= 0 || n < maxcount) && (rc = scanner_exec(&sc, 0)) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc.md);
        mp_sb_add(&sb, d + last, ov[0] - last);
        last = ov[1];
        n++;
        mp_obj *m = make_match(&sc);
        if (tmpl) {
            expand_into(&sb, (re_match *)m, tmpl);
            mp_decref(m);
            continue;
        }
        mp_obj *r = mp_call1(repl, m);
        mp_decref(m);
        if (r && r != mp_None && !mp_str_check(r)) {
            mp_err_format(&mp_type_TypeError, "expected str instance, %s found", mp_type_name(r));
            mp_decref(r);
            r = NULL;
        }
        if (!r) {
            rc = -1;
            break;
        }
        if (r != mp_None)
            mp_sb_add(&sb, mp_str_data(r), mp_str_size(r));
        mp_decref(r);
    }
    scanner_free(&sc);
    if (tmpl)
        mp_decref(tmpl);
    if (rc < 0) {
        mp_sb_free(&sb);
        return NULL;
    }
    mp_sb_add(&sb, d + last, mp_str_size(string) - last);
    *count = n;
    return mp_sb_finish(&sb);
}

static const char *const sub_names[] = {"repl", "string", "count"};

static mp_obj *pattern_sub(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *a[3] = {NULL};
    mp_ssize_t n;
    if (mp_arg_parse("sub", args, nargs, kwnames, sub_names, 3, 2, a) < 0)
        return NULL;
    return do_sub(self, a[0], a[1], a[2], &n);
}

static mp_obj *subn_result(mp_obj *s, mp_ssize_t n) {
    if (!s)
        return NULL;
    mp_obj *t = mp_tuple_pack(2, s, mp_small(n));
    mp_decref(s);
    return t;
}

static mp_obj *pattern_subn(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *a[3] = {NULL};
    mp_ssize_t n = 0;
    if (mp_arg_parse("subn", args, nargs, kwnames, sub_names, 3, 2, a) < 0)
        return NULL;
    mp_obj *r = do_sub(self, a[0], a[1], a[2], &n);
    return subn_result(r, n);
}

static mp_obj *do_split(mp_obj *self, mp_obj *string, mp_obj *maxsplit_obj) {
    mp_ssize_t maxsplit = 0;
    if (maxsplit_obj) {
        maxsplit = mp_index_ssize(maxsplit_obj);
        if (maxsplit == -1 && mp_err_occurred())
            return NULL;
    }
    scanner sc;
    if (scanner_init(&sc, self, string, NULL, NULL) < 0)
        return NULL;
    const char *d = mp_str_data(string);
    mp_obj *l = mp_list_new(0);
    size_t last = 0;
    mp_ssize_t n = 0;
    int rc = 0;
    while ((maxsplit <= 0 || n < maxsplit) && (rc = scanner_exec(&sc, 0)) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc.md);
        uint32_t ovn = pcre2_get_ovector_count(sc.md);
        mp_list_append_steal(l, mp_str_new(d + last, ov[0] - last));
        for (size_t g = 1; g <= sc.p->groups; g++) {
            if (g < ovn && ov[2 * g] != PCRE2_UNSET)
                mp_list_append_steal(l, mp_str_new(d + ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
            else
                mp_list_append(l, mp_None);
        }
        last = ov[1];
        n++;
    }
    scanner_free(&sc);
    if (rc < 0) {
        mp_decref(l);
        return NULL;
    }
    mp_list_append_steal(l, mp_str_new(d + last, mp_str_size(string) - last));
    return l;
}

static mp_obj *pattern_split(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"string", "maxsplit"};
    mp_obj *a[2] = {NULL};
    if (mp_arg_parse("split", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    return do_split(self, a[0], a[1]);
}

static const struct {
    int flag;
    const char *name;
} flag_names[] = {{RE_I, "re.IGNORECASE"}, {RE_L, "re.LOCALE"}, {RE_M, "re.MULTILINE"},
                  {RE_S, "re.DOTALL"},     {RE_X, "re.VERBOSE"}, {RE_A, "re.ASCII"}};

static mp_obj *pattern_repr(mp_obj *self) {
    re_pattern *p = (re_pattern *)self;
    mp_sb sb;
    mp_sb_init(&sb, 32);
    mp_sb_add_cstr(&sb, "re.compile(");
    if (mp_sb_add_obj(&sb, p->pattern, true) < 0) {
        mp_sb_free(&sb);
        return NULL;
    }
    bool first = true;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (!(p->flags & flag_names[i].flag))
            continue;
        mp_sb_add_cstr(&sb, first ? ", " : "|");
        mp_sb_add_cstr(&sb, flag_names[i].name);
        first = false;
    }
    mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
}

static mp_obj *pattern_richcompare(mp_obj *a, mp_obj *b, int op) {
    if ((op != MP_EQ && op != MP_NE) || !mp_isinstance_exact(b, &re_pattern_type))
        return mp_newref(mp_NotImplemented);
    re_pattern *x = (re_pattern *)a, *y = (re_pattern *)b;
    bool eq = x->flags == y->flags && mp_str_eq(x->pattern, y->pattern);
    return mp_newref((op == MP_EQ) == eq ? mp_True : mp_False);
}

static mp_hash_t pattern_hash(mp_obj *self) {
    re_pattern *p = (re_pattern *)self;
    mp_hash_t h = mp_str_hash(p->pattern) ^ (p->flags * 1000003);
    return h == -1 ? -2 : h;
}

static mp_obj *pattern_get_pattern(mp_obj *self) { return mp_newref(((re_pattern *)self)->pattern); }
static mp_obj *pattern_get_flags(mp_obj *self) { return mp_small(((re_pattern *)self)->flags); }
static mp_obj *pattern_get_groups(mp_obj *self) {
    return mp_small((intptr_t)((re_pattern *)self)->groups);
}
static mp_obj *pattern_get_groupindex(mp_obj *self) {
    return mp_mappingproxy_new(((re_pattern *)self)->groupindex);
}

static const mp_method_def pattern_methods[] = {
    {"match", pattern_match, 0, NULL},     {"search", pattern_search, 0, NULL},
    {"fullmatch", pattern_fullmatch, 0, NULL}, {"findall", pattern_findall, 0, NULL},
    {"finditer", pattern_finditer, 0, NULL}, {"sub", pattern_sub, 0, NULL},
    {"subn", pattern_subn, 0, NULL},       {"split", pattern_split, 0, NULL},
    {NULL},
};

static const mp_getset_def pattern_getset[] = {
    {"pattern", pattern_get_pattern, NULL},
    {"flags", pattern_get_flags, NULL},
    {"groups", pattern_get_groups, NULL},
    {"groupindex", pattern_get_groupindex, NULL},
    {NULL},
};

static mp_type re_pattern_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "re.Pattern",
    .basicsize = sizeof(re_pattern),
    .dealloc = pattern_dealloc,
    .repr = pattern_repr,
    .richcompare = pattern_richcompare,
    .hash = pattern_hash,
    .methods = pattern_methods,
    .getset = pattern_getset,
};

/* ---- module functions ------------------------------------------------------- */

/* Module-level functions take (pattern, <method args>..., flags=0): compile
 * and forward to the Pattern method with the middle arguments. */
static mp_obj *forward(const char *fname, mp_cfunc method, const char *const *names, int n,
                       int nrequired, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_obj *a[5] = {NULL};
    if (mp_arg_parse(fname, args, nargs, kwnames, names, n, nrequired, a) < 0)
        return NULL;
    mp_obj *p = get_pattern(a[0], a[n - 1]);
    if (!p)
        return NULL;
    size_t k = 0;
    mp_obj *mid[3];
    for (int i = 1; i < n - 1 && a[i]; i++)
        mid[k++] = a[i];
    mp_obj *r = method(p, mid, k, NULL);
    mp_decref(p);
    return r;
}

#define RE_FORWARD(fname, method, nrequired, ...)                                                  \
    static mp_obj *refn_##fname(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) { \
        static const char *const names[] = {"pattern", __VA_ARGS__, "flags"};                    \
        return forward(#fname, method, names, (int)(sizeof names / sizeof names[0]), nrequired,   \
                       args, nargs, kwnames);                                                      \
    }
RE_FORWARD(match, pattern_match, 2, "string")
RE_FORWARD(search, pattern_search, 2, "string")
RE_FORWARD(fullmatch, pattern_fullmatch, 2, "string")
RE_FORWARD(findall, pattern_findall, 2, "string")
RE_FORWARD(finditer, pattern_finditer, 2, "string")
RE_FORWARD(sub, pattern_sub, 3, "repl", "string", "count")
RE_FORWARD(subn, pattern_subn, 3, "repl", "string", "count")
RE_FORWARD(split, pattern_split, 2, "string", "maxsplit")
#undef RE_FORWARD

static mp_obj *re_compile(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"pattern", "flags"};
    mp_obj *a[2] = {NULL};
    if (mp_arg_parse("compile", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    return get_pattern(a[0], a[1]);
}

static mp_obj *re_escape(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"pattern"};
    mp_obj *s;
    if (mp_arg_parse("escape", args, nargs, kwnames, names, 1, 1, &s) < 0)
        return NULL;
    if (!mp_str_check(s)) {
        mp_err_format(&mp_type_TypeError, "expected str instance, %s found", mp_type_name(s));
        return NULL;
    }
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(s) * 2 + 1);
    for (size_t i = 0; i < mp_str_size(s); i++) {
        char c = mp_str_data(s)[i];
        if (c && strchr("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", c))
            mp_sb_addc(&sb, '\\');
        mp_sb_addc(&sb, c);
    }
    return mp_sb_finish(&sb);
}

static mp_obj *re_purge(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("purge", kwnames) || mp_arg_count("purge", nargs, 0, 0))
        return NULL;
    mp_dict_clear(re_cache);
    return mp_newref(mp_None);
}

static const mp_method_def re_functions[] = {
    {"compile", re_compile, 0, NULL},     {"match", refn_match, 0, NULL},
    {"search", refn_search, 0, NULL},       {"fullmatch", refn_fullmatch, 0, NULL},
    {"findall", refn_findall, 0, NULL},     {"finditer", refn_finditer, 0, NULL},
    {"sub", refn_sub, 0, NULL},             {"subn", refn_subn, 0, NULL},
    {"split", refn_split, 0, NULL},         {"escape", re_escape, 0, NULL},
    {"purge", re_purge, 0, NULL},         {NULL},
};

mp_obj *mp_re_module_create(void) {
    mp_type *types[] = {&re_error_type, &re_pattern_type, &re_match_type, &re_iter_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (mp_type_ready(types[i]) < 0)
            return NULL;
    if (!re_cache) {
        re_cache = mp_dict_new();
        mp_rc_make_immortal(re_cache);
    }
    mp_obj *m = mp_module_new("re");
    if (!m || mp_module_add_functions(m, re_functions) < 0)
        goto fail;
    static const struct {
        const char *name;
        int value;
    } consts[] = {{"I", RE_I},          {"IGNORECASE", RE_I}, {"L", RE_L},       {"LOCALE", RE_L},
                  {"M", RE_M},          {"MULTILINE", RE_M},  {"S", RE_S},       {"DOTALL", RE_S},
                  {"U", RE_U},          {"UNICODE", RE_U},    {"X", RE_X},       {"VERBOSE", RE_X},
                  {"A", RE_A},          {"ASCII", RE_A},      {"NOFLAG", 0}};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (mp_module_add_obj(m, consts[i].name, mp_small(consts[i].value)) < 0)
            goto fail;
    if (mp_module_add_obj(m, "error", (mp_obj *)&re_error_type) < 0 ||
        mp_module_add_obj(m, "Pattern", (mp_obj *)&re_pattern_type) < 0 ||
        mp_module_add_obj(m, "Match", (mp_obj *)&re_match_type) < 0)
        goto fail;
    return m;
fail:
    if (m)
        mp_decref(m);
    return NULL;
}
