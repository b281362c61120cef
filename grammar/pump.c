/*
 * pump.c — mp_parse(): feeds tokens from the lexer to the bison push
 * parser.  Besides passing tokens through it gives NEWLINE/INDENT/DEDENT
 * zero-width positions at the end of the previous token (so statements end
 * where CPython says), looks ahead where LALR(1) cannot decide ("with (" of
 * a parenthesised item list; unsupported "match" statements), runs nested
 * parsers for f-string expressions and for measuring expressions in error
 * messages, and after a syntax error scans the rest of the file the way
 * CPython does, so a later tokenizer error or unclosed bracket wins.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/parser_int.h"
#include "parser.h"

/* ---- error helpers ----------------------------------------------------------- */

const char *mp_line_text(const mp_parser *p, int line) {
    const char *s = p->lx.buf;
    for (int l = 1; l < line; l++) {
        const char *nl = strchr(s, '\n');
        if (!nl)
            break;
        s = nl + 1;
    }
    return s;
}

/* 1-based character offset of byte column `col` on `line`, clamped just
 * past the line's end (its '\n' excluded) as CPython's
 * byte_offset_to_character_offset does. */
static int char_col(const mp_parser *p, int line, int col) {
    const char *text = mp_line_text(p, line);
    const char *nl = strchr(text, '\n');
    int len = nl ? (int)(nl - text) : (int)strlen(text);
    if (col > len)
        col = len;
    return mp_char_offset(text, col);
}

static void set_err(mp_parser *p, mp_synerr_kind kind, int line, int col, int end_line, int end_col,
                    const char *fmt, va_list ap) {
    p->failed = true;
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    p->err->kind = kind;
    p->err->line = line;
    p->err->col = col;
    p->err->end_line = end_line;
    p->err->end_col = end_col;
}

/* A parser error's 1-based column for byte column `col` of `line`:
 * CPython converts to characters (clamped to the line) only for strings
 * and files with a coding cookie; otherwise it reports bytes. */
static int error_col(const mp_parser *p, int line, int col) {
    return p->char_columns ? char_col(p, line, col) : col + 1;
}

void mp_raise_range(mp_parser *p, mp_synerr_kind kind, mp_loc from, mp_loc to, const char *fmt,
                    ...) {
    if (p->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    /* CPython converts both ends with the first line's text. */
    set_err(p, kind, from.line, error_col(p, from.line, from.col), to.end_line,
            error_col(p, from.line, to.end_col), fmt, ap);
    va_end(ap);
}

/* Where CPython's RAISE_SYNTAX_ERROR (no explicit location) puts an error
 * about token t: tokens without text (INDENT, DEDENT, ENDMARKER) report
 * the tokenizer's position, a single caret. */
static void last_token_range(const mp_parser *p, const mp_token *t, int *line, int *col,
                             int *end_col) {
    *line = t->loc.line;
    if (t->kind == T_INDENT || t->kind == T_DEDENT || t->kind == T_ENDMARKER) {
        /* The tokenizer's byte position, itself used as a 1-based offset;
         * at the end of a file CPython has none (0). */
        bool at_end = t->start == p->lx.lim && !p->lx.stop;
        if (at_end && p->lx.eof_col0)
            *col = 0;
        else if (t->loc.col == 0 || !p->char_columns)
            *col = t->loc.col;
        else
            *col = char_col(p, t->loc.line, t->loc.col - 1);
        *end_col = 0;
        return;
    }
    *col = error_col(p, t->loc.line, t->loc.col);
    *end_col = error_col(p, t->loc.line, t->loc.end_col);
}

void mp_raise_last(mp_parser *p, mp_synerr_kind kind, const char *fmt, ...) {
    if (p->failed)
        return;
    int line, col, end_col;
    last_token_range(p, &p->tok, &line, &col, &end_col);
    va_list ap;
    va_start(ap, fmt);
    set_err(p, kind, line, col, line, end_col, fmt, ap);
    va_end(ap);
}

void mp_raise_copy(mp_parser *p, const mp_syntax_error *e) {
    if (p->failed)
        return;
    *p->err = *e;
    p->failed = true;
}

/* ---- the token queue ------------------------------------------------------------ */

/* The i-th token ahead (0 = next).  Stops growing at an error or the end. */
static mp_token *peek(mp_parser *p, int i) {
    while (p->qlen <= i) {
        if (p->qlen > 0) {
            mp_token *last = &p->queue[p->qhead + p->qlen - 1];
            if (last->kind == MP_TOK_ERROR || last->kind == T_ENDMARKER)
                return last;
        }
        if (p->qhead + p->qlen == p->qcap) {
            if (p->qhead > 0) {
                memmove(p->queue, p->queue + p->qhead, (size_t)p->qlen * sizeof *p->queue);
                memmove(p->queue_level, p->queue_level + p->qhead,
                        (size_t)p->qlen * sizeof *p->queue_level);
                p->qhead = 0;
            } else {
                int cap = p->qcap ? p->qcap * 2 : 8;
                mp_token *q = mp_arena_alloc(p->arena, (size_t)cap * sizeof *q);
                int *ql = mp_arena_alloc(p->arena, (size_t)cap * sizeof *ql);
                if (p->qlen) {
                    memcpy(q, p->queue, (size_t)p->qlen * sizeof *q);
                    memcpy(ql, p->queue_level, (size_t)p->qlen * sizeof *ql);
                }
                p->queue = q;
                p->queue_level = ql;
                p->qcap = cap;
            }
        }
        int at = p->qhead + p->qlen++;
        mp_token *t = &p->queue[at];
        t->kind = mp_lexer_next(&p->lx, t);
        p->queue_level[at] = p->lx.level;
    }
    return &p->queue[p->qhead + i];
}

mp_token *mp_pump_peek(mp_parser *p, int i, int *level) {
    mp_token *t = peek(p, i);
    *level = p->queue_level[t - p->queue];
    return t;
}

static void pop(mp_parser *p) {
    p->tok = p->queue[p->qhead];
    p->tok_level = p->queue_level[p->qhead];
    if (--p->qlen == 0)
        p->qhead = 0;
    else
        p->qhead++;
}

static bool is_bracket(int kind, bool open) {
    return open ? kind == '(' || kind == '[' || kind == '{' || kind == T_WITH_LPAR
                : kind == ')' || kind == ']' || kind == '}';
}

/* "with (a as b, c):" — is the '(' at index i the start of a parenthesised
 * item list (its ')' is followed by ':')?  CPython decides this by
 * backtracking; one scan of the line's tokens does the same. */
static bool with_item_parens(mp_parser *p, int i) {
    for (int depth = 0;; i++) {
        mp_token *t = peek(p, i);
        if (t->kind == MP_TOK_ERROR || t->kind == T_ENDMARKER || t->kind == T_NEWLINE)
            return false;
        if (is_bracket(t->kind, true))
            depth++;
        else if (is_bracket(t->kind, false) && --depth == 0)
            return peek(p, i + 1)->kind == ':';
    }
}

/* A logical line starting with the soft keyword "match" and ending with
 * ':' can only be a match statement (or an error). */
static bool match_statement_ahead(mp_parser *p) {
    mp_token *t = peek(p, 0);
    if (t->end - t->start != 5 || memcmp(t->start, "match", 5) != 0)
        return false;
    int k = p->prev_kind;
    if (!(k == T_NEWLINE || k == T_INDENT || k == T_DEDENT || k == T_START_FILE ||
          k == T_START_SINGLE))
        return false;
    int kind = peek(p, 1)->kind;
    if (kind == '=' || kind == '.' || kind == ':' || kind == T_NEWLINE || kind == ',' ||
        kind == ';')
        return false;
    for (int i = 1;; i++) {
        kind = peek(p, i)->kind;
        if (kind == MP_TOK_ERROR || kind == T_ENDMARKER)
            return false;
        if (kind == T_NEWLINE)
            return peek(p, i - 1)->kind == ':';
    }
}

/* ---- running a parser ------------------------------------------------------------ */

static bool is_layout(int kind) {
    return kind == T_NEWLINE || kind == T_INDENT || kind == T_DEDENT || kind == T_ENDMARKER;
}

/* The semantic value of a token; false on error (complex literals). */
static bool token_value(mp_parser *p, const mp_token *t, MP_YYSTYPE *val) {
    switch (t->kind) {
    case T_NAME:
        val->str = mp_arena_strndup(p->arena, t->start, (size_t)(t->end - t->start));
        break;
    case T_NUMBER: return (val->node = mp_number(p, t)) != NULL;
    case T_STRING: {
        mp_strtok *s = mp_arena_alloc(p->arena, sizeof *s);
        s->start = t->start;
        s->end = t->end;
        s->loc = t->loc;
        val->strtok = s;
        break;
    }
    default: break;
    }
    return true;
}

/* Moves a lexer error into the parser's error. */
static void lexer_failed(mp_parser *p) {
    p->lexer_error = true;
    mp_raise_copy(p, &p->lexerr);
}

/* The next token for the parser, after look-ahead rewrites; false if the
 * lexer failed or an unsupported construct was found. */
static bool next_token(mp_parser *p) {
    mp_token *t = peek(p, 0);
    if (t->kind == T_WITH && !p->probe && peek(p, 1)->kind == '(' && with_item_parens(p, 1))
        peek(p, 1)->kind = T_WITH_LPAR;
    else if (t->kind == T_NAME && !p->outer && !p->probe && p->tok_level == 0 &&
             match_statement_ahead(p)) {
        pop(p);
        mp_raise_at(p, p->tok.loc, "match statements are not supported by minipy");
        return false;
    }
    pop(p);
    if (p->tok.loc.line > *p->fetched_line)
        *p->fetched_line = p->tok.loc.line;
    if (p->tok.kind == MP_TOK_ERROR) {
        lexer_failed(p);
        return false;
    }
    if ((p->tok.kind == T_ENDMARKER || (p->tok.kind == T_DEDENT && p->tok.start == p->lx.lim)) &&
        !p->lx.stop) {
        /* CPython reports the end as the last line, after its '\n'. */
        int line = p->tok.loc.line > 1 ? p->tok.loc.line - 1 : 1;
        const char *text = mp_line_text(p, line);
        const char *nl = strchr(text, '\n');
        p->tok.loc.line = p->tok.loc.end_line = line;
        p->tok.loc.col = p->tok.loc.end_col = nl ? (int)(nl - text) + 1 : (int)strlen(text);
    }
    return true;
}

/* Feeds tokens to a fresh push parser until it accepts or fails. */
static mp_node *run(mp_parser *p) {
    mp_yypstate *ps = mp_yypstate_new();
    if (!ps) {
        mp_raise_at(p, p->tok.loc, "too many nested parentheses");
        return NULL;
    }
    p->ps = ps;
    MP_YYSTYPE val;
    mp_loc loc = {p->lx.line, 0, p->lx.line, 0};
    p->prev_kind = p->start_token;
    p->prev_end_line = p->lx.line;
    p->prev_end_col = (int)(p->lx.cur - p->lx.line_start);
    int status = mp_yypush_parse(ps, p->start_token, &val, &loc, p);
    while (status == YYPUSH_MORE && !p->failed) {
        if (!next_token(p))
            break;
        int kind = p->tok.kind;
        if (p->probe && (kind == T_NEWLINE || (p->max_tokens && p->ntokens >= p->max_tokens)))
            kind = T_ENDMARKER;
        p->ntokens++;
        if (!token_value(p, &p->tok, &val))
            break;
        if (is_layout(kind)) {
            loc.line = loc.end_line = p->prev_end_line;
            loc.col = loc.end_col = p->prev_end_col;
        } else
            loc = p->tok.loc;
        if (kind == T_NEWLINE)
            p->last_newline = p->tok;
        status = mp_yypush_parse(ps, kind, &val, &loc, p);
        p->prev_kind = kind;
        if (!is_layout(kind)) {
            p->prev_end_line = p->tok.loc.end_line;
            p->prev_end_col = p->tok.loc.end_col;
            p->prev_level = p->tok_level;
        }
    }
    mp_yypstate_delete(ps);
    p->ps = NULL;
    if (status == 0 && p->probe) {
        p->probe_ok = true;
        p->probe_end_line = p->prev_end_line;
        p->probe_end_col = p->prev_end_col;
        p->probe_stop = p->tok.kind;
        p->probe_end_level = p->prev_level;
    }
    if (status == 2 && !p->failed)
        mp_raise_last(p, MP_SYNERR_SYNTAX, "too many nested parentheses");
    if (status == 0 && !p->failed)
        return p->result;
    if (!p->failed)
        mp_raise_last(p, MP_SYNERR_SYNTAX, "invalid syntax");
    return NULL;
}

/* After a parser error CPython tokenizes the rest of the file up to the
 * first tokenizer error: one its tokenizer raises itself (bad literal,
 * character, bracket...) wins; otherwise (the end, a bad continuation) a
 * bracket still open from a line before the furthest token read becomes
 * "'(' was never closed". */
static void check_rest(mp_parser *p) {
    int err_line = *p->fetched_line;
    for (;;) {
        mp_token *t = peek(p, 0);
        int kind = t->kind;
        if (kind == T_ENDMARKER)
            return;
        if (kind == MP_TOK_ERROR) {
            if (p->lx.errclass == MP_LEXERR_RAISED)
                *p->err = p->lexerr;
            else if (p->lx.level > 0 && p->lx.parenline[p->lx.level - 1] < err_line)
                mp_lexer_unclosed(&p->lx, p->err);
            return;
        }
        pop(p);
    }
}

static void init_parser(mp_parser *p, mp_parser *outer, mp_arena *arena, mp_syntax_error *err) {
    memset(p, 0, sizeof *p);
    p->arena = arena;
    p->err = err;
    p->outer = outer;
    if (outer) {
        p->string_input = outer->string_input;
        p->char_columns = outer->char_columns;
        p->filename = outer->filename;
        p->fdepth = outer->fdepth + 1;
        p->fetched_line = outer->fetched_line;
    }
}

mp_node *mp_parse(mp_arena *arena, const char *src, size_t len, const char *filename,
                  mp_parse_mode mode, mp_syntax_error *err) {
    memset(err, 0, sizeof *err);
    size_t n;
    const char *buf = mp_source_prepare(arena, src, len, filename, &n, err);
    if (!buf)
        return NULL;
    mp_parser p;
    int fetched_line = 0;
    init_parser(&p, NULL, arena, err);
    p.fetched_line = &fetched_line;
    p.filename = filename;
    p.string_input = (mode & MP_PARSE_STRING) != 0;
    p.char_columns = p.string_input || mp_has_coding_cookie(buf);
    p.empty_source = len == 0;
    mode &= ~MP_PARSE_STRING;
    mp_lexer_init(&p.lx, buf, n, &p.lexerr);
    p.lx.eof_col0 = !p.string_input;
    p.lx.char_columns = p.char_columns;
    p.start_token = mode == MP_PARSE_EVAL     ? T_START_EVAL
                    : mode == MP_PARSE_SINGLE ? T_START_SINGLE
                                              : T_START_FILE;
    mp_node *root = run(&p);
    if (!root && !p.lexer_error && !p.no_rest_check)
        check_rest(&p);
    return root;
}

bool mp_parenthesized(mp_parser *p, mp_loc loc) {
    const char *line = mp_line_text(p, loc.line);
    if (line[loc.col] != '(')
        return false;
    mp_lexer lx;
    mp_syntax_error scratch;
    mp_token t;
    mp_lexer_init_sub(&lx, &p->lx, line + loc.col, NULL, loc.line, line, false, 0, &scratch);
    for (int depth = 0;;) {
        int k = mp_lexer_next(&lx, &t);
        if (k == MP_TOK_ERROR || k == T_ENDMARKER)
            return false;
        if (is_bracket(k, true))
            depth++;
        else if (is_bracket(k, false) && --depth == 0)
            return t.loc.end_line == loc.end_line && t.loc.end_col == loc.end_col;
    }
}

/* ---- nested parsers ------------------------------------------------------------------ */

mp_node *mp_parse_fstring_expr(mp_parser *p, const char *s, const char *e, int line,
                               const char *line_start, mp_loc braces) {
    if (p->fdepth >= 20) {
        mp_raise_last(p, MP_SYNERR_SYNTAX, "f-string: expressions nested too deeply");
        return NULL;
    }
    mp_syntax_error err;
    mp_parser q;
    init_parser(&q, p, p->arena, &err);
    q.probe = p->probe;
    q.start_token = T_START_FSTRING;
    q.brace_loc = braces;
    mp_lexer_init_sub(&q.lx, &p->lx, s, e, line, line_start, true, 0, &q.lexerr);
    mp_node *n = run(&q);
    if (!n && !p->failed) {
        /* The parser's messages get CPython's "f-string: " prefix, the
         * tokenizer's do not. */
        mp_syntax_error copy = err;
        if (!q.lexer_error)
            snprintf(copy.msg, sizeof copy.msg, "f-string: %.*s", (int)sizeof copy.msg - 11,
                     err.msg);
        p->lexer_error = q.lexer_error;
        mp_raise_copy(p, &copy);
    }
    return n;
}

/* One probe run, stopping after max_tokens tokens (0: no limit).  Returns
 * 1 if an expression was found, 0 if not, -1 on a tokenizer error (which
 * CPython would have hit while looking ahead, and so reports). */
static int probe_once(mp_parser *p, int start_token, const char *at, int line,
                      const char *line_start, int level, int max_tokens, mp_probe_result *r,
                      int *ntokens) {
    mp_syntax_error err;
    mp_parser q;
    init_parser(&q, p, p->arena, &err);
    q.probe = true;
    q.max_tokens = max_tokens;
    q.start_token = start_token;
    mp_lexer_init_sub(&q.lx, &p->lx, at, p->lx.stop, line, line_start, false, level, &q.lexerr);
    /* The enclosing brackets, for "'(' was never closed". */
    for (int i = 0; i < q.lx.level && i < p->lx.level; i++) {
        q.lx.parenstack[i] = p->lx.parenstack[i];
        q.lx.parenline[i] = p->lx.parenline[i];
        q.lx.parencol[i] = p->lx.parencol[i];
        q.lx.parenls[i] = p->lx.parenls[i];
    }
    q.lx.lenient = false;
    run(&q);
    *ntokens = q.ntokens;
    if (q.lexer_error) {
        p->lexerr = q.lexerr;
        p->lexer_error = true;
        if (!p->probe)
            mp_raise_copy(p, &p->lexerr);
        return -1;
    }
    if (!q.probe_ok)
        return 0;
    r->end_line = q.probe_end_line;
    r->end_col = q.probe_end_col;
    r->stop = q.probe_stop;
    r->end_level = q.probe_end_level;
    return 1;
}

bool mp_probe(mp_parser *p, int start_token, const char *at, int line, const char *line_start,
              int level, mp_probe_result *r) {
    if (p->fdepth >= 30)
        return false;
    /* Like CPython's backtracking, settle for the longest prefix that is
     * a complete expression. */
    int n, found = probe_once(p, start_token, at, line, line_start, level, 0, r, &n);
    for (int limit = n - 1, tries = 0; found == 0 && limit > 0 && tries < 64; limit--, tries++)
        found = probe_once(p, start_token, at, line, line_start, level, limit, r, &n);
    return found > 0;
}

bool mp_probe_token(mp_parser *p, int start_token, const mp_token *t, int level_after,
                    mp_probe_result *r) {
    int level = level_after;
    if (is_bracket(t->kind, true))
        level--;
    else if (is_bracket(t->kind, false))
        level++;
    return mp_probe(p, start_token, t->start, t->loc.line, t->start - t->loc.col, level, r);
}
