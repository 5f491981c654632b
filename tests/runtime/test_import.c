/* test_import.c - `circ import netpyne`: the seed model as NetPyNE 1.1.0
 * saved it (tests/netpyne/json, made by tests/netpyne/make_refs.py
 * --save-json), converted and run with --exact --rng netpyne, reproduces
 * the real NetPyNE runs spike for spike; the conversion of a file with
 * entries circ cannot express keeps each out with a comment and a warning
 * (golden text); bad input fails with a message; a model with mechanisms
 * of .mod files (--mod) reproduces NetPyNE too. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engine.h"
#include "../slurp.h"

static const char *circ(void)
{
    const char *c = getenv("CIRC");
    cr_assert(c, "CIRC is not set (run under make check)");
    return c;
}

/* Runs `circ import netpyne ARGS` with stdout and stderr into files of
 * dir; returns its exit status. */
static int import(const char *dir, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' import netpyne %s > '%s/model.circ' 2> '%s/err.txt'",
             SRCDIR, circ(), args, dir, dir);
    int status = system(cmd);
    cr_assert(WIFEXITED(status), "%s", cmd);
    return WEXITSTATUS(status);
}

static long read_spikes(const char *path, double **t, int **gid)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    cr_assert(text, "cannot read %s", path);
    long n = 0;
    for (size_t k = 0; k < len; k++)
        n += text[k] == '\n';
    *t = malloc((size_t)(n + 1) * sizeof **t);
    *gid = malloc((size_t)(n + 1) * sizeof **gid);
    char *p = strchr(text, '\n');
    long k = 0;
    while (p && p[1]) {
        (*t)[k] = strtod(p + 1, &p);
        (*gid)[k++] = (int)strtol(p + 1, &p, 10);
        p = strchr(p, '\n');
    }
    free(text);
    return k;
}

/* r's spikes are NetPyNE's (path: spkt,spkid), more than `least` of them,
 * times within tol ms (0: the same bits). */
static void same_spikes(const struct crt_result *r, const char *path, long least, double tol)
{
    double *t;
    int *gid;
    long n = read_spikes(path, &t, &gid);
    cr_assert_gt(n, least);
    cr_assert_eq(r->nspikes, n, "%ld spikes, NetPyNE has %ld", r->nspikes, n);
    for (long i = 0; i < n; i++)
        cr_assert(fabs(r->spike_t[i] - t[i]) <= tol && r->spike_gid[i] == gid[i],
                  "spike %ld is (%.17g, %d), NetPyNE has (%.17g, %d)", i, r->spike_t[i],
                  r->spike_gid[i], t[i], gid[i]);
    free(t);
    free(gid);
}

struct seed_case {
    const char *experiment;
    int seed;
};
static const struct seed_case seed_cases[] = {
    {"control", 1}, {"control", 2}, {"pv_silencing", 1}, {"pv_silencing", 2},
    {"isn_push", 1}, {"isn_push", 2},
};

ParameterizedTestParameters(import, seed_matches_netpyne)
{
    static int index[] = {0, 1, 2, 3, 4, 5};
    return cr_make_param_array(int, index, sizeof index / sizeof *index);
}

ParameterizedTest(int *k, import, seed_matches_netpyne, .timeout = 120)
{
    const struct seed_case *c = &seed_cases[*k];
    char dir[] = "/tmp/circ-import-XXXXXX", args[512], path[512];
    cr_assert(mkdtemp(dir));
    snprintf(args, sizeof args, "tests/netpyne/json/netParams_%s.json "
             "tests/netpyne/json/simConfig_seed%d.json", c->experiment, c->seed);
    cr_assert_eq(import(dir, args), 0);
    snprintf(path, sizeof path, "%s/err.txt", dir);
    size_t errlen;
    char *err = slurp(path, &errlen);
    cr_assert(err && errlen == 0, "the seed converts with no warning, got:\n%s", err);
    free(err);

    struct engine e;
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    snprintf(path, sizeof path, "%s/model.circ", dir);
    cr_assert(engine_open(&e, path, &fo, &co), "%s", diag_text(e.front->diag));
    cr_assert_eq(diag_warnings(e.front->diag), 0, "%s", diag_text(e.front->diag));
    e.model->rng = CRT_RNG_NETPYNE;
    cr_assert_eq(e.model->seed, (uint32_t)c->seed);
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    snprintf(path, sizeof path, SRCDIR "/tests/netpyne/data/seed%d_%s.spikes.csv", c->seed,
             c->experiment);
    same_spikes(&r, path, 1000, 1e-9);
    crt_result_free(&r);
    engine_close(&e);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    cr_assert_eq(system(args), 0);
}

/* A model whose mechanisms come from .mod files (tests/netpyne/modcase,
 * made by its make_ref.py with nrnivmodl): `--mod` gives the folder, the
 * model imports the two files it uses and writes their parameters in their
 * units, and the run is NetPyNE's spike for spike, to the last bit. */
Test(import, mod_mechanisms_match_netpyne, .timeout = 120)
{
    char dir[] = "/tmp/circ-import-XXXXXX", path[512], cmd[600];
    cr_assert(mkdtemp(dir));
    cr_assert_eq(import(dir, "tests/netpyne/modcase/netParams.json "
                             "tests/netpyne/modcase/simConfig.json --mod \"$PWD/tests/neuron/mod\""),
                 0);
    snprintf(path, sizeof path, "%s/model.circ", dir);
    char *model = slurp(path, NULL);
    cr_assert(model && strstr(model, "/tests/neuron/mod/ka.mod\"    # ka, a density mechanism\n") &&
                  strstr(model, "/tests/neuron/mod/exp2s.mod\"    # Exp2S, a point process\n") &&
                  strstr(model, "insert ka { gbar = 0.004 S/cm2 }") &&
                  strstr(model, "synapse exc = Exp2S { e = 0 mV; gscale = 1.2; tau1 = 0.2 ms; "
                                "tau2 = 3 ms }") && !strstr(model, "not converted"),
              "%s", model);
    free(model);
    struct engine e;
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    cr_assert(engine_open(&e, path, &fo, &co), "%s", diag_text(e.front->diag));
    e.model->rng = CRT_RNG_NETPYNE;
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    same_spikes(&r, SRCDIR "/tests/netpyne/modcase/spikes.csv", 100, 0);
    crt_result_free(&r);
    engine_close(&e);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Without --mod, a mechanism of a .mod file is named and left out. */
Test(import, mod_mechanism_without_its_folder_is_named, .timeout = 60)
{
    char dir[] = "/tmp/circ-import-XXXXXX", path[512], cmd[600];
    cr_assert(mkdtemp(dir));
    cr_assert_eq(import(dir, "tests/netpyne/modcase/netParams.json"), 0);
    snprintf(path, sizeof path, "%s/err.txt", dir);
    char *err = slurp(path, NULL);
    cr_assert(err && strstr(err, "cellParams.PYR.secs.soma.mechs.ka: not converted: a mechanism "
                                 "circ's library does not have (give the folder of its .mod file "
                                 "with --mod DIR)") &&
                  strstr(err, "synMechParams.exc: not converted"), "%s", err);
    free(err);
    cr_assert_neq(import(dir, "tests/netpyne/modcase/netParams.json --mod /nonexistent"), 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* What circ cannot express is kept out with a comment and a warning; the
 * rest converts, and the model checks clean (golden text and messages). */
Test(import, unsupported_entries_are_named, .timeout = 60)
{
    char dir[] = "/tmp/circ-import-XXXXXX", path[512], cmd[1024];
    cr_assert(mkdtemp(dir));
    cr_assert_eq(import(dir, "tests/netpyne/import/features.json "
                             "tests/netpyne/import/features_cfg.json"), 0);
    static const char *const files[][2] = {{"model.circ", "features.circ"},
                                           {"err.txt", "features.err"}};
    for (int i = 0; i < 2; i++) {
        char want[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
        snprintf(want, sizeof want, SRCDIR "/tests/netpyne/import/%s", files[i][1]);
        char *got = slurp(path, NULL), *exp = slurp(want, NULL);
        cr_assert(got && exp, "cannot read %s or %s", path, want);
        cr_expect_str_eq(got, exp, "%s differs from %s (tests/netpyne/import/regen.sh)", path, want);
        free(got);
        free(exp);
    }
    snprintf(cmd, sizeof cmd, "'%s' check '%s/model.circ' 2> /dev/null", circ(), dir);
    cr_assert_eq(system(cmd), 0, "the converted model does not check clean");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(import, bad_input_fails_with_a_message, .timeout = 60)
{
    char dir[] = "/tmp/circ-import-XXXXXX", path[512], cmd[1024];
    cr_assert(mkdtemp(dir));
    static const struct {
        const char *args;
        int status;
        const char *says;
    } cases[] = {
        {"no/such/file.json", 2, "cannot read it as JSON"},
        {"tests/netpyne/README.md", 2, "cannot read it as JSON"},
        {"tests/netpyne/json/simConfig_seed1.json", 1, "not a NetPyNE netParams file"},
        {"tests/netpyne/json/netParams_control.json no/such/simConfig.json", 2, "cannot read"},
        {"", 2, "usage: circ import netpyne"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        cr_assert_eq(import(dir, cases[k].args), cases[k].status, "%s", cases[k].args);
        snprintf(path, sizeof path, "%s/err.txt", dir);
        char *err = slurp(path, NULL);
        cr_assert(err && strstr(err, cases[k].says), "'%s' says:\n%s", cases[k].args, err);
        free(err);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
