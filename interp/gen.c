/*
 * gen.c — generator objects.  A generator owns a heap frame; next() and
 * send() resume it through mp_eval_frame, which returns at YIELD_VALUE
 * with the frame SUSPENDED or at the end with it COMPLETED.  The
 * exception being handled inside the generator is kept across yields so
 * `raise` and implicit chaining inside it see the right one.
 */
#include "interp/gen.h"

#include "interp/traceback.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/obj_func.h"
#include "runtime/obj_int.h"
#include "runtime/mod_sys.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

mp_obj *mp_gen_new(mp_frame *f) {
    mp_gen *g = (mp_gen *)mp_obj_alloc(&mp_type_generator, sizeof(mp_gen));
    mp_function *fn = (mp_function *)f->func;
    g->frame = f;
    g->name = mp_newref(fn->name);
    g->qualname = mp_newref(fn->qualname);
    g->exc_state = NULL;
    g->running = false;
    f->gen = (mp_obj *)g;
    return (mp_obj *)g;
}

static void gen_finish(mp_gen *g) {
    if (g->frame) {
        mp_frame_release(g->frame);
        g->frame = NULL;
    }
    if (g->exc_state) {
        mp_obj *e = g->exc_state;
        g->exc_state = NULL;
        mp_decref(e);
    }
}

/* PEP 479: a StopIteration escaping the body becomes a RuntimeError. */
static void convert_stop_iteration(void) {
    if (!mp_err_matches(&mp_type_StopIteration))
        return;
    mp_obj *stop = mp_err_fetch();
    mp_err_format(&mp_type_RuntimeError, "generator raised StopIteration");
    mp_obj *exc = mp_ts()->curexc;
    if (exc && mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS)) {
        mp_exc *e = (mp_exc *)exc;
        mp_setref(&e->cause, mp_newref(stop));
        mp_setref(&e->context, stop);
        e->suppress_context = true;
    } else {
        mp_decref(stop);
    }
}

/* Runs the frame once more: pushing `value` at the yield, or raising the
 * pending exception there when `throwing`.  The caller keeps the
 * generator alive. */
static mp_obj *gen_resume(mp_gen *g, mp_obj *value, bool throwing, bool want_stop) {
    mp_frame *f = g->frame;
    if (throwing)
        f->throwing = 1;
    else if (f->state == MP_FRAME_SUSPENDED)
        *f->sp++ = mp_newref(value);

    /* Inside, the handled exception is the generator's own (if any). */
    mp_tstate *ts = mp_ts();
    mp_obj *caller_exc = ts->handled_exc;
    if (caller_exc)
        mp_incref(caller_exc);
    if (g->exc_state) {
        mp_setref(&ts->handled_exc, g->exc_state);
        g->exc_state = NULL;
    }
    g->running = true;
    mp_obj *res = mp_eval_frame(f);
    g->running = false;
    mp_obj *inner = ts->handled_exc;
    ts->handled_exc = caller_exc;
    bool suspended = f->state == MP_FRAME_SUSPENDED;
    if (suspended && inner != caller_exc)
        g->exc_state = inner;
    else
        mp_xdecref(inner);
    if (suspended)
        return res;
    gen_finish(g);
    if (!res) {
        convert_stop_iteration();
        return NULL;
    }
    if (want_stop)
        mp_err_stop_iteration(res);
    mp_decref(res);
    return NULL;
}

static bool check_running(mp_gen *g) {
    if (g->running)
        mp_err_format(&mp_type_ValueError, "generator already executing");
    return g->running;
}

mp_obj *mp_gen_send(mp_obj *self, mp_obj *value, bool want_stop) {
    mp_gen *g = (mp_gen *)self;
    if (check_running(g))
        return NULL;
    mp_frame *f = g->frame;
    if (!f || f->state == MP_FRAME_COMPLETED) {
        if (want_stop)
            mp_err_set(&mp_type_StopIteration, NULL);
        return NULL;
    }
    if (f->state == MP_FRAME_CREATED && value != mp_None) {
        mp_err_format(&mp_type_TypeError, "can't send non-None value to a just-started generator");
        return NULL;
    }
    mp_incref(self); /* the generator must outlive its own frame's run */
    mp_obj *res = gen_resume(g, value, false, want_stop);
    mp_decref(self);
    return res;
}

mp_obj *mp_gen_throw(mp_obj *self, mp_obj *exc) {
    mp_gen *g = (mp_gen *)self;
    if (check_running(g)) {
        mp_decref(exc);
        return NULL;
    }
    mp_frame *f = g->frame;
    if (!f || f->state != MP_FRAME_SUSPENDED) { /* not started or finished */
        gen_finish(g);
        mp_err_set_exc(exc);
        return NULL;
    }
    mp_err_restore(exc); /* raised inside: chaining happens there */
    mp_incref(self);
    mp_obj *res = gen_resume(g, NULL, true, true);
    mp_decref(self);
    return res;
}

/* close() without touching the reference count (also used by dealloc). */
static int gen_close_impl(mp_gen *g) {
    mp_frame *f = g->frame;
    if (!f || f->state != MP_FRAME_SUSPENDED) {
        gen_finish(g);
        return 0;
    }
    mp_obj *noargs = mp_tuple_new(0);
    mp_obj *exc = mp_exc_new(&mp_type_GeneratorExit, noargs);
    mp_decref(noargs);
    if (!exc)
        return -1;
    mp_err_restore(exc);
    mp_obj *res = gen_resume(g, NULL, true, false);
    if (res) {
        mp_decref(res);
        mp_err_format(&mp_type_RuntimeError, "generator ignored GeneratorExit");
        return -1;
    }
    if (!mp_err_occurred() || mp_err_matches(&mp_type_GeneratorExit) ||
        mp_err_matches(&mp_type_StopIteration)) {
        mp_err_clear();
        return 0;
    }
    return -1;
}

int mp_gen_close(mp_obj *self) {
    mp_gen *g = (mp_gen *)self;
    if (check_running(g))
        return -1;
    mp_incref(self);
    int r = gen_close_impl(g);
    mp_decref(self);
    return r;
}

static mp_obj *gen_iternext(mp_obj *self) { return mp_gen_send(self, mp_None, false); }

static mp_obj *gen_iter(mp_obj *self) { return mp_newref(self); }

/* A suspended generator is closed when it dies, so its finally blocks
 * run; a failure is reported as CPython's "Exception ignored in". */
static void gen_dealloc(mp_obj *self) {
    mp_gen *g = (mp_gen *)self;
    if (g->frame && g->frame->state == MP_FRAME_SUSPENDED) {
        mp_obj *pending = mp_err_fetch();
        if (gen_close_impl(g) < 0) {
            mp_obj *exc = mp_err_fetch();
            if (exc) {
                mp_print_unraisable(exc, self);
                mp_decref(exc);
            }
        }
        mp_err_restore(pending);
    }
    gen_finish(g);
    mp_decref(g->name);
    mp_decref(g->qualname);
    mp_obj_free(self);
}

static mp_obj *gen_repr(mp_obj *self) {
    return mp_str_format_c("<generator object %U at %p>", ((mp_gen *)self)->qualname, (void *)self);
}

static mp_obj *gen_meth_send(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("send", kwnames) < 0 || mp_arg_count("send", nargs, 1, 1) < 0)
        return NULL;
    return mp_gen_send(self, args[0], true);
}

static mp_obj *gen_meth_close(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("close", kwnames) < 0 || mp_arg_count("close", nargs, 0, 0) < 0)
        return NULL;
    return mp_gen_close(self) < 0 ? NULL : mp_newref(mp_None);
}

/* throw(exc) / throw(type[, value]): the exception is raised at the
 * suspended yield. */
static mp_obj *gen_meth_throw(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_arg_no_kw("throw", kwnames) < 0 || mp_arg_count("throw", nargs, 1, 3) < 0)
        return NULL;
    mp_obj *typ = args[0], *val = nargs > 1 ? args[1] : mp_None, *exc;
    if (mp_has_tflag(typ, MP_TFLAG_EXC_SUBCLASS)) {
        if (val != mp_None) {
            mp_err_format(&mp_type_TypeError, "instance exception may not have a separate value");
            return NULL;
        }
        exc = mp_newref(typ);
    } else if (mp_has_tflag(typ, MP_TFLAG_TYPE_SUBCLASS) &&
               (((mp_type *)typ)->tflags & MP_TFLAG_EXC_SUBCLASS)) {
        exc = val != mp_None && mp_isinstance(val, typ) == 1 ? mp_newref(val)
              : val == mp_None                               ? mp_call0(typ)
                                                             : mp_call1(typ, val);
        if (!exc)
            return NULL;
    } else {
        mp_err_format(&mp_type_TypeError,
                      "exceptions must be classes or instances deriving from BaseException, not %T",
                      typ);
        return NULL;
    }
    return mp_gen_throw(self, exc);
}

static const mp_method_def gen_methods[] = {
    {"send", gen_meth_send, 0, NULL},
    {"close", gen_meth_close, 0, NULL},
    {"throw", gen_meth_throw, 0, NULL},
    {NULL},
};

static mp_obj *gen_get_name(mp_obj *self) { return mp_newref(((mp_gen *)self)->name); }
static mp_obj *gen_get_qualname(mp_obj *self) { return mp_newref(((mp_gen *)self)->qualname); }
static mp_obj *gen_get_running(mp_obj *self) { return mp_bool_from(((mp_gen *)self)->running); }

static const mp_getset_def gen_getset[] = {
    {"__name__", gen_get_name, NULL},
    {"__qualname__", gen_get_qualname, NULL},
    {"gi_running", gen_get_running, NULL},
    {NULL},
};

mp_type mp_type_generator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "generator",
    .basicsize = sizeof(mp_gen),
    .dealloc = gen_dealloc,
    .repr = gen_repr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .methods = gen_methods,
    .getset = gen_getset,
};
