/*
 * compile.h — source/AST to code objects.  The compiler mirrors CPython
 * 3.11's compile.c: the same statement/expression translations, the same
 * scoping (interp/symtable.h), CPython's compile-time SyntaxErrors with
 * their locations, and per-instruction source ranges for tracebacks.
 */
#ifndef MP_COMPILE_H
#define MP_COMPILE_H

#include "grammar/ast.h"
#include "runtime/object.h"

/* Parses and compiles `src`; returns a code object (new reference) or NULL
 * with SyntaxError/IndentationError/TabError (or RecursionError for
 * absurdly deep nesting) set.  MP_PARSE_EVAL code returns the value of the
 * expression; MP_PARSE_SINGLE code prints expression statements through
 * sys.displayhook semantics (the REPL). */
mp_obj *mp_compile(const char *src, size_t len, const char *filename, mp_parse_mode mode);

/* Compile flags. */
enum {
    /* Module-level names go through the frame's locals mapping (LOAD_NAME)
     * instead of the cached globals: for exec/eval with separate locals
     * and for compile(), whose code may run either way. */
    MP_COMPILE_NAME_OPS = 1,
};

/* mp_compile with flags. */
mp_obj *mp_compile_ex(const char *src, size_t len, const char *filename, mp_parse_mode mode,
                      int flags);

/* Compiles an already parsed tree (src is used for error text). */
mp_obj *mp_compile_ast(mp_node *root, mp_arena *arena, const char *src, size_t len,
                       const char *filename, int flags);

/* Raises `type` (SyntaxError or a subclass) with CPython's attributes:
 * msg, filename, lineno, offset and end_offset (1-based character
 * columns), end_lineno and text (the source line, or NULL for none). */
void mp_raise_syntax_error(mp_type *type, const char *msg, const char *filename, mp_obj *text,
                           int lineno, int offset, int end_lineno, int end_offset);

/* Raises the SyntaxError a parser failure describes. */
void mp_raise_parse_error(const mp_syntax_error *err, const char *src, size_t len,
                          const char *filename);

/* The text of line `lineno` (1-based) of src including its newline, as a
 * str, or NULL if out of range.  Used for SyntaxError.text. */
mp_obj *mp_source_line(const char *src, size_t len, int lineno);

/* Number of code points in the first `nbytes` bytes of UTF-8 `s`. */
int mp_utf8_chars(const char *s, size_t nbytes);

#endif /* MP_COMPILE_H */
