/* ast.h - the raw syntax tree built by the parser.
 *
 * One generic node type with a kind, a source range and an ordered list of
 * kids (ponyc style); ast_kinds.h documents each kind's layout.  Nodes live in
 * the compilation's arena.  The parser fills only syntax; semantic passes
 * annotate `sym`, `dim` and `value` fields and never restructure the tree.
 */
#ifndef CIRC_AST_H
#define CIRC_AST_H

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

enum ast_kind {
#define X(k, name, layout) AST_##k,
#include "ast_kinds.h"
#undef X
    AST_KIND_COUNT
};

enum ast_op {
    OP_NONE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_NEG, OP_PLUS, OP_NOT,
    OP_AND, OP_OR, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
};

enum mech_kind { MECH_DENSITY, MECH_POINT, MECH_ARTIFICIAL };

/* op of a SECTION: in a cell with a morphology, the sections are the file's
 * (made by compiler/read/) and a written `section LIST { ... }` block sets
 * the properties and mechanisms of every section of that list. */
enum section_origin {
    SECTION_WRITTEN,    /* a section declared in the .circ file */
    SECTION_LIST_BLOCK, /* `section dend { ... }` of a morphology cell: not a section */
    SECTION_MORPH,      /* a section of the morphology file ("dend[3]"), kids: PROP pt3d */
};

struct sym;
struct sonata_circuit;

struct ast {
    enum ast_kind kind;
    int op;                 /* enum ast_op, enum mech_kind, or a variant flag */
    struct loc loc;
    struct loc nloc;        /* the name's own range, for definitions (end > start) */
    const char *str;        /* interned name, string contents or unit spelling */
    double num;             /* NUM and BOOL */
    unsigned nkids, cap;
    struct ast **kids;
    unsigned depth;         /* expressions: height of the subtree (parser bound) */

    /* Semantic annotations (filled by sema, never by the parser). */
    struct sym *sym;        /* what a NAME/CALL/MEMBER resolves to */
    const struct units_dim *dim; /* physical dimension of an expression */
    double scale;           /* NUM: factor from the written unit to internal units */

    /* Written by pass 2's readers of other formats (compiler/read/). */
    const struct sonata_circuit *read;  /* NETWORK_FROM: the circuit read */
    int read_index;         /* POPULATION written by a reader: its index there, else -1 */
};

struct ast *ast_new(struct arena *a, enum ast_kind kind, struct loc loc);
/* Appends kid (which may be NULL) and returns n. */
struct ast *ast_add(struct arena *a, struct ast *n, struct ast *kid);
/* Builds a node with str and nkids kids (varargs, NULL allowed). */
struct ast *ast_make(struct arena *a, enum ast_kind kind, struct loc loc,
                     const char *str, unsigned nkids, ...);

static inline struct ast *ast_kid(const struct ast *n, unsigned i)
{
    return n && i < n->nkids ? n->kids[i] : NULL;
}

/* The PROP `key = ...` among the kids of a block, or NULL. */
struct ast *ast_find_prop(const struct ast *block, const char *key);
/* The first node of kind `kind` at or under n (depth first), or NULL. */
const struct ast *ast_first_of_kind(const struct ast *n, enum ast_kind kind);

const char *ast_kind_name(enum ast_kind kind);
const char *ast_op_name(int op);

/* Prints the tree as indented S-expressions with line:col of each node. */
void ast_print(FILE *out, const struct ast *n, const struct diag_sink *d);

/* The TABLE of a PROCEDURE or FUNCTION, or NULL. */
static inline struct ast *ast_table_of(const struct ast *fn)
{
    return fn->kind == AST_PROCEDURE ? ast_kid(fn, 1) : fn->kind == AST_FUNCTION ? ast_kid(fn, 3)
                                                                                : NULL;
}

/* The KINETIC item of a mechanism, or NULL. */
static inline struct ast *ast_kinetic_of(const struct ast *mech)
{
    for (unsigned i = 0; i < mech->nkids; i++)
        if (mech->kids[i]->kind == AST_KINETIC)
            return mech->kids[i];
    return NULL;
}

/* The `linear` or `nonlinear` block of a mechanism named name, or NULL. */
static inline struct ast *ast_system_of(const struct ast *mech, const char *name)
{
    for (unsigned i = 0; i < mech->nkids; i++)
        if ((mech->kids[i]->kind == AST_LINEAR || mech->kids[i]->kind == AST_NONLINEAR) &&
            name && mech->kids[i]->str && strcmp(mech->kids[i]->str, name) == 0)
            return mech->kids[i];
    return NULL;
}

/* Is NAME n (a state) an unknown of linear/nonlinear block sys: every state
 * its equations name, or only those of its list (NMODL's SOLVEFOR)? */
static inline bool ast_solves_for(const struct ast *sys, const struct ast *n)
{
    const struct ast *list = ast_kid(sys, 1);
    for (unsigned i = 0; list && i < list->nkids; i++)
        if (list->kids[i]->sym ? list->kids[i]->sym == n->sym
                               : strcmp(list->kids[i]->str, n->str) == 0)
            return true;
    return !list;
}

/* A side of a linear equation as nocmodl's LINEAR reads it (parse1.ypp's
 * linexpr): terms joined by + and - from left to right (a leading `-`
 * too), each either free of unknowns or a product in which one unknown is
 * a factor (a*x, x/b, -a*x*c), never inside parentheses of a sum, a call,
 * a power or a denominator.  `each` gets every term in order with its sign
 * as written (+1, -1), its unknown (a NAME `is_unknown` accepts) or NULL,
 * and the unit factor (sema's scale) of the sums around it, which its value
 * is multiplied by (1 in NMODL-sourced mechanisms).  Returns NULL, or the node at fault with *why set ("more than one
 * unknown in this term", ...); the terms before it were given to `each`. */
typedef bool (*ast_unknown_fn)(const struct ast *name, void *ctx);
typedef void (*ast_term_fn)(int sign, struct ast *term, struct ast *unknown, double scale,
                            void *ctx);
const struct ast *ast_linear_terms(struct ast *side, int sign, ast_unknown_fn is_unknown,
                                   ast_term_fn each, void *ctx, const char **why);
/* How many NAMEs under n `is_unknown` accepts. */
unsigned ast_count_unknowns(const struct ast *n, ast_unknown_fn is_unknown, void *ctx);
/* A copy of term with its unknown (a NAME in it) replaced by the number 1
 * (times the unknown's unit factor), as nocmodl writes a matrix
 * coefficient; only the path to it is copied. */
struct ast *ast_coefficient(struct arena *a, const struct ast *term, const struct ast *unknown);

/* Where to point at a definition: its name if known, else the whole node. */
static inline struct loc ast_name_loc(const struct ast *n)
{
    return n->nloc.end > n->nloc.start ? n->nloc : n->loc;
}

/* Source range covering a and b. */
struct loc loc_span(struct loc a, struct loc b);

#endif
