/* nmodl_linear.c - how nocmodl's cnexp sees a DERIVATIVE equation s' = f.
 *
 * nocmodl (diffeq.ypp) differentiates f by s as text and splits it into
 * a*s + b.  The derivative fails where s is inside a function's argument
 * (exp(s), s^2 as pow) or a divisor: then the whole block is translated
 * with derivimplicit ("Could not translate using cnexp method; using
 * derivimplicit").  A product of two factors with s (s*s) has a derivative
 * but no a*s + b: nocmodl keeps cnexp and writes an update with an empty
 * term, a wrong formula.  circ follows the first and refuses the second.
 */
#include "nmodl_int.h"

#include <string.h>

#include "ast.h"

static bool mentions_state(const struct nmodl_node *e, const char *s)
{
    if (!e)
        return false;
    if (e->kind == NMODL_NAME && e->str && strcmp(e->str, s) == 0)
        return true;
    for (unsigned i = 0; i < e->nkids; i++)
        if (mentions_state(e->kids[i], s))
            return true;
    return false;
}

static enum nmodl_linearity worse(enum nmodl_linearity a, enum nmodl_linearity b)
{
    return a > b ? a : b;
}

enum nmodl_linearity nmodl_linearity(const struct nmodl_node *e, const char *s,
                                     const struct nmodl_node **at)
{
    if (!mentions_state(e, s))
        return NMODL_LIN_NONE;
    switch (e->kind) {
    case NMODL_NAME:
        return NMODL_LIN_LINEAR;
    case NMODL_UNOP:
        if (e->op == OP_NEG)
            return nmodl_linearity(e->kids[0], s, at);
        break;
    case NMODL_BINOP:
        switch (e->op) {
        case OP_ADD:
        case OP_SUB:
            return worse(nmodl_linearity(e->kids[0], s, at), nmodl_linearity(e->kids[1], s, at));
        case OP_MUL: {
            enum nmodl_linearity l = nmodl_linearity(e->kids[0], s, at);
            enum nmodl_linearity r = nmodl_linearity(e->kids[1], s, at);
            if (l != NMODL_LIN_NONE && r != NMODL_LIN_NONE && worse(l, r) < NMODL_LIN_NO_SPLIT) {
                *at = e;
                return NMODL_LIN_NO_SPLIT;
            }
            return worse(l, r);
        }
        case OP_DIV:
            if (!mentions_state(e->kids[1], s))
                return nmodl_linearity(e->kids[0], s, at);
            break;
        default:
            break;
        }
        break;
    default:
        break;
    }
    *at = e;    /* a call, a power, a divisor, a comparison with s */
    return NMODL_LIN_NO_DERIVATIVE;
}
