/* aot.c - object file emission and linking for `circ build`. */
#include "config.h"

#include "aot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Target.h>

static void add_tables(struct cg_result *r, const struct crt_model *m)
{
    LLVMContextRef ctx = r->ctx;
    LLVMModuleRef mod = r->module;
    unsigned char *blob;
    size_t n = crt_model_serialize(m, &blob);
    LLVMValueRef data = LLVMConstStringInContext(ctx, (const char *)blob, (unsigned)n, 1);
    LLVMValueRef g = LLVMAddGlobal(mod, LLVMTypeOf(data), "circ_model_blob");
    LLVMSetInitializer(g, data);
    LLVMSetGlobalConstant(g, 1);
    free(blob);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
    g = LLVMAddGlobal(mod, i64, "circ_model_blob_size");
    LLVMSetInitializer(g, LLVMConstInt(i64, n, 0));
    LLVMSetGlobalConstant(g, 1);

    /* entry points in crt_model_bind's order */
    LLVMTypeRef i8p = LLVMPointerType(LLVMInt8TypeInContext(ctx), 0);
    size_t nfn = crt_model_nentries(m);
    LLVMValueRef *fns = calloc(nfn, sizeof *fns);
    char buf[256];
    for (size_t k = 0; k < nfn; k++) {
        const char *name = crt_model_entry_name(m, k, buf, sizeof buf);
        LLVMValueRef f = name ? LLVMGetNamedFunction(mod, name) : NULL;
        fns[k] = f ? LLVMConstBitCast(f, i8p) : LLVMConstNull(i8p);
    }
    LLVMValueRef arr = LLVMConstArray(i8p, fns, (unsigned)nfn);
    g = LLVMAddGlobal(mod, LLVMTypeOf(arr), "circ_model_functions");
    LLVMSetInitializer(g, arr);
    LLVMSetGlobalConstant(g, 1);
    free(fns);
}

/* The directory holding libcircrt.a and libcircmain.a: $CIRC_RUNTIME_DIR, the
 * build tree (when circ runs uninstalled), or the install location. */
static const char *runtime_dir(void)
{
    const char *env = getenv("CIRC_RUNTIME_DIR");
    if (env && *env)
        return env;
    static char path[4096];
    snprintf(path, sizeof path, "%s/libcircrt.a", CIRC_BUILD_RUNTIME_DIR);
    if (access(path, R_OK) == 0)
        return CIRC_BUILD_RUNTIME_DIR;
    return CIRC_INSTALL_RUNTIME_DIR;
}

static bool run_linker(const char *obj, const char *exe, struct diag_sink *d)
{
    const char *dir = runtime_dir();
    char main_lib[4200], rt_lib[4200];
    snprintf(main_lib, sizeof main_lib, "%s/libcircmain.a", dir);
    snprintf(rt_lib, sizeof rt_lib, "%s/libcircrt.a", dir);
    if (access(rt_lib, R_OK) != 0 || access(main_lib, R_OK) != 0) {
        diag_error(d, LOC_NONE, "cannot find the circ runtime libraries in '%s' (set "
                   "CIRC_RUNTIME_DIR)", dir);
        return false;
    }
    /* CIRC_LINK_FLAGS carries e.g. the sanitizers the runtime was built with */
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "%s -o '%s' '%s' '%s' '%s' %s -lm", CIRC_CC, exe, obj, main_lib,
             rt_lib, CIRC_LINK_FLAGS);
    int status = system(cmd);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        diag_error(d, LOC_NONE, "linking '%s' failed: %s", exe, cmd);
        return false;
    }
    return true;
}

bool aot_build(struct cg_result *r, const struct crt_model *m, const char *exe,
               struct diag_sink *d)
{
    add_tables(r, m);
    char obj[4200];
    snprintf(obj, sizeof obj, "%s.o.tmp", exe);
    char *err = NULL;
    if (LLVMTargetMachineEmitToFile(r->tm, r->module, obj, LLVMObjectFile, &err)) {
        diag_error(d, LOC_NONE, "cannot write the object file '%s': %s", obj, err);
        LLVMDisposeMessage(err);
        return false;
    }
    bool ok = run_linker(obj, exe, d);
    remove(obj);
    return ok;
}
