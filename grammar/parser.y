/*
 * parser.y — minipy's grammar: Python 3.11 statements and expressions as
 * an LALR(1) bison grammar (a push parser fed by the token pump in
 * pump.c), building the AST of ast.h.  Where CPython's PEG grammar needs
 * unbounded look-ahead (assignment targets, keyword arguments, parameter
 * lists) the grammar accepts a superset and build.c validates it with
 * CPython's messages.  Syntax errors are turned into CPython's specific
 * messages by report.c, which inspects this parser's stack.
 */

%code top {
#include <stdlib.h>
#include <string.h>
}

%code requires {
#include "grammar/parser_int.h"
}

%code provides {
/* A view of one parser stack entry, for the error reporter (report.c). */
typedef enum {
    MP_NT_OTHER = 0,
    MP_NT_EXPR_LOW,   /* disjunction and below (node) */
    MP_NT_EXPR_PART,  /* pieces of an unfinished and/or/comparison chain */
    MP_NT_STRINGS,    /* adjacent string tokens not yet joined */
    MP_NT_EXPR,       /* expression, named/star expressions, lambda (node) */
    MP_NT_STAR_EXPRS, /* star_expressions (node) */
    MP_NT_YIELD,      /* yield_expr (node) */
    MP_NT_TARGET,     /* star_targets, target_elem (node) */
    MP_NT_TARGET_SEQ, /* target_seq (seq) */
    MP_NT_STAR_NAMED_SEQ, /* star_named_seq (seq) */
    MP_NT_ASSIGN_CHAIN,   /* assign_chain (seq of node, mp_loc*) */
    MP_NT_PARAMS,     /* param_seq, lambda_param_seq (seq of mp_param) */
    MP_NT_COMP_IFS,
    MP_NT_BLOCK,
    MP_NT_STATEMENTS, /* complete statements before the current one */
    MP_NT_ARGLIST,    /* a call's arguments so far (seq of mp_callarg) */
} mp_nt_class;

typedef struct mp_stack_entry {
    int token;     /* token kind for terminals, -1 for nonterminals */
    mp_nt_class nt;
    mp_node *node; /* for classes holding a node */
    mp_seq *seq;   /* for classes holding a list */
    mp_loc loc;
} mp_stack_entry;

/* The top `cap` entries of the parser's stack, bottom first. */
int mp_parser_stack(const mp_parser *p, mp_stack_entry *out, int cap);
/* Whether token `kind` is among the expected symbols. */
bool mp_expects(const int *expected, int n, int kind);
/* Implemented in report.c. */
void mp_report_syntax_error(mp_parser *p, const int *expected, int nexpected);
}

%code {
/* A rule spans its first to its last symbol; an empty rule sits, zero
 * width, at the end of what precedes it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                               \
    do {                                                                                          \
        if (N) {                                                                                  \
            (Cur).line = YYRHSLOC(Rhs, 1).line;                                                   \
            (Cur).col = YYRHSLOC(Rhs, 1).col;                                                     \
            (Cur).end_line = YYRHSLOC(Rhs, N).end_line;                                           \
            (Cur).end_col = YYRHSLOC(Rhs, N).end_col;                                             \
        } else {                                                                                  \
            (Cur).line = (Cur).end_line = YYRHSLOC(Rhs, 0).end_line;                              \
            (Cur).col = (Cur).end_col = YYRHSLOC(Rhs, 0).end_col;                                 \
        }                                                                                         \
    } while (0)
static void mp_yyerror(mp_loc *loc, mp_parser *p, const char *msg);
#define YYMAXDEPTH 50000
#define NODE(k, loc) mp_new_node(p, MP_AST_##k, loc)
#define SEQ(s, x) mp_seq_push(p->arena, s, x)
#define CHECK(x)                                                                                  \
    do {                                                                                          \
        if (!(x))                                                                                 \
            YYABORT;                                                                              \
    } while (0)
/* Unsupported or invalid constructs found by a rule: raise and stop. */
#define FAIL_AT(loc, ...)                                                                         \
    do {                                                                                          \
        mp_raise_at(p, loc, __VA_ARGS__);                                                         \
        YYABORT;                                                                                  \
    } while (0)

static mp_seq *seq_extend(mp_parser *p, mp_seq *a, mp_seq *b) {
    for (int i = 0; b && i < b->n; i++)
        a = SEQ(a, b->items[i]);
    return a;
}

/* Appends an expression and where it was written (with any parentheses). */
static mp_seq *push_written(mp_parser *p, mp_seq *s, mp_node *n, mp_loc loc) {
    mp_loc *l = mp_arena_alloc(p->arena, sizeof *l);
    *l = loc;
    return SEQ(SEQ(s, n), l);
}

/* A loc from the start of `a` to the end of `b`. */
static mp_loc span(mp_loc a, mp_loc b) {
    a.end_line = b.end_line;
    a.end_col = b.end_col;
    return a;
}

/* If/elif chains are collected flat (so a long chain does not deepen
 * the parser stack) and nested here: each elif becomes the orelse of the
 * previous test, ending where the whole statement ends. */
static mp_node *link_if_chain(mp_parser *p, mp_seq *chain, mp_seq *orelse, mp_loc end) {
    mp_nodes tail = mp_seq_nodes(orelse);
    for (int i = chain->n - 1; i >= 0; i--) {
        mp_node *n = chain->items[i];
        n->v.ifstmt.orelse = tail;
        n->loc.end_line = end.end_line;
        n->loc.end_col = end.end_col;
        tail = mp_seq_nodes(SEQ(NULL, n));
    }
    return chain->items[0];
}

static mp_node *make_try(mp_parser *p, mp_seq *body, mp_seq *handlers, mp_seq *orelse,
                         mp_seq *finalbody, mp_loc loc) {
    mp_node *n = NODE(Try, loc);
    n->v.trystmt.body = mp_seq_nodes(body);
    n->v.trystmt.handlers = mp_seq_nodes(handlers);
    n->v.trystmt.orelse = mp_seq_nodes(orelse);
    n->v.trystmt.finalbody = mp_seq_nodes(finalbody);
    return n;
}

static mp_node *make_with(mp_parser *p, mp_seq *items, mp_seq *body, mp_loc loc) {
    mp_node *n = NODE(With, loc);
    n->v.with.items = mp_seq_nodes(items);
    n->v.with.body = mp_seq_nodes(body);
    return n;
}

static mp_node *make_call(mp_parser *p, mp_node *func, const mp_callargs *a, mp_loc open,
                          mp_loc close, mp_loc loc) {
    mp_node *n = NODE(Call, loc);
    n->v.call.func = func;
    if (a && !mp_call_args(p, a, open, close, false, &n->v.call.args, &n->v.call.keywords))
        return NULL;
    return n;
}

/* A Slice spans its tokens; with no lower bound it starts at the ':'. */
static mp_node *make_slice(mp_parser *p, mp_node *lo, mp_node *hi, mp_node *step, mp_loc loc,
                           mp_loc colon) {
    if (!lo)
        loc = span(colon, loc);
    mp_node *n = NODE(Slice, loc);
    n->v.slice.lower = lo;
    n->v.slice.upper = hi;
    n->v.slice.step = step;
    return n;
}

static mp_node *make_def(mp_parser *p, const char *name, mp_node *args, mp_node *returns,
                         mp_seq *body, mp_loc loc) {
    mp_node *n = NODE(FunctionDef, loc);
    n->v.functiondef.name = name;
    n->v.functiondef.args = args;
    n->v.functiondef.returns = returns;
    n->v.functiondef.body = mp_seq_nodes(body);
    return n;
}

static mp_node *make_class(mp_parser *p, const char *name, const mp_callargs *a, mp_loc open,
                           mp_loc close, mp_seq *body, mp_loc loc) {
    mp_node *n = NODE(ClassDef, loc);
    n->v.classdef.name = name;
    if (a && !mp_call_args(p, a, open, close, true, &n->v.classdef.bases,
                           &n->v.classdef.keywords))
        return NULL;
    n->v.classdef.body = mp_seq_nodes(body);
    return n;
}

static mp_node *make_handler(mp_parser *p, mp_node *type, const char *name, mp_seq *body,
                             mp_loc loc) {
    mp_node *n = NODE(ExceptHandler, loc);
    n->v.handler.type = type;
    n->v.handler.name = name;
    n->v.handler.body = mp_seq_nodes(body);
    return n;
}

static mp_node *make_alias(mp_parser *p, const char *name, const char *asname, mp_loc loc) {
    mp_node *n = NODE(alias, loc);
    n->v.alias.name = name;
    n->v.alias.asname = asname;
    return n;
}

static mp_node *make_starred(mp_parser *p, mp_node *value, mp_loc loc) {
    mp_node *n = NODE(Starred, loc);
    n->v.starred.value = value;
    return n;
}

static mp_node *make_comprehension(mp_parser *p, mp_node *target, mp_node *iter, mp_seq *ifs,
                                   mp_loc loc) {
    mp_node *n = NODE(comprehension, loc);
    n->v.comprehension.target = target;
    n->v.comprehension.iter = iter;
    n->v.comprehension.ifs = mp_seq_nodes(ifs);
    return n;
}

static mp_node *make_attribute(mp_parser *p, mp_node *value, const char *attr, mp_loc loc) {
    mp_node *n = NODE(Attribute, loc);
    n->v.attribute.value = value;
    n->v.attribute.attr = attr;
    return n;
}

static mp_node *make_subscript(mp_parser *p, mp_node *value, mp_node *slice, mp_loc loc) {
    mp_node *n = NODE(Subscript, loc);
    n->v.subscript.value = value;
    n->v.subscript.slice = slice;
    return n;
}

static mp_node *make_dict(mp_parser *p, mp_seq *items, mp_loc loc) {
    /* items alternate key, value (key NULL for "**value"). */
    mp_node *n = NODE(Dict, loc);
    mp_seq *keys = NULL, *values = NULL;
    for (int i = 0; items && i < items->n; i += 2) {
        keys = SEQ(keys, items->items[i]);
        values = SEQ(values, items->items[i + 1]);
    }
    n->v.dict.keys = mp_seq_nodes(keys);
    n->v.dict.values = mp_seq_nodes(values);
    return n;
}

static mp_node *make_list(mp_parser *p, mp_ast_kind kind, mp_seq *elts, mp_loc loc) {
    mp_node *n = mp_new_node(p, kind, loc);
    if (kind == MP_AST_Set)
        n->v.set.elts = mp_seq_nodes(elts);
    else
        n->v.seq.elts = mp_seq_nodes(elts);
    return n;
}

static mp_node *make_lambda(mp_parser *p, mp_node *args, mp_node *body, mp_loc loc) {
    mp_node *n = NODE(Lambda, loc);
    n->v.lambda.args = args;
    n->v.lambda.body = body;
    return n;
}

static mp_node *make_yield(mp_parser *p, mp_ast_kind kind, mp_node *value, mp_loc loc) {
    mp_node *n = mp_new_node(p, kind, loc);
    n->v.yield.value = value;
    return n;
}

static mp_node *make_value_stmt(mp_parser *p, mp_ast_kind kind, mp_node *value, mp_loc loc) {
    mp_node *n = mp_new_node(p, kind, loc);
    n->v.expr.value = value; /* Expr, Return, Await share the layout */
    return n;
}

static mp_node *make_names_stmt(mp_parser *p, mp_ast_kind kind, mp_seq *names, mp_loc loc) {
    mp_node *n = mp_new_node(p, kind, loc);
    n->v.global.names.n = names->n;
    n->v.global.names.items = (const char **)names->items;
    return n;
}
}

%define api.prefix {mp_yy}
%define api.pure full
%define api.push-pull push
%define api.location.type {mp_loc}
%locations
%define parse.error custom
%define parse.lac full
%expect 0
%parse-param {mp_parser *p}

%union {
    mp_node *node;
    mp_seq *seq;
    const char *str;
    int op;
    mp_strtok *strtok;
    mp_cmpchain *cmp;
    mp_param *param;
    mp_callarg *carg;
    mp_callargs cargs;
    mp_paren paren;
}

%token T_ENDMARKER 0 "ENDMARKER"
%token <str> T_NAME "NAME"
%token <node> T_NUMBER "NUMBER"
%token <strtok> T_STRING "STRING"
%token T_NEWLINE "NEWLINE" T_INDENT "INDENT" T_DEDENT "DEDENT"
%token T_OP "OP"
%token T_FALSE "'False'" T_NONE "'None'" T_TRUE "'True'" T_AND "'and'" T_AS "'as'"
%token T_ASSERT "'assert'" T_ASYNC "'async'" T_AWAIT "'await'" T_BREAK "'break'"
%token T_CLASS "'class'" T_CONTINUE "'continue'" T_DEF "'def'" T_DEL "'del'" T_ELIF "'elif'"
%token T_ELSE "'else'" T_EXCEPT "'except'" T_FINALLY "'finally'" T_FOR "'for'" T_FROM "'from'"
%token T_GLOBAL "'global'" T_IF "'if'" T_IMPORT "'import'" T_IN "'in'" T_IS "'is'"
%token T_LAMBDA "'lambda'" T_NONLOCAL "'nonlocal'" T_NOT "'not'" T_OR "'or'" T_PASS "'pass'"
%token T_RAISE "'raise'" T_RETURN "'return'" T_TRY "'try'" T_WHILE "'while'" T_WITH "'with'"
%token T_YIELD "'yield'"
%token T_EQEQUAL "'=='" T_NOTEQUAL "'!='" T_LESSEQUAL "'<='" T_GREATEREQUAL "'>='"
%token T_LEFTSHIFT "'<<'" T_RIGHTSHIFT "'>>'" T_DOUBLESTAR "'**'" T_DOUBLESLASH "'//'"
%token T_RARROW "'->'" T_ELLIPSIS "'...'" T_COLONEQUAL "':='"
%token T_PLUSEQUAL "'+='" T_MINEQUAL "'-='" T_STAREQUAL "'*='" T_SLASHEQUAL "'/='"
%token T_PERCENTEQUAL "'%='" T_AMPEREQUAL "'&='" T_VBAREQUAL "'|='" T_CIRCUMFLEXEQUAL "'^='"
%token T_ATEQUAL "'@='" T_LEFTSHIFTEQUAL "'<<='" T_RIGHTSHIFTEQUAL "'>>='"
%token T_DOUBLESTAREQUAL "'**='" T_DOUBLESLASHEQUAL "'//='"
/* Tokens the pump makes up: the '(' of a parenthesised with-item list,
 * and one start token per entry point. */
%token T_WITH_LPAR "'(' of with"
%token T_START_FILE "file" T_START_EVAL "eval" T_START_SINGLE "single"
%token T_START_FSTRING "f-string" T_START_PROBE "probe" T_START_PROBE_STAR "probe*"
%token T_START_PROBE_BOR "probe|"

%type <node> compound_stmt simple_stmt expr_stmt import_stmt funcdef classdef if_stmt
%type <node> while_stmt for_stmt try_stmt with_stmt except_clause with_item
%type <node> dotted_as_name import_as_name return_ann lambdef
%type <node> expression named_expression star_expression star_named_expression
%type <node> star_expressions expressions annotated_rhs yield_expr
%type <node> disjunction conjunction inversion comparison bitwise_or bitwise_xor bitwise_and
%type <node> shift_expr sum term factor power await_primary primary atom strings_atom
%type <node> slices slice slice_elem opt_expr star_targets target_elem for_if_clause
%type <node> decorator
%type <seq> statements statement_group simple_stmts simple_stmt_seq block else_block
%type <seq> star_expr_seq star_named_seq expr_seq target_seq for_if_clauses comp_ifs
%type <seq> decorators if_chain except_clauses with_items dotted_as_names import_as_names
%type <seq> import_targets name_seq dots assign_chain del_seq slice_seq dict_seq strings
%type <seq> param_seq params lambda_param_seq lambda_params disjunction_seq conjunction_seq
%type <str> dotted_name
%type <op> augassign comp_op
%type <cmp> cmp_chain
%type <param> param lambda_param
%type <carg> arg
%type <cargs> call_args arglist
%type <paren> paren_inner

%%

start:
    T_START_FILE statements_opt
  | T_START_EVAL expressions newlines_opt {
        p->result = NODE(Expression, @2);
        p->result->v.expr.value = $2;
    }
  | T_START_SINGLE single_input
  | T_START_FSTRING T_DOUBLESTAR expression {
        FAIL_AT(@2, "cannot use double starred expression here");
    }
  | T_START_FSTRING paren_inner {
        if ($2.node->kind == MP_AST_Tuple || $2.node->kind == MP_AST_GeneratorExp)
            $2.node->loc = p->brace_loc;
        p->result = $2.node;
    }
  | T_START_PROBE expression { p->result = $2; }
  | T_START_PROBE_STAR star_expressions { p->result = $2; }
  | T_START_PROBE_BOR bitwise_or { p->result = $2; }
  ;

statements_opt:
    %empty {
        p->result = NODE(Module, @$);
    }
  | statements {
        p->result = NODE(Module, @1);
        p->result->v.module.body = mp_seq_nodes($1);
    }
  ;

single_input:
    statement_group {
        p->result = NODE(Interactive, @1);
        p->result->v.module.body = mp_seq_nodes($1);
    }
  ;

newlines_opt: %empty | newlines_opt T_NEWLINE ;

statements:
    statement_group
  | statements statement_group { $$ = seq_extend(p, $1, $2); }
  ;

statement_group:
    compound_stmt { $$ = SEQ(NULL, $1); }
  | simple_stmts
  ;

simple_stmts:
    simple_stmt_seq T_NEWLINE
  | simple_stmt_seq ';' T_NEWLINE
  ;

simple_stmt_seq:
    simple_stmt { $$ = SEQ(NULL, $1); }
  | simple_stmt_seq ';' simple_stmt { $$ = SEQ($1, $3); }
  ;

block:
    T_NEWLINE T_INDENT statements T_DEDENT { $$ = $3; }
  | simple_stmts
  ;

/* ---- simple statements ---------------------------------------------- */

simple_stmt:
    expr_stmt
  | T_PASS { $$ = NODE(Pass, @$); }
  | T_BREAK { $$ = NODE(Break, @$); }
  | T_CONTINUE { $$ = NODE(Continue, @$); }
  | T_RETURN { $$ = make_value_stmt(p, MP_AST_Return, NULL, @$); }
  | T_RETURN star_expressions { $$ = make_value_stmt(p, MP_AST_Return, $2, @$); }
  | T_RAISE {
        $$ = NODE(Raise, @$);
    }
  | T_RAISE expression {
        $$ = NODE(Raise, @$);
        $$->v.raise.exc = $2;
    }
  | T_RAISE expression T_FROM expression {
        $$ = NODE(Raise, @$);
        $$->v.raise.exc = $2;
        $$->v.raise.cause = $4;
    }
  | T_GLOBAL name_seq { $$ = make_names_stmt(p, MP_AST_Global, $2, @$); }
  | T_NONLOCAL name_seq { $$ = make_names_stmt(p, MP_AST_Nonlocal, $2, @$); }
  | T_DEL del_seq { CHECK($$ = mp_delete(p, $2, @$)); }
  | T_DEL del_seq ',' { CHECK($$ = mp_delete(p, $2, @$)); }
  | T_ASSERT expression {
        $$ = NODE(Assert, @$);
        $$->v.assert_.test = $2;
    }
  | T_ASSERT expression ',' expression {
        $$ = NODE(Assert, @$);
        $$->v.assert_.test = $2;
        $$->v.assert_.msg = $4;
    }
  | import_stmt
  ;

expr_stmt:
    star_expressions { $$ = make_value_stmt(p, MP_AST_Expr, $1, @$); }
  | yield_expr { $$ = make_value_stmt(p, MP_AST_Expr, $1, @$); }
  | star_expressions augassign annotated_rhs { CHECK($$ = mp_augassign(p, $1, $2, $3, @$)); }
  | star_expressions ':' expression { CHECK($$ = mp_annassign(p, $1, @1, $3, NULL, @$)); }
  | star_expressions ':' expression '=' annotated_rhs {
        CHECK($$ = mp_annassign(p, $1, @1, $3, $5, @$));
    }
  | assign_chain {
        /* The chain holds target/location pairs, the value last. */
        CHECK($$ = mp_assign(p, $1, @$));
    }
  ;

/* Collected as [expr, loc*, expr, loc*, ...] so targets can be checked
 * knowing whether they were parenthesised. */
assign_chain:
    star_expressions '=' annotated_rhs {
        $$ = push_written(p, push_written(p, NULL, $1, @1), $3, @3);
    }
  | yield_expr '=' annotated_rhs {
        $$ = push_written(p, push_written(p, NULL, $1, @1), $3, @3);
    }
  | assign_chain '=' annotated_rhs { $$ = push_written(p, $1, $3, @3); }
  ;

annotated_rhs: yield_expr | star_expressions ;

augassign:
    T_PLUSEQUAL { $$ = 0; }
  | T_MINEQUAL { $$ = 1; }
  | T_STAREQUAL { $$ = 2; }
  | T_ATEQUAL { $$ = 3; }
  | T_SLASHEQUAL { $$ = 4; }
  | T_DOUBLESLASHEQUAL { $$ = 5; }
  | T_PERCENTEQUAL { $$ = 6; }
  | T_DOUBLESTAREQUAL { $$ = 7; }
  | T_LEFTSHIFTEQUAL { $$ = 8; }
  | T_RIGHTSHIFTEQUAL { $$ = 9; }
  | T_AMPEREQUAL { $$ = 10; }
  | T_CIRCUMFLEXEQUAL { $$ = 11; }
  | T_VBAREQUAL { $$ = 12; }
  ;

name_seq:
    T_NAME { $$ = SEQ(NULL, (void *)$1); }
  | name_seq ',' T_NAME { $$ = SEQ($1, (void *)$3); }
  ;

del_seq:
    star_expression { $$ = SEQ(NULL, $1); }
  | del_seq ',' star_expression { $$ = SEQ($1, $3); }
  ;

import_stmt:
    T_IMPORT dotted_as_names {
        $$ = NODE(Import, @$);
        $$->v.import.names = mp_seq_nodes($2);
    }
  | T_FROM dotted_name T_IMPORT import_targets { CHECK($$ = mp_import_from(p, 0, $2, $4, @$)); }
  | T_FROM dots dotted_name T_IMPORT import_targets {
        CHECK($$ = mp_import_from(p, $2->n, $3, $5, @$));
    }
  | T_FROM dots T_IMPORT import_targets { CHECK($$ = mp_import_from(p, $2->n, NULL, $4, @$)); }
  ;

/* One entry per leading dot (the items are unused). */
dots:
    '.' { $$ = SEQ(NULL, NULL); }
  | T_ELLIPSIS { $$ = SEQ(SEQ(SEQ(NULL, NULL), NULL), NULL); }
  | dots '.' { $$ = SEQ($1, NULL); }
  | dots T_ELLIPSIS { $$ = SEQ(SEQ(SEQ($1, NULL), NULL), NULL); }
  ;

import_targets:
    '(' import_as_names ')' { $$ = $2; }
  | '(' import_as_names ',' ')' { $$ = $2; }
  | import_as_names
  | import_as_names ',' {
        $$ = NULL;
        FAIL_AT(p->tok.loc, "trailing comma not allowed without surrounding parentheses");
    }
  | '*' { $$ = SEQ(NULL, make_alias(p, "*", NULL, @1)); }
  ;

import_as_names:
    import_as_name { $$ = SEQ(NULL, $1); }
  | import_as_names ',' import_as_name { $$ = SEQ($1, $3); }
  ;

import_as_name:
    T_NAME { $$ = make_alias(p, $1, NULL, @$); }
  | T_NAME T_AS T_NAME { $$ = make_alias(p, $1, $3, @$); }
  ;

dotted_as_names:
    dotted_as_name { $$ = SEQ(NULL, $1); }
  | dotted_as_names ',' dotted_as_name { $$ = SEQ($1, $3); }
  ;

dotted_as_name:
    dotted_name { $$ = make_alias(p, $1, NULL, @$); }
  | dotted_name T_AS T_NAME { $$ = make_alias(p, $1, $3, @$); }
  ;

dotted_name:
    T_NAME
  | dotted_name '.' T_NAME { $$ = mp_join_dotted(p, $1, $3); }
  ;

/* ---- compound statements ---------------------------------------------- */

compound_stmt:
    funcdef
  | decorators funcdef {
        $$ = $2;
        $$->v.functiondef.decorator_list = mp_seq_nodes($1);
    }
  | classdef
  | decorators classdef {
        $$ = $2;
        $$->v.classdef.decorator_list = mp_seq_nodes($1);
    }
  | if_stmt
  | while_stmt
  | for_stmt
  | try_stmt
  | with_stmt
  | T_ASYNC T_DEF { $$ = NULL; FAIL_AT(@1, "async functions are not supported by minipy"); }
  | decorators T_ASYNC T_DEF {
        $$ = NULL;
        FAIL_AT(@2, "async functions are not supported by minipy");
    }
  | T_ASYNC T_FOR { $$ = NULL; FAIL_AT(@1, "'async for' is not supported by minipy"); }
  | T_ASYNC T_WITH { $$ = NULL; FAIL_AT(@1, "'async with' is not supported by minipy"); }
  ;

decorators:
    decorator { $$ = SEQ(NULL, $1); }
  | decorators decorator { $$ = SEQ($1, $2); }
  ;

decorator: '@' named_expression T_NEWLINE { $$ = $2; } ;

funcdef:
    T_DEF T_NAME '(' ')' return_ann ':' block {
        $$ = make_def(p, $2, mp_arguments(p, NULL, @3), $5, $7, @$);
    }
  | T_DEF T_NAME '(' params ')' return_ann ':' block {
        mp_node *args;
        CHECK(args = mp_arguments(p, $4, @4));
        $$ = make_def(p, $2, args, $6, $8, @$);
    }
  ;

return_ann:
    %empty { $$ = NULL; }
  | T_RARROW expression { $$ = $2; }
  ;

params:
    param_seq
  | param_seq ',' {
        mp_param *last = $1->items[$1->n - 1];
        last->last = false;
    }
  ;

param_seq:
    param { $1->last = true; $$ = SEQ(NULL, $1); }
  | param_seq ',' param {
        ((mp_param *)$1->items[$1->n - 1])->last = false;
        $3->last = true;
        $$ = SEQ($1, $3);
    }
  ;

param:
    T_NAME { $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, NULL, NULL, @1); }
  | T_NAME ':' expression { $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, $3, NULL, @1); }
  | T_NAME '=' expression { $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, NULL, $3, @1); }
  | T_NAME ':' expression '=' expression {
        $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, $3, $5, @1);
    }
  | '*' { $$ = mp_param_new(p, MP_PARAM_STAR, NULL, @1, NULL, NULL, @1); }
  | '*' T_NAME { $$ = mp_param_new(p, MP_PARAM_STAR, $2, @2, NULL, NULL, @1); }
  | '*' T_NAME ':' star_expression { $$ = mp_param_new(p, MP_PARAM_STAR, $2, @2, $4, NULL, @1); }
  | '*' T_NAME '=' expression {
        $$ = NULL;
        FAIL_AT(@3, "var-positional argument cannot have default value");
    }
  | '*' T_NAME ':' star_expression '=' expression {
        $$ = NULL;
        FAIL_AT(@5, "var-positional argument cannot have default value");
    }
  | T_DOUBLESTAR T_NAME { $$ = mp_param_new(p, MP_PARAM_DSTAR, $2, @2, NULL, NULL, @1); }
  | T_DOUBLESTAR T_NAME ':' expression {
        $$ = mp_param_new(p, MP_PARAM_DSTAR, $2, @2, $4, NULL, @1);
    }
  | T_DOUBLESTAR T_NAME '=' expression {
        $$ = NULL;
        FAIL_AT(@3, "var-keyword argument cannot have default value");
    }
  | T_DOUBLESTAR T_NAME ':' expression '=' expression {
        $$ = NULL;
        FAIL_AT(@5, "var-keyword argument cannot have default value");
    }
  | '/' { $$ = mp_param_new(p, MP_PARAM_SLASH, NULL, @1, NULL, NULL, @1); }
  ;

classdef:
    T_CLASS T_NAME ':' block { $$ = make_class(p, $2, NULL, @2, @2, $4, @$); }
  | T_CLASS T_NAME '(' ')' ':' block { $$ = make_class(p, $2, NULL, @3, @4, $6, @$); }
  | T_CLASS T_NAME '(' call_args ')' ':' block {
        CHECK($$ = make_class(p, $2, &$4, @3, @5, $7, @$));
    }
  ;

if_stmt:
    if_chain { $$ = link_if_chain(p, $1, NULL, @$); }
  | if_chain else_block { $$ = link_if_chain(p, $1, $2, @$); }
  ;

if_chain:
    T_IF named_expression ':' block {
        mp_node *n = NODE(If, @$);
        n->v.ifstmt.test = $2;
        n->v.ifstmt.body = mp_seq_nodes($4);
        $$ = SEQ(NULL, n);
    }
  | if_chain T_ELIF named_expression ':' block {
        mp_node *n = NODE(If, span(@2, @5));
        n->v.ifstmt.test = $3;
        n->v.ifstmt.body = mp_seq_nodes($5);
        $$ = SEQ($1, n);
    }
  ;

else_block: T_ELSE ':' block { $$ = $3; } ;

while_stmt:
    T_WHILE named_expression ':' block {
        $$ = NODE(While, @$);
        $$->v.whileloop.test = $2;
        $$->v.whileloop.body = mp_seq_nodes($4);
    }
  | T_WHILE named_expression ':' block else_block {
        $$ = NODE(While, @$);
        $$->v.whileloop.test = $2;
        $$->v.whileloop.body = mp_seq_nodes($4);
        $$->v.whileloop.orelse = mp_seq_nodes($5);
    }
  ;

for_stmt:
    T_FOR star_targets T_IN star_expressions ':' block {
        CHECK(mp_check_for_target(p, $2));
        $$ = NODE(For, @$);
        $$->v.forloop.target = $2;
        $$->v.forloop.iter = $4;
        $$->v.forloop.body = mp_seq_nodes($6);
    }
  | T_FOR star_targets T_IN star_expressions ':' block else_block {
        CHECK(mp_check_for_target(p, $2));
        $$ = NODE(For, @$);
        $$->v.forloop.target = $2;
        $$->v.forloop.iter = $4;
        $$->v.forloop.body = mp_seq_nodes($6);
        $$->v.forloop.orelse = mp_seq_nodes($7);
    }
  ;

try_stmt:
    T_TRY ':' block T_FINALLY ':' block { $$ = make_try(p, $3, NULL, NULL, $6, @$); }
  | T_TRY ':' block except_clauses { $$ = make_try(p, $3, $4, NULL, NULL, @$); }
  | T_TRY ':' block except_clauses else_block { $$ = make_try(p, $3, $4, $5, NULL, @$); }
  | T_TRY ':' block except_clauses T_FINALLY ':' block {
        $$ = make_try(p, $3, $4, NULL, $7, @$);
    }
  | T_TRY ':' block except_clauses else_block T_FINALLY ':' block {
        $$ = make_try(p, $3, $4, $5, $8, @$);
    }
  ;

except_clauses:
    except_clause { $$ = SEQ(NULL, $1); }
  | except_clauses except_clause { $$ = SEQ($1, $2); }
  ;

except_clause:
    T_EXCEPT ':' block { $$ = make_handler(p, NULL, NULL, $3, @$); }
  | T_EXCEPT expression ':' block { $$ = make_handler(p, $2, NULL, $4, @$); }
  | T_EXCEPT expression T_AS T_NAME ':' block { $$ = make_handler(p, $2, $4, $6, @$); }
  | T_EXCEPT '*' {
        $$ = NULL;
        FAIL_AT(span(@1, @2), "exception groups (except*) are not supported by minipy");
    }
  ;

with_stmt:
    T_WITH with_items ':' block { $$ = make_with(p, $2, $4, @$); }
  | T_WITH T_WITH_LPAR with_items ')' ':' block { $$ = make_with(p, $3, $6, @$); }
  | T_WITH T_WITH_LPAR with_items ',' ')' ':' block { $$ = make_with(p, $3, $7, @$); }
  | T_WITH T_WITH_LPAR ')' ':' block {
        /* "with ():" is an (empty) tuple as the context manager. */
        mp_node *item = mp_with_item(p, mp_tuple(p, NULL, span(@2, @3)), NULL, span(@2, @3));
        $$ = make_with(p, SEQ(NULL, item), $5, @$);
    }
  | T_WITH T_WITH_LPAR named_expression for_if_clauses ')' ':' block {
        mp_node *g;
        CHECK(g = mp_comp(p, MP_AST_GeneratorExp, $3, NULL, $4, span(@2, @5)));
        $$ = make_with(p, SEQ(NULL, mp_with_item(p, g, NULL, g->loc)), $7, @$);
    }
  | T_WITH T_WITH_LPAR yield_expr ')' ':' block {
        $$ = make_with(p, SEQ(NULL, mp_with_item(p, $3, NULL, @3)), $6, @$);
    }
  | T_WITH T_WITH_LPAR expression T_COLONEQUAL expression ')' ':' block {
        mp_node *w;
        CHECK(w = mp_named_expr(p, $3, @3, $5, span(@3, @5)));
        $$ = make_with(p, SEQ(NULL, mp_with_item(p, w, NULL, @3)), $8, @$);
    }
  ;

with_items:
    with_item { $$ = SEQ(NULL, $1); }
  | with_items ',' with_item { $$ = SEQ($1, $3); }
  ;

with_item:
    expression { $$ = mp_with_item(p, $1, NULL, @$); }
  | expression T_AS expression { CHECK($$ = mp_with_item(p, $1, $3, @$)); }
  ;

/* ---- expressions --------------------------------------------------------- */

star_expressions:
    star_expr_seq { $$ = mp_seq_or_tuple(p, $1, @$); }
  | star_expr_seq ',' { $$ = mp_tuple(p, $1, @$); }
  ;

star_expr_seq:
    star_expression { $$ = SEQ(NULL, $1); }
  | star_expr_seq ',' star_expression { $$ = SEQ($1, $3); }
  ;

star_expression:
    '*' bitwise_or { $$ = make_starred(p, $2, @$); }
  | expression
  ;

expressions:
    expr_seq { $$ = mp_seq_or_tuple(p, $1, @$); }
  | expr_seq ',' { $$ = mp_tuple(p, $1, @$); }
  ;

expr_seq:
    expression { $$ = SEQ(NULL, $1); }
  | expr_seq ',' expression { $$ = SEQ($1, $3); }
  ;

star_named_seq:
    star_named_expression { $$ = SEQ(NULL, $1); }
  | star_named_seq ',' star_named_expression { $$ = SEQ($1, $3); }
  ;

star_named_expression:
    '*' bitwise_or { $$ = make_starred(p, $2, @$); }
  | named_expression
  ;

named_expression:
    expression
  | expression T_COLONEQUAL expression { CHECK($$ = mp_named_expr(p, $1, @1, $3, @$)); }
  ;

expression:
    disjunction
  | disjunction T_IF disjunction T_ELSE expression {
        $$ = NODE(IfExp, @$);
        $$->v.ifexp.body = $1;
        $$->v.ifexp.test = $3;
        $$->v.ifexp.orelse = $5;
    }
  | lambdef
  ;

yield_expr:
    T_YIELD { $$ = make_yield(p, MP_AST_Yield, NULL, @$); }
  | T_YIELD star_expressions { $$ = make_yield(p, MP_AST_Yield, $2, @$); }
  | T_YIELD T_FROM expression { $$ = make_yield(p, MP_AST_YieldFrom, $3, @$); }
  ;

lambdef:
    T_LAMBDA ':' expression { $$ = make_lambda(p, mp_arguments(p, NULL, @1), $3, @$); }
  | T_LAMBDA lambda_params ':' expression {
        mp_node *args;
        CHECK(args = mp_arguments(p, $2, @2));
        $$ = make_lambda(p, args, $4, @$);
    }
  ;

lambda_params:
    lambda_param_seq
  | lambda_param_seq ',' { ((mp_param *)$1->items[$1->n - 1])->last = false; }
  ;

lambda_param_seq:
    lambda_param { $1->last = true; $$ = SEQ(NULL, $1); }
  | lambda_param_seq ',' lambda_param {
        ((mp_param *)$1->items[$1->n - 1])->last = false;
        $3->last = true;
        $$ = SEQ($1, $3);
    }
  ;

lambda_param:
    T_NAME { $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, NULL, NULL, @1); }
  | T_NAME '=' expression { $$ = mp_param_new(p, MP_PARAM_NAME, $1, @1, NULL, $3, @1); }
  | '*' { $$ = mp_param_new(p, MP_PARAM_STAR, NULL, @1, NULL, NULL, @1); }
  | '*' T_NAME { $$ = mp_param_new(p, MP_PARAM_STAR, $2, @2, NULL, NULL, @1); }
  | '*' T_NAME '=' expression {
        $$ = NULL;
        FAIL_AT(@3, "var-positional argument cannot have default value");
    }
  | T_DOUBLESTAR T_NAME { $$ = mp_param_new(p, MP_PARAM_DSTAR, $2, @2, NULL, NULL, @1); }
  | T_DOUBLESTAR T_NAME '=' expression {
        $$ = NULL;
        FAIL_AT(@3, "var-keyword argument cannot have default value");
    }
  | '/' { $$ = mp_param_new(p, MP_PARAM_SLASH, NULL, @1, NULL, NULL, @1); }
  ;

disjunction:
    conjunction
  | disjunction_seq { $$ = mp_boolop_node(p, MP_BOOL_OR, $1, @$); }
  ;

disjunction_seq:
    conjunction T_OR conjunction { $$ = SEQ(SEQ(NULL, $1), $3); }
  | disjunction_seq T_OR conjunction { $$ = SEQ($1, $3); }
  ;

conjunction:
    inversion
  | conjunction_seq { $$ = mp_boolop_node(p, MP_BOOL_AND, $1, @$); }
  ;

conjunction_seq:
    inversion T_AND inversion { $$ = SEQ(SEQ(NULL, $1), $3); }
  | conjunction_seq T_AND inversion { $$ = SEQ($1, $3); }
  ;

inversion:
    T_NOT inversion { $$ = mp_ast_unary(p, MP_UNARY_NOT, $2, @$); }
  | comparison
  ;

comparison:
    bitwise_or
  | bitwise_or cmp_chain { $$ = mp_compare(p, $1, $2, @$); }
  ;

cmp_chain:
    comp_op bitwise_or { $$ = mp_cmp_push(p, NULL, $1, $2); }
  | cmp_chain comp_op bitwise_or { $$ = mp_cmp_push(p, $1, $2, $3); }
  ;

comp_op:
    T_EQEQUAL { $$ = MP_CMP_EQ; }
  | T_NOTEQUAL { $$ = MP_CMP_NOTEQ; }
  | '<' { $$ = MP_CMP_LT; }
  | T_LESSEQUAL { $$ = MP_CMP_LTE; }
  | '>' { $$ = MP_CMP_GT; }
  | T_GREATEREQUAL { $$ = MP_CMP_GTE; }
  | T_IN { $$ = MP_CMP_IN; }
  | T_NOT T_IN { $$ = MP_CMP_NOTIN; }
  | T_IS { $$ = MP_CMP_IS; }
  | T_IS T_NOT { $$ = MP_CMP_ISNOT; }
  ;

bitwise_or:
    bitwise_or '|' bitwise_xor { $$ = mp_ast_binop(p, $1, 12, $3, @$); }
  | bitwise_xor
  ;

bitwise_xor:
    bitwise_xor '^' bitwise_and { $$ = mp_ast_binop(p, $1, 11, $3, @$); }
  | bitwise_and
  ;

bitwise_and:
    bitwise_and '&' shift_expr { $$ = mp_ast_binop(p, $1, 10, $3, @$); }
  | shift_expr
  ;

shift_expr:
    shift_expr T_LEFTSHIFT sum { $$ = mp_ast_binop(p, $1, 8, $3, @$); }
  | shift_expr T_RIGHTSHIFT sum { $$ = mp_ast_binop(p, $1, 9, $3, @$); }
  | sum
  ;

sum:
    sum '+' term { $$ = mp_ast_binop(p, $1, 0, $3, @$); }
  | sum '-' term { $$ = mp_ast_binop(p, $1, 1, $3, @$); }
  | term
  ;

term:
    term '*' factor { $$ = mp_ast_binop(p, $1, 2, $3, @$); }
  | term '/' factor { $$ = mp_ast_binop(p, $1, 4, $3, @$); }
  | term T_DOUBLESLASH factor { $$ = mp_ast_binop(p, $1, 5, $3, @$); }
  | term '%' factor { $$ = mp_ast_binop(p, $1, 6, $3, @$); }
  | term '@' factor { $$ = mp_ast_binop(p, $1, 3, $3, @$); }
  | factor
  ;

factor:
    '+' factor { $$ = mp_ast_unary(p, MP_UNARY_UADD, $2, @$); }
  | '-' factor { $$ = mp_ast_unary(p, MP_UNARY_USUB, $2, @$); }
  | '~' factor { $$ = mp_ast_unary(p, MP_UNARY_INVERT, $2, @$); }
  | power
  ;

power:
    await_primary T_DOUBLESTAR factor { $$ = mp_ast_binop(p, $1, 7, $3, @$); }
  | await_primary
  ;

await_primary:
    T_AWAIT primary { $$ = make_value_stmt(p, MP_AST_Await, $2, @$); }
  | primary
  ;

primary:
    primary '.' T_NAME { $$ = make_attribute(p, $1, $3, @$); }
  | primary '(' ')' { $$ = make_call(p, $1, NULL, @2, @3, @$); }
  | primary '(' call_args ')' { CHECK($$ = make_call(p, $1, &$3, @2, @4, @$)); }
  | primary '[' slices ']' { $$ = make_subscript(p, $1, $3, @$); }
  | atom
  ;

call_args:
    arglist
  | arglist ',' { $$ = $1; $$.trailing_comma = true; }
  ;

arglist:
    arg { $$.items = SEQ(NULL, $1); $$.trailing_comma = false; }
  | arglist ',' arg { $$ = $1; $$.items = SEQ($1.items, $3); }
  ;

arg:
    expression { $$ = mp_callarg_new(p, MP_ARG_POS, $1, @$); }
  | expression T_COLONEQUAL expression {
        /* Unlike elsewhere, a bad walrus target in a call is plain
         * invalid syntax for CPython (no named_expression rule here). */
        if ($1->kind != MP_AST_Name || $1->loc.col != @1.col || $1->loc.end_col != @1.end_col)
            FAIL_AT(@2, "invalid syntax");
        mp_node *w;
        CHECK(w = mp_named_expr(p, $1, @1, $3, @$));
        $$ = mp_callarg_new(p, MP_ARG_POS, w, @$);
    }
  | named_expression for_if_clauses {
        mp_node *g;
        CHECK(g = mp_comp(p, MP_AST_GeneratorExp, $1, NULL, $2, @$));
        $$ = mp_callarg_new(p, MP_ARG_GENEXP, g, @$);
    }
  | '*' expression { $$ = mp_callarg_new(p, MP_ARG_STAR, make_starred(p, $2, @$), @$); }
  | T_DOUBLESTAR expression {
        mp_node *k = NODE(keyword, @$);
        k->v.keyword.value = $2;
        $$ = mp_callarg_new(p, MP_ARG_DSTAR, k, @$);
    }
  | expression '=' kwarg_check expression { CHECK($$ = mp_kwarg(p, $1, @1, @2, $4, @$)); }
  | expression '=' kwarg_check expression for_if_clauses {
        /* "f(x=1 for x in y)" */
        $$ = NULL;
        mp_raise_range(p, MP_SYNERR_SYNTAX, @1, @2,
                       "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        YYABORT;
    }
  ;

/* CPython rejects a bad keyword as soon as it sees the '='. */
kwarg_check:
    %empty { CHECK(mp_kwarg(p, $<node>-1, @-1, @0, NULL, @-1)); }
  ;

slices:
    slice
  | slice_seq ',' slice_elem { $$ = mp_tuple(p, SEQ($1, $3), @$); }
  | slice_seq ',' { $$ = mp_tuple(p, $1, @$); }
  | '*' expression { $$ = mp_tuple(p, SEQ(NULL, make_starred(p, $2, @$)), @$); }
  ;

slice_seq:
    slice_elem { $$ = SEQ(NULL, $1); }
  | slice_seq ',' slice_elem { $$ = SEQ($1, $3); }
  ;

slice_elem:
    slice
  | '*' expression { $$ = make_starred(p, $2, @$); }
  ;

slice:
    named_expression
  | opt_expr ':' opt_expr { $$ = make_slice(p, $1, $3, NULL, @$, @2); }
  | opt_expr ':' opt_expr ':' opt_expr { $$ = make_slice(p, $1, $3, $5, @$, @2); }
  ;

opt_expr:
    %empty { $$ = NULL; }
  | expression
  ;

atom:
    T_NAME { $$ = mp_name(p, $1, @$); }
  | T_TRUE { $$ = mp_const(p, MP_CONST_TRUE, @$); }
  | T_FALSE { $$ = mp_const(p, MP_CONST_FALSE, @$); }
  | T_NONE { $$ = mp_const(p, MP_CONST_NONE, @$); }
  | T_ELLIPSIS { $$ = mp_const(p, MP_CONST_ELLIPSIS, @$); }
  | T_NUMBER
  | strings_atom
  | '(' ')' { $$ = mp_tuple(p, NULL, @$); }
  | '(' paren_inner ')' {
        $$ = $2.node;
        if (!$2.group)
            $$->loc = @$;
    }
  | '(' T_DOUBLESTAR expression ')' {
        $$ = NULL;
        FAIL_AT(@2, "cannot use double starred expression here");
    }
  | '[' ']' { $$ = make_list(p, MP_AST_List, NULL, @$); }
  | '[' star_named_seq ']' { $$ = make_list(p, MP_AST_List, $2, @$); }
  | '[' star_named_seq ',' ']' { $$ = make_list(p, MP_AST_List, $2, @$); }
  | '[' named_expression for_if_clauses ']' {
        CHECK($$ = mp_comp(p, MP_AST_ListComp, $2, NULL, $3, @$));
    }
  | '{' '}' { $$ = make_dict(p, NULL, @$); }
  | '{' dict_seq '}' { $$ = make_dict(p, $2, @$); }
  | '{' dict_seq ',' '}' { $$ = make_dict(p, $2, @$); }
  | '{' star_named_seq '}' { $$ = make_list(p, MP_AST_Set, $2, @$); }
  | '{' star_named_seq ',' '}' { $$ = make_list(p, MP_AST_Set, $2, @$); }
  | '{' expression ':' expression for_if_clauses '}' {
        CHECK($$ = mp_comp(p, MP_AST_DictComp, $2, $4, $5, @$));
    }
  | '{' named_expression for_if_clauses '}' {
        CHECK($$ = mp_comp(p, MP_AST_SetComp, $2, NULL, $3, @$));
    }
  | '{' T_DOUBLESTAR bitwise_or for_if_clauses '}' {
        $$ = NULL;
        FAIL_AT(@2, "dict unpacking cannot be used in dict comprehension");
    }
  ;

strings_atom: strings { CHECK($$ = mp_strings(p, $1, @$)); } ;

strings:
    T_STRING { $$ = SEQ(NULL, $1); }
  | strings T_STRING { $$ = SEQ($1, $2); }
  ;

paren_inner:
    yield_expr { $$.node = $1; $$.group = true; }
  | star_named_seq {
        if ($1->n == 1) {
            mp_node *e = $1->items[0];
            if (e->kind == MP_AST_Starred)
                FAIL_AT(e->loc, "cannot use starred expression here");
            $$.node = e;
            $$.group = true;
        } else {
            $$.node = mp_tuple(p, $1, @$);
            $$.group = false;
        }
    }
  | star_named_seq ',' { $$.node = mp_tuple(p, $1, @$); $$.group = false; }
  | named_expression for_if_clauses {
        CHECK($$.node = mp_comp(p, MP_AST_GeneratorExp, $1, NULL, $2, @$));
        $$.group = false;
    }
  ;

dict_seq:
    expression ':' expression { $$ = SEQ(SEQ(NULL, $1), $3); }
  | T_DOUBLESTAR bitwise_or { $$ = SEQ(SEQ(NULL, NULL), $2); }
  | dict_seq ',' expression ':' expression { $$ = SEQ(SEQ($1, $3), $5); }
  | dict_seq ',' T_DOUBLESTAR bitwise_or { $$ = SEQ(SEQ($1, NULL), $4); }
  ;

for_if_clauses:
    for_if_clause { $$ = SEQ(NULL, $1); }
  | for_if_clauses for_if_clause { $$ = SEQ($1, $2); }
  ;

for_if_clause:
    T_FOR star_targets T_IN disjunction comp_ifs {
        CHECK(mp_check_for_target(p, $2));
        $$ = make_comprehension(p, $2, $4, $5, @$);
    }
  | T_ASYNC T_FOR star_targets T_IN disjunction comp_ifs {
        /* Refused by mp_comp, which knows what kind of comprehension. */
        CHECK(mp_check_for_target(p, $3));
        $$ = make_comprehension(p, $3, $5, $6, @$);
        $$->v.comprehension.is_async = true;
    }
  ;

comp_ifs:
    %empty { $$ = NULL; }
  | comp_ifs T_IF disjunction { $$ = SEQ($1, $3); }
  ;

star_targets:
    target_seq { $$ = mp_seq_or_tuple(p, $1, @$); }
  | target_seq ',' { $$ = mp_tuple(p, $1, @$); }
  ;

target_seq:
    target_elem { $$ = SEQ(NULL, $1); }
  | target_seq ',' target_elem { $$ = SEQ($1, $3); }
  ;

target_elem:
    bitwise_or
  | '*' bitwise_or { $$ = make_starred(p, $2, @$); }
  ;

%%

/* ---- glue for pump.c and report.c ---------------------------------------- */

static int symbol_token(yysymbol_kind_t sym) {
    for (int k = 0; k <= YYMAXUTOK; k++)
        if (YYTRANSLATE(k) == sym)
            return k;
    return -1;
}

static mp_nt_class classify(yysymbol_kind_t sym) {
    switch (sym) {
    case YYSYMBOL_disjunction:
    case YYSYMBOL_conjunction:
    case YYSYMBOL_inversion:
    case YYSYMBOL_comparison:
    case YYSYMBOL_bitwise_or:
    case YYSYMBOL_bitwise_xor:
    case YYSYMBOL_bitwise_and:
    case YYSYMBOL_shift_expr:
    case YYSYMBOL_sum:
    case YYSYMBOL_term:
    case YYSYMBOL_factor:
    case YYSYMBOL_power:
    case YYSYMBOL_await_primary:
    case YYSYMBOL_primary:
    case YYSYMBOL_atom:
    case YYSYMBOL_strings_atom: return MP_NT_EXPR_LOW;
    case YYSYMBOL_disjunction_seq:
    case YYSYMBOL_conjunction_seq:
    case YYSYMBOL_cmp_chain:
    case YYSYMBOL_comp_op: return MP_NT_EXPR_PART;
    case YYSYMBOL_strings: return MP_NT_STRINGS;
    case YYSYMBOL_expression:
    case YYSYMBOL_named_expression:
    case YYSYMBOL_star_expression:
    case YYSYMBOL_star_named_expression:
    case YYSYMBOL_lambdef: return MP_NT_EXPR;
    case YYSYMBOL_star_expressions: return MP_NT_STAR_EXPRS;
    case YYSYMBOL_yield_expr: return MP_NT_YIELD;
    case YYSYMBOL_star_targets:
    case YYSYMBOL_target_elem: return MP_NT_TARGET;
    case YYSYMBOL_target_seq: return MP_NT_TARGET_SEQ;
    case YYSYMBOL_star_named_seq: return MP_NT_STAR_NAMED_SEQ;
    case YYSYMBOL_assign_chain: return MP_NT_ASSIGN_CHAIN;
    case YYSYMBOL_param_seq:
    case YYSYMBOL_lambda_param_seq: return MP_NT_PARAMS;
    case YYSYMBOL_comp_ifs: return MP_NT_COMP_IFS;
    case YYSYMBOL_block: return MP_NT_BLOCK;
    case YYSYMBOL_statements:
    case YYSYMBOL_statement_group:
    case YYSYMBOL_decorators: return MP_NT_STATEMENTS;
    case YYSYMBOL_arglist: return MP_NT_ARGLIST;
    default: return MP_NT_OTHER;
    }
}

int mp_parser_stack(const mp_parser *p, mp_stack_entry *out, int cap) {
    const mp_yypstate *ps = p->ps;
    int total = (int)(ps->yyssp - ps->yyss) + 1;
    int n = total < cap ? total : cap;
    for (int i = 0; i < n; i++) {
        int depth = total - n + i;
        yysymbol_kind_t sym = YY_ACCESSING_SYMBOL(ps->yyss[depth]);
        mp_stack_entry *e = &out[i];
        e->loc = ps->yyls[depth];
        e->nt = classify(sym);
        e->token = e->nt == MP_NT_OTHER && depth > 0 ? symbol_token(sym) : -1;
        e->node = NULL;
        e->seq = NULL;
        switch (e->nt) {
        case MP_NT_EXPR_LOW:
        case MP_NT_EXPR:
        case MP_NT_STAR_EXPRS:
        case MP_NT_YIELD:
        case MP_NT_TARGET: e->node = ps->yyvs[depth].node; break;
        case MP_NT_TARGET_SEQ:
        case MP_NT_STAR_NAMED_SEQ:
        case MP_NT_ASSIGN_CHAIN:
        case MP_NT_PARAMS: e->seq = ps->yyvs[depth].seq; break;
        case MP_NT_ARGLIST: e->seq = ps->yyvs[depth].cargs.items; break;
        default: break;
        }
    }
    return n;
}

bool mp_expects(const int *expected, int n, int kind) {
    int sym = YYTRANSLATE(kind);
    for (int i = 0; i < n; i++)
        if (expected[i] == sym)
            return true;
    return false;
}

const char *mp_token_name(int kind) {
    return yysymbol_name(YYTRANSLATE(kind));
}

static void mp_yyerror(mp_loc *loc, mp_parser *p, const char *msg) {
    /* Only stack exhaustion reaches here (errors are reported below). */
    (void)loc;
    mp_raise_last(p, MP_SYNERR_SYNTAX, "too many nested parentheses");
    (void)msg;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, mp_parser *p) {
    yysymbol_kind_t syms[128];
    int expected[128];
    int n = yypcontext_expected_tokens(ctx, syms, 128);
    for (int i = 0; i < n; i++)
        expected[i] = syms[i];
    mp_report_syntax_error(p, expected, n < 0 ? 0 : n);
    return 0;
}
