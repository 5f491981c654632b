/* site_const.c - which of a point mechanism's slots hold one number for
 * every instance of a site.
 *
 * The default mode lays shared synapses out as sites (rt_sim.c
 * lay_out_sites): each instance of a site starts from the same parameters,
 * and INITIAL computes the same run constants from them (Exp2Syn's factor,
 * the cnexp decays A.decay = 1 - exp(-dt/tau1) that lower_mech hoists).  A
 * slot nothing but INITIAL writes, from numbers that are the site's alone,
 * is then equal over the site's cells: the step reads it once a site
 * instead of once an instance, a load and a stream through memory fewer
 * per instance and step, with the very same number.
 *
 * A slot is the site's when receive, its initial block, DERIVATIVE,
 * BREAKPOINT, setters and functions never write it, and each write in
 * INITIAL (or a condition around it) reads only parameters, constants,
 * globals, dt, celsius and other such slots or locals.  Reading a state, v,
 * t, an ion, a random number or calling a function makes it the
 * instance's.  The analysis is flow-insensitive and iterated to a fixed
 * point: a local or slot written twice is the site's only if both writes
 * are.
 */
#include "ir.h"

#include <stdbool.h>
#include <stdlib.h>

static bool varies(const struct ir_mech *m, const bool *inst, const struct ir_expr *e)
{
    if (e->op == IR_RAND || e->op == IR_CALL)
        return true;
    if (e->op == IR_VAR) {
        const struct ir_var *v = &m->vars[e->var];
        if (v->kind == IRV_BUILTIN)
            return v->builtin != IRB_DT && v->builtin != IRB_CELSIUS;
        return v->kind == IRV_STATE || v->kind == IRV_ION || inst[e->var];
    }
    for (unsigned i = 0; i < e->nargs; i++)
        if (varies(m, inst, e->args[i]))
            return true;
    return false;
}

/* Marks what a write in b makes the instance's; true if anything changed. */
static bool taint(const struct ir_mech *m, bool *inst, const struct ir_block *b, bool under)
{
    bool changed = false;
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        bool cond = under || (s->e && varies(m, inst, s->e)) || (s->e2 && varies(m, inst, s->e2));
        for (unsigned k = 0; k < s->nargs; k++)
            cond = cond || varies(m, inst, s->args[k]);
        if ((s->kind == IRS_ASSIGN || s->kind == IRS_CNEXP) && !inst[s->var] &&
            (cond || s->kind == IRS_CNEXP)) {
            inst[s->var] = true;
            changed = true;
        }
        if (s->kind != IRS_ASSIGN && s->kind != IRS_CNEXP && s->kind != IRS_IF) {
            /* a loop, a call, an event: whatever it writes is the instance's */
            cond = true;
        }
        changed |= taint(m, inst, &s->then, cond);
        changed |= taint(m, inst, &s->els, cond);
    }
    return changed;
}

static bool calls(const struct ir_block *b);

static bool expr_calls(const struct ir_expr *e)
{
    if (e->op == IR_CALL)
        return true;
    for (unsigned i = 0; i < e->nargs; i++)
        if (expr_calls(e->args[i]))
            return true;
    return false;
}

static bool calls(const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind == IRS_CALL || (s->e && expr_calls(s->e)) || (s->e2 && expr_calls(s->e2)) ||
            calls(&s->then) || calls(&s->els))
            return true;
        for (unsigned k = 0; k < s->nargs; k++)
            if (expr_calls(s->args[k]))
                return true;
    }
    return false;
}

bool *ir_site_constants(const struct ir_mech *m)
{
    bool *inst = calloc(m->nvars + 1, sizeof *inst);
    bool *site = calloc(m->nvars + 1, sizeof *site);
    if (!inst || !site) {
        free(inst);
        free(site);
        return NULL;
    }
    /* a call in INITIAL could write anything: then only slots nothing writes */
    bool initial_calls = calls(&m->initial);
    while (!initial_calls && taint(m, inst, &m->initial, false))
        ;
    for (unsigned v = 0; v < m->nvars; v++) {
        const struct ir_var *var = &m->vars[v];
        if (var->slot < 0 || (var->kind != IRV_PARAM && var->kind != IRV_ASSIGNED))
            continue;
        bool later = ir_block_writes(&m->derivative, (int)v) ||
                     ir_block_writes(&m->breakpoint, (int)v) ||
                     ir_block_writes(&m->receive, (int)v) ||
                     ir_block_writes(&m->receive_init, (int)v);
        for (unsigned k = 0; !later && k < m->nsetters; k++)
            later = ir_block_writes(&m->setters[k].body, (int)v);
        for (unsigned f = 0; !later && f < m->nfuncs; f++)
            later = ir_block_writes(&m->funcs[f].body, (int)v);
        for (unsigned k = 0; !later && k < m->ncurrents; k++)
            later = m->current_var[k] == (int)v;    /* kept for a record, each step */
        for (unsigned k = 0; !later && k < m->nprobes; k++)
            later = m->probe_var[k] == (int)v;
        bool at_init = ir_block_writes(&m->initial, (int)v);
        site[v] = !later && (at_init ? !initial_calls && !inst[v] : true);
    }
    free(inst);
    return site;
}
