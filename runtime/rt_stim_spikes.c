/* rt_stim_spikes.c - the recorded stimuli's spikes sorted and handed on a
 * span at a time while the run goes (rt_stim_spikes.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_files.h"
#include "rt_fmt.h"
#include "rt_stim_spikes.h"

bool rt_stim_spikes_open(struct rt_stim_spikes_out *w, const char *csv,
                         const char *const *names,
                         char *err, size_t errsize)
{
    memset(w, 0, sizeof *w);
    w->names = names;
    if (!csv)
        return true;
    snprintf(w->path, sizeof w->path, "%s", csv);
    w->csv = rt_open_tmp(csv, w->tmp, sizeof w->tmp, err, errsize);
    if (!w->csv)
        return false;
    fputs("spkt,stimulus,gid\n", w->csv);
    return true;
}

/* Makes room for n more in *a (of *cap); false if it cannot. */
static bool grow(struct rt_stim_spike **a, long *cap, long have, long n)
{
    if (have + n <= *cap)
        return true;
    long c = *cap ? 2 * *cap : 256;
    while (c < have + n)
        c *= 2;
    struct rt_stim_spike *b = realloc(*a, (size_t)c * sizeof *b);
    if (!b)
        return false;
    *a = b;
    *cap = c;
    return true;
}

bool rt_stim_spikes_add(struct rt_stim_spikes_out *w, const struct rt_stim_spike *s, long n)
{
    if (n <= 0)
        return true;
    if (!grow(&w->pend, &w->cappend, w->npend, n)) {
        snprintf(w->err, sizeof w->err, "out of memory: %ld stimulus spikes could not be held",
                 w->npend + n);
        w->failed = true;
        return false;
    }
    memcpy(w->pend + w->npend, s, (size_t)n * sizeof *s);
    w->npend += n;
    if (w->npend > w->peak)
        w->peak = w->npend;
    return true;
}

/* By time, then stimulus, then the gid its source drives (a source fires
 * at most once at a time: no two are equal). */
static int cmp_stim_spike(const void *a, const void *b)
{
    const struct rt_stim_spike *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->stim != y->stim)
        return x->stim < y->stim ? -1 : 1;
    return x->gid < y->gid ? -1 : x->gid > y->gid;
}

void rt_stim_spikes_flush(struct rt_stim_spikes_out *w, double before)
{
    if (w->npend == 0)
        return;
    if (w->npend > 1)
        qsort(w->pend, (size_t)w->npend, sizeof *w->pend, cmp_stim_spike);
    long n = 0;
    while (n < w->npend && w->pend[n].t < before)
        n++;
    if (w->failed) {
        /* nothing more is written; what is held is dropped */
    } else if (w->csv) {
        char num[RT_FMT_SIZE];
        for (long i = 0; i < n; i++) {
            fwrite(num, 1, (size_t)rt_fmt_g17(w->pend[i].t, num), w->csv);
            fprintf(w->csv, ",%s,%d\n", w->names[w->pend[i].stim], w->pend[i].gid);
        }
        if (ferror(w->csv)) {
            snprintf(w->err, sizeof w->err, "cannot write '%s': %s", w->tmp, strerror(errno));
            w->failed = true;
        }
    } else if (grow(&w->kept, &w->capkept, w->nkept, n)) {
        memcpy(w->kept + w->nkept, w->pend, (size_t)n * sizeof *w->pend);
        w->nkept += n;
    } else {
        snprintf(w->err, sizeof w->err, "out of memory: %ld stimulus spikes could not be kept",
                 w->nkept + n);
        w->failed = true;
    }
    memmove(w->pend, w->pend + n, (size_t)(w->npend - n) * sizeof *w->pend);
    w->npend -= n;
}

bool rt_stim_spikes_finish(struct rt_stim_spikes_out *w, struct crt_result *r, bool *streamed,
                           char *err, size_t errsize)
{
    rt_stim_spikes_flush(w, INFINITY);
    *streamed = false;
    if (!w->failed && w->csv) {
        FILE *f = w->csv;
        w->csv = NULL;
        if (rt_close_and_rename(f, w->tmp, w->path, w->err, sizeof w->err))
            *streamed = true;
        else
            w->failed = true;
    }
    long n = w->failed || *streamed ? 0 : w->nkept;
    r->stim_spike_t = malloc(((size_t)n + 1) * sizeof *r->stim_spike_t);
    r->stim_spike_stim = malloc(((size_t)n + 1) * sizeof *r->stim_spike_stim);
    r->stim_spike_gid = malloc(((size_t)n + 1) * sizeof *r->stim_spike_gid);
    if (!w->failed && (!r->stim_spike_t || !r->stim_spike_stim || !r->stim_spike_gid)) {
        snprintf(w->err, sizeof w->err, "out of memory: %ld stimulus spikes could not be kept",
                 n);
        w->failed = true;
    }
    if (!w->failed) {
        for (long i = 0; i < n; i++) {
            r->stim_spike_t[i] = w->kept[i].t;
            r->stim_spike_stim[i] = w->kept[i].stim;
            r->stim_spike_gid[i] = w->kept[i].gid;
        }
        r->nstim_spikes = n;
    }
    r->stim_spikes_peak_held = w->peak;
    bool ok = !w->failed;
    if (!ok)
        snprintf(err, errsize, "%s", w->err);
    rt_stim_spikes_abandon(w);
    return ok;
}

void rt_stim_spikes_abandon(struct rt_stim_spikes_out *w)
{
    if (w->csv) {
        fclose(w->csv);
        remove(w->tmp);
    }
    free(w->pend);
    free(w->kept);
    const char *const *names = w->names;
    memset(w, 0, sizeof *w);
    w->names = names;
}
