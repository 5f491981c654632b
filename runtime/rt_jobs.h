/* rt_jobs.h - independent output jobs (a CSV file, a figure) on a few
 * threads, so that writing the outputs uses every core. */
#ifndef CIRC_RT_JOBS_H
#define CIRC_RT_JOBS_H

#include <stdbool.h>
#include <stddef.h>

struct rt_job {
    bool (*run)(void *arg, char *err, size_t errsize);
    void *arg;
    bool ok;                /* set by rt_run_jobs */
    char err[512];
};

/* Runs every job once on up to `threads` threads (the caller's included),
 * each thread taking the next job in order when it comes free.  True if all
 * succeeded; otherwise err holds the message of the first failed job in
 * the list (not in time, so the message does not depend on scheduling). */
bool rt_run_jobs(struct rt_job *jobs, int n, int threads, char *err, size_t errsize);

#endif
