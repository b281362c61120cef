/*
 * obj_exc.c — BaseException and the built-in exception hierarchy of
 * errors.h: construction, args, str/repr exactly as CPython prints them,
 * exception chaining attributes, and the extra attributes of
 * StopIteration, SystemExit, ImportError, OSError (with the errno ->
 * subclass mapping), SyntaxError, NameError and AttributeError.
 *
 * Every exception has the mp_exc layout; attributes particular to a
 * subclass live in the instance dict and are exposed through getsets that
 * read None when unset (CPython keeps them in C struct members).
 */
#include <errno.h>
#include <string.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define EXC_TYPE(exc, basename)                                                                    \
    mp_type mp_type_##exc = {                                                                      \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                   \
        .name = #exc,                                                                              \
        .basicsize = sizeof(mp_exc),                                                               \
        .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_EXC_SUBCLASS,                                       \
        .base = &mp_type_##basename,                                                               \
        .dictoffset = offsetof(mp_exc, dict),                                                      \
    };
MP_EXC_TYPES(EXC_TYPE)
#undef EXC_TYPE

static mp_exc *EXC(mp_obj *o) { return (mp_exc *)o; }

bool mp_exc_check(mp_obj *o) { return mp_has_tflag(o, MP_TFLAG_EXC_SUBCLASS); }

/* ---- attributes kept in the instance dict ------------------------------ */

mp_obj *mp_exc_get_attr(mp_obj *exc, mp_obj *name) {
    mp_obj *d = EXC(exc)->dict;
    return d ? mp_dict_get(d, name) : NULL;
}

int mp_exc_set_attr(mp_obj *exc, mp_obj *name, mp_obj *value) {
    mp_obj **d = &EXC(exc)->dict;
    if (!value) {
        if (*d && mp_dict_del(*d, name) < 0)
            return -1;
        return 0;
    }
    if (!*d)
        *d = mp_dict_new();
    return mp_dict_set(*d, name, value);
}

static mp_obj *attr_or_none(mp_obj *exc, mp_obj *name) {
    mp_obj *v = mp_exc_get_attr(exc, name);
    return mp_newref(v ? v : mp_None);
}

#define EXC_ATTR(field)                                                                            \
    static mp_obj *get_##field(mp_obj *self) { return attr_or_none(self, MP_NAME(field)); }        \
    static int set_##field(mp_obj *self, mp_obj *v) {                                              \
        return mp_exc_set_attr(self, MP_NAME(field), v);                                           \
    }
EXC_ATTR(value)
EXC_ATTR(code)
EXC_ATTR(msg)
EXC_ATTR(attr_name) EXC_ATTR(attr_path) EXC_ATTR(obj) EXC_ATTR(errno_) EXC_ATTR(strerror)
    EXC_ATTR(filename) EXC_ATTR(filename2) EXC_ATTR(lineno) EXC_ATTR(offset) EXC_ATTR(text)
        EXC_ATTR(end_lineno) EXC_ATTR(end_offset) EXC_ATTR(print_file_and_line)
#undef EXC_ATTR
#define GETSET(pyname, field)                                                                      \
    { pyname, get_##field, set_##field }

    /* ---- BaseException ----------------------------------------------------- */

    static mp_obj *exc_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_exc *e = mp_mem_calloc(1, type->basicsize);
    mp_rc_init(&e->head, type);
    if (type->tflags & MP_TFLAG_HEAPTYPE)
        mp_incref((mp_obj *)type);
    e->args = mp_tuple_from_array(args, nargs);
    return (mp_obj *)e;
}

static int exc_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw(mp_type_name(self), kwnames) < 0)
        return -1;
    mp_setref(&EXC(self)->args, mp_tuple_from_array(args, nargs));
    return 0;
}

static void exc_dealloc(mp_obj *self) {
    mp_exc *e = EXC(self);
    mp_type *t = self->type;
    mp_xdecref(e->args);
    mp_xdecref(e->traceback);
    mp_xdecref(e->cause);
    mp_xdecref(e->context);
    mp_xdecref(e->dict);
    mp_obj_free(self);
    if (t->tflags & MP_TFLAG_HEAPTYPE)
        mp_decref((mp_obj *)t);
}

static mp_obj *exc_str(mp_obj *self) {
    mp_obj *args = EXC(self)->args;
    switch (mp_tuple_size(args)) {
    case 0: return mp_str_from_cstr("");
    case 1: return mp_str(mp_tuple_items(args)[0]);
    default: return mp_str(args);
    }
}

static mp_obj *exc_repr(mp_obj *self) {
    mp_obj *args = EXC(self)->args;
    mp_obj *name = mp_type_get_name(mp_typeof(self));
    mp_obj *r = mp_tuple_size(args) == 1 ? mp_str_format_c("%U(%R)", name, mp_tuple_items(args)[0])
                                         : mp_str_format_c("%U%R", name, args);
    mp_decref(name);
    return r;
}

static mp_obj *exc_get_args(mp_obj *self) { return mp_newref(EXC(self)->args); }

static int exc_set_args(mp_obj *self, mp_obj *v) {
    if (!v) {
        mp_err_format(&mp_type_TypeError, "args may not be deleted");
        return -1;
    }
    mp_obj *t = mp_tuple_from_iter(v);
    if (!t)
        return -1;
    mp_setref(&EXC(self)->args, t);
    return 0;
}

static mp_obj *none_if_null(mp_obj *o) { return mp_newref(o ? o : mp_None); }

static mp_obj *exc_get_traceback(mp_obj *self) { return none_if_null(EXC(self)->traceback); }

static int exc_set_traceback(mp_obj *self, mp_obj *v) {
    if (!v) {
        mp_err_format(&mp_type_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (v != mp_None && strcmp(mp_type_name(v), "traceback") != 0) {
        mp_err_format(&mp_type_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    mp_setref(&EXC(self)->traceback, v == mp_None ? NULL : mp_newref(v));
    return 0;
}

/* __cause__ / __context__: None or an exception instance. */
static int set_chain(mp_obj **slot, mp_obj *v, const char *attr, const char *what) {
    if (!v) {
        mp_err_format(&mp_type_TypeError, "%s may not be deleted", attr);
        return -1;
    }
    if (v != mp_None && !mp_exc_check(v)) {
        mp_err_format(&mp_type_TypeError, "exception %s must be None or derive from BaseException",
                      what);
        return -1;
    }
    mp_setref(slot, v == mp_None ? NULL : mp_newref(v));
    return 0;
}

static mp_obj *exc_get_cause(mp_obj *self) { return none_if_null(EXC(self)->cause); }
static int exc_set_cause(mp_obj *self, mp_obj *v) {
    if (set_chain(&EXC(self)->cause, v, "__cause__", "cause") < 0)
        return -1;
    EXC(self)->suppress_context = true;
    return 0;
}
static mp_obj *exc_get_context(mp_obj *self) { return none_if_null(EXC(self)->context); }
static int exc_set_context(mp_obj *self, mp_obj *v) {
    return set_chain(&EXC(self)->context, v, "__context__", "context");
}
static mp_obj *exc_get_suppress(mp_obj *self) { return mp_bool_from(EXC(self)->suppress_context); }
static int exc_set_suppress(mp_obj *self, mp_obj *v) {
    int t = v ? mp_truthy(v) : 0;
    if (t < 0)
        return -1;
    EXC(self)->suppress_context = t;
    return 0;
}

static mp_obj *exc_with_traceback(mp_obj *self, mp_obj *const *args, size_t nargs,
                                  mp_obj *kwnames) {
    if (mp_arg_no_kw("BaseException.with_traceback", kwnames) ||
        mp_arg_count("BaseException.with_traceback", nargs, 1, 1))
        return NULL;
    if (exc_set_traceback(self, args[0]) < 0)
        return NULL;
    return mp_newref(self);
}

static mp_obj *exc_add_note(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("BaseException.add_note", kwnames) ||
        mp_arg_count("BaseException.add_note", nargs, 1, 1))
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "note must be a str, not '%s'", mp_type_name(args[0]));
        return NULL;
    }
    mp_obj *notes = mp_exc_get_attr(self, MP_NAME(notes));
    if (!notes) {
        notes = mp_list_new(1);
        int r = mp_exc_set_attr(self, MP_NAME(notes), notes);
        mp_decref(notes);
        if (r < 0)
            return NULL;
    } else if (!mp_list_check(notes)) {
        mp_err_format(&mp_type_TypeError, "Cannot add note: __notes__ is not a list");
        return NULL;
    }
    return mp_list_append(notes, args[0]) < 0 ? NULL : mp_None;
}

/* (type, args) or (type, args, __dict__): how copy/pickle rebuild it. */
static mp_obj *exc_reduce(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("BaseException.__reduce__", kwnames) ||
        mp_arg_count("BaseException.__reduce__", nargs, 0, 0))
        return NULL;
    mp_obj *type = (mp_obj *)mp_typeof(self), *d = EXC(self)->dict;
    if (d && mp_dict_size(d))
        return mp_tuple_pack(3, type, EXC(self)->args, d);
    return mp_tuple_pack(2, type, EXC(self)->args);
}

static mp_obj *exc_setstate(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("BaseException.__setstate__", kwnames) ||
        mp_arg_count("BaseException.__setstate__", nargs, 1, 1))
        return NULL;
    mp_obj *state = args[0];
    if (state == mp_None)
        return mp_None;
    if (!mp_dict_check(state)) {
        mp_err_format(&mp_type_TypeError, "state is not a dictionary");
        return NULL;
    }
    size_t pos = 0;
    mp_obj *k, *v;
    while (mp_dict_next(state, &pos, &k, &v))
        if (mp_setattr(self, k, v) < 0)
            return NULL;
    return mp_None;
}

static const mp_method_def exc_methods[] = {
    {"__reduce__", exc_reduce, 0, NULL},
    {"__setstate__", exc_setstate, 0, NULL},
    {"with_traceback", exc_with_traceback, 0,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {"add_note", exc_add_note, 0, "Exception.add_note(note) --\n    add a note to the exception"},
    {NULL},
};

static const mp_getset_def exc_getset[] = {
    {"args", exc_get_args, exc_set_args},
    {"__traceback__", exc_get_traceback, exc_set_traceback},
    {"__cause__", exc_get_cause, exc_set_cause},
    {"__context__", exc_get_context, exc_set_context},
    {"__suppress_context__", exc_get_suppress, exc_set_suppress},
    {NULL},
};

/* ---- subclasses with extra state --------------------------------------- */

static mp_obj *arg_or(mp_obj *const *args, size_t nargs, size_t i, mp_obj *dflt) {
    return i < nargs ? args[i] : dflt;
}

static int stopiter_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    return mp_exc_set_attr(self, MP_NAME(value), arg_or(args, nargs, 0, mp_None));
}
static const mp_getset_def stopiter_getset[] = {GETSET("value", value), {NULL}};

static int sysexit_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    mp_obj *code = nargs == 0 ? mp_None : nargs == 1 ? args[0] : EXC(self)->args;
    return mp_exc_set_attr(self, MP_NAME(code), code);
}
static const mp_getset_def sysexit_getset[] = {GETSET("code", code), {NULL}};

static mp_obj *keyerror_str(mp_obj *self) {
    mp_obj *args = EXC(self)->args;
    if (mp_tuple_size(args) == 1)
        return mp_repr(mp_tuple_items(args)[0]);
    return exc_str(self);
}

/* Keyword-only attributes of ImportError / NameError / AttributeError:
 * `names` are the keywords, stored under the same attribute names. */
static int init_with_kwattrs(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                             const char *fname, const char *const *names, int n) {
    mp_obj *vals[2];
    if (mp_arg_parse(fname, args + nargs, 0, kwnames, names, n, 0, vals) < 0)
        return -1;
    if (exc_init(self, args, nargs, NULL) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (mp_exc_set_attr(self, mp_str_intern_cstr(names[i] + 1), vals[i] ? vals[i] : mp_None) <
            0)
            return -1;
    return 0;
}

static int importerror_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"$name", "$path"};
    if (init_with_kwattrs(self, args, nargs, kwnames, "ImportError", names, 2) < 0)
        return -1;
    return mp_exc_set_attr(self, MP_NAME(msg), nargs == 1 ? args[0] : mp_None);
}

static mp_obj *importerror_str(mp_obj *self) {
    mp_obj *msg = mp_exc_get_attr(self, MP_NAME(msg));
    if (msg && mp_isinstance_exact(msg, &mp_type_str))
        return mp_newref(msg);
    return exc_str(self);
}
static const mp_getset_def importerror_getset[] = {
    GETSET("msg", msg), GETSET("name", attr_name), GETSET("path", attr_path), {NULL}};

static int nameerror_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"$name"};
    return init_with_kwattrs(self, args, nargs, kwnames, "NameError", names, 1);
}
static const mp_getset_def nameerror_getset[] = {GETSET("name", attr_name), {NULL}};

static int attrerror_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"$name", "$obj"};
    return init_with_kwattrs(self, args, nargs, kwnames, "AttributeError", names, 2);
}
static const mp_getset_def attrerror_getset[] = {
    GETSET("name", attr_name), GETSET("obj", obj), {NULL}};

/* OSError(errno, strerror[, filename[, winerror[, filename2]]]).  Called
 * as OSError itself with a known errno, it makes the matching subclass. */
static mp_type *oserror_subclass(mp_obj *num) {
    int64_t e;
    if (!mp_int_check(num) || mp_int_as_i64(num, &e) < 0) {
        mp_err_clear();
        return NULL;
    }
    switch (e) {
    case EEXIST: return &mp_type_FileExistsError;
    case ENOENT: return &mp_type_FileNotFoundError;
    case EISDIR: return &mp_type_IsADirectoryError;
    case ENOTDIR: return &mp_type_NotADirectoryError;
    case EACCES:
    case EPERM: return &mp_type_PermissionError;
    case ETIMEDOUT: return &mp_type_TimeoutError;
    case EINTR: return &mp_type_InterruptedError;
    case ESRCH: return &mp_type_ProcessLookupError;
    case ECHILD: return &mp_type_ChildProcessError;
    case EPIPE:
    case ESHUTDOWN: return &mp_type_BrokenPipeError;
    case EAGAIN: /* == EWOULDBLOCK */
    case EALREADY:
    case EINPROGRESS: return &mp_type_BlockingIOError;
    case ECONNABORTED: return &mp_type_ConnectionAbortedError;
    case ECONNREFUSED: return &mp_type_ConnectionRefusedError;
    case ECONNRESET: return &mp_type_ConnectionResetError;
    default: return NULL;
    }
}

static mp_obj *oserror_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (type == &mp_type_OSError && nargs >= 2) {
        mp_type *sub = oserror_subclass(args[0]);
        if (sub)
            type = sub;
    }
    mp_obj *self = exc_new(type, args, nargs, kwnames);
    if (nargs < 2 || nargs > 5)
        return self;
    if (mp_exc_set_attr(self, MP_NAME(errno_), args[0]) < 0 ||
        mp_exc_set_attr(self, MP_NAME(strerror), args[1]) < 0)
        goto fail;
    if (nargs >= 3) {
        if (mp_exc_set_attr(self, MP_NAME(filename), args[2]) < 0 ||
            (nargs == 5 && mp_exc_set_attr(self, MP_NAME(filename2), args[4]) < 0))
            goto fail;
        /* With a filename, args keeps only (errno, strerror). */
        mp_setref(&EXC(self)->args, mp_tuple_from_array(args, 2));
    }
    return self;
fail:
    mp_decref(self);
    return NULL;
}

static int oserror_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return mp_arg_no_kw(mp_type_name(self), kwnames);
}

static mp_obj *oserror_str(mp_obj *self) {
    mp_obj *num = mp_exc_get_attr(self, MP_NAME(errno_));
    mp_obj *msg = mp_exc_get_attr(self, MP_NAME(strerror));
    mp_obj *f1 = mp_exc_get_attr(self, MP_NAME(filename));
    mp_obj *f2 = mp_exc_get_attr(self, MP_NAME(filename2));
    if (!num)
        num = mp_None;
    if (!msg)
        msg = mp_None;
    if (f1 && f1 != mp_None) {
        if (f2 && f2 != mp_None)
            return mp_str_format_c("[Errno %S] %S: %R -> %R", num, msg, f1, f2);
        return mp_str_format_c("[Errno %S] %S: %R", num, msg, f1);
    }
    if (num != mp_None && msg != mp_None)
        return mp_str_format_c("[Errno %S] %S", num, msg);
    return exc_str(self);
}
static const mp_getset_def oserror_getset[] = {GETSET("errno", errno_),
                                               GETSET("strerror", strerror),
                                               GETSET("filename", filename),
                                               GETSET("filename2", filename2),
                                               {NULL}};

/* SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])) */
static int syntaxerror_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    if (nargs >= 1 && mp_exc_set_attr(self, MP_NAME(msg), args[0]) < 0)
        return -1;
    if (nargs != 2)
        return 0;
    mp_obj *info = mp_tuple_from_iter(args[1]);
    if (!info)
        return -1;
    size_t n = mp_tuple_size(info);
    int rc = -1;
    if (n < 4 || n > 6) {
        mp_err_format(&mp_type_TypeError, "function takes at %s %d arguments (%zu given)",
                      n < 4 ? "least" : "most", n < 4 ? 4 : 6, n);
        goto done;
    }
    mp_obj *const keys[] = {MP_NAME(filename), MP_NAME(lineno),     MP_NAME(offset),
                            MP_NAME(text),     MP_NAME(end_lineno), MP_NAME(end_offset)};
    for (size_t i = 0; i < n; i++)
        if (mp_exc_set_attr(self, keys[i], mp_tuple_items(info)[i]) < 0)
            goto done;
    rc = 0;
done:
    mp_decref(info);
    return rc;
}

static mp_obj *syntaxerror_str(mp_obj *self) {
    mp_obj *msg = mp_exc_get_attr(self, MP_NAME(msg));
    mp_obj *file = mp_exc_get_attr(self, MP_NAME(filename));
    mp_obj *line = mp_exc_get_attr(self, MP_NAME(lineno));
    mp_obj *base = NULL;
    if (file && mp_str_check(file)) {
        const char *s = mp_str_data(file), *slash = strrchr(s, '/');
        base = slash ? mp_str_from_cstr(slash + 1) : mp_newref(file);
    }
    bool have_line = line && mp_isinstance_exact(line, &mp_type_int);
    if (!msg)
        msg = mp_None;
    mp_obj *r;
    if (base && have_line)
        r = mp_str_format_c("%S (%U, line %S)", msg, base, line);
    else if (base)
        r = mp_str_format_c("%S (%U)", msg, base);
    else if (have_line)
        r = mp_str_format_c("%S (line %S)", msg, line);
    else
        r = mp_str(msg);
    mp_xdecref(base);
    return r;
}
static const mp_getset_def syntaxerror_getset[] = {
    GETSET("msg", msg),
    GETSET("filename", filename),
    GETSET("lineno", lineno),
    GETSET("offset", offset),
    GETSET("text", text),
    GETSET("end_lineno", end_lineno),
    GETSET("end_offset", end_offset),
    GETSET("print_file_and_line", print_file_and_line),
    {NULL}};

/* ---- C API ------------------------------------------------------------- */

mp_obj *mp_exc_new(mp_type *type, mp_obj *args_tuple) {
    mp_obj *exc = mp_call_tuple_dict((mp_obj *)type, args_tuple, NULL);
    if (exc && !mp_exc_check(exc)) {
        mp_err_format(&mp_type_TypeError,
                      "calling %R should have returned an instance of BaseException, not %s",
                      (mp_obj *)type, mp_type_name(exc));
        mp_decref(exc);
        return NULL;
    }
    return exc;
}

mp_obj *mp_exc_format_only(mp_obj *exc) {
    mp_type *t = mp_typeof(exc);
    mp_obj *qual = mp_type_get_qualname(t);
    mp_obj *mod = mp_type_get_module(t);
    mp_obj *name;
    if (mp_str_check(mod) && !mp_str_eq_cstr(mod, "builtins") && !mp_str_eq_cstr(mod, "__main__"))
        name = mp_str_format_c("%U.%U", mod, qual);
    else
        name = mp_newref(qual);
    mp_decref(qual);
    mp_decref(mod);
    if (!name)
        return NULL;
    mp_obj *s;
    mp_obj *msg =
        mp_type_is_subtype(t, &mp_type_SyntaxError) ? mp_exc_get_attr(exc, MP_NAME(msg)) : NULL;
    s = msg && msg != mp_None ? mp_str(msg) : mp_str(exc);
    if (!s) {
        mp_err_clear();
        s = mp_str_from_cstr("<exception str() failed>");
    }
    mp_obj *r = mp_str_size(s) ? mp_str_format_c("%U: %U", name, s) : mp_newref(name);
    mp_decref(s);
    mp_decref(name);
    return r;
}

void mp_exc_init(void) {
    mp_type *b = &mp_type_BaseException;
    b->new_ = exc_new;
    b->init = exc_init;
    b->dealloc = exc_dealloc;
    b->repr = exc_repr;
    b->str = exc_str;
    b->methods = exc_methods;
    b->getset = exc_getset;
    mp_type_StopIteration.init = stopiter_init;
    mp_type_StopIteration.getset = stopiter_getset;
    mp_type_SystemExit.init = sysexit_init;
    mp_type_SystemExit.getset = sysexit_getset;
    mp_type_KeyError.str = keyerror_str;
    mp_type_ImportError.init = importerror_init;
    mp_type_ImportError.str = importerror_str;
    mp_type_ImportError.getset = importerror_getset;
    mp_type_OSError.new_ = oserror_new;
    mp_type_OSError.init = oserror_init;
    mp_type_OSError.str = oserror_str;
    mp_type_OSError.getset = oserror_getset;
    mp_type_SyntaxError.init = syntaxerror_init;
    mp_type_SyntaxError.str = syntaxerror_str;
    mp_type_SyntaxError.getset = syntaxerror_getset;
    mp_type_NameError.init = nameerror_init;
    mp_type_NameError.getset = nameerror_getset;
    mp_type_AttributeError.init = attrerror_init;
    mp_type_AttributeError.getset = attrerror_getset;
#define READY_EXC(exc, basename) mp_type_ready(&mp_type_##exc);
    MP_EXC_TYPES(READY_EXC)
#undef READY_EXC
}
