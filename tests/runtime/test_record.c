/* test_record.c - what is recorded and measured: a mechanism's variable
 * (`record m of P at soma(0.5)`, `record hh.m ...`; values against NEURON
 * are in tests/neuron), trace columns named by variable, cell and site,
 * recording intervals, `record spikes of ...`, and voltage measures that
 * take one site of every cell of their set, recorded by themselves. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
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
    cr_assert(n0 >= 0 && strcmp(rb.trace_label[n0], "hh.n_0_soma_0.5") == 0,
              "%s", n0 >= 0 ? rb.trace_label[n0] : "none");
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

/* A cell that spikes (soma with hh, a passive dendrite), two of them; `rest`
 * is the simulation block's body and anything after it. */
static const char *const CELL_MODEL =
    "density nap {\n"
    "    parameter gbar = 0 S/cm2\n"
    "    state m\n"
    "    current ina = gbar * m * (v - 50 mV)\n"
    "    initial { m = 0 }\n"
    "    derivative { m' = (1 - m) / 1 ms }\n"
    "}\n"
    "cell C {\n"
    "    section soma { L = 20 um; diam = 20 um; insert hh { }; insert nap { } }\n"
    "    section dend { L = 200 um; diam = 1 um; insert pas { g = 0.0001 S/cm2; e = -65 mV } }\n"
    "    attach dend(0) to soma(1)\n"
    "}\n"
    "population p of C { count = 2 }\n"
    "stimulus drive = IClamp { del = 2 ms; dur = 30 ms; amp = 0.3 nA } -> p at soma(0.5)\n"
    "simulation {\n"
    "    duration = 40 ms; dt = 0.025 ms\n";

static bool open_text(struct engine *e, const char *sim_and_after, char *path)
{
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    cr_assert(f);
    fprintf(f, "%s%s", CELL_MODEL, sim_and_after);
    fclose(f);
    return open_model(e, path);
}

static int trace_named(const struct crt_result *r, const char *label)
{
    for (int j = 0; j < r->ntraces; j++)
        if (strcmp(r->trace_label[j], label) == 0)
            return j;
    return -1;
}

/* The first line of a file (static buffer). */
static const char *first_line(const char *path)
{
    static char line[4096];
    FILE *f = fopen(path, "r");
    cr_assert(f, "%s", path);
    cr_assert(fgets(line, sizeof line, f));
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    return line;
}

static long count_lines(const char *path)
{
    char *text = slurp(path, NULL);
    cr_assert(text);
    long n = 0;
    for (char *c = text; *c; c++)
        n += *c == '\n';
    free(text);
    return n;
}

/* hh and nap both have m: hh.m and nap.m are each their own mechanism's
 * (nap's relaxes from 0 to 1 with tau 1 ms; hh's starts at minf(-65 mV)). */
Test(record, qualified_names_pick_the_mechanism, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert(open_text(&e, "    record hh.m of p[0] at soma(0.5)\n"
                            "    record nap.m of p[0] at soma(0.5)\n}\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int hm = trace_named(&r, "hh.m_0_soma_0.5"), nm = trace_named(&r, "nap.m_0_soma_0.5");
    cr_assert(hm >= 0 && nm >= 0);
    cr_assert(fabs(r.trace[hm][0] - 0.0529325) < 1e-6, "hh.m(0) = %g", r.trace[hm][0]);
    cr_assert_eq(r.trace[nm][0], 0.0);
    long k = 40;            /* t = 1 ms */
    cr_assert(fabs(r.trace[nm][k] - (1 - exp(-r.t[k]))) < 1e-3, "nap.m(1 ms) = %g", r.trace[nm][k]);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* A mechanism's variable at x = 0 or 1 (end nodes, which hold no
 * mechanisms) is that of the first or last segment, as NEURON's
 * `dend(1)._ref_m_hh` is (node_index); it was refused only when the run
 * started ("no mechanism with 'm' at dend"), after `circ check` passed. */
Test(record, variable_at_the_ends_is_the_end_segments, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    cr_assert(f);
    fputs("cell C {\n"
          "    section soma { L = 20 um; diam = 20 um; insert hh { } }\n"
          "    section dend { L = 600 um; diam = 2 um; nseg = 3; insert hh { } }\n"
          "    attach dend(0) to soma(1)\n"
          "}\n"
          "population p of C { count = 1 }\n"
          "stimulus drive = IClamp { del = 1 ms; dur = 10 ms; amp = 0.5 nA } -> p at dend(0.1)\n"
          "simulation {\n"
          "    duration = 5 ms; dt = 0.025 ms\n"
          "    record m of p at dend(0)\n"
          "    record m of p at dend(0.1)\n"
          "    record hh.m of p at dend(1)\n"
          "    record hh.m of p at dend(0.9)\n"
          "}\n", f);
    fclose(f);
    struct engine e;
    cr_assert(open_model(&e, path), "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int a0 = trace_named(&r, "hh.m_0_dend_0"), a1 = trace_named(&r, "hh.m_0_dend_0.1"),
        b0 = trace_named(&r, "hh.m_0_dend_1"), b1 = trace_named(&r, "hh.m_0_dend_0.9");
    cr_assert(a0 >= 0 && a1 >= 0 && b0 >= 0 && b1 >= 0);
    for (long k = 0; k < r.ntimes; k++) {
        cr_assert_eq(r.trace[a0][k], r.trace[a1][k], "dend(0) is the first segment");
        cr_assert_eq(r.trace[b0][k], r.trace[b1][k], "dend(1) is the last segment");
    }
    cr_assert_neq(r.trace[a0][r.ntimes - 1], r.trace[b0][r.ntimes - 1], "two segments");
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* The section's ion variables (NEURON's seg.ek, seg.ik): ek is the k ion's
 * default throughout; ik and ina are the sums of the ions' writers -- hh
 * alone here, so they equal hh.ik and hh.ina, and nap's own current named
 * ina (no useion) is not part of the na ion's; keeping them in slots leaves
 * the voltage as it was (to rounding; tests/neuron's ions_record: exact). */
Test(record, ion_variables_are_the_sections, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", p2[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e, e2;
    cr_assert(open_text(&e, "    record v of p[0] at soma(0.5)\n"
                            "    record ek of p[0] at soma(0.5)\n"
                            "    record ik of p[0] at soma(0.5)\n"
                            "    record hh.ik of p[0] at soma(0.5)\n"
                            "    record ina of p[0] at soma(0.5)\n"
                            "    record hh.ina of p[0] at soma(0.5)\n"
                            "    record nap.ina of p[0] at soma(0.5)\n}\n"
                            "set nap.gbar = 0.001 S/cm2\n", path),
              "%s", diag_text(e.front->diag));
    cr_assert(open_text(&e2, "    record v of p[0] at soma(0.5)\n}\nset nap.gbar = 0.001 S/cm2\n", p2),
              "%s", diag_text(e2.front->diag));
    struct crt_result r, r2;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert(crt_run(e2.model, 0, &r2), "%s", r2.error);
    int v = trace_named(&r, "v_0_soma_0.5"), ek = trace_named(&r, "ek_0_soma_0.5");
    int ik = trace_named(&r, "ik_0_soma_0.5"), hik = trace_named(&r, "hh.ik_0_soma_0.5");
    int ina = trace_named(&r, "ina_0_soma_0.5"), hina = trace_named(&r, "hh.ina_0_soma_0.5");
    int nina = trace_named(&r, "nap.ina_0_soma_0.5");
    cr_assert(v >= 0 && ek >= 0 && ik >= 0 && hik >= 0 && ina >= 0 && hina >= 0 && nina >= 0);
    cr_assert_eq(r.ntimes, r2.ntimes);
    bool nap_on = false;
    for (long k = 0; k < r.ntimes; k++) {
        cr_assert_eq(r.trace[ek][k], -77.0, "ek at %g ms: %g", r.t[k], r.trace[ek][k]);
        cr_assert_eq(r.trace[ik][k], r.trace[hik][k], "ik at %g ms", r.t[k]);
        cr_assert_eq(r.trace[ina][k], r.trace[hina][k], "ina at %g ms", r.t[k]);
        /* default mode: a kept current may change the code's rounding */
        cr_assert(fabs(r.trace[v][k] - r2.trace[0][k]) <= 1e-9, "v at %g ms: %.17g, %.17g "
                  "without", r.t[k], r.trace[v][k], r2.trace[0][k]);
        nap_on |= r.trace[nina][k] != 0;
    }
    cr_assert(nap_on, "nap's own ina was recorded");
    cr_assert(r.trace[ik][0] != 0, "ik at t = 0 is hh's at v_init");
    crt_result_free(&r);
    crt_result_free(&r2);
    engine_close(&e);
    engine_close(&e2);
    remove(path);
    remove(p2);
}

/* Two sites of one cell: two columns, named apart, in traces.csv too. */
Test(record, two_sites_of_one_cell_are_two_columns, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", csv[] = "/tmp/circ-traces-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "    record v of p[0] at soma(0.5)\n"
                            "    record v of p[0] at dend(0.5)\n"
                            "    record hh.n of p[1]\n}\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int fd = mkstemp(csv);
    close(fd);
    char err[256];
    cr_assert(crt_write_traces(csv, &r, err, sizeof err), "%s", err);
    cr_assert_str_eq(first_line(csv), "t,v_0_soma_0.5,v_0_dend_0.5,hh.n_1_soma_0.5");
    int a = trace_named(&r, "v_0_soma_0.5"), b = trace_named(&r, "v_0_dend_0.5");
    cr_assert(a >= 0 && b >= 0);
    cr_assert_str_eq(r.trace_site[a], "soma(0.5)");
    cr_assert_str_eq(r.trace_site[b], "dend(0.5)");
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    remove(csv);
}

static double measure_named(const struct crt_model *m, const struct crt_analysis *a,
                            const char *name)
{
    for (int k = 0; k < m->nmeasures; k++)
        if (strcmp(m->measures[k].name, name) == 0)
            return a->values[k];
    cr_assert_fail("no measure %s", name);
    return NAN;
}

/* Voltage measures: the spike site by default, one site per measure, all
 * cells of the set whatever `record` says (recording the dendrite beside the
 * soma once averaged them: a spike "peak" of a few mV). */
Test(record, voltage_measures_take_one_site, .timeout = 120)
{
    static const char *const measures =
        "measure pv = peak_v(p, [0 ms, 40 ms))\n"
        "measure pv_soma = peak_v(p, [0 ms, 40 ms), at soma(0.5))\n"
        "measure pv_dend = peak_v(p, [0 ms, 40 ms), at dend(0.9))\n"
        "measure mv = mean_v(p, [0 ms, 40 ms))\n"
        "measure mv_dend = mean_v(p, [0 ms, 40 ms), at dend(0.9))\n"
        "measure n = peaks(p, [0 ms, 40 ms))\n";
    char text[2048], p1[] = "/tmp/circ-record-XXXXXX.circ", p2[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine bare, both;
    snprintf(text, sizeof text, "}\n%s", measures);
    cr_assert(open_text(&bare, text, p1), "%s", diag_text(bare.front->diag));
    snprintf(text, sizeof text, "    record v of p[0] at soma(0.5)\n    record v of p[0] at "
             "dend(0.9)\n}\n%s", measures);
    cr_assert(open_text(&both, text, p2), "%s", diag_text(both.front->diag));
    struct crt_result ra, rb, *a[1] = {&ra}, *b[1] = {&rb};
    cr_assert(crt_run(bare.model, 0, &ra), "%s", ra.error);
    cr_assert(crt_run(both.model, 0, &rb), "%s", rb.error);
    struct crt_analysis x, y;
    crt_analyse(bare.model, a, &x);
    crt_analyse(both.model, b, &y);
    for (int k = 0; k < bare.model->nmeasures; k++)
        cr_assert(x.values[k] == y.values[k], "%s: %g without records, %g with",
                  bare.model->measures[k].name, x.values[k], y.values[k]);
    double pv = measure_named(bare.model, &x, "pv"), pd = measure_named(bare.model, &x, "pv_dend");
    cr_assert(pv > 20, "soma peak %g mV", pv);
    cr_assert_eq(pv, measure_named(bare.model, &x, "pv_soma"));
    cr_assert(pd < pv - 1, "dendrite peak %g mV, soma %g mV", pd, pv);
    cr_assert_neq(measure_named(bare.model, &x, "mv"), measure_named(bare.model, &x, "mv_dend"));
    cr_assert(measure_named(bare.model, &x, "n") >= 1);
    /* the measures' own voltages are not traces.csv's, nor a time vector */
    cr_assert_null(ra.t);
    cr_assert_eq(ra.ntimes, 0);
    int written = 0;
    for (int j = 0; j < rb.ntraces; j++)
        written += rb.trace_kind[j] == CRT_REC_V;
    cr_assert_eq(written, 2);
    crt_analysis_free(bare.model, &x);
    crt_analysis_free(both.model, &y);
    crt_result_free(&ra);
    crt_result_free(&rb);
    engine_close(&bare);
    engine_close(&both);
    remove(p1);
    remove(p2);
}

/* `every 0.1 ms` at dt 0.025 ms: every 4th step of the same values; in
 * traces.csv, a row per step with that column empty between samples, or
 * only its rows when it is the finest. */
Test(record, every_samples_whole_steps, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", csv[] = "/tmp/circ-traces-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "    record v of p[0] at soma(0.5)\n"
                            "    record v of p[1] at soma(0.5) every 0.1 ms\n}\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int a = trace_named(&r, "v_0_soma_0.5"), b = trace_named(&r, "v_1_soma_0.5");
    cr_assert(a >= 0 && b >= 0);
    cr_assert_eq(r.trace_every[b], 4);
    cr_assert_eq(crt_trace_samples(&r, b), (r.ntimes - 1) / 4 + 1);
    for (long k = 0; k < crt_trace_samples(&r, b); k++)     /* the same cell input */
        cr_assert_eq(r.trace[b][k], r.trace[a][4 * k], "sample %ld", k);
    int fd = mkstemp(csv);
    close(fd);
    char err[256];
    cr_assert(crt_write_traces(csv, &r, err, sizeof err), "%s", err);
    cr_assert_eq(count_lines(csv), 1 + r.ntimes);
    char *text = slurp(csv, NULL);
    cr_assert(strstr(text, "\n0.025000000000000001,") && strstr(text, ",\n"), "%.200s", text);
    free(text);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    strcpy(path, "/tmp/circ-record-XXXXXX.circ");
    cr_assert(open_text(&e, "    record v of p at soma(0.5) every 0.1 ms\n}\n", path),
              "%s", diag_text(e.front->diag));
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert(crt_write_traces(csv, &r, err, sizeof err), "%s", err);
    cr_assert_eq(count_lines(csv), 1 + (r.ntimes - 1) / 4 + 1);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    remove(csv);
}

/* `record spikes of p[1]`: spikes.csv lists cell 1 only; every spike is
 * still detected (rates and figures see them). */
Test(record, spikes_of_a_selector, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", csv[] = "/tmp/circ-spikes-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "    record spikes of p[1]\n}\n", path), "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    long of1 = 0;
    for (long i = 0; i < r.nspikes; i++)
        of1 += r.spike_gid[i] == 1;
    cr_assert(of1 > 0 && of1 < r.nspikes, "%ld of %ld spikes", of1, r.nspikes);
    int fd = mkstemp(csv);
    close(fd);
    char err[256];
    cr_assert(crt_write_spikes(csv, &r, err, sizeof err), "%s", err);
    cr_assert_eq(count_lines(csv), 1 + of1);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    remove(csv);
}

/* A population counted from a density: an index past its end is found when
 * the network is lowered. */
Test(record, index_past_a_density_population, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert_not(open_text(&e, "    record v of q[3] at soma(0.5)\n}\n"
                                "network { size_x = 100 um; size_y = 100 um; size_z = 100 um }\n"
                                "population q of C { density = 3000 mm^-3 }\n", path));
    cr_assert(strstr(diag_text(e.front->diag), "error: index 3 is past the end of 'q', which has "
                     "3 cells"), "%s", diag_text(e.front->diag));
    engine_close(&e);
    remove(path);
}

/* isn_test judges every inhibitory cell, not the recorded ones, and says so. */
Test(record, isn_test_judges_every_inhibitory_cell, .timeout = 120)
{
    struct engine e;
    cr_assert(open_model(&e, SRCDIR "/examples/microcircuit.circ"));
    struct crt_result *res[3] = {0}, r;
    cr_assert(crt_run(e.model, 2, &r), "%s", r.error);
    res[2] = &r;
    struct crt_analysis a;
    crt_analyse(e.model, res, &a);
    bool found = false;
    for (int k = 0; k < e.model->nmeasures; k++) {
        const char *ev = a.evidence[2 * e.model->nmeasures + k];
        if (ev) {
            found = true;
            cr_assert(strstr(ev, "(voltages of 10 of 10 inhibitory cells, at soma(0.5))"), "%s", ev);
            cr_assert_eq(a.cells[2 * e.model->nmeasures + k], 10);     /* summary.json's */
        }
    }
    cr_assert(found);
    crt_analysis_free(e.model, &a);
    crt_result_free(&r);
    engine_close(&e);
}

/* Recording a current gives it a slot the step writes: the voltages are
 * those of the model without the record, bit for bit (values against
 * NEURON: tests/neuron hh1_currents). */
Test(record, currents_leave_the_voltages_alone, .timeout = 120)
{
    char p1[] = "/tmp/circ-record-XXXXXX.circ", p2[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine a, b;
    cr_assert(open_text(&a, "    record v of p at soma(0.5)\n}\n", p1), "%s", diag_text(a.front->diag));
    cr_assert(open_text(&b, "    record v of p at soma(0.5)\n    record hh.ina of p at soma(0.5)\n"
                            "    record nap.ina of p at soma(0.5)\n    record drive.i of p[1]\n}\n",
                        p2), "%s", diag_text(b.front->diag));
    struct crt_result ra, rb;
    cr_assert(crt_run(a.model, 0, &ra), "%s", ra.error);
    cr_assert(crt_run(b.model, 0, &rb), "%s", rb.error);
    for (int c = 0; c < 2; c++)
        for (long k = 0; k < ra.ntimes; k++)
            cr_assert_eq(ra.trace[c][k], rb.trace[c][k], "cell %d, step %ld", c, k);
    int na = trace_named(&rb, "hh.ina_0_soma_0.5"), pa = trace_named(&rb, "nap.ina_0_soma_0.5");
    int ic = trace_named(&rb, "drive.i_1_soma_0.5");
    cr_assert(na >= 0 && pa >= 0 && ic >= 0);
    cr_assert(rb.trace[na][0] < 0, "hh's sodium current at rest: %g", rb.trace[na][0]);
    cr_assert_eq(rb.trace[pa][0], 0.0);     /* nap's gbar is 0 */
    cr_assert_eq(rb.trace[ic][0], 0.0);     /* the step starts at 2 ms... */
    cr_assert_eq(rb.trace[ic][200], 0.3);   /* ...and lasts 30 ms (5 ms) */
    crt_result_free(&ra);
    crt_result_free(&rb);
    engine_close(&a);
    engine_close(&b);
    remove(p1);
    remove(p2);
}

/* A stimulus's variable on a cell it does not reach (here: removed in an
 * experiment) records NaN there; where it sits, its parameters too. */
Test(record, stimulus_variables_where_it_sits, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert(open_text(&e, "    record drive.amp of p\n    record drive.i of p every 1 ms\n}\n"
                            "experiment with_drive { }\nexperiment without { remove drive }\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r0, r1;
    cr_assert(crt_run(e.model, 0, &r0), "%s", r0.error);
    cr_assert(crt_run(e.model, 1, &r1), "%s", r1.error);
    int amp = trace_named(&r0, "drive.amp_1_soma_0.5"), i = trace_named(&r0, "drive.i_0_soma_0.5");
    cr_assert(amp >= 0 && i >= 0);
    cr_assert_eq(r0.trace[amp][0], 0.3);
    cr_assert_eq(r0.trace_every[i], 40);
    cr_assert_eq(r0.trace[i][10], 0.3, "at 10 ms: %g", r0.trace[i][10]);
    cr_assert(isnan(r1.trace[amp][0]) && isnan(r1.trace[i][10]));
    crt_result_free(&r0);
    crt_result_free(&r1);
    engine_close(&e);
    remove(path);
}

/* connections.csv: each rule connection with the weight and delay it was
 * made with (here expressions of the pair: weight by the source, delay by
 * the target). */
Test(record, connections_with_weight_and_delay, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", csv[] = "/tmp/circ-conns-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "}\nsynapse exc = Exp2Syn { tau1 = 0.1 ms; tau2 = 1 ms; e = 0 mV }\n"
                            "connect p -> p at dend(0.5) via exc { probability = 1; "
                            "weight = 0.001 uS * (1 + pre.index); delay = 2 ms + post.index * 1 ms }\n",
                        path), "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run_flags(e.model, 0, CRT_RUN_CONNECTIONS, &r), "%s", r.error);
    int fd = mkstemp(csv);
    close(fd);
    char err[256];
    cr_assert(crt_write_connections(csv, &r, err, sizeof err), "%s", err);
    char *text = slurp(csv, NULL);
    cr_assert_str_eq(text, "pre,post,rule,weight,delay\n"
                           "1,0,0,0.002,2\n"
                           "0,1,0,0.001,3\n");
    free(text);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    remove(csv);
}

/* Two record lines that name one column keep one trace, the more finely
 * sampled: traces.csv never repeats a name. */
Test(record, a_column_is_written_once, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", csv[] = "/tmp/circ-traces-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "    record v of p at soma(0.5) every 0.1 ms\n"
                            "    record v of p[0] at soma(0.5)\n"
                            "    record v of p[0]\n}\n", path), "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int fd = mkstemp(csv);
    close(fd);
    char err[256];
    cr_assert(crt_write_traces(csv, &r, err, sizeof err), "%s", err);
    cr_assert_str_eq(first_line(csv), "t,v_1_soma_0.5,v_0_soma_0.5");
    cr_assert_eq(r.trace_every[trace_named(&r, "v_0_soma_0.5")], 1);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    remove(csv);
}

/* A synapse type's current at a site: the sum over its synapses there (one
 * per connection in --exact, one shared in the default mode: the same sum),
 * 0 where it has none. */
Test(record, synapse_variables_summed_at_a_site, .timeout = 120)
{
    static const char *const net =
        "    record exc.i of p at dend(0.5)\n    record exc.B of p[1] at soma(0.5)\n}\n"
        "synapse exc = Exp2Syn { tau1 = 0.1 ms; tau2 = 5 ms; e = 0 mV }\n"
        "stimulus bkg = NetStim { interval = 3 ms; number = 5; start = 1 ms; noise = 0 } -> p "
        "at dend(0.5) via exc { weight = 0.002 uS; delay = 1 ms }\n"
        "connect p -> p at dend(0.5) via exc { probability = 1; weight = 0.001 uS; delay = 2 ms }\n";
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine shared, exact;
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    cr_assert(open_text(&shared, net, path), "%s", diag_text(shared.front->diag));
    cr_assert(engine_open(&exact, path, &fo, &co), "%s", diag_text(exact.front->diag));
    struct crt_result a, b;
    cr_assert(crt_run(shared.model, 0, &a), "%s", a.error);
    cr_assert(crt_run(exact.model, 0, &b), "%s", b.error);
    int i1 = trace_named(&a, "exc.i_1_dend_0.5"), soma = trace_named(&a, "exc.B_1_soma_0.5");
    cr_assert(i1 >= 0 && soma >= 0 && trace_named(&b, "exc.i_1_dend_0.5") == i1);
    double most = 0;
    for (long k = 0; k < a.ntimes; k++) {
        cr_assert(fabs(a.trace[i1][k] - b.trace[i1][k]) < 1e-9, "step %ld: %g vs %g", k,
                  a.trace[i1][k], b.trace[i1][k]);
        most = fmax(most, fabs(a.trace[i1][k]));
        cr_assert_eq(a.trace[soma][k], 0.0);
    }
    cr_assert(most > 0.01, "largest synaptic current %g nA", most);
    crt_result_free(&a);
    crt_result_free(&b);
    engine_close(&shared);
    engine_close(&exact);
    remove(path);
}

/* A stimulus's variable recorded beside a synapse's: each keeps its own
 * point-process set (the two records once shared a table that the second
 * kind re-allocated, and the stimulus's column read NaN). */
Test(record, stimulus_and_synapse_variables_together, .timeout = 120)
{
    static const char *const net =
        "    record pulse.i of p\n    record exc.i of p at dend(0.5)\n}\n"
        "point square {\n    parameter del = 0 ms\n    parameter amp = 0 nA\n"
        "    electrode_current i = amp * (t >= del ? 1 : 0)\n}\n"
        "synapse exc = ExpSyn { tau = 2 ms; e = 0 mV }\n"
        "stimulus pulse = square { del = 5 ms; amp = 0.1 nA } -> p at soma(0.5)\n"
        "stimulus bkg = NetStim { interval = 3 ms; number = 5; start = 1 ms; noise = 0 } -> p "
        "at dend(0.5) via exc { weight = 0.002 uS; delay = 1 ms }\n";
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert(open_text(&e, net, path), "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    int pulse = trace_named(&r, "pulse.i_1_soma_0.5"), exc = trace_named(&r, "exc.i_1_dend_0.5");
    cr_assert(pulse >= 0 && exc >= 0);
    cr_assert_eq(r.trace[pulse][0], 0.0);
    cr_assert_eq(r.trace[pulse][400], 0.1, "at 10 ms: %g", r.trace[pulse][400]);
    double most = 0;
    for (long k = 0; k < r.ntimes; k++)
        most = fmax(most, fabs(r.trace[exc][k]));
    cr_assert(most > 0.01, "largest synaptic current %g nA", most);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* A record whose `where` leaves no cells once they are placed says so. */
Test(record, where_selecting_nothing_warns, .timeout = 120, .init = cr_redirect_stderr)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert(open_text(&e, "    record v of p where y > 1000 um + xnorm * 1 um\n}\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert_eq(r.ntraces, 0);
    fflush(stderr);
    char want[512];
    snprintf(want, sizeof want, "circ: warning: %s:17: record v of p where y > 1000 um + xnorm "
             "* 1 um selects no cells (seed 1, experiment 'default'): it records nothing\n", path);
    cr_assert_stderr_eq_str(want);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* The measures' statistics, gathered as the run goes (no trace kept), are
 * those of the recorded voltages: mean of each cell's mean, spike-like
 * peaks (a local maximum above -30 mV) per cell and their mean. */
Test(record, voltage_measures_from_running_statistics, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ";
    struct engine e;
    cr_assert(open_text(&e, "    record v of p at soma(0.5)\n}\n"
                            "measure mv = mean_v(p, [5 ms, 35 ms))\n"
                            "measure pv = peak_v(p, [5 ms, 35 ms))\n"
                            "measure n = peaks(p, [5 ms, 35 ms))\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r, *res[1] = {&r};
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    double vsum = 0, psum = 0;
    long npeaks = 0;
    for (int c = 0; c < 2; c++) {
        const double *v = r.trace[trace_named(&r, c ? "v_1_soma_0.5" : "v_0_soma_0.5")];
        double sum = 0;
        long n = 0;
        for (long k = 0; k < r.ntimes; k++) {
            if (r.t[k] < 5 || r.t[k] >= 35)
                continue;
            sum += v[k];
            n++;
            if (k > 0 && k + 1 < r.ntimes && v[k] > v[k - 1] && v[k] >= v[k + 1] && v[k] > -30) {
                psum += v[k];
                npeaks++;
            }
        }
        vsum += sum / (double)n;
    }
    cr_assert(npeaks >= 2);
    struct crt_analysis a;
    crt_analyse(e.model, res, &a);
    cr_assert(fabs(measure_named(e.model, &a, "mv") - vsum / 2) < 1e-12);
    cr_assert(fabs(measure_named(e.model, &a, "pv") - psum / (double)npeaks) < 1e-12);
    cr_assert_eq(measure_named(e.model, &a, "n"), (double)npeaks / 2);
    crt_analysis_free(e.model, &a);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* Traces sampled every 4th step drawn as strips and, past 25 cells, as a
 * heat map: each reads its own samples (under ASan, nothing beyond). */
Test(record, sparse_traces_drawn, .timeout = 120)
{
    char path[] = "/tmp/circ-record-XXXXXX.circ", dir[] = "/tmp/circ-figs-XXXXXX";
    struct engine e;
    cr_assert(open_text(&e, "    record v of q at soma(0.5) every 0.1 ms\n    record v of p[0] "
                            "at dend(0.5) every 0.1 ms\n}\npopulation q of C { count = 30 }\n"
                            "figure few = traces { populations = [p] }\n"
                            "figure many = traces { populations = [q] }\n", path),
              "%s", diag_text(e.front->diag));
    struct crt_result r, *res[1] = {&r};
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert(mkdtemp(dir));
    char err[256];
    cr_assert(crt_write_figures(dir, e.model, res, err, sizeof err), "%s", err);
    char svg[512];
    snprintf(svg, sizeof svg, "%s/figures/many.svg", dir);
    cr_assert(access(svg, R_OK) == 0, "%s", svg);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
