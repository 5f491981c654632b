/* lower_net.c - the network, stimuli, experiments and recordings of a checked
 * model, as the runtime's crt_model (runtime/crt_model.h).
 *
 * Everything static is resolved here: populations get consecutive gids in
 * declaration order, selectors become sorted gid lists, locations become a
 * node per cell type (a cell type without the named section uses its first
 * section, as NetPyNE falls back to the soma), stimulus parameters go
 * through the mechanism's setters, and each experiment is the base
 * protocol's stimuli minus `remove`, plus its own, with `set` applied.
 */
#include "lower_net.h"
#include "lower.h"
#include "sema.h"
#include "sonata.h"
#include "units.h"

#include <openssl/evp.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ln {
    struct sema *s;
    const struct ir_model *ir;
    const struct cg_layout *layout;
    struct crt_model *m;
    struct arena *a;
    bool ok;
    int stim_counter;
    struct ast **synapse_overrides;     /* per declared synapse: this experiment's set props */
    struct ast **stim_overrides;        /* per stimulus of the experiment: its set props */
    struct ast **stim_decls;            /* per stimulus of the experiment: its statement */
    /* Cell selectors: one scratch mark per cell, reused, and the distinct
     * gid lists made so far, shared by every selector that selects the same
     * cells (a large population is listed once, not once per rule, record
     * and measure) */
    char *mark;
    int mark_lo, mark_hi;               /* the marks lie in [lo, hi) */
    struct shared_list *lists;
    int nlists;
    bool *table_told;                   /* per mechanism global: table_values reported it */
};

struct shared_list {
    int n;
    int *gid;
};

static void unsupported(struct ln *l, const struct ast *at, const char *what)
{
    diag_error(l->s->diag, at->loc, "%s is not supported by the simulation engine yet", what);
    l->ok = false;
}

static double const_prop(struct ln *l, struct ast *block, const char *key, double dflt)
{
    struct ast *p = ast_find_prop(block, key);
    double v;
    if (!p)
        return dflt;
    if (!sema_const_value(p->kids[0], &v)) {
        char what[96];
        snprintf(what, sizeof what, "a '%s' that is not a constant", key);
        unsupported(l, p->kids[0], what);
        return dflt;
    }
    return v;
}

static int type_index(struct ln *l, const char *name)
{
    for (unsigned i = 0; i < l->ir->ntypes; i++)
        if (strcmp(l->ir->types[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int pop_index(struct ln *l, const char *name)
{
    for (int i = 0; i < l->m->npops; i++)
        if (strcmp(l->m->pops[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- gid sets ---------------------------------------------------------------- */

/* Marks cells first .. first + count - 1. */
static void mark_cells(struct ln *l, int first, int count)
{
    if (count <= 0)
        return;
    memset(l->mark + first, 1, (size_t)count);
    if (first < l->mark_lo)
        l->mark_lo = first;
    if (first + count > l->mark_hi)
        l->mark_hi = first + count;
}

static void mark_sym(struct ln *l, struct sym *sym, int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        const struct crt_pop *p = &l->m->pops[pop_index(l, sym->name)];
        mark_cells(l, p->first_gid, p->count);
        return;
    }
    if (sym->kind != SYM_GROUP)
        return;     /* a stimulus in `record spikes of`: no cells */
    for (unsigned i = 0; i < sym->decl->nkids; i++)
        mark_sym(l, sym->decl->kids[i]->sym, depth + 1);
}

static struct crt_pair_expr where_code(struct ln *l, const struct ast *cond);

/* The scratch marks, all clear: allocated on first use. */
static char *marks(struct ln *l)
{
    if (!l->mark)
        l->mark = xcalloc((size_t)l->m->ncells + 1, 1);
    l->mark_lo = l->m->ncells;
    l->mark_hi = 0;
    return l->mark;
}

/* A list made before with exactly these gids, or NULL. */
static int *shared_gids(struct ln *l, const int *gid, int n, int lo, bool contiguous)
{
    for (int k = 0; k < l->nlists; k++) {
        const struct shared_list *s = &l->lists[k];
        if (s->n != n || (n > 0 && (s->gid[0] != lo || s->gid[n - 1] != (contiguous ? lo + n - 1
                                                                          : gid[n - 1]))))
            continue;
        /* sorted and distinct: first, last and count decide a contiguous run */
        if (contiguous || n == 0 || memcmp(s->gid, gid, (size_t)n * sizeof *gid) == 0)
            return s->gid;
    }
    return NULL;
}

/* The marked cells as a sorted list, shared with an earlier selector of
 * the same cells; the marks are cleared.  A population or all cells is one
 * run of marks, matched without listing it again. */
static struct crt_gids take_marked(struct ln *l)
{
    char *in = l->mark;
    int lo = l->mark_lo, hi = l->mark_hi;
    struct crt_gids g = {0};
    for (int i = lo; i < hi; i++)
        g.n += in[i];
    bool contiguous = g.n == 0 || g.n == hi - lo;
    int *gid = NULL;
    if (contiguous) {
        if (g.n > 0)
            memset(in + lo, 0, (size_t)g.n);
        g.gid = shared_gids(l, NULL, g.n, lo, true);
    } else {
        gid = xmalloc(((size_t)g.n + 1) * sizeof *gid);
        int n = 0;
        for (int i = lo; i < hi; i++)
            if (in[i]) {
                gid[n++] = i;
                in[i] = 0;
            }
        g.gid = shared_gids(l, gid, n, gid[0], false);
    }
    if (!g.gid) {
        g.gid = arena_alloc(l->a, ((size_t)g.n + 1) * sizeof *g.gid);
        for (int i = 0; i < g.n; i++)
            g.gid[i] = gid ? gid[i] : lo + i;
        l->lists = xrealloc(l->lists, ((size_t)l->nlists + 1) * sizeof *l->lists);
        l->lists[l->nlists++] = (struct shared_list){.n = g.n, .gid = g.gid};
    }
    free(gid);
    return g;
}

static struct crt_gids gids_of(struct ln *l, struct ast *sel)
{
    marks(l);
    struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct ast *t = terms->kids[i];
        if (t->kind == AST_ALL) {
            mark_cells(l, 0, l->m->ncells);
        } else if (t->kind == AST_INDEX && t->sym) {
            const struct crt_pop *p = &l->m->pops[pop_index(l, t->sym->name)];
            for (unsigned k = 0; k < t->nkids; k++) {
                struct ast *ix = t->kids[k];
                double lo, hi;
                if (ix->kind == AST_RANGE) {
                    sema_const_value(ix->kids[0], &lo);
                    sema_const_value(ix->kids[1], &hi);
                } else {
                    sema_const_value(ix, &lo);
                    hi = lo;
                }
                if (hi >= p->count) {   /* counts by density are known only here */
                    diag_error(l->s->diag, ix->kind == AST_RANGE ? ix->kids[1]->loc : ix->loc,
                               "index %g is past the end of '%s', which "
                               "has %d cell%s", hi, p->name, p->count, p->count == 1 ? "" : "s");
                    l->ok = false;
                }
                int last = (int)hi < p->count ? (int)hi : p->count - 1;
                mark_cells(l, p->first_gid + (int)lo, last - (int)lo + 1);
            }
        } else {
            mark_sym(l, t->sym, 0);
        }
    }
    struct crt_gids g = take_marked(l);
    if (ast_kid(sel, 1)) {
        /* the runtime keeps the candidates for which the condition holds
         * once it has placed the cells (crt_resolve_where), in a list of
         * its own: the shared one stays the candidates */
        g.where = where_code(l, sel->kids[1]);
        g.cand_n = g.n;
        g.cand_gid = g.gid;
        g.gid = arena_alloc(l->a, ((size_t)g.n + 1) * sizeof *g.gid);
        memcpy(g.gid, g.cand_gid, (size_t)g.n * sizeof *g.gid);
    }
    return g;
}

/* Node of `loc` (default soma(0.5)) in every cell type; -1 where not
 * targeted.  With `segment`, x = 0 and 1 name the first and last segment
 * rather than the end nodes, which hold no mechanisms: NEURON's node_index,
 * used for every range variable but v (`soma(1)._ref_m_hh` is the last
 * segment's m). */
static int *nodes_at(struct ln *l, struct ast *loc, bool segment)
{
    int *node = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *node);
    double x = 0.5;
    if (loc && ast_kid(loc, 0))
        sema_const_value(loc->kids[0], &x);
    if (segment)
        x = fmin(fmax(x, 0.25 / INT32_MAX), 1 - 0.25 / INT32_MAX);  /* inside; nseg is an int */
    for (unsigned t = 0; t < l->ir->ntypes; t++) {
        const struct ir_celltype *ct = &l->ir->types[t];
        int sec = loc ? ir_section_named(ct, loc->str) : 0;
        if (sec < 0)
            sec = 0;
        node[t] = ct->nsections ? ir_location_node(ct, sec, x) : -1;
    }
    return node;
}

static int *nodes_of(struct ln *l, struct ast *loc)
{
    return nodes_at(l, loc, false);
}

/* ---- NetPyNE's hashStr (its hashList is the runtime's: crt_hash_gids) ---------- */

/* The first 8 hex digits of an MD5 digest, as NetPyNE reads them: an integer. */
static uint32_t md5_prefix(const void *data, size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data, len, md, &n, EVP_md5(), NULL);
    return (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | (uint32_t)md[2] << 8 | md[3];
}

/* ---- mechanism instances ------------------------------------------------------- */

static struct crt_instance_kind instance_kind(struct ln *l, int mech, struct ast *props,
                                              struct ast *more_props)
{
    const struct ir_mech *im = &l->ir->mechs[mech];
    struct crt_instance_kind k = {mech, arena_alloc(l->a, (im->nslots + 1) * sizeof(double)), -1,
                                  false};
    double *vals = arena_alloc(l->a, (im->nvars + 1) * sizeof *vals);
    for (unsigned v = 0; v < im->nvars; v++)
        vals[v] = im->vars[v].kind == IRV_PARAM ? im->vars[v].init : NAN;
    struct ast *blocks[2] = {props, more_props};
    for (int b = 0; b < 2; b++)
        for (unsigned i = 0; blocks[b] && i < blocks[b]->nkids; i++) {
            struct ast *p = blocks[b]->kids[i];
            double x;
            if (!p || p->kind != AST_PROP || !p->sym)
                continue;
            if (!sema_const_value(p->kids[0], &x)) {
                unsupported(l, p->kids[0], "a parameter that is not a constant");
                continue;
            }
            int var = ir_mech_var(im, p->str);
            if (var >= 0 && im->vars[var].kind == IRV_PARAM) {
                vals[var] = x;
                continue;
            }
            for (unsigned s = 0; s < im->nsetters; s++)
                if (strcmp(im->setters[s].name, p->str) == 0) {
                    vals[im->setters[s].arg] = x;
                    if (!ir_exec(im, &im->setters[s].body, vals)) {
                        unsupported(l, p, "this setter");
                    }
                }
        }
    for (unsigned v = 0; v < im->nvars; v++)
        if (im->vars[v].slot >= 0)
            k.params[im->vars[v].slot] = im->vars[v].kind == IRV_PARAM ? vals[v] : 0;
    return k;
}

static int synapse_mech(struct ln *l, struct ast *syn_name, struct ast **props)
{
    struct sym *syn = syn_name->sym;
    *props = ast_kid(syn->decl, 1);
    return lower_mech_index(l->ir, syn->decl->kids[0]->str);
}

/* The declared synapse's number (its place among the synapse symbols). */
static int synapse_number(struct ln *l, const struct sym *syn)
{
    int n = 0;
    for (unsigned i = 0; i < l->s->global->n; i++) {
        if (l->s->global->syms[i] == syn)
            return n;
        n += l->s->global->syms[i]->kind == SYM_SYNAPSE;
    }
    return -1;
}

/* The synapse (by name) with its declared parameters: the kind rules and
 * stimuli make, and that a `set` may change per run. */
static struct crt_instance_kind synapse_kind(struct ln *l, struct ast *syn_name)
{
    struct ast *synprops = NULL;
    int mech = synapse_mech(l, syn_name, &synprops);   /* sets synprops */
    struct crt_instance_kind k = instance_kind(l, mech, synprops, NULL);
    k.synapse = synapse_number(l, syn_name->sym);
    k.shared = syn_name->sym->decl->op == 1;
    return k;
}

/* ---- connection properties of the pair ------------------------------------ */

struct pair_code {
    struct crt_pair_op *ops;
    int n, cap, depth, most;
};

static void pair_emit(struct ln *l, struct pair_code *c, int code, int arg, double value, int pops,
                      int pushes)
{
    if (c->n == c->cap) {
        int cap = c->cap ? 2 * c->cap : 16;
        c->ops = arena_realloc(l->a, c->ops, (size_t)c->cap * sizeof *c->ops,
                               (size_t)cap * sizeof *c->ops);
        c->cap = cap;
    }
    c->ops[c->n++] = (struct crt_pair_op){code, arg, value};
    c->depth += pushes - pops;
    if (c->depth > c->most)
        c->most = c->depth;
}

static int prop_code(const char *name)
{
    static const char *const props[] = {"x", "y", "z", "xnorm", "ynorm", "znorm", "gid", "index"};
    for (int k = 0; k < 8; k++)
        if (strcmp(name, props[k]) == 0)
            return k;
    return -1;
}

/* Postfix code for e (checked by sema; each node scaled into the unit its
 * parent expects, as sema_const_value does). */
static bool pair_code(struct ln *l, struct pair_code *c, const struct ast *e)
{
    static const char *const dists[] = {"dist_3d", "dist_2d", "dist_x", "dist_y", "dist_z"};
    static const int binops[][2] = {
        {OP_ADD, CRT_PX_ADD}, {OP_SUB, CRT_PX_SUB}, {OP_MUL, CRT_PX_MUL}, {OP_DIV, CRT_PX_DIV},
        {OP_POW, CRT_PX_POW}, {OP_LT, CRT_PX_LT}, {OP_LE, CRT_PX_LE}, {OP_GT, CRT_PX_GT},
        {OP_GE, CRT_PX_GE}, {OP_EQ, CRT_PX_EQ}, {OP_NE, CRT_PX_NE}, {OP_AND, CRT_PX_AND},
        {OP_OR, CRT_PX_OR}};
    double x;
    if (sema_const_value(e, &x)) {
        pair_emit(l, c, CRT_PX_CONST, 0, x, 0, 1);
        return true;
    }
    bool ok = true;
    switch (e->kind) {
    case AST_NAME: {
        int k = -1;
        for (int i = 0; i < 5; i++)
            if (strcmp(e->str, dists[i]) == 0)
                k = i;
        if (k >= 0) {
            pair_emit(l, c, CRT_PX_VAR, CRT_VAR_DIST_3D + k, 0, 0, 1);
        } else if (strcmp(e->str, "seed") == 0 && e->sym && e->sym->kind == SYM_BUILTIN_VAR) {
            pair_emit(l, c, CRT_PX_VAR, CRT_VAR_SEED, 0, 0, 1);
        } else if ((k = prop_code(e->str)) >= 0) {
            /* a `where` condition's own cell (evaluated with pre = post) */
            pair_emit(l, c, CRT_PX_VAR, CRT_VAR_PRE + k, 0, 0, 1);
        } else {
            goto unsupported;
        }
        break;
    }
    case AST_MEMBER: {
        const struct ast *obj = e->kids[0];
        int k = prop_code(e->str);
        if (obj->kind != AST_NAME || k < 0 ||
            (strcmp(obj->str, "pre") != 0 && strcmp(obj->str, "post") != 0))
            goto unsupported;
        pair_emit(l, c, CRT_PX_VAR, (strcmp(obj->str, "pre") == 0 ? CRT_VAR_PRE : CRT_VAR_POST) + k,
                  0, 0, 1);
        break;
    }
    case AST_UNOP:
        ok = pair_code(l, c, e->kids[0]);
        if (e->op == OP_NEG || e->op == OP_NOT)
            pair_emit(l, c, e->op == OP_NEG ? CRT_PX_NEG : CRT_PX_NOT, 0, 0, 1, 1);
        break;
    case AST_BINOP: {
        int code = -1;
        for (size_t i = 0; i < sizeof binops / sizeof *binops; i++)
            if (binops[i][0] == e->op)
                code = binops[i][1];
        if (code < 0)
            goto unsupported;
        ok = pair_code(l, c, e->kids[0]) && pair_code(l, c, e->kids[1]);
        pair_emit(l, c, code, 0, 0, 2, 1);
        break;
    }
    case AST_COND:
        ok = pair_code(l, c, e->kids[0]) && pair_code(l, c, e->kids[1]) &&
             pair_code(l, c, e->kids[2]);
        pair_emit(l, c, CRT_PX_SELECT, 0, 0, 3, 1);
        break;
    case AST_CALL: {
        int f = crt_math_lookup(e->str);
        int want = f >= 0 ? crt_math_nargs(f) : -1;
        if (f < 0 || (int)e->nkids != want)
            goto unsupported;
        for (unsigned i = 0; i < e->nkids && ok; i++)
            ok = pair_code(l, c, e->kids[i]);
        pair_emit(l, c, CRT_PX_MATH, f, 0, want, 1);
        break;
    }
    default:
        goto unsupported;
    }
    if (ok && e->scale != 1) {
        pair_emit(l, c, CRT_PX_CONST, 0, e->scale, 0, 1);
        pair_emit(l, c, CRT_PX_MUL, 0, 0, 2, 1);
    }
    return ok;
unsupported:
    unsupported(l, e, "this expression in a connection property");
    return false;
}

/* A rule property: its constant, or (pair_expr->n > 0) code of the pair. */
static double rule_prop(struct ln *l, struct ast *block, const char *key, double dflt,
                        struct crt_pair_expr *pair_expr)
{
    struct ast *p = ast_find_prop(block, key);
    double v;
    memset(pair_expr, 0, sizeof *pair_expr);
    if (!p)
        return dflt;
    if (sema_const_value(p->kids[0], &v))
        return v;
    struct pair_code c = {0};
    if (pair_code(l, &c, p->kids[0]) && c.most > CRT_EXPR_STACK) {
        unsupported(l, p->kids[0], "an expression this deep");
        return dflt;
    }
    pair_expr->n = c.n;
    pair_expr->ops = c.ops;
    return NAN;
}

static struct crt_pair_expr where_code(struct ln *l, const struct ast *cond)
{
    struct crt_pair_expr e = {0};
    struct pair_code c = {0};
    if (!pair_code(l, &c, cond))
        return e;
    if (c.most > CRT_EXPR_STACK) {
        unsupported(l, cond, "a condition this deep");
        return e;
    }
    e.n = c.n;
    e.ops = c.ops;
    return e;
}

static void lower_rule(struct ln *l, struct ast *cn, struct crt_rule *r)
{
    struct ast *props = ast_kid(cn, 4);
    r->pre = gids_of(l, cn->kids[0]);
    r->post = gids_of(l, cn->kids[1]);
    r->node = nodes_of(l, ast_kid(cn, 2));
    /* the synapses' place, as written (a cell type without that section
     * gets them on its first) */
    struct ast *loc = ast_kid(cn, 2);
    r->afferent_x = 0.5;
    if (loc && ast_kid(loc, 0))
        sema_const_value(loc->kids[0], &r->afferent_x);
    r->afferent_section = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *r->afferent_section);
    for (unsigned t = 0; t < l->ir->ntypes; t++)
        for (unsigned k = 0; loc && k < l->ir->types[t].nsections; k++)
            if (strcmp(l->ir->types[t].sections[k].name, loc->str) == 0)
                r->afferent_section[t] = (int)k;
    /* no synapse: events go straight to artificial cells */
    r->syn = ast_kid(cn, 3) ? synapse_kind(l, cn->kids[3]) : (struct crt_instance_kind){.mech = -1,
                                                                                  .synapse = -1};
    r->weight = rule_prop(l, props, "weight", 0, &r->weight_expr);
    r->delay = rule_prop(l, props, "delay", 1, &r->delay_expr);
    r->threshold = const_prop(l, props, "threshold", NAN);    /* NAN: the source cell's */
    if (ast_find_prop(props, "probability")) {
        r->kind = CRT_PROBABILITY;
        r->value = rule_prop(l, props, "probability", 0, &r->prob_expr);
    } else if (ast_find_prop(props, "convergence")) {
        r->kind = CRT_CONVERGENCE;
        r->value = const_prop(l, props, "convergence", 0);
    } else if (ast_find_prop(props, "divergence")) {
        r->kind = CRT_DIVERGENCE;
        r->value = const_prop(l, props, "divergence", 0);
    } else {
        struct ast *pairs = ast_find_prop(props, "pairs");
        r->kind = CRT_PAIRS;
        struct ast *list = pairs->kids[0];
        r->pairs = arena_alloc(l->a, (2 * list->nkids + 1) * sizeof *r->pairs);
        for (unsigned i = 0; i < list->nkids; i++) {
            struct ast *pr = list->kids[i];
            double a = -1, b = -1;
            if (pr->kind != AST_LIST || pr->nkids != 2 || !sema_const_value(pr->kids[0], &a) ||
                !sema_const_value(pr->kids[1], &b) || a < 0 || b < 0 || a >= r->pre.n ||
                b >= r->post.n) {
                diag_error(l->s->diag, pr->loc, "a pair is [pre index, post index] within the "
                           "rule's presynaptic (%d cells) and postsynaptic (%d cells) sides",
                           r->pre.n, r->post.n);
                l->ok = false;
                continue;
            }
            r->pairs[2 * r->npairs] = (int)a;
            r->pairs[2 * r->npairs + 1] = (int)b;
            r->npairs++;
        }
    }
}

static void lower_stim(struct ln *l, struct ast *st, struct crt_stim *out, int index)
{
    out->name = st->str;
    out->index = index;
    int mech = lower_mech_index(l->ir, st->kids[0]->str);
    out->source = instance_kind(l, mech, ast_kid(st, 1), NULL);
    out->type_hash = md5_prefix(st->kids[0]->str, strlen(st->kids[0]->str));   /* hashStr */
    out->target = gids_of(l, st->kids[2]);
    out->node = nodes_of(l, ast_kid(st, 3));
    struct ast *stream = ast_find_prop(ast_kid(st, 1), "noise_stream");
    for (unsigned k = 0; stream && k < stream->kids[0]->nkids && k < 3; k++) {
        struct pair_code c = {0};
        if (pair_code(l, &c, stream->kids[0]->kids[k]) && c.most > CRT_EXPR_STACK)
            unsupported(l, stream->kids[0]->kids[k], "an expression this deep");
        out->stream[k] = (struct crt_pair_expr){c.n, c.ops};
        out->nstream = (int)k + 1;
    }
    if (ast_kid(st, 4)) {
        out->syn = synapse_kind(l, st->kids[4]);
        out->weight = const_prop(l, ast_kid(st, 5), "weight", 0);
        out->delay = const_prop(l, ast_kid(st, 5), "delay", 1);
    } else {
        out->syn = (struct crt_instance_kind){.mech = -1, .synapse = -1};
        if (ast_kid(st, 5)) {   /* an artificial source onto artificial cells */
            out->weight = const_prop(l, st->kids[5], "weight", 0);
            out->delay = const_prop(l, st->kids[5], "delay", 1);
        }
    }
}

/* Index of each stimulus statement in source order (random stream ids). */
static int stim_order(struct ln *l, struct ast *st)
{
    int k = 0;
    struct ast *prog = l->s->main;
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *it = prog->kids[i];
        if (it == st)
            return k;
        if (it->kind == AST_STIMULUS)
            k++;
        if (it->kind == AST_EXPERIMENT)
            for (unsigned j = 0; j < it->nkids; j++) {
                if (it->kids[j] == st)
                    return k;
                if (it->kids[j]->kind == AST_STIMULUS)
                    k++;
            }
    }
    return k;
}

/* `set SYN.param = value`: the synapse's kind in this run, its declared
 * parameters then every set of it so far, in order (setters included). */
static void set_synapse(struct ln *l, struct ast *syn_name, struct ast *set,
                        struct crt_experiment *e)
{
    int num = synapse_number(l, syn_name->sym);
    if (num < 0)
        return;
    struct ast **over = &l->synapse_overrides[num];
    if (!*over) {
        *over = arena_alloc(l->a, sizeof **over);
        (*over)->kind = AST_LIST;
    }
    struct ast *prop = arena_alloc(l->a, sizeof *prop);
    struct ast **value = arena_alloc(l->a, sizeof *value);
    *value = set->kids[1];
    *prop = (struct ast){.kind = AST_PROP, .str = set->kids[0]->str, .sym = set->kids[0]->sym,
                         .loc = set->loc, .nkids = 1, .kids = value, .scale = 1};
    ast_add(l->a, *over, prop);
    struct ast *synprops = NULL;
    int mech = synapse_mech(l, syn_name, &synprops);
    struct crt_instance_kind k = instance_kind(l, mech, synprops, *over);
    k.synapse = num;
    k.shared = syn_name->sym->decl->op == 1;
    for (int i = 0; i < e->nsynapse_sets; i++)
        if (e->synapse_sets[i].synapse == num) {
            e->synapse_sets[i] = k;
            return;
        }
    e->synapse_sets = arena_realloc(l->a, e->synapse_sets,
                                    (size_t)e->nsynapse_sets * sizeof *e->synapse_sets,
                                    ((size_t)e->nsynapse_sets + 1) * sizeof *e->synapse_sets);
    e->synapse_sets[e->nsynapse_sets++] = k;
}

/* `set STIM.param` or `set MECH.param` of stimulus i's source: its kind in
 * this run, its declared parameters then this run's sets of it, in order
 * (two sets of one stimulus both count). */
static void set_stim_source(struct ln *l, struct crt_experiment *e, int i, struct ast *set)
{
    struct ast *path = set->kids[0];
    struct ast *prop = ast_make(l->a, AST_PROP, set->loc, path->str, 1, set->kids[1]);
    prop->sym = path->sym;
    struct ast **over = &l->stim_overrides[i];
    if (!*over)
        *over = ast_new(l->a, AST_LIST, set->loc);
    ast_add(l->a, *over, prop);
    e->stims[i].source = instance_kind(l, e->stims[i].source.mech, ast_kid(l->stim_decls[i], 1),
                                       *over);
}

/* `set MECH.param = v` of a point process or artificial cell: every synapse
 * and stimulus source of that mechanism gets the value in this run (its
 * populations' cells get it from the run's parameter sets). */
static void set_mech_instances(struct ln *l, struct ast *set, int mech, struct crt_experiment *e)
{
    for (unsigned i = 0; i < l->s->global->n; i++) {
        struct sym *syn = l->s->global->syms[i];
        if (syn->kind != SYM_SYNAPSE || lower_mech_index(l->ir, syn->decl->kids[0]->str) != mech)
            continue;
        struct ast name = {.kind = AST_NAME, .str = syn->name, .sym = syn, .loc = set->loc};
        set_synapse(l, &name, set, e);
    }
    for (int i = 0; i < e->nstims; i++)
        if (e->stims[i].source.mech == mech)
            set_stim_source(l, e, i, set);
}

/* `set mech.global = v` (usetable); other targets are not yet runtime values. */
static void apply_set(struct ln *l, struct ast *set, double *globals, struct crt_experiment *e)
{
    struct ast *path = set->kids[0];
    struct ast *root = path;
    int depth = 0;
    while (root->kind == AST_MEMBER) {
        root = root->kids[0];
        depth++;
    }
    if ((root->sym && root->sym->kind == SYM_MODEL_PARAM) ||
        (depth == 1 && strcmp(root->str, "simulation") == 0 && !root->sym))
        return;     /* applied by sema (sema_params.c): the values lowering reads */
    if (root->sym && root->sym->kind == SYM_CELL)
        return;     /* compiled into the cell type by lower_model (its value may vary per
                       segment); sema refuses one in an experiment (check_set) */
    double x;
    if (!sema_const_value(set->kids[1], &x)) {
        unsupported(l, set->kids[1], "a 'set' value that is not a constant");
        return;
    }
    if (root->sym && root->sym->kind == SYM_MECH && depth == 1 && path->sym &&
        path->sym->kind == SYM_PARAM && !sema_is_global(path->sym) && e) {
        /* a density parameter, in every instance */
        e->sets = arena_realloc(l->a, e->sets, (size_t)e->nsets * sizeof *e->sets,
                                ((size_t)e->nsets + 1) * sizeof *e->sets);
        e->sets[e->nsets++] = (struct crt_param_set){lower_mech_index(l->ir, root->str),
                                                     path->str, x};
        set_mech_instances(l, set, lower_mech_index(l->ir, root->str), e);
        return;
    }
    if (root->sym && root->sym->kind == SYM_SYNAPSE && depth == 1 && e) {
        set_synapse(l, root, set, e);
        return;
    }
    if (root->sym && root->sym->kind == SYM_MECH && depth == 1 && path->sym &&
        path->sym->kind == SYM_SETTER && e) {
        /* a setter (NetStim.rate) of every synapse and stimulus source (sema
         * refuses it where a population has the mechanism's cells) */
        set_mech_instances(l, set, lower_mech_index(l->ir, root->str), e);
        return;
    }
    if (root->sym && root->sym->kind == SYM_MECH && depth == 1) {
        int mech = lower_mech_index(l->ir, root->str);
        const struct ir_mech *im = &l->ir->mechs[mech];
        int k = l->layout->global_index[mech];
        for (unsigned v = 0; v < im->nvars; v++) {
            if (im->vars[v].kind != IRV_GLOBAL)
                continue;
            if (strcmp(im->vars[v].name, path->str) == 0) {
                globals[k] = x;
                return;
            }
            k++;
        }
    }
    if (root->sym && root->sym->kind == SYM_STIMULUS && depth == 1 && e) {
        for (int i = 0; i < e->nstims; i++) {
            struct crt_stim *st = &e->stims[i];
            if (strcmp(st->name, root->str) != 0)
                continue;
            /* a point process (IClamp) has no connection: its delay is its own
             * (sema refuses the path where both are) */
            bool conn = sema_stim_connects(l->stim_decls[i]);
            if (conn && strcmp(path->str, "weight") == 0) {
                st->weight = x;
                return;
            }
            if (conn && strcmp(path->str, "delay") == 0) {
                st->delay = x;
                return;
            }
            set_stim_source(l, e, i, set);
            return;
        }
        return;     /* an experiment that removes the stimulus: nothing to set there */
    }
    unsupported(l, set, "this 'set' target");
}

/* Where the table of function f of mechanism mi reads its parameter param. */
static struct loc table_read_loc(struct ln *l, int mi, int f, const char *param)
{
    const struct ir_mech *im = &l->ir->mechs[mi];
    struct sym *mech = sema_lookup(l->s->global, im->name);
    const struct ast *d = mech ? mech->decl : NULL;
    for (unsigned i = 0; d && i < d->nkids; i++)
        if ((d->kids[i]->kind == AST_PROCEDURE || d->kids[i]->kind == AST_FUNCTION) &&
            strcmp(d->kids[i]->str, im->funcs[f].name) == 0) {
            const struct ast *r = sema_param_read(ast_kid(d->kids[i], 2), param, 0);
            return r ? r->loc : d->kids[i]->loc;
        }
    return d ? d->loc : LOC_NONE;
}

/* A density mechanism's table that reads a per-instance parameter X is
 * built with X's value (lower_mech.c table_params): the one value every
 * instance in run e has, into e's global "X.table".  NEURON builds its one
 * table from the first instance's X (nrn_thread_table_check: ml->_data[0]
 * of the first thread that has the mechanism; each MPI rank its own), so
 * where instances differ which value wins depends on NEURON's node order
 * and thread split: an error at the read, before the run. */
static void table_values(struct ln *l, struct crt_experiment *e, bool named)
{
    bool *has_cells = arena_alloc(l->a, l->ir->ntypes + 1);
    for (int p = 0; p < l->m->npops; p++)
        if (l->m->pops[p].type >= 0 && l->m->pops[p].count > 0)
            has_cells[l->m->pops[p].type] = true;
    for (unsigned mi = 0; mi < l->ir->nmechs; mi++) {
        const struct ir_mech *im = &l->ir->mechs[mi];
        for (unsigned f = 0; f < im->nfuncs; f++) {
            const struct ir_table *t = im->funcs[f].table;
            for (unsigned k = 0; t && k < t->nparams; k++) {
                int p = t->params[k], g = l->layout->global_index[mi];
                for (int v = 0; v < t->param_globals[k]; v++)
                    g += im->vars[v].kind == IRV_GLOBAL;
                const char *name = im->vars[p].name;
                double x = im->vars[p].init;
                bool set = false;
                for (int i = 0; i < e->nsets; i++)
                    if (e->sets[i].mech == (int)mi && strcmp(e->sets[i].name, name) == 0) {
                        x = e->sets[i].value;       /* every instance's, the last one */
                        set = true;
                    }
                const char *at = NULL, *other = NULL, *at_sec = NULL, *other_sec = NULL;
                double y = 0;
                for (unsigned ti = 0; !set && !other && ti < l->ir->ntypes; ti++) {
                    const struct ir_celltype *ct = &l->ir->types[ti];
                    for (unsigned si = 0; has_cells[ti] && !other && si < ct->nsections; si++) {
                        const struct ir_section *sec = &ct->sections[si];
                        for (unsigned n = 0; !other && n < sec->ninserts; n++) {
                            if (sec->inserts[n].mech != (int)mi)
                                continue;
                            for (int seg = 0; !other && seg < sec->nseg; seg++) {
                                double val = ir_insert_param(&sec->inserts[n], im, seg, p);
                                if (!at) {
                                    x = val;
                                    at = ct->name;
                                    at_sec = sec->name;
                                } else if (memcmp(&val, &x, sizeof x) != 0) {
                                    y = val;
                                    other = ct->name;
                                    other_sec = sec->name;
                                }
                            }
                        }
                    }
                }
                e->globals[g] = x;
                if (!other || l->table_told[g])
                    continue;
                l->table_told[g] = true;
                l->ok = false;
                char run[96] = "";
                if (named)
                    snprintf(run, sizeof run, " (experiment '%s')", e->name);
                diag_error(l->s->diag, table_read_loc(l, (int)mi, (int)f, name),
                           "the table of '%s' reads parameter '%s', and the instances of '%s' "
                           "differ in it%s: %.17g in %s.%s, %.17g in %s.%s; NEURON builds its one "
                           "table with one instance's value, so give every instance the same "
                           "value (or make '%s' GLOBAL)", im->funcs[f].name, name, im->name, run,
                           x, at, at_sec, y, other, other_sec, name);
            }
        }
    }
}

/* Experiment exp (NULL: the base protocol) into e; a sweep's point adds
 * its nsets `set`s after the experiment's own and before --set's. */
static void lower_experiment(struct ln *l, struct ast *exp, struct crt_experiment *e,
                             struct ast *const *sets, unsigned nsets)
{
    struct ast *prog = l->s->main;
    e->name = exp ? exp->str : "default";
    e->sweep = -1;
    struct ast *desc = exp ? ast_find_prop(exp, "description") : NULL;
    e->description = desc && desc->kids[0]->kind == AST_STR ? desc->kids[0]->str : NULL;
    e->globals = arena_alloc(l->a, ((size_t)l->layout->nglobals + 1) * sizeof *e->globals);
    for (unsigned i = 0; i < l->layout->nglobals; i++)
        e->globals[i] = l->layout->global_init[i];
    int n = 0;
    for (unsigned i = 0; i < prog->nkids; i++)
        n += prog->kids[i]->kind == AST_STIMULUS;
    for (unsigned i = 0; exp && i < exp->nkids; i++)
        n += exp->kids[i]->kind == AST_STIMULUS;
    e->stims = arena_alloc(l->a, ((size_t)n + 1) * sizeof *e->stims);
    l->stim_decls = arena_alloc(l->a, ((size_t)n + 1) * sizeof *l->stim_decls);
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *st = prog->kids[i];
        if (st->kind != AST_STIMULUS)
            continue;
        bool removed = false;
        for (unsigned j = 0; exp && j < exp->nkids; j++)
            removed |= exp->kids[j]->kind == AST_REMOVE && exp->kids[j]->str == st->str;
        if (!removed) {
            l->stim_decls[e->nstims] = st;
            lower_stim(l, st, &e->stims[e->nstims++], stim_order(l, st));
        }
    }
    for (unsigned i = 0; exp && i < exp->nkids; i++)
        if (exp->kids[i]->kind == AST_STIMULUS) {
            l->stim_decls[e->nstims] = exp->kids[i];
            lower_stim(l, exp->kids[i], &e->stims[e->nstims++], stim_order(l, exp->kids[i]));
        }
    l->stim_overrides = arena_alloc(l->a, ((size_t)e->nstims + 1) * sizeof *l->stim_overrides);
    /* the base protocol's sets, the experiment's, then --set (op = 1) */
    unsigned nsyn = 0;
    for (unsigned i = 0; i < l->s->global->n; i++)
        nsyn += l->s->global->syms[i]->kind == SYM_SYNAPSE;
    l->synapse_overrides = arena_alloc(l->a, (nsyn + 1) * sizeof *l->synapse_overrides);
    for (unsigned i = 0; i < prog->nkids; i++)
        if (prog->kids[i]->kind == AST_SET && prog->kids[i]->op == 0)
            apply_set(l, prog->kids[i], e->globals, e);
    for (unsigned i = 0; exp && i < exp->nkids; i++)
        if (exp->kids[i]->kind == AST_SET)
            apply_set(l, exp->kids[i], e->globals, e);
    for (unsigned i = 0; i < nsets; i++)
        apply_set(l, sets[i], e->globals, e);
    for (unsigned i = 0; i < prog->nkids; i++)
        if (prog->kids[i]->kind == AST_SET && prog->kids[i]->op == 1)
            apply_set(l, prog->kids[i], e->globals, e);
    table_values(l, e, exp != NULL);
}

static void lower_mechs(struct ln *l)
{
    struct crt_model *m = l->m;
    m->nmechs = (int)l->ir->nmechs;
    m->mechs = arena_alloc(l->a, ((size_t)m->nmechs + 1) * sizeof *m->mechs);
    m->npp = (int)l->layout->npp;
    for (int i = 0; i < m->nmechs; i++) {
        const struct ir_mech *im = &l->ir->mechs[i];
        struct crt_mech *cm = &m->mechs[i];
        cm->name = im->name;
        cm->kind = im->kind == IRK_POINT ? CRT_POINT : im->kind == IRK_ARTIFICIAL ? CRT_ARTIFICIAL : 0;
        cm->nslots = (int)im->nslots;
        cm->pp_index = l->layout->pp_index[i];
        cm->unused = cm->kind && l->layout->mech_used && !l->layout->mech_used[i];
        cm->slot_names = arena_alloc(l->a, (im->nslots + 1) * sizeof *cm->slot_names);
        cm->slot_init = arena_alloc(l->a, (im->nslots + 1) * sizeof *cm->slot_init);
        for (unsigned v = 0; v < im->nvars; v++)
            if (im->vars[v].slot >= 0) {
                cm->slot_names[im->vars[v].slot] = im->vars[v].name;
                cm->slot_init[im->vars[v].slot] = im->vars[v].kind == IRV_PARAM ? im->vars[v].init : 0;
            }
    }
}

static void mark_sends(const struct ir_block *b, bool *sends)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *st = b->stmts[i];
        if (st->kind == IRS_SEND || st->kind == IRS_EMIT || st->kind == IRS_MOVE ||
            st->kind == IRS_WATCH)
            *sends = true;
        mark_sends(&st->then, sends);
        mark_sends(&st->els, sends);
    }
}

static void mark_moves(const struct ir_block *b, bool *moves)
{
    for (unsigned i = 0; i < b->n; i++) {
        if (b->stmts[i]->kind == IRS_MOVE)
            *moves = true;
        mark_moves(&b->stmts[i]->then, moves);
        mark_moves(&b->stmts[i]->els, moves);
    }
}

static void mark_random(const struct ir_block *b, bool *uses);
static void expr_random(const struct ir_expr *e, bool *uses)
{
    if (e->op == IR_RAND && e->aux <= IRR_NORMRAND)
        *uses = true;
    for (unsigned i = 0; i < e->nargs; i++)
        expr_random(e->args[i], uses);
}
static void mark_random(const struct ir_block *b, bool *uses)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->e)
            expr_random(s->e, uses);
        if (s->e2)
            expr_random(s->e2, uses);
        for (unsigned k = 0; k < s->nargs; k++)
            expr_random(s->args[k], uses);
        mark_random(&s->then, uses);
        mark_random(&s->els, uses);
    }
}

/* ---- recordings ---------------------------------------------------------------- */

static const char *where_text(struct ln *l, struct ast *n);

/* "soma(0.5)": a section and a position along it. */
static const char *site_text(struct ln *l, const char *section, double x)
{
    return arena_printf(l->a, "%s(%g)", section, x);
}

/* The site of a node: its section and the centre of its segment. */
static const char *node_site(struct ln *l, const struct ir_celltype *ct, int node)
{
    if (node < 0 || node >= (int)ct->nnodes || ct->nodes[node].seg < 0)
        return arena_printf(l->a, "node%d", node);
    const struct ir_section *sec = &ct->sections[ct->nodes[node].section];
    return site_text(l, sec->name, (ct->nodes[node].seg + 0.5) / sec->nseg);
}

/* Where `loc` (default: the first section, 0.5) lands in each cell type, as
 * written: the section it names (or the first, where a type lacks it). */
static const char **sites_of(struct ln *l, struct ast *loc)
{
    const char **site = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *site);
    double x = 0.5;
    if (loc && ast_kid(loc, 0))
        sema_const_value(loc->kids[0], &x);
    for (unsigned t = 0; t < l->ir->ntypes; t++) {
        const struct ir_celltype *ct = &l->ir->types[t];
        const char *sec = ct->nsections ? ct->sections[0].name : "?";
        int k = loc ? ir_section_named(ct, loc->str) : -1;
        if (k >= 0)
            sec = ct->sections[k].name;
        site[t] = site_text(l, sec, x);
    }
    return site;
}

/* Which cell types have cells in g. */
static bool *types_in(struct ln *l, const struct crt_gids *g)
{
    bool *used = arena_alloc(l->a, l->ir->ntypes + 1);
    for (int j = 0; j < g->n; j++) {
        int p = crt_pop_of(l->m, g->gid[j]);
        if (p >= 0 && l->m->pops[p].type >= 0)
            used[l->m->pops[p].type] = true;
    }
    return used;
}

/* A recorded mechanism variable: the data row of each recorded cell's type
 * (rows arrive holding the recording node) and its name there ("hh.m"), or
 * a plain ion variable of the section there ("ek", "ik": its own slot); a
 * type that has no such variable there, or several mechanisms that have
 * it, is an error at the record.  A density parameter not kept per
 * instance is recorded from crt_group.params (CRT_REC_PARAM; plan.c keeps
 * recorded parameters run-time values). */
static void variable_rows(struct ln *l, struct ast *r, struct crt_record *rec)
{
    bool *used = types_in(l, &rec->cells);
    const char *qual = ast_kid(r, 2) ? r->kids[2]->str : NULL;
    const struct ast *loc = ast_kid(r, 1);
    unsigned nt = l->ir->ntypes;
    int *mech = arena_alloc(l->a, (nt + 1) * sizeof *mech);
    int *nmatch = arena_alloc(l->a, (nt + 1) * sizeof *nmatch);
    bool vars = false, params = false;
    for (unsigned t = 0; t < nt; t++) {
        int node = rec->row[t];
        mech[t] = -1;
        nmatch[t] = 0;
        int ion_row = qual ? -1 : cg_ion_variable_row(l->ir, &l->layout->types[t],
                                                       &l->ir->types[t], node, r->str);
        if (ion_row >= 0) {     /* `record ek`: the section's (lower_recorded_ions) */
            rec->row[t] = ion_row;
            vars |= used[t];
            continue;
        }
        rec->row[t] = cg_variable_row(l->ir, &l->layout->types[t], &l->ir->types[t], node,
                                      qual, r->str, &mech[t], &nmatch[t]);
        if (rec->row[t] < 0) {
            rec->row[t] = cg_param_index(l->ir, &l->layout->types[t], &l->ir->types[t], node,
                                         qual, r->str, &mech[t]);
            params |= used[t] && rec->row[t] >= 0;
        } else {
            vars |= used[t];
        }
    }
    if (vars && params) {
        diag_error(l->s->diag, ast_name_loc(r), "'%s' is a parameter in some of the recorded "
                   "cell types and a variable in others: record them separately", r->str);
        l->ok = false;
        return;
    }
    if (params)
        rec->kind = CRT_REC_PARAM;
    for (unsigned t = 0; t < nt; t++) {
        if (!used[t])   /* its row may be of the other kind: none */
            rec->row[t] = -1;
        rec->var[t] = mech[t] >= 0 ? arena_printf(l->a, "%s.%s", l->ir->mechs[mech[t]].name,
                                                  r->str)
                                   : r->str;
        if (!used[t])
            continue;
        if (rec->row[t] < 0) {
            diag_error(l->s->diag, ast_name_loc(r), "cell type '%s' has no %s%s with '%s' at "
                       "%s: record it where such a mechanism is inserted", l->ir->types[t].name,
                       qual ? "inserted " : "mechanism", qual ? qual : "", r->str,
                       loc ? loc->str : "its first section");
            l->ok = false;
        } else if (nmatch[t] > 1) {     /* the checker saw the sections; a safety net */
            diag_error(l->s->diag, ast_name_loc(r), "'%s' is ambiguous in cell type '%s': "
                       "qualify it with its mechanism", r->str, l->ir->types[t].name);
            l->ok = false;
        }
    }
}

/* A record's `every T` in steps (the checker made it whole); 1 without. */
static int every_steps(struct ln *l, struct ast *r)
{
    double every;
    if (!ast_kid(r, 3) || !sema_const_value(r->kids[3], &every))
        return 1;
    long k = llround(every / l->m->dt);
    return k < 1 ? 1 : k > INT32_MAX ? INT32_MAX : (int)k;
}

/* The slot of a record's variable in point mechanism `mech`. */
static int mech_slot(struct ln *l, const char *mech, struct ast *r)
{
    for (int k = 0; k < l->m->nmechs; k++)
        if (strcmp(l->m->mechs[k].name, mech) == 0)
            for (int j = 0; j < l->m->mechs[k].nslots; j++)
                if (l->m->mechs[k].slot_names[j] && strcmp(l->m->mechs[k].slot_names[j], r->str) == 0)
                    return j;
    diag_error(l->s->diag, ast_name_loc(r), "'%s' of '%s' is not kept per instance; it cannot "
               "be recorded", r->str, mech);
    l->ok = false;
    return -1;
}

/* `record drive.i of P`: slot `i` of the point process stimulus `drive`
 * places on each cell of P (no `of`: on each cell it targets), where it
 * sits. */
static void lower_point_record(struct ln *l, struct ast *r, struct ast *st, struct crt_record *rec)
{
    rec->kind = CRT_REC_POINT;
    rec->every = every_steps(l, r);
    rec->cells = gids_of(l, ast_kid(r, 0) ? r->kids[0] : st->kids[2]);
    rec->row = nodes_of(l, ast_kid(st, 3));
    rec->site = sites_of(l, ast_kid(st, 3));
    rec->var = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *rec->var);
    for (unsigned t = 0; t < l->ir->ntypes; t++)
        rec->var[t] = arena_printf(l->a, "%s.%s", st->str, r->str);
    rec->stim = stim_order(l, st);
    rec->slot = mech_slot(l, st->kids[0]->str, r);
}

/* `record spikes of bkg + ...`: the stimuli named (by name: experiments
 * lower their own stimuli); true if the selector names cells too. */
static bool spike_stimuli(struct ln *l, struct ast *sel)
{
    struct crt_model *m = l->m;
    struct ast *terms = ast_kid(sel, 0);
    bool cells = false;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct sym *t = terms->kids[i]->sym;
        if (!t || t->kind != SYM_STIMULUS) {
            cells = true;
            continue;
        }
        bool seen = false;
        for (int k = 0; k < m->nspike_stims && !seen; k++)
            seen = strcmp(m->spike_stims[k], t->name) == 0;
        if (seen)
            continue;
        m->spike_stims = arena_realloc(l->a, m->spike_stims,
                                       (size_t)m->nspike_stims * sizeof *m->spike_stims,
                                       ((size_t)m->nspike_stims + 1) * sizeof *m->spike_stims);
        m->spike_stims[m->nspike_stims++] = t->name;
    }
    return cells;
}

/* `record m of P` of artificial cells (sema_check_art_record allowed it):
 * the slot of their mechanism; every population recorded must be of one. */
static bool art_record(struct ln *l, struct ast *r, struct crt_record *rec)
{
    int art = -1;
    for (int p = 0; p < l->m->npops; p++) {
        const struct crt_pop *pop = &l->m->pops[p];
        for (int j = 0; pop->art >= 0 && j < rec->cells.n; j++) {
            if (rec->cells.gid[j] < pop->first_gid || rec->cells.gid[j] >= pop->first_gid + pop->count)
                continue;
            if (art >= 0 && art != pop->art) {
                diag_error(l->s->diag, r->loc, "this record reaches artificial cells of two "
                           "kinds, %s and %s: record each in its own line",
                           l->m->mechs[art].name, l->m->mechs[pop->art].name);
                l->ok = false;
                return true;
            }
            art = pop->art;
            break;
        }
    }
    if (art < 0)
        return false;
    rec->kind = CRT_REC_ART;
    rec->slot = mech_slot(l, l->m->mechs[art].name, r);
    rec->art_var = arena_printf(l->a, "%s.%s", l->m->mechs[art].name, r->str);
    return true;
}

static void lower_record(struct ln *l, struct ast *r)
{
    struct crt_model *m = l->m;
    if (strcmp(r->str, "spikes") == 0 && ast_kid(r, 0) && !spike_stimuli(l, r->kids[0]))
        return;
    m->records = arena_realloc(l->a, m->records, (size_t)m->nrecords * sizeof *m->records,
                               ((size_t)m->nrecords + 1) * sizeof *m->records);
    struct crt_record *rec = &m->records[m->nrecords++];
    rec->text = where_text(l, r);
    bool is_v = strcmp(r->str, "v") == 0, spikes = strcmp(r->str, "spikes") == 0;
    rec->kind = spikes ? CRT_REC_SPIKES : is_v ? CRT_REC_V : CRT_REC_STATE;
    struct ast *qual = ast_kid(r, 2);
    struct sym *stim = qual && qual->sym && qual->sym->kind == SYM_STIMULUS ? qual->sym : NULL;
    if (stim) {
        lower_point_record(l, r, stim->decl, rec);
        return;
    }
    struct sym *syn = qual && qual->sym && qual->sym->kind == SYM_SYNAPSE ? qual->sym : NULL;
    if (ast_kid(r, 0)) {
        rec->cells = gids_of(l, r->kids[0]);
    } else {
        struct ast all_sel = {.kind = AST_SELECTOR};
        struct ast all = {.kind = AST_ALL};
        struct ast *allp = &all;
        struct ast terms = {.kind = AST_LIST, .nkids = 1, .kids = &allp};
        struct ast *sel_kids[2] = {&terms, NULL};
        all_sel.nkids = 2;
        all_sel.kids = sel_kids;
        rec->cells = gids_of(l, &all_sel);
    }
    /* a mechanism's variable lives in segments; a synapse's where it sits */
    rec->row = nodes_at(l, ast_kid(r, 1), rec->kind == CRT_REC_STATE && !syn);
    rec->site = sites_of(l, ast_kid(r, 1));
    rec->var = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *rec->var);
    for (unsigned t = 0; t < l->ir->ntypes; t++)
        rec->var[t] = r->str;
    rec->every = every_steps(l, r);
    if (!spikes && art_record(l, r, rec))
        return;
    if (syn) {
        rec->kind = CRT_REC_SYNAPSE;
        rec->stim = synapse_number(l, syn);
        for (unsigned t = 0; t < l->ir->ntypes; t++)
            rec->var[t] = arena_printf(l->a, "%s.%s", syn->name, r->str);
        rec->slot = mech_slot(l, ast_kid(syn->decl, 0)->str, r);
    } else if (rec->kind == CRT_REC_STATE) {
        variable_rows(l, r, rec);
    }
}

/* The voltages a measure needs: every cell of set `set` at `loc` (NULL:
 * each cell type's spike site), in memory; one record per (cells, site). */
static int probe_of(struct ln *l, int set, struct ast *loc)
{
    struct crt_model *m = l->m;
    const struct crt_gids *g = &m->sets[set];
    int *row = loc ? nodes_of(l, loc) : arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *row);
    for (unsigned t = 0; !loc && t < l->ir->ntypes; t++)
        row[t] = l->ir->types[t].spike_node;
    for (int k = 0; k < m->nrecords; k++) {
        const struct crt_record *r = &m->records[k];
        if (r->kind != CRT_REC_PROBE || r->cells.n != g->n ||
            memcmp(r->cells.gid, g->gid, (size_t)g->n * sizeof *g->gid) != 0 ||
            memcmp(r->row, row, l->ir->ntypes * sizeof *row) != 0)
            continue;
        return k;
    }
    m->records = arena_realloc(l->a, m->records, (size_t)m->nrecords * sizeof *m->records,
                               ((size_t)m->nrecords + 1) * sizeof *m->records);
    struct crt_record *rec = &m->records[m->nrecords];
    rec->kind = CRT_REC_PROBE;
    rec->text = "a voltage measure";
    rec->cells = *g;
    rec->row = row;
    rec->site = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *rec->site);
    rec->var = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *rec->var);
    for (unsigned t = 0; t < l->ir->ntypes; t++) {
        rec->var[t] = "v";
        rec->site[t] = node_site(l, &l->ir->types[t], row[t]);
    }
    rec->every = 1;
    return m->nrecords++;
}

/* The place of window win in probe k's list (added if new). */
static int probe_window(struct ln *l, int k, const double win[2])
{
    struct crt_record *rec = &l->m->records[k];
    for (int w = 0; w < rec->nwin; w++)
        if (rec->win[2 * w] == win[0] && rec->win[2 * w + 1] == win[1])
            return w;
    rec->win = arena_realloc(l->a, rec->win, 2 * (size_t)rec->nwin * sizeof *rec->win,
                             2 * ((size_t)rec->nwin + 1) * sizeof *rec->win);
    rec->win[2 * rec->nwin] = win[0];
    rec->win[2 * rec->nwin + 1] = win[1];
    return rec->nwin++;
}

/* ---- analysis ----------------------------------------------------------------- */

static int analysis_set(struct ln *l, struct ast *arg)
{
    struct crt_model *m = l->m;
    m->sets = arena_realloc(l->a, m->sets, (size_t)m->nsets * sizeof *m->sets,
                            ((size_t)m->nsets + 1) * sizeof *m->sets);
    marks(l);
    if (arg->kind == AST_ALL)
        mark_cells(l, 0, m->ncells);
    else
        mark_sym(l, arg->sym, 0);
    m->sets[m->nsets] = take_marked(l);
    return m->nsets++;
}

static void window_of(struct ln *l, struct ast *arg, double win[2])
{
    struct ast *iv = arg;
    if (arg->kind == AST_NAME && arg->sym && arg->sym->kind == SYM_WINDOW)
        iv = arg->sym->decl->kids[0];
    if (iv->kind != AST_INTERVAL || !sema_const_value(iv->kids[0], &win[0]) ||
        !sema_const_value(iv->kids[1], &win[1]))
        unsupported(l, arg, "a window that is not a constant interval");
}

static int experiment_index(struct ln *l, const struct sym *e)
{
    for (int i = 0; i < l->m->nexperiments; i++)
        if (e && strcmp(l->m->experiments[i].name, e->name) == 0)
            return i;
    return -1;
}

static struct crt_expr *expr_new(struct ln *l, int op, int nargs)
{
    struct crt_expr *e = arena_alloc(l->a, sizeof *e);
    e->op = op;
    e->nargs = nargs;
    e->experiment = -1;
    e->probe = -1;
    e->pwin[0] = e->pwin[1] = -1;
    return e;
}

static struct crt_expr *analysis_expr(struct ln *l, struct ast *n);

static struct crt_expr *analysis_raw(struct ln *l, struct ast *n)
{
    switch (n->kind) {
    case AST_NUM:
    case AST_BOOL: {
        struct crt_expr *e = expr_new(l, CRT_OP_CONST, 0);
        e->value = n->num;
        return e;
    }
    case AST_STR: {
        struct crt_expr *e = expr_new(l, CRT_OP_STR, 0);
        e->str = n->str;
        return e;
    }
    case AST_NAME:
        if (n->sym && n->sym->kind == SYM_MEASURE) {
            struct crt_expr *e = expr_new(l, CRT_OP_MEASURE, 0);
            for (int k = 0; k < l->m->nmeasures; k++)
                if (strcmp(l->m->measures[k].name, n->str) == 0)
                    e->index = k;
            return e;
        }
        break;
    case AST_UNOP: {
        if (n->op == OP_PLUS)
            return analysis_expr(l, n->kids[0]);
        struct crt_expr *e = expr_new(l, n->op == OP_NEG ? CRT_OP_NEG : CRT_OP_NOT, 1);
        e->args[0] = analysis_expr(l, n->kids[0]);
        return e;
    }
    case AST_BINOP: {
        static const int ops[] = {
            [OP_ADD] = CRT_OP_ADD, [OP_SUB] = CRT_OP_SUB, [OP_MUL] = CRT_OP_MUL,
            [OP_DIV] = CRT_OP_DIV, [OP_POW] = CRT_OP_POW, [OP_AND] = CRT_OP_AND,
            [OP_OR] = CRT_OP_OR, [OP_EQ] = CRT_OP_EQ, [OP_NE] = CRT_OP_NE, [OP_LT] = CRT_OP_LT,
            [OP_LE] = CRT_OP_LE, [OP_GT] = CRT_OP_GT, [OP_GE] = CRT_OP_GE,
        };
        struct crt_expr *e = expr_new(l, ops[n->op], 2);
        e->args[0] = analysis_expr(l, n->kids[0]);
        e->args[1] = analysis_expr(l, n->kids[1]);
        return e;
    }
    case AST_COND: {
        struct crt_expr *e = expr_new(l, CRT_OP_SELECT, 3);
        for (int i = 0; i < 3; i++)
            e->args[i] = analysis_expr(l, n->kids[i]);
        return e;
    }
    case AST_CALL: {
        static const char *const names[] = {"rate", "count", "cv_isi", "mean_v", "peak_v",
                                            "peaks", "psd_peak", "isn_test"};
        struct crt_expr *e = expr_new(l, CRT_OP_CALL, 0);
        e->index = -1;
        for (int i = 0; i < CRT_FN_COUNT_; i++)
            if (strcmp(n->str, names[i]) == 0)
                e->index = i;
        unsigned nk = n->nkids;
        struct ast *at = nk && n->kids[nk - 1]->kind == AST_LOCATION ? n->kids[--nk] : NULL;
        if (e->index == CRT_FN_ISN_TEST) {
            e->set[0] = analysis_set(l, n->kids[0]);
            e->set[1] = analysis_set(l, n->kids[1]);
            window_of(l, n->kids[2], e->win[0]);
            window_of(l, n->kids[3], e->win[1]);
            if (nk > 4)
                e->experiment = experiment_index(l, n->kids[4]->sym);
        } else if (e->index >= 0) {
            e->set[0] = analysis_set(l, n->kids[0]);
            window_of(l, n->kids[1], e->win[0]);
            if (nk > 2)
                e->experiment = experiment_index(l, n->kids[2]->sym);
        }
        if (e->index == CRT_FN_MEAN_V || e->index == CRT_FN_PEAK_V || e->index == CRT_FN_PEAKS ||
            e->index == CRT_FN_ISN_TEST) {
            e->probe = probe_of(l, e->set[0], at);
            for (int w = 0; w < (e->index == CRT_FN_ISN_TEST ? 2 : 1); w++)
                e->pwin[w] = probe_window(l, e->probe, e->win[w]);
        }
        if (e->index >= 0)
            return e;
        break;
    }
    default:
        break;
    }
    unsupported(l, n, "this expression in a measure");
    return expr_new(l, CRT_OP_CONST, 0);
}

static struct crt_expr *analysis_expr(struct ln *l, struct ast *n)
{
    struct crt_expr *e = analysis_raw(l, n);
    if (n->scale == 1.0)
        return e;
    struct crt_expr *k = expr_new(l, CRT_OP_CONST, 0), *mul = expr_new(l, CRT_OP_MUL, 2);
    k->value = n->scale;
    mul->args[0] = e;
    mul->args[1] = k;
    return mul;
}

/* "file:line: source text" of a node, for messages about expectations. */
static const char *where_text(struct ln *l, struct ast *n)
{
    const struct srcfile *f = diag_file(l->s->diag, n->loc.file);
    unsigned line, col;
    diag_line_col(l->s->diag, n->loc.file, n->loc.start, &line, &col);
    if (!f)
        return "?";
    return arena_printf(l->a, "%s:%u: %.*s", f->path, line, (int)(n->loc.end - n->loc.start),
                        f->text + n->loc.start);
}

static void lower_analysis(struct ln *l)
{
    struct crt_model *m = l->m;
    struct ast *prog = l->s->main;
    for (unsigned i = 0; i < prog->nkids; i++) {
        m->nmeasures += prog->kids[i]->kind == AST_MEASURE;
        m->nexpects += prog->kids[i]->kind == AST_EXPECT;
    }
    m->measures = arena_alloc(l->a, ((size_t)m->nmeasures + 1) * sizeof *m->measures);
    m->expects = arena_alloc(l->a, ((size_t)m->nexpects + 1) * sizeof *m->expects);
    int k = 0;
    for (unsigned i = 0; i < prog->nkids; i++)      /* names first: measures refer to each other */
        if (prog->kids[i]->kind == AST_MEASURE)
            m->measures[k++].name = prog->kids[i]->str;
    k = 0;
    int x = 0;
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *it = prog->kids[i];
        if (it->kind == AST_MEASURE) {
            struct crt_measure *ms = &m->measures[k++];
            ms->experiment = ast_kid(it, 0) ? experiment_index(l, it->kids[0]->sym) : -1;
            ms->expr = analysis_expr(l, it->kids[1]);
            /* in the unit sema keeps it in (its expression's root converts to it) */
            ms->unit = it->sym && sema_measure_is_number(it->sym) && it->sym->kept_unit
                     ? it->sym->kept_unit : "";
        } else if (it->kind == AST_EXPECT) {
            struct crt_expect *ex = &m->expects[x++];
            ex->experiment = ast_kid(it, 0) ? experiment_index(l, it->kids[0]->sym) : -1;
            ex->expr = analysis_expr(l, it->kids[1]);
            ex->text = where_text(l, it->kids[1]);
        }
    }
}

static void lower_figures(struct ln *l)
{
    struct crt_model *m = l->m;
    struct ast *prog = l->s->main;
    for (unsigned i = 0; i < prog->nkids; i++)
        m->nfigures += prog->kids[i]->kind == AST_FIGURE;
    m->figures = arena_alloc(l->a, ((size_t)m->nfigures + 1) * sizeof *m->figures);
    int k = 0;
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *it = prog->kids[i];
        if (it->kind != AST_FIGURE)
            continue;
        struct crt_figure *f = &m->figures[k++];
        struct ast *props = ast_kid(it, 1);
        f->name = it->str;
        f->kind = it->kids[0]->str;
        struct ast *title = ast_find_prop(props, "title");
        f->title = title && title->kids[0]->kind == AST_STR ? title->kids[0]->str : it->str;
        f->bin = const_prop(l, props, "bin", 0);
        f->max_freq = const_prop(l, props, "max_freq", 0);
        struct ast *order = ast_find_prop(props, "order");
        const char *axis = order && order->kids[0]->kind == AST_NAME ? order->kids[0]->str : "gid";
        f->order = !strcmp(axis, "x") ? CRT_ORDER_X : !strcmp(axis, "y") ? CRT_ORDER_Y
                 : !strcmp(axis, "z") ? CRT_ORDER_Z : CRT_ORDER_GID;
        struct ast *ex = ast_find_prop(props, "experiments");
        struct ast *pops = ast_find_prop(props, "populations");
        struct ast *wins = ast_find_prop(props, "windows");
        unsigned ne = ex ? ex->kids[0]->nkids : (unsigned)m->nexperiments;
        f->experiments = arena_alloc(l->a, (ne + 1) * sizeof *f->experiments);
        for (unsigned j = 0; j < ne; j++) {
            int x = ex ? experiment_index(l, ex->kids[0]->kids[j]->sym) : (int)j;
            if (x >= 0)
                f->experiments[f->nexperiments++] = x;
        }
        /* populations: as listed, or every population */
        unsigned np = pops ? pops->kids[0]->nkids : (unsigned)m->npops;
        f->sets = arena_alloc(l->a, (np + 1) * sizeof *f->sets);
        f->set_names = arena_alloc(l->a, (np + 1) * sizeof *f->set_names);
        for (unsigned j = 0; j < np; j++) {
            if (pops) {
                struct ast *a = pops->kids[0]->kids[j];
                f->set_names[f->nsets] = a->kind == AST_ALL ? "all" : a->str;
                f->sets[f->nsets++] = analysis_set(l, a);
            } else {
                struct sym *sym = sema_lookup(l->s->global, arena_intern(l->a, m->pops[j].name,
                                                                       strlen(m->pops[j].name)));
                struct ast tmp = {.kind = AST_NAME, .str = m->pops[j].name, .sym = sym};
                f->set_names[f->nsets] = m->pops[j].name;
                f->sets[f->nsets++] = analysis_set(l, &tmp);
            }
        }
        unsigned nw = wins ? wins->kids[0]->nkids : 0;
        f->window_names = arena_alloc(l->a, (nw + 1) * sizeof *f->window_names);
        f->windows = arena_alloc(l->a, (2 * nw + 2) * sizeof *f->windows);
        for (unsigned j = 0; j < nw; j++) {
            struct ast *w = wins->kids[0]->kids[j];
            f->window_names[f->nwindows] = w->str;
            window_of(l, w, &f->windows[2 * f->nwindows]);
            f->nwindows++;
        }
    }
}

/* A population given by density: NetPyNE's count for a cuboid, int(density
 * (cells/mm^3) * volume (mm^3)), the volume that of the network scaled by
 * each normalized range, in NetPyNE's order of operations.  The density
 * (converted to mm^-3 by the checker) is rounded to 15 significant digits,
 * so that one written in another unit counts as its decimal value. */
static int count_from_density(struct ln *l, const struct sym *pop, const struct crt_pop *p)
{
    struct ast *d = ast_find_prop(ast_kid(pop->decl, 1), "density");
    double per_mm3 = const_prop(l, ast_kid(pop->decl, 1), "density", 0);
    char text[40];
    snprintf(text, sizeof text, "%.15g", per_mm3);
    per_mm3 = strtod(text, NULL);
    double volume = p->size[1] / 1e3 * p->size[0] / 1e3 * p->size[2] / 1e3;
    for (int a = 0; a < 3; a++)
        volume = volume * (p->norm_hi[a] - p->norm_lo[a]);
    double n = floor(per_mm3 * volume);
    if (!(n >= 1) || n > 1e7) {
        diag_error(l->s->diag, d->loc, "population '%s' would have %.0f cells: a density of "
                   "%g mm^-3 in %g mm^3", pop->name, n, per_mm3, volume);
        l->ok = false;
        return 0;
    }
    return (int)n;
}

/* Does point mechanism `mech` read diam, NEURON's diameter of the segment it
 * sits in (crt_set.diam)?  lower_model has refused it at the ends of sections
 * for rules and stimuli; a circuit's edges have their own positions. */
static bool reads_diam(struct ln *l, int mech)
{
    return mech >= 0 && l->ir->mechs[mech].kind == IRK_POINT &&
           ir_builtin_var(&l->ir->mechs[mech], IRB_DIAM) >= 0;
}

/* Cell types: what the runtime needs of each (nodes' areas and diameters,
 * the spike site, the density parameters kept as run-time values). */
static void lower_celltypes(struct ln *l)
{
    struct crt_model *m = l->m;
    const struct ir_model *ir = l->ir;
    const struct cg_layout *layout = l->layout;
    m->ntypes = (int)ir->ntypes;
    m->types = arena_alloc(l->a, ((size_t)m->ntypes + 1) * sizeof *m->types);
    for (int t = 0; t < m->ntypes; t++) {
        const struct ir_celltype *ct = &ir->types[t];
        struct crt_celltype *c = &m->types[t];
        c->name = ct->name;
        c->nnodes = (int)ct->nnodes;
        c->nslots = (int)layout->types[t].nslots;
        c->spike_node = ct->spike_node;
        c->threshold = ct->threshold;
        c->spike_mech = ct->spike_mech;     /* crt_model's mechanisms are the IR's */
        c->area = arena_alloc(l->a, (ct->nnodes + 1) * sizeof *c->area);
        c->diam = arena_alloc(l->a, (ct->nnodes + 1) * sizeof *c->diam);
        for (unsigned k = 0; k < ct->nnodes; k++) {
            const struct ir_node *nd = &ct->nodes[k];
            c->area[k] = nd->area;
            c->diam[k] = nd->seg >= 0 ? ct->sections[nd->section].seg_diam[nd->seg] : NAN;
        }
        c->nparams = (int)layout->types[t].nrparams;
        c->param_mech = arena_alloc(l->a, ((size_t)c->nparams + 1) * sizeof *c->param_mech);
        c->param_name = arena_alloc(l->a, ((size_t)c->nparams + 1) * sizeof *c->param_name);
        c->param_base = arena_alloc(l->a, ((size_t)c->nparams + 1) * sizeof *c->param_base);
        for (int k = 0; k < c->nparams; k++) {
            const struct cg_rparam *rp = &layout->types[t].rparams[k];
            c->param_mech[k] = rp->mech;
            c->param_name[k] = ir->mechs[rp->mech].vars[rp->var].name;
            c->param_base[k] = rp->base;
        }
        for (unsigned s = 0; s < ct->nsections; s++)
            for (unsigned k = 0; k < ct->sections[s].ninserts; k++)
                if (ir->mechs[ct->sections[s].inserts[k].mech].runge)
                    c->runge_instances += ct->sections[s].nseg;
    }
}

/* What the runtime must know of each mechanism's code: does it draw random
 * numbers (streams), send events, read diam, and may its instances be summed? */
static void mechanism_traits(struct ln *l)
{
    const struct ir_model *ir = l->ir;
    for (int i = 0; i < l->m->nmechs; i++) {
        bool uses = false, sends = false, moves = false;
        const struct ir_block *blocks[5] = {&ir->mechs[i].initial, &ir->mechs[i].receive,
                                            &ir->mechs[i].derivative, &ir->mechs[i].breakpoint,
                                            &ir->mechs[i].receive_init};
        for (int b = 0; b < 5; b++) {
            mark_random(blocks[b], &uses);
            mark_sends(blocks[b], &sends);
            mark_moves(blocks[b], &moves);
        }
        for (unsigned f = 0; f < ir->mechs[i].nfuncs; f++) {
            mark_random(&ir->mechs[i].funcs[f].body, &uses);
            mark_sends(&ir->mechs[i].funcs[f].body, &sends);
            mark_moves(&ir->mechs[i].funcs[f].body, &moves);
        }
        l->m->mechs[i].moves_events = moves;
        l->m->mechs[i].nwatch = (int)ir->mechs[i].nwatches;
        l->m->mechs[i].uses_random = uses;
        l->m->mechs[i].sends_events = sends;
        l->m->mechs[i].nargs = (int)ir->mechs[i].nreceive_args;
        l->m->mechs[i].has_net_init = ir->mechs[i].receive_init.n > 0;
        l->m->mechs[i].for_conns = ir->mechs[i].for_conns;
        l->m->mechs[i].reads_diam = reads_diam(l, i);
        l->m->mechs[i].reads_area = ir->mechs[i].kind == IRK_POINT &&
                                    ir_builtin_var(&ir->mechs[i], IRB_AREA) >= 0;
        /* per-connection state: connections onto one lumped instance would
         * still need their own, and lumping is kept to the plainly linear */
        l->m->mechs[i].superposable = !uses && !sends && !ir->mechs[i].nreceive_args &&
                                      !ir->mechs[i].for_conns &&
                                      lower_superposable(&ir->mechs[i]);
    }
}

/* A circuit's per-node dynamics_params: an artificial cell's parameters,
 * cell by cell; a cell type's are not per cell (a warning says so). */
static void node_params(struct ln *l, const struct sonata_pop *sp, struct crt_pop *p)
{
    if (sp->nparams == 0)
        return;
    if (p->art < 0) {
        diag_warning(l->s->diag, sp->map->loc, "the nodes' dynamics_params (%s%s) are not "
                     "applied: cell type '%s' has its parameters per type, not per cell",
                     sp->param_name[0], sp->nparams > 1 ? ", ..." : "", sp->map->kids[1]->str);
        return;
    }
    const struct ir_mech *im = &l->ir->mechs[p->art];
    int nslots = l->m->mechs[p->art].nslots;
    p->cell_params = arena_alloc(l->a, ((size_t)p->count * (size_t)nslots + 1) * sizeof(double));
    for (long k = 0; k < (long)p->count * nslots; k++)
        p->cell_params[k] = NAN;
    for (int j = 0; j < sp->nparams; j++) {
        int slot = -1;
        for (unsigned v = 0; v < im->nvars && slot < 0; v++)
            if (im->vars[v].kind == IRV_PARAM && strcmp(im->vars[v].name, sp->param_name[j]) == 0)
                slot = im->vars[v].slot;
        if (slot < 0) {
            diag_error(l->s->diag, sp->map->loc, "the nodes' dynamics_params '%s' is not a "
                       "parameter of '%s'", sp->param_name[j], im->name);
            l->ok = false;
            return;
        }
        for (int i = 0; i < p->count; i++)
            p->cell_params[(long)i * nslots + slot] = sp->param_value[i * sp->nparams + j];
    }
}

/* One population: its cell type, count (or density) and placement box:
 * an absolute range, a normalized one, or the whole volume. */
static void lower_population(struct ln *l, struct sym *sym, struct crt_pop *p, int first_gid)
{
    struct ast *props = ast_kid(sym->decl, 1);
    p->name = sym->name;
    p->type = type_index(l, sym->decl->kids[0]->str);
    p->art = -1;
    if (sema_pop_art(l->s, sym)) {     /* artificial cells: their parameters */
        p->art = lower_mech_index(l->ir, sym->decl->kids[0]->str);
        p->art_params = instance_kind(l, p->art, props, NULL).params;
        p->type = -1;
    }
    p->count = (int)const_prop(l, props, "count", 0);
    p->first_gid = first_gid;
    static const char *const axis[3] = {"x", "y", "z"}, *const norm[3] = {"xnorm", "ynorm", "znorm"};
    static const char *const size[3] = {"size_x", "size_y", "size_z"};
    for (int a = 0; a < 3; a++) {
        double extent = const_prop(l, l->s->network, size[a], 100);
        struct ast *r = ast_find_prop(props, axis[a]), *rn = ast_find_prop(props, norm[a]);
        double lo = 0, hi = 1;
        if ((r || rn) && (r ? r : rn)->kids[0]->kind == AST_RANGE) {
            struct ast *range = (r ? r : rn)->kids[0];
            sema_const_value(range->kids[0], &lo);
            sema_const_value(range->kids[1], &hi);
        }
        p->lo[a] = r ? lo : lo * extent;
        p->hi[a] = r ? hi : hi * extent;
        p->size[a] = extent;
        /* NetPyNE turns an absolute range into a normalized one: point / size */
        p->norm_lo[a] = r ? lo / extent : lo;
        p->norm_hi[a] = r ? hi / extent : hi;
    }
    if (ast_find_prop(props, "density"))
        p->count = count_from_density(l, sym, p);
    /* read from a circuit: its positions, where the nodes have them */
    for (int pi = 0; sym->decl->read_index >= 0 && pi < l->s->nprograms; pi++)
        for (unsigned i = 0; i < l->s->programs[pi]->nkids; i++) {
            const struct ast *it = l->s->programs[pi]->kids[i];
            const struct sonata_circuit *c = it->kind == AST_NETWORK_FROM ? it->read : NULL;
            if (c && sym->decl->read_index < c->npops &&
                strcmp(c->pops[sym->decl->read_index].name, sym->name) == 0) {
                p->pos = c->pops[sym->decl->read_index].pos;
                p->train_start = c->pops[sym->decl->read_index].train_start;
                p->train_t = c->pops[sym->decl->read_index].train_t;
                node_params(l, &c->pops[sym->decl->read_index], p);
            }
        }
}

/* Populations in declaration order; gids are numbered through them. */
static void lower_populations(struct ln *l)
{
    struct crt_model *m = l->m;
    struct scope *g = l->s->global;
    for (unsigned i = 0; i < g->n; i++)
        m->npops += g->syms[i]->kind == SYM_POPULATION;
    m->pops = arena_alloc(l->a, ((size_t)m->npops + 1) * sizeof *m->pops);
    int np = 0, gid = 0;
    for (unsigned i = 0; i < g->n; i++)
        if (g->syms[i]->kind == SYM_POPULATION) {
            struct crt_pop *p = &m->pops[np++];
            lower_population(l, g->syms[i], p, gid);
            gid += p->count;
        }
    m->ncells = gid;
}

/* The sorted distinct gids of n cells, and each cell's index among them. */
static struct crt_gids distinct(struct ln *l, const int *gid, long n, int *index)
{
    char *in = arena_alloc(l->a, (size_t)l->m->ncells + 1);
    for (long k = 0; k < n; k++)
        in[gid[k]] = 1;
    struct crt_gids g = {0};
    for (int i = 0; i < l->m->ncells; i++)
        g.n += in[i];
    g.gid = arena_alloc(l->a, ((size_t)g.n + 1) * sizeof *g.gid);
    g.n = 0;
    for (int i = 0; i < l->m->ncells; i++)
        if (in[i])
            g.gid[g.n++] = i;
    for (long k = 0; k < n; k++)
        index[k] = crt_gids_index(&g, gid[k]);
    return g;
}

/* Pair j of rule r: edge k of the run (target cell type t, -1: artificial). */
static bool edge_pair(struct ln *l, const struct ast *from, const struct sonata_circuit *c,
                      const struct sonata_run *run, struct crt_rule *r, long k, long j, int t,
                      const int *pre_ix, const int *post_ix, const int *post)
{
    r->pairs[2 * j] = pre_ix[k];
    r->pairs[2 * j + 1] = post_ix[k];
    r->pair_weight[j] = t < 0 ? run->weight[k] * run->nsyns[k] : run->weight[k];
    r->pair_delay[j] = run->delay[k];
    const struct ir_celltype *ct = t >= 0 ? &l->ir->types[t] : NULL;
    r->pair_section[j] = run->section[k] >= 0 ? run->section[k]
                         : t >= 0 ? r->afferent_section[t] : -1;
    r->pair_x[j] = run->section[k] >= 0 ? run->x[k] : r->afferent_x;
    if (!ct) {
        r->pair_node[j] = -1;   /* an artificial cell takes the event itself */
    } else if (run->section[k] < 0) {
        r->pair_node[j] = r->node[t];
    } else if ((unsigned)run->section[k] >= ct->nsections) {
        diag_error(l->s->diag, from->nloc, "an edge onto cell %d of '%s' has "
                   "afferent_section_id %d, and cell type '%s' has %u section%s", post[k],
                   c->pops[run->post_pop[k]].name, run->section[k], ct->name, ct->nsections,
                   ct->nsections == 1 ? "" : "s");
        l->ok = false;
        return false;
    } else {
        r->pair_node[j] = ir_location_node(ct, run->section[k], run->x[k]);
    }
    int sec = r->pair_section[j] >= 0 ? r->pair_section[j] : 0;
    const char *why = ct && reads_diam(l, r->syn.mech)
                      ? lower_pp_no_diam(&ct->sections[sec], r->pair_x[j]) : NULL;
    if (why) {
        diag_error(l->s->diag, from->nloc, "'%s' reads diam, and an edge onto cell %d of '%s' "
                   "puts it at %s(%g) of cell type '%s', %s", l->ir->mechs[r->syn.mech].name,
                   post[k], c->pops[run->post_pop[k]].name, ct->sections[sec].name, r->pair_x[j],
                   ct->name, why);
        l->ok = false;
        return false;
    }
    return true;
}

/* A run of a circuit's edges through one `map edge type` line: an explicit
 * list, each pair with its weight, delay and node (its afferent section
 * and position in the target's cell type, or the line's location).  An
 * edge's nsyns is what BMTK makes of it: onto an artificial cell one
 * connection of nsyns times the weight; onto a cell without an afferent
 * site nsyns connections (BMTK places them at random segments, circ at the
 * line's location), with one, a single connection. */
static void lower_edge_run(struct ln *l, const struct ast *from, const struct sonata_circuit *c,
                           const struct sonata_run *run, struct crt_rule *r)
{
    long n = run->n;
    int *first = arena_alloc(l->a, ((size_t)c->npops + 1) * sizeof *first);
    int *type = arena_alloc(l->a, ((size_t)c->npops + 1) * sizeof *type);
    for (int p = 0; p < c->npops; p++) {
        const struct crt_pop *cp = &l->m->pops[pop_index(l, c->pops[p].name)];
        first[p] = cp->first_gid;
        type[p] = cp->type;
    }
    int *pre = arena_alloc(l->a, ((size_t)n + 1) * sizeof *pre);
    int *post = arena_alloc(l->a, ((size_t)n + 1) * sizeof *post);
    for (long k = 0; k < n; k++) {
        pre[k] = first[run->pre_pop[k]] + run->pre_index[k];
        post[k] = first[run->post_pop[k]] + run->post_index[k];
    }
    int *pre_ix = arena_alloc(l->a, ((size_t)n + 1) * sizeof *pre_ix);
    int *post_ix = arena_alloc(l->a, ((size_t)n + 1) * sizeof *post_ix);
    r->pre = distinct(l, pre, n, pre_ix);
    r->post = distinct(l, post, n, post_ix);
    struct ast *loc = ast_kid(run->map, 2);
    r->node = nodes_of(l, loc);
    r->afferent_x = 0.5;
    if (loc && ast_kid(loc, 0))
        sema_const_value(loc->kids[0], &r->afferent_x);
    r->afferent_section = arena_alloc(l->a, (l->ir->ntypes + 1) * sizeof *r->afferent_section);
    for (unsigned t = 0; loc && t < l->ir->ntypes; t++) {
        int sec = ir_section_named(&l->ir->types[t], loc->str);
        r->afferent_section[t] = sec > 0 ? sec : 0;
    }
    r->syn = synapse_kind(l, run->map->kids[1]);
    r->kind = CRT_PAIRS;
    r->threshold = NAN;
    r->delay = 1;
    long total = 0;
    for (long k = 0; k < n; k++)
        total += type[run->post_pop[k]] < 0 || run->section[k] >= 0 ? 1 : run->nsyns[k];
    if (total > INT_MAX - 1) {
        diag_error(l->s->diag, from->nloc, "the circuit's edges stand for more than %d "
                   "connections (nsyns)", INT_MAX - 1);
        l->ok = false;
        return;
    }
    r->npairs = (int)total;
    r->pairs = arena_alloc(l->a, (2 * (size_t)total + 1) * sizeof *r->pairs);
    r->pair_weight = arena_alloc(l->a, ((size_t)total + 1) * sizeof *r->pair_weight);
    r->pair_delay = arena_alloc(l->a, ((size_t)total + 1) * sizeof *r->pair_delay);
    r->pair_node = arena_alloc(l->a, ((size_t)total + 1) * sizeof *r->pair_node);
    r->pair_section = arena_alloc(l->a, ((size_t)total + 1) * sizeof *r->pair_section);
    r->pair_x = arena_alloc(l->a, ((size_t)total + 1) * sizeof *r->pair_x);
    for (long k = 0, j = 0; k < n; k++) {
        int t = type[run->post_pop[k]];
        long reps = t < 0 || run->section[k] >= 0 ? 1 : run->nsyns[k];
        for (long rep = 0; rep < reps; rep++, j++)
            if (!edge_pair(l, from, c, run, r, k, j, t, pre_ix, post_ix, post))
                return;
    }
}


/* Connection rules, in source order over every loaded file: a `connect`,
 * or a circuit's edges (a rule per run of them). */
static void lower_rules(struct ln *l)
{
    struct crt_model *m = l->m;
    struct sema *s = l->s;
    for (int pi = 0; pi < s->nprograms; pi++)
        for (unsigned i = 0; i < s->programs[pi]->nkids; i++) {
            const struct ast *it = s->programs[pi]->kids[i];
            m->nrules += it->kind == AST_CONNECT ? 1
                         : it->kind == AST_NETWORK_FROM && it->read ? it->read->nruns : 0;
        }
    m->rules = arena_alloc(l->a, ((size_t)m->nrules + 1) * sizeof *m->rules);
    int nr = 0;
    for (int pi = 0; pi < s->nprograms; pi++)
        for (unsigned i = 0; i < s->programs[pi]->nkids; i++) {
            struct ast *it = s->programs[pi]->kids[i];
            if (it->kind == AST_CONNECT)
                lower_rule(l, it, &m->rules[nr++]);
            for (int k = 0; it->kind == AST_NETWORK_FROM && it->read && k < it->read->nruns; k++)
                lower_edge_run(l, it, it->read, &it->read->runs[k], &m->rules[nr++]);
        }
}

/* Experiments; none declared: one run of the base protocol. */
static void lower_experiments(struct ln *l)
{
    struct crt_model *m = l->m;
    struct scope *g = l->s->global;
    for (unsigned i = 0; i < g->n; i++)
        m->nexperiments += g->syms[i]->kind == SYM_EXPERIMENT;
    m->experiments = arena_alloc(l->a, ((size_t)m->nexperiments + 2) * sizeof *m->experiments);
    if (m->nexperiments == 0) {
        m->nexperiments = 1;
        lower_experiment(l, NULL, &m->experiments[0], NULL, 0);
        return;
    }
    int ne = 0;
    for (unsigned i = 0; i < g->n; i++)
        if (g->syms[i]->kind == SYM_EXPERIMENT)
            lower_experiment(l, g->syms[i]->decl, &m->experiments[ne++], NULL, 0);
}

static const char *path_text(struct ln *l, const struct ast *p)
{
    if (p->kind != AST_MEMBER)
        return p->str;
    const char *base = path_text(l, p->kids[0]);
    size_t n = strlen(base) + strlen(p->str) + 2;
    char *t = arena_alloc(l->a, n);
    snprintf(t, n, "%s.%s", base, p->str);
    return t;
}

/* Each sweep's points, as experiments after the declared ones (figures
 * and measures `in` an experiment name only those): point p sets line v
 * to its value number (p / (product of the later lines' counts)) % count. */
static void lower_sweeps(struct ln *l)
{
    struct crt_model *m = l->m;
    const struct sema *s = l->s;
    size_t total = (size_t)m->nexperiments;
    for (unsigned i = 0; i < s->nsweeps; i++)
        total += s->sweeps[i].npoints;
    m->experiments = arena_realloc(l->a, m->experiments,
                                   ((size_t)m->nexperiments + 2) * sizeof *m->experiments,
                                   (total + 2) * sizeof *m->experiments);
    m->nsweeps = (int)s->nsweeps;
    m->sweeps = arena_alloc(l->a, (s->nsweeps + 1) * sizeof *m->sweeps);
    for (unsigned i = 0; i < s->nsweeps; i++) {
        const struct sema_sweep *w = &s->sweeps[i];
        struct crt_sweep *cs = &m->sweeps[i];
        unsigned nv = w->nvary;
        *cs = (struct crt_sweep){.name = w->decl->str, .nvary = (int)nv,
                                 .experiment = w->experiment ? w->experiment->str : NULL,
                                 .npoints = (int)w->npoints, .first = m->nexperiments};
        cs->paths = arena_alloc(l->a, (nv + 1) * sizeof *cs->paths);
        cs->units = arena_alloc(l->a, (nv + 1) * sizeof *cs->units);
        cs->values = arena_alloc(l->a, ((size_t)w->npoints * nv + 1) * sizeof *cs->values);
        cs->counts = arena_alloc(l->a, (nv + 1) * sizeof *cs->counts);
        cs->log = arena_alloc(l->a, (nv + 1) * sizeof *cs->log);
        for (unsigned v = 0; v < nv; v++) {
            cs->paths[v] = path_text(l, w->paths[v]);
            cs->units[v] = w->units[v];
            cs->counts[v] = (int)w->counts[v];
            cs->log[v] = w->log[v];
        }
        int width = 2;      /* digits of the last point's number, at least 2 */
        for (unsigned n = w->npoints - 1; n >= 100 && width < 5; n /= 10)
            width++;
        struct ast **sets = arena_alloc(l->a, (nv + 1) * sizeof *sets);
        for (unsigned p = 0; p < w->npoints; p++) {
            unsigned rest = p;
            for (unsigned v = nv; v-- > 0;) {
                unsigned k = rest % w->counts[v];
                rest /= w->counts[v];
                sets[v] = ast_make(l->a, AST_SET, w->values[v][k]->loc, NULL, 2, w->paths[v],
                                   w->values[v][k]);
                cs->values[(size_t)p * nv + v] = w->shown[v][k];
            }
            struct crt_experiment *e = &m->experiments[m->nexperiments++];
            memset(e, 0, sizeof *e);
            lower_experiment(l, w->experiment, e, sets, nv);
            size_t len = strlen(cs->name) + 16;
            char *name = arena_alloc(l->a, len);
            snprintf(name, len, "%s/%0*u", cs->name, width, p % 100000);
            e->name = name;
            e->description = NULL;
            e->sweep = (int)i;
        }
        /* its figure: rates and measures against the values */
        m->figures = arena_realloc(l->a, m->figures, ((size_t)m->nfigures + 1) * sizeof *m->figures,
                                   ((size_t)m->nfigures + 2) * sizeof *m->figures);
        struct crt_figure *f = &m->figures[m->nfigures++];
        size_t len = strlen(cs->name) + 8;
        char *name = arena_alloc(l->a, len);
        snprintf(name, len, "sweep_%s", cs->name);
        size_t tlen = strlen(cs->name) + 64;
        char *title = arena_alloc(l->a, tlen);
        snprintf(title, tlen, "Sweep %s: rates and measures at each point", cs->name);
        *f = (struct crt_figure){.name = name, .kind = "sweep", .title = title,
                                 .order = CRT_ORDER_GID, .sweep = (int)i};
        f->experiments = arena_alloc(l->a, ((size_t)w->npoints + 1) * sizeof *f->experiments);
        for (unsigned p = 0; p < w->npoints; p++)
            f->experiments[f->nexperiments++] = cs->first + (int)p;
    }
}

/* Is mechanism `mech` (-1: none) one the code has no entry points for? */
static bool left_out(const struct crt_model *m, int mech)
{
    return mech >= 0 && mech < m->nmechs && m->mechs[mech].unused;
}

/* Every mechanism the network uses has its code (plan.c's mechanisms_used
 * saw it): otherwise the run would call a function never compiled. */
static void check_used(struct ln *l)
{
    const struct crt_model *m = l->m;
    const char *bad = NULL;
    for (int r = 0; !bad && r < m->nrules; r++)
        if (left_out(m, m->rules[r].syn.mech))
            bad = m->mechs[m->rules[r].syn.mech].name;
    for (int p = 0; !bad && p < m->npops; p++)
        if (left_out(m, m->pops[p].art))
            bad = m->mechs[m->pops[p].art].name;
    for (int e = 0; !bad && e < m->nexperiments; e++)
        for (int k = 0; !bad && k < m->experiments[e].nstims; k++) {
            const struct crt_stim *st = &m->experiments[e].stims[k];
            if (left_out(m, st->source.mech) || left_out(m, st->syn.mech))
                bad = m->mechs[left_out(m, st->source.mech) ? st->source.mech : st->syn.mech].name;
        }
    if (bad) {
        diag_error(l->s->diag, (struct loc){0}, "internal error: mechanism '%s' is used but was "
                   "compiled as unused", bad);
        l->ok = false;
    }
}

struct crt_model *lower_network(struct sema *s, const struct ir_model *ir,
                                const struct cg_layout *layout, const char *name)
{
    struct ln l = {.s = s, .ir = ir, .layout = layout, .a = s->arena, .ok = true};
    struct crt_model *m = arena_alloc(l.a, sizeof *m);
    l.m = m;
    m->name = name;
    struct ast *sim = s->simulation;
    m->tstop = const_prop(&l, sim, "duration", 5);
    m->dt = const_prop(&l, sim, "dt", SIM_DEFAULT_DT_MS);
    m->celsius = const_prop(&l, sim, "temperature", 6.3);
    m->v_init = const_prop(&l, sim, "v_init", -65);
    m->seed = (uint32_t)const_prop(&l, sim, "seed", 1);
    m->record_spikes = true;
    lower_celltypes(&l);
    lower_mechs(&l);
    mechanism_traits(&l);
    m->nglobals = (int)layout->nglobals;
    l.table_told = arena_alloc(l.a, layout->nglobals + 1);
    lower_populations(&l);
    lower_rules(&l);
    lower_experiments(&l);
    /* recordings, then the voltages measures need (probes) */
    for (unsigned i = 0; sim && i < sim->nkids; i++)
        if (sim->kids[i]->kind == AST_RECORD)
            lower_record(&l, sim->kids[i]);
    lower_analysis(&l);
    lower_figures(&l);
    lower_sweeps(&l);
    check_used(&l);
    free(l.mark);
    free(l.lists);
    return l.ok ? m : NULL;
}
