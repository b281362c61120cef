/*
 * code.h — code objects: the compiler's output and the VM's input.  One per
 * module, function body, lambda, comprehension and (issue 3) class body.
 * Immutable once built, except for the inline caches of LOAD_GLOBAL /
 * STORE_GLOBAL, which the VM refreshes as dict versions change.
 */
#ifndef MP_CODE_H
#define MP_CODE_H

#include "interp/opcodes.h"
#include "runtime/object.h"

/* co_flags */
enum {
    MP_CO_OPTIMIZED = 1 << 0,    /* fast locals (function-like scope) */
    MP_CO_NEWLOCALS = 1 << 1,
    MP_CO_VARARGS = 1 << 2,
    MP_CO_VARKEYWORDS = 1 << 3,
    MP_CO_NESTED = 1 << 4,
    MP_CO_GENERATOR = 1 << 5,
    MP_CO_NOFREE = 1 << 6,
    MP_CO_CLASS_BODY = 1 << 7,   /* minipy: a class body (names in a dict) */
};

/* Source range of one instruction: 1-based lines, 0-based UTF-8 byte
 * columns, as in the AST.  line 0 = artificial (no location). */
typedef struct mp_codeloc {
    int32_t line, end_line;
    int32_t col, end_col;
} mp_codeloc;

/* Inline cache of LOAD_GLOBAL / STORE_GLOBAL: while the dict versions
 * match, the value lives at entries[index] of globals (or of builtins
 * when `in_builtins`). */
typedef struct mp_gcache {
    mp_obj *name;          /* interned str */
    uint64_t gversion;     /* 0: empty */
    uint64_t bversion;
    uint32_t index;
    uint32_t in_builtins;
} mp_gcache;

/* Inline cache of one LOAD_METHOD site: the method found on `type` (a
 * built-in type, whose attributes never change) for `name`. */
typedef struct mp_mcache {
    mp_obj *name;          /* interned str */
    mp_type *type;         /* NULL: empty */
    mp_obj *meth;          /* borrowed from the immortal type's dict */
} mp_mcache;

typedef struct mp_code {
    mp_obj head;
    uint32_t *code;        /* instructions */
    uint32_t ncode;
    mp_codeloc *locs;      /* one per instruction */
    mp_obj *consts;        /* tuple */
    mp_obj *names;         /* tuple of interned str */
    mp_obj *varnames;      /* tuple: parameters first, then other locals */
    mp_obj *cellvars;      /* tuple: names of cells created by this scope */
    mp_obj *freevars;      /* tuple: names of cells received via closure */
    int32_t *cell2arg;     /* per cellvar: the parameter it starts from, or -1; NULL if none */
    mp_gcache *gcache;
    uint32_t ngcache;
    mp_mcache *mcache;     /* one per LOAD_METHOD */
    uint32_t nmcache;
    int argcount;          /* positional parameters, posonly included */
    int posonlyargcount;
    int kwonlyargcount;
    int nlocals, ncells, nfrees;
    int stacksize;
    int maxblocks;         /* deepest nesting of try blocks */
    uint32_t framesize;    /* bytes of a frame (interp/frame.h), multiple of 16 */
    bool simple_args;      /* positional parameters only, no cells: the VM's
                            * fast call path can move arguments in directly */
    int flags;             /* MP_CO_* */
    int firstlineno;
    mp_obj *name;          /* str */
    mp_obj *qualname;      /* str */
    mp_obj *filename;      /* str */
    mp_obj *doc;           /* docstring or None */
} mp_code;

extern mp_type mp_type_code;

static inline bool mp_code_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && o->type == &mp_type_code;
}

/* Number of fast-local slots (locals, cells, free variables). */
static inline int mp_code_nlocalsplus(const mp_code *co) {
    return co->nlocals + co->ncells + co->nfrees;
}

/* Allocates an empty code object; the compiler's assembler fills it. */
mp_code *mp_code_new(void);

/* Source location of the instruction at index `lasti`. */
const mp_codeloc *mp_code_loc(const mp_code *co, int lasti);
/* Line number of instruction `lasti`: its own, or the nearest earlier
 * instruction's when artificial (as CPython's co_lines does). */
int mp_code_line(const mp_code *co, int lasti);

#endif /* MP_CODE_H */
