/* test_fmt.c - rt_fmt_g17 writes what printf("%.17g") writes, byte for
 * byte: random bit patterns, simulation-like values, wide magnitudes, the
 * exact decimal ties (rounded to even), and the values printf must do. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rt_fmt.h"

static uint64_t state = 88172645463325252ull;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void same_as_printf(double x)
{
    char a[RT_FMT_SIZE], b[64];
    int n = rt_fmt_g17(x, a);
    snprintf(b, sizeof b, "%.17g", x);
    cr_assert_str_eq(a, b, "%.17g written as %s", x, a);
    cr_assert_eq(n, (int)strlen(b));
}

Test(fmt, special_values)
{
    static const double xs[] = {
        0.0, -0.0, 1, -1, 0.5, 0.1, 0.025, 0.05, -65, 100, 1e-5, 1e-4, 9.9999999999999995e-5,
        1e15, 1e16, 9.999999999999999e16, 1e17, 123456789012345678.0, 0.30000000000000004,
        12345.678, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-300, 1e300};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
        same_as_printf(xs[i]);
    same_as_printf(INFINITY);
    same_as_printf(-INFINITY);
    same_as_printf(NAN);
}

Test(fmt, random_values, .timeout = 60)
{
    for (long i = 0; i < 1500000; i++) {
        uint64_t u = next();
        double x;
        if (i % 3 == 0) {
            memcpy(&x, &u, sizeof x);       /* any bit pattern */
            if (!isfinite(x))
                continue;
        } else if (i % 3 == 1) {
            x = ((double)(u >> 11) / 9007199254740992.0 - 0.5) * 200;  /* like voltages */
        } else {
            x = ldexp((double)(u >> 11) / 9007199254740992.0, (int)(next() % 100) - 70);
        }
        same_as_printf(x);
    }
}

/* m / 2^k with an odd m near 2^52: an 18th significant digit of exactly 5. */
Test(fmt, decimal_ties_round_to_even, .timeout = 60)
{
    for (int e = -1; e >= -60; e--)
        for (uint64_t m = (1ull << 52) + 1; m < (1ull << 52) + 20000; m += 2) {
            same_as_printf(ldexp((double)m, e));
            same_as_printf(-ldexp((double)m, e));
        }
}
