/* test_report.c - figures and report.html of the seed microcircuit: every
 * declared figure is written as SVG and PNG with something drawn in it, and
 * the report carries each one in itself (data: URIs); figures of large
 * networks stay bounded; experiment descriptions reach the page.  (How the page looks in a browser is checked by
 * hand with tests/runtime/report_chromium.sh.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"
#include "xml_check.h"

static void rm_rf(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A copy of model `src` in a new temporary file (path: a mkstemps template
 * ending in ".circ"): `line` inserted before `record spikes`, the duration
 * made `duration`, and `tail` appended. */
static void variant(const char *src, const char *line, const char *duration, const char *tail,
                    char *path)
{
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    close(fd);
    char *text = slurp(src, NULL);
    cr_assert(text);
    char *rec = strstr(text, "    record spikes"), *dur = strstr(text, "duration = 1000 ms");
    cr_assert(rec && dur && dur < rec);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fwrite(text, 1, (size_t)(dur - text), f);
    fprintf(f, "duration = %s", duration);
    const char *after = dur + strlen("duration = 1000 ms");
    fwrite(after, 1, (size_t)(rec - after), f);
    fprintf(f, "    %s\n%s\n%s", line, rec, tail);
    fclose(f);
    free(text);
}

/* How many times `needle` occurs in `hay`. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *s = hay; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

/* The next <path> element from *at (moved past it) with attribute text
 * `attr` (as rt_svg.c writes it: "stroke-opacity='0.2'"): its d data from
 * *d to *end; false if none. */
static bool next_path(const char **at, const char *attr, const char **d, const char **end)
{
    for (const char *p = *at; (p = strstr(p, "<path ")) != NULL;) {
        const char *close = strstr(p, "/>"), *a = strstr(p, attr);
        cr_assert(close);
        if (a && a < close) {
            *d = strstr(p, "d='") + 3;
            *end = strchr(*d, '\'');
            cr_assert(*end && *end < close);
            *at = close + 2;
            return true;
        }
        p = close + 2;
    }
    return false;
}

/* Connection lines drawn as a sample (the translucent strokes), counted as
 * the line segments of those paths (L, or H and V where level or upright). */
static int sampled_lines(const char *svg)
{
    int n = 0;
    const char *at = svg, *d, *end;
    while (next_path(&at, "stroke-opacity='0.2'", &d, &end))
        for (const char *c = d; c < end; c++)
            n += *c == 'L' || *c == 'H' || *c == 'V';
    return n;
}

/* The height of a PNG, from its header. */
static unsigned png_height(const unsigned char *png)
{
    return (unsigned)png[20] << 24 | (unsigned)png[21] << 16 | (unsigned)png[22] << 8 | png[23];
}

static struct engine e;
static char out[] = "/tmp/circ-report-XXXXXX";

static void run_seed(void)
{
    cr_assert(mkdtemp(out));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    cr_assert(engine_open(&e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e.front->diag));
    struct crt_run_options o = {.outdir = out, .seed = -1, .png = true};
    cr_assert_eq(crt_main(e.model, &o), 0);
}

static void cleanup(void)
{
    engine_close(&e);
    rm_rf(out);
}

Test(report, figures_and_page, .init = run_seed, .fini = cleanup, .timeout = 180)
{
    const struct crt_model *m = e.model;
    cr_assert_eq(m->nfigures, 9, "the seed declares one figure of every kind");
    char path[400];
    size_t size;
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = slurp(path, &size);
    cr_assert(html, "no report.html");
    cr_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    cr_assert(strstr(html, "</html>"));
    cr_assert(strstr(html, "depolarization_block"), "the ISN verdict is in the measures table");
    cr_assert(strstr(html, "0 of 8 checks failed"));
    /* the SVGs name their namespaces with http:// URIs, which fetch nothing */
    cr_assert_null(strstr(html, "src=\"http"), "the report must not fetch anything");
    cr_assert_null(strstr(html, "href=\"http"));
    cr_assert_null(strstr(html, "url(http"));
    cr_assert_null(strstr(html, "src=\"figures/"), "self-contained: no links to figure files");
    cr_assert_null(strstr(html, "href=\"figures/"));
    for (int i = 0; i < m->nfigures; i++) {
        const char *name = m->figures[i].name;
        char ref[200];
        snprintf(ref, sizeof ref, "<figure id=\"fig-%s\">\n<img src=\"data:image/svg+xml,<?xml", name);
        cr_assert(strstr(html, ref), "report.html does not embed %s", name);

        snprintf(path, sizeof path, "%s/figures/%s.png", out, name);
        char *png = slurp(path, &size);
        cr_assert(png, "no %s", path);
        cr_assert(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "%s is not a PNG", path);
        /* a blank 1800-pixel-wide PNG compresses to a few KB; drawn ones do not */
        cr_assert_gt(size, 20000, "%s: %zu bytes", path, size);
        free(png);

        /* well-formed, the title as text, something drawn */
        snprintf(path, sizeof path, "%s/figures/%s.svg", out, name);
        char *svg = slurp(path, &size);
        cr_assert(svg, "no %s", path);
        cr_assert(strncmp(svg, "<?xml", 5) == 0, "%s", path);
        char msg[200];
        const char *bad = xml_check(svg, size, msg, sizeof msg);
        cr_assert_null(bad, "%s: %s", path, bad);
        snprintf(ref, sizeof ref, "font-weight='bold' fill='#0d0d0d'>%s</text>",
                 m->figures[i].title ? m->figures[i].title : name);
        cr_assert(strstr(svg, ref), "%s: no title %s", path, ref);
        cr_assert_gt(occurrences(svg, "<text"), 4, "%s", path);
        cr_assert_gt(occurrences(svg, "<path") + occurrences(svg, "<rect") +
                     occurrences(svg, "<circle"), 10, "%s", path);
        cr_assert_gt(size, 3000, "%s: %zu bytes", path, size);
        free(svg);
    }
    /* experiment descriptions, in the page and in summary.json */
    cr_assert(strstr(html, "<td>optogenetic silencing of PV interneurons from 400 to 600 ms</td>"));
    free(html);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *json = slurp(path, &size);
    cr_assert(json);
    cr_assert(strstr(json, "\"description\":\"strong extra excitation of PV interneurons from "
                           "500 ms (ISN test)\""), "%s", json);
    free(json);
    /* panels clip what they draw: a <clipPath> named after the figure */
    snprintf(path, sizeof path, "%s/figures/spike_raster.svg", out);
    char *raster = slurp(path, &size);
    cr_assert(raster);
    cr_assert(strstr(raster, "<clipPath id='spike_raster-c1'><rect x='78' "));
    cr_assert(strstr(raster, "<g clip-path='url(#spike_raster-c1)'>"));
    free(raster);
    /* four recorded cells: strips, no heat map */
    snprintf(path, sizeof path, "%s/figures/voltage_traces.svg", out);
    char *svg = slurp(path, &size);
    cr_assert(svg);
    cr_assert_eq(occurrences(svg, "<image"), 0);
    free(svg);
    /* 4577 connections: a sample of 600 lines */
    snprintf(path, sizeof path, "%s/figures/layout_2d.svg", out);
    svg = slurp(path, &size);
    cr_assert(svg);
    cr_assert_eq(sampled_lines(svg), 600);
    free(svg);
    /* nothing half-written is left behind */
    snprintf(path, sizeof path, "cd '%s' && ! find . -name '*.tmp' | grep -q .", out);
    cr_assert_eq(system(path), 0, "temporary files left in %s", out);
}

/* A 1 ms run has no spikes and its windows lie beyond the end: every figure
 * is still drawn, as empty panels with notes. */
Test(report, empty_run_draws_empty_panels, .timeout = 180)
{
    char tmp[] = "/tmp/circ-report-empty-XXXXXX";
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(en.front->diag));
    en.model->tstop = 1;    /* no spikes, windows beyond the run */
    const char *only[] = {"control"};
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .experiments = only, .nexperiments = 1};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    for (int i = 0; i < en.model->nfigures; i++) {
        char path[400];
        struct stat st;
        snprintf(path, sizeof path, "%s/figures/%s.png", tmp, en.model->figures[i].name);
        cr_assert(stat(path, &st) != 0, "%s without --png", path);
        snprintf(path, sizeof path, "%s/figures/%s.svg", tmp, en.model->figures[i].name);
        cr_assert(stat(path, &st) == 0 && st.st_size > 1000, "%s", path);
    }
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/report.html", tmp);
    cr_assert(stat(path, &st) == 0);
    engine_close(&en);
    rm_rf(tmp);
}

/* 1000 recorded cells (their strips were 88000 pixels tall: cairo refused,
 * exit 2, no report) are drawn as one heat map of bounded height (--png:
 * in the PNG too); 47k connections as a sample of 600 lines. */
Test(report, many_cells_make_a_heat_map_and_a_sample, .timeout = 300)
{
    char path[] = "/tmp/circ-report-big-XXXXXX.circ", tmp[] = "/tmp/circ-report-big-XXXXXX";
    variant(SRCDIR "/bench/microcircuit_x10.circ", "record v of all at soma(0.5)", "40 ms",
            "figure many = traces { }\nfigure layout = positions2d { }\n", path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .png = true};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    char file[400];
    size_t size;
    snprintf(file, sizeof file, "%s/figures/many.svg", tmp);
    char *svg = slurp(file, &size);
    cr_assert(svg, "no %s", file);
    cr_assert_eq(occurrences(svg, "<image"), en.model->nexperiments, "one map per experiment");
    cr_assert_eq(occurrences(svg, "xlink:href='data:image/png;base64,iVBORw0KGgo"),
                 en.model->nexperiments, "embedded PNGs");
    cr_assert(strstr(svg, "style='image-rendering:pixelated'"), "cells sharp, not blurred");
    cr_assert(strstr(svg, "<linearGradient id='many-g1'"), "the colour bar");
    cr_assert_lt(size, 1500000, "%zu bytes", size);
    free(svg);
    snprintf(file, sizeof file, "%s/figures/many.png", tmp);
    unsigned char *png = (unsigned char *)slurp(file, &size);
    cr_assert(png && size > 24);
    cr_assert_leq(png_height(png), 44 + 8 + (unsigned)en.model->nexperiments * (30 + 480 + 48));
    free(png);
    snprintf(file, sizeof file, "%s/figures/layout.svg", tmp);
    svg = slurp(file, &size);
    cr_assert(svg, "no %s", file);
    cr_assert_eq(sampled_lines(svg), 600);
    cr_assert_lt(size, 1000000, "%zu bytes (every line: 2.9 MB)", size);
    free(svg);
    snprintf(file, sizeof file, "%s/report.html", tmp);
    struct stat st;
    cr_assert(stat(file, &st) == 0, "no report");
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* 10^4 cells: the position figures draw a sample of 4000 dots spread over
 * the populations (every cell made 42 MB SVGs at 10^5 cells). */
Test(report, many_cells_as_a_sample_of_dots, .timeout = 300)
{
    char path[] = "/tmp/circ-report-dots-XXXXXX.circ", tmp[] = "/tmp/circ-report-dots-XXXXXX";
    variant(SRCDIR "/bench/microcircuit_x100.circ", "record v of Exc_L23[0] at soma(0.5)", "1 ms",
            "figure flat = positions2d { }\nfigure deep = positions3d { }\n", path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    cr_assert_eq(en.model->ncells, 10000);
    const char *only[] = {"control"};
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .experiments = only, .nexperiments = 1};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    int figures = 0;
    for (int i = 0; i < en.model->nfigures; i++) {
        const char *kind = en.model->figures[i].kind;
        if (strcmp(kind, "positions2d") != 0 && strcmp(kind, "positions3d") != 0)
            continue;
        char file[400];
        size_t size;
        snprintf(file, sizeof file, "%s/figures/%s.svg", tmp, en.model->figures[i].name);
        char *svg = slurp(file, &size);
        cr_assert(svg, "no %s", file);
        cr_assert_eq(occurrences(svg, "fill-opacity='0.9'"), 4000, "%s", file);
        cr_assert_lt(size, 2500000, "%s: %zu bytes", file, size);
        free(svg);
        figures++;
    }
    cr_assert_eq(figures, 2, "a 2-D and a 3-D positions figure");
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* Programs (circ build) carry the descriptions: serialized and read back. */
Test(report, descriptions_are_serialized, .timeout = 120)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(en.front->diag));
    unsigned char *buf;
    size_t n = crt_model_serialize(en.model, &buf);
    struct crt_model *back = crt_model_deserialize(buf, n);
    cr_assert(back);
    cr_assert_eq(back->nexperiments, 3);
    cr_assert_str_eq(back->experiments[0].description,
                     "spontaneous activity driven by background input only");
    cr_assert_str_eq(back->experiments[1].description, en.model->experiments[1].description);
    crt_model_free(back);
    free(buf);
    engine_close(&en);
}

/* A raster of 1000 cells over 1 s, three panels of it, is an SVG of more
 * than 1 MB (a line per spike): the page carries its PNG instead, still in
 * itself (drawn for that, without --png). */
Test(report, large_svg_is_shown_as_png, .timeout = 300)
{
    char path[] = "/tmp/circ-report-raster-XXXXXX.circ", tmp[] = "/tmp/circ-report-raster-XXXXXX";
    variant(SRCDIR "/bench/microcircuit_x10.circ", "", "1000 ms",
            "figure big = raster { experiments = [control, control, control] }\n", path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    struct crt_run_options o = {.outdir = tmp, .seed = -1};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    char file[400];
    struct stat st;
    snprintf(file, sizeof file, "%s/figures/big.svg", tmp);
    cr_assert(stat(file, &st) == 0 && st.st_size > (1 << 20), "%s: %ld bytes", file, (long)st.st_size);
    snprintf(file, sizeof file, "%s/report.html", tmp);
    size_t size;
    char *html = slurp(file, &size);
    cr_assert(html);
    cr_assert(strstr(html, "<figure id=\"fig-big\">\n<img src=\"data:image/png;base64,iVBORw0KGgo"));
    cr_assert_lt(size, 1000000, "%zu bytes", size);
    free(html);
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* The mean y (SVG units, downwards) of the points a path of the given
 * stroke colour starts at: where a population's spikes lie in a raster. */
static double mean_path_y(const char *svg, const char *colour)
{
    char key[128];
    snprintf(key, sizeof key, "stroke='%s'", colour);
    const char *at = svg, *d, *end;
    cr_assert(next_path(&at, key, &d, &end), "no path in %s", colour);
    double sum = 0;
    int n = 0;
    for (const char *c = d; c < end; c++)
        if (*c == 'M') {
            double x, y;
            cr_assert_eq(sscanf(c + 1, "%lf %lf", &x, &y), 2);
            sum += y;
            n++;
        }
    cr_assert_gt(n, 0);
    return sum / n;
}

/* `order = y`: rows by depth, from the top; so the upper-layer pyramidal
 * cells (Exc_L23, y 0.2-0.6 of the depth) are drawn above the SOM cells
 * (0.6-0.9), where by gid they come first, at the bottom. */
Test(report, raster_ordered_by_depth, .timeout = 180)
{
    char path[] = "/tmp/circ-report-order-XXXXXX.circ", tmp[] = "/tmp/circ-report-order-XXXXXX";
    variant(SRCDIR "/examples/microcircuit.circ", "", "300 ms",
            "figure by_gid = raster { experiments = [control] }\n"
            "figure by_depth = raster { experiments = [control]; order = y }\n", path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    const char *only[] = {"control"};
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .experiments = only, .nexperiments = 1};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    const char *l23 = "#1f77b4", *som = "#d62728";
    char file[400];
    snprintf(file, sizeof file, "%s/figures/by_gid.svg", tmp);
    char *svg = slurp(file, NULL);
    cr_assert(svg);
    cr_assert_gt(mean_path_y(svg, l23), mean_path_y(svg, som));
    free(svg);
    snprintf(file, sizeof file, "%s/figures/by_depth.svg", tmp);
    svg = slurp(file, NULL);
    cr_assert(svg);
    cr_assert_lt(mean_path_y(svg, l23), mean_path_y(svg, som));
    free(svg);
    /* and programs keep the order */
    unsigned char *buf;
    size_t n = crt_model_serialize(en.model, &buf);
    struct crt_model *back = crt_model_deserialize(buf, n);
    cr_assert(back);
    int k = back->nfigures - 1;
    cr_assert_eq(back->figures[k].order, CRT_ORDER_Y);
    cr_assert_eq(back->figures[k - 1].order, CRT_ORDER_GID);
    crt_model_free(back);
    free(buf);
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* A figure that cannot be written (its name is longer than a file name may
 * be) fails the run with exit 2, whichever worker process drew it, with one
 * thread or two, and nothing is left half-written. */
Test(report, a_failed_figure_fails_the_run, .timeout = 180)
{
    char name[301], tail[400];
    memset(name, 'f', 300);
    name[300] = '\0';
    snprintf(tail, sizeof tail, "figure %s = rates { }\n", name);
    char path[] = "/tmp/circ-report-fail-XXXXXX.circ";
    variant(SRCDIR "/examples/microcircuit.circ", "", "100 ms", tail, path);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    for (int threads = 1; threads <= 2; threads++) {
        char tmp[] = "/tmp/circ-report-fail-XXXXXX";
        cr_assert(mkdtemp(tmp));
        const char *only[] = {"control"};
        struct crt_run_options o = {.outdir = tmp, .seed = -1, .experiments = only,
                                    .nexperiments = 1, .threads = threads};
        cr_assert_eq(crt_main(en.model, &o), 2, "threads %d", threads);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "cd '%s' && ! find . -name '*.tmp' | grep -q .", tmp);
        cr_assert_eq(system(cmd), 0, "temporary files left in %s", tmp);
        rm_rf(tmp);
    }
    engine_close(&en);
    remove(path);
}

/* rt_figures.c's tick step (its nice_step), to place a strip's range. */
static double tick_step(double span, int n)
{
    double raw = span / n;
    double p = pow(10, floor(log10(raw))), r = raw / p;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * p;
}

/* Traces are drawn with fewer points than pixels (points within a quarter
 * pixel of a straighter path left out), but never lose a spike or an
 * extreme: in the first strip's path (control, Exc_L23[0]) every spike's
 * peak, and the lowest trough, are where the trace puts them to within a
 * quarter pixel. */
Test(report, simplified_traces_keep_their_extremes, .init = run_seed, .fini = cleanup, .timeout = 180)
{
    struct crt_result res;
    cr_assert(crt_run(e.model, 0, &res));
    int j = 0;
    while (j < res.ntraces && !(res.trace_gid[j] == 0 && res.trace_kind[j] == CRT_REC_V))
        j++;
    cr_assert(j < res.ntraces);
    double lo = INFINITY, hi = -INFINITY, peak[200];
    int npeaks = 0;
    for (long k = 0; k < res.ntimes; k++) {
        double v = res.trace[j][k];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        if (v > 0 && (k == 0 || res.trace[j][k - 1] <= 0) && npeaks < 200)
            peak[npeaks++] = v;
        else if (v > 0)
            peak[npeaks - 1] = fmax(peak[npeaks - 1], v);
    }
    crt_result_free(&res);
    cr_assert_gt(npeaks, 10);
    double step = tick_step(hi - lo, 3), y0 = floor(lo / step) * step, y1 = ceil(hi / step) * step;
    double top = 44 + 30, h = 70;   /* TITLE_H, the panel title, STRIP_H */
#define PIX(v) (top + h - ((v) - y0) / (y1 - y0) * h)
    char path[400];
    snprintf(path, sizeof path, "%s/figures/voltage_traces.svg", out);
    char *svg = slurp(path, NULL);
    cr_assert(svg);
    const char *at = svg, *d, *end;
    cr_assert(next_path(&at, "stroke-width='0.9'", &d, &end));
    double ymax = -INFINITY, drawn[200], y = NAN;
    int ndrawn = 0, points = 0;
    bool above = false;
    for (const char *c = d; c < end; c++)
        if (*c == 'M' || *c == 'L' || *c == 'V' || *c == 'H') {
            double x;       /* H keeps y, V gives it alone */
            if (*c == 'V')
                cr_assert_eq(sscanf(c + 1, "%lf", &y), 1);
            else if (*c != 'H')
                cr_assert_eq(sscanf(c + 1, "%lf %lf", &x, &y), 2);
            ymax = fmax(ymax, y);
            points++;
            if (y < PIX(0) && !above && ndrawn < 200)
                drawn[ndrawn++] = y;
            else if (y < PIX(0))
                drawn[ndrawn - 1] = fmin(drawn[ndrawn - 1], y);
            above = y < PIX(0);
        }
    free(svg);
    cr_assert_eq(ndrawn, npeaks, "%d spikes drawn of %d", ndrawn, npeaks);
    for (int k = 0; k < npeaks; k++)
        cr_assert_leq(fabs(drawn[k] - PIX(peak[k])), 0.25, "spike %d: %g mV drawn at %g, not %g",
                      k, peak[k], drawn[k], PIX(peak[k]));
    cr_assert_leq(fabs(ymax - PIX(lo)), 0.25, "trough at %g", ymax);
    cr_assert_lt(points, 4 * 642, "%d points: not simplified", points);
#undef PIX
}

/* A figure taller than cairo's images allow (a raster panel for each of 100
 * listed experiments, 40000 pixels) is rasterized smaller, not refused. */
Test(report, tall_figure_is_drawn_smaller, .timeout = 300)
{
    char tail[1200] = "figure tall = raster { experiments = [control";
    for (int k = 1; k < 100; k++)
        strcat(tail, ", control");
    strcat(tail, "] }\n");
    char path[] = "/tmp/circ-report-tall-XXXXXX.circ", tmp[] = "/tmp/circ-report-tall-XXXXXX";
    variant(SRCDIR "/examples/microcircuit.circ", "", "50 ms", tail, path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    const char *only[] = {"control"};
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .experiments = only, .nexperiments = 1,
                                .png = true};
    int rc = crt_main(en.model, &o);
    cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    char file[400];
    size_t size;
    snprintf(file, sizeof file, "%s/figures/tall.png", tmp);
    unsigned char *png = (unsigned char *)slurp(file, &size);
    cr_assert(png && size > 24, "no %s", file);
    cr_assert_leq(png_height(png), 32000);
    cr_assert_gt(png_height(png), 30000);
    free(png);
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* Heat maps embed an image: the figures are the same bytes whether one
 * worker draws them all, one after another, or three draw one each (cairo's
 * SVGs named images by a process-wide count; ours name nothing by it). */
Test(report, embedded_images_do_not_depend_on_workers, .timeout = 300)
{
    char path[] = "/tmp/circ-report-ids-XXXXXX.circ", tmp[] = "/tmp/circ-report-ids-XXXXXX";
    variant(SRCDIR "/examples/microcircuit.circ", "record v of all at soma(0.5)", "100 ms",
            "figure many = traces { experiments = [control] }\n", path);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    char dirs[2][400];
    for (int k = 0; k < 2; k++) {
        snprintf(dirs[k], sizeof dirs[k], "%s/t%d", tmp, k);
        const char *only[] = {"control"};
        struct crt_run_options o = {.outdir = dirs[k], .seed = -1, .experiments = only,
                                    .nexperiments = 1, .threads = k == 0 ? 1 : 3, .png = true};
        int rc = crt_main(en.model, &o);
        cr_assert(rc == 0 || rc == 1, "exit %d: only expectations may fail", rc);
    }
    for (int i = 0; i < en.model->nfigures; i++)
        for (int png = 0; png < 2; png++) {
            char a[600], b[600];
            const char *name = en.model->figures[i].name, *ext = png ? "png" : "svg";
            snprintf(a, sizeof a, "%s/figures/%s.%s", dirs[0], name, ext);
            snprintf(b, sizeof b, "%s/figures/%s.%s", dirs[1], name, ext);
            cr_assert(same_bytes(a, b), "%s and %s differ", a, b);
        }
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}

/* The rates figure's scale covers its bars: a window that runs past the end
 * of the run is drawn over its simulated part (50 Hz for 50 Hz cells over
 * [500 ms, 1500 ms) of a 1000 ms run), and the scale was taken over the
 * whole window (25 Hz), which put the bar and its label above the figure. */
Test(report, rates_scale_covers_a_window_past_the_end, .timeout = 120)
{
    char path[] = "/tmp/circ-report-rates-XXXXXX.circ", tmp[] = "/tmp/circ-report-rates-XXXXXX";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    const char *src = "population S of NetStim { count = 4; rate = 50 Hz; noise = 0; start = 0 ms; "
                      "number = 1e9 }\n"
                      "simulation { duration = 1000 ms; record spikes }\n"
                      "window late = [500 ms, 1500 ms)\n"
                      "figure r = rates { populations = [S]; windows = [late] }\n";
    cr_assert_eq(write(fd, src, strlen(src)), (ssize_t)strlen(src));
    close(fd);
    cr_assert(mkdtemp(tmp));
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine en;
    cr_assert(engine_open(&en, path, &fo, &co), "%s", diag_text(en.front->diag));
    struct crt_run_options o = {.outdir = tmp, .seed = -1, .threads = 1};
    cr_assert_eq(crt_main(en.model, &o), 0);
    char svg_path[400];
    snprintf(svg_path, sizeof svg_path, "%s/figures/r.svg", tmp);
    char *svg = slurp(svg_path, NULL);
    cr_assert(svg, "no %s", svg_path);
    cr_assert(strstr(svg, ">50</text>"), "the bar's value, 50 Hz, is labelled:\n%s", svg);
    for (const char *t = svg; (t = strstr(t, "<text ")); t++) {
        const char *y = strstr(t, " y='");
        cr_assert(y);
        cr_assert_geq(strtod(y + 4, NULL), 0, "a label above the figure: %.80s", t);
    }
    free(svg);
    engine_close(&en);
    rm_rf(tmp);
    remove(path);
}
