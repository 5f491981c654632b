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

#include <stdlib.h>
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
 * at initialization; one written makes both concentrations start at the
 * ion's globals, cinit, and e follow them at every step) and values:
 * NEURON's defaults, then the section's own (`ek = -90 mV` in the section
 * or in an insert of a mechanism using the ion, or a `set`).  Where the
 * style has cinit, lower_ion_cinit then replaces the concentrations. */
void lower_section_ions(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
    is->nions = 0;
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
    lower_ion_style(m, sec, is);
    lower_ion_values(m, sec, is);
}

/* The section's own style (`ca_ion_style = (3, 1, 0, 0, 1)`, NEURON's
 * ion_style), written in block sec: its einit, eadvance and cinit replace
 * the promoted ones. */
void lower_ion_style(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
    for (unsigned j = 0; j < sec->nkids; j++)
        for (unsigned i = 0; i < is->nions; i++) {
            struct ir_ion_use *u = &is->ions[i];
            double st[5];
            if (!sema_ion_style_values(sec->kids[j], m->ions[u->ion].name, st))
                continue;
            u->style = (st[2] != 0 ? ION_STYLE_EINIT : 0) | (st[3] != 0 ? ION_STYLE_EADVANCE : 0) |
                       (st[4] != 0 ? ION_STYLE_CINIT : 0);
            u->dynamic[IRF_E] = (u->style & (ION_STYLE_EINIT | ION_STYLE_EADVANCE)) != 0;
        }
}

/* The ion values a section block writes: in the block or in an insert
 * (sema allows one of them), over those is has. */
void lower_ion_values(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
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

/* NEURON's ion_init: where the final style has cinit, finitialize sets
 * both concentrations to the globals (cai0_ca_ion, cao0_ca_ion), whatever
 * the section's values, before any INITIAL block runs. */
void lower_ion_cinit(struct ir_model *m, struct ir_section *is)
{
    for (unsigned i = 0; i < is->nions; i++) {
        struct ir_ion_use *u = &is->ions[i];
        const struct ir_ion *ion = &m->ions[u->ion];
        if (!(u->style & ION_STYLE_CINIT))
            continue;
        u->value[IRF_CI] = ion->ci_init;
        u->value[IRF_CO] = ion->co_init;
    }
}

/* A section's geometry (defaults where not written: NUMERICS.md section 1)
 * and which mechanisms it has; their values come once the tree is known
 * (insert_values). */
void lower_section(struct ir_model *m, struct ast *sec, struct ir_section *is)
{
    struct arena *a = m->arena;
    is->name = sec->str;
    is->nseg = (int)prop_value(sec, "nseg", 1);
    is->L = prop_value(sec, "L", 100);
    is->Ra = prop_value(sec, "Ra", 35.4);
    is->parent = -1;
    for (unsigned j = 0; j < sec->nkids; j++)
        is->ninserts += sec->kids[j]->kind == AST_INSERT;
    is->inserts = arena_alloc(a, (is->ninserts + 1) * sizeof *is->inserts);
    unsigned n = 0;
    for (unsigned j = 0; j < sec->nkids; j++) {
        struct ast *ins = sec->kids[j];
        if (ins->kind != AST_INSERT || !ins->sym)
            continue;
        is->inserts[n++].mech = lower_mech_index(m, ins->str);
    }
    is->ninserts = n;
    lower_section_ions(m, sec, is);
    lower_ion_cinit(m, is);
}

/* NEURON's node_dist: from the section's x=0 node to one of its nodes, as
 * L * ((k + .5) / nseg) for centre k and L for the x=1 end. */
static double node_dist(const struct ir_celltype *t, int sec, int node)
{
    if (sec < 0)
        return 0;
    const struct ir_section *s = &t->sections[sec];
    if (node == t->nodes[s->first_node].parent)
        return 0;
    double ratio = node == s->first_node + s->nseg ? 1.
                 : ((double)(node - s->first_node) + .5) / ((double)(s->nseg + 1) - 1.);
    return s->L * ratio;
}

/* NEURON's topol_distance (cabcode.cpp): the path length between two
 * nodes, summed in its order: the side whose section comes later in the
 * tree order climbs to its parent until both meet; 1e20 for nodes of
 * unconnected trees.  (Sections are in tree order by first_node.) */
static double topol_distance(const struct ir_celltype *t, int sec1, int node1, int sec2, int node2)
{
    double d = 0;
    while (sec1 != sec2) {
        bool climb1 = sec2 < 0 ? true : sec1 < 0 ? false
                    : t->sections[sec1].first_node > t->sections[sec2].first_node;
        if (climb1) {
            d += node_dist(t, sec1, node1);
            node1 = t->nodes[t->sections[sec1].first_node].parent;
            sec1 = t->sections[sec1].parent;
        } else {
            d += node_dist(t, sec2, node2);
            node2 = t->nodes[t->sections[sec2].first_node].parent;
            sec2 = t->sections[sec2].parent;
        }
    }
    if (sec1 < 0) {
        if (node1 != node2)
            d = 1e20;
    } else if (node1 != node2) {
        double x1 = node_dist(t, sec1, node1), x2 = node_dist(t, sec2, node2);
        d += x1 < x2 ? x2 - x1 : x1 - x2;
    }
    return d;
}

/* Where segment g of section q is, for values per segment. */
static struct sema_segment segment_at(const struct ir_celltype *t, unsigned q, int g)
{
    const struct ir_section *is = &t->sections[q];
    int origin = ir_location_node(t, 0, 0.5);   /* soma(0.5) */
    return (struct sema_segment){.index = (unsigned)g, .x = ((double)g + 0.5) / is->nseg,
                                 .distance = topol_distance(t, 0, origin, (int)q,
                                                            is->first_node + g),
                                 .L = is->L};
}

static bool list_fits(struct sema *s, const struct ast *value, const char *what,
                      const struct ir_section *is)
{
    if (!value || value->kind != AST_LIST || value->nkids == (unsigned)is->nseg)
        return true;
    diag_error(s->diag, value->loc, "%s has %u value%s for the %d segment%s of section '%s'; "
               "a list gives one value per segment", what, value->nkids,
               value->nkids == 1 ? "" : "s", is->nseg, is->nseg == 1 ? "" : "s", is->name);
    return false;
}

/* A section's diam or cm at each of its segments (into out). */
static bool section_values(struct sema *s, const struct ir_celltype *t, unsigned q,
                           struct ast *sec, const char *key, double dflt, double *out)
{
    const struct ir_section *is = &t->sections[q];
    struct ast *p = ast_find_prop(sec, key);
    struct ast *value = p ? p->kids[0] : NULL;
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    if (!list_fits(s, value, what, is))
        return false;
    double c = dflt;
    bool constant = !value || sema_const_value(value, &c);     /* checked by sema */
    for (int g = 0; g < is->nseg; g++) {
        out[g] = c;
        if (constant)
            continue;
        struct sema_segment seg = segment_at(t, q, g);
        if (sema_segment_value(value, &seg, &out[g]) &&
            !sema_check_section_value(s, value, key, out[g])) {
            diag_note(s->diag, value->loc, "at segment %d of '%s' of '%s' (x = %g, distance = "
                      "%g um)", g, is->name, t->name, seg.x, seg.distance);
            return false;
        }
    }
    return true;
}

/* The value of each inserted parameter at each segment: written (a
 * constant, a list, an expression of x, distance, L) or the default. */
static bool insert_values(struct sema *s, struct ir_model *m, struct ir_celltype *t,
                          struct ast *cell, struct ast **secast)
{
    struct arena *a = m->arena;
    bool ok = true, diam_told = false;
    for (unsigned q = 0; q < t->nsections; q++) {
        struct ir_section *is = &t->sections[q];
        bool morph = secast[q]->op == SECTION_MORPH;
        unsigned n = 0;
        for (unsigned j = 0; j < (morph ? is->ninserts : secast[q]->nkids); j++) {
            struct ast *ins = morph ? NULL : secast[q]->kids[j];
            if (!morph && (ins->kind != AST_INSERT || !ins->sym))
                continue;
            struct ir_insert *ii = &is->inserts[n++];
            const struct ir_mech *mech = &m->mechs[ii->mech];
            if (is->npt3d > 1 && ir_builtin_var(mech, IRB_DIAM) >= 0) {
                /* NEURON's segment diam there is diam_from_list's average over
                   the points, which circ does not compute (told once a cell) */
                if (!diam_told)
                    diag_error(s->diag, ast_name_loc(secast[q]), "'%s' reads diam, which "
                               "section '%s' takes from 3-D points: not supported yet",
                               mech->name, is->name);
                diam_told = true;
                ok = false;
                continue;
            }
            size_t nv = mech->nvars;
            ii->params = arena_alloc(a, ((size_t)is->nseg * nv + 1) * sizeof *ii->params);
            for (unsigned v = 0; v < nv; v++) {
                const struct ir_var *var = &mech->vars[v];
                struct ast *p = NULL;
                if (morph && var->kind == IRV_PARAM)    /* the last block that writes it */
                    p = lower_morph_param(cell, is->name, mech->name, var->name, &ins);
                else if (var->kind == IRV_PARAM)
                    p = ast_find_prop(ins, var->name);
                struct ast *value = p ? p->kids[0] : NULL;
                char what[160];
                snprintf(what, sizeof what, "'%s' of '%s'", var->name, mech->name);
                if (!list_fits(s, value, what, is)) {   /* after a --set of nseg */
                    ok = false;
                    value = NULL;
                }
                double c;
                bool constant = value && sema_const_value(value, &c);
                struct sym *psym = value ? sema_lookup(ins->sym->members, var->name) : NULL;
                bool reported = false;
                for (int g = 0; g < is->nseg; g++) {
                    double x = var->kind == IRV_PARAM ? var->init : NAN;
                    if (constant) {
                        x = c;
                    } else if (value) {
                        struct sema_segment seg = segment_at(t, q, g);
                        sema_segment_value(value, &seg, &x);
                        /* a value out of the declared range: once per parameter */
                        if (!reported && psym && !sema_check_param_range(s, value, psym, x)) {
                            diag_note(s->diag, value->loc, "at segment %d of '%s' of '%s' "
                                      "(x = %g, distance = %g um)", g, is->name, t->name,
                                      seg.x, seg.distance);
                            reported = true;
                            ok = false;
                        }
                    }
                    ii->params[(size_t)g * nv + v] = x;
                }
            }
        }
    }
    return ok;
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
 * centres and end node (NUMERICS.md 2.1); geometry comes later
 * (node_geometry), once values per segment are known. */
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
        for (int g = 0; g < sec->nseg; g++) {
            struct ir_node *n = &out->nodes[next];
            n->parent = g == 0 ? parent_node : (int)next - 1;
            n->section = order[q];
            n->seg = g;
            next++;
        }
        struct ir_node *end = &out->nodes[next];
        end->parent = (int)next - 1;
        end->section = order[q];
        end->seg = -1;
        next++;
    }
}

/* Areas and, in `a`, the axial conductance rinv to the parent, with each
 * segment's diam and cm (NUMERICS.md 2.1-2.2; NEURON's nrn_area_ri: a
 * centre's rinv is its left half-segment plus the previous one's right
 * half, the end node's the last right half). */
static void node_geometry(struct ir_celltype *out)
{
    for (unsigned q = 0; q < out->nsections; q++) {
        const struct ir_section *sec = &out->sections[q];
        double dx = sec->L / sec->nseg, rright = 0;
        if (sec->npt3d > 1) {   /* from 3-D points (lower_morph.c) */
            double *area = xcalloc((size_t)sec->nseg + 1, sizeof *area);
            double *rinv = xcalloc((size_t)sec->nseg + 1, sizeof *rinv);
            lower_pt3d_segments(sec, area, rinv);
            for (int g = 0; g <= sec->nseg; g++) {
                struct ir_node *n = &out->nodes[sec->first_node + g];
                n->area = g < sec->nseg ? area[g] : 100;
                n->cm = g < sec->nseg ? sec->seg_cm[g] : 0;
                n->a = rinv[g];
            }
            free(area);
            free(rinv);
            continue;
        }
        for (int g = 0; g < sec->nseg; g++) {
            struct ir_node *n = &out->nodes[sec->first_node + g];
            double diam = sec->seg_diam[g];
            n->area = PI * diam * dx;
            n->cm = sec->seg_cm[g];
            double rleft = 1e-2 * sec->Ra * (dx / 2) / (PI * diam * diam / 4);
            n->a = 1 / (rleft + rright);
            rright = rleft;
        }
        struct ir_node *end = &out->nodes[sec->first_node + sec->nseg];
        end->area = 100;
        end->a = 1 / rright;
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
        n->rinv = rinv;
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
            int j = ir_section_named(out, p->kids[0]->str);
            if (j >= 0)
                node = ir_location_node(out, j, x);
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
    out->spike_mech = -1;
    unsigned nsec = 0;      /* a morphology's list blocks are not sections */
    for (unsigned i = 0; i < c->nkids; i++)
        nsec += c->kids[i]->kind == AST_SECTION && c->kids[i]->op != SECTION_LIST_BLOCK;
    out->sections = arena_alloc(a, (nsec + 1) * sizeof *out->sections);
    out->nsections = nsec;
    struct ast **secast = arena_alloc(a, (nsec + 1) * sizeof *secast);
    unsigned k = 0;
    for (unsigned i = 0; i < c->nkids; i++)
        if (c->kids[i]->kind == AST_SECTION && c->kids[i]->op != SECTION_LIST_BLOCK) {
            secast[k] = c->kids[i];
            if (c->kids[i]->op == SECTION_MORPH)
                lower_morph_section(m, c, c->kids[i], &out->sections[k++]);
            else
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
    bool ok = true;
    for (unsigned q = 0; q < nsec; q++) {
        struct ir_section *is = &out->sections[q];
        is->seg_diam = arena_alloc(a, ((size_t)is->nseg + 1) * sizeof *is->seg_diam);
        is->seg_cm = arena_alloc(a, ((size_t)is->nseg + 1) * sizeof *is->seg_cm);
        struct ast *cm_from = secast[q]->op == SECTION_MORPH
                            ? lower_morph_block(c, is->name, "cm", secast[q]) : secast[q];
        ok &= section_values(s, out, q, secast[q], "diam", 500, is->seg_diam);
        ok &= section_values(s, out, q, cm_from, "cm", 1, is->seg_cm);
        is->diam = is->seg_diam[0];
        is->cm = is->seg_cm[0];
    }
    if (!ok)
        return false;
    node_geometry(out);
    for (unsigned i = 0; i < out->nnodes; i++) {    /* 3-D points can give none */
        const struct ir_node *n = &out->nodes[i];
        if (n->seg >= 0 && !(n->area > 0)) {
            diag_error(s->diag, ast_name_loc(secast[n->section]), "section '%s' of cell '%s' has a "
                       "segment of zero area (its 3-D points have no diameter there): its "
                       "equations would divide by zero", out->sections[n->section].name, cell->name);
            return false;
        }
    }
    coupling_coefficients(out);
    out->spike_node = spike_site(c, out);
    struct ast *from = ast_find_prop(c, "spikes_from");
    out->spike_mech = from ? lower_mech_index(m, from->kids[0]->str) : -1;
    return insert_values(s, m, out, c, secast);
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

/* A recorded ion variable (`record ek`, `record ik`: plain names) is kept
 * in a slot of the section's ion use wherever the ion is used, as one
 * written or read: a constant e, ci or co is stored there by ion_init, and
 * i is the sum of the writers' currents (NEURON's `seg.ik`). */
static void lower_recorded_ions(struct sema *s, struct ir_model *m)
{
    for (unsigned i = 0; s->simulation && i < s->simulation->nkids; i++) {
        const struct ast *r = s->simulation->kids[i];
        if (r->kind != AST_RECORD || ast_kid(r, 2))
            continue;
        for (unsigned ion = 0; ion < m->nions; ion++) {
            int field;
            if (!ir_ion_var(m->ions[ion].name, r->str, &field))
                continue;
            for (unsigned t = 0; t < m->ntypes; t++)
                for (unsigned k = 0; k < m->types[t].nsections; k++) {
                    struct ir_section *sec = &m->types[t].sections[k];
                    for (unsigned u = 0; u < sec->nions; u++)
                        if (sec->ions[u].ion == (int)ion)
                            sec->ions[u].dynamic[field] = true;
                }
        }
    }
}

/* A point process that reads ion X's concentrations makes NEURON compute eX
 * from them by Nernst at initialization where it sits (nrn_promote on that
 * segment's ion); circ reads eX from the section.  They agree where a
 * density mechanism already reads or writes the concentrations (the
 * section's style computes eX: ION_STYLE_EINIT), and where nothing reads eX:
 * elsewhere such a point process is refused, since it may be placed on any
 * section -- a section using X without its concentrations, or, if the point
 * process reads eX itself, one without X at all. */
static bool check_pp_reads_promote(struct sema *s, const struct ir_model *m, struct sym **syms)
{
    const unsigned conc = (1u << IRF_CI) | (1u << IRF_CO);
    for (unsigned p = 0; p < m->nmechs; p++) {
        const struct ir_mech *pp = &m->mechs[p];
        for (unsigned ion = 0; pp->kind == IRK_POINT && ion < m->nions; ion++) {
            if (!(pp->ion_read[ion] & conc))
                continue;
            bool reads_e = pp->ion_read[ion] & (1u << IRF_E);
            for (unsigned t = 0; t < m->ntypes; t++)
                for (unsigned k = 0; k < m->types[t].nsections; k++) {
                    const struct ir_section *sec = &m->types[t].sections[k];
                    const struct ir_ion_use *u = ir_section_ion(sec, (int)ion);
                    if (u ? u->style & ION_STYLE_EINIT : !reads_e)
                        continue;
                    diag_error(s->diag, syms[p]->decl ? syms[p]->decl->loc : LOC_NONE,
                               "point process '%s' reads the concentrations of ion '%s', so "
                               "NEURON computes e%s from them where it sits, but section "
                               "'%s' of cell '%s' %s: not supported yet (insert a mechanism "
                               "that reads %si or %so there)", pp->name, m->ions[ion].name,
                               m->ions[ion].name, sec->name, m->types[t].name,
                               u ? "uses the ion without its concentrations" : "has no such ion",
                               m->ions[ion].name, m->ions[ion].name);
                    return false;
                }
        }
    }
    return true;
}

/* A point process's diam is its node's (nocmodl's pointer to the node's
 * morphology): NEURON refuses a point process that needs it at x = 0 or 1
 * of a section, even where that node is a parent's centre ("morphology
 * can't be inserted in this node"); a section with 3-D points has NEURON's
 * diam_from_list average, which circ does not compute. */
const char *lower_pp_no_diam(const struct ir_section *sec, double x)
{
    if (x <= 0 || x >= 1)
        return "an end of the section, where NEURON gives a point process no diameter "
               "(\"morphology can't be inserted in this node\"); place it at 0 < x < 1";
    if (sec->npt3d > 1)
        return "in a section whose diameters come from 3-D points: not supported yet";
    return NULL;
}

static bool reads_diam(const struct ir_model *m, const char *mech)
{
    int k = lower_mech_index(m, mech);
    return k >= 0 && m->mechs[k].kind == IRK_POINT && ir_builtin_var(&m->mechs[k], IRB_DIAM) >= 0;
}

/* A stimulus's or connection's point process (mech) that reads diam, at
 * `loc` (NULL: the first section's middle) of the cell types `sel` reaches:
 * where it would have no diameter, an error at the location (told once a
 * statement). */
static bool diam_site(struct sema *s, const struct ir_model *m, const char *mech,
                      const struct ast *sel, const struct ast *loc, const struct ast *stmt)
{
    if (!reads_diam(m, mech))
        return true;
    double x = 0.5;
    if (loc && ast_kid(loc, 0))
        sema_const_value(loc->kids[0], &x);
    unsigned t = 0;
    for (unsigned i = 0; i < s->global->n && t < m->ntypes; i++) {
        const struct sym *cell = s->global->syms[i];
        if (cell->kind != SYM_CELL)
            continue;
        const struct ir_celltype *ct = &m->types[t++];      /* lower_model's order */
        if (ct->nsections == 0 || !sema_selector_reaches(s, sel, cell))
            continue;
        int sec = loc ? ir_section_named(ct, loc->str) : 0;
        const struct ir_section *is = &ct->sections[sec < 0 ? 0 : sec];
        const char *why = lower_pp_no_diam(is, x);
        if (why) {
            diag_error(s->diag, (loc ? loc : stmt)->loc, "'%s' reads diam, and %s(%g) of cell "
                       "type '%s' is %s", mech, is->name, x, ct->name, why);
            return false;
        }
    }
    return true;
}

/* The mechanism of a declared synapse named by `name`, or NULL. */
static const char *synapse_of(const struct ast *name)
{
    if (!name || !name->sym || name->sym->kind != SYM_SYNAPSE || !ast_kid(name->sym->decl, 0))
        return NULL;
    return name->sym->decl->kids[0]->str;
}

static bool block_reads_t(const struct ir_mech *m, const struct ir_block *b, int depth);

static bool expr_reads_t(const struct ir_mech *m, const struct ir_expr *e, int depth)
{
    if (!e)
        return false;
    if (e->op == IR_VAR && m->vars[e->var].kind == IRV_BUILTIN && m->vars[e->var].builtin == IRB_T)
        return true;
    if (e->op == IR_CALL && depth < 32 && block_reads_t(m, &m->funcs[e->aux].body, depth + 1))
        return true;
    for (unsigned i = 0; i < e->nargs; i++)
        if (expr_reads_t(m, e->args[i], depth))
            return true;
    return false;
}

static bool block_reads_t(const struct ir_mech *m, const struct ir_block *b, int depth)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind == IRS_CALL && depth < 32 && block_reads_t(m, &m->funcs[s->aux].body, depth + 1))
            return true;
        if (expr_reads_t(m, s->e, depth) || expr_reads_t(m, s->e2, depth))
            return true;
        for (unsigned k = 0; k < s->nargs; k++)
            if (expr_reads_t(m, s->args[k], depth))
                return true;
        if (block_reads_t(m, &s->then, depth) || block_reads_t(m, &s->els, depth))
            return true;
    }
    return false;
}

/* scopmath's runge moves NEURON's one t at each instance's step (the
 * runtime follows it after the step), so a mechanism after a runge one in
 * NEURON's type order whose state update reads t would see a moved t there
 * that circ's step does not give it. */
static bool check_runge_time(struct sema *s, const struct ir_model *m, struct sym **syms)
{
    bool ok = true;
    int first = -1;
    for (unsigned i = 0; i < m->nmechs; i++) {
        if (first >= 0 && !m->mechs[i].runge && block_reads_t(&m->mechs[i], &m->mechs[i].derivative, 0)) {
            diag_error(s->diag, ast_name_loc(syms[i]->decl), "mechanism '%s' reads t in its state "
                       "update after the runge mechanism '%s', whose instances' steps move "
                       "NEURON's t there: not supported yet", m->mechs[i].name,
                       m->mechs[first].name);
            ok = false;
        }
        if (first < 0 && m->mechs[i].runge)
            first = (int)i;
    }
    return ok;
}

/* Every stimulus and connection of the model whose point process reads
 * diam sits where it has one (lower_net places them at the same nodes). */
static bool check_diam_sites(struct sema *s, const struct ir_model *m)
{
    bool ok = true;
    for (int pi = 0; pi < s->nprograms; pi++)
        for (unsigned i = 0; i < s->programs[pi]->nkids; i++) {
            const struct ast *it = s->programs[pi]->kids[i];
            for (unsigned j = 0; j < (it->kind == AST_EXPERIMENT ? it->nkids : 1); j++) {
                const struct ast *st = it->kind == AST_EXPERIMENT ? it->kids[j] : it;
                if (st->kind == AST_CONNECT && synapse_of(ast_kid(st, 3)))
                    ok &= diam_site(s, m, synapse_of(st->kids[3]), st->kids[1], ast_kid(st, 2), st);
                if (st->kind != AST_STIMULUS || s->programs[pi] != s->main)
                    continue;   /* lower_net runs the main file's stimuli */
                ok &= diam_site(s, m, st->kids[0]->str, st->kids[2], ast_kid(st, 3), st);
                if (synapse_of(ast_kid(st, 4)))
                    ok &= diam_site(s, m, synapse_of(st->kids[4]), st->kids[2], ast_kid(st, 3), st);
            }
        }
    return ok;
}

static bool writes_concentration(const struct ir_model *m, const struct ir_mech *x)
{
    const unsigned conc = (1u << IRF_CI) | (1u << IRF_CO);
    for (unsigned ion = 0; x->ion_write && ion < m->nions; ion++)
        if (x->ion_write[ion] & conc)
            return true;
    return false;
}

/* NEURON's type order (memb_order_): nocmodl registers a mechanism that
 * writes a concentration with nrn_writes_conc, which moves it to just after
 * the ions, that is after pas and before IClamp, hh and every other
 * mechanism, and before those such mechanisms registered earlier.  So a
 * pool's INITIAL, current and states run before those of a mechanism that
 * reads its concentration, whatever their file names. */
static void writers_first(struct ir_model *m, struct sym **syms)
{
    unsigned n = m->nmechs, k = 0;
    struct ir_mech *mechs = arena_alloc(m->arena, (n + 1) * sizeof *mechs);
    struct sym **order = arena_alloc(m->arena, (n + 1) * sizeof *order);
    unsigned at = n > 0 && syms[0]->from_stdlib && strcmp(m->mechs[0].name, "pas") == 0;
    for (unsigned i = 0; i < at; i++, k++)
        mechs[k] = m->mechs[i], order[k] = syms[i];
    for (unsigned i = n; i-- > at;)
        if (writes_concentration(m, &m->mechs[i]))
            mechs[k] = m->mechs[i], order[k++] = syms[i];
    for (unsigned i = at; i < n; i++)
        if (!writes_concentration(m, &m->mechs[i]))
            mechs[k] = m->mechs[i], order[k++] = syms[i];
    for (unsigned i = 0; i < n; i++) {
        m->mechs[i] = mechs[i];
        m->mechs[i].order = (int)i;
        syms[i] = order[i];
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
                                              s->ions[i].e0, s->ions[i].ci0, s->ions[i].co0,
                                              s->ions[i].ci_init, s->ions[i].co_init};
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
    struct sym **msyms = arena_alloc(m->arena, (m->nmechs + 1) * sizeof *msyms);
    unsigned nm = 0, nt = 0;
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind != SYM_MECH)
            continue;
        m->mechs[nm].order = (int)nm;
        msyms[nm] = sym;
        ok &= lower_mechanism(s, m, sym, &m->mechs[nm++]);
    }
    /* every reader of a concentration, point processes too, runs after its writers */
    if (ok)
        writers_first(m, msyms);
    for (unsigned i = 0; ok && i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind == SYM_CELL)
            ok &= lower_celltype(s, m, sym, &m->types[nt++]);
    }
    ok = ok && check_pp_reads_promote(s, m, msyms);
    ok = ok && check_diam_sites(s, m);
    ok = ok && check_runge_time(s, m, msyms);
    if (ok)
        lower_recorded_ions(s, m);
    return ok ? m : NULL;
}
