/* rt_canvas.c - see rt_canvas.h: each call goes to cairo (PNG) or to
 * rt_svg (SVG); text is measured by cairo either way. */
#include "rt_canvas.h"

#include <stdlib.h>
#include <string.h>

#include "rt_png.h"

#define PI 3.14159265358979323846

void cv_open_png(struct canvas *c, cairo_surface_t *image, double scale, const char *family)
{
    *c = (struct canvas){.cr = cairo_create(image), .family = family};
    cairo_scale(c->cr, scale, scale);
}

void cv_open_svg(struct canvas *c, double width, double height, const char *id_prefix,
                 const char *family)
{
    cairo_surface_t *one = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    *c = (struct canvas){.cr = cairo_create(one), .family = family};
    cairo_surface_destroy(one);     /* the context holds it */
    /* the metrics of cairo's SVG surface (_cairo_svg_surface_get_font_options) */
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(c->cr, o);
    cairo_font_options_destroy(o);
    c->svg = rt_svg_new(width, height, id_prefix, family);
}

const char *cv_close(struct canvas *c, char **svg, size_t *len)
{
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    const char *why = c->error ? c->error
                      : st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : NULL;
    if (c->svg) {
        if (why) {
            rt_svg_free(c->svg);
        } else {
            *svg = rt_svg_finish(c->svg, len, &why);
        }
    }
    *c = (struct canvas){0};
    return why;
}

void cv_save(struct canvas *c)
{
    if (c->svg)
        rt_svg_save(c->svg);
    else
        cairo_save(c->cr);
}

void cv_restore(struct canvas *c)
{
    if (c->svg)
        rt_svg_restore(c->svg);
    else
        cairo_restore(c->cr);
}

void cv_translate(struct canvas *c, double x, double y)
{
    if (c->svg)
        rt_svg_translate(c->svg, x, y);
    else
        cairo_translate(c->cr, x, y);
}

void cv_rotate(struct canvas *c, double radians)
{
    if (c->svg)
        rt_svg_rotate(c->svg, radians);
    else
        cairo_rotate(c->cr, radians);
}

void cv_set_rgb(struct canvas *c, double r, double g, double b)
{
    if (c->svg)
        rt_svg_set_rgba(c->svg, r, g, b, 1);
    else
        cairo_set_source_rgb(c->cr, r, g, b);
}

void cv_set_rgba(struct canvas *c, double r, double g, double b, double alpha)
{
    if (c->svg)
        rt_svg_set_rgba(c->svg, r, g, b, alpha);
    else
        cairo_set_source_rgba(c->cr, r, g, b, alpha);
}

void cv_set_linear(struct canvas *c, double x0, double y0, double x1, double y1,
                   const struct rt_svg_stop *stops, int n)
{
    if (c->svg) {
        rt_svg_set_linear(c->svg, x0, y0, x1, y1, stops, n);
        return;
    }
    cairo_pattern_t *grad = cairo_pattern_create_linear(x0, y0, x1, y1);
    for (int k = 0; k < n; k++)
        cairo_pattern_add_color_stop_rgb(grad, stops[k].offset, stops[k].r, stops[k].g,
                                         stops[k].b);
    cairo_set_source(c->cr, grad);
    cairo_pattern_destroy(grad);    /* the context holds it */
}

void cv_set_line_width(struct canvas *c, double w)
{
    if (c->svg)
        rt_svg_set_line_width(c->svg, w);
    else
        cairo_set_line_width(c->cr, w);
}

void cv_set_line_join(struct canvas *c, enum rt_svg_join j)
{
    static const cairo_line_join_t joins[] = {CAIRO_LINE_JOIN_MITER, CAIRO_LINE_JOIN_ROUND,
                                              CAIRO_LINE_JOIN_BEVEL};
    if (c->svg)
        rt_svg_set_line_join(c->svg, j);
    else
        cairo_set_line_join(c->cr, joins[j]);
}

void cv_set_dash(struct canvas *c, const double *dash, int n)
{
    if (c->svg)
        rt_svg_set_dash(c->svg, dash, n);
    else
        cairo_set_dash(c->cr, dash, n, 0);
}

void cv_font(struct canvas *c, double size, bool bold)
{
    cairo_select_font_face(c->cr, c->family, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(c->cr, size);
    c->bold = bold;
    if (c->svg)
        rt_svg_set_font(c->svg, size, bold);
}

void cv_set_font_size(struct canvas *c, double size)
{
    cairo_set_font_size(c->cr, size);
    if (c->svg)
        rt_svg_set_font(c->svg, size, c->bold);
}

double cv_text_width(struct canvas *c, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(c->cr, s, &e);
    return e.x_advance;
}

double cv_font_ascent(struct canvas *c)
{
    cairo_font_extents_t fe;
    cairo_font_extents(c->cr, &fe);
    return fe.ascent;
}

void cv_text(struct canvas *c, double x, double y, double ax, const char *s)
{
    if (!c->svg) {
        cairo_move_to(c->cr, x - ax * cv_text_width(c, s), y);
        cairo_show_text(c->cr, s);
    } else if (ax == 0 || ax == 0.5 || ax == 1) {   /* the viewer aligns it */
        rt_svg_text(c->svg, x, y, ax == 0 ? RT_SVG_START : ax == 1 ? RT_SVG_END : RT_SVG_MIDDLE, s);
    } else {
        rt_svg_text(c->svg, x - ax * cv_text_width(c, s), y, RT_SVG_START, s);
    }
}

void cv_move_to(struct canvas *c, double x, double y)
{
    if (c->svg)
        rt_svg_move_to(c->svg, x, y);
    else
        cairo_move_to(c->cr, x, y);
}

void cv_line_to(struct canvas *c, double x, double y)
{
    if (c->svg)
        rt_svg_line_to(c->svg, x, y);
    else
        cairo_line_to(c->cr, x, y);
}

void cv_rectangle(struct canvas *c, double x, double y, double w, double h)
{
    if (c->svg)
        rt_svg_rectangle(c->svg, x, y, w, h);
    else
        cairo_rectangle(c->cr, x, y, w, h);
}

void cv_circle(struct canvas *c, double x, double y, double r)
{
    if (c->svg)
        rt_svg_circle(c->svg, x, y, r);
    else
        cairo_arc(c->cr, x, y, r, 0, 2 * PI);
}

void cv_close_path(struct canvas *c)
{
    if (c->svg)
        rt_svg_close_path(c->svg);
    else
        cairo_close_path(c->cr);
}

void cv_stroke(struct canvas *c)
{
    if (c->svg)
        rt_svg_stroke(c->svg);
    else
        cairo_stroke(c->cr);
}

void cv_fill(struct canvas *c)
{
    if (c->svg)
        rt_svg_fill(c->svg);
    else
        cairo_fill(c->cr);
}

void cv_fill_preserve(struct canvas *c)
{
    if (c->svg)
        rt_svg_fill_preserve(c->svg);
    else
        cairo_fill_preserve(c->cr);
}

void cv_clip(struct canvas *c)
{
    if (c->svg)
        rt_svg_clip(c->svg);
    else
        cairo_clip(c->cr);
}

void cv_paint(struct canvas *c)
{
    if (c->svg)
        rt_svg_paint(c->svg);
    else
        cairo_paint(c->cr);
}

void cv_image(struct canvas *c, double x, double y, int w, int h, const uint32_t *xrgb)
{
    if (c->svg) {
        size_t n = 0;
        unsigned char *png = rt_png_encode(xrgb, w, h, 4 * w, &n);
        if (png)
            rt_svg_image_png(c->svg, x, y, w, h, png, n);
        else if (!c->error)
            c->error = "out of memory";
        free(png);
        return;
    }
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int row = 0; data && row < h; row++)
        memcpy(data + (size_t)row * (size_t)stride, xrgb + (size_t)row * (size_t)w, 4 * (size_t)w);
    cairo_surface_mark_dirty(img);
    cairo_set_source_surface(c->cr, img, x, y);
    cairo_rectangle(c->cr, x, y, w, h);
    cairo_fill(c->cr);
    cairo_surface_destroy(img);
}
