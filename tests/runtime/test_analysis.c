/* test_analysis.c - measures, the ISN test, expectations and summary.json on
 * the seed microcircuit (whose scientific outcome is known: PV silencing
 * raises pyramidal rates by tens of percent; the push drives PV cells into
 * depolarization block rather than an ISN paradox). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

static json_object *get(json_object *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *k = strtok(buf, "/"); k && o; k = strtok(NULL, "/"))
        if (!json_object_object_get_ex(o, k, &o))
            return NULL;
    return o;
}

/* tmp/m.circ: the model at src with `extra` lines after it (tmp made by
 * mkdtemp); its path into model. */
static void model_with(const char *tmp, const char *src, const char *extra, char *model,
                       size_t size)
{
    snprintf(model, size, "%s/m.circ", tmp);
    FILE *f = fopen(model, "w");
    FILE *in = fopen(src, "r");
    cr_assert(f && in);
    int ch;
    while ((ch = fgetc(in)) != EOF)
        fputc(ch, f);
    fclose(in);
    fprintf(f, "\n%s", extra);
    fclose(f);
}

/* The model at src with `extra` lines, run in --exact into a temporary
 * directory: its summary.json (the directory removed), the run's exit
 * status into *rc. */
static json_object *exact_run(const char *src, const char *extra, int *rc)
{
    char tmp[] = "/tmp/circ-analysis-XXXXXX", model[300], out[320], path[400], cmd[400];
    cr_assert(mkdtemp(tmp));
    model_with(tmp, src, extra, model, sizeof model);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    snprintf(out, sizeof out, "%s/out", tmp);
    struct crt_run_options o = {.outdir = out, .seed = -1};
    *rc = crt_main(e.model, &o);
    engine_close(&e);
    snprintf(path, sizeof path, "%s/summary.json", out);
    json_object *root = json_object_from_file(path);
    cr_assert(root, "summary.json does not parse");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
    return root;
}

/* The same, for a run that must succeed. */
static json_object *exact_summary(const char *src, const char *extra)
{
    int rc;
    json_object *root = exact_run(src, extra, &rc);
    cr_assert_eq(rc, 0);
    return root;
}

Test(analysis, seed_summary, .timeout = 180)
{
    char tmp[] = "/tmp/circ-analysis-XXXXXX";
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e.front->diag));
    struct crt_run_options o = {.outdir = tmp, .seed = -1};
    cr_assert_eq(crt_main(e.model, &o), 0, "the seed's expectations must hold");
    engine_close(&e);

    char path[300];
    snprintf(path, sizeof path, "%s/summary.json", tmp);
    json_object *root = json_object_from_file(path);
    cr_assert(root, "summary.json does not parse");
    cr_assert_str_eq(json_object_get_string(get(root, "experiments/isn_push/measures/isn_verdict")),
                     "depolarization_block");
    double gain = json_object_get_double(get(root, "experiments/pv_silencing/measures/gain_change_pct"));
    cr_assert(gain > 30 && gain < 150, "gain change %g %%", gain);
    double pv = json_object_get_double(get(root, "experiments/control/rates/Inh_PV"));
    cr_assert(pv > 50 && pv < 90, "PV rate %g Hz", pv);
    cr_assert_eq(json_object_get_int(get(root, "network/cells")), 100);
    cr_assert_eq(strlen(json_object_get_string(get(root, "provenance/source_sha256"))), 64);
    cr_assert_str_eq(json_object_get_string(get(root, "provenance/mode")), "default");
    cr_assert_eq(json_object_get_int(get(root, "expectations_failed")), 0);
    json_object_put(root);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

Test(analysis, failed_expectation_exits_1, .timeout = 120)
{
    char tmp[] = "/tmp/circ-expect-XXXXXX";
    cr_assert(mkdtemp(tmp));
    char model[300];
    snprintf(model, sizeof model, "%s/m.circ", tmp);
    FILE *f = fopen(model, "w");
    FILE *src = fopen(SRCDIR "/tests/neuron/cases/two_cells_netcon.circ", "r");
    cr_assert(f && src);
    int ch;
    while ((ch = fgetc(src)) != EOF)
        fputc(ch, f);
    fclose(src);
    fputs("\nmeasure n = count(all, [0 ms, 300 ms))\nexpect n > 1000000\n", f);
    fclose(f);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    char out[320];
    snprintf(out, sizeof out, "%s/out", tmp);   /* a run owns its directory: not beside m.circ */
    struct crt_run_options o = {.outdir = out, .seed = -1};
    cr_assert_eq(crt_main(e.model, &o), 1);
    engine_close(&e);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* psd_peak over a window reaching far past the run (its bin count was an
 * int: 1e10 bins overflowed; 2e5 took minutes, n^2 sines) measures the run's
 * part of it, as the psd figure does, quickly; without spikes it is null
 * (it read the lowest frequency).  rate, count and cv_isi use the simulated
 * part of a window too (a rate over a window twice the run's read half),
 * and are null for a window after the end (it read 0). */
Test(analysis, psd_peak_window_past_the_run, .timeout = 60)
{
    const char *measures =
        "measure within = psd_peak(all, [0 ms, 160 ms))\n"
        "measure beyond = psd_peak(all, [0 ms, 10000000000 ms))\n"
        "measure long = psd_peak(all, [0 ms, 200000 ms))\n"
        "measure none = psd_peak(all, [0 ms, 5 ms))\n"              /* no spikes */
        "measure rate_in = rate(all, [0 ms, 160 ms))\n"
        "measure rate_past = rate(all, [0 ms, 320 ms))\n"          /* half simulated */
        "measure rate_after = rate(all, [200 ms, 320 ms))\n"       /* none simulated */
        "measure count_past = count(all, [0 ms, 320 ms))\n"
        "measure count_after = count(all, [160 ms, 320 ms))\n"
        "measure cv_after = cv_isi(all, [200 ms, 320 ms))\n";
    json_object *root = exact_summary(SRCDIR "/tests/neuron/cases/two_cells_netcon.circ", measures);
    json_object *m = get(root, "experiments");
    cr_assert(m && json_object_object_length(m) == 1);
    json_object_object_foreach(m, name, exp) {
        (void)name;
        double within = json_object_get_double(get(exp, "measures/within"));
        cr_assert(within > 0 && within <= 500, "%g Hz", within);
        cr_assert_eq(json_object_get_double(get(exp, "measures/beyond")), within);
        cr_assert_eq(json_object_get_double(get(exp, "measures/long")), within);
        cr_assert_null(get(exp, "measures/none"), "psd_peak without spikes is null");
        /* spike measures use the simulated part of a window (160 ms here),
         * and are null for a window that starts at or after the end */
        double in = json_object_get_double(get(exp, "measures/rate_in"));
        cr_assert_gt(in, 0);
        cr_assert_eq(json_object_get_double(get(exp, "measures/rate_past")), in);
        cr_assert_null(get(exp, "measures/rate_after"));
        cr_assert_null(get(exp, "measures/count_after"));
        cr_assert_null(get(exp, "measures/cv_after"));
        cr_assert_eq(json_object_get_double(get(exp, "measures/count_past")), in * 2 * 0.16);
    }
    json_object_put(root);
}

/* -e runs some experiments: an expectation that compares with one left out
 * is "not evaluated" (summary.json, report.html), not FAILED, and the run
 * exits 0; one that reads only its own experiment is still checked. */
Test(analysis, left_out_experiment_is_not_evaluated, .init = cr_redirect_stdout, .timeout = 180)
{
    char tmp[] = "/tmp/circ-only-XXXXXX";
    cr_assert(mkdtemp(tmp));
    char model[300];
    /* through a measure of another experiment, and directly */
    model_with(tmp, SRCDIR "/examples/microcircuit.circ",
               "expect gain_vs_control_pct > 0 in pv_silencing\n"
               "expect rate(Inh_PV, silenced) < rate(Inh_PV, silenced, control) in pv_silencing\n",
               model, sizeof model);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    const char *only[] = {"pv_silencing"};
    char dir[320];      /* beside the model: a run replaces its directory whole */
    snprintf(dir, sizeof dir, "%s/out", tmp);
    struct crt_run_options o = {.outdir = dir, .seed = -1, .experiments = only, .nexperiments = 1};
    cr_assert_eq(crt_main(e.model, &o), 0, "a left-out comparison failed the run");
    engine_close(&e);
    fflush(stdout);
    char out[8192];
    size_t len = fread(out, 1, sizeof out - 1, cr_get_redirected_stdout());
    out[len] = '\0';
    cr_assert(strstr(out, "  pv_silencing: gain_vs_control_pct not evaluated (experiment 'control' "
                     "was not run)\n"), "%s", out);

    char path[400];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    json_object *root = json_object_from_file(path);
    cr_assert(root, "summary.json does not parse");
    cr_assert_eq(json_object_get_int(get(root, "expectations_failed")), 0);
    json_object *x = get(root, "expectations");
    size_t n = json_object_array_length(x);
    for (size_t k = n - 2; k < n; k++) {
        json_object *one = json_object_array_get_idx(x, k);
        cr_assert_str_eq(json_object_get_string(get(one, "not_evaluated/pv_silencing")), "control");
        cr_assert_eq(json_object_object_length(get(one, "held")), 0);
    }
    /* PV_silenced < 0.5 * PV_baseline reads pv_silencing only: checked */
    json_object *own = json_object_array_get_idx(x, 1);
    cr_assert(json_object_get_boolean(get(own, "held/pv_silencing")));
    cr_assert_null(get(own, "not_evaluated"));
    json_object_put(root);
    snprintf(path, sizeof path, "%s/report.html", dir);
    FILE *r = fopen(path, "r");
    cr_assert(r);
    char line[2048];
    int unknown = 0, failed = 0;
    while (fgets(line, sizeof line, r)) {
        unknown += strstr(line, "not evaluated (experiment control was not run)") != NULL;
        failed += strstr(line, "FAILED") != NULL;
    }
    fclose(r);
    cr_assert_eq(unknown, 2);
    cr_assert_eq(failed, 0);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A cell's detection threshold set by a rule (a connection's threshold is
 * its source's) is the one the voltage probe counts undetected peaks by:
 * in tests/neuron/cases/connect_threshold.circ cell b's spikes peak near
 * +20 mV, under the 50 mV its rule gives it, so every peak is undetected
 * (the type's 10 mV counted none). */
Test(analysis, undetected_peaks_by_a_rules_threshold, .timeout = 60)
{
    json_object *root = exact_summary(SRCDIR "/tests/neuron/cases/connect_threshold.circ",
                                      "window pre = [10 ms, 80 ms)\nwindow post = [80 ms, 150 ms)\n"
                                      "measure verdict = isn_test(b, a, pre, post)\n");
    const char *why = json_object_get_string(get(root, "experiments/default/evidence/verdict"));
    cr_assert(why && strstr(why, "spike-like peaks per cell 6.0 -> 7.0, of which under the "
                                 "detection threshold 6.0 -> 7.0"), "%s", why ? why : "(none)");
    json_object_put(root);
}

/* A measure is kept in the conventional unit of its dimension (Hz, ms, 1)
 * whatever units its expression mixes; a measure that reads it reads that
 * value.  It read it in its expression's unit instead, 1000 times off:
 * f = n / 160 ms is 1/ms as written, kept in Hz, and f * 1 gave
 * 1000 * f Hz; expectations, sweeps and fits saw those values. */
Test(analysis, measure_of_a_mixed_unit_measure, .timeout = 60)
{
    const char *extra =
        "experiment control { }\n"
        "experiment strong { set step.amp = 0.4 nA }\n"
        "window w = [0 ms, 160 ms)\n"
        "measure n = count(pre, w)\n"
        "measure f = n / 160 ms\n"                 /* 1/ms as written */
        "measure f2 = f * 1\n"
        "measure f3 = f2 + 0 Hz\n"                 /* of a measure of a measure */
        "measure r = rate(pre, w)\n"
        "measure period = 1 / r\n"                 /* s as written, kept in ms */
        "measure period2 = period + 0 ms\n"
        "measure y = 1000 ms * r\n"                /* ms*Hz: 1/1000 as written */
        "measure y2 = y + 0\n"
        "measure x = r / 1 kHz\n"
        "measure x2 = x + 0\n"
        "measure pf = period * f\n"                /* ms * Hz */
        "measure mixed = period2 / 1 s + x2\n"
        "measure gain in strong = (count(pre, w) / 160 ms) / rate(pre, w, control)\n"
        "measure gain2 in strong = gain * 1\n"
        "expect f < 1000 Hz\n"
        "expect period < 1 s\n"
        "expect y2 > 1\n"
        "expect period * f < 2\n"
        "expect gain2 > 1 in strong\n";
    int rc;
    json_object *root = exact_run(SRCDIR "/tests/neuron/cases/two_cells_netcon.circ", extra, &rc);
    cr_assert_eq(json_object_get_int(get(root, "expectations_failed")), 0);
    cr_assert_eq(rc, 0);
    double rate[2];
    const char *const exps[] = {"control", "strong"};
    for (int k = 0; k < 2; k++) {
        char p[128];
        snprintf(p, sizeof p, "experiments/%s/measures", exps[k]);
        json_object *m = get(root, p);
        snprintf(p, sizeof p, "experiments/%s/measure_units", exps[k]);
        json_object *u = get(root, p);
#define M(name) json_object_get_double(get(m, name))
#define U(name) json_object_get_string(get(u, name))
        double r = rate[k] = M("r");
        cr_assert(r > 10 && r < 200, "%g Hz", r);
        cr_assert_float_eq(M("f"), r, 1e-12 * r);
        cr_assert_eq(M("f2"), M("f"));
        cr_assert_eq(M("f3"), M("f"));
        cr_assert_float_eq(M("period"), 1000 / r, 1e-12 * 1000 / r);
        cr_assert_eq(M("period2"), M("period"));
        cr_assert_float_eq(M("y"), r, 1e-12 * r);
        cr_assert_eq(M("y2"), M("y"));
        cr_assert_float_eq(M("x"), r / 1000, 1e-12 * r / 1000);
        cr_assert_eq(M("x2"), M("x"));
        cr_assert_float_eq(M("pf"), 1.0, 1e-12);
        cr_assert_float_eq(M("mixed"), M("period") / 1000 + M("x"), 1e-12);
        cr_assert_str_eq(U("f2"), "Hz");
        cr_assert_str_eq(U("f3"), "Hz");
        cr_assert_str_eq(U("period2"), "ms");
        cr_assert_str_eq(U("y2"), "");
        cr_assert_str_eq(U("pf"), "");
    }
    json_object *m = get(root, "experiments/strong/measures");
    cr_assert_float_eq(M("gain"), rate[1] / rate[0], 1e-12);
    cr_assert_eq(M("gain2"), M("gain"));
    cr_assert_gt(M("gain2"), 1);
#undef M
#undef U
    json_object_put(root);
}
