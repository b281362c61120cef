/*
 * errors.c — raising and fetching exceptions from C.  The exception in
 * flight is an instance stored in the current thread state; raising one
 * while another is being handled links it as __context__, exactly as
 * CPython's _PyErr_SetObject does (including its cycle breaking).  The
 * exception objects themselves live in obj_exc.c.
 */
#include "runtime/errors.h"

#include <string.h>

#include "runtime/core.h"
#include "runtime/mod_sys.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* Sets exc.__context__ = handled, first cutting `exc` out of handled's
 * context chain so no cycle forms (Floyd's walk also stops on a cycle
 * that already exists). */
static void chain_context(mp_obj *exc) {
    mp_obj *handled = mp_ts()->handled_exc;
    if (!handled || handled == exc || !mp_exc_check(handled))
        return;
    mp_obj *o = handled, *slow = handled;
    bool toggle = false;
    for (;;) {
        mp_obj *ctx = ((mp_exc *)o)->context;
        if (!ctx)
            break;
        if (ctx == exc) {
            ((mp_exc *)o)->context = NULL;
            mp_decref(ctx);
            break;
        }
        o = ctx;
        if (o == slow)
            break;
        if (toggle)
            slow = ((mp_exc *)slow)->context;
        toggle = !toggle;
    }
    mp_setref(&((mp_exc *)exc)->context, mp_newref(handled));
}

void mp_err_restore(mp_obj *exc) { mp_setref(&mp_ts()->curexc, exc); }

void mp_err_set_exc(mp_obj *exc) {
    if (!mp_exc_check(exc)) {
        mp_decref(exc);
        mp_err_format(&mp_type_TypeError, "exceptions must derive from BaseException");
        return;
    }
    chain_context(exc);
    mp_err_restore(exc);
}

/* Raises type(*args) from an args tuple (stolen). */
static void raise_with_args(mp_type *type, mp_obj *args) {
    if (!args)
        return;
    mp_obj *exc = mp_exc_new(type, args);
    mp_decref(args);
    if (exc)
        mp_err_set_exc(exc);
}

void mp_err_format(mp_type *type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mp_obj *msg = mp_str_vformat_c(fmt, ap);
    va_end(ap);
    if (!msg)
        return;
    mp_obj *args = mp_tuple_new(1);
    mp_tuple_items(args)[0] = msg;
    raise_with_args(type, args);
}

void mp_err_set(mp_type *type, mp_obj *value) {
    if (value && !MP_IS_TAGGED(value) && mp_type_is_subtype(value->type, type) &&
        mp_exc_check(value)) {
        mp_err_set_exc(mp_newref(value));
        return;
    }
    raise_with_args(type, value ? mp_tuple_pack(1, value) : mp_tuple_new(0));
}

void mp_err_from_errno(int errnum, mp_obj *filename) {
    mp_obj *msg = mp_str_from_cstr(strerror(errnum));
    if (!msg)
        return;
    mp_obj *num = mp_small(errnum);
    mp_obj *args = filename ? mp_tuple_pack(3, num, msg, filename) : mp_tuple_pack(2, num, msg);
    mp_decref(msg);
    raise_with_args(&mp_type_OSError, args);
}

void mp_err_no_memory(void) { mp_err_set(&mp_type_MemoryError, NULL); }

void mp_err_stop_iteration(mp_obj *value) {
    mp_err_set(&mp_type_StopIteration, value == mp_None ? NULL : value);
}

bool mp_err_occurred(void) { return mp_ts()->curexc != NULL; }

bool mp_err_matches(mp_type *type) {
    mp_obj *exc = mp_ts()->curexc;
    return exc && mp_type_is_subtype(mp_typeof(exc), type);
}

mp_obj *mp_err_fetch(void) {
    mp_tstate *ts = mp_ts();
    mp_obj *exc = ts->curexc;
    ts->curexc = NULL;
    return exc;
}

void mp_err_clear(void) { mp_err_restore(NULL); }

void mp_err_no_attribute(mp_obj *o, mp_obj *name) {
    mp_obj *msg;
    mp_type *t = mp_typeof(o);
    if (t->tflags & MP_TFLAG_TYPE_SUBCLASS)
        msg = mp_str_format_c("type object '%s' has no attribute '%U'", ((mp_type *)o)->name, name);
    else
        msg = mp_str_format_c("'%s' object has no attribute '%U'", t->name, name);
    if (!msg)
        return;
    mp_obj *args = mp_tuple_new(1);
    mp_tuple_items(args)[0] = msg;
    mp_obj *exc = mp_exc_new(&mp_type_AttributeError, args);
    mp_decref(args);
    if (!exc)
        return;
    if (mp_exc_set_attr(exc, MP_NAME(attr_name), name) < 0 ||
        mp_exc_set_attr(exc, MP_NAME(obj), o) < 0) {
        mp_decref(exc);
        return;
    }
    mp_err_set_exc(exc);
}

int mp_exc_system_exit_status(mp_obj *exc) {
    mp_obj *code = mp_exc_get_attr(exc, MP_NAME(code));
    if (!code || code == mp_None)
        return 0;
    if (mp_int_check(code)) {
        int64_t v;
        if (mp_int_as_i64(code, &v) == 0)
            return (int)v;
        mp_err_clear();
        return -1;
    }
    /* CPython flushes stdout, then prints str(code) to stderr. */
    mp_sys_flush_std();
    mp_obj *s = mp_str(code);
    if (s) {
        mp_sys_write_str("stderr", s);
        mp_sys_write_cstr("stderr", "\n");
        mp_decref(s);
    }
    mp_err_clear();
    return 1;
}
