/* ir.h - the model IR: what code generation sees.
 *
 * Lowering (lower_*.c) turns the checked AST into:
 *  - mechanisms: variables numbered per mechanism, statements and expression
 *    trees over them, with every unit conversion made explicit (a MUL by a
 *    constant, only where a factor is not exactly 1), functions to be
 *    inlined, cnexp updates in linear form (y += (1-exp(dt*b))*(-(a)/b - y)),
 *    and TABLE descriptions;
 *  - cell types: compartment trees in NEURON's node layout (NUMERICS.md §2),
 *    with areas and coupling coefficients computed, and the density
 *    mechanisms inserted at each node with their parameter values.
 * Codegen never sees the AST.  Everything lives in the IR's own arena.
 */
#ifndef CIRC_IR_H
#define CIRC_IR_H

#include <stdbool.h>
#include <stdio.h>

#include <stdint.h>

#include "arena.h"
#include "crt_math.h"

enum ir_op {
    IR_CONST, IR_VAR, IR_NEG, IR_ADD, IR_SUB, IR_MUL, IR_DIV, IR_POW,
    IR_LT, IR_LE, IR_GT, IR_GE, IR_EQ, IR_NE, IR_AND, IR_OR, IR_NOT,
    IR_SELECT,      /* args: condition, then, else */
    IR_MATH,        /* aux: enum ir_math */
    IR_CALL,        /* aux: function index in the mechanism */
    IR_RAND,        /* aux: enum ir_rand */
};

/* the math functions, numbered as runtime/crt_math.h's list (IRM_X = CRT_MATH_X) */
enum ir_math {
#define IR_MATH_ENUM(N, n, k, nm, v) IRM_##N = CRT_MATH_##N,
    CRT_MATHS(IR_MATH_ENUM)
#undef IR_MATH_ENUM
};
/* random numbers, and the instance's spike train (IRR_TRAIN_SIZE: no
 * argument; IRR_TRAIN_TIME: the index), also read through the runtime */
enum ir_rand { IRR_ERAND, IRR_URAND, IRR_NORMRAND, IRR_TRAIN_SIZE, IRR_TRAIN_TIME };

struct ir_expr {
    enum ir_op op;
    int aux;
    double value;           /* IR_CONST */
    int var;                /* IR_VAR: index into the mechanism's vars */
    unsigned nargs;
    struct ir_expr **args;
};

enum ir_var_kind {
    IRV_PARAM,      /* settable; per instance */
    IRV_GLOBAL,     /* per mechanism, not per instance (usetable) */
    IRV_STATE,
    IRV_ASSIGNED,
    IRV_CONST,      /* `constant`: folded */
    IRV_LOCAL,      /* `let` and function arguments: SSA in codegen */
    IRV_BUILTIN,    /* v, t, dt, celsius, area, flag */
    IRV_ION,        /* a variable of an ion at the node (`useion`): ion, ion_field */
};

/* An ion's variables at a node (sema.h enum ion_field): grep ORDER ION_FIELDS */
enum ir_ion_field { IRF_E, IRF_CI, IRF_CO, IRF_I, IRF_COUNT };

enum ir_builtin { IRB_V, IRB_T, IRB_DT, IRB_CELSIUS, IRB_AREA, IRB_FLAG, IRB_DIAM };

struct ir_var {
    const char *name;
    enum ir_var_kind kind;
    int builtin;            /* IRV_BUILTIN */
    double init;            /* PARAM/GLOBAL/CONST: default value, internal units */
    int slot;               /* PARAM/STATE/ASSIGNED: index among the instance vars */
    int ion;                /* IRV_ION, and a STATE that is a written concentration:
                               index into ir_model.ions; else -1 */
    int ion_field;          /* enum ir_ion_field */
};

enum ir_stmt_kind {
    IRS_ASSIGN,     /* var = e */
    IRS_IF,         /* if e { then } else { els } */
    IRS_CALL,       /* procedure call: aux = function index, args */
    IRS_SEND,       /* send(e = delay, e2 = flag); aux 1: e is the event's time (lower_mech.c send_time) */
    IRS_EMIT,
    IRS_RETURN,     /* return e */
    IRS_CNEXP,      /* var += (1 - exp(dt*e2)) * (-(e)/e2 - var); e = a, e2 = b */
    IRS_LOOP,       /* do { then } while (e): a kinetic scheme's Newton iterations */
    IRS_WHILE,      /* while e { then }, at most aux times */
    IRS_MOVE,       /* move the instance's pending self event of flag 1 to time e
                       (absolute, NEURON's net_move) */
    IRS_FOR_CONNS,  /* for each connection onto the instance: args are IR_VARs of LOCALs
                       bound to its weight (read-only) and its state (in place); then */
    IRS_WATCH,      /* activate watch aux (ir_mech.watches[aux], whose value e is) with
                       flag e2 (a constant), NEURON's _nrn_watch_activate */
};

struct ir_block {
    struct ir_stmt **stmts;
    unsigned n;
};

struct ir_stmt {
    enum ir_stmt_kind kind;
    int var;
    int aux;
    int pre_f, pre_t;       /* CNEXP: vars holding 1 - exp(dt*b) and -(a)/b when
                               they are run constants (set at INITIAL), else -1 */
    struct ir_expr *e, *e2;
    unsigned nargs;
    struct ir_expr **args;
    struct ir_block then, els;
};

struct ir_table {
    unsigned nvars;
    int *vars;              /* the tabulated ASSIGNED vars */
    bool result;            /* a function's table: its result, the one value (nvars 1,
                               vars unused) */
    double from, to;
    struct ir_expr *from_e, *to_e;  /* bounds reading globals (NMODL's FROM vmin TO
                                       vmax), computed when the table is built; or
                                       NULL: the number from, to */
    int intervals;          /* `with N`: N + 1 points */
    int usetable;           /* the GLOBAL var that switches it */
    /* the per-instance PARAMs the body (or what it calls) reads, each read
       while the table is built from its GLOBAL var param_globals[k] (named
       "X.table"): the one value every instance of the run has, which
       lowering puts in each experiment's globals (lower_net.c table_values;
       NEURON reads the first instance's) */
    unsigned nparams;
    int *params, *param_globals;
};

struct ir_func {
    const char *name;
    bool has_result;
    unsigned nargs;
    int *args;              /* LOCAL vars bound to the arguments */
    struct ir_block body;
    struct ir_table *table; /* procedures with `table`, or NULL */
};

struct ir_setter {
    const char *name;
    int arg;                /* LOCAL var holding the value */
    struct ir_block body;
};

enum ir_mech_kind { IRK_DENSITY, IRK_POINT, IRK_ARTIFICIAL };

struct ir_mech {
    const char *name;
    enum ir_mech_kind kind;
    int order;              /* NEURON's type order: currents are summed in it */
    struct ir_var *vars;
    unsigned nvars;
    unsigned nslots;        /* instance variables: PARAM, STATE, ASSIGNED */
    struct ir_func *funcs;
    unsigned nfuncs;
    struct ir_block initial;
    struct ir_block derivative;   /* statements and IRS_CNEXP updates, in order */
    bool runge;             /* derivative is `derivative runge`: each instance's step moves
                               NEURON's t (crt_celltype.runge_instances) */
    struct ir_block breakpoint;   /* run before each evaluation of the currents, at the
                                     voltage they are evaluated at (NEURON's BREAKPOINT) */
    struct ir_block receive;
    int receive_weight;     /* LOCAL var of the weight, or -1 */
    int *receive_args;      /* LOCAL vars of the arguments after the weight: each
                               connection's own state (NEURON's weight vector) */
    unsigned nreceive_args;
    struct ir_block receive_init;   /* receive's initial block: once per connection */
    bool for_conns;         /* receive loops over the instance's connections (IRS_FOR_CONNS) */
    struct ir_expr **watches;   /* point processes: each watch() of the receive block, in
                                   order (nocmodl's _watchN_cond), as the value that crosses
                                   0 upwards: a - b for `a > b`, -(a - b) for `a < b` */
    unsigned nwatches;
    struct ir_expr **currents;    /* summed in order, starting from 0 */
    int *current_var;       /* per current: the ASSIGNED var keeping its value at v (it is
                               recorded: `record hh.ina`), or -1 */
    unsigned ncurrents;
    /* recorded values (`let gna = ...`, NEURON's RANGE gna of BREAKPOINT): each
       written to its ASSIGNED var where the currents' values are kept (at v) */
    struct ir_expr **probes;
    int *probe_var;
    unsigned nprobes;
    bool electrode;         /* currents are electrode currents */
    struct ir_setter *setters;
    unsigned nsetters;
    /* `useion`: per ion of the model, which of its variables the mechanism
       reads and writes (bit 1 << field); 0 where it does not use the ion */
    unsigned *ion_read, *ion_write;
    int *current_ion;       /* per current: the ion whose current it adds to, or -1 */
};

int ir_mech_var(const struct ir_mech *m, const char *name);  /* index or -1 */
/* The variable of builtin b (IRB_*), or -1 if the mechanism does not use it. */
int ir_builtin_var(const struct ir_mech *m, int b);
/* Does the block (or a block nested in it) assign var? */
bool ir_block_writes(const struct ir_block *b, int var);
/* site_const.c: per var, is its slot one number over the instances of a
 * site (only INITIAL writes it, from the site's parameters)?  Malloc'd,
 * nvars entries; NULL when out of memory (then treat none as such). */
bool *ir_site_constants(const struct ir_mech *m);
/* Does a procedure of a density mechanism assign its builtin v?  (NMODL's v
 * is the mechanism's copy: codegen gives each entry point one.) */
bool ir_density_writes_v(const struct ir_mech *m);

/* ---- cell types ----------------------------------------------------------- */

struct ir_insert {          /* a density mechanism in a section */
    int mech;               /* index into ir_model.mechs */
    double *params;         /* per segment, per var of the mechanism: params[seg * nvars +
                               var], the PARAM's value there (NAN: not a param) */
};

/* Value of PARAM var `var` of insert `in` (of mechanism m) at segment seg. */
static inline double ir_insert_param(const struct ir_insert *in, const struct ir_mech *m,
                                     int seg, int var)
{
    return in->params[(unsigned)seg * m->nvars + (unsigned)var];
}

/* NEURON's ion style (eion.cpp nrn_promote) from what the mechanisms in a
 * section read and write; the bits are NEURON's. */
enum {
    ION_STYLE_CINIT = 04,       /* ci and co start at the ion's globals (a state) */
    ION_STYLE_EINIT = 040,      /* e = Nernst(ci, co) at initialization and after a
                                   mechanism writes a concentration */
    ION_STYLE_EADVANCE = 0100,  /* e = Nernst(ci, co) at every current evaluation */
};

/* An ion in a section: its values there, and which change at run time
 * (those live in the section's ion slots; the others are constants). */
struct ir_ion_use {
    int ion;                /* index into ir_model.ions */
    int style;              /* ION_STYLE_* bits */
    double value[IRF_COUNT];/* e, ci, co (initial values); i unused */
    bool dynamic[IRF_COUNT];
};

struct ir_section {
    const char *name;
    int nseg;
    double L, diam, Ra, cm;     /* diam, cm: segment 0's */
    double *seg_diam, *seg_cm;  /* per segment (they may vary along the section) */
    int parent;             /* section index, -1 for a root */
    double parent_x;
    int first_node;         /* node of centre 0; centres are consecutive, then the x=1 end */
    int npt3d;              /* 3-D points (a morphology's section), or 0: a cylinder L, diam */
    double *pt3d;           /* x, y, z, diam per point, as NEURON stores them (floats) */
    double *arc;            /* arc length at each point; L is the last */
    unsigned ninserts;
    struct ir_insert *inserts;
    struct ir_ion_use *ions;    /* the ions some inserted mechanism uses */
    unsigned nions;
};

/* The section's use of ion `ion`, or NULL. */
const struct ir_ion_use *ir_section_ion(const struct ir_section *s, int ion);

struct ir_node {
    int parent;             /* -1 for a root node */
    int section;            /* -1 for a root node */
    int seg;                /* centre index within the section, or -1 for end/root nodes */
    double area;            /* um2; 100 for zero-area nodes */
    double a, b;            /* coupling coefficients A[i], B[i] (NUMERICS.md §2.3) */
    double rinv;            /* uS to the parent (NEURON's NODERINV; ri = 1/rinv MOhm) */
    double cm;              /* uF/cm2; 0 for zero-area nodes */
};

struct ir_celltype {
    const char *name;
    struct ir_section *sections;
    unsigned nsections;
    struct ir_node *nodes;
    unsigned nnodes;
    int spike_node;
    double threshold;
    int spike_mech;         /* spikes_from: the point mechanism whose emitted events are
                               the cell's spikes (no threshold detection), or -1 */
};

/* Is `name` variable *field of an ion named `ion` (eX, Xi, Xo, iX)? */
bool ir_ion_var(const char *ion, const char *name, int *field);

/* Node of a location sec(x) (NUMERICS.md §2.5). */
int ir_location_node(const struct ir_celltype *t, int section, double x);

struct ir_ion {
    const char *name;
    double valence;
    double e0, ci0, co0;    /* NEURON's defaults: a section's values where it sets none */
    double ci_init, co_init;/* cai0_ca_ion, cao0_ca_ion ...: where cinit, ci and co start */
};

struct ir_model {
    struct arena *arena;
    struct ir_ion *ions;    /* every ion a mechanism uses */
    unsigned nions;
    struct ir_mech *mechs;  /* in type order */
    unsigned nmechs;
    struct ir_celltype *types;
    unsigned ntypes;
};

void ir_print(FILE *out, const struct ir_model *m);

/* A digest of every cell type as compiled (sections, geometry, inserted
 * parameters, the node tree): equal when the kernels would be. */
uint64_t ir_celltypes_fingerprint(const struct ir_model *m);

#endif
