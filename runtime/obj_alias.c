/*
 * obj_alias.c — types.GenericAlias, the value of `list[int]` or
 * `dict[str, int]`.  Annotations are evaluated in 3.11, so `def f(x:
 * list[int])` must work; the alias records its origin and arguments,
 * prints like CPython and calls through to the origin class.
 */
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

typedef struct alias_obj {
    mp_obj head;
    mp_obj *origin; /* a type */
    mp_obj *args;   /* tuple */
} alias_obj;

static alias_obj *ALIAS(mp_obj *o) { return (alias_obj *)o; }

static mp_obj *alias_new(mp_obj *origin, mp_obj *key) {
    alias_obj *a = (alias_obj *)mp_instance_alloc(&mp_type_generic_alias);
    a->origin = mp_newref(origin);
    a->args = mp_tuple_check(key) ? mp_newref(key) : mp_tuple_pack(1, key);
    return (mp_obj *)a;
}

static void alias_dealloc(mp_obj *self) {
    mp_decref(ALIAS(self)->origin);
    mp_decref(ALIAS(self)->args);
    mp_instance_free(self);
}

/* CPython's ga_repr_item: "..." for Ellipsis, "mod.qualname" for classes. */
static int add_item(mp_sb *sb, mp_obj *o) {
    if (o == mp_Ellipsis) {
        mp_sb_add_cstr(sb, "...");
        return 0;
    }
    if (!mp_has_tflag(o, MP_TFLAG_TYPE_SUBCLASS))
        return mp_sb_add_obj(sb, o, true);
    mp_obj *mod = mp_type_get_module((mp_type *)o), *qual = mp_type_get_qualname((mp_type *)o);
    if (mp_str_check(mod) && !mp_str_eq_cstr(mod, "builtins")) {
        mp_sb_add(sb, mp_str_data(mod), mp_str_size(mod));
        mp_sb_addc(sb, '.');
    }
    mp_sb_add(sb, mp_str_data(qual), mp_str_size(qual));
    mp_decref(mod);
    mp_decref(qual);
    return 0;
}

static mp_obj *alias_repr(mp_obj *self) {
    alias_obj *a = ALIAS(self);
    mp_sb sb;
    mp_sb_init(&sb, 32);
    int r = add_item(&sb, a->origin);
    mp_sb_addc(&sb, '[');
    size_t n = mp_tuple_size(a->args);
    if (n == 0)
        mp_sb_add_cstr(&sb, "()");
    for (size_t i = 0; i < n && r == 0; i++) {
        if (i)
            mp_sb_add_cstr(&sb, ", ");
        r = add_item(&sb, mp_tuple_items(a->args)[i]);
    }
    mp_sb_addc(&sb, ']');
    if (r < 0) {
        mp_sb_free(&sb);
        return NULL;
    }
    return mp_sb_finish(&sb);
}

static mp_obj *alias_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return mp_call(ALIAS(self)->origin, args, nargs, kwnames);
}

static mp_obj *alias_richcompare(mp_obj *a, mp_obj *b, int op) {
    if ((op != MP_EQ && op != MP_NE) || mp_typeof(b) != &mp_type_generic_alias)
        return mp_NotImplemented;
    int eq = ALIAS(a)->origin == ALIAS(b)->origin;
    if (eq)
        eq = mp_richcompare_bool(ALIAS(a)->args, ALIAS(b)->args, MP_EQ);
    if (eq < 0)
        return NULL;
    return mp_bool_from(op == MP_EQ ? eq : !eq);
}

static mp_hash_t alias_hash(mp_obj *self) {
    mp_hash_t h = mp_hash(ALIAS(self)->args);
    if (h == -1)
        return -1;
    h ^= mp_hash_pointer(ALIAS(self)->origin);
    return h == -1 ? -2 : h;
}

/* Attributes not defined on the alias are looked up on the origin. */
static mp_obj *alias_getattr(mp_obj *self, mp_obj *name) {
    mp_obj *v = mp_generic_getattr_opt(self, name);
    if (v || mp_err_occurred())
        return v;
    return mp_getattr(ALIAS(self)->origin, name);
}

static mp_obj *alias_origin(mp_obj *self) { return mp_newref(ALIAS(self)->origin); }
static mp_obj *alias_args(mp_obj *self) { return mp_newref(ALIAS(self)->args); }
static mp_obj *alias_parameters(mp_obj *self) { return mp_tuple_new(0); }

static const mp_getset_def alias_getset[] = {
    {"__origin__", alias_origin, NULL},
    {"__args__", alias_args, NULL},
    {"__parameters__", alias_parameters, NULL},
    {NULL},
};

mp_type mp_type_generic_alias = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "types.GenericAlias",
    .basicsize = sizeof(alias_obj),
    .dealloc = alias_dealloc,
    .repr = alias_repr,
    .hash = alias_hash,
    .richcompare = alias_richcompare,
    .getattr = alias_getattr,
    .call = alias_call,
    .getset = alias_getset,
};

mp_obj *mp_type_class_getitem(mp_type *type, mp_obj *key) {
    if (type == &mp_type_type) /* type[int], special-cased as in CPython */
        return alias_new((mp_obj *)type, key);
    mp_obj *meth = mp_getattr_opt((mp_obj *)type, mp_str_intern_cstr("__class_getitem__"));
    if (!meth) {
        if (!mp_err_occurred())
            mp_err_format(&mp_type_TypeError, "type '%s' is not subscriptable", type->name);
        return NULL;
    }
    mp_obj *r = mp_call1(meth, key);
    mp_decref(meth);
    return r;
}

/* The classmethod __class_getitem__ of the built-in generic classes. */
static mp_obj *class_getitem(mp_obj *cls, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("__class_getitem__", kwnames) ||
        mp_arg_count("__class_getitem__", nargs, 1, 1))
        return NULL;
    return alias_new(cls, args[0]);
}

static const mp_method_def class_getitem_def = {"__class_getitem__", class_getitem, MP_METH_CLASS,
                                                "See PEP 585"};

void mp_alias_init(void) {
    mp_type_ready(&mp_type_generic_alias);
    /* The classes that are generic in 3.11 (list[int], dict[str, int], ...). */
    mp_type *const generic[] = {&mp_type_list, &mp_type_dict,      &mp_type_tuple,
                                &mp_type_set,  &mp_type_frozenset, &mp_type_enumerate};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
        mp_obj *d = mp_descr_new_method(generic[i], &class_getitem_def);
        mp_rc_make_immortal(d);
        mp_type_set_attr_cstr(generic[i], class_getitem_def.name, d);
    }
}
