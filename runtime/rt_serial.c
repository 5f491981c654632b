/* rt_serial.c - a crt_model as bytes and back, for ahead-of-time binaries.
 *
 * The compiler serializes the model it lowered; the stand-alone binary reads
 * it back.  Doubles travel as their bits, so a binary simulates exactly the
 * model `circ run` does.  Function pointers are not part of the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"

#define MAGIC "CIRCMDL2"

struct wbuf {
    unsigned char *p;
    size_t len, cap;
};

static void put(struct wbuf *w, const void *src, size_t n)
{
    if (w->len + n > w->cap) {
        while (w->len + n > w->cap)
            w->cap = w->cap ? 2 * w->cap : 4096;
        w->p = realloc(w->p, w->cap);
        if (!w->p)
            abort();
    }
    memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void w_i64(struct wbuf *w, int64_t v) { put(w, &v, sizeof v); }
static void w_f64(struct wbuf *w, double v) { put(w, &v, sizeof v); }
static void w_str(struct wbuf *w, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;
    w_i64(w, n);
    if (s)
        put(w, s, (size_t)n);
}
static void w_f64s(struct wbuf *w, const double *v, int64_t n)
{
    w_i64(w, n);
    if (n > 0)
        put(w, v, (size_t)n * sizeof *v);
}
static void w_pair(struct wbuf *w, const struct crt_pair_expr *e)
{
    w_i64(w, e->n);
    for (int i = 0; i < e->n; i++) {
        w_i64(w, e->ops[i].code);
        w_i64(w, e->ops[i].arg);
        w_f64(w, e->ops[i].value);
    }
}

static void w_ints(struct wbuf *w, const int *v, int64_t n)
{
    w_i64(w, n);
    if (n > 0)
        put(w, v, (size_t)n * sizeof *v);
}

static void w_gids(struct wbuf *w, const struct crt_gids *g)
{
    w_ints(w, g->where.n ? g->cand_gid : g->gid, g->where.n ? g->cand_n : g->n);
    w_pair(w, &g->where);
}
static void w_kind(struct wbuf *w, const struct crt_model *m, const struct crt_instance_kind *k)
{
    w_i64(w, k->mech);
    w_f64s(w, k->params, k->mech >= 0 && k->params ? m->mechs[k->mech].nslots : 0);
    w_i64(w, k->synapse);
}

static void w_expr(struct wbuf *w, const struct crt_expr *e)
{
    w_i64(w, e->op);
    w_f64(w, e->value);
    w_str(w, e->str);
    w_i64(w, e->index);
    w_i64(w, e->set[0]);
    w_i64(w, e->set[1]);
    w_f64s(w, &e->win[0][0], 4);
    w_i64(w, e->experiment);
    w_i64(w, e->probe);
    w_i64(w, e->pwin[0]);
    w_i64(w, e->pwin[1]);
    w_i64(w, e->nargs);
    for (int i = 0; i < e->nargs; i++)
        w_expr(w, e->args[i]);
}

size_t crt_model_serialize(const struct crt_model *m, unsigned char **out)
{
    struct wbuf w = {0};
    put(&w, MAGIC, 8);
    w_str(&w, m->name);
    w_str(&w, m->circ_version);
    w_str(&w, m->source_sha256);
    w_str(&w, m->overrides);
    w_f64(&w, m->tstop);
    w_f64(&w, m->dt);
    w_f64(&w, m->celsius);
    w_f64(&w, m->v_init);
    w_i64(&w, m->seed);
    w_i64(&w, m->exact);
    w_i64(&w, m->ntypes);
    for (int t = 0; t < m->ntypes; t++) {
        const struct crt_celltype *c = &m->types[t];
        w_str(&w, c->name);
        w_i64(&w, c->nnodes);
        w_i64(&w, c->nslots);
        w_i64(&w, c->spike_node);
        w_f64(&w, c->threshold);
        w_f64s(&w, c->area, c->nnodes);
        w_ints(&w, c->param_mech, c->nparams);
        for (int k = 0; k < c->nparams; k++)
            w_str(&w, c->param_name[k]);
        w_f64s(&w, c->param_base, c->nparams);
    }
    w_i64(&w, m->nmechs);
    for (int i = 0; i < m->nmechs; i++) {
        const struct crt_mech *c = &m->mechs[i];
        w_str(&w, c->name);
        w_i64(&w, c->kind);
        w_i64(&w, c->nslots);
        for (int k = 0; k < c->nslots; k++)
            w_str(&w, c->slot_names[k]);
        w_f64s(&w, c->slot_init, c->nslots);
        w_i64(&w, c->pp_index);
        w_i64(&w, c->uses_random);
        w_i64(&w, c->sends_events);
        w_i64(&w, c->superposable);
    }
    w_i64(&w, m->npp);
    w_i64(&w, m->npops);
    for (int i = 0; i < m->npops; i++) {
        const struct crt_pop *p = &m->pops[i];
        w_str(&w, p->name);
        w_i64(&w, p->type);
        w_i64(&w, p->count);
        w_i64(&w, p->first_gid);
        w_f64s(&w, p->lo, 3);
        w_f64s(&w, p->hi, 3);
        w_f64s(&w, p->norm_lo, 3);
        w_f64s(&w, p->norm_hi, 3);
        w_f64s(&w, p->size, 3);
    }
    w_i64(&w, m->ncells);
    w_i64(&w, m->nrules);
    for (int i = 0; i < m->nrules; i++) {
        const struct crt_rule *r = &m->rules[i];
        w_gids(&w, &r->pre);
        w_gids(&w, &r->post);
        w_ints(&w, r->node, m->ntypes);
        w_kind(&w, m, &r->syn);
        w_i64(&w, r->kind);
        w_f64(&w, r->value);
        w_ints(&w, r->pairs, 2 * (int64_t)r->npairs);
        w_f64(&w, r->weight);
        w_f64(&w, r->delay);
        w_pair(&w, &r->prob_expr);
        w_pair(&w, &r->weight_expr);
        w_pair(&w, &r->delay_expr);
        w_f64(&w, r->threshold);
        w_i64(&w, r->hash_pre);
        w_i64(&w, r->hash_post);
    }
    w_i64(&w, m->nglobals);
    w_i64(&w, m->nexperiments);
    for (int i = 0; i < m->nexperiments; i++) {
        const struct crt_experiment *e = &m->experiments[i];
        w_str(&w, e->name);
        w_str(&w, e->description);
        w_f64s(&w, e->globals, m->nglobals);
        w_i64(&w, e->nstims);
        for (int k = 0; k < e->nstims; k++) {
            const struct crt_stim *s = &e->stims[k];
            w_str(&w, s->name);
            w_i64(&w, s->index);
            w_kind(&w, m, &s->source);
            w_gids(&w, &s->target);
            w_ints(&w, s->node, m->ntypes);
            w_kind(&w, m, &s->syn);
            w_f64(&w, s->weight);
            w_f64(&w, s->delay);
            w_i64(&w, s->type_hash);
        }
        w_i64(&w, e->nsets);
        for (int k = 0; k < e->nsets; k++) {
            w_i64(&w, e->sets[k].mech);
            w_str(&w, e->sets[k].name);
            w_f64(&w, e->sets[k].value);
        }
        w_i64(&w, e->nsynapse_sets);
        for (int k = 0; k < e->nsynapse_sets; k++)
            w_kind(&w, m, &e->synapse_sets[k]);
    }
    w_i64(&w, m->nrecords);
    for (int i = 0; i < m->nrecords; i++) {
        const struct crt_record *r = &m->records[i];
        w_i64(&w, r->kind);
        w_gids(&w, &r->cells);
        w_ints(&w, r->row, m->ntypes);
        for (int t = 0; t < m->ntypes; t++) {
            w_str(&w, r->var[t]);
            w_str(&w, r->site[t]);
        }
        w_i64(&w, r->every);
        w_i64(&w, r->stim);
        w_i64(&w, r->slot);
        w_str(&w, r->text);
        w_f64s(&w, r->win, 2 * (int64_t)r->nwin);
    }
    w_i64(&w, m->record_spikes);
    w_i64(&w, m->nsets);
    for (int i = 0; i < m->nsets; i++)
        w_gids(&w, &m->sets[i]);
    w_i64(&w, m->nmeasures);
    for (int i = 0; i < m->nmeasures; i++) {
        w_str(&w, m->measures[i].name);
        w_i64(&w, m->measures[i].experiment);
        w_str(&w, m->measures[i].unit);
        w_expr(&w, m->measures[i].expr);
    }
    w_i64(&w, m->nexpects);
    for (int i = 0; i < m->nexpects; i++) {
        w_str(&w, m->expects[i].text);
        w_i64(&w, m->expects[i].experiment);
        w_expr(&w, m->expects[i].expr);
    }
    w_i64(&w, m->nfigures);
    for (int i = 0; i < m->nfigures; i++) {
        const struct crt_figure *f = &m->figures[i];
        w_str(&w, f->name);
        w_str(&w, f->kind);
        w_str(&w, f->title);
        w_ints(&w, f->experiments, f->nexperiments);
        w_ints(&w, f->sets, f->nsets);
        for (int k = 0; k < f->nsets; k++)
            w_str(&w, f->set_names[k]);
        w_i64(&w, f->nwindows);
        for (int k = 0; k < f->nwindows; k++)
            w_str(&w, f->window_names[k]);
        w_f64s(&w, f->windows, 2 * (int64_t)f->nwindows);
        w_f64(&w, f->bin);
        w_f64(&w, f->max_freq);
        w_i64(&w, f->order);
    }
    *out = w.p;
    return w.len;
}

/* ---- reading: every allocation goes on one list, freed by crt_model_free ---- */

struct rbuf {
    const unsigned char *p;
    size_t len, pos;
    bool bad;
    void **allocs;
    size_t nallocs, capallocs;
};

static void *r_alloc(struct rbuf *r, size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        abort();
    if (r->nallocs == r->capallocs) {
        r->capallocs = r->capallocs ? 2 * r->capallocs : 64;
        r->allocs = realloc(r->allocs, r->capallocs * sizeof *r->allocs);
        if (!r->allocs)
            abort();
    }
    r->allocs[r->nallocs++] = p;
    return p;
}

static void get(struct rbuf *r, void *dst, size_t n)
{
    if (r->bad || r->len - r->pos < n) {
        r->bad = true;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, r->p + r->pos, n);
    r->pos += n;
}

static int64_t r_i64(struct rbuf *r) { int64_t v; get(r, &v, sizeof v); return v; }
static double r_f64(struct rbuf *r) { double v; get(r, &v, sizeof v); return v; }
static int64_t r_count(struct rbuf *r)
{
    int64_t n = r_i64(r);
    if (n < -1 || n > (int64_t)(r->len - r->pos)) {
        r->bad = true;
        return 0;
    }
    return n;
}
static char *r_str(struct rbuf *r)
{
    int64_t n = r_count(r);
    if (n < 0)
        return NULL;
    char *s = r_alloc(r, (size_t)n + 1);
    get(r, s, (size_t)n);
    return s;
}
static double *r_f64s(struct rbuf *r, int64_t *n_out)
{
    int64_t n = r_count(r);
    if (n < 0) {        /* -1 is a NULL string's; arrays are never written so */
        r->bad = true;
        n = 0;
    }
    double *v = r_alloc(r, ((size_t)(n > 0 ? n : 0) + 1) * sizeof *v);
    if (n > 0)
        get(r, v, (size_t)n * sizeof *v);
    if (n_out)
        *n_out = n;
    return v;
}
/* A fixed-size array (written by w_f64s with its size): a damaged count
 * must not make the copy read past what was allocated for it. */
static void r_f64_array(struct rbuf *r, double *dst, int64_t n)
{
    int64_t got;
    double *v = r_f64s(r, &got);
    if (got != n) {
        r->bad = true;
        memset(dst, 0, (size_t)n * sizeof *dst);
        return;
    }
    memcpy(dst, v, (size_t)n * sizeof *dst);
}
static int *r_ints(struct rbuf *r, int64_t *n_out)
{
    int64_t n = r_count(r);
    if (n < 0) {        /* -1 is a NULL string's; arrays are never written so */
        r->bad = true;
        n = 0;
    }
    int *v = r_alloc(r, ((size_t)(n > 0 ? n : 0) + 1) * sizeof *v);
    if (n > 0)
        get(r, v, (size_t)n * sizeof *v);
    if (n_out)
        *n_out = n;
    return v;
}
static struct crt_instance_kind r_kind(struct rbuf *r)
{
    struct crt_instance_kind k;
    k.mech = (int)r_i64(r);
    k.params = r_f64s(r, NULL);
    k.synapse = (int)r_i64(r);
    return k;
}
#define R_ARRAY(r, n, T) ((T *)r_alloc((r), ((size_t)((n) > 0 ? (n) : 0) + 1) * sizeof(T)))

static struct crt_pair_expr r_pair(struct rbuf *r)
{
    struct crt_pair_expr e = {0};
    e.n = (int)r_count(r);
    e.ops = R_ARRAY(r, e.n, struct crt_pair_op);
    for (int i = 0; i < e.n && !r->bad; i++) {
        e.ops[i].code = (int)r_i64(r);
        e.ops[i].arg = (int)r_i64(r);
        e.ops[i].value = r_f64(r);
    }
    if (!r->bad && !crt_pair_valid(&e))
        r->bad = true;
    return e;
}

static struct crt_gids r_gids(struct rbuf *r)
{
    int64_t n;
    struct crt_gids g = {0};
    g.gid = r_ints(r, &n);
    g.n = (int)n;
    g.where = r_pair(r);
    if (g.where.n && !r->bad) {     /* the candidates, and room for the cells kept */
        g.cand_gid = g.gid;
        g.cand_n = g.n;
        g.gid = R_ARRAY(r, g.n, int);
        if (g.gid)
            memcpy(g.gid, g.cand_gid, (size_t)g.n * sizeof *g.gid);
    }
    return g;
}

/* Does a record read back address only what the model has?  Rows are data
 * rows of each cell type (nodes for a synapse type's site); a point
 * process's slot is one its mechanism has. */
static bool record_in_range(const struct crt_model *m, const struct crt_record *x)
{
    for (int t = 0; t < m->ntypes; t++) {
        int64_t limit = x->kind == CRT_REC_SYNAPSE || x->kind == CRT_REC_POINT
                            ? m->types[t].nnodes
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

static struct crt_expr *r_expr(struct rbuf *r, int depth)
{
    struct crt_expr *e = r_alloc(r, sizeof *e);
    if (depth > 1000) {
        r->bad = true;
        return e;
    }
    e->op = (int)r_i64(r);
    e->value = r_f64(r);
    e->str = r_str(r);
    e->index = (int)r_i64(r);
    e->set[0] = (int)r_i64(r);
    e->set[1] = (int)r_i64(r);
    r_f64_array(r, &e->win[0][0], 4);
    e->experiment = (int)r_i64(r);
    e->probe = (int)r_i64(r);
    e->pwin[0] = (int)r_i64(r);
    e->pwin[1] = (int)r_i64(r);
    e->nargs = (int)r_i64(r);
    if (e->nargs < 0 || e->nargs > 3) {
        r->bad = true;
        e->nargs = 0;
    }
    for (int i = 0; i < e->nargs && !r->bad; i++)
        e->args[i] = r_expr(r, depth + 1);
    return e;
}

struct crt_model *crt_model_deserialize(const unsigned char *buf, size_t len)
{
    struct rbuf r = {.p = buf, .len = len};
    if (len < 8 || memcmp(buf, MAGIC, 8) != 0)
        return NULL;
    r.pos = 8;
    struct crt_model *m = r_alloc(&r, sizeof *m);
    m->name = r_str(&r);
    m->circ_version = r_str(&r);
    m->source_sha256 = r_str(&r);
    m->overrides = r_str(&r);
    m->tstop = r_f64(&r);
    m->dt = r_f64(&r);
    m->celsius = r_f64(&r);
    m->v_init = r_f64(&r);
    m->seed = (uint32_t)r_i64(&r);
    m->exact = r_i64(&r) != 0;
    m->ntypes = (int)r_count(&r);
    m->types = R_ARRAY(&r, m->ntypes, struct crt_celltype);
    for (int t = 0; t < m->ntypes && !r.bad; t++) {
        struct crt_celltype *c = &m->types[t];
        c->name = r_str(&r);
        c->nnodes = (int)r_i64(&r);
        c->nslots = (int)r_i64(&r);
        c->spike_node = (int)r_i64(&r);
        c->threshold = r_f64(&r);
        c->area = r_f64s(&r, NULL);
        int64_t np;
        c->param_mech = r_ints(&r, &np);
        c->nparams = (int)np;
        const char **pn = R_ARRAY(&r, np, const char *);
        for (int k = 0; k < c->nparams && !r.bad; k++)
            pn[k] = r_str(&r);
        c->param_name = pn;
        c->param_base = r_f64s(&r, NULL);
    }
    m->nmechs = (int)r_count(&r);
    m->mechs = R_ARRAY(&r, m->nmechs, struct crt_mech);
    for (int i = 0; i < m->nmechs && !r.bad; i++) {
        struct crt_mech *c = &m->mechs[i];
        c->name = r_str(&r);
        c->kind = (int)r_i64(&r);
        c->nslots = (int)r_count(&r);
        const char **names = R_ARRAY(&r, c->nslots, const char *);
        for (int k = 0; k < c->nslots && !r.bad; k++)
            names[k] = r_str(&r);
        c->slot_names = names;
        c->slot_init = r_f64s(&r, NULL);
        c->pp_index = (int)r_i64(&r);
        c->uses_random = r_i64(&r) != 0;
        c->sends_events = r_i64(&r) != 0;
        c->superposable = r_i64(&r) != 0;
    }
    m->npp = (int)r_i64(&r);
    m->npops = (int)r_count(&r);
    m->pops = R_ARRAY(&r, m->npops, struct crt_pop);
    for (int i = 0; i < m->npops && !r.bad; i++) {
        struct crt_pop *p = &m->pops[i];
        p->name = r_str(&r);
        p->type = (int)r_i64(&r);
        p->count = (int)r_i64(&r);
        p->first_gid = (int)r_i64(&r);
        r_f64_array(&r, p->lo, 3);
        r_f64_array(&r, p->hi, 3);
        r_f64_array(&r, p->norm_lo, 3);
        r_f64_array(&r, p->norm_hi, 3);
        r_f64_array(&r, p->size, 3);
    }
    m->ncells = (int)r_i64(&r);
    m->nrules = (int)r_count(&r);
    m->rules = R_ARRAY(&r, m->nrules, struct crt_rule);
    for (int i = 0; i < m->nrules && !r.bad; i++) {
        struct crt_rule *x = &m->rules[i];
        x->pre = r_gids(&r);
        x->post = r_gids(&r);
        x->node = r_ints(&r, NULL);
        x->syn = r_kind(&r);
        x->kind = (int)r_i64(&r);
        x->value = r_f64(&r);
        int64_t np;
        x->pairs = r_ints(&r, &np);
        x->npairs = (int)(np / 2);
        x->weight = r_f64(&r);
        x->delay = r_f64(&r);
        x->prob_expr = r_pair(&r);
        x->weight_expr = r_pair(&r);
        x->delay_expr = r_pair(&r);
        x->threshold = r_f64(&r);
        x->hash_pre = (uint32_t)r_i64(&r);
        x->hash_post = (uint32_t)r_i64(&r);
    }
    m->nglobals = (int)r_i64(&r);
    m->nexperiments = (int)r_count(&r);
    m->experiments = R_ARRAY(&r, m->nexperiments, struct crt_experiment);
    for (int i = 0; i < m->nexperiments && !r.bad; i++) {
        struct crt_experiment *e = &m->experiments[i];
        e->name = r_str(&r);
        e->description = r_str(&r);
        e->globals = r_f64s(&r, NULL);
        e->nstims = (int)r_count(&r);
        e->stims = R_ARRAY(&r, e->nstims, struct crt_stim);
        for (int k = 0; k < e->nstims && !r.bad; k++) {
            struct crt_stim *s = &e->stims[k];
            s->name = r_str(&r);
            s->index = (int)r_i64(&r);
            s->source = r_kind(&r);
            s->target = r_gids(&r);
            s->node = r_ints(&r, NULL);
            s->syn = r_kind(&r);
            s->weight = r_f64(&r);
            s->delay = r_f64(&r);
            s->type_hash = (uint32_t)r_i64(&r);
        }
        e->nsets = (int)r_count(&r);
        e->sets = R_ARRAY(&r, e->nsets, struct crt_param_set);
        for (int k = 0; k < e->nsets && !r.bad; k++) {
            e->sets[k].mech = (int)r_i64(&r);
            e->sets[k].name = r_str(&r);
            e->sets[k].value = r_f64(&r);
        }
        e->nsynapse_sets = (int)r_count(&r);
        e->synapse_sets = R_ARRAY(&r, e->nsynapse_sets, struct crt_instance_kind);
        for (int k = 0; k < e->nsynapse_sets && !r.bad; k++)
            e->synapse_sets[k] = r_kind(&r);
    }
    m->nrecords = (int)r_count(&r);
    m->records = R_ARRAY(&r, m->nrecords, struct crt_record);
    for (int i = 0; i < m->nrecords && !r.bad; i++) {
        struct crt_record *x = &m->records[i];
        x->kind = (int)r_i64(&r);
        x->cells = r_gids(&r);
        int64_t nrow;
        x->row = r_ints(&r, &nrow);
        if (nrow != m->ntypes)
            r.bad = true;
        x->var = R_ARRAY(&r, m->ntypes, const char *);
        x->site = R_ARRAY(&r, m->ntypes, const char *);
        for (int t = 0; t < m->ntypes && !r.bad; t++) {
            x->var[t] = r_str(&r);
            x->site[t] = r_str(&r);
            if (!x->var[t] || !x->site[t])
                r.bad = true;
        }
        x->every = (int)r_i64(&r);
        x->stim = (int)r_i64(&r);
        x->slot = (int)r_i64(&r);
        x->text = r_str(&r);
        int64_t nw;
        x->win = r_f64s(&r, &nw);
        x->nwin = (int)(nw / 2);
        if (nw < 0 || nw % 2)
            r.bad = true;
        if (x->every < 1 || x->kind < CRT_REC_V || x->kind > CRT_REC_SYNAPSE)
            r.bad = true;
        if (!r.bad && !record_in_range(m, x))
            r.bad = true;
    }
    m->record_spikes = r_i64(&r) != 0;
    m->nsets = (int)r_count(&r);
    m->sets = R_ARRAY(&r, m->nsets, struct crt_gids);
    for (int i = 0; i < m->nsets && !r.bad; i++)
        m->sets[i] = r_gids(&r);
    m->nmeasures = (int)r_count(&r);
    m->measures = R_ARRAY(&r, m->nmeasures, struct crt_measure);
    for (int i = 0; i < m->nmeasures && !r.bad; i++) {
        m->measures[i].name = r_str(&r);
        m->measures[i].experiment = (int)r_i64(&r);
        m->measures[i].unit = r_str(&r);
        m->measures[i].expr = r_expr(&r, 0);
    }
    m->nexpects = (int)r_count(&r);
    m->expects = R_ARRAY(&r, m->nexpects, struct crt_expect);
    for (int i = 0; i < m->nexpects && !r.bad; i++) {
        m->expects[i].text = r_str(&r);
        m->expects[i].experiment = (int)r_i64(&r);
        m->expects[i].expr = r_expr(&r, 0);
    }
    m->nfigures = (int)r_count(&r);
    m->figures = R_ARRAY(&r, m->nfigures, struct crt_figure);
    for (int i = 0; i < m->nfigures && !r.bad; i++) {
        struct crt_figure *f = &m->figures[i];
        int64_t n;
        f->name = r_str(&r);
        f->kind = r_str(&r);
        f->title = r_str(&r);
        f->experiments = r_ints(&r, &n);
        f->nexperiments = (int)n;
        f->sets = r_ints(&r, &n);
        f->nsets = (int)n;
        const char **names = R_ARRAY(&r, n, const char *);
        for (int k = 0; k < f->nsets && !r.bad; k++)
            names[k] = r_str(&r);
        f->set_names = names;
        f->nwindows = (int)r_count(&r);
        const char **wn = R_ARRAY(&r, f->nwindows, const char *);
        for (int k = 0; k < f->nwindows && !r.bad; k++)
            wn[k] = r_str(&r);
        f->window_names = wn;
        int64_t nw;
        f->windows = r_f64s(&r, &nw);
        if (nw != 2 * (int64_t)f->nwindows)
            r.bad = true;       /* two bounds per window name */
        f->bin = r_f64(&r);
        f->max_freq = r_f64(&r);
        f->order = (int)r_i64(&r);
        if (f->order < CRT_ORDER_X || f->order > CRT_ORDER_GID)
            r.bad = true;
    }
    m->owned = r.allocs;    /* crt_model_free frees them all, m included */
    m->nowned = r.nallocs;
    if (r.bad) {
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
    return 1 + 2 * (size_t)m->ntypes + 2 * (size_t)m->nmechs;
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
    const struct crt_mech *mech = &m->mechs[k / 2];
    if (k % 2 == 0 && mech->kind) {
        snprintf(buf, size, "circ_receive_%s", mech->name);
        return buf;
    }
    if (k % 2 == 1 && mech->kind == CRT_ARTIFICIAL) {
        snprintf(buf, size, "circ_art_init_%s", mech->name);
        return buf;
    }
    return NULL;
}

void crt_model_bind(struct crt_model *m, void *const *fn)
{
    size_t k = 0;
    /* function pointers travel as data pointers in the table */
    memcpy(&m->tables, &fn[k++], sizeof m->tables);
    for (int t = 0; t < m->ntypes; t++) {
        memcpy(&m->types[t].init, &fn[k++], sizeof m->types[t].init);
        memcpy(&m->types[t].step, &fn[k++], sizeof m->types[t].step);
    }
    for (int i = 0; i < m->nmechs; i++) {
        memcpy(&m->mechs[i].receive, &fn[k++], sizeof m->mechs[i].receive);
        memcpy(&m->mechs[i].art_init, &fn[k++], sizeof m->mechs[i].art_init);
    }
}
