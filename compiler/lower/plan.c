/* plan.c - what code generation may fold and what it must keep as run-time
 * values, read off the checked program: its `set`s, stimuli and connections. */
#include "plan.h"

#include <string.h>

#include "lower.h"

/* Does any `set` change a mechanism global (hh.usetable)?  If not, codegen
 * may fold them. */
/* Does this `set` change a mechanism global (`global` declarations and a
 * TABLE's implicit usetable)? */
static bool sets_global(const struct ast *set)
{
    const struct ast *leaf = set->kids[0], *root = leaf;
    while (root->kind == AST_MEMBER)
        root = root->kids[0];
    return root->sym && root->sym->kind == SYM_MECH && sema_is_global(leaf->sym);
}

bool plan_globals_are_defaults(const struct sema *s)
{
    const struct ast *prog = s->main;
    for (unsigned i = 0; prog && i < prog->nkids; i++) {
        const struct ast *it = prog->kids[i];
        if (it->kind == AST_SET && sets_global(it))
            return false;
        for (unsigned j = 0; (it->kind == AST_EXPERIMENT || it->kind == AST_SWEEP) &&
                             j < it->nkids; j++)
            if (it->kids[j] && (it->kids[j]->kind == AST_SET || it->kids[j]->kind == AST_VARY) &&
                sets_global(it->kids[j]))
                return false;
    }
    return true;
}

static unsigned add_pair(struct sema *s, const char ***pairs, unsigned n, const char *mech,
                         const char *param)
{
    *pairs = arena_realloc(s->arena, *pairs, 2 * n * sizeof **pairs, 2 * (n + 1) * sizeof **pairs);
    (*pairs)[2 * n] = mech;
    (*pairs)[2 * n + 1] = param;
    return n + 1;
}

/* `record [MECH.]param`: the density parameters recorded (the mechanisms
 * that have one so named, when not qualified) are read from where the
 * kernels read them, so they stay run-time values too. */
static unsigned recorded_params(struct sema *s, const char ***pairs, unsigned n)
{
    for (unsigned i = 0; s->simulation && i < s->simulation->nkids; i++) {
        const struct ast *r = s->simulation->kids[i];
        if (r->kind != AST_RECORD)
            continue;
        const struct ast *qual = ast_kid(r, 2);
        for (unsigned k = 0; k < s->global->n; k++) {
            const struct sym *m = s->global->syms[k];
            if (m->kind != SYM_MECH || m->mech_kind != MECH_DENSITY ||
                (qual && strcmp(qual->str, m->name) != 0))
                continue;
            const struct sym *p = sema_lookup(m->members, r->str);
            if (p && p->kind == SYM_PARAM && p->decl)
                n = add_pair(s, pairs, n, m->name, r->str);
        }
    }
    return n;
}

/* The density parameters some `set MECH.param` changes, or a `record`
 * reads: they stay run-time values in the kernels (pairs of names into
 * *out, arena-allocated). */
static unsigned runtime_params(struct sema *s, const char ***out)
{
    const struct ast *prog = s->main;
    const char **pairs = NULL;
    unsigned n = 0;
    for (unsigned i = 0; prog && i < prog->nkids; i++) {
        const struct ast *it = prog->kids[i];
        bool many = it->kind == AST_EXPERIMENT || it->kind == AST_SWEEP;
        for (unsigned j = 0; j < (many ? it->nkids : 1); j++) {
            /* a `set`, an experiment's, or a sweep's `vary` (its path first too) */
            const struct ast *set = many ? it->kids[j] : it;
            if (!set || (set->kind != AST_SET && set->kind != AST_VARY))
                continue;
            const struct ast *leaf = set->kids[0], *root = leaf;
            if (leaf->kind != AST_MEMBER || leaf->kids[0]->kind != AST_NAME)
                continue;
            root = leaf->kids[0];
            if (!root->sym || root->sym->kind != SYM_MECH || !leaf->sym ||
                leaf->sym->kind != SYM_PARAM || sema_is_global(leaf->sym))
                continue;
            n = add_pair(s, &pairs, n, root->str, leaf->str);
        }
    }
    n = recorded_params(s, &pairs, n);
    *out = pairs;
    return n;
}

/* Cell types a selector can reach (marks types[]); `all` reaches every one. */
static void selector_types(const struct ir_model *ir, const struct ast *sel, bool *types, int depth);

static void sym_types(const struct ir_model *ir, const struct sym *sym, bool *types, int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        const char *cell = sym->decl->kids[0]->str;
        for (unsigned t = 0; t < ir->ntypes; t++)
            if (strcmp(ir->types[t].name, cell) == 0)
                types[t] = true;
        return;
    }
    for (unsigned i = 0; sym->kind == SYM_GROUP && i < sym->decl->nkids; i++)
        sym_types(ir, sym->decl->kids[i]->sym, types, depth + 1);
}

static void selector_types(const struct ir_model *ir, const struct ast *sel, bool *types, int depth)
{
    const struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        if (terms->kids[i]->kind == AST_ALL)
            for (unsigned t = 0; t < ir->ntypes; t++)
                types[t] = true;
        else
            sym_types(ir, terms->kids[i]->sym, types, depth);
    }
}

/* Calls visit on every statement of the model's programs, an experiment's
 * own statements in place of the experiment; stops when visit says so. */
static void each_statement(struct sema *s, bool (*visit)(const struct ast *x, void *ctx),
                           void *ctx)
{
    for (int p = 0; p < s->nprograms; p++) {
        const struct ast *prog = s->programs[p];
        for (unsigned i = 0; i < prog->nkids; i++) {
            const struct ast *it = prog->kids[i];
            for (unsigned j = 0; j < (it->kind == AST_EXPERIMENT ? it->nkids : 1); j++)
                if (!visit(it->kind == AST_EXPERIMENT ? it->kids[j] : it, ctx))
                    return;
        }
    }
}

struct placement {
    const struct ir_model *ir;
    bool *on;               /* [type * nmechs + mech] */
    bool *types;            /* scratch: the types a selector reaches */
};

static bool place_statement(const struct ast *x, void *ctx)
{
    struct placement *pl = ctx;
    const struct ir_model *ir = pl->ir;
    const struct ast *sel = NULL, *mech = NULL;
    if (x->kind == AST_CONNECT && ast_kid(x, 3) && x->kids[3]->sym) {
        sel = x->kids[1];
        mech = x->kids[3]->sym->decl->kids[0];
    } else if (x->kind == AST_STIMULUS) {
        sel = x->kids[2];
        mech = ast_kid(x, 4) && x->kids[4]->sym ? x->kids[4]->sym->decl->kids[0] : x->kids[0];
    }
    /* a circuit's edges may reach any cell type */
    bool every_type = false;
    for (unsigned k = 0; x->kind == AST_NETWORK_FROM && k < x->nkids; k++)
        if (x->kids[k]->op == 1 && x->kids[k]->kids[1]->sym) {
            int mi = lower_mech_index(ir, x->kids[k]->kids[1]->sym->decl->kids[0]->str);
            for (unsigned t = 0; mi >= 0 && t < ir->ntypes; t++)
                pl->on[(size_t)t * ir->nmechs + (size_t)mi] = true;
            every_type = true;
        }
    int mi = every_type || !sel || !mech ? -1 : lower_mech_index(ir, mech->str);
    if (mi < 0)
        return true;
    memset(pl->types, 0, ir->ntypes);
    selector_types(ir, sel, pl->types, 0);
    for (unsigned t = 0; t < ir->ntypes; t++)
        if (pl->types[t])
            pl->on[(size_t)t * ir->nmechs + (size_t)mi] = true;
    return true;
}

/* Which point mechanisms each cell type can carry: synapses of connection
 * rules and stimuli, and point-process stimuli themselves. */
static bool *point_placement(struct sema *s, const struct ir_model *ir)
{
    struct placement pl = {ir, arena_alloc(s->arena, (size_t)ir->ntypes * ir->nmechs + 1),
                           arena_alloc(s->arena, ir->ntypes + 1)};
    each_statement(s, place_statement, &pl);
    return pl.on;
}

/* Marks the mechanism NAME names (a synapse declaration's, or itself). */
static void mark_mech(const struct ir_model *ir, const struct ast *name, bool *used)
{
    const struct ast *mech = name && name->sym && name->sym->decl &&
                                     name->sym->decl->kind == AST_SYNAPSE
                                 ? name->sym->decl->kids[0] : name;
    int mi = mech ? lower_mech_index(ir, mech->str) : -1;
    if (mi >= 0)
        used[mi] = true;
}

struct usage {
    const struct ir_model *ir;
    bool *used;             /* [mech] */
};

static bool use_statement(const struct ast *x, void *ctx)
{
    struct usage *u = ctx;
    if (x->kind == AST_NETWORK_FROM) {
        memset(u->used, 1, u->ir->nmechs);
        return false;
    }
    if (x->kind == AST_CONNECT) {
        mark_mech(u->ir, ast_kid(x, 3), u->used);
    } else if (x->kind == AST_STIMULUS) {
        mark_mech(u->ir, ast_kid(x, 0), u->used);
        mark_mech(u->ir, ast_kid(x, 4), u->used);
    } else if (x->kind == AST_POPULATION) {
        mark_mech(u->ir, ast_kid(x, 0), u->used);
    }
    return true;
}

/* Which point and artificial mechanisms the model uses: the synapses of
 * connection rules and stimuli, stimuli's sources, artificial cells'
 * populations; a SONATA circuit (`network from`) may use any. */
static bool *mechanisms_used(struct sema *s, const struct ir_model *ir)
{
    struct usage u = {ir, arena_alloc(s->arena, ir->nmechs + 1)};
    each_statement(s, use_statement, &u);
    return u.used;
}

void plan_options(struct sema *s, const struct ir_model *ir, struct cg_options *opt)
{
    opt->fold_globals = plan_globals_are_defaults(s);
    const char **rp;
    opt->nruntime_params = runtime_params(s, &rp);
    opt->runtime_params = rp;
    opt->pp_on_type = point_placement(s, ir);
    opt->mech_used = mechanisms_used(s, ir);
}
