/* superpose.c - may the instances of a point mechanism on one node be
 * summed into one?  The default mode does that with synapses (rt_sim.c
 * share_synapse): N connections onto one node then cost one instance.  It
 * is exact (up to rounding) only when the mechanism is a linear system
 * driven by its events:
 *   - INITIAL sets every state to 0 (the sum of N zeros is zero);
 *   - DERIVATIVE is cnexp updates y' = b*y with b free of states (no
 *     target: y' = (a - y)/tau with a != 0 relaxes each instance to a, the
 *     sum to a, not N*a), plus locals;
 *   - RECEIVE only adds to states terms free of states (g = g + w*factor;
 *     not g = g + w*u with u a state), no branches, calls or other writes;
 *   - every current is homogeneous linear in the states (g*(v - e); not a
 *     standing term such as gt*(v - e), which would count once instead of
 *     N times, nor g*g);
 *   - no random numbers, no send/emit, no calls (functions are inlined at
 *     their calls, which the analysis does not follow);
 *   - (lower_net.c) no arguments after the weight: each connection's state
 *     would stay its own, and receive's initial block, run per connection,
 *     could write the instance (N times on one instance, not once on each).
 *     A receive whose state is free of the instance's could be lumped
 *     exactly; it is not yet.
 * Anything the analysis cannot prove keeps one instance per connection. */
#include "lower.h"

#include <stdbool.h>
#include <stdlib.h>

/* How an expression depends on the states: FREE of them, LINEAR
 * (homogeneous: doubling every state doubles it), or OTHER. */
enum dep { FREE, LINEAR, OTHER };

struct sp {
    const struct ir_mech *m;
    enum dep *var_dep;      /* per var: its dependence (locals as assigned) */
};

static enum dep expr_dep(const struct sp *p, const struct ir_expr *e)
{
    enum dep a = FREE, b = FREE;
    switch (e->op) {
    case IR_CONST:
        return FREE;
    case IR_VAR:
        return p->var_dep[e->var];
    case IR_NEG:
        return expr_dep(p, e->args[0]);
    case IR_ADD:
    case IR_SUB:
        a = expr_dep(p, e->args[0]);
        b = expr_dep(p, e->args[1]);
        return a == b ? a : OTHER;
    case IR_MUL:
        a = expr_dep(p, e->args[0]);
        b = expr_dep(p, e->args[1]);
        if (a == OTHER || b == OTHER || (a == LINEAR && b == LINEAR))
            return OTHER;
        return a == LINEAR || b == LINEAR ? LINEAR : FREE;
    case IR_DIV:
        a = expr_dep(p, e->args[0]);
        b = expr_dep(p, e->args[1]);
        return b == FREE && a != OTHER ? a : OTHER;
    case IR_CALL:
    case IR_RAND:
        return OTHER;
    default:                /* comparisons, select, math functions: free or nothing */
        for (unsigned i = 0; i < e->nargs; i++)
            if (expr_dep(p, e->args[i]) != FREE)
                return OTHER;
        return FREE;
    }
}

static bool is_zero(const struct ir_expr *e)
{
    if (e->op == IR_NEG)
        return is_zero(e->args[0]);
    if (e->op == IR_MUL)
        return is_zero(e->args[0]) || is_zero(e->args[1]);
    return e->op == IR_CONST && e->value == 0;
}

/* INITIAL: states only ever set to 0; nothing random, no calls that could
 * set them otherwise. */
static bool initial_ok(const struct sp *p, const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        switch (s->kind) {
        case IRS_ASSIGN:
            if (p->m->vars[s->var].kind == IRV_STATE && !is_zero(s->e))
                return false;
            if (expr_dep(p, s->e) == OTHER)
                return false;
            break;
        case IRS_IF:
            if (!initial_ok(p, &s->then) || !initial_ok(p, &s->els))
                return false;
            break;
        default:
            return false;   /* calls, sends, returns: not proven */
        }
    }
    return true;
}

/* DERIVATIVE: locals free of states (their dependence noted), then pure
 * decays with a rate free of states. */
static bool derivative_ok(struct sp *p, const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind == IRS_ASSIGN && p->m->vars[s->var].kind == IRV_LOCAL) {
            p->var_dep[s->var] = expr_dep(p, s->e);
            continue;
        }
        if (s->kind != IRS_CNEXP || !is_zero(s->e) || expr_dep(p, s->e2) != FREE)
            return false;
    }
    return true;
}

/* RECEIVE: state = state + (free of states); locals free of states. */
static bool receive_ok(struct sp *p, const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind != IRS_ASSIGN)
            return false;
        const struct ir_var *v = &p->m->vars[s->var];
        if (v->kind == IRV_LOCAL) {
            p->var_dep[s->var] = expr_dep(p, s->e);
            if (p->var_dep[s->var] != FREE)
                return false;
            continue;
        }
        if (v->kind != IRV_STATE || s->e->op != IR_ADD)
            return false;
        const struct ir_expr *l = s->e->args[0], *r = s->e->args[1];
        bool self_left = l->op == IR_VAR && l->var == s->var;
        bool self_right = r->op == IR_VAR && r->var == s->var;
        if (!(self_left && expr_dep(p, r) == FREE) && !(self_right && expr_dep(p, l) == FREE))
            return false;
    }
    return true;
}

bool lower_superposable(const struct ir_mech *m)
{
    if (m->kind != IRK_POINT || m->electrode || m->nsetters > 0)
        return false;
    struct sp p = {.m = m, .var_dep = calloc(m->nvars + 1, sizeof *p.var_dep)};
    if (!p.var_dep)
        return false;
    /* states are LINEAR; an assigned variable written only at INITIAL is a
     * run constant of the kind (Exp2Syn's factor), one written later is not
     * known; the rest (parameters, globals, constants, v, t...) are FREE */
    for (unsigned v = 0; v < m->nvars; v++) {
        if (m->vars[v].kind == IRV_STATE)
            p.var_dep[v] = LINEAR;
        else if (m->vars[v].kind == IRV_ASSIGNED &&
                 (ir_block_writes(&m->derivative, (int)v) || ir_block_writes(&m->receive, (int)v)))
            p.var_dep[v] = OTHER;
        else if (m->vars[v].kind == IRV_PARAM &&
                 (ir_block_writes(&m->derivative, (int)v) || ir_block_writes(&m->receive, (int)v)))
            p.var_dep[v] = OTHER;
    }
    bool ok = initial_ok(&p, &m->initial) && derivative_ok(&p, &m->derivative) &&
              receive_ok(&p, &m->receive);
    for (unsigned c = 0; ok && c < m->ncurrents; c++)
        ok = expr_dep(&p, m->currents[c]) == LINEAR && m->breakpoint.n == 0;
    /* a recorded value is summed over the instances at a site: one shared
       instance gives that sum only for a value linear in the states */
    for (unsigned c = 0; ok && c < m->nprobes; c++)
        ok = expr_dep(&p, m->probes[c]) == LINEAR;
    ok = ok && m->ncurrents > 0;
    free(p.var_dep);
    return ok;
}
