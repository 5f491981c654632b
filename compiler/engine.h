/* engine.h - a checked, compiled, loaded model: the pipeline behind `circ run`
 * (front end, lowering, code generation, JIT), as one call for the driver
 * and the tests. */
#ifndef CIRC_ENGINE_H
#define CIRC_ENGINE_H

#include "crt_model.h"
#include "cg.h"
#include "front.h"

struct engine_times {       /* milliseconds */
    double parse_check, lower, codegen, optimize, jit;
    bool cached;            /* the machine code came from the object cache */
};

struct engine {
    struct front *front;
    struct crt_model *model;
    struct jit *jit;
    struct engine_times times;
    /* what engine_relower needs: the sources as compiled and the code's shape */
    char *path;                 /* the model's file, or the name of text in memory */
    char *text;                 /* the model's text, or NULL: read path again */
    size_t len;
    struct front_options fo;    /* without overrides and varies */
    char *overrides;            /* the --set lines it was compiled with, or NULL */
    struct cg_options co;
    uint64_t celltypes;         /* fingerprint of the compiled cell types */
    bool fold_globals;          /* the code has mechanism globals folded in */
};

/* The code generation options of `circ run` and `circ build`
 * (CIRC_LOOP_NODES from the environment: bench/ forces loops with it). */
struct cg_options engine_cg_options(bool exact);

/* Compiles `path`; on failure returns false and the diagnostics are in
 * e->front->diag.  Always call engine_close. */
bool engine_open(struct engine *e, const char *path, const struct front_options *fo,
                 const struct cg_options *co);
/* The same for a model's text in memory; `name` is its file name in
 * messages and where its imports are found from. */
bool engine_open_text(struct engine *e, const char *name, const char *text, size_t len,
                      const struct front_options *fo, const struct cg_options *co);
void engine_close(struct engine *e);

/* The compiled model lowered again with more --set lines (`overrides`,
 * "set PATH = VALUE" lines after those it was compiled with, or NULL) from
 * the sources it was compiled from, and bound to e's machine code: no code
 * generated, as --set in a program.  NULL when the sources have errors
 * (diagnostics in (*fp)->diag) or when the values change the code of a
 * cell type (*code_changed: --exact folds parameters into the code; compile
 * anew).  The model lives in *fp's arena: front_destroy(*fp) after it. */
struct crt_model *engine_relower(const struct engine *e, const char *overrides, struct front **fp,
                                 bool *code_changed);
/* e's own --set lines followed by `more` (either may be NULL), malloc'd, or
 * NULL if there are none. */
char *engine_overrides_with(const struct engine *e, const char *more);

/* `circ build`: compiles `path` into the stand-alone executable `exe`. */
bool engine_build(struct engine *e, const char *path, const char *exe,
                  const struct front_options *fo, const struct cg_options *co);

/* "dir/model.circ" -> "model" (caller frees). */
char *engine_model_name(const char *path);

#endif
