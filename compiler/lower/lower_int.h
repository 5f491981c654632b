/* lower_int.h - what lower_mech.c shares with the files that lower parts of
 * a mechanism for it (lower_kinetic.c). */
#ifndef CIRC_LOWER_INT_H
#define CIRC_LOWER_INT_H

#include "ir.h"
#include "sema.h"

struct lm {
    struct sema *s;
    const struct ir_model *model;
    struct arena *a;
    struct ir_mech *m;
    struct sym **syms;      /* syms[i] is the symbol of var i (NULL for builtins) */
    unsigned cap;
    struct sym *mech;
    bool ok;
    struct sym **value_syms;        /* the mechanism's values (`let`), lowered in order: */
    struct ir_expr **value_exprs;   /* each reading of one is a copy of its expression */
    unsigned nvalues;
    struct loc *watch_loc;  /* per watch of the mechanism: where its watch() is written */
};

int lm_add_local(struct lm *l, const char *name);
int lm_var_of(struct lm *l, struct sym *sym);
int lm_builtin(struct lm *l, int builtin, const char *name);   /* enum ir_builtin's var */
struct ir_expr *lm_expr(struct lm *l, struct ast *n);
struct ir_expr *lm_cst(struct lm *l, double v);
struct ir_expr *lm_var(struct lm *l, int var);
struct ir_expr *lm_bin(struct lm *l, enum ir_op op, struct ir_expr *a, struct ir_expr *b);
struct ir_expr *lm_un(struct lm *l, enum ir_op op, struct ir_expr *a);
struct ir_expr *lm_math(struct lm *l, enum ir_math f, struct ir_expr *a);
struct ir_expr *lm_select(struct lm *l, struct ir_expr *c, struct ir_expr *a, struct ir_expr *b);
struct ir_stmt *lm_stmt_new(struct lm *l, enum ir_stmt_kind kind);
void lm_push(struct lm *l, struct ir_block *b, struct ir_stmt *st);
/* An ordinary statement (assignment, call, if) into out. */
void lm_stmt(struct lm *l, struct ast *st, struct ir_block *out);

/* The kinetic block kin as NEURON's sparse method: one step into out, or
 * (steady) its steady state as STEADYSTATE sparse finds it (lower_kinetic.c). */
void lower_kinetic(struct lm *l, struct ast *kin, struct ir_block *out, bool steady);
/* `derivative implicit` as NEURON's derivimplicit: one step into out
 * (lower_implicit.c). */
void lower_implicit(struct lm *l, struct ast *deriv, struct ir_block *out);
/* `solve x`: the linear block x as scopmath's simeq, or the nonlinear block
 * x by scopmath's newton, into out (lower_implicit.c). */
void lower_solve(struct lm *l, struct ast *solve, struct ir_block *out);
/* `derivative euler` as NEURON's euler_thread: the block, then s += dt*s'
 * in equation order (lower_implicit.c). */
void lower_euler(struct lm *l, struct ast *deriv, struct ir_block *out);
/* `derivative runge` as NEURON's METHOD runge: scopmath's fixed-step
 * fourth-order Runge-Kutta, then the block once more (lower_implicit.c). */
void lower_runge(struct lm *l, struct ast *deriv, struct ir_block *out);

/* step_local.c: a density mechanism's assigned variables that every block
 * sets before reading become locals of each entry point (no slot), unless
 * recorded[var]. */
void lower_step_locals(struct ir_mech *m, const bool *recorded);

#endif
