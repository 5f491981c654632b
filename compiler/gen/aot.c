/* aot.c - object file emission and linking for `circ build`. */
#include "config.h"

#include "aot.h"
#include "aot_pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Target.h>

static void add_bytes(struct cg_result *r, const char *name, const unsigned char *p, size_t n)
{
    LLVMValueRef data = LLVMConstStringInContext(r->ctx, (const char *)p, (unsigned)n, 1);
    LLVMValueRef g = LLVMAddGlobal(r->module, LLVMTypeOf(data), name);
    LLVMSetInitializer(g, data);
    LLVMSetGlobalConstant(g, 1);
    char size_name[200];
    snprintf(size_name, sizeof size_name, "%s_size", name);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(r->ctx);
    g = LLVMAddGlobal(r->module, i64, size_name);
    LLVMSetInitializer(g, LLVMConstInt(i64, n, 0));
    LLVMSetGlobalConstant(g, 1);
}

/* Everything the module defines becomes local: two variants of the same
 * model define the same names, and the tables are how they are reached. */
static void localize(LLVMModuleRef mod)
{
    for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
        if (!LLVMIsDeclaration(f))
            LLVMSetLinkage(f, LLVMInternalLinkage);
    for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g))
        if (!LLVMIsDeclaration(g))
            LLVMSetLinkage(g, LLVMInternalLinkage);
}

/* The entry points in crt_model_bind's order, as the array `name`. */
static void add_entry_table(struct cg_result *r, const struct crt_model *m, const char *name)
{
    LLVMTypeRef i8p = LLVMPointerType(LLVMInt8TypeInContext(r->ctx), 0);
    size_t nfn = crt_model_nentries(m);
    LLVMValueRef *fns = calloc(nfn + 1, sizeof *fns);
    char buf[256];
    for (size_t k = 0; k < nfn; k++) {
        const char *fn_name = crt_model_entry_name(m, k, buf, sizeof buf);
        LLVMValueRef f = fn_name ? LLVMGetNamedFunction(r->module, fn_name) : NULL;
        fns[k] = f ? LLVMConstBitCast(f, i8p) : LLVMConstNull(i8p);
    }
    LLVMValueRef arr = LLVMConstArray(i8p, fns, (unsigned)nfn);
    LLVMValueRef g = LLVMAddGlobal(r->module, LLVMTypeOf(arr), name);
    LLVMSetInitializer(g, arr);
    LLVMSetGlobalConstant(g, 1);
    free(fns);
}

/* A library `circ build` links, from $CIRC_RUNTIME_DIR, the build tree
 * (when circ runs uninstalled) or the install location; NULL if none has it. */
static const char *find_lib(const char *name, char *path, size_t size)
{
    const char *env = getenv("CIRC_RUNTIME_DIR");
    const char *dirs[] = {env && *env ? env : NULL, CIRC_BUILD_RUNTIME_DIR, CIRC_BUILD_DIR,
                          CIRC_INSTALL_RUNTIME_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, size, "%s/%s", dirs[i], name);
        if (access(path, R_OK) == 0)
            return path;
        if (i == 0)
            break;      /* an explicit directory is the only place to look */
    }
    return NULL;
}

static bool run_linker(const char *const objs[2], const char *exe, struct diag_sink *d)
{
    /* in link order: each library uses only those after it */
    static const char *const names[] = {"libcircmain.a", "libcircfront.a", "libcircgram.a",
                                        "libcircbase.a", "libcircrt.a"};
    char libs[5][4200];
    for (int i = 0; i < 5; i++)
        if (!find_lib(names[i], libs[i], sizeof libs[i])) {
            diag_error(d, LOC_NONE, "cannot find the circ library '%s' (set CIRC_RUNTIME_DIR "
                       "to the directory that holds it)", names[i]);
            return false;
        }
    /* CIRC_LINK_FLAGS carries e.g. the sanitizers the runtime was built with. */
    char cmd[32768];
    snprintf(cmd, sizeof cmd, "%s -o '%s' '%s' '%s' '%s' '%s' '%s' '%s' '%s' %s -lm", CIRC_CC, exe,
             objs[0], objs[1], libs[0], libs[1], libs[2], libs[3], libs[4], CIRC_LINK_FLAGS);
    int status = system(cmd);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        diag_error(d, LOC_NONE, "linking '%s' failed: %s", exe, cmd);
        return false;
    }
    return true;
}

static bool emit_object(struct cg_result *r, const char *path, struct diag_sink *d)
{
    char *err = NULL;
    if (LLVMTargetMachineEmitToFile(r->tm, r->module, (char *)path, LLVMObjectFile, &err)) {
        diag_error(d, LOC_NONE, "cannot write the object file '%s': %s", path, err);
        LLVMDisposeMessage(err);
        return false;
    }
    return true;
}

bool aot_build(struct cg_result *fast, struct cg_result *exact, const struct crt_model *m,
               const unsigned char *sources, size_t nsources, const char *exe,
               struct diag_sink *d)
{
    localize(fast->module);
    localize(exact->module);
    unsigned char *blob;
    size_t n = crt_model_serialize(m, &blob);
    size_t npack;
    unsigned char *pack = aot_pack(blob, n, sources, nsources, &npack);
    free(blob);
    add_bytes(fast, "circ_model_pack", pack, npack);
    free(pack);
    add_entry_table(fast, m, "circ_model_functions");
    add_entry_table(exact, m, "circ_model_functions_exact");
    char obj[2][4200];
    snprintf(obj[0], sizeof obj[0], "%s.o.tmp", exe);
    snprintf(obj[1], sizeof obj[1], "%s.exact.o.tmp", exe);
    const char *objs[2] = {obj[0], obj[1]};
    bool ok = emit_object(fast, obj[0], d) && emit_object(exact, obj[1], d) &&
              run_linker(objs, exe, d);
    remove(obj[0]);
    remove(obj[1]);
    return ok;
}
