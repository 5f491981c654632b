/* rt_fmt.h - doubles as text, fast. */
#ifndef CIRC_RT_FMT_H
#define CIRC_RT_FMT_H

#include <stdbool.h>

enum { RT_FMT_SIZE = 32 };

/* Writes x exactly as printf's "%.17g" would (17 significant digits, so it
 * reads back to the same double) into buf (RT_FMT_SIZE bytes) and returns
 * the length.  About ten times faster than printf for the values a
 * simulation writes; rare magnitudes go through printf itself. */
int rt_fmt_g17(double x, char *buf);

#endif
