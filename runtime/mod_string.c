/*
 * mod_string.c — the string module: its character-class constants and
 * capwords().
 */
#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"

/* capwords(s, sep=None): (sep or ' ').join(w.capitalize() for w in s.split(sep)) */
static mp_obj *string_capwords(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    static const char *const names[] = {"s", "sep"};
    mp_obj *v[2];
    if (mp_arg_parse("capwords", args, nargs, kw, names, 2, 1, v) < 0)
        return NULL;
    mp_obj *sep = v[1] ? v[1] : mp_None;
    mp_obj *words = mp_call_method(v[0], "split", &sep, 1);
    if (!words)
        return NULL;
    if (!mp_list_check(words)) {
        mp_decref(words);
        mp_err_format(&mp_type_TypeError, "split() did not return a list");
        return NULL;
    }
    for (size_t i = 0; i < mp_list_size(words); i++) {
        mp_obj *c = mp_call_method(mp_list_items(words)[i], "capitalize", NULL, 0);
        if (!c) {
            mp_decref(words);
            return NULL;
        }
        mp_setref(&mp_list_items(words)[i], c);
    }
    int t = mp_truthy(sep);
    mp_obj *joiner = t > 0 ? mp_newref(sep) : t == 0 ? mp_str_from_cstr(" ") : NULL;
    mp_obj *r = joiner ? mp_call_method(joiner, "join", &words, 1) : NULL;
    mp_xdecref(joiner);
    mp_decref(words);
    return r;
}

static const mp_method_def string_functions[] = {
    {"capwords", string_capwords, 0, NULL},
    {NULL},
};

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"
#define PUNCT "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
#define WHITE " \t\n\r\x0b\x0c"

static const char *const constants[][2] = {
    {"ascii_lowercase", LOWER},
    {"ascii_uppercase", UPPER},
    {"ascii_letters", LOWER UPPER},
    {"digits", DIGITS},
    {"hexdigits", DIGITS "abcdefABCDEF"},
    {"octdigits", "01234567"},
    {"punctuation", PUNCT},
    {"whitespace", WHITE},
    {"printable", DIGITS LOWER UPPER PUNCT WHITE},
};

mp_obj *mp_string_module_create(void) {
    mp_obj *m = mp_module_new("string");
    if (!m)
        return NULL;
    int rc = mp_module_add_functions(m, string_functions);
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        rc |= mp_module_add_obj(m, constants[i][0], mp_str_intern_cstr(constants[i][1]));
    if (rc) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
