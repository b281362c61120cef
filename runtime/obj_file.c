/*
 * obj_file.c — file objects over a C FILE*: the `_io.TextIOWrapper`
 * streams of sys.stdin/stdout/stderr and of open() in text mode, and the
 * `_io.BufferedReader` / `BufferedWriter` / `BufferedRandom` objects of
 * open() in binary mode.  All four types share one layout (mp_stream,
 * runtime/mod_sys.h) and one method table: a method asks s->binary
 * whether it deals in bytes or str.  Text streams decode and encode with
 * the codecs of obj_bytes.c and translate "\r\n" and "\r" to "\n" on
 * read (CPython's universal newlines); writes keep '\n' (POSIX linesep).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/str_impl.h"

#ifdef MINIPY_NO_GIL
#define STREAM_FWRITE fwrite
#else
#define STREAM_FWRITE fwrite_unlocked /* the GIL already serialises writers */
#endif

#define STREAM(o) ((mp_stream *)(o))

mp_type mp_type_UnsupportedOperation = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "UnsupportedOperation",
    .basicsize = sizeof(mp_exc),
    .tflags = MP_TFLAG_BASETYPE,
    .base = &mp_type_OSError,
};

static bool is_stream(mp_obj *o) {
    mp_type *t = mp_typeof(o);
    return t == &mp_type_stream || t == &mp_type_buffered_reader || t == &mp_type_buffered_writer ||
           t == &mp_type_buffered_random;
}

/* ---- blocking I/O ---------------------------------------------------------
 * Every transfer between a stream and its FILE goes through the four
 * functions below, so the GIL can be released around them in one place. */

/* Switching between reading and writing on a '+' stream needs a
 * positioning call in between (C11 7.21.5.3). */
static void io_direction(mp_stream *s, char op) {
    if (s->last_op && s->last_op != op && s->readable && s->writable)
        fseek(s->fp, 0, SEEK_CUR);
    s->last_op = op;
}

/* blocking: release the GIL here (issue 4) */
static size_t io_read(mp_stream *s, char *buf, size_t n) {
    io_direction(s, 'r');
    return fread(buf, 1, n, s->fp);
}

/* blocking: release the GIL here (issue 4) */
static int io_getc(mp_stream *s) {
    io_direction(s, 'r');
    return getc(s->fp);
}

/* blocking: release the GIL here (issue 4) */
static bool io_write(mp_stream *s, const char *p, size_t n) {
    io_direction(s, 'w');
    return STREAM_FWRITE(p, 1, n, s->fp) == n;
}

/* blocking: release the GIL here (issue 4) */
static int io_flush(mp_stream *s) { return fflush(s->fp); }

/* ---- construction ------------------------------------------------------------ */

static mp_obj *stream_alloc(mp_type *type, FILE *fp, mp_obj *name, const char *mode, bool owns) {
    mp_stream *s = (mp_stream *)mp_obj_alloc(type, sizeof(mp_stream));
    s->fp = fp;
    s->name = mp_newref(name);
    snprintf(s->modebuf, sizeof s->modebuf, "%s", mode);
    s->mode = s->modebuf;
    s->owns = owns;
    s->closed = false;
    s->readable = strpbrk(mode, "r+") != NULL;
    s->writable = strpbrk(mode, "wax+") != NULL;
    s->binary = type != &mp_type_stream;
    s->translate = false;
    s->utf8 = true;
    s->last_op = 0;
    s->encoding = mp_newref(mp_str_intern_cstr("utf-8"));
    s->errors = NULL;
    return (mp_obj *)s;
}

mp_obj *mp_stream_new(FILE *fp, mp_obj *name, const char *mode, bool owns) {
    return stream_alloc(&mp_type_stream, fp, name, mode, owns);
}

static void stream_dealloc(mp_obj *self) {
    mp_stream *s = STREAM(self);
    if (s->owns && !s->closed)
        fclose(s->fp);
    mp_decref(s->name);
    mp_decref(s->encoding);
    mp_xdecref(s->errors);
    mp_obj_free(self);
}

static mp_obj *stream_repr(mp_obj *self) {
    mp_stream *s = STREAM(self);
    if (s->binary)
        return mp_str_format_c("<%s name=%R>", mp_type_name(self), s->name);
    return mp_str_format_c("<_io.TextIOWrapper name=%R mode='%s' encoding=%R>", s->name, s->mode,
                           s->encoding);
}

/* Checks the stream is open and, if `op` is "writable"/"readable", that it
 * supports the operation (io.UnsupportedOperation "not readable"). */
static bool stream_check(mp_stream *s, const char *op) {
    if (s->closed) {
        mp_err_format(&mp_type_ValueError, "I/O operation on closed file.");
        return false;
    }
    if (op && !(op[0] == 'w' ? s->writable : s->readable)) {
        /* CPython's buffered objects just name the operation. */
        if (s->binary)
            mp_err_format(&mp_type_UnsupportedOperation, op[0] == 'w' ? "write" : "read");
        else
            mp_err_format(&mp_type_UnsupportedOperation, "not %s", op);
        return false;
    }
    return true;
}

static const char *errors_cstr(mp_stream *s) { return s->errors ? mp_str_data(s->errors) : NULL; }

/* ---- writing ------------------------------------------------------------------ */

static int raw_write(mp_stream *s, const char *p, size_t n) {
    if ((s->closed || !s->writable) && !stream_check(s, "writable"))
        return -1;
    if (n && !io_write(s, p, n)) {
        mp_err_from_errno(errno, NULL);
        return -1;
    }
    return 0;
}

/* Writes the str `str` (or UTF-8 text p/n when str is NULL) to a text
 * stream, transcoding when its encoding is not UTF-8. */
static int text_write(mp_stream *s, mp_obj *str, const char *p, size_t n) {
    if (s->binary) {
        mp_err_format(&mp_type_TypeError, "a bytes-like object is required, not 'str'");
        return -1;
    }
    if (s->utf8)
        return raw_write(s, str ? mp_str_data(str) : p, str ? mp_str_size(str) : n);
    mp_obj *tmp = str ? mp_newref(str) : mp_str_new(p, n);
    mp_obj *b = tmp ? mp_str_encode(tmp, mp_str_data(s->encoding), errors_cstr(s)) : NULL;
    mp_xdecref(tmp);
    if (!b)
        return -1;
    int r = raw_write(s, ((mp_bytes *)b)->data, ((mp_bytes *)b)->size);
    mp_decref(b);
    return r;
}

int mp_stream_write_utf8(mp_obj *file, const char *s, size_t n) {
    if (is_stream(file))
        return text_write(STREAM(file), NULL, s, n);
    mp_obj *str = mp_str_new(s, n);
    if (!str)
        return -1;
    int r = mp_stream_write_str(file, str);
    mp_decref(str);
    return r;
}

int mp_stream_write_str(mp_obj *file, mp_obj *s) {
    if (is_stream(file))
        return text_write(STREAM(file), s, NULL, 0);
    mp_obj *r = mp_call_method_obj(file, MP_NAME(write), &s, 1, NULL);
    if (!r)
        return -1;
    mp_decref(r);
    return 0;
}

static mp_obj *stream_write(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_stream *s = STREAM(self);
    if (mp_arg_no_kw("write", kwnames) || mp_arg_count("write", nargs, 1, 1))
        return NULL;
    if (s->binary) {
        const char *p;
        size_t n;
        if (!stream_check(s, NULL) || !mp_bytes_arg(args[0], &p, &n) || raw_write(s, p, n) < 0)
            return NULL;
        return mp_int_from_u64(n);
    }
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "write() argument must be str, not %s",
                      mp_type_name(args[0]));
        return NULL;
    }
    if (!stream_check(s, NULL) || text_write(s, args[0], NULL, 0) < 0)
        return NULL;
    return mp_int_from_u64(mp_str_len(args[0]));
}

static mp_obj *stream_writelines(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("writelines", kwnames) || mp_arg_count("writelines", nargs, 1, 1) ||
        !stream_check(STREAM(self), NULL))
        return NULL;
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    mp_obj *line;
    while ((line = mp_iternext(it))) {
        mp_obj *r = stream_write(self, &line, 1, NULL);
        mp_decref(line);
        if (!r)
            break;
        mp_decref(r);
    }
    mp_decref(it);
    return mp_err_occurred() ? NULL : mp_None;
}

static mp_obj *stream_flush(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("flush", kwnames) || mp_arg_count("flush", nargs, 0, 0))
        return NULL;
    mp_stream *s = STREAM(self);
    if (!stream_check(s, NULL))
        return NULL;
    if (s->writable && io_flush(s) != 0) {
        mp_err_from_errno(errno, NULL);
        return NULL;
    }
    return mp_None;
}

/* ---- reading --------------------------------------------------------------------- */

/* The result of a read: bytes for a binary stream, else the buffer decoded
 * with the stream's codec.  Frees the buffer. */
static mp_obj *read_result(mp_stream *s, mp_sb *sb) {
    mp_obj *r = s->binary
                    ? mp_bytes_new(sb->buf, sb->len)
                    : mp_bytes_decode(sb->buf, sb->len, mp_str_data(s->encoding), errors_cstr(s));
    mp_sb_free(sb);
    return r;
}

static bool read_failed(mp_stream *s, mp_sb *sb) {
    if (!ferror(s->fp))
        return false;
    clearerr(s->fp);
    mp_sb_free(sb);
    mp_err_from_errno(errno, NULL);
    return true;
}

/* Appends one character to sb: a byte, or (text) one whole character of
 * the stream's encoding with "\r\n" / "\r" read as "\n" when translating.
 * Returns the first byte, or EOF. */
static int read_char(mp_stream *s, mp_sb *sb) {
    int c = io_getc(s);
    if (c == EOF)
        return EOF;
    if (!s->binary && c == '\r' && s->translate) {
        int d = io_getc(s);
        if (d != '\n' && d != EOF)
            ungetc(d, s->fp);
        c = '\n';
    }
    mp_sb_addc(sb, (char)c);
    if (!s->binary && s->utf8 && c >= 0xC0) {
        for (size_t k = mp_utf8_seqlen((uint8_t)c); k > 1; k--) {
            int d = io_getc(s);
            if (d == EOF)
                break;
            if ((d & 0xC0) != 0x80) { /* invalid: leave it for the decoder */
                ungetc(d, s->fp);
                break;
            }
            mp_sb_addc(sb, (char)d);
        }
    }
    return c;
}

/* One line (with its '\n') of at most `limit` characters (< 0: no limit);
 * empty at end of file. */
static mp_obj *read_line(mp_stream *s, mp_ssize_t limit) {
    mp_sb sb;
    mp_sb_init(&sb, 80);
    for (mp_ssize_t n = 0; limit < 0 || n < limit; n++) {
        int c = read_char(s, &sb);
        if (c == EOF || c == '\n')
            break;
    }
    return read_failed(s, &sb) ? NULL : read_result(s, &sb);
}

/* Translates "\r\n" and lone "\r" to "\n" in place; returns the new
 * length.  A final '\r' is joined with a following '\n' in the file. */
static size_t translate_newlines(mp_stream *s, char *p, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\r') {
            p[w++] = p[i];
            continue;
        }
        p[w++] = '\n';
        if (i + 1 < n && p[i + 1] == '\n') {
            i++;
        } else if (i + 1 == n) {
            int d = io_getc(s);
            if (d != '\n' && d != EOF)
                ungetc(d, s->fp);
        }
    }
    return w;
}

static mp_obj *read_all(mp_stream *s) {
    mp_sb sb;
    mp_sb_init(&sb, 4096);
    char chunk[8192];
    size_t got;
    while ((got = io_read(s, chunk, sizeof chunk)) > 0)
        mp_sb_add(&sb, chunk, got);
    if (read_failed(s, &sb))
        return NULL;
    if (!s->binary && s->translate)
        sb.len = translate_newlines(s, sb.buf, sb.len);
    return read_result(s, &sb);
}

static bool size_arg(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                     mp_ssize_t *size) {
    *size = -1;
    if (mp_arg_no_kw(fname, kwnames) || mp_arg_count(fname, nargs, 0, 1))
        return false;
    if (nargs && args[0] != mp_None) {
        *size = mp_index_ssize(args[0]);
        if (*size == -1 && mp_err_occurred())
            return false;
    }
    return true;
}

static mp_obj *stream_readline(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t size;
    if (!size_arg("readline", args, nargs, kwnames, &size) ||
        !stream_check(STREAM(self), "readable"))
        return NULL;
    return read_line(STREAM(self), size);
}

static mp_obj *stream_read(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_ssize_t size;
    mp_stream *s = STREAM(self);
    if (!size_arg("read", args, nargs, kwnames, &size) || !stream_check(s, "readable"))
        return NULL;
    if (size < 0)
        return read_all(s);
    mp_sb sb;
    mp_sb_init(&sb, (size_t)size + 1);
    if (s->binary) {
        char chunk[8192];
        size_t got, want = (size_t)size;
        while (want && (got = io_read(s, chunk, want < sizeof chunk ? want : sizeof chunk)) > 0) {
            mp_sb_add(&sb, chunk, got);
            want -= got;
        }
    } else {
        for (mp_ssize_t n = 0; n < size && read_char(s, &sb) != EOF; n++)
            ;
    }
    return read_failed(s, &sb) ? NULL : read_result(s, &sb);
}

static mp_obj *stream_iternext(mp_obj *self) {
    if (!stream_check(STREAM(self), "readable"))
        return NULL;
    mp_obj *line = read_line(STREAM(self), -1);
    if (line && mp_len(line) == 0) {
        mp_decref(line);
        return NULL;
    }
    return line;
}

static mp_obj *stream_readlines(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("readlines", kwnames) || mp_arg_count("readlines", nargs, 0, 1))
        return NULL;
    mp_obj *l = mp_list_new(0), *line;
    while ((line = stream_iternext(self)))
        mp_list_append_steal(l, line);
    if (mp_err_occurred()) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

static mp_obj *stream_iter(mp_obj *self) {
    return stream_check(STREAM(self), NULL) ? mp_newref(self) : NULL;
}

/* ---- positioning, state ------------------------------------------------------------ */

static mp_obj *stream_seek(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_stream *s = STREAM(self);
    if (mp_arg_no_kw("seek", kwnames) || mp_arg_count("seek", nargs, 1, 2) ||
        !stream_check(s, NULL))
        return NULL;
    mp_ssize_t off = mp_index_ssize(args[0]), whence = 0;
    if ((off == -1 && mp_err_occurred()) ||
        (nargs > 1 && (whence = mp_index_ssize(args[1])) == -1 && mp_err_occurred()))
        return NULL;
    if (whence < 0 || whence > 2) {
        mp_err_format(&mp_type_ValueError, "invalid whence (%zd, should be 0, 1 or 2)", whence);
        return NULL;
    }
    if (!s->binary && whence && off) {
        mp_err_format(&mp_type_UnsupportedOperation, "can't do nonzero %s-relative seeks",
                      whence == 1 ? "cur" : "end");
        return NULL;
    }
    if (whence == 0 && off < 0) {
        mp_err_format(&mp_type_ValueError, "negative seek position %zd", off);
        return NULL;
    }
    if (fseeko(s->fp, (off_t)off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END)) {
        mp_err_from_errno(errno, NULL);
        return NULL;
    }
    s->last_op = 0;
    return mp_int_from_i64((int64_t)ftello(s->fp));
}

static mp_obj *stream_tell(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_stream *s = STREAM(self);
    if (mp_arg_no_kw("tell", kwnames) || mp_arg_count("tell", nargs, 0, 0) ||
        !stream_check(s, NULL))
        return NULL;
    off_t pos = ftello(s->fp);
    if (pos < 0) {
        mp_err_from_errno(errno, NULL);
        return NULL;
    }
    return mp_int_from_i64((int64_t)pos);
}

static mp_obj *stream_close(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_stream *s = STREAM(self);
    if (!s->closed) {
        s->closed = true;
        int r = s->writable ? io_flush(s) : 0;
        if (s->owns && fclose(s->fp) != 0)
            r = -1;
        if (r) {
            mp_err_from_errno(errno, NULL);
            return NULL;
        }
    }
    return mp_None;
}

static mp_obj *stream_fileno(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!stream_check(STREAM(self), NULL))
        return NULL;
    return mp_small(fileno(STREAM(self)->fp));
}

static mp_obj *stream_isatty(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!stream_check(STREAM(self), NULL))
        return NULL;
    return mp_bool_from(isatty(fileno(STREAM(self)->fp)));
}

static mp_obj *stream_readable(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return stream_check(STREAM(self), NULL) ? mp_bool_from(STREAM(self)->readable) : NULL;
}

static mp_obj *stream_writable(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return stream_check(STREAM(self), NULL) ? mp_bool_from(STREAM(self)->writable) : NULL;
}

static mp_obj *stream_seekable(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (!stream_check(STREAM(self), NULL))
        return NULL;
    return mp_bool_from(lseek(fileno(STREAM(self)->fp), 0, SEEK_CUR) >= 0);
}

static mp_obj *stream_enter(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return stream_check(STREAM(self), NULL) ? mp_newref(self) : NULL;
}

static mp_obj *stream_get_name(mp_obj *self) { return mp_newref(STREAM(self)->name); }
static mp_obj *stream_get_mode(mp_obj *self) { return mp_str_from_cstr(STREAM(self)->mode); }
static mp_obj *stream_get_closed(mp_obj *self) { return mp_bool_from(STREAM(self)->closed); }
static mp_obj *stream_get_encoding(mp_obj *self) {
    if (STREAM(self)->binary) {
        mp_err_no_attribute(self, mp_str_intern_cstr("encoding"));
        return NULL;
    }
    return mp_newref(STREAM(self)->encoding);
}

static const mp_method_def stream_methods[] = {
    {"write", stream_write, 0, NULL},
    {"writelines", stream_writelines, 0, NULL},
    {"flush", stream_flush, 0, NULL},
    {"read", stream_read, 0, NULL},
    {"readline", stream_readline, 0, NULL},
    {"readlines", stream_readlines, 0, NULL},
    {"seek", stream_seek, 0, NULL},
    {"tell", stream_tell, 0, NULL},
    {"close", stream_close, 0, NULL},
    {"fileno", stream_fileno, 0, NULL},
    {"isatty", stream_isatty, 0, NULL},
    {"readable", stream_readable, 0, NULL},
    {"writable", stream_writable, 0, NULL},
    {"seekable", stream_seekable, 0, NULL},
    {"__enter__", stream_enter, 0, NULL},
    {"__exit__", stream_close, 0, NULL},
    {NULL},
};

static const mp_getset_def stream_getset[] = {
    {"name", stream_get_name, NULL},
    {"mode", stream_get_mode, NULL},
    {"encoding", stream_get_encoding, NULL},
    {"closed", stream_get_closed, NULL},
    {NULL},
};

#define STREAM_TYPE(var, tname)                                                                    \
    mp_type var = {                                                                                \
        .head = MP_STATIC_HEADER(&mp_type_type),                                                   \
        .name = tname,                                                                             \
        .basicsize = sizeof(mp_stream),                                                            \
        .dealloc = stream_dealloc,                                                                 \
        .repr = stream_repr,                                                                       \
        .iter = stream_iter,                                                                       \
        .iternext = stream_iternext,                                                               \
        .methods = stream_methods,                                                                 \
        .getset = stream_getset,                                                                   \
    }

STREAM_TYPE(mp_type_stream, "_io.TextIOWrapper");
STREAM_TYPE(mp_type_buffered_reader, "_io.BufferedReader");
STREAM_TYPE(mp_type_buffered_writer, "_io.BufferedWriter");
STREAM_TYPE(mp_type_buffered_random, "_io.BufferedRandom");

/* ---- open() ------------------------------------------------------------------------ */

/* Parses open()'s mode like CPython's _io.open: one of r/w/x/a, optional
 * '+', 'b' or 't'.  Fills the fopen() mode. */
static bool parse_mode(mp_obj *mode_obj, char *fmode, bool *binary) {
    const char *mode = mp_str_data(mode_obj);
    int counts[128] = {0};
    for (const char *p = mode; *p; p++) {
        if ((unsigned char)*p >= 128 || !strchr("rwxabt+", *p) || counts[(int)*p]++) {
            mp_err_format(&mp_type_ValueError, "invalid mode: %R", mode_obj);
            return false;
        }
    }
    int kinds = counts['r'] + counts['w'] + counts['x'] + counts['a'];
    if (counts['t'] && counts['b']) {
        mp_err_format(&mp_type_ValueError, "can't have text and binary mode at once");
        return false;
    }
    if (kinds > 1) {
        mp_err_format(&mp_type_ValueError,
                      "must have exactly one of create/read/write/append mode");
        return false;
    }
    if (kinds == 0) {
        mp_err_format(
            &mp_type_ValueError,
            "Must have exactly one of create/read/write/append mode and at most one plus");
        return false;
    }
    char kind = counts['r'] ? 'r' : counts['w'] ? 'w' : counts['a'] ? 'a' : 'x';
    char *f = fmode;
    *f++ = kind == 'x' ? 'w' : kind;
    if (counts['+'])
        *f++ = '+';
    if (kind == 'x')
        *f++ = 'x';
    *f = '\0';
    *binary = counts['b'] != 0;
    return true;
}

/* The mode CPython reports for a binary file: "rb", "wb", "ab+", and
 * "rb+" for both r+ and w+ (FileIO's view). */
static void binary_mode_name(const char *fmode, char *out) {
    char kind = strchr(fmode, 'x') ? 'x' : fmode[0];
    if (kind == 'w' && strchr(fmode, '+'))
        kind = 'r';
    snprintf(out, 8, "%cb%s", kind, strchr(fmode, '+') ? "+" : "");
}

mp_obj *mp_file_open(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"file",     "mode",   "buffering",
                                        "encoding", "errors", "newline"};
    mp_obj *a[6];
    if (mp_arg_parse("open", args, nargs, kwnames, names, 6, 1, a) < 0)
        return NULL;
    mp_obj *file = a[0], *mode = a[1] ? a[1] : mp_str_intern_cstr("r");
    if (!mp_str_check(file)) {
        mp_err_format(&mp_type_TypeError, "expected str, bytes or os.PathLike object, not %T",
                      file);
        return NULL;
    }
    if (!mp_str_check(mode)) {
        mp_err_format(&mp_type_TypeError, "open() argument 'mode' must be str, not %T", mode);
        return NULL;
    }
    for (int i = 3; i < 6; i++) {
        if (a[i] == mp_None)
            a[i] = NULL;
        if (a[i] && !mp_str_check(a[i])) {
            mp_err_format(&mp_type_TypeError, "open() argument '%s' must be str or None, not %T",
                          names[i], a[i]);
            return NULL;
        }
    }
    char fmode[8];
    bool binary;
    if (!parse_mode(mode, fmode, &binary))
        return NULL;
    for (int i = 3; binary && i < 6; i++) {
        if (a[i]) {
            mp_err_format(&mp_type_ValueError, "binary mode doesn't take a%s %s argument",
                          i == 5 ? "" : "n", names[i]);
            return NULL;
        }
    }
    if (a[5] && mp_str_size(a[5]) && !mp_str_eq_cstr(a[5], "\n")) {
        mp_err_format(&mp_type_ValueError, "illegal newline value: %U", a[5]);
        return NULL;
    }
    if (!binary && a[2] && mp_int_check(a[2]) && mp_int_sign(a[2]) == 0) {
        mp_err_format(&mp_type_ValueError, "can't have unbuffered text I/O");
        return NULL;
    }
    if (a[3] && !mp_codec_known(mp_str_data(a[3]))) {
        mp_err_format(&mp_type_LookupError, "unknown encoding: %U", a[3]);
        return NULL;
    }
    FILE *fp = fopen(mp_str_data(file), fmode);
    struct stat st;
    if (fp && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        fp = NULL;
        errno = EISDIR;
    }
    if (!fp) {
        mp_err_from_errno(errno, file);
        return NULL;
    }
    mp_type *type = !binary              ? &mp_type_stream
                    : strchr(fmode, '+') ? &mp_type_buffered_random
                    : fmode[0] == 'r'    ? &mp_type_buffered_reader
                                         : &mp_type_buffered_writer;
    char shown[8];
    if (binary)
        binary_mode_name(fmode, shown);
    mp_stream *s = STREAM(stream_alloc(type, fp, file, binary ? shown : mp_str_data(mode), true));
    if (!binary) {
        s->translate = a[5] == NULL;
        if (a[3]) {
            mp_setref(&s->encoding, mp_newref(a[3]));
            s->utf8 = mp_codec_is_utf8(mp_str_data(a[3]));
        } else {
            /* CPython in UTF-8 mode (PYTHONUTF8=1, as the tests run it)
             * says "utf-8"; minipy's default text encoding is always UTF-8. */
            mp_setref(&s->encoding, mp_newref(mp_str_intern_cstr("utf-8")));
        }
        if (a[4])
            s->errors = mp_newref(a[4]);
    }
    return (mp_obj *)s;
}

void mp_file_init(void) {
    mp_type_ready(&mp_type_UnsupportedOperation);
    mp_type_ready(&mp_type_stream);
    mp_type_ready(&mp_type_buffered_reader);
    mp_type_ready(&mp_type_buffered_writer);
    mp_type_ready(&mp_type_buffered_random);
}
