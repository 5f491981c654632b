/* api.c - circ.h over the engine (compile once) and the runtime's in-memory
 * runs (crt_run_results): the model's diagnostics and its results as data. */
#include "circ.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "engine.h"
#include "rt_alloc.h"

struct circ_model {
    struct engine eng;
    bool ok;
    circ_diagnostic *diags;
    int ndiags;
};

/* Which of a run's traces traces.csv writes: those of `record` lines. */
struct written {
    int *index;             /* into crt_result.trace */
    int n;
};

struct circ_results {
    const circ_model *model;
    struct front *front;        /* owns model_run (NULL: none was lowered) */
    struct engine *recompiled;  /* --exact values folded into code: its own compilation */
    struct crt_model *run_model;
    struct crt_result **res;    /* per experiment, NULL where not run */
    struct written *traces;     /* per experiment */
    double **listed_t;          /* spikes.csv's spikes where `record spikes of` narrows them */
    int **listed_gid;
    long *nlisted;
    struct crt_analysis analysis;
    bool analysed;
    struct crt_figures *figures;    /* opened when a figure is first asked for */
    char **svg;                     /* per figure, drawn once */
    size_t *svg_len;
    long long seed;
    char error[4096];
};

circ_options circ_default_options(void)
{
    return (circ_options){0};
}

circ_run_options circ_default_run_options(void)
{
    return (circ_run_options){.seed = -1};
}

static char *overrides_of(const char *const *sets, int n, char *err, size_t errsize)
{
    char *overrides = NULL;
    for (int i = 0; i < n; i++)
        if (!sets[i] || !front_add_override(&overrides, sets[i])) {
            snprintf(err, errsize, "a set is PATH=VALUE, not '%s'", sets[i] ? sets[i] : "(null)");
            free(overrides);
            return NULL;
        }
    return overrides;
}

/* The sink's diagnostics as circ_diagnostic values (strings in the sink). */
static void keep_diagnostics(circ_model *m)
{
    const struct diag_sink *d = m->eng.front ? m->eng.front->diag : NULL;
    size_t n = d ? diag_count(d) : 0;
    m->diags = calloc(n + 1, sizeof *m->diags);
    if (!m->diags)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct diag_item *it = diag_item(d, i);
        circ_diagnostic *x = &m->diags[m->ndiags++];
        x->severity = it->level == DIAG_ERROR ? CIRC_ERROR
                      : it->level == DIAG_WARNING ? CIRC_WARNING : CIRC_NOTE;
        x->message = it->message;
        x->file = "";
        if (it->loc.file >= 0) {
            unsigned line, col;
            diag_line_col(d, it->loc.file, it->loc.start, &line, &col);
            x->file = diag_file(d, it->loc.file)->path;
            x->line = (int)line;
            x->column = (int)col;
        }
    }
}

static circ_model *open_model(const char *path, const char *text, const circ_options *o)
{
    circ_options def = circ_default_options();
    if (!o)
        o = &def;
    circ_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    char err[256];
    char *overrides = overrides_of(o->sets, o->nsets, err, sizeof err);
    struct front_options fo = {.no_stdlib = o->no_stdlib, .stop_after = PASS_ALL,
                               .overrides = overrides};
    struct cg_options co = engine_cg_options(o->exact != 0);
    /* parameters read at run time in both modes (as a program's code):
     * a run's sets then need no new code, and --exact gives the same bits */
    co.all_params_runtime = true;
    if (o->nsets > 0 && !overrides) {       /* reported as a diagnostic of no file */
        m->eng.front = front_create(&fo);
        diag_error(m->eng.front->diag, LOC_NONE, "%s", err);
    } else if (text) {
        m->ok = engine_open_text(&m->eng, path, text, strlen(text), &fo, &co);
    } else {
        m->ok = engine_open(&m->eng, path, &fo, &co);
    }
    free(overrides);
    m->ok = m->ok && m->eng.front && diag_errors(m->eng.front->diag) == 0;
    keep_diagnostics(m);
    return m;
}

circ_model *circ_open_file(const char *path, const circ_options *o)
{
    return path ? open_model(path, NULL, o) : NULL;
}

circ_model *circ_open_text(const char *text, const char *name, const circ_options *o)
{
    return text ? open_model(name ? name : "model.circ", text, o) : NULL;
}

void circ_close(circ_model *m)
{
    if (!m)
        return;
    engine_close(&m->eng);
    free(m->diags);
    free(m);
}

int circ_ok(const circ_model *m)
{
    return m && m->ok;
}

int circ_ndiagnostics(const circ_model *m)
{
    return m ? m->ndiags : 0;
}

const circ_diagnostic *circ_diagnostic_at(const circ_model *m, int i)
{
    return m && i >= 0 && i < m->ndiags ? &m->diags[i] : NULL;
}

const char *circ_diagnostics_text(const circ_model *m)
{
    return m && m->eng.front ? diag_text(m->eng.front->diag) : "";
}

/* ---- the model's names ------------------------------------------------------ */

static const struct crt_model *compiled(const circ_model *m)
{
    return m && m->ok ? m->eng.model : NULL;
}

int circ_nexperiments(const circ_model *m)
{
    return compiled(m) ? compiled(m)->nexperiments : 0;
}

const char *circ_experiment_name(const circ_model *m, int e)
{
    return e >= 0 && e < circ_nexperiments(m) ? compiled(m)->experiments[e].name : NULL;
}

int circ_experiment_index(const circ_model *m, const char *name)
{
    for (int e = 0; name && e < circ_nexperiments(m); e++)
        if (strcmp(compiled(m)->experiments[e].name, name) == 0)
            return e;
    return -1;
}

int circ_npopulations(const circ_model *m)
{
    return compiled(m) ? compiled(m)->npops : 0;
}

const char *circ_population_name(const circ_model *m, int p)
{
    return p >= 0 && p < circ_npopulations(m) ? compiled(m)->pops[p].name : NULL;
}

int circ_ncells(const circ_model *m)
{
    return compiled(m) ? compiled(m)->ncells : 0;
}

int circ_nmeasures(const circ_model *m)
{
    return compiled(m) ? compiled(m)->nmeasures : 0;
}

const char *circ_measure_name(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nmeasures(m) ? compiled(m)->measures[k].name : NULL;
}

const char *circ_measure_unit(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nmeasures(m) ? compiled(m)->measures[k].unit : NULL;
}

int circ_measure_experiment(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nmeasures(m) ? compiled(m)->measures[k].experiment : -1;
}

int circ_nexpectations(const circ_model *m)
{
    return compiled(m) ? compiled(m)->nexpects : 0;
}

const char *circ_expectation_text(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nexpectations(m) ? compiled(m)->expects[k].text : NULL;
}

int circ_expectation_experiment(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nexpectations(m) ? compiled(m)->expects[k].experiment : -1;
}

int circ_nfigures(const circ_model *m)
{
    return compiled(m) ? compiled(m)->nfigures : 0;
}

const char *circ_figure_name(const circ_model *m, int k)
{
    return k >= 0 && k < circ_nfigures(m) ? compiled(m)->figures[k].name : NULL;
}

/* ---- runs ------------------------------------------------------------------- */

/* The model lowered again for this run, with its sets (a fresh model each
 * run: a run resolves and counts things in the model it is given), bound to
 * the compiled code, or to a compilation of its own when the values change
 * the code; NULL with r->error set. */
static struct crt_model *run_model(circ_model *m, const char *overrides, circ_results *r)
{
    bool changed = false;
    struct crt_model *cm = engine_relower(&m->eng, overrides, &r->front, &changed);
    if (cm || !changed) {
        if (!cm)
            snprintf(r->error, sizeof r->error, "%s", diag_text(r->front->diag));
        return cm;
    }
    front_destroy(r->front);
    r->front = NULL;
    char *all = engine_overrides_with(&m->eng, overrides);
    struct front_options fo = m->eng.fo;
    fo.overrides = all;
    r->recompiled = calloc(1, sizeof *r->recompiled);
    bool ok = r->recompiled &&
              (m->eng.text ? engine_open_text(r->recompiled, m->eng.path, m->eng.text,
                                              m->eng.len, &fo, &m->eng.co)
                           : engine_open(r->recompiled, m->eng.path, &fo, &m->eng.co));
    free(all);
    if (!ok) {
        snprintf(r->error, sizeof r->error, "%s", r->recompiled && r->recompiled->front
                 ? diag_text(r->recompiled->front->diag) : "out of memory");
        return NULL;
    }
    return r->recompiled->model;
}

/* Experiment e's traces that traces.csv would write, and its spikes that
 * spikes.csv would list. */
static bool index_outputs(circ_results *r, int e)
{
    const struct crt_result *x = r->res[e];
    struct written *w = &r->traces[e];
    w->index = malloc(((size_t)x->ntraces + 1) * sizeof *w->index);
    if (!w->index)
        return false;
    for (int i = 0; i < x->ntraces; i++)
        if (x->trace_kind[i] != CRT_REC_PROBE)
            w->index[w->n++] = i;
    if (!x->spike_listed)
        return true;
    r->listed_t[e] = malloc(((size_t)x->nspikes + 1) * sizeof **r->listed_t);
    r->listed_gid[e] = malloc(((size_t)x->nspikes + 1) * sizeof **r->listed_gid);
    if (!r->listed_t[e] || !r->listed_gid[e])
        return false;
    long n = 0;
    for (long i = 0; i < x->nspikes; i++)
        if (x->spike_listed[x->spike_gid[i]]) {
            r->listed_t[e][n] = x->spike_t[i];
            r->listed_gid[e][n++] = x->spike_gid[i];
        }
    r->nlisted[e] = n;
    return true;
}

circ_results *circ_run(circ_model *m, const circ_run_options *o)
{
    if (!m)
        return NULL;
    circ_run_options def = circ_default_run_options();
    if (!o)
        o = &def;
    circ_results *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->model = m;
    if (!m->ok) {
        snprintf(r->error, sizeof r->error, "the model has errors");
        return r;
    }
    if (o->seed < -1 || o->seed > 4294967295LL) {     /* as --seed */
        snprintf(r->error, sizeof r->error, "a seed is -1 (the model's) or 0 .. 4294967295, "
                 "not %lld", o->seed);
        return r;
    }
    char *overrides = overrides_of(o->sets, o->nsets, r->error, sizeof r->error);
    if (o->nsets > 0 && !overrides)
        return r;
    r->run_model = run_model(m, overrides, r);
    free(overrides);
    if (!r->run_model)
        return r;
    struct crt_model *cm = r->run_model;
    int n = cm->nexperiments;
    r->res = calloc((size_t)n + 1, sizeof *r->res);
    r->traces = calloc((size_t)n + 1, sizeof *r->traces);
    r->listed_t = calloc((size_t)n + 1, sizeof *r->listed_t);
    r->listed_gid = calloc((size_t)n + 1, sizeof *r->listed_gid);
    r->nlisted = calloc((size_t)n + 1, sizeof *r->nlisted);
    if (!r->res || !r->traces || !r->listed_t || !r->listed_gid || !r->nlisted) {
        snprintf(r->error, sizeof r->error, "out of memory");
        return r;
    }
    struct crt_run_options ro = {.seed = o->seed, .threads = o->threads,
                                 .rng = o->rng == CIRC_RNG_NETPYNE ? CRT_RNG_NETPYNE
                                                                   : CRT_RNG_CIRC,
                                 .experiments = o->experiments, .nexperiments = o->nexperiments,
                                 .connections = o->connections != 0,
                                 .error = r->error, .error_size = sizeof r->error};
    int rc = crt_run_results(cm, &ro, r->res);
    r->seed = cm->seed;
    if (rc != 0 && !r->error[0])
        snprintf(r->error, sizeof r->error, "the run failed");
    if (rc != 0)
        return r;
    for (int e = 0; e < n; e++)
        if (r->res[e] && !index_outputs(r, e)) {
            snprintf(r->error, sizeof r->error, "out of memory");
            return r;
        }
    /* the runtime's allocations jump to a guard when memory runs out: here
     * that is an error of this run, never an abort of the caller's process */
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        snprintf(r->error, sizeof r->error, "out of memory (%zu bytes) in the analysis",
                 guard.bytes);
        return r;
    }
    crt_analyse(cm, r->res, &r->analysis);
    rt_oom_pop(&guard);
    r->analysed = true;
    return r;
}

void circ_results_free(circ_results *r)
{
    if (!r)
        return;
    const struct crt_model *cm = r->run_model;
    for (int e = 0; cm && r->res && e < cm->nexperiments; e++) {
        if (r->res[e]) {
            crt_result_free(r->res[e]);
            free(r->res[e]);
        }
        if (r->traces)
            free(r->traces[e].index);
        if (r->listed_t)
            free(r->listed_t[e]);
        if (r->listed_gid)
            free(r->listed_gid[e]);
    }
    for (int k = 0; r->svg && k < cm->nfigures; k++)
        free(r->svg[k]);
    free(r->svg);
    free(r->svg_len);
    crt_figures_close(r->figures);
    if (r->analysed)
        crt_analysis_free(cm, &r->analysis);
    free(r->res);
    free(r->traces);
    free(r->listed_t);
    free(r->listed_gid);
    free(r->nlisted);
    front_destroy(r->front);
    if (r->recompiled) {
        engine_close(r->recompiled);
        free(r->recompiled);
    }
    free(r);
}

const char *circ_results_error(const circ_results *r)
{
    return !r ? "out of memory" : r->error[0] ? r->error : NULL;
}

long long circ_results_seed(const circ_results *r)
{
    return r ? r->seed : -1;
}

/* Experiment e's result, NULL if it did not run or the run failed. */
static const struct crt_result *result(const circ_results *r, int e)
{
    return r && r->analysed && e >= 0 && e < r->run_model->nexperiments ? r->res[e] : NULL;
}

int circ_ran(const circ_results *r, int e)
{
    return result(r, e) != NULL;
}

long circ_spikes(const circ_results *r, int e, const double **t, const int **gid)
{
    const struct crt_result *x = result(r, e);
    const double *ts = NULL;
    const int *gs = NULL;
    long n = 0;
    if (x && x->spike_listed) {
        ts = r->listed_t[e];
        gs = r->listed_gid[e];
        n = r->nlisted[e];
    } else if (x) {
        ts = x->spike_t;
        gs = x->spike_gid;
        n = x->nspikes;
    }
    if (t)
        *t = n ? ts : NULL;
    if (gid)
        *gid = n ? gs : NULL;
    return n;
}

int circ_ntraces(const circ_results *r, int e)
{
    return result(r, e) ? r->traces[e].n : 0;
}

/* The crt_result index of trace i of experiment e, or -1. */
static int trace_index(const circ_results *r, int e, int i)
{
    return i >= 0 && i < circ_ntraces(r, e) ? r->traces[e].index[i] : -1;
}

const char *circ_trace_label(const circ_results *r, int e, int i)
{
    int k = trace_index(r, e, i);
    return k >= 0 ? r->res[e]->trace_label[k] : NULL;
}

int circ_trace_gid(const circ_results *r, int e, int i)
{
    int k = trace_index(r, e, i);
    return k >= 0 ? r->res[e]->trace_gid[k] : -1;
}

long circ_trace(const circ_results *r, int e, int i, const double **values, int *every)
{
    int k = trace_index(r, e, i);
    if (values)
        *values = k >= 0 ? r->res[e]->trace[k] : NULL;
    if (every)
        *every = k >= 0 ? r->res[e]->trace_every[k] : 0;
    return k >= 0 ? crt_trace_samples(r->res[e], k) : 0;
}

long circ_trace_times(const circ_results *r, int e, const double **t)
{
    const struct crt_result *x = result(r, e);
    if (t)
        *t = x ? x->t : NULL;
    return x ? x->ntimes : 0;
}

double circ_rate(const circ_results *r, int e, int p)
{
    const struct crt_result *x = result(r, e);
    return x && p >= 0 && p < r->run_model->npops ? crt_pop_rate(r->run_model, x, p) : NAN;
}

double circ_measure(const circ_results *r, int e, int k, const char **verdict)
{
    if (verdict)
        *verdict = NULL;
    const struct crt_model *cm = r ? r->run_model : NULL;
    if (!result(r, e) || k < 0 || k >= cm->nmeasures ||
        (cm->measures[k].experiment >= 0 && cm->measures[k].experiment != e))
        return NAN;
    size_t i = (size_t)e * (size_t)cm->nmeasures + (size_t)k;
    if (verdict)
        *verdict = r->analysis.verdicts[i];
    return r->analysis.values[i];
}

int circ_expectation(const circ_results *r, int e, int k)
{
    const struct crt_model *cm = r ? r->run_model : NULL;
    if (!result(r, e) || k < 0 || k >= cm->nexpects)
        return -1;
    return r->analysis.outcome[(size_t)e * (size_t)cm->nexpects + (size_t)k];
}

long circ_connections(const circ_results *r, int e, const int **pre, const int **post,
                      const double **weight, const double **delay)
{
    const struct crt_result *x = result(r, e);
    bool have = x && x->conn_pre;
    if (pre)
        *pre = have ? x->conn_pre : NULL;
    if (post)
        *post = have ? x->conn_post : NULL;
    if (weight)
        *weight = have ? x->conn_weight : NULL;
    if (delay)
        *delay = have ? x->conn_delay : NULL;
    return have ? x->nrule_connections : 0;
}

static const char *figure_svg(circ_results *r, int k, char *err, size_t errsize);

const char *circ_figure_svg(circ_results *r, int k, size_t *len)
{
    if (len)
        *len = 0;
    if (!r || !r->analysed || k < 0 || k >= r->run_model->nfigures)
        return NULL;
    char err[512];
    struct rt_oom_guard guard;      /* as in circ_run */
    rt_oom_push(&guard);
    if (setjmp(guard.jump))
        return NULL;
    const char *svg = figure_svg(r, k, err, sizeof err);
    rt_oom_pop(&guard);
    if (len)
        *len = svg ? r->svg_len[k] : 0;
    return svg;
}

/* circ_figure_svg's work, under its guard. */
static const char *figure_svg(circ_results *r, int k, char *err, size_t errsize)
{
    if (!r->figures) {
        int n = r->run_model->nfigures;
        if (!r->svg)
            r->svg = calloc((size_t)n, sizeof *r->svg);
        if (!r->svg_len)
            r->svg_len = calloc((size_t)n, sizeof *r->svg_len);
        if (!r->svg || !r->svg_len)
            return NULL;
        r->figures = crt_figures_open(NULL, r->run_model, r->res, err, errsize);
        if (!r->figures)
            return NULL;
        crt_figures_use_analysis(r->figures, &r->analysis);
    }
    if (!r->svg[k])
        r->svg[k] = crt_figure_svg_text(r->figures, k, &r->svg_len[k], err, errsize);
    return r->svg[k];
}
