/*
 * object.c — the abstract object protocols of object.h (repr, hash,
 * comparison, truth, attributes, calls, items, iteration, arithmetic,
 * isinstance), the None / NotImplemented / Ellipsis singletons, and the
 * argument parsing helpers of built-in functions.
 *
 * Each protocol dispatches through a type slot and, when the slot is
 * missing, raises the TypeError CPython raises in the same situation.  The
 * algorithms that decide *which* slot runs (reflected comparison and
 * arithmetic, the NotImplemented fallbacks) follow CPython's
 * do_richcompare / binary_op1 exactly, since programs can observe them.
 */
#include <stdio.h>
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* ---- None, NotImplemented, Ellipsis ------------------------------------ */

mp_obj mp_none_obj = MP_STATIC_HEADER(&mp_type_NoneType);
mp_obj mp_notimpl_obj = MP_STATIC_HEADER(&mp_type_NotImplementedType);
mp_obj mp_ellipsis_obj = MP_STATIC_HEADER(&mp_type_ellipsis);

static mp_obj *none_repr(mp_obj *self) { return mp_newref(MP_NAME(None_)); }
static mp_obj *notimpl_repr(mp_obj *self) { return mp_str_from_cstr("NotImplemented"); }
static mp_obj *ellipsis_repr(mp_obj *self) { return mp_str_from_cstr("Ellipsis"); }
static int none_truthy(mp_obj *self) { return 0; }

/* type(None)() and friends return the singleton and take no arguments. */
static mp_obj *singleton_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (nargs || (kwnames && mp_tuple_size(kwnames))) {
        mp_err_format(&mp_type_TypeError, "%s takes no arguments", type->name);
        return NULL;
    }
    if (type == &mp_type_NoneType)
        return mp_None;
    return type == &mp_type_ellipsis ? mp_Ellipsis : mp_NotImplemented;
}

#define SINGLETON_TYPE(var, tname, reprfn, ...)                                                    \
    mp_type var = {.head = MP_STATIC_HEADER(&mp_type_type),                                        \
                   .name = tname,                                                                  \
                   .basicsize = sizeof(mp_obj),                                                    \
                   .repr = reprfn,                                                                 \
                   .new_ = singleton_new,                                                          \
                   __VA_ARGS__}
SINGLETON_TYPE(mp_type_NoneType, "NoneType", none_repr, .truthy = none_truthy);
SINGLETON_TYPE(mp_type_NotImplementedType, "NotImplementedType", notimpl_repr);
SINGLETON_TYPE(mp_type_ellipsis, "ellipsis", ellipsis_repr);

mp_hash_t mp_hash_pointer(const void *p) {
    uintptr_t y = (uintptr_t)p;
    y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
    mp_hash_t h = (mp_hash_t)y;
    return h == -1 ? -2 : h;
}

/* ---- calling helpers ---------------------------------------------------- */

static size_t kw_count(mp_obj *kwnames) { return kwnames ? mp_tuple_size(kwnames) : 0; }

/* f(self, *args) without building a bound method. */
static mp_obj *call_prepended(mp_obj *f, mp_obj *self, mp_obj *const *args, size_t nargs,
                              mp_obj *kwnames) {
    size_t total = nargs + kw_count(kwnames);
    mp_obj *small[8];
    mp_obj **buf = total + 1 <= 8 ? small : mp_mem_alloc((total + 1) * sizeof(mp_obj *));
    buf[0] = self;
    if (total)
        memcpy(buf + 1, args, total * sizeof(mp_obj *));
    mp_obj *r = mp_call(f, buf, nargs + 1, kwnames);
    if (buf != small)
        mp_mem_free(buf);
    return r;
}

/* Calls `attr`, found on type(self), as a method of self. */
static mp_obj *call_type_attr(mp_obj *attr, mp_obj *self, mp_obj *const *args, size_t nargs,
                              mp_obj *kwnames) {
    mp_type *at = mp_typeof(attr);
    if (at->tflags & MP_TFLAG_METHOD_LIKE)
        return call_prepended(attr, self, args, nargs, kwnames);
    if (!at->descr_get)
        return mp_call(attr, args, nargs, kwnames);
    mp_obj *bound = at->descr_get(attr, self, mp_typeof(self));
    if (!bound)
        return NULL;
    mp_obj *r = mp_call(bound, args, nargs, kwnames);
    mp_decref(bound);
    return r;
}

mp_obj *mp_call_special(mp_obj *o, mp_obj *name, mp_obj *const *args, size_t nargs) {
    mp_obj *attr = mp_type_lookup(mp_typeof(o), name);
    return attr ? call_type_attr(attr, o, args, nargs, NULL) : NULL;
}

mp_obj *mp_call_method_obj(mp_obj *o, mp_obj *name, mp_obj *const *args, size_t nargs,
                           mp_obj *kwnames) {
    mp_type *t = mp_typeof(o);
    if (!t->getattr || t->getattr == mp_generic_getattr) {
        mp_obj *attr = mp_type_lookup(t, name);
        if (attr && (mp_typeof(attr)->tflags & MP_TFLAG_METHOD_LIKE)) {
            mp_obj **slot = mp_instance_dict_slot(o);
            if (!slot || !*slot || !mp_dict_get(*slot, name)) {
                if (mp_err_occurred())
                    return NULL;
                return call_prepended(attr, o, args, nargs, kwnames);
            }
        }
    }
    mp_obj *meth = mp_getattr(o, name);
    if (!meth)
        return NULL;
    mp_obj *r = mp_call(meth, args, nargs, kwnames);
    mp_decref(meth);
    return r;
}

mp_obj *mp_call_method(mp_obj *o, const char *name, mp_obj *const *args, size_t nargs) {
    return mp_call_method_obj(o, mp_str_intern_cstr(name), args, nargs, NULL);
}

/* ---- repr, str, ascii, format ------------------------------------------ */

mp_obj *mp_repr(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (!t->repr && !mp_type_ensure_ready(t))
        return mp_str_format_c("<%s object at %p>", t->name, (void *)o);
    if (mp_enter_recursive(" while getting the repr of an object"))
        return NULL;
    mp_obj *r = t->repr(o);
    mp_leave_recursive();
    if (r && !mp_str_check(r)) {
        mp_err_format(&mp_type_TypeError, "__repr__ returned non-string (type %s)",
                      mp_type_name(r));
        mp_decref(r);
        return NULL;
    }
    return r;
}

mp_obj *mp_str(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (t == &mp_type_str)
        return mp_newref(o);
    if (!t->str)
        return mp_repr(o);
    if (mp_enter_recursive(" while getting the str of an object"))
        return NULL;
    mp_obj *r = t->str(o);
    mp_leave_recursive();
    if (r && !mp_str_check(r)) {
        mp_err_format(&mp_type_TypeError, "__str__ returned non-string (type %s)", mp_type_name(r));
        mp_decref(r);
        return NULL;
    }
    return r;
}

mp_obj *mp_ascii(mp_obj *o) {
    mp_obj *r = mp_repr(o);
    if (!r || ((mp_strobj *)r)->ascii)
        return r;
    mp_sb sb;
    mp_sb_init(&sb, mp_str_size(r) + 16);
    const unsigned char *p = (const unsigned char *)mp_str_data(r);
    const unsigned char *end = p + mp_str_size(r);
    char esc[16];
    while (p < end) {
        uint32_t c = mp_utf8_decode(&p);
        if (c < 0x80) {
            mp_sb_addc(&sb, (char)c);
            continue;
        }
        int n = c < 0x100     ? snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c)
                : c < 0x10000 ? snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c)
                              : snprintf(esc, sizeof esc, "\\U%08x", (unsigned)c);
        mp_sb_add(&sb, esc, (size_t)n);
    }
    mp_decref(r);
    return mp_sb_finish(&sb);
}

mp_obj *mp_format(mp_obj *o, mp_obj *spec) {
    if (!spec || mp_str_size(spec) == 0) {
        mp_type *t = mp_typeof(o);
        if (t == &mp_type_str)
            return mp_newref(o);
        if (t == &mp_type_int)
            return mp_str(o);
        spec = MP_NAME(empty);
    }
    mp_obj *r = mp_call_special(o, MP_NAME(format), &spec, 1);
    if (!r) {
        if (!mp_err_occurred())
            mp_err_format(&mp_type_TypeError, "Type %s doesn't define __format__", mp_type_name(o));
        return NULL;
    }
    if (!mp_str_check(r)) {
        mp_err_format(&mp_type_TypeError, "__format__ must return a str, not %s", mp_type_name(r));
        mp_decref(r);
        return NULL;
    }
    return r;
}

/* ---- hash, comparison, truth ------------------------------------------- */

mp_hash_t mp_hash(mp_obj *o) {
    if (mp_is_small(o))
        return mp_int_hash(o);
    mp_type *t = o->type;
    if (t->hash || (mp_type_ensure_ready(t) && t->hash))
        return t->hash(o);
    mp_err_format(&mp_type_TypeError, "unhashable type: '%s'", t->name);
    return -1;
}

static const int swapped_op[] = {MP_GT, MP_GE, MP_EQ, MP_NE, MP_LT, MP_LE};
static const char *const compare_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

static bool compare_small(intptr_t a, intptr_t b, int op) {
    switch (op) {
    case MP_LT: return a < b;
    case MP_LE: return a <= b;
    case MP_EQ: return a == b;
    case MP_NE: return a != b;
    case MP_GT: return a > b;
    default: return a >= b;
    }
}

/* CPython's do_richcompare: the right operand's reflected method first
 * when its type is a proper subtype, then the left's, then the right's;
 * == and != fall back to identity. */
static mp_obj *do_richcompare(mp_obj *a, mp_obj *b, int op) {
    mp_type *ta = mp_typeof(a), *tb = mp_typeof(b);
    bool checked_reverse = false;
    mp_obj *r;
    if (ta != tb && tb->richcompare && mp_type_is_subtype(tb, ta)) {
        checked_reverse = true;
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != mp_NotImplemented)
            return r;
    }
    if (ta->richcompare) {
        r = ta->richcompare(a, b, op);
        if (r != mp_NotImplemented)
            return r;
    }
    if (!checked_reverse && tb->richcompare) {
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != mp_NotImplemented)
            return r;
    }
    if (op == MP_EQ)
        return mp_bool_from(a == b);
    if (op == MP_NE)
        return mp_bool_from(a != b);
    mp_err_format(&mp_type_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                  compare_symbol[op], ta->name, tb->name);
    return NULL;
}

mp_obj *mp_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (mp_is_small(a) && mp_is_small(b))
        return mp_bool_from(compare_small(mp_small_val(a), mp_small_val(b), op));
    if (mp_enter_recursive(" in comparison"))
        return NULL;
    mp_obj *r = do_richcompare(a, b, op);
    mp_leave_recursive();
    return r;
}

int mp_richcompare_bool(mp_obj *a, mp_obj *b, int op) {
    if (a == b) {
        if (op == MP_EQ)
            return 1;
        if (op == MP_NE)
            return 0;
    }
    if (mp_is_small(a) && mp_is_small(b))
        return compare_small(mp_small_val(a), mp_small_val(b), op);
    mp_obj *r = mp_richcompare(a, b, op);
    if (!r)
        return -1;
    if (r == mp_True || r == mp_False)
        return r == mp_True;
    int t = mp_truthy(r);
    mp_decref(r);
    return t;
}

int mp_eq(mp_obj *a, mp_obj *b) {
    if (a == b)
        return 1;
    if (mp_is_small(a) && mp_is_small(b))
        return 0;
    if (mp_isinstance_exact(a, &mp_type_str) && mp_isinstance_exact(b, &mp_type_str))
        return mp_str_eq(a, b);
    return mp_richcompare_bool(a, b, MP_EQ);
}

int mp_truthy(mp_obj *o) {
    if (o == mp_True)
        return 1;
    if (o == mp_False || o == mp_None)
        return 0;
    if (mp_is_small(o))
        return mp_small_val(o) != 0;
    mp_type *t = o->type;
    if (t->truthy)
        return t->truthy(o);
    if (t->len) {
        mp_ssize_t n = t->len(o);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

/* ---- attributes --------------------------------------------------------- */

mp_obj *mp_getattr(mp_obj *o, mp_obj *name) {
    mp_type *t = mp_typeof(o);
    return t->getattr ? t->getattr(o, name) : mp_generic_getattr(o, name);
}

mp_obj *mp_getattr_cstr(mp_obj *o, const char *name) {
    return mp_getattr(o, mp_str_intern_cstr(name));
}

mp_obj *mp_getattr_opt(mp_obj *o, mp_obj *name) {
    mp_type *t = mp_typeof(o);
    if (!t->getattr || t->getattr == mp_generic_getattr)
        return mp_generic_getattr_opt(o, name);
    if (t->getattr == mp_type_getattr)
        return mp_type_getattr_opt(o, name);
    mp_obj *r = t->getattr(o, name);
    if (!r && mp_err_matches(&mp_type_AttributeError))
        mp_err_clear();
    return r;
}

int mp_setattr(mp_obj *o, mp_obj *name, mp_obj *value) {
    mp_type *t = mp_typeof(o);
    return t->setattr ? t->setattr(o, name, value) : mp_generic_setattr(o, name, value);
}

int mp_setattr_cstr(mp_obj *o, const char *name, mp_obj *value) {
    return mp_setattr(o, mp_str_intern_cstr(name), value);
}

/* ---- calls -------------------------------------------------------------- */

mp_obj *mp_call(mp_obj *callable, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_type *t = mp_typeof(callable);
    if (t->call || (mp_type_ensure_ready(t) && t->call))
        return t->call(callable, args, nargs, kwnames);
    mp_err_format(&mp_type_TypeError, "'%s' object is not callable", t->name);
    return NULL;
}

mp_obj *mp_call_tuple_dict(mp_obj *callable, mp_obj *args, mp_obj *kwargs) {
    size_t n = args ? mp_tuple_size(args) : 0;
    mp_obj *const *items = args ? mp_tuple_items(args) : NULL;
    if (!kwargs || mp_dict_size(kwargs) == 0)
        return mp_call(callable, items, n, NULL);
    size_t nk = mp_dict_size(kwargs);
    mp_obj **buf = mp_mem_alloc((n + nk) * sizeof(mp_obj *));
    if (n)
        memcpy(buf, items, n * sizeof(mp_obj *));
    mp_obj *kwnames = mp_tuple_new(nk);
    size_t pos = 0, i = 0;
    mp_obj *k, *v;
    mp_obj *r = NULL;
    while (mp_dict_next(kwargs, &pos, &k, &v)) {
        mp_tuple_items(kwnames)[i] = mp_newref(k);
        buf[n + i++] = v;
        if (!mp_str_check(k)) {
            mp_err_format(&mp_type_TypeError, "keywords must be strings");
            goto done;
        }
    }
    r = mp_call(callable, buf, n, kwnames);
done:
    while (i < nk) /* fill the rest so the tuple can be freed */
        mp_tuple_items(kwnames)[i++] = mp_newref(mp_None);
    mp_decref(kwnames);
    mp_mem_free(buf);
    return r;
}

mp_obj *mp_call0(mp_obj *callable) { return mp_call(callable, NULL, 0, NULL); }
mp_obj *mp_call1(mp_obj *callable, mp_obj *a) { return mp_call(callable, &a, 1, NULL); }
mp_obj *mp_call2(mp_obj *callable, mp_obj *a, mp_obj *b) {
    mp_obj *args[2] = {a, b};
    return mp_call(callable, args, 2, NULL);
}

bool mp_callable(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    return t->call || (mp_type_ensure_ready(t) && t->call);
}

/* ---- items, length, membership ----------------------------------------- */

mp_obj *mp_getitem(mp_obj *o, mp_obj *key) {
    mp_type *t = mp_typeof(o);
    if (t->getitem)
        return t->getitem(o, key);
    if (t->tflags & MP_TFLAG_TYPE_SUBCLASS)
        return mp_type_class_getitem((mp_type *)o, key);
    mp_err_format(&mp_type_TypeError, "'%s' object is not subscriptable", t->name);
    return NULL;
}

int mp_setitem(mp_obj *o, mp_obj *key, mp_obj *value) {
    mp_type *t = mp_typeof(o);
    if (t->setitem)
        return t->setitem(o, key, value);
    mp_err_format(&mp_type_TypeError, "'%s' object does not support item assignment", t->name);
    return -1;
}

int mp_delitem(mp_obj *o, mp_obj *key) {
    mp_type *t = mp_typeof(o);
    if (t->setitem)
        return t->setitem(o, key, NULL);
    mp_err_format(&mp_type_TypeError, "'%s' object doesn't support item deletion", t->name);
    return -1;
}

mp_ssize_t mp_len(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (t->len)
        return t->len(o);
    mp_err_format(&mp_type_TypeError, "object of type '%s' has no len()", t->name);
    return -1;
}

int mp_contains(mp_obj *container, mp_obj *value) {
    mp_type *t = mp_typeof(container);
    if (t->contains)
        return t->contains(container, value);
    if (!t->iter && !t->getitem) {
        mp_err_format(&mp_type_TypeError, "argument of type '%s' is not iterable", t->name);
        return -1;
    }
    mp_obj *it = mp_iter(container);
    if (!it)
        return -1;
    int found = 0;
    mp_obj *item;
    while ((item = mp_iternext(it))) {
        found = mp_richcompare_bool(item, value, MP_EQ);
        mp_decref(item);
        if (found)
            break;
    }
    mp_decref(it);
    if (!found && mp_err_occurred())
        return -1;
    return found;
}

/* ---- iteration ---------------------------------------------------------- */

mp_obj *mp_iter(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    if (t->iter) {
        mp_obj *it = t->iter(o);
        if (it && !mp_typeof(it)->iternext) {
            mp_err_format(&mp_type_TypeError, "iter() returned non-iterator of type '%s'",
                          mp_type_name(it));
            mp_decref(it);
            return NULL;
        }
        return it;
    }
    if (t->getitem && !(t->tflags & MP_TFLAG_DICT_SUBCLASS))
        return mp_seqiter_new(o);
    mp_err_format(&mp_type_TypeError, "'%s' object is not iterable", t->name);
    return NULL;
}

mp_obj *mp_iternext(mp_obj *it) {
    mp_type *t = mp_typeof(it);
    if (!t->iternext) {
        mp_err_format(&mp_type_TypeError, "'%s' object is not an iterator", t->name);
        return NULL;
    }
    mp_obj *r = t->iternext(it);
    if (!r && mp_err_matches(&mp_type_StopIteration))
        mp_err_clear();
    return r;
}

/* ---- arithmetic --------------------------------------------------------- */

const char *mp_binop_symbol(mp_binop_t op) {
    static const char *const symbols[MP_OP__COUNT] = {"+",  "-",  "*",  "@", "/", "//", "%",
                                                      "**", "<<", ">>", "&", "^", "|"};
    return (unsigned)op < MP_OP__COUNT ? symbols[op] : "?";
}

/* CPython's binary_op1: a's slot, then b's reflected slot, except that a
 * subclass's slot on the right goes first.  Returns NotImplemented (no
 * reference needed: immortal) when neither side handles the operands. */
static mp_obj *binop_slots(mp_obj *a, mp_obj *b, mp_binop_t op) {
    mp_type *ta = mp_typeof(a), *tb = mp_typeof(b);
    mp_obj *(*fa)(mp_obj *, mp_obj *, mp_binop_t) = ta->binop;
    mp_obj *(*fb)(mp_obj *, mp_obj *, mp_binop_t) = ta == tb ? NULL : tb->binop;
    mp_obj *r;
    if (fb == fa)
        fb = NULL;
    if (fa) {
        if (fb && mp_type_is_subtype(tb, ta)) {
            r = fb(a, b, op);
            if (r != mp_NotImplemented)
                return r;
            fb = NULL;
        }
        r = fa(a, b, op);
        if (r != mp_NotImplemented)
            return r;
    }
    if (fb)
        return fb(a, b, op);
    return mp_NotImplemented;
}

/* Name of the concatenable built-in sequence `o` belongs to, or NULL. */
static const char *concat_seq_name(mp_obj *o) {
    unsigned f = mp_typeof(o)->tflags;
    return f & MP_TFLAG_STR_SUBCLASS     ? "str"
           : f & MP_TFLAG_LIST_SUBCLASS  ? "list"
           : f & MP_TFLAG_TUPLE_SUBCLASS ? "tuple"
                                         : NULL;
}

static mp_obj *binop_error(mp_obj *a, mp_obj *b, mp_binop_t op, bool inplace) {
    const char *seq = concat_seq_name(a);
    if (op == MP_OP_ADD && seq) {
        mp_err_format(&mp_type_TypeError, "can only concatenate %s (not \"%s\") to %s", seq,
                      mp_type_name(b), seq);
    } else if (op == MP_OP_MUL && (seq || concat_seq_name(b))) {
        mp_err_format(&mp_type_TypeError, "can't multiply sequence by non-int of type '%s'",
                      mp_type_name(seq ? b : a));
    } else if (op == MP_OP_POW && !inplace) {
        mp_err_format(&mp_type_TypeError,
                      "unsupported operand type(s) for ** or pow(): '%s' and '%s'", mp_type_name(a),
                      mp_type_name(b));
    } else {
        mp_err_format(&mp_type_TypeError, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                      mp_binop_symbol(op), inplace ? "=" : "", mp_type_name(a), mp_type_name(b));
    }
    return NULL;
}

mp_obj *mp_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (mp_is_small(a) && mp_is_small(b) && op != MP_OP_MATMUL)
        return mp_int_binop(a, b, op);
    mp_obj *r = binop_slots(a, b, op);
    return r == mp_NotImplemented ? binop_error(a, b, op, false) : r;
}

mp_obj *mp_inplace_op(mp_obj *a, mp_obj *b, mp_binop_t op) {
    mp_type *ta = mp_typeof(a);
    if (ta->inplace) {
        mp_obj *r = ta->inplace(a, b, op);
        if (r != mp_NotImplemented)
            return r;
    }
    mp_obj *r = binop_slots(a, b, op);
    return r == mp_NotImplemented ? binop_error(a, b, op, true) : r;
}

mp_obj *mp_unary(mp_obj *a, mp_unop_t op) {
    mp_type *t = mp_typeof(a);
    if (t->unary) {
        mp_obj *r = t->unary(a, op);
        if (r != mp_NotImplemented)
            return r;
    }
    static const char *const what[] = {"unary -", "unary +", "unary ~", "abs()"};
    mp_err_format(&mp_type_TypeError, "bad operand type for %s: '%s'", what[op], t->name);
    return NULL;
}

/* ---- isinstance / issubclass ------------------------------------------- */

static bool is_type(mp_obj *o) { return mp_has_tflag(o, MP_TFLAG_TYPE_SUBCLASS); }

int mp_isinstance(mp_obj *o, mp_obj *cls) {
    mp_type *t = mp_typeof(o);
    if ((mp_obj *)t == cls)
        return 1;
    if (is_type(cls))
        return mp_type_is_subtype(t, (mp_type *)cls);
    if (mp_tuple_check(cls)) {
        if (mp_enter_recursive(" in __instancecheck__"))
            return -1;
        int r = 0;
        for (size_t i = 0; i < mp_tuple_size(cls) && r == 0; i++)
            r = mp_isinstance(o, mp_tuple_items(cls)[i]);
        mp_leave_recursive();
        return r;
    }
    if (mp_typeof(cls) == &mp_type_generic_alias)
        mp_err_format(&mp_type_TypeError,
                      "isinstance() argument 2 cannot be a parameterized generic");
    else
        mp_err_format(&mp_type_TypeError,
                      "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

int mp_issubclass(mp_obj *derived, mp_obj *cls) {
    if (mp_tuple_check(cls)) {
        if (mp_enter_recursive(" in __subclasscheck__"))
            return -1;
        int r = 0;
        for (size_t i = 0; i < mp_tuple_size(cls) && r == 0; i++)
            r = mp_issubclass(derived, mp_tuple_items(cls)[i]);
        mp_leave_recursive();
        return r;
    }
    if (!is_type(derived)) {
        mp_err_format(&mp_type_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (!is_type(cls)) {
        mp_err_format(&mp_type_TypeError,
                      "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    return mp_type_is_subtype((mp_type *)derived, (mp_type *)cls);
}

/* ---- integer conversion ------------------------------------------------- */

mp_obj *mp_number_index(mp_obj *o) {
    if (mp_int_check(o))
        return mp_newref(o);
    mp_obj *r = mp_call_special(o, MP_NAME(index), NULL, 0);
    if (!r) {
        if (!mp_err_occurred())
            mp_err_format(&mp_type_TypeError, "'%s' object cannot be interpreted as an integer",
                          mp_type_name(o));
        return NULL;
    }
    if (!mp_int_check(r)) {
        mp_err_format(&mp_type_TypeError, "__index__ returned non-int (type %s)", mp_type_name(r));
        mp_decref(r);
        return NULL;
    }
    return r;
}

mp_ssize_t mp_index_ssize(mp_obj *o) {
    if (mp_is_small(o))
        return (mp_ssize_t)mp_small_val(o);
    mp_obj *i = mp_number_index(o);
    if (!i)
        return -1;
    int64_t v;
    int rc = mp_int_as_i64(i, &v);
    mp_decref(i);
    if (rc < 0) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "cannot fit '%s' into an index-sized integer",
                      mp_type_name(o));
        return -1;
    }
    return (mp_ssize_t)v;
}

/* ---- argument parsing --------------------------------------------------- */

int mp_arg_no_kw(const char *fname, mp_obj *kwnames) {
    if (kw_count(kwnames) == 0)
        return 0;
    mp_err_format(&mp_type_TypeError, "%s() takes no keyword arguments", fname);
    return -1;
}

int mp_arg_count(const char *fname, size_t nargs, size_t min, size_t max) {
    if (nargs >= min && nargs <= max)
        return 0;
    if (max == 0)
        mp_err_format(&mp_type_TypeError, "%s() takes no arguments (%zu given)", fname, nargs);
    else if (min == 1 && max == 1)
        mp_err_format(&mp_type_TypeError, "%s() takes exactly one argument (%zu given)", fname,
                      nargs);
    else if (nargs < min)
        mp_err_format(&mp_type_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                      min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
    else
        mp_err_format(&mp_type_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                      min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
    return -1;
}

static const char *param_name(const char *name) {
    return (name[0] == '/' || name[0] == '$') ? name + 1 : name;
}

/* Mirrors Argument Clinic's _PyArg_UnpackKeywords checks and messages. */
int mp_arg_parse(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                 const char *const *names, int n, int nrequired, mp_obj **out) {
    int posonly = 0, maxpos = 0;
    while (posonly < n && names[posonly][0] == '/')
        posonly++;
    while (maxpos < n && names[maxpos][0] != '$')
        maxpos++;
    size_t nkw = kw_count(kwnames);
    int minposonly = nrequired < posonly ? nrequired : posonly;
    int minpos = nrequired < maxpos ? nrequired : maxpos;
    if (nargs + nkw > (size_t)n) {
        mp_err_format(&mp_type_TypeError, "%s() takes at most %d %sargument%s (%zu given)", fname,
                      n, nargs == 0 ? "keyword " : "", n == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > (size_t)maxpos) {
        if (maxpos == 0)
            mp_err_format(&mp_type_TypeError, "%s() takes no positional arguments", fname);
        else
            mp_err_format(&mp_type_TypeError, "%s() takes %s %d positional argument%s (%zu given)",
                          fname, minpos < maxpos ? "at most" : "exactly", maxpos,
                          maxpos == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs < (size_t)minposonly) {
        mp_err_format(&mp_type_TypeError, "%s() takes %s %d positional argument%s (%zu given)",
                      fname, minposonly < maxpos ? "at least" : "exactly", minposonly,
                      minposonly == 1 ? "" : "s", nargs);
        return -1;
    }
    for (int i = 0; i < n; i++)
        out[i] = i < (int)nargs ? args[i] : NULL;
    for (size_t k = 0; k < nkw; k++) {
        mp_obj *kw = mp_tuple_items(kwnames)[k];
        int i = posonly;
        while (i < n && !mp_str_eq_cstr(kw, param_name(names[i])))
            i++;
        if (i == n) {
            mp_err_format(&mp_type_TypeError, "'%U' is an invalid keyword argument for %s()", kw,
                          fname);
            return -1;
        }
        if (out[i]) {
            mp_err_format(&mp_type_TypeError,
                          "argument for %s() given by name ('%U') and position (%d)", fname, kw,
                          i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = (int)nargs; i < nrequired; i++) {
        if (!out[i]) {
            mp_err_format(&mp_type_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                          param_name(names[i]), i + 1);
            return -1;
        }
    }
    return 0;
}
