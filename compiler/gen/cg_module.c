/* cg_module.c - one LLVM module per model: types mirroring circ_rt.h,
 * declarations of the allowed external functions, the kernels, then
 * verification and the new pass manager at -O2/-O3 for the host CPU. */
#include "cg_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

/* The mirrors laid out by the target as the C compiler laid out circ_rt.h
 * (its static assertions fix field k at byte 8k): every field set, 8 bytes
 * apart.  A failure is our bug, never the user's. */
static void abi_check_struct(LLVMTargetDataRef td, LLVMTypeRef t, unsigned nfields, size_t size)
{
    assert(LLVMCountStructElementTypes(t) == nfields);
    for (unsigned k = 0; k < nfields; k++)
        assert(LLVMOffsetOfElement(td, t, k) == 8ull * k);
    assert(LLVMABISizeOfType(td, t) == size);
    (void)td, (void)t, (void)nfields, (void)size;
}

static void abi_check(const struct cg_ctx *c, LLVMTargetDataRef td)
{
    abi_check_struct(td, c->t_globals, CRT_GLOBALS_NFIELDS, sizeof(struct crt_globals));
    abi_check_struct(td, c->t_set, CRT_SET_NFIELDS, sizeof(struct crt_set));
    abi_check_struct(td, c->t_group, CRT_GROUP_NFIELDS, sizeof(struct crt_group));
}

static void init_types(struct cg_ctx *c)
{
    LLVMContextRef x = c->ctx;
    c->f64 = LLVMDoubleTypeInContext(x);
    c->i64 = LLVMInt64TypeInContext(x);
    c->i32 = LLVMInt32TypeInContext(x);
    c->i1 = LLVMInt1TypeInContext(x);
    c->void_t = LLVMVoidTypeInContext(x);
    c->i8p = LLVMPointerType(LLVMInt8TypeInContext(x), 0);
    c->f64p = LLVMPointerType(c->f64, 0);
    c->i64p = LLVMPointerType(c->i64, 0);
    /* ORDER CRT_ABI: mirrors of runtime/circ_rt.h, field by named index */
    c->t_globals = LLVMStructCreateNamed(x, "crt_globals");
    LLVMTypeRef g[CRT_GLOBALS_NFIELDS] = {
        [CRT_GLOBALS_T] = c->f64, [CRT_GLOBALS_DT] = c->f64, [CRT_GLOBALS_CELSIUS] = c->f64,
        [CRT_GLOBALS_V_INIT] = c->f64, [CRT_GLOBALS_MECH_GLOBALS] = c->f64p,
    };
    LLVMStructSetBody(c->t_globals, g, CRT_GLOBALS_NFIELDS, 0);
    c->t_set = LLVMStructCreateNamed(x, "crt_set");
    LLVMTypeRef s[CRT_SET_NFIELDS] = {
        [CRT_SET_DATA] = c->f64p, [CRT_SET_N] = c->i64, [CRT_SET_NODE] = c->i64p,
        [CRT_SET_AREA_FACTOR] = c->f64p, [CRT_SET_STREAMS] = c->i8p, [CRT_SET_RT] = c->i8p,
        [CRT_SET_ID] = c->i64, [CRT_SET_SCRATCH] = c->f64p, [CRT_SET_NSITES] = c->i64,
        [CRT_SET_SITE_NODE] = c->i64p, [CRT_SET_GDATA] = c->f64p,
        [CRT_SET_DIAM] = c->f64p, [CRT_SET_AREA] = c->f64p,
        [CRT_SET_CONN_START] = c->i64p, [CRT_SET_CONN_WEIGHT] = c->f64p,
        [CRT_SET_CONN_STATE] = LLVMPointerType(c->f64p, 0),
    };
    LLVMStructSetBody(c->t_set, s, CRT_SET_NFIELDS, 0);
    c->t_group = LLVMStructCreateNamed(x, "crt_group");
    LLVMTypeRef gr[CRT_GROUP_NFIELDS] = {
        [CRT_GROUP_DATA] = c->f64p, [CRT_GROUP_NCELLS] = c->i64,
        [CRT_GROUP_PP] = LLVMPointerType(c->t_set, 0), [CRT_GROUP_PARAMS] = c->f64p,
    };
    LLVMStructSetBody(c->t_group, gr, CRT_GROUP_NFIELDS, 0);
    LLVMTypeRef one[1] = {c->f64}, two[2] = {c->f64, c->f64};
    c->t_math1 = LLVMFunctionType(c->f64, one, 1, 0);
    c->t_math2 = LLVMFunctionType(c->f64, two, 2, 0);
    LLVMTypeRef setp = LLVMPointerType(c->t_set, 0);
    LLVMTypeRef send[7] = {setp, c->i64, c->f64, c->f64, c->f64, c->f64, c->f64p};
    c->t_send = LLVMFunctionType(c->void_t, send, 7, 0);
    LLVMTypeRef emit[3] = {setp, c->i64, c->f64};
    c->t_emit = LLVMFunctionType(c->void_t, emit, 3, 0);
    LLVMTypeRef move[4] = {setp, c->i64, c->f64, c->f64};
    c->t_move = LLVMFunctionType(c->void_t, move, 4, 0);
    LLVMTypeRef watch[6] = {setp, c->i64, c->i64, c->f64, c->f64, c->i64};
    c->t_watch = LLVMFunctionType(c->void_t, watch, 6, 0);
    LLVMTypeRef rnd[2] = {setp, c->i64};
    c->t_rand = LLVMFunctionType(c->f64, rnd, 2, 0);
    LLVMTypeRef train[3] = {setp, c->i64, c->f64};
    c->t_train = LLVMFunctionType(c->f64, train, 3, 0);
}

static LLVMValueRef declare(struct cg_ctx *c, const char *name, LLVMTypeRef ft)
{
    LLVMValueRef f = LLVMAddFunction(c->mod, name, ft);
    LLVMSetLinkage(f, LLVMExternalLinkage);
    return f;
}

/* libm functions are pure for us (errno is never read), so LLVM may hoist
 * and combine calls: the value of a call never changes, so neither do bits.
 * Their calls are `nobuiltin` (cg_call): LLVM would otherwise rewrite them
 * by what it knows of libm, pow(2, x) as exp2(x), pow(x, 2) as x * x -
 * other roundings than NEURON's calls, and exp2 is no function a model may
 * call (jit.c). */
static LLVMValueRef declare_pure(struct cg_ctx *c, const char *name, LLVMTypeRef ft)
{
    LLVMValueRef f = declare(c, name, ft);
    if (c->nlibm < sizeof c->libm / sizeof *c->libm)
        c->libm[c->nlibm++] = f;
    /* speculatable: a call on loop-invariant arguments (a Q10 factor) may
     * leave a loop whatever branches lead to it */
    static const char *const attrs[] = {"readnone", "nounwind", "willreturn", "speculatable"};
    for (int i = 0; i < 4; i++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i]));
        LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->ctx, kind, 0));
    }
    return f;
}

static void init_functions(struct cg_ctx *c)
{
    /* libm, exactly as NEURON calls it (no intrinsics that could change it) */
    c->fn_exp = declare_pure(c, "exp", c->t_math1);
    c->fn_log = declare_pure(c, "log", c->t_math1);
    c->fn_log10 = declare_pure(c, "log10", c->t_math1);
    c->fn_sin = declare_pure(c, "sin", c->t_math1);
    c->fn_cos = declare_pure(c, "cos", c->t_math1);
    c->fn_tanh = declare_pure(c, "tanh", c->t_math1);
    c->fn_pow = declare_pure(c, "pow", c->t_math2);
    c->fn_tan = declare_pure(c, "tan", c->t_math1);
    c->fn_sinh = declare_pure(c, "sinh", c->t_math1);
    c->fn_cosh = declare_pure(c, "cosh", c->t_math1);
    c->fn_asin = declare_pure(c, "asin", c->t_math1);
    c->fn_acos = declare_pure(c, "acos", c->t_math1);
    c->fn_atan = declare_pure(c, "atan", c->t_math1);
    c->fn_atan2 = declare_pure(c, "atan2", c->t_math2);
    c->fn_fmod = declare_pure(c, "fmod", c->t_math2);
    /* correctly rounded operations: intrinsics are exact */
    c->fn_fabs = declare(c, "llvm.fabs.f64", c->t_math1);
    c->fn_floor = declare(c, "llvm.floor.f64", c->t_math1);
    c->fn_ceil = declare(c, "llvm.ceil.f64", c->t_math1);
    c->fn_sqrt = declare(c, "llvm.sqrt.f64", c->t_math1);
    c->fn_send = declare(c, "crt_send", c->t_send);
    c->fn_emit = declare(c, "crt_emit", c->t_emit);
    c->fn_move = declare(c, "crt_move", c->t_move);
    c->fn_watch = declare(c, "crt_watch", c->t_watch);
    c->fn_erand = declare(c, "crt_erand", c->t_rand);
    c->fn_urand = declare(c, "crt_urand", c->t_rand);
    c->fn_normrand = declare(c, "crt_normrand", c->t_rand);
    c->fn_train = declare(c, "crt_train", c->t_train);
}

static void init_tables(struct cg_ctx *c)
{
    const struct ir_model *m = c->model;
    unsigned n = 0;
    c->tables_base = arena_alloc(m->arena, (m->nmechs + 1) * sizeof *c->tables_base);
    for (unsigned i = 0; i < m->nmechs; i++) {
        c->tables_base[i] = n;
        n += m->mechs[i].nfuncs;
    }
    c->tables = arena_alloc(m->arena, (n + 1) * sizeof *c->tables);
    c->table_span = arena_alloc(m->arena, (n + 1) * sizeof *c->table_span);
    for (unsigned i = 0; i < m->nmechs; i++)
        for (unsigned f = 0; f < m->mechs[i].nfuncs; f++) {
            const struct ir_table *t = m->mechs[i].funcs[f].table;
            if (!t)
                continue;
            char name[200];
            snprintf(name, sizeof name, "circ_table_%s_%s", m->mechs[i].name, m->mechs[i].funcs[f].name);
            LLVMTypeRef at = LLVMArrayType(c->f64, (unsigned)(t->intervals + 1) * t->nvars);
            LLVMValueRef gv = LLVMAddGlobal(c->mod, at, name);
            LLVMSetInitializer(gv, LLVMConstNull(at));
            LLVMSetLinkage(gv, LLVMInternalLinkage);
            c->tables[c->tables_base[i] + f] = gv;
            c->table_span[c->tables_base[i] + f] = NULL;
            if (!t->from_e)
                continue;
            snprintf(name, sizeof name, "circ_table_span_%s_%s", m->mechs[i].name,
                     m->mechs[i].funcs[f].name);
            LLVMTypeRef st = LLVMArrayType(c->f64, 2);
            LLVMValueRef sv = LLVMAddGlobal(c->mod, st, name);
            LLVMSetInitializer(sv, LLVMConstNull(st));
            LLVMSetLinkage(sv, LLVMInternalLinkage);
            c->table_span[c->tables_base[i] + f] = sv;
        }
}

/* Machine-code options, once per process.  The post-RA list scheduler took a
 * quarter of the machine code's time on a step function of a few thousand
 * instructions (llc -time-passes) for no faster simulation on an
 * out-of-order core (bench/RESULTS.md); it reorders instructions, never
 * arithmetic, so the bits stay the same. */
#define CODEGEN_OPTIONS "-post-RA-scheduler=false"

static void init_native_target(void)
{
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    const char *argv[] = {"circ", CODEGEN_OPTIONS};
    LLVMParseCommandLineOptions(2, argv, NULL);
}

LLVMTargetMachineRef cg_host_machine(int opt_level, bool object, struct diag_sink *d)
{
    /* once per process, whichever thread compiles first (the embedding API) */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_native_target);
    char *triple = LLVMGetDefaultTargetTriple();
    char *cpu = LLVMGetHostCPUName();
    char *features = LLVMGetHostCPUFeatures();
    LLVMTargetRef target;
    char *err = NULL;
    LLVMTargetMachineRef tm = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &err)) {
        diag_error(d, LOC_NONE, "LLVM has no target for '%s': %s", triple, err);
        LLVMDisposeMessage(err);
    } else {
        LLVMCodeGenOptLevel level = opt_level >= 3 ? LLVMCodeGenLevelAggressive
                                  : opt_level >= 1 ? LLVMCodeGenLevelDefault : LLVMCodeGenLevelNone;
        tm = LLVMCreateTargetMachine(target, triple, cpu, features, level, LLVMRelocPIC,
                                     object ? LLVMCodeModelDefault : LLVMCodeModelJITDefault);
    }
    LLVMDisposeMessage(triple);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    return tm;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

bool cg_build(const struct ir_model *m, const struct cg_options *opt, struct diag_sink *d,
              struct cg_result *out)
{
    double t0 = now_ms();
    memset(out, 0, sizeof *out);
    struct cg_ctx c = {.model = m, .opt = opt, .diag = d, .layout = &out->layout};
    unsigned errors_before = diag_errors(d);
    out->tsc = LLVMOrcCreateNewThreadSafeContext();
    c.ctx = LLVMOrcThreadSafeContextGetContext(out->tsc);
    c.mod = LLVMModuleCreateWithNameInContext("circ_model", c.ctx);
    c.b = LLVMCreateBuilderInContext(c.ctx);
    init_types(&c);
    init_functions(&c);
    cg_layout_compute(m, opt, &out->layout);
    init_tables(&c);
    for (unsigned t = 0; t < m->ntypes; t++)
        cg_celltype(&c, (int)t);
    for (unsigned i = 0; i < m->nmechs; i++)
        cg_mech_entry(&c, (int)i);
    cg_emit_tables(&c);
    LLVMDisposeBuilder(c.b);
    out->ctx = c.ctx;
    out->module = c.mod;
    if (diag_errors(d) > errors_before) {
        cg_dispose(out);
        return false;
    }
    char *msg = NULL;
    if (LLVMVerifyModule(c.mod, LLVMReturnStatusAction, &msg)) {
        diag_error(d, LOC_NONE, "internal error: generated code does not verify: %s", msg);
        LLVMDisposeMessage(msg);
        cg_dispose(out);
        return false;
    }
    LLVMDisposeMessage(msg);
    out->tm = cg_host_machine(opt->opt_level, opt->object, d);
    if (!out->tm) {
        cg_dispose(out);
        return false;
    }
    char *triple = LLVMGetTargetMachineTriple(out->tm);
    LLVMSetTarget(c.mod, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef td = LLVMCreateTargetDataLayout(out->tm);
    LLVMSetModuleDataLayout(c.mod, td);
    abi_check(&c, td);
    LLVMDisposeTargetData(td);
    out->ms_codegen = now_ms() - t0;
    return true;
}

/* The kernels are loops of straight-line arithmetic without calls: what
 * matters is SROA (locals into registers), instcombine and GVN (the current
 * and its slope share their products; table index arithmetic), LICM (run
 * constants out of the cell loops) and the loop vectorizer.  default<O2>
 * ran many more passes for no faster code: on the seed 87 ms against 32 ms
 * here, and the same simulation time in both modes. */
#define KERNEL_PASSES \
    "function(sroa,instcombine,simplifycfg,loop-mssa(licm),gvn,loop-simplify,lcssa," \
    "loop-rotate,loop-vectorize,instcombine,simplifycfg)"

/* Part of the object cache's key: a change here must change the string. */
const char *cg_pipeline(int opt_level)
{
    return opt_level > 0 ? KERNEL_PASSES " " CODEGEN_OPTIONS : "none " CODEGEN_OPTIONS;
}

bool cg_optimize(struct cg_result *out, int opt_level, struct diag_sink *d)
{
    double t1 = now_ms();
    if (opt_level > 0) {
        LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
        LLVMPassBuilderOptionsSetLoopVectorization(po, 1);
        LLVMErrorRef e = LLVMRunPasses(out->module, KERNEL_PASSES, out->tm, po);
        LLVMDisposePassBuilderOptions(po);
        if (e) {
            char *em = LLVMGetErrorMessage(e);
            diag_error(d, LOC_NONE, "internal error: LLVM optimization failed: %s", em);
            LLVMDisposeErrorMessage(em);
            cg_dispose(out);
            return false;
        }
    }
    out->ms_optimize = now_ms() - t1;
    return true;
}

bool cg_generate(const struct ir_model *m, const struct cg_options *opt, struct diag_sink *d,
                 struct cg_result *out)
{
    return cg_build(m, opt, d, out) && cg_optimize(out, opt->opt_level, d);
}

void cg_dispose(struct cg_result *r)
{
    if (r->module)
        LLVMDisposeModule(r->module);
    if (r->tm)
        LLVMDisposeTargetMachine(r->tm);
    if (r->tsc)
        LLVMOrcDisposeThreadSafeContext(r->tsc);
    r->tsc = NULL;
    r->module = NULL;
    r->tm = NULL;
    r->ctx = NULL;
}

char *cg_print(const struct cg_result *r)
{
    return LLVMPrintModuleToString(r->module);
}
