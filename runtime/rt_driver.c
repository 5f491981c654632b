/* rt_driver.c - the experiment loop and output files shared by `circ run`
 * and ahead-of-time binaries, so both write byte-identical results. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crt_model.h"
#include "rt_files.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static bool selected(const struct crt_run_options *o, const char *name)
{
    if (o->nexperiments == 0)
        return true;
    for (int i = 0; i < o->nexperiments; i++)
        if (strcmp(o->experiments[i], name) == 0)
            return true;
    return false;
}

static void print_measures(const struct crt_model *m, struct crt_result *const *results,
                           const struct crt_analysis *a)
{
    for (int e = 0; e < m->nexperiments; e++) {
        if (!results[e])
            continue;
        for (int k = 0; k < m->nmeasures; k++) {
            const struct crt_measure *ms = &m->measures[k];
            if (ms->experiment >= 0 && ms->experiment != e)
                continue;
            size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
            if (a->verdicts[i])
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
                      const struct crt_result *res, bool connections, char *err, size_t errsize)
{
    char dir[4200], path[4400];
    snprintf(dir, sizeof dir, "%s/%s", outdir, m->experiments[e].name);
    snprintf(path, sizeof path, "%s/spikes.csv", dir);
    bool w = crt_write_spikes(path, res, err, errsize);
    if (w && res->ntraces) {
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

/* The CSV files of every finished run, on a thread of their own while the
 * figures are drawn (each is a single-threaded job of ~0.1-0.2 s). */
struct csv_job {
    const char *outdir;
    const struct crt_model *m;
    struct crt_result *const *results;
    bool connections;
    bool ok;
    double seconds;
    char err[512];
};

static void *write_all_csv(void *arg)
{
    struct csv_job *j = arg;
    double t0 = now();
    j->ok = true;
    for (int e = 0; e < j->m->nexperiments && j->ok; e++)
        if (j->results[e])
            j->ok = write_csv(j->outdir, j->m, e, j->results[e], j->connections, j->err,
                              sizeof j->err);
    j->seconds = now() - t0;
    return NULL;
}

/* Analysis, summary.json, figures and report.html, with the CSV files
 * written alongside; returns the exit status. */
static int write_outputs(const char *outdir, struct crt_model *m, struct crt_result **results,
                         const struct crt_run_options *o)
{
    struct csv_job job = {outdir, m, results, o->connections, false, 0, ""};
    pthread_t writer;
    bool threaded = pthread_create(&writer, NULL, write_all_csv, &job) == 0;
    double t0 = now();
    struct crt_analysis a;
    crt_analyse(m, results, &a);
    print_measures(m, results, &a);
    char path[4200], err[512];
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    bool w = crt_write_summary(path, m, results, &a, err, sizeof err);
    double t1 = now();
    if (w)
        w = crt_write_figures(outdir, m, results, err, sizeof err);
    double t2 = now();
    if (threaded)
        pthread_join(writer, NULL);
    else
        write_all_csv(&job);
    if (w && !job.ok) {
        snprintf(err, sizeof err, "%s", job.err);
        w = false;
    }
    double t3 = now();
    if (w) {
        snprintf(path, sizeof path, "%s/report.html", outdir);
        w = crt_write_report(path, m, results, &a, err, sizeof err);
    }
    if (w && o->time)
        fprintf(stderr, "time: analysis and summary %.1f ms, figures %.1f ms, CSV files %.1f ms "
                "(alongside), report %.1f ms\n", 1e3 * (t1 - t0), 1e3 * (t2 - t1),
                1e3 * job.seconds, 1e3 * (now() - t3));
    int rc = 0;
    if (!w) {
        fprintf(stderr, "circ: %s\n", err);
        rc = 2;
    } else if (a.failed) {
        rc = 1;
    }
    crt_analysis_free(m, &a);
    return rc;
}

int crt_main(struct crt_model *m, const struct crt_run_options *o)
{
    if (o->seed >= 0)
        m->seed = (uint32_t)o->seed;
    m->threads = o->threads > 0 ? o->threads : crt_default_threads(m);
    m->rng = o->rng;
    for (int i = 0; i < o->nexperiments; i++) {
        bool known = false;
        for (int e = 0; e < m->nexperiments; e++)
            known |= strcmp(m->experiments[e].name, o->experiments[i]) == 0;
        if (!known) {
            fprintf(stderr, "circ: the model has no experiment '%s'\n", o->experiments[i]);
            return 2;
        }
    }
    char outdir[4096];
    if (o->outdir)
        snprintf(outdir, sizeof outdir, "%s", o->outdir);
    else
        snprintf(outdir, sizeof outdir, "circ-out/%s", m->name);
    /* every run's results stay until the analysis: measures compare experiments */
    struct crt_result **results = calloc((size_t)m->nexperiments + 1, sizeof *results);
    int rc = 0;
    for (int e = 0; e < m->nexperiments && rc == 0; e++) {
        const char *ename = m->experiments[e].name;
        if (!selected(o, ename))
            continue;
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", outdir, ename);
        if (!rt_make_dirs(dir, 0777)) {
            fprintf(stderr, "circ: cannot create '%s': %s\n", dir, strerror(errno));
            rc = 2;
            break;
        }
        struct crt_result *res = calloc(1, sizeof *res);
        /* connections only change what is returned, never the simulation */
        bool keep = o->connections || crt_figures_need_connections(m);
        if (!crt_run_flags(m, e, keep ? CRT_RUN_CONNECTIONS : 0, res)) {
            fprintf(stderr, "circ: experiment '%s': %s\n", ename, res->error);
            crt_result_free(res);
            free(res);
            rc = 1;
            break;
        }
        results[e] = res;
        printf("%s: %ld spikes from %d cells, %ld connections\n", ename, res->nspikes, m->ncells,
               res->nconnections);
        if (o->time)
            fprintf(stderr, "time: %s: build network %.1f ms, simulate %.1f ms\n", ename,
                    res->ms_build, res->ms_simulate);
    }
    if (rc == 0) {
        rc = write_outputs(outdir, m, results, o);
    } else {
        /* the runs that finished still get their files */
        char err[512];
        for (int e = 0; e < m->nexperiments; e++)
            if (results[e] && !write_csv(outdir, m, e, results[e], o->connections, err, sizeof err))
                fprintf(stderr, "circ: %s\n", err);
    }
    for (int e = 0; e < m->nexperiments; e++)
        if (results[e]) {
            crt_result_free(results[e]);
            free(results[e]);
        }
    free(results);
    return rc;
}
