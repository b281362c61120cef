/*
 * obj_type.c — the `type` and `object` types, mp_type_ready (MRO, slot
 * inheritance, the type dict), attribute lookup along the MRO and the
 * generic getattr/setattr every ordinary object uses.
 *
 * A type's dict is filled from its method/getset tables and, for each slot
 * the type defines, a slot wrapper (obj_descr.c) so `int.__add__` and
 * `hasattr(x, '__len__')` work.  Static types are immortal and immutable
 * once ready; heap types (classes, issue 3) come ready with their own dict
 * and bases tuple and go through the same code, C3 MRO included.
 */
#include <stdatomic.h>
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- names -------------------------------------------------------------- */

/* A static type named "_io.TextIOWrapper" has __module__ "_io" and
 * __name__ "TextIOWrapper" (CPython's tp_name convention). */
static const char *short_name(const mp_type *t) {
    const char *dot = strrchr(t->name, '.');
    return dot ? dot + 1 : t->name;
}

mp_obj *mp_type_get_name(mp_type *t) {
    if (t->name_obj)
        return mp_newref(t->name_obj);
    return mp_str_from_cstr(short_name(t));
}

mp_obj *mp_type_get_module(mp_type *t) {
    if (t->tflags & MP_TFLAG_HEAPTYPE) {
        mp_obj *m = t->dict ? mp_dict_get(t->dict, MP_NAME(module)) : NULL;
        if (m)
            return mp_newref(m);
    } else {
        const char *dot = strrchr(t->name, '.');
        if (dot)
            return mp_str_new(t->name, (size_t)(dot - t->name));
    }
    return mp_newref(MP_NAME(builtins));
}

mp_obj *mp_type_get_qualname(mp_type *t) {
    if (t->tflags & MP_TFLAG_HEAPTYPE) {
        mp_obj *q = t->dict ? mp_dict_get(t->dict, MP_NAME(qualname)) : NULL;
        if (q && mp_str_check(q))
            return mp_newref(q);
    }
    return mp_type_get_name(t);
}

/* "mod.qualname", or just "qualname" for builtins. */
static mp_obj *full_name(mp_type *t) {
    mp_obj *mod = mp_type_get_module(t);
    mp_obj *qual = mp_type_get_qualname(t);
    mp_obj *r;
    if (mp_str_check(mod) && !mp_str_eq_cstr(mod, "builtins"))
        r = mp_str_format_c("%U.%U", mod, qual);
    else
        r = mp_newref(qual);
    mp_decref(mod);
    mp_decref(qual);
    return r;
}

/* ---- lookup ------------------------------------------------------------- */

bool mp_type_ensure_ready(mp_type *t) {
    if (t->tflags & MP_TFLAG_READY)
        return false;
    mp_type_ready(t);
    return true;
}

/* A per-thread cache of MRO lookups (hits and misses) keyed by type and
 * interned name (immortal, so the pointer identifies the text for good).
 * Any change to a ready type's attributes bumps lookup_epoch, which
 * invalidates every entry at once; such changes are rare (class
 * attribute assignment, heap type deallocation). */
#define LOOKUP_CACHE_SIZE 4096
typedef struct lookup_entry {
    mp_type *type;
    mp_obj *name;
    mp_obj *value; /* borrowed from the type dict; NULL: absent */
    uint64_t epoch;
} lookup_entry;
static _Thread_local lookup_entry lookup_cache[LOOKUP_CACHE_SIZE];
static _Atomic uint64_t lookup_epoch = 1;

void mp_type_modified(mp_type *type) {
    atomic_fetch_add_explicit(&lookup_epoch, 1, memory_order_relaxed);
}

static mp_obj *lookup_uncached(mp_type *type, mp_obj *name) {
    mp_obj *mro = type->mro;
    if (!mro) {
        mp_type_ensure_ready(type);
        if (!(mro = type->mro))
            return NULL;
    }
    size_t n = mp_tuple_size(mro);
    mp_obj **items = mp_tuple_items(mro);
    for (size_t i = 0; i < n; i++) {
        mp_obj *v = mp_dict_get(((mp_type *)items[i])->dict, name);
        if (v)
            return v;
    }
    if (mp_err_occurred()) /* a key's __eq__ failed: treat as absent */
        mp_err_clear();
    return NULL;
}

mp_obj *mp_type_lookup(mp_type *type, mp_obj *name) {
    if (!((mp_strobj *)name)->interned)
        return lookup_uncached(type, name);
    uintptr_t h = ((uintptr_t)type >> 4) ^ ((uintptr_t)name >> 3);
    lookup_entry *e = &lookup_cache[(h ^ (h >> 12)) & (LOOKUP_CACHE_SIZE - 1)];
    uint64_t epoch = atomic_load_explicit(&lookup_epoch, memory_order_relaxed);
    if (e->type == type && e->name == name && e->epoch == epoch)
        return e->value;
    mp_obj *v = lookup_uncached(type, name);
    if (type->tflags & MP_TFLAG_READY)
        *e = (lookup_entry){type, name, v, epoch};
    return v;
}

bool mp_type_is_subtype(mp_type *a, mp_type *b) {
    if (a == b)
        return true;
    mp_obj *mro = a->mro;
    if (mro) {
        size_t n = mp_tuple_size(mro);
        mp_obj **items = mp_tuple_items(mro);
        for (size_t i = 1; i < n; i++)
            if (items[i] == (mp_obj *)b)
                return true;
        return false;
    }
    for (a = a->base; a; a = a->base)
        if (a == b)
            return true;
    return b == &mp_type_object;
}

int mp_type_set_attr_cstr(mp_type *type, const char *name, mp_obj *value) {
    if (!type->dict)
        type->dict = mp_dict_new();
    mp_type_modified(type);
    return mp_dict_set(type->dict, mp_str_intern_cstr(name), value);
}

/* ---- generic attribute access ------------------------------------------ */

static mp_obj *generic_getattr(mp_obj *o, mp_obj *name, bool suppress) {
    mp_type *t = mp_typeof(o);
    mp_obj *descr = mp_type_lookup(t, name);
    mp_type *dt = NULL;
    if (descr) {
        dt = mp_typeof(descr);
        if (dt->descr_get && dt->descr_set)
            return dt->descr_get(descr, o, t);
    }
    if (t->dictoffset) {
        mp_obj *d = *(mp_obj **)((char *)o + t->dictoffset);
        if (d) {
            mp_obj *v = mp_dict_get(d, name);
            if (v)
                return mp_newref(v);
            if (mp_err_occurred())
                return NULL;
        }
    }
    if (descr)
        return dt->descr_get ? dt->descr_get(descr, o, t) : mp_newref(descr);
    if (!suppress)
        mp_err_no_attribute(o, name);
    return NULL;
}

mp_obj *mp_generic_getattr(mp_obj *o, mp_obj *name) { return generic_getattr(o, name, false); }

mp_obj *mp_generic_getattr_opt(mp_obj *o, mp_obj *name) {
    mp_obj *r = generic_getattr(o, name, true);
    if (!r && mp_err_matches(&mp_type_AttributeError))
        mp_err_clear();
    return r;
}

int mp_generic_setattr(mp_obj *o, mp_obj *name, mp_obj *value) {
    mp_type *t = mp_typeof(o);
    mp_obj *descr = mp_type_lookup(t, name);
    if (descr) {
        mp_type *dt = mp_typeof(descr);
        if (dt->descr_set)
            return dt->descr_set(descr, o, value);
    }
    if (!t->dictoffset) {
        if (descr)
            mp_err_format(&mp_type_AttributeError, "'%s' object attribute '%U' is read-only",
                          t->name, name);
        else
            mp_err_no_attribute(o, name);
        return -1;
    }
    mp_obj **slot = (mp_obj **)((char *)o + t->dictoffset);
    if (value) {
        if (!*slot)
            *slot = mp_dict_new();
        return mp_dict_set(*slot, name, value);
    }
    int r = *slot ? mp_dict_del(*slot, name) : 1;
    if (r == 1)
        mp_err_no_attribute(o, name);
    return r == 0 ? 0 : -1;
}

/* `__dict__` of instances whose type has a dict slot. */
static mp_obj *instance_dict_get(mp_obj *self) {
    mp_obj **slot = mp_instance_dict_slot(self);
    if (!*slot)
        *slot = mp_dict_new();
    return mp_newref(*slot);
}

static int instance_dict_set(mp_obj *self, mp_obj *value) {
    if (!value) {
        mp_err_format(&mp_type_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!mp_dict_check(value)) {
        mp_err_format(&mp_type_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                      mp_type_name(value));
        return -1;
    }
    mp_setref(mp_instance_dict_slot(self), mp_newref(value));
    return 0;
}

static const mp_getset_def instance_dict_getset = {"__dict__", instance_dict_get,
                                                   instance_dict_set};

/* ---- object ------------------------------------------------------------- */

mp_obj *mp_instance_alloc(mp_type *type) {
    mp_obj *o = mp_mem_calloc(1, type->basicsize);
    mp_rc_init(o, type);
    if (type->tflags & MP_TFLAG_HEAPTYPE)
        mp_incref((mp_obj *)type);
    return o;
}

void mp_instance_free(mp_obj *o) {
    mp_type *t = o->type;
    mp_obj **d = mp_instance_dict_slot(o);
    if (d)
        mp_xdecref(*d);
    mp_obj_free(o);
    if (t->tflags & MP_TFLAG_HEAPTYPE)
        mp_decref((mp_obj *)t);
}

static mp_obj *object_alloc(mp_type *type) {
    if (!type->basicsize) {
        mp_err_format(&mp_type_TypeError, "cannot create '%s' instances", type->name);
        return NULL;
    }
    return mp_instance_alloc(type);
}

static int object_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames);

static bool excess_args(size_t nargs, mp_obj *kwnames) {
    return nargs || (kwnames && mp_tuple_size(kwnames));
}

static mp_obj *object_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (excess_args(nargs, kwnames)) {
        if (type->new_ != object_new) {
            mp_err_format(&mp_type_TypeError,
                          "object.__new__() takes exactly one argument (the type to instantiate)");
            return NULL;
        }
        if (type->init == object_init) {
            mp_err_format(&mp_type_TypeError, "%s() takes no arguments", type->name);
            return NULL;
        }
    }
    return object_alloc(type);
}

static int object_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_type *type = mp_typeof(self);
    if (excess_args(nargs, kwnames)) {
        if (type->init != object_init) {
            mp_err_format(&mp_type_TypeError, "object.__init__() takes exactly one argument "
                                              "(the instance to initialize)");
            return -1;
        }
        if (type->new_ == object_new) {
            mp_err_format(&mp_type_TypeError,
                          "%s.__init__() takes exactly one argument (the instance to initialize)",
                          type->name);
            return -1;
        }
    }
    return 0;
}

static void object_dealloc(mp_obj *self) { mp_instance_free(self); }

static mp_obj *object_repr(mp_obj *self) {
    mp_obj *name = full_name(mp_typeof(self));
    if (!name)
        return NULL;
    mp_obj *r = mp_str_format_c("<%U object at %p>", name, (void *)self);
    mp_decref(name);
    return r;
}

static mp_hash_t object_hash(mp_obj *self) { return mp_hash_pointer(self); }

static mp_obj *object_richcompare(mp_obj *self, mp_obj *other, int op) {
    if (op == MP_EQ)
        return self == other ? mp_True : mp_NotImplemented;
    if (op != MP_NE)
        return mp_NotImplemented;
    /* __ne__ inverts __eq__ unless that is NotImplemented. */
    mp_type *t = mp_typeof(self);
    if (!t->richcompare)
        return mp_NotImplemented;
    mp_obj *r = t->richcompare(self, other, MP_EQ);
    if (!r || r == mp_NotImplemented)
        return r;
    int truth = mp_truthy(r);
    mp_decref(r);
    return truth < 0 ? NULL : mp_bool_from(!truth);
}

static mp_obj *object_format(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__format__", kwnames) ||
        mp_arg_count("object.__format__", nargs, 1, 1))
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "__format__() argument must be str, not %s",
                      mp_type_name(args[0]));
        return NULL;
    }
    if (mp_str_size(args[0]) > 0) {
        mp_err_format(&mp_type_TypeError, "unsupported format string passed to %s.__format__",
                      mp_type_name(self));
        return NULL;
    }
    return mp_str(self);
}

/* Adds the keys of `d` to the set-like dict `acc`. */
static int merge_keys(mp_obj *acc, mp_obj *d) {
    size_t pos = 0;
    mp_obj *k, *v;
    while (mp_dict_next(d, &pos, &k, &v))
        if (mp_dict_set(acc, k, mp_None) < 0)
            return -1;
    return 0;
}

static int merge_class_dict(mp_obj *acc, mp_type *t) {
    mp_obj *mro = t->mro;
    for (size_t i = 0; mro && i < mp_tuple_size(mro); i++)
        if (merge_keys(acc, ((mp_type *)mp_tuple_items(mro)[i])->dict) < 0)
            return -1;
    return 0;
}

static mp_obj *keys_to_list(mp_obj *acc) {
    mp_obj *l = mp_dict_keys_list(acc);
    mp_decref(acc);
    return l;
}

mp_obj *mp_type_dir(mp_type *t) {
    mp_obj *acc = mp_dict_new();
    if (merge_class_dict(acc, t) < 0) {
        mp_decref(acc);
        return NULL;
    }
    return keys_to_list(acc);
}

mp_obj *mp_object_dir(mp_obj *o) {
    mp_obj *acc = mp_dict_new();
    mp_obj **slot = mp_instance_dict_slot(o);
    if ((slot && *slot && merge_keys(acc, *slot) < 0) || merge_class_dict(acc, mp_typeof(o)) < 0) {
        mp_decref(acc);
        return NULL;
    }
    return keys_to_list(acc);
}

/* object.__str__ is repr(): str() falls back to it when no type in the
 * MRO defines a str slot. */
static mp_obj *object_str(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__str__", kwnames) || mp_arg_count("object.__str__", nargs, 0, 0))
        return NULL;
    return mp_repr(self);
}

static mp_obj *object_dir(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__dir__", kwnames) || mp_arg_count("object.__dir__", nargs, 0, 0))
        return NULL;
    return mp_object_dir(self);
}

/* object.__getstate__: the instance dict, or None when it is empty. */
static mp_obj *object_getstate(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__getstate__", kwnames) ||
        mp_arg_count("object.__getstate__", nargs, 0, 0))
        return NULL;
    mp_obj **slot = mp_instance_dict_slot(self);
    return mp_newref(slot && *slot && mp_dict_size(*slot) ? *slot : mp_None);
}

static mp_obj *object_sizeof(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__sizeof__", kwnames) ||
        mp_arg_count("object.__sizeof__", nargs, 0, 0))
        return NULL;
    return mp_int_from_u64(mp_typeof(self)->basicsize);
}

/* There is no pickle module (nor copyreg) to reduce objects for. */
static mp_obj *object_reduce(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_err_format(&mp_type_TypeError, "cannot pickle '%s' object", mp_type_name(self));
    return NULL;
}

static mp_obj *object_init_subclass(mp_obj *cls, mp_obj *const *args, size_t nargs,
                                    mp_obj *kwnames) {
    if (mp_arg_no_kw("object.__init_subclass__", kwnames) ||
        mp_arg_count("object.__init_subclass__", nargs, 0, 0))
        return NULL;
    return mp_None;
}

static mp_obj *object_subclasshook(mp_obj *cls, mp_obj *const *args, size_t nargs,
                                   mp_obj *kwnames) {
    return mp_NotImplemented;
}

static mp_obj *object_get_class(mp_obj *self) { return mp_newref((mp_obj *)mp_typeof(self)); }

static int object_set_class(mp_obj *self, mp_obj *value) {
    mp_err_format(&mp_type_TypeError,
                  "__class__ assignment only supported for mutable types or ModuleType "
                  "subclasses");
    return -1;
}

static const mp_method_def object_methods[] = {
    {"__str__", object_str, 0, "Return str(self)."},
    {"__format__", object_format, 0, "Default object formatter."},
    {"__dir__", object_dir, 0, "Default dir() implementation."},
    {"__getstate__", object_getstate, 0, "Helper for pickle."},
    {"__reduce__", object_reduce, 0, "Helper for pickle."},
    {"__reduce_ex__", object_reduce, 0, "Helper for pickle."},
    {"__sizeof__", object_sizeof, 0, "Size of object in memory, in bytes."},
    {"__init_subclass__", object_init_subclass, MP_METH_CLASS, NULL},
    {"__subclasshook__", object_subclasshook, MP_METH_CLASS, NULL},
    {NULL},
};

static const mp_getset_def object_getset[] = {
    {"__class__", object_get_class, object_set_class},
    {NULL},
};

mp_type mp_type_object = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "object",
    .basicsize = sizeof(mp_obj),
    .tflags = MP_TFLAG_BASETYPE,
    .dealloc = object_dealloc,
    .repr = object_repr,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .getattr = mp_generic_getattr,
    .setattr = mp_generic_setattr,
    .new_ = object_new,
    .init = object_init,
    .methods = object_methods,
    .getset = object_getset,
};

/* ---- type --------------------------------------------------------------- */

static mp_obj *type_repr(mp_obj *self) {
    mp_obj *name = full_name((mp_type *)self);
    if (!name)
        return NULL;
    mp_obj *r = mp_str_format_c("<class '%U'>", name);
    mp_decref(name);
    return r;
}

static mp_obj *type_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_type *t = (mp_type *)self;
    if (t == &mp_type_type) {
        bool nokw = !kwnames || mp_tuple_size(kwnames) == 0;
        if (nargs == 1 && nokw)
            return mp_newref((mp_obj *)mp_typeof(args[0]));
        if (nargs != 3) {
            mp_err_format(&mp_type_TypeError, "type() takes 1 or 3 arguments");
            return NULL;
        }
        /* TODO(issue 3): type(name, bases, dict) builds a heap type; the
         * class machinery will install it as mp_type_type.new_. */
    }
    if (!t->new_) {
        mp_err_format(&mp_type_TypeError, "cannot create '%s' instances", t->name);
        return NULL;
    }
    mp_obj *o = t->new_(t, args, nargs, kwnames);
    if (!o)
        return NULL;
    mp_type *ot = mp_typeof(o);
    if (ot->init && mp_type_is_subtype(ot, t) && ot->init(o, args, nargs, kwnames) < 0) {
        mp_decref(o);
        return NULL;
    }
    return o;
}

/* type.__getattribute__: data descriptors of the metatype, then the type's
 * own MRO (binding descriptors to the class), then the metatype's other
 * attributes. */
static mp_obj *type_getattr_impl(mp_obj *self, mp_obj *name, bool suppress) {
    mp_type *t = (mp_type *)self, *meta = mp_typeof(self);
    mp_obj *meta_attr = mp_type_lookup(meta, name);
    mp_type *mt = NULL;
    if (meta_attr) {
        mt = mp_typeof(meta_attr);
        if (mt->descr_get && mt->descr_set)
            return mt->descr_get(meta_attr, self, meta);
    }
    mp_obj *attr = mp_type_lookup(t, name);
    if (attr) {
        mp_type *at = mp_typeof(attr);
        return at->descr_get ? at->descr_get(attr, NULL, t) : mp_newref(attr);
    }
    if (meta_attr)
        return mt->descr_get ? mt->descr_get(meta_attr, self, meta) : mp_newref(meta_attr);
    if (!suppress)
        mp_err_no_attribute(self, name);
    return NULL;
}

mp_obj *mp_type_getattr(mp_obj *self, mp_obj *name) { return type_getattr_impl(self, name, false); }

mp_obj *mp_type_getattr_opt(mp_obj *self, mp_obj *name) {
    mp_obj *r = type_getattr_impl(self, name, true);
    if (!r && mp_err_matches(&mp_type_AttributeError))
        mp_err_clear();
    return r;
}

static int type_setattr(mp_obj *self, mp_obj *name, mp_obj *value) {
    mp_type *t = (mp_type *)self;
    if (!(t->tflags & MP_TFLAG_HEAPTYPE)) {
        mp_err_format(&mp_type_TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                      t->name);
        return -1;
    }
    mp_obj *meta_attr = mp_type_lookup(mp_typeof(self), name);
    if (meta_attr && mp_typeof(meta_attr)->descr_set)
        return mp_typeof(meta_attr)->descr_set(meta_attr, self, value);
    /* TODO(issue 3): re-derive the slots of t and its subclasses when a
     * special method (e.g. __add__) is assigned or deleted. */
    mp_type_modified(t);
    if (value)
        return mp_dict_set(t->dict, name, value);
    int r = mp_dict_del(t->dict, name);
    if (r == 1)
        mp_err_no_attribute(self, name);
    return r == 0 ? 0 : -1;
}

static void type_dealloc(mp_obj *self) {
    mp_type *t = (mp_type *)self;
    mp_type_modified(t); /* its address may be reused by a new type */
    mp_xdecref(t->bases);
    mp_xdecref(t->mro);
    mp_xdecref(t->dict);
    mp_xdecref(t->name_obj); /* a heap type's `name` points into name_obj */
    mp_type *meta = self->type;
    mp_obj_free(self);
    if (meta->tflags & MP_TFLAG_HEAPTYPE)
        mp_decref((mp_obj *)meta);
}

static mp_obj *type_get_name(mp_obj *self) { return mp_type_get_name((mp_type *)self); }
static mp_obj *type_get_qualname(mp_obj *self) { return mp_type_get_qualname((mp_type *)self); }
static mp_obj *type_get_module(mp_obj *self) { return mp_type_get_module((mp_type *)self); }
static mp_obj *type_get_bases(mp_obj *self) { return mp_newref(((mp_type *)self)->bases); }
static mp_obj *type_get_mro(mp_obj *self) { return mp_newref(((mp_type *)self)->mro); }
static mp_obj *type_get_dict(mp_obj *self) { return mp_mappingproxy_new(((mp_type *)self)->dict); }
static mp_obj *type_get_base(mp_obj *self) {
    mp_type *b = ((mp_type *)self)->base;
    return mp_newref(b ? (mp_obj *)b : mp_None);
}

static mp_obj *type_mro(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("type.mro", kwnames) || mp_arg_count("type.mro", nargs, 0, 0))
        return NULL;
    mp_obj *mro = ((mp_type *)self)->mro;
    return mp_list_from_array(mp_tuple_items(mro), mp_tuple_size(mro));
}

static mp_obj *type_dir(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("type.__dir__", kwnames) || mp_arg_count("type.__dir__", nargs, 0, 0))
        return NULL;
    return mp_type_dir((mp_type *)self);
}

static mp_obj *type_instancecheck(mp_obj *self, mp_obj *const *args, size_t nargs,
                                  mp_obj *kwnames) {
    if (mp_arg_no_kw("type.__instancecheck__", kwnames) ||
        mp_arg_count("type.__instancecheck__", nargs, 1, 1))
        return NULL;
    return mp_bool_from(mp_type_is_subtype(mp_typeof(args[0]), (mp_type *)self));
}

static mp_obj *type_subclasscheck(mp_obj *self, mp_obj *const *args, size_t nargs,
                                  mp_obj *kwnames) {
    if (mp_arg_no_kw("type.__subclasscheck__", kwnames) ||
        mp_arg_count("type.__subclasscheck__", nargs, 1, 1))
        return NULL;
    int r = mp_issubclass(args[0], self);
    return r < 0 ? NULL : mp_bool_from(r);
}

static const mp_method_def type_methods[] = {
    {"mro", type_mro, 0, "Return a type's method resolution order."},
    {"__dir__", type_dir, 0, "Specialized __dir__ implementation for types."},
    {"__instancecheck__", type_instancecheck, 0, NULL},
    {"__subclasscheck__", type_subclasscheck, 0, NULL},
    {NULL},
};

static const mp_getset_def type_getset[] = {
    {"__name__", type_get_name, NULL},     {"__qualname__", type_get_qualname, NULL},
    {"__module__", type_get_module, NULL}, {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},     {"__mro__", type_get_mro, NULL},
    {"__dict__", type_get_dict, NULL},     {NULL},
};

mp_type mp_type_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "type",
    .basicsize = sizeof(mp_type),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_TYPE_SUBCLASS,
    .base = &mp_type_object,
    .dealloc = type_dealloc,
    .repr = type_repr,
    .getattr = mp_type_getattr,
    .setattr = type_setattr,
    .call = type_call,
    .methods = type_methods,
    .getset = type_getset,
};

/* ---- mp_type_ready ------------------------------------------------------ */

/* C3 linearisation of a class with several bases (CPython's mro_implementation):
 * merge the bases' MROs and the list of bases, always taking the first head
 * that appears in no other sequence's tail. */
static mp_obj *c3_mro(mp_type *t) {
    mp_obj *bases = t->bases;
    size_t nb = mp_tuple_size(bases), nseq = nb + 1, total = 1;
    mp_obj ***seq = mp_mem_alloc(nseq * sizeof(mp_obj **));
    size_t *len = mp_mem_alloc(nseq * sizeof(size_t)), *pos = mp_mem_calloc(nseq, sizeof(size_t));
    for (size_t i = 0; i < nb; i++) {
        mp_obj *m = ((mp_type *)mp_tuple_items(bases)[i])->mro;
        seq[i] = mp_tuple_items(m);
        len[i] = mp_tuple_size(m);
        total += len[i];
    }
    seq[nb] = mp_tuple_items(bases);
    len[nb] = nb;
    mp_obj **out = mp_mem_alloc(total * sizeof(mp_obj *));
    size_t nout = 0;
    out[nout++] = (mp_obj *)t;
    for (;;) {
        mp_obj *cand = NULL;
        bool any_left = false;
        for (size_t i = 0; i < nseq && !cand; i++) {
            if (pos[i] >= len[i])
                continue;
            any_left = true;
            cand = seq[i][pos[i]];
            for (size_t j = 0; j < nseq && cand; j++)
                for (size_t k = pos[j] + 1; k < len[j]; k++)
                    if (seq[j][k] == cand) {
                        cand = NULL;
                        break;
                    }
        }
        if (!any_left || !cand) {
            if (any_left) {
                mp_sb sb;
                mp_sb_init(&sb, 64);
                mp_sb_add_cstr(&sb, "Cannot create a consistent method resolution order "
                                    "(MRO) for bases ");
                for (size_t i = 0; i < nb; i++) {
                    if (i)
                        mp_sb_add_cstr(&sb, ", ");
                    mp_sb_add_cstr(&sb, short_name((mp_type *)mp_tuple_items(bases)[i]));
                }
                mp_obj *msg = mp_sb_finish(&sb);
                mp_err_set(&mp_type_TypeError, msg);
                mp_decref(msg);
                nout = 0;
            }
            break;
        }
        out[nout++] = cand;
        for (size_t i = 0; i < nseq; i++)
            if (pos[i] < len[i] && seq[i][pos[i]] == cand)
                pos[i]++;
    }
    mp_obj *r = nout ? mp_tuple_from_array(out, nout) : NULL;
    mp_mem_free(out);
    mp_mem_free(seq);
    mp_mem_free(len);
    mp_mem_free(pos);
    return r;
}

static mp_obj *compute_mro(mp_type *t) {
    size_t nb = mp_tuple_size(t->bases);
    if (nb > 1)
        return c3_mro(t);
    mp_obj *base_mro = nb ? ((mp_type *)mp_tuple_items(t->bases)[0])->mro : NULL;
    size_t n = base_mro ? mp_tuple_size(base_mro) : 0;
    mp_obj *mro = mp_tuple_new(n + 1);
    mp_tuple_items(mro)[0] = mp_newref((mp_obj *)t);
    for (size_t i = 0; i < n; i++)
        mp_tuple_items(mro)[i + 1] = mp_newref(mp_tuple_items(base_mro)[i]);
    return mro;
}

static void inherit_slots(mp_type *t, mp_type *b) {
#define INHERIT(slot)                                                                              \
    if (!t->slot)                                                                                  \
        t->slot = b->slot;
    INHERIT(dealloc)
    INHERIT(repr)
    INHERIT(str)
    INHERIT(truthy) INHERIT(binop) INHERIT(inplace) INHERIT(unary) INHERIT(getattr) INHERIT(setattr)
        INHERIT(descr_get) INHERIT(descr_set) INHERIT(call) INHERIT(init) INHERIT(iter)
            INHERIT(iternext) INHERIT(len) INHERIT(getitem) INHERIT(setitem) INHERIT(contains)
                INHERIT(basicsize) INHERIT(dictoffset)
#undef INHERIT
        /* Defining __eq__ without __hash__ makes a type unhashable, so the two
     * are only inherited together. */
        if (!t->richcompare && !t->hash) {
        t->richcompare = b->richcompare;
        t->hash = b->hash;
    }
    t->tflags |=
        b->tflags & (MP_TFLAG_INT_SUBCLASS | MP_TFLAG_STR_SUBCLASS | MP_TFLAG_TUPLE_SUBCLASS |
                     MP_TFLAG_LIST_SUBCLASS | MP_TFLAG_DICT_SUBCLASS | MP_TFLAG_EXC_SUBCLASS |
                     MP_TFLAG_TYPE_SUBCLASS);
}

static int dict_set_new(mp_obj *dict, mp_obj *key, mp_obj *value, bool immortal) {
    if (!value)
        return -1;
    if (immortal)
        mp_rc_make_immortal(value);
    int r = mp_dict_get(dict, key) ? 0 : mp_dict_set(dict, key, value);
    mp_decref(value);
    return r;
}

static int fill_dict(mp_type *t) {
    bool immortal = !(t->tflags & MP_TFLAG_HEAPTYPE);
    for (const mp_method_def *m = t->methods; m && m->name; m++) {
        mp_obj *v;
        if (m->flags & MP_METH_STATIC)
            v = mp_cfunction_new(m, (mp_obj *)t);
        else
            v = mp_descr_new_method(t, m);
        if (dict_set_new(t->dict, mp_str_intern_cstr(m->name), v, immortal) < 0)
            return -1;
    }
    for (const mp_getset_def *g = t->getset; g && g->name; g++)
        if (dict_set_new(t->dict, mp_str_intern_cstr(g->name), mp_descr_new_getset(t, g),
                         immortal) < 0)
            return -1;
    if (t->dictoffset && (!t->base || t->base->dictoffset != t->dictoffset) &&
        dict_set_new(t->dict, MP_NAME(dict), mp_descr_new_getset(t, &instance_dict_getset),
                     immortal) < 0)
        return -1;
    if (mp_descr_add_slot_wrappers(t) < 0)
        return -1;
    if (!mp_dict_get(t->dict, MP_NAME(doc)) && mp_dict_set(t->dict, MP_NAME(doc), mp_None) < 0)
        return -1;
    return 0;
}

int mp_type_ready(mp_type *t) {
    if (t->tflags & MP_TFLAG_READY)
        return 0;
    bool heap = t->tflags & MP_TFLAG_HEAPTYPE;
    if (t->bases && !t->base && mp_tuple_size(t->bases))
        t->base = (mp_type *)mp_tuple_items(t->bases)[0];
    if (!t->base && t != &mp_type_object)
        t->base = &mp_type_object;
    if (!t->bases)
        t->bases = t->base ? mp_tuple_pack(1, (mp_obj *)t->base) : mp_tuple_new(0);
    for (size_t i = 0; i < mp_tuple_size(t->bases); i++)
        if (mp_type_ready((mp_type *)mp_tuple_items(t->bases)[i]) < 0)
            return -1;
    if (!t->name_obj)
        t->name_obj = mp_str_intern_cstr(short_name(t));
    if (!t->dict)
        t->dict = mp_dict_new();
    /* Wrappers describe the slots the type itself defines: fill the dict
     * before inheriting. */
    if (fill_dict(t) < 0)
        return -1;
    /* Static types with no constructor of their own and `object` as base
     * cannot be instantiated (CPython's Py_TPFLAGS_DISALLOW_INSTANTIATION). */
    if (!t->new_ && t->base && (heap || t->base != &mp_type_object))
        t->new_ = t->base->new_;
    if (!t->mro && !(t->mro = compute_mro(t)))
        return -1;
    for (size_t i = 1; i < mp_tuple_size(t->mro); i++)
        inherit_slots(t, (mp_type *)mp_tuple_items(t->mro)[i]);
    if (!t->hash && !mp_dict_get(t->dict, MP_NAME(hash)) &&
        mp_dict_set(t->dict, MP_NAME(hash), mp_None) < 0)
        return -1;
    if (!heap) {
        mp_rc_make_immortal((mp_obj *)t);
        mp_rc_make_immortal(t->dict);
        mp_rc_make_immortal(t->bases);
        mp_rc_make_immortal(t->mro);
    }
    t->tflags |= MP_TFLAG_READY;
    return 0;
}
