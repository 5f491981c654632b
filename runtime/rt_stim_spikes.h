/* rt_stim_spikes.h - the spikes of recorded stimuli (`record spikes of
 * bkg`) leave memory as the run goes, as the cells' do (rt_spikes.h).
 *
 * They come in (rt_stim_spikes_add) in any order, and a bound says which
 * are final.  rt_stim_spikes_flush sorts what it holds by time, stimulus,
 * then gid (the order stimulus_spikes.csv has always had) and hands on
 * those before the bound: as rows of stimulus_spikes.csv's ".tmp" when the
 * run has a file, else to the result's arrays, kept whole (a run without a
 * directory: nothing else would read them).  Between flushes it holds one
 * interval's spikes, so a file's run does not grow with simulated time. */
#ifndef CIRC_RT_STIM_SPIKES_H
#define CIRC_RT_STIM_SPIKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct crt_result;

struct rt_stim_spike {      /* 16 bytes, no padding: gathered between ranks as bytes */
    double t;
    int stim;               /* its index in crt_model.spike_stims */
    int gid;                /* the cell its source drives */
};

struct rt_stim_spikes_out {
    FILE *csv;                      /* stimulus_spikes.csv's tmp; NULL: kept whole */
    char tmp[4200], path[4200];
    const char *const *names;       /* the stimuli's names, by index */
    struct rt_stim_spike *pend;     /* held; then, without a file, every one flushed */
    long npend, cappend, peak;      /* peak: the most held at once */
    struct rt_stim_spike *kept;
    long nkept, capkept;
    bool failed;                    /* a write or an allocation failed: err says why */
    char err[4600];
};

/* Opens "<csv>.tmp" with its header (csv NULL: the spikes are kept whole
 * for the result); false with err if it cannot be written. */
bool rt_stim_spikes_open(struct rt_stim_spikes_out *w, const char *csv, const char *const *names,
                         char *err, size_t errsize);
/* Holds n spikes; false (w->failed) if the buffer could not grow. */
bool rt_stim_spikes_add(struct rt_stim_spikes_out *w, const struct rt_stim_spike *s, long n);
/* Hands on, sorted, the held spikes earlier than `before` (INFINITY: all). */
void rt_stim_spikes_flush(struct rt_stim_spikes_out *w, double before);
/* Flushes everything, then renames the file into place (*streamed set)
 * or moves the kept spikes into r (nstim_spikes, stim_spike_*); false with
 * err on failure (then as rt_stim_spikes_abandon). */
bool rt_stim_spikes_finish(struct rt_stim_spikes_out *w, struct crt_result *r, bool *streamed,
                           char *err, size_t errsize);
/* Frees what it holds and removes an unfinished file. */
void rt_stim_spikes_abandon(struct rt_stim_spikes_out *w);

#endif
