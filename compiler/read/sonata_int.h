/* sonata_int.h - what the readers of a `network from` block share
 * (sonata.c: the circuit; sonata_inputs.c: the spike inputs). */
#ifndef CIRC_READ_SONATA_INT_H
#define CIRC_READ_SONATA_INT_H

#include <hdf5.h>
#include <json-c/json.h>

#include "sonata.h"

struct rd {
    struct arena *a;
    struct diag_sink *d;
    struct ast *from;
    sonata_load_fn load;
    void *ctx;
    const char *dir;        /* the circuit config's directory */
    const char *model_dir;  /* the model file's */
    json_object *manifest;
    const struct loc *at;   /* where file errors point, if not the block's path */
    /* a simulation config's run.tstop, run.dt, conditions.celsius and
     * conditions.v_init (NAN: not given), and where its `inputs from` is */
    double run[4];
    struct loc run_at;
    bool ok;
};

/* A space-separated CSV file (node and edge types, BMTK's spike files). */
struct table {
    int ncols, nrows;
    char **cols;
    char ***cells;          /* [row][col] */
};

/* A SONATA node population as read: each node's circ population and its
 * index there. */
struct node_pop {
    const char *name;
    long n;
    int *cpop, *cindex;
};

struct nodes {
    int npops;
    struct node_pop pops[64];
};

void sonata_fail(struct rd *r, struct loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* s with the manifest's $NAMEs replaced, relative to r->dir (depth 0). */
const char *sonata_expand(struct rd *r, const char *s, int depth);
bool sonata_read_table(struct rd *r, const char *path, struct table *t);
int sonata_column(const struct table *t, const char *name);
/* The file's bytes (through r->load) opened as an HDF5 file image; -1 (reported). */
hid_t sonata_open_h5(struct rd *r, const char *path);
bool sonata_exists(hid_t at, const char *name);
/* A 1-D dataset as int64 (integer) or double, malloc'd; NULL if absent or
 * (reported) not such a vector.  *n: its length. */
void *sonata_vector(struct rd *r, hid_t at, const char *name, bool integer, long *n,
                    const char *where);
/* Names of the groups directly under `at`, by name. */
int sonata_subgroups(struct rd *r, hid_t at, const char ***names);
const char *sonata_attr_string(struct rd *r, hid_t obj, const char *name);

/* The block's `inputs from` and `spikes from` items: the spike trains of
 * the nodes mapped to VecStim, into c->pops[].train_*. */
void sonata_read_inputs(struct rd *r, struct sonata_circuit *c, const struct nodes *nodes);
/* The simulation config's run settings as the `simulation` block's
 * duration, dt, temperature and v_init where the model sets none (a block
 * is added if the model has none). */
void sonata_apply_run(struct rd *r, struct ast *prog);

#endif
