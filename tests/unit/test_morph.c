/* test_morph.c - morphologies: compiler/read/ (SWC as NEURON's Import3d
 * reads it) and lower_morph.c (area and ri from 3-D points, d_lambda).
 *
 * The geometry of every NEURON reference case with a morphology is compared
 * with what NEURON 8.2.2 computed (tests/neuron/data/<case>.geometry.csv,
 * written by make_refs.py): the same sections, parents and positions, nseg,
 * and per node the same area and ri, bit for bit. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "lower.h"

static struct ir_model *lower_file(struct front *f, const char *path)
{
    bool ok = front_check_file(f, path);
    cr_assert(ok, "%s:\n%s", path, diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    return ir;
}

static int check_geometry(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, SRCDIR "/tests/neuron/cases/%s.circ", name);
    struct front *f = front_create(NULL);
    struct ir_model *ir = lower_file(f, path);
    /* the reconstructed cell: the type with the most sections (a case may
       add a one-section driver cell) */
    cr_assert(ir->ntypes >= 1);
    const struct ir_celltype *t = &ir->types[0];
    for (unsigned k = 1; k < ir->ntypes; k++)
        if (ir->types[k].nsections > t->nsections)
            t = &ir->types[k];
    snprintf(path, sizeof path, SRCDIR "/tests/neuron/data/%s.geometry.csv", name);
    FILE *fp = fopen(path, "r");
    cr_assert(fp, "cannot read %s", path);
    char line[512];
    int rows = 0;
    unsigned *seen = calloc(t->nsections + 1, sizeof *seen);
    cr_assert(fgets(line, sizeof line, fp));    /* header */
    while (fgets(line, sizeof line, fp)) {
        char sec[128] = "", par[128] = "";
        double px = 0, area, ri;
        int nseg, seg;
        char *fld[7], *p = line;
        for (int k = 0; k < 7; k++) {
            fld[k] = p;
            p += strcspn(p, ",\n");
            *p++ = 0;
        }
        snprintf(sec, sizeof sec, "%s", fld[0]);
        snprintf(par, sizeof par, "%s", fld[1]);
        if (*fld[2])
            px = strtod(fld[2], NULL);
        nseg = atoi(fld[3]);
        seg = atoi(fld[4]);
        area = strtod(fld[5], NULL);
        ri = strtod(fld[6], NULL);
        int k = ir_section_named(t, sec);
        cr_assert(k >= 0 && strcmp(t->sections[k].name, sec) == 0, "%s: no section %s", name, sec);
        const struct ir_section *s = &t->sections[k];
        seen[k] = 1;
        cr_assert_eq(s->nseg, nseg, "%s: %s has nseg %d, NEURON %d", name, sec, s->nseg, nseg);
        if (*par) {
            cr_assert(s->parent >= 0 && strcmp(t->sections[s->parent].name, par) == 0,
                      "%s: %s hangs on %s, NEURON: on %s", name, sec,
                      s->parent >= 0 ? t->sections[s->parent].name : "nothing", par);
            cr_assert_eq(s->parent_x, px, "%s: %s at %g of its parent, NEURON %g", name, sec,
                         s->parent_x, px);
        } else {
            cr_assert_eq(s->parent, -1, "%s: %s should be the root", name, sec);
        }
        const struct ir_node *n = &t->nodes[s->first_node + seg];
        if (seg < nseg)
            cr_assert_eq(n->area, area, "%s: %s node %d area %.17g, NEURON %.17g", name, sec,
                         seg, n->area, area);
        cr_assert_eq(1. / n->rinv, ri, "%s: %s node %d ri %.17g, NEURON %.17g", name, sec, seg,
                     1. / n->rinv, ri);
        rows++;
    }
    fclose(fp);
    for (unsigned k = 0; k < t->nsections; k++)
        cr_assert(seen[k], "%s: section %s is not NEURON's", name, t->sections[k].name);
    free(seen);
    front_destroy(f);
    return rows;
}

Test(morph, geometry_as_neuron)
{
    DIR *d = opendir(SRCDIR "/tests/neuron/data");
    cr_assert(d);
    struct dirent *ent;
    int cases = 0, rows = 0;
    while ((ent = readdir(d))) {
        const char *suffix = ".geometry.csv";
        size_t len = strlen(ent->d_name), sl = strlen(suffix);
        if (len <= sl || strcmp(ent->d_name + len - sl, suffix) != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len - sl), ent->d_name);
        rows += check_geometry(name);
        cases++;
    }
    closedir(d);
    cr_assert_geq(cases, 4, "the morphology cases are missing");
    cr_assert_geq(rows, 400);
}

/* A model text around a morphology of the test folder. */
static struct ir_model *lower_text(struct front *f, const char *body)
{
    char src[4096];
    snprintf(src, sizeof src, "cell C {\n morphology \"" SRCDIR "/tests/neuron/morph/"
             "pyramidal.swc\"\n%s\n}\npopulation p of C { count = 1 }\n"
             "simulation { duration = 1 ms }\n", body);
    bool ok = front_check_text(f, "test.circ", src, strlen(src));
    cr_assert(ok, "%s", diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    return ir;
}

Test(morph, d_lambda_units_and_rule)
{
    struct front *f1 = front_create(NULL), *f2 = front_create(NULL), *f3 = front_create(NULL);
    struct ir_model *a = lower_text(f1, "section all { nseg = d_lambda(0.1, 100 Hz) }");
    struct ir_model *b = lower_text(f2, "section all { nseg = d_lambda(0.1, 0.1 kHz) }");
    struct ir_model *c = lower_text(f3, "section all { nseg = d_lambda(0.02, 500 Hz); "
                                    "Ra = 200 ohm*cm }");
    int more = 0;
    for (unsigned k = 0; k < a->types[0].nsections; k++) {
        const struct ir_section *s = &a->types[0].sections[k];
        cr_assert_eq(s->nseg, b->types[0].sections[k].nseg, "100 Hz is 0.1 kHz");
        cr_assert_eq(s->nseg % 2, 1, "the rule gives odd counts");
        more += c->types[0].sections[k].nseg > s->nseg;
        cr_assert_geq(c->types[0].sections[k].nseg, s->nseg);
    }
    cr_assert_gt(more, 10, "a finer rule gives more segments");
    front_destroy(f1);
    front_destroy(f2);
    front_destroy(f3);
}

Test(morph, list_blocks_in_order)
{
    struct front *f = front_create(NULL);
    struct ir_model *ir = lower_text(f, "section all { Ra = 80 ohm*cm; nseg = 3\n"
                                     "  insert pas { g = 0.0001 S/cm2; e = -70 mV } }\n"
                                     "section apic { Ra = 120 ohm*cm; insert pas { g = 0.0003 S/cm2 } }\n"
                                     "section soma { nseg = 1; insert hh { } }\n"
                                     "section apic[2] { Ra = 300 ohm*cm; insert hh { } }");
    const struct ir_celltype *t = &ir->types[0];
    int pas = lower_mech_index(ir, "pas"), hh = lower_mech_index(ir, "hh");
    int g = ir_mech_var(&ir->mechs[pas], "g"), e = ir_mech_var(&ir->mechs[pas], "e");
    for (unsigned k = 0; k < t->nsections; k++) {
        const struct ir_section *s = &t->sections[k];
        bool apic = strncmp(s->name, "apic[", 5) == 0, soma = strncmp(s->name, "soma[", 5) == 0;
        bool apic2 = strcmp(s->name, "apic[2]") == 0;
        cr_assert_eq(s->Ra, apic2 ? 300 : apic ? 120 : 80, "%s", s->name);
        cr_assert_eq(s->nseg, soma ? 1 : 3, "%s", s->name);
        cr_assert_eq(s->ninserts, soma || apic2 ? 2u : 1u, "%s", s->name);
        cr_assert_eq(s->inserts[0].mech, pas);
        cr_assert_eq(s->inserts[0].params[g], apic ? 0.0003 : 0.0001, "%s", s->name);
        cr_assert_eq(s->inserts[0].params[e], -70, "%s: a later block keeps what it does not set",
                     s->name);
        if (soma)
            cr_assert_eq(s->inserts[1].mech, hh);
        cr_assert_gt(s->npt3d, 1, "%s has 3-D points", s->name);
    }
    cr_assert_str_eq(t->sections[0].name, "soma[0]");
    cr_assert_eq(t->sections[0].npt3d, 3, "the 3-point soma is a sphere: 3 points along x");
    cr_assert_eq(t->sections[0].L, 19, "L = diam = 2 * 9.5");
    front_destroy(f);
}

Test(morph, sections_lists_and_locations)
{
    struct front *f = front_create(NULL);
    char src[2048];
    snprintf(src, sizeof src, "cell C {\n morphology \"" SRCDIR "/tests/neuron/morph/"
             "pyramidal.swc\"\n section all { insert pas { } }\n}\n"
             "population p of C { count = 1 }\n"
             "stimulus s = IClamp { amp = 0.1 nA; dur = 1 ms } -> p at apic[3](0.5)\n"
             "simulation { duration = 1 ms\n record v of p at dend(0.5)\n"
             " record v of p at axon[1](1)\n record v of p at apic[40](0.5) }\n");
    front_check_text(f, "test.circ", src, strlen(src));
    cr_assert(strstr(diag_of(f), "apic[40]"), "an index past the list is an unknown section:\n%s",
              diag_of(f));
    cr_assert_eq(diag_errors(f->diag), 1, "%s", diag_of(f));
    front_destroy(f);
}

/* Ion values in list blocks: the ions of the merged inserts, the values
 * each block writes, in order. */
Test(morph, ion_values_in_blocks)
{
    struct front *f = front_create(NULL);
    struct ir_model *ir = lower_text(f, "section all { insert hh { } }\n"
                                     "section apic { ek = -85 mV; insert hh { } }\n"
                                     "section apic[1] { ek = -95 mV; insert hh { } }");
    const struct ir_celltype *t = &ir->types[0];
    int k = lower_ion_index(ir, "k");
    cr_assert_geq(k, 0);
    for (unsigned s = 0; s < t->nsections; s++) {
        const struct ir_section *sec = &t->sections[s];
        double want = strcmp(sec->name, "apic[1]") == 0 ? -95
                    : strncmp(sec->name, "apic[", 5) == 0 ? -85 : -77;
        bool found = false;
        for (unsigned i = 0; i < sec->nions; i++)
            if (sec->ions[i].ion == k) {
                found = true;
                cr_assert_eq(sec->ions[i].value[IRF_E], want, "%s", sec->name);
            }
        cr_assert(found, "%s uses k", sec->name);
    }
    front_destroy(f);
}

/* hoc's sscanf reads "%f" into floats: a 1-point soma at x = -33.267 with
 * radius 0.811 becomes pt3d x = float(-33.267) -+ float(0.811), printed
 * with %.8g, stored as floats.  NEURON 8.2.2 (Import3d + instantiate(nil))
 * gives soma[0].L = 1.6220016479492188 and area 8.265174137329884; read as
 * doubles the last point rounds the other way (L = 1.6219978332519531). */
Test(morph, swc_values_are_read_as_floats)
{
    char dir[] = "/tmp/circ-morph-XXXXXX";
    cr_assert(mkdtemp(dir));
    char swc[256], src[512];
    snprintf(swc, sizeof swc, "%s/sphere.swc", dir);
    FILE *fp = fopen(swc, "w");
    cr_assert(fp);
    fputs("1 1 -33.267 -33.0626 18.1651 0.811 -1\n2 3 -30 -30 18 0.5 1\n"
          "3 3 -20 -25 18 0.4 2\n", fp);
    fclose(fp);
    snprintf(src, sizeof src, "cell C {\n morphology \"%s\"\n}\n", swc);
    struct front *f = front_create(NULL);
    cr_assert(front_check_text(f, "test.circ", src, strlen(src)), "%s", diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    const struct ir_celltype *t = &ir->types[0];
    cr_assert_eq(t->sections[0].L, 1.6220016479492188, "L %.17g", t->sections[0].L);
    cr_assert_eq(t->nodes[t->sections[0].first_node].area, 8.265174137329884);
    cr_assert_eq(t->nodes[t->sections[1].first_node].area, 31.61293094025997);
    front_destroy(f);
    remove(swc);
    rmdir(dir);
}

/* A segment without area (NEURON divides by it) is refused when the cell is
 * lowered, at the line of the section's first point. */
Test(morph, zero_area_refused)
{
    char dir[] = "/tmp/circ-morph-XXXXXX";
    cr_assert(mkdtemp(dir));
    char swc[256], src[512];
    snprintf(swc, sizeof swc, "%s/zero.swc", dir);
    FILE *fp = fopen(swc, "w");
    cr_assert(fp);
    fputs("# radius 0\n1 1 0 0 0 0 -1\n", fp);
    fclose(fp);
    snprintf(src, sizeof src, "cell C {\n morphology \"%s\"\n}\n", swc);
    struct front *f = front_create(NULL);
    cr_assert(front_check_text(f, "test.circ", src, strlen(src)), "%s", diag_of(f));
    cr_assert_null(lower_model(f->sema));
    cr_assert(strstr(diag_of(f), "zero.swc:2:1: error: section 'soma[0]' of cell 'C' has a "
                     "segment of zero area"), "%s", diag_of(f));
    front_destroy(f);
    remove(swc);
    rmdir(dir);
}
