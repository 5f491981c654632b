/* nmodl_cache.c - NEURON's temperature cache, as ModelDB's files write it
 * (capump.mod, nacaex.mod):
 *
 *     if (s_celsius != celsius) {      : s_celsius: an ASSIGNED declared GLOBAL
 *         tadj = q10^((celsius - 22)/10)
 *         s_celsius = celsius
 *     }
 *
 * nocmodl writes it as it stands, and the GLOBALs are one C variable each
 * (0 at first): the body runs at the first call anywhere, then never again
 * while celsius stays what it was (so never if celsius is 0).  Where every
 * value the body caches is a run constant, and s_celsius is only compared
 * and stamped so, each instance running the same if on its own copies ends
 * with NEURON's values: the same expression of the same numbers, computed
 * or left 0 under the same condition.  These functions only read the tree;
 * nmodl_circ.c decides (refuse_shared_state).
 */
#include "nmodl_int.h"

#include <string.h>

#include "ast.h"

static bool same_name(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool is_name(const struct nmodl_node *n, const char *x)
{
    return n && n->kind == NMODL_NAME && same_name(n->str, x);
}

static bool declared_assigned(const struct nmodl_node *file, const char *x)
{
    for (unsigned i = 0; i < file->nkids; i++)
        for (unsigned k = 0; file->kids[i]->kind == NMODL_ASSIGNED && k < file->kids[i]->nkids; k++)
            if (file->kids[i]->kids[k]->kind == NMODL_VAR &&
                same_name(file->kids[i]->kids[k]->str, x))
                return true;
    return false;
}

/* The last statement of a block, UNITSON/UNITSOFF aside. */
static const struct nmodl_node *last_statement(const struct nmodl_node *body, unsigned *at)
{
    for (unsigned i = body ? body->nkids : 0; i-- > 0;)
        if (body->kids[i]->kind != NMODL_UNITSON) {
            *at = i;
            return body->kids[i];
        }
    return NULL;
}

const char *nmodl_celsius_cache(const struct nmodl_node *file, const struct nmodl_node *n)
{
    if (!n || n->kind != NMODL_IF || nmodl_kid(n, 2))
        return NULL;
    const struct nmodl_node *c = n->kids[0];
    if (c->kind != NMODL_BINOP || c->op != OP_NE)
        return NULL;
    const struct nmodl_node *s = is_name(c->kids[1], "celsius") ? c->kids[0]
                                 : is_name(c->kids[0], "celsius") ? c->kids[1] : NULL;
    if (!s || s->kind != NMODL_NAME || !nmodl_is_global(file, s->str) ||
        !declared_assigned(file, s->str))
        return NULL;
    unsigned at;
    const struct nmodl_node *stamp = last_statement(n->kids[1], &at);
    if (!stamp || stamp->kind != NMODL_ASSIGN || !is_name(stamp->kids[0], s->str) ||
        !is_name(stamp->kids[1], "celsius"))
        return NULL;
    return s->str;
}

/* The blocks of code, where names are read and assigned (declarations and
 * the NEURON block only list them). */
static bool is_code(const struct nmodl_node *it)
{
    switch (it->kind) {
    case NMODL_INITIAL: case NMODL_BREAKPOINT: case NMODL_DERIVATIVE: case NMODL_KINETIC:
    case NMODL_LINEAR: case NMODL_NONLINEAR: case NMODL_FUNCTION: case NMODL_PROCEDURE:
    case NMODL_NET_RECEIVE: case NMODL_BEFORE: case NMODL_AFTER: case NMODL_CONSTRUCTOR:
    case NMODL_DESTRUCTOR:
        return true;
    default:
        return false;
    }
}

/* Is every mention of s in n a cache's comparison or its last assignment? */
static bool only_stamps(const struct nmodl_node *file, const struct nmodl_node *n, const char *s)
{
    if (!n)
        return true;
    if (is_name(n, s))
        return false;
    if (same_name(nmodl_celsius_cache(file, n), s)) {
        unsigned last = 0;
        last_statement(n->kids[1], &last);
        for (unsigned i = 0; i < last; i++)
            if (!only_stamps(file, n->kids[1]->kids[i], s))
                return false;
        return true;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        if (!only_stamps(file, n->kids[i], s))
            return false;
    return true;
}

bool nmodl_cache_stamp(const struct nmodl_node *file, const char *s)
{
    bool cached = false;
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        if (!is_code(it))
            continue;
        if ((it->kind == NMODL_FUNCTION || it->kind == NMODL_PROCEDURE) && nmodl_declares(it, s))
            continue;   /* its own s */
        if (!only_stamps(file, it, s))
            return false;
        cached = true;
    }
    return cached;
}

struct cached {
    const char *x;
    const struct nmodl_node *value;     /* the first assignment's */
    const struct nmodl_node *bad;
    bool outside;                       /* assigned other than at a cache's top level */
    bool any;
};

/* Is name n, in body (a cache's) before statement upto, assigned at its
 * top level? */
static bool cached_before(const struct nmodl_node *body, unsigned upto, const char *x)
{
    for (unsigned i = 0; i < upto; i++)
        if (body->kids[i]->kind == NMODL_ASSIGN && is_name(body->kids[i]->kids[0], x))
            return true;
    return false;
}

/* The first node of e (in f, in a cache's body before statement upto) that
 * may differ between instances or calls: not a run constant, nor a GLOBAL
 * the body set above it. */
static const struct nmodl_node *not_cacheable(const struct nmodl_node *file,
                                              const struct nmodl_node *f,
                                              const struct nmodl_node *body, unsigned upto,
                                              const struct nmodl_node *e)
{
    switch (e->kind) {
    case NMODL_NAME:
        if (!nmodl_not_run_constant(file, f, e))
            return NULL;
        if (nmodl_is_global(file, e->str) && !nmodl_declares(f, e->str) &&
            cached_before(body, upto, e->str))
            return NULL;
        return e;
    case NMODL_CALL:
        if (!nmodl_is_math(e->str))
            return e;
        __attribute__((fallthrough));   /* its arguments */
    case NMODL_UNOP:
    case NMODL_BINOP:
        for (unsigned i = 0; i < e->nkids; i++) {
            const struct nmodl_node *r = not_cacheable(file, f, body, upto, e->kids[i]);
            if (r)
                return r;
        }
        return NULL;
    default:
        return nmodl_not_run_constant(file, f, e);
    }
}

static void find_cached(const struct nmodl_node *file, const struct nmodl_node *f,
                        const struct nmodl_node *n, struct cached *c)
{
    if (!n || c->outside)
        return;
    if (n->kind == NMODL_ASSIGN && is_name(n->kids[0], c->x)) {
        c->outside = true;
        return;
    }
    if (nmodl_celsius_cache(file, n)) {
        const struct nmodl_node *body = n->kids[1];
        for (unsigned i = 0; i < body->nkids; i++) {
            const struct nmodl_node *st = body->kids[i];
            if (st->kind != NMODL_ASSIGN || !is_name(st->kids[0], c->x)) {
                find_cached(file, f, st, c);
                continue;
            }
            find_cached(file, f, st->kids[1], c);
            c->any = true;
            if (c->bad)
                continue;
            if (c->value && !nmodl_same_expr(c->value, st->kids[1]))
                c->bad = st->kids[1];   /* NEURON keeps the one that ran first */
            else
                c->bad = not_cacheable(file, f, body, i, st->kids[1]);
            if (!c->value)
                c->value = st->kids[1];
        }
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        find_cached(file, f, n->kids[i], c);
}

bool nmodl_cached(const struct nmodl_node *file, const char *x, const struct nmodl_node **bad)
{
    struct cached c = {.x = x};
    for (unsigned i = 0; i < file->nkids && !c.outside; i++) {
        const struct nmodl_node *it = file->kids[i];
        bool fn = it->kind == NMODL_FUNCTION || it->kind == NMODL_PROCEDURE;
        if (!is_code(it) || (fn && nmodl_declares(it, x)))
            continue;
        find_cached(file, fn ? it : NULL, it, &c);
    }
    *bad = c.bad;
    return c.any && !c.outside;
}
