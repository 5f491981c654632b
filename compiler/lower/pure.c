/* pure.c - may an expression of a mechanism be evaluated once more without
 * changing the run?  The one purity analysis: a recorded value (`let g =
 * ...`, and a .mod's ASSIGNED that BREAKPOINT computes) is evaluated again
 * where the currents' values are kept, so it may only read and compute.
 *
 * A function (or procedure) is pure when its body
 *   - assigns only its own locals and arguments (no state, assigned,
 *     parameter, global, ion variable or builtin such as v);
 *   - draws no random number (erand, urand, normrand);
 *   - sends, emits, moves or watches no event;
 *   - calls only pure functions and procedures.
 * A cycle of calls is impure: nothing here proves it ends (lowering refuses
 * recursion anyway).  A TABLE does not matter: tables are built before the
 * run (cg_mech.c circ_tables), a tabled call only reads one.  Reading the
 * instance's spike train (train_size, train_time) is a read.
 */
#include "lower.h"

#include <stdlib.h>

enum mark { UNSEEN, VISITING, PURE, IMPURE };

struct pu {
    const struct ir_mech *m;
    unsigned char *mark;    /* per function: enum mark */
    int depth;              /* functions entered: 0 in the expression itself */
    struct ir_effect *why;
};

static bool func_pure(struct pu *p, int f);

static bool impure(struct pu *p, enum ir_effect_kind kind, int var, int stmt)
{
    p->why->kind = kind;
    p->why->var = var;
    p->why->stmt = stmt;
    return false;
}

static bool call_pure(struct pu *p, int f)
{
    if (func_pure(p, f))
        return true;
    if (p->depth == 0)
        p->why->called = f;
    return false;
}

static bool expr_pure(struct pu *p, const struct ir_expr *e)
{
    if (e->op == IR_RAND && e->aux != IRR_TRAIN_SIZE && e->aux != IRR_TRAIN_TIME)
        return impure(p, IRE_DRAW, -1, -1);
    for (unsigned i = 0; i < e->nargs; i++)
        if (!expr_pure(p, e->args[i]))
            return false;
    return e->op != IR_CALL || call_pure(p, e->aux);   /* arguments first, as they run */
}

static bool block_pure(struct pu *p, const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if ((s->e && !expr_pure(p, s->e)) || (s->e2 && !expr_pure(p, s->e2)))
            return false;
        for (unsigned k = 0; k < s->nargs; k++)
            if (!expr_pure(p, s->args[k]))
                return false;
        switch (s->kind) {
        case IRS_ASSIGN:
        case IRS_CNEXP:
            if (p->m->vars[s->var].kind != IRV_LOCAL)
                return impure(p, IRE_WRITE, s->var, (int)s->kind);
            break;
        case IRS_CALL:
            if (!call_pure(p, s->aux))
                return false;
            break;
        case IRS_SEND:
        case IRS_EMIT:
        case IRS_MOVE:
        case IRS_WATCH:
        case IRS_FOR_CONNS:     /* (receive's only: never in a function) */
            return impure(p, IRE_EVENT, -1, (int)s->kind);
        case IRS_IF:
        case IRS_RETURN:
        case IRS_LOOP:
        case IRS_WHILE:
            break;
        }
        if (!block_pure(p, &s->then) || !block_pure(p, &s->els))
            return false;
    }
    return true;
}

static bool func_pure(struct pu *p, int f)
{
    if (p->mark[f] == PURE)
        return true;
    if (p->mark[f] == VISITING) {
        p->why->func = f;
        return impure(p, IRE_CYCLE, -1, -1);
    }
    /* IMPURE is never met again: the first effect found ends the walk */
    p->mark[f] = VISITING;
    p->depth++;
    bool pure = block_pure(p, &p->m->funcs[f].body);
    p->depth--;
    if (!pure && p->why->func < 0)
        p->why->func = f;   /* the innermost function with the effect */
    p->mark[f] = pure ? PURE : IMPURE;
    return pure;
}

static bool run(const struct ir_mech *m, const struct ir_expr *e, int f, struct ir_effect *why)
{
    struct ir_effect ignore;
    if (!why)
        why = &ignore;
    *why = (struct ir_effect){.kind = IRE_NONE, .called = -1, .func = -1, .var = -1, .stmt = -1};
    struct pu p = {.m = m, .mark = xcalloc(m->nfuncs + 1, 1), .why = why};
    bool pure = e ? expr_pure(&p, e) : call_pure(&p, f);
    free(p.mark);
    return pure;
}

bool ir_expr_pure(const struct ir_mech *m, const struct ir_expr *e, struct ir_effect *why)
{
    return run(m, e, -1, why);
}

bool ir_func_pure(const struct ir_mech *m, int f, struct ir_effect *why)
{
    return run(m, NULL, f, why);
}
