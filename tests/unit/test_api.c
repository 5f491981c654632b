/* test_api.c - circ.h: a model compiled once and run several times in one
 * process gives `circ run`'s numbers bit for bit, the same twice, and its
 * errors as values. */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "circ.h"
#include "rt_alloc.h"
#include "../slurp.h"

#define SEED_MODEL SRCDIR "/examples/microcircuit.circ"

/* `circ run MODEL -o DIR ARGS` into a fresh directory; its path (static). */
static const char *cli_run(const char *model, const char *args)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "/tmp/circ-test-api-%d", (int)getpid());
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -rf %s && CIRC_CACHE_DIR=%s.cache %s/circ run %s -o %s %s "
             ">/dev/null 2>&1", dir, dir, BUILDDIR, model, dir, args);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    return dir;
}

static void cleanup(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/circ-test-api-%d /tmp/circ-test-api-%d.cache",
             (int)getpid(), (int)getpid());
    if (system(cmd) != 0)
        fprintf(stderr, "test_api: could not remove its directories\n");
}

/* Spikes in memory equal spikes.csv's rows, value for value. */
static void same_spikes(const circ_results *r, int e, const char *csv)
{
    char *text = slurp(csv, NULL);
    cr_assert_not_null(text, "%s", csv);
    const double *t;
    const int *gid;
    long n = circ_spikes(r, e, &t, &gid);
    char *line = strchr(text, '\n') + 1;
    long k = 0;
    for (; *line; k++) {
        char *end;
        double x = strtod(line, &end);
        int g = (int)strtol(end + 1, &end, 10);
        cr_assert_lt(k, n, "spikes.csv has more rows than the %ld spikes in memory", n);
        cr_assert(x == t[k] && g == gid[k], "spike %ld: %.17g,%d in the file, %.17g,%d in memory",
                  k, x, g, t[k], gid[k]);
        line = end + 1;
    }
    cr_assert_eq(k, n, "%ld spikes in spikes.csv, %ld in memory", k, n);
    cr_assert_gt(n, 100, "the seed's control experiment spikes");
    free(text);
}

/* Every trace in memory equals its traces.csv column (same labels). */
static void same_traces(const circ_results *r, int e, const char *csv)
{
    char *text = slurp(csv, NULL);
    cr_assert_not_null(text, "%s", csv);
    int nt = circ_ntraces(r, e);
    cr_assert_gt(nt, 0);
    char *p = text;
    cr_assert(strncmp(p, "t,", 2) == 0);
    p += 2;
    for (int i = 0; i < nt; i++) {
        const char *label = circ_trace_label(r, e, i);
        size_t len = strlen(label);
        cr_assert(strncmp(p, label, len) == 0 && (p[len] == ',' || p[len] == '\n'),
                  "column %d is not '%s'", i + 1, label);
        p += len + 1;
    }
    const double *t;
    long steps = circ_trace_times(r, e, &t);
    long row = 0;
    for (; *p; row++) {
        char *end;
        double x = strtod(p, &end);
        cr_assert(x == t[row], "row %ld: t %.17g vs %.17g", row, x, t[row]);
        for (int i = 0; i < nt; i++) {
            const double *v;
            int every;
            long ns = circ_trace(r, e, i, &v, &every);
            cr_assert_eq(every, 1, "the seed records every step");
            cr_assert_eq(ns, steps);
            double y = strtod(end + 1, &end);
            cr_assert(y == v[row], "row %ld trace %s: %.17g vs %.17g", row,
                      circ_trace_label(r, e, i), y, v[row]);
        }
        p = end + 1;
    }
    cr_assert_eq(row, steps);
    free(text);
}

/* Rates and measures equal summary.json's (its 17-digit doubles). */
static void same_summary(const circ_model *m, const circ_results *r, int e, const char *json)
{
    json_object *root = json_object_from_file(json);
    cr_assert_not_null(root, "%s", json);
    json_object *x = json_object_object_get(json_object_object_get(root, "experiments"),
                                            circ_experiment_name(m, e));
    cr_assert_not_null(x);
    json_object *rates = json_object_object_get(x, "rates");
    for (int p = 0; p < circ_npopulations(m); p++) {
        double want = json_object_get_double(json_object_object_get(rates,
                                                                    circ_population_name(m, p)));
        cr_assert(circ_rate(r, e, p) == want, "rate of %s: %.17g vs %.17g",
                  circ_population_name(m, p), circ_rate(r, e, p), want);
    }
    json_object *measures = json_object_object_get(x, "measures");
    int compared = 0;
    for (int k = 0; k < circ_nmeasures(m); k++) {
        json_object *v = json_object_object_get(measures, circ_measure_name(m, k));
        const char *verdict;
        double got = circ_measure(r, e, k, &verdict);
        if (!v) {
            cr_assert(isnan(got) || !json_object_object_get_ex(measures, circ_measure_name(m, k), NULL));
            continue;
        }
        if (json_object_is_type(v, json_type_string))
            cr_assert(verdict && strcmp(verdict, json_object_get_string(v)) == 0);
        else if (json_object_is_type(v, json_type_null))
            cr_assert(isnan(got), "%s", circ_measure_name(m, k));
        else
            cr_assert(got == json_object_get_double(v), "%s: %.17g vs %.17g",
                      circ_measure_name(m, k), got, json_object_get_double(v));
        compared++;
    }
    cr_assert_gt(compared, 0);
    json_object_put(root);
}

Test(api, seed_equals_circ_run_and_twice_the_same, .fini = cleanup)
{
    circ_model *m = circ_open_file(SEED_MODEL, NULL);
    cr_assert(circ_ok(m), "%s", circ_diagnostics_text(m));
    int e = circ_experiment_index(m, "control");
    cr_assert_geq(e, 0);
    const char *names[] = {"control"};
    circ_run_options o = circ_default_run_options();
    o.experiments = names;
    o.nexperiments = 1;
    circ_results *a = circ_run(m, &o);
    cr_assert_null(circ_results_error(a), "%s", circ_results_error(a));
    cr_assert(circ_ran(a, e));
    cr_assert(!circ_ran(a, circ_experiment_index(m, "pv_silencing")), "only control was chosen");

    const char *dir = cli_run(SEED_MODEL, "-e control");
    char path[512];
    snprintf(path, sizeof path, "%s/control/spikes.csv", dir);
    same_spikes(a, e, path);
    snprintf(path, sizeof path, "%s/control/traces.csv", dir);
    same_traces(a, e, path);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    same_summary(m, a, e, path);
    /* every figure, drawn in memory, is the file circ run wrote */
    cr_assert_gt(circ_nfigures(m), 3);
    for (int k = 0; k < circ_nfigures(m); k++) {
        size_t len, flen;
        const char *svg = circ_figure_svg(a, k, &len);
        snprintf(path, sizeof path, "%s/figures/%s.svg", dir, circ_figure_name(m, k));
        char *file = slurp(path, &flen);
        cr_assert(svg && file && len == flen && memcmp(svg, file, len) == 0, "figure %s",
                  circ_figure_name(m, k));
        cr_assert_eq(circ_figure_svg(a, k, NULL), svg, "drawn once");
        free(file);
    }
    cr_assert_null(circ_figure_svg(a, circ_nfigures(m), NULL));

    /* again, on another thread count: the same bits */
    o.threads = 2;
    circ_results *b = circ_run(m, &o);
    cr_assert_null(circ_results_error(b));
    const double *ta, *tb;
    const int *ga, *gb;
    long na = circ_spikes(a, e, &ta, &ga), nb = circ_spikes(b, e, &tb, &gb);
    cr_assert_eq(na, nb);
    cr_assert(memcmp(ta, tb, (size_t)na * sizeof *ta) == 0 &&
              memcmp(ga, gb, (size_t)na * sizeof *ga) == 0);
    circ_results_free(a);
    circ_results_free(b);
    circ_close(m);
}

Test(api, sets_and_seeds_without_recompiling, .fini = cleanup)
{
    circ_model *m = circ_open_file(SEED_MODEL, NULL);
    cr_assert(circ_ok(m));
    int e = circ_experiment_index(m, "control");
    const char *names[] = {"control"};
    const char *sets[] = {"bkg.rate=30Hz"};
    circ_run_options o = circ_default_run_options();
    o.experiments = names;
    o.nexperiments = 1;
    o.sets = sets;
    o.nsets = 1;
    o.seed = 7;
    circ_results *r = circ_run(m, &o);
    cr_assert_null(circ_results_error(r), "%s", circ_results_error(r));
    cr_assert_eq(circ_results_seed(r), 7);
    const char *dir = cli_run(SEED_MODEL, "-e control --seed 7 --set bkg.rate=30Hz");
    char path[512];
    snprintf(path, sizeof path, "%s/control/spikes.csv", dir);
    same_spikes(r, e, path);

    /* the model's own values: other spikes than with 30 Hz */
    o.nsets = 0;
    circ_results *d = circ_run(m, &o);
    const double *t1, *t2;
    long n1 = circ_spikes(r, e, &t1, NULL), n2 = circ_spikes(d, e, &t2, NULL);
    cr_assert(n1 != n2 || memcmp(t1, t2, (size_t)n1 * sizeof *t1) != 0);
    circ_results_free(r);
    circ_results_free(d);
    circ_close(m);
}

Test(api, exact_set_folded_into_code_compiles_again, .fini = cleanup)
{
    circ_options mo = circ_default_options();
    mo.exact = 1;
    circ_model *m = circ_open_file(SEED_MODEL, &mo);
    cr_assert(circ_ok(m));
    int e = circ_experiment_index(m, "control");
    const char *names[] = {"control"};
    const char *sets[] = {"PYR.soma.hh.gnabar=0.13S/cm2"};
    circ_run_options o = circ_default_run_options();
    o.experiments = names;
    o.nexperiments = 1;
    o.sets = sets;
    o.nsets = 1;
    circ_results *r = circ_run(m, &o);
    cr_assert_null(circ_results_error(r), "%s", circ_results_error(r));
    const char *dir = cli_run(SEED_MODEL, "-e control --exact --set PYR.soma.hh.gnabar=0.13S/cm2");
    char path[512];
    snprintf(path, sizeof path, "%s/control/spikes.csv", dir);
    same_spikes(r, e, path);
    circ_results_free(r);
    circ_close(m);
}

/* Under --exact a mechanism global is folded into the code: a run that
 * sets one compiles anew, as `circ run --exact --set` does. */
Test(api, exact_global_set_compiles_again, .fini = cleanup)
{
    const char *text = "cell C {\n"
                       "    section soma { L = 20 um; diam = 20 um; insert hh }\n"
                       "    threshold = 0 mV\n    spike_at = soma(0.5)\n}\n"
                       "population P of C { count = 1 }\n"
                       "stimulus step = IClamp { delay = 5 ms; dur = 80 ms; amp = 0.3 nA } "
                       "-> P at soma(0.5)\n"
                       "simulation { duration = 100 ms; dt = 0.025 ms; record spikes }\n";
    char tmp[] = "/tmp/circ-test-api-hh-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(tmp));
    snprintf(path, sizeof path, "%s/hh.circ", tmp);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    circ_options mo = circ_default_options();
    mo.exact = 1;
    circ_model *m = circ_open_file(path, &mo);
    cr_assert(circ_ok(m), "%s", circ_diagnostics_text(m));
    const char *sets[] = {"hh.gnabar=0.05S/cm2"};
    circ_run_options o = circ_default_run_options();
    o.sets = sets;
    o.nsets = 1;
    circ_results *r = circ_run(m, &o), *plain = circ_run(m, NULL);
    cr_assert_null(circ_results_error(r), "%s", circ_results_error(r));
    const char *dir = cli_run(path, "--exact --set hh.gnabar=0.05S/cm2");
    char csv[512];
    snprintf(csv, sizeof csv, "%s/default/spikes.csv", dir);
    char *want = slurp(csv, NULL);
    cr_assert_not_null(want);
    long lines = 0;
    for (const char *p = want; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(circ_spikes(r, 0, NULL, NULL), lines - 1, "spikes with the global set");
    cr_assert_neq(circ_spikes(plain, 0, NULL, NULL), lines - 1, "the set changes the firing");
    free(want);
    circ_results_free(r);
    circ_results_free(plain);
    circ_close(m);
    remove(path);
    rmdir(tmp);
}

Test(api, model_errors_are_located_values)
{
    const char *text = "cell C {\n    section soma { L = 10 um; diam = 10 um; insert hx }\n}\n";
    circ_model *m = circ_open_text(text, "bad.circ", NULL);
    cr_assert_not_null(m);
    cr_assert(!circ_ok(m));
    cr_assert_gt(circ_ndiagnostics(m), 0);
    const circ_diagnostic *d = circ_diagnostic_at(m, 0);
    cr_assert_eq(d->severity, CIRC_ERROR);
    cr_assert_str_eq(d->file, "bad.circ");
    cr_assert_eq(d->line, 2);
    cr_assert_eq(d->column, (int)(strstr(text, "hx") - strchr(text, '\n')));
    cr_assert(strstr(d->message, "hx"), "%s", d->message);
    cr_assert(strstr(circ_diagnostics_text(m), "bad.circ:2:"));
    cr_assert_null(circ_diagnostic_at(m, circ_ndiagnostics(m)));
    circ_results *r = circ_run(m, NULL);
    cr_assert(circ_results_error(r) && !circ_ran(r, 0));
    circ_results_free(r);
    circ_close(m);
}

Test(api, run_errors_are_values)
{
    circ_model *m = circ_open_file(SEED_MODEL, NULL);
    cr_assert(circ_ok(m));
    const char *nope[] = {"nope"};
    circ_run_options o = circ_default_run_options();
    o.experiments = nope;
    o.nexperiments = 1;
    circ_results *r = circ_run(m, &o);
    cr_assert(circ_results_error(r) && strstr(circ_results_error(r), "no experiment 'nope'"),
              "%s", circ_results_error(r));
    circ_results_free(r);

    const char *bad[] = {"bkg.rate"};          /* no '=' */
    o = circ_default_run_options();
    o.sets = bad;
    o.nsets = 1;
    r = circ_run(m, &o);
    cr_assert(circ_results_error(r) && strstr(circ_results_error(r), "PATH=VALUE"));
    circ_results_free(r);

    const char *unit[] = {"bkg.rate=30mV"};    /* a wrong unit: located, as --set */
    o.sets = unit;
    r = circ_run(m, &o);
    cr_assert(circ_results_error(r) && strstr(circ_results_error(r), "error"), "%s",
              circ_results_error(r));
    cr_assert_eq(circ_spikes(r, 0, NULL, NULL), 0);
    circ_results_free(r);
    circ_close(m);
}

Test(api, model_from_text_imports_from_its_directory)
{
    size_t len;
    char *text = slurp(SEED_MODEL, &len);
    cr_assert_not_null(text);
    circ_model *m = circ_open_text(text, SEED_MODEL, NULL);
    cr_assert(circ_ok(m), "%s", circ_diagnostics_text(m));
    cr_assert_eq(circ_ncells(m), 100);
    cr_assert_eq(circ_npopulations(m), 4);
    cr_assert_str_eq(circ_population_name(m, 2), "Inh_PV");
    cr_assert_geq(circ_nexperiments(m), 3);
    cr_assert_gt(circ_nexpectations(m), 0);
    cr_assert_null(circ_experiment_name(m, -1));
    free(text);
    circ_close(m);
}

/* Two models at once, each on a thread of its own (compiled there too):
 * the same spikes as each alone. */
struct alone {
    const char *path;
    long long seed;
    long n;
    double *t;
    int *gid;
    char error[256];
};

static void *compile_and_run(void *arg)
{
    struct alone *a = arg;
    circ_model *m = circ_open_file(a->path, NULL);
    if (!circ_ok(m)) {
        snprintf(a->error, sizeof a->error, "%s", circ_diagnostics_text(m));
        circ_close(m);
        return NULL;
    }
    circ_run_options o = circ_default_run_options();
    o.seed = a->seed;
    o.threads = 1;
    circ_results *r = circ_run(m, &o);
    const double *t;
    const int *gid;
    if (circ_results_error(r)) {
        snprintf(a->error, sizeof a->error, "%s", circ_results_error(r));
    } else {
        a->n = circ_spikes(r, 0, &t, &gid);
        a->t = malloc(((size_t)a->n + 1) * sizeof *a->t);
        a->gid = malloc(((size_t)a->n + 1) * sizeof *a->gid);
        memcpy(a->t, t, (size_t)a->n * sizeof *t);
        memcpy(a->gid, gid, (size_t)a->n * sizeof *gid);
    }
    circ_results_free(r);
    circ_close(m);
    return NULL;
}

Test(api, separate_models_on_separate_threads)
{
    const char *paths[] = {SEED_MODEL, SRCDIR "/examples/single_cell.circ", SEED_MODEL};
    struct alone seq[3], par[3];
    const long long seeds[] = {3, -1, 4};
    for (int i = 0; i < 3; i++)
        seq[i] = par[i] = (struct alone){.path = paths[i], .seed = seeds[i]};
    for (int i = 0; i < 3; i++)
        compile_and_run(&seq[i]);
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, compile_and_run, &par[i]), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++) {
        cr_assert(!seq[i].error[0] && !par[i].error[0], "%s / %s", seq[i].error, par[i].error);
        cr_assert_eq(seq[i].n, par[i].n, "%s", paths[i]);
        cr_assert(memcmp(seq[i].t, par[i].t, (size_t)seq[i].n * sizeof *seq[i].t) == 0 &&
                  memcmp(seq[i].gid, par[i].gid, (size_t)seq[i].n * sizeof *seq[i].gid) == 0);
        free(seq[i].t);
        free(seq[i].gid);
        free(par[i].t);
        free(par[i].gid);
    }
    cr_assert_neq(seq[0].n, 0);
}

/* A run whose k-th runtime allocation fails, for k spread over the whole
 * run (the build, the simulation's buffers, the analysis, a figure): an
 * error value or a whole result, never an abort.  Each in a child that
 * ends with _exit: what a jump leaves allocated is not ours to free. */
static int run_failing_at(circ_model *m, long k, long *count)
{
    const char *names[] = {"control"};
    circ_run_options o = circ_default_run_options();
    o.experiments = names;
    o.nexperiments = 1;
    o.threads = 2;
    rt_alloc_fail_at(k);
    circ_results *r = circ_run(m, &o);
    const char *err = circ_results_error(r);
    bool whole = !err && circ_ran(r, 0) && circ_spikes(r, 0, NULL, NULL) > 0;
    if (whole)      /* drawing may fail too: NULL, as documented */
        circ_figure_svg(r, 0, NULL);
    if (count)
        *count = LONG_MAX - rt_alloc_fail_pending();
    rt_alloc_fail_at(0);
    return err && *err ? 1 : whole ? 0 : 3;
}

Test(api, out_of_memory_is_an_error_value, .timeout = 300)
{
    circ_model *m = circ_open_file(SEED_MODEL, NULL);
    cr_assert(circ_ok(m));
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        long n = 0;
        int rc = run_failing_at(m, LONG_MAX, &n);
        ssize_t w = write(fd[1], &n, sizeof n);
        _exit(rc == 0 && w == (ssize_t)sizeof n ? 0 : 1);
    }
    close(fd[1]);
    long total = 0;
    cr_assert_eq(read(fd[0], &total, sizeof total), (ssize_t)sizeof total);
    close(fd[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the counting run failed");
    cr_assert_gt(total, 100);
    int seen[2] = {0, 0};
    for (int i = 0; i <= 40; i++) {
        /* geometric through the build, then evenly through the last tenth */
        long k = i < 20 ? (1L << i) % (total * 9 / 10) + 1 : total * 9 / 10 + (total / 10) * (i - 20) / 20;
        fflush(NULL);
        pid = fork();
        if (pid == 0)
            _exit(run_failing_at(m, k, NULL));
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status), "allocation %ld of %ld: the process died (signal %d)", k,
                  total, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        int rc = WEXITSTATUS(status);
        cr_assert(rc == 0 || rc == 1, "allocation %ld of %ld: neither an error nor a result", k,
                  total);
        seen[rc]++;
    }
    cr_assert_gt(seen[1], 0, "no failure reached the API as an error");
    circ_close(m);
}
