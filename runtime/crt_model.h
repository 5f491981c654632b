/* crt_model.h - the compiled model as the runtime consumes it.
 *
 * The compiler fills this (in internal units: ms, mV, um, nA, uS) with every
 * selector already expanded to gid lists and every location to a node index
 * per cell type; the runtime instantiates it once per experiment.
 */
#ifndef CIRC_CRT_MODEL_H
#define CIRC_CRT_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "circ_rt.h"
#include "crt_math.h"

struct crt_celltype {
    const char *name;
    int nnodes;
    int nslots;             /* density slots per cell */
    int spike_node;
    double threshold;
    int spike_mech;         /* spikes_from: the point mechanism whose emit() is the cell's
                               spike (its instances on the cell; no threshold detection),
                               or -1 */
    double *area;           /* per node, um2 (point-process currents scale by 1e2/area) */
    double *diam;           /* per node, um: its segment's diameter (a point process's diam);
                               NaN at zero-area nodes, which have none */
    int nparams;            /* crt_group.params: density parameters some `set` changes */
    int *param_mech;        /* each one's mechanism, */
    const char **param_name;/* parameter name, */
    double *param_base;     /* and value when no experiment sets it */
    int runge_instances;    /* per cell: instances of `derivative runge` mechanisms, each
                               of whose steps moves NEURON's one t (rt_sim.c run_steps) */
    crt_group_fn init, step;
};

/* `set MECH.param = value` in an experiment (or the base protocol): every
 * instance of the density mechanism MECH gets the value. */
struct crt_param_set {
    int mech;
    const char *name;
    double value;
};

enum crt_mech_kind { CRT_POINT = 1, CRT_ARTIFICIAL = 2 };

struct crt_mech {           /* point processes and artificial cells */
    const char *name;
    int kind;
    int nslots;
    const char **slot_names;
    double *slot_init;      /* parameter defaults; 0 for states and assigned */
    int pp_index;           /* point processes: index in crt_group.pp */
    bool uses_random;
    bool sends_events;      /* send() or emit() in its code: not linear in its events */
    bool moves_events;      /* move() in its code (artificial cells): its self events of
                               flag 1 are movable */
    bool superposable;      /* instances on one node may be summed into one (the default
                               mode's shared synapses): compiler/lower/superpose.c */
    bool reads_diam;        /* point processes: its code reads diam (crt_set.diam) */
    bool reads_area;        /* point processes: its code reads area (crt_set.area) */
    int nwatch;             /* point processes: watch() statements in its receive block */
    int nargs;              /* receive's arguments after the weight: per-connection state */
    crt_receive_fn receive;
    crt_set_fn art_init;
    crt_watch_fn watch;     /* nwatch > 0: the value of each */
    bool for_conns;         /* receive loops over the instance's connections
                               (`for each connection`): crt_set's conn lists are filled */
    bool has_net_init;      /* receive has an initial block: */
    crt_receive_fn net_init;    /* it, once per connection, or NULL */
    bool unused;            /* no connection, stimulus or population uses it: compiled
                               without entry points (compiler/lower/plan.c) */
};

struct crt_pop {
    const char *name;
    int type;               /* cell type, or -1 for artificial cells: */
    int art;                /* their mechanism (crt_model.mechs), else -1, */
    double *art_params;     /* and its slots' initial values (parameters as the population
                               sets them; an experiment's `set MECH.param` wins) */
    int count;
    int first_gid;
    double lo[3], hi[3];    /* placement box, um */
    double norm_lo[3], norm_hi[3];  /* the same box as fractions of the volume */
    double size[3];         /* the network's volume, um */
    double *pos;            /* x, y, z of each cell as given (a SONATA circuit's), or NULL:
                               placed in the box */
    /* artificial cells given spike trains (a SONATA input's spikes, read by
     * stdlib/VecStim.circ through crt_train): cell i's times, sorted, are
     * train_t[train_start[i] .. train_start[i + 1]); NULL: none */
    int *train_start;
    double *train_t;
    /* artificial cells: each cell's slot values (count x nslots) where a
     * SONATA node's dynamics_params give one, NAN elsewhere; NULL: none */
    double *cell_params;
};

/* A connection property that depends on the pair (distance, either cell's
 * position or index), as postfix code; n == 0 means the rule's constant. */
enum crt_pair_opcode {
    CRT_PX_CONST,           /* push value */
    CRT_PX_VAR,             /* push a pair variable: arg is CRT_VAR_* */
    CRT_PX_NEG, CRT_PX_NOT,
    CRT_PX_ADD, CRT_PX_SUB, CRT_PX_MUL, CRT_PX_DIV, CRT_PX_POW,
    CRT_PX_LT, CRT_PX_LE, CRT_PX_GT, CRT_PX_GE, CRT_PX_EQ, CRT_PX_NE, CRT_PX_AND, CRT_PX_OR,
    CRT_PX_SELECT,          /* condition, then, else */
    CRT_PX_MATH,            /* arg is CRT_MATH_*; one or two operands */
};
enum crt_var {
    CRT_VAR_DIST_3D, CRT_VAR_DIST_2D, CRT_VAR_DIST_X, CRT_VAR_DIST_Y, CRT_VAR_DIST_Z,
    CRT_VAR_PRE,            /* + CRT_PROP_* */
    CRT_VAR_POST = CRT_VAR_PRE + 8,
    CRT_VAR_SEED = CRT_VAR_POST + 8,    /* the run's seed (noise_stream ids) */
};
enum crt_prop { CRT_PROP_X, CRT_PROP_Y, CRT_PROP_Z, CRT_PROP_XNORM, CRT_PROP_YNORM,
                CRT_PROP_ZNORM, CRT_PROP_GID, CRT_PROP_INDEX };
enum { CRT_EXPR_STACK = 64 };   /* the lowering refuses deeper expressions */
struct crt_pair_op {
    int code, arg;
    double value;
};
struct crt_pair_expr {
    int n;
    struct crt_pair_op *ops;
};

struct crt_gids {
    int n;
    int *gid;               /* sorted */
    /* `where` (n > 0): the cells of cand_gid for which it holds, once the run
     * has placed them (crt_resolve_where); gid lists the candidates until then */
    struct crt_pair_expr where;
    int cand_n;
    int *cand_gid;
};

/* Where gid is in the (sorted) list, or -1: binary search. */
static inline int crt_gids_index(const struct crt_gids *g, int gid)
{
    int lo = 0, hi = g->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (g->gid[mid] < gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->n && g->gid[lo] == gid ? lo : -1;
}

static inline bool crt_gids_has(const struct crt_gids *g, int gid)
{
    return crt_gids_index(g, gid) >= 0;
}

/* A synapse, stimulus source or electrode: a mechanism with parameter values. */
struct crt_instance_kind {
    int mech;               /* index in crt_model.mechs */
    double *params;         /* one value per slot (defaults for non-parameters) */
    int synapse;            /* the declared synapse it comes from (crt_experiment.synapses
                               may change its parameters), or -1 */
    bool shared;            /* a `shared synapse`: one instance per cell and node, which
                               every connection and stimulus through it drives */
};

enum crt_rule_kind { CRT_PROBABILITY, CRT_CONVERGENCE, CRT_DIVERGENCE, CRT_PAIRS };

struct crt_rule {
    struct crt_gids pre, post;
    int *node;              /* per cell type: the target node, -1 if not targeted */
    struct crt_instance_kind syn;
    int kind;
    double value;           /* probability, convergence or divergence */
    int npairs;
    int *pairs;             /* CRT_PAIRS: pre index, post index, ... (within pre/post) */
    /* CRT_PAIRS given whole (a SONATA circuit's edges): per pair its weight,
     * delay and node in the post cell's type; NULL: the rule's */
    double *pair_weight, *pair_delay;
    int *pair_node;
    int *pair_section;      /* and its afferent section and position (--sonata writes them) */
    double *pair_x;
    double weight, delay;
    /* probability, weight and delay as expressions of the pair, when not constants */
    struct crt_pair_expr prob_expr, weight_expr, delay_expr;
    double threshold;       /* NAN: the source cell type's */
    int *afferent_section;  /* per cell type: the section (index) its synapses are on */
    double afferent_x;      /* and the position written (SONATA's afferent_section_pos) */
    /* the expected number of connections once crt_count_rules has computed it
     * for the run's cells (memory estimate, circ plan); not serialized */
    bool expected_known;
    double expected;
};

struct crt_stim {
    const char *name;
    int index;              /* declaration order, for random streams */
    struct crt_instance_kind source;
    struct crt_gids target;
    int *node;              /* per cell type */
    struct crt_instance_kind syn;   /* artificial sources: the synapse */
    double weight, delay;
    uint32_t type_hash;     /* NetPyNE's hashStr of the source type ("NetStim") */
    /* noise_stream: each source's Random123 ids (id1, id2, id3) as code of
     * its target cell (and seed); nstream == 0: circ's or NetPyNE's ids */
    int nstream;
    struct crt_pair_expr stream[3];
};

struct crt_experiment {
    const char *name;
    const char *description;    /* what the experiment does, or NULL */
    int nstims;
    struct crt_stim *stims;
    double *globals;        /* mechanism globals (usetable) for this run */
    int nsets;
    struct crt_param_set *sets;
    /* synapses whose parameters a `set` changes in this run: declared
     * synapse number -> its instance kind here; nsynapse_sets entries */
    int nsynapse_sets;
    struct crt_instance_kind *synapse_sets;
    int sweep;              /* a point of this sweep (crt_model.sweeps), or -1 */
};

/* A `sweep`: npoints runs of one experiment (or of the base protocol), each
 * with the values of its point set.  Point p is the experiment first + p,
 * named "<sweep>/<p>" (its outputs in <out>/<sweep>/<p>/); values[p * nvary
 * + v] is line v's value at point p in units[v] as written (sweep.csv). */
struct crt_sweep {
    const char *name;
    const char *experiment;     /* the experiment it runs, or NULL: the base protocol */
    int nvary;
    const char **paths;         /* "step.amp" */
    const char **units;         /* "nA", or "" */
    int *counts;                /* per line: its number of values */
    int *log;                   /* per line: 1 for a `log steps` range */
    int npoints, first;
    double *values;
};

/* What a record keeps.  CRT_REC_STATE: a density mechanism's variable or
 * current.  CRT_REC_POINT: a variable or current of the point process a
 * stimulus places on each cell (NaN where a run has none).
 * CRT_REC_SYNAPSE: a variable or current of a declared synapse type, summed
 * over its instances at the node (0 where there are none).
 * CRT_REC_PROBE: a voltage measures need (every cell of their set, at one
 * site), kept as running statistics per window (crt_vsum), not as a trace:
 * not in traces.csv, not drawn, and no memory per step.  CRT_REC_SPIKES:
 * `record spikes of SELECTOR`, which cells' spikes spikes.csv lists (no
 * trace; every cell's spikes are detected).  CRT_REC_PARAM: a density
 * mechanism's parameter at the site (its value per segment, or what a `set`
 * made it), kept in crt_group.params: row is an index there.  CRT_REC_ART: a
 * variable (slot) of artificial cells, as stored (named art_var, "IntFire1.m";
 * no site). */
#define CRT_SPIKE_LIKE_MV (-30.0)  /* a local maximum of v above this is a spike-like peak */

/* A voltage measure's statistics of one cell over one window [t0, t1),
 * gathered as the run goes. */
struct crt_vsum {
    double sum;             /* v at the samples in the window */
    double psum;            /* spike-like peaks there */
    long n, npeaks, nunder; /* samples; peaks; of those, not above the detection threshold */
};

enum crt_record_kind { CRT_REC_V, CRT_REC_STATE, CRT_REC_PROBE, CRT_REC_SPIKES, CRT_REC_POINT,
                       CRT_REC_SYNAPSE, CRT_REC_PARAM, CRT_REC_ART };

struct crt_record {
    int kind;
    struct crt_gids cells;
    int *row;               /* per cell type: the row of crt_group.data recorded (the node
                               for v; 3 * nnodes + slot for a mechanism's variable;
                               CRT_REC_PARAM: the index in crt_group.params) */
    const char **var;       /* per cell type: "v", or the variable as "hh.m" */
    const char **site;      /* per cell type: where, as "soma(0.5)" */
    int every;              /* steps between samples (1: every step) */
    const char *text;       /* "file:line: record v of ...", for messages */
    int nwin;               /* CRT_REC_PROBE: the windows its measures summarize, */
    double *win;            /* as [t0, t1) pairs, ms */
    int stim, slot;         /* CRT_REC_POINT: crt_stim.index (CRT_REC_SYNAPSE: the
                               declared synapse's number); the slot in its mechanism
                               (CRT_REC_ART: in the cells' mechanism) */
    const char *art_var;    /* CRT_REC_ART: the variable's name, "IntFire1.m" */
};

/* ---- analysis: measures and expectations, evaluated after the runs ----------- */

enum crt_op {
    CRT_OP_CONST, CRT_OP_STR, CRT_OP_MEASURE, CRT_OP_CALL,
    CRT_OP_NEG, CRT_OP_NOT, CRT_OP_ADD, CRT_OP_SUB, CRT_OP_MUL, CRT_OP_DIV, CRT_OP_POW,
    CRT_OP_LT, CRT_OP_LE, CRT_OP_GT, CRT_OP_GE, CRT_OP_EQ, CRT_OP_NE, CRT_OP_AND, CRT_OP_OR,
    CRT_OP_SELECT,
};

enum crt_fn { CRT_FN_RATE, CRT_FN_COUNT, CRT_FN_CV_ISI, CRT_FN_MEAN_V, CRT_FN_PEAK_V,
              CRT_FN_PEAKS, CRT_FN_PSD_PEAK, CRT_FN_ISN_TEST, CRT_FN_COUNT_ };

struct crt_expr {
    int op;
    double value;           /* CONST (in the unit the parent expects) */
    const char *str;        /* STR */
    int index;              /* MEASURE: measure; CALL: enum crt_fn */
    int set[2];             /* CALL: cell sets (crt_model.sets) */
    double win[2][2];       /* CALL: windows [t0, t1) in ms */
    int experiment;         /* CALL: experiment index, -1: the one being analysed */
    int probe;              /* CALL of a voltage measure: its CRT_REC_PROBE record, else -1, */
    int pwin[2];            /* and its windows' places in that record's list */
    int nargs;
    struct crt_expr *args[3];
};

struct crt_measure {
    const char *name;
    int experiment;         /* -1: computed in every experiment */
    const char *unit;       /* its unit as written, for reports ("Hz", "1") */
    struct crt_expr *expr;
};

struct crt_expect {
    const char *text;       /* "file:line: gain_change_pct > 20" */
    int experiment;         /* -1: every experiment */
    struct crt_expr *expr;
};

/* A declared figure, resolved: what to draw from which experiments. */
struct crt_figure {
    const char *name;
    const char *kind;       /* raster, traces, psth, rates, connectivity, positions2d,
                               positions3d, psd, spikestats */
    const char *title;
    int nexperiments;       /* experiment indices (all, if none were listed) */
    int *experiments;
    int nsets;              /* populations or groups: cell sets and their names */
    int *sets;
    const char **set_names;
    int nwindows;
    const char **window_names;
    double *windows;        /* [t0, t1) pairs, ms */
    double bin;             /* ms (PSTH, histograms); 0: the figure's default */
    double max_freq;        /* Hz (PSD); 0: default */
    int order;              /* raster rows: CRT_ORDER_GID, or by position (_X, _Y, _Z) */
    int sweep;              /* kind "sweep": the sweep drawn (one per sweep, made by the
                               lowering: rates and measures against the values varied) */
};

/* The order of a raster's rows (`order = gid | x | y | z`); _X.._Z are also
 * the index of the coordinate in crt_result.pos. */
enum { CRT_ORDER_X = 0, CRT_ORDER_Y = 1, CRT_ORDER_Z = 2, CRT_ORDER_GID = 3 };

struct crt_model {
    const char *name;
    double tstop, dt, celsius, v_init;
    uint32_t seed;
    bool exact;             /* one synapse per connection (else shared per node and kind) */
    int rng;                /* run setting: CRT_RNG_CIRC or CRT_RNG_NETPYNE (not serialized) */
    bool where_resolved;    /* cell lists filtered for where_seed and where_rng (not serialized) */
    uint32_t where_seed;
    int where_rng;
    int ntypes;
    struct crt_celltype *types;
    int nmechs;
    struct crt_mech *mechs;
    int npp;                /* point mechanisms: size of crt_group.pp */
    int npops;
    struct crt_pop *pops;   /* artificial cells' ones (art >= 0) hold no cell type */
    int ncells;
    int nrules;
    struct crt_rule *rules;
    int nexperiments;
    struct crt_experiment *experiments;  /* declared ones first, then sweeps' points */
    int nsweeps;
    struct crt_sweep *sweeps;
    int nrecords;
    struct crt_record *records;
    bool record_spikes;
    int nspike_stims;       /* `record spikes of bkg`: stimuli whose sources' spikes are kept */
    const char **spike_stims;
    int nsets;              /* cell sets the analysis refers to */
    struct crt_gids *sets;
    int nmeasures;
    struct crt_measure *measures;
    int nexpects;
    struct crt_expect *expects;
    int nfigures;
    struct crt_figure *figures;
    int nglobals;
    crt_tables_fn tables;   /* fills the module's tables (globals of the module) */
    /* provenance, for summary.json */
    const char *circ_version;
    const char *source_sha256;  /* of the model file and every file it loaded */
    const char *overrides;      /* the --set lines, or "" */
    int threads;            /* run setting: threads stepping the cells (not serialized) */
    double memory_limit;    /* run setting: bytes the runs may need; 0: crt_memory_limit's
                               default (not serialized) */
    void **owned;           /* deserialized models: every allocation (crt_model_free) */
    size_t nowned;
};

/* The population gid belongs to, or -1: binary search, since gids are
 * numbered population after population (pops[p].first_gid never decreases;
 * an empty population shares its first_gid with the next). */
static inline int crt_pop_of(const struct crt_model *m, int gid)
{
    int lo = 0, hi = m->npops;     /* the last population starting at or before gid */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m->pops[mid].first_gid <= gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    int p = lo - 1;
    return p >= 0 && gid < m->pops[p].first_gid + m->pops[p].count ? p : -1;
}

struct crt_result;

/* ---- the program around a model: `circ run` and AOT binaries ----------------- */

struct crt_run_options {
    const char *outdir;             /* NULL: circ-out/<model> */
    const char *const *experiments; /* run only these (NULL: all) */
    int nexperiments;
    long long seed;                 /* -1: the model's */
    bool time;                      /* report build+simulate and write times */
    bool connections;               /* also write connections.csv */
    bool sonata;                    /* also write the network as SONATA (<outdir>/sonata/) */
    int threads;                    /* threads stepping the cells (results do not depend on it) */
    int rng;                        /* CRT_RNG_CIRC or CRT_RNG_NETPYNE */
    double memory_limit;            /* --memory-limit, bytes (0: not given) */
    bool png;                       /* --png: every figure also as PNG (else only those
                                     * whose SVG is too large for the report) */
    /* the embedding API (crt_run_results): nothing printed, the first
     * message goes here instead of stderr */
    char *error;
    size_t error_size;
};

/* Runs the selected experiments and writes <outdir>/<experiment>/spikes.csv
 * and traces.csv.  Returns an exit status: 0 ok, 1 a run failed or would
 * need more memory than the limit (refused before anything is allocated or
 * written), 2 usage or I/O error (messages on stderr). */
int crt_main(struct crt_model *m, const struct crt_run_options *o);
/* The embedding API's run: the selected experiments in memory, no file
 * written and nothing printed (o->error gets the message); results[e] of
 * each experiment run (m->nexperiments entries, the caller frees them with
 * crt_result_free) with traces whole.  Same exit statuses as crt_main. */
int crt_run_results(struct crt_model *m, const struct crt_run_options *o,
                    struct crt_result **results);
/* What crt_main does first, and circ plan too (a plan for `nranks` MPI
 * ranks): the seed, threads, generator and memory limit of the options
 * into m; `where` lists resolved.  0, or 2 with a message (an unknown -e). */
int crt_prepare_run(struct crt_model *m, const struct crt_run_options *o, int nranks);
/* Does the run choose experiment e?  -e names experiments and sweeps (a
 * sweep's name chooses all its points). */
bool crt_selected(const struct crt_run_options *o, const struct crt_model *m, int e);
/* How many of the n experiments sel[] run side by side on m->threads (one
 * process): 1 unless their tables agree and the memory allows. */
int crt_experiment_lanes(const struct crt_model *m, const int *sel, int n, int flags);
/* circ plan: what a run with these options on `nranks` ranks will need,
 * without building it (runtime/rt_plan.c), printed to out.  The process
 * as it is (its compiled model loaded) is measured as the base a run's
 * allocations add to.  Returns an exit status. */
int crt_plan(struct crt_model *m, const struct crt_run_options *o, int nranks, FILE *out);
/* This process's resident memory now and at most so far, bytes
 * (/proc/self/status: VmRSS, VmHWM); 0 where unknown. */
void crt_process_memory(double *now, double *most);
/* ns a cell-step of cell type `type` in experiment `experiment`, measured on
 * a sample of *cells cells run alone; -1 with a message in err if the
 * sample's run failed. */
/* A run of the network in small: each population cut to the same fraction
 * of its cells, their inputs kept (rt_calibrate.c). */
struct crt_calibration {
    double fraction;        /* of the cells kept */
    int cells;
    double tstop;           /* ms simulated */
    double ms;              /* the time it took (initialization and steps, one thread) */
    long spikes, connections;
};
bool crt_calibrate_network(const struct crt_model *m, int experiment, int cells, double tstop,
                           struct crt_calibration *c, char *err, size_t errsize);
double crt_calibrate_type(const struct crt_model *m, int experiment, int type, int *cells,
                          char *err, size_t errsize);

/* Threads when --threads is not given: one per core this process may run
 * on that no other runnable task holds as the run starts, but at most one
 * per 24 cells (a smaller share costs more in exchanges than it saves), at
 * least 1 and at most 16. */
int crt_default_threads(const struct crt_model *m);
/* Cores this process may run on (its CPU affinity). */
int crt_available_cores(void);

/* The run options `circ run` and `circ build` programs share (-o, -e,
 * --seed, --time, --connections, --png, --threads, --rng, --memory-limit), one at argv[i]: returns
 * how many arguments it took, 0 if argv[i] is not one of them, -1 after
 * printing "<prog>: ..." about a bad value.  -e names go into experiments
 * (room for CRT_MAX_EXPERIMENTS).  --set and --exact are the callers'. */
enum { CRT_MAX_EXPERIMENTS = 64 };
/* The name the runtime's messages start with: "circ", or a program built by
 * `circ build`, whose main sets it from argv[0] (its last component). */
extern const char *crt_program;
void crt_set_program(const char *argv0);
int crt_run_option(int argc, char **argv, int i, struct crt_run_options *o,
                   const char **experiments, const char *prog);
extern const char crt_run_options_help[];   /* their lines for --help, --set and --exact too */
/* With --vary, the run is the command line's sweep `sweep_name` alone: at
 * most one -e, the experiment it runs in, goes into *vary_in (else NULL)
 * and the selection becomes the sweep.  False after printing why not. */
bool crt_select_vary(struct crt_run_options *o, const char **experiments, const char *sweep_name,
                     const char **vary_in, const char *prog);

/* Measures and expectations over finished runs (results[e] of experiment e,
 * NULL if it was not run).  Values land in values[e * nmeasures + k] (NAN
 * where undefined); verdicts in verdicts[...] (NULL for numbers); `failed`
 * counts the failed expectations.  An expectation that reads an experiment
 * that was not run is not evaluated (outcome -1, absent names that
 * experiment), not failed.  Nothing is printed: crt_analysis_say does. */
struct crt_analysis {
    double *values;
    const char **verdicts;
    char **evidence;        /* isn_test: how the verdict was reached, per value */
    int *cells;             /* voltage measures: the cells whose voltages it used, per
                               value (the first such call in it); -1 for the others */
    signed char *outcome;   /* per (experiment, expectation): 1 held, 0 failed, -1 not checked */
    int *absent;            /* per (experiment, expectation) not checked because it reads
                               an experiment that was not run (-e): that experiment, else -1 */
    int *measure_absent;    /* the same per (experiment, measure) left NaN for that reason */
    int failed;
};
void crt_analyse(const struct crt_model *m, struct crt_result *const *results,
                 struct crt_analysis *out);
void crt_analysis_free(const struct crt_model *m, struct crt_analysis *a);
/* Each failed or not evaluated expectation of a, one line each to f. */
void crt_analysis_say(const struct crt_model *m, const struct crt_analysis *a, FILE *f);
/* Mean rate (Hz per cell) of g's cells in [t0, t1) cut at tstop, the end
 * of the run (a rate over unsimulated time would be biased low): NaN for no
 * cells or a window that starts at or after the end.  Measures, the ISN
 * test and the rates figure all read a window's rate through it. */
double crt_window_rate(const struct crt_result *r, const struct crt_gids *g, double t0, double t1,
                       double tstop);
/* Per cell of g in [t0, t1): rate (Hz) and ISI CV (NaN below 3 spikes), in
 * one pass over the spikes. */
void crt_cell_stats(const struct crt_result *r, const struct crt_gids *g, double t0, double t1,
                    double *rate, double *cv);

/* <outdir>/summary.json: provenance, network counts, per experiment rates,
 * measures and expectations, and `files` (path, bytes, SHA-256 of every
 * other file of the run; none when files is NULL).  Written whole or not
 * at all. */
/* <outdir>/<sweep>/sweep.csv for each sweep whose points ran: a row per
 * point with the values varied, every population's rate over the run and
 * the measures computed in every run.  Written whole or not at all. */
bool crt_write_sweeps(const char *outdir, const struct crt_model *m,
                      struct crt_result *const *results, const struct crt_analysis *a,
                      char *err, size_t errsize);
/* A population's rate over the whole run, Hz per cell (summary.json's). */
double crt_pop_rate(const struct crt_model *m, const struct crt_result *r, int pop);

struct rt_file_list;
bool crt_write_summary(const char *path, const struct crt_model *m,
                       struct crt_result *const *results, const struct crt_analysis *a,
                       const struct rt_file_list *files, char *err, size_t errsize);
/* What became of an experiment of a run a signal stopped (rt_driver.c). */
enum crt_exp_state {
    CRT_EXP_UNSELECTED,     /* not one of the run's (-e) */
    CRT_EXP_NOT_STARTED,    /* not begun when the run stopped: no files */
    CRT_EXP_FINISHED,       /* simulated to the end: its files whole */
    CRT_EXP_STOPPED,        /* stopped at t_reached: its files whole up to there */
    CRT_EXP_FAILED,         /* ended with an error (said on stderr): nothing kept */
};
struct crt_exp_outcome {
    enum crt_exp_state state;
    double t_reached;       /* ms; the duration for a finished one */
};
/* A stopped run's: "complete": false, "stopped_by" (SIGINT or SIGTERM),
 * "experiments" with each selected experiment's state and t_reached_ms
 * (outcomes: m->nexperiments entries), the first stopped one's name and
 * time as "experiment" and "t_reached_ms", provenance and files. */
bool crt_write_incomplete_summary(const char *path, const struct crt_model *m, int sig,
                                  const struct crt_exp_outcome *outcomes,
                                  const struct rt_file_list *files, char *err, size_t errsize);

/* <outdir>/figures/<name>.svg and <name>.png (the same size) for every
 * declared figure; an empty panel with a note where there is nothing to draw.
 * Written whole or not at all. */
bool crt_write_figures(const char *outdir, const struct crt_model *m,
                       struct crt_result *const *results, char *err, size_t errsize);
/* The same in pieces.  One thread of a process at a time: cairo's shared
 * font caches made PNGs drawn beside SVGs differ (rt_driver.c draws them in
 * worker processes). */
struct crt_figures;
struct crt_figures *crt_figures_open(const char *outdir, const struct crt_model *m,
                                     struct crt_result *const *results, char *err, size_t errsize);
bool crt_figures_svg(struct crt_figures *fs, char *err, size_t errsize);
/* Figure i alone, as SVG or PNG.  crt_figures_open loads the fonts, so a
 * figure's bytes do not depend on what was drawn before it: figures may be
 * drawn in any order by any process forked after crt_figures_open (not by
 * two threads of one process at once: cairo's caches are shared).
 * crt_figure_svg sets *bytes (if not NULL) to the SVG's size. */
bool crt_figure_svg(struct crt_figures *fs, int i, size_t *bytes, char *err, size_t errsize);
/* Figure i as SVG text in memory, the same bytes as its file (malloc'd,
 * NUL-terminated; *len its length): for figures opened with outdir NULL
 * (nothing written).  NULL with err. */
char *crt_figure_svg_text(struct crt_figures *fs, int i, size_t *len, char *err, size_t errsize);
/* The measures sweep figures draw (before the figures are drawn). */
void crt_figures_use_analysis(struct crt_figures *fs, const struct crt_analysis *a);
bool crt_figure_png(struct crt_figures *fs, int i, char *err, size_t errsize);
int crt_figures_count(const struct crt_figures *fs);
void crt_figures_close(struct crt_figures *fs);
/* Whether a figure draws connections (crt_run_flags CRT_RUN_CONNECTIONS). */
bool crt_figures_need_connections(const struct crt_model *m);
/* The cells whose voltages a traces figure of experiment e draws: mark[gid]
 * set to 1 for each (mark: ncells bytes, zeroed by the caller); whether
 * any such figure exists.  A streamed run keeps these traces whole. */
bool crt_figures_trace_cells(const struct crt_model *m, int experiment, char *mark);
/* What crt_figures_open loads first in a model with figures (fontconfig,
 * the fonts): circ plan loads them to measure the process as a run's. */
void crt_figures_load_fonts(void);

/* An SVG larger than this is shown in report.html as its PNG (a raster of a
 * huge network: a path per spike), so `circ run` draws that figure's PNG
 * even without --png. */
#define CRT_SVG_INLINE_MAX (1L << 20)

/* <outdir>/report.html: provenance, experiments, rates, measures,
 * expectations and every figure, self-contained: the figures, read back
 * from figures/ beside path, are copied into the page as data: URIs.
 * Written whole or not at all. */
bool crt_write_report(const char *path, const struct crt_model *m,
                      struct crt_result *const *results, const struct crt_analysis *a,
                      char *err, size_t errsize);

/* Filters every cell list with a `where` for the cells' places at m->seed
 * and m->rng (done again only when those change).  False, with a message
 * in err, where the combination is not supported. */
bool crt_resolve_where(struct crt_model *m, char *err, size_t errsize);
/* x, y, z (um) of every cell at m->seed and m->rng (3 * ncells, malloc'd). */
double *crt_place(const struct crt_model *m);

/* A pair expression's value for cells pre and post (pos: x, y, z of every
 * cell, um). */
double crt_pair_eval(const struct crt_pair_expr *e, const struct crt_model *m, const double *pos,
                     int pre, int post);
/* Does the code keep to its stack (a serialized model is checked with it)? */
bool crt_pair_valid(const struct crt_pair_expr *e);

/* ---- serialization (ahead-of-time binaries embed the model as bytes) ---------- */

size_t crt_model_serialize(const struct crt_model *m, unsigned char **out);   /* malloc'd */
struct crt_model *crt_model_deserialize(const unsigned char *buf, size_t len);  /* NULL if bad */
void crt_model_free(struct crt_model *m);

/* A model's entry points, in one order for the JIT, object files and
 * crt_model_bind: tables, then init and step of every cell type, then
 * receive, art_init and watch of every mechanism.  crt_model_entry_name gives the
 * k-th symbol's name (in buf, or a literal) or NULL where the model has no
 * such function (its table slot is NULL). */
size_t crt_model_nentries(const struct crt_model *m);
const char *crt_model_entry_name(const struct crt_model *m, size_t k, char *buf, size_t size);
/* Fills the model's function pointers from a table in that order. */
void crt_model_bind(struct crt_model *m, void *const *functions);
/* The reverse: m's function pointers into a table of crt_model_nentries(m)
 * (a model lowered again binds the code of the one compiled: circ fit). */
void crt_model_functions(const struct crt_model *m, void **functions);

/* ---- running ------------------------------------------------------------------ */

struct crt_result {
    double *spike_t;        /* detected spikes, sorted by time then gid (spikes_mapped: */
    int *spike_gid;         /* a read-only mapping of the run's spill, rt_spikes.h) */
    long nspikes;
    bool spikes_mapped;
    bool spikes_streamed;   /* crt_run_into: spikes.csv (and spikes.h5 with
                               CRT_RUN_SONATA_SPIKES) were written as the run went */
    long spikes_peak_held;  /* the most spikes held in memory at once while it ran */
    long ntimes;            /* samples per trace (t = 0 included) */
    double *t;
    int ntraces;
    double **trace;         /* trace i: crt_trace_samples(r, i) values, sample j at t[j * every];
                               NULL after a streamed run if no figure draws it (t too if
                               none is drawn): traces_streamed */
    char **trace_label;     /* "<variable>_<gid>_<section>_<x>": "hh.m_3_soma_0.5" */
    char **trace_site;      /* "soma(0.5)" */
    int *trace_gid;
    int *trace_kind;        /* enum crt_record_kind (never CRT_REC_SPIKES), per trace */
    int *trace_record;      /* the crt_record it comes from */
    int *trace_every;       /* steps between its samples */
    struct crt_vsum **trace_vsum;   /* CRT_REC_PROBE: per window of its record (trace NULL) */
    char *spike_listed;     /* per gid: its spikes go to spikes.csv; NULL: every cell's */
    /* spikes of the recorded stimuli's sources (crt_model.spike_stims), sorted
     * by time, then stimulus, then target gid: the stimulus as its index in
     * spike_stims, the source by the gid of the cell it drives */
    long nstim_spikes;      /* none when stim_spikes_streamed: they are in the file */
    double *stim_spike_t;
    int *stim_spike_stim, *stim_spike_gid;
    bool stim_spikes_streamed;  /* crt_run_into: stimulus_spikes.csv written as it went */
    long stim_spikes_peak_held; /* the most of them held in memory at once */
    long nconnections;
    double *pos;            /* x, y, z (um) of every cell: 3 * ncells */
    double ms_build, ms_simulate;   /* network instantiation; initialization + steps */
    long *rule_contacts;    /* connections made by each rule */
    long nrule_connections; /* with CRT_RUN_CONNECTIONS: the rules' connections */
    int *conn_pre, *conn_post, *conn_rule;
    double *conn_weight, *conn_delay;   /* as the connection was made (uS or the synapse's
                                           weight unit; ms) */
    bool traces_streamed;   /* CRT_RUN_STREAM: traces.csv was written as the run went */
    bool write_failed;      /* the run failed writing a streamed file (error says which) */
    int stopped_by;         /* a signal stopped the run (rt_outdir.h): its outputs are whole
                               up to t_reached, but it failed */
    double t_reached;
    char error[256];        /* non-empty if the run failed (a voltage blew up...) */
};

/* Samples in trace i (t = 0 included). */
static inline long crt_trace_samples(const struct crt_result *r, int i)
{
    return r->ntimes > 0 ? (r->ntimes - 1) / r->trace_every[i] + 1 : 0;
}

enum {
    CRT_RUN_CONNECTIONS = 1,    /* crt_run_flags: also return the connections */
    CRT_RUN_QUIET = 2,          /* no progress line (runs side by side) */
    CRT_RUN_TABLES_FILLED = 4,  /* crt_fill_tables was called for this run's experiment */
    CRT_RUN_STREAM = 8,         /* traces.csv written while the run goes (crt_run_streamed) */
    CRT_RUN_SONATA_SPIKES = 16, /* crt_run_into: spikes.h5 too, beside spikes.csv */
};

/* A streamed run writes the rows of traces.csv after intervals of at most
 * CRT_STREAM_STEPS steps; a trace no figure draws keeps only a ring of its
 * last CRT_STREAM_RING samples (a power of two, at least 3 intervals'
 * worth: parts step the next interval while part 0 writes), so its memory
 * does not grow with the duration. */
enum { CRT_STREAM_STEPS = 1024, CRT_STREAM_RING = 4096 };

/* ---- memory: estimated before a run allocates, refused past a limit ---------- */

/* What a run of one experiment will hold, in bytes, by what it is for: run[]
 * only while it runs, kept[] in its result until the analysis (positions,
 * connection lists, the time vector and traces).  Counted from the model
 * before anything is allocated: cells' state, connections (a probability
 * given as an expression of the pair is not counted), synapses, stimuli,
 * recordings.  Spikes and queued events, which depend on activity, are not. */
enum { CRT_MEM_CELLS, CRT_MEM_CONNECTIONS, CRT_MEM_TRACES, CRT_MEM_KINDS };
struct crt_memory {
    double run[CRT_MEM_KINDS], kept[CRT_MEM_KINDS];
};
struct crt_memory crt_run_memory(const struct crt_model *m, int experiment, int flags);
/* The expected number of connections rule r makes: p times the pairs
 * (self pairs left out) for a probability, a probability of the pair
 * averaged over up to CRT_PAIR_SAMPLE pairs spread evenly over the rule's
 * (pos: the cells' positions; NULL: not counted, 0), convergence times the
 * post cells, divergence times the pre cells, the pairs listed. */
#define CRT_PAIR_SAMPLE 65536
double crt_rule_expected(const struct crt_model *m, int r, const double *pos);
/* Every rule's expected count into rules[].expected, for the cells as
 * placed now (the seed and generator set, `where` resolved): positions are
 * drawn only if a probability depends on the pair. */
void crt_count_rules(struct crt_model *m);
/* The same for a run on `nthreads` threads of each of `nranks` MPI ranks
 * (crt_run_memory: the model's threads, this process's ranks); rank 0's. */
struct crt_memory crt_run_memory_on(const struct crt_model *m, int experiment, int flags,
                                    int nthreads, int nranks);
/* Bytes the selected experiments (NULL: all) need at once on rank 0 of
 * `nranks`, `lanes` of them running side by side with every result kept:
 * the total (-1 if out of memory), and part[CRT_MEM_*] by kind.  crt_check_memory compares this
 * with the limit, circ plan prints it: they cannot disagree. */
double crt_memory_need(const struct crt_model *m, const bool *selected, int flags, int lanes,
                       int nranks, double part[CRT_MEM_KINDS]);
/* "1.5 MiB": bytes in binary units, three significant digits. */
void crt_format_bytes(double b, char *buf, size_t size);
/* Estimated bytes of one experiment's traces.csv (*columns: its traces), as
 * circ plan prints them: a row per sampled step, ~20 bytes a number. */
double crt_trace_file_bytes(const struct crt_model *m, double *columns);
/* Bytes the runs may need at once: m->memory_limit (--memory-limit), else
 * $CIRC_MEMORY_LIMIT, else this machine's physical memory (or a smaller
 * address-space limit, ulimit -v).  *source says which; -1 if
 * CIRC_MEMORY_LIMIT is not a size. */
double crt_memory_limit(const struct crt_model *m, const char **source);
/* "8G", "512M", "1.5T", "100000" (bytes; K, M, G, T are powers of 1024, an
 * optional "B" or "iB" follows): false if text is not such a size. */
bool crt_parse_size(const char *text, double *bytes);
/* Would the selected experiments (selected[e]; NULL: all) fit, run one after
 * another with every result kept?  False with a message saying what they
 * need, of what, and the limit. */
bool crt_check_memory(const struct crt_model *m, const bool *selected, int flags, char *err,
                      size_t errsize);
/* The same with up to `lanes` of them running at once. */
bool crt_check_memory_lanes(const struct crt_model *m, const bool *selected, int flags,
                            int lanes, char *err, size_t errsize);
/* A voltage beyond this (mV, either sign), infinite or NaN fails the run:
 * no membrane gets near it, so the integration has blown up. */
#define CRT_V_LIMIT 1e4

/* Builds the network of experiment e and simulates it.  Returns false with
 * res->error set on failure.  Free with crt_result_free. */
bool crt_run(const struct crt_model *m, int experiment, struct crt_result *res);
bool crt_run_flags(const struct crt_model *m, int experiment, int flags, struct crt_result *res);
/* crt_run_flags on `threads` threads instead of m->threads.  A run fills
 * the module's tables (globals of the module) first; runs of one model may
 * go side by side only without that: when their experiments' tables are the
 * same (crt_same_tables), filled once by crt_fill_tables and the runs given
 * CRT_RUN_TABLES_FILLED, and after crt_resolve_where. */
bool crt_run_on(const struct crt_model *m, int experiment, int flags, int threads,
                struct crt_result *res);
/* crt_run_on with flags & CRT_RUN_STREAM: rank 0 writes traces.csv at
 * traces_path (renamed into place when the run ends well, removed if it
 * fails) while the run goes, and sets res->traces_streamed.  The outputs
 * are byte for byte those of crt_write_traces after crt_run_on. */
bool crt_run_streamed(const struct crt_model *m, int experiment, int flags, int nthreads,
                      const char *traces_path, struct crt_result *res);
/* The same, into the directory dir (it exists): traces.csv and spikes.csv
 * there written while the run goes (res->spikes_streamed), the spikes'
 * spill beside them (rank 0; the others write nothing).  Every run's
 * spikes leave memory as it goes (rt_spikes.h): without dir, the spill is
 * in $TMPDIR. */
bool crt_run_into(const struct crt_model *m, int experiment, int flags, int nthreads,
                  const char *dir, struct crt_result *res);
bool crt_same_tables(const struct crt_model *m, int a, int b);
void crt_fill_tables(const struct crt_model *m, int experiment);
void crt_result_free(struct crt_result *res);

/* CSV writers: written to a temporary name, then renamed. */
bool crt_write_spikes(const char *path, const struct crt_result *r, char *err, size_t errsize);
/* <outdir>/sonata/: the network of r (run with CRT_RUN_CONNECTIONS) as a
 * SONATA circuit: nodes.h5, node_types.csv, edges.h5, edge_types.csv,
 * circuit_config.json (rt_sonata.c). */
bool crt_write_sonata(const char *outdir, const struct crt_model *m, const struct crt_result *r,
                      char *err, size_t errsize);
/* <experiment>/spikes.h5: spikes.csv's spikes as a SONATA spike file
 * (/spikes/<model>/timestamps in ms and node_ids = gids, sorted by time). */
bool crt_write_sonata_spikes(const char *path, const struct crt_model *m,
                             const struct crt_result *r, char *err, size_t errsize);
/* stimulus_spikes.csv: spkt,stimulus,gid (the cell the source drives), the
 * spikes of the sources of `record spikes of STIMULUS`. */
bool crt_write_stim_spikes(const char *path, const struct crt_model *m, const struct crt_result *r,
                           char *err, size_t errsize);
bool crt_write_traces(const char *path, const struct crt_result *r, char *err, size_t errsize);
/* gid,population,x,y,z: where every cell was placed */
bool crt_write_cells(const char *path, const struct crt_model *m, const struct crt_result *r,
                     char *err, size_t errsize);
/* pre,post,rule,weight,delay: one line per connection made by a connection
 * rule, weight and delay as drawn or given (17 significant digits) */
bool crt_write_connections(const char *path, const struct crt_result *r, char *err, size_t errsize);

/* ---- random numbers (Random123 Philox4x32-10, NEURON's streams) --------------- */

void crt_philox(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);
/* NEURON's nrnran123 stream (id1, id2, id3), at sequence 0. */
void crt_stream_init(struct crt_stream *s, uint32_t id1, uint32_t id2, uint32_t id3);
uint32_t crt_stream_next(struct crt_stream *s);
double crt_stream_uniform(struct crt_stream *s);      /* (x + 1) / (2^32 + 1) */
/* One uniform in (0, 1) for a keyed purpose: counter (a, b, c, purpose), key (seed, 0). */
double crt_uniform_at(uint32_t seed, uint32_t purpose, uint32_t a, uint32_t b, uint32_t c);

enum { CRT_PURPOSE_PLACE = 1, CRT_PURPOSE_CONNECT = 2, CRT_PURPOSE_SAMPLE = 3 };

/* Random draws: circ's own keyed streams, or exactly NetPyNE 1.1.0's
 * (NETPYNE_COMPAT.md): placement, probabilistic connections, NetStim noise. */
enum { CRT_RNG_CIRC = 0, CRT_RNG_NETPYNE = 1 };

/* Pick k of NEURON's Random123 stream (id1, id2, id3), as a uniform in (0, 1). */
double crt_stream_pick(uint32_t id1, uint32_t id2, uint32_t id3, uint64_t k);
/* NetPyNE's hashList of a cell list (the key of its connection draws);
 * false if OpenSSL could not digest (out of memory). */
bool crt_hash_gids(const struct crt_gids *g, uint32_t *hash);

#endif
