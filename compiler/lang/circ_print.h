/* circ_print.h - a circ AST printed back as .circ text.
 *
 * The text parses to the same tree (numbers round-trip exactly, parentheses
 * only where circ's precedence needs them), so it compiles to the same
 * code.  Mechanism declarations and expressions for now: what `circ
 * convert` prints; `circ fmt` is meant to grow from here.
 */
#ifndef CIRC_CIRC_PRINT_H
#define CIRC_CIRC_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"

/* Prints a MECH node.  A name that is a circ keyword cannot be printed:
 * then nothing is printed, *bad points at the node and false is returned. */
bool circ_print_mech(FILE *out, const struct ast *mech, const struct ast **bad);

/* An NMODL file may name a variable like a circ keyword (`state`, `in`):
 * renames, in place, each name the mechanism declares that is one, and
 * every use of it, to name_ (more underscores while that is taken).
 * Returns how many, the old and new names in (*from)[i], (*to)[i]
 * (arrays in the arena, of the tree's or the arena's strings). */
unsigned circ_rename_keywords(struct arena *a, struct ast *mech, const char ***from,
                              const char ***to);

/* Prints an expression with the fewest parentheses that keep its tree. */
void circ_print_expr(FILE *out, const struct ast *e);

/* The shortest decimal spelling of x that reads back as exactly x. */
void circ_print_number(char *buf, size_t size, double x);

#endif
