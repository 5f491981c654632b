/* jit.h - running generated code in process (ORC LLJIT). */
#ifndef CIRC_JIT_H
#define CIRC_JIT_H

#include "crt_model.h"
#include "cg.h"
#include "diag.h"

struct jit;

/* Is `name` one of the external functions generated code may call (libm's
 * transcendentals, circ_rt.h's crt_* calls, memory intrinsics)? */
bool jit_allowed(const char *name);

/* Machine code comes as a bundle: one or more object files that link as
 * one program ("circ-objects" magic, a count, then each size and object). */
LLVMMemoryBufferRef jit_bundle(const LLVMMemoryBufferRef *objs, int n);

/* Links a bundle (from jit_compile or the object cache; machine code for
 * `tm`) into the process and fills m's function pointers.  Takes ownership
 * of tm and bundle. */
struct jit *jit_load(LLVMTargetMachineRef tm, LLVMMemoryBufferRef bundle, struct crt_model *m,
                     struct diag_sink *d);
/* The machine code of r's optimized module (jit_compile.c): its functions
 * compiled in parts, one per core, with r's target machine and others like
 * it.  Trims r's module.  NULL with a diagnostic. */
LLVMMemoryBufferRef jit_compile(struct cg_result *r, int opt_level, struct diag_sink *d);
void jit_destroy(struct jit *j);

#endif
