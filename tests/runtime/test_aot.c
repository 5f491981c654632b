/* test_aot.c - `circ build` binaries write byte-identical outputs to the JIT
 * (`circ run`), and the seed example runs in both. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

static void same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    cr_assert(x && y, "missing %s or %s", a, b);
    cr_assert(la == lb && memcmp(x, y, la) == 0, "%s and %s differ", a, b);
    free(x);
    free(y);
}

Test(aot, identical_to_jit, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX";
    cr_assert(mkdtemp(tmp));
    const char *model = SRCDIR "/tests/neuron/cases/mini_net.circ";
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    char exe[256], out_jit[256], out_aot[256], cmd[1024], a[300], b[300];
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    snprintf(out_jit, sizeof out_jit, "%s/jit", tmp);
    snprintf(out_aot, sizeof out_aot, "%s/aot", tmp);

    struct engine e;
    cr_assert(engine_build(&e, model, exe, &fo, &co), "%s", diag_text(e.front->diag));
    engine_close(&e);
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    struct crt_run_options o = {.outdir = out_jit, .seed = -1};
    cr_assert_eq(crt_main(e.model, &o), 0);
    engine_close(&e);

    snprintf(cmd, sizeof cmd, "'%s' -o '%s' > /dev/null", exe, out_aot);
    cr_assert_eq(system(cmd), 0);
    snprintf(a, sizeof a, "%s/default/spikes.csv", out_jit);
    snprintf(b, sizeof b, "%s/default/spikes.csv", out_aot);
    same_file(a, b);
    snprintf(a, sizeof a, "%s/default/traces.csv", out_jit);
    snprintf(b, sizeof b, "%s/default/traces.csv", out_aot);
    same_file(a, b);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

Test(aot, seed_option_changes_the_network, .timeout = 120)
{
    const char *model = SRCDIR "/examples/microcircuit.circ";
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    struct crt_result r1, r2;
    cr_assert(crt_run(e.model, 0, &r1));
    e.model->seed = 2;
    cr_assert(crt_run(e.model, 0, &r2));
    cr_assert_neq(r1.nconnections, r2.nconnections);
    cr_assert(r1.nspikes > 1000 && r2.nspikes > 1000);
    crt_result_free(&r1);
    crt_result_free(&r2);
    engine_close(&e);
}

/* --set PATH=VALUE: checked like source, applied in every experiment */
Test(set, overrides_change_the_run, .timeout = 120)
{
    const char *model = SRCDIR "/tests/neuron/cases/expsyn_regular.circ";
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct front_options base = {.stop_after = PASS_ALL};
    struct front_options silent = {.stop_after = PASS_ALL, .overrides = "set drive.weight = 0 uS\n"};
    struct front_options bad = {.stop_after = PASS_ALL, .overrides = "set drive.interval = 5 mV\n"};
    struct engine e;
    struct crt_result r1, r2;
    cr_assert(engine_open(&e, model, &base, &co), "%s", diag_text(e.front->diag));
    cr_assert(crt_run(e.model, 0, &r1));
    engine_close(&e);
    cr_assert(engine_open(&e, model, &silent, &co), "%s", diag_text(e.front->diag));
    cr_assert(crt_run(e.model, 0, &r2));
    engine_close(&e);
    cr_assert(r1.nspikes == 12 && r2.nspikes == 0, "%ld and %ld spikes", r1.nspikes, r2.nspikes);
    crt_result_free(&r1);
    crt_result_free(&r2);
    cr_assert_not(engine_open(&e, model, &bad, &co));
    cr_assert(strstr(diag_text(e.front->diag),
                     "--set:1:22: error: expected a time (ms) for 'interval' of 'NetStim', "
                     "got a voltage (mV)") != NULL, "%s", diag_text(e.front->diag));
    engine_close(&e);
}

/* Threads split each cell type's cells; the results must not change. */
Test(threads, results_do_not_depend_on_threads, .timeout = 120)
{
    const char *model = SRCDIR "/tests/neuron/cases/mini_net.circ";
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    struct crt_result r[3];
    for (int k = 0; k < 3; k++) {
        e.model->threads = k + 1;
        cr_assert(crt_run(e.model, 0, &r[k]), "%s", r[k].error);
    }
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(r[k].nspikes, r[0].nspikes);
        for (long i = 0; i < r[0].nspikes; i++)
            cr_assert(r[k].spike_t[i] == r[0].spike_t[i] && r[k].spike_gid[i] == r[0].spike_gid[i]);
        for (int j = 0; j < r[0].ntraces; j++)
            cr_assert(memcmp(r[k].trace[j], r[0].trace[j], (size_t)r[0].ntimes * sizeof(double)) == 0,
                      "trace %d differs with %d threads", j, k + 1);
    }
    for (int k = 0; k < 3; k++)
        crt_result_free(&r[k]);
    engine_close(&e);
}

/* Placement: every cell inside its population's box; the same with any seed
 * reuse, different with another seed. */
Test(placement, cells_in_their_boxes, .timeout = 120)
{
    const char *model = SRCDIR "/examples/microcircuit.circ";
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    const struct crt_model *m = e.model;
    e.model->tstop = 1;     /* placement only */
    struct crt_result r, r2;
    cr_assert(crt_run(e.model, 0, &r));
    for (int p = 0; p < m->npops; p++)
        for (int k = 0; k < m->pops[p].count; k++)
            for (int a = 0; a < 3; a++) {
                double x = r.pos[3 * (m->pops[p].first_gid + k) + a];
                cr_assert(x >= m->pops[p].lo[a] && x <= m->pops[p].hi[a]);
            }
    /* Inh_PV: ynorm 0.4 .. 0.9 of size_y 1000 um */
    cr_assert_float_eq(m->pops[2].lo[1], 400.0, 1e-9);
    cr_assert_float_eq(m->pops[2].hi[1], 900.0, 1e-9);
    e.model->seed = 2;
    cr_assert(crt_run(e.model, 0, &r2));
    cr_assert(r.pos[0] != r2.pos[0]);
    crt_result_free(&r);
    crt_result_free(&r2);
    engine_close(&e);
}
