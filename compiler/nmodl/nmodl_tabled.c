/* nmodl_tabled.c - questions about the raw NMODL tree that decide what a
 * tabled PROCEDURE's untabulated assignments mean (nmodl_circ.c asks them).
 *
 * NEURON runs a tabled procedure's body, and what it calls, for each point
 * while it builds the table (nocmodl's _check_<proc>: at finitialize,
 * before INITIAL, and at each step when a DEPEND value changed), on the
 * first instance of the thread's list, and never when the table is used.
 * What it leaves in a variable the TABLE does not list is then the value
 * of the last point: the same for every instance only where the value
 * reads nothing but run constants.  These functions only read the tree.
 */
#include "nmodl_int.h"

#include <string.h>

#include "crt_math.h"

static bool same_name(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

const struct nmodl_node *nmodl_find_callee(const struct nmodl_node *file, const char *name)
{
    for (unsigned i = 0; file && i < file->nkids; i++) {
        const struct nmodl_node *f = file->kids[i];
        if ((f->kind == NMODL_PROCEDURE || f->kind == NMODL_FUNCTION) && same_name(f->str, name))
            return f;
    }
    return NULL;
}

/* An argument or a top-level LOCAL of f named x: f's own x, not the mechanism's. */
bool nmodl_declares(const struct nmodl_node *f, const char *x)
{
    if (!f)
        return false;   /* a block: its LOCALs are the caller's to check */
    for (unsigned a = 0; f->kids[0] && a < f->kids[0]->nkids; a++)
        if (same_name(f->kids[0]->kids[a]->str, x))
            return true;
    const struct nmodl_node *body = f->kids[2];
    for (unsigned i = 0; body && i < body->nkids; i++)
        if (body->kids[i]->kind == NMODL_LOCAL)
            for (unsigned k = 0; k < body->kids[i]->nkids; k++)
                if (same_name(body->kids[i]->kids[k]->str, x))
                    return true;
    return false;
}

void nmodl_callees(const struct nmodl_node *file, const struct nmodl_node *n, bool *in, int depth)
{
    if (!n || depth > 32)   /* recursion: sema refuses it */
        return;
    if (n->kind == NMODL_CALL)
        for (unsigned i = 0; i < file->nkids; i++) {
            const struct nmodl_node *f = file->kids[i];
            if ((f->kind == NMODL_PROCEDURE || f->kind == NMODL_FUNCTION) && !in[i] &&
                same_name(f->str, n->str)) {
                in[i] = true;
                nmodl_callees(file, f->kids[2], in, depth + 1);
            }
        }
    for (unsigned i = 0; i < n->nkids; i++)
        nmodl_callees(file, n->kids[i], in, depth);
}

/* The name assigned in the first assignment of x in n, or NULL. */
static const struct nmodl_node *first_assignment(const struct nmodl_node *n, const char *x)
{
    if (!n)
        return NULL;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME && same_name(n->kids[0]->str, x))
        return n->kids[0];
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct nmodl_node *r = first_assignment(n->kids[i], x);
        if (r)
            return r;
    }
    return NULL;
}

/* Walks n in the order NEURON runs it.  `nested`: inside an if or a loop,
 * where an assignment may not happen. */
static void walk(const struct nmodl_node *file, const struct nmodl_node *n,
                 struct nmodl_setwalk *w, bool nested, int depth)
{
    if (!n || w->bad || depth > 32)
        return;
    switch (n->kind) {
    case NMODL_ASSIGN:
        walk(file, n->kids[1], w, nested, depth);
        if (n->kids[0]->kind == NMODL_NAME && same_name(n->kids[0]->str, w->x)) {
            if (nested && !w->set && !w->reads_only) {
                w->bad = n->kids[0];    /* set on one path only */
                w->bad_assign = true;
            }
            w->set = true;
        }
        return;
    case NMODL_NAME:
        if (same_name(n->str, w->x) && !w->set)
            w->bad = n;
        return;
    case NMODL_CALL: {
        for (unsigned i = 0; i < n->nkids; i++)
            walk(file, n->kids[i], w, nested, depth);
        const struct nmodl_node *f = nmodl_find_callee(file, n->str);
        bool tabled = false;
        for (unsigned i = 0; f && f->kids[2] && i < f->kids[2]->nkids; i++)
            tabled = tabled || f->kids[2]->kids[i]->kind == NMODL_TABLE;
        if (f && !nmodl_declares(f, w->x) && !(tabled && w->table_on))
            walk(file, f->kids[2], w, nested, depth + 1);
        return;
    }
    case NMODL_IF: {
        if (w->cache && nmodl_celsius_cache(file, n)) {
            walk(file, n->kids[1], w, nested, depth);   /* as if always run: its */
            return;                                     /* values stay the same */
        }
        /* each branch from what was set before it; after the if, x is set
         * if it was before or both branches set it (an if without else has
         * an empty one); set by one branch only, it would keep another
         * instance's value on the other path */
        walk(file, n->kids[0], w, nested, depth);
        struct nmodl_setwalk a = *w, b = *w;
        walk(file, nmodl_kid(n, 1), &a, nested, depth);
        walk(file, nmodl_kid(n, 2), &b, nested, depth);
        const struct nmodl_setwalk *first_bad = a.bad ? &a : b.bad ? &b : NULL;
        if (first_bad) {
            w->bad = first_bad->bad;
            w->bad_assign = first_bad->bad_assign;
        } else if (a.set != b.set && !w->set && !w->reads_only) {
            const struct nmodl_node *branch = a.set ? nmodl_kid(n, 1) : nmodl_kid(n, 2);
            const struct nmodl_node *at = first_assignment(branch, w->x);
            w->bad = at ? at : branch;
            w->bad_assign = true;
        }
        w->set = w->set || (a.set && b.set);
        return;
    }
    case NMODL_WHILE:
    case NMODL_FROM: {
        bool before = w->set;   /* a loop may not run: set in it, x is set only inside */
        for (unsigned i = 0; i < n->nkids; i++)
            walk(file, n->kids[i], w, true, depth);
        if (w->reads_only)
            w->set = before;
        return;
    }
    case NMODL_LOCAL:
    case NMODL_TABLE:       /* names, and bounds of globals */
    case NMODL_VERBATIM:
        return;
    default:
        for (unsigned i = 0; i < n->nkids; i++)
            walk(file, n->kids[i], w, nested, depth);
        return;
    }
}

void nmodl_walk_sets(const struct nmodl_node *file, const struct nmodl_node *body,
                     struct nmodl_setwalk *w)
{
    walk(file, body, w, false, 0);
}

static bool names_in(const struct nmodl_node *list, const char *x)
{
    for (unsigned i = 0; list && i < list->nkids; i++)
        if (same_name(list->kids[i]->str, x))
            return true;
    return false;
}

/* Is x an ion variable USEION lists (the section's, whatever block declares
 * it)? */
static bool ion_var(const struct nmodl_node *file, const char *x)
{
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *nb = file->kids[i];
        for (unsigned k = 0; nb->kind == NMODL_NEURON && k < nb->nkids; k++) {
            const struct nmodl_node *it = nb->kids[k];
            if (it->kind == NMODL_USEION &&
                (names_in(nmodl_kid(it, 0), x) || names_in(nmodl_kid(it, 1), x)))
                return true;
        }
    }
    return false;
}

bool nmodl_is_global(const struct nmodl_node *file, const char *x)
{
    /* An ASSIGNED that is neither RANGE nor GLOBAL is per instance (nocmodl
     * 8.2 gives it a column of _p, as a RANGE one, THREADSAFE or not);
     * a GLOBAL one is one C variable (per thread with THREADSAFE: shared by
     * the instances of a thread). */
    bool global = false;
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *nb = file->kids[i];
        for (unsigned k = 0; nb->kind == NMODL_NEURON && k < nb->nkids; k++)
            global = global || (nb->kids[k]->kind == NMODL_GLOBAL && names_in(nb->kids[k], x));
    }
    return global;
}

/* Declared in a block of this kind (PARAMETER, CONSTANT) or a UNITS factor? */
static bool declared_in(const struct nmodl_node *file, enum nmodl_kind kind, const char *x)
{
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *b = file->kids[i];
        if (b->kind != kind)
            continue;
        for (unsigned k = 0; k < b->nkids; k++)
            if ((b->kids[k]->kind == NMODL_VAR || b->kids[k]->kind == NMODL_FACTOR) &&
                same_name(b->kids[k]->str, x))
                return true;
    }
    return false;
}

static bool is_range_name(const struct nmodl_node *file, const char *x)
{
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind == NMODL_NEURON)
            for (unsigned k = 0; k < file->kids[i]->nkids; k++)
                if (file->kids[i]->kids[k]->kind == NMODL_RANGE &&
                    names_in(file->kids[i]->kids[k], x))
                    return true;
    return false;
}

bool nmodl_is_math(const char *name)
{
    int f = crt_math_lookup(name);
    return f >= 0 && crt_math_nmodl(f) && strcmp(name, "abs") != 0;
}

const struct nmodl_node *nmodl_not_run_constant(const struct nmodl_node *file,
                                                const struct nmodl_node *f,
                                                const struct nmodl_node *e)
{
    if (!e)
        return NULL;
    switch (e->kind) {
    case NMODL_NUM:
        return NULL;
    case NMODL_NAME:
        if (nmodl_declares(f, e->str) || ion_var(file, e->str))
            return e;   /* an ion's value changes (CaBK.mod declares ncai a PARAMETER) */
        if (same_name(e->str, "celsius") || same_name(e->str, "dt") ||
            declared_in(file, NMODL_CONSTANT, e->str) || declared_in(file, NMODL_UNITS, e->str) ||
            (declared_in(file, NMODL_PARAMETER, e->str) && !is_range_name(file, e->str)))
            return NULL;
        return e;
    case NMODL_CALL:
        if (!nmodl_is_math(e->str))
            return e;
        __attribute__((fallthrough));   /* its arguments */
    case NMODL_UNOP:
    case NMODL_BINOP:
        for (unsigned i = 0; i < e->nkids; i++) {
            const struct nmodl_node *r = nmodl_not_run_constant(file, f, e->kids[i]);
            if (r)
                return r;
        }
        return NULL;
    default:
        return e;
    }
}

bool nmodl_same_expr(const struct nmodl_node *a, const struct nmodl_node *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind == NMODL_NUM && b->kind == NMODL_NUM)
        return a->num == b->num;    /* a unit written after it changes nothing */
    if (a->kind != b->kind || a->op != b->op || a->nkids != b->nkids)
        return false;
    if ((a->str || b->str) && !same_name(a->str, b->str))
        return false;
    for (unsigned i = 0; i < a->nkids; i++)
        if (!nmodl_same_expr(a->kids[i], b->kids[i]))
            return false;
    return true;
}
