/* fit_out.c - a fit's files: fit.csv (one row per evaluation), best.set
 * (the best point as --set options) and report.html (the optimizer's
 * trace as figures, the best point against the targets, a link to the
 * best run's own report).  Each is written whole or not at all. */
#include "fit.h"

#include <math.h>
#include <string.h>

#include "rt_files.h"

static FILE *open_in(const char *dir, const char *name, char *path, size_t size, char *tmp,
                     size_t tmpsize, char *err, size_t errsize)
{
    snprintf(path, size, "%s/%s", dir, name);
    return rt_open_tmp(path, tmp, tmpsize, err, errsize);
}

/* "bkg.rate (Hz)" or "bkg.rate" */
static void header(FILE *out, const char *name, const char *unit)
{
    fprintf(out, ",%s%s%s%s", name, *unit ? " (" : "", unit, *unit ? ")" : "");
}

bool fit_write_csv(const char *dir, const struct fit_trace *t, char *err, size_t errsize)
{
    char path[4096], tmp[4200];
    FILE *out = open_in(dir, "fit.csv", path, sizeof path, tmp, sizeof tmp, err, errsize);
    if (!out)
        return false;
    const struct sema_fit *f = t->fit;
    fputs("evaluation", out);
    for (unsigned v = 0; v < f->nvary; v++)
        header(out, f->paths[v], f->units[v]);
    for (unsigned k = 0; k < f->ntargets; k++)
        header(out, f->targets[k], f->target_units[k]);
    fputs(",objective\n", out);
    for (unsigned i = 0; i < t->n; i++) {
        fprintf(out, "%u", i + 1);
        for (unsigned v = 0; v < f->nvary; v++)
            fprintf(out, ",%.15g", t->x[i * f->nvary + v]);
        for (unsigned k = 0; k < f->ntargets; k++)
            fprintf(out, ",%.17g", t->y[i * f->ntargets + k]);
        fprintf(out, ",%.17g\n", t->objective[i]);
    }
    return rt_close_and_rename(out, tmp, path, err, errsize);
}

bool fit_write_set(const char *dir, const struct fit_trace *t, char *err, size_t errsize)
{
    char path[4096], tmp[4200];
    FILE *out = open_in(dir, "best.set", path, sizeof path, tmp, sizeof tmp, err, errsize);
    if (!out)
        return false;
    for (unsigned v = 0; v < t->fit->nvary; v++) {
        char buf[64];
        fit_value_text(t, t->best, v, buf, sizeof buf);
        fprintf(out, "--set %s=%s\n", t->fit->paths[v], buf);
    }
    return rt_close_and_rename(out, tmp, path, err, errsize);
}

static void html_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", out);
        else if (*s == '>')
            fputs("&gt;", out);
        else if (*s == '&')
            fputs("&amp;", out);
        else
            fputc(*s, out);
    }
}

/* One panel: ys[i * stride] against evaluation i + 1, a dot per evaluation,
 * the best one larger and red; log10 scale when asked (objectives span
 * decades); a dashed line at `line` (a target); the y axis spans [lo, hi]
 * when given (a value's bounds), else the values. */
static void svg_panel(FILE *out, const struct fit_trace *t, const double *ys, unsigned stride,
                      const char *title, bool logscale, double line, double lo_fixed,
                      double hi_fixed)
{
    enum { W = 420, H = 220, L = 60, R = 12, T = 26, B = 36 };
    double lo = INFINITY, hi = -INFINITY;
    for (unsigned i = 0; i < t->n; i++) {
        double y = ys[i * stride];
        if (!isfinite(y) || y >= 1e299 || (logscale && y <= 0))
            continue;
        y = logscale ? log10(y) : y;
        lo = fmin(lo, y);
        hi = fmax(hi, y);
    }
    if (isfinite(line) && !logscale) {
        lo = fmin(lo, line);
        hi = fmax(hi, line);
    }
    if (!isnan(lo_fixed))
        lo = lo_fixed, hi = hi_fixed;
    if (!(lo <= hi))
        lo = 0, hi = 1;
    if (hi - lo < 1e-12 * fmax(1, fabs(hi)))
        lo -= 0.5, hi += 0.5;
    double pad = isnan(lo_fixed) ? 0.05 * (hi - lo) : 0;
    lo -= pad;
    hi += pad;
    fprintf(out, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
            "font-family='sans-serif' font-size='11'>\n"
            "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>\n"
            "<text x='%d' y='16' font-size='13'>", W, H, L, T, W - L - R, H - T - B, L);
    html_text(out, title);
    fputs("</text>\n", out);
#define PX(i) (L + (W - L - R) * (t->n > 1 ? (double)(i) / (double)(t->n - 1) : 0.5))
#define PY(y) (T + (H - T - B) * (1 - ((y) - lo) / (hi - lo)))
    for (int k = 0; k <= 2; k++) {
        double y = lo + (hi - lo) * k / 2;
        fprintf(out, "<text x='%d' y='%.1f' text-anchor='end'>%.3g</text>\n", L - 4,
                PY(y) + 4, logscale ? pow(10, y) : y);
    }
    fprintf(out, "<text x='%d' y='%d'>1</text><text x='%d' y='%d' text-anchor='end'>%u</text>"
            "<text x='%d' y='%d' text-anchor='middle'>evaluation</text>\n", L, H - B + 14,
            W - R, H - B + 14, t->n, (L + W - R) / 2, H - 6);
    if (isfinite(line) && !logscale)
        fprintf(out, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#d62728' "
                "stroke-dasharray='4 3'/>\n", L, W - R, PY(line), PY(line));
    fputs("<polyline fill='none' stroke='#9ecae1' points='", out);
    for (unsigned i = 0; i < t->n; i++) {
        double y = ys[i * stride];
        if (isfinite(y) && y < 1e299 && (!logscale || y > 0))
            fprintf(out, "%.1f,%.1f ", PX(i), PY(logscale ? log10(y) : y));
    }
    fputs("'/>\n", out);
    for (unsigned i = 0; i < t->n; i++) {
        double y = ys[i * stride];
        if (!isfinite(y) || y >= 1e299 || (logscale && y <= 0))
            continue;
        fprintf(out, "<circle cx='%.1f' cy='%.1f' r='%d' fill='%s'/>\n", PX(i),
                PY(logscale ? log10(y) : y), i == t->best ? 5 : 3,
                i == t->best ? "#d62728" : "#1f77b4");
    }
#undef PX
#undef PY
    fputs("</svg>\n", out);
}

bool fit_write_report(const char *dir, const struct fit_trace *t, char *err, size_t errsize)
{
    char path[4096], tmp[4200];
    FILE *out = open_in(dir, "report.html", path, sizeof path, tmp, sizeof tmp, err, errsize);
    if (!out)
        return false;
    const struct sema_fit *f = t->fit;
    fputs("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>fit ", out);
    html_text(out, f->decl->str);
    fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
          "collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
          "svg{margin:4px}</style></head><body>\n<h1>fit ", out);
    html_text(out, f->decl->str);
    fputs("</h1>\n<p>model ", out);
    html_text(out, t->file);
    fputs(", runs of experiment ", out);
    html_text(out, t->experiment);
    fprintf(out, ", seed %lld; %u of at most %u runs; stopped because ", t->seed, t->n,
            f->budget);
    html_text(out, t->stopped);
    fprintf(out, ". Nelder-Mead (GSL nmsimplex2) on logistic-transformed bounds; objective: "
            "the sum over targets of ((measure &minus; target) / scale)&sup2;, scale the "
            "tolerance or else |target|.</p>\n<h2>best point (run %u, objective %.4g)</h2>\n"
            "<table><tr><th>value</th><th>best</th><th>from</th><th>to</th></tr>\n",
            t->best + 1, t->objective[t->best]);
    for (unsigned v = 0; v < f->nvary; v++) {
        char buf[64];
        fit_value_text(t, t->best, v, buf, sizeof buf);
        fputs("<tr><td>", out);
        html_text(out, f->paths[v]);
        fprintf(out, "</td><td>%s</td><td>%.6g %s</td><td>%.6g %s</td></tr>\n", buf, f->lo[v],
                f->units[v], f->hi[v], f->units[v]);
    }
    fputs("</table>\n<p></p><table><tr><th>target</th><th>measured</th><th>wanted</th>"
          "<th>within</th><th>met</th></tr>\n", out);
    for (unsigned k = 0; k < f->ntargets; k++) {
        double y = t->y[t->best * f->ntargets + k];
        bool tol = !isnan(f->tol[k]);
        fputs("<tr><td>", out);
        html_text(out, f->targets[k]);
        fprintf(out, "</td><td>%.6g %s</td><td>%.6g %s</td>", y, f->target_units[k],
                f->target[k], f->target_units[k]);
        if (tol)
            fprintf(out, "<td>%.6g %s</td><td>%s</td></tr>\n", f->tol[k], f->target_units[k],
                    fabs(y - f->target[k]) <= f->tol[k] ? "yes" : "no");
        else
            fputs("<td>&ndash;</td><td>&ndash;</td></tr>\n", out);
    }
    fputs("</table>\n<p>best.set holds these values as <code>--set</code> options "
          "(<code>circ run MODEL $(cat best.set)</code>); the best point's run: "
          "<a href='best/report.html'>best/report.html</a>; every run: fit.csv.</p>\n"
          "<h2>the optimizer's trace</h2>\n<div>\n", out);
    svg_panel(out, t, t->objective, 1, "objective (log scale)", true, NAN, NAN, NAN);
    for (unsigned v = 0; v < f->nvary; v++) {
        char title[300];
        snprintf(title, sizeof title, "%s%s%s%s, between its bounds", f->paths[v],
                 *f->units[v] ? " (" : "", f->units[v], *f->units[v] ? ")" : "");
        svg_panel(out, t, &t->x[v], f->nvary, title, false, NAN, f->lo[v], f->hi[v]);
    }
    for (unsigned k = 0; k < f->ntargets; k++) {
        char title[300];
        snprintf(title, sizeof title, "%s%s%s%s, target dashed", f->targets[k],
                 *f->target_units[k] ? " (" : "", f->target_units[k],
                 *f->target_units[k] ? ")" : "");
        svg_panel(out, t, &t->y[k], f->ntargets, title, false, f->target[k], NAN, NAN);
    }
    fputs("</div>\n</body></html>\n", out);
    return rt_close_and_rename(out, tmp, path, err, errsize);
}
