/* rt_svg.c - see rt_svg.h.  Attributes are quoted with ' (report.html
 * percent-encodes every " of an SVG it carries in a data: URI). */
#include "rt_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_alloc.h"

#define MAX_DEPTH 16        /* saves in force at once; figures use 2 */
#define MAX_DASH 8

struct buf {
    char *p;
    size_t n, cap;
};

/* The graphics state: what save copies and restore brings back. */
struct gstate {
    double xx, yx, xy, yy, x0, y0;  /* user to SVG coordinates, as cairo_matrix_t */
    unsigned rgb;                   /* 0xRRGGBB, when grad is 0 */
    int grad;                       /* > 0: the source is gradient number grad */
    double alpha;
    double line_width;
    enum rt_svg_join join;
    double dash[MAX_DASH];
    int ndash;
    double font_size;
    bool bold;
    int groups;                     /* <g clip-path> opened in this state: closed at restore */
};

/* What the current path is, so a lone rectangle or circle is written as
 * <rect> or <circle> rather than a <path>. */
enum shape { SHAPE_NONE, SHAPE_RECT, SHAPE_CIRCLE, SHAPE_PATH };

struct rt_svg {
    struct buf out;
    struct buf d;                   /* the current path's data */
    enum shape shape;
    double sx, sy, sw, sh;          /* SHAPE_RECT: its corner and size; SHAPE_CIRCLE: centre, r */
    int nsegs;                      /* drawing commands in d (a path of moves draws nothing) */
    bool has_point;
    long long qx, qy;               /* the current point, in hundredths (as written) */
    long long startx, starty;       /* where the current subpath began */
    bool pending;                   /* a fill_preserve not yet written: a stroke may join it */
    unsigned pend_rgb;
    int pend_grad;
    double pend_alpha;
    struct gstate g[MAX_DEPTH];
    int depth;
    int nclips, ngrads;
    double width, height;
    char *prefix;
    const char *error;
};

/* ---- output ---------------------------------------------------------------------- */

static void reserve(struct buf *b, size_t more)
{
    if (b->n + more + 1 <= b->cap)
        return;
    size_t cap = 2 * (b->n + more) + 4096;
    b->p = rt_realloc(b->p, cap);
    b->cap = cap;
}

static void put(struct buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static long long hundredths(double v)
{
    if (!isfinite(v))
        return 0;
    v = fmin(fmax(v, -1e12), 1e12);
    return llround(v * 100);
}

/* q / 10^dp with at most dp decimals, trailing zeros dropped. */
static int fixed(long long q, int dp, char *buf)
{
    char *p = buf, digits[32];
    if (q < 0) {
        *p++ = '-';
        q = -q;
    }
    int k = 0;
    for (int i = 0; i < dp || q; i++) {
        digits[k++] = (char)('0' + q % 10);
        q /= 10;
    }
    int frac = dp;                  /* digits[0 .. dp) are the fraction, lowest first */
    int skip = 0;
    while (skip < frac && digits[skip] == '0')
        skip++;
    if (k == frac)
        *p++ = '0';
    for (int i = k - 1; i >= frac; i--)
        *p++ = digits[i];
    if (skip < frac) {
        *p++ = '.';
        for (int i = frac - 1; i >= skip; i--)
            *p++ = digits[i];
    }
    *p = '\0';
    return (int)(p - buf);
}

int rt_svg_number(double v, char *buf)
{
    return fixed(hundredths(v), 2, buf);
}

static void put_q(struct buf *b, long long q)
{
    char tmp[40];
    put(b, tmp, (size_t)fixed(q, 2, tmp));
}

static void put_num(struct buf *b, double v)
{
    put_q(b, hundredths(v));
}

static void put_int(struct buf *b, long long v)
{
    put_q(b, 100 * v);
}

/* A fraction (opacity, gradient offset) to three decimals. */
static void put_fraction(struct buf *b, double v)
{
    char tmp[40];
    long long q = isfinite(v) ? llround(fmin(fmax(v, 0), 1) * 1000) : 0;
    put(b, tmp, (size_t)fixed(q, 3, tmp));
}

static void put_colour(struct buf *b, unsigned rgb)
{
    static const char hex[] = "0123456789abcdef";
    char c[7] = {'#'};
    for (int i = 0; i < 6; i++)
        c[1 + i] = hex[rgb >> (20 - 4 * i) & 15];
    put(b, c, 7);
}

/* ` name='value'` with a number. */
static void put_attr(struct buf *b, const char *name, double v)
{
    put(b, " ", 1);
    puts_(b, name);
    put(b, "='", 2);
    put_num(b, v);
    put(b, "'", 1);
}

/* The length of the UTF-8 sequence at s (at most n bytes), or 0 if it is
 * not one or not a character XML allows (overlong, surrogate, U+FFFE or
 * U+FFFF, beyond U+10FFFF, cut short). */
static int utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0], v;
    int len = c >= 0xf0 && c <= 0xf4   ? 4
              : c >= 0xe0 && c <= 0xef ? 3
              : c >= 0xc2 && c < 0xe0  ? 2
                                       : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    v = c & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v < 0xe000) || v >= 0xfffe)) ||
        (len == 4 && (v < 0x10000 || v > 0x10ffff)))
        return 0;
    return len;
}

/* Text as XML character data (or an attribute value). */
static void put_escaped(struct buf *b, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), done = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        const char *rep = NULL;
        int len = 1;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '\'')
            rep = "&apos;";
        else if (c == '"')
            rep = "&quot;";
        else if (c < 0x20 || c == 0x7f)
            rep = " ";              /* not allowed in XML 1.0 (or collapsed anyway) */
        else if (c >= 0x80 && (len = utf8_len(s + i, n - i)) == 0) {
            rep = "\xef\xbf\xbd";   /* U+FFFD */
            len = 1;
        }
        if (rep) {
            put(b, (const char *)s + done, i - done);
            puts_(b, rep);
            done = i + (size_t)len;
        }
        i += (size_t)len;
    }
    put(b, (const char *)s + done, n - done);
}

/* ---- state ---------------------------------------------------------------------- */

static struct gstate *gs(struct rt_svg *s)
{
    return &s->g[s->depth];
}

static void to_svg(const struct gstate *g, double x, double y, double *X, double *Y)
{
    *X = g->xx * x + g->xy * y + g->x0;
    *Y = g->yx * x + g->yy * y + g->y0;
}

/* How much the transform scales lengths (a similarity: one factor). */
static double scale_of(const struct gstate *g)
{
    return sqrt(fabs(g->xx * g->yy - g->xy * g->yx));
}

static bool rotated(const struct gstate *g)
{
    return g->xy != 0 || g->yx != 0 || g->xx < 0;
}

struct rt_svg *rt_svg_new(double width, double height, const char *id_prefix,
                          const char *font_family)
{
    struct rt_svg *s = rt_calloc(1, sizeof *s);
    size_t n = strlen(id_prefix);
    s->prefix = rt_malloc(n + 2);
    char *p = s->prefix;
    /* an XML name: a letter or _ first, then letters, digits, _ - . */
    if (!(n && ((id_prefix[0] | 32) >= 'a' && (id_prefix[0] | 32) <= 'z')) && id_prefix[0] != '_')
        *p++ = '_';
    for (size_t i = 0; i < n; i++) {
        char c = id_prefix[i];
        bool ok = ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        *p++ = ok ? c : '_';
    }
    *p = '\0';
    s->width = width;
    s->height = height;
    s->g[0] = (struct gstate){.xx = 1, .yy = 1, .alpha = 1, .line_width = 2, .font_size = 10};
    puts_(&s->out, "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg'"
                   " xmlns:xlink='http://www.w3.org/1999/xlink' version='1.1' width='");
    put_num(&s->out, width);
    puts_(&s->out, "pt' height='");
    put_num(&s->out, height);
    puts_(&s->out, "pt' viewBox='0 0 ");
    put_num(&s->out, width);
    put(&s->out, " ", 1);
    put_num(&s->out, height);
    /* cairo's miter limit, which SVG's default (4) would cut shorter */
    puts_(&s->out, "' stroke-miterlimit='10' font-family='");
    put_escaped(&s->out, font_family);
    puts_(&s->out, ",sans-serif'>\n");
    return s;
}

void rt_svg_free(struct rt_svg *s)
{
    if (!s)
        return;
    free(s->out.p);
    free(s->d.p);
    free(s->prefix);
    free(s);
}

static void clear_path(struct rt_svg *s)
{
    s->d.n = 0;
    s->shape = SHAPE_NONE;
    s->nsegs = 0;
    s->has_point = false;
}

static void put_paint(struct rt_svg *s, const char *what, unsigned rgb, int grad, double alpha)
{
    struct buf *b = &s->out;
    put(b, " ", 1);
    puts_(b, what);
    put(b, "='", 2);
    if (grad > 0) {
        puts_(b, "url(#");
        puts_(b, s->prefix);
        put(b, "-g", 2);
        put_int(b, grad);
        put(b, ")", 1);
    } else {
        put_colour(b, rgb);
    }
    put(b, "'", 1);
    if (alpha < 1) {
        put(b, " ", 1);
        puts_(b, what);
        puts_(b, "-opacity='");
        put_fraction(b, alpha);
        put(b, "'", 1);
    }
}

/* `<rect .../`, `<circle .../` or `<path d='...'/` for the current path,
 * without its closing "/>". */
static void open_shape(struct rt_svg *s)
{
    struct buf *b = &s->out;
    if (s->shape == SHAPE_RECT) {
        puts_(b, "<rect");
        put_attr(b, "x", s->sx);
        put_attr(b, "y", s->sy);
        put_attr(b, "width", s->sw);
        put_attr(b, "height", s->sh);
    } else if (s->shape == SHAPE_CIRCLE) {
        puts_(b, "<circle");
        put_attr(b, "cx", s->sx);
        put_attr(b, "cy", s->sy);
        put_attr(b, "r", s->sw);
    } else {
        puts_(b, "<path d='");
        put(b, s->d.p, s->d.n);
        put(b, "'", 1);
    }
}

static void write_fill(struct rt_svg *s, unsigned rgb, int grad, double alpha)
{
    open_shape(s);
    put_paint(s, "fill", rgb, grad, alpha);
    puts_(&s->out, "/>\n");
}

/* A fill_preserve not followed by a stroke of the same path: a fill alone. */
static void flush(struct rt_svg *s)
{
    if (!s->pending)
        return;
    s->pending = false;
    write_fill(s, s->pend_rgb, s->pend_grad, s->pend_alpha);
}

void rt_svg_save(struct rt_svg *s)
{
    flush(s);
    if (s->depth + 1 >= MAX_DEPTH) {
        s->error = "too many saves in force";
        return;
    }
    s->g[s->depth + 1] = s->g[s->depth];
    s->depth++;
    gs(s)->groups = 0;
}

static void close_groups(struct rt_svg *s)
{
    for (; gs(s)->groups > 0; gs(s)->groups--)
        puts_(&s->out, "</g>\n");
}

void rt_svg_restore(struct rt_svg *s)
{
    flush(s);
    if (s->depth == 0) {
        s->error = "restore without a save";
        return;
    }
    close_groups(s);
    s->depth--;
}

void rt_svg_translate(struct rt_svg *s, double x, double y)
{
    struct gstate *g = gs(s);
    g->x0 += g->xx * x + g->xy * y;
    g->y0 += g->yx * x + g->yy * y;
}

void rt_svg_rotate(struct rt_svg *s, double a)
{
    struct gstate *g = gs(s);
    double c = cos(a), sn = sin(a);
    double xx = g->xx * c + g->xy * sn, yx = g->yx * c + g->yy * sn;
    double xy = -g->xx * sn + g->xy * c, yy = -g->yx * sn + g->yy * c;
    g->xx = xx;
    g->yx = yx;
    g->xy = xy;
    g->yy = yy;
}

void rt_svg_scale(struct rt_svg *s, double k)
{
    struct gstate *g = gs(s);
    g->xx *= k;
    g->yx *= k;
    g->xy *= k;
    g->yy *= k;
}

static unsigned byte_of(double v)
{
    return isfinite(v) ? (unsigned)lround(fmin(fmax(v, 0), 1) * 255) : 0;
}

static unsigned rgb_of(double r, double g, double b)
{
    return byte_of(r) << 16 | byte_of(g) << 8 | byte_of(b);
}

void rt_svg_set_rgba(struct rt_svg *s, double r, double g, double b, double alpha)
{
    gs(s)->rgb = rgb_of(r, g, b);
    gs(s)->grad = 0;
    gs(s)->alpha = isfinite(alpha) ? fmin(fmax(alpha, 0), 1) : 1;
}

void rt_svg_set_linear(struct rt_svg *s, double x0, double y0, double x1, double y1,
                       const struct rt_svg_stop *stops, int n)
{
    struct buf *b = &s->out;
    struct gstate *g = gs(s);
    double X0, Y0, X1, Y1;      /* a similarity keeps the gradient's lines perpendicular */
    to_svg(g, x0, y0, &X0, &Y0);
    to_svg(g, x1, y1, &X1, &Y1);
    g->grad = ++s->ngrads;
    g->alpha = 1;
    puts_(b, "<linearGradient id='");
    puts_(b, s->prefix);
    put(b, "-g", 2);
    put_int(b, g->grad);
    puts_(b, "' gradientUnits='userSpaceOnUse'");
    put_attr(b, "x1", X0);
    put_attr(b, "y1", Y0);
    put_attr(b, "x2", X1);
    put_attr(b, "y2", Y1);
    puts_(b, ">\n");
    for (int k = 0; k < n; k++) {
        puts_(b, "<stop offset='");
        put_fraction(b, stops[k].offset);
        puts_(b, "' stop-color='");
        put_colour(b, rgb_of(stops[k].r, stops[k].g, stops[k].b));
        puts_(b, "'/>\n");
    }
    puts_(b, "</linearGradient>\n");
}

void rt_svg_set_line_width(struct rt_svg *s, double w)
{
    gs(s)->line_width = w;
}

void rt_svg_set_line_join(struct rt_svg *s, enum rt_svg_join j)
{
    gs(s)->join = j;
}

void rt_svg_set_dash(struct rt_svg *s, const double *dash, int n)
{
    struct gstate *g = gs(s);
    g->ndash = n > 0 && n <= MAX_DASH ? n : 0;
    for (int k = 0; k < g->ndash; k++)
        g->dash[k] = dash[k];
}

void rt_svg_set_font(struct rt_svg *s, double size, bool bold)
{
    gs(s)->font_size = size;
    gs(s)->bold = bold;
}

/* ---- paths ------------------------------------------------------------------------ */

/* Appends a command letter and the point (in hundredths). */
static void command(struct rt_svg *s, char c, long long qx, long long qy, bool both)
{
    struct buf *d = &s->d;
    reserve(d, 48);
    d->p[d->n++] = c;
    if (c == 'M' || c == 'L' || both) {
        put_q(d, qx);
        d->p[d->n++] = ' ';
        put_q(d, qy);
    } else {
        put_q(d, c == 'H' ? qx : qy);
    }
}

void rt_svg_move_to(struct rt_svg *s, double x, double y)
{
    flush(s);
    double X, Y;
    to_svg(gs(s), x, y, &X, &Y);
    s->qx = s->startx = hundredths(X);
    s->qy = s->starty = hundredths(Y);
    command(s, 'M', s->qx, s->qy, true);
    s->has_point = true;
    s->shape = SHAPE_PATH;
}

/* A line to a point already in SVG coordinates; vertical and horizontal
 * lines as V and H (a raster's spike ticks are all vertical). */
static void line_svg(struct rt_svg *s, double X, double Y)
{
    long long qx = hundredths(X), qy = hundredths(Y);
    if (qx == s->qx)
        command(s, 'V', qx, qy, false);
    else if (qy == s->qy)
        command(s, 'H', qx, qy, false);
    else
        command(s, 'L', qx, qy, true);
    s->qx = qx;
    s->qy = qy;
    s->nsegs++;
    s->shape = SHAPE_PATH;
}

void rt_svg_line_to(struct rt_svg *s, double x, double y)
{
    if (!s->has_point) {    /* as cairo: a line from nowhere is a move */
        rt_svg_move_to(s, x, y);
        return;
    }
    flush(s);
    double X, Y;
    to_svg(gs(s), x, y, &X, &Y);
    line_svg(s, X, Y);
}

void rt_svg_close_path(struct rt_svg *s)
{
    if (!s->has_point)
        return;
    flush(s);
    put(&s->d, "Z", 1);
    s->nsegs++;
    s->qx = s->startx;
    s->qy = s->starty;
    s->shape = SHAPE_PATH;
}

void rt_svg_rectangle(struct rt_svg *s, double x, double y, double w, double h)
{
    bool alone = s->d.n == 0;
    const struct gstate *g = gs(s);
    double X[4], Y[4];
    to_svg(g, x, y, &X[0], &Y[0]);
    to_svg(g, x + w, y, &X[1], &Y[1]);
    to_svg(g, x + w, y + h, &X[2], &Y[2]);
    to_svg(g, x, y + h, &X[3], &Y[3]);
    flush(s);
    s->qx = s->startx = hundredths(X[0]);
    s->qy = s->starty = hundredths(Y[0]);
    command(s, 'M', s->qx, s->qy, true);
    s->has_point = true;
    for (int k = 1; k < 4; k++)
        line_svg(s, X[k], Y[k]);
    rt_svg_close_path(s);
    double sw = fabs(X[2] - X[0]), sh = fabs(Y[2] - Y[0]);
    if (alone && !rotated(g) && hundredths(sw) > 0 && hundredths(sh) > 0) {
        s->shape = SHAPE_RECT;
        s->sx = fmin(X[0], X[2]);
        s->sy = fmin(Y[0], Y[2]);
        s->sw = sw;
        s->sh = sh;
    }
}

void rt_svg_circle(struct rt_svg *s, double cx, double cy, double r)
{
    bool alone = s->d.n == 0;
    const struct gstate *g = gs(s);
    double X, Y, SX, SY, R = fabs(r) * scale_of(g);
    to_svg(g, cx + fabs(r), cy, &X, &Y);
    to_svg(g, cx, cy, &SX, &SY);
    if (s->has_point) {     /* as cairo_arc: a line from the current point to the start */
        flush(s);
        line_svg(s, X, Y);
    } else {
        rt_svg_move_to(s, cx + fabs(r), cy);
    }
    /* two half circles; sweep 1: the way angles grow in cairo, y downwards */
    struct buf *d = &s->d;
    long long qx = hundredths(X), qy = hundredths(Y);
    for (int half = 0; half < 2; half++) {
        put(d, "A", 1);
        put_num(d, R);
        put(d, " ", 1);
        put_num(d, R);
        put(d, " 0 1 1 ", 7);
        put_num(d, half ? X : 2 * SX - X);
        put(d, " ", 1);
        put_num(d, half ? Y : 2 * SY - Y);
    }
    s->qx = qx;
    s->qy = qy;
    s->nsegs++;
    s->shape = SHAPE_PATH;
    if (alone && hundredths(R) > 0) {
        s->shape = SHAPE_CIRCLE;
        s->sx = SX;
        s->sy = SY;
        s->sw = R;
    }
}

/* ---- drawing ---------------------------------------------------------------------- */

static void put_stroke_style(struct rt_svg *s)
{
    static const char *const joins[] = {"miter", "round", "bevel"};
    const struct gstate *g = gs(s);
    struct buf *b = &s->out;
    double k = scale_of(g);
    put_paint(s, "stroke", g->rgb, g->grad, g->alpha);
    if (hundredths(g->line_width * k) != 100)     /* SVG's default width is 1 */
        put_attr(b, "stroke-width", g->line_width * k);
    if (g->join != RT_SVG_JOIN_MITER) {
        puts_(b, " stroke-linejoin='");
        puts_(b, joins[g->join]);
        put(b, "'", 1);
    }
    if (g->ndash) {
        puts_(b, " stroke-dasharray='");
        for (int i = 0; i < g->ndash; i++) {
            if (i)
                put(b, " ", 1);
            put_num(b, g->dash[i] * k);
        }
        put(b, "'", 1);
    }
}

void rt_svg_stroke(struct rt_svg *s)
{
    if (s->nsegs > 0) {
        open_shape(s);
        if (s->pending)     /* fill_preserve then stroke: one element */
            put_paint(s, "fill", s->pend_rgb, s->pend_grad, s->pend_alpha);
        else
            puts_(&s->out, " fill='none'");
        put_stroke_style(s);
        puts_(&s->out, "/>\n");
    }
    s->pending = false;
    clear_path(s);
}

void rt_svg_fill_preserve(struct rt_svg *s)
{
    flush(s);
    if (s->nsegs == 0)
        return;
    s->pending = true;
    s->pend_rgb = gs(s)->rgb;
    s->pend_grad = gs(s)->grad;
    s->pend_alpha = gs(s)->alpha;
}

void rt_svg_fill(struct rt_svg *s)
{
    flush(s);
    if (s->nsegs > 0)
        write_fill(s, gs(s)->rgb, gs(s)->grad, gs(s)->alpha);
    clear_path(s);
}

void rt_svg_clip(struct rt_svg *s)
{
    flush(s);
    struct buf *b = &s->out;
    int id = ++s->nclips;
    puts_(b, "<clipPath id='");
    puts_(b, s->prefix);
    put(b, "-c", 2);
    put_int(b, id);
    puts_(b, "'>");
    if (s->nsegs > 0) {
        open_shape(s);
        puts_(b, "/>");
    }
    puts_(b, "</clipPath>\n<g clip-path='url(#");
    puts_(b, s->prefix);
    put(b, "-c", 2);
    put_int(b, id);
    puts_(b, ")'>\n");
    gs(s)->groups++;
    clear_path(s);
}

void rt_svg_paint(struct rt_svg *s)
{
    flush(s);
    puts_(&s->out, "<rect");
    put_attr(&s->out, "width", s->width);
    put_attr(&s->out, "height", s->height);
    put_paint(s, "fill", gs(s)->rgb, gs(s)->grad, gs(s)->alpha);
    puts_(&s->out, "/>\n");
}

/* ` transform='rotate(a X Y)'` when the transform turns what is drawn at
 * (X, Y). */
static void put_rotation(struct rt_svg *s, double X, double Y)
{
    const struct gstate *g = gs(s);
    if (!rotated(g))
        return;
    struct buf *b = &s->out;
    puts_(b, " transform='rotate(");
    put_num(b, atan2(g->yx, g->xx) * 180 / 3.14159265358979323846);
    put(b, " ", 1);
    put_num(b, X);
    put(b, " ", 1);
    put_num(b, Y);
    puts_(b, ")'");
}

/* Whether SVG's whitespace handling would change s (it collapses runs of
 * spaces and drops them at the ends; cairo draws every one). */
static bool needs_preserve(const char *s)
{
    if (*s == ' ' || (*s && s[strlen(s) - 1] == ' '))
        return true;
    for (; *s; s++)
        if ((s[0] == ' ' && s[1] == ' ') || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')
            return true;
    return false;
}

void rt_svg_text(struct rt_svg *s, double x, double y, enum rt_svg_anchor anchor,
                 const char *utf8)
{
    static const char *const anchors[] = {NULL, "middle", "end"};
    flush(s);
    const struct gstate *g = gs(s);
    struct buf *b = &s->out;
    double X, Y;
    to_svg(g, x, y, &X, &Y);
    puts_(b, "<text");
    put_attr(b, "x", X);
    put_attr(b, "y", Y);
    put_rotation(s, X, Y);
    put_attr(b, "font-size", g->font_size * scale_of(g));
    if (g->bold)
        puts_(b, " font-weight='bold'");
    if (anchors[anchor]) {
        puts_(b, " text-anchor='");
        puts_(b, anchors[anchor]);
        put(b, "'", 1);
    }
    if (g->grad > 0 || g->rgb != 0 || g->alpha < 1)     /* black is SVG's default */
        put_paint(s, "fill", g->rgb, g->grad, g->alpha);
    if (needs_preserve(utf8))
        puts_(b, " xml:space='preserve'");
    put(b, ">", 1);
    put_escaped(b, utf8);
    puts_(b, "</text>\n");
}

void rt_svg_image_png(struct rt_svg *s, double x, double y, double w, double h,
                      const unsigned char *png, size_t n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    flush(s);
    const struct gstate *g = gs(s);
    struct buf *b = &s->out;
    double X, Y, k = scale_of(g);
    to_svg(g, x, y, &X, &Y);
    puts_(b, "<image");
    put_attr(b, "x", X);
    put_attr(b, "y", Y);
    put_attr(b, "width", w * k);
    put_attr(b, "height", h * k);
    put_rotation(s, X, Y);
    /* one pixel a cell and time bin: scaled up sharp, not blurred (SVG
     * 1.1's optimizeSpeed, then CSS's pixelated where a viewer knows it) */
    puts_(b, " preserveAspectRatio='none' image-rendering='optimizeSpeed'"
             " style='image-rendering:pixelated' xlink:href='data:image/png;base64,");
    reserve(b, (n + 2) / 3 * 4);
    char *q = b->p + b->n;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)png[i] << 16 | (i + 1 < n ? (unsigned)png[i + 1] << 8 : 0) |
                     (i + 2 < n ? png[i + 2] : 0);
        *q++ = b64[v >> 18 & 63];
        *q++ = b64[v >> 12 & 63];
        *q++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *q++ = i + 2 < n ? b64[v & 63] : '=';
    }
    b->n = (size_t)(q - b->p);
    puts_(b, "'/>\n");
}

char *rt_svg_finish(struct rt_svg *s, size_t *len, const char **why)
{
    flush(s);
    const char *error = s->error;
    for (; s->depth > 0; s->depth--)    /* saves left in force, as cairo allows */
        close_groups(s);
    close_groups(s);
    puts_(&s->out, "</svg>\n");
    char *text = s->out.p;
    size_t n = s->out.n;
    s->out.p = NULL;
    rt_svg_free(s);
    if (error) {
        free(text);
        if (why)
            *why = error;
        if (len)
            *len = 0;
        return NULL;
    }
    text[n] = '\0';         /* reserve keeps a byte for it */
    if (len)
        *len = n;
    return text;
}
