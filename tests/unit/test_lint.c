/* test_lint.c - compiler/sema/sema_lint.c: each lint fires on a small case and
 * stays quiet on the corrected one. */
#include <criterion/criterion.h>

#include <string.h>

#include "helpers.h"

#define CELL "cell PYR {\n" \
             "    section soma { L = 18.8 um; diam = 18.8 um; insert hh { } }\n" \
             "}\n"
#define POP "population P of PYR { count = 2 }\n"
#define SYN "synapse exc = Exp2Syn { tau1 = 0.1 ms; tau2 = 1 ms; e = 0 mV }\n"
#define SIM "simulation { duration = 100 ms; dt = 0.025 ms }\n"
#define RULE(props) "connect P -> P at soma(0.5) via exc { probability = 0.5; weight = 0.001 uS; " props " }\n"
#define BASE CELL POP SYN RULE("delay = 2 ms") SIM

/* Runs src and returns its diagnostics; *w and *e get the counts. */
static struct front *run(const char *src, unsigned *e, unsigned *w)
{
    struct front *f = check_src(src);
    *e = diag_errors(f->diag);
    *w = diag_warnings(f->diag);
    return f;
}

static void expect_warning(const char *src, const char *msg)
{
    unsigned e, w;
    struct front *f = run(src, &e, &w);
    char want[512];
    snprintf(want, sizeof want, "warning: %s\n", msg);
    cr_expect_eq(e, 0, "%s", diag_of(f));
    cr_expect_eq(w, 1, "%s", diag_of(f));
    cr_expect(strstr(diag_of(f), want), "want '%s' in:\n%s", msg, diag_of(f));
    front_destroy(f);
}

static void expect_quiet(const char *src)
{
    unsigned e, w;
    struct front *f = run(src, &e, &w);
    cr_expect_eq(e + w, 0, "%s", diag_of(f));
    front_destroy(f);
}

Test(lint, base_is_quiet)
{
    expect_quiet(BASE);
}

Test(lint, delay_shorter_than_dt)
{
    expect_warning(CELL POP SYN RULE("delay = 0.01 ms") SIM,
                   "delay 0.01 ms is shorter than the time step dt = 0.025 ms; the event arrives "
                   "on the next step");
    expect_quiet(CELL POP SYN RULE("delay = 0.025 ms") SIM);
    /* also for a stimulus' NetCon */
    expect_warning(BASE "stimulus b = NetStim { } -> P via exc { weight = 1 uS; delay = 0 ms }\n",
                   "delay 0 ms is shorter than the time step dt = 0.025 ms; the event arrives on "
                   "the next step");
}

Test(lint, delay_in_seconds_is_compared_in_ms)
{
    expect_quiet(CELL POP SYN RULE("delay = 0.001 s") SIM);
}

Test(lint, rise_time_not_shorter_than_decay_time)
{
    const char *bad = CELL POP "synapse exc = Exp2Syn { tau1 = 2 ms; tau2 = 1 ms }\n"
                      RULE("delay = 2 ms") SIM;
    expect_warning(bad, "rise time tau1 = 2 ms is not shorter than decay time tau2 = 1 ms; "
                        "Exp2Syn will use tau1 = 0.9999 * tau2");
    expect_quiet(CELL POP "synapse exc = Exp2Syn { tau1 = 0.9 ms; tau2 = 1 ms }\n"
                 RULE("delay = 2 ms") SIM);
}

Test(lint, empty_rule)
{
    expect_warning(CELL POP "population Q of PYR { count = 0 }\n" SYN
                   "connect Q -> P via exc { probability = 0.5; weight = 1 uS }\n" SIM,
                   "the presynaptic side selects no cells (its populations are empty)");
    expect_warning(BASE "population Q of PYR { count = 0 }\n"
                   "connect P -> Q via exc { probability = 0.5; weight = 1 uS }\n",
                   "the postsynaptic side selects no cells (its populations are empty)");
    expect_warning(BASE "connect P where 1 > 2 -> P via exc { probability = 0.5; weight = 1 uS }\n",
                   "this condition is always false: the presynaptic side selects no cells");
    expect_quiet(BASE "connect P where x > 1 um -> P via exc { probability = 0.5; weight = 1 uS }\n");
}

Test(lint, empty_group)
{
    expect_warning(CELL POP "population Q of PYR { count = 0 }\ngroup G = Q\n" SYN
                   "connect P -> G via exc { probability = 0.5; weight = 1 uS }\n" SIM,
                   "the postsynaptic side selects no cells (its populations are empty)");
}

Test(lint, stimulus_after_the_end)
{
    expect_warning(BASE "stimulus b = NetStim { start = 200 ms } -> P via exc { weight = 1 uS }\n",
                   "stimulus 'b' starts at 200 ms, at or after the end of the simulation (100 ms)");
    expect_warning(BASE "stimulus c = IClamp { del = 100 ms; dur = 1 ms; amp = 1 nA } -> P at soma(0.5)\n",
                   "stimulus 'c' starts at 100 ms, at or after the end of the simulation (100 ms)");
    expect_quiet(BASE "stimulus c = IClamp { del = 99 ms; dur = 1 ms; amp = 1 nA } -> P at soma(0.5)\n");
}

Test(lint, stimulus_in_an_experiment)
{
    expect_warning(BASE "experiment x {\n stimulus b = NetStim { start = 1 s } -> P via exc { weight = 1 uS }\n}\n",
                   "stimulus 'b' starts at 1000 ms, at or after the end of the simulation (100 ms)");
}

Test(lint, stimulus_never_on)
{
    expect_warning(BASE "stimulus c = IClamp { del = 1 ms; dur = 0 ms; amp = 1 nA } -> P at soma(0.5)\n",
                   "stimulus 'c' has duration 0 ms and is never on");
}

Test(lint, window_after_the_end)
{
    expect_warning(BASE "window w = [50 ms, 150 ms)\nmeasure r = rate(P, w)\n",
                   "window 'w' ends at 150 ms, after the end of the simulation (100 ms): "
                   "measures use its part up to the end");
    expect_quiet(BASE "window w = [50 ms, 100 ms)\nmeasure r = rate(P, w)\n");
}

/* a window written in the call warns as a named one does */
Test(lint, inline_window_after_the_end)
{
    expect_warning(BASE "measure r = rate(P, [50 ms, 500 ms))\n",
                   "the window ends at 500 ms, after the end of the simulation (100 ms): "
                   "measures use its part up to the end");
    expect_warning(BASE "expect rate(P, [0.05 s, 0.15 s)) > 1 Hz\n",
                   "the window ends at 150 ms, after the end of the simulation (100 ms): "
                   "measures use its part up to the end");
    expect_quiet(BASE "measure r = rate(P, [0.05 s, 0.1 s))\n");
}

Test(lint, unused_definitions)
{
    expect_warning(BASE "synapse inh = Exp2Syn { }\n", "synapse 'inh' is never used");
    expect_warning(BASE "window w = [0 ms, 1 ms)\n", "window 'w' is never used");
    expect_warning(BASE "group G = P\n", "group 'G' is never used");
    expect_warning(BASE "cell Unused { section soma { } }\n", "cell type 'Unused' is never used");
    expect_warning(BASE "density leak { parameter g = 1 S/cm2\n current i = g * v }\n",
                   "mechanism 'leak' is never used");
    expect_quiet(BASE "group G = P\nconnect G -> P via exc { probability = 0.5; weight = 1 uS }\n");
}

Test(lint, unused_mechanism_members)
{
    const char *cell = "cell PYR { section soma { insert leak } }\n" POP SIM;
    char src[1024];
    snprintf(src, sizeof src, "%sdensity leak { parameter g = 1 S/cm2\n"
             " function twice(x: mV): mV { return 2 * x }\n current i = g * v }\n", cell);
    expect_warning(src, "function 'twice' of 'leak' is never used");
    snprintf(src, sizeof src, "%sdensity leak { parameter g = 1 S/cm2\n constant k = 2\n"
             " current i = g * v }\n", cell);
    expect_warning(src, "constant 'k' of 'leak' is never used");
    snprintf(src, sizeof src, "%sdensity leak { parameter g = 1 S/cm2\n constant k = 2\n"
             " current i = g * v * k }\n", cell);
    expect_quiet(src);
}

Test(lint, stdlib_definitions_are_never_unused)
{
    /* the stdlib has mechanisms nobody here uses (ExpSyn, IClamp, NetStim) */
    expect_quiet(BASE);
}

Test(lint, noise_outside_zero_one)
{
    expect_warning(BASE "stimulus b = NetStim { noise = 1.5 } -> P via exc { weight = 1 uS }\n",
                   "noise = 1.5 is outside [0, 1]; NetStim clips it to 1");
    expect_warning(BASE "stimulus b = NetStim { noise = -0.5 } -> P via exc { weight = 1 uS }\n",
                   "noise = -0.5 is outside [0, 1]; NetStim clips it to 0");
    expect_quiet(BASE "stimulus b = NetStim { noise = 1 } -> P via exc { weight = 1 uS }\n");
}

Test(lint, index_past_the_end)
{
    unsigned e, w;
    struct front *f = run(BASE "stimulus b = NetStim { } -> P[0, 2] via exc { weight = 1 uS }\n", &e, &w);
    cr_expect_eq(e, 1, "%s", diag_of(f));
    cr_expect(strstr(diag_of(f), "test.circ:8:34: error: index 2 is past the end of 'P', which "
                                 "has 2 cells\n"), "%s", diag_of(f));
    front_destroy(f);
    f = run(BASE "stimulus b = NetStim { } -> P[0 .. 5] via exc { weight = 1 uS }\n", &e, &w);
    cr_expect(strstr(diag_of(f), "error: index 5 is past the end of 'P', which has 2 cells\n"),
              "%s", diag_of(f));
    front_destroy(f);
    f = run(BASE "stimulus b = NetStim { } -> P[1] via exc { weight = 1 uS }\n", &e, &w);
    cr_expect_eq(e, 0, "%s", diag_of(f));
    front_destroy(f);
}

Test(lint, no_lints_on_a_model_with_errors)
{
    unsigned e, w;
    struct front *f = run(BASE "synapse inh = Exp2Syn { }\npopulation Q of Nothing { count = 1 }\n",
                          &e, &w);
    cr_expect_eq(e, 1, "%s", diag_of(f));
    cr_expect_eq(w, 0, "%s", diag_of(f));
    front_destroy(f);
}

Test(lint, werror_makes_lints_errors)
{
    struct front_options opt = {.werror = true, .stop_after = PASS_ALL};
    struct front *f = front_create(&opt);
    const char *src = BASE "synapse inh = Exp2Syn { }\n";
    cr_assert_not(front_check_text(f, "test.circ", src, strlen(src)));
    cr_expect_eq(diag_errors(f->diag), 1);
    cr_expect_eq(diag_warnings(f->diag), 0);
    cr_expect(strstr(diag_of(f), "test.circ:8:9: error: synapse 'inh' is never used\n"), "%s",
              diag_of(f));
    front_destroy(f);
}

Test(lint, stopping_before_lint)
{
    struct front *f = check_src_opts(BASE "synapse inh = Exp2Syn { }\n", false, PASS_MODEL);
    cr_expect_eq(diag_warnings(f->diag), 0, "%s", diag_of(f));
    front_destroy(f);
}

/* ---- regressions: bugs found by these tests, now fixed ---------------------------- */

/* effective() looks a mechanism's parameter up with an uninterned literal
 * ("tau2"), and scopes compare interned pointers, so parameter defaults are
 * never seen: Exp2Syn's tau2 = 10 ms, IClamp's dur = 0 ms, NetStim's start. */
Test(lint, parameter_defaults_count)
{
    expect_warning(CELL POP "synapse exc = Exp2Syn { tau1 = 20 ms }\n" RULE("delay = 2 ms") SIM,
                   "rise time tau1 = 20 ms is not shorter than decay time tau2 = 10 ms; "
                   "Exp2Syn will use tau1 = 0.9999 * tau2");
    expect_warning(BASE "stimulus c = IClamp { del = 1 ms; amp = 1 nA } -> P at soma(0.5)\n",
                   "stimulus 'c' has duration 0 ms and is never on");
}

/* lint_selector() never adds the cells of an indexed term, so P[0] "selects
 * no cells (its populations are empty)". */
Test(lint, indexed_selectors_are_not_empty)
{
    expect_quiet(BASE "stimulus b = NetStim { } -> P[0] via exc { weight = 1 uS }\n");
    expect_quiet(BASE "connect P[0, 1] -> P via exc { probability = 0.5; weight = 1 uS }\n");
}

/* A --set of a path an experiment sets itself: one warning per such
 * experiment at the --set, with a note at the experiment's set (also under
 * `circ check --set`); other paths and other experiments stay quiet. */
Test(lint, set_overrides_an_experiments_set)
{
    const char *src = BASE "experiment a { set hh.gl = 0.001 S/cm2 }\n"
                           "experiment b { set exc.tau2 = 2 ms }\n"
                           "experiment c { }\n";
    struct front_options opt = {.stop_after = PASS_ALL,
                                .overrides = "set hh.gnabar = 0.1 S/cm2\nset hh.gl = 0.002 S/cm2\n"};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(diag_warnings(f->diag), 1, "%s", diag_of(f));
    cr_assert_str_eq(diag_of(f),
                     "--set:2:5: warning: --set hh.gl overrides experiment 'a', which sets it "
                     "itself; the results are still filed under 'a'\n"
                     "set hh.gl = 0.002 S/cm2\n"
                     "    ^~~~~\n"
                     "test.circ:8:16: note: experiment 'a' sets hh.gl here\n"
                     "experiment a { set hh.gl = 0.001 S/cm2 }\n"
                     "               ^~~~~~~~~~~~~~~~~~~~~~~\n");
    front_destroy(f);
    opt.overrides = "set hh.gnabar = 0.1 S/cm2\n";
    f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    cr_assert_eq(diag_errors(f->diag) + diag_warnings(f->diag), 0, "%s", diag_of(f));
    front_destroy(f);
}

/* `set MECH.P` gives every instance the value whatever the sections write,
 * so a section's set of the same parameter changes nothing: a warning at
 * it, before or after, or naming the experiment that sets MECH.P; another
 * parameter, or no mechanism-wide set, stays quiet. */
Test(lint, section_set_under_a_mechanism_wide_set)
{
    expect_warning(BASE "set PYR.soma.hh.gl = 0.0005 S/cm2\nset hh.gl = 0.0007 S/cm2\n",
                   "set PYR.soma.hh.gl has no effect: set hh.gl gives every instance the "
                   "value, whatever the sections write");
    expect_warning(BASE "set hh.gl = 0.0007 S/cm2\nset PYR.soma.hh.gl = 0.0005 S/cm2\n",
                   "set PYR.soma.hh.gl has no effect: set hh.gl gives every instance the "
                   "value, whatever the sections write");
    expect_warning(BASE "set PYR.soma.hh.gl = 0.0005 S/cm2\n"
                        "experiment e { set hh.gl = 0.0007 S/cm2 }\n",
                   "set PYR.soma.hh.gl has no effect in experiment 'e': its set hh.gl gives "
                   "every instance the value, whatever the sections write");
    expect_quiet(BASE "set PYR.soma.hh.gl = 0.0005 S/cm2\nset hh.gnabar = 0.1 S/cm2\n");
    expect_quiet(BASE "set PYR.soma.hh.gl = 0.0005 S/cm2\n");
}

/* A morphology cell's blocks apply in order: a set of what block 'dend'
 * writes, which a later 'all' block writes again in every dend section,
 * changes nothing (a warning); before 'all', or of another parameter, it
 * does (quiet). */
#define MORPH_CELL(blocks) "cell M {\n    morphology \"" SRCDIR "/tests/neuron/morph/cylsoma.swc\"\n" \
                           blocks "}\npopulation Q of M { count = 1 }\n" SIM
Test(lint, list_set_overwritten_by_a_later_block)
{
    expect_warning(MORPH_CELL("    section dend { insert pas { g = 6e-5 S/cm2 } }\n"
                              "    section all { insert pas { g = 3e-5 S/cm2 } }\n")
                   "set M.dend.pas.g = 1e-4 S/cm2\n",
                   "set M.dend.pas.g has no effect: the later block 'all' writes pas.g in "
                   "every section of 'dend'");
    expect_warning(MORPH_CELL("    section dend { Ra = 150 ohm*cm }\n"
                              "    section all { Ra = 100 ohm*cm }\n")
                   "set M.dend.Ra = 200 ohm*cm\n",
                   "set M.dend.Ra has no effect: the later block 'all' writes Ra in every "
                   "section of 'dend'");
    expect_quiet(MORPH_CELL("    section all { insert pas { g = 3e-5 S/cm2 } }\n"
                            "    section dend { insert pas { g = 6e-5 S/cm2 } }\n")
                 "set M.dend.pas.g = 1e-4 S/cm2\n");
    expect_quiet(MORPH_CELL("    section dend { insert pas { g = 6e-5 S/cm2 } }\n"
                            "    section all { insert pas { e = -70 mV } }\n")
                 "set M.dend.pas.g = 1e-4 S/cm2\n");
}

/* Runs src with --set lines `overrides`; its diagnostics, with one warning
 * expected containing msg (NULL: none). */
static void expect_with_overrides(const char *src, const char *overrides, const char *msg)
{
    struct front_options opt = {.stop_after = PASS_ALL, .overrides = overrides};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    cr_expect_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_expect_eq(diag_warnings(f->diag), msg ? 1 : 0, "%s", diag_of(f));
    if (msg)
        cr_expect(strstr(diag_of(f), msg), "want '%s' in:\n%s", msg, diag_of(f));
    front_destroy(f);
}

/* The one warning (with its note) that --set `overrides` gives src, whole. */
static void expect_override_text(const char *src, const char *overrides, const char *text)
{
    struct front_options opt = {.stop_after = PASS_ALL, .overrides = overrides};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(diag_warnings(f->diag), 1, "%s", diag_of(f));
    cr_assert_str_eq(diag_of(f), text);
    front_destroy(f);
}

/* A set of a stimulus's or synapse's parameter (or its --set, or a set of
 * the mechanism's, which reaches every instance) gets the check the block's
 * value gets, once per set and at the set, with the value each run gives
 * (the protocol's sets, an experiment's, then --set); a value the block
 * checks itself is not reported again. */
#define NETSTIM "stimulus b = NetStim { noise = 0.5; start = 10 ms } -> P via exc { weight = 1 uS; delay = 1 ms }\n"
Test(lint, set_value_checked_as_the_blocks)
{
    expect_warning(BASE NETSTIM "set b.noise = 2\n",
                   "noise = 2 is outside [0, 1]; NetStim clips it to 1");
    expect_warning(BASE NETSTIM "experiment e { set b.noise = -1 }\nexperiment f { }\n",
                   "noise = -1 is outside [0, 1]; NetStim clips it to 0");
    expect_warning(BASE NETSTIM "set NetStim.noise = 2\n",
                   "noise = 2 is outside [0, 1]; NetStim clips it to 1");
    expect_with_overrides(BASE NETSTIM, "set b.noise = 2\n",
                          "--set:1:15: warning: noise = 2 is outside [0, 1]; NetStim clips it to 1");
    expect_quiet(BASE NETSTIM "set b.noise = 1\n");
    expect_quiet(BASE NETSTIM "set NetStim.noise = 2\nset b.noise = 0.5\n");  /* the later wins */
    expect_with_overrides(BASE NETSTIM "experiment e { set b.noise = 2 }\n", "set b.noise = 0.5\n",
                          "--set b.noise overrides experiment 'e'");
    /* the block's own value: reported with the block, once */
    expect_warning(BASE "stimulus b = NetStim { noise = 2 } -> P via exc { weight = 1 uS }\n"
                   "set b.rate = 30 Hz\n", "noise = 2 is outside [0, 1]; NetStim clips it to 1");

    expect_warning(BASE "set exc.tau1 = 2 ms\n", "rise time tau1 = 2 ms is not shorter than "
                   "decay time tau2 = 1 ms; Exp2Syn will use tau1 = 0.9999 * tau2");
    expect_warning(BASE "experiment e { set exc.tau2 = 0.05 ms }\n", "rise time tau1 = 0.1 ms "
                   "is not shorter than decay time tau2 = 0.05 ms; Exp2Syn will use tau1 = 0.9999 * tau2");
    expect_quiet(BASE "set exc.tau1 = 2 ms\nset exc.tau2 = 5 ms\n");
    expect_quiet(BASE "experiment e { set exc.tau1 = 2 ms\n set exc.tau2 = 5 ms }\n");

    expect_warning(BASE NETSTIM "experiment late { set b.start = 200 ms }\n",
                   "stimulus 'b' starts at 200 ms, at or after the end of the simulation (100 ms)");
    expect_warning(BASE "stimulus st = IClamp { del = 10 ms; dur = 5 ms; amp = 0.1 nA } -> P at soma(0.5)\n"
                   "set st.dur = 0 ms\n", "stimulus 'st' has duration 0 ms and is never on");
    expect_warning(BASE NETSTIM "set b.delay = 0.01 ms\n",
                   "delay 0.01 ms is shorter than the time step dt = 0.025 ms; the event arrives "
                   "on the next step");
    expect_warning(BASE NETSTIM "set b.weight = -1 uS\n",
                   "a negative weight onto synapse 'exc', whose weight is a conductance, makes a "
                   "negative conductance (inhibition is a positive weight onto a synapse with a "
                   "negative reversal potential)");
    expect_quiet(BASE NETSTIM "set b.delay = 0.5 ms\nset b.weight = 2 uS\nset b.start = 20 ms\n");
}

/* --set MECH.P reaches every stimulus source and synapse of MECH, after the
 * experiment's own sets: it overrides an experiment's set STIM.P or SYN.P
 * of an instance of MECH (and a sweep's vary of one) as a --set of the same
 * path does; another parameter, or another mechanism's, stays quiet. */
#define STEP "stimulus step = IClamp { del = 10 ms; dur = 50 ms; amp = 0.1 nA } -> P at soma(0.5)\n"
Test(lint, mechanism_set_overrides_an_experiments_instance_set)
{
    expect_override_text(BASE STEP "experiment e { set step.amp = 0.3 nA }\nexperiment f { }\n",
                     "set IClamp.amp = 0.2 nA\n",
                     "--set:1:5: warning: --set IClamp.amp overrides experiment 'e', which sets "
                     "step.amp itself; the results are still filed under 'e'\n"
                     "set IClamp.amp = 0.2 nA\n"
                     "    ^~~~~~~~~~\n"
                     "test.circ:9:16: note: experiment 'e' sets step.amp here\n"
                     "experiment e { set step.amp = 0.3 nA }\n"
                     "               ^~~~~~~~~~~~~~~~~~~~~\n");
    expect_with_overrides(BASE "experiment e { set exc.tau2 = 3 ms }\n", "set Exp2Syn.tau2 = 2 ms\n",
                          "--set Exp2Syn.tau2 overrides experiment 'e', which sets exc.tau2 itself");
    expect_with_overrides(BASE STEP "experiment e { }\nsweep s in e { vary step.amp in [0.1 nA, 0.2 nA] }\n",
                          "set IClamp.amp = 0.2 nA\n",
                          "--set IClamp.amp overrides step.amp, which sweep 's' varies: every "
                          "point runs with it");
    expect_with_overrides(BASE STEP "experiment e { set step.amp = 0.3 nA }\n",
                          "set IClamp.dur = 20 ms\n", NULL);
    expect_with_overrides(BASE "experiment e { set exc.tau2 = 3 ms }\n", "set ExpSyn.tau = 2 ms\n",
                          NULL);
    /* the other way round: the experiment's MECH.P, a --set of one instance */
    expect_with_overrides(BASE STEP "experiment e { set IClamp.amp = 0.3 nA }\n",
                          "set step.amp = 0.2 nA\n",
                          "--set step.amp overrides, for step, the set IClamp.amp of experiment "
                          "'e'; the results are still filed under 'e'");
}

/* A setter writes the parameters its body assigns (NetStim's rate writes
 * interval, IClamp's delay writes del), so a --set of the one overrides an
 * experiment's set (or a sweep's vary) of the other, in every direction:
 * --set applies last (lower_net.c), and the experiment's value changes
 * nothing.  A parameter the setter does not write, or a set of the base
 * protocol (which --set is meant to override), stays quiet. */
#define RATE_STIM "stimulus b = NetStim { rate = 20 Hz; noise = 0 } -> P at soma(0.5) " \
                  "via exc { weight = 0.001 uS; delay = 1 ms }\n"
Test(lint, setter_and_its_parameter_are_one_target)
{
    expect_override_text(BASE RATE_STIM "experiment e { set b.rate = 30 Hz }\nexperiment f { }\n",
                     "set NetStim.interval = 10 ms\n",
                     "--set:1:5: warning: --set NetStim.interval overrides experiment 'e', which "
                     "sets b.rate itself (NetStim's setter rate writes interval); the results are "
                     "still filed under 'e'\n"
                     "set NetStim.interval = 10 ms\n"
                     "    ^~~~~~~~~~~~~~~~\n"
                     "test.circ:9:16: note: experiment 'e' sets b.rate here\n"
                     "experiment e { set b.rate = 30 Hz }\n"
                     "               ^~~~~~~~~~~~~~~~~~\n");
    expect_with_overrides(BASE RATE_STIM "experiment e { set NetStim.interval = 25 ms }\n",
                          "set b.rate = 50 Hz\n",
                          "--set b.rate overrides, for b, the set NetStim.interval of experiment "
                          "'e' (NetStim's setter rate writes interval); the results are still "
                          "filed under 'e'");
    expect_with_overrides(BASE RATE_STIM "experiment e { set b.interval = 25 ms }\n",
                          "set b.rate = 50 Hz\n",
                          "--set b.rate overrides experiment 'e', which sets b.interval itself "
                          "(NetStim's setter rate writes interval)");
    expect_with_overrides(BASE RATE_STIM "experiment e { set NetStim.rate = 30 Hz }\n",
                          "set NetStim.interval = 10 ms\n",
                          "--set NetStim.interval overrides experiment 'e', which sets "
                          "NetStim.rate itself (NetStim's setter rate writes interval)");
    expect_with_overrides(BASE RATE_STIM "experiment e { }\n"
                          "sweep s in e { vary b.rate in [10 Hz, 20 Hz] }\n",
                          "set NetStim.interval = 10 ms\n",
                          "--set NetStim.interval overrides b.rate, which sweep 's' varies "
                          "(NetStim's setter rate writes interval): every point runs with it");
    expect_with_overrides(BASE STEP "experiment e { set step.del = 20 ms }\n",
                          "set IClamp.delay = 5 ms\n",
                          "--set IClamp.delay overrides experiment 'e', which sets step.del "
                          "itself (IClamp's setter delay writes del)");
    expect_with_overrides(BASE RATE_STIM "experiment e { set b.rate = 30 Hz }\n",
                          "set NetStim.noise = 0.5\n", NULL);
    expect_with_overrides(BASE RATE_STIM "experiment e { set b.noise = 0.5 }\n",
                          "set b.rate = 50 Hz\n", NULL);
    expect_with_overrides(BASE RATE_STIM "set b.rate = 30 Hz\nexperiment e { }\n",
                          "set NetStim.interval = 10 ms\n", NULL);
}

/* A sweep's values are sets of its points: a value a point would clip or
 * swap (a list's, a range's end) warns at the vary line; values in range
 * stay quiet. */
Test(lint, vary_values_checked_as_sets)
{
    const char *stim = "stimulus b = NetStim { rate = 20 Hz; noise = 0.5 } -> P at soma(0.5) "
                       "via exc { weight = 0.001 uS; delay = 1 ms }\n"
                       "experiment control { }\n";
    char src[2048];
    snprintf(src, sizeof src, "%s%ssweep s in control { vary b.noise in [0.5, 2] }\n", BASE, stim);
    expect_warning(src, "noise = 2 is outside [0, 1]; NetStim clips it to 1");
    snprintf(src, sizeof src, "%s%ssweep s in control { vary exc.tau1 from 0.1 ms to 5 ms in 3 "
             "steps }\n", BASE, stim);
    expect_warning(src, "rise time tau1 = 5 ms is not shorter than decay time tau2 = 1 ms; "
                   "Exp2Syn will use tau1 = 0.9999 * tau2");
    snprintf(src, sizeof src, "%s%ssweep s in control { vary b.noise from 0 to 1 in 3 steps }\n",
             BASE, stim);
    expect_quiet(src);
}
