/*
 * mod_sys.c — the sys module (argv, path, modules, exit, recursion limit,
 * version information, exc_info, intern, ...) with the stream objects of
 * sys.stdin/stdout/stderr (implemented in obj_file.c), plus the two small helper
 * types sys needs: struct sequences (sys.version_info, sys.flags: tuples
 * with named fields) and types.SimpleNamespace (sys.implementation).
 */
#include "runtime/mod_sys.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* The sys namespace, kept for mp_sys_get (sys is never unloaded). */
static mp_obj *sys_dict;

/* ---- struct sequences ---------------------------------------------------- */

/* A tuple subtype whose items also have names (CPython's PyStructSequence). */
typedef struct structseq_type {
    mp_type type;
    const char *const *fields;
    size_t nfields;
} structseq_type;

static mp_obj *structseq_repr(mp_obj *self) {
    structseq_type *st = (structseq_type *)mp_typeof(self);
    mp_sb sb;
    mp_sb_init(&sb, 64);
    mp_sb_add_cstr(&sb, st->type.name);
    mp_sb_addc(&sb, '(');
    for (size_t i = 0; i < st->nfields; i++) {
        if (i)
            mp_sb_add_cstr(&sb, ", ");
        mp_sb_add_cstr(&sb, st->fields[i]);
        mp_sb_addc(&sb, '=');
        if (mp_sb_add_obj(&sb, mp_tuple_items(self)[i], true) < 0) {
            mp_sb_free(&sb);
            return NULL;
        }
    }
    mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
}

static mp_obj *structseq_getattr(mp_obj *self, mp_obj *name) {
    structseq_type *st = (structseq_type *)mp_typeof(self);
    for (size_t i = 0; i < st->nfields; i++)
        if (mp_str_eq_cstr(name, st->fields[i]))
            return mp_newref(mp_tuple_items(self)[i]);
    return mp_generic_getattr(self, name);
}

static mp_obj *no_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_err_format(&mp_type_TypeError, "cannot create '%s' instances", type->name);
    return NULL;
}

#define STRUCTSEQ_TYPE(var, tname, fieldarr)                                                       \
    static structseq_type var = {.type = {.head = MP_STATIC_HEADER(&mp_type_type),                 \
                                          .name = tname,                                           \
                                          .base = &mp_type_tuple,                                  \
                                          .repr = structseq_repr,                                  \
                                          .getattr = structseq_getattr,                            \
                                          .new_ = no_new},                                         \
                                 .fields = fieldarr,                                               \
                                 .nfields = sizeof fieldarr / sizeof fieldarr[0]}

static const char *const version_info_fields[] = {"major", "minor", "micro", "releaselevel",
                                                  "serial"};
STRUCTSEQ_TYPE(version_info_type, "sys.version_info", version_info_fields);

static const char *const flags_fields[] = {"debug",
                                           "inspect",
                                           "interactive",
                                           "optimize",
                                           "dont_write_bytecode",
                                           "no_user_site",
                                           "no_site",
                                           "ignore_environment",
                                           "verbose",
                                           "bytes_warning",
                                           "quiet",
                                           "hash_randomization",
                                           "isolated",
                                           "dev_mode",
                                           "utf8_mode",
                                           "warn_default_encoding",
                                           "safe_path",
                                           "int_max_str_digits"};
STRUCTSEQ_TYPE(flags_type, "sys.flags", flags_fields);

/* An immortal instance: a tuple of `vals` re-typed as the struct sequence. */
static mp_obj *structseq_new(structseq_type *st, mp_obj *const *vals) {
    mp_type_ready(&st->type);
    mp_obj *t = mp_tuple_from_array(vals, st->nfields);
    t->type = &st->type;
    mp_rc_make_immortal(t);
    return t;
}

/* ---- types.SimpleNamespace ---------------------------------------------- */

typedef struct namespace_obj {
    mp_obj head;
    mp_obj *dict;
} namespace_obj;

static mp_obj *namespace_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (nargs) {
        mp_err_format(&mp_type_TypeError, "no positional arguments expected");
        return NULL;
    }
    namespace_obj *ns = (namespace_obj *)mp_obj_alloc(type, sizeof(namespace_obj));
    ns->dict = mp_dict_new();
    for (size_t i = 0; kwnames && i < mp_tuple_size(kwnames); i++)
        mp_dict_set(ns->dict, mp_tuple_items(kwnames)[i], args[i]);
    return (mp_obj *)ns;
}

static void namespace_dealloc(mp_obj *self) {
    mp_decref(((namespace_obj *)self)->dict);
    mp_obj_free(self);
}

static mp_obj *namespace_repr(mp_obj *self) {
    mp_sb sb;
    mp_sb_init(&sb, 64);
    mp_sb_add_cstr(&sb, "namespace(");
    size_t pos = 0, i = 0;
    mp_obj *k, *v;
    while (mp_dict_next(((namespace_obj *)self)->dict, &pos, &k, &v)) {
        if (i++)
            mp_sb_add_cstr(&sb, ", ");
        if (mp_sb_add_obj(&sb, k, false) < 0) {
            mp_sb_free(&sb);
            return NULL;
        }
        mp_sb_addc(&sb, '=');
        if (mp_sb_add_obj(&sb, v, true) < 0) {
            mp_sb_free(&sb);
            return NULL;
        }
    }
    mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
}

static mp_type namespace_type = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "types.SimpleNamespace",
    .basicsize = sizeof(namespace_obj),
    .tflags = MP_TFLAG_BASETYPE,
    .dictoffset = offsetof(namespace_obj, dict),
    .dealloc = namespace_dealloc,
    .repr = namespace_repr,
    .new_ = namespace_new,
};

/* ---- sys functions -------------------------------------------------------- */

static mp_obj *sys_exit(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("exit", kwnames) || mp_arg_count("exit", nargs, 0, 1))
        return NULL;
    mp_err_set(&mp_type_SystemExit, nargs && args[0] != mp_None ? args[0] : NULL);
    return NULL;
}

static mp_obj *sys_getrecursionlimit(mp_obj *self, mp_obj *const *args, size_t nargs,
                                     mp_obj *kwnames) {
    if (mp_arg_no_kw("sys.getrecursionlimit", kwnames) ||
        mp_arg_count("sys.getrecursionlimit", nargs, 0, 0))
        return NULL;
    return mp_small(mp_recursion_limit);
}

/* A C int argument, with CPython's int-converter messages. */
static bool int_arg(mp_obj *o, int *out) {
    mp_obj *i = mp_number_index(o);
    if (!i)
        return false;
    int64_t v;
    int rc = mp_int_as_i64(i, &v);
    mp_decref(i);
    if (rc < 0 || v > INT_MAX || v < INT_MIN) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C int");
        return false;
    }
    *out = (int)v;
    return true;
}

static mp_obj *sys_setrecursionlimit(mp_obj *self, mp_obj *const *args, size_t nargs,
                                     mp_obj *kwnames) {
    int limit;
    if (mp_arg_no_kw("sys.setrecursionlimit", kwnames) ||
        mp_arg_count("sys.setrecursionlimit", nargs, 1, 1) || !int_arg(args[0], &limit))
        return NULL;
    if (limit < 1) {
        mp_err_format(&mp_type_ValueError, "recursion limit must be greater or equal than 1");
        return NULL;
    }
    int depth = mp_ts()->depth;
    if (limit <= depth) {
        mp_err_format(&mp_type_RecursionError,
                      "cannot set the recursion limit to %d at the recursion depth %d: the "
                      "limit is too low",
                      limit, depth);
        return NULL;
    }
    mp_recursion_limit = limit;
    return mp_None;
}

static mp_obj *sys_intern(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("sys.intern", kwnames) || mp_arg_count("sys.intern", nargs, 1, 1))
        return NULL;
    mp_obj *s = args[0];
    if (!mp_str_check(s)) {
        mp_err_format(&mp_type_TypeError, "intern() argument must be str, not %s", mp_type_name(s));
        return NULL;
    }
    if (!mp_isinstance_exact(s, &mp_type_str)) {
        mp_err_format(&mp_type_TypeError, "can't intern %s", mp_type_name(s));
        return NULL;
    }
    return mp_str_intern(mp_newref(s));
}

static mp_obj *sys_exc_info(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("sys.exc_info", kwnames) || mp_arg_count("sys.exc_info", nargs, 0, 0))
        return NULL;
    mp_obj *e = mp_ts()->handled_exc;
    if (!e || e == mp_None)
        return mp_tuple_pack(3, mp_None, mp_None, mp_None);
    mp_obj *tb = ((mp_exc *)e)->traceback;
    return mp_tuple_pack(3, (mp_obj *)mp_typeof(e), e, tb ? tb : mp_None);
}

static mp_obj *sys_exception(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("sys.exception", kwnames) || mp_arg_count("sys.exception", nargs, 0, 0))
        return NULL;
    mp_obj *e = mp_ts()->handled_exc;
    return mp_newref(e ? e : mp_None);
}

static mp_obj *sys_getdefaultencoding(mp_obj *self, mp_obj *const *args, size_t nargs,
                                      mp_obj *kwnames) {
    if (mp_arg_no_kw("sys.getdefaultencoding", kwnames) ||
        mp_arg_count("sys.getdefaultencoding", nargs, 0, 0))
        return NULL;
    return mp_str_from_cstr("utf-8");
}

static const mp_method_def sys_functions[] = {
    {"exit", sys_exit, 0, "Exit the interpreter by raising SystemExit(status)."},
    {"getrecursionlimit", sys_getrecursionlimit, 0, "Return the current recursion limit."},
    {"setrecursionlimit", sys_setrecursionlimit, 0, "Set the maximum recursion depth."},
    {"intern", sys_intern, 0, "``Intern'' the given string."},
    {"exc_info", sys_exc_info, 0, "Return current exception information."},
    {"exception", sys_exception, 0, "Return the current exception."},
    {"getdefaultencoding", sys_getdefaultencoding, 0, "Return the default string encoding."},
    {"getfilesystemencoding", sys_getdefaultencoding, 0, "Return the filesystem encoding."},
    {NULL},
};

/* ---- the module ------------------------------------------------------------ */

mp_obj *mp_sys_get_obj(mp_obj *name) {
    if (!sys_dict)
        return NULL;
    mp_obj *v = mp_dict_get(sys_dict, name);
    if (!v && mp_err_occurred())
        mp_err_clear();
    return v;
}

mp_obj *mp_sys_get(const char *name) { return mp_sys_get_obj(mp_str_intern_cstr(name)); }

static mp_obj *argv_list(int argc, char **argv) {
    mp_obj *l = mp_list_new((size_t)(argc > 0 ? argc : 0));
    for (int i = 0; i < argc; i++) {
        mp_obj *s = mp_str_decode_utf8(argv[i], strlen(argv[i]));
        if (!s) {
            mp_err_clear();
            s = mp_str_from_cstr("?");
        }
        mp_list_append_steal(l, s);
    }
    return l;
}

void mp_sys_set_argv(int argc, char **argv) {
    mp_obj *l = argv_list(argc, argv);
    mp_dict_set_cstr(sys_dict, "argv", l);
    mp_decref(l);
}

static int add_stream(const char *name, const char *dunder, FILE *fp, const char *label,
                      const char *mode) {
    mp_obj *label_obj = mp_str_from_cstr(label);
    mp_obj *s = mp_stream_new(fp, label_obj, mode, false);
    mp_decref(label_obj);
    mp_rc_make_immortal(s);
    return mp_dict_set_cstr(sys_dict, name, s) < 0 || mp_dict_set_cstr(sys_dict, dunder, s) < 0 ? -1
                                                                                                : 0;
}

static mp_obj *executable_path(void) {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? mp_str_decode_utf8(buf, (size_t)n) : mp_str_from_cstr("");
}

#define PY_MAJOR 3
#define PY_MINOR 11
#define PY_MICRO 7

static int add_version_info(mp_obj *m) {
    mp_obj *final_ = mp_str_from_cstr("final");
    mp_obj *vi_vals[] = {mp_small(PY_MAJOR), mp_small(PY_MINOR), mp_small(PY_MICRO), final_,
                         mp_small(0)};
    mp_obj *vi = structseq_new(&version_info_type, vi_vals);
    mp_decref(final_);
    mp_obj *hexversion = mp_small((PY_MAJOR << 24) | (PY_MINOR << 16) | (PY_MICRO << 8) | 0xf0);

    mp_obj *flag_vals[sizeof flags_fields / sizeof flags_fields[0]];
    for (size_t i = 0; i < sizeof flags_fields / sizeof flags_fields[0]; i++)
        flag_vals[i] = mp_small(0);
    flag_vals[13] = mp_False; /* dev_mode */
    flag_vals[16] = mp_False; /* safe_path */
    flag_vals[17] = mp_small(-1);
    mp_obj *flags = structseq_new(&flags_type, flag_vals);

    mp_type_ready(&namespace_type);
    mp_obj *impl = namespace_new(&namespace_type, NULL, 0, NULL);
    mp_obj *impl_dict = ((namespace_obj *)impl)->dict;
    mp_obj *impl_name = mp_str_from_cstr("minipy");
    int r = mp_dict_set_cstr(impl_dict, "name", impl_name) |
            mp_dict_set_cstr(impl_dict, "cache_tag", mp_None) |
            mp_dict_set_cstr(impl_dict, "version", vi) |
            mp_dict_set_cstr(impl_dict, "hexversion", hexversion);
    mp_decref(impl_name);
    r |= mp_module_add_obj(m, "version_info", vi) | mp_module_add_obj(m, "hexversion", hexversion) |
         mp_module_add_obj(m, "flags", flags) | mp_module_add_obj(m, "implementation", impl);
    mp_decref(impl);
    return r ? -1 : 0;
}

mp_obj *mp_sys_module_create(void) {
    mp_obj *m = mp_module_new("sys");
    if (!m)
        return NULL;
    mp_rc_make_immortal(m);
    sys_dict = mp_module_dict(m);
    setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
    mp_obj *path = mp_list_new(0), *argv = argv_list(0, NULL);
    mp_obj *version = mp_str_from_cstr("minipy " MINIPY_VERSION " (Python 3.11 compatible)");
    mp_obj *platform = mp_str_from_cstr("linux"), *byteorder = mp_str_from_cstr("little");
    mp_obj *maxsize = mp_int_from_i64(INT64_MAX), *exe = executable_path();
    mp_obj *names = mp_builtin_module_names();
    mp_obj *doc = mp_str_from_cstr("This module provides access to some objects used or "
                                   "maintained by the interpreter.");
    int r = mp_module_add_functions(m, sys_functions) | mp_module_add_obj(m, "__doc__", doc) |
            mp_module_add_obj(m, "argv", argv) | mp_module_add_obj(m, "path", path) |
            mp_module_add_obj(m, "modules", mp_modules_dict) |
            mp_module_add_obj(m, "version", version) | mp_module_add_obj(m, "platform", platform) |
            mp_module_add_obj(m, "byteorder", byteorder) |
            mp_module_add_obj(m, "maxsize", maxsize) |
            mp_module_add_obj(m, "maxunicode", mp_small(0x10FFFF)) |
            mp_module_add_obj(m, "executable", exe) |
            mp_module_add_obj(m, "builtin_module_names", names ? names : mp_None) |
            mp_module_add_obj(m, "dont_write_bytecode", mp_True) |
            mp_module_add_obj(m, "float_repr_style", mp_str_intern_cstr("short")) |
            add_version_info(m) | add_stream("stdin", "__stdin__", stdin, "<stdin>", "r") |
            add_stream("stdout", "__stdout__", stdout, "<stdout>", "w") |
            add_stream("stderr", "__stderr__", stderr, "<stderr>", "w");
    mp_decref(path);
    mp_decref(argv);
    mp_decref(version);
    mp_decref(platform);
    mp_decref(byteorder);
    mp_decref(maxsize);
    mp_decref(exe);
    mp_decref(doc);
    mp_xdecref(names);
    if (r)
        return NULL;
    return m;
}

/* ---- helpers for the CLI and tracebacks ----------------------------------- */

static FILE *c_stream(const char *stream) {
    return strcmp(stream, "stderr") == 0 ? stderr : stdout;
}

int mp_sys_write_str(const char *stream, mp_obj *s) {
    mp_obj *f = mp_sys_get(stream);
    if (!f || f == mp_None) {
        fwrite(mp_str_data(s), 1, mp_str_size(s), c_stream(stream));
        return 0;
    }
    return mp_stream_write_str(f, s);
}

int mp_sys_write_cstr(const char *stream, const char *s) {
    mp_obj *f = mp_sys_get(stream);
    if (!f || f == mp_None) {
        fputs(s, c_stream(stream));
        return 0;
    }
    return mp_stream_write_utf8(f, s, strlen(s));
}

static void flush_one(const char *name) {
    mp_obj *f = mp_sys_get(name);
    if (f && f != mp_None) {
        mp_obj *saved = mp_err_fetch();
        mp_obj *r = mp_call_method_obj(f, MP_NAME(flush), NULL, 0, NULL);
        mp_xdecref(r);
        mp_err_clear();
        mp_err_restore(saved);
    }
}

void mp_sys_flush_std(void) {
    flush_one("stdout");
    flush_one("stderr");
    fflush(stdout);
    fflush(stderr);
}
