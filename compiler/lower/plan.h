/* plan.h - what code generation may fold for a model and what it must keep
 * as run-time values (no LLVM: ahead-of-time programs use it too). */
#ifndef CIRC_PLAN_H
#define CIRC_PLAN_H

#include "layout.h"
#include "sema.h"

/* Sets opt's fold_globals, runtime_params, pp_on_type and mech_used for this program
 * (arrays in the sema's arena); the other options are the caller's. */
void plan_options(struct sema *s, const struct ir_model *ir, struct cg_options *opt);

/* True when no `set` changes a mechanism global, so codegen may fold them. */
bool plan_globals_are_defaults(const struct sema *s);

#endif
