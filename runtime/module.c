/*
 * module.c — module objects, built-in functions (`builtin_function_or_method`),
 * the registry of modules written in C, and import.
 *
 * mp_import resolves relative names, then imports each dotted prefix:
 * sys.modules first, then the built-in registry, then the file finder hook
 * (mp_import_file_finder, installed by the module system of issue 3), and
 * binds each submodule as an attribute of its parent, as importlib does.
 */
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

mp_obj *mp_builtins_dict;
mp_obj *mp_modules_dict;
mp_import_finder mp_import_file_finder;

/* ---- module objects ---------------------------------------------------- */

static int init_module_dict(mp_obj *dict, mp_obj *name, mp_obj *doc) {
    if (mp_dict_set(dict, MP_NAME(name), name) < 0 || mp_dict_set(dict, MP_NAME(doc), doc) < 0 ||
        mp_dict_set(dict, MP_NAME(package), mp_None) < 0 ||
        mp_dict_set(dict, MP_NAME(loader), mp_None) < 0 ||
        mp_dict_set(dict, MP_NAME(spec), mp_None) < 0)
        return -1;
    return 0;
}

static mp_module *module_alloc(mp_type *type) {
    mp_module *m = (mp_module *)mp_obj_alloc(type, type->basicsize);
    m->dict = mp_dict_new();
    m->name = NULL;
    return m;
}

mp_obj *mp_module_new(const char *name) {
    mp_module *m = module_alloc(&mp_type_module);
    m->name = mp_str_from_cstr(name);
    if (!m->name || init_module_dict(m->dict, m->name, mp_None) < 0) {
        mp_decref((mp_obj *)m);
        return NULL;
    }
    return (mp_obj *)m;
}

int mp_module_add_obj(mp_obj *module, const char *name, mp_obj *value) {
    return mp_dict_set(mp_module_dict(module), mp_str_intern_cstr(name), value);
}

int mp_module_add_functions(mp_obj *module, const mp_method_def *defs) {
    for (; defs->name; defs++) {
        mp_obj *f = mp_cfunction_new(defs, module);
        mp_rc_make_immortal(f);
        if (mp_module_add_obj(module, defs->name, f) < 0)
            return -1;
    }
    return 0;
}

static mp_obj *module_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return (mp_obj *)module_alloc(type);
}

static int module_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"name", "doc"};
    mp_obj *a[2];
    if (mp_arg_parse("module", args, nargs, kwnames, names, 2, 1, a) < 0)
        return -1;
    if (!mp_str_check(a[0])) {
        mp_err_format(&mp_type_TypeError, "module() argument 'name' must be str, not %s",
                      mp_type_name(a[0]));
        return -1;
    }
    mp_module *m = (mp_module *)self;
    mp_setref(&m->name, mp_newref(a[0]));
    return init_module_dict(m->dict, a[0], a[1] ? a[1] : mp_None);
}

static void module_dealloc(mp_obj *self) {
    mp_module *m = (mp_module *)self;
    mp_xdecref(m->dict);
    mp_xdecref(m->name);
    mp_obj_free(self);
}

static bool is_builtin_module_name(mp_obj *name);

static mp_obj *module_repr(mp_obj *self) {
    mp_obj *d = mp_module_dict(self);
    mp_obj *name = mp_dict_get(d, MP_NAME(name));
    mp_obj *file = mp_dict_get(d, MP_NAME(file));
    if (!name || !mp_str_check(name))
        name = mp_str_intern_cstr("?");
    if (file && mp_str_check(file))
        return mp_str_format_c("<module %R from %R>", name, file);
    if (is_builtin_module_name(name))
        return mp_str_format_c("<module %R (built-in)>", name);
    return mp_str_format_c("<module %R>", name);
}

/* Module attributes: only dunder names can be data descriptors of the
 * module type, so other names go straight to the namespace. */
static mp_obj *module_getattr(mp_obj *self, mp_obj *name) {
    mp_obj *d = mp_module_dict(self);
    const char *s = mp_str_data(name);
    if (!(s[0] == '_' && s[1] == '_')) {
        mp_obj *v = mp_dict_get(d, name);
        if (v)
            return mp_newref(v);
    } else {
        mp_obj *v = mp_generic_getattr_opt(self, name);
        if (v || mp_err_occurred())
            return v;
    }
    mp_obj *hook = mp_dict_get(d, MP_NAME(getattr)); /* PEP 562 */
    if (hook)
        return mp_call1(hook, name);
    mp_obj *modname = mp_dict_get(d, MP_NAME(name));
    if (modname && mp_str_check(modname))
        mp_err_format(&mp_type_AttributeError, "module '%U' has no attribute '%U'", modname, name);
    else
        mp_err_format(&mp_type_AttributeError, "module has no attribute '%U'", name);
    return NULL;
}

static mp_obj *module_dir(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("module.__dir__", kwnames) || mp_arg_count("module.__dir__", nargs, 0, 0))
        return NULL;
    return mp_dict_keys_list(mp_module_dict(self));
}

static const mp_method_def module_methods[] = {
    {"__dir__", module_dir, 0, NULL},
    {NULL},
};

mp_type mp_type_module = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "module",
    .basicsize = sizeof(mp_module),
    .tflags = MP_TFLAG_BASETYPE,
    .dictoffset = offsetof(mp_module, dict),
    .dealloc = module_dealloc,
    .repr = module_repr,
    .getattr = module_getattr,
    .new_ = module_new,
    .init = module_init,
    .methods = module_methods,
};

/* ---- built-in functions ------------------------------------------------ */

mp_obj *mp_cfunction_new(const mp_method_def *def, mp_obj *self) {
    mp_cfunction *f = (mp_cfunction *)mp_obj_alloc(&mp_type_builtin_function, sizeof(mp_cfunction));
    f->def = def;
    f->self = self ? mp_newref(self) : NULL;
    return (mp_obj *)f;
}

static void cfunction_dealloc(mp_obj *self) {
    mp_xdecref(((mp_cfunction *)self)->self);
    mp_obj_free(self);
}

static mp_obj *cfunction_call(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_cfunction *f = (mp_cfunction *)self;
    mp_obj *bound = (f->def->flags & MP_METH_STATIC) ? NULL : f->self;
    return f->def->fn(bound, args, nargs, kwnames);
}

static bool is_module_function(mp_cfunction *f) {
    return !f->self || mp_typeof(f->self) == &mp_type_module;
}

static mp_obj *cfunction_repr(mp_obj *self) {
    mp_cfunction *f = (mp_cfunction *)self;
    if (is_module_function(f))
        return mp_str_format_c("<built-in function %s>", f->def->name);
    return mp_str_format_c("<built-in method %s of %s object at %p>", f->def->name,
                           mp_type_name(f->self), (void *)f->self);
}

static mp_hash_t cfunction_hash(mp_obj *self) {
    mp_cfunction *f = (mp_cfunction *)self;
    mp_hash_t h = f->self ? mp_hash_pointer(f->self) : 0;
    h ^= mp_hash_pointer(f->def);
    return h == -1 ? -2 : h;
}

static mp_obj *cfunction_richcompare(mp_obj *a, mp_obj *b, int op) {
    if ((op != MP_EQ && op != MP_NE) || mp_typeof(b) != &mp_type_builtin_function)
        return mp_NotImplemented;
    mp_cfunction *x = (mp_cfunction *)a, *y = (mp_cfunction *)b;
    bool eq = x->def == y->def && x->self == y->self;
    return mp_bool_from(op == MP_EQ ? eq : !eq);
}

static mp_obj *cfunction_name(mp_obj *self) {
    return mp_str_from_cstr(((mp_cfunction *)self)->def->name);
}

static mp_obj *cfunction_qualname(mp_obj *self) {
    mp_cfunction *f = (mp_cfunction *)self;
    if (is_module_function(f))
        return cfunction_name(self);
    mp_type *t =
        mp_has_tflag(f->self, MP_TFLAG_TYPE_SUBCLASS) ? (mp_type *)f->self : mp_typeof(f->self);
    mp_obj *tq = mp_type_get_qualname(t);
    mp_obj *r = mp_str_format_c("%U.%s", tq, f->def->name);
    mp_decref(tq);
    return r;
}

static mp_obj *cfunction_self(mp_obj *self) {
    mp_obj *s = ((mp_cfunction *)self)->self;
    return mp_newref(s ? s : mp_None);
}

static mp_obj *cfunction_module(mp_obj *self) {
    mp_cfunction *f = (mp_cfunction *)self;
    if (f->self && mp_typeof(f->self) == &mp_type_module)
        return mp_newref(((mp_module *)f->self)->name);
    return mp_None;
}

static mp_obj *cfunction_doc(mp_obj *self) {
    const char *doc = ((mp_cfunction *)self)->def->doc;
    return doc ? mp_str_from_cstr(doc) : mp_None;
}

static const mp_getset_def cfunction_getset[] = {
    {"__name__", cfunction_name, NULL}, {"__qualname__", cfunction_qualname, NULL},
    {"__self__", cfunction_self, NULL}, {"__module__", cfunction_module, NULL},
    {"__doc__", cfunction_doc, NULL},   {NULL},
};

mp_type mp_type_builtin_function = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "builtin_function_or_method",
    .basicsize = sizeof(mp_cfunction),
    .dealloc = cfunction_dealloc,
    .repr = cfunction_repr,
    .hash = cfunction_hash,
    .richcompare = cfunction_richcompare,
    .call = cfunction_call,
    .getset = cfunction_getset,
};

/* ---- registry of C modules ---------------------------------------------- */

typedef struct builtin_module {
    const char *name;
    mp_module_initfn init;
} builtin_module;

/* Registered at start-up, before other threads exist; read-only after. */
static builtin_module registry[64];
static int nregistry;

void mp_module_register_builtin(const char *name, mp_module_initfn init) {
    for (int i = 0; i < nregistry; i++) {
        if (strcmp(registry[i].name, name) == 0) {
            registry[i].init = init;
            return;
        }
    }
    if (nregistry < (int)(sizeof registry / sizeof registry[0]))
        registry[nregistry++] = (builtin_module){name, init};
}

static const builtin_module *find_builtin(mp_obj *name) {
    for (int i = 0; i < nregistry; i++)
        if (mp_str_eq_cstr(name, registry[i].name))
            return &registry[i];
    return NULL;
}

static bool is_builtin_module_name(mp_obj *name) { return find_builtin(name) != NULL; }

mp_obj *mp_builtin_module_names(void) {
    mp_obj *l = mp_list_new((size_t)nregistry);
    for (int i = 0; i < nregistry; i++) {
        mp_obj *s = mp_str_from_cstr(registry[i].name);
        if (!s || mp_list_append_steal(l, s) < 0) {
            mp_decref(l);
            return NULL;
        }
    }
    if (mp_list_sort(l, NULL, false) < 0) {
        mp_decref(l);
        return NULL;
    }
    mp_obj *t = mp_tuple_from_array(mp_list_items(l), mp_list_size(l));
    mp_decref(l);
    return t;
}

/* ---- import -------------------------------------------------------------- */

static void module_not_found(mp_obj *fullname, mp_obj *parent_name) {
    mp_obj *msg = parent_name ? mp_str_format_c("No module named %R; %R is not a package", fullname,
                                                parent_name)
                              : mp_str_format_c("No module named %R", fullname);
    if (!msg)
        return;
    mp_obj *args = mp_tuple_new(1);
    mp_tuple_items(args)[0] = msg;
    mp_obj *exc = mp_exc_new(&mp_type_ModuleNotFoundError, args);
    mp_decref(args);
    if (exc && mp_exc_set_attr(exc, MP_NAME(attr_name), fullname) < 0) {
        mp_decref(exc);
        return;
    }
    if (exc)
        mp_err_set_exc(exc);
}

/* 1 if `m` has a __path__ (is a package), 0 if not, -1 on error. */
static int is_package(mp_obj *m) {
    mp_obj *p = mp_getattr_opt(m, MP_NAME(path));
    if (!p)
        return mp_err_occurred() ? -1 : 0;
    mp_decref(p);
    return 1;
}

/* Imports one fully qualified module whose parent (if any) is imported:
 * new reference, NULL with an exception. */
static mp_obj *import_one(mp_obj *fullname, mp_obj *parent, mp_obj *parent_name) {
    mp_obj *m = mp_dict_get(mp_modules_dict, fullname);
    if (m)
        return mp_newref(m);
    if (mp_err_occurred())
        return NULL;
    const builtin_module *b = find_builtin(fullname);
    if (b) {
        m = b->init();
        if (!m)
            return NULL;
        if (mp_dict_set(mp_modules_dict, fullname, m) < 0) {
            mp_decref(m);
            return NULL;
        }
        return m;
    }
    int parent_is_package = !parent || is_package(parent);
    if (parent_is_package < 0)
        return NULL;
    if (mp_import_file_finder && parent_is_package) {
        m = mp_import_file_finder(fullname, parent);
        if (m || mp_err_occurred())
            return m;
    }
    module_not_found(fullname, parent_is_package ? NULL : parent_name);
    return NULL;
}

/* importlib's _resolve_name: `from ..a import b` inside package p.q. */
static mp_obj *resolve_relative(mp_obj *name, mp_obj *globals, int level) {
    mp_obj *package = globals ? mp_dict_get(globals, MP_NAME(package)) : NULL;
    if (!package || package == mp_None) {
        mp_obj *modname = globals ? mp_dict_get(globals, MP_NAME(name)) : NULL;
        if (modname && mp_str_check(modname)) {
            if (mp_dict_get(globals, MP_NAME(path))) {
                package = modname;
            } else {
                const char *s = mp_str_data(modname);
                const char *dot = strrchr(s, '.');
                package = mp_str_intern_n(s, dot ? (size_t)(dot - s) : 0);
            }
        }
    }
    if (!package || !mp_str_check(package) || mp_str_size(package) == 0) {
        mp_err_format(&mp_type_ImportError,
                      "attempted relative import with no known parent package");
        return NULL;
    }
    const char *s = mp_str_data(package);
    size_t end = mp_str_size(package);
    for (int i = 1; i < level; i++) {
        while (end > 0 && s[end - 1] != '.')
            end--;
        if (end == 0) {
            mp_err_format(&mp_type_ImportError,
                          "attempted relative import beyond top-level package");
            return NULL;
        }
        end--;
    }
    mp_obj *base = mp_str_new(s, end);
    if (!base || mp_str_size(name) == 0)
        return base;
    mp_obj *r = mp_str_format_c("%U.%U", base, name);
    mp_decref(base);
    return r;
}

/* importlib's _handle_fromlist: `from pkg import sub` imports pkg.sub when
 * pkg is a package without such an attribute. */
static int handle_fromlist(mp_obj *module, mp_obj *fromlist) {
    int pkg = is_package(module);
    if (pkg <= 0 || !mp_tuple_check(fromlist))
        return pkg;
    for (size_t i = 0; i < mp_tuple_size(fromlist); i++) {
        mp_obj *item = mp_tuple_items(fromlist)[i];
        if (!mp_str_check(item) || mp_str_eq_cstr(item, "*"))
            continue;
        mp_obj *v = mp_getattr_opt(module, item);
        if (v) {
            mp_decref(v);
            continue;
        }
        if (mp_err_occurred())
            return -1;
        mp_obj *pname = mp_getattr(module, MP_NAME(name));
        mp_obj *sub = pname ? mp_str_format_c("%S.%U", pname, item) : NULL;
        mp_obj *m = sub ? import_one(sub, module, pname) : NULL;
        mp_xdecref(pname);
        if (m) {
            mp_setattr(module, item, m);
            mp_decref(m);
        } else if (mp_err_matches(&mp_type_ModuleNotFoundError)) {
            mp_err_clear();
        }
        mp_xdecref(sub);
        if (mp_err_occurred())
            return -1;
    }
    return 0;
}

mp_obj *mp_import(mp_obj *name, mp_obj *globals, mp_obj *fromlist, int level) {
    if (!mp_str_check(name)) {
        mp_err_format(&mp_type_TypeError, "module name must be str, not %s", mp_type_name(name));
        return NULL;
    }
    if (level < 0) {
        mp_err_format(&mp_type_ValueError, "level must be >= 0");
        return NULL;
    }
    mp_obj *absname = level > 0 ? resolve_relative(name, globals, level) : mp_newref(name);
    if (!absname)
        return NULL;
    if (mp_str_size(absname) == 0) {
        mp_decref(absname);
        mp_err_format(&mp_type_ValueError, "Empty module name");
        return NULL;
    }
    /* Import every dotted prefix, binding children on their parents. */
    const char *s = mp_str_data(absname);
    size_t n = mp_str_size(absname);
    mp_obj *top = NULL, *parent = NULL, *parent_name = NULL, *m = NULL;
    for (size_t end = 0; end <= n; end++) {
        if (end < n && s[end] != '.')
            continue;
        mp_obj *prefix = mp_str_new(s, end);
        m = prefix ? import_one(prefix, parent, parent_name) : NULL;
        if (m && parent) {
            const char *child = s + (parent_name ? mp_str_size(parent_name) + 1 : 0);
            mp_obj *cname = mp_str_intern_n(child, (size_t)(s + end - child));
            if (mp_setattr(parent, cname, m) < 0)
                mp_err_clear();
        }
        mp_xdecref(parent_name);
        parent_name = prefix;
        if (!m)
            break;
        if (!top)
            top = mp_newref(m);
        mp_xdecref(parent);
        parent = m;
    }
    mp_xdecref(parent_name);
    mp_obj *result = NULL;
    if (m) {
        bool has_fromlist = fromlist && fromlist != mp_None &&
                            (!mp_tuple_check(fromlist) || mp_tuple_size(fromlist) > 0);
        if (!has_fromlist) {
            if (level == 0 || mp_str_size(name) == 0) {
                result = mp_newref(level == 0 ? top : m);
            } else {
                /* `import .a.b`-style: the module named by the first component
                 * of `name` relative to the package. */
                const char *ns = mp_str_data(name);
                const char *dot = strchr(ns, '.');
                size_t cut = dot ? mp_str_size(name) - (size_t)(dot - ns) : 0;
                mp_obj *key = mp_str_new(s, n - cut);
                mp_obj *v = key ? mp_dict_get(mp_modules_dict, key) : NULL;
                result = v ? mp_newref(v) : NULL;
                if (!v && key && !mp_err_occurred())
                    mp_err_set(&mp_type_KeyError, key);
                mp_xdecref(key);
            }
        } else if (handle_fromlist(m, fromlist) == 0) {
            result = mp_newref(m);
        }
    }
    mp_xdecref(parent);
    mp_xdecref(top);
    mp_decref(absname);
    return result;
}

void mp_module_init(void) {
    mp_modules_dict = mp_dict_new();
    mp_rc_make_immortal(mp_modules_dict);
}
