/*
 * core.h — private glue shared by the core runtime files (object.c,
 * obj_type.c, obj_descr.c, errors.c, obj_exc.c, module.c, builtins*.c,
 * mod_sys.c, runtime.c).  Not a contract: other modules use object.h,
 * errors.h, module.h and mod_sys.h.
 */
#ifndef MP_CORE_H
#define MP_CORE_H

#include "runtime/object.h"

/* Interned names the core looks up, made once by mp_core_names_init()
 * (the first thing mp_runtime_init does after the thread state). */
// clang-format off
#define MP_CORE_NAMES(X)                                                           \
    X(dict, "__dict__") X(dir, "__dir__") X(doc, "__doc__")                        \
    X(file, "__file__") X(format, "__format__") X(getattr, "__getattr__")          \
    X(hash, "__hash__") X(index, "__index__") X(loader, "__loader__")              \
    X(module, "__module__") X(name, "__name__") X(new_, "__new__")                 \
    X(notes, "__notes__") X(package, "__package__") X(path, "__path__")            \
    X(qualname, "__qualname__") X(reversed, "__reversed__") X(spec, "__spec__")    \
    X(builtins, "builtins") X(empty, "") X(None_, "None") X(flush, "flush")        \
    X(write, "write") X(readline, "readline") X(value, "value") X(code, "code")    \
    X(msg, "msg") X(attr_name, "name") X(attr_path, "path") X(obj, "obj")          \
    X(errno_, "errno") X(strerror, "strerror") X(filename, "filename")             \
    X(filename2, "filename2") X(lineno, "lineno") X(offset, "offset")              \
    X(text, "text") X(end_lineno, "end_lineno") X(end_offset, "end_offset")        \
    X(print_file_and_line, "print_file_and_line") X(stdout_, "stdout")
// clang-format on

typedef struct mp_core_names {
#define MP_CORE_NAME_FIELD(field, text) mp_obj *field;
    MP_CORE_NAMES(MP_CORE_NAME_FIELD)
#undef MP_CORE_NAME_FIELD
} mp_core_names;

extern mp_core_names mp_names;
#define MP_NAME(field) (mp_names.field)
void mp_core_names_init(void);

/* Decodes the UTF-8 sequence at *p (valid UTF-8, as str data always is)
 * and advances *p past it. */
static inline uint32_t mp_utf8_decode(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (n)
        c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++)
        c = (c << 6) | (s[i] & 0x3Fu);
    *p = s + n + 1;
    return c;
}

/* obj_type.c */
/* A zeroed instance of `type` (basicsize bytes) with one reference; heap
 * types are kept alive by their instances.  mp_instance_free undoes it
 * (also dropping the instance dict, if the type has one). */
mp_obj *mp_instance_alloc(mp_type *type);
void mp_instance_free(mp_obj *o);
/* getattr without raising AttributeError (NULL, no exception, if absent). */
mp_obj *mp_generic_getattr_opt(mp_obj *o, mp_obj *name);
mp_obj *mp_type_getattr_opt(mp_obj *o, mp_obj *name);
/* type[key]: __class_getitem__, or a types.GenericAlias for the built-in
 * generic classes (list[int]); "type 'int' is not subscriptable". */
mp_obj *mp_type_class_getitem(mp_type *type, mp_obj *key);
extern mp_type mp_type_generic_alias; /* obj_alias.c */
/* Read-only view of a type's dict (obj_mappingproxy.c). */
extern mp_type mp_type_mappingproxy;
mp_obj *mp_mappingproxy_new(mp_obj *mapping);
void mp_alias_init(void);
/* The instance dict slot of `o`, or NULL if its type has none. */
static inline mp_obj **mp_instance_dict_slot(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    return t->dictoffset ? (mp_obj **)((char *)o + t->dictoffset) : NULL;
}
/* type.__name__ / __module__ / __qualname__ as C-level helpers. */
mp_obj *mp_type_get_name(mp_type *t);     /* new ref */
mp_obj *mp_type_get_module(mp_type *t);   /* new ref */
mp_obj *mp_type_get_qualname(mp_type *t); /* new ref */
/* Readies a static type on first use from a slow path; true if it was
 * not ready before (so the caller should retry the slot). */
bool mp_type_ensure_ready(mp_type *t);
/* object.__dir__ and dir(type): sorted list of attribute names. */
mp_obj *mp_object_dir(mp_obj *o);
mp_obj *mp_type_dir(mp_type *t);
/* getattr of type objects, also used by the builtin-method repr. */
mp_obj *mp_type_getattr(mp_obj *self, mp_obj *name);

/* obj_descr.c: the descriptor types and the slot-wrapper table. */
extern mp_type mp_type_classmethod_descriptor, mp_type_wrapper_descriptor, mp_type_method_wrapper;
mp_obj *mp_descr_new_method(mp_type *owner, const mp_method_def *def);
mp_obj *mp_descr_new_getset(mp_type *owner, const mp_getset_def *def);
/* Adds a slot wrapper (`__add__`, `__len__`, ...) to the type's dict for
 * every slot the type defines itself and whose name is not yet there. */
int mp_descr_add_slot_wrappers(mp_type *t);

/* obj_exc.c */
void mp_exc_init(void);

/* module.c */
void mp_module_init(void);
mp_obj *mp_builtins_module_create(void); /* builtins.c */
void mp_builtins_iter_init(void);        /* builtins_iter.c */
/* Sequence iterator for objects with __getitem__ only (the `iterator`
 * type), and the 2-argument iter(callable, sentinel). */
mp_obj *mp_seqiter_new(mp_obj *seq);
mp_obj *mp_calliter_new(mp_obj *callable, mp_obj *sentinel);
extern mp_type mp_type_enumerate, mp_type_zip, mp_type_map, mp_type_filter, mp_type_reversed,
    mp_type_seqiter, mp_type_calliter;

/* mod_sys.c */
mp_obj *mp_sys_module_create(void);
void mp_sys_init_streams(void);

#endif /* MP_CORE_H */
