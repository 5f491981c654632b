/* sema_fit.c - `fit NAME [in EXPERIMENT] { vary ...; target ...; budget N }`.
 *
 * A fit runs its experiment (or the base protocol) again and again, each
 * time with `set PATH = value` for every `vary` line, values an optimizer
 * chooses between the line's bounds (circ fit, compiler/fit.c).  What may
 * vary is what a sweep may: the runs share one compiled model.  Each bound
 * is checked as that `set` would be (unit, range); the bounds are kept in
 * the unit of the lower one.  A target names a population (its rate over
 * the run, Hz) or a numeric `measure` computed in the fit's runs; its value
 * and `within` tolerance must have that measure's dimension and are kept in
 * the unit the run reports it in.
 */
#include "sema_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FIT_DEFAULT_BUDGET 50
#define FIT_MAX_BUDGET 100000
#define FIT_MAX_VARY 32

/* One `vary PATH from A to B`: its bounds into f's line v; false after an error. */
static bool check_vary(struct sema *s, struct sema_fit *f, unsigned v, struct ast *vary,
                       struct scope *scope)
{
    struct ast *path = vary->kids[0];
    char text[256] = "";
    sema_path_text(path, text, sizeof text);
    f->paths[v] = arena_strdup(s->arena, text);
    if (vary->op != 3) {
        diag_error(s->diag, vary->loc, "a fit's values lie between bounds and the optimizer "
                   "chooses them: vary %s from A to B, without steps", text);
        return false;
    }
    if (!sema_settable(s, path, scope, "a fit"))
        return false;
    double a, b;
    const char *ua;
    if (!sema_vary_bounds(s, vary, path, scope, "a fit", &a, &b, &ua))
        return false;
    if (!(a < b)) {
        diag_error(s->diag, vary->kids[1]->loc, "a fit's lower bound must be below its upper "
                   "bound (vary %s from A to B with A < B)", text);
        return false;
    }
    f->lo[v] = a;
    f->hi[v] = b;
    f->units[v] = ua ? ua : "";
    return true;
}

/* The unit a target's run reports (Hz for a population, a measure's
 * conventional unit), its dimension into *dim; NULL after an error. */
static const char *target_unit(struct sema *s, struct sema_fit *f, unsigned t, struct ast *target,
                               struct units_val *unit)
{
    struct sym *sym = sema_lookup(s->global, target->str);
    const struct ast *exp = f->experiment;
    if (sym && sym->kind == SYM_POPULATION) {
        sym->uses++;
        f->is_measure[t] = false;
        *unit = units_must("Hz");
        return "Hz";
    }
    if (sym && sym->kind == SYM_MEASURE)
        sema_type_measure(s, sym);  /* it may be declared after the fit */
    if (sym && sym->kind == SYM_MEASURE && sema_measure_is_number(sym)) {
        const struct ast *in = ast_kid(sym->decl, 0);
        if (in && (!in->sym || in->sym->decl != exp)) {
            diag_error(s->diag, target->nloc, "measure '%s' is computed in experiment '%s', "
                       "not in the runs of fit '%s'", target->str, in->str, f->decl->str);
            return NULL;
        }
        sym->uses++;
        f->is_measure[t] = true;
        *unit = sym->unit;      /* the unit its value is kept in (sema_type_measure) */
        return sym->kept_unit;
    }
    diag_error(s->diag, target->nloc, "unknown target '%s': a fit's target is a population "
               "(its rate) or a numeric measure", target->str);
    return NULL;
}

/* A target's value or tolerance in `unit` (the dimension checked); false
 * after an error. */
static bool target_number(struct sema *s, const struct ast *e, struct units_val unit,
                          double *out)
{
    double x;
    const char *written;
    if (!sema_written_number(s, e, &x, &written, "a fit target"))
        return false;
    struct units_val w = units_must("1");
    const char *bad;
    size_t badlen;
    if (written && !units_parse(written, &w, &bad, &badlen)) {
        diag_error(s->diag, e->loc, "unknown unit '%s'", written);
        return false;
    }
    if (!units_dim_eq(w.dim, unit.dim)) {
        char want[64], got[64];
        diag_error(s->diag, e->loc, "this target's value must be %s, not %s",
                   units_describe(unit.dim, want, sizeof want),
                   units_describe(w.dim, got, sizeof got));
        return false;
    }
    *out = x * units_factor(w, unit);
    return true;
}

void sema_check_fit(struct sema *s, struct ast *it)
{
    struct ast *exp = ast_kid(it, 0);
    if (exp && (!exp->sym || exp->sym->kind != SYM_EXPERIMENT))
        return;     /* reported by the names pass */
    struct scope *scope = exp && exp->sym->members ? exp->sym->members : s->global;
    if (!exp) {
        for (unsigned i = 0; i < s->global->n; i++)
            if (s->global->syms[i]->kind == SYM_EXPERIMENT) {
                diag_error(s->diag, it->nloc, "fit '%s' needs the experiment it runs in "
                           "(fit %s in EXPERIMENT): this model runs only its experiments",
                           it->str, it->str);
                return;
            }
    }
    struct sema_fit f = {.decl = it, .experiment = exp ? exp->sym->decl : NULL,
                         .budget = FIT_DEFAULT_BUDGET};
    unsigned nkids = it->nkids - 1;
    f.paths = arena_alloc(s->arena, (nkids + 1) * sizeof *f.paths);
    f.units = arena_alloc(s->arena, (nkids + 1) * sizeof *f.units);
    f.lo = arena_alloc(s->arena, (nkids + 1) * sizeof *f.lo);
    f.hi = arena_alloc(s->arena, (nkids + 1) * sizeof *f.hi);
    f.targets = arena_alloc(s->arena, (nkids + 1) * sizeof *f.targets);
    f.is_measure = arena_alloc(s->arena, (nkids + 1) * sizeof *f.is_measure);
    f.target = arena_alloc(s->arena, (nkids + 1) * sizeof *f.target);
    f.tol = arena_alloc(s->arena, (nkids + 1) * sizeof *f.tol);
    f.target_units = arena_alloc(s->arena, (nkids + 1) * sizeof *f.target_units);
    bool ok = true;
    for (unsigned k = 1; k < it->nkids; k++) {
        struct ast *e = it->kids[k];
        if (e->kind == AST_VARY) {
            unsigned v = f.nvary++;
            if (!check_vary(s, &f, v, e, scope)) {
                ok = false;
                continue;
            }
            for (unsigned w = 0; w < v; w++)
                if (strcmp(f.paths[w], f.paths[v]) == 0) {
                    diag_error(s->diag, e->kids[0]->loc, "fit '%s' varies '%s' twice",
                               it->str, f.paths[v]);
                    ok = false;
                }
        } else if (e->kind == AST_TARGET) {
            unsigned t = f.ntargets++;
            struct units_val unit;
            f.targets[t] = e->str;
            f.tol[t] = NAN;
            const char *u = target_unit(s, &f, t, e, &unit);
            if (!u || !target_number(s, e->kids[0], unit, &f.target[t]) ||
                (e->kids[1] && !target_number(s, e->kids[1], unit, &f.tol[t]))) {
                ok = false;
                continue;
            }
            f.target_units[t] = u;
            if (e->kids[1] && !(f.tol[t] > 0)) {
                diag_error(s->diag, e->kids[1]->loc, "a target's tolerance is above zero");
                ok = false;
            }
            for (unsigned w = 0; w < t; w++)
                if (f.targets[w] == f.targets[t]) {
                    diag_error(s->diag, e->nloc, "fit '%s' has two targets for '%s'", it->str,
                               e->str);
                    ok = false;
                }
        } else if (e->kind == AST_BUDGET) {
            const struct ast *n = e->kids[0];
            if (n->kind != AST_NUM || n->str || n->num != floor(n->num) || n->num < 1 ||
                n->num > FIT_MAX_BUDGET) {
                diag_error(s->diag, n->loc, "a fit's budget is a number of runs from 1 to %d",
                           FIT_MAX_BUDGET);
                ok = false;
            } else {
                f.budget = (unsigned)n->num;
            }
        }
    }
    if (ok && f.nvary == 0)
        diag_error(s->diag, it->nloc, "fit '%s' varies nothing: add a line such as "
                   "vary bkg.rate from 10 Hz to 60 Hz", it->str);
    else if (ok && f.nvary > FIT_MAX_VARY)
        diag_error(s->diag, it->nloc, "fit '%s' varies %u values, more than %d", it->str,
                   f.nvary, FIT_MAX_VARY);
    else if (ok && f.ntargets == 0)
        diag_error(s->diag, it->nloc, "fit '%s' has no target: add a line such as "
                   "target Exc_L23 = 5 Hz within 0.5 Hz", it->str);
    if (!ok || f.nvary == 0 || f.nvary > FIT_MAX_VARY || f.ntargets == 0)
        return;
    s->fits = arena_realloc(s->arena, s->fits, s->nfits * sizeof *s->fits,
                            (s->nfits + 1) * sizeof *s->fits);
    s->fits[s->nfits++] = f;
}
