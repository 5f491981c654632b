/* lsp_int.h - what the parts of `circ lsp` share (compiler/lang/lsp*.c). */
#ifndef CIRC_LSP_INT_H
#define CIRC_LSP_INT_H

#include "front.h"

/* Receives one unit to offer: its spelling and its dimension's name
 * ("voltage"), or NULL for a dimension without one. */
typedef void (*lsp_unit_fn)(void *ctx, const char *unit, const char *dimension);

/* When offset off of text follows a number and a space (and maybe a unit
 * begun there), offers the units that fit there through add and returns
 * how many; -1 when off is not where a unit goes.  f is the last check of
 * the text (its mechanisms and units), or NULL. */
int lsp_units_at(const struct front *f, const char *text, unsigned off, lsp_unit_fn add,
                 void *ctx);

#endif
