/* cg_exp.c - a vectorizable exp() and log() for the default (non-exact) mode.
 *
 * Straight-line arithmetic, so loops that call it can vectorize: Cody-Waite
 * reduction x = k*ln2 + r with |r| <= ln2/2, a degree-13 Taylor polynomial in
 * Horner form, and 2^k applied as two exact power-of-two factors (so k may
 * reach the subnormal range).  tests/unit/test_cg_exp.c measures it against
 * glibc: within 2 ulp over the whole range.  --exact keeps libm's exp.
 */
#include "cg_int.h"

static LLVMValueRef pow2(struct cg_ctx *c, LLVMValueRef k)
{
    /* 2^k for k in [-1022, 1023] as the double with exponent field k + 1023 */
    LLVMValueRef bits = LLVMBuildShl(c->b, LLVMBuildAdd(c->b, k, cg_i64(c, 1023), ""),
                                     cg_i64(c, 52), "");
    return LLVMBuildBitCast(c->b, bits, c->f64, "pow2");
}

static LLVMValueRef math1_floor(struct cg_ctx *c, LLVMValueRef x)
{
    LLVMValueRef args[1] = {x};
    return cg_call(c, c->t_math1, c->fn_floor, args, 1, "floor");
}

LLVMValueRef cg_fast_exp(struct cg_ctx *c, LLVMValueRef x)
{
    static const double log2e = 1.4426950408889634074;
    static const double ln2_hi = 6.93147180369123816490e-01;
    static const double ln2_lo = 1.90821492927058770002e-10;
    /* beyond these exp overflows to inf or underflows to 0 */
    LLVMValueRef big = LLVMBuildFCmp(c->b, LLVMRealOGT, x, cg_const(c, 709.782712893384), "");
    LLVMValueRef small = LLVMBuildFCmp(c->b, LLVMRealOLT, x, cg_const(c, -745.1332191019412), "");
    LLVMValueRef nan = LLVMBuildFCmp(c->b, LLVMRealUNO, x, x, "");
    LLVMValueRef xs = LLVMBuildSelect(c->b, LLVMBuildOr(c->b, LLVMBuildOr(c->b, big, small, ""), nan, ""),
                                      cg_const(c, 0), x, "xs");
    LLVMValueRef kf = math1_floor(c, LLVMBuildFAdd(c->b, LLVMBuildFMul(c->b, xs, cg_const(c, log2e), ""),
                                                   cg_const(c, 0.5), ""));
    LLVMValueRef r = LLVMBuildFSub(c->b, xs, LLVMBuildFMul(c->b, kf, cg_const(c, ln2_hi), ""), "");
    r = LLVMBuildFSub(c->b, r, LLVMBuildFMul(c->b, kf, cg_const(c, ln2_lo), ""), "r");
    /* sum of r^n/n!, n = 0..13, Horner */
    static const double inv_fact[14] = {
        1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
        1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
    };
    LLVMValueRef p = cg_const(c, inv_fact[13]);
    for (int n = 12; n >= 0; n--)
        p = LLVMBuildFAdd(c->b, LLVMBuildFMul(c->b, p, r, ""), cg_const(c, inv_fact[n]), "");
    LLVMValueRef k = LLVMBuildFPToSI(c->b, kf, c->i64, "k");
    LLVMValueRef k1 = LLVMBuildAShr(c->b, k, cg_i64(c, 1), "");
    LLVMValueRef k2 = LLVMBuildSub(c->b, k, k1, "");
    LLVMValueRef y = LLVMBuildFMul(c->b, LLVMBuildFMul(c->b, p, pow2(c, k1), ""), pow2(c, k2), "exp");
    y = LLVMBuildSelect(c->b, big, cg_const(c, __builtin_inf()), y, "");
    y = LLVMBuildSelect(c->b, small, cg_const(c, 0), y, "");
    return LLVMBuildSelect(c->b, nan, x, y, "");
}

/* The default mode's log(x), as vectorizable as its exp: x = m * 2^e with m
 * in [sqrt(1/2), sqrt(2)) (from the bits; subnormals scaled by 2^54 first),
 * f = m - 1, s = f / (2 + f), and log(1 + f) = 2 atanh(s) = f - s (f - R)
 * with R = sum 2 s^2k / (2k + 1), k = 1..11 (|s| < 0.172: the next term is
 * below 1e-19 of the result), then e ln2 added in two parts.  Within 2 ulp
 * of glibc (tests/unit/test_cg_exp.c); 0 -> -inf, x < 0 -> NaN, inf, NaN as
 * libm.  Calcium models take a Nernst potential (a log) every step: a call
 * to libm's log kept their whole cell loop scalar. */
LLVMValueRef cg_fast_log(struct cg_ctx *c, LLVMValueRef x)
{
    static const double ln2_hi = 6.93147180369123816490e-01;
    static const double ln2_lo = 1.90821492927058770002e-10;
    LLVMValueRef sub = LLVMBuildFCmp(c->b, LLVMRealOLT, x, cg_const(c, 2.2250738585072014e-308), "");
    LLVMValueRef xs = LLVMBuildSelect(c->b, sub, LLVMBuildFMul(c->b, x, cg_const(c, 0x1p54), ""),
                                      x, "xs");
    LLVMValueRef bits = LLVMBuildBitCast(c->b, xs, c->i64, "");
    LLVMValueRef e = LLVMBuildSub(c->b, LLVMBuildLShr(c->b, bits, cg_i64(c, 52), ""),
                                  cg_i64(c, 1023), "");
    e = LLVMBuildSelect(c->b, sub, LLVMBuildSub(c->b, e, cg_i64(c, 54), ""), e, "e");
    LLVMValueRef mbits = LLVMBuildOr(c->b, LLVMBuildAnd(c->b, bits, cg_i64(c, 0x000fffffffffffffLL), ""),
                                     cg_i64(c, 0x3ff0000000000000LL), "");
    LLVMValueRef m = LLVMBuildBitCast(c->b, mbits, c->f64, "m");     /* [1, 2) */
    LLVMValueRef high = LLVMBuildFCmp(c->b, LLVMRealOGT, m, cg_const(c, 1.4142135623730951), "");
    m = LLVMBuildSelect(c->b, high, LLVMBuildFMul(c->b, m, cg_const(c, 0.5), ""), m, "m");
    e = LLVMBuildSelect(c->b, high, LLVMBuildAdd(c->b, e, cg_i64(c, 1), ""), e, "e");
    LLVMValueRef f = LLVMBuildFSub(c->b, m, cg_const(c, 1.0), "f");
    LLVMValueRef s = LLVMBuildFDiv(c->b, f, LLVMBuildFAdd(c->b, f, cg_const(c, 2.0), ""), "s");
    LLVMValueRef z = LLVMBuildFMul(c->b, s, s, "z");
    LLVMValueRef r = cg_const(c, 2.0 / 23);
    for (int k = 10; k >= 1; k--)
        r = LLVMBuildFAdd(c->b, LLVMBuildFMul(c->b, r, z, ""), cg_const(c, 2.0 / (2 * k + 1)), "");
    r = LLVMBuildFMul(c->b, r, z, "R");
    LLVMValueRef l1p = LLVMBuildFSub(c->b, f, LLVMBuildFMul(c->b, s, LLVMBuildFSub(c->b, f, r, ""), ""),
                                     "log1p");
    LLVMValueRef ef = LLVMBuildSIToFP(c->b, e, c->f64, "");
    LLVMValueRef y = LLVMBuildFAdd(c->b, LLVMBuildFMul(c->b, ef, cg_const(c, ln2_hi), ""),
                                   LLVMBuildFAdd(c->b, l1p, LLVMBuildFMul(c->b, ef, cg_const(c, ln2_lo), ""), ""),
                                   "log");
    LLVMValueRef zero = LLVMBuildFCmp(c->b, LLVMRealOEQ, x, cg_const(c, 0), "");
    LLVMValueRef neg = LLVMBuildFCmp(c->b, LLVMRealOLT, x, cg_const(c, 0), "");
    LLVMValueRef inf = LLVMBuildFCmp(c->b, LLVMRealOEQ, x, cg_const(c, __builtin_inf()), "");
    LLVMValueRef nan = LLVMBuildFCmp(c->b, LLVMRealUNO, x, x, "");
    y = LLVMBuildSelect(c->b, zero, cg_const(c, -__builtin_inf()), y, "");
    y = LLVMBuildSelect(c->b, neg, cg_const(c, __builtin_nan("")), y, "");
    y = LLVMBuildSelect(c->b, inf, x, y, "");
    return LLVMBuildSelect(c->b, nan, x, y, "");
}
