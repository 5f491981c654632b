/* cg_int.h - what the codegen files share: one context per module. */
#ifndef CIRC_CG_INT_H
#define CIRC_CG_INT_H

#include "cg.h"
#include "circ_rt.h"   /* the ABI: struct layouts and their field indices */

struct cg_ctx {
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    const struct ir_model *model;
    const struct cg_options *opt;
    struct cg_layout *layout;
    struct diag_sink *diag;
    /* cached types */
    LLVMTypeRef f64, i64, i32, i1, i8p, f64p, i64p, void_t;
    LLVMTypeRef t_globals, t_set, t_group;
    LLVMTypeRef t_math1, t_math2, t_send, t_move, t_watch, t_emit, t_rand, t_train;
    /* declared functions */
    LLVMValueRef fn_exp, fn_log, fn_log10, fn_sin, fn_cos, fn_tanh, fn_pow;
    LLVMValueRef fn_ceil;
    LLVMValueRef fn_tan, fn_sinh, fn_cosh, fn_asin, fn_acos, fn_atan, fn_atan2, fn_fmod;
    LLVMValueRef fn_fabs, fn_floor, fn_sqrt;
    LLVMValueRef libm[16];  /* the libm functions above: cg_call marks their calls */
    unsigned nlibm;
    LLVMValueRef fn_send, fn_move, fn_watch, fn_emit, fn_erand, fn_urand, fn_normrand, fn_train;
    LLVMValueRef *tables;   /* per mechanism, per function: table global or NULL */
    unsigned *tables_base;  /* per mechanism: first index in tables */
    LLVMValueRef *table_span;   /* like tables: [2 x double] {from, 1/dx} of a table
                                   whose bounds read globals, set as it is built; or NULL */
    unsigned ntree_tables;  /* constant arrays made by cg_tree.c so far (their names) */
    /* dt and celsius as loaded in run_const_fn's entry block (cg_run_constant) */
    LLVMValueRef run_const_fn, run_const[2];
};

/* How one mechanism instance's variables are reached while emitting code. */
struct cg_inst {
    const struct ir_mech *m;
    int mech;               /* index in the model */
    LLVMValueRef *ptr;      /* per var: address (memory or alloca), or NULL */
    LLVMValueRef *val;      /* per var: a read-only value (folded or builtin), or NULL */
    LLVMValueRef fn;        /* function being built (for allocas and blocks) */
    LLVMValueRef set, index;/* for send/emit/random: struct crt_set *, i64 */
    LLVMValueRef globals;   /* const struct crt_globals * */
    LLVMValueRef args;      /* receive: the event's connection state (double *), else NULL */
    LLVMValueRef t;         /* current time value */
    LLVMValueRef watch_rm;  /* receive blocks with watch(): i64 alloca, the watches run in
                               this call so far (nocmodl's _watch_rm), else NULL */
    LLVMValueRef node_v;    /* a point process's receive that assigns v: the address of
                               its node's v, which ptr[v] copies until the block ends */
    /* where this instance's code begins (cg_inst_init): its locals start at
     * 0 there, so none carries a value from the instance before */
    LLVMBasicBlockRef start_block;
    LLVMValueRef start_after;   /* the block's last instruction then, or NULL */
    /* inlined function frame */
    LLVMValueRef ret_ptr;
    LLVMBasicBlockRef ret_block;
    /* density instances: the section's ions (cg_ion.c) */
    const struct ir_section *sec;
    LLVMValueRef *ion_slot; /* per ion * IRF_COUNT + field: address, or NULL (constant) */
    LLVMValueRef *ion_cur;  /* per current: the ion current it adds to in this
                               evaluation (the step's), or NULL */
};

/* ---- builder helpers (cg_emit.c) ---- */
LLVMValueRef cg_const(struct cg_ctx *c, double v);
LLVMValueRef cg_i64(struct cg_ctx *c, long long v);
LLVMValueRef cg_entry_alloca(struct cg_ctx *c, LLVMValueRef fn, LLVMTypeRef t, const char *name);
LLVMValueRef cg_load(struct cg_ctx *c, LLVMTypeRef t, LLVMValueRef ptr, const char *name);
/* dt or celsius (CRT_GLOBALS_DT, CRT_GLOBALS_CELSIUS), read once per function */
LLVMValueRef cg_run_constant(struct cg_ctx *c, const struct cg_inst *in, unsigned field,
                             const char *name);
LLVMValueRef cg_gep_f64(struct cg_ctx *c, LLVMValueRef base, LLVMValueRef index, const char *name);
LLVMValueRef cg_field(struct cg_ctx *c, LLVMTypeRef st, LLVMValueRef ptr, unsigned field,
                      LLVMTypeRef ft, const char *name);
LLVMValueRef cg_field_ptr(struct cg_ctx *c, LLVMTypeRef st, LLVMValueRef ptr, unsigned field,
                          const char *name);
LLVMValueRef cg_call(struct cg_ctx *c, LLVMTypeRef ft, LLVMValueRef fn, LLVMValueRef *args,
                     unsigned n, const char *name);
LLVMValueRef cg_function(struct cg_ctx *c, const char *name, LLVMTypeRef ret,
                         LLVMTypeRef *params, unsigned n);
bool cg_terminated(struct cg_ctx *c);

/* Counted loop i = 0 .. n-1: cg_loop_begin positions the builder in the body
 * and returns i; cg_loop_end closes it. */
struct cg_loop {
    LLVMBasicBlockRef head, body, exit, latch;
    LLVMValueRef i, next_i;
    LLVMBasicBlockRef pre;
};
LLVMValueRef cg_loop_begin(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef n, struct cg_loop *l,
                           const char *name);
void cg_loop_end(struct cg_ctx *c, struct cg_loop *l);
/* Declares the (closed) loop's iterations independent: every load and store
 * in it joins one access group listed as parallel, so the vectorizer needs
 * no runtime alias checks.  True of loops over cells. */
void cg_loop_parallel(struct cg_ctx *c, struct cg_loop *l);
/* Asks the (closed) loop not to be vectorized: it runs once per run (INITIAL,
 * tables), so vector code would only cost compile time. */
void cg_loop_scalar(struct cg_ctx *c, struct cg_loop *l);

/* ---- mechanism code (cg_mech.c) ---- */
LLVMValueRef cg_expr(struct cg_ctx *c, struct cg_inst *in, const struct ir_expr *e);
LLVMValueRef cg_as_double(struct cg_ctx *c, LLVMValueRef v);
/* A condition as i1: a number is true when non-zero (NMODL's `if (on)`). */
LLVMValueRef cg_as_bool(struct cg_ctx *c, LLVMValueRef v);
void cg_block(struct cg_ctx *c, struct cg_inst *in, const struct ir_block *b);

/* ---- ions (cg_ion.c): NEURON's eion.cpp ---- */
/* Binds the ion variables of a density instance at segment seg of section sec. */
void cg_ion_bind(struct cg_ctx *c, struct cg_inst *in, const struct ir_celltype *t,
                 const struct cg_type_layout *l, unsigned sec, int seg, LLVMValueRef data,
                 LLVMValueRef ncells, LLVMValueRef cell);
/* The step's ion currents of this instance's `current`s that name one. */
void cg_ion_currents(struct cg_ctx *c, struct cg_inst *in);
/* ion_init: concentrations start at their values, e by Nernst (by style). */
void cg_ion_init(struct cg_ctx *c, const struct ir_celltype *t, const struct cg_type_layout *l,
                 LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell);
/* ion_cur, before any mechanism's current: i = 0, e by Nernst (by style). */
void cg_ion_cur(struct cg_ctx *c, const struct ir_celltype *t, const struct cg_type_layout *l,
                LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell);
/* Around a mechanism's INITIAL and DERIVATIVE: a state that is a written
 * concentration is read from the ion before and written back after, and
 * after INITIAL (init) e follows (NEURON's nrn_wrote_conc). */
void cg_ion_before(struct cg_ctx *c, struct cg_inst *in);
void cg_ion_after(struct cg_ctx *c, struct cg_inst *in, bool init);
/* Does m's breakpoint block write one of its concentration states? */
bool cg_breakpoint_conc(const struct ir_mech *m);
/* nrn_nernst(ci, co, z) in NEURON's operation order */
LLVMValueRef cg_nernst(struct cg_ctx *c, LLVMValueRef gl, LLVMValueRef ci, LLVMValueRef co,
                       double z);
void cg_write_var(struct cg_ctx *c, struct cg_inst *in, int var, LLVMValueRef value);
/* ---- currents (cg_current.c) ---- */
/* Sum of the mechanism's currents at voltage v (builtin v bound to it). */
/* keep: store the currents that have a var (current_var) there, as NEURON
 * keeps the value at v (not at v + 0.001) */
LLVMValueRef cg_current(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef v, bool keep);
/* The current at v, and in *g its conductance di/dv (NEURON's difference
 * quotient in --exact; v stays bound). */
LLVMValueRef cg_current_slope(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef v,
                              LLVMValueRef *g);
/* Does finitialize's evaluation of the currents at t = 0 (NEURON's nrn_cur
 * after INITIAL) matter for this instance: a current recorded, an ion
 * current kept, or a BREAKPOINT block whose assignments a recording at t = 0
 * reads (in: NULL for a point process, which adds to no ion's slot). */
bool cg_currents_at_init(const struct ir_mech *m, const struct cg_inst *in);
void cg_emit_tables(struct cg_ctx *c);
void cg_inst_init(struct cg_ctx *c, struct cg_inst *in, int mech, LLVMValueRef fn);
void cg_bind_builtin(struct cg_ctx *c, struct cg_inst *in, int builtin, LLVMValueRef v);

/* exp for the default mode: inline and vectorizable (cg_exp.c) */
LLVMValueRef cg_fast_exp(struct cg_ctx *c, LLVMValueRef x);
LLVMValueRef cg_fast_log(struct cg_ctx *c, LLVMValueRef x);

/* ---- large cell types as loops over tables (cg_tree.c) ---- */
/* Cell types of at least this many nodes (cg_options.loop_nodes overrides it).
 * From 8 nodes the loops simulate as fast as code per node (hh and pas, 2 to
 * 65 nodes: bench/loop_threshold.sh) and compile in a quarter of the CPU
 * time once a node carries several mechanisms (bench/RESULTS.md). */
enum { CG_TREE_NODES = 8 };
/* CG_TREE_INIT runs INITIAL; CG_TREE_INIT_CURRENTS, after every
 * mechanism's INITIAL, finitialize's currents at t = 0 (cg_currents_at_init) */
enum cg_tree_phase { CG_TREE_CURRENTS, CG_TREE_INIT, CG_TREE_INIT_CURRENTS, CG_TREE_STATES };
struct cg_tree;
bool cg_tree_wanted(const struct cg_ctx *c, const struct ir_celltype *t);
/* The tables of cell type `type`: its mechanism instances grouped by how
 * they bind, its ion uses, its tree (in the model's arena). */
struct cg_tree *cg_tree_plan(struct cg_ctx *c, int type);
/* data rows first_row .. first_row + nrows - 1 of every cell = value
 * (once: a loop run once per run, not vectorized). */
void cg_tree_fill(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef data, LLVMValueRef ncells,
                  unsigned first_row, unsigned nrows, LLVMValueRef value, bool once);
/* cg_ion_init (init) or cg_ion_cur as loops. */
void cg_tree_ions(struct cg_ctx *c, LLVMValueRef fn, const struct cg_tree *tr, LLVMValueRef gl,
                  LLVMValueRef data, LLVMValueRef ncells, bool init);
/* Density mechanisms mech_from .. mech_to - 1 at every node, in order: their
 * currents into rhs and d (in memory), their INITIAL (at vinit) or their
 * states (at the new v, time t_new). */
void cg_tree_density(struct cg_ctx *c, LLVMValueRef fn, int type, const struct cg_tree *tr,
                     unsigned mech_from, unsigned mech_to, enum cg_tree_phase phase,
                     LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef params,
                     LLVMValueRef vinit, LLVMValueRef t_new);
/* Axial terms, capacitance, Hines elimination and v += dv, in memory. */
void cg_tree_solve(struct cg_ctx *c, LLVMValueRef fn, int type, const struct cg_tree *tr,
                   LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cfac);

/* ---- ions of point processes (cg_pp_ion.c) ---- */
bool cg_pp_has_ions(const struct ir_mech *m);
/* Binds the ion variables (eX) of a point-process instance at data index
 * flat (node * ncells + cell) of a group of cell type `type`. */
void cg_pp_bind_ions(struct cg_ctx *c, struct cg_inst *in, int type, LLVMValueRef gdata,
                     LLVMValueRef ncells, LLVMValueRef flat);
/* Adds every instance's ion currents (iX at v) to the section's, in instance order. */
void cg_pp_ion_currents(struct cg_ctx *c, LLVMValueRef fn, int type, int mech, LLVMValueRef set,
                        LLVMValueRef gl, LLVMValueRef gdata, LLVMValueRef ncells, LLVMValueRef t);

/* ---- kernels ---- */
void cg_celltype(struct cg_ctx *c, int type);   /* cg_cell.c */
/* Binds instance i of a set: every variable with a slot is memory. */
void cg_bind_set(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef set, LLVMValueRef data,
                 LLVMValueRef n, LLVMValueRef i);
void cg_mech_entry(struct cg_ctx *c, int mech);  /* cg_set.c */

#endif
