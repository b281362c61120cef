/*
 * obj_mappingproxy.c — `mappingproxy`, the read-only view of a type's
 * namespace that `SomeClass.__dict__` returns.  Reads go to the
 * underlying dict; there is no way to write through it, so type dicts can
 * only change through setattr on the type (which keeps the method cache
 * of obj_type.c coherent).
 */
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

typedef struct mappingproxy {
    mp_obj head;
    mp_obj *mapping; /* a dict */
} mappingproxy;

static mp_obj *MAPPING(mp_obj *self) { return ((mappingproxy *)self)->mapping; }

mp_obj *mp_mappingproxy_new(mp_obj *mapping) {
    mappingproxy *p = (mappingproxy *)mp_obj_alloc(&mp_type_mappingproxy, sizeof(mappingproxy));
    p->mapping = mp_newref(mapping);
    return (mp_obj *)p;
}

static void proxy_dealloc(mp_obj *self) {
    mp_decref(MAPPING(self));
    mp_obj_free(self);
}

static mp_obj *proxy_repr(mp_obj *self) {
    return mp_str_format_c("mappingproxy(%R)", MAPPING(self));
}

static mp_obj *proxy_str(mp_obj *self) { return mp_str(MAPPING(self)); }
static mp_obj *proxy_getitem(mp_obj *self, mp_obj *key) { return mp_getitem(MAPPING(self), key); }
static mp_ssize_t proxy_len(mp_obj *self) { return mp_len(MAPPING(self)); }
static mp_obj *proxy_iter(mp_obj *self) { return mp_iter(MAPPING(self)); }
static int proxy_contains(mp_obj *self, mp_obj *key) { return mp_contains(MAPPING(self), key); }

static mp_obj *proxy_richcompare(mp_obj *self, mp_obj *other, int op) {
    return mp_richcompare(MAPPING(self), other, op);
}

/* keys(), values(), items(), get(), copy(): those of the dict. */
#define FORWARD(name)                                                                              \
    static mp_obj *proxy_##name(mp_obj *self, mp_obj *const *args, size_t nargs,                   \
                                mp_obj *kwnames) {                                                 \
        return mp_call_method_obj(MAPPING(self), mp_str_intern_cstr(#name), args, nargs, kwnames); \
    }
FORWARD(keys)
FORWARD(values)
FORWARD(items)
FORWARD(get)
FORWARD(copy)
#undef FORWARD

static const mp_method_def proxy_methods[] = {
    {"keys", proxy_keys, 0, NULL},   {"values", proxy_values, 0, NULL},
    {"items", proxy_items, 0, NULL}, {"get", proxy_get, 0, NULL},
    {"copy", proxy_copy, 0, NULL},   {NULL},
};

mp_type mp_type_mappingproxy = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "mappingproxy",
    .basicsize = sizeof(mappingproxy),
    .dealloc = proxy_dealloc,
    .repr = proxy_repr,
    .str = proxy_str,
    .richcompare = proxy_richcompare,
    .getitem = proxy_getitem,
    .len = proxy_len,
    .iter = proxy_iter,
    .contains = proxy_contains,
    .methods = proxy_methods,
};
