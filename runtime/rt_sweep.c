/* rt_sweep.c - a sweep's table: <out>/<sweep>/sweep.csv.
 *
 * One row per point that ran, in point order (the grid's: the last `vary`
 * line fastest), so the file does not depend on how points were shared out
 * over threads.  Columns: each varied path with its unit as written
 * ("step.amp (nA)"), each population's rate over the whole run ("rate P
 * (Hz)", summary.json's), then each measure computed in every run ("name
 * (unit)"; a verdict's text, or nan when it has no value).  Numbers are the
 * shortest text that reads back to the same double, so a value copied into
 * --set gives the same run. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crt_model.h"
#include "rt_files.h"

double crt_pop_rate(const struct crt_model *m, const struct crt_result *r, int pop)
{
    const struct crt_pop *p = &m->pops[pop];
    long n = 0;
    for (long i = 0; i < r->nspikes; i++)
        n += r->spike_gid[i] >= p->first_gid && r->spike_gid[i] < p->first_gid + p->count;
    return p->count && m->tstop > 0 ? (double)n / (p->count * m->tstop * 1e-3) : NAN;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as x. */
static void number(FILE *f, double x)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        double back;
        if (sscanf(buf, "%lf", &back) == 1 && (back == x || (isnan(x) && isnan(back))))
            break;
    }
    fputs(buf, f);
}

/* A header field, quoted when it holds a comma or a quote. */
static void field(FILE *f, const char *name, const char *unit)
{
    char text[512];
    if (unit && *unit)
        snprintf(text, sizeof text, "%s (%s)", name, unit);
    else
        snprintf(text, sizeof text, "%s", name);
    if (!strpbrk(text, ",\"")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

static bool write_sweep(const char *outdir, const struct crt_model *m, int w,
                        struct crt_result *const *results, const struct crt_analysis *a,
                        char *err, size_t errsize)
{
    const struct crt_sweep *sw = &m->sweeps[w];
    char path[4400], tmp[4500];
    snprintf(path, sizeof path, "%s/%s/sweep.csv", outdir, sw->name);
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs("point", f);
    for (int v = 0; v < sw->nvary; v++) {
        fputc(',', f);
        field(f, sw->paths[v], sw->units[v]);
    }
    for (int p = 0; p < m->npops; p++) {
        char name[300];
        snprintf(name, sizeof name, "rate %s", m->pops[p].name);
        fputc(',', f);
        field(f, name, "Hz");
    }
    for (int k = 0; k < m->nmeasures; k++)
        if (m->measures[k].experiment < 0) {
            fputc(',', f);
            field(f, m->measures[k].name, strcmp(m->measures[k].unit, "1") ? m->measures[k].unit
                                                                           : "");
        }
    fputc('\n', f);
    for (int p = 0; p < sw->npoints; p++) {
        int e = sw->first + p;
        const struct crt_result *r = results[e];
        if (!r)
            continue;
        fprintf(f, "%d", p);
        for (int v = 0; v < sw->nvary; v++) {
            fputc(',', f);
            number(f, sw->values[(size_t)p * (size_t)sw->nvary + (size_t)v]);
        }
        for (int q = 0; q < m->npops; q++) {
            fputc(',', f);
            number(f, crt_pop_rate(m, r, q));
        }
        for (int k = 0; k < m->nmeasures; k++) {
            if (m->measures[k].experiment >= 0)
                continue;
            size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
            fputc(',', f);
            if (a->verdicts[i])
                field(f, a->verdicts[i], NULL);
            else
                number(f, a->values[i]);
        }
        fputc('\n', f);
    }
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

bool crt_write_sweeps(const char *outdir, const struct crt_model *m,
                      struct crt_result *const *results, const struct crt_analysis *a,
                      char *err, size_t errsize)
{
    for (int w = 0; w < m->nsweeps; w++) {
        bool ran = false;
        for (int p = 0; p < m->sweeps[w].npoints; p++)
            ran |= results[m->sweeps[w].first + p] != NULL;
        if (ran && !write_sweep(outdir, m, w, results, a, err, errsize))
            return false;
    }
    return true;
}
