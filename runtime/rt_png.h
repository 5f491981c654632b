/* rt_png.h - PNG files of figures.  cairo's own writer uses libpng's
 * slowest settings (every row filter tried, zlib level 6): 40 % of the time
 * of all figures.  Figures are mostly flat colour: no row filter and zlib
 * level 3 take a quarter of the time and give 4 % smaller files. */
#ifndef CIRC_RT_PNG_H
#define CIRC_RT_PNG_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

/* Writes an RGB24 image surface to `path`, whole or not at all (rt_files.h). */
bool rt_write_png(cairo_surface_t *image, const char *path, char *err, size_t errsize);

#endif
