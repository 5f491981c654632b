/* circ.h - circ embedded in another program: compile a model once, run its
 * experiments as often as wanted with other seeds and `set` values, and
 * read the results in memory.
 *
 *     circ_options o = circ_default_options();
 *     circ_model *m = circ_open_file("microcircuit.circ", &o);
 *     if (!circ_ok(m)) { fputs(circ_diagnostics_text(m), stderr); ... }
 *     circ_run_options ro = circ_default_run_options();
 *     const char *sets[] = {"bkg.rate=30Hz"};
 *     ro.sets = sets; ro.nsets = 1;
 *     circ_results *r = circ_run(m, &ro);
 *     if (circ_results_error(r)) ...
 *     const double *t; const int *gid;
 *     long n = circ_spikes(r, circ_experiment_index(m, "control"), &t, &gid);
 *     circ_results_free(r);
 *     circ_close(m);
 *
 * Nothing here prints, exits or aborts on a model's or a run's errors: they
 * are values (circ_ok and the diagnostics, circ_results_error).  The values
 * are those `circ run` writes (spikes.csv, traces.csv, summary.json), bit
 * for bit.  Separate models may be used from separate threads at once; one
 * model's calls must not overlap.  Strings and arrays returned belong to
 * the model or the results they come from and live as long as it does. */
#ifndef CIRC_H
#define CIRC_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#define CIRC_API_VERSION 1

typedef struct circ_model circ_model;
typedef struct circ_results circ_results;

/* ---- a model ------------------------------------------------------------ */

enum circ_rng { CIRC_RNG_CIRC = 0, CIRC_RNG_NETPYNE = 1 };

typedef struct circ_options {
    int exact;                  /* NEURON's arithmetic exactly (--exact) */
    int no_stdlib;              /* do not load the standard library */
    const char *const *sets;    /* "PATH=VALUE" as --set, compiled in (usually none: */
    int nsets;                  /*  give them to circ_run, which compiles nothing) */
} circ_options;

circ_options circ_default_options(void);

/* Checks and compiles a model; returns a handle also when the model has
 * errors (circ_ok says; the diagnostics say why), NULL when out of memory
 * (the compiler's own allocations still abort then: not yet values).  `o`
 * may be NULL (the defaults); its sets hold for every run of the model.
 * The model's file is read once: runs use the text compiled (imports are
 * read again). */
circ_model *circ_open_file(const char *path, const circ_options *o);
/* The same from text; `name` (e.g. "model.circ") is the file name in
 * messages, and imports are found from its directory. */
circ_model *circ_open_text(const char *text, const char *name, const circ_options *o);
void circ_close(circ_model *m);

/* 1 if the model compiled (it may have warnings), 0 if it has errors. */
int circ_ok(const circ_model *m);

enum circ_severity { CIRC_ERROR = 0, CIRC_WARNING = 1, CIRC_NOTE = 2 };

typedef struct circ_diagnostic {
    enum circ_severity severity;
    const char *file;           /* "" when the message is about no file */
    int line, column;           /* 1-based; 0 when not in a file */
    const char *message;        /* without the location and severity */
} circ_diagnostic;

int circ_ndiagnostics(const circ_model *m);
/* Diagnostic i (0 <= i < circ_ndiagnostics), or NULL. */
const circ_diagnostic *circ_diagnostic_at(const circ_model *m, int i);
/* Every diagnostic as `circ check` prints it ("file:line:col: error: ..."
 * with the source line and a caret). */
const char *circ_diagnostics_text(const circ_model *m);

/* The model's experiments (sweep points included, named "<sweep>/<point>"),
 * its populations and measures; -1 / NULL outside the range or unknown. */
int circ_nexperiments(const circ_model *m);
const char *circ_experiment_name(const circ_model *m, int e);
int circ_experiment_index(const circ_model *m, const char *name);
int circ_npopulations(const circ_model *m);
const char *circ_population_name(const circ_model *m, int p);
int circ_ncells(const circ_model *m);
int circ_nmeasures(const circ_model *m);
const char *circ_measure_name(const circ_model *m, int k);
const char *circ_measure_unit(const circ_model *m, int k);      /* "Hz", "mV", "" */
/* The experiment measure k is taken in (`measure x in E = ...`), -1 for every one. */
int circ_measure_experiment(const circ_model *m, int k);
int circ_nexpectations(const circ_model *m);
const char *circ_expectation_text(const circ_model *m, int k);
/* The experiment expectation k is about (`expect ... in E`), -1 for every one. */
int circ_expectation_experiment(const circ_model *m, int k);

/* The model's declared figures (`figure NAME = raster(...)`). */
int circ_nfigures(const circ_model *m);
const char *circ_figure_name(const circ_model *m, int k);

/* ---- a run ---------------------------------------------------------------- */

typedef struct circ_run_options {
    long long seed;             /* -1: the model's; else 0 .. 4294967295 */
    int threads;                /* 0: as `circ run` chooses (results do not depend on it) */
    int rng;                    /* enum circ_rng */
    const char *const *experiments;     /* names (or sweeps); NULL: all */
    int nexperiments;
    const char *const *sets;    /* "PATH=VALUE" as --set, e.g. "bkg.rate=30Hz" */
    int nsets;
    int connections;            /* also keep the connections (circ_connections) */
} circ_run_options;

circ_run_options circ_default_run_options(void);

/* Runs the chosen experiments.  Returns results also when the run failed
 * (circ_results_error says why; bad `sets` give located diagnostics in
 * circ_results_error too), NULL only when out of memory or m is NULL.
 * `sets` that leave the compiled code as it is (every value in the default
 * mode) reuse it; under --exact a value folded into the code compiles the
 * model again (the object cache keeps both). */
circ_results *circ_run(circ_model *m, const circ_run_options *o);
void circ_results_free(circ_results *r);

/* NULL if the run went well, else the message (as `circ run` prints it).
 * A failed expectation is not an error: see circ_expectation. */
const char *circ_results_error(const circ_results *r);
/* The seed the run used. */
long long circ_results_seed(const circ_results *r);
/* Whether experiment e was run (chosen and the run did not stop before). */
int circ_ran(const circ_results *r, int e);

/* Spikes of experiment e (those spikes.csv lists), sorted by time then gid:
 * returns their number, *t (ms) and *gid set; 0 with NULLs if e did not run. */
long circ_spikes(const circ_results *r, int e, const double **t, const int **gid);

/* Traces of experiment e: traces.csv's columns.  Trace i has
 * circ_trace_samples values, sample j at time circ_trace_times()[j * every]. */
int circ_ntraces(const circ_results *r, int e);
const char *circ_trace_label(const circ_results *r, int e, int i);  /* "v_3_soma_0.5" */
int circ_trace_gid(const circ_results *r, int e, int i);
/* Returns the number of samples; *values set (NULL if none), *every the
 * steps between two samples. */
long circ_trace(const circ_results *r, int e, int i, const double **values, int *every);
/* Every step's time (ms): returns their number. */
long circ_trace_times(const circ_results *r, int e, const double **t);

/* Population p's mean rate (Hz) over the run, as summary.json's "rates". */
double circ_rate(const circ_results *r, int e, int p);
/* Measure k in experiment e: its number (NAN if undefined or not measured
 * there); *verdict set to a verdict measure's text (isn_test), else NULL. */
double circ_measure(const circ_results *r, int e, int k, const char **verdict);
/* Expectation k in experiment e: 1 held, 0 failed, -1 not evaluated. */
int circ_expectation(const circ_results *r, int e, int k);
/* The connections made (run with o->connections): their number, and
 * parallel arrays (any pointer may be NULL). */
long circ_connections(const circ_results *r, int e, const int **pre, const int **post,
                      const double **weight, const double **delay);

/* Figure k of the model drawn from these results: SVG text, the bytes
 * `circ run` writes to figures/<name>.svg, NUL-terminated (*len its length
 * unless len is NULL), owned by r.  NULL if k is out of range, the run
 * failed or drawing failed.  Figures are drawn with cairo, whose caches are
 * shared: draw from one thread of a process at a time. */
const char *circ_figure_svg(circ_results *r, int k, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
