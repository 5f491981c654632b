/* swc.h - an SWC morphology read as NEURON 8.2's Import3d reads it.
 *
 * swc_read turns the text of an .swc file into the sections NEURON's
 * Import3d_SWC_read + Import3d_GUI.instantiate(nil) create: unbranched runs
 * of points of one type split at branch points and type changes, the
 * 3-point and 1-point soma conventions, children of the soma attached at
 * 0, 0.5 or 1 with the wire convention, one- and zero-length two-point
 * sections dropped (chk_valid), names soma[i], axon[i], dend[i], apic[i]
 * (dend_N[i], minus_N[i] for other types) numbered per type in file order,
 * and each section's pt3dadd arguments as instantiate prints them (%.8g).
 *
 * Everything lives in the caller's arena.  Errors (unreadable lines, ids
 * out of order, unknown parents, cycles, several trees) go to the sink at
 * the file's line; the result is then NULL.  Never prints or exits.
 */
#ifndef CIRC_SWC_H
#define CIRC_SWC_H

#include "arena.h"
#include "diag.h"

struct swc_section {
    const char *name;       /* "dend[3]" (interned) */
    const char *list;       /* its type's list: "soma", "dend", ... (interned) */
    int type;               /* SWC type code */
    int parent;             /* index into swc_morph.sections, -1 for the root */
    double parent_x;        /* where it hangs on the parent: 0, 0.5 or 1 */
    int npts;
    double *x, *y, *z, *d;  /* pt3dadd arguments, in order */
    int line;               /* line of its first own point, for messages */
};

struct swc_morph {
    struct swc_section *sections;   /* instantiate's order: also the order of `connect` */
    int nsections;
};

/* file: the sink's id of the .swc text (diag_add_file), for locations. */
struct swc_morph *swc_read(struct arena *a, struct diag_sink *d, int file);

#endif
