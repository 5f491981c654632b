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

/* Prints an expression with the fewest parentheses that keep its tree. */
void circ_print_expr(FILE *out, const struct ast *e);

/* The shortest decimal spelling of x that reads back as exactly x. */
void circ_print_number(char *buf, size_t size, double x);

#endif
