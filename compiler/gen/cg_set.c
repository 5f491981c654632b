/* cg_set.c - entry points of point processes and artificial cells:
 * circ_receive_<M>(set, i, w, flag, gl) runs the receive block of instance i
 * at time gl->t; circ_art_init_<M>(set, gl) runs INITIAL of every instance of
 * an artificial cell (point processes are initialized by their cell type). */
#include "cg_int.h"

#include <stdio.h>

static void emit_receive(struct cg_ctx *c, int mech)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    char name[160];
    snprintf(name, sizeof name, "circ_receive_%s", m->name);
    LLVMTypeRef params[5] = {LLVMPointerType(c->t_set, 0), c->i64, c->f64, c->f64,
                             LLVMPointerType(c->t_globals, 0)};
    LLVMValueRef fn = cg_function(c, name, c->void_t, params, 5);
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = LLVMGetParam(fn, 4);
    LLVMValueRef set = LLVMGetParam(fn, 0);
    cg_bind_set(c, &in, set, cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data"),
                cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n"), LLVMGetParam(fn, 1));
    if (m->receive_weight >= 0)
        in.val[m->receive_weight] = LLVMGetParam(fn, 2);
    cg_bind_builtin(c, &in, IRB_FLAG, LLVMGetParam(fn, 3));
    if (m->kind == IRK_POINT) {     /* v of its node, read on entry as NEURON does */
        LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
        LLVMValueRef gdata = cg_field(c, c->t_set, set, CRT_SET_GDATA, c->f64p, "gdata");
        LLVMValueRef i = LLVMGetParam(fn, 1);
        LLVMValueRef flat = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""),
                                    "node");
        cg_bind_builtin(c, &in, IRB_V, cg_load(c, c->f64, cg_gep_f64(c, gdata, flat, ""), "v"));
    }
    cg_block(c, &in, &m->receive);
    if (!cg_terminated(c))
        LLVMBuildRetVoid(c->b);
}

static void emit_art_init(struct cg_ctx *c, int mech)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    char name[160];
    snprintf(name, sizeof name, "circ_art_init_%s", m->name);
    LLVMTypeRef params[2] = {LLVMPointerType(c->t_set, 0), LLVMPointerType(c->t_globals, 0)};
    LLVMValueRef fn = cg_function(c, name, c->void_t, params, 2);
    LLVMValueRef set = LLVMGetParam(fn, 0);
    LLVMValueRef data = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
    LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
    struct cg_loop loop;
    LLVMValueRef i = cg_loop_begin(c, fn, n, &loop, "instances");
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = LLVMGetParam(fn, 1);
    in.t = cg_const(c, 0);
    cg_bind_set(c, &in, set, data, n, i);
    cg_block(c, &in, &m->initial);
    cg_loop_end(c, &loop);
    cg_loop_scalar(c, &loop);
    LLVMBuildRetVoid(c->b);
}

void cg_mech_entry(struct cg_ctx *c, int mech)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    if (m->kind == IRK_DENSITY)
        return;
    if (m->kind == IRK_POINT) {
        emit_receive(c, mech);
        return;
    }
    /* Artificial cells run per event, scalar: the default mode's freedoms
     * (FMAs, the polynomial exp) buy them nothing, so they keep NEURON's
     * arithmetic and their spikes (NetStim's, point neurons') are the same
     * bits as in --exact. */
    const struct cg_options *saved = c->opt;
    struct cg_options exact = *saved;
    exact.exact = true;
    c->opt = &exact;
    emit_receive(c, mech);
    emit_art_init(c, mech);
    c->opt = saved;
}
