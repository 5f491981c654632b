/* test_aot.c - `circ build` binaries write byte-identical outputs to the JIT
 * (`circ run`), and the seed example runs in both. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

static void same_file(const char *a, const char *b)
{
    cr_assert(same_bytes(a, b), "%s and %s differ (or one is missing)", a, b);
}

/* `model` built as a program and run by circ run in one mode: the same
 * spikes.csv and traces.csv of each experiment listed (NULL-terminated). */
static void jit_vs_program_in(const char *model, bool exact, const char *const *experiments)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX";
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = exact, .opt_level = 2};
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
    static const char *const files[] = {"spikes.csv", "traces.csv"};
    for (int x = 0; experiments[x]; x++)
        for (int i = 0; i < 2; i++) {
            snprintf(a, sizeof a, "%s/%s/%s", out_jit, experiments[x], files[i]);
            snprintf(b, sizeof b, "%s/%s/%s", out_aot, experiments[x], files[i]);
            same_file(a, b);
        }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

static void jit_vs_program(const char *model, bool exact)
{
    static const char *const only[] = {"default", NULL};
    jit_vs_program_in(model, exact, only);
}

Test(aot, identical_to_jit, .timeout = 120)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/mini_net.circ", true);
}

/* Imported .mod files: a program carries them with its sources (its --set
 * lowers the model again) and computes what the JIT does, in both modes. */
Test(aot, nmodl_imports_identical_to_jit, .timeout = 240)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_ih_dend.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_exp2s_net.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_karr.circ", true);     /* arrays unrolled */
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_ions_pp_cai.circ", true);  /* a point process reads cai */
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_ions_pp_cai.circ", false);
}

/* LINEAR and NONLINEAR blocks (simeq's and newton's pivots kept at run
 * time; solved in a procedure and a function too): a program computes
 * what the JIT does, in both modes. */
Test(aot, linear_nonlinear_identical_to_jit, .timeout = 240)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_linear.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_nonlinear.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_linear_update.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_solve_in_procedure.circ", true);
}

/* A program evaluates its point processes' watches (circ_watch_<M>, an
 * entry point of its own) as the JIT does, in both modes; so do NEURON's
 * WATCH cases (tests/neuron: the JIT matches NEURON). */
Test(aot, watches_identical_to_jit, .timeout = 300)
{
    jit_vs_program(SRCDIR "/tests/runtime/cases/watch_net.circ", true);
    jit_vs_program(SRCDIR "/tests/runtime/cases/watch_net.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_rearmwatch.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_ahpwatch.circ", false);
}

/* A program knows which cells' spikes come from a point process (the
 * serialized cell type's spike_mech): the same spikes as the JIT's. */
Test(aot, point_process_spike_sources_identical_to_jit, .timeout = 300)
{
    jit_vs_program(SRCDIR "/tests/runtime/cases/spikes_from_net.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/ppev_net.circ", false);
}

/* A program runs receive's initial block (circ_net_init_<M>) and keeps each
 * connection's state as the JIT does; so does NEURON's NET_RECEIVE case. */
Test(aot, connection_state_identical_to_jit, .timeout = 300)
{
    jit_vs_program(SRCDIR "/tests/runtime/cases/netargs_net.circ", true);
    jit_vs_program(SRCDIR "/tests/runtime/cases/netargs_net.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_tmcount.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_argself_net.circ", false);
}

/* `for each connection`: a program fills and reads the sets' connection
 * lists as the JIT does (NEURON's FOR_NETCONS case, and circ's own). */
Test(aot, connection_lists_identical_to_jit, .timeout = 300)
{
    jit_vs_program(SRCDIR "/tests/runtime/cases/for_conns_net.circ", false);
    jit_vs_program(SRCDIR "/tests/neuron/cases/nmodl_stdp_net.circ", true);
}

/* The default mode too: the JIT keeps parameters run-time values as a
 * program does, so the backend's freedoms round both alike. */
Test(aot, identical_to_jit_default_mode, .timeout = 120)
{
    jit_vs_program(SRCDIR "/tests/runtime/cases/program_default_mode.circ", false);
}

/* A cell read from an SWC file: the program carries the file among its
 * sources and computes the same geometry (tests/neuron: NEURON's). */
Test(aot, morphology_identical_to_jit, .timeout = 180)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/morph_pyr_dlambda.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/morph_onepoint.circ", false);
}

/* Point neurons: populations of artificial cells, in both modes. */
Test(aot, point_neurons_identical_to_jit, .timeout = 180)
{
    static const char *const both[] = {"control", "slow_membranes", NULL};
    jit_vs_program_in(SRCDIR "/tests/runtime/cases/point_neurons.circ", true, both);
    jit_vs_program_in(SRCDIR "/tests/runtime/cases/point_neurons.circ", false, both);
}

/* IntFire2 and IntFire4, whose inputs move their events (crt_move). */
Test(aot, moving_point_neurons_identical_to_jit, .timeout = 180)
{
    static const char *const both[] = {"control", "slow_membranes", NULL};
    jit_vs_program_in(SRCDIR "/tests/runtime/cases/point_neurons_move.circ", true, both);
}

/* Izhi2007b, whose receive writes its node's v back (cg_set.c). */
Test(aot, izhikevich_point_neurons_identical_to_jit, .timeout = 180)
{
    static const char *const both[] = {"control", "fast_recovery", NULL};
    jit_vs_program_in(SRCDIR "/tests/runtime/cases/izhi_net.circ", true, both);
    jit_vs_program_in(SRCDIR "/tests/runtime/cases/izhi_net.circ", false, both);
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

/* ---- the program's own --set and --exact ---------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* `circ run` through the engine: overrides (or NULL), exact or not, into out. */
static void run_jit(const char *model, const char *overrides, bool exact, const char *out)
{
    struct front_options fo = {.stop_after = PASS_ALL, .overrides = overrides};
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    struct crt_run_options o = {.outdir = out, .seed = -1};
    cr_assert_eq(crt_main(e.model, &o), 0);
    engine_close(&e);
}

static void same_outputs(const char *dir_a, const char *dir_b, const char *experiment)
{
    char a[512], b[512];
    static const char *const files[] = {"spikes.csv", "traces.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(a, sizeof a, "%s/%s/%s", dir_a, experiment, files[i]);
        snprintf(b, sizeof b, "%s/%s/%s", dir_b, experiment, files[i]);
        same_file(a, b);
    }
}

/* A model split over two files, built into a program; the files are then
 * deleted, so the program can only use the sources it carries. */
static void build_two_file_model(const char *tmp, char *exe, size_t size)
{
    char lib[300], model[300];
    snprintf(lib, sizeof lib, "%s/cells.circ", tmp);
    snprintf(model, sizeof model, "%s/model.circ", tmp);
    write_file(lib,
               "cell HH1 {\n"
               "    section soma {\n"
               "        L = 18.8 um; diam = 18.8 um; Ra = 123 ohm*cm; cm = 1 uF/cm2\n"
               "        insert hh { gnabar = 0.12 S/cm2; gkbar = 0.036 S/cm2; gl = 0.0003 S/cm2; el = -54.3 mV }\n"
               "    }\n"
               "    threshold = 10 mV\n"
               "    spike_at = soma(0.5)\n"
               "}\n");
    write_file(model,
               "import \"cells.circ\"\n"
               "population p of HH1 { count = 3 }\n"
               "synapse ampa = ExpSyn { tau = 2 ms; e = 0 mV }\n"
               "stimulus drive = NetStim { rate = 60 Hz; number = 100; start = 5 ms; noise = 0.5 }\n"
               "    -> p at soma(0.5) via ampa { weight = 0.01 uS; delay = 1 ms }\n"
               "simulation {\n"
               "    duration = 100 ms; dt = 0.025 ms; temperature = 6.3 degC; v_init = -65 mV; seed = 3\n"
               "    record v of p at soma(0.5)\n"
               "    record spikes\n"
               "}\n");
    snprintf(exe, size, "%s/prog", tmp);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_build(&e, model, exe, &fo, &co), "%s", diag_text(e.front->diag));
    engine_close(&e);
}

/* The program's --set and --exact give `circ run`'s outputs byte for byte,
 * from the sources it carries (the model files are gone by then). */
Test(aot, set_and_exact_match_jit, .timeout = 180)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], model[300], cmd[2048], jit[300], aot[300];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(model, sizeof model, "%s/model.circ", tmp);
    static const struct {
        const char *args, *overrides;
        bool exact;
    } cases[] = {
        {"", NULL, false},
        {"--exact", NULL, true},
        {"--set drive.rate=90Hz", "set drive.rate = 90Hz\n", false},
        {"--set hh.gl=0.0005S/cm2 --exact", "set hh.gl = 0.0005S/cm2\n", true},
        {"--set hh.gkbar=0.03S/cm2 --set drive.weight=0.02uS",
         "set hh.gkbar = 0.03S/cm2\nset drive.weight = 0.02uS\n", false},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(jit, sizeof jit, "%s/jit%zu", tmp, k);
        snprintf(aot, sizeof aot, "%s/aot%zu", tmp, k);
        run_jit(model, cases[k].overrides, cases[k].exact, jit);
    }
    /* the program alone from here on */
    snprintf(cmd, sizeof cmd, "rm '%s/model.circ' '%s/cells.circ'", tmp, tmp);
    cr_assert_eq(system(cmd), 0);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(jit, sizeof jit, "%s/jit%zu", tmp, k);
        snprintf(aot, sizeof aot, "%s/aot%zu", tmp, k);
        snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null", exe, cases[k].args, aot);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        same_outputs(jit, aot, "default");
    }
    /* the exact and default arithmetics really differ (else the above proves little) */
    char a[400], b[400];
    snprintf(a, sizeof a, "%s/aot0/default/traces.csv", tmp);
    snprintf(b, sizeof b, "%s/aot1/default/traces.csv", tmp);
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    cr_assert(x && y && (la != lb || memcmp(x, y, la) != 0), "--exact changed nothing");
    free(x);
    free(y);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Wrong --set values get the front end's located messages and exit 1; a
 * global the build folded asks for a rebuild; nothing is written. */
Test(aot, set_errors, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], cmd[2048], errp[300], out[300];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    static const struct {
        const char *args, *message;
        int status;
    } cases[] = {
        {"--set drive.rate=90mV",
         "--set:1:18: error: expected a frequency (Hz) for 'rate' of 'NetStim', got a voltage (mV)", 1},
        {"--set drive.rat=90Hz", "--set:1:5: error: 'NetStim' has no parameter 'rat'; did you mean 'rate'?", 1},
        {"--set hh.usetable=0", "needs new code; rebuild the program with `circ build --set", 1},
        {"--set =3", "--set needs PATH=VALUE", 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null 2> '%s'", exe, cases[k].args, out,
                 errp);
        int st = system(cmd);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == cases[k].status, "%s: status %d", cmd, st);
        size_t n;
        char *text = slurp(errp, &n);
        cr_assert(text && strstr(text, cases[k].message), "%s: %s", cases[k].args, text);
        free(text);
        cr_assert(access(out, F_OK) != 0, "%s wrote outputs", cases[k].args);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Values outside a parameter's declared range (ExpSyn's `tau > 0 ms`,
 * NetStim's `rate > 0 Hz`) and a zero diameter are refused, with the
 * front end's located message and exit 1, by `circ run --set` and by a
 * program's --set alike; nothing is written. */
Test(set, out_of_range_values_refused, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], model[300], cmd[2048], errp[300], out[300];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(model, sizeof model, "%s/model.circ", tmp);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    const char *circ = getenv("CIRC");
    cr_assert(circ, "CIRC is not set (run under make check)");
    static const struct {
        const char *args, *message;
    } cases[] = {
        {"--set ampa.tau=-1ms", "--set:1:16: error: 'tau' of 'ExpSyn' must be > 0 ms, got -1 ms"},
        {"--set ampa.tau=0ms", "--set:1:16: error: 'tau' of 'ExpSyn' must be > 0 ms, got 0 ms"},
        {"--set drive.rate=0Hz", "--set:1:18: error: 'rate' of 'NetStim' must be > 0 Hz, got 0 Hz"},
        {"--set drive.number=-1", "--set:1:20: error: 'number' of 'NetStim' must be >= 0, got -1"},
        {"--set HH1.soma.diam=0um", "--set:1:21: error: 'diam' must be positive, got 0 um"},
    };
    for (int prog = 0; prog < 2; prog++)
        for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
            if (prog)
                snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null 2> '%s'", exe,
                         cases[k].args, out, errp);
            else
                snprintf(cmd, sizeof cmd, "'%s' run '%s' %s -o '%s' > /dev/null 2> '%s'", circ,
                         model, cases[k].args, out, errp);
            int st = system(cmd);
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "%s: status %d", cmd, st);
            size_t n;
            char *text = slurp(errp, &n);
            cr_assert(text && strstr(text, cases[k].message), "%s: %s", cmd, text);
            free(text);
            cr_assert(access(out, F_OK) != 0, "%s wrote outputs", cmd);
        }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A copy of the program `exe` as `copy`, with the first k bytes `from` after
 * `anchor` (na bytes, which must occur once) replaced by `to`. */
static void patched_copy_after(const char *exe, const char *copy, const void *anchor, size_t na,
                               const void *from, const void *to, size_t k)
{
    size_t n;
    char *bytes = slurp(exe, &n);
    cr_assert(bytes);
    char *start = memmem(bytes, n, anchor, na);
    cr_assert(start, "the anchor is not in %s", exe);
    cr_assert_null(memmem(start + 1, n - (size_t)(start + 1 - bytes), anchor, na),
                   "the anchor is twice in %s", exe);
    char *at = memmem(start, n - (size_t)(start - bytes), from, k);
    cr_assert(at, "the bytes to patch are not in %s", exe);
    memcpy(at, to, k);
    FILE *f = fopen(copy, "wb");
    cr_assert(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    cr_assert_eq(chmod(copy, 0755), 0);
    free(bytes);
}

/* A copy of the program `exe` as `copy`, with the byte `offset` bytes from
 * `anchor` (na bytes, which must occur once) xor'ed with `bits`. */
static void flipped_copy(const char *exe, const char *copy, const void *anchor, size_t na,
                         long offset, unsigned char bits)
{
    size_t n;
    unsigned char *bytes = (unsigned char *)slurp(exe, &n);
    cr_assert(bytes);
    unsigned char *at = memmem(bytes, n, anchor, na);
    cr_assert(at, "the anchor is not in %s", exe);
    cr_assert_null(memmem(at + 1, n - (size_t)(at + 1 - bytes), anchor, na),
                   "the anchor is twice in %s", exe);
    cr_assert(at + offset >= bytes && at + offset < bytes + n);
    at[offset] ^= bits;
    FILE *f = fopen(copy, "wb");
    cr_assert(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    cr_assert_eq(chmod(copy, 0755), 0);
    free(bytes);
}

/* The same with the text `from` (which must occur once) replaced by `to`. */
static void patched_copy(const char *exe, const char *copy, const char *from, const char *to)
{
    cr_assert_eq(strlen(to), strlen(from));
    patched_copy_after(exe, copy, from, strlen(from), from, to, strlen(from));
}

/* Runs `prog ARGS -o out`; its exit status, its stderr in *err (malloc'd). */
static int run_program(const char *prog, const char *args, const char *out, const char *errp,
                       char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null 2> '%s'", prog, args, out, errp);
    int st = system(cmd);
    cr_assert(WIFEXITED(st), "%s: status %d", cmd, st);
    *err = slurp(errp, NULL);
    cr_assert(*err);
    return WEXITSTATUS(st);
}

/* A program's messages, its runtime's too, start with its name (argv[0]'s
 * last component), never "circ:", whichever way it is called. */
Test(aot, messages_name_the_program, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], errp[300], out[300], cmd[600];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/a-file", tmp);
    write_file(out, "not a directory\n");
    static const struct {
        const char *args, *message;
    } cases[] = {
        {"-e nope", "prog: the model has no experiment 'nope'\n"},
        {"--threads 0", "prog: --threads needs a number from 1 to 256\n"},
        {"", "prog: 'OUT' exists and is not a directory\n"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *err;
        cr_assert_eq(run_program(exe, cases[k].args, out, errp, &err), 2, "%s", err);
        char want[1200], *at;
        snprintf(want, sizeof want, "%s", cases[k].message);
        while ((at = strstr(want, "OUT"))) {     /* the resolved -o path */
            char rest[1200];
            snprintf(rest, sizeof rest, "%s", at + 3);
            snprintf(at, sizeof want - (size_t)(at - want), "%s%s", out, rest);
        }
        cr_assert_str_eq(err, want, "%s", cases[k].args);
        free(err);
    }
    /* called through PATH: the same name */
    snprintf(cmd, sizeof cmd, "cd '%s' && PATH='%s' prog -e nope -o x > /dev/null 2> err.txt",
             tmp, tmp);
    cr_assert_eq(WEXITSTATUS(system(cmd)), 2);
    char *err = slurp(errp, NULL);
    cr_assert(err);
    cr_assert_str_eq(err, "prog: the model has no experiment 'nope'\n");
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A program whose embedded sources were edited after `circ build` (here:
 * 3 cells made 4 in the model, a threshold changed in its import) refuses
 * to run, with or without --set, instead of lowering the edited sources
 * under the old source_sha256; it writes nothing and exits 2. */
Test(aot, edited_sources_are_refused, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], copy[300], errp[300], out[300], cmd[400];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(copy, sizeof copy, "%s/edited", tmp);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *err;
    /* the program as built runs, with and without --set */
    cr_assert_eq(run_program(exe, "", out, errp, &err), 0, "%s", err);
    free(err);
    cr_assert_eq(run_program(exe, "--set drive.rate=90Hz", out, errp, &err), 0, "%s", err);
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    cr_assert_eq(system(cmd), 0);
    static const char *const edits[][2] = {
        {"population p of HH1 { count = 3 }", "population p of HH1 { count = 4 }"},
        {"threshold = 10 mV", "threshold = 30 mV"},
    };
    static const char *const args[] = {"", "--set drive.rate=90Hz", "--exact"};
    char want[600];
    snprintf(want, sizeof want, "%s: the embedded sources do not match their recorded SHA-256 "
             "(the program was changed after `circ build`); rebuild the program with `circ "
             "build`\n", "edited");
    for (size_t e = 0; e < sizeof edits / sizeof *edits; e++)
        for (size_t a = 0; a < sizeof args / sizeof *args; a++) {
            patched_copy(exe, copy, edits[e][0], edits[e][1]);
            cr_assert_eq(run_program(copy, args[a], out, errp, &err), 2, "%s", err);
            cr_assert_str_eq(err, want);
            free(err);
            cr_assert(access(out, F_OK) != 0, "'%s' wrote outputs", args[a]);
        }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A number changed in a program's embedded model (here its duration, 100 ms
 * made 200 ms) is refused by the program's checksum instead of simulated
 * under the old provenance; so are the build's flags in its sources, which
 * the sources' SHA-256 does not cover; parts that no longer decode, and
 * sizes that do not add up, are named. */
Test(aot, edited_model_is_refused, .timeout = 120)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], copy[300], errp[300], out[300], cmd[400];
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(copy, sizeof copy, "%s/edited", tmp);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    /* the serialized model starts with its magic and its name ("model") */
    static const char model_start[] = "CIRCMDLA\5\0\0\0\0\0\0\0model";
    double from = 100, to = 200;        /* tstop, the first double of this value */
    char want[600], *err;
    snprintf(want, sizeof want, "%s: the embedded model or sources do not match their checksum "
             "(the program was changed after `circ build`); rebuild the program with `circ "
             "build`\n", "edited");
    patched_copy_after(exe, copy, model_start, sizeof model_start - 1, &from, &to, sizeof from);
    static const char *const args[] = {"", "--set drive.rate=90Hz"};
    for (size_t a = 0; a < sizeof args / sizeof *args; a++) {
        cr_assert_eq(run_program(copy, args[a], out, errp, &err), 2, "%s", err);
        cr_assert_str_eq(err, want);
        free(err);
        cr_assert(access(out, F_OK) != 0, "'%s' wrote outputs", args[a]);
    }
    /* the sources' flags (no stdlib, -W error, globals folded): -W error set */
    static const char sources_start[] = "\16\0\0\0\0\0\0\0circ-sources-3";  /* its length first */
    patched_copy_after(exe, copy, sources_start, sizeof sources_start - 1,
                       "\3\0\0\0\0\0\0\0" "00", "\3\0\0\0\0\0\0\0" "01", 10);
    cr_assert_eq(run_program(copy, "", out, errp, &err), 2, "%s", err);
    cr_assert_str_eq(err, want);
    free(err);
    /* parts that no longer decode: the model's magic, the number of files */
    static const char model_magic[] = "CIRCMDLA\5\0\0\0\0\0\0\0";
    patched_copy_after(exe, copy, model_start, sizeof model_start - 1, model_magic,
                       "CIRCMDL9\5\0\0\0\0\0\0\0", sizeof model_magic - 1);
    cr_assert_eq(run_program(copy, "", out, errp, &err), 2, "%s", err);
    snprintf(want, sizeof want, "%s: the embedded model is damaged; rebuild the program with "
             "`circ build`\n", "edited");
    cr_assert_str_eq(err, want);
    free(err);
    static const char nfiles[] = "\1\0\0\0\0\0\0\0" "2";   /* after the main path */
    patched_copy_after(exe, copy, sources_start, sizeof sources_start - 1, nfiles,
                       "\1\0\0\0\0\0\0\0" "3", sizeof nfiles - 1);
    cr_assert_eq(run_program(copy, "", out, errp, &err), 2, "%s", err);
    snprintf(want, sizeof want, "%s: the embedded sources are damaged; rebuild the program with "
             "`circ build`\n", "edited");
    cr_assert_str_eq(err, want);
    free(err);
    /* the container's own sizes: the model's, just before the model */
    flipped_copy(exe, copy, model_start, sizeof model_start - 1, -16, 0x01);
    cr_assert_eq(run_program(copy, "", out, errp, &err), 2, "%s", err);
    snprintf(want, sizeof want, "%s: the embedded model and sources are damaged; rebuild the "
             "program with `circ build`\n", "edited");
    cr_assert_str_eq(err, want);
    free(err);
    cr_assert(access(out, F_OK) != 0, "a damaged program wrote outputs");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A program and `circ run` exit alike on the same failures, with the codes
 * README's "Exit status" gives: 1 for the model (a wrong --set, a failed
 * expect), 2 for usage and I/O (options, an output path that cannot be
 * used; for a program, also its own damage, as an unreadable model file is
 * for `circ run`). */
Test(aot, exit_status_as_circ_run, .timeout = 180)
{
    char tmp[] = "/tmp/circ-aot-XXXXXX", exe[300], model[300], expects[300], exe2[300];
    char errp[300], cmd[2048], in_the_way[300];     /* a file where -o wants a directory */
    const char *circ = getenv("CIRC") ? getenv("CIRC") : BUILDDIR "/circ";
    cr_assert(mkdtemp(tmp));
    build_two_file_model(tmp, exe, sizeof exe);
    snprintf(model, sizeof model, "%s/model.circ", tmp);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(in_the_way, sizeof in_the_way, "%s/a-file", tmp);
    write_file(in_the_way, "not a directory\n");
    /* the same model with an expectation that fails */
    snprintf(expects, sizeof expects, "%s/expects.circ", tmp);
    char *text = slurp(model, NULL);
    cr_assert(text);
    FILE *f = fopen(expects, "w");
    fprintf(f, "%swindow whole = [0 ms, 100 ms)\nmeasure r = rate(p, whole)\n"
            "expect r > 10000 Hz\n", text);
    fclose(f);
    free(text);
    snprintf(exe2, sizeof exe2, "%s/prog-expects", tmp);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_build(&e, expects, exe2, &fo, &co), "%s", diag_text(e.front->diag));
    engine_close(&e);
    static const struct {
        bool expects;           /* the model with the failing expect */
        const char *args, *out; /* out: NULL for a fresh directory, else absolute or in tmp */
        int status;
    } cases[] = {
        {false, "", NULL, 0},
        {true, "", NULL, 1},
        {false, "--set drive.rate=90mV", NULL, 1},
        {false, "--set drive.rat=90Hz", NULL, 1},
        {false, "--set =3", NULL, 2},
        {false, "--no-such-option", NULL, 2},
        {false, "-e no_such_experiment", NULL, 2},
        {false, "--threads 0", NULL, 2},
        {false, "--seed x", NULL, 2},
        {false, "", "/dev/null/x", 2},
        {false, "", "a-file", 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char out[400];
        if (!cases[k].out)
            snprintf(out, sizeof out, "%s/out%zu", tmp, k);
        else if (cases[k].out[0] == '/')
            snprintf(out, sizeof out, "%s", cases[k].out);
        else
            snprintf(out, sizeof out, "%s/%s", tmp, cases[k].out);
        const char *prog = cases[k].expects ? exe2 : exe;
        const char *src = cases[k].expects ? expects : model;
        int st[2];
        for (int which = 0; which < 2; which++) {
            if (which == 0)
                snprintf(cmd, sizeof cmd, "'%s' run '%s' %s -o '%s' > /dev/null 2> '%s'", circ,
                         src, cases[k].args, out, errp);
            else
                snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null 2> '%s'", prog,
                         cases[k].args, out, errp);
            int r = system(cmd);
            cr_assert(WIFEXITED(r), "%s: status %d", cmd, r);
            st[which] = WEXITSTATUS(r);
        }
        cr_assert(st[0] == cases[k].status && st[1] == cases[k].status,
                  "case %zu ('%s'): circ run exits %d, the program %d, README says %d", k,
                  cases[k].args, st[0], st[1], cases[k].status);
    }
    /* damage: an unreadable model for `circ run`, an edited program */
    snprintf(cmd, sizeof cmd, "'%s' run '%s/gone.circ' -o '%s/o' 2> /dev/null", circ,
             tmp, tmp);
    int r = system(cmd);
    cr_assert(WIFEXITED(r) && WEXITSTATUS(r) == 2, "circ run of a missing file: %d", r);
    char copy[400];
    snprintf(copy, sizeof copy, "%s/edited", tmp);
    patched_copy(exe, copy, "count = 3", "count = 5");
    snprintf(cmd, sizeof cmd, "'%s' -o '%s/o' 2> /dev/null", copy, tmp);
    r = system(cmd);
    cr_assert(WIFEXITED(r) && WEXITSTATUS(r) == 2, "an edited program: %d", r);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A population given by density gets NetPyNE's count: int(density * volume)
 * with the volume in mm^3, scaled by the normalized ranges. */
Test(placement, population_by_density, .timeout = 120)
{
    char tmp[] = "/tmp/circ-density-XXXXXX", path[300];
    cr_assert(mkdtemp(tmp));
    snprintf(path, sizeof path, "%s/m.circ", tmp);
    static const char *const model =
        "cell C { section soma { L = 10 um; diam = 10 um; insert pas { } } }\n"
        "network { size_x = 500 um; size_y = 1000 um; size_z = 500 um }\n"
        "population a of C { density = 400 mm^-3; ynorm = 0.2 .. 0.6 }\n"
        "population b of C { density = 2.5e-7 um^-3; x = 100 um .. 350 um }\n"
        "population c of C { count = 3 }\n"
        "simulation { duration = 1 ms; dt = 0.025 ms; record spikes }\n";
    write_file(path, model);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, path, &fo, &co), "%s", diag_text(e.front->diag));
    /* NetPyNE: 400 * (1000 / 1e3 * 500 / 1e3 * 500 / 1e3 * (0.6 - 0.2)) */
    double va = 1000 / 1e3 * 500 / 1e3 * 500 / 1e3 * (0.6 - 0.2);
    double vb = 1000 / 1e3 * 500 / 1e3 * 500 / 1e3 * (350.0 / 500 - 100.0 / 500);
    cr_assert_eq(e.model->pops[0].count, (int)(400 * va));
    cr_assert_eq(e.model->pops[1].count, (int)(250 * vb));
    cr_assert_eq(e.model->pops[2].first_gid, e.model->pops[0].count + e.model->pops[1].count);
    cr_assert_eq(e.model->ncells, e.model->pops[0].count + e.model->pops[1].count + 3);
    engine_close(&e);
    /* too sparse for one cell: an error at the density */
    write_file(path, "cell C { section soma { L = 10 um; diam = 10 um; insert pas { } } }\n"
                     "network { size_x = 100 um; size_y = 100 um; size_z = 100 um }\n"
                     "population a of C { density = 100 mm^-3 }\n"
                     "simulation { duration = 1 ms; dt = 0.025 ms; record spikes }\n");
    cr_assert_not(engine_open(&e, path, &fo, &co));
    cr_assert(strstr(diag_text(e.front->diag), "m.circ:3:21: error: population 'a' would have 0 "
                     "cells: a density of 100 mm^-3 in 0.001 mm^3"), "%s", diag_text(e.front->diag));
    engine_close(&e);
    snprintf(path, sizeof path, "rm -rf '%s'", tmp);
    cr_assert_eq(system(path), 0);
}

/* `set SYN.param` (base protocol, --set or one experiment) runs as if the
 * synapse had been declared so, in that run only. */
Test(set, synapse_parameters, .timeout = 120)
{
    char tmp[] = "/tmp/circ-synset-XXXXXX", declared[300], with_exps[300];
    cr_assert(mkdtemp(tmp));
    snprintf(declared, sizeof declared, "%s/declared.circ", tmp);
    snprintf(with_exps, sizeof with_exps, "%s/experiments.circ", tmp);
    char *text = slurp(SRCDIR "/tests/neuron/cases/exp2syn_regular.circ", NULL);
    cr_assert(text);
    static const char decl[] = "tau2 = 5 ms";
    char *at = strstr(text, decl);
    cr_assert(at);
    FILE *f = fopen(declared, "w");
    fprintf(f, "%.*s%s%s", (int)(at - text), text, "tau2 = 2 ms", at + strlen(decl));
    fclose(f);
    f = fopen(with_exps, "w");
    fprintf(f, "%s\nexperiment as_declared { }\nexperiment faster { set exc.tau2 = 2 ms }\n", text);
    fclose(f);
    free(text);

    struct cg_options co = {.exact = true, .opt_level = 2};
    struct front_options plain = {.stop_after = PASS_ALL};
    struct front_options over = {.stop_after = PASS_ALL, .overrides = "set exc.tau2 = 2 ms\n"};
    struct engine a, b, c;
    cr_assert(engine_open(&a, declared, &plain, &co), "%s", diag_text(a.front->diag));
    cr_assert(engine_open(&b, SRCDIR "/tests/neuron/cases/exp2syn_regular.circ", &over, &co),
              "%s", diag_text(b.front->diag));
    cr_assert(engine_open(&c, with_exps, &plain, &co), "%s", diag_text(c.front->diag));
    struct crt_result ra, rb, rc0, rc1, rd;
    cr_assert(crt_run(a.model, 0, &ra));
    cr_assert(crt_run(b.model, 0, &rb));
    cr_assert(crt_run(c.model, 0, &rc0));
    cr_assert(crt_run(c.model, 1, &rc1));
    struct engine d;
    cr_assert(engine_open(&d, SRCDIR "/tests/neuron/cases/exp2syn_regular.circ", &plain, &co));
    cr_assert(crt_run(d.model, 0, &rd));
    const struct crt_result *same_as_declared[2] = {&rb, &rc1};
    for (int k = 0; k < 2; k++) {
        const struct crt_result *x = same_as_declared[k];
        cr_assert(memcmp(x->trace[0], ra.trace[0], (size_t)ra.ntimes * sizeof(double)) == 0,
                  "case %d differs from the declaration", k);
    }
    cr_assert(memcmp(rc0.trace[0], rd.trace[0], (size_t)rd.ntimes * sizeof(double)) == 0,
              "the other experiment changed");
    cr_assert(memcmp(rd.trace[0], ra.trace[0], (size_t)ra.ntimes * sizeof(double)) != 0,
              "tau2 changed nothing");
    struct crt_result *all[] = {&ra, &rb, &rc0, &rc1, &rd};
    for (int k = 0; k < 5; k++)
        crt_result_free(all[k]);
    engine_close(&a);
    engine_close(&b);
    engine_close(&c);
    engine_close(&d);
    snprintf(declared, sizeof declared, "rm -rf '%s'", tmp);
    cr_assert_eq(system(declared), 0);
}

/* `set CELL.SECTION.PROP` / `CELL.SECTION.MECH.PARAM` in the protocol or with
 * --set compiles the cell type as if declared so; inside one experiment it
 * is an error; a program asks to be rebuilt for it (and keeps what it was
 * built with). */
Test(set, cell_geometry_and_mechanisms, .timeout = 180)
{
    char tmp[] = "/tmp/circ-cellset-XXXXXX", declared[300], in_exp[300], exe[300], cmd[1200];
    cr_assert(mkdtemp(tmp));
    snprintf(declared, sizeof declared, "%s/declared.circ", tmp);
    snprintf(in_exp, sizeof in_exp, "%s/in_experiment.circ", tmp);
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    const char *model = SRCDIR "/tests/neuron/cases/pyr2.circ";
    char *text = slurp(model, NULL);
    cr_assert(text);
    static const char l_old[] = "L = 18.8 um";
    char *at = strstr(text, l_old);
    cr_assert(at, "pyr2.circ has no soma L of 18.8 um");
    FILE *f = fopen(declared, "w");
    fprintf(f, "%.*sL = 25 um%s", (int)(at - text), text, at + strlen(l_old));
    fclose(f);
    f = fopen(in_exp, "w");
    fprintf(f, "%s\nexperiment longer { set PYR.soma.L = 25 um }\n", text);
    fclose(f);
    free(text);

    struct cg_options co = {.exact = true, .opt_level = 2};
    struct front_options plain = {.stop_after = PASS_ALL};
    struct front_options over = {.stop_after = PASS_ALL, .overrides = "set PYR.soma.L = 25 um\n"};
    struct engine a, b;
    cr_assert(engine_open(&a, declared, &plain, &co), "%s", diag_text(a.front->diag));
    cr_assert(engine_open(&b, model, &over, &co), "%s", diag_text(b.front->diag));
    struct crt_result ra, rb;
    cr_assert(crt_run(a.model, 0, &ra));
    cr_assert(crt_run(b.model, 0, &rb));
    cr_assert(memcmp(ra.trace[0], rb.trace[0], (size_t)ra.ntimes * sizeof(double)) == 0);
    crt_result_free(&ra);
    crt_result_free(&rb);
    engine_close(&a);
    engine_close(&b);

    cr_assert_not(engine_open(&a, in_exp, &plain, &co));
    cr_assert(strstr(diag_text(a.front->diag), "error: a cell type is compiled with its geometry"),
              "%s", diag_text(a.front->diag));
    engine_close(&a);

    cr_assert(engine_build(&a, model, exe, &plain, &co), "%s", diag_text(a.front->diag));
    engine_close(&a);
    snprintf(cmd, sizeof cmd, "'%s' --set PYR.soma.L=25um -o '%s/o' > /dev/null 2> '%s/err'", exe,
             tmp, tmp);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    snprintf(cmd, sizeof cmd, "%s/err", tmp);
    char *err = slurp(cmd, NULL);
    cr_assert(err && strstr(err, "a --set of a cell's geometry or of one cell type's mechanism "
                                 "needs new code"), "%s", err);
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A --set of a path an experiment sets itself wins there, but the results
 * keep the experiment's name: a warning names both sets (with -W error, an
 * error); the same from a program's --set.  Other experiments: no word. */
Test(set, overriding_an_experiments_set_warns, .timeout = 180)
{
    char tmp[] = "/tmp/circ-setexp-XXXXXX", model[300], exe[300], cmd[1024], errp[300];
    cr_assert(mkdtemp(tmp));
    snprintf(model, sizeof model, "%s/m.circ", tmp);
    write_file(model,
               "cell C {\n"
               "    section soma { L = 18.8 um; diam = 18.8 um; insert hh { } }\n"
               "}\n"
               "population p of C { count = 2 }\n"
               "synapse ampa = ExpSyn { tau = 2 ms; e = 0 mV }\n"
               "stimulus drive = NetStim { rate = 60 Hz; number = 10; start = 5 ms }\n"
               "    -> p at soma(0.5) via ampa { weight = 0.01 uS; delay = 1 ms }\n"
               "simulation { duration = 20 ms; dt = 0.025 ms }\n"
               "experiment control { }\n"
               "experiment fast {\n"
               "    set drive.rate = 120 Hz\n"
               "    set ampa.tau = 3 ms\n"
               "}\n");
    const char *want =
        "--set:2:5: warning: --set drive.rate overrides experiment 'fast', which sets it itself; "
        "the results are still filed under 'fast'\n"
        "set drive.rate = 90Hz\n"
        "    ^~~~~~~~~~\n";
    char want_note[512];
    snprintf(want_note, sizeof want_note,
             "%s:11:5: note: experiment 'fast' sets drive.rate here\n"
             "    set drive.rate = 120 Hz\n"
             "    ^~~~~~~~~~~~~~~~~~~~~~~\n", model);
    char full[1024];
    snprintf(full, sizeof full, "%s%s", want, want_note);
    struct front_options fo = {.stop_after = PASS_ALL,
                               .overrides = "set hh.gl = 0.0005 S/cm2\nset drive.rate = 90Hz\n"};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    cr_assert_str_eq(diag_text(e.front->diag), full);
    engine_close(&e);
    fo.werror = true;
    cr_assert_not(engine_open(&e, model, &fo, &co), "-W error let the override through");
    cr_assert(strstr(diag_text(e.front->diag), "--set:2:5: error: --set drive.rate overrides"),
              "%s", diag_text(e.front->diag));
    engine_close(&e);

    /* a program's --set: the same words on its stderr, and it runs */
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    struct front_options plain = {.stop_after = PASS_ALL};
    cr_assert(engine_build(&e, model, exe, &plain, &co), "%s", diag_text(e.front->diag));
    engine_close(&e);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(cmd, sizeof cmd, "'%s' --set ampa.tau=4ms -o '%s/out' > /dev/null 2> '%s'", exe, tmp,
             errp);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char *text = slurp(errp, NULL);
    cr_assert(text && strstr(text, "--set:1:5: warning: --set ampa.tau overrides experiment "
                                   "'fast', which sets it itself; the results are still filed "
                                   "under 'fast'\n"), "%s", text);
    cr_assert(strstr(text, "m.circ:12:5: note: experiment 'fast' sets ampa.tau here\n"), "%s",
              text);
    free(text);
    /* programs take --memory-limit too: refused before anything is written */
    snprintf(cmd, sizeof cmd, "'%s' --memory-limit 1K -o '%s/small' > /dev/null 2> '%s'", exe,
             tmp, errp);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "%s: status %d", cmd, st);
    text = slurp(errp, NULL);
    cr_assert(text && strstr(text, "more than the limit of 1 KiB (--memory-limit)\n"), "%s", text);
    free(text);
    snprintf(cmd, sizeof cmd, "%s/small", tmp);
    cr_assert(access(cmd, F_OK) != 0, "a refused program run wrote %s", cmd);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* A --set of a stimulus some experiment removes applies where the stimulus
 * is kept (the run used to fail: "this 'set' target is not supported"). */
Test(set, stimulus_removed_in_one_experiment, .timeout = 120)
{
    char tmp[] = "/tmp/circ-setrm-XXXXXX";
    cr_assert(mkdtemp(tmp));
    const char *model = SRCDIR "/tests/runtime/cases/set_removed_stimulus.circ";
    char cmd[1024], a[300], b[300];
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/plain' > /dev/null 2>&1", BUILDDIR "/circ",
             model, tmp);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/set' --set step.amp=0.3nA > /dev/null 2>&1",
             BUILDDIR "/circ", model, tmp);
    cr_assert_eq(system(cmd), 0, "the --set run failed");
    snprintf(a, sizeof a, "%s/plain/control/traces.csv", tmp);
    snprintf(b, sizeof b, "%s/set/control/traces.csv", tmp);
    cr_assert_not(same_bytes(a, b), "--set did not reach the experiment that keeps the stimulus");
    snprintf(a, sizeof a, "%s/plain/quiet/traces.csv", tmp);
    snprintf(b, sizeof b, "%s/set/quiet/traces.csv", tmp);
    cr_assert(same_bytes(a, b), "the experiment without the stimulus changed");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Ions: a program computes a calcium pool, Nernst's eca and the ion
 * currents as the JIT does, in both modes. */
Test(aot, ions_identical_to_jit, .timeout = 180)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/ions_ca_pool.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/ions_ek_shared.circ", false);
}

/* A section's ion value set from outside (`set CELL.SECTION.ek`, or through
 * an insert of a mechanism using the ion, `set CELL.SECTION.MECH.ek`) is
 * the section's, as if written there; a program asks to be rebuilt for it
 * as for geometry. */
Test(set, ion_values_of_a_section, .timeout = 180)
{
    char tmp[] = "/tmp/circ-ionset-XXXXXX", declared[300], exe[300], cmd[1200];
    cr_assert(mkdtemp(tmp));
    snprintf(declared, sizeof declared, "%s/declared.circ", tmp);
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    const char *model = SRCDIR "/tests/neuron/cases/ions_ek_shared.circ";
    char *text = slurp(model, NULL);
    cr_assert(text);
    static const char ek_old[] = "ek = -85 mV";
    char *at = strstr(text, ek_old);
    cr_assert(at, "ions_ek_shared.circ has no soma ek of -85 mV");
    FILE *f = fopen(declared, "w");
    fprintf(f, "%.*sek = -75 mV%s", (int)(at - text), text, at + strlen(ek_old));
    fclose(f);
    free(text);

    struct cg_options co = {.exact = true, .opt_level = 2};
    struct front_options plain = {.stop_after = PASS_ALL};
    static const char *const sets[] = {"set KA.soma.ek = -75 mV\n", "set KA.soma.ka.ek = -75 mV\n"};
    struct engine a, b;
    struct crt_result ra, rb, r0;
    cr_assert(engine_open(&a, declared, &plain, &co), "%s", diag_text(a.front->diag));
    cr_assert(crt_run(a.model, 0, &ra));
    engine_close(&a);
    cr_assert(engine_open(&a, model, &plain, &co), "%s", diag_text(a.front->diag));
    cr_assert(crt_run(a.model, 0, &r0));
    engine_close(&a);
    cr_assert(memcmp(ra.trace[0], r0.trace[0], (size_t)ra.ntimes * sizeof(double)) != 0,
              "ek of the soma changes nothing");
    for (int i = 0; i < 2; i++) {
        struct front_options over = {.stop_after = PASS_ALL, .overrides = sets[i]};
        cr_assert(engine_open(&b, model, &over, &co), "%s", diag_text(b.front->diag));
        cr_assert(crt_run(b.model, 0, &rb));
        for (int k = 0; k < ra.ntraces; k++)
            cr_assert(memcmp(ra.trace[k], rb.trace[k], (size_t)ra.ntimes * sizeof(double)) == 0,
                      "%s: trace %d differs from ek written in the section", sets[i], k);
        crt_result_free(&rb);
        engine_close(&b);
    }
    crt_result_free(&ra);
    crt_result_free(&r0);

    cr_assert(engine_build(&a, model, exe, &plain, &co), "%s", diag_text(a.front->diag));
    engine_close(&a);
    snprintf(cmd, sizeof cmd, "'%s' --set KA.soma.ek=-75mV -o '%s/o' > /dev/null 2> '%s/err'", exe,
             tmp, tmp);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    snprintf(cmd, sizeof cmd, "%s/err", tmp);
    char *err = slurp(cmd, NULL);
    cr_assert(err && strstr(err, "needs new code"), "%s", err);
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Values per segment (an expression of distance, of x, a list) in a
 * program: the same outputs as the JIT, in both modes. */
Test(aot, values_per_segment_identical_to_jit, .timeout = 180)
{
    jit_vs_program(SRCDIR "/tests/neuron/cases/seg_distance.circ", true);
    jit_vs_program(SRCDIR "/tests/neuron/cases/seg_list.circ", false);
}

/* The model text with every `from` replaced by `to` (caller frees). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), n = 0;
    for (const char *p = strstr(text, from); p; p = strstr(p + nf, from))
        n++;
    cr_assert(n > 0, "no '%s' in the model", from);
    char *out = malloc(strlen(text) + n * nt + 1), *o = out;
    const char *p = text, *q;
    while ((q = strstr(p, from))) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, nt);
        o += nt;
        p = q + nf;
    }
    strcpy(o, p);
    return out;
}

static void run_traces(const char *model, const char *overrides, bool exact, struct crt_result *r)
{
    struct front_options fo = {.stop_after = PASS_ALL, .overrides = overrides};
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    cr_assert(crt_run(e.model, 0, r), "%s", r->error);
    engine_close(&e);
}

static void same_traces(const struct crt_result *a, const struct crt_result *b, const char *what)
{
    cr_assert_eq(a->ntraces, b->ntraces);
    cr_assert_eq(a->ntimes, b->ntimes);
    for (int k = 0; k < a->ntraces; k++)
        cr_assert(memcmp(a->trace[k], b->trace[k], (size_t)a->ntimes * sizeof(double)) == 0,
                  "%s: trace %d differs", what, k);
}

/* `set hh.gnabar = V` (protocol, experiment or --set) gives every instance
 * V, whatever values per segment the cells declare: the same run as a model
 * declaring V everywhere, in both modes.  A --set of one cell type's
 * parameter may itself vary per segment. */
Test(set, values_per_segment, .timeout = 240)
{
    char tmp[] = "/tmp/circ-segset-XXXXXX", uniform[300], graded2[300];
    cr_assert(mkdtemp(tmp));
    const char *model = SRCDIR "/tests/neuron/cases/seg_distance.circ";
    char *text = slurp(model, NULL);
    cr_assert(text);
    static const char grad[] = "gnabar = 0.12 S/cm2 * exp(-distance / 200 um)";
    cr_assert(strstr(text, grad), "seg_distance.circ changed");
    /* every hh of the model with gnabar 0.05 (the soma's is 0.12 too) */
    char *a = replaced(text, grad, "gnabar = 0.05 S/cm2");
    char *u = replaced(a, "gnabar = 0.12 S/cm2", "gnabar = 0.05 S/cm2");
    snprintf(uniform, sizeof uniform, "%s/uniform.circ", tmp);
    write_file(uniform, u);
    /* another gradient, declared */
    char *g2 = replaced(text, grad, "gnabar = 0.12 S/cm2 * exp(-distance / 100 um)");
    snprintf(graded2, sizeof graded2, "%s/graded2.circ", tmp);
    write_file(graded2, g2);
    for (int exact = 0; exact <= 1; exact++) {
        struct crt_result want, got;
        run_traces(uniform, NULL, exact, &want);
        run_traces(model, "set hh.gnabar = 0.05 S/cm2\n", exact, &got);
        same_traces(&want, &got, "--set hh.gnabar");
        crt_result_free(&want);
        crt_result_free(&got);
        run_traces(graded2, NULL, exact, &want);
        run_traces(model, "set APIC.apic.hh.gnabar = 0.12 S/cm2 * exp(-distance / 100 um)\n",
                   exact, &got);
        same_traces(&want, &got, "--set APIC.apic.hh.gnabar");
        crt_result_free(&got);
        /* and the declared gradient really mattered */
        run_traces(model, NULL, exact, &got);
        cr_assert(memcmp(want.trace[2], got.trace[2], (size_t)want.ntimes * sizeof(double)) != 0);
        crt_result_free(&want);
        crt_result_free(&got);
    }
    /* a diam per segment, set by --set as if declared */
    char *taper = slurp(SRCDIR "/tests/neuron/cases/seg_taper.circ", NULL), tapered[300];
    cr_assert(taper);
    char *t2 = replaced(taper, "diam = 1.5 um * (1 - 0.5 * x)", "diam = 1 um + x * 1 um");
    snprintf(tapered, sizeof tapered, "%s/tapered.circ", tmp);
    write_file(tapered, t2);
    for (int exact = 0; exact <= 1; exact++) {
        struct crt_result want, got;
        run_traces(tapered, NULL, exact, &want);
        run_traces(SRCDIR "/tests/neuron/cases/seg_taper.circ",
                   "set TAPER.branch.diam = 1 um + x * 1 um\n", exact, &got);
        same_traces(&want, &got, "--set TAPER.branch.diam");
        crt_result_free(&want);
        crt_result_free(&got);
    }
    free(taper);
    free(t2);
    /* an experiment's set, in a program (both arithmetics): as the JIT */
    char *e = malloc(strlen(text) + 200);
    sprintf(e, "%s\nexperiment control { }\nexperiment weak_na { set hh.gnabar = 0.05 S/cm2 }\n",
            text);
    char withexp[300], exe[300], jit[300], aot[300], cmd[1200];
    snprintf(withexp, sizeof withexp, "%s/withexp.circ", tmp);
    write_file(withexp, e);
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_build(&en, withexp, exe, &fo, &co), "%s", diag_text(en.front->diag));
    engine_close(&en);
    for (int exact = 0; exact <= 1; exact++) {
        snprintf(jit, sizeof jit, "%s/jit%d", tmp, exact);
        snprintf(aot, sizeof aot, "%s/aot%d", tmp, exact);
        run_jit(withexp, NULL, exact, jit);
        snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' > /dev/null", exe, exact ? "--exact" : "", aot);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        same_outputs(jit, aot, "weak_na");
        same_outputs(jit, aot, "control");
    }
    free(text);
    free(a);
    free(u);
    free(g2);
    free(e);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* `import "mods/"`: the folder's .mod files in file-name order, as
 * nrnivmodl registers them, so the run is the NEURON case's, bit for bit
 * (nmodl_ions_ghk imports the same four files one by one, sorted); a
 * program carries them (run with the folder gone); the files imported one
 * by one out of that order get a warning. */
Test(aot, mod_folder_imported_in_file_name_order, .timeout = 240)
{
    char tmp[] = "/tmp/circ-modfolder-XXXXXX";
    cr_assert(mkdtemp(tmp));
    char cmd[2048], model[300], reversed[300], exe[300], out_case[300], out_folder[300],
        out_prog[300];
    snprintf(cmd, sizeof cmd, "mkdir '%s/mods' && cd '%s/tests/neuron/mod' && "
             "cp cad.mod cagk.mod canrn.mod kca.mod '%s/mods/'", tmp, SRCDIR, tmp);
    cr_assert_eq(system(cmd), 0);
    char *text = slurp(SRCDIR "/tests/neuron/cases/nmodl_ions_ghk.circ", NULL);
    cr_assert(text);
    /* the case's imports, one folder instead (and, reversed, one by one) */
    char *first = strstr(text, "import \"../mod/cad.mod\"");
    char *last = strstr(text, "import \"../mod/kca.mod\"");
    cr_assert(first && last);
    char *rest = last + strlen("import \"../mod/kca.mod\"");
    snprintf(model, sizeof model, "%s/model.circ", tmp);
    snprintf(reversed, sizeof reversed, "%s/reversed.circ", tmp);
    FILE *f = fopen(model, "w");
    fprintf(f, "%.*simport \"mods/\"%s", (int)(first - text), text, rest);
    fclose(f);
    f = fopen(reversed, "w");
    fprintf(f, "%.*simport \"mods/kca.mod\"\nimport \"mods/canrn.mod\"\nimport \"mods/cagk.mod\"\n"
            "import \"mods/cad.mod\"%s", (int)(first - text), text, rest);
    fclose(f);
    free(text);
    snprintf(out_case, sizeof out_case, "%s/case", tmp);
    snprintf(out_folder, sizeof out_folder, "%s/folder", tmp);
    snprintf(out_prog, sizeof out_prog, "%s/prog-out", tmp);
    snprintf(exe, sizeof exe, "%s/prog", tmp);
    run_jit(SRCDIR "/tests/neuron/cases/nmodl_ions_ghk.circ", NULL, true, out_case);
    run_jit(model, NULL, true, out_folder);
    same_outputs(out_case, out_folder, "default");
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct engine e;
    cr_assert(engine_build(&e, model, exe, &fo, &co), "%s", diag_text(e.front->diag));
    engine_close(&e);
    cr_assert(engine_open(&e, reversed, &fo, &co), "%s", diag_text(e.front->diag));
    cr_assert(strstr(diag_text(e.front->diag), "warning: 'canrn.mod' is imported after 'kca.mod'"),
              "%s", diag_text(e.front->diag));
    engine_close(&e);
    snprintf(cmd, sizeof cmd, "rm -r '%s/mods' && '%s' -o '%s' > /dev/null", tmp, exe, out_prog);
    cr_assert_eq(system(cmd), 0);
    same_outputs(out_case, out_prog, "default");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}
