/* test_cg_exp.c - the default mode's inline exp and log (compiler/gen/cg_exp.c)
 * against glibc's: at most 2 ulp apart over the whole range, exact limits. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <llvm-c/LLJIT.h>
#include <llvm-c/Target.h>

#include "cg_int.h"

typedef double (*exp_fn)(double);

static LLVMOrcLLJITRef jit;

/* One of the inline functions ("fast_exp", "fast_log") as a function. */
static exp_fn compile_named(const char *name)
{
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    struct cg_options opt = {.exact = false};
    struct cg_ctx c = {.ctx = LLVMOrcThreadSafeContextGetContext(tsc), .opt = &opt};
    c.mod = LLVMModuleCreateWithNameInContext("exp_test", c.ctx);
    c.b = LLVMCreateBuilderInContext(c.ctx);
    c.f64 = LLVMDoubleTypeInContext(c.ctx);
    c.i64 = LLVMInt64TypeInContext(c.ctx);
    c.t_math1 = LLVMFunctionType(c.f64, &c.f64, 1, 0);
    c.fn_floor = LLVMAddFunction(c.mod, "llvm.floor.f64", c.t_math1);
    LLVMValueRef fn = cg_function(&c, name, c.f64, &c.f64, 1);
    LLVMValueRef x = LLVMGetParam(fn, 0);
    LLVMBuildRet(c.b, strcmp(name, "fast_log") == 0 ? cg_fast_log(&c, x) : cg_fast_exp(&c, x));
    LLVMDisposeBuilder(c.b);
    cr_assert_eq(LLVMOrcCreateLLJIT(&jit, NULL), NULL);
    LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(c.mod, tsc);
    LLVMOrcDisposeThreadSafeContext(tsc);
    cr_assert_eq(LLVMOrcLLJITAddLLVMIRModule(jit, LLVMOrcLLJITGetMainJITDylib(jit), tsm), NULL);
    LLVMOrcExecutorAddress addr = 0;
    cr_assert_eq(LLVMOrcLLJITLookup(jit, &addr, name), NULL);
    exp_fn f;
    uintptr_t a = (uintptr_t)addr;
    memcpy(&f, &a, sizeof f);
    return f;
}

static exp_fn compile(void)
{
    return compile_named("fast_exp");
}

static int64_t ulps(double a, double b)
{
    int64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x > y ? x - y : y - x;
}

Test(fast_exp, within_two_ulp_of_libm)
{
    exp_fn f = compile();
    int64_t worst = 0;
    double at = 0;
    for (int i = 0; i <= 2000000; i++) {
        double x = -745.0 + 1454.5 * i / 2000000.0;
        int64_t u = ulps(f(x), exp(x));
        if (u > worst && exp(x) > 2.2250738585072014e-308) {   /* normal results */
            worst = u;
            at = x;
        }
    }
    cr_assert(worst <= 2, "worst error %lld ulp at x = %.17g", (long long)worst, at);
    /* the range NEURON models live in, densely */
    for (int i = 0; i <= 1000000; i++) {
        double x = -50.0 + 100.0 * i / 1000000.0;
        cr_assert(ulps(f(x), exp(x)) <= 2, "x = %.17g", x);
    }
    LLVMOrcDisposeLLJIT(jit);
}

Test(fast_exp, special_values)
{
    exp_fn f = compile();
    cr_assert_eq(f(0.0), 1.0);
    cr_assert(isinf(f(710.0)) && f(710.0) > 0);
    cr_assert_eq(f(-746.0), 0.0);
    cr_assert(isnan(f(NAN)));
    cr_assert(isinf(f(INFINITY)));
    cr_assert_eq(f(-INFINITY), 0.0);
    cr_assert(f(-740.0) > 0 && f(-740.0) < 1e-300);     /* subnormal */
    LLVMOrcDisposeLLJIT(jit);
}

Test(fast_log, within_two_ulp_of_libm)
{
    exp_fn f = compile_named("fast_log");
    int64_t worst = 0;
    double at = 0;
    for (int i = 0; i <= 2000000; i++) {     /* every binade, log-spaced */
        double x = exp2(-1074.0 + 2097.9 * i / 2000000.0);
        int64_t u = ulps(f(x), log(x));
        if (u > worst) {
            worst = u;
            at = x;
        }
    }
    cr_assert(worst <= 2, "worst error %lld ulp at x = %.17g", (long long)worst, at);
    /* near 1, where log is small, and the concentrations ratios of a model */
    for (int i = 0; i <= 1000000; i++) {
        double x = 0.5 + 1.5 * i / 1000000.0, y = 1e-6 + 1e5 * i / 1000000.0;
        cr_assert(ulps(f(x), log(x)) <= 2, "x = %.17g: %.17g vs %.17g", x, f(x), log(x));
        cr_assert(ulps(f(y), log(y)) <= 2, "x = %.17g", y);
    }
    LLVMOrcDisposeLLJIT(jit);
}

Test(fast_log, special_values)
{
    exp_fn f = compile_named("fast_log");
    cr_assert_eq(f(1.0), 0.0);
    cr_assert_eq(f(2.0), log(2.0));
    cr_assert(isinf(f(0.0)) && f(0.0) < 0);
    cr_assert(isinf(f(-0.0)) && f(-0.0) < 0);
    cr_assert(isnan(f(-1.0)));
    cr_assert(isnan(f(NAN)));
    cr_assert(isinf(f(INFINITY)) && f(INFINITY) > 0);
    cr_assert(isnan(f(-INFINITY)));
    cr_assert(ulps(f(5e-324), log(5e-324)) <= 2);   /* the least subnormal */
    LLVMOrcDisposeLLJIT(jit);
}
