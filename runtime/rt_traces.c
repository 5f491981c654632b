/* rt_traces.c - traces.csv: a row per step some written trace samples, its
 * time then every written trace's value (empty where that trace does not
 * sample the step), 17 significant digits.  Rows go out in blocks, so a
 * run need not keep its samples (rt_traces.h); which samples it keeps for
 * the figures. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_files.h"
#include "rt_fmt.h"
#include "rt_traces.h"

/* The traces of traces.csv: those of `record` lines (a measure's own
 * voltages are statistics, not samples). */
static bool written(const struct crt_result *r, int i)
{
    return r->trace_kind[i] != CRT_REC_PROBE;
}

bool rt_traces_open(struct rt_traces_out *w, const char *path, const struct crt_result *r,
                    char *err, size_t errsize)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    w->f = rt_open_tmp(path, w->tmp, sizeof w->tmp, err, errsize);
    if (!w->f)
        return false;
    /* a row at a time into a buffer: most of the file's cost is formatting */
    w->cap = (size_t)(r->ntraces + 1) * (RT_FMT_SIZE + 1) + 2;
    w->row = malloc(w->cap);
    if (!w->row) {
        rt_traces_abandon(w);
        snprintf(err, errsize, "out of memory writing '%s'", path);
        return false;
    }
    fputs("t", w->f);
    for (int i = 0; i < r->ntraces; i++)
        if (written(r, i)) {
            fprintf(w->f, ",%s", r->trace_label[i]);
            if (!w->finest || r->trace_every[i] < w->finest)
                w->finest = r->trace_every[i];
        }
    fputc('\n', w->f);
    return true;
}

bool rt_traces_rows(struct rt_traces_out *w, const struct crt_result *r, const long *mask,
                    long tmask, long last, char *err, size_t errsize)
{
    if (last >= r->ntimes)
        last = r->ntimes - 1;
    for (long k = w->next; k <= last; k++) {
        bool sampled = w->finest <= 1;
        for (int i = 0; i < r->ntraces && !sampled; i++)
            sampled = written(r, i) && k % r->trace_every[i] == 0;
        if (!sampled)
            continue;
        char *row = w->row;
        size_t n = (size_t)rt_fmt_g17(r->t[k & tmask], row);
        for (int i = 0; i < r->ntraces; i++) {
            if (!written(r, i))
                continue;
            int every = r->trace_every[i];
            row[n++] = ',';
            if (k % every == 0)
                n += (size_t)rt_fmt_g17(r->trace[i][(k / every) & (mask ? mask[i] : -1L)],
                                        row + n);
        }
        row[n++] = '\n';
        fwrite(row, 1, n, w->f);
    }
    if (last + 1 > w->next)
        w->next = last + 1;
    if (ferror(w->f)) {
        snprintf(err, errsize, "cannot write '%s': %s", w->tmp, strerror(errno));
        return false;
    }
    return true;
}

bool rt_traces_close(struct rt_traces_out *w, char *err, size_t errsize)
{
    free(w->row);
    w->row = NULL;
    FILE *f = w->f;
    w->f = NULL;
    return rt_close_and_rename(f, w->tmp, w->path, err, errsize);
}

void rt_traces_abandon(struct rt_traces_out *w)
{
    free(w->row);
    w->row = NULL;
    if (w->f) {
        fclose(w->f);
        remove(w->tmp);
        w->f = NULL;
    }
}

bool crt_write_traces(const char *path, const struct crt_result *r, char *err, size_t errsize)
{
    struct rt_traces_out w;
    if (!rt_traces_open(&w, path, r, err, errsize))
        return false;
    if (!rt_traces_rows(&w, r, NULL, -1, r->ntimes - 1, err, errsize)) {
        rt_traces_abandon(&w);
        return false;
    }
    return rt_traces_close(&w, err, errsize);
}

/* Only the model's figures are read: the runtime without cairo links this. */
bool crt_figures_trace_cells(const struct crt_model *m, int experiment, char *mark)
{
    bool any = false;
    for (int i = 0; i < m->nfigures; i++) {
        const struct crt_figure *f = &m->figures[i];
        bool drawn = false;
        for (int k = 0; k < f->nexperiments; k++)
            drawn |= f->experiments[k] == experiment;
        if (strcmp(f->kind, "traces") != 0 || !drawn)
            continue;
        any = true;
        if (f->nsets == 0)
            memset(mark, 1, (size_t)m->ncells);
        for (int j = 0; j < f->nsets; j++) {
            const struct crt_gids *set = &m->sets[f->sets[j]];
            for (int k = 0; k < set->n; k++)
                mark[set->gid[k]] = 1;
        }
    }
    return any;
}
