/* test_cg.c - code generation (cg_*.c) on small models, in-process: the
 * entry points the runtime looks up, calls only to the JIT's allow-list,
 * NEURON's arithmetic in --exact (libm exp, no fused multiply-add) and
 * vectorized cell loops in the default mode. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cg.h"
#include "front.h"
#include "jit.h"
#include "lower.h"
#include "plan.h"

/* A user channel using every math built-in, a user point process with
 * self-events and an artificial cell (tests/golden/03-point-receive.circ). */
static const char model[] =
    "density mathy {\n"
    "    parameter g = 0.001 S/cm2\n"
    "    state s\n"
    "    initial { s = 0 }\n"
    "    derivative {\n"
    "        let x = v / 1 mV\n"
    "        let r = exp(x / 100) + log(2 + abs(x)) + log10(3) + sqrt(4) + sin(x) + cos(x) + tanh(x)\n"
    "        let q = pow(1.1, x / 50) + min(x, 1) + max(x, 0) + floor(x) + fabs(x)\n"
    "        s' = (r + q - s) / 5 ms\n"
    "    }\n"
    "    current i = g * s * (v + 70 mV)\n"
    "}\n"
    "point Noisy {\n"
    "    parameter e = 0 mV\n"
    "    state g: uS\n"
    "    initial { g = 0 uS }\n"
    "    derivative { g' = -g / 2 ms }\n"
    "    current i = g * (v - e)\n"
    "    receive(w: uS) { g = g + w * (erand() + urand() + normrand()) }\n"
    "}\n"
    "cell C {\n"
    "    section soma { L = 20 um; diam = 20 um; insert hh { } insert mathy { } }\n"
    "}\n"
    "population p of C { count = 16 }\n"
    "synapse n = Noisy { e = 0 mV }\n"
    "stimulus b = NetStim { interval = 5 ms; number = 10; start = 1 ms; noise = 0.5 } -> p at soma(0.5) via n { weight = 0.001 uS; delay = 1 ms }\n"
    "simulation { duration = 10 ms; dt = 0.025 ms }\n";

struct generated {
    struct front *f;
    struct cg_result r;
};

static struct generated generate(const char *src, bool exact)
{
    struct generated g = {.f = front_create(NULL)};
    cr_assert(front_check_text(g.f, "test.circ", src, strlen(src)), "%s", diag_text(g.f->diag));
    struct ir_model *ir = lower_model(g.f->sema);
    cr_assert(ir, "%s", diag_text(g.f->diag));
    struct cg_options opt = {.exact = exact, .opt_level = 2};
    plan_options(g.f->sema, ir, &opt);
    cr_assert(cg_generate(ir, &opt, g.f->diag, &g.r), "%s", diag_text(g.f->diag));
    return g;
}

static void release(struct generated *g)
{
    cg_dispose(&g->r);
    front_destroy(g->f);
}

static bool defined(LLVMModuleRef m, const char *name)
{
    LLVMValueRef fn = LLVMGetNamedFunction(m, name);
    return fn && LLVMCountBasicBlocks(fn) > 0;
}

Test(cg, entry_points)
{
    struct generated g = generate(model, false);
    LLVMModuleRef m = g.r.module;
    cr_assert(defined(m, "circ_init_C"));
    cr_assert(defined(m, "circ_step_C"));
    cr_assert(defined(m, "circ_receive_Noisy"));
    cr_assert(defined(m, "circ_receive_NetStim"));
    cr_assert(defined(m, "circ_art_init_NetStim"));
    cr_assert(defined(m, "circ_tables"));
    /* the stdlib's mechanisms no connection, stimulus or population uses
     * get no code (compiler/lower/plan.c) */
    static const char *const unused[] = {"circ_receive_ExpSyn", "circ_receive_IntFire1",
                                         "circ_art_init_IntFire2", "circ_receive_IntFire4",
                                         "circ_receive_AdEx", "circ_watch_Izhi2007b",
                                         "circ_art_init_VecStim"};
    for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
        cr_assert_not(defined(m, unused[i]), "%s emitted", unused[i]);
    release(&g);
}

/* A mechanism used only by a population of artificial cells, only by an
 * experiment's stimulus (its source and its synapse) or only by a connection
 * rule's synapse is compiled. */
Test(cg, entry_points_of_mechanisms_used_anywhere)
{
    static const char src[] =
        "cell C {\n"
        "    section soma { L = 20 um; diam = 20 um; insert hh { } }\n"
        "}\n"
        "population p of C { count = 4 }\n"
        "population q of IntFire1 { count = 3; tau = 10 ms }\n"
        "synapse x = ExpSyn { tau = 2 ms; e = 0 mV }\n"
        "simulation { duration = 10 ms; dt = 0.025 ms }\n"
        "experiment e1 {\n"
        "    stimulus b = IntFire4 { } -> p at soma(0.5) via x { weight = 0.001 uS; delay = 1 ms }\n"
        "}\n"
        "synapse y = Exp2Syn { tau1 = 0.5 ms; tau2 = 3 ms; e = 0 mV }\n"
        "connect q -> p at soma(0.5) via y { probability = 1; weight = 0.001 uS; delay = 1 ms }\n";
    struct generated g = generate(src, false);
    LLVMModuleRef m = g.r.module;
    cr_assert(defined(m, "circ_receive_IntFire1"));
    cr_assert(defined(m, "circ_art_init_IntFire1"));
    cr_assert(defined(m, "circ_receive_IntFire4"));
    cr_assert(defined(m, "circ_receive_ExpSyn"));
    cr_assert(defined(m, "circ_receive_Exp2Syn"));
    cr_assert_not(defined(m, "circ_receive_IntFire2"));
    cr_assert_not(defined(m, "circ_receive_NetStim"));
    release(&g);
}

/* Generated code reaches nothing but the allow-list and LLVM's intrinsics. */
static void only_allowed_calls(bool exact)
{
    struct generated g = generate(model, exact);
    int declared = 0;
    for (LLVMValueRef fn = LLVMGetFirstFunction(g.r.module); fn; fn = LLVMGetNextFunction(fn)) {
        if (LLVMCountBasicBlocks(fn) > 0)
            continue;
        size_t len;
        const char *name = LLVMGetValueName2(fn, &len);
        if (strncmp(name, "llvm.", 5) == 0)
            continue;
        cr_assert(jit_allowed(name), "generated code calls '%s', which the JIT does not allow", name);
        declared++;
    }
    cr_assert(declared >= 5, "the model's random and math calls are external (%d)", declared);
    release(&g);
}

Test(cg, only_allowed_calls_default) { only_allowed_calls(false); }
Test(cg, only_allowed_calls_exact) { only_allowed_calls(true); }

/* Calls made by a function, by name: the count of calls to `callee`. */
static int calls_to(LLVMValueRef fn, const char *callee)
{
    int n = 0;
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
        for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
            if (LLVMGetInstructionOpcode(i) != LLVMCall)
                continue;
            LLVMValueRef target = LLVMGetCalledValue(i);
            size_t len;
            const char *name = target ? LLVMGetValueName2(target, &len) : "";
            n += strncmp(name, callee, strlen(callee)) == 0;
        }
    return n;
}

/* Instructions of vector type in fn. */
static int vector_values(LLVMValueRef fn)
{
    int n = 0;
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
        for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
            n += LLVMGetTypeKind(LLVMTypeOf(i)) == LLVMVectorTypeKind;
    return n;
}

/* May the backend contract a*b + c into an FMA in fn? */
static bool unsafe_fp(LLVMValueRef fn)
{
    static const char key[] = "unsafe-fp-math";
    LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, key,
                                                       sizeof key - 1);
    unsigned len = 0;
    return a && strcmp(LLVMGetStringAttributeValue(a, &len), "true") == 0;
}

/* --exact: NEURON's operations, so libm's exp and no fused multiply-adds. */
Test(cg, exact_uses_libm_and_no_fma)
{
    struct generated g = generate(model, true);
    LLVMValueRef step = LLVMGetNamedFunction(g.r.module, "circ_step_C");
    cr_assert(calls_to(step, "exp") > 0, "the exact step calls libm's exp");
    cr_assert_eq(calls_to(step, "llvm.fma"), 0);
    cr_assert_eq(calls_to(step, "llvm.fmuladd"), 0);
    for (LLVMValueRef fn = LLVMGetFirstFunction(g.r.module); fn; fn = LLVMGetNextFunction(fn))
        cr_assert_not(unsafe_fp(fn), "%s may contract or reassociate in --exact",
                      LLVMGetValueName2(fn, &(size_t){0}));
    release(&g);
}

/* Default mode: hh's exp is inline (no call in the step) and the cell
 * loops vectorize. */
Test(cg, default_inline_exp_and_vector_loops)
{
    struct generated g = generate(model, false);
    LLVMValueRef step = LLVMGetNamedFunction(g.r.module, "circ_step_C");
    int libm_exp = 0;
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(step); b; b = LLVMGetNextBasicBlock(b))
        for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
            if (LLVMGetInstructionOpcode(i) == LLVMCall) {
                size_t len;
                LLVMValueRef t = LLVMGetCalledValue(i);
                libm_exp += t && strcmp(LLVMGetValueName2(t, &len), "exp") == 0;
            }
    cr_assert_eq(libm_exp, 0, "the default step evaluates exp inline");
    cr_assert(unsafe_fp(step), "the default step lets the backend fuse multiply-adds");
    cr_assert(vector_values(step) > 0, "the default step's cell loops are vectorized");
    release(&g);
}

/* A channel in ModelDB's style: a Q10 factor on celsius and whole powers
 * in its rates, on a cell of three nodes (code per node). */
static const char q10_model[] =
    "density q10ch {\n"
    "    parameter gbar = 0.001 S/cm2\n"
    "    state m\n"
    "    initial { m = 0 }\n"
    "    derivative {\n"
    "        let tadj = 3 ^ ((celsius - 6.3 degC) / 10 degC)\n"
    "        let minf = 1 / (1 + exp(-(v + 40 mV) / 9 mV))\n"
    "        m' = tadj * (minf - m) / (1 ms + 5 ms * exp(-((v + 40 mV) / 20 mV) ^ 2))\n"
    "    }\n"
    "    current i = gbar * m ^ 3 * (v - 50 mV)\n"
    "}\n"
    "cell C {\n"
    "    section soma { L = 20 um; diam = 20 um; nseg = 3; insert q10ch { } }\n"
    "}\n"
    "population p of C { count = 16 }\n"
    "simulation { duration = 10 ms; dt = 0.025 ms }\n";

/* The Q10 factor's pow reads only celsius: it leaves the cell loop (one
 * call, hoisted, where there were one per node per evaluation).  The default
 * mode multiplies whole powers out, so nothing keeps the loop scalar;
 * --exact calls pow for them as NEURON does. */
Test(cg, q10_hoisted_and_whole_powers_multiplied)
{
    struct generated g = generate(q10_model, false);
    LLVMValueRef step = LLVMGetNamedFunction(g.r.module, "circ_step_C");
    cr_assert_eq(calls_to(step, "pow"), 1, "the default step calls pow once (the Q10 factor)");
    cr_assert(vector_values(step) > 0, "the default step's cell loop is vectorized");
    release(&g);
    g = generate(q10_model, true);
    step = LLVMGetNamedFunction(g.r.module, "circ_step_C");
    /* per node: m ^ 3 in the current (twice: i and di/dv) and the square in tau */
    cr_assert_geq(calls_to(step, "pow"), 3 * 2, "--exact keeps pow for whole powers");
    release(&g);
}

static unsigned instructions(LLVMValueRef fn)
{
    unsigned n = 0;
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
        for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
            n++;
    return n;
}

/* The large pyramidal cell of tests/neuron/morph/big.swc (285 sections) at
 * `nseg` segments per section, its kernels' optimized size in instructions. */
static unsigned big_cell_size(int nseg, bool exact)
{
    char src[2048];
    snprintf(src, sizeof src,
             "cell BIG {\n"
             "    morphology \"%s/tests/neuron/morph/big.swc\"\n"
             "    section all { Ra = 120 ohm*cm; nseg = %d; insert pas { g = 0.00005 S/cm2; e = -65 mV } }\n"
             "    section soma { nseg = 1; insert hh { } }\n"
             "    section axon { insert hh { gnabar = 0.2 S/cm2 } }\n"
             "    section apic { cm = 1.8 uF/cm2; insert pas { g = 0.0001 S/cm2 } }\n"
             "}\n"
             "population p of BIG { count = 1 }\n"
             "stimulus s = IClamp { del = 1 ms; dur = 2 ms; amp = 1 nA } -> p at soma(0.5)\n"
             "simulation { duration = 5 ms; dt = 0.025 ms }\n",
             SRCDIR, nseg);
    struct generated g = generate(src, exact);
    unsigned n = instructions(LLVMGetNamedFunction(g.r.module, "circ_step_BIG")) +
                 instructions(LLVMGetNamedFunction(g.r.module, "circ_init_BIG"));
    release(&g);
    return n;
}

/* A reconstructed cell's kernels are loops over tables (cg_tree.c), not
 * code per node: five times the compartments (285 -> 1,421) leave the code
 * the same size, where code per node grew with them (and a cell of 1,247
 * compartments took minutes to compile).  Catches a return to unrolling. */
Test(cg, large_cell_code_does_not_grow_with_nodes, .timeout = 120)
{
    for (int exact = 0; exact < 2; exact++) {
        unsigned small = big_cell_size(1, exact), large = big_cell_size(5, exact);
        cr_assert_lt(large, small + small / 4, "%s: %u instructions at nseg 1, %u at nseg 5",
                     exact ? "--exact" : "default", small, large);
        cr_assert_lt(large, 1421 * 4, "%s: %u instructions for 1,421 nodes",
                     exact ? "--exact" : "default", large);
    }
}
