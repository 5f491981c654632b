/* test_alloc.c - runtime/rt_alloc.h: an allocation that fails anywhere in
 * a run (building it, the analysis, a CSV job, a figure, in a worker
 * process too) ends the run with a message and a non-zero exit status,
 * never a crash, and nothing is committed to the output directory. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
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

/* The seed (cells, rules, stimuli, records, measures, nine figures), its
 * k-th allocation failing, for k spread over the whole run: its control
 * experiment alone, or all three side by side on two threads. */
static void fail_anywhere(bool all, int tries)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e.front->diag));
    char tmp[] = "/tmp/circ-alloc-XXXXXX";
    cr_assert(mkdtemp(tmp));
    int seen[3] = {0, 0, 0};
    long k = 1;
    long last = all ? 40000000 : 2000000;
    for (int i = 0; i < tries && k < last; i++, k = all ? 2 * k + 1 : k * 3 / 2 + 1) {
        char out[300];
        snprintf(out, sizeof out, "%s/out%d", tmp, i);
        struct crt_run_options o = {.outdir = out, .seed = -1, .threads = 2,
                                    .experiments = (const char *[]){"control"},
                                    .nexperiments = all ? 0 : 1};
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
    engine_close(&e);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

Test(alloc, failure_anywhere_is_clean, .init = cr_redirect_stdout, .timeout = 600)
{
    fail_anywhere(false, 40);
}

Test(alloc, failure_anywhere_side_by_side_is_clean, .init = cr_redirect_stdout, .timeout = 600)
{
    fail_anywhere(true, 30);
}
