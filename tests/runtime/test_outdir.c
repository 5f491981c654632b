/* test_outdir.c - a run owns its output directory as a whole: reruns leave
 * no stale files, signals and failures leave the previous run, concurrent
 * runs each leave one complete run, and summary.json lists every file with
 * its size and SHA-256. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "rt_outdir.h"
#include "../slurp.h"

#define MODEL SRCDIR "/tests/neuron/cases/mini_net.circ"

/* Starts `circ run ARGS...` (output to /dev/null, stderr to errfile if
 * given); returns its pid. */
static pid_t start(const char *errfile, const char *const *args)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        int err = errfile ? open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null;
        dup2(err, STDERR_FILENO);
        const char *argv[16] = {"circ", "run"};
        int n = 2;
        for (int i = 0; args[i] && n < 15; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        execv(BUILDDIR "/circ", (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* Waits for pid; its exit status, or 128 + the signal that ended it. */
static int finish(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run(const char *errfile, const char *const *args)
{
    return finish(start(errfile, args));
}

static char *tmpdir(void)
{
    char *t = strdup("/tmp/circ-outdir-XXXXXX");
    cr_assert(mkdtemp(t));
    return t;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Names in dir that start with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    cr_assert(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* summary.json lists exactly the other files of out, with their sizes and
 * SHA-256; returns the summary's seed. */
static long check_consistent(const char *out)
{
    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", out);
    json_object *root = json_object_from_file(path), *files, *prov, *seed;
    cr_assert(root, "%s is missing or not JSON", path);
    cr_assert(json_object_object_get_ex(root, "files", &files));
    struct rt_file_list l;
    char err[512];
    cr_assert(rt_list_files(out, 3, &l, err, sizeof err), "%s", err);
    cr_assert_eq((int)json_object_array_length(files) + 1, l.n, "summary lists %d files, %s has %d",
                 (int)json_object_array_length(files), out, l.n);
    int k = 0;
    for (int i = 0; i < l.n; i++) {
        if (strcmp(l.files[i].path, "summary.json") == 0)
            continue;
        json_object *f = json_object_array_get_idx(files, (size_t)k++), *p, *b, *h;
        cr_assert(json_object_object_get_ex(f, "path", &p) &&
                  json_object_object_get_ex(f, "bytes", &b) &&
                  json_object_object_get_ex(f, "sha256", &h));
        cr_assert_str_eq(json_object_get_string(p), l.files[i].path);
        cr_assert_eq(json_object_get_int64(b), l.files[i].bytes, "%s", l.files[i].path);
        cr_assert_str_eq(json_object_get_string(h), l.files[i].sha256, "%s", l.files[i].path);
    }
    rt_file_list_free(&l);
    cr_assert(json_object_object_get_ex(root, "provenance", &prov) &&
              json_object_object_get_ex(prov, "seed", &seed));
    long s = (long)json_object_get_int64(seed);
    json_object_put(root);
    return s;
}

Test(outdir, rerun_leaves_no_stale_files, .timeout = 120)
{
    char *t = tmpdir(), out[256], path[512];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, "--connections", NULL}), 0);
    snprintf(path, sizeof path, "%s/default/connections.csv", out);
    cr_assert(exists(path));
    check_consistent(out);
    /* the second run writes no connections.csv: none may stay from the first */
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, "--seed", "3", NULL}), 0);
    cr_assert(!exists(path), "a file of the previous run stayed");
    cr_assert_eq(check_consistent(out), 3);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0, "a staging directory stayed");
    free(t);
}

Test(outdir, summary_hashes_match_sha256sum, .timeout = 120)
{
    char *t = tmpdir(), out[256], cmd[1024];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    /* an independent hash of one file, as a reader would check it */
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum default/spikes.csv > '%s/sum.txt'", out, t);
    cr_assert_eq(system(cmd), 0);
    char sum[512];
    snprintf(sum, sizeof sum, "%s/sum.txt", t);
    char *text = slurp(sum, NULL), *summary;
    snprintf(sum, sizeof sum, "%s/summary.json", out);
    summary = slurp(sum, NULL);
    text[64] = '\0';
    cr_assert(strstr(summary, text), "summary.json lacks the SHA-256 of spikes.csv (%s)", text);
    free(text);
    free(summary);
    free(t);
}

/* Figures are SVG unless --png asks for PNGs too (the report embeds the
 * SVGs; rasterizing and compressing PNGs was most of the figures' cost);
 * the report names the PNG only where there is one. */
Test(outdir, png_only_on_request, .timeout = 120)
{
    char *t = tmpdir(), out[256], path[512];
    const char *model = SRCDIR "/examples/single_cell.circ";
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){model, "-o", out, NULL}), 0);
    snprintf(path, sizeof path, "%s/figures/voltage.svg", out);
    cr_assert(exists(path));
    snprintf(path, sizeof path, "%s/figures/voltage.png", out);
    cr_assert(!exists(path), "a PNG without --png");
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = slurp(path, NULL);
    cr_assert(html && strstr(html, "<code>figures/voltage.svg</code></figcaption>"));
    free(html);
    check_consistent(out);
    cr_assert_eq(run(NULL, (const char *[]){model, "-o", out, "--png", NULL}), 0);
    snprintf(path, sizeof path, "%s/figures/voltage.png", out);
    char *png = slurp(path, NULL);
    cr_assert(png && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "no PNG with --png");
    free(png);
    snprintf(path, sizeof path, "%s/report.html", out);
    html = slurp(path, NULL);
    cr_assert(html && strstr(html, "<code>figures/voltage.svg</code>, <code>.png</code>"));
    free(html);
    check_consistent(out);
    free(t);
}

Test(outdir, foreign_directory_refused, .timeout = 60)
{
    char *t = tmpdir(), errf[256], path[512];
    snprintf(path, sizeof path, "%s/thesis.tex", t);
    FILE *f = fopen(path, "w");
    fputs("precious\n", f);
    fclose(f);
    snprintf(errf, sizeof errf, "%s.err", t);
    cr_assert_eq(run(errf, (const char *[]){MODEL, "-o", t, NULL}), 2);
    char *err = slurp(errf, NULL);
    cr_assert(strstr(err, "exists and does not hold a circ run"), "%s", err);
    cr_assert(exists(path), "a file circ did not write was removed");
    free(err);
    unlink(errf);
    free(t);
}

Test(outdir, file_added_to_a_run_refused, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], path[512];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    snprintf(path, sizeof path, "%s/default/notes.txt", out);
    FILE *f = fopen(path, "w");
    fputs("my notes\n", f);
    fclose(f);
    snprintf(errf, sizeof errf, "%s/err", t);
    cr_assert_eq(run(errf, (const char *[]){MODEL, "-o", out, NULL}), 2);
    char *err = slurp(errf, NULL);
    cr_assert(strstr(err, "holds a file circ did not write ('default/notes.txt')"), "%s", err);
    cr_assert(exists(path));
    free(err);
    free(t);
}

Test(outdir, file_in_the_way_refused, .timeout = 60)
{
    char *t = tmpdir(), out[256], errf[256];
    snprintf(out, sizeof out, "%s/out", t);
    FILE *f = fopen(out, "w");
    fclose(f);
    snprintf(errf, sizeof errf, "%s/err", t);
    cr_assert_eq(run(errf, (const char *[]){MODEL, "-o", out, NULL}), 2);
    char *err = slurp(errf, NULL);
    cr_assert(strstr(err, "exists and is not a directory"), "%s", err);
    free(err);
    free(t);
}

Test(outdir, symlink_keeps_pointing_at_the_run, .timeout = 120)
{
    char *t = tmpdir(), real[256], link[256];
    snprintf(real, sizeof real, "%s/real", t);
    snprintf(link, sizeof link, "%s/link", t);
    cr_assert_eq(mkdir(real, 0777), 0);
    cr_assert_eq(symlink(real, link), 0);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", link, NULL}), 0);
    struct stat st;
    cr_assert(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link was replaced");
    check_consistent(real);
    free(t);
}

/* A failed experiment writes nothing and leaves the previous run. */
Test(outdir, failure_keeps_previous_run, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], before[512], after[512];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    snprintf(before, sizeof before, "%s/summary.json", out);
    char *old = slurp(before, NULL);
    snprintf(errf, sizeof errf, "%s/err", t);
    cr_assert_eq(run(errf, (const char *[]){SRCDIR "/tests/runtime/cases/nan_leak.circ", "-o", out,
                                            NULL}), 1);
    char *err = slurp(errf, NULL);
    cr_assert(strstr(err, "no output written"), "%s", err);
    snprintf(after, sizeof after, "%s/summary.json", out);
    char *now = slurp(after, NULL);
    cr_assert(now && strcmp(old, now) == 0, "the previous run's summary changed");
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0);
    free(old);
    free(now);
    free(err);
    free(t);
}

/* mini_net for `duration` of simulated time, with the lines `extra`
 * after it (experiments). */
static char *model_with(const char *dir, const char *duration, const char *extra)
{
    char *text = slurp(MODEL, NULL);
    cr_assert(text);
    char *at = strstr(text, "duration = 250 ms");
    cr_assert(at);
    char *path = malloc(512);
    snprintf(path, 512, "%s/long.circ", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "%.*sduration = %s%s%s", (int)(at - text), text, duration,
            at + strlen("duration = 250 ms"), extra);
    fclose(f);
    free(text);
    return path;
}

static char *model_of(const char *dir, const char *duration)
{
    return model_with(dir, duration, "");
}

/* A long model: mini_net for 1000 s of simulated time. */
static char *long_model(const char *dir)
{
    return model_of(dir, "1000000 ms");
}

/* Waits until a staging directory of out exists with an experiment in it. */
static void wait_for_staging(const char *t)
{
    for (int i = 0; i < 3000; i++) {
        DIR *d = opendir(t);
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, ".out.circ-run-", 14) == 0) {
                char sub[512];
                snprintf(sub, sizeof sub, "%s/%s/default", t, e->d_name);
                if (exists(sub)) {
                    closedir(d);
                    return;
                }
            }
        closedir(d);
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    cr_assert_fail("no staging directory appeared");
}

/* Waits until the staging directory of out holds experiment's
 * spikes.csv.tmp with at least one row (streamed while the run goes). */
static void wait_for_rows_of(const char *t, const char *experiment)
{
    for (int i = 0; i < 3000; i++) {
        DIR *d = opendir(t);
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, ".out.circ-run-", 14) == 0) {
                char sub[512];
                struct stat st;
                snprintf(sub, sizeof sub, "%s/%s/%s/spikes.csv.tmp", t, e->d_name, experiment);
                if (stat(sub, &st) == 0 && st.st_size > 64) {
                    closedir(d);
                    return;
                }
            }
        closedir(d);
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    cr_assert_fail("no streamed spikes appeared");
}

static void wait_for_rows(const char *t)
{
    wait_for_rows_of(t, "default");
}

/* SIGTERM or SIGINT while a run simulates: it stops at its next interval,
 * exits 128 + the signal, leaves <out> as it was (the previous run) and
 * keeps what it wrote in <out>.incomplete: spikes.csv rows that begin the
 * complete run's spikes.csv, and a summary.json that lists the files and
 * says complete = false. */
static void stopped(int sig)
{
    char *t = tmpdir(), out[256], full[256], errf[256], path[600], inc[300];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *old = slurp(path, NULL);
    char *model = model_of(t, "60000 ms");     /* a few seconds */
    snprintf(errf, sizeof errf, "%s/err", t);
    pid_t pid = start(errf, (const char *[]){model, "-o", out, "--threads", "1", NULL});
    wait_for_rows(t);
    kill(pid, sig);
    cr_assert_eq(finish(pid), 128 + sig);
    char *err = slurp(errf, NULL);
    snprintf(inc, sizeof inc, "%s/out.incomplete", t);
    cr_assert(strstr(err, "the partial output is in") && strstr(err, inc), "%s", err);
    char *now = slurp(path, NULL);
    cr_assert(now && strcmp(old, now) == 0, "the previous run's summary changed");
    check_consistent(out);
    check_consistent(inc);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0, "the staging directory stayed");
    snprintf(path, sizeof path, "%s/summary.json", inc);
    json_object *root = json_object_from_file(path), *v;
    cr_assert(root);
    cr_assert(json_object_object_get_ex(root, "complete", &v) && !json_object_get_boolean(v));
    cr_assert(json_object_object_get_ex(root, "stopped_by", &v));
    cr_assert_str_eq(json_object_get_string(v), sig == SIGINT ? "SIGINT" : "SIGTERM");
    cr_assert(json_object_object_get_ex(root, "t_reached_ms", &v));
    double reached = json_object_get_double(v);
    cr_assert(reached > 0 && reached < 60000, "t reached %g ms", reached);
    cr_assert(json_object_object_get_ex(root, "experiment", &v));
    cr_assert_str_eq(json_object_get_string(v), "default");
    json_object *exps, *x;
    cr_assert(json_object_object_get_ex(root, "experiments", &exps) &&
              json_object_object_length(exps) == 1 &&
              json_object_object_get_ex(exps, "default", &x));
    cr_assert(json_object_object_get_ex(x, "state", &v));
    cr_assert_str_eq(json_object_get_string(v), "stopped");
    cr_assert(json_object_object_get_ex(x, "t_reached_ms", &v) &&
              json_object_get_double(v) == reached);
    json_object_put(root);
    /* its spikes: a prefix of the whole run's, every one before t_reached */
    snprintf(full, sizeof full, "%s/full", t);
    cr_assert_eq(run(NULL, (const char *[]){model, "-o", full, NULL}), 0);
    snprintf(path, sizeof path, "%s/default/spikes.csv", inc);
    size_t npart, nwhole;
    char *part = slurp(path, &npart);
    snprintf(path, sizeof path, "%s/default/spikes.csv", full);
    char *whole = slurp(path, &nwhole);
    cr_assert(part && whole && npart > 12 && npart < nwhole, "%zu and %zu bytes", npart, nwhole);
    cr_assert(memcmp(part, whole, npart) == 0, "not a prefix of the whole run's spikes.csv");
    double next = strtod(whole + npart, NULL);
    cr_assert(next >= reached, "a spike at %g ms before t reached %g ms is missing", next,
              reached);
    free(part);
    free(whole);
    free(old);
    free(now);
    free(err);
    free(model);
    free(t);
}

Test(outdir, sigterm_keeps_stopped_run_incomplete, .timeout = 120) { stopped(SIGTERM); }
Test(outdir, sigint_keeps_stopped_run_incomplete, .timeout = 120) { stopped(SIGINT); }

/* Experiment `name` of a stopped run's summary: its state and, through
 * *t, the time it reached. */
static const char *outcome(json_object *root, const char *name, double *t)
{
    json_object *exps, *x, *v;
    cr_assert(json_object_object_get_ex(root, "experiments", &exps) &&
              json_object_object_get_ex(exps, name, &x), "no experiment '%s'", name);
    cr_assert(json_object_object_get_ex(x, "t_reached_ms", &v));
    *t = json_object_get_double(v);
    cr_assert(json_object_object_get_ex(x, "state", &v));
    return json_object_get_string(v);
}

/* Experiments run side by side, all stopped part-way: the summary says so
 * of each, with the time each reached (only the first was named: a reader
 * took the others for finished), and so does the message; the first
 * stopped one stays the summary's "experiment" and "t_reached_ms". */
Test(outdir, stopped_side_by_side_says_each_experiment, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], path[600], inc[300];
    snprintf(out, sizeof out, "%s/out", t);
    char *model = model_with(t, "1000000 ms", "experiment a { }\nexperiment b { }\n"
                             "experiment c { }\n");
    snprintf(errf, sizeof errf, "%s/err", t);
    pid_t pid = start(errf, (const char *[]){model, "-o", out, "--threads", "2", NULL});
    wait_for_rows_of(t, "a");
    wait_for_rows_of(t, "b");
    wait_for_rows_of(t, "c");
    kill(pid, SIGINT);
    cr_assert_eq(finish(pid), 128 + SIGINT);
    snprintf(inc, sizeof inc, "%s/out.incomplete", t);
    check_consistent(inc);
    snprintf(path, sizeof path, "%s/summary.json", inc);
    json_object *root = json_object_from_file(path), *v;
    cr_assert(root);
    double reached[3];
    const char *names[3] = {"a", "b", "c"};
    for (int k = 0; k < 3; k++) {
        cr_assert_str_eq(outcome(root, names[k], &reached[k]), "stopped", "%s", names[k]);
        cr_assert(reached[k] > 0 && reached[k] < 1000000, "%s: %g ms", names[k], reached[k]);
        snprintf(path, sizeof path, "%s/%s/spikes.csv", inc, names[k]);
        cr_assert(exists(path), "%s", path);
    }
    cr_assert(json_object_object_get_ex(root, "experiment", &v));
    cr_assert_str_eq(json_object_get_string(v), "a");
    cr_assert(json_object_object_get_ex(root, "t_reached_ms", &v) &&
              json_object_get_double(v) == reached[0]);
    json_object_put(root);
    char *err = slurp(errf, NULL), said[200];
    cr_assert(strstr(err, "circ: stopped by SIGINT at t = "), "%s", err);
    for (int k = 0; k < 3; k++) {
        snprintf(said, sizeof said, "%g ms of %s'%s'", reached[k], k ? "" : "experiment ",
                 names[k]);
        cr_assert(strstr(err, said), "'%s' not in: %s", said, err);
    }
    free(err);
    free(model);
    free(t);
}

/* Experiments one after another, stopped in the second: the first is
 * "finished" (its files all there), the second "stopped", the third
 * "not_started" (no directory of it). */
Test(outdir, stopped_in_turn_says_each_experiment, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], path[600], inc[300];
    snprintf(out, sizeof out, "%s/out", t);
    char *model = model_with(t, "20000 ms", "experiment a { }\nexperiment b { }\n"
                             "experiment c { }\n");
    snprintf(errf, sizeof errf, "%s/err", t);
    pid_t pid = start(errf, (const char *[]){model, "-o", out, "--threads", "1", NULL});
    wait_for_rows_of(t, "b");
    kill(pid, SIGTERM);
    cr_assert_eq(finish(pid), 128 + SIGTERM);
    snprintf(inc, sizeof inc, "%s/out.incomplete", t);
    check_consistent(inc);
    snprintf(path, sizeof path, "%s/summary.json", inc);
    json_object *root = json_object_from_file(path), *v;
    cr_assert(root);
    double ta, tb, tc;
    cr_assert_str_eq(outcome(root, "a", &ta), "finished");
    cr_assert_eq(ta, 20000);
    cr_assert_str_eq(outcome(root, "b", &tb), "stopped");
    cr_assert(tb > 0 && tb < 20000, "b: %g ms", tb);
    cr_assert_str_eq(outcome(root, "c", &tc), "not_started");
    cr_assert(json_object_object_get_ex(root, "experiment", &v));
    cr_assert_str_eq(json_object_get_string(v), "b");
    json_object_put(root);
    snprintf(path, sizeof path, "%s/a/cells.csv", inc);
    cr_assert(exists(path), "the finished experiment's cells.csv is missing");
    snprintf(path, sizeof path, "%s/c", inc);
    cr_assert_not(exists(path), "the experiment not started left a directory");
    char *err = slurp(errf, NULL), said[600];
    snprintf(said, sizeof said, "circ: stopped by SIGTERM at t = %g ms of experiment 'b' (1 "
             "finished, 1 not started): the partial output is in '%s'", tb, inc);
    cr_assert(strstr(err, said), "'%s' not in: %s", said, err);
    free(err);
    free(model);
    free(t);
}

/* SIGHUP while a run simulates (like a second SIGINT/SIGTERM, or one while
 * it compiles or writes): the unfinished run is removed, exit 128 + 1. */
Test(outdir, sighup_removes_partial_run, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], path[512];
    snprintf(out, sizeof out, "%s/out", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *old = slurp(path, NULL);
    char *model = long_model(t);
    snprintf(errf, sizeof errf, "%s/err", t);
    pid_t pid = start(errf, (const char *[]){model, "-o", out, "--seed", "5", NULL});
    wait_for_staging(t);
    kill(pid, SIGHUP);
    cr_assert_eq(finish(pid), 128 + SIGHUP);
    char *err = slurp(errf, NULL);
    cr_assert(strstr(err, "circ: interrupted by"), "%s", err);
    char *now = slurp(path, NULL);
    cr_assert(now && strcmp(old, now) == 0, "the previous run's summary changed");
    check_consistent(out);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0, "the partial run stayed");
    snprintf(path, sizeof path, "%s/out.incomplete", t);
    cr_assert_not(exists(path));
    free(old);
    free(now);
    free(err);
    free(model);
    free(t);
}

/* Runs killed with SIGKILL leave a staging directory; the next run into the
 * same place removes it (its process is gone). */
Test(outdir, stale_staging_removed, .timeout = 120)
{
    char *t = tmpdir(), out[256];
    snprintf(out, sizeof out, "%s/out", t);
    char *model = long_model(t);
    pid_t pid = start(NULL, (const char *[]){model, "-o", out, NULL});
    wait_for_staging(t);
    kill(pid, SIGKILL);
    cr_assert_eq(finish(pid), 128 + SIGKILL);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 1);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", out, NULL}), 0);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0);
    check_consistent(out);
    free(model);
    free(t);
}

/* Runs into one <out> at the same time: each succeeds, and <out> holds one
 * complete run, that of one of them. */
Test(outdir, concurrent_runs_leave_one_complete_run, .timeout = 300)
{
    char *t = tmpdir(), out[256];
    snprintf(out, sizeof out, "%s/out", t);
    for (int round = 0; round < 3; round++) {
        pid_t pids[4];
        const char *seeds[4] = {"11", "12", "13", "14"};
        for (int k = 0; k < 4; k++)
            pids[k] = start(NULL, (const char *[]){MODEL, "-o", out, "--seed", seeds[k],
                                                  "--threads", "1", NULL});
        for (int k = 0; k < 4; k++)
            cr_assert_eq(finish(pids[k]), 0, "run %d of round %d", k, round);
        long seed = check_consistent(out);
        cr_assert(seed >= 11 && seed <= 14);
        cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0);
    }
    free(t);
}

/* The disk fills while spikes and traces are streamed: a message naming the
 * file and the cause, exit 2 (an I/O error, as any output's), nothing left
 * in the staging directory.  A small tmpfs is the full disk (root only). */
Test(outdir, disk_full_while_streaming_fails_cleanly, .timeout = 120)
{
    char *t = tmpdir(), fs[256], out[300], errf[256], cmd[600];
    snprintf(fs, sizeof fs, "%s/fs", t);
    cr_assert_eq(mkdir(fs, 0777), 0);
    snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=256k tmpfs '%s' 2>/dev/null", fs);
    if (geteuid() != 0 || system(cmd) != 0) {
        free(t);
        cr_skip_test("cannot mount a small tmpfs (not root)");
    }
    snprintf(out, sizeof out, "%s/out", fs);
    snprintf(errf, sizeof errf, "%s/err", t);
    char *model = model_of(t, "20000 ms");
    int rc = run(errf, (const char *[]){model, "-o", out, NULL});
    int staged = count_prefixed(fs, ".out.circ-run-");
    bool made = exists(out);
    snprintf(cmd, sizeof cmd, "umount '%s'", fs);
    cr_assert_eq(system(cmd), 0);
    char *err = slurp(errf, NULL);
    cr_assert_eq(rc, 2, "%s", err);
    cr_assert(strstr(err, "No space left on device") && strstr(err, "no output written"), "%s",
              err);
    cr_assert_eq(staged, 0, "the staging directory stayed");
    cr_assert_not(made);
    free(err);
    free(model);
    free(t);
}

/* A run that completes removes the <out>.incomplete an earlier stopped run
 * left (it stayed: a reader checking for it took the new run for a stopped
 * one), saying so; one holding a file circ did not write stays, with a
 * warning.  A whole run moved there stands for the stopped one. */
Test(outdir, completed_run_removes_stale_incomplete, .timeout = 120)
{
    char *t = tmpdir(), out[256], errf[256], path[600], inc[300];
    snprintf(out, sizeof out, "%s/out", t);
    snprintf(inc, sizeof inc, "%s/out.incomplete", t);
    snprintf(errf, sizeof errf, "%s/err", t);
    cr_assert_eq(run(NULL, (const char *[]){MODEL, "-o", inc, NULL}), 0);
    cr_assert_eq(run(errf, (const char *[]){MODEL, "-o", out, NULL}), 0);
    cr_assert_not(exists(inc), "a completed run left the stale %s", inc);
    cr_assert_eq(count_prefixed(t, ".out.circ-run-"), 0);
    check_consistent(out);
    char *err = slurp(errf, NULL), said[700];
    snprintf(said, sizeof said, "circ: removed '%s', the partial output of an earlier stopped "
             "run", inc);
    cr_assert(strstr(err, said), "%s", err);
    free(err);
    /* one that holds a file circ did not write stays */
    cr_assert_eq(mkdir(inc, 0777), 0);
    snprintf(path, sizeof path, "%s/notes.txt", inc);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("mine\n", f);
    fclose(f);
    cr_assert_eq(run(errf, (const char *[]){MODEL, "-o", out, NULL}), 0);
    cr_assert(exists(path));
    err = slurp(errf, NULL);
    snprintf(said, sizeof said, "circ: warning: '%s', the partial output of an earlier stopped "
             "run, is left as it was, though this run completed: ", inc);
    cr_assert(strstr(err, said), "%s", err);
    free(err);
    free(t);
}

/* In a child: watches the signals as an MPI rank does (rt_outdir_watch_only),
 * learns that every rank stops (as rt_sim.c's exchange says so) after its
 * simulation ended, then takes `n` SIGTERMs of its own; exits 0 if it is
 * still there.  A batch system signals every rank at once, and a rank may
 * learn of the stop from another before its own signal comes. */
static int term_after_stop_of_another_rank(int n)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO);
        char err[256];
        struct rt_outdir *w = rt_outdir_watch_only(err, sizeof err);
        if (!w)
            _exit(3);
        rt_outdir_simulating(w, true);
        atomic_store(&rt_stop_signal, SIGTERM);     /* another rank's */
        rt_outdir_simulating(w, false);
        for (int i = 0; i < n; i++) {
            kill(getpid(), SIGTERM);
            nanosleep(&(struct timespec){0, 300000000}, NULL);
        }
        rt_outdir_close(w);
        _exit(atomic_load(&rt_stop_signal) == SIGTERM ? 0 : 4);
    }
    return finish(pid);
}

Test(outdir, own_signal_after_another_ranks_stop_is_a_first_one, .timeout = 30)
{
    cr_assert_eq(term_after_stop_of_another_rank(1), 0);
    cr_assert_eq(term_after_stop_of_another_rank(2), 128 + SIGTERM);
}
