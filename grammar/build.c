/*
 * build.c — AST construction helpers for the grammar actions, and the
 * checks CPython's PEG grammar makes with its invalid_* rules: assignment,
 * deletion and loop targets, annotations, walrus targets, parameter lists
 * and call arguments.  The LALR grammar accepts a superset of Python
 * (e.g. any expression left of '='); these functions reject what CPython
 * rejects, with its messages and caret ranges.
 */
#include <stdlib.h>
#include <string.h>

#include "grammar/parser_int.h"
#include "parser.h"

/* ---- lists ---------------------------------------------------------------- */

mp_seq *mp_seq_push(mp_arena *a, mp_seq *s, void *item) {
    if (!s)
        s = mp_arena_alloc(a, sizeof *s);
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 4;
        void **items = mp_arena_alloc(a, (size_t)cap * sizeof *items);
        if (s->n)
            memcpy(items, s->items, (size_t)s->n * sizeof *items);
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n++] = item;
    return s;
}

mp_nodes mp_seq_nodes(const mp_seq *s) {
    mp_nodes r = {0, NULL};
    if (s) {
        r.n = s->n;
        r.items = (mp_node **)s->items;
    }
    return r;
}

/* ---- nodes ---------------------------------------------------------------- */

mp_node *mp_new_node(mp_parser *p, mp_ast_kind kind, mp_loc loc) {
    mp_node *n = mp_arena_alloc(p->arena, sizeof *n);
    n->kind = kind;
    n->loc = loc;
    return n;
}

mp_node *mp_name(mp_parser *p, const char *id, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_Name, loc);
    n->v.name.id = id;
    return n;
}

mp_node *mp_const(mp_parser *p, mp_const_kind kind, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_Constant, loc);
    n->v.constant.kind = kind;
    return n;
}

mp_node *mp_ast_binop(mp_parser *p, mp_node *l, int op, mp_node *r, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_BinOp, loc);
    n->v.binop.left = l;
    n->v.binop.op = op;
    n->v.binop.right = r;
    return n;
}

mp_node *mp_ast_unary(mp_parser *p, mp_unaryop op, mp_node *operand, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_UnaryOp, loc);
    n->v.unaryop.op = op;
    n->v.unaryop.operand = operand;
    return n;
}

mp_node *mp_boolop_node(mp_parser *p, mp_boolop op, mp_seq *values, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_BoolOp, loc);
    n->v.boolop.op = op;
    n->v.boolop.values = mp_seq_nodes(values);
    return n;
}

mp_node *mp_tuple(mp_parser *p, mp_seq *elts, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_Tuple, loc);
    n->v.seq.elts = mp_seq_nodes(elts);
    return n;
}

mp_node *mp_seq_or_tuple(mp_parser *p, mp_seq *elts, mp_loc loc) {
    return elts->n == 1 ? elts->items[0] : mp_tuple(p, elts, loc);
}

mp_node *mp_comp(mp_parser *p, mp_ast_kind kind, mp_node *elt, mp_node *value, mp_seq *gens,
                 mp_loc loc) {
    /* Without async functions, "async for" in a comprehension is always
     * outside one; CPython's compiler says so. */
    for (int i = 0; i < gens->n; i++)
        if (((mp_node *)gens->items[i])->v.comprehension.is_async) {
            mp_raise_at(p, loc,
                        kind == MP_AST_GeneratorExp
                            ? "asynchronous generator expressions are not supported by minipy"
                            : "asynchronous comprehension outside of an asynchronous function");
            return NULL;
        }
    mp_node *n = mp_new_node(p, kind, loc);
    if (kind == MP_AST_DictComp) {
        n->v.comp.key = elt;
        n->v.comp.value = value;
    } else
        n->v.comp.elt = elt;
    n->v.comp.generators = mp_seq_nodes(gens);
    return n;
}

mp_cmpchain *mp_cmp_push(mp_parser *p, mp_cmpchain *c, mp_cmpop op, mp_node *right) {
    if (!c)
        c = mp_arena_alloc(p->arena, sizeof *c);
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 2;
        mp_cmpop *ops = mp_arena_alloc(p->arena, (size_t)cap * sizeof *ops);
        mp_node **cs = mp_arena_alloc(p->arena, (size_t)cap * sizeof *cs);
        if (c->n) {
            memcpy(ops, c->ops, (size_t)c->n * sizeof *ops);
            memcpy(cs, c->comparators, (size_t)c->n * sizeof *cs);
        }
        c->ops = ops;
        c->comparators = cs;
        c->cap = cap;
    }
    c->ops[c->n] = op;
    c->comparators[c->n++] = right;
    return c;
}

mp_node *mp_compare(mp_parser *p, mp_node *left, mp_cmpchain *c, mp_loc loc) {
    mp_node *n = mp_new_node(p, MP_AST_Compare, loc);
    n->v.compare.left = left;
    n->v.compare.n = c->n;
    n->v.compare.ops = c->ops;
    n->v.compare.comparators.n = c->n;
    n->v.compare.comparators.items = c->comparators;
    return n;
}

char *mp_join_dotted(mp_parser *p, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    char *s = mp_arena_alloc(p->arena, la + lb + 2);
    memcpy(s, a, la);
    s[la] = '.';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

mp_node *mp_import_from(mp_parser *p, int level, const char *module, mp_seq *names, mp_loc loc) {
    if (!names)
        return NULL;
    mp_node *n = mp_new_node(p, MP_AST_ImportFrom, loc);
    n->v.importfrom.module = module;
    n->v.importfrom.names = mp_seq_nodes(names);
    n->v.importfrom.level = level;
    return n;
}

/* ---- numbers ---------------------------------------------------------------- */

/* A NUMBER token as a Constant: INT keeps its digits (no prefix, no
 * underscores, no redundant leading zeros) and base; FLOAT is converted. */
mp_node *mp_number(mp_parser *p, const mp_token *t) {
    const char *s = t->start;
    size_t len = (size_t)(t->end - t->start);
    char last = s[len - 1] | 0x20;
    if (last == 'j') {
        mp_raise_at(p, t->loc, "complex numbers are not supported by minipy");
        return NULL;
    }
    int base = 10;
    if (len > 1 && s[0] == '0') {
        char c = s[1] | 0x20;
        base = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 10;
        if (base != 10) {
            s += 2;
            len -= 2;
        }
    }
    char *digits = mp_arena_alloc(p->arena, len + 1);
    size_t n = 0;
    bool is_float = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '_')
            continue;
        if (base == 10 && (c == '.' || c == 'e' || c == 'E'))
            is_float = true;
        digits[n++] = c;
    }
    digits[n] = '\0';
    mp_node *node = mp_const(p, is_float ? MP_CONST_FLOAT : MP_CONST_INT, t->loc);
    if (is_float) {
        node->v.constant.f = strtod(digits, NULL);
        return node;
    }
    while (n > 1 && digits[0] == '0') {
        digits++;
        n--;
    }
    node->v.constant.text = digits;
    node->v.constant.len = n;
    node->v.constant.base = base;
    return node;
}

/* ---- expression names and targets --------------------------------------------- */

const char *mp_expr_name(const mp_node *e) {
    switch (e->kind) {
    case MP_AST_Attribute: return "attribute";
    case MP_AST_Subscript: return "subscript";
    case MP_AST_Starred: return "starred";
    case MP_AST_Name: return "name";
    case MP_AST_List: return "list";
    case MP_AST_Tuple: return "tuple";
    case MP_AST_Lambda: return "lambda";
    case MP_AST_Call: return "function call";
    case MP_AST_BoolOp:
    case MP_AST_BinOp:
    case MP_AST_UnaryOp: return "expression";
    case MP_AST_GeneratorExp: return "generator expression";
    case MP_AST_Yield:
    case MP_AST_YieldFrom: return "yield expression";
    case MP_AST_Await: return "await expression";
    case MP_AST_ListComp: return "list comprehension";
    case MP_AST_SetComp: return "set comprehension";
    case MP_AST_DictComp: return "dict comprehension";
    case MP_AST_Dict: return "dict literal";
    case MP_AST_Set: return "set display";
    case MP_AST_JoinedStr:
    case MP_AST_FormattedValue: return "f-string expression";
    case MP_AST_Compare: return "comparison";
    case MP_AST_IfExp: return "conditional expression";
    case MP_AST_NamedExpr: return "named expression";
    case MP_AST_Constant:
        switch (e->v.constant.kind) {
        case MP_CONST_NONE: return "None";
        case MP_CONST_TRUE: return "True";
        case MP_CONST_FALSE: return "False";
        case MP_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    default: return "expression";
    }
}

/* CPython's _PyPegen_get_invalid_target: the first part of e that cannot
 * be assigned (or deleted), or NULL.  Nesting is bounded by brackets. */
const mp_node *mp_invalid_target(const mp_node *e, mp_target_kind tk) {
    switch (e->kind) {
    case MP_AST_List:
    case MP_AST_Tuple:
        for (int i = 0; i < e->v.seq.elts.n; i++) {
            const mp_node *bad = mp_invalid_target(e->v.seq.elts.items[i], tk);
            if (bad)
                return bad;
        }
        return NULL;
    case MP_AST_Starred:
        return tk == MP_TARGETS_DEL ? e : mp_invalid_target(e->v.starred.value, tk);
    case MP_AST_Compare:
        if (tk == MP_TARGETS_FOR)
            return e->v.compare.ops[0] == MP_CMP_IN ? mp_invalid_target(e->v.compare.left, tk)
                                                    : NULL;
        return e;
    case MP_AST_Name:
    case MP_AST_Subscript:
    case MP_AST_Attribute: return NULL;
    default: return e;
    }
}

static void set_ctx(mp_node *e, mp_expr_ctx ctx) {
    switch (e->kind) {
    case MP_AST_Name: e->v.name.ctx = ctx; break;
    case MP_AST_Attribute: e->v.attribute.ctx = ctx; break;
    case MP_AST_Subscript: e->v.subscript.ctx = ctx; break;
    case MP_AST_Starred:
        e->v.starred.ctx = ctx;
        set_ctx(e->v.starred.value, ctx);
        break;
    case MP_AST_List:
    case MP_AST_Tuple:
        e->v.seq.ctx = ctx;
        for (int i = 0; i < e->v.seq.elts.n; i++)
            set_ctx(e->v.seq.elts.items[i], ctx);
        break;
    default: break;
    }
}

static bool check_target(mp_parser *p, mp_node *t, mp_target_kind tk) {
    const mp_node *bad = mp_invalid_target(t, tk);
    if (bad) {
        mp_raise_at(p, bad->loc, tk == MP_TARGETS_DEL ? "cannot delete %s" : "cannot assign to %s",
                    mp_expr_name(bad));
        return false;
    }
    set_ctx(t, tk == MP_TARGETS_DEL ? MP_CTX_DEL : MP_CTX_STORE);
    return true;
}

bool mp_set_store(mp_parser *p, mp_node *t) { return check_target(p, t, MP_TARGETS_STAR); }

bool mp_check_for_target(mp_parser *p, mp_node *t) { return check_target(p, t, MP_TARGETS_FOR); }

mp_node *mp_delete(mp_parser *p, mp_seq *targets, mp_loc loc) {
    for (int i = 0; i < targets->n; i++)
        if (!check_target(p, targets->items[i], MP_TARGETS_DEL))
            return NULL;
    mp_node *n = mp_new_node(p, MP_AST_Delete, loc);
    n->v.del.targets = mp_seq_nodes(targets);
    return n;
}

mp_node *mp_with_item(mp_parser *p, mp_node *ctx, mp_node *target, mp_loc loc) {
    if (target && !mp_set_store(p, target))
        return NULL;
    mp_node *n = mp_new_node(p, MP_AST_withitem, loc);
    n->v.withitem.context_expr = ctx;
    n->v.withitem.optional_vars = target;
    return n;
}

static bool same_loc(mp_loc a, mp_loc b) {
    return a.line == b.line && a.col == b.col && a.end_line == b.end_line && a.end_col == b.end_col;
}

/* Would CPython's bitwise_or rule match all of e as written?  (Groups
 * always do; comparisons, not/and/or, conditionals, lambdas, starred
 * items and bare tuples do not.) */
static bool is_bitwise_or(const mp_node *e, mp_loc written) {
    if (!same_loc(e->loc, written) && e->kind != MP_AST_Tuple)
        return true; /* parenthesised */
    switch (e->kind) {
    case MP_AST_Compare:
    case MP_AST_BoolOp:
    case MP_AST_IfExp:
    case MP_AST_Lambda:
    case MP_AST_NamedExpr:
    case MP_AST_Starred:
    case MP_AST_Yield:
    case MP_AST_YieldFrom: return false;
    case MP_AST_UnaryOp: return e->v.unaryop.op != MP_UNARY_NOT;
    default: return true;
    }
}

/* The leftmost bitwise_or-level part of an expression (what CPython's
 * "bitwise_or" matches at its start), or NULL if it starts otherwise. */
static const mp_node *leading_bitwise_or(const mp_node *e, mp_loc written) {
    if (!same_loc(e->loc, written) || is_bitwise_or(e, written))
        return e->kind == MP_AST_Tuple && same_loc(e->loc, written) ? NULL : e;
    switch (e->kind) {
    case MP_AST_Compare: return e->v.compare.left;
    case MP_AST_BoolOp:
        return leading_bitwise_or(e->v.boolop.values.items[0], e->v.boolop.values.items[0]->loc);
    case MP_AST_IfExp: return leading_bitwise_or(e->v.ifexp.body, e->v.ifexp.body->loc);
    default: return NULL;
    }
}

/* CPython refuses "cannot assign to X here" suggestions for targets that
 * start with a list, tuple, generator expression or True/None/False. */
static bool starts_excluded(const mp_node *e) {
    for (;;) {
        switch (e->kind) {
        case MP_AST_BinOp: e = e->v.binop.left; break;
        case MP_AST_Attribute: e = e->v.attribute.value; break;
        case MP_AST_Subscript: e = e->v.subscript.value; break;
        case MP_AST_Call: e = e->v.call.func; break;
        case MP_AST_List:
        case MP_AST_Tuple:
        case MP_AST_GeneratorExp: return true;
        case MP_AST_Constant: {
            mp_const_kind k = e->v.constant.kind;
            return k == MP_CONST_TRUE || k == MP_CONST_NONE || k == MP_CONST_FALSE;
        }
        default: return false;
        }
    }
}

bool mp_suggest_comparison(mp_parser *p, mp_node *t, mp_loc tloc, mp_loc b) {
    mp_node *e = t;
    mp_loc eloc = tloc;
    bool in_tuple = t->kind == MP_AST_Tuple && same_loc(t->loc, tloc) && t->v.seq.elts.n > 0 &&
                    !mp_parenthesized(p, t->loc);
    if (in_tuple) {
        e = t->v.seq.elts.items[t->v.seq.elts.n - 1];
        eloc = e->loc;
    }
    if (in_tuple && e->kind == MP_AST_Name) {
        mp_raise_range(p, MP_SYNERR_SYNTAX, e->loc, b,
                       "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return true;
    }
    if (!is_bitwise_or(e, eloc) || starts_excluded(e))
        return false;
    if (e->kind == MP_AST_Name)
        return false;
    mp_raise_at(p, e->loc, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                mp_expr_name(e));
    return true;
}

mp_node *mp_assign(mp_parser *p, mp_seq *chain, mp_loc loc) {
    int k = chain->n / 2 - 1; /* number of targets */
    mp_node *value = chain->items[2 * k];
    mp_loc vloc = *(mp_loc *)chain->items[2 * k + 1];
    bool bad = false;
    for (int i = 0; i < k && !bad; i++) {
        mp_node *t = chain->items[2 * i];
        bad = t->kind == MP_AST_Yield || t->kind == MP_AST_YieldFrom ||
              mp_invalid_target(t, MP_TARGETS_STAR);
    }
    if (bad) {
        mp_node *t0 = chain->items[0];
        const mp_node *b = leading_bitwise_or(value, vloc);
        if (k == 1 && b && mp_suggest_comparison(p, t0, *(mp_loc *)chain->items[1], b->loc))
            return NULL;
        for (int i = 0; i < k; i++) {
            mp_node *t = chain->items[2 * i];
            mp_loc tloc = *(mp_loc *)chain->items[2 * i + 1];
            if (t->kind == MP_AST_Yield || t->kind == MP_AST_YieldFrom) {
                if (same_loc(t->loc, tloc)) {
                    mp_raise_at(p, t->loc, "assignment to yield expression not possible");
                    return NULL;
                }
            }
            if (!mp_set_store(p, t))
                return NULL;
        }
    }
    mp_node *n = mp_new_node(p, MP_AST_Assign, loc);
    mp_seq *targets = NULL;
    for (int i = 0; i < k; i++) {
        mp_node *t = chain->items[2 * i];
        set_ctx(t, MP_CTX_STORE);
        targets = mp_seq_push(p->arena, targets, t);
    }
    n->v.assign.targets = mp_seq_nodes(targets);
    n->v.assign.value = value;
    return n;
}

mp_node *mp_augassign(mp_parser *p, mp_node *t, int op, mp_node *v, mp_loc loc) {
    if (t->kind != MP_AST_Name && t->kind != MP_AST_Attribute && t->kind != MP_AST_Subscript) {
        mp_raise_at(p, t->loc, "'%s' is an illegal expression for augmented assignment",
                    mp_expr_name(t));
        return NULL;
    }
    set_ctx(t, MP_CTX_STORE);
    mp_node *n = mp_new_node(p, MP_AST_AugAssign, loc);
    n->v.augassign.target = t;
    n->v.augassign.op = op;
    n->v.augassign.value = v;
    return n;
}

bool mp_check_ann_target(mp_parser *p, mp_node *t) {
    if (t->kind == MP_AST_Tuple && t->v.seq.elts.n > 0 && !mp_parenthesized(p, t->loc)) {
        /* "a, b: int" is reported at its first element. */
        mp_raise_at(p, t->v.seq.elts.items[0]->loc,
                    "only single target (not tuple) can be annotated");
        return false;
    }
    if (t->kind == MP_AST_Tuple || t->kind == MP_AST_List) {
        mp_raise_at(p, t->loc, "only single target (not %s) can be annotated",
                    t->kind == MP_AST_Tuple ? "tuple" : "list");
        return false;
    }
    if (t->kind != MP_AST_Name && t->kind != MP_AST_Attribute && t->kind != MP_AST_Subscript) {
        mp_raise_at(p, t->loc, "illegal target for annotation");
        return false;
    }
    return true;
}

mp_node *mp_annassign(mp_parser *p, mp_node *t, mp_loc tloc, mp_node *ann, mp_node *v, mp_loc loc) {
    bool parenthesised = !same_loc(t->loc, tloc);
    if (!mp_check_ann_target(p, t))
        return NULL;
    set_ctx(t, MP_CTX_STORE);
    mp_node *n = mp_new_node(p, MP_AST_AnnAssign, loc);
    n->v.annassign.target = t;
    n->v.annassign.annotation = ann;
    n->v.annassign.value = v;
    n->v.annassign.simple = t->kind == MP_AST_Name && !parenthesised;
    return n;
}

mp_node *mp_named_expr(mp_parser *p, mp_node *target, mp_loc tloc, mp_node *value, mp_loc loc) {
    if (target->kind != MP_AST_Name || !same_loc(target->loc, tloc)) {
        mp_raise_at(p, target->loc, "cannot use assignment expressions with %s",
                    mp_expr_name(target));
        return NULL;
    }
    target->v.name.ctx = MP_CTX_STORE;
    mp_node *n = mp_new_node(p, MP_AST_NamedExpr, loc);
    n->v.namedexpr.target = target;
    n->v.namedexpr.value = value;
    return n;
}

/* ---- parameters ---------------------------------------------------------------- */

mp_param *mp_param_new(mp_parser *p, mp_param_kind kind, const char *name, mp_loc nloc,
                       mp_node *ann, mp_node *def, mp_loc loc) {
    mp_param *pa = mp_arena_alloc(p->arena, sizeof *pa);
    pa->kind = kind;
    pa->def = def;
    pa->loc = loc;
    if (name) {
        mp_loc aloc = nloc;
        if (ann) {
            aloc.end_line = ann->loc.end_line;
            aloc.end_col = ann->loc.end_col;
        }
        pa->arg = mp_new_node(p, MP_AST_arg, aloc);
        pa->arg->v.arg.arg = name;
        pa->arg->v.arg.annotation = ann;
    }
    return pa;
}

/* Builds an `arguments` node from a def's or lambda's parameter list,
 * checking the order rules CPython's grammar encodes. */
static mp_node *arguments(mp_parser *p, mp_seq *params, mp_loc loc, bool partial) {
    mp_node *n = mp_new_node(p, MP_AST_arguments, loc);
    mp_seq *pos = NULL, *defaults = NULL, *kwonly = NULL, *kwdefaults = NULL;
    bool slash = false, star = false, dstar = false, seen_default = false;
    int npos_before_slash = 0;
    for (int i = 0; params && i < params->n; i++) {
        mp_param *pa = params->items[i];
        mp_param *next = i + 1 < params->n ? params->items[i + 1] : NULL;
        if (dstar) {
            mp_raise_at(p, pa->kind == MP_PARAM_NAME ? pa->arg->loc : pa->loc,
                        "arguments cannot follow var-keyword argument");
            return NULL;
        }
        switch (pa->kind) {
        case MP_PARAM_SLASH:
            if (slash) {
                mp_raise_at(p, pa->loc, "/ may appear only once");
                return NULL;
            }
            if (star) {
                mp_raise_at(p, pa->loc, "/ must be ahead of *");
                return NULL;
            }
            if (!pos) {
                if (pa->last)
                    mp_raise_at(p, pa->loc, "invalid syntax");
                else
                    mp_raise_at(p, pa->loc, "at least one argument must precede /");
                return NULL;
            }
            slash = true;
            npos_before_slash = pos->n;
            break;
        case MP_PARAM_STAR:
            if (star) {
                mp_raise_at(p, pa->loc, "* argument may appear only once");
                return NULL;
            }
            if (!pa->arg && ((!next && !partial) || (next && next->kind == MP_PARAM_DSTAR))) {
                mp_raise_at(p, pa->loc, "named arguments must follow bare *");
                return NULL;
            }
            star = true;
            n->v.arguments.vararg = pa->arg;
            break;
        case MP_PARAM_DSTAR:
            dstar = true;
            n->v.arguments.kwarg = pa->arg;
            break;
        case MP_PARAM_NAME:
            if (star) {
                kwonly = mp_seq_push(p->arena, kwonly, pa->arg);
                kwdefaults = mp_seq_push(p->arena, kwdefaults, pa->def);
                break;
            }
            if (pa->def) {
                seen_default = true;
                defaults = mp_seq_push(p->arena, defaults, pa->def);
            } else if (seen_default) {
                mp_raise_at(p, pa->arg->loc, "non-default argument follows default argument");
                return NULL;
            }
            pos = mp_seq_push(p->arena, pos, pa->arg);
            break;
        }
    }
    mp_nodes all = mp_seq_nodes(pos);
    n->v.arguments.posonlyargs.n = npos_before_slash;
    n->v.arguments.posonlyargs.items = all.items;
    n->v.arguments.args.n = all.n - npos_before_slash;
    n->v.arguments.args.items = all.items + npos_before_slash;
    n->v.arguments.kwonlyargs = mp_seq_nodes(kwonly);
    n->v.arguments.kw_defaults = mp_seq_nodes(kwdefaults);
    n->v.arguments.defaults = mp_seq_nodes(defaults);
    return n;
}

mp_node *mp_arguments(mp_parser *p, mp_seq *params, mp_loc loc) {
    return arguments(p, params, loc, false);
}

bool mp_check_params(mp_parser *p, mp_seq *params) {
    mp_loc none = {0};
    return arguments(p, params, none, true) != NULL;
}

/* ---- call arguments ------------------------------------------------------------ */

mp_callarg *mp_callarg_new(mp_parser *p, mp_arg_kind kind, mp_node *node, mp_loc loc) {
    mp_callarg *a = mp_arena_alloc(p->arena, sizeof *a);
    a->kind = kind;
    a->node = node;
    a->loc = loc;
    return a;
}

mp_callarg *mp_kwarg(mp_parser *p, mp_node *name, mp_loc nloc, mp_loc eqloc, mp_node *value,
                     mp_loc loc) {
    bool bare = same_loc(name->loc, nloc);
    if (name->kind == MP_AST_Name && bare) {
        if (!value)
            return mp_callarg_new(p, MP_ARG_KW, NULL, loc); /* only checking */
        mp_node *k = mp_new_node(p, MP_AST_keyword, loc);
        k->v.keyword.arg = name->v.name.id;
        k->v.keyword.value = value;
        return mp_callarg_new(p, MP_ARG_KW, k, loc);
    }
    if (name->kind == MP_AST_Constant && bare && name->v.constant.kind <= MP_CONST_FALSE)
        mp_raise_range(p, MP_SYNERR_SYNTAX, name->loc, eqloc, "cannot assign to %s",
                       mp_expr_name(name));
    else
        mp_raise_range(p, MP_SYNERR_SYNTAX, name->loc, eqloc,
                       "expression cannot contain assignment, perhaps you meant \"==\"?");
    return NULL;
}

/* End of a generator expression's last comprehension clause. */
static mp_loc last_comprehension_item(const mp_node *g) {
    const mp_node *c = g->v.comp.generators.items[g->v.comp.generators.n - 1];
    const mp_nodes *ifs = &c->v.comprehension.ifs;
    return ifs->n ? ifs->items[ifs->n - 1]->loc : c->v.comprehension.iter->loc;
}

/* The 'for' keyword of a generator expression's first clause. */
static mp_loc first_for(const mp_node *g) {
    mp_loc l = g->v.comp.generators.items[0]->loc;
    l.end_line = l.line;
    l.end_col = l.col + 3;
    return l;
}

bool mp_call_args(mp_parser *p, const mp_callargs *a, mp_loc open, mp_loc close, bool is_class,
                  mp_nodes *args, mp_nodes *keywords) {
    mp_seq *pos = NULL, *kws = NULL;
    int n = a->items->n;
    mp_callarg **item = (mp_callarg **)a->items->items;
    bool kw = false, dstar = false;
    /* CPython tries its invalid_arguments alternatives in this order. */
    for (int i = 0; i < n; i++) {
        if (item[i]->kind == MP_ARG_STAR && dstar) {
            mp_loc star = item[i]->loc;
            star.end_line = star.line;
            star.end_col = star.col + 1;
            mp_raise_at(p, star, "iterable argument unpacking follows keyword argument unpacking");
            return false;
        }
        dstar |= item[i]->kind == MP_ARG_DSTAR;
    }
    dstar = false;
    for (int i = 0; i < n; i++) {
        mp_callarg *c = item[i];
        if (c->kind == MP_ARG_GENEXP && is_class) {
            mp_raise_at(p, first_for(c->node), "invalid syntax");
            return false;
        }
        if (c->kind == MP_ARG_POS && (kw || dstar)) {
            /* CPython points at the token after the arguments it could
             * parse: a generator's 'for', or the ')'. */
            mp_loc at = close;
            for (int j = i; j < n; j++)
                if (item[j]->kind == MP_ARG_GENEXP) {
                    at = first_for(item[j]->node);
                    break;
                }
            mp_raise_at(p, at,
                        dstar ? "positional argument follows keyword argument unpacking"
                              : "positional argument follows keyword argument");
            return false;
        }
        if (c->kind == MP_ARG_GENEXP && (n > 1 || a->trailing_comma)) {
            mp_raise_range(p, MP_SYNERR_SYNTAX, c->node->v.comp.elt->loc,
                           last_comprehension_item(c->node),
                           "Generator expression must be parenthesized");
            return false;
        }
        switch (c->kind) {
        case MP_ARG_GENEXP:
            /* The sole generator argument spans the call's parentheses. */
            c->node->loc.line = open.line;
            c->node->loc.col = open.col;
            c->node->loc.end_line = close.end_line;
            c->node->loc.end_col = close.end_col;
            /* fall through */
        case MP_ARG_POS:
        case MP_ARG_STAR: pos = mp_seq_push(p->arena, pos, c->node); break;
        case MP_ARG_KW:
            kw = true;
            kws = mp_seq_push(p->arena, kws, c->node);
            break;
        case MP_ARG_DSTAR:
            dstar = true;
            kws = mp_seq_push(p->arena, kws, c->node);
            break;
        }
    }
    *args = mp_seq_nodes(pos);
    *keywords = mp_seq_nodes(kws);
    return true;
}
