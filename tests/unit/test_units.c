/* test_units.c - compiler/base/units.c: spellings, dimensions, scales, names. */
#include <criterion/criterion.h>

#include <math.h>
#include <signal.h>
#include <string.h>

#include "units.h"

/*                    L   T   M   I  Th  N */
#define DIM(l, t, m, i, th, n) ((struct units_dim){{l, t, m, i, th, n}})

static void expect_unit(const char *spelling, struct units_dim dim, double scale)
{
    struct units_val u;
    const char *bad = NULL;
    size_t badlen = 0;
    cr_assert(units_parse(spelling, &u, &bad, &badlen), "'%s' did not parse (bad '%.*s')",
              spelling, (int)badlen, bad ? bad : "");
    cr_expect(units_dim_eq(u.dim, dim), "'%s': wrong dimension", spelling);
    cr_expect(fabs(u.scale / scale - 1) < 1e-12, "'%s': scale %g, want %g", spelling, u.scale,
              scale);
}

static void expect_bad(const char *spelling, const char *bad_atom)
{
    struct units_val u;
    const char *bad = NULL;
    size_t badlen = 0;
    cr_assert_not(units_parse(spelling, &u, &bad, &badlen), "'%s' parsed", spelling);
    cr_assert_not_null(bad);
    cr_expect(badlen == strlen(bad_atom) && strncmp(bad, bad_atom, badlen) == 0,
              "'%s': bad atom '%.*s', want '%s'", spelling, (int)badlen, bad, bad_atom);
}

Test(units, neuron_units)
{
    expect_unit("mV", DIM(2, -3, 1, -1, 0, 0), 1e-3);
    expect_unit("ms", DIM(0, 1, 0, 0, 0, 0), 1e-3);
    expect_unit("um", DIM(1, 0, 0, 0, 0, 0), 1e-6);
    expect_unit("nA", DIM(0, 0, 0, 1, 0, 0), 1e-9);
    expect_unit("uS", DIM(-2, 3, -1, 2, 0, 0), 1e-6);
    expect_unit("S/cm2", DIM(-4, 3, -1, 2, 0, 0), 1e4);
    expect_unit("ohm*cm", DIM(3, -3, 1, -2, 0, 0), 1e-2);
    expect_unit("uF/cm2", DIM(-4, 4, -1, 2, 0, 0), 1e-2);
    expect_unit("mA/cm2", DIM(-2, 0, 0, 1, 0, 0), 10);
    expect_unit("kHz/mV", DIM(-2, 2, -1, 1, 0, 0), 1e6);
    expect_unit("um2", DIM(2, 0, 0, 0, 0, 0), 1e-12);
    expect_unit("mM", DIM(-3, 0, 0, 0, 0, 1), 1);
    expect_unit("Mohm", DIM(2, -3, 1, -2, 0, 0), 1e6);
}

Test(units, powers_and_exponents)
{
    expect_unit("ms^-1", DIM(0, -1, 0, 0, 0, 0), 1e3);
    expect_unit("mm^-3", DIM(-3, 0, 0, 0, 0, 0), 1e9);
    expect_unit("cm^2", DIM(2, 0, 0, 0, 0, 0), 1e-4);
    expect_unit("m3", DIM(3, 0, 0, 0, 0, 0), 1);
    expect_unit("1", DIM(0, 0, 0, 0, 0, 0), 1);
    expect_unit("1/ms", DIM(0, -1, 0, 0, 0, 0), 1e3);
}

Test(units, left_to_right)
{
    /* "a/b*c" is (a/b)*c, not a/(b*c) */
    expect_unit("mV/ms*ms", DIM(2, -3, 1, -1, 0, 0), 1e-3);
}

Test(units, micro_and_ohm_signs)
{
    expect_unit("\xC2\xB5m", DIM(1, 0, 0, 0, 0, 0), 1e-6);       /* micro sign */
    expect_unit("\xCE\xBCm", DIM(1, 0, 0, 0, 0, 0), 1e-6);       /* Greek mu */
    expect_unit("M\xCE\xA9", DIM(2, -3, 1, -2, 0, 0), 1e6);      /* MΩ */
}

Test(units, temperatures_and_unprefixed_units)
{
    expect_unit("degC", DIM(0, 0, 0, 0, 1, 0), 1);
    expect_unit("K", DIM(0, 0, 0, 0, 1, 0), 1);
    expect_unit("min", DIM(0, 1, 0, 0, 0, 0), 60);
    expect_unit("h", DIM(0, 1, 0, 0, 0, 0), 3600);
    expect_unit("percent", DIM(0, 0, 0, 0, 0, 0), 1e-2);
    expect_unit("L", DIM(3, 0, 0, 0, 0, 0), 1e-3);
    expect_bad("mdegC", "mdegC");
    expect_bad("kK", "kK");
    expect_bad("degC2", "degC2");
}

Test(units, bad_atoms_are_pointed_at)
{
    expect_bad("umm", "umm");
    expect_bad("S/cn2", "cn2");
    expect_bad("ohm*xx", "xx");
    expect_bad("weight", "weight");
    expect_bad("", "");
    expect_bad("m*", "");
    expect_bad("cm22", "cm22");
    expect_bad("m^", "m^");
    expect_bad("m^100", "m^100");
    expect_bad("m^x", "m^x");
    expect_bad("m0", "m0");
    expect_bad("2", "2");
}

Test(units, a_failed_parse_may_omit_the_bad_pointer)
{
    struct units_val u;
    cr_assert_not(units_parse("nope", &u, NULL, NULL));
}

Test(units, dimension_arithmetic)
{
    struct units_dim v = units_must("mV").dim, s = units_must("ms").dim;
    cr_assert(units_dim_eq(units_dim_div(units_dim_mul(v, s), s), v));
    cr_assert(units_dimensionless(units_dim_div(v, v)));
    cr_assert_not(units_dimensionless(v));
    cr_assert(units_dim_eq(units_dim_pow(units_must("um").dim, 2), units_must("um2").dim));
    struct units_val r = units_div(units_must("mV"), units_must("ms"));
    cr_assert_float_eq(r.scale, 1.0, 1e-15);
    struct units_val g = units_mul(units_must("S/cm2"), units_must("um2"));
    cr_assert(units_dim_eq(g.dim, units_must("S").dim));
    cr_assert_float_eq(g.scale, 1e-8, 1e-20);
}

Test(units, conversion_factors)
{
    cr_assert_float_eq(units_factor(units_must("mV"), units_must("V")), 1e-3, 1e-18);
    cr_assert_float_eq(units_factor(units_must("s"), units_must("ms")), 1e3, 1e-9);
    cr_assert_float_eq(units_factor(units_must("mS/cm2"), units_must("S/cm2")), 1e-3, 1e-18);
    /* same scale: exactly 1, so NEURON-consistent models need no multiplication */
    cr_assert_eq(units_factor(units_must("ms^-1"), units_must("kHz")), 1.0);
    cr_assert_eq(units_factor(units_must("mV"), units_must("mV")), 1.0);
    /* ratios within rounding of a power of ten are that power, exactly:
       cm/s * mC/cm3 is mA/cm2 (a GHK current), mV*C/J is 1e-3 */
    struct units_val ghk = units_mul(units_must("cm/s"), units_must("mC/cm3"));
    cr_assert_eq(units_factor(ghk, units_must("mA/cm2")), 1.0);
    struct units_val z = units_div(units_mul(units_must("C/mol"), units_must("mV")),
                                   units_must("J/mol"));
    cr_assert_eq(units_factor(z, units_must("1")), 1e-3);
    cr_assert_eq(units_factor(units_must("min"), units_must("s")), 60.0);
}

Test(units, dimension_names)
{
    char buf[96];
    cr_assert_str_eq(units_describe(units_must("mV").dim, buf, sizeof buf), "a voltage (mV)");
    cr_assert_str_eq(units_describe(units_must("s").dim, buf, sizeof buf), "a time (ms)");
    cr_assert_str_eq(units_describe(units_must("S/cm2").dim, buf, sizeof buf),
                     "a conductance density (S/cm2)");
    cr_assert_str_eq(units_describe(units_must("mA/cm2").dim, buf, sizeof buf),
                     "a current density (mA/cm2)");
    cr_assert_str_eq(units_describe(units_must("ohm*cm").dim, buf, sizeof buf),
                     "a resistivity (ohm*cm)");
    cr_assert_str_eq(units_describe(units_must("ms^-1").dim, buf, sizeof buf),
                     "a frequency (Hz)");
    cr_assert_str_eq(units_describe(units_must("kHz/mV").dim, buf, sizeof buf),
                     "a rate per voltage (kHz/mV)");
    cr_assert_str_eq(units_describe(units_must("mm^-3").dim, buf, sizeof buf),
                     "a density of cells (mm^-3)");
    cr_assert_str_eq(units_describe(units_must("degC").dim, buf, sizeof buf),
                     "a temperature (degC)");
    cr_assert_str_eq(units_describe(UNITS_NONE, buf, sizeof buf), "a dimensionless number");
    cr_assert_str_eq(units_describe(units_must("m^3*s").dim, buf, sizeof buf),
                     "a quantity in m^3*s");
    cr_assert_str_eq(units_describe(units_must("mV^2").dim, buf, sizeof buf),
                     "a quantity in m^4*s^-6*kg^2*A^-2");
}

Test(units, dim_name_and_conventional_unit)
{
    char buf[64];
    cr_assert_str_eq(units_dim_name(units_must("nA").dim), "a current");
    cr_assert_null(units_dim_name(units_must("m^5").dim));
    cr_assert_str_eq(units_dim_unit(units_must("V").dim, buf, sizeof buf), "mV");
    cr_assert_str_eq(units_dim_unit(units_must("uS").dim, buf, sizeof buf), "uS");
    cr_assert_str_eq(units_dim_unit(units_must("m^5").dim, buf, sizeof buf), "m^5");
}

Test(units, must_aborts_on_a_bad_builtin_spelling, .signal = SIGABRT)
{
    units_must("bogus");
}
