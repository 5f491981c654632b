/* rt_conns.h - the connection store: a run's NetCons, compact.
 *
 * While the network is built, each connection is a 16-byte record in
 * creation order: its source, its target as (set, pending instance) and
 * its (weight, delay) pair, interned in a table of the distinct pairs (by
 * their bits, so -0.0 and 0.0 stay apart and the run sees exactly the
 * doubles it was given).  rt_conns_finish then lays the connections out by
 * source (a stable counting sort: creation order within a source), each
 * source's sorted by delay (stably, only where they came out of order), so
 * the order is (source, delay, creation) as NEURON's NetCon lists give
 * events.  A run split into parts sorts by (source, delay, part, creation):
 * one event per delay and part then reaches a part's connections of that
 * delay in their order, and no part looks at another's.  For the run a connection is 8 bytes: a target (a number over
 * every set's instances) and a pair; its source is implied by the offsets.
 */
#ifndef CIRC_RT_CONNS_H
#define CIRC_RT_CONNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_conn_record {         /* a connection being built: 16 bytes */
    uint32_t src;
    uint32_t set, inst;         /* the target: a set and its pending instance */
    uint32_t pair;
};

struct rt_conn {                /* a connection in the run: 8 bytes */
    uint32_t target;            /* set k's instance i is target base[k] + i */
    uint32_t pair;
};

struct rt_conn_pair {
    double weight, delay;
};

struct rt_conns {
    struct rt_conn_pair *pairs; /* the distinct (weight, delay) pairs */
    uint32_t npairs, cappairs;
    uint32_t *slots;            /* open addressing over pairs: 1 + pair, 0 empty */
    size_t capslots;            /* a power of 2; 0 once finished */
    struct rt_conn_record *records;     /* building, creation order; NULL once finished */
    long n, cap;
    /* finished: source s's connections are conn[start[s] .. start[s + 1]) */
    struct rt_conn *conn;
    long *start;
    long nsrc;
    uint32_t *base;             /* per set, its first target; base[nsets] = all targets */
    int nsets;
    uint32_t *block_set;        /* the set holding target b << block_bits */
    int block_bits;             /* at least 4, more where sets have many unconnected
                                   instances: at most a block per 4 connections */
    uint32_t *created;          /* with keep_order: the sorted index of each connection
                                   by creation order, else NULL */
    uint16_t *part;             /* per target, the part that runs it (rt_conns_finish's
                                   set_part), or NULL: one part */
};

/* Most connections one store holds: the run's events name them by int. */
#define RT_CONNS_MAX 0x7fffffffL

/* Appends a connection (allocates through rt_alloc.h).  False, adding
 * nothing, when the store already holds RT_CONNS_MAX. */
bool rt_conns_add(struct rt_conns *c, uint32_t src, uint32_t set, uint32_t inst, double weight,
                  double delay);

/* Lays the records out for the run and frees them.  nsrc: sources are
 * 0 .. nsrc - 1; set k holds set_n[k] instances, and pending instance i of
 * it is instance remap[k][i] (remap[k] NULL: i itself).  set_part (or
 * NULL: one part): the part that runs each set, at most 65535.  keep_order: fill
 * `created` too.  False (nothing changed) when the sets hold 2^32 or more
 * instances, more than a target can number. */
bool rt_conns_finish(struct rt_conns *c, long nsrc, int nsets, const long *set_n,
                     const long *const *remap, const int *set_part, bool keep_order);

void rt_conns_free(struct rt_conns *c);

static inline double rt_conns_weight(const struct rt_conns *c, long k)
{
    return c->pairs[c->conn[k].pair].weight;
}

static inline double rt_conns_delay(const struct rt_conns *c, long k)
{
    return c->pairs[c->conn[k].pair].delay;
}

/* The part that runs connection k's target (finished store, with parts). */
static inline int rt_conns_part(const struct rt_conns *c, long k)
{
    return c->part[c->conn[k].target];
}

/* The set of connection k's target (finished store). */
static inline int rt_conns_set(const struct rt_conns *c, long k)
{
    uint32_t t = c->conn[k].target, set = c->block_set[t >> c->block_bits];
    while (c->base[set + 1] <= t)   /* the sets that start inside t's block */
        set++;
    return (int)set;
}

/* Connection k's instance in set `set` (rt_conns_set's). */
static inline long rt_conns_inst(const struct rt_conns *c, long k, int set)
{
    return (long)(c->conn[k].target - c->base[set]);
}

#endif
