/*
 * symtable.c — scope analysis (see symtable.h).  Pass 1 (the visit_*
 * functions) walks the tree recording name uses per scope; pass 2
 * (analyze_*) resolves scopes exactly as CPython 3.11's symtable.c does:
 * class scopes are invisible to nested functions, comprehensions are
 * functions of their own whose outermost iterable is evaluated outside,
 * walrus targets in comprehensions bind in the enclosing function.
 * Name sets in pass 2 are mp_namemaps keyed by interned name pointers.
 */
#include "interp/symtable.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "interp/vm.h"
#include "runtime/tstate.h"

/* ---- name maps (interned pointer keys) --------------------------------- */

static unsigned ptr_hash(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (unsigned)(x >> 32);
}

int mp_namemap_get(const mp_namemap *m, const char *key) {
    if (m->cap == 0)
        return -1;
    unsigned mask = (unsigned)m->cap - 1;
    for (unsigned i = ptr_hash(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key)
            return m->vals[i];
        if (m->keys[i] == NULL)
            return -1;
    }
}

static void namemap_insert(mp_namemap *m, const char *key, int val) {
    unsigned mask = (unsigned)m->cap - 1;
    unsigned i = ptr_hash(key) & mask;
    while (m->keys[i] != NULL && m->keys[i] != key)
        i = (i + 1) & mask;
    if (m->keys[i] == NULL)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

void mp_namemap_put(mp_arena *arena, mp_namemap *m, const char *key, int val) {
    if ((m->n + 1) * 2 > m->cap) {
        mp_namemap old = *m;
        m->cap = old.cap ? old.cap * 2 : 16;
        m->keys = mp_arena_alloc(arena, (size_t)m->cap * sizeof(char *));
        m->vals = mp_arena_alloc(arena, (size_t)m->cap * sizeof(int));
        m->n = 0;
        for (int i = 0; i < old.cap; i++)
            if (old.keys[i])
                namemap_insert(m, old.keys[i], old.vals[i]);
    }
    namemap_insert(m, key, val);
}

/* Name sets: a key with value 1 is present; 0 means removed. */
static bool set_has(const mp_namemap *s, const char *k) { return s && mp_namemap_get(s, k) > 0; }
static void set_add(mp_symtable *st, mp_namemap *s, const char *k) {
    mp_namemap_put(st->arena, s, k, 1);
}
static bool set_discard(mp_namemap *s, const char *k) {
    if (!set_has(s, k))
        return false;
    unsigned mask = (unsigned)s->cap - 1;
    unsigned i = ptr_hash(k) & mask;
    while (s->keys[i] != k)
        i = (i + 1) & mask;
    s->vals[i] = 0;
    return true;
}
static void set_update(mp_symtable *st, mp_namemap *dst, const mp_namemap *src) {
    if (!src)
        return;
    for (int i = 0; i < src->cap; i++)
        if (src->keys[i] && src->vals[i] > 0)
            set_add(st, dst, src->keys[i]);
}
static mp_namemap set_copy(mp_symtable *st, const mp_namemap *src) {
    mp_namemap s = {0};
    set_update(st, &s, src);
    return s;
}

/* ---- interning ---------------------------------------------------------- */

static unsigned str_hash(const char *s) {
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

const char *mp_symtable_intern(mp_symtable *st, const char *name) {
    if ((st->nstr + 1) * 2 > st->strcap) {
        int oldcap = st->strcap;
        const char **old = st->strtab;
        st->strcap = oldcap ? oldcap * 2 : 256;
        st->strtab = mp_arena_alloc(st->arena, (size_t)st->strcap * sizeof(char *));
        for (int i = 0; i < oldcap; i++) {
            if (!old[i])
                continue;
            unsigned j = str_hash(old[i]) & (unsigned)(st->strcap - 1);
            while (st->strtab[j])
                j = (j + 1) & (unsigned)(st->strcap - 1);
            st->strtab[j] = old[i];
        }
    }
    unsigned mask = (unsigned)st->strcap - 1;
    unsigned j = str_hash(name) & mask;
    for (; st->strtab[j]; j = (j + 1) & mask)
        if (strcmp(st->strtab[j], name) == 0)
            return st->strtab[j];
    st->strtab[j] = mp_arena_strndup(st->arena, name, strlen(name));
    st->nstr++;
    return st->strtab[j];
}

const char *mp_symtable_mangle(mp_symtable *st, const char *private_name, const char *name) {
    size_t nlen = strlen(name);
    /* Only __names (not __dunder__, not dotted) inside a class are mangled. */
    if (!private_name || nlen < 2 || name[0] != '_' || name[1] != '_')
        return name;
    if ((nlen >= 4 && name[nlen - 1] == '_' && name[nlen - 2] == '_') || strchr(name, '.'))
        return name;
    const char *p = private_name;
    while (*p == '_')
        p++;
    if (!*p) /* class name of only underscores */
        return name;
    size_t plen = strlen(p);
    char *buf = mp_arena_alloc(st->arena, plen + nlen + 2);
    buf[0] = '_';
    memcpy(buf + 1, p, plen);
    memcpy(buf + 1 + plen, name, nlen + 1);
    return mp_symtable_intern(st, buf);
}

/* ---- growable arena arrays ------------------------------------------------ */

static void *grow(mp_arena *a, void *arr, int n, int *cap, size_t elem) {
    if (n < *cap)
        return arr;
    int ncap = *cap ? *cap * 2 : 8;
    void *p = mp_arena_alloc(a, (size_t)ncap * elem);
    if (n)
        memcpy(p, arr, (size_t)n * elem);
    *cap = ncap;
    return p;
}

/* ---- errors --------------------------------------------------------------- */

static int st_error(mp_symtable *st, mp_loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->errloc = loc;
    return -1;
}

static int error_at_directive(mp_symtable *st, mp_ste *ste, const char *name, const char *fmt) {
    mp_loc loc = ste->loc;
    for (int i = 0; i < ste->ndirectives; i++)
        if (ste->directives[i].name == name) {
            loc = ste->directives[i].loc;
            break;
        }
    return st_error(st, loc, fmt, name);
}

/* ---- scopes ------------------------------------------------------------- */

mp_ste *mp_symtable_scope(mp_symtable *st, const mp_node *node) {
    int i = mp_namemap_get(&st->scopemap, (const char *)node);
    return i < 0 ? NULL : st->scopes[i].ste;
}

mp_symbol *mp_ste_lookup(mp_symtable *st, mp_ste *ste, const char *name) {
    int i = mp_namemap_get(&ste->index, mp_symtable_intern(st, name));
    return i < 0 ? NULL : &ste->syms[i];
}

mp_scope mp_ste_scope_of(mp_symtable *st, mp_ste *ste, const char *name) {
    mp_symbol *s = mp_ste_lookup(st, ste, name);
    return s ? s->scope : MP_SCOPE_UNKNOWN;
}

static void enter_block(mp_symtable *st, const char *name, mp_block_kind kind, const mp_node *node,
                        mp_loc loc) {
    mp_ste *ste = mp_arena_alloc(st->arena, sizeof(mp_ste));
    ste->kind = kind;
    ste->name = mp_symtable_intern(st, name);
    ste->node = node;
    ste->loc = loc;
    ste->parent = st->cur;
    if (st->cur) {
        mp_ste *p = st->cur;
        ste->nested = p->nested || p->kind == MP_BLOCK_FUNCTION;
        ste->private_name = p->private_name;
        p->children = grow(st->arena, p->children, p->nchildren, &p->capchildren, sizeof(mp_ste *));
        p->children[p->nchildren++] = ste;
    }
    st->scopes = grow(st->arena, st->scopes, st->nscopes, &st->capscopes, sizeof(mp_scope_ref));
    st->scopes[st->nscopes].node = node;
    st->scopes[st->nscopes].ste = ste;
    mp_namemap_put(st->arena, &st->scopemap, (const char *)node, st->nscopes++);
    st->cur = ste;
}

static void exit_block(mp_symtable *st) { st->cur = st->cur->parent; }

static mp_symbol *ste_symbol(mp_symtable *st, mp_ste *ste, const char *iname) {
    int i = mp_namemap_get(&ste->index, iname);
    if (i >= 0)
        return &ste->syms[i];
    ste->syms = grow(st->arena, ste->syms, ste->nsyms, &ste->capsyms, sizeof(mp_symbol));
    mp_symbol *s = &ste->syms[ste->nsyms];
    s->name = iname;
    s->flags = 0;
    s->scope = MP_SCOPE_UNKNOWN;
    mp_namemap_put(st->arena, &ste->index, iname, ste->nsyms++);
    return s;
}

static int add_def_in(mp_symtable *st, mp_ste *ste, const char *name, int flag, mp_loc loc) {
    const char *iname = mp_symtable_intern(st, mp_symtable_mangle(st, ste->private_name, name));
    mp_symbol *s = ste_symbol(st, ste, iname);
    if ((flag & MP_DEF_PARAM) && (s->flags & MP_DEF_PARAM))
        return st_error(st, loc, "duplicate argument '%s' in function definition", name);
    s->flags |= flag;
    if (flag & MP_DEF_PARAM) {
        ste->params = grow(st->arena, ste->params, ste->nparams, &ste->capparams, sizeof(char *));
        ste->params[ste->nparams++] = iname;
    } else if (flag & MP_DEF_GLOBAL) {
        /* Also recorded in the module scope, as CPython's st_global. */
        mp_symbol *g = ste_symbol(st, st->top, iname);
        g->flags |= flag;
    }
    if (ste->comp_iter_target) {
        if (s->flags & (MP_DEF_GLOBAL | MP_DEF_NONLOCAL))
            return st_error(st, loc,
                            "comprehension inner loop cannot rebind assignment expression target '%s'",
                            name);
        s->flags |= MP_DEF_COMP_ITER;
    }
    return 0;
}

static int add_def(mp_symtable *st, const char *name, int flag, mp_loc loc) {
    return add_def_in(st, st->cur, name, flag, loc);
}

static void record_directive(mp_symtable *st, const char *name, mp_loc loc) {
    mp_ste *ste = st->cur;
    ste->directives = grow(st->arena, ste->directives, ste->ndirectives, &ste->capdirectives,
                           sizeof(mp_directive));
    ste->directives[ste->ndirectives].name =
        mp_symtable_intern(st, mp_symtable_mangle(st, ste->private_name, name));
    ste->directives[ste->ndirectives++].loc = loc;
}

/* ---- pass 1: visiting ----------------------------------------------------- */

static int visit_stmt(mp_symtable *st, mp_node *s);
static int visit_expr(mp_symtable *st, mp_node *e);

static int visit_stmts(mp_symtable *st, mp_nodes seq) {
    for (int i = 0; i < seq.n; i++)
        if (seq.items[i] && visit_stmt(st, seq.items[i]) < 0)
            return -1;
    return 0;
}

static int visit_exprs(mp_symtable *st, mp_nodes seq) {
    for (int i = 0; i < seq.n; i++)
        if (seq.items[i] && visit_expr(st, seq.items[i]) < 0)
            return -1;
    return 0;
}

static int visit_opt(mp_symtable *st, mp_node *e) { return e ? visit_expr(st, e) : 0; }

static int unsupported(mp_symtable *st, mp_loc loc, const char *what) {
    return st_error(st, loc, "%s is not supported by minipy", what);
}

static int enter_recursive(mp_symtable *st, mp_loc loc) {
    if (++st->depth > st->depth_limit || mp_c_stack_exhausted()) {
        st->recursion_error = true;
        st->errloc = loc;
        return -1;
    }
    return 0;
}

/* Defaults and annotations are evaluated in the enclosing scope. */
static int visit_arguments_outer(mp_symtable *st, mp_node *args) {
    if (visit_exprs(st, args->v.arguments.defaults) < 0 ||
        visit_exprs(st, args->v.arguments.kw_defaults) < 0)
        return -1;
    mp_nodes groups[2] = {args->v.arguments.posonlyargs, args->v.arguments.args};
    for (int g = 0; g < 2; g++)
        for (int i = 0; i < groups[g].n; i++)
            if (visit_opt(st, groups[g].items[i]->v.arg.annotation) < 0)
                return -1;
    if (args->v.arguments.vararg && visit_opt(st, args->v.arguments.vararg->v.arg.annotation) < 0)
        return -1;
    for (int i = 0; i < args->v.arguments.kwonlyargs.n; i++)
        if (visit_opt(st, args->v.arguments.kwonlyargs.items[i]->v.arg.annotation) < 0)
            return -1;
    if (args->v.arguments.kwarg && visit_opt(st, args->v.arguments.kwarg->v.arg.annotation) < 0)
        return -1;
    return 0;
}

static int visit_params(mp_symtable *st, mp_nodes params) {
    for (int i = 0; i < params.n; i++)
        if (add_def(st, params.items[i]->v.arg.arg, MP_DEF_PARAM, params.items[i]->loc) < 0)
            return -1;
    return 0;
}

/* Parameters, in CPython's order: positional, keyword-only, *args, **kw. */
static int visit_arguments_inner(mp_symtable *st, mp_node *args) {
    if (visit_params(st, args->v.arguments.posonlyargs) < 0 ||
        visit_params(st, args->v.arguments.args) < 0 ||
        visit_params(st, args->v.arguments.kwonlyargs) < 0)
        return -1;
    if (args->v.arguments.vararg) {
        if (add_def(st, args->v.arguments.vararg->v.arg.arg, MP_DEF_PARAM,
                    args->v.arguments.vararg->loc) < 0)
            return -1;
        st->cur->varargs = true;
    }
    if (args->v.arguments.kwarg) {
        if (add_def(st, args->v.arguments.kwarg->v.arg.arg, MP_DEF_PARAM,
                    args->v.arguments.kwarg->loc) < 0)
            return -1;
        st->cur->varkeywords = true;
    }
    return 0;
}

static int visit_global_nonlocal(mp_symtable *st, mp_node *s) {
    bool global = s->kind == MP_AST_Global;
    for (int i = 0; i < s->v.global.names.n; i++) {
        const char *name = s->v.global.names.items[i];
        mp_symbol *sym = mp_ste_lookup(st, st->cur,
                                       mp_symtable_mangle(st, st->cur->private_name, name));
        int cur = sym ? sym->flags : 0;
        if (cur & (MP_DEF_PARAM | MP_DEF_LOCAL | MP_DEF_USE | MP_DEF_ANNOT)) {
            const char *fmt;
            if (cur & MP_DEF_PARAM)
                fmt = global ? "name '%s' is parameter and global" : "name '%s' is parameter and nonlocal";
            else if (cur & MP_DEF_USE)
                fmt = global ? "name '%s' is used prior to global declaration"
                             : "name '%s' is used prior to nonlocal declaration";
            else if (cur & MP_DEF_ANNOT)
                fmt = global ? "annotated name '%s' can't be global"
                             : "annotated name '%s' can't be nonlocal";
            else
                fmt = global ? "name '%s' is assigned to before global declaration"
                             : "name '%s' is assigned to before nonlocal declaration";
            return st_error(st, s->loc, fmt, name);
        }
        if (add_def(st, name, global ? MP_DEF_GLOBAL : MP_DEF_NONLOCAL, s->loc) < 0)
            return -1;
        record_directive(st, name, s->loc);
    }
    return 0;
}

static int visit_alias(mp_symtable *st, mp_node *a, mp_loc stmt_loc) {
    const char *name = a->v.alias.asname ? a->v.alias.asname : a->v.alias.name;
    if (strcmp(name, "*") == 0) {
        if (st->cur->kind != MP_BLOCK_MODULE)
            return st_error(st, stmt_loc, "import * only allowed at module level");
        return 0;
    }
    const char *dot = strchr(name, '.');
    if (dot) {
        char *first = mp_arena_strndup(st->arena, name, (size_t)(dot - name));
        return add_def(st, first, MP_DEF_IMPORT, a->loc);
    }
    return add_def(st, name, MP_DEF_IMPORT, a->loc);
}

static int visit_function(mp_symtable *st, mp_node *s) {
    if (add_def(st, s->v.functiondef.name, MP_DEF_LOCAL, s->loc) < 0)
        return -1;
    if (visit_arguments_outer(st, s->v.functiondef.args) < 0 ||
        visit_opt(st, s->v.functiondef.returns) < 0 ||
        visit_exprs(st, s->v.functiondef.decorator_list) < 0)
        return -1;
    enter_block(st, s->v.functiondef.name, MP_BLOCK_FUNCTION, s, s->loc);
    if (visit_arguments_inner(st, s->v.functiondef.args) < 0 ||
        visit_stmts(st, s->v.functiondef.body) < 0)
        return -1;
    exit_block(st);
    return 0;
}

static int visit_class(mp_symtable *st, mp_node *s) {
    if (add_def(st, s->v.classdef.name, MP_DEF_LOCAL, s->loc) < 0)
        return -1;
    if (visit_exprs(st, s->v.classdef.bases) < 0)
        return -1;
    for (int i = 0; i < s->v.classdef.keywords.n; i++)
        if (visit_expr(st, s->v.classdef.keywords.items[i]->v.keyword.value) < 0)
            return -1;
    if (visit_exprs(st, s->v.classdef.decorator_list) < 0)
        return -1;
    enter_block(st, s->v.classdef.name, MP_BLOCK_CLASS, s, s->loc);
    st->cur->private_name = st->cur->name;
    if (visit_stmts(st, s->v.classdef.body) < 0)
        return -1;
    exit_block(st);
    return 0;
}

static int visit_stmt(mp_symtable *st, mp_node *s) {
    if (enter_recursive(st, s->loc) < 0)
        return -1;
    int r = 0;
    switch (s->kind) {
    case MP_AST_FunctionDef:
        r = visit_function(st, s);
        break;
    case MP_AST_ClassDef:
        r = visit_class(st, s);
        break;
    case MP_AST_Return:
        r = visit_opt(st, s->v.ret.value);
        break;
    case MP_AST_Delete:
        r = visit_exprs(st, s->v.del.targets);
        break;
    case MP_AST_Assign:
        r = visit_exprs(st, s->v.assign.targets);
        if (r == 0)
            r = visit_expr(st, s->v.assign.value);
        break;
    case MP_AST_AugAssign:
        r = visit_expr(st, s->v.augassign.target);
        if (r == 0)
            r = visit_expr(st, s->v.augassign.value);
        break;
    case MP_AST_AnnAssign: {
        mp_node *t = s->v.annassign.target;
        if (t->kind == MP_AST_Name) {
            mp_symbol *sym = mp_ste_lookup(
                st, st->cur, mp_symtable_mangle(st, st->cur->private_name, t->v.name.id));
            int cur = sym ? sym->flags : 0;
            if ((cur & (MP_DEF_GLOBAL | MP_DEF_NONLOCAL)) && st->cur != st->top &&
                s->v.annassign.simple)
                return st_error(st, s->loc,
                                (cur & MP_DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                      : "annotated name '%s' can't be nonlocal",
                                t->v.name.id);
            if (s->v.annassign.simple)
                r = add_def(st, t->v.name.id, MP_DEF_ANNOT | MP_DEF_LOCAL, t->loc);
            else if (s->v.annassign.value)
                r = add_def(st, t->v.name.id, MP_DEF_LOCAL, t->loc);
        } else {
            r = visit_expr(st, t);
        }
        if (r == 0)
            r = visit_expr(st, s->v.annassign.annotation);
        if (r == 0)
            r = visit_opt(st, s->v.annassign.value);
        break;
    }
    case MP_AST_For:
        r = visit_expr(st, s->v.forloop.target);
        if (r == 0)
            r = visit_expr(st, s->v.forloop.iter);
        if (r == 0)
            r = visit_stmts(st, s->v.forloop.body);
        if (r == 0)
            r = visit_stmts(st, s->v.forloop.orelse);
        break;
    case MP_AST_While:
        r = visit_expr(st, s->v.whileloop.test);
        if (r == 0)
            r = visit_stmts(st, s->v.whileloop.body);
        if (r == 0)
            r = visit_stmts(st, s->v.whileloop.orelse);
        break;
    case MP_AST_If:
        r = visit_expr(st, s->v.ifstmt.test);
        if (r == 0)
            r = visit_stmts(st, s->v.ifstmt.body);
        if (r == 0)
            r = visit_stmts(st, s->v.ifstmt.orelse);
        break;
    case MP_AST_With:
        for (int i = 0; i < s->v.with.items.n && r == 0; i++) {
            mp_node *item = s->v.with.items.items[i];
            r = visit_expr(st, item->v.withitem.context_expr);
            if (r == 0)
                r = visit_opt(st, item->v.withitem.optional_vars);
        }
        if (r == 0)
            r = visit_stmts(st, s->v.with.body);
        break;
    case MP_AST_Raise:
        r = visit_opt(st, s->v.raise.exc);
        if (r == 0)
            r = visit_opt(st, s->v.raise.cause);
        break;
    case MP_AST_Try:
        r = visit_stmts(st, s->v.trystmt.body);
        for (int i = 0; i < s->v.trystmt.handlers.n && r == 0; i++) {
            mp_node *h = s->v.trystmt.handlers.items[i];
            r = visit_opt(st, h->v.handler.type);
            if (r == 0 && h->v.handler.name)
                r = add_def(st, h->v.handler.name, MP_DEF_LOCAL, h->loc);
            if (r == 0)
                r = visit_stmts(st, h->v.handler.body);
        }
        if (r == 0)
            r = visit_stmts(st, s->v.trystmt.orelse);
        if (r == 0)
            r = visit_stmts(st, s->v.trystmt.finalbody);
        break;
    case MP_AST_Assert:
        r = visit_expr(st, s->v.assert_.test);
        if (r == 0)
            r = visit_opt(st, s->v.assert_.msg);
        break;
    case MP_AST_Import:
        for (int i = 0; i < s->v.import.names.n && r == 0; i++)
            r = visit_alias(st, s->v.import.names.items[i], s->loc);
        break;
    case MP_AST_ImportFrom:
        for (int i = 0; i < s->v.importfrom.names.n && r == 0; i++)
            r = visit_alias(st, s->v.importfrom.names.items[i], s->loc);
        break;
    case MP_AST_Global:
    case MP_AST_Nonlocal:
        r = visit_global_nonlocal(st, s);
        break;
    case MP_AST_Expr:
        r = visit_expr(st, s->v.expr.value);
        break;
    case MP_AST_Pass:
    case MP_AST_Break:
    case MP_AST_Continue:
        break;
    default:
        r = st_error(st, s->loc, "unexpected statement node %s", mp_ast_kind_names[s->kind]);
        break;
    }
    st->depth--;
    return r;
}

/* A walrus target inside a comprehension binds in the nearest enclosing
 * function (as nonlocal) or module (as global). */
static int extend_namedexpr_scope(mp_symtable *st, mp_node *target) {
    const char *name = target->v.name.id;
    const char *iname = mp_symtable_intern(st, name);
    for (mp_ste *ste = st->cur; ste; ste = ste->parent) {
        if (ste->comprehension) {
            mp_symbol *sym = mp_ste_lookup(st, ste, iname);
            if (sym && (sym->flags & MP_DEF_COMP_ITER))
                return st_error(st, target->loc,
                                "assignment expression cannot rebind comprehension iteration variable '%s'",
                                name);
            continue;
        }
        if (ste->kind == MP_BLOCK_FUNCTION) {
            mp_symbol *sym = mp_ste_lookup(st, ste, iname);
            int flag = (sym && (sym->flags & MP_DEF_GLOBAL)) ? MP_DEF_GLOBAL : MP_DEF_NONLOCAL;
            if (add_def(st, name, flag, target->loc) < 0)
                return -1;
            record_directive(st, name, target->loc);
            return add_def_in(st, ste, name, MP_DEF_LOCAL, target->loc);
        }
        if (ste->kind == MP_BLOCK_MODULE) {
            if (add_def(st, name, MP_DEF_GLOBAL, target->loc) < 0)
                return -1;
            record_directive(st, name, target->loc);
            return add_def_in(st, ste, name, MP_DEF_GLOBAL, target->loc);
        }
        return st_error(st, target->loc,
                        "assignment expression within a comprehension cannot be used in a class body");
    }
    return 0;
}

static int visit_comprehension_tail(mp_symtable *st, mp_node *g) {
    if (g->v.comprehension.is_async)
        return unsupported(st, g->loc, "'async for'");
    st->cur->comp_iter_target = true;
    if (visit_expr(st, g->v.comprehension.target) < 0)
        return -1;
    st->cur->comp_iter_target = false;
    st->cur->comp_iter_expr++;
    if (visit_expr(st, g->v.comprehension.iter) < 0)
        return -1;
    st->cur->comp_iter_expr--;
    return visit_exprs(st, g->v.comprehension.ifs);
}

static int visit_comprehension(mp_symtable *st, mp_node *e, const char *scope_name) {
    mp_nodes gens = e->v.comp.generators;
    mp_node *outermost = gens.items[0];
    if (outermost->v.comprehension.is_async)
        return unsupported(st, outermost->loc, "'async for'");
    /* The outermost iterable is evaluated in the enclosing scope. */
    st->cur->comp_iter_expr++;
    if (visit_expr(st, outermost->v.comprehension.iter) < 0)
        return -1;
    st->cur->comp_iter_expr--;
    enter_block(st, scope_name, MP_BLOCK_FUNCTION, e, e->loc);
    st->cur->comprehension = true;
    if (add_def(st, ".0", MP_DEF_PARAM, e->loc) < 0)
        return -1;
    st->cur->comp_iter_target = true;
    if (visit_expr(st, outermost->v.comprehension.target) < 0)
        return -1;
    st->cur->comp_iter_target = false;
    if (visit_exprs(st, outermost->v.comprehension.ifs) < 0)
        return -1;
    for (int i = 1; i < gens.n; i++)
        if (visit_comprehension_tail(st, gens.items[i]) < 0)
            return -1;
    if (e->kind == MP_AST_DictComp) {
        if (visit_expr(st, e->v.comp.value) < 0 || visit_expr(st, e->v.comp.key) < 0)
            return -1;
    } else if (visit_expr(st, e->v.comp.elt) < 0) {
        return -1;
    }
    st->cur->generator = e->kind == MP_AST_GeneratorExp;
    exit_block(st);
    return 0;
}

static const char *comp_kind_name(mp_ast_kind k) {
    switch (k) {
    case MP_AST_ListComp: return "list comprehension";
    case MP_AST_SetComp: return "set comprehension";
    case MP_AST_DictComp: return "dict comprehension";
    default: return "generator expression";
    }
}

static int visit_yield(mp_symtable *st, mp_node *e) {
    mp_ste *cur = st->cur;
    if (cur->comprehension) {
        const mp_node *n = cur->node;
        return st_error(st, e->loc, "'%s' inside %s",
                        e->kind == MP_AST_Yield ? "yield" : "yield from", comp_kind_name(n->kind));
    }
    if (cur->kind != MP_BLOCK_FUNCTION)
        return st_error(st, e->loc, "'%s' outside function",
                        e->kind == MP_AST_Yield ? "yield" : "yield from");
    if (e->kind == MP_AST_YieldFrom)
        return unsupported(st, e->loc, "'yield from'");
    cur->generator = true;
    return visit_opt(st, e->v.yield.value);
}

static int visit_expr(mp_symtable *st, mp_node *e) {
    if (enter_recursive(st, e->loc) < 0)
        return -1;
    int r = 0;
    switch (e->kind) {
    case MP_AST_NamedExpr:
        if (st->cur->comp_iter_expr > 0)
            return st_error(st, e->loc,
                            "assignment expression cannot be used in a comprehension iterable expression");
        if (st->cur->comprehension && extend_namedexpr_scope(st, e->v.namedexpr.target) < 0)
            return -1;
        r = visit_expr(st, e->v.namedexpr.value);
        if (r == 0)
            r = visit_expr(st, e->v.namedexpr.target);
        break;
    case MP_AST_BoolOp:
        r = visit_exprs(st, e->v.boolop.values);
        break;
    case MP_AST_BinOp:
        r = visit_expr(st, e->v.binop.left);
        if (r == 0)
            r = visit_expr(st, e->v.binop.right);
        break;
    case MP_AST_UnaryOp:
        r = visit_expr(st, e->v.unaryop.operand);
        break;
    case MP_AST_Lambda:
        r = visit_arguments_outer(st, e->v.lambda.args);
        if (r == 0) {
            enter_block(st, "lambda", MP_BLOCK_FUNCTION, e, e->loc);
            r = visit_arguments_inner(st, e->v.lambda.args);
            if (r == 0)
                r = visit_expr(st, e->v.lambda.body);
            exit_block(st);
        }
        break;
    case MP_AST_IfExp:
        r = visit_expr(st, e->v.ifexp.test);
        if (r == 0)
            r = visit_expr(st, e->v.ifexp.body);
        if (r == 0)
            r = visit_expr(st, e->v.ifexp.orelse);
        break;
    case MP_AST_Dict:
        r = visit_exprs(st, e->v.dict.keys);
        if (r == 0)
            r = visit_exprs(st, e->v.dict.values);
        break;
    case MP_AST_Set:
        r = visit_exprs(st, e->v.set.elts);
        break;
    case MP_AST_ListComp:
        r = visit_comprehension(st, e, "listcomp");
        break;
    case MP_AST_SetComp:
        r = visit_comprehension(st, e, "setcomp");
        break;
    case MP_AST_DictComp:
        r = visit_comprehension(st, e, "dictcomp");
        break;
    case MP_AST_GeneratorExp:
        r = visit_comprehension(st, e, "genexpr");
        break;
    case MP_AST_Await:
        r = unsupported(st, e->loc, "'await'");
        break;
    case MP_AST_Yield:
    case MP_AST_YieldFrom:
        r = visit_yield(st, e);
        break;
    case MP_AST_Compare:
        r = visit_expr(st, e->v.compare.left);
        if (r == 0)
            r = visit_exprs(st, e->v.compare.comparators);
        break;
    case MP_AST_Call:
        r = visit_expr(st, e->v.call.func);
        if (r == 0)
            r = visit_exprs(st, e->v.call.args);
        for (int i = 0; i < e->v.call.keywords.n && r == 0; i++)
            r = visit_expr(st, e->v.call.keywords.items[i]->v.keyword.value);
        break;
    case MP_AST_FormattedValue:
        r = visit_expr(st, e->v.formatted.value);
        if (r == 0)
            r = visit_opt(st, e->v.formatted.format_spec);
        break;
    case MP_AST_JoinedStr:
        r = visit_exprs(st, e->v.joinedstr.values);
        break;
    case MP_AST_Constant:
        break;
    case MP_AST_Attribute:
        r = visit_expr(st, e->v.attribute.value);
        break;
    case MP_AST_Subscript:
        r = visit_expr(st, e->v.subscript.value);
        if (r == 0)
            r = visit_expr(st, e->v.subscript.slice);
        break;
    case MP_AST_Starred:
        r = visit_expr(st, e->v.starred.value);
        break;
    case MP_AST_Slice:
        r = visit_opt(st, e->v.slice.lower);
        if (r == 0)
            r = visit_opt(st, e->v.slice.upper);
        if (r == 0)
            r = visit_opt(st, e->v.slice.step);
        break;
    case MP_AST_Name:
        r = add_def(st, e->v.name.id, e->v.name.ctx == MP_CTX_LOAD ? MP_DEF_USE : MP_DEF_LOCAL,
                    e->loc);
        /* super() with no arguments reads the __class__ cell. */
        if (r == 0 && e->v.name.ctx == MP_CTX_LOAD && st->cur->kind == MP_BLOCK_FUNCTION &&
            strcmp(e->v.name.id, "super") == 0)
            r = add_def(st, "__class__", MP_DEF_USE, e->loc);
        break;
    case MP_AST_List:
    case MP_AST_Tuple:
        r = visit_exprs(st, e->v.seq.elts);
        break;
    default:
        r = st_error(st, e->loc, "unexpected expression node %s", mp_ast_kind_names[e->kind]);
        break;
    }
    st->depth--;
    return r;
}

/* ---- pass 2: analysis ----------------------------------------------------- */

static int analyze_block(mp_symtable *st, mp_ste *ste, mp_namemap *bound, mp_namemap *free,
                         mp_namemap *global);

static int analyze_name(mp_symtable *st, mp_ste *ste, mp_symbol *sym, mp_namemap *bound,
                        mp_namemap *local, mp_namemap *free, mp_namemap *global) {
    const char *name = sym->name;
    int flags = sym->flags;
    if (flags & MP_DEF_GLOBAL) {
        if (flags & MP_DEF_NONLOCAL)
            return error_at_directive(st, ste, name, "name '%s' is nonlocal and global");
        sym->scope = MP_SCOPE_GLOBAL_EXPLICIT;
        set_add(st, global, name);
        if (bound)
            set_discard(bound, name);
        return 0;
    }
    if (flags & MP_DEF_NONLOCAL) {
        if (!bound)
            return error_at_directive(st, ste, name,
                                      "nonlocal declaration not allowed at module level%.0s");
        if (!set_has(bound, name))
            return error_at_directive(st, ste, name, "no binding for nonlocal '%s' found");
        sym->scope = MP_SCOPE_FREE;
        ste->free = true;
        set_add(st, free, name);
        return 0;
    }
    if (flags & MP_DEF_BOUND) {
        sym->scope = MP_SCOPE_LOCAL;
        set_add(st, local, name);
        set_discard(global, name);
        return 0;
    }
    if (set_has(bound, name)) {
        sym->scope = MP_SCOPE_FREE;
        ste->free = true;
        set_add(st, free, name);
        return 0;
    }
    if (set_has(global, name)) {
        sym->scope = MP_SCOPE_GLOBAL_IMPLICIT;
        return 0;
    }
    if (ste->nested)
        ste->free = true;
    sym->scope = MP_SCOPE_GLOBAL_IMPLICIT;
    return 0;
}

/* Locals of a function that children use freely become cells. */
static void analyze_cells(mp_ste *ste, mp_namemap *free) {
    for (int i = 0; i < ste->nsyms; i++) {
        mp_symbol *s = &ste->syms[i];
        if (s->scope == MP_SCOPE_LOCAL && set_has(free, s->name)) {
            s->scope = MP_SCOPE_CELL;
            set_discard(free, s->name);
        }
    }
}

/* Records free variables of children that pass through this scope. */
static void update_symbols(mp_symtable *st, mp_ste *ste, mp_namemap *bound, mp_namemap *free,
                           bool classflag) {
    for (int i = 0; i < free->cap; i++) {
        const char *name = free->keys[i];
        if (!name || free->vals[i] <= 0)
            continue;
        mp_symbol *sym = mp_ste_lookup(st, ste, name);
        if (sym) {
            if (classflag && (sym->flags & (MP_DEF_BOUND | MP_DEF_GLOBAL)))
                sym->flags |= MP_DEF_FREE_CLASS;
            continue;
        }
        if (bound && !set_has(bound, name))
            continue; /* a global */
        sym = ste_symbol(st, ste, name);
        sym->scope = MP_SCOPE_FREE;
    }
}

static int analyze_child(mp_symtable *st, mp_ste *child, mp_namemap *bound, mp_namemap *free,
                         mp_namemap *global, mp_namemap *child_free) {
    mp_namemap tb = set_copy(st, bound), tf = set_copy(st, free), tg = set_copy(st, global);
    if (analyze_block(st, child, &tb, &tf, &tg) < 0)
        return -1;
    set_update(st, child_free, &tf);
    return 0;
}

static int analyze_block(mp_symtable *st, mp_ste *ste, mp_namemap *bound, mp_namemap *free,
                         mp_namemap *global) {
    mp_namemap local = {0}, newglobal = {0}, newfree = {0}, newbound = {0}, allfree = {0};
    if (ste->kind == MP_BLOCK_CLASS) {
        set_update(st, &newglobal, global);
        set_update(st, &newbound, bound);
    }
    int nsyms = ste->nsyms; /* update_symbols of children may not add here */
    for (int i = 0; i < nsyms; i++)
        if (analyze_name(st, ste, &ste->syms[i], bound, &local, free, global) < 0)
            return -1;
    if (ste->kind != MP_BLOCK_CLASS) {
        if (ste->kind == MP_BLOCK_FUNCTION)
            set_update(st, &newbound, &local);
        set_update(st, &newbound, bound);
        set_update(st, &newglobal, global);
    } else {
        set_add(st, &newbound, mp_symtable_intern(st, "__class__"));
    }
    for (int i = 0; i < ste->nchildren; i++) {
        mp_ste *c = ste->children[i];
        if (analyze_child(st, c, &newbound, &newfree, &newglobal, &allfree) < 0)
            return -1;
        if (c->free || c->child_free)
            ste->child_free = true;
    }
    set_update(st, &newfree, &allfree);
    if (ste->kind == MP_BLOCK_FUNCTION)
        analyze_cells(ste, &newfree);
    else if (ste->kind == MP_BLOCK_CLASS &&
             set_discard(&newfree, mp_symtable_intern(st, "__class__")))
        ste->needs_class_closure = true;
    update_symbols(st, ste, bound, &newfree, ste->kind == MP_BLOCK_CLASS);
    set_update(st, free, &newfree);
    return 0;
}

/* ---- entry point ------------------------------------------------------------ */

int mp_symtable_build(mp_symtable *st, mp_node *root, mp_arena *arena) {
    memset(st, 0, sizeof *st);
    st->arena = arena;
    /* CPython: recursion limit * COMPILER_STACK_FRAME_SCALE (3). */
    st->depth_limit = mp_recursion_limit * 3;
    mp_loc loc = {1, 0, 1, 0};
    enter_block(st, "top", MP_BLOCK_MODULE, root, loc);
    st->top = st->cur;
    int r;
    if (root->kind == MP_AST_Expression)
        r = visit_expr(st, root->v.expr.value);
    else
        r = visit_stmts(st, root->v.module.body);
    if (r < 0)
        return -1;
    mp_namemap free = {0}, global = {0};
    return analyze_block(st, st->top, NULL, &free, &global);
}
