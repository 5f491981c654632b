/* morph_cell.h - a cell declared with `morphology "file.swc"`, written out
 * as the sections, attachments and section lists a .circ file would have.
 *
 * After read_morph_cell the cell's AST holds, besides what was written:
 *  - one SECTION (op SECTION_MORPH) per section of the file, named as NEURON
 *    names it ("soma[0]", "dend[3]"), whose only kid is PROP pt3d: a LIST of
 *    numbers, x y z diam (um) per 3-D point, the arguments of NEURON's pt3dadd;
 *  - one ATTACH child(0) to parent(x) per section with a parent, in the
 *    order NEURON's instantiate connects them;
 *  - one SECLIST per type present (soma, axon, dend, apic, ...), then `all`;
 * and each written SECTION has op SECTION_LIST_BLOCK: it names one of those
 * lists, `all` or one section ("dend[3]") and is applied to them when the
 * cell is lowered.
 * Nothing after this knows that the sections came from a file.
 */
#ifndef CIRC_MORPH_CELL_H
#define CIRC_MORPH_CELL_H

#include "ast.h"

/* The `morphology` property of a cell, or NULL. */
struct ast *morph_cell_prop(const struct ast *cell);

/* Reads the registered SWC text `file` into `cell` (see above); false, with
 * diagnostics, if the file or the cell's blocks are wrong. */
bool read_morph_cell(struct arena *a, struct diag_sink *d, struct ast *cell, int file);

#endif
