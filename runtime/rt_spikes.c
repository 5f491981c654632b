/* rt_spikes.c - spikes sorted and written out a span at a time while the
 * run goes: a spill mapped back at the end, and spikes.csv (rt_spikes.h). */
#define _GNU_SOURCE         /* memfd_create */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "crt_model.h"
#include "rt_files.h"
#include "rt_sonata.h"
#include "rt_spikes.h"

/* A spill file in dir, unlinked as soon as it is open: the run's directory
 * never lists it, and nothing is left if the process dies.  A run without
 * a directory (crt_run_on) spills to $TMPDIR, or into memory where that
 * cannot be written. */
static FILE *spill(const char *dir, const char *what, char *err, size_t errsize)
{
    char name[4200];
    bool anywhere = !dir;
    if (anywhere) {
        dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
    }
    snprintf(name, sizeof name, "%s/.circ-%s-XXXXXX", dir, what);
    int fd = mkstemp(name);
    if (fd >= 0)
        unlink(name);
#ifdef __linux__
    else if (anywhere)
        fd = memfd_create(what, MFD_CLOEXEC);
#endif
    if (fd < 0) {
        snprintf(err, errsize, "cannot write '%s': %s", name, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "w+");
    if (!f) {
        snprintf(err, errsize, "cannot write '%s': %s", name, strerror(errno));
        close(fd);
    }
    return f;
}

bool rt_spikes_open(struct rt_spikes_out *w, const char *dir, const char *csv, const char *h5,
                    const char *pop, char *err, size_t errsize)
{
    memset(w, 0, sizeof *w);
    w->spill_t = spill(dir, "spike-times", err, errsize);
    w->spill_gid = w->spill_t ? spill(dir, "spike-gids", err, errsize) : NULL;
    if (w->spill_gid && csv) {
        snprintf(w->path, sizeof w->path, "%s", csv);
        w->csv = rt_open_tmp(csv, w->tmp, sizeof w->tmp, err, errsize);
        if (w->csv)
            fputs("spkt,spkid\n", w->csv);
    }
    if (w->spill_gid && (!csv || w->csv) && h5)
        w->h5 = rt_sonata_spikes_open(h5, pop, err, errsize);
    if (!w->spill_gid || (csv && !w->csv) || (h5 && !w->h5)) {
        rt_spikes_abandon(w);
        return false;
    }
    return true;
}

bool rt_spikes_add(struct rt_spikes_out *w, const double *t, const int *gid, long n)
{
    if (w->npend + n > w->cappend) {
        long cap = w->cappend ? 2 * w->cappend : 4096;
        while (cap < w->npend + n)
            cap *= 2;
        double *b = realloc(w->pend, 2 * (size_t)cap * sizeof *b);
        if (!b)
            return false;
        w->pend = b;
        w->cappend = cap;
    }
    for (long i = 0; i < n; i++) {
        w->pend[2 * (w->npend + i)] = t[i];
        w->pend[2 * (w->npend + i) + 1] = gid[i];
    }
    w->npend += n;
    if (w->npend > w->peak)
        w->peak = w->npend;
    return true;
}

/* By time, then gid (a cell fires at most once a step: no two are equal). */
static int cmp_spike(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

void rt_spikes_flush(struct rt_spikes_out *w, double before)
{
    if (w->npend == 0)
        return;
    if (w->npend > 1)
        qsort(w->pend, (size_t)w->npend, 2 * sizeof *w->pend, cmp_spike);
    long n = 0;
    while (n < w->npend && w->pend[2 * n] < before)
        n++;
    /* out in blocks through a small stack buffer: times, then gids */
    enum { BLOCK = 512 };
    double t[BLOCK];
    int gid[BLOCK];
    for (long i = 0; i < n && !w->failed; i += BLOCK) {
        long m = n - i < BLOCK ? n - i : BLOCK;
        for (long j = 0; j < m; j++) {
            t[j] = w->pend[2 * (i + j)];
            gid[j] = (int)w->pend[2 * (i + j) + 1];
        }
        if (fwrite(t, sizeof *t, (size_t)m, w->spill_t) != (size_t)m ||
            fwrite(gid, sizeof *gid, (size_t)m, w->spill_gid) != (size_t)m) {
            snprintf(w->err, sizeof w->err, "cannot write the spikes' spill file: %s",
                     strerror(errno));
            w->failed = true;
        } else if (w->csv && !rt_spike_rows(w->csv, t, gid, m, w->listed)) {
            snprintf(w->err, sizeof w->err, "cannot write '%s': %s", w->tmp, strerror(errno));
            w->failed = true;
        } else if (w->h5 && !rt_sonata_spikes_append(w->h5, t, gid, m, w->listed, w->err,
                                                     sizeof w->err)) {
            w->failed = true;
        }
        w->nspilled += m;
    }
    memmove(w->pend, w->pend + 2 * n, 2 * (size_t)(w->npend - n) * sizeof *w->pend);
    w->npend -= n;
}

/* The n items of `size` bytes in f, mapped read-only; NULL on failure. */
static void *map(FILE *f, long n, size_t size)
{
    void *a = mmap(NULL, (size_t)n * size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    return a == MAP_FAILED ? NULL : a;
}

bool rt_spikes_finish(struct rt_spikes_out *w, struct crt_result *r, char *err, size_t errsize)
{
    rt_spikes_flush(w, INFINITY);
    if (!w->failed && (fflush(w->spill_t) != 0 || fflush(w->spill_gid) != 0)) {
        snprintf(w->err, sizeof w->err, "cannot write the spikes' spill file: %s",
                 strerror(errno));
        w->failed = true;
    }
    if (!w->failed && w->csv) {
        FILE *f = w->csv;
        w->csv = NULL;
        if (!rt_close_and_rename(f, w->tmp, w->path, w->err, sizeof w->err))
            w->failed = true;
    }
    if (!w->failed && w->h5) {
        struct rt_sonata_spikes *h = w->h5;
        w->h5 = NULL;
        if (!rt_sonata_spikes_close(h, true, w->err, sizeof w->err))
            w->failed = true;
    }
    if (!w->failed && w->nspilled > 0) {
        r->spike_t = map(w->spill_t, w->nspilled, sizeof *r->spike_t);
        r->spike_gid = map(w->spill_gid, w->nspilled, sizeof *r->spike_gid);
        if (!r->spike_t || !r->spike_gid) {
            snprintf(w->err, sizeof w->err, "cannot map the spikes' spill file: %s",
                     strerror(errno));
            if (r->spike_t)
                munmap(r->spike_t, (size_t)w->nspilled * sizeof *r->spike_t);
            if (r->spike_gid)
                munmap(r->spike_gid, (size_t)w->nspilled * sizeof *r->spike_gid);
            r->spike_t = NULL;
            r->spike_gid = NULL;
            w->failed = true;
        } else {
            r->nspikes = w->nspilled;
            r->spikes_mapped = true;
        }
    }
    r->spikes_peak_held = w->peak;
    bool ok = !w->failed;
    if (!ok)
        snprintf(err, errsize, "%s", w->err);
    rt_spikes_abandon(w);       /* the mapping outlives the files' streams */
    return ok;
}

void rt_spikes_abandon(struct rt_spikes_out *w)
{
    if (w->csv) {
        fclose(w->csv);
        remove(w->tmp);
    }
    if (w->h5) {
        char ignored[8];
        rt_sonata_spikes_close(w->h5, false, ignored, sizeof ignored);
        w->h5 = NULL;
    }
    if (w->spill_t)
        fclose(w->spill_t);
    if (w->spill_gid)
        fclose(w->spill_gid);
    free(w->pend);
    w->csv = w->spill_t = w->spill_gid = NULL;
    w->pend = NULL;
    w->npend = w->cappend = 0;
}
