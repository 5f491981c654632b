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

struct cg_options engine_cg_options(bool exact)
{
    const char *env = getenv("CIRC_LOOP_NODES");
    long n = env ? strtol(env, NULL, 10) : 0;
    return (struct cg_options){.exact = exact, .opt_level = 2,
                               .loop_nodes = n > 0 && n < 1000000000 ? (int)n : 0};
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

/* Keeps what engine_relower needs of the options and sources. */
static void keep_sources(struct engine *e, const char *path, const char *text, size_t len,
                         const struct front_options *fo, const struct cg_options *co)
{
    e->path = xmalloc(strlen(path) + 1);
    strcpy(e->path, path);
    if (text) {
        e->text = xmalloc(len + 1);
        memcpy(e->text, text, len);
        e->text[len] = '\0';
        e->len = len;
    }
    e->fo = *fo;
    e->fo.overrides = NULL;
    e->fo.varies = NULL;
    e->fo.vary_in = NULL;
    e->overrides = engine_overrides_with(e, fo->overrides);
    e->co = *co;
}

static bool open_checked(struct engine *e, const char *path, const struct front_options *fo,
                         const struct cg_options *co, double t0);
static struct crt_model *relower_checked(const struct engine *e, struct front *front,
                                         const char *overrides, bool *code_changed);

bool engine_open(struct engine *e, const char *path, const struct front_options *fo,
                 const struct cg_options *co)
{
    /* the text is kept: engine_relower checks what was compiled, even if
     * the file changes or goes (its imports are read again) */
    size_t len;
    char *text = front_read_file(path, &len);
    if (text) {
        bool ok = engine_open_text(e, path, text, len, fo, co);
        free(text);
        return ok;
    }
    memset(e, 0, sizeof *e);
    keep_sources(e, path, NULL, 0, fo, co);
    e->front = front_create(fo);
    front_check_file(e->front, path);       /* says why it cannot be read */
    return false;
}

bool engine_open_text(struct engine *e, const char *name, const char *text, size_t len,
                      const struct front_options *fo, const struct cg_options *co)
{
    memset(e, 0, sizeof *e);
    keep_sources(e, name, text, len, fo, co);
    e->front = front_create(fo);
    double t0 = now_ms();
    if (!front_check_text(e->front, name, text, len))
        return false;
    return open_checked(e, name, fo, co, t0);
}

/* The checked model lowered, generated, optimized (or taken from the
 * object cache) and loaded. */
static bool open_checked(struct engine *e, const char *path, const struct front_options *fo,
                         const struct cg_options *co, double t0)
{
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
    e->celltypes = ir_celltypes_fingerprint(ir);
    e->fold_globals = opt.fold_globals;
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

char *engine_overrides_with(const struct engine *e, const char *more)
{
    const char *own = e->overrides ? e->overrides : "";
    if (!*own && !(more && *more))
        return NULL;
    size_t n = strlen(own), m = more ? strlen(more) : 0;
    char *all = xmalloc(n + m + 1);
    memcpy(all, own, n);
    memcpy(all + n, more ? more : "", m + 1);
    return all;
}

struct crt_model *engine_relower(const struct engine *e, const char *more, struct front **fp,
                                 bool *code_changed)
{
    char *overrides = engine_overrides_with(e, more);
    struct front_options fo = e->fo;
    fo.overrides = overrides;
    struct front *front = *fp = front_create(&fo);
    *code_changed = false;
    struct crt_model *m = relower_checked(e, front, overrides, code_changed);
    free(overrides);
    return m;
}

/* engine_relower's work once its front is made. */
static struct crt_model *relower_checked(const struct engine *e, struct front *front,
                                         const char *overrides, bool *code_changed)
{
    bool checked = e->text ? front_check_text(front, e->path, e->text, e->len)
                           : front_check_file(front, e->path);
    struct ir_model *ir = checked ? lower_model(front->sema) : NULL;
    if (!ir)
        return NULL;
    struct cg_options opt = e->co;
    if (!opt.exact)
        opt.all_params_runtime = true;      /* as engine_open compiles */
    plan_options(front->sema, ir, &opt);
    struct cg_layout layout;
    cg_layout_compute(ir, &opt, &layout);
    /* a cell type's geometry or mechanisms changed, or a mechanism global
     * set that the code has folded in (as a program's --set, aot_main.c) */
    if (ir_celltypes_fingerprint(ir) != e->celltypes || (e->fold_globals && !opt.fold_globals)) {
        *code_changed = true;
        return NULL;
    }
    struct crt_model *m = lower_network(front->sema, ir, &layout, e->model->name);
    if (!m)
        return NULL;
    size_t n = crt_model_nentries(e->model);
    if (crt_model_nentries(m) != n) {
        *code_changed = true;
        return NULL;
    }
    void **functions = xmalloc((n + 1) * sizeof *functions);
    crt_model_functions(e->model, functions);
    crt_model_bind(m, functions);
    free(functions);
    m->exact = e->model->exact;
    m->circ_version = e->model->circ_version;
    m->source_sha256 = e->model->source_sha256;
    m->overrides = overrides ? arena_strdup(front->arena, overrides) : "";
    return m;
}

void engine_close(struct engine *e)
{
    jit_destroy(e->jit);
    front_destroy(e->front);
    free(e->path);
    free(e->text);
    free(e->overrides);
    memset(e, 0, sizeof *e);
}
