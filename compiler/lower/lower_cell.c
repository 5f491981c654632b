/* lower_cell.c - a cell type to a compartment tree in NEURON's layout.
 *
 * NUMERICS.md §2: each section of nseg segments owns nseg centre nodes and
 * its x=1 end node; a root section also gets a root node at x=0.  Nodes are
 * numbered roots first, then sections level by level from the roots, so a
 * parent always precedes its children (the Hines order).  Areas, axial
 * conductances and the coupling coefficients A and B are computed here with
 * NEURON's formulas and operation order.
 */
#include "lower.h"
#include "sema.h"

#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846

int lower_mech_index(const struct ir_model *m, const char *name)
{
    for (unsigned i = 0; i < m->nmechs; i++)
        if (strcmp(m->mechs[i].name, name) == 0)
            return (int)i;
    return -1;
}

int ir_location_node(const struct ir_celltype *t, int section, double x)
{
    const struct ir_section *s = &t->sections[section];
    if (x >= 1)
        return s->first_node + s->nseg;            /* the x=1 end node */
    if (x <= 0)     /* the x=0 node: the root node, or the parent's node */
        return t->nodes[s->first_node].parent;
    int k = (int)floor(s->nseg * x);
    if (k > s->nseg - 1)
        k = s->nseg - 1;
    return s->first_node + k;
}

static double prop_value(struct ast *block, const char *key, double dflt)
{
    for (unsigned i = 0; block && i < block->nkids; i++) {
        struct ast *p = block->kids[i];
        double v;
        if (p && p->kind == AST_PROP && strcmp(p->str, key) == 0 && sema_const_value(p->kids[0], &v))
            return v;
    }
    return dflt;
}

/* The ions of a section: those its mechanisms use, with NEURON's style
 * (eion.cpp nrn_promote: a concentration read makes e computed by Nernst
 * at initialization; one written makes the concentrations start at their
 * values and e follow them at every step) and values: NEURON's defaults,
 * then the section's own (`ek = -90 mV` in the section or in an insert of
 * a mechanism using the ion, or a `set`). */
static void section_ions(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
    is->ions = arena_alloc(m->arena, (m->nions + 1) * sizeof *is->ions);
    for (unsigned ion = 0; ion < m->nions; ion++) {
        int conc = 0, rev = 0;      /* NEURON's 0 unused, 1 read, 3 written */
        bool used = false, reads_i = false;
        for (unsigned k = 0; k < is->ninserts; k++) {
            const struct ir_mech *mech = &m->mechs[is->inserts[k].mech];
            unsigned rd = mech->ion_read[ion], wr = mech->ion_write[ion];
            used |= (rd | wr) != 0;
            unsigned conc_bits = (1u << IRF_CI) | (1u << IRF_CO);
            if ((wr & conc_bits) && conc < 3)
                conc = 3;
            else if ((rd & conc_bits) && conc < 1)
                conc = 1;
            if ((rd & (1u << IRF_E)) && rev < 1)
                rev = 1;
            reads_i |= (rd & (1u << IRF_I)) != 0;
        }
        if (!used)
            continue;
        if (conc > 0 && rev < 2)
            rev = 2;
        int style = 0;
        if (conc == 3)
            style |= ION_STYLE_CINIT | (rev == 2 ? ION_STYLE_EADVANCE : 0);
        if (conc > 0 && rev == 2)
            style |= ION_STYLE_EINIT;
        struct ir_ion_use *u = &is->ions[is->nions++];
        u->ion = (int)ion;
        u->style = style;
        u->value[IRF_E] = m->ions[ion].e0;
        u->value[IRF_CI] = m->ions[ion].ci0;
        u->value[IRF_CO] = m->ions[ion].co0;
        u->dynamic[IRF_E] = (style & ION_STYLE_EINIT) != 0;
        u->dynamic[IRF_CI] = u->dynamic[IRF_CO] = conc == 3;
        u->dynamic[IRF_I] = reads_i;
    }
    /* values: in the section or in an insert (sema allows one of them) */
    for (unsigned j = 0; j < sec->nkids; j++) {
        struct ast *b = sec->kids[j];
        unsigned nb = b->kind == AST_INSERT ? b->nkids : b->kind == AST_PROP ? 1 : 0;
        for (unsigned k = 0; k < nb; k++) {
            struct ast *p = b->kind == AST_INSERT ? b->kids[k] : b;
            if (!p || p->kind != AST_PROP)
                continue;
            for (unsigned i = 0; i < is->nions; i++) {
                int field;
                double v;
                if (sema_ion_var(m->ions[is->ions[i].ion].name, p->str, &field) &&
                    field != ION_I && sema_const_value(p->kids[0], &v))
                    is->ions[i].value[field] = v;
            }
        }
    }
}

/* A section's geometry and inserted mechanisms with their values (defaults
 * where not written: NUMERICS.md section 1). */
static void lower_section(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
    struct arena *a = m->arena;
    is->name = sec->str;
    is->nseg = (int)prop_value(sec, "nseg", 1);
    is->L = prop_value(sec, "L", 100);
    is->diam = prop_value(sec, "diam", 500);
    is->Ra = prop_value(sec, "Ra", 35.4);
    is->cm = prop_value(sec, "cm", 1);
    is->parent = -1;
    for (unsigned j = 0; j < sec->nkids; j++)
        is->ninserts += sec->kids[j]->kind == AST_INSERT;
    is->inserts = arena_alloc(a, (is->ninserts + 1) * sizeof *is->inserts);
    unsigned n = 0;
    for (unsigned j = 0; j < sec->nkids; j++) {
        struct ast *ins = sec->kids[j];
        if (ins->kind != AST_INSERT || !ins->sym)
            continue;
        int mi = lower_mech_index(m, ins->str);
        struct ir_insert *ii = &is->inserts[n++];
        ii->mech = mi;
        const struct ir_mech *mech = &m->mechs[mi];
        ii->params = arena_alloc(a, (mech->nvars + 1) * sizeof *ii->params);
        for (unsigned v = 0; v < mech->nvars; v++)
            ii->params[v] = mech->vars[v].kind == IRV_PARAM
                                ? prop_value(ins, mech->vars[v].name, mech->vars[v].init) : NAN;
    }
    is->ninserts = n;
    section_ions(m, sec, is);
}

/* `attach child(0) to parent(x)`: parent and parent_x of each child, and in
 * attach_seq the order of the attachments (NEURON numbers children by it);
 * returns their count. */
static int attach_sections(struct ast *c, struct ir_celltype *out, int *attach_seq)
{
    int nattach = 0;
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *at = c->kids[i];
        if (at->kind != AST_ATTACH)
            continue;
        int child = -1, parent = -1;
        for (unsigned j = 0; j < out->nsections; j++) {
            if (out->sections[j].name == at->kids[0]->str)
                child = (int)j;
            if (out->sections[j].name == at->kids[1]->str)
                parent = (int)j;
        }
        double px = 1;
        if (ast_kid(at->kids[1], 0))
            sema_const_value(at->kids[1]->kids[0], &px);
        if (child >= 0 && parent >= 0) {
            out->sections[child].parent = parent;
            out->sections[child].parent_x = px;
            attach_seq[child] = nattach++;
        }
    }
    return nattach;
}

/* Sections in Hines order: roots, then level by level, the children of a
 * section in reverse attach order as NEURON numbers them; *nroots gets the
 * number of roots. */
static int *order_sections(struct arena *a, const struct ir_celltype *out, const int *attach_seq,
                           int nattach, unsigned *nroots)
{
    unsigned nsec = out->nsections;
    int *order = arena_alloc(a, (nsec + 1) * sizeof *order);
    unsigned norder = 0;
    for (unsigned j = 0; j < nsec; j++)
        if (out->sections[j].parent < 0)
            order[norder++] = (int)j;
    *nroots = norder;
    for (unsigned q = 0; q < norder; q++)
        for (int seq = nattach - 1; seq >= 0; seq--)
            for (unsigned j = 0; j < nsec; j++)
                if (out->sections[j].parent == order[q] && attach_seq[j] == seq)
                    order[norder++] = (int)j;
    return order;
}

/* The nodes of the sections in `order`: root nodes, then each section's
 * centres and end node with areas and, in `a`, the axial conductance rinv
 * to the parent (NUMERICS.md 2.1-2.2). */
static void number_nodes(struct arena *a, struct ir_celltype *out, const int *order,
                         unsigned nroots)
{
    unsigned nnodes = nroots;
    for (unsigned j = 0; j < out->nsections; j++)
        nnodes += (unsigned)out->sections[j].nseg + 1;
    out->nodes = arena_alloc(a, (nnodes + 1) * sizeof *out->nodes);
    out->nnodes = nnodes;
    for (unsigned r = 0; r < nroots; r++)
        out->nodes[r] = (struct ir_node){.parent = -1, .section = -1, .seg = -1, .area = 100};
    unsigned next = nroots;
    for (unsigned q = 0; q < out->nsections; q++) {
        struct ir_section *sec = &out->sections[order[q]];
        sec->first_node = (int)next;
        int parent_node;
        if (sec->parent < 0) {
            parent_node = (int)q;   /* its root node: roots are numbered like the roots */
        } else {
            parent_node = ir_location_node(out, sec->parent, sec->parent_x);
        }
        double dx = sec->L / sec->nseg;
        double rhalf = 1e-2 * sec->Ra * (dx / 2) / (PI * sec->diam * sec->diam / 4);
        for (int g = 0; g < sec->nseg; g++) {
            struct ir_node *n = &out->nodes[next];
            n->parent = g == 0 ? parent_node : (int)next - 1;
            n->section = order[q];
            n->seg = g;
            n->area = PI * sec->diam * dx;
            n->cm = sec->cm;
            /* rinv: half a segment to the x=0 node, else left + right halves */
            n->a = g == 0 ? 1 / (rhalf + 0) : 1 / (rhalf + rhalf);
            next++;
        }
        struct ir_node *end = &out->nodes[next];
        end->parent = (int)next - 1;
        end->section = order[q];
        end->seg = -1;
        end->area = 100;
        end->a = 1 / rhalf;
        next++;
    }
}

/* rinv -> the coupling coefficients: A uses the parent's area, B the node's
 * own (NUMERICS.md 2.3). */
static void coupling_coefficients(struct ir_celltype *out)
{
    for (unsigned i = 0; i < out->nnodes; i++) {
        struct ir_node *n = &out->nodes[i];
        if (n->parent < 0)
            continue;
        double rinv = n->a;
        n->a = -1e2 * rinv / out->nodes[n->parent].area;
        n->b = -1e2 * rinv / n->area;
    }
}

/* The spike detection site: spike_at, or the first section's middle. */
static int spike_site(struct ast *c, const struct ir_celltype *out)
{
    int node = out->nsections ? ir_location_node(out, 0, 0.5) : 0;
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *p = c->kids[i];
        if (p->kind == AST_PROP && strcmp(p->str, "spike_at") == 0 && p->kids[0]->sym) {
            double x = 0.5;
            sema_const_value(p->kids[0]->kids[0], &x);
            for (unsigned j = 0; j < out->nsections; j++)
                if (out->sections[j].name == p->kids[0]->str)
                    node = ir_location_node(out, (int)j, x);
        }
    }
    return node;
}

bool lower_celltype(struct sema *s, struct ir_model *m, struct sym *cell, struct ir_celltype *out)
{
    struct arena *a = m->arena;
    struct ast *c = cell->decl;
    out->name = cell->name;
    out->threshold = prop_value(c, "threshold", 10.0);
    unsigned nsec = 0;
    for (unsigned i = 0; i < c->nkids; i++)
        nsec += c->kids[i]->kind == AST_SECTION;
    out->sections = arena_alloc(a, (nsec + 1) * sizeof *out->sections);
    out->nsections = nsec;
    struct ast **secast = arena_alloc(a, (nsec + 1) * sizeof *secast);
    unsigned k = 0;
    for (unsigned i = 0; i < c->nkids; i++)
        if (c->kids[i]->kind == AST_SECTION) {
            secast[k] = c->kids[i];
            lower_section(m, c->kids[i], &out->sections[k++]);
        }
    int *attach_seq = arena_alloc(a, (nsec + 1) * sizeof *attach_seq);
    int nattach = attach_sections(c, out, attach_seq);
    /* a cycle of attachments leaves sections without a root: refuse it */
    for (unsigned j = 0; j < nsec; j++) {
        int p = (int)j, steps = 0;
        while (p >= 0 && steps++ <= (int)nsec)
            p = out->sections[p].parent;
        if (p >= 0) {
            diag_error(s->diag, ast_name_loc(secast[j]), "sections of '%s' are attached in a "
                       "cycle through '%s'", cell->name, out->sections[j].name);
            return false;
        }
    }
    unsigned nroots;
    int *order = order_sections(a, out, attach_seq, nattach, &nroots);
    number_nodes(a, out, order, nroots);
    coupling_coefficients(out);
    out->spike_node = spike_site(c, out);
    return true;
}

/* The prop `key` of block (its value replaced), or a new one appended. */
static void put_prop(struct arena *a, struct ast *block, const char *key, struct ast *value,
                     struct loc loc)
{
    for (unsigned i = 0; i < block->nkids; i++) {
        struct ast *p = block->kids[i];
        if (p && p->kind == AST_PROP && strcmp(p->str, key) == 0) {
            p->kids[0] = value;
            return;
        }
    }
    struct ast *p = arena_alloc(a, sizeof *p);
    struct ast **kids = arena_alloc(a, sizeof *kids);
    kids[0] = value;
    *p = (struct ast){.kind = AST_PROP, .str = key, .loc = loc, .nkids = 1, .kids = kids,
                      .scale = 1};
    ast_add(a, block, p);
}

/* `set CELL.SECTION.PROP` and `set CELL.SECTION.MECH.PARAM` of the protocol
 * and --set (in that order): the cell type is compiled with them, as if
 * written in its declaration.  (Inside an experiment they would need code
 * of their own; lower_net refuses them there.) */
static void apply_cell_sets(struct sema *s)
{
    const struct ast *prog = s->main;
    for (int op = 0; op <= 1; op++)
        for (unsigned i = 0; prog && i < prog->nkids; i++) {
            struct ast *set = prog->kids[i];
            if (set->kind != AST_SET || set->op != op)
                continue;
            struct ast *path[5];
            int n = 0;
            for (struct ast *p = set->kids[0]; p && n < 5; p = p->kind == AST_MEMBER ? p->kids[0] : NULL)
                path[n++] = p;
            struct ast *root = path[n - 1];
            if (!root->sym || root->sym->kind != SYM_CELL || (n != 3 && n != 4))
                continue;
            struct ast *cell = root->sym->decl, *sec = NULL, *target = NULL;
            for (unsigned k = 0; k < cell->nkids && !sec; k++)
                if (cell->kids[k]->kind == AST_SECTION && strcmp(cell->kids[k]->str, path[n - 2]->str) == 0)
                    sec = cell->kids[k];
            if (!sec)
                continue;
            target = sec;
            const struct sema_ion *ion;
            int field;
            if (sema_ion_setting(s, path[0]->str, &ion, &field)) {
                /* the section's, wherever it was written */
                for (unsigned k = 0; k < sec->nkids; k++)
                    if (sec->kids[k]->kind == AST_INSERT)
                        for (unsigned q = 0; q < sec->kids[k]->nkids; q++) {
                            struct ast *p = sec->kids[k]->kids[q];
                            if (p && p->kind == AST_PROP && strcmp(p->str, path[0]->str) == 0)
                                p->kids[0] = set->kids[1];
                        }
                bool in_insert = false;
                for (unsigned k = 0; k < sec->nkids; k++)
                    if (sec->kids[k]->kind == AST_INSERT && ast_find_prop(sec->kids[k], path[0]->str))
                        in_insert = true;
                if (!in_insert)
                    put_prop(s->arena, sec, path[0]->str, set->kids[1], set->loc);
                continue;
            }
            if (n == 4) {
                target = NULL;
                for (unsigned k = 0; k < sec->nkids && !target; k++)
                    if (sec->kids[k]->kind == AST_INSERT && strcmp(sec->kids[k]->str, path[1]->str) == 0)
                        target = sec->kids[k];
                if (!target)
                    continue;
            }
            put_prop(s->arena, target, path[0]->str, set->kids[1], set->loc);
        }
}

struct ir_model *lower_model(struct sema *s)
{
    apply_cell_sets(s);
    struct ir_model *m = arena_alloc(s->arena, sizeof *m);
    m->arena = s->arena;
    m->ions = arena_alloc(m->arena, (s->nions + 1) * sizeof *m->ions);
    for (unsigned i = 0; i < s->nions; i++)
        m->ions[m->nions++] = (struct ir_ion){s->ions[i].name, s->ions[i].valence,
                                              s->ions[i].e0, s->ions[i].ci0, s->ions[i].co0};
    bool ok = true;
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind == SYM_MECH)
            m->nmechs++;
        if (sym->kind == SYM_CELL)
            m->ntypes++;
    }
    m->mechs = arena_alloc(m->arena, (m->nmechs + 1) * sizeof *m->mechs);
    m->types = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *m->types);
    unsigned nm = 0, nt = 0;
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind != SYM_MECH)
            continue;
        m->mechs[nm].order = (int)nm;
        ok &= lower_mechanism(s, m, sym, &m->mechs[nm++]);
    }
    for (unsigned i = 0; ok && i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind == SYM_CELL)
            ok &= lower_celltype(s, m, sym, &m->types[nt++]);
    }
    return ok ? m : NULL;
}
