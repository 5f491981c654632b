/* rt_serial.c - a crt_model as bytes and back, for ahead-of-time binaries.
 *
 * The compiler serializes the model it lowered; the stand-alone binary reads
 * it back.  Doubles travel as their bits, so a binary simulates exactly the
 * model `circ run` does.  Function pointers are not part of the bytes.
 *
 * One function per struct names each field once, for both directions: an
 * io_* call writes the field when serializing and reads it back (allocating
 * what it points to) when deserializing, so the two can never disagree.
 * Reading trusts nothing: every count is bounded by the bytes left, arrays
 * whose length another field gives must have that length, and what the
 * runtime indexes with is checked (io->bad).  Every allocation of a read
 * model goes on one list, freed by crt_model_free.
 */
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"

#define MAGIC "CIRCMDLA"

struct io {
    bool reading;
    unsigned char *out;             /* writing: the bytes so far */
    size_t len, cap;
    const unsigned char *in;        /* reading: the bytes, and where we are */
    size_t inlen, pos;
    bool bad;                       /* reading: damaged or inconsistent bytes */
    void **allocs;                  /* reading: everything allocated */
    size_t nallocs, capallocs;
};

/* ---- primitives: each writes or reads one thing -------------------------------- */

static void raw(struct io *io, void *v, size_t n)
{
    if (!io->reading) {
        if (io->len + n > io->cap) {
            while (io->len + n > io->cap)
                io->cap = io->cap ? 2 * io->cap : 4096;
            io->out = realloc(io->out, io->cap);
            if (!io->out)
                abort();    /* the compiler's side: out of memory aborts with a message upstream */
        }
        memcpy(io->out + io->len, v, n);
        io->len += n;
        return;
    }
    if (io->bad || io->inlen - io->pos < n) {
        io->bad = true;
        memset(v, 0, n);
        return;
    }
    memcpy(v, io->in + io->pos, n);
    io->pos += n;
}

/* Reading: n zeroed bytes (at least 1) on the model's list. */
static void *io_new(struct io *io, size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        abort();
    if (io->nallocs == io->capallocs) {
        io->capallocs = io->capallocs ? 2 * io->capallocs : 64;
        io->allocs = realloc(io->allocs, io->capallocs * sizeof *io->allocs);
        if (!io->allocs)
            abort();
    }
    io->allocs[io->nallocs++] = p;
    return p;
}

/* Reading: room for n elements (the pointer is untouched when writing). */
#define IO_ARRAY(io, ptr, n)                                                            \
    do {                                                                                \
        if ((io)->reading)                                                              \
            (ptr) = io_new((io), ((size_t)((n) > 0 ? (n) : 0) + 1) * sizeof *(ptr));    \
    } while (0)

static void io_i64(struct io *io, int64_t *v) { raw(io, v, sizeof *v); }
static void io_f64(struct io *io, double *v) { raw(io, v, sizeof *v); }

/* Integers of every width travel as 64 bits. */
static void io_int(struct io *io, int *v)
{
    int64_t x = *v;
    io_i64(io, &x);
    *v = (int)x;
}
static void io_u32(struct io *io, uint32_t *v)
{
    int64_t x = *v;
    io_i64(io, &x);
    *v = (uint32_t)x;
}
static void io_bool(struct io *io, bool *v)
{
    int64_t x = *v;
    io_i64(io, &x);
    *v = x != 0;
}

/* A count: never more than the bytes left (-1 only where `null_ok`). */
static void io_count(struct io *io, int64_t *n, bool null_ok)
{
    io_i64(io, n);
    if (io->reading && (*n < (null_ok ? -1 : 0) || *n > (int64_t)(io->inlen - io->pos))) {
        io->bad = true;
        *n = 0;
    }
}

static void io_count_int(struct io *io, int *n)
{
    int64_t x = *n;
    io_count(io, &x, false);
    *n = (int)x;
}

/* A string, or NULL. */
static void io_str(struct io *io, const char **s)
{
    int64_t n = !io->reading && *s ? (int64_t)strlen(*s) : -1;
    io_count(io, &n, true);
    if (n < 0) {
        if (io->reading)
            *s = NULL;
        return;
    }
    char *t = io->reading ? io_new(io, (size_t)n + 1) : (char *)*s;
    raw(io, t, (size_t)n);
    *s = t;
}

static void io_strs(struct io *io, const char ***v, int n)
{
    IO_ARRAY(io, *v, n);
    for (int k = 0; k < n && !io->bad; k++)
        io_str(io, &(*v)[k]);
}

/* An array of doubles with its length; *n is set when reading. */
static void io_f64s(struct io *io, double **v, int64_t *n)
{
    io_count(io, n, false);
    IO_ARRAY(io, *v, *n);
    if (*n > 0)
        raw(io, *v, (size_t)*n * sizeof **v);
}

/* An array whose length another field gives: read back, it must be that long. */
static void io_f64s_n(struct io *io, double **v, int64_t n)
{
    int64_t got = n;
    io_f64s(io, v, &got);
    if (io->reading && got != n)
        io->bad = true;
}

/* A fixed array inside a struct. */
static void io_f64_fixed(struct io *io, double *v, int64_t n)
{
    double *p = v;
    int64_t got = n;
    io_count(io, &got, false);
    if (io->reading && got != n) {
        io->bad = true;
        memset(v, 0, (size_t)n * sizeof *v);
        return;
    }
    raw(io, p, (size_t)n * sizeof *v);
}

static void io_ints(struct io *io, int **v, int64_t *n)
{
    io_count(io, n, false);
    IO_ARRAY(io, *v, *n);
    if (*n > 0)
        raw(io, *v, (size_t)*n * sizeof **v);
}

static void io_ints_n(struct io *io, int **v, int64_t n)
{
    int64_t got = n;
    io_ints(io, v, &got);
    if (io->reading && got != n)
        io->bad = true;
}

/* ---- the model's parts, each field once ---------------------------------------- */

static void io_pair(struct io *io, struct crt_pair_expr *e)
{
    io_count_int(io, &e->n);
    IO_ARRAY(io, e->ops, e->n);
    for (int i = 0; i < e->n && !io->bad; i++) {
        io_int(io, &e->ops[i].code);
        io_int(io, &e->ops[i].arg);
        io_f64(io, &e->ops[i].value);
    }
    if (io->reading && !io->bad && !crt_pair_valid(e))
        io->bad = true;
}

/* A cell set; with a `where`, its candidates travel and the cells kept are
 * chosen again by the run. */
static void io_gids(struct io *io, struct crt_gids *g)
{
    int *list = g->where.n ? g->cand_gid : g->gid;
    int64_t n = g->where.n ? g->cand_n : g->n;
    io_ints(io, &list, &n);
    io_pair(io, &g->where);
    if (!io->reading)
        return;
    g->gid = list;
    g->n = (int)n;
    if (g->where.n && !io->bad) {   /* the candidates, and room for the cells kept */
        g->cand_gid = list;
        g->cand_n = g->n;
        IO_ARRAY(io, g->gid, g->n);
        memcpy(g->gid, g->cand_gid, (size_t)g->n * sizeof *g->gid);
    }
}

static void io_kind(struct io *io, const struct crt_model *m, struct crt_instance_kind *k)
{
    io_int(io, &k->mech);
    int64_t n = !io->reading && k->mech >= 0 && k->params ? m->mechs[k->mech].nslots : 0;
    io_f64s(io, &k->params, &n);
    io_int(io, &k->synapse);
    io_bool(io, &k->shared);
}

static void io_expr(struct io *io, struct crt_expr **pe, int depth)
{
    IO_ARRAY(io, *pe, 1);
    struct crt_expr *e = *pe;
    if (depth > 1000) {
        io->bad = true;
        return;
    }
    io_int(io, &e->op);
    io_f64(io, &e->value);
    io_str(io, &e->str);
    io_int(io, &e->index);
    io_int(io, &e->set[0]);
    io_int(io, &e->set[1]);
    io_f64_fixed(io, &e->win[0][0], 4);
    io_int(io, &e->experiment);
    io_int(io, &e->probe);
    io_int(io, &e->pwin[0]);
    io_int(io, &e->pwin[1]);
    io_int(io, &e->nargs);
    if (e->nargs < 0 || e->nargs > 3) {
        io->bad = true;
        e->nargs = 0;
    }
    for (int i = 0; i < e->nargs && !io->bad; i++)
        io_expr(io, &e->args[i], depth + 1);
}

static void io_celltype(struct io *io, struct crt_celltype *c)
{
    io_str(io, &c->name);
    io_int(io, &c->nnodes);
    io_int(io, &c->nslots);
    io_int(io, &c->spike_node);
    io_f64(io, &c->threshold);
    io_int(io, &c->spike_mech);
    io_f64s_n(io, &c->area, c->nnodes);
    io_f64s_n(io, &c->diam, c->nnodes);
    int64_t np = c->nparams;
    io_ints(io, &c->param_mech, &np);
    c->nparams = (int)np;
    io_strs(io, &c->param_name, c->nparams);
    io_f64s_n(io, &c->param_base, c->nparams);
    io_int(io, &c->runge_instances);
}

static void io_mech(struct io *io, struct crt_mech *c)
{
    io_str(io, &c->name);
    io_int(io, &c->kind);
    io_count_int(io, &c->nslots);
    io_strs(io, &c->slot_names, c->nslots);
    io_f64s_n(io, &c->slot_init, c->nslots);
    io_int(io, &c->pp_index);
    io_bool(io, &c->uses_random);
    io_bool(io, &c->sends_events);
    io_bool(io, &c->moves_events);
    io_bool(io, &c->superposable);
    io_bool(io, &c->reads_diam);
    io_bool(io, &c->reads_area);
    io_count_int(io, &c->nwatch);
    io_count_int(io, &c->nargs);
    io_bool(io, &c->for_conns);
    io_bool(io, &c->has_net_init);
    io_bool(io, &c->unused);
}

/* An array that may be absent (NULL), of n elements when present. */
static void io_opt_f64s(struct io *io, double **v, int64_t n)
{
    bool has = *v != NULL;
    io_bool(io, &has);
    if (has)
        io_f64s_n(io, v, n);
    else if (io->reading)
        *v = NULL;
}

static void io_opt_ints(struct io *io, int **v, int64_t n)
{
    bool has = *v != NULL;
    io_bool(io, &has);
    if (has)
        io_ints_n(io, v, n);
    else if (io->reading)
        *v = NULL;
}

static void io_pop(struct io *io, const struct crt_model *m, struct crt_pop *p)
{
    io_str(io, &p->name);
    io_int(io, &p->type);
    io_int(io, &p->count);
    io_int(io, &p->first_gid);
    io_f64_fixed(io, p->lo, 3);
    io_f64_fixed(io, p->hi, 3);
    io_f64_fixed(io, p->norm_lo, 3);
    io_f64_fixed(io, p->norm_hi, 3);
    io_f64_fixed(io, p->size, 3);
    io_int(io, &p->art);
    /* a cell type, or an artificial mechanism with a value per slot */
    if (io->reading && (p->type < -1 || p->type >= m->ntypes || p->art < -1 ||
                        p->art >= m->nmechs || (p->type < 0) != (p->art >= 0) ||
                        (p->art >= 0 && m->mechs[p->art].kind != CRT_ARTIFICIAL)))
        io->bad = true;
    if (!io->bad && p->art >= 0)
        io_f64s_n(io, &p->art_params, m->mechs[p->art].nslots);
    if (!io->bad)
        io_opt_f64s(io, &p->pos, 3 * (int64_t)p->count);
    if (!io->bad)
        io_opt_ints(io, &p->train_start, (int64_t)p->count + 1);
    /* trains: offsets from 0, never decreasing, into the times */
    for (int i = 0; !io->bad && p->train_start && i <= p->count; i++)
        if (p->train_start[i] < (i ? p->train_start[i - 1] : 0) || (i == 0 && p->train_start[0]))
            io->bad = true;
    if (!io->bad && p->train_start)
        io_f64s_n(io, &p->train_t, p->train_start[p->count]);
    if (!io->bad)
        io_opt_f64s(io, &p->cell_params,
                    p->art >= 0 ? (int64_t)p->count * m->mechs[p->art].nslots : 0);
}

/* Pairs index their sides; a pair's node is one of some cell type's. */
static bool pairs_valid(const struct crt_model *m, const struct crt_rule *x)
{
    int most = 0;
    for (int t = 0; t < m->ntypes; t++)
        most = m->types[t].nnodes > most ? m->types[t].nnodes : most;
    for (int k = 0; k < x->npairs; k++)
        if (x->pairs[2 * k] < 0 || x->pairs[2 * k] >= x->pre.n || x->pairs[2 * k + 1] < 0 ||
            x->pairs[2 * k + 1] >= x->post.n ||
            (x->pair_node && (x->pair_node[k] < -1 || x->pair_node[k] >= most)))
            return false;
    return true;
}

static void io_rule(struct io *io, const struct crt_model *m, struct crt_rule *x)
{
    io_gids(io, &x->pre);
    io_gids(io, &x->post);
    io_ints_n(io, &x->node, m->ntypes);
    io_kind(io, m, &x->syn);
    io_int(io, &x->kind);
    io_f64(io, &x->value);
    int64_t np = 2 * (int64_t)x->npairs;
    io_ints(io, &x->pairs, &np);
    x->npairs = (int)(np / 2);
    io_f64(io, &x->weight);
    io_f64(io, &x->delay);
    io_pair(io, &x->prob_expr);
    io_pair(io, &x->weight_expr);
    io_pair(io, &x->delay_expr);
    io_f64(io, &x->threshold);
    io_ints_n(io, &x->afferent_section, m->ntypes);
    io_f64(io, &x->afferent_x);
    io_opt_f64s(io, &x->pair_weight, x->npairs);
    io_opt_f64s(io, &x->pair_delay, x->npairs);
    io_opt_ints(io, &x->pair_node, x->npairs);
    io_opt_ints(io, &x->pair_section, x->npairs);
    io_opt_f64s(io, &x->pair_x, x->npairs);
    if (io->reading && !io->bad && !pairs_valid(m, x))
        io->bad = true;
}

static void io_stim(struct io *io, const struct crt_model *m, struct crt_stim *s)
{
    io_str(io, &s->name);
    io_int(io, &s->index);
    io_kind(io, m, &s->source);
    io_gids(io, &s->target);
    io_ints_n(io, &s->node, m->ntypes);
    io_kind(io, m, &s->syn);
    io_f64(io, &s->weight);
    io_f64(io, &s->delay);
    io_u32(io, &s->type_hash);
    io_int(io, &s->nstream);
    if (s->nstream < 0 || s->nstream > 3)
        io->bad = true;
    for (int k = 0; k < s->nstream && !io->bad; k++)
        io_pair(io, &s->stream[k]);
}

static void io_experiment(struct io *io, const struct crt_model *m, struct crt_experiment *e)
{
    io_str(io, &e->name);
    io_str(io, &e->description);
    io_f64s_n(io, &e->globals, m->nglobals);
    io_count_int(io, &e->nstims);
    IO_ARRAY(io, e->stims, e->nstims);
    for (int k = 0; k < e->nstims && !io->bad; k++)
        io_stim(io, m, &e->stims[k]);
    io_count_int(io, &e->nsets);
    IO_ARRAY(io, e->sets, e->nsets);
    for (int k = 0; k < e->nsets && !io->bad; k++) {
        io_int(io, &e->sets[k].mech);
        io_str(io, &e->sets[k].name);
        io_f64(io, &e->sets[k].value);
    }
    io_count_int(io, &e->nsynapse_sets);
    IO_ARRAY(io, e->synapse_sets, e->nsynapse_sets);
    for (int k = 0; k < e->nsynapse_sets && !io->bad; k++)
        io_kind(io, m, &e->synapse_sets[k]);
    io_int(io, &e->sweep);
}

static void io_sweep(struct io *io, const struct crt_model *m, struct crt_sweep *w)
{
    io_str(io, &w->name);
    io_str(io, &w->experiment);
    io_count_int(io, &w->nvary);
    io_strs(io, &w->paths, w->nvary);
    io_strs(io, &w->units, w->nvary);
    io_ints_n(io, &w->counts, w->nvary);
    io_ints_n(io, &w->log, w->nvary);
    io_count_int(io, &w->npoints);
    io_int(io, &w->first);
    io_f64s_n(io, &w->values, (int64_t)w->npoints * w->nvary);
    if (io->reading && (w->first < 0 || w->npoints > m->nexperiments - w->first))
        io->bad = true;
    long long grid = 1;     /* the lines' counts make the points */
    for (int v = 0; io->reading && !io->bad && v < w->nvary; v++) {
        if (w->counts[v] < 1 || grid * w->counts[v] > w->npoints)
            io->bad = true;
        else
            grid *= w->counts[v];
    }
    if (io->reading && !io->bad && (w->nvary < 1 || grid != w->npoints))
        io->bad = true;
}

/* Does a record read back address only what the model has?  Rows are data
 * rows of each cell type (nodes for a synapse type's site); a point
 * process's slot is one its mechanism has. */
static bool record_in_range(const struct crt_model *m, const struct crt_record *x)
{
    for (int t = 0; t < m->ntypes; t++) {
        int64_t limit = x->kind == CRT_REC_SYNAPSE || x->kind == CRT_REC_POINT
                            ? m->types[t].nnodes
                        : x->kind == CRT_REC_PARAM
                            ? m->types[t].nparams
                            : 3 * (int64_t)m->types[t].nnodes + m->types[t].nslots;
        if (x->row[t] < -1 || x->row[t] >= limit)
            return false;
    }
    if (x->kind != CRT_REC_POINT && x->kind != CRT_REC_SYNAPSE)
        return true;
    int most = 0;
    for (int k = 0; k < m->nmechs; k++)
        if (m->mechs[k].kind == CRT_POINT && m->mechs[k].nslots > most)
            most = m->mechs[k].nslots;
    return x->slot >= 0 && x->slot < most;
}

static void io_record(struct io *io, const struct crt_model *m, struct crt_record *x)
{
    io_int(io, &x->kind);
    io_gids(io, &x->cells);
    io_ints_n(io, &x->row, m->ntypes);
    IO_ARRAY(io, x->var, m->ntypes);
    IO_ARRAY(io, x->site, m->ntypes);
    for (int t = 0; t < m->ntypes && !io->bad; t++) {
        io_str(io, &x->var[t]);
        io_str(io, &x->site[t]);
        if (io->reading && (!x->var[t] || !x->site[t]))
            io->bad = true;
    }
    io_int(io, &x->every);
    io_int(io, &x->stim);
    io_int(io, &x->slot);
    io_str(io, &x->text);
    io_str(io, &x->art_var);
    int64_t nw = 2 * (int64_t)x->nwin;
    io_f64s(io, &x->win, &nw);
    x->nwin = (int)(nw / 2);
    if (io->reading && (nw % 2 || x->every < 1 || x->kind < CRT_REC_V ||
                        x->kind > CRT_REC_ART || (!io->bad && !record_in_range(m, x)) ||
                        (x->kind == CRT_REC_ART && !x->art_var)))
        io->bad = true;
}

static void io_figure(struct io *io, struct crt_figure *f)
{
    io_str(io, &f->name);
    io_str(io, &f->kind);
    io_str(io, &f->title);
    int64_t n = f->nexperiments;
    io_ints(io, &f->experiments, &n);
    f->nexperiments = (int)n;
    n = f->nsets;
    io_ints(io, &f->sets, &n);
    f->nsets = (int)n;
    io_strs(io, &f->set_names, f->nsets);
    io_count_int(io, &f->nwindows);
    io_strs(io, &f->window_names, f->nwindows);
    io_f64s_n(io, &f->windows, 2 * (int64_t)f->nwindows);   /* two bounds per window */
    io_f64(io, &f->bin);
    io_f64(io, &f->max_freq);
    io_int(io, &f->order);
    if (io->reading && (f->order < CRT_ORDER_X || f->order > CRT_ORDER_GID))
        io->bad = true;
    io_int(io, &f->sweep);
}

/* The whole model, in this order. */
static void io_model(struct io *io, struct crt_model *m)
{
    io_str(io, &m->name);
    io_str(io, &m->circ_version);
    io_str(io, &m->source_sha256);
    io_str(io, &m->overrides);
    io_f64(io, &m->tstop);
    io_f64(io, &m->dt);
    io_f64(io, &m->celsius);
    io_f64(io, &m->v_init);
    io_u32(io, &m->seed);
    io_bool(io, &m->exact);
    io_count_int(io, &m->ntypes);
    IO_ARRAY(io, m->types, m->ntypes);
    for (int t = 0; t < m->ntypes && !io->bad; t++)
        io_celltype(io, &m->types[t]);
    io_count_int(io, &m->nmechs);
    IO_ARRAY(io, m->mechs, m->nmechs);
    for (int i = 0; i < m->nmechs && !io->bad; i++)
        io_mech(io, &m->mechs[i]);
    io_int(io, &m->npp);
    io_count_int(io, &m->npops);
    IO_ARRAY(io, m->pops, m->npops);
    for (int i = 0; i < m->npops && !io->bad; i++)
        io_pop(io, m, &m->pops[i]);
    io_int(io, &m->ncells);
    io_count_int(io, &m->nrules);
    IO_ARRAY(io, m->rules, m->nrules);
    for (int i = 0; i < m->nrules && !io->bad; i++)
        io_rule(io, m, &m->rules[i]);
    io_int(io, &m->nglobals);
    io_count_int(io, &m->nexperiments);
    IO_ARRAY(io, m->experiments, m->nexperiments);
    for (int i = 0; i < m->nexperiments && !io->bad; i++)
        io_experiment(io, m, &m->experiments[i]);
    io_count_int(io, &m->nsweeps);
    IO_ARRAY(io, m->sweeps, m->nsweeps);
    for (int i = 0; i < m->nsweeps && !io->bad; i++)
        io_sweep(io, m, &m->sweeps[i]);
    for (int i = 0; i < m->nexperiments && !io->bad; i++)
        if (io->reading && (m->experiments[i].sweep < -1 ||
                            m->experiments[i].sweep >= m->nsweeps))
            io->bad = true;
    io_count_int(io, &m->nrecords);
    IO_ARRAY(io, m->records, m->nrecords);
    for (int i = 0; i < m->nrecords && !io->bad; i++)
        io_record(io, m, &m->records[i]);
    io_bool(io, &m->record_spikes);
    io_count_int(io, &m->nspike_stims);
    IO_ARRAY(io, m->spike_stims, m->nspike_stims);
    for (int i = 0; i < m->nspike_stims && !io->bad; i++)
        io_str(io, &m->spike_stims[i]);
    io_count_int(io, &m->nsets);
    IO_ARRAY(io, m->sets, m->nsets);
    for (int i = 0; i < m->nsets && !io->bad; i++)
        io_gids(io, &m->sets[i]);
    io_count_int(io, &m->nmeasures);
    IO_ARRAY(io, m->measures, m->nmeasures);
    for (int i = 0; i < m->nmeasures && !io->bad; i++) {
        io_str(io, &m->measures[i].name);
        io_int(io, &m->measures[i].experiment);
        io_str(io, &m->measures[i].unit);
        io_expr(io, &m->measures[i].expr, 0);
    }
    io_count_int(io, &m->nexpects);
    IO_ARRAY(io, m->expects, m->nexpects);
    for (int i = 0; i < m->nexpects && !io->bad; i++) {
        io_str(io, &m->expects[i].text);
        io_int(io, &m->expects[i].experiment);
        io_expr(io, &m->expects[i].expr, 0);
    }
    io_count_int(io, &m->nfigures);
    IO_ARRAY(io, m->figures, m->nfigures);
    for (int i = 0; i < m->nfigures && !io->bad; i++)
        io_figure(io, &m->figures[i]);
    for (int i = 0; i < m->nfigures && !io->bad; i++)
        if (io->reading && !strcmp(m->figures[i].kind, "sweep") &&
            (m->figures[i].sweep < 0 || m->figures[i].sweep >= m->nsweeps))
            io->bad = true;
}

size_t crt_model_serialize(const struct crt_model *m, unsigned char **out)
{
    struct io io = {.reading = false};
    raw(&io, (void *)MAGIC, 8);
    /* writing only reads the model: the cast lets one function serve both ways */
    io_model(&io, (struct crt_model *)m);
    *out = io.out;
    return io.len;
}

struct crt_model *crt_model_deserialize(const unsigned char *buf, size_t len)
{
    if (len < 8 || memcmp(buf, MAGIC, 8) != 0)
        return NULL;
    struct io io = {.reading = true, .in = buf, .inlen = len, .pos = 8};
    struct crt_model *m = io_new(&io, sizeof *m);
    io_model(&io, m);
    m->owned = io.allocs;   /* crt_model_free frees them all, m included */
    m->nowned = io.nallocs;
    if (io.bad) {
        crt_model_free(m);
        return NULL;
    }
    return m;
}

void crt_model_free(struct crt_model *m)
{
    if (!m)
        return;
    void **owned = m->owned;
    size_t n = m->nowned;
    for (size_t i = 0; i < n; i++)
        free(owned[i]);    /* m itself is among them */
    free(owned);
}

size_t crt_model_nentries(const struct crt_model *m)
{
    return 1 + 2 * (size_t)m->ntypes + 4 * (size_t)m->nmechs;
}

const char *crt_model_entry_name(const struct crt_model *m, size_t k, char *buf, size_t size)
{
    if (k == 0)
        return "circ_tables";
    k--;
    if (k < 2 * (size_t)m->ntypes) {
        snprintf(buf, size, "circ_%s_%s", k % 2 ? "step" : "init", m->types[k / 2].name);
        return buf;
    }
    k -= 2 * (size_t)m->ntypes;
    const struct crt_mech *mech = &m->mechs[k / 4];
    if (mech->unused)
        return NULL;
    if (k % 4 == 0 && mech->kind) {
        snprintf(buf, size, "circ_receive_%s", mech->name);
        return buf;
    }
    if (k % 4 == 1 && mech->kind == CRT_ARTIFICIAL) {
        snprintf(buf, size, "circ_art_init_%s", mech->name);
        return buf;
    }
    if (k % 4 == 2 && mech->kind == CRT_POINT && mech->nwatch > 0) {
        snprintf(buf, size, "circ_watch_%s", mech->name);
        return buf;
    }
    if (k % 4 == 3 && mech->kind && mech->has_net_init) {
        snprintf(buf, size, "circ_net_init_%s", mech->name);
        return buf;
    }
    return NULL;
}

/* The model's function pointers, in crt_model_entry_name's order: one
 * index for binding them and for reading them back (circ fit), so the two
 * cannot disagree.  They travel as data pointers in the tables (POSIX: the
 * same size). */
_Static_assert(sizeof(crt_group_fn) == sizeof(void *) && sizeof(crt_receive_fn) == sizeof(void *) &&
               sizeof(crt_set_fn) == sizeof(void *) && sizeof(crt_watch_fn) == sizeof(void *) &&
               sizeof(crt_tables_fn) == sizeof(void *), "function pointers as data pointers");

/* The field of entry k (crt_model_entry_name's k). */
static void *entry_field(struct crt_model *m, size_t k)
{
    if (k == 0)
        return &m->tables;
    k--;
    if (k < 2 * (size_t)m->ntypes)
        return k % 2 ? (void *)&m->types[k / 2].step : (void *)&m->types[k / 2].init;
    k -= 2 * (size_t)m->ntypes;
    struct crt_mech *mech = &m->mechs[k / 4];
    switch (k % 4) {
    case 0: return &mech->receive;
    case 1: return &mech->art_init;
    case 2: return &mech->watch;
    default: return &mech->net_init;
    }
}

void crt_model_functions(const struct crt_model *m, void **fn)
{
    /* reads only: the fields' addresses come from a non-const view */
    for (size_t k = 0; k < crt_model_nentries(m); k++)
        memcpy(&fn[k], entry_field((struct crt_model *)m, k), sizeof(void *));
}

void crt_model_bind(struct crt_model *m, void *const *fn)
{
    for (size_t k = 0; k < crt_model_nentries(m); k++)
        memcpy(entry_field(m, k), &fn[k], sizeof(void *));
}
