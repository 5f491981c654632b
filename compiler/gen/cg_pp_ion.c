/* cg_pp_ion.c - the ions of a point process: NEURON's POINT_PROCESS with
 * `USEION X READ eX WRITE iX` (an NMDA synapse whose calcium part is ica)
 * or `USEION X READ Xi, Xo` (a Ca-activated current or plasticity).
 *
 * nocmodl copies the node's ion values into the instance (`cai = _ion_cai`)
 * before INITIAL (nrn_init), before the current (nrn_cur) and before the
 * states (nrn_state); each read here loads the node's value at the same
 * point, so a pool of the section that wrote cai is seen as NEURON sees it.
 *
 * A point process sits at a node chosen at run time: set->node[i] is the
 * node's index in its group's data, node * ncells + cell.  The section's
 * ion values at a node come through constant tables of the cell type,
 * indexed by node: the data row of eX (or -1: then a constant of the
 * section, from a second table) and of iX (or -1: no mechanism of the
 * section reads iX, so nothing needs the sum there).  The current is added
 * as nocmodl's nrn_cur adds it, `_ion_ica += ica * 1.e2/(_nd_area)`, at v,
 * in instance order, in a loop of its own after the instances' rhs and d
 * (several instances may share a node, so that loop is sequential).
 */
#include "cg_int.h"

#include <stdio.h>

bool cg_pp_has_ions(const struct ir_mech *m)
{
    for (unsigned v = 0; v < m->nvars; v++)
        if (m->vars[v].kind == IRV_ION)
            return true;
    for (unsigned i = 0; m->current_ion && i < m->ncurrents; i++)
        if (m->current_ion[i] >= 0)
            return true;
    return false;
}

static LLVMValueRef const_table(struct cg_ctx *c, LLVMTypeRef et, LLVMValueRef *vals, unsigned n)
{
    char name[64];
    snprintf(name, sizeof name, "circ_pp_ion_%u", c->ntree_tables++);
    LLVMTypeRef at = LLVMArrayType(et, n);
    LLVMValueRef g = LLVMAddGlobal(c->mod, at, name);
    LLVMSetInitializer(g, LLVMConstArray(et, vals, n));
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMInternalLinkage);
    return g;
}

static LLVMValueRef load_at(struct cg_ctx *c, LLVMValueRef table, LLVMTypeRef et, unsigned n,
                            LLVMValueRef k, const char *name)
{
    LLVMValueRef idx[2] = {cg_i64(c, 0), k};
    return cg_load(c, et, LLVMBuildInBoundsGEP2(c->b, LLVMArrayType(et, n), table, idx, 2, ""),
                   name);
}

/* NEURON's value of an ion a section does not declare (its ion mechanism,
 * made for the point process, starts there). */
static double default_value(const struct ir_ion *ion, int f)
{
    return f == IRF_E ? ion->e0 : f == IRF_CI ? ion->ci0 : f == IRF_CO ? ion->co0 : 0;
}

/* Per node of cell type t: the data row of field f of ion `ion`, or -1;
 * with values, the constant where there is no row. */
static LLVMValueRef node_rows(struct cg_ctx *c, int type, int ion, int f, LLVMValueRef *values)
{
    const struct ir_celltype *t = &c->model->types[type];
    const struct cg_type_layout *l = &c->layout->types[type];
    unsigned N = t->nnodes;
    LLVMValueRef *rows = arena_alloc(c->model->arena, (N + 1) * sizeof *rows);
    LLVMValueRef *vals = arena_alloc(c->model->arena, (N + 1) * sizeof *vals);
    for (unsigned k = 0; k < N; k++) {
        const struct ir_node *n = &t->nodes[k];
        int row = -1;
        double value = default_value(&c->model->ions[ion], f);
        if (n->section >= 0 && n->seg >= 0) {
            const struct ir_section *s = &t->sections[n->section];
            for (unsigned u = 0; u < s->nions; u++)
                if (s->ions[u].ion == ion) {
                    row = cg_ion_row(l, t, (unsigned)n->section, u, f, n->seg);
                    value = s->ions[u].value[f];
                }
        }
        rows[k] = cg_i64(c, row);
        vals[k] = cg_const(c, value);
    }
    if (values)
        *values = const_table(c, c->f64, vals, N);
    return const_table(c, c->i64, rows, N);
}

/* node and cell of a set's node index */
static void split(struct cg_ctx *c, LLVMValueRef flat, LLVMValueRef ncells, LLVMValueRef *k,
                  LLVMValueRef *cell)
{
    *k = LLVMBuildUDiv(c->b, flat, ncells, "node");
    *cell = LLVMBuildSub(c->b, flat, LLVMBuildMul(c->b, *k, ncells, ""), "cell");
}

void cg_pp_bind_ions(struct cg_ctx *c, struct cg_inst *in, int type, LLVMValueRef gdata,
                     LLVMValueRef ncells, LLVMValueRef flat)
{
    const struct ir_mech *m = in->m;
    unsigned N = c->model->types[type].nnodes;
    LLVMValueRef k = NULL, cell = NULL;
    for (unsigned v = 0; v < m->nvars; v++) {
        const struct ir_var *iv = &m->vars[v];
        if (iv->kind != IRV_ION)
            continue;
        if (!k)
            split(c, flat, ncells, &k, &cell);
        LLVMValueRef values;
        LLVMValueRef rows = node_rows(c, type, iv->ion, iv->ion_field, &values);
        LLVMValueRef row = load_at(c, rows, c->i64, N, k, "ion.row");
        LLVMValueRef has = LLVMBuildICmp(c->b, LLVMIntSGE, row, cg_i64(c, 0), "");
        /* a row of -1 reads element 0 instead, and the constant is chosen */
        LLVMValueRef at = LLVMBuildSelect(c->b, has, LLVMBuildAdd(c->b, LLVMBuildMul(c->b, row, ncells, ""),
                                                                  cell, ""),
                                          cg_i64(c, 0), "");
        LLVMValueRef mem = cg_load(c, c->f64, cg_gep_f64(c, gdata, at, ""), iv->name);
        in->val[v] = LLVMBuildSelect(c->b, has, mem, load_at(c, values, c->f64, N, k, ""),
                                     iv->name);
        in->ptr[v] = NULL;
    }
}

void cg_pp_ion_currents(struct cg_ctx *c, LLVMValueRef fn, int type, int mech, LLVMValueRef set,
                        LLVMValueRef gl, LLVMValueRef gdata, LLVMValueRef ncells, LLVMValueRef t)
{
    const struct ir_mech *m = &c->model->mechs[mech];
    const struct ir_celltype *ct = &c->model->types[type];
    unsigned N = ct->nnodes;
    bool any = false;
    for (unsigned i = 0; m->current_ion && i < m->ncurrents; i++)
        any |= m->current_ion[i] >= 0;
    if (!any)
        return;
    LLVMValueRef *area = arena_alloc(c->model->arena, (N + 1) * sizeof *area);
    for (unsigned k = 0; k < N; k++)
        area[k] = cg_const(c, ct->nodes[k].area);
    LLVMValueRef areas = const_table(c, c->f64, area, N);
    LLVMValueRef sdata = cg_field(c, c->t_set, set, CRT_SET_DATA, c->f64p, "data");
    LLVMValueRef n = cg_field(c, c->t_set, set, CRT_SET_N, c->i64, "n");
    LLVMValueRef nodes = cg_field(c, c->t_set, set, CRT_SET_NODE, c->i64p, "nodes");
    struct cg_loop loop;
    char name[96];
    snprintf(name, sizeof name, "%s.ion", m->name);
    LLVMValueRef i = cg_loop_begin(c, fn, n, &loop, name);
    struct cg_inst in;
    cg_inst_init(c, &in, mech, fn);
    in.globals = gl;
    in.t = t;
    cg_bind_set(c, &in, set, sdata, n, i);
    LLVMValueRef flat = cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, c->i64, nodes, &i, 1, ""),
                                "node");
    LLVMValueRef v = cg_load(c, c->f64, cg_gep_f64(c, gdata, flat, ""), "v");
    cg_pp_bind_ions(c, &in, type, gdata, ncells, flat);
    cg_bind_builtin(c, &in, IRB_V, v);
    LLVMValueRef k, cell;
    split(c, flat, ncells, &k, &cell);
    LLVMValueRef a = load_at(c, areas, c->f64, N, k, "area");
    for (unsigned q = 0; q < m->ncurrents; q++) {
        if (m->current_ion[q] < 0)
            continue;
        LLVMValueRef rows = node_rows(c, type, m->current_ion[q], IRF_I, NULL);
        LLVMValueRef row = load_at(c, rows, c->i64, N, k, "ion.row");
        LLVMBasicBlockRef add = LLVMAppendBasicBlockInContext(c->ctx, fn, "ion.add");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(c->ctx, fn, "ion.next");
        LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSGE, row, cg_i64(c, 0), ""), add, next);
        LLVMPositionBuilderAtEnd(c->b, add);
        LLVMValueRef x = cg_as_double(c, cg_expr(c, &in, m->currents[q]));
        /* nocmodl: _ion_ica += ica * 1.e2/ (_nd_area) */
        LLVMValueRef dens = LLVMBuildFDiv(c->b, LLVMBuildFMul(c->b, x, cg_const(c, 1e2), ""), a,
                                          "ion.i");
        LLVMValueRef p = cg_gep_f64(c, gdata, LLVMBuildAdd(c->b, LLVMBuildMul(c->b, row, ncells, ""),
                                                           cell, ""), "ion.ip");
        LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, cg_load(c, c->f64, p, "ion.i"), dens, "ion.i"), p);
        LLVMBuildBr(c->b, next);
        LLVMPositionBuilderAtEnd(c->b, next);
    }
    cg_loop_end(c, &loop);
    cg_loop_scalar(c, &loop);
}
