/*
 * obj_descr.c — the descriptors that expose a built-in type's C code as
 * attributes: method descriptors (list.append), classmethod descriptors
 * (dict.fromkeys), getset descriptors (int.real), slot wrappers
 * (int.__add__, object.__init__) with their bound form, the method-wrapper
 * ((1).__add__), and the __new__ of every type.  mp_type_ready puts them
 * in type dicts; the VM calls method descriptors unbound (they are
 * MP_TFLAG_METHOD_LIKE) so `lst.append(x)` allocates nothing.
 */
#include <stddef.h>
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_dictview.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

typedef struct getset_descr {
    mp_obj head;
    const mp_getset_def *def;
    mp_type *owner;
} getset_descr;

/* Raises "descriptor 'x' for 'list' objects doesn't apply to a 'int'
 * object" unless obj is an instance of owner. */
static bool check_self(mp_type *owner, const char *name, mp_obj *obj) {
    mp_type *t = mp_typeof(obj);
    if (t == owner || mp_type_is_subtype(t, owner))
        return true;
    mp_err_format(&mp_type_TypeError,
                  "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name,
                  owner->name, t->name);
    return false;
}

static void descr_dealloc(mp_obj *self) { mp_obj_free(self); }

/* ---- method descriptors --------------------------------------------------- */

mp_obj *mp_descr_new_method(mp_type *owner, const mp_method_def *def) {
    mp_type *t =
        (def->flags & MP_METH_CLASS) ? &mp_type_classmethod_descriptor : &mp_type_method_descriptor;
    mp_method_descr *d = (mp_method_descr *)mp_obj_alloc(t, sizeof(mp_method_descr));
    d->def = def;
    d->owner = owner;
    return (mp_obj *)d;
}

static mp_obj *methdescr_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_method_descr *d = (mp_method_descr *)self;
    if (nargs < 1) {
        mp_err_format(&mp_type_TypeError, "unbound method %s.%s() needs an argument",
                      d->owner->name, d->def->name);
        return NULL;
    }
    if (!check_self(d->owner, d->def->name, args[0]))
        return NULL;
    return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static mp_obj *methdescr_get(mp_obj *self, mp_obj *obj, mp_type *type) {
    mp_method_descr *d = (mp_method_descr *)self;
    if (!obj)
        return mp_newref(self);
    if (!check_self(d->owner, d->def->name, obj))
        return NULL;
    return mp_cfunction_new(d->def, obj);
}

static mp_obj *methdescr_repr(mp_obj *self) {
    mp_method_descr *d = (mp_method_descr *)self;
    return mp_str_format_c("<method '%s' of '%s' objects>", d->def->name, d->owner->name);
}

static mp_obj *methdescr_name(mp_obj *self) {
    return mp_str_from_cstr(((mp_method_descr *)self)->def->name);
}
static mp_obj *methdescr_qualname(mp_obj *self) {
    mp_method_descr *d = (mp_method_descr *)self;
    return mp_str_format_c("%U.%s", d->owner->name_obj, d->def->name);
}
static mp_obj *methdescr_objclass(mp_obj *self) {
    return mp_newref((mp_obj *)((mp_method_descr *)self)->owner);
}
static mp_obj *methdescr_doc(mp_obj *self) {
    const char *doc = ((mp_method_descr *)self)->def->doc;
    return doc ? mp_str_from_cstr(doc) : mp_None;
}

static const mp_getset_def methdescr_getset[] = {
    {"__name__", methdescr_name, NULL},
    {"__qualname__", methdescr_qualname, NULL},
    {"__objclass__", methdescr_objclass, NULL},
    {"__doc__", methdescr_doc, NULL},
    {NULL},
};

mp_type mp_type_method_descriptor = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "method_descriptor",
    .basicsize = sizeof(mp_method_descr),
    .tflags = MP_TFLAG_METHOD_LIKE,
    .dealloc = descr_dealloc,
    .repr = methdescr_repr,
    .call = methdescr_call,
    .descr_get = methdescr_get,
    .getset = methdescr_getset,
};

/* A classmethod of a built-in type binds to the class it is looked up on. */
static mp_obj *classdescr_get(mp_obj *self, mp_obj *obj, mp_type *type) {
    mp_method_descr *d = (mp_method_descr *)self;
    if (!type)
        type = mp_typeof(obj);
    if (!mp_type_is_subtype(type, d->owner)) {
        mp_err_format(&mp_type_TypeError,
                      "descriptor '%s' for type '%s' doesn't apply to type '%s'", d->def->name,
                      d->owner->name, type->name);
        return NULL;
    }
    return mp_cfunction_new(d->def, (mp_obj *)type);
}

static mp_obj *classdescr_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_method_descr *d = (mp_method_descr *)self;
    if (nargs < 1 || !mp_has_tflag(args[0], MP_TFLAG_TYPE_SUBCLASS)) {
        mp_err_format(&mp_type_TypeError, "descriptor '%s' of '%s' object needs a type",
                      d->def->name, d->owner->name);
        return NULL;
    }
    mp_obj *bound = classdescr_get(self, NULL, (mp_type *)args[0]);
    if (!bound)
        return NULL;
    mp_obj *r = mp_call(bound, args + 1, nargs - 1, kwnames);
    mp_decref(bound);
    return r;
}

mp_type mp_type_classmethod_descriptor = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "classmethod_descriptor",
    .basicsize = sizeof(mp_method_descr),
    .dealloc = descr_dealloc,
    .repr = methdescr_repr,
    .call = classdescr_call,
    .descr_get = classdescr_get,
    .getset = methdescr_getset,
};

/* ---- getset descriptors ---------------------------------------------------- */

mp_obj *mp_descr_new_getset(mp_type *owner, const mp_getset_def *def) {
    getset_descr *d =
        (getset_descr *)mp_obj_alloc(&mp_type_getset_descriptor, sizeof(getset_descr));
    d->def = def;
    d->owner = owner;
    return (mp_obj *)d;
}

static mp_obj *getset_get(mp_obj *self, mp_obj *obj, mp_type *type) {
    getset_descr *d = (getset_descr *)self;
    if (!obj)
        return mp_newref(self);
    if (!check_self(d->owner, d->def->name, obj))
        return NULL;
    if (!d->def->get) {
        mp_err_format(&mp_type_AttributeError, "attribute '%s' of '%s' objects is not readable",
                      d->def->name, d->owner->name);
        return NULL;
    }
    return d->def->get(obj);
}

static int getset_set(mp_obj *self, mp_obj *obj, mp_obj *value) {
    getset_descr *d = (getset_descr *)self;
    if (!check_self(d->owner, d->def->name, obj))
        return -1;
    if (!d->def->set) {
        mp_err_format(&mp_type_AttributeError, "attribute '%s' of '%s' objects is not writable",
                      d->def->name, d->owner->name);
        return -1;
    }
    return d->def->set(obj, value);
}

static mp_obj *getset_repr(mp_obj *self) {
    getset_descr *d = (getset_descr *)self;
    return mp_str_format_c("<attribute '%s' of '%s' objects>", d->def->name, d->owner->name);
}

static mp_obj *getset_name(mp_obj *self) {
    return mp_str_from_cstr(((getset_descr *)self)->def->name);
}
static mp_obj *getset_objclass(mp_obj *self) {
    return mp_newref((mp_obj *)((getset_descr *)self)->owner);
}

static const mp_getset_def getset_getset[] = {
    {"__name__", getset_name, NULL},
    {"__objclass__", getset_objclass, NULL},
    {NULL},
};

mp_type mp_type_getset_descriptor = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "getset_descriptor",
    .basicsize = sizeof(getset_descr),
    .dealloc = descr_dealloc,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
    .getset = getset_getset,
};

/* ---- slot wrappers --------------------------------------------------------- */

// clang-format off
/* How a wrapper calls its slot. */
typedef enum {
    W_REPR, W_HASH, W_CMP, W_BINOP, W_RBINOP, W_INPLACE, W_UNARY, W_BOOL, W_GETATTR,
    W_SETATTR, W_DELATTR, W_GET, W_SET, W_DELETE, W_CALL, W_INIT, W_ITER, W_NEXT, W_LEN,
    W_GETITEM, W_SETITEM, W_DELITEM, W_CONTAINS,
} wrapper_kind;

typedef struct slotdef {
    const char *name;
    size_t offset; /* of the slot in mp_type */
    uint8_t kind;
    uint8_t op;    /* comparison / operator passed to the slot */
} slotdef;

#define SLOT(name, field, kind, op) {name, offsetof(mp_type, field), kind, op}
#define BINSLOTS(n, op)                                                        \
    SLOT("__" n "__", binop, W_BINOP, op), SLOT("__r" n "__", binop, W_RBINOP, op)
#define ISLOT(n, op) SLOT("__i" n "__", inplace, W_INPLACE, op)

static const slotdef slotdefs[] = {
    SLOT("__repr__", repr, W_REPR, 0), SLOT("__str__", str, W_REPR, 0),
    SLOT("__hash__", hash, W_HASH, 0), SLOT("__call__", call, W_CALL, 0),
    SLOT("__getattribute__", getattr, W_GETATTR, 0),
    SLOT("__setattr__", setattr, W_SETATTR, 0), SLOT("__delattr__", setattr, W_DELATTR, 0),
    SLOT("__lt__", richcompare, W_CMP, MP_LT), SLOT("__le__", richcompare, W_CMP, MP_LE),
    SLOT("__eq__", richcompare, W_CMP, MP_EQ), SLOT("__ne__", richcompare, W_CMP, MP_NE),
    SLOT("__gt__", richcompare, W_CMP, MP_GT), SLOT("__ge__", richcompare, W_CMP, MP_GE),
    SLOT("__iter__", iter, W_ITER, 0), SLOT("__next__", iternext, W_NEXT, 0),
    SLOT("__get__", descr_get, W_GET, 0), SLOT("__set__", descr_set, W_SET, 0),
    SLOT("__delete__", descr_set, W_DELETE, 0), SLOT("__init__", init, W_INIT, 0),
    BINSLOTS("add", MP_OP_ADD), BINSLOTS("sub", MP_OP_SUB), BINSLOTS("mul", MP_OP_MUL),
    BINSLOTS("mod", MP_OP_MOD), BINSLOTS("pow", MP_OP_POW),
    SLOT("__neg__", unary, W_UNARY, MP_UOP_NEG), SLOT("__pos__", unary, W_UNARY, MP_UOP_POS),
    SLOT("__abs__", unary, W_UNARY, MP_UOP_ABS), SLOT("__bool__", truthy, W_BOOL, 0),
    SLOT("__invert__", unary, W_UNARY, MP_UOP_INVERT), BINSLOTS("lshift", MP_OP_LSHIFT),
    BINSLOTS("rshift", MP_OP_RSHIFT), BINSLOTS("and", MP_OP_AND), BINSLOTS("xor", MP_OP_XOR),
    BINSLOTS("or", MP_OP_OR), ISLOT("add", MP_OP_ADD), ISLOT("sub", MP_OP_SUB),
    ISLOT("mul", MP_OP_MUL), ISLOT("mod", MP_OP_MOD), ISLOT("pow", MP_OP_POW),
    ISLOT("lshift", MP_OP_LSHIFT), ISLOT("rshift", MP_OP_RSHIFT), ISLOT("and", MP_OP_AND),
    ISLOT("xor", MP_OP_XOR), ISLOT("or", MP_OP_OR), BINSLOTS("floordiv", MP_OP_FLOORDIV),
    BINSLOTS("truediv", MP_OP_TRUEDIV), ISLOT("floordiv", MP_OP_FLOORDIV),
    ISLOT("truediv", MP_OP_TRUEDIV), BINSLOTS("matmul", MP_OP_MATMUL),
    ISLOT("matmul", MP_OP_MATMUL), SLOT("__len__", len, W_LEN, 0),
    SLOT("__getitem__", getitem, W_GETITEM, 0), SLOT("__setitem__", setitem, W_SETITEM, 0),
    SLOT("__delitem__", setitem, W_DELITEM, 0), SLOT("__contains__", contains, W_CONTAINS, 0),
};
// clang-format on

typedef void (*any_fn)(void);
static any_fn slot_of(const mp_type *t, const slotdef *sd) {
    return *(const any_fn *)((const char *)t + sd->offset);
}

typedef struct wrapper_descr {
    mp_obj head;
    const slotdef *sd;
    mp_type *owner;
} wrapper_descr;

typedef struct method_wrapper {
    mp_obj head;
    wrapper_descr *descr;
    mp_obj *self;
} method_wrapper;

static int expect_args(size_t nargs, size_t want) {
    if (nargs == want)
        return 0;
    mp_err_format(&mp_type_TypeError, "expected %zu argument%s, got %zu", want,
                  want == 1 ? "" : "s", nargs);
    return -1;
}

static mp_obj *none_or_error(int rc) { return rc < 0 ? NULL : mp_None; }

static bool check_attr_name(mp_obj *name) {
    if (mp_str_check(name))
        return true;
    mp_err_format(&mp_type_TypeError, "attribute name must be string, not '%s'",
                  mp_type_name(name));
    return false;
}

/* Number of arguments (after self) each kind takes; -1: any. */
static int wrapper_arity(wrapper_kind k) {
    switch (k) {
    case W_CALL:
    case W_INIT:
    case W_GET: return -1;
    case W_REPR:
    case W_HASH:
    case W_UNARY:
    case W_BOOL:
    case W_ITER:
    case W_NEXT:
    case W_LEN: return 0;
    case W_SETATTR:
    case W_SET:
    case W_SETITEM: return 2;
    default: return 1;
    }
}

typedef mp_obj *(*unary_fn)(mp_obj *);
typedef mp_obj *(*binop_fn)(mp_obj *, mp_obj *, mp_binop_t);

static mp_obj *call_slot(const slotdef *sd, mp_type *owner, mp_obj *self, mp_obj *const *args,
                         size_t nargs, mp_obj *kwnames) {
    any_fn fn = slot_of(owner, sd);
    wrapper_kind k = (wrapper_kind)sd->kind;
    if (k != W_CALL && k != W_INIT && kwnames && mp_tuple_size(kwnames)) {
        mp_err_format(&mp_type_TypeError, "wrapper %s() takes no keyword arguments", sd->name);
        return NULL;
    }
    int arity = wrapper_arity(k);
    if (arity >= 0 && expect_args(nargs, (size_t)arity) < 0)
        return NULL;
    switch (k) {
    case W_REPR:
    case W_ITER: return ((unary_fn)fn)(self);
    case W_HASH: {
        mp_hash_t h = ((mp_hash_t(*)(mp_obj *))fn)(self);
        return h == -1 ? NULL : mp_int_from_i64(h);
    }
    case W_CMP: return ((mp_obj * (*)(mp_obj *, mp_obj *, int)) fn)(self, args[0], sd->op);
    case W_BINOP:
    case W_INPLACE: return ((binop_fn)fn)(self, args[0], (mp_binop_t)sd->op);
    case W_RBINOP: return ((binop_fn)fn)(args[0], self, (mp_binop_t)sd->op);
    case W_UNARY: return ((mp_obj * (*)(mp_obj *, mp_unop_t)) fn)(self, (mp_unop_t)sd->op);
    case W_BOOL: {
        int r = ((int (*)(mp_obj *))fn)(self);
        return r < 0 ? NULL : mp_bool_from(r);
    }
    case W_GETATTR:
        return check_attr_name(args[0]) ? ((mp_obj * (*)(mp_obj *, mp_obj *)) fn)(self, args[0])
                                        : NULL;
    case W_SETATTR:
    case W_DELATTR:
        if (!check_attr_name(args[0]))
            return NULL;
        return none_or_error(((int (*)(mp_obj *, mp_obj *, mp_obj *))fn)(
            self, args[0], k == W_SETATTR ? args[1] : NULL));
    case W_GET: {
        if (nargs < 1 || nargs > 2) {
            mp_err_format(&mp_type_TypeError, "expected 1 or 2 arguments, got %zu", nargs);
            return NULL;
        }
        mp_obj *obj = args[0] == mp_None ? NULL : args[0];
        mp_obj *type = nargs > 1 && args[1] != mp_None ? args[1] : NULL;
        if (!obj && !type) {
            mp_err_format(&mp_type_TypeError, "__get__(None, None) is invalid");
            return NULL;
        }
        return ((mp_obj * (*)(mp_obj *, mp_obj *, mp_type *)) fn)(self, obj, (mp_type *)type);
    }
    case W_SET:
    case W_DELETE:
        return none_or_error(((int (*)(mp_obj *, mp_obj *, mp_obj *))fn)(
            self, args[0], k == W_SET ? args[1] : NULL));
    case W_CALL: return ((mp_callfn)fn)(self, args, nargs, kwnames);
    case W_INIT:
        return none_or_error(
            ((int (*)(mp_obj *, mp_obj *const *, size_t, mp_obj *))fn)(self, args, nargs, kwnames));
    case W_NEXT: {
        mp_obj *r = ((unary_fn)fn)(self);
        if (!r && !mp_err_occurred())
            mp_err_set(&mp_type_StopIteration, NULL);
        return r;
    }
    case W_LEN: {
        mp_ssize_t n = ((mp_ssize_t(*)(mp_obj *))fn)(self);
        return n < 0 ? NULL : mp_int_from_i64(n);
    }
    case W_GETITEM: return ((mp_obj * (*)(mp_obj *, mp_obj *)) fn)(self, args[0]);
    case W_SETITEM:
    case W_DELITEM:
        return none_or_error(((int (*)(mp_obj *, mp_obj *, mp_obj *))fn)(
            self, args[0], k == W_SETITEM ? args[1] : NULL));
    case W_CONTAINS: {
        int r = ((int (*)(mp_obj *, mp_obj *))fn)(self, args[0]);
        return r < 0 ? NULL : mp_bool_from(r);
    }
    }
    return NULL;
}

static bool wrapper_check_self(wrapper_descr *d, mp_obj *obj) {
    mp_type *t = mp_typeof(obj);
    if (t == d->owner || mp_type_is_subtype(t, d->owner))
        return true;
    mp_err_format(&mp_type_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'",
                  d->sd->name, d->owner->name, t->name);
    return false;
}

static mp_obj *wrapper_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    wrapper_descr *d = (wrapper_descr *)self;
    if (nargs < 1) {
        mp_err_format(&mp_type_TypeError, "descriptor '%s' of '%s' object needs an argument",
                      d->sd->name, d->owner->name);
        return NULL;
    }
    if (!wrapper_check_self(d, args[0]))
        return NULL;
    return call_slot(d->sd, d->owner, args[0], args + 1, nargs - 1, kwnames);
}

static mp_obj *wrapper_get(mp_obj *self, mp_obj *obj, mp_type *type) {
    wrapper_descr *d = (wrapper_descr *)self;
    if (!obj)
        return mp_newref(self);
    if (!wrapper_check_self(d, obj))
        return NULL;
    method_wrapper *m =
        (method_wrapper *)mp_obj_alloc(&mp_type_method_wrapper, sizeof(method_wrapper));
    m->descr = (wrapper_descr *)mp_newref(self);
    m->self = mp_newref(obj);
    return (mp_obj *)m;
}

static mp_obj *wrapper_repr(mp_obj *self) {
    wrapper_descr *d = (wrapper_descr *)self;
    return mp_str_format_c("<slot wrapper '%s' of '%s' objects>", d->sd->name, d->owner->name);
}

static mp_obj *wrapper_name(mp_obj *self) {
    return mp_str_from_cstr(((wrapper_descr *)self)->sd->name);
}
static mp_obj *wrapper_objclass(mp_obj *self) {
    return mp_newref((mp_obj *)((wrapper_descr *)self)->owner);
}

static const mp_getset_def wrapper_getset[] = {
    {"__name__", wrapper_name, NULL},
    {"__objclass__", wrapper_objclass, NULL},
    {NULL},
};

mp_type mp_type_wrapper_descriptor = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "wrapper_descriptor",
    .basicsize = sizeof(wrapper_descr),
    .tflags = MP_TFLAG_METHOD_LIKE,
    .dealloc = descr_dealloc,
    .repr = wrapper_repr,
    .call = wrapper_call,
    .descr_get = wrapper_get,
    .getset = wrapper_getset,
};

static void mwrapper_dealloc(mp_obj *self) {
    method_wrapper *m = (method_wrapper *)self;
    mp_decref((mp_obj *)m->descr);
    mp_decref(m->self);
    mp_obj_free(self);
}

static mp_obj *mwrapper_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    method_wrapper *m = (method_wrapper *)self;
    return call_slot(m->descr->sd, m->descr->owner, m->self, args, nargs, kwnames);
}

static mp_obj *mwrapper_repr(mp_obj *self) {
    method_wrapper *m = (method_wrapper *)self;
    return mp_str_format_c("<method-wrapper '%s' of %s object at %p>", m->descr->sd->name,
                           mp_type_name(m->self), (void *)m->self);
}

static mp_obj *mwrapper_name(mp_obj *self) {
    return mp_str_from_cstr(((method_wrapper *)self)->descr->sd->name);
}
static mp_obj *mwrapper_self(mp_obj *self) { return mp_newref(((method_wrapper *)self)->self); }

static const mp_getset_def mwrapper_getset[] = {
    {"__name__", mwrapper_name, NULL},
    {"__self__", mwrapper_self, NULL},
    {NULL},
};

mp_type mp_type_method_wrapper = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "method-wrapper",
    .basicsize = sizeof(method_wrapper),
    .dealloc = mwrapper_dealloc,
    .repr = mwrapper_repr,
    .call = mwrapper_call,
    .getset = mwrapper_getset,
};

/* ---- __new__ ---------------------------------------------------------------- */

/* T.__new__(S, *args): S must be a subtype of T, and T's constructor must
 * be the one S's nearest static base uses ("object.__new__(int) is not
 * safe, use int.__new__()"). */
static mp_obj *tp_new_wrapper(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_type *t = (mp_type *)self;
    if (nargs < 1) {
        mp_err_format(&mp_type_TypeError, "%s.__new__(): not enough arguments", t->name);
        return NULL;
    }
    if (!mp_has_tflag(args[0], MP_TFLAG_TYPE_SUBCLASS)) {
        mp_err_format(&mp_type_TypeError, "%s.__new__(X): X is not a type object (%s)", t->name,
                      mp_type_name(args[0]));
        return NULL;
    }
    mp_type *sub = (mp_type *)args[0];
    if (!mp_type_is_subtype(sub, t)) {
        mp_err_format(&mp_type_TypeError, "%s.__new__(%s): %s is not a subtype of %s", t->name,
                      sub->name, sub->name, t->name);
        return NULL;
    }
    mp_type *staticbase = sub;
    while (staticbase && (staticbase->tflags & MP_TFLAG_HEAPTYPE))
        staticbase = staticbase->base;
    if (staticbase && staticbase->new_ != t->new_) {
        mp_err_format(&mp_type_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()", t->name,
                      sub->name, staticbase->name);
        return NULL;
    }
    return t->new_(sub, args + 1, nargs - 1, kwnames);
}

static const mp_method_def tp_new_def = {"__new__", tp_new_wrapper, 0,
                                         "Create and return a new object."};

/* One binop / inplace / unary slot serves every operator, but most
 * built-in types implement only some: these get wrappers for the
 * operators CPython's version of the type has (so dir([]) and
 * hasattr([], '__sub__') match); other types get one per operator. */
static const struct {
    mp_type *type;
    const char *names;
} operator_subsets[] = {
    {&mp_type_int, "__add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ "
                   "__rtruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__ __pow__ __rpow__ "
                   "__lshift__ __rlshift__ __rshift__ __rrshift__ __and__ __rand__ __xor__ "
                   "__rxor__ __or__ __ror__ __neg__ __pos__ __abs__ __invert__"},
    {&mp_type_bool, "__and__ __rand__ __or__ __ror__ __xor__ __rxor__"},
    {&mp_type_float, "__add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ "
                     "__rtruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__ __pow__ __rpow__ "
                     "__neg__ __pos__ __abs__"},
    {&mp_type_str, "__add__ __mul__ __rmul__ __mod__ __rmod__"},
    {&mp_type_tuple, "__add__ __mul__ __rmul__"},
    {&mp_type_list, "__add__ __mul__ __rmul__ __iadd__ __imul__"},
    {&mp_type_set, "__and__ __rand__ __or__ __ror__ __sub__ __rsub__ __xor__ __rxor__ "
                   "__iand__ __ior__ __isub__ __ixor__"},
    {&mp_type_frozenset, "__and__ __rand__ __or__ __ror__ __sub__ __rsub__ __xor__ __rxor__"},
    {&mp_type_dict, "__or__ __ror__ __ior__"},
    {&mp_type_dict_keys, "__and__ __rand__ __or__ __ror__ __sub__ __rsub__ __xor__ __rxor__"},
    {&mp_type_dict_items, "__and__ __rand__ __or__ __ror__ __sub__ __rsub__ __xor__ __rxor__"},
};

static bool operator_wanted(const mp_type *t, const slotdef *sd) {
    if (sd->kind != W_BINOP && sd->kind != W_RBINOP && sd->kind != W_INPLACE && sd->kind != W_UNARY)
        return true;
    for (size_t i = 0; i < sizeof operator_subsets / sizeof operator_subsets[0]; i++) {
        if (operator_subsets[i].type != t)
            continue;
        size_t n = strlen(sd->name);
        for (const char *p = operator_subsets[i].names; (p = strstr(p, sd->name)); p += n)
            if (p[n] == ' ' || p[n] == '\0')
                return true;
        return false;
    }
    return true;
}

int mp_descr_add_slot_wrappers(mp_type *t) {
    bool immortal = !(t->tflags & MP_TFLAG_HEAPTYPE);
    for (size_t i = 0; i < sizeof slotdefs / sizeof slotdefs[0]; i++) {
        const slotdef *sd = &slotdefs[i];
        if (!slot_of(t, sd) || !operator_wanted(t, sd))
            continue;
        mp_obj *name = mp_str_intern_cstr(sd->name);
        if (mp_dict_get(t->dict, name))
            continue;
        wrapper_descr *d =
            (wrapper_descr *)mp_obj_alloc(&mp_type_wrapper_descriptor, sizeof(wrapper_descr));
        d->sd = sd;
        d->owner = t;
        if (immortal)
            mp_rc_make_immortal((mp_obj *)d);
        int r = mp_dict_set(t->dict, name, (mp_obj *)d);
        mp_decref((mp_obj *)d);
        if (r < 0)
            return -1;
    }
    if (t->new_ && !mp_dict_get(t->dict, MP_NAME(new_))) {
        mp_obj *f = mp_cfunction_new(&tp_new_def, (mp_obj *)t);
        if (immortal)
            mp_rc_make_immortal(f);
        int r = mp_dict_set(t->dict, MP_NAME(new_), f);
        mp_decref(f);
        if (r < 0)
            return -1;
    }
    return 0;
}
