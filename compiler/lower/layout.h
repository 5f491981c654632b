/* layout.h - where a model's values live at run time.
 *
 * The code generator and the runtime's network description (lower_net) must
 * agree on it; it follows from the model IR and the code generation options
 * alone, without LLVM, so an ahead-of-time program can lower its model
 * again (for --set) with no code generator in it.
 */
#ifndef CIRC_LAYOUT_H
#define CIRC_LAYOUT_H

#include <stdbool.h>

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
    bool all_params_runtime;/* every density parameter is a run-time value (an
                               ahead-of-time program, so that --set needs no compiler) */
    /* pp_on_type[type * nmechs + mech]: may point mechanism `mech` be placed on
       cells of `type`?  NULL: assume every one may (no loop is skipped) */
    const bool *pp_on_type;
    /* mech_used[mech]: does a connection, stimulus or population use point or
       artificial mechanism `mech`?  Unused ones get no entry points (the
       stdlib's point neurons in a model of HH cells).  NULL: every one */
    const bool *mech_used;
    /* cell types of at least this many nodes are emitted as loops over
       tables (cg_tree.c); 0: the default threshold */
    int loop_nodes;
};

/* A density parameter kept as a run-time value in one cell type. */
struct cg_rparam {
    int mech;
    int var;
    double base;            /* the value the cell type gives it */
};

/* One cell type's struct crt_group.data: v, rhs and d of each node, then
 * the density slots; and which parameters come from crt_group.params. */
struct cg_type_layout {
    unsigned nnodes;
    unsigned *base;         /* per section, per insert: first slot (flattened) */
    unsigned nslots;        /* density-mechanism slots per cell */
    int *rparam;            /* per section, per insert, per var: index in params of its
                               value at segment 0 (segment k's follows at + k), or -1 */
    unsigned *rbase;        /* per section, per insert: first entry in rparam */
    struct cg_rparam *rparams;  /* crt_group.params, in order */
    unsigned nrparams;
    /* ions whose values change at run time, after the density slots: per
       section, per ion used there (ir_section.ions), its dynamic fields in
       field order, nseg slots each */
    unsigned *ion_flat;     /* per section: flat index of its first ion use */
    unsigned *ion_base;     /* per flat ion use: first slot */
};

struct cg_layout {
    struct cg_type_layout *types;   /* per cell type */
    int *pp_index;          /* per mechanism: index among point mechanisms, or -1 */
    unsigned npp;           /* number of point mechanisms */
    int *global_index;      /* per mechanism: first index in crt_globals.mech_globals */
    unsigned nglobals;
    double *global_init;    /* default of each mechanism global */
    const bool *mech_used;  /* cg_options.mech_used (NULL: every mechanism) */
};

/* Fills *out (allocated in m's arena). */
void cg_layout_compute(const struct ir_model *m, const struct cg_options *opt,
                       struct cg_layout *out);

/* The row of crt_group.data (3 * nnodes + slot) holding variable `var` of
 * the density mechanism inserted at node `node` of cell type t that stores
 * it (only mechanism `mech_name`, unless NULL), or -1 (no such mechanism
 * there, or an end node).  *mech: which (the first inserted); *nmatch: how
 * many inserted there have it.  Either may be NULL. */
int cg_variable_row(const struct ir_model *m, const struct cg_type_layout *l,
                    const struct ir_celltype *t, int node, const char *mech_name,
                    const char *var, int *mech, int *nmatch);

/* The row of crt_group.data holding field `field` of ion use `use` of
 * section `sec` at segment `seg`, or -1 (a constant of the cell type). */
int cg_ion_row(const struct cg_type_layout *l, const struct ir_celltype *t, unsigned sec,
               unsigned use, int field, int seg);

/* The index in crt_group.params of parameter `var` (a run-time value) of
 * the density mechanism inserted at node `node` that has it (only `mech_name`,
 * unless NULL): its value at that segment; -1 if none.  *mech: which. */
int cg_param_index(const struct ir_model *m, const struct cg_type_layout *l,
                   const struct ir_celltype *t, int node, const char *mech_name,
                   const char *var, int *mech);

/* The row of crt_group.data holding ion variable `var` (`ek`, `cai`, `ik`)
 * of the section at node `node` of cell type t, or -1 (no ion of that
 * name used there, an end node, or a constant of the cell type). */
int cg_ion_variable_row(const struct ir_model *m, const struct cg_type_layout *l,
                        const struct ir_celltype *t, int node, const char *var);

/* Does any code of the mechanism assign this parameter? */
bool cg_param_written(const struct ir_mech *m, int var);
/* Does a density instance keep this variable in a slot of its own? */
bool cg_stored(const struct ir_mech *m, int var);

#endif
