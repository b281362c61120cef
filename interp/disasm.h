/*
 * disasm.h — a readable listing of a code object and the code objects
 * among its constants (the `--dis` flag of the CLI, and debugging).
 */
#ifndef MP_DISASM_H
#define MP_DISASM_H

#include "runtime/object.h"

/* The listing as a str (new reference), or NULL on error. */
mp_obj *mp_disassemble(mp_obj *code);

#endif /* MP_DISASM_H */
