/*
 * test_compile.c — the compiler, symbol table, VM and traceback printer
 * through their C APIs: snippets are compiled and run and their results
 * read back from the globals; bytecode properties (opcodes, fused
 * superinstructions, frame sizes) are checked on the code objects; scope
 * resolution is checked on the symbol table; compile-time SyntaxErrors
 * and runtime TypeErrors are compared with the messages and locations
 * python3 (CPython 3.11) reports; tracebacks are compared with its text.
 */
#include <stdio.h>
#include <string.h>

#include "grammar/ast.h"
#include "interp/code.h"
#include "interp/compile.h"
#include "interp/symtable.h"
#include "interp/traceback.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "unit/check_main.h"

/* ---- helpers ------------------------------------------------------------- */

static mp_obj *fresh_globals(void) {
    mp_obj *g = mp_dict_new();
    mp_dict_set_cstr(g, "__name__", mp_str_intern_cstr("__test__"));
    return g;
}

/* Runs src in fresh globals; returns them (the run must succeed). */
static mp_obj *run_ok(const char *src) {
    mp_obj *g = fresh_globals();
    mp_obj *r = mp_run_string(src, "<test>", g);
    if (!r) {
        mp_obj *exc = mp_err_fetch();
        mp_obj *text = exc ? mp_format_exception(exc) : NULL;
        ck_abort_msg("run failed:\n%s\n%s", src, text ? mp_str_data(text) : "?");
    }
    mp_decref(r);
    return g;
}

/* repr(globals[name]) after running src equals expected. */
static void check_result(const char *src, const char *name, const char *expected) {
    mp_obj *g = run_ok(src);
    mp_obj *v = mp_dict_get_cstr(g, name);
    ck_assert_msg(v != NULL, "%s not set by:\n%s", name, src);
    mp_obj *r = mp_repr(v);
    ck_assert_ptr_nonnull(r);
    ck_assert_msg(strcmp(mp_str_data(r), expected) == 0, "%s: got %s, expected %s\n%s", name,
                  mp_str_data(r), expected, src);
    mp_decref(r);
    mp_decref(g);
}

/* Running src raises; the last line of its report equals expected. */
static void check_raises(const char *src, const char *expected) {
    mp_obj *g = fresh_globals();
    mp_obj *r = mp_run_string(src, "<test>", g);
    ck_assert_msg(r == NULL, "no exception from:\n%s", src);
    mp_obj *exc = mp_err_fetch();
    ck_assert_ptr_nonnull(exc);
    mp_obj *line = mp_exc_format_only(exc);
    ck_assert_ptr_nonnull(line);
    ck_assert_msg(strcmp(mp_str_data(line), expected) == 0, "got  %s\nwant %s\n%s",
                  mp_str_data(line), expected, src);
    mp_decref(line);
    mp_decref(exc);
    mp_decref(g);
}

static mp_obj *compile_ok(const char *src) {
    mp_obj *co = mp_compile(src, strlen(src), "<test>", MP_PARSE_FILE);
    ck_assert_msg(co != NULL, "compile failed: %s", src);
    return co;
}

/* The first code object among co's constants. */
static mp_code *inner_code(mp_obj *co) {
    mp_obj *consts = ((mp_code *)co)->consts;
    for (size_t i = 0; i < mp_tuple_size(consts); i++)
        if (mp_code_check(mp_tuple_items(consts)[i]))
            return (mp_code *)mp_tuple_items(consts)[i];
    ck_abort_msg("no nested code object");
    return NULL;
}

static int count_op(const mp_code *co, int op) {
    int n = 0;
    for (uint32_t i = 0; i < co->ncode; i++)
        n += MP_INSTR_OP(co->code[i]) == op;
    return n;
}

/* ---- running code ------------------------------------------------------------ */

START_TEST(test_arithmetic_and_flow) {
    check_result("x = 2 + 3 * 4 - 10 // 3\n", "x", "11");
    check_result("x = 2 ** 70\n", "x", "1180591620717411303424");
    check_result("x = 4611686018427387903 + 1\n", "x", "4611686018427387904");
    check_result("x = -7 // 2, -7 % 2, 7.5 / 2\n", "x", "(-4, 1, 3.75)");
    check_result("s = 0\nfor i in range(10):\n    if i % 2: continue\n    s += i\n", "s", "20");
    check_result("i = 0\nwhile True:\n    i += 1\n    if i > 4: break\nelse:\n    i = -1\n", "i",
                 "5");
    check_result("r = []\nfor i in []:\n    pass\nelse:\n    r.append('else')\n", "r", "['else']");
    check_result("x = 1 < 2 < 3, 3 < 2 < 1, 1 < 3 > 2\n", "x", "(True, False, True)");
    check_result("x = 0 or '' or [] or 'last'\ny = 1 and 2 and 0\n", "x", "'last'");
    check_result("x = 'yes' if 3 > 2 else 'no'\n", "x", "'yes'");
}
END_TEST

START_TEST(test_assignment_forms) {
    check_result("a, (b, *c), d = 1, (2, 3, 4), 5\nx = (a, b, c, d)\n", "x", "(1, 2, [3, 4], 5)");
    check_result("a = b = [0]\na.append(1)\nx = b\n", "x", "[0, 1]");
    check_result("calls = []\ndef k():\n    calls.append(1)\n    return 0\nl = [5]\nl[k()] += 1\n"
                 "x = (l, len(calls))\n",
                 "x", "([6], 1)");
    check_result("x = [1, 2, 3, 4]\ndel x[1:3]\n", "x", "[1, 4]");
    check_result("a, b = 1, 2\na, b = b, a\nx = (a, b)\n", "x", "(2, 1)");
    check_result("x = [(y := 5), y + 1]\n", "x", "[5, 6]");
    check_result("x = [*range(2), *'ab'], {**{'a': 1}, 'b': 2}\n", "x",
                 "([0, 1, 'a', 'b'], {'a': 1, 'b': 2})");
    /* In-place string growth must not be visible through other names. */
    check_result("def f():\n    s = 'a' * 3\n    t = s\n    s += 'b'\n    s = s + 'c'\n"
                 "    return s, t\nx = f()\n",
                 "x", "('aaabc', 'aaa')");
    check_result("g = 'x' * 2\nh = g\ng += 'y'\nx = (g, h)\n", "x", "('xxy', 'xx')");
}
END_TEST

START_TEST(test_functions_and_closures) {
    check_result("def f(a, b=2, *args, c, d=4, **kw):\n    return a, b, args, c, d, kw\n"
                 "x = f(1, c=3), f(1, 2, 3, c=0, e=5)\n",
                 "x", "((1, 2, (), 3, 4, {}), (1, 2, (3,), 0, 4, {'e': 5}))");
    check_result("def mk():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n"
                 "        return n\n    return inc\ni = mk()\ni()\nx = i()\n",
                 "x", "2");
    check_result("fs = [lambda: k for k in range(3)]\nx = [f() for f in fs]\n", "x", "[2, 2, 2]");
    check_result("def f(p):\n    return lambda: p\nx = f(7)()\n", "x", "7");
    check_result("def g():\n    global G\n    G = 'set'\ng()\nx = G\n", "x", "'set'");
    check_result("def f(*a, **k):\n    return a, k\nx = f(*[1, 2], **{'z': 3})\n", "x",
                 "((1, 2), {'z': 3})");
    check_result("def f(a, /, b):\n    return a - b\nx = f(5, b=2)\n", "x", "3");
    check_result("def f():\n    '''doc'''\nx = f.__doc__, f.__name__, f.__qualname__\n", "x",
                 "('doc', 'f', 'f')");
    check_result("def o():\n    def i():\n        pass\n    return i\nx = o().__qualname__\n", "x",
                 "'o.<locals>.i'");
}
END_TEST

START_TEST(test_generators_and_comprehensions) {
    check_result("x = sum(i * i for i in range(5))\n", "x", "30");
    check_result("def g(n):\n    for i in range(n):\n        yield i\n    return 9\nx = list(g(3))\n",
                 "x", "[0, 1, 2]");
    check_result("def c():\n    t = 0\n    while True:\n        v = yield t\n        t += v\n"
                 "g = c()\nnext(g)\ng.send(2)\nx = g.send(3)\n",
                 "x", "5");
    check_result("x = [(i, j) for i in range(3) for j in range(i) if j % 2 == 0]\n", "x",
                 "[(1, 0), (2, 0)]");
    check_result("x = {k: v for k, v in zip('ab', range(2))}, {i % 2 for i in range(5)}\n", "x",
                 "({'a': 0, 'b': 1}, {0, 1})");
    check_result("y = 10\nx = [y + i for i in range(2)]\n", "x", "[10, 11]");
}
END_TEST

START_TEST(test_exceptions) {
    check_result("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    x = str(e)\n", "x",
                 "'division by zero'");
    check_result("def f():\n    try:\n        return 1\n    finally:\n        return 2\nx = f()\n",
                 "x", "2");
    check_result("r = []\nfor i in range(3):\n    try:\n        if i == 1: continue\n"
                 "        if i == 2: break\n    finally:\n        r.append(i)\nx = r\n",
                 "x", "[0, 1, 2]");
    check_result("try:\n    try:\n        raise KeyError('a')\n    except KeyError:\n"
                 "        raise ValueError('b')\nexcept ValueError as e:\n"
                 "    x = repr(e.__context__)\n",
                 "x", "\"KeyError('a')\"");
    check_result("try:\n    raise ValueError from KeyError()\nexcept ValueError as e:\n"
                 "    x = type(e.__cause__).__name__, e.__suppress_context__\n",
                 "x", "('KeyError', True)");
    check_result("e = 1\ntry:\n    raise ValueError\nexcept ValueError as e:\n    pass\n"
                 "x = 'e' in globals()\n",
                 "x", "False");
    check_raises("raise 5\n", "TypeError: exceptions must derive from BaseException");
    check_raises("assert 1 > 2, 'nope'\n", "AssertionError: nope");
    check_raises("try:\n    1/0\nexcept:\n    raise\n", "ZeroDivisionError: division by zero");
    check_raises("raise\n", "RuntimeError: No active exception to reraise");
    check_raises("try:\n    pass\nexcept 5:\n    pass\nelse:\n    1/0\n",
                 "ZeroDivisionError: division by zero");
    check_raises("try:\n    1/0\nexcept 5:\n    pass\n",
                 "TypeError: catching classes that do not inherit from BaseException is not allowed");
}
END_TEST

/* Messages as printed by python3 for the same calls. */
START_TEST(test_call_errors) {
    const char *defs = "def f(a, b): pass\ndef g(a, b=1, *, c): pass\ndef h(a, /, b): pass\n"
                       "def k(*, x, y): pass\n";
    struct {
        const char *call, *msg;
    } cases[] = {
        {"f(1)", "TypeError: f() missing 1 required positional argument: 'b'"},
        {"f()", "TypeError: f() missing 2 required positional arguments: 'a' and 'b'"},
        {"f(1, 2, 3)", "TypeError: f() takes 2 positional arguments but 3 were given"},
        {"f(1, 2, z=3)", "TypeError: f() got an unexpected keyword argument 'z'"},
        {"f(1, a=2)", "TypeError: f() got multiple values for argument 'a'"},
        {"g(1, 2, 3, c=4)", "TypeError: g() takes from 1 to 2 positional arguments but 3 "
                            "positional arguments (and 1 keyword-only argument) were given"},
        {"g(1)", "TypeError: g() missing 1 required keyword-only argument: 'c'"},
        {"h(a=1, b=2)", "TypeError: h() got some positional-only arguments passed as keyword "
                        "arguments: 'a'"},
        {"k()", "TypeError: k() missing 2 required keyword-only arguments: 'x' and 'y'"},
        {"f(*1)", "TypeError: __test__.f() argument after * must be an iterable, not int"},
        {"f(**1)", "TypeError: __test__.f() argument after ** must be a mapping, not int"},
        {"f(a=1, **{'a': 2})",
         "TypeError: __test__.f() got multiple values for keyword argument 'a'"},
        {"f(1, *1)", "TypeError: Value after * must be an iterable, not int"},
    };
    char buf[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s\n", defs, cases[i].call);
        check_raises(buf, cases[i].msg);
    }
}
END_TEST

START_TEST(test_name_errors) {
    check_raises("x = undefined_thing\n", "NameError: name 'undefined_thing' is not defined");
    check_raises("def f():\n    v = w\n    w = 1\nf()\n",
                 "UnboundLocalError: cannot access local variable 'w' where it is not associated "
                 "with a value");
    check_raises("def f():\n    def g():\n        return q\n    g()\n    q = 1\nf()\n",
                 "NameError: cannot access free variable 'q' where it is not associated with a "
                 "value in enclosing scope");
    check_raises("a, b = 1, 2, 3\n", "ValueError: too many values to unpack (expected 2)");
    check_raises("a, b, c = [1, 2]\n",
                 "ValueError: not enough values to unpack (expected 3, got 2)");
    check_raises("a, b = 1\n", "TypeError: cannot unpack non-iterable int object");
    check_raises("a, *b, c = [1]\n",
                 "ValueError: not enough values to unpack (expected at least 2, got 1)");
}
END_TEST

START_TEST(test_recursion_limit) {
    check_result("def f(n):\n    try:\n        return f(n + 1)\n    except RecursionError:\n"
                 "        return n\nx = f(1)\n",
                 "x", "999");
    check_raises("def f():\n    f()\nf()\n", "RecursionError: maximum recursion depth exceeded");
}
END_TEST

/* ---- bytecode -------------------------------------------------------------------- */

START_TEST(test_bytecode_shapes) {
    mp_obj *co = compile_ok("x = 1\ndef f(a, b):\n    return a + b\n");
    mp_code *top = (mp_code *)co;
    /* Module-level names use the cached global ops. */
    ck_assert_int_eq(count_op(top, MP_BC_STORE_GLOBAL), 2);
    ck_assert_int_eq(count_op(top, MP_BC_STORE_NAME), 0);
    mp_code *f = inner_code(co);
    ck_assert_int_eq(f->argcount, 2);
    ck_assert_int_eq(f->nlocals, 2);
    ck_assert(f->simple_args);
    /* a + b: LOAD_FAST a, LOAD_FAST b fused, then the specialised add. */
    ck_assert_int_eq(MP_INSTR_OP(f->code[0]), MP_BC_LOAD_FAST_LOAD_FAST);
    ck_assert_int_eq(MP_INSTR_OP(f->code[1]), MP_BC_LOAD_FAST);
    ck_assert_int_eq(MP_INSTR_OP(f->code[2]), MP_BC_BINARY_ADD);
    ck_assert_int_eq(MP_INSTR_ARG(f->code[2]), MP_OP_ADD);
    ck_assert_int_eq(f->stacksize, 2);
    ck_assert_int_eq(f->maxblocks, 0);
    mp_decref(co);

    co = compile_ok("def g(n):\n    try:\n        return n\n    except ValueError as e:\n"
                    "        return 0\n");
    mp_code *g = inner_code(co);
    ck_assert_int_eq(g->maxblocks, 2); /* in the handler: its cleanup and the name's */
    ck_assert_int_eq(count_op(g, MP_BC_PUSH_EXC_INFO), 1);
    mp_decref(co);

    /* Constant folding: -1 and 2 ** 10 become constants. */
    co = compile_ok("x = -1\ny = 2 ** 10\nz = (1, 2, 'a')\n");
    ck_assert_int_eq(count_op((mp_code *)co, MP_BC_UNARY_OP), 0);
    ck_assert_int_eq(count_op((mp_code *)co, MP_BC_BINARY_OP), 0);
    ck_assert_int_eq(count_op((mp_code *)co, MP_BC_BUILD_TUPLE), 0);
    mp_decref(co);

    /* Comparisons feeding a branch are fused. */
    co = compile_ok("def h(a):\n    if a < 3:\n        return 1\n");
    ck_assert_int_eq(count_op(inner_code(co), MP_BC_COMPARE_JUMP_IF_FALSE), 1);
    mp_decref(co);

    /* Method calls do not build bound methods. */
    co = compile_ok("l = []\nl.append(1)\n");
    ck_assert_int_eq(count_op((mp_code *)co, MP_BC_LOAD_METHOD), 1);
    mp_decref(co);

    /* Closures: the cell is created in the outer code, read through DEREF. */
    co = compile_ok("def o(p):\n    return lambda: p\n");
    mp_code *o = inner_code(co);
    ck_assert_int_eq(o->ncells, 1);
    ck_assert_ptr_nonnull(o->cell2arg);
    ck_assert_int_eq(o->cell2arg[0], 0);
    ck_assert(!o->simple_args);
    ck_assert_int_eq(inner_code((mp_obj *)o)->nfrees, 1);
    mp_decref(co);
}
END_TEST

START_TEST(test_locations) {
    mp_obj *co = compile_ok("x = 1\ny = (x +\n     2)\n");
    mp_code *c = (mp_code *)co;
    bool found = false;
    for (uint32_t i = 0; i < c->ncode; i++) {
        if (MP_INSTR_OP(c->code[i]) != MP_BC_BINARY_ADD)
            continue;
        const mp_codeloc *l = mp_code_loc(c, (int)i);
        ck_assert_int_eq(l->line, 2);
        ck_assert_int_eq(l->col, 5);
        ck_assert_int_eq(l->end_line, 3);
        ck_assert_int_eq(l->end_col, 6);
        found = true;
    }
    ck_assert(found);
    mp_decref(co);
}
END_TEST

/* ---- scopes ---------------------------------------------------------------------------- */

START_TEST(test_symtable_scopes) {
    const char *src = "g = 1\n"
                      "def outer(p):\n"
                      "    loc = p\n"
                      "    global g2\n"
                      "    def inner():\n"
                      "        return loc + g + len([i for i in ()])\n"
                      "    return inner\n";
    mp_arena *arena = mp_arena_new();
    mp_syntax_error err;
    mp_node *root = mp_parse(arena, src, strlen(src), "<test>", MP_PARSE_FILE, &err);
    ck_assert_ptr_nonnull(root);
    mp_symtable st;
    ck_assert_int_eq(mp_symtable_build(&st, root, arena), 0);
    mp_node *outer_def = root->v.module.body.items[1];
    mp_ste *outer = mp_symtable_scope(&st, outer_def);
    ck_assert_ptr_nonnull(outer);
    ck_assert_int_eq(mp_ste_scope_of(&st, outer, "p"), MP_SCOPE_LOCAL);
    ck_assert_int_eq(mp_ste_scope_of(&st, outer, "loc"), MP_SCOPE_CELL);
    ck_assert_int_eq(mp_ste_scope_of(&st, outer, "g2"), MP_SCOPE_GLOBAL_EXPLICIT);
    ck_assert_int_eq(mp_ste_scope_of(&st, outer, "inner"), MP_SCOPE_LOCAL);
    ck_assert_int_eq(outer->nchildren, 1);
    mp_ste *inner = outer->children[0];
    ck_assert_int_eq(mp_ste_scope_of(&st, inner, "loc"), MP_SCOPE_FREE);
    ck_assert_int_eq(mp_ste_scope_of(&st, inner, "g"), MP_SCOPE_GLOBAL_IMPLICIT);
    ck_assert_int_eq(mp_ste_scope_of(&st, inner, "len"), MP_SCOPE_GLOBAL_IMPLICIT);
    ck_assert_int_eq(inner->nchildren, 1);
    mp_ste *comp = inner->children[0];
    ck_assert(comp->comprehension);
    ck_assert_int_eq(mp_ste_scope_of(&st, comp, "i"), MP_SCOPE_LOCAL);
    ck_assert_int_eq(mp_ste_scope_of(&st, comp, ".0"), MP_SCOPE_LOCAL);
    mp_arena_free(arena);
}
END_TEST

/* ---- compile-time errors (messages and positions as python3 reports) ----------------- */

static void check_syntax_error(const char *src, const char *msg, long lineno, long offset,
                               long end_offset) {
    mp_obj *co = mp_compile(src, strlen(src), "<test>", MP_PARSE_FILE);
    ck_assert_msg(co == NULL, "compiled without error: %s", src);
    mp_obj *exc = mp_err_fetch();
    ck_assert(mp_isinstance_exact(exc, &mp_type_SyntaxError));
    mp_obj *m = mp_exc_get_attr(exc, mp_str_intern_cstr("msg"));
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(strcmp(mp_str_data(m), msg) == 0, "got '%s', want '%s'", mp_str_data(m), msg);
    mp_obj *l = mp_exc_get_attr(exc, mp_str_intern_cstr("lineno"));
    mp_obj *o = mp_exc_get_attr(exc, mp_str_intern_cstr("offset"));
    mp_obj *e = mp_exc_get_attr(exc, mp_str_intern_cstr("end_offset"));
    ck_assert_int_eq(mp_small_val(l), lineno);
    ck_assert_int_eq(mp_small_val(o), offset);
    ck_assert_int_eq(mp_small_val(e), end_offset);
    mp_decref(exc);
}

START_TEST(test_compile_errors) {
    check_syntax_error("x = 1\ndef f():\n    print(x)\n    global x\n",
                       "name 'x' is used prior to global declaration", 4, 5, 13);
    check_syntax_error("def f():\n    x = 1\n    global x\n",
                       "name 'x' is assigned to before global declaration", 3, 5, 13);
    check_syntax_error("def f(a):\n    global a\n", "name 'a' is parameter and global", 2, 5, 13);
    check_syntax_error("nonlocal x\n", "nonlocal declaration not allowed at module level", 1, 1,
                       11);
    check_syntax_error("def f():\n    nonlocal  y\n", "no binding for nonlocal 'y' found", 2, 5,
                       16);
    check_syntax_error("def f(a, a): pass\n", "duplicate argument 'a' in function definition", 1,
                       10, 11);
    check_syntax_error("for x in y:\n  pass\nbreak\n", "'break' outside loop", 3, 1, 6);
    check_syntax_error("continue\n", "'continue' not properly in loop", 1, 1, 9);
    check_syntax_error("return 1\n", "'return' outside function", 1, 1, 9);
    check_syntax_error("f(a=1, a=2)\n", "keyword argument repeated: a", 1, 8, 11);
    check_syntax_error("[x for x in y if (x:=1)]\n",
                       "assignment expression cannot rebind comprehension iteration variable 'x'",
                       1, 19, 20);
    check_syntax_error("a, *b, *c = 1\n", "multiple starred expressions in assignment", 1, 1,
                       10);
    check_syntax_error("yield 1\n", "'yield' outside function", 1, 1, 8);
}
END_TEST

/* Deep nesting is a RecursionError, not a crash. */
START_TEST(test_deep_nesting) {
    size_t n = 20000;
    char *src = malloc(n * 2 + 16), *p = src;
    p += sprintf(p, "x = 1");
    for (size_t i = 0; i < n; i++) {
        *p++ = '+';
        *p++ = '1';
    }
    strcpy(p, "\n");
    mp_obj *co = mp_compile(src, strlen(src), "<test>", MP_PARSE_FILE);
    if (co) { /* a parser may flatten the chain: then it must run */
        mp_obj *g = fresh_globals();
        mp_obj *r = mp_eval_code(co, g);
        ck_assert_ptr_nonnull(r);
        mp_decref(r);
        ck_assert_ptr_eq(mp_dict_get_cstr(g, "x"), mp_small((intptr_t)n + 1));
        mp_decref(g);
        mp_decref(co);
    } else {
        ck_assert(mp_err_matches(&mp_type_RecursionError) ||
                  mp_err_matches(&mp_type_SyntaxError));
        mp_err_clear();
    }
    free(src);
}
END_TEST

/* ---- tracebacks -------------------------------------------------------------------------- */

START_TEST(test_traceback_text) {
    const char *src = "def f(d):\n    return d['k']\ndef g():\n    try:\n        f({})\n"
                      "    except KeyError as e:\n        raise ValueError('v') from e\ng()\n";
    mp_obj *g = fresh_globals();
    ck_assert_ptr_null(mp_run_string(src, "<string>", g));
    mp_obj *exc = mp_err_fetch();
    mp_obj *text = mp_format_exception(exc);
    const char *expected = "Traceback (most recent call last):\n"
                           "  File \"<string>\", line 5, in g\n"
                           "  File \"<string>\", line 2, in f\n"
                           "KeyError: 'k'\n"
                           "\n"
                           "The above exception was the direct cause of the following exception:\n"
                           "\n"
                           "Traceback (most recent call last):\n"
                           "  File \"<string>\", line 8, in <module>\n"
                           "  File \"<string>\", line 7, in g\n"
                           "ValueError: v\n";
    ck_assert_str_eq(mp_str_data(text), expected);
    mp_decref(text);
    mp_decref(exc);
    mp_decref(g);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("compile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_arithmetic_and_flow);
    tcase_add_test(tc, test_assignment_forms);
    tcase_add_test(tc, test_functions_and_closures);
    tcase_add_test(tc, test_generators_and_comprehensions);
    tcase_add_test(tc, test_exceptions);
    tcase_add_test(tc, test_call_errors);
    tcase_add_test(tc, test_name_errors);
    tcase_add_test(tc, test_recursion_limit);
    tcase_add_test(tc, test_bytecode_shapes);
    tcase_add_test(tc, test_locations);
    tcase_add_test(tc, test_symtable_scopes);
    tcase_add_test(tc, test_compile_errors);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_traceback_text);
    suite_add_tcase(s, tc);
    return s;
}

MP_CHECK_MAIN(make_suite)
