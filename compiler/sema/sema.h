/* sema.h - semantic analysis: symbols, scopes and the checked model.
 *
 * Sema annotates the AST in place (ast->sym, ast->dim, conversion factors)
 * and collects the model's definitions by kind for the lowering stage.
 */
#ifndef CIRC_SEMA_H
#define CIRC_SEMA_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "pass.h"
#include "units.h"

/* The time step of a simulation block without `dt` (NEURON's default). */
#define SIM_DEFAULT_DT_MS 0.025

enum sym_kind {
    SYM_MECH, SYM_CELL, SYM_POPULATION, SYM_GROUP, SYM_SYNAPSE, SYM_STIMULUS,
    SYM_EXPERIMENT, SYM_SWEEP, SYM_FIT, SYM_WINDOW, SYM_MEASURE, SYM_FIGURE,
    SYM_MODEL_PARAM,            /* a top-level `parameter`: a constant of the network */
    SYM_SECTION, SYM_SECLIST,
    SYM_PARAM, SYM_STATE, SYM_ASSIGNED, SYM_CONSTANT, SYM_FUNCTION, SYM_PROCEDURE,
    SYM_SETTER, SYM_ARG, SYM_LOCAL,
    SYM_VALUE,                  /* a mechanism's `let g = ...`, read by its currents */
    SYM_BUILTIN_VAR, SYM_BUILTIN_FUNC,
    SYM_ION,                    /* a variable of an ion, declared by `useion` */
    SYM_KIND_COUNT
};

struct scope;

struct sym {
    enum sym_kind kind;
    const char *name;
    struct ast *decl;           /* defining node; NULL for builtins */
    struct units_val unit;      /* unit of a value-like symbol */
    bool has_unit;
    struct scope *members;      /* mechanism or cell scope */
    struct sym *owner;          /* mechanism or cell a member belongs to */
    int mech_kind;              /* SYM_MECH: enum mech_kind */
    unsigned uses;              /* references, for the unused-definition lint */
    int builtin;                /* SYM_BUILTIN_*: index into the builtin table */
    bool from_stdlib;           /* defined by stdlib/, exempt from unused lints */
    int value_type;             /* SYM_MEASURE: enum ty of its value (sema_int.h) */
    bool value_ready;           /* SYM_VALUE: its `let` is checked (later items may read it) */
    int typing;                 /* SYM_MEASURE: 0 not typed, 1 in progress, 2 done */
    const char *kept_unit;      /* SYM_MEASURE, a number: `unit` spelled ("Hz", "" for 1),
                                   the unit its value is kept, reported and read in */
    /* SYM_PARAM, SYM_SETTER: the values its `where` condition allows, in
     * its unit (sema_model.c param_range; NAN: unbounded on that side) */
    int range_state;            /* 0 not read yet, 1 a valid range, 2 none or invalid */
    double range_lo, range_hi;
    bool range_lo_open, range_hi_open;
    const char *range_unit;     /* unit spelling for messages, "" if none */
    /* SYM_MODEL_PARAM: its value in its unit, the last top-level `set` of it
     * (--set included) or its default (sema_model.c model_params) */
    double value;
    bool has_value;
    /* SYM_ION, and a STATE that is a written concentration (`useion ca
     * write cai` + `state cai`): the ion (interned name) and which of its
     * variables (enum ion_field); NULL for other symbols */
    const char *ion;
    int ion_field;
    bool ion_write;
};

/* The variables of an ion X: eX (reversal potential, mV), Xi and Xo
 * (concentrations inside and outside, mM), iX (its current, mA/cm2). */
enum ion_field { ION_E, ION_CI, ION_CO, ION_I, ION_NFIELDS };

/* An ion some mechanism uses (`useion`), in order of first use. */
struct sema_ion {
    const char *name;           /* interned */
    double valence;
    bool has_valence;           /* known (na, k, ca) or given with `valence` */
    double e0, ci0, co0;        /* NEURON's defaults (eion.cpp ion_alloc, membdef.h): a
                                   section's values where it sets none */
    double ci_init, co_init;    /* NEURON's globals Xi0_X_ion, Xo0_X_ion (`cai0_ca_ion =
                                   ...` in the simulation; default ci0, co0): where the
                                   section's style has cinit (a mechanism writes a
                                   concentration), both concentrations start there,
                                   whatever the section's values (eion.cpp ion_init) */
};

struct scope {
    struct scope *parent;
    struct sym **syms;
    unsigned n, cap;
};

struct sema {
    struct arena *arena;
    struct diag_sink *diag;
    struct scope *global;       /* user and stdlib definitions */
    struct scope *builtins;     /* builtins.h names, filtered by context on lookup */
    struct ast *main;           /* the user's PROGRAM */
    int main_file;
    struct ast **programs;      /* every loaded PROGRAM, stdlib first, main last */
    const bool *is_stdlib;
    int nprograms;
    struct ast *simulation;     /* the SIMULATION item, or NULL */
    struct ast *network;        /* the NETWORK item, or NULL */
    /* Simulation settings known at compile time, in internal units (lints);
     * dt is SIM_DEFAULT_DT_MS where the simulation block gives none. */
    double dt, tstop;
    bool have_dt, have_tstop;
    struct sema_ion *ions;      /* sema_ions.c */
    unsigned nions;
    struct sema_sweep *sweeps;  /* sema_sweep.c, in declaration order */
    unsigned nsweeps;
    struct sema_fit *fits;      /* sema_fit.c, in declaration order */
    unsigned nfits;
};

/* A checked `sweep`: its points are the grid of its `vary` lines' values
 * (the first line outermost, the last varying fastest).  values[v][k] is the
 * k-th value of line v as a checked expression, exactly what `set PATH =
 * value` would carry; shown[v][k] is it in units[v] (the unit written on
 * the line's first value, "" for none), for sweep.csv. */
struct sema_sweep {
    struct ast *decl;
    struct ast *experiment;     /* the EXPERIMENT it runs, or NULL: the base protocol */
    unsigned nvary, npoints;
    struct ast **paths;         /* per line: the NAME or MEMBER path varied */
    const char **units;
    unsigned *counts;           /* per line: how many values */
    bool *log;                  /* per line: a `log steps` range */
    struct ast ***values;
    double **shown;
};

/* A checked `fit`: each `vary` line's path as text and bounds in units[v]
 * (the unit written on its lower bound); each target's population or
 * measure, its value and tolerance (NAN: none) in the unit the run reports
 * it in (Hz for a population's rate; a measure's conventional unit,
 * target_units[t], "" for none); budget: evaluations at most. */
struct sema_fit {
    struct ast *decl;
    struct ast *experiment;     /* the EXPERIMENT it runs, or NULL: the base protocol */
    unsigned nvary, ntargets, budget;
    const char **paths;
    const char **units;
    double *lo, *hi;
    const char **targets;
    bool *is_measure;           /* per target: a measure (else a population's rate) */
    double *target, *tol;
    const char **target_units;
};

const char *sema_kind_name(enum sym_kind kind);   /* "population" */
const char *sema_a_kind(enum sym_kind kind);      /* "a population", "an experiment" */
struct sym *sema_lookup(const struct scope *sc, const char *name);

/* Is this a mechanism global: one value for all instances, changed only by
 * `set mech.name` (a `global` declaration, or a TABLE's implicit usetable)? */
static inline bool sema_is_global(const struct sym *p)
{
    return p && p->kind == SYM_PARAM && (!p->decl || p->decl->op == 1);
}

/* What lowering reads off the checked tree (sema_units.c): */
/* The first read of the mechanism's parameter `param` in n or in what it
 * calls (a tabled procedure's body), or NULL. */
const struct ast *sema_param_read(const struct ast *n, const char *param, int depth);
/* Value of a checked constant expression, converted to the unit its
 * context expects; false if it is not a compile-time constant. */
bool sema_const_value(const struct ast *n, double *out);
/* Where a density mechanism's instance sits, for the values of `insert`
 * parameters given per segment (LANGUAGE.md section 3). */
struct sema_segment {
    unsigned index;             /* segment k of the section, 0 .. nseg-1 */
    double x;                   /* its centre, (k + 0.5) / nseg, NEURON's seg.x */
    double distance;            /* um: path length from the first section's middle */
    double L;                   /* um: the section's length */
};
/* Value of a checked `insert` parameter at one segment: an expression of x,
 * distance and L, or the segment's entry of a list; false if it is none. */
bool sema_segment_value(const struct ast *n, const struct sema_segment *seg, double *out);
/* A parameter value outside the range its mechanism declares gets an error
 * at value (false); x is in internal units. */
bool sema_check_param_range(struct sema *s, const struct ast *value, struct sym *param, double x);
/* The same for a section's property (diam, cm) at one segment. */
bool sema_check_section_value(struct sema *s, const struct ast *value, const char *key, double x);
/* Is this measure's value a number (not a verdict such as the ISN test's)? */
bool sema_measure_is_number(const struct sym *measure);
/* The unit a block property named key takes ("um" for diam, "ms" for
 * duration), from the first block schema that has it; NULL if none or
 * if it takes no unit (editors' completion). */
const char *sema_property_unit(const char *key);

/* Ions (sema_ions.c).  Is `name` variable `*field` of ion `ion`? */
bool sema_ion_var(const char *ion, const char *name, int *field);
/* The ion among s->ions with this name, or NULL. */
const struct sema_ion *sema_find_ion(const struct sema *s, const char *ion);
/* Is `key` NEURON's global of an ion's initial concentration, `Xi0_X_ion`
 * or `Xo0_X_ion`?  Then *field is ION_CI or ION_CO and ion (size bytes) X. */
bool sema_ion_global_key(const char *key, char *ion, size_t size, int *field);
/* Is `name` a settable variable (e, ci, co) of an ion in s->ions?  *ion,
 * *field: which. */
bool sema_ion_setting(const struct sema *s, const char *name, const struct sema_ion **ion,
                      int *field);
/* Is `name` a variable (e, ci, co or i) of an ion in s->ions?  *ion,
 * *field: which. */
bool sema_ion_of_name(const struct sema *s, const char *name, const struct sema_ion **ion,
                      int *field);
/* `ca_ion_style = (c_style, e_style, einit, eadvance, cinit)` in a section
 * (NEURON's ion_style("ca_ion", ...)): is `name` that of an ion in s->ions? */
bool sema_ion_style_name(const struct sema *s, const char *name, const struct sema_ion **ion);
/* The five values of such a property, if it is one for ion `ion` and they
 * are constants. */
bool sema_ion_style_values(const struct ast *prop, const char *ion, double out[5]);
/* Does the list block of a morphology cell (`section all`, `section dend`,
 * `section dend[3]`) apply to the section named `section`? */
bool sema_block_applies(const struct ast *block, const char *section);
/* Does mechanism `mech` use ion `ion` (`useion`)? */
bool sema_mech_uses_ion(const struct sym *mech, const char *ion);
/* The concentration of ion `ion` that mechanism `mech` writes (its Xi, else
 * its Xo; interned), or NULL. */
const char *sema_mech_writes_conc(const struct sym *mech, const char *ion);
/* p sets a concentration of ion `ion` (`cai = 3e-4 mM`) for the section of
 * `block` (a section of cell, or a morphology's list block: the sections it
 * applies to): a warning if NEURON's style there has cinit, so that the
 * run starts at the ion's globals instead (sema_ions.c). */
void sema_check_conc_setting(struct sema *s, struct ast *cell, struct ast *block,
                             const struct ast *p, const struct sema_ion *ion);

/* Populations of artificial cells (sema_art.c).  The artificial mechanism a
 * population is made of (`population P of IntFire1`), or NULL for a
 * population of a cell type. */
struct sym *sema_pop_art(const struct sema *s, const struct sym *pop);
/* Which kinds of cells a resolved selector reaches (SEL_* bits); *art (if
 * art is not NULL): the first artificial mechanism among them, or NULL. */
enum { SEL_CELLS = 1, SEL_ARTIFICIAL = 2 };
int sema_selector_kinds(const struct sema *s, const struct ast *sel, struct sym **art);
/* Does stimulus `st` (AST_STIMULUS, resolved) reach its targets through a
 * connection, whose weight and delay `set STIM.weight` and `set STIM.delay`
 * name?  A spike source (an artificial mechanism) does, through `via` or
 * straight into artificial cells; a point process (IClamp) sits on the cell
 * and has none: there STIM.delay is its mechanism's (IClamp's setter). */
bool sema_stim_connects(const struct ast *st);
/* Does a resolved selector (NULL or `all`: every population) reach cells
 * of type `cell` (sema_record.c)? */
bool sema_selector_reaches(const struct sema *s, const struct ast *sel, const struct sym *cell);

/* Runs passes 3.. up to stop_after over the loaded programs (stdlib first,
 * main last).  Returns the sema object (never NULL); errors are in diag. */
struct sema *sema_run(struct arena *arena, struct diag_sink *diag, struct ast **programs,
                      const int *files, int nprograms, int main_program,
                      const bool *is_stdlib, enum pass_id stop_after);

#endif
