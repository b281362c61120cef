/*
 * mod_sys.h — the sys module and the text stream objects behind
 * sys.stdin / sys.stdout / sys.stderr.
 *
 * A stream wraps a C FILE* and writes UTF-8 through stdio's buffer, which
 * is where print() puts its output without building intermediate
 * strings.  As in CPython, stdout is block-buffered unless it is a
 * terminal and stderr is line-buffered; the CLI calls mp_sys_flush_std()
 * before exiting.
 */
#ifndef MP_MOD_SYS_H
#define MP_MOD_SYS_H

#include <stdio.h>

#include "runtime/object.h"

typedef struct mp_stream {
    mp_obj head;
    FILE *fp;
    mp_obj *name;     /* str: '<stdout>' or a file name */
    const char *mode; /* "r", "w", "a", ... (static string) */
    bool owns;        /* close fp when closed / deallocated */
    bool closed;
    bool readable, writable; /* from mode */
    /* Added for open() (runtime/obj_file.c, which implements streams): */
    bool binary;      /* bytes I/O: the _io.Buffered* types */
    bool translate;   /* universal newlines on read (newline=None) */
    bool utf8;        /* text encoding is UTF-8 (no transcoding) */
    char last_op;     /* 'r' / 'w' / 0: direction of the last I/O ('+' modes) */
    mp_obj *encoding; /* str: .encoding as given ("utf-8" for std streams) */
    mp_obj *errors;   /* str or NULL (strict) */
    char modebuf[8];  /* storage for `mode` of open()ed files */
} mp_stream;

extern mp_type mp_type_stream; /* "_io.TextIOWrapper" */
/* Binary files of open(): "_io.BufferedReader" / "BufferedWriter" /
 * "BufferedRandom" (same layout and methods, bytes instead of str). */
extern mp_type mp_type_buffered_reader, mp_type_buffered_writer, mp_type_buffered_random;
/* io.UnsupportedOperation (an OSError). */
extern mp_type mp_type_UnsupportedOperation;
/* Start-up: readies the stream types (obj_file.c). */
void mp_file_init(void);
/* The open() built-in (also io.open). */
mp_obj *mp_file_open(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames);
/* The io module (mod_io.c): io.open, StringIO, BytesIO, ... */
mp_obj *mp_io_module_create(void);

/* A stream over fp (open() of issue 3 uses it with owns = true). */
mp_obj *mp_stream_new(FILE *fp, mp_obj *name, const char *mode, bool owns);
/* Writes UTF-8 text to any file-like object: straight into the FILE
 * buffer for an mp_stream, through .write(str) otherwise.  -1 on error. */
int mp_stream_write_utf8(mp_obj *file, const char *s, size_t n);
/* Writes the str `s` to any file-like object. */
int mp_stream_write_str(mp_obj *file, mp_obj *s);

/* sys.<name> (borrowed) or NULL; never raises. */
mp_obj *mp_sys_get(const char *name);
mp_obj *mp_sys_get_obj(mp_obj *name); /* name: a str */
/* Write to sys.stdout / sys.stderr ("stdout" / "stderr"), falling back
 * to the C stream when the attribute is missing or None (tracebacks). */
int mp_sys_write_str(const char *stream, mp_obj *s);
int mp_sys_write_cstr(const char *stream, const char *s);
/* Flushes sys.stdout and sys.stderr, ignoring errors (interpreter exit). */
void mp_sys_flush_std(void);
/* Replaces sys.argv with the given strings (the CLI passes the script
 * path and its arguments). */
void mp_sys_set_argv(int argc, char **argv);

#endif /* MP_MOD_SYS_H */
