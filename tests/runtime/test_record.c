/* test_record.c - recording a mechanism's variable (`record m of P at
 * soma(0.5)`): values against NEURON are in tests/neuron (hh1_gates); here,
 * that such traces leave the voltage analysis alone, and that a cell type
 * without the variable at the place is a located error. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

/* The seed with one more record line before `record spikes`, in a new
 * temporary file (path: a mkstemps template ending in ".circ"). */
static void seed_with(const char *line, char *path)
{
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    char *text = slurp(SRCDIR "/examples/microcircuit.circ", NULL);
    cr_assert(text);
    char *at = strstr(text, "    record spikes");
    cr_assert(at);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fwrite(text, 1, (size_t)(at - text), f);
    fprintf(f, "    %s\n%s", line, at);
    fclose(f);
    free(text);
}

static bool open_model(struct engine *e, const char *path)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    return engine_open(e, path, &fo, &co);
}

/* Gates recorded beside v: their traces are there, the measures on voltage
 * (mean V, spike-like peaks) are those of the model without them. */
Test(record, gates_leave_the_voltage_measures_alone, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    seed_with("record n of Exc_L23[0] + Inh_PV[0] at soma(0.5)", path);
    struct engine plain, gated;
    cr_assert(open_model(&plain, SRCDIR "/examples/microcircuit.circ"));
    cr_assert(open_model(&gated, path), "%s", diag_text(gated.front->diag));
    struct crt_result *a[3] = {0}, *b[3] = {0}, ra, rb;
    cr_assert(crt_run(plain.model, 2, &ra));
    cr_assert(crt_run(gated.model, 2, &rb));
    cr_assert_eq(rb.ntraces, ra.ntraces + 2);
    int n0 = -1;
    for (int j = 0; j < rb.ntraces; j++)
        if (rb.trace_kind[j] == CRT_REC_STATE && rb.trace_gid[j] == 0)
            n0 = j;
    cr_assert(n0 >= 0 && strcmp(rb.trace_label[n0], "n_0") == 0);
    for (long k = 0; k < rb.ntimes; k++)
        cr_assert(rb.trace[n0][k] > 0 && rb.trace[n0][k] < 1, "n = %g", rb.trace[n0][k]);
    a[2] = &ra;
    b[2] = &rb;
    struct crt_analysis x, y;
    crt_analyse(plain.model, a, &x);
    crt_analyse(gated.model, b, &y);
    for (int k = 0; k < plain.model->nmeasures; k++) {
        double u = x.values[2 * plain.model->nmeasures + k], w = y.values[2 * gated.model->nmeasures + k];
        cr_assert((isnan(u) && isnan(w)) || u == w, "measure %d: %g vs %g", k, u, w);
    }
    crt_analysis_free(plain.model, &x);
    crt_analysis_free(gated.model, &y);
    crt_result_free(&ra);
    crt_result_free(&rb);
    engine_close(&plain);
    engine_close(&gated);
    remove(path);
}

Test(record, variable_missing_at_the_place_is_located, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    seed_with("record m of Exc_L23[0] at dend(0.5)", path);
    struct engine e;
    cr_assert_not(open_model(&e, path));
    char want[256];
    snprintf(want, sizeof want, "error: cell type 'PYR' has no mechanism with 'm' at dend");
    cr_assert(strstr(diag_text(e.front->diag), want), "%s", diag_text(e.front->diag));
    engine_close(&e);
    remove(path);
}
