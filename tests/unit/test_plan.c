/* test_plan.c - plan.c (what codegen may fold) and layout.c (where run-time
 * values live), run in-process on a few lines of .circ up to lowering; no
 * LLVM. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "layout.h"
#include "lower.h"
#include "plan.h"

static const char cell[] =
    "cell C {\n"
    "    section soma { L = 20 um; diam = 20 um; insert hh { } }\n"
    "    section dend { L = 200 um; diam = 2 um; nseg = 3; insert pas { } insert hh { gnabar = 0 S/cm2 } }\n"
    "    attach dend(0) to soma(1)\n"
    "}\n"
    "population p of C { count = 2 }\n"
    "simulation { duration = 10 ms; dt = 0.025 ms }\n";

struct lowered {
    struct front *f;
    struct ir_model *ir;
    struct cg_options opt;
};

/* A whole model, checked, lowered and planned. */
static struct lowered lower_src(const char *src)
{
    struct lowered l = {.f = check_src(src)};
    cr_assert_eq(diag_errors(l.f->diag), 0, "%s", diag_of(l.f));
    l.ir = lower_model(l.f->sema);
    cr_assert(l.ir, "%s", diag_of(l.f));
    plan_options(l.f->sema, l.ir, &l.opt);
    return l;
}

/* cell + extra, checked, lowered and planned. */
static struct lowered lower(const char *extra)
{
    size_t n = strlen(cell) + strlen(extra) + 1;
    char *src = malloc(n);
    snprintf(src, n, "%s%s", cell, extra);
    struct lowered l = lower_src(src);
    free(src);
    return l;
}

static bool has_runtime_param(const struct cg_options *o, const char *mech, const char *param)
{
    for (unsigned i = 0; i < o->nruntime_params; i++)
        if (strcmp(o->runtime_params[2 * i], mech) == 0 &&
            strcmp(o->runtime_params[2 * i + 1], param) == 0)
            return true;
    return false;
}

Test(plan, globals_fold_without_a_set)
{
    struct lowered l = lower("");
    cr_assert(l.opt.fold_globals);
    cr_assert_eq(l.opt.nruntime_params, 0);
    front_destroy(l.f);
}

Test(plan, global_set_in_an_experiment_is_not_folded)
{
    struct lowered l = lower("experiment slow { set hh.usetable = 0 }\n");
    cr_assert_not(l.opt.fold_globals);
    front_destroy(l.f);
}

/* The 70th set of an experiment counts like the first (a fixed list of 64
 * once dropped the rest, and the table was folded in against the set). */
Test(plan, global_set_after_many_sets_is_not_folded)
{
    char extra[8192] = "experiment many {\n";
    for (int i = 0; i < 69; i++)
        strcat(extra, "    set pas.e = -65 mV\n");
    strcat(extra, "    set hh.usetable = 0\n}\n");
    struct lowered l = lower(extra);
    cr_assert_not(l.opt.fold_globals);
    cr_assert(has_runtime_param(&l.opt, "pas", "e"));
    front_destroy(l.f);
}

Test(plan, parameter_set_stays_a_runtime_value)
{
    struct lowered l = lower("experiment leak { set pas.g = 0.0002 S/cm2 }\n");
    cr_assert(l.opt.fold_globals);
    cr_assert_eq(l.opt.nruntime_params, 1);
    cr_assert(has_runtime_param(&l.opt, "pas", "g"));
    cr_assert_not(has_runtime_param(&l.opt, "hh", "gl"));
    front_destroy(l.f);
}

Test(plan, point_processes_placed_only_where_selected)
{
    struct lowered l = lower("cell D { section soma { L = 10 um; diam = 10 um } }\n"
                             "population q of D { count = 1 }\n"
                             "stimulus k = IClamp { del = 1 ms; dur = 1 ms; amp = 0.1 nA } -> q at soma(0.5)\n");
    int iclamp = lower_mech_index(l.ir, "IClamp"), expsyn = lower_mech_index(l.ir, "ExpSyn");
    int c = -1, d = -1;
    for (unsigned t = 0; t < l.ir->ntypes; t++) {
        if (strcmp(l.ir->types[t].name, "C") == 0)
            c = (int)t;
        if (strcmp(l.ir->types[t].name, "D") == 0)
            d = (int)t;
    }
    cr_assert(iclamp >= 0 && expsyn >= 0 && c >= 0 && d >= 0);
    const bool *on = l.opt.pp_on_type;
    cr_assert(on[(size_t)d * l.ir->nmechs + (size_t)iclamp]);
    cr_assert_not(on[(size_t)c * l.ir->nmechs + (size_t)iclamp]);
    cr_assert_not(on[(size_t)d * l.ir->nmechs + (size_t)expsyn]);
    front_destroy(l.f);
}

/* Slots: each insert's stored variables, nseg rows each, in section and
 * insert order; run-time parameters listed in the same order. */
Test(layout, slots_follow_sections_and_inserts)
{
    struct lowered l = lower("experiment leak { set pas.g = 0.0002 S/cm2 }\n");
    struct cg_layout lay;
    cg_layout_compute(l.ir, &l.opt, &lay);
    const struct ir_celltype *t = &l.ir->types[0];
    const struct cg_type_layout *tl = &lay.types[0];
    cr_assert_str_eq(t->name, "C");
    cr_assert_eq(tl->nnodes, t->nnodes);
    unsigned hh_slots = 0, pas_slots = 0;
    const struct ir_mech *hh = &l.ir->mechs[lower_mech_index(l.ir, "hh")];
    const struct ir_mech *pas = &l.ir->mechs[lower_mech_index(l.ir, "pas")];
    for (unsigned v = 0; v < hh->nvars; v++)
        hh_slots += cg_stored(hh, (int)v);
    for (unsigned v = 0; v < pas->nvars; v++)
        pas_slots += cg_stored(pas, (int)v);
    cr_assert(hh_slots >= 3, "hh keeps m, h, n");
    cr_assert_eq(pas_slots, 0, "pas keeps nothing of its own");
    /* soma: hh (1 segment); dend: pas, hh (3 segments each) */
    cr_assert_eq(tl->base[0], 0);
    cr_assert_eq(tl->base[1], hh_slots);
    cr_assert_eq(tl->base[2], hh_slots + 3 * pas_slots);
    cr_assert_eq(tl->nslots, hh_slots + 3 * pas_slots + 3 * hh_slots);
    /* pas.g of the dend is the only run-time parameter: one value per segment */
    cr_assert_eq(tl->nrparams, 3);
    for (unsigned k = 0; k < 3; k++) {
        cr_assert_eq(tl->rparams[k].mech, lower_mech_index(l.ir, "pas"));
        cr_assert_str_eq(pas->vars[tl->rparams[k].var].name, "g");
        cr_assert_float_eq(tl->rparams[k].base, 0.001, 0);
    }
    front_destroy(l.f);
}

/* A program keeps every density parameter a run-time value. */
Test(layout, all_params_runtime)
{
    struct lowered l = lower("");
    l.opt.all_params_runtime = true;
    struct cg_layout lay;
    cg_layout_compute(l.ir, &l.opt, &lay);
    const struct cg_type_layout *tl = &lay.types[0];
    const struct ir_mech *hh = &l.ir->mechs[lower_mech_index(l.ir, "hh")];
    const struct ir_mech *pas = &l.ir->mechs[lower_mech_index(l.ir, "pas")];
    unsigned hh_params = 0, pas_params = 0;
    for (unsigned v = 0; v < hh->nvars; v++)
        hh_params += hh->vars[v].kind == IRV_PARAM && !cg_stored(hh, (int)v);
    for (unsigned v = 0; v < pas->nvars; v++)
        pas_params += pas->vars[v].kind == IRV_PARAM && !cg_stored(pas, (int)v);
    /* per segment: the soma's hh (1), the dend's pas and hh (3 each) */
    cr_assert_eq(tl->nrparams, 4 * hh_params + 3 * pas_params);
    /* the dend's hh carries its own gnabar = 0 */
    bool zero = false;
    for (unsigned i = 0; i < tl->nrparams; i++)
        zero |= tl->rparams[i].mech == lower_mech_index(l.ir, "hh") &&
                strcmp(hh->vars[tl->rparams[i].var].name, "gnabar") == 0 && tl->rparams[i].base == 0;
    cr_assert(zero);
    front_destroy(l.f);
}

/* Values per segment: a list and an expression of x become one value per
 * segment in the IR, and run-time parameters keep them in segment order
 * (a `set` then gives each the set value: rt_sim.c matches them by name). */
Test(layout, values_per_segment)
{
    struct lowered l = lower_src(
        "cell C {\n"
        "    section soma { L = 20 um; diam = 20 um; insert hh { } }\n"
        "    section dend { L = 200 um; diam = 2 um; nseg = 3\n"
        "        insert pas { g = [0.0001 S/cm2, 0.0002 S/cm2, 0.0003 S/cm2]; e = -70 mV + x * 30 mV } }\n"
        "    attach dend(0) to soma(1)\n"
        "}\n"
        "population p of C { count = 1 }\n"
        "simulation { duration = 10 ms }\n"
        "experiment leak { set pas.g = 0.0002 S/cm2 }\n");
    const struct ir_celltype *t = &l.ir->types[0];
    const struct ir_insert *ins = &t->sections[1].inserts[0];
    const struct ir_mech *pas = &l.ir->mechs[ins->mech];
    cr_assert_str_eq(pas->name, "pas");
    int g = ir_mech_var(pas, "g"), e = ir_mech_var(pas, "e");
    for (int k = 0; k < 3; k++) {
        cr_assert_float_eq(ir_insert_param(ins, pas, k, g), 0.0001 * (k + 1), 1e-18);
        cr_assert_eq(ir_insert_param(ins, pas, k, e), -70 + (k + 0.5) / 3 * 30);
    }
    struct cg_layout lay;
    cg_layout_compute(l.ir, &l.opt, &lay);
    const struct cg_type_layout *tl = &lay.types[0];
    cr_assert_eq(tl->nrparams, 3);
    int first = tl->rparam[tl->rbase[1] + (unsigned)g];
    cr_assert_eq(first, 0);
    for (int k = 0; k < 3; k++)
        cr_assert_float_eq(tl->rparams[first + k].base, 0.0001 * (k + 1), 1e-18);
    front_destroy(l.f);
}
