/*
 * object.h — minipy's object model: what a value is, what a type is, and
 * the abstract protocols (repr, hash, compare, attributes, calls, items,
 * iteration, arithmetic) every other module uses to work with values.
 *
 * A value is an `mp_obj *`.  Either
 *   - a tagged small int: bit 0 set, the int in the other 63 bits (no
 *     allocation, no refcount); see MP_SMALL_* below, or
 *   - a pointer to a heap object that starts with the mp_obj header from
 *     gc/rc.h (count, flags, type).
 * Always get the type with mp_typeof(), never o->type directly, since a
 * tagged int has no header.
 *
 * Error convention (as in CPython): a function returning `mp_obj *` returns
 * NULL with an exception set in the thread state (runtime/errors.h); one
 * returning int returns -1.  Returned objects are new references unless the
 * comment says "borrowed".  Arguments are borrowed unless it says "steals".
 */
#ifndef MP_OBJECT_H
#define MP_OBJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gc/alloc.h"
#include "gc/rc.h"

typedef int64_t mp_hash_t;   /* hash value; -1 means "error" */
typedef ptrdiff_t mp_ssize_t;

/* ---- tagged small ints ------------------------------------------------ */

#define MP_SMALL_MAX ((intptr_t)(((uintptr_t)1 << 62) - 1))
#define MP_SMALL_MIN (-MP_SMALL_MAX - 1)

static inline bool mp_is_small(const mp_obj *o) { return MP_IS_TAGGED(o); }
static inline intptr_t mp_small_val(const mp_obj *o) { return (intptr_t)o >> 1; }
/* v must be in [MP_SMALL_MIN, MP_SMALL_MAX]; use mp_int_from_i64 otherwise. */
static inline mp_obj *mp_small(intptr_t v) { return (mp_obj *)(((uintptr_t)v << 1) | 1u); }
static inline bool mp_small_fits(int64_t v) { return v >= MP_SMALL_MIN && v <= MP_SMALL_MAX; }

/* ---- function-pointer types of the slots ------------------------------- */

/* Rich comparison operators, in CPython's order. */
enum { MP_LT = 0, MP_LE, MP_EQ, MP_NE, MP_GT, MP_GE };

/* Binary operators (also the index of the operator in the AST and the
 * operand of the BINARY_OP / INPLACE_OP instructions). */
typedef enum {
    MP_OP_ADD = 0, MP_OP_SUB, MP_OP_MUL, MP_OP_MATMUL, MP_OP_TRUEDIV,
    MP_OP_FLOORDIV, MP_OP_MOD, MP_OP_POW, MP_OP_LSHIFT, MP_OP_RSHIFT,
    MP_OP_AND, MP_OP_XOR, MP_OP_OR,
    MP_OP__COUNT
} mp_binop_t;

/* Unary operators. */
typedef enum { MP_UOP_NEG = 0, MP_UOP_POS, MP_UOP_INVERT, MP_UOP_ABS } mp_unop_t;

/* Calling convention ("vectorcall"): `args` holds nargs positional values
 * followed by one value per name in `kwnames` (a tuple of str, or NULL when
 * there are no keyword arguments).  All borrowed. */
typedef mp_obj *(*mp_callfn)(mp_obj *callable, mp_obj *const *args, size_t nargs,
                             mp_obj *kwnames);
/* Built-in function / method body: `self` is the bound object (the module
 * for a module-level function, the instance for a method). */
typedef mp_obj *(*mp_cfunc)(mp_obj *self, mp_obj *const *args, size_t nargs,
                            mp_obj *kwnames);

/* Methods of built-in types and functions of built-in modules. */
enum {
    MP_METH_STATIC = 1,   /* staticmethod: self is NULL */
    MP_METH_CLASS = 2,    /* classmethod: self is the type */
};
typedef struct mp_method_def {
    const char *name;
    mp_cfunc fn;
    int flags;
    const char *doc;
} mp_method_def;

/* Computed attributes of built-in types (e.g. range.start, exc.args). */
typedef struct mp_getset_def {
    const char *name;
    mp_obj *(*get)(mp_obj *self);
    int (*set)(mp_obj *self, mp_obj *value); /* NULL: read-only; value NULL = del */
} mp_getset_def;

/* ---- type objects ------------------------------------------------------ */

/* Type flags. The *_SUBCLASS bits let fast checks (is this any kind of
 * int/str/...?) avoid walking the MRO. */
enum {
    MP_TFLAG_BASETYPE = 1u << 0,  /* may be subclassed */
    MP_TFLAG_HEAPTYPE = 1u << 1,  /* created by a class statement */
    MP_TFLAG_INT_SUBCLASS = 1u << 2,
    MP_TFLAG_STR_SUBCLASS = 1u << 3,
    MP_TFLAG_TUPLE_SUBCLASS = 1u << 4,
    MP_TFLAG_LIST_SUBCLASS = 1u << 5,
    MP_TFLAG_DICT_SUBCLASS = 1u << 6,
    MP_TFLAG_EXC_SUBCLASS = 1u << 7,   /* BaseException or below */
    MP_TFLAG_TYPE_SUBCLASS = 1u << 8,
    MP_TFLAG_READY = 1u << 9,          /* mp_type_ready has run */
    /* Instances are unbound callables that take `self` as their first
     * argument when found on a type (Python functions, method
     * descriptors of built-in types): the VM's method-call fast path
     * calls them with the receiver prepended instead of allocating a
     * bound method. */
    MP_TFLAG_METHOD_LIKE = 1u << 10,
};

/* A type.  Built-in types are static, immortal `mp_type` variables made
 * ready at start-up by mp_type_ready(); user classes (issue 3) are heap
 * types with the same layout.  A NULL slot means "not supported" and the
 * abstract protocol below raises CPython's TypeError for it. */
struct mp_type {
    mp_obj head;
    const char *name;          /* __name__ (C string, static for built-ins) */
    size_t basicsize;          /* instance size in bytes (0: not instantiable) */
    unsigned tflags;           /* MP_TFLAG_* */
    mp_type *base;             /* single base (__base__) */
    mp_obj *bases;             /* tuple (__bases__), set by mp_type_ready */
    mp_obj *mro;               /* tuple (__mro__), set by mp_type_ready */
    mp_obj *dict;              /* dict of attributes, set by mp_type_ready */
    mp_obj *name_obj;          /* interned str of name */
    ssize_t dictoffset;        /* offset of an instance `mp_obj *dict` slot, or 0 */

    void (*dealloc)(mp_obj *self);
    mp_obj *(*repr)(mp_obj *self);
    mp_obj *(*str)(mp_obj *self);               /* NULL: use repr */
    mp_hash_t (*hash)(mp_obj *self);            /* NULL: unhashable */
    /* Returns a new reference, or mp_NotImplemented (also a new ref). */
    mp_obj *(*richcompare)(mp_obj *a, mp_obj *b, int op);
    int (*truthy)(mp_obj *self);                /* NULL: use len, else true */

    /* Arithmetic: called as binop(a, b, op) for both `a`'s type and then,
     * reflected, `b`'s type with the operands in the original order (the
     * CPython convention).  Returns mp_NotImplemented when unsupported. */
    mp_obj *(*binop)(mp_obj *a, mp_obj *b, mp_binop_t op);
    /* In-place form (`a op= b`); NULL or mp_NotImplemented falls back to binop. */
    mp_obj *(*inplace)(mp_obj *a, mp_obj *b, mp_binop_t op);
    mp_obj *(*unary)(mp_obj *a, mp_unop_t op);

    /* Attributes: name is always a str (usually interned).  setattr with
     * value NULL deletes. NULL slots mean the generic versions below. */
    mp_obj *(*getattr)(mp_obj *self, mp_obj *name);
    int (*setattr)(mp_obj *self, mp_obj *name, mp_obj *value);
    /* Descriptor protocol (functions, properties, classmethod...). */
    mp_obj *(*descr_get)(mp_obj *descr, mp_obj *obj, mp_type *type);
    int (*descr_set)(mp_obj *descr, mp_obj *obj, mp_obj *value);

    mp_callfn call;
    /* Constructor: called by type.__call__ with the same convention.
     * `init` (may be NULL) runs after `new` when the result is an
     * instance of the type. */
    mp_obj *(*new_)(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames);
    int (*init)(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames);

    mp_obj *(*iter)(mp_obj *self);
    /* Next item, or NULL: with no exception set when exhausted (no
     * StopIteration object is made on the fast path), or with one set on
     * error. */
    mp_obj *(*iternext)(mp_obj *self);

    mp_ssize_t (*len)(mp_obj *self);            /* -1 on error */
    mp_obj *(*getitem)(mp_obj *self, mp_obj *key);
    int (*setitem)(mp_obj *self, mp_obj *key, mp_obj *value); /* value NULL = del */
    int (*contains)(mp_obj *self, mp_obj *value);             /* 1, 0, -1 */

    const mp_method_def *methods;               /* NULL-name terminated */
    const mp_getset_def *getset;                /* NULL-name terminated */
};

extern mp_type mp_type_type;    /* type */
extern mp_type mp_type_object;  /* object */

extern mp_type mp_type_int;
static inline mp_type *mp_typeof(const mp_obj *o) {
    return MP_IS_TAGGED(o) ? &mp_type_int : o->type;
}

/* Fills in the derived fields (bases, mro, dict from methods/getset,
 * name_obj), inherits NULL slots from the base, makes it immortal. */
int mp_type_ready(mp_type *type);
/* Looks `name` up along the MRO; borrowed result, NULL if absent (no
 * exception set). */
mp_obj *mp_type_lookup(mp_type *type, mp_obj *name);
bool mp_type_is_subtype(mp_type *a, mp_type *b);
/* Adds an attribute to a (not yet shared) type's dict. */
int mp_type_set_attr_cstr(mp_type *type, const char *name, mp_obj *value);
/* mp_type_lookup caches its results: code that changes a ready type's
 * dict directly (rather than through mp_setattr / mp_type_set_attr_cstr)
 * must call this afterwards. */
void mp_type_modified(mp_type *type);

static inline bool mp_isinstance_exact(const mp_obj *o, mp_type *t) { return mp_typeof(o) == t; }
static inline bool mp_has_tflag(const mp_obj *o, unsigned f) {
    return (mp_typeof(o)->tflags & f) != 0;
}

/* ---- singletons -------------------------------------------------------- */

extern mp_obj mp_none_obj, mp_notimpl_obj, mp_ellipsis_obj;
#define mp_None (&mp_none_obj)
#define mp_NotImplemented (&mp_notimpl_obj)
#define mp_Ellipsis (&mp_ellipsis_obj)
extern mp_type mp_type_NoneType, mp_type_NotImplementedType, mp_type_ellipsis;

/* ---- abstract protocols (runtime/object.c) ----------------------------- */

mp_obj *mp_repr(mp_obj *o);
mp_obj *mp_str(mp_obj *o);
mp_obj *mp_ascii(mp_obj *o);
/* format(o, spec): spec is a str or NULL for "". */
mp_obj *mp_format(mp_obj *o, mp_obj *spec);
mp_hash_t mp_hash(mp_obj *o);
/* Full rich comparison with reflection and NotImplemented fallback. */
mp_obj *mp_richcompare(mp_obj *a, mp_obj *b, int op);
/* Comparison to a C truth value: 1 true, 0 false, -1 error. mp_eq
 * short-cuts identity (as CPython's containers do). */
int mp_richcompare_bool(mp_obj *a, mp_obj *b, int op);
int mp_eq(mp_obj *a, mp_obj *b);
int mp_truthy(mp_obj *o);

mp_obj *mp_getattr(mp_obj *o, mp_obj *name);
mp_obj *mp_getattr_cstr(mp_obj *o, const char *name);
/* getattr that returns NULL *without* an exception when the attribute is
 * missing (AttributeError swallowed); other errors stay set. */
mp_obj *mp_getattr_opt(mp_obj *o, mp_obj *name);
int mp_setattr(mp_obj *o, mp_obj *name, mp_obj *value); /* value NULL: delete */
int mp_setattr_cstr(mp_obj *o, const char *name, mp_obj *value);
/* The default getattr/setattr: type MRO descriptors, then the instance
 * dict (type->dictoffset), then non-data descriptors / class attributes. */
mp_obj *mp_generic_getattr(mp_obj *o, mp_obj *name);
int mp_generic_setattr(mp_obj *o, mp_obj *name, mp_obj *value);

mp_obj *mp_call(mp_obj *callable, mp_obj *const *args, size_t nargs, mp_obj *kwnames);
/* Call with a tuple of positional args and an optional dict of keywords. */
mp_obj *mp_call_tuple_dict(mp_obj *callable, mp_obj *args, mp_obj *kwargs);
mp_obj *mp_call0(mp_obj *callable);
mp_obj *mp_call1(mp_obj *callable, mp_obj *a);
mp_obj *mp_call2(mp_obj *callable, mp_obj *a, mp_obj *b);
/* o.name(args...) */
mp_obj *mp_call_method(mp_obj *o, const char *name, mp_obj *const *args, size_t nargs);
bool mp_callable(mp_obj *o);

mp_obj *mp_getitem(mp_obj *o, mp_obj *key);
int mp_setitem(mp_obj *o, mp_obj *key, mp_obj *value);
int mp_delitem(mp_obj *o, mp_obj *key);
mp_ssize_t mp_len(mp_obj *o);
int mp_contains(mp_obj *container, mp_obj *value); /* `value in container` */

mp_obj *mp_iter(mp_obj *o);
/* Next item; NULL with no exception set when exhausted.  Turns a
 * StopIteration raised by a Python __next__ into plain exhaustion. */
mp_obj *mp_iternext(mp_obj *it);

mp_obj *mp_binop(mp_obj *a, mp_obj *b, mp_binop_t op);
mp_obj *mp_inplace_op(mp_obj *a, mp_obj *b, mp_binop_t op);
mp_obj *mp_unary(mp_obj *a, mp_unop_t op);
/* The operator's symbol as CPython prints it in error messages ("+", "**"). */
const char *mp_binop_symbol(mp_binop_t op);

/* isinstance/issubclass with a type or a tuple of types: 1, 0, -1. */
int mp_isinstance(mp_obj *o, mp_obj *cls);
int mp_issubclass(mp_obj *derived, mp_obj *cls);

/* Converts an int-like value (int, bool, or an object with __index__) to a
 * C ssize; raises TypeError ("... indices must be integers") / OverflowError.
 * Returns -1 with an exception set on error (check mp_err_occurred() when
 * -1 is a legal value). */
mp_ssize_t mp_index_ssize(mp_obj *o);

/* index(o) as an int object (o itself for ints): the int, or __index__'s
 * result; TypeError "'float' object cannot be interpreted as an integer". */
mp_obj *mp_number_index(mp_obj *o);

/* Looks the special method `name` up on type(o) (never the instance, as
 * CPython does for dunder methods) and calls it bound to o.  Returns NULL
 * *without* an exception when the type has no such attribute. */
mp_obj *mp_call_special(mp_obj *o, mp_obj *name, mp_obj *const *args, size_t nargs);
/* o.name(*args, **kw) with `name` a str; avoids the bound-method object
 * when the attribute is method-like (MP_TFLAG_METHOD_LIKE). */
mp_obj *mp_call_method_obj(mp_obj *o, mp_obj *name, mp_obj *const *args, size_t nargs,
                           mp_obj *kwnames);
/* CPython's _Py_HashPointer: the identity hash of objects. */
mp_hash_t mp_hash_pointer(const void *p);

/* Type name for messages: "int", "list", a class's __name__. */
static inline const char *mp_type_name(const mp_obj *o) { return mp_typeof(o)->name; }

/* ---- argument parsing for built-ins (runtime/object.c) ----------------- */

/* Binds positional and keyword arguments to the parameter `names` (count
 * n).  A name may start with '/' (positional-only: the '/' is not part of
 * the name) or '$' (keyword-only); positional-only names come first and
 * keyword-only ones last, as in a Python signature.  `out[i]` gets the
 * borrowed value or NULL when absent.  Raises Argument Clinic's TypeErrors
 * ("round() takes at most 2 arguments (3 given)", "'x' is an invalid
 * keyword argument for round()", "round() missing required argument
 * 'number' (pos 1)", "sum() takes at least 1 positional argument (0
 * given)") and returns -1.  `nrequired` leading parameters must be present. */
int mp_arg_parse(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                 const char *const *names, int n, int nrequired, mp_obj **out);
/* Raises "f() takes no keyword arguments" if kwnames is non-empty. */
int mp_arg_no_kw(const char *fname, mp_obj *kwnames);
/* Checks min <= nargs <= max, raising CPython's messages otherwise:
 * "f() takes no arguments (1 given)" (min = max = 0), "f() takes exactly
 * one argument (0 given)" (min = max = 1), else "f expected at least 2
 * arguments, got 1". */
int mp_arg_count(const char *fname, size_t nargs, size_t min, size_t max);

/* ---- start-up ---------------------------------------------------------- */

/* Makes every built-in type ready, creates the builtins module, sys, the
 * interned-string table.  Call once, on the main thread, before anything. */
void mp_runtime_init(int argc, char **argv);
void mp_runtime_fini(void);

#endif /* MP_OBJECT_H */
