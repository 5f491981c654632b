/* jit.c - ORC LLJIT for a model's module.
 *
 * Generated code may call only the functions in `allowed` below: libm's
 * transcendental functions, the crt_* calls of runtime/circ_rt.h and the
 * memory intrinsics LLVM itself may emit.  They are defined as absolute
 * symbols, so nothing else in the process is reachable from JIT code.
 */
#include "jit.h"

#include <math.h>
#include <stdint.h>
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
    FN(tan), FN(sinh), FN(cosh), FN(asin), FN(acos), FN(atan), FN(atan2), FN(fmod),
    FN(crt_send), FN(crt_move), FN(crt_watch), FN(crt_emit), FN(crt_erand), FN(crt_urand), FN(crt_normrand),
    FN(crt_train),
    FN(memset), FN(memcpy), FN(memmove),
#undef FN
};

bool jit_allowed(const char *name)
{
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (strcmp(allowed[i].name, name) == 0)
            return true;
    return false;
}

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

#define BUNDLE_MAGIC "circ-objects-1\n"
#define BUNDLE_MAGIC_LEN (sizeof BUNDLE_MAGIC - 1)

static void put_u64(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

LLVMMemoryBufferRef jit_bundle(const LLVMMemoryBufferRef *objs, int n)
{
    size_t size = BUNDLE_MAGIC_LEN + 8;
    for (int i = 0; i < n; i++)
        size += 8 + LLVMGetBufferSize(objs[i]);
    unsigned char *buf = xmalloc(size), *p = buf;
    memcpy(p, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN);
    p += BUNDLE_MAGIC_LEN;
    put_u64(p, (uint64_t)n);
    p += 8;
    for (int i = 0; i < n; i++) {
        size_t k = LLVMGetBufferSize(objs[i]);
        put_u64(p, k);
        memcpy(p + 8, LLVMGetBufferStart(objs[i]), k);
        p += 8 + k;
    }
    LLVMMemoryBufferRef out =
        LLVMCreateMemoryBufferWithMemoryRangeCopy((const char *)buf, size, "circ-objects");
    free(buf);
    return out;
}

/* Adds every object of the bundle (which it disposes) to the dylib. */
static bool add_bundle(struct jit *j, LLVMOrcJITDylibRef dylib, LLVMMemoryBufferRef bundle,
                       struct diag_sink *d)
{
    const unsigned char *p = (const unsigned char *)LLVMGetBufferStart(bundle);
    size_t left = LLVMGetBufferSize(bundle);
    bool ok = left >= BUNDLE_MAGIC_LEN + 8 && memcmp(p, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN) == 0;
    uint64_t n = ok ? get_u64(p + BUNDLE_MAGIC_LEN) : 0;
    p += BUNDLE_MAGIC_LEN + 8;
    left -= ok ? BUNDLE_MAGIC_LEN + 8 : left;
    for (uint64_t i = 0; ok && i < n; i++) {
        if (left < 8 || get_u64(p) > left - 8) {
            ok = false;
            break;
        }
        uint64_t k = get_u64(p);
        LLVMMemoryBufferRef obj =
            LLVMCreateMemoryBufferWithMemoryRangeCopy((const char *)p + 8, k, "circ-object");
        /* the JIT takes the object */
        if (report(d, LLVMOrcLLJITAddObjectFile(j->lljit, dylib, obj), "adding an object")) {
            LLVMDisposeMemoryBuffer(bundle);
            return false;
        }
        p += 8 + k;
        left -= 8 + k;
    }
    LLVMDisposeMemoryBuffer(bundle);
    if (!ok || left != 0)
        diag_error(d, LOC_NONE, "internal error: damaged machine code bundle");
    return ok && left == 0;
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
    if (!add_bundle(j, dylib, obj, d)) {
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

