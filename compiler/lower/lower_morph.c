/* lower_morph.c - sections with 3-D points, as NEURON computes them.
 *
 * A morphology's section (compiler/read/) carries the points pt3dadd got;
 * NEURON keeps them as floats (struct Pt3d) with double arc lengths
 * (nrn_pt3dmodified), and integrates area and axial resistance over them
 * segment by segment, in two halves (treeset.cpp diam_from_list).  The
 * section's Ra, cm, nseg, mechanisms, their parameters and ion values come
 * from the cell's list blocks
 * (`section dend { ... }`, `section all { ... }`) in the order written; a
 * later block overrides what an earlier one set.  nseg may be NEURON's
 * d_lambda rule, from stdlib.hoc's lambda_f and the rule's usual form
 * nseg = int((L / (d_lambda * lambda_f(freq)) + 0.9) / 2) * 2 + 1.
 */
#include "lower.h"

#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846

int ir_section_named(const struct ir_celltype *t, const char *name)
{
    size_t n = strlen(name);
    for (unsigned k = 0; k < t->nsections; k++)
        if (strcmp(t->sections[k].name, name) == 0)
            return (int)k;
    for (unsigned k = 0; k < t->nsections; k++)
        if (strncmp(t->sections[k].name, name, n) == 0 && t->sections[k].name[n] == '[')
            return (int)k;
    return -1;
}

/* The pt3d list: floats, and arcs from float differences (C float arithmetic,
 * as nrn_pt3dmodified subtracts two floats). */
static void read_points(struct arena *a, struct ast *sec, struct ir_section *is)
{
    struct ast *pts = ast_find_prop(sec, "pt3d")->kids[0];
    int n = (int)(pts->nkids / 4);
    is->npt3d = n;
    is->pt3d = arena_alloc(a, (size_t)(4 * n + 1) * sizeof *is->pt3d);
    is->arc = arena_alloc(a, (size_t)(n + 1) * sizeof *is->arc);
    float *f = arena_alloc(a, (size_t)(4 * n + 1) * sizeof *f);
    for (int i = 0; i < 4 * n; i++) {
        f[i] = (float)pts->kids[i]->num;
        is->pt3d[i] = f[i];
    }
    is->arc[0] = 0;
    for (int i = 1; i < n; i++) {
        float dxf = f[4 * i] - f[4 * (i - 1)];
        float dyf = f[4 * i + 1] - f[4 * (i - 1) + 1];
        float dzf = f[4 * i + 2] - f[4 * (i - 1) + 2];
        double t1 = dxf, t2 = dyf, t3 = dzf;
        is->arc[i] = is->arc[i - 1] + sqrt(t1 * t1 + t2 * t2 + t3 * t3);
    }
    is->L = is->arc[n - 1];
}

/* stdlib.hoc lambda_f: the length (um) of one length constant at freq (Hz). */
static double lambda_f(const struct ir_section *s, double freq)
{
    if (s->cm == 0)
        return 1e10;
    if (s->npt3d < 2)
        return 1e5 * sqrt(s->diam / (4 * PI * freq * s->Ra * s->cm));
    double x1 = s->arc[0], d1 = fabs(s->pt3d[3]), lam = 0;
    for (int i = 1; i < s->npt3d; i++) {
        double x2 = s->arc[i], d2 = fabs(s->pt3d[4 * i + 3]);
        lam += (x2 - x1) / sqrt(d1 + d2);
        x1 = x2;
        d1 = d2;
    }
    lam *= sqrt(2) * 1e-5 * sqrt(4 * PI * freq * s->Ra * s->cm);
    return s->L / lam;
}

static bool applies(const struct ast *block, const char *section)
{
    return sema_block_applies(block, section);
}

/* The mechanisms block inserts, after those of is (each mechanism once). */
static void merge_inserts(struct ir_model *m, struct ir_section *is, const struct ir_section *t)
{
    struct ir_insert *all = arena_alloc(m->arena, (is->ninserts + t->ninserts + 1) * sizeof *all);
    memcpy(all, is->inserts, is->ninserts * sizeof *all);
    unsigned n = is->ninserts;
    for (unsigned k = 0; k < t->ninserts; k++) {
        unsigned j = 0;
        while (j < n && all[j].mech != t->inserts[k].mech)
            j++;
        if (j == n)
            all[n++] = t->inserts[k];
    }
    is->inserts = all;
    is->ninserts = n;
}

struct ast *lower_morph_block(struct ast *cell, const char *section, const char *key,
                              struct ast *dflt)
{
    struct ast *found = dflt;
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *b = cell->kids[i];
        if (b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK && applies(b, section) &&
            ast_find_prop(b, key))
            found = b;
    }
    return found;
}

struct ast *lower_morph_param(struct ast *cell, const char *section, const char *mech,
                              const char *param, struct ast **insert)
{
    struct ast *found = NULL;
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *b = cell->kids[i];
        if (b->kind != AST_SECTION || b->op != SECTION_LIST_BLOCK || !applies(b, section))
            continue;
        for (unsigned j = 0; j < b->nkids; j++) {
            struct ast *ins = b->kids[j];
            struct ast *p = ins->kind == AST_INSERT && ins->sym && strcmp(ins->str, mech) == 0
                          ? ast_find_prop(ins, param) : NULL;
            if (p) {
                found = p;
                *insert = ins;
            }
        }
    }
    return found;
}

void lower_morph_section(struct ir_model *m, struct ast *cell, struct ast *sec,
                         struct ir_section *is)
{
    lower_section(m, sec, is);      /* the name and NEURON's defaults */
    read_points(m->arena, sec, is);
    struct ast *rule = NULL;
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *b = cell->kids[i];
        if (b->kind != AST_SECTION || b->op != SECTION_LIST_BLOCK || !applies(b, is->name))
            continue;
        struct ir_section t = {0};
        lower_section(m, b, &t);
        if (ast_find_prop(b, "Ra"))
            is->Ra = t.Ra;
        struct ast *nseg = ast_find_prop(b, "nseg");
        if (nseg && nseg->kids[0]->kind == AST_CALL) {
            rule = nseg->kids[0];
        } else if (nseg) {
            is->nseg = t.nseg;
            rule = NULL;
        }
        merge_inserts(m, is, &t);
    }
    /* the ions of the merged inserts, then the styles (`ca_ion_style = ...`)
       and the values the blocks write, in order (a later block's win) */
    lower_section_ions(m, sec, is);
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *b = cell->kids[i];
        if (b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK && applies(b, is->name))
            lower_ion_style(m, b, is);
    }
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *b = cell->kids[i];
        if (b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK && applies(b, is->name))
            lower_ion_values(m, b, is);
    }
    lower_ion_cinit(m, is);
    if (rule) {     /* d_lambda(fraction, frequency), with the final Ra and cm */
        double frac = 0.1, freq = 100;
        sema_const_value(rule->kids[0], &frac);
        sema_const_value(rule->kids[1], &freq);
        struct ast *cmb = lower_morph_block(cell, is->name, "cm", NULL);
        is->cm = 1;
        if (cmb)    /* a cm that varies along the section: NEURON's lambda_f takes one */
            sema_const_value(ast_find_prop(cmb, "cm")->kids[0], &is->cm);
        double q = (is->L / (frac * lambda_f(is, freq)) + 0.9) / 2;
        /* 0/0 for a section of zero length or diameter: NEURON's hoc fails there */
        is->nseg = !(q < 16383) ? (q >= 16383 ? 32767 : 1) : (int)q * 2 + 1;
    }
}

void lower_pt3d_segments(const struct ir_section *s, double *area, double *rinv)
{
    const double *pt = s->pt3d, *arc = s->arc;
    int npt = s->npt3d, j = 0;
    double ds = arc[npt - 1] / ((double)s->nseg);
    double x1 = arc[0], y1 = fabs(pt[3]), rright = 0, ra = s->Ra;
    for (int inode = 0; inode < s->nseg; inode++) {
        double si = (double)inode * ds, sum = 0, rleft = 0, ri = 0;
        for (int ihalf = 0; ihalf < 2; ihalf++) {
            ri = 0;
            double sip = si + ds / 2.;
            for (;;) {
                int jp = j + 1, jnext;
                double x2, y2, xj = arc[j], xjp = arc[jp];
                if (xjp > sip || jp == npt - 1) {
                    double frac = fabs(xjp - xj) < 1e-10 ? 1 : (sip - xj) / (xjp - xj);
                    x2 = sip;
                    y2 = (1. - frac) * fabs(pt[4 * j + 3]) + frac * fabs(pt[4 * jp + 3]);
                    jnext = j;
                } else {
                    x2 = xjp;
                    y2 = fabs(pt[4 * jp + 3]);
                    jnext = jp;
                }
                double delta = x2 - x1, temp;
                if (delta < 1e-15)
                    delta = 1e-15;
                if ((temp = y2 * y1 / delta) == 0)
                    temp = 1e-15;
                ri += 1 / temp;
                temp = .5 * (y2 - y1);
                temp = sqrt(delta * delta + temp * temp);
                sum += (y2 + y1) * temp;
                x1 = x2;
                y1 = y2;
                if (j == jnext)
                    break;
                j = jnext;
            }
            if (ihalf == 0)
                rleft = ri * ra / PI * (4. * .01);
            else
                ri = ri * ra / PI * (4. * .01);
            si = sip;
        }
        rinv[inode] = 1. / (rright + rleft);
        area[inode] = sum * .5 * PI;
        rright = ri;
    }
    rinv[s->nseg] = 1. / rright;
}
