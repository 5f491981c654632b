/* cg_exp.c - a vectorizable exp() for the default (non-exact) mode.
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
