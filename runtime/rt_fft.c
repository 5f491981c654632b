/* rt_fft.c - the DFT of a real series of any length n at its own
 * frequencies f / n, in O(n log n): a radix-2 FFT where n is a power of
 * two, else Bluestein's chirp z-transform (the DFT as a convolution, done
 * with radix-2 FFTs of the next power of two >= 2n - 1).  The direct sum
 * this replaces took n^2 / 2 sines and cosines (minutes for a 200 s
 * window). */
#include <complex.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "rt_alloc.h"
#include "rt_fft.h"

/* re + i im exactly (C11's CMPLX, which glibc's complex.h gives only to
 * compilers it knows: not to clang): a complex is an array of two doubles. */
static double complex cplx(double re, double im)
{
    double complex z;
    double *part = (double *)&z;
    part[0] = re;
    part[1] = im;
    return z;
}

#define PI 3.14159265358979323846

/* In place, length m (a power of two); w[j] = exp(-2 pi i j / m), j < m / 2.
 * The inverse is unscaled. */
static void fft(double complex *a, size_t m, const double complex *w, bool inverse)
{
    for (size_t i = 1, j = 0; i < m; i++) {         /* bit-reversed order */
        size_t bit = m >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j |= bit;
        if (i < j) {
            double complex t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
    for (size_t len = 2; len <= m; len <<= 1) {
        size_t half = len / 2, step = m / len;
        for (size_t s = 0; s < m; s += len)
            for (size_t k = 0; k < half; k++) {
                double complex t = inverse ? conj(w[k * step]) : w[k * step];
                double complex u = a[s + k], v = a[s + k + half] * t;
                a[s + k] = u + v;
                a[s + k + half] = u - v;
            }
    }
}

/* Twiddles of length m, each from its own sin and cos (no accumulated error). */
static double complex *twiddles(size_t m)
{
    double complex *w = rt_calloc(m / 2 + 1, sizeof *w);
    for (size_t j = 0; j < m / 2; j++) {
        double a = -2 * PI * (double)j / (double)m;
        w[j] = cplx(cos(a), sin(a));
    }
    return w;
}

void rt_dft_power(const double *x, size_t n, size_t nf, double *power)
{
    if (nf == 0)
        return;
    bool pow2 = (n & (n - 1)) == 0;
    size_t m = 1;
    while (m < (pow2 ? n : 2 * n - 1))
        m <<= 1;
    double complex *w = twiddles(m);
    double complex *a = rt_calloc(m, sizeof *a);
    if (pow2) {
        for (size_t k = 0; k < n; k++)
            a[k] = x[k];
        fft(a, m, w, false);
        for (size_t f = 1; f <= nf; f++)
            power[f - 1] = creal(a[f]) * creal(a[f]) + cimag(a[f]) * cimag(a[f]);
        free(a);
        free(w);
        return;
    }
    /* f k = (f^2 + k^2 - (f - k)^2) / 2, so X_f = c_f sum_k (x_k c_k) conj(c_(f-k))
     * with c_k = exp(-i pi k^2 / n); k^2 is taken mod 2n (exactly, in
     * integers) so that the angles stay accurate for long series */
    double complex *b = rt_calloc(m, sizeof *b);
    uint64_t sq = 0, mod = 2 * (uint64_t)n;
    for (size_t k = 0; k < n; k++) {
        double ang = -PI * (double)sq / (double)n;
        double complex c = cplx(cos(ang), sin(ang));
        a[k] = x[k] * c;
        b[k] = conj(c);
        if (k > 0)
            b[m - k] = conj(c);
        sq = (sq + 2 * (uint64_t)k + 1) % mod;      /* (k + 1)^2 mod 2n */
    }
    fft(a, m, w, false);
    fft(b, m, w, false);
    for (size_t j = 0; j < m; j++)
        a[j] *= b[j];
    fft(a, m, w, true);
    /* |c_f| = 1: the power is that of the convolution, scaled by 1 / m */
    double scale = 1.0 / ((double)m * (double)m);
    for (size_t f = 1; f <= nf; f++)
        power[f - 1] = (creal(a[f]) * creal(a[f]) + cimag(a[f]) * cimag(a[f])) * scale;
    free(a);
    free(b);
    free(w);
}
