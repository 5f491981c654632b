/* test_threads.c - results never depend on the number of threads: cells are
 * split between threads, each with its own event queue, and what fires is
 * exchanged once per interval shorter than the shortest delay. */
#include <criterion/criterion.h>
#include <string.h>

#include "engine.h"

static void open_model(struct engine *e, const char *model, bool exact)
{
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    cr_assert(engine_open(e, model, &fo, &co), "%s", diag_text(e->front->diag));
}

static void same_results(const struct crt_result *a, const struct crt_result *b, int threads)
{
    cr_assert_eq(a->nspikes, b->nspikes, "%ld spikes, %ld with %d threads", a->nspikes,
                 b->nspikes, threads);
    for (long i = 0; i < a->nspikes; i++)
        cr_assert(a->spike_t[i] == b->spike_t[i] && a->spike_gid[i] == b->spike_gid[i],
                  "spike %ld differs with %d threads", i, threads);
    cr_assert_eq(a->ntraces, b->ntraces);
    for (int j = 0; j < a->ntraces; j++)
        cr_assert(memcmp(a->trace[j], b->trace[j], (size_t)a->ntimes * sizeof(double)) == 0,
                  "trace %d differs with %d threads", j, threads);
}

/* 1, 2 and 3 threads: the same spikes and traces, bit for bit. */
static void check_threads(const char *model, bool exact, int experiment)
{
    struct engine e;
    open_model(&e, model, exact);
    struct crt_result r[3];
    for (int k = 0; k < 3; k++) {
        e.model->threads = k + 1;
        cr_assert(crt_run(e.model, experiment, &r[k]), "%s", r[k].error);
    }
    cr_assert(r[0].nspikes > 0);
    for (int k = 1; k < 3; k++)
        same_results(&r[0], &r[k], k + 1);
    for (int k = 0; k < 3; k++)
        crt_result_free(&r[k]);
    engine_close(&e);
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
    same_results(&a, &b, 2);
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
