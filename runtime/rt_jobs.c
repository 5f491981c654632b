/* rt_jobs.c - a few threads taking jobs from a list in order. */
#include "rt_jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct pool {
    struct rt_job *jobs;
    int n;
    atomic_int next;
};

static void *take_jobs(void *arg)
{
    struct pool *p = arg;
    for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->jobs[i].ok = p->jobs[i].run(p->jobs[i].arg, p->jobs[i].err, sizeof p->jobs[i].err);
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
