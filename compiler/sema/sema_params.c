/* sema_params.c - model parameters and settings of the simulation that a
 * top-level `set` (or --set, which becomes one) changes.
 *
 * `parameter scale = 1` at the top level names a constant of the network
 * and its protocol: population counts and sizes, probabilities, weights,
 * delays, windows, stimulus times may use it.  Its value is the last
 * top-level `set scale = ...` (so `--set scale=10`), else its default; a
 * parameter's default may use the parameters declared before it, and a
 * `set` of an earlier one reaches it.  `set simulation.duration = 100 ms`
 * changes a property of the simulation block: sema's view of that block
 * (s->simulation) becomes a copy with the property replaced, which the
 * later checks and the lowering read; the tree the parser built stays as
 * it was.  Experiments may not set either: they share one network and one
 * simulation.
 */
#include "sema_int.h"

#include <string.h>

/* The path of a top-level `set simulation.KEY = ...`, or NULL. */
static const char *simulation_key(const struct ast *set)
{
    const struct ast *p = set->kids[0];
    if (p->kind != AST_MEMBER || p->kids[0]->kind != AST_NAME ||
        strcmp(p->kids[0]->str, "simulation") != 0)
        return NULL;
    return p->str;
}

static struct ast *synth_prop(struct sema *s, const struct ast *set, const char *key)
{
    struct ast *prop = ast_new(s->arena, AST_PROP, set->kids[0]->loc);
    prop->str = key;
    prop->nloc = set->kids[0]->loc;
    ast_add(s->arena, prop, set->kids[1]);
    return prop;
}

void sema_effective_simulation(struct sema *s)
{
    struct ast *block = NULL;
    for (int p = 0; p < s->nprograms; p++)
        for (unsigned i = 0; i < s->programs[p]->nkids; i++) {
            struct ast *set = s->programs[p]->kids[i];
            const char *key = set->kind == AST_SET ? simulation_key(set) : NULL;
            if (!key)
                continue;
            if (!block) {   /* a copy of the block (or a new one) the sets change */
                block = ast_new(s->arena, AST_SIMULATION, s->simulation ? s->simulation->loc
                                                                        : set->loc);
                for (unsigned k = 0; s->simulation && k < s->simulation->nkids; k++)
                    ast_add(s->arena, block, s->simulation->kids[k]);
            }
            bool replaced = false;
            for (unsigned k = 0; k < block->nkids; k++)
                if (block->kids[k]->kind == AST_PROP && block->kids[k]->str == key) {
                    block->kids[k] = synth_prop(s, set, key);
                    replaced = true;
                }
            if (!replaced)
                ast_add(s->arena, block, synth_prop(s, set, key));
        }
    if (block)
        s->simulation = block;
}

/* The last top-level `set NAME = value` of model parameter sym, or NULL. */
static struct ast *last_set(struct sema *s, const struct sym *sym)
{
    struct ast *value = NULL;
    for (int p = 0; p < s->nprograms; p++)
        for (unsigned i = 0; i < s->programs[p]->nkids; i++) {
            struct ast *set = s->programs[p]->kids[i];
            if (set->kind == AST_SET && set->kids[0]->kind == AST_NAME &&
                set->kids[0]->str == sym->name)
                value = set->kids[1];
        }
    return value;
}

struct ast *sema_model_param_value(struct sema *s, const struct sym *param)
{
    struct ast *value = last_set(s, param);
    return value ? value : ast_kid(param->decl, 0);
}

/* A model parameter named in e that is declared after `self` (or is self):
 * defaults use only the parameters before them. */
static const struct ast *later_param(const struct ast *e, const struct sym *self,
                                     const struct sema *s)
{
    if (!e)
        return NULL;
    if (e->kind == AST_NAME) {
        struct sym *p = sema_lookup_local(s->global, e->str);
        if (p && p->kind == SYM_MODEL_PARAM && (p == self || !p->has_unit))
            return e;
    }
    for (unsigned i = 0; i < e->nkids; i++) {
        const struct ast *hit = later_param(e->kids[i], self, s);
        if (hit)
            return hit;
    }
    return NULL;
}

static void model_param(struct sema *s, struct sym *sym)
{
    struct ast *d = sym->decl;
    struct ast *dflt = ast_kid(d, 0), *annot = ast_kid(d, 1);
    struct ctx c = {.where = CTXB_MATH};
    if (ast_kid(d, 2))
        diag_error(s->diag, d->kids[2]->loc, "a model parameter takes no 'where' condition");
    if (!dflt) {
        diag_error(s->diag, ast_name_loc(d), "model parameter '%s' needs a value, such as "
                   "parameter %s = 1", sym->name, sym->name);
        return;
    }
    const struct ast *later = later_param(dflt, sym, s);
    if (later) {
        diag_error(s->diag, later->loc, "model parameter '%s' is used before it is declared: "
                   "a parameter's value may use only the parameters above it", later->str);
        return;
    }
    struct units_val u;
    if (annot) {
        if (!sema_unit_of_annotation(s, annot, &u) ||
            !sema_expect_unit(s, dflt, &c, u, "the parameter's value"))
            return;
    } else {
        struct tval t = sema_expr(s, dflt, &c);
        if (t.ty != TY_NUM) {
            if (t.ty != TY_ERROR)
                diag_error(s->diag, dflt->loc, "a model parameter is a number, with or without "
                           "a unit");
            return;
        }
        u = t.u;
    }
    sym->unit = u;
    sym->has_unit = true;
    struct ast *value = last_set(s, sym);
    if (value && !sema_expect_unit(s, value, &c, u, "the parameter's value"))
        value = NULL;   /* reported; its default keeps what uses it from failing too */
    if (!value)
        value = dflt;
    double x;
    if (!sema_const_value(dflt, &x) || (value != dflt && !sema_const_value(value, &x))) {
        diag_error(s->diag, value->loc, "the value of model parameter '%s' must be a constant "
                   "(numbers, units and earlier model parameters)", sym->name);
        return;
    }
    sym->value = x;
    sym->has_value = true;
}

void sema_model_params(struct sema *s)
{
    for (unsigned i = 0; i < s->global->n; i++)
        if (s->global->syms[i]->kind == SYM_MODEL_PARAM)
            model_param(s, s->global->syms[i]);
}
