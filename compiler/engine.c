/* engine.c - front end -> IR -> LLVM -> JIT, timed stage by stage. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aot.h"
#include "jit.h"
#include "objcache.h"
#include "lower.h"
#include "lower_net.h"
#include "sema.h"

#include <openssl/evp.h>

/* Does any `set` change a mechanism global (hh.usetable)?  If not, codegen
 * may fold them. */
bool engine_globals_are_defaults(const struct sema *s)
{
    const struct ast *prog = s->main;
    for (unsigned i = 0; prog && i < prog->nkids; i++) {
        const struct ast *it = prog->kids[i];
        const struct ast *sets[64];
        unsigned n = 0;
        if (it->kind == AST_SET)
            sets[n++] = it;
        for (unsigned j = 0; it->kind == AST_EXPERIMENT && j < it->nkids && n < 64; j++)
            if (it->kids[j]->kind == AST_SET)
                sets[n++] = it->kids[j];
        for (unsigned k = 0; k < n; k++) {
            const struct ast *leaf = sets[k]->kids[0], *root = leaf;
            while (root->kind == AST_MEMBER)
                root = root->kids[0];
            /* mechanism globals are the implicit parameters (no declaration) */
            if (root->sym && root->sym->kind == SYM_MECH && leaf->sym && !leaf->sym->decl)
                return false;
        }
    }
    return true;
}

/* The density parameters some `set MECH.param` changes: they stay run-time
 * values in the kernels (pairs of names into *out, arena-allocated). */
static unsigned runtime_params(struct sema *s, const char ***out)
{
    const struct ast *prog = s->main;
    const char **pairs = NULL;
    unsigned n = 0;
    for (unsigned i = 0; prog && i < prog->nkids; i++) {
        const struct ast *it = prog->kids[i];
        for (unsigned j = 0; j < (it->kind == AST_EXPERIMENT ? it->nkids : 1); j++) {
            const struct ast *set = it->kind == AST_EXPERIMENT ? it->kids[j] : it;
            if (set->kind != AST_SET)
                continue;
            const struct ast *leaf = set->kids[0], *root = leaf;
            if (leaf->kind != AST_MEMBER || leaf->kids[0]->kind != AST_NAME)
                continue;
            root = leaf->kids[0];
            if (!root->sym || root->sym->kind != SYM_MECH || !leaf->sym ||
                leaf->sym->kind != SYM_PARAM || !leaf->sym->decl)
                continue;
            pairs = arena_realloc(s->arena, pairs, 2 * n * sizeof *pairs, 2 * (n + 1) * sizeof *pairs);
            pairs[2 * n] = root->str;
            pairs[2 * n + 1] = leaf->str;
            n++;
        }
    }
    *out = pairs;
    return n;
}

/* Cell types a selector can reach (marks types[]); `all` reaches every one. */
static void selector_types(const struct ir_model *ir, const struct ast *sel, bool *types, int depth);

static void sym_types(const struct ir_model *ir, const struct sym *sym, bool *types, int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        const char *cell = sym->decl->kids[0]->str;
        for (unsigned t = 0; t < ir->ntypes; t++)
            if (strcmp(ir->types[t].name, cell) == 0)
                types[t] = true;
        return;
    }
    for (unsigned i = 0; sym->kind == SYM_GROUP && i < sym->decl->nkids; i++)
        sym_types(ir, sym->decl->kids[i]->sym, types, depth + 1);
}

static void selector_types(const struct ir_model *ir, const struct ast *sel, bool *types, int depth)
{
    const struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        if (terms->kids[i]->kind == AST_ALL)
            for (unsigned t = 0; t < ir->ntypes; t++)
                types[t] = true;
        else
            sym_types(ir, terms->kids[i]->sym, types, depth);
    }
}

/* Which point mechanisms each cell type can carry: synapses of connection
 * rules and stimuli, and point-process stimuli themselves. */
static bool *point_placement(struct sema *s, const struct ir_model *ir)
{
    bool *on = arena_alloc(s->arena, (size_t)ir->ntypes * ir->nmechs + 1);
    bool *types = arena_alloc(s->arena, ir->ntypes + 1);
    for (int p = 0; p < s->nprograms; p++) {
        const struct ast *prog = s->programs[p];
        for (unsigned i = 0; i < prog->nkids; i++) {
            const struct ast *it = prog->kids[i];
            for (unsigned j = 0; j < (it->kind == AST_EXPERIMENT ? it->nkids : 1); j++) {
                const struct ast *x = it->kind == AST_EXPERIMENT ? it->kids[j] : it;
                const struct ast *sel = NULL, *mech = NULL;
                if (x->kind == AST_CONNECT && x->kids[3]->sym) {
                    sel = x->kids[1];
                    mech = x->kids[3]->sym->decl->kids[0];
                } else if (x->kind == AST_STIMULUS) {
                    sel = x->kids[2];
                    mech = ast_kid(x, 4) && x->kids[4]->sym ? x->kids[4]->sym->decl->kids[0]
                                                              : x->kids[0];
                }
                if (!sel || !mech)
                    continue;
                int mi = lower_mech_index(ir, mech->str);
                if (mi < 0)
                    continue;
                memset(types, 0, ir->ntypes);
                selector_types(ir, sel, types, 0);
                for (unsigned t = 0; t < ir->ntypes; t++)
                    if (types[t])
                        on[(size_t)t * ir->nmechs + (size_t)mi] = true;
            }
        }
    }
    return on;
}

/* SHA-256 over every loaded file (stdlib, imports, the model), in load order. */
static const char *sources_sha256(struct front *f)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (int i = 0; i < diag_nfiles(f->diag); i++) {
        const struct srcfile *sf = diag_file(f->diag, i);
        if (strcmp(sf->path, "--set") != 0)     /* overrides are reported on their own */
            EVP_DigestUpdate(ctx, sf->text, sf->len);
    }
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    char *hex = arena_alloc(f->arena, 2 * n + 1);
    for (unsigned i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return hex;
}

static void set_provenance(struct engine *e, const struct front_options *fo)
{
    e->model->circ_version = CIRC_VERSION;
    e->model->source_sha256 = sources_sha256(e->front);
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
    opt->fold_globals = engine_globals_are_defaults(e->front->sema);
    const char **rp;
    opt->nruntime_params = runtime_params(e->front->sema, &rp);
    opt->runtime_params = rp;
    opt->pp_on_type = point_placement(e->front->sema, ir);
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
        if ((obj = jit_compile(&r, e->front->diag)))
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
    struct cg_options obj = *co;
    obj.object = true;
    struct cg_result r;
    if (!generate(e, path, fo, ir, &obj, &r))
        return false;
    bool ok = cg_optimize(&r, obj.opt_level, e->front->diag) &&
              aot_build(&r, e->model, exe, e->front->diag);
    cg_dispose(&r);
    return ok;
}

void engine_close(struct engine *e)
{
    jit_destroy(e->jit);
    front_destroy(e->front);
    memset(e, 0, sizeof *e);
}
