/* jit.h - running generated code in process (ORC LLJIT). */
#ifndef CIRC_JIT_H
#define CIRC_JIT_H

#include "../runtime/crt_model.h"
#include "cg.h"
#include "diag.h"

struct jit;

/* Links `obj` (machine code for `tm`, as jit_compile or the object cache
 * gives it) into the process and fills m's function pointers.  Takes
 * ownership of tm and obj. */
struct jit *jit_load(LLVMTargetMachineRef tm, LLVMMemoryBufferRef obj, struct crt_model *m,
                     struct diag_sink *d);
/* The machine code of r's optimized module, as the JIT's own compiler
 * would produce it (same target machine); NULL with a diagnostic. */
LLVMMemoryBufferRef jit_compile(struct cg_result *r, struct diag_sink *d);
void jit_destroy(struct jit *j);

#endif
