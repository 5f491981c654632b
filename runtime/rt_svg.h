/* rt_svg.h - an SVG 1.1 writer with cairo's drawing model: a current path,
 * stroked or filled with the current source; save/restore of the graphics
 * state (transform, source, line, dash, font, clip); text as <text>.
 *
 * Why not cairo's SVG surface: it formats every coordinate with six
 * decimals, writes text as glyph outlines (<symbol>/<use>) and spent a sixth
 * of the seed job's CPU.  Here coordinates have two decimals (a hundredth of
 * a point at 900 points wide), one element is written per stroke or fill,
 * style goes into attributes, and text stays text (selectable, searchable).
 *
 * The transform is applied to coordinates here, so nothing in the output
 * carries one except rotated text.  Transforms are similarities (translate,
 * rotate, uniform scale): circles stay circles, widths scale by one factor.
 *
 * Memory comes from rt_alloc.h (a failure jumps to the caller's guard).
 * Misuse (restore without save, too deep a nesting) is reported by
 * rt_svg_finish, as cairo reports it by its status. */
#ifndef CIRC_RT_SVG_H
#define CIRC_RT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_svg;

enum rt_svg_join { RT_SVG_JOIN_MITER, RT_SVG_JOIN_ROUND, RT_SVG_JOIN_BEVEL };

/* A colour stop of a linear gradient: offset 0..1, then r, g, b in 0..1. */
struct rt_svg_stop {
    double offset, r, g, b;
};

/* A drawing of width x height points.  ids (clip paths, gradients) start
 * with id_prefix made a valid XML name, so figures inlined in one page do
 * not take each other's; text is in font_family, then any sans-serif. */
struct rt_svg *rt_svg_new(double width, double height, const char *id_prefix,
                          const char *font_family);
/* The document, malloc'd and NUL-terminated (*len its length), and s freed;
 * NULL with a reason in why if the drawing misused the state stack. */
char *rt_svg_finish(struct rt_svg *s, size_t *len, const char **why);
/* Frees s without a document (a drawing that failed elsewhere). */
void rt_svg_free(struct rt_svg *s);

void rt_svg_save(struct rt_svg *s);
void rt_svg_restore(struct rt_svg *s);
void rt_svg_translate(struct rt_svg *s, double x, double y);
void rt_svg_rotate(struct rt_svg *s, double radians);
void rt_svg_scale(struct rt_svg *s, double k);  /* uniform */

void rt_svg_set_rgba(struct rt_svg *s, double r, double g, double b, double alpha);
/* The source becomes a linear gradient from (x0, y0) to (x1, y1). */
void rt_svg_set_linear(struct rt_svg *s, double x0, double y0, double x1, double y1,
                       const struct rt_svg_stop *stops, int n);
void rt_svg_set_line_width(struct rt_svg *s, double w);
void rt_svg_set_line_join(struct rt_svg *s, enum rt_svg_join j);
void rt_svg_set_dash(struct rt_svg *s, const double *dash, int n);   /* n = 0: solid */
void rt_svg_set_font(struct rt_svg *s, double size, bool bold);

void rt_svg_move_to(struct rt_svg *s, double x, double y);
void rt_svg_line_to(struct rt_svg *s, double x, double y);
void rt_svg_rectangle(struct rt_svg *s, double x, double y, double w, double h);
void rt_svg_circle(struct rt_svg *s, double cx, double cy, double r);
void rt_svg_close_path(struct rt_svg *s);

/* As cairo: stroke, fill and clip consume the path, fill_preserve keeps it
 * (a fill then a stroke of one path is written as one element); clip
 * intersects the clip until the restore of the enclosing save. */
void rt_svg_stroke(struct rt_svg *s);
void rt_svg_fill(struct rt_svg *s);
void rt_svg_fill_preserve(struct rt_svg *s);
void rt_svg_clip(struct rt_svg *s);
void rt_svg_paint(struct rt_svg *s);    /* the whole drawing, with the source */

/* Where x is on a line of text: its left end, centre or right end. */
enum rt_svg_anchor { RT_SVG_START, RT_SVG_MIDDLE, RT_SVG_END };

/* UTF-8 text with its baseline at y, anchored at x by the viewer's own font
 * metrics (so alignment holds whatever font it finds).  Bytes that are not
 * UTF-8 become U+FFFD, control characters spaces. */
void rt_svg_text(struct rt_svg *s, double x, double y, enum rt_svg_anchor anchor,
                 const char *utf8);
/* A PNG file's bytes drawn at (x, y), w x h points, pixels kept sharp. */
void rt_svg_image_png(struct rt_svg *s, double x, double y, double w, double h,
                      const unsigned char *png, size_t n);

/* The number format of coordinates: at most two decimals, no trailing
 * zeros, never "-0"; NaN and infinities as 0.  Returns the length. */
int rt_svg_number(double v, char *buf);

#endif
