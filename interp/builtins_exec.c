/*
 * builtins_exec.c — eval(), exec() and compile(): the builtins that drive
 * the compiler, with CPython's argument rules and messages.  Code run
 * with separate globals and locals (exec in a function, explicit locals)
 * is compiled with MP_COMPILE_NAME_OPS so module-level names go through
 * the locals mapping.
 */
#include <string.h>

#include "interp/code.h"
#include "interp/compile.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_str.h"

/* Resolves the globals/locals arguments as CPython's builtin_exec_impl. */
static int namespaces(const char *fname, mp_obj *g, mp_obj *l, mp_obj **gout, mp_obj **lout) {
    if (g == mp_None)
        g = NULL;
    if (l == mp_None)
        l = NULL;
    if (!g) {
        *gout = mp_vm_globals();
        *lout = l ? mp_newref(l) : mp_vm_locals();
        if (!*gout || !*lout) {
            mp_xdecref(*gout);
            mp_xdecref(*lout);
            return -1;
        }
        return 0;
    }
    if (!mp_dict_check(g)) {
        mp_err_format(&mp_type_TypeError,
                      strcmp(fname, "exec") == 0 ? "exec() globals must be a dict, not %T"
                                                 : "globals must be a dict",
                      g);
        return -1;
    }
    if (l && !mp_has_tflag(l, MP_TFLAG_DICT_SUBCLASS) && !mp_typeof(l)->getitem) {
        mp_err_format(&mp_type_TypeError, "locals must be a mapping");
        return -1;
    }
    *gout = mp_newref(g);
    *lout = mp_newref(l ? l : g);
    return 0;
}

static mp_obj *run(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                   mp_parse_mode mode) {
    if (mp_arg_no_kw(fname, kwnames) < 0 || mp_arg_count(fname, nargs, 1, 3) < 0)
        return NULL;
    mp_obj *g, *l;
    if (namespaces(fname, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, &g, &l) < 0)
        return NULL;
    mp_obj *src = args[0], *code = NULL;
    if (mp_code_check(src)) {
        code = mp_newref(src);
    } else if (mp_str_check(src)) {
        const char *s = mp_str_data(src);
        size_t n = mp_str_size(src);
        if (mode == MP_PARSE_EVAL)
            while (n > 0 && (*s == ' ' || *s == '\t'))
                s++, n--;
        code = mp_compile_ex(s, n, "<string>", mode, l == g ? 0 : MP_COMPILE_NAME_OPS);
    } else {
        mp_err_format(&mp_type_TypeError, "%s() arg 1 must be a string, bytes or code object",
                      fname);
    }
    mp_obj *res = code ? mp_eval_code_in(code, g, l) : NULL;
    mp_xdecref(code);
    mp_decref(g);
    mp_decref(l);
    if (res && mode == MP_PARSE_FILE) {
        mp_decref(res);
        res = mp_newref(mp_None);
    }
    return res;
}

static mp_obj *builtin_eval(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return run("eval", args, nargs, kwnames, MP_PARSE_EVAL);
}

static mp_obj *builtin_exec(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return run("exec", args, nargs, kwnames, MP_PARSE_FILE);
}

static mp_obj *builtin_compile(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    static const char *const names[] = {"source", "filename", "mode", "flags", "dont_inherit",
                                        "optimize"};
    mp_obj *a[6];
    if (mp_arg_parse("compile", args, nargs, kwnames, names, 6, 3, a) < 0)
        return NULL;
    if (!mp_str_check(a[0])) {
        mp_err_format(&mp_type_TypeError, "compile() arg 1 must be a string, bytes or AST object");
        return NULL;
    }
    if (!mp_str_check(a[1])) {
        mp_err_format(&mp_type_TypeError,
                      "compile() argument 'filename' must be str, not %T", a[1]);
        return NULL;
    }
    mp_parse_mode mode;
    if (mp_str_check(a[2]) && mp_str_eq_cstr(a[2], "exec"))
        mode = MP_PARSE_FILE;
    else if (mp_str_check(a[2]) && mp_str_eq_cstr(a[2], "eval"))
        mode = MP_PARSE_EVAL;
    else if (mp_str_check(a[2]) && mp_str_eq_cstr(a[2], "single"))
        mode = MP_PARSE_SINGLE;
    else {
        mp_err_format(&mp_type_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
        return NULL;
    }
    return mp_compile_ex(mp_str_data(a[0]), mp_str_size(a[0]), mp_str_data(a[1]), mode,
                         MP_COMPILE_NAME_OPS);
}

static const mp_method_def exec_builtins[] = {
    {"eval", builtin_eval, 0, "Evaluate the given source in the context of globals and locals."},
    {"exec", builtin_exec, 0, "Execute the given source in the context of globals and locals."},
    {"compile", builtin_compile, 0, "Compile source into a code object."},
    {NULL},
};

void mp_interp_add_builtins(mp_obj *builtins_dict) {
    for (const mp_method_def *d = exec_builtins; d->name; d++) {
        mp_obj *f = mp_cfunction_new(d, NULL);
        if (!f || mp_dict_set_cstr(builtins_dict, d->name, f) < 0)
            mp_err_clear();
        mp_xdecref(f);
    }
}
