/* test_netpyne.c - `--rng netpyne` draws exactly what NetPyNE 1.1.0 draws for
 * the seed model (NETPYNE_COMPAT.md test vectors: cell positions and the
 * contacts of each connection rule, conn/loc seed 1, Linux). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

/* The seed model compiled as NetPyNE runs it: --exact --rng netpyne. */
static void open_seed_netpyne(struct engine *e)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = true, .opt_level = 2};
    cr_assert(engine_open(e, SRCDIR "/examples/microcircuit.circ", &fo, &co), "%s",
              diag_text(e->front->diag));
    e->model->rng = CRT_RNG_NETPYNE;
}

Test(netpyne, positions_and_contacts, .timeout = 120)
{
    struct engine e;
    open_seed_netpyne(&e);
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

/* The seed notebook's model run in the real NetPyNE 1.1.0 + NEURON 8.2.2
 * (tests/netpyne/make_refs.py): --exact --rng netpyne --seed N reproduces
 * every spike of every experiment. */
static long read_spikes(const char *path, double **t, int **gid)
{
    FILE *f = fopen(path, "r");
    cr_assert(f, "cannot read %s", path);
    char line[256];
    long n = 0, cap = 4096;
    *t = malloc((size_t)cap * sizeof **t);
    *gid = malloc((size_t)cap * sizeof **gid);
    cr_assert(fgets(line, sizeof line, f));     /* header */
    while (fgets(line, sizeof line, f)) {
        if (n == cap) {
            cap *= 2;
            *t = realloc(*t, (size_t)cap * sizeof **t);
            *gid = realloc(*gid, (size_t)cap * sizeof **gid);
        }
        char *p;
        (*t)[n] = strtod(line, &p);
        (*gid)[n] = (int)strtol(p + 1, NULL, 10);
        n++;
    }
    fclose(f);
    return n;
}

Test(netpyne, spikes_match_netpyne, .timeout = 300)
{
    struct engine e;
    open_seed_netpyne(&e);
    for (uint32_t seed = 1; seed <= 2; seed++) {
        e.model->seed = seed;
        for (int x = 0; x < e.model->nexperiments; x++) {
            const char *name = e.model->experiments[x].name;
            char path[512];
            snprintf(path, sizeof path, SRCDIR "/tests/netpyne/data/seed%u_%s.spikes.csv", seed, name);
            double *t;
            int *gid;
            long n = read_spikes(path, &t, &gid);
            struct crt_result r;
            cr_assert(crt_run(e.model, x, &r), "%s", r.error);
            cr_assert_eq(r.nspikes, n, "seed %u %s: %ld spikes, NetPyNE has %ld", seed, name,
                         r.nspikes, n);
            for (long i = 0; i < n; i++)
                cr_assert(fabs(r.spike_t[i] - t[i]) <= 1e-9 && r.spike_gid[i] == gid[i],
                          "seed %u %s: spike %ld is (%.17g, %d), NetPyNE has (%.17g, %d)", seed,
                          name, i, r.spike_t[i], r.spike_gid[i], t[i], gid[i]);
            crt_result_free(&r);
            free(t);
            free(gid);
        }
    }
    engine_close(&e);
}
