/* test_threads.c - results never depend on the number of threads: cells are
 * split between threads, each with its own event queue, and what fires is
 * exchanged once per interval shorter than the shortest delay. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"
#include "rt_jobs.h"
#include "../slurp.h"

static void open_model(struct engine *e, const char *model, bool exact)
{
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    cr_assert(engine_open(e, model, &fo, &co), "%s", diag_text(e->front->diag));
}

static void same_results(const struct crt_model *m, const struct crt_result *a,
                         const struct crt_result *b, int threads)
{
    cr_assert_eq(a->nspikes, b->nspikes, "%ld spikes, %ld with %d threads", a->nspikes,
                 b->nspikes, threads);
    for (long i = 0; i < a->nspikes; i++)
        cr_assert(a->spike_t[i] == b->spike_t[i] && a->spike_gid[i] == b->spike_gid[i],
                  "spike %ld differs with %d threads", i, threads);
    cr_assert_eq(a->ntraces, b->ntraces);
    for (int j = 0; j < a->ntraces; j++) {
        if (a->trace_kind[j] == CRT_REC_PROBE)     /* a measure's statistics, per window */
            cr_assert(memcmp(a->trace_vsum[j], b->trace_vsum[j],
                             (size_t)m->records[a->trace_record[j]].nwin *
                                 sizeof(struct crt_vsum)) == 0,
                      "voltage statistics %d differ with %d threads", j, threads);
        else
            cr_assert(memcmp(a->trace[j], b->trace[j],
                             (size_t)crt_trace_samples(a, j) * sizeof(double)) == 0,
                      "trace %d differs with %d threads", j, threads);
    }
}

/* 1, 2 and 3 threads: the same spikes and traces, bit for bit.  Then each
 * thread's cells in many parts (CIRC_PART_BYTES: about one cell a part on
 * one thread, a few on two), as a large network is split. */
static void check_threads_rng(const char *model, bool exact, int experiment, int rng)
{
    struct engine e;
    open_model(&e, model, exact);
    e.model->rng = rng;
    struct crt_result r[5];
    for (int k = 0; k < 5; k++) {
        e.model->threads = k < 3 ? k + 1 : k - 2;
        if (k >= 3)
            setenv("CIRC_PART_BYTES", k == 3 ? "1" : "2000", 1);
        cr_assert(crt_run(e.model, experiment, &r[k]), "%s", r[k].error);
    }
    unsetenv("CIRC_PART_BYTES");
    cr_assert(r[0].nspikes > 0);
    for (int k = 1; k < 5; k++)
        same_results(e.model, &r[0], &r[k], k < 3 ? k + 1 : k - 2);
    for (int k = 0; k < 5; k++)
        crt_result_free(&r[k]);
    engine_close(&e);
}

static void check_threads(const char *model, bool exact, int experiment)
{
    check_threads_rng(model, exact, experiment, CRT_RNG_CIRC);
}

/* The default thread count leaves out cores that other work holds: with
 * twice as many spinning processes as cores, a network big enough for every
 * core gets one thread (two parts, one descheduled, stall each other at
 * every barrier). */
Test(threads, default_leaves_busy_cores_out, .timeout = 60)
{
    int cores = crt_available_cores();
    pid_t pid[64];
    int n = 2 * cores < 64 ? 2 * cores : 64;
    for (int i = 0; i < n; i++) {
        pid[i] = fork();
        cr_assert(pid[i] >= 0);
        if (pid[i] == 0)
            for (volatile unsigned long k = 0;; k++)
                ;
    }
    usleep(100000);
    struct crt_model m = {.ncells = 24 * 16};
    int busy = crt_default_threads(&m);
    for (int i = 0; i < n; i++) {
        kill(pid[i], SIGKILL);
        waitpid(pid[i], NULL, 0);
    }
    cr_assert_eq(busy, 1, "%d threads on %d cores, %d of them busy", busy, cores, n);
}

/* Events due together (inputs, self events, spikes from other threads) go
 * in NEURON's queue order, known from the simulation, not the split. */
Test(threads, event_ties, .timeout = 120)
{
    check_threads(SRCDIR "/tests/runtime/cases/event_ties_net.circ", false, 0);
    check_threads(SRCDIR "/tests/runtime/cases/event_ties_net.circ", true, 0);
}

Test(threads, mini_net, .timeout = 120)
{
    check_threads(SRCDIR "/tests/neuron/cases/mini_net.circ", false, 0);
    check_threads(SRCDIR "/tests/neuron/cases/mini_net.circ", true, 0);
}

/* The seed: recurrent connections with 2 and 3 ms delays, NetStims with 2 ms,
 * and in isn_push (experiment 2) a 1 ms drive, so intervals of 19 steps. */
Test(threads, seed_default_mode, .timeout = 120)
{
    check_threads(SRCDIR "/examples/microcircuit.circ", false, 0);
    check_threads(SRCDIR "/examples/microcircuit.circ", false, 2);
}

Test(threads, seed_exact_mode, .timeout = 120)
{
    check_threads(SRCDIR "/examples/microcircuit.circ", true, 2);
}

/* A synapse whose receive block draws: its streams are named by creation
 * order over the whole run, not by place in a thread's set (they were, and
 * 1 and 2 threads gave 1311 and 1316 spikes). */
Test(threads, random_point_process, .timeout = 120)
{
    check_threads(SRCDIR "/tests/runtime/cases/stochastic_synapse.circ", false, 0);
    check_threads(SRCDIR "/tests/runtime/cases/stochastic_synapse.circ", true, 0);
}

/* A synapse with a standing conductance on one cell of 48: the idle site
 * instances of the other cells add no current (only cells 0 and 1 fire),
 * with any split. */
Test(threads, idle_sites_add_nothing, .timeout = 120)
{
    const char *model = SRCDIR "/tests/runtime/cases/tonic_synapse.circ";
    check_threads(model, false, 0);
    struct engine e;
    open_model(&e, model, false);
    e.model->threads = 2;
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert(r.nspikes > 5);
    for (long i = 0; i < r.nspikes; i++)
        cr_assert(r.spike_gid[i] <= 1, "cell %d fired", r.spike_gid[i]);
    for (long k = 0; k < r.ntimes; k++)     /* a[30] stays at rest */
        cr_assert(fabs(r.trace[1][k] + 65) < 1, "v = %g at %g ms", r.trace[1][k], r.t[k]);
    crt_result_free(&r);
    engine_close(&e);
}

/* A point process's event to itself (send from receive) comes back to it,
 * with its weight: population b (1 ms delay + 1 ms self-event) fires with
 * population a (2 ms delay), in both modes and any split. */
Test(threads, self_events_of_point_processes, .timeout = 120)
{
    const char *model = SRCDIR "/tests/runtime/cases/self_event_synapse.circ";
    check_threads(model, false, 0);
    check_threads(model, true, 0);
    for (int exact = 0; exact < 2; exact++) {
        struct engine e;
        open_model(&e, model, exact);
        e.model->threads = 2;
        struct crt_result r;
        cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
        double ta[400], tb[400];
        int na = 0, nb = 0;
        for (long i = 0; i < r.nspikes && na < 400 && nb < 400; i++) {
            if (r.spike_gid[i] < 8)
                ta[na++] = r.spike_t[i] * 100 + r.spike_gid[i];
            else
                tb[nb++] = r.spike_t[i] * 100 + r.spike_gid[i] - 8;
        }
        cr_assert(na == nb && na > 50, "%d and %d spikes", na, nb);
        for (int i = 0; i < na; i++)
            cr_assert(ta[i] == tb[i], "spike %d: %g vs %g", i, ta[i], tb[i]);
        crt_result_free(&r);
        engine_close(&e);
    }
}

/* watch() (NEURON's WATCH): each point process's watches, their order and
 * their pending events are its own, so any split computes the same. */
Test(threads, watches_of_point_processes, .timeout = 120)
{
    check_threads(SRCDIR "/tests/runtime/cases/watch_net.circ", false, 0);
    check_threads(SRCDIR "/tests/runtime/cases/watch_net.circ", true, 0);
}

/* receive's arguments after the weight: each connection's state, set by
 * receive's initial block and carried by self events, lives with its target,
 * so any split computes the same. */
Test(threads, connection_state, .timeout = 120)
{
    check_threads(SRCDIR "/tests/runtime/cases/netargs_net.circ", false, 0);
    check_threads(SRCDIR "/tests/runtime/cases/netargs_net.circ", true, 0);
}

/* NetPyNE's draws (placement, connections, NetStim streams keyed by gid). */
/* Populations of artificial cells (IntFire1): split into chunks per part
 * like cell types, events straight into their receive, emit as spikes. */
Test(threads, point_neurons, .timeout = 120)
{
    for (int ex = 0; ex < 2; ex++) {
        check_threads(SRCDIR "/tests/runtime/cases/point_neurons.circ", ex, 0);
        check_threads(SRCDIR "/tests/runtime/cases/point_neurons.circ", ex, 1);
    }
}

/* IntFire2 and IntFire4: each input moves the cell's pending firing event
 * (a handle per instance in its part's queue). */
Test(threads, point_neurons_that_move_events, .timeout = 120)
{
    for (int ex = 0; ex < 2; ex++) {
        check_threads(SRCDIR "/tests/runtime/cases/point_neurons_move.circ", ex, 0);
        check_threads(SRCDIR "/tests/runtime/cases/point_neurons_move.circ", ex, 1);
    }
}

/* Izhikevich point neurons (stdlib Izhi2007b): a point process that resets
 * its node's v from receive, on watch events, in the part of its cell. */
/* Cells whose spikes come from a point process written in circ (spikes_from;
 * emit() in its receive after a watch on its own V): the same spikes and
 * traces with any split, and those spikes are its events, at the time of
 * the watch's event (a step's t), not a threshold crossing's t + 1e-10. */
Test(threads, point_process_spike_sources, .timeout = 120)
{
    const char *model = SRCDIR "/tests/runtime/cases/spikes_from_net.circ";
    check_threads(model, false, 0);
    check_threads(model, true, 0);
    struct engine e;
    open_model(&e, model, true);
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    long emitted = 0, crossed = 0;
    for (long i = 0; i < r.nspikes; i++) {
        bool at_step = false;
        for (long k = 0; k < r.ntimes && !at_step; k++)
            at_step = r.t[k] == r.spike_t[i];
        if (r.spike_gid[i] < 12) {      /* population S: spikes_from = OwnLIF */
            cr_assert(at_step, "S cell %d spikes at %.17g, not a step's t", r.spike_gid[i],
                      r.spike_t[i]);
            emitted++;
        } else {
            cr_assert(!at_step, "H cell %d spikes at a step's t %.17g", r.spike_gid[i],
                      r.spike_t[i]);
            crossed++;
        }
    }
    cr_assert(emitted > 0 && crossed > 0, "%ld emitted, %ld crossed", emitted, crossed);
    crt_result_free(&r);
    engine_close(&e);
}

Test(threads, izhikevich_point_neurons, .timeout = 120)
{
    for (int ex = 0; ex < 2; ex++) {
        check_threads(SRCDIR "/tests/runtime/cases/izhi_net.circ", ex, 0);
        check_threads(SRCDIR "/tests/runtime/cases/izhi_net.circ", ex, 1);
    }
}

/* A move() with no self event of flag 1 pending stops the run, naming the
 * cell and the time, whatever the split (NEURON's net_move error). */
Test(threads, move_without_event_fails_the_run, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/move_unsent.circ", false);
    for (int threads = 1; threads <= 3; threads++) {
        struct crt_result r;
        e.model->threads = threads;
        cr_assert_not(crt_run(e.model, 0, &r), "a move with nothing to move went unnoticed");
        cr_assert_str_eq(r.error, "Mover cell 4 at t = 2 ms: move() with no self event of flag 1 "
                         "pending (the last one sent was delivered or none was sent)");
        crt_result_free(&r);
    }
    engine_close(&e);
}

/* A send() into the past stops the run as NEURON's net_send does ("td-t"),
 * and one with a delay that is not a number stops it too (NEURON would queue
 * an event that never comes): naming the mechanism, the cell and the time,
 * whatever the split. */
Test(threads, send_to_past_fails_the_run, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/send_to_past.circ", false);
    for (int threads = 1; threads <= 3; threads++) {
        struct crt_result r;
        e.model->threads = threads;
        cr_assert_not(crt_run(e.model, 0, &r), "a send into the past went unnoticed");
        cr_assert_str_eq(r.error, "Backwards on cell 3 at t = 2 ms: send() with delay -1 ms, to a "
                         "time before the present (NEURON stops so: net_send td-t < 0)");
        crt_result_free(&r);
    }
    engine_close(&e);
    struct front_options fo = {.stop_after = PASS_ALL, .overrides = "set back.d = 1 ms\n"};
    struct cg_options co = {.opt_level = 2};
    cr_assert(engine_open(&e, SRCDIR "/tests/runtime/cases/send_to_past.circ", &fo, &co));
    for (int threads = 1; threads <= 3; threads++) {
        struct crt_result r;
        e.model->threads = threads;
        cr_assert_not(crt_run(e.model, 0, &r), "a send of NaN went unnoticed");
        cr_assert_str_eq(r.error, "Nowhere cell 7 at t = 3 ms: send() with a delay that is not a "
                         "number");
        crt_result_free(&r);
    }
    engine_close(&e);
}

Test(threads, seed_netpyne_rng, .timeout = 120)
{
    check_threads_rng(SRCDIR "/examples/microcircuit.circ", true, 1, CRT_RNG_NETPYNE);
}

/* A delay shorter than a step: no interval is short enough, so the run uses
 * one thread, and still gives the same answer. */
Test(threads, delay_shorter_than_dt, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/neuron/cases/mini_net.circ", false);
    struct crt_result a, b;
    cr_assert(crt_run(e.model, 0, &a), "%s", a.error);
    for (int r = 0; r < e.model->nrules; r++)
        e.model->rules[r].delay = 0.2 * e.model->dt;
    e.model->threads = 1;
    crt_result_free(&a);
    cr_assert(crt_run(e.model, 0, &a), "%s", a.error);
    e.model->threads = 2;
    cr_assert(crt_run(e.model, 0, &b), "%s", b.error);
    same_results(e.model, &a, &b, 2);
    crt_result_free(&a);
    crt_result_free(&b);
    engine_close(&e);
}

/* A voltage that becomes NaN fails the run with the first cell and time it
 * happened, whatever the split. */
Test(threads, nan_fails_the_run_the_same_way, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/nan_leak.circ", false);
    char first[512] = "";
    for (int threads = 1; threads <= 3; threads++) {
        struct crt_result r;
        e.model->threads = threads;
        cr_assert_not(crt_run(e.model, 0, &r), "a NaN voltage went unnoticed");
        cr_assert(strstr(r.error, "voltage of cell 13 is not a number at t = 5.300 ms"), "%s",
                  r.error);
        if (threads == 1)
            snprintf(first, sizeof first, "%s", r.error);
        cr_assert_str_eq(r.error, first);
        crt_result_free(&r);
    }
    engine_close(&e);
}

/* A linear block whose matrix becomes singular, or a nonlinear block whose
 * equation loses its root, makes its unknowns NaN where NEURON stops the
 * run: the run fails at the first cell and time, in both modes and with
 * any split, never with a crash. */
Test(threads, singular_system_fails_the_run, .timeout = 120)
{
    static const struct {
        const char *file, *error;
    } cases[] = {
        {"singular_linear.circ", "voltage of cell 0 is not a number at t = 5.025 ms"},
        {"singular_nonlinear.circ", "voltage of cell 0 is not a number at t = 2.050 ms"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (int exact = 0; exact <= 1; exact++) {
            char path[512];
            snprintf(path, sizeof path, SRCDIR "/tests/runtime/cases/%s", cases[c].file);
            struct engine e;
            open_model(&e, path, exact);
            for (int threads = 1; threads <= 2; threads++) {
                struct crt_result r;
                e.model->threads = threads;
                cr_assert_not(crt_run(e.model, 0, &r), "%s: a singular system went unnoticed",
                              cases[c].file);
                cr_assert(strstr(r.error, cases[c].error), "%s: %s", cases[c].file, r.error);
                cr_assert(strstr(r.error, "linear or nonlinear block"), "%s", r.error);
                crt_result_free(&r);
            }
            engine_close(&e);
        }
}

/* A voltage that runs away without becoming NaN (past 1e4 mV) fails the run
 * the same way, in both modes and with any split. */
Test(threads, runaway_voltage_fails_the_run, .timeout = 120)
{
    for (int exact = 0; exact < 2; exact++) {
        struct engine e;
        open_model(&e, SRCDIR "/tests/runtime/cases/runaway_v.circ", exact);
        for (int threads = 1; threads <= 3; threads++) {
            struct crt_result r;
            e.model->threads = threads;
            cr_assert_not(crt_run(e.model, 0, &r), "a voltage of 1e4 mV went unnoticed");
            cr_assert_str_eq(r.error, "the simulation became unstable: the voltage of cell 13 "
                             "reached 1.11e+04 mV at t = 5.125 ms (|v| > 10000 mV: try a smaller "
                             "dt, or check the stimuli and parameters)");
            crt_result_free(&r);
            cr_assert_not(crt_run(e.model, 1, &r), "a voltage of -1e4 mV went unnoticed");
            cr_assert_str_eq(r.error, "the simulation became unstable: the voltage of cell 13 "
                             "reached -1.12e+04 mV at t = 5.125 ms (|v| > 10000 mV: try a smaller "
                             "dt, or check the stimuli and parameters)");
            crt_result_free(&r);
        }
        engine_close(&e);
    }
}

/* ---- outputs ------------------------------------------------------------------ */

static void same_file(const char *a, const char *b)
{
    cr_assert(same_bytes(a, b), "%s and %s differ (or one is missing)", a, b);
}

/* Every CSV file and figure (SVG and PNG) is the same byte for byte with one
 * thread or two: CSV files are written by jobs beside the figures. */
Test(threads, output_files_do_not_depend_on_threads, .timeout = 180)
{
    char tmp[] = "/tmp/circ-threads-XXXXXX", out[2][300], a[600], b[600];
    cr_assert(mkdtemp(tmp));
    struct engine e;
    open_model(&e, SRCDIR "/examples/microcircuit.circ", false);
    for (int k = 0; k < 2; k++) {
        snprintf(out[k], sizeof out[k], "%s/t%d", tmp, k + 1);
        const char *only[1] = {"pv_silencing"};
        struct crt_run_options o = {.outdir = out[k], .experiments = only, .nexperiments = 1,
                                    .seed = -1, .threads = k + 1, .png = true};
        cr_assert_eq(crt_main(e.model, &o), 0);
    }
    engine_close(&e);
    static const char *const files[] = {
        "pv_silencing/spikes.csv", "pv_silencing/traces.csv", "pv_silencing/cells.csv",
        "figures/spike_raster.svg", "figures/spike_raster.png", "figures/voltage_traces.svg",
        "figures/voltage_traces.png", "figures/layout_2d.svg", "figures/layout_2d.png",
        "figures/layout_3d.svg", "figures/rate_psd.png", "figures/spike_stats.svg"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(a, sizeof a, "%s/%s", out[0], files[i]);
        snprintf(b, sizeof b, "%s/%s", out[1], files[i]);
        same_file(a, b);
    }
    snprintf(a, sizeof a, "rm -rf '%s'", tmp);
    cr_assert_eq(system(a), 0);
}

/* Runs a whole model through crt_main into <tmp>/t<threads>. */
static void run_all(const char *model, const char *tmp, int threads)
{
    char out[300];
    snprintf(out, sizeof out, "%s/t%d", tmp, threads);
    struct engine e;
    open_model(&e, model, true);
    struct crt_run_options o = {.outdir = out, .seed = -1, .threads = threads};
    cr_assert_eq(crt_main(e.model, &o), 0);
    engine_close(&e);
}

static void same_outputs(const char *tmp, int t1, int t2, const char *const *files, size_t n)
{
    char a[600], b[600];
    for (size_t i = 0; i < n; i++) {
        snprintf(a, sizeof a, "%s/t%d/%s", tmp, t1, files[i]);
        snprintf(b, sizeof b, "%s/t%d/%s", tmp, t2, files[i]);
        same_file(a, b);
    }
}

/* With several threads, whole experiments run side by side (each on its
 * share of the threads): every experiment's files are those of a run on
 * one thread. */
Test(threads, experiments_side_by_side, .timeout = 240)
{
    char tmp[] = "/tmp/circ-lanes-XXXXXX", cmd[300];
    cr_assert(mkdtemp(tmp));
    for (int k = 1; k <= 3; k++)
        run_all(SRCDIR "/examples/microcircuit.circ", tmp, k);
    static const char *const files[] = {
        "control/spikes.csv", "control/traces.csv", "control/cells.csv",
        "pv_silencing/spikes.csv", "pv_silencing/traces.csv", "pv_silencing/cells.csv",
        "isn_push/spikes.csv", "isn_push/traces.csv", "isn_push/cells.csv",
        "figures/spike_raster.svg", "figures/voltage_traces.svg", "figures/spike_stats.svg"};
    for (int k = 2; k <= 3; k++)
        same_outputs(tmp, 1, k, files, sizeof files / sizeof *files);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* The module's rate tables are shared by its runs: experiments whose tables
 * differ (a global their table depends on) are not run side by side, and each gives
 * what it gives on one thread. */
Test(threads, experiments_with_other_tables, .timeout = 120)
{
    const char *model = SRCDIR "/tests/runtime/cases/tables_per_experiment.circ";
    struct engine e;
    open_model(&e, model, true);
    cr_assert_not(crt_same_tables(e.model, 0, 1));
    cr_assert(crt_same_tables(e.model, 0, 2));
    engine_close(&e);
    char tmp[] = "/tmp/circ-tables-XXXXXX", a[600], b[600], cmd[300];
    cr_assert(mkdtemp(tmp));
    for (int k = 1; k <= 2; k++)
        run_all(model, tmp, k);
    static const char *const files[] = {"plain/traces.csv", "shifted/traces.csv",
                                        "plain_again/traces.csv", "plain/spikes.csv",
                                        "shifted/spikes.csv", "plain_again/spikes.csv"};
    same_outputs(tmp, 1, 2, files, sizeof files / sizeof *files);
    snprintf(a, sizeof a, "%s/t2/plain/traces.csv", tmp);
    snprintf(b, sizeof b, "%s/t2/shifted/traces.csv", tmp);
    cr_assert_not(same_bytes(a, b), "the table made no difference: the test shows nothing");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Experiments that fail side by side: the run fails with the first one's
 * message, writes nothing, and frees what the others built. */
Test(threads, failures_side_by_side, .timeout = 120)
{
    char tmp[] = "/tmp/circ-lanefail-XXXXXX", out[300], cmd[300];
    cr_assert(mkdtemp(tmp));
    snprintf(out, sizeof out, "%s/out", tmp);
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/runaway_v.circ", false);
    struct crt_run_options o = {.outdir = out, .seed = -1, .threads = 2};
    cr_assert_eq(crt_main(e.model, &o), 1);
    engine_close(&e);
    cr_assert_neq(access(out, F_OK), 0, "a failed run left %s", out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

static bool job_ok(void *arg, char *err, size_t errsize)
{
    (void)err;
    (void)errsize;
    atomic_fetch_add((atomic_int *)arg, 1);
    return true;
}

static bool job_fails(void *arg, char *err, size_t errsize)
{
    atomic_fetch_add((atomic_int *)arg, 1);
    snprintf(err, errsize, "job failed");
    return false;
}

/* Every job runs once; the error reported is the first failed job's in the
 * list, whichever thread met it first. */
Test(jobs, all_run_first_failure_reported)
{
    for (int threads = 1; threads <= 4; threads++) {
        atomic_int count = 0;
        struct rt_job jobs[40];
        for (int i = 0; i < 40; i++)
            jobs[i] = (struct rt_job){.run = i == 17 || i == 30 ? job_fails : job_ok, .arg = &count};
        char err[128] = "";
        cr_assert_not(rt_run_jobs(jobs, 40, threads, err, sizeof err));
        cr_assert_eq(atomic_load(&count), 40);
        cr_assert_str_eq(err, "job failed");
        cr_assert(!jobs[17].ok && !jobs[30].ok && jobs[16].ok);
        for (int i = 0; i < 40; i++)
            jobs[i].run = job_ok;
        cr_assert(rt_run_jobs(jobs, 40, threads, err, sizeof err));
        cr_assert(rt_run_jobs(jobs, 0, threads, err, sizeof err));
    }
}
