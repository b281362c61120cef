/*
 * test_object.c — the core runtime: abstract protocols and their error
 * messages, argument parsing, exception objects, built-in functions, the
 * sys module and import.  Every expected string was produced by CPython
 * 3.11 for the equivalent Python expression (given in the comments).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"
#include "unit/check_main.h"

/* ---- helpers ------------------------------------------------------------- */

static mp_obj *S(const char *s) { return mp_str_from_cstr(s); }
static mp_obj *I(int64_t v) { return mp_int_from_i64(v); }
static mp_obj *F(double v) { return mp_float_new(v); }
static mp_obj *B(const char *name) { return mp_dict_get_cstr(mp_builtins_dict, name); }
static mp_obj *TYPE(mp_type *t) { return (mp_obj *)t; }

static mp_obj *tuple_of(size_t n, mp_obj *const *items) { return mp_tuple_from_array(items, n); }
#define ARGS(...) ((mp_obj *[]){__VA_ARGS__})
#define NARGS(...) (sizeof(ARGS(__VA_ARGS__)) / sizeof(mp_obj *))
#define T(...) tuple_of(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__))
#define LIST(...) mp_list_from_array(ARGS(__VA_ARGS__), NARGS(__VA_ARGS__))
/* f(*args) */
#define CALL(f, ...) mp_call((f), ARGS(__VA_ARGS__), NARGS(__VA_ARGS__), NULL)
#define CALL0(f) mp_call((f), NULL, 0, NULL)

/* f(*pos, **kw) where kwnames is a comma-separated list naming the last
 * entries of the argument array. */
static mp_obj *call_kw(mp_obj *f, mp_obj *const *args, size_t n, const char *kwnames) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", kwnames);
    mp_obj *names[8];
    size_t nk = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        names[nk++] = mp_str_intern_cstr(tok);
    mp_obj *kw = mp_tuple_from_array(names, nk);
    mp_obj *r = mp_call(f, args, n - nk, kw);
    mp_decref(kw);
    return r;
}
#define CALLKW(f, kw, ...) call_kw((f), ARGS(__VA_ARGS__), NARGS(__VA_ARGS__), kw)

static char last_error[512];

/* The pending exception as "TypeError: message" (and clears it). */
static const char *fetch_error(void) {
    mp_obj *e = mp_err_fetch();
    if (!e)
        return "<no exception>";
    mp_obj *line = mp_exc_format_only(e);
    snprintf(last_error, sizeof last_error, "%s", line ? mp_str_data(line) : "<format failed>");
    mp_xdecref(line);
    mp_decref(e);
    return last_error;
}

static const char *repr_of(mp_obj *o) {
    static char buf[1024];
    if (!o)
        return fetch_error();
    mp_obj *r = mp_repr(o);
    if (!r)
        return fetch_error();
    snprintf(buf, sizeof buf, "%s", mp_str_data(r));
    mp_decref(r);
    return buf;
}

static const char *str_of(mp_obj *o) {
    static char buf[1024];
    if (!o)
        return fetch_error();
    mp_obj *r = mp_str(o);
    if (!r)
        return fetch_error();
    snprintf(buf, sizeof buf, "%s", mp_str_data(r));
    mp_decref(r);
    return buf;
}

/* The expression produced `expected` (a repr). */
#define ck_repr(expr, expected) ck_assert_str_eq(repr_of(expr), expected)
#define ck_str(expr, expected) ck_assert_str_eq(str_of(expr), expected)
/* The expression failed (NULL / -1) with exactly this exception line. */
#define ck_raises(expr, expected)                                                                  \
    do {                                                                                           \
        mp_obj *r_ = (mp_obj *)(expr);                                                             \
        ck_assert_ptr_null(r_);                                                                    \
        ck_assert_str_eq(fetch_error(), expected);                                                 \
    } while (0)
#define ck_raises_int(expr, expected)                                                              \
    do {                                                                                           \
        ck_assert_int_eq((int)(expr), -1);                                                         \
        ck_assert_str_eq(fetch_error(), expected);                                                 \
    } while (0)

/* ---- singletons and type objects -------------------------------------- */

START_TEST(test_singletons) {
    ck_repr(mp_None, "None");
    ck_repr(mp_NotImplemented, "NotImplemented");
    ck_repr(mp_Ellipsis, "Ellipsis");
    ck_assert_ptr_eq(CALL0(TYPE(&mp_type_NoneType)), mp_None); /* type(None)() */
    ck_assert_ptr_eq(CALL0(TYPE(&mp_type_ellipsis)), mp_Ellipsis);
    ck_raises(CALL(TYPE(&mp_type_NoneType), I(1)), "TypeError: NoneType takes no arguments");
    ck_assert_int_eq(mp_truthy(mp_None), 0);
    ck_assert_int_eq(mp_truthy(mp_NotImplemented), 1);
    ck_assert_int_eq(mp_hash(mp_None), mp_hash(mp_None));
}
END_TEST

START_TEST(test_type_objects) {
    ck_repr(TYPE(&mp_type_int), "<class 'int'>");
    ck_repr(TYPE(&mp_type_stream), "<class '_io.TextIOWrapper'>");
    ck_repr(CALL(TYPE(&mp_type_type), I(1)), "<class 'int'>"); /* type(1) */
    ck_repr(CALL(TYPE(&mp_type_type), mp_None), "<class 'NoneType'>");
    ck_raises(CALL(TYPE(&mp_type_type), I(1), I(2)), "TypeError: type() takes 1 or 3 arguments");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_int), "__name__"), "'int'");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_int), "__qualname__"), "'int'");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_int), "__module__"), "'builtins'");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_stream), "__module__"), "'_io'");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_stream), "__name__"), "'TextIOWrapper'");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_int), "__mro__"), "(<class 'int'>, <class 'object'>)");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_bool), "__bases__"), "(<class 'int'>,)");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_object), "__bases__"), "()");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_type), "__base__"), "<class 'object'>");
    ck_repr(mp_call_method(TYPE(&mp_type_bool), "mro", NULL, 0),
            "[<class 'bool'>, <class 'int'>, <class 'object'>]");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_list), "__hash__"), "None"); /* list.__hash__ */
    mp_obj *proxy = mp_getattr_cstr(TYPE(&mp_type_object), "__dict__");
    ck_assert(strncmp(repr_of(proxy), "mappingproxy({", 14) == 0);
    ck_repr(mp_getitem(proxy, S("__doc__")), "None");
    ck_raises_int(mp_setitem(proxy, S("x"), I(1)),
                  "TypeError: 'mappingproxy' object does not support item assignment");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_int), "__add__"),
            "<slot wrapper '__add__' of 'int' objects>");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_list), "append"), "<method 'append' of 'list' objects>");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_object), "__init__"),
            "<slot wrapper '__init__' of 'object' objects>");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_getset_descriptor), "__name__"), "'getset_descriptor'");
    /* object() and its errors */
    mp_obj *o = CALL0(TYPE(&mp_type_object));
    ck_assert_ptr_nonnull(o);
    ck_assert(strncmp(repr_of(o), "<object object at 0x", 20) == 0);
    ck_raises(CALL(TYPE(&mp_type_object), I(1)), "TypeError: object() takes no arguments");
    /* object.__init__(object(), 1) */
    ck_raises(
        CALL(mp_getattr_cstr(TYPE(&mp_type_object), "__init__"), o, I(1)),
        "TypeError: object.__init__() takes exactly one argument (the instance to initialize)");
    /* object.__new__(int), int.__new__(str), int.__new__(1) */
    mp_obj *onew = mp_getattr_cstr(TYPE(&mp_type_object), "__new__");
    ck_raises(CALL(onew, TYPE(&mp_type_int)),
              "TypeError: object.__new__(int) is not safe, use int.__new__()");
    mp_obj *inew = mp_getattr_cstr(TYPE(&mp_type_int), "__new__");
    ck_raises(CALL(inew, TYPE(&mp_type_str)),
              "TypeError: int.__new__(str): str is not a subtype of int");
    ck_raises(CALL(inew, I(1)), "TypeError: int.__new__(X): X is not a type object (int)");
    /* type(iter(()))() */
    ck_raises(CALL0(TYPE(mp_typeof(mp_iter(T())))),
              "TypeError: cannot create 'tuple_iterator' instances");
    ck_raises(mp_setattr_cstr(TYPE(&mp_type_int), "foo", I(1)) ? NULL : mp_None,
              "TypeError: cannot set 'foo' attribute of immutable type 'int'");
    ck_raises(mp_getattr_cstr(TYPE(&mp_type_list), "foo"),
              "AttributeError: type object 'list' has no attribute 'foo'");
}
END_TEST

START_TEST(test_generic_alias) {
    mp_obj *li = mp_getitem(TYPE(&mp_type_list), TYPE(&mp_type_int));
    ck_repr(li, "list[int]");
    ck_repr(mp_getitem(TYPE(&mp_type_dict), T(TYPE(&mp_type_str), li)), "dict[str, list[int]]");
    ck_repr(mp_getitem(TYPE(&mp_type_tuple), T(TYPE(&mp_type_int), mp_Ellipsis)),
            "tuple[int, ...]");
    ck_repr(mp_getattr_cstr(li, "__origin__"), "<class 'list'>");
    ck_repr(CALL(li, T(I(1), I(2))), "[1, 2]");
    ck_raises(mp_getitem(TYPE(&mp_type_int), I(0)), "TypeError: type 'int' is not subscriptable");
    ck_raises_int(mp_isinstance(LIST(), li),
                  "TypeError: isinstance() argument 2 cannot be a parameterized generic");
}
END_TEST

/* ---- attributes ----------------------------------------------------------- */

START_TEST(test_attributes) {
    ck_raises(mp_getattr_cstr(I(1), "foo"), "AttributeError: 'int' object has no attribute 'foo'");
    ck_raises(mp_getattr_cstr(mp_None, "foo"),
              "AttributeError: 'NoneType' object has no attribute 'foo'");
    ck_raises_int(mp_setattr_cstr(I(1), "foo", I(2)),
                  "AttributeError: 'int' object has no attribute 'foo'");
    ck_raises_int(mp_setattr_cstr(LIST(), "append", I(1)),
                  "AttributeError: 'list' object attribute 'append' is read-only");
    ck_raises_int(mp_setattr_cstr(CALL0(TYPE(&mp_type_object)), "x", I(1)),
                  "AttributeError: 'object' object has no attribute 'x'");
    ck_raises(mp_getattr_cstr(B("len"), "foo"),
              "AttributeError: 'builtin_function_or_method' object has no attribute 'foo'");
    /* the AttributeError carries name and obj */
    ck_assert_ptr_null(mp_getattr_cstr(I(7), "foo"));
    mp_obj *e = mp_err_fetch();
    ck_repr(mp_getattr_cstr(e, "name"), "'foo'");
    ck_repr(mp_getattr_cstr(e, "obj"), "7");
    /* getattr_opt swallows only AttributeError */
    ck_assert_ptr_null(mp_getattr_opt(I(1), mp_str_intern_cstr("foo")));
    ck_assert(!mp_err_occurred());
    ck_repr(mp_getattr_cstr(I(1), "__class__"), "<class 'int'>");
    ck_repr(mp_getattr_cstr(LIST(), "append"), repr_of(mp_getattr_cstr(LIST(), "append")));
    ck_assert(strncmp(repr_of(mp_getattr_cstr(LIST(), "append")),
                      "<built-in method append of list object at 0x", 44) == 0);
    ck_repr(mp_getattr_cstr(mp_getattr_cstr(LIST(), "append"), "__qualname__"), "'list.append'");
    ck_repr(mp_getattr_cstr(B("len"), "__self__"), "<module 'builtins' (built-in)>");
    ck_repr(mp_getattr_cstr(B("len"), "__module__"), "'builtins'");
    /* method descriptors called unbound */
    mp_obj *append = mp_getattr_cstr(TYPE(&mp_type_list), "append");
    ck_raises(CALL(append, I(1), I(2)),
              "TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object");
    ck_raises(CALL0(append), "TypeError: unbound method list.append() needs an argument");
    mp_obj *l = LIST();
    ck_repr(CALL(append, l, I(5)), "None");
    ck_repr(l, "[5]");
    /* slot wrappers */
    mp_obj *add = mp_getattr_cstr(TYPE(&mp_type_int), "__add__");
    ck_repr(CALL(add, I(1), I(2)), "3");
    ck_raises(CALL(add, S("a"), I(1)),
              "TypeError: descriptor '__add__' requires a 'int' object but received a 'str'");
    mp_obj *badd = mp_getattr_cstr(I(1), "__add__");
    ck_raises(CALL0(badd), "TypeError: expected 1 argument, got 0");
    ck_raises(CALL(badd, I(1), I(2)), "TypeError: expected 1 argument, got 2");
    ck_raises(CALLKW(badd, "x", I(1)), "TypeError: wrapper __add__() takes no keyword arguments");
    ck_repr(CALL(badd, S("a")), "NotImplemented");
    ck_repr(CALL(mp_getattr_cstr(I(3), "__radd__"), I(4)), "7");
    ck_repr(CALL(mp_getattr_cstr(LIST(I(1), I(2)), "__len__")), "2");
}
END_TEST

START_TEST(test_dir) {
    mp_obj *d = CALL(B("dir"), I(1));
    ck_assert_int_eq(mp_contains(d, S("__add__")), 1);
    ck_assert_int_eq(mp_contains(d, S("__class__")), 1);
    ck_assert_int_eq(mp_contains(d, S("append")), 0);
    ck_assert_int_eq(mp_contains(d, S("__matmul__")), 0); /* int has no @ */
    d = CALL(B("dir"), LIST());
    ck_assert_int_eq(mp_contains(d, S("__iadd__")), 1);
    ck_assert_int_eq(mp_contains(d, S("__sub__")), 0); /* nor list - */
    ck_assert_int_eq(mp_contains(d, S("__radd__")), 0);
    ck_repr(CALL(B("hasattr"), F(1.0), S("__invert__")), "False");
    ck_assert_int_eq(mp_contains(CALL(B("dir"), CALL0(TYPE(&mp_type_object))), S("__sizeof__")), 1);
    ck_raises(CALL(B("dir"), I(1), I(2)), "TypeError: dir expected at most 1 argument, got 2");
    ck_raises(CALL(B("vars"), I(1)), "TypeError: vars() argument must have __dict__ attribute");
}
END_TEST

/* ---- calls, items, length, iteration -------------------------------------- */

START_TEST(test_call_and_items) {
    ck_raises(CALL0(I(1)), "TypeError: 'int' object is not callable");
    ck_assert(mp_callable(B("len")));
    ck_assert(!mp_callable(I(1)));
    ck_raises(mp_getitem(I(1), I(0)), "TypeError: 'int' object is not subscriptable");
    ck_raises_int(mp_setitem(T(I(1)), I(0), I(2)),
                  "TypeError: 'tuple' object does not support item assignment");
    ck_raises_int(mp_delitem(T(I(1)), I(0)),
                  "TypeError: 'tuple' object doesn't support item deletion");
    ck_raises_int(mp_len(I(1)), "TypeError: object of type 'int' has no len()");
    ck_raises_int(mp_contains(I(1), I(1)), "TypeError: argument of type 'int' is not iterable");
    ck_raises(mp_iter(I(1)), "TypeError: 'int' object is not iterable");
    ck_raises(mp_iternext(LIST()), "TypeError: 'list' object is not an iterator");
    /* f(**{1: 2}) */
    mp_obj *kw = mp_dict_new();
    mp_dict_set(kw, I(1), I(2));
    ck_raises(mp_call_tuple_dict(B("len"), T(), kw), "TypeError: keywords must be strings");
    /* print(*('a', 'b'), **{'sep': '-'}) to a temporary file */
    FILE *fp = tmpfile();
    mp_obj *stream = mp_stream_new(fp, S("tmp"), "w+", true);
    kw = mp_dict_new();
    mp_dict_set_cstr(kw, "sep", S("-"));
    mp_dict_set_cstr(kw, "end", S("!"));
    mp_dict_set_cstr(kw, "file", stream);
    ck_repr(mp_call_tuple_dict(B("print"), T(S("a"), I(1), mp_None), kw), "None");
    fflush(fp);
    rewind(fp);
    char buf[64] = {0};
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, fp));
    ck_assert_str_eq(buf, "a-1-None!");
}
END_TEST

START_TEST(test_iter_protocols) {
    mp_obj *l = LIST(I(1), I(2), I(3));
    ck_assert_int_eq(mp_contains(l, I(2)), 1);
    ck_assert_int_eq(mp_contains(l, I(9)), 0);
    /* iter(callable, sentinel): iter([1, 2, 3].pop, 1) yields 3, 2 */
    mp_obj *it = CALL(B("iter"), mp_getattr_cstr(l, "pop"), I(1));
    ck_repr(CALL(B("list"), it), "[3, 2]");
    ck_raises(CALL(B("iter"), I(1), I(2)), "TypeError: iter(v, w): v must be callable");
    ck_raises(CALL0(B("iter")), "TypeError: iter expected at least 1 argument, got 0");
    ck_raises(CALL(B("iter"), I(1), I(2), I(3)),
              "TypeError: iter expected at most 2 arguments, got 3");
    /* next() */
    it = mp_iter(LIST(I(1)));
    ck_repr(CALL(B("next"), it), "1");
    ck_repr(CALL(B("next"), it, S("done")), "'done'");
    ck_raises(CALL(B("next"), it), "StopIteration");
    ck_raises(CALL(B("next"), I(1)), "TypeError: 'int' object is not an iterator");
}
END_TEST

/* ---- comparison, hashing, truth -------------------------------------------- */

START_TEST(test_compare) {
    ck_raises(mp_richcompare(I(1), S("a"), MP_LT),
              "TypeError: '<' not supported between instances of 'int' and 'str'");
    ck_raises(mp_richcompare(S("a"), I(1), MP_GE),
              "TypeError: '>=' not supported between instances of 'str' and 'int'");
    ck_raises(mp_richcompare(LIST(), I(1), MP_LT),
              "TypeError: '<' not supported between instances of 'list' and 'int'");
    ck_repr(mp_richcompare(I(1), S("a"), MP_EQ), "False");
    ck_repr(mp_richcompare(I(1), S("a"), MP_NE), "True");
    mp_obj *o = CALL0(TYPE(&mp_type_object));
    ck_assert_int_eq(mp_eq(o, o), 1);
    ck_assert_int_eq(mp_eq(o, CALL0(TYPE(&mp_type_object))), 0);
    ck_repr(mp_richcompare(o, o, MP_NE), "False");
    ck_repr(mp_richcompare(I(2), F(2.0), MP_EQ), "True");
    ck_assert_int_eq(mp_richcompare_bool(I(1), I(2), MP_LT), 1);
    ck_assert_int_eq(mp_hash(I(-1)), -2);
    ck_raises_int(mp_hash(LIST()), "TypeError: unhashable type: 'list'");
    ck_raises_int(mp_hash(mp_dict_new()), "TypeError: unhashable type: 'dict'");
    ck_assert_int_eq(mp_truthy(LIST()), 0);
    ck_assert_int_eq(mp_truthy(LIST(I(0))), 1);
    ck_assert_int_eq(mp_truthy(I(0)), 0);
    ck_assert_int_eq(mp_truthy(S("")), 0);
    ck_assert_int_eq(mp_truthy(o), 1);
}
END_TEST

/* ---- arithmetic ------------------------------------------------------------ */

START_TEST(test_binop_errors) {
    ck_raises(mp_binop(I(1), S("a"), MP_OP_ADD),
              "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    ck_raises(mp_binop(S("a"), I(1), MP_OP_ADD),
              "TypeError: can only concatenate str (not \"int\") to str");
    ck_raises(mp_binop(LIST(I(1)), I(1), MP_OP_ADD),
              "TypeError: can only concatenate list (not \"int\") to list");
    ck_raises(mp_binop(T(I(1)), I(1), MP_OP_ADD),
              "TypeError: can only concatenate tuple (not \"int\") to tuple");
    ck_raises(mp_binop(LIST(I(1)), S("a"), MP_OP_MUL),
              "TypeError: can't multiply sequence by non-int of type 'str'");
    ck_raises(mp_binop(F(1.5), LIST(I(1)), MP_OP_MUL),
              "TypeError: can't multiply sequence by non-int of type 'float'");
    ck_raises(mp_binop(I(2), S("a"), MP_OP_POW),
              "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'");
    ck_raises(mp_binop(I(1), S("a"), MP_OP_XOR),
              "TypeError: unsupported operand type(s) for ^: 'int' and 'str'");
    ck_raises(mp_binop(I(1), I(2), MP_OP_MATMUL),
              "TypeError: unsupported operand type(s) for @: 'int' and 'int'");
    ck_raises(mp_inplace_op(S("x"), I(2), MP_OP_POW),
              "TypeError: unsupported operand type(s) for **=: 'str' and 'int'");
    ck_raises(mp_inplace_op(I(1), I(2), MP_OP_MATMUL),
              "TypeError: unsupported operand type(s) for @=: 'int' and 'int'");
    ck_raises(mp_inplace_op(S("x"), I(1), MP_OP_ADD),
              "TypeError: can only concatenate str (not \"int\") to str");
    ck_raises(mp_unary(S("a"), MP_UOP_NEG), "TypeError: bad operand type for unary -: 'str'");
    ck_raises(mp_unary(F(1.5), MP_UOP_INVERT), "TypeError: bad operand type for unary ~: 'float'");
    ck_raises(CALL(B("abs"), S("a")), "TypeError: bad operand type for abs(): 'str'");
    ck_str(mp_binop(I(7), I(2), MP_OP_FLOORDIV), "3");
    ck_str(mp_binop(I(1), F(0.5), MP_OP_ADD), "1.5");
    ck_assert_str_eq(mp_binop_symbol(MP_OP_FLOORDIV), "//");
}
END_TEST

START_TEST(test_number_builtins) {
    ck_repr(CALL(B("divmod"), I(7), I(-2)), "(-4, -1)");
    ck_raises(CALL(B("divmod"), I(1)), "TypeError: divmod expected 2 arguments, got 1");
    ck_raises(CALL(B("divmod"), S("a"), I(1)),
              "TypeError: unsupported operand type(s) for divmod(): 'str' and 'int'");
    ck_repr(CALL(B("pow"), I(2), I(10)), "1024");
    ck_repr(CALL(B("pow"), I(2), I(10), I(1000)), "24");
    ck_raises(CALL(B("pow"), S("a"), I(2), I(3)),
              "TypeError: unsupported operand type(s) for ** or pow(): 'str', 'int', 'int'");
    ck_raises(CALL(B("pow"), F(2.0), I(2), I(3)),
              "TypeError: pow() 3rd argument not allowed unless all arguments are integers");
    ck_repr(CALL(B("round"), F(2.5)), "2");
    ck_raises(CALL0(B("round")), "TypeError: round() missing required argument 'number' (pos 1)");
    ck_raises(CALL(B("round"), I(1), I(2), I(3)),
              "TypeError: round() takes at most 2 arguments (3 given)");
    ck_raises(CALLKW(B("round"), "number", I(1), I(2)),
              "TypeError: argument for round() given by name ('number') and position (1)");
    ck_repr(CALLKW(B("round"), "number", I(1)), "1");
    ck_repr(CALL(B("hex"), I(255)), "'0xff'");
    ck_repr(CALL(B("oct"), I(-8)), "'-0o10'");
    ck_repr(CALL(B("bin"), mp_True), "'0b1'");
    ck_raises(CALL(B("hex"), F(1.5)),
              "TypeError: 'float' object cannot be interpreted as an integer");
    ck_repr(CALL(B("ord"), S("\xc3\xa9")), "233");
    ck_repr(CALL(B("ord"), S("\xf0\x9f\x98\x80")), "128512");
    ck_raises(CALL(B("ord"), S("ab")),
              "TypeError: ord() expected a character, but string of length 2 found");
    ck_raises(CALL(B("ord"), I(1)), "TypeError: ord() expected string of length 1, but int found");
    ck_assert_str_eq(str_of(CALL(B("chr"), I(233))), "\xc3\xa9");
    ck_raises(CALL(B("chr"), I(-1)), "ValueError: chr() arg not in range(0x110000)");
    ck_raises(CALL(B("chr"), S("a")),
              "TypeError: 'str' object cannot be interpreted as an integer");
    ck_repr(CALL(B("abs"), I(-3)), "3");
    ck_raises(CALL0(B("abs")), "TypeError: abs() takes exactly one argument (0 given)");
    ck_raises(CALLKW(B("len"), "x", I(1)), "TypeError: len() takes no keyword arguments");
    ck_raises(CALL(B("len"), I(1), I(2)), "TypeError: len() takes exactly one argument (2 given)");
}
END_TEST

START_TEST(test_sum_min_max) {
    ck_repr(CALL(B("sum"), LIST(I(1), I(2), I(3))), "6");
    ck_repr(CALL(B("sum"), LIST(I(1), F(2.5), I(3))), "6.5");
    /* sum([0.1] * 10): plain left-to-right addition in 3.11 */
    mp_obj *tenth =
        LIST(F(0.1), F(0.1), F(0.1), F(0.1), F(0.1), F(0.1), F(0.1), F(0.1), F(0.1), F(0.1));
    ck_repr(CALL(B("sum"), tenth), "0.9999999999999999");
    ck_repr(CALL(B("sum"), LIST(), I(5)), "5");
    ck_repr(CALLKW(B("sum"), "start", LIST(LIST(I(1))), LIST()), "[1]");
    ck_repr(CALL(B("sum"), LIST(I(INT64_MAX), I(1))), "9223372036854775808");
    ck_raises(CALL(B("sum"), LIST(S("a")), S("b")),
              "TypeError: sum() can't sum strings [use ''.join(seq) instead]");
    ck_raises(CALL0(B("sum")), "TypeError: sum() takes at least 1 positional argument (0 given)");
    ck_raises(CALL(B("sum"), LIST(I(1)), I(2), I(3)),
              "TypeError: sum() takes at most 2 arguments (3 given)");
    ck_raises(CALLKW(B("sum"), "iterable", LIST()),
              "TypeError: sum() takes at least 1 positional argument (0 given)");
    ck_repr(CALL(B("max"), LIST(I(3), I(7), I(5))), "7");
    ck_repr(CALL(B("min"), I(3), I(7), I(5)), "3");
    ck_repr(CALLKW(B("max"), "key", LIST(S("bb"), S("a"), S("cc")), B("len")), "'bb'");
    ck_repr(CALLKW(B("min"), "default", LIST(), I(0)), "0");
    ck_raises(CALL0(B("max")), "TypeError: max expected at least 1 argument, got 0");
    ck_raises(CALL(B("max"), LIST()), "ValueError: max() arg is an empty sequence");
    ck_raises(CALLKW(B("max"), "default", I(1), I(2), I(3)),
              "TypeError: Cannot specify a default for max() with multiple positional arguments");
    ck_raises(CALLKW(B("max"), "foo", LIST(), I(1)),
              "TypeError: 'foo' is an invalid keyword argument for max()");
    ck_raises(CALL(B("min"), I(1)), "TypeError: 'int' object is not iterable");
    ck_repr(CALL(B("sorted"), T(I(3), I(1), I(2))), "[1, 2, 3]");
    ck_repr(CALLKW(B("sorted"), "reverse", LIST(I(3), I(1), I(2)), mp_True), "[3, 2, 1]");
    ck_raises(CALL0(B("sorted")), "TypeError: sorted expected 1 argument, got 0");
    ck_raises(CALLKW(B("sorted"), "foo", LIST(), I(1)),
              "TypeError: 'foo' is an invalid keyword argument for sort()");
    ck_repr(CALL(B("any"), LIST(I(0), I(2))), "True");
    ck_repr(CALL(B("all"), LIST(I(1), I(0))), "False");
    ck_repr(CALL(B("all"), LIST()), "True");
}
END_TEST

START_TEST(test_lazy_iterators) {
    mp_obj *list = B("list");
    ck_repr(CALL(list, CALL(B("enumerate"), S("ab"))), "[(0, 'a'), (1, 'b')]");
    ck_repr(CALL(list, CALLKW(B("enumerate"), "start", S("ab"), I(5))), "[(5, 'a'), (6, 'b')]");
    ck_raises(CALL0(B("enumerate")), "TypeError: enumerate() missing required argument 'iterable'");
    ck_raises(CALL(B("enumerate"), I(1)), "TypeError: 'int' object is not iterable");
    ck_raises(CALLKW(B("enumerate"), "start", LIST(), S("a")),
              "TypeError: 'str' object cannot be interpreted as an integer");
    ck_assert(strncmp(repr_of(CALL(B("enumerate"), LIST())), "<enumerate object at 0x", 23) == 0);
    ck_repr(CALL(list, CALL(B("zip"), S("abc"), LIST(I(1), I(2)))), "[('a', 1), ('b', 2)]");
    ck_repr(CALL(list, CALL0(B("zip"))), "[]");
    ck_raises(CALL(list, CALLKW(B("zip"), "strict", LIST(I(1)), LIST(I(1), I(2)), mp_True)),
              "ValueError: zip() argument 2 is longer than argument 1");
    ck_raises(CALL(list, CALLKW(B("zip"), "strict", LIST(I(1), I(2)), LIST(I(1)), mp_True)),
              "ValueError: zip() argument 2 is shorter than argument 1");
    ck_raises(CALL(list, CALLKW(B("zip"), "strict", LIST(I(1), I(2)), LIST(I(1), I(2)), LIST(I(1)),
                                mp_True)),
              "ValueError: zip() argument 3 is shorter than arguments 1-2");
    ck_raises(CALLKW(B("zip"), "strict,foo", LIST(), I(1), I(2)),
              "TypeError: zip() takes at most 1 keyword argument (2 given)");
    ck_repr(CALL(list, CALL(B("map"), B("len"), LIST(S("a"), S("bcd")))), "[1, 3]");
    ck_repr(CALL(list, CALL(B("map"), B("pow"), LIST(I(2), I(3)), LIST(I(5), I(2)))), "[32, 9]");
    ck_raises(CALL(B("map"), B("len")), "TypeError: map() must have at least two arguments.");
    ck_repr(CALL(list, CALL(B("filter"), mp_None, LIST(I(0), I(1), S(""), S("x")))), "[1, 'x']");
    ck_repr(CALL(list, CALL(B("filter"), B("len"), LIST(S(""), S("ab")))), "['ab']");
    ck_raises(CALL(B("filter"), mp_None), "TypeError: filter expected 2 arguments, got 1");
    ck_repr(CALL(list, CALL(B("reversed"), T(I(1), I(2), I(3)))), "[3, 2, 1]");
    ck_repr(CALL(list, CALL(B("reversed"), S("abc"))), "['c', 'b', 'a']");
    ck_raises(CALL(B("reversed"), I(1)), "TypeError: 'int' object is not reversible");
}
END_TEST

/* ---- isinstance / issubclass ------------------------------------------------- */

START_TEST(test_isinstance) {
    ck_assert_int_eq(mp_isinstance(mp_True, TYPE(&mp_type_int)), 1);
    ck_assert_int_eq(mp_isinstance(I(1), TYPE(&mp_type_str)), 0);
    ck_assert_int_eq(mp_isinstance(I(1), T(TYPE(&mp_type_str), TYPE(&mp_type_int))), 1);
    ck_assert_int_eq(mp_isinstance(I(1), T(TYPE(&mp_type_int), I(1))), 1);
    ck_assert_int_eq(mp_isinstance(I(1), T(T(TYPE(&mp_type_str)), T(TYPE(&mp_type_int)))), 1);
    ck_raises_int(mp_isinstance(I(1), I(1)),
                  "TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
    ck_raises_int(mp_isinstance(I(1), T(TYPE(&mp_type_str), I(1))),
                  "TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
    ck_assert_int_eq(mp_issubclass(TYPE(&mp_type_bool), TYPE(&mp_type_int)), 1);
    ck_assert_int_eq(mp_issubclass(TYPE(&mp_type_KeyError), T(TYPE(&mp_type_LookupError))), 1);
    ck_assert_int_eq(mp_issubclass(TYPE(&mp_type_int), TYPE(&mp_type_bool)), 0);
    ck_raises_int(mp_issubclass(I(1), TYPE(&mp_type_int)),
                  "TypeError: issubclass() arg 1 must be a class");
    ck_raises_int(mp_issubclass(TYPE(&mp_type_int), I(1)),
                  "TypeError: issubclass() arg 2 must be a class, a tuple of classes, or a union");
    ck_repr(CALL(B("isinstance"), I(1), TYPE(&mp_type_int)), "True");
    ck_raises(CALL(B("isinstance"), I(1)), "TypeError: isinstance expected 2 arguments, got 1");
}
END_TEST

/* ---- argument parsing ---------------------------------------------------------- */

START_TEST(test_arg_parse) {
    static const char *const names[] = {"/a", "b", "$c"};
    mp_obj *out[3];
    mp_obj *args[4] = {I(1), I(2), I(3), I(4)};
    ck_assert_int_eq(mp_arg_parse("f", args, 2, NULL, names, 3, 1, out), 0);
    ck_assert_ptr_eq(out[1], args[1]);
    ck_assert_ptr_null(out[2]);
    mp_obj *kw = T(mp_str_intern_cstr("c"));
    ck_assert_int_eq(mp_arg_parse("f", args, 1, kw, names, 3, 1, out), 0);
    ck_assert_ptr_eq(out[2], args[1]);
    ck_raises_int(mp_arg_parse("f", args, 3, NULL, names, 3, 1, out),
                  "TypeError: f() takes at most 2 positional arguments (3 given)");
    ck_raises_int(mp_arg_parse("f", args, 0, NULL, names, 3, 1, out),
                  "TypeError: f() takes at least 1 positional argument (0 given)");
    ck_raises_int(mp_arg_parse("f", args, 1, T(mp_str_intern_cstr("a")), names, 3, 1, out),
                  "TypeError: 'a' is an invalid keyword argument for f()");
    ck_raises_int(mp_arg_parse("f", args, 2, T(mp_str_intern_cstr("b")), names, 3, 1, out),
                  "TypeError: argument for f() given by name ('b') and position (2)");
    static const char *const kwonly[] = {"$x"};
    ck_raises_int(mp_arg_parse("g", args, 1, NULL, kwonly, 1, 0, out),
                  "TypeError: g() takes no positional arguments");
    ck_raises_int(mp_arg_count("h", 1, 0, 0), "TypeError: h() takes no arguments (1 given)");
    ck_raises_int(mp_arg_count("h", 3, 1, 2), "TypeError: h expected at most 2 arguments, got 3");
    ck_raises_int(mp_arg_count("h", 0, 2, 2), "TypeError: h expected 2 arguments, got 0");
    ck_raises_int(mp_arg_no_kw("h", kw), "TypeError: h() takes no keyword arguments");
    ck_assert_int_eq(mp_arg_no_kw("h", NULL), 0);
}
END_TEST

/* ---- exceptions ----------------------------------------------------------------- */

static mp_obj *EXC(mp_type *t, mp_obj *args) { return mp_exc_new(t, args); }

START_TEST(test_exception_str_repr) {
    ck_repr(EXC(&mp_type_ValueError, T()), "ValueError()");
    ck_repr(EXC(&mp_type_ValueError, T(S("a"))), "ValueError('a')");
    ck_repr(EXC(&mp_type_ValueError, T(I(1), I(2))), "ValueError(1, 2)");
    ck_str(EXC(&mp_type_ValueError, T()), "");
    ck_str(EXC(&mp_type_ValueError, T(S("a"))), "a");
    ck_str(EXC(&mp_type_ValueError, T(I(1), I(2))), "(1, 2)");
    ck_str(EXC(&mp_type_KeyError, T(S("a"))), "'a'");
    ck_str(EXC(&mp_type_KeyError, T()), "");
    ck_str(EXC(&mp_type_KeyError, T(I(1), I(2))), "(1, 2)");
    ck_str(EXC(&mp_type_KeyError, T(T(I(1), I(2)))), "(1, 2)");
    ck_repr(mp_getattr_cstr(EXC(&mp_type_ValueError, T(I(1))), "args"), "(1,)");
    ck_raises(CALLKW(TYPE(&mp_type_ValueError), "x", I(1)),
              "TypeError: ValueError() takes no keyword arguments");
    mp_obj *line = mp_exc_format_only(EXC(&mp_type_KeyError, T(S("k"))));
    ck_assert_str_eq(mp_str_data(line), "KeyError: 'k'");
    line = mp_exc_format_only(EXC(&mp_type_StopIteration, T()));
    ck_assert_str_eq(mp_str_data(line), "StopIteration");
}
END_TEST

START_TEST(test_exception_subclasses) {
    ck_repr(mp_getattr_cstr(EXC(&mp_type_SystemExit, T()), "code"), "None");
    ck_repr(mp_getattr_cstr(EXC(&mp_type_SystemExit, T(I(1))), "code"), "1");
    ck_repr(mp_getattr_cstr(EXC(&mp_type_SystemExit, T(I(1), I(2))), "code"), "(1, 2)");
    ck_repr(mp_getattr_cstr(EXC(&mp_type_StopIteration, T()), "value"), "None");
    ck_repr(mp_getattr_cstr(EXC(&mp_type_StopIteration, T(I(1), I(2))), "value"), "1");
    /* OSError */
    mp_obj *e = EXC(&mp_type_OSError, T(I(2), S("No such"), S("f")));
    ck_repr(e, "FileNotFoundError(2, 'No such')");
    ck_str(e, "[Errno 2] No such: 'f'");
    ck_repr(mp_getattr_cstr(e, "filename"), "'f'");
    ck_repr(mp_getattr_cstr(e, "errno"), "2");
    ck_str(EXC(&mp_type_OSError, T(I(2), S("No such"), S("f"), mp_None, S("g"))),
           "[Errno 2] No such: 'f' -> 'g'");
    ck_str(EXC(&mp_type_OSError, T(I(1))), "1");
    ck_repr(TYPE(mp_typeof(EXC(&mp_type_OSError, T(I(13), S("x"))))), "<class 'PermissionError'>");
    ck_repr(TYPE(mp_typeof(EXC(&mp_type_OSError, T(I(99999), S("x"))))), "<class 'OSError'>");
    ck_repr(TYPE(mp_typeof(EXC(&mp_type_OSError, T(I(104), S("x"))))),
            "<class 'ConnectionResetError'>");
    ck_repr(mp_getattr_cstr(TYPE(&mp_type_BrokenPipeError), "__bases__"),
            "(<class 'ConnectionError'>,)");
    mp_err_from_errno(2, S("nofile"));
    ck_assert_str_eq(fetch_error(),
                     "FileNotFoundError: [Errno 2] No such file or directory: 'nofile'");
    /* SyntaxError */
    ck_str(EXC(&mp_type_SyntaxError, T()), "None");
    ck_str(EXC(&mp_type_SyntaxError, T(S("msg"), T(S("/a/b/f.py"), I(1), I(2), S("t")))),
           "msg (f.py, line 1)");
    ck_str(EXC(&mp_type_SyntaxError, T(S("msg"), T(mp_None, I(1), I(2), S("t")))), "msg (line 1)");
    ck_str(EXC(&mp_type_SyntaxError, T(S("msg"), T(S("f"), mp_None, I(2), S("t")))), "msg (f)");
    ck_repr(mp_getattr_cstr(
                EXC(&mp_type_SyntaxError, T(S("m"), T(S("f"), I(1), I(2), S("t"), I(1), I(3)))),
                "end_offset"),
            "3");
    ck_raises(EXC(&mp_type_SyntaxError, T(S("msg"), S("x"))),
              "TypeError: function takes at least 4 arguments (1 given)");
    mp_obj *l = mp_exc_format_only(
        EXC(&mp_type_SyntaxError, T(S("invalid syntax"), T(S("f"), I(1), I(2), S("t")))));
    ck_assert_str_eq(mp_str_data(l), "SyntaxError: invalid syntax");
    /* ImportError / NameError / AttributeError keyword attributes */
    e = CALLKW(TYPE(&mp_type_ImportError), "name,path", S("a"), S("n"), S("p"));
    ck_repr(mp_getattr_cstr(e, "msg"), "'a'");
    ck_repr(mp_getattr_cstr(e, "name"), "'n'");
    ck_repr(e, "ImportError('a')");
    ck_str(CALLKW(TYPE(&mp_type_ImportError), "name", I(1), S("n")), "1");
    ck_raises(CALLKW(TYPE(&mp_type_ImportError), "foo", S("a"), I(1)),
              "TypeError: 'foo' is an invalid keyword argument for ImportError()");
    ck_repr(mp_getattr_cstr(CALLKW(TYPE(&mp_type_NameError), "name", S("a"), S("n")), "name"),
            "'n'");
    ck_repr(mp_getattr_cstr(CALL0(TYPE(&mp_type_AttributeError)), "name"), "None");
}
END_TEST

START_TEST(test_exception_chaining) {
    mp_obj *e = EXC(&mp_type_ValueError, T(I(1)));
    ck_repr(mp_getattr_cstr(e, "__cause__"), "None");
    ck_repr(mp_getattr_cstr(e, "__suppress_context__"), "False");
    ck_raises_int(mp_setattr_cstr(e, "__cause__", I(1)),
                  "TypeError: exception cause must be None or derive from BaseException");
    mp_obj *cause = EXC(&mp_type_KeyError, T());
    ck_assert_int_eq(mp_setattr_cstr(e, "__cause__", cause), 0);
    ck_repr(mp_getattr_cstr(e, "__suppress_context__"), "True");
    ck_repr(mp_getattr_cstr(e, "__cause__"), "KeyError()");
    /* raising while handling sets __context__ */
    mp_tstate *ts = mp_ts();
    ts->handled_exc = mp_newref(cause);
    mp_err_format(&mp_type_TypeError, "boom %d", 42);
    mp_obj *raised = mp_err_fetch();
    ck_str(raised, "boom 42");
    ck_repr(mp_getattr_cstr(raised, "__context__"), "KeyError()");
    /* ... without creating a cycle when re-raising the handled one */
    mp_err_set_exc(mp_newref(cause));
    ck_assert_ptr_null(((mp_exc *)cause)->context);
    mp_err_clear();
    mp_setref(&ts->handled_exc, NULL);
    ck_repr(CALL(mp_getattr_cstr(e, "with_traceback"), mp_None), "ValueError(1)");
    ck_raises(CALL(mp_getattr_cstr(e, "add_note"), I(1)),
              "TypeError: note must be a str, not 'int'");
    ck_repr(CALL(mp_getattr_cstr(e, "add_note"), S("n")), "None");
    ck_repr(mp_getattr_cstr(e, "__notes__"), "['n']");
}
END_TEST

/* ---- sys, modules, import ---------------------------------------------------------- */

START_TEST(test_sys) {
    mp_obj *sys = mp_import(S("sys"), NULL, NULL, 0);
    ck_repr(sys, "<module 'sys' (built-in)>");
    ck_assert_ptr_eq(mp_import(S("sys"), NULL, NULL, 0), sys);
    ck_repr(mp_getattr_cstr(sys, "version_info"),
            "sys.version_info(major=3, minor=11, micro=7, releaselevel='final', serial=0)");
    ck_repr(mp_getattr_cstr(mp_getattr_cstr(sys, "version_info"), "major"), "3");
    ck_repr(mp_richcompare(mp_getattr_cstr(sys, "version_info"), T(I(3), I(8)), MP_GE), "True");
    ck_repr(mp_getattr_cstr(mp_getattr_cstr(sys, "implementation"), "name"), "'minipy'");
    ck_repr(mp_getattr_cstr(sys, "maxsize"), "9223372036854775807");
    ck_repr(mp_getattr_cstr(sys, "platform"), "'linux'");
    ck_repr(mp_getattr_cstr(sys, "stdout"),
            "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>");
    ck_raises(mp_getattr_cstr(sys, "x"), "AttributeError: module 'sys' has no attribute 'x'");
    ck_raises(CALL(mp_getattr_cstr(mp_getattr_cstr(sys, "stdout"), "write"), I(1)),
              "TypeError: write() argument must be str, not int");
    ck_repr(CALL0(mp_getattr_cstr(sys, "getrecursionlimit")), "1000");
    ck_raises(CALL(mp_getattr_cstr(sys, "setrecursionlimit"), I(0)),
              "ValueError: recursion limit must be greater or equal than 1");
    ck_raises(CALL(mp_getattr_cstr(sys, "setrecursionlimit"), F(1.5)),
              "TypeError: 'float' object cannot be interpreted as an integer");
    ck_raises(CALL(mp_getattr_cstr(sys, "intern"), I(1)),
              "TypeError: intern() argument must be str, not int");
    mp_obj *a = CALL(mp_getattr_cstr(sys, "intern"), S("zork"));
    ck_assert_ptr_eq(a, CALL(mp_getattr_cstr(sys, "intern"), S("zork")));
    ck_raises(CALL(mp_getattr_cstr(sys, "exit"), I(3)), "SystemExit: 3");
    ck_raises(CALL(mp_getattr_cstr(sys, "exit"), I(1), I(2)),
              "TypeError: exit expected at most 1 argument, got 2");
    ck_repr(CALL0(mp_getattr_cstr(sys, "exc_info")), "(None, None, None)");
    ck_assert_int_eq(mp_exc_system_exit_status(EXC(&mp_type_SystemExit, T(I(4)))), 4);
    ck_assert_int_eq(mp_exc_system_exit_status(EXC(&mp_type_SystemExit, T())), 0);
}
END_TEST

START_TEST(test_import) {
    ck_raises(mp_import(S("foo"), NULL, NULL, 0), "ModuleNotFoundError: No module named 'foo'");
    ck_raises(mp_import(S("sys.foo"), NULL, NULL, 0),
              "ModuleNotFoundError: No module named 'sys.foo'; 'sys' is not a package");
    ck_raises(mp_import(S(""), NULL, NULL, 0), "ValueError: Empty module name");
    ck_raises(mp_import(S("x"), mp_dict_new(), NULL, 1),
              "ImportError: attempted relative import with no known parent package");
    ck_repr(mp_dict_get_cstr(mp_modules_dict, "builtins"), "<module 'builtins' (built-in)>");
    ck_repr(CALL(B("__import__"), S("sys")), "<module 'sys' (built-in)>");
    ck_raises(CALL0(B("__import__")),
              "TypeError: __import__() missing required argument 'name' (pos 1)");
    mp_obj *m = CALL(TYPE(&mp_type_module), S("foo"));
    ck_repr(m, "<module 'foo'>");
    ck_repr(mp_getattr_cstr(m, "__doc__"), "None");
    ck_raises(CALL0(TYPE(&mp_type_module)),
              "TypeError: module() missing required argument 'name' (pos 1)");
    ck_raises(mp_getattr_cstr(m, "zz"), "AttributeError: module 'foo' has no attribute 'zz'");
    ck_assert_int_eq(mp_setattr_cstr(m, "__file__", S("/x/y.py")), 0);
    ck_repr(m, "<module 'foo' from '/x/y.py'>");
    ck_repr(mp_getattr_cstr(m, "__dict__"), repr_of(mp_module_dict(m)));
}
END_TEST

/* A read/write stream over a temporary file holding `text`. */
static mp_obj *temp_stream(const char *text) {
    FILE *fp = tmpfile();
    fputs(text, fp);
    rewind(fp);
    return mp_stream_new(fp, S("tmp"), "w+", true);
}

START_TEST(test_streams_and_input) {
    mp_obj *s = temp_stream("h\xc3\xa9llo\nworld\nlast");
    ck_repr(mp_call_method(s, "readline", NULL, 0), "'h\xc3\xa9llo\\n'");
    ck_repr(mp_call_method(s, "readline", ARGS(I(2)), 1), "'wo'");
    ck_repr(CALL(B("list"), s), "['rld\\n', 'last']");
    ck_repr(mp_call_method(s, "readline", NULL, 0), "''");
    ck_repr(mp_call_method(s, "close", NULL, 0), "None");
    ck_raises(mp_call_method(s, "readline", NULL, 0), "ValueError: I/O operation on closed file.");
    /* input() reads sys.stdin and writes its prompt to sys.stdout */
    mp_obj *sys = mp_import(S("sys"), NULL, NULL, 0);
    mp_obj *saved_in = mp_getattr_cstr(sys, "stdin"), *saved_out = mp_getattr_cstr(sys, "stdout");
    mp_obj *in = temp_stream("first line\nsecond"), *out = temp_stream("");
    mp_setattr_cstr(sys, "stdin", in);
    mp_setattr_cstr(sys, "stdout", out);
    ck_repr(CALL(B("input"), S("> ")), "'first line'");
    ck_repr(CALL0(B("input")), "'second'");
    ck_raises(CALL0(B("input")), "EOFError: EOF when reading a line");
    ck_raises(CALL(B("input"), I(1), I(2)), "TypeError: input expected at most 1 argument, got 2");
    ck_repr(mp_call_method(B("print"), "__call__", ARGS(S("p")), 1), "None");
    mp_call_method(out, "flush", NULL, 0);
    FILE *fp = ((mp_stream *)out)->fp;
    rewind(fp);
    char buf[64] = {0};
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, fp));
    ck_assert_str_eq(buf, "> p\n");
    mp_setattr_cstr(sys, "stdin", saved_in);
    mp_setattr_cstr(sys, "stdout", saved_out);
}
END_TEST

/* ---- recursion guard, format, ascii, getattr builtins ------------------------------- */

START_TEST(test_misc_builtins) {
    int saved = mp_recursion_limit;
    mp_recursion_limit = 3;
    ck_assert_int_eq(mp_enter_recursive(""), 0);
    ck_assert_int_eq(mp_enter_recursive(""), 0);
    ck_assert_int_eq(mp_enter_recursive(""), 0);
    ck_assert_int_eq(mp_enter_recursive(" in comparison"), -1);
    mp_leave_recursive();
    mp_leave_recursive();
    mp_leave_recursive();
    ck_assert_str_eq(fetch_error(),
                     "RecursionError: maximum recursion depth exceeded in comparison");
    mp_recursion_limit = saved;
    ck_raises(CALL(B("format"), CALL0(TYPE(&mp_type_object)), S("x")),
              "TypeError: unsupported format string passed to object.__format__");
    ck_raises(CALL(B("format"), I(1), I(1)), "TypeError: format() argument 2 must be str, not int");
    ck_repr(CALL(B("format"), I(42)), "'42'");
    ck_repr(CALL(B("ascii"), S("caf\xc3\xa9 \xf0\x9f\x98\x80")), "\"'caf\\\\xe9 \\\\U0001f600'\"");
    ck_repr(CALL(B("getattr"), I(1), S("foo"), I(5)), "5");
    ck_raises(CALL(B("getattr"), I(1)), "TypeError: getattr expected at least 2 arguments, got 1");
    ck_raises(CALL(B("getattr"), I(1), I(2)),
              "TypeError: attribute name must be string, not 'int'");
    ck_repr(CALL(B("hasattr"), I(1), S("real")), "True");
    ck_repr(CALL(B("hasattr"), I(1), S("foo")), "False");
    ck_repr(CALL(B("callable"), B("len")), "True");
    ck_repr(CALL(B("id"), I(1)), repr_of(CALL(B("id"), I(1))));
    ck_repr(B("exit"), "<built-in function exit>");
    ck_raises(CALL0(B("exit")), "SystemExit: None"); /* exit() raises SystemExit(None) */
    ck_raises(CALLKW(B("print"), "foo", I(1), I(1)),
              "TypeError: 'foo' is an invalid keyword argument for print()");
    ck_raises(CALLKW(B("print"), "sep", I(1), I(1)),
              "TypeError: sep must be None or a string, not int");
    ck_raises(CALLKW(B("print"), "file", I(1), I(1)),
              "AttributeError: 'int' object has no attribute 'write'");
    ck_repr(mp_dict_get_cstr(mp_builtins_dict, "__name__"), "'builtins'");
    ck_repr(mp_dict_get_cstr(mp_builtins_dict, "ZeroDivisionError"), "<class 'ZeroDivisionError'>");
}
END_TEST

/* list(it), dropping the iterator: keeps temporaries out of the counts. */
static mp_obj *drain(mp_obj *it) {
    mp_obj *r = it ? CALL(B("list"), it) : NULL;
    mp_xdecref(it);
    return r;
}

/* Built-ins and protocols neither leak nor over-release their arguments:
 * the count of an object passed through them returns to where it was. */
START_TEST(test_refcounts) {
    mp_obj *l = LIST(I(3), I(1)), *key = B("len");
    mp_obj *s = S("abc"), *t = T(l, s), *tl = T(l), *ll = LIST(l), *empty = LIST();
    mp_obj *copy = mp_getattr_cstr(ll, "copy"), *it = mp_iter(t);
    uint32_t rl = mp_rc_get(l), rs = mp_rc_get(s), rt = mp_rc_get(t);
    mp_obj *results[] = {
        CALL(B("len"), l),
        CALL(B("repr"), t),
        CALL(B("max"), t, t),
        CALLKW(B("min"), "key", t, key),
        CALLKW(B("max"), "default", empty, l),
        CALL(B("sorted"), l),
        drain(CALL(B("enumerate"), t)),
        drain(CALL(B("zip"), t, l)),
        drain(CALL(B("map"), key, t)),
        drain(CALL(B("filter"), mp_None, t)),
        drain(CALL(B("reversed"), t)),
        drain(CALL(B("iter"), copy, ll)),
        CALL(B("getattr"), l, S("nope"), s),
        CALL(B("hasattr"), l, S("append")),
        CALL(B("isinstance"), l, T(TYPE(&mp_type_int), TYPE(&mp_type_list))),
        CALL(B("sum"), tl, empty),
        CALL(B("any"), t),
        CALL(B("next"), it),
        mp_getattr_cstr(l, "append"),
        mp_richcompare(t, t, MP_EQ),
        mp_exc_new(&mp_type_KeyError, t),
        mp_format(s, NULL),
        mp_ascii(t),
    };
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        ck_assert_msg(results[i] != NULL, "call %zu failed: %s", i, fetch_error());
        mp_decref(results[i]);
    }
    ck_assert_ptr_null(CALL(B("max"), empty));
    mp_err_clear();
    ck_assert_ptr_null(mp_getattr_cstr(l, "nope"));
    mp_err_clear();
    ck_assert_int_eq(mp_rc_get(l), rl);
    ck_assert_int_eq(mp_rc_get(s), rs);
    ck_assert_int_eq(mp_rc_get(t), rt);
    mp_decref(it);
}
END_TEST

static Suite *make_suite(void) {
    Suite *s = suite_create("object");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_singletons);
    tcase_add_test(tc, test_type_objects);
    tcase_add_test(tc, test_generic_alias);
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_dir);
    tcase_add_test(tc, test_call_and_items);
    tcase_add_test(tc, test_iter_protocols);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_binop_errors);
    tcase_add_test(tc, test_number_builtins);
    tcase_add_test(tc, test_sum_min_max);
    tcase_add_test(tc, test_lazy_iterators);
    tcase_add_test(tc, test_isinstance);
    tcase_add_test(tc, test_arg_parse);
    tcase_add_test(tc, test_exception_str_repr);
    tcase_add_test(tc, test_exception_subclasses);
    tcase_add_test(tc, test_exception_chaining);
    tcase_add_test(tc, test_sys);
    tcase_add_test(tc, test_import);
    tcase_add_test(tc, test_streams_and_input);
    tcase_add_test(tc, test_misc_builtins);
    tcase_add_test(tc, test_refcounts);
    suite_add_tcase(s, tc);
    return s;
}

MP_CHECK_MAIN(make_suite)
