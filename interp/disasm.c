/*
 * disasm.c — the bytecode listing printed by `minipy --dis`, modelled on
 * CPython's dis module: line number at the start of each line, ">>" on
 * jump targets, instruction index, name, operand and what the operand
 * means.  Nested code objects are listed after their parent.
 */
#include "interp/disasm.h"

#include <stdio.h>
#include <string.h>

#include "interp/code.h"
#include "interp/opcodes.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

const char *const mp_opcode_names[MP_BC__COUNT] = {
#define MP_OP_NAME_(name, eff, jeff, kind) #name,
    MP_OPCODES(MP_OP_NAME_)
#undef MP_OP_NAME_
};

const unsigned char mp_opcode_kinds[MP_BC__COUNT] = {
#define MP_OP_KIND_(name, eff, jeff, kind) kind,
    MP_OPCODES(MP_OP_KIND_)
#undef MP_OP_KIND_
};

static const char *const binop_names[] = {"+", "-", "*", "@", "/", "//", "%", "**",
                                          "<<", ">>", "&", "^", "|"};
static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">", ">="};
static const char *const unop_names[] = {"-", "+", "~", "abs"};

static mp_obj *tuple_item(mp_obj *t, uint32_t i) {
    return i < mp_tuple_size(t) ? mp_tuple_items(t)[i] : NULL;
}

/* The "(meaning)" part of an operand. */
static int describe(mp_sb *sb, mp_code *co, int op, uint32_t arg) {
    mp_obj *o = NULL;
    char buf[64];
    switch (mp_opcode_kinds[op]) {
    case MP_OPK_CONST:
        o = tuple_item(co->consts, arg);
        if (o && mp_code_check(o)) {
            mp_code *c = (mp_code *)o;
            mp_sb_add_cstr(sb, "(<code object ");
            mp_sb_add(sb, mp_str_data(c->name), mp_str_size(c->name));
            snprintf(buf, sizeof buf, ", line %d>)", c->firstlineno);
            mp_sb_add_cstr(sb, buf);
            return 0;
        }
        break;
    case MP_OPK_NAME:
        o = tuple_item(co->names, arg);
        break;
    case MP_OPK_LOCAL:
        o = tuple_item(co->varnames, arg);
        break;
    case MP_OPK_DEREF:
        o = (int)arg < co->ncells ? tuple_item(co->cellvars, arg)
                                  : tuple_item(co->freevars, arg - (uint32_t)co->ncells);
        break;
    case MP_OPK_GLOBAL:
        o = arg < co->ngcache ? co->gcache[arg].name : NULL;
        break;
    case MP_OPK_METHOD:
        o = arg < co->nmcache ? co->mcache[arg].name : NULL;
        break;
    case MP_OPK_JUMP:
        snprintf(buf, sizeof buf, "(to %u)", arg);
        mp_sb_add_cstr(sb, buf);
        return 0;
    case MP_OPK_BINOP: {
        uint32_t b = arg >= MP_INPLACE_BIAS ? arg - MP_INPLACE_BIAS : arg;
        if (b < sizeof binop_names / sizeof binop_names[0])
            snprintf(buf, sizeof buf, "(%s%s)", binop_names[b], arg >= MP_INPLACE_BIAS ? "=" : "");
        else
            snprintf(buf, sizeof buf, "(?)");
        mp_sb_add_cstr(sb, buf);
        return 0;
    }
    case MP_OPK_CMP:
        mp_sb_add_cstr(sb, arg < 6 ? cmp_names[arg] : "?");
        return 0;
    case MP_OPK_UNOP:
        mp_sb_add_cstr(sb, arg < 4 ? unop_names[arg] : "?");
        return 0;
    default:
        return 0;
    }
    if (!o)
        return 0;
    mp_sb_addc(sb, '(');
    int r = mp_sb_add_obj(sb, o, mp_opcode_kinds[op] == MP_OPK_CONST);
    mp_sb_addc(sb, ')');
    return r;
}

static int disassemble_one(mp_sb *sb, mp_code *co) {
    char buf[128];
    bool *target = mp_mem_calloc(co->ncode + 1, sizeof(bool));
    for (uint32_t i = 0; i < co->ncode; i++) {
        int op = MP_INSTR_OP(co->code[i]);
        if (op < MP_BC__COUNT && mp_opcode_is_jump(op) && MP_INSTR_ARG(co->code[i]) <= co->ncode)
            target[MP_INSTR_ARG(co->code[i])] = true;
    }
    int last_line = -1, r = 0;
    for (uint32_t i = 0; i < co->ncode && r == 0; i++) {
        int op = MP_INSTR_OP(co->code[i]);
        uint32_t arg = MP_INSTR_ARG(co->code[i]);
        int line = co->locs[i].line;
        if (line > 0 && line != last_line) {
            if (i > 0)
                mp_sb_addc(sb, '\n');
            snprintf(buf, sizeof buf, "%4d", line);
            last_line = line;
        } else {
            snprintf(buf, sizeof buf, "    ");
        }
        mp_sb_add_cstr(sb, buf);
        const char *name = op < MP_BC__COUNT ? mp_opcode_names[op] : "<unknown>";
        snprintf(buf, sizeof buf, "    %s %6u %-24s", target[i] ? ">>" : "  ", i, name);
        mp_sb_add_cstr(sb, buf);
        if (op < MP_BC__COUNT && mp_opcode_kinds[op] != MP_OPK_NONE) {
            snprintf(buf, sizeof buf, " %5u ", arg);
            mp_sb_add_cstr(sb, buf);
            r = describe(sb, co, op, arg);
        }
        while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
            sb->len--;
        mp_sb_addc(sb, '\n');
    }
    mp_mem_free(target);
    return r;
}

static int disassemble_rec(mp_sb *sb, mp_code *co, bool header) {
    char buf[64];
    if (header) {
        mp_sb_add_cstr(sb, "\nDisassembly of <code object ");
        mp_sb_add(sb, mp_str_data(co->qualname), mp_str_size(co->qualname));
        snprintf(buf, sizeof buf, ", line %d>:\n", co->firstlineno);
        mp_sb_add_cstr(sb, buf);
    }
    if (disassemble_one(sb, co) < 0)
        return -1;
    for (size_t i = 0; i < mp_tuple_size(co->consts); i++) {
        mp_obj *c = mp_tuple_items(co->consts)[i];
        if (mp_code_check(c) && disassemble_rec(sb, (mp_code *)c, true) < 0)
            return -1;
    }
    return 0;
}

mp_obj *mp_disassemble(mp_obj *code) {
    mp_sb sb;
    mp_sb_init(&sb, 1024);
    if (disassemble_rec(&sb, (mp_code *)code, false) < 0) {
        mp_sb_free(&sb);
        return NULL;
    }
    return mp_sb_finish(&sb);
}
