/* test_memory.c - memory is estimated before a run allocates: an over-size
 * run is refused at once with the estimate and the limit (exit 1, nothing
 * written), never an abort after growing; an allocation that still fails
 * is a message; nothing recorded allocates no time vector. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

/* A calloc of 80 TB must return NULL under ASan too (test build only). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* `circ run case args` with env before it; its exit status, stderr (caller
 * frees) and wall time.  Asserts it exited (no signal) and wrote no -o dir. */
static int run_circ(const char *env, const char *model, const char *args, char **err,
                    double *seconds)
{
    const char *circ = getenv("CIRC") ? getenv("CIRC") : BUILDDIR "/circ";
    char tmp[] = "/tmp/circ-memory-XXXXXX", cmd[2048], errp[300], out[300];
    cr_assert(mkdtemp(tmp));
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    snprintf(cmd, sizeof cmd, "%s '%s' run '%s/tests/runtime/cases/%s' -o '%s' %s > /dev/null 2> '%s'",
             env, circ, SRCDIR, model, out, args, errp);
    double t0 = now_s();
    int st = system(cmd);
    *seconds = now_s() - t0;
    cr_assert(WIFEXITED(st), "%s: killed by a signal (%d)", cmd, st);
    *err = slurp(errp, NULL);
    cr_assert(*err);
    cr_assert(access(out, F_OK) != 0, "%s: an over-size run wrote %s", cmd, out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
    return WEXITSTATUS(st);
}

/* dt = 1e-9 ms for 10 s, two cells recorded: 1e13 samples. */
Test(memory, tiny_dt_is_refused_with_the_estimate, .timeout = 120)
{
    char *err;
    double s;
    int rc = run_circ("", "tiny_dt.circ", "--memory-limit 16G", &err, &s);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
    cr_assert_str_eq(err, "circ: the run would need about 218 TiB of memory (recorded traces "
                          "218 TiB, cells 768 B, connections and synapses 0 B), more than the "
                          "limit of 16 GiB (--memory-limit)\n");
    cr_assert(s < 10, "refused only after %.1f s", s);
    free(err);
    /* by default the limit is the machine's: no machine has 218 TiB */
    rc = run_circ("", "tiny_dt.circ", "", &err, &s);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
    cr_assert(strstr(err, "circ: the run would need about 218 TiB of memory") &&
              (strstr(err, "(this machine's memory; --memory-limit SIZE or CIRC_MEMORY_LIMIT "
                           "sets another)\n") || strstr(err, "ulimit -v")), "%s", err);
    free(err);
}

/* 10^8 cells: refused quickly under a limit given by the environment or the
 * option (the option wins); a limit that is not a size is a usage error. */
Test(memory, huge_network_is_refused_with_the_estimate, .timeout = 120)
{
    char *err;
    double s;
    int rc = run_circ("CIRC_MEMORY_LIMIT=4G", "huge_network.circ", "", &err, &s);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
    cr_assert_str_eq(err, "circ: the run would need about 12.3 GiB of memory (recorded traces "
                          "0 B, cells 12.3 GiB, connections and synapses 0 B), more than the "
                          "limit of 4 GiB (CIRC_MEMORY_LIMIT)\n");
    cr_assert(s < 20, "refused only after %.1f s", s);
    free(err);
    rc = run_circ("CIRC_MEMORY_LIMIT=1T", "huge_network.circ", "--memory-limit 2.5G", &err, &s);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
    cr_assert(strstr(err, "more than the limit of 2.5 GiB (--memory-limit)\n"), "%s", err);
    free(err);
    rc = run_circ("CIRC_MEMORY_LIMIT=lots", "huge_network.circ", "", &err, &s);
    cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
    cr_assert_str_eq(err, "circ: CIRC_MEMORY_LIMIT='lots' is not a size (e.g. 8G, 512M)\n");
    free(err);
    rc = run_circ("", "huge_network.circ", "--memory-limit 8X", &err, &s);
    cr_assert_eq(rc, 2, "exit %d: %s", rc, err);
    cr_assert_str_eq(err, "circ: --memory-limit needs a size, e.g. 8G or 512M\n");
    free(err);
}

Test(memory, sizes)
{
    static const struct {
        const char *text;
        double bytes;
    } ok[] = {{"100000", 1e5}, {"8G", 8.0 * (1 << 30)}, {"512M", 512.0 * (1 << 20)},
              {"1.5T", 1.5 * 1099511627776.0}, {"2KiB", 2048}, {"3gb", 3.0 * (1 << 30)}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        double b = 0;
        cr_assert(crt_parse_size(ok[i].text, &b), "%s", ok[i].text);
        cr_assert_eq(b, ok[i].bytes, "%s: %g", ok[i].text, b);
    }
    static const char *const bad[] = {"", "G", "-1G", "8X", "8GG", "nan", "inf", "0", "0.5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double b;
        cr_assert_not(crt_parse_size(bad[i], &b), "'%s' read as %g", bad[i], b);
    }
}

static void open_model(struct engine *e, const char *model)
{
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    cr_assert(engine_open(e, model, &fo, &co), "%s", diag_text(e->front->diag));
}

/* Past the estimate (a limit set absurdly high), the 80 TB time vector
 * cannot be allocated: the run fails with a message, not an abort. */
Test(memory, failed_allocation_is_a_message, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/tiny_dt.circ");
    e.model->memory_limit = 1e18;
    struct crt_result r;
    cr_assert_not(crt_run(e.model, 0, &r));
    cr_assert_str_eq(r.error, "out of memory: 80000000000016 more bytes could not be allocated "
                              "(the estimate before the run was lower: see --memory-limit)");
    crt_result_free(&r);
    engine_close(&e);
}

/* The estimate of the time vector and traces is what setup_traces
 * allocates; with nothing recorded neither the estimate nor the run has a
 * time vector. */
Test(memory, time_vector_only_when_recording, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/runaway_v.circ");
    struct crt_memory mem = crt_run_memory(e.model, 0, 0);
    /* 20 ms / 0.025 ms + 1 samples of t and of one trace; `record spikes`:
     * a byte per cell (which cells spikes.csv lists) */
    cr_assert_eq(mem.kept[CRT_MEM_TRACES], 801.0 * 2 * sizeof(double) + 20);
    e.model->nrecords = 0;
    mem = crt_run_memory(e.model, 0, 0);
    cr_assert_eq(mem.kept[CRT_MEM_TRACES], 0);
    e.model->experiments[0].nstims = 0;     /* no kick: a quiet run */
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert_null(r.t);
    cr_assert_eq(r.ntimes, 0);
    cr_assert_eq(r.ntraces, 0);
    crt_result_free(&r);
    engine_close(&e);
}

/* Connections onto a receive with arguments after the weight carry them
 * (TMSyn's y, z, u, tsyn, n; Every3's n): the estimate counts them, rule
 * by rule at the expected count, and the 12 background sources' too, and
 * where each connection's are (a long each, rt_sim.c's args_at). */
Test(memory, connection_state_is_counted, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/netargs_net.circ");
    struct crt_memory with = crt_run_memory(e.model, 0, 0);
    int tm = -1, every3 = -1;
    for (int i = 0; i < e.model->nmechs; i++) {
        tm = strcmp(e.model->mechs[i].name, "TMSyn") == 0 ? i : tm;
        every3 = strcmp(e.model->mechs[i].name, "Every3") == 0 ? i : every3;
    }
    cr_assert(tm >= 0 && every3 >= 0);
    cr_assert_eq(e.model->mechs[tm].nargs, 5);
    cr_assert_eq(e.model->mechs[every3].nargs, 1);
    double rules[3];
    for (int r = 0; r < 3; r++)
        rules[r] = crt_rule_expected(e.model, r, NULL);
    e.model->mechs[tm].nargs = e.model->mechs[every3].nargs = 0;
    struct crt_memory without = crt_run_memory(e.model, 0, 0);
    double state = with.run[CRT_MEM_CONNECTIONS] - without.run[CRT_MEM_CONNECTIONS];
    double want = (rules[0] * 5 + rules[1] * 1 + rules[2] * 5 + 12 * 5) * sizeof(double) +
                  (rules[0] + rules[1] + rules[2] + 12) * sizeof(long);
    cr_assert_float_eq(state, want, 1e-6, "%g bytes of connection state, %g expected", state,
                       want);
    engine_close(&e);
}

/* The estimate is of the right size for the seed circuit: its cells'
 * state (4 cell types, compartments and channels) and ~4700 connections. */
Test(memory, seed_estimate, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/examples/microcircuit.circ");
    struct crt_memory mem = crt_run_memory(e.model, 0, CRT_RUN_CONNECTIONS);
    double conns = mem.run[CRT_MEM_CONNECTIONS] + mem.kept[CRT_MEM_CONNECTIONS];
    /* at least a connection in the run (8 bytes) and its listing (28) */
    cr_assert(conns > 4600 * 36.0 && conns < 4600 * 1000.0, "connections: %g bytes", conns);
    double listed = mem.kept[CRT_MEM_CONNECTIONS] /                         /* about 4677 */
                    (3 * sizeof(int) + 2 * sizeof(double));     /* pre, post, rule; weight, delay */
    cr_assert(listed > 4000 && listed < 5500, "%g listed connections", listed);
    /* t and 4 traces; a byte per cell for `record spikes`; the voltage
     * measures' statistics of the 10 PV cells over 2 windows (and the run's
     * last samples of each), no samples */
    double traces = (1000 / 0.05 + 1) * 5 * sizeof(double) + 100;
    double probes = mem.kept[CRT_MEM_TRACES] - traces;
    cr_assert(probes >= 10 * 2 * sizeof(struct crt_vsum) &&
              probes <= 10 * (2 * sizeof(struct crt_vsum) + 64), "%g bytes", probes);
    engine_close(&e);
}

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

/* The compiler's own allocations (here: a 60 MB source under a 250 MB
 * address-space limit) end with a message and status 1, not SIGABRT.
 * ASan reserves terabytes of shadow address space: no limit applies. */
Test(memory, compiler_out_of_memory_is_a_message, .timeout = 120)
{
#ifdef ASAN_BUILD
    cr_skip_test("AddressSanitizer needs more address space than the limit");
#endif
    const char *circ = getenv("CIRC") ? getenv("CIRC") : BUILDDIR "/circ";
    char tmp[] = "/tmp/circ-memory-XXXXXX", path[300], errp[300], cmd[1024];
    cr_assert(mkdtemp(tmp));
    snprintf(path, sizeof path, "%s/big.circ", tmp);
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("// ", f);
    for (int i = 0; i < 60 * 1024; i++)
        fprintf(f, "%01024d", 0);
    fputs("\n", f);
    cr_assert_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "ulimit -v 250000; '%s' check '%s' 2> '%s'", circ, path, errp);
    int st = system(cmd);
    char *err = slurp(errp, NULL);
    cr_assert(err);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d: %s", st, err);
    cr_assert(strstr(err, "circ: out of memory (requesting "), "%s", err);
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Traces that may not fit where they are written: a warning with plan's
 * estimate before the run, and a run that fills the disk ends with a
 * message, exit 2 and nothing left (on a 2 MiB tmpfs: needs root). */
Test(memory, full_disk_is_warned_and_a_message, .timeout = 120)
{
    const char *circ = getenv("CIRC") ? getenv("CIRC") : BUILDDIR "/circ";
    char tmp[] = "/tmp/circ-disk-XXXXXX", cmd[2048], errp[300];
    cr_assert(mkdtemp(tmp));
    snprintf(cmd, sizeof cmd, "mkdir '%s/fs' && mount -t tmpfs -o size=2m tmpfs '%s/fs' "
             "2> /dev/null", tmp, tmp);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        cr_assert_eq(system(cmd), 0);
        cr_skip_test("cannot mount a small tmpfs here (not root)");
    }
    snprintf(errp, sizeof errp, "%s/err.txt", tmp);
    snprintf(cmd, sizeof cmd, "'%s' run '%s/tests/runtime/cases/wide_traces.circ' -o '%s/fs/out' "
             "> /dev/null 2> '%s'", circ, SRCDIR, tmp, errp);
    int st = system(cmd);
    char *err = slurp(errp, NULL);
    cr_assert(err);
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s/fs')\"", tmp);
    int empty = system(cmd);
    snprintf(cmd, sizeof cmd, "umount '%s/fs'; rm -rf '%s'", tmp, tmp);
    cr_assert_eq(system(cmd), 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "status %d: %s", st, err);
    cr_assert(strstr(err, "circ: warning: the traces may take about 4.66 MiB (as circ plan "
                          "estimates them), more than the 2 MiB free"), "%s", err);
    cr_assert(strstr(err, "No space left on device"), "%s", err);
    cr_assert_eq(empty, 0, "the full disk kept part of a run");
    free(err);
}
