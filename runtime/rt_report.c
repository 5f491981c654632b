/* rt_report.c - report.html: one self-contained page per run directory with
 * the provenance and network of summary.json, the measures and expectations
 * of every experiment, and every figure (figures/<name>.svg, drawn by
 * rt_figures.c, copied into the page).  Plain HTML and an inline style
 * sheet: no scripts, no links to other files, nothing fetched from the
 * network, so the page alone opens anywhere (sent by mail, moved away).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crt_model.h"
#include "rt_mpi.h"
#include "rt_files.h"

static const char style[] =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#1a1a1a;margin:0 auto;"
    "max-width:1100px;padding:24px 32px 64px;line-height:1.45;background:#fff}\n"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 10px;"
    "border-bottom:2px solid #e3e3e3;padding-bottom:4px}h3{font-size:16px;margin:22px 0 8px}\n"
    "table{border-collapse:collapse;margin:6px 0 14px;font-size:14px}\n"
    "th,td{border:1px solid #d8d8d8;padding:4px 10px;text-align:left;vertical-align:top}\n"
    "th{background:#f3f5f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "code,.mono{font-family:'DejaVu Sans Mono',monospace;font-size:13px}\n"
    ".pass{color:#11652f;font-weight:600}.fail{color:#b3261e;font-weight:600}"
    ".unknown{color:#7a5b00;font-weight:600}\n"
    ".verdict{font-weight:600}.evidence{color:#444;font-size:14px;margin:4px 0}\n"
    "ul.evidence{margin:0 0 12px;padding-left:22px}\n"
    ".sub{color:#555;margin:0 0 18px}.summary{font-size:16px;margin:8px 0}\n"
    "figure{margin:18px 0 34px}figure img{max-width:100%;height:auto;border:1px solid #e3e3e3}\n"
    "figcaption{color:#444;font-size:14px;margin-top:6px}\n"
    "nav a{margin-right:14px}\n";

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
}

static void row(FILE *f, const char *key, const char *value, bool mono)
{
    fputs("<tr><th>", f);
    esc(f, key);
    fputs(mono ? "</th><td class=\"mono\">" : "</th><td>", f);
    esc(f, value);
    fputs("</td></tr>\n", f);
}

static void provenance(FILE *f, const struct crt_model *m)
{
    char host[256] = "", date[64], buf[64];
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputs("<h2 id=\"provenance\">Provenance</h2>\n<table>\n", f);
    row(f, "circ version", m->circ_version ? m->circ_version : "", false);
    row(f, "model", m->name ? m->name : "", false);
    row(f, "source SHA-256", m->source_sha256 ? m->source_sha256 : "", true);
    snprintf(buf, sizeof buf, "%u", (unsigned)m->seed);
    row(f, "seed", buf, false);
    row(f, "overrides", m->overrides && *m->overrides ? m->overrides : "none", true);
    row(f, "mode", m->exact ? "exact" : "default", false);
    row(f, "random numbers", m->rng == CRT_RNG_NETPYNE ? "netpyne" : "circ", false);
    snprintf(buf, sizeof buf, "%d", m->threads > 0 ? m->threads : 1);
    row(f, "threads", buf, false);
    snprintf(buf, sizeof buf, "%d", rt_mpi_size());
    row(f, "MPI ranks", buf, false);
    row(f, "host", host, false);
    row(f, "date (UTC)", date, false);
    snprintf(buf, sizeof buf, "%g ms", m->dt);
    row(f, "time step", buf, false);
    snprintf(buf, sizeof buf, "%g ms", m->tstop);
    row(f, "duration", buf, false);
    fputs("</table>\n", f);
}

/* A declared experiment's result (NULL if it did not run); sweeps' points
 * have a section of their own, not a column each. */
static const struct crt_result *run_of(const struct crt_model *m,
                                       struct crt_result *const *results, int e)
{
    return m->experiments[e].sweep < 0 ? results[e] : NULL;
}

/* Every experiment of the model, with its description (`description =
 * "..."`) and whether this run simulated it. */
static void experiments(FILE *f, const struct crt_model *m, struct crt_result *const *results)
{
    fputs("<h2 id=\"experiments\">Experiments</h2>\n<table>\n<tr><th>experiment</th>"
          "<th>description</th></tr>\n", f);
    for (int e = 0; e < m->nexperiments; e++) {
        const struct crt_experiment *x = &m->experiments[e];
        if (x->sweep >= 0)
            continue;       /* a sweep's point: in its own section */
        fputs("<tr><td><code>", f);
        esc(f, x->name);
        fputs("</code></td><td>", f);
        if (x->description && *x->description)
            esc(f, x->description);
        else
            fputs("<span class=\"unknown\">no description</span>", f);
        if (!results[e])
            fputs(" <i>(not run this time)</i>", f);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static long pop_spikes(const struct crt_pop *p, const struct crt_result *r)
{
    long n = 0;
    for (long i = 0; i < r->nspikes; i++)
        n += r->spike_gid[i] >= p->first_gid && r->spike_gid[i] < p->first_gid + p->count;
    return n;
}

/* Populations, and per experiment the spikes, connections and rates that
 * summary.json lists. */
static void network(FILE *f, const struct crt_model *m, struct crt_result *const *results)
{
    fprintf(f, "<h2 id=\"network\">Network and rates</h2>\n<p>%d cells in %d populations, "
            "%d connection rules.</p>\n<table>\n<tr><th>population</th><th>cells</th>",
            m->ncells, m->npops, m->nrules);
    for (int e = 0; e < m->nexperiments; e++)
        if (run_of(m, results, e)) {
            fputs("<th>", f);
            esc(f, m->experiments[e].name);
            fputs(" (Hz)</th>", f);
        }
    fputs("</tr>\n", f);
    for (int p = 0; p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        fputs("<tr><td>", f);
        esc(f, pop->name);
        fprintf(f, "</td><td class=\"num\">%d</td>", pop->count);
        for (int e = 0; e < m->nexperiments; e++) {
            if (!run_of(m, results, e))
                continue;
            double hz = pop->count && m->tstop > 0
                        ? (double)pop_spikes(pop, run_of(m, results, e)) / (pop->count * m->tstop * 1e-3) : NAN;
            if (isfinite(hz))
                fprintf(f, "<td class=\"num\">%.2f</td>", hz);
            else
                fputs("<td class=\"num\">–</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("<tr><th>spikes</th><td></td>", f);
    for (int e = 0; e < m->nexperiments; e++)
        if (run_of(m, results, e))
            fprintf(f, "<td class=\"num\">%ld</td>", run_of(m, results, e)->nspikes);
    fputs("</tr>\n<tr><th>connections</th><td></td>", f);
    for (int e = 0; e < m->nexperiments; e++)
        if (run_of(m, results, e))
            fprintf(f, "<td class=\"num\">%ld</td>", run_of(m, results, e)->nconnections);
    fputs("</tr>\n</table>\n<p class=\"evidence\">Rates are over the whole run, per cell.</p>\n", f);
}

/* The evidence of a verdict ("a -> b; c -> d"), one clause per line. */
static void evidence(FILE *f, const char *ename, const char *measure, const char *text)
{
    fputs("<p class=\"evidence\"><b>", f);
    esc(f, measure);
    fputs("</b> in <b>", f);
    esc(f, ename);
    fputs("</b>, evidence:</p>\n<ul class=\"evidence\">\n<li>", f);
    for (const char *s = text; *s; s++) {
        if (s[0] == ';' && s[1] == ' ') {
            fputs("</li>\n<li>", f);
            s++;
        } else if (s[0] == '-' && s[1] == '>') {
            fputs("→", f);
            s++;
        } else {
            char c[2] = {*s, '\0'};
            esc(f, c);
        }
    }
    fputs("</li>\n</ul>\n", f);
}

/* One row per measure, one column per experiment: conditions side by side. */
static void measures(FILE *f, const struct crt_model *m, struct crt_result *const *results,
                     const struct crt_analysis *a)
{
    if (m->nmeasures == 0)
        return;
    fputs("<h2 id=\"measures\">Measures</h2>\n<table>\n<tr><th>measure</th><th>unit</th>", f);
    for (int e = 0; e < m->nexperiments; e++)
        if (run_of(m, results, e)) {
            fputs("<th>", f);
            esc(f, m->experiments[e].name);
            fputs("</th>", f);
        }
    fputs("</tr>\n", f);
    for (int k = 0; k < m->nmeasures; k++) {
        const struct crt_measure *ms = &m->measures[k];
        fputs("<tr><td><code>", f);
        esc(f, ms->name);
        fputs("</code></td><td>", f);
        esc(f, ms->unit);
        fputs("</td>", f);
        for (int e = 0; e < m->nexperiments; e++) {
            if (!run_of(m, results, e))
                continue;
            size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
            if (ms->experiment >= 0 && ms->experiment != e) {
                fputs("<td></td>", f);      /* measured in another experiment only */
            } else if (a->verdicts[i]) {
                fputs("<td class=\"verdict\">", f);
                esc(f, a->verdicts[i]);
                fputs("</td>", f);
            } else if (isfinite(a->values[i])) {
                fprintf(f, "<td class=\"num\">%.5g</td>", a->values[i]);
            } else {
                fputs("<td class=\"num\">undefined</td>", f);
            }
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    for (int e = 0; e < m->nexperiments; e++)
        for (int k = 0; run_of(m, results, e) && k < m->nmeasures; k++) {
            size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
            if (a->evidence[i])
                evidence(f, m->experiments[e].name, m->measures[k].name, a->evidence[i]);
        }
}

/* ---- expectations ---------------------------------------------------------------------- */

static void expectations(FILE *f, const struct crt_model *m, struct crt_result *const *results,
                         const struct crt_analysis *a)
{
    fputs("<h2 id=\"expectations\">Expectations</h2>\n", f);
    if (m->nexpects == 0) {
        fputs("<p>The model states no expectations.</p>\n", f);
        return;
    }
    int checked = 0, failed = 0, unknown = 0;
    fputs("<table>\n<tr><th>experiment</th><th>expectation</th><th>outcome</th></tr>\n", f);
    for (int k = 0; k < m->nexpects; k++) {
        const struct crt_expect *x = &m->expects[k];
        for (int e = 0; e < m->nexperiments; e++) {
            if (!run_of(m, results, e) || (x->experiment >= 0 && x->experiment != e))
                continue;
            size_t i = (size_t)e * (size_t)m->nexpects + (size_t)k;
            int held = a->outcome[i];
            checked += held >= 0;
            fputs("<tr><td>", f);
            esc(f, m->experiments[e].name);
            fputs("</td><td><code>", f);
            const char *colon = strchr(x->text, ':'), *text = x->text;
            for (const char *c = x->text; colon && c < colon; c++)
                if (*c == '/')
                    text = c + 1;   /* "dir/model.circ:12: ..." -> "model.circ:12: ..." */
            esc(f, text);
            if (held < 0) {
                unknown++;
                fputs("</code></td><td class=\"unknown\">not evaluated", f);
                if (a->absent[i] >= 0) {
                    fputs(" (experiment ", f);
                    esc(f, m->experiments[a->absent[i]].name);
                    fputs(" was not run)", f);
                }
                fputs("</td></tr>\n", f);
            } else if (held) {
                fputs("</code></td><td class=\"pass\">passed</td></tr>\n", f);
            } else {
                failed++;
                fputs("</code></td><td class=\"fail\">FAILED</td></tr>\n", f);
            }
        }
    }
    fputs("</table>\n", f);
    fprintf(f, "<p class=\"summary %s\">%d of %d checks failed.</p>\n",
            a->failed ? "fail" : "pass", a->failed, checked);
    if (unknown)
        fprintf(f, "<p class=\"evidence\">%d check(s) were not evaluated: they compare with "
                "experiments that were not run (-e).</p>\n", unknown);
}

/* ---- figures --------------------------------------------------------------------------- */

/* Each figure is in the page itself, as a data: URI in an <img>: the SVG,
 * percent-encoded where a URI or the attribute needs it (sharp at any zoom,
 * the same bytes as figures/<name>.svg, ~1.4x smaller than base64; rt_svg.c
 * quotes attributes with ', which needs no escape here); an SVG of more than
 * CRT_SVG_INLINE_MAX bytes (a raster of a huge network: a line per spike) is
 * replaced by its PNG in base64, whose size is bounded by its pixels.  An
 * <img> per figure, not inline <svg>: the page's styles stay out of the
 * figures. */

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    for (size_t got; p && (got = fread(p + len, 1, cap - len, f)) > 0;) {
        len += got;
        char *q = len < cap ? p : realloc(p, cap *= 2);
        if (!q)
            free(p);
        p = q;
    }
    bool bad = !p || ferror(f);
    fclose(f);
    if (bad) {
        free(p);
        return NULL;
    }
    *n = len;
    return p;
}

static void svg_uri(FILE *f, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    fputs("data:image/svg+xml,", f);
    size_t done = 0;    /* written up to here; runs between escapes go in one fwrite */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' || c == '#' || c == '"' || c == '&' || c == '\n' || c == '\r' || c == '\t') {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            fwrite(s + done, 1, i - done, f);
            fwrite(e, 1, 3, f);
            done = i + 1;
        }
    }
    fwrite(s + done, 1, n - done, f);
}

static void png_uri(FILE *f, const unsigned char *s, size_t n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fputs("data:image/png;base64,", f);
    char q[4096];
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        q[k++] = b64[v >> 18 & 63];
        q[k++] = b64[v >> 12 & 63];
        q[k++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
        q[k++] = i + 2 < n ? b64[v & 63] : '=';
        if (k == sizeof q) {
            fwrite(q, 1, k, f);
            k = 0;
        }
    }
    fwrite(q, 1, k, f);
}

/* The figures of <dir>/figures/; false with err if one cannot be read. */
static bool figures(FILE *f, const char *dir, const struct crt_model *m, char *err, size_t errsize)
{
    if (m->nfigures == 0)
        return true;
    fputs("<h2 id=\"figures\">Figures</h2>\n", f);
    for (int i = 0; i < m->nfigures; i++) {
        const struct crt_figure *fg = &m->figures[i];
        char path[4600];
        size_t n = 0;
        snprintf(path, sizeof path, "%s/figures/%s.svg", dir, fg->name);
        char *data = read_all(path, &n);
        bool svg = data && n <= CRT_SVG_INLINE_MAX;
        if (!svg) {
            free(data);
            snprintf(path, sizeof path, "%s/figures/%s.png", dir, fg->name);
            data = read_all(path, &n);
        }
        if (!data) {
            snprintf(err, errsize, "cannot read '%s' for the report: %s", path, strerror(errno));
            return false;
        }
        fputs("<figure id=\"fig-", f);
        esc(f, fg->name);
        fputs("\">\n<img src=\"", f);
        if (svg)
            svg_uri(f, data, n);
        else
            png_uri(f, (const unsigned char *)data, n);
        free(data);
        fputs("\" alt=\"", f);
        esc(f, fg->title ? fg->title : fg->name);
        fputs("\">\n<figcaption><b>", f);
        esc(f, fg->title ? fg->title : fg->name);
        fputs("</b> (<code>", f);
        esc(f, fg->name);
        fputs("</code>, ", f);
        esc(f, fg->kind);
        fputs(svg ? "). Files: <code>figures/" : "; shown as PNG, its SVG is large). Files: <code>figures/", f);
        esc(f, fg->name);
        /* PNGs are written on request (--png) or for a large SVG */
        snprintf(path, sizeof path, "%s/figures/%s.png", dir, fg->name);
        fputs(!svg || access(path, F_OK) == 0 ? ".svg</code>, <code>.png</code>" : ".svg</code>", f);
        fputs("</figcaption>\n</figure>\n", f);
    }
    return true;
}


/* ---- sweeps ------------------------------------------------------------------------------ */

/* Each sweep that ran: what it varies, and its table (sweep.csv's numbers). */
static void sweeps(FILE *f, const struct crt_model *m, struct crt_result *const *results,
                   const struct crt_analysis *a)
{
    fputs("<h2 id=\"sweeps\">Sweeps</h2>\n", f);
    for (int w = 0; w < m->nsweeps; w++) {
        const struct crt_sweep *sw = &m->sweeps[w];
        int ran = 0;
        for (int p = 0; p < sw->npoints; p++)
            ran += results[sw->first + p] != NULL;
        fputs("<h3><code>", f);
        esc(f, sw->name);
        fputs("</code></h3>\n<p>", f);
        if (sw->experiment) {
            fputs("Experiment <code>", f);
            esc(f, sw->experiment);
            fputs("</code>", f);
        } else {
            fputs("The base protocol", f);
        }
        fprintf(f, " at %d points (%d run this time); each point's outputs are in <code>", sw->npoints, ran);
        esc(f, sw->name);
        fputs("/NN/</code>, the table in <a href=\"", f);
        esc(f, sw->name);
        fputs("/sweep.csv\"><code>", f);
        esc(f, sw->name);
        fputs("/sweep.csv</code></a>.</p>\n", f);
        if (!ran)
            continue;
        fputs("<table>\n<tr><th>point</th>", f);
        for (int v = 0; v < sw->nvary; v++) {
            fputs("<th><code>", f);
            esc(f, sw->paths[v]);
            fputs("</code>", f);
            if (*sw->units[v]) {
                fputs(" (", f);
                esc(f, sw->units[v]);
                fputs(")", f);
            }
            fputs("</th>", f);
        }
        for (int q = 0; q < m->npops; q++) {
            fputs("<th>", f);
            esc(f, m->pops[q].name);
            fputs(" (Hz)</th>", f);
        }
        for (int k = 0; k < m->nmeasures; k++)
            if (m->measures[k].experiment < 0) {
                fputs("<th><code>", f);
                esc(f, m->measures[k].name);
                fputs("</code></th>", f);
            }
        fputs("</tr>\n", f);
        for (int p = 0; p < sw->npoints; p++) {
            int e = sw->first + p;
            if (!results[e])
                continue;
            fprintf(f, "<tr><td class=\"num\">%d</td>", p);
            for (int v = 0; v < sw->nvary; v++)
                fprintf(f, "<td class=\"num\">%.6g</td>", sw->values[(size_t)p * (size_t)sw->nvary + (size_t)v]);
            for (int q = 0; q < m->npops; q++)
                fprintf(f, "<td class=\"num\">%.2f</td>", crt_pop_rate(m, results[e], q));
            for (int k = 0; k < m->nmeasures; k++) {
                if (m->measures[k].experiment >= 0)
                    continue;
                size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
                if (a->verdicts[i]) {
                    fputs("<td class=\"verdict\">", f);
                    esc(f, a->verdicts[i]);
                    fputs("</td>", f);
                } else if (isfinite(a->values[i])) {
                    fprintf(f, "<td class=\"num\">%.5g</td>", a->values[i]);
                } else {
                    fputs("<td class=\"num\">undefined</td>", f);
                }
            }
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }
}

bool crt_write_report(const char *path, const struct crt_model *m,
                      struct crt_result *const *results, const struct crt_analysis *a,
                      char *err, size_t errsize)
{
    char tmp[4200];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    const char *name = m->name ? m->name : "model";
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    esc(f, name);
    fprintf(f, " – circ report</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    esc(f, name);
    fputs("</h1>\n<p class=\"sub\">Simulation report written by <code>circ run</code>; the "
          "numbers are those of <code>summary.json</code> beside this file.</p>\n"
          "<nav><a href=\"#provenance\">Provenance</a><a href=\"#experiments\">Experiments</a>"
          "<a href=\"#network\">Network</a>", f);
    if (m->nmeasures)
        fputs("<a href=\"#measures\">Measures</a>", f);
    fputs("<a href=\"#expectations\">Expectations</a>", f);
    if (m->nsweeps)
        fputs("<a href=\"#sweeps\">Sweeps</a>", f);
    if (m->nfigures)
        fputs("<a href=\"#figures\">Figures</a>", f);
    fputs("</nav>\n", f);
    provenance(f, m);
    experiments(f, m, results);
    network(f, m, results);
    expectations(f, m, results, a);
    measures(f, m, results, a);
    if (m->nsweeps)
        sweeps(f, m, results, a);
    char dir[4200];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (!figures(f, dir, m, err, errsize)) {
        fclose(f);
        remove(tmp);
        return false;
    }
    fputs("</body>\n</html>\n", f);
    return rt_close_and_rename(f, tmp, path, err, errsize);
}
