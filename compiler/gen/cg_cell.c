/* cg_cell.c - the kernels of one cell type: circ_init_<T>, circ_step_<T>.
 *
 * Layout of struct crt_group.data (each entry is ncells doubles, cell
 * fastest): v of nodes 0..N-1, rhs of nodes, d of nodes, then the density
 * slots.  A density instance stores its states, assigned variables and any
 * parameter its own code writes; other parameters are folded constants.
 *
 * One step follows NUMERICS.md §4 exactly: currents of every mechanism in
 * type order (density mechanisms per cell, point processes per instance, in
 * alternating loops so the per-node summation order is NEURON's), axial
 * terms, capacitance, Hines elimination, v += dv, then states with the new v.
 */
#include "cg_int.h"
#include "circ_rt.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Flat index (in units of ncells) of region entry k. */
static LLVMValueRef at(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef ncells, unsigned k,
                       LLVMValueRef cell, const char *name)
{
    LLVMValueRef idx = LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b, cg_i64(c, k), ncells, ""),
                                       cell, "");
    return cg_gep_f64(c, data, idx, name);
}

/* Binds the instance of insert `ins` at segment `seg` of cell `cell`. */
static void bind_density(struct cg_ctx *c, struct cg_inst *in, const struct ir_celltype *t,
                         const struct cg_type_layout *l, unsigned sec, unsigned ins, int seg,
                         LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell,
                         LLVMValueRef params)
{
    const struct ir_section *s = &t->sections[sec];
    const struct ir_insert *ii = &s->inserts[ins];
    const struct ir_mech *m = in->m;
    unsigned flat = 0;
    for (unsigned q = 0; q < sec; q++)
        flat += t->sections[q].ninserts;
    unsigned base = l->base[flat + ins], rank = 0;
    for (unsigned v = 0; v < m->nvars; v++) {
        in->ptr[v] = NULL;
        if (m->vars[v].kind == IRV_LOCAL)
            continue;
        in->val[v] = NULL;
        if (cg_stored(m, (int)v)) {
            unsigned slot = base + rank * (unsigned)s->nseg + (unsigned)seg;
            in->ptr[v] = at(c, data, ncells, 3 * l->nnodes + slot, cell, m->vars[v].name);
            rank++;
        } else if (m->vars[v].kind == IRV_PARAM) {
            int r = l->rparam[l->rbase[flat + ins] + v];
            in->val[v] = r < 0 ? cg_const(c, ir_insert_param(ii, m, seg, (int)v))
                               : cg_load(c, c->f64, cg_gep_f64(c, params, cg_i64(c, r + seg), ""),
                                         m->vars[v].name);
        } else if (m->vars[v].kind == IRV_BUILTIN && m->vars[v].builtin == IRB_DIAM) {
            in->val[v] = cg_const(c, s->seg_diam[seg]);
        }
    }
    cg_ion_bind(c, in, t, l, sec, seg, data, ncells, cell);
}

static bool pp_here(struct cg_ctx *c, int type, int mech)
{
    return !c->opt->pp_on_type || c->opt->pp_on_type[(size_t)type * c->model->nmechs + (size_t)mech];
}

struct insert_ref {
    unsigned sec, ins;
};

/* Every insert of mechanism `mech` in this cell type (*out in the arena). */
static unsigned inserts_of(struct cg_ctx *c, const struct ir_celltype *t, int mech,
                           struct insert_ref **out)
{
    unsigned n = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].ninserts; i++)
            n += t->sections[s].inserts[i].mech == mech;
    *out = arena_alloc(c->model->arena, (n + 1) * sizeof **out);
    n = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].ninserts; i++)
            if (t->sections[s].inserts[i].mech == mech)
                (*out)[n++] = (struct insert_ref){s, i};
    return n;
}

static LLVMValueRef pp_set(struct cg_ctx *c, LLVMValueRef g, int pp)
{
    LLVMValueRef arr = cg_field(c, c->t_group, g, CRT_GROUP_PP, LLVMPointerType(c->t_set, 0), "pp");
    LLVMValueRef idx = cg_i64(c, pp);
    return LLVMBuildInBoundsGEP2(c->b, c->t_set, arr, &idx, 1, "set");
}

/* Binds instance i of a point-process set: every var with a slot is memory;
 * a point process's diam and area are its segment's and node's, per
 * instance (crt_set.diam, crt_set.area), so every entry point (currents,
 * states, INITIAL, receive, watch) reads them. */
void cg_bind_set(struct cg_ctx *c, struct cg_inst *in, LLVMValueRef set, LLVMValueRef data,
                 LLVMValueRef n, LLVMValueRef i)
{
    const struct ir_mech *m = in->m;
    for (unsigned v = 0; v < m->nvars; v++) {
        if (m->vars[v].kind == IRV_LOCAL)
            continue;
        in->val[v] = NULL;
        in->ptr[v] = NULL;
        if (m->vars[v].slot >= 0)
            in->ptr[v] = at(c, data, n, (unsigned)m->vars[v].slot, i, m->vars[v].name);
    }
    int d = m->kind == IRK_POINT ? ir_builtin_var(m, IRB_DIAM) : -1;
    if (d >= 0) {
        LLVMValueRef diam = cg_field(c, c->t_set, set, CRT_SET_DIAM, c->f64p, "diams");
        in->val[d] = cg_load(c, c->f64, cg_gep_f64(c, diam, i, ""), "diam");
    }
    int a = m->kind == IRK_POINT ? ir_builtin_var(m, IRB_AREA) : -1;
    if (a >= 0) {       /* NEURON's _nd_area itself, not 1e2 / area_factor */
        LLVMValueRef area = cg_field(c, c->t_set, set, CRT_SET_AREA, c->f64p, "areas");
        in->val[a] = cg_load(c, c->f64, cg_gep_f64(c, area, i, ""), "area");
    }
    in->set = set;
    in->index = i;
}

/* rhs[node] -= i and d[node] += g for every instance, in instance order
 * (NEURON's summation order at a node).  Instances of one node are
 * consecutive, so each run of them is summed in registers and stored once:
 * the same additions in the same order, without a chain of dependent
 * stores and loads through memory (which cost most of --exact's step). */
static void accumulate(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef gdata, LLVMValueRef ncells,
                       unsigned nnodes, LLVMValueRef n, LLVMValueRef nodes, LLVMValueRef scratch,
                       bool electrode)
{
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
    LLVMBasicBlockRef head = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.node");
    LLVMBasicBlockRef first = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.load");
    LLVMBasicBlockRef inner = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.add");
    LLVMBasicBlockRef check = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.same");
    LLVMBasicBlockRef store = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.store");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(c->ctx, fn, "acc.done");
    LLVMValueRef off = LLVMBuildNSWMul(c->b, cg_i64(c, nnodes), ncells, "");
    LLVMValueRef off2 = LLVMBuildNSWAdd(c->b, off, off, "");
    LLVMBuildBr(c->b, head);

    LLVMPositionBuilderAtEnd(c->b, head);
    LLVMValueRef k = LLVMBuildPhi(c->b, c->i64, "k");
    LLVMValueRef zero = cg_i64(c, 0);
    LLVMAddIncoming(k, &zero, &pre, 1);
    LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSLT, k, n, ""), first, done);

    LLVMPositionBuilderAtEnd(c->b, first);
    LLVMValueRef nd = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &k, 1, ""), "node");
    LLVMValueRef rp = cg_gep_f64(c, gdata, LLVMBuildNSWAdd(c->b, off, nd, ""), "rhsp");
    LLVMValueRef dp = cg_gep_f64(c, gdata, LLVMBuildNSWAdd(c->b, off2, nd, ""), "dp");
    LLVMValueRef r0 = cg_load(c, c->f64, rp, "rhs"), d0 = cg_load(c, c->f64, dp, "d");
    LLVMBuildBr(c->b, inner);

    LLVMPositionBuilderAtEnd(c->b, inner);
    LLVMValueRef j = LLVMBuildPhi(c->b, c->i64, "j");
    LLVMValueRef r = LLVMBuildPhi(c->b, c->f64, "r");
    LLVMValueRef d = LLVMBuildPhi(c->b, c->f64, "dd");
    LLVMValueRef ik = cg_load(c, c->f64, cg_gep_f64(c, scratch, j, ""), "i");
    LLVMValueRef gk = cg_load(c, c->f64, cg_gep_f64(c, scratch, LLVMBuildNSWAdd(c->b, n, j, ""), ""), "g");
    LLVMValueRef r1, d1;
    if (electrode) {        /* electrode current: positive depolarizes */
        r1 = LLVMBuildFAdd(c->b, r, ik, "rhs");
        d1 = LLVMBuildFSub(c->b, d, gk, "d");
    } else {
        r1 = LLVMBuildFSub(c->b, r, ik, "rhs");
        d1 = LLVMBuildFAdd(c->b, d, gk, "d");
    }
    LLVMValueRef j1 = LLVMBuildNSWAdd(c->b, j, cg_i64(c, 1), "j.next");
    LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSLT, j1, n, ""), check, store);

    LLVMPositionBuilderAtEnd(c->b, check);
    LLVMValueRef next = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &j1, 1, ""), "");
    LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, next, nd, ""), inner, store);

    LLVMValueRef jv[2] = {k, j1}, rv[2] = {r0, r1}, dv[2] = {d0, d1};
    LLVMBasicBlockRef from[2] = {first, check};
    LLVMAddIncoming(j, jv, from, 2);
    LLVMAddIncoming(r, rv, from, 2);
    LLVMAddIncoming(d, dv, from, 2);

    LLVMPositionBuilderAtEnd(c->b, store);
    LLVMBuildStore(c->b, r1, rp);
    LLVMBuildStore(c->b, d1, dp);
    LLVMAddIncoming(k, &j1, &store, 1);
    LLVMBuildBr(c->b, head);
    LLVMPositionBuilderAtEnd(c->b, done);
}

/* A site's constants (ir_site_constants: parameters and INITIAL's run
 * constants, one number over the site's cells), loaded once a site from its
 * first instance, `base`; NULL entries for the others.  *site is the array
 * (free it). */
static LLVMValueRef *load_site_constants(struct cg_ctx *c, const struct ir_mech *m,
                                         LLVMValueRef sdata, LLVMValueRef n, LLVMValueRef base,
                                         bool **site)
{
    LLVMValueRef *pre = arena_alloc(c->model->arena, (m->nvars + 1) * sizeof *pre);
    *site = ir_site_constants(m);
    for (unsigned v = 0; *site && v < m->nvars; v++)
        if ((*site)[v])
            pre[v] = cg_load(c, c->f64, at(c, sdata, n, (unsigned)m->vars[v].slot, base,
                                           m->vars[v].name), m->vars[v].name);
    return pre;
}

/* After cg_bind_set: the site's constants are values, not memory. */
static void bind_site_constants(struct cg_inst *in, const bool *site, LLVMValueRef *pre)
{
    for (unsigned v = 0; site && v < in->m->nvars; v++)
        if (site[v]) {
            in->val[v] = pre[v];
            in->ptr[v] = NULL;
        }
}

/* Is e finite wherever its variables are: sums, differences and products
 * only (g*(v - e), not a division, a power or exp of v)? */
static bool polynomial(const struct ir_expr *e)
{
    if (e->op != IR_CONST && e->op != IR_VAR && e->op != IR_NEG && e->op != IR_ADD &&
        e->op != IR_SUB && e->op != IR_MUL)
        return false;
    for (unsigned i = 0; i < e->nargs; i++)
        if (!polynomial(e->args[i]))
            return false;
    return true;
}

/* A loop over a set laid out as sites (default mode, shared synapses:
 * every cell with one instance per site), begun by site_loop_begin: a test
 * (sites, or the instance loop), a loop over sites and, inside it, one over
 * cells, with instance i of the site bound (the site's constants loaded once
 * a site: load_site_constants) and v at its node loaded. */
struct site_loop {
    LLVMBasicBlockRef sparse, join;
    struct cg_loop sites, cells;
    LLVMValueRef base;      /* the site's first instance, site * ncells */
    LLVMValueRef vnode;     /* the site's node's first value: node * ncells */
    LLVMValueRef afac;      /* the site's area factor (one node), loaded once a site */
    LLVMValueRef cell, v;
    struct cg_inst in;
};

static void site_loop_begin(struct cg_ctx *c, struct site_loop *sl, LLVMValueRef fn,
                            LLVMValueRef set, LLVMValueRef gl, LLVMValueRef gdata,
                            LLVMValueRef ncells, int mech, LLVMValueRef t, const char *name)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    LLVMValueRef nsites = cg_field(c, c->t_set, set, CRT_SET_NSITES, c->i64, "nsites");
    LLVMValueRef site_node = cg_field(c, c->t_set, set, CRT_SET_SITE_NODE, c->i64p, "site_node");
    char bname[64];
    snprintf(bname, sizeof bname, "%s.sites", name);
    LLVMBasicBlockRef dense = LLVMAppendBasicBlockInContext(c->ctx, fn, bname);
    snprintf(bname, sizeof bname, "%s.instances", name);
    sl->sparse = LLVMAppendBasicBlockInContext(c->ctx, fn, bname);
    snprintf(bname, sizeof bname, "%s.done", name);
    sl->join = LLVMAppendBasicBlockInContext(c->ctx, fn, bname);
    LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSGT, nsites, cg_i64(c, 0), ""), dense,
                    sl->sparse);

    LLVMPositionBuilderAtEnd(c->b, dense);
    LLVMValueRef sdata = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
    LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
    LLVMValueRef s = cg_loop_begin(c, fn, nsites, &sl->sites, "site");
    LLVMValueRef nd = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, site_node, &s, 1, ""),
                              "site.node");
    sl->base = LLVMBuildNSWMul(c->b, s, ncells, "site.base");
    sl->vnode = LLVMBuildNSWMul(c->b, nd, ncells, "");
    LLVMValueRef afac = cg_field(c, c->t_set, set, CRT_SET_AREA_FACTOR, c->f64p, "area_factor");
    sl->afac = cg_load(c, c->f64, cg_gep_f64(c, afac, sl->base, ""), "afac");
    bool *site;
    LLVMValueRef *pre = load_site_constants(c, m, sdata, n, sl->base, &site);
    sl->cell = cg_loop_begin(c, fn, ncells, &sl->cells, "site.cells");
    LLVMValueRef i = LLVMBuildNSWAdd(c->b, sl->base, sl->cell, "inst");
    cg_inst_init(c, &sl->in, mech, fn);
    sl->in.globals = gl;
    sl->in.t = t;
    cg_bind_set(c, &sl->in, set, sdata, n, i);
    bind_site_constants(&sl->in, site, pre);
    free(site);
    sl->v = cg_load(c, c->f64, cg_gep_f64(c, gdata, LLVMBuildNSWAdd(c->b, sl->vnode, sl->cell, ""),
                                          ""), "v");
}

/* Ends both loops; leaves the builder in the instance-loop branch and
 * returns the block both branches join. */
static LLVMBasicBlockRef site_loop_end(struct cg_ctx *c, struct site_loop *sl)
{
    cg_loop_end(c, &sl->cells);
    cg_loop_parallel(c, &sl->cells);
    cg_loop_end(c, &sl->sites);
    LLVMBuildBr(c->b, sl->join);
    LLVMPositionBuilderAtEnd(c->b, sl->sparse);
    return sl->join;
}

/* Default mode: when the runtime laid the set out as sites, their currents
 * are added site by site in a loop over cells, vectorized with contiguous
 * loads and stores: no gathers, no scratch, no scalar additions.  Per node
 * the additions come kind by kind, as in the instance loop. */
static LLVMBasicBlockRef site_currents(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef set,
                                       LLVMValueRef gl, LLVMValueRef gdata, LLVMValueRef ncells,
                                       unsigned nnodes, int mech, LLVMValueRef t)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    struct site_loop sl;
    site_loop_begin(c, &sl, fn, set, gl, gdata, ncells, mech, t, "pp.cur");
    struct cg_inst *in = &sl.in;
    LLVMValueRef f = sl.afac, gg;
    LLVMValueRef i0 = LLVMBuildFMul(c->b, cg_current_slope(c, in, sl.v, &gg), f, "i");
    gg = LLVMBuildFMul(c->b, gg, f, "g");
    /* An idle instance (no connection made it) adds nothing: a site's
     * mechanism is superposable (superpose.c), so its states start at 0,
     * only events move them, and its currents are homogeneous linear in
     * them: 0 (and so is the slope), which leaves rhs and d as they are (no
     * per-instance flag to load).  Where a current divides or takes a
     * function of v, 0 times its other factor could be NaN (x/(v - vh) at v
     * = vh): there an instance whose states are all 0 adds 0, tested (a
     * live one too, where NEURON's 0 * inf is NaN; --exact has no sites
     * and keeps NEURON's NaN). */
    bool finite = true;
    for (unsigned k = 0; k < m->ncurrents; k++)
        finite = finite && polynomial(m->currents[k]);
    if (!finite) {
        LLVMValueRef on = LLVMConstInt(c->i1, 0, 0);
        for (unsigned k = 0; k < m->nvars; k++)
            if (m->vars[k].kind == IRV_STATE && in->ptr[k])
                on = LLVMBuildOr(c->b, on, LLVMBuildFCmp(c->b, LLVMRealUNE,
                                                         cg_load(c, c->f64, in->ptr[k], ""),
                                                         cg_const(c, 0), ""), "live");
        i0 = LLVMBuildSelect(c->b, on, i0, cg_const(c, 0), "i");
        gg = LLVMBuildSelect(c->b, on, gg, cg_const(c, 0), "g");
    }
    LLVMValueRef at = LLVMBuildNSWAdd(c->b, sl.vnode, sl.cell, "");
    LLVMValueRef rp = cg_gep_f64(c, gdata, LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b,
                                 cg_i64(c, nnodes), ncells, ""), at, ""), "rhsp");
    LLVMValueRef dp = cg_gep_f64(c, gdata, LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b,
                                 cg_i64(c, 2 * nnodes), ncells, ""), at, ""), "dp");
    LLVMValueRef r = cg_load(c, c->f64, rp, "rhs"), d = cg_load(c, c->f64, dp, "d");
    if (m->electrode) {     /* electrode current: positive depolarizes */
        r = LLVMBuildFAdd(c->b, r, i0, "rhs");
        d = LLVMBuildFSub(c->b, d, gg, "d");
    } else {
        r = LLVMBuildFSub(c->b, r, i0, "rhs");
        d = LLVMBuildFAdd(c->b, d, gg, "d");
    }
    LLVMBuildStore(c->b, r, rp);
    LLVMBuildStore(c->b, d, dp);
    return site_loop_end(c, &sl);
}

/* Default mode, a set laid out as sites: the states site by site, a loop
 * over cells each (as site_currents). */
static LLVMBasicBlockRef site_states(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef set,
                                     LLVMValueRef gl, LLVMValueRef gdata, LLVMValueRef ncells,
                                     int mech, LLVMValueRef t)
{
    struct site_loop sl;
    site_loop_begin(c, &sl, fn, set, gl, gdata, ncells, mech, t, "pp.states");
    cg_bind_builtin(c, &sl.in, IRB_V, sl.v);
    cg_block(c, &sl.in, &c->model->mechs[mech].derivative);
    return site_loop_end(c, &sl);
}

/* The slots a point process's step code writes, kept in locals for one
 * instance's body: loaded at its top, stored once at its end.  A store
 * under an `if` (Izhi2007b's u and b) would be merged by instcombine into
 * one that drops the loop's parallel-access mark, and the loop would stay
 * scalar; locals become registers and selects, and the loop vectorizes. */
struct shadow {
    unsigned n;
    LLVMValueRef *mem, *local;
};

static bool step_writes(const struct ir_mech *m, int var)
{
    if (ir_block_writes(&m->breakpoint, var) || ir_block_writes(&m->derivative, var))
        return true;
    for (unsigned f = 0; f < m->nfuncs; f++)
        if (ir_block_writes(&m->funcs[f].body, var))
            return true;
    return false;
}

static void shadow_begin(struct cg_ctx *c, struct cg_inst *in, struct shadow *s)
{
    const struct ir_mech *m = in->m;
    s->n = 0;
    s->mem = arena_alloc(c->model->arena, 2 * (m->nvars + 1) * sizeof *s->mem);
    s->local = s->mem + m->nvars + 1;
    for (unsigned v = 0; v < m->nvars; v++) {
        if (!in->ptr[v] || m->vars[v].slot < 0 || !step_writes(m, (int)v))
            continue;
        LLVMValueRef a = cg_entry_alloca(c, in->fn, c->f64, m->vars[v].name);
        LLVMBuildStore(c->b, cg_load(c, c->f64, in->ptr[v], m->vars[v].name), a);
        s->mem[s->n] = in->ptr[v];
        s->local[s->n++] = a;
        in->ptr[v] = a;
    }
}

static void shadow_end(struct cg_ctx *c, const struct shadow *s)
{
    for (unsigned k = 0; k < s->n; k++)
        LLVMBuildStore(c->b, cg_load(c, c->f64, s->local[k], ""), s->mem[k]);
}

/* Point-process loop for currents (phase) or states (after the solve). */
static void pp_loop(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef g, LLVMValueRef gl,
                    LLVMValueRef gdata, LLVMValueRef ncells, int type, unsigned nnodes, int mech,
                    bool states, LLVMValueRef t)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    if (states && m->derivative.n == 0)
        return;
    if (!states && m->ncurrents == 0)
        return;
    /* loaded once: stores through data cannot change them */
    LLVMValueRef set = pp_set(c, g, c->layout->pp_index[mech]);
    LLVMBasicBlockRef join = NULL;
    bool ions = cg_pp_has_ions(m);     /* its ion current goes in instance order */
    if (!states && !c->opt->exact && !ions)
        join = site_currents(c, fn, set, gl, gdata, ncells, nnodes, mech, t);
    else if (states && !c->opt->exact && !ions)
        join = site_states(c, fn, set, gl, gdata, ncells, mech, t);
    LLVMValueRef sdata = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
    LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
    LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
    LLVMValueRef afac = cg_field(c, c->t_set, set, CRT_SET_AREA_FACTOR, c->f64p, "area_factor");
    LLVMValueRef scratch = cg_field(c, c->t_set, set, CRT_SET_SCRATCH, c->f64p, "scratch");
    struct cg_loop loop;
    char name[96];
    snprintf(name, sizeof name, "%s.%s", m->name, states ? "states" : "cur");
    LLVMValueRef i = cg_loop_begin(c, fn, n, &loop, name);
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = gl;
    in.t = t;
    cg_bind_set(c, &in, set, sdata, n, i);
    struct shadow sh;
    shadow_begin(c, &in, &sh);
    LLVMValueRef node = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""),
                                "node");
    LLVMValueRef vp = cg_gep_f64(c, gdata, node, "vp");
    LLVMValueRef v = cg_load(c, c->f64, vp, "v");
    if (ions)
        cg_pp_bind_ions(c, &in, type, gdata, ncells, node);
    LLVMValueRef f = cg_load(c, c->f64, cg_gep_f64(c, afac, i, ""), "afac");
    if (states) {
        cg_bind_builtin(c, &in, IRB_V, v);
        cg_block(c, &in, &m->derivative);
        shadow_end(c, &sh);
        cg_loop_end(c, &loop);
        cg_loop_parallel(c, &loop);
        if (join) {
            LLVMBuildBr(c->b, join);
            LLVMPositionBuilderAtEnd(c->b, join);
        }
        return;
    }
    /* Currents in two loops: the arithmetic of every instance (independent,
     * so it vectorizes) into scratch, then the additions to rhs and d in
     * instance order, which is NEURON's summation order at a node. */
    LLVMValueRef gg;
    LLVMValueRef i0 = cg_current_slope(c, &in, v, &gg);
    gg = LLVMBuildFMul(c->b, gg, f, "g");
    i0 = LLVMBuildFMul(c->b, i0, f, "i");
    LLVMBuildStore(c->b, i0, cg_gep_f64(c, scratch, i, ""));
    LLVMBuildStore(c->b, gg, cg_gep_f64(c, scratch, LLVMBuildNSWAdd(c->b, n, i, ""), ""));
    shadow_end(c, &sh);
    cg_loop_end(c, &loop);
    cg_loop_parallel(c, &loop);

    accumulate(c, fn, gdata, ncells, nnodes, n, nodes, scratch, m->electrode);
    if (ions)
        cg_pp_ion_currents(c, fn, type, mech, set, gl, gdata, ncells, t);
    if (join) {
        LLVMBuildBr(c->b, join);
        LLVMPositionBuilderAtEnd(c->b, join);
    }
}

/* Density currents of one mechanism at every node where it is inserted. */
static void density_currents(struct cg_ctx *c, LLVMValueRef fn, const struct ir_celltype *t,
                             const struct cg_type_layout *l, int mech, LLVMValueRef gl, LLVMValueRef data,
                             LLVMValueRef ncells, LLVMValueRef cell, LLVMValueRef params,
                             LLVMValueRef *v, LLVMValueRef *rhs, LLVMValueRef *d)
{
    struct insert_ref *refs;
    unsigned nref = inserts_of(c, t, mech, &refs);
    for (unsigned r = 0; r < nref; r++) {
        const struct ir_section *s = &t->sections[refs[r].sec];
        for (int seg = 0; seg < s->nseg; seg++) {
            unsigned k = (unsigned)s->first_node + (unsigned)seg;
            struct cg_inst in;
            cg_inst_init(c, &in, mech, fn);
            in.globals = gl;
            bind_density(c, &in, t, l, refs[r].sec, refs[r].ins, seg, data, ncells, cell, params);
            cg_ion_currents(c, &in);
            LLVMValueRef g;
            LLVMValueRef i0 = cg_current_slope(c, &in, v[k], &g);
            rhs[k] = LLVMBuildFSub(c->b, rhs[k], i0, "rhs");
            d[k] = LLVMBuildFAdd(c->b, d[k], g, "d");
        }
    }
}

/* States of the point processes on cells of this type, after the solve. */
static void pp_states(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef g, LLVMValueRef gl,
                      LLVMValueRef data, LLVMValueRef ncells, int type, unsigned N,
                      LLVMValueRef t_new)
{
    for (unsigned m = 0; m < c->model->nmechs; m++)
        if (c->model->mechs[m].kind == IRK_POINT)
            if (pp_here(c, type, (int)m))
                pp_loop(c, fn, g, gl, data, ncells, type, N, (int)m, true, t_new);
}

static LLVMValueRef fn_type_params(struct cg_ctx *c, const char *fmt, const char *name)
{
    char buf[256];
    snprintf(buf, sizeof buf, fmt, name);
    LLVMTypeRef params[2] = {LLVMPointerType(c->t_group, 0), LLVMPointerType(c->t_globals, 0)};
    return cg_function(c, buf, c->void_t, params, 2);
}

static void load_nodes(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell,
                       unsigned base, unsigned n, LLVMValueRef *out, const char *name)
{
    for (unsigned k = 0; k < n; k++)
        out[k] = cg_load(c, c->f64, at(c, data, ncells, base + k, cell, ""), name);
}

static void store_nodes(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell,
                        unsigned base, unsigned n, LLVMValueRef *vals)
{
    for (unsigned k = 0; k < n; k++)
        LLVMBuildStore(c->b, vals[k], at(c, data, ncells, base + k, cell, ""));
}

/* v of every node, and rhs, d: the partial sums in memory, or zero when this
 * is the first loop of the step. */
static void load_state(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell,
                       unsigned N, bool in_memory, LLVMValueRef *v, LLVMValueRef *rhs,
                       LLVMValueRef *d)
{
    load_nodes(c, data, ncells, cell, 0, N, v, "v");
    if (in_memory) {
        load_nodes(c, data, ncells, cell, N, N, rhs, "rhs");
        load_nodes(c, data, ncells, cell, 2 * N, N, d, "d");
    } else {
        for (unsigned k = 0; k < N; k++)
            rhs[k] = d[k] = cg_const(c, 0);
    }
}

/* A group's cell count, which the runtime pads to a multiple of
 * CRT_CELL_PAD: said so (by masking), the vectorized cell loops need no
 * scalar remainder, which halves the machine code to compile. */
static LLVMValueRef cell_count(struct cg_ctx *c, LLVMValueRef g)
{
    LLVMValueRef n = cg_field(c, c->t_group, g, CRT_GROUP_NCELLS, c->i64, "ncells");
    return LLVMBuildAnd(c->b, n, cg_i64(c, -(int64_t)CRT_CELL_PAD), "ncells");
}

/* Initialization of a small cell type: every node's code written out, in
 * one loop over cells. */
static void init_unrolled(struct cg_ctx *c, LLVMValueRef fn, int type,
                          const struct cg_type_layout *l, LLVMValueRef gl, LLVMValueRef data,
                          LLVMValueRef ncells, LLVMValueRef vinit, LLVMValueRef params)
{
    const struct ir_celltype *t = &c->model->types[type];
    struct cg_loop loop;
    LLVMValueRef cell = cg_loop_begin(c, fn, ncells, &loop, "cells");
    for (unsigned k = 0; k < t->nnodes; k++) {
        LLVMBuildStore(c->b, vinit, at(c, data, ncells, k, cell, "v"));
        LLVMBuildStore(c->b, cg_const(c, 0), at(c, data, ncells, t->nnodes + k, cell, "rhs"));
        LLVMBuildStore(c->b, cg_const(c, 0), at(c, data, ncells, 2 * t->nnodes + k, cell, "d"));
    }
    for (unsigned k = 0; k < l->nslots; k++)
        LLVMBuildStore(c->b, cg_const(c, 0), at(c, data, ncells, 3 * t->nnodes + k, cell, "slot"));
    cg_ion_init(c, t, l, gl, data, ncells, cell);
    /* every mechanism's INITIAL, then (as NEURON's finitialize, once they
     * all ran) the currents at t = 0: the recorded ones, the ions' where
     * kept (seg.ik), what BREAKPOINT assigns.  So an INITIAL that reads an
     * ion's current (ica) reads 0, as in a fresh NEURON. */
    for (int pass = 0; pass < 2; pass++)
        for (unsigned mi = 0; mi < c->model->nmechs; mi++) {
            struct insert_ref *refs;
            unsigned nref = inserts_of(c, t, (int)mi, &refs);
            for (unsigned r = 0; r < nref; r++) {
                const struct ir_section *s = &t->sections[refs[r].sec];
                for (int seg = 0; seg < s->nseg; seg++) {
                    struct cg_inst in;
                    cg_inst_init(c, &in, (int)mi, fn);
                    in.globals = gl;
                    bind_density(c, &in, t, l, refs[r].sec, refs[r].ins, seg, data, ncells, cell,
                                 params);
                    const struct ir_mech *m = in.m;
                    cg_bind_builtin(c, &in, IRB_V, vinit);
                    if (pass == 1) {
                        cg_ion_currents(c, &in);
                        if (cg_currents_at_init(m, &in)) {
                            bool conc = cg_breakpoint_conc(m);  /* as cg_current_slope */
                            if (conc)
                                cg_ion_before(c, &in);
                            cg_current(c, &in, vinit, true);
                            if (conc)
                                cg_ion_after(c, &in, false);
                        }
                        continue;
                    }
                    for (unsigned v = 0; v < m->nvars; v++)
                        if (m->vars[v].kind == IRV_PARAM && in.ptr[v])
                            LLVMBuildStore(c->b,
                                           cg_const(c, ir_insert_param(&s->inserts[refs[r].ins], m,
                                                                       seg, (int)v)),
                                           in.ptr[v]);
                    cg_ion_before(c, &in);
                    cg_block(c, &in, &m->initial);
                    cg_ion_after(c, &in, true);
                }
            }
        }
    cg_loop_end(c, &loop);
    cg_loop_scalar(c, &loop);
}

static void emit_init(struct cg_ctx *c, int type, const struct cg_type_layout *l,
                      const struct cg_tree *tree)
{
    const struct ir_celltype *t = &c->model->types[type];
    LLVMValueRef fn = fn_type_params(c, "circ_init_%s", t->name);
    LLVMValueRef g = LLVMGetParam(fn, 0), gl = LLVMGetParam(fn, 1);
    LLVMValueRef data = cg_field(c, c->t_group, g, CRT_GROUP_DATA, c->f64p, "data");
    LLVMValueRef ncells = cell_count(c, g);
    LLVMValueRef vinit = cg_field(c, c->t_globals, gl, CRT_GLOBALS_V_INIT, c->f64, "v_init");
    LLVMValueRef params = cg_field(c, c->t_group, g, CRT_GROUP_PARAMS, c->f64p, "params");
    if (tree) {
        cg_tree_fill(c, fn, data, ncells, 0, t->nnodes, vinit, true);
        cg_tree_fill(c, fn, data, ncells, t->nnodes, 2 * t->nnodes + l->nslots, cg_const(c, 0), true);
        cg_tree_ions(c, fn, tree, gl, data, ncells, true);
        cg_tree_density(c, fn, type, tree, 0, c->model->nmechs, CG_TREE_INIT, gl, data, ncells,
                        params, vinit, NULL);
        cg_tree_density(c, fn, type, tree, 0, c->model->nmechs, CG_TREE_INIT_CURRENTS, gl, data,
                        ncells, params, vinit, NULL);
    } else {
        init_unrolled(c, fn, type, l, gl, data, ncells, vinit, params);
    }
    /* point processes on these cells */
    for (unsigned mi = 0; mi < c->model->nmechs; mi++) {
        const struct ir_mech *m = &c->model->mechs[mi];
        if (m->kind != IRK_POINT || (m->initial.n == 0 && !cg_currents_at_init(m, NULL)) ||
            !pp_here(c, type, (int)mi))
            continue;
        LLVMValueRef set = pp_set(c, g, c->layout->pp_index[mi]);
        LLVMValueRef sdata = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
        LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
        LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
        struct cg_loop pl;
        LLVMValueRef i = cg_loop_begin(c, fn, n, &pl, m->name);
        struct cg_inst in;
        cg_inst_init(c, &in, (int)mi, fn);
        in.globals = gl;
        in.t = cg_const(c, 0);
        cg_bind_set(c, &in, set, sdata, n, i);
        LLVMValueRef node = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""), "node");
        LLVMValueRef v = cg_load(c, c->f64, cg_gep_f64(c, data, node, ""), "v");
        if (cg_pp_has_ions(m))
            cg_pp_bind_ions(c, &in, type, data, ncells, node);
        cg_bind_builtin(c, &in, IRB_V, v);
        cg_block(c, &in, &m->initial);
        if (cg_currents_at_init(m, NULL))
            cg_current(c, &in, v, true);
        cg_loop_end(c, &pl);
        cg_loop_scalar(c, &pl);
    }
    LLVMBuildRetVoid(c->b);
}

static void emit_step(struct cg_ctx *c, int type, const struct cg_type_layout *l,
                      const struct cg_tree *tree)
{
    const struct ir_celltype *t = &c->model->types[type];
    unsigned N = t->nnodes;
    LLVMValueRef fn = fn_type_params(c, "circ_step_%s", t->name);
    LLVMValueRef g = LLVMGetParam(fn, 0), gl = LLVMGetParam(fn, 1);
    LLVMValueRef data = cg_field(c, c->t_group, g, CRT_GROUP_DATA, c->f64p, "data");
    LLVMValueRef ncells = cell_count(c, g);
    LLVMValueRef t_half = cg_field(c, c->t_globals, gl, CRT_GLOBALS_T, c->f64, "t");
    LLVMValueRef dt = cg_field(c, c->t_globals, gl, CRT_GLOBALS_DT, c->f64, "dt");
    LLVMValueRef params = cg_field(c, c->t_group, g, CRT_GROUP_PARAMS, c->f64p, "params");
    LLVMValueRef *v = arena_alloc(c->model->arena, 3 * N * sizeof *v);
    LLVMValueRef *rhs = v + N, *d = v + 2 * N;

    /* Phases in type order: runs of density mechanisms (per cell), and the
     * point processes this type carries (per instance).  The density
     * mechanisms after the last point process are computed in the solve
     * loop itself, which saves a pass over the cells. */
    const struct ir_model *M = c->model;
    int last_pp = -1;
    for (unsigned k = 0; k < M->nmechs; k++)
        if (M->mechs[k].kind == IRK_POINT && pp_here(c, type, (int)k))
            last_pp = (int)k;
    unsigned mi = 0;
    bool in_memory = false;     /* rhs and d hold partial sums in data[] */
    while ((int)mi <= last_pp) {
        if (tree) {
            unsigned to = mi;
            while (!(M->mechs[to].kind == IRK_POINT && pp_here(c, type, (int)to)))
                to++;
            if (!in_memory) {
                cg_tree_fill(c, fn, data, ncells, N, 2 * N, cg_const(c, 0), false);
                cg_tree_ions(c, fn, tree, gl, data, ncells, false);
            }
            cg_tree_density(c, fn, type, tree, mi, to, CG_TREE_CURRENTS, gl, data, ncells, params,
                            NULL, NULL);
            mi = to;
            in_memory = true;
            pp_loop(c, fn, g, gl, data, ncells, type, N, (int)mi, false, t_half);
            mi++;
            continue;
        }
        struct cg_loop loop;
        LLVMValueRef cell = cg_loop_begin(c, fn, ncells, &loop, "currents");
        load_state(c, data, ncells, cell, N, in_memory, v, rhs, d);
        if (!in_memory)     /* NEURON's ion_cur: before every mechanism's current */
            cg_ion_cur(c, t, l, gl, data, ncells, cell);
        for (; !(M->mechs[mi].kind == IRK_POINT && pp_here(c, type, (int)mi)); mi++)
            if (M->mechs[mi].kind == IRK_DENSITY)
                density_currents(c, fn, t, l, (int)mi, gl, data, ncells, cell, params, v, rhs, d);
        store_nodes(c, data, ncells, cell, N, N, rhs);
        store_nodes(c, data, ncells, cell, 2 * N, N, d);
        cg_loop_end(c, &loop);
        cg_loop_parallel(c, &loop);
        in_memory = true;
        pp_loop(c, fn, g, gl, data, ncells, type, N, (int)mi, false, t_half);
        mi++;
    }

    /* matrix, solve, update, density states */
    LLVMValueRef cfac = LLVMBuildFMul(c->b, cg_const(c, 0.001),
                                      LLVMBuildFDiv(c->b, cg_const(c, 1.0), dt, ""), "cfac");
    LLVMValueRef t_new = LLVMBuildFAdd(c->b, t_half, LLVMBuildFMul(c->b, cg_const(c, 0.5), dt, ""),
                                       "t_new");
    if (tree) {
        if (!in_memory) {
            cg_tree_fill(c, fn, data, ncells, N, 2 * N, cg_const(c, 0), false);
            cg_tree_ions(c, fn, tree, gl, data, ncells, false);
        }
        cg_tree_density(c, fn, type, tree, mi, M->nmechs, CG_TREE_CURRENTS, gl, data, ncells,
                        params, NULL, NULL);
        cg_tree_solve(c, fn, type, tree, data, ncells, cfac);
        cg_tree_density(c, fn, type, tree, 0, M->nmechs, CG_TREE_STATES, gl, data, ncells, params,
                        NULL, t_new);
        pp_states(c, fn, g, gl, data, ncells, type, N, t_new);
        LLVMBuildRetVoid(c->b);
        return;
    }
    struct cg_loop loop;
    LLVMValueRef cell = cg_loop_begin(c, fn, ncells, &loop, "solve");
    load_state(c, data, ncells, cell, N, in_memory, v, rhs, d);
    if (!in_memory)
        cg_ion_cur(c, t, l, gl, data, ncells, cell);
    for (; mi < M->nmechs; mi++)
        if (M->mechs[mi].kind == IRK_DENSITY)
            density_currents(c, fn, t, l, (int)mi, gl, data, ncells, cell, params, v, rhs, d);
    for (unsigned i = 0; i < N; i++) {
        const struct ir_node *n = &t->nodes[i];
        if (n->parent < 0)
            continue;
        unsigned p = (unsigned)n->parent;
        LLVMValueRef dvp = LLVMBuildFSub(c->b, v[p], v[i], "dvp");
        rhs[i] = LLVMBuildFSub(c->b, rhs[i], LLVMBuildFMul(c->b, cg_const(c, n->b), dvp, ""), "rhs");
        rhs[p] = LLVMBuildFAdd(c->b, rhs[p], LLVMBuildFMul(c->b, cg_const(c, n->a), dvp, ""), "rhs");
    }
    for (unsigned i = 0; i < N; i++)
        if (t->nodes[i].section >= 0 && t->nodes[i].seg >= 0)
            d[i] = LLVMBuildFAdd(c->b, d[i], LLVMBuildFMul(c->b, cfac, cg_const(c, t->nodes[i].cm), ""), "d");
    for (unsigned i = 0; i < N; i++) {
        const struct ir_node *n = &t->nodes[i];
        if (n->parent < 0)
            continue;
        d[i] = LLVMBuildFSub(c->b, d[i], cg_const(c, n->b), "d");
        d[n->parent] = LLVMBuildFSub(c->b, d[n->parent], cg_const(c, n->a), "d");
    }
    for (unsigned i = N; i-- > 0;) {
        const struct ir_node *n = &t->nodes[i];
        if (n->parent < 0)
            continue;
        unsigned p = (unsigned)n->parent;
        LLVMValueRef f = LLVMBuildFDiv(c->b, cg_const(c, n->a), d[i], "f");
        d[p] = LLVMBuildFSub(c->b, d[p], LLVMBuildFMul(c->b, f, cg_const(c, n->b), ""), "d");
        rhs[p] = LLVMBuildFSub(c->b, rhs[p], LLVMBuildFMul(c->b, f, rhs[i], ""), "rhs");
    }
    for (unsigned i = 0; i < N; i++)
        if (t->nodes[i].parent < 0)
            rhs[i] = LLVMBuildFDiv(c->b, rhs[i], d[i], "dv");
    for (unsigned i = 0; i < N; i++) {
        const struct ir_node *n = &t->nodes[i];
        if (n->parent < 0)
            continue;
        rhs[i] = LLVMBuildFSub(c->b, rhs[i], LLVMBuildFMul(c->b, cg_const(c, n->b), rhs[n->parent], ""), "");
        rhs[i] = LLVMBuildFDiv(c->b, rhs[i], d[i], "dv");
    }
    for (unsigned i = 0; i < N; i++)
        v[i] = LLVMBuildFAdd(c->b, v[i], rhs[i], "v.new");
    store_nodes(c, data, ncells, cell, 0, N, v);
    for (unsigned m = 0; m < c->model->nmechs; m++) {
        if (c->model->mechs[m].kind != IRK_DENSITY || c->model->mechs[m].derivative.n == 0)
            continue;
        struct insert_ref *refs;
        unsigned nref = inserts_of(c, t, (int)m, &refs);
        for (unsigned r = 0; r < nref; r++) {
            const struct ir_section *s = &t->sections[refs[r].sec];
            for (int seg = 0; seg < s->nseg; seg++) {
                struct cg_inst in;
                cg_inst_init(c, &in, (int)m, fn);
                in.globals = gl;
                in.t = t_new;
                bind_density(c, &in, t, l, refs[r].sec, refs[r].ins, seg, data, ncells, cell, params);
                cg_bind_builtin(c, &in, IRB_V, v[s->first_node + seg]);
                cg_ion_before(c, &in);
                cg_block(c, &in, &in.m->derivative);
                cg_ion_after(c, &in, false);
            }
        }
    }
    cg_loop_end(c, &loop);
    cg_loop_parallel(c, &loop);
    pp_states(c, fn, g, gl, data, ncells, type, N, t_new);
    LLVMBuildRetVoid(c->b);
}

void cg_celltype(struct cg_ctx *c, int type)
{
    const struct cg_type_layout *l = &c->layout->types[type];
    /* a large cell (a reconstruction): loops over tables, not code per node */
    const struct cg_tree *tree = cg_tree_wanted(c, &c->model->types[type]) ? cg_tree_plan(c, type)
                                                                          : NULL;
    emit_init(c, type, l, tree);
    emit_step(c, type, l, tree);
}
