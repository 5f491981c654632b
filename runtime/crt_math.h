/* crt_math.h - the one list of circ's math functions, so that every place
 * that computes them agrees on which there are: the checker's constant
 * folding (sema_units.c), mechanisms' code (lower_mech.c -> the IR's
 * ir_math, the same numbering -> codegen), connection properties evaluated
 * per pair at build time (lower_net.c -> rt_pair.c) and NMODL's built-ins
 * (nmodl_tabled.c).  Their units are compiler/sema/builtins.h's.
 *
 * M(NAME, name, nargs, nmodl, value)
 *   NAME:  the enum's suffix (CRT_MATH_NAME, IRM_NAME)
 *   name:  as written in .circ
 *   nargs: 1 or 2
 *   nmodl: also one of NMODL's built-ins (libm's, as nocmodl's C calls them)
 *   value: its value at a (and b), with libm as NEURON computes it
 * `abs` is `fabs` by another name (crt_math_lookup). */
#ifndef CIRC_CRT_MATH_H
#define CIRC_CRT_MATH_H

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define CRT_MATHS(M)                              \
    M(EXP,   exp,   1, 1, exp(a))                 \
    M(LOG,   log,   1, 1, log(a))                 \
    M(LOG10, log10, 1, 1, log10(a))               \
    M(SQRT,  sqrt,  1, 1, sqrt(a))                \
    M(FABS,  fabs,  1, 1, fabs(a))                \
    M(FLOOR, floor, 1, 1, floor(a))               \
    M(SIN,   sin,   1, 1, sin(a))                 \
    M(COS,   cos,   1, 1, cos(a))                 \
    M(TANH,  tanh,  1, 1, tanh(a))                \
    M(POW,   pow,   2, 1, pow(a, b))              \
    M(MIN,   min,   2, 0, a < b ? a : b)          \
    M(MAX,   max,   2, 0, a < b ? b : a)          \
    M(TAN,   tan,   1, 1, tan(a))                 \
    M(SINH,  sinh,  1, 1, sinh(a))                \
    M(COSH,  cosh,  1, 1, cosh(a))                \
    M(ASIN,  asin,  1, 1, asin(a))                \
    M(ACOS,  acos,  1, 1, acos(a))                \
    M(ATAN,  atan,  1, 1, atan(a))                \
    M(ATAN2, atan2, 2, 1, atan2(a, b))            \
    M(CEIL,  ceil,  1, 1, ceil(a))                \
    M(FMOD,  fmod,  2, 1, fmod(a, b))

enum crt_math {
#define CRT_MATH_ENUM(N, n, k, nm, v) CRT_MATH_##N,
    CRT_MATHS(CRT_MATH_ENUM)
#undef CRT_MATH_ENUM
    CRT_NMATHS
};

/* The function called `name` (`abs`: fabs), or -1. */
static inline int crt_math_lookup(const char *name)
{
#define CRT_MATH_NAME(N, n, k, nm, v) if (strcmp(name, #n) == 0) return CRT_MATH_##N;
    CRT_MATHS(CRT_MATH_NAME)
#undef CRT_MATH_NAME
    return strcmp(name, "abs") == 0 ? CRT_MATH_FABS : -1;
}

static inline int crt_math_nargs(enum crt_math f)
{
    switch (f) {
#define CRT_MATH_NARGS(N, n, k, nm, v) case CRT_MATH_##N: return k;
    CRT_MATHS(CRT_MATH_NARGS)
#undef CRT_MATH_NARGS
    default: return 0;
    }
}

/* One of NMODL's built-in functions (min, max and abs are not). */
static inline bool crt_math_nmodl(enum crt_math f)
{
    switch (f) {
#define CRT_MATH_NMODL(N, n, k, nm, v) case CRT_MATH_##N: return nm;
    CRT_MATHS(CRT_MATH_NMODL)
#undef CRT_MATH_NMODL
    default: return false;
    }
}

/* f at a (and b, for two arguments). */
static inline double crt_math_value(enum crt_math f, double a, double b)
{
    (void)b;
    switch (f) {
#define CRT_MATH_VALUE(N, n, k, nm, v) case CRT_MATH_##N: return v;
    CRT_MATHS(CRT_MATH_VALUE)
#undef CRT_MATH_VALUE
    default: return NAN;
    }
}

#endif
