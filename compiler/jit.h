/* jit.h - running generated code in process (ORC LLJIT). */
#ifndef CIRC_JIT_H
#define CIRC_JIT_H

#include "../runtime/crt_model.h"
#include "cg.h"
#include "diag.h"

struct jit;

/* Takes ownership of r's module, context and target machine (they are
 * NULL afterwards), compiles them, and fills m's function pointers. */
struct jit *jit_load(struct cg_result *r, struct crt_model *m, struct diag_sink *d);
void jit_destroy(struct jit *j);

#endif
