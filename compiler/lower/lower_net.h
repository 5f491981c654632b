/* lower_net.h - the network description for the runtime (crt_model). */
#ifndef CIRC_LOWER_NET_H
#define CIRC_LOWER_NET_H

#include "crt_model.h"
#include "layout.h"
#include "ir.h"
#include "sema.h"

/* Fills everything but the function pointers (the JIT or the object file's
 * table provides those).  NULL after reporting unsupported constructs. */
struct crt_model *lower_network(struct sema *s, const struct ir_model *ir,
                                const struct cg_layout *layout, const char *name);

#endif
