/*
 * vm.c — the eval loop.  One C function runs all Python code of a thread:
 * calls of Python functions push a frame on the data stack and continue
 * in the same loop (returns pop back), so Python recursion never recurses
 * in C; only calls made from C (builtins calling back, generators)
 * re-enter mp_eval_frame.
 *
 * Dispatch is by computed goto (one indirect jump per instruction, from
 * a table generated out of opcodes.h, unknown opcodes trapped), with a
 * switch fallback.  Hot instructions carry inline fast paths: tagged
 * small-int arithmetic and comparisons with overflow checks, float
 * arithmetic, list/tuple indexing, range/list iteration, cached global
 * lookups keyed on dict versions, and method calls that skip the bound
 * method object.  Everything slow or rare lives in vm_ops.c.
 */
#include "interp/vm.h"

#include "interp/gen.h"
#include "interp/traceback.h"
#include "interp/vm_int.h"
#include "runtime/errors.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_func.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_range.h"
#include "runtime/obj_set.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

#if defined(__GNUC__) && !defined(MP_NO_COMPUTED_GOTO)
#define MP_COMPUTED_GOTO 1
#endif

/* ---- inline fast paths --------------------------------------------------------- */

static inline int truth(mp_obj *v) {
    if (v == mp_True)
        return 1;
    if (v == mp_False || v == mp_None)
        return 0;
    if (mp_is_small(v))
        return mp_small_val(v) != 0;
    return mp_truthy(v);
}

/* Arithmetic on two tagged ints; false when the result needs the general
 * path (overflow, division by zero, big shifts, pow). */
static inline __attribute__((always_inline)) bool small_binop(mp_obj *a, mp_obj *b, int op, mp_obj **res) {
    intptr_t x = mp_small_val(a), y = mp_small_val(b), r;
    switch (op) {
    case MP_OP_ADD:
        r = x + y; /* 62-bit operands cannot overflow 64 bits */
        break;
    case MP_OP_SUB:
        r = x - y;
        break;
    case MP_OP_MUL:
        if (__builtin_mul_overflow(x, y, &r))
            return false;
        break;
    case MP_OP_FLOORDIV:
        if (y == 0 || (x == MP_SMALL_MIN && y == -1))
            return false;
        r = x / y;
        if (x % y != 0 && ((x < 0) != (y < 0)))
            r--;
        break;
    case MP_OP_MOD:
        if (y == 0)
            return false;
        r = x % y;
        if (r != 0 && ((r < 0) != (y < 0)))
            r += y;
        break;
    case MP_OP_AND:
        r = x & y;
        break;
    case MP_OP_OR:
        r = x | y;
        break;
    case MP_OP_XOR:
        r = x ^ y;
        break;
    case MP_OP_LSHIFT:
        if (y < 0 || y >= 62)
            return false;
        r = (intptr_t)((uintptr_t)x << y);
        if ((r >> y) != x)
            return false;
        break;
    case MP_OP_RSHIFT:
        if (y < 0)
            return false;
        r = y >= 63 ? (x < 0 ? -1 : 0) : x >> y;
        break;
    case MP_OP_TRUEDIV: {
        const intptr_t exact = (intptr_t)1 << 53; /* doubles hold these exactly */
        if (y == 0 || x > exact || x < -exact || y > exact || y < -exact)
            return false;
        *res = mp_float_new((double)x / (double)y);
        return true;
    }
    default:
        return false;
    }
    if (!mp_small_fits(r))
        return false;
    *res = mp_small(r);
    return true;
}

static inline bool as_double(mp_obj *o, double *d) {
    if (mp_is_small(o)) {
        *d = (double)mp_small_val(o);
        return true;
    }
    if (o->type == &mp_type_float) {
        *d = mp_float_val(o);
        return true;
    }
    return false;
}

/* float (op) float/small int; false to take the general path. */
static inline __attribute__((always_inline)) bool float_binop(mp_obj *a, mp_obj *b, int op, mp_obj **res) {
    double x, y, r;
    if (!as_double(a, &x) || !as_double(b, &y))
        return false;
    switch (op) {
    case MP_OP_ADD: r = x + y; break;
    case MP_OP_SUB: r = x - y; break;
    case MP_OP_MUL: r = x * y; break;
    case MP_OP_TRUEDIV:
        if (y == 0.0)
            return false;
        r = x / y;
        break;
    default:
        return false;
    }
    *res = mp_float_new(r);
    return true;
}

/* Truth of a rich comparison from the three-way result c (-1, 0, 1):
 * bit c+1 of the operator's mask (MP_LT, MP_LE, MP_EQ, MP_NE, MP_GT,
 * MP_GE), branch-free. */
static const uint8_t cmp_masks[6] = {1, 3, 2, 5, 4, 6};
static inline int cmp_result(intptr_t c, int op) { return (cmp_masks[op] >> (c + 1)) & 1; }

/* 1/0 for tagged ints and floats; -2 if the general path is needed. */
static inline __attribute__((always_inline)) int fast_compare(mp_obj *a, mp_obj *b, int op) {
    if (mp_is_small(a) && mp_is_small(b)) {
        intptr_t x = (intptr_t)a, y = (intptr_t)b; /* tagging preserves order */
        return cmp_result((x > y) - (x < y), op);
    }
    if (!MP_IS_TAGGED(a) && !MP_IS_TAGGED(b) && a->type == &mp_type_float &&
        b->type == &mp_type_float) {
        double x = mp_float_val(a), y = mp_float_val(b);
        switch (op) {
        case MP_LT: return x < y;
        case MP_LE: return x <= y;
        case MP_EQ: return x == y;
        case MP_NE: return x != y;
        case MP_GT: return x > y;
        default: return x >= y;
        }
    }
    return -2;
}

/* Does the instance dict of obj shadow `name`? */
static inline bool instance_has(mp_obj *obj, mp_type *tp, mp_obj *name) {
    if (!tp->dictoffset)
        return false;
    mp_obj *d = *(mp_obj **)((char *)obj + tp->dictoffset);
    if (!d)
        return false;
    mp_obj *v = mp_dict_get(d, name);
    if (!v)
        mp_err_clear();
    return v != NULL;
}

/* A frame for an inline Python-to-Python call (NULL: error set). */
static mp_frame *push_frame(mp_tstate *ts, mp_obj *func, mp_obj *const *args, size_t npos,
                            mp_obj *kwnames) {
    if (ts->depth >= mp_recursion_limit) {
        mp_err_format(&mp_type_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    mp_frame *nf = mp_frame_new(mp_newref(func), false);
    if (mp_frame_bind(nf, args, npos, kwnames) < 0) {
        mp_frame_release(nf);
        return NULL;
    }
    ts->depth++;
    return nf;
}

/* Ends a frame that returned or raised. */
static inline void finish_frame(mp_frame *f) {
    if (f->owner == MP_FRAME_OWNED_BY_GEN) {
        f->state = MP_FRAME_COMPLETED;
        mp_frame_clear(f);
    } else {
        mp_frame_release(f);
    }
}

static inline bool is_plain_function(mp_obj *o) {
    return mp_typeof(o) == &mp_type_function &&
           !(((mp_code *)((mp_function *)o)->code)->flags & MP_CO_GENERATOR);
}

/* ---- the loop -------------------------------------------------------------------------- */

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define SET_TOP(v) (sp[-1] = (v))
#define JUMPTO(target) (ip = co->code + (target))
#define NAME(i) (mp_tuple_items(co->names)[i])

/* Locals and constants are reached through f and co rather than kept in
 * variables of their own: fewer live values lets the compiler keep ip,
 * sp, f and co in registers. */
#define LOCALS (f->localsplus)
#define TS (mp_ts()) /* a thread-local load: cheaper than a register spilled */
#define CONST(i) (mp_tuple_items(co->consts)[i])

#define LOAD_REGS()                                                            \
    do {                                                                       \
        co = f->code;                                                          \
        ip = f->ip;                                                            \
        sp = f->sp;                                                            \
    } while (0)

#ifdef MP_COMPUTED_GOTO
#define TARGET(name) op_##name:
#define DISPATCH()                                                             \
    do {                                                                       \
        word = *ip++;                                                          \
        oparg = word >> 8;                                                     \
        goto *targets[word & 0xffu];                                           \
    } while (0)
#else
#define TARGET(name) case MP_BC_##name:
#define DISPATCH() goto dispatch
#endif

/* Cross-jumping would merge the DISPATCH() copies into one shared indirect
 * jump, defeating the branch predictor; keep one per instruction. */
__attribute__((optimize("no-crossjumping", "no-gcse"))) mp_obj *mp_eval_frame(mp_frame *f) {
    if (mp_c_stack_check() < 0) {
        finish_frame(f);
        return NULL;
    }
    if (TS->depth >= mp_recursion_limit) {
        mp_err_format(&mp_type_RecursionError, "maximum recursion depth exceeded");
        finish_frame(f);
        return NULL;
    }
    TS->depth++;
    f->is_entry = 1;
    f->back = TS->frame;
    f->state = MP_FRAME_RUNNING;
    TS->frame = f;

    mp_code *co;
    const uint32_t *ip;
    mp_obj **sp;
    uint32_t word, oparg;
    mp_obj *kwnames = NULL; /* set by KW_NAMES for the next CALL */
    mp_obj *retval;

#ifdef MP_COMPUTED_GOTO
#define MP_TARGET_ENTRY_(name, eff, jeff, kind) &&op_##name,
    static const void *const targets[256] = {
        MP_OPCODES(MP_TARGET_ENTRY_)[MP_BC__COUNT... 255] = &&op_unknown,
    };
#undef MP_TARGET_ENTRY_
#endif

    LOAD_REGS();
    if (f->throwing) { /* generator.throw(): raise at the suspended yield */
        f->throwing = 0;
        goto error;
    }
    DISPATCH();

#ifndef MP_COMPUTED_GOTO
dispatch:
    word = *ip++;
    oparg = word >> 8;
    switch (word & 0xffu) {
#endif

    TARGET(NOP) { DISPATCH(); }

    TARGET(POP_TOP) {
        mp_obj *v = POP();
        mp_decref(v);
        DISPATCH();
    }

    TARGET(PUSH_NULL) {
        PUSH(NULL);
        DISPATCH();
    }

    TARGET(COPY) {
        mp_obj *v = sp[-(int)oparg];
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(SWAP) {
        mp_obj *t = sp[-1];
        sp[-1] = sp[-(int)oparg];
        sp[-(int)oparg] = t;
        DISPATCH();
    }

    TARGET(LOAD_CONST) {
        PUSH(mp_newref(CONST(oparg)));
        DISPATCH();
    }

    TARGET(LOAD_FAST) {
        mp_obj *v = LOCALS[oparg];
        if (!v) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(STORE_FAST) {
        mp_obj *old = LOCALS[oparg];
        LOCALS[oparg] = POP();
        if (old)
            mp_decref(old);
        DISPATCH();
    }

    TARGET(DELETE_FAST) {
        mp_obj *old = LOCALS[oparg];
        if (!old) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        LOCALS[oparg] = NULL;
        mp_decref(old);
        DISPATCH();
    }

    TARGET(LOAD_FAST_LOAD_FAST) {
        mp_obj *v = LOCALS[oparg];
        if (!v) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        PUSH(mp_newref(v));
        oparg = *ip++ >> 8;
        v = LOCALS[oparg];
        if (!v) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_FAST_LOAD_CONST) {
        mp_obj *v = LOCALS[oparg];
        if (!v) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        PUSH(mp_newref(v));
        PUSH(mp_newref(CONST(*ip++ >> 8)));
        DISPATCH();
    }

    TARGET(STORE_FAST_LOAD_FAST) {
        mp_obj *old = LOCALS[oparg];
        LOCALS[oparg] = POP();
        if (old)
            mp_decref(old);
        oparg = *ip++ >> 8;
        mp_obj *v = LOCALS[oparg];
        if (!v) {
            mp_vm_unbound_local(mp_tuple_items(co->varnames)[oparg]);
            goto error;
        }
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_DEREF) {
        mp_obj *v = ((mp_cell *)LOCALS[co->nlocals + (int)oparg])->ref;
        if (!v) {
            mp_vm_unbound_deref(co, (int)oparg);
            goto error;
        }
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF) {
        mp_obj *v = mp_vm_load_classderef(f, (int)oparg);
        if (!v)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_DEREF) {
        mp_cell *cell = (mp_cell *)LOCALS[co->nlocals + (int)oparg];
        mp_obj *old = cell->ref;
        cell->ref = POP();
        if (old)
            mp_decref(old);
        DISPATCH();
    }

    TARGET(DELETE_DEREF) {
        mp_cell *cell = (mp_cell *)LOCALS[co->nlocals + (int)oparg];
        mp_obj *old = cell->ref;
        if (!old) {
            mp_vm_unbound_deref(co, (int)oparg);
            goto error;
        }
        cell->ref = NULL;
        mp_decref(old);
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE) {
        PUSH(mp_newref(LOCALS[co->nlocals + (int)oparg]));
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL) {
        mp_gcache *gc = &co->gcache[oparg];
        mp_dict *g = (mp_dict *)f->globals;
        mp_obj *v;
        if (gc->gversion == g->version) {
            if (!gc->in_builtins) {
                v = g->entries[gc->index].value;
                goto load_global_found;
            }
            mp_dict *b = (mp_dict *)f->builtins;
            if (gc->bversion == b->version) {
                v = b->entries[gc->index].value;
                goto load_global_found;
            }
        }
        v = mp_vm_load_global_slow(f, gc);
        if (!v)
            goto error;
    load_global_found:
        PUSH(mp_newref(v));
        DISPATCH();
    }

    TARGET(STORE_GLOBAL) {
        mp_gcache *gc = &co->gcache[oparg];
        mp_dict *g = (mp_dict *)f->globals;
        mp_obj *v = POP();
        if (gc->gversion == g->version && !gc->in_builtins) {
            mp_setref(&g->entries[gc->index].value, v);
            DISPATCH();
        }
        int r = mp_dict_set(f->globals, gc->name, v);
        mp_decref(v);
        if (r < 0)
            goto error;
        mp_vm_cache_store(f, gc);
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL) {
        if (mp_vm_delete_name(f->globals, NAME(oparg)) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_NAME) {
        mp_obj *v = mp_vm_load_name(f, NAME(oparg));
        if (!v)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME) {
        mp_obj *v = POP();
        int r = mp_vm_store_name(f, NAME(oparg), v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_NAME) {
        if (mp_vm_delete_name(f->locals ? f->locals : f->globals, NAME(oparg)) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_ATTR) {
        mp_obj *obj = TOP();
        mp_obj *v = mp_getattr(obj, NAME(oparg));
        if (!v)
            goto error;
        SET_TOP(v);
        mp_decref(obj);
        DISPATCH();
    }

    TARGET(LOAD_METHOD) {
        mp_mcache *mc = &co->mcache[oparg];
        mp_obj *obj = TOP(), *name = mc->name;
        mp_type *tp = mp_typeof(obj);
#ifndef MINIPY_NO_GIL /* the (type, meth) pair is not updated atomically */
        if (tp == mc->type) {
            SET_TOP(mp_newref(mc->meth));
            PUSH(obj);
            DISPATCH();
        }
#endif
        if (tp->getattr == NULL || tp->getattr == mp_generic_getattr) {
            mp_obj *meth = mp_type_lookup(tp, name);
            if (meth && (mp_typeof(meth)->tflags & MP_TFLAG_METHOD_LIKE) &&
                !instance_has(obj, tp, name)) {
                /* Built-in types never change and have no instance dict:
                 * remember the method for this site. */
                if (!(tp->tflags & MP_TFLAG_HEAPTYPE) && !tp->dictoffset) {
                    mc->type = tp;
                    mc->meth = meth;
                }
                SET_TOP(mp_newref(meth));
                PUSH(obj);
                DISPATCH();
            }
        }
        mp_obj *attr = mp_getattr(obj, name);
        if (!attr)
            goto error;
        SET_TOP(NULL);
        mp_decref(obj);
        PUSH(attr);
        DISPATCH();
    }

    TARGET(STORE_ATTR) {
        mp_obj *obj = POP(), *v = POP();
        int r = mp_setattr(obj, NAME(oparg), v);
        mp_decref(obj);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_ATTR) {
        mp_obj *obj = POP();
        int r = mp_setattr(obj, NAME(oparg), NULL);
        mp_decref(obj);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR) {
        mp_obj *sub = POP(), *container = TOP(), *res;
        if (mp_is_small(sub) && !MP_IS_TAGGED(container)) {
            intptr_t i = mp_small_val(sub);
            if (container->type == &mp_type_list) {
                mp_list *l = (mp_list *)container;
                if (i < 0)
                    i += (intptr_t)l->size;
                if ((uintptr_t)i < l->size) {
                    res = mp_newref(l->items[i]);
                    goto subscr_done;
                }
            } else if (container->type == &mp_type_tuple) {
                mp_tuple *t = (mp_tuple *)container;
                if (i < 0)
                    i += (intptr_t)t->size;
                if ((uintptr_t)i < t->size) {
                    res = mp_newref(t->items[i]);
                    goto subscr_done;
                }
            }
        }
        res = mp_getitem(container, sub);
        mp_decref(sub);
        if (!res)
            goto error;
    subscr_done:
        SET_TOP(res);
        mp_decref(container);
        DISPATCH();
    }

    TARGET(STORE_SUBSCR) {
        mp_obj *sub = POP(), *container = POP(), *v = POP();
        if (mp_is_small(sub) && !MP_IS_TAGGED(container) && container->type == &mp_type_list) {
            mp_list *l = (mp_list *)container;
            intptr_t i = mp_small_val(sub);
            if (i < 0)
                i += (intptr_t)l->size;
            if ((uintptr_t)i < l->size) {
                mp_setref(&l->items[i], v);
                mp_decref(container);
                DISPATCH();
            }
        }
        int r = mp_setitem(container, sub, v);
        mp_decref(sub);
        mp_decref(container);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR) {
        mp_obj *sub = POP(), *container = POP();
        int r = mp_delitem(container, sub);
        mp_decref(sub);
        mp_decref(container);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(BUILD_SLICE) {
        mp_obj *step = oparg == 3 ? POP() : NULL;
        mp_obj *stop = POP(), *start = POP();
        mp_obj *s = mp_slice_new(start, stop, step ? step : mp_None);
        mp_decref(start);
        mp_decref(stop);
        if (step)
            mp_decref(step);
        if (!s)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(UNARY_OP) {
        mp_obj *a = TOP();
        if (mp_is_small(a)) {
            intptr_t x = mp_small_val(a);
            if (oparg == MP_UOP_POS)
                DISPATCH();
            if (oparg == MP_UOP_INVERT) {
                SET_TOP(mp_small(~x));
                DISPATCH();
            }
            if (oparg == MP_UOP_NEG && x != MP_SMALL_MIN) {
                SET_TOP(mp_small(-x));
                DISPATCH();
            }
        }
        mp_obj *res = mp_unary(a, (mp_unop_t)oparg);
        if (!res)
            goto error;
        SET_TOP(res);
        mp_decref(a);
        DISPATCH();
    }

    TARGET(UNARY_NOT) {
        mp_obj *v = TOP();
        int t = truth(v);
        if (t < 0)
            goto error;
        SET_TOP(mp_bool_from(!t));
        mp_decref(v);
        DISPATCH();
    }

    TARGET(BINARY_ADD) {
        mp_obj *b = sp[-1], *a = sp[-2];
        if (mp_is_small(a) && mp_is_small(b)) {
            intptr_t r = mp_small_val(a) + mp_small_val(b);
            if (mp_small_fits(r)) {
                sp--;
                sp[-1] = mp_small(r);
                DISPATCH();
            }
        } else if (!MP_IS_TAGGED(a) && !MP_IS_TAGGED(b) && a->type == &mp_type_str &&
                   b->type == &mp_type_str) {
            /* s += t / s = s + t: when the result goes back into the
             * variable holding s, drop that variable's reference first so
             * mp_str_append can grow s in place (amortised linear string
             * building, like CPython's unicode_concatenate). */
            uint32_t next = *ip;
            int nop = MP_INSTR_OP(next);
            if ((nop == MP_BC_STORE_FAST || nop == MP_BC_STORE_FAST_LOAD_FAST) &&
                LOCALS[next >> 8] == a) {
                LOCALS[next >> 8] = NULL;
                mp_decref(a);
            } else if (nop == MP_BC_STORE_GLOBAL) {
                mp_gcache *gc = &co->gcache[next >> 8];
                mp_dict *g = (mp_dict *)f->globals;
                if (gc->gversion == g->version && !gc->in_builtins &&
                    g->entries[gc->index].value == a) {
                    g->entries[gc->index].value = mp_None; /* replaced by the store */
                    mp_decref(a);
                }
            }
            sp--;
            mp_obj *res = mp_str_append(a, b); /* takes over the stack's reference to a */
            mp_decref(b);
            if (!res) {
                sp--;
                goto error;
            }
            sp[-1] = res;
            DISPATCH();
        }
        goto binary_op;
    }

    TARGET(BINARY_SUB) {
        mp_obj *b = sp[-1], *a = sp[-2];
        if (mp_is_small(a) && mp_is_small(b)) {
            intptr_t r = mp_small_val(a) - mp_small_val(b);
            if (mp_small_fits(r)) {
                sp--;
                sp[-1] = mp_small(r);
                DISPATCH();
            }
        }
        goto binary_op;
    }

    TARGET(BINARY_MUL) {
        mp_obj *b = sp[-1], *a = sp[-2];
        intptr_t r;
        if (mp_is_small(a) && mp_is_small(b) &&
            !__builtin_mul_overflow(mp_small_val(a), mp_small_val(b), &r) && mp_small_fits(r)) {
            sp--;
            sp[-1] = mp_small(r);
            DISPATCH();
        }
        goto binary_op;
    }

    TARGET(BINARY_MOD) {
        mp_obj *b = sp[-1], *a = sp[-2];
        if (mp_is_small(a) && mp_is_small(b) && b != mp_small(0)) {
            intptr_t y = mp_small_val(b), r = mp_small_val(a) % y;
            if (r != 0 && ((r < 0) != (y < 0)))
                r += y;
            sp--;
            sp[-1] = mp_small(r);
            DISPATCH();
        }
        goto binary_op;
    }

    TARGET(BINARY_FLOORDIV) {
        mp_obj *b = sp[-1], *a = sp[-2];
        if (mp_is_small(a) && mp_is_small(b) && b != mp_small(0) && b != mp_small(-1)) {
            intptr_t x = mp_small_val(a), y = mp_small_val(b), q = x / y;
            if (x % y != 0 && ((x < 0) != (y < 0)))
                q--;
            sp--;
            sp[-1] = mp_small(q);
            DISPATCH();
        }
        goto binary_op;
    }

    TARGET(BINARY_OP) {
    binary_op:;
        mp_obj *b = POP(), *a = TOP(), *res;
        int op = oparg >= MP_INPLACE_BIAS ? (int)oparg - MP_INPLACE_BIAS : (int)oparg;
        if (mp_is_small(a) && mp_is_small(b)) {
            if (small_binop(a, b, op, &res)) {
                SET_TOP(res);
                DISPATCH();
            }
        } else if (float_binop(a, b, op, &res)) {
            SET_TOP(res);
            mp_decref(a);
            mp_decref(b);
            DISPATCH();
        }
        res = oparg >= MP_INPLACE_BIAS ? mp_inplace_op(a, b, (mp_binop_t)op)
                                       : mp_binop(a, b, (mp_binop_t)op);
        mp_decref(b);
        if (!res)
            goto error;
        SET_TOP(res);
        mp_decref(a);
        DISPATCH();
    }

    TARGET(COMPARE_OP) {
        mp_obj *b = POP(), *a = TOP(), *res;
        int c = fast_compare(a, b, (int)oparg);
        if (c >= 0) {
            res = mp_bool_from(c);
        } else {
            res = mp_richcompare(a, b, (int)oparg);
            if (!res) {
                mp_decref(b);
                goto error;
            }
        }
        SET_TOP(res);
        mp_decref(a);
        mp_decref(b);
        DISPATCH();
    }

    TARGET(COMPARE_JUMP_IF_TRUE)
    TARGET(COMPARE_JUMP_IF_FALSE) {
        mp_obj *b = sp[-1], *a = sp[-2];
        int c = fast_compare(a, b, (int)oparg);
        if (c < 0) {
            mp_obj *res = mp_richcompare(a, b, (int)oparg);
            if (!res)
                goto error;
            c = truth(res);
            mp_decref(res);
            if (c < 0)
                goto error;
        }
        sp -= 2;
        mp_decref(a);
        mp_decref(b);
        word = *ip++; /* the POP_JUMP_IF_FALSE / _TRUE this was fused with */
        if (c == (MP_INSTR_OP(word) == MP_BC_POP_JUMP_IF_TRUE))
            JUMPTO(word >> 8);
        DISPATCH();
    }

    TARGET(IS_OP) {
        mp_obj *b = POP(), *a = TOP();
        SET_TOP(mp_bool_from((a == b) != (int)oparg));
        mp_decref(a);
        mp_decref(b);
        DISPATCH();
    }

    TARGET(CONTAINS_OP) {
        mp_obj *container = POP(), *v = TOP();
        int r = mp_contains(container, v);
        mp_decref(container);
        if (r < 0)
            goto error;
        SET_TOP(mp_bool_from(r != (int)oparg));
        mp_decref(v);
        DISPATCH();
    }

    TARGET(JUMP) {
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(JUMP_BACKWARD) {
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        mp_obj *v = POP();
        int t = truth(v);
        mp_decref(v);
        if (t < 0)
            goto error;
        if (!t)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE) {
        mp_obj *v = POP();
        int t = truth(v);
        mp_decref(v);
        if (t < 0)
            goto error;
        if (t)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP) {
        int t = truth(TOP());
        if (t < 0)
            goto error;
        if (!t) {
            JUMPTO(oparg);
        } else {
            mp_obj *v = POP();
            mp_decref(v);
        }
        DISPATCH();
    }

    TARGET(JUMP_IF_TRUE_OR_POP) {
        int t = truth(TOP());
        if (t < 0)
            goto error;
        if (t) {
            JUMPTO(oparg);
        } else {
            mp_obj *v = POP();
            mp_decref(v);
        }
        DISPATCH();
    }

    TARGET(GET_ITER) {
        mp_obj *o = TOP();
        mp_obj *it = mp_vm_get_iter(o);
        if (!it)
            goto error;
        SET_TOP(it);
        mp_decref(o);
        DISPATCH();
    }

    TARGET(FOR_ITER) {
        mp_obj *it = TOP();
        if (it->type == &mp_type_vm_rangeiter) {
            mp_vm_rangeiter *r = (mp_vm_rangeiter *)it;
            if (r->step > 0 ? r->cur < r->stop : r->cur > r->stop) {
                PUSH(mp_small(r->cur));
                r->cur += r->step;
                DISPATCH();
            }
        } else if (it->type == &mp_type_vm_listiter) {
            mp_vm_listiter *li = (mp_vm_listiter *)it;
            if (li->list && li->index < mp_list_size(li->list)) {
                PUSH(mp_newref(mp_list_items(li->list)[li->index++]));
                DISPATCH();
            }
        } else {
            mp_obj *v = mp_iternext(it);
            if (v) {
                PUSH(v);
                DISPATCH();
            }
            if (mp_err_occurred())
                goto error;
        }
        sp--;
        mp_decref(it);
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(RETURN_VALUE) {
        retval = POP();
        goto do_return;
    }

    TARGET(RETURN_CONST) {
        retval = mp_newref(CONST(oparg));
        goto do_return;
    }

    TARGET(YIELD_VALUE) {
        mp_obj *v = POP();
        f->ip = ip;
        f->sp = sp;
        f->state = MP_FRAME_SUSPENDED;
        TS->frame = f->back;
        TS->depth--;
        return v;
    }

    TARGET(SETUP_FINALLY) {
        mp_block *b = &f->blocks[f->iblock++];
        b->handler = oparg;
        b->level = (uint32_t)(sp - f->stack);
        DISPATCH();
    }

    TARGET(POP_BLOCK) {
        f->iblock--;
        DISPATCH();
    }

    TARGET(PUSH_EXC_INFO) {
        mp_obj *exc = POP();
        mp_obj *prev = TS->handled_exc;
        PUSH(prev ? prev : mp_None); /* the thread's reference moves to the stack */
        TS->handled_exc = mp_newref(exc);
        PUSH(exc);
        DISPATCH();
    }

    TARGET(POP_EXCEPT) {
        mp_obj *prev = POP();
        mp_obj *old = TS->handled_exc;
        TS->handled_exc = prev == mp_None ? NULL : prev;
        if (old)
            mp_decref(old);
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH) {
        mp_obj *type = POP();
        int r = mp_vm_exc_match(TOP(), type);
        mp_decref(type);
        if (r < 0)
            goto error;
        PUSH(mp_bool_from(r));
        DISPATCH();
    }

    TARGET(RERAISE) {
        mp_err_restore(POP());
        goto exception_unwind;
    }

    TARGET(RAISE_VARARGS) {
        if (oparg == 0) {
            mp_obj *exc = TS->handled_exc;
            if (!exc) {
                mp_err_format(&mp_type_RuntimeError, "No active exception to reraise");
                goto error;
            }
            mp_err_restore(mp_newref(exc));
            goto exception_unwind;
        }
        mp_obj *cause = oparg == 2 ? POP() : NULL;
        mp_obj *exc = POP();
        mp_vm_do_raise(exc, cause);
        mp_decref(exc);
        if (cause)
            mp_decref(cause);
        goto error;
    }

    TARGET(LOAD_ASSERTION_ERROR) {
        PUSH((mp_obj *)&mp_type_AssertionError);
        DISPATCH();
    }

    TARGET(BUILD_TUPLE) {
        mp_obj *t = mp_tuple_new(oparg);
        sp -= oparg;
        for (uint32_t i = 0; i < oparg; i++)
            mp_tuple_items(t)[i] = sp[i];
        PUSH(t);
        DISPATCH();
    }

    TARGET(BUILD_LIST) {
        mp_obj *l = mp_list_new(oparg);
        sp -= oparg;
        for (uint32_t i = 0; i < oparg; i++)
            ((mp_list *)l)->items[i] = sp[i];
        ((mp_list *)l)->size = oparg;
        PUSH(l);
        DISPATCH();
    }

    TARGET(BUILD_SET) {
        mp_obj *s = mp_set_new(NULL);
        int r = s ? 0 : -1;
        sp -= oparg;
        for (uint32_t i = 0; i < oparg; i++) {
            if (r == 0)
                r = mp_set_add(s, sp[i]);
            mp_decref(sp[i]);
        }
        if (r < 0) {
            mp_xdecref(s);
            goto error;
        }
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_MAP) {
        mp_obj *d = mp_dict_new();
        int r = 0;
        sp -= 2 * oparg;
        for (uint32_t i = 0; i < oparg; i++) {
            if (r == 0)
                r = mp_dict_set(d, sp[2 * i], sp[2 * i + 1]);
            mp_decref(sp[2 * i]);
            mp_decref(sp[2 * i + 1]);
        }
        if (r < 0) {
            mp_decref(d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_STRING) {
        mp_obj *s = mp_str_join_array(sp - oparg, oparg);
        for (uint32_t i = 0; i < oparg; i++)
            mp_decref(POP());
        if (!s)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(LIST_APPEND) {
        mp_obj *v = POP();
        if (mp_list_append_steal(sp[-(int)oparg], v) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_ADD) {
        mp_obj *v = POP();
        int r = mp_set_add(sp[-(int)oparg], v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAP_ADD) {
        mp_obj *v = POP(), *k = POP();
        int r = mp_dict_set(sp[-(int)oparg], k, v);
        mp_decref(k);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_EXTEND) {
        mp_obj *v = POP();
        int r = mp_vm_list_extend(sp[-(int)oparg], v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_UPDATE) {
        mp_obj *v = POP();
        int r = mp_vm_set_update(sp[-(int)oparg], v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_UPDATE) {
        mp_obj *v = POP();
        int r = mp_vm_dict_update(sp[-(int)oparg], v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_MERGE) {
        mp_obj *v = POP();
        int r = mp_vm_dict_merge(sp[-(int)oparg - 2], sp[-(int)oparg], v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE) {
        mp_obj *l = TOP();
        mp_obj *t = mp_tuple_from_array(mp_list_items(l), mp_list_size(l));
        if (!t)
            goto error;
        SET_TOP(t);
        mp_decref(l);
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE) {
        mp_obj *seq = POP();
        if (!MP_IS_TAGGED(seq) && (seq->type == &mp_type_tuple || seq->type == &mp_type_list)) {
            size_t n = seq->type == &mp_type_tuple ? mp_tuple_size(seq) : mp_list_size(seq);
            mp_obj **items = seq->type == &mp_type_tuple ? mp_tuple_items(seq) : mp_list_items(seq);
            if (n == oparg) {
                for (size_t i = n; i-- > 0;)
                    PUSH(mp_newref(items[i]));
                mp_decref(seq);
                DISPATCH();
            }
        }
        int n = mp_vm_unpack(seq, (int)oparg, -1, sp);
        mp_decref(seq);
        if (n < 0)
            goto error;
        sp += n;
        DISPATCH();
    }

    TARGET(UNPACK_EX) {
        mp_obj *seq = POP();
        int n = mp_vm_unpack(seq, (int)(oparg & 0xff), (int)(oparg >> 8), sp);
        mp_decref(seq);
        if (n < 0)
            goto error;
        sp += n;
        DISPATCH();
    }

    TARGET(FORMAT_VALUE) {
        mp_obj *spec = (oparg & MP_FMT_SPEC) ? POP() : NULL;
        mp_obj *v = TOP();
        mp_obj *res = mp_vm_format_value(v, spec, (int)(oparg & 3));
        if (spec)
            mp_decref(spec);
        if (!res)
            goto error;
        SET_TOP(res);
        mp_decref(v);
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION) {
        mp_obj *code = POP();
        mp_obj *fn = mp_vm_make_function(f, code, (int)oparg, sp);
        sp -= mp_popcount4_((int)oparg); /* the optional parts it took over */
        mp_decref(code);
        if (!fn)
            goto error;
        PUSH(fn);
        DISPATCH();
    }

    TARGET(KW_NAMES) {
        kwnames = CONST(oparg);
        DISPATCH();
    }

    TARGET(CALL) {
        mp_obj *kwn = kwnames;
        kwnames = NULL;
        mp_obj **base = sp - oparg - 2;
        mp_obj *callable;
        mp_obj **args;
        size_t nargs;
        if (base[0]) { /* method (from LOAD_METHOD) and self, or a decorator-style call */
            callable = base[0];
            args = base + 1;
            nargs = oparg + 1;
        } else {
            callable = base[1];
            if (mp_typeof(callable) == &mp_type_method) {
                mp_method *m = (mp_method *)callable;
                base[0] = mp_newref(m->func);
                base[1] = mp_newref(m->self);
                mp_decref(callable);
                callable = base[0];
                args = base + 1;
                nargs = oparg + 1;
            } else {
                args = base + 2;
                nargs = oparg;
            }
        }
        size_t npos = nargs - (kwn ? mp_tuple_size(kwn) : 0);
        mp_type *ct = mp_typeof(callable);
        if (ct == &mp_type_function) {
            /* Fast path: positional call of a simple function.  The
             * arguments' and the callable's stack references move into
             * the new frame. */
            mp_function *fn = (mp_function *)callable;
            mp_code *nco = (mp_code *)fn->code;
            if (nco->simple_args && !kwn && npos == (size_t)nco->argcount &&
                TS->depth < mp_recursion_limit) {
                mp_frame *nf = mp_ds_alloc(nco->framesize);
                mp_frame_setup(nf, nco, callable, fn->globals, fn->builtins,
                               MP_FRAME_ON_DATASTACK);
                mp_obj **nl = nf->localsplus;
                for (size_t i = 0; i < npos; i++)
                    nl[i] = args[i];
                for (int i = (int)npos; i < nco->nlocals; i++)
                    nl[i] = NULL;
                sp = base;
                TS->depth++;
                f->ip = ip;
                f->sp = sp;
                nf->back = f;
                nf->state = MP_FRAME_RUNNING;
                TS->frame = nf;
                f = nf;
                LOAD_REGS();
                DISPATCH();
            }
        }
        if (is_plain_function(callable)) {
            f->ip = ip;
            mp_frame *nf = push_frame(TS, callable, args, npos, kwn);
            while (sp > base) {
                mp_obj *x = POP();
                if (x)
                    mp_decref(x);
            }
            if (!nf)
                goto error;
            f->sp = sp;
            nf->back = f;
            nf->state = MP_FRAME_RUNNING;
            TS->frame = nf;
            f = nf;
            LOAD_REGS();
            DISPATCH();
        }
        mp_obj *res;
        if (ct == &mp_type_builtin_function) {
            mp_cfunction *cf = (mp_cfunction *)callable;
            res = cf->def->fn(cf->self, args, npos, kwn);
        } else if (ct == &mp_type_method_descriptor && args == base + 1 && npos >= 1 &&
                   ((mp_method_descr *)callable)->def->flags == 0 &&
                   mp_type_is_subtype(mp_typeof(args[0]),
                                      ((mp_method_descr *)callable)->owner)) {
            res = ((mp_method_descr *)callable)->def->fn(args[0], args + 1, npos - 1, kwn);
        } else {
            res = mp_call(callable, args, npos, kwn);
        }
        while (sp > base) {
            mp_obj *x = POP();
            if (x)
                mp_decref(x);
        }
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX) {
        mp_obj *kwargs = (oparg & 1) ? POP() : NULL;
        mp_obj *cargs = POP();
        mp_obj *func = POP();
        mp_obj *null = POP();
        mp_obj **arr, *kwn, *res = NULL;
        size_t npos;
        mp_frame *nf = NULL;
        bool inlined = false;
        if (mp_vm_ex_call_args(func, &cargs, kwargs, &arr, &npos, &kwn) == 0) {
            if (is_plain_function(func)) {
                f->ip = ip;
                nf = push_frame(TS, func, arr, npos, kwn);
                inlined = true;
            } else {
                res = mp_call(func, arr, npos, kwn);
            }
            mp_mem_free(arr);
            if (kwn)
                mp_decref(kwn);
        }
        mp_decref(cargs);
        if (kwargs)
            mp_decref(kwargs);
        mp_decref(func);
        if (null)
            mp_decref(null);
        if (inlined && nf) {
            f->sp = sp;
            nf->back = f;
            nf->state = MP_FRAME_RUNNING;
            TS->frame = nf;
            f = nf;
            LOAD_REGS();
            DISPATCH();
        }
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(IMPORT_NAME) {
        mp_obj *fromlist = POP(), *level = POP();
        mp_obj *m = mp_import(NAME(oparg), f->globals, fromlist, (int)mp_small_val(level));
        mp_decref(fromlist);
        if (!m)
            goto error;
        PUSH(m);
        DISPATCH();
    }

    TARGET(IMPORT_FROM) {
        mp_obj *v = mp_vm_import_from(TOP(), NAME(oparg));
        if (!v)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(IMPORT_STAR) {
        mp_obj *m = POP();
        int r = mp_vm_import_star(f, m);
        mp_decref(m);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS) {
        if (mp_vm_setup_annotations(f) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(PRINT_EXPR) {
        mp_obj *v = POP();
        int r = mp_vm_print_expr(v);
        mp_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

#ifndef MP_COMPUTED_GOTO
    default:
        goto op_unknown;
    }
#endif

op_unknown:
    mp_err_format(&mp_type_SystemError, "unknown opcode %d", (int)(word & 0xffu));
    goto error;

do_return: {
    mp_frame *back = f->back;
    bool entry = f->is_entry;
    if (f->owner == MP_FRAME_ON_DATASTACK && !f->locals && sp == f->stack) {
        /* Fast path of an ordinary function's return. */
        TS->frame = back;
        TS->depth--;
        int nlp = mp_code_nlocalsplus(co);
        for (int i = 0; i < nlp; i++)
            if (LOCALS[i])
                mp_decref(LOCALS[i]);
        mp_decref(f->func);
        mp_ds_free(f);
        if (entry)
            return retval;
        f = back;
        LOAD_REGS();
        PUSH(retval);
        DISPATCH();
    }
    f->sp = sp;
    TS->frame = back;
    TS->depth--;
    finish_frame(f);
    if (entry)
        return retval;
    f = back;
    LOAD_REGS();
    PUSH(retval);
    DISPATCH();
}

error:
    kwnames = NULL;
    f->ip = ip;
    if (!TS->curexc)
        mp_err_format(&mp_type_SystemError, "error return without exception set");
    mp_traceback_here(f);

exception_unwind:
    if (f->iblock > 0) {
        mp_block *b = &f->blocks[--f->iblock];
        mp_obj **level = f->stack + b->level;
        while (sp > level) {
            mp_obj *x = POP();
            if (x)
                mp_decref(x);
        }
        PUSH(mp_err_fetch());
        JUMPTO(b->handler);
        DISPATCH();
    }
    {
        mp_frame *back = f->back;
        bool entry = f->is_entry;
        f->sp = sp;
        TS->frame = back;
        TS->depth--;
        finish_frame(f);
        if (entry)
            return NULL;
        f = back;
        LOAD_REGS();
        goto error;
    }
}
