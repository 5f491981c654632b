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
};

/* Compiles `path`; on failure returns false and the diagnostics are in
 * e->front->diag.  Always call engine_close. */
bool engine_open(struct engine *e, const char *path, const struct front_options *fo,
                 const struct cg_options *co);
void engine_close(struct engine *e);

/* `circ build`: compiles `path` into the stand-alone executable `exe`. */
bool engine_build(struct engine *e, const char *path, const char *exe,
                  const struct front_options *fo, const struct cg_options *co);

/* "dir/model.circ" -> "model" (caller frees). */
char *engine_model_name(const char *path);

#endif
