/* aot.h - ahead of time: a model's code as object files, linked with
 * libcircmain (main, front end, lowering) and libcircrt into a stand-alone
 * executable that needs no LLVM. */
#ifndef CIRC_AOT_H
#define CIRC_AOT_H

#include "crt_model.h"
#include "cg.h"
#include "diag.h"

/* The program holds the model's code twice, in the default arithmetic
 * (`fast`) and NEURON's (`exact`, chosen by --exact), the serialized model
 * and its sources (for --set).  Emits both modules as object files (their
 * functions made local, reached through entry-point tables) and links
 * `exe`.  Consumes nothing; the caller disposes the results. */
bool aot_build(struct cg_result *fast, struct cg_result *exact, const struct crt_model *m,
               const unsigned char *sources, size_t nsources, const char *exe,
               struct diag_sink *d);

#endif
