/* jit.c - ORC LLJIT for a model's module.
 *
 * Generated code may call only the functions in `allowed` below: libm's
 * transcendental functions, the crt_* calls of runtime/circ_rt.h and the
 * memory intrinsics LLVM itself may emit.  They are defined as absolute
 * symbols, so nothing else in the process is reachable from JIT code.
 */
#include "jit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

struct jit {
    LLVMOrcLLJITRef lljit;
};

static const struct {
    const char *name;
    void (*addr)(void);
} allowed[] = {
#define FN(f) {#f, (void (*)(void))f}
    FN(exp), FN(log), FN(log10), FN(sin), FN(cos), FN(tanh), FN(pow),
    FN(crt_send), FN(crt_emit), FN(crt_erand), FN(crt_urand), FN(crt_normrand),
    FN(memset), FN(memcpy), FN(memmove),
#undef FN
};

static bool report(struct diag_sink *d, LLVMErrorRef e, const char *what)
{
    if (!e)
        return false;
    char *msg = LLVMGetErrorMessage(e);
    diag_error(d, LOC_NONE, "internal error: JIT %s failed: %s", what, msg);
    LLVMDisposeErrorMessage(msg);
    return true;
}

static bool lookup(struct jit *j, struct diag_sink *d, const char *name, void **out)
{
    LLVMOrcExecutorAddress addr = 0;
    if (report(d, LLVMOrcLLJITLookup(j->lljit, &addr, name), name))
        return false;
    *out = (void *)(uintptr_t)addr;
    return true;
}

struct jit *jit_load(LLVMTargetMachineRef tm, LLVMMemoryBufferRef obj, struct crt_model *m,
                     struct diag_sink *d)
{
    struct jit *j = xcalloc(1, sizeof *j);
    LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
    /* takes ownership of the target machine */
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
        builder, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm));
    if (report(d, LLVMOrcCreateLLJIT(&j->lljit, builder), "creation")) {
        free(j);
        LLVMDisposeMemoryBuffer(obj);
        return NULL;
    }
    LLVMOrcJITDylibRef dylib = LLVMOrcLLJITGetMainJITDylib(j->lljit);
    size_t n = sizeof allowed / sizeof *allowed;
    LLVMJITCSymbolMapPair pairs[sizeof allowed / sizeof *allowed];
    for (size_t i = 0; i < n; i++) {
        pairs[i].Name = LLVMOrcLLJITMangleAndIntern(j->lljit, allowed[i].name);
        pairs[i].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)allowed[i].addr;
        pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported |
                                          LLVMJITSymbolGenericFlagsCallable;
        pairs[i].Sym.Flags.TargetFlags = 0;
    }
    if (report(d, LLVMOrcJITDylibDefine(dylib, LLVMOrcAbsoluteSymbols(pairs, n)), "symbols")) {
        jit_destroy(j);
        LLVMDisposeMemoryBuffer(obj);
        return NULL;
    }
    /* the JIT takes the buffer */
    if (report(d, LLVMOrcLLJITAddObjectFile(j->lljit, dylib, obj), "adding the object")) {
        jit_destroy(j);
        return NULL;
    }
    size_t nfn = crt_model_nentries(m);
    void **fns = xcalloc(nfn, sizeof *fns);
    bool ok = true;
    char buf[256];
    for (size_t k = 0; k < nfn && ok; k++) {
        const char *name = crt_model_entry_name(m, k, buf, sizeof buf);
        ok = !name || lookup(j, d, name, &fns[k]);
    }
    if (ok)
        crt_model_bind(m, fns);
    free(fns);
    if (!ok) {
        jit_destroy(j);
        return NULL;
    }
    return j;
}

void jit_destroy(struct jit *j)
{
    if (!j)
        return;
    if (j->lljit)
        LLVMOrcDisposeLLJIT(j->lljit);
    free(j);
}

LLVMMemoryBufferRef jit_compile(struct cg_result *r, struct diag_sink *d)
{
    char *err = NULL;
    LLVMMemoryBufferRef obj = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(r->tm, r->module, LLVMObjectFile, &err, &obj)) {
        diag_error(d, LOC_NONE, "internal error: compiling the model failed: %s", err);
        LLVMDisposeMessage(err);
        return NULL;
    }
    return obj;
}
