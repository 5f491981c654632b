/* cg_set.c - entry points of point processes and artificial cells:
 * circ_receive_<M>(set, i, w, flag, args, gl) runs the receive block of
 * instance i at time gl->t, its arguments after the weight in args[] (a
 * point process's that assigns v works on a copy of its node's v, written
 * back when the block ends);
 * circ_net_init_<M> (the same parameters) runs receive's initial block; circ_art_init_<M>(set, gl) runs INITIAL of every instance of
 * an artificial cell (point processes are initialized by their cell type);
 * circ_watch_<M>(set, gl, out, above) puts the value of a point process's
 * watch k for every instance i in out[k * n + i], and in out[nwatch * n + i]
 * 1 where one of i's values is on the other side of 0 than above[k * n + i]
 * says, else 0 (a loop over instances, vectorized). */
#include "cg_int.h"

#include <stdio.h>

/* The address of v at instance i's node, NEURON's NODEV(_pnt->node). */
static LLVMValueRef node_v_ptr(struct cg_ctx *c, LLVMValueRef set, LLVMValueRef i)
{
    LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
    LLVMValueRef gdata = cg_field(c, c->t_set, set, CRT_SET_GDATA, c->f64p, "gdata");
    LLVMValueRef flat = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""),
                                "node");
    return cg_gep_f64(c, gdata, flat, "node.v");
}

static LLVMValueRef node_v(struct cg_ctx *c, LLVMValueRef set, LLVMValueRef i)
{
    return cg_load(c, c->f64, node_v_ptr(c, set, i), "v");
}

/* The mechanism's builtin v, if its receive block assigns it, else -1. */
static int assigned_v(const struct ir_mech *m)
{
    int v = ir_builtin_var(m, IRB_V);
    return v >= 0 && ir_block_writes(&m->receive, v) ? v : -1;
}

static void emit_receive(struct cg_ctx *c, int mech, bool net_init)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    char name[160];
    snprintf(name, sizeof name, "circ_%s_%s", net_init ? "net_init" : "receive", m->name);
    LLVMTypeRef params[6] = {LLVMPointerType(c->t_set, 0), c->i64, c->f64, c->f64, c->f64p,
                             LLVMPointerType(c->t_globals, 0)};
    LLVMValueRef fn = cg_function(c, name, c->void_t, params, 6);
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = LLVMGetParam(fn, 5);
    in.args = LLVMGetParam(fn, 4);
    for (unsigned k = 0; k < m->nreceive_args; k++)     /* read and written in place */
        in.ptr[m->receive_args[k]] = cg_gep_f64(c, in.args, cg_i64(c, k), "arg");
    LLVMValueRef set = LLVMGetParam(fn, 0);
    cg_bind_set(c, &in, set, cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data"),
                cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n"), LLVMGetParam(fn, 1));
    if (m->receive_weight >= 0)
        in.val[m->receive_weight] = LLVMGetParam(fn, 2);
    cg_bind_builtin(c, &in, IRB_FLAG, LLVMGetParam(fn, 3));
    int vv = net_init ? -1 : assigned_v(m);
    if (vv >= 0) {      /* a copy of v, written back at the end (nocmodl's NODEV(...) = v) */
        in.node_v = node_v_ptr(c, set, LLVMGetParam(fn, 1));
        in.ptr[vv] = cg_entry_alloca(c, fn, c->f64, "v");
        LLVMBuildStore(c->b, cg_load(c, c->f64, in.node_v, "v"), in.ptr[vv]);
    } else if (m->kind == IRK_POINT) {  /* v of its node, read on entry as NEURON does */
        cg_bind_builtin(c, &in, IRB_V, node_v(c, set, LLVMGetParam(fn, 1)));
    }
    if (m->nwatches) {
        in.watch_rm = cg_entry_alloca(c, fn, c->i64, "watch_rm");
        LLVMBuildStore(c->b, cg_i64(c, 0), in.watch_rm);
    }
    cg_block(c, &in, net_init ? &m->receive_init : &m->receive);
    if (!cg_terminated(c)) {
        if (vv >= 0)
            LLVMBuildStore(c->b, cg_load(c, c->f64, in.ptr[vv], "v"), in.node_v);
        LLVMBuildRetVoid(c->b);
    }
}

/* A receive with an initial block has a circ_net_init_<M>: the runtime zeroes
 * the connection's state and calls it, as NEURON's _net_init. */
static void emit_receive_entries(struct cg_ctx *c, int mech)
{
    emit_receive(c, mech, false);
    if (c->model->mechs[mech].receive_init.n)
        emit_receive(c, mech, true);
}

/* circ_watch_<M>: every watch's value for every instance i, watch k's
 * into out[k * n + i], as NEURON's _watchN_cond computes it (the instance's
 * variables, v at its node, gl->t): one loop, v gathered once.  Whether any
 * of them crossed 0 since the runtime's flags (above) goes in out[nwatch *
 * n + i]: most steps none did, and the runtime skips those instances. */
static void emit_watch(struct cg_ctx *c, int mech)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    char name[160];
    snprintf(name, sizeof name, "circ_watch_%s", m->name);
    LLVMTypeRef params[4] = {LLVMPointerType(c->t_set, 0), LLVMPointerType(c->t_globals, 0),
                             c->f64p, c->i8p};
    LLVMValueRef fn = cg_function(c, name, c->void_t, params, 4);
    LLVMValueRef set = LLVMGetParam(fn, 0), out = LLVMGetParam(fn, 2), above = LLVMGetParam(fn, 3);
    LLVMValueRef data = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
    LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
    /* before the loop: its stores to out could alias the set, which would
     * keep these loads (and a gather of nodes) in every iteration */
    LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
    LLVMValueRef gdata = cg_field(c, c->t_set, set, CRT_SET_GDATA, c->f64p, "gdata");
    struct cg_loop loop;
    LLVMValueRef i = cg_loop_begin(c, fn, n, &loop, "watch.instances");
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = LLVMGetParam(fn, 1);
    cg_bind_set(c, &in, set, data, n, i);
    LLVMValueRef flat = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""),
                                "node");
    cg_bind_builtin(c, &in, IRB_V, cg_load(c, c->f64, cg_gep_f64(c, gdata, flat, "node.v"), "v"));
    LLVMValueRef crossed = LLVMConstInt(c->i1, 0, 0);
    for (unsigned k = 0; k < m->nwatches; k++) {
        LLVMValueRef at = LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b, cg_i64(c, k), n, ""), i, "");
        LLVMValueRef value = cg_as_double(c, cg_expr(c, &in, m->watches[k]));
        LLVMBuildStore(c->b, value, cg_gep_f64(c, out, at, "watch.value"));
        LLVMValueRef was = LLVMBuildLoad2(c->b, LLVMInt8TypeInContext(c->ctx),
                                          LLVMBuildInBoundsGEP2(c->b, LLVMInt8TypeInContext(c->ctx),
                                                                above, &at, 1, ""), "above");
        LLVMValueRef is = LLVMBuildFCmp(c->b, LLVMRealOGT, value, cg_const(c, 0), "");
        LLVMValueRef was1 = LLVMBuildICmp(c->b, LLVMIntNE, was, LLVMConstInt(LLVMInt8TypeInContext(c->ctx), 0, 0), "");
        crossed = LLVMBuildOr(c->b, crossed, LLVMBuildXor(c->b, is, was1, ""), "crossed");
    }
    LLVMValueRef at = LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b, cg_i64(c, m->nwatches), n, ""), i, "");
    LLVMBuildStore(c->b, LLVMBuildUIToFP(c->b, crossed, c->f64, ""), cg_gep_f64(c, out, at, "crossed"));
    cg_loop_end(c, &loop);
    cg_loop_parallel(c, &loop);
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
    if (m->kind == IRK_DENSITY || (c->opt->mech_used && !c->opt->mech_used[mech]))
        return;
    if (m->kind == IRK_POINT) {
        emit_receive_entries(c, mech);
        if (m->nwatches)
            emit_watch(c, mech);
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
    emit_receive_entries(c, mech);
    emit_art_init(c, mech);
    c->opt = saved;
}
