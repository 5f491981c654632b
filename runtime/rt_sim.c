/* rt_sim.c - instantiating a compiled model and running it (NUMERICS.md §4, §6).
 *
 * One run = one experiment on a freshly built network: cell groups per cell
 * type, point-process sets per group and type, one artificial-cell set per
 * artificial stimulus and part, one per population of artificial cells and
 * part (their spikes are the population's; they have no step), NetCons in
 * per-source lists, then NEURON's fixed-step
 * loop: threshold detection on v_n, delivery of events due by t_n + dt/2,
 * the compiled step of every group, delivery of events due by t_n+1.
 */
#define _GNU_SOURCE     /* sched_getaffinity, CPU_COUNT */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "crt_model.h"
#include "rt_alloc.h"
#include "rt_conns.h"
#include "rt_mpi.h"
#include "rt_outdir.h"
#include "rt_queue.h"
#include "rt_spikes.h"
#include "rt_stim_spikes.h"
#include "rt_traces.h"

/* What a connection's target set is, for delivery: the connection store
 * numbers point-process sets group * npp + point mechanism, then art sets. */
struct conn_target {
    struct crt_set *set;
    const struct crt_mech *mech;
    int part;               /* the part that receives its events */
};

/* The rule connections in creation order, as they are made (CRT_RUN_CONNECTIONS). */
struct conn_list {
    int *pre, *post, *rule;
    double *weight, *delay;
    long *pos;              /* several ranks: the pair's place in its rule's loop */
    long n, cap;
};

struct pending_pp {         /* a point process before its set is sorted */
    int kind;               /* shared synapses: 1 + rank of their kind, else 0 */
    uint32_t uid;           /* creation order over the whole run: names its random stream */
    int64_t node;
    long seq;
    const double *params;
    double area_factor;
    double diam;            /* its node's (read where the mechanism reads diam) */
    double area;            /* its node's, um2 (read where the mechanism reads area) */
};

struct art_set {
    struct crt_set set;
    int mech;
    int part;               /* the part that runs it */
    int first_gid;          /* a population's cells: the gid of instance 0 (instance i
                               is first_gid + i * gid_stride: the ranks' stride), else
                               -1 (a stimulus's sources) */
    int gid_stride;
    int spike_stim;         /* its stimulus in crt_model.spike_stims, or -1 */
    int *gids;              /* spike_stim >= 0: the cell each source drives */
    const struct crt_pop *pop;  /* a population's cells: that population */
    long move_base;         /* its mechanism moves events: instance i's handle in the
                               queue is move_base + i; else -1 */
};

/* Shared synapses: in the default mode one instance per (node, synapse
 * kind) (tag 0); a `shared synapse` otherwise one per (node, declared
 * synapse) (tag: its number + 1). */
struct lump {
    long slot;              /* pending set */
    int64_t node;
    const double *params;
    int nparams;
    int tag;
    long id;                /* pending id */
};

/* The watches (watch(), NEURON's WATCH) of a point-process set whose
 * mechanism has any: instance i's watch k is number i * nwatch + k, and its
 * event's queue handle is base + that number. */
struct watch_set {
    int nwatch;
    long base;
    int *nactive;           /* per instance: how many watches are active, */
    int *order;             /* which, in order of activation (order[i * nwatch + j]) */
    unsigned char *above;   /* per watch, k-major as value: NEURON's flag_, its value
                               was above 0 (kept in step for inactive watches too) */
    double *flag;           /* per watch: the flag its event brings */
    double *value;          /* per watch, k-major (value[k * n + i]): its value this
                               step (crt_watch_fn's out, a loop a step) */
};

struct idlist {
    long *id;
    int n, cap;
};

struct probe_run {                  /* the two samples before this one, for peaks */
    double v0, v1, t1;
    long seen;
    double threshold;               /* the cell's detection threshold */
};

struct sim {
    const struct crt_model *m;
    /* MPI: this rank builds and steps the cells gid % nranks == rank, with
     * their incoming connections and stimuli (docs/CLUSTER.md) */
    int rank, nranks;
    bool count_all;         /* visit every cell's synapses to number point processes
                               (a random point mechanism's streams are named by it) */
    int cur_source;         /* the rule (or nrules + stimulus) now connecting */
    long cur_pos;           /* and the pair's place in its loop (list_connections) */
    bool listing;           /* CRT_RUN_CONNECTIONS: list the rule connections */
    struct conn_list list;
    const struct crt_instance_kind **cand;  /* the synapse kinds rules and stimuli name */
    int ncand;
    uint64_t *kind_first;   /* per kind in cand: the first rule/stimulus that made one */
    struct lump *lumps;     /* open-addressing table, NULL in exact mode */
    long nlumps, caplumps;
    struct lump last_lump;  /* the last one share_synapse found or made: a rule's
                               connections come post cell by post cell */
    long npp_created;               /* point processes so far, over all groups and ranks */
    bool bad_build;                 /* res->error says why the network cannot run */
    const struct crt_experiment *e;
    struct crt_globals gl;
    /* Each cell type's cells are split into one group per part (contiguous
     * gids); a cell and all its point processes live in one group, so the
     * split never changes what is computed. */
    struct crt_group *groups;
    int ngroups;
    int *group_type, *group_part;
    int *cell_type, *cell_group, *cell_index;   /* per gid; artificial cells: type -1,
                                                   their art set and index in it */
    int **group_gid;                /* per group, per cell index: its gid (-1: padding) */
    double *thresholds;             /* the cell types' spike thresholds, then the rules' */
    uint64_t *thr_rule;             /* per gid: nrules - the last rule with a threshold that
                                       connected from it, UINT64_MAX if none; NULL if no rule
                                       has a threshold (apply_rule_thresholds) */
    struct pending_pp **pend;       /* [group * npp + pp] */
    long *npend, *cappend;
    long **remap;                   /* pending id -> sorted index, per set */
    struct art_set *arts;           /* populations' artificial cells, then stimuli's */
    int narts, caparts;
    long *art_first;                /* global id of each art set's first instance */
    long nart;
    struct rt_conns conns;          /* sources: gids, then ncells + global art instance id */
    struct conn_target *targets;    /* per set of the connection store */
    int npp_sets;                   /* ngroups * npp: the store's art sets follow */
    long *rule_contacts;            /* connections per rule */
    double drawn_mindelay;          /* the least delay of rules whose delay is drawn */
    long *args_at;                  /* per connection (sorted): its state in conn_args, or
                                       -1; NULL when no connection has any */
    double *conn_args;              /* the connections' states, each written only by the
                                       part of its target */
    const struct crt_mech **pp_mech;   /* per point-mechanism index */
    struct watch_set *watches;      /* [group * npp + pp]: nwatch 0 where none */
    bool has_watches;
    long runge_moves;               /* `derivative runge` instances of the whole model */
    /* The parts: blocks of cells small enough that a thread steps each
     * through a whole interval while its cells, synapses and queue stay in
     * its core's cache (build_parts); thread w runs parts
     * thread_first[w] .. thread_first[w + 1] - 1. */
    struct part *parts;
    int nparts, nthreads;
    int *thread_first, *part_thread;
    /* the run goes in intervals shorter than every delay (several parts or
     * ranks): connection events are queued aside (rt_queue_push_later) */
    bool batched;
    struct crt_result *res;
    /* CRT_REC_POINT records: per record, per cell, the pending id of the
     * stimulus's point process there (-1: none in this run), and its set */
    long **rec_pend;
    int *rec_pp;
    struct idlist **rec_syn;        /* CRT_REC_SYNAPSE: per record, per cell, its instances */
    struct probe_run *prun;         /* per trace: a probe's last samples (measures' voltages) */
    struct trace_src *src;          /* setup_traces: where each trace reads, */
    double **sums;                  /* the addresses synapse traces sum, */
    bool *drop;                     /* which candidate traces repeat a column, */
    struct column *columns;         /* and its scratch */
    /* CRT_RUN_STREAM: traces.csv written as the run goes (rank 0, `out`),
     * every interval of about CRT_STREAM_STEPS steps; a trace figures do not
     * draw keeps its samples in a ring of CRT_STREAM_RING (mask[i]: the
     * ring's size - 1, or -1 for a whole array; tmask the time vector's) */
    bool streaming;
    const char *traces_path;        /* rank 0's */
    char *shown;                    /* setup_traces's: per gid, drawn by a traces figure */
    long *mask, tmask;
    long streamed;                  /* steps whose rows are out (every rank counts them) */
    struct rt_traces_out out;
    /* the spikes, sorted and written out (rank 0) after every interval up
     * to the time reached: none can still come before it (rt_spikes.h) */
    struct rt_spikes_out spk;
    bool spk_open;
    struct rt_stim_spikes_out stim;     /* the recorded stimuli's, the same way (rank 0) */
    bool stim_open;
    bool spikes_lost;               /* one could not be held: the run fails */
    /* one rank: a signal asked the run to stop (rt_outdir.h); part 0 sees
     * it after an interval and the parts stop there, as after a failure */
    bool stoppable, stopped;
    long reached;                   /* part 0: the steps every part has done */
    double t_reached;
    bool stream_failed;
    char stream_err[256];
    double absent;                  /* NaN: what a missing point process records */
    double zero;                    /* what a cell without the recorded synapse records */
    /* several ranks: what every rank fired in the last interval, and whether
     * any failed (part 0 exchanges them between two barriers) */
    struct rt_fired *fired_all, *fired_mine;
    long nfired_all, capfired_all, fired_own_first, capfired_mine, fired_mine_n;
    bool ranks_failed;
    int ranks_stop;                 /* the signal some rank was stopped by (0: none) */
};

#define fired rt_fired

atomic_int rt_stop_signal;     /* rt_outdir.h */

/* Does this rank build and step cell gid? */
static inline bool owns(const struct sim *s, int gid)
{
    return s->nranks == 1 || gid % s->nranks == s->rank;
}

/* Why a move() or send() failed (a code, not text: ranks exchange it). */
enum move_failure { MOVE_OK, MOVE_TO_PAST, MOVE_NOTHING_PENDING, SEND_TO_PAST, SEND_NOT_A_NUMBER };

/* A cell's spike detector: where its spike node's voltage is (groups' data
 * never move), its threshold, gid and whether it was above the threshold at
 * the last check, so that a step's detection reads one array in order and
 * writes nothing for a cell below its threshold. */
struct detector {
    const double *v;
    double thr;             /* its type's threshold, or that of a rule that connected from
                               it (apply_rule_thresholds); CRT_V_LIMIT for a cell whose
                               spikes come from its point processes (no detection) */
    int gid;
    bool detects;           /* false: spikes_from, only the blow-up check */
    bool above;
};

struct part {
    struct sim *s;
    int id;
    int *groups, ngroups;           /* its groups (one per cell type at most) */
    struct rt_queue q;
    struct crt_globals gl;
    struct detector *det;           /* its cells, ascending gid */
    int ngids;
    int *traces;                    /* the recorded traces of its cells */
    int ntraces;
    struct fired *out[2];           /* fired in even and odd intervals (several parts) */
    long nout[2], capout[2];
    int cur;                        /* the outbox of this interval */
    double *spike_t[2];             /* its detected spikes in even and odd intervals: part 0 */
    int *spike_gid[2];              /* takes an interval's while the others step the next */
    long nspikes[2], capspikes[2];  /* (one rank; several: rank 0 takes them from the
                                       exchange) */
    struct rt_stim_spike *stim_spikes[2];  /* its recorded stimuli's spikes, as spike_t */
    long nstim_spikes[2], capstim_spikes[2];
    int fail_move;                  /* or, if not MOVE_OK, a move() or send() failed so: by
                                       mechanism fail_mech (fail_v: send()'s delay) */
    int fail_mech;
    double *no_args;                /* zeros for an event without a connection's state (a
                                       watch's, or sent outside receive); NULL if no
                                       mechanism has any */
    bool failed;                    /* a voltage blew up: at fail_t, cell fail_gid, value fail_v; */
    double fail_t, fail_v;
    int fail_gid;
    size_t fail_bytes;              /* or, if not 0, a buffer could not grow to this size */
    atomic_long fail_interval;      /* the interval it happened in (published before the
                                       barrier that ends it), LONG_MAX if none */
};

/* Allocations while crt_run_flags builds (or ends) a run go through
 * rt_alloc.h: one that fails jumps back to its guard, and the run fails
 * with a message.  While the parts step, their buffers (spikes, events)
 * fail the run through part_out_of_memory instead. */
#define ALLOC(n, T) RT_ALLOC(n, T)

struct sim;
struct crt_result;
static bool collect_spikes_guarded(struct sim *s, struct crt_result *res);

/* A buffer of part p could not grow to `bytes` at time t: the run stops
 * after this interval, as on a blow-up. */
static void part_out_of_memory(struct part *p, size_t bytes, double t)
{
    if (p->failed)
        return;
    p->failed = true;
    p->fail_t = t;
    p->fail_gid = -1;
    p->fail_bytes = bytes;
}

/* A rule connection for CRT_RUN_CONNECTIONS's lists. */
static void list_connection(struct sim *s, int pre, int post, int rule, double w, double d)
{
    struct conn_list *L = &s->list;
    if (L->n == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 1024;
        L->pre = rt_realloc(L->pre, (size_t)L->cap * sizeof *L->pre);
        L->post = rt_realloc(L->post, (size_t)L->cap * sizeof *L->post);
        L->rule = rt_realloc(L->rule, (size_t)L->cap * sizeof *L->rule);
        L->weight = rt_realloc(L->weight, (size_t)L->cap * sizeof *L->weight);
        L->delay = rt_realloc(L->delay, (size_t)L->cap * sizeof *L->delay);
        if (s->nranks > 1)
            L->pos = rt_realloc(L->pos, (size_t)L->cap * sizeof *L->pos);
    }
    L->pre[L->n] = pre;
    L->post[L->n] = post;
    L->rule[L->n] = rule;
    L->weight[L->n] = w;
    L->delay[L->n] = d;
    if (s->nranks > 1)
        L->pos[L->n] = s->cur_pos;
    L->n++;
}

/* A connection from src onto instance `inst` (pending for a point process)
 * of point mechanism pp in group `group`, or (pp < 0) of art set `group`;
 * rule -1: a stimulus's. */
static void add_conn(struct sim *s, long src, int group, int pp, long inst, double w, double d,
                     int rule, int post)
{
    int set = pp >= 0 ? group * s->m->npp + pp : s->npp_sets + group;
    if (!rt_conns_add(&s->conns, (uint32_t)src, (uint32_t)set, (uint32_t)inst, w, d)) {
        if (!s->bad_build)
            snprintf(s->res->error, sizeof s->res->error, "more than %ld connections on one "
                     "process: run on more MPI ranks (docs/CLUSTER.md)", RT_CONNS_MAX);
        s->bad_build = true;
        return;
    }
    if (rule < 0)
        return;
    s->rule_contacts[rule]++;
    if ((s->m->rules[rule].delay_expr.n || s->m->rules[rule].pair_delay) &&
        d < s->drawn_mindelay)
        s->drawn_mindelay = d;      /* drawn_interval */
    if (s->listing)
        list_connection(s, (int)src, post, rule, w, d);
}

/* A point process of kind k at node `node` of cell gid; returns its pending id. */
static long add_pp(struct sim *s, const struct crt_instance_kind *k, int gid, int node)
{
    const struct crt_mech *mech = &s->m->mechs[k->mech];
    int type = s->cell_type[gid], g = s->cell_group[gid];
    long slot = (long)g * s->m->npp + mech->pp_index;
    if (s->npend[slot] == s->cappend[slot]) {
        s->cappend[slot] = s->cappend[slot] ? 2 * s->cappend[slot] : 64;
        s->pend[slot] = rt_realloc(s->pend[slot], (size_t)s->cappend[slot] * sizeof **s->pend);
    }
    struct pending_pp *p = &s->pend[slot][s->npend[slot]];
    p->kind = 0;
    p->uid = (uint32_t)s->npp_created++;
    p->node = (int64_t)node * s->groups[g].ncells + s->cell_index[gid];
    p->seq = s->npend[slot];
    p->params = k->params;
    p->area_factor = 1e2 / s->m->types[type].area[node];
    p->diam = s->m->types[type].diam[node];
    p->area = s->m->types[type].area[node];
    return s->npend[slot]++;
}

static uint64_t lump_hash(long slot, int64_t node, const double *params, int n, int tag)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)slot * 0x9E3779B97F4A7C15ull;
    h = (h ^ (uint64_t)node) * 1099511628211ull;
    h = (h ^ (uint64_t)tag) * 1099511628211ull;
    for (int i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &params[i], sizeof bits);
        h = (h ^ bits) * 1099511628211ull;
    }
    return h;
}

static bool lump_equal(const struct lump *l, long slot, int64_t node, const double *params, int n,
                       int tag)
{
    return l->slot == slot && l->node == node && l->tag == tag &&
           (l->params == params || memcmp(l->params, params, (size_t)n * sizeof *params) == 0);
}

/* 1 + a synapse kind's number among those rules and stimuli name (the
 * first with its parameters); finish_sets renumbers them in order of first
 * use over every rank.  Notes the rule or stimulus using it now. */
static int lump_kind(struct sim *s, const struct crt_instance_kind *k)
{
    int n = s->m->mechs[k->mech].nslots;
    for (int i = 0; i < s->ncand; i++)
        if (s->cand[i]->mech == k->mech &&
            memcmp(s->cand[i]->params, k->params, (size_t)n * sizeof *k->params) == 0) {
            if ((uint64_t)s->cur_source < s->kind_first[i])
                s->kind_first[i] = (uint64_t)s->cur_source;
            return i + 1;
        }
    return s->ncand + 1;    /* not reached: every synapse is a rule's or a stimulus's */
}

static bool shared(const struct crt_model *m, int mech);

/* The lump table's entry for (slot, node, params, tag): its match, or the
 * empty place where it goes (the table grown first, so there is one). */
static struct lump *lump_place(struct sim *s, long slot, int64_t node, const double *params,
                               int n, int tag)
{
    if (2 * (s->nlumps + 1) > s->caplumps) {
        long cap = s->caplumps ? 2 * s->caplumps : 1024;
        struct lump *t = ALLOC(cap, struct lump);
        for (long i = 0; i < s->caplumps; i++) {
            struct lump *l = &s->lumps[i];
            if (!l->params)
                continue;
            uint64_t h = lump_hash(l->slot, l->node, l->params, l->nparams, l->tag);
            long j = (long)(h & (uint64_t)(cap - 1));
            while (t[j].params)
                j = (j + 1) & (cap - 1);
            t[j] = *l;
        }
        free(s->lumps);
        s->lumps = t;
        s->caplumps = cap;
    }
    uint64_t h = lump_hash(slot, node, params, n, tag);
    long j = (long)(h & (uint64_t)(s->caplumps - 1));
    for (; s->lumps[j].params; j = (j + 1) & (s->caplumps - 1))
        if (lump_equal(&s->lumps[j], slot, node, params, n, tag))
            break;
    return &s->lumps[j];
}

/* A synapse of kind k: in the default mode, events onto the same node and
 * kind share one instance when the mechanism is superposable (linear in its
 * events, no standing current: the compiler proves it), which is NEURON's
 * result up to rounding.  Otherwise, and in exact mode, each connection has
 * its own instance, as NetPyNE builds it, unless the synapse is declared
 * `shared`: then the first connection or stimulus through it at a node
 * makes the cell's one instance there and later ones reuse it (NEURON's
 * many NetCons onto one Exp2Syn). */
/* Would exact mode make an instance for this request of a `shared`
 * synapse at (slot, node)?  Only the first through its declared synapse at
 * that node: a marker in the lump table (tag: the declared synapse) says. */
static bool first_shared_here(struct sim *s, const struct crt_instance_kind *k, long slot,
                              int64_t node)
{
    int nslots = s->m->mechs[k->mech].nslots;
    struct lump *l = lump_place(s, slot, node, k->params, nslots, k->synapse + 1);
    if (l->params)
        return false;
    *l = (struct lump){slot, node, k->params, nslots, k->synapse + 1, -1};
    s->nlumps++;
    return true;
}

static long share_synapse(struct sim *s, const struct crt_instance_kind *k, int gid, int node)
{
    bool lumped = shared(s->m, k->mech);
    if (!lumped && !k->shared)
        return add_pp(s, k, gid, node);
    int tag = lumped ? 0 : k->synapse + 1;
    const struct crt_mech *mech = &s->m->mechs[k->mech];
    int g = s->cell_group[gid];
    long slot = (long)g * s->m->npp + mech->pp_index;
    int64_t flat = (int64_t)node * s->groups[g].ncells + s->cell_index[gid];
    /* point processes are numbered as exact mode makes them (their numbers
     * name random streams): a request lumped here that exact mode would
     * have given an instance of its own still counts, so a later synapse
     * that draws numbers has the same stream in both modes */
    bool exact_makes = lumped && (!k->shared || first_shared_here(s, k, slot, flat));
    const struct lump *last = &s->last_lump;
    if (last->params == k->params && last->slot == slot && last->node == flat && last->tag == tag) {
        s->npp_created += exact_makes;
        return last->id;
    }
    struct lump *l = lump_place(s, slot, flat, k->params, mech->nslots, tag);
    if (l->params) {
        s->last_lump = *l;
        s->npp_created += exact_makes;
        return l->id;
    }
    long id = add_pp(s, k, gid, node);
    if (lumped)     /* a shared synapse's instance keeps NEURON's order at its node */
        s->pend[slot][id].kind = lump_kind(s, k);
    *l = (struct lump){slot, flat, k->params, mech->nslots, tag, id};
    s->nlumps++;
    s->last_lump = *l;
    return id;
}

/* A synapse of kind k on another rank's cell gid: counted as exact mode
 * would make it (the point processes' numbers name random streams; see
 * share_synapse), in the lump table under a slot no group has. */
static void count_synapse(struct sim *s, const struct crt_instance_kind *k, int gid, int node)
{
    const struct crt_mech *mech = &s->m->mechs[k->mech];
    long slot = -1 - ((long)gid * s->m->npp + mech->pp_index);
    if (k->shared && !first_shared_here(s, k, slot, node))
        return;
    s->npp_created++;
}

/* A synapse of kind k at node `node` of cell gid, for a connection: its
 * pending id (shared in the default mode); noted for CRT_REC_SYNAPSE
 * records of its declared synapse at that node, once per instance. */
static long add_synapse(struct sim *s, const struct crt_instance_kind *k, int gid, int node)
{
    long id = share_synapse(s, k, gid, node);
    const struct crt_model *m = s->m;
    for (int r = 0; k->synapse >= 0 && r < m->nrecords; r++) {
        const struct crt_record *rec = &m->records[r];
        int j;
        if (rec->kind != CRT_REC_SYNAPSE || rec->stim != k->synapse ||
            rec->row[s->cell_type[gid]] != node || (j = crt_gids_index(&rec->cells, gid)) < 0)
            continue;
        if (!s->rec_syn)
            s->rec_syn = ALLOC(m->nrecords, struct idlist *);
        if (!s->rec_pp)     /* shared with note_point's records */
            s->rec_pp = ALLOC(m->nrecords, int);
        if (!s->rec_syn[r])
            s->rec_syn[r] = ALLOC(rec->cells.n, struct idlist);
        s->rec_pp[r] = m->mechs[k->mech].pp_index;
        struct idlist *L = &s->rec_syn[r][j];
        bool seen = false;
        for (int i = 0; i < L->n && !seen; i++)
            seen = L->id[i] == id;
        if (seen)
            continue;
        if (L->n == L->cap) {
            L->cap = L->cap ? 2 * L->cap : 4;
            L->id = rt_realloc(L->id, (size_t)L->cap * sizeof *L->id);
        }
        L->id[L->n++] = id;
    }
    return id;
}

/* Same node: the most recently created first, as NEURON sums them.  Shared
 * synapses go kind by kind, so that consecutive instances add into
 * different nodes (no chain of dependent additions in the kernel). */
static int cmp_pending(const void *a, const void *b)
{
    const struct pending_pp *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq;
}

/* circ's streams are (stimulus index + 1, gid, seed); NetPyNE's are
 * (hashStr(type), gid, seed) with pick 0 spent by negexp(1). */
static void init_stream_ids(struct sim *s, struct crt_set *set, const struct crt_stim *st,
                            const int *gids)
{
    const struct crt_model *m = s->m;
    for (long i = 0; i < set->n; i++) {
        if (st->nstream > 0) {
            uint32_t id[3] = {0, 0, 0};
            for (int k = 0; k < st->nstream; k++) {
                double x = crt_pair_eval(&st->stream[k], m, s->res->pos, gids[i], gids[i]);
                if (!(x >= 0 && x <= 4294967295.0 && x == floor(x)) && !s->bad_build) {
                    snprintf(s->res->error, sizeof s->res->error, "stimulus '%s' gives the "
                             "source of cell %d the noise_stream id%d %.17g: stream ids are "
                             "whole numbers from 0 to 4294967295", st->name, gids[i], k + 1, x);
                    s->bad_build = true;
                }
                id[k] = s->bad_build ? 0 : (uint32_t)x;
            }
            crt_stream_init(&set->streams[i], id[0], id[1], id[2]);
        } else if (m->rng == CRT_RNG_NETPYNE) {
            crt_stream_init(&set->streams[i], st->type_hash, (uint32_t)gids[i], m->seed);
            crt_stream_next(&set->streams[i]);
        } else {
            crt_stream_init(&set->streams[i], (uint32_t)st->index + 1, (uint32_t)gids[i], m->seed);
        }
    }
}

/* ---- building ------------------------------------------------------------------ */

static void build_cells(struct sim *s, int parts)
{
    const struct crt_model *m = s->m;
    s->cell_type = ALLOC(m->ncells, int);
    s->cell_group = ALLOC(m->ncells, int);
    s->cell_index = ALLOC(m->ncells, int);
    int *count = ALLOC(m->ntypes, int), *first = ALLOC(m->ntypes, int);
    for (int p = 0; p < m->npops; p++)
        for (int k = 0; m->pops[p].type >= 0 && k < m->pops[p].count; k++)
            count[m->pops[p].type] += owns(s, m->pops[p].first_gid + k);
    for (int t = 0; t < m->ntypes; t++) {
        first[t] = s->ngroups;
        s->ngroups += count[t] > 0 ? (count[t] < parts ? count[t] : parts) : 0;
    }
    s->groups = ALLOC(s->ngroups, struct crt_group);
    s->group_type = ALLOC(s->ngroups, int);
    s->group_part = ALLOC(s->ngroups, int);
    int *seen = ALLOC(m->ntypes, int);
    for (int p = 0; p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        int t = pop->type;
        for (int k = 0; t < 0 && k < pop->count; k++) {
            s->cell_type[pop->first_gid + k] = -1;  /* artificial: build_art_cells */
            s->cell_group[pop->first_gid + k] = -1;
        }
        if (t < 0)
            continue;
        int chunks = count[t] < parts ? count[t] : parts;
        int per = chunks > 0 ? (count[t] + chunks - 1) / chunks : 1;
        for (int k = 0; k < pop->count; k++) {
            int gid = pop->first_gid + k;
            s->cell_type[gid] = t;
            if (!owns(s, gid)) {    /* another rank's: its type only */
                s->cell_group[gid] = -1;
                s->cell_index[gid] = -1;
                continue;
            }
            int i = seen[t]++;
            int g = first[t] + i / per;
            s->cell_type[gid] = t;
            s->cell_group[gid] = g;
            s->group_type[g] = t;
            s->group_part[g] = i / per;
            s->cell_index[gid] = (int)s->groups[g].ncells++;
        }
    }
    free(seen);
    free(count);
    free(first);
    s->group_gid = ALLOC(s->ngroups, int *);
    for (int g = 0; g < s->ngroups; g++) {
        struct crt_group *grp = &s->groups[g];
        /* Idle cells at rest fill the last vector of the kernels' loops:
         * no scalar remainder (which cost more than 16 vectorized cells of
         * 20), and no gid refers to them. */
        grp->ncells = (grp->ncells + CRT_CELL_PAD - 1) / CRT_CELL_PAD * CRT_CELL_PAD;
        s->group_gid[g] = ALLOC(grp->ncells, int);
        for (int64_t c = 0; c < grp->ncells; c++)
            s->group_gid[g][c] = -1;
        const struct crt_celltype *ct = &m->types[s->group_type[g]];
        size_t n = (size_t)(3 * ct->nnodes + ct->nslots) * (size_t)grp->ncells;
        grp->data = ALLOC(n, double);
        grp->pp = ALLOC(m->npp, struct crt_set);
        grp->params = ALLOC(ct->nparams, double);
        for (int k = 0; k < ct->nparams; k++) {
            grp->params[k] = ct->param_base[k];
            for (int j = 0; j < s->e->nsets; j++)   /* later sets win */
                if (s->e->sets[j].mech == ct->param_mech[k] &&
                    strcmp(s->e->sets[j].name, ct->param_name[k]) == 0)
                    grp->params[k] = s->e->sets[j].value;
        }
    }
    for (int gid = 0; gid < m->ncells; gid++)
        if (s->cell_type[gid] >= 0 && s->cell_group[gid] >= 0)
            s->group_gid[s->cell_group[gid]][s->cell_index[gid]] = gid;
    size_t nsets = (size_t)s->ngroups * (size_t)m->npp;
    s->pend = ALLOC(nsets, struct pending_pp *);
    s->npend = ALLOC(nsets, long);
    s->cappend = ALLOC(nsets, long);
    s->thresholds = ALLOC(m->ntypes + m->nrules, double);
    for (int t = 0; t < m->ntypes; t++)
        s->thresholds[t] = m->types[t].threshold;
    for (int r = 0; r < m->nrules; r++)
        s->thresholds[m->ntypes + r] = m->rules[r].threshold;
}

/* Which of sim.thresholds cell gid detects spikes with: its type's (index
 * type), or that of the last rule with a threshold that connected from it
 * (ntypes + rule; apply_rule_thresholds). */
static int cell_threshold(const struct sim *s, int gid)
{
    uint64_t last = s->thr_rule ? s->thr_rule[gid] : UINT64_MAX;
    return last != UINT64_MAX ? s->m->ntypes + s->m->nrules - (int)last : s->cell_type[gid];
}

/* What cell gid's detector compares with: cell_threshold, or -1 for a cell
 * whose spikes come from its point processes (spikes_from: crt_emit), which
 * detects none and checks only for a blow-up. */
static int detector_threshold(const struct sim *s, int gid)
{
    return s->m->types[s->cell_type[gid]].spike_mech >= 0 ? -1 : cell_threshold(s, gid);
}

static struct detector detector(const struct sim *s, const double *v, int gid)
{
    int thr = detector_threshold(s, gid);
    return (struct detector){v, thr >= 0 ? s->thresholds[thr] : CRT_V_LIMIT, gid, thr >= 0,
                             false};
}

/* The parts (build_cells split every type into as many groups) and the
 * threads that run them, contiguous blocks of parts: the cells of its
 * groups, a queue, its own globals. */
static void build_parts(struct sim *s, int parts, int threads)
{
    s->nparts = parts;
    s->nthreads = threads;
    s->parts = ALLOC(parts, struct part);
    s->thread_first = ALLOC(threads + 1, int);
    s->part_thread = ALLOC(parts, int);
    for (int w = 0; w <= threads; w++)
        s->thread_first[w] = (int)((long)w * parts / threads);
    for (int w = 0; w < threads; w++)
        for (int k = s->thread_first[w]; k < s->thread_first[w + 1]; k++)
            s->part_thread[k] = w;
    int nargs = 0;          /* no allocation for models without connection state */
    for (int i = 0; i < s->m->nmechs; i++)
        nargs = s->m->mechs[i].nargs > nargs ? s->m->mechs[i].nargs : nargs;
    for (int k = 0; k < parts; k++) {
        struct part *p = &s->parts[k];
        p->s = s;
        p->id = k;
        p->gl = s->gl;
        p->no_args = nargs ? ALLOC(nargs, double) : NULL;
        atomic_init(&p->fail_interval, LONG_MAX);
        rt_queue_init(&p->q);
    }
    for (int g = 0; g < s->ngroups; g++)
        s->parts[s->group_part[g]].ngroups++;
    for (int k = 0; k < parts; k++) {
        s->parts[k].groups = ALLOC(s->parts[k].ngroups, int);
        s->parts[k].ngroups = 0;
    }
    for (int g = 0; g < s->ngroups; g++) {
        struct part *p = &s->parts[s->group_part[g]];
        p->groups[p->ngroups++] = g;
    }
    for (int pass = 0; pass < 2; pass++) {      /* count, then list */
        for (int k = 0; k < parts; k++) {
            if (pass == 1)
                s->parts[k].det = ALLOC(s->parts[k].ngids, struct detector);
            s->parts[k].ngids = 0;
        }
        for (int gid = 0; gid < s->m->ncells; gid++) {
            if (s->cell_type[gid] < 0 || !owns(s, gid))
                continue;       /* artificial: nothing to detect; or another rank's */
            struct part *p = &s->parts[s->group_part[s->cell_group[gid]]];
            if (pass == 1) {
                const struct crt_celltype *ct = &s->m->types[s->cell_type[gid]];
                const struct crt_group *g = &s->groups[s->cell_group[gid]];
                p->det[p->ngids] = detector(
                    s, &g->data[(long)ct->spike_node * g->ncells + s->cell_index[gid]], gid);
            }
            p->ngids++;
        }
    }
}

/* The part that runs cell gid. */
static inline int cell_part(const struct sim *s, int gid)
{
    return s->cell_type[gid] >= 0 ? s->group_part[s->cell_group[gid]]
                                  : s->arts[s->cell_group[gid]].part;
}

/* The part that receives the events of connection k (sorted). */
static inline int conn_part(const struct sim *s, long k)
{
    return rt_conns_part(&s->conns, k);
}

/* Room for every art set of the run: populations' chunks, then one per
 * stimulus and part.  A population of artificial cells is split into
 * contiguous chunks, one per part (as a cell type's groups), each an art
 * set whose instances start from the population's parameters, with the
 * experiment's `set MECH.param` applied. */
static void build_art_cells(struct sim *s, int parts)
{
    const struct crt_model *m = s->m;
    int n = s->e->nstims * parts;
    for (int p = 0; p < m->npops; p++)
        if (m->pops[p].art >= 0)
            n += m->pops[p].count < parts ? m->pops[p].count : parts;
    int K = s->nranks;
    s->caparts = n;
    s->arts = ALLOC(n, struct art_set);
    s->art_first = ALLOC(n, long);
    for (int p = 0; p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        if (pop->art < 0 || pop->count == 0)
            continue;
        const struct crt_mech *mech = &m->mechs[pop->art];
        /* this rank's cells: every K-th from the first it owns */
        int own0 = pop->first_gid + ((s->rank - pop->first_gid % K) % K + K) % K;
        int nown = own0 < pop->first_gid + pop->count
                       ? (pop->first_gid + pop->count - 1 - own0) / K + 1 : 0;
        if (nown == 0)
            continue;
        int chunks = nown < parts ? nown : parts;
        int per = (nown + chunks - 1) / chunks;
        for (int k = 0; k * per < nown; k++) {
            int first = k * per, cnt = nown - first < per ? nown - first : per;
            struct art_set *a = &s->arts[s->narts];
            a->mech = pop->art;
            a->part = k;
            a->first_gid = own0 + first * K;
            a->gid_stride = K;
            a->spike_stim = -1;
            a->pop = pop;
            a->set.n = cnt;
            a->set.data = ALLOC((size_t)mech->nslots * (size_t)cnt, double);
            for (int slot = 0; slot < mech->nslots; slot++) {
                double x = pop->art_params[slot];
                bool set = false;
                for (int j = 0; j < s->e->nsets; j++)   /* later sets win */
                    if (s->e->sets[j].mech == pop->art && mech->slot_names[slot] &&
                        strcmp(s->e->sets[j].name, mech->slot_names[slot]) == 0) {
                        x = s->e->sets[j].value;
                        set = true;
                    }
                for (long i = 0; i < cnt; i++) {
                    /* a node's own dynamics_params, unless the run sets the parameter */
                    long cell = a->first_gid + i * K - pop->first_gid;
                    double own = pop->cell_params && !set
                                     ? pop->cell_params[cell * mech->nslots + slot] : NAN;
                    a->set.data[slot * cnt + i] = isnan(own) ? x : own;
                }
            }
            /* random numbers: a stream per cell, (0x60000000 + population, gid, seed) */
            a->set.streams = ALLOC(cnt, struct crt_stream);
            for (int i = 0; i < cnt; i++)
                crt_stream_init(&a->set.streams[i], 0x60000000u + (uint32_t)p,
                                (uint32_t)(a->first_gid + i * K), m->seed);
            a->set.rt = &s->parts[k];
            a->set.id = s->narts;
            for (int i = 0; i < cnt; i++) {
                s->cell_type[a->first_gid + i * K] = -1;
                s->cell_group[a->first_gid + i * K] = s->narts;
                s->cell_index[a->first_gid + i * K] = i;
            }
            s->narts++;
        }
    }
}

/* Uniform placement in each population's box, one keyed draw per coordinate;
 * or NetPyNE's: a stream (count, first gid, seed) per population, pick 0
 * skipped, then x, y, z of each cell, normalized, then scaled by the volume. */
static void place_cells(const struct crt_model *m, struct crt_result *res);

double *crt_place(const struct crt_model *m)
{
    struct crt_result tmp = {0};
    place_cells(m, &tmp);
    return tmp.pos;
}

static void place_cells(const struct crt_model *m, struct crt_result *res)
{
    res->pos = ALLOC(3 * (size_t)m->ncells, double);
    for (int p = 0; m->rng == CRT_RNG_NETPYNE && p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        struct crt_stream st;
        crt_stream_init(&st, (uint32_t)pop->count, (uint32_t)pop->first_gid, m->seed);
        crt_stream_next(&st);
        for (int k = 0; k < pop->count; k++)
            for (int a = 0; a < 3; a++) {
                double u = crt_stream_uniform(&st);
                double norm = u * (pop->norm_hi[a] - pop->norm_lo[a]) + pop->norm_lo[a];
                res->pos[3 * (pop->first_gid + k) + a] = pop->size[a] * norm;
            }
    }
    for (int p = 0; m->rng != CRT_RNG_NETPYNE && p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        for (int k = 0; k < pop->count && !pop->pos; k++) {
            int gid = pop->first_gid + k;
            for (int a = 0; a < 3; a++) {
                double u = crt_uniform_at(m->seed, CRT_PURPOSE_PLACE, (uint32_t)gid, (uint32_t)a, 0);
                res->pos[3 * gid + a] = pop->lo[a] + u * (pop->hi[a] - pop->lo[a]);
            }
        }
    }
    for (int p = 0; p < m->npops; p++)     /* positions given (either rng) */
        if (m->pops[p].pos)
            memcpy(res->pos + 3 * (size_t)m->pops[p].first_gid, m->pops[p].pos,
                   3 * (size_t)m->pops[p].count * sizeof *res->pos);
}

/* Philox draw for a candidate pair of a probabilistic rule. */
static double pair_uniform(const struct crt_model *m, int rule, int pre, int post)
{
    return crt_uniform_at(m->seed, CRT_PURPOSE_CONNECT, (uint32_t)pre, (uint32_t)post, (uint32_t)rule);
}

/* A declared synapse as this run has it: with the experiment's `set`s. */
static const struct crt_instance_kind *synapse_in_run(const struct sim *s,
                                                      const struct crt_instance_kind *k)
{
    for (int i = 0; k->synapse >= 0 && i < s->e->nsynapse_sets; i++)
        if (s->e->synapse_sets[i].synapse == k->synapse)
            return &s->e->synapse_sets[i];
    return k;
}

/* Pair (pre, post) of rule `rule`, the place-th of the rule's loop, connects
 * (if post is this rank's): pair k of a rule (k >= 0: CRT_PAIRS, whose
 * weight, delay and node may be given per pair), or a drawn pair (k = -1). */
static void connect_listed(struct sim *s, int rule, int pre, int post, long k, long place)
{
    const struct crt_rule *r = &s->m->rules[rule];
    bool art = s->cell_type[post] < 0;
    int node = art ? -1 : k >= 0 && r->pair_node ? r->pair_node[k] : r->node[s->cell_type[post]];
    if (node < 0 && !art)
        return;
    if (!owns(s, post)) {
        if (s->count_all && !art)
            count_synapse(s, synapse_in_run(s, &r->syn), post, node);
        return;
    }
    s->cur_pos = place;
    long inst = art ? s->cell_index[post] : add_synapse(s, synapse_in_run(s, &r->syn), post, node);
    const double *pos = s->res->pos;
    double w = k >= 0 && r->pair_weight ? r->pair_weight[k]
               : r->weight_expr.n ? crt_pair_eval(&r->weight_expr, s->m, pos, pre, post) : r->weight;
    double d = k >= 0 && r->pair_delay ? r->pair_delay[k]
               : r->delay_expr.n ? crt_pair_eval(&r->delay_expr, s->m, pos, pre, post) : r->delay;
    if (!(d >= 0 && d < INFINITY) && !s->bad_build) {
        snprintf(s->res->error, sizeof s->res->error, "connection rule %d gives cells %d -> %d a "
                 "delay of %g ms: delays must be finite and not negative", rule + 1, pre, post, d);
        s->bad_build = true;
    }
    add_conn(s, pre, s->cell_group[post], art ? -1 : s->m->mechs[r->syn.mech].pp_index, inst, w,
             d, rule, post);
    if (s->thr_rule && !isnan(r->threshold) && s->thr_rule[pre] > (uint64_t)(s->m->nrules - rule))
        s->thr_rule[pre] = (uint64_t)(s->m->nrules - rule);
}

/* NEURON keeps the spike threshold in the source (its PreSyn), not in each
 * NetCon: setting a NetCon's threshold sets its source cell's, for every
 * connection from it, and NetPyNE sets it on every NetCon it makes.  So a
 * rule's `threshold` becomes the threshold of each cell it connected from,
 * the last such rule (in order) winning, as in one NEURON process (there a
 * NetCon onto another rank's cell cannot reach its source).  Each rank made
 * the connections onto its own cells: the minimum over ranks of nrules -
 * rule is the last rule anywhere. */
static void apply_rule_thresholds(struct sim *s)
{
    if (!s->thr_rule)
        return;
    if (s->nranks > 1)
        rt_mpi_min_u64(s->thr_rule, s->m->ncells);
    for (int k = 0; k < s->nparts; k++)
        for (int i = 0; i < s->parts[k].ngids; i++)
            s->parts[k].det[i] = detector(s, s->parts[k].det[i].v, s->parts[k].det[i].gid);
}

/* A first SIGINT or SIGTERM while the network is built (10^7 cells take
 * minutes) ends the build at once on one rank, through the run's guard:
 * nothing was simulated (ranks build without talking, so they stop at
 * their first interval instead). */
static void stop_point(const struct sim *s)
{
    if (s->nranks == 1 && atomic_load_explicit(&rt_stop_signal, memory_order_relaxed) != 0)
        rt_oom_abandon();
}

static void connect_pair(struct sim *s, int rule, int pre, int post, long place)
{
    stop_point(s);
    connect_listed(s, rule, pre, post, -1, place);
}

/* Does this rank go through post's candidate pairs?  Its own cells', or
 * every cell's while point processes are counted (count_synapse).  Called
 * for each pair drawn: a sparse rule over 10^10 pairs makes few
 * connections, so the stop is also looked at every 2^20 pairs here. */
static inline bool visits(const struct sim *s, int post)
{
    static _Thread_local unsigned pairs;
    if ((++pairs & 0xfffff) == 0)
        stop_point(s);
    return s->count_all || owns(s, post);
}

/* A rule's probability for one pair. */
static double pair_probability(const struct sim *s, const struct crt_rule *r, int pre, int post)
{
    return r->prob_expr.n ? crt_pair_eval(&r->prob_expr, s->m, s->res->pos, pre, post) : r->value;
}

/* A sample's scratch: the chosen indices, and a hash set of them. */
struct sample {
    long *out;
    long *seen;             /* index + 1, 0: empty; the first `used` of cap */
    long cap, used;         /* used: a power of two >= 2 n for this sample */
};

static bool seen_add(struct sample *x, long v)
{
    unsigned long mask = (unsigned long)(x->used - 1);
    unsigned long h = ((unsigned long)v * 0x9e3779b97f4a7c15ul) & mask;
    while (x->seen[h]) {
        if (x->seen[h] == v + 1)
            return false;
        h = (h + 1) & mask;
    }
    x->seen[h] = v + 1;
    return true;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* n distinct indices of 0 .. N-1 (all of them if n >= N), ascending, into
 * x->out; returns how many.  Floyd's algorithm: n keyed draws (seed,
 * SAMPLE, cell, rule, k), whatever N, so a convergence or divergence rule
 * costs its connections, not its pairs, and no split changes a draw. */
static long sample_sorted(const struct crt_model *m, int rule, uint32_t cell, long N, long n,
                          struct sample *x)
{
    if (n > N)
        n = N;
    if (n <= 0)
        return 0;
    long cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (cap > x->cap) {
        free(x->out);
        free(x->seen);
        x->out = ALLOC(cap, long);
        x->seen = ALLOC(cap, long);
        x->cap = cap;
    }
    x->used = cap;          /* a small sample after a large one clears only its own */
    memset(x->seen, 0, (size_t)cap * sizeof *x->seen);
    long c = 0;
    for (long j = N - n; j < N; j++) {
        double u = crt_uniform_at(m->seed, CRT_PURPOSE_SAMPLE, cell, (uint32_t)rule, (uint32_t)c);
        long t = (long)(u * (double)(j + 1));
        if (t > j)
            t = j;
        if (!seen_add(x, t)) {      /* taken: j itself, which no earlier draw could reach */
            t = j;
            seen_add(x, t);
        }
        x->out[c++] = t;
    }
    qsort(x->out, (size_t)c, sizeof *x->out, cmp_long);
    return c;
}

static void build_rules(struct sim *s)
{
    const struct crt_model *m = s->m;
    struct sample chosen = {0};
    for (int ri = 0; ri < m->nrules && !s->thr_rule; ri++)
        if (!isnan(m->rules[ri].threshold)) {
            s->thr_rule = ALLOC(m->ncells, uint64_t);
            for (int gid = 0; gid < m->ncells; gid++)
                s->thr_rule[gid] = UINT64_MAX;
        }
    for (int ri = 0; ri < m->nrules; ri++) {
        const struct crt_rule *r = &m->rules[ri];
        s->cur_source = ri;
        long npre = r->pre.n, npost = r->post.n;
        switch (r->kind) {
        case CRT_PROBABILITY:
            if (m->rng == CRT_RNG_NETPYNE) {
                /* NetPyNE's matrix: stream (hashList(pre), hashList(post), seed), pick 0
                 * skipped, element i*len(post)+j for pre i and post j, self pairs
                 * drawn but skipped; created post by post */
                uint32_t hash_pre = 0, hash_post = 0;
                if (!crt_hash_gids(&r->pre, &hash_pre) || !crt_hash_gids(&r->post, &hash_post)) {
                    if (!s->bad_build)
                        snprintf(s->res->error, sizeof s->res->error, "out of memory (the MD5 "
                                 "of connection rule %d's cells)", ri + 1);
                    s->bad_build = true;
                    return;
                }
                for (int j = 0; j < r->post.n; j++)
                    for (int i = 0; visits(s, r->post.gid[j]) && i < r->pre.n; i++) {
                        uint64_t k = 1 + (uint64_t)i * (uint64_t)r->post.n + (uint64_t)j;
                        double u = crt_stream_pick(hash_pre, hash_post, m->seed, k);
                        if (r->pre.gid[i] != r->post.gid[j] &&
                            pair_probability(s, r, r->pre.gid[i], r->post.gid[j]) >= u)
                            connect_pair(s, ri, r->pre.gid[i], r->post.gid[j], j * npre + i);
                    }
                break;
            }
            if (r->prob_expr.n) {
                /* a probability of the pair: one keyed draw per pair */
                for (int j = 0; j < r->post.n; j++)
                    for (int i = 0; visits(s, r->post.gid[j]) && i < r->pre.n; i++) {
                        int pre = r->pre.gid[i], post = r->post.gid[j];
                        if (pre != post &&
                            pair_uniform(m, ri, pre, post) < pair_probability(s, r, pre, post))
                            connect_pair(s, ri, pre, post, j * npre + i);
                    }
                break;
            }
            /* Post cells outside, pre inside (NetPyNE's creation order).  Each
             * pair connects with probability p; the gaps between connected
             * pre cells are geometric, drawn from a stream keyed by (post,
             * rule), so the cost is the number of connections, not of pairs. */
            if (r->value <= 0)
                break;
            for (int j = 0; j < r->post.n; j++) {
                int post = r->post.gid[j];
                if (!visits(s, post))
                    continue;
                double logq = log1p(-r->value);     /* -inf when p = 1: no gaps */
                uint32_t k = 0;
                for (long i = -1;;) {
                    double u = crt_uniform_at(m->seed, CRT_PURPOSE_CONNECT, (uint32_t)post,
                                              (uint32_t)ri, k++);
                    double gap = r->value >= 1 ? 0 : floor(log(u) / logq);
                    if (gap >= (double)r->pre.n)
                        break;
                    i += (long)gap + 1;
                    if (i >= r->pre.n)
                        break;
                    if (r->pre.gid[i] != post)
                        connect_pair(s, ri, r->pre.gid[i], post, j * npre + i);
                }
            }
            break;
        case CRT_PAIRS:
            for (int k = 0; k < r->npairs; k++)
                connect_listed(s, ri, r->pre.gid[r->pairs[2 * k]], r->post.gid[r->pairs[2 * k + 1]], k, k);
            break;
        case CRT_CONVERGENCE:   /* each post cell draws `value` distinct presynaptic cells */
            for (int j = 0; j < r->post.n; j++) {
                int post = r->post.gid[j];
                if (!visits(s, post))
                    continue;
                int self = crt_gids_index(&r->pre, post);
                long k = sample_sorted(m, ri, (uint32_t)post, r->pre.n - (self >= 0),
                                       (long)r->value, &chosen);
                for (long c = 0; c < k; c++) {
                    long i = chosen.out[c] + (self >= 0 && chosen.out[c] >= self);
                    connect_pair(s, ri, r->pre.gid[i], post, j * npre + i);
                }
            }
            break;
        case CRT_DIVERGENCE:    /* each pre cell draws `value` distinct postsynaptic cells
                                   (every rank draws for every pre cell, and keeps its own
                                   targets: all the rule's draws on each rank) */
            for (int i = 0; i < r->pre.n; i++) {
                int pre = r->pre.gid[i];
                int self = crt_gids_index(&r->post, pre);
                long k = sample_sorted(m, ri, (uint32_t)pre, r->post.n - (self >= 0),
                                       (long)r->value, &chosen);
                for (long c = 0; c < k; c++) {
                    long j = chosen.out[c] + (self >= 0 && chosen.out[c] >= self);
                    if (visits(s, r->post.gid[j]))
                        connect_pair(s, ri, pre, r->post.gid[j], i * npost + j);
                }
            }
            break;
        }
    }
    free(chosen.out);
    free(chosen.seen);
}

/* The artificial cells of stimulus st whose targets belong to `part`, in
 * target order; global instance ids follow creation order (stimulus by
 * stimulus, so a stimulus's sources sort before a later one's).  inst[j]:
 * the synapse already made on target j (-1: none), made in target order
 * for every part at once so that no split changes the creation order. */
static void add_art_set(struct sim *s, const struct crt_stim *st, int part, const long *inst)
{
    const struct crt_model *m = s->m;
    const struct crt_mech *mech = &m->mechs[st->source.mech];
    int *gids = ALLOC(st->target.n, int), *target = ALLOC(st->target.n, int), n = 0;
    for (int j = 0; j < st->target.n; j++)
        if (owns(s, st->target.gid[j]) && cell_part(s, st->target.gid[j]) == part) {
            target[n] = j;
            gids[n++] = st->target.gid[j];
        }
    if (n == 0) {
        free(gids);
        free(target);
        return;
    }
    struct art_set *a = &s->arts[s->narts];
    a->mech = st->source.mech;
    a->part = part;
    a->first_gid = -1;
    a->spike_stim = -1;
    for (int k = 0; k < m->nspike_stims; k++)
        if (strcmp(m->spike_stims[k], st->name) == 0)
            a->spike_stim = k;
    a->set.n = n;
    a->set.data = ALLOC((size_t)mech->nslots * (size_t)n, double);
    for (int slot = 0; slot < mech->nslots; slot++)
        for (long i = 0; i < n; i++)
            a->set.data[slot * n + i] = st->source.params[slot];
    a->set.streams = ALLOC(n, struct crt_stream);
    init_stream_ids(s, &a->set, st, gids);
    a->set.rt = &s->parts[part];
    a->set.id = s->narts;
    s->art_first[s->narts] = s->nart;
    for (int j = 0; j < n; j++) {
        int gid = gids[j];
        s->cur_pos = target[j];
        if (s->cell_type[gid] < 0)      /* an artificial cell: straight to it */
            add_conn(s, m->ncells + s->nart + j, s->cell_group[gid], -1, s->cell_index[gid],
                     st->weight, st->delay, -1, gid);
        else if (inst[target[j]] >= 0)
            add_conn(s, m->ncells + s->nart + j, s->cell_group[gid],
                     m->mechs[st->syn.mech].pp_index, inst[target[j]], st->weight, st->delay, -1,
                     gid);
    }
    s->nart += n;
    s->narts++;
    if (a->spike_stim >= 0)
        a->gids = gids;     /* kept for the spikes' rows */
    else
        free(gids);
    free(target);
}

/* The point process stimulus st placed on cell gid (pending id `id`), for
 * the records of its variables. */
static void note_point(struct sim *s, const struct crt_stim *st, int gid, long id)
{
    const struct crt_model *m = s->m;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        if (rec->kind != CRT_REC_POINT || rec->stim != st->index)
            continue;
        if (!s->rec_pend)
            s->rec_pend = ALLOC(m->nrecords, long *);
        if (!s->rec_pp)     /* shared with add_synapse's records */
            s->rec_pp = ALLOC(m->nrecords, int);
        if (!s->rec_pend[k]) {
            s->rec_pend[k] = ALLOC(rec->cells.n, long);
            for (int j = 0; j < rec->cells.n; j++)
                s->rec_pend[k][j] = -1;
        }
        int j = crt_gids_index(&rec->cells, gid);
        if (j >= 0)
            s->rec_pend[k][j] = id;
        s->rec_pp[k] = m->mechs[st->source.mech].pp_index;
    }
}

static void build_stims(struct sim *s)
{
    const struct crt_model *m = s->m;
    const struct crt_experiment *e = s->e;
    for (int k = 0; k < e->nstims; k++) {
        const struct crt_stim *st = &e->stims[k];
        const struct crt_mech *mech = &m->mechs[st->source.mech];
        s->cur_source = m->nrules + k;
        if (mech->kind == CRT_POINT) {
            for (int j = 0; j < st->target.n; j++) {
                int gid = st->target.gid[j];
                int node = s->cell_type[gid] < 0 ? -1 : st->node[s->cell_type[gid]];
                if (node >= 0 && owns(s, gid))
                    note_point(s, st, gid, add_pp(s, &st->source, gid, node));
                else if (node >= 0)
                    s->npp_created++;   /* another rank's: only its number */
            }
            continue;
        }
        /* one artificial cell per target, each with its own stream and
         * synapse, run by the part of its target (a set per part) */
        long *inst = ALLOC(st->target.n, long);
        for (int j = 0; j < st->target.n; j++) {
            int gid = st->target.gid[j];
            int node = s->cell_type[gid] < 0 ? -1 : st->node[s->cell_type[gid]];
            inst[j] = -1;
            if (node >= 0 && owns(s, gid))
                inst[j] = add_synapse(s, synapse_in_run(s, &st->syn), gid, node);
            else if (node >= 0 && s->count_all)
                count_synapse(s, synapse_in_run(s, &st->syn), gid, node);
        }
        for (int part = 0; part < s->nparts; part++)
            add_art_set(s, st, part, inst);
        free(inst);
    }
}

/* Which point mechanisms are laid out as sites (circ_rt.h): in the default
 * mode, those whose every instance in the run is a shared synapse (decided
 * for the whole run, so no thread split changes how a cell is computed). */
static bool *site_sets(struct sim *s)
{
    const struct crt_model *m = s->m;
    bool *dense = ALLOC(m->npp, bool);
    for (int pp = 0; pp < m->npp; pp++) {
        dense[pp] = !m->exact;
        for (int k = 0; k < m->nmechs; k++)
            if (m->mechs[k].kind == CRT_POINT && m->mechs[k].pp_index == pp &&
                !m->mechs[k].superposable)
                dense[pp] = false;
        for (int g = 0; g < s->ngroups && dense[pp]; g++) {
            size_t slot = (size_t)g * (size_t)m->npp + (size_t)pp;
            for (long i = 0; i < s->npend[slot] && dense[pp]; i++)
                dense[pp] = s->pend[slot][i].kind > 0;
        }
    }
    rt_mpi_and(dense, m->npp);      /* over every rank's instances */
    return dense;
}

/* A site set: the (kind, node) pairs of group g's shared synapses, kind by
 * kind, each with one instance per cell (a cell without that synapse gets
 * an idle one: no event reaches it, its current stays 0).  p is sorted; the
 * pending ids map to site * ncells + cell. */
static void lay_out_sites(struct sim *s, int g, struct crt_set *set, const struct pending_pp *p,
                          long n, int nslots, bool diam, bool area, long *remap)
{
    int64_t ncells = s->groups[g].ncells;
    long nsites = 0;
    long *first = ALLOC(n, long);           /* first pending entry of each site */
    for (long i = 0; i < n; i++)
        if (i == 0 || p[i].kind != p[i - 1].kind || p[i].node / ncells != p[i - 1].node / ncells)
            first[nsites++] = i;
    long total = nsites * (long)ncells;
    set->n = total;
    set->nsites = nsites;
    set->site_node = ALLOC(nsites, int64_t);
    set->data = ALLOC((size_t)nslots * (size_t)total, double);
    set->node = ALLOC(total, int64_t);
    set->area_factor = ALLOC(total, double);
    set->diam = diam ? ALLOC(total, double) : NULL;
    set->area = area ? ALLOC(total, double) : NULL;
    set->scratch = ALLOC(2 * total, double);
    for (long k = 0; k < nsites; k++) {
        const struct pending_pp *rep = &p[first[k]];
        int64_t node = rep->node / ncells;
        set->site_node[k] = node;
        for (int64_t c = 0; c < ncells; c++) {
            long i = k * (long)ncells + (long)c;
            set->node[i] = node * ncells + c;
            set->area_factor[i] = rep->area_factor;
            if (diam)
                set->diam[i] = rep->diam;
            if (area)
                set->area[i] = rep->area;
            for (int j = 0; j < nslots; j++)
                set->data[j * total + i] = rep->params[j];
        }
        long end = k + 1 < nsites ? first[k + 1] : n;
        for (long e = first[k]; e < end; e++) {
            long i = k * (long)ncells + (long)(p[e].node % ncells);
            remap[p[e].seq] = i;
        }
    }
    free(first);
}

/* Shared synapses' kinds numbered in order of first use (the rule or
 * stimulus that first made one, over every rank), as one process makes them. */
static void number_kinds(struct sim *s)
{
    rt_mpi_min_u64(s->kind_first, s->ncand);
    int *num = ALLOC(s->ncand + 1, int);
    for (int i = 0; i < s->ncand; i++) {
        int before = 0;
        for (int j = 0; j < s->ncand; j++)
            before += s->kind_first[j] < s->kind_first[i] ||
                      (s->kind_first[j] == s->kind_first[i] && j < i);
        num[i] = before + 1;
    }
    size_t nsets = (size_t)s->ngroups * (size_t)s->m->npp;
    for (size_t k = 0; k < nsets; k++)
        for (long i = 0; i < s->npend[k]; i++)
            if (s->pend[k][i].kind > 0 && s->pend[k][i].kind <= s->ncand)
                s->pend[k][i].kind = num[s->pend[k][i].kind - 1];
    free(num);
}

static void place_conn_args(struct sim *s);
static void list_conns_per_instance(struct sim *s);

/* Does any connection have a state, or an initial block to run, or a
 * receive that goes through its instance's connections? */
static bool conns_have_state(const struct sim *s)
{
    for (int i = 0; i < s->m->nmechs; i++)
        if (s->m->mechs[i].nargs > 0 || s->m->mechs[i].net_init || s->m->mechs[i].for_conns)
            return true;
    return false;
}

/* The connection store laid out for the run (by source, delay, creation),
 * with each of its sets' delivery data. */
static void sort_connections(struct sim *s)
{
    const struct crt_model *m = s->m;
    int nsets = s->npp_sets + s->narts;
    long *set_n = ALLOC(nsets, long);
    const long **remap = ALLOC(nsets, const long *);
    s->targets = ALLOC(nsets, struct conn_target);
    for (int k = 0; k < nsets; k++) {
        struct conn_target *t = &s->targets[k];
        if (k < s->npp_sets) {
            int g = k / m->npp, pp = k % m->npp;
            t->set = &s->groups[g].pp[pp];
            t->mech = s->pp_mech[pp];
            t->part = s->group_part[g];
            remap[k] = s->remap[k];
        } else {
            struct art_set *a = &s->arts[k - s->npp_sets];
            t->set = &a->set;
            t->mech = &m->mechs[a->mech];
            t->part = a->part;
        }
        set_n[k] = t->set->n;
    }
    int *set_part = NULL;
    if (s->nparts > 1) {
        set_part = ALLOC(nsets, int);
        for (int k = 0; k < nsets; k++)
            set_part[k] = s->targets[k].part;
    }
    if (!rt_conns_finish(&s->conns, m->ncells + s->nart, nsets, set_n, remap, set_part,
                         conns_have_state(s)) && !s->bad_build) {
        snprintf(s->res->error, sizeof s->res->error, "more than 4294967295 synapses and "
                 "artificial cells on one process: run on more MPI ranks (docs/CLUSTER.md)");
        s->bad_build = true;
    }
    free(set_n);
    free(remap);
    free(set_part);
}

/* Sorts every point-process set into NEURON's summation order and fills it. */
static void finish_sets(struct sim *s)
{
    const struct crt_model *m = s->m;
    number_kinds(s);
    size_t nsets = (size_t)s->ngroups * (size_t)m->npp;
    s->remap = ALLOC(nsets, long *);
    s->pp_mech = ALLOC(m->npp, const struct crt_mech *);
    bool *dense = site_sets(s);
    for (int t = 0; t < s->ngroups; t++)
        for (int pp = 0; pp < m->npp; pp++) {
            size_t slot = (size_t)t * (size_t)m->npp + (size_t)pp;
            long n = s->npend[slot];
            struct pending_pp *p = s->pend[slot];
            if (n > 1)
                qsort(p, (size_t)n, sizeof *p, cmp_pending);
            s->remap[slot] = ALLOC(n, long);
            for (long i = 0; i < n; i++)
                s->remap[slot][p[i].seq] = i;
            int mech = -1;
            for (int k = 0; k < m->nmechs; k++)
                if (m->mechs[k].kind == CRT_POINT && m->mechs[k].pp_index == pp)
                    mech = k;
            s->pp_mech[pp] = mech >= 0 ? &m->mechs[mech] : NULL;
            struct crt_set *set = &s->groups[t].pp[pp];
            int nslots = mech >= 0 ? m->mechs[mech].nslots : 0;
            bool diam = mech >= 0 && m->mechs[mech].reads_diam;
            bool area = mech >= 0 && m->mechs[mech].reads_area;
            set->rt = &s->parts[s->group_part[t]];
            set->id = -1 - (int64_t)slot;
            set->gdata = s->groups[t].data;
            if (dense[pp] && n > 0) {
                lay_out_sites(s, t, set, p, n, nslots, diam, area, s->remap[slot]);
                continue;
            }
            set->n = n;
            set->data = ALLOC((size_t)nslots * (size_t)n, double);
            set->node = ALLOC(n, int64_t);
            set->area_factor = ALLOC(n, double);
            set->diam = diam ? ALLOC(n, double) : NULL;
            set->area = area ? ALLOC(n, double) : NULL;
            set->scratch = ALLOC(2 * n, double);
            for (long i = 0; i < n; i++) {
                set->node[i] = p[i].node;
                set->area_factor[i] = p[i].area_factor;
                if (diam)
                    set->diam[i] = p[i].diam;
                if (area)
                    set->area[i] = p[i].area;
                for (int k = 0; k < nslots; k++)
                    set->data[k * n + i] = p[i].params[k];
            }
            if (mech >= 0 && m->mechs[mech].uses_random) {
                set->streams = ALLOC(n, struct crt_stream);
                for (long i = 0; i < n; i++)
                    crt_stream_init(&set->streams[i], 0x70000000u + (uint32_t)pp,
                                    p[i].uid, m->seed);
            }
        }
    free(dense);
    for (size_t k = 0; k < nsets; k++) {   /* sorted and laid out: no longer needed */
        free(s->pend[k]);
        s->pend[k] = NULL;
    }
    sort_connections(s);
    place_conn_args(s);
    list_conns_per_instance(s);
}

static void *to_rank0(struct sim *s, void *mine, long *n, size_t size);

/* Every connection onto a mechanism whose receive has arguments after the
 * weight gets its own vector of them (NEURON's NetCon weight vector). */
static void place_conn_args(struct sim *s)
{
    bool any = false;
    for (int i = 0; i < s->m->nmechs; i++)
        any |= s->m->mechs[i].nargs > 0;
    if (!any || s->bad_build)
        return;
    long n = 0, nconns = s->conns.n;
    s->args_at = ALLOC(nconns, long);
    for (long c = 0; c < nconns; c++) {
        int nargs = s->targets[rt_conns_set(&s->conns, c)].mech->nargs;
        s->args_at[c] = nargs > 0 ? n : -1;
        n += nargs;
    }
    if (n)
        s->conn_args = ALLOC(n, double);
}

/* Connection k's state, or the part's zeros. */
static inline double *conn_state(const struct sim *s, const struct part *p, long k)
{
    return s->args_at && s->args_at[k] >= 0 ? s->conn_args + s->args_at[k] : p->no_args;
}

static void free_conn_lists(struct crt_set *set)
{
    free(set->conn_start);
    free(set->conn_weight);
    free(set->conn_state);
}

struct ranked {
    uint32_t rank, at;      /* a connection's place in creation order, and in its source's */
};

static int by_rank(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The connection lists of `for each connection` (NEURON's FOR_NETCONS):
 * NEURON goes through its PreSyns in creation order and each one's NetCons
 * in creation order.  A circ cell has its spike source from its creation
 * (NetPyNE's pc.cell), so sources come in gid order, then the stimuli's in
 * theirs: the connection store's source order.  Within a source, creation
 * order; a rank holds every connection onto its instances, made in the
 * order one process makes them, so no split changes a list. */
static void list_conns_per_instance(struct sim *s)
{
    const struct rt_conns *cs = &s->conns;
    int nsets = s->npp_sets + s->narts;
    bool any = false;
    if (s->bad_build || !cs->created)
        return;     /* a failed build has no store to list */
    for (int k = 0; k < nsets; k++)
        any |= s->targets[k].mech && s->targets[k].mech->for_conns;
    if (!any)
        return;
    long n = cs->n;
    uint32_t *rank = ALLOC(n, uint32_t);
    for (long i = 0; i < n; i++)
        rank[cs->created[i]] = (uint32_t)i;
    int64_t **fill = ALLOC(nsets, int64_t *);
    for (int k = 0; k < nsets; k++) {
        struct crt_set *set = s->targets[k].set;
        if (!s->targets[k].mech || !s->targets[k].mech->for_conns)
            continue;
        set->conn_start = ALLOC(set->n + 1, int64_t);
        fill[k] = ALLOC(set->n + 1, int64_t);
    }
    for (long c = 0; c < n; c++) {
        int k = rt_conns_set(cs, c);
        if (fill[k])
            s->targets[k].set->conn_start[rt_conns_inst(cs, c, k) + 1]++;
    }
    for (int k = 0; k < nsets; k++) {
        struct crt_set *set = s->targets[k].set;
        if (!fill[k])
            continue;
        for (long i = 0; i < set->n; i++)
            set->conn_start[i + 1] += set->conn_start[i];
        for (long i = 0; i <= set->n; i++)
            fill[k][i] = set->conn_start[i];
        set->conn_weight = ALLOC(set->conn_start[set->n], double);
        set->conn_state = ALLOC(set->conn_start[set->n], double *);
    }
    struct ranked *order = NULL;    /* a source's connections, by creation */
    long cap = 0;
    for (long src = 0; src < cs->nsrc; src++) {
        long a = cs->start[src], b = cs->start[src + 1], m = 0;
        if (b - a > cap) {
            free(order);
            cap = b - a;
            order = ALLOC(cap, struct ranked);
        }
        for (long c = a; c < b; c++)
            if (fill[rt_conns_set(cs, c)]) {
                order[m++] = (struct ranked){rank[c], (uint32_t)(c - a)};
            }
        if (m > 1)
            qsort(order, (size_t)m, sizeof *order, by_rank);
        for (long j = 0; j < m; j++) {
            long c = a + order[j].at;
            int k = rt_conns_set(cs, c);
            const struct conn_target *t = &s->targets[k];
            int64_t at = fill[k][rt_conns_inst(cs, c, k)]++;
            t->set->conn_weight[at] = rt_conns_weight(cs, c);
            t->set->conn_state[at] = conn_state(s, &s->parts[t->part], c);
        }
    }
    free(order);
    for (int k = 0; k < nsets; k++)
        free(fill[k]);
    free(fill);
    free(rank);
}

/* finitialize's NetCon part (NetCvode::init_events): each connection's state
 * is zeroed, then receive's initial block runs for it, in creation order. */
static void init_conn_args(struct sim *s)
{
    if (!s->conns.created)
        return;     /* no connection has a state or an initial block */
    for (long i = 0; i < s->conns.n; i++) {
        long k = s->conns.created[i];
        int set = rt_conns_set(&s->conns, k);
        const struct conn_target *t = &s->targets[set];
        struct part *p = t->set->rt;
        double *args = conn_state(s, p, k);
        for (int j = 0; j < t->mech->nargs; j++)
            args[j] = 0;
        if (t->mech->net_init)
            t->mech->net_init(t->set, rt_conns_inst(&s->conns, k, set),
                              rt_conns_weight(&s->conns, k), 0, args, &p->gl);
    }
    free(s->conns.created);     /* used once */
    s->conns.created = NULL;
}

struct listed {             /* a rule connection, as ranks send them to rank 0 */
    int pre, post, rule, pad;
    long pos;               /* its place in the rule's loop */
    double weight, delay;
};

static int by_creation(const void *a, const void *b)
{
    const struct listed *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Several ranks: every rank's rule connections to rank 0, in the order one
 * process creates them (rule, then the pair's place in the rule's loop);
 * the others keep none (collective). */
static void connections_to_rank0(struct sim *s, const long *pos)
{
    struct crt_result *res = s->res;
    long n = res->nrule_connections;
    struct listed *l = ALLOC(n, struct listed);
    for (long c = 0; c < n; c++)
        l[c] = (struct listed){res->conn_pre[c], res->conn_post[c], res->conn_rule[c], 0, pos[c],
                               res->conn_weight[c], res->conn_delay[c]};
    l = to_rank0(s, l, &n, sizeof *l);
    if (n > 1)
        qsort(l, (size_t)n, sizeof *l, by_creation);
    free(res->conn_pre);
    free(res->conn_post);
    free(res->conn_rule);
    free(res->conn_weight);
    free(res->conn_delay);
    res->conn_pre = res->conn_post = res->conn_rule = NULL;
    res->conn_weight = res->conn_delay = NULL;
    res->nrule_connections = 0;
    res->conn_pre = ALLOC(n, int);
    res->conn_post = ALLOC(n, int);
    res->conn_rule = ALLOC(n, int);
    res->conn_weight = ALLOC(n, double);
    res->conn_delay = ALLOC(n, double);
    for (long c = 0; c < n; c++) {
        res->conn_pre[c] = l[c].pre;
        res->conn_post[c] = l[c].post;
        res->conn_rule[c] = l[c].rule;
        res->conn_weight[c] = l[c].weight;
        res->conn_delay[c] = l[c].delay;
    }
    res->nrule_connections = n;
    free(l);
}

/* The rule connections, in creation order (CRT_RUN_CONNECTIONS; several
 * ranks: all of them on rank 0): the lists made with them, handed over. */
static void list_connections(struct sim *s)
{
    struct crt_result *res = s->res;
    struct conn_list *L = &s->list;
    if (L->cap == 0) {      /* none made: empty lists all the same */
        L->pre = ALLOC(0, int);
        L->post = ALLOC(0, int);
        L->rule = ALLOC(0, int);
        L->weight = ALLOC(0, double);
        L->delay = ALLOC(0, double);
    }
    res->nrule_connections = L->n;
    res->conn_pre = L->pre;
    res->conn_post = L->post;
    res->conn_rule = L->rule;
    res->conn_weight = L->weight;
    res->conn_delay = L->delay;
    L->pre = L->post = L->rule = NULL;
    L->weight = L->delay = NULL;
    if (s->nranks > 1)
        connections_to_rank0(s, L->pos);
    free(L->pos);
    L->pos = NULL;
}

/* ---- parts: a thread's share of a run ------------------------------------------------ */

/* Each thread owns its groups' cells and their point processes, the
 * artificial cells that stimulate them, an event queue and globals of its
 * own (t moves during delivery).  A firing source queues its events onto
 * its own part's cells at once; sources with targets elsewhere, fired
 * during an interval of fewer steps than the shortest connection delay, are
 * exchanged at its end, when none of their events can yet be due (NEURON's
 * ParallelContext scheme). */
/* One event per delay and part: it reaches the source's connections
 * [a, a + b) of that delay on that part's cells (in their order, which is
 * also the order separate events at equal times would have; rt_conns.h).
 * Queues those of source src, fired at t with birth `born`, onto the parts
 * of thread w; returns whether any is on another thread's part.  The
 * events are due after the interval they were fired in, so a part of the
 * same thread may take them at once, whether it stepped through the
 * interval already or not. */
static bool push_runs(const struct sim *s, int w, long src, double t, struct rt_birth born)
{
    bool elsewhere = false;
    const struct rt_conns *cs = &s->conns;
    long last = cs->start[src + 1];
    for (long c = cs->start[src], end; c < last; c = end) {
        double delay = rt_conns_delay(cs, c);
        int q = s->nparts > 1 ? conn_part(s, c) : 0;
        for (end = c + 1; end < last && rt_conns_delay(cs, end) == delay &&
                          (s->nparts == 1 || conn_part(s, end) == q); end++)
            ;
        if (s->part_thread[q] != w) {
            elsewhere = true;
            continue;
        }
        struct part *into = &s->parts[q];
        struct rt_birth now = into->q.born;
        rt_queue_birth(&into->q, born);
        bool pushed = s->batched ? rt_queue_push_later(&into->q, t + delay, RT_EV_NETCON,
                                                       (int)c, (int)(end - c))
                                 : rt_queue_push(&into->q, t + delay, RT_EV_NETCON, (int)c,
                                                 (int)(end - c), 0, 0, NULL);
        rt_queue_birth(&into->q, now);
        if (!pushed)
            part_out_of_memory(into, rt_queue_bytes(&into->q), t);
    }
    return elsewhere;
}

/* Source src fired at t on part p: its events onto the parts of p's
 * thread now, the others' after the interval (exchange). */
static void fire(struct part *p, long src, double t)
{
    const struct sim *s = p->s;
    bool elsewhere = push_runs(s, s->part_thread[p->id], src, t, p->q.born);
    /* with several ranks, a cell's targets on other ranks are not known
     * here: every cell that fires is sent (a stimulus's sources reach only
     * their own target, which is this rank's) */
    if (!elsewhere && !(s->nranks > 1 && src < s->m->ncells))
        return;     /* every target is this thread's */
    int c = p->cur;
    if (p->nout[c] == p->capout[c]) {
        long cap = p->capout[c] ? 2 * p->capout[c] : 256;
        struct fired *out = realloc(p->out[c], (size_t)cap * sizeof *out);
        if (!out) {
            part_out_of_memory(p, (size_t)cap * sizeof *out, t);
            return;
        }
        p->out[c] = out;
        p->capout[c] = cap;
    }
    p->out[c][p->nout[c]++] = (struct fired){src, t, p->q.born};
}

/* Several threads, thread w after an interval: queue the events of every
 * source the other threads' parts fired in it (their outboxes c) that land
 * on the cells of w's parts, born when they fired.  Each thread reads those
 * outboxes once, and each source's connections once. */
static void exchange(struct sim *s, int w, int c)
{
    for (int k = 0; k < s->nparts; k++)
        for (long i = 0; s->part_thread[k] != w && i < s->parts[k].nout[c]; i++) {
            const struct fired *f = &s->parts[k].out[c][i];
            push_runs(s, w, f->src, f->t, f->born);
        }
}

/* Several ranks, part 0 between two barriers: every part's outbox c to
 * every rank, and whether any part of any rank failed in the interval. */
static void exchange_ranks(struct sim *s, int c, bool failed, int stop, double t)
{
    long n = 0;
    for (int k = 0; k < s->nparts; k++)
        n += s->parts[k].nout[c];
    if (n > s->capfired_mine) {
        struct rt_fired *b = realloc(s->fired_mine, (size_t)n * sizeof *b);
        if (!b) {
            part_out_of_memory(&s->parts[0], (size_t)n * sizeof *b, t);
            failed = true;
            n = 0;
        } else {
            s->fired_mine = b;
            s->capfired_mine = n;
        }
    }
    for (int k = 0, i = 0; i < n && k < s->nparts; k++)
        for (long j = 0; j < s->parts[k].nout[c]; j++)
            s->fired_mine[i++] = s->parts[k].out[c][j];
    bool any;
    int any_stop;
    if (!rt_mpi_exchange(s->fired_mine, n, failed, stop, &s->fired_all, &s->nfired_all,
                         &s->capfired_all, &s->fired_own_first, &any, &any_stop))
        part_out_of_memory(&s->parts[0], (size_t)s->nfired_all * sizeof *s->fired_all, t);
    s->nfired_all = any ? 0 : s->nfired_all;    /* a failure: nothing to queue */
    /* every cell that fired on any rank is in fired_all (fire): rank 0's
     * record of the spikes, the same (time, gid) as add_spike's */
    for (long i = 0; s->spk_open && s->m->record_spikes && i < s->nfired_all; i++)
        if (s->fired_all[i].src < s->m->ncells) {
            int gid = (int)s->fired_all[i].src;
            if (!rt_spikes_add(&s->spk, &s->fired_all[i].t, &gid, 1)) {
                s->spikes_lost = true;
                part_out_of_memory(&s->parts[0], (size_t)s->spk.cappend * 32, t);
            }
        }
    s->ranks_failed = any;
    s->ranks_stop = any ? 0 : any_stop;
    if (s->ranks_stop) {
        s->stopped = true;
        /* a rank the signal did not reach says so too (res->stopped_by) */
        int none = 0;
        atomic_compare_exchange_strong(&rt_stop_signal, &none, s->ranks_stop);
    }
    s->fired_mine_n = n;
}

/* Part 0 after interval k (its spikes in the parts' buffers c): every
 * spike earlier than t, the time every part reached, is final (a later
 * step's are at its time + 1e-10, events delivered later are due after
 * it), so those are sorted and written out.  The other parts fill their
 * buffers 1 - c meanwhile, and empty c again only after the next barrier. */
static void flush_spikes(struct sim *s, int c, double t)
{
    for (int k = 0; s->nranks == 1 && k < s->nparts; k++) {
        struct part *q = &s->parts[k];
        if (s->spk_open && !rt_spikes_add(&s->spk, q->spike_t[c], q->spike_gid[c],
                                          q->nspikes[c])) {
            s->spikes_lost = true;
            part_out_of_memory(&s->parts[0], (size_t)(s->spk.npend + q->nspikes[c]) * 32, t);
        }
        q->nspikes[c] = 0;
    }
    if (s->spk_open)
        rt_spikes_flush(&s->spk, t);
}

/* Part 0 after interval k, as flush_spikes: the recorded stimuli's spikes
 * in the parts' buffers c, earlier than t, written out.  Several ranks
 * (collective, when the model records any): each rank's go to rank 0,
 * since a stimulus's sources live on its targets' ranks and their spikes
 * are never exchanged. */
static void flush_stim_spikes(struct sim *s, int c, double t)
{
    if (s->m->nspike_stims == 0)
        return;
    long n = 0;
    for (int k = 0; k < s->nparts; k++)
        n += s->parts[k].nstim_spikes[c];
    if (s->nranks == 1) {
        for (int k = 0; s->stim_open && k < s->nparts; k++)
            if (!rt_stim_spikes_add(&s->stim, s->parts[k].stim_spikes[c],
                                    s->parts[k].nstim_spikes[c]))
                part_out_of_memory(&s->parts[0], (size_t)(s->stim.npend + n) * 16, t);
    } else {
        struct rt_stim_spike *mine = malloc(((size_t)n + 1) * sizeof *mine);
        if (!mine) {
            part_out_of_memory(&s->parts[0], ((size_t)n + 1) * sizeof *mine, t);
            n = 0;
        }
        for (int k = 0, i = 0; i < n && k < s->nparts; k++)
            for (long j = 0; j < s->parts[k].nstim_spikes[c]; j++)
                mine[i++] = s->parts[k].stim_spikes[c][j];
        size_t bytes = 0;
        struct rt_stim_spike *all = rt_mpi_gather(mine, (size_t)n * sizeof *mine, &bytes, NULL);
        free(mine);
        if (s->stim_open && !rt_stim_spikes_add(&s->stim, all, (long)(bytes / sizeof *all)))
            part_out_of_memory(&s->parts[0], bytes, t);
        free(all);
    }
    for (int k = 0; k < s->nparts; k++)
        s->parts[k].nstim_spikes[c] = 0;
    if (s->stim_open)
        rt_stim_spikes_flush(&s->stim, t);
}

/* Several ranks, thread w: queue the events of what other ranks fired onto
 * the cells of w's parts. */
static void receive(struct sim *s, int w)
{
    long own0 = s->fired_own_first, own1 = own0 + s->fired_mine_n;
    for (long i = 0; i < s->nfired_all; i++)
        if (i < own0 || i >= own1)
            push_runs(s, w, s->fired_all[i].src, s->fired_all[i].t, s->fired_all[i].born);
}

/* A move() that NEURON refuses (net_move's hoc errors) stops the run; so
 * does a send() into the past (net_send's "td-t" error) and, where NEURON
 * would queue an event that never comes and may hold up others, a send()
 * with a delay that is not a number. */
static void move_failure_text(char *buf, size_t size, enum move_failure why, double delay)
{
    switch (why) {
    case MOVE_TO_PAST:
        snprintf(buf, size, "move() to a time before the present");
        break;
    case MOVE_NOTHING_PENDING:
        snprintf(buf, size, "move() with no self event of flag 1 pending (the last one sent "
                 "was delivered or none was sent)");
        break;
    case SEND_TO_PAST:
        snprintf(buf, size, "send() with delay %.17g ms, to a time before the present (NEURON "
                 "stops so: net_send td-t < 0)", delay);
        break;
    default:
        snprintf(buf, size, "send() with a delay that is not a number");
    }
}

static void __attribute__((cold)) event_failed(struct part *p, int mech, int gid, double t,
                                              enum move_failure why, double delay)
{
    if (p->failed)
        return;
    p->failed = true;
    p->fail_t = t;
    p->fail_gid = gid;
    p->fail_move = why;
    p->fail_mech = mech;
    p->fail_v = delay;
}

/* The gid of an artificial set's instance i, or -1 (a stimulus's source). */
static int art_gid(const struct art_set *a, int64_t i)
{
    return a->first_gid >= 0 ? a->first_gid + (int)i * a->gid_stride : -1;
}

/* The gid of the cell that point-process set `set` (group g) has instance i
 * on: a search, for messages. */
static int __attribute__((cold)) pp_gid(const struct sim *s, int g, const struct crt_set *set,
                                        int64_t i)
{
    int64_t ncells = s->groups[g].ncells;
    int64_t cell = (set->nsites > 0 ? i : set->node[i]) % ncells;
    for (int gid = 0; gid < s->m->ncells; gid++)
        if (s->cell_group[gid] == g && s->cell_index[gid] == cell && s->cell_type[gid] >= 0)
            return gid;
    return -1;
}

/* An artificial set's id is its index; a point-process set's is
 * -1 - (group * npp + point mechanism). */
void crt_send(struct crt_set *set, int64_t i, double t, double delay, double flag, double weight,
              double *args)
{
    struct part *p = set->rt;
    bool ok;
    double now = p->gl.t;   /* t + delay: NEURON's td, which it checks against the present */
    if (!(t + delay >= now)) {
        enum move_failure why = isnan(t + delay) ? SEND_NOT_A_NUMBER : SEND_TO_PAST;
        delay = t + delay - now;
        if (set->id >= 0) {
            const struct art_set *a = &p->s->arts[set->id];
            event_failed(p, a->mech, art_gid(a, i), now, why, delay);
        } else {
            int g = (int)(-1 - set->id) / p->s->m->npp, pp = (int)(-1 - set->id) % p->s->m->npp;
            event_failed(p, (int)(p->s->pp_mech[pp] - p->s->m->mechs), pp_gid(p->s, g, set, i),
                         now, why, delay);
        }
        return;
    }
    if (args == p->no_args)     /* the event that sent it had no connection */
        args = NULL;
    if (set->id >= 0 && flag == 1.0 && p->s->arts[set->id].move_base >= 0)
        ok = rt_queue_push_movable(&p->q, t + delay, (int)set->id, (int)i, flag, weight, args,
                                   (int)(p->s->arts[set->id].move_base + i));
    else if (set->id >= 0)
        ok = rt_queue_push(&p->q, t + delay, RT_EV_SELF, (int)set->id, (int)i, flag, weight,
                           args);
    else
        ok = rt_queue_push(&p->q, t + delay, RT_EV_PP_SELF, (int)(-1 - set->id), (int)i, flag,
                           weight, args);
    if (!ok)
        part_out_of_memory(p, rt_queue_bytes(&p->q), t);
}

static void __attribute__((cold)) move_failed(struct part *p, const struct art_set *a, int64_t i,
                                             double t, enum move_failure why)
{
    event_failed(p, a->mech, art_gid(a, i), t, why, 0);
}

void crt_move(struct crt_set *set, int64_t i, double t, double tnew)
{
    struct part *p = set->rt;
    const struct art_set *a = &p->s->arts[set->id];
    if (!(tnew >= t))
        move_failed(p, a, i, t, MOVE_TO_PAST);
    else if (!rt_queue_move(&p->q, (int)(a->move_base + i), tnew))
        move_failed(p, a, i, t, MOVE_NOTHING_PENDING);
}

/* NEURON's _nrn_watch_activate: the first watch a NET_RECEIVE call runs
 * empties the instance's list, taking their pending events off the queue;
 * the watch then goes (again) to the end of the list, above 0 if its value
 * is >= -hoc_epsilon, its pending event forgotten (WatchCondition::activate). */
void crt_watch(struct crt_set *set, int64_t i, int64_t k, double flag, double value,
               int64_t first)
{
    struct part *p = set->rt;
    struct watch_set *w = &p->s->watches[-1 - set->id];
    int nw = w->nwatch, *order = &w->order[i * nw];
    long own = i * nw;
    if (first) {
        for (int j = 0; j < w->nactive[i]; j++)
            rt_queue_remove(&p->q, (int)(w->base + own + order[j]));
        w->nactive[i] = 0;
    }
    int n = 0;
    for (int j = 0; j < w->nactive[i]; j++)
        if (order[j] != k)
            order[n++] = order[j];
    order[n++] = (int)k;
    w->nactive[i] = n;
    w->above[k * set->n + i] = value >= -1e-11;
    w->flag[own + k] = flag;
    rt_queue_forget(&p->q, (int)(w->base + own + k));
}

/* One instance's watches: its active ones in order of activation, then the
 * flags of its inactive ones brought in step with their values. */
static void check_instance_watches(struct part *p, struct watch_set *w, const struct crt_set *set,
                                   int64_t i, double t)
{
    int64_t n = set->n;
    const int *order = &w->order[i * w->nwatch];
    for (int j = 0; j < w->nactive[i]; j++) {
        int k = order[j];
        long own = i * w->nwatch + k;
        size_t at = (size_t)k * (size_t)n + (size_t)i;
        if (!(w->value[at] > 0.0)) {
            w->above[at] = 0;
        } else if (!w->above[at]) {
            w->above[at] = 1;
            if (!rt_queue_push_handled(&p->q, t, RT_EV_PP_SELF, (int)(-1 - set->id), (int)i,
                                       w->flag[own], 0, NULL, (int)(w->base + own)))
                part_out_of_memory(p, rt_queue_bytes(&p->q), t);
        }
    }
    for (int k = 0; k < w->nwatch; k++) {
        bool active = false;
        for (int j = 0; j < w->nactive[i]; j++)
            active = active || order[j] == k;
        size_t at = (size_t)k * (size_t)n + (size_t)i;
        if (!active)
            w->above[at] = w->value[at] > 0.0;
    }
}

/* NEURON's check_thresh for watches (after the threshold detectors, before
 * delivery): an active watch whose value rises above 0 sends an event at t,
 * with its flag and no weight (ConditionEvent::check).  Most steps no value
 * crosses 0: the watch kernel marks the instances where one did (an
 * inactive watch's flag is kept in step for that; crt_watch sets it when
 * the watch is armed), and only those are looked at. */
static void check_watches(struct part *p, double t)
{
    const struct sim *s = p->s;
    const struct crt_model *m = s->m;
    for (int j = 0; j < p->ngroups; j++) {
        int g = p->groups[j];
        for (int pp = 0; pp < m->npp; pp++) {
            struct watch_set *w = &s->watches[(size_t)g * (size_t)m->npp + (size_t)pp];
            if (!w->nwatch)
                continue;
            struct crt_set *set = &s->groups[g].pp[pp];
            s->pp_mech[pp]->watch(set, &p->gl, w->value, w->above);
            const double *crossed = w->value + (size_t)w->nwatch * (size_t)set->n;
            for (int64_t i = 0; i < set->n; i++)
                if (crossed[i] != 0.0)
                    check_instance_watches(p, w, set, i, t);
        }
    }
}

static void add_stim_spike(struct part *p, double t, int stim, int gid);
static void add_spike(struct part *p, double t, int gid);

/* A point process's emit(): the spike of its cell if the cell's spikes come
 * from this mechanism (spikes_from), else nothing (NEURON's net_event from a
 * point process no NetCon has as source).  Born as what its delivery sends,
 * in its cell's part, like a threshold crossing's spike it is recorded and
 * fired under the cell's gid. */
static void emit_point(struct part *p, const struct crt_set *set, int64_t i, double t)
{
    const struct sim *s = p->s;
    long slot = -1 - (long)set->id;
    int g = (int)(slot / s->m->npp), pp = (int)(slot % s->m->npp);
    int mech = s->m->types[s->group_type[g]].spike_mech;
    if (mech < 0 || s->m->mechs[mech].pp_index != pp)
        return;
    int64_t cell = (set->nsites > 0 ? i : set->node[i]) % s->groups[g].ncells;
    int gid = s->group_gid[g][cell];
    if (gid < 0)
        return;     /* an idle cell of the padding */
    if (s->m->record_spikes)
        add_spike(p, t, gid);
    fire(p, gid, t);
}

/* An artificial set's id is its index; a point-process set's is negative
 * (crt_send). */
void crt_emit(struct crt_set *set, int64_t i, double t)
{
    struct part *p = set->rt;
    if (set->id < 0) {
        emit_point(p, set, i, t);
        return;
    }
    const struct art_set *a = &p->s->arts[set->id];
    if (a->first_gid >= 0) {    /* a population's cell: its spike */
        int gid = art_gid(a, i);
        if (p->s->m->record_spikes)
            add_spike(p, t, gid);
        fire(p, gid, t);
        return;
    }
    if (a->spike_stim >= 0)
        add_stim_spike(p, t, a->spike_stim, a->gids[i]);
    fire(p, p->s->m->ncells + p->s->art_first[set->id] + i, t);
}

double crt_train(struct crt_set *set, int64_t i, double k)
{
    const struct part *p = set->rt;
    const struct art_set *a = &p->s->arts[set->id];
    if (!a->pop || !a->pop->train_start)
        return k < 0 ? 0 : NAN;
    int cell = a->first_gid + (int)i * a->gid_stride - a->pop->first_gid;
    int first = a->pop->train_start[cell], n = a->pop->train_start[cell + 1] - first;
    if (k < 0)
        return n;
    return k < n ? a->pop->train_t[first + (long)k] : NAN;
}

/* A self event's connection state, or zeros: what NEURON's NET_RECEIVE reads
 * of a watch event's missing weight vector is undefined; circ's are 0. */
static double *event_args(struct part *p, double *args, int nargs)
{
    if (args)
        return args;
    for (int k = 0; k < nargs; k++)
        p->no_args[k] = 0;
    return p->no_args;
}

static void deliver(struct part *p, double bound)
{
    const struct sim *s = p->s;
    struct rt_event ev;
    double saved = p->gl.t;
    while (rt_queue_pop_until(&p->q, bound, &ev)) {
        p->gl.t = ev.t;
        rt_queue_born_by(&p->q, &ev);       /* what it sends is born of it */
        if (ev.kind == RT_EV_NETCON) {
            for (long k = ev.a; k < (long)ev.a + ev.b; k++) {    /* all on this part */
                int set = rt_conns_set(&s->conns, k);
                const struct conn_target *to = &s->targets[set];
                to->mech->receive(to->set, rt_conns_inst(&s->conns, k, set),
                                  rt_conns_weight(&s->conns, k), 0, conn_state(s, p, k), &p->gl);
            }
        } else if (ev.kind == RT_EV_SELF) {
            struct art_set *a = &s->arts[ev.a];
            if (a->move_base >= 0 && ev.flag == 1.0)    /* NEURON: *_tqitem = 0 */
                rt_queue_forget(&p->q, (int)(a->move_base + ev.b));
            s->m->mechs[a->mech].receive(&a->set, ev.b, ev.weight, ev.flag,
                                         event_args(p, ev.args, s->m->mechs[a->mech].nargs),
                                         &p->gl);
        } else {            /* a point process's own event */
            int g = ev.a / s->m->npp, pp = ev.a % s->m->npp;
            s->pp_mech[pp]->receive(&s->groups[g].pp[pp], ev.b, ev.weight, ev.flag,
                                    event_args(p, ev.args, s->pp_mech[pp]->nargs), &p->gl);
        }
    }
    p->gl.t = saved;
}

/* ---- recording --------------------------------------------------------------------- */

static void add_spike(struct part *p, double t, int gid)
{
    if (p->s->nranks > 1)
        return;     /* every cell that fires is exchanged: rank 0 records it from there */
    int c = p->cur;
    if (p->nspikes[c] == p->capspikes[c]) {
        long cap = p->capspikes[c] ? 2 * p->capspikes[c] : 1024;
        double *ts = realloc(p->spike_t[c], (size_t)cap * sizeof *ts);
        if (ts)
            p->spike_t[c] = ts;
        int *gs = ts ? realloc(p->spike_gid[c], (size_t)cap * sizeof *gs) : NULL;
        if (!gs) {
            part_out_of_memory(p, (size_t)cap * sizeof *ts, t);
            return;
        }
        p->spike_gid[c] = gs;
        p->capspikes[c] = cap;
    }
    p->spike_t[c][p->nspikes[c]] = t;
    p->spike_gid[c][p->nspikes[c]] = gid;
    p->nspikes[c]++;
}

static void add_stim_spike(struct part *p, double t, int stim, int gid)
{
    int c = p->cur;
    if (p->nstim_spikes[c] == p->capstim_spikes[c]) {
        long cap = p->capstim_spikes[c] ? 2 * p->capstim_spikes[c] : 256;
        struct rt_stim_spike *b = realloc(p->stim_spikes[c], (size_t)cap * sizeof *b);
        if (!b) {
            part_out_of_memory(p, (size_t)cap * sizeof *b, t);
            return;
        }
        p->stim_spikes[c] = b;
        p->capstim_spikes[c] = cap;
    }
    p->stim_spikes[c][p->nstim_spikes[c]++] = (struct rt_stim_spike){t, stim, gid};
}

struct trace_src {
    double *v;              /* address of the recorded value */
    double **sum;           /* or, if nsum > 0, the values summed (CRT_REC_SYNAPSE) */
    int nsum;
};

static double source_value(const struct trace_src *src)
{
    if (src->nsum == 0)
        return *src->v;
    double x = 0;
    for (int i = 0; i < src->nsum; i++)
        x += *src->sum[i];
    return x;
}

/* Sample v at time t of probe trace j into its windows' statistics.  The
 * sample before is a spike-like peak if it rose to it, this one is not
 * higher, and it is above CRT_SPIKE_LIKE_MV (decided now that this one is
 * known, so never for the first or the last sample). */
static void probe_sample(struct sim *s, int j, double v, double t)
{
    const struct crt_result *r = s->res;
    const struct crt_record *rec = &s->m->records[r->trace_record[j]];
    struct probe_run *q = &s->prun[j];
    struct crt_vsum *acc = r->trace_vsum[j];
    bool peak = q->seen >= 2 && q->v1 > q->v0 && q->v1 >= v && q->v1 > CRT_SPIKE_LIKE_MV;
    for (int w = 0; w < rec->nwin; w++) {
        double t0 = rec->win[2 * w], t1 = rec->win[2 * w + 1];
        if (t >= t0 && t < t1) {
            acc[w].sum += v;
            acc[w].n++;
        }
        if (peak && q->t1 >= t0 && q->t1 < t1) {
            acc[w].psum += q->v1;
            acc[w].npeaks++;
            acc[w].nunder += q->v1 <= q->threshold;
        }
    }
    q->v0 = q->v1;
    q->v1 = v;
    q->t1 = t;
    q->seen++;
}

static void record(struct part *p, const struct trace_src *src, long k)
{
    struct crt_result *r = p->s->res;
    const long *mask = p->s->mask;
    if (p->id == 0 && r->t)
        r->t[k & p->s->tmask] = p->gl.t;
    for (int i = 0; i < p->ntraces; i++) {
        int j = p->traces[i], every = r->trace_every[j];
        if (r->trace_kind[j] == CRT_REC_PROBE)
            probe_sample(p->s, j, *src[j].v, p->gl.t);
        else if (every == 1)
            r->trace[j][k & mask[j]] = source_value(&src[j]);
        else if (k % every == 0)
            r->trace[j][(k / every) & mask[j]] = source_value(&src[j]);
    }
}

/* "hh.m_3_soma_0.5" from "hh.m", 3 and "soma(0.5)": a column name with no
 * parentheses, unique per (variable, cell, site). */
static char *column_name(const char *var, int gid, const char *site)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, *site ? "%s_%d_" : "%s_%d", var, gid);
    for (const char *c = site; *c && n + 1 < (int)sizeof buf; c++)
        if (*c != ')')
            buf[n++] = *c == '(' ? '_' : *c;
    buf[n < (int)sizeof buf ? n : (int)sizeof buf - 1] = '\0';
    return rt_strdup(buf);
}

struct column {
    const char *label;
    int every, order;
};

static int by_label(const void *a, const void *b)
{
    const struct column *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    if (c)
        return c;
    return x->every != y->every ? (x->every < y->every ? -1 : 1) : x->order - y->order;
}

/* Which traces repeat an earlier column (the same variable of the same cell
 * at the same site, from two record lines): only the most finely sampled
 * one is kept, so traces.csv never has two columns of one name.  Fills
 * s->drop (its scratch in s->columns: a failed allocation leaves them to
 * free_sim). */
static void repeated(struct sim *s, char **label, int n)
{
    const struct crt_model *m = s->m;
    s->drop = ALLOC(n, bool);
    struct column *c = s->columns = ALLOC(n, struct column);
    int nc = 0, i = 0;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        if (rec->kind == CRT_REC_SPIKES)
            continue;
        for (int j = 0; j < rec->cells.n; j++, i++)
            if (rec->kind != CRT_REC_PROBE)
                c[nc++] = (struct column){label[i], rec->every, i};
    }
    qsort(c, (size_t)nc, sizeof *c, by_label);
    for (int k = 1; k < nc; k++)
        if (strcmp(c[k].label, c[k - 1].label) == 0)
            s->drop[c[k].order] = true;
    free(s->columns);
    s->columns = NULL;
}

/* Trace i's samples (of cell gid): the whole run's, or with CRT_RUN_STREAM
 * a ring of CRT_STREAM_RING when the run is longer and no figure draws it. */
static double *trace_array(struct sim *s, int i, int gid)
{
    long n = crt_trace_samples(s->res, i);
    bool ring = s->streaming && n > CRT_STREAM_RING && !s->shown[gid];
    s->mask[i] = ring ? CRT_STREAM_RING - 1 : -1;
    return ALLOC(ring ? CRT_STREAM_RING : n, double);
}

/* Where each trace's values come from (s->src, and for a synapse type the
 * addresses summed, s->sums).  Everything allocated here is the result's
 * or the sim's as soon as it exists, so an allocation that fails (must)
 * leaves nothing behind: crt_result_free and free_sim free it. */
static struct trace_src *setup_traces(struct sim *s, long ntimes)
{
    const struct crt_model *m = s->m;
    struct crt_result *r = s->res;
    int n = 0;
    bool listed = false;
    long nsums = 0;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        if (rec->kind == CRT_REC_SPIKES)
            listed = true;
        else
            n += rec->cells.n;
        for (int j = 0; rec->kind == CRT_REC_SYNAPSE && s->rec_syn && s->rec_syn[k] &&
                        j < rec->cells.n; j++)
            nsums += s->rec_syn[k][j].n;
    }
    r->trace_label = ALLOC(n, char *);
    r->ntraces = n;         /* until the end: what crt_result_free looks at */
    for (int k = 0, i = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        for (int j = 0; rec->kind != CRT_REC_SPIKES && j < rec->cells.n; j++, i++) {
            int gid = rec->cells.gid[j], type = s->cell_type[gid];
            r->trace_label[i] = rec->kind == CRT_REC_ART ? column_name(rec->art_var, gid, "")
                                : column_name(rec->var[type], gid, rec->site[type]);
        }
    }
    repeated(s, r->trace_label, n);
    int kept = 0, written = 0;
    for (int k = 0, c = 0; k < m->nrecords; k++)
        for (int j = 0; m->records[k].kind != CRT_REC_SPIKES && j < m->records[k].cells.n;
             j++, c++) {
            if (s->drop[c]) {
                free(r->trace_label[c]);
                r->trace_label[c] = NULL;
                continue;
            }
            r->trace_label[kept] = r->trace_label[c];
            if (kept != c)
                r->trace_label[c] = NULL;
            kept++;
            written += m->records[k].kind != CRT_REC_PROBE;
        }
    r->ntimes = written ? ntimes : 0;   /* nothing recorded: no time vector either */
    s->mask = ALLOC(n, long);
    s->tmask = -1;
    if (s->streaming) {     /* figures draw against the whole time vector */
        s->shown = ALLOC(m->ncells, char);
        bool drawn = crt_figures_trace_cells(m, (int)(s->e - m->experiments), s->shown);
        if (!drawn && ntimes > CRT_STREAM_RING)
            s->tmask = CRT_STREAM_RING - 1;
    }
    r->t = written ? ALLOC(s->tmask == -1 ? ntimes : CRT_STREAM_RING, double) : NULL;
    r->trace = ALLOC(n, double *);
    r->trace_site = ALLOC(n, char *);
    r->trace_gid = ALLOC(n, int);
    r->trace_kind = ALLOC(n, int);
    r->trace_record = ALLOC(n, int);
    r->trace_every = ALLOC(n, int);
    r->trace_vsum = ALLOC(n, struct crt_vsum *);
    s->prun = ALLOC(n, struct probe_run);
    s->sums = ALLOC(nsums, double *);
    struct trace_src *src = s->src = ALLOC(n, struct trace_src);
    for (int k = 0; k < s->nparts; k++)
        s->parts[k].traces = ALLOC(n, int);
    if (listed)     /* `record spikes of ...`: the cells spikes.csv lists */
        r->spike_listed = ALLOC(m->ncells, char);
    int i = 0, c = 0;
    long used = 0;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        if (rec->kind == CRT_REC_SPIKES) {
            for (int j = 0; j < rec->cells.n; j++)
                r->spike_listed[rec->cells.gid[j]] = 1;
            continue;
        }
        for (int j = 0; j < rec->cells.n; j++, c++) {
            if (s->drop[c])
                continue;
            int gid = rec->cells.gid[j], type = s->cell_type[gid];
            if (!owns(s, gid)) {    /* another rank's cell: rank 0 receives its trace */
                r->trace_kind[i] = rec->kind;
                r->trace_record[i] = k;
                r->trace_every[i] = rec->every;
                r->trace_gid[i] = gid;
                r->trace_site[i] = rt_strdup(rec->kind == CRT_REC_ART ? "" : rec->site[type]);
                if (s->rank == 0 && rec->kind == CRT_REC_PROBE)
                    r->trace_vsum[i] = ALLOC(rec->nwin, struct crt_vsum);
                else if (s->rank == 0)
                    r->trace[i] = trace_array(s, i, gid);
                i++;
                continue;
            }
            if (rec->kind == CRT_REC_ART) {     /* the stored variable of an artificial cell */
                const struct crt_set *as = &s->arts[s->cell_group[gid]].set;
                src[i].v = s->cell_type[gid] < 0 && rec->slot >= 0 &&
                           rec->slot < s->m->mechs[s->arts[s->cell_group[gid]].mech].nslots
                               ? &as->data[(long)rec->slot * as->n + s->cell_index[gid]]
                               : &s->absent;
                r->trace_kind[i] = rec->kind;
                r->trace_record[i] = k;
                r->trace_every[i] = rec->every;
                r->trace_gid[i] = gid;
                struct part *p = &s->parts[cell_part(s, gid)];
                p->traces[p->ntraces++] = i;
                r->trace[i] = trace_array(s, i, gid);
                r->trace_site[i] = rt_strdup("");
                i++;
                continue;
            }
            int row = rec->row[type];
            const struct crt_group *g = &s->groups[s->cell_group[gid]];
            src[i].v = &g->data[(long)row * g->ncells + s->cell_index[gid]];
            if (rec->kind == CRT_REC_PARAM)     /* one value for the group's cells */
                src[i].v = &g->params[row];
            if (rec->kind == CRT_REC_POINT) {
                long pend = s->rec_pend && s->rec_pend[k] ? s->rec_pend[k][j] : -1;
                size_t set = (size_t)s->cell_group[gid] * (size_t)m->npp;
                src[i].v = &s->absent;
                if (pend >= 0 && rec->slot < s->pp_mech[s->rec_pp[k]]->nslots) {
                    const struct crt_set *ps = &g->pp[s->rec_pp[k]];
                    long inst = s->remap[set + (size_t)s->rec_pp[k]][pend];
                    src[i].v = &ps->data[(long)rec->slot * ps->n + inst];
                }
            }
            if (rec->kind == CRT_REC_SYNAPSE) {
                const struct idlist *L = s->rec_syn && s->rec_syn[k] ? &s->rec_syn[k][j] : NULL;
                size_t set = (size_t)s->cell_group[gid] * (size_t)m->npp;
                src[i].v = &s->zero;
                src[i].nsum = L && rec->slot < s->pp_mech[s->rec_pp[k]]->nslots ? L->n : 0;
                src[i].sum = s->sums + used;
                used += src[i].nsum;
                for (int q = 0; q < src[i].nsum; q++) {
                    const struct crt_set *ps = &g->pp[s->rec_pp[k]];
                    long inst = s->remap[set + (size_t)s->rec_pp[k]][L->id[q]];
                    src[i].sum[q] = &ps->data[(long)rec->slot * ps->n + inst];
                }
            }
            r->trace_kind[i] = rec->kind;
            r->trace_record[i] = k;
            r->trace_every[i] = rec->every;
            r->trace_gid[i] = gid;
            struct part *p = &s->parts[s->group_part[s->cell_group[gid]]];
            p->traces[p->ntraces++] = i;
            if (rec->kind == CRT_REC_PROBE) {   /* statistics, not samples */
                r->trace_vsum[i] = ALLOC(rec->nwin, struct crt_vsum);
                s->prun[i].threshold = s->thresholds[cell_threshold(s, gid)];
            } else {
                r->trace[i] = trace_array(s, i, gid);
            }
            r->trace_site[i] = rt_strdup(rec->site[type]);
            i++;
        }
    }
    r->ntraces = kept;
    free(s->drop);
    s->drop = NULL;
    free(s->shown);
    s->shown = NULL;
    return src;
}

/* Several ranks: each trace of another rank's cell to rank 0 (collective);
 * a streamed run's samples went with its rows (stream_rows). */
static void traces_to_rank0(struct sim *s)
{
    const struct crt_result *r = s->res;
    for (int i = 0; s->nranks > 1 && i < r->ntraces; i++) {
        int from = r->trace_gid[i] % s->nranks;
        if (r->trace_kind[i] == CRT_REC_PROBE)
            rt_mpi_to_root(r->trace_vsum[i], (size_t)s->m->records[r->trace_record[i]].nwin *
                                                 sizeof(struct crt_vsum), from);
        else if (!s->streaming)
            rt_mpi_to_root(r->trace[i], (size_t)crt_trace_samples(r, i) * sizeof(double), from);
    }
}

/* Samples j0 .. j1 of a trace (a ring: in up to two pieces) from its rank to 0. */
static void samples_to_rank0(double *a, long mask, long j0, long j1, int from)
{
    while (j0 <= j1) {
        long slot = j0 & mask, n = j1 - j0 + 1;
        if (mask != -1 && n > mask + 1 - slot)
            n = mask + 1 - slot;
        rt_mpi_to_root(a + slot, (size_t)n * sizeof(double), from);
        j0 += n;
    }
}

/* CRT_RUN_STREAM: the rows of the steps up to `last` into traces.csv (rank
 * 0), the samples of other ranks' cells first sent to it.  Part 0 of every
 * rank calls it after the same intervals (collective).  The other parts
 * may be stepping the next interval meanwhile: it writes ring slots at least
 * CRT_STREAM_RING - 3 * CRT_STREAM_STEPS samples away from these. */
static void stream_rows(struct sim *s, long last)
{
    struct crt_result *r = s->res;
    if (!s->streaming || r->ntimes == 0 || last < s->streamed)
        return;
    for (int i = 0; s->nranks > 1 && i < r->ntraces; i++) {
        int every = r->trace_every[i], from = r->trace_gid[i] % s->nranks;
        if (r->trace_kind[i] != CRT_REC_PROBE && (s->rank == 0 || s->rank == from))
            samples_to_rank0(r->trace[i], s->mask[i], (s->streamed + every - 1) / every,
                             last / every, from);
    }
    if (s->out.f && !s->stream_failed &&
        !rt_traces_rows(&s->out, r, s->mask, s->tmask, last, s->stream_err,
                        sizeof s->stream_err))
        s->stream_failed = true;
    s->streamed = last + 1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

/* ---- progress: on a terminal only, for runs longer than a second --------------------- */

struct progress {
    bool on;
    double start, last;     /* wall ms */
};

static void progress_update(struct progress *p, const struct crt_model *m, const char *name,
                            double t)
{
    if (!p->on)
        return;
    double now = now_ms();
    if (now - p->start < 1000 || now - p->last < 250)
        return;
    p->last = now;
    double wall = (now - p->start) * 1e-3, done = t / m->tstop;
    double eta = done > 0 ? wall * (1 - done) / done : 0;
    fprintf(stderr, "\r%s: %.0f / %.0f ms simulated, %.2fx real time, %.0f s left   ",
            name, t, m->tstop, t * 1e-3 / wall, eta);
    fflush(stderr);
}

static void progress_end(struct progress *p)
{
    if (p->on && p->last > 0)
        fprintf(stderr, "\r%80s\r", "");
}

/* ---- the loop ------------------------------------------------------------------------ */

/* The first voltage of part p that blew up: the run stops after this interval. */
static void __attribute__((cold)) blow_up(struct part *p, double t, double v, int gid)
{
    if (p->failed)
        return;
    p->failed = true;
    p->fail_t = t;
    p->fail_v = v;
    p->fail_gid = gid;
}

static void detect(struct part *p, double t)
{
    const struct crt_model *m = p->s->m;
    for (int k = 0; k < p->ngids; k++) {
        struct detector *d = &p->det[k];
        double v = *d->v;
        /* most cells: below the threshold now and at the last check, no
           blow-up below it (thresholds lie within +-1e4 mV: checked by the
           compiler); NaN fails every compare */
        if (v <= d->thr && v >= -CRT_V_LIMIT && !d->above)
            continue;
        if (!d->detects) {  /* spikes_from: no detection, only the blow-up check */
            if (!(fabs(v) <= CRT_V_LIMIT))
                blow_up(p, t, v, d->gid);
            continue;
        }
        /* A blow-up costs one compare on each side of the threshold: above
         * it, v > 1e4 mV or +inf; below it, v < -1e4 mV, -inf or NaN.  The
         * spike node suffices: the implicit solve couples all of a cell's
         * nodes. */
        if (v - d->thr > 0) {
            if (!(v <= CRT_V_LIMIT))
                blow_up(p, t, v, d->gid);
            if (!d->above) {
                d->above = true;
                double ts = t + 1e-10;
                if (m->record_spikes)
                    add_spike(p, ts, d->gid);
                fire(p, d->gid, ts);
            }
        } else {
            if (!(v >= -CRT_V_LIMIT))
                blow_up(p, t, v, d->gid);
            d->above = false;
        }
    }
}

/* Steps n0 .. n1-1 of this part's cells, from time *t; stops early once a
 * voltage blows up. */
static void run_steps(struct part *p, const struct trace_src *src, long n0, long n1, double *t)
{
    const struct sim *s = p->s;
    double dt = s->m->dt;
    for (long n = n0; n < n1 && !p->failed; n++) {
        p->gl.t = *t;
        rt_queue_birth(&p->q, (struct rt_birth){.t = *t, .check = 1});  /* what the checks send */
        detect(p, *t);
        if (s->has_watches)
            check_watches(p, *t);
        deliver(p, *t + 0.5 * dt);
        *t = *t + 0.5 * dt;
        p->gl.t = *t;
        for (int j = 0; j < p->ngroups; j++)
            s->m->types[s->group_type[p->groups[j]]].step(&s->groups[p->groups[j]], &p->gl);
        *t = *t + 0.5 * dt;
        /* scopmath's runge, in each instance's state update, moves NEURON's
           one t by t += h/2; t += h/2; t -= h, which is not always t again:
           NEURON's run goes on from where these moves leave it */
        for (long k = 0; k < s->runge_moves; k++)
            *t = ((*t + dt / 2.0) + dt / 2.0) - dt;
        p->gl.t = *t;
        record(p, src, n + 1);
        deliver(p, *t);
    }
}

/* A barrier that spins (then yields): threads meet once per interval of many
 * steps, and a futex round trip would cost more than a step. */
struct spin_barrier {
    atomic_int count, generation;
    int n;
    unsigned spins;         /* before yielding: none when threads outnumber cores */
};

static void barrier_wait(struct spin_barrier *b)
{
    int gen = atomic_load(&b->generation);
    if (atomic_fetch_add(&b->count, 1) == b->n - 1) {
        atomic_store(&b->count, 0);
        atomic_fetch_add(&b->generation, 1);
        return;
    }
    for (unsigned spins = 0; atomic_load(&b->generation) == gen; spins++)
        if (spins >= b->spins)
            sched_yield();
}

/* The schedule every thread follows on its own. */
struct schedule {
    const struct trace_src *src;
    long nsteps, chunk;             /* chunk: steps per interval */
    struct spin_barrier bar;
    struct progress *prog;          /* thread 0 reports */
    atomic_int go;                  /* 1: every thread started; -1: one could not be */
};

struct worker {
    struct sim *s;
    int thread;
    struct schedule *sc;
};

/* One thread's whole run: after each interval, in which it stepped each of
 * its parts through all the interval's steps in turn (a part's cells stay
 * in cache meanwhile), one barrier, then the exchange of what every part
 * fired in it (several ranks: thread 0 sends this rank's and receives the
 * others' in between, then a second barrier).  Outboxes alternate between
 * intervals, so an outbox is refilled only after every thread has passed
 * the next barrier, long after it was read.  A failure anywhere is seen by
 * all threads after the same barrier. */
static void run_thread(struct sim *s, int w, struct schedule *sc)
{
    struct part *p0 = &s->parts[0];
    double t = 0;
    for (long n0 = 0, k = 0; n0 < sc->nsteps; n0 += sc->chunk, k++) {
        if (w == 0 && sc->prog)
            progress_update(sc->prog, s->m, s->e->name, t);
        long n1 = n0 + sc->chunk < sc->nsteps ? n0 + sc->chunk : sc->nsteps;
        double t1 = t;
        for (int q = s->thread_first[w]; q < s->thread_first[w + 1]; q++) {
            struct part *p = &s->parts[q];
            p->cur = (int)(k & 1);
            p->nout[p->cur] = 0;
            t1 = t;     /* every part moves t alike */
            /* what is due in the interval (and up to a step after it: t's
               rounding) joins the queue's run; nothing fired in it can be */
            if (s->batched && !rt_queue_open(&p->q, t + (double)(n1 - n0 + 1) * s->m->dt))
                part_out_of_memory(p, rt_queue_bytes(&p->q), t);
            run_steps(p, sc->src, n0, n1, &t1);
        }
        /* after all of them: a part may fail while another steps (a queue
           that cannot grow when a spike reaches it) */
        for (int q = s->thread_first[w]; q < s->thread_first[w + 1]; q++)
            if (s->parts[q].failed && atomic_load(&s->parts[q].fail_interval) == LONG_MAX)
                atomic_store(&s->parts[q].fail_interval, k);
        t = t1;
        if (w == 0) {
            s->reached = n1;        /* every part will have done these when it stops */
            s->t_reached = t;
        }
        if (w == 0 && s->stoppable && s->nranks == 1 && atomic_load(&rt_stop_signal) != 0 &&
            atomic_load(&p0->fail_interval) == LONG_MAX) {
            s->stopped = true;      /* every part stops after this interval */
            atomic_store(&p0->fail_interval, k);
        }
        if (w == 0 && (s->spk.failed || s->stim.failed || s->stream_failed))
            atomic_store(&p0->fail_interval, k);   /* a file could not be written: the end
                                                      says which (end_spikes, end_stream) */
        if (s->nthreads > 1)
            barrier_wait(&sc->bar);
        /* every thread decides on what was published before this barrier, so
         * all stop after the same interval (a part already in the next one
         * may have failed there; that counts at the next barrier) */
        bool failed = false;
        for (int q = 0; q < s->nparts; q++)
            failed |= atomic_load(&s->parts[q].fail_interval) <= k;
        bool stop = false;
        int cur = (int)(k & 1);
        if (s->nranks > 1) {    /* the same decision on every rank, from thread 0 */
            if (w == 0)
                exchange_ranks(s, cur, failed, s->stoppable ? atomic_load(&rt_stop_signal) : 0,
                               t);
            if (s->nthreads > 1)
                barrier_wait(&sc->bar);
            failed = s->ranks_failed;
            stop = s->ranks_stop != 0;      /* every rank, after this interval */
        }
        if (failed || stop)
            break;
        if (w == 0) {
            flush_spikes(s, cur, t);
            flush_stim_spikes(s, cur, t);
        }
        if (w == 0 && n1 - s->streamed + 1 >= CRT_STREAM_STEPS)
            stream_rows(s, n1);
        if (s->nthreads > 1)
            exchange(s, w, cur);
        if (s->nranks > 1)
            receive(s, w);
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    while (atomic_load(&w->sc->go) == 0)
        sched_yield();
    if (atomic_load(&w->sc->go) > 0)
        run_thread(w->s, w->thread, w->sc);
    return NULL;
}

/* Whole steps strictly within mindelay (at most nsteps, at least 1 when
 * there is no delay at all); 0 if a delay is shorter than a step. */
static long steps_within(double mindelay, double dt, long nsteps)
{
    long most = nsteps > 0 ? nsteps : 1;
    if (!(mindelay < INFINITY))
        return most;
    double k = floor(mindelay / dt * (1 - 1e-9));
    return k < 1 ? 0 : k < (double)most ? (long)k : most;
}

/* Steps per interval: fewer than the shortest delay spans (so no event
 * fired in an interval is due in it); 0 if a delay is shorter than a step. */
static long interval_steps(const struct crt_model *m, const struct crt_experiment *e, long nsteps)
{
    double mindelay = INFINITY;
    for (int r = 0; r < m->nrules; r++)     /* a pair's own delay: drawn_interval */
        if (!m->rules[r].delay_expr.n && !m->rules[r].pair_delay)
            mindelay = fmin(mindelay, m->rules[r].delay);
    for (int k = 0; k < e->nstims; k++)
        if (m->mechs[e->stims[k].source.mech].kind == CRT_ARTIFICIAL)
            mindelay = fmin(mindelay, e->stims[k].delay);
    return steps_within(mindelay, m->dt, nsteps);
}

/* About the most bytes of cell state (v, rhs, d and the density mechanisms'
 * slots) a part holds.  A thread steps each of its parts through a whole
 * interval before the next, so a part's cells, their synapses (typically as
 * many bytes again) and its event queue stay in the cache meanwhile: at
 * 10^5 cells a thread's whole share streams ~40 MB from memory at every
 * step, more than the last-level cache.  Smaller parts pay in events (a
 * spike queues one for each part it reaches).  Measured: 10^5 cells
 * fastest with parts of 5-20 MB in all (bench/RESULTS.md, 2026-12-08).
 * CIRC_PART_BYTES=N sets another bound (tests split small models with it). */
#define CRT_PART_BYTES (4L << 20)

/* The parts of a run on `threads` threads and `nranks` ranks: the same
 * number for every thread (a thread's share of each cell type, in blocks
 * of at most CRT_PART_BYTES of cell state).  No split changes a result. */
static int run_parts(const struct crt_model *m, int threads, int nranks)
{
    const char *env = getenv("CIRC_PART_BYTES");
    char *end;
    long limit = env ? strtol(env, &end, 10) : 0;
    bool forced = env && *env && *end == '\0' && limit > 0;
    limit = forced ? limit : CRT_PART_BYTES;
    double bytes = 0, cells = 0;
    for (int p = 0; p < m->npops; p++) {
        const struct crt_pop *pop = &m->pops[p];
        if (pop->type < 0)
            continue;       /* artificial cells: no step */
        const struct crt_celltype *ct = &m->types[pop->type];
        bytes += (double)pop->count * (3.0 * ct->nnodes + ct->nslots) * sizeof(double);
        cells += pop->count;
    }
    double share = (double)nranks * threads;
    double blocks = ceil(bytes / share / (double)limit);
    /* not fewer than a few vectors' worth of cells a part (forced: one) */
    blocks = fmin(blocks, forced ? ceil(cells / share) : floor(cells / share / 256));
    double most = floor(65535.0 / threads);     /* a part is a uint16_t (rt_conns.h) */
    blocks = blocks < 1 ? 1 : blocks > most ? most : blocks;
    return threads * (int)blocks;
}

struct failure {            /* a part's failure, as ranks exchange it */
    double failed, t, v, gid, bytes, move, mech;
};

/* The first blow-up (earliest, then lowest gid) over the parts of every
 * rank, into res->error (collective). */
static bool report_failure(struct sim *s)
{
    struct part *mine = NULL;
    for (int k = 0; k < s->nparts; k++) {
        struct part *p = &s->parts[k];
        if (p->failed && (!mine || p->fail_t < mine->fail_t ||
                          (p->fail_t == mine->fail_t && p->fail_gid < mine->fail_gid)))
            mine = p;
    }
    struct failure f = {0}, *all = malloc((size_t)s->nranks * sizeof *all);
    if (!all)
        rt_mpi_abort("out of memory while ending a run");
    if (mine)
        f = (struct failure){1, mine->fail_t, mine->fail_v, mine->fail_gid,
                             (double)mine->fail_bytes, mine->fail_move, mine->fail_mech};
    rt_mpi_allgather(&f, all, sizeof f);
    const struct failure *one = NULL;
    for (int r = 0; r < s->nranks; r++)
        if (all[r].failed && (!one || all[r].t < one->t || (all[r].t == one->t && all[r].gid < one->gid)))
            one = &all[r];
    struct {
        double fail_t, fail_v;
        int fail_gid, fail_move, fail_mech;
        size_t fail_bytes;
    } x, *first = NULL;
    if (one) {
        x.fail_t = one->t;
        x.fail_v = one->v;
        x.fail_gid = (int)one->gid;
        x.fail_bytes = (size_t)one->bytes;
        x.fail_move = (int)one->move;
        x.fail_mech = (int)one->mech;
        first = &x;
    }
    free(all);
    char why[160] = "";
    if (first && first->fail_move)
        move_failure_text(why, sizeof why, first->fail_move, first->fail_v);
    if (first && first->fail_move && first->fail_gid >= 0)
        snprintf(s->res->error, sizeof s->res->error, "%s %scell %d at t = %.17g ms: %s",
                 s->m->mechs[first->fail_mech].name,
                 s->m->mechs[first->fail_mech].kind == CRT_POINT ? "on " : "", first->fail_gid,
                 first->fail_t, why);
    else if (first && first->fail_move)
        snprintf(s->res->error, sizeof s->res->error, "a source of mechanism %s at t = %.17g "
                 "ms: %s", s->m->mechs[first->fail_mech].name, first->fail_t, why);
    else if (first && first->fail_bytes)
        snprintf(s->res->error, sizeof s->res->error, "out of memory at t = %.3f ms: a buffer of "
                 "spikes or events could not grow to %zu bytes (they depend on activity: the "
                 "estimate before the run leaves them out)", first->fail_t, first->fail_bytes);
    else if (first && isnan(first->fail_v))
        snprintf(s->res->error, sizeof s->res->error, "the simulation became unstable: the "
                 "voltage of cell %d is not a number at t = %.3f ms (try a smaller dt; a "
                 "linear or nonlinear block without solution, or an NMODL FUNCTION setting "
                 "no result on the path taken, gives this too)",
                 first->fail_gid, first->fail_t);
    else if (first)
        snprintf(s->res->error, sizeof s->res->error, "the simulation became unstable: the "
                 "voltage of cell %d reached %.3g mV at t = %.3f ms (|v| > %g mV: try a "
                 "smaller dt, or check the stimuli and parameters)",
                 first->fail_gid, first->fail_v, first->fail_t, CRT_V_LIMIT);
    return first != NULL;
}

/* Several ranks: every rank's n items of `size` bytes to rank 0 (which
 * then has all of them, *n their number), the others none (collective). */
static void *to_rank0(struct sim *s, void *mine, long *n, size_t size)
{
    if (s->nranks == 1)
        return mine;
    size_t total;
    void *all = rt_mpi_gather(mine, (size_t)*n * size, &total, NULL);
    free(mine);
    *n = (long)(total / size);
    return s->rank == 0 ? all : ALLOC(1, char);
}

static void free_sim(struct sim *s)
{
    const struct crt_model *m = s->m;
    for (int t = 0; s->groups && t < s->ngroups; t++) {
        for (int pp = 0; s->groups[t].pp && pp < m->npp; pp++) {     /* NULL: build ran out */
            struct crt_set *set = &s->groups[t].pp[pp];
            free(set->data);
            free(set->node);
            free(set->area_factor);
            free(set->diam);
            free(set->area);
            free(set->scratch);
            free(set->streams);
            free(set->site_node);
            free_conn_lists(set);
        }
        free(s->groups[t].pp);
        free(s->group_gid ? s->group_gid[t] : NULL);
        free(s->groups[t].data);
        free(s->groups[t].params);
    }
    size_t nsets = (size_t)s->ngroups * (size_t)m->npp;
    for (size_t i = 0; i < nsets; i++) {
        free(s->pend ? s->pend[i] : NULL);
        free(s->remap ? s->remap[i] : NULL);
    }
    for (int a = 0; a < s->narts; a++) {
        free(s->arts[a].set.data);
        free(s->arts[a].set.streams);
        free_conn_lists(&s->arts[a].set);
        free(s->arts[a].gids);
    }
    free(s->arts);
    free(s->art_first);
    free(s->conn_args);
    free(s->pend);
    free(s->npend);
    free(s->cappend);
    free(s->remap);
    free(s->group_gid);
    free(s->groups);
    free(s->group_type);
    free(s->group_part);
    free(s->thread_first);
    free(s->part_thread);
    free(s->cell_type);
    free(s->cell_group);
    free(s->cell_index);
    rt_conns_free(&s->conns);
    free(s->targets);
    free(s->rule_contacts);
    free(s->args_at);
    free(s->list.pre);
    free(s->list.post);
    free(s->list.rule);
    free(s->list.weight);
    free(s->list.delay);
    free(s->list.pos);
    free(s->thr_rule);
    free(s->thresholds);
    free(s->cand);
    free(s->kind_first);
    free(s->fired_all);
    free(s->fired_mine);
    free(s->lumps);
    free(s->pp_mech);
    for (size_t i = 0; s->watches && i < nsets; i++) {
        free(s->watches[i].nactive);
        free(s->watches[i].order);
        free(s->watches[i].above);
        free(s->watches[i].flag);
        free(s->watches[i].value);
    }
    free(s->watches);
    for (int k = 0; s->rec_pend && k < s->m->nrecords; k++)
        free(s->rec_pend[k]);
    free(s->rec_pend);
    for (int k = 0; s->rec_syn && k < s->m->nrecords; k++) {
        for (int j = 0; s->rec_syn[k] && j < s->m->records[k].cells.n; j++)
            free(s->rec_syn[k][j].id);
        free(s->rec_syn[k]);
    }
    free(s->rec_syn);
    free(s->prun);
    free(s->src);
    free(s->mask);
    free(s->shown);
    rt_traces_abandon(&s->out);     /* an unfinished traces.csv (closed: nothing) */
    rt_spikes_abandon(&s->spk);     /* and spikes.csv, and the spill */
    rt_stim_spikes_abandon(&s->stim);   /* and stimulus_spikes.csv */
    free(s->sums);
    free(s->drop);
    free(s->columns);
    free(s->rec_pp);
    for (int k = 0; s->parts && k < s->nparts; k++) {
        struct part *p = &s->parts[k];
        rt_queue_free(&p->q);
        free(p->det);
        free(p->groups);
        free(p->no_args);
        free(p->traces);
        free(p->out[0]);
        free(p->out[1]);
        for (int c = 0; c < 2; c++) {
            free(p->spike_t[c]);
            free(p->spike_gid[c]);
            free(p->stim_spikes[c]);
        }
    }
    free(s->parts);
    free(s->gl.mech_globals);
}

int crt_available_cores(void)
{
    cpu_set_t set;
    long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                         : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* Tasks other than this one that are runnable right now (the 4th field of
 * /proc/loadavg counts this one too); 0 where unknown. */
static long others_runnable_now(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    long running = 0;
    if (f) {
        if (fscanf(f, "%*f %*f %*f %ld/", &running) != 1)
            running = 0;
        fclose(f);
    }
    return running > 1 ? running - 1 : 0;
}

/* Tasks that hold a core, not just pass through one: the fewest runnable
 * over a few samples 0.25 ms apart.  One sample often counts the parent
 * that has just started us (a shell, `time`) before it waits: on an idle
 * 2-core machine the seed then ran on one thread in half the runs. */
static long others_runnable(void)
{
    long fewest = others_runnable_now();
    for (int k = 0; k < 3 && fewest > 0; k++) {
        nanosleep(&(struct timespec){.tv_nsec = 250000}, NULL);
        long n = others_runnable_now();
        fewest = n < fewest ? n : fewest;
    }
    return fewest;
}

int crt_default_threads(const struct crt_model *m)
{
    /* parts meet at a spinning barrier every minimum delay: a part whose core
     * another process holds stalls all the others, so only free cores count
     * (on a loaded 2-core machine, the seed simulated ~1.5-2x slower on two
     * threads than on one) */
    long cores = crt_available_cores(), free_cores = cores - others_runnable();
    long by_size = m->ncells / 24;
    long n = free_cores < by_size ? free_cores : by_size;
    return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

bool crt_run(const struct crt_model *m, int experiment, struct crt_result *res)
{
    return crt_run_flags(m, experiment, 0, res);
}

/* The globals the tables are computed from, a run's own copy of them. */
static struct crt_globals table_inputs(const struct crt_model *m, int experiment)
{
    return (struct crt_globals){.dt = m->dt, .celsius = m->celsius, .v_init = m->v_init,
                                .mech_globals = m->experiments[experiment].globals};
}

void crt_fill_tables(const struct crt_model *m, int experiment)
{
    struct crt_globals gl = table_inputs(m, experiment);
    m->tables(&gl);
}

/* A fresh run of experiment `experiment` on `threads` threads, built. */
/* A handle per instance of the art sets whose mechanism moves its events,
 * and per watch of the point processes that watch, in every part's queue
 * (each part handles only its own instances' events). */
static void build_handles(struct sim *s)
{
    long n = 0;
    for (int k = 0; k < s->narts; k++) {
        struct art_set *a = &s->arts[k];
        a->move_base = s->m->mechs[a->mech].moves_events ? n : -1;
        n += a->move_base >= 0 ? a->set.n : 0;
    }
    const struct crt_model *m = s->m;
    s->watches = ALLOC((size_t)s->ngroups * (size_t)m->npp, struct watch_set);
    for (int g = 0; g < s->ngroups; g++)
        for (int pp = 0; pp < m->npp; pp++) {
            struct watch_set *w = &s->watches[(size_t)g * (size_t)m->npp + (size_t)pp];
            long ni = s->groups[g].pp[pp].n;
            if (!s->pp_mech[pp] || s->pp_mech[pp]->nwatch == 0 || ni == 0)
                continue;
            w->nwatch = s->pp_mech[pp]->nwatch;
            w->base = n;
            n += ni * w->nwatch;
            w->nactive = ALLOC(ni, int);
            w->order = ALLOC(ni * w->nwatch, int);
            w->above = ALLOC(ni * w->nwatch, unsigned char);
            w->flag = ALLOC(ni * w->nwatch, double);
            w->value = ALLOC(ni * (w->nwatch + 1), double);    /* and crossed */
            s->has_watches = true;
        }
    for (int k = 0; n > 0 && k < s->nparts; k++)
        rt_queue_handles(&s->parts[k].q, n);
}

static void build_network(struct sim *s, const struct crt_model *m, int experiment,
                          struct crt_result *res, int parts, int threads, bool listing)
{
    *s = (struct sim){.m = m, .e = &m->experiments[experiment], .res = res, .absent = NAN,
                      .listing = listing, .drawn_mindelay = INFINITY};
    s->rule_contacts = ALLOC(m->nrules, long);
    s->gl = table_inputs(m, experiment);
    s->gl.mech_globals = NULL;      /* the run's own copy, freed with it */
    s->gl.mech_globals = ALLOC(m->nglobals, double);
    for (int i = 0; i < m->nglobals; i++)
        s->gl.mech_globals[i] = s->e->globals[i];
    s->rank = rt_mpi_rank();
    s->nranks = rt_mpi_size();
    for (int q = 0; q < m->npops; q++)     /* every rank's cells: NEURON has one t */
        if (m->pops[q].type >= 0)
            s->runge_moves += (long)m->pops[q].count * m->types[m->pops[q].type].runge_instances;
    for (int k = 0; s->nranks > 1 && k < m->nmechs; k++)
        s->count_all |= m->mechs[k].kind == CRT_POINT && m->mechs[k].uses_random;
    s->ncand = m->nrules + s->e->nstims;
    s->cand = ALLOC(s->ncand, const struct crt_instance_kind *);
    s->kind_first = ALLOC(s->ncand, uint64_t);
    for (int i = 0; i < s->ncand; i++) {
        s->cand[i] = i < m->nrules ? synapse_in_run(s, &m->rules[i].syn)
                                   : synapse_in_run(s, &s->e->stims[i - m->nrules].syn);
        s->kind_first[i] = UINT64_MAX;
    }
    build_cells(s, parts);
    stop_point(s);
    s->npp_sets = s->ngroups * m->npp;
    build_parts(s, parts, threads);
    build_art_cells(s, parts);
    place_cells(s->m, s->res);
    stop_point(s);
    build_rules(s);
    apply_rule_thresholds(s);
    stop_point(s);
    build_stims(s);
    stop_point(s);
    free(s->lumps);         /* every synapse is made: room for the sort */
    s->lumps = NULL;
    s->nlumps = s->caplumps = 0;
    finish_sets(s);
    build_handles(s);
}

/* ---- memory --------------------------------------------------------------------------- */

/* Are a mechanism's synapses shared (add_synapse)? */
static bool shared(const struct crt_model *m, int mech)
{
    return !m->exact && m->mechs[mech].superposable;
}

/* A synapse instance of a mechanism: its slots, node, area factor (and diam
 * where it reads it), two scratch values and where its pending entry went.  The peak is at the connections' sort (rt_conns_finish: records
 * and the run's layout at once), after the lump table and the pending
 * entries are freed; a connection's own instance's pending entry (exact
 * mode, unshared kinds) is counted, as the sets are laid out while the
 * records and those entries are there (the run's layout comes after). */
static double instance_bytes(const struct crt_model *m, int mech)
{
    return (double)(m->mechs[mech].nslots + m->mechs[mech].reads_diam +
                    m->mechs[mech].reads_area) * sizeof(double) +
           sizeof(int64_t) + 3 * sizeof(double) + sizeof(long) + (shared(m, mech) ? 0 : sizeof(struct pending_pp));
}

/* A rule's or stimulus's synapses, for the estimate. */
struct syn_use {
    const struct crt_instance_kind *kind;
    const int *node;        /* per cell type */
};

/* Shared synapses (the default mode's superposable ones) are laid out as
 * sites: one instance per cell of a reached type for each distinct (kind,
 * node), which every rule and stimulus using that kind there drives. */
static double shared_synapse_bytes(const struct crt_model *m, const struct syn_use *u, int n,
                                   const double *per_type)
{
    double bytes = 0;
    for (int i = 0; i < n; i++) {
        const struct crt_instance_kind *k = u[i].kind;
        if (k->mech < 0 || !shared(m, k->mech))
            continue;
        size_t size = (size_t)m->mechs[k->mech].nslots * sizeof *k->params;
        for (int t = 0; t < m->ntypes; t++) {
            bool seen = u[i].node[t] < 0;
            for (int j = 0; j < i && !seen; j++)
                seen = u[j].kind->mech == k->mech && u[j].node[t] == u[i].node[t] &&
                       memcmp(u[j].kind->params, k->params, size) == 0;
            if (!seen)
                bytes += per_type[t] * instance_bytes(m, k->mech);
        }
    }
    return bytes;
}

/* Cells in both sorted lists. */
static double common_cells(const struct crt_gids *a, const struct crt_gids *b)
{
    double n = 0;
    for (int i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->gid[i] < b->gid[j]) {
            i++;
        } else if (a->gid[i] > b->gid[j]) {
            j++;
        } else {
            n++;
            i++;
            j++;
        }
    }
    return n;
}

double crt_rule_expected(const struct crt_model *m, int r, const double *pos)
{
    const struct crt_rule *rl = &m->rules[r];
    double pre = rl->pre.n, post = rl->post.n;
    switch (rl->kind) {
    case CRT_CONVERGENCE: return fmin(rl->value, pre) * post;
    case CRT_DIVERGENCE: return fmin(rl->value, post) * pre;
    case CRT_PAIRS: return rl->npairs;
    default: break;
    }
    double pairs = pre * post - common_cells(&rl->pre, &rl->post);
    if (!rl->prob_expr.n)
        return fmin(fmax(rl->value, 0), 1) * pairs;
    if (!pos || pairs <= 0)
        return 0;
    /* pairs k * stride for k < sample, the stride prime to nothing in
     * particular: an even spread over pre and post alike */
    double total = pre * post, sum = 0, seen = 0;
    double sample = fmin(total, CRT_PAIR_SAMPLE), stride = total / sample;
    for (double k = 0; k < sample; k++) {
        double at = floor(k * stride);
        int i = (int)fmod(at, pre), j = (int)floor(at / pre);
        int a = rl->pre.gid[i], b = rl->post.gid[j];
        if (a == b)
            continue;
        double p = crt_pair_eval(&rl->prob_expr, m, pos, a, b);
        sum += p > 1 ? 1 : p > 0 ? p : 0;       /* a draw u < p */
        seen++;
    }
    return seen > 0 ? sum / seen * pairs : 0;
}

void crt_count_rules(struct crt_model *m)
{
    bool by_pair = false;
    for (int r = 0; r < m->nrules; r++)
        by_pair |= m->rules[r].kind == CRT_PROBABILITY && m->rules[r].prob_expr.n;
    double *pos = by_pair ? crt_place(m) : NULL;
    for (int r = 0; r < m->nrules; r++) {
        m->rules[r].expected = crt_rule_expected(m, r, pos);
        m->rules[r].expected_known = !by_pair || pos;
    }
    free(pos);
}

/* Mirrors build_network and setup_traces: what they allocate, from the
 * model alone.  Synapses: one per connection in --exact; shared ones are
 * laid out as sites, one instance per cell of a targeted type. */
struct crt_memory crt_run_memory(const struct crt_model *m, int experiment, int flags)
{
    return crt_run_memory_on(m, experiment, flags, m->threads, rt_mpi_size());
}

/* A connection's state (receive's arguments after the weight), bytes: its
 * synapse's, or onto artificial cells the most any of theirs has. */
static double conn_args_bytes(const struct crt_model *m, int syn_mech)
{
    int nargs = 0;
    bool listed = false;    /* in its target's connection list: a weight and a pointer */
    if (syn_mech >= 0) {
        nargs = m->mechs[syn_mech].nargs;
        listed = m->mechs[syn_mech].for_conns;
    } else {
        for (int p = 0; p < m->npops; p++)
            if (m->pops[p].art >= 0) {
                const struct crt_mech *a = &m->mechs[m->pops[p].art];
                nargs = a->nargs > nargs ? a->nargs : nargs;
                listed |= a->for_conns;
            }
    }
    return (double)nargs * sizeof(double) + (listed ? sizeof(double) + sizeof(double *) : 0);
}

struct crt_memory crt_run_memory_on(const struct crt_model *m, int experiment, int flags,
                                    int nthreads, int nranks)
{
    const struct crt_experiment *e = &m->experiments[experiment];
    struct crt_memory mem = {{0}, {0}};
    int threads = nthreads > 1 ? nthreads : 1;
    int parts = run_parts(m, threads, nranks > 1 ? nranks : 1);
    double *per_type = calloc((size_t)m->ntypes + 1, sizeof *per_type);
    if (!per_type) {
        mem.run[CRT_MEM_CELLS] = INFINITY;
        return mem;
    }
    double art = 0;         /* artificial cells: slots and a stream each */
    for (int p = 0; p < m->npops; p++)
        if (m->pops[p].type >= 0)
            per_type[m->pops[p].type] += m->pops[p].count;
        else
            art += m->pops[p].count * ((double)m->mechs[m->pops[p].art].nslots * sizeof(double) +
                                       sizeof(struct crt_stream));
    double ncells = m->ncells;
    /* type, group, index, the part's detector; the position;
     * with a rule's threshold, the last such rule per cell (thr_rule) */
    bool rule_thresholds = false;
    for (int r = 0; r < m->nrules; r++)
        rule_thresholds |= !isnan(m->rules[r].threshold);
    mem.run[CRT_MEM_CELLS] = ncells * (3 * sizeof(int) + sizeof(struct detector) +
                                       (rule_thresholds ? sizeof(uint64_t) : 0));
    mem.kept[CRT_MEM_CELLS] = ncells * 3 * sizeof(double);
    mem.run[CRT_MEM_CELLS] += art;
    for (int t = 0; t < m->ntypes; t++) {
        /* v, rhs and d of every node, then the density slots; groups padded */
        double padded = per_type[t] > 0 ? per_type[t] + parts * (CRT_CELL_PAD - 1) : 0;
        mem.run[CRT_MEM_CELLS] += padded * (3.0 * m->types[t].nnodes + m->types[t].nslots) *
                                  sizeof(double);
    }
    /* a connection in the run (rt_conns.h) */
    double conn = sizeof(struct rt_conn);
    double listed = 0, sorted = 0;      /* rule connections; all connections */
    double stim_sources = 0, pairs = 0; /* a stimulus's artificial cells; (weight, delay) pairs */
    bool state = false, args = false;   /* connections have a state (or an initial block) */
    for (int i = 0; i < m->nmechs; i++) {
        state |= m->mechs[i].nargs > 0 || m->mechs[i].has_net_init;
        args |= m->mechs[i].nargs > 0;
    }
    struct syn_use *uses = calloc((size_t)(m->nrules + e->nstims) + 1, sizeof *uses);
    int nuses = 0;
    if (!uses) {
        free(per_type);
        mem.run[CRT_MEM_CELLS] = INFINITY;
        return mem;
    }
    for (int r = 0; r < m->nrules; r++) {
        const struct crt_rule *rl = &m->rules[r];
        double n = rl->expected_known ? rl->expected : crt_rule_expected(m, r, NULL);
        if (n > 0 && rl->syn.mech >= 0)
            uses[nuses++] = (struct syn_use){&rl->syn, rl->node};
        sorted += n;
        /* a weight or delay per pair: as many pairs as connections, at worst */
        pairs += rl->weight_expr.n || rl->delay_expr.n || rl->pair_weight || rl->pair_delay
                 ? n : 1;
        double syn = rl->syn.mech < 0 || shared(m, rl->syn.mech) ? 0 : n;
        mem.run[CRT_MEM_CONNECTIONS] += n * (conn + conn_args_bytes(m, rl->syn.mech)) +
                                        (syn > 0 ? syn * instance_bytes(m, rl->syn.mech) : 0);
        listed += n;
    }
    for (int k = 0; k < e->nstims; k++) {
        const struct crt_stim *st = &e->stims[k];
        double n = st->target.n;
        if (m->mechs[st->source.mech].kind == CRT_POINT) {
            mem.run[CRT_MEM_CONNECTIONS] += n * instance_bytes(m, st->source.mech);
            continue;
        }
        /* an artificial cell per target (slots, stream), its connection and synapse */
        if (n > 0 && st->syn.mech >= 0)
            uses[nuses++] = (struct syn_use){&st->syn, st->node};
        sorted += n;
        stim_sources += n;
        pairs++;
        double syn = st->syn.mech < 0 || shared(m, st->syn.mech) ? 0 : n;
        mem.run[CRT_MEM_CONNECTIONS] +=
            n * ((double)m->mechs[st->source.mech].nslots * sizeof(double) +
                 sizeof(struct crt_stream) + 2 * sizeof(int) + conn +
                 conn_args_bytes(m, st->syn.mech)) +
            (syn > 0 ? syn * instance_bytes(m, st->syn.mech) : 0);
    }
    mem.run[CRT_MEM_CONNECTIONS] += shared_synapse_bytes(m, uses, nuses, per_type);
    free(uses);
    if (flags & CRT_RUN_CONNECTIONS) {  /* pre, post, rule; weight, delay */
        mem.kept[CRT_MEM_CONNECTIONS] = listed * (3 * sizeof(int) + 2 * sizeof(double));
        if (nranks > 1)                 /* and each one's place in its rule's loop */
            mem.run[CRT_MEM_CONNECTIONS] += listed * sizeof(long);
    }
    /* per source (cells, a stimulus's artificial cells): where its connections
     * start; the distinct (weight, delay) pairs */
    if (sorted > 0)
        mem.run[CRT_MEM_CONNECTIONS] += (ncells + stim_sources) * sizeof(long) +
                                        pairs * sizeof(struct rt_conn_pair);
    /* connections with a state: their place in it, and their creation order */
    mem.run[CRT_MEM_CONNECTIONS] += sorted * ((args ? sizeof(long) : 0) +
                                              (state ? sizeof(uint32_t) : 0));
    /* the time vector and the traces (each at its own interval), only when
     * something is recorded; a measure's voltages as statistics per window.
     * Streamed (setup_traces): a trace no figure draws holds a ring while
     * the run goes, and the time vector too if no figure draws any. */
    double steps = floor(m->tstop / m->dt + 0.5), kept = 0, rings = 0, ntraces = 0;
    bool stream = flags & CRT_RUN_STREAM;
    char *shown = stream ? calloc((size_t)m->ncells + 1, 1) : NULL;
    bool drawn = shown ? crt_figures_trace_cells(m, experiment, shown) : !stream;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *rec = &m->records[k];
        double n = rec->cells.n;
        if (rec->kind == CRT_REC_SPIKES) {
            mem.kept[CRT_MEM_TRACES] += ncells;
        } else if (rec->kind == CRT_REC_PROBE) {
            mem.kept[CRT_MEM_TRACES] += n * (rec->nwin * sizeof(struct crt_vsum) +
                                             sizeof(struct probe_run));
        } else {
            double samples = floor(steps / (rec->every > 0 ? rec->every : 1)) + 1;
            for (int j = 0; j < rec->cells.n; j++)
                if (stream && samples > CRT_STREAM_RING && !(shown && shown[rec->cells.gid[j]]))
                    rings += CRT_STREAM_RING;
                else
                    kept += samples;
            ntraces += n;
        }
    }
    free(shown);
    if (ntraces > 0) {
        if (drawn || steps + 1 <= CRT_STREAM_RING)
            kept += steps + 1;
        else
            rings += CRT_STREAM_RING;
        mem.kept[CRT_MEM_TRACES] += kept * sizeof(double);
        mem.run[CRT_MEM_TRACES] += rings * sizeof(double);
    }
    /* While the network is built, each connection is also a record (rt_conns.h;
     * with a state, and its creation order); the pairs' hash slots, at most 4
     * a pair.  All are gone before the traces above are allocated: the larger
     * counts. */
    double building = sorted * (sizeof(struct rt_conn_record) + (state ? sizeof(uint32_t) : 0)) +
                      pairs * 4 * sizeof(uint32_t);
    if (building > mem.kept[CRT_MEM_TRACES])
        mem.run[CRT_MEM_CONNECTIONS] += building - mem.kept[CRT_MEM_TRACES];
    /* MPI ranks: each builds its share of the cells, synapses and connections
     * beside the per-gid tables every rank has; what is kept is rank 0's, whole */
    int K = nranks;
    if (K > 1) {
        double tables = ncells * (4 * sizeof(int) + 1);
        mem.run[CRT_MEM_CELLS] = tables + (mem.run[CRT_MEM_CELLS] - tables) / K;
        mem.run[CRT_MEM_CONNECTIONS] /= K;
    }
    free(per_type);
    return mem;
}

/* Steps per interval allowed by the delays of rules whose delay is an
 * expression of the pair (as drawn) or listed per pair (SONATA's edges);
 * nsteps if there are none. */
static long drawn_interval(const struct sim *s, long nsteps)
{
    return steps_within(rt_mpi_min(s->drawn_mindelay), s->m->dt, nsteps);  /* over every rank */
}

bool crt_same_tables(const struct crt_model *m, int a, int b)
{
    return m->nglobals == 0 || memcmp(m->experiments[a].globals, m->experiments[b].globals,
                                      (size_t)m->nglobals * sizeof(double)) == 0;
}

bool crt_run_flags(const struct crt_model *m, int experiment, int flags, struct crt_result *res)
{
    return crt_run_on(m, experiment, flags, m->threads, res);
}

bool crt_run_on(const struct crt_model *m, int experiment, int flags, int nthreads,
                struct crt_result *res)
{
    return crt_run_streamed(m, experiment, flags & ~CRT_RUN_STREAM, nthreads, NULL, res);
}

/* Ends a streamed traces.csv: its last rows, then renamed into place on
 * rank 0 (or removed if the run failed); false with res->error if writing
 * it failed on any rank. */
static bool end_stream(struct sim *s, bool failed, long nsteps)
{
    if (!s->streaming)
        return true;
    if (!failed)
        stream_rows(s, nsteps);
    if (s->out.f && !failed && !s->stream_failed) {
        s->stream_failed = !rt_traces_close(&s->out, s->stream_err, sizeof s->stream_err);
        s->res->traces_streamed = !s->stream_failed;
    }
    rt_traces_abandon(&s->out);
    if (failed)
        return true;    /* the run says why */
    snprintf(s->res->error, sizeof s->res->error, "%s", s->stream_err);
    s->res->write_failed |= s->stream_failed;
    return rt_mpi_agree(!s->stream_failed, s->res->error, sizeof s->res->error);
}

/* A streamed run's traces drawn by no figure are in traces.csv, not in the
 * result: their rings go. */
static void drop_rings(struct sim *s)
{
    struct crt_result *r = s->res;
    for (int i = 0; s->streaming && s->mask && i < r->ntraces; i++)
        if (r->trace_kind[i] != CRT_REC_PROBE && s->mask[i] != -1) {
            free(r->trace[i]);
            r->trace[i] = NULL;
        }
    if (s->tmask != -1) {
        free(r->t);
        r->t = NULL;
    }
}

/* The spikes' end: what is still held written out, spikes.csv renamed
 * into place and the spill mapped into res (rank 0), or all of it dropped
 * if the run failed; false with res->error if writing failed (the same
 * answer on every rank). */
static bool end_spikes(struct sim *s, bool failed)
{
    struct crt_result *r = s->res;
    char err[sizeof s->spk.err] = "";
    bool ok = true, csv = s->spk_open && s->spk.csv;
    if (s->spk_open && !failed)
        ok = rt_spikes_finish(&s->spk, r, err, sizeof err);
    r->write_failed |= !ok;
    if (s->spikes_lost && ok) {     /* at the last interval, after the others stopped */
        snprintf(err, sizeof err, "out of memory: a buffer of spikes could not grow");
        ok = false;
    }
    rt_spikes_abandon(&s->spk);
    s->spk_open = false;
    r->spikes_streamed = ok && !failed && csv;
    if (failed)
        return true;    /* the run says why */
    snprintf(r->error, sizeof r->error, "%s", err);
    return rt_mpi_agree(ok, r->error, sizeof r->error);
}

/* The same for the recorded stimuli's spikes: stimulus_spikes.csv renamed
 * into place (or, without a file, the spikes into res), or dropped. */
static bool end_stim_spikes(struct sim *s, bool failed)
{
    struct crt_result *r = s->res;
    char err[sizeof s->stim.err] = "";
    bool ok = true;
    if (s->stim_open && !failed)
        ok = rt_stim_spikes_finish(&s->stim, r, &r->stim_spikes_streamed, err, sizeof err);
    r->write_failed |= !ok;
    rt_stim_spikes_abandon(&s->stim);
    s->stim_open = false;
    if (failed)
        return true;    /* the run says why */
    snprintf(r->error, sizeof r->error, "%s", err);
    return rt_mpi_agree(ok, r->error, sizeof r->error);
}

static bool run_into(const struct crt_model *m, int experiment, int flags, int nthreads,
                     const char *traces_path, const char *dir, struct crt_result *res);

bool crt_run_streamed(const struct crt_model *m, int experiment, int flags, int nthreads,
                      const char *traces_path, struct crt_result *res)
{
    return run_into(m, experiment, flags, nthreads, traces_path, NULL, res);
}

bool crt_run_into(const struct crt_model *m, int experiment, int flags, int nthreads,
                  const char *dir, struct crt_result *res)
{
    char traces[4200];
    snprintf(traces, sizeof traces, "%s/traces.csv", dir);
    return run_into(m, experiment, flags | CRT_RUN_STREAM, nthreads, traces, dir, res);
}

static bool run_into(const struct crt_model *m, int experiment, int flags, int nthreads,
                     const char *traces_path, const char *dir, struct crt_result *res)
{
    double t0 = now_ms();
    memset(res, 0, sizeof *res);
    if (rt_mpi_size() == 1 && atomic_load(&rt_stop_signal) != 0) {  /* not begun: nothing */
        res->stopped_by = atomic_load(&rt_stop_signal);
        snprintf(res->error, sizeof res->error, "stopped before it began");
        return false;
    }
    /* before anything is allocated: a run that would not fit is refused */
    bool *only = calloc((size_t)m->nexperiments + 1, sizeof *only);
    if (!only) {
        snprintf(res->error, sizeof res->error, "out of memory");
        return false;
    }
    only[experiment] = true;
    bool fits = crt_check_memory(m, only, flags, res->error, sizeof res->error);
    free(only);
    if (!rt_mpi_agree(fits, res->error, sizeof res->error))    /* machines may differ */
        return false;
    if (!(m->tstop / m->dt <= 0x1p53)) {   /* llround below stays exact */
        snprintf(res->error, sizeof res->error, "a duration of %g ms in steps of %g ms is %.3g "
                 "steps, more than a run can take", m->tstop, m->dt, m->tstop / m->dt);
        return false;
    }
    if (!crt_resolve_where((struct crt_model *)m, res->error, sizeof res->error))
        return false;
    for (int k = 0; k < m->nrecords; k++)   /* empty by placement: said, not silent */
        if (m->records[k].cells.where.n && m->records[k].cells.n == 0)
            fprintf(stderr, "%s: warning: %s selects no cells (seed %u, experiment '%s'): it "
                    "records nothing\n", crt_program,
                    m->records[k].text ? m->records[k].text : "a record",
                    m->seed, m->experiments[experiment].name);
    /* An allocation that fails while the run is built or ended comes back
     * here (rt_alloc.h).  What was built is in s, whose address every
     * builder gets, so it is in memory when the jump comes; the pointers set
     * after setjmp and read after it are volatile. */
    struct sim s = {.m = m};
    struct trace_src *volatile src = NULL;
    pthread_t *volatile th = NULL;
    struct worker *volatile workers = NULL;
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        if (guard.bytes == 0) {     /* stop_point: a signal while it was built */
            res->stopped_by = atomic_load(&rt_stop_signal);
            snprintf(res->error, sizeof res->error, "stopped while the network was built");
        } else {
            snprintf(res->error, sizeof res->error, "out of memory: %zu more bytes could not "
                     "be allocated (the estimate before the run was lower: see "
                     "--memory-limit)", guard.bytes);
        }
        if (rt_mpi_size() > 1)  /* the other ranks are in a call this one will not make */
            rt_mpi_abort(res->error);
        free(th);
        free(workers);
        free_sim(&s);       /* src too */
        return false;
    }
    long nsteps = (long)llround(m->tstop / m->dt);
    long per_interval = interval_steps(m, &m->experiments[experiment], nsteps);
    int threads = nthreads > 1 && per_interval > 0 ? nthreads : 1;
    int parts = per_interval > 0 ? run_parts(m, threads, rt_mpi_size()) : 1;
    build_network(&s, m, experiment, res, parts, threads, flags & CRT_RUN_CONNECTIONS);
    /* delays drawn as expressions of the pair: the interval is known now */
    long drawn = drawn_interval(&s, nsteps);
    if (drawn < per_interval)
        per_interval = drawn;
    if (per_interval == 0 && s.nranks > 1 && !s.bad_build) {
        snprintf(res->error, sizeof res->error, "a connection delay is shorter than a step "
                 "(dt = %g ms): ranks exchange spikes once per interval shorter than the "
                 "shortest delay, so a run on %d MPI ranks needs every delay longer than dt",
                 m->dt, s.nranks);
        s.bad_build = true;
    }
    if (per_interval == 0 && s.nparts > 1 && s.nranks == 1) {  /* too short to split: one part */
        free_sim(&s);
        free(res->pos);
        res->pos = NULL;
        build_network(&s, m, experiment, res, 1, 1, flags & CRT_RUN_CONNECTIONS);
    }
    if (!rt_mpi_agree(!s.bad_build, res->error, sizeof res->error)) {
        rt_oom_pop(&guard);
        free_sim(&s);
        return false;
    }
    s.batched = per_interval > 0 && (s.nparts > 1 || s.nranks > 1);    /* chunk below */
    res->nconnections = s.conns.n;
    res->rule_contacts = s.rule_contacts;
    s.rule_contacts = NULL;
    rt_mpi_sum(&res->nconnections, 1);     /* over every rank */
    rt_mpi_sum(res->rule_contacts, m->nrules);
    if (flags & CRT_RUN_CONNECTIONS)
        list_connections(&s);
    /* the spikes' spill (and spikes.csv in dir) before any can fire (rank 0) */
    char spikes_csv[4200], spikes_h5[4200];
    snprintf(spikes_csv, sizeof spikes_csv, "%s/spikes.csv", dir ? dir : "");
    snprintf(spikes_h5, sizeof spikes_h5, "%s/spikes.h5", dir ? dir : "");
    s.spk_open = s.rank == 0 &&
                 rt_spikes_open(&s.spk, dir, dir ? spikes_csv : NULL,
                                dir && (flags & CRT_RUN_SONATA_SPIKES) ? spikes_h5 : NULL,
                                m->name, res->error, sizeof res->error);
    char stim_csv[4200];
    snprintf(stim_csv, sizeof stim_csv, "%s/stimulus_spikes.csv", dir ? dir : "");
    s.stim_open = s.spk_open && m->nspike_stims > 0 &&
                  rt_stim_spikes_open(&s.stim, dir ? stim_csv : NULL, m->spike_stims, res->error,
                                      sizeof res->error);
    if (s.stim_open != (s.spk_open && m->nspike_stims > 0))
        s.spk_open = false;     /* the message is in res->error */
    if (!rt_mpi_agree(s.rank != 0 || s.spk_open, res->error, sizeof res->error)) {
        rt_oom_pop(&guard);
        free_sim(&s);
        return false;
    }

    double t1 = now_ms();
    res->ms_build = t1 - t0;
    /* finitialize */
    s.gl.t = 0;
    if (!(flags & CRT_RUN_TABLES_FILLED))
        m->tables(&s.gl);
    for (int g = 0; g < s.ngroups; g++)
        m->types[s.group_type[g]].init(&s.groups[g], &s.gl);
    for (int a = 0; a < s.narts; a++)
        m->mechs[s.arts[a].mech].art_init(&s.arts[a].set,
                                          &((struct part *)s.arts[a].set.rt)->gl);
    init_conn_args(&s);     /* after the mechanisms' INITIAL, as init_net_events */
    for (int k = 0; k < s.nparts; k++)
        deliver(&s.parts[k], 0.0);
    for (int w = 0; s.nthreads > 1 && w < s.nthreads; w++)
        exchange(&s, w, 0);
    if (s.nranks > 1) {
        exchange_ranks(&s, 0, false, 0, 0.0);
        for (int w = 0; w < s.nthreads; w++)
            receive(&s, w);
    }
    for (int k = 0; k < s.nparts; k++)
        s.parts[k].nout[0] = 0;
    s.streaming = flags & CRT_RUN_STREAM;     /* build_network set s anew */
    s.stoppable = true;     /* several ranks: agreed on in the exchange (exchange_ranks) */
    s.traces_path = traces_path;
    src = setup_traces(&s, nsteps + 1);
    s.spk.listed = res->spike_listed;   /* set up with the traces */
    for (int k = 0; k < s.nparts; k++)
        record(&s.parts[k], src, 0);
    bool opened = !(s.streaming && s.rank == 0 && s.traces_path && res->ntraces) ||
                  rt_traces_open(&s.out, s.traces_path, res, res->error, sizeof res->error);
    if (!rt_mpi_agree(opened, res->error, sizeof res->error)) {
        rt_oom_pop(&guard);
        free_sim(&s);
        return false;
    }

    struct progress prog = {!(flags & CRT_RUN_QUIET) && s.rank == 0 && isatty(STDERR_FILENO) &&
                                !getenv("CI"),
                            now_ms(), 0};
    /* one part on one rank: chunks only pace the progress display */
    long chunk = s.batched ? per_interval : 256;
    if (s.streaming && chunk > CRT_STREAM_STEPS)  /* a shorter interval changes no result */
        chunk = CRT_STREAM_STEPS;
    struct schedule sc = {.src = src, .nsteps = nsteps, .chunk = chunk, .prog = &prog};
    sc.bar.n = s.nthreads;
    sc.bar.spins = s.nthreads <= crt_available_cores() ? 20000 : 0;
    th = ALLOC(s.nthreads, pthread_t);
    workers = ALLOC(s.nthreads, struct worker);
    rt_oom_pop(&guard);     /* the parts' buffers fail the run their own way */
    int started = 1;
    for (; started < s.nthreads; started++) {
        workers[started] = (struct worker){&s, started, &sc};
        if (pthread_create(&th[started], NULL, worker_main, &workers[started]) != 0)
            break;
    }
    bool all_started = rt_mpi_all(started == s.nthreads);   /* on every rank */
    atomic_store(&sc.go, all_started ? 1 : -1);
    if (all_started)
        run_thread(&s, 0, &sc);
    for (int k = 1; k < started; k++)
        pthread_join(th[k], NULL);
    bool failed = report_failure(&s);
    if (started < s.nthreads)
        snprintf(res->error, sizeof res->error, "cannot start %d threads (try --threads 1)",
                 s.nthreads);
    if (!all_started) {
        rt_mpi_agree(started == s.nthreads, res->error, sizeof res->error);
        failed = true;
    }
    progress_end(&prog);
    free(th);
    free(workers);
    th = NULL;
    workers = NULL;
    if (s.nranks == 1) {    /* what the last intervals left (a failure: unflushed) */
        flush_spikes(&s, 0, -INFINITY);
        flush_spikes(&s, 1, INFINITY);
    }
    flush_stim_spikes(&s, 0, -INFINITY);    /* (collective) */
    flush_stim_spikes(&s, 1, INFINITY);
    if (!end_spikes(&s, failed))
        failed = true;
    if (!end_stim_spikes(&s, failed))
        failed = true;
    if (!collect_spikes_guarded(&s, res))
        failed = true;
    bool stopped = s.stopped && !failed;
    if (!end_stream(&s, failed, stopped ? s.reached : nsteps))
        failed = true;
    if (stopped && !failed) {   /* what it wrote is whole up to there; the run says so */
        res->stopped_by = atomic_load(&rt_stop_signal);
        res->t_reached = s.t_reached;
        snprintf(res->error, sizeof res->error, "stopped by %s at t = %g ms",
                 res->stopped_by == SIGINT ? "SIGINT" : "SIGTERM", s.t_reached);
        failed = true;
    }
    traces_to_rank0(&s);
    drop_rings(&s);
    res->ms_simulate = now_ms() - t1;
    free_sim(&s);           /* src too */
    return !failed;
}

/* A run whose spikes were not mapped (none, or another rank's) gets empty
 * arrays; their allocation failing fails the run with a message. */
static bool collect_spikes_guarded(struct sim *s, struct crt_result *res)
{
    struct rt_oom_guard guard;
    rt_oom_push(&guard);
    if (setjmp(guard.jump)) {
        snprintf(res->error, sizeof res->error, "out of memory: %zu more bytes could not be "
                 "allocated for the spikes", guard.bytes);
        if (s->nranks > 1)
            rt_mpi_abort(res->error);
        return false;
    }
    if (!res->spikes_mapped) {  /* none, or not rank 0's: empty arrays */
        res->spike_t = ALLOC(1, double);
        res->spike_gid = ALLOC(1, int);
        res->nspikes = 0;
    }
    rt_oom_pop(&guard);
    return true;
}

void crt_result_free(struct crt_result *r)
{
    free(r->rule_contacts);
    free(r->pos);
    free(r->conn_pre);
    free(r->conn_weight);
    free(r->conn_delay);
    free(r->conn_post);
    free(r->conn_rule);
    if (r->spikes_mapped) {     /* rt_spikes.h: the spill, mapped */
        munmap(r->spike_t, (size_t)r->nspikes * sizeof *r->spike_t);
        munmap(r->spike_gid, (size_t)r->nspikes * sizeof *r->spike_gid);
    } else {
        free(r->spike_t);
        free(r->spike_gid);
    }
    free(r->stim_spike_t);
    free(r->stim_spike_stim);
    free(r->stim_spike_gid);
    free(r->t);
    for (int i = 0; i < r->ntraces; i++) {     /* NULL arrays: the run ran out of memory */
        free(r->trace ? r->trace[i] : NULL);
        free(r->trace_label ? r->trace_label[i] : NULL);
        free(r->trace_site ? r->trace_site[i] : NULL);
    }
    free(r->trace);
    free(r->trace_label);
    free(r->trace_site);
    free(r->trace_gid);
    free(r->trace_kind);
    free(r->trace_record);
    free(r->trace_every);
    for (int i = 0; r->trace_vsum && i < r->ntraces; i++)
        free(r->trace_vsum[i]);
    free(r->trace_vsum);
    free(r->spike_listed);
    memset(r, 0, sizeof *r);
}
