/* rt_figures.c - the declared figures, drawn after the runs on a canvas
 * (rt_canvas.h: our own SVG writer, or cairo for PNGs):
 * <outdir>/figures/<name>.svg and <name>.png (the PNG at the SVG's size: PNG
 * encoding dominates the cost of a run, and the report uses the SVGs).
 *
 * Every kind draws from the results alone and copes with nothing to draw
 * (no spikes, no traces, no connections, an experiment that was not run): the
 * panel is drawn empty with a note saying why, so a report never lacks a
 * figure.  A population keeps its colour in every figure; a group (a set that
 * is not a population) gets a colour of its own, kept apart from those.
 */
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crt_model.h"
#include "rt_alloc.h"
#include "rt_fft.h"
#include "rt_files.h"
#include "rt_canvas.h"
#include "rt_png.h"

#define PI 3.14159265358979323846
#define WIDTH 900.0             /* logical size: SVG user units and PNG pixels */
#define PNG_SCALE 1.0
#define PNG_MAX_H 32000.0       /* pixels: cairo's limit is 32767 */
#define LEFT 78.0               /* plot area: axis numbers and label go left of it */
#define RIGHT 180.0             /* legend column */
#define TITLE_H 44.0
#define FONT "DejaVu Sans"      /* fontconfig falls back to any sans if absent */

struct rgb {
    double r, g, b;
};

/* Tableau 10 for populations; a darker set for groups, so Exc (L23 + L5)
 * never looks like one of its members. */
static const struct rgb pop_palette[] = {
    {0.122, 0.467, 0.706}, {1.000, 0.498, 0.055}, {0.173, 0.627, 0.173}, {0.839, 0.153, 0.157},
    {0.580, 0.404, 0.741}, {0.549, 0.337, 0.294}, {0.890, 0.467, 0.761}, {0.498, 0.498, 0.498},
    {0.737, 0.741, 0.133}, {0.090, 0.745, 0.812},
};
static const struct rgb group_palette[] = {
    {0.106, 0.294, 0.588}, {0.702, 0.157, 0.133}, {0.200, 0.200, 0.200}, {0.365, 0.133, 0.533},
    {0.055, 0.447, 0.345}, {0.600, 0.400, 0.000},
};
#define NPOP_COLOURS (sizeof pop_palette / sizeof pop_palette[0])
#define NGROUP_COLOURS (sizeof group_palette / sizeof group_palette[0])

/* One figure being drawn onto one surface. */
struct fig {
    struct canvas *cv;
    const struct crt_model *m;
    struct crt_result *const *res;
    const struct crt_figure *f;
    const int *pop_of;      /* population of each gid (-1: none) */
    /* membership of the figure's cell sets, per gid, computed once per
     * drawing (a test per cell or connection, however many cells): in[j *
     * ncells + gid] for set j, any[gid] for their union */
    char *in, *any;
    const struct crt_analysis *a;   /* measures (sweep figures), or NULL */
};

/* A plot area and the data range it shows. */
struct axes {
    double x, y, w, h;      /* pixels */
    double x0, x1, y0, y1;  /* data */
    bool ylog;              /* y0, y1 are decades */
    bool yflip;             /* y grows downwards (cortical depth) */
};

static double px(const struct axes *a, double x)
{
    return a->x + (x - a->x0) / (a->x1 - a->x0) * a->w;
}

static double py(const struct axes *a, double y)
{
    if (a->ylog)
        y = y > 0 ? log10(y) : a->y0 - 1;
    double u = (y - a->y0) / (a->y1 - a->y0);
    return a->yflip ? a->y + u * a->h : a->y + a->h - u * a->h;
}

/* ---- colours and sets ------------------------------------------------------------ */

static void set_rgb(struct canvas *cv, struct rgb c, double alpha)
{
    cv_set_rgba(cv, c.r, c.g, c.b, alpha);
}

static struct rgb pop_colour(int p)
{
    return p >= 0 ? pop_palette[(size_t)p % NPOP_COLOURS] : (struct rgb){0.3, 0.3, 0.3};
}

static int pop_named(const struct crt_model *m, const char *name)
{
    for (int p = 0; p < m->npops; p++)
        if (strcmp(m->pops[p].name, name) == 0)
            return p;
    return -1;
}

/* The colour of the figure's j-th set: its population's, or a group colour
 * chosen by the set's index in the model, so a group is the same colour in
 * every figure. */
static struct rgb set_colour(const struct fig *g, int j)
{
    int p = pop_named(g->m, g->f->set_names[j]);
    if (p >= 0)
        return pop_colour(p);
    return group_palette[(size_t)g->f->sets[j] % NGROUP_COLOURS];
}

static const struct crt_gids *set_of(const struct fig *g, int j)
{
    return &g->m->sets[g->f->sets[j]];
}

/* Whether gid is in any of the figure's sets (every cell if it lists none). */
static bool shown(const struct fig *g, int gid)
{
    return g->f->nsets == 0 || g->any[gid];
}

/* Whether gid is in the figure's set j. */
static bool in_set(const struct fig *g, int j, int gid)
{
    return g->in[(size_t)j * (size_t)g->m->ncells + (size_t)gid];
}

static void membership(struct fig *g)
{
    size_t n = (size_t)g->m->ncells;
    g->in = rt_calloc((size_t)g->f->nsets * n + 1, 1);
    g->any = rt_calloc(n + 1, 1);
    for (int j = 0; j < g->f->nsets; j++) {
        const struct crt_gids *set = set_of(g, j);
        for (int k = 0; k < set->n; k++) {
            g->in[(size_t)j * n + (size_t)set->gid[k]] = 1;
            g->any[set->gid[k]] = 1;
        }
    }
}

/* ---- text --------------------------------------------------------------------- */

/* Text anchored at (x, y): ax 0 left, 0.5 centre, 1 right; ay likewise from
 * the top of the capitals to the baseline. */
static void text_at(struct canvas *cv, double x, double y, double ax, double ay, const char *s)
{
    double cap = cv_font_ascent(cv) * 0.72;
    cv_text(cv, x, y + cap * (1 - ay), ax, s);
}

/* Why a panel is empty, on white so window lines do not cross it. */
static void note(struct canvas *cv, const struct axes *a, const char *msg)
{
    cv_font(cv, 12, false);
    double w = cv_text_width(cv, msg), cx = a->x + a->w / 2, cy = a->y + a->h / 2;
    cv_set_rgb(cv, 1, 1, 1);
    cv_rectangle(cv, cx - w / 2 - 6, cy - 10, w + 12, 20);
    cv_fill(cv);
    cv_set_rgb(cv, 0.45, 0.45, 0.45);
    text_at(cv, cx, cy, 0.5, 0.5, msg);
}

/* ---- axes ------------------------------------------------------------------------ */

static double nice_step(double span, int n)
{
    double raw = span / n;
    double p = pow(10, floor(log10(raw))), r = raw / p;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * p;
}

/* A data range with something to show: NaN or empty ranges become [0, 1]. */
static void sane_range(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi)) {
        *lo = 0;
        *hi = 1;
    }
    if (*hi <= *lo) {
        double c = *lo;
        *lo = c - (c != 0 ? fabs(c) * 0.1 : 0.5);
        *hi = c + (c != 0 ? fabs(c) * 0.1 : 0.5);
    }
}

/* hi rounded up to a tick, so bars and lines never touch the frame. */
static double nice_max(double hi)
{
    if (!(hi > 0) || !isfinite(hi))
        return 1;
    double s = nice_step(hi, 5);
    return ceil(hi * 1.05 / s) * s;
}

static void format_tick(char *buf, size_t size, double v, double step)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-6)
        v = 0;              /* no "-0" */
    snprintf(buf, size, "%.*f", dec > 6 ? 6 : dec, v);
}

static void frame(struct canvas *cv, const struct axes *a)
{
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_set_line_width(cv, 1);
    cv_move_to(cv, a->x, a->y);
    cv_line_to(cv, a->x, a->y + a->h);
    cv_line_to(cv, a->x + a->w, a->y + a->h);
    cv_stroke(cv);
}

static void x_ticks(struct canvas *cv, const struct axes *a, const char *label)
{
    char buf[64];
    double step = nice_step(a->x1 - a->x0, 7);
    cv_font(cv, 10.5, false);
    cv_set_line_width(cv, 1);
    for (double v = ceil(a->x0 / step - 1e-9) * step; v <= a->x1 + step * 1e-9; v += step) {
        double x = px(a, v);
        cv_set_rgb(cv, 0.15, 0.15, 0.15);
        cv_move_to(cv, x, a->y + a->h);
        cv_line_to(cv, x, a->y + a->h + 4);
        cv_stroke(cv);
        format_tick(buf, sizeof buf, v, step);
        text_at(cv, x, a->y + a->h + 7, 0.5, 0, buf);
    }
    if (label) {
        cv_font(cv, 11.5, false);
        text_at(cv, a->x + a->w / 2, a->y + a->h + 22, 0.5, 0, label);
    }
}

static void y_ticks(struct canvas *cv, const struct axes *a, const char *label, bool grid)
{
    char buf[64];
    double step = a->ylog ? 1 : nice_step(a->y1 - a->y0, a->h < 90 ? 3 : 5);
    double widest = 0;
    cv_font(cv, 10.5, false);
    cv_set_line_width(cv, 1);
    for (double v = ceil(a->y0 / step - 1e-9) * step; v <= a->y1 + step * 1e-9; v += step) {
        double y = a->ylog ? py(a, pow(10, v)) : py(a, v);
        if (grid) {
            cv_set_rgb(cv, 0.9, 0.9, 0.9);
            cv_move_to(cv, a->x + 1, y);
            cv_line_to(cv, a->x + a->w, y);
            cv_stroke(cv);
        }
        cv_set_rgb(cv, 0.15, 0.15, 0.15);
        cv_move_to(cv, a->x - 4, y);
        cv_line_to(cv, a->x, y);
        cv_stroke(cv);
        if (a->ylog)
            snprintf(buf, sizeof buf, "1e%d", (int)lround(v));
        else
            format_tick(buf, sizeof buf, v, step);
        double w = cv_text_width(cv, buf);
        widest = w > widest ? w : widest;
        text_at(cv, a->x - 7, y, 1, 0.5, buf);
    }
    if (label) {
        cv_font(cv, 11.5, false);
        cv_save(cv);
        cv_translate(cv, a->x - 14 - widest, a->y + a->h / 2);
        cv_rotate(cv, -PI / 2);
        text_at(cv, 0, 0, 0.5, 1, label);
        cv_restore(cv);
    }
}

static void panel_title(struct canvas *cv, const struct axes *a, double y, const char *s)
{
    cv_font(cv, 12.5, true);
    cv_set_rgb(cv, 0.1, 0.1, 0.1);
    text_at(cv, a->x, y, 0, 0.5, s);
}

static void clip_to(struct canvas *cv, const struct axes *a)
{
    cv_save(cv);
    cv_rectangle(cv, a->x, a->y, a->w, a->h);
    cv_clip(cv);
}

/* Legend entries down the right column from y; returns the y after them. */
static double legend_entry(struct canvas *cv, double y, struct rgb c, bool line, const char *s)
{
    double x = WIDTH - RIGHT + 18;
    set_rgb(cv, c, 1);
    if (line) {
        cv_set_line_width(cv, 2.5);
        cv_move_to(cv, x, y);
        cv_line_to(cv, x + 16, y);
        cv_stroke(cv);
    } else {
        cv_rectangle(cv, x + 2, y - 5, 11, 11);
        cv_fill(cv);
    }
    cv_font(cv, 11, false);
    double room = WIDTH - (x + 22) - 4, w = cv_text_width(cv, s);
    if (w > room)       /* a long name: smaller, never off the page */
        cv_set_font_size(cv, fmax(11 * room / w, 7));
    cv_set_rgb(cv, 0.1, 0.1, 0.1);
    text_at(cv, x + 22, y, 0, 0.5, s);
    return y + 17;
}

/* Windows as brackets above the plot, one row each so names never overlap;
 * with shade, also as translucent spans; else as dashed boundaries. */
static void windows(const struct fig *g, const struct axes *a, bool shade)
{
    struct canvas *cv = g->cv;
    for (int w = 0; w < g->f->nwindows; w++) {
        double t0 = g->f->windows[2 * w], t1 = g->f->windows[2 * w + 1];
        double x0 = px(a, fmax(t0, a->x0)), x1 = px(a, fmin(t1, a->x1));
        if (!(x1 > x0))
            continue;
        clip_to(cv, a);
        if (shade) {
            cv_set_rgba(cv, 0.35, 0.35, 0.35, 0.10);
            cv_rectangle(cv, x0, a->y, x1 - x0, a->h);
            cv_fill(cv);
        } else {
            double dash[] = {4, 3};
            cv_set_dash(cv, dash, 2);
            cv_set_rgba(cv, 0.2, 0.2, 0.2, 0.7);
            cv_set_line_width(cv, 1);
            cv_move_to(cv, x0, a->y);
            cv_line_to(cv, x0, a->y + a->h);
            cv_move_to(cv, x1, a->y);
            cv_line_to(cv, x1, a->y + a->h);
            cv_stroke(cv);
        }
        cv_restore(cv);
        double y = a->y - 8 - 13 * (g->f->nwindows - 1 - w);
        cv_set_rgb(cv, 0.3, 0.3, 0.3);
        cv_set_line_width(cv, 1);
        cv_move_to(cv, x0 + 1, y + 3);
        cv_line_to(cv, x0 + 1, y);
        cv_line_to(cv, x1 - 1, y);
        cv_line_to(cv, x1 - 1, y + 3);
        cv_stroke(cv);
        cv_font(cv, 10, false);
        double tw = cv_text_width(cv, g->f->window_names[w]);
        cv_set_rgb(cv, 1, 1, 1);
        cv_rectangle(cv, (x0 + x1) / 2 - tw / 2 - 3, y - 5, tw + 6, 10);
        cv_fill(cv);
        cv_set_rgb(cv, 0.2, 0.2, 0.2);
        text_at(cv, (x0 + x1) / 2, y, 0.5, 0.5, g->f->window_names[w]);
    }
}

static double windows_h(const struct crt_figure *f)
{
    return f->nwindows ? 13.0 * f->nwindows + 4 : 0;
}

/* The result of the figure's i-th experiment, and its name. */
static const struct crt_result *result(const struct fig *g, int i, const char **name)
{
    int e = g->f->experiments[i];
    *name = g->m->experiments[e].name;
    return g->res[e];
}

static struct axes time_axes(const struct fig *g, double y, double h)
{
    double tstop = g->m->tstop > 0 ? g->m->tstop : 1;
    return (struct axes){LEFT, y, WIDTH - LEFT - RIGHT, h, 0, tstop, 0, 1, false, false};
}

/* ---- raster ------------------------------------------------------------------------ */

#define RASTER_H 240.0
#define HIST_H 70.0

static double bin_or(const struct crt_figure *f, double fallback)
{
    return f->bin > 0 ? f->bin : fallback;
}

static double raster_panel_h(const struct fig *g)
{
    return 30 + windows_h(g->f) + RASTER_H + 16 + HIST_H + 48;
}

/* Cells sorted by a key, ties by gid (the order a stable sort of gids
 * would give), in O(n log n): networks of 10^5 cells are drawn too. */
struct keyed {
    double key;
    int gid;
};

static int by_key(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->gid > b->gid) - (a->gid < b->gid);
}

/* `order = x | y | z`: the shown cells ranked by that coordinate (ties by
 * gid): rank[gid] is the row of a shown cell; by_rank[k] the gid in row k.
 * Ranks, not positions, so rows stay evenly spaced and never overlap. */
static int rank_cells(const struct fig *g, const struct crt_result *r, int axis, int *rank,
                      int *by_rank)
{
    struct keyed *c = rt_malloc(sizeof *c * (size_t)(g->m->ncells > 0 ? g->m->ncells : 1));
    int n = 0;
    for (int gid = 0; c && gid < g->m->ncells; gid++)
        if (shown(g, gid))
            c[n++] = (struct keyed){r->pos[3 * gid + axis], gid};
    qsort(c, (size_t)n, sizeof *c, by_key);
    for (int k = 0; k < n; k++) {
        by_rank[k] = c[k].gid;
        rank[c[k].gid] = k;
    }
    free(c);
    return n;
}

/* Row ticks of a raster ordered by position: a few rows, labelled with the
 * coordinate of their cell. */
static void rank_ticks(struct canvas *cv, const struct axes *a, const struct crt_result *r, int axis,
                       const int *by_rank, int n)
{
    static const char *const label[3] = {"cells by x (µm)", "cells by y: depth (µm)",
                                         "cells by z (µm)"};
    char buf[64];
    double widest = 0;
    int ticks = n < 5 ? n : 5;
    cv_font(cv, 10.5, false);
    cv_set_line_width(cv, 1);
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    for (int k = 0; k < ticks; k++) {
        int row = ticks > 1 ? (int)lround((double)k * (n - 1) / (ticks - 1)) : 0;
        double y = py(a, row);
        cv_move_to(cv, a->x - 4, y);
        cv_line_to(cv, a->x, y);
        cv_stroke(cv);
        snprintf(buf, sizeof buf, "%.0f", r->pos[3 * by_rank[row] + axis]);
        widest = fmax(widest, cv_text_width(cv, buf));
        text_at(cv, a->x - 7, y, 1, 0.5, buf);
    }
    cv_font(cv, 11.5, false);
    cv_save(cv);
    cv_translate(cv, a->x - 14 - widest, a->y + a->h / 2);
    cv_rotate(cv, -PI / 2);
    text_at(cv, 0, 0, 0.5, 1, label[axis]);
    cv_restore(cv);
}

static void raster(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const struct crt_model *m = g->m;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    struct axes a = time_axes(g, y + 30 + windows_h(g->f), RASTER_H);
    panel_title(cv, &a, y + 10, ename);
    int lo = m->ncells, hi = -1;        /* gid range of the cells shown */
    for (int gid = 0; gid < m->ncells; gid++)
        if (shown(g, gid)) {
            lo = gid < lo ? gid : lo;
            hi = gid;
        }
    a.y0 = hi >= lo ? lo - 0.5 : 0;
    a.y1 = hi >= lo ? hi + 0.5 : 1;
    a.yflip = false;
    int axis = g->f->order, nranked = 0;
    /* positions from any experiment of the figure (the network is the same
     * in all), so a panel left empty is laid out like the others */
    const struct crt_result *placed = r && r->pos ? r : NULL;
    for (int k = 0; !placed && k < g->f->nexperiments; k++) {
        const struct crt_result *o = g->res[g->f->experiments[k]];
        placed = o && o->pos ? o : NULL;
    }
    bool ranked = axis != CRT_ORDER_GID && placed && hi >= lo;
    int *rank = NULL, *by_rank = NULL;
    if (ranked) {
        rank = rt_malloc(sizeof *rank * (size_t)m->ncells);
        by_rank = rt_malloc(sizeof *by_rank * (size_t)m->ncells);
        nranked = rank && by_rank ? rank_cells(g, placed, axis, rank, by_rank) : 0;
        ranked = nranked > 0;   /* out of memory: in gid order */
    }
    if (ranked) {
        a.y0 = -0.5;
        a.y1 = nranked - 0.5;
        a.yflip = axis == CRT_ORDER_Y;  /* depth grows downwards, as in positions2d */
    }
    struct axes h = time_axes(g, a.y + a.h + 16, HIST_H);
    double bin = bin_or(g->f, 5), tstop = h.x1;
    int nbins = (int)ceil(tstop / bin);
    long *count = rt_calloc((size_t)(nbins > 0 ? nbins : 1), sizeof *count);
    long nshown = 0, peak = 0;
    for (long k = 0; r && k < r->nspikes; k++) {
        double t = r->spike_t[k];
        if (!shown(g, r->spike_gid[k]) || t < 0 || t >= tstop)
            continue;
        int b = (int)(t / bin);
        if (b >= 0 && b < nbins && ++count[b] > peak)
            peak = count[b];
        nshown++;
    }
    /* population bands: faint separators (in gid order only, where
     * populations are contiguous), names in the legend column */
    double ly = a.y + 8;
    for (int p = 0; p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        if (pop->count == 0 || !shown(g, pop->first_gid))
            continue;
        if (!ranked) {
            double ytop = py(&a, pop->first_gid + pop->count - 0.5);
            cv_set_rgb(cv, 0.88, 0.88, 0.88);
            cv_set_line_width(cv, 1);
            cv_move_to(cv, a.x, ytop);
            cv_line_to(cv, a.x + a.w, ytop);
            cv_stroke(cv);
        }
        ly = legend_entry(cv, ly, pop_colour(p), false, pop->name);
    }
    if (nshown) {
        clip_to(cv, &a);
        cv_set_line_width(cv, 1.1);
        double tick = fmin(a.h / (a.y1 - a.y0) * 0.8, 4);
        for (int p = -1; p < m->npops; p++) {   /* one path per colour */
            set_rgb(cv, pop_colour(p), 1);
            for (long k = 0; k < r->nspikes; k++) {
                int gid = r->spike_gid[k];
                if (gid < 0 || gid >= m->ncells || g->pop_of[gid] != p || !shown(g, gid))
                    continue;
                double x = px(&a, r->spike_t[k]), yy = py(&a, ranked ? rank[gid] : gid);
                cv_move_to(cv, x, yy - tick / 2);
                cv_line_to(cv, x, yy + tick / 2);
            }
            cv_stroke(cv);
        }
        cv_restore(cv);
        h.y0 = 0;
        h.y1 = nice_max((double)peak);
        cv_set_rgb(cv, 0.35, 0.35, 0.35);
        for (int b = 0; b < nbins; b++)
            if (count[b]) {
                double x0 = px(&h, b * bin), x1 = px(&h, fmin((b + 1) * bin, tstop));
                cv_rectangle(cv, x0, py(&h, (double)count[b]), fmax(x1 - x0 - 0.3, 0.5),
                                py(&h, 0) - py(&h, (double)count[b]));
            }
        cv_fill(cv);
    } else {
        h.y0 = 0;
        h.y1 = 1;
    }
    free(count);
    windows(g, &a, false);
    if (!nshown)
        note(cv, &a, r ? "no spikes" : "experiment not run");
    frame(cv, &a);
    if (ranked)
        rank_ticks(cv, &a, placed, axis, by_rank, nranked);
    else
        y_ticks(cv, &a, "cell (gid)", false);
    free(rank);
    free(by_rank);
    frame(cv, &h);
    char label[64];
    snprintf(label, sizeof label, "spikes / %g ms", bin);
    y_ticks(cv, &h, label, false);
    x_ticks(cv, &h, "time (ms)");
}

/* ---- traces -------------------------------------------------------------------------- */

#define STRIP_H 70.0         /* one strip per recorded cell */
#define STRIP_GAP 18.0      /* room for the tick numbers of two strips */

static int traces_shown(const struct fig *g, const struct crt_result *r)
{
    int n = 0;
    for (int j = 0; r && j < r->ntraces; j++)
        n += r->trace_kind[j] == CRT_REC_V && shown(g, r->trace_gid[j]);
    return n;
}

/* Every experiment records the same cells; the panel fits the most. */
static int strips(const struct fig *g)
{
    int most = 1;
    for (int i = 0; i < g->f->nexperiments; i++) {
        int n = traces_shown(g, g->res[g->f->experiments[i]]);
        most = n > most ? n : most;
    }
    return most;
}

/* Past HEAT_MIN recorded cells, strips would make a figure taller than
 * cairo's image limit (32767 pixels) and unreadable long before that: the
 * panel becomes one heat map (cell x time) of bounded height instead. */
#define HEAT_MIN 25
#define HEAT_ROW 3.0        /* pixels per cell, until the map reaches HEAT_H_MAX */
#define HEAT_H_MIN 150.0
#define HEAT_H_MAX 480.0

static double heat_h(int n)
{
    return fmin(fmax(round(n * HEAT_ROW), HEAT_H_MIN), HEAT_H_MAX);
}

static double traces_panel_h(const struct fig *g)
{
    int n = strips(g);
    if (n >= HEAT_MIN)
        return 30 + heat_h(n) + 48;
    return 30 + n * (STRIP_H + STRIP_GAP) - STRIP_GAP + 48;
}

/* A trace drawn as its per-pixel minimum and maximum: spikes survive, and a
 * 20000-sample trace stays a path of at most four points per pixel column.
 * Fewer in practice: a point is left out when the segment that skips it
 * passes within SIMPLIFY pixels of it (sleeve fitting: each skipped point
 * narrows the cone of directions the segment from the last kept point may
 * take), so a resting stretch becomes a few segments and the SVG carries,
 * and the PNG strokes, only what shows.  Sample k is at t[k * every]. */
#define SIMPLIFY 0.25

struct polyline {
    struct canvas *cv;
    bool started;
    double ax, ay;          /* the last point kept */
    double bx, by;          /* the latest point, kept only if the next leaves the cone */
    bool pending;
    double lo, hi;          /* directions from a (radians) that pass near every skipped point */
    double reach;           /* distance from a of b: later points must be farther */
};

static void poly_add(struct polyline *p, double x, double y)
{
    if (!p->started) {
        cv_move_to(p->cv, x, y);
        p->ax = x;
        p->ay = y;
        p->started = true;
        return;
    }
    double dx = x - p->ax, dy = y - p->ay, d = hypot(dx, dy);
    if (d <= SIMPLIFY) {        /* on the kept point: nothing to add, nothing to narrow */
        if (!p->pending) {
            p->bx = x;
            p->by = y;
        }
        return;
    }
    double dir = atan2(dy, dx), half = asin(SIMPLIFY / d);
    /* within the cone and not coming back (a spike's way down, in the same
     * direction from a as its way up, must keep its peak): b is not
     * needed; the cone narrows to this point's */
    if (p->pending && dir >= p->lo && dir <= p->hi && d >= p->reach) {
        p->lo = fmax(p->lo, dir - half);
        p->hi = fmin(p->hi, dir + half);
        p->reach = d;
        p->bx = x;
        p->by = y;
        return;
    }
    if (p->pending) {           /* b is kept; the cone starts again from it */
        cv_line_to(p->cv, p->bx, p->by);
        p->ax = p->bx;
        p->ay = p->by;
        dx = x - p->ax;
        dy = y - p->ay;
        d = hypot(dx, dy);
        dir = atan2(dy, dx);
        half = d > SIMPLIFY ? asin(SIMPLIFY / d) : PI;
    }
    p->lo = dir - half;
    p->hi = dir + half;
    p->reach = d;
    p->bx = x;
    p->by = y;
    p->pending = true;
}

static void poly_end(struct polyline *p)
{
    if (p->pending)
        cv_line_to(p->cv, p->bx, p->by);
}

static void envelope(struct canvas *cv, const struct axes *a, const double *t, int every,
                     const double *v, long n)
{
    int cols = (int)ceil(a->w);
    struct polyline pl = {.cv = cv};
    long k = 0;
    for (int c = 0; c < cols && k < n; c++) {
        double tc = a->x0 + (c + 1) * (a->x1 - a->x0) / cols;
        double lo = INFINITY, hi = -INFINITY, first = NAN, last = NAN;
        for (; k < n && (t[k * every] < tc || c == cols - 1); k++) {
            if (!isfinite(v[k]))
                continue;
            if (isnan(first))
                first = v[k];
            last = v[k];
            lo = fmin(lo, v[k]);
            hi = fmax(hi, v[k]);
        }
        if (isnan(first))
            continue;
        double x = a->x + c + 0.5;
        if (fabs(py(a, hi) - py(a, lo)) < 2 * SIMPLIFY) {   /* no height to show: one point */
            poly_add(&pl, x, py(a, (lo + hi) / 2));
            continue;
        }
        double ys[4] = {first, first <= last ? lo : hi, first <= last ? hi : lo, last};
        for (int j = 0; j < 4; j++)
            if (j == 0 || ys[j] != ys[j - 1])
                poly_add(&pl, x, py(a, ys[j]));
    }
    poly_end(&pl);
    cv_stroke(cv);
}

/* ---- traces as a heat map ---- */

/* Viridis at nine stops: perceptually uniform, and readable in grey. */
static const struct rgb viridis[] = {
    {0.267, 0.005, 0.329}, {0.279, 0.175, 0.483}, {0.230, 0.322, 0.546},
    {0.173, 0.449, 0.558}, {0.128, 0.567, 0.551}, {0.153, 0.680, 0.504},
    {0.361, 0.785, 0.388}, {0.667, 0.862, 0.196}, {0.993, 0.906, 0.144},
};

static struct rgb heat_colour(double u)
{
    int last = (int)(sizeof viridis / sizeof viridis[0]) - 1;
    u = fmin(fmax(u, 0), 1) * last;
    int k = u >= last ? last - 1 : (int)u;
    double f = u - k;
    struct rgb a = viridis[k], b = viridis[k + 1];
    return (struct rgb){a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

static uint32_t heat_pixel(double u)
{
    if (isnan(u))
        return 0xd9d9d9;    /* no finite sample in this bin */
    struct rgb c = heat_colour(u);
    return (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
           (uint32_t)lround(c.b * 255);
}

/* The voltage range of every shown trace of every experiment of the figure:
 * one colour scale, so experiments compare by eye. */
static void heat_range(const struct fig *g, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < g->f->nexperiments; i++) {
        const struct crt_result *r = g->res[g->f->experiments[i]];
        for (int j = 0; r && j < r->ntraces; j++)
            if (r->trace_kind[j] == CRT_REC_V && shown(g, r->trace_gid[j]))
                for (long k = 0; k < crt_trace_samples(r, j); k++)
                    if (isfinite(r->trace[j][k])) {
                        *lo = fmin(*lo, r->trace[j][k]);
                        *hi = fmax(*hi, r->trace[j][k]);
                    }
    }
    sane_range(lo, hi);
    double s = nice_step(*hi - *lo, 5);
    *lo = floor(*lo / s) * s;
    *hi = ceil(*hi / s) * s;
}

/* The colour bar in the legend column, from y, h pixels tall, labelled. */
static void heat_bar(struct canvas *cv, double y, double h, double lo, double hi, const char *label)
{
    double x = WIDTH - RIGHT + 20, w = 14;
    enum { N = sizeof viridis / sizeof viridis[0] };
    struct rt_svg_stop stops[N];
    for (int k = 0; k < N; k++)
        stops[k] = (struct rt_svg_stop){(double)k / (N - 1), viridis[k].r, viridis[k].g,
                                        viridis[k].b};
    cv_set_linear(cv, 0, y + h, 0, y, stops, N);
    cv_rectangle(cv, x, y, w, h);
    cv_fill(cv);
    struct axes bar = {x + w, y, 0, h, 0, 1, lo, hi, false, false};
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_set_line_width(cv, 1);
    cv_rectangle(cv, x, y, w, h);
    cv_stroke(cv);
    char buf[64];
    double step = nice_step(hi - lo, (int)fmax(2, fmin(6, h / 40)));   /* labels 40 px apart or more */
    cv_font(cv, 10.5, false);
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
        double yy = py(&bar, v);
        cv_move_to(cv, x + w, yy);
        cv_line_to(cv, x + w + 4, yy);
        cv_stroke(cv);
        format_tick(buf, sizeof buf, v, step);
        text_at(cv, x + w + 7, yy, 0, 0.5, buf);
    }
    cv_font(cv, 11.5, false);
    cv_save(cv);
    cv_translate(cv, x + w + 52, y + h / 2);
    cv_rotate(cv, -PI / 2);
    text_at(cv, 0, 0, 0.5, 0, label);
    cv_restore(cv);
}

/* The population of trace j's cell (-1: none). */
static int row_pop(const struct fig *g, const struct crt_result *r, int j)
{
    int gid = r->trace_gid[j];
    return gid >= 0 && gid < g->m->ncells ? g->pop_of[gid] : -1;
}

/* Many cells: one row per recorded voltage, one column per pixel of time,
 * coloured by the highest voltage in that pixel (so every spike shows),
 * an image at the plot's own resolution: its bytes do not grow with the
 * number of samples, and the SVG holds it as one embedded PNG. */
static void traces_heat(const struct fig *g, const struct crt_result *r, int n, struct axes *all,
                        const char *ename)
{
    struct canvas *cv = g->cv;
    double lo, hi;
    heat_range(g, &lo, &hi);
    all->x = floor(all->x);
    all->y = floor(all->y);
    int W = (int)floor(all->w), H = (int)heat_h(n);
    all->w = W;
    all->h = H;
    char title[256];
    snprintf(title, sizeof title, "%s   (%d cells; colour: highest v in each %.3g ms)", ename, n,
             (all->x1 - all->x0) / W);
    panel_title(cv, all, all->y - 20, title);
    int *rows = rt_malloc(sizeof *rows * (size_t)n);
    double *colmax = rt_malloc(sizeof *colmax * (size_t)n * (size_t)W);
    if (!rows || !colmax) {
        free(rows);
        free(colmax);
        note(cv, all, "out of memory for the heat map");
        return;
    }
    int nr = 0;
    for (int j = 0; j < r->ntraces; j++)
        if (r->trace_kind[j] == CRT_REC_V && shown(g, r->trace_gid[j]))
            rows[nr++] = j;
    for (int q = 1; q < nr; q++)      /* by gid, stably: populations in bands */
        for (int u = q; u > 0 && r->trace_gid[rows[u - 1]] > r->trace_gid[rows[u]]; u--) {
            int t = rows[u];
            rows[u] = rows[u - 1];
            rows[u - 1] = t;
        }
    for (int q = 0; q < nr; q++) {
        const double *v = r->trace[rows[q]];
        double *out = colmax + (size_t)q * (size_t)W;
        long k = 0, ns = crt_trace_samples(r, rows[q]);
        int every = r->trace_every[rows[q]];    /* sample k at t[k * every] */
        for (int c = 0; c < W; c++) {
            double tc = all->x0 + (c + 1) * (all->x1 - all->x0) / W, m = NAN;
            for (; k < ns && (r->t[k * every] < tc || c == W - 1); k++)
                if (isfinite(v[k]) && (isnan(m) || v[k] > m))
                    m = v[k];
            out[c] = m;
        }
    }
    uint32_t *img = rt_malloc(sizeof *img * (size_t)W * (size_t)H);
    for (int yy = 0; yy < H; yy++) {
        /* the cells this pixel row covers: one, or several merged (highest v) */
        int q0 = (int)((long)yy * nr / H), q1 = (int)(((long)yy + 1) * nr / H);
        q1 = q1 > q0 ? q1 : q0 + 1;
        uint32_t *px_row = img + (size_t)yy * (size_t)W;
        for (int c = 0; c < W; c++) {
            double m = NAN;
            for (int q = q0; q < q1; q++) {
                double v = colmax[(size_t)q * (size_t)W + (size_t)c];
                if (!isnan(v) && (isnan(m) || v > m))
                    m = v;
            }
            px_row[c] = heat_pixel((m - lo) / (hi - lo));   /* NaN: no sample */
        }
    }
    cv_image(cv, all->x, all->y, W, H, img);
    free(img);
    /* each row's population, as a band left of the map: a rectangle per
     * run of rows (a rectangle per row showed seams in browsers) */
    for (int yy = 0, run; yy < H; yy += run) {
        int p = row_pop(g, r, rows[(long)yy * nr / H]);
        for (run = 1; yy + run < H && row_pop(g, r, rows[(long)(yy + run) * nr / H]) == p; run++)
            ;
        set_rgb(cv, pop_colour(p), 1);
        cv_rectangle(cv, all->x - 7, all->y + yy, 5, run);
        cv_fill(cv);
    }
    /* row numbers as gids: a tick at nicely spaced rows */
    char buf[32];
    double step = fmax(1, nice_step(nr, H < 200 ? 4 : 6));
    struct axes rowax = *all;
    rowax.y0 = 0;
    rowax.y1 = nr;
    rowax.yflip = true;
    cv_font(cv, 10.5, false);
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_set_line_width(cv, 1);
    for (double q = 0; q < nr; q += step) {
        double yy = py(&rowax, q + 0.5);
        cv_move_to(cv, all->x - 11, yy);
        cv_line_to(cv, all->x - 8, yy);
        cv_stroke(cv);
        snprintf(buf, sizeof buf, "%d", r->trace_gid[rows[(int)q]]);
        text_at(cv, all->x - 13, yy, 1, 0.5, buf);
    }
    cv_font(cv, 11.5, false);
    cv_save(cv);
    cv_translate(cv, LEFT - 50, all->y + H / 2.0);
    cv_rotate(cv, -PI / 2);
    text_at(cv, 0, 0, 0.5, 1, "recorded cell (gid)");
    cv_restore(cv);
    frame(cv, all);
    x_ticks(cv, all, "time (ms)");
    /* the populations of the band, then the colour bar below them */
    double ly = all->y + 6;
    for (int p = 0; p < g->m->npops; p++) {
        bool any = false;
        for (int q = 0; q < nr && !any; q++) {
            int gid = r->trace_gid[rows[q]];
            any = gid >= 0 && gid < g->m->ncells && g->pop_of[gid] == p;
        }
        if (any)
            ly = legend_entry(cv, ly, pop_colour(p), false, g->m->pops[p].name);
    }
    double bar_y = ly + 4, bar_h = fmin(fmax(all->y + H - bar_y, 80), 220);
    heat_bar(cv, bar_y, bar_h, lo, hi, "v (mV)");
    free(rows);
    free(colmax);
}

/* One strip per cell, each with its own voltage range: a cell pushed to
 * -150 mV must not flatten the others. */
static void traces(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    int n = traces_shown(g, r), ns = strips(g);
    bool heat = ns >= HEAT_MIN;
    struct axes all = time_axes(g, y + 30, heat ? heat_h(ns) : ns * (STRIP_H + STRIP_GAP) - STRIP_GAP);
    if (!n || r->ntimes <= 0) {
        panel_title(cv, &all, y + 10, ename);
        note(cv, &all, !r ? "experiment not run" : "no recorded voltages (add `record v of ...`)");
        frame(cv, &all);
        x_ticks(cv, &all, "time (ms)");
        return;
    }
    if (heat) {
        traces_heat(g, r, n, &all, ename);
        return;
    }
    panel_title(cv, &all, y + 10, ename);
    int row = 0;
    for (int j = 0; j < r->ntraces; j++) {
        int gid = r->trace_gid[j];
        if (r->trace_kind[j] != CRT_REC_V || !shown(g, gid))
            continue;
        struct axes a = time_axes(g, all.y + row * (STRIP_H + STRIP_GAP), STRIP_H);
        double lo = INFINITY, hi = -INFINITY;
        long nsamples = crt_trace_samples(r, j);
        for (long k = 0; k < nsamples; k++)
            if (isfinite(r->trace[j][k])) {
                lo = fmin(lo, r->trace[j][k]);
                hi = fmax(hi, r->trace[j][k]);
            }
        sane_range(&lo, &hi);
        double s = nice_step(hi - lo, 3);
        a.y0 = floor(lo / s) * s;
        a.y1 = ceil(hi / s) * s;
        y_ticks(cv, &a, NULL, true);
        int p = gid >= 0 && gid < g->m->ncells ? g->pop_of[gid] : -1;
        clip_to(cv, &a);
        cv_set_line_join(cv, RT_SVG_JOIN_BEVEL);
        cv_set_line_width(cv, 0.9);
        set_rgb(cv, pop_colour(p), 1);
        envelope(cv, &a, r->t, r->trace_every[j], r->trace[j], nsamples);
        cv_restore(cv);
        frame(cv, &a);
        char label[128];
        snprintf(label, sizeof label, "%s %d %s", p >= 0 ? g->m->pops[p].name : "gid", gid,
                 r->trace_site[j]);     /* two sites of one cell are two strips */
        legend_entry(cv, a.y + a.h / 2, pop_colour(p), true, label);
        if (row + 1 < n) {      /* time ticks under the last strip only */
            cv_set_rgb(cv, 0.15, 0.15, 0.15);
            double step = nice_step(a.x1 - a.x0, 7);
            for (double v = 0; v <= a.x1 + step * 1e-9; v += step) {
                cv_move_to(cv, px(&a, v), a.y + a.h);
                cv_line_to(cv, px(&a, v), a.y + a.h + 3);
            }
            cv_stroke(cv);
        } else {
            x_ticks(cv, &a, "time (ms)");
        }
        row++;
    }
    cv_font(cv, 11.5, false);
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_save(cv);
    cv_translate(cv, LEFT - 46, all.y + (n * (STRIP_H + STRIP_GAP) - STRIP_GAP) / 2);
    cv_rotate(cv, -PI / 2);
    text_at(cv, 0, 0, 0.5, 1, "v (mV)");
    cv_restore(cv);
}

/* ---- psth -------------------------------------------------------------------------- */

#define PSTH_H 170.0

static double psth_panel_h(const struct fig *g)
{
    return 30 + windows_h(g->f) + PSTH_H + 48;
}

/* Rate (Hz per cell) of set s in bins of `bin` ms from t0; NULL if s is empty. */
static double *binned_rate(const struct crt_result *r, const struct crt_gids *s, double t0,
                           double bin, int nbins)
{
    if (s->n == 0 || nbins <= 0 || !(bin > 0))
        return NULL;
    double *x = rt_calloc((size_t)nbins, sizeof *x);
    for (long k = 0; r && k < r->nspikes; k++) {
        double b = (r->spike_t[k] - t0) / bin;
        if (b >= 0 && b < nbins && crt_gids_has(s, r->spike_gid[k]))
            x[(int)b] += 1;
    }
    for (int b = 0; b < nbins; b++)
        x[b] /= s->n * bin * 1e-3;
    return x;
}

static void psth(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    struct axes a = time_axes(g, y + 30 + windows_h(g->f), PSTH_H);
    panel_title(cv, &a, y + 10, ename);
    double bin = bin_or(g->f, 10);
    int nbins = (int)ceil(a.x1 / bin);
    double **rates = rt_calloc((size_t)g->f->nsets + 1, sizeof *rates);
    double peak = 0;
    for (int j = 0; j < g->f->nsets; j++) {
        rates[j] = binned_rate(r, set_of(g, j), 0, bin, nbins);
        for (int b = 0; rates[j] && b < nbins; b++)
            peak = fmax(peak, rates[j][b]);
    }
    a.y0 = 0;
    a.y1 = nice_max(peak);
    windows(g, &a, true);
    y_ticks(cv, &a, "rate (Hz per cell)", true);
    double ly = a.y + 8;
    if (r && peak > 0) {
        clip_to(cv, &a);
        cv_set_line_width(cv, 1.6);
        cv_set_line_join(cv, RT_SVG_JOIN_ROUND);
        for (int j = 0; j < g->f->nsets; j++) {
            if (!rates[j])
                continue;
            set_rgb(cv, set_colour(g, j), 0.95);
            for (int b = 0; b < nbins; b++) {   /* steps: the bins as they are */
                double x0 = px(&a, b * bin), x1 = px(&a, fmin((b + 1) * bin, a.x1));
                if (b == 0)
                    cv_move_to(cv, x0, py(&a, rates[j][b]));
                else
                    cv_line_to(cv, x0, py(&a, rates[j][b]));
                cv_line_to(cv, x1, py(&a, rates[j][b]));
            }
            cv_stroke(cv);
        }
        cv_restore(cv);
    } else {
        note(cv, &a, !r ? "experiment not run" : g->f->nsets ? "no spikes" : "no cell sets");
    }
    for (int j = 0; j < g->f->nsets; j++)
        ly = legend_entry(cv, ly, set_colour(g, j), true, g->f->set_names[j]);
    for (int j = 0; j < g->f->nsets; j++)
        free(rates[j]);
    free(rates);
    frame(cv, &a);
    char label[64];
    snprintf(label, sizeof label, "time (ms), %g ms bins", bin);
    x_ticks(cv, &a, label);
}

/* ---- rates: bars per window and cell set ------------------------------------------------ */

#define RATES_H 170.0

static double rates_panel_h(const struct fig *g)
{
    (void)g;
    return 30 + RATES_H + 48;
}

/* The figure's windows, or the whole run if it lists none. */
static int window_list(const struct fig *g, const double **w, const char *const **names,
                       double whole[2])
{
    static const char *const whole_name[] = {"whole run"};
    if (g->f->nwindows) {
        *w = g->f->windows;
        *names = g->f->window_names;
        return g->f->nwindows;
    }
    whole[0] = 0;
    whole[1] = g->m->tstop;
    *w = whole;
    *names = whole_name;
    return 1;
}

/* Set j's rate in window win of result r (NULL: not run, NaN), over the
 * simulated part, as measures take it. */
static double window_rate(const struct fig *g, const struct crt_result *r, int j, const double *win)
{
    return r ? crt_window_rate(r, set_of(g, j), win[0], win[1], g->m->tstop) : NAN;
}

static double rates_max(const struct fig *g)
{
    const double *w;
    const char *const *names;
    double whole[2], peak = 0;
    int nw = window_list(g, &w, &names, whole);
    for (int i = 0; i < g->f->nexperiments; i++)
        for (int k = 0; k < nw; k++)
            for (int j = 0; j < g->f->nsets; j++) {
                double v = window_rate(g, g->res[g->f->experiments[i]], j, &w[2 * k]);
                if (isfinite(v))
                    peak = fmax(peak, v);
            }
    return peak;
}

static void rates(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    const double *w;
    const char *const *names;
    double whole[2];
    int nw = window_list(g, &w, &names, whole);
    int ns = g->f->nsets;
    /* one scale for every experiment, so conditions compare by eye */
    double peak = rates_max(g);
    struct axes a = {LEFT, y + 30, WIDTH - LEFT - RIGHT, RATES_H, 0, nw, 0, nice_max(peak), false, false};
    panel_title(cv, &a, y + 10, ename);
    y_ticks(cv, &a, "rate (Hz per cell)", true);
    double ly = a.y + 8;
    for (int j = 0; j < ns; j++)
        ly = legend_entry(cv, ly, set_colour(g, j), false, g->f->set_names[j]);
    if (!r || ns == 0)
        note(cv, &a, !r ? "experiment not run" : "no cell sets");
    cv_font(cv, 11, false);
    for (int k = 0; k < nw; k++) {
        double gx = px(&a, k), gw = px(&a, k + 1) - gx;
        double bw = ns ? gw * 0.8 / ns : 0;
        for (int j = 0; r && j < ns; j++) {
            double v = window_rate(g, r, j, &w[2 * k]);
            double x = gx + gw * 0.1 + j * bw;
            if (!isfinite(v))
                continue;
            set_rgb(cv, set_colour(g, j), 1);
            cv_rectangle(cv, x + 1, py(&a, v), bw - 2, py(&a, 0) - py(&a, v));
            cv_fill(cv);
            if (bw >= 22) {     /* the value, where it fits */
                char buf[32];
                snprintf(buf, sizeof buf, v < 10 ? "%.1f" : "%.0f", v);
                cv_font(cv, 9, false);
                cv_set_rgb(cv, 0.2, 0.2, 0.2);
                text_at(cv, x + bw / 2, py(&a, v) - 3, 0.5, 1, buf);
            }
        }
        char label[160];
        snprintf(label, sizeof label, "%s [%g, %g) ms", names[k], w[2 * k], w[2 * k + 1]);
        cv_font(cv, 11, false);
        cv_set_rgb(cv, 0.15, 0.15, 0.15);
        text_at(cv, gx + gw / 2, a.y + a.h + 8, 0.5, 0, label);
    }
    frame(cv, &a);
}

/* ---- connectivity ----------------------------------------------------------------------- */

static double matrix_cell(const struct crt_figure *f)
{
    int n = f->nsets > 0 ? f->nsets : 1;
    double c = 360.0 / n;
    return c > 64 ? 64 : c < 14 ? 14 : c;
}

static double connectivity_h(const struct fig *g)
{
    return 40 + matrix_cell(g->f) * (g->f->nsets > 0 ? g->f->nsets : 1) + 90;
}

/* The first of the figure's experiments that ran with connections: every
 * experiment has the same network. */
static const struct crt_result *network_result(const struct fig *g)
{
    for (int i = 0; i < g->f->nexperiments; i++) {
        const struct crt_result *r = g->res[g->f->experiments[i]];
        if (r && r->conn_pre)
            return r;
    }
    return NULL;
}

static void connectivity(const struct fig *g, double y)
{
    struct canvas *cv = g->cv;
    int n = g->f->nsets;
    double c = matrix_cell(g->f);
    double x0 = LEFT + 60, y0 = y + 40;
    const struct crt_result *r = network_result(g);
    long *count = rt_calloc((size_t)(n > 0 ? n * n : 1), sizeof *count), peak = 0, total = 0;
    for (long k = 0; r && k < r->nrule_connections; k++)
        for (int a = 0; a < n; a++)
            if (in_set(g, a, r->conn_pre[k]))
                for (int b = 0; b < n; b++)
                    if (in_set(g, b, r->conn_post[k])) {
                        long v = ++count[a * n + b];
                        peak = v > peak ? v : peak;
                        total++;
                    }
    struct axes box = {x0, y0, c * (n > 0 ? n : 1), c * (n > 0 ? n : 1), 0, 1, 0, 1, false, false};
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            double u = peak ? (double)count[a * n + b] / (double)peak : 0;
            /* white to dark blue; the count in white once the cell is dark */
            cv_set_rgb(cv, 1 - 0.88 * u, 1 - 0.7 * u, 1 - 0.35 * u);
            cv_rectangle(cv, x0 + b * c, y0 + a * c, c, c);
            cv_fill(cv);
            if (c >= 24 && r) {
                char buf[32];
                snprintf(buf, sizeof buf, "%ld", count[a * n + b]);
                cv_font(cv, c >= 50 ? 13 : 9, false);
                if (u > 0.55)
                    cv_set_rgb(cv, 1, 1, 1);
                else
                    cv_set_rgb(cv, 0.1, 0.1, 0.1);
                text_at(cv, x0 + b * c + c / 2, y0 + a * c + c / 2, 0.5, 0.5, buf);
            }
        }
    cv_set_rgb(cv, 0.6, 0.6, 0.6);
    cv_set_line_width(cv, 0.8);
    for (int k = 0; k <= n; k++) {
        cv_move_to(cv, x0, y0 + k * c);
        cv_line_to(cv, x0 + n * c, y0 + k * c);
        cv_move_to(cv, x0 + k * c, y0);
        cv_line_to(cv, x0 + k * c, y0 + n * c);
    }
    cv_stroke(cv);
    cv_font(cv, 11, false);
    for (int a = 0; a < n; a++) {   /* names in their set's colour */
        set_rgb(cv, set_colour(g, a), 1);
        text_at(cv, x0 - 6, y0 + a * c + c / 2, 1, 0.5, g->f->set_names[a]);
        cv_save(cv);
        cv_translate(cv, x0 + a * c + c / 2, y0 + n * c + 6);
        cv_rotate(cv, n > 4 ? PI / 4 : 0);
        text_at(cv, 0, 0, n > 4 ? 0 : 0.5, n > 4 ? 0.5 : 0, g->f->set_names[a]);
        cv_restore(cv);
    }
    cv_set_rgb(cv, 0.1, 0.1, 0.1);
    cv_font(cv, 11.5, true);
    text_at(cv, x0 + n * c / 2, y0 + n * c + (n > 4 ? 70 : 28), 0.5, 0, "postsynaptic");
    cv_save(cv);
    cv_translate(cv, LEFT - 40, y0 + n * c / 2);
    cv_rotate(cv, -PI / 2);
    text_at(cv, 0, 0, 0.5, 1, "presynaptic");
    cv_restore(cv);
    char buf[160];
    cv_font(cv, 11, false);
    double tx = x0 + n * c + 30;
    if (!r) {
        note(cv, &box, "no connections (the run kept none)");
    } else {
        snprintf(buf, sizeof buf, "%ld connections made by rules", r->nrule_connections);
        text_at(cv, tx, y0 + 8, 0, 0.5, buf);
        snprintf(buf, sizeof buf, "%ld between the sets shown", total);
        text_at(cv, tx, y0 + 26, 0, 0.5, buf);
        snprintf(buf, sizeof buf, "darkest cell: %ld", peak);
        text_at(cv, tx, y0 + 44, 0, 0.5, buf);
        if (n == 0)
            note(cv, &box, "no cell sets");
    }
    free(count);
}

/* ---- positions ------------------------------------------------------------------------- */

#define POS_H 520.0

static void position_legend(const struct fig *g, double y)
{
    for (int j = 0; j < g->f->nsets; j++)
        y = legend_entry(g->cv, y, set_colour(g, j), false, g->f->set_names[j]);
}

/* The colour a cell is drawn in: its first set's in the figure. */
static int set_index_of(const struct fig *g, int gid)
{
    for (int j = 0; j < g->f->nsets; j++)
        if (in_set(g, j, gid))
            return j;
    return -1;
}

static const struct crt_result *position_result(const struct fig *g)
{
    const struct crt_result *r = network_result(g);
    for (int i = 0; !r && i < g->f->nexperiments; i++)
        r = g->res[g->f->experiments[i]];
    return r && r->pos ? r : NULL;
}

/* Past CONN_LINES connections, lines over each other are one grey smear (19k
 * of them made an 11.8 MB SVG): a sample of CONN_LINES is drawn instead,
 * every (n / CONN_LINES)-th connection in creation order (rule by rule,
 * target by target), darker and translucent so that where they crowd shows. */
#define CONN_LINES 600

static bool shown_conn(const struct fig *g, const struct crt_result *r, long c)
{
    int p = r->conn_pre[c], q = r->conn_post[c], n = g->m->ncells;
    return p >= 0 && p < n && q >= 0 && q < n && shown(g, p) && shown(g, q);
}

/* Draws the connections between shown cells, or a sample of them; returns
 * how many there are and sets *drawn to how many were drawn. */
static long connection_lines(const struct fig *g, const struct axes *a,
                             const struct crt_result *r, long *drawn)
{
    struct canvas *cv = g->cv;
    long n = 0;
    for (long c = 0; c < r->nrule_connections; c++)
        n += shown_conn(g, r, c);
    bool sample = n > CONN_LINES;
    if (sample) {
        cv_set_line_width(cv, 0.6);
        cv_set_rgba(cv, 0.3, 0.3, 0.3, 0.2);
    } else {
        /* light grey, opaque: overlaps do not darken (the look of one
         * translucent stroke over white) */
        cv_set_line_width(cv, 0.5);
        cv_set_rgb(cv, 0.937, 0.937, 0.937);
    }
    /* short paths stroke in linear time where one path of thousands of
     * crossing lines cost cairo's rasterizer ~140 ms */
    long in_path = 0, k = 0;
    *drawn = 0;
    for (long c = 0; c < r->nrule_connections; c++) {
        if (!shown_conn(g, r, c))
            continue;
        long i = k++;
        if (sample && i * CONN_LINES / n == (i + 1) * CONN_LINES / n)
            continue;   /* not the first of its stride */
        int p = r->conn_pre[c], q = r->conn_post[c];
        cv_move_to(cv, px(a, r->pos[3 * p]), py(a, r->pos[3 * p + 1]));
        cv_line_to(cv, px(a, r->pos[3 * q]), py(a, r->pos[3 * q + 1]));
        (*drawn)++;
        if (++in_path == 32) {
            cv_stroke(cv);
            in_path = 0;
        }
    }
    cv_stroke(cv);
    return n;
}

/* Past CELL_DOTS cells, dots over each other are one blot and every dot is
 * an element of the SVG (10^5 cells made a 42 MB file): a sample is drawn,
 * every (n / CELL_DOTS)-th shown cell in gid order, so each population keeps
 * its share.  cell_dots numbers the shown cells; dot_drawn says whether the
 * i-th of n is in the sample. */
#define CELL_DOTS 4000

static long cell_dots(const struct fig *g)
{
    long n = 0;
    for (int gid = 0; gid < g->m->ncells; gid++)
        n += set_index_of(g, gid) >= 0;
    return n;
}

static bool dot_drawn(long i, long n)
{
    return n <= CELL_DOTS || i * CELL_DOTS / n != (i + 1) * CELL_DOTS / n;
}

/* "dots: 4000 of 100000 cells (1 in 25)" under the legend when sampled. */
static void dots_note(const struct fig *g, double x, double y, long n)
{
    if (n <= CELL_DOTS)
        return;
    char buf[96];
    cv_font(g->cv, 10.5, false);
    cv_set_rgb(g->cv, 0.35, 0.35, 0.35);
    text_at(g->cv, x, y, 0, 0.5, "dots: a sample of");
    snprintf(buf, sizeof buf, "%d of %ld cells", CELL_DOTS, n);
    text_at(g->cv, x, y + 15, 0, 0.5, buf);
    snprintf(buf, sizeof buf, "(1 in %.2g, spread evenly)", (double)n / CELL_DOTS);
    text_at(g->cv, x, y + 30, 0, 0.5, buf);
}

static void positions2d(const struct fig *g, double y)
{
    struct canvas *cv = g->cv;
    const struct crt_model *m = g->m;
    const struct crt_result *r = position_result(g);
    double sx = m->npops ? m->pops[0].size[0] : 0, sy = m->npops ? m->pops[0].size[1] : 0;
    double lo[2] = {0, 0}, hi[2] = {sx, sy};
    for (int gid = 0; r && gid < m->ncells; gid++)   /* cells placed outside the volume too */
        for (int d = 0; d < 2; d++) {
            lo[d] = fmin(lo[d], r->pos[3 * gid + d]);
            hi[d] = fmax(hi[d], r->pos[3 * gid + d]);
        }
    sane_range(&lo[0], &hi[0]);
    sane_range(&lo[1], &hi[1]);
    /* equal scales on both axes: the column is as tall as the plot allows */
    double avail_w = WIDTH - LEFT - RIGHT, avail_h = POS_H - 60;
    double k = fmin(avail_w / (hi[0] - lo[0]), avail_h / (hi[1] - lo[1]));
    struct axes a = {LEFT + (avail_w - k * (hi[0] - lo[0])) / 2, y + 20, k * (hi[0] - lo[0]),
                     k * (hi[1] - lo[1]), lo[0], hi[0], lo[1], hi[1], false, true};
    long nconn = 0, ndrawn = 0;
    if (r) {
        clip_to(cv, &a);
        if (r->conn_pre)
            nconn = connection_lines(g, &a, r, &ndrawn);
        long ndots = cell_dots(g), i = 0;
        for (int gid = 0; gid < m->ncells; gid++) {
            int j = set_index_of(g, gid);
            if (j < 0 || !dot_drawn(i++, ndots))
                continue;
            set_rgb(cv, set_colour(g, j), 0.9);
            cv_circle(cv, px(&a, r->pos[3 * gid]), py(&a, r->pos[3 * gid + 1]), 3.2);
            cv_fill(cv);
        }
        cv_restore(cv);
    } else {
        note(cv, &a, "no cell positions");
    }
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_set_line_width(cv, 1);
    cv_rectangle(cv, a.x, a.y, a.w, a.h);
    cv_stroke(cv);
    /* ticks along the top edge would collide with nothing, but readers expect the
     * bottom; the y axis grows downwards like cortical depth */
    y_ticks(cv, &a, "y: depth (µm)", false);
    x_ticks(cv, &a, "x (µm)");
    double ly = a.y + 8;
    position_legend(g, ly);
    cv_font(cv, 10.5, false);
    cv_set_rgb(cv, 0.35, 0.35, 0.35);
    ly += 17.0 * g->f->nsets + 10;
    if (!(r && r->conn_pre)) {
        text_at(cv, WIDTH - RIGHT + 18, ly, 0, 0.5, "connections not kept");
    } else if (ndrawn == nconn) {
        text_at(cv, WIDTH - RIGHT + 18, ly, 0, 0.5, "grey lines: connections");
    } else {
        char buf[96];
        text_at(cv, WIDTH - RIGHT + 18, ly, 0, 0.5, "grey lines: a sample of");
        snprintf(buf, sizeof buf, "%ld of %ld connections", ndrawn, nconn);
        text_at(cv, WIDTH - RIGHT + 18, ly + 15, 0, 0.5, buf);
        snprintf(buf, sizeof buf, "(1 in %.2g, spread evenly)", (double)nconn / (double)ndrawn);
        text_at(cv, WIDTH - RIGHT + 18, ly + 30, 0, 0.5, buf);
        ly += 30;
    }
    if (r)
        dots_note(g, WIDTH - RIGHT + 18, ly + 25, cell_dots(g));
}

static void project(double az, double el, const double p[3], double out[2])
{
    /* orthographic view from azimuth az and elevation el; y is depth, so the
     * screen's vertical is +y downwards */
    double x = p[0], yy = p[1], z = p[2];
    double u = x * cos(az) - z * sin(az);
    double dz = x * sin(az) + z * cos(az);
    out[0] = u;
    out[1] = yy * cos(el) - dz * sin(el);
}

static void positions3d(const struct fig *g, double y)
{
    struct canvas *cv = g->cv;
    const struct crt_model *m = g->m;
    const struct crt_result *r = position_result(g);
    double size[3] = {1, 1, 1};
    for (int d = 0; d < 3 && m->npops; d++)
        size[d] = m->pops[0].size[d] > 0 ? m->pops[0].size[d] : 1;
    double az = 35 * PI / 180, el = 25 * PI / 180;
    double corner[8][2], lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int k = 0; k < 8; k++) {
        double p[3] = {k & 1 ? size[0] : 0, k & 2 ? size[1] : 0, k & 4 ? size[2] : 0};
        project(az, el, p, corner[k]);
        for (int d = 0; d < 2; d++) {
            lo[d] = fmin(lo[d], corner[k][d]);
            hi[d] = fmax(hi[d], corner[k][d]);
        }
    }
    double avail_w = WIDTH - LEFT - RIGHT, avail_h = POS_H - 60;
    double s = fmin(avail_w / (hi[0] - lo[0]), avail_h / (hi[1] - lo[1]));
    double ox = LEFT + (avail_w - s * (hi[0] - lo[0])) / 2 - s * lo[0], oy = y + 25 - s * lo[1];
#define SX(u) (ox + s * (u))
#define SY(v) (oy + s * (v))
    static const int edges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3},
                                     {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
    cv_set_rgb(cv, 0.65, 0.65, 0.65);
    cv_set_line_width(cv, 0.8);
    for (int k = 0; k < 12; k++) {
        cv_move_to(cv, SX(corner[edges[k][0]][0]), SY(corner[edges[k][0]][1]));
        cv_line_to(cv, SX(corner[edges[k][1]][0]), SY(corner[edges[k][1]][1]));
    }
    cv_stroke(cv);
    /* the three edges from the origin are the axes, labelled with their extent */
    static const char *const axis_name[3] = {"x", "y (depth)", "z"};
    cv_font(cv, 11, false);
    for (int d = 0; d < 3; d++) {
        int k = 1 << d;
        cv_set_rgb(cv, 0.1, 0.1, 0.1);
        cv_set_line_width(cv, 1.5);
        cv_move_to(cv, SX(corner[0][0]), SY(corner[0][1]));
        cv_line_to(cv, SX(corner[k][0]), SY(corner[k][1]));
        cv_stroke(cv);
        char buf[96];
        snprintf(buf, sizeof buf, "%s: 0–%g µm", axis_name[d], size[d]);
        /* at the axis' far end, pushed outwards: x ends right, z left, y below */
        double ex = SX(corner[k][0]), ey = SY(corner[k][1]);
        if (d == 0)
            text_at(cv, ex + 8, ey, 0, 0.5, buf);
        else if (d == 2 && ex - 8 - cv_text_width(cv, buf) < 4)
            text_at(cv, ex, ey - 10, 0, 1, buf);    /* no room on the left: above */
        else if (d == 2)
            text_at(cv, ex - 8, ey, 1, 0.5, buf);
        else
            text_at(cv, ex, ey + 10, 0.5, 0, buf);
    }
    if (r) {
        /* far cells first, so near ones are drawn over them */
        struct keyed *order = rt_malloc(sizeof *order * (size_t)(m->ncells > 0 ? m->ncells : 1));
        int n = 0;
        long ndots = cell_dots(g), shown_i = 0;
        for (int gid = 0; order && gid < m->ncells; gid++)
            if (set_index_of(g, gid) >= 0 && dot_drawn(shown_i++, ndots)) {
                const double *p = &r->pos[3 * gid];
                double depth = p[0] * sin(az) * cos(el) + p[2] * cos(az) * cos(el) + p[1] * sin(el);
                order[n++] = (struct keyed){-depth, gid};   /* farthest first */
            }
        qsort(order, (size_t)n, sizeof *order, by_key);
        for (int i = 0; i < n; i++) {
            int gid = order[i].gid;
            double q[2];
            project(az, el, &r->pos[3 * gid], q);
            set_rgb(cv, set_colour(g, set_index_of(g, gid)), 0.9);
            cv_circle(cv, SX(q[0]), SY(q[1]), 3.2);
            cv_fill_preserve(cv);
            cv_set_rgba(cv, 1, 1, 1, 0.8);
            cv_set_line_width(cv, 0.6);
            cv_stroke(cv);
        }
        free(order);
    } else {
        struct axes a = {LEFT, y, avail_w, avail_h, 0, 1, 0, 1, false, false};
        note(cv, &a, "no cell positions");
    }
#undef SX
#undef SY
    position_legend(g, y + 33);
    if (r)
        dots_note(g, WIDTH - RIGHT + 18, y + 33 + 17.0 * g->f->nsets + 10, cell_dots(g));
}

/* ---- psd ----------------------------------------------------------------------------- */

#define PSD_H 190.0

static double psd_panel_h(const struct fig *g)
{
    (void)g;
    return 30 + PSD_H + 48;
}

/* Power spectral density (Hz^2/Hz) of x (n bins of dt ms, mean removed) at
 * frequencies k / (n dt), k = 1 .. nf; the DFT by FFT (rt_fft.c). */
static void spectrum(double *x, int n, double dt, int nf, double *out)
{
    double mean = 0;
    for (int k = 0; k < n; k++)
        mean += x[k] / n;
    for (int k = 0; k < n; k++)
        x[k] -= mean;
    double T = n * dt * 1e-3;
    rt_dft_power(x, (size_t)n, (size_t)nf, out);
    double dts = dt * 1e-3;     /* one-sided: both halves of the spectrum */
    for (int f = 0; f < nf; f++)
        out[f] = 2 * out[f] * dts * dts / T;
}

static void psd(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    double t0 = 0, t1 = g->m->tstop;
    if (g->f->nwindows) {   /* the first window, as psd_peak measures it */
        t0 = g->f->windows[0];
        t1 = fmin(g->f->windows[1], g->m->tstop);
    }
    double bin = bin_or(g->f, 1);
    int n = (int)floor((t1 - t0) / bin);
    double fmax_hz = g->f->max_freq > 0 ? g->f->max_freq : 200;
    double nyquist = 500.0 / bin;
    if (fmax_hz > nyquist)
        fmax_hz = nyquist;
    int nf = n >= 4 ? (int)floor(fmax_hz * n * bin * 1e-3) : 0;
    if (nf > n / 2)
        nf = n / 2;
    double df = n > 0 ? 1000.0 / (n * bin) : 1;
    struct axes a = {LEFT, y + 30, WIDTH - LEFT - RIGHT, PSD_H, 0, fmax_hz, 0, 1, true, false};
    char title[256];
    snprintf(title, sizeof title, "%s   (%g–%g ms, %g ms bins)", ename, t0, t1, bin);
    panel_title(cv, &a, y + 10, title);
    double **p = rt_calloc((size_t)g->f->nsets + 1, sizeof *p);
    double top = -INFINITY, bottom = INFINITY;
    for (int j = 0; r && nf > 0 && j < g->f->nsets; j++) {
        double *x = binned_rate(r, set_of(g, j), t0, bin, n);
        if (!x)
            continue;
        p[j] = rt_calloc((size_t)nf, sizeof *p[j]);
        spectrum(x, n, bin, nf, p[j]);
        free(x);
        for (int k = 0; k < nf; k++)
            if (p[j][k] > 0) {
                top = fmax(top, p[j][k]);
                bottom = fmin(bottom, p[j][k]);
            }
    }
    bool any = isfinite(top);
    if (any) {
        a.y1 = ceil(log10(top));
        a.y0 = fmax(floor(log10(bottom)), a.y1 - 6);     /* six decades at most */
        if (a.y1 <= a.y0)
            a.y0 = a.y1 - 1;
    }
    y_ticks(cv, &a, any ? "power (Hz²/Hz)" : NULL, any);
    double ly = a.y + 8;
    if (any) {
        clip_to(cv, &a);
        cv_set_line_width(cv, 1.4);
        cv_set_line_join(cv, RT_SVG_JOIN_ROUND);
        for (int j = 0; j < g->f->nsets; j++) {
            if (!p[j])
                continue;
            set_rgb(cv, set_colour(g, j), 0.9);
            bool pen = false;
            for (int k = 0; k < nf; k++) {
                if (!(p[j][k] > 0)) {   /* zero power: a gap on a log scale */
                    pen = false;
                    continue;
                }
                double xx = px(&a, (k + 1) * df), yy = py(&a, p[j][k]);
                if (pen)
                    cv_line_to(cv, xx, yy);
                else
                    cv_move_to(cv, xx, yy);
                pen = true;
            }
            cv_stroke(cv);
        }
        cv_restore(cv);
        for (int j = 0; j < g->f->nsets; j++) {
            char label[160];
            int best = -1;
            for (int k = 0; p[j] && k < nf; k++)
                if (best < 0 || p[j][k] > p[j][best])
                    best = k;
            if (best >= 0)
                snprintf(label, sizeof label, "%s (peak %.3g Hz)", g->f->set_names[j], (best + 1) * df);
            else
                snprintf(label, sizeof label, "%s (no spikes)", g->f->set_names[j]);
            ly = legend_entry(cv, ly, set_colour(g, j), true, label);
        }
    } else {
        note(cv, &a, !r ? "experiment not run" : nf == 0 ? "window too short for a spectrum"
                                                        : "no spikes: no spectrum");
    }
    for (int j = 0; j < g->f->nsets; j++)
        free(p[j]);
    free(p);
    frame(cv, &a);
    x_ticks(cv, &a, "frequency (Hz)");
}

/* ---- spike statistics ------------------------------------------------------------------ */

#define STATS_H 170.0
#define NHIST 20

static double stats_panel_h(const struct fig *g)
{
    (void)g;
    return 30 + STATS_H + 48;
}

/* Overlaid histograms (outlined, lightly filled) of vals[j][0..n[j]) per set. */
static void histograms(const struct fig *g, const struct axes *frame_a, double *const *vals,
                       const int *n, const char *xlabel, const char *empty)
{
    struct canvas *cv = g->cv;
    struct axes a = *frame_a;
    double hi = 0;
    int total = 0;
    for (int j = 0; j < g->f->nsets; j++)
        for (int c = 0; c < n[j]; c++)
            if (isfinite(vals[j][c])) {
                hi = fmax(hi, vals[j][c]);
                total++;
            }
    a.x0 = 0;
    a.x1 = nice_max(hi);
    double w = (a.x1 - a.x0) / NHIST;
    int peak = 0;
    int (*counts)[NHIST] = rt_calloc((size_t)g->f->nsets + 1, sizeof *counts);
    for (int j = 0; j < g->f->nsets; j++)
        for (int c = 0; c < n[j]; c++)
            if (isfinite(vals[j][c])) {
                int b = (int)(vals[j][c] / w);
                b = b < 0 ? 0 : b >= NHIST ? NHIST - 1 : b;
                if (++counts[j][b] > peak)
                    peak = counts[j][b];
            }
    a.y0 = 0;
    a.y1 = nice_max(peak);
    y_ticks(cv, &a, "cells", true);
    if (total) {
        clip_to(cv, &a);
        for (int j = 0; j < g->f->nsets; j++) {
            cv_move_to(cv, px(&a, 0), py(&a, 0));
            for (int b = 0; b < NHIST; b++) {
                cv_line_to(cv, px(&a, b * w), py(&a, counts[j][b]));
                cv_line_to(cv, px(&a, (b + 1) * w), py(&a, counts[j][b]));
            }
            cv_line_to(cv, px(&a, NHIST * w), py(&a, 0));
            cv_close_path(cv);
            set_rgb(cv, set_colour(g, j), 0.18);
            cv_fill_preserve(cv);
            set_rgb(cv, set_colour(g, j), 1);
            cv_set_line_width(cv, 1.5);
            cv_stroke(cv);
        }
        cv_restore(cv);
    } else {
        note(cv, &a, empty);
    }
    free(counts);
    frame(cv, &a);
    x_ticks(cv, &a, xlabel);
}

static void spikestats(const struct fig *g, int i, double y)
{
    struct canvas *cv = g->cv;
    const char *ename;
    const struct crt_result *r = result(g, i, &ename);
    double t0 = 0, t1 = g->m->tstop;
    if (g->f->nwindows) {
        t0 = g->f->windows[0];
        t1 = g->f->windows[1];
    }
    int ns = g->f->nsets;
    double **rate = rt_calloc((size_t)ns + 1, sizeof *rate), **isi_cv = rt_calloc((size_t)ns + 1, sizeof *isi_cv);
    int *n = rt_calloc((size_t)ns + 1, sizeof *n);
    for (int j = 0; r && j < ns; j++) {
        const struct crt_gids *s = set_of(g, j);
        n[j] = s->n;
        rate[j] = rt_calloc((size_t)s->n + 1, sizeof **rate);
        isi_cv[j] = rt_calloc((size_t)s->n + 1, sizeof **isi_cv);
        crt_cell_stats(r, s, t0, t1, rate[j], isi_cv[j]);
    }
    double gap = 60, w = (WIDTH - LEFT - RIGHT - gap) / 2;
    struct axes left = {LEFT, y + 30, w, STATS_H, 0, 1, 0, 1, false, false};
    struct axes right = {LEFT + w + gap, y + 30, w, STATS_H, 0, 1, 0, 1, false, false};
    char title[256];
    snprintf(title, sizeof title, "%s   (%g–%g ms)", ename, t0, t1);
    panel_title(cv, &left, y + 10, title);
    const char *why = !r ? "experiment not run" : ns ? "no spikes" : "no cell sets";
    histograms(g, &left, rate, n, "rate per cell (Hz)", why);
    histograms(g, &right, isi_cv, n, "ISI CV per cell (3+ spikes)", !r || !ns ? why : "no cell with 3 spikes");
    double ly = left.y + 8;
    for (int j = 0; j < ns; j++) {
        double sum = 0;
        for (int c = 0; c < n[j]; c++)
            sum += rate[j][c];
        char label[160];
        if (n[j])
            snprintf(label, sizeof label, "%s (%.1f Hz)", g->f->set_names[j], sum / n[j]);
        else
            snprintf(label, sizeof label, "%s", g->f->set_names[j]);
        ly = legend_entry(cv, ly, set_colour(g, j), false, label);
        free(rate[j]);
        free(isi_cv[j]);
    }
    free(rate);
    free(isi_cv);
    free(n);
}

/* ---- the kinds ------------------------------------------------------------------------- */


/* ---- sweeps ------------------------------------------------------------------------------ */

/* A sweep's figure: a panel of population rates, then one per measure
 * computed in every run, each against the first `vary` line's values (a log
 * axis for a log range); with several lines, a curve for each combination of
 * the others' values (at most SWEEP_CURVES lines a panel).  Point p is value
 * p / (points / count) of the first line: curve c, x index i is point
 * i * ncurves + c. */
#define SWEEP_H 180.0
#define SWEEP_GAP 74.0
#define SWEEP_CURVES 10

static bool sweep_measure_drawn(const struct fig *g, int k)
{
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    if (g->m->measures[k].experiment >= 0 || !g->a)
        return false;
    for (int p = 0; p < w->npoints; p++) {
        size_t i = (size_t)(w->first + p) * (size_t)g->m->nmeasures + (size_t)k;
        if (g->a->verdicts[i])
            return false;   /* a verdict, not a number */
    }
    return true;
}

/* Two `vary` lines of 3 values or more: each panel is a heat map (the
 * first line along x, the second along y), one per population's rate. */
static bool sweep_heat(const struct crt_sweep *w)
{
    return w->nvary == 2 && w->counts[0] >= 3 && w->counts[1] >= 3;
}

static int sweep_panels(const struct fig *g)
{
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    int n = sweep_heat(w) ? g->m->npops : 1;
    for (int k = 0; k < g->m->nmeasures; k++)
        n += sweep_measure_drawn(g, k);
    return n;
}

static double sweep_h(const struct fig *g)
{
    return sweep_panels(g) * (SWEEP_H + SWEEP_GAP) + 10;
}

/* The value drawn at point p in panel `panel` (0: rates, of population
 * pop; else measure k). */
static double sweep_value(const struct fig *g, int p, int k, int pop)
{
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    int e = w->first + p;
    if (!g->res[e])
        return NAN;
    if (k < 0)
        return crt_pop_rate(g->m, g->res[e], pop);
    return g->a->values[(size_t)e * (size_t)g->m->nmeasures + (size_t)k];
}

static double sweep_x(const struct crt_sweep *w, int p)
{
    double x = w->values[(size_t)p * (size_t)w->nvary];
    return w->log[0] ? (x > 0 ? log10(x) : log10(-x)) : x;
}

/* The other lines' values at curve c, as "step.dur = 200 ms". */
static void curve_label(const struct crt_sweep *w, int c, char *buf, size_t size)
{
    int p = c;
    buf[0] = '\0';
    for (int v = 1; v < w->nvary; v++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s = %g%s%s", v > 1 ? ", " : "", w->paths[v],
                 w->values[(size_t)p * (size_t)w->nvary + (size_t)v], *w->units[v] ? " " : "",
                 w->units[v]);
    }
}

static void sweep_panel(const struct fig *g, int k, double y, const char *title,
                        const char *ylabel)
{
    struct canvas *cv = g->cv;
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    int nx = w->counts[0], ncurves = w->npoints / nx;
    int nsets = k < 0 ? g->m->npops : 1;
    double x0 = INFINITY, x1 = -INFINITY, y0 = 0, y1 = -INFINITY;
    for (int p = 0; p < w->npoints; p++) {
        x0 = fmin(x0, sweep_x(w, p));
        x1 = fmax(x1, sweep_x(w, p));
        for (int j = 0; j < nsets; j++) {
            double v = sweep_value(g, p, k, j);
            if (isfinite(v)) {
                y0 = fmin(y0, v);
                y1 = fmax(y1, v);
            }
        }
    }
    sane_range(&x0, &x1);
    if (!(y1 > y0))
        y1 = y0 + 1;
    else
        y1 = y0 + nice_max(y1 - y0);
    struct axes a = {LEFT, y + 30, WIDTH - LEFT - RIGHT, SWEEP_H, x0, x1, y0, y1, false, false};
    panel_title(cv, &a, y + 12, title);
    y_ticks(cv, &a, ylabel, true);
    char xlabel[300];
    int last = 0;   /* the line along x */
    snprintf(xlabel, sizeof xlabel, "%s%s%s%s%s", w->paths[last], *w->units[last] ? " (" : "",
             w->units[last], *w->units[last] ? ")" : "", w->log[last] ? ", log scale" : "");
    if (w->log[last]) {     /* decades, labelled with their values */
        char buf[32];
        cv_font(cv, 10.5, false);
        for (double d = ceil(x0 - 1e-9); d <= x1 + 1e-9; d++) {
            cv_set_rgb(cv, 0.15, 0.15, 0.15);
            cv_move_to(cv, px(&a, d), a.y + a.h);
            cv_line_to(cv, px(&a, d), a.y + a.h + 4);
            cv_stroke(cv);
            snprintf(buf, sizeof buf, "%g", w->values[0] < 0 ? -pow(10, d) : pow(10, d));
            text_at(cv, px(&a, d), a.y + a.h + 7, 0.5, 0, buf);
        }
        cv_font(cv, 11.5, false);
        text_at(cv, a.x + a.w / 2, a.y + a.h + 22, 0.5, 0, xlabel);
    } else {
        x_ticks(cv, &a, xlabel);
    }
    double ly = a.y + 8;
    int lines = 0;
    bool any = false;
    for (int c = 0; c < ncurves; c++)
        for (int j = 0; j < nsets; j++, lines++) {
            if (lines >= SWEEP_CURVES)
                continue;
            struct rgb colour = pop_palette[lines % NPOP_COLOURS];
            char label[400], others[300];
            curve_label(w, c, others, sizeof others);
            snprintf(label, sizeof label, "%s%s%s", k < 0 ? g->m->pops[j].name : "",
                     k < 0 && *others ? ": " : "", others);
            if (*label)
                ly = legend_entry(cv, ly, colour, true, label);
            clip_to(cv, &a);
            set_rgb(cv, colour, 1);
            cv_set_line_width(cv, 2);
            bool open = false;
            for (int i = 0; i < nx; i++) {
                int p = i * ncurves + c;
                double v = sweep_value(g, p, k, j);
                if (!isfinite(v)) {
                    open = false;
                    continue;
                }
                any = true;
                if (open)
                    cv_line_to(cv, px(&a, sweep_x(w, p)), py(&a, v));
                else
                    cv_move_to(cv, px(&a, sweep_x(w, p)), py(&a, v));
                open = true;
            }
            cv_stroke(cv);
            for (int i = 0; i < nx; i++) {
                double v = sweep_value(g, i * ncurves + c, k, j);
                if (isfinite(v)) {
                    cv_circle(cv, px(&a, sweep_x(w, i * ncurves + c)), py(&a, v), 3);
                    cv_fill(cv);
                }
            }
            cv_restore(cv);
        }
    if (lines > SWEEP_CURVES) {
        char more[64];
        snprintf(more, sizeof more, "(first %d of %d lines)", SWEEP_CURVES, lines);
        legend_entry(cv, ly, (struct rgb){1, 1, 1}, false, more);
    }
    if (!any)
        note(cv, &a, "no values (sweep not run)");
    frame(cv, &a);
}

/* A line's values as tick labels along one side of a heat map, centred on
 * their cells: at most about one per 45 pixels. */
static void heat_labels(struct canvas *cv, const struct crt_sweep *w, int line, const struct axes *a,
                        bool along_x)
{
    int n = w->counts[line], stride = 1;     /* points between its values: the last
                                                 line varies fastest */
    for (int v = line + 1; v < w->nvary; v++)
        stride *= w->counts[v];
    double room = along_x ? a->w : a->h;
    int every = (int)ceil(n / fmax(1, room / 45));
    char buf[40];
    cv_font(cv, 10.5, false);
    cv_set_rgb(cv, 0.15, 0.15, 0.15);
    cv_set_line_width(cv, 1);
    for (int i = 0; i < n; i += every) {
        snprintf(buf, sizeof buf, "%g", w->values[(size_t)i * (size_t)stride * (size_t)w->nvary +
                                                  (size_t)line]);
        if (along_x) {
            double x = a->x + (i + 0.5) * a->w / n;
            cv_move_to(cv, x, a->y + a->h);
            cv_line_to(cv, x, a->y + a->h + 4);
            cv_stroke(cv);
            text_at(cv, x, a->y + a->h + 7, 0.5, 0, buf);
        } else {
            double y = a->y + a->h - (i + 0.5) * a->h / n;
            cv_move_to(cv, a->x - 4, y);
            cv_line_to(cv, a->x, y);
            cv_stroke(cv);
            text_at(cv, a->x - 7, y, 1, 0.5, buf);
        }
    }
    char label[300];
    snprintf(label, sizeof label, "%s%s%s%s", w->paths[line], *w->units[line] ? " (" : "",
             w->units[line], *w->units[line] ? ")" : "");
    cv_font(cv, 11.5, false);
    if (along_x) {
        text_at(cv, a->x + a->w / 2, a->y + a->h + 22, 0.5, 0, label);
    } else {
        cv_save(cv);
        cv_translate(cv, a->x - 58, a->y + a->h / 2);
        cv_rotate(cv, -PI / 2);
        text_at(cv, 0, 0, 0.5, 0, label);
        cv_restore(cv);
    }
}

/* One heat map: cell (i, j) is point i * counts[1] + j (the second line
 * fastest), coloured on the panel's own scale; grey where a point has no
 * value (not run, or undefined there). */
static void sweep_heat_panel(const struct fig *g, int k, int pop, double y, const char *title,
                             const char *label)
{
    struct canvas *cv = g->cv;
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    int nx = w->counts[0], ny = w->counts[1];
    double lo = INFINITY, hi = -INFINITY;
    for (int p = 0; p < w->npoints; p++) {
        double v = sweep_value(g, p, k, pop);
        if (isfinite(v)) {
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
    }
    struct axes a = {LEFT, y + 30, WIDTH - LEFT - RIGHT, SWEEP_H, 0, nx, 0, ny, false, false};
    panel_title(cv, &a, y + 12, title);
    if (lo > hi) {
        note(cv, &a, "no values (sweep not run)");
        frame(cv, &a);
        return;
    }
    sane_range(&lo, &hi);
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < ny; j++) {
            double v = sweep_value(g, i * ny + j, k, pop);
            struct rgb c = isfinite(v) ? heat_colour((v - lo) / (hi - lo))
                                       : (struct rgb){0.85, 0.85, 0.85};
            cv_set_rgb(cv, c.r, c.g, c.b);
            /* cells overlap by a hair: no seams between them */
            cv_rectangle(cv, px(&a, i), py(&a, j + 1), a.w / nx + 0.5, a.h / ny + 0.5);
            cv_fill(cv);
        }
    heat_labels(cv, w, 0, &a, true);
    heat_labels(cv, w, 1, &a, false);
    heat_bar(cv, a.y, a.h, lo, hi, label);
    frame(cv, &a);
}

static void sweep_figure(const struct fig *g, double y)
{
    char title[300], ylabel[300];
    const struct crt_sweep *w = &g->m->sweeps[g->f->sweep];
    if (sweep_heat(w)) {
        for (int p = 0; p < g->m->npops; p++) {
            snprintf(title, sizeof title, "Rate of %s over the run", g->m->pops[p].name);
            sweep_heat_panel(g, -1, p, y, title, "rate (Hz per cell)");
            y += SWEEP_H + SWEEP_GAP;
        }
        for (int k = 0; k < g->m->nmeasures; k++) {
            if (!sweep_measure_drawn(g, k))
                continue;
            const struct crt_measure *ms = &g->m->measures[k];
            snprintf(ylabel, sizeof ylabel, "%s%s%s%s", ms->name,
                     strcmp(ms->unit, "1") ? " (" : "", strcmp(ms->unit, "1") ? ms->unit : "",
                     strcmp(ms->unit, "1") ? ")" : "");
            sweep_heat_panel(g, k, 0, y, ms->name, ylabel);
            y += SWEEP_H + SWEEP_GAP;
        }
        return;
    }
    sweep_panel(g, -1, y, "Population rates over the run", "rate (Hz per cell)");
    y += SWEEP_H + SWEEP_GAP;
    for (int k = 0; k < g->m->nmeasures; k++) {
        if (!sweep_measure_drawn(g, k))
            continue;
        const struct crt_measure *ms = &g->m->measures[k];
        snprintf(title, sizeof title, "%s", ms->name);
        snprintf(ylabel, sizeof ylabel, "%s%s%s%s", ms->name, strcmp(ms->unit, "1") ? " (" : "",
                 strcmp(ms->unit, "1") ? ms->unit : "", strcmp(ms->unit, "1") ? ")" : "");
        sweep_panel(g, k, y, title, ylabel);
        y += SWEEP_H + SWEEP_GAP;
    }
}

/* Per experiment kinds draw a panel each; the others one panel for the network. */
static const struct kind {
    const char *name;
    double (*panel_h)(const struct fig *);
    void (*panel)(const struct fig *, int, double);
    void (*whole)(const struct fig *, double);
} kinds[] = {
    {"raster", raster_panel_h, raster, NULL},
    {"traces", traces_panel_h, traces, NULL},
    {"psth", psth_panel_h, psth, NULL},
    {"rates", rates_panel_h, rates, NULL},
    {"connectivity", connectivity_h, NULL, connectivity},
    {"positions2d", NULL, NULL, positions2d},
    {"positions3d", NULL, NULL, positions3d},
    {"psd", psd_panel_h, psd, NULL},
    {"spikestats", stats_panel_h, spikestats, NULL},
    {"sweep", sweep_h, NULL, sweep_figure},
};

static const struct kind *kind_of(const struct crt_figure *f)
{
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp(kinds[k].name, f->kind) == 0)
            return &kinds[k];
    return NULL;
}

static double figure_height(const struct fig *g, const struct kind *k)
{
    if (!k)
        return TITLE_H + 80;
    if (k->whole)
        return TITLE_H + (k->panel_h ? k->panel_h(g) : POS_H);
    int n = g->f->nexperiments > 0 ? g->f->nexperiments : 1;
    return TITLE_H + n * k->panel_h(g) + 8;
}

static void draw(const struct fig *g, const struct kind *k, double height)
{
    struct canvas *cv = g->cv;
    cv_set_rgb(cv, 1, 1, 1);
    cv_paint(cv);
    cv_font(cv, 16, true);
    cv_set_rgb(cv, 0.05, 0.05, 0.05);
    text_at(cv, LEFT - 50, 22, 0, 0.5, g->f->title ? g->f->title : g->f->name);
    double y = TITLE_H;
    struct axes whole = {LEFT, y, WIDTH - LEFT - RIGHT, height - y - 20, 0, 1, 0, 1, false, false};
    if (!k) {
        note(cv, &whole, "unknown figure kind");
    } else if (k->whole) {
        k->whole(g, y);
    } else if (g->f->nexperiments == 0) {
        note(cv, &whole, "no experiments");
    } else {
        for (int i = 0; i < g->f->nexperiments; i++) {
            k->panel(g, i, y);
            y += k->panel_h(g);
        }
    }
}

/* ---- files ------------------------------------------------------------------------------ */

/* Draws on c and closes it; false with err (naming `what`) if that failed. */
static bool draw_closed(const struct fig *proto, struct canvas *c, const struct kind *k,
                        double height, char **svg, size_t *len, const char *what, char *err,
                        size_t errsize)
{
    struct fig g = *proto;
    g.cv = c;
    draw(&g, k, height);
    const char *why = cv_close(c, svg, len);
    if (why) {
        snprintf(err, errsize, "cannot draw '%s': %s", what, why);
        return false;
    }
    return true;
}

/* The figures of one set of runs: their directory and what drawing needs. */
struct crt_figures {
    char dir[4200];
    const struct crt_model *m;
    struct crt_result *const *results;
    int *pop_of;            /* population of each gid (-1: none) */
    const struct crt_analysis *a;   /* or NULL (sweep figures then show rates only) */
};

static struct fig fig_of(const struct crt_figures *fs, int i)
{
    struct fig g = {NULL, fs->m, fs->results, &fs->m->figures[i], fs->pop_of, NULL, NULL, fs->a};
    membership(&g);
    return g;
}

static bool write_svg(const char *text, size_t n, const char *path, char *err, size_t errsize)
{
    char tmp[4500];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fwrite(text, 1, n, f);
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

bool crt_figures_svg(struct crt_figures *fs, char *err, size_t errsize)
{
    for (int i = 0; i < fs->m->nfigures; i++)
        if (!crt_figure_svg(fs, i, NULL, err, errsize))
            return false;
    return true;
}

/* Figure i as an SVG document (malloc'd, *len bytes); NULL with err.  Its
 * ids start with the figure's name: figures shown in one page (a
 * notebook's) keep their own clips.  `what` names it in messages. */
static char *draw_svg(struct crt_figures *fs, int i, const char *what, size_t *len, char *err,
                      size_t errsize)
{
    struct fig g = fig_of(fs, i);
    const struct kind *k = kind_of(g.f);
    double h = ceil(figure_height(&g, k));
    struct canvas c;
    cv_open_svg(&c, WIDTH, h, g.f->name, FONT);
    char *svg = NULL;
    if (!draw_closed(&g, &c, k, h, &svg, len, what, err, errsize))
        svg = NULL;
    free(g.in);
    free(g.any);
    return svg;
}

bool crt_figure_svg(struct crt_figures *fs, int i, size_t *bytes, char *err, size_t errsize)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.svg", fs->dir, fs->m->figures[i].name);
    size_t n = 0;
    char *svg = draw_svg(fs, i, path, &n, err, errsize);
    bool ok = svg && write_svg(svg, n, path, err, errsize);
    if (ok && bytes)
        *bytes = n;
    free(svg);
    return ok;
}

char *crt_figure_svg_text(struct crt_figures *fs, int i, size_t *len, char *err, size_t errsize)
{
    size_t n = 0;
    char *svg = draw_svg(fs, i, fs->m->figures[i].name, &n, err, errsize);
    if (len)
        *len = svg ? n : 0;
    return svg;
}

bool crt_figure_png(struct crt_figures *fs, int i, char *err, size_t errsize)
{
    struct fig g = fig_of(fs, i);
    const struct kind *k = kind_of(g.f);
    double h = ceil(figure_height(&g, k));
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.png", fs->dir, g.f->name);
    /* cairo's images stop at 32767 pixels: a taller figure (a panel for each
     * of many experiments) is made smaller, never refused */
    double scale = h * PNG_SCALE > PNG_MAX_H ? PNG_MAX_H / h : PNG_SCALE;
    cairo_surface_t *png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(WIDTH * scale),
                                                      (int)(h * scale));
    struct canvas c;
    cv_open_png(&c, png, scale, FONT);
    bool ok = draw_closed(&g, &c, k, h, NULL, NULL, path, err, errsize) &&
              rt_write_png(png, path, err, errsize);
    cairo_surface_destroy(png);
    free(g.in);
    free(g.any);
    return ok;
}

/* fontconfig's configuration and the fonts are loaded at their first use,
 * and cairo keeps state from that use (PNG text came out differently when
 * an SVG surface used the font first); loaded here, before rt_driver.c
 * forks its figure workers, they are the same in every worker, whatever it
 * draws first, and loaded once: for PNGs, and with the SVGs' metrics. */
static void load_fonts(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 4);
    struct canvas cv[2];
    cv_open_png(&cv[0], s, 1, FONT);
    cv_open_svg(&cv[1], 4, 4, "fonts", FONT);
    for (int k = 0; k < 2; k++) {
        for (int bold = 0; bold < 2; bold++) {
            cv_font(&cv[k], 12, bold);
            cv_text_width(&cv[k], "0");
        }
        char *svg = NULL;
        size_t n;
        cv_close(&cv[k], &svg, &n);
        free(svg);
    }
    cairo_surface_destroy(s);
}

void crt_figures_load_fonts(void)
{
    load_fonts();
}

struct crt_figures *crt_figures_open(const char *outdir, const struct crt_model *m,
                                     struct crt_result *const *results, char *err, size_t errsize)
{
    struct crt_figures *fs = rt_calloc(1, sizeof *fs);
    if (!fs) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    snprintf(fs->dir, sizeof fs->dir, "%s/figures", outdir ? outdir : ".");
    if (outdir && m->nfigures > 0 && mkdir(fs->dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errsize, "cannot create '%s': %s", fs->dir, strerror(errno));
        free(fs);
        return NULL;
    }
    if (m->nfigures > 0)
        load_fonts();
    fs->m = m;
    fs->results = results;
    fs->pop_of = rt_malloc(sizeof *fs->pop_of * (size_t)(m->ncells > 0 ? m->ncells : 1));
    for (int gid = 0; gid < m->ncells; gid++)
        fs->pop_of[gid] = -1;
    for (int p = 0; p < m->npops; p++)
        for (int k = 0; k < m->pops[p].count; k++)
            if (m->pops[p].first_gid + k < m->ncells)
                fs->pop_of[m->pops[p].first_gid + k] = p;
    return fs;
}

void crt_figures_use_analysis(struct crt_figures *fs, const struct crt_analysis *a)
{
    fs->a = a;
}

int crt_figures_count(const struct crt_figures *fs)
{
    return fs->m->nfigures;
}

void crt_figures_close(struct crt_figures *fs)
{
    if (fs)
        free(fs->pop_of);
    free(fs);
}

bool crt_figures_need_connections(const struct crt_model *m)
{
    for (int i = 0; i < m->nfigures; i++)
        if (strcmp(m->figures[i].kind, "connectivity") == 0 ||
            strcmp(m->figures[i].kind, "positions2d") == 0)
            return true;
    return false;
}

bool crt_write_figures(const char *outdir, const struct crt_model *m,
                       struct crt_result *const *results, char *err, size_t errsize)
{
    struct crt_figures *fs = crt_figures_open(outdir, m, results, err, errsize);
    bool ok = fs && crt_figures_svg(fs, err, errsize);
    for (int i = 0; ok && i < m->nfigures; i++)
        ok = crt_figure_png(fs, i, err, errsize);
    crt_figures_close(fs);
    return ok;
}
