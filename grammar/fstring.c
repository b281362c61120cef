/*
 * fstring.c — string literals: prefixes, escape decoding (str and bytes,
 * with CPython's "(unicode error)"/"(value error)" messages), implicit
 * concatenation, and f-strings with 3.11 semantics: literal text, {{ }},
 * replacement fields whose expressions are parsed by a nested parser at
 * their real position, !s/!r/!a conversions, nested format specs and the
 * self-documenting "{x=}" form.  The scanning follows CPython's
 * string_parser.c step by step so that errors come out the same.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "grammar/parser_int.h"
#include "parser.h"

/* A growable byte buffer in the arena. */
typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_put(mp_arena *a, sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *ns = mp_arena_alloc(a, cap);
        if (b->n)
            memcpy(ns, b->s, b->n);
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_putc(mp_arena *a, sbuf *b, char c) { sb_put(a, b, &c, 1); }

static void sb_utf8(mp_arena *a, sbuf *b, uint32_t c) {
    char u[4];
    size_t n;
    if (c < 0x80)
        u[0] = (char)c, n = 1;
    else if (c < 0x800)
        u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    sb_put(a, b, u, n);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

/* ---- escape decoding ------------------------------------------------------- */


/* The one-character escapes str and bytes literals share (\n, \t, \\, ...):
 * the byte they stand for, or -1 when `c` is not one of them. */
static int simple_escape(char c) {
    switch (c) {
    case '\\': case '\'': case '"': return c;
    case 'b': return '\b';
    case 'f': return '\f';
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'v': return '\v';
    case 'a': return '\a';
    default: return -1;
    }
}

/* Decodes a str literal's body.  Like CPython, non-ASCII characters are
 * first rewritten as \UXXXXXXXX escapes (and a backslash before one as
 * \u005c), so error positions count in that rewritten text. */
static bool decode_str(mp_parser *p, const char *s, const char *end, sbuf *out) {
    sbuf pre = {0};
    for (const char *q = s; q < end;) {
        if (*q == '\\') {
            sb_putc(p->arena, &pre, *q++);
            if (q >= end || (unsigned char)*q >= 0x80) {
                sb_put(p->arena, &pre, "u005c", 5);
                if (q >= end)
                    break;
            }
        }
        if ((unsigned char)*q >= 0x80) {
            char esc[11];
            snprintf(esc, sizeof esc, "\\U%08x", (unsigned)mp_utf8_next(&q));
            sb_put(p->arena, &pre, esc, 10);
        } else
            sb_putc(p->arena, &pre, *q++);
    }
    const char *b = pre.s, *e = pre.s + pre.n, *q = b;
    while (q < e) {
        char c = *q++;
        if (c != '\\') {
            sb_putc(p->arena, out, c);
            continue;
        }
        int start = (int)(q - 1 - b);
        const char *msg;
        int count;
        c = q < e ? *q++ : '\0';
        int simple = simple_escape(c);
        if (simple >= 0) {
            sb_putc(p->arena, out, (char)simple);
            continue;
        }
        switch (c) {
        case '\n': continue;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            uint32_t x = (uint32_t)(c - '0');
            for (int i = 0; i < 2 && q < e && *q >= '0' && *q <= '7'; i++)
                x = x * 8 + (uint32_t)(*q++ - '0');
            sb_utf8(p->arena, out, x);
            continue;
        }
        case 'x': count = 2, msg = "truncated \\xXX escape"; break;
        case 'u': count = 4, msg = "truncated \\uXXXX escape"; break;
        case 'U': count = 8, msg = "truncated \\UXXXXXXXX escape"; break;
        case 'N':
            mp_raise_last(p, MP_SYNERR_SYNTAX, "\\N{...} escapes are not supported by minipy");
            return false;
        default:
            /* Unknown escapes keep their backslash. */
            sb_putc(p->arena, out, '\\');
            q--;
            continue;
        }
        uint32_t ch = 0;
        for (; count; count--, q++) {
            if (q >= e || !isxdigit((unsigned char)*q))
                goto error;
            ch = ch * 16 + (uint32_t)hexval(*q);
        }
        if (ch > 0x10FFFF) {
            msg = "illegal Unicode character";
            goto error;
        }
        sb_utf8(p->arena, out, ch);
        continue;
    error:
        mp_raise_last(p, MP_SYNERR_SYNTAX,
                      "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                      "%d-%d: %s",
                      start, (int)(q - b) - 1, msg);
        return false;
    }
    return true;
}

/* Decodes a bytes literal's body (CPython's _PyBytes_DecodeEscape). */
static bool decode_bytes(mp_parser *p, const char *s, const char *end, sbuf *out) {
    const char *q = s;
    while (q < end) {
        if (*q != '\\') {
            sb_putc(p->arena, out, *q++);
            continue;
        }
        const char *bs = q++;
        char c = *q++;
        int simple = simple_escape(c);
        if (simple >= 0) {
            sb_putc(p->arena, out, (char)simple);
            continue;
        }
        switch (c) {
        case '\n': break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            unsigned x = (unsigned)(c - '0');
            for (int i = 0; i < 2 && q < end && *q >= '0' && *q <= '7'; i++)
                x = x * 8 + (unsigned)(*q++ - '0');
            sb_putc(p->arena, out, (char)(x & 0xFF));
            break;
        }
        case 'x':
            if (q + 1 < end && isxdigit((unsigned char)q[0]) && isxdigit((unsigned char)q[1])) {
                sb_putc(p->arena, out, (char)(hexval(q[0]) * 16 + hexval(q[1])));
                q += 2;
                break;
            }
            mp_raise_last(p, MP_SYNERR_SYNTAX, "(value error) invalid \\x escape at position %d",
                          (int)(bs - s));
            return false;
        default:
            sb_putc(p->arena, out, '\\');
            q--;
            break;
        }
    }
    return true;
}

/* ---- one literal token -------------------------------------------------------- */

typedef struct lit {
    bool bytes, raw, fmt;
    const char *body, *end; /* between the quotes */
    const mp_strtok *tok;
} lit;

static void split_literal(const mp_strtok *t, lit *l) {
    const char *s = t->start;
    l->bytes = l->raw = l->fmt = false;
    for (;; s++) {
        char c = *s | 0x20;
        if (c == 'b')
            l->bytes = true;
        else if (c == 'r')
            l->raw = true;
        else if (c == 'f')
            l->fmt = true;
        else if (c != 'u')
            break;
    }
    size_t q = s[0] == s[1] && s[1] == s[2] && t->end - s >= 6 ? 3 : 1;
    l->body = s + q;
    l->end = t->end - q;
    l->tok = t;
}

/* Line number and line start of a position inside a string token. */
static void position_in(const mp_strtok *t, const char *at, int *line, const char **line_start) {
    *line = t->loc.line;
    *line_start = t->start - t->loc.col;
    for (const char *q = t->start; q < at; q++)
        if (*q == '\n') {
            ++*line;
            *line_start = q + 1;
        }
}

/* ---- f-strings ------------------------------------------------------------------ */

/* The JoinedStr under construction (CPython's FstringParser). */
typedef struct fstate {
    sbuf last; /* literal text not yet turned into a Constant */
    mp_seq *values;
    bool fmode;
} fstate;

typedef struct fctx {
    mp_parser *p;
    mp_loc loc; /* the whole concatenation: every piece's location */
    const lit *l;
} fctx;

static mp_node *str_const(mp_parser *p, const char *s, size_t n, mp_loc loc) {
    mp_node *c = mp_const(p, MP_CONST_STR, loc);
    c->v.constant.text = n ? s : "";
    c->v.constant.len = n;
    return c;
}

static void flush_literal(fctx *c, fstate *st, mp_loc loc) {
    if (st->last.n) {
        st->values =
            mp_seq_push(c->p->arena, st->values, str_const(c->p, st->last.s, st->last.n, loc));
        st->last = (sbuf){0};
    }
}

static bool parse_fstring(fctx *c, fstate *st, const char **str, const char *end, int level);

/* Literal text up to a '{' (or '}' in a format spec).  Returns 1 if a
 * doubled brace ended it (the caller loops), 0 otherwise, -1 on error. */
static int find_literal(fctx *c, fstate *st, const char **str, const char *end, int level) {
    const char *s = *str, *start = s;
    int result = 0;
    while (s < end) {
        char ch = *s++;
        if (!c->l->raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                if (s < end && *s++ == '{') {
                    while (s < end && *s++ != '}') {
                    }
                    continue;
                }
                break;
            }
        }
        if (ch == '{' || ch == '}') {
            if (level == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    result = 1;
                    goto done;
                }
                if (ch == '}') {
                    *str = s - 1;
                    mp_raise_last(c->p, MP_SYNERR_SYNTAX, "f-string: single '}' is not allowed");
                    return -1;
                }
            }
            s--;
            break;
        }
    }
    *str = s;
done:
    if (start != s) {
        if (c->l->raw)
            sb_put(c->p->arena, &st->last, start, (size_t)(s - start));
        else if (!decode_str(c->p, start, s, &st->last))
            return -1;
    }
    return result;
}

/* A replacement field starting at the '{' at *str. */
static mp_node *find_expr(fctx *c, fstate *st, const char **str, const char *end, int level) {
    mp_parser *p = c->p;
    if (level >= 2) {
        mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: expressions nested too deeply");
        return NULL;
    }
    const char *brace = (*str)++, *expr_start = *str;
    char quote = 0;
    int string_type = 0, depth = 0;
    char parens[MP_MAXLEVEL];
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\') {
            mp_raise_last(p, MP_SYNERR_SYNTAX,
                          "f-string expression part cannot include a backslash");
            return NULL;
        }
        if (quote) {
            if (ch == quote) {
                if (string_type == 3) {
                    if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                        *str += 2;
                        quote = 0;
                    }
                } else
                    quote = 0;
            }
        } else if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                string_type = 3;
                *str += 2;
            } else
                string_type = 1;
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= MP_MAXLEVEL) {
                mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: too many nested parenthesis");
                return NULL;
            }
            parens[depth++] = ch;
        } else if (ch == '#') {
            mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string expression part cannot include '#'");
            return NULL;
        } else if (depth == 0 &&
                   (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (*str + 1 < end && (ch == '!' || ch == '=' || ch == '<' || ch == '>') &&
                (*str)[1] == '=') {
                (*str)++;
                continue;
            }
            if (ch == '>' || ch == '<')
                continue; /* single '<' and '>' never end an expression */
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!depth) {
                mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: unmatched '%c'", ch);
                return NULL;
            }
            char open = parens[--depth];
            if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
                  (open == '{' && ch == '}'))) {
                mp_raise_last(p, MP_SYNERR_SYNTAX,
                              "f-string: closing parenthesis '%c' does not match opening "
                              "parenthesis '%c'",
                              ch, open);
                return NULL;
            }
        }
    }
    const char *expr_end = *str;
    if (quote) {
        mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: unterminated string");
        return NULL;
    }
    if (depth) {
        mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: unmatched '%c'", parens[depth - 1]);
        return NULL;
    }
    if (*str >= end)
        goto expecting_brace;
    const char *q = expr_start;
    while (q < expr_end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\f'))
        q++;
    if (q == expr_end) {
        if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=')
            mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: expression required before '%c'",
                          *expr_end);
        else
            mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: empty expression not allowed");
        return NULL;
    }
    int line, eline;
    const char *line_start, *eline_start;
    position_in(c->l->tok, expr_start, &line, &line_start);
    position_in(c->l->tok, expr_end, &eline, &eline_start);
    mp_loc braces = {0};
    position_in(c->l->tok, brace, &braces.line, &q);
    braces.col = (int)(brace - q);
    braces.end_line = eline;
    braces.end_col = (int)(expr_end - eline_start) + 1;
    mp_node *expr = mp_parse_fstring_expr(p, expr_start, expr_end, line, line_start, braces);
    if (!expr)
        return NULL;
    bool debug = false;
    if (**str == '=') {
        (*str)++;
        while (isspace((unsigned char)**str))
            (*str)++;
        sb_put(p->arena, &st->last, expr_start, (size_t)(*str - expr_start));
        debug = true;
    }
    int conversion = -1;
    if (**str == '!') {
        if (++*str >= end)
            goto expecting_brace;
        conversion = (unsigned char)*(*str)++;
        if (conversion != 's' && conversion != 'r' && conversion != 'a') {
            mp_raise_last(p, MP_SYNERR_SYNTAX,
                          "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return NULL;
        }
    }
    mp_node *spec = NULL;
    if (*str >= end)
        goto expecting_brace;
    if (**str == ':') {
        if (++*str >= end)
            goto expecting_brace;
        fstate sub = {0};
        if (!parse_fstring(c, &sub, str, end, level + 1))
            return NULL;
        /* CPython gives a spec's trailing text the location of its token. */
        flush_literal(c, &sub, c->l->tok->loc);
        spec = mp_new_node(p, MP_AST_JoinedStr, c->l->tok->loc);
        spec->v.joinedstr.values = mp_seq_nodes(sub.values);
    }
    if (*str >= end || **str != '}')
        goto expecting_brace;
    (*str)++;
    if (debug && !spec && conversion == -1)
        conversion = 'r';
    mp_node *fv = mp_new_node(p, MP_AST_FormattedValue, c->loc);
    fv->v.formatted.value = expr;
    fv->v.formatted.conversion = conversion;
    fv->v.formatted.format_spec = spec;
    return fv;
expecting_brace:
    mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: expecting '}'");
    return NULL;
}

/* Literal text and replacement fields until the end (or, in a format
 * spec, the closing '}'). */
static bool parse_fstring(fctx *c, fstate *st, const char **str, const char *end, int level) {
    st->fmode = true;
    for (;;) {
        int r = find_literal(c, st, str, end, level);
        if (r < 0)
            return false;
        if (r == 1)
            continue;
        if (*str >= end || **str == '}')
            break;
        mp_node *fv = find_expr(c, st, str, end, level);
        if (!fv)
            return false;
        flush_literal(c, st, c->loc);
        st->values = mp_seq_push(c->p->arena, st->values, fv);
    }
    if (level != 0 && (*str >= end || **str != '}')) {
        mp_raise_last(c->p, MP_SYNERR_SYNTAX, "f-string: expecting '}'");
        return false;
    }
    return true;
}

/* ---- concatenation --------------------------------------------------------------- */

mp_node *mp_strings(mp_parser *p, mp_seq *toks, mp_loc loc) {
    fstate st = {0};
    sbuf bytes = {0};
    bool bytesmode = false;
    for (int i = 0; i < toks->n; i++) {
        lit l;
        split_literal(toks->items[i], &l);
        if (l.bytes)
            for (const char *q = l.body; q < l.end; q++)
                if ((unsigned char)*q >= 0x80) {
                    mp_raise_at(p, l.tok->loc, "bytes can only contain ASCII literal characters");
                    return NULL;
                }
        if (i > 0 && l.bytes != bytesmode) {
            mp_raise_last(p, MP_SYNERR_SYNTAX, "cannot mix bytes and nonbytes literals");
            return NULL;
        }
        bytesmode = l.bytes;
        if (l.bytes) {
            if (l.raw || !memchr(l.body, '\\', (size_t)(l.end - l.body)))
                sb_put(p->arena, &bytes, l.body, (size_t)(l.end - l.body));
            else if (!decode_bytes(p, l.body, l.end, &bytes))
                return NULL;
        } else if (l.fmt) {
            fctx c = {p, loc, &l};
            const char *s = l.body;
            if (!parse_fstring(&c, &st, &s, l.end, 0))
                return NULL;
        } else if (l.raw || !memchr(l.body, '\\', (size_t)(l.end - l.body)))
            sb_put(p->arena, &st.last, l.body, (size_t)(l.end - l.body));
        else if (!decode_str(p, l.body, l.end, &st.last))
            return NULL;
    }
    if (bytesmode) {
        mp_node *c = mp_const(p, MP_CONST_BYTES, loc);
        c->v.constant.text = bytes.n ? bytes.s : "";
        c->v.constant.len = bytes.n;
        return c;
    }
    if (!st.fmode)
        return str_const(p, st.last.s, st.last.n, loc);
    fctx c = {p, loc, NULL};
    flush_literal(&c, &st, loc);
    mp_node *j = mp_new_node(p, MP_AST_JoinedStr, loc);
    j->v.joinedstr.values = mp_seq_nodes(st.values);
    return j;
}
