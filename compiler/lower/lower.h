/* lower.h - from the checked AST to the model IR (ir.h) and the runtime's
 * network description (runtime/crt_model.h). */
#ifndef CIRC_LOWER_H
#define CIRC_LOWER_H

#include "ir.h"
#include "sema.h"

/* Lowers every mechanism and cell type; reports problems (a nonlinear
 * derivative, recursion) to diag.  Returns NULL only on such errors. */
struct ir_model *lower_model(struct sema *s);

/* Internal: one mechanism / one cell type. */
bool lower_mechanism(struct sema *s, struct ir_model *m, struct sym *mech, struct ir_mech *out);
bool lower_celltype(struct sema *s, struct ir_model *m, struct sym *cell, struct ir_celltype *out);
int lower_mech_index(const struct ir_model *m, const char *name);
int lower_ion_index(const struct ir_model *m, const char *ion);     /* or -1 */

/* May the instances of this point mechanism on one node be summed into one
 * (superposition: linear in its events, no standing current)?  superpose.c */
bool lower_superposable(const struct ir_mech *m);

/* Constant evaluation of IR (setters, defaults). */
bool ir_eval(const struct ir_mech *m, const struct ir_expr *e, const double *vals, double *out);
bool ir_exec(const struct ir_mech *m, const struct ir_block *b, double *vals);

#endif
