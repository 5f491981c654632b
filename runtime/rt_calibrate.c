/* rt_calibrate.c - the time a cell type's compiled kernels take per
 * cell-step, measured by running a sample of its cells alone (no
 * connections, stimuli, records or analysis) on one thread.  circ plan
 * multiplies it by the run's cells and steps: the time of stepping the
 * cells, before anything of the real network is built.  Spike delivery is
 * not in it: it depends on activity the plan cannot know. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"

/* Nodes in the sample: as many as the run has, up to a size that leaves
 * the caches as a large network does (the state no longer fits in them). */
#define SAMPLE_NODES 20000
/* Run the sample at least this long, so the clock's resolution and the
 * run's set-up are small against it. */
#define MIN_MS 40.0

static bool run_sample(const struct crt_model *m, int experiment, int type, int cells,
                       long steps, double *ms, char *err, size_t errsize)
{
    struct crt_pop pop = {0};
    for (int p = 0; p < m->npops; p++)
        if (m->pops[p].type == type) {
            pop = m->pops[p];
            break;
        }
    pop.count = cells;
    pop.first_gid = 0;
    struct crt_experiment e = m->experiments[experiment];
    e.nstims = 0;
    e.stims = NULL;
    e.sweep = -1;
    struct crt_model s = *m;
    s.tstop = (double)steps * m->dt;
    s.npops = 1;
    s.pops = &pop;
    s.ncells = cells;
    s.nrules = 0;
    s.rules = NULL;
    s.nexperiments = 1;
    s.experiments = &e;
    s.nsweeps = 0;
    s.nrecords = 0;
    s.record_spikes = false;
    s.nspike_stims = 0;
    s.nsets = 0;
    s.nmeasures = 0;
    s.nexpects = 0;
    s.nfigures = 0;
    s.threads = 1;
    crt_fill_tables(&s, 0);
    struct crt_result res;
    bool ok = crt_run_on(&s, 0, 0, 1, &res);
    if (ok)
        *ms = res.ms_simulate;
    else
        snprintf(err, errsize, "%s", res.error);
    crt_result_free(&res);
    return ok;
}

double crt_calibrate_type(const struct crt_model *m, int experiment, int type, int *cells,
                          char *err, size_t errsize)
{
    long total = 0;
    for (int p = 0; p < m->npops; p++)
        total += m->pops[p].type == type ? m->pops[p].count : 0;
    int nnodes = m->types[type].nnodes > 0 ? m->types[type].nnodes : 1;
    long most = SAMPLE_NODES / nnodes > 0 ? SAMPLE_NODES / nnodes : 1;
    *cells = (int)(total < most ? total : most);
    if (*cells < 1) {
        snprintf(err, errsize, "no cells of type %s", m->types[type].name);
        return -1;
    }
    /* a first guess of 25 ns a node-step, then longer until the clock has
     * enough to measure (each try is a whole run: build, initialize, step) */
    long steps = (long)ceil(MIN_MS * 1e6 / 25.0 / ((double)*cells * nnodes));
    if (steps < 20)
        steps = 20;
    for (int tries = 0; tries < 12; tries++) {
        double ms;
        if (!run_sample(m, experiment, type, *cells, steps, &ms, err, errsize))
            return -1;
        if (ms >= MIN_MS || tries == 11) {
            /* the better of two: another process may have had the core */
            double again;
            if (!run_sample(m, experiment, type, *cells, steps, &again, err, errsize))
                return -1;
            return fmin(ms, again) * 1e6 / ((double)*cells * (double)steps);
        }
        double more = ms > 0 ? MIN_MS / ms * 1.2 : 8;
        steps = (long)ceil((double)steps * (more < 8 ? more : 8));
    }
    return -1;
}

/* ---- the network in small ------------------------------------------------
 * Every population keeps the same fraction f of its cells (the first ones),
 * in a volume f times as large, so that each kept cell has the inputs it
 * has in the run: a probability is divided by f (distance rules see the
 * same density), convergence and divergence stay, a listed pair onto a kept
 * cell keeps its place with its source folded into the kept ones, and
 * stimuli drive the kept cells as before.  Nothing is recorded or analysed. */

struct sample {
    struct crt_model m;
    struct crt_experiment e;
    int *first;             /* per population: its first gid in the sample */
    int *kept;              /* per population: cells kept */
    void **owned;
    size_t nowned, capacity;
    bool failed;
};

static void *take(struct sample *s, size_t n, size_t size)
{
    if (s->failed)
        return NULL;
    void *p = calloc(n ? n : 1, size);
    if (p && s->nowned == s->capacity) {
        size_t cap = s->capacity ? 2 * s->capacity : 32;
        void **grown = realloc(s->owned, cap * sizeof *grown);
        if (!grown) {
            free(p);
            p = NULL;
        } else {
            s->owned = grown;
            s->capacity = cap;
        }
    }
    if (!p) {
        s->failed = true;
        return NULL;
    }
    s->owned[s->nowned++] = p;
    return p;
}

static void sample_free(struct sample *s)
{
    for (size_t k = 0; k < s->nowned; k++)
        free(s->owned[k]);
    free(s->owned);
}

/* gid in the sample, or -1 if its cell is not kept; folded: a dropped cell
 * stands for the kept one its index falls on. */
static int sample_gid(const struct sample *s, const struct crt_model *m, int gid, bool folded)
{
    int p = crt_pop_of(m, gid);
    if (p < 0 || s->kept[p] == 0)
        return -1;
    int i = gid - m->pops[p].first_gid;
    if (i >= s->kept[p] && !folded)
        return -1;
    return s->first[p] + i % s->kept[p];
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A cell list of the whole model as the sample's: kept cells only (for a
 * `where`, its candidates; the sample places its own cells and filters). */
static struct crt_gids sample_gids(struct sample *s, const struct crt_model *m,
                                   const struct crt_gids *g, bool folded)
{
    struct crt_gids out = *g;
    bool where = g->where.n > 0;
    const int *from = where ? g->cand_gid : g->gid;
    int nfrom = where ? g->cand_n : g->n, n = 0;
    int *list = take(s, (size_t)nfrom, sizeof *list);
    for (int i = 0; list && i < nfrom; i++) {
        int gid = sample_gid(s, m, from[i], folded);
        if (gid >= 0)
            list[n++] = gid;
    }
    if (!list)
        return out;
    qsort(list, (size_t)n, sizeof *list, cmp_int);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || list[u - 1] != list[i])
            list[u++] = list[i];
    if (where) {
        out.cand_gid = list;
        out.cand_n = u;
        out.gid = take(s, (size_t)u, sizeof *out.gid);
        if (out.gid)
            memcpy(out.gid, list, (size_t)u * sizeof *list);
    } else {
        out.gid = list;
    }
    out.n = u;
    return out;
}

/* Rule r's listed pairs onto kept cells, their sources folded. */
static void sample_pairs(struct sample *s, const struct crt_model *m, const struct crt_rule *r,
                         struct crt_rule *out)
{
    out->pre = sample_gids(s, m, &r->pre, true);
    out->post = sample_gids(s, m, &r->post, false);
    out->pairs = take(s, 2 * (size_t)r->npairs, sizeof *out->pairs);
    double *w = r->pair_weight ? take(s, (size_t)r->npairs, sizeof *w) : NULL;
    double *d = r->pair_delay ? take(s, (size_t)r->npairs, sizeof *d) : NULL;
    int *node = r->pair_node ? take(s, (size_t)r->npairs, sizeof *node) : NULL;
    if (s->failed)
        return;
    int n = 0;
    for (int k = 0; k < r->npairs; k++) {
        int post = sample_gid(s, m, r->post.gid[r->pairs[2 * k + 1]], false);
        int pre = sample_gid(s, m, r->pre.gid[r->pairs[2 * k]], true);
        int i = pre >= 0 ? crt_gids_index(&out->pre, pre) : -1;
        int j = post >= 0 ? crt_gids_index(&out->post, post) : -1;
        if (i < 0 || j < 0)
            continue;
        out->pairs[2 * n] = i;
        out->pairs[2 * n + 1] = j;
        if (w)
            w[n] = r->pair_weight[k];
        if (d)
            d[n] = r->pair_delay[k];
        if (node)
            node[n] = r->pair_node[k];
        n++;
    }
    out->npairs = n;
    out->pair_weight = w;
    out->pair_delay = d;
    out->pair_node = node;
    out->pair_section = NULL;   /* only --sonata writes them */
    out->pair_x = NULL;
}

/* The sample of m at about `cells` cells (every population keeps at least
 * one), experiment `experiment` its only one; false if out of memory. */
static bool sample_build(struct sample *s, const struct crt_model *m, int experiment,
                         int cells, double tstop, double *fraction)
{
    double f = m->ncells > cells ? (double)cells / m->ncells : 1;
    s->m = *m;
    struct crt_model *sm = &s->m;
    s->first = take(s, (size_t)m->npops, sizeof *s->first);
    s->kept = take(s, (size_t)m->npops, sizeof *s->kept);
    struct crt_pop *pops = take(s, (size_t)m->npops, sizeof *pops);
    if (s->failed)
        return false;
    double side = cbrt(f);      /* each side of the volume: f of the volume */
    int gid = 0;
    for (int p = 0; p < m->npops; p++) {
        pops[p] = m->pops[p];
        int keep = (int)ceil(m->pops[p].count * f);
        s->kept[p] = keep < m->pops[p].count ? keep : m->pops[p].count;
        s->first[p] = gid;
        pops[p].count = s->kept[p];
        pops[p].first_gid = gid;
        for (int a = 0; a < 3; a++) {
            pops[p].lo[a] *= side;
            pops[p].hi[a] *= side;
            pops[p].size[a] *= side;
        }
        gid += s->kept[p];
    }
    *fraction = (double)gid / m->ncells;
    sm->pops = pops;
    sm->ncells = gid;
    sm->tstop = tstop;
    sm->rules = take(s, (size_t)m->nrules, sizeof *sm->rules);
    for (int r = 0; sm->rules && r < m->nrules; r++) {
        const struct crt_rule *from = &m->rules[r];
        struct crt_rule *to = &sm->rules[r];
        *to = *from;
        if (from->kind == CRT_PAIRS) {
            sample_pairs(s, m, from, to);
            continue;
        }
        to->pre = sample_gids(s, m, &from->pre, false);
        to->post = sample_gids(s, m, &from->post, false);
        if (from->kind == CRT_PROBABILITY && !from->prob_expr.n)
            to->value = fmin(1, from->value / *fraction);
    }
    s->e = m->experiments[experiment];
    s->e.sweep = -1;
    struct crt_stim *stims = take(s, (size_t)s->e.nstims, sizeof *stims);
    for (int k = 0; stims && k < s->e.nstims; k++) {
        stims[k] = s->e.stims[k];
        stims[k].target = sample_gids(s, m, &s->e.stims[k].target, false);
    }
    s->e.stims = stims;
    sm->experiments = &s->e;
    sm->nexperiments = 1;
    sm->nsweeps = 0;
    sm->nrecords = 0;
    sm->record_spikes = true;
    sm->nspike_stims = 0;
    sm->nsets = 0;
    sm->nmeasures = 0;
    sm->nexpects = 0;
    sm->nfigures = 0;
    sm->threads = 1;
    sm->where_resolved = false;
    sm->owned = NULL;
    sm->nowned = 0;
    return !s->failed;
}

bool crt_calibrate_network(const struct crt_model *m, int experiment, int cells, double tstop,
                           struct crt_calibration *c, char *err, size_t errsize)
{
    struct sample s = {0};
    memset(c, 0, sizeof *c);
    if (!sample_build(&s, m, experiment, cells, tstop, &c->fraction)) {
        sample_free(&s);
        snprintf(err, errsize, "out of memory");
        return false;
    }
    crt_fill_tables(&s.m, 0);
    bool ok = true;
    /* the better of two runs (the same run: another process may have had
     * the core during one) */
    for (int k = 0; ok && k < 2; k++) {
        struct crt_result res;
        ok = crt_run_on(&s.m, 0, 0, 1, &res);
        if (ok) {
            c->cells = s.m.ncells;
            c->ms = k == 0 ? res.ms_simulate : fmin(c->ms, res.ms_simulate);
            c->spikes = res.nspikes;
            c->connections = res.nconnections;
            c->tstop = tstop;
        } else {
            snprintf(err, errsize, "%s", res.error);
        }
        crt_result_free(&res);
    }
    sample_free(&s);
    return ok;
}
