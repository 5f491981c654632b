/* sema_kinetic.c - the statements of a kinetic scheme (NMODL's KINETIC):
 * reactions `~ A + 2 B <-> C (kf, kb)`, fluxes `~ A << (f)`, `conserve
 * A + B = total`, and `steadystate` in `initial`.
 *
 * Every reactant is a state of the mechanism, but in `nmodl` mechanisms a
 * reaction's reactant may be any value (cao): nocmodl multiplies the flux by
 * it and gives it no equation.  f_flux and b_flux (the last reaction's
 * fluxes) are read in `nmodl` mechanisms only, after a reaction, in
 * statements that are not reactions.  Units (not for NMODL-sourced
 * mechanisms, which are checked as modlunit does): the states of one
 * reaction share a unit U, a flux kf*A*B is in U/ms, so kf is in
 * U^(1 - number of left reactants)/ms, a `<<` flux in U/ms and a conserved
 * total in U.
 */
#include "sema_int.h"

#include <stdio.h>
#include <string.h>

/* Resolves the reactants of a list to states (with values, an `nmodl`
 * mechanism's other names to values too); the unit the states share (or the
 * first one's, after reporting a mismatch) in *u, false if none resolved. */
static bool reactants(struct sema *s, struct ast *list, struct ctx *c, struct units_val *u,
                      bool *have_unit, bool values)
{
    bool any = false;
    for (unsigned i = 0; list && i < list->nkids; i++) {
        struct ast *n = list->kids[i];
        struct sym *state = sema_lookup_local(c->mech->members, n->str);
        if ((!state || state->kind != SYM_STATE) && values && c->nmodl) {
            sema_expr(s, n, c);     /* a constant factor of the flux (nocmodl's) */
            continue;
        }
        if (!state || state->kind != SYM_STATE) {
            if (state)
                diag_error(s->diag, n->loc, "'%s' is %s; a reaction changes states only",
                           n->str, sema_a_kind(state->kind));
            else
                sema_unknown(s, n->loc, "state", n->str, c->mech->members, KIND_BIT(SYM_STATE));
            continue;
        }
        n->sym = state;
        state->uses++;
        struct units_val su = state->has_unit ? state->unit : units_must("1");
        if (!*have_unit) {
            *u = su;
            *have_unit = true;
        } else if (!c->nmodl && (!units_dim_eq(u->dim, su.dim) || u->scale != su.scale)) {
            diag_error(s->diag, n->loc, "the states of a reaction must have one unit, and "
                       "'%s' has another than '%s'", n->str, list->kids[0]->str);
        }
        any = true;
    }
    return any;
}

/* The unit of a rate: U/ms divided by U once per reactant. */
static struct units_val rate_unit(struct units_val u, const struct ast *list)
{
    struct units_val r = units_div(u, units_must("ms"));
    for (unsigned i = 0; list && i < list->nkids; i++)
        for (int k = 0; k < (int)list->kids[i]->num; k++)
            r = units_div(r, u);
    return r;
}

static void rate(struct sema *s, struct ast *e, struct ctx *c, bool check, struct units_val want,
                 const char *what)
{
    if (check && !c->nmodl)
        sema_expect_unit(s, e, c, want, what);
    else
        sema_expr(s, e, c);
}

void sema_check_kinetic_stmt(struct sema *s, struct ast *st, struct ctx *c, const char *where)
{
    if (st->kind == AST_STEADYSTATE) {
        if (!c->in_initial || strcmp(where, "initial") != 0)
            diag_error(s->diag, st->loc, "'steadystate' belongs in the initial block");
        else if (!ast_kinetic_of(c->mech->decl))
            diag_error(s->diag, st->loc, "'steadystate' solves the kinetic block for its steady "
                       "state, and mechanism '%s' has none", c->mech->name);
        return;
    }
    if (strcmp(where, "kinetic") != 0) {
        diag_error(s->diag, st->loc, "%s belongs in a kinetic block",
                   st->kind == AST_CONSERVE ? "'conserve'"
                   : st->kind == AST_COMPARTMENT ? "'compartment'" : "a reaction");
        return;
    }
    if (st->kind == AST_COMPARTMENT) {
        /* its rows become amounts per time, so fluxes would need other units */
        if (!c->nmodl)
            diag_error(s->diag, st->loc, "'compartment' is supported in `nmodl` mechanisms "
                       "only, yet (with units its fluxes would be amounts per time)");
        sema_expr(s, st->kids[0], c);
        struct units_val u;
        bool have = false;
        reactants(s, st->kids[1], c, &u, &have, false);
        return;
    }
    struct units_val u = units_must("1");
    bool have = false;
    if (st->kind == AST_CONSERVE) {
        bool ok = reactants(s, st->kids[0], c, &u, &have, false);
        rate(s, st->kids[1], c, ok, u, "the conserved total");
        return;
    }
    bool ok = reactants(s, st->kids[0], c, &u, &have, st->op != 1);
    if (st->op == 1) {                      /* ~ x << (flux) */
        struct ast *l = st->kids[0];
        if (l->nkids != 1 || l->kids[0]->num != 1)
            diag_error(s->diag, l->loc, "a flux `<<` goes into one state");
        rate(s, st->kids[2], c, ok, units_div(u, units_must("ms")), "the flux");
        return;
    }
    if (st->op == 2) {                      /* ~ l -> (kf) */
        rate(s, st->kids[2], c, ok, rate_unit(u, st->kids[0]), "the rate");
        return;
    }
    ok = reactants(s, st->kids[1], c, &u, &have, true) && ok;
    char what[128];
    snprintf(what, sizeof what, "the forward rate");
    rate(s, st->kids[2], c, ok, rate_unit(u, st->kids[0]), what);
    snprintf(what, sizeof what, "the backward rate");
    rate(s, st->kids[3], c, ok, rate_unit(u, st->kids[1]), what);
}

static bool any_reaction_in(const struct ast *n)
{
    if (!n)
        return false;
    if (n->kind == AST_REACTION || n->kind == AST_CONSERVE || n->kind == AST_COMPARTMENT)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (any_reaction_in(n->kids[i]))
            return true;
    return false;
}

/* a state of compartment i that an earlier compartment of blk has */
static void compartment_twice(struct sema *s, const struct ast *blk, unsigned i)
{
    const struct ast *names = blk->kids[i]->kids[1];
    for (unsigned r = 0; r < names->nkids; r++)
        for (unsigned j = 0; j < i; j++) {
            const struct ast *other = blk->kids[j];
            for (unsigned q = 0; other->kind == AST_COMPARTMENT && q < other->kids[1]->nkids; q++)
                if (strcmp(other->kids[1]->kids[q]->str, names->kids[r]->str) == 0)
                    diag_error(s->diag, names->kids[r]->loc, "'%s' is in another "
                               "compartment already", names->kids[r]->str);
        }
}

/* A read of f_flux or b_flux in n, or NULL. */
static const struct ast *flux_read(const struct ast *n)
{
    if (!n)
        return NULL;
    if (n->kind == AST_NAME && n->sym && n->sym->kind == SYM_BUILTIN_VAR &&
        (strcmp(n->str, "f_flux") == 0 || strcmp(n->str, "b_flux") == 0))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = flux_read(n->kids[i]);
        if (r)
            return r;
    }
    return NULL;
}

/* f_flux and b_flux are nocmodl's C locals, which each reaction sets: read
 * before the first one, or in a reaction's, conserve's or compartment's
 * expressions (evaluated where the C has not set them, or mid-reaction),
 * they would be something else.  With units, their unit would be each
 * reaction's. */
static void check_flux_reads(struct sema *s, const struct ast *blk, bool nmodl)
{
    bool after = false;
    for (unsigned i = 0; blk && i < blk->nkids; i++) {
        const struct ast *st = blk->kids[i], *f = flux_read(st);
        if (f && !nmodl)
            diag_error(s->diag, f->loc, "'%s' (the last reaction's flux) is supported in "
                       "`nmodl` mechanisms only, yet (with units its unit is the reaction's)",
                       f->str);
        else if (f && (st->kind == AST_REACTION || st->kind == AST_CONSERVE ||
                       st->kind == AST_COMPARTMENT))
            diag_error(s->diag, f->loc, "'%s' cannot be read in a reaction, 'conserve' or "
                       "'compartment' (only in the statements after a reaction)", f->str);
        else if (f && !after)
            diag_error(s->diag, f->loc, "'%s' is read before the block's first reaction sets "
                       "it (NEURON would read an unset C variable)", f->str);
        after = after || st->kind == AST_REACTION;
    }
}

static bool taken(struct sym *const *picked, unsigned n, const struct sym *s)
{
    for (unsigned i = 0; i < n; i++)
        if (picked[i] == s)
            return true;
    return false;
}

/* The scheme as a whole: reactions at its top level (the matrix has one
 * shape), at least one, and each `conserve` (the last written first, as
 * nocmodl numbers them) replacing the equation of a state of its own, its
 * last-written state no later `conserve` took; that state takes no flux. */
void sema_check_kinetic_block(struct sema *s, struct ast *kin, bool nmodl)
{
    struct ast *blk = kin->kids[0];
    check_flux_reads(s, blk, nmodl);
    bool reactions = false;
    for (unsigned i = 0; blk && i < blk->nkids; i++) {
        struct ast *st = blk->kids[i];
        if (st->kind == AST_REACTION)
            reactions = true;
        if (st->kind == AST_COMPARTMENT)
            compartment_twice(s, blk, i);
        if (st->kind == AST_IF && any_reaction_in(st))
            diag_error(s->diag, st->loc, "reactions and 'conserve' cannot be inside 'if': a "
                       "kinetic scheme's matrix has one shape");
    }
    if (!reactions) {
        diag_error(s->diag, kin->loc, "the kinetic block has no reactions");
        return;
    }
    struct sym *picked[64];
    unsigned n = 0;
    for (unsigned i = blk->nkids; i-- > 0;) {
        struct ast *st = blk->kids[i];
        if (st->kind != AST_CONSERVE)
            continue;
        struct sym *pick = NULL;
        for (unsigned r = st->kids[0]->nkids; r-- > 0 && !pick;) {
            struct sym *x = st->kids[0]->kids[r]->sym;
            if (x && !taken(picked, n, x))
                pick = x;
        }
        if (!pick) {
            bool resolved = true;
            for (unsigned r = 0; r < st->kids[0]->nkids; r++)
                resolved = resolved && st->kids[0]->kids[r]->sym;
            if (resolved)
                diag_error(s->diag, st->loc, "this 'conserve' has no state of its own: each "
                           "replaces the equation of its last state that no later 'conserve' "
                           "took");
            continue;
        }
        if (n < 64)
            picked[n++] = pick;
    }
    for (unsigned i = 0; i < blk->nkids; i++) {
        struct ast *st = blk->kids[i];
        if (st->kind == AST_REACTION && st->op == 1 && st->kids[0]->nkids == 1 &&
            st->kids[0]->kids[0]->sym && taken(picked, n, st->kids[0]->kids[0]->sym))
            diag_error(s->diag, st->loc, "'%s' is conserved (a 'conserve' replaces its "
                       "equation) and cannot take a flux", st->kids[0]->kids[0]->str);
    }
}

/* The name of a state with an equation in n (a derivative block), which is
 * also a state of the scheme list names, or NULL. */
static const struct ast *equation_of_listed(const struct ast *n, const struct ast *list)
{
    if (!n)
        return NULL;
    if (n->kind == AST_DERIV)
        for (unsigned i = 0; list && i < list->nkids; i++)
            if (list->kids[i]->sym && list->kids[i]->sym->kind == SYM_STATE &&
                strcmp(list->kids[i]->str, n->str) == 0)
                return list->kids[i];
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = equation_of_listed(n->kids[i], list);
        if (r)
            return r;
    }
    return NULL;
}

/* A derivative block and a kinetic block run one after the other in the
 * state update (NEURON's nrn_state, in BREAKPOINT's order): each integrates
 * its own states.  A scheme state with an equation in the derivative block
 * would be stepped twice a step (NEURON does so); refused as the likely
 * mistake it is. */
void sema_check_kinetic_beside(struct sema *s, const struct ast *m, const struct ast *kin)
{
    const struct ast *deriv = NULL;
    for (unsigned i = 0; i < m->nkids; i++)
        if (m->kids[i]->kind == AST_DERIVATIVE)
            deriv = m->kids[i];
    const struct ast *blk = kin->kids[0];
    for (unsigned i = 0; deriv && blk && i < blk->nkids; i++) {
        const struct ast *st = blk->kids[i];
        for (unsigned k = 0; k < 2 && (st->kind == AST_REACTION || st->kind == AST_CONSERVE); k++) {
            const struct ast *x = equation_of_listed(deriv->kids[0], ast_kid(st, k));
            if (x) {
                diag_error(s->diag, x->loc, "state '%s' of the kinetic scheme has an "
                           "equation in the derivative block too: each integrates its own "
                           "states", x->str);
                return;
            }
            if (st->kind == AST_CONSERVE)
                break;
        }
    }
}
