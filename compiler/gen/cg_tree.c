/* cg_tree.c - the kernels of a large cell type (a reconstructed morphology)
 * as loops over tables, not as code per node.
 *
 * cg_cell.c writes every node's arithmetic out (v, rhs and d in registers,
 * the tree's constants folded), which is the fastest step for the small
 * cells of a circuit; but LLVM's time grows faster than the node count, so
 * a cell of a thousand compartments took minutes to compile.  Here the same
 * operations in the same order run as loops, as NEURON's own nrn_lhs /
 * triang / bksub (nrnoc/solve.cpp) do: the tree (parent, a, b, cm per node)
 * and the mechanism instances (node, slots, parameters per segment) are
 * constant arrays of the module, and each pass over nodes or instances
 * holds a loop over cells (contiguous, vectorized).  The code is one copy
 * per mechanism and binding shape, whatever the number of nodes.
 *
 * Every node sees the same floating-point operations in the same order as
 * in cg_cell.c (instances of a mechanism never share a node; rhs and d
 * start at zero in memory instead of in registers), so --exact stays
 * NEURON's bit for bit.
 */
#include "cg_int.h"

#include <stdio.h>
#include <string.h>

/* How one variable of a density instance is reached (cg_cell.c's bind_density). */
enum bind_kind {
    B_NONE,         /* a local, a builtin, or an ion field the section lacks */
    B_ROW,          /* memory: a density slot or an ion slot (row of data) */
    B_CONST,        /* a folded parameter or a constant ion field */
    B_PARAM,        /* a run-time parameter: crt_group.params[index] */
};

struct bind_table {
    enum bind_kind kind;
    long long *row;         /* B_ROW: per instance; B_PARAM: index in params */
    double *value;          /* B_CONST: per instance */
    double *init;           /* a PARAM with a slot: its value per instance (INITIAL) */
};

/* Instances of one density mechanism that bind alike: one loop. */
struct tree_class {
    int mech;
    unsigned sec0;          /* its first instance's section: ion styles, constants */
    unsigned n;
    long long *node;
    struct bind_table *var;         /* per var */
    long long **ion_row;            /* per ion * IRF_COUNT + field: rows, or NULL */
};

/* Ion uses of the sections that behave alike (each_use in cg_ion.c). */
struct ion_class {
    const struct ir_ion_use *u;     /* the first one's: ion, style, values */
    unsigned n;
    long long *row[IRF_COUNT];      /* per dynamic field, per instance */
};

/* A cell type's plan: every array in the model's arena. */
struct cg_tree {
    struct tree_class *cls;
    unsigned ncls;
    struct ion_class *ions;
    unsigned nions;
    /* the tree, in node order: non-root nodes; nodes with a capacitance; roots */
    unsigned nchild, ncap, nroot;
    long long *child, *parent, *cap_node, *root;
    double *a, *b, *cm;
};

bool cg_tree_wanted(const struct cg_ctx *c, const struct ir_celltype *t)
{
    int at = c->opt->loop_nodes > 0 ? c->opt->loop_nodes : CG_TREE_NODES;
    return t->nnodes >= (unsigned)at;
}

/* Does mechanism m read, write or add to ion `ion`? */
static bool mech_uses_ion(const struct ir_mech *m, int ion)
{
    if ((m->ion_read && m->ion_read[ion]) || (m->ion_write && m->ion_write[ion]))
        return true;
    for (unsigned i = 0; m->current_ion && i < m->ncurrents; i++)
        if (m->current_ion[i] == ion)
            return true;
    for (unsigned v = 0; v < m->nvars; v++)
        if (m->vars[v].ion == ion && (m->vars[v].kind == IRV_ION || m->vars[v].kind == IRV_STATE))
            return true;
    return false;
}

static bool same_use(const struct ir_ion_use *x, const struct ir_ion_use *y)
{
    if (!x || !y)
        return x == y;
    if (x->ion != y->ion || x->style != y->style)
        return false;
    for (int f = 0; f < IRF_COUNT; f++)
        if (x->dynamic[f] != y->dynamic[f] || memcmp(&x->value[f], &y->value[f], sizeof(double)))
            return false;
    return true;
}

/* One instance's binding, as cg_cell.c's bind_density and cg_ion_bind do it. */
struct inst_bind {
    enum bind_kind *kind;
    long long *row;
    double *value, *init;
    long long *ion_row;     /* per ion * IRF_COUNT + field, -1: none */
};

static void bind_instance(struct cg_ctx *c, const struct ir_celltype *t,
                          const struct cg_type_layout *l, unsigned sec, unsigned ins, int seg,
                          struct inst_bind *out)
{
    const struct ir_section *s = &t->sections[sec];
    const struct ir_insert *ii = &s->inserts[ins];
    const struct ir_mech *m = &c->model->mechs[ii->mech];
    unsigned flat = 0;
    for (unsigned q = 0; q < sec; q++)
        flat += t->sections[q].ninserts;
    unsigned nfield = c->model->nions * IRF_COUNT;
    for (unsigned k = 0; k < nfield; k++)
        out->ion_row[k] = -1;
    for (unsigned k = 0; k < s->nions; k++)
        for (int f = 0; f < IRF_COUNT; f++)
            out->ion_row[s->ions[k].ion * IRF_COUNT + f] = cg_ion_row(l, t, sec, k, f, seg);
    unsigned base = l->base[flat + ins], rank = 0;
    for (unsigned v = 0; v < m->nvars; v++) {
        const struct ir_var *iv = &m->vars[v];
        out->kind[v] = B_NONE;
        out->row[v] = 0;
        out->value[v] = out->init[v] = 0;
        if (iv->kind == IRV_LOCAL)
            continue;
        if (iv->kind == IRV_PARAM)
            out->init[v] = ir_insert_param(ii, m, seg, (int)v);
        if (cg_stored(m, (int)v)) {
            out->kind[v] = B_ROW;
            out->row[v] = 3 * (long long)l->nnodes + base + rank * (unsigned)s->nseg + (unsigned)seg;
            rank++;
        } else if (iv->kind == IRV_PARAM) {
            int r = l->rparam[l->rbase[flat + ins] + v];
            if (r < 0) {
                out->kind[v] = B_CONST;
                out->value[v] = ir_insert_param(ii, m, seg, (int)v);
            } else {
                out->kind[v] = B_PARAM;
                out->row[v] = r + seg;
            }
        } else if (iv->kind == IRV_BUILTIN && iv->builtin == IRB_DIAM) {
            out->kind[v] = B_CONST;     /* the segment's, as bind_density's */
            out->value[v] = s->seg_diam[seg];
        } else if (iv->kind == IRV_ION) {
            long long row = out->ion_row[iv->ion * IRF_COUNT + iv->ion_field];
            const struct ir_ion_use *u = ir_section_ion(s, iv->ion);
            if (row >= 0) {
                out->kind[v] = B_ROW;
                out->row[v] = row;
            } else if (u) {
                out->kind[v] = B_CONST;
                out->value[v] = u->value[iv->ion_field];
            }
        }
    }
}

/* Does the instance (section sec, binding b) fit class k? */
static bool fits(struct cg_ctx *c, const struct ir_celltype *t, const struct tree_class *k,
                 unsigned sec, const struct inst_bind *b)
{
    const struct ir_mech *m = &c->model->mechs[k->mech];
    for (unsigned v = 0; v < m->nvars; v++)
        if (k->var[v].kind != b->kind[v])
            return false;
    for (unsigned f = 0; f < c->model->nions * IRF_COUNT; f++)
        if ((k->ion_row[f] != NULL) != (b->ion_row[f] >= 0))
            return false;
    /* what cg_ion_after and the constants read from the class's section */
    for (unsigned ion = 0; ion < c->model->nions; ion++)
        if (mech_uses_ion(m, (int)ion) &&
            !same_use(ir_section_ion(&t->sections[k->sec0], (int)ion),
                      ir_section_ion(&t->sections[sec], (int)ion)))
            return false;
    return true;
}

/* Adds the instance to the first class of `mech` it fits (classes from
 * first_cls on are this mechanism's), or to a new one sized for `max`. */
static void add_instance(struct cg_ctx *c, struct cg_tree *tr, const struct ir_celltype *t,
                         int mech, unsigned first_cls, unsigned max, unsigned sec, int seg,
                         const struct inst_bind *b)
{
    struct arena *A = c->model->arena;
    const struct ir_mech *m = &c->model->mechs[mech];
    unsigned nfield = c->model->nions * IRF_COUNT;
    struct tree_class *k = NULL;
    for (unsigned q = first_cls; q < tr->ncls && !k; q++)
        if (fits(c, t, &tr->cls[q], sec, b))
            k = &tr->cls[q];
    if (!k) {
        k = &tr->cls[tr->ncls++];
        k->mech = mech;
        k->sec0 = sec;
        k->node = arena_alloc(A, max * sizeof *k->node);
        k->var = arena_alloc(A, (m->nvars + 1) * sizeof *k->var);
        k->ion_row = arena_alloc(A, (nfield + 1) * sizeof *k->ion_row);
        for (unsigned v = 0; v < m->nvars; v++) {
            struct bind_table *bt = &k->var[v];
            bt->kind = b->kind[v];
            if (bt->kind == B_ROW || bt->kind == B_PARAM)
                bt->row = arena_alloc(A, max * sizeof *bt->row);
            if (bt->kind == B_CONST)
                bt->value = arena_alloc(A, max * sizeof *bt->value);
            if (m->vars[v].kind == IRV_PARAM)
                bt->init = arena_alloc(A, max * sizeof *bt->init);
        }
        for (unsigned f = 0; f < nfield; f++)
            if (b->ion_row[f] >= 0)
                k->ion_row[f] = arena_alloc(A, max * sizeof *k->ion_row[f]);
    }
    unsigned j = k->n++;
    k->node[j] = (long long)t->sections[sec].first_node + seg;
    for (unsigned v = 0; v < m->nvars; v++) {
        struct bind_table *bt = &k->var[v];
        if (bt->row)
            bt->row[j] = b->row[v];
        if (bt->value)
            bt->value[j] = b->value[v];
        if (bt->init)
            bt->init[j] = b->init[v];
    }
    for (unsigned f = 0; f < nfield; f++)
        if (k->ion_row[f])
            k->ion_row[f][j] = b->ion_row[f];
}

static void add_ion_use(struct cg_ctx *c, struct cg_tree *tr, const struct cg_type_layout *l,
                        const struct ir_celltype *t, unsigned sec, unsigned use, unsigned max)
{
    const struct ir_ion_use *u = &t->sections[sec].ions[use];
    struct ion_class *k = NULL;
    for (unsigned q = 0; q < tr->nions && !k; q++)
        if (same_use(tr->ions[q].u, u))
            k = &tr->ions[q];
    if (!k) {
        k = &tr->ions[tr->nions++];
        k->u = u;
        for (int f = 0; f < IRF_COUNT; f++)
            if (u->dynamic[f])
                k->row[f] = arena_alloc(c->model->arena, max * sizeof *k->row[f]);
    }
    for (int seg = 0; seg < t->sections[sec].nseg; seg++, k->n++)
        for (int f = 0; f < IRF_COUNT; f++)
            if (u->dynamic[f])
                k->row[f][k->n] = cg_ion_row(l, t, sec, use, f, seg);
}

struct cg_tree *cg_tree_plan(struct cg_ctx *c, int type)
{
    struct arena *A = c->model->arena;
    const struct ir_celltype *t = &c->model->types[type];
    const struct cg_type_layout *l = &c->layout->types[type];
    struct cg_tree *tr = arena_alloc(A, sizeof *tr);
    unsigned nfield = c->model->nions * IRF_COUNT, maxv = 1, ninst = 0, nuses = 0;
    for (unsigned mi = 0; mi < c->model->nmechs; mi++)
        if (c->model->mechs[mi].nvars > maxv)
            maxv = c->model->mechs[mi].nvars;
    for (unsigned s = 0; s < t->nsections; s++) {
        ninst += t->sections[s].ninserts * (unsigned)t->sections[s].nseg;
        nuses += t->sections[s].nions * (unsigned)t->sections[s].nseg;
    }
    tr->cls = arena_alloc(A, (ninst + 1) * sizeof *tr->cls);
    tr->ions = arena_alloc(A, (nuses + 1) * sizeof *tr->ions);
    struct inst_bind b = {
        .kind = arena_alloc(A, maxv * sizeof *b.kind), .row = arena_alloc(A, maxv * sizeof *b.row),
        .value = arena_alloc(A, maxv * sizeof *b.value),
        .init = arena_alloc(A, maxv * sizeof *b.init),
        .ion_row = arena_alloc(A, (nfield + 1) * sizeof *b.ion_row)};
    /* instances in cg_cell.c's order: mechanism, insert, segment */
    for (unsigned mi = 0; mi < c->model->nmechs; mi++) {
        unsigned first = tr->ncls, max = 0;
        for (unsigned s = 0; s < t->nsections; s++)
            for (unsigned i = 0; i < t->sections[s].ninserts; i++)
                if (t->sections[s].inserts[i].mech == (int)mi)
                    max += (unsigned)t->sections[s].nseg;
        for (unsigned s = 0; s < t->nsections; s++)
            for (unsigned i = 0; i < t->sections[s].ninserts; i++)
                if (t->sections[s].inserts[i].mech == (int)mi)
                    for (int seg = 0; seg < t->sections[s].nseg; seg++) {
                        bind_instance(c, t, l, s, i, seg, &b);
                        add_instance(c, tr, t, (int)mi, first, max, s, seg, &b);
                    }
    }
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned k = 0; k < t->sections[s].nions; k++)
            add_ion_use(c, tr, l, t, s, k, nuses);

    unsigned N = t->nnodes;
    tr->child = arena_alloc(A, (N + 1) * sizeof *tr->child);
    tr->parent = arena_alloc(A, (N + 1) * sizeof *tr->parent);
    tr->cap_node = arena_alloc(A, (N + 1) * sizeof *tr->cap_node);
    tr->root = arena_alloc(A, (N + 1) * sizeof *tr->root);
    tr->a = arena_alloc(A, (N + 1) * sizeof *tr->a);
    tr->b = arena_alloc(A, (N + 1) * sizeof *tr->b);
    tr->cm = arena_alloc(A, (N + 1) * sizeof *tr->cm);
    for (unsigned i = 0; i < N; i++) {
        const struct ir_node *n = &t->nodes[i];
        if (n->parent < 0) {
            tr->root[tr->nroot++] = i;
        } else {
            tr->child[tr->nchild] = i;
            tr->parent[tr->nchild] = n->parent;
            tr->a[tr->nchild] = n->a;
            tr->b[tr->nchild++] = n->b;
        }
        if (n->section >= 0 && n->seg >= 0) {
            tr->cap_node[tr->ncap] = i;
            tr->cm[tr->ncap++] = n->cm;
        }
    }
    return tr;
}

/* ---- emitting ------------------------------------------------------------ */

/* A constant array of the module (named: the JIT's parts link by name). */
static LLVMValueRef table(struct cg_ctx *c, LLVMTypeRef et, LLVMValueRef *vals, unsigned n)
{
    char name[64];
    snprintf(name, sizeof name, "circ_tree_%u", c->ntree_tables++);
    LLVMTypeRef at = LLVMArrayType(et, n);
    LLVMValueRef g = LLVMAddGlobal(c->mod, at, name);
    LLVMSetInitializer(g, LLVMConstArray(et, vals, n));
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMInternalLinkage);
    return g;
}

/* Element j of a table of n i64 or doubles, loaded; a constant when every
 * element is the same. */
static LLVMValueRef elem_i64(struct cg_ctx *c, const long long *v, unsigned n, LLVMValueRef j)
{
    bool same = true;
    for (unsigned k = 1; k < n && same; k++)
        same = v[k] == v[0];
    if (same)
        return cg_i64(c, n ? v[0] : 0);
    LLVMValueRef *vals = arena_alloc(c->model->arena, n * sizeof *vals);
    for (unsigned k = 0; k < n; k++)
        vals[k] = cg_i64(c, v[k]);
    LLVMValueRef g = table(c, c->i64, vals, n);
    LLVMValueRef idx[2] = {cg_i64(c, 0), j};
    return cg_load(c, c->i64, LLVMBuildInBoundsGEP2(c->b, LLVMArrayType(c->i64, n), g, idx, 2, ""),
                   "tab");
}

static LLVMValueRef elem_f64(struct cg_ctx *c, const double *v, unsigned n, LLVMValueRef j)
{
    bool same = true;
    for (unsigned k = 1; k < n && same; k++)
        same = memcmp(&v[k], &v[0], sizeof *v) == 0;
    if (same)
        return cg_const(c, n ? v[0] : 0);
    LLVMValueRef *vals = arena_alloc(c->model->arena, n * sizeof *vals);
    for (unsigned k = 0; k < n; k++)
        vals[k] = cg_const(c, v[k]);
    LLVMValueRef g = table(c, c->f64, vals, n);
    LLVMValueRef idx[2] = {cg_i64(c, 0), j};
    return cg_load(c, c->f64, LLVMBuildInBoundsGEP2(c->b, LLVMArrayType(c->f64, n), g, idx, 2, ""),
                   "tab");
}

/* data[row * ncells + cell] */
static LLVMValueRef row_at(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef rowbase,
                           LLVMValueRef cell, const char *name)
{
    return cg_gep_f64(c, data, LLVMBuildNSWAdd(c->b, rowbase, cell, ""), name);
}

static LLVMValueRef row_base(struct cg_ctx *c, LLVMValueRef row, LLVMValueRef ncells)
{
    return LLVMBuildNSWMul(c->b, row, ncells, "rowbase");
}

/* Closes an inner loop over cells: vectorized in the step, scalar (it runs
 * once) in the initialization. */
static void end_cells(struct cg_ctx *c, struct cg_loop *cells, bool once)
{
    cg_loop_end(c, cells);
    if (once)
        cg_loop_scalar(c, cells);
    else
        cg_loop_parallel(c, cells);
}

void cg_tree_fill(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef data, LLVMValueRef ncells,
                  unsigned first_row, unsigned nrows, LLVMValueRef value, bool once)
{
    if (nrows == 0)
        return;
    struct cg_loop loop;
    LLVMValueRef n = LLVMBuildNSWMul(c->b, cg_i64(c, nrows), ncells, "");
    LLVMValueRef k = cg_loop_begin(c, fn, n, &loop, "fill");
    LLVMValueRef base = LLVMBuildNSWMul(c->b, cg_i64(c, first_row), ncells, "");
    LLVMBuildStore(c->b, value, row_at(c, data, base, k, ""));
    end_cells(c, &loop, once);
}

void cg_tree_ions(struct cg_ctx *c, LLVMValueRef fn, const struct cg_tree *tr, LLVMValueRef gl,
                  LLVMValueRef data, LLVMValueRef ncells, bool init)
{
    for (unsigned q = 0; q < tr->nions; q++) {
        const struct ion_class *k = &tr->ions[q];
        const struct ir_ion_use *u = k->u;
        double z = c->model->ions[u->ion].valence;
        bool any = false;
        for (int f = 0; f < IRF_COUNT; f++)
            any |= u->dynamic[f];
        if (!any)
            continue;
        struct cg_loop outer, cells;
        LLVMValueRef j = cg_loop_begin(c, fn, cg_i64(c, k->n), &outer, "ion.use");
        LLVMValueRef base[IRF_COUNT];
        for (int f = 0; f < IRF_COUNT; f++)
            base[f] = u->dynamic[f] ? row_base(c, elem_i64(c, k->row[f], k->n, j), ncells) : NULL;
        LLVMValueRef cell = cg_loop_begin(c, fn, ncells, &cells, "ion.cells");
        LLVMValueRef slot[IRF_COUNT];
        for (int f = 0; f < IRF_COUNT; f++)
            slot[f] = base[f] ? row_at(c, data, base[f], cell, "ion") : NULL;
#define VALUE(f) (slot[f] ? cg_load(c, c->f64, slot[f], "ion") : cg_const(c, u->value[f]))
        if (init) {     /* each_use in cg_ion.c, the same stores in the same order */
            if (slot[IRF_CI])
                LLVMBuildStore(c->b, cg_const(c, u->value[IRF_CI]), slot[IRF_CI]);
            if (slot[IRF_CO])
                LLVMBuildStore(c->b, cg_const(c, u->value[IRF_CO]), slot[IRF_CO]);
            if ((u->style & (ION_STYLE_EINIT | ION_STYLE_EADVANCE)) && slot[IRF_E])
                LLVMBuildStore(c->b, cg_nernst(c, gl, VALUE(IRF_CI), VALUE(IRF_CO), z), slot[IRF_E]);
            else if (slot[IRF_E])
                LLVMBuildStore(c->b, cg_const(c, u->value[IRF_E]), slot[IRF_E]);
        } else {
            if (slot[IRF_I])
                LLVMBuildStore(c->b, cg_const(c, 0), slot[IRF_I]);
            if ((u->style & ION_STYLE_EADVANCE) && slot[IRF_E])
                LLVMBuildStore(c->b, cg_nernst(c, gl, VALUE(IRF_CI), VALUE(IRF_CO), z), slot[IRF_E]);
        }
#undef VALUE
        end_cells(c, &cells, init);
        cg_loop_end(c, &outer);
    }
}

void cg_tree_density(struct cg_ctx *c, LLVMValueRef fn, int type, const struct cg_tree *tr,
                     unsigned mech_from, unsigned mech_to, enum cg_tree_phase phase,
                     LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef params,
                     LLVMValueRef vinit, LLVMValueRef t_new)
{
    const struct ir_celltype *t = &c->model->types[type];
    unsigned N = t->nnodes, nfield = c->model->nions * IRF_COUNT;
    for (unsigned q = 0; q < tr->ncls; q++) {
        const struct tree_class *k = &tr->cls[q];
        const struct ir_mech *m = &c->model->mechs[k->mech];
        if ((unsigned)k->mech < mech_from || (unsigned)k->mech >= mech_to ||
            m->kind != IRK_DENSITY)
            continue;
        if (phase == CG_TREE_STATES && m->derivative.n == 0)
            continue;
        struct cg_loop outer, cells;
        char name[96];
        snprintf(name, sizeof name, "%s.%s", m->name,
                 phase == CG_TREE_CURRENTS ? "cur" : phase == CG_TREE_INIT ? "init"
                 : phase == CG_TREE_INIT_CURRENTS ? "init.cur" : "states");
        LLVMValueRef j = cg_loop_begin(c, fn, cg_i64(c, k->n), &outer, name);
        /* per instance, outside the loop over cells: rows, parameters */
        LLVMValueRef node = elem_i64(c, k->node, k->n, j);
        LLVMValueRef vbase = row_base(c, node, ncells);
        LLVMValueRef rbase = row_base(c, LLVMBuildNSWAdd(c->b, node, cg_i64(c, N), ""), ncells);
        LLVMValueRef dbase = row_base(c, LLVMBuildNSWAdd(c->b, node, cg_i64(c, 2 * N), ""), ncells);
        LLVMValueRef *vb = arena_alloc(c->model->arena, (m->nvars + 1) * sizeof *vb);
        LLVMValueRef *init = arena_alloc(c->model->arena, (m->nvars + 1) * sizeof *init);
        LLVMValueRef *ib = arena_alloc(c->model->arena, (nfield + 1) * sizeof *ib);
        for (unsigned v = 0; v < m->nvars; v++) {
            const struct bind_table *bt = &k->var[v];
            if (bt->kind == B_ROW)
                vb[v] = row_base(c, elem_i64(c, bt->row, k->n, j), ncells);
            else if (bt->kind == B_CONST)
                vb[v] = elem_f64(c, bt->value, k->n, j);
            else if (bt->kind == B_PARAM)
                vb[v] = cg_load(c, c->f64, cg_gep_f64(c, params, elem_i64(c, bt->row, k->n, j), ""),
                                m->vars[v].name);
            if (phase == CG_TREE_INIT && bt->kind == B_ROW && m->vars[v].kind == IRV_PARAM)
                init[v] = elem_f64(c, bt->init, k->n, j);
        }
        for (unsigned f = 0; f < nfield; f++)
            if (k->ion_row[f])
                ib[f] = row_base(c, elem_i64(c, k->ion_row[f], k->n, j), ncells);

        LLVMValueRef cell = cg_loop_begin(c, fn, ncells, &cells, "cells");
        struct cg_inst in;
        cg_inst_init(c, &in, k->mech, fn);
        in.globals = gl;
        in.sec = &t->sections[k->sec0];
        in.ion_slot = arena_alloc(c->model->arena, (nfield + 1) * sizeof *in.ion_slot);
        for (unsigned f = 0; f < nfield; f++)
            if (ib[f])
                in.ion_slot[f] = row_at(c, data, ib[f], cell, "ion");
        for (unsigned v = 0; v < m->nvars; v++) {
            if (m->vars[v].kind == IRV_LOCAL)
                continue;
            in.ptr[v] = NULL;
            in.val[v] = NULL;
            if (k->var[v].kind == B_ROW)
                in.ptr[v] = row_at(c, data, vb[v], cell, m->vars[v].name);
            else if (k->var[v].kind != B_NONE)
                in.val[v] = vb[v];
        }
        if (phase == CG_TREE_CURRENTS) {
            LLVMValueRef vv = cg_load(c, c->f64, row_at(c, data, vbase, cell, ""), "v");
            cg_ion_currents(c, &in);
            LLVMValueRef g;
            LLVMValueRef i0 = cg_current_slope(c, &in, vv, &g);
            LLVMValueRef rp = row_at(c, data, rbase, cell, "rhsp");
            LLVMValueRef dp = row_at(c, data, dbase, cell, "dp");
            LLVMBuildStore(c->b, LLVMBuildFSub(c->b, cg_load(c, c->f64, rp, "rhs"), i0, "rhs"), rp);
            LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, cg_load(c, c->f64, dp, "d"), g, "d"), dp);
        } else if (phase == CG_TREE_INIT) {
            for (unsigned v = 0; v < m->nvars; v++)
                if (m->vars[v].kind == IRV_PARAM && in.ptr[v])
                    LLVMBuildStore(c->b, init[v], in.ptr[v]);
            cg_bind_builtin(c, &in, IRB_V, vinit);
            cg_ion_before(c, &in);
            cg_block(c, &in, &m->initial);
            cg_ion_after(c, &in, true);
        } else if (phase == CG_TREE_INIT_CURRENTS) {
            cg_ion_currents(c, &in);
            if (cg_currents_at_init(m, &in)) {
                bool conc = cg_breakpoint_conc(m);      /* as cg_current_slope */
                if (conc)
                    cg_ion_before(c, &in);
                cg_current(c, &in, vinit, true);
                if (conc)
                    cg_ion_after(c, &in, false);
            }
        } else {
            in.t = t_new;
            cg_bind_builtin(c, &in, IRB_V, cg_load(c, c->f64, row_at(c, data, vbase, cell, ""), "v"));
            cg_ion_before(c, &in);
            cg_block(c, &in, &m->derivative);
            cg_ion_after(c, &in, false);
        }
        end_cells(c, &cells, phase == CG_TREE_INIT || phase == CG_TREE_INIT_CURRENTS);
        cg_loop_end(c, &outer);
    }
}

/* One pass over a list of nodes: emits the loop over the list and over
 * cells and returns with the builder in the body; *j is the list index. */
struct pass {
    struct cg_loop outer, cells;
    LLVMValueRef cell;
};

static LLVMValueRef pass_begin(struct cg_ctx *c, LLVMValueRef fn, unsigned n, struct pass *p,
                               const char *name)
{
    return cg_loop_begin(c, fn, cg_i64(c, n), &p->outer, name);
}

static void pass_cells(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef ncells, struct pass *p)
{
    p->cell = cg_loop_begin(c, fn, ncells, &p->cells, "cells");
}

static void pass_end(struct cg_ctx *c, struct pass *p)
{
    end_cells(c, &p->cells, false);
    cg_loop_end(c, &p->outer);
}

static LLVMValueRef ld(struct cg_ctx *c, LLVMValueRef p)
{
    return cg_load(c, c->f64, p, "");
}

void cg_tree_solve(struct cg_ctx *c, LLVMValueRef fn, int type, const struct cg_tree *tr,
                   LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cfac)
{
    unsigned N = c->model->types[type].nnodes;
    LLVMValueRef offN = cg_i64(c, N), off2N = cg_i64(c, 2 * N);
    struct pass p;
#define ROWS(node, vb, rb, db)                                                  \
    LLVMValueRef vb = row_base(c, node, ncells);                                \
    LLVMValueRef rb = row_base(c, LLVMBuildNSWAdd(c->b, node, offN, ""), ncells); \
    LLVMValueRef db = row_base(c, LLVMBuildNSWAdd(c->b, node, off2N, ""), ncells)

    /* axial currents (NUMERICS.md §4: nrn_rhs), children in node order */
    {
        LLVMValueRef j = pass_begin(c, fn, tr->nchild, &p, "axial");
        LLVMValueRef i = elem_i64(c, tr->child, tr->nchild, j);
        LLVMValueRef pa = elem_i64(c, tr->parent, tr->nchild, j);
        LLVMValueRef a = elem_f64(c, tr->a, tr->nchild, j), b = elem_f64(c, tr->b, tr->nchild, j);
        ROWS(i, vi, ri, di);
        ROWS(pa, vp, rp, dp);
        (void)di, (void)dp;
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef ci = p.cell;
        LLVMValueRef dvp = LLVMBuildFSub(c->b, ld(c, row_at(c, data, vp, ci, "")),
                                         ld(c, row_at(c, data, vi, ci, "")), "dvp");
        LLVMValueRef rip = row_at(c, data, ri, ci, ""), rpp = row_at(c, data, rp, ci, "");
        LLVMBuildStore(c->b, LLVMBuildFSub(c->b, ld(c, rip), LLVMBuildFMul(c->b, b, dvp, ""), "rhs"),
                       rip);
        LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, ld(c, rpp), LLVMBuildFMul(c->b, a, dvp, ""), "rhs"),
                       rpp);
        pass_end(c, &p);
    }
    /* capacitance (nrn_lhs) */
    {
        LLVMValueRef j = pass_begin(c, fn, tr->ncap, &p, "cap");
        LLVMValueRef i = elem_i64(c, tr->cap_node, tr->ncap, j);
        LLVMValueRef cm = elem_f64(c, tr->cm, tr->ncap, j);
        LLVMValueRef db = row_base(c, LLVMBuildNSWAdd(c->b, i, off2N, ""), ncells);
        LLVMValueRef g = LLVMBuildFMul(c->b, cfac, cm, "");
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef dpp = row_at(c, data, db, p.cell, "");
        LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, ld(c, dpp), g, "d"), dpp);
        pass_end(c, &p);
    }
    /* axial terms of d */
    {
        LLVMValueRef j = pass_begin(c, fn, tr->nchild, &p, "axial.d");
        LLVMValueRef i = elem_i64(c, tr->child, tr->nchild, j);
        LLVMValueRef pa = elem_i64(c, tr->parent, tr->nchild, j);
        LLVMValueRef a = elem_f64(c, tr->a, tr->nchild, j), b = elem_f64(c, tr->b, tr->nchild, j);
        LLVMValueRef di = row_base(c, LLVMBuildNSWAdd(c->b, i, off2N, ""), ncells);
        LLVMValueRef dp = row_base(c, LLVMBuildNSWAdd(c->b, pa, off2N, ""), ncells);
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef dip = row_at(c, data, di, p.cell, ""), dpp = row_at(c, data, dp, p.cell, "");
        LLVMBuildStore(c->b, LLVMBuildFSub(c->b, ld(c, dip), b, "d"), dip);
        LLVMBuildStore(c->b, LLVMBuildFSub(c->b, ld(c, dpp), a, "d"), dpp);
        pass_end(c, &p);
    }
    /* triangularization (triang): children last to first */
    {
        LLVMValueRef jr = pass_begin(c, fn, tr->nchild, &p, "triang");
        LLVMValueRef j = LLVMBuildNSWSub(c->b, cg_i64(c, (long long)tr->nchild - 1), jr, "");
        LLVMValueRef i = elem_i64(c, tr->child, tr->nchild, j);
        LLVMValueRef pa = elem_i64(c, tr->parent, tr->nchild, j);
        LLVMValueRef a = elem_f64(c, tr->a, tr->nchild, j), b = elem_f64(c, tr->b, tr->nchild, j);
        ROWS(i, vi, ri, di);
        ROWS(pa, vp, rp, dp);
        (void)vi, (void)vp;
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef ci = p.cell;
        LLVMValueRef f = LLVMBuildFDiv(c->b, a, ld(c, row_at(c, data, di, ci, "")), "f");
        LLVMValueRef dpp = row_at(c, data, dp, ci, ""), rpp = row_at(c, data, rp, ci, "");
        LLVMBuildStore(c->b, LLVMBuildFSub(c->b, ld(c, dpp), LLVMBuildFMul(c->b, f, b, ""), "d"), dpp);
        LLVMValueRef rhs_i = ld(c, row_at(c, data, ri, ci, ""));
        LLVMBuildStore(c->b, LLVMBuildFSub(c->b, ld(c, rpp), LLVMBuildFMul(c->b, f, rhs_i, ""), "rhs"),
                       rpp);
        pass_end(c, &p);
    }
    /* roots */
    {
        LLVMValueRef j = pass_begin(c, fn, tr->nroot, &p, "root");
        LLVMValueRef i = elem_i64(c, tr->root, tr->nroot, j);
        ROWS(i, vi, ri, di);
        (void)vi;
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef rip = row_at(c, data, ri, p.cell, "");
        LLVMBuildStore(c->b, LLVMBuildFDiv(c->b, ld(c, rip), ld(c, row_at(c, data, di, p.cell, "")),
                                           "dv"), rip);
        pass_end(c, &p);
    }
    /* back substitution (bksub), first to last */
    {
        LLVMValueRef j = pass_begin(c, fn, tr->nchild, &p, "bksub");
        LLVMValueRef i = elem_i64(c, tr->child, tr->nchild, j);
        LLVMValueRef pa = elem_i64(c, tr->parent, tr->nchild, j);
        LLVMValueRef b = elem_f64(c, tr->b, tr->nchild, j);
        ROWS(i, vi, ri, di);
        LLVMValueRef rp = row_base(c, LLVMBuildNSWAdd(c->b, pa, offN, ""), ncells);
        (void)vi;
        pass_cells(c, fn, ncells, &p);
        LLVMValueRef ci = p.cell;
        LLVMValueRef rip = row_at(c, data, ri, ci, "");
        LLVMValueRef x = LLVMBuildFSub(c->b, ld(c, rip),
                                       LLVMBuildFMul(c->b, b, ld(c, row_at(c, data, rp, ci, "")), ""), "");
        LLVMBuildStore(c->b, LLVMBuildFDiv(c->b, x, ld(c, row_at(c, data, di, ci, "")), "dv"), rip);
        pass_end(c, &p);
    }
    /* v += dv, every node: one flat loop over the rows */
    {
        struct cg_loop loop;
        LLVMValueRef n = LLVMBuildNSWMul(c->b, cg_i64(c, N), ncells, "");
        LLVMValueRef k = cg_loop_begin(c, fn, n, &loop, "update");
        LLVMValueRef vp = cg_gep_f64(c, data, k, "vp");
        LLVMValueRef dv = ld(c, cg_gep_f64(c, data, LLVMBuildNSWAdd(c->b, k, n, ""), ""));
        LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, ld(c, vp), dv, "v.new"), vp);
        end_cells(c, &loop, false);
    }
#undef ROWS
}
