/* rt_png.h - PNG files of figures.  cairo's own writer uses libpng's
 * slowest settings (every row filter tried, zlib level 6): 40 % of the time
 * of all figures.  Figures are mostly flat colour: no row filter and zlib
 * level 3 took a quarter of the time and gave 4 % smaller files; level 1
 * (rt_png.c) is another 15 % faster for files 7 % larger. */
#ifndef CIRC_RT_PNG_H
#define CIRC_RT_PNG_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

/* Writes an RGB24 image surface to `path`, whole or not at all (rt_files.h). */
bool rt_write_png(cairo_surface_t *image, const char *path, char *err, size_t errsize);

/* The same encoding into memory, of pixels in cairo's RGB24 layout
 * (native-endian 0x00RRGGBB words, rows `stride` bytes apart): malloc'd,
 * *n bytes; NULL if out of memory or the size is not an image's. */
unsigned char *rt_png_encode(const void *xrgb, int width, int height, int stride, size_t *n);

#endif
