/* rt_traces.h - traces.csv written a block of rows at a time, while the run
 * goes (rt_sim.c) or whole from a finished result (crt_write_traces): one
 * writer, so both give the same bytes. */
#ifndef CIRC_RT_TRACES_H
#define CIRC_RT_TRACES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct crt_result;

struct rt_traces_out {
    FILE *f;                /* NULL: closed (or never opened) */
    char tmp[4200], path[4200];
    char *row;              /* one row, formatted before it is written */
    size_t cap;
    int finest;             /* the smallest `every` of the written traces */
    long next;              /* the step whose row comes next */
};

/* Opens "<path>.tmp" and writes the header (r's labels and intervals must
 * be set); false with err on failure. */
bool rt_traces_open(struct rt_traces_out *w, const char *path, const struct crt_result *r,
                    char *err, size_t errsize);
/* The rows of steps w->next .. last.  Sample j of trace i is at
 * r->trace[i][j & mask[i]] and the time of step k at r->t[k & tmask]: a
 * ring of a power of two samples (mask its size - 1), or the whole array
 * (mask -1; mask NULL: every trace whole). */
bool rt_traces_rows(struct rt_traces_out *w, const struct crt_result *r, const long *mask,
                    long tmask, long last, char *err, size_t errsize);
/* Closes and renames the file to its path; false with err (tmp removed). */
bool rt_traces_close(struct rt_traces_out *w, char *err, size_t errsize);
/* Closes and removes an unfinished file (nothing if none is open). */
void rt_traces_abandon(struct rt_traces_out *w);

#endif
