/* rt_plan.c - `circ plan`: what a run will need, said before anything is
 * built: cells, compartments, connections, memory per rank and the sizes
 * of the outputs.  The memory is crt_memory_need's, the sum the check
 * before every run compares with the limit (rt_memory.c), so the plan and
 * the refusal cannot disagree; the plan adds what the process already
 * holds (its compiled model), which it measures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_mpi.h"

/* Bytes of a number as %.17g writes it, with its separator: measured on
 * the seed's traces.csv, 19.7 on average for voltages and times. */
#define CSV_NUMBER 20.0

/* 1234567 -> "1,234,567" */
static void count_text(double n, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && digits[0] != '-')
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

static double digits_of(double n)
{
    return n < 10 ? 1 : floor(log10(n)) + 1;
}

/* The rows of traces.csv: a row per step some written trace samples. */
double crt_trace_file_bytes(const struct crt_model *m, double *columns)
{
    double steps = floor(m->tstop / m->dt + 0.5);
    int finest = 0;
    *columns = 0;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        if (rec->kind == CRT_REC_SPIKES || rec->kind == CRT_REC_PROBE)
            continue;
        *columns += rec->cells.n;
        int every = rec->every > 0 ? rec->every : 1;
        if (!finest || every < finest)
            finest = every;
    }
    if (*columns == 0)
        return 0;
    return (floor(steps / finest) + 1) * (*columns + 1) * CSV_NUMBER;
}

static void print_cells(const struct crt_model *m, FILE *out)
{
    double compartments = 0, art = 0;
    char a[32], b[32];
    fprintf(out, "cells:\n");
    for (int t = 0; t < m->ntypes; t++) {
        double n = 0;
        for (int p = 0; p < m->npops; p++)
            n += m->pops[p].type == t ? m->pops[p].count : 0;
        compartments += n * m->types[t].nnodes;
        count_text(n, a, sizeof a);
        count_text(n * m->types[t].nnodes, b, sizeof b);
        fprintf(out, "  %-28s %12s cells, %s nodes (%d each)\n", m->types[t].name, a, b,
                m->types[t].nnodes);
    }
    for (int p = 0; p < m->npops; p++)
        art += m->pops[p].type < 0 ? m->pops[p].count : 0;
    if (art > 0) {
        count_text(art, a, sizeof a);
        fprintf(out, "  %-28s %12s cells (point neurons, no nodes)\n", "artificial", a);
    }
    count_text(m->ncells, a, sizeof a);
    count_text(compartments, b, sizeof b);
    fprintf(out, "  %-28s %12s cells, %s nodes (a node per segment, and one at each "
            "section's end)\n", "total", a, b);
}

static const char *rule_kind(const struct crt_rule *r)
{
    switch (r->kind) {
    case CRT_PROBABILITY: return r->prob_expr.n ? "probability of the pair" : "probability";
    case CRT_CONVERGENCE: return "convergence";
    case CRT_DIVERGENCE: return "divergence";
    default: return "pairs";
    }
}

/* Expected values: what the keyed draws give on average; the count a run
 * makes differs by the binomial spread, about 1/sqrt(n). */
static double print_connections(const struct crt_model *m, const bool *chosen, FILE *out)
{
    double total = 0;
    char a[32], b[32], c[32];
    fprintf(out, "connections (expected values of the rules' draws; exact for pairs, "
            "convergence and divergence):\n");
    for (int r = 0; r < m->nrules; r++) {
        const struct crt_rule *rl = &m->rules[r];
        double n = rl->expected_known ? rl->expected : crt_rule_expected(m, r, NULL);
        bool sampled = rl->kind == CRT_PROBABILITY && rl->prob_expr.n;
        count_text(rl->pre.n, a, sizeof a);
        count_text(rl->post.n, b, sizeof b);
        count_text(n, c, sizeof c);
        fprintf(out, "  rule %-3d %s -> %s cells, %s: %s%s\n", r + 1, a, b, rule_kind(rl), c,
                sampled ? (rl->expected_known ? " (the probability averaged over sampled pairs)"
                                              : " (not counted: the cells were not placed)")
                        : "");
        total += n;
    }
    count_text(total, c, sizeof c);
    fprintf(out, "  %-28s %12s\n", "rules' total", c);
    /* an artificial source (NetStim...) per target: one connection each */
    for (int e = 0; e < m->nexperiments; e++) {
        if (!chosen[e])
            continue;       /* what the run leaves out (-e, --vary) */
        double stim = 0;
        for (int k = 0; k < m->experiments[e].nstims; k++) {
            const struct crt_stim *st = &m->experiments[e].stims[k];
            stim += m->mechs[st->source.mech].kind == CRT_POINT ? 0 : st->target.n;
        }
        count_text(stim, a, sizeof a);
        count_text(total + stim, c, sizeof c);
        fprintf(out, "  experiment %-17s %12s (%s from its stimuli)\n", m->experiments[e].name,
                c, a);
    }
    return total;
}

/* Node-steps the network in small may take (about 0.1-0.2 s of this
 * machine, run twice), and the nodes it keeps at most: enough cells that the caches
 * fare as in a large run, and a sample that is the whole model when the
 * model is small. */
#define SAMPLE_NODE_STEPS 2e7
#define SAMPLE_NODES 20000.0

/* The time a run will take, from two calibrations on this machine, made
 * after the memory was measured (they allocate): each cell type stepped
 * alone, and the network in small with its inputs (crt_calibrate_network),
 * whose synapses, spikes and delivery make the rest. */
static void print_time(const struct crt_model *m, int experiment, int nexperiments, FILE *out)
{
    double steps = 1000.0 / m->dt, stepping = 0, nodes = 0;
    char a[32], b[32], err[256];
    fprintf(out, "time on one thread of this machine, calibrated:\n");
    for (int t = 0; t < m->ntypes; t++) {
        double n = 0;
        for (int p = 0; p < m->npops; p++)
            n += m->pops[p].type == t ? m->pops[p].count : 0;
        if (n == 0)
            continue;
        nodes += n * m->types[t].nnodes;
        int sampled;
        double ns = crt_calibrate_type(m, experiment, t, &sampled, err, sizeof err);
        if (ns < 0) {
            fprintf(out, "  not calibrated: %s alone: %s\n", m->types[t].name, err);
            return;
        }
        double s = ns * 1e-9 * n * steps;
        stepping += s;
        count_text(n, a, sizeof a);
        fprintf(out, "  %-28s %12s cells x %.3g ns a cell-step (%d alone): %.3g s a simulated "
                "second\n", m->types[t].name, a, ns, sampled, s);
    }
    if (nodes == 0)
        nodes = m->ncells;      /* point neurons only: a cell for a node */
    double f = nodes > SAMPLE_NODES ? SAMPLE_NODES / nodes : 1;
    double run_steps = floor(m->tstop / m->dt + 0.5);
    double sample_steps = fmin(run_steps, ceil(SAMPLE_NODE_STEPS / (f * nodes)));
    if (sample_steps < 1)
        sample_steps = 1;
    struct crt_calibration c;
    int cells = (int)ceil(m->ncells * f);
    if (!crt_calibrate_network(m, experiment, cells, sample_steps * m->dt, &c, err,
                               sizeof err)) {
        fprintf(out, "  not calibrated: the network in small: %s\n", err);
        return;
    }
    /* time a simulated second of the whole network: the sample's, scaled by
     * its share of the cells (each kept cell has its inputs) */
    double second = c.ms / 1000 / (c.tstop / 1000) / c.fraction;
    double rate = c.spikes / (c.cells * c.tstop / 1000);
    count_text(c.cells, a, sizeof a);
    count_text(m->ncells, b, sizeof b);
    fprintf(out, "  %-28s %12.3g s a simulated second (the cells stepping alone: %.3g s; "
            "measured on %s of the %s cells with their inputs for %g ms: %.3g spikes/s a "
            "cell, %.3g connections a cell)\n", "the network", second, stepping, a, b, c.tstop,
            rate, c.cells ? (double)c.connections / c.cells : 0.0);
    double run = second * nexperiments * m->tstop / 1000;
    fprintf(out, "  the run: %d experiment%s of %g ms: about %.3g s", nexperiments,
            nexperiments == 1 ? "" : "s", m->tstop, run);
    if (m->threads > 1)
        fprintf(out, " (at best %.3g s on %d threads)", run / m->threads, m->threads);
    fprintf(out, "\n  not counted: building the network, recording, analysis and writing; "
            "other experiments' activity may differ from %s's\n",
            m->experiments[experiment].name);
}

void crt_process_memory(double *now, double *most)
{
    *now = *most = 0;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb;
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "VmRSS: %lf kB", &kb) == 1)
            *now = kb * 1024;
        else if (sscanf(line, "VmHWM: %lf kB", &kb) == 1)
            *most = kb * 1024;
    }
    if (f)
        fclose(f);
}

int crt_plan(struct crt_model *m, const struct crt_run_options *o, int nranks, FILE *out)
{
    int rc = crt_prepare_run(m, o, nranks);
    if (rc != 0)
        return rc;
    /* a run loads the fonts before its figures, its results all still held */
    if (m->nfigures > 0)
        crt_figures_load_fonts();
    double process, peak;
    crt_process_memory(&process, &peak);
    bool *chosen = calloc((size_t)m->nexperiments + 1, sizeof *chosen);
    int *sel = calloc((size_t)m->nexperiments + 1, sizeof *sel);
    if (!chosen || !sel) {
        free(chosen);
        free(sel);
        fprintf(stderr, "%s: out of memory\n", crt_program);
        return 2;
    }
    int n = 0;
    for (int e = 0; e < m->nexperiments; e++)
        if ((chosen[e] = crt_selected(o, m, e)))
            sel[n++] = e;
    bool lists = o->connections || o->sonata || crt_figures_need_connections(m);
    int flags = CRT_RUN_STREAM | (lists ? CRT_RUN_CONNECTIONS : 0);   /* as circ run's */
    /* as run_experiments shares them out: side by side only in one process */
    int lanes = nranks == 1 ? crt_experiment_lanes(m, sel, n, flags) : 1;
    double part[CRT_MEM_KINDS];
    double need = crt_memory_need(m, chosen, flags, lanes, nranks, part);
    int sel0 = n > 0 ? sel[0] : 0;
    free(sel);
    if (need < 0) {
        free(chosen);
        fprintf(stderr, "%s: out of memory\n", crt_program);
        return 2;
    }

    fprintf(out, "plan for %s: %d experiment%s (%d side by side), %d rank%s of %d thread%s, "
            "%g ms in steps of %g ms, %s mode\n", m->name, n, n == 1 ? "" : "s", lanes, nranks,
            nranks == 1 ? "" : "s", m->threads, m->threads == 1 ? "" : "s", m->tstop, m->dt,
            m->exact ? "--exact" : "default");
    print_cells(m, out);
    double listed = print_connections(m, chosen, out);

    char a[32], b[32];
    double total = process + need;
    if (peak > total)
        total = peak;       /* compiling may already have taken more */
    fprintf(out, "memory of rank 0 (the most: it keeps every result; the others hold 1/%d of the "
            "cells and connections):\n", nranks);
    crt_format_bytes(process, a, sizeof a);
    fprintf(out, "  %-36s %10s (measured, the compiled model loaded)\n",
            "the process and compiled model", a);
    static const char *const kind[CRT_MEM_KINDS] = {"cells", "connections and synapses",
                                                     "recorded traces"};
    for (int k = 0; k < CRT_MEM_KINDS; k++) {
        crt_format_bytes(part[k], a, sizeof a);
        fprintf(out, "  %-36s %10s\n", kind[k], a);
    }
    crt_format_bytes(need, a, sizeof a);
    fprintf(out, "  %-36s %10s (%.0f bytes: what --memory-limit is compared with)\n", "the run",
            a, need);
    crt_format_bytes(total, a, sizeof a);
    fprintf(out, "  %-36s %10s (%.0f bytes)\n", "peak", a, total);
    fprintf(out, "  not counted: spikes (16 bytes each) and queued events, which depend on "
            "activity\n");
    const char *source;
    double limit = crt_memory_limit(m, &source);
    if (limit > 0) {
        crt_format_bytes(limit, b, sizeof b);
        fprintf(out, "  the limit: %s (%s): the run %s\n", b, source,
                need <= limit ? "fits" : "would be refused");
    } else {
        fprintf(out, "  the limit: CIRC_MEMORY_LIMIT='%s' is not a size: the run would be "
                "refused\n", getenv("CIRC_MEMORY_LIMIT"));
    }

    print_time(m, sel0, n, out);

    double columns, traces = crt_trace_file_bytes(m, &columns);
    fprintf(out, "outputs of each experiment:\n");
    if (columns > 0) {
        crt_format_bytes(traces, a, sizeof a);
        fprintf(out, "  %-20s %10s (%.0f traces)\n", "traces.csv", a, columns);
    }
    /* gid,population,x,y,z */
    double cells = 0;
    for (int p = 0; p < m->npops; p++)
        cells += m->pops[p].count * (digits_of(m->pops[p].first_gid + m->pops[p].count) +
                                     strlen(m->pops[p].name) + 2 + 3 * CSV_NUMBER);
    crt_format_bytes(cells, a, sizeof a);
    fprintf(out, "  %-20s %10s\n", "cells.csv", a);
    if (o->connections) {       /* pre,post,rule,weight,delay */
        double row = 2 * (digits_of(m->ncells) + 1) + digits_of(m->nrules) + 1 + 2 * CSV_NUMBER;
        crt_format_bytes(listed * row, a, sizeof a);
        fprintf(out, "  %-20s %10s\n", "connections.csv", a);
    }
    double per_spike = CSV_NUMBER + digits_of(m->ncells) + 1;
    double at_10hz = m->ncells * 10 * m->tstop / 1000 * per_spike;
    crt_format_bytes(at_10hz, a, sizeof a);
    fprintf(out, "  %-20s %10.0f bytes a spike (%s if every cell fires at 10 Hz)\n", "spikes.csv",
            per_spike, a);
    free(chosen);
    return need <= limit ? 0 : 1;
}
