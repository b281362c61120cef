/*
 * compile_expr.c — expressions: constants (with CPython-like folding of
 * constant arithmetic), operators, boolean jumps, displays with starred
 * unpacking, calls (the LOAD_METHOD/CALL fast path, or CALL_FUNCTION_EX
 * for star-args and double-star keyword arguments), comprehensions (each its own function, as in
 * 3.11), f-strings, lambdas and assignment targets.  Every instruction
 * gets the source range of the node that produced it, which the
 * traceback printer turns into CPython's caret lines.
 */
#include <string.h>

#include "interp/compile_int.h"
#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- constants -------------------------------------------------------------- */

static bool identifier_like(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
              (ch >= 'A' && ch <= 'Z')))
            return false;
    }
    return true;
}

mp_obj *cc_constant_value(compiler *c, mp_node *e) {
    switch (e->v.constant.kind) {
    case MP_CONST_NONE:
        return mp_None;
    case MP_CONST_TRUE:
        return mp_True;
    case MP_CONST_FALSE:
        return mp_False;
    case MP_CONST_ELLIPSIS:
        return mp_Ellipsis;
    case MP_CONST_INT:
        return mp_int_from_str(e->v.constant.text, strlen(e->v.constant.text), e->v.constant.base);
    case MP_CONST_FLOAT:
        return mp_float_new(e->v.constant.f);
    case MP_CONST_STR:
        if (e->v.constant.len <= 64 && identifier_like(e->v.constant.text, e->v.constant.len))
            return mp_str_intern_n(e->v.constant.text, e->v.constant.len);
        return mp_str_new(e->v.constant.text, e->v.constant.len);
    case MP_CONST_BYTES:
        return mp_bytes_new(e->v.constant.text, e->v.constant.len);
    }
    return NULL;
}

/* ---- constant folding ------------------------------------------------------------- */

#define FOLD_MAX_STR 4096
#define FOLD_MAX_DEPTH 8

static bool is_number(mp_obj *o) { return mp_int_check(o) || mp_float_check(o); }

/* Only results that are cheap and exact are kept: ints that fit 64 bits,
 * floats, and short strings (as CPython's AST optimizer's size limits). */
static mp_obj *fold_result(mp_obj *r) {
    if (!r) {
        mp_err_clear();
        return NULL;
    }
    int64_t v;
    if (mp_float_check(r) || (mp_str_check(r) && mp_str_size(r) <= FOLD_MAX_STR))
        return r;
    if (mp_int_check(r) && mp_typeof(r) != &mp_type_bool && mp_int_as_i64(r, &v) == 0)
        return r;
    mp_err_clear();
    mp_decref(r);
    return NULL;
}

static mp_obj *fold(compiler *c, mp_node *e, int depth);

static mp_obj *fold_binop(compiler *c, mp_node *e, int depth) {
    mp_obj *a = fold(c, e->v.binop.left, depth + 1);
    if (!a)
        return NULL;
    mp_obj *b = fold(c, e->v.binop.right, depth + 1);
    if (!b) {
        mp_decref(a);
        return NULL;
    }
    int op = e->v.binop.op;
    bool ok = is_number(a) && is_number(b);
    int64_t n;
    if (ok && (op == MP_OP_POW || op == MP_OP_LSHIFT))
        ok = mp_is_small(b) && mp_small_val(b) >= 0 && mp_small_val(b) <= 64 &&
             (op == MP_OP_LSHIFT || mp_is_small(a) || mp_float_check(a));
    if (!ok && op == MP_OP_ADD && mp_str_check(a) && mp_str_check(b))
        ok = mp_str_size(a) + mp_str_size(b) <= FOLD_MAX_STR;
    if (!ok && op == MP_OP_MUL && mp_str_check(a) && mp_is_small(b) && mp_int_as_i64(b, &n) == 0)
        ok = n >= 0 && (uint64_t)n * mp_str_size(a) <= FOLD_MAX_STR;
    if (op == MP_OP_MATMUL)
        ok = false;
    mp_obj *r = ok ? fold_result(mp_binop(a, b, (mp_binop_t)op)) : NULL;
    mp_decref(a);
    mp_decref(b);
    return r;
}

/* Value of e if it is a constant expression worth folding, else NULL (no
 * exception: failures, like 1/0, are left to run time). */
static mp_obj *fold(compiler *c, mp_node *e, int depth) {
    if (depth > FOLD_MAX_DEPTH)
        return NULL;
    switch (e->kind) {
    case MP_AST_Constant: {
        mp_obj *v = cc_constant_value(c, e);
        if (!v)
            mp_err_clear();
        return v;
    }
    case MP_AST_UnaryOp: {
        if (e->v.unaryop.op == MP_UNARY_NOT)
            return NULL;
        mp_obj *v = fold(c, e->v.unaryop.operand, depth + 1);
        if (!v)
            return NULL;
        mp_obj *r = NULL;
        if (is_number(v)) {
            mp_unop_t op = e->v.unaryop.op == MP_UNARY_USUB   ? MP_UOP_NEG
                           : e->v.unaryop.op == MP_UNARY_UADD ? MP_UOP_POS
                                                              : MP_UOP_INVERT;
            if (!(op == MP_UOP_INVERT && mp_float_check(v)))
                r = fold_result(mp_unary(v, op));
        }
        mp_decref(v);
        return r;
    }
    case MP_AST_BinOp:
        return fold_binop(c, e, depth);
    default:
        return NULL;
    }
}

/* A tuple of the elements' constant values, or NULL. */
static mp_obj *fold_tuple(compiler *c, mp_nodes elts) {
    mp_obj *t = mp_tuple_new((size_t)elts.n);
    for (int i = 0; i < elts.n; i++) {
        mp_node *x = elts.items[i];
        mp_obj *v = NULL;
        if (x->kind == MP_AST_Tuple && x->v.seq.ctx == MP_CTX_LOAD)
            v = fold_tuple(c, x->v.seq.elts);
        else if (x->kind != MP_AST_Starred)
            v = fold(c, x, 0);
        if (!v) {
            for (int j = i; j < elts.n; j++) /* fill so the tuple can be freed */
                mp_tuple_items(t)[j] = mp_newref(mp_None);
            mp_decref(t);
            return NULL;
        }
        mp_tuple_items(t)[i] = v;
    }
    return t;
}

/* ---- compile-time warnings (CPython's check_caller & co) ---------------------- */

/* The type an expression certainly has, by its syntax, or NULL. */
static const char *infer_type(const mp_node *e) {
    switch (e->kind) {
    case MP_AST_Tuple: return "tuple";
    case MP_AST_List:
    case MP_AST_ListComp: return "list";
    case MP_AST_Dict:
    case MP_AST_DictComp: return "dict";
    case MP_AST_Set:
    case MP_AST_SetComp: return "set";
    case MP_AST_GeneratorExp: return "generator";
    case MP_AST_Lambda: return "function";
    case MP_AST_JoinedStr:
    case MP_AST_FormattedValue: return "str";
    case MP_AST_Constant:
        switch (e->v.constant.kind) {
        case MP_CONST_NONE: return "NoneType";
        case MP_CONST_TRUE:
        case MP_CONST_FALSE: return "bool";
        case MP_CONST_ELLIPSIS: return "ellipsis";
        case MP_CONST_INT: return "int";
        case MP_CONST_FLOAT: return "float";
        case MP_CONST_STR: return "str";
        case MP_CONST_BYTES: return "bytes";
        }
        return NULL;
    default:
        return NULL;
    }
}

static void check_caller(compiler *c, const mp_node *e) {
    switch (e->kind) {
    case MP_AST_Constant: case MP_AST_Tuple: case MP_AST_List: case MP_AST_ListComp:
    case MP_AST_Dict: case MP_AST_DictComp: case MP_AST_Set: case MP_AST_SetComp:
    case MP_AST_GeneratorExp: case MP_AST_JoinedStr: case MP_AST_FormattedValue:
        cc_warn(c, "'%s' object is not callable; perhaps you missed a comma?", infer_type(e));
        break;
    default:
        break;
    }
}

static bool const_is(const mp_node *e, mp_const_kind k) {
    return e->kind == MP_AST_Constant && e->v.constant.kind == k;
}

static void check_subscripter(compiler *c, const mp_node *e) {
    switch (e->kind) {
    case MP_AST_Constant:
        if (!(const_is(e, MP_CONST_NONE) || const_is(e, MP_CONST_ELLIPSIS) ||
              const_is(e, MP_CONST_INT) || const_is(e, MP_CONST_FLOAT) ||
              const_is(e, MP_CONST_TRUE) || const_is(e, MP_CONST_FALSE)))
            return;
        /* fall through */
    case MP_AST_Set: case MP_AST_SetComp: case MP_AST_GeneratorExp: case MP_AST_Lambda:
        cc_warn(c, "'%s' object is not subscriptable; perhaps you missed a comma?",
                infer_type(e));
        break;
    default:
        break;
    }
}

static void check_index(compiler *c, const mp_node *e, const mp_node *s) {
    const char *index_type = s->kind == MP_AST_Slice ? "slice" : infer_type(s);
    if (!index_type || strcmp(index_type, "int") == 0 || strcmp(index_type, "bool") == 0 ||
        strcmp(index_type, "slice") == 0)
        return;
    switch (e->kind) {
    case MP_AST_Constant:
        if (!(const_is(e, MP_CONST_STR) || const_is(e, MP_CONST_BYTES)))
            return;
        /* fall through */
    case MP_AST_Tuple: case MP_AST_List: case MP_AST_ListComp: case MP_AST_JoinedStr:
    case MP_AST_FormattedValue:
        cc_warn(c, "%s indices must be integers or slices, not %s; perhaps you missed a comma?",
                infer_type(e), index_type);
        break;
    default:
        break;
    }
}

/* `x is 1`: identity with a literal other than None/True/False/... */
static void check_compare(compiler *c, const mp_node *e) {
    const mp_node *left = e->v.compare.left;
    for (int i = 0; i < e->v.compare.n; i++) {
        const mp_node *right = e->v.compare.comparators.items[i];
        mp_cmpop op = e->v.compare.ops[i];
        bool lok = left->kind != MP_AST_Constant || const_is(left, MP_CONST_NONE) ||
                   const_is(left, MP_CONST_TRUE) || const_is(left, MP_CONST_FALSE) ||
                   const_is(left, MP_CONST_ELLIPSIS);
        bool rok = right->kind != MP_AST_Constant || const_is(right, MP_CONST_NONE) ||
                   const_is(right, MP_CONST_TRUE) || const_is(right, MP_CONST_FALSE) ||
                   const_is(right, MP_CONST_ELLIPSIS);
        if ((op == MP_CMP_IS || op == MP_CMP_ISNOT) && (!lok || !rok)) {
            cc_warn(c, op == MP_CMP_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                       : "\"is not\" with a literal. Did you mean \"!=\"?");
            return;
        }
        left = right;
    }
}

/* ---- helpers ------------------------------------------------------------------- */

int cc_visit_expr(compiler *c, mp_node *e);

static int visit_exprs(compiler *c, mp_nodes seq) {
    for (int i = 0; i < seq.n; i++)
        if (cc_visit_expr(c, seq.items[i]) < 0)
            return -1;
    return 0;
}

static int visit_opt(compiler *c, mp_node *e) {
    return e ? cc_visit_expr(c, e) : cc_load_const(c, mp_None);
}

static int emit_name(compiler *c, int op, const char *name) {
    int idx = cc_add_name(c, name);
    if (idx < 0)
        return -1;
    cc_emit(c, op, (uint32_t)idx);
    return 0;
}

/* ---- displays and unpacking --------------------------------------------------------- */

/* Builds a list/tuple/set from elts that may contain *starred items
 * (CPython's starunpack_helper); `pushed` items are already on the stack. */
static int starunpack(compiler *c, mp_nodes elts, int pushed, int build, int add, int extend,
                      bool tuple) {
    int n = elts.n;
    bool starred = false;
    for (int i = 0; i < n; i++)
        starred |= elts.items[i]->kind == MP_AST_Starred;
    if (!starred) {
        if ((tuple || n > 2) && pushed == 0) {
            mp_obj *folded = fold_tuple(c, elts);
            if (folded) {
                if (tuple)
                    return cc_load_const(c, folded);
                /* Like CPython, a constant set display is filled from a
                 * frozenset constant: its table order decides the
                 * insertion order, hence the printed order. */
                if (build == MP_BC_BUILD_SET) {
                    mp_obj *fs = mp_frozenset_new(folded);
                    mp_decref(folded);
                    if (!fs)
                        return -1;
                    folded = fs;
                }
                cc_emit(c, build, 0);
                if (cc_load_const(c, folded) < 0)
                    return -1;
                cc_emit(c, extend, 1);
                return 0;
            }
        }
        if (visit_exprs(c, elts) < 0)
            return -1;
        cc_emit(c, tuple ? MP_BC_BUILD_TUPLE : build, (uint32_t)(n + pushed));
        return 0;
    }
    int seen = 0;
    bool built = false;
    for (int i = 0; i < n; i++) {
        mp_node *x = elts.items[i];
        if (x->kind == MP_AST_Starred) {
            if (!built) {
                cc_emit(c, build, (uint32_t)(seen + pushed));
                built = true;
            }
            if (cc_visit_expr(c, x->v.starred.value) < 0)
                return -1;
            cc_emit(c, extend, 1);
        } else {
            if (cc_visit_expr(c, x) < 0)
                return -1;
            if (built)
                cc_emit(c, add, 1);
            else
                seen++;
        }
    }
    if (tuple)
        cc_emit(c, MP_BC_LIST_TO_TUPLE, 0);
    return 0;
}

static int visit_dict(compiler *c, mp_node *e) {
    mp_nodes keys = e->v.dict.keys, values = e->v.dict.values;
    int run = 0;
    bool have_dict = false;
    for (int i = 0; i < values.n; i++) {
        if (keys.items[i] == NULL) { /* **mapping */
            if (!have_dict || run) {
                cc_emit(c, MP_BC_BUILD_MAP, (uint32_t)run);
                if (have_dict)
                    cc_emit(c, MP_BC_DICT_UPDATE, 1);
                have_dict = true;
                run = 0;
            }
            if (cc_visit_expr(c, values.items[i]) < 0)
                return -1;
            cc_emit(c, MP_BC_DICT_UPDATE, 1);
            continue;
        }
        if (cc_visit_expr(c, keys.items[i]) < 0 || cc_visit_expr(c, values.items[i]) < 0)
            return -1;
        if (have_dict) {
            cc_emit(c, MP_BC_MAP_ADD, 1);
        } else if (++run == 16) { /* keep the stack small for big literals */
            cc_emit(c, MP_BC_BUILD_MAP, 16);
            have_dict = true;
            run = 0;
        }
    }
    if (!have_dict)
        cc_emit(c, MP_BC_BUILD_MAP, (uint32_t)run);
    return 0;
}

static int unpack_targets(compiler *c, mp_node *t) {
    mp_nodes elts = t->v.seq.elts;
    int star = -1;
    for (int i = 0; i < elts.n; i++) {
        if (elts.items[i]->kind != MP_AST_Starred)
            continue;
        if (star >= 0)
            return cc_error(c, t->loc, "multiple starred expressions in assignment");
        star = i;
    }
    if (star >= 0) {
        int after = elts.n - star - 1;
        if (star >= 256 || after >= (1 << 16))
            return cc_error(c, t->loc, "too many expressions in star-unpacking assignment");
        cc_emit(c, MP_BC_UNPACK_EX, (uint32_t)(star | (after << 8)));
    } else {
        cc_emit(c, MP_BC_UNPACK_SEQUENCE, (uint32_t)elts.n);
    }
    for (int i = 0; i < elts.n; i++) {
        mp_node *x = elts.items[i];
        if (cc_store_target(c, x->kind == MP_AST_Starred ? x->v.starred.value : x) < 0)
            return -1;
    }
    return 0;
}

int cc_store_target(compiler *c, mp_node *t) {
    if (cc_enter(c, t->loc) < 0)
        return -1;
    mp_loc saved = c->u->loc;
    c->u->loc = t->loc;
    int r = 0;
    switch (t->kind) {
    case MP_AST_Name:
        r = cc_nameop(c, t->v.name.id, MP_CTX_STORE);
        break;
    case MP_AST_Attribute:
        r = cc_visit_expr(c, t->v.attribute.value);
        c->u->loc = t->loc;
        if (r == 0)
            r = emit_name(c, MP_BC_STORE_ATTR, t->v.attribute.attr);
        break;
    case MP_AST_Subscript:
        r = cc_visit_expr(c, t->v.subscript.value);
        if (r == 0)
            r = cc_visit_expr(c, t->v.subscript.slice);
        c->u->loc = t->loc;
        cc_emit(c, MP_BC_STORE_SUBSCR, 0);
        break;
    case MP_AST_Tuple:
    case MP_AST_List:
        r = unpack_targets(c, t);
        break;
    case MP_AST_Starred:
        r = cc_error(c, t->loc, "starred assignment target must be in a list or tuple");
        break;
    default:
        r = cc_error(c, t->loc, "cannot assign to %s", mp_ast_kind_names[t->kind]);
        break;
    }
    c->u->loc = saved;
    cc_leave(c);
    return r;
}

/* ---- operators and jumps -------------------------------------------------------------- */

static void emit_compare(compiler *c, mp_cmpop op) {
    static const int rich[] = {MP_EQ, MP_NE, MP_LT, MP_LE, MP_GT, MP_GE};
    switch (op) {
    case MP_CMP_IS:
    case MP_CMP_ISNOT:
        cc_emit(c, MP_BC_IS_OP, op == MP_CMP_ISNOT);
        break;
    case MP_CMP_IN:
    case MP_CMP_NOTIN:
        cc_emit(c, MP_BC_CONTAINS_OP, op == MP_CMP_NOTIN);
        break;
    default:
        cc_emit(c, MP_BC_COMPARE_OP, (uint32_t)rich[op]);
        break;
    }
}

/* The right operand of `in`: a constant list/set display becomes a
 * constant tuple/frozenset, as CPython's optimizer does. */
static int visit_comparator(compiler *c, mp_node *x, mp_cmpop op) {
    if ((op == MP_CMP_IN || op == MP_CMP_NOTIN) &&
        (x->kind == MP_AST_List || x->kind == MP_AST_Set)) {
        mp_nodes elts = x->kind == MP_AST_List ? x->v.seq.elts : x->v.set.elts;
        mp_obj *t = fold_tuple(c, elts);
        if (t && x->kind == MP_AST_Set) {
            mp_obj *fs = mp_frozenset_new(t);
            mp_decref(t);
            t = fs;
            if (!t)
                mp_err_clear();
        }
        if (t)
            return cc_load_const(c, t);
    }
    return cc_visit_expr(c, x);
}

static int visit_compare(compiler *c, mp_node *e) {
    int n = e->v.compare.n;
    check_compare(c, e);
    if (cc_visit_expr(c, e->v.compare.left) < 0)
        return -1;
    if (n == 1) {
        if (visit_comparator(c, e->v.compare.comparators.items[0], e->v.compare.ops[0]) < 0)
            return -1;
        c->u->loc = e->loc;
        emit_compare(c, e->v.compare.ops[0]);
        return 0;
    }
    int cleanup = cc_new_label(c), end = cc_new_label(c);
    for (int i = 0; i < n - 1; i++) {
        if (visit_comparator(c, e->v.compare.comparators.items[i], e->v.compare.ops[i]) < 0)
            return -1;
        c->u->loc = e->loc;
        cc_emit(c, MP_BC_SWAP, 2);
        cc_emit(c, MP_BC_COPY, 2);
        emit_compare(c, e->v.compare.ops[i]);
        cc_emit_jump(c, MP_BC_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    if (visit_comparator(c, e->v.compare.comparators.items[n - 1], e->v.compare.ops[n - 1]) < 0)
        return -1;
    c->u->loc = e->loc;
    emit_compare(c, e->v.compare.ops[n - 1]);
    cc_emit_jump(c, MP_BC_JUMP, end);
    cc_bind_label(c, cleanup);
    cc_emit(c, MP_BC_SWAP, 2);
    cc_emit(c, MP_BC_POP_TOP, 0);
    cc_bind_label(c, end);
    return 0;
}

/* CPython 3.11 leaves the current location at a tested comparison, so
 * what follows (e.g. the raise of an assert) reports that range; other
 * tests keep the location they started with.  Mirrored for tracebacks. */
int cc_jump_if(compiler *c, mp_node *e, int label, bool cond) {
    if (cc_enter(c, e->loc) < 0)
        return -1;
    int r = 0;
    switch (e->kind) {
    case MP_AST_UnaryOp:
        if (e->v.unaryop.op == MP_UNARY_NOT) {
            r = cc_jump_if(c, e->v.unaryop.operand, label, !cond);
            goto done;
        }
        break;
    case MP_AST_BoolOp: {
        mp_nodes vals = e->v.boolop.values;
        bool cond2 = e->v.boolop.op == MP_BOOL_OR;
        int next2 = label;
        if (cond2 != cond)
            next2 = cc_new_label(c);
        for (int i = 0; i < vals.n - 1 && r == 0; i++)
            r = cc_jump_if(c, vals.items[i], next2, cond2);
        if (r == 0)
            r = cc_jump_if(c, vals.items[vals.n - 1], label, cond);
        if (next2 != label)
            cc_bind_label(c, next2);
        goto done;
    }
    case MP_AST_IfExp: {
        int end = cc_new_label(c), next2 = cc_new_label(c);
        r = cc_jump_if(c, e->v.ifexp.test, next2, false);
        if (r == 0)
            r = cc_jump_if(c, e->v.ifexp.body, label, cond);
        cc_emit_jump(c, MP_BC_JUMP, end);
        cc_bind_label(c, next2);
        if (r == 0)
            r = cc_jump_if(c, e->v.ifexp.orelse, label, cond);
        cc_bind_label(c, end);
        goto done;
    }
    case MP_AST_Compare: {
        int n = e->v.compare.n;
        if (n < 2) {
            r = cc_visit_expr(c, e);
            c->u->loc = e->loc;
            cc_emit_jump(c, cond ? MP_BC_POP_JUMP_IF_TRUE : MP_BC_POP_JUMP_IF_FALSE, label);
            goto done;
        }
        int cleanup = cc_new_label(c), end = cc_new_label(c);
        c->u->loc = e->loc;
        check_compare(c, e);
        r = cc_visit_expr(c, e->v.compare.left);
        for (int i = 0; i < n - 1 && r == 0; i++) {
            r = visit_comparator(c, e->v.compare.comparators.items[i], e->v.compare.ops[i]);
            cc_emit(c, MP_BC_SWAP, 2);
            cc_emit(c, MP_BC_COPY, 2);
            emit_compare(c, e->v.compare.ops[i]);
            cc_emit_jump(c, MP_BC_POP_JUMP_IF_FALSE, cleanup);
        }
        if (r == 0)
            r = visit_comparator(c, e->v.compare.comparators.items[n - 1], e->v.compare.ops[n - 1]);
        emit_compare(c, e->v.compare.ops[n - 1]);
        cc_emit_jump(c, cond ? MP_BC_POP_JUMP_IF_TRUE : MP_BC_POP_JUMP_IF_FALSE, label);
        cc_emit_jump(c, MP_BC_JUMP, end);
        cc_bind_label(c, cleanup);
        cc_emit(c, MP_BC_POP_TOP, 0);
        if (!cond)
            cc_emit_jump(c, MP_BC_JUMP, label);
        cc_bind_label(c, end);
        goto done;
    }
    default:
        break;
    }
    r = cc_visit_expr(c, e);
    cc_emit_jump(c, cond ? MP_BC_POP_JUMP_IF_TRUE : MP_BC_POP_JUMP_IF_FALSE, label);
done:
    cc_leave(c);
    return r;
}

static int visit_boolop(compiler *c, mp_node *e) {
    int end = cc_new_label(c);
    int op = e->v.boolop.op == MP_BOOL_AND ? MP_BC_JUMP_IF_FALSE_OR_POP : MP_BC_JUMP_IF_TRUE_OR_POP;
    mp_nodes vals = e->v.boolop.values;
    for (int i = 0; i < vals.n - 1; i++) {
        if (cc_visit_expr(c, vals.items[i]) < 0)
            return -1;
        cc_emit_jump(c, op, end);
    }
    if (cc_visit_expr(c, vals.items[vals.n - 1]) < 0)
        return -1;
    cc_bind_label(c, end);
    return 0;
}

static int visit_ifexp(compiler *c, mp_node *e) {
    int end = cc_new_label(c), next = cc_new_label(c);
    if (cc_jump_if(c, e->v.ifexp.test, next, false) < 0 || cc_visit_expr(c, e->v.ifexp.body) < 0)
        return -1;
    cc_emit_jump(c, MP_BC_JUMP, end);
    cc_bind_label(c, next);
    if (cc_visit_expr(c, e->v.ifexp.orelse) < 0)
        return -1;
    cc_bind_label(c, end);
    return 0;
}

static int visit_unaryop(compiler *c, mp_node *e) {
    if (cc_visit_expr(c, e->v.unaryop.operand) < 0)
        return -1;
    c->u->loc = e->loc;
    switch (e->v.unaryop.op) {
    case MP_UNARY_NOT:
        cc_emit(c, MP_BC_UNARY_NOT, 0);
        break;
    case MP_UNARY_USUB:
        cc_emit(c, MP_BC_UNARY_OP, MP_UOP_NEG);
        break;
    case MP_UNARY_UADD:
        cc_emit(c, MP_BC_UNARY_OP, MP_UOP_POS);
        break;
    case MP_UNARY_INVERT:
        cc_emit(c, MP_BC_UNARY_OP, MP_UOP_INVERT);
        break;
    }
    return 0;
}

/* ---- calls ---------------------------------------------------------------------------- */

static int validate_keywords(compiler *c, mp_nodes kws) {
    for (int i = 0; i < kws.n; i++) {
        const char *a = kws.items[i]->v.keyword.arg;
        if (!a)
            continue;
        for (int j = i + 1; j < kws.n; j++) {
            const char *b = kws.items[j]->v.keyword.arg;
            if (b && strcmp(a, b) == 0)
                return cc_error(c, kws.items[j]->loc, "keyword argument repeated: %s", a);
        }
    }
    return 0;
}

/* Pushes a dict of keywords[begin:end] (all named). */
static int subkwargs(compiler *c, mp_nodes kws, int begin, int end) {
    for (int i = begin; i < end; i++) {
        mp_node *k = kws.items[i];
        if (cc_load_const(c, mp_str_intern_cstr(k->v.keyword.arg)) < 0 ||
            cc_visit_expr(c, k->v.keyword.value) < 0)
            return -1;
    }
    cc_emit(c, MP_BC_BUILD_MAP, (uint32_t)(end - begin));
    return 0;
}

/* Arguments and the call itself; `nprefix` arguments are already pushed
 * (after the NULL/callable or method/self pair). */
int cc_call_helper(compiler *c, int nprefix, mp_nodes args, mp_nodes kws, mp_loc callloc) {
    if (validate_keywords(c, kws) < 0)
        return -1;
    bool ex = args.n + kws.n * 2 > 30;
    for (int i = 0; i < args.n; i++)
        ex |= args.items[i]->kind == MP_AST_Starred;
    for (int i = 0; i < kws.n; i++)
        ex |= kws.items[i]->v.keyword.arg == NULL;
    if (!ex) {
        if (visit_exprs(c, args) < 0)
            return -1;
        if (kws.n) {
            mp_obj *names = mp_tuple_new((size_t)kws.n);
            for (int i = 0; i < kws.n; i++) {
                mp_tuple_items(names)[i] = mp_str_intern_cstr(kws.items[i]->v.keyword.arg);
                if (cc_visit_expr(c, kws.items[i]->v.keyword.value) < 0) {
                    for (int j = i + 1; j < kws.n; j++)
                        mp_tuple_items(names)[j] = mp_None;
                    mp_decref(names);
                    return -1;
                }
            }
            int k = cc_add_const(c, names);
            if (k < 0)
                return -1;
            c->u->loc = callloc;
            cc_emit(c, MP_BC_KW_NAMES, (uint32_t)k);
        }
        c->u->loc = callloc;
        cc_emit(c, MP_BC_CALL, (uint32_t)(nprefix + args.n + kws.n));
        return 0;
    }
    if (nprefix == 0 && args.n == 1 && args.items[0]->kind == MP_AST_Starred) {
        if (cc_visit_expr(c, args.items[0]->v.starred.value) < 0)
            return -1;
    } else if (starunpack(c, args, nprefix, MP_BC_BUILD_LIST, MP_BC_LIST_APPEND, MP_BC_LIST_EXTEND,
                          true) < 0) {
        return -1;
    }
    if (kws.n) {
        bool have_dict = false;
        int seen = 0;
        for (int i = 0; i < kws.n; i++) {
            mp_node *k = kws.items[i];
            if (k->v.keyword.arg) {
                seen++;
                continue;
            }
            if (seen) {
                if (subkwargs(c, kws, i - seen, i) < 0)
                    return -1;
                if (have_dict)
                    cc_emit(c, MP_BC_DICT_MERGE, 1);
                have_dict = true;
                seen = 0;
            }
            if (!have_dict) {
                cc_emit(c, MP_BC_BUILD_MAP, 0);
                have_dict = true;
            }
            if (cc_visit_expr(c, k->v.keyword.value) < 0)
                return -1;
            cc_emit(c, MP_BC_DICT_MERGE, 1);
        }
        if (seen) {
            if (subkwargs(c, kws, kws.n - seen, kws.n) < 0)
                return -1;
            if (have_dict)
                cc_emit(c, MP_BC_DICT_MERGE, 1);
        }
    }
    c->u->loc = callloc;
    cc_emit(c, MP_BC_CALL_FUNCTION_EX, kws.n > 0);
    return 0;
}

static int visit_call(compiler *c, mp_node *e) {
    mp_node *func = e->v.call.func;
    mp_nodes args = e->v.call.args, kws = e->v.call.keywords;
    check_caller(c, func);
    bool method = func->kind == MP_AST_Attribute && args.n + kws.n < 30;
    for (int i = 0; i < args.n && method; i++)
        method = args.items[i]->kind != MP_AST_Starred;
    for (int i = 0; i < kws.n && method; i++)
        method = kws.items[i]->v.keyword.arg != NULL;
    if (method) {
        if (cc_visit_expr(c, func->v.attribute.value) < 0)
            return -1;
        c->u->loc = func->loc;
        int mc = cc_add_method_cache(c, func->v.attribute.attr);
        if (mc < 0)
            return -1;
        cc_emit(c, MP_BC_LOAD_METHOD, (uint32_t)mc);
    } else {
        cc_emit(c, MP_BC_PUSH_NULL, 0);
        if (cc_visit_expr(c, func) < 0)
            return -1;
    }
    return cc_call_helper(c, 0, args, kws, e->loc);
}

/* ---- f-strings ------------------------------------------------------------------------- */

static int visit_joinedstr(compiler *c, mp_node *e);

static int visit_formatted(compiler *c, mp_node *e) {
    if (cc_visit_expr(c, e->v.formatted.value) < 0)
        return -1;
    int flags = 0;
    switch (e->v.formatted.conversion) {
    case 's': flags = MP_FMT_STR; break;
    case 'r': flags = MP_FMT_REPR; break;
    case 'a': flags = MP_FMT_ASCII; break;
    default: break;
    }
    if (e->v.formatted.format_spec) {
        if (cc_visit_expr(c, e->v.formatted.format_spec) < 0)
            return -1;
        flags |= MP_FMT_SPEC;
    }
    c->u->loc = e->loc;
    cc_emit(c, MP_BC_FORMAT_VALUE, (uint32_t)flags);
    return 0;
}

static int visit_joinedstr(compiler *c, mp_node *e) {
    mp_nodes vals = e->v.joinedstr.values;
    if (visit_exprs(c, vals) < 0)
        return -1;
    if (vals.n != 1 || vals.items[0]->kind != MP_AST_FormattedValue) {
        c->u->loc = e->loc;
        cc_emit(c, MP_BC_BUILD_STRING, (uint32_t)vals.n);
    }
    return 0;
}

/* ---- functions: defaults, lambda, comprehensions ----------------------------------------- */

int cc_visit_arguments_defaults(compiler *c, mp_node *args, int *flags) {
    mp_nodes defs = args->v.arguments.defaults;
    if (defs.n) {
        if (visit_exprs(c, defs) < 0)
            return -1;
        cc_emit(c, MP_BC_BUILD_TUPLE, (uint32_t)defs.n);
        *flags |= MP_MKFN_DEFAULTS;
    }
    mp_nodes kwonly = args->v.arguments.kwonlyargs, kwdefs = args->v.arguments.kw_defaults;
    int n = 0;
    for (int i = 0; i < kwonly.n; i++) {
        mp_node *d = i < kwdefs.n ? kwdefs.items[i] : NULL;
        if (!d)
            continue;
        if (cc_load_const(c, mp_str_intern_cstr(cc_mangle(c, kwonly.items[i]->v.arg.arg))) < 0 ||
            cc_visit_expr(c, d) < 0)
            return -1;
        n++;
    }
    if (n) {
        cc_emit(c, MP_BC_BUILD_MAP, (uint32_t)n);
        *flags |= MP_MKFN_KWDEFAULTS;
    }
    return 0;
}

int cc_visit_lambda(compiler *c, mp_node *e) {
    int flags = 0;
    if (cc_visit_arguments_defaults(c, e->v.lambda.args, &flags) < 0)
        return -1;
    if (cc_enter_unit(c, "<lambda>", UNIT_LAMBDA, e, e->loc) < 0)
        return -1;
    cunit *u = c->u;
    u->argcount = e->v.lambda.args->v.arguments.posonlyargs.n + e->v.lambda.args->v.arguments.args.n;
    u->posonlyargcount = e->v.lambda.args->v.arguments.posonlyargs.n;
    u->kwonlyargcount = e->v.lambda.args->v.arguments.kwonlyargs.n;
    if (cc_visit_expr(c, e->v.lambda.body) < 0)
        return -1;
    if (u->ste->generator) {
        cc_emit(c, MP_BC_POP_TOP, 0);
        cc_load_const(c, mp_None);
    }
    cc_emit(c, MP_BC_RETURN_VALUE, 0);
    mp_obj *co = cc_exit_unit(c);
    if (!co)
        return -1;
    c->u->loc = e->loc;
    return cc_make_closure(c, co, flags);
}

static int comprehension_generator(compiler *c, mp_node *e, int gen_index, int depth) {
    mp_nodes gens = e->v.comp.generators;
    mp_node *g = gens.items[gen_index];
    int start = cc_new_label(c), if_cleanup = cc_new_label(c), anchor = cc_new_label(c);
    if (gen_index == 0) {
        cc_emit(c, MP_BC_LOAD_FAST, 0); /* the implicit ".0" argument */
    } else {
        if (cc_visit_expr(c, g->v.comprehension.iter) < 0)
            return -1;
        cc_emit(c, MP_BC_GET_ITER, 0);
    }
    depth++;
    cc_bind_label(c, start);
    cc_emit_jump(c, MP_BC_FOR_ITER, anchor);
    if (cc_store_target(c, g->v.comprehension.target) < 0)
        return -1;
    mp_nodes ifs = g->v.comprehension.ifs;
    for (int i = 0; i < ifs.n; i++)
        if (cc_jump_if(c, ifs.items[i], if_cleanup, false) < 0)
            return -1;
    if (gen_index + 1 < gens.n) {
        if (comprehension_generator(c, e, gen_index + 1, depth) < 0)
            return -1;
    } else {
        c->u->loc = e->v.comp.elt ? e->v.comp.elt->loc : e->v.comp.key->loc;
        switch (e->kind) {
        case MP_AST_GeneratorExp:
            if (cc_visit_expr(c, e->v.comp.elt) < 0)
                return -1;
            cc_emit(c, MP_BC_YIELD_VALUE, 0);
            cc_emit(c, MP_BC_POP_TOP, 0);
            break;
        case MP_AST_ListComp:
            if (cc_visit_expr(c, e->v.comp.elt) < 0)
                return -1;
            cc_emit(c, MP_BC_LIST_APPEND, (uint32_t)(depth + 1));
            break;
        case MP_AST_SetComp:
            if (cc_visit_expr(c, e->v.comp.elt) < 0)
                return -1;
            cc_emit(c, MP_BC_SET_ADD, (uint32_t)(depth + 1));
            break;
        default: /* DictComp */
            if (cc_visit_expr(c, e->v.comp.key) < 0 || cc_visit_expr(c, e->v.comp.value) < 0)
                return -1;
            cc_emit(c, MP_BC_MAP_ADD, (uint32_t)(depth + 1));
            break;
        }
    }
    cc_bind_label(c, if_cleanup);
    cc_emit_jump(c, MP_BC_JUMP_BACKWARD, start);
    cc_bind_label(c, anchor);
    return 0;
}

static int visit_comprehension(compiler *c, mp_node *e) {
    const char *name;
    int build = -1;
    switch (e->kind) {
    case MP_AST_ListComp: name = "<listcomp>"; build = MP_BC_BUILD_LIST; break;
    case MP_AST_SetComp: name = "<setcomp>"; build = MP_BC_BUILD_SET; break;
    case MP_AST_DictComp: name = "<dictcomp>"; build = MP_BC_BUILD_MAP; break;
    default: name = "<genexpr>"; break;
    }
    mp_node *outermost = e->v.comp.generators.items[0];
    if (cc_enter_unit(c, name, UNIT_COMPREHENSION, e, e->loc) < 0)
        return -1;
    c->u->argcount = 1;
    if (build >= 0)
        cc_emit(c, build, 0);
    if (comprehension_generator(c, e, 0, 0) < 0)
        return -1;
    c->u->loc = e->loc;
    if (build >= 0) {
        cc_emit(c, MP_BC_RETURN_VALUE, 0);
    } else {
        cc_load_const(c, mp_None);
        cc_emit(c, MP_BC_RETURN_VALUE, 0);
    }
    mp_obj *co = cc_exit_unit(c);
    if (!co)
        return -1;
    c->u->loc = e->loc;
    if (cc_make_closure(c, co, 0) < 0 || cc_visit_expr(c, outermost->v.comprehension.iter) < 0)
        return -1;
    c->u->loc = e->loc;
    cc_emit(c, MP_BC_GET_ITER, 0);
    cc_emit(c, MP_BC_CALL, 0);
    return 0;
}

/* ---- the expression visitor ------------------------------------------------------------------ */

static int visit_slice(compiler *c, mp_node *e) {
    int n = 2;
    if (visit_opt(c, e->v.slice.lower) < 0 || visit_opt(c, e->v.slice.upper) < 0)
        return -1;
    if (e->v.slice.step) {
        if (cc_visit_expr(c, e->v.slice.step) < 0)
            return -1;
        n = 3;
    }
    c->u->loc = e->loc;
    cc_emit(c, MP_BC_BUILD_SLICE, (uint32_t)n);
    return 0;
}

static int visit_expr_kind(compiler *c, mp_node *e) {
    switch (e->kind) {
    case MP_AST_BoolOp:
        return visit_boolop(c, e);
    case MP_AST_NamedExpr:
        if (cc_visit_expr(c, e->v.namedexpr.value) < 0)
            return -1;
        cc_emit(c, MP_BC_COPY, 1);
        return cc_store_target(c, e->v.namedexpr.target);
    case MP_AST_BinOp: {
        mp_obj *k = fold(c, e, 0);
        if (k)
            return cc_load_const(c, k);
        if (cc_visit_expr(c, e->v.binop.left) < 0 || cc_visit_expr(c, e->v.binop.right) < 0)
            return -1;
        c->u->loc = e->loc;
        cc_emit(c, MP_BC_BINARY_OP, (uint32_t)e->v.binop.op);
        return 0;
    }
    case MP_AST_UnaryOp: {
        mp_obj *k = fold(c, e, 0);
        if (k)
            return cc_load_const(c, k);
        return visit_unaryop(c, e);
    }
    case MP_AST_Lambda:
        return cc_visit_lambda(c, e);
    case MP_AST_IfExp:
        return visit_ifexp(c, e);
    case MP_AST_Dict:
        return visit_dict(c, e);
    case MP_AST_Set:
        return starunpack(c, e->v.set.elts, 0, MP_BC_BUILD_SET, MP_BC_SET_ADD, MP_BC_SET_UPDATE,
                          false);
    case MP_AST_ListComp:
    case MP_AST_SetComp:
    case MP_AST_DictComp:
    case MP_AST_GeneratorExp:
        return visit_comprehension(c, e);
    case MP_AST_Yield:
        if (visit_opt(c, e->v.yield.value) < 0)
            return -1;
        c->u->loc = e->loc;
        cc_emit(c, MP_BC_YIELD_VALUE, 0);
        return 0;
    case MP_AST_Compare:
        return visit_compare(c, e);
    case MP_AST_Call:
        return visit_call(c, e);
    case MP_AST_FormattedValue:
        return visit_formatted(c, e);
    case MP_AST_JoinedStr:
        return visit_joinedstr(c, e);
    case MP_AST_Constant: {
        mp_obj *v = cc_constant_value(c, e);
        return v ? cc_load_const(c, v) : -1;
    }
    case MP_AST_Attribute:
        if (e->v.attribute.ctx != MP_CTX_LOAD)
            return cc_store_target(c, e);
        if (cc_visit_expr(c, e->v.attribute.value) < 0)
            return -1;
        c->u->loc = e->loc;
        return emit_name(c, MP_BC_LOAD_ATTR, e->v.attribute.attr);
    case MP_AST_Subscript:
        if (e->v.subscript.ctx != MP_CTX_LOAD)
            return cc_store_target(c, e);
        check_subscripter(c, e->v.subscript.value);
        check_index(c, e->v.subscript.value, e->v.subscript.slice);
        if (cc_visit_expr(c, e->v.subscript.value) < 0 ||
            cc_visit_expr(c, e->v.subscript.slice) < 0)
            return -1;
        c->u->loc = e->loc;
        cc_emit(c, MP_BC_BINARY_SUBSCR, 0);
        return 0;
    case MP_AST_Starred:
        if (e->v.starred.ctx == MP_CTX_STORE)
            return cc_error(c, e->loc, "starred assignment target must be in a list or tuple");
        return cc_error(c, e->loc, "can't use starred expression here");
    case MP_AST_Name:
        return cc_nameop(c, e->v.name.id, e->v.name.ctx);
    case MP_AST_List:
        if (e->v.seq.ctx == MP_CTX_STORE)
            return cc_store_target(c, e);
        return starunpack(c, e->v.seq.elts, 0, MP_BC_BUILD_LIST, MP_BC_LIST_APPEND,
                          MP_BC_LIST_EXTEND, false);
    case MP_AST_Tuple:
        if (e->v.seq.ctx == MP_CTX_STORE)
            return cc_store_target(c, e);
        return starunpack(c, e->v.seq.elts, 0, MP_BC_BUILD_LIST, MP_BC_LIST_APPEND,
                          MP_BC_LIST_EXTEND, true);
    case MP_AST_Slice:
        return visit_slice(c, e);
    case MP_AST_Await:
        return cc_error(c, e->loc, "'await' is not supported by minipy");
    case MP_AST_YieldFrom:
        return cc_error(c, e->loc, "'yield from' is not supported by minipy");
    default:
        return cc_error(c, e->loc, "unexpected expression node %s", mp_ast_kind_names[e->kind]);
    }
}

int cc_visit_expr(compiler *c, mp_node *e) {
    if (cc_enter(c, e->loc) < 0)
        return -1;
    mp_loc saved = c->u->loc;
    c->u->loc = e->loc;
    int r = visit_expr_kind(c, e);
    c->u->loc = saved;
    cc_leave(c);
    return r;
}
