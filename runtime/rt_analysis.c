/* rt_analysis.c - measures and expectations over finished runs.
 *
 * Window rates use half-open windows [t0, t1), as the seed notebook does.
 * Voltage measures use the voltages the run kept for them (their probe:
 * every cell of the set, at one site per cell).  The ISN test is the
 * paradoxical-response test done properly: a paradoxical response needs the
 * inhibitory AND the excitatory rates to fall; an inhibitory rate that falls
 * while its cells depolarize and their spikes shrink is depolarization block.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_alloc.h"
#include "rt_fft.h"

#define BLOCK_PEAK_DROP_MV 10.0 /* mean spike peak falling by more: spikes are failing */

struct val {
    double num;
    const char *str;        /* a verdict, or NULL for a number */
};

struct ctx {
    const struct crt_model *m;
    struct crt_result *const *res;
    struct crt_analysis *out;
    char *state;            /* per (experiment, measure): 0 new, 1 in progress, 2 done */
    int e;                  /* experiment being analysed */
    int missing;            /* the value being evaluated reads this experiment, which
                               was not run, or -1 */
};

static long spikes_in(const struct crt_result *r, const struct crt_gids *g, double t0, double t1)
{
    long n = 0;
    for (long i = 0; i < r->nspikes; i++)
        if (r->spike_t[i] >= t0 && r->spike_t[i] < t1 && crt_gids_has(g, r->spike_gid[i]))
            n++;
    return n;
}

double crt_window_rate(const struct crt_result *r, const struct crt_gids *g, double t0, double t1,
                       double tstop)
{
    t1 = fmin(t1, tstop);
    if (g->n == 0 || !(t1 > t0))
        return NAN;
    return (double)spikes_in(r, g, t0, t1) / ((double)g->n * (t1 - t0) * 1e-3);
}

void crt_cell_stats(const struct crt_result *r, const struct crt_gids *g, double t0, double t1,
                    double *rate, double *cv)
{
    /* per cell: last spike, sum and sum of squares of the ISIs, their count */
    double *acc = rt_calloc(4 * (size_t)g->n + 1, sizeof *acc);
    long *spikes = rt_calloc((size_t)g->n + 1, sizeof *spikes);
    for (int c = 0; c < g->n; c++)
        acc[4 * c] = NAN;
    for (long i = 0; i < r->nspikes; i++) {    /* in time order, as each cell's ISIs */
        double t = r->spike_t[i];
        int c = t < t0 || t >= t1 ? -1 : crt_gids_index(g, r->spike_gid[i]);
        if (c < 0)
            continue;
        double *a = &acc[4 * c];
        spikes[c]++;
        if (!isnan(a[0])) {
            double isi = t - a[0];
            a[1] += isi;
            a[2] += isi * isi;
            a[3] += 1;
        }
        a[0] = t;
    }
    for (int c = 0; c < g->n; c++) {
        const double *a = &acc[4 * c];
        double n = a[3], mean = n ? a[1] / n : 0, var = n ? a[2] / n - mean * mean : 0;
        rate[c] = t1 > t0 ? spikes[c] / ((t1 - t0) * 1e-3) : NAN;
        cv[c] = n >= 2 && mean > 0 ? sqrt(var > 0 ? var : 0) / mean : NAN;
    }
    free(acc);
    free(spikes);
}

/* Mean ISI CV over the cells of g with 3 spikes or more in [t0, t1). */
static double cv_isi(const struct crt_result *r, const struct crt_gids *g, double t0, double t1)
{
    double *rate = rt_calloc((size_t)g->n + 1, sizeof *rate), *cv = rt_calloc((size_t)g->n + 1, sizeof *cv);
    crt_cell_stats(r, g, t0, t1, rate, cv);
    double sum = 0;
    int ncells = 0;
    for (int c = 0; c < g->n; c++)
        if (!isnan(cv[c])) {
            sum += cv[c];
            ncells++;
        }
    free(rate);
    free(cv);
    return ncells ? sum / ncells : NAN;
}

/* Voltage statistics over the cells of probe `probe` (a set at one site) in [t0, t1). */
struct vstats {
    int cells;
    double mean_v;          /* mean over cells of the mean voltage */
    double peak_v;          /* mean over all spike-like peaks */
    double peaks;           /* spike-like peaks per cell */
    double undetected;      /* of those, peaks below the cell's detection threshold, per cell */
};

/* Over the cells of probe `probe`, in the probe's window w (the run
 * gathered them: crt_vsum). */
static struct vstats vstats(const struct crt_model *m, const struct crt_result *r, int probe,
                           int w)
{
    struct vstats s = {0, NAN, NAN, NAN, NAN};
    double vsum = 0, psum = 0;
    long npeaks = 0, nunder = 0;
    if (probe < 0 || probe >= m->nrecords || w < 0 || w >= m->records[probe].nwin)
        return s;
    for (int j = 0; j < r->ntraces; j++) {
        if (r->trace_kind[j] != CRT_REC_PROBE || r->trace_record[j] != probe)
            continue;
        const struct crt_vsum *a = &r->trace_vsum[j][w];
        psum += a->psum;
        npeaks += a->npeaks;
        nunder += a->nunder;
        if (a->n) {
            vsum += a->sum / (double)a->n;
            s.cells++;
        }
    }
    if (s.cells) {
        s.mean_v = vsum / s.cells;
        s.peaks = (double)npeaks / s.cells;
        s.undetected = (double)nunder / s.cells;
        s.peak_v = npeaks ? psum / (double)npeaks : NAN;
    }
    return s;
}

/* Frequency (Hz) of the largest peak of the population rate's spectrum (1 ms
 * bins) in [t0, t1), the window cut at the end of the run as the figure
 * cuts it (after it there is no activity to measure, and a window reaching
 * far beyond the run would need a spectrum of that length); NaN (null)
 * without spikes or with a flat spectrum (a single spike), whose largest
 * "peak" would be rounding.  The first of
 * equal peaks wins; powers come from an FFT (rt_fft.c), equal to the direct
 * sum's within ~1e-13 of the largest, so only peaks that close could swap. */
static double psd_peak(const struct crt_result *r, const struct crt_gids *g, double t0, double t1,
                       double tstop)
{
    double span = floor(fmin(t1, tstop) - t0);
    if (!(span >= 4))
        return NAN;
    size_t n = (size_t)span;
    double *x = rt_calloc(n, sizeof *x);
    for (long i = 0; i < r->nspikes; i++) {
        double at = r->spike_t[i] - t0;
        if (at >= 0 && at < (double)n && crt_gids_has(g, r->spike_gid[i]))
            x[(size_t)at] += 1;
    }
    double mean = 0, total = 0;
    for (size_t k = 0; k < n; k++) {
        mean += x[k] / (double)n;
        total += x[k];
    }
    if (total == 0) {       /* no spikes: no spectrum, no peak */
        free(x);
        return NAN;
    }
    for (size_t k = 0; k < n; k++)
        x[k] -= mean;
    size_t nf = n / 2;
    double *p = rt_calloc(nf, sizeof *p);
    rt_dft_power(x, n, nf, p);
    double best = -1, best_f = NAN, least = INFINITY;
    for (size_t f = 1; f <= nf; f++) {     /* frequency f / (n ms) */
        if (p[f - 1] > best) {
            best = p[f - 1];
            best_f = (double)f * 1000.0 / (double)n;
        }
        least = fmin(least, p[f - 1]);
    }
    if (!(best > least * (1 + 1e-9)))       /* flat (one spike): a peak of rounding */
        best_f = NAN;
    free(p);
    free(x);
    return best_f;
}

static struct val num(double x)
{
    return (struct val){x, NULL};
}

/* Where a probe measures: "soma(0.5)", or "soma(0.5) and axon(0.5)" over
 * several cell types ("each cell's spike site" with more). */
static const char *probe_site(const struct crt_model *m, int probe)
{
    static _Thread_local char buf[128];
    if (probe < 0 || probe >= m->nrecords)
        return "no site";
    const struct crt_record *rec = &m->records[probe];
    const char *first = NULL, *second = NULL;
    for (int p = 0; p < m->npops; p++) {
        if (!crt_gids_has(&rec->cells, m->pops[p].first_gid) || !m->pops[p].count)
            continue;
        const char *site = rec->site[m->pops[p].type];
        if (!first)
            first = site;
        else if (strcmp(site, first) != 0 && (!second || strcmp(site, second) == 0))
            second = site;
        else if (strcmp(site, first) != 0)
            return "each cell's spike site";
    }
    if (!first)
        return "no site";
    if (second)
        snprintf(buf, sizeof buf, "%s and %s", first, second);
    else
        snprintf(buf, sizeof buf, "%s", first);
    return buf;
}

/* The measures being evaluated (state 1) that use voltages note how many
 * cells theirs came from (the first voltage call in each). */
static void note_cells(struct ctx *c, int cells)
{
    int k = c->e * c->m->nmeasures;
    for (int j = 0; j < c->m->nmeasures; j++)
        if (c->state[k + j] == 1 && c->out->cells[k + j] < 0)
            c->out->cells[k + j] = cells;
}

static struct val isn_test(struct ctx *c, const struct crt_result *r, const struct crt_expr *e)
{
    const struct crt_gids *inh = &c->m->sets[e->set[0]], *exc = &c->m->sets[e->set[1]];
    double end = c->m->tstop;
    double i0 = crt_window_rate(r, inh, e->win[0][0], e->win[0][1], end);
    double i1 = crt_window_rate(r, inh, e->win[1][0], e->win[1][1], end);
    double e0 = crt_window_rate(r, exc, e->win[0][0], e->win[0][1], end);
    double e1 = crt_window_rate(r, exc, e->win[1][0], e->win[1][1], end);
    struct vstats v0 = vstats(c->m, r, e->probe, e->pwin[0]);
    struct vstats v1 = vstats(c->m, r, e->probe, e->pwin[1]);
    note_cells(c, v0.cells);
    const char *verdict;
    if (!(i1 < i0))
        verdict = "not_paradoxical";        /* inhibition did not fall */
    else if (e1 < e0)
        verdict = "paradoxical";            /* both fell: excitation withdrew */
    else if (v0.cells && v1.mean_v > v0.mean_v && v1.peak_v < v0.peak_v - BLOCK_PEAK_DROP_MV)
        verdict = "depolarization_block";   /* depolarized, failing spikes */
    else
        verdict = "not_paradoxical";
    char buf[640];
    snprintf(buf, sizeof buf, "inhibitory rate %.2f -> %.2f Hz; excitatory rate %.2f -> %.2f Hz; "
             "inhibitory mean V %.2f -> %.2f mV; mean spike-like peak %.2f -> %.2f mV; "
             "spike-like peaks per cell %.1f -> %.1f, of which under the detection threshold "
             "%.1f -> %.1f (voltages of %d of %d inhibitory cells, at %s)", i0, i1, e0, e1,
             v0.mean_v, v1.mean_v, v0.peak_v, v1.peak_v, v0.peaks, v1.peaks, v0.undetected,
             v1.undetected, v0.cells, inh->n, probe_site(c->m, e->probe));
    int k = c->e * c->m->nmeasures;     /* evidence goes with the first isn measure */
    for (int j = 0; j < c->m->nmeasures; j++)
        if (c->state[k + j] == 1 && !c->out->evidence[k + j])
            c->out->evidence[k + j] = rt_strdup(buf);
    return (struct val){NAN, verdict};
}

static struct val eval(struct ctx *c, const struct crt_expr *e);

static struct val measure(struct ctx *c, int k)
{
    int slot = c->e * c->m->nmeasures + k;
    if (c->state[slot] == 1)
        return num(NAN);        /* a cycle: checked by the compiler, so never here */
    if (c->state[slot] == 0) {
        int outer = c->missing;
        c->missing = -1;
        c->state[slot] = 1;
        struct val v = eval(c, c->m->measures[k].expr);
        c->out->values[slot] = v.num;
        c->out->verdicts[slot] = v.str;
        c->state[slot] = 2;
        c->out->measure_absent[slot] = c->missing;
        c->missing = outer;
    }
    if (c->missing < 0)
        c->missing = c->out->measure_absent[slot];
    return (struct val){c->out->values[slot], c->out->verdicts[slot]};
}

static struct val call(struct ctx *c, const struct crt_expr *e)
{
    int ex = e->experiment >= 0 ? e->experiment : c->e;
    const struct crt_result *r = c->res[ex];
    if (!r) {                   /* that experiment was not run (-e) */
        if (c->missing < 0)
            c->missing = ex;
        return num(NAN);
    }
    const struct crt_gids *g = &c->m->sets[e->set[0]];
    /* spike measures over the part of the window the run simulated (a
     * rate over unsimulated time would be biased low); none: null */
    double t0 = e->win[0][0], t1 = fmin(e->win[0][1], c->m->tstop);
    bool simulated = t0 < c->m->tstop;
    switch (e->index) {
    case CRT_FN_RATE: return num(crt_window_rate(r, g, t0, t1, c->m->tstop));
    case CRT_FN_COUNT: return num(simulated ? (double)spikes_in(r, g, t0, t1) : NAN);
    case CRT_FN_CV_ISI: return num(simulated ? cv_isi(r, g, t0, t1) : NAN);
    case CRT_FN_MEAN_V:
    case CRT_FN_PEAK_V:
    case CRT_FN_PEAKS: {
        struct vstats v = vstats(c->m, r, e->probe, e->pwin[0]);
        note_cells(c, v.cells);
        return num(e->index == CRT_FN_MEAN_V ? v.mean_v : e->index == CRT_FN_PEAK_V ? v.peak_v
                                                                                 : v.peaks);
    }
    case CRT_FN_PSD_PEAK: return num(psd_peak(r, g, t0, e->win[0][1], c->m->tstop));
    case CRT_FN_ISN_TEST: return isn_test(c, r, e);
    default: return num(NAN);
    }
}

static bool truth(struct val v)
{
    return !v.str && v.num != 0 && !isnan(v.num);
}

static struct val eval(struct ctx *c, const struct crt_expr *e)
{
    struct val a = {0, NULL}, b = {0, NULL};
    switch (e->op) {
    case CRT_OP_CONST: return num(e->value);
    case CRT_OP_STR: return (struct val){NAN, e->str};
    case CRT_OP_MEASURE: return measure(c, e->index);
    case CRT_OP_CALL: return call(c, e);
    case CRT_OP_SELECT:
        return truth(eval(c, e->args[0])) ? eval(c, e->args[1]) : eval(c, e->args[2]);
    default:
        break;
    }
    if (e->nargs > 0)
        a = eval(c, e->args[0]);
    if (e->nargs > 1)
        b = eval(c, e->args[1]);
    if ((e->op == CRT_OP_EQ || e->op == CRT_OP_NE) && (a.str || b.str)) {
        bool same = a.str && b.str && strcmp(a.str, b.str) == 0;
        return num(e->op == CRT_OP_EQ ? same : !same);
    }
    double x = a.num, y = b.num;
    switch (e->op) {
    case CRT_OP_NEG: return num(-x);
    case CRT_OP_NOT: return num(!truth(a));
    case CRT_OP_ADD: return num(x + y);
    case CRT_OP_SUB: return num(x - y);
    case CRT_OP_MUL: return num(x * y);
    case CRT_OP_DIV: return num(x / y);
    case CRT_OP_POW: return num(pow(x, y));
    case CRT_OP_LT: return num(x < y);
    case CRT_OP_LE: return num(x <= y);
    case CRT_OP_GT: return num(x > y);
    case CRT_OP_GE: return num(x >= y);
    case CRT_OP_EQ: return num(x == y);
    case CRT_OP_NE: return num(x != y);
    case CRT_OP_AND: return num(truth(a) && truth(b));
    case CRT_OP_OR: return num(truth(a) || truth(b));
    default: return num(NAN);
    }
}

void crt_analyse(const struct crt_model *m, struct crt_result *const *results,
                 struct crt_analysis *out)
{
    size_t n = (size_t)m->nexperiments * (size_t)(m->nmeasures > 0 ? m->nmeasures : 1);
    out->values = rt_calloc(n, sizeof *out->values);
    out->verdicts = rt_calloc(n, sizeof *out->verdicts);
    out->evidence = rt_calloc(n, sizeof *out->evidence);
    out->cells = rt_malloc(n * sizeof *out->cells);
    for (size_t i = 0; i < n; i++)
        out->cells[i] = -1;
    out->failed = 0;
    size_t nx = (size_t)m->nexperiments * (size_t)(m->nexpects > 0 ? m->nexpects : 1);
    out->outcome = rt_malloc(nx);
    memset(out->outcome, -1, nx);
    out->absent = rt_malloc(nx * sizeof *out->absent);
    out->measure_absent = rt_malloc(n * sizeof *out->measure_absent);
    struct ctx c = {m, results, out, rt_calloc(n, 1), 0, -1};
    for (size_t i = 0; i < n; i++) {
        out->values[i] = NAN;
        out->measure_absent[i] = -1;
    }
    for (size_t i = 0; i < nx; i++)
        out->absent[i] = -1;
    for (int e = 0; e < m->nexperiments; e++) {
        if (!results[e])
            continue;
        c.e = e;
        for (int k = 0; k < m->nmeasures; k++)
            if (m->measures[k].experiment < 0 || m->measures[k].experiment == e)
                measure(&c, k);
        /* a sweep explores: expectations are claims about the declared runs */
        for (int k = 0; m->experiments[e].sweep < 0 && k < m->nexpects; k++) {
            const struct crt_expect *x = &m->expects[k];
            if (x->experiment >= 0 && x->experiment != e)
                continue;
            c.missing = -1;
            bool held = truth(eval(&c, x->expr));
            size_t i = (size_t)e * (size_t)m->nexpects + (size_t)k;
            if (c.missing >= 0) {
                /* it compares with a run left out by -e: no verdict either way */
                out->absent[i] = c.missing;
                continue;
            }
            out->outcome[i] = held;
            out->failed += !held;
        }
    }
    free(c.state);
}

void crt_analysis_say(const struct crt_model *m, const struct crt_analysis *a, FILE *f)
{
    for (int e = 0; e < m->nexperiments; e++)
        for (int k = 0; m->experiments[e].sweep < 0 && k < m->nexpects; k++) {
            size_t i = (size_t)e * (size_t)m->nexpects + (size_t)k;
            if (a->absent[i] >= 0)
                fprintf(f, "%s: expectation not evaluated in experiment '%s' (it reads "
                        "experiment '%s', which was not run): %s\n", crt_program,
                        m->experiments[e].name, m->experiments[a->absent[i]].name,
                        m->expects[k].text);
            else if (a->outcome[i] == 0)
                fprintf(f, "%s: expectation failed in experiment '%s': %s\n", crt_program,
                        m->experiments[e].name, m->expects[k].text);
        }
}

void crt_analysis_free(const struct crt_model *m, struct crt_analysis *a)
{
    size_t n = (size_t)m->nexperiments * (size_t)(m->nmeasures > 0 ? m->nmeasures : 1);
    for (size_t i = 0; a->evidence && i < n; i++)
        free(a->evidence[i]);
    free(a->values);
    free(a->verdicts);
    free(a->evidence);
    free(a->cells);
    free(a->outcome);
    free(a->absent);
    free(a->measure_absent);
    memset(a, 0, sizeof *a);
}
