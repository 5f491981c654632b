/* nmodl_circ.h - a NEURON .mod file as a circ mechanism declaration.
 *
 * The NMODL front end's raw tree (grammar/nmodl_ast.h) is translated into
 * the circ AST of one `density`/`point`/`artificial` mechanism, marked as
 * NMODL-sourced (MECH num = 1, printed `density NAME nmodl { }`): its
 * arithmetic is the file's as written, with no unit conversions, so that
 * names, insert, record, --set, lowering and codegen are circ's own.  What
 * is not translated yet gets a located error naming the construct, never a
 * silently different mechanism.  See docs/FROM_NEURON.md.
 */
#ifndef CIRC_NMODL_CIRC_H
#define CIRC_NMODL_CIRC_H

#include "ast.h"
#include "nmodl_ast.h"

/* A PROGRAM holding the mechanism (empty after errors, which go to diag). */
struct ast *nmodl_to_circ(struct arena *arena, struct diag_sink *diag,
                          const struct nmodl_node *file);

/* An NMODL unit as circ spells it: "/ms" -> "1/ms", "mM cm2/mA" ->
 * "mM*cm2/mA" (juxtaposition before the first '/' multiplies); NULL if
 * circ cannot read it. */
const char *nmodl_unit_spelling(struct arena *arena, const char *text);

/* The file's units checked as modlunit does: warnings only (nmodl_units.c). */
void nmodl_check_units(struct arena *arena, struct diag_sink *diag,
                       const struct nmodl_node *file);

#endif
