/*
 * lexer.re — minipy's tokenizer (re2c source; build/grammar/lexer.c is
 * generated).  It reproduces CPython 3.11's tokenizer: the same tokens,
 * INDENT/DEDENT from an indentation stack (tabs to multiples of 8, checked
 * against a tab size of 1 as CPython does to catch inconsistent mixing),
 * implicit line joining inside brackets, backslash continuations, and the
 * same error messages at the same positions.  re2c does the common work
 * (operators, names, keywords); numbers and string bodies are scanned by
 * hand in the order CPython does, so malformed literals fail where they do.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/lexer.h"
#include "parser.h"

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:indent:string = "    ";
*/

/* ---- positions and errors ---------------------------------------------- */

int mp_char_offset(const char *line_start, int col) {
    int n = 1;
    for (int i = 0; i < col; i++)
        n += ((unsigned char)line_start[i] & 0xC0) != 0x80;
    return n;
}

void mp_set_error(mp_syntax_error *err, mp_synerr_kind kind, int line, int col, int end_line,
                  int end_col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->kind = kind;
    err->line = line;
    err->col = col;
    err->end_line = end_line;
    err->end_col = end_col;
}

/* Byte column of p, which lies on the current line. */
static int bytecol(const mp_lexer *lx, const char *p) {
    return (int)(p - lx->line_start);
}

/* 1-based character offset of the character at p on the current line. */
static int offset_at(const mp_lexer *lx, const char *p) {
    return mp_char_offset(lx->line_start, bytecol(lx, p));
}

/* CPython's syntaxerror(): the error sits just before `at` (which is where
 * its tokenizer's cursor stopped), as a single caret. */
static int lex_error_at(mp_lexer *lx, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int lex_error_at(mp_lexer *lx, const char *at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lx->err->msg, sizeof lx->err->msg, fmt, ap);
    va_end(ap);
    int off = offset_at(lx, at) - 1;
    lx->err->kind = MP_SYNERR_SYNTAX;
    lx->err->line = lx->err->end_line = lx->line;
    lx->err->col = lx->err->end_col = off;
    lx->errclass = MP_LEXERR_RAISED;
    lx->cur = at;
    return MP_TOK_ERROR;
}

/* CPython's "done" errors (bad dedent, tabs, EOF): reported by the parser
 * driver from the tokenizer state, and they never override parser errors. */
static int lex_done(mp_lexer *lx, mp_synerr_kind kind, int line, int col, int end_col,
                    const char *msg) {
    mp_set_error(lx->err, kind, line, col, line, end_col, "%s", msg);
    lx->errclass = MP_LEXERR_DONE;
    return MP_TOK_ERROR;
}

/* Length in characters of the current line including its '\n'. */
static int line_length(const mp_lexer *lx) {
    const char *e = strchr(lx->line_start, '\n');
    return mp_char_offset(lx->line_start, e ? (int)(e - lx->line_start) + 1
                                             : (int)(lx->lim - lx->line_start)) - 1;
}

static void newline(mp_lexer *lx, const char *after) {
    lx->line++;
    lx->line_start = after;
}

/* ---- source preparation ------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (Python's decoder: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0. */
static int utf8_seq_len(const unsigned char *s, const unsigned char *end) {
    unsigned c = s[0];
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (end - s < n || s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

const char *mp_source_prepare(mp_arena *arena, const char *src, size_t len, const char *filename,
                              size_t *out_len, mp_syntax_error *err) {
    const unsigned char *s = (const unsigned char *)src, *end = s + len;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        s += 3;
    char *buf = mp_arena_alloc(arena, (size_t)(end - s) + 2);
    char *o = buf;
    int line = 1;
    while (s < end) {
        /* Plain ASCII runs are copied in bulk. */
        const unsigned char *run = s;
        while (s < end && *s < 0x80 && *s != '\r' && *s != '\n' && *s != 0)
            s++;
        memcpy(o, run, (size_t)(s - run));
        o += s - run;
        if (s == end)
            break;
        unsigned c = *s;
        if (c == '\r') {
            *o++ = '\n';
            s += s + 1 < end && s[1] == '\n' ? 2 : 1;
            line++;
            continue;
        }
        if (c == 0) {
            mp_set_error(err, MP_SYNERR_SYNTAX, line, 0, line, 0,
                         "source code cannot contain null bytes");
            return NULL;
        }
        int n = utf8_seq_len(s, end);
        if (n == 0) {
            /* Reported without a location, like CPython's decoding error. */
            mp_set_error(err, MP_SYNERR_SYNTAX, 0, 0, 0, 0,
                         "Non-UTF-8 code starting with '\\x%.2x' in file %s on line %d, but no "
                         "encoding declared; see https://peps.python.org/pep-0263/ for details",
                         c, filename ? filename : "<string>", line);
            return NULL;
        }
        line += c == '\n';
        memcpy(o, s, (size_t)n);
        o += n;
        s += n;
    }
    if (o == buf || o[-1] != '\n')
        *o++ = '\n';
    *o = '\0';
    *out_len = (size_t)(o - buf);
    return buf;
}

bool mp_has_coding_cookie(const char *buf) {
    /* PEP 263: "coding[:=]" in a comment on line 1, or on line 2 after a
     * comment or blank line 1. */
    for (int line = 1; line <= 2; line++) {
        const char *p = buf;
        while (*p == ' ' || *p == '\t' || *p == '\f')
            p++;
        const char *nl = strchr(p, '\n');
        if (*p == '#') {
            for (const char *q = p; q + 7 < nl; q++)
                if (!strncmp(q, "coding", 6) && (q[6] == ':' || q[6] == '='))
                    return true;
        } else if (*p != '\n')
            return false;
        buf = nl + 1;
    }
    return false;
}

/* ---- set-up -------------------------------------------------------------- */

void mp_lexer_init(mp_lexer *lx, const char *buf, size_t len, mp_syntax_error *err) {
    memset(lx, 0, sizeof *lx);
    lx->buf = lx->cur = lx->tok = lx->line_start = buf;
    lx->lim = buf + len;
    lx->line = 1;
    lx->atbol = true;
    lx->indstack[0] = lx->altindstack[0] = 0;
    lx->err = err;
}

void mp_lexer_init_sub(mp_lexer *lx, const mp_lexer *main, const char *cur, const char *stop,
                       int line, const char *line_start, bool embedded, int level,
                       mp_syntax_error *err) {
    mp_lexer_init(lx, main->buf, (size_t)(main->lim - main->buf), err);
    lx->eof_col0 = main->eof_col0;
    lx->char_columns = main->char_columns;
    lx->cur = lx->tok = cur;
    lx->stop = stop;
    lx->line = line;
    lx->line_start = line_start;
    lx->atbol = false;
    lx->embedded = embedded;
    lx->lenient = true;
    lx->level = level < MP_MAXLEVEL ? level : MP_MAXLEVEL - 1;
    memset(lx->parenstack, '(', (size_t)lx->level);
}

/* ---- numbers ------------------------------------------------------------- */

/* CPython sees bytes here, and non-ASCII bytes don't count. */
static bool is_id_char(int c) {
    return c < 128 && (isalnum(c) || c == '_');
}

/* CPython's verify_end_of_number(): p points just after the literal's
 * last character c (p - 1 is c).  A keyword that may legally follow
 * ("1if x else y") ends the number; other letters make it invalid. */
static bool number_end_ok(mp_lexer *lx, const char *p, const char *kind) {
    unsigned char c = (unsigned char)p[-1];
    bool kw = (c == 'a' && !strncmp(p, "nd", 2)) || (c == 'e' && !strncmp(p, "lse", 3)) ||
              (c == 'f' && !strncmp(p, "or", 2)) ||
              (c == 'i' && (*p == 'f' || *p == 'n' || *p == 's')) ||
              (c == 'o' && *p == 'r') || (c == 'n' && !strncmp(p, "ot", 2));
    if (!kw && is_id_char(c)) {
        lex_error_at(lx, p - 1, "invalid %s literal", kind);
        return false;
    }
    return true;
}

/* Digits with single underscores between them (CPython's
 * tok_decimal_tail); *pp is after the first digit.  Returns the character
 * after the digits (consumed, so *pp is one past it), or -1 on error. */
static int decimal_tail(mp_lexer *lx, const char **pp) {
    const char *p = *pp;
    int c;
    for (;;) {
        do
            c = (unsigned char)*p++;
        while (isdigit(c));
        if (c != '_')
            break;
        c = (unsigned char)*p++;
        if (!isdigit(c)) {
            lex_error_at(lx, p - 1, "invalid decimal literal");
            return -1;
        }
    }
    *pp = p;
    return c;
}

/* Hex/octal/binary digits after the prefix; *pp is after the prefix. */
static bool radix_digits(mp_lexer *lx, const char **pp, int base, const char *kind) {
    const char *p = *pp;
    int c = (unsigned char)*p++;
#define IN_BASE(c) (base == 16 ? isxdigit(c) : (c) >= '0' && (c) < '0' + base)
    do {
        if (c == '_')
            c = (unsigned char)*p++;
        if (!IN_BASE(c)) {
            if (base != 16 && isdigit(c)) {
                lex_error_at(lx, p, "invalid digit '%c' in %s literal", c, kind);
                return false;
            }
            lex_error_at(lx, p - 1, "invalid %s literal", kind);
            return false;
        }
        do
            c = (unsigned char)*p++;
        while (IN_BASE(c));
    } while (c == '_');
    if (base != 16 && isdigit(c)) {
        lex_error_at(lx, p, "invalid digit '%c' in %s literal", c, kind);
        return false;
    }
#undef IN_BASE
    if (!number_end_ok(lx, p, kind))
        return false;
    *pp = p - 1;
    return true;
}

/* Fraction, exponent and imaginary suffix; p is one past c. */
static bool number_rest(mp_lexer *lx, const char **pp, int c, bool fraction) {
    const char *p = *pp;
    if (fraction && isdigit(c) && (c = decimal_tail(lx, &p)) < 0)
        return false;
    if (c == 'e' || c == 'E') {
        const char *e = p - 1;
        c = (unsigned char)*p++;
        if (c == '+' || c == '-') {
            c = (unsigned char)*p++;
            if (!isdigit(c)) {
                lex_error_at(lx, p - 1, "invalid decimal literal");
                return false;
            }
        } else if (!isdigit(c)) {
            /* "1e" followed by a keyword ends before the 'e'. */
            if (!number_end_ok(lx, e + 1, "decimal"))
                return false;
            *pp = e;
            return true;
        }
        if ((c = decimal_tail(lx, &p)) < 0)
            return false;
    }
    if (c == 'j' || c == 'J') {
        c = (unsigned char)*p++;
        if (!number_end_ok(lx, p, "imaginary"))
            return false;
    } else if (!number_end_ok(lx, p, "decimal"))
        return false;
    *pp = p - 1;
    return true;
}

/* Scans a number starting at lx->tok (a digit, or '.' and a digit). */
static bool scan_number(mp_lexer *lx, const char **pp) {
    const char *p = lx->tok;
    int c = (unsigned char)*p++;
    if (c == '.') {
        c = (unsigned char)*p++;
        if (!number_rest(lx, &p, c, true))
            return false;
    } else if (c != '0') {
        if ((c = decimal_tail(lx, &p)) < 0)
            return false;
        bool frac = c == '.';
        if (frac)
            c = (unsigned char)*p++;
        if (!number_rest(lx, &p, c, frac))
            return false;
    } else {
        c = (unsigned char)*p++;
        if (c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'b' || c == 'B') {
            int lc = c | 0x20;
            if (!radix_digits(lx, &p, lc == 'x' ? 16 : lc == 'o' ? 8 : 2,
                              lc == 'x' ? "hexadecimal" : lc == 'o' ? "octal" : "binary"))
                return false;
        } else {
            bool nonzero = false;
            for (;;) {
                if (c == '_') {
                    c = (unsigned char)*p++;
                    if (!isdigit(c))
                        return lex_error_at(lx, p - 1, "invalid decimal literal"), false;
                }
                if (c != '0')
                    break;
                c = (unsigned char)*p++;
            }
            const char *zeros_end = p;
            if (isdigit(c)) {
                nonzero = true;
                if ((c = decimal_tail(lx, &p)) < 0)
                    return false;
            }
            if (c == '.' || c == 'e' || c == 'E' || c == 'j' || c == 'J') {
                bool frac = c == '.';
                if (frac)
                    c = (unsigned char)*p++;
                if (!number_rest(lx, &p, c, frac))
                    return false;
            } else if (nonzero) {
                int start = offset_at(lx, lx->tok);
                lex_error_at(lx, p - 1,
                             "leading zeros in decimal integer literals are not permitted; "
                             "use an 0o prefix for octal integers");
                lx->err->col = start;
                lx->err->end_col = start + (int)(zeros_end - lx->tok) - 1;
                return false;
            } else {
                if (!number_end_ok(lx, p, "decimal"))
                    return false;
                p--;
            }
        }
    }
    *pp = p;
    return true;
}

/* ---- strings ------------------------------------------------------------- */

/* Scans a string literal whose opening quote is at q (the prefix, if any,
 * starts at lx->tok); sets *pp past the closing quote. */
static bool scan_string(mp_lexer *lx, const char *q, const char **pp) {
    char quote = *q;
    const char *p = q + 1;
    int size = 1;
    if (p[0] == quote && p[1] == quote) {
        size = 3;
        p += 2;
    } else if (p[0] == quote) {
        *pp = p + 1;
        return true;
    }
    int start_line = lx->line;
    const char *start_line_start = lx->line_start;
    for (int endq = 0; endq != size;) {
        char c = *p++;
        if (c == '\0' || (c == '\n' && size == 1)) {
            int detected = c == '\n' ? lx->line : lx->line - 1;
            lx->line = start_line;
            lx->line_start = start_line_start;
            return lex_error_at(lx, lx->tok + 1,
                                size == 3 ? "unterminated triple-quoted string literal "
                                            "(detected at line %d)"
                                          : "unterminated string literal (detected at line %d)",
                                detected),
                   false;
        }
        if (c == quote) {
            endq++;
            continue;
        }
        endq = 0;
        if (c == '\n')
            newline(lx, p);
        else if (c == '\\') {
            c = *p++;
            if (c == '\n')
                newline(lx, p);
            else if (c == '\0')
                p--;
        }
    }
    *pp = p;
    return true;
}

/* ---- identifiers ---------------------------------------------------------- */

/* Checks a name with non-ASCII characters (CPython's verify_identifier). */
static bool verify_identifier(mp_lexer *lx, const char *s, const char *e) {
    const char *p = s;
    for (bool first = true; p < e; first = false) {
        const char *at = p;
        uint32_t c = mp_utf8_next(&p);
        if (first ? mp_uni_is_id_start(c) : mp_uni_is_id_continue(c))
            continue;
        (void)at;
        if (mp_uni_is_printable(c))
            lex_error_at(lx, p, "invalid character '%.*s' (U+%04X)", (int)(p - at), at, c);
        else
            lex_error_at(lx, p, "invalid non-printable character U+%04X", c);
        return false;
    }
    return true;
}

/* ---- brackets -------------------------------------------------------------- */

static int open_bracket(mp_lexer *lx, const char *p, char c) {
    if (lx->level >= MP_MAXLEVEL)
        return lex_error_at(lx, p, "too many nested parentheses");
    lx->parenstack[lx->level] = c;
    lx->parenline[lx->level] = lx->line;
    lx->parencol[lx->level] = bytecol(lx, lx->tok);
    lx->parenls[lx->level] = lx->line_start;
    lx->level++;
    return 0;
}

static int close_bracket(mp_lexer *lx, const char *p, char c) {
    if (lx->level == 0) {
        if (lx->lenient)
            return 0;
        return lex_error_at(lx, p, "unmatched '%c'", c);
    }
    char open = lx->parenstack[--lx->level];
    if ((open == '(' && c == ')') || (open == '[' && c == ']') || (open == '{' && c == '}') ||
        lx->lenient)
        return 0;
    if (lx->parenline[lx->level] != lx->line)
        return lex_error_at(lx, p,
                            "closing parenthesis '%c' does not match opening parenthesis '%c' "
                            "on line %d",
                            c, open, lx->parenline[lx->level]);
    return lex_error_at(lx, p, "closing parenthesis '%c' does not match opening parenthesis '%c'",
                        c, open);
}

/* ---- indentation ----------------------------------------------------------- */

void mp_lexer_unclosed(const mp_lexer *lx, mp_syntax_error *err) {
    /* Raised by CPython's parser, so in bytes for a file (see ast.h). */
    int l = lx->level - 1;
    int col = lx->char_columns ? mp_char_offset(lx->parenls[l], lx->parencol[l])
                               : lx->parencol[l] + 1;
    mp_set_error(err, MP_SYNERR_SYNTAX, lx->parenline[l], col, lx->parenline[l], 0,
                 "'%c' was never closed", lx->parenstack[l]);
}

/* The end of the source inside brackets: CPython reports the innermost
 * bracket left open. */
static int eof_in_brackets(mp_lexer *lx, const char *p) {
    lx->cur = p;
    mp_lexer_unclosed(lx, lx->err);
    lx->errclass = MP_LEXERR_DONE;
    return MP_TOK_ERROR;
}

/* Continuation after a backslash at p - 1 (in a line's indentation if
 * `bol`).  Returns the position after the '\n', or NULL with an error. */
static const char *continuation(mp_lexer *lx, const char *p, bool bol) {
    if (*p != '\n') {
        /* CPython reports the character after the backslash. */
        lex_done(lx, MP_SYNERR_SYNTAX, lx->line, offset_at(lx, p), 0,
                 "unexpected character after line continuation character");
        return NULL;
    }
    if (p + 1 == lx->lim) {
        if (lx->level > 0 && !lx->lenient)
            return eof_in_brackets(lx, p + 1), NULL;
        /* CPython's tokenizer position at the end; a file's tokenizer has
         * dropped its line buffer if no token was under way. */
        lex_done(lx, MP_SYNERR_SYNTAX, lx->line,
                 lx->eof_col0 && bol ? 0 : offset_at(lx, p + 1) - 1, 0,
                 "unexpected EOF while parsing");
        return NULL;
    }
    newline(lx, p + 1);
    return p + 1;
}

/* Measures the indentation at the start of a line and queues INDENT or
 * DEDENT tokens (CPython's tok_get prologue).  Returns false on error. */
static bool indentation(mp_lexer *lx, bool *blank) {
    int col = 0, altcol = 0, cont_col = 0;
    const char *p = lx->cur;
    for (;; p++) {
        char c = *p;
        if (c == ' ')
            col++, altcol++;
        else if (c == '\t') {
            col = (col / 8 + 1) * 8;
            altcol++;
        } else if (c == '\f')
            col = altcol = 0;
        else if (c == '\\') {
            cont_col = cont_col ? cont_col : col;
            if (!(p = continuation(lx, p + 1, true)))
                return false;
            p--;
        } else
            break;
    }
    lx->cur = p;
    *blank = *p == '#' || *p == '\n';
    if (*blank || lx->level > 0)
        return true;
    if (cont_col)
        col = altcol = cont_col;
    if (col == lx->indstack[lx->indent]) {
        if (altcol != lx->altindstack[lx->indent])
            goto tab_error;
    } else if (col > lx->indstack[lx->indent]) {
        if (lx->indent + 1 >= MP_MAXINDENT) {
            lex_done(lx, MP_SYNERR_INDENT, lx->line, 1, 0, "too many levels of indentation");
            return false;
        }
        if (altcol <= lx->altindstack[lx->indent])
            goto tab_error;
        lx->pendin++;
        lx->indent++;
        lx->indstack[lx->indent] = col;
        lx->altindstack[lx->indent] = altcol;
    } else {
        while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
            lx->pendin--;
            lx->indent--;
        }
        if (col != lx->indstack[lx->indent]) {
            lex_done(lx, MP_SYNERR_INDENT, lx->line, line_length(lx), 0,
                     "unindent does not match any outer indentation level");
            return false;
        }
        if (altcol != lx->altindstack[lx->indent])
            goto tab_error;
    }
    return true;
tab_error:
    lex_done(lx, MP_SYNERR_TAB, lx->line, 1, 0,
             "inconsistent use of tabs and spaces in indentation");
    return false;
}

/* ---- the scanner ---------------------------------------------------------- */

static int token(mp_lexer *lx, mp_token *t, int kind, const char *end) {
    t->kind = kind;
    t->start = lx->tok;
    t->end = end;
    t->loc.end_line = lx->line;
    t->loc.end_col = bytecol(lx, end);
    lx->cur = end;
    return kind;
}

int mp_lexer_next(mp_lexer *lx, mp_token *t) {
    const char *p, *m;
    if (lx->errclass)
        return MP_TOK_ERROR;
    bool blank = false;
nextline:
    if (lx->atbol) {
        lx->atbol = false;
        if (!indentation(lx, &blank))
            return MP_TOK_ERROR;
    }
    if (lx->pendin) {
        lx->tok = lx->cur;
        t->loc.line = lx->line;
        t->loc.col = bytecol(lx, lx->cur);
        int kind = lx->pendin < 0 ? T_DEDENT : T_INDENT;
        lx->pendin += lx->pendin < 0 ? 1 : -1;
        return token(lx, t, kind, lx->cur);
    }
again:
    p = lx->cur;
    while (*p == ' ' || *p == '\t' || *p == '\f')
        p++;
    lx->tok = p;
    t->loc.line = lx->line;
    t->loc.col = bytecol(lx, p);
    if (lx->stop && p >= lx->stop) {
        lx->cur = p;
        return token(lx, t, T_ENDMARKER, p);
    }
#define TOK(k) return token(lx, t, k, p)
#define BRACKET(f, c)                                                                             \
    do {                                                                                          \
        if (f(lx, p, c) < 0)                                                                      \
            return MP_TOK_ERROR;                                                                  \
        TOK(c);                                                                                   \
    } while (0)
    /*!re2c
        re2c:define:YYCURSOR = p;
        re2c:define:YYMARKER = m;

        id_start = [a-zA-Z_] | [\u0080-\U0010FFFF];
        id_cont = [a-zA-Z0-9_] | [\u0080-\U0010FFFF];
        prefix = [rRuUfFbB] | [rR][bBfF] | [bBfF][rR];

        "\x00" {
            if (p - 1 != lx->lim)
                return lex_error_at(lx, p, "source code cannot contain null bytes");
            p--;
            if (lx->level > 0 && !lx->lenient)
                return eof_in_brackets(lx, p);
            TOK(T_ENDMARKER);
        }
        "#" [^\n\x00]* { goto eol; }
        "\n" { p--; goto eol; }
        "\\" {
            if (!(p = continuation(lx, p, false)))
                return MP_TOK_ERROR;
            lx->cur = p;
            goto again;
        }

        "False" { TOK(T_FALSE); }
        "None" { TOK(T_NONE); }
        "True" { TOK(T_TRUE); }
        "and" { TOK(T_AND); }
        "as" { TOK(T_AS); }
        "assert" { TOK(T_ASSERT); }
        "async" { TOK(T_ASYNC); }
        "await" { TOK(T_AWAIT); }
        "break" { TOK(T_BREAK); }
        "class" { TOK(T_CLASS); }
        "continue" { TOK(T_CONTINUE); }
        "def" { TOK(T_DEF); }
        "del" { TOK(T_DEL); }
        "elif" { TOK(T_ELIF); }
        "else" { TOK(T_ELSE); }
        "except" { TOK(T_EXCEPT); }
        "finally" { TOK(T_FINALLY); }
        "for" { TOK(T_FOR); }
        "from" { TOK(T_FROM); }
        "global" { TOK(T_GLOBAL); }
        "if" { TOK(T_IF); }
        "import" { TOK(T_IMPORT); }
        "in" { TOK(T_IN); }
        "is" { TOK(T_IS); }
        "lambda" { TOK(T_LAMBDA); }
        "nonlocal" { TOK(T_NONLOCAL); }
        "not" { TOK(T_NOT); }
        "or" { TOK(T_OR); }
        "pass" { TOK(T_PASS); }
        "raise" { TOK(T_RAISE); }
        "return" { TOK(T_RETURN); }
        "try" { TOK(T_TRY); }
        "while" { TOK(T_WHILE); }
        "with" { TOK(T_WITH); }
        "yield" { TOK(T_YIELD); }

        [a-zA-Z_] [a-zA-Z0-9_]* { TOK(T_NAME); }
        id_start id_cont* {
            if (!verify_identifier(lx, lx->tok, (const char *)p))
                return MP_TOK_ERROR;
            TOK(T_NAME);
        }
        prefix? ['"] {
            if (!scan_string(lx, (const char *)p - 1, &p))
                return MP_TOK_ERROR;
            TOK(T_STRING);
        }
        [0-9] | "." [0-9] {
            if (!scan_number(lx, &p))
                return MP_TOK_ERROR;
            TOK(T_NUMBER);
        }

        "(" { BRACKET(open_bracket, '('); }
        "[" { BRACKET(open_bracket, '['); }
        "{" { BRACKET(open_bracket, '{'); }
        ")" { BRACKET(close_bracket, ')'); }
        "]" { BRACKET(close_bracket, ']'); }
        "}" { BRACKET(close_bracket, '}'); }

        ":" { TOK(':'); }
        "," { TOK(','); }
        ";" { TOK(';'); }
        "+" { TOK('+'); }
        "-" { TOK('-'); }
        "*" { TOK('*'); }
        "/" { TOK('/'); }
        "|" { TOK('|'); }
        "&" { TOK('&'); }
        "<" { TOK('<'); }
        ">" { TOK('>'); }
        "=" { TOK('='); }
        "." { TOK('.'); }
        "%" { TOK('%'); }
        "~" { TOK('~'); }
        "^" { TOK('^'); }
        "@" { TOK('@'); }
        "==" { TOK(T_EQEQUAL); }
        "!=" { TOK(T_NOTEQUAL); }
        "<=" { TOK(T_LESSEQUAL); }
        ">=" { TOK(T_GREATEREQUAL); }
        "<<" { TOK(T_LEFTSHIFT); }
        ">>" { TOK(T_RIGHTSHIFT); }
        "**" { TOK(T_DOUBLESTAR); }
        "//" { TOK(T_DOUBLESLASH); }
        "->" { TOK(T_RARROW); }
        "..." { TOK(T_ELLIPSIS); }
        ":=" { TOK(T_COLONEQUAL); }
        "+=" { TOK(T_PLUSEQUAL); }
        "-=" { TOK(T_MINEQUAL); }
        "*=" { TOK(T_STAREQUAL); }
        "/=" { TOK(T_SLASHEQUAL); }
        "%=" { TOK(T_PERCENTEQUAL); }
        "&=" { TOK(T_AMPEREQUAL); }
        "|=" { TOK(T_VBAREQUAL); }
        "^=" { TOK(T_CIRCUMFLEXEQUAL); }
        "@=" { TOK(T_ATEQUAL); }
        "<<=" { TOK(T_LEFTSHIFTEQUAL); }
        ">>=" { TOK(T_RIGHTSHIFTEQUAL); }
        "**=" { TOK(T_DOUBLESTAREQUAL); }
        "//=" { TOK(T_DOUBLESLASHEQUAL); }
        "<>" { TOK(T_OP); }

        [^] {
            unsigned char c = (unsigned char)p[-1];
            if (c < 0x20 || c == 0x7f)
                return lex_error_at(lx, p, "invalid non-printable character U+%04X", c);
            TOK(T_OP);
        }
        * { return lex_error_at(lx, p, "invalid UTF-8"); /* excluded by mp_source_prepare */ }
    */
eol:
    /* p is at the '\n' ending the line; lx->tok at the comment, if any. */
    if (*p != '\n') {
        lx->cur = p;
        goto again;
    }
    if (blank || lx->level > 0 || lx->embedded) {
        newline(lx, p + 1);
        lx->cur = p + 1;
        lx->atbol = !lx->embedded;
        blank = false;
        goto nextline;
    }
    token(lx, t, T_NEWLINE, p + 1);
    t->loc.end_line = lx->line;
    t->loc.end_col = bytecol(lx, p);
    newline(lx, p + 1);
    lx->atbol = true;
    return T_NEWLINE;
#undef TOK
#undef BRACKET
}

/* ---- token dump (tests) ------------------------------------------------------ */

char *mp_lex_dump(const char *src, size_t len) {
    static const char *const kinds[] = {"SyntaxError", "IndentationError", "TabError"};
    mp_arena *arena = mp_arena_new();
    mp_syntax_error err;
    size_t n;
    size_t cap = 256, used = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    const char *buf = mp_source_prepare(arena, src, len, "<test>", &n, &err);
    mp_lexer lx;
    if (buf)
        mp_lexer_init(&lx, buf, n, &err);
    for (bool done = false; !done;) {
        mp_token t;
        char line[512];
        int kind = buf ? mp_lexer_next(&lx, &t) : MP_TOK_ERROR;
        done = kind == MP_TOK_ERROR || kind == T_ENDMARKER;
        if (kind == MP_TOK_ERROR)
            snprintf(line, sizeof line, "error: %s|%s|%d|%d|%d|%d\n", kinds[err.kind], err.msg,
                     err.line, err.col, err.end_line, err.end_col);
        else if (kind == T_NAME || kind == T_NUMBER || kind == T_STRING || kind == T_OP)
            snprintf(line, sizeof line, "%d,%d-%d,%d %s %.*s\n", t.loc.line, t.loc.col,
                     t.loc.end_line, t.loc.end_col, mp_token_name(kind), (int)(t.end - t.start),
                     t.start);
        else
            snprintf(line, sizeof line, "%d,%d-%d,%d %s\n", t.loc.line, t.loc.col,
                     t.loc.end_line, t.loc.end_col, mp_token_name(kind));
        size_t l = strlen(line);
        if (used + l + 1 > cap) {
            while (used + l + 1 > cap)
                cap *= 2;
            out = realloc(out, cap);
        }
        memcpy(out + used, line, l + 1);
        used += l;
    }
    mp_arena_free(arena);
    return out;
}
