/*
 * frame.c — frame allocation and argument binding.
 *
 * Frames come from a per-thread "data stack": big chunks carved up with a
 * bump pointer and given back in LIFO order, so a call costs no malloc.
 * Generator frames are malloc'd instead, since they outlive their call.
 * mp_frame_bind implements CPython's parameter binding (positional,
 * keyword, *args, **kwargs, positional-only, keyword-only, defaults) with
 * its exact TypeError messages.
 */
#include <stdio.h>
#include <string.h>

#include "interp/frame.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_func.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

/* ---- the per-thread data stack ------------------------------------------ */

typedef struct ds_chunk {
    struct ds_chunk *prev;
    mp_datastack saved;   /* the previous chunk's state when this one started */
    char *end;
    char data[] __attribute__((aligned(16)));
} ds_chunk;

#define DS_CHUNK_SIZE (256 * 1024)

_Thread_local mp_datastack mp_ds;
static _Thread_local ds_chunk *ds_cur;
static _Thread_local ds_chunk *ds_spare; /* one empty chunk kept to avoid thrashing */

void *mp_ds_alloc_slow(size_t size) {
    ds_chunk *c = ds_spare;
    if (c && (size_t)(c->end - c->data) >= size) {
        ds_spare = NULL;
    } else {
        size_t bytes = size > DS_CHUNK_SIZE ? size : DS_CHUNK_SIZE;
        c = mp_mem_alloc(sizeof(ds_chunk) + bytes);
        c->end = c->data + bytes;
    }
    c->prev = ds_cur;
    c->saved = mp_ds;
    ds_cur = c;
    mp_ds.base = c->data;
    mp_ds.limit = c->end;
    mp_ds.top = c->data + size;
    return c->data;
}

/* Frees the first frame of the current chunk: back to the previous chunk. */
void mp_ds_free_slow(void *p) {
    mp_ds.top = p;
    if (!ds_cur->prev)
        return;
    ds_chunk *c = ds_cur;
    ds_cur = c->prev;
    mp_ds = c->saved;
    if (ds_spare)
        mp_mem_free(ds_spare);
    ds_spare = c;
}

/* ---- frames ----------------------------------------------------------------- */

mp_frame *mp_frame_new(mp_obj *func, bool gen) {
    mp_function *fn = (mp_function *)func;
    mp_code *co = (mp_code *)fn->code;
    mp_frame *f = gen ? mp_mem_alloc(co->framesize) : mp_ds_alloc(co->framesize);
    mp_frame_setup(f, co, func, fn->globals, fn->builtins,
                   gen ? MP_FRAME_OWNED_BY_GEN : MP_FRAME_ON_DATASTACK);
    memset(f->localsplus, 0, (size_t)mp_code_nlocalsplus(co) * sizeof(mp_obj *));
    return f;
}

void mp_frame_clear(mp_frame *f) {
    if (!f->func)
        return;
    int nlp = mp_code_nlocalsplus(f->code);
    for (int i = 0; i < nlp; i++) {
        mp_obj *v = f->localsplus[i];
        if (v) {
            f->localsplus[i] = NULL;
            mp_decref(v);
        }
    }
    while (f->sp > f->stack) {
        mp_obj *v = *--f->sp;
        if (v)
            mp_decref(v);
    }
    if (f->locals) {
        mp_obj *l = f->locals;
        f->locals = NULL;
        mp_decref(l);
    }
    mp_obj *func = f->func;
    f->func = NULL;
    mp_decref(func);
}

void mp_frame_release(mp_frame *f) {
    mp_frame_clear(f);
    if (f->owner == MP_FRAME_OWNED_BY_GEN)
        mp_mem_free(f);
    else
        mp_ds_free(f);
}


/* ---- argument binding errors (CPython's ceval.c messages) ------------------------ */

static mp_obj *qualname_of(mp_frame *f) { return ((mp_function *)f->func)->qualname; }

static void too_many_positional(mp_frame *f, size_t given) {
    mp_code *co = f->code;
    mp_function *fn = (mp_function *)f->func;
    int kwonly_given = 0;
    for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; i++)
        kwonly_given += f->localsplus[i] != NULL;
    size_t defcount = fn->defaults ? mp_tuple_size(fn->defaults) : 0;
    char sig[64], kwsig[96] = "";
    bool plural;
    if (defcount) {
        plural = true;
        snprintf(sig, sizeof sig, "from %d to %d", co->argcount - (int)defcount, co->argcount);
    } else {
        plural = co->argcount != 1;
        snprintf(sig, sizeof sig, "%d", co->argcount);
    }
    if (kwonly_given)
        snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    mp_err_format(&mp_type_TypeError, "%U() takes %s positional argument%s but %zu%s %s given",
                  qualname_of(f), sig, plural ? "s" : "", given, kwsig,
                  given == 1 && !kwonly_given ? "was" : "were");
}

static void missing_arguments(mp_frame *f, bool positional, int defcount) {
    mp_code *co = f->code;
    int start, end;
    if (positional) {
        start = 0;
        end = co->argcount - defcount;
    } else {
        start = co->argcount;
        end = start + co->kwonlyargcount;
    }
    mp_obj *names[256];
    int n = 0;
    for (int i = start; i < end && n < 256; i++)
        if (!f->localsplus[i])
            names[n++] = mp_tuple_items(co->varnames)[i];
    mp_sb sb;
    mp_sb_init(&sb, 64);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            mp_sb_add_cstr(&sb, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        if (mp_sb_add_obj(&sb, names[i], true) < 0) {
            mp_sb_free(&sb);
            return;
        }
    }
    mp_obj *list = mp_sb_finish(&sb);
    if (!list)
        return;
    mp_err_format(&mp_type_TypeError, "%U() missing %d required %s argument%s: %U", qualname_of(f),
                  n, positional ? "positional" : "keyword-only", n == 1 ? "" : "s", list);
    mp_decref(list);
}

/* True (and raises) if keywords name positional-only parameters. */
static bool posonly_as_keyword(mp_frame *f, mp_obj *kwnames) {
    mp_code *co = f->code;
    mp_sb sb;
    mp_sb_init(&sb, 32);
    int found = 0;
    for (size_t k = 0; k < mp_tuple_size(kwnames); k++) {
        mp_obj *kw = mp_tuple_items(kwnames)[k];
        for (int j = 0; j < co->posonlyargcount; j++) {
            mp_obj *name = mp_tuple_items(co->varnames)[j];
            if (kw == name || mp_str_eq(kw, name)) {
                if (found++)
                    mp_sb_add_cstr(&sb, ", ");
                mp_sb_add(&sb, mp_str_data(kw), mp_str_size(kw));
            }
        }
    }
    if (!found) {
        mp_sb_free(&sb);
        return false;
    }
    mp_obj *s = mp_sb_finish(&sb);
    if (s) {
        mp_err_format(&mp_type_TypeError,
                      "%U() got some positional-only arguments passed as keyword arguments: '%U'",
                      qualname_of(f), s);
        mp_decref(s);
    }
    return true;
}

/* ---- binding ------------------------------------------------------------------------ */

static int find_keyword(mp_code *co, mp_obj *name, int total) {
    mp_obj *const *names = mp_tuple_items(co->varnames);
    for (int j = co->posonlyargcount; j < total; j++)
        if (names[j] == name)
            return j;
    for (int j = co->posonlyargcount; j < total; j++)
        if (mp_str_eq(names[j], name))
            return j;
    return -1;
}

static int bind_keywords(mp_frame *f, mp_obj *const *kwvals, mp_obj *kwnames, mp_obj *kwdict) {
    mp_code *co = f->code;
    int total = co->argcount + co->kwonlyargcount;
    mp_obj **lp = f->localsplus;
    for (size_t k = 0; k < mp_tuple_size(kwnames); k++) {
        mp_obj *name = mp_tuple_items(kwnames)[k];
        mp_obj *value = kwvals[k];
        if (!mp_str_check(name)) {
            mp_err_format(&mp_type_TypeError, "%U() keywords must be strings", qualname_of(f));
            return -1;
        }
        int j = find_keyword(co, name, total);
        if (j < 0) {
            if (kwdict) {
                if (mp_dict_set(kwdict, name, value) < 0)
                    return -1;
                continue;
            }
            if (co->posonlyargcount && posonly_as_keyword(f, kwnames))
                return -1;
            mp_err_format(&mp_type_TypeError, "%U() got an unexpected keyword argument '%U'",
                          qualname_of(f), name);
            return -1;
        }
        if (lp[j]) {
            mp_err_format(&mp_type_TypeError, "%U() got multiple values for argument '%U'",
                          qualname_of(f), name);
            return -1;
        }
        lp[j] = mp_newref(value);
    }
    return 0;
}

static int fill_defaults(mp_frame *f, size_t nargs) {
    mp_code *co = f->code;
    mp_function *fn = (mp_function *)f->func;
    mp_obj **lp = f->localsplus;
    if ((int)nargs < co->argcount) {
        int defcount = fn->defaults ? (int)mp_tuple_size(fn->defaults) : 0;
        int m = co->argcount - defcount;
        for (int i = (int)nargs; i < m; i++)
            if (!lp[i]) {
                missing_arguments(f, true, defcount);
                return -1;
            }
        for (int i = (int)nargs > m ? (int)nargs - m : 0; i < defcount; i++)
            if (!lp[m + i])
                lp[m + i] = mp_newref(mp_tuple_items(fn->defaults)[i]);
    }
    if (co->kwonlyargcount) {
        int missing = 0;
        for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; i++) {
            if (lp[i])
                continue;
            mp_obj *def = fn->kwdefaults
                              ? mp_dict_get(fn->kwdefaults, mp_tuple_items(co->varnames)[i])
                              : NULL;
            if (def)
                lp[i] = mp_newref(def);
            else if (mp_err_occurred())
                return -1;
            else
                missing++;
        }
        if (missing) {
            missing_arguments(f, false, -1);
            return -1;
        }
    }
    return 0;
}

/* Cells for this scope's cell variables (starting from the parameter's
 * value when a parameter is captured) and the closure's free cells. */
static void init_cells(mp_frame *f) {
    mp_code *co = f->code;
    mp_obj **lp = f->localsplus;
    for (int i = 0; i < co->ncells; i++) {
        int arg = co->cell2arg ? co->cell2arg[i] : -1;
        mp_obj *init = arg >= 0 ? lp[arg] : NULL;
        lp[co->nlocals + i] = mp_cell_new(init);
        if (init) { /* the parameter now lives in its cell only */
            lp[arg] = NULL;
            mp_decref(init);
        }
    }
    mp_obj *closure = ((mp_function *)f->func)->closure;
    for (int i = 0; i < co->nfrees; i++)
        lp[co->nlocals + co->ncells + i] = mp_newref(mp_tuple_items(closure)[i]);
}

int mp_frame_bind(mp_frame *f, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    mp_code *co = f->code;
    mp_obj **lp = f->localsplus;
    const int special = MP_CO_VARARGS | MP_CO_VARKEYWORDS;
    if (!kwnames && (int)nargs == co->argcount && !(co->flags & special) &&
        co->kwonlyargcount == 0) {
        for (size_t i = 0; i < nargs; i++)
            lp[i] = mp_newref(args[i]);
    } else {
        int total = co->argcount + co->kwonlyargcount;
        mp_obj *kwdict = NULL;
        if (co->flags & MP_CO_VARKEYWORDS) {
            kwdict = mp_dict_new();
            lp[total + ((co->flags & MP_CO_VARARGS) ? 1 : 0)] = kwdict;
        }
        size_t n = nargs < (size_t)co->argcount ? nargs : (size_t)co->argcount;
        for (size_t i = 0; i < n; i++)
            lp[i] = mp_newref(args[i]);
        if (co->flags & MP_CO_VARARGS) {
            lp[total] = mp_tuple_from_array(args + n, nargs - n);
            if (!lp[total])
                return -1;
        }
        if (kwnames && bind_keywords(f, args + nargs, kwnames, kwdict) < 0)
            return -1;
        if ((int)nargs > co->argcount && !(co->flags & MP_CO_VARARGS)) {
            too_many_positional(f, nargs);
            return -1;
        }
        if (fill_defaults(f, nargs) < 0)
            return -1;
    }
    if (co->ncells || co->nfrees)
        init_cells(f);
    return 0;
}
