/* test_netpyne.c - `--rng netpyne` draws exactly what NetPyNE 1.1.0 draws for
 * the seed model (NETPYNE_COMPAT.md test vectors: cell positions and the
 * contacts of each connection rule, conn/loc seed 1, Linux). */
#include <criterion/criterion.h>

#include "engine.h"

Test(netpyne, positions_and_contacts, .timeout = 120)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e.front->diag));
    e.model->rng = CRT_RNG_NETPYNE;
    e.model->tstop = 0.1;
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    static const struct { int gid; double x, y, z; } want[] = {
        {0, 165.39602059279662, 259.5145836333943, 278.67073477742474},
        {40, 14.448619560699765, 690.8509311054714, 114.38105916269564},
        {90, 12.19887891500283, 609.7016661638157, 294.4525644894567},
    };
    for (int i = 0; i < 3; i++) {
        const double *p = &r.pos[3 * want[i].gid];
        cr_assert(p[0] == want[i].x && p[1] == want[i].y && p[2] == want[i].z,
                  "gid %d at (%.17g, %.17g, %.17g)", want[i].gid, p[0], p[1], p[2]);
    }
    static const long contacts[4] = {82, 411, 186, 3992};   /* PV->Exc, Exc->PV, SOM->All, Exc->Exc */
    for (int k = 0; k < 4; k++)
        cr_assert_eq(r.rule_contacts[k], contacts[k], "rule %d: %ld contacts", k, r.rule_contacts[k]);
    crt_result_free(&r);
    engine_close(&e);
}
