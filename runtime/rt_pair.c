/* rt_pair.c - connection properties that depend on the pair of cells:
 * postfix code evaluated on a small stack (crt_model.h).  Distances are
 * NetPyNE's: dist_2d lies in the x-z plane (y is depth), dist_x/y/z are
 * absolute differences. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "crt_model.h"

/* Property k of cell gid (positions in um; norms by the volume's size). */
static double prop(const struct crt_model *m, const double *pos, int gid, int k)
{
    const struct crt_pop *p = NULL;
    for (int i = 0; i < m->npops && !p; i++)
        if (gid >= m->pops[i].first_gid && gid < m->pops[i].first_gid + m->pops[i].count)
            p = &m->pops[i];
    switch (k) {
    case CRT_PROP_X: case CRT_PROP_Y: case CRT_PROP_Z:
        return pos[3 * gid + k - CRT_PROP_X];
    case CRT_PROP_XNORM: case CRT_PROP_YNORM: case CRT_PROP_ZNORM: {
        int a = k - CRT_PROP_XNORM;
        return p && p->size[a] > 0 ? pos[3 * gid + a] / p->size[a] : 0;
    }
    case CRT_PROP_GID:
        return gid;
    default:
        return p ? gid - p->first_gid : 0;
    }
}

static double var(const struct crt_model *m, const double *pos, int pre, int post, int v)
{
    const double *a = &pos[3 * pre], *b = &pos[3 * post];
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    switch (v) {
    case CRT_VAR_DIST_3D: return sqrt(dx * dx + dy * dy + dz * dz);
    case CRT_VAR_DIST_2D: return sqrt(dx * dx + dz * dz);
    case CRT_VAR_DIST_X: return fabs(dx);
    case CRT_VAR_DIST_Y: return fabs(dy);
    case CRT_VAR_DIST_Z: return fabs(dz);
    case CRT_VAR_SEED: return m->seed;
    default:
        return v >= CRT_VAR_POST ? prop(m, pos, post, v - CRT_VAR_POST)
                                 : prop(m, pos, pre, v - CRT_VAR_PRE);
    }
}

double crt_pair_eval(const struct crt_pair_expr *e, const struct crt_model *m, const double *pos,
                     int pre, int post)
{
    double st[CRT_EXPR_STACK];
    int sp = 0;
    for (int i = 0; i < e->n; i++) {
        const struct crt_pair_op *o = &e->ops[i];
        double b = 0, a = 0;
        switch (o->code) {
        case CRT_PX_CONST:
            st[sp++] = o->value;
            break;
        case CRT_PX_VAR:
            st[sp++] = var(m, pos, pre, post, o->arg);
            break;
        case CRT_PX_NEG:
            st[sp - 1] = -st[sp - 1];
            break;
        case CRT_PX_NOT:
            st[sp - 1] = !st[sp - 1];
            break;
        case CRT_PX_SELECT:
            sp -= 2;
            st[sp - 1] = st[sp - 1] != 0 ? st[sp] : st[sp + 1];
            break;
        case CRT_PX_MATH:
            if (crt_math_nargs(o->arg) == 2)
                b = st[--sp];
            st[sp - 1] = crt_math_value(o->arg, st[sp - 1], b);
            break;
        default:
            b = st[--sp];
            a = st[sp - 1];
            switch (o->code) {
            case CRT_PX_ADD: a = a + b; break;
            case CRT_PX_SUB: a = a - b; break;
            case CRT_PX_MUL: a = a * b; break;
            case CRT_PX_DIV: a = a / b; break;
            case CRT_PX_POW: a = pow(a, b); break;
            case CRT_PX_LT: a = a < b; break;
            case CRT_PX_LE: a = a <= b; break;
            case CRT_PX_GT: a = a > b; break;
            case CRT_PX_GE: a = a >= b; break;
            case CRT_PX_EQ: a = a == b; break;
            case CRT_PX_NE: a = a != b; break;
            case CRT_PX_AND: a = a && b; break;
            default: a = a || b; break;
            }
            st[sp - 1] = a;
        }
    }
    return sp == 1 ? st[0] : NAN;
}

bool crt_pair_valid(const struct crt_pair_expr *e)
{
    int sp = 0;
    for (int i = 0; i < e->n; i++) {
        const struct crt_pair_op *o = &e->ops[i];
        int need, push;
        switch (o->code) {
        case CRT_PX_CONST: need = 0; push = 1; break;
        case CRT_PX_VAR:
            if (o->arg < 0 || o->arg > CRT_VAR_SEED)
                return false;
            need = 0; push = 1; break;
        case CRT_PX_NEG: case CRT_PX_NOT: need = 1; push = 1; break;
        case CRT_PX_SELECT: need = 3; push = 1; break;
        case CRT_PX_MATH:
            if (o->arg < 0 || o->arg >= CRT_NMATHS)
                return false;
            need = crt_math_nargs(o->arg); push = 1; break;
        default:
            if (o->code < CRT_PX_ADD || o->code > CRT_PX_OR)
                return false;
            need = 2; push = 1;
        }
        if (sp < need)
            return false;
        sp += push - need;
        if (sp > CRT_EXPR_STACK)
            return false;
    }
    return e->n == 0 || sp == 1;
}

/* The cells of g's candidates for which its condition holds. */
static void filter(const struct crt_model *m, const double *pos, struct crt_gids *g)
{
    int n = 0;
    for (int i = 0; i < g->cand_n; i++) {
        int gid = g->cand_gid[i];
        if (crt_pair_eval(&g->where, m, pos, gid, gid) != 0)
            g->gid[n++] = gid;
    }
    g->n = n;
}

bool crt_resolve_where(struct crt_model *m, char *err, size_t errsize)
{
    if (m->where_resolved && m->where_seed == m->seed && m->where_rng == m->rng)
        return true;
    bool any = false;
    for (int r = 0; r < m->nrules; r++) {
        any |= m->rules[r].pre.where.n || m->rules[r].post.where.n;
        if (m->rng == CRT_RNG_NETPYNE && (m->rules[r].pre.where.n || m->rules[r].post.where.n)) {
            snprintf(err, errsize, "--rng netpyne cannot draw connection rule %d: NetPyNE keys "
                     "its draws by a hash of the cell lists, which a 'where' condition makes "
                     "depend on placement", r + 1);
            return false;
        }
    }
    for (int e = 0; e < m->nexperiments; e++)
        for (int k = 0; k < m->experiments[e].nstims; k++)
            any |= m->experiments[e].stims[k].target.where.n > 0;
    for (int k = 0; k < m->nrecords; k++)
        any |= m->records[k].cells.where.n > 0;
    for (int k = 0; k < m->nsets; k++)
        any |= m->sets[k].where.n > 0;
    if (any) {
        double *pos = crt_place(m);
        for (int r = 0; r < m->nrules; r++) {
            if (m->rules[r].pre.where.n)
                filter(m, pos, &m->rules[r].pre);
            if (m->rules[r].post.where.n)
                filter(m, pos, &m->rules[r].post);
        }
        for (int e = 0; e < m->nexperiments; e++)
            for (int k = 0; k < m->experiments[e].nstims; k++)
                if (m->experiments[e].stims[k].target.where.n)
                    filter(m, pos, &m->experiments[e].stims[k].target);
        for (int k = 0; k < m->nrecords; k++)
            if (m->records[k].cells.where.n)
                filter(m, pos, &m->records[k].cells);
        for (int k = 0; k < m->nsets; k++)
            if (m->sets[k].where.n)
                filter(m, pos, &m->sets[k]);
        free(pos);
    }
    m->where_resolved = true;
    m->where_seed = m->seed;
    m->where_rng = m->rng;
    return true;
}
