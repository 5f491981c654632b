/* rt_png.c - see rt_png.h. */
#include "rt_png.h"

#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rt_files.h"

#define ZLIB_LEVEL 1
#define ROW_FILTER PNG_FILTER_NONE

/* One RGB24 row (native-endian 0x00RRGGBB words) as R, G, B bytes. */
static void to_rgb(const unsigned char *src, unsigned char *dst, int width)
{
    for (int x = 0; x < width; x++) {
        uint32_t p;
        memcpy(&p, src + 4 * (size_t)x, sizeof p);
        dst[3 * x] = (unsigned char)(p >> 16);
        dst[3 * x + 1] = (unsigned char)(p >> 8);
        dst[3 * x + 2] = (unsigned char)p;
    }
}

/* A PNG in memory, as libpng writes it. */
struct mem_png {
    unsigned char *p;
    size_t n, cap;
};

static void mem_write(png_structp png, png_bytep data, size_t len)
{
    struct mem_png *m = png_get_io_ptr(png);
    if (m->n + len > m->cap) {
        size_t cap = 2 * (m->n + len) + 4096;
        unsigned char *p = realloc(m->p, cap);  /* not rt_realloc: no jump across libpng */
        if (!p)
            png_error(png, "out of memory");
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->n, data, len);
    m->n += len;
}

static void mem_flush(png_structp png)
{
    (void)png;
}

/* The libpng part, into f or else into mem; false if libpng failed (it
 * longjmps here). */
static bool encode(FILE *f, struct mem_png *mem, const unsigned char *data, int width,
                   int height, int stride, unsigned char *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    volatile bool ok = false;
    if (png && info && setjmp(png_jmpbuf(png)) == 0) {
        if (f)
            png_init_io(png, f);
        else
            png_set_write_fn(png, mem, mem_write, mem_flush);
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, ROW_FILTER);
        png_set_compression_level(png, ZLIB_LEVEL);
        png_write_info(png, info);
        for (int y = 0; y < height; y++) {
            to_rgb(data + (size_t)y * (size_t)stride, row, width);
            png_write_row(png, row);
        }
        png_write_end(png, NULL);
        ok = true;
    }
    png_destroy_write_struct(&png, &info);
    return ok;
}

bool rt_write_png(cairo_surface_t *image, const char *path, char *err, size_t errsize)
{
    cairo_surface_flush(image);
    const unsigned char *data = cairo_image_surface_get_data(image);
    int width = cairo_image_surface_get_width(image);
    int height = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    if (!data || cairo_image_surface_get_format(image) != CAIRO_FORMAT_RGB24 || width <= 0) {
        snprintf(err, errsize, "cannot write '%s': not an RGB image", path);
        return false;
    }
    char tmp[4500];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    unsigned char *row = malloc(3 * (size_t)width);
    bool ok = row && encode(f, NULL, data, width, height, stride, row);
    free(row);
    if (!ok) {
        fclose(f);
        remove(tmp);
        snprintf(err, errsize, "cannot write '%s': PNG encoding failed", path);
        return false;
    }
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

unsigned char *rt_png_encode(const void *xrgb, int width, int height, int stride, size_t *n)
{
    struct mem_png mem = {0};
    unsigned char *row = width > 0 && height > 0 ? malloc(3 * (size_t)width) : NULL;
    bool ok = row && encode(NULL, &mem, xrgb, width, height, stride, row);
    free(row);
    if (!ok) {
        free(mem.p);
        return NULL;
    }
    *n = mem.n;
    return mem.p;
}
