/*
 * ctr_check.h — helpers shared by the container unit tests (test_dict.c,
 * test_list.c, test_set.c): compare repr() output and raised exceptions
 * with the text CPython 3.11 prints, and call methods by name.
 */
#ifndef MP_CTR_CHECK_H
#define MP_CTR_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "unit/check_main.h"

/* "KeyError: 'x'" for the pending exception (cleared); malloc'ed. */
static inline char *ctr_exc_text(void) {
    mp_obj *e = mp_err_fetch();
    if (!e)
        return strdup("<no exception>");
    mp_obj *t = mp_exc_format_only(e);
    mp_decref(e);
    if (!t)
        return strdup("<format failed>");
    size_t n = mp_str_size(t);
    char *s = strndup(mp_str_data(t), n);
    mp_decref(t);
    while (n > 0 && s[n - 1] == '\n')
        s[--n] = '\0';
    return s;
}

/* repr(o) as a malloc'ed C string; consumes the new reference o.  A NULL
 * o gives "<error: ...>" with the exception text. */
static inline char *ctr_repr(mp_obj *o) {
    if (!o) {
        char *e = ctr_exc_text();
        size_t n = strlen(e) + 16;
        char *s = malloc(n);
        snprintf(s, n, "<error: %s>", e);
        free(e);
        return s;
    }
    mp_obj *r = mp_repr(o);
    mp_decref(o);
    if (!r)
        return ctr_repr(NULL);
    char *s = strndup(mp_str_data(r), mp_str_size(r));
    mp_decref(r);
    return s;
}

/* repr(o) must be `expected`; o is a new reference (consumed). */
#define ck_repr(o, expected)                                                                       \
    do {                                                                                           \
        char *s_ = ctr_repr(o);                                                                    \
        ck_assert_str_eq(s_, expected);                                                            \
        free(s_);                                                                                  \
    } while (0)

/* The pending exception must render as `expected`. */
#define ck_exc(expected)                                                                           \
    do {                                                                                           \
        char *s_ = ctr_exc_text();                                                                 \
        ck_assert_str_eq(s_, expected);                                                            \
        free(s_);                                                                                  \
    } while (0)

/* An mp_obj*-returning call must fail with `expected`. */
#define ck_raises(call, expected)                                                                  \
    do {                                                                                           \
        mp_obj *r_ = (call);                                                                       \
        ck_assert_ptr_null(r_);                                                                    \
        ck_exc(expected);                                                                          \
    } while (0)

/* o.name(args...) with borrowed arguments; new reference or NULL. */
static inline mp_obj *ctr_call(mp_obj *o, const char *name, size_t nargs, ...) {
    mp_obj *args[8];
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs && i < 8; i++)
        args[i] = va_arg(ap, mp_obj *);
    va_end(ap);
    return mp_call_method(o, name, args, nargs);
}

/* A list of n C ints. */
static inline mp_obj *ctr_int_list(const int64_t *v, size_t n) {
    mp_obj *l = mp_list_new(n);
    for (size_t i = 0; i < n; i++)
        mp_list_append_steal(l, mp_int_from_i64(v[i]));
    return l;
}

#endif /* MP_CTR_CHECK_H */
