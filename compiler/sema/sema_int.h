/* sema_int.h - what the semantic pass files share. */
#ifndef CIRC_SEMA_INT_H
#define CIRC_SEMA_INT_H

#include "sema.h"

/* Where an expression is: decides which builtins and symbols are visible. */
enum {
    CTXB_MATH = 1 << 0,       /* constant arithmetic (everywhere) */
    CTXB_MECH = 1 << 1,       /* any mechanism body */
    CTXB_MEMBRANE = 1 << 2,   /* density or point mechanism (has v) */
    CTXB_POINT = 1 << 3,      /* point process (has area) */
    CTXB_RECEIVE = 1 << 4,    /* receive block (has flag) */
    CTXB_EVENTS = 1 << 5,     /* point or artificial (send, emit) */
    CTXB_CONN = 1 << 6,       /* connection rule properties */
    CTXB_WHERE = 1 << 7,      /* selector conditions */
    CTXB_ANALYSIS = 1 << 8,   /* measures, expects, windows */
    CTXB_STREAM = 1 << 9,     /* a stimulus's noise_stream ids (has seed) */
    CTXB_SEGMENT = 1 << 10,    /* a cell's `insert` parameters: values per segment */
    CTXB_DENSITY = 1 << 11,    /* density mechanism (has diam) */
    CTXB_KINETIC = 1 << 12,    /* kinetic block (has f_flux, b_flux) */
    CTXB_ALL_MECH = CTXB_MECH | CTXB_MEMBRANE | CTXB_POINT | CTXB_RECEIVE | CTXB_EVENTS |
                    CTXB_DENSITY,
};

struct builtin {
    const char *name;
    bool is_func;
    unsigned where;
    int nargs;
    const char *result;
    const char *args;
};
extern const struct builtin sema_builtins[];
extern const int sema_nbuiltins;
/* May a mechanism define its own of this built-in name?  NEURON's FARADAY,
 * R and ghk: NMODL files declare their own in UNITS and FUNCTION blocks. */
bool sema_builtin_shadowable(const char *name);
/* Does section list (or section) `list` of morphology cell `cell` include `section`? */
bool sema_list_has(const struct ast *cell, const char *list, const char *section);

/* Types of expression values. */
enum ty { TY_ERROR, TY_NUM, TY_BOOL, TY_STR, TY_INTERVAL, TY_RANGE, TY_LIST, TY_ENTITY, TY_NONE };

struct tval {
    enum ty ty;
    struct units_val u;         /* TY_NUM, TY_RANGE, TY_INTERVAL: unit of the values */
    const char *spelling;       /* unit as the user wrote it, if a literal */
    struct sym *sym;            /* TY_ENTITY: what it names */
};

struct ctx {
    unsigned where;             /* CTXB_* bits */
    struct sym *mech;           /* mechanism being checked, or NULL */
    struct scope *locals;       /* innermost block scope, or NULL */
    struct sym *function;       /* function whose body this is (return unit) */
    bool in_initial;
    bool in_loop;               /* inside a `while` */
    bool nmodl;                 /* NMODL-sourced mechanism: numbers as written, no units */
    struct sym *weight;         /* receive: its weight, the one argument not assignable */
    const struct ast *receive_args; /* receive's body (not its initial): its arguments, for
                                   `for each connection`; NULL elsewhere and in that loop */
    struct sym *conn_weight;    /* in `for each connection`: its weight, not assignable */
    const struct ast *system;   /* the linear or nonlinear block being checked, or NULL */
    bool solve_allowed;         /* `solve x` may stand here (initial, plain derivative,
                                   a procedure or function without a table) */
    bool in_current;            /* a current's or a value's expression: values readable */
    bool state_assignable;      /* an nmodl mechanism's plain derivative block: statements
                                   run in order with the equations' updates, as nocmodl's
                                   cnexp and nrn_state run them (BREAKPOINT's clamps) */
    bool v_assignable;          /* a point process's receive body: v is the node's,
                                   written back when the block ends (NEURON's NODEV);
                                   an nmodl density mechanism's procedure: a copy */
};

/* scopes (sema_names.c) */
struct scope *sema_scope_new(struct sema *s, struct scope *parent);
struct sym *sema_declare(struct sema *s, struct scope *sc, enum sym_kind kind,
                         const char *name, struct ast *decl);
struct sym *sema_lookup_local(const struct scope *sc, const char *name);
/* Reports "unknown KIND 'name'" with a suggestion from `sc` of the wanted kinds. */
void sema_unknown(struct sema *s, struct loc loc, const char *what, const char *name,
                  const struct scope *sc, unsigned kind_mask);
#define KIND_BIT(k) (1u << (k))
/* The closest name of the wanted kinds within a few edits, or NULL. */
const char *sema_suggest(const char *name, const struct scope *sc, unsigned kind_mask);
/* Resolves a global name of one of the kinds in mask; reports if missing. */
struct sym *sema_resolve(struct sema *s, struct ast *name_node, unsigned kind_mask,
                         const char *what);
bool sema_is_stdlib_file(const struct sema *s, int file);

/* expressions (sema_units.c) */
struct tval sema_expr(struct sema *s, struct ast *n, struct ctx *c);
/* Checks that n is a number of `want`'s dimension; `what` names it in messages.
 * Records the conversion factor to `want` on the node. */
bool sema_expect_unit(struct sema *s, struct ast *n, struct ctx *c, struct units_val want,
                      const char *what);
/* sema_expect_unit, but a dimensionless number where want has a dimension
 * is taken as written, in want's unit: *plain is set and nothing reported
 * (the caller warns). */
bool sema_expect_unit_or_plain(struct sema *s, struct ast *n, struct ctx *c,
                               struct units_val want, const char *what, bool *plain);
void sema_mechanism_bodies(struct sema *s, struct sym *mech);
/* A reaction, `conserve` or `steadystate` statement (sema_kinetic.c). */
void sema_check_kinetic_stmt(struct sema *s, struct ast *st, struct ctx *c, const char *where);
/* The kinetic block as a whole, after its statements (sema_kinetic.c). */
void sema_check_kinetic_block(struct sema *s, struct ast *kin, bool nmodl);
/* A kinetic block beside mechanism m's derivative block: no state of the
 * scheme has an equation there (sema_kinetic.c). */
void sema_check_kinetic_beside(struct sema *s, const struct ast *m, const struct ast *kin);
/* `linear`/`nonlinear` blocks (sema_equations.c): an equation `~ a = b`, a
 * `solve x` statement, and the block as a whole after its statements. */
void sema_check_equation(struct sema *s, struct ast *st, struct ctx *c, const char *where);
void sema_check_solve(struct sema *s, struct ast *st, struct ctx *c, const char *where);
/* A call of a mechanism's procedure or function that solves a linear or
 * nonlinear block (in it or in what it calls) where `solve` may not stand:
 * reports it and returns false. */
bool sema_check_solving_call(struct sema *s, const struct ast *call, struct ctx *c);
void sema_check_system_block(struct sema *s, struct ast *sys, struct sym *mech);
/* Types a measure's expression once (on first use or in order). */
void sema_type_measure(struct sema *s, struct sym *measure);
bool sema_unit_of_annotation(struct sema *s, struct ast *unit_node, struct units_val *out);
const char *sema_describe_tval(struct tval t, char *buf, size_t size);

/* `useion` lines of a mechanism: its ion variables, after its other
 * members are declared (sema_ions.c) */
void sema_declare_useions(struct sema *s, struct sym *mech);
/* "unknown name 'ek'": is it an ion variable never declared?  Then says so
 * and how to declare it; true if reported. */
bool sema_ion_unknown_hint(struct sema *s, struct loc loc, const char *name);

/* passes */
/* records and measure sites (sema_record.c, part of pass 5) */
void sema_check_record(struct sema *s, struct ast *record);
/* model parameters and top-level `set simulation.X` (sema_params.c, pass 5,
 * before everything that may use them) */
void sema_effective_simulation(struct sema *s);
void sema_model_params(struct sema *s);
/* The expression that gives a model parameter its value: its last
 * top-level `set` (or --set), else its default */
struct ast *sema_model_param_value(struct sema *s, const struct sym *param);
/* A value for something whose unit (spelled `unit`) is a temperature alone
 * that is written in the other of K and degC: reported, false. */
bool sema_check_temperature(struct sema *s, const struct ast *value, const char *unit,
                            const char *what);
/* `set PATH = value` checked as in scope (the global one: the protocol's) */
void sema_check_set(struct sema *s, struct ast *set, struct scope *scope);
/* a `sweep` (sema_sweep.c): its lines checked, its values into s->sweeps */
void sema_check_sweep(struct sema *s, struct ast *sweep);
/* a `fit` (sema_fit.c): its lines checked, into s->fits */
void sema_check_fit(struct sema *s, struct ast *fit);
/* shared by sweeps and fits (sema_sweep.c): a path as written ("bkg.rate");
 * may `what` ("a sweep", "a fit") vary it (else an error); a number with
 * its unit as written (else an error); x from unit `from` into `to`;
 * `set PATH = value` checked in scope, false if it reported an error */
void sema_path_text(const struct ast *p, char *buf, size_t size);
bool sema_settable(struct sema *s, const struct ast *path, struct scope *scope, const char *what);
bool sema_written_number(struct sema *s, const struct ast *e, double *x, const char **unit,
                         const char *what);
double sema_convert(double x, const char *from, const char *to);
bool sema_check_value(struct sema *s, struct ast *path, struct ast *value, struct scope *scope);
bool sema_vary_bounds(struct sema *s, struct ast *vary, struct ast *path, struct scope *scope,
                      const char *what, double *a, double *b, const char **ua);
/* The interval [a, b) of window `name`, or of one written in an analysis
 * call (name NULL), typed in unit u: its ends converted to ms, constant,
 * finite, not empty, from time 0 on; false if it reported an error.  The
 * warning for a window that ends after the run is sema_lint.c's, for both
 * too (sema_model.c). */
bool sema_check_interval(struct sema *s, struct ast *interval, struct units_val u,
                         const char *name);
void sema_check_measure_site(struct sema *s, struct ast *set_arg, struct ast *location);
/* The x of a location sec(x) (connect, stimulus, record, measure site,
 * attach, spike_at): a dimensionless constant from 0 to 1 (sema_model.c). */
void sema_check_location_x(struct sema *s, struct ast *location);
/* artificial-cell populations (sema_art.c): SEL_* kinds of a population or
 * group (NULL: every population); records and voltage measures of them */
int sema_sym_kinds(const struct sema *s, const struct sym *sym, struct sym **art);
bool sema_check_art_record(struct sema *s, struct ast *record);
bool sema_check_voltage_set(struct sema *s, const char *measure, struct ast *set_arg);
/* cells whose spikes come from a point mechanism (sema_spikes.c): does the
 * mechanism call emit(); a cell's `spikes_from` prop; a stimulus placing an
 * emitting point mechanism on cells whose spikes come from elsewhere */
bool sema_mech_emits(const struct sym *mech);
void sema_check_spikes_from(struct sema *s, struct ast *cell, struct ast *prop);
void sema_check_emitting_stimulus(struct sema *s, struct ast *st, struct sym *mech);
/* The mechanism a `via SYNAPSE` names, and the unit of its receive's weight. */
struct sym *sema_synapse_mech(struct ast *syn_name);
bool sema_weight_unit(struct sym *mech, struct units_val *out);

void sema_pass_names(struct sema *s, struct ast **programs, int nprograms);
void sema_pass_units(struct sema *s);
void sema_pass_model(struct sema *s);
void sema_pass_lint(struct sema *s);

#endif
