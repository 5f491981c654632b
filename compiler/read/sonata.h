/* sonata.h - `network from "circuit_config.json" { map ... }`: a SONATA
 * circuit (docs/SONATA.md) read while the model loads (pass 2), with
 * Debian's libhdf5 and json-c.
 *
 * What is read becomes what a .circ file would have written: one
 * `population NAME of CELL { count = N }` per `map node type` line, put
 * into the program right after the `network from` block (so sema resolves
 * selectors, records and stimuli of them as usual), and the edges as
 * explicit connections, kept in the circuit that the block's `read` field
 * points to; lower_net.c turns them into the runtime's explicit connection
 * lists.  Files come through `load` (from disk, or the sources a `circ
 * build` program carries), so a program reads the same bytes again.
 * Errors are located at the block; nothing here prints or exits.
 */
#ifndef CIRC_READ_SONATA_H
#define CIRC_READ_SONATA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"

struct sonata_pop {
    const char *name;       /* the circ population */
    struct ast *map;        /* the `map node type` line that made it */
    int count;
    double *pos;            /* x, y, z per cell (um), or NULL: the nodes have none */
    /* VecStim cells given spikes (`inputs from`, `spikes from`): cell i's
     * times, sorted, are train_t[train_start[i] .. train_start[i + 1]); NULL: none */
    int *train_start;
    double *train_t;
    /* per-node dynamics_params (datasets of the nodes' group's
     * dynamics_params): nparams names, values count x nparams, NAN where a
     * node has none */
    int nparams;
    const char **param_name;
    double *param_value;
};

/* Consecutive edges (in the files' order) through one `map edge type` line:
 * one explicit connection list.  Cells are (population, index) within the
 * circuit's populations. */
struct sonata_run {
    struct ast *map;
    long n;
    int *pre_pop, *pre_index, *post_pop, *post_index;
    double *weight;         /* syn_weight: in the synapse's weight unit (uS for Exp2Syn) */
    double *delay;          /* ms */
    int *section;           /* afferent_section_id, -1: the map line's location */
    int *nsyns;             /* synapses the edge stands for (BMTK's nsyns; 1 if not given) */
    double *x;              /* afferent_section_pos */
};

struct sonata_circuit {
    int npops;
    struct sonata_pop *pops;
    int nruns;
    struct sonata_run *runs;
    long nedges;
};

/* Bytes of a file (path as resolved), NUL-terminated, owned by the
 * loader; NULL with errno set if it cannot be read. */
typedef const char *(*sonata_load_fn)(void *ctx, const char *path, size_t *len);

/* Reads the circuit of prog->kids[at] (a NETWORK_FROM; its path relative
 * to `self`, the model file), sets its `read` and inserts the populations
 * after it.  False (reported) on errors. */
bool read_network_from(struct arena *a, struct diag_sink *d, struct ast *prog, unsigned at,
                       const char *self, sonata_load_fn load, void *ctx);

#endif
