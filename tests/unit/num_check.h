/*
 * num_check.h — helpers shared by test_int.c and test_float.c.  Test
 * tables name their operands with short specs, and every expected string
 * is what CPython 3.11 printed for the same expression: repr() of the
 * result, or "Type: message" when it raised.
 *
 * Operand specs:  i:<decimal int>   p:[-]<B>:<E>:<C> (= ±B**E + C)
 *                 f:<float literal> b:0 / b:1 (bool)   s:<text>   n: (None)
 */
#ifndef MP_NUM_CHECK_H
#define MP_NUM_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/format_spec.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "unit/check_main.h"

typedef struct {
    const char *a, *op, *b, *expected;
} num_binop_case;
typedef struct {
    const char *a, *expected;
} num_case;
typedef struct {
    const char *text;
    size_t len;
    int base;
    const char *expected;
} num_parse_case;
typedef struct {
    const char *value, *spec, *expected;
} num_fmt_case;
typedef struct {
    const char *a, *b, *c, *expected;
} num_triple_case;

/* A new reference to the value a spec names. */
static mp_obj *num_value(const char *spec) {
    const char *t = spec + 2;
    switch (spec[0]) {
    case 'i': return mp_int_from_str(t, strlen(t), 10);
    case 'f': return mp_float_from_str(t, strlen(t));
    case 'b': return mp_bool_from(t[0] == '1');
    case 's': return mp_str_from_cstr(t);
    case 'n': return mp_None;
    default: { /* p: */
        int neg = *t == '-';
        char *end;
        unsigned long b = strtoul(t + neg, &end, 10), e = strtoul(end + 1, &end, 10);
        long c = strtol(end + 1, NULL, 10);
        mpz_t z;
        mpz_init(z);
        mpz_ui_pow_ui(z, b, e);
        if (neg)
            mpz_neg(z, z);
        if (c >= 0)
            mpz_add_ui(z, z, (unsigned long)c);
        else
            mpz_sub_ui(z, z, (unsigned long)-c);
        return mp_int_from_mpz_move(z);
    }
    }
}

static char num_text_buf[4096];

/* The pending exception as "Type: message" (cleared). */
static const char *num_error_text(void) {
    mp_obj *e = mp_err_fetch();
    if (!e)
        return "<no exception>";
    mp_obj *line = mp_exc_format_only(e);
    snprintf(num_text_buf, sizeof num_text_buf, "%s", line ? mp_str_data(line) : "<format failed>");
    mp_xdecref(line);
    mp_decref(e);
    return num_text_buf;
}

/* repr(o), or the exception text when o is NULL; consumes o. */
static const char *num_result(mp_obj *o) {
    if (!o)
        return num_error_text();
    mp_obj *r = mp_repr(o);
    mp_decref(o);
    if (!r)
        return num_error_text();
    snprintf(num_text_buf, sizeof num_text_buf, "%s", mp_str_data(r));
    mp_decref(r);
    return num_text_buf;
}

#define ck_num(expr, expected) ck_assert_str_eq(num_result(expr), expected)

static int num_binop_code(const char *sym) {
    static const char *const syms[] = {"+",  "-",  "*",  "@", "/", "//", "%",
                                       "**", "<<", ">>", "&", "^", "|"};
    for (int i = 0; i < MP_OP__COUNT; i++)
        if (!strcmp(sym, syms[i]))
            return i;
    return -1;
}

static int num_cmp_code(const char *sym) {
    static const char *const syms[] = {"<", "<=", "==", "!=", ">", ">="};
    for (int i = 0; i < 6; i++)
        if (!strcmp(sym, syms[i]))
            return i;
    return -1;
}

/* Runs `a op b` (binary operators, comparisons, divmod, round) through
 * the abstract protocols and checks each result. */
static void num_check_binops(const num_binop_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const num_binop_case *c = &cases[i];
        mp_obj *a = num_value(c->a), *b = num_value(c->b), *r;
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        if (!strcmp(c->op, "divmod"))
            r = mp_number_divmod(a, b);
        else if (!strcmp(c->op, "round"))
            r = mp_number_round(a, b);
        else if (num_cmp_code(c->op) >= 0)
            r = mp_richcompare(a, b, num_cmp_code(c->op));
        else
            r = mp_binop(a, b, (mp_binop_t)num_binop_code(c->op));
        const char *got = num_result(r);
        ck_assert_msg(!strcmp(got, c->expected), "%s %s %s: expected %s, got %s", c->a, c->op, c->b,
                      c->expected, got);
        mp_decref(a);
        mp_decref(b);
    }
}

/* format(value, spec) for each case. */
static void num_check_formats(const num_fmt_case *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        mp_obj *v = num_value(cases[i].value), *spec = mp_str_from_cstr(cases[i].spec);
        const char *got = num_result(mp_format(v, spec));
        ck_assert_msg(!strcmp(got, cases[i].expected), "format(%s, '%s'): expected %s, got %s",
                      cases[i].value, cases[i].spec, cases[i].expected, got);
        mp_decref(v);
        mp_decref(spec);
    }
}

#define NUM_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif /* MP_NUM_CHECK_H */
