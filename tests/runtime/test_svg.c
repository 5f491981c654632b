/* test_svg.c - the figures' SVG writer (rt_svg.h): well-formed documents;
 * numbers with two decimals and never "-0"; text kept as <text>, escaped;
 * cairo's drawing model (paths, fill then stroke, clips under save and
 * restore, transforms); images as embedded PNGs; gradients; misuse
 * reported.  Figures drawn through it: test_report.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rt_png.h"
#include "rt_svg.h"
#include "xml_check.h"

/* The document of s, checked well-formed. */
static char *finish(struct rt_svg *s)
{
    size_t n = 0;
    const char *why = NULL;
    char *svg = rt_svg_finish(s, &n, &why);
    cr_assert(svg, "%s", why);
    cr_assert_eq(strlen(svg), n);
    char msg[200];
    const char *bad = xml_check(svg, n, msg, sizeof msg);
    cr_assert_null(bad, "%s in:\n%s", bad, svg);
    return svg;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *s = hay; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

static struct rt_svg *blank(void)
{
    return rt_svg_new(900, 300, "fig", "DejaVu Sans");
}

struct number_case {
    double v;
    const char *text;
};

Test(svg, numbers_have_two_decimals_and_no_minus_zero)
{
    static const struct number_case cases[] = {
        {0, "0"}, {-0.0, "0"}, {-0.004, "0"}, {0.004, "0"}, {0.005, "0.01"}, {3, "3"},
        {12.5, "12.5"}, {-2.25, "-2.25"}, {0.1 + 0.2, "0.3"}, {899.999, "900"},
        {1234.5678, "1234.57"}, {-0.05, "-0.05"}, {100.1, "100.1"}, {NAN, "0"},
        {INFINITY, "0"}, {1e20, "1000000000000"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[64];
        int n = rt_svg_number(cases[k].v, buf);
        cr_assert_str_eq(buf, cases[k].text, "%g", cases[k].v);
        cr_assert_eq(n, (int)strlen(cases[k].text));
    }
}

Test(svg, an_empty_drawing_is_a_whole_document)
{
    char *svg = finish(blank());
    const char *head = "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg'";
    cr_assert(strncmp(svg, head, strlen(head)) == 0, "%s", svg);
    cr_assert(strstr(svg, " version='1.1' width='900pt' height='300pt' viewBox='0 0 900 300'"));
    cr_assert(strstr(svg, "font-family='DejaVu Sans,sans-serif'"));
    cr_assert(strstr(svg, "</svg>\n"));
    free(svg);
}

Test(svg, text_is_text_escaped)
{
    struct rt_svg *s = blank();
    rt_svg_set_font(s, 12.5, true);
    rt_svg_set_rgba(s, 0.1, 0.1, 0.1, 1);
    rt_svg_text(s, 10, 20, RT_SVG_START, "Spike raster");
    rt_svg_text(s, 10, 40, RT_SVG_MIDDLE, "a<b & \"c\" 'd' > µm²");
    rt_svg_text(s, 10, 60, RT_SVG_END, "bad \xff byte\x01, cut \xe2\x82");
    rt_svg_text(s, 10, 80, RT_SVG_START, "control   (0–1000 ms)");
    char *svg = finish(s);
    cr_assert(strstr(svg, "<text x='10' y='20' font-size='12.5' font-weight='bold' fill='#1a1a1a'>"
                          "Spike raster</text>"), "%s", svg);
    cr_assert(strstr(svg, " text-anchor='middle' fill='#1a1a1a'>a&lt;b &amp; &quot;c&quot; "
                          "&apos;d&apos; &gt; µm²</text>"), "%s", svg);
    cr_assert(strstr(svg, " text-anchor='end' fill='#1a1a1a'>bad \xef\xbf\xbd byte , cut "
                          "\xef\xbf\xbd\xef\xbf\xbd</text>"), "%s", svg);
    /* SVG would collapse the three spaces cairo draws */
    cr_assert(strstr(svg, " xml:space='preserve'>control   (0–1000 ms)</text>"), "%s", svg);
    cr_assert_eq(count(svg, "xml:space"), 1);
    free(svg);
}

/* Bytes that are no UTF-8 (a lead byte past 0xf4) or no XML character
 * (U+FFFE, U+FFFF) would make the document unreadable: each is U+FFFD. */
Test(svg, text_holds_only_xml_characters)
{
    struct rt_svg *s = blank();
    rt_svg_text(s, 10, 20, RT_SVG_START, "a\xf8\x80\x80" "b\xef\xbf\xbe" "c\xef\xbf\xbf" "d\xf5\x80\x80\x80" "e");
    char *svg = finish(s);
    cr_assert_null(strstr(svg, "\xf8"), "%s", svg);
    cr_assert_null(strstr(svg, "\xf5"), "%s", svg);
    cr_assert_null(strstr(svg, "\xef\xbf\xbe"), "%s", svg);
    cr_assert_null(strstr(svg, "\xef\xbf\xbf"), "%s", svg);
    cr_assert(strstr(svg, ">a\xef\xbf\xbd"), "%s", svg);
    cr_assert(strstr(svg, "\xef\xbf\xbd" "e</text>"), "%s", svg);
    free(svg);
}

Test(svg, rotated_text_turns_about_its_anchor)
{
    struct rt_svg *s = blank();
    rt_svg_set_font(s, 11.5, false);
    rt_svg_save(s);
    rt_svg_translate(s, 40, 150);
    rt_svg_rotate(s, -3.14159265358979323846 / 2);
    rt_svg_text(s, 0, 5, RT_SVG_MIDDLE, "cell (gid)");
    rt_svg_restore(s);
    rt_svg_text(s, 40, 150, RT_SVG_START, "upright");
    char *svg = finish(s);
    /* (0, 5) turned by -90 degrees is (5, 0) from the origin at (40, 150) */
    cr_assert(strstr(svg, "<text x='45' y='150' transform='rotate(-90 45 150)' font-size='11.5' "
                          "text-anchor='middle'>cell (gid)</text>"), "%s", svg);
    cr_assert(strstr(svg, "<text x='40' y='150' font-size='11.5'>upright</text>"), "%s", svg);
    free(svg);
}

Test(svg, paths_as_short_as_their_shapes)
{
    struct rt_svg *s = blank();
    rt_svg_set_rgba(s, 1, 0.498, 0.055, 1);
    rt_svg_rectangle(s, 10, 20, 30, 40);
    rt_svg_fill(s);                             /* alone: a <rect> */
    rt_svg_rectangle(s, 10, 20, 30, 40);
    rt_svg_rectangle(s, 50, 20, -5, 10);
    rt_svg_fill(s);                             /* two: one path */
    rt_svg_set_rgba(s, 0.3, 0.3, 0.3, 0.2);
    rt_svg_set_line_width(s, 0.6);
    rt_svg_move_to(s, 1.004, 2);
    rt_svg_line_to(s, 1, 7.5);                  /* vertical as written: V */
    rt_svg_line_to(s, 9, 7.5);                  /* horizontal: H */
    rt_svg_line_to(s, -0.001, 0.333);
    rt_svg_stroke(s);
    rt_svg_move_to(s, 5, 5);                    /* moves alone draw nothing */
    rt_svg_stroke(s);
    rt_svg_fill(s);
    char *svg = finish(s);
    cr_assert(strstr(svg, "<rect x='10' y='20' width='30' height='40' fill='#ff7f0e'/>"), "%s", svg);
    cr_assert(strstr(svg, "<path d='M10 20H40V60H10ZM50 20H45V30H50Z' fill='#ff7f0e'/>"), "%s", svg);
    cr_assert(strstr(svg, "<path d='M1 2V7.5H9L0 0.33' fill='none' stroke='#4d4d4d' "
                          "stroke-opacity='0.2' stroke-width='0.6'/>"), "%s", svg);
    cr_assert_eq(count(svg, "<path"), 2, "%s", svg);
    free(svg);
}

Test(svg, a_fill_then_a_stroke_is_one_element)
{
    struct rt_svg *s = blank();
    rt_svg_set_rgba(s, 0.122, 0.467, 0.706, 0.9);
    rt_svg_circle(s, 100, 50, 3.2);
    rt_svg_fill_preserve(s);
    rt_svg_set_rgba(s, 1, 1, 1, 0.8);
    rt_svg_set_line_width(s, 0.6);
    rt_svg_stroke(s);
    rt_svg_set_rgba(s, 0.122, 0.467, 0.706, 0.18);
    rt_svg_move_to(s, 0, 0);
    rt_svg_line_to(s, 10, 10);
    rt_svg_line_to(s, 20, 0);
    rt_svg_close_path(s);
    rt_svg_fill_preserve(s);
    rt_svg_line_to(s, 30, 30);                  /* the path goes on: the fill stands alone */
    rt_svg_stroke(s);
    char *svg = finish(s);
    cr_assert(strstr(svg, "<circle cx='100' cy='50' r='3.2' fill='#1f77b4' fill-opacity='0.9' "
                          "stroke='#ffffff' stroke-opacity='0.8' stroke-width='0.6'/>"), "%s", svg);
    cr_assert(strstr(svg, "<path d='M0 0L10 10L20 0Z' fill='#1f77b4' fill-opacity='0.18'/>\n"
                          "<path d='M0 0L10 10L20 0ZL30 30' fill='none'"), "%s", svg);
    free(svg);
}

Test(svg, clips_last_until_their_restore)
{
    struct rt_svg *s = blank();
    rt_svg_save(s);
    rt_svg_rectangle(s, 78, 74, 642, 170);
    rt_svg_clip(s);
    rt_svg_save(s);
    rt_svg_move_to(s, 0, 0);
    rt_svg_line_to(s, 10, 0);
    rt_svg_line_to(s, 0, 10);
    rt_svg_clip(s);
    double dash[] = {4, 3};
    rt_svg_set_dash(s, dash, 2);
    rt_svg_move_to(s, 100, 74);
    rt_svg_line_to(s, 100, 244);
    rt_svg_stroke(s);
    rt_svg_restore(s);
    rt_svg_move_to(s, 200, 74);
    rt_svg_line_to(s, 200, 244);
    rt_svg_stroke(s);                           /* solid again, in the first clip */
    rt_svg_restore(s);
    rt_svg_rectangle(s, 0, 0, 5, 5);
    rt_svg_fill(s);
    char *svg = finish(s);
    const char *c1 = strstr(svg, "<clipPath id='fig-c1'><rect x='78' y='74' width='642' "
                                 "height='170'/></clipPath>\n<g clip-path='url(#fig-c1)'>\n");
    const char *c2 = strstr(svg, "<clipPath id='fig-c2'><path d='M0 0H10L0 10'/></clipPath>\n"
                                 "<g clip-path='url(#fig-c2)'>\n"
                                 "<path d='M100 74V244' fill='none' stroke='#000000' "
                                 "stroke-width='2' stroke-dasharray='4 3'/>\n</g>\n"
                                 "<path d='M200 74V244' fill='none' stroke='#000000' "
                                 "stroke-width='2'/>\n</g>\n<rect");
    cr_assert(c1 && c2 && c1 < c2, "%s", svg);
    free(svg);
}

Test(svg, transforms_move_and_scale_what_is_drawn)
{
    struct rt_svg *s = blank();
    rt_svg_scale(s, 2);
    rt_svg_translate(s, 10, 5);
    rt_svg_set_line_width(s, 0.5);
    rt_svg_circle(s, 1, 2, 3);
    rt_svg_stroke(s);
    rt_svg_circle(s, 1, 2, 3);
    rt_svg_circle(s, 10, 2, 1);
    rt_svg_fill(s);
    char *svg = finish(s);
    cr_assert(strstr(svg, "<circle cx='22' cy='14' r='6' fill='none' stroke='#000000'/>"), "%s", svg);
    cr_assert(strstr(svg, "<path d='M28 14A6 6 0 1 1 16 14A6 6 0 1 1 28 14H42A2 2 0 1 1 38 14"
                          "A2 2 0 1 1 42 14' fill='#000000'/>"), "%s", svg);
    free(svg);
}

/* A base64 character's value, or -1 for padding. */
static int b64(char c)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c == '=' ? NULL : strchr(set, c);
    return p ? (int)(p - set) : -1;
}

Test(svg, images_are_their_png_sharp)
{
    uint32_t px[6] = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000, 0x808080};
    size_t n = 0;
    unsigned char *png = rt_png_encode(px, 3, 2, 12, &n);
    cr_assert(png && n > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    struct rt_svg *s = blank();
    rt_svg_translate(s, 0.5, 0);
    rt_svg_image_png(s, 78, 74, 3, 2, png, n);
    char *svg = finish(s);
    const char *head = "<image x='78.5' y='74' width='3' height='2' preserveAspectRatio='none' "
                       "image-rendering='optimizeSpeed' style='image-rendering:pixelated' "
                       "xlink:href='data:image/png;base64,";
    const char *at = strstr(svg, head);
    cr_assert(at, "%s", svg);
    const char *d = at + strlen(head), *end = strchr(d, '\'');
    cr_assert(end && (end - d) % 4 == 0);
    unsigned char *back = malloc((size_t)(end - d));
    size_t m = 0;
    for (const char *q = d; q < end; q += 4) {
        int v[4] = {b64(q[0]), b64(q[1]), b64(q[2]), b64(q[3])};
        back[m++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
        if (v[2] >= 0)
            back[m++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
        if (v[3] >= 0)
            back[m++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
    }
    cr_assert_eq(m, n);
    cr_assert(memcmp(back, png, n) == 0, "the embedded bytes are the PNG's");
    free(back);
    free(png);
    free(svg);
}

Test(svg, gradients_are_defined_where_used)
{
    struct rt_svg *s = blank();
    struct rt_svg_stop stops[] = {{0, 0.267, 0.005, 0.329}, {0.5, 0.128, 0.567, 0.551},
                                  {1, 0.993, 0.906, 0.144}};
    rt_svg_set_linear(s, 0, 200, 0, 100, stops, 3);
    rt_svg_rectangle(s, 740, 100, 14, 100);
    rt_svg_fill(s);
    char *svg = finish(s);
    cr_assert(strstr(svg, "<linearGradient id='fig-g1' gradientUnits='userSpaceOnUse' x1='0' "
                          "y1='200' x2='0' y2='100'>\n<stop offset='0' stop-color='#440154'/>\n"
                          "<stop offset='0.5' stop-color='#21918d'/>\n<stop offset='1' "
                          "stop-color='#fde725'/>\n</linearGradient>\n<rect x='740' y='100' "
                          "width='14' height='100' fill='url(#fig-g1)'/>"), "%s", svg);
    free(svg);
}

Test(svg, ids_are_xml_names)
{
    struct rt_svg *s = rt_svg_new(10, 10, "9 lives/<x>", "DejaVu Sans");
    rt_svg_rectangle(s, 0, 0, 5, 5);
    rt_svg_clip(s);
    char *svg = finish(s);
    cr_assert(strstr(svg, "<clipPath id='_9_lives__x_-c1'>"), "%s", svg);
    free(svg);
}

Test(svg, misuse_is_reported)
{
    struct rt_svg *s = blank();
    rt_svg_restore(s);
    const char *why = NULL;
    size_t n = 1;
    cr_assert_null(rt_svg_finish(s, &n, &why));
    cr_assert_str_eq(why, "restore without a save");
    cr_assert_eq(n, 0);
    s = blank();
    for (int k = 0; k < 20; k++)
        rt_svg_save(s);
    cr_assert_null(rt_svg_finish(s, NULL, &why));
    cr_assert_str_eq(why, "too many saves in force");
    /* saves left in force are closed, as cairo allows */
    s = blank();
    rt_svg_save(s);
    rt_svg_rectangle(s, 0, 0, 5, 5);
    rt_svg_clip(s);
    char *svg = finish(s);
    cr_assert_eq(count(svg, "<g "), count(svg, "</g>"));
    free(svg);
}
