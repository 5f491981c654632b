/* rt_canvas.h - what rt_figures.c draws on: cairo for PNGs, rt_svg.h for
 * SVGs, behind one set of calls (cairo's drawing model), so each figure is
 * written once and lays out the same in both.
 *
 * Text is measured by cairo in both: on the PNG's own context, or for an
 * SVG on a context over a 1-pixel image with the metrics cairo's SVG
 * surface used (no hinting: a viewer's are fractional too), so layouts are
 * what they were when cairo wrote the SVGs.
 *
 * A PNG canvas forwards each call to cairo unchanged: its pixels are those
 * cairo drew before the canvas existed.  One thread at a time per process
 * (cairo's font caches are shared: rt_driver.c draws in worker processes).
 * cv_ is the module's prefix, short: rt_figures.c calls it ~300 times. */
#ifndef CIRC_RT_CANVAS_H
#define CIRC_RT_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "rt_svg.h"

struct canvas {
    cairo_t *cr;                /* PNG: the drawing; SVG: measures text only */
    struct rt_svg *svg;         /* NULL: a PNG canvas */
    const char *family;         /* the font */
    bool bold;                  /* the font's weight, as cv_font set it */
    const char *error;          /* a failure of the canvas itself, or NULL */
};

/* A canvas onto an image surface, its user units scaled by `scale`. */
void cv_open_png(struct canvas *c, cairo_surface_t *image, double scale, const char *family);
/* An SVG canvas of width x height points (rt_svg_new). */
void cv_open_svg(struct canvas *c, double width, double height, const char *id_prefix,
                 const char *family);
/* Ends the drawing: NULL, or why it failed.  An SVG canvas gives its
 * document to *svg (malloc'd, NUL-terminated, *len bytes). */
const char *cv_close(struct canvas *c, char **svg, size_t *len);

void cv_save(struct canvas *c);
void cv_restore(struct canvas *c);
void cv_translate(struct canvas *c, double x, double y);
void cv_rotate(struct canvas *c, double radians);

void cv_set_rgb(struct canvas *c, double r, double g, double b);
void cv_set_rgba(struct canvas *c, double r, double g, double b, double alpha);
void cv_set_linear(struct canvas *c, double x0, double y0, double x1, double y1,
                   const struct rt_svg_stop *stops, int n);
void cv_set_line_width(struct canvas *c, double w);
void cv_set_line_join(struct canvas *c, enum rt_svg_join j);
void cv_set_dash(struct canvas *c, const double *dash, int n);

void cv_font(struct canvas *c, double size, bool bold);
void cv_set_font_size(struct canvas *c, double size);
double cv_text_width(struct canvas *c, const char *s);     /* the advance, user units */
double cv_font_ascent(struct canvas *c);
/* s with its baseline at y, x its left end (ax 0), centre (0.5) or right
 * end (1). */
void cv_text(struct canvas *c, double x, double y, double ax, const char *s);

void cv_move_to(struct canvas *c, double x, double y);
void cv_line_to(struct canvas *c, double x, double y);
void cv_rectangle(struct canvas *c, double x, double y, double w, double h);
void cv_circle(struct canvas *c, double x, double y, double r);
void cv_close_path(struct canvas *c);
void cv_stroke(struct canvas *c);
void cv_fill(struct canvas *c);
void cv_fill_preserve(struct canvas *c);
void cv_clip(struct canvas *c);
void cv_paint(struct canvas *c);

/* w x h pixels (0x00RRGGBB, rows of w) drawn at (x, y), a pixel a unit. */
void cv_image(struct canvas *c, double x, double y, int w, int h, const uint32_t *xrgb);

#endif
