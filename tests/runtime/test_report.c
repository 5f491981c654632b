/* test_report.c - figures and report.html of the seed microcircuit: every
 * declared figure is written as SVG and PNG with something drawn in it, and
 * the report embeds each one.  (How the page looks in a browser is checked by
 * hand with tests/runtime/report_chromium.sh.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

static void rm_rf(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
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
    struct crt_run_options o = {.outdir = out, .seed = -1};
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
    cr_assert_null(strstr(html, "http://"), "the report must not fetch anything");
    cr_assert_null(strstr(html, "https://"));
    for (int i = 0; i < m->nfigures; i++) {
        const char *name = m->figures[i].name;
        char ref[200];
        snprintf(ref, sizeof ref, "<img src=\"figures/%s.svg\"", name);
        cr_assert(strstr(html, ref), "report.html does not embed %s", name);

        snprintf(path, sizeof path, "%s/figures/%s.png", out, name);
        char *png = slurp(path, &size);
        cr_assert(png, "no %s", path);
        cr_assert(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "%s is not a PNG", path);
        /* a blank 1800-pixel-wide PNG compresses to a few KB; drawn ones do not */
        cr_assert_gt(size, 20000, "%s: %zu bytes", path, size);
        free(png);

        snprintf(path, sizeof path, "%s/figures/%s.svg", out, name);
        char *svg = slurp(path, &size);
        cr_assert(svg, "no %s", path);
        cr_assert(strncmp(svg, "<?xml", 5) == 0 || strncmp(svg, "<svg", 4) == 0, "%s", path);
        cr_assert(strstr(svg, "</svg>"), "%s is truncated", path);
        cr_assert_gt(size, 10000, "%s: %zu bytes", path, size);
        free(svg);
    }
    free(html);
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
        cr_assert(stat(path, &st) == 0 && st.st_size > 1000, "%s", path);
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
