/* rt_fft.h - power spectra of real series of any length in O(n log n). */
#ifndef RT_FFT_H
#define RT_FFT_H

#include <stddef.h>

/* power[f - 1] = |sum_k x[k] exp(-2 pi i f k / n)|^2 for f = 1 .. nf
 * (nf <= n / 2): the DFT at the series' own frequencies, as the direct sum
 * gives it up to rounding (relative differences ~1e-13 of the largest
 * power).  Scratch memory comes from rt_calloc (a failure jumps to the
 * innermost rt_oom guard). */
void rt_dft_power(const double *x, size_t n, size_t nf, double *power);

#endif
