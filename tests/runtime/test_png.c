/* test_png.c - figures' PNG writer: what cairo reads back is, pixel for
 * pixel, what was drawn; failures leave no file behind. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_png.h"

static cairo_surface_t *drawing(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < 40; i++) {      /* antialiased lines of many colours */
        cairo_set_source_rgba(cr, (i % 7) / 6.0, (i % 5) / 4.0, (i % 3) / 2.0, 0.7);
        cairo_move_to(cr, 3.3 * i, 0);
        cairo_line_to(cr, w - 2.1 * i, h);
        cairo_stroke(cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static void assert_same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    cr_assert_eq(cairo_image_surface_get_width(b), w);
    cr_assert_eq(cairo_image_surface_get_height(b), h);
    const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned ua, ub;
            memcpy(&ua, pa + y * sa + 4 * x, 4);
            memcpy(&ub, pb + y * sb + 4 * x, 4);
            cr_assert_eq(ua & 0xffffff, ub & 0xffffff, "pixel (%d, %d) differs", x, y);
        }
}

Test(png, round_trips_through_cairo)
{
    char dir[] = "/tmp/circ-png-XXXXXX", path[64];
    cr_assert(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.png", dir);
    cairo_surface_t *s = drawing(171, 93);      /* odd sizes: stride != 3 * width */
    char err[256];
    cr_assert(rt_write_png(s, path, err, sizeof err), "%s", err);
    cairo_surface_t *back = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
    assert_same_pixels(s, back);
    cairo_surface_destroy(back);
    cairo_surface_destroy(s);
    remove(path);
    rmdir(dir);
}

Test(png, unwritable_path_fails_cleanly)
{
    cairo_surface_t *s = drawing(10, 10);
    char err[256] = "";
    cr_assert_not(rt_write_png(s, "/nonexistent-dir/a.png", err, sizeof err));
    cr_assert(strstr(err, "/nonexistent-dir/a.png"), "message: %s", err);
    cairo_surface_destroy(s);
}

Test(png, refuses_other_formats)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
    char err[256] = "";
    cr_assert_not(rt_write_png(s, "/tmp/circ-png-a8.png", err, sizeof err));
    cr_assert_neq(access("/tmp/circ-png-a8.png", F_OK), 0, "a file was left behind");
    cairo_surface_destroy(s);
}
