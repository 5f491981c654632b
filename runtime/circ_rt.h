/* circ_rt.h - the whole ABI between generated code and libcircrt.
 *
 * Generated kernels see only the structs below and call only the crt_*
 * functions declared under "Calls from generated code" (the JIT's allow-list,
 * with libm's exp/log/pow...).  Every struct is made of 8-byte fields, so
 * field k sits at byte 8k.  Codegen reaches a field by the index named in the
 * enum after its struct (CRT_SET_DATA...), and builds its LLVM mirror
 * (compiler/gen/cg_module.c) from those indices; the static assertions below tie
 * each index to the C field's offset, so reordering, inserting or resizing a
 * field without updating its index fails to compile.  ORDER CRT_ABI
 */
#ifndef CIRC_RT_H
#define CIRC_RT_H

#include <stddef.h>
#include <stdint.h>

/* Field `f` of struct `s` is its field number `k` (8 bytes each). */
#define CRT_ABI_FIELD(s, f, k) \
    _Static_assert(offsetof(struct s, f) == 8 * (k), "circ_rt.h: " #s "." #f " is not field " #k)
#define CRT_ABI_SIZE(s, n) \
    _Static_assert(sizeof(struct s) == 8 * (n), "circ_rt.h: struct " #s " does not have " #n " fields")

/* Globals of one run, read by every kernel.  ORDER CRT_ABI */
struct crt_globals {
    double t;               /* time at which currents are evaluated (t_n + dt/2) */
    double dt;
    double celsius;
    double v_init;
    double *mech_globals;   /* per-mechanism globals (usetable), by index */
};
enum crt_globals_field {
    CRT_GLOBALS_T, CRT_GLOBALS_DT, CRT_GLOBALS_CELSIUS, CRT_GLOBALS_V_INIT,
    CRT_GLOBALS_MECH_GLOBALS, CRT_GLOBALS_NFIELDS
};
CRT_ABI_FIELD(crt_globals, t, CRT_GLOBALS_T);
CRT_ABI_FIELD(crt_globals, dt, CRT_GLOBALS_DT);
CRT_ABI_FIELD(crt_globals, celsius, CRT_GLOBALS_CELSIUS);
CRT_ABI_FIELD(crt_globals, v_init, CRT_GLOBALS_V_INIT);
CRT_ABI_FIELD(crt_globals, mech_globals, CRT_GLOBALS_MECH_GLOBALS);
CRT_ABI_SIZE(crt_globals, CRT_GLOBALS_NFIELDS);

/* Random stream of one instance (Random123 Philox4x32-10, NEURON semantics). */
struct crt_stream {
    uint32_t ids[4];        /* seq, id3, id1, id2 as NEURON orders the counter */
    uint32_t block[4];      /* the current output block */
    uint64_t which;         /* next word of block (0..3); 4: compute next */
};

/* Instances of one point process type on one cell group, or of one
 * artificial cell type.  data is var-major: slot k of instance i at
 * data[k * n + i].  ORDER CRT_ABI */
struct crt_set {
    double *data;
    int64_t n;
    int64_t *node;          /* point processes: flat index (node * ncells + cell) */
    double *area_factor;    /* point processes: 1e2 / area of the node */
    struct crt_stream *streams; /* per instance, or NULL */
    void *rt;               /* the runtime, for send/emit */
    int64_t id;             /* which set, for the runtime */
    double *scratch;        /* point processes: 2 * n doubles for the current kernels */
    /* Shared synapses (default mode) as sites: when nsites > 0, instance
     * site * ncells + cell is the synapse of that site on that cell (every
     * cell has one; an idle one receives nothing, its states stay 0 and it
     * adds no current: a site's mechanism is superposable), site s sits on node
     * site_node[s], and n = nsites * ncells. */
    int64_t nsites;
    int64_t *site_node;
    double *gdata;          /* point processes: their cell group's data (v of node[i]
                               for the receive block, as NEURON's NODEV(_pnt->node)) */
    double *diam;           /* point processes whose code reads diam: per instance, the
                               diameter of its segment (NEURON's diam, um); else NULL */
    double *area;           /* point processes whose code reads area: per instance, the
                               area of its node (NEURON's _nd_area, um2); else NULL */
    /* A mechanism whose receive has `for each connection` (NEURON's
     * FOR_NETCONS): instance i's connections are entries conn_start[i] ..
     * conn_start[i + 1] - 1, each its weight and its state (crt_mech.nargs
     * doubles, the one the events of that connection carry), in NEURON's
     * order; otherwise NULL. */
    int64_t *conn_start;
    double *conn_weight;
    double **conn_state;
};
enum crt_set_field {
    CRT_SET_DATA, CRT_SET_N, CRT_SET_NODE, CRT_SET_AREA_FACTOR, CRT_SET_STREAMS, CRT_SET_RT,
    CRT_SET_ID, CRT_SET_SCRATCH, CRT_SET_NSITES, CRT_SET_SITE_NODE,
    CRT_SET_GDATA, CRT_SET_DIAM, CRT_SET_AREA, CRT_SET_CONN_START, CRT_SET_CONN_WEIGHT, CRT_SET_CONN_STATE,
    CRT_SET_NFIELDS
};
CRT_ABI_FIELD(crt_set, data, CRT_SET_DATA);
CRT_ABI_FIELD(crt_set, n, CRT_SET_N);
CRT_ABI_FIELD(crt_set, node, CRT_SET_NODE);
CRT_ABI_FIELD(crt_set, area_factor, CRT_SET_AREA_FACTOR);
CRT_ABI_FIELD(crt_set, streams, CRT_SET_STREAMS);
CRT_ABI_FIELD(crt_set, rt, CRT_SET_RT);
CRT_ABI_FIELD(crt_set, id, CRT_SET_ID);
CRT_ABI_FIELD(crt_set, scratch, CRT_SET_SCRATCH);
CRT_ABI_FIELD(crt_set, nsites, CRT_SET_NSITES);
CRT_ABI_FIELD(crt_set, site_node, CRT_SET_SITE_NODE);
CRT_ABI_FIELD(crt_set, gdata, CRT_SET_GDATA);
CRT_ABI_FIELD(crt_set, diam, CRT_SET_DIAM);
CRT_ABI_FIELD(crt_set, area, CRT_SET_AREA);
CRT_ABI_FIELD(crt_set, conn_start, CRT_SET_CONN_START);
CRT_ABI_FIELD(crt_set, conn_weight, CRT_SET_CONN_WEIGHT);
CRT_ABI_FIELD(crt_set, conn_state, CRT_SET_CONN_STATE);
CRT_ABI_SIZE(crt_set, CRT_SET_NFIELDS);

/* All cells of one cell type.  data holds, each as ncells doubles (node-major,
 * cell fastest): v of every node, rhs, d, then the density-mechanism slots.
 * ORDER CRT_ABI */
enum { CRT_CELL_PAD = 8 };  /* a group's cells come in multiples of this (doubles in
                               the widest vector: AVX-512) */
struct crt_group {
    double *data;
    int64_t ncells;         /* a multiple of CRT_CELL_PAD: the last ones may be idle */
    struct crt_set *pp;     /* point-process sets on these cells, one per point type */
    double *params;         /* runtime values of non-folded parameters */
};
enum crt_group_field {
    CRT_GROUP_DATA, CRT_GROUP_NCELLS, CRT_GROUP_PP, CRT_GROUP_PARAMS, CRT_GROUP_NFIELDS
};
CRT_ABI_FIELD(crt_group, data, CRT_GROUP_DATA);
CRT_ABI_FIELD(crt_group, ncells, CRT_GROUP_NCELLS);
CRT_ABI_FIELD(crt_group, pp, CRT_GROUP_PP);
CRT_ABI_FIELD(crt_group, params, CRT_GROUP_PARAMS);
CRT_ABI_SIZE(crt_group, CRT_GROUP_NFIELDS);

/* Generated entry points.  A cell type's init sets v = v_init and runs the
 * INITIAL blocks of its density mechanisms and of the point processes on
 * it; step advances its cells from t_n to t_n+1 (gl->t is t_n + dt/2).  An
 * artificial type's init runs INITIAL for every instance (at t = 0). */
typedef void (*crt_group_fn)(struct crt_group *g, const struct crt_globals *gl);
typedef void (*crt_set_fn)(struct crt_set *s, const struct crt_globals *gl);
/* args: the connection's state, NET_RECEIVE's arguments after the weight
 * (crt_mech.nargs of them; a zeroed scratch vector for an event without one) */
typedef void (*crt_receive_fn)(struct crt_set *s, int64_t i, double w, double flag, double *args,
                               const struct crt_globals *gl);
typedef void (*crt_tables_fn)(const struct crt_globals *gl);
/* A point process's watches for every instance i of s, watch k's into
 * out[k * n + i]: the value whose rise above 0 fires it (NEURON's
 * WatchCondition::value(), v read at the instance's node).  One vectorized
 * loop a step, not a call an instance: the values of inactive watches are
 * computed too.  out[nwatch * n + i] is 1 where a value of instance i is
 * on the other side of 0 than its flag above[k * n + i] (1: it was above),
 * else 0: instances with nothing to do, most of them, are skipped. */
typedef void (*crt_watch_fn)(struct crt_set *s, const struct crt_globals *gl, double *out,
                             const unsigned char *above);

/* ---- Calls from generated code (the allow-list) -------------------------- */

/* Queue a self-event of instance i of set s at t + delay with flag. */
void crt_send(struct crt_set *s, int64_t i, double t, double delay, double flag, double weight,
              double *args);
/* Move instance i's pending self event of flag 1 (the last one it sent) to
 * time tnew >= t: NEURON's net_move, for artificial cells. */
void crt_move(struct crt_set *s, int64_t i, double t, double tnew);
/* Instance i of point-process set s runs its receive block's watch(cond, flag)
 * number k, whose condition's value is now `value`; first: no watch ran before
 * it in this receive call, so all the instance's watches (and their pending
 * events) go first.  NEURON's _nrn_watch_activate. */
void crt_watch(struct crt_set *s, int64_t i, int64_t k, double flag, double value,
               int64_t first);
/* Instance i of artificial set s fires a spike at time t. */
void crt_emit(struct crt_set *s, int64_t i, double t);
/* Random numbers from instance i's stream. */
double crt_erand(struct crt_set *s, int64_t i);
double crt_urand(struct crt_set *s, int64_t i);
double crt_normrand(struct crt_set *s, int64_t i);
/* Instance i's spike train (an artificial cell given times, as a SONATA
 * input's): its k-th time (ms), or for k < 0 how many it has (0 without). */
double crt_train(struct crt_set *s, int64_t i, double k);

#endif
