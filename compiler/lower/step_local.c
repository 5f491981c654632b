/* step_local.c - assigned variables that hold nothing between calls.
 *
 * A density mechanism's assigned variable that every block sets before it
 * reads it -- hh's minf ... ntau, which rates() sets at INITIAL and again at
 * each step before the cnexp updates read them -- carries no value from one
 * step to the next.  Kept in a slot it would cost a store a compartment a
 * step, streamed through memory with the states; as a local of each entry
 * point (the JIT keeps it in a register) it costs nothing, and the
 * arithmetic is the same.  One that is recorded, that keeps a current's or
 * a value's number for a record, or that some block may read before setting
 * it (a run constant INITIAL computes, a value BREAKPOINT keeps between
 * evaluations) keeps its slot.  The same holds for a GLOBAL the code writes
 * (NMODL's ASSIGNED outside RANGE): NEURON's one copy is scratch then.
 *
 * Each entry block is walked in execution order with the set of variables
 * it has surely assigned so far: an if assigns what both branches do, a
 * while or a loop over connections what runs before it, a do-while its
 * body; a call assigns what its body does on every path to its end or to a
 * return (NMODL's TABLE: what both the table and the formulas assign).  A read outside that set marks the
 * variable as carried.  Every function is also walked alone, from nothing.
 */
#include "lower_int.h"

#include <stdlib.h>
#include <string.h>

struct walk {
    const struct ir_mech *m;
    bool *carried;          /* per var: read before it is set somewhere */
    bool *written;          /* per var: assigned somewhere */
    int depth;              /* calls inlined so far (recursion is refused elsewhere) */
    bool *at_return;        /* in a function: what is surely set at each of its returns
                               so far (all true before the first); NULL outside */
};

static void block(struct walk *w, const struct ir_block *b, bool *set);

static void read(struct walk *w, int var, const bool *set)
{
    if (!set[var])
        w->carried[var] = true;
}

static void call(struct walk *w, int f, bool *set);

static void expr(struct walk *w, const struct ir_expr *e, bool *set)
{
    for (unsigned i = 0; i < e->nargs; i++)
        expr(w, e->args[i], set);
    if (e->op == IR_VAR)
        read(w, e->var, set);
    else if (e->op == IR_CALL)
        call(w, e->aux, set);
}

static bool *copy(const struct walk *w, const bool *set)
{
    bool *c = malloc((w->m->nvars + 1) * sizeof *c);
    if (c)
        memcpy(c, set, w->m->nvars * sizeof *c);
    return c;
}

/* A call's body as if inlined here; with a TABLE, the table's path assigns
 * its variables and nothing else, so only what both paths assign is sure. */
static void call(struct walk *w, int f, bool *set)
{
    const struct ir_func *fn = &w->m->funcs[f];
    if (w->depth > 64) {    /* (never: recursion is an error) */
        for (unsigned v = 0; v < w->m->nvars; v++)
            w->carried[v] = true;
        return;
    }
    bool *before = fn->table ? copy(w, set) : NULL;
    /* an early return leaves what follows it unset on that path: the call
       sets what both its returns and its end set */
    bool *returns = malloc((w->m->nvars + 1) * sizeof *returns), *outer = w->at_return;
    if (!returns) {
        free(before);
        for (unsigned v = 0; v < w->m->nvars; v++)
            w->carried[v] = true;
        return;
    }
    for (unsigned v = 0; v < w->m->nvars; v++)
        returns[v] = true;
    w->at_return = returns;
    w->depth++;
    block(w, &fn->body, set);
    w->depth--;
    w->at_return = outer;
    for (unsigned v = 0; v < w->m->nvars; v++)
        set[v] = set[v] && returns[v];
    free(returns);
    if (!fn->table)
        return;
    if (!before) {
        for (unsigned v = 0; v < w->m->nvars; v++)
            w->carried[v] = true;   /* out of memory: keep every slot */
        return;
    }
    for (unsigned k = 0; !fn->table->result && k < fn->table->nvars; k++)
        before[fn->table->vars[k]] = true;
    for (unsigned v = 0; v < w->m->nvars; v++)
        set[v] = set[v] && before[v];
    free(before);
}

static void assign(struct walk *w, int var, bool *set)
{
    set[var] = true;
    w->written[var] = true;
}

static void stmt(struct walk *w, const struct ir_stmt *s, bool *set)
{
    if (s->kind == IRS_LOOP) {      /* do { then } while (e): the body runs first */
        block(w, &s->then, set);
        expr(w, s->e, set);
        return;
    }
    if (s->e)
        expr(w, s->e, set);
    if (s->e2)
        expr(w, s->e2, set);
    if (s->kind != IRS_FOR_CONNS)  /* (its args are the loop's variables, not reads) */
        for (unsigned k = 0; k < s->nargs; k++)
            expr(w, s->args[k], set);
    switch (s->kind) {
    case IRS_ASSIGN:
        assign(w, s->var, set);
        return;
    case IRS_CNEXP:
        read(w, s->var, set);
        if (s->pre_f >= 0)
            read(w, s->pre_f, set);
        if (s->pre_t >= 0)
            read(w, s->pre_t, set);
        assign(w, s->var, set);
        return;
    case IRS_CALL:
        call(w, s->aux, set);
        return;
    case IRS_RETURN:        /* this path ends: what follows is not reached from here */
        for (unsigned v = 0; v < w->m->nvars; v++) {
            if (w->at_return)
                w->at_return[v] = w->at_return[v] && set[v];
            set[v] = true;
        }
        return;
    case IRS_IF: {
        bool *els = copy(w, set);
        block(w, &s->then, set);
        if (!els) {
            for (unsigned v = 0; v < w->m->nvars; v++)
                w->carried[v] = true;
            return;
        }
        block(w, &s->els, els);
        for (unsigned v = 0; v < w->m->nvars; v++)
            set[v] = set[v] && els[v];
        free(els);
        return;
    }
    case IRS_WHILE:
    case IRS_FOR_CONNS: {           /* may run no time: what it assigns is not sure */
        bool *inside = copy(w, set);
        if (!inside) {
            for (unsigned v = 0; v < w->m->nvars; v++)
                w->carried[v] = true;
            return;
        }
        block(w, &s->then, inside);
        free(inside);
        return;
    }
    default:
        return;
    }
}

static void block(struct walk *w, const struct ir_block *b, bool *set)
{
    for (unsigned i = 0; i < b->n; i++)
        stmt(w, b->stmts[i], set);
}

/* One entry block from its start: nothing is set yet. */
static void entry(struct walk *w, const struct ir_block *b, const struct ir_expr *const *reads,
                  unsigned nreads, bool *set)
{
    memset(set, 0, w->m->nvars * sizeof *set);
    block(w, b, set);
    for (unsigned k = 0; k < nreads; k++)
        expr(w, reads[k], set);
}

void lower_step_locals(struct ir_mech *m, const bool *recorded)
{
    if (m->kind != IRK_DENSITY)
        return;     /* a point process's slots are numbered already, and few */
    bool *carried = calloc(m->nvars + 1, sizeof *carried);
    bool *written = calloc(m->nvars + 1, sizeof *written);
    bool *set = calloc(m->nvars + 1, sizeof *set);
    if (!carried || !written || !set) {
        free(carried);
        free(written);
        free(set);
        return;     /* every slot stays: the same numbers, only slower */
    }
    struct walk w = {.m = m, .carried = carried, .written = written};
    entry(&w, &m->initial, NULL, 0, set);
    entry(&w, &m->derivative, NULL, 0, set);
    /* BREAKPOINT runs before each evaluation of the currents and values */
    entry(&w, &m->breakpoint, (const struct ir_expr *const *)m->currents, m->ncurrents, set);
    for (unsigned k = 0; k < m->nprobes; k++)
        expr(&w, m->probes[k], set);
    for (unsigned k = 0; k < m->nsetters; k++)
        entry(&w, &m->setters[k].body, NULL, 0, set);
    /* and each function alone, as if called first: one that reads a
       variable its callers set keeps it in a slot, and so does one called
       from nowhere the walk goes (its effects stay effects) */
    for (unsigned f = 0; f < m->nfuncs; f++)
        entry(&w, &m->funcs[f].body, NULL, 0, set);
    for (unsigned k = 0; k < m->ncurrents; k++)
        if (m->current_var[k] >= 0)
            carried[m->current_var[k]] = true;
    for (unsigned k = 0; k < m->nprobes; k++)
        carried[m->probe_var[k]] = true;
    /* a table's bounds are read when it is built, outside every block */
    for (unsigned f = 0; f < m->nfuncs; f++) {
        const struct ir_table *tb = m->funcs[f].table;
        memset(set, 0, m->nvars * sizeof *set);
        if (tb && tb->from_e)
            expr(&w, tb->from_e, set);
        if (tb && tb->to_e)
            expr(&w, tb->to_e, set);
    }
    /* (a density mechanism's slots are the layout's, cg_stored; these only
       number them for --emit=ir) */
    m->nslots = 0;
    for (unsigned v = 0; v < m->nvars; v++) {
        /* a GLOBAL the code sets before each read (NMODL's ASSIGNED outside
           RANGE, kca's oinf): NEURON's one copy is scratch, and stored
           every instance it kept the cell loop from vectorizing */
        bool scratch = m->vars[v].kind == IRV_ASSIGNED || m->vars[v].kind == IRV_GLOBAL;
        if (scratch && written[v] && !carried[v] && !recorded[v]) {
            m->vars[v].kind = IRV_LOCAL;
            m->vars[v].slot = -1;
        } else if (m->vars[v].slot >= 0) {
            m->vars[v].slot = (int)m->nslots++;
        }
    }
    free(carried);
    free(written);
    free(set);
}
