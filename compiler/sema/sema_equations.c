/* sema_equations.c - `linear` and `nonlinear` blocks (NMODL's LINEAR and
 * NONLINEAR): their equations `~ left = right`, their unknowns, and the
 * `solve name` statements that run them.
 *
 * An equation's unknowns are the mechanism's states it names (those of
 * the block's list, if it has one: NMODL's SOLVEFOR); each needs
 * one (nocmodl: "previous equation contains no state variables"), and a
 * block has as many equations as unknowns.  A linear block's sides are
 * sums of terms in which an unknown is a factor (ast_linear_terms: what
 * nocmodl's LINEAR grammar accepts).  Equations stand at the block's top
 * level: the system has one shape.  Units (not in NMODL-sourced
 * mechanisms, which carry none): the right side is converted into the
 * left's unit.  `solve` stands
 * in `initial` or a plain `derivative` block (NEURON's SOLVE in INITIAL,
 * and in BREAKPOINT, which nocmodl runs once a step with the states), or
 * in a procedure or function (without a table) called from those, never in
 * a loop (sema_check_solving_call checks the calls).
 */
#include "sema_int.h"

#include <stdio.h>
#include <string.h>

struct unknowns {                /* what is an unknown of a block */
    const struct sym *mech;
    const struct ast *sys;
};

static bool is_unknown(const struct ast *n, void *ctx)
{
    const struct unknowns *u = ctx;
    return n->sym && n->sym->kind == SYM_STATE && n->sym->owner == u->mech &&
           ast_solves_for(u->sys, n);
}

/* The index in mechanism declaration mech of its procedure or function
 * named name, or -1. */
static int function_index(const struct ast *mech, const char *name)
{
    for (unsigned i = 0; name && i < mech->nkids; i++) {
        const struct ast *it = mech->kids[i];
        if ((it->kind == AST_PROCEDURE || it->kind == AST_FUNCTION) && it->str &&
            strcmp(it->str, name) == 0)
            return (int)i;
    }
    return -1;
}

struct solve_search {
    const struct ast *mech;
    bool *seen;                 /* per item of mech: a body already searched */
};

/* The first `solve` that running n runs: under it, or in the body of a
 * procedure or function it calls (found by name: that body may not be
 * checked yet), or NULL.  Each body is searched once, so a recursion
 * (which lowering refuses) ends and a deep call graph stays linear. */
static const struct ast *solve_run_by(struct solve_search *q, const struct ast *n)
{
    if (!n)
        return NULL;
    if (n->kind == AST_SOLVE)
        return n;
    const struct ast *r = NULL;
    int fi = n->kind == AST_CALL ? function_index(q->mech, n->str) : -1;
    if (fi >= 0 && !q->seen[fi]) {
        q->seen[fi] = true;
        r = solve_run_by(q, ast_kid(q->mech->kids[fi], 2));
    }
    for (unsigned i = 0; !r && i < n->nkids; i++)
        r = solve_run_by(q, n->kids[i]);
    return r;
}

bool sema_check_solving_call(struct sema *s, const struct ast *call, struct ctx *c)
{
    if ((c->solve_allowed && !c->in_loop) || !c->mech)
        return true;
    const struct ast *mech = c->mech->decl;
    int fi = function_index(mech, call->str);
    if (fi < 0)
        return true;
    /* its body only: a call among its arguments is checked on its own */
    struct solve_search q = {mech, arena_alloc(s->arena, (mech->nkids + 1) * sizeof *q.seen)};
    q.seen[fi] = true;
    const struct ast *solve = solve_run_by(&q, ast_kid(mech->kids[fi], 2));
    if (!solve)
        return true;
    /* a solve runs where it is called, so it stands where 'solve' may */
    if (c->in_loop)
        diag_error(s->diag, call->loc, "'%s' solves '%s', so it cannot be called inside a "
                   "loop", call->str, solve->str);
    else
        diag_error(s->diag, call->loc, "'%s' solves '%s' where it is called: call it from "
                   "initial, a derivative block (not an implicit, euler or runge one), or a procedure "
                   "or function without a table", call->str, solve->str);
    diag_note(s->diag, solve->loc, "'%s' is solved here", solve->str);
    return false;
}

static void ignore_term(int sign, struct ast *term, struct ast *unknown, double scale,
                        void *ctx)
{
    (void)sign, (void)term, (void)unknown, (void)scale, (void)ctx;
}

void sema_check_equation(struct sema *s, struct ast *st, struct ctx *c, const char *where)
{
    if (!c->system) {
        diag_error(s->diag, st->loc, "an equation '~ a = b' belongs in a linear or nonlinear "
                   "block, not in %s", where);
        return;
    }
    struct tval l = sema_expr(s, st->kids[0], c);
    if (l.ty == TY_ERROR)
        return;
    if (l.ty != TY_NUM) {
        diag_error(s->diag, st->kids[0]->loc, "the left side of an equation must be a number");
        return;
    }
    if (!c->nmodl) {        /* the right side converted into the left's unit */
        if (!sema_expect_unit(s, st->kids[1], c, l.u, "the right side of this equation"))
            return;
    } else {
        struct tval r = sema_expr(s, st->kids[1], c);
        if (r.ty == TY_ERROR)
            return;
        if (r.ty != TY_NUM) {
            diag_error(s->diag, st->kids[1]->loc, "the right side of an equation must be a "
                       "number");
            return;
        }
    }
    struct unknowns u = {c->mech, c->system};
    if (!ast_count_unknowns(st, is_unknown, &u)) {
        diag_error(s->diag, st->loc, "this equation names no state of '%s' to solve for%s",
                   c->mech->name, ast_kid(c->system, 1) ? " (among those the block lists)" : "");
        return;
    }
    if (c->system->kind != AST_LINEAR)
        return;
    for (int side = 0; side < 2; side++) {
        const char *why = NULL;
        const struct ast *bad = ast_linear_terms(st->kids[side], 1, is_unknown, ignore_term,
                                                 &u, &why);
        if (bad) {
            diag_error(s->diag, bad->loc, "%s (in linear block '%s')", why, c->system->str);
            return;
        }
    }
}

void sema_check_solve(struct sema *s, struct ast *st, struct ctx *c, const char *where)
{
    if (!c->solve_allowed) {
        diag_error(s->diag, st->loc, "'solve %s' belongs in initial, a derivative block "
                   "(not an implicit, euler or runge one), or a procedure or function without a "
                   "table, not in %s", st->str, where);
        return;
    }
    if (c->in_loop) {
        diag_error(s->diag, st->loc, "'solve %s' cannot be inside a loop", st->str);
        return;
    }
    if (!ast_system_of(c->mech->decl, st->str))
        diag_error(s->diag, ast_name_loc(st), "'%s' is not a linear or nonlinear block of '%s'",
                   st->str, c->mech->name);
}

/* Adds the distinct unknowns named under n to seen (at most cap). */
static void collect_states(const struct ast *n, struct unknowns *u, const struct sym **seen,
                           unsigned *nseen, unsigned cap)
{
    if (!n)
        return;
    if (n->kind == AST_NAME && is_unknown(n, u)) {
        for (unsigned i = 0; i < *nseen; i++)
            if (seen[i] == n->sym)
                return;
        if (*nseen < cap)
            seen[(*nseen)++] = n->sym;
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        collect_states(n->kids[i], u, seen, nseen, cap);
}

void sema_check_system_block(struct sema *s, struct ast *sys, struct sym *mech)
{
    const char *kind = sys->kind == AST_LINEAR ? "linear" : "nonlinear";
    struct ast *blk = sys->kids[0];
    struct ast *list = ast_kid(sys, 1);
    for (unsigned i = 0; list && i < list->nkids; i++) {    /* its unknowns: states */
        struct ast *n = list->kids[i];
        struct sym *state = sema_lookup_local(mech->members, n->str);
        if (state && state->kind == SYM_STATE) {
            n->sym = state;
            state->uses++;
        } else if (state) {
            diag_error(s->diag, n->loc, "'%s' is %s; %s block '%s' solves for states",
                       n->str, sema_a_kind(state->kind), kind, sys->str);
        } else {
            sema_unknown(s, n->loc, "state", n->str, mech->members, KIND_BIT(SYM_STATE));
        }
    }
    struct unknowns u = {mech, sys};
    unsigned neq = 0, nstates = 0;
    const struct sym *states[64];
    for (unsigned i = 0; i < blk->nkids; i++) {
        const struct ast *st = blk->kids[i];
        if (st->kind == AST_EQUATION) {
            neq++;
            collect_states(st, &u, states, &nstates, 64);
        } else if (ast_first_of_kind(st, AST_EQUATION)) {
            diag_error(s->diag, ast_first_of_kind(st, AST_EQUATION)->loc,
                       "an equation of %s block '%s' cannot be inside 'if' or a loop: the system has one shape", kind, sys->str);
            return;
        }
    }
    if (!neq) {
        diag_error(s->diag, ast_name_loc(sys), "%s block '%s' has no equations", kind, sys->str);
        return;
    }
    if (neq != nstates)
        diag_error(s->diag, ast_name_loc(sys), "%s block '%s' has %u equation%s and %u "
                   "unknown%s (the states its equations name): it needs one equation per "
                   "unknown", kind, sys->str, neq, neq == 1 ? "" : "s", nstates,
                   nstates == 1 ? "" : "s");
}
