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
/* One section block's geometry, inserts and ions (lower_cell.c). */
void lower_section(struct ir_model *m, struct ast *sec, struct ir_section *is);
/* The ions of is's inserts, with NEURON's defaults and style, then the
 * values sec writes; lower_ion_values: only the values (lower_cell.c). */
void lower_section_ions(struct ir_model *m, struct ast *sec, struct ir_section *is);
void lower_ion_values(struct ir_model *m, struct ast *sec, struct ir_section *is);
/* The ion styles block sec writes (`ca_ion_style = (...)`) over those of is. */
void lower_ion_style(struct ir_model *m, struct ast *sec, struct ir_section *is);
/* Once is's style and values are final: where the style has cinit, both
 * concentrations start at the ion's globals (NEURON's ion_init). */
void lower_ion_cinit(struct ir_model *m, struct ir_section *is);
/* A morphology's section (SECTION_MORPH): its 3-D points, then the list
 * blocks of its cell that name its list or `all`, in order (lower_morph.c). */
void lower_morph_section(struct ir_model *m, struct ast *cell, struct ast *sec,
                         struct ir_section *is);
/* Area (um2) of each of the nseg centres of a section with 3-D points, and
 * rinv (uS) of each centre and of the x=1 end node: NEURON's diam_from_list. */
void lower_pt3d_segments(const struct ir_section *s, double *area, double *rinv);
/* For a morphology's section: the last list block applying to it that writes
 * key (else dflt), and the value of param of mech it gets (the PROP, its
 * INSERT in *insert; NULL if no block writes it) (lower_morph.c). */
struct ast *lower_morph_block(struct ast *cell, const char *section, const char *key,
                              struct ast *dflt);
struct ast *lower_morph_param(struct ast *cell, const char *section, const char *mech,
                              const char *param, struct ast **insert);
/* The section named name, or a morphology list's first section ("dend" ->
 * "dend[0]"); -1 if none. */
int ir_section_named(const struct ir_celltype *t, const char *name);
/* Why a point process that reads diam cannot sit at sec(x) (a sentence's
 * end), or NULL where it has a diameter (lower_cell.c). */
const char *lower_pp_no_diam(const struct ir_section *sec, double x);

/* May the instances of this point mechanism on one node be summed into one
 * (superposition: linear in its events, no standing current)?  superpose.c */
bool lower_superposable(const struct ir_mech *m);

/* Why evaluating an expression once more would change the run (pure.c). */
enum ir_effect_kind {
    IRE_NONE,       /* pure: it only reads and computes */
    IRE_DRAW,       /* it draws a random number */
    IRE_WRITE,      /* it assigns var, a variable of the mechanism (not a local) */
    IRE_EVENT,      /* it sends, emits, moves or watches an event (stmt: the IRS_ kind) */
    IRE_CYCLE,      /* func is reached again from itself: not proven to end */
};
struct ir_effect {
    enum ir_effect_kind kind;
    int called;             /* the impure function the expression itself calls, or -1 */
    int func;               /* the function where the effect is (called, or one it calls),
                               or -1: in the expression itself */
    int var;                /* IRE_WRITE */
    int stmt;               /* IRE_WRITE, IRE_EVENT: enum ir_stmt_kind */
};
/* Is e pure: no draw, and calls of pure functions only (a pure function
 * assigns only its locals and arguments, draws nothing, touches no event,
 * calls only pure functions; a cycle of calls is impure)?  If not, and why
 * is not NULL, the first effect found, in evaluation order. */
bool ir_expr_pure(const struct ir_mech *m, const struct ir_expr *e, struct ir_effect *why);
/* Is function (or procedure) f of m pure?  why->called is f when not. */
bool ir_func_pure(const struct ir_mech *m, int f, struct ir_effect *why);

/* Constant evaluation of IR (setters, defaults). */
bool ir_eval(const struct ir_mech *m, const struct ir_expr *e, const double *vals, double *out);
bool ir_exec(const struct ir_mech *m, const struct ir_block *b, double *vals);

#endif
