/* test_alloc.c - runtime/rt_alloc.h: an allocation that fails anywhere in
 * a run (building it, the analysis, a CSV job, a figure, in a worker
 * process too) ends the run with a message and a non-zero exit status,
 * never a crash, and nothing is committed to the output directory. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"
#include "rt_alloc.h"

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static const char *control[] = {"control"};

static struct crt_run_options run_options(const char *out, bool all)
{
    return (struct crt_run_options){.outdir = out, .seed = -1, .threads = 2,
                                    .experiments = control, .nexperiments = all ? 0 : 1};
}

/* How many allocations the run makes in this process (its worker
 * processes count their own), read from a child through a pipe. */
static long count_allocations(struct crt_model *m, const char *out, bool all)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        rt_alloc_fail_at(LONG_MAX);
        struct crt_run_options o = run_options(out, all);
        int code = crt_main(m, &o);
        long n = LONG_MAX - rt_alloc_fail_pending();
        ssize_t w = write(fd[1], &n, sizeof n);
        fflush(NULL);
        _exit(code == 0 && w == (ssize_t)sizeof n ? 0 : 1);
    }
    close(fd[1]);
    long n = 0;
    cr_assert_eq(read(fd[0], &n, sizeof n), (ssize_t)sizeof n);
    close(fd[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the counting run failed");
    cr_assert_gt(n, 100);
    return n;
}

/* The seed (cells, rules, stimuli, records, measures, nine figures), its
 * k-th allocation failing, for k spread over the whole run: its control
 * experiment alone, or all three side by side on two threads.  The run's
 * allocations are counted first: k grows geometrically from 1 (the build),
 * then steps evenly through the last tenth (the analysis and outputs, a
 * short stretch after the build's many), then passes the end (no failure). */
static void fail_anywhere(bool all, int tries)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e.front->diag));
    char tmp[] = "/tmp/circ-alloc-XXXXXX";
    cr_assert(mkdtemp(tmp));
    char out[300];
    snprintf(out, sizeof out, "%s/count", tmp);
    long total = count_allocations(e.model, out, all);
    long *ks = calloc((size_t)tries + 1, sizeof *ks);
    cr_assert(ks);
    int nk = 0, geometric = tries / 2, tail = tries - geometric - 1;
    for (long k = 1; nk < geometric && k < total * 9 / 10; k = 2 * k + 1)
        ks[nk++] = k;
    for (int j = 0; j < tail; j++)
        ks[nk++] = total * 9 / 10 + (total / 10) * j / (tail > 1 ? tail - 1 : 1);
    ks[nk++] = total + 1000;
    int seen[3] = {0, 0, 0};
    for (int i = 0; i < nk; i++) {
        long k = ks[i];
        snprintf(out, sizeof out, "%s/out%d", tmp, i);
        struct crt_run_options o = run_options(out, all);
        /* in a child that ends with _exit: what a jump leaves allocated is
         * not ours to free, and no leak checker should count it */
        fflush(NULL);
        pid_t pid = fork();
        cr_assert(pid >= 0);
        if (pid == 0) {
            rt_alloc_fail_at(k);
            int code = crt_main(e.model, &o);
            fflush(NULL);
            _exit(code);
        }
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status), "allocation %ld: the run died (signal %d)", k,
                  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        int rc = WEXITSTATUS(status);
        cr_assert(rc == 0 || rc == 1 || rc == 2, "allocation %ld: exit status %d", k, rc);
        char summary[400];
        snprintf(summary, sizeof summary, "%s/summary.json", out);
        if (rc == 0)
            cr_assert(exists(summary), "allocation %ld: a run that succeeded wrote no summary", k);
        else
            cr_assert_not(exists(out), "allocation %ld: a failed run (exit %d) left '%s'", k, rc, out);
        seen[rc]++;
    }
    /* the failures reached both the run (1) and the outputs (2), and late
     * enough none at all (0) */
    cr_assert(seen[1] > 0 && seen[2] > 0 && seen[0] > 0, "exit statuses seen: 0:%d 1:%d 2:%d",
              seen[0], seen[1], seen[2]);
    free(ks);
    engine_close(&e);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

Test(alloc, failure_anywhere_is_clean, .init = cr_redirect_stdout, .timeout = 600)
{
    fail_anywhere(false, 44);
}

Test(alloc, failure_anywhere_side_by_side_is_clean, .init = cr_redirect_stdout, .timeout = 600)
{
    fail_anywhere(true, 30);
}
