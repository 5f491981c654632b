/* cg.h - code generation: the model IR to an LLVM module (LLVM C API).
 *
 * One module per model: for each cell type `circ_init_<T>` and
 * `circ_step_<T>` (fused: currents of every mechanism in NEURON's type
 * order, matrix assembly, Hines solve, voltage and state updates); for each
 * point or artificial mechanism `circ_receive_<M>`; for each artificial
 * mechanism `circ_art_init_<M>`; and `circ_tables` (TABLE builds).  The same
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

struct cg_options {
    bool exact;             /* NEURON's libm exp, no FMA contraction, no reassociation */
    int opt_level;          /* 0..3 */
    bool object;            /* for an object file (small code model), not the JIT */
    bool fold_globals;      /* mechanism globals (usetable) are their defaults in every
                               experiment: make them constants */
    /* density parameters a `set` changes ("hh.gl"): read from crt_group.params
       at run time instead of folded; mechanism and parameter names, pairwise */
    const char *const *runtime_params;
    unsigned nruntime_params;
    /* pp_on_type[type * nmechs + mech]: may point mechanism `mech` be placed on
       cells of `type`?  NULL: assume every one may (no loop is skipped) */
    const bool *pp_on_type;
};

/* A density parameter kept as a run-time value in one cell type. */
struct cg_rparam {
    int mech;
    int var;
    double base;            /* the value the cell type gives it */
};

/* Layout facts the runtime needs, computed while generating code. */
struct cg_layout {
    unsigned *type_nslots;  /* per cell type: density-mechanism slots per cell */
    int *pp_index;          /* per mechanism: index among point mechanisms, or -1 */
    unsigned npp;           /* number of point mechanisms */
    int *global_index;      /* per mechanism: first index in crt_globals.mech_globals */
    unsigned nglobals;
    double *global_init;    /* default of each mechanism global */
    struct cg_rparam **type_rparams;    /* per cell type: its crt_group.params */
    unsigned *type_nrparams;
};

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
/* LLVM IR text of the module (caller frees with LLVMDisposeMessage). */
char *cg_print(const struct cg_result *r);

#endif
