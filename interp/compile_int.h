/*
 * compile_int.h — state shared by the compiler's files: compile.c
 * (units, emission, names, statements, entry points), compile_expr.c
 * (expressions) and assemble.c (labels, stack depth, peephole, code
 * objects).  Not a public interface.
 */
#ifndef MP_COMPILE_INT_H
#define MP_COMPILE_INT_H

#include "grammar/ast.h"
#include "interp/code.h"
#include "interp/opcodes.h"
#include "interp/symtable.h"
#include "runtime/object.h"

/* Statically nested blocks, as CPython's CO_MAXBLOCKS. */
#define MP_MAX_FBLOCKS 20

typedef enum {
    FB_WHILE_LOOP,
    FB_FOR_LOOP,
    FB_TRY_EXCEPT,
    FB_FINALLY_TRY,
    FB_FINALLY_END,
    FB_WITH,
    FB_HANDLER_CLEANUP,
    FB_POP_VALUE,
    FB_EXCEPTION_HANDLER,
} fb_kind;

/* A compile-time block: what `break`/`continue`/`return` must unwind. */
typedef struct fblock {
    fb_kind kind;
    int block;           /* loops: the `continue` label */
    int exit;            /* loops: the `break` label */
    const void *datum;   /* FINALLY_TRY: mp_nodes* body; HANDLER_CLEANUP: name; WITH: node */
} fblock;

typedef enum { UNIT_MODULE, UNIT_FUNCTION, UNIT_LAMBDA, UNIT_COMPREHENSION, UNIT_CLASS } unit_kind;

typedef struct cinstr {
    uint32_t arg;
    uint8_t op;
} cinstr;

/* One code object being compiled. */
typedef struct cunit {
    struct cunit *parent;
    mp_ste *ste;
    unit_kind kind;
    const char *name;
    mp_obj *qualname;          /* str */
    cinstr *instrs;
    mp_codeloc *locs;
    int ninstrs, capinstrs;
    int *labels;               /* label id -> instruction index (-1 unbound) */
    int nlabels, caplabels;
    mp_obj *consts;            /* list */
    mp_obj *const_index;       /* dict: key -> index */
    mp_obj *names;             /* list of interned str */
    mp_namemap name_index;
    const char **varnames;
    int nvarnames, capvarnames;
    mp_namemap var_index;
    const char **cellvars, **freevars;
    int ncells, nfrees;
    mp_namemap deref_index;    /* cells first, then frees */
    mp_obj *gnames;            /* list: names of the global caches */
    mp_namemap gcache_index;
    mp_obj *mnames;            /* list: name of each LOAD_METHOD site's cache */
    fblock fblocks[MP_MAX_FBLOCKS];
    int nfblocks;
    mp_loc loc;                /* location given to emitted instructions */
    int firstlineno;
    int argcount, posonlyargcount, kwonlyargcount;
    mp_obj *doc;
} cunit;

typedef struct compiler {
    mp_symtable st;
    mp_arena *arena;
    cunit *u;
    const char *filename;
    mp_obj *filename_obj;
    const char *src;
    size_t srclen;
    int depth;
    int flags;          /* MP_COMPILE_* */
    bool interactive;
} compiler;

/* ---- compile.c ---------------------------------------------------------- */
int cc_emit(compiler *c, int op, uint32_t arg);
int cc_new_label(compiler *c);
void cc_bind_label(compiler *c, int label);
int cc_emit_jump(compiler *c, int op, int label);
int cc_add_const(compiler *c, mp_obj *o);          /* steals o; -1 on error */
int cc_load_const(compiler *c, mp_obj *o);          /* steals o */
int cc_add_name(compiler *c, const char *name);     /* index in co_names */
int cc_add_method_cache(compiler *c, const char *name); /* a new LOAD_METHOD cache */
int cc_nameop(compiler *c, const char *name, mp_expr_ctx ctx);
int cc_error(compiler *c, mp_loc loc, const char *fmt, ...);
/* A SyntaxWarning at the current line, printed as CPython's default
 * warning filter does ("file:line: SyntaxWarning: msg" + source line). */
void cc_warn(compiler *c, const char *fmt, ...);
int cc_enter(compiler *c, mp_loc loc);               /* recursion guard */
static inline void cc_leave(compiler *c) { c->depth--; }
/* New unit for a scope opened by `node`; cc_exit_unit assembles it into
 * a code object (new reference) or NULL. */
int cc_enter_unit(compiler *c, const char *name, unit_kind kind, const mp_node *node, mp_loc loc);
mp_obj *cc_exit_unit(compiler *c);
/* Pushes the function for `code` (a finished unit) with its closure. */
int cc_make_closure(compiler *c, mp_obj *code, int flags);
int cc_visit_stmts(compiler *c, mp_nodes body);
const char *cc_mangle(compiler *c, const char *name);

/* ---- compile_expr.c ----------------------------------------------------- */
int cc_visit_expr(compiler *c, mp_node *e);
/* Jumps to `label` if the truth of e equals `cond`, else falls through. */
int cc_jump_if(compiler *c, mp_node *e, int label, bool cond);
int cc_store_target(compiler *c, mp_node *t);       /* value on TOS */
int cc_visit_lambda(compiler *c, mp_node *e);
int cc_visit_arguments_defaults(compiler *c, mp_node *args, int *flags);
int cc_call_helper(compiler *c, int nprefix, mp_nodes args, mp_nodes keywords, mp_loc callloc);
mp_obj *cc_constant_value(compiler *c, mp_node *e); /* new ref, NULL: error */

/* ---- assemble.c ------------------------------------------------------- */
mp_code *cc_assemble(compiler *c, cunit *u);

#endif /* MP_COMPILE_INT_H */
