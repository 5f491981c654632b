/* test_sema.c - compiler/sema/sema_names.c, sema_units.c, sema_model.c: names,
 * duplicates, units, mechanism bodies, property schemas, analysis typing. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "helpers.h"
#include "sema.h"

/* A small valid network that cases extend. */
#define CELL "cell PYR {\n" \
             "    section soma { L = 18.8 um; diam = 18.8 um; insert hh { gnabar = 0.12 S/cm2 } }\n" \
             "    section dend { L = 100 um; diam = 2 um; insert pas }\n" \
             "    attach dend(0) to soma(1)\n" \
             "}\n"
#define BASE CELL \
    "population Exc_L23 of PYR { count = 4 }\n" \
    "synapse exc = Exp2Syn { tau1 = 0.1 ms; tau2 = 1 ms; e = 0 mV }\n" \
    "connect Exc_L23 -> Exc_L23 at soma(0.5) via exc { probability = 0.5; weight = 0.001 uS; delay = 2 ms }\n" \
    "simulation { duration = 100 ms; dt = 0.025 ms }\n"

static void expect_clean(const char *src)
{
    struct front *f = check_src(src);
    cr_expect_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_expect_eq(diag_warnings(f->diag), 0, "%s", diag_of(f));
    front_destroy(f);
}

/* Asserts an error whose text (from "error: " on) contains `msg`. */
static void expect_error(const char *src, const char *msg)
{
    struct front *f = check_src(src);
    const char *t = diag_of(f);
    cr_expect_geq(diag_errors(f->diag), 1, "no error for:\n%s", src);
    char want[512];
    snprintf(want, sizeof want, "error: %s\n", msg);
    cr_expect(strstr(t, want), "want '%s' in:\n%s", msg, t);
    front_destroy(f);
}

Test(sema, base_model_is_clean)
{
    expect_clean(BASE);
}

/* ---- names ---------------------------------------------------------------------- */

Test(sema, unknown_names_with_suggestions)
{
    expect_error(BASE "connect Exc_L32 -> Exc_L23 via exc { probability = 0.1; weight = 1 uS }\n",
                 "unknown population or group 'Exc_L32'; did you mean 'Exc_L23'?");
    expect_error(BASE "population Q of PYRR { count = 1 }\n",
                 "unknown cell type 'PYRR'; did you mean 'PYR'?");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exx { probability = 0.1; weight = 1 uS }\n",
                 "unknown synapse 'exx'; did you mean 'exc'?");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 at dned(0.5) via exc { probability = 0.1; weight = 1 uS }\n",
                 "unknown section 'dned'; did you mean 'dend'?");
    expect_error(BASE "stimulus s = NetStm { } -> all via exc { weight = 1 uS }\n",
                 "unknown mechanism 'NetStm'; did you mean 'NetStim'?");
    expect_error(BASE "experiment control { }\nmeasure m in contro = 1\n",
                 "unknown experiment 'contro'; did you mean 'control'?");
}

Test(sema, unknown_name_without_a_close_candidate)
{
    expect_error(BASE "population Q of Zebra { count = 1 }\n", "unknown cell type 'Zebra'");
}

Test(sema, suggestions_ignore_case)
{
    expect_error(BASE "group G = exc_l23\n",
                 "unknown population or group 'exc_l23'; did you mean 'Exc_L23'?");
}

Test(sema, wrong_kind_of_name)
{
    expect_error(BASE "group G = exc\n", "'exc' is a synapse, not a population or group");
    expect_error(BASE "population Q of Exc_L23 { count = 1 }\n",
                 "'Exc_L23' is a population, not a cell type");
    expect_error(BASE "synapse s = pas { }\n",
                 "synapse 's' needs a point process, and 'pas' is a density mechanism");
    expect_error(CELL "population P of PYR { count = 1 }\n"
                 "cell B { section soma { insert IClamp } }\n",
                 "'IClamp' is not a density mechanism; only density mechanisms can be inserted "
                 "into a section");
}

Test(sema, duplicate_definitions_have_a_note)
{
    struct front *f = check_src(BASE "population Exc_L23 of PYR { count = 1 }\n");
    const char *t = diag_of(f);
    cr_assert(strstr(t, "test.circ:10:12: error: population 'Exc_L23' is already defined\n"), "%s", t);
    cr_assert(strstr(t, "test.circ:6:12: note: previous definition of 'Exc_L23' is here\n"), "%s", t);
    cr_assert_eq(diag_errors(f->diag), 1);
    front_destroy(f);
}

Test(sema, one_namespace_for_top_level_names)
{
    expect_error(BASE "window exc = [1 ms, 2 ms)\n", "window 'exc' is already defined");
}

Test(sema, stdlib_names_cannot_be_redefined)
{
    struct front *f = check_src("point Exp2Syn { parameter tau = 1 ms }\n");
    const char *t = diag_of(f);
    cr_assert(strstr(t, "test.circ:1:7: error: mechanism 'Exp2Syn' is already defined\n"), "%s", t);
    cr_assert(strstr(t, "stdlib/Exp2Syn.circ:"), "%s", t);
    front_destroy(f);
}

Test(sema, without_stdlib_hh_is_unknown)
{
    struct front *f = check_src_opts(BASE, true, PASS_ALL);
    cr_assert(strstr(diag_of(f), "error: unknown mechanism 'hh'"), "%s", diag_of(f));
    front_destroy(f);
}

Test(sema, duplicate_members)
{
    expect_error("cell A { section soma { } section soma { } }\n", "section 'soma' is already defined");
    expect_error("density d { parameter g = 1 S/cm2; state g\n current i = g * v }\n",
                 "state 'g' is already defined");
    expect_error("density d { initial { } initial { } current i = 0 mA/cm2 }\n",
                 "mechanism 'd' has more than one initial block");
    expect_error(BASE "simulation { }\n", "more than one simulation block");
}

Test(sema, names_resolve_to_symbols)
{
    struct front *f = check_src(BASE);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *prog = f->programs[f->main_program];
    struct ast *pop = prog->kids[1];
    cr_assert_eq(pop->kind, AST_POPULATION);
    cr_assert_not_null(pop->sym);
    cr_assert_eq(pop->sym->kind, SYM_POPULATION);
    cr_assert_eq(pop->kids[0]->sym->kind, SYM_CELL);
    struct ast *cn = prog->kids[3];
    cr_assert_eq(cn->kids[2]->sym->kind, SYM_SECTION);
    cr_assert_eq(cn->kids[3]->sym->kind, SYM_SYNAPSE);
    struct ast *ins = prog->kids[0]->kids[0]->kids[2];
    cr_assert_eq(ins->kind, AST_INSERT);
    cr_assert_eq(ins->sym->kind, SYM_MECH);
    cr_assert(ins->sym->from_stdlib);
    front_destroy(f);
}

/* ---- units ------------------------------------------------------------------------ */

/* The math built-ins of constants are constants (sqrt(scale) was "must be
 * a constant" where scale ^ 0.5 was one). */
Test(sema, math_of_constants_is_constant)
{
    expect_clean("parameter scale = 4\n" BASE
                 "network { size_x = 500 um * sqrt(scale); size_y = 1000 um * max(1, scale / 8); "
                 "size_z = 500 um * exp(log(scale)) }\n");
    expect_error("parameter scale = 4\n" BASE "network { size_x = 500 um * sqrt(scale, 2) }\n",
                 "'sqrt' takes 1 argument, got 2");
}

Test(sema, property_units)
{
    expect_error(BASE "network { size_x = 5 ms }\n",
                 "expected a length (um) for 'size_x', got a time (ms)");
    expect_error("simulation { duration = 100 mV }\n",
                 "expected a time (ms) for 'duration', got a voltage (mV)");
    expect_error("simulation { dt = 0.025 }\n",
                 "expected a time (ms) for 'dt', got a dimensionless number");
}

Test(sema, the_users_spelling_appears_in_messages)
{
    expect_error("simulation { duration = 1 s; v_init = 2 s }\n",
                 "expected a voltage (mV) for 'v_init', got a time (s)");
}

Test(sema, unit_mismatch_in_arithmetic)
{
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * (v + 1 ms) }\n",
                 "unit mismatch: 'mV' + 'ms' (a voltage (mV) and a time (ms))");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * (t < v ? 1 : 0) }\n",
                 "unit mismatch: 'ms' < 'mV' (a time (ms) and a voltage (mV))");
}

Test(sema, scaled_units_convert)
{
    /* 120 mS/cm2 is 0.12 S/cm2: a factor of 1e-3 on the value */
    struct front *f = check_src(BASE "set hh.gnabar = 120 mS/cm2\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *prog = f->programs[f->main_program];
    struct ast *set = prog->kids[prog->nkids - 1];
    cr_assert_eq(set->kind, AST_SET);
    cr_assert_float_eq(set->kids[1]->scale, 1e-3, 1e-15);
    front_destroy(f);
}

Test(sema, math_functions_need_dimensionless_arguments)
{
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * exp(v) }\n",
                 "expected a dimensionless number for argument 1 of 'exp', got a voltage (mV)");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v ^ 0.5 }\n",
                 "a quantity with a unit (a voltage (mV)) can only be raised to a constant "
                 "integer power");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * 2 ^ (1 mV) }\n",
                 "an exponent must be dimensionless, got a voltage (mV)");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * sqrt(v) }\n",
                 "cannot take the square root of a voltage (mV)");
}

Test(sema, power_and_sqrt_of_quantities)
{
    expect_clean("density d { parameter g = 1 S/cm2, k = 1 mV^-1\n"
                 "  current i = g * sqrt(v^2) * (k * v)^2 }\n"
                 "cell C { section s { insert d } }\npopulation P of C { count = 1 }\n"
                 "simulation { duration = 10 ms }\n");
}

Test(sema, function_arity_and_argument_units)
{
    const char *fn = "density d { parameter g = 1 S/cm2\n"
                     "  function f(x: mV, y: ms): mV { return x }\n";
    char src[512];
    snprintf(src, sizeof src, "%s current i = g * f(v) }\n", fn);
    expect_error(src, "function 'f' takes 2 arguments, got 1");
    snprintf(src, sizeof src, "%s current i = g * f(1 ms, 1 ms) }\n", fn);
    expect_error(src, "expected a voltage (mV) for argument 'x' of 'f', got a time (ms)");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * exp(1, 2) }\n",
                 "'exp' takes 1 argument, got 2");
    expect_error("measure m = rate(all)\n",
                 "'rate' takes 2 arguments (or 3 with an experiment), got 1");
}

Test(sema, function_results)
{
    expect_error("density d { parameter g = 1 S/cm2\n"
                 "  function f(x: mV): mV { return x / 1 ms }\n current i = g * f(v) }\n",
                 "expected a voltage (mV) for the result of 'f', got a voltage rate (mV/ms)");
    expect_error("density d { parameter g = 1 S/cm2\n"
                 "  function f(x: mV): mV { if x > 0 mV { return x } }\n current i = g * f(v) }\n",
                 "function 'f' does not return a value on every path");
}

Test(sema, builtin_visibility)
{
    expect_error("artificial A { receive(w) { emit() }\n initial { let q = v } }\n",
                 "'v' is only available in density mechanisms and point processes");
    struct front *f = check_src("density d { parameter g = 1 S/cm2\n current i = g * v * flag }\n");
    cr_expect(strstr(diag_of(f), "error: 'flag' is only available in receive blocks"), "%s",
              diag_of(f));
    front_destroy(f);
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * area / 1 um2 }\n",
                 "'area' is only available in point processes");
    expect_error("density d { parameter g = 1 S/cm2\n current i = g * v * exp }\n",
                 "built-in function 'exp' must be called with ( )");
}

/* ---- mechanism statements --------------------------------------------------------- */

Test(sema, derivative_of_a_non_state)
{
    expect_error("density d { parameter g = 1 S/cm2, m = 1\n derivative { m' = -m / 1 ms }\n"
                 " current i = g * v * m }\n",
                 "'m' is a parameter, not a state; only states have derivatives");
    expect_error("density d { parameter g = 1 S/cm2\n derivative { q' = 1 / 1 ms }\n"
                 " current i = g * v }\n",
                 "unknown state 'q'");
    expect_error("density d { parameter g = 1 S/cm2\n state m\n initial { m' = 1 / 1 ms }\n"
                 " current i = g * v * m }\n",
                 "m' = ... belongs in the derivative block");
    expect_error("density d { parameter g = 1 S/cm2, tau = 1 ms\n state m\n"
                 " derivative { m' = m / tau * 1 mV }\n current i = g * v * m }\n",
                 "expected a frequency (Hz) for m' (the rate of change of 'm'), got a voltage "
                 "rate (mV/ms)");
}

Test(sema, states_are_assigned_with_primes_in_derivative)
{
    expect_error("density d { parameter g = 1 S/cm2\n state m\n derivative { m = 1 }\n"
                 " current i = g * v * m }\n",
                 "assign state 'm' in a derivative block with m' = ...");
}

/* a .mod file's clamp after the update: NMODL arithmetic's plain (cnexp)
 * block only; euler's, runge's and implicit's statements are the integration */
Test(sema, nmodl_derivative_assigns_a_state_where_it_stands)
{
    expect_clean("density d nmodl { parameter g = 1 S/cm2\n state m\n"
                 " derivative { m' = 1 - m\n if m > 0.5 { m = 0.5 } }\n current i = g * v * m }\n"
                 "cell C { section s { insert d } }\npopulation P of C { count = 1 }\n"
                 "simulation { duration = 10 ms }\n");
    expect_error("density d nmodl { parameter g = 1 S/cm2\n state m\n"
                 " derivative implicit { m' = 1 - m\n m = 0.5 }\n current i = g * v * m }\n",
                 "assign state 'm' in a derivative block with m' = ...");
}

Test(sema, return_outside_a_function)
{
    expect_error("density d { parameter g = 1 S/cm2\n initial { return 1 }\n current i = g * v }\n",
                 "'return' outside a function");
}

Test(sema, assignments)
{
    expect_error("density d { constant e = 1 mV\n parameter g = 1 S/cm2\n initial { e = 2 mV }\n"
                 " current i = g * (v - e) }\n",
                 "cannot assign to constant 'e'");
    expect_error("density d { parameter g = 1 S/cm2\n initial { t = 1 ms }\n current i = g * v }\n",
                 "cannot assign to built-in variable 't'");
    expect_error("density d { parameter g = 1 S/cm2\n initial { q = 1 }\n current i = g * v }\n",
                 "unknown variable 'q'; use 'let q = ...' for a local");
    expect_error("density d { parameter g = 1 S/cm2\n initial { g = 1 mV }\n current i = g * v }\n",
                 "expected a conductance density (S/cm2) for 'g', got a voltage (mV)");
}

Test(sema, locals)
{
    expect_error("density d { parameter g = 1 S/cm2\n initial { let x = 1\n let x = 2 }\n"
                 " current i = g * v }\n",
                 "local 'x' is already defined in this block");
    expect_error("density d { parameter g = 1 S/cm2\n initial { let g = 1 }\n current i = g * v }\n",
                 "local 'g' hides the mechanism's parameter 'g'");
    expect_error("density d { parameter g = 1 S/cm2\n initial { let s = \"x\" }\n current i = g * v }\n",
                 "a local must hold a number, got a string");
}

Test(sema, conditions)
{
    expect_error("density d { parameter g = 1 S/cm2\n initial { if g { } }\n current i = g * v }\n",
                 "the condition of 'if' must be a condition, got a conductance density (S/cm2)");
}

Test(sema, mechanism_kinds)
{
    expect_error("density d { parameter g = 1 S/cm2 }\n", "density mechanism 'd' defines no current");
    expect_error("density d { electrode_current i = 1 mA/cm2 }\n",
                 "an electrode current belongs to a point process");
    expect_error("density d { parameter g = 1 S/cm2\n receive(w) { }\n current i = g * v }\n",
                 "a density mechanism cannot receive events");
    expect_error("artificial A { state m\n derivative { m' = 1 / 1 ms } }\n",
                 "an artificial cell has no derivative block; it changes only when it receives "
                 "events");
    expect_error("artificial A { current i = 1 nA }\n", "an artificial cell has no membrane current");
    expect_error("point P { parameter g = 1 uS\n current i = g * v * 1 um }\n",
                 "expected a current (nA) for current 'i' of point mechanism 'P', got a quantity "
                 "in m*A");
    expect_error("point P { receive() { } }\n", "receive takes the weight as its first argument");
    expect_error("point P { receive(a, b) { a = b } }\n",
                 "cannot assign to the weight 'a': it is the connection's; its other arguments are "
                 "its state");
    expect_error("density d { parameter v = 1 mV\n current i = 0 mA/cm2 }\n",
                 "'v' is a built-in name and cannot be redefined");
}

Test(sema, tables)
{
    expect_error("density d { parameter g = 1 S/cm2\n assigned a\n"
                 " procedure r(x: mV) table a from 100 mV to -100 mV with 200 { a = 1 }\n"
                 " initial { r(v) }\n current i = g * v }\n",
                 "the table's range is empty: it must go from a lower to a higher value");
    expect_error("density d { parameter g = 1 S/cm2\n assigned a\n"
                 " procedure r(x: mV) table a from -100 mV to 100 mV with 0.5 { a = 1 }\n"
                 " initial { r(v) }\n current i = g * v }\n",
                 "the number of table intervals must be a whole number from 1 to 10000000");
    expect_error("density d { parameter g = 1 S/cm2\n"
                 " procedure r(x: mV) table g from -100 mV to 100 mV with 200 { }\n"
                 " initial { r(v) }\n current i = g * v }\n",
                 "a table holds assigned variables, and 'g' is a parameter");
    expect_error("density d { parameter g = 1 S/cm2\n assigned a\n"
                 " procedure r(x: mV) table a from -100 ms to 100 ms with 200 { a = 1 }\n"
                 " initial { r(v) }\n current i = g * v }\n",
                 "expected a voltage (mV) for the start of the table, got a time (ms)");
}

Test(sema, procedures_have_no_value)
{
    expect_error("density d { parameter g = 1 S/cm2\n procedure r(x: mV) { }\n"
                 " current i = g * v * r(v) }\n",
                 "procedure 'r' has no value; call it as a statement");
}

/* ---- model properties -------------------------------------------------------------- */

Test(sema, unknown_properties)
{
    expect_error(BASE "network { sizex = 1 um }\n",
                 "unknown property 'sizex' for the network; did you mean 'size_x'?");
    expect_error(BASE "network { colour = 1 }\n", "unknown property 'colour' for the network");
    expect_error(BASE "set hh.gnabr = 1 S/cm2\n", "'hh' has no parameter 'gnabr'; did you mean 'gnabar'?");
    expect_error(BASE "synapse s2 = Exp2Syn { factor = 1 }\n",
                 "'factor' is an assigned variable of 'Exp2Syn', not a parameter that can be set");
    expect_error(BASE "synapse s2 = Exp2Syn { i = 1 nA }\n", "'Exp2Syn' has no parameter 'i'");
}

Test(sema, duplicate_property)
{
    struct front *f = check_src(BASE "network { size_x = 1 um; size_x = 2 um }\n");
    const char *t = diag_of(f);
    cr_assert(strstr(t, "test.circ:10:26: error: property 'size_x' is set twice\n"), "%s", t);
    cr_assert(strstr(t, "test.circ:10:11: note: first set here\n"), "%s", t);
    front_destroy(f);
}

Test(sema, value_ranges)
{
    expect_error(CELL "population P of PYR { count = 1 }\n"
                 "cell B { section s { nseg = 0 } }\n", "'nseg' must be between 1 and 32767, got 0");
    expect_error(CELL "cell B { section s { L = -1 um } }\n", "'L' must be positive, got -1 um");
    expect_error(BASE "population Q of PYR { count = 1; ynorm = 0.5 .. 1.2 }\n",
                 "'ynorm' must be between 0 and 1, got 1.2");
    expect_error(BASE "population Q of PYR { count = 1.5 }\n", "'count' must be a whole number from 0 to 1000000000, got 1.5");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { probability = 1.5; weight = 1 uS }\n",
                 "'probability' must be between 0 and 1, got 1.5");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { convergence = -1; weight = 1 uS }\n",
                 "'convergence' must be between 0 and 1000000000, got -1");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { convergence = 2147483648; weight = 1 uS }\n",
                 "'convergence' must be between 0 and 1000000000, got 2147483648");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { convergence = 2.7; weight = 1 uS }\n",
                 "'convergence' must be a whole number from 0 to 1000000000, got 2.7");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { divergence = 1e10; weight = 1 uS }\n",
                 "'divergence' must be between 0 and 1000000000, got 10000000000");
    expect_error(BASE "population Q of PYR { count = 1e12 }\n",
                 "'count' must be between 0 and 1000000000, got 1000000000000");
    expect_error(CELL "cell B { section s { diam = 0 um } }\n", "'diam' must be positive, got 0 um");
    expect_error(CELL "cell B { section s { Ra = 0 ohm*cm } }\n", "'Ra' must be positive, got 0 ohm*cm");
    expect_error(CELL "cell B { section s { cm = 0 uF/cm2 } }\n", "'cm' must be positive, got 0 uF/cm2");
    expect_error(CELL "cell B { section s { L = 1e300 um * 1e300 } }\n", "'L' must be a finite number, got inf");
    expect_error(BASE "set PYR.soma.L = 0 um\n", "'L' must be positive, got 0 um");
    expect_error(BASE "set PYR.soma.nseg = 3.5\n", "'nseg' must be a whole number from 1 to 32767, got 3.5");
    expect_error(CELL "simulation { duration = 0 ms }\n", "'duration' must be positive, got 0 ms");
    expect_error(CELL "simulation { dt = 0 ms }\n", "'dt' must be positive, got 0 ms");
    expect_error(CELL "simulation { duration = 1 ms; v_init = -2e4 mV }\n",
                 "'v_init' must be between -10000 and 10000 mV, got -20000");
    expect_error(CELL "simulation { duration = 1 ms; temperature = -274 degC }\n",
                 "'temperature' must be above -273.15 degC (absolute zero), got -274 degC");
    expect_error(CELL "simulation { seed = 1.5 }\n", "'seed' must be a whole number from 0 to 4294967295, got 1.5");
    expect_error(BASE "connect Exc_L23[1e10] -> Exc_L23 via exc { probability = 1; weight = 1 uS }\n",
                 "a cell index must be a whole number from 0 to 999999999");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 at soma(2) via exc { probability = 1; weight = 1 uS }\n",
                 "a position along a section must be between 0 and 1, got 2");
}

/* The simulation's temperature as lowering reads it (NAN: none or not a
 * constant), from src with --set lines `sets` (or NULL). */
static double temperature_of(const char *src, const char *sets)
{
    struct front_options opt = {.stop_after = PASS_ALL, .overrides = sets};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    cr_expect_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *p = ast_find_prop(f->sema->simulation, "temperature");
    double t;
    if (!p || !sema_const_value(p->kids[0], &t))
        t = NAN;
    front_destroy(f);
    return t;
}

/* an absolute temperature in kelvin is moved to degC (K and degC are one
 * unit to sema, so 279.45 K ran as 279.45 degC); exactly: 279.45 K runs as
 * 6.3 degC does */
Test(sema, temperature_in_kelvin)
{
    cr_expect_eq(temperature_of(CELL "simulation { duration = 1 ms; temperature = 279.45 K }\n",
                                NULL), 6.3);
    cr_expect_eq(temperature_of(CELL "simulation { duration = 1 ms; temperature = 6.3 degC }\n",
                                NULL), 6.3);
    cr_expect_eq(temperature_of(CELL "simulation { duration = 1 ms }\n",
                                "set simulation.temperature = 310.15K\n"), 37);
    cr_expect_eq(temperature_of(CELL "simulation { duration = 1 ms }\n"
                                "set simulation.temperature = 0.15 K\n", NULL), -273);
    cr_expect_eq(temperature_of(CELL "parameter T = 6.3 degC\n"
                                "simulation { duration = 1 ms; temperature = T }\n",
                                "set T = 279.45 K\n"), 6.3);
    cr_expect_eq(temperature_of(CELL "parameter T: K = 279.45 K\n"
                                "simulation { duration = 1 ms; temperature = T }\n", NULL), 6.3);
    expect_error(CELL "simulation { duration = 1 ms; temperature = -5 K }\n",
                 "'temperature' must be above -273.15 degC (absolute zero), got -278.15 degC");
    expect_error(CELL "simulation { duration = 1 ms; temperature = 300 K - 20 K }\n",
                 "a temperature in kelvin must be one number, such as 310.15 K (read as 37 "
                 "degC); write this one in degC");
    expect_error(CELL "parameter T: K = 6.3 degC\nsimulation { duration = 1 ms; temperature = T }\n",
                 "a temperature in kelvin must be one number, such as 310.15 K (read as 37 "
                 "degC); write this one in degC");
}

/* GHK and the Nernst potential divide by R*T: a temperature at absolute
 * zero is refused as one below it is, wherever a temperature is given (the
 * block, in K or degC, a model parameter, a top-level set, --set); just
 * above it passes.  Experiments and sweeps cannot set the simulation. */
static void expect_temperature_refused(const char *src, const char *sets, const char *got)
{
    struct front_options opt = {.stop_after = PASS_ALL, .overrides = sets};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    char want[160];
    snprintf(want, sizeof want, "error: 'temperature' must be above -273.15 degC (absolute zero), "
             "got %s\n", got);
    cr_expect_eq(diag_errors(f->diag), 1, "%s%s", src, diag_of(f));
    cr_expect(strstr(diag_of(f), want), "want '%s' in:\n%s", want, diag_of(f));
    front_destroy(f);
}

Test(sema, temperature_at_absolute_zero)
{
    const char *sim = CELL "simulation { duration = 1 ms }\n";
    expect_temperature_refused(CELL "simulation { duration = 1 ms; temperature = 0 K }\n", NULL,
                               "-273.15 degC");
    expect_temperature_refused(CELL "simulation { duration = 1 ms; temperature = -273.15 degC }\n",
                               NULL, "-273.15 degC");
    expect_temperature_refused(CELL "parameter T: K = 0 K\n"
                               "simulation { duration = 1 ms; temperature = T }\n", NULL,
                               "-273.15 degC");
    expect_temperature_refused(CELL "simulation { duration = 1 ms }\n"
                               "set simulation.temperature = 0 K\n", NULL, "-273.15 degC");
    expect_temperature_refused(sim, "set simulation.temperature = 0 K\n", "-273.15 degC");
    expect_temperature_refused(sim, "set simulation.temperature = -273.15 degC\n", "-273.15 degC");
    expect_temperature_refused(CELL "parameter T = 6.3 degC\n"
                               "simulation { duration = 1 ms; temperature = T }\n",
                               "set T = 0 K\n", "-273.15 degC");
    cr_expect_eq(temperature_of(sim, "set simulation.temperature = -273.14 degC\n"), -273.14);
    cr_expect_eq(temperature_of(sim, "set simulation.temperature = 0.01 K\n"), -273.14);
    expect_error(CELL "simulation { duration = 1 ms }\nexperiment e { set simulation.temperature "
                 "= 0 K }\n", "an experiment cannot set the simulation: every experiment runs the "
                 "same one (set it at the top level or with --set)");
    expect_error(CELL "simulation { duration = 1 ms }\nexperiment e { }\n"
                 "sweep s in e { vary simulation.temperature in [0 K, 300 K] }\n",
                 "a sweep cannot vary 'simulation.temperature': every point runs the same "
                 "simulation (give the values with --set, one run each)");
}

/* a value that is not a finite number is refused for every parameter,
 * with a range or not: a NaN compares false, so a stimulus with
 * del = 0 ms / 0 never started, silently */
#define STEP(props) "stimulus st = IClamp { " props " } -> Exc_L23 at soma(0.5)\n"
Test(sema, parameter_values_are_finite)
{
    expect_error(BASE STEP("del = 0 ms / 0; dur = 1 ms; amp = 1 nA"),
                 "'del' of 'IClamp' must be a finite number, got nan");
    expect_error(BASE STEP("del = 1 ms; dur = 1 ms; amp = 1 nA") "set st.del = 1e308 ms * 10\n",
                 "'del' of 'IClamp' must be a finite number, got inf");
    expect_error(BASE STEP("del = 1 ms; dur = 1 ms; amp = 1 nA") "set IClamp.dur = 0 ms / 0\n",
                 "'dur' of 'IClamp' must be a finite number, got nan");
    expect_error(BASE "experiment e {\n" STEP("del = 1 ms; dur = 1 ms; amp = 0 nA / 0") "}\n",
                 "'amp' of 'IClamp' must be a finite number, got nan");
    expect_error(BASE "stimulus b = NetStim { start = 0 ms / 0 } -> Exc_L23 via exc { weight = 1 uS }\n",
                 "'start' of 'NetStim' must be a finite number, got nan");
    expect_error(BASE "set exc.e = 1e308 mV * 10\n", "'e' of 'Exp2Syn' must be a finite number, got inf");
    expect_error(BASE "set PYR.dend.pas.e = 0 mV / 0\n", "'e' of 'pas' must be a finite number, got nan");
    expect_error(BASE "set pas.e = 0 mV / 0\n", "'e' of 'pas' must be a finite number, got nan");
    expect_error("point Q { parameter tau = 0 ms / 0\n state g: uS\n derivative { g' = -g / tau }\n"
                 " current i = g * v\n receive(w: uS) { g = g + w } }\n",
                 "'tau' of 'Q' must be a finite number, got nan");
    /* other constants that compared their way past a NaN or an infinity */
    expect_error(BASE "set PYR.soma.ena = 1e308 mV * 10\n", "'ena' must be a finite number, got inf");
    expect_error(BASE "set PYR.soma.nai = 1e308 mM * 10\n", "'nai' must be a finite number, got inf");
    expect_error(BASE "population Q of PYR { count = 1; x = 0 um .. 1e308 um * 10 }\n",
                 "'x' must be a finite number, got inf");
    expect_error(BASE "population Q of PYR { count = 1; ynorm = 0 / 0 .. 1 }\n",
                 "'ynorm' must be a finite number, got nan");
    expect_error(CELL "simulation { duration = 1 ms; record v of all at soma(0.5) every 1e308 ms * 10 }\n",
                 "a recording interval must be a finite number, got inf");
}

/* spike_at takes the position check of every other location (it was
 * clamped into the section) */
Test(sema, spike_at_position_between_0_and_1)
{
    expect_error(CELL "cell B { section s { L = 10 um; diam = 10 um }\n spike_at = s(7) }\n",
                 "a position along a section must be between 0 and 1, got 7");
    expect_error(CELL "cell B { section s { L = 10 um; diam = 10 um }\n spike_at = s(-1) }\n",
                 "a position along a section must be between 0 and 1, got -1");
    expect_error(CELL "cell B { section s { L = 10 um; diam = 10 um }\n spike_at = s(2 ms) }\n",
                 "expected a dimensionless number for a position along a section, got a time (ms)");
    expect_error(BASE "stimulus st = IClamp { del = 1 ms; dur = 1 ms; amp = 1 nA } -> Exc_L23 at soma(0 / 0)\n",
                 "a position along a section must be between 0 and 1, got nan");
    expect_clean(BASE "cell B { section s { L = 10 um; diam = 10 um }\n spike_at = s(1) }\n"
                 "population Q of B { count = 1 }\n");
}

/* `parameter x = d where ...`: the mechanism's range, checked wherever a
 * value is given for x (and for its default). */
#define RSYN "point RSyn {\n" \
             "    parameter tau = 1 ms where 0 ms < tau and tau <= 1 s, e = 0 mV\n" \
             "    setter rate: Hz where rate > 0 Hz { tau = 1 / rate }\n" \
             "    state g: uS\n" \
             "    derivative { g' = -g / tau }\n" \
             "    current i = g * (v - e)\n" \
             "    receive(w: uS) { g = g + w }\n" \
             "}\n"

Test(sema, parameter_ranges)
{
    expect_clean(RSYN BASE "synapse r = RSyn { tau = 1 s }\nset r.rate = 2 Hz\n");
    expect_error(RSYN BASE "synapse r = RSyn { tau = 0 ms }\n",
                 "'tau' of 'RSyn' must be > 0 ms and <= 1000 ms, got 0 ms");
    expect_error(RSYN BASE "synapse r = RSyn { tau = 1.5 s }\n",
                 "'tau' of 'RSyn' must be > 0 ms and <= 1000 ms, got 1500 ms");
    expect_error(RSYN BASE "synapse r = RSyn { }\nset r.rate = 0 Hz\n",
                 "'rate' of 'RSyn' must be > 0 Hz, got 0 Hz");
    expect_error(RSYN BASE "synapse r = RSyn { }\nexperiment x { set r.tau = -2 ms }\n",
                 "'tau' of 'RSyn' must be > 0 ms and <= 1000 ms, got -2 ms");
    expect_error(BASE "stimulus s = IClamp { } -> Exc_L23 at soma(0.5)\n"
                 "stimulus n = NetStim { interval = 0 ms } -> Exc_L23 via exc { weight = 1 uS }\n",
                 "'interval' of 'NetStim' must be > 0 ms, got 0 ms");
    expect_error(BASE "experiment x { stimulus n = NetStim { number = -1 } -> Exc_L23 via exc "
                 "{ weight = 1 uS } }\n", "'number' of 'NetStim' must be >= 0, got -1");
    expect_error("density d { parameter g = 1 S/cm2 where g > 0 mV; current i = g * v }\n",
                 "expected a conductance density (S/cm2) for a bound of 'g', got a voltage (mV)");
    expect_error("density d { parameter g = 1 S/cm2 where e > 0 S/cm2; current i = g * v }\n",
                 "a 'where' condition on 'g' compares it with constants, joined by 'and' "
                 "(such as g > 0, or g >= 0 and g <= 1)");
    expect_error("density d { constant k = 2 where k > 1; parameter g = 1 S/cm2; current i = g * v * k }\n",
                 "only a parameter or setter can have a 'where' condition, and 'k' is a constant");
    expect_error("density d { parameter g = 1 S/cm2, h = 2 S/cm2 where h > g; current i = g * h / g * v }\n",
                 "a bound of 'h' must be a finite constant");
    /* the tighter of two bounds on one side counts */
    expect_error("density d { parameter g = 1 S/cm2 where g > 0 S/cm2 and g >= 2 S/cm2; "
                 "current i = g * v }\n", "'g' of 'd' must be >= 2 S/cm2, got 1 S/cm2");
}

/* A model with cells to simulate says for how long; a library does not. */
Test(sema, simulation_duration_required)
{
    static const char *const libraries[] = {CELL, "density d { parameter g = 1 S/cm2; current i = g * v }\n"};
    for (int i = 0; i < 2; i++) {
        struct front *f = check_src(libraries[i]);
        cr_expect_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
        front_destroy(f);
    }
    expect_error(CELL "population P of PYR { count = 1 }\n",
                 "the model has no 'simulation' block: add one with the duration to simulate, "
                 "such as simulation { duration = 1000 ms }");
    expect_error(CELL "population P of PYR { count = 1 }\nsimulation { dt = 0.1 ms }\n",
                 "the simulation needs a duration, such as duration = 1000 ms");
}

Test(sema, population_size)
{
    expect_error(BASE "population Q of PYR { }\n", "population 'Q' needs a count or a density");
}

Test(sema, connection_rules)
{
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { weight = 1 uS }\n",
                 "a connection needs one of probability, convergence, divergence or pairs");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { probability = 1 }\n",
                 "a connection needs a weight");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { probability = 1; weight = 1 nA }\n",
                 "expected a conductance (uS) for 'weight', got a current (nA)");
    expect_clean(BASE "connect Exc_L23 -> Exc_L23 via exc { probability = 0.5 * exp(-dist_3d / 100 um); "
                 "weight = 0.001 uS; delay = 1 ms + dist_3d / 100 um * 1 ms }\n");
    expect_error(BASE "connect Exc_L23 where dist_3d > 1 um -> Exc_L23 via exc { probability = 1; weight = 1 uS }\n",
                 "'dist_3d' is only available in connection rules");
    expect_error(BASE "connect Exc_L23 -> Exc_L23 via exc { probability = 1; weight = pre.colour * 1 uS }\n",
                 "a cell has no property 'colour' (it has x, y, z, xnorm, ynorm, znorm, gid and index)");
}

Test(sema, stimuli)
{
    expect_error(BASE "stimulus s = hh { } -> all\n",
                 "'hh' is a density mechanism; a stimulus needs a point process or an artificial cell");
    expect_error(BASE "stimulus s = NetStim { } -> all\n",
                 "stimulus 's' is an artificial cell (NetStim) and needs 'via SYNAPSE { weight = ...; delay = ... }'");
    expect_error(BASE "stimulus s = NetStim { } -> all via exc { delay = 1 ms }\n",
                 "stimulus 's' needs a weight in its 'via' block");
    expect_error(BASE "stimulus s = IClamp { amp = 1 nA } -> all at soma(0.5) via exc { weight = 1 uS }\n",
                 "stimulus 's' is a point process (IClamp) placed on the cell itself; it takes no 'via'");
    expect_error(BASE "stimulus s = IClamp { amp = 1 mV } -> all at soma(0.5)\n",
                 "expected a current (nA) for 'amp' of 'IClamp', got a voltage (mV)");
}

Test(sema, set_paths)
{
    expect_clean(BASE "stimulus bkg = NetStim { rate = 10 Hz } -> all via exc { weight = 1 uS }\n"
                 "set hh.gnabar = 0.1 S/cm2\nset exc.tau1 = 0.2 ms\nset bkg.rate = 5 Hz\n"
                 "set bkg.weight = 2 uS\nset PYR.soma.hh.gkbar = 0.03 S/cm2\n"
                 "experiment x { set bkg.rate = 1 Hz }\n");
    expect_error(BASE "set hh = 1\n", "'set' needs a path such as bkg.rate or PYR.soma.hh.gnabar");
    expect_error(BASE "set hhh.gnabar = 1 S/cm2\n", "unknown name 'hhh'; did you mean 'hh'?");
    expect_error(BASE "set PYR.axon.hh.gnabar = 1 S/cm2\n", "unknown section 'axon'");
    expect_error(BASE "set hh.gnabar = 1 mV\n",
                 "expected a conductance density (S/cm2) for 'gnabar' of 'hh', got a voltage (mV)");
}

Test(sema, experiments)
{
    expect_error(BASE "experiment x { remove nothing }\n", "unknown stimulus 'nothing'");
    expect_error(BASE "experiment x { colour = 1 }\n", "unknown property 'colour' for an experiment");
    expect_error(BASE "experiment x { description = 1 }\n",
                 "'description' must be a string in double quotes");
}

/* ---- analysis ---------------------------------------------------------------------- */

Test(sema, measures_and_expects_are_typed)
{
    const char *ok = BASE "experiment control { }\nwindow w = [10 ms, 50 ms)\n"
                     "measure r = rate(Exc_L23, w)\n"
                     "measure r2 = rate(Exc_L23, [10 ms, 20 ms), control)\n"
                     "measure verdict = isn_test(Exc_L23, Exc_L23, w, w)\n"
                     "measure n in control = count(all, w) + 1\n"
                     "expect r > 1 Hz\nexpect verdict == \"paradoxical\" in control\n"
                     "expect r2 / r < 2 and n >= 0\n";
    expect_clean(ok);
    expect_error(BASE "window w = [10 ms, 50 ms)\nexpect rate(Exc_L23, w)\n",
                 "'expect' needs a condition such as gain > 20, got a frequency (Hz)");
    expect_error(BASE "window w = [10 ms, 50 ms)\nmeasure r = rate(Exc_L23, w)\nexpect r > 5 mV\n",
                 "unit mismatch: 'Hz' > 'mV' (a frequency (Hz) and a voltage (mV))");
    expect_error(BASE "measure r = rate(Exc_L23, 5 ms)\n",
                 "expected a time window such as [200 ms, 400 ms), got a time (ms)");
    expect_error(BASE "window w = [10 ms, 50 ms)\nmeasure r = rate(exc, w)\n",
                 "'exc' is a synapse, not a population or group");
    expect_error(BASE "window w = [10 ms, 50 ms)\nmeasure r = rate(Exc_L23, w, nothing)\n",
                 "unknown experiment 'nothing'");
    expect_error(BASE "measure a = b + 1\nmeasure b = a * 2\n", "measure 'a' depends on itself");
    expect_error(BASE "window w = [10 ms, 50 ms)\nmeasure m = w\n",
                 "a measure must be a number, a condition or a verdict, got a time window");
}

Test(sema, windows)
{
    expect_error(BASE "window w = [400 ms, 200 ms)\n",
                 "window 'w' is empty: it starts at 400 ms and ends at 200 ms");
    expect_error(BASE "window w = [-1 ms, 200 ms)\n", "window 'w' starts before time 0");
    expect_error(BASE "window w = [0 mV, 1 mV)\n", "a window is a time interval, got a voltage (mV)");
    expect_error(BASE "window w = 5 ms\n",
                 "a window is a half-open time interval such as [200 ms, 400 ms), got a time (ms)");
    /* windows in seconds convert to ms */
    expect_clean(BASE "window w = [0.01 s, 0.05 s)\nmeasure r = rate(Exc_L23, w)\n");
    expect_error(BASE "window w = [0 ms, 1e308 ms * 10)\n",
                 "window 'w' must start and end at finite times, got [0 ms, inf ms)");
}

/* a window written in the call gets a named window's checks (it gave nan Hz
 * or counted spikes before time 0) and its conversion to ms */
Test(sema, inline_windows)
{
    expect_error(BASE "measure r = rate(Exc_L23, [70 ms, 10 ms))\n",
                 "the window is empty: it starts at 70 ms and ends at 10 ms");
    expect_error(BASE "measure r = rate(Exc_L23, [10 ms, 10 ms))\n",
                 "the window is empty: it starts at 10 ms and ends at 10 ms");
    expect_error(BASE "measure r = rate(Exc_L23, [-50 ms, 50 ms))\n",
                 "the window starts before time 0");
    expect_error(BASE "expect mean_v(Exc_L23, [0 ms, 0 ms / 0)) < 0 mV\n",
                 "the window must start and end at finite times, got [0 ms, nan ms)");
    struct front *f = check_src(BASE "measure r = rate(Exc_L23, [0.01 s, 0.05 s))\n");
    const struct ast *iv = ast_first_of_kind(f->programs[f->nprograms - 1], AST_INTERVAL);
    double a, b;
    cr_assert(iv && sema_const_value(iv->kids[0], &a) && sema_const_value(iv->kids[1], &b));
    cr_expect(a == 10 && b == 50, "[%g, %g) ms", a, b);
    front_destroy(f);
}

Test(sema, figures)
{
    expect_error(BASE "figure f = rastr { }\n", "unknown figure kind 'rastr'; did you mean 'raster'?");
    expect_error(BASE "figure f = raster { experiments = [nothing] }\n", "unknown experiment 'nothing'");
    expect_error(BASE "figure f = raster { title = 1 }\n", "'title' must be a string in double quotes");
    expect_error(BASE "figure f = raster { populations = Exc_L23 }\n", "'populations' must be a list in [ ]");
}

/* ---- passes ------------------------------------------------------------------------ */

Test(sema, stopping_after_names_skips_unit_checks)
{
    const char *src = BASE "network { size_x = 5 ms }\n";
    struct front *f = check_src_opts(src, false, PASS_NAMES);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    front_destroy(f);
    f = check_src_opts(src, false, PASS_UNITS);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));     /* schemas are pass 5 */
    front_destroy(f);
    f = check_src_opts(src, false, PASS_MODEL);
    cr_assert_eq(diag_errors(f->diag), 1, "%s", diag_of(f));
    front_destroy(f);
}

Test(sema, no_semantic_errors_after_a_syntax_error)
{
    struct front *f = check_src("population P of Nothing { count = 1 }\nnetwork { size_x 1 um }\n");
    cr_assert_eq(diag_errors(f->diag), 1, "%s", diag_of(f));
    cr_assert_null(strstr(diag_of(f), "unknown cell type"));
    cr_assert_null(f->sema);
    front_destroy(f);
}

Test(sema, kind_names)
{
    cr_assert_str_eq(sema_kind_name(SYM_CELL), "cell type");
    cr_assert_str_eq(sema_a_kind(SYM_EXPERIMENT), "an experiment");
    cr_assert_str_eq(sema_a_kind(SYM_ASSIGNED), "an assigned variable");
    cr_assert_str_eq(sema_kind_name(SYM_KIND_COUNT), "name");
}

/* ---- regressions: bugs found by these tests, now fixed ---------------------------- */

/* `density` is the keyword of density mechanisms, so the population property
 * of the same name (SEMANTICS.md) is a syntax error. */
Test(sema, population_density_property)
{
    expect_clean(BASE "population Q of PYR { density = 10 mm^-3 }\n"
                 "connect Q -> Exc_L23 via exc { probability = 0.5; weight = 1 uS }\n");
    expect_error(BASE "population Q of PYR { count = 1; density = 10 mm^-3 }\n",
                 "population 'Q' has both a count and a density");
}

/* A property set twice is counted as "a count and a density". */
Test(sema, duplicate_count_is_not_a_density)
{
    struct front *f = check_src(BASE "population Q of PYR { count = 1; count = 2 }\n");
    cr_expect_eq(diag_errors(f->diag), 1, "%s", diag_of(f));
    cr_expect_null(strstr(diag_of(f), "both a count and a density"), "%s", diag_of(f));
    front_destroy(f);
}

/* send() in a density mechanism is reported as an unknown function with a
 * suggestion of 'sin'; call() has a clearer message that lookup never reaches. */
Test(sema, send_in_a_density_mechanism)
{
    expect_error("density d { parameter g = 1 S/cm2\n initial { send(1 ms, 1) }\n current i = g * v }\n",
                 "'send' is only available in point processes and artificial cells");
}
