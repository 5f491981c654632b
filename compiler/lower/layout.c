/* layout.c - where a model's values live at run time (layout.h). */
#include "layout.h"

#include <string.h>

#include "arena.h"

bool cg_param_written(const struct ir_mech *m, int var)
{
    if (ir_block_writes(&m->initial, var) || ir_block_writes(&m->derivative, var) ||
        ir_block_writes(&m->receive, var) || ir_block_writes(&m->breakpoint, var))
        return true;
    for (unsigned f = 0; f < m->nfuncs; f++)
        if (ir_block_writes(&m->funcs[f].body, var))
            return true;
    return false;
}

bool cg_stored(const struct ir_mech *m, int var)
{
    const struct ir_var *v = &m->vars[var];
    return v->kind == IRV_STATE || v->kind == IRV_ASSIGNED ||
           (v->kind == IRV_PARAM && cg_param_written(m, var));
}

static unsigned nstored(const struct ir_mech *m)
{
    unsigned n = 0;
    for (unsigned v = 0; v < m->nvars; v++)
        n += cg_stored(m, (int)v);
    return n;
}

static bool is_runtime_param(const struct cg_options *opt, const struct ir_mech *m, int var)
{
    if (opt->all_params_runtime)
        return true;
    for (unsigned i = 0; i < opt->nruntime_params; i++)
        if (strcmp(opt->runtime_params[2 * i], m->name) == 0 &&
            strcmp(opt->runtime_params[2 * i + 1], m->vars[var].name) == 0)
            return true;
    return false;
}

static void type_layout(const struct ir_model *model, const struct cg_options *opt,
                        const struct ir_celltype *t, struct cg_type_layout *l)
{
    struct arena *a = model->arena;
    unsigned n = 0, k = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        n += t->sections[s].ninserts;
    l->base = arena_alloc(a, (n + 1) * sizeof *l->base);
    l->nnodes = t->nnodes;
    unsigned next = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].ninserts; i++) {
            const struct ir_mech *m = &model->mechs[t->sections[s].inserts[i].mech];
            l->base[k++] = next;
            next += nstored(m) * (unsigned)t->sections[s].nseg;
        }
    l->ion_flat = arena_alloc(a, (t->nsections + 1) * sizeof *l->ion_flat);
    unsigned nuse = 0;
    for (unsigned s = 0; s < t->nsections; s++) {
        l->ion_flat[s] = nuse;
        nuse += t->sections[s].nions;
    }
    l->ion_base = arena_alloc(a, (nuse + 1) * sizeof *l->ion_base);
    for (unsigned s = 0, u = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].nions; i++, u++) {
            l->ion_base[u] = next;
            for (int f = 0; f < IRF_COUNT; f++)
                next += t->sections[s].ions[i].dynamic[f] ? (unsigned)t->sections[s].nseg : 0;
        }
    l->nslots = next;
    /* run-time parameters, in the order the runtime fills crt_group.params:
     * one per segment (values may vary along the section; a `set` of the
     * parameter gives every one of them its value) */
    l->rbase = arena_alloc(a, (n + 1) * sizeof *l->rbase);
    unsigned nv = 0, nrt = 0;
    k = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].ninserts; i++) {
            l->rbase[k++] = nv;
            nv += model->mechs[t->sections[s].inserts[i].mech].nvars;
            nrt += model->mechs[t->sections[s].inserts[i].mech].nvars * (unsigned)t->sections[s].nseg;
        }
    l->rparam = arena_alloc(a, (nv + 1) * sizeof *l->rparam);
    l->rparams = arena_alloc(a, (nrt + 1) * sizeof *l->rparams);
    l->nrparams = 0;
    k = 0;
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned i = 0; i < t->sections[s].ninserts; i++, k++) {
            const struct ir_insert *ins = &t->sections[s].inserts[i];
            const struct ir_mech *m = &model->mechs[ins->mech];
            for (unsigned v = 0; v < m->nvars; v++) {
                bool rt = m->vars[v].kind == IRV_PARAM && !cg_stored(m, (int)v) &&
                          is_runtime_param(opt, m, (int)v);
                l->rparam[l->rbase[k] + v] = rt ? (int)l->nrparams : -1;
                for (int g = 0; rt && g < t->sections[s].nseg; g++)
                    l->rparams[l->nrparams++] =
                        (struct cg_rparam){ins->mech, (int)v, ir_insert_param(ins, m, g, (int)v)};
            }
        }
}

void cg_layout_compute(const struct ir_model *m, const struct cg_options *opt,
                       struct cg_layout *l)
{
    memset(l, 0, sizeof *l);
    l->mech_used = opt->mech_used;
    l->types = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *l->types);
    for (unsigned t = 0; t < m->ntypes; t++)
        type_layout(m, opt, &m->types[t], &l->types[t]);
    l->pp_index = arena_alloc(m->arena, (m->nmechs + 1) * sizeof *l->pp_index);
    l->global_index = arena_alloc(m->arena, (m->nmechs + 1) * sizeof *l->global_index);
    unsigned ng = 0;
    for (unsigned i = 0; i < m->nmechs; i++) {
        l->pp_index[i] = m->mechs[i].kind == IRK_POINT ? (int)l->npp++ : -1;
        l->global_index[i] = (int)ng;
        for (unsigned v = 0; v < m->mechs[i].nvars; v++)
            ng += m->mechs[i].vars[v].kind == IRV_GLOBAL;
    }
    l->nglobals = ng;
    l->global_init = arena_alloc(m->arena, (ng + 1) * sizeof *l->global_init);
    ng = 0;
    for (unsigned i = 0; i < m->nmechs; i++)
        for (unsigned v = 0; v < m->mechs[i].nvars; v++)
            if (m->mechs[i].vars[v].kind == IRV_GLOBAL)
                l->global_init[ng++] = m->mechs[i].vars[v].init;
}

int cg_ion_row(const struct cg_type_layout *l, const struct ir_celltype *t, unsigned sec,
               unsigned use, int field, int seg)
{
    const struct ir_section *s = &t->sections[sec];
    const struct ir_ion_use *u = &s->ions[use];
    if (!u->dynamic[field])
        return -1;
    unsigned rank = 0;
    for (int f = 0; f < field; f++)
        rank += u->dynamic[f];
    return (int)(3 * l->nnodes + l->ion_base[l->ion_flat[sec] + use] +
                 rank * (unsigned)s->nseg + (unsigned)seg);
}

int cg_param_index(const struct ir_model *m, const struct cg_type_layout *l,
                   const struct ir_celltype *t, int node, const char *mech_name,
                   const char *var, int *mech)
{
    if (node < 0 || node >= (int)t->nnodes || t->nodes[node].seg < 0)
        return -1;
    int sec = t->nodes[node].section, seg = t->nodes[node].seg;
    unsigned flat = 0;
    for (int q = 0; q < sec; q++)
        flat += t->sections[q].ninserts;
    const struct ir_section *s = &t->sections[sec];
    for (unsigned i = 0; i < s->ninserts; i++) {
        const struct ir_mech *im = &m->mechs[s->inserts[i].mech];
        int v = ir_mech_var(im, var);
        if ((mech_name && strcmp(im->name, mech_name) != 0) || v < 0)
            continue;
        int r = l->rparam[l->rbase[flat + i] + (unsigned)v];
        if (r < 0)
            continue;
        if (mech)
            *mech = s->inserts[i].mech;
        return r + seg;
    }
    return -1;
}

int cg_variable_row(const struct ir_model *m, const struct cg_type_layout *l,
                    const struct ir_celltype *t, int node, const char *mech_name,
                    const char *var, int *mech, int *nmatch)
{
    if (nmatch)
        *nmatch = 0;
    if (node < 0 || node >= (int)t->nnodes || t->nodes[node].seg < 0)
        return -1;
    int sec = t->nodes[node].section, seg = t->nodes[node].seg, row = -1;
    unsigned flat = 0;
    for (int q = 0; q < sec; q++)
        flat += t->sections[q].ninserts;
    const struct ir_section *s = &t->sections[sec];
    for (unsigned i = 0; i < s->ninserts; i++) {
        const struct ir_mech *im = &m->mechs[s->inserts[i].mech];
        if (mech_name && strcmp(im->name, mech_name) != 0)
            continue;
        unsigned rank = 0;
        for (unsigned v = 0; v < im->nvars; v++) {
            if (!cg_stored(im, (int)v))
                continue;
            if (strcmp(im->vars[v].name, var) == 0) {
                if (nmatch)
                    (*nmatch)++;
                if (row < 0) {
                    if (mech)
                        *mech = s->inserts[i].mech;
                    row = (int)(3 * l->nnodes + l->base[flat + i] + rank * (unsigned)s->nseg +
                                (unsigned)seg);
                }
                break;
            }
            rank++;
        }
    }
    return row;
}

int cg_ion_variable_row(const struct ir_model *m, const struct cg_type_layout *l,
                        const struct ir_celltype *t, int node, const char *var)
{
    if (node < 0 || node >= (int)t->nnodes || t->nodes[node].seg < 0)
        return -1;
    unsigned sec = (unsigned)t->nodes[node].section;
    const struct ir_section *s = &t->sections[sec];
    int field;
    for (unsigned k = 0; k < s->nions; k++)
        if (ir_ion_var(m->ions[s->ions[k].ion].name, var, &field))
            return cg_ion_row(l, t, sec, k, field, t->nodes[node].seg);
    return -1;
}
