/*
 * mod_operator.c — the operator module: the operators as functions (each a
 * thin wrapper over the abstract protocols of object.h) and the callable
 * types itemgetter, attrgetter (dotted names) and methodcaller, with
 * CPython's reprs.
 */
#include <string.h>

#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

static bool nargs_ok(const char *name, size_t nargs, mp_obj *kw, size_t n) {
    return !mp_arg_no_kw(name, kw) && !mp_arg_count(name, nargs, n, n);
}

/* ---- operators as functions ---------------------------------------------- */

#define BINOP(pyname, op)                                                                        \
    FN(op_##pyname) {                                                                            \
        return nargs_ok(#pyname, nargs, kw, 2) ? mp_binop(args[0], args[1], op) : NULL;          \
    }                                                                                            \
    FN(op_i##pyname) {                                                                           \
        return nargs_ok("i" #pyname, nargs, kw, 2) ? mp_inplace_op(args[0], args[1], op) : NULL; \
    }
BINOP(add, MP_OP_ADD)
BINOP(sub, MP_OP_SUB)
BINOP(mul, MP_OP_MUL)
BINOP(matmul, MP_OP_MATMUL)
BINOP(truediv, MP_OP_TRUEDIV)
BINOP(floordiv, MP_OP_FLOORDIV)
BINOP(mod, MP_OP_MOD)
BINOP(pow, MP_OP_POW)
BINOP(lshift, MP_OP_LSHIFT)
BINOP(rshift, MP_OP_RSHIFT)
BINOP(and_, MP_OP_AND)
BINOP(or_, MP_OP_OR)
BINOP(xor, MP_OP_XOR)

#define UNOP(pyname, op)                                                                         \
    FN(op_##pyname) { return nargs_ok(#pyname, nargs, kw, 1) ? mp_unary(args[0], op) : NULL; }
UNOP(neg, MP_UOP_NEG)
UNOP(pos, MP_UOP_POS)
UNOP(invert, MP_UOP_INVERT)
UNOP(abs, MP_UOP_ABS)

#define CMPOP(pyname, op)                                                                        \
    FN(op_##pyname) {                                                                            \
        return nargs_ok(#pyname, nargs, kw, 2) ? mp_richcompare(args[0], args[1], op) : NULL;    \
    }
CMPOP(lt, MP_LT)
CMPOP(le, MP_LE)
CMPOP(eq, MP_EQ)
CMPOP(ne, MP_NE)
CMPOP(gt, MP_GT)
CMPOP(ge, MP_GE)

FN(op_not_) {
    if (!nargs_ok("not_", nargs, kw, 1))
        return NULL;
    int t = mp_truthy(args[0]);
    return t < 0 ? NULL : mp_bool_from(!t);
}

FN(op_truth) {
    if (!nargs_ok("truth", nargs, kw, 1))
        return NULL;
    int t = mp_truthy(args[0]);
    return t < 0 ? NULL : mp_bool_from(t);
}

FN(op_is_) { return nargs_ok("is_", nargs, kw, 2) ? mp_bool_from(args[0] == args[1]) : NULL; }
FN(op_is_not) {
    return nargs_ok("is_not", nargs, kw, 2) ? mp_bool_from(args[0] != args[1]) : NULL;
}

FN(op_index) {
    if (!nargs_ok("index", nargs, kw, 1))
        return NULL;
    mp_obj *i = mp_number_index(args[0]);
    if (!i)
        return NULL;
    mp_obj *r = mp_int_exact(i);
    mp_decref(i);
    return r;
}

static bool is_sequence(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    return t->getitem && !(t->tflags & MP_TFLAG_DICT_SUBCLASS);
}

FN(op_concat) {
    if (!nargs_ok("concat", nargs, kw, 2))
        return NULL;
    if (!is_sequence(args[0])) {
        mp_err_format(&mp_type_TypeError, "'%s' object can't be concatenated",
                      mp_type_name(args[0]));
        return NULL;
    }
    return mp_binop(args[0], args[1], MP_OP_ADD);
}

FN(op_iconcat) {
    if (!nargs_ok("iconcat", nargs, kw, 2))
        return NULL;
    if (!is_sequence(args[0])) {
        mp_err_format(&mp_type_TypeError, "'%s' object can't be concatenated",
                      mp_type_name(args[0]));
        return NULL;
    }
    return mp_inplace_op(args[0], args[1], MP_OP_ADD);
}

FN(op_contains) {
    if (!nargs_ok("contains", nargs, kw, 2))
        return NULL;
    int r = mp_contains(args[0], args[1]);
    return r < 0 ? NULL : mp_bool_from(r);
}

FN(op_countOf) {
    if (!nargs_ok("countOf", nargs, kw, 2))
        return NULL;
    mp_obj *it = mp_iter(args[0]), *x;
    if (!it)
        return NULL;
    int64_t n = 0;
    while ((x = mp_iternext(it))) {
        int eq = x == args[1] ? 1 : mp_eq(x, args[1]);
        mp_decref(x);
        if (eq < 0)
            break;
        n += eq;
    }
    mp_decref(it);
    return mp_err_occurred() ? NULL : mp_int_from_i64(n);
}

FN(op_indexOf) {
    if (!nargs_ok("indexOf", nargs, kw, 2))
        return NULL;
    mp_obj *it = mp_iter(args[0]), *x;
    if (!it)
        return NULL;
    for (int64_t i = 0; (x = mp_iternext(it)); i++) {
        int eq = x == args[1] ? 1 : mp_eq(x, args[1]);
        mp_decref(x);
        if (eq) {
            mp_decref(it);
            return eq < 0 ? NULL : mp_int_from_i64(i);
        }
    }
    mp_decref(it);
    if (!mp_err_occurred())
        mp_err_format(&mp_type_ValueError, "sequence.index(x): x not in sequence");
    return NULL;
}

FN(op_getitem) { return nargs_ok("getitem", nargs, kw, 2) ? mp_getitem(args[0], args[1]) : NULL; }

FN(op_setitem) {
    if (!nargs_ok("setitem", nargs, kw, 3))
        return NULL;
    return mp_setitem(args[0], args[1], args[2]) < 0 ? NULL : mp_None;
}

FN(op_delitem) {
    if (!nargs_ok("delitem", nargs, kw, 2))
        return NULL;
    return mp_delitem(args[0], args[1]) < 0 ? NULL : mp_None;
}

/* ---- itemgetter, attrgetter, methodcaller ---------------------------------- */

typedef struct getter {
    mp_obj head;
    mp_obj *items; /* tuple: keys / attribute paths (tuples of names) / args */
    mp_obj *name;  /* methodcaller: the method name */
    mp_obj *kwargs; /* methodcaller: dict or NULL */
} getter;

extern mp_type mp_type_itemgetter, mp_type_attrgetter, mp_type_methodcaller;

static void getter_dealloc(mp_obj *self) {
    getter *g = (getter *)self;
    mp_decref(g->items);
    mp_xdecref(g->name);
    mp_xdecref(g->kwargs);
    mp_obj_free(self);
}

static getter *getter_alloc(mp_type *type, mp_obj *items) {
    getter *g = (getter *)mp_obj_alloc(type, sizeof(getter));
    g->items = items;
    g->name = NULL;
    g->kwargs = NULL;
    return g;
}

static mp_obj *itemgetter_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (mp_arg_no_kw("itemgetter", kw))
        return NULL;
    if (nargs == 0) {
        mp_err_format(&mp_type_TypeError, "itemgetter expected 1 argument, got 0");
        return NULL;
    }
    return (mp_obj *)getter_alloc(type, mp_tuple_from_array(args, nargs));
}

static bool one_call_arg(const char *name, size_t nargs, mp_obj *kw) {
    return !mp_arg_no_kw(name, kw) && !mp_arg_count(name, nargs, 1, 1);
}

/* A tuple of n results computed by f(self, i, obj), or the one result. */
static mp_obj *gather(getter *g, mp_obj *obj, mp_obj *(*f)(mp_obj *key, mp_obj *obj)) {
    size_t n = mp_tuple_size(g->items);
    if (n == 1)
        return f(mp_tuple_items(g->items)[0], obj);
    mp_obj *t = mp_tuple_new(n);
    for (size_t i = 0; i < n; i++) {
        mp_obj *v = f(mp_tuple_items(g->items)[i], obj);
        if (!v) {
            for (size_t j = i; j < n; j++)
                mp_tuple_items(t)[j] = mp_newref(mp_None);
            mp_decref(t);
            return NULL;
        }
        mp_tuple_items(t)[i] = v;
    }
    return t;
}

static mp_obj *item_of(mp_obj *key, mp_obj *obj) { return mp_getitem(obj, key); }

static mp_obj *itemgetter_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (!one_call_arg("itemgetter", nargs, kw))
        return NULL;
    return gather((getter *)self, args[0], item_of);
}

/* "operator.X(a, b, k=v)" from the repr of each value. */
static mp_obj *getter_repr_of(const char *tname, mp_obj *lead, mp_obj *vals, mp_obj *kwargs) {
    mp_sb sb;
    mp_sb_init(&sb, 64);
    mp_sb_add_cstr(&sb, tname);
    mp_sb_addc(&sb, '(');
    bool first = true;
    if (lead) {
        if (mp_sb_add_obj(&sb, lead, true) < 0)
            goto fail;
        first = false;
    }
    for (size_t i = 0; i < mp_tuple_size(vals); i++) {
        if (!first)
            mp_sb_add_cstr(&sb, ", ");
        first = false;
        if (mp_sb_add_obj(&sb, mp_tuple_items(vals)[i], true) < 0)
            goto fail;
    }
    size_t pos = 0;
    mp_obj *k, *v;
    while (kwargs && mp_dict_next(kwargs, &pos, &k, &v)) {
        mp_sb_add_cstr(&sb, ", ");
        if (mp_sb_add_obj(&sb, k, false) < 0)
            goto fail;
        mp_sb_addc(&sb, '=');
        if (mp_sb_add_obj(&sb, v, true) < 0)
            goto fail;
    }
    mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
fail:
    mp_sb_free(&sb);
    return NULL;
}

static mp_obj *itemgetter_repr(mp_obj *self) {
    return getter_repr_of("operator.itemgetter", NULL, ((getter *)self)->items, NULL);
}

/* attrgetter keeps each name both as given (for the repr, in `name`) and
 * split at dots into a tuple of interned names (in `items`). */
static mp_obj *attrgetter_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (mp_arg_no_kw("attrgetter", kw))
        return NULL;
    if (nargs == 0) {
        mp_err_format(&mp_type_TypeError, "attrgetter expected 1 argument, got 0");
        return NULL;
    }
    mp_obj *paths = mp_tuple_new(nargs);
    for (size_t i = 0; i < nargs; i++)
        mp_tuple_items(paths)[i] = mp_newref(mp_None);
    for (size_t i = 0; i < nargs; i++) {
        if (!mp_str_check(args[i])) {
            mp_decref(paths);
            mp_err_format(&mp_type_TypeError, "attribute name must be a string");
            return NULL;
        }
        const char *s = mp_str_data(args[i]);
        size_t n = mp_str_size(args[i]), parts = 1;
        for (size_t j = 0; j < n; j++)
            parts += s[j] == '.';
        mp_obj *path = mp_tuple_new(parts);
        size_t start = 0, k = 0;
        for (size_t j = 0; j <= n; j++)
            if (j == n || s[j] == '.') {
                mp_tuple_items(path)[k++] = mp_str_intern_n(s + start, j - start);
                start = j + 1;
            }
        mp_setref(&mp_tuple_items(paths)[i], path); /* steals path */
    }
    getter *g = getter_alloc(type, paths);
    g->name = mp_tuple_from_array(args, nargs);
    return (mp_obj *)g;
}

static mp_obj *attr_path_of(mp_obj *path, mp_obj *obj) {
    mp_obj *cur = mp_newref(obj);
    for (size_t i = 0; cur && i < mp_tuple_size(path); i++) {
        mp_obj *next = mp_getattr(cur, mp_tuple_items(path)[i]);
        mp_decref(cur);
        cur = next;
    }
    return cur;
}

static mp_obj *attrgetter_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (!one_call_arg("attrgetter", nargs, kw))
        return NULL;
    return gather((getter *)self, args[0], attr_path_of);
}

static mp_obj *attrgetter_repr(mp_obj *self) {
    return getter_repr_of("operator.attrgetter", NULL, ((getter *)self)->name, NULL);
}

static mp_obj *methodcaller_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (nargs == 0) {
        mp_err_format(&mp_type_TypeError,
                      "methodcaller needs at least one argument, the method name");
        return NULL;
    }
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "method name must be a string");
        return NULL;
    }
    getter *g = getter_alloc(type, mp_tuple_from_array(args + 1, nargs - 1));
    g->name = mp_str_intern(mp_newref(args[0]));
    if (kw && mp_tuple_size(kw)) {
        g->kwargs = mp_dict_new();
        for (size_t i = 0; i < mp_tuple_size(kw); i++)
            mp_dict_set(g->kwargs, mp_tuple_items(kw)[i], args[nargs + i]);
    }
    return (mp_obj *)g;
}

static mp_obj *methodcaller_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (!one_call_arg("methodcaller", nargs, kw))
        return NULL;
    getter *g = (getter *)self;
    mp_obj *m = mp_getattr(args[0], g->name);
    if (!m)
        return NULL;
    mp_obj *r = mp_call_tuple_dict(m, g->items, g->kwargs);
    mp_decref(m);
    return r;
}

static mp_obj *methodcaller_repr(mp_obj *self) {
    getter *g = (getter *)self;
    return getter_repr_of("operator.methodcaller", g->name, g->items, g->kwargs);
}

#define GETTER_TYPE(var, tname, pfx)                                                             \
    mp_type var = {                                                                              \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                 \
        .name = tname,                                                                           \
        .basicsize = sizeof(getter),                                                             \
        .dealloc = getter_dealloc,                                                               \
        .repr = pfx##_repr,                                                                      \
        .call = pfx##_call,                                                                      \
        .new_ = pfx##_new,                                                                       \
    }
GETTER_TYPE(mp_type_itemgetter, "operator.itemgetter", itemgetter);
GETTER_TYPE(mp_type_attrgetter, "operator.attrgetter", attrgetter);
GETTER_TYPE(mp_type_methodcaller, "operator.methodcaller", methodcaller);

#define F(name) {#name, op_##name, 0, NULL}
static const mp_method_def operator_functions[] = {
    F(add),     F(sub),      F(mul),      F(matmul),  F(truediv),  F(floordiv), F(mod),
    F(pow),     F(lshift),   F(rshift),   F(and_),    F(or_),      F(xor),      F(iadd),
    F(isub),    F(imul),     F(imatmul),  F(itruediv), F(ifloordiv), F(imod),    F(ipow),
    F(ilshift), F(irshift),  {"iand", op_iand_, 0, NULL}, {"ior", op_ior_, 0, NULL}, F(ixor),    F(neg),      F(pos),
    F(invert),  F(abs),      F(lt),       F(le),      F(eq),       F(ne),       F(gt),
    F(ge),      F(not_),     F(truth),    F(is_),     F(is_not),   F(index),    F(concat),
    F(iconcat), F(contains), F(countOf),  F(indexOf), F(getitem),  F(setitem),  F(delitem),
    {NULL},
};

mp_obj *mp_operator_module_create(void) {
    mp_type *types[] = {&mp_type_itemgetter, &mp_type_attrgetter, &mp_type_methodcaller};
    for (size_t i = 0; i < 3; i++)
        if (mp_type_ready(types[i]) < 0)
            return NULL;
    mp_obj *m = mp_module_new("operator");
    if (!m)
        return NULL;
    int rc = mp_module_add_functions(m, operator_functions) |
             mp_module_add_obj(m, "itemgetter", (mp_obj *)&mp_type_itemgetter) |
             mp_module_add_obj(m, "attrgetter", (mp_obj *)&mp_type_attrgetter) |
             mp_module_add_obj(m, "methodcaller", (mp_obj *)&mp_type_methodcaller);
    if (rc) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
