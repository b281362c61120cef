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
} mp_stream;

extern mp_type mp_type_stream; /* "_io.TextIOWrapper" */

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
