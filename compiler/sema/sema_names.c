/* sema_names.c - pass 3: declarations, scopes and structural name resolution.
 *
 * Declares every top-level definition in one global namespace (mechanisms,
 * cells, populations, groups, synapses, stimuli, experiments, windows,
 * measures, figures) and every mechanism and cell member in its own scope,
 * then resolves the names that sit in fixed places: a population's cell
 * type, group members, selectors, `via`, `insert`, `attach`, `in`,
 * `remove`.  Names inside expressions are resolved by sema_units.c.
 */
#include "sema_int.h"

#include <string.h>

static const char *const kind_names[SYM_KIND_COUNT] = {
    [SYM_MECH] = "mechanism", [SYM_CELL] = "cell type", [SYM_POPULATION] = "population",
    [SYM_GROUP] = "group", [SYM_SYNAPSE] = "synapse", [SYM_STIMULUS] = "stimulus",
    [SYM_EXPERIMENT] = "experiment", [SYM_SWEEP] = "sweep", [SYM_FIT] = "fit", [SYM_WINDOW] = "window", [SYM_MEASURE] = "measure",
    [SYM_FIGURE] = "figure", [SYM_MODEL_PARAM] = "model parameter",
    [SYM_SECTION] = "section", [SYM_SECLIST] = "section list",
    [SYM_PARAM] = "parameter", [SYM_STATE] = "state", [SYM_ASSIGNED] = "assigned variable",
    [SYM_CONSTANT] = "constant", [SYM_FUNCTION] = "function", [SYM_PROCEDURE] = "procedure",
    [SYM_SETTER] = "setter", [SYM_ARG] = "argument", [SYM_LOCAL] = "local variable",
    [SYM_VALUE] = "value",
    [SYM_BUILTIN_VAR] = "built-in variable", [SYM_BUILTIN_FUNC] = "built-in function",
    [SYM_ION] = "ion variable",
};

const char *sema_kind_name(enum sym_kind kind)
{
    return kind < SYM_KIND_COUNT ? kind_names[kind] : "name";
}

struct scope *sema_scope_new(struct sema *s, struct scope *parent)
{
    struct scope *sc = arena_alloc(s->arena, sizeof *sc);
    sc->parent = parent;
    return sc;
}

struct sym *sema_lookup_local(const struct scope *sc, const char *name)
{
    for (unsigned i = 0; sc && i < sc->n; i++)
        if (sc->syms[i]->name == name)  /* interned */
            return sc->syms[i];
    return NULL;
}

const char *sema_a_kind(enum sym_kind kind)
{
    static const char *const with_article[SYM_KIND_COUNT] = {
        [SYM_MECH] = "a mechanism", [SYM_CELL] = "a cell type", [SYM_POPULATION] = "a population",
        [SYM_GROUP] = "a group", [SYM_SYNAPSE] = "a synapse", [SYM_STIMULUS] = "a stimulus",
        [SYM_EXPERIMENT] = "an experiment", [SYM_SWEEP] = "a sweep", [SYM_FIT] = "a fit", [SYM_WINDOW] = "a window", [SYM_MEASURE] = "a measure",
        [SYM_FIGURE] = "a figure", [SYM_MODEL_PARAM] = "a model parameter",
        [SYM_SECTION] = "a section", [SYM_SECLIST] = "a section list",
        [SYM_PARAM] = "a parameter", [SYM_STATE] = "a state",
        [SYM_ASSIGNED] = "an assigned variable", [SYM_CONSTANT] = "a constant",
        [SYM_FUNCTION] = "a function", [SYM_PROCEDURE] = "a procedure", [SYM_SETTER] = "a setter",
        [SYM_ARG] = "an argument", [SYM_LOCAL] = "a local variable", [SYM_VALUE] = "a value",
        [SYM_BUILTIN_VAR] = "a built-in variable", [SYM_BUILTIN_FUNC] = "a built-in function",
        [SYM_ION] = "an ion variable",
    };
    return kind < SYM_KIND_COUNT ? with_article[kind] : "a name";
}

struct sym *sema_lookup(const struct scope *sc, const char *name)
{
    for (; sc; sc = sc->parent) {
        struct sym *sym = sema_lookup_local(sc, name);
        if (sym)
            return sym;
    }
    return NULL;
}

bool sema_is_stdlib_file(const struct sema *s, int file)
{
    for (int i = 0; i < s->nprograms; i++)
        if (s->programs[i]->loc.file == file)
            return s->is_stdlib[i];
    return false;
}

struct sym *sema_declare(struct sema *s, struct scope *sc, enum sym_kind kind,
                         const char *name, struct ast *decl)
{
    struct sym *prev = sema_lookup(sc, name);
    if (prev && prev->decl) {
        struct loc at = decl ? ast_name_loc(decl) : LOC_NONE;
        if (sema_lookup_local(sc, name) == prev || prev->kind < SYM_SECTION) {
            diag_error(s->diag, at, "%s '%s' is already defined", sema_kind_name(kind), name);
            diag_note(s->diag, ast_name_loc(prev->decl), "previous definition of '%s' is here", name);
            return NULL;
        }
    }
    struct sym *sym = arena_alloc(s->arena, sizeof *sym);
    sym->kind = kind;
    sym->name = name;
    sym->decl = decl;
    sym->from_stdlib = decl && sema_is_stdlib_file(s, decl->loc.file);
    if (sc->n == sc->cap) {
        unsigned cap = sc->cap ? sc->cap * 2 : 8;
        sc->syms = arena_realloc(s->arena, sc->syms, sc->cap * sizeof *sc->syms, cap * sizeof *sc->syms);
        sc->cap = cap;
    }
    sc->syms[sc->n++] = sym;
    if (decl)
        decl->sym = sym;
    return sym;
}

const char *sema_suggest(const char *name, const struct scope *sc, unsigned kind_mask)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    /* very short names are close to everything: only suggest case fixes */
    size_t limit = strlen(name) < 3 ? 0 : strlen(name) <= 3 ? 1 : strlen(name) <= 6 ? 2 : 3;
    for (const struct scope *p = sc; p; p = p->parent)
        for (unsigned i = 0; i < p->n; i++) {
            const struct sym *cand = p->syms[i];
            if (!(kind_mask & KIND_BIT(cand->kind)))
                continue;
            size_t d = diag_edit_distance(name, cand->name);
            if (d <= limit && d < best_d) {
                best_d = d;
                best = cand->name;
            }
        }
    return best;
}

void sema_unknown(struct sema *s, struct loc loc, const char *what, const char *name,
                  const struct scope *sc, unsigned kind_mask)
{
    const char *best = sema_suggest(name, sc, kind_mask);
    if (best)
        diag_error(s->diag, loc, "unknown %s '%s'; did you mean '%s'?", what, name, best);
    else
        diag_error(s->diag, loc, "unknown %s '%s'", what, name);
}

struct sym *sema_resolve(struct sema *s, struct ast *n, unsigned kind_mask, const char *what)
{
    struct sym *sym = sema_lookup(s->global, n->str);
    if (!sym) {
        sema_unknown(s, n->loc, what, n->str, s->global, kind_mask);
        return NULL;
    }
    if (!(kind_mask & KIND_BIT(sym->kind))) {
        diag_error(s->diag, n->loc, "'%s' is %s, not a %s", n->str,
                   sema_a_kind(sym->kind), what);
        if (sym->decl)
            diag_note(s->diag, ast_name_loc(sym->decl), "'%s' is defined here", n->str);
        return NULL;
    }
    sym->uses++;
    n->sym = sym;
    return sym;
}

/* ---- declarations ---------------------------------------------------------- */

static void declare_mechanism(struct sema *s, struct ast *m)
{
    struct sym *mech = sema_declare(s, s->global, SYM_MECH, m->str, m);
    if (!mech)
        return;
    mech->mech_kind = m->op;
    mech->members = sema_scope_new(s, NULL);  /* mechanisms see only members and builtins */
    static const enum sym_kind kinds[AST_KIND_COUNT] = {
        [AST_PARAM] = SYM_PARAM, [AST_STATE] = SYM_STATE, [AST_ASSIGNED] = SYM_ASSIGNED,
        [AST_CONSTANT] = SYM_CONSTANT, [AST_FUNCTION] = SYM_FUNCTION,
        [AST_PROCEDURE] = SYM_PROCEDURE, [AST_SETTER] = SYM_SETTER, [AST_VALUE] = SYM_VALUE,
    };
    bool has_initial = false, has_derivative = false, has_kinetic = false, has_receive = false,
         has_breakpoint = false;
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *it = m->kids[i];
        switch (it->kind) {
        case AST_PARAM: case AST_STATE: case AST_ASSIGNED: case AST_CONSTANT:
        case AST_FUNCTION: case AST_PROCEDURE: case AST_SETTER: case AST_VALUE: {
            struct sym *b = sema_lookup_local(s->builtins, it->str);
            if (b && (sema_builtins[b->builtin].where & CTXB_ALL_MECH) &&
                !sema_builtin_shadowable(b->name)) {
                diag_error(s->diag, it->loc, "'%s' is a built-in name and cannot be redefined",
                           it->str);
                break;
            }
            struct sym *sym = sema_declare(s, mech->members, kinds[it->kind], it->str, it);
            if (sym)
                sym->owner = mech;
            if (sym && ast_table_of(it) &&
                !sema_lookup_local(mech->members, arena_intern(s->arena, "usetable", 8))) {
                /* a TABLE gives the mechanism NEURON's usetable_<mech> switch */
                struct sym *u = sema_declare(s, mech->members, SYM_PARAM,
                                             arena_intern(s->arena, "usetable", 8), NULL);
                u->owner = mech;
                u->unit = (struct units_val){UNITS_NONE, 1};
                u->has_unit = true;
                u->from_stdlib = mech->from_stdlib;
            }
            break;
        }
        case AST_LINEAR:
        case AST_NONLINEAR:
            if (ast_system_of(m, it->str) != it)    /* the first of that name is solved */
                diag_error(s->diag, ast_name_loc(it), "mechanism '%s' has two linear or "
                           "nonlinear blocks named '%s'", m->str, it->str);
            break;
        case AST_BREAKPOINT:
            if (has_breakpoint)
                diag_error(s->diag, it->loc, "mechanism '%s' has more than one breakpoint block",
                           m->str);
            has_breakpoint = true;
            break;
        case AST_INITIAL:
        case AST_DERIVATIVE:
        case AST_KINETIC:
        case AST_RECEIVE: {
            /* a derivative block and a kinetic block may both be there: the
               state update runs them in the order written (NEURON's nrn_state
               solves BREAKPOINT's SOLVEs in order) */
            bool *seen = it->kind == AST_INITIAL ? &has_initial
                       : it->kind == AST_RECEIVE ? &has_receive
                       : it->kind == AST_KINETIC ? &has_kinetic : &has_derivative;
            if (*seen)
                diag_error(s->diag, it->loc, "mechanism '%s' has more than one %s block",
                           m->str, ast_kind_name(it->kind));
            *seen = true;
            break;
        }
        default:
            break;
        }
    }
    sema_declare_useions(s, mech);
}

static void declare_cell(struct sema *s, struct ast *c)
{
    struct sym *cell = sema_declare(s, s->global, SYM_CELL, c->str, c);
    if (!cell)
        return;
    cell->members = sema_scope_new(s, NULL);
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *it = c->kids[i];
        if ((it->kind == AST_SECTION && it->op != SECTION_LIST_BLOCK) || it->kind == AST_SECLIST) {
            struct sym *sym = sema_declare(s, cell->members,
                                           it->kind == AST_SECTION ? SYM_SECTION : SYM_SECLIST,
                                           it->str, it);
            if (sym)
                sym->owner = cell;
        }
    }
}

static void declare_experiment(struct sema *s, struct ast *e)
{
    struct sym *exp = sema_declare(s, s->global, SYM_EXPERIMENT, e->str, e);
    if (!exp)
        return;
    exp->members = sema_scope_new(s, s->global);
    for (unsigned i = 0; i < e->nkids; i++)
        if (e->kids[i]->kind == AST_STIMULUS)
            sema_declare(s, exp->members, SYM_STIMULUS, e->kids[i]->str, e->kids[i]);
}

static void declare_item(struct sema *s, struct ast *it)
{
    switch (it->kind) {
    case AST_MECH: declare_mechanism(s, it); break;
    case AST_CELL: declare_cell(s, it); break;
    case AST_POPULATION: sema_declare(s, s->global, SYM_POPULATION, it->str, it); break;
    case AST_GROUP: sema_declare(s, s->global, SYM_GROUP, it->str, it); break;
    case AST_SYNAPSE: sema_declare(s, s->global, SYM_SYNAPSE, it->str, it); break;
    case AST_STIMULUS: sema_declare(s, s->global, SYM_STIMULUS, it->str, it); break;
    case AST_EXPERIMENT: declare_experiment(s, it); break;
    case AST_SWEEP: sema_declare(s, s->global, SYM_SWEEP, it->str, it); break;
    case AST_FIT: sema_declare(s, s->global, SYM_FIT, it->str, it); break;
    case AST_WINDOW: sema_declare(s, s->global, SYM_WINDOW, it->str, it); break;
    case AST_MEASURE: sema_declare(s, s->global, SYM_MEASURE, it->str, it); break;
    case AST_FIGURE: sema_declare(s, s->global, SYM_FIGURE, it->str, it); break;
    case AST_PARAM: sema_declare(s, s->global, SYM_MODEL_PARAM, it->str, it); break;
    case AST_SIMULATION:
    case AST_NETWORK: {
        struct ast **slot = it->kind == AST_SIMULATION ? &s->simulation : &s->network;
        if (*slot) {
            diag_error(s->diag, it->loc, "more than one %s block", ast_kind_name(it->kind));
            diag_note(s->diag, (*slot)->loc, "the first %s block is here", ast_kind_name(it->kind));
        } else {
            *slot = it;
        }
        break;
    }
    default:
        break;
    }
}

/* ---- structural references ----------------------------------------------- */

#define POPLIKE (KIND_BIT(SYM_POPULATION) | KIND_BIT(SYM_GROUP))

static void resolve_selector(struct sema *s, struct ast *sel)
{
    struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct ast *t = terms->kids[i];
        if (t->kind == AST_NAME || t->kind == AST_INDEX)
            sema_resolve(s, t, POPLIKE, "population or group");
        if (t->kind == AST_INDEX && t->sym && t->sym->kind != SYM_POPULATION)
            diag_error(s->diag, t->loc, "cells can be picked by index only from a population, "
                       "and '%s' is a group", t->str);
    }
}

/* A stimulus named in `record spikes of ...`: declared at the top level or
 * in an experiment (the first experiment that declares it), or NULL. */
static struct sym *spike_source(struct sema *s, const char *name)
{
    struct sym *sym = sema_lookup_local(s->global, name);
    if (sym)
        return sym->kind == SYM_STIMULUS ? sym : NULL;
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *e = s->global->syms[i];
        if (e->kind == SYM_EXPERIMENT && e->members &&
            (sym = sema_lookup_local(e->members, name)))
            return sym;
    }
    return NULL;
}

/* `record spikes of ...`: populations and groups (their cells' spikes) and
 * stimuli (their sources' spikes), joined by `+`. */
static void resolve_spike_selector(struct sema *s, struct ast *sel)
{
    struct ast *terms = ast_kid(sel, 0);
    bool stimuli = false;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct ast *t = terms->kids[i];
        struct sym *st = t->kind == AST_NAME ? spike_source(s, t->str) : NULL;
        if (st) {
            t->sym = st;
            st->uses++;
            stimuli = true;
        } else if (t->kind == AST_NAME || t->kind == AST_INDEX) {
            sema_resolve(s, t, POPLIKE, "population, group or stimulus");
            if (t->kind == AST_INDEX && t->sym && t->sym->kind != SYM_POPULATION)
                diag_error(s->diag, t->loc, "cells can be picked by index only from a "
                           "population, and '%s' is a group", t->str);
        }
    }
    if (stimuli && ast_kid(sel, 1))
        diag_error(s->diag, sel->kids[1]->loc, "a 'where' condition picks cells; the spikes "
                   "of a stimulus are those of all its sources");
}

/* Cells a selector can reach: every cell type of its populations. */
static void collect_cells(struct sym *sym, struct sym **cells, int *n, int max, int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        struct ast *type = ast_kid(sym->decl, 0);
        struct sym *cell = type ? type->sym : NULL;
        if (!cell || cell->kind != SYM_CELL)
            return;     /* artificial cells have no sections */
        for (int i = 0; i < *n; i++)
            if (cells[i] == cell)
                return;
        if (*n < max)
            cells[(*n)++] = cell;
    } else if (sym->kind == SYM_GROUP) {
        for (unsigned i = 0; i < sym->decl->nkids; i++)
            collect_cells(sym->decl->kids[i]->sym, cells, n, max, depth + 1);
    }
}

/* `at sec(x)`: the section must exist in at least one targeted cell type. */
static void resolve_location(struct sema *s, struct ast *loc, struct ast *sel)
{
    if (!loc)
        return;
    struct sym *cells[64];
    int n = 0;
    struct ast *terms = sel ? ast_kid(sel, 0) : NULL;
    bool all = false;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        if (terms->kids[i]->kind == AST_ALL)
            all = true;
        else
            collect_cells(terms->kids[i]->sym, cells, &n, 64, 0);
    }
    if (all || !sel) {
        for (unsigned i = 0; i < s->global->n; i++)
            if (s->global->syms[i]->kind == SYM_CELL && n < 64)
                cells[n++] = s->global->syms[i];
    }
    if (n == 0)
        return;     /* nothing resolved: already reported */
    for (int i = 0; i < n; i++) {
        struct sym *sec = sema_lookup_local(cells[i]->members, loc->str);
        if (sec) {
            sec->uses++;
            loc->sym = sec;
        }
    }
    if (!loc->sym)
        sema_unknown(s, loc->loc, "section", loc->str, cells[0]->members,
                     KIND_BIT(SYM_SECTION) | KIND_BIT(SYM_SECLIST));
}

/* Events into artificial cells go straight to their `receive`: a connection
 * or stimulus onto them has no synapse and no location, and one side of a
 * connection does not mix them with cells.  False if one of those is
 * wrong (reported); what says which statement it is. */
static bool check_art_targets(struct sema *s, struct ast *target, struct ast *loc,
                              struct ast *syn, const char *what)
{
    struct sym *art;
    int kinds = sema_selector_kinds(s, target, &art);
    if (!(kinds & SEL_ARTIFICIAL))
        return true;
    if (kinds & SEL_CELLS) {
        diag_error(s->diag, target->loc, "%s reaches both cells and artificial cells (%s): "
                   "events reach cells through a synapse and artificial cells directly, so "
                   "write one statement for each", what, art->name);
        return false;
    }
    if (syn) {
        diag_error(s->diag, syn->loc, "%s reaches artificial cells (%s), whose receive takes "
                   "the events directly: remove 'via %s'", what, art->name, syn->str);
        return false;
    }
    if (loc) {
        diag_error(s->diag, loc->loc, "%s reaches artificial cells (%s), which have no "
                   "sections: remove 'at %s(...)'", what, art->name, loc->str);
        return false;
    }
    return true;
}

static void resolve_stimulus(struct sema *s, struct ast *st)
{
    struct ast *mech = ast_kid(st, 0), *target = ast_kid(st, 2), *loc = ast_kid(st, 3);
    struct ast *syn = ast_kid(st, 4);
    struct sym *m = sema_resolve(s, mech, KIND_BIT(SYM_MECH), "mechanism");
    resolve_selector(s, target);
    struct sym *art;
    int kinds = sema_selector_kinds(s, target, &art);
    if (kinds & SEL_ARTIFICIAL) {
        if (m && m->mech_kind == MECH_POINT) {
            diag_error(s->diag, target->loc, "stimulus '%s' is a point process (%s), placed on "
                       "a membrane, and its targets include artificial cells (%s), which have "
                       "none", st->str, mech->str, art->name);
            return;
        }
        if (m && m->mech_kind == MECH_ARTIFICIAL)
            check_art_targets(s, target, loc, syn, "the stimulus");
        return;
    }
    resolve_location(s, loc, target);
    if (syn)
        sema_resolve(s, syn, KIND_BIT(SYM_SYNAPSE), "synapse");
    if (!m)
        return;
    if (m->mech_kind == MECH_DENSITY) {
        diag_error(s->diag, mech->loc, "'%s' is a density mechanism; a stimulus needs a point "
                   "process or an artificial cell", mech->str);
    } else if (m->mech_kind == MECH_ARTIFICIAL && !syn) {
        diag_error(s->diag, st->loc, "stimulus '%s' is an artificial cell (%s) and needs "
                   "'via SYNAPSE { weight = ...; delay = ... }'", st->str, mech->str);
    } else if (m->mech_kind == MECH_POINT && syn) {
        diag_error(s->diag, syn->loc, "stimulus '%s' is a point process (%s) placed on the "
                   "cell itself; it takes no 'via'", st->str, mech->str);
    }
}

static void check_group_cycles(struct sema *s, struct ast *g)
{
    /* depth-first walk; a group reaching itself is a cycle */
    struct ast *stack[128];
    int n = 0;
    stack[n++] = g;
    int steps = 0;
    while (n > 0 && steps++ < 10000) {
        struct ast *cur = stack[--n];
        for (unsigned i = 0; i < cur->nkids; i++) {
            struct sym *m = cur->kids[i]->sym;
            if (!m || m->kind != SYM_GROUP)
                continue;
            if (m->decl == g) {
                diag_error(s->diag, g->loc, "group '%s' contains itself", g->str);
                return;
            }
            if (n < 128)
                stack[n++] = m->decl;
        }
    }
}

static void resolve_cell(struct sema *s, struct ast *c)
{
    if (!c->sym)
        return;
    struct scope *secs = c->sym->members;
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *it = c->kids[i];
        if (it->kind == AST_SECTION) {
            for (unsigned j = 0; j < it->nkids; j++) {
                struct ast *ins = it->kids[j];
                if (ins->kind != AST_INSERT)
                    continue;
                struct sym *m = sema_lookup(s->global, ins->str);
                if (!m) {
                    sema_unknown(s, ast_name_loc(ins), "mechanism", ins->str, s->global,
                                 KIND_BIT(SYM_MECH));
                } else if (m->kind != SYM_MECH || m->mech_kind != MECH_DENSITY) {
                    diag_error(s->diag, ast_name_loc(ins), "'%s' is not a density mechanism; only density "
                               "mechanisms can be inserted into a section", ins->str);
                } else {
                    m->uses++;
                    ins->sym = m;
                }
            }
        } else if (it->kind == AST_ATTACH) {
            for (int k = 0; k < 2; k++) {
                struct ast *l = it->kids[k];
                struct sym *sec = sema_lookup_local(secs, l->str);
                if (!sec || sec->kind != SYM_SECTION)
                    sema_unknown(s, l->loc, "section", l->str, secs, KIND_BIT(SYM_SECTION));
                else
                    l->sym = sec;
            }
        } else if (it->kind == AST_SECLIST) {
            for (unsigned j = 0; j < it->nkids; j++) {
                struct ast *nm = it->kids[j];
                struct sym *sec = sema_lookup_local(secs, nm->str);
                if (!sec || sec->kind != SYM_SECTION)
                    sema_unknown(s, nm->loc, "section", nm->str, secs, KIND_BIT(SYM_SECTION));
                else
                    nm->sym = sec;
            }
        }
    }
}

static void resolve_item(struct sema *s, struct ast *it)
{
    switch (it->kind) {
    case AST_CELL:
        resolve_cell(s, it);
        break;
    case AST_POPULATION: {
        struct sym *t = sema_resolve(s, ast_kid(it, 0), KIND_BIT(SYM_CELL) | KIND_BIT(SYM_MECH),
                                     "cell type");
        if (t && t->kind == SYM_MECH && t->mech_kind != MECH_ARTIFICIAL)
            diag_error(s->diag, it->kids[0]->loc, "population '%s' needs a cell type or an "
                       "artificial cell (such as IntFire1), and '%s' is a %s mechanism", it->str,
                       t->name, t->mech_kind == MECH_DENSITY ? "density" : "point");
        break;
    }
    case AST_GROUP:
        for (unsigned i = 0; i < it->nkids; i++) {
            struct ast *m = it->kids[i];
            if (m->kind == AST_ALL || m->kind == AST_INDEX)
                diag_error(s->diag, m->loc, "a group is made of populations and groups");
            else
                sema_resolve(s, m, POPLIKE, "population or group");
        }
        check_group_cycles(s, it);
        break;
    case AST_SYNAPSE: {
        struct sym *m = sema_resolve(s, ast_kid(it, 0), KIND_BIT(SYM_MECH), "mechanism");
        if (m && m->mech_kind != MECH_POINT)
            diag_error(s->diag, it->kids[0]->loc, "synapse '%s' needs a point process, and '%s' "
                       "is %s mechanism", it->str, m->name,
                       m->mech_kind == MECH_DENSITY ? "a density" : "an artificial");
        break;
    }
    case AST_CONNECT:
        resolve_selector(s, ast_kid(it, 0));
        resolve_selector(s, ast_kid(it, 1));
        if (!(sema_selector_kinds(s, ast_kid(it, 1), NULL) & SEL_ARTIFICIAL)) {
            resolve_location(s, ast_kid(it, 2), ast_kid(it, 1));
            if (ast_kid(it, 3))
                sema_resolve(s, it->kids[3], KIND_BIT(SYM_SYNAPSE), "synapse");
            else if (sema_selector_kinds(s, ast_kid(it, 1), NULL))
                diag_error(s->diag, it->loc, "a connection to cells needs 'via SYNAPSE', the "
                           "synapse that takes its events (only artificial cells, such as "
                           "IntFire1, take events directly)");
        } else {
            check_art_targets(s, ast_kid(it, 1), ast_kid(it, 2), ast_kid(it, 3),
                              "the connection");
        }
        break;
    case AST_STIMULUS:
        resolve_stimulus(s, it);
        break;
    case AST_NETWORK_FROM:  /* node types name cell types in the populations read */
        for (unsigned i = 0; i < it->nkids; i++)
            if (it->kids[i]->op == 1) {
                sema_resolve(s, it->kids[i]->kids[1], KIND_BIT(SYM_SYNAPSE), "synapse");
                resolve_location(s, ast_kid(it->kids[i], 2), NULL);
            }
        break;
    case AST_SIMULATION:
        for (unsigned i = 0; i < it->nkids; i++) {
            struct ast *r = it->kids[i];
            if (r->kind != AST_RECORD)
                continue;
            if (ast_kid(r, 0) && !strcmp(r->str, "spikes") && !ast_kid(r, 2))
                resolve_spike_selector(s, r->kids[0]);
            else if (ast_kid(r, 0))
                resolve_selector(s, r->kids[0]);
            resolve_location(s, ast_kid(r, 1), ast_kid(r, 0));
        }
        break;
    case AST_EXPERIMENT:
        for (unsigned i = 0; i < it->nkids; i++) {
            struct ast *e = it->kids[i];
            if (e->kind == AST_STIMULUS) {
                resolve_stimulus(s, e);
            } else if (e->kind == AST_REMOVE) {
                struct ast tmp = *e;
                tmp.kind = AST_NAME;
                tmp.loc = ast_name_loc(e);
                struct sym *st = sema_resolve(s, &tmp, KIND_BIT(SYM_STIMULUS), "stimulus");
                e->sym = st;
            }
        }
        break;
    case AST_SWEEP:
    case AST_FIT:
    case AST_MEASURE:
    case AST_EXPECT:
        if (ast_kid(it, 0))
            sema_resolve(s, it->kids[0], KIND_BIT(SYM_EXPERIMENT), "experiment");
        break;
    default:
        break;
    }
}

void sema_pass_names(struct sema *s, struct ast **programs, int nprograms)
{
    for (int p = 0; p < nprograms; p++)
        for (unsigned i = 0; i < programs[p]->nkids; i++)
            declare_item(s, programs[p]->kids[i]);
    for (int p = 0; p < nprograms; p++)
        for (unsigned i = 0; i < programs[p]->nkids; i++)
            resolve_item(s, programs[p]->kids[i]);
}

struct sema *sema_run(struct arena *arena, struct diag_sink *diag, struct ast **programs,
                      const int *files, int nprograms, int main_program,
                      const bool *is_stdlib, enum pass_id stop_after)
{
    struct sema *s = arena_alloc(arena, sizeof *s);
    s->arena = arena;
    s->diag = diag;
    s->programs = programs;
    s->is_stdlib = is_stdlib;
    s->nprograms = nprograms;
    s->main = main_program >= 0 ? programs[main_program] : NULL;
    s->main_file = main_program >= 0 ? files[main_program] : -1;
    s->global = sema_scope_new(s, NULL);
    s->builtins = sema_scope_new(s, NULL);
    for (int i = 0; i < sema_nbuiltins; i++) {
        const struct builtin *b = &sema_builtins[i];
        struct sym *sym = sema_declare(s, s->builtins, b->is_func ? SYM_BUILTIN_FUNC : SYM_BUILTIN_VAR,
                                       arena_intern(arena, b->name, strlen(b->name)), NULL);
        sym->builtin = i;
    }
    if (stop_after < PASS_NAMES)
        return s;
    sema_pass_names(s, programs, nprograms);
    if (stop_after < PASS_UNITS)
        return s;
    sema_pass_units(s);
    if (stop_after < PASS_MODEL)
        return s;
    sema_pass_model(s);
    if (stop_after < PASS_LINT || diag_errors(diag))
        return s;
    sema_pass_lint(s);
    return s;
}
