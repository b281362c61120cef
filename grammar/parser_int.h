/*
 * parser_int.h — what the bison grammar (parser.y), the tree builders
 * (build.c), the string/f-string decoder (fstring.c) and the error
 * reporter share: the parser state, growable lists, the small records
 * the grammar collects before validating them (parameters, call
 * arguments), and the error helpers that reproduce CPython's
 * SyntaxError locations.
 */
#ifndef MP_PARSER_INT_H
#define MP_PARSER_INT_H

#include "grammar/lexer.h"

/* ---- growable lists (arena-backed) ----------------------------------- */

typedef struct mp_seq {
    int n, cap;
    void **items;
} mp_seq;

mp_seq *mp_seq_push(mp_arena *a, mp_seq *s, void *item); /* s may be NULL */
mp_nodes mp_seq_nodes(const mp_seq *s);                  /* NULL -> empty */

/* ---- records the grammar collects ------------------------------------- */

/* A STRING token: its text (prefix and quotes included) and place. */
typedef struct mp_strtok {
    const char *start, *end;
    mp_loc loc;
} mp_strtok;

/* A comparison chain "a < b <= c" under construction. */
typedef struct mp_cmpchain {
    int n, cap;
    mp_cmpop *ops;
    mp_node **comparators;
} mp_cmpchain;

/* One parameter of a def or lambda, validated when the list is complete. */
typedef enum {
    MP_PARAM_NAME,
    MP_PARAM_STAR,
    MP_PARAM_DSTAR,
    MP_PARAM_SLASH
} mp_param_kind;
typedef struct mp_param {
    mp_param_kind kind;
    mp_node *arg; /* arg node; NULL for a bare '*' or '/' */
    mp_node *def; /* default value or NULL */
    mp_loc loc;   /* the '*', '**', '/' token or the name */
    bool last;    /* followed by ')' or ':' rather than ',' */
} mp_param;

/* One call argument, validated when the list is complete. */
typedef enum {
    MP_ARG_POS,
    MP_ARG_STAR,
    MP_ARG_KW,
    MP_ARG_DSTAR,
    MP_ARG_GENEXP
} mp_arg_kind;
typedef struct mp_callarg {
    mp_arg_kind kind;
    mp_node *node; /* expression, Starred, keyword or GeneratorExp */
    mp_loc loc;
} mp_callarg;

typedef struct mp_callargs {
    mp_seq *items; /* mp_callarg */
    bool trailing_comma;
} mp_callargs;

/* What "( ... )" held: a plain group, or a new Tuple / GeneratorExp. */
typedef struct mp_paren {
    mp_node *node;
    bool group;
} mp_paren;

/* ---- the parser state ------------------------------------------------- */

typedef struct mp_parser mp_parser;
struct mp_parser {
    mp_arena *arena;
    const char *filename;
    mp_lexer lx;
    mp_syntax_error lexerr; /* the lexer's error, until the parser takes it */
    mp_syntax_error *err;
    bool failed;        /* *err holds the (first) error */
    bool lexer_error;   /* ... a tokenizer's (maybe a nested parser's) */
    bool no_rest_check; /* CPython skips its rest-of-file scan for this error */
    int start_token;    /* which start symbol the grammar begins with */
    mp_node *result;

    /* How CPython would report positions (see MP_PARSE_STRING). */
    bool string_input; /* compile()-style error positions */
    bool char_columns; /* parser errors count columns in characters */
    bool empty_source; /* errors at the end are then on line 0 */

    /* The token being pushed (with the bracket depth after it), and the
     * end of the last real token before it, where zero-width NEWLINE,
     * INDENT and DEDENT tokens are placed. */
    mp_token tok;
    int tok_level;
    int prev_kind;
    int prev_end_line, prev_end_col;
    int prev_level;
    mp_token last_newline;
    int *fetched_line; /* the furthest line any parser of this source read */

    /* Look-ahead queue (for "with (" and "match" detection). */
    mp_token *queue;
    int *queue_level;
    int qhead, qlen, qcap;

    void *ps; /* the bison push-parser state */

    /* Nested parsers: f-string expressions and probes. */
    mp_parser *outer; /* the parser that started this one */
    int fdepth;       /* nesting depth */
    mp_loc brace_loc; /* f-string expressions: the {...} span */
    bool probe;       /* measuring an expression for an error message: */
    int max_tokens;   /* ... stopping after this many tokens (0: no limit), */
    int ntokens;
    bool probe_ok;                     /* a complete expression was found, */
    int probe_end_line, probe_end_col; /* ending here, */
    int probe_stop;                    /* before a token of this kind, */
    int probe_end_level;               /* at this bracket depth */
};

/* mp_ast_dump() with each node's location attributes, as Python's
 * ast.dump(include_attributes=True) prints them (tests). */
char *mp_ast_dump_locations(const mp_node *n);

/* ---- errors -------------------------------------------------------------- */

/* CPython's RAISE_SYNTAX_ERROR_KNOWN_RANGE(from, to): from.start..to.end. */
void mp_raise_range(mp_parser *p, mp_synerr_kind kind, mp_loc from, mp_loc to, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* RAISE_SYNTAX_ERROR_KNOWN_LOCATION(loc). */
#define mp_raise_at(p, loc, ...) mp_raise_range(p, MP_SYNERR_SYNTAX, loc, loc, __VA_ARGS__)
/* RAISE_SYNTAX_ERROR(...): at the last token the parser looked at. */
void mp_raise_last(mp_parser *p, mp_synerr_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error in an f-string expression's parser, moved to the outer parser. */
void mp_raise_copy(mp_parser *p, const mp_syntax_error *e);
/* Text of line `line` of the parser's source (for column conversion). */
const char *mp_line_text(const mp_parser *p, int line);

/* Parses the longest expression (start_token T_START_PROBE: expression,
 * T_START_PROBE_STAR: star_expressions, T_START_PROBE_BOR: bitwise_or)
 * found at `at` (on `line`, which starts at `line_start`, inside `level`
 * brackets).  On success it tells where the expression ends, the kind of
 * the token after it and the bracket depth at its last token. */
typedef struct mp_probe_result {
    int end_line, end_col;
    int stop;
    int end_level;
} mp_probe_result;
bool mp_probe(mp_parser *p, int start_token, const char *at, int line, const char *line_start,
              int level, mp_probe_result *r);
/* The same, starting at token t (with the bracket depth after it). */
bool mp_probe_token(mp_parser *p, int start_token, const mp_token *t, int level_after,
                    mp_probe_result *r);
/* Whether the source span `loc` is "( ... )" with matching parentheses. */
bool mp_parenthesized(mp_parser *p, mp_loc loc);
/* The i-th token after the one being parsed, and the bracket depth there. */
mp_token *mp_pump_peek(mp_parser *p, int i, int *level);

/* ---- tree building (build.c) --------------------------------------------- */

mp_node *mp_new_node(mp_parser *p, mp_ast_kind kind, mp_loc loc);
mp_node *mp_name(mp_parser *p, const char *id, mp_loc loc);
mp_node *mp_const(mp_parser *p, mp_const_kind kind, mp_loc loc);
mp_node *mp_ast_binop(mp_parser *p, mp_node *l, int op, mp_node *r, mp_loc loc);
mp_node *mp_ast_unary(mp_parser *p, mp_unaryop op, mp_node *operand, mp_loc loc);
mp_node *mp_boolop_node(mp_parser *p, mp_boolop op, mp_seq *values, mp_loc loc);
mp_node *mp_tuple(mp_parser *p, mp_seq *elts, mp_loc loc);
mp_node *mp_seq_or_tuple(mp_parser *p, mp_seq *elts, mp_loc loc);
mp_node *mp_comp(mp_parser *p, mp_ast_kind kind, mp_node *elt, mp_node *value, mp_seq *gens,
                 mp_loc loc);
mp_cmpchain *mp_cmp_push(mp_parser *p, mp_cmpchain *c, mp_cmpop op, mp_node *right);
mp_node *mp_compare(mp_parser *p, mp_node *left, mp_cmpchain *c, mp_loc loc);
mp_node *mp_number(mp_parser *p, const mp_token *t);
mp_node *mp_named_expr(mp_parser *p, mp_node *target, mp_loc tloc, mp_node *value, mp_loc loc);

/* Targets: set ctx (STORE/DEL) and check, with CPython's messages. */
typedef enum {
    MP_TARGETS_STAR,
    MP_TARGETS_DEL,
    MP_TARGETS_FOR
} mp_target_kind;
/* The first part of e that cannot be a target of this kind, or NULL. */
const mp_node *mp_invalid_target(const mp_node *e, mp_target_kind kind);
/* Raises CPython's error for an invalid annotation target. */
bool mp_check_ann_target(mp_parser *p, mp_node *t);
/* For "t = b..." with an invalid t written at tloc (b: the range of the
 * value's leading bitwise_or): raises CPython's "Maybe you meant '=='"
 * suggestions when they apply. */
bool mp_suggest_comparison(mp_parser *p, mp_node *t, mp_loc tloc, mp_loc b);
bool mp_set_store(mp_parser *p, mp_node *t);
bool mp_check_for_target(mp_parser *p, mp_node *t);
/* `chain` alternates expressions and their mp_loc* (as written, with any
 * parentheses); the last pair is the assigned value. */
mp_node *mp_assign(mp_parser *p, mp_seq *chain, mp_loc loc);
mp_node *mp_augassign(mp_parser *p, mp_node *t, int op, mp_node *v, mp_loc loc);
mp_node *mp_annassign(mp_parser *p, mp_node *t, mp_loc tloc, mp_node *ann, mp_node *v, mp_loc loc);
mp_node *mp_delete(mp_parser *p, mp_seq *targets, mp_loc loc);
mp_node *mp_with_item(mp_parser *p, mp_node *ctx, mp_node *target, mp_loc loc);
/* "name" of an expression in messages: "literal", "function call"... */
const char *mp_expr_name(const mp_node *e);

mp_param *mp_param_new(mp_parser *p, mp_param_kind kind, const char *name, mp_loc nloc,
                       mp_node *ann, mp_node *def, mp_loc loc);
mp_node *mp_arguments(mp_parser *p, mp_seq *params, mp_loc loc);
/* Checks the parameters seen so far of an unfinished list. */
bool mp_check_params(mp_parser *p, mp_seq *params);
mp_callarg *mp_callarg_new(mp_parser *p, mp_arg_kind kind, mp_node *node, mp_loc loc);
mp_callarg *mp_kwarg(mp_parser *p, mp_node *name, mp_loc nloc, mp_loc eqloc, mp_node *value,
                     mp_loc loc);
/* Validates arguments; fills args/keywords.  `close` is the ')'.  A
 * class's bases may not be a bare generator expression. */
bool mp_call_args(mp_parser *p, const mp_callargs *a, mp_loc open, mp_loc close, bool is_class,
                  mp_nodes *args, mp_nodes *keywords);
mp_node *mp_import_from(mp_parser *p, int level, const char *module, mp_seq *names, mp_loc loc);
char *mp_join_dotted(mp_parser *p, const char *a, const char *b);

/* ---- strings (fstring.c) -------------------------------------------------- */

/* Concatenates adjacent STRING tokens into a Constant or JoinedStr. */
mp_node *mp_strings(mp_parser *p, mp_seq *toks, mp_loc loc);

/* Parses an f-string replacement field's expression text [s, e) (on
 * `line` starting at `line_start`) with a nested parser. */
mp_node *mp_parse_fstring_expr(mp_parser *p, const char *s, const char *e, int line,
                               const char *line_start, mp_loc braces);

#endif /* MP_PARSER_INT_H */
