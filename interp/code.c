/*
 * code.c — the `code` type.  The compiler (interp/compile.c) fills a fresh
 * object; after that it is shared, read-only data for every function made
 * from it, apart from the global-name inline caches the VM updates.
 */
#include "interp/code.h"

#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

mp_code *mp_code_new(void) {
    mp_code *co = (mp_code *)mp_obj_alloc(&mp_type_code, sizeof(mp_code));
    memset((char *)co + sizeof(mp_obj), 0, sizeof(mp_code) - sizeof(mp_obj));
    return co;
}

static void code_dealloc(mp_obj *self) {
    mp_code *co = (mp_code *)self;
    mp_mem_free(co->code);
    mp_mem_free(co->locs);
    mp_mem_free(co->cell2arg);
    mp_mem_free(co->gcache); /* names in caches are interned (immortal) */
    mp_mem_free(co->mcache);
    mp_xdecref(co->consts);
    mp_xdecref(co->names);
    mp_xdecref(co->varnames);
    mp_xdecref(co->cellvars);
    mp_xdecref(co->freevars);
    mp_xdecref(co->name);
    mp_xdecref(co->qualname);
    mp_xdecref(co->filename);
    mp_xdecref(co->doc);
    mp_obj_free(self);
}

static mp_obj *code_repr(mp_obj *self) {
    mp_code *co = (mp_code *)self;
    return mp_str_format_c("<code object %U at %p, file \"%U\", line %d>", co->name, (void *)co,
                           co->filename, co->firstlineno);
}

const mp_codeloc *mp_code_loc(const mp_code *co, int lasti) {
    static const mp_codeloc none = {0, 0, -1, -1};
    if (lasti < 0 || (uint32_t)lasti >= co->ncode)
        return &none;
    return &co->locs[lasti];
}

int mp_code_line(const mp_code *co, int lasti) {
    if (lasti >= (int)co->ncode)
        lasti = (int)co->ncode - 1;
    for (int i = lasti; i >= 0; i--)
        if (co->locs[i].line > 0)
            return co->locs[i].line;
    return co->firstlineno;
}

#define CODE_GETTER(field)                                                     \
    static mp_obj *code_get_##field(mp_obj *self) { return mp_newref(((mp_code *)self)->field); }
CODE_GETTER(name)
CODE_GETTER(qualname)
CODE_GETTER(filename)
CODE_GETTER(consts)
CODE_GETTER(names)
CODE_GETTER(varnames)
CODE_GETTER(cellvars)
CODE_GETTER(freevars)
#undef CODE_GETTER

static mp_obj *code_get_firstlineno(mp_obj *self) {
    return mp_small(((mp_code *)self)->firstlineno);
}
static mp_obj *code_get_argcount(mp_obj *self) { return mp_small(((mp_code *)self)->argcount); }
static mp_obj *code_get_flags(mp_obj *self) { return mp_small(((mp_code *)self)->flags); }

static const mp_getset_def code_getset[] = {
    {"co_name", code_get_name, NULL},
    {"co_qualname", code_get_qualname, NULL},
    {"co_filename", code_get_filename, NULL},
    {"co_consts", code_get_consts, NULL},
    {"co_names", code_get_names, NULL},
    {"co_varnames", code_get_varnames, NULL},
    {"co_cellvars", code_get_cellvars, NULL},
    {"co_freevars", code_get_freevars, NULL},
    {"co_firstlineno", code_get_firstlineno, NULL},
    {"co_argcount", code_get_argcount, NULL},
    {"co_flags", code_get_flags, NULL},
    {NULL},
};

mp_type mp_type_code = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "code",
    .basicsize = sizeof(mp_code),
    .dealloc = code_dealloc,
    .repr = code_repr,
    .getset = code_getset,
};
