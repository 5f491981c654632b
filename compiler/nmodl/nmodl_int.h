/* nmodl_int.h - shared inside compiler/nmodl: queries of the raw NMODL tree
 * (nmodl_tabled.c) that the translation (nmodl_circ.c) asks.  They only
 * read the tree and never report.
 */
#ifndef CIRC_NMODL_INT_H
#define CIRC_NMODL_INT_H

#include <stdbool.h>

#include "nmodl_ast.h"

/* The PROCEDURE or FUNCTION of the file named name, or NULL. */
const struct nmodl_node *nmodl_find_callee(const struct nmodl_node *file, const char *name);

/* Does PROCEDURE/FUNCTION f have an argument or top-level LOCAL named x?
 * (f NULL: no.) */
bool nmodl_declares(const struct nmodl_node *f, const char *x);

/* Marks in[i] (over file->kids) each PROCEDURE and FUNCTION n calls,
 * directly or through others. */
void nmodl_callees(const struct nmodl_node *file, const struct nmodl_node *n, bool *in, int depth);

/* Follows a body in NEURON's order (into the procedures and functions it
 * calls, unless they declare their own x, or have a TABLE and `table_on`
 * says it is used): `set` once x is assigned on
 * every path; `bad` the first read of x before that, or an assignment
 * inside an if or a loop before that. */
struct nmodl_setwalk {
    const char *x;
    bool set;
    const struct nmodl_node *bad;
    bool bad_assign;        /* bad is an assignment inside an if or a loop */
    bool table_on;          /* a call of a tabled PROCEDURE only interpolates */
    bool cache;             /* a temperature cache's body sets what it sets (nmodl_cache.c) */
    bool reads_only;        /* only a read before x is set is bad: set on one path only, x
                               keeps another instance's value only for reads to see (a
                               file-wide LOCAL: nothing outside the file can see it) */
};
void nmodl_walk_sets(const struct nmodl_node *file, const struct nmodl_node *body,
                     struct nmodl_setwalk *w);

/* Is ASSIGNED x one value for all instances in NEURON: declared GLOBAL? */
bool nmodl_is_global(const struct nmodl_node *file, const char *x);

/* NULL if e, written in f, reads only numbers, constants, UNITS factors,
 * PARAMETERs that are not RANGE, celsius and dt, through math functions
 * (one value for the whole run); else the first node that reads more. */
/* Whether a call of `name` is one of NMODL's math functions (libm's: no
 * side effects). */
bool nmodl_is_math(const char *name);

const struct nmodl_node *nmodl_not_run_constant(const struct nmodl_node *file,
                                                const struct nmodl_node *f,
                                                const struct nmodl_node *e);

/* The same expression, node for node (a unit after a number aside)? */
bool nmodl_same_expr(const struct nmodl_node *a, const struct nmodl_node *b);

/* How nocmodl's cnexp sees f in s' = f (nmodl_linear.c), from the best: */
enum nmodl_linearity {
    NMODL_LIN_NONE,             /* f does not read s: s = s - dt*(-(f)) */
    NMODL_LIN_LINEAR,           /* a*s + b: the exponential step */
    NMODL_LIN_NO_SPLIT,         /* a product of factors with s: nocmodl writes a wrong update */
    NMODL_LIN_NO_DERIVATIVE,    /* s in a call or a divisor: nocmodl uses derivimplicit */
};
/* `at`: the subexpression that makes it worse than linear. */
enum nmodl_linearity nmodl_linearity(const struct nmodl_node *e, const char *s,
                                     const struct nmodl_node **at);

/* nmodl_cache.c: NEURON's temperature cache `if (s != celsius) { ...
 * s = celsius }` (s an ASSIGNED declared GLOBAL).  nmodl_celsius_cache:
 * s's name if n is such an if, else NULL.  nmodl_cache_stamp: is s only
 * compared and stamped by such ifs?  nmodl_cached: is x assigned only at
 * the top level of such ifs' bodies?  Then *bad is the first value that
 * may differ between instances or calls (or from another assignment's),
 * or NULL. */
const char *nmodl_celsius_cache(const struct nmodl_node *file, const struct nmodl_node *n);
bool nmodl_cache_stamp(const struct nmodl_node *file, const char *s);
bool nmodl_cached(const struct nmodl_node *file, const char *x, const struct nmodl_node **bad);

/* nmodl_unroll.c: the file with its arrays, FROM loops and DEFINEs
 * unrolled (x[k] is the scalar x_k), errors reported; the file itself where
 * it has none.  `out` lists the elements (ok: no error). */
struct nmodl_elem {
    const char *name;       /* x_k */
    const char *array;      /* x */
    unsigned index;         /* k */
};
struct nmodl_elems {
    struct nmodl_elem *elem;
    unsigned n;
    bool ok;
};
const struct nmodl_node *nmodl_unroll(struct arena *arena, struct diag_sink *diag,
                                      const struct nmodl_node *file, struct nmodl_elems *out);

#endif
