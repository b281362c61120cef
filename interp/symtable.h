/*
 * symtable.h — compile-time scope analysis.  A first pass over the AST
 * records, per scope (module, function/lambda, comprehension, class), how
 * each name is used; a second pass resolves every name to local, global
 * (declared or implicit), free or cell, following CPython 3.11's
 * Python/symtable.c rule for rule, including its SyntaxErrors.
 *
 * Everything lives in the AST's arena and dies with it.
 */
#ifndef MP_SYMTABLE_H
#define MP_SYMTABLE_H

#include "grammar/ast.h"

/* How a name is used in one scope (flags, accumulated). */
enum {
    MP_DEF_GLOBAL = 1 << 0,    /* `global` statement */
    MP_DEF_LOCAL = 1 << 1,     /* assigned */
    MP_DEF_PARAM = 1 << 2,     /* a parameter */
    MP_DEF_NONLOCAL = 1 << 3,  /* `nonlocal` statement */
    MP_DEF_USE = 1 << 4,       /* read */
    MP_DEF_FREE_CLASS = 1 << 5,
    MP_DEF_IMPORT = 1 << 6,
    MP_DEF_ANNOT = 1 << 7,
    MP_DEF_COMP_ITER = 1 << 8, /* comprehension iteration variable */
};
#define MP_DEF_BOUND (MP_DEF_LOCAL | MP_DEF_PARAM | MP_DEF_IMPORT)

/* Where a name lives (the analysis result). */
typedef enum {
    MP_SCOPE_UNKNOWN = 0,
    MP_SCOPE_LOCAL,
    MP_SCOPE_GLOBAL_EXPLICIT,
    MP_SCOPE_GLOBAL_IMPLICIT,
    MP_SCOPE_FREE,
    MP_SCOPE_CELL,
} mp_scope;

typedef enum { MP_BLOCK_MODULE, MP_BLOCK_FUNCTION, MP_BLOCK_CLASS } mp_block_kind;

typedef struct mp_symbol {
    const char *name;  /* interned within the symtable: compare pointers */
    int flags;
    mp_scope scope;
} mp_symbol;

/* A name map keyed by interned-name pointer (open addressing). */
typedef struct mp_namemap {
    const char **keys;
    int *vals;
    int cap, n;
} mp_namemap;

typedef struct mp_directive {
    const char *name;
    mp_loc loc;
} mp_directive;

typedef struct mp_ste {
    mp_block_kind kind;
    const char *name;         /* "top", function/class name, "lambda", "listcomp" ... */
    const mp_node *node;      /* the node opening the scope */
    mp_loc loc;
    struct mp_ste *parent;
    struct mp_ste **children;
    int nchildren, capchildren;
    mp_symbol *syms;          /* in first-use order */
    int nsyms, capsyms;
    mp_namemap index;         /* name -> index in syms */
    const char **params;      /* parameters in order (incl. *args, **kw, ".0") */
    int nparams, capparams;
    mp_directive *directives; /* global/nonlocal statements, for error locations */
    int ndirectives, capdirectives;
    const char *private_name; /* enclosing class name, for __mangling */
    int comp_iter_expr;       /* > 0 while visiting a comprehension iterable */
    bool comp_iter_target;    /* visiting a comprehension target */
    bool comprehension;       /* a comprehension or generator expression */
    bool nested;              /* inside a function */
    bool generator;
    bool varargs, varkeywords;
    bool free, child_free;
    bool needs_class_closure; /* a method uses __class__ / super() */
} mp_ste;

typedef struct mp_scope_ref {
    const mp_node *node;
    mp_ste *ste;
} mp_scope_ref;

typedef struct mp_symtable {
    mp_arena *arena;
    mp_ste *top;
    mp_ste *cur;
    const char **strtab;      /* interned names: open addressing by content */
    int strcap, nstr;
    mp_scope_ref *scopes;     /* every scope, in visiting order */
    mp_namemap scopemap;      /* node pointer -> index in scopes */
    int nscopes, capscopes;
    int depth, depth_limit;
    /* Error (set when building fails). */
    bool recursion_error;
    char msg[256];
    mp_loc errloc;
} mp_symtable;

/* Builds and analyses the table for a Module/Expression/Interactive tree.
 * Returns 0, or -1 with st->msg/errloc (a SyntaxError) or
 * st->recursion_error set. */
int mp_symtable_build(mp_symtable *st, mp_node *root, mp_arena *arena);

/* The scope opened by `node` (FunctionDef, Lambda, ClassDef, comprehension). */
mp_ste *mp_symtable_scope(mp_symtable *st, const mp_node *node);
/* Interns a name into the table (arena copy if new). */
const char *mp_symtable_intern(mp_symtable *st, const char *name);
/* The symbol of `name` in `ste` (name need not be interned), or NULL. */
mp_symbol *mp_ste_lookup(mp_symtable *st, mp_ste *ste, const char *name);
/* Resolved scope of `name` in `ste` (MP_SCOPE_UNKNOWN if never seen). */
mp_scope mp_ste_scope_of(mp_symtable *st, mp_ste *ste, const char *name);

/* Private name mangling inside a class: __x -> _Class__x.  Returns
 * `name` unchanged when no mangling applies. */
const char *mp_symtable_mangle(mp_symtable *st, const char *private_name, const char *name);

/* Name-map primitives (also used by the compiler); storage in `arena`. */
int mp_namemap_get(const mp_namemap *m, const char *key); /* -1 if absent */
void mp_namemap_put(mp_arena *arena, mp_namemap *m, const char *key, int val);

#endif /* MP_SYMTABLE_H */
