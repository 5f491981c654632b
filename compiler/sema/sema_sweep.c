/* sema_sweep.c - `sweep NAME [in EXPERIMENT] { vary ... }`.
 *
 * A sweep runs its experiment (or the base protocol) once per point of the
 * grid of its `vary` lines, each point with `set PATH = value` for every
 * line, exactly as that experiment's own `set` (or --set) would carry it:
 * each value becomes a number with the unit written on the line and is
 * checked by the `set` checks (units, ranges) in the experiment's scope.
 * Only what an experiment may set can vary: the points share one compiled
 * model and one network, so model parameters, the simulation and a cell
 * type's values (compiled in) are refused.  Ranges are computed in the unit
 * of their first bound: linear `from + (to - from) * i / (n - 1)`, log
 * `from * (to / from)^(i / (n - 1))`, rounded to 15 significant digits (the
 * number one would write) and ending exactly at `to`.
 */
#include "sema_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SWEEP_POINTS 10000

/* The root name of a path and its length. */
static const struct ast *path_root(const struct ast *p, int *depth)
{
    *depth = 1;
    while (p->kind == AST_MEMBER) {
        p = p->kids[0];
        ++*depth;
    }
    return p;
}

void sema_path_text(const struct ast *p, char *buf, size_t size)
{
    if (p->kind == AST_MEMBER) {
        sema_path_text(p->kids[0], buf, size);
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, ".%s", p->str);
    } else {
        snprintf(buf, size, "%s", p->str);
    }
}

/* Can a point of a sweep (an evaluation of a fit) set this path?  (What an
 * experiment may set.) */
bool sema_settable(struct sema *s, const struct ast *path, struct scope *scope, const char *what)
{
    int depth;
    const struct ast *root = path_root(path, &depth);
    char text[256] = "";
    sema_path_text(path, text, sizeof text);
    struct sym *sym = sema_lookup(scope, root->str);
    const char *why = NULL;
    if (depth == 1 && sym && sym->kind == SYM_MODEL_PARAM)
        why = "a model parameter shapes the network all the points share";
    else if (depth == 2 && !strcmp(root->str, "simulation") && (!sym || sym->kind != SYM_STIMULUS))
        why = "every point runs the same simulation";
    else if (sym && sym->kind == SYM_CELL)
        why = "a cell type is compiled with its geometry and mechanism parameters";
    if (!why)
        return true;
    diag_error(s->diag, path->loc, "%s cannot vary '%s': %s (give the values with --set, "
               "one run each)", what, text, why);
    return false;
}

/* A bound or a listed value: a number with the unit as written, perhaps
 * negated.  Its value in that unit into *x and the spelling into *unit. */
bool sema_written_number(struct sema *s, const struct ast *e, double *x, const char **unit,
                         const char *what)
{
    double sign = 1;
    if (e->kind == AST_UNOP && (e->op == OP_NEG || e->op == OP_PLUS)) {
        sign = e->op == OP_NEG ? -1 : 1;
        e = e->kids[0];
    }
    if (e->kind != AST_NUM) {
        diag_error(s->diag, e->loc, "%s's values are numbers with their unit, such as "
                   "0.5 nA", what);
        return false;
    }
    *x = sign * e->num;
    *unit = e->str;
    return true;
}

/* x in unit `from` converted to unit `to` (both spellings, or NULL). */
double sema_convert(double x, const char *from, const char *to)
{
    struct units_val a, b;
    const char *bad;
    size_t badlen;
    if (!from || !to || from == to || !units_parse(from, &a, &bad, &badlen) ||
        !units_parse(to, &b, &bad, &badlen) || !units_dim_eq(a.dim, b.dim))
        return x;
    return x * units_factor(a, b);
}

/* `set PATH = value` of one point, checked as the experiment's own would be;
 * false if it reported an error. */
bool sema_check_value(struct sema *s, struct ast *path, struct ast *value, struct scope *scope)
{
    unsigned before = diag_errors(s->diag);
    struct ast *set = ast_make(s->arena, AST_SET, value->loc, NULL, 2, path, value);
    sema_check_set(s, set, scope);
    return diag_errors(s->diag) == before;
}

/* A `vary PATH from A to B` line's bounds: numbers with their units, each
 * a value `set PATH` takes; b in a's unit (*ua); false after an error. */
bool sema_vary_bounds(struct sema *s, struct ast *vary, struct ast *path, struct scope *scope,
                      const char *what, double *a, double *b, const char **ua)
{
    const char *ub;
    if (!sema_written_number(s, vary->kids[1], a, ua, what) ||
        !sema_written_number(s, vary->kids[2], b, &ub, what) ||
        !sema_check_value(s, path, vary->kids[1], scope) ||
        !sema_check_value(s, path, vary->kids[2], scope))
        return false;
    *b = sema_convert(*b, ub, *ua);
    return true;
}

/* x to 15 significant digits: 3 * 0.05 is 0.15, the number a user would
 * write (and give --set), not 0.15000000000000002. */
static double fifteen_digits(double x)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", x);
    return strtod(buf, NULL);
}

static struct ast *number(struct sema *s, double x, const char *unit, struct loc loc)
{
    struct ast *n = ast_new(s->arena, AST_NUM, loc);
    n->num = x;
    n->str = unit;
    n->scale = 1;
    return n;
}

/* One `vary` line: its values into sw's line v; false after an error. */
static bool check_vary(struct sema *s, struct sema_sweep *sw, unsigned v, struct ast *vary,
                       struct scope *scope)
{
    struct ast *path = vary->kids[0];
    if (!sema_settable(s, path, scope, "a sweep"))
        return false;
    if (vary->op == 2) {    /* vary PATH in [a, b, ...] */
        struct ast *list = vary->kids[1];
        if (list->kind != AST_LIST || list->nkids == 0) {
            diag_error(s->diag, list->loc, "a sweep's list of values such as [0.1 nA, 0.2 nA] "
                       "has at least one value");
            return false;
        }
        sw->counts[v] = list->nkids;
        sw->values[v] = arena_alloc(s->arena, list->nkids * sizeof *sw->values[v]);
        sw->shown[v] = arena_alloc(s->arena, list->nkids * sizeof *sw->shown[v]);
        const char *first = NULL;
        for (unsigned k = 0; k < list->nkids; k++) {
            double x;
            const char *unit;
            if (!sema_written_number(s, list->kids[k], &x, &unit, "a sweep") ||
                !sema_check_value(s, path, list->kids[k], scope))
                return false;
            if (k == 0)
                first = unit;
            sw->values[v][k] = list->kids[k];
            sw->shown[v][k] = sema_convert(x, unit, first);
        }
        sw->units[v] = first ? first : "";
        return true;
    }
    /* vary PATH from A to B in N [log] steps */
    struct ast *count = vary->kids[3];
    bool log_steps = vary->op == 1;
    if (count->kind != AST_NUM || !count->str ||
        strcmp(count->str, log_steps ? "log" : "steps") != 0 || count->num != floor(count->num) ||
        count->num < 2 || count->num > MAX_SWEEP_POINTS) {
        diag_error(s->diag, count->loc, "expected the number of values, from 2 to %d, as "
                   "'in 17 steps' or 'in 9 log steps'", MAX_SWEEP_POINTS);
        return false;
    }
    double a, b;
    const char *ua;
    if (!sema_vary_bounds(s, vary, path, scope, "a sweep", &a, &b, &ua))
        return false;
    if (log_steps && !(a * b > 0)) {
        diag_error(s->diag, vary->kids[1]->loc, "a log range needs bounds of one sign, neither "
                   "of them zero");
        return false;
    }
    unsigned n = (unsigned)count->num;
    sw->counts[v] = n;
    sw->log[v] = log_steps;
    sw->units[v] = ua ? ua : "";
    sw->values[v] = arena_alloc(s->arena, n * sizeof *sw->values[v]);
    sw->shown[v] = arena_alloc(s->arena, n * sizeof *sw->shown[v]);
    for (unsigned k = 0; k < n; k++) {
        double f = (double)k / (double)(n - 1);
        double x = k == n - 1 ? b : log_steps ? a * pow(b / a, f) : a + (b - a) * f;
        x = fifteen_digits(x);
        struct ast *value = number(s, x, ua, vary->kids[1]->loc);
        if (!sema_check_value(s, path, value, scope))
            return false;
        sw->values[v][k] = value;
        sw->shown[v][k] = x;
    }
    return true;
}

static bool same_path(const struct ast *a, const struct ast *b)
{
    if (a->kind != b->kind || a->str != b->str)
        return false;
    return a->kind != AST_MEMBER || same_path(a->kids[0], b->kids[0]);
}

void sema_check_sweep(struct sema *s, struct ast *it)
{
    struct ast *exp = ast_kid(it, 0);
    if (exp && (!exp->sym || exp->sym->kind != SYM_EXPERIMENT))
        return;     /* reported by the names pass */
    struct scope *scope = exp && exp->sym->members ? exp->sym->members : s->global;
    unsigned nvary = it->nkids - 1;
    if (nvary == 0) {
        diag_error(s->diag, it->nloc, "sweep '%s' varies nothing: add a line such as "
                   "vary step.amp from 0 nA to 0.8 nA in 17 steps", it->str);
        return;
    }
    struct sema_sweep sw = {.decl = it, .experiment = exp ? exp->sym->decl : NULL,
                            .nvary = nvary};
    sw.paths = arena_alloc(s->arena, nvary * sizeof *sw.paths);
    sw.units = arena_alloc(s->arena, nvary * sizeof *sw.units);
    sw.counts = arena_alloc(s->arena, nvary * sizeof *sw.counts);
    sw.log = arena_alloc(s->arena, nvary * sizeof *sw.log);
    sw.values = arena_alloc(s->arena, nvary * sizeof *sw.values);
    sw.shown = arena_alloc(s->arena, nvary * sizeof *sw.shown);
    bool ok = true;
    double points = 1;
    for (unsigned v = 0; v < nvary; v++) {
        struct ast *vary = it->kids[v + 1];
        sw.paths[v] = vary->kids[0];
        for (unsigned w = 0; w < v; w++)
            if (same_path(sw.paths[w], sw.paths[v])) {
                char text[256] = "";
                sema_path_text(sw.paths[v], text, sizeof text);
                diag_error(s->diag, sw.paths[v]->loc, "sweep '%s' varies '%s' twice",
                           it->str, text);
                diag_note(s->diag, sw.paths[w]->loc, "first varied here");
                ok = false;
            }
        if (ok && !check_vary(s, &sw, v, vary, scope))
            ok = false;
        points *= ok ? sw.counts[v] : 1;
    }
    if (!ok)
        return;
    if (points > MAX_SWEEP_POINTS) {
        diag_error(s->diag, it->nloc, "sweep '%s' has %.0f points, more than %d", it->str,
                   points, MAX_SWEEP_POINTS);
        return;
    }
    sw.npoints = (unsigned)points;
    s->sweeps = arena_realloc(s->arena, s->sweeps, s->nsweeps * sizeof *s->sweeps,
                              (s->nsweeps + 1) * sizeof *s->sweeps);
    s->sweeps[s->nsweeps++] = sw;
}
