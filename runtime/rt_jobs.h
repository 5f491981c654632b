/* rt_jobs.h - independent output jobs (a CSV file, a figure) on a few
 * threads, so that writing the outputs uses every core. */
#ifndef CIRC_RT_JOBS_H
#define CIRC_RT_JOBS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct rt_job {
    bool (*run)(void *arg, char *err, size_t errsize);
    void *arg;
    bool ok;                /* set by rt_run_jobs, rt_job_finish */
    char err[512];
    pthread_t thread;       /* rt_job_start's */
    int started;            /* 0 not started, 1 on its thread, 2 done */
};

/* Runs every job once on up to `threads` threads (the caller's included),
 * each thread taking the next job in order when it comes free.  True if all
 * succeeded; otherwise err holds the message of the first failed job in
 * the list (not in time, so the message does not depend on scheduling). */
bool rt_run_jobs(struct rt_job *jobs, int n, int threads, char *err, size_t errsize);

/* Starts one job on a thread of its own, beside whatever the caller does
 * next (without a thread, it runs here, now).  rt_job_finish waits for it
 * (at once if it was never started) and returns j->ok. */
void rt_job_start(struct rt_job *j);
bool rt_job_finish(struct rt_job *j);
/* Runs a job that was set up but not started here, now (nothing if it
 * started or ran); returns j->ok. */
bool rt_job_run_here(struct rt_job *j);

#endif
