/* test_fft.c - rt_dft_power gives the direct DFT sum's powers (within a
 * stated tolerance) for lengths of every shape: powers of two, primes, the
 * seed's 900 bins, and lengths whose k^2 would overflow a 32-bit angle
 * index. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "rt_fft.h"

#define PI 3.14159265358979323846

static uint64_t state = 0x9E3779B97F4A7C15ull;
static double uniform(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (double)(state >> 11) / 9007199254740992.0;
}

/* The direct sum, each angle reduced exactly (f k mod n) before cos and sin. */
static void direct(const double *x, size_t n, size_t nf, double *p)
{
    for (size_t f = 1; f <= nf; f++) {
        double re = 0, im = 0;
        for (size_t k = 0; k < n; k++) {
            double a = 2 * PI * (double)((uint64_t)f * k % n) / (double)n;
            re += x[k] * cos(a);
            im -= x[k] * sin(a);
        }
        p[f - 1] = re * re + im * im;
    }
}

/* Largest difference from the direct sum, relative to the largest power. */
static double deviation(size_t n, bool spikes)
{
    double *x = calloc(n, sizeof *x), *a = calloc(n / 2 + 1, sizeof *a),
           *b = calloc(n / 2 + 1, sizeof *b);
    cr_assert(x && a && b);
    double mean = 0;
    for (size_t k = 0; k < n; k++) {
        /* spike counts per 1 ms bin with a 40 Hz rhythm, or noise */
        x[k] = spikes ? floor(3 * uniform() * (1 + sin(2 * PI * 0.04 * (double)k))) : uniform() - 0.5;
        mean += x[k] / (double)n;
    }
    for (size_t k = 0; k < n; k++)
        x[k] -= mean;
    size_t nf = n / 2;
    rt_dft_power(x, n, nf, a);
    direct(x, n, nf, b);
    double top = 0, worst = 0;
    for (size_t f = 0; f < nf; f++)
        top = fmax(top, b[f]);
    for (size_t f = 0; f < nf; f++)
        worst = fmax(worst, fabs(a[f] - b[f]));
    free(x);
    free(a);
    free(b);
    return top > 0 ? worst / top : worst;
}

Test(fft, equals_the_direct_sum)
{
    static const size_t lengths[] = {4, 5, 6, 7, 8, 16, 17, 97, 128, 900, 999, 1000, 1024, 1031};
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++)
        for (int spikes = 0; spikes < 2; spikes++) {
            double d = deviation(lengths[i], spikes);
            cr_assert_lt(d, 1e-12, "n = %zu: relative deviation %g", lengths[i], d);
        }
}

/* The peak of a pure rhythm is found at its frequency, for a series long
 * enough that the direct sum took minutes and f k overflowed an int. */
Test(fft, long_series_is_fast_and_finds_the_rhythm, .timeout = 30)
{
    size_t n = 1000003;         /* ~17 min of 1 ms bins; prime */
    double *x = calloc(n, sizeof *x), *p = calloc(n / 2, sizeof *p);
    cr_assert(x && p);
    size_t f0 = 41234;          /* 41.23 Hz for 1 ms bins */
    for (size_t k = 0; k < n; k++)
        x[k] = cos(2 * PI * (double)((uint64_t)f0 * k % n) / (double)n);
    clock_t c0 = clock();
    rt_dft_power(x, n, n / 2, p);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    size_t best = 0;
    for (size_t f = 1; f < n / 2; f++)
        if (p[f] > p[best])
            best = f;
    cr_assert_eq(best + 1, f0);
    /* the whole power of a unit cosine: (n / 2)^2 */
    cr_assert_float_eq(p[best], (double)n * (double)n / 4, 1e-6 * (double)n * (double)n);
    cr_assert_lt(secs, 10.0, "%g s", secs);
    free(x);
    free(p);
}
