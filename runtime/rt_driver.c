/* rt_driver.c - the experiment loop and output files shared by `circ run`
 * and ahead-of-time binaries, so both write byte-identical results. */
#define _DEFAULT_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "crt_model.h"
#include "rt_alloc.h"
#include "rt_files.h"
#include "rt_jobs.h"
#include "rt_mpi.h"
#include "rt_outdir.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

bool crt_selected(const struct crt_run_options *o, const struct crt_model *m, int e)
{
    if (o->nexperiments == 0)
        return true;
    int w = m->experiments[e].sweep;
    const char *name = w >= 0 ? m->sweeps[w].name : m->experiments[e].name;
    for (int i = 0; i < o->nexperiments; i++)
        if (strcmp(o->experiments[i], name) == 0)
            return true;
    return false;
}

/* A message of the run: on stderr after the program's name, or, for the
 * embedding API, into o->error (the first one only). */
static void say(const struct crt_run_options *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (o->error) {
        if (o->error_size > 0 && !o->error[0])
            vsnprintf(o->error, o->error_size, fmt, ap);
    } else {
        fprintf(stderr, "%s: ", crt_program);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
}

static void print_measures(const struct crt_model *m, struct crt_result *const *results,
                           const struct crt_analysis *a)
{
    for (int e = 0; e < m->nexperiments; e++) {
        if (!results[e] || m->experiments[e].sweep >= 0)    /* points: sweep.csv */
            continue;
        for (int k = 0; k < m->nmeasures; k++) {
            const struct crt_measure *ms = &m->measures[k];
            if (ms->experiment >= 0 && ms->experiment != e)
                continue;
            size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
            if (a->measure_absent[i] >= 0)
                printf("  %s: %s not evaluated (experiment '%s' was not run)\n",
                       m->experiments[e].name, ms->name,
                       m->experiments[a->measure_absent[i]].name);
            else if (a->verdicts[i])
                printf("  %s: %s = %s\n", m->experiments[e].name, ms->name, a->verdicts[i]);
            else
                printf("  %s: %s = %.6g%s%s\n", m->experiments[e].name, ms->name, a->values[i],
                       *ms->unit ? " " : "", ms->unit);
            if (a->evidence[i])
                printf("      (%s)\n", a->evidence[i]);
        }
    }
}

/* One experiment's CSV files in <outdir>/<experiment>/; false with err. */
static bool write_csv(const char *outdir, const struct crt_model *m, int e,
                      const struct crt_result *res, bool connections, bool sonata, char *err,
                      size_t errsize)
{
    char dir[4200], path[4400];
    snprintf(dir, sizeof dir, "%s/%s", outdir, m->experiments[e].name);
    snprintf(path, sizeof path, "%s/spikes.csv", dir);
    bool w = res->spikes_streamed || crt_write_spikes(path, res, err, errsize);
    if (w && sonata && !res->spikes_streamed) {   /* streamed with spikes.csv */
        snprintf(path, sizeof path, "%s/spikes.h5", dir);
        w = crt_write_sonata_spikes(path, m, res, err, errsize);
    }
    if (w && m->nspike_stims && !res->stim_spikes_streamed) {
        snprintf(path, sizeof path, "%s/stimulus_spikes.csv", dir);
        w = crt_write_stim_spikes(path, m, res, err, errsize);
    }
    if (w && res->ntraces && !res->traces_streamed) {
        snprintf(path, sizeof path, "%s/traces.csv", dir);
        w = crt_write_traces(path, res, err, errsize);
    }
    if (w) {
        snprintf(path, sizeof path, "%s/cells.csv", dir);
        w = crt_write_cells(path, m, res, err, errsize);
    }
    if (w && connections) {
        snprintf(path, sizeof path, "%s/connections.csv", dir);
        w = crt_write_connections(path, res, err, errsize);
    }
    return w;
}

/* An output job: one experiment's CSV files. */
struct csv_job {
    const char *outdir;
    const struct crt_model *m;
    int experiment;
    const struct crt_result *res;
    bool connections, sonata;
};

static bool run_csv(void *arg, char *err, size_t errsize)
{
    struct csv_job *j = arg;
    return write_csv(j->outdir, j->m, j->experiment, j->res, j->connections, j->sonata, err,
                     errsize);
}

/* ---- figures in worker processes ----
 *
 * cairo is not thread-safe for this (its font caches are shared: PNGs drawn
 * beside SVGs on another thread came out different), so the figures are drawn
 * by worker processes forked once the results exist and this process's CSV
 * writers have finished: a fork while another thread holds a lock (an
 * allocator's: ASan's does not reset its locks in the child) leaves that
 * lock held forever in the child, which hung.  Each worker takes the next figure from a counter in
 * shared memory, writes its SVG (and PNG) whole or not at all
 * and records the outcome in a slot of its own; the parent waits for every
 * worker and reports the first figure (in declaration order) that failed.
 * A figure's bytes do not depend on the process or on what it drew before
 * (crt_figure_svg), so any number of workers gives the same files. */
struct figure_slot {
    int state;              /* 0 not taken, 1 taken, 2 written, 3 failed */
    char err[512];
};

struct figure_board {
    atomic_int next;
    struct figure_slot slot[];
};

/* Figure i as SVG, and as PNG with --png or when its SVG is too large for
 * the report (which then shows the PNG); an allocation that fails in it
 * fails the figure with a message (in a worker process too: the guard is
 * the worker's own).  PNGs are most of the figures' cost (rasterizing and
 * compressing: ~2/3 of it for the seed), hence on request. */
static bool draw_figure(struct crt_figures *fs, int i, bool png, char *err, size_t errsize)
{
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        snprintf(err, errsize, "out of memory (%zu bytes) drawing figure %d", guard.bytes, i + 1);
        return false;
    }
    size_t svg_bytes = 0;
    bool ok = crt_figure_svg(fs, i, &svg_bytes, err, errsize);
    if (ok && (png || svg_bytes > CRT_SVG_INLINE_MAX))
        ok = crt_figure_png(fs, i, err, errsize);
    rt_oom_pop(&guard);
    return ok;
}

static void draw_figures(struct crt_figures *fs, struct figure_board *b, int n, bool png)
{
    for (int i; (i = atomic_fetch_add(&b->next, 1)) < n;) {
        struct figure_slot *s = &b->slot[i];
        s->state = 1;
        s->state = draw_figure(fs, i, png, s->err, sizeof s->err) ? 2 : 3;
    }
}

/* Forks up to `want` workers drawing from b; returns how many started (none:
 * the caller draws the figures itself). */
static int start_workers(struct crt_figures *fs, struct figure_board *b, int n, int want,
                         bool png, pid_t *pid)
{
    fflush(NULL);           /* the workers must not write our buffered output again */
    int started = 0;
    for (; started < want; started++) {
        pid[started] = fork();
        if (pid[started] < 0)
            break;
        if (pid[started] == 0) {
            /* a worker stops with its parent, and at once on SIGINT, SIGTERM
             * or SIGHUP, which the parent blocks for its watcher thread
             * (rt_outdir.c): the parent removes the unfinished run */
            sigset_t stop;
            sigemptyset(&stop);
            sigaddset(&stop, SIGINT);
            sigaddset(&stop, SIGTERM);
            sigaddset(&stop, SIGHUP);
            signal(SIGINT, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            signal(SIGHUP, SIG_DFL);
            sigprocmask(SIG_UNBLOCK, &stop, NULL);
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
            draw_figures(fs, b, n, png);
            _exit(0);
        }
    }
    return started;
}

/* Waits for the workers; false with err if one died or a figure failed. */
static bool finish_workers(struct figure_board *b, int n, const pid_t *pid, int started,
                           char *err, size_t errsize)
{
    bool ok = true;
    for (int w = 0; w < started; w++) {
        int status;
        while (waitpid(pid[w], &status, 0) < 0 && errno == EINTR)
            ;
        if (ok && WIFSIGNALED(status)) {
            snprintf(err, errsize, "a figure worker died (signal %d)", WTERMSIG(status));
            ok = false;
        }
    }
    for (int i = 0; ok && i < n; i++)
        if (b->slot[i].state != 2) {
            snprintf(err, errsize, "%s", b->slot[i].state == 3 ? b->slot[i].err
                                         : "a figure was not drawn (its worker stopped)");
            ok = false;
        }
    return ok;
}

/* The first failed CSV writer in experiment order into err; false if one failed. */
static bool writers_ok(const struct crt_model *m, const struct rt_job *writers, char *err,
                       size_t errsize)
{
    for (int e = 0; e < m->nexperiments; e++)
        if (writers[e].started == 2 && !writers[e].ok) {
            snprintf(err, errsize, "%s", writers[e].err);
            return false;
        }
    return true;
}

/* The figures in m->threads worker processes, forked once the CSV writers
 * started by run_experiments have finished; meanwhile this thread writes
 * the files of the experiment that finished last (left unstarted).  An
 * error is the first writer's in experiment order, else the figures'. */
static bool write_files(const char *outdir, const struct crt_model *m,
                        struct crt_result *const *results, const struct crt_analysis *a,
                        struct rt_job *writers, bool png, char *err, size_t errsize)
{
    for (int e = 0; e < m->nexperiments; e++)
        if (writers[e].started != 0)
            rt_job_finish(&writers[e]);
    bool ok = writers_ok(m, writers, err, errsize);
    struct crt_figures *fs = ok ? crt_figures_open(outdir, m, results, err, errsize) : NULL;
    if (!fs) {
        for (int e = 0; e < m->nexperiments; e++)
            rt_job_run_here(&writers[e]);   /* so that the error is the first in order */
        writers_ok(m, writers, err, errsize);
        return false;
    }
    crt_figures_use_analysis(fs, a);
    int threads = m->threads > 0 ? m->threads : 1, nf = m->nfigures;
    size_t board_size = sizeof(struct figure_board) + (size_t)nf * sizeof(struct figure_slot);
    struct figure_board *b = NULL;
    pid_t *pid = rt_calloc((size_t)threads, sizeof *pid);
    int workers = 0;
    if (nf > 0 && pid) {
        void *p = mmap(NULL, board_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            b = p;      /* zero-filled: every slot not taken */
            workers = start_workers(fs, b, nf, threads < nf ? threads : nf, png, pid);
        }
    }
    for (int e = 0; e < m->nexperiments; e++)
        rt_job_run_here(&writers[e]);
    ok = writers_ok(m, writers, err, errsize);
    char ferr[512] = "";
    bool fok = true;
    if (workers > 0) {
        fok = finish_workers(b, nf, pid, workers, ferr, sizeof ferr);
    } else {
        /* no shared memory or no fork: draw here, after the CSV writers */
        for (int i = 0; ok && fok && i < nf; i++)
            fok = draw_figure(fs, i, png, ferr, sizeof ferr);
    }
    if (ok && !fok) {
        snprintf(err, errsize, "%s", ferr);
        ok = false;
    }
    if (b)
        munmap(b, board_size);
    free(pid);
    crt_figures_close(fs);
    return ok;
}

/* Analysis, the CSV files and figures, report.html, then summary.json
 * with the list of every other file; returns the exit status. */
static int write_outputs(const char *outdir, struct crt_model *m, struct crt_result **results,
                         struct rt_job *writers, const struct crt_run_options *o)
{
    double t0 = now();
    struct crt_analysis a;
    crt_analyse(m, results, &a);
    crt_analysis_say(m, &a, stderr);
    print_measures(m, results, &a);
    char path[4200], err[512];
    double t1 = now();
    bool w = write_files(outdir, m, results, &a, writers, o->png, err, sizeof err);
    double t2 = now();
    for (int e = 0; w && o->sonata && e < m->nexperiments; e++)
        if (results[e]) {   /* every experiment runs the same network */
            w = crt_write_sonata(outdir, m, results[e], err, sizeof err);
            break;
        }
    if (w)
        w = crt_write_sweeps(outdir, m, results, &a, err, sizeof err);
    if (w) {
        snprintf(path, sizeof path, "%s/report.html", outdir);
        w = crt_write_report(path, m, results, &a, err, sizeof err);
    }
    double t3 = now();
    struct rt_file_list files = {0};
    if (w)
        w = rt_list_files(outdir, m->threads > 0 ? m->threads : 1, &files, err, sizeof err);
    if (w) {
        snprintf(path, sizeof path, "%s/summary.json", outdir);
        w = crt_write_summary(path, m, results, &a, &files, err, sizeof err);
    }
    rt_file_list_free(&files);
    if (w && o->time)
        fprintf(stderr, "time: analysis %.1f ms, CSV files and figures %.1f ms (%d threads), "
                "report %.1f ms, file list and summary %.1f ms\n", 1e3 * (t1 - t0),
                1e3 * (t2 - t1), m->threads > 0 ? m->threads : 1, 1e3 * (t3 - t2),
                1e3 * (now() - t3));
    int rc = 0;
    if (!w) {
        fprintf(stderr, "%s: %s\n", crt_program, err);
        rc = 2;
    } else if (a.failed) {
        rc = 1;
    }
    crt_analysis_free(m, &a);
    return rc;
}

/* write_outputs; an allocation that fails in it (the analysis, the
 * figures' set-up, the report) ends it with a message and exit status 2,
 * and nothing is committed. */
static int write_outputs_guarded(const char *outdir, struct crt_model *m,
                                 struct crt_result **results, struct rt_job *writers,
                                 const struct crt_run_options *o)
{
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        fprintf(stderr, "%s: out of memory (%zu bytes) while writing the outputs\n", crt_program,
                guard.bytes);
        return 2;
    }
    int rc = write_outputs(outdir, m, results, writers, o);
    rt_oom_pop(&guard);
    return rc;
}

/* One experiment of a run: simulated on `threads` threads, then its CSV
 * files started on a thread of their own (writer, csv) while the others go
 * on.  res is NULL until it ran; error says why it failed. */
struct experiment_job {
    struct crt_model *m;
    const struct crt_run_options *o;
    const char *staging;
    int experiment, threads, flags;
    struct crt_result *res;
    struct rt_job *writer;
    struct csv_job *csv;
    atomic_int *unfinished;     /* experiments of the run not yet simulated */
    bool failed, write_failed;
    int stopped_by;             /* a signal stopped it at t_reached (rt_outdir.h) */
    double t_reached;
    bool not_started;           /* stopped before it began: nothing of it written */
    char error[300];
};

static bool run_experiment(void *arg, char *err, size_t errsize)
{
    struct experiment_job *j = arg;
    if (rt_mpi_size() == 1 && atomic_load(&rt_stop_signal) != 0) {
        /* run side by side, it had not begun when the run was stopped (a
         * signal after this look stops the run before its first step:
         * then it is "stopped" at 0 ms) */
        j->stopped_by = atomic_load(&rt_stop_signal);
        j->not_started = j->failed = true;
        snprintf(err, errsize, "stopped before it began");
        return false;
    }
    struct crt_result *res = calloc(1, sizeof *res);   /* checked: no guard here */
    if (!res && rt_mpi_size() > 1)
        rt_mpi_abort("out of memory");      /* the other ranks would wait for this one */
    char dir[4400];         /* spikes and traces streamed there while the run goes */
    snprintf(dir, sizeof dir, "%s/%s", j->staging ? j->staging : "",
             j->m->experiments[j->experiment].name);
    if (!res || !(j->staging ? crt_run_into(j->m, j->experiment, j->flags, j->threads, dir, res)
                             : crt_run_streamed(j->m, j->experiment, j->flags, j->threads, NULL,
                                                res))) {
        snprintf(j->error, sizeof j->error, "%s", res ? res->error : "out of memory");
        j->write_failed = res && res->write_failed;
        j->stopped_by = res ? res->stopped_by : 0;
        j->t_reached = res ? res->t_reached : 0;
        if (res)
            crt_result_free(res);
        free(res);
        j->failed = true;
        snprintf(err, errsize, "%s", j->error);
        return false;
    }
    j->res = res;
    if (!j->staging)        /* another rank than 0: rank 0 has the results */
        return true;
    *j->csv = (struct csv_job){j->staging, j->m, j->experiment, res, j->o->connections,
                               j->o->sonata};
    *j->writer = (struct rt_job){.run = run_csv, .arg = j->csv};
    /* the last experiment to finish leaves its files to write_files, which
     * writes them beside the figure workers: those are forked only while
     * no other thread runs (see below) */
    if (atomic_fetch_sub(j->unfinished, 1) > 1)
        rt_job_start(j->writer);
    return true;
}

/* How many of the n selected experiments run side by side.  They are
 * independent, and a small network gains little from splitting its cells
 * over threads (the parts meet at a barrier every minimum delay), so with
 * several threads whole experiments share them out.  They read the model's
 * tables, which only experiments with equal tables may share, and every
 * run's memory counts at once. */
int crt_experiment_lanes(const struct crt_model *m, const int *sel, int n, int flags)
{
    /* rounds of `threads` experiments would leave cores idle in a last,
     * partial round (3 on 2 threads: 2 x the time of one); up to twice as
     * many experiments as threads all go at once and share the cores (1.5 x):
     * one experiment on one thread has no barrier to wait at */
    int lanes = m->threads < n ? (n <= 2 * m->threads && m->threads > 1 ? n : m->threads) : n;
    for (int i = 1; i < n && lanes > 1; i++)
        if (!crt_same_tables(m, sel[0], sel[i]))
            lanes = 1;
    if (lanes <= 1)
        return 1;
    bool *chosen = calloc((size_t)m->nexperiments + 1, sizeof *chosen);
    if (!chosen)
        return 1;
    for (int i = 0; i < n; i++)
        chosen[sel[i]] = true;
    char why[512];
    while (lanes > 1 && !crt_check_memory_lanes(m, chosen, flags, lanes, why, sizeof why))
        lanes--;
    free(chosen);
    return lanes;
}

static int run_experiments(const char *staging, struct crt_model *m, struct crt_result **results,
                           struct rt_job *writers, struct csv_job *csvs,
                           const struct crt_run_options *o, struct crt_exp_outcome *outcomes);

/* The signal that stopped some rank's run (0: none), the same on every
 * rank (collective): a signal one rank got after the others had ended
 * their last interval still marks the run incomplete. */
static int stop_signal_of_any_rank(void)
{
    int sig = atomic_load(&rt_stop_signal);
    return rt_mpi_size() > 1 ? (int)-rt_mpi_min(-(double)sig) : sig;
}

/* Another rank than 0: the experiments, with rank 0 (which writes). */
static int ranks_run(struct crt_model *m, const struct crt_run_options *o)
{
    struct crt_result **results = calloc((size_t)m->nexperiments + 1, sizeof *results);
    if (!results)
        rt_mpi_abort("out of memory");      /* rank 0 would wait for this one */
    /* a first SIGINT or SIGTERM stops every rank after the same interval
     * (rt_sim.c's exchange); rank 0 keeps what was written */
    char err[256];
    struct rt_outdir *watch = rt_outdir_watch_only(err, sizeof err);
    if (!watch) {
        /* rt_mpi_start blocked them for the watcher: without one, the
         * default action (the process ends) must hold again */
        sigset_t stop;
        rt_stop_signals(&stop);
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        fprintf(stderr, "%s: rank %d: %s; a signal ends it at once\n", crt_program,
                rt_mpi_rank(), err);
    }
    if (watch)
        rt_outdir_simulating(watch, true);
    int rc = run_experiments(NULL, m, results, NULL, NULL, o, NULL);
    if (watch)
        rt_outdir_simulating(watch, false);
    int sig = stop_signal_of_any_rank();
    if (sig)
        rc = 128 + sig;     /* as rank 0's keep_stopped */
    rt_outdir_close(watch);
    for (int e = 0; e < m->nexperiments; e++)
        if (results[e]) {
            crt_result_free(results[e]);
            free(results[e]);
        }
    free(results);
    return rc;
}

/* Runs the selected experiments into the staging directory, each one's CSV
 * files written on a thread of their own while the others simulate
 * (writers[e], csvs[e]; the caller finishes them); returns the exit status
 * (0, or 1 when an experiment failed or was stopped, 2 on I/O errors).
 * outcomes (NULL, or m->nexperiments entries): what became of each, for a
 * stopped run.  What is printed does not depend on how the experiments
 * were shared out. */
static int run_experiments(const char *staging, struct crt_model *m, struct crt_result **results,
                           struct rt_job *writers, struct csv_job *csvs,
                           const struct crt_run_options *o, struct crt_exp_outcome *outcomes)
{
    int *sel = calloc((size_t)m->nexperiments + 1, sizeof *sel);
    struct experiment_job *jobs = calloc((size_t)m->nexperiments + 1, sizeof *jobs);
    struct rt_job *runs = calloc((size_t)m->nexperiments + 1, sizeof *runs);
    int n = 0, rc = 0;
    if (!sel || !jobs || !runs) {
        say(o, "out of memory");
        rc = 2;
    }
    for (int e = 0; rc == 0 && e < m->nexperiments; e++) {
        const char *ename = m->experiments[e].name;
        if (!crt_selected(o, m, e))
            continue;
        char dir[4200];
        int w = m->experiments[e].sweep;
        if (staging && w >= 0 && e == m->sweeps[w].first) {   /* <out>/<sweep>/ first */
            snprintf(dir, sizeof dir, "%s/%s", staging, m->sweeps[w].name);
            if (mkdir(dir, 0777) != 0) {
                fprintf(stderr, "%s: cannot create '%s': %s\n", crt_program, dir,
                        strerror(errno));
                rc = 2;
            }
        }
        snprintf(dir, sizeof dir, "%s/%s", staging ? staging : "", ename);
        if (staging && mkdir(dir, 0777) != 0) {
            fprintf(stderr, "%s: cannot create '%s': %s\n", crt_program, dir, strerror(errno));
            rc = 2;
        }
        sel[n++] = e;
    }
    if (!rt_mpi_all(rc == 0))       /* every rank runs the experiments, or none */
        rc = 2;
    /* connections only change what is returned, never the simulation */
    bool keep = o->connections || o->sonata || crt_figures_need_connections(m);
    int flags = (keep ? CRT_RUN_CONNECTIONS : 0) | (o->sonata ? CRT_RUN_SONATA_SPIKES : 0) |
                (o->error ? CRT_RUN_QUIET : CRT_RUN_STREAM);     /* embedded: traces whole */
    /* MPI ranks: one experiment after another on the main thread, every
     * rank in the same order (their collective calls must match) */
    int lanes = rc == 0 && rt_mpi_size() == 1 ? crt_experiment_lanes(m, sel, n, flags) : 1;
    char err[512];
    if (lanes > 1 && !crt_resolve_where(m, err, sizeof err))
        lanes = 1;          /* each run says why, in order, below */
    if (lanes > 1) {
        crt_fill_tables(m, sel[0]);
        flags |= CRT_RUN_QUIET | CRT_RUN_TABLES_FILLED;
    }
    atomic_int unfinished = n;
    for (int i = 0; rc == 0 && i < n; i++) {
        int e = sel[i];
        jobs[i] = (struct experiment_job){m, o, staging, e,
                                          m->threads > lanes ? m->threads / lanes : 1, flags,
                                          .writer = writers ? &writers[e] : NULL,
                                          .csv = csvs ? &csvs[e] : NULL,
                                          .unfinished = &unfinished};
        runs[i] = (struct rt_job){.run = run_experiment, .arg = &jobs[i]};
    }
    if (rc == 0 && lanes > 1)
        rt_run_jobs(runs, n, lanes, err, sizeof err);
    bool stopped = false;
    for (int i = 0; rc == 0 && i < n; i++) {
        struct experiment_job *j = &jobs[i];
        const char *ename = m->experiments[j->experiment].name;
        if (lanes == 1)     /* one after another, stopping at a failure */
            run_experiment(j, err, sizeof err);
        if (j->failed && j->stopped_by) {     /* the caller says so (outcomes) */
            stopped = true;
            if (lanes == 1)
                break;
            continue;       /* the others ran side by side: each finished or stopped */
        }
        if (j->failed) {
            if (rt_mpi_rank() == 0)     /* every rank has the same message */
                say(o, "experiment '%s': %s", ename, j->error);
            rc = j->write_failed ? 2 : 1;   /* a streamed file: an I/O error */
            break;
        }
        results[j->experiment] = j->res;
        if (!staging)
            continue;
        printf("%s: %ld spikes from %d cells, %ld connections\n", ename, j->res->nspikes,
               m->ncells, j->res->nconnections);
        if (o->time)
            fprintf(stderr, "time: %s: build network %.1f ms, simulate %.1f ms\n", ename,
                    j->res->ms_build, j->res->ms_simulate);
    }
    if (stopped && rc == 0)
        rc = 1;
    /* runs side by side after a failure: their results go to the caller to free */
    for (int i = 0; jobs && i < n; i++)
        if (jobs[i].res && !results[jobs[i].experiment])
            results[jobs[i].experiment] = jobs[i].res;
    for (int i = 0; outcomes && jobs && i < n; i++) {
        const struct experiment_job *j = &jobs[i];
        struct crt_exp_outcome *x = &outcomes[sel[i]];
        if (j->res)
            *x = (struct crt_exp_outcome){CRT_EXP_FINISHED, m->tstop};
        else if (j->failed && j->stopped_by && !j->not_started)
            *x = (struct crt_exp_outcome){CRT_EXP_STOPPED, j->t_reached};
        else if (j->failed && !j->stopped_by)
            *x = (struct crt_exp_outcome){CRT_EXP_FAILED, 0};    /* the first is said */
        else        /* not begun, or never run after the one that stopped */
            *x = (struct crt_exp_outcome){CRT_EXP_NOT_STARTED, 0};
    }
    free(sel);
    free(jobs);
    free(runs);
    return rc;
}

static int run_main(struct crt_model *m, const struct crt_run_options *o);


/* Under mpirun, every rank runs this with the same options: each builds
 * and steps its share of the cells (rt_sim.c), rank 0 has every result and
 * writes the outputs; the others write nothing. */
int crt_main(struct crt_model *m, const struct crt_run_options *o)
{
    /* glibc raises its mmap threshold to the largest block freed (up to 32
     * MiB), after which large blocks come from the heap and stay resident
     * once freed: a run's connection records (rt_conns.h), a finished
     * experiment's network.  Fixed, every large block goes back when freed. */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    rt_mpi_start();
    return rt_mpi_end(run_main(m, o));
}

/* Threads per rank when --threads is not given: the machine's free cores
 * shared among the ranks on it. */
static int default_threads(const struct crt_model *m)
{
    int n = crt_default_threads(m), local = rt_mpi_local_size();
    return rt_mpi_size() > 1 && local > 1 ? (n / local > 1 ? n / local : 1) : n;
}

int crt_prepare_run(struct crt_model *m, const struct crt_run_options *o, int nranks)
{
    if (o->seed >= 0)
        m->seed = (uint32_t)o->seed;
    if (o->threads > 0) {
        m->threads = o->threads;
    } else if (nranks == rt_mpi_size()) {
        m->threads = default_threads(m);
    } else {            /* circ plan --ranks K: K ranks on this machine */
        int n = crt_default_threads(m) / nranks;
        m->threads = n > 1 ? n : 1;
    }
    m->rng = o->rng;
    m->memory_limit = o->memory_limit;
    for (int i = 0; i < o->nexperiments; i++) {
        bool known = false;
        for (int e = 0; e < m->nexperiments; e++)
            known |= m->experiments[e].sweep < 0 &&
                     strcmp(m->experiments[e].name, o->experiments[i]) == 0;
        for (int w = 0; w < m->nsweeps; w++)
            known |= strcmp(m->sweeps[w].name, o->experiments[i]) == 0;
        if (!known) {
            say(o, "the model has no experiment '%s'", o->experiments[i]);
            return 2;
        }
    }
    /* cell lists filtered by `where` are counted as they will be built: that
     * places the cells, whose positions every run keeps, so only when those
     * fit (else the memory check refuses anyway, unfiltered lists over-count;
     * a failure here is the run's to report) */
    const char *source;
    double limit = crt_memory_limit(m, &source);
    char err[512];
    if ((double)m->ncells * 3 * sizeof(double) < limit) {
        crt_resolve_where(m, err, sizeof err);
        crt_count_rules(m);     /* a probability of the pair from the placed cells */
    }
    return 0;
}

/* Appends to buf (size bytes, *len used) what fits of the text. */
static void add_text(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

/* Where a stopped run got, for its message: "at t = 5 ms of experiment
 * 'a', at t = 4 ms of 'b' and at t = 6 ms of 'c' (1 finished, 2 not
 * started)", the first few stopped experiments named; "" if none stopped. */
static void stopped_where(const struct crt_model *m, const struct crt_exp_outcome *outcomes,
                          char *buf, size_t size)
{
    enum { NAMED = 4 };
    static const char *const what[] = {[CRT_EXP_FINISHED] = "finished",
                                       [CRT_EXP_NOT_STARTED] = "not started",
                                       [CRT_EXP_FAILED] = "failed"};
    static const enum crt_exp_state others[] = {CRT_EXP_FINISHED, CRT_EXP_NOT_STARTED,
                                                CRT_EXP_FAILED};
    int count[CRT_EXP_FAILED + 1] = {0}, listed = 0;
    for (int e = 0; e < m->nexperiments; e++)
        count[outcomes[e].state]++;
    size_t len = 0;
    buf[0] = '\0';
    for (int e = 0; e < m->nexperiments && listed < NAMED; e++) {
        if (outcomes[e].state != CRT_EXP_STOPPED)
            continue;
        bool last = ++listed == count[CRT_EXP_STOPPED];
        add_text(buf, size, &len, "%sat t = %g ms of %s'%s'",
                 listed == 1 ? "" : last ? " and " : ", ", outcomes[e].t_reached,
                 listed == 1 ? "experiment " : "", m->experiments[e].name);
    }
    if (listed == 0)
        return;
    if (count[CRT_EXP_STOPPED] > NAMED)
        add_text(buf, size, &len, " and %d more", count[CRT_EXP_STOPPED] - NAMED);
    const char *sep = " (";
    for (int k = 0; k < 3; k++)
        if (count[others[k]] > 0) {
            add_text(buf, size, &len, "%s%d %s", sep, count[others[k]], what[others[k]]);
            sep = ", ";
        }
    if (sep[0] == ',')
        add_text(buf, size, &len, ")");
}

/* A run a signal stopped while it simulated: the experiments it finished
 * with their CSV files, those it stopped in with spikes.csv and traces.csv
 * up to where each got, and a summary.json that says what became of each
 * (outcomes), moved to "<out>.incomplete"; <out> keeps the previous run.
 * Returns 128 + sig. */
static int keep_stopped(struct rt_outdir *od, const struct crt_model *m, struct rt_job *writers,
                        const struct crt_exp_outcome *outcomes, const char *outdir, int sig)
{
    const char *staging = rt_outdir_staging(od);
    char err[PATH_MAX + 512], path[PATH_MAX + 64], where[PATH_MAX + 64];
    for (int e = 0; writers && e < m->nexperiments; e++)
        rt_job_run_here(&writers[e]);   /* the finished experiments' files (the last's too) */
    for (int e = 0; e < m->nexperiments; e++)
        if (outcomes[e].state == CRT_EXP_NOT_STARTED) {    /* made for it, still empty */
            snprintf(path, sizeof path, "%s/%s", staging, m->experiments[e].name);
            rmdir(path);
            int w = m->experiments[e].sweep;
            if (w >= 0) {       /* and its sweep's, if no point of it ran */
                snprintf(path, sizeof path, "%s/%s", staging, m->sweeps[w].name);
                rmdir(path);
            }
        }
    struct rt_file_list files = {0};
    snprintf(path, sizeof path, "%s/summary.json", staging);
    bool ok = rt_list_files(staging, m->threads, &files, err, sizeof err) &&
              crt_write_incomplete_summary(path, m, sig, outcomes, &files, err, sizeof err) &&
              rt_outdir_keep_incomplete(od, where, sizeof where, err, sizeof err);
    rt_file_list_free(&files);
    const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";
    char at[1024];
    stopped_where(m, outcomes, at, sizeof at);
    if (!ok)
        fprintf(stderr, "%s: stopped by %s; %s; no output kept, '%s' is as it was\n",
                crt_program, name, err, outdir);
    else if (at[0])
        fprintf(stderr, "%s: stopped by %s %s: the partial output is in '%s' (its summary.json "
                "says \"complete\": false, and what became of each experiment); '%s' is as it "
                "was\n", crt_program, name, at, where, outdir);
    else
        fprintf(stderr, "%s: stopped by %s after the simulation: the partial output is in "
                "'%s' (its summary.json says \"complete\": false); '%s' is as it was\n",
                crt_program, name, where, outdir);
    return 128 + sig;
}

int crt_run_results(struct crt_model *m, const struct crt_run_options *o,
                    struct crt_result **results)
{
    int rc = crt_prepare_run(m, o, 1);
    if (rc != 0)
        return rc;
    /* refused before anything is allocated, as crt_main */
    bool *chosen = calloc((size_t)m->nexperiments + 1, sizeof *chosen);
    char why[512] = "out of memory";
    for (int e = 0; chosen && e < m->nexperiments; e++)
        chosen[e] = crt_selected(o, m, e);
    /* as run_experiments keeps them */
    bool lists = o->connections || crt_figures_need_connections(m);
    bool fits = chosen && crt_check_memory(m, chosen, lists ? CRT_RUN_CONNECTIONS : 0, why,
                                           sizeof why);
    free(chosen);
    if (!fits) {
        say(o, "%s", why);
        return 1;
    }
    return run_experiments(NULL, m, results, NULL, NULL, o, NULL);
}

/* Traces are streamed to disk, so memory does not bound them: said before
 * the run when the traces of the selected experiments may not fit in the
 * space left where they go (an estimate: a run that fills the disk still
 * ends with a message, and its output directory is as it was). */
static void warn_disk_space(const struct crt_model *m, const struct crt_run_options *o,
                            const char *outdir, const char *staging)
{
    double columns, bytes = 0;
    for (int e = 0; e < m->nexperiments; e++)
        if (crt_selected(o, m, e))
            bytes += crt_trace_file_bytes(m, &columns);
    struct statvfs fs;
    if (bytes <= 0 || !staging || statvfs(staging, &fs) != 0)
        return;
    double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    if (bytes <= free_bytes)
        return;
    char need[32], have[32];
    crt_format_bytes(bytes, need, sizeof need);
    crt_format_bytes(free_bytes, have, sizeof have);
    fprintf(stderr, "%s: warning: the traces may take about %s (as circ plan estimates them), "
            "more than the %s free where '%s' is written: the run may stop when the disk is "
            "full (record fewer cells, `every` a longer interval, or a shorter duration)\n",
            crt_program, need, have, outdir);
}

static int run_main(struct crt_model *m, const struct crt_run_options *o)
{
    int rc = crt_prepare_run(m, o, rt_mpi_size());
    if (rc != 0)
        return rc;
    /* refused before anything is allocated or written */
    bool *chosen = calloc((size_t)m->nexperiments + 1, sizeof *chosen);   /* checked */
    char why[512];
    for (int e = 0; chosen && e < m->nexperiments; e++)
        chosen[e] = crt_selected(o, m, e);
    bool lists = o->connections || o->sonata || crt_figures_need_connections(m);
    bool fits = chosen && crt_check_memory(m, chosen, CRT_RUN_STREAM |
                                           (lists ? CRT_RUN_CONNECTIONS : 0), why, sizeof why);
    if (!chosen)
        snprintf(why, sizeof why, "out of memory");
    free(chosen);
    /* every rank, or none (machines may differ); rank 0 says why */
    if (!rt_mpi_agree(fits, why, sizeof why)) {
        if (rt_mpi_rank() == 0)
            fprintf(stderr, "%s: %s\n", crt_program, why);
        return 1;
    }
    char outdir[4096], err[PATH_MAX + 512];
    if (o->outdir)
        snprintf(outdir, sizeof outdir, "%s", o->outdir);
    else
        snprintf(outdir, sizeof outdir, "circ-out/%s", m->name);
    /* the run writes beside <outdir> and swaps it in only when it is whole
     * (rank 0 alone) */
    bool root = rt_mpi_rank() == 0;
    struct rt_outdir *od = root ? rt_outdir_open(outdir, err, sizeof err) : NULL;
    if (root && !od)
        fprintf(stderr, "%s: %s\n", crt_program, err);
    if (!rt_mpi_all(!root || od))
        return 2;
    if (!root)
        return ranks_run(m, o);
    warn_disk_space(m, o, outdir, rt_outdir_staging(od));
    /* every run's results stay until the analysis: measures compare experiments */
    struct crt_result **results = calloc((size_t)m->nexperiments + 1, sizeof *results);
    struct rt_job *writers = calloc((size_t)m->nexperiments + 1, sizeof *writers);
    struct csv_job *csvs = calloc((size_t)m->nexperiments + 1, sizeof *csvs);
    struct crt_exp_outcome *outcomes = calloc((size_t)m->nexperiments + 1, sizeof *outcomes);
    if (!(results && writers && csvs && outcomes) && rt_mpi_size() > 1)
        rt_mpi_abort("out of memory");      /* the other ranks would wait for this one */
    /* a first SIGINT or SIGTERM from here stops the simulation at its next
     * interval (every rank at the same one), and what it wrote is kept
     * (below) */
    rt_outdir_simulating(od, true);
    rc = results && writers && csvs && outcomes
                 ? run_experiments(rt_outdir_staging(od), m, results, writers, csvs, o, outcomes)
                 : 2;
    rt_outdir_simulating(od, false);
    int sig = stop_signal_of_any_rank();
    bool committed = false;
    if (sig && outcomes) {
        rc = keep_stopped(od, m, writers, outcomes, outdir, sig);
        committed = true;   /* said there */
    } else if (rc == 0) {
        rc = write_outputs_guarded(rt_outdir_staging(od), m, results, writers, o);
        if (rc != 2) {
            committed = rt_outdir_commit(od, err, sizeof err);
            if (!committed) {
                fprintf(stderr, "%s: %s\n", crt_program, err);
                rc = 2;
            }
        }
    }
    for (int e = 0; writers && e < m->nexperiments; e++)
        rt_job_finish(&writers[e]);        /* before the staging directory goes */
    if (!committed)
        fprintf(stderr, "%s: no output written; '%s' is as it was\n", crt_program, outdir);
    rt_outdir_close(od);
    for (int e = 0; results && e < m->nexperiments; e++)
        if (results[e]) {
            crt_result_free(results[e]);
            free(results[e]);
        }
    free(results);
    free(writers);
    free(csvs);
    free(outcomes);
    return rc;
}
