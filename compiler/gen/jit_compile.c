/* jit_compile.c - machine code for the JIT, compiled on every core.
 *
 * Turning the optimized module into machine code is most of a first
 * compile.  The module's functions are independent entry points (nothing
 * calls another), so they are dealt into parts of about equal size, each
 * part a copy of the module (through bitcode, into a context of its own)
 * keeping only its functions, and the parts are compiled on as many
 * threads.  A TABLE is defined in the part that fills it and declared in
 * the others.  The result is a bundle of objects (jit.h) that jit_load
 * links as one program.
 */
#include "jit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>

#include "arena.h"

enum { MAX_PARTS = 4 };

struct part {
    LLVMContextRef ctx;         /* NULL for part 0: the original module's */
    LLVMModuleRef module;
    LLVMTargetMachineRef tm;
    LLVMMemoryBufferRef obj;
    char *err;
};

static unsigned instructions(LLVMValueRef fn)
{
    unsigned n = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in))
            n++;
    return n;
}

/* Deals the defined functions, largest first, to the lightest part; returns
 * the number of parts used. */
static int deal(LLVMModuleRef mod, int max_parts, const char ***names, int **owner, int *nfn)
{
    int n = 0;
    for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
        n += !LLVMIsDeclaration(f);
    LLVMValueRef *fns = xcalloc((size_t)n + 1, sizeof *fns);
    unsigned *size = xcalloc((size_t)n + 1, sizeof *size);
    n = 0;
    for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
        if (!LLVMIsDeclaration(f)) {
            fns[n] = f;
            size[n++] = instructions(f);
        }
    *names = xcalloc((size_t)n + 1, sizeof **names);
    *owner = xcalloc((size_t)n + 1, sizeof **owner);
    unsigned load[MAX_PARTS] = {0};
    bool *done = xcalloc((size_t)n + 1, sizeof *done);
    int parts = max_parts < n ? max_parts : n;
    for (int k = 0; k < n; k++) {
        int big = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && (big < 0 || size[i] > size[big]))
                big = i;
        int light = 0;
        for (int p = 1; p < parts; p++)
            if (load[p] < load[light])
                light = p;
        done[big] = true;
        load[light] += size[big];
        size_t len;
        (*names)[big] = xstrdup(LLVMGetValueName2(fns[big], &len));
        (*owner)[big] = light;
    }
    free(done);
    free(size);
    free(fns);
    *nfn = n;
    return parts;
}

/* Keeps part p's functions in mod; globals are defined only where the
 * function writing them (the tables' filler) lives. */
static void keep_part(LLVMModuleRef mod, int p, const char **names, const int *owner, int nfn,
                      int table_owner)
{
    for (int i = 0; i < nfn; i++) {
        LLVMValueRef f = LLVMGetNamedFunction(mod, names[i]);
        if (f && owner[i] != p)
            LLVMDeleteFunction(f);
    }
    for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
        if (LLVMIsDeclaration(g))
            continue;
        if (p != table_owner)
            LLVMSetInitializer(g, NULL);    /* a declaration: defined in another part */
        LLVMSetLinkage(g, LLVMExternalLinkage);
        LLVMSetVisibility(g, LLVMHiddenVisibility);
    }
}

static void *emit(void *arg)
{
    struct part *pt = arg;
    if (LLVMTargetMachineEmitToMemoryBuffer(pt->tm, pt->module, LLVMObjectFile, &pt->err,
                                            &pt->obj))
        pt->obj = NULL;
    return NULL;
}

static int cores(void)
{
    int n = crt_available_cores();
    return n > MAX_PARTS ? MAX_PARTS : n;
}

LLVMMemoryBufferRef jit_compile(struct cg_result *r, int opt_level, struct diag_sink *d)
{
    const char **names;
    int *owner, nfn;
    int nparts = deal(r->module, cores(), &names, &owner, &nfn);
    if (nparts < 1)
        nparts = 1;
    int table_owner = 0;
    for (int i = 0; i < nfn; i++)
        if (strcmp(names[i], "circ_tables") == 0)
            table_owner = owner[i];
    struct part parts[MAX_PARTS] = {{0}};
    LLVMMemoryBufferRef bc = nparts > 1 ? LLVMWriteBitcodeToMemoryBuffer(r->module) : NULL;
    bool ok = true;
    for (int p = 1; p < nparts && ok; p++) {
        parts[p].ctx = LLVMContextCreate();
        parts[p].tm = cg_host_machine(opt_level, false, d);
        ok = parts[p].tm && !LLVMParseBitcodeInContext2(parts[p].ctx, bc, &parts[p].module);
        if (ok)
            keep_part(parts[p].module, p, names, owner, nfn, table_owner);
    }
    parts[0].module = r->module;
    parts[0].tm = r->tm;
    if (ok && nparts > 1)
        keep_part(r->module, 0, names, owner, nfn, table_owner);
    pthread_t th[MAX_PARTS];
    bool started[MAX_PARTS] = {false};
    for (int p = 1; p < nparts && ok; p++)
        started[p] = pthread_create(&th[p], NULL, emit, &parts[p]) == 0;
    if (ok)
        emit(&parts[0]);
    for (int p = 1; p < nparts; p++)
        if (started[p])
            pthread_join(th[p], NULL);
        else if (ok)
            emit(&parts[p]);        /* no thread: compile here */
    LLVMMemoryBufferRef bundle = NULL;
    for (int p = 0; p < nparts; p++)
        if (!parts[p].obj) {
            diag_error(d, LOC_NONE, "internal error: compiling the model failed: %s",
                       parts[p].err ? parts[p].err : "LLVM could not read its own bitcode");
            ok = false;
            break;
        }
    if (ok) {
        LLVMMemoryBufferRef objs[MAX_PARTS];
        for (int p = 0; p < nparts; p++)
            objs[p] = parts[p].obj;
        bundle = jit_bundle(objs, nparts);
    }
    for (int p = 0; p < nparts; p++) {
        if (parts[p].obj)
            LLVMDisposeMemoryBuffer(parts[p].obj);
        if (parts[p].err)
            LLVMDisposeMessage(parts[p].err);
        if (p == 0)
            continue;
        if (parts[p].module)
            LLVMDisposeModule(parts[p].module);
        if (parts[p].tm)
            LLVMDisposeTargetMachine(parts[p].tm);
        if (parts[p].ctx)
            LLVMContextDispose(parts[p].ctx);
    }
    if (bc)
        LLVMDisposeMemoryBuffer(bc);
    for (int i = 0; i < nfn; i++)
        free((char *)names[i]);
    free(names);
    free(owner);
    return bundle;
}
