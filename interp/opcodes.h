/*
 * opcodes.h — the one table of minipy's bytecode.  Every other list of
 * instructions (the enum, the eval loop's computed-goto table, the
 * disassembler's names, the compiler's stack-depth analysis) is generated
 * from MP_OPCODES, so adding an instruction means adding one line here and
 * one TARGET in interp/vm.c.
 *
 * Encoding: one 32-bit word per instruction, the opcode in the low 8 bits
 * and a 24-bit operand above it (MP_ARG_MAX).  Jump operands are absolute
 * word indices.  The compiler raises SystemError in the (unrealistic) case
 * an operand does not fit.
 *
 * X(name, effect, jump_effect, kind):
 *   effect       stack effect when execution falls through (may use `oparg`)
 *   jump_effect  stack effect when the jump is taken (= effect for non-jumps)
 *   kind         what the operand means, for the disassembler (MP_OPK_*)
 */
#ifndef MP_OPCODES_H
#define MP_OPCODES_H

#include <stdint.h>

typedef enum {
    MP_OPK_NONE,    /* operand unused */
    MP_OPK_INT,     /* a count or flag */
    MP_OPK_CONST,   /* index into co_consts */
    MP_OPK_NAME,    /* index into co_names */
    MP_OPK_LOCAL,   /* index into the fast locals */
    MP_OPK_DEREF,   /* index into cells + free variables */
    MP_OPK_GLOBAL,  /* index of a global-name inline cache */
    MP_OPK_METHOD,  /* index of a method inline cache */
    MP_OPK_JUMP,    /* absolute instruction index */
    MP_OPK_BINOP,   /* mp_binop_t, + MP_INPLACE_BIAS for augmented ops */
    MP_OPK_CMP,     /* MP_LT .. MP_GE */
    MP_OPK_UNOP,    /* mp_unop_t */
} mp_opkind;

/* Augmented assignment operands of BINARY_OP. */
#define MP_INPLACE_BIAS 16

#define MP_OPCODES(X)                                                          \
    X(NOP, 0, 0, MP_OPK_NONE)                                                  \
    X(POP_TOP, -1, -1, MP_OPK_NONE)                                            \
    X(PUSH_NULL, 1, 1, MP_OPK_NONE)                                            \
    X(COPY, 1, 1, MP_OPK_INT)                   /* push stack[-oparg] */       \
    X(SWAP, 0, 0, MP_OPK_INT)                   /* swap TOS, stack[-oparg] */  \
    X(LOAD_CONST, 1, 1, MP_OPK_CONST)                                          \
    X(LOAD_FAST, 1, 1, MP_OPK_LOCAL)                                           \
    X(STORE_FAST, -1, -1, MP_OPK_LOCAL)                                        \
    X(DELETE_FAST, 0, 0, MP_OPK_LOCAL)                                         \
    X(LOAD_DEREF, 1, 1, MP_OPK_DEREF)                                          \
    X(LOAD_CLASSDEREF, 1, 1, MP_OPK_DEREF)                                     \
    X(STORE_DEREF, -1, -1, MP_OPK_DEREF)                                       \
    X(DELETE_DEREF, 0, 0, MP_OPK_DEREF)                                        \
    X(LOAD_CLOSURE, 1, 1, MP_OPK_DEREF)                                        \
    X(LOAD_GLOBAL, 1, 1, MP_OPK_GLOBAL)                                        \
    X(STORE_GLOBAL, -1, -1, MP_OPK_GLOBAL)                                     \
    X(DELETE_GLOBAL, 0, 0, MP_OPK_NAME)                                        \
    X(LOAD_NAME, 1, 1, MP_OPK_NAME)                                            \
    X(STORE_NAME, -1, -1, MP_OPK_NAME)                                         \
    X(DELETE_NAME, 0, 0, MP_OPK_NAME)                                          \
    X(LOAD_ATTR, 0, 0, MP_OPK_NAME)                                            \
    X(LOAD_METHOD, 1, 1, MP_OPK_METHOD)    /* obj -> meth self | NULL attr */  \
    X(STORE_ATTR, -2, -2, MP_OPK_NAME)     /* v obj -> */                      \
    X(DELETE_ATTR, -1, -1, MP_OPK_NAME)                                        \
    X(BINARY_SUBSCR, -1, -1, MP_OPK_NONE)                                      \
    X(STORE_SUBSCR, -3, -3, MP_OPK_NONE)   /* v container key -> */            \
    X(DELETE_SUBSCR, -2, -2, MP_OPK_NONE)                                      \
    X(BUILD_SLICE, 1 - oparg, 1 - oparg, MP_OPK_INT)                           \
    X(UNARY_OP, 0, 0, MP_OPK_UNOP)                                             \
    X(UNARY_NOT, 0, 0, MP_OPK_NONE)                                            \
    X(BINARY_OP, -1, -1, MP_OPK_BINOP)                                         \
    X(COMPARE_OP, -1, -1, MP_OPK_CMP)                                          \
    X(IS_OP, -1, -1, MP_OPK_INT)           /* oparg 1: `is not` */             \
    X(CONTAINS_OP, -1, -1, MP_OPK_INT)     /* oparg 1: `not in` */             \
    X(JUMP, 0, 0, MP_OPK_JUMP)                                                 \
    X(JUMP_BACKWARD, 0, 0, MP_OPK_JUMP)                                        \
    X(POP_JUMP_IF_FALSE, -1, -1, MP_OPK_JUMP)                                  \
    X(POP_JUMP_IF_TRUE, -1, -1, MP_OPK_JUMP)                                   \
    X(JUMP_IF_FALSE_OR_POP, -1, 0, MP_OPK_JUMP)                                \
    X(JUMP_IF_TRUE_OR_POP, -1, 0, MP_OPK_JUMP)                                 \
    X(GET_ITER, 0, 0, MP_OPK_NONE)                                             \
    X(FOR_ITER, 1, -1, MP_OPK_JUMP)        /* exhausted: pop iter, jump */     \
    X(RETURN_VALUE, -1, -1, MP_OPK_NONE)                                       \
    X(YIELD_VALUE, 0, 0, MP_OPK_NONE)      /* value -> sent value */           \
    X(SETUP_FINALLY, 0, 1, MP_OPK_JUMP)    /* push a handler block */          \
    X(POP_BLOCK, 0, 0, MP_OPK_NONE)                                            \
    X(PUSH_EXC_INFO, 1, 1, MP_OPK_NONE)    /* exc -> prev_exc exc */           \
    X(POP_EXCEPT, -1, -1, MP_OPK_NONE)     /* prev_exc -> */                   \
    X(CHECK_EXC_MATCH, 0, 0, MP_OPK_NONE)  /* exc type -> exc bool */          \
    X(RERAISE, -1, -1, MP_OPK_NONE)                                            \
    X(RAISE_VARARGS, -oparg, -oparg, MP_OPK_INT)                               \
    X(LOAD_ASSERTION_ERROR, 1, 1, MP_OPK_NONE)                                 \
    X(BUILD_TUPLE, 1 - oparg, 1 - oparg, MP_OPK_INT)                           \
    X(BUILD_LIST, 1 - oparg, 1 - oparg, MP_OPK_INT)                            \
    X(BUILD_SET, 1 - oparg, 1 - oparg, MP_OPK_INT)                             \
    X(BUILD_MAP, 1 - 2 * oparg, 1 - 2 * oparg, MP_OPK_INT)                     \
    X(BUILD_STRING, 1 - oparg, 1 - oparg, MP_OPK_INT)                          \
    X(LIST_APPEND, -1, -1, MP_OPK_INT)     /* stack[-oparg-1].append(TOS) */   \
    X(SET_ADD, -1, -1, MP_OPK_INT)                                             \
    X(MAP_ADD, -2, -2, MP_OPK_INT)                                             \
    X(LIST_EXTEND, -1, -1, MP_OPK_INT)                                         \
    X(SET_UPDATE, -1, -1, MP_OPK_INT)                                          \
    X(DICT_UPDATE, -1, -1, MP_OPK_INT)                                         \
    X(DICT_MERGE, -1, -1, MP_OPK_INT)      /* **kwargs: duplicates raise */    \
    X(LIST_TO_TUPLE, 0, 0, MP_OPK_NONE)                                        \
    X(UNPACK_SEQUENCE, oparg - 1, oparg - 1, MP_OPK_INT)                       \
    X(UNPACK_EX, (oparg & 0xff) + (oparg >> 8), (oparg & 0xff) + (oparg >> 8), \
      MP_OPK_INT)                                                              \
    X(FORMAT_VALUE, (oparg & 4) ? -1 : 0, (oparg & 4) ? -1 : 0, MP_OPK_INT)    \
    X(MAKE_FUNCTION, -mp_popcount4_(oparg), -mp_popcount4_(oparg), MP_OPK_INT) \
    X(KW_NAMES, 0, 0, MP_OPK_CONST)        /* kwnames of the next CALL */      \
    X(CALL, -1 - oparg, -1 - oparg, MP_OPK_INT)                                \
    X(CALL_FUNCTION_EX, -2 - (oparg & 1), -2 - (oparg & 1), MP_OPK_INT)        \
    X(IMPORT_NAME, -1, -1, MP_OPK_NAME)    /* level fromlist -> module */      \
    X(IMPORT_FROM, 1, 1, MP_OPK_NAME)                                          \
    X(IMPORT_STAR, -1, -1, MP_OPK_NONE)                                        \
    X(SETUP_ANNOTATIONS, 0, 0, MP_OPK_NONE)                                    \
    X(PRINT_EXPR, -1, -1, MP_OPK_NONE)                                         \
    X(RETURN_CONST, 0, 0, MP_OPK_CONST)   /* LOAD_CONST + RETURN_VALUE */      \
    /* Superinstructions, made by the assembler's peephole pass: each one  \
     * executes itself and the (unchanged) instruction that follows it,    \
     * so jump targets and the location table stay valid. */              \
    X(LOAD_FAST_LOAD_FAST, 2, 2, MP_OPK_LOCAL)                                 \
    X(LOAD_FAST_LOAD_CONST, 2, 2, MP_OPK_LOCAL)                                \
    X(COMPARE_JUMP_IF_FALSE, -2, -2, MP_OPK_CMP)                               \
    X(COMPARE_JUMP_IF_TRUE, -2, -2, MP_OPK_CMP)                                \
    X(STORE_FAST_LOAD_FAST, 0, 0, MP_OPK_LOCAL)                                \
    /* BINARY_OP specialised by operator (same operand): the small-int     \
     * case inline, everything else through BINARY_OP's code. */           \
    X(BINARY_ADD, -1, -1, MP_OPK_BINOP)                                        \
    X(BINARY_SUB, -1, -1, MP_OPK_BINOP)                                        \
    X(BINARY_MUL, -1, -1, MP_OPK_BINOP)                                        \
    X(BINARY_MOD, -1, -1, MP_OPK_BINOP)                                        \
    X(BINARY_FLOORDIV, -1, -1, MP_OPK_BINOP)

static inline int mp_popcount4_(int x) { return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1); }

typedef enum {
#define MP_OP_ENUM_(name, eff, jeff, kind) MP_BC_##name,
    MP_OPCODES(MP_OP_ENUM_)
#undef MP_OP_ENUM_
    MP_BC__COUNT
} mp_opcode;

/* MAKE_FUNCTION flags (which optional items sit under the code object). */
enum {
    MP_MKFN_DEFAULTS = 1,
    MP_MKFN_KWDEFAULTS = 2,
    MP_MKFN_ANNOTATIONS = 4,
    MP_MKFN_CLOSURE = 8,
};

/* FORMAT_VALUE operand: conversion in the low 2 bits, 4 = has a spec. */
enum { MP_FMT_NONE = 0, MP_FMT_STR = 1, MP_FMT_REPR = 2, MP_FMT_ASCII = 3, MP_FMT_SPEC = 4 };

#define MP_ARG_MAX 0xffffffu
#define MP_INSTR(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define MP_INSTR_OP(w) ((int)((w) & 0xffu))
#define MP_INSTR_ARG(w) ((uint32_t)(w) >> 8)

extern const char *const mp_opcode_names[MP_BC__COUNT];
extern const unsigned char mp_opcode_kinds[MP_BC__COUNT];

/* Stack effect of one instruction (jump: the jump is taken). */
static inline int mp_opcode_stack_effect(int op, int oparg, int jump) {
    switch (op) {
#define MP_OP_EFFECT_(name, eff, jeff, kind)                                   \
    case MP_BC_##name:                                                         \
        return jump ? (jeff) : (eff);
        MP_OPCODES(MP_OP_EFFECT_)
#undef MP_OP_EFFECT_
    default:
        return 0;
    }
}

static inline int mp_opcode_is_jump(int op) {
    return op == MP_BC_JUMP || op == MP_BC_JUMP_BACKWARD || op == MP_BC_POP_JUMP_IF_FALSE ||
           op == MP_BC_POP_JUMP_IF_TRUE || op == MP_BC_JUMP_IF_FALSE_OR_POP ||
           op == MP_BC_JUMP_IF_TRUE_OR_POP || op == MP_BC_FOR_ITER || op == MP_BC_SETUP_FINALLY;
}

#endif /* MP_OPCODES_H */
