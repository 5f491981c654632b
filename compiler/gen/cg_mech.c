/* cg_mech.c - mechanism IR to LLVM instructions.
 *
 * Expressions and statements are emitted against a cg_inst binding that
 * says where each variable lives.  Mechanism functions and procedures are
 * inlined at every call (sema forbids recursion), with the result passed
 * through an alloca that mem2reg removes.  A procedure with a TABLE is
 * called through its table when the mechanism's usetable is on, with
 * NMODL's interpolation; circ_tables() builds every table.
 */
#include "cg_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cg_inst_init(struct cg_ctx *c, struct cg_inst *in, int mech, LLVMValueRef fn)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    memset(in, 0, sizeof *in);
    in->m = m;
    in->mech = mech;
    in->fn = fn;
    in->ptr = arena_alloc(c->model->arena, (m->nvars + 1) * sizeof *in->ptr);
    in->val = arena_alloc(c->model->arena, (m->nvars + 1) * sizeof *in->val);
    in->start_block = LLVMGetInsertBlock(c->b);
    in->start_after = in->start_block ? LLVMGetLastInstruction(in->start_block) : NULL;
}

/* A local's alloca, 0 where the instance's code begins: a local read on a
 * path that did not set it (an implicit solver's iterates after a loop that
 * may not run) would otherwise carry the previous instance's value, and
 * that dependence between instances keeps the cell loop scalar. */
static LLVMValueRef local_alloca(struct cg_ctx *c, struct cg_inst *in, const char *name)
{
    /* where to store, found before the alloca goes to the entry block's front */
    LLVMValueRef next = !in->start_block ? NULL
                        : in->start_after ? LLVMGetNextInstruction(in->start_after)
                                          : LLVMGetFirstInstruction(in->start_block);
    LLVMValueRef a = cg_entry_alloca(c, in->fn, c->f64, name);
    if (!in->start_block)
        return a;
    LLVMBuilderRef b = LLVMCreateBuilderInContext(c->ctx);
    if (next)
        LLVMPositionBuilderBefore(b, next);
    else
        LLVMPositionBuilderAtEnd(b, in->start_block);
    LLVMBuildStore(b, cg_const(c, 0), a);
    LLVMDisposeBuilder(b);
    return a;
}

/* Binding v starts an entry point.  Where a density mechanism's procedure
 * assigns v, v is the mechanism's own copy, as nocmodl's `v = _v` makes it at
 * each entry point: a fresh alloca that later reads of the entry point see,
 * never written to the node. */
void cg_bind_builtin(struct cg_ctx *c, struct cg_inst *in, int builtin, LLVMValueRef v)
{
    int i = ir_builtin_var(in->m, builtin);
    if (i < 0)
        return;
    if (builtin == IRB_V && ir_density_writes_v(in->m)) {
        in->ptr[i] = cg_entry_alloca(c, in->fn, c->f64, "v.copy");
        LLVMBuildStore(c->b, v, in->ptr[i]);
        in->val[i] = NULL;
    } else {
        in->val[i] = v;
    }
}

LLVMValueRef cg_as_double(struct cg_ctx *c, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == c->i1)
        return LLVMBuildUIToFP(c->b, v, c->f64, "b2d");
    return v;
}

LLVMValueRef cg_as_bool(struct cg_ctx *c, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == c->i1)
        return v;
    return LLVMBuildFCmp(c->b, LLVMRealUNE, v, cg_const(c, 0.0), "d2b");
}

static LLVMValueRef global_ptr(struct cg_ctx *c, struct cg_inst *in, int var)
{
    int k = c->layout->global_index[in->mech];
    for (int i = 0; i < var; i++)
        k += in->m->vars[i].kind == IRV_GLOBAL;
    LLVMValueRef arr = cg_field(c, c->t_globals, in->globals, CRT_GLOBALS_MECH_GLOBALS, c->f64p, "mech_globals");
    return cg_gep_f64(c, arr, cg_i64(c, k), "global");
}

static LLVMValueRef var_ptr(struct cg_ctx *c, struct cg_inst *in, int var)
{
    const struct ir_var *v = &in->m->vars[var];
    if (in->ptr[var])
        return in->ptr[var];
    if (v->kind == IRV_LOCAL) {
        in->ptr[var] = local_alloca(c, in, v->name);
        return in->ptr[var];
    }
    if (v->kind == IRV_GLOBAL)
        return global_ptr(c, in, var);
    return NULL;
}

static LLVMValueRef read_var(struct cg_ctx *c, struct cg_inst *in, int var)
{
    const struct ir_var *v = &in->m->vars[var];
    if (in->val[var])
        return in->val[var];
    if (v->kind == IRV_CONST || (v->kind == IRV_GLOBAL && c->opt->fold_globals))
        return cg_const(c, v->init);
    if (v->kind == IRV_BUILTIN) {
        switch (v->builtin) {
        case IRB_T:
            if (in->t)
                return in->t;
            return cg_field(c, c->t_globals, in->globals, CRT_GLOBALS_T, c->f64, "t");
        case IRB_DT:
            return cg_run_constant(c, in, CRT_GLOBALS_DT, "dt");
        case IRB_CELSIUS:
            return cg_run_constant(c, in, CRT_GLOBALS_CELSIUS, "celsius");
        default:
            break;
        }
    }
    LLVMValueRef p = var_ptr(c, in, var);
    if (!p) {
        diag_error(c->diag, LOC_NONE, "internal error: '%s' of '%s' is not available here",
                   v->name, in->m->name);
        return cg_const(c, 0);
    }
    return cg_load(c, c->f64, p, v->name);
}

static void write_var(struct cg_ctx *c, struct cg_inst *in, int var, LLVMValueRef value)
{
    LLVMValueRef p = var_ptr(c, in, var);
    if (!p) {
        diag_error(c->diag, LOC_NONE, "'%s' of '%s' cannot be assigned here (it is folded "
                   "or read-only)", in->m->vars[var].name, in->m->name);
        return;
    }
    LLVMBuildStore(c->b, cg_as_double(c, value), p);
}

void cg_write_var(struct cg_ctx *c, struct cg_inst *in, int var, LLVMValueRef value)
{
    write_var(c, in, var, value);
}

static LLVMValueRef math1(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef x, const char *name)
{
    LLVMValueRef args[1] = {x};
    return cg_call(c, c->t_math1, fn, args, 1, name);
}

/* exp as a mechanism's code calls it.  nocmodl's C calls NEURON's hoc_Exp:
 * 0 below -700, exp(700) above 700 (NEURON also warns), libm's exp between;
 * the default mode's own exp within the same bounds. */
static LLVMValueRef mech_exp(struct cg_ctx *c, LLVMValueRef x)
{
    LLVMValueRef lo = LLVMBuildFCmp(c->b, LLVMRealOLT, x, cg_const(c, -700.0), "");
    LLVMValueRef hi = LLVMBuildFCmp(c->b, LLVMRealOGT, x, cg_const(c, 700.0), "");
    LLVMValueRef arg = LLVMBuildSelect(c->b, hi, cg_const(c, 700.0), x, "");
    LLVMValueRef e = c->opt->exact ? math1(c, c->fn_exp, arg, "exp") : cg_fast_exp(c, arg);
    return LLVMBuildSelect(c->b, lo, cg_const(c, 0.0), e, "hoc_exp");
}

/* x ^ y.  In the default mode a whole exponent 1..8 written in the model
 * (m ^ 3, (v / 20) ^ 2) is multiplied out, as a fast-math build of nocmodl's
 * C would: within an ulp or two of pow, and it vectorizes where a call to
 * pow keeps the whole cell loop scalar.  --exact calls pow as NEURON does. */
static LLVMValueRef mech_pow(struct cg_ctx *c, LLVMValueRef x, LLVMValueRef y)
{
    LLVMBool lost;
    double n = !c->opt->exact && LLVMIsAConstantFP(y) ? LLVMConstRealGetDouble(y, &lost) : 0;
    if (n >= 1 && n <= 8 && n == (double)(int)n) {
        LLVMValueRef r = NULL, base = x;
        for (int k = (int)n; k; k >>= 1) {
            if (k & 1)
                r = r ? LLVMBuildFMul(c->b, r, base, "pow") : base;
            if (k > 1)
                base = LLVMBuildFMul(c->b, base, base, "pow");
        }
        return r;
    }
    LLVMValueRef args[2] = {x, y};
    return cg_call(c, c->t_math2, c->fn_pow, args, 2, "pow");
}

static LLVMValueRef inline_call(struct cg_ctx *c, struct cg_inst *in, int f, LLVMValueRef *args);

LLVMValueRef cg_expr(struct cg_ctx *c, struct cg_inst *in, const struct ir_expr *e)
{
    LLVMValueRef a[3] = {0, 0, 0};
    switch (e->op) {
    case IR_CONST:
        return cg_const(c, e->value);
    case IR_VAR:
        return read_var(c, in, e->var);
    case IR_CALL: {
        LLVMValueRef args[16];
        for (unsigned i = 0; i < e->nargs && i < 16; i++)
            args[i] = cg_as_double(c, cg_expr(c, in, e->args[i]));
        return inline_call(c, in, e->aux, args);
    }
    case IR_RAND: {
        if (e->aux >= IRR_TRAIN_SIZE) {     /* crt_train(set, i, k); k < 0: the size */
            if (!in->set) {
                diag_error(c->diag, LOC_NONE, "a spike train is only available in artificial "
                           "cells ('%s')", in->m->name);
                return cg_const(c, 0);
            }
            LLVMValueRef args[3] = {in->set, in->index,
                                    e->aux == IRR_TRAIN_TIME
                                        ? cg_as_double(c, cg_expr(c, in, e->args[0]))
                                        : cg_const(c, -1)};
            return cg_call(c, c->t_train, c->fn_train, args, 3, "train");
        }
        LLVMValueRef fn = e->aux == IRR_ERAND ? c->fn_erand : e->aux == IRR_URAND ? c->fn_urand
                        : c->fn_normrand;
        if (!in->set) {
            diag_error(c->diag, LOC_NONE, "random numbers are only available in point processes "
                       "and artificial cells ('%s')", in->m->name);
            return cg_const(c, 0);
        }
        LLVMValueRef args[2] = {in->set, in->index};
        return cg_call(c, c->t_rand, fn, args, 2, "rand");
    }
    default:
        break;
    }
    for (unsigned i = 0; i < e->nargs && i < 3; i++)
        a[i] = cg_expr(c, in, e->args[i]);
    switch (e->op) {
    case IR_NEG: return LLVMBuildFNeg(c->b, cg_as_double(c, a[0]), "neg");
    case IR_ADD: return LLVMBuildFAdd(c->b, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "add");
    case IR_SUB: return LLVMBuildFSub(c->b, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "sub");
    case IR_MUL: return LLVMBuildFMul(c->b, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "mul");
    case IR_DIV: return LLVMBuildFDiv(c->b, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "div");
    case IR_POW:
        return mech_pow(c, cg_as_double(c, a[0]), cg_as_double(c, a[1]));
    case IR_LT: return LLVMBuildFCmp(c->b, LLVMRealOLT, a[0], a[1], "lt");
    case IR_LE: return LLVMBuildFCmp(c->b, LLVMRealOLE, a[0], a[1], "le");
    case IR_GT: return LLVMBuildFCmp(c->b, LLVMRealOGT, a[0], a[1], "gt");
    case IR_GE: return LLVMBuildFCmp(c->b, LLVMRealOGE, a[0], a[1], "ge");
    case IR_EQ: return LLVMBuildFCmp(c->b, LLVMRealOEQ, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "eq");
    case IR_NE: return LLVMBuildFCmp(c->b, LLVMRealUNE, cg_as_double(c, a[0]), cg_as_double(c, a[1]), "ne");
    case IR_AND: return LLVMBuildAnd(c->b, cg_as_bool(c, a[0]), cg_as_bool(c, a[1]), "and");
    case IR_OR: return LLVMBuildOr(c->b, cg_as_bool(c, a[0]), cg_as_bool(c, a[1]), "or");
    case IR_NOT: return LLVMBuildNot(c->b, cg_as_bool(c, a[0]), "not");
    case IR_SELECT: {
        LLVMValueRef t = a[1], f = a[2];
        if (LLVMTypeOf(t) != LLVMTypeOf(f)) {
            t = cg_as_double(c, t);
            f = cg_as_double(c, f);
        }
        return LLVMBuildSelect(c->b, cg_as_bool(c, a[0]), t, f, "sel");
    }
    case IR_MATH: {
        LLVMValueRef x = cg_as_double(c, a[0]);
        switch (e->aux) {
        case IRM_EXP:
            return mech_exp(c, x);
        case IRM_LOG: return c->opt->exact ? math1(c, c->fn_log, x, "log") : cg_fast_log(c, x);
        case IRM_LOG10: return math1(c, c->fn_log10, x, "log10");
        case IRM_SIN: return math1(c, c->fn_sin, x, "sin");
        case IRM_COS: return math1(c, c->fn_cos, x, "cos");
        case IRM_TANH: return math1(c, c->fn_tanh, x, "tanh");
        case IRM_SQRT: return math1(c, c->fn_sqrt, x, "sqrt");
        case IRM_FABS: return math1(c, c->fn_fabs, x, "fabs");
        case IRM_FLOOR: return math1(c, c->fn_floor, x, "floor");
        case IRM_TAN: return math1(c, c->fn_tan, x, "tan");
        case IRM_SINH: return math1(c, c->fn_sinh, x, "sinh");
        case IRM_COSH: return math1(c, c->fn_cosh, x, "cosh");
        case IRM_ASIN: return math1(c, c->fn_asin, x, "asin");
        case IRM_ACOS: return math1(c, c->fn_acos, x, "acos");
        case IRM_ATAN: return math1(c, c->fn_atan, x, "atan");
        case IRM_CEIL: return math1(c, c->fn_ceil, x, "ceil");
        case IRM_POW:
            return mech_pow(c, x, cg_as_double(c, a[1]));
        case IRM_ATAN2:
        case IRM_FMOD: {
            LLVMValueRef args[2] = {x, cg_as_double(c, a[1])};
            bool is_atan2 = e->aux == IRM_ATAN2;
            return cg_call(c, c->t_math2, is_atan2 ? c->fn_atan2 : c->fn_fmod, args, 2,
                           is_atan2 ? "atan2" : "fmod");
        }
        case IRM_MIN:
        case IRM_MAX: {
            LLVMValueRef y = cg_as_double(c, a[1]);
            LLVMValueRef lt = LLVMBuildFCmp(c->b, LLVMRealOLT, x, y, "lt");
            return e->aux == IRM_MIN ? LLVMBuildSelect(c->b, lt, x, y, "min")
                                     : LLVMBuildSelect(c->b, lt, y, x, "max");
        }
        default:
            break;
        }
        break;
    }
    default:
        break;
    }
    return cg_const(c, 0);
}

/* ---- tables ------------------------------------------------------------------------ */

static LLVMValueRef table_global(struct cg_ctx *c, int mech, int f)
{
    return c->tables[c->tables_base[mech] + (unsigned)f];
}

static void table_steps(const struct ir_table *t, double *dx, double *mfac)
{
    *dx = (t->to - t->from) / (double)t->intervals;
    *mfac = 1. / *dx;
}

/* Element k of a table's span: 0 its start, 1 its 1/dx. */
static LLVMValueRef span_ptr(struct cg_ctx *c, int mech, int f, int k)
{
    LLVMValueRef sv = c->table_span[c->tables_base[mech] + (unsigned)f];
    LLVMValueRef idx[2] = {cg_i64(c, 0), cg_i64(c, k)};
    return LLVMBuildInBoundsGEP2(c->b, LLVMGlobalGetValueType(sv), sv, idx, 2, "");
}

/* The tabulated variables at x, interpolated like NMODL's TABLE, without
 * branches so that loops over cells can vectorize: the index is clamped
 * and the end cases are selected afterwards, which gives exactly NMODL's
 * values (entry 0 below the table, entry N above it, NaN for NaN). */
static LLVMValueRef table_lookup(struct cg_ctx *c, struct cg_inst *in, int f, LLVMValueRef x)
{
    const struct ir_table *t = in->m->funcs[f].table;
    double dx, mfac;
    table_steps(t, &dx, &mfac);
    LLVMValueRef tab = table_global(c, in->mech, f);
    LLVMTypeRef arr = LLVMGlobalGetValueType(tab);
    unsigned nv = t->nvars;
    LLVMValueRef tmin = cg_const(c, t->from), vmfac = cg_const(c, mfac);
    if (t->from_e) {    /* as built: NMODL's _tmin_f and _mfac_f */
        tmin = cg_load(c, c->f64, span_ptr(c, in->mech, f, 0), "tmin");
        vmfac = cg_load(c, c->f64, span_ptr(c, in->mech, f, 1), "mfac");
    }
    LLVMValueRef xi = LLVMBuildFMul(c->b, vmfac, LLVMBuildFSub(c->b, x, tmin, ""), "xi");
    LLVMValueRef isnan = LLVMBuildFCmp(c->b, LLVMRealUNO, xi, xi, "isnan");
    LLVMValueRef lo = LLVMBuildFCmp(c->b, LLVMRealOLE, xi, cg_const(c, 0.), "lo");
    LLVMValueRef hi = LLVMBuildFCmp(c->b, LLVMRealOGE, xi, cg_const(c, t->intervals), "hi");
    LLVMValueRef clamped = LLVMBuildSelect(c->b, LLVMBuildOr(c->b, lo, isnan, ""), cg_const(c, 0.),
                                           LLVMBuildSelect(c->b, hi, cg_const(c, t->intervals - 1),
                                                           xi, ""), "xc");
    LLVMValueRef i = LLVMBuildFPToSI(c->b, clamped, c->i64, "i");
    LLVMValueRef theta = LLVMBuildFSub(c->b, xi, LLVMBuildSIToFP(c->b, i, c->f64, ""), "theta");
    LLVMValueRef row0 = LLVMBuildMul(c->b, i, cg_i64(c, nv), "row");
    for (unsigned k = 0; k < nv; k++) {
        LLVMValueRef j0 = LLVMBuildAdd(c->b, row0, cg_i64(c, k), "");
        LLVMValueRef j1 = LLVMBuildAdd(c->b, j0, cg_i64(c, nv), "");
        LLVMValueRef i0[2] = {cg_i64(c, 0), j0}, i1[2] = {cg_i64(c, 0), j1};
        LLVMValueRef ilo[2] = {cg_i64(c, 0), cg_i64(c, k)};
        LLVMValueRef ihi[2] = {cg_i64(c, 0), cg_i64(c, (long long)t->intervals * nv + k)};
        LLVMValueRef t0 = cg_load(c, c->f64, LLVMBuildInBoundsGEP2(c->b, arr, tab, i0, 2, ""), "t0");
        LLVMValueRef t1 = cg_load(c, c->f64, LLVMBuildInBoundsGEP2(c->b, arr, tab, i1, 2, ""), "t1");
        LLVMValueRef tlo = cg_load(c, c->f64, LLVMBuildInBoundsGEP2(c->b, arr, tab, ilo, 2, ""), "tlo");
        LLVMValueRef thi = cg_load(c, c->f64, LLVMBuildInBoundsGEP2(c->b, arr, tab, ihi, 2, ""), "thi");
        LLVMValueRef v = LLVMBuildFAdd(c->b, t0,
                                       LLVMBuildFMul(c->b, theta, LLVMBuildFSub(c->b, t1, t0, ""), ""),
                                       "interp");
        v = LLVMBuildSelect(c->b, hi, thi, v, "");
        v = LLVMBuildSelect(c->b, lo, tlo, v, "");
        v = LLVMBuildSelect(c->b, isnan, xi, v, "");
        if (t->result)
            return v;   /* a function's table: its value */
        write_var(c, in, t->vars[k], v);
    }
    return NULL;
}

/* Inline body of function f with its arguments bound to args. */
static LLVMValueRef inline_body(struct cg_ctx *c, struct cg_inst *in, int f, LLVMValueRef *args)
{
    const struct ir_func *fn = &in->m->funcs[f];
    for (unsigned k = 0; k < fn->nargs; k++) {
        LLVMValueRef p = cg_entry_alloca(c, in->fn, c->f64, in->m->vars[fn->args[k]].name);
        LLVMBuildStore(c->b, args[k], p);
        in->ptr[fn->args[k]] = p;
    }
    LLVMValueRef saved_ptr = in->ret_ptr;
    LLVMBasicBlockRef saved_block = in->ret_block;
    in->ret_ptr = fn->has_result ? cg_entry_alloca(c, in->fn, c->f64, "result") : NULL;
    in->ret_block = LLVMAppendBasicBlockInContext(c->ctx, in->fn, fn->name);
    if (in->ret_ptr)   /* what a path without `return` gives (only in an nmodl mechanism) */
        LLVMBuildStore(c->b, cg_const(c, NAN), in->ret_ptr);
    cg_block(c, in, &fn->body);
    if (!cg_terminated(c))
        LLVMBuildBr(c->b, in->ret_block);
    LLVMPositionBuilderAtEnd(c->b, in->ret_block);
    LLVMValueRef r = in->ret_ptr ? cg_load(c, c->f64, in->ret_ptr, "ret") : NULL;
    in->ret_ptr = saved_ptr;
    in->ret_block = saved_block;
    return r;
}

static LLVMValueRef inline_call(struct cg_ctx *c, struct cg_inst *in, int f, LLVMValueRef *args)
{
    const struct ir_func *fn = &in->m->funcs[f];
    if (!fn->table)
        return inline_body(c, in, f, args);
    /* usetable ? table : formulas */
    LLVMValueRef use = read_var(c, in, fn->table->usetable);
    LLVMBasicBlockRef b_tab = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "use.table");
    LLVMBasicBlockRef b_fn = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "no.table");
    LLVMBasicBlockRef b_join = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "table.join");
    LLVMValueRef result = fn->has_result ? cg_entry_alloca(c, in->fn, c->f64, "tabled") : NULL;
    LLVMBuildCondBr(c->b, cg_as_bool(c, use), b_tab, b_fn);
    LLVMPositionBuilderAtEnd(c->b, b_tab);
    LLVMValueRef v = table_lookup(c, in, f, args[0]);
    if (result)
        LLVMBuildStore(c->b, v, result);
    LLVMBuildBr(c->b, b_join);
    LLVMPositionBuilderAtEnd(c->b, b_fn);
    v = inline_body(c, in, f, args);
    if (result)
        LLVMBuildStore(c->b, v, result);
    LLVMBuildBr(c->b, b_join);
    LLVMPositionBuilderAtEnd(c->b, b_join);
    return result ? cg_load(c, c->f64, result, "tabled") : NULL;
}

/* ---- statements ----------------------------------------------------------------------- */

static bool same_expr(const struct ir_expr *a, const struct ir_expr *b)
{
    if (a->op != b->op || a->aux != b->aux || a->nargs != b->nargs ||
        (a->op == IR_CONST && a->value != b->value) || (a->op == IR_VAR && a->var != b->var))
        return false;
    for (unsigned i = 0; i < a->nargs; i++)
        if (!same_expr(a->args[i], b->args[i]))
            return false;
    return a->op != IR_RAND;
}

/* cnexp's target -a/b is X itself when a = X/tau and b = -1/tau (the form
 * of every gating variable): the default mode skips NMODL's two divisions,
 * which only round.  NULL where --exact or the form differs. */
static const struct ir_expr *steady_state(struct cg_ctx *c, const struct ir_stmt *s)
{
    const struct ir_expr *a = s->e, *b = s->e2;
    if (c->opt->exact || a->op != IR_DIV || b->op != IR_DIV || b->args[0]->op != IR_CONST ||
        b->args[0]->value != -1.0 || !same_expr(a->args[1], b->args[1]))
        return NULL;
    return a->args[0];
}

/* `for each connection (w, A, ...)`: for j over the instance's entries in
 * its set's connection lists, w is conn_weight[j] and the others are the
 * doubles of conn_state[j], read and written in place (NEURON's
 * FOR_NETCONS, whose variables alias each NetCon's weight vector). */
static void for_conns(struct cg_ctx *c, struct cg_inst *in, const struct ir_stmt *s)
{
    if (!in->set) {
        diag_error(c->diag, LOC_NONE, "'%s' can go through its connections only in its "
                   "receive block", in->m->name);
        return;
    }
    LLVMTypeRef statep = LLVMPointerType(c->f64p, 0);
    LLVMValueRef start = cg_field(c, c->t_set, in->set, CRT_SET_CONN_START, c->i64p, "conn.start");
    LLVMValueRef weight = cg_field(c, c->t_set, in->set, CRT_SET_CONN_WEIGHT, c->f64p, "conn.w");
    LLVMValueRef state = cg_field(c, c->t_set, in->set, CRT_SET_CONN_STATE, statep, "conn.state");
    LLVMValueRef next = LLVMBuildAdd(c->b, in->index, cg_i64(c, 1), "");
    LLVMValueRef first = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, start, &in->index,
                                                                  1, ""), "conn.first");
    LLVMValueRef end = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, start, &next, 1, ""),
                               "conn.end");
    LLVMValueRef j = cg_entry_alloca(c, in->fn, c->i64, "conn");
    LLVMBuildStore(c->b, first, j);
    LLVMBasicBlockRef b_test = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "conns");
    LLVMBasicBlockRef b_body = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "conns.body");
    LLVMBasicBlockRef b_end = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "conns.end");
    LLVMBuildBr(c->b, b_test);
    LLVMPositionBuilderAtEnd(c->b, b_test);
    LLVMValueRef k = cg_load(c, c->i64, j, "conn.k");
    LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSLT, k, end, ""), b_body, b_end);
    LLVMPositionBuilderAtEnd(c->b, b_body);
    int wv = s->args[0]->var;
    in->val[wv] = cg_load(c, c->f64, cg_gep_f64(c, weight, k, ""), "conn.weight");
    LLVMValueRef own = s->nargs > 1
        ? cg_load(c, c->f64p, LLVMBuildInBoundsGEP2(c->b, c->f64p, state, &k, 1, ""), "conn.own")
        : NULL;
    for (unsigned a = 1; a < s->nargs; a++)
        in->ptr[s->args[a]->var] = cg_gep_f64(c, own, cg_i64(c, a - 1), "conn.arg");
    cg_block(c, in, &s->then);
    if (!cg_terminated(c)) {
        LLVMBuildStore(c->b, LLVMBuildAdd(c->b, k, cg_i64(c, 1), "conn.next"), j);
        LLVMBuildBr(c->b, b_test);
    }
    LLVMPositionBuilderAtEnd(c->b, b_end);
    in->val[wv] = NULL;     /* the names are the loop's only */
    for (unsigned a = 1; a < s->nargs; a++)
        in->ptr[s->args[a]->var] = NULL;
}

static void stmt(struct cg_ctx *c, struct cg_inst *in, const struct ir_stmt *s)
{
    if (cg_terminated(c)) {     /* code after a return: unreachable */
        LLVMBasicBlockRef dead = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "dead");
        LLVMPositionBuilderAtEnd(c->b, dead);
    }
    switch (s->kind) {
    case IRS_ASSIGN:
        write_var(c, in, s->var, cg_expr(c, in, s->e));
        break;
    case IRS_IF: {
        LLVMValueRef cond = cg_as_bool(c, cg_expr(c, in, s->e));
        LLVMBasicBlockRef b_then = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "then");
        LLVMBasicBlockRef b_else = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "else");
        LLVMBasicBlockRef b_join = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "endif");
        LLVMBuildCondBr(c->b, cond, b_then, b_else);
        LLVMPositionBuilderAtEnd(c->b, b_then);
        cg_block(c, in, &s->then);
        if (!cg_terminated(c))
            LLVMBuildBr(c->b, b_join);
        LLVMPositionBuilderAtEnd(c->b, b_else);
        cg_block(c, in, &s->els);
        if (!cg_terminated(c))
            LLVMBuildBr(c->b, b_join);
        LLVMPositionBuilderAtEnd(c->b, b_join);
        break;
    }
    case IRS_LOOP: {            /* do { body } while (cond) */
        LLVMBasicBlockRef b_body = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "loop");
        LLVMBasicBlockRef b_done = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "endloop");
        LLVMBuildBr(c->b, b_body);
        LLVMPositionBuilderAtEnd(c->b, b_body);
        cg_block(c, in, &s->then);
        if (!cg_terminated(c))
            LLVMBuildCondBr(c->b, cg_as_bool(c, cg_expr(c, in, s->e)), b_body, b_done);
        LLVMPositionBuilderAtEnd(c->b, b_done);
        break;
    }
    case IRS_CALL: {
        LLVMValueRef args[16];
        for (unsigned i = 0; i < s->nargs && i < 16; i++)
            args[i] = cg_as_double(c, cg_expr(c, in, s->args[i]));
        inline_call(c, in, s->aux, args);
        break;
    }
    case IRS_WHILE: {
        /* while e, at most aux times (the count is tested before e) */
        LLVMValueRef n = cg_entry_alloca(c, in->fn, c->i64, "iterations");
        LLVMBuildStore(c->b, cg_i64(c, 0), n);
        LLVMBasicBlockRef b_test = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "while");
        LLVMBasicBlockRef b_cond = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "while.cond");
        LLVMBasicBlockRef b_body = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "while.body");
        LLVMBasicBlockRef b_end = LLVMAppendBasicBlockInContext(c->ctx, in->fn, "while.end");
        LLVMBuildBr(c->b, b_test);
        LLVMPositionBuilderAtEnd(c->b, b_test);
        LLVMValueRef k = cg_load(c, c->i64, n, "k");
        LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSLT, k, cg_i64(c, s->aux), "under"),
                        b_cond, b_end);
        LLVMPositionBuilderAtEnd(c->b, b_cond);
        LLVMBuildCondBr(c->b, cg_as_bool(c, cg_expr(c, in, s->e)), b_body, b_end);
        LLVMPositionBuilderAtEnd(c->b, b_body);
        LLVMBuildStore(c->b, LLVMBuildAdd(c->b, k, cg_i64(c, 1), "k.next"), n);
        cg_block(c, in, &s->then);
        if (!cg_terminated(c))
            LLVMBuildBr(c->b, b_test);
        LLVMPositionBuilderAtEnd(c->b, b_end);
        break;
    }
    case IRS_FOR_CONNS:
        for_conns(c, in, s);
        break;
    case IRS_MOVE: {
        if (!in->set) {
            diag_error(c->diag, LOC_NONE, "'%s' can move events only from its receive block",
                       in->m->name);
            break;
        }
        LLVMValueRef t = in->t ? in->t : cg_field(c, c->t_globals, in->globals, CRT_GLOBALS_T, c->f64, "t");
        LLVMValueRef args[4] = {in->set, in->index, t, cg_as_double(c, cg_expr(c, in, s->e))};
        cg_call(c, c->t_move, c->fn_move, args, 4, "");
        break;
    }
    case IRS_WATCH: {
        if (!in->watch_rm) {
            diag_error(c->diag, LOC_NONE, "'%s' can watch only from its receive block",
                       in->m->name);
            break;
        }
        /* the first watch of a call clears the instance's watches (_watch_rm++ == 0) */
        LLVMValueRef rm = cg_load(c, c->i64, in->watch_rm, "watch.rm");
        LLVMValueRef first = LLVMBuildZExt(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, rm, cg_i64(c, 0),
                                                               ""), c->i64, "watch.first");
        LLVMValueRef value;
        if (in->node_v) {
            /* nocmodl's _watchN_cond reads v = NODEV(node) into the block's v:
               the watch sees the node's v, and an assignment to v made before it
               in this call is dropped */
            int vv = ir_builtin_var(in->m, IRB_V);
            LLVMValueRef copy = in->ptr[vv];
            in->ptr[vv] = in->node_v;
            value = cg_as_double(c, cg_expr(c, in, s->e));
            in->ptr[vv] = copy;
            LLVMBuildStore(c->b, cg_load(c, c->f64, in->node_v, "v"), copy);
        } else {
            value = cg_as_double(c, cg_expr(c, in, s->e));
        }
        LLVMValueRef args[6] = {in->set, in->index, cg_i64(c, s->aux),
                                cg_as_double(c, cg_expr(c, in, s->e2)), value, first};
        cg_call(c, c->t_watch, c->fn_watch, args, 6, "");
        LLVMBuildStore(c->b, LLVMBuildAdd(c->b, rm, cg_i64(c, 1), ""), in->watch_rm);
        break;
    }
    case IRS_SEND:
    case IRS_EMIT: {
        if (!in->set) {
            diag_error(c->diag, LOC_NONE, "'%s' can send or emit events only from its receive "
                       "and initial blocks", in->m->name);
            break;
        }
        LLVMValueRef t = in->t ? in->t : cg_field(c, c->t_globals, in->globals, CRT_GLOBALS_T, c->f64, "t");
        if (s->kind == IRS_SEND) {
            /* the event comes back with the weight that caused it, as in NEURON */
            int wv = in->m->receive_weight;
            LLVMValueRef w = wv >= 0 && in->val[wv] ? in->val[wv] : cg_const(c, 0);
            LLVMValueRef d = cg_as_double(c, cg_expr(c, in, s->e));
            /* and that event's connection state (NEURON's weight vector) */
            LLVMValueRef state = in->args ? in->args : LLVMConstPointerNull(c->f64p);
            LLVMValueRef args[7] = {in->set, in->index, s->aux ? d : t, s->aux ? cg_const(c, 0) : d,
                                    cg_as_double(c, cg_expr(c, in, s->e2)), w, state};
            cg_call(c, c->t_send, c->fn_send, args, 7, "");
        } else {
            LLVMValueRef args[3] = {in->set, in->index, t};
            cg_call(c, c->t_emit, c->fn_emit, args, 3, "");
        }
        break;
    }
    case IRS_RETURN:
        if (in->ret_ptr)
            LLVMBuildStore(c->b, cg_as_double(c, cg_expr(c, in, s->e)), in->ret_ptr);
        if (in->ret_block)
            LLVMBuildBr(c->b, in->ret_block);
        break;
    case IRS_CNEXP: {
        /* y + (1 - exp(dt*b)) * (-(a)/b - y), NMODL's operation order */
        LLVMValueRef y = read_var(c, in, s->var);
        LLVMValueRef one_m, target;
        if (s->pre_f >= 0) {    /* run constants, computed at INITIAL */
            one_m = read_var(c, in, s->pre_f);
            target = read_var(c, in, s->pre_t);
        } else {
            LLVMValueRef a = cg_as_double(c, cg_expr(c, in, s->e));
            LLVMValueRef b = cg_as_double(c, cg_expr(c, in, s->e2));
            LLVMValueRef dt = cg_field(c, c->t_globals, in->globals, CRT_GLOBALS_DT, c->f64, "dt");
            LLVMValueRef arg = LLVMBuildFMul(c->b, dt, b, "");
            LLVMValueRef ex = mech_exp(c, arg);
            one_m = LLVMBuildFSub(c->b, cg_const(c, 1.0), ex, "");
            const struct ir_expr *x = steady_state(c, s);
            target = x ? cg_as_double(c, cg_expr(c, in, x))
                       : LLVMBuildFDiv(c->b, LLVMBuildFNeg(c->b, a, ""), b, "");
        }
        LLVMValueRef upd = LLVMBuildFMul(c->b, one_m, LLVMBuildFSub(c->b, target, y, ""), "");
        write_var(c, in, s->var, LLVMBuildFAdd(c->b, y, upd, "cnexp"));
        break;
    }
    }
}

void cg_block(struct cg_ctx *c, struct cg_inst *in, const struct ir_block *b)
{
    for (unsigned i = 0; i < b->n; i++)
        stmt(c, in, b->stmts[i]);
}

/* Marks in sets[] the variables block b assigns, with the procedures it
 * calls (each once). */
static void mark_sets(const struct ir_mech *m, const struct ir_block *b, bool *sets, bool *visited)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *st = b->stmts[i];
        if (st->kind == IRS_ASSIGN && st->var >= 0)
            sets[st->var] = true;
        if (st->kind == IRS_CALL && st->aux >= 0 && !visited[st->aux]) {
            visited[st->aux] = true;
            mark_sets(m, &m->funcs[st->aux].body, sets, visited);
        }
        mark_sets(m, &st->then, sets, visited);
        mark_sets(m, &st->els, sets, visited);
    }
}

/* circ_tables(gl): every TABLE, tabulated at x = from, from+dx, ... (x
 * accumulated by addition, as NMODL does). */
void cg_emit_tables(struct cg_ctx *c)
{
    LLVMTypeRef gp = LLVMPointerType(c->t_globals, 0);
    LLVMValueRef fn = cg_function(c, "circ_tables", c->void_t, &gp, 1);
    LLVMValueRef gl = LLVMGetParam(fn, 0);
    for (unsigned mi = 0; mi < c->model->nmechs; mi++) {
        const struct ir_mech *m = &c->model->mechs[mi];
        for (unsigned f = 0; f < m->nfuncs; f++) {
            const struct ir_table *t = m->funcs[f].table;
            if (!t)
                continue;
            struct cg_inst in;
            cg_inst_init(c, &in, (int)mi, fn);
            in.globals = gl;
            double dx, mfac;
            table_steps(t, &dx, &mfac);
            LLVMValueRef from = cg_const(c, t->from), step = cg_const(c, dx);
            if (t->from_e) {
                /* nocmodl: _tmin = from; _tmax = to; _dx = (_tmax - _tmin)/N.;
                   _mfac = 1./_dx, with the globals' values now */
                from = cg_as_double(c, cg_expr(c, &in, t->from_e));
                LLVMValueRef to = cg_as_double(c, cg_expr(c, &in, t->to_e));
                step = LLVMBuildFDiv(c->b, LLVMBuildFSub(c->b, to, from, ""),
                                     cg_const(c, (double)t->intervals), "dx");
                LLVMBuildStore(c->b, from, span_ptr(c, (int)mi, (int)f, 0));
                LLVMBuildStore(c->b, LLVMBuildFDiv(c->b, cg_const(c, 1.), step, "mfac"),
                               span_ptr(c, (int)mi, (int)f, 1));
            }
            LLVMValueRef xp = cg_entry_alloca(c, fn, c->f64, "x");
            LLVMBuildStore(c->b, from, xp);
            /* no instance while a table is built: each assigned variable the body
               (or what it calls) sets is scratch, the tabulated ones read back per
               point (the NMODL import refuses what NEURON would leave elsewhere);
               one it only reads has no value here, and reading it stays an error
               rather than a silent 0 */
            bool *sets = xcalloc(m->nvars + 1, sizeof *sets);
            bool *visited = xcalloc(m->nfuncs + 1, sizeof *visited);
            mark_sets(m, &m->funcs[f].body, sets, visited);
            for (unsigned k = 0; k < m->nvars; k++)
                if (m->vars[k].kind == IRV_ASSIGNED && sets[k]) {
                    in.ptr[k] = cg_entry_alloca(c, fn, c->f64, m->vars[k].name);
                    LLVMBuildStore(c->b, cg_const(c, 0.0), in.ptr[k]);
                }
            free(sets);
            free(visited);
            /* a per-instance parameter: the value every instance has (its
               global "X.table", never folded: an experiment sets it) */
            for (unsigned k = 0; k < t->nparams; k++)
                in.ptr[t->params[k]] = global_ptr(c, &in, t->param_globals[k]);
            struct cg_loop loop;
            LLVMValueRef j = cg_loop_begin(c, fn, cg_i64(c, t->intervals + 1), &loop, "table");
            LLVMValueRef x = cg_load(c, c->f64, xp, "x");
            LLVMValueRef args[1] = {x};
            LLVMValueRef value = inline_body(c, &in, (int)f, args);
            LLVMValueRef tab = table_global(c, (int)mi, (int)f);
            LLVMTypeRef arr = LLVMGlobalGetValueType(tab);
            LLVMValueRef row = LLVMBuildMul(c->b, j, cg_i64(c, t->nvars), "row");
            for (unsigned k = 0; k < t->nvars; k++) {
                LLVMValueRef idx[2] = {cg_i64(c, 0), LLVMBuildAdd(c->b, row, cg_i64(c, k), "")};
                LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, arr, tab, idx, 2, "");
                LLVMBuildStore(c->b, t->result ? value : cg_load(c, c->f64, in.ptr[t->vars[k]], ""),
                               p);
            }
            LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, x, step, "x.next"), xp);
            cg_loop_end(c, &loop);
            cg_loop_scalar(c, &loop);
        }
    }
    LLVMBuildRetVoid(c->b);
}
