/* aot.h - ahead of time: a model's code as an object file, linked with
 * libcircrt into a stand-alone executable that needs no LLVM. */
#ifndef CIRC_AOT_H
#define CIRC_AOT_H

#include "../runtime/crt_model.h"
#include "cg.h"
#include "diag.h"

/* Adds the serialized model and the entry-point table to r's module, emits
 * an object file and links `exe`.  Consumes nothing; the caller disposes r. */
bool aot_build(struct cg_result *r, const struct crt_model *m, const char *exe,
               struct diag_sink *d);

#endif
