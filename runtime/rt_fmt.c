/* rt_fmt.c - printf's "%.17g" for doubles, without printf's big-number
 * arithmetic where 128-bit integers suffice (see rt_fmt.h). */
#include "rt_fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;   /* GCC and Clang on 64-bit targets */

/* 5^k for k = 0..27 (5^27 < 2^63) */
static uint64_t pow5(int k)
{
    uint64_t p = 1;
    while (k-- > 0)
        p *= 5;
    return p;
}

/* round(m * 10^k * 2^e) to nearest, ties to even, when it fits; false if
 * this path cannot do it exactly (k outside 0..27, or too large a shift). */
static bool scaled(uint64_t m, int e, int k, uint64_t *out)
{
    if (k < 0 || k > 27)
        return false;
    u128 n = (u128)m * pow5(k);
    int s = e + k;                  /* n * 2^s */
    if (s >= 0) {
        if (s > 10)
            return false;
        n <<= s;
        if (n >> 64)
            return false;
        *out = (uint64_t)n;
        return true;
    }
    s = -s;
    if (s >= 120)
        return false;
    u128 q = n >> s, r = n - (q << s), half = (u128)1 << (s - 1);
    if (r > half || (r == half && (q & 1)))
        q++;
    if (q >> 64)
        return false;
    *out = (uint64_t)q;
    return true;
}

int rt_fmt_g17(double x, char *buf)
{
    if (!isfinite(x) || x == 0)
        return snprintf(buf, RT_FMT_SIZE, "%.17g", x);
    int e2;
    double f = frexp(fabs(x), &e2);         /* |x| = f * 2^e2, f in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(f, 53);    /* exact: 53 bits */
    int e = e2 - 53;
    /* decimal exponent X with 10^X <= |x| < 10^(X+1); first a guess */
    int X = (int)floor((e2 - 1) * 0.30102999566398120);
    uint64_t d = 0;
    for (int tries = 0; tries < 3; tries++) {
        if (!scaled(m, e, 16 - X, &d))
            return snprintf(buf, RT_FMT_SIZE, "%.17g", x);
        if (d < 10000000000000000ULL)
            X--;
        else if (d >= 100000000000000000ULL)
            X++;
        else
            break;
    }
    if (d < 10000000000000000ULL || d >= 100000000000000000ULL)
        return snprintf(buf, RT_FMT_SIZE, "%.17g", x);
    char digits[17];
    for (int i = 16; i >= 0; i--) {
        digits[i] = (char)('0' + d % 10);
        d /= 10;
    }
    int nd = 17;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    char *p = buf;
    if (x < 0)
        *p++ = '-';
    if (X < -4 || X >= 17) {               /* d.ddde+XX */
        *p++ = digits[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, digits + 1, (size_t)nd - 1);
            p += nd - 1;
        }
        p += sprintf(p, "e%c%02d", X < 0 ? '-' : '+', X < 0 ? -X : X);
    } else if (X >= 0) {                    /* ddd.ddd */
        int whole = X + 1;
        for (int i = 0; i < whole; i++)
            *p++ = i < nd ? digits[i] : '0';
        if (nd > whole) {
            *p++ = '.';
            memcpy(p, digits + whole, (size_t)(nd - whole));
            p += nd - whole;
        }
    } else {                                /* 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -X - 1; i++)
            *p++ = '0';
        memcpy(p, digits, (size_t)nd);
        p += nd;
    }
    *p = '\0';
    return (int)(p - buf);
}
