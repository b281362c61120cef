/*
 * mod_io.c — the io module: io.open (the open() built-in of obj_file.c),
 * io.UnsupportedOperation, and the in-memory files io.StringIO and
 * io.BytesIO.  Both memory files are one type layout and one set of
 * methods parameterised by `text`: the buffer holds UTF-8 for StringIO
 * (positions seen by Python count code points) and raw bytes for BytesIO.
 */
#include <string.h>

#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/str_impl.h"

typedef struct memfile {
    mp_obj head;
    bool text, closed;
    char *buf; /* mp_mem_alloc'd */
    size_t size, cap;
    size_t pos; /* byte offset; may lie beyond size (a seek past the end) */
} memfile;

#define MEM(o) ((memfile *)(o))
#define METHOD(name)                                                                               \
    static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames)

extern mp_type mp_type_stringio, mp_type_bytesio;

static bool mem_check(memfile *m) {
    if (m->closed) {
        mp_err_format(&mp_type_ValueError,
                      m->text ? "I/O operation on closed file" : "I/O operation on closed file.");
        return false;
    }
    return true;
}

static void mem_reserve(memfile *m, size_t need) {
    if (need <= m->cap)
        return;
    size_t cap = m->cap < 64 ? 64 : m->cap;
    while (cap < need)
        cap *= 2;
    m->buf = mp_mem_realloc(m->buf, cap);
    m->cap = cap;
}

/* Byte offset `chars` code points after byte offset `from` (clamped to
 * the end); for BytesIO simply from + chars. */
static size_t mem_advance(memfile *m, size_t from, size_t chars) {
    if (!m->text)
        return from + chars;
    size_t i = from;
    for (; chars && i < m->size; chars--)
        i += mp_utf8_seqlen((uint8_t)m->buf[i]);
    return i < m->size ? i : m->size + chars;
}

/* A position as Python sees it (code points for StringIO). */
static size_t mem_tell_value(memfile *m) {
    if (!m->text)
        return m->pos;
    size_t in = m->pos < m->size ? m->pos : m->size;
    return mp_utf8_count(m->buf, in) + (m->pos - in);
}

static mp_obj *mem_result(memfile *m, const char *p, size_t n) {
    return m->text ? mp_str_new(p, n) : mp_bytes_new(p, n);
}

/* Overwrites (or extends) the buffer at pos with p/n; `chars` is the
 * number of positions the data covers. */
static void mem_put(memfile *m, const char *p, size_t n, size_t chars) {
    if (m->pos > m->size) { /* padding after a seek past the end */
        mem_reserve(m, m->pos);
        memset(m->buf + m->size, 0, m->pos - m->size);
        m->size = m->pos;
    }
    size_t end = mem_advance(m, m->pos, chars);
    if (end > m->size)
        end = m->size;
    size_t tail = m->size - end;
    mem_reserve(m, m->pos + n + tail);
    memmove(m->buf + m->pos + n, m->buf + end, tail);
    memcpy(m->buf + m->pos, p, n);
    m->size = m->pos + n + tail;
    m->pos += n;
}

static mp_obj *mem_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    bool text = type == &mp_type_stringio;
    static const char *const snames[] = {"initial_value", "newline"};
    static const char *const bnames[] = {"initial_bytes"};
    mp_obj *a[2] = {NULL, NULL};
    if (mp_arg_parse(text ? "StringIO" : "BytesIO", args, nargs, kwnames, text ? snames : bnames,
                     text ? 2 : 1, 0, a) < 0)
        return NULL;
    const char *p = "";
    size_t n = 0;
    if (a[0] && a[0] != mp_None) {
        if (text && !mp_str_check(a[0])) {
            mp_err_format(&mp_type_TypeError, "initial_value must be str or None, not %T", a[0]);
            return NULL;
        }
        if (text) {
            p = mp_str_data(a[0]);
            n = mp_str_size(a[0]);
        } else if (!mp_bytes_arg(a[0], &p, &n)) {
            return NULL;
        }
    }
    memfile *m = (memfile *)mp_obj_alloc(type, sizeof(memfile));
    m->text = text;
    m->closed = false;
    m->buf = NULL;
    m->size = m->cap = m->pos = 0;
    mem_reserve(m, n);
    if (n)
        memcpy(m->buf, p, n);
    m->size = n;
    return (mp_obj *)m;
}

static void mem_dealloc(mp_obj *self) {
    mp_mem_free(MEM(self)->buf);
    mp_obj_free(self);
}

METHOD(mem_write) {
    memfile *m = MEM(self);
    if (mp_arg_no_kw("write", kwnames) || mp_arg_count("write", nargs, 1, 1) || !mem_check(m))
        return NULL;
    const char *p;
    size_t n, chars;
    if (m->text) {
        if (!mp_str_check(args[0])) {
            mp_err_format(&mp_type_TypeError, "string argument expected, got '%s'",
                          mp_type_name(args[0]));
            return NULL;
        }
        p = mp_str_data(args[0]);
        n = mp_str_size(args[0]);
        chars = mp_str_len(args[0]);
    } else {
        if (!mp_bytes_arg(args[0], &p, &n))
            return NULL;
        chars = n;
    }
    mem_put(m, p, n, chars);
    return mp_int_from_u64(chars);
}

METHOD(mem_writelines) {
    if (mp_arg_no_kw("writelines", kwnames) || mp_arg_count("writelines", nargs, 1, 1) ||
        !mem_check(MEM(self)))
        return NULL;
    mp_obj *it = mp_iter(args[0]), *line;
    if (!it)
        return NULL;
    while ((line = mp_iternext(it))) {
        mp_obj *r = mem_write(self, &line, 1, NULL);
        mp_decref(line);
        if (!r)
            break;
        mp_decref(r);
    }
    mp_decref(it);
    return mp_err_occurred() ? NULL : mp_None;
}

static bool opt_size(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                     mp_ssize_t *size) {
    *size = -1;
    if (mp_arg_no_kw(fname, kwnames) || mp_arg_count(fname, nargs, 0, 1))
        return false;
    if (nargs && args[0] != mp_None && (*size = mp_index_ssize(args[0])) == -1 && mp_err_occurred())
        return false;
    return true;
}

METHOD(mem_read) {
    memfile *m = MEM(self);
    mp_ssize_t size;
    if (!opt_size("read", args, nargs, kwnames, &size) || !mem_check(m))
        return NULL;
    size_t from = m->pos < m->size ? m->pos : m->size;
    size_t to = size < 0 ? m->size : mem_advance(m, from, (size_t)size);
    if (to > m->size)
        to = m->size;
    m->pos = to > m->pos ? to : m->pos;
    return mem_result(m, m->buf + from, to - from);
}

/* The next line (through '\n'), at most `limit` positions (< 0: any). */
static mp_obj *mem_line(memfile *m, mp_ssize_t limit) {
    size_t from = m->pos < m->size ? m->pos : m->size;
    size_t to = limit < 0 ? m->size : mem_advance(m, from, (size_t)limit);
    if (to > m->size)
        to = m->size;
    const char *nl = memchr(m->buf + from, '\n', to - from);
    if (nl)
        to = (size_t)(nl - m->buf) + 1;
    m->pos = to > m->pos ? to : m->pos;
    return mem_result(m, m->buf + from, to - from);
}

METHOD(mem_readline) {
    mp_ssize_t size;
    if (!opt_size("readline", args, nargs, kwnames, &size) || !mem_check(MEM(self)))
        return NULL;
    return mem_line(MEM(self), size);
}

static mp_obj *mem_iternext(mp_obj *self) {
    if (!mem_check(MEM(self)))
        return NULL;
    mp_obj *line = mem_line(MEM(self), -1);
    if (line && mp_len(line) == 0) {
        mp_decref(line);
        return NULL;
    }
    return line;
}

static mp_obj *mem_iter(mp_obj *self) {
    if (MEM(self)->closed) {
        mp_err_format(&mp_type_ValueError, "I/O operation on closed file.");
        return NULL;
    }
    return mp_newref(self);
}

METHOD(mem_readlines) {
    if (mp_arg_no_kw("readlines", kwnames) || mp_arg_count("readlines", nargs, 0, 1))
        return NULL;
    mp_obj *l = mp_list_new(0), *line;
    while ((line = mem_iternext(self)))
        mp_list_append_steal(l, line);
    if (mp_err_occurred()) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

METHOD(mem_getvalue) {
    memfile *m = MEM(self);
    if (mp_arg_no_kw("getvalue", kwnames) || mp_arg_count("getvalue", nargs, 0, 0) || !mem_check(m))
        return NULL;
    return mem_result(m, m->buf ? m->buf : "", m->size);
}

METHOD(mem_seek) {
    memfile *m = MEM(self);
    if (mp_arg_no_kw("seek", kwnames) || mp_arg_count("seek", nargs, 1, 2) || !mem_check(m))
        return NULL;
    mp_ssize_t off = mp_index_ssize(args[0]), whence = 0;
    if ((off == -1 && mp_err_occurred()) ||
        (nargs > 1 && (whence = mp_index_ssize(args[1])) == -1 && mp_err_occurred()))
        return NULL;
    if (whence < 0 || whence > 2) {
        mp_err_format(&mp_type_ValueError, "%s whence (%zd, should be 0, 1 or 2)",
                      m->text ? "Invalid" : "invalid", whence);
        return NULL;
    }
    if (m->text && whence && off) {
        mp_err_format(&mp_type_OSError, "Can't do nonzero %s-relative seeks",
                      whence == 1 ? "cur" : "end");
        return NULL;
    }
    size_t end = m->text ? mp_utf8_count(m->buf, m->size) : m->size;
    mp_ssize_t target = off + (mp_ssize_t)(whence == 0 ? 0 : whence == 1 ? mem_tell_value(m) : end);
    if (target < 0) {
        mp_err_format(&mp_type_ValueError,
                      m->text ? "Negative seek position %zd" : "negative seek value %zd", off);
        return NULL;
    }
    m->pos = mem_advance(m, 0, (size_t)target);
    return mp_int_from_u64((uint64_t)target);
}

METHOD(mem_tell) {
    memfile *m = MEM(self);
    if (mp_arg_no_kw("tell", kwnames) || mp_arg_count("tell", nargs, 0, 0) || !mem_check(m))
        return NULL;
    return mp_int_from_u64(mem_tell_value(m));
}

METHOD(mem_truncate) {
    memfile *m = MEM(self);
    mp_ssize_t size;
    if (!opt_size("truncate", args, nargs, kwnames, &size) || !mem_check(m))
        return NULL;
    size_t at = size < 0 ? m->pos : mem_advance(m, 0, (size_t)size);
    if (at < m->size)
        m->size = at;
    return mp_int_from_u64(size < 0 ? mem_tell_value(m) : (uint64_t)size);
}

METHOD(mem_close) {
    MEM(self)->closed = true;
    return mp_None;
}

METHOD(mem_true) { return mem_check(MEM(self)) ? mp_True : NULL; }
METHOD(mem_flush) { return mem_check(MEM(self)) ? mp_None : NULL; }
METHOD(mem_enter) { return mem_check(MEM(self)) ? mp_newref(self) : NULL; }

static mp_obj *mem_get_closed(mp_obj *self) { return mp_bool_from(MEM(self)->closed); }

static const mp_method_def mem_methods[] = {
    {"write", mem_write, 0, NULL},
    {"writelines", mem_writelines, 0, NULL},
    {"read", mem_read, 0, NULL},
    {"readline", mem_readline, 0, NULL},
    {"readlines", mem_readlines, 0, NULL},
    {"getvalue", mem_getvalue, 0, NULL},
    {"seek", mem_seek, 0, NULL},
    {"tell", mem_tell, 0, NULL},
    {"truncate", mem_truncate, 0, NULL},
    {"close", mem_close, 0, NULL},
    {"flush", mem_flush, 0, NULL},
    {"readable", mem_true, 0, NULL},
    {"writable", mem_true, 0, NULL},
    {"seekable", mem_true, 0, NULL},
    {"__enter__", mem_enter, 0, NULL},
    {"__exit__", mem_close, 0, NULL},
    {NULL},
};

static const mp_getset_def mem_getset[] = {
    {"closed", mem_get_closed, NULL},
    {NULL},
};

#define MEMFILE_TYPE(var, tname)                                                                   \
    mp_type var = {                                                                                \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                   \
        .name = tname,                                                                             \
        .basicsize = sizeof(memfile),                                                              \
        .base = &mp_type_object,                                                                   \
        .dealloc = mem_dealloc,                                                                    \
        .new_ = mem_new,                                                                           \
        .iter = mem_iter,                                                                          \
        .iternext = mem_iternext,                                                                  \
        .methods = mem_methods,                                                                    \
        .getset = mem_getset,                                                                      \
    }

MEMFILE_TYPE(mp_type_stringio, "_io.StringIO");
MEMFILE_TYPE(mp_type_bytesio, "_io.BytesIO");

mp_obj *mp_io_module_create(void) {
    mp_type_ready(&mp_type_stringio);
    mp_type_ready(&mp_type_bytesio);
    mp_obj *m = mp_module_new("io");
    if (!m)
        return NULL;
    /* io.open is the built-in open itself (io.open is open). */
    mp_obj *open_fn = mp_dict_get(mp_builtins_dict, mp_str_intern_cstr("open"));
    int r = mp_module_add_obj(m, "open", open_fn ? open_fn : mp_None) |
            mp_module_add_obj(m, "StringIO", (mp_obj *)&mp_type_stringio) |
            mp_module_add_obj(m, "BytesIO", (mp_obj *)&mp_type_bytesio) |
            mp_module_add_obj(m, "TextIOWrapper", (mp_obj *)&mp_type_stream) |
            mp_module_add_obj(m, "BufferedReader", (mp_obj *)&mp_type_buffered_reader) |
            mp_module_add_obj(m, "BufferedWriter", (mp_obj *)&mp_type_buffered_writer) |
            mp_module_add_obj(m, "BufferedRandom", (mp_obj *)&mp_type_buffered_random) |
            mp_module_add_obj(m, "UnsupportedOperation", (mp_obj *)&mp_type_UnsupportedOperation) |
            mp_module_add_obj(m, "SEEK_SET", mp_small(0)) |
            mp_module_add_obj(m, "SEEK_CUR", mp_small(1)) |
            mp_module_add_obj(m, "SEEK_END", mp_small(2));
    if (r) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
