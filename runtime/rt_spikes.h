/* rt_spikes.h - a run's spikes leave memory as the run goes.
 *
 * Spikes come in (rt_spikes_add) in any order, and a bound says which are
 * final: no part can still add a spike earlier than it.  rt_spikes_flush
 * sorts what it holds by time then gid (collect_spikes's order on main,
 * unchanged) and writes out those before the bound: to a spill of two
 * binary files (times, gids), created in the run's directory under a
 * hidden name and unlinked at once (so no run lists or leaves them), to
 * spikes.csv's ".tmp" as rows, and to spikes.h5's (rt_sonata.h).  At the end the spill is mapped read-only
 * into the result: r->spike_t and r->spike_gid are the whole sorted arrays
 * the analysis reads, and crt_result_free unmaps them.  What it holds
 * between flushes is one interval's spikes (and the few at its bound), so
 * its memory does not grow with simulated time. */
#ifndef CIRC_RT_SPIKES_H
#define CIRC_RT_SPIKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct crt_result;

struct rt_spikes_out {
    FILE *spill_t, *spill_gid;      /* the spill (unlinked); NULL: not open */
    long nspilled;
    FILE *csv;                      /* spikes.csv's tmp; NULL: none written */
    struct rt_sonata_spikes *h5;    /* spikes.h5 (rt_sonata.h); NULL: none */
    char tmp[4200], path[4200];
    const char *listed;             /* per gid: written to spikes.csv; NULL: every gid */
    double *pend;                   /* held spikes as (time, gid) pairs */
    long npend, cappend, peak;      /* peak: the most held at once */
    bool failed;                    /* a write failed: err says why */
    char err[4600];
};

/* Opens the spill in dir (NULL: $TMPDIR or /tmp), if csv is not NULL
 * "<csv>.tmp" with its header, and if h5 is not NULL "<h5>.tmp" with the
 * population `pop`; false with err on failure (nothing left open). */
bool rt_spikes_open(struct rt_spikes_out *w, const char *dir, const char *csv, const char *h5,
                    const char *pop, char *err, size_t errsize);
/* Holds n spikes; false if the buffer could not grow (nothing held). */
bool rt_spikes_add(struct rt_spikes_out *w, const double *t, const int *gid, long n);
/* Writes out, sorted, the held spikes earlier than `before` (INFINITY:
 * all); a write error sets w->failed (later flushes write nothing). */
void rt_spikes_flush(struct rt_spikes_out *w, double before);
/* Flushes everything, renames spikes.csv (and spikes.h5) into place and maps the spill
 * into r (spike_t, spike_gid, nspikes, spikes_mapped); false with err if a
 * write failed (then as rt_spikes_abandon). */
bool rt_spikes_finish(struct rt_spikes_out *w, struct crt_result *r, char *err, size_t errsize);
/* Closes the spill and removes an unfinished spikes.csv and spikes.h5
 * (nothing if none). */
void rt_spikes_abandon(struct rt_spikes_out *w);

#endif
