/*
 * report.c — turns a syntax error found by the LALR parser into the
 * message CPython 3.11 gives.  CPython's PEG parser re-parses with
 * "invalid_*" rules after a failure; here the same situations are
 * recognised from the parser's stack (which symbols precede the offending
 * token), the token itself, the set of tokens that would have been
 * accepted, and, where a message's caret range covers text after the
 * error, a nested "probe" parse measuring the expression there.  Checks
 * run roughly in the order CPython's second pass would meet them:
 * statement-level rules first, then the innermost expression's.
 */
#include <string.h>

#include "grammar/parser_int.h"
#include "parser.h"

#define STACK_VIEW 512

typedef struct report {
    mp_parser *p;
    mp_stack_entry st[STACK_VIEW];
    int n; /* entries in st, the last is the top */
    int top;
    const int *expected;
    int nexp;
} report;

static bool expects(const report *r, int kind) { return mp_expects(r->expected, r->nexp, kind); }

static bool is_expr(const mp_stack_entry *e) {
    return e->nt == MP_NT_EXPR_LOW || e->nt == MP_NT_EXPR_PART || e->nt == MP_NT_STRINGS;
}

static bool same_loc(mp_loc a, mp_loc b) {
    return a.line == b.line && a.col == b.col && a.end_line == b.end_line && a.end_col == b.end_col;
}

static mp_loc span(mp_loc a, mp_loc b) {
    a.end_line = b.end_line;
    a.end_col = b.end_col;
    return a;
}

static int tok_at(const report *r, int i) { return i > 0 && i <= r->top ? r->st[i].token : -1; }

/* Tokens that may continue an expression to their left (binary
 * operators); the unary ones may also start one. */
static bool is_binary_op(int k) {
    switch (k) {
    case '|':
    case '^':
    case '&':
    case T_LEFTSHIFT:
    case T_RIGHTSHIFT:
    case '+':
    case '-':
    case '*':
    case '/':
    case T_DOUBLESLASH:
    case '%':
    case '@':
    case T_DOUBLESTAR:
    case T_OR:
    case T_AND:
    case T_IN:
    case T_IS:
    case T_EQEQUAL:
    case T_NOTEQUAL:
    case '<':
    case '>':
    case T_LESSEQUAL:
    case T_GREATEREQUAL: return true;
    default: return false;
    }
}

static bool is_unary_op(int k) {
    return k == '-' || k == '+' || k == '~' || k == T_NOT || k == T_AWAIT;
}

static bool is_expr_piece(const mp_stack_entry *e) {
    return is_expr(e) || (e->token >= 0 && (is_binary_op(e->token) || is_unary_op(e->token)));
}

/* The start of the run of entries forming the innermost disjunction
 * that ends at entry `end`, or -1.  *trimmed receives a binary operator
 * just below the run that had to be dropped (the 'in' of a for). */
static int run_start(const report *r, int end, int *trimmed) {
    *trimmed = -1;
    if (end < 1 || !is_expr(&r->st[end]))
        return -1;
    int start = end;
    while (start > 1 && is_expr_piece(&r->st[start - 1]))
        start--;
    while (start < end && r->st[start].token >= 0 && !is_unary_op(r->st[start].token)) {
        *trimmed = r->st[start].token;
        start++;
    }
    return start;
}

static mp_loc run_loc(const report *r, int start, int end) {
    return span(r->st[start].loc, r->st[end].loc);
}

/* The single node the run [start, end] stands for, if it is one entry. */
static mp_node *run_node(const report *r, int start, int end) {
    return start == end ? r->st[start].node : NULL;
}

static bool is_boundary(const report *r, int i) {
    int k = r->st[i].token;
    return i == 0 || k == T_NEWLINE || k == T_INDENT || k == T_DEDENT || k == ';' ||
           k == T_START_FILE || k == T_START_SINGLE || r->st[i].nt == MP_NT_BLOCK ||
           r->st[i].nt == MP_NT_STATEMENTS;
}

/* CPython 3.11 matches soft keywords by prefix (strncmp with the token's
 * length), so "c", "ma" or "_" count as soft keywords there. */
static bool soft_keyword_prefix(const mp_parser *p, mp_loc at) {
    const char *s = mp_line_text(p, at.line) + at.col;
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_' ||
           (s[n] >= '0' && s[n] <= '9') || (unsigned char)s[n] >= 0x80)
        n++;
    if (n == 0)
        return false;
    return (n <= 1 && s[0] == '_') || (n <= 4 && !strncmp(s, "case", n)) ||
           (n <= 5 && !strncmp(s, "match", n));
}

static bool starts_expression(int k) {
    switch (k) {
    case T_NAME:
    case T_NUMBER:
    case T_STRING:
    case '(':
    case '[':
    case '{':
    case '-':
    case '+':
    case '~':
    case T_NOT:
    case T_LAMBDA:
    case T_AWAIT:
    case T_NONE:
    case T_TRUE:
    case T_FALSE:
    case T_ELLIPSIS: return true;
    default: return false;
    }
}

/* ---- compound statement headers ------------------------------------------------ */

static bool is_header_kw(int k) {
    switch (k) {
    case T_IF:
    case T_ELIF:
    case T_ELSE:
    case T_WHILE:
    case T_FOR:
    case T_WITH:
    case T_CLASS:
    case T_DEF:
    case T_TRY:
    case T_EXCEPT:
    case T_FINALLY: return true;
    default: return false;
    }
}

/* The innermost compound-statement keyword of the current statement
 * (whose header is unfinished unless `after_colon`). */
static int header(const report *r, bool after_colon) {
    int top = r->top, depth = 0;
    if (after_colon && top > 0 && r->st[top].token == T_NEWLINE)
        top--; /* "if x:" NEWLINE, then no INDENT */
    for (int j = top; j > 0; j--) {
        int k = r->st[j].token;
        if (is_boundary(r, j))
            return -1;
        if (k == ')' || k == ']' || k == '}')
            depth++;
        else if (k == '(' || k == '[' || k == '{' || k == T_WITH_LPAR)
            depth--;
        else if (k == ':' && depth == 0 && !after_colon && j < top)
            return -1; /* past the header: in a one-line body */
        if (!is_header_kw(k))
            continue;
        /* 'if', 'for' and 'else' also occur inside expressions. */
        bool stmt = k == T_IF || k == T_FOR ? is_boundary(r, j - 1)
                    : k == T_ELSE ? !is_expr_piece(&r->st[j - 1]) && r->st[j - 1].nt != MP_NT_EXPR
                                  : true;
        if (stmt)
            return j;
    }
    return -1;
}

static const char *header_desc(int k) {
    switch (k) {
    case T_IF: return "'if' statement";
    case T_ELIF: return "'elif' statement";
    case T_ELSE: return "'else' statement";
    case T_WHILE: return "'while' statement";
    case T_FOR: return "'for' statement";
    case T_WITH: return "'with' statement";
    case T_CLASS: return "class definition";
    case T_DEF: return "function definition";
    case T_TRY: return "'try' statement";
    case T_EXCEPT: return "'except' statement";
    default: return "'finally' statement";
    }
}

static bool block_errors(report *r) {
    mp_parser *p = r->p;
    int h = header(r, true);
    if (r->nexp == 1 && expects(r, T_INDENT)) {
        if (h < 0)
            mp_raise_last(p, MP_SYNERR_INDENT, "expected an indented block");
        else
            mp_raise_last(p, MP_SYNERR_INDENT, "expected an indented block after %s on line %d",
                          header_desc(r->st[h].token), r->st[h].loc.line);
        return true;
    }
    h = header(r, false);
    if (h >= 0 && expects(r, ':')) {
        int k = r->st[h].token, top = r->top;
        if (p->tok.kind == T_NEWLINE) {
            mp_raise_last(p, MP_SYNERR_SYNTAX, "expected ':'");
            return true;
        }
        /* CPython's forced ':' after these (its &&':' rules); for a def,
         * after the parameters or the return annotation. */
        bool def_done =
            k == T_DEF && ((r->st[top].token == ')' && top - h <= 4 && r->st[h + 2].token == '(') ||
                           tok_at(r, top - 1) == T_RARROW);
        if (k == T_TRY || k == T_ELSE || k == T_FINALLY || def_done) {
            mp_raise_at(p, p->tok.loc, "expected ':'");
            return true;
        }
    }
    if (h == r->top - 1 && r->st[h].token == T_DEF && r->st[r->top].token == T_NAME &&
        expects(r, '(')) {
        mp_raise_at(p, p->tok.loc, "expected '('");
        return true;
    }
    int top = r->top;
    if (top >= 3 && r->st[top].nt == MP_NT_BLOCK && r->st[top - 1].token == ':' &&
        r->st[top - 2].token == T_TRY) {
        mp_raise_last(p, MP_SYNERR_SYNTAX, "expected 'except' or 'finally' block");
        return true;
    }
    return false;
}

/* ---- statement-level rules --------------------------------------------------- */

/* The entry starting the current simple statement, or -1.  A ':' before
 * a statement-level symbol ends a compound statement's header. */
static int statement_start(const report *r) {
    for (int j = r->top; j > 0; j--) {
        mp_nt_class nt = r->st[j].nt;
        if (is_boundary(r, j - 1) ||
            (r->st[j - 1].token == ':' &&
             (nt == MP_NT_STAR_EXPRS || nt == MP_NT_ASSIGN_CHAIN || nt == MP_NT_YIELD)))
            return j;
    }
    return -1;
}

/* "target: annotation" with a target that cannot be annotated; CPython
 * reports it once the annotation parsed, whatever follows. */
static bool annotation_target(report *r, int s) {
    if (s + 2 > r->top || r->st[s + 1].token != ':' || r->st[s].nt != MP_NT_STAR_EXPRS)
        return false;
    return !mp_check_ann_target(r->p, r->st[s].node);
}

/* "targets = ..." with a bad target; CPython reports it as soon as the
 * '=' after it is seen. */
static bool assignment_target(report *r, int s) {
    mp_parser *p = r->p;
    if (s + 1 > r->top || r->st[s + 1].token != '=')
        return false;
    const mp_stack_entry *e = &r->st[s];
    if (e->nt == MP_NT_STAR_EXPRS) {
        mp_node *t = e->node;
        if (!mp_invalid_target(t, MP_TARGETS_STAR))
            return false;
        /* The "Maybe you meant '=='" forms need the value's start. */
        mp_loc eq = r->st[s + 1].loc;
        const char *line = mp_line_text(p, eq.line);
        mp_probe_result pr;
        bool ok = mp_probe(p, T_START_PROBE_BOR, line + eq.end_col, eq.line, line, 0, &pr);
        if (p->failed)
            return true;
        if (ok && pr.stop != '=' && pr.stop != T_COLONEQUAL) {
            mp_loc b = {eq.line, eq.end_col, pr.end_line, pr.end_col};
            if (mp_suggest_comparison(p, t, e->loc, b))
                return true;
        }
        return !mp_set_store(p, t);
    }
    if (e->nt == MP_NT_YIELD) {
        mp_raise_at(p, e->node->loc, "assignment to yield expression not possible");
        return true;
    }
    if (e->nt == MP_NT_ASSIGN_CHAIN) {
        for (int i = 0; i < e->seq->n; i += 2) {
            mp_node *t = e->seq->items[i];
            if (t->kind == MP_AST_Yield || t->kind == MP_AST_YieldFrom) {
                mp_raise_at(p, t->loc, "assignment to yield expression not possible");
                return true;
            }
            if (mp_invalid_target(t, MP_TARGETS_STAR))
                return !mp_set_store(p, t);
        }
    }
    return false;
}

static bool statement_errors(report *r) {
    int s = statement_start(r);
    if (s > 0 && s + 1 == r->top && r->st[r->top].token == ':' && r->st[s].nt == MP_NT_STAR_EXPRS) {
        /* CPython only takes the ':' after a target it can annotate. */
        mp_node *t = r->st[s].node;
        if (t->kind != MP_AST_Name && t->kind != MP_AST_Attribute && t->kind != MP_AST_Subscript) {
            mp_raise_at(r->p, r->st[r->top].loc, "invalid syntax");
            return true;
        }
    }
    return s > 0 && (annotation_target(r, s) || assignment_target(r, s));
}

/* "for a, f() x": CPython checks the targets of a for before what follows. */
static bool for_target(report *r) {
    if (r->p->tok.kind == T_IN)
        return false;
    int j = r->top;
    while (j > 1 && (is_expr_piece(&r->st[j]) || r->st[j].nt == MP_NT_TARGET ||
                     r->st[j].nt == MP_NT_TARGET_SEQ || r->st[j].token == ','))
        j--;
    if (j == r->top || r->st[j].token != T_FOR)
        return false;
    for (int i = j + 1; i <= r->top; i++) {
        const mp_stack_entry *e = &r->st[i];
        const mp_node *bad = NULL;
        if (e->nt == MP_NT_TARGET_SEQ)
            for (int k = 0; k < e->seq->n && !bad; k++)
                bad = mp_invalid_target(e->seq->items[k], MP_TARGETS_FOR);
        else if (e->node && same_loc(e->node->loc, e->loc))
            bad = mp_invalid_target(e->node, MP_TARGETS_FOR);
        if (bad) {
            mp_raise_at(r->p, bad->loc, "cannot assign to %s", mp_expr_name(bad));
            return true;
        }
    }
    return false;
}

/* ---- comprehensions and parameters ------------------------------------------- */

/* "[x, y for ...]" and "[*x for ...]". */
static bool comprehension_target(report *r) {
    mp_parser *p = r->p;
    if (p->tok.kind != T_FOR)
        return false;
    int top = r->top, j = top;
    mp_loc end = r->st[top].loc;
    /* Back over the element being parsed, to the ',' or the display. */
    while (j > 1 && r->st[j].token != ',' && r->st[j].nt != MP_NT_STAR_NAMED_SEQ &&
           r->st[j].token != '[' && r->st[j].token != '{' && r->st[j].token != '(' &&
           r->st[j].token != '*')
        j--;
    bool in_element = j < top;
    if (in_element && r->st[j].token == '*' &&
        (tok_at(r, j - 1) == '[' || tok_at(r, j - 1) == '{' || tok_at(r, j - 1) == '(')) {
        mp_raise_range(p, MP_SYNERR_SYNTAX, r->st[j].loc, end,
                       "iterable unpacking cannot be used in comprehension");
        return true;
    }
    bool comma = r->st[j].token == ',';
    if (comma)
        j--;
    if (r->st[j].nt != MP_NT_STAR_NAMED_SEQ)
        return false;
    int open = r->st[j - 1].token;
    mp_seq *seq = r->st[j].seq;
    if (!comma && !in_element && seq->n == 1) {
        mp_node *e = seq->items[0];
        if (e->kind == MP_AST_Starred && (open == '[' || open == '{' || open == '(')) {
            mp_raise_at(p, e->loc, "iterable unpacking cannot be used in comprehension");
            return true;
        }
        return false;
    }
    if (open != '[' && open != '{')
        return false;
    mp_node *first = seq->items[0];
    mp_raise_range(p, MP_SYNERR_SYNTAX, first->loc, end,
                   "did you forget parentheses around the comprehension target?");
    return true;
}

static bool is_param_context(const report *r, int i) {
    /* Inside "def f(" or "lambda": some parameters or the opening. */
    for (; i > 0; i--) {
        const mp_stack_entry *e = &r->st[i];
        if (e->nt == MP_NT_PARAMS || e->token == T_LAMBDA)
            return true;
        if (e->token == '(')
            return r->st[i - 1].token == T_NAME && r->st[i - 2].token == T_DEF;
        if (e->token != T_NAME && e->token != '*' && e->token != T_DOUBLESTAR && e->token != '/' &&
            e->token != ',' && e->token != ':' && e->token != '=' && !is_expr(e) &&
            e->nt != MP_NT_EXPR)
            return false;
    }
    return false;
}

static bool parameter_errors(report *r) {
    mp_parser *p = r->p;
    int top = r->top, k = p->tok.kind;
    if (!is_param_context(r, top))
        return false;
    /* Problems earlier in the list come first. */
    for (int i = top; i > 0; i--)
        if (r->st[i].nt == MP_NT_PARAMS) {
            if (!mp_check_params(p, r->st[i].seq))
                return true;
            break;
        }
    if (r->st[top].token == '=' && (k == ',' || k == ')' || k == ':')) {
        int j = top - 1; /* the parameter's name, before any annotation */
        if (r->st[j].token != T_NAME) {
            while (j > 1 && r->st[j].token != ':')
                j--;
            j--;
        }
        int before = tok_at(r, j - 1);
        if (before == '*')
            mp_raise_at(p, r->st[top].loc, "var-positional argument cannot have default value");
        else if (before == T_DOUBLESTAR)
            mp_raise_at(p, r->st[top].loc, "var-keyword argument cannot have default value");
        else
            mp_raise_at(p, r->st[top].loc, "expected default value expression");
        return true;
    }
    const mp_stack_entry *e = &r->st[top];
    mp_param *last = e->nt == MP_NT_PARAMS ? e->seq->items[e->seq->n - 1] : NULL;
    if ((e->token == '/' || (last && last->kind == MP_PARAM_SLASH)) && k == '*') {
        mp_raise_at(p, p->tok.loc, "expected comma between / and *");
        return true;
    }
    return false;
}

/* ---- expression errors --------------------------------------------------------- */

/* "except A, B:" — CPython's caret runs from A to the ':'. */
static bool except_tuple(report *r) {
    mp_parser *p = r->p;
    int top = r->top, start = top;
    while (start > 1 && (is_expr(&r->st[start - 1]) || r->st[start - 1].nt == MP_NT_EXPR ||
                         r->st[start - 1].token == T_IF || r->st[start - 1].token == T_ELSE))
        start--;
    if (p->tok.kind != ',' || top < 2 || (!is_expr(&r->st[top]) && r->st[top].nt != MP_NT_EXPR) ||
        r->st[start - 1].token != T_EXCEPT)
        return false;
    /* The caret runs to the ':' ending the clause, if on this line. */
    mp_loc to = p->tok.loc;
    mp_lexer lx;
    mp_syntax_error scratch;
    mp_token t;
    mp_lexer_init_sub(&lx, &p->lx, p->tok.start, NULL, p->tok.loc.line,
                      p->tok.start - p->tok.loc.col, false, 0, &scratch);
    int k;
    do {
        k = mp_lexer_next(&lx, &t);
        if (k == ':' && t.loc.line == to.line) {
            to.end_col = t.loc.col; /* CPython's CURRENT_POS: just past the ':' */
            break;
        }
    } while (k != T_NEWLINE && k != T_ENDMARKER && k != MP_TOK_ERROR);
    mp_raise_range(p, MP_SYNERR_SYNTAX, r->st[start].loc, to,
                   "multiple exception types must be parenthesized");
    return true;
}

/* "a if b" not followed by 'else'. */
static bool missing_else(report *r, int start) {
    mp_parser *p = r->p;
    if (start < 3 || r->st[start - 1].token != T_IF || p->tok.kind == T_ELSE || p->tok.kind == ':')
        return false;
    int trimmed, body = run_start(r, start - 2, &trimmed);
    if (body < 0)
        return false;
    mp_raise_range(p, MP_SYNERR_SYNTAX, r->st[body].loc, r->st[r->top].loc,
                   "expected 'else' after 'if' expression");
    return true;
}

static bool is_legacy_name(const mp_node *n, mp_loc written) {
    return n && n->kind == MP_AST_Name && same_loc(n->loc, written) &&
           (!strcmp(n->v.name.id, "print") || !strcmp(n->v.name.id, "exec"));
}

static bool missing_comma(report *r, mp_loc aloc, const mp_probe_result *b);

/* Two expressions side by side: "print x" or a missing comma. */
static bool juxtaposed(report *r, int start, int trimmed) {
    mp_parser *p = r->p;
    if (!starts_expression(p->tok.kind))
        return false;
    mp_node *a = run_node(r, start, r->top);
    mp_loc aloc = run_loc(r, start, r->top);
    mp_probe_result b;
    bool bare_name = a && a->kind == MP_AST_Name && same_loc(a->loc, aloc);
    bool legacy = is_legacy_name(a, aloc);
    /* CPython's invalid_expression (a missing comma) comes first... */
    int below = r->st[start - 1].token;
    bool comma_ctx = !legacy && trimmed != T_IN && trimmed != T_DOUBLESTAR && below != T_AS &&
                     !(below == T_IF && r->st[start - 2].nt == MP_NT_COMP_IFS) &&
                     !soft_keyword_prefix(p, aloc) && !(bare_name && p->tok.kind == T_STRING);
    if (comma_ctx) {
        bool ok = mp_probe_token(p, T_START_PROBE, &p->tok, p->tok_level, &b);
        if (p->failed || p->lexer_error)
            return true;
        if (ok && missing_comma(r, aloc, &b))
            return true;
    }
    /* ... then invalid_legacy_expression, which parses what follows any
     * name (and can run into a tokenizer error first). */
    if (!bare_name)
        return false;
    bool ok = mp_probe_token(p, T_START_PROBE_STAR, &p->tok, p->tok_level, &b);
    if (p->failed || p->lexer_error)
        return true;
    if (!ok || !legacy)
        return false;
    mp_loc bl = {0, 0, b.end_line, b.end_col};
    mp_raise_range(p, MP_SYNERR_SYNTAX, aloc, bl,
                   "Missing parentheses in call to '%s'. Did you mean %s(...)?", a->v.name.id,
                   a->v.name.id);
    return true;
}

/* "o[]": a call or subscript that fails right after its bracket; CPython
 * then parses the bracket as a new expression next to what precedes it. */
static bool bracket_after_expression(report *r) {
    mp_parser *p = r->p;
    int top = r->top, trimmed;
    int k = r->st[top].token;
    if ((k != '[' && k != '(') || top < 2)
        return false;
    int start = run_start(r, top - 1, &trimmed);
    if (start < 0 || soft_keyword_prefix(p, r->st[start].loc))
        return false;
    mp_loc at = r->st[top].loc;
    const char *line = mp_line_text(p, at.line);
    int level = p->tok_level;
    if (p->tok.kind == ')' || p->tok.kind == ']' || p->tok.kind == '}')
        level++;
    else if (p->tok.kind == '(' || p->tok.kind == '[' || p->tok.kind == '{')
        level--;
    mp_probe_result b;
    if (!mp_probe(p, T_START_PROBE, line + at.col, at.line, line, level - 1, &b))
        return p->failed || p->lexer_error;
    return missing_comma(r, run_loc(r, start, top - 1), &b);
}

static bool missing_comma(report *r, mp_loc aloc, const mp_probe_result *b) {
    mp_parser *p = r->p;
    if (soft_keyword_prefix(p, aloc))
        return false;
    /* Only inside brackets (f-string expressions count as parenthesised). */
    if (b->end_level == 0 && !p->outer)
        return false;
    mp_loc bl = {0, 0, b->end_line, b->end_col};
    mp_raise_range(p, MP_SYNERR_SYNTAX, aloc, bl, "invalid syntax. Perhaps you forgot a comma?");
    return true;
}

/* "if x = 1:" and friends, where a named expression is expected. */
static bool equals_instead_of_comparison(report *r, int start) {
    mp_parser *p = r->p;
    if (p->tok.kind != '=')
        return false;
    int below = r->st[start - 1].token;
    bool named_ctx = below == '[' || below == '{' || below == '(' || below == ',' || below == '@' ||
                     below == T_ELIF || below == T_WHILE || below == T_WITH_LPAR ||
                     (below == T_IF && start >= 2 && is_boundary(r, start - 2));
    if (!named_ctx)
        return false;
    if (below == ',') {
        /* Only inside a display, not after "return a," or "del a,". */
        int j = start - 1;
        for (int depth = 0; j > 0; j--) {
            int k = r->st[j].token;
            if (k == ')' || k == ']' || k == '}')
                depth++;
            else if ((k == '(' || k == '[' || k == '{') && depth-- == 0)
                break;
        }
        if (j <= 0)
            return false;
    }
    /* The run must be a single bitwise_or (no comparison/not/and/or). */
    for (int j = start; j <= r->top; j++) {
        const mp_stack_entry *e = &r->st[j];
        int k = e->token;
        if (e->nt == MP_NT_EXPR_PART || k == T_NOT || k == T_AND || k == T_OR || k == T_IN ||
            k == T_IS || k == '<' || k == '>' || k == T_EQEQUAL || k == T_NOTEQUAL ||
            k == T_LESSEQUAL || k == T_GREATEREQUAL)
            return false;
        if (e->node && same_loc(e->node->loc, e->loc) &&
            (e->node->kind == MP_AST_Compare || e->node->kind == MP_AST_BoolOp ||
             (e->node->kind == MP_AST_UnaryOp && e->node->v.unaryop.op == MP_UNARY_NOT)))
            return false;
    }
    int level;
    mp_token *next = mp_pump_peek(p, 0, &level);
    mp_probe_result b;
    if (next->kind == MP_TOK_ERROR)
        return false;
    if (!mp_probe_token(p, T_START_PROBE_BOR, next, level, &b))
        return p->failed;
    if (b.stop == '=' || b.stop == T_COLONEQUAL)
        return false;
    mp_node *a = run_node(r, start, r->top);
    mp_loc aloc = run_loc(r, start, r->top);
    if (a && a->kind == MP_AST_Name && same_loc(a->loc, aloc)) {
        mp_loc bl = {0, 0, b.end_line, b.end_col};
        mp_raise_range(p, MP_SYNERR_SYNTAX, aloc, bl,
                       "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return true;
    }
    mp_node *first = r->st[start].node;
    if (first && same_loc(first->loc, r->st[start].loc) &&
        (first->kind == MP_AST_List || first->kind == MP_AST_Tuple ||
         first->kind == MP_AST_GeneratorExp ||
         (first->kind == MP_AST_Constant && first->v.constant.kind <= MP_CONST_FALSE)))
        return false;
    const char *name = a ? mp_expr_name(a) : "expression";
    if (start == r->top && r->st[start].nt == MP_NT_STRINGS)
        name = "literal";
    mp_raise_at(p, a ? a->loc : aloc,
                "cannot assign to %s here. Maybe you meant '==' instead of '='?", name);
    return true;
}

/* Whether the top of the stack is inside a call's argument list. */
static bool is_call_args(const report *r) {
    for (int j = r->top; j > 1; j--) {
        int k = r->st[j].token;
        if (k == '(')
            return is_expr(&r->st[j - 1]);
        if (k == '[' || k == '{' || k == ')' || k == ']' || k == '}' || is_boundary(r, j))
            return false;
    }
    return false;
}

/* "f(a=1, *)": CPython's invalid_arguments "args ',' '*'" (with keyword
 * arguments before the '*'). */
static bool bare_star_argument(report *r) {
    int top = r->top;
    if (top < 3 || r->st[top].token != '*' || r->st[top - 1].token != ',' ||
        r->st[top - 2].nt != MP_NT_ARGLIST || starts_expression(r->p->tok.kind))
        return false;
    const mp_seq *args = r->st[top - 2].seq;
    bool keywords = false;
    for (int i = 0; i < args->n; i++) {
        mp_arg_kind k = ((const mp_callarg *)args->items[i])->kind;
        keywords |= k == MP_ARG_KW || k == MP_ARG_DSTAR;
    }
    if (!keywords)
        return false;
    mp_raise_at(r->p, r->st[top].loc,
                "iterable argument unpacking follows keyword argument unpacking");
    return true;
}

static bool expression_errors(report *r) {
    int trimmed;
    if (except_tuple(r) || for_target(r) || comprehension_target(r) || parameter_errors(r) ||
        bracket_after_expression(r) || (is_call_args(r) && bare_star_argument(r)))
        return true;
    int start = run_start(r, r->top, &trimmed);
    if (start < 0)
        return false;
    return missing_else(r, start) || equals_instead_of_comparison(r, start) ||
           juxtaposed(r, start, trimmed);
}

/* ---- entry point ------------------------------------------------------------------ */

static void generic(mp_parser *p) {
    const mp_token *t = &p->tok;
    if (t->kind == T_ENDMARKER && p->lx.stop) {
        /* The end of an f-string expression: CPython's closing ')'. */
        mp_loc l = t->loc;
        l.end_col = l.col + 1;
        mp_raise_at(p, l, "invalid syntax");
        return;
    }
    if (t->kind == T_ENDMARKER || t->kind == T_INDENT || t->kind == T_DEDENT) {
        int line = t->kind == T_ENDMARKER && p->empty_source ? 0 : t->loc.line;
        mp_loc l = {line, 0, line, 0};
        mp_raise_range(p, MP_SYNERR_SYNTAX, l, l, "invalid syntax");
        p->err->col = p->err->end_col = 0;
        return;
    }
    mp_raise_at(p, t->loc, "invalid syntax");
}

/* A probe standing for CPython's legacy-print look-ahead (parsed with
 * its invalid_* rules on) stopped before an expression: CPython would
 * look further here, past a name again with that rule, past anything
 * else with the missing-comma rule; a tokenizer error met on the way is
 * what it reports. */
static void nested_lookahead(mp_parser *p) {
    report r;
    r.p = p;
    r.n = mp_parser_stack(p, r.st, 64);
    r.top = r.n - 1;
    int trimmed, start = run_start(&r, r.top, &trimmed);
    if (start < 0)
        return;
    const mp_stack_entry *top = &r.st[r.top];
    bool bare_name = start == r.top && top->node && top->node->kind == MP_AST_Name &&
                     same_loc(top->node->loc, top->loc);
    mp_probe_result ignored;
    mp_probe_token(p, bare_name ? T_START_PROBE_STAR : T_START_PROBE, &p->tok, p->tok_level,
                   &ignored);
}

void mp_report_syntax_error(mp_parser *p, const int *expected, int nexpected) {
    if (p->failed)
        return;
    if (p->probe) {
        /* A probe succeeds if its expression could have ended here. */
        if (mp_expects(expected, nexpected, T_ENDMARKER)) {
            p->probe_ok = true;
            p->probe_end_line = p->prev_end_line;
            p->probe_end_col = p->prev_end_col;
            p->probe_stop = p->tok.kind;
            p->probe_end_level = p->prev_level;
        }
        if (p->start_token == T_START_PROBE_STAR && starts_expression(p->tok.kind) &&
            !p->max_tokens && p->fdepth < 6)
            nested_lookahead(p);
        p->failed = true;
        return;
    }
    report r;
    r.p = p;
    r.expected = expected;
    r.nexp = nexpected;
    r.n = mp_parser_stack(p, r.st, STACK_VIEW);
    r.top = r.n - 1;
    if (p->start_token == T_START_SINGLE && r.nexp == 1 && expects(&r, T_ENDMARKER)) {
        /* A second statement after the one compile(..., 'single') takes. */
        p->tok = p->last_newline;
        mp_raise_at(p, p->tok.loc, "multiple statements found while compiling a single statement");
        return;
    }
    if (block_errors(&r))
        return;
    if (p->tok.kind == T_INDENT || p->tok.kind == T_DEDENT) {
        /* No rest-of-file scan after these in CPython. */
        p->no_rest_check = true;
        mp_raise_last(p, MP_SYNERR_INDENT,
                      p->tok.kind == T_INDENT ? "unexpected indent" : "unexpected unindent");
        return;
    }
    if (statement_errors(&r) || expression_errors(&r))
        return;
    generic(p);
}
