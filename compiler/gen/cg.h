/* cg.h - code generation: the model IR to an LLVM module (LLVM C API).
 *
 * One module per model: for each cell type `circ_init_<T>` and
 * `circ_step_<T>` (fused: currents of every mechanism in NEURON's type
 * order, matrix assembly, Hines solve, voltage and state updates); for each
 * point or artificial mechanism the model uses (cg_options.mech_used)
 * `circ_receive_<M>`; for each such artificial mechanism
 * `circ_art_init_<M>`; and `circ_tables` (TABLE builds).  The same
 * module serves the JIT and the object file.
 */
#ifndef CIRC_CG_H
#define CIRC_CG_H

#include <stdbool.h>

#include <llvm-c/Core.h>
#include <llvm-c/Orc.h>
#include <llvm-c/TargetMachine.h>

#include "diag.h"
#include "ir.h"
#include "layout.h"

struct cg_result {
    LLVMOrcThreadSafeContextRef tsc;    /* owns the context (the JIT needs it so) */
    LLVMContextRef ctx;
    LLVMModuleRef module;
    LLVMTargetMachineRef tm;
    struct cg_layout layout;
    double ms_codegen, ms_optimize;     /* building the module; LLVM's passes */
};

/* Builds the module (not optimized) and the host's target machine; false
 * (with a diagnostic) on failure.  The caller owns the result (cg_dispose). */
bool cg_build(const struct ir_model *m, const struct cg_options *opt, struct diag_sink *d,
              struct cg_result *out);
/* Runs LLVM's passes over r's module (in place). */
bool cg_optimize(struct cg_result *r, int opt_level, struct diag_sink *d);
/* The passes cg_optimize runs, as text (part of the object cache's key). */
const char *cg_pipeline(int opt_level);
/* cg_build, then cg_optimize. */
bool cg_generate(const struct ir_model *m, const struct cg_options *opt, struct diag_sink *d,
                 struct cg_result *out);
void cg_dispose(struct cg_result *r);
/* A target machine for this host (NULL with a diagnostic). */
LLVMTargetMachineRef cg_host_machine(int opt_level, bool object, struct diag_sink *d);
/* LLVM IR text of the module (caller frees with LLVMDisposeMessage). */
char *cg_print(const struct cg_result *r);

#endif
