/*
 * ast.h — the abstract syntax tree the parser builds and the compiler
 * walks.  Node kinds and fields mirror CPython 3.11's `ast` module (same
 * names, same meaning), so the Python documentation of `ast` documents
 * this tree too.  The tree knows nothing of runtime objects: names and
 * literals are plain C data, allocated in an arena that is freed in one go
 * after compilation.
 */
#ifndef MP_AST_H
#define MP_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- arena ------------------------------------------------------------- */

typedef struct mp_arena mp_arena;
mp_arena *mp_arena_new(void);
void mp_arena_free(mp_arena *a);
void *mp_arena_alloc(mp_arena *a, size_t size);   /* zeroed, 16-aligned */
char *mp_arena_strndup(mp_arena *a, const char *s, size_t n);

/* ---- nodes ------------------------------------------------------------- */

typedef struct mp_node mp_node;

/* A sequence of nodes (ast's list fields).  Elements may be NULL where
 * CPython allows None (Dict.keys for `**d`, kw_defaults). */
typedef struct mp_nodes {
    int n;
    mp_node **items;
} mp_nodes;

/* A sequence of identifiers (Global.names, Nonlocal.names). */
typedef struct mp_names {
    int n;
    const char **items;
} mp_names;

/* Source location: 1-based lines, 0-based columns in UTF-8 bytes, as
 * CPython's ast does (the traceback/caret code converts to characters). */
typedef struct mp_loc {
    int line, col, end_line, end_col;
} mp_loc;

typedef enum {
    /* module-level */
    MP_AST_Module, MP_AST_Expression, MP_AST_Interactive,
    /* statements */
    MP_AST_FunctionDef, MP_AST_ClassDef, MP_AST_Return, MP_AST_Delete,
    MP_AST_Assign, MP_AST_AugAssign, MP_AST_AnnAssign, MP_AST_For, MP_AST_While,
    MP_AST_If, MP_AST_With, MP_AST_Raise, MP_AST_Try, MP_AST_Assert,
    MP_AST_Import, MP_AST_ImportFrom, MP_AST_Global, MP_AST_Nonlocal,
    MP_AST_Expr, MP_AST_Pass, MP_AST_Break, MP_AST_Continue,
    /* expressions */
    MP_AST_BoolOp, MP_AST_NamedExpr, MP_AST_BinOp, MP_AST_UnaryOp,
    MP_AST_Lambda, MP_AST_IfExp, MP_AST_Dict, MP_AST_Set, MP_AST_ListComp,
    MP_AST_SetComp, MP_AST_DictComp, MP_AST_GeneratorExp, MP_AST_Await,
    MP_AST_Yield, MP_AST_YieldFrom, MP_AST_Compare, MP_AST_Call,
    MP_AST_FormattedValue, MP_AST_JoinedStr, MP_AST_Constant,
    MP_AST_Attribute, MP_AST_Subscript, MP_AST_Starred, MP_AST_Name,
    MP_AST_List, MP_AST_Tuple, MP_AST_Slice,
    /* helpers */
    MP_AST_comprehension, MP_AST_ExceptHandler, MP_AST_arguments, MP_AST_arg,
    MP_AST_keyword, MP_AST_alias, MP_AST_withitem,
    MP_AST__COUNT
} mp_ast_kind;

/* Expression context of Name/Attribute/Subscript/Starred/List/Tuple. */
typedef enum { MP_CTX_LOAD = 0, MP_CTX_STORE, MP_CTX_DEL } mp_expr_ctx;

typedef enum { MP_BOOL_AND = 0, MP_BOOL_OR } mp_boolop;
/* BinOp.op and AugAssign.op use mp_binop_t from runtime/object.h
 * (MP_OP_ADD ...), repeated here as plain ints to keep the AST free of
 * runtime headers: ADD 0, SUB 1, MUL 2, MATMUL 3, TRUEDIV 4, FLOORDIV 5,
 * MOD 6, POW 7, LSHIFT 8, RSHIFT 9, AND 10, XOR 11, OR 12. */
typedef enum { MP_UNARY_INVERT = 0, MP_UNARY_NOT, MP_UNARY_UADD, MP_UNARY_USUB } mp_unaryop;
typedef enum {
    MP_CMP_EQ = 0, MP_CMP_NOTEQ, MP_CMP_LT, MP_CMP_LTE, MP_CMP_GT, MP_CMP_GTE,
    MP_CMP_IS, MP_CMP_ISNOT, MP_CMP_IN, MP_CMP_NOTIN
} mp_cmpop;

/* Kinds of Constant. */
typedef enum {
    MP_CONST_NONE = 0, MP_CONST_TRUE, MP_CONST_FALSE, MP_CONST_ELLIPSIS,
    MP_CONST_INT,    /* digits in `text` (underscores removed, no prefix), base */
    MP_CONST_FLOAT,  /* `f` */
    MP_CONST_STR,    /* UTF-8 `text`/`len` (escapes already decoded) */
    MP_CONST_BYTES,  /* raw bytes `text`/`len` */
} mp_const_kind;

struct mp_node {
    mp_ast_kind kind;
    mp_loc loc;
    union {
        /* Module(body) / Interactive(body) / Expression(body = v.expr.value) */
        struct { mp_nodes body; } module;

        struct { /* FunctionDef */
            const char *name;
            mp_node *args;            /* arguments */
            mp_nodes body, decorator_list;
            mp_node *returns;         /* or NULL */
        } functiondef;
        struct { /* ClassDef */
            const char *name;
            mp_nodes bases, keywords, body, decorator_list;
        } classdef;
        struct { mp_node *value; } ret;            /* Return (value may be NULL) */
        struct { mp_nodes targets; } del;          /* Delete */
        struct { mp_nodes targets; mp_node *value; } assign;
        struct { mp_node *target; int op; mp_node *value; } augassign;
        struct { mp_node *target, *annotation, *value; bool simple; } annassign;
        struct { mp_node *target, *iter; mp_nodes body, orelse; } forloop;  /* For */
        struct { mp_node *test; mp_nodes body, orelse; } whileloop;         /* While */
        struct { mp_node *test; mp_nodes body, orelse; } ifstmt;            /* If */
        struct { mp_nodes items; mp_nodes body; } with;   /* items: withitem */
        struct { mp_node *exc, *cause; } raise;           /* either may be NULL */
        struct { mp_nodes body, handlers, orelse, finalbody; } trystmt;
        struct { mp_node *test, *msg; } assert_;
        struct { mp_nodes names; } import;                /* alias nodes */
        struct { const char *module; mp_nodes names; int level; } importfrom;
        struct { mp_names names; } global;                /* Global, Nonlocal */
        struct { mp_node *value; } expr;                  /* Expr, Expression */

        struct { mp_boolop op; mp_nodes values; } boolop;
        struct { mp_node *target, *value; } namedexpr;
        struct { mp_node *left; int op; mp_node *right; } binop;
        struct { mp_unaryop op; mp_node *operand; } unaryop;
        struct { mp_node *args; mp_node *body; } lambda;
        struct { mp_node *test, *body, *orelse; } ifexp;
        struct { mp_nodes keys, values; } dict;           /* key NULL: **value */
        struct { mp_nodes elts; } set;
        /* ListComp, SetComp, GeneratorExp (elt) and DictComp (key, value) */
        struct { mp_node *elt, *key, *value; mp_nodes generators; } comp;
        struct { mp_node *value; } await_;
        struct { mp_node *value; } yield;                 /* Yield (value may be NULL), YieldFrom */
        struct { mp_node *left; int n; mp_cmpop *ops; mp_nodes comparators; } compare;
        struct { mp_node *func; mp_nodes args, keywords; } call;
        /* FormattedValue: conversion is -1 (none), 's', 'r' or 'a';
         * format_spec is a JoinedStr or NULL. */
        struct { mp_node *value; int conversion; mp_node *format_spec; } formatted;
        struct { mp_nodes values; } joinedstr;            /* Constant(str) / FormattedValue */
        struct {
            mp_const_kind kind;
            const char *text;  /* INT digits, STR/BYTES data (NUL-terminated too) */
            size_t len;
            int base;          /* INT: 10, 16, 8 or 2 */
            double f;          /* FLOAT */
        } constant;
        struct { mp_node *value; const char *attr; mp_expr_ctx ctx; } attribute;
        struct { mp_node *value, *slice; mp_expr_ctx ctx; } subscript;
        struct { mp_node *value; mp_expr_ctx ctx; } starred;
        struct { const char *id; mp_expr_ctx ctx; } name;
        struct { mp_nodes elts; mp_expr_ctx ctx; } seq;   /* List, Tuple */
        struct { mp_node *lower, *upper, *step; } slice;  /* each may be NULL */

        struct { mp_node *target, *iter; mp_nodes ifs; bool is_async; } comprehension;
        struct { mp_node *type; const char *name; mp_nodes body; } handler; /* type/name may be NULL */
        struct {
            mp_nodes posonlyargs, args;    /* arg nodes */
            mp_node *vararg;               /* arg or NULL */
            mp_nodes kwonlyargs;           /* arg nodes */
            mp_nodes kw_defaults;          /* one per kwonlyarg, NULL = required */
            mp_node *kwarg;                /* arg or NULL */
            mp_nodes defaults;             /* for the last posonly+args */
        } arguments;
        struct { const char *arg; mp_node *annotation; } arg;
        struct { const char *arg; mp_node *value; } keyword;  /* arg NULL: **value */
        struct { const char *name; const char *asname; } alias; /* dotted name; asname may be NULL */
        struct { mp_node *context_expr, *optional_vars; } withitem;
    } v;
};

/* Names of the kinds ("FunctionDef"), for dumps and error messages. */
extern const char *const mp_ast_kind_names[MP_AST__COUNT];

/* Renders a tree in the style of Python's ast.dump() (no attributes):
 * used by the parser tests.  Returns a malloc'd string. */
char *mp_ast_dump(const mp_node *n);

/* ---- parsing ------------------------------------------------------------ */

typedef enum {
    MP_PARSE_FILE = 0,  /* a module: Module node */
    MP_PARSE_EVAL,      /* one expression: Expression node (eval(), f-strings) */
    MP_PARSE_SINGLE,    /* one interactive statement: Interactive node */
    /* Flag to OR into the mode when the source is a str given to compile(),
     * exec() or eval() rather than a file: CPython 3.11 then reports the
     * columns of parser errors in characters (for a file without a coding
     * cookie: in bytes, +1) and errors at the end of input after the last
     * line's text (for a file: column 0). */
    MP_PARSE_STRING = 0x10,
} mp_parse_mode;

/* What went wrong, for a SyntaxError/IndentationError/TabError report in
 * CPython's layout (File "...", line N / source line / caret / message). */
typedef enum { MP_SYNERR_SYNTAX = 0, MP_SYNERR_INDENT, MP_SYNERR_TAB } mp_synerr_kind;
typedef struct mp_syntax_error {
    mp_synerr_kind kind;
    char msg[256];         /* e.g. "invalid syntax", "unterminated string literal (detected at line 3)" */
    int line, col;         /* 1-based line; 1-based column as CPython's SyntaxError.offset */
    int end_line, end_col; /* caret range end (exclusive), or 0 when a single caret */
} mp_syntax_error;

/* Parses UTF-8 `src`.  Returns the root node (allocated in `arena`) or NULL
 * with *err filled.  Never crashes on any input: too-deep nesting is a
 * SyntaxError ("too many nested parentheses") rather than a stack overflow. */
mp_node *mp_parse(mp_arena *arena, const char *src, size_t len, const char *filename,
                  mp_parse_mode mode, mp_syntax_error *err);

#endif /* MP_AST_H */
