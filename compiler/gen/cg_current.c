/* cg_current.c - a mechanism's current and its conductance di/dv.
 *
 * NEURON evaluates the current at v + 0.001 and at v and takes
 * g = (i(v + 0.001) - i(v)) / 0.001; --exact does the same.  Currents of
 * the form g * (v - e) -- every ionic and synaptic current here -- are
 * affine in v, so that difference is their slope up to rounding: the
 * default mode evaluates the current once and emits the slope itself,
 * which is cheaper (no second evaluation, no division) and closer to the
 * derivative.  Currents not affine in v keep NEURON's difference, because
 * there it is part of the model's numerics, not rounding.
 */
#include "cg_int.h"

LLVMValueRef cg_current(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef v, bool keep)
{
    cg_bind_builtin(c, in, IRB_V, v);
    cg_block(c, in, &in->m->breakpoint);    /* NEURON runs BREAKPOINT at each voltage */
    for (unsigned i = 0; keep && i < in->m->nprobes; i++)     /* recorded: NEURON's gna */
        cg_write_var(c, in, in->m->probe_var[i], cg_as_double(c, cg_expr(c, in, in->m->probes[i])));
    LLVMValueRef sum = cg_const(c, 0.0);
    for (unsigned i = 0; i < in->m->ncurrents; i++) {
        LLVMValueRef x = cg_as_double(c, cg_expr(c, in, in->m->currents[i]));
        if (keep && in->m->current_var && in->m->current_var[i] >= 0)
            cg_write_var(c, in, in->m->current_var[i], x);      /* recorded: NEURON's ina */
        if (keep && in->ion_cur && in->ion_cur[i])      /* NEURON's _ion_ik += ik */
            LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, cg_load(c, c->f64, in->ion_cur[i], "ion.i"),
                                               x, "ion.i"), in->ion_cur[i]);
        sum = LLVMBuildFAdd(c->b, sum, x, "cur");
    }
    return sum;
}

static bool is_v(const struct ir_mech *m, const struct ir_expr *e)
{
    return e->op == IR_VAR && m->vars[e->var].kind == IRV_BUILTIN &&
           m->vars[e->var].builtin == IRB_V;
}

/* Is e affine in v?  *dep: does it depend on v.  Locals and calls may hide
 * a dependence, so they make the answer no. */
static bool affine(const struct ir_mech *m, const struct ir_expr *e, bool *dep)
{
    bool d[3] = {false, false, false};
    *dep = false;
    if (e->op == IR_VAR) {
        *dep = is_v(m, e);
        return m->vars[e->var].kind != IRV_LOCAL;
    }
    if (e->op == IR_CALL || e->op == IR_RAND || e->nargs > 3)
        return false;
    for (unsigned i = 0; i < e->nargs; i++)
        if (!affine(m, e->args[i], &d[i]))
            return false;
    *dep = d[0] || d[1] || d[2];
    switch (e->op) {
    case IR_CONST:
        return true;
    case IR_NEG: case IR_ADD: case IR_SUB:
        return true;
    case IR_MUL:
        return !(d[0] && d[1]);
    case IR_DIV:
        return !d[1];
    case IR_SELECT:
        return !d[0];
    default:        /* comparisons, logic, math functions: only without v */
        return !*dep;
    }
}

/* d/dv of an affine expression (affine() said yes), NULL where it does not
 * depend on v; the values it needs are emitted again (LLVM merges them
 * with the current's). */
static LLVMValueRef slope(struct cg_ctx *c, struct cg_inst *in, const struct ir_expr *e)
{
    if (e->op == IR_VAR)
        return is_v(in->m, e) ? cg_const(c, 1.0) : NULL;
    LLVMValueRef sa = NULL, sb = NULL;
    switch (e->op) {
    case IR_NEG:
        sa = slope(c, in, e->args[0]);
        return sa ? LLVMBuildFNeg(c->b, sa, "") : NULL;
    case IR_ADD:
    case IR_SUB:
        sa = slope(c, in, e->args[0]);
        sb = slope(c, in, e->args[1]);
        if (!sb)
            return sa;
        if (e->op == IR_SUB)
            sb = LLVMBuildFNeg(c->b, sb, "");
        return sa ? LLVMBuildFAdd(c->b, sa, sb, "") : sb;
    case IR_MUL:
        if ((sa = slope(c, in, e->args[0])))
            return LLVMBuildFMul(c->b, sa, cg_as_double(c, cg_expr(c, in, e->args[1])), "");
        if ((sb = slope(c, in, e->args[1])))
            return LLVMBuildFMul(c->b, cg_as_double(c, cg_expr(c, in, e->args[0])), sb, "");
        return NULL;
    case IR_DIV:
        sa = slope(c, in, e->args[0]);
        return sa ? LLVMBuildFDiv(c->b, sa, cg_as_double(c, cg_expr(c, in, e->args[1])), "")
                  : NULL;
    case IR_SELECT:
        sa = slope(c, in, e->args[1]);
        sb = slope(c, in, e->args[2]);
        if (!sa && !sb)
            return NULL;
        return LLVMBuildSelect(c->b, cg_as_bool(c, cg_expr(c, in, e->args[0])), sa ? sa : cg_const(c, 0.0),
                               sb ? sb : cg_const(c, 0.0), "");
    default:        /* constants; anything else affine() allowed is free of v */
        return NULL;
    }
}

LLVMValueRef cg_current_slope(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef v,
                              LLVMValueRef *g)
{
    bool conc = cg_breakpoint_conc(in->m);
    if (conc)
        cg_ion_before(c, in);
    /* a breakpoint block may compute what the currents read from v */
    bool all_affine = !c->opt->exact && in->m->breakpoint.n == 0;
    for (unsigned i = 0; all_affine && i < in->m->ncurrents; i++) {
        bool dep;
        all_affine = affine(in->m, in->m->currents[i], &dep);
    }
    if (!all_affine) {
        LLVMValueRef i1 = cg_current(c, in, LLVMBuildFAdd(c->b, v, cg_const(c, .001), ""), false);
        LLVMValueRef i0 = cg_current(c, in, v, true);
        *g = LLVMBuildFDiv(c->b, LLVMBuildFSub(c->b, i1, i0, ""), cg_const(c, .001), "g");
        if (conc)
            cg_ion_after(c, in, false);
        return i0;
    }
    LLVMValueRef i0 = cg_current(c, in, v, true);
    LLVMValueRef sum = cg_const(c, 0.0);
    for (unsigned i = 0; i < in->m->ncurrents; i++) {
        LLVMValueRef d = slope(c, in, in->m->currents[i]);
        if (d)
            sum = LLVMBuildFAdd(c->b, sum, d, "g");
    }
    *g = sum;
    return i0;
}

bool cg_currents_at_init(const struct ir_mech *m, const struct cg_inst *in)
{
    if (m->breakpoint.n > 0 || m->nprobes > 0)
        return true;
    for (unsigned i = 0; i < m->ncurrents; i++)
        if ((m->current_var && m->current_var[i] >= 0) || (in && in->ion_cur && in->ion_cur[i]))
            return true;
    return false;
}
