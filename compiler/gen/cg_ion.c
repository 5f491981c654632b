/* cg_ion.c - the ions of a section at run time, as NEURON's eion.cpp.
 *
 * A section's ion values that no mechanism changes are constants of the
 * cell type (hh's ena and ek: folded like parameters).  The others live in
 * the section's ion slots (layout.h): concentrations a mechanism writes,
 * a reversal potential computed from concentrations (Nernst), and an ion
 * current some mechanism reads.  Their order of operations is NEURON's:
 * ion_init before every mechanism's INITIAL, ion_cur (i = 0; e by Nernst
 * when a concentration is a state) before every mechanism's current, each
 * writer adding its current at v to the ion's, and nrn_wrote_conc (e by
 * Nernst) right after a mechanism's INITIAL wrote a concentration.
 */
#include "cg_int.h"

#include <string.h>

/* CODATA 2018, NEURON 8.2's nrnunits_modern.h (eion.cpp FARADAY, gasconstant) */
#define FARADAY 96485.33212331001
#define GASCONSTANT 8.3144626181532395

static LLVMValueRef row_ptr(struct cg_ctx *c, LLVMValueRef data, LLVMValueRef ncells, int row,
                            LLVMValueRef cell, const char *name)
{
    LLVMValueRef idx = LLVMBuildNSWAdd(c->b, LLVMBuildNSWMul(c->b, cg_i64(c, row), ncells, ""),
                                       cell, "");
    return cg_gep_f64(c, data, idx, name);
}

/* nrn_nernst(ci, co, z): ktf / z * log(co / ci), ktf = 1000 R (celsius +
 * 273.15) / F in NEURON's operation order; 1e6 for ci <= 0, -1e6 for co <= 0. */
LLVMValueRef cg_nernst(struct cg_ctx *c, LLVMValueRef gl, LLVMValueRef ci, LLVMValueRef co,
                       double z)
{
    LLVMValueRef celsius = cg_field(c, c->t_globals, gl, CRT_GLOBALS_CELSIUS, c->f64, "celsius");
    LLVMValueRef ktf = LLVMBuildFMul(c->b, cg_const(c, 1000. * GASCONSTANT),
                                     LLVMBuildFAdd(c->b, celsius, cg_const(c, 273.15), ""), "");
    ktf = LLVMBuildFDiv(c->b, ktf, cg_const(c, FARADAY), "ktf");
    LLVMValueRef args[1] = {LLVMBuildFDiv(c->b, co, ci, "")};
    LLVMValueRef lg = c->opt->exact ? cg_call(c, c->t_math1, c->fn_log, args, 1, "log")
                                    : cg_fast_log(c, args[0]);     /* vectorizes */
    LLVMValueRef e = LLVMBuildFMul(c->b, LLVMBuildFDiv(c->b, ktf, cg_const(c, z), ""), lg, "e");
    LLVMValueRef co_le0 = LLVMBuildFCmp(c->b, LLVMRealOLE, co, cg_const(c, 0), "");
    LLVMValueRef ci_le0 = LLVMBuildFCmp(c->b, LLVMRealOLE, ci, cg_const(c, 0), "");
    e = LLVMBuildSelect(c->b, co_le0, cg_const(c, -1e6), e, "");
    return LLVMBuildSelect(c->b, ci_le0, cg_const(c, 1e6), e, "nernst");
}

/* The value of field f of an ion use: its slot's, or the constant. */
static LLVMValueRef field_value(struct cg_ctx *c, const struct ir_ion_use *u, LLVMValueRef slot,
                                int f)
{
    return slot ? cg_load(c, c->f64, slot, "ion") : cg_const(c, u->value[f]);
}

void cg_ion_bind(struct cg_ctx *c, struct cg_inst *in, const struct ir_celltype *t,
                 const struct cg_type_layout *l, unsigned sec, int seg, LLVMValueRef data,
                 LLVMValueRef ncells, LLVMValueRef cell)
{
    const struct ir_section *s = &t->sections[sec];
    unsigned n = c->model->nions * IRF_COUNT;
    in->sec = s;
    in->ion_slot = arena_alloc(c->model->arena, (n + 1) * sizeof *in->ion_slot);
    in->ion_cur = NULL;
    for (unsigned k = 0; k < s->nions; k++)
        for (int f = 0; f < IRF_COUNT; f++) {
            int row = cg_ion_row(l, t, sec, k, f, seg);
            if (row >= 0)
                in->ion_slot[s->ions[k].ion * IRF_COUNT + f] =
                    row_ptr(c, data, ncells, row, cell, "ion");
        }
    const struct ir_mech *m = in->m;
    for (unsigned v = 0; v < m->nvars; v++) {
        const struct ir_var *iv = &m->vars[v];
        if (iv->kind != IRV_ION)
            continue;
        const struct ir_ion_use *u = ir_section_ion(s, iv->ion);
        LLVMValueRef slot = in->ion_slot[iv->ion * IRF_COUNT + iv->ion_field];
        if (slot)
            in->ptr[v] = slot;
        else if (u)
            in->val[v] = cg_const(c, u->value[iv->ion_field]);
    }
}

void cg_ion_currents(struct cg_ctx *c, struct cg_inst *in)
{
    const struct ir_mech *m = in->m;
    in->ion_cur = arena_alloc(c->model->arena, (m->ncurrents + 1) * sizeof *in->ion_cur);
    for (unsigned i = 0; m->current_ion && i < m->ncurrents; i++)
        if (m->current_ion[i] >= 0)
            in->ion_cur[i] = in->ion_slot[m->current_ion[i] * IRF_COUNT + IRF_I];
}

/* Every ion use of every section of t at every segment: fn(use, slots). */
static void each_use(struct cg_ctx *c, const struct ir_celltype *t, const struct cg_type_layout *l,
                     LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell,
                     bool init)
{
    for (unsigned s = 0; s < t->nsections; s++)
        for (unsigned k = 0; k < t->sections[s].nions; k++) {
            const struct ir_ion_use *u = &t->sections[s].ions[k];
            double z = c->model->ions[u->ion].valence;
            for (int seg = 0; seg < t->sections[s].nseg; seg++) {
                LLVMValueRef slot[IRF_COUNT];
                for (int f = 0; f < IRF_COUNT; f++) {
                    int row = cg_ion_row(l, t, s, k, f, seg);
                    slot[f] = row >= 0 ? row_ptr(c, data, ncells, row, cell, "ion") : NULL;
                }
                if (init) {     /* ion_init; a slot only recorded holds its constant;
                                   EADVANCE: finitialize's ion_cur, after it */
                    if (slot[IRF_CI])
                        LLVMBuildStore(c->b, cg_const(c, u->value[IRF_CI]), slot[IRF_CI]);
                    if (slot[IRF_CO])
                        LLVMBuildStore(c->b, cg_const(c, u->value[IRF_CO]), slot[IRF_CO]);
                    if ((u->style & (ION_STYLE_EINIT | ION_STYLE_EADVANCE)) && slot[IRF_E])
                        LLVMBuildStore(c->b, cg_nernst(c, gl, field_value(c, u, slot[IRF_CI], IRF_CI),
                                                    field_value(c, u, slot[IRF_CO], IRF_CO), z),
                                       slot[IRF_E]);
                    else if (slot[IRF_E])
                        LLVMBuildStore(c->b, cg_const(c, u->value[IRF_E]), slot[IRF_E]);
                } else {        /* ion_cur */
                    if (slot[IRF_I])
                        LLVMBuildStore(c->b, cg_const(c, 0), slot[IRF_I]);
                    if ((u->style & ION_STYLE_EADVANCE) && slot[IRF_E])
                        LLVMBuildStore(c->b, cg_nernst(c, gl, field_value(c, u, slot[IRF_CI], IRF_CI),
                                                    field_value(c, u, slot[IRF_CO], IRF_CO), z),
                                       slot[IRF_E]);
                }
            }
        }
}

void cg_ion_init(struct cg_ctx *c, const struct ir_celltype *t, const struct cg_type_layout *l,
                 LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell)
{
    each_use(c, t, l, gl, data, ncells, cell, true);
}

void cg_ion_cur(struct cg_ctx *c, const struct ir_celltype *t, const struct cg_type_layout *l,
                LLVMValueRef gl, LLVMValueRef data, LLVMValueRef ncells, LLVMValueRef cell)
{
    each_use(c, t, l, gl, data, ncells, cell, false);
}

/* A mechanism's concentration states and the section's ion slots they
 * are: copied from the slots (to_ion false) or into them. */
static void copy_ion_states(struct cg_ctx *c, struct cg_inst *in, bool to_ion)
{
    const struct ir_mech *m = in->m;
    for (unsigned v = 0; v < m->nvars; v++) {
        const struct ir_var *iv = &m->vars[v];
        if (iv->kind != IRV_STATE || iv->ion < 0 || !in->ptr[v])
            continue;
        LLVMValueRef slot = in->ion_slot[iv->ion * IRF_COUNT + iv->ion_field];
        if (!slot)
            continue;
        LLVMValueRef from = to_ion ? in->ptr[v] : slot, to = to_ion ? slot : in->ptr[v];
        LLVMBuildStore(c->b, cg_load(c, c->f64, from, iv->name), to);
    }
}

/* A .mod file's clamp of cai in BREAKPOINT (`if (cai < 0) { cai = 0 }`):
 * nocmodl's nrn_cur reads the concentration from the ion before the
 * currents (`cai = _ion_cai`) and writes it back after both evaluations
 * (`_ion_cai = cai`), so the mechanisms after it and the next step read the
 * clamped value; the current phase copies in and out around them too. */
bool cg_breakpoint_conc(const struct ir_mech *m)
{
    for (unsigned v = 0; v < m->nvars; v++)
        if (m->vars[v].kind == IRV_STATE && m->vars[v].ion >= 0 &&
            ir_block_writes(&m->breakpoint, (int)v))
            return true;
    return false;
}

void cg_ion_before(struct cg_ctx *c, struct cg_inst *in)
{
    copy_ion_states(c, in, false);
}

void cg_ion_after(struct cg_ctx *c, struct cg_inst *in, bool init)
{
    const struct ir_mech *m = in->m;
    copy_ion_states(c, in, true);
    /* nrn_wrote_conc: after a mechanism's INITIAL wrote a concentration
       (nocmodl emits it in nrn_init only; during the run e follows the
       concentrations at ion_cur, EADVANCE).  With EADVANCE alone (a user's
       ion style), finitialize's own ion_cur gives e the same value. */
    for (unsigned ion = 0; init && m->ion_write && ion < c->model->nions; ion++) {
        if (!(m->ion_write[ion] & ((1u << IRF_CI) | (1u << IRF_CO))))
            continue;
        const struct ir_ion_use *u = ir_section_ion(in->sec, (int)ion);
        LLVMValueRef *slot = &in->ion_slot[ion * IRF_COUNT];
        if (!u || !(u->style & (ION_STYLE_EINIT | ION_STYLE_EADVANCE)) || !slot[IRF_E])
            continue;
        LLVMBuildStore(c->b, cg_nernst(c, in->globals, field_value(c, u, slot[IRF_CI], IRF_CI),
                                    field_value(c, u, slot[IRF_CO], IRF_CO),
                                    c->model->ions[ion].valence),
                       slot[IRF_E]);
    }
}
