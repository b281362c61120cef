/*
 * builtins.c — the `builtins` module: the built-in functions (print, len,
 * min/max, sum, sorted, getattr, ...), the built-in types and exception
 * classes, and the constants.  Argument handling and error messages follow
 * CPython 3.11's bltinmodule.c; the lazy iterator types (enumerate, zip,
 * map, filter, reversed) live in builtins_iter.c.
 */
#include <limits.h>
#include <string.h>

#include "interp/vm.h"
#include "runtime/core.h"
#include "runtime/errors.h"
#include "runtime/obj_bytes.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define BUILTIN(name)                                                                              \
    static mp_obj *builtin_##name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames)

/* Positional-only min..max: "divmod expected 2 arguments, got 1", and
 * for METH_O functions "len() takes exactly one argument (0 given)". */
static inline bool pos_args(const char *fname, size_t nargs, mp_obj *kwnames, size_t min,
                            size_t max) {
    if (!kwnames && nargs >= min && nargs <= max)
        return true;
    return mp_arg_no_kw(fname, kwnames) == 0 && mp_arg_count(fname, nargs, min, max) == 0;
}

static inline bool one_arg(const char *fname, size_t nargs, mp_obj *kwnames) {
    return pos_args(fname, nargs, kwnames, 1, 1);
}

static mp_obj *bool_or_null(int r) { return r < 0 ? NULL : mp_bool_from(r); }

/* ---- printing and input ------------------------------------------------------ */

static bool str_or_none(mp_obj **v, const char *what) {
    if (!*v || *v == mp_None) {
        *v = NULL;
        return true;
    }
    if (mp_str_check(*v))
        return true;
    mp_err_format(&mp_type_TypeError, "%s must be None or a string, not %s", what,
                  mp_type_name(*v));
    return false;
}

/* Decimal text of a small int into the end of buf; returns its start. */
static char *small_int_text(intptr_t v, char *end) {
    uintptr_t u = v < 0 ? (uintptr_t)0 - (uintptr_t)v : (uintptr_t)v;
    do
        *--end = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--end = '-';
    return end;
}

static int write_obj(mp_obj *file, mp_obj *o) {
    if (mp_isinstance_exact(o, &mp_type_str))
        return mp_stream_write_str(file, o);
    if (mp_is_small(o)) { /* print(i): no str object needed */
        char buf[24], *end = buf + sizeof buf;
        char *p = small_int_text(mp_small_val(o), end);
        return mp_stream_write_utf8(file, p, (size_t)(end - p));
    }
    mp_obj *s = mp_str(o);
    if (!s)
        return -1;
    int r = mp_stream_write_str(file, s);
    mp_decref(s);
    return r;
}

BUILTIN(print) {
    static const char *const names[] = {"sep", "end", "file", "flush"};
    mp_obj *opt[4] = {NULL, NULL, NULL, NULL};
    for (size_t k = 0; kwnames && k < mp_tuple_size(kwnames); k++) {
        mp_obj *kw = mp_tuple_items(kwnames)[k];
        int i = 0;
        while (i < 4 && !mp_str_eq_cstr(kw, names[i]))
            i++;
        if (i == 4) {
            mp_err_format(&mp_type_TypeError, "'%U' is an invalid keyword argument for print()",
                          kw);
            return NULL;
        }
        opt[i] = args[nargs + k];
    }
    mp_obj *sep = opt[0], *end = opt[1], *file = opt[2], *flush = opt[3];
    if (!str_or_none(&sep, "sep") || !str_or_none(&end, "end"))
        return NULL;
    if (!file || file == mp_None) {
        file = mp_sys_get_obj(MP_NAME(stdout_));
        if (!file || file == mp_None)
            return mp_None;
    }
    for (size_t i = 0; i < nargs; i++) {
        if (i > 0 &&
            (sep ? mp_stream_write_str(file, sep) : mp_stream_write_utf8(file, " ", 1)) < 0)
            return NULL;
        if (write_obj(file, args[i]) < 0)
            return NULL;
    }
    if ((end ? mp_stream_write_str(file, end) : mp_stream_write_utf8(file, "\n", 1)) < 0)
        return NULL;
    if (flush) {
        int t = mp_truthy(flush);
        if (t < 0)
            return NULL;
        if (t) {
            mp_obj *r = mp_call_method_obj(file, MP_NAME(flush), NULL, 0, NULL);
            if (!r)
                return NULL;
            mp_decref(r);
        }
    }
    return mp_None;
}

/* Calls file.name() ignoring the result. */
static int call_void(mp_obj *file, mp_obj *name, mp_obj *arg) {
    mp_obj *r = mp_call_method_obj(file, name, arg ? &arg : NULL, arg ? 1 : 0, NULL);
    if (!r)
        return -1;
    mp_decref(r);
    return 0;
}

static mp_obj *sys_stream_or_error(const char *name) {
    mp_obj *f = mp_sys_get(name);
    if (!f || f == mp_None) {
        mp_err_format(&mp_type_RuntimeError, "input(): lost sys.%s", name);
        return NULL;
    }
    return f;
}

BUILTIN(input) {
    if (!pos_args("input", nargs, kwnames, 0, 1))
        return NULL;
    mp_obj *fin = sys_stream_or_error("stdin"), *fout = fin ? sys_stream_or_error("stdout") : NULL;
    if (!fout)
        return NULL;
    mp_obj *ferr = mp_sys_get("stderr");
    if (ferr && ferr != mp_None && call_void(ferr, MP_NAME(flush), NULL) < 0)
        mp_err_clear();
    if (nargs && args[0] != mp_None) {
        mp_obj *prompt = mp_str(args[0]);
        int r = prompt ? mp_stream_write_str(fout, prompt) : -1;
        mp_xdecref(prompt);
        if (r < 0)
            return NULL;
    }
    if (call_void(fout, MP_NAME(flush), NULL) < 0)
        return NULL;
    mp_obj *line = mp_call_method_obj(fin, MP_NAME(readline), NULL, 0, NULL);
    if (!line)
        return NULL;
    if (!mp_str_check(line)) {
        mp_err_format(&mp_type_TypeError, "object.readline() returned non-string");
        mp_decref(line);
        return NULL;
    }
    size_t n = mp_str_size(line);
    if (n == 0) {
        mp_decref(line);
        mp_err_format(&mp_type_EOFError, "EOF when reading a line");
        return NULL;
    }
    if (mp_str_data(line)[n - 1] != '\n')
        return line;
    mp_obj *r = mp_str_new(mp_str_data(line), n - 1);
    mp_decref(line);
    return r;
}

/* ---- object protocol wrappers ---------------------------------------------- */

BUILTIN(len) {
    if (!one_arg("len", nargs, kwnames))
        return NULL;
    mp_ssize_t n = mp_len(args[0]);
    return n < 0 ? NULL : mp_int_from_i64(n);
}

BUILTIN(repr) { return one_arg("repr", nargs, kwnames) ? mp_repr(args[0]) : NULL; }
BUILTIN(ascii) { return one_arg("ascii", nargs, kwnames) ? mp_ascii(args[0]) : NULL; }
BUILTIN(abs) { return one_arg("abs", nargs, kwnames) ? mp_unary(args[0], MP_UOP_ABS) : NULL; }

BUILTIN(callable) {
    return one_arg("callable", nargs, kwnames) ? mp_bool_from(mp_callable(args[0])) : NULL;
}

BUILTIN(hash) {
    if (!one_arg("hash", nargs, kwnames))
        return NULL;
    mp_hash_t h = mp_hash(args[0]);
    return h == -1 ? NULL : mp_int_from_i64(h);
}

/* id(): the address; a tagged int's odd bit pattern is unique too. */
BUILTIN(id) { return one_arg("id", nargs, kwnames) ? mp_int_from_u64((uintptr_t)args[0]) : NULL; }

BUILTIN(format) {
    static const char *const names[] = {"/value", "/format_spec"};
    mp_obj *a[2];
    if (mp_arg_parse("format", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    if (a[1] && !mp_str_check(a[1])) {
        mp_err_format(&mp_type_TypeError, "format() argument 2 must be str, not %s",
                      mp_type_name(a[1]));
        return NULL;
    }
    return mp_format(a[0], a[1]);
}

BUILTIN(isinstance) {
    if (!pos_args("isinstance", nargs, kwnames, 2, 2))
        return NULL;
    return bool_or_null(mp_isinstance(args[0], args[1]));
}

BUILTIN(issubclass) {
    if (!pos_args("issubclass", nargs, kwnames, 2, 2))
        return NULL;
    return bool_or_null(mp_issubclass(args[0], args[1]));
}

/* ---- attributes ------------------------------------------------------------ */

static bool attr_name_ok(mp_obj *name) {
    if (mp_str_check(name))
        return true;
    mp_err_format(&mp_type_TypeError, "attribute name must be string, not '%s'",
                  mp_type_name(name));
    return false;
}

BUILTIN(getattr) {
    if (!pos_args("getattr", nargs, kwnames, 2, 3) || !attr_name_ok(args[1]))
        return NULL;
    if (nargs == 2)
        return mp_getattr(args[0], args[1]);
    mp_obj *v = mp_getattr_opt(args[0], args[1]);
    if (v || mp_err_occurred())
        return v;
    return mp_newref(args[2]);
}

BUILTIN(hasattr) {
    if (!pos_args("hasattr", nargs, kwnames, 2, 2) || !attr_name_ok(args[1]))
        return NULL;
    mp_obj *v = mp_getattr_opt(args[0], args[1]);
    if (!v)
        return mp_err_occurred() ? NULL : mp_False;
    mp_decref(v);
    return mp_True;
}

BUILTIN(setattr) {
    if (!pos_args("setattr", nargs, kwnames, 3, 3) || !attr_name_ok(args[1]))
        return NULL;
    return mp_setattr(args[0], args[1], args[2]) < 0 ? NULL : mp_None;
}

BUILTIN(delattr) {
    if (!pos_args("delattr", nargs, kwnames, 2, 2) || !attr_name_ok(args[1]))
        return NULL;
    return mp_setattr(args[0], args[1], NULL) < 0 ? NULL : mp_None;
}

BUILTIN(vars) {
    if (!pos_args("vars", nargs, kwnames, 0, 1))
        return NULL;
    if (nargs == 0)
        return mp_vm_locals();
    mp_obj *d = mp_getattr_opt(args[0], MP_NAME(dict));
    if (!d && !mp_err_occurred())
        mp_err_format(&mp_type_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

static mp_obj *sorted_list(mp_obj *iterable) {
    mp_obj *l = mp_list_from_iter(iterable);
    if (l && mp_list_sort(l, NULL, false) < 0) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

BUILTIN(dir) {
    if (!pos_args("dir", nargs, kwnames, 0, 1))
        return NULL;
    mp_obj *names;
    if (nargs == 0) {
        mp_obj *locals = mp_vm_locals();
        if (!locals)
            return NULL;
        names = mp_dict_keys_list(locals);
        mp_decref(locals);
    } else {
        names = mp_call_special(args[0], MP_NAME(dir), NULL, 0);
        if (!names && !mp_err_occurred())
            mp_err_format(&mp_type_TypeError, "object does not provide __dir__");
    }
    if (!names)
        return NULL;
    mp_obj *r = sorted_list(names);
    mp_decref(names);
    return r;
}

BUILTIN(globals) { return pos_args("globals", nargs, kwnames, 0, 0) ? mp_vm_globals() : NULL; }
BUILTIN(locals) { return pos_args("locals", nargs, kwnames, 0, 0) ? mp_vm_locals() : NULL; }

/* ---- iteration ------------------------------------------------------------- */

BUILTIN(iter) {
    if (!pos_args("iter", nargs, kwnames, 1, 2))
        return NULL;
    if (nargs == 1)
        return mp_iter(args[0]);
    if (!mp_callable(args[0])) {
        mp_err_format(&mp_type_TypeError, "iter(v, w): v must be callable");
        return NULL;
    }
    return mp_calliter_new(args[0], args[1]);
}

BUILTIN(next) {
    if (!pos_args("next", nargs, kwnames, 1, 2))
        return NULL;
    mp_type *t = mp_typeof(args[0]);
    if (!t->iternext) {
        mp_err_format(&mp_type_TypeError, "'%s' object is not an iterator", t->name);
        return NULL;
    }
    mp_obj *r = t->iternext(args[0]);
    if (r)
        return r;
    if (nargs == 2) {
        if (mp_err_occurred()) {
            if (!mp_err_matches(&mp_type_StopIteration))
                return NULL;
            mp_err_clear();
        }
        return mp_newref(args[1]);
    }
    if (!mp_err_occurred())
        mp_err_set(&mp_type_StopIteration, NULL);
    return NULL;
}

/* any()/all(): the first item whose truth is `stop` decides. */
static mp_obj *any_all(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                       int stop) {
    if (!one_arg(fname, nargs, kwnames))
        return NULL;
    mp_obj *it = mp_iter(args[0]);
    if (!it)
        return NULL;
    mp_obj *item;
    int found = 0;
    while (!found && (item = mp_iternext(it))) {
        int t = mp_truthy(item);
        mp_decref(item);
        if (t < 0) {
            mp_decref(it);
            return NULL;
        }
        found = t == stop;
    }
    mp_decref(it);
    if (mp_err_occurred())
        return NULL;
    return mp_bool_from(found ? stop : !stop);
}

BUILTIN(any) { return any_all("any", args, nargs, kwnames, 1); }
BUILTIN(all) { return any_all("all", args, nargs, kwnames, 0); }

BUILTIN(sorted) {
    if (nargs != 1) { /* _PyArg_CheckPositional's wording, not METH_O's */
        mp_err_format(&mp_type_TypeError, "sorted expected 1 argument, got %zu", nargs);
        return NULL;
    }
    mp_obj *l = mp_list_from_iter(args[0]);
    if (!l)
        return NULL;
    static const char *const names[] = {"$key", "$reverse"};
    mp_obj *a[2];
    int rev = 0;
    if (mp_arg_parse("sort", args + 1, 0, kwnames, names, 2, 0, a) < 0)
        goto fail;
    if (a[1]) {
        mp_obj *i = mp_number_index(a[1]);
        rev = i ? mp_truthy(i) : -1;
        mp_xdecref(i);
        if (rev < 0)
            goto fail;
    }
    if (mp_list_sort(l, a[0], rev) < 0)
        goto fail;
    return l;
fail:
    mp_decref(l);
    return NULL;
}

/* One candidate of min()/max() (`item` is a new reference, consumed):
 * replaces *best when its key compares `op` to the best key so far, so
 * ties keep the first item, as in CPython.  -1 on error. */
static int min_max_step(mp_obj *item, mp_obj *key, int op, mp_obj **best, mp_obj **best_key) {
    mp_obj *k = key ? mp_call1(key, item) : mp_newref(item);
    if (!k) {
        mp_decref(item);
        return -1;
    }
    int better = *best ? mp_richcompare_bool(k, *best_key, op) : 1;
    if (better > 0) {
        mp_setref(best, item);
        mp_setref(best_key, k);
        return 0;
    }
    mp_decref(item);
    mp_decref(k);
    return better;
}

/* min() and max(): op is MP_LT for min, MP_GT for max. */
static mp_obj *min_max(mp_obj *const *args, size_t nargs, mp_obj *kwnames, int op) {
    const char *name = op == MP_LT ? "min" : "max";
    if (nargs == 0) {
        mp_err_format(&mp_type_TypeError, "%s expected at least 1 argument, got 0", name);
        return NULL;
    }
    mp_obj *kw[2] = {NULL, NULL};
    static const char *const names[] = {"$key", "$default"};
    if (kwnames && mp_arg_parse(name, args + nargs, 0, kwnames, names, 2, 0, kw) < 0)
        return NULL;
    mp_obj *key = kw[0] == mp_None ? NULL : kw[0], *dflt = kw[1];
    if (nargs > 1 && dflt) {
        mp_err_format(&mp_type_TypeError,
                      "Cannot specify a default for %s() with multiple positional arguments", name);
        return NULL;
    }
    mp_obj *best = NULL, *best_key = NULL;
    int rc = 0;
    if (nargs > 1) {
        for (size_t i = 0; i < nargs && rc == 0; i++)
            rc = min_max_step(mp_newref(args[i]), key, op, &best, &best_key);
    } else {
        mp_obj *it = mp_iter(args[0]), *item;
        if (!it)
            return NULL;
        while (rc == 0 && (item = mp_iternext(it)))
            rc = min_max_step(item, key, op, &best, &best_key);
        mp_decref(it);
        if (mp_err_occurred())
            rc = -1;
    }
    mp_xdecref(best_key);
    if (rc < 0) {
        mp_xdecref(best);
        return NULL;
    }
    if (best)
        return best;
    if (dflt)
        return mp_newref(dflt);
    mp_err_format(&mp_type_ValueError, "%s() arg is an empty sequence", name);
    return NULL;
}

BUILTIN(min) { return min_max(args, nargs, kwnames, MP_LT); }
BUILTIN(max) { return min_max(args, nargs, kwnames, MP_GT); }

/* sum(): CPython's fast paths are part of the observable semantics (the
 * order float additions happen in), so they are mirrored exactly: a C
 * integer accumulator while items are exact ints, then a C double while
 * they are floats (or ints that fit), then generic addition. */
/* Each phase returns true when the iterator is exhausted (*result is the
 * sum, or NULL on error) and false when an item needs the next phase
 * (*result already includes it, or is NULL on error). */
static bool sum_ints(mp_obj *it, mp_obj **result) {
    int64_t acc;
    if (mp_int_as_i64(*result, &acc) < 0) {
        mp_err_clear();
        return false;
    }
    for (;;) {
        mp_obj *item = mp_iternext(it);
        if (!item) {
            mp_decref(*result);
            *result = mp_err_occurred() ? NULL : mp_int_from_i64(acc);
            return true;
        }
        int64_t b, sum;
        if ((mp_isinstance_exact(item, &mp_type_int) || mp_isinstance_exact(item, &mp_type_bool)) &&
            mp_int_as_i64(item, &b) == 0 && !__builtin_add_overflow(acc, b, &sum)) {
            acc = sum;
            mp_decref(item);
            continue;
        }
        mp_err_clear(); /* an OverflowError from mp_int_as_i64 */
        mp_obj *r = mp_int_from_i64(acc);
        mp_setref(result, r ? mp_binop(r, item, MP_OP_ADD) : NULL);
        mp_xdecref(r);
        mp_decref(item);
        return false;
    }
}

static bool sum_floats(mp_obj *it, mp_obj **result) {
    double acc = mp_float_val(*result);
    for (;;) {
        mp_obj *item = mp_iternext(it);
        if (!item) {
            mp_decref(*result);
            *result = mp_err_occurred() ? NULL : mp_float_new(acc);
            return true;
        }
        int64_t v;
        if (mp_float_check(item)) {
            acc += mp_float_val(item);
            mp_decref(item);
            continue;
        }
        if (mp_int_check(item)) {
            if (mp_int_as_i64(item, &v) == 0) {
                acc += (double)v;
                mp_decref(item);
                continue;
            }
            mp_err_clear();
        }
        mp_obj *r = mp_float_new(acc);
        mp_setref(result, mp_binop(r, item, MP_OP_ADD));
        mp_decref(r);
        mp_decref(item);
        return false;
    }
}

BUILTIN(sum) {
    static const char *const names[] = {"/iterable", "start"};
    mp_obj *a[2];
    if (mp_arg_parse("sum", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    mp_obj *result = a[1] ? a[1] : mp_small(0);
    if (mp_str_check(result)) {
        mp_err_format(&mp_type_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
        return NULL;
    }
    mp_obj *it = mp_iter(a[0]);
    if (!it)
        return NULL;
    mp_incref(result);
    if (mp_isinstance_exact(result, &mp_type_int) && sum_ints(it, &result))
        goto done;
    if (result && mp_float_check(result) && sum_floats(it, &result))
        goto done;
    while (result) {
        mp_obj *item = mp_iternext(it);
        if (!item) {
            if (mp_err_occurred())
                mp_setref(&result, NULL);
            break;
        }
        mp_setref(&result, mp_binop(result, item, MP_OP_ADD));
        mp_decref(item);
    }
done:
    mp_decref(it);
    return result;
}

/* ---- numbers ------------------------------------------------------------------ */

static mp_obj *to_base(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kwnames,
                       int base) {
    if (!one_arg(fname, nargs, kwnames))
        return NULL;
    mp_obj *i = mp_number_index(args[0]);
    if (!i)
        return NULL;
    mp_obj *r = mp_int_to_base(i, base);
    mp_decref(i);
    return r;
}

BUILTIN(bin) { return to_base("bin", args, nargs, kwnames, 2); }
BUILTIN(oct) { return to_base("oct", args, nargs, kwnames, 8); }
BUILTIN(hex) { return to_base("hex", args, nargs, kwnames, 16); }

BUILTIN(ord) {
    if (!one_arg("ord", nargs, kwnames))
        return NULL;
    mp_obj *c = args[0];
    if (!mp_str_check(c)) {
        mp_err_format(&mp_type_TypeError, "ord() expected string of length 1, but %s found",
                      mp_type_name(c));
        return NULL;
    }
    if (mp_str_len(c) != 1) {
        mp_err_format(&mp_type_TypeError,
                      "ord() expected a character, but string of length %zu found", mp_str_len(c));
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)mp_str_data(c);
    return mp_small(mp_utf8_decode(&p));
}

BUILTIN(chr) {
    if (!one_arg("chr", nargs, kwnames))
        return NULL;
    mp_obj *i = mp_number_index(args[0]);
    if (!i)
        return NULL;
    int64_t v;
    int rc = mp_int_as_i64(i, &v);
    mp_decref(i);
    if (rc < 0 || v > INT_MAX || v < INT_MIN) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    if (v < 0 || v > 0x10FFFF) {
        mp_err_format(&mp_type_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    mp_sb sb;
    mp_sb_init(&sb, 4);
    mp_sb_add_codepoint(&sb, (uint32_t)v);
    return mp_sb_finish(&sb);
}

BUILTIN(divmod) {
    if (!pos_args("divmod", nargs, kwnames, 2, 2))
        return NULL;
    mp_obj *a = args[0], *b = args[1];
    mp_obj *r = mp_number_divmod(a, b);
    if (r != mp_NotImplemented)
        return r;
    /* Other types: a.__divmod__(b), then b.__rdivmod__(a). */
    r = mp_call_special(a, mp_str_intern_cstr("__divmod__"), &b, 1);
    if (!r && !mp_err_occurred())
        r = mp_NotImplemented;
    if (r == mp_NotImplemented && mp_typeof(a) != mp_typeof(b)) {
        r = mp_call_special(b, mp_str_intern_cstr("__rdivmod__"), &a, 1);
        if (!r && !mp_err_occurred())
            r = mp_NotImplemented;
    }
    if (r != mp_NotImplemented)
        return r;
    mp_err_format(&mp_type_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                  mp_type_name(a), mp_type_name(b));
    return NULL;
}

BUILTIN(pow) {
    static const char *const names[] = {"base", "exp", "mod"};
    mp_obj *a[3];
    if (mp_arg_parse("pow", args, nargs, kwnames, names, 3, 2, a) < 0)
        return NULL;
    if (!a[2] || a[2] == mp_None)
        return mp_binop(a[0], a[1], MP_OP_POW);
    bool ints = true, numbers = true;
    for (int i = 0; i < 3; i++) {
        ints = ints && mp_int_check(a[i]);
        numbers = numbers && (mp_int_check(a[i]) || mp_float_check_any(a[i]));
    }
    if (ints)
        return mp_int_pow_mod(a[0], a[1], a[2]);
    if (numbers)
        mp_err_format(&mp_type_TypeError,
                      "pow() 3rd argument not allowed unless all arguments are integers");
    else
        mp_err_format(&mp_type_TypeError,
                      "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                      mp_type_name(a[0]), mp_type_name(a[1]), mp_type_name(a[2]));
    return NULL;
}

BUILTIN(round) {
    static const char *const names[] = {"number", "ndigits"};
    mp_obj *a[2];
    if (mp_arg_parse("round", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    return mp_number_round(a[0], a[1]);
}

BUILTIN(__import__) {
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level"};
    mp_obj *a[5];
    if (mp_arg_parse("__import__", args, nargs, kwnames, names, 5, 1, a) < 0)
        return NULL;
    mp_ssize_t level = a[4] ? mp_index_ssize(a[4]) : 0;
    if (level == -1 && mp_err_occurred())
        return NULL;
    mp_obj *globals = a[1] && mp_dict_check(a[1]) ? a[1] : NULL;
    return mp_import(a[0], globals, a[3], (int)level);
}

/* exit() / quit(): like the site module's Quitter objects. */
BUILTIN(exit) {
    if (!pos_args("exit", nargs, kwnames, 0, 1))
        return NULL;
    mp_err_set(&mp_type_SystemExit, nargs ? args[0] : mp_None);
    return NULL;
}

static const mp_method_def builtin_functions[] = {
    {"__import__", builtin___import__, 0, "Import a module."},
    {"abs", builtin_abs, 0, "Return the absolute value of the argument."},
    {"all", builtin_all, 0, "Return True if bool(x) is True for all values x in the iterable."},
    {"any", builtin_any, 0, "Return True if bool(x) is True for any x in the iterable."},
    {"ascii", builtin_ascii, 0, "Return an ASCII-only representation of an object."},
    {"bin", builtin_bin, 0, "Return the binary representation of an integer."},
    {"callable", builtin_callable, 0, "Return whether the object is callable."},
    {"chr", builtin_chr, 0, "Return a Unicode string of one character with ordinal i."},
    {"delattr", builtin_delattr, 0, "Deletes the named attribute from the given object."},
    {"dir", builtin_dir, 0, "Show attributes of an object."},
    {"divmod", builtin_divmod, 0, "Return the tuple (x//y, x%y)."},
    {"exit", builtin_exit, 0, NULL},
    {"format", builtin_format, 0, "Return value.__format__(format_spec)."},
    {"getattr", builtin_getattr, 0, "Get a named attribute from an object."},
    {"globals", builtin_globals, 0,
     "Return the dictionary containing the current scope's global variables."},
    {"hasattr", builtin_hasattr, 0,
     "Return whether the object has an attribute with the given name."},
    {"hash", builtin_hash, 0, "Return the hash value for the given object."},
    {"hex", builtin_hex, 0, "Return the hexadecimal representation of an integer."},
    {"id", builtin_id, 0, "Return the identity of an object."},
    {"input", builtin_input, 0, "Read a string from standard input."},
    {"isinstance", builtin_isinstance, 0,
     "Return whether an object is an instance of a class or of a subclass thereof."},
    {"issubclass", builtin_issubclass, 0,
     "Return whether 'cls' is derived from another class or is the same class."},
    {"iter", builtin_iter, 0, "Get an iterator from an object."},
    {"len", builtin_len, 0, "Return the number of items in a container."},
    {"locals", builtin_locals, 0,
     "Return a dictionary containing the current scope's local variables."},
    {"max", builtin_max, 0, "With a single iterable argument, return its biggest item."},
    {"min", builtin_min, 0, "With a single iterable argument, return its smallest item."},
    {"next", builtin_next, 0, "Return the next item from the iterator."},
    {"oct", builtin_oct, 0, "Return the octal representation of an integer."},
    {"open", mp_file_open, 0, "Open file and return a stream."},
    {"ord", builtin_ord, 0, "Return the Unicode code point for a one-character string."},
    {"pow", builtin_pow, 0,
     "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments"},
    {"print", builtin_print, 0, "Prints the values to a stream, or to sys.stdout by default."},
    {"quit", builtin_exit, 0, NULL},
    {"repr", builtin_repr, 0, "Return the canonical string representation of the object."},
    {"round", builtin_round, 0, "Round a number to a given precision in decimal digits."},
    {"setattr", builtin_setattr, 0,
     "Sets the named attribute on the given object to the specified value."},
    {"sorted", builtin_sorted, 0,
     "Return a new list containing all items from the iterable in ascending order."},
    {"sum", builtin_sum, 0,
     "Return the sum of a 'start' value (default: 0) plus an iterable of numbers"},
    {"vars", builtin_vars, 0, "Show vars."},
    {NULL},
};

mp_obj *mp_builtins_module_create(void) {
    mp_obj *m = mp_module_new("builtins");
    if (!m)
        return NULL;
    mp_rc_make_immortal(m);
    mp_builtins_dict = mp_module_dict(m);
    mp_obj *doc = mp_str_from_cstr("Built-in functions, exceptions, and other objects.");
    int r = mp_module_add_functions(m, builtin_functions) | mp_module_add_obj(m, "__doc__", doc);
    mp_decref(doc);
    static const struct {
        const char *name;
        mp_obj *value;
    } objs[] = {
        {"None", mp_None},
        {"Ellipsis", mp_Ellipsis},
        {"NotImplemented", mp_NotImplemented},
        {"True", mp_True},
        {"False", mp_False},
        {"__debug__", mp_True},
        {"bool", (mp_obj *)&mp_type_bool},
        {"bytearray", (mp_obj *)&mp_type_bytearray},
        {"bytes", (mp_obj *)&mp_type_bytes},
        {"dict", (mp_obj *)&mp_type_dict},
        {"enumerate", (mp_obj *)&mp_type_enumerate},
        {"filter", (mp_obj *)&mp_type_filter},
        {"float", (mp_obj *)&mp_type_float},
        {"frozenset", (mp_obj *)&mp_type_frozenset},
        {"int", (mp_obj *)&mp_type_int},
        {"list", (mp_obj *)&mp_type_list},
        {"map", (mp_obj *)&mp_type_map},
        {"object", (mp_obj *)&mp_type_object},
        {"range", (mp_obj *)&mp_type_range},
        {"reversed", (mp_obj *)&mp_type_reversed},
        {"set", (mp_obj *)&mp_type_set},
        {"slice", (mp_obj *)&mp_type_slice},
        {"str", (mp_obj *)&mp_type_str},
        {"tuple", (mp_obj *)&mp_type_tuple},
        {"type", (mp_obj *)&mp_type_type},
        {"zip", (mp_obj *)&mp_type_zip},
        {"EnvironmentError", (mp_obj *)&mp_type_OSError},
        {"IOError", (mp_obj *)&mp_type_OSError},
    };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        r |= mp_module_add_obj(m, objs[i].name, objs[i].value);
#define ADD_EXC(exc, base) r |= mp_module_add_obj(m, #exc, (mp_obj *)&mp_type_##exc);
    MP_EXC_TYPES(ADD_EXC)
#undef ADD_EXC
    return r ? NULL : m;
}
