/* cg_emit.c - small builder helpers that keep the codegen files short. */
#include "cg_int.h"

#include <string.h>

#include <llvm-c/DebugInfo.h>

LLVMValueRef cg_const(struct cg_ctx *c, double v)
{
    return LLVMConstReal(c->f64, v);
}

LLVMValueRef cg_i64(struct cg_ctx *c, long long v)
{
    return LLVMConstInt(c->i64, (unsigned long long)v, 1);
}

/* A builder at the start of fn's entry block (the caller disposes of it). */
static LLVMBuilderRef entry_builder(struct cg_ctx *c, LLVMValueRef fn)
{
    LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(c->ctx);
    LLVMValueRef first = LLVMGetFirstInstruction(entry);
    if (first)
        LLVMPositionBuilderBefore(b, first);
    else
        LLVMPositionBuilderAtEnd(b, entry);
    return b;
}

/* Allocas go in the entry block so that mem2reg turns them into SSA. */
LLVMValueRef cg_entry_alloca(struct cg_ctx *c, LLVMValueRef fn, LLVMTypeRef t, const char *name)
{
    LLVMBuilderRef b = entry_builder(c, fn);
    LLVMValueRef a = LLVMBuildAlloca(b, t, name);
    LLVMDisposeBuilder(b);
    return a;
}

LLVMValueRef cg_load(struct cg_ctx *c, LLVMTypeRef t, LLVMValueRef ptr, const char *name)
{
    return LLVMBuildLoad2(c->b, t, ptr, name);
}

/* dt and celsius do not change while a kernel runs, but a load of them
 * inside a loop that stores to the cells' state could alias those stores, so
 * LLVM keeps it, and with it every readnone call on it, in the loop: a
 * Q10 factor `3 ^ ((celsius - 6.3) / 10)` cost a pow per node per step and
 * kept the cell loop from vectorizing.  Loaded once at the function's entry
 * the factor is loop-invariant.  Same arithmetic, same bits. */
LLVMValueRef cg_run_constant(struct cg_ctx *c, const struct cg_inst *in, unsigned field,
                             const char *name)
{
    int k = field == CRT_GLOBALS_DT ? 0 : 1;
    if (!LLVMIsAArgument(in->globals) || LLVMGetParamParent(in->globals) != in->fn)
        return cg_field(c, c->t_globals, in->globals, field, c->f64, name);
    if (c->run_const_fn != in->fn) {
        c->run_const_fn = in->fn;
        c->run_const[0] = c->run_const[1] = NULL;
    }
    if (!c->run_const[k]) {
        LLVMBuilderRef b = entry_builder(c, in->fn);
        LLVMValueRef p = LLVMBuildStructGEP2(b, c->t_globals, in->globals, field, "");
        c->run_const[k] = LLVMBuildLoad2(b, c->f64, p, name);
        LLVMDisposeBuilder(b);
    }
    return c->run_const[k];
}

LLVMValueRef cg_gep_f64(struct cg_ctx *c, LLVMValueRef base, LLVMValueRef index, const char *name)
{
    return LLVMBuildInBoundsGEP2(c->b, c->f64, base, &index, 1, name);
}

LLVMValueRef cg_field_ptr(struct cg_ctx *c, LLVMTypeRef st, LLVMValueRef ptr, unsigned field,
                          const char *name)
{
    return LLVMBuildStructGEP2(c->b, st, ptr, field, name);
}

LLVMValueRef cg_field(struct cg_ctx *c, LLVMTypeRef st, LLVMValueRef ptr, unsigned field,
                      LLVMTypeRef ft, const char *name)
{
    return cg_load(c, ft, cg_field_ptr(c, st, ptr, field, ""), name);
}

LLVMValueRef cg_call(struct cg_ctx *c, LLVMTypeRef ft, LLVMValueRef fn, LLVMValueRef *args,
                     unsigned n, const char *name)
{
    LLVMValueRef call = LLVMBuildCall2(c->b, ft, fn, args, n, name);
    for (unsigned i = 0; i < c->nlibm; i++)
        if (fn == c->libm[i]) {     /* called as NEURON calls it (cg_module.c) */
            static const char kind[] = "nobuiltin";
            unsigned k = LLVMGetEnumAttributeKindForName(kind, sizeof kind - 1);
            LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex,
                                     LLVMCreateEnumAttribute(c->ctx, k, 0));
            break;
        }
    return call;
}

LLVMValueRef cg_function(struct cg_ctx *c, const char *name, LLVMTypeRef ret,
                         LLVMTypeRef *params, unsigned n)
{
    LLVMTypeRef ft = LLVMFunctionType(ret, params, n, 0);
    LLVMValueRef fn = LLVMAddFunction(c->mod, name, ft);
    if (!c->opt->exact) {
        /* the default mode lets the backend contract a*b + c into FMAs and
         * divide by constants as multiplications (LLVM 14's C API has no
         * per-instruction fast-math flags); --exact keeps IEEE order */
        static const char key[] = "unsafe-fp-math";
        LLVMAttributeRef a = LLVMCreateStringAttribute(c->ctx, key, sizeof key - 1, "true", 4);
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
    }
    LLVMAppendBasicBlockInContext(c->ctx, fn, "entry");
    LLVMPositionBuilderAtEnd(c->b, LLVMGetEntryBasicBlock(fn));
    return fn;
}

bool cg_terminated(struct cg_ctx *c)
{
    LLVMBasicBlockRef bb = LLVMGetInsertBlock(c->b);
    return LLVMGetBasicBlockTerminator(bb) != NULL;
}

LLVMValueRef cg_loop_begin(struct cg_ctx *c, LLVMValueRef fn, LLVMValueRef n, struct cg_loop *l,
                           const char *name)
{
    l->pre = LLVMGetInsertBlock(c->b);
    l->head = LLVMAppendBasicBlockInContext(c->ctx, fn, name);
    l->body = LLVMAppendBasicBlockInContext(c->ctx, fn, "body");
    l->exit = LLVMAppendBasicBlockInContext(c->ctx, fn, "exit");
    LLVMBuildBr(c->b, l->head);
    LLVMPositionBuilderAtEnd(c->b, l->head);
    l->i = LLVMBuildPhi(c->b, c->i64, "i");
    LLVMValueRef zero = cg_i64(c, 0);
    LLVMAddIncoming(l->i, &zero, &l->pre, 1);
    LLVMValueRef more = LLVMBuildICmp(c->b, LLVMIntSLT, l->i, n, "more");
    LLVMBuildCondBr(c->b, more, l->body, l->exit);
    LLVMPositionBuilderAtEnd(c->b, l->body);
    return l->i;
}

void cg_loop_end(struct cg_ctx *c, struct cg_loop *l)
{
    LLVMValueRef next = LLVMBuildNSWAdd(c->b, l->i, cg_i64(c, 1), "i.next");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
    LLVMAddIncoming(l->i, &next, &latch, 1);
    LLVMBuildBr(c->b, l->head);
    l->latch = latch;
    LLVMPositionBuilderAtEnd(c->b, l->exit);
}

/* A self-referential node {self, ops...}: what loop metadata must look like. */
static LLVMMetadataRef self_node(struct cg_ctx *c, LLVMMetadataRef *ops, unsigned n)
{
    LLVMMetadataRef tmp = LLVMTemporaryMDNode(c->ctx, NULL, 0);
    LLVMMetadataRef all[5] = {tmp};
    for (unsigned i = 0; i < n && i < 4; i++)
        all[i + 1] = ops[i];
    LLVMMetadataRef node = LLVMMDNodeInContext2(c->ctx, all, n + 1);
    LLVMMetadataReplaceAllUsesWith(tmp, node);   /* disposes tmp */
    return node;
}

void cg_loop_parallel(struct cg_ctx *c, struct cg_loop *l)
{
    /* the access group: a node of its own (self-referential, so unique) */
    LLVMMetadataRef group = self_node(c, NULL, 0);
    LLVMMetadataRef name = LLVMMDStringInContext2(c->ctx, "llvm.loop.parallel_accesses", 27);
    LLVMMetadataRef pa_ops[2] = {name, group};
    LLVMMetadataRef pa = LLVMMDNodeInContext2(c->ctx, pa_ops, 2);
    /* vectors of CRT_CELL_PAD (8), the last one masked (tail folding): every
     * cell and instance goes through the vector body and none through a
     * scalar remainder, whose contractions (FMA) may differ, so its
     * arithmetic does not depend on its group's size, i.e. on the run's
     * split into parts.  Two vectors an iteration, interleaved: hh's long
     * chains (table, exp, state) of one overlap the other's (5-8 % faster
     * at 10^4 and 10^5 cells; four gained no more), at ~20 ms more
     * compile time for the seed (bench/RESULTS.md, 2026-12-08) */
    LLVMMetadataRef w_ops[2] = {
        LLVMMDStringInContext2(c->ctx, "llvm.loop.vectorize.width", 25),
        LLVMValueAsMetadata(LLVMConstInt(c->i32, 8, 0))};
    LLVMMetadataRef i_ops[2] = {
        LLVMMDStringInContext2(c->ctx, "llvm.loop.interleave.count", 26),
        LLVMValueAsMetadata(LLVMConstInt(c->i32, 2, 0))};
    LLVMMetadataRef p_ops[2] = {
        LLVMMDStringInContext2(c->ctx, "llvm.loop.vectorize.predicate.enable", 36),
        LLVMValueAsMetadata(LLVMConstInt(c->i1, 1, 0))};
    LLVMMetadataRef hints[4] = {pa, LLVMMDNodeInContext2(c->ctx, w_ops, 2),
                                LLVMMDNodeInContext2(c->ctx, i_ops, 2),
                                LLVMMDNodeInContext2(c->ctx, p_ops, 2)};
    LLVMMetadataRef loop_id = self_node(c, hints, 4);
    unsigned k_group = LLVMGetMDKindIDInContext(c->ctx, "llvm.access.group", 17);
    unsigned k_loop = LLVMGetMDKindIDInContext(c->ctx, "llvm.loop", 9);
    LLVMValueRef vgroup = LLVMMetadataAsValue(c->ctx, group);
    for (LLVMBasicBlockRef bb = l->body; bb; bb = LLVMGetNextBasicBlock(bb)) {
        if (bb == l->exit)
            continue;
        for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
            LLVMOpcode op = LLVMGetInstructionOpcode(in);
            if (op == LLVMLoad || op == LLVMStore)
                LLVMSetMetadata(in, k_group, vgroup);
        }
        if (bb == l->latch)
            LLVMSetMetadata(LLVMGetBasicBlockTerminator(bb), k_loop,
                            LLVMMetadataAsValue(c->ctx, loop_id));
    }
}

void cg_loop_scalar(struct cg_ctx *c, struct cg_loop *l)
{
    LLVMMetadataRef off[2] = {
        LLVMMDStringInContext2(c->ctx, "llvm.loop.vectorize.enable", 26),
        LLVMValueAsMetadata(LLVMConstInt(c->i1, 0, 0))};
    LLVMMetadataRef hint = LLVMMDNodeInContext2(c->ctx, off, 2);
    LLVMMetadataRef loop_id = self_node(c, &hint, 1);
    unsigned k_loop = LLVMGetMDKindIDInContext(c->ctx, "llvm.loop", 9);
    LLVMSetMetadata(LLVMGetBasicBlockTerminator(l->latch), k_loop,
                    LLVMMetadataAsValue(c->ctx, loop_id));
}
