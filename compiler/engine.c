/* engine.c - front end -> IR -> LLVM -> JIT, timed stage by stage. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aot.h"
#include "aot_sources.h"
#include "jit.h"
#include "objcache.h"
#include "plan.h"
#include "lower.h"
#include "lower_net.h"
#include "sema.h"

static void set_provenance(struct engine *e, const struct front_options *fo)
{
    e->model->circ_version = CIRC_VERSION;
    char hex[AOT_SHA256_HEX];
    aot_sources_sha256_front(e->front, hex);
    e->model->source_sha256 = arena_strdup(e->front->arena, hex);
    e->model->overrides = fo->overrides ? arena_strdup(e->front->arena, fo->overrides) : "";
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

char *engine_model_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".circ") == 0)
        n -= 5;
    char *name = xmalloc(n + 1);
    memcpy(name, base, n);
    name[n] = '\0';
    return name;
}

/* Code generation options for this model, its module (not optimized) and
 * the runtime model with its provenance; false with diagnostics. */
static bool generate(struct engine *e, const char *path, const struct front_options *fo,
                     struct ir_model *ir, struct cg_options *opt, struct cg_result *r)
{
    plan_options(e->front->sema, ir, opt);
    if (!cg_build(ir, opt, e->front->diag, r))
        return false;
    char *name = engine_model_name(path);
    e->model = lower_network(e->front->sema, ir, &r->layout,
                             arena_strdup(e->front->arena, name));
    free(name);
    if (!e->model) {
        cg_dispose(r);
        return false;
    }
    e->model->exact = opt->exact;
    set_provenance(e, fo);
    return true;
}

bool engine_open(struct engine *e, const char *path, const struct front_options *fo,
                 const struct cg_options *co)
{
    memset(e, 0, sizeof *e);
    e->front = front_create(fo);
    double t0 = now_ms();
    if (!front_check_file(e->front, path))
        return false;
    double t1 = now_ms();
    struct ir_model *ir = lower_model(e->front->sema);
    if (!ir)
        return false;
    double t2 = now_ms();
    struct cg_result r;
    struct cg_options opt = *co;
    /* the default mode lets the backend fuse and reassociate: code with a
     * parameter folded in rounds differently from code reading it, so the
     * JIT keeps parameters run-time values as a program does (engine_build),
     * and both write the same bytes (no measurable cost) */
    if (!opt.exact)
        opt.all_params_runtime = true;
    if (!generate(e, path, fo, ir, &opt, &r))
        return false;
    /* optimizing and compiling cost ~200 ms: reuse the machine code of an
     * identical module when the cache has it */
    double t3 = now_ms();
    char key[OBJCACHE_KEY_HEX];
    objcache_key(&r, &opt, key);
    LLVMMemoryBufferRef obj = objcache_get(key);
    e->times.cached = obj != NULL;
    if (!obj) {
        if (!cg_optimize(&r, opt.opt_level, e->front->diag))
            return false;
        if ((obj = jit_compile(&r, opt.opt_level, e->front->diag)))
            objcache_put(key, obj);
    }
    LLVMTargetMachineRef tm = r.tm;
    r.tm = NULL;
    e->times.parse_check = t1 - t0;
    e->times.lower = t2 - t1;
    e->times.codegen = r.ms_codegen;
    e->times.optimize = r.ms_optimize;
    cg_dispose(&r);
    if (!obj) {
        LLVMDisposeTargetMachine(tm);
        return false;
    }
    e->jit = jit_load(tm, obj, e->model, e->front->diag);     /* takes both */
    e->times.jit = now_ms() - t3 - e->times.optimize;   /* key, compile or cache, link */
    return e->jit != NULL;
}

bool engine_build(struct engine *e, const char *path, const char *exe,
                  const struct front_options *fo, const struct cg_options *co)
{
    memset(e, 0, sizeof *e);
    e->front = front_create(fo);
    struct ir_model *ir;
    if (!front_check_file(e->front, path) || !(ir = lower_model(e->front->sema)))
        return false;
    /* every density parameter a run-time value, so the program's --set
     * needs no code generator; both arithmetics, so it takes --exact */
    struct cg_options fast = *co;
    fast.object = true;
    fast.all_params_runtime = true;
    fast.exact = false;
    struct cg_result rf, rx = {0};
    if (!generate(e, path, fo, ir, &fast, &rf))
        return false;
    e->model->exact = co->exact;        /* the program's default */
    struct cg_options exact = fast;
    exact.exact = true;
    size_t nsrc = 0;
    unsigned char *src = NULL;
    bool ok = cg_build(ir, &exact, e->front->diag, &rx) &&
              cg_optimize(&rf, fast.opt_level, e->front->diag) &&
              cg_optimize(&rx, exact.opt_level, e->front->diag) &&
              (src = aot_sources_encode(e->front, fast.fold_globals, ir_celltypes_fingerprint(ir), &nsrc)) &&
              aot_build(&rf, &rx, e->model, src, nsrc, exe, e->front->diag);
    free(src);
    cg_dispose(&rf);
    cg_dispose(&rx);
    return ok;
}

void engine_close(struct engine *e)
{
    jit_destroy(e->jit);
    front_destroy(e->front);
    memset(e, 0, sizeof *e);
}
