/*
 * compile.c — the compiler's core: compilation units (one per code
 * object), instruction emission with labels, constant/name tables, name
 * resolution through the symbol table, SyntaxError reporting, the
 * statement translations and the public entry points.  Expressions are in
 * compile_expr.c; turning a unit into a code object is assemble.c.
 *
 * Translations follow CPython 3.11's compile.c, with one structural
 * difference: try blocks use a runtime block stack (SETUP_FINALLY /
 * POP_BLOCK, as CPython <= 3.10) instead of an exception table.  Module
 * level names compile to the cached LOAD_GLOBAL/STORE_GLOBAL, since a
 * module's locals are its globals.
 */
#include "interp/compile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/compile_int.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* ---- source text helpers ------------------------------------------------ */

int mp_utf8_chars(const char *s, size_t nbytes) {
    int n = 0;
    for (size_t i = 0; i < nbytes && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static const char *line_start(const char *src, size_t len, int lineno, size_t *linelen) {
    const char *p = src, *end = src + len;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p > end || (p == end && lineno > 1))
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *linelen = nl ? (size_t)(nl - p + 1) : (size_t)(end - p);
    return p;
}

mp_obj *mp_source_line(const char *src, size_t len, int lineno) {
    size_t n;
    const char *p = src ? line_start(src, len, lineno, &n) : NULL;
    if (!p)
        return NULL;
    mp_obj *s = mp_str_decode_utf8(p, n);
    if (!s)
        mp_err_clear();
    return s;
}

/* ---- SyntaxError ----------------------------------------------------------- */

void mp_raise_syntax_error(mp_type *type, const char *msg, const char *filename, mp_obj *text,
                           int lineno, int offset, int end_lineno, int end_offset) {
    mp_obj *msg_o = mp_str_from_cstr(msg);
    mp_obj *fn_o = mp_str_from_cstr(filename);
    mp_obj *details = mp_tuple_new(6);
    mp_obj **d = mp_tuple_items(details);
    d[0] = mp_newref(fn_o);
    d[1] = mp_small(lineno);
    d[2] = mp_small(offset);
    d[3] = mp_newref(text ? text : mp_None);
    d[4] = mp_small(end_lineno);
    d[5] = mp_small(end_offset);
    mp_obj *args = mp_tuple_pack(2, msg_o, details);
    mp_decref(details);
    mp_obj *exc = args ? mp_exc_new(type, args) : NULL; /* its __init__ sets the attributes */
    mp_xdecref(args);
    mp_decref(msg_o);
    mp_decref(fn_o);
    if (exc)
        mp_err_set_exc(exc);
}

void mp_raise_parse_error(const mp_syntax_error *err, const char *src, size_t len,
                          const char *filename) {
    mp_type *type = err->kind == MP_SYNERR_TAB      ? &mp_type_TabError
                    : err->kind == MP_SYNERR_INDENT ? &mp_type_IndentationError
                                                    : &mp_type_SyntaxError;
    mp_obj *text = mp_source_line(src, len, err->line);
    int end_line = err->end_line ? err->end_line : err->line;
    int end_col = err->end_col ? err->end_col : err->col;
    mp_raise_syntax_error(type, err->msg, filename, text, err->line, err->col, end_line, end_col);
    mp_xdecref(text);
}

/* A compile-time error at `loc`.  As in CPython, the text comes from the
 * source file, so there is none for "<string>"-like names. */
static void raise_at(compiler *c, mp_type *type, mp_loc loc, const char *msg) {
    size_t n = strlen(c->filename);
    bool pseudo = n >= 2 && c->filename[0] == '<' && c->filename[n - 1] == '>';
    mp_obj *text = pseudo ? NULL : mp_source_line(c->src, c->srclen, loc.line);
    int offset = loc.col + 1, end_offset = loc.end_col + 1;
    size_t ll;
    const char *p = c->src ? line_start(c->src, c->srclen, loc.line, &ll) : NULL;
    if (p)
        offset = mp_utf8_chars(p, (size_t)loc.col) + 1;
    p = c->src ? line_start(c->src, c->srclen, loc.end_line, &ll) : NULL;
    if (p)
        end_offset = mp_utf8_chars(p, (size_t)loc.end_col) + 1;
    mp_raise_syntax_error(type, msg, c->filename, text, loc.line, offset, loc.end_line, end_offset);
    mp_xdecref(text);
}

int cc_error(compiler *c, mp_loc loc, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    raise_at(c, &mp_type_SyntaxError, loc, msg);
    return -1;
}

void cc_warn(compiler *c, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = c->u->loc.line;
    mp_sb sb;
    mp_sb_init(&sb, 128);
    char head[64];
    snprintf(head, sizeof head, ":%d: SyntaxWarning: ", line);
    mp_sb_add_cstr(&sb, c->filename);
    mp_sb_add_cstr(&sb, head);
    mp_sb_add_cstr(&sb, msg);
    mp_sb_addc(&sb, '\n');
    size_t n = strlen(c->filename);
    bool pseudo = n >= 2 && c->filename[0] == '<' && c->filename[n - 1] == '>';
    size_t len;
    const char *s = pseudo || !c->src ? NULL : line_start(c->src, c->srclen, line, &len);
    if (s) { /* the source line, stripped, as linecache + warnings show it */
        while (len && (*s == ' ' || *s == '\t' || *s == '\f'))
            s++, len--;
        while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ' ||
                       s[len - 1] == '\t' || s[len - 1] == '\f'))
            len--;
        mp_sb_add_cstr(&sb, "  ");
        mp_sb_add(&sb, s, len);
        mp_sb_addc(&sb, '\n');
    }
    mp_obj *text = mp_sb_finish(&sb);
    if (text)
        mp_sys_write_str("stderr", text);
    mp_xdecref(text);
    mp_err_clear();
}

static int recursion_error(void) {
    mp_err_format(&mp_type_RecursionError, "maximum recursion depth exceeded during compilation");
    return -1;
}

int cc_enter(compiler *c, mp_loc loc) {
    if (++c->depth > c->st.depth_limit || mp_c_stack_exhausted()) {
        c->depth--;
        return recursion_error();
    }
    return 0;
}

/* ---- emission ----------------------------------------------------------------- */

int cc_emit(compiler *c, int op, uint32_t arg) {
    cunit *u = c->u;
    if (u->ninstrs == u->capinstrs) {
        u->capinstrs = u->capinstrs ? u->capinstrs * 2 : 64;
        u->instrs = mp_mem_realloc(u->instrs, (size_t)u->capinstrs * sizeof(cinstr));
        u->locs = mp_mem_realloc(u->locs, (size_t)u->capinstrs * sizeof(mp_codeloc));
    }
    u->instrs[u->ninstrs].op = (uint8_t)op;
    u->instrs[u->ninstrs].arg = arg;
    mp_codeloc *l = &u->locs[u->ninstrs];
    l->line = u->loc.line;
    l->end_line = u->loc.end_line;
    l->col = u->loc.col;
    l->end_col = u->loc.end_col;
    return u->ninstrs++;
}

int cc_new_label(compiler *c) {
    cunit *u = c->u;
    if (u->nlabels == u->caplabels) {
        u->caplabels = u->caplabels ? u->caplabels * 2 : 16;
        u->labels = mp_mem_realloc(u->labels, (size_t)u->caplabels * sizeof(int));
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

void cc_bind_label(compiler *c, int label) { c->u->labels[label] = c->u->ninstrs; }

int cc_emit_jump(compiler *c, int op, int label) { return cc_emit(c, op, (uint32_t)label); }

/* Instructions without a source position (CPython's "artificial" ones). */
static int emit_noline(compiler *c, int op, uint32_t arg) {
    mp_loc saved = c->u->loc;
    c->u->loc.line = c->u->loc.end_line = 0;
    c->u->loc.col = c->u->loc.end_col = -1;
    int r = cc_emit(c, op, arg);
    c->u->loc = saved;
    return r;
}

/* ---- constants and names -------------------------------------------------------- */

/* Dedup key of a constant: the value itself for str/None/...; numbers are
 * keyed with their type (1, 1.0 and True are different constants) and
 * floats by their bits (0.0 vs -0.0). */
static mp_obj *const_key(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (t == &mp_type_str || o == mp_None || o == mp_Ellipsis)
        return mp_newref(o);
    if (t == &mp_type_int || t == &mp_type_bool)
        return mp_tuple_pack(2, (mp_obj *)t, o);
    if (t->name && strcmp(t->name, "float") == 0) {
        mp_obj *r = mp_repr(o);
        if (!r)
            return NULL;
        mp_obj *k = mp_tuple_pack(2, (mp_obj *)t, r);
        mp_decref(r);
        return k;
    }
    return NULL; /* not deduplicated */
}

int cc_add_const(compiler *c, mp_obj *o) {
    cunit *u = c->u;
    mp_obj *key = const_key(o);
    if (!key && mp_err_occurred()) {
        mp_decref(o);
        return -1;
    }
    if (key) {
        mp_obj *idx = mp_dict_get(u->const_index, key);
        if (idx) {
            mp_decref(key);
            mp_decref(o);
            return (int)mp_small_val(idx);
        }
        if (mp_err_occurred() ||
            mp_dict_set(u->const_index, key, mp_small((intptr_t)mp_list_size(u->consts))) < 0) {
            mp_decref(key);
            mp_decref(o);
            return -1;
        }
        mp_decref(key);
    }
    int i = (int)mp_list_size(u->consts);
    if (mp_list_append_steal(u->consts, o) < 0)
        return -1;
    return i;
}

int cc_load_const(compiler *c, mp_obj *o) {
    int i = cc_add_const(c, o);
    if (i < 0)
        return -1;
    cc_emit(c, MP_BC_LOAD_CONST, (uint32_t)i);
    return 0;
}

static int index_in(compiler *c, mp_obj *list, mp_namemap *map, const char *name) {
    const char *iname = mp_symtable_intern(&c->st, name);
    int i = mp_namemap_get(map, iname);
    if (i >= 0)
        return i;
    i = (int)mp_list_size(list);
    if (mp_list_append(list, mp_str_intern_cstr(name)) < 0)
        return -1;
    mp_namemap_put(c->arena, map, iname, i);
    return i;
}

int cc_add_name(compiler *c, const char *name) {
    return index_in(c, c->u->names, &c->u->name_index, name);
}

int cc_add_method_cache(compiler *c, const char *name) {
    int i = (int)mp_list_size(c->u->mnames);
    return mp_list_append(c->u->mnames, mp_str_intern_cstr(name)) < 0 ? -1 : i;
}

static int add_gcache(compiler *c, const char *name) {
    return index_in(c, c->u->gnames, &c->u->gcache_index, name);
}

static int add_varname(compiler *c, const char *iname) {
    cunit *u = c->u;
    int i = mp_namemap_get(&u->var_index, iname);
    if (i >= 0)
        return i;
    if (u->nvarnames == u->capvarnames) {
        u->capvarnames = u->capvarnames ? u->capvarnames * 2 : 16;
        u->varnames = mp_mem_realloc(u->varnames, (size_t)u->capvarnames * sizeof(char *));
    }
    u->varnames[u->nvarnames] = iname;
    mp_namemap_put(c->arena, &u->var_index, iname, u->nvarnames);
    return u->nvarnames++;
}

const char *cc_mangle(compiler *c, const char *name) {
    return mp_symtable_intern(&c->st, mp_symtable_mangle(&c->st, c->u->ste->private_name, name));
}

/* ---- name operations --------------------------------------------------------------- */

enum { OPT_NAME, OPT_FAST, OPT_GLOBAL, OPT_DEREF };

int cc_nameop(compiler *c, const char *name, mp_expr_ctx ctx) {
    cunit *u = c->u;
    const char *mangled = cc_mangle(c, name);
    mp_scope scope = mp_ste_scope_of(&c->st, u->ste, mangled);
    bool funclike = u->ste->kind == MP_BLOCK_FUNCTION;
    int optype = OPT_NAME;
    switch (scope) {
    case MP_SCOPE_FREE:
    case MP_SCOPE_CELL:
        optype = OPT_DEREF;
        break;
    case MP_SCOPE_LOCAL:
        if (funclike)
            optype = OPT_FAST;
        break;
    case MP_SCOPE_GLOBAL_IMPLICIT:
        if (funclike)
            optype = OPT_GLOBAL;
        break;
    case MP_SCOPE_GLOBAL_EXPLICIT:
        optype = OPT_GLOBAL;
        break;
    default:
        break;
    }
    if (optype == OPT_NAME && u->kind == UNIT_MODULE && !(c->flags & MP_COMPILE_NAME_OPS))
        optype = OPT_GLOBAL; /* module locals are the globals */
    int idx;
    switch (optype) {
    case OPT_DEREF:
        idx = mp_namemap_get(&u->deref_index, mangled);
        if (idx < 0) {
            mp_err_format(&mp_type_SystemError, "compiler: no cell for '%s'", mangled);
            return -1;
        }
        cc_emit(c,
                ctx == MP_CTX_LOAD    ? (u->ste->kind == MP_BLOCK_CLASS ? MP_BC_LOAD_CLASSDEREF
                                                                        : MP_BC_LOAD_DEREF)
                : ctx == MP_CTX_STORE ? MP_BC_STORE_DEREF
                                      : MP_BC_DELETE_DEREF,
                (uint32_t)idx);
        return 0;
    case OPT_FAST:
        idx = add_varname(c, mangled);
        cc_emit(c,
                ctx == MP_CTX_LOAD    ? MP_BC_LOAD_FAST
                : ctx == MP_CTX_STORE ? MP_BC_STORE_FAST
                                      : MP_BC_DELETE_FAST,
                (uint32_t)idx);
        return 0;
    case OPT_GLOBAL:
        if (ctx == MP_CTX_DEL) {
            idx = cc_add_name(c, mangled);
            if (idx < 0)
                return -1;
            cc_emit(c, MP_BC_DELETE_GLOBAL, (uint32_t)idx);
            return 0;
        }
        idx = add_gcache(c, mangled);
        if (idx < 0)
            return -1;
        cc_emit(c, ctx == MP_CTX_LOAD ? MP_BC_LOAD_GLOBAL : MP_BC_STORE_GLOBAL, (uint32_t)idx);
        return 0;
    default:
        idx = cc_add_name(c, mangled);
        if (idx < 0)
            return -1;
        cc_emit(c,
                ctx == MP_CTX_LOAD    ? MP_BC_LOAD_NAME
                : ctx == MP_CTX_STORE ? MP_BC_STORE_NAME
                                      : MP_BC_DELETE_NAME,
                (uint32_t)idx);
        return 0;
    }
}

/* ---- units -------------------------------------------------------------------- */

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names of `ste` with the given scope (or flag), sorted as CPython's dictbytype. */
static const char **names_by_scope(compiler *c, mp_ste *ste, mp_scope scope, int flag, int *n) {
    int count = 0;
    const char **out = mp_arena_alloc(c->arena, (size_t)(ste->nsyms + 1) * sizeof(char *));
    for (int i = 0; i < ste->nsyms; i++)
        if (ste->syms[i].scope == scope || (flag && (ste->syms[i].flags & flag)))
            out[count++] = ste->syms[i].name;
    qsort(out, (size_t)count, sizeof(char *), cmp_names);
    *n = count;
    return out;
}

static mp_obj *make_qualname(compiler *c, const char *name, unit_kind kind) {
    cunit *parent = c->u;
    if (!parent || parent->kind == UNIT_MODULE)
        return mp_str_from_cstr(name);
    if (kind == UNIT_FUNCTION || kind == UNIT_CLASS) {
        const char *mangled = cc_mangle(c, name);
        if (mp_ste_scope_of(&c->st, parent->ste, mangled) == MP_SCOPE_GLOBAL_EXPLICIT)
            return mp_str_from_cstr(name);
    }
    bool funclike = parent->kind != UNIT_CLASS;
    return mp_str_format_c(funclike ? "%U.<locals>.%s" : "%U.%s", parent->qualname, name);
}

int cc_enter_unit(compiler *c, const char *name, unit_kind kind, const mp_node *node, mp_loc loc) {
    mp_ste *ste = kind == UNIT_MODULE ? c->st.top : mp_symtable_scope(&c->st, node);
    if (!ste) {
        mp_err_format(&mp_type_SystemError, "compiler: no scope for '%s'", name);
        return -1;
    }
    mp_obj *qualname = make_qualname(c, name, kind);
    if (!qualname)
        return -1;
    cunit *u = mp_mem_calloc(1, sizeof(cunit));
    u->parent = c->u;
    u->ste = ste;
    u->kind = kind;
    u->name = name;
    u->qualname = qualname;
    u->consts = mp_list_new(0);
    u->const_index = mp_dict_new();
    u->names = mp_list_new(0);
    u->gnames = mp_list_new(0);
    u->mnames = mp_list_new(0);
    u->loc = loc;
    u->firstlineno = loc.line > 0 ? loc.line : 1;
    c->u = u;
    for (int i = 0; i < ste->nparams; i++)
        add_varname(c, ste->params[i]);
    u->cellvars = names_by_scope(c, ste, MP_SCOPE_CELL, 0, &u->ncells);
    if (ste->kind == MP_BLOCK_CLASS && ste->needs_class_closure) {
        u->cellvars = mp_arena_alloc(c->arena, sizeof(char *));
        u->cellvars[0] = mp_symtable_intern(&c->st, "__class__");
        u->ncells = 1;
    }
    u->freevars = names_by_scope(c, ste, MP_SCOPE_FREE,
                                 ste->kind == MP_BLOCK_CLASS ? MP_DEF_FREE_CLASS : 0, &u->nfrees);
    for (int i = 0; i < u->ncells; i++)
        mp_namemap_put(c->arena, &u->deref_index, u->cellvars[i], i);
    for (int i = 0; i < u->nfrees; i++)
        mp_namemap_put(c->arena, &u->deref_index, u->freevars[i], u->ncells + i);
    return 0;
}

static void free_unit(cunit *u) {
    mp_mem_free(u->instrs);
    mp_mem_free(u->locs);
    mp_mem_free(u->labels);
    mp_mem_free(u->varnames);
    mp_xdecref(u->qualname);
    mp_xdecref(u->consts);
    mp_xdecref(u->const_index);
    mp_xdecref(u->names);
    mp_xdecref(u->gnames);
    mp_xdecref(u->mnames);
    mp_xdecref(u->doc);
    mp_mem_free(u);
}

mp_obj *cc_exit_unit(compiler *c) {
    cunit *u = c->u;
    mp_code *co = cc_assemble(c, u);
    c->u = u->parent;
    free_unit(u);
    return (mp_obj *)co;
}

static void free_units(compiler *c) {
    while (c->u) {
        cunit *u = c->u;
        c->u = u->parent;
        free_unit(u);
    }
}

int cc_make_closure(compiler *c, mp_obj *code, int flags) {
    mp_code *co = (mp_code *)code;
    if (co->nfrees > 0) {
        for (int i = 0; i < co->nfrees; i++) {
            mp_obj *name = mp_tuple_items(co->freevars)[i];
            const char *iname = mp_symtable_intern(&c->st, mp_str_data(name));
            int idx = mp_namemap_get(&c->u->deref_index, iname);
            if (idx < 0) {
                mp_decref(code);
                mp_err_format(&mp_type_SystemError, "compiler: no closure cell for '%s'", iname);
                return -1;
            }
            cc_emit(c, MP_BC_LOAD_CLOSURE, (uint32_t)idx);
        }
        cc_emit(c, MP_BC_BUILD_TUPLE, (uint32_t)co->nfrees);
        flags |= MP_MKFN_CLOSURE;
    }
    if (cc_load_const(c, code) < 0)
        return -1;
    cc_emit(c, MP_BC_MAKE_FUNCTION, (uint32_t)flags);
    return 0;
}

/* ---- compile-time blocks ---------------------------------------------------------- */

static int push_fblock(compiler *c, mp_loc loc, fb_kind kind, int block, int exit,
                       const void *datum) {
    cunit *u = c->u;
    if (u->nfblocks >= MP_MAX_FBLOCKS)
        return cc_error(c, loc, "too many statically nested blocks");
    fblock *f = &u->fblocks[u->nfblocks++];
    f->kind = kind;
    f->block = block;
    f->exit = exit;
    f->datum = datum;
    return 0;
}

static void pop_fblock(compiler *c) { c->u->nfblocks--; }

static int store_none_and_del(compiler *c, const char *name) {
    cc_load_const(c, mp_None);
    if (cc_nameop(c, name, MP_CTX_STORE) < 0)
        return -1;
    return cc_nameop(c, name, MP_CTX_DEL);
}

/* Emits what leaving block `f` early requires (CPython's
 * compiler_unwind_fblock).  With preserve_tos, a return value sits on top
 * of the stack and must survive. */
static int unwind_fblock(compiler *c, fblock *f, bool preserve_tos) {
    switch (f->kind) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER:
        return 0;
    case FB_FOR_LOOP:
        if (preserve_tos)
            cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_POP_TOP, 0);
        return 0;
    case FB_TRY_EXCEPT:
        cc_emit(c, MP_BC_POP_BLOCK, 0);
        return 0;
    case FB_FINALLY_TRY: {
        cc_emit(c, MP_BC_POP_BLOCK, 0);
        if (preserve_tos && push_fblock(c, c->u->loc, FB_POP_VALUE, -1, -1, NULL) < 0)
            return -1;
        mp_loc saved = c->u->loc;
        int r = cc_visit_stmts(c, *(const mp_nodes *)f->datum);
        c->u->loc = saved;
        if (preserve_tos)
            pop_fblock(c);
        return r;
    }
    case FB_FINALLY_END:
        if (preserve_tos)
            cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_POP_TOP, 0);
        if (preserve_tos)
            cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_POP_BLOCK, 0);
        cc_emit(c, MP_BC_POP_EXCEPT, 0);
        return 0;
    case FB_WITH:
        mp_err_format(&mp_type_SystemError, "compiler: 'with' blocks are not supported");
        return -1;
    case FB_HANDLER_CLEANUP:
        if (f->datum)
            cc_emit(c, MP_BC_POP_BLOCK, 0);
        if (preserve_tos)
            cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_POP_BLOCK, 0);
        cc_emit(c, MP_BC_POP_EXCEPT, 0);
        if (f->datum)
            return store_none_and_del(c, (const char *)f->datum);
        return 0;
    case FB_POP_VALUE:
        if (preserve_tos)
            cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_POP_TOP, 0);
        return 0;
    }
    return 0;
}

/* Unwinds all blocks (up to the innermost loop when `loop` is given). */
static int unwind_fblock_stack(compiler *c, bool preserve_tos, fblock **loop) {
    cunit *u = c->u;
    if (u->nfblocks == 0)
        return 0;
    fblock *top = &u->fblocks[u->nfblocks - 1];
    if (loop && (top->kind == FB_WHILE_LOOP || top->kind == FB_FOR_LOOP)) {
        *loop = top;
        return 0;
    }
    fblock copy = *top;
    u->nfblocks--;
    if (unwind_fblock(c, &copy, preserve_tos) < 0 || unwind_fblock_stack(c, preserve_tos, loop) < 0)
        return -1;
    u->fblocks[u->nfblocks++] = copy;
    return 0;
}

/* ---- statements ------------------------------------------------------------------- */

static int visit_stmt(compiler *c, mp_node *s);

int cc_visit_stmts(compiler *c, mp_nodes body) {
    for (int i = 0; i < body.n; i++)
        if (visit_stmt(c, body.items[i]) < 0)
            return -1;
    return 0;
}

static bool is_docstring(mp_node *s) {
    return s && s->kind == MP_AST_Expr && s->v.expr.value->kind == MP_AST_Constant &&
           s->v.expr.value->v.constant.kind == MP_CONST_STR;
}

static int visit_annotations(compiler *c, mp_node *args, mp_node *returns, int *flags) {
    int n = 0;
    mp_nodes groups[3] = {args->v.arguments.posonlyargs, args->v.arguments.args,
                          args->v.arguments.kwonlyargs};
    mp_node *single[2] = {args->v.arguments.vararg, args->v.arguments.kwarg};
    for (int g = 0; g < 5; g++) {
        int count = g < 3 ? groups[g].n : (single[g - 3] ? 1 : 0);
        for (int i = 0; i < count; i++) {
            mp_node *a = g < 3 ? groups[g].items[i] : single[g - 3];
            if (!a->v.arg.annotation)
                continue;
            if (cc_load_const(c, mp_str_intern_cstr(cc_mangle(c, a->v.arg.arg))) < 0 ||
                cc_visit_expr(c, a->v.arg.annotation) < 0)
                return -1;
            n++;
        }
    }
    if (returns) {
        if (cc_load_const(c, mp_str_intern_cstr("return")) < 0 || cc_visit_expr(c, returns) < 0)
            return -1;
        n++;
    }
    if (n) {
        cc_emit(c, MP_BC_BUILD_TUPLE, (uint32_t)(2 * n));
        *flags |= MP_MKFN_ANNOTATIONS;
    }
    return 0;
}

static void set_arg_counts(cunit *u, mp_node *args) {
    u->posonlyargcount = args->v.arguments.posonlyargs.n;
    u->argcount = args->v.arguments.posonlyargs.n + args->v.arguments.args.n;
    u->kwonlyargcount = args->v.arguments.kwonlyargs.n;
}

static int apply_decorators(compiler *c, mp_nodes decos) {
    for (int i = decos.n - 1; i >= 0; i--) {
        c->u->loc = decos.items[i]->loc;
        cc_emit(c, MP_BC_CALL, 0);
    }
    return 0;
}

static int visit_functiondef(compiler *c, mp_node *s) {
    mp_nodes decos = s->v.functiondef.decorator_list;
    for (int i = 0; i < decos.n; i++)
        if (cc_visit_expr(c, decos.items[i]) < 0)
            return -1;
    mp_loc defloc = s->loc;
    if (decos.n)
        defloc.line = decos.items[0]->loc.line;
    int flags = 0;
    if (cc_visit_arguments_defaults(c, s->v.functiondef.args, &flags) < 0 ||
        visit_annotations(c, s->v.functiondef.args, s->v.functiondef.returns, &flags) < 0)
        return -1;
    if (cc_enter_unit(c, s->v.functiondef.name, UNIT_FUNCTION, s, defloc) < 0)
        return -1;
    cunit *u = c->u;
    mp_nodes body = s->v.functiondef.body;
    int first = 0;
    if (body.n && is_docstring(body.items[0])) {
        mp_node *k = body.items[0]->v.expr.value;
        u->doc = mp_str_new(k->v.constant.text, k->v.constant.len);
        if (!u->doc)
            return -1;
        first = 1;
    }
    set_arg_counts(u, s->v.functiondef.args);
    for (int i = first; i < body.n; i++)
        if (visit_stmt(c, body.items[i]) < 0)
            return -1;
    u->loc.line = u->loc.end_line = 0;
    cc_load_const(c, mp_None);
    cc_emit(c, MP_BC_RETURN_VALUE, 0);
    mp_obj *co = cc_exit_unit(c);
    if (!co)
        return -1;
    c->u->loc = s->loc;
    if (cc_make_closure(c, co, flags) < 0 || apply_decorators(c, decos) < 0)
        return -1;
    c->u->loc = s->loc;
    return cc_nameop(c, s->v.functiondef.name, MP_CTX_STORE);
}

static int visit_return(compiler *c, mp_node *s) {
    if (c->u->ste->kind != MP_BLOCK_FUNCTION)
        return cc_error(c, s->loc, "'return' outside function");
    mp_node *v = s->v.ret.value;
    bool preserve_tos = v && v->kind != MP_AST_Constant;
    if (preserve_tos && cc_visit_expr(c, v) < 0)
        return -1;
    if (unwind_fblock_stack(c, preserve_tos, NULL) < 0)
        return -1;
    if (!v) {
        cc_load_const(c, mp_None);
    } else if (!preserve_tos) {
        if (cc_visit_expr(c, v) < 0)
            return -1;
    }
    cc_emit(c, MP_BC_RETURN_VALUE, 0);
    return 0;
}

static int visit_delete_target(compiler *c, mp_node *t) {
    mp_loc saved = c->u->loc;
    c->u->loc = t->loc;
    int r = 0;
    switch (t->kind) {
    case MP_AST_Name:
        r = cc_nameop(c, t->v.name.id, MP_CTX_DEL);
        break;
    case MP_AST_Attribute:
        r = cc_visit_expr(c, t->v.attribute.value);
        if (r == 0) {
            c->u->loc = t->loc;
            int idx = cc_add_name(c, t->v.attribute.attr);
            if (idx < 0)
                return -1;
            cc_emit(c, MP_BC_DELETE_ATTR, (uint32_t)idx);
        }
        break;
    case MP_AST_Subscript:
        r = cc_visit_expr(c, t->v.subscript.value);
        if (r == 0)
            r = cc_visit_expr(c, t->v.subscript.slice);
        c->u->loc = t->loc;
        cc_emit(c, MP_BC_DELETE_SUBSCR, 0);
        break;
    case MP_AST_Tuple:
    case MP_AST_List:
        for (int i = 0; i < t->v.seq.elts.n && r == 0; i++)
            r = visit_delete_target(c, t->v.seq.elts.items[i]);
        break;
    default:
        r = cc_error(c, t->loc, "cannot delete %s", mp_ast_kind_names[t->kind]);
        break;
    }
    c->u->loc = saved;
    return r;
}

static bool has_starred(mp_nodes elts) {
    for (int i = 0; i < elts.n; i++)
        if (elts.items[i]->kind == MP_AST_Starred)
            return true;
    return false;
}

static int visit_assign(compiler *c, mp_node *s) {
    mp_nodes targets = s->v.assign.targets;
    mp_node *value = s->v.assign.value;
    /* a, b = b, a: evaluate, reorder with SWAP, store (no tuple). */
    if (targets.n == 1 && value->kind == MP_AST_Tuple &&
        (targets.items[0]->kind == MP_AST_Tuple || targets.items[0]->kind == MP_AST_List)) {
        mp_nodes lhs = targets.items[0]->v.seq.elts, rhs = value->v.seq.elts;
        if (lhs.n == rhs.n && (lhs.n == 2 || lhs.n == 3) && !has_starred(lhs) && !has_starred(rhs)) {
            for (int i = 0; i < rhs.n; i++)
                if (cc_visit_expr(c, rhs.items[i]) < 0)
                    return -1;
            cc_emit(c, MP_BC_SWAP, (uint32_t)lhs.n);
            for (int i = 0; i < lhs.n; i++)
                if (cc_store_target(c, lhs.items[i]) < 0)
                    return -1;
            return 0;
        }
    }
    if (cc_visit_expr(c, value) < 0)
        return -1;
    for (int i = 0; i < targets.n; i++) {
        if (i < targets.n - 1)
            cc_emit(c, MP_BC_COPY, 1);
        if (cc_store_target(c, targets.items[i]) < 0)
            return -1;
    }
    return 0;
}

static int visit_augassign(compiler *c, mp_node *s) {
    mp_node *t = s->v.augassign.target;
    cunit *u = c->u;
    u->loc = t->loc;
    int attr = -1;
    switch (t->kind) {
    case MP_AST_Attribute:
        if (cc_visit_expr(c, t->v.attribute.value) < 0)
            return -1;
        u->loc = t->loc;
        cc_emit(c, MP_BC_COPY, 1);
        attr = cc_add_name(c, t->v.attribute.attr);
        if (attr < 0)
            return -1;
        cc_emit(c, MP_BC_LOAD_ATTR, (uint32_t)attr);
        break;
    case MP_AST_Subscript:
        if (cc_visit_expr(c, t->v.subscript.value) < 0 ||
            cc_visit_expr(c, t->v.subscript.slice) < 0)
            return -1;
        u->loc = t->loc;
        cc_emit(c, MP_BC_COPY, 2);
        cc_emit(c, MP_BC_COPY, 2);
        cc_emit(c, MP_BC_BINARY_SUBSCR, 0);
        break;
    case MP_AST_Name:
        if (cc_nameop(c, t->v.name.id, MP_CTX_LOAD) < 0)
            return -1;
        break;
    default:
        return cc_error(c, t->loc, "illegal expression for augmented assignment");
    }
    u->loc = s->loc;
    if (cc_visit_expr(c, s->v.augassign.value) < 0)
        return -1;
    u->loc = s->loc;
    cc_emit(c, MP_BC_BINARY_OP, (uint32_t)(s->v.augassign.op + MP_INPLACE_BIAS));
    u->loc = t->loc;
    switch (t->kind) {
    case MP_AST_Attribute:
        cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_STORE_ATTR, (uint32_t)attr);
        return 0;
    case MP_AST_Subscript:
        cc_emit(c, MP_BC_SWAP, 3);
        cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_STORE_SUBSCR, 0);
        return 0;
    default:
        return cc_nameop(c, t->v.name.id, MP_CTX_STORE);
    }
}

static int visit_annassign(compiler *c, mp_node *s) {
    mp_node *t = s->v.annassign.target;
    cunit *u = c->u;
    bool toplevel = u->kind == UNIT_MODULE || u->kind == UNIT_CLASS;
    if (s->v.annassign.value) {
        if (cc_visit_expr(c, s->v.annassign.value) < 0 || cc_store_target(c, t) < 0)
            return -1;
    }
    if (t->kind == MP_AST_Name) {
        if (s->v.annassign.simple && toplevel) {
            if (cc_visit_expr(c, s->v.annassign.annotation) < 0 ||
                cc_nameop(c, "__annotations__", MP_CTX_LOAD) < 0 ||
                cc_load_const(c, mp_str_intern_cstr(cc_mangle(c, t->v.name.id))) < 0)
                return -1;
            cc_emit(c, MP_BC_STORE_SUBSCR, 0);
        }
        return 0;
    }
    if (!s->v.annassign.value) {
        /* Evaluate the target's parts for their side effects. */
        mp_node *base = t->kind == MP_AST_Attribute ? t->v.attribute.value : t->v.subscript.value;
        if (cc_visit_expr(c, base) < 0)
            return -1;
        cc_emit(c, MP_BC_POP_TOP, 0);
        if (t->kind == MP_AST_Subscript) {
            if (cc_visit_expr(c, t->v.subscript.slice) < 0)
                return -1;
            cc_emit(c, MP_BC_POP_TOP, 0);
        }
    }
    if (toplevel) {
        if (cc_visit_expr(c, s->v.annassign.annotation) < 0)
            return -1;
        cc_emit(c, MP_BC_POP_TOP, 0);
    }
    return 0;
}

/* Truth of a constant test (1/0), or -1 if not a constant. */
static int const_truth(mp_node *e) {
    if (e->kind != MP_AST_Constant)
        return -1;
    switch (e->v.constant.kind) {
    case MP_CONST_NONE:
    case MP_CONST_FALSE:
        return 0;
    case MP_CONST_TRUE:
    case MP_CONST_ELLIPSIS:
        return 1;
    case MP_CONST_INT: {
        for (const char *p = e->v.constant.text; *p; p++)
            if (*p != '0')
                return 1;
        return 0;
    }
    case MP_CONST_FLOAT:
        return e->v.constant.f != 0.0;
    case MP_CONST_STR:
    case MP_CONST_BYTES:
        return e->v.constant.len != 0;
    }
    return -1;
}

static int visit_if(compiler *c, mp_node *s) {
    int truth = const_truth(s->v.ifstmt.test);
    if (truth == 1)
        return cc_visit_stmts(c, s->v.ifstmt.body);
    if (truth == 0)
        return cc_visit_stmts(c, s->v.ifstmt.orelse);
    int end = cc_new_label(c);
    int next = s->v.ifstmt.orelse.n ? cc_new_label(c) : end;
    if (cc_jump_if(c, s->v.ifstmt.test, next, false) < 0 || cc_visit_stmts(c, s->v.ifstmt.body) < 0)
        return -1;
    if (s->v.ifstmt.orelse.n) {
        emit_noline(c, MP_BC_JUMP, (uint32_t)end);
        cc_bind_label(c, next);
        if (cc_visit_stmts(c, s->v.ifstmt.orelse) < 0)
            return -1;
    }
    cc_bind_label(c, end);
    return 0;
}

static int visit_for(compiler *c, mp_node *s) {
    int start = cc_new_label(c), cleanup = cc_new_label(c), end = cc_new_label(c);
    if (push_fblock(c, s->loc, FB_FOR_LOOP, start, end, NULL) < 0 ||
        cc_visit_expr(c, s->v.forloop.iter) < 0)
        return -1;
    c->u->loc = s->loc;
    cc_emit(c, MP_BC_GET_ITER, 0);
    cc_bind_label(c, start);
    cc_emit_jump(c, MP_BC_FOR_ITER, cleanup);
    if (cc_store_target(c, s->v.forloop.target) < 0 || cc_visit_stmts(c, s->v.forloop.body) < 0)
        return -1;
    emit_noline(c, MP_BC_JUMP_BACKWARD, (uint32_t)start);
    cc_bind_label(c, cleanup);
    pop_fblock(c);
    if (cc_visit_stmts(c, s->v.forloop.orelse) < 0)
        return -1;
    cc_bind_label(c, end);
    return 0;
}

static int visit_while(compiler *c, mp_node *s) {
    int loop = cc_new_label(c), body = cc_new_label(c), end = cc_new_label(c),
        anchor = cc_new_label(c);
    mp_node *test = s->v.whileloop.test;
    if (const_truth(test) == 0) /* while 0: only the else clause runs */
        return cc_visit_stmts(c, s->v.whileloop.orelse);
    cc_bind_label(c, loop);
    if (push_fblock(c, s->loc, FB_WHILE_LOOP, loop, end, NULL) < 0 ||
        cc_jump_if(c, test, anchor, false) < 0)
        return -1;
    cc_bind_label(c, body);
    if (cc_visit_stmts(c, s->v.whileloop.body) < 0)
        return -1;
    c->u->loc = s->loc;
    if (const_truth(test) == 1)
        emit_noline(c, MP_BC_JUMP_BACKWARD, (uint32_t)body);
    else if (cc_jump_if(c, test, body, true) < 0)
        return -1;
    pop_fblock(c);
    cc_bind_label(c, anchor);
    if (cc_visit_stmts(c, s->v.whileloop.orelse) < 0)
        return -1;
    cc_bind_label(c, end);
    return 0;
}

static int visit_break_continue(compiler *c, mp_node *s) {
    bool is_break = s->kind == MP_AST_Break;
    fblock *loop = NULL;
    if (unwind_fblock_stack(c, false, &loop) < 0)
        return -1;
    if (!loop)
        return cc_error(c, s->loc, is_break ? "'break' outside loop" : "'continue' not properly in loop");
    if (is_break) {
        if (unwind_fblock(c, loop, false) < 0)
            return -1;
        cc_emit_jump(c, MP_BC_JUMP, loop->exit);
    } else {
        cc_emit_jump(c, MP_BC_JUMP_BACKWARD, loop->block);
    }
    return 0;
}

static int visit_raise(compiler *c, mp_node *s) {
    int n = 0;
    if (s->v.raise.exc) {
        if (cc_visit_expr(c, s->v.raise.exc) < 0)
            return -1;
        n++;
        if (s->v.raise.cause) {
            if (cc_visit_expr(c, s->v.raise.cause) < 0)
                return -1;
            n++;
        }
    }
    c->u->loc = s->loc;
    cc_emit(c, MP_BC_RAISE_VARARGS, (uint32_t)n);
    return 0;
}

static void pop_except_and_reraise(compiler *c) {
    emit_noline(c, MP_BC_SWAP, 2);
    emit_noline(c, MP_BC_POP_EXCEPT, 0);
    emit_noline(c, MP_BC_RERAISE, 0);
}

static int visit_try_except(compiler *c, mp_node *s) {
    cunit *u = c->u;
    int except = cc_new_label(c), end = cc_new_label(c), cleanup = cc_new_label(c);
    cc_emit_jump(c, MP_BC_SETUP_FINALLY, except);
    if (push_fblock(c, s->loc, FB_TRY_EXCEPT, -1, -1, NULL) < 0 ||
        cc_visit_stmts(c, s->v.trystmt.body) < 0)
        return -1;
    pop_fblock(c);
    emit_noline(c, MP_BC_POP_BLOCK, 0);
    if (cc_visit_stmts(c, s->v.trystmt.orelse) < 0)
        return -1;
    emit_noline(c, MP_BC_JUMP, (uint32_t)end);
    mp_nodes handlers = s->v.trystmt.handlers;
    cc_bind_label(c, except);
    emit_noline(c, MP_BC_SETUP_FINALLY, (uint32_t)cleanup);
    emit_noline(c, MP_BC_PUSH_EXC_INFO, 0);
    if (push_fblock(c, s->loc, FB_EXCEPTION_HANDLER, -1, -1, NULL) < 0)
        return -1;
    for (int i = 0; i < handlers.n; i++) {
        mp_node *h = handlers.items[i];
        u->loc = h->loc;
        if (!h->v.handler.type && i < handlers.n - 1)
            return cc_error(c, h->loc, "default 'except:' must be last");
        int next = cc_new_label(c);
        if (h->v.handler.type) {
            if (cc_visit_expr(c, h->v.handler.type) < 0)
                return -1;
            u->loc = h->loc;
            cc_emit(c, MP_BC_CHECK_EXC_MATCH, 0);
            cc_emit_jump(c, MP_BC_POP_JUMP_IF_FALSE, next);
        }
        if (h->v.handler.name) {
            int cleanup_end = cc_new_label(c);
            if (cc_nameop(c, h->v.handler.name, MP_CTX_STORE) < 0)
                return -1;
            cc_emit_jump(c, MP_BC_SETUP_FINALLY, cleanup_end);
            if (push_fblock(c, h->loc, FB_HANDLER_CLEANUP, -1, -1, h->v.handler.name) < 0 ||
                cc_visit_stmts(c, h->v.handler.body) < 0)
                return -1;
            pop_fblock(c);
            u->loc.line = u->loc.end_line = 0;
            cc_emit(c, MP_BC_POP_BLOCK, 0);
            cc_emit(c, MP_BC_POP_BLOCK, 0);
            cc_emit(c, MP_BC_POP_EXCEPT, 0);
            if (store_none_and_del(c, h->v.handler.name) < 0)
                return -1;
            cc_emit_jump(c, MP_BC_JUMP, end);
            /* An exception in the body: unbind the name, re-raise. */
            cc_bind_label(c, cleanup_end);
            if (store_none_and_del(c, h->v.handler.name) < 0)
                return -1;
            cc_emit(c, MP_BC_RERAISE, 1);
        } else {
            cc_emit(c, MP_BC_POP_TOP, 0);
            if (push_fblock(c, h->loc, FB_HANDLER_CLEANUP, -1, -1, NULL) < 0 ||
                cc_visit_stmts(c, h->v.handler.body) < 0)
                return -1;
            pop_fblock(c);
            u->loc.line = u->loc.end_line = 0;
            cc_emit(c, MP_BC_POP_BLOCK, 0);
            cc_emit(c, MP_BC_POP_EXCEPT, 0);
            cc_emit_jump(c, MP_BC_JUMP, end);
        }
        cc_bind_label(c, next);
    }
    pop_fblock(c);
    emit_noline(c, MP_BC_RERAISE, 0);
    cc_bind_label(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind_label(c, end);
    return 0;
}

static int visit_try_finally(compiler *c, mp_node *s) {
    int end = cc_new_label(c), exit = cc_new_label(c), cleanup = cc_new_label(c);
    const mp_nodes *finalbody = &s->v.trystmt.finalbody;
    cc_emit_jump(c, MP_BC_SETUP_FINALLY, end);
    if (push_fblock(c, s->loc, FB_FINALLY_TRY, -1, -1, finalbody) < 0)
        return -1;
    int r = s->v.trystmt.handlers.n ? visit_try_except(c, s) : cc_visit_stmts(c, s->v.trystmt.body);
    if (r < 0)
        return -1;
    emit_noline(c, MP_BC_POP_BLOCK, 0);
    pop_fblock(c);
    if (cc_visit_stmts(c, *finalbody) < 0)
        return -1;
    emit_noline(c, MP_BC_JUMP, (uint32_t)exit);
    /* The exceptional path: run the body with the exception as the
     * handled one, then re-raise it. */
    cc_bind_label(c, end);
    emit_noline(c, MP_BC_SETUP_FINALLY, (uint32_t)cleanup);
    emit_noline(c, MP_BC_PUSH_EXC_INFO, 0);
    if (push_fblock(c, s->loc, FB_FINALLY_END, -1, -1, NULL) < 0 ||
        cc_visit_stmts(c, *finalbody) < 0)
        return -1;
    pop_fblock(c);
    emit_noline(c, MP_BC_RERAISE, 0);
    cc_bind_label(c, cleanup);
    pop_except_and_reraise(c);
    cc_bind_label(c, exit);
    return 0;
}

static int visit_assert(compiler *c, mp_node *s) {
    int end = cc_new_label(c);
    mp_node *t = s->v.assert_.test;
    if (t->kind == MP_AST_Tuple && t->v.seq.elts.n > 0)
        cc_warn(c, "assertion is always true, perhaps remove parentheses?");
    if (cc_jump_if(c, s->v.assert_.test, end, true) < 0)
        return -1;
    cc_emit(c, MP_BC_LOAD_ASSERTION_ERROR, 0);
    if (s->v.assert_.msg) {
        if (cc_visit_expr(c, s->v.assert_.msg) < 0)
            return -1;
        cc_emit(c, MP_BC_CALL, 0);
    }
    cc_emit(c, MP_BC_RAISE_VARARGS, 1);
    cc_bind_label(c, end);
    return 0;
}

static int visit_import(compiler *c, mp_node *s) {
    for (int i = 0; i < s->v.import.names.n; i++) {
        mp_node *a = s->v.import.names.items[i];
        const char *name = a->v.alias.name;
        int idx = cc_add_name(c, name);
        if (idx < 0 || cc_load_const(c, mp_small(0)) < 0 || cc_load_const(c, mp_None) < 0)
            return -1;
        cc_emit(c, MP_BC_IMPORT_NAME, (uint32_t)idx);
        const char *dot = strchr(name, '.');
        if (a->v.alias.asname) {
            /* import a.b.c as d: walk down to c */
            while (dot) {
                const char *comp = dot + 1;
                dot = strchr(comp, '.');
                size_t n = dot ? (size_t)(dot - comp) : strlen(comp);
                int j = cc_add_name(c, mp_arena_strndup(c->arena, comp, n));
                if (j < 0)
                    return -1;
                cc_emit(c, MP_BC_IMPORT_FROM, (uint32_t)j);
                cc_emit(c, MP_BC_SWAP, 2);
                cc_emit(c, MP_BC_POP_TOP, 0);
            }
            if (cc_nameop(c, a->v.alias.asname, MP_CTX_STORE) < 0)
                return -1;
        } else {
            const char *store = dot ? mp_arena_strndup(c->arena, name, (size_t)(dot - name)) : name;
            if (cc_nameop(c, store, MP_CTX_STORE) < 0)
                return -1;
        }
    }
    return 0;
}

static const char *const future_features[] = {
    "nested_scopes", "generators", "division", "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations", NULL,
};

static int visit_importfrom(compiler *c, mp_node *s) {
    mp_nodes names = s->v.importfrom.names;
    const char *module = s->v.importfrom.module ? s->v.importfrom.module : "";
    if (strcmp(module, "__future__") == 0 && s->v.importfrom.level == 0) {
        /* Future statements are compile-time directives; all the known
         * ones describe minipy's (3.11) behaviour already. */
        for (int i = 0; i < names.n; i++) {
            const char *f = names.items[i]->v.alias.name;
            bool known = false;
            for (int k = 0; future_features[k]; k++)
                known |= strcmp(f, future_features[k]) == 0;
            if (!known)
                return cc_error(c, s->loc, "future feature %s is not defined", f);
        }
        return 0;
    }
    mp_obj *fromlist = mp_tuple_new((size_t)names.n);
    for (int i = 0; i < names.n; i++)
        mp_tuple_items(fromlist)[i] = mp_str_intern_cstr(names.items[i]->v.alias.name);
    int idx = cc_add_name(c, module);
    if (idx < 0 || cc_load_const(c, mp_small(s->v.importfrom.level)) < 0 ||
        cc_load_const(c, fromlist) < 0)
        return -1;
    cc_emit(c, MP_BC_IMPORT_NAME, (uint32_t)idx);
    for (int i = 0; i < names.n; i++) {
        mp_node *a = names.items[i];
        if (strcmp(a->v.alias.name, "*") == 0) {
            cc_emit(c, MP_BC_IMPORT_STAR, 0);
            return 0;
        }
        int j = cc_add_name(c, a->v.alias.name);
        if (j < 0)
            return -1;
        cc_emit(c, MP_BC_IMPORT_FROM, (uint32_t)j);
        if (cc_nameop(c, a->v.alias.asname ? a->v.alias.asname : a->v.alias.name,
                      MP_CTX_STORE) < 0)
            return -1;
    }
    cc_emit(c, MP_BC_POP_TOP, 0);
    return 0;
}

static int visit_expr_stmt(compiler *c, mp_node *s) {
    mp_node *v = s->v.expr.value;
    if (c->interactive && c->u->kind == UNIT_MODULE) {
        if (cc_visit_expr(c, v) < 0)
            return -1;
        c->u->loc = s->loc;
        cc_emit(c, MP_BC_PRINT_EXPR, 0);
        return 0;
    }
    if (v->kind == MP_AST_Constant)
        return 0; /* docstrings and bare literals: no code */
    if (cc_visit_expr(c, v) < 0)
        return -1;
    c->u->loc = s->loc;
    cc_emit(c, MP_BC_POP_TOP, 0);
    return 0;
}

static int visit_stmt(compiler *c, mp_node *s) {
    if (cc_enter(c, s->loc) < 0)
        return -1;
    c->u->loc = s->loc;
    int r;
    switch (s->kind) {
    case MP_AST_FunctionDef:
        r = visit_functiondef(c, s);
        break;
    case MP_AST_Return:
        r = visit_return(c, s);
        break;
    case MP_AST_Delete:
        r = 0;
        for (int i = 0; i < s->v.del.targets.n && r == 0; i++)
            r = visit_delete_target(c, s->v.del.targets.items[i]);
        break;
    case MP_AST_Assign:
        r = visit_assign(c, s);
        break;
    case MP_AST_AugAssign:
        r = visit_augassign(c, s);
        break;
    case MP_AST_AnnAssign:
        r = visit_annassign(c, s);
        break;
    case MP_AST_For:
        r = visit_for(c, s);
        break;
    case MP_AST_While:
        r = visit_while(c, s);
        break;
    case MP_AST_If:
        r = visit_if(c, s);
        break;
    case MP_AST_Raise:
        r = visit_raise(c, s);
        break;
    case MP_AST_Try:
        r = s->v.trystmt.finalbody.n ? visit_try_finally(c, s) : visit_try_except(c, s);
        break;
    case MP_AST_Assert:
        r = visit_assert(c, s);
        break;
    case MP_AST_Import:
        r = visit_import(c, s);
        break;
    case MP_AST_ImportFrom:
        r = visit_importfrom(c, s);
        break;
    case MP_AST_Expr:
        r = visit_expr_stmt(c, s);
        break;
    case MP_AST_Global:
    case MP_AST_Nonlocal:
    case MP_AST_Pass:
        r = 0;
        break;
    case MP_AST_Break:
    case MP_AST_Continue:
        r = visit_break_continue(c, s);
        break;
    case MP_AST_ClassDef:
        r = cc_error(c, s->loc, "'class' is not supported by minipy");
        break;
    case MP_AST_With:
        r = cc_error(c, s->loc, "'with' is not supported by minipy");
        break;
    default:
        r = cc_error(c, s->loc, "%s is not supported by minipy", mp_ast_kind_names[s->kind]);
        break;
    }
    cc_leave(c);
    return r;
}

/* ---- entry points ------------------------------------------------------------------- */

static bool has_annotations(mp_nodes body) {
    for (int i = 0; i < body.n; i++)
        if (body.items[i]->kind == MP_AST_AnnAssign)
            return true;
    return false;
}

static int compile_module_body(compiler *c, mp_node *root) {
    mp_nodes body = root->v.module.body;
    if (root->kind == MP_AST_Expression) {
        if (cc_visit_expr(c, root->v.expr.value) < 0)
            return -1;
        cc_emit(c, MP_BC_RETURN_VALUE, 0);
        return 0;
    }
    if (has_annotations(body))
        cc_emit(c, MP_BC_SETUP_ANNOTATIONS, 0);
    int first = 0;
    if (root->kind == MP_AST_Module && body.n && is_docstring(body.items[0])) {
        c->u->loc = body.items[0]->loc;
        if (cc_visit_expr(c, body.items[0]->v.expr.value) < 0 ||
            cc_nameop(c, "__doc__", MP_CTX_STORE) < 0)
            return -1;
        first = 1;
    }
    for (int i = first; i < body.n; i++)
        if (visit_stmt(c, body.items[i]) < 0)
            return -1;
    c->u->loc.line = c->u->loc.end_line = 0;
    cc_load_const(c, mp_None);
    cc_emit(c, MP_BC_RETURN_VALUE, 0);
    return 0;
}

mp_obj *mp_compile_ast(mp_node *root, mp_arena *arena, const char *src, size_t len,
                       const char *filename, int flags) {
    compiler c;
    memset(&c, 0, sizeof c);
    c.flags = flags;
    c.arena = arena;
    c.filename = filename;
    c.src = src;
    c.srclen = len;
    c.interactive = root->kind == MP_AST_Interactive;
    c.filename_obj = mp_str_from_cstr(filename);
    if (!c.filename_obj)
        return NULL;
    if (mp_symtable_build(&c.st, root, arena) < 0) {
        if (c.st.recursion_error)
            recursion_error();
        else
            cc_error(&c, c.st.errloc, "%s", c.st.msg);
        mp_decref(c.filename_obj);
        return NULL;
    }
    mp_loc loc = {1, 0, 1, 0};
    mp_obj *co = NULL;
    if (cc_enter_unit(&c, "<module>", UNIT_MODULE, root, loc) == 0) {
        if (compile_module_body(&c, root) == 0)
            co = cc_exit_unit(&c);
    }
    free_units(&c);
    mp_decref(c.filename_obj);
    return co;
}

mp_obj *mp_compile(const char *src, size_t len, const char *filename, mp_parse_mode mode) {
    return mp_compile_ex(src, len, filename, mode, 0);
}

mp_obj *mp_compile_ex(const char *src, size_t len, const char *filename, mp_parse_mode mode,
                      int flags) {
    mp_arena *arena = mp_arena_new();
    mp_syntax_error err;
    memset(&err, 0, sizeof err);
    mp_node *root = mp_parse(arena, src, len, filename, mode, &err);
    mp_obj *co = NULL;
    if (!root)
        mp_raise_parse_error(&err, src, len, filename);
    else
        co = mp_compile_ast(root, arena, src, len, filename, flags);
    mp_arena_free(arena);
    return co;
}
