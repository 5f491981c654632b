/* sema_lint.c - pass 6: legal models that are almost certainly wrong.
 *
 * Runs only on a model without errors, and reports warnings (errors with
 * --Werror): connection delays shorter than dt, Exp2Syn-style rise times
 * not shorter than decay times, rules and selectors that name no cells,
 * stimuli and windows outside the simulated time, NetStim noise outside
 * [0, 1], user definitions that nothing uses, a --set of a path an
 * experiment sets itself (a setter and the parameter it writes are one
 * path), a negative weight onto a synapse whose weight
 * is a conductance, and two mechanisms of a section writing one
 * concentration.  What a stimulus's or synapse's block is checked for, a
 * set of it (or of its mechanism) is too, with the values each run gives.
 */
#include "sema_int.h"

#include <math.h>
#include <string.h>

/* A setter that only copies its value: `setter delay: ms { del = delay }`. */
static bool setter_aliases(struct sym *setter, const char *param)
{
    struct ast *blk = ast_kid(setter->decl, 1);
    if (!blk || blk->nkids != 1)
        return false;
    struct ast *st = blk->kids[0];
    return st->kind == AST_ASSIGN && strcmp(st->str, param) == 0 &&
           st->kids[0]->kind == AST_NAME && st->kids[0]->str == setter->name;
}

/* Value of parameter `name` of `mech` as set in `props` (or its default), in
 * the parameter's own unit.  False if unknown or not constant.  The last
 * prop that writes it wins, as in the run: a set's `delay` (IClamp's
 * setter), put after the block's props, over the block's `del`. */
static bool effective(struct sym *mech, struct ast *props, const char *name, double *out,
                      struct ast **where)
{
    if (!mech)
        return false;
    struct ast *p = NULL;
    for (unsigned i = 0; props && i < props->nkids; i++) {
        struct ast *q = props->kids[i];
        if (q && q->kind == AST_PROP &&
            (strcmp(q->str, name) == 0 ||
             (q->sym && q->sym->kind == SYM_SETTER && setter_aliases(q->sym, name))))
            p = q;
    }
    if (p) {
        *where = p;
        return sema_const_value(p->kids[0], out);
    }
    /* scopes compare interned names */
    struct sym *param = NULL;
    for (unsigned i = 0; i < mech->members->n; i++)
        if (strcmp(mech->members->syms[i]->name, name) == 0)
            param = mech->members->syms[i];
    if (!param || param->kind != SYM_PARAM || !param->decl || !ast_kid(param->decl, 0))
        return false;
    *where = NULL;
    return sema_const_value(param->decl->kids[0], out);
}

/* The lints below check a block's values (set = NULL), or the values one
 * run gives an instance after the `set`s that reach it (lint_sets): then a
 * set's value stands in the block as a prop of its own, and only a warning
 * about such a prop is given, once per set (the block's own values were
 * checked with the block). */
struct set_lint {
    const struct ast *blocks[2];    /* the instance's own props (a stimulus's source and via) */
    const struct ast *seen[256];    /* the values of the sets warned about */
    unsigned nseen;
};

/* Should a warning about prop p (NULL: none) be given? */
static bool lint_here(struct set_lint *set, const struct ast *p)
{
    if (!set)
        return true;
    if (!p)
        return false;
    for (int b = 0; b < 2; b++)
        for (unsigned i = 0; set->blocks[b] && i < set->blocks[b]->nkids; i++)
            if (set->blocks[b]->kids[i] == p)
                return false;
    for (unsigned i = 0; i < set->nseen; i++)
        if (set->seen[i] == p->kids[0])
            return false;
    if (set->nseen < sizeof set->seen / sizeof *set->seen)
        set->seen[set->nseen++] = p->kids[0];
    return true;
}

static void lint_delay(struct sema *s, struct ast *props, struct set_lint *set)
{
    struct ast *d = ast_find_prop(props, "delay");
    double x;
    if (!s->have_dt || !d || !sema_const_value(d->kids[0], &x))
        return;
    if (x < s->dt && lint_here(set, d))
        diag_warning(s->diag, d->kids[0]->loc, "delay %g ms is shorter than the time step "
                     "dt = %g ms; the event arrives on the next step", x, s->dt);
}

/* A negative conductance is a current source that grows with the driving
 * force: the membrane runs away from the reversal potential. */
static void lint_weight(struct sema *s, struct ast *syn, struct ast *props, struct set_lint *set)
{
    struct ast *w = ast_find_prop(props, "weight");
    struct units_val wu;
    double x;
    if (!syn || !w || !sema_const_value(w->kids[0], &x) || !(x < 0) ||
        !sema_weight_unit(sema_synapse_mech(syn), &wu) ||
        !units_dim_eq(wu.dim, units_must("uS").dim) || !lint_here(set, w))
        return;
    diag_warning(s->diag, w->kids[0]->loc, "a negative weight onto synapse '%s', whose weight "
                 "is a conductance, makes a negative conductance (inhibition is a positive weight "
                 "onto a synapse with a negative reversal potential)", syn->str);
}

static void lint_taus(struct sema *s, struct sym *mech, struct ast *props, struct loc at,
                      struct set_lint *set)
{
    double t1, t2;
    struct ast *w1 = NULL, *w2 = NULL;
    if (!effective(mech, props, "tau1", &t1, &w1) || !effective(mech, props, "tau2", &t2, &w2))
        return;
    if (t1 >= t2) {
        if (set && !lint_here(set, w1)) {   /* at the set, when one of the two is a set's */
            w1 = NULL;
            if (!lint_here(set, w2))
                return;
        }
        struct loc l = w1 ? w1->loc : w2 ? w2->loc : at;
        diag_warning(s->diag, l, "rise time tau1 = %g ms is not shorter than decay time tau2 = "
                     "%g ms; %s will use tau1 = 0.9999 * tau2", t1, t2, mech->name);
    }
}

static void lint_noise(struct sema *s, struct sym *mech, struct ast *props, struct set_lint *set)
{
    double noise;
    struct ast *w = NULL;
    if (effective(mech, props, "noise", &noise, &w) && w && (noise < 0 || noise > 1) &&
        lint_here(set, w))
        diag_warning(s->diag, w->kids[0]->loc, "noise = %g is outside [0, 1]; %s clips it to %g",
                     noise, mech->name, noise < 0 ? 0.0 : 1.0);
}

/* props: the stimulus's source block, or what a run makes of it */
static void lint_stimulus_time(struct sema *s, struct ast *st, struct ast *props,
                               struct set_lint *set)
{
    struct sym *mech = ast_kid(st, 0)->sym;
    if (!mech)
        return;
    double start, dur;
    struct ast *w = NULL, *wd = NULL;
    const char *name = effective(mech, props, "start", &start, &w) ? "start"
                     : effective(mech, props, "del", &start, &w) ? "del" : NULL;
    if (!name)
        return;
    struct loc at = w ? w->loc : st->loc;
    if (s->have_tstop && start >= s->tstop) {
        if (lint_here(set, w))
            diag_warning(s->diag, at, "stimulus '%s' starts at %g ms, at or after the end of "
                         "the simulation (%g ms)", st->str, start, s->tstop);
    } else if (effective(mech, props, "dur", &dur, &wd) && dur <= 0 && lint_here(set, wd)) {
        diag_warning(s->diag, wd ? wd->loc : st->loc, "stimulus '%s' has duration %g ms and is "
                     "never on", st->str, dur);
    }
}

/* The concentration (ION_CI or ION_CO of an ion) mechanism m writes as its
 * k-th such, or NULL past the last. */
static const struct sym *written_concentration(const struct sym *m, unsigned k)
{
    for (unsigned i = 0; m && m->members && i < m->members->n; i++) {
        const struct sym *v = m->members->syms[i];
        if (v->ion && v->ion_write && (v->ion_field == ION_CI || v->ion_field == ION_CO) &&
            k-- == 0)
            return v;
    }
    return NULL;
}

/* Two pools writing cai in one section: NEURON runs both, one after the
 * other, and warns ("cai is being written at the same location by ..."),
 * since one concentration with two dynamics is rarely what was meant. */
static void lint_concentration_writers(struct sema *s, const struct ast *sec)
{
    for (unsigned j = 0; j < sec->nkids; j++) {
        const struct ast *b = sec->kids[j];
        if (b->kind != AST_INSERT || !b->sym)
            continue;
        const struct sym *w;
        for (unsigned k = 0; (w = written_concentration(b->sym, k)); k++)
            for (unsigned i = 0; i < j; i++) {
                const struct ast *a = sec->kids[i];
                const struct sym *x;
                bool same = false;
                for (unsigned q = 0; a->kind == AST_INSERT && a->sym && a->sym != b->sym &&
                                     (x = written_concentration(a->sym, q)); q++)
                    same |= x->ion == w->ion && x->ion_field == w->ion_field;
                if (same)
                    diag_warning(s->diag, ast_name_loc(b), "'%s' is written by both '%s' and '%s' "
                                 "in this section: each step applies both mechanisms' dynamics to "
                                 "it, one after the other (NEURON warns the same)", w->name,
                                 a->sym->name, b->sym->name);
            }
    }
}

/* ---- cell counts ----------------------------------------------------------- */

static bool population_count(struct sym *pop, double *n)
{
    struct ast *c = ast_find_prop(ast_kid(pop->decl, 1), "count");
    return c && sema_const_value(c->kids[0], n);
}

static double group_count(struct sym *sym, int depth)
{
    double n = 0, k;
    if (depth > 64)
        return NAN;
    if (sym->kind == SYM_POPULATION)
        return population_count(sym, &k) ? k : NAN;
    if (sym->kind != SYM_GROUP)
        return NAN;     /* a stimulus in `record spikes of` */
    for (unsigned i = 0; i < sym->decl->nkids; i++) {
        struct sym *m = sym->decl->kids[i]->sym;
        n += m ? group_count(m, depth + 1) : NAN;
    }
    return n;
}

/* Warns about an empty selector; errors on indices past a population's end. */
static void lint_selector(struct sema *s, struct ast *sel, const char *role, struct loc rule)
{
    struct ast *terms = sel ? ast_kid(sel, 0) : NULL;
    double total = 0;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct ast *t = terms->kids[i];
        if (t->kind == AST_ALL || !t->sym) {
            total = NAN;
            continue;
        }
        double n = group_count(t->sym, 0);
        if (t->kind == AST_INDEX) {
            for (unsigned k = 0; k < t->nkids; k++) {
                struct ast *ix = t->kids[k]->kind == AST_RANGE ? t->kids[k]->kids[1] : t->kids[k];
                double x, lo;
                if (!isnan(n) && sema_const_value(ix, &x) && x >= n)
                    diag_error(s->diag, ix->loc, "index %g is past the end of '%s', which has "
                               "%g cell%s", x, t->str, n, n == 1 ? "" : "s");
                if (t->kids[k]->kind == AST_RANGE && sema_const_value(t->kids[k]->kids[0], &lo) &&
                    sema_const_value(ix, &x))
                    total += x >= lo ? x - lo + 1 : 0;
                else
                    total += 1;
            }
            continue;
        }
        total += n;
    }
    struct ast *where = ast_kid(sel, 1);
    double cond;
    if (where && sema_const_value(where, &cond) && cond == 0) {
        diag_warning(s->diag, where->loc, "this condition is always false: the %s selects no "
                     "cells", role);
        return;
    }
    if (total == 0)
        diag_warning(s->diag, sel ? sel->loc : rule, "the %s selects no cells (its populations "
                     "are empty)", role);
}

/* A window `name` (NULL: one written in a measure's or expect's call). */
static void lint_interval(struct sema *s, const struct ast *v, const char *name)
{
    double b;
    if (!s->have_tstop || v->kind != AST_INTERVAL || !sema_const_value(v->kids[1], &b))
        return;
    if (b <= s->tstop)
        return;
    if (name)
        diag_warning(s->diag, v->loc, "window '%s' ends at %g ms, after the end of the "
                     "simulation (%g ms): measures use its part up to the end", name, b,
                     s->tstop);
    else
        diag_warning(s->diag, v->loc, "the window ends at %g ms, after the end of the "
                     "simulation (%g ms): measures use its part up to the end", b, s->tstop);
}

/* The windows written in an analysis expression's calls. */
static void lint_inline_windows(struct sema *s, const struct ast *e)
{
    if (!e)
        return;
    if (e->kind == AST_INTERVAL) {
        lint_interval(s, e, NULL);
        return;
    }
    for (unsigned i = 0; i < e->nkids; i++)
        lint_inline_windows(s, e->kids[i]);
}

static void lint_stimulus(struct sema *s, struct ast *st)
{
    struct sym *mech = ast_kid(st, 0)->sym;
    lint_noise(s, mech, ast_kid(st, 1), NULL);
    lint_taus(s, mech, ast_kid(st, 1), st->loc, NULL);
    lint_stimulus_time(s, st, ast_kid(st, 1), NULL);
    lint_selector(s, ast_kid(st, 2), "stimulus target", st->loc);
    if (ast_kid(st, 5)) {
        lint_delay(s, st->kids[5], NULL);
        lint_weight(s, ast_kid(st, 4), st->kids[5], NULL);
    }
}

static void lint_unused(struct sema *s)
{
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->from_stdlib || !sym->decl)
            continue;
        switch (sym->kind) {
        case SYM_CELL: case SYM_SYNAPSE: case SYM_WINDOW: case SYM_GROUP: case SYM_MECH:
            if (sym->uses == 0)
                diag_warning(s->diag, ast_name_loc(sym->decl), "%s '%s' is never used",
                             sema_kind_name(sym->kind), sym->name);
            break;
        default:
            break;
        }
        if (sym->kind != SYM_MECH)
            continue;
        for (unsigned k = 0; k < sym->members->n; k++) {
            struct sym *m = sym->members->syms[k];
            if (m->decl && m->uses == 0 &&
                (m->kind == SYM_FUNCTION || m->kind == SYM_PROCEDURE || m->kind == SYM_CONSTANT ||
                 m->kind == SYM_ASSIGNED))
                diag_warning(s->diag, ast_name_loc(m->decl), "%s '%s' of '%s' is never used",
                             sema_kind_name(m->kind), m->name, sym->name);
        }
    }
}

/* ---- sets of what a block checks ------------------------------------------------ */

/* `set STIM.P`, `set SYN.P` (or its --set) replaces the block's P, and
 * `set MECH.P` that of every synapse and stimulus of the mechanism, so a
 * set's value gets the checks the block's would: a noise of 2 set is
 * clipped as one written is. */

/* Does `set` (STIM.P, SYN.P or MECH.P) reach instance inst of mech? */
static bool set_reaches(const struct ast *set, const struct sym *inst, const struct sym *mech)
{
    const struct ast *path = set->kids[0];
    if (set->kind != AST_SET || path->kind != AST_MEMBER || path->kids[0]->kind != AST_NAME)
        return false;
    const struct sym *root = path->kids[0]->sym;
    return root && (root == inst || (root == mech && root->kind == SYM_MECH));
}

/* props with the set's value in place of their own P (a new list): a prop
 * located at the set's path, so that a warning points there. */
static struct ast *with_set(struct sema *s, const struct ast *props, const struct ast *set)
{
    const struct ast *path = set->kids[0];
    struct ast *out = ast_new(s->arena, AST_LIST, path->loc);
    for (unsigned i = 0; props && i < props->nkids; i++)
        if (!props->kids[i] || props->kids[i]->kind != AST_PROP ||
            strcmp(props->kids[i]->str, path->str) != 0)
            ast_add(s->arena, out, props->kids[i]);
    struct ast *p = ast_new(s->arena, AST_PROP, path->loc);
    p->str = path->str;
    p->sym = path->sym;
    p->nloc = path->loc;
    ast_add(s->arena, p, set->kids[1]);
    ast_add(s->arena, out, p);
    return out;
}

/* The synapse or stimulus `it` as run exp (NULL: the base protocol) makes
 * it: the protocol's sets, the experiment's, then the --sets (as the
 * lowering applies them), each over the one before. */
static void lint_instance(struct sema *s, const struct ast *prog, const struct ast *exp,
                          struct ast *it, struct set_lint *c)
{
    bool stim = it->kind == AST_STIMULUS;
    struct sym *mech = ast_kid(it, 0)->sym;
    struct ast *src = ast_kid(it, 1), *via = stim ? ast_kid(it, 5) : NULL;
    c->blocks[0] = src;
    c->blocks[1] = via;
    bool any = false;
    for (int phase = 0; phase < 3; phase++) {
        const struct ast *list = phase == 1 ? exp : prog;
        for (unsigned i = 0; list && i < list->nkids; i++) {
            const struct ast *set = list->kids[i];
            if (!set || set->kind != AST_SET || (phase != 1 && set->op != (phase == 2)) ||
                !set_reaches(set, it->sym, mech))
                continue;
            const char *leaf = set->kids[0]->str;
            if (stim && sema_stim_connects(it) && (!strcmp(leaf, "weight") ||
                                                   !strcmp(leaf, "delay")))
                via = with_set(s, via, set);
            else
                src = with_set(s, src, set);
            any = true;
        }
    }
    if (!any)
        return;
    lint_taus(s, mech, src, it->loc, c);
    if (!stim)
        return;
    lint_noise(s, mech, src, c);
    lint_stimulus_time(s, it, src, c);
    if (via) {
        lint_delay(s, via, c);
        lint_weight(s, ast_kid(it, 4), via, c);
    }
}

/* Every synapse and stimulus of one run: the base protocol's (exp NULL), or
 * an experiment's (its own stimuli too, and its sets applied). */
static void lint_run(struct sema *s, const struct ast *prog, const struct ast *exp,
                     struct set_lint *c)
{
    for (unsigned i = 0; i < prog->nkids; i++)
        if (prog->kids[i]->kind == AST_STIMULUS || prog->kids[i]->kind == AST_SYNAPSE)
            lint_instance(s, prog, exp, prog->kids[i], c);
    for (unsigned i = 0; exp && i < exp->nkids; i++)
        if (exp->kids[i]->kind == AST_STIMULUS)
            lint_instance(s, prog, exp, exp->kids[i], c);
}

/* Every synapse and stimulus in the base protocol and in each experiment. */
static void lint_sets(struct sema *s, const struct ast *prog)
{
    struct set_lint c = {.nseen = 0};
    for (int run = -1; run < (int)prog->nkids; run++) {
        const struct ast *exp = run < 0 ? NULL : prog->kids[run];
        if (!exp || exp->kind == AST_EXPERIMENT)
            lint_run(s, prog, exp, &c);
    }
}

/* A sweep's vary lines: each value a point runs with (a list's values, a
 * range's ends) as a `set` after the sweep's experiment's own, so that a
 * noise of 2 that a point would clip gets the set's warning, at the line. */
static void lint_vary_values(struct sema *s, const struct ast *prog, const struct ast *sweep)
{
    const struct ast *in = ast_kid(sweep, 0);
    const struct ast *exp = in && in->sym ? in->sym->decl : NULL;
    struct set_lint c = {.nseen = 0};
    for (unsigned v = 1; v < sweep->nkids; v++) {
        const struct ast *vary = sweep->kids[v];
        if (!vary || vary->kind != AST_VARY)
            continue;
        const struct ast *values = vary->op == 2 ? vary->kids[1] : NULL;
        unsigned n = values ? values->nkids : 2;
        for (unsigned k = 0; k < n; k++) {
            struct ast *value = values ? values->kids[k] : vary->kids[1 + k];
            struct ast *run = ast_new(s->arena, AST_EXPERIMENT, sweep->loc);
            run->str = exp ? exp->str : sweep->str;
            for (unsigned i = 0; exp && i < exp->nkids; i++)
                ast_add(s->arena, run, exp->kids[i]);
            struct ast *set = ast_make(s->arena, AST_SET, vary->loc, NULL, 2, vary->kids[0], value);
            ast_add(s->arena, run, set);
            lint_run(s, prog, run, &c);     /* run: the experiment's stimuli and sets, then this */
        }
    }
}

/* A set path as written ("ampa.tau", "PYR.soma.L"), into buf. */
static void path_text(const struct ast *p, char *buf, size_t size)
{
    if (p->kind == AST_MEMBER) {
        path_text(p->kids[0], buf, size);
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, ".%s", p->str);
    } else {
        snprintf(buf, size, "%s", p->str ? p->str : "?");
    }
}

static bool same_path(const struct ast *a, const struct ast *b)
{
    for (; a->kind == AST_MEMBER && b->kind == AST_MEMBER; a = a->kids[0], b = b->kids[0])
        if (strcmp(a->str, b->str) != 0)
            return false;
    return a->kind == b->kind && a->str && b->str && strcmp(a->str, b->str) == 0;
}

/* Does statement e (a setter's body) assign `param`? */
static bool assigns(const struct ast *e, const char *param)
{
    if (!e)
        return false;
    if (e->kind == AST_ASSIGN && strcmp(e->str, param) == 0)
        return true;
    for (unsigned i = 0; i < e->nkids; i++)
        if (assigns(e->kids[i], param))
            return true;
    return false;
}

/* Does a set of `leaf` (a parameter, or a setter: what its body assigns)
 * write parameter `param`? */
static bool writes(const struct sym *leaf, const char *param)
{
    return strcmp(leaf->name, param) == 0 ||
           (leaf->kind == SYM_SETTER && assigns(ast_kid(leaf->decl, 1), param));
}

/* The first parameter statement e (a setter's body) assigns that `other`
 * writes too, or NULL. */
static const char *assigns_what(const struct ast *e, const struct sym *other)
{
    if (!e)
        return NULL;
    if (e->kind == AST_ASSIGN && writes(other, e->str))
        return e->str;
    for (unsigned i = 0; i < e->nkids; i++) {
        const char *p = assigns_what(e->kids[i], other);
        if (p)
            return p;
    }
    return NULL;
}

/* The parameter that sets of leaves a and b (of one mechanism's instances)
 * both write, or NULL: their own name, or, through a setter, the parameter
 * it assigns (NetStim's rate writes interval: the later of two sets of
 * them gives the interval alone). */
static const char *common_param(const struct ast *a, const struct ast *b)
{
    if (strcmp(a->str, b->str) == 0)
        return a->str;
    const struct sym *x = a->sym, *y = b->sym;
    if (!x || !y || (x->kind != SYM_PARAM && x->kind != SYM_SETTER) ||
        (y->kind != SYM_PARAM && y->kind != SYM_SETTER) || x->owner != y->owner)
        return NULL;
    if (x->kind == SYM_PARAM)
        return writes(y, x->name) ? x->name : NULL;
    if (y->kind == SYM_PARAM)
        return writes(x, y->name) ? y->name : NULL;
    return assigns_what(ast_kid(x->decl, 1), y);
}

/* Why leaves a and b of differing names are one target, into buf:
 * " (NetStim's setter rate writes interval)"; "" for one name. */
static void why_same(const struct ast *a, const struct ast *b, char *buf, size_t size)
{
    const char *param = common_param(a, b);
    const struct sym *x = a->sym, *y = b->sym;
    buf[0] = '\0';
    if (!param || strcmp(a->str, b->str) == 0)
        return;
    const char *owner = x->owner ? x->owner->name : "?";
    if (x->kind == SYM_SETTER && y->kind == SYM_SETTER)
        snprintf(buf, size, " (%s's setters %s and %s both write %s)", owner, x->name, y->name,
                 param);
    else
        snprintf(buf, size, " (%s's setter %s writes %s)", owner,
                 x->kind == SYM_SETTER ? x->name : y->name, param);
}

/* Do set paths a and b name one target: the same path, or the same
 * instance (or mechanism) with leaves that write one parameter? */
static bool same_target(const struct ast *a, const struct ast *b)
{
    if (same_path(a, b))
        return true;
    return a->kind == AST_MEMBER && b->kind == AST_MEMBER && same_path(a->kids[0], b->kids[0]) &&
           common_param(a, b);
}

/* Does --set `over` reach what `own` (STIM.P or SYN.P) sets, as a set of
 * the mechanism, MECH.P, which reaches every stimulus source and synapse
 * of MECH (and comes after the experiment's sets)?  P may be a setter of
 * the parameter the other writes. */
static bool reaches_instance(const struct ast *over, const struct ast *own)
{
    const struct ast *a = over->kids[0], *b = own->kids[0];
    if (a->kind != AST_MEMBER || b->kind != AST_MEMBER || a->kids[0]->kind != AST_NAME ||
        b->kids[0]->kind != AST_NAME || !common_param(a, b))
        return false;
    const struct sym *mech = a->kids[0]->sym, *inst = b->kids[0]->sym;
    if (!mech || mech->kind != SYM_MECH || !inst ||
        (inst->kind != SYM_STIMULUS && inst->kind != SYM_SYNAPSE) || !ast_kid(inst->decl, 0))
        return false;
    return inst->decl->kids[0]->sym == mech;
}

/* A --set (op = 1 in prog) of a path experiment exp sets itself (or of its
 * mechanism's parameter, for a stimulus's or synapse's, or a setter of the
 * parameter the experiment's set writes, or the other way round) wins
 * there, since --set applies last, but the results are still filed under
 * the experiment's name; one of a path a sweep varies makes every point
 * the same. */
static void lint_overridden(struct sema *s, const struct ast *prog, const struct ast *exp)
{
    for (unsigned i = 0; i < prog->nkids; i++) {
        const struct ast *over = prog->kids[i];
        if (over->kind != AST_SET || over->op != 1)
            continue;
        for (unsigned k = 0; k < exp->nkids; k++) {
            const struct ast *own = exp->kids[k];
            if (!own || (own->kind != AST_SET && own->kind != AST_VARY))
                continue;
            /* the same path, or one instance's setter and the parameter it writes */
            bool same = same_target(own->kids[0], over->kids[0]);
            bool exact = same && same_path(own->kids[0], over->kids[0]);
            /* or the experiment's MECH.P, which --set STIM.P overrides for STIM */
            bool under = !same && own->kind == AST_SET && reaches_instance(own, over);
            if (!same && !under && !reaches_instance(over, own))
                continue;
            char path[256] = "", mine[256] = "", itself[300] = "it itself", why[160];
            path_text(over->kids[0], path, sizeof path);
            path_text(own->kids[0], mine, sizeof mine);
            why_same(over->kids[0], own->kids[0], why, sizeof why);
            if (!exact)
                snprintf(itself, sizeof itself, "%s itself", mine);
            if (own->kind == AST_VARY) {
                if (exact)
                    diag_warning(s->diag, over->kids[0]->loc, "--set %s overrides the values "
                                 "sweep '%s' varies: every point runs with it", path, exp->str);
                else
                    diag_warning(s->diag, over->kids[0]->loc, "--set %s overrides %s, which "
                                 "sweep '%s' varies%s: every point runs with it", path, mine,
                                 exp->str, why);
                diag_note(s->diag, own->loc, "sweep '%s' varies %s here", exp->str, mine);
                continue;
            }
            if (under)
                diag_warning(s->diag, over->kids[0]->loc, "--set %s overrides, for %s, the set "
                             "%s of experiment '%s'%s; the results are still filed under '%s'",
                             path, over->kids[0]->kids[0]->str, mine, exp->str, why, exp->str);
            else
                diag_warning(s->diag, over->kids[0]->loc, "--set %s overrides experiment '%s', "
                             "which sets %s%s; the results are still filed under '%s'", path,
                             exp->str, itself, why, exp->str);
            diag_note(s->diag, own->loc, "experiment '%s' sets %s here", exp->str, mine);
        }
    }
}

/* The root symbol of a set's path, and how many members follow it. */
static const struct ast *path_root(const struct ast *p, int *depth)
{
    *depth = 0;
    for (; p->kind == AST_MEMBER; p = p->kids[0])
        (*depth)++;
    return p;
}

/* Does `mech` set MECH.P of the same density mechanism and parameter as the
 * section set `sec` (CELL.SEC.MECH.P)? */
static bool sets_same_parameter(const struct ast *mech, const struct ast *sec)
{
    int dm, ds;
    const struct ast *rm = path_root(mech->kids[0], &dm), *rs = path_root(sec->kids[0], &ds);
    if (dm != 1 || ds != 3 || !rm->sym || rm->sym->kind != SYM_MECH || !rs->sym ||
        rs->sym->kind != SYM_CELL)
        return false;
    const struct ast *mech_of_sec = sec->kids[0]->kids[0];     /* CELL.SEC.MECH */
    return strcmp(mech->kids[0]->str, sec->kids[0]->str) == 0 &&
           strcmp(rm->str, mech_of_sec->str) == 0;
}

/* `set MECH.P` gives every instance of a density mechanism the value,
 * whatever the sections write (docs/LANGUAGE.md), wherever the two sets
 * stand: a `set CELL.SEC.MECH.P` (or its --set) of the same parameter then
 * changes nothing, in every run or in the experiments that set MECH.P. */
static void lint_mech_wide_sets(struct sema *s, const struct ast *prog)
{
    for (unsigned i = 0; i < prog->nkids; i++) {
        const struct ast *sec = prog->kids[i];
        if (sec->kind != AST_SET)
            continue;
        for (unsigned j = 0; j < prog->nkids; j++) {
            const struct ast *it = prog->kids[j];
            const struct ast *mech = NULL;
            const char *exp = NULL;
            if (it->kind == AST_SET && sets_same_parameter(it, sec))
                mech = it;
            for (unsigned k = 0; !mech && it->kind == AST_EXPERIMENT && k < it->nkids; k++)
                if (it->kids[k]->kind == AST_SET && sets_same_parameter(it->kids[k], sec)) {
                    mech = it->kids[k];
                    exp = it->str;
                }
            if (!mech)
                continue;
            char path[256] = "", wide[256] = "";
            path_text(sec->kids[0], path, sizeof path);
            path_text(mech->kids[0], wide, sizeof wide);
            if (exp)
                diag_warning(s->diag, sec->kids[0]->loc, "set %s has no effect in experiment '%s': "
                             "its set %s gives every instance the value, whatever the sections "
                             "write", path, exp, wide);
            else
                diag_warning(s->diag, sec->kids[0]->loc, "set %s has no effect: set %s gives "
                             "every instance the value, whatever the sections write", path, wide);
            diag_note(s->diag, mech->kids[0]->loc, "%s is set here", wide);
        }
    }
}

/* Does section block b write `param` (of mechanism `mech`, or its own when
 * mech is NULL)? */
static bool block_writes(const struct ast *b, const char *mech, const char *param)
{
    for (unsigned k = 0; k < b->nkids; k++) {
        const struct ast *it = b->kids[k];
        if (!mech && it->kind == AST_PROP && strcmp(it->str, param) == 0)
            return true;
        if (mech && it->kind == AST_INSERT && strcmp(it->str, mech) == 0)
            for (unsigned j = 0; j < it->nkids; j++)
                if (it->kids[j] && it->kids[j]->kind == AST_PROP &&
                    strcmp(it->kids[j]->str, param) == 0)
                    return true;
    }
    return false;
}

/* A morphology cell's blocks apply in order, so `set CELL.LIST.P` (or
 * .MECH.P) changes what block LIST writes, and a later block that writes
 * the same in some of LIST's sections overwrites it there. */
static void lint_overwritten_list_set(struct sema *s, const struct ast *set)
{
    int depth;
    const struct ast *root = path_root(set->kids[0], &depth);
    if ((depth != 2 && depth != 3) || !root->sym || root->sym->kind != SYM_CELL)
        return;
    const struct ast *cell = root->sym->decl;
    const char *param = set->kids[0]->str;
    const char *mech = depth == 3 ? set->kids[0]->kids[0]->str : NULL;
    const char *list = depth == 3 ? set->kids[0]->kids[0]->kids[0]->str : set->kids[0]->kids[0]->str;
    long own = -1;
    for (unsigned i = 0; i < cell->nkids; i++)
        if (cell->kids[i]->kind == AST_SECTION && cell->kids[i]->op == SECTION_LIST_BLOCK &&
            strcmp(cell->kids[i]->str, list) == 0)
            own = i;
    if (own < 0)
        return;
    for (unsigned i = (unsigned)own + 1; i < cell->nkids; i++) {
        const struct ast *b = cell->kids[i];
        if (b->kind != AST_SECTION || b->op != SECTION_LIST_BLOCK || !block_writes(b, mech, param))
            continue;
        long n = 0, over = 0;
        for (unsigned k = 0; k < cell->nkids; k++) {
            const struct ast *sec = cell->kids[k];
            if (sec->kind != AST_SECTION || sec->op != SECTION_MORPH || !sema_list_has(cell, list, sec->str))
                continue;
            n++;
            over += sema_list_has(cell, b->str, sec->str);
        }
        if (over == 0)
            continue;
        char path[256] = "";
        path_text(set->kids[0], path, sizeof path);
        if (over == n)
            diag_warning(s->diag, set->kids[0]->loc, "set %s has no effect: the later block "
                         "'%s' writes %s%s%s in every section of '%s'", path, b->str,
                         mech ? mech : "", mech ? "." : "", param, list);
        else
            diag_warning(s->diag, set->kids[0]->loc, "set %s is overwritten in %ld of the %ld "
                         "sections of '%s': the later block '%s' writes %s%s%s there", path, over,
                         n, list, b->str, mech ? mech : "", mech ? "." : "", param);
        diag_note(s->diag, b->loc, "block '%s' is here", b->str);
        return;
    }
}

void sema_pass_lint(struct sema *s)
{
    for (int p = 0; p < s->nprograms; p++) {
        if (s->is_stdlib[p])
            continue;
        struct ast *prog = s->programs[p];
        lint_mech_wide_sets(s, prog);
        lint_sets(s, prog);
        for (unsigned i = 0; i < prog->nkids; i++)
            if (prog->kids[i]->kind == AST_SET)
                lint_overwritten_list_set(s, prog->kids[i]);
        for (unsigned i = 0; i < prog->nkids; i++) {
            struct ast *it = prog->kids[i];
            switch (it->kind) {
            case AST_CONNECT:
                lint_delay(s, ast_kid(it, 4), NULL);
                lint_weight(s, ast_kid(it, 3), ast_kid(it, 4), NULL);
                lint_selector(s, ast_kid(it, 0), "presynaptic side", it->loc);
                lint_selector(s, ast_kid(it, 1), "postsynaptic side", it->loc);
                break;
            case AST_SYNAPSE:
                lint_taus(s, ast_kid(it, 0)->sym, ast_kid(it, 1), it->loc, NULL);
                break;
            case AST_STIMULUS:
                lint_stimulus(s, it);
                break;
            case AST_EXPERIMENT:
                for (unsigned k = 0; k < it->nkids; k++)
                    if (it->kids[k]->kind == AST_STIMULUS)
                        lint_stimulus(s, it->kids[k]);
                lint_overridden(s, prog, it);
                break;
            case AST_SWEEP:
                lint_overridden(s, prog, it);
                lint_vary_values(s, prog, it);
                break;
            case AST_WINDOW:
                lint_interval(s, it->kids[0], it->str);
                break;
            case AST_MEASURE:
            case AST_EXPECT:
                lint_inline_windows(s, ast_kid(it, 1));
                break;
            case AST_CELL:
                for (unsigned k = 0; k < it->nkids; k++)
                    if (it->kids[k]->kind == AST_SECTION)
                        lint_concentration_writers(s, it->kids[k]);
                break;
            case AST_SIMULATION:    /* a record of no cells would record nothing, silently */
                for (unsigned k = 0; k < it->nkids; k++)
                    if (it->kids[k]->kind == AST_RECORD && ast_kid(it->kids[k], 0))
                        lint_selector(s, it->kids[k]->kids[0], "record", it->kids[k]->loc);
                break;
            default:
                break;
            }
        }
    }
    lint_unused(s);
}
