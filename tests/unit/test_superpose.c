/* test_superpose.c - compiler/lower/superpose.c: which point mechanisms the
 * default mode may sum into one instance per node, and that a synapse it
 * refuses (a standing conductance) then runs as --exact does. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "helpers.h"
#include "lower.h"

/* Is mechanism `name` of src (plus the stdlib) superposable? */
static bool superposable(const char *src, const char *name)
{
    struct front *f = check_src(src);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    int k = lower_mech_index(ir, name);
    cr_assert(k >= 0, "no mechanism %s", name);
    bool yes = lower_superposable(&ir->mechs[k]);
    front_destroy(f);
    return yes;
}

Test(superpose, stdlib_synapses)
{
    cr_assert(superposable("", "ExpSyn"));
    cr_assert(superposable("", "Exp2Syn"), "factor is set at INITIAL only");
    cr_assert_not(superposable("", "IClamp"), "an electrode");
    cr_assert_not(superposable("", "NetStim"), "an artificial cell");
    cr_assert_not(superposable("", "hh"), "a density mechanism");
}

#define SYN(decls, init, deriv, cur, recv)                                              \
    "point S {\n" decls "\n initial { " init " }\n derivative { " deriv " }\n"         \
    " current i = " cur "\n receive(w: uS) { " recv " }\n}\n"

Test(superpose, linear_synapses)
{
    cr_assert(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0 uS",
                               "g' = -g / tau", "g * (v - e)", "g = g + w"), "S"));
    cr_assert(superposable(SYN("parameter tau = 2 ms, e = 0 mV, k = 2\n state g: uS",
                               "g = 0 uS", "let r = 1 / tau\n g' = -g * r", "-(k * g) * (v - e)",
                               "g = w * k + g"), "S"));
}

Test(superpose, nonlinear_or_standing)
{
    /* a standing conductance would count once instead of once per connection */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV, gt = 0.002 uS\n state g: uS",
                                   "g = 0 uS", "g' = -g / tau", "(g + gt) * (v - e)",
                                   "g = g + w"), "S"));
    /* quadratic in the state */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0 uS",
                                   "g' = -g / tau", "g * g / 1 uS * (v - e)", "g = g + w"), "S"));
    /* a state relaxing to a value other than 0 */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0 uS",
                                   "g' = (0.001 uS - g) / tau", "g * (v - e)", "g = g + w"), "S"));
    /* a state that starts away from 0 */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0.001 uS",
                                   "g' = -g / tau", "g * (v - e)", "g = g + w"), "S"));
    /* facilitation: an event's effect depends on a state */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS, u",
                                   "g = 0 uS\n u = 0", "g' = -g / tau\n u' = -u / tau",
                                   "g * (v - e)", "g = g + w * u\n u = u + 1"), "S"));
    /* random numbers */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0 uS",
                                   "g' = -g / tau", "g * (v - e)", "g = g + w * urand()"), "S"));
    /* branches on the event */
    cr_assert_not(superposable(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS", "g = 0 uS",
                                   "g' = -g / tau", "g * (v - e)",
                                   "if w > 0 uS { g = g + w }"), "S"));
}

/* The one voltage trace of a case's first experiment, default mode against
 * --exact: within 1e-6 mV, the same spikes. */
static void runs_as_exact(const char *path)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options fast = {.exact = false, .opt_level = 2}, exact = {.exact = true, .opt_level = 2};
    struct engine a, b;
    cr_assert(engine_open(&a, path, &fo, &fast), "%s", diag_text(a.front->diag));
    cr_assert(engine_open(&b, path, &fo, &exact), "%s", diag_text(b.front->diag));
    struct crt_result ra, rb;
    cr_assert(crt_run(a.model, 0, &ra), "%s", ra.error);
    cr_assert(crt_run(b.model, 0, &rb), "%s", rb.error);
    cr_assert_eq(ra.ntraces, 1);
    cr_assert_eq(ra.ntimes, rb.ntimes);
    double worst = 0;
    for (long j = 0; j < ra.ntimes; j++)
        worst = fmax(worst, fabs(ra.trace[0][j] - rb.trace[0][j]));
    cr_assert(worst < 1e-6, "default and --exact differ by %g mV", worst);
    cr_assert_eq(ra.nspikes, rb.nspikes);
    crt_result_free(&ra);
    crt_result_free(&rb);
    engine_close(&a);
    engine_close(&b);
}

/* The default mode keeps one instance per connection for a synapse it may
 * not sum: the cell sees both standing conductances, as in --exact. */
Test(superpose, standing_conductance_runs_as_exact, .timeout = 120)
{
    runs_as_exact(SRCDIR "/tests/runtime/cases/tonic_two_sources.circ");
}

/* Synapses it sums still count as exact mode's instances: a later synapse
 * that draws random numbers has the same stream in both modes (their
 * numbers name the streams). */
Test(superpose, random_synapse_after_lumped_ones_runs_as_exact, .timeout = 120)
{
    runs_as_exact(SRCDIR "/tests/runtime/cases/random_after_lumped.circ");
}

/* compiler/lower/site_const.c: the slots one number over a site's cells,
 * which the default mode's site loops read once a site.  Names of mechanism
 * `name` of src whose slots are the site's, space-separated. */
static void site_constants(const char *src, const char *name, char *out, size_t size)
{
    struct front *f = check_src(src);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    int k = lower_mech_index(ir, name);
    cr_assert(k >= 0, "no mechanism %s", name);
    const struct ir_mech *m = &ir->mechs[k];
    bool *site = ir_site_constants(m);
    cr_assert_not_null(site);
    out[0] = '\0';
    for (unsigned v = 0; v < m->nvars; v++)
        if (site[v])
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "",
                     m->vars[v].name);
    free(site);
    front_destroy(f);
}

Test(superpose, site_constants)
{
    char got[512];
    /* Exp2Syn: its parameters (tau1 rewritten in INITIAL from parameters
       only), factor and the cnexp decays; not the states */
    site_constants("", "Exp2Syn", got, sizeof got);
    cr_assert_str_eq(got, "tau1 tau2 e factor A.decay A.target B.decay B.target");
    /* INITIAL reading v, a random number or a state; a slot receive writes */
    site_constants(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS\n assigned a, b: mV, c, d",
                       "g = 0 uS\n a = 1\n b = v\n if v > 0 mV { c = 1 } else { c = 2 }\n d = 0",
                       "g' = -g / tau", "g * (v - e)", "g = g + w\n d = d + 1"),
                   "S", got, sizeof got);
    cr_assert_str_eq(got, "tau e a g.decay g.target");
    /* a call in INITIAL could write anything: only slots nothing writes */
    site_constants(SYN("parameter tau = 2 ms, e = 0 mV\n state g: uS\n assigned a\n"
                       " procedure p() { a = 1 }",
                       "g = 0 uS\n p()", "g' = -g / tau", "g * (v - e)", "g = g + w"),
                   "S", got, sizeof got);
    cr_assert_str_eq(got, "tau e");
}

/* A site's idle instance adds nothing even where its current's other
 * factor is not finite (a division by v - vh at v = vh): cell a, whose
 * instance is idle, keeps its finite voltage in the default mode. */
Test(superpose, idle_site_adds_nothing, .timeout = 120)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options fast = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, SRCDIR "/tests/runtime/cases/idle_site_division.circ", &fo, &fast),
              "%s", diag_text(e.front->diag));
    struct crt_result r;
    cr_assert(crt_run(e.model, 0, &r), "%s", r.error);
    cr_assert_eq(r.ntraces, 1);
    for (long j = 0; j < r.ntimes; j++)
        cr_assert(isfinite(r.trace[0][j]), "v of cell a is %g at sample %ld", r.trace[0][j], j);
    cr_assert(r.trace[0][r.ntimes - 1] > -64.0, "the clamp depolarized cell a");
    crt_result_free(&r);
    engine_close(&e);
}
