/* rt_jobs.c - a few threads taking jobs from a list in order. */
#include "rt_jobs.h"
#include "rt_alloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct pool {
    struct rt_job *jobs;
    int n;
    atomic_int next;
};

/* One job; an allocation that fails in it fails the job with a message. */
static bool run_job(struct rt_job *j)
{
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        snprintf(j->err, sizeof j->err, "out of memory (%zu bytes) writing an output",
                 guard.bytes);
        return false;
    }
    bool ok = j->run(j->arg, j->err, sizeof j->err);
    rt_oom_pop(&guard);
    return ok;
}

static void *take_jobs(void *arg)
{
    struct pool *p = arg;
    for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->jobs[i].ok = run_job(&p->jobs[i]);
    return NULL;
}

bool rt_run_jobs(struct rt_job *jobs, int n, int threads, char *err, size_t errsize)
{
    struct pool p = {jobs, n, 0};
    int extra = threads - 1 < n - 1 ? threads - 1 : n - 1;
    pthread_t *th = extra > 0 ? calloc((size_t)extra, sizeof *th) : NULL;
    int started = 0;
    while (th && started < extra && pthread_create(&th[started], NULL, take_jobs, &p) == 0)
        started++;
    take_jobs(&p);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    for (int i = 0; i < n; i++)
        if (!jobs[i].ok) {
            snprintf(err, errsize, "%s", jobs[i].err);
            return false;
        }
    return true;
}

static void *run_alone(void *arg)
{
    struct rt_job *j = arg;
    j->ok = run_job(j);
    return NULL;
}

void rt_job_start(struct rt_job *j)
{
    if (pthread_create(&j->thread, NULL, run_alone, j) == 0) {
        j->started = 1;
    } else {
        j->ok = run_job(j);
        j->started = 2;
    }
}

bool rt_job_finish(struct rt_job *j)
{
    if (j->started == 1)
        pthread_join(j->thread, NULL);
    else if (j->started == 0)
        return true;        /* nothing to wait for */
    j->started = 2;
    return j->ok;
}

bool rt_job_run_here(struct rt_job *j)
{
    if (j->started == 0 && j->run) {
        j->ok = run_job(j);
        j->started = 2;
    }
    return rt_job_finish(j);
}
