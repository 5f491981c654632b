/* nmodl_ast.h - the raw syntax tree of a NEURON .mod file.
 *
 * NMODL's own node type, not circ's `struct ast`: the two languages share no
 * node kinds, and circ's semantic passes switch over theirs.  Same shape as
 * `struct ast` (a kind, a byte range, ordered kids; nmodl_kinds.h documents
 * each kind's layout); nodes live in the compilation's arena.  The parser
 * fills only syntax; the lowering into the mechanism IR reads this tree.
 */
#ifndef CIRC_NMODL_AST_H
#define CIRC_NMODL_AST_H

#include <stdio.h>

#include "arena.h"
#include "diag.h"

enum nmodl_kind {
#define X(k, name, layout) NMODL_##k,
#include "nmodl_kinds.h"
#undef X
    NMODL_KIND_COUNT
};

enum nmodl_suffix { NMODL_SUFFIX_DENSITY, NMODL_POINT_PROCESS, NMODL_ARTIFICIAL_CELL };
enum nmodl_react { NMODL_REACT_BOTH, NMODL_REACT_IN, NMODL_REACT_OUT };  /* <->, <<, -> */
enum nmodl_solve { NMODL_SOLVE_PLAIN, NMODL_METHOD, NMODL_STEADYSTATE };

struct nmodl_node {
    enum nmodl_kind kind;
    int op;                 /* enum ast_op, or a variant flag (see nmodl_kinds.h) */
    struct loc loc;
    struct loc nloc;        /* the name's own range, for definitions (end > start) */
    const char *str;        /* interned name, text or unit spelling */
    double num;             /* NUM, DEFINE, TERM */
    unsigned nkids, cap;
    struct nmodl_node **kids;
    unsigned depth;         /* expressions: height of the subtree (parser bound) */
};

struct nmodl_node *nmodl_new(struct arena *a, enum nmodl_kind kind, struct loc loc);
/* Appends kid (which may be NULL) and returns n. */
struct nmodl_node *nmodl_add(struct arena *a, struct nmodl_node *n, struct nmodl_node *kid);
/* Builds a node with str and nkids kids (varargs, NULL allowed). */
struct nmodl_node *nmodl_make(struct arena *a, enum nmodl_kind kind, struct loc loc,
                              const char *str, unsigned nkids, ...);

static inline struct nmodl_node *nmodl_kid(const struct nmodl_node *n, unsigned i)
{
    return n && i < n->nkids ? n->kids[i] : NULL;
}

const char *nmodl_kind_name(enum nmodl_kind kind);

/* Prints the tree as indented S-expressions with line:col of each node. */
void nmodl_print(FILE *out, const struct nmodl_node *n, const struct diag_sink *d);

#endif
