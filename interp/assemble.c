/*
 * assemble.c — turns a compiled unit into a code object: resolves labels
 * to absolute instruction indices, computes the value-stack and try-block
 * depths by flow analysis (so frames are sized exactly), fuses common
 * instruction pairs into superinstructions, and packs everything into an
 * mp_code.
 */
#include <string.h>

#include "interp/compile_int.h"
#include "interp/frame.h"
#include "runtime/errors.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

static bool is_terminator(int op) {
    return op == MP_BC_JUMP || op == MP_BC_JUMP_BACKWARD || op == MP_BC_RETURN_VALUE ||
           op == MP_BC_RETURN_CONST || op == MP_BC_RAISE_VARARGS || op == MP_BC_RERAISE;
}

static int internal_error(const char *what) {
    mp_err_format(&mp_type_SystemError, "compiler: %s", what);
    return -1;
}

static int resolve_labels(cunit *u) {
    for (int i = 0; i < u->ninstrs; i++) {
        cinstr *in = &u->instrs[i];
        if (!mp_opcode_is_jump(in->op))
            continue;
        if ((int)in->arg >= u->nlabels || u->labels[in->arg] < 0)
            return internal_error("unbound label");
        in->arg = (uint32_t)u->labels[in->arg];
    }
    return 0;
}

typedef struct flow {
    int *depth, *blocks, *work;
    int nwork;
} flow;

static int flow_visit(flow *f, int i, int depth, int blocks) {
    if (depth < 0 || blocks < 0)
        return internal_error("negative stack depth");
    if (f->depth[i] >= 0) {
        if (f->depth[i] != depth || f->blocks[i] != blocks)
            return internal_error("inconsistent stack depth");
        return 0;
    }
    f->depth[i] = depth;
    f->blocks[i] = blocks;
    f->work[f->nwork++] = i;
    return 0;
}

/* Max value-stack and block-stack depths over all reachable paths. */
static int stack_depths(cunit *u, int *maxstack, int *maxblocks) {
    int n = u->ninstrs;
    flow f;
    f.depth = mp_mem_alloc((size_t)n * sizeof(int));
    f.blocks = mp_mem_alloc((size_t)n * sizeof(int));
    f.work = mp_mem_alloc((size_t)n * sizeof(int));
    f.nwork = 0;
    for (int i = 0; i < n; i++)
        f.depth[i] = -1;
    int maxd = 0, maxb = 0, r = n ? flow_visit(&f, 0, 0, 0) : 0;
    while (r == 0 && f.nwork > 0) {
        int i = f.work[--f.nwork];
        int d = f.depth[i], b = f.blocks[i];
        int op = u->instrs[i].op, arg = (int)u->instrs[i].arg;
        if (mp_opcode_is_jump(op)) {
            int jd = d + mp_opcode_stack_effect(op, arg, 1);
            maxd = jd > maxd ? jd : maxd;
            if (arg >= n)
                r = internal_error("jump out of range");
            else
                r = flow_visit(&f, arg, jd, b);
        }
        if (r == 0 && !is_terminator(op)) {
            int fd = d + mp_opcode_stack_effect(op, arg, 0);
            int fb = b + (op == MP_BC_SETUP_FINALLY) - (op == MP_BC_POP_BLOCK);
            maxd = fd > maxd ? fd : maxd;
            maxb = fb > maxb ? fb : maxb;
            if (i + 1 < n)
                r = flow_visit(&f, i + 1, fd, fb);
            else
                r = internal_error("falls off the end of the code");
        }
        maxd = d > maxd ? d : maxd;
    }
    mp_mem_free(f.depth);
    mp_mem_free(f.blocks);
    mp_mem_free(f.work);
    *maxstack = maxd;
    *maxblocks = maxb;
    return r;
}

/* BINARY_OP of the common operators becomes its specialised opcode. */
static int specialize_binop(uint32_t arg) {
    switch (arg >= MP_INPLACE_BIAS ? arg - MP_INPLACE_BIAS : arg) {
    case MP_OP_ADD: return MP_BC_BINARY_ADD;
    case MP_OP_SUB: return MP_BC_BINARY_SUB;
    case MP_OP_MUL: return MP_BC_BINARY_MUL;
    case MP_OP_MOD: return MP_BC_BINARY_MOD;
    case MP_OP_FLOORDIV: return MP_BC_BINARY_FLOORDIV;
    default: return MP_BC_BINARY_OP;
    }
}

/* Fuses pairs into superinstructions (see opcodes.h); the second
 * instruction stays in place and must not be a jump target. */
static void superinstructions(cunit *u) {
    int n = u->ninstrs;
    for (int i = 0; i < n; i++)
        if (u->instrs[i].op == MP_BC_BINARY_OP)
            u->instrs[i].op = (uint8_t)specialize_binop(u->instrs[i].arg);
    uint8_t *target = mp_mem_calloc((size_t)n + 1, 1);
    for (int i = 0; i < n; i++)
        if (mp_opcode_is_jump(u->instrs[i].op))
            target[u->instrs[i].arg] = 1;
    for (int i = 0; i + 1 < n; i++) {
        cinstr *a = &u->instrs[i], *b = &u->instrs[i + 1];
        if (target[i + 1])
            continue;
        int fused = -1;
        if (a->op == MP_BC_LOAD_FAST && b->op == MP_BC_LOAD_FAST)
            fused = MP_BC_LOAD_FAST_LOAD_FAST;
        else if (a->op == MP_BC_LOAD_FAST && b->op == MP_BC_LOAD_CONST)
            fused = MP_BC_LOAD_FAST_LOAD_CONST;
        else if (a->op == MP_BC_LOAD_CONST && b->op == MP_BC_RETURN_VALUE)
            fused = MP_BC_RETURN_CONST; /* complete by itself: the RETURN_VALUE stays dead */
        else if (a->op == MP_BC_STORE_FAST && b->op == MP_BC_LOAD_FAST)
            fused = MP_BC_STORE_FAST_LOAD_FAST;
        else if (a->op == MP_BC_COMPARE_OP && b->op == MP_BC_POP_JUMP_IF_FALSE)
            fused = MP_BC_COMPARE_JUMP_IF_FALSE;
        else if (a->op == MP_BC_COMPARE_OP && b->op == MP_BC_POP_JUMP_IF_TRUE)
            fused = MP_BC_COMPARE_JUMP_IF_TRUE;
        if (fused >= 0) {
            a->op = (uint8_t)fused;
            i++; /* the second half is not the start of another pair */
        }
    }
    mp_mem_free(target);
}

static mp_obj *names_tuple(const char *const *names, int n) {
    mp_obj *t = mp_tuple_new((size_t)n);
    for (int i = 0; i < n; i++)
        mp_tuple_items(t)[i] = mp_str_intern_cstr(names[i]);
    return t;
}

static mp_obj *list_to_tuple(mp_obj *list) {
    return mp_tuple_from_array(mp_list_items(list), mp_list_size(list));
}

mp_code *cc_assemble(compiler *c, cunit *u) {
    int maxstack, maxblocks;
    if (resolve_labels(u) < 0 || stack_depths(u, &maxstack, &maxblocks) < 0)
        return NULL;
    for (int i = 0; i < u->ninstrs; i++)
        if (u->instrs[i].arg > MP_ARG_MAX) {
            mp_err_format(&mp_type_SystemError, "code too large: operand out of range");
            return NULL;
        }
    superinstructions(u);

    mp_code *co = mp_code_new();
    co->ncode = (uint32_t)u->ninstrs;
    co->code = mp_mem_alloc((size_t)u->ninstrs * sizeof(uint32_t) + 1);
    for (int i = 0; i < u->ninstrs; i++)
        co->code[i] = MP_INSTR(u->instrs[i].op, u->instrs[i].arg);
    co->locs = mp_mem_alloc((size_t)u->ninstrs * sizeof(mp_codeloc) + 1);
    memcpy(co->locs, u->locs, (size_t)u->ninstrs * sizeof(mp_codeloc));
    co->consts = list_to_tuple(u->consts);
    co->names = list_to_tuple(u->names);
    co->varnames = names_tuple(u->varnames, u->nvarnames);
    co->cellvars = names_tuple(u->cellvars, u->ncells);
    co->freevars = names_tuple(u->freevars, u->nfrees);
    co->nlocals = u->nvarnames;
    co->ncells = u->ncells;
    co->nfrees = u->nfrees;
    if (u->ncells) {
        bool any = false;
        co->cell2arg = mp_mem_alloc((size_t)u->ncells * sizeof(int32_t));
        int nargs = u->argcount + u->kwonlyargcount + u->ste->varargs + u->ste->varkeywords;
        for (int i = 0; i < u->ncells; i++) {
            co->cell2arg[i] = -1;
            for (int j = 0; j < nargs && j < u->nvarnames; j++)
                if (u->varnames[j] == u->cellvars[i]) {
                    co->cell2arg[i] = j;
                    any = true;
                }
        }
        if (!any) {
            mp_mem_free(co->cell2arg);
            co->cell2arg = NULL;
        }
    }
    co->ngcache = (uint32_t)mp_list_size(u->gnames);
    co->gcache = mp_mem_calloc(co->ngcache + 1, sizeof(mp_gcache));
    for (uint32_t i = 0; i < co->ngcache; i++) {
        co->gcache[i].name = mp_list_items(u->gnames)[i]; /* interned: immortal */
        co->gcache[i].gversion = UINT64_MAX;               /* matches no dict */
    }
    co->nmcache = (uint32_t)mp_list_size(u->mnames);
    co->mcache = mp_mem_calloc(co->nmcache + 1, sizeof(mp_mcache));
    for (uint32_t i = 0; i < co->nmcache; i++)
        co->mcache[i].name = mp_list_items(u->mnames)[i];
    co->argcount = u->argcount;
    co->posonlyargcount = u->posonlyargcount;
    co->kwonlyargcount = u->kwonlyargcount;
    co->stacksize = maxstack;
    co->maxblocks = maxblocks;
    co->framesize = (uint32_t)mp_frame_size(co);
    co->simple_args = !u->ste->varargs && !u->ste->varkeywords && u->kwonlyargcount == 0 &&
                      u->ncells == 0 && u->nfrees == 0 &&
                      !(u->ste->generator && u->ste->kind == MP_BLOCK_FUNCTION);
    int flags = 0;
    if (u->ste->kind == MP_BLOCK_FUNCTION)
        flags |= MP_CO_OPTIMIZED | MP_CO_NEWLOCALS;
    if (u->ste->kind == MP_BLOCK_CLASS)
        flags |= MP_CO_CLASS_BODY;
    if (u->ste->varargs)
        flags |= MP_CO_VARARGS;
    if (u->ste->varkeywords)
        flags |= MP_CO_VARKEYWORDS;
    if (u->ste->nested)
        flags |= MP_CO_NESTED;
    if (u->ste->generator && u->ste->kind == MP_BLOCK_FUNCTION)
        flags |= MP_CO_GENERATOR;
    if (!u->ncells && !u->nfrees)
        flags |= MP_CO_NOFREE;
    co->flags = flags;
    co->firstlineno = u->firstlineno;
    co->name = mp_str_from_cstr(u->name);
    co->qualname = mp_newref(u->qualname);
    co->filename = mp_newref(c->filename_obj);
    co->doc = u->doc ? mp_newref(u->doc) : NULL;
    if (!co->consts || !co->names || !co->name) {
        mp_decref((mp_obj *)co);
        return NULL;
    }
    return co;
}
