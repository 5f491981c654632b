/* nmodl_unroll.c - a .mod file's arrays, FROM loops and DEFINEs, unrolled
 * before translation (nmodl_unroll), so that circ's language needs no arrays.
 *
 * NEURON's arrays have fixed sizes, and the files that use them index them
 * with numbers, DEFINEs and FROM indices, all known when nocmodl translates.
 * The raw tree is rewritten into one without them:
 *  - DEFINE NAME n is a translation-time constant: each use becomes the
 *    number n (nocmodl pastes it as a double literal, `4.0`);
 *  - an array x[n] of PARAMETER, ASSIGNED, STATE, CONSTANT or a file-wide
 *    LOCAL becomes the scalars x_0 .. x_{n-1}, each with the array's unit,
 *    value, START and limits; RANGE, GLOBAL and a COMPARTMENT's list name
 *    them all;
 *  - x[e] becomes x_k, where e evaluates to k with C's int arithmetic
 *    (nocmodl's C indexes with the expression as written); x'[e] is refused,
 *    as NEURON cannot compile what nocmodl writes for it;
 *  - FROM i = a TO b BY c { body } becomes the body's statements once for
 *    each i = a, a + c, ... <= b (nocmodl's `for (_li = a; _li <= b; _li
 *    += c)`), with i the number (nocmodl casts it to double as a value);
 *  - COMPARTMENT i, vol { a b } of arrays becomes one COMPARTMENT vol { a_k
 *    b_k } per k, vol's i the number k (LONGITUDINAL_DIFFUSION i, ... is
 *    kept whole: the translation refuses it).
 * The element names are reported (struct nmodl_elem) so that the states
 * can be put in nocmodl's order: an array is one symbol there, its elements
 * numbered together in index order.  A LOCAL array in a block becomes
 * that block's LOCALs x_0 .. x_{n-1} (nocmodl's C array of the block).
 * What cannot be unrolled (an index or bound known only at run time, an
 * array without an index, CONSERVE of elements) is a located error naming it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ast.h"      /* enum ast_op */
#include "nmodl_int.h"

#define MAX_UNROLL 10000    /* copies of one loop's body, elements of one array */
#define MAX_COPIES 100000   /* copies of loop bodies in the file: nested loops multiply */
#define MAX_INT 1000000000L /* translation-time integers stay within this (no overflow) */

struct array {
    const char *name;
    unsigned size;
    const char **elem;      /* x_0 .. x_{size-1} */
};

struct value {              /* a DEFINE or a FROM index in scope */
    const char *name;
    long v;
};

struct un {
    struct arena *a;
    struct diag_sink *d;
    bool ok;
    struct value *defs;
    unsigned ndefs;
    struct array *arrays;
    unsigned narrays;
    struct value *index;    /* FROM indices in scope, innermost last */
    unsigned nindex;
    struct name_set taken;  /* every name of the file, and each element's */
    unsigned long copies;   /* loop bodies unrolled so far */
};

static void fail(struct un *u, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct un *u, struct loc loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(u->d, loc, "%s", msg);
    u->ok = false;
}

static void *grow(struct un *u, void *p, unsigned n, size_t size)
{
    return arena_realloc(u->a, p, n * size, (n + 1) * size);
}

static const struct value *find_value(const struct value *v, unsigned n, const char *name)
{
    for (unsigned i = n; i-- > 0;)      /* innermost first */
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

static const struct array *find_array(const struct un *u, const char *name)
{
    for (unsigned i = u->narrays; i-- > 0;)     /* a block's LOCAL arrays last */
        if (strcmp(u->arrays[i].name, name) == 0)
            return &u->arrays[i];
    return NULL;
}


static void take_all(struct un *u, const struct nmodl_node *n)
{
    if (!n)
        return;
    if (n->str && n->kind != NMODL_UNIT && n->kind != NMODL_STR && n->kind != NMODL_TITLE &&
        n->kind != NMODL_VERBATIM && n->kind != NMODL_INCLUDE)
        name_set_add(u->a, &u->taken, n->str);
    for (unsigned i = 0; i < n->nkids; i++)
        take_all(u, n->kids[i]);
}

static struct nmodl_node *number(struct un *u, struct loc loc, long v)
{
    struct nmodl_node *n = nmodl_new(u->a, NMODL_NUM, loc);
    n->num = (double)v;
    n->op = 1;      /* an integer */
    return n;
}

/* ---- translation-time integers ------------------------------------------ */

/* e as nocmodl's C computes an index or a FROM bound: ints, `/` truncating.
 * False (with `at` the culprit) where it is not known before the run. */
static bool int_value(const struct un *u, const struct nmodl_node *e, long *v,
                      const struct nmodl_node **at)
{
    long a, b;
    switch (e->kind) {
    case NMODL_NUM:
        if (!e->op || !(e->num >= -MAX_INT && e->num <= MAX_INT) ||
            e->num != (double)(long)e->num)
            break;
        *v = (long)e->num;
        return true;
    case NMODL_NAME: {
        const struct value *x = find_value(u->index, u->nindex, e->str);
        if (!x)
            x = find_value(u->defs, u->ndefs, e->str);
        if (!x)
            break;
        *v = x->v;
        return true;
    }
    case NMODL_UNOP:
        if (e->op != OP_NEG)
            break;
        if (!int_value(u, e->kids[0], &a, at))
            return false;
        *v = -a;
        return true;
    case NMODL_BINOP:
        if (!int_value(u, e->kids[0], &a, at) || !int_value(u, e->kids[1], &b, at))
            return false;
        switch (e->op) {        /* |a|, |b| <= MAX_INT: no overflow in a long */
        case OP_ADD: *v = a + b; break;
        case OP_SUB: *v = a - b; break;
        case OP_MUL: *v = a * b; break;
        case OP_DIV:
            if (b == 0) {
                *at = e;
                return false;
            }
            *v = a / b;
            break;
        default:
            *at = e;
            return false;
        }
        if (*v < -MAX_INT || *v > MAX_INT)
            break;
        return true;
    default:
        break;
    }
    *at = e;
    return false;
}

/* ---- the rewrite -------------------------------------------------------------- */

static struct nmodl_node *rw(struct un *u, const struct nmodl_node *n);

static struct nmodl_node *shallow(struct un *u, const struct nmodl_node *n)
{
    struct nmodl_node *c = nmodl_new(u->a, n->kind, n->loc);
    c->op = n->op;
    c->nloc = n->nloc;
    c->str = n->str;
    c->num = n->num;
    c->depth = n->depth;
    return c;
}

/* x[e] (or x'[e]): the element's NAME (PRIME), located at the whole. */
static struct nmodl_node *element(struct un *u, const struct nmodl_node *n)
{
    const struct nmodl_node *base = n->kids[0];
    const struct array *arr = find_array(u, base->str);
    long k;
    const struct nmodl_node *at = NULL;
    if (!arr) {
        fail(u, n->loc, "'%s' is indexed but is not an array", base->str);
    } else if (base->kind == NMODL_PRIME) {
        fail(u, n->loc, "the derivative of array element %s'[...] is not supported: nocmodl "
             "8.2.2 says \"Derivatives of STATE array variables are not translated correctly\" "
             "and NEURON cannot compile its C (a KINETIC scheme over the array can)", base->str);
    } else if (!arr->size) {
        ;       /* its declaration was refused */
    } else if (!int_value(u, n->kids[1], &k, &at)) {
        fail(u, at->loc, "the index of array '%s' is only known at run time (circ unrolls arrays "
             "when it translates: use numbers, DEFINEs and FROM indices)", base->str);
    } else if (k < 0 || k >= (long)arr->size) {
        fail(u, n->kids[1]->loc, "index %ld is outside array '%s[%u]'", k, arr->name, arr->size);
    } else {
        struct nmodl_node *e = shallow(u, base);
        e->loc = n->loc;
        e->str = arr->elem[k];
        return e;
    }
    return number(u, n->loc, 0);
}

/* A name as a value: a FROM index or DEFINE is its number; an array needs
 * an index (nocmodl would pass a pointer: a whole array is refused). */
static struct nmodl_node *name(struct un *u, const struct nmodl_node *n)
{
    const struct value *x = NULL;
    if (n->kind == NMODL_NAME) {
        x = find_value(u->index, u->nindex, n->str);
        if (!x)
            x = find_value(u->defs, u->ndefs, n->str);
    }
    if (x)
        return number(u, n->loc, x->v);
    const struct array *arr = find_array(u, n->str);
    if (arr && !arr->size)
        return number(u, n->loc, 0);    /* its declaration was refused */
    if (arr) {
        fail(u, n->loc, "array '%s' without an index (a whole array) is not supported: circ "
             "unrolls arrays into their elements", n->str);
        return number(u, n->loc, 0);
    }
    return shallow(u, n);
}

/* RANGE x, GLOBAL x, COMPARTMENT ... { x } of an array: each element. */
static struct nmodl_node *name_list(struct un *u, const struct nmodl_node *n)
{
    struct nmodl_node *c = shallow(u, n);
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct nmodl_node *k = n->kids[i];
        const struct array *arr = k && k->kind == NMODL_NAME ? find_array(u, k->str) : NULL;
        if (!arr) {
            nmodl_add(u->a, c, k ? shallow(u, k) : NULL);
            continue;
        }
        for (unsigned e = 0; e < arr->size; e++) {
            struct nmodl_node *x = shallow(u, k);
            x->str = arr->elem[e];
            nmodl_add(u->a, c, x);
        }
    }
    return c;
}

/* A declaration block: each array VAR becomes its elements' VARs. */
static struct nmodl_node *declarations(struct un *u, const struct nmodl_node *blk)
{
    struct nmodl_node *c = shallow(u, blk);
    for (unsigned i = 0; i < blk->nkids; i++) {
        const struct nmodl_node *v = blk->kids[i];
        const struct array *arr = v->kind == NMODL_VAR ? find_array(u, v->str) : NULL;
        if (!arr || !nmodl_kid(v, 0)) {
            nmodl_add(u->a, c, rw(u, v));
            continue;
        }
        for (unsigned e = 0; e < arr->size; e++) {
            struct nmodl_node *x = rw(u, v);
            x->str = arr->elem[e];
            x->kids[0] = NULL;      /* no size: a scalar */
            nmodl_add(u->a, c, x);
        }
    }
    return c;
}

static bool assigns_index(const struct un *u, const struct nmodl_node *n)
{
    return n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME &&
           find_value(u->index, u->nindex, n->kids[0]->str);
}

static void statements(struct un *u, const struct nmodl_node *blk, struct nmodl_node *out);

/* COMPARTMENT i, vol { a b } of arrays: nocmodl
 * multiplies the equation of each element a[k] by vol at i = k, in a loop
 * over each array's elements; here one statement without an index per k,
 * of the k-th elements.  A scalar in the list nocmodl multiplies by vol at
 * whatever `_i` an earlier loop of its C left: refused. */
static void indexed_compartment(struct un *u, const struct nmodl_node *s, struct nmodl_node *out)
{
    const struct nmodl_node *list = s->kids[1];
    unsigned most = 0;
    for (unsigned i = 0; i < list->nkids; i++) {
        const struct nmodl_node *k = list->kids[i];
        const struct array *arr = find_array(u, k->str);
        if (!arr) {
            fail(u, k->loc, "'%s' in COMPARTMENT %s, ... is not an array: nocmodl multiplies "
                 "its equation at the index an earlier loop of its C left; not supported (give "
                 "it a COMPARTMENT without an index)", k->str, s->str);
            return;
        }
        if (!arr->size)
            return;     /* its declaration was refused */
        if (arr->size > most)
            most = arr->size;
    }
    u->index = grow(u, u->index, u->nindex, sizeof *u->index);
    u->index[u->nindex].name = s->str;
    u->nindex++;
    unsigned errors = diag_errors(u->d);
    for (unsigned e = 0; e < most && diag_errors(u->d) == errors; e++) {
        u->index[u->nindex - 1].v = e;
        struct nmodl_node *c = shallow(u, s), *names = shallow(u, list);
        c->str = NULL;
        for (unsigned i = 0; i < list->nkids; i++) {
            const struct array *arr = find_array(u, list->kids[i]->str);
            if (e >= arr->size)
                continue;
            struct nmodl_node *x = shallow(u, list->kids[i]);
            x->str = arr->elem[e];
            nmodl_add(u->a, names, x);
        }
        nmodl_add(u->a, c, rw(u, s->kids[0]));
        nmodl_add(u->a, c, names);
        nmodl_add(u->a, out, c);
    }
    u->nindex--;
}

/* FROM i = a TO b BY c { body }: the body once per value, into out. */
static void unroll(struct un *u, const struct nmodl_node *f, struct nmodl_node *out)
{
    long lo, hi, by = 1;
    const struct nmodl_node *at = NULL;
    if (!int_value(u, f->kids[0], &lo, &at) || !int_value(u, f->kids[1], &hi, &at) ||
        (nmodl_kid(f, 2) && !int_value(u, f->kids[2], &by, &at))) {
        fail(u, at->loc, "a bound of FROM %s is only known at run time (circ unrolls FROM "
             "loops when it translates: use numbers, DEFINEs and outer FROM indices)", f->str);
        return;
    }
    if (by <= 0) {
        fail(u, f->kids[2]->loc, "FROM %s ... BY %ld is not supported (a step above 0 is)",
             f->str, by);
        return;
    }
    unsigned long times = hi >= lo ? (unsigned long)((hi - lo) / by) + 1 : 0;
    if (u->copies > MAX_COPIES)
        return;     /* reported */
    if (times > MAX_UNROLL || (u->copies += times) > MAX_COPIES) {
        fail(u, f->loc, "FROM %s runs %lu times, or with the loops around it too many: more "
             "than circ unrolls (%d, %d in all)", f->str, times, MAX_UNROLL, MAX_COPIES);
        u->copies = MAX_COPIES + 1;
        return;
    }
    const struct nmodl_node *body = f->kids[3];
    for (unsigned i = 0; i < body->nkids; i++)
        if (body->kids[i] && body->kids[i]->kind == NMODL_LOCAL) {
            fail(u, body->kids[i]->loc, "LOCAL inside a FROM loop is not supported (declare it "
                 "before the loop)");
            return;
        }
    u->index = grow(u, u->index, u->nindex, sizeof *u->index);
    u->index[u->nindex].name = f->str;
    u->nindex++;
    unsigned errors = diag_errors(u->d);
    for (long i = lo; i <= hi && diag_errors(u->d) == errors; i += by) {   /* once, not per copy */
        u->index[u->nindex - 1].v = i;
        statements(u, body, out);
    }
    u->nindex--;
}

static void declare_array(struct un *u, const struct nmodl_node *v, bool local);

/* A block's statements, FROM loops spliced in, appended to out; its LOCAL
 * arrays are in scope until its end. */
static void statements(struct un *u, const struct nmodl_node *blk, struct nmodl_node *out)
{
    unsigned outer = u->narrays;
    for (unsigned i = 0; i < blk->nkids; i++) {
        const struct nmodl_node *s = blk->kids[i];
        if (!s)
            continue;
        if (s->kind == NMODL_FROM) {
            unroll(u, s, out);
        } else if (s->kind == NMODL_LONGDIFUS && s->str) {
            nmodl_add(u->a, out, (struct nmodl_node *)s);   /* refused as a whole */
        } else if (s->kind == NMODL_COMPARTMENT && s->str) {
            indexed_compartment(u, s, out);
        } else if (assigns_index(u, s)) {
            fail(u, s->kids[0]->loc, "FROM's index '%s' is assigned inside its loop; not "
                 "supported", s->kids[0]->str);
        } else if (s->kind == NMODL_LOCAL) {
            /* nocmodl's C array `double _la[3]`, indexed as written: its
               elements are the block's LOCALs a_0 .. a_2 */
            for (unsigned k = 0; k < s->nkids; k++)
                if (nmodl_kid(s->kids[k], 0))
                    declare_array(u, s->kids[k], true);
            struct nmodl_node *c = rw(u, s);
            for (unsigned k = 0; k < c->nkids; k++)
                c->kids[k]->kids[0] = NULL;     /* a refused one too: a scalar from here on */
            nmodl_add(u->a, out, c);
        } else {
            nmodl_add(u->a, out, rw(u, s));
        }
    }
    u->narrays = outer;     /* the block's LOCAL arrays end with it */
}

/* CONSERVE of array elements: nocmodl 8.2.2 stops with "Failed to
 * diagonalize the Kinetic matrix" on it, so NEURON cannot run such a file. */
static void check_conserve(struct un *u, const struct nmodl_node *c)
{
    const struct nmodl_node *terms = c->kids[0];
    for (unsigned i = 0; i < terms->nkids; i++)
        if (terms->kids[i]->kids[0]->kind == NMODL_INDEX) {
            fail(u, terms->kids[i]->loc, "CONSERVE of array elements is not supported: "
                 "nocmodl 8.2.2 cannot translate it (\"Failed to diagonalize the Kinetic "
                 "matrix\")");
            return;
        }
}

static struct nmodl_node *rw(struct un *u, const struct nmodl_node *n)
{
    if (!n)
        return NULL;
    struct nmodl_node *c;
    switch (n->kind) {
    case NMODL_NAME:
    case NMODL_PRIME:
        return name(u, n);
    case NMODL_INDEX:
        return element(u, n);
    case NMODL_BLOCK:
        c = shallow(u, n);
        statements(u, n, c);
        return c;
    case NMODL_RANGE:
    case NMODL_GLOBAL:
    case NMODL_THREADSAFE:
        return name_list(u, n);
    case NMODL_PARAMETER:
    case NMODL_STATE:
    case NMODL_ASSIGNED:
    case NMODL_CONSTANT:
    case NMODL_LOCAL:   /* file-wide (a block's goes through statements) */
        return declarations(u, n);
    case NMODL_COMPARTMENT:
    case NMODL_LONGDIFUS:
        c = shallow(u, n);
        nmodl_add(u->a, c, rw(u, n->kids[0]));
        nmodl_add(u->a, c, name_list(u, n->kids[1]));
        return c;
    case NMODL_CONSERVE:
        check_conserve(u, n);
        break;
    /* names that are not values: as written */
    case NMODL_SOLVE: case NMODL_USEION: case NMODL_NONSPECIFIC: case NMODL_ELECTRODE:
    case NMODL_SUFFIX: case NMODL_CONDUCTANCE: case NMODL_UNITS: case NMODL_TITLE:
    case NMODL_VERBATIM: case NMODL_INCLUDE: case NMODL_INDEPENDENT: case NMODL_POINTER:
    case NMODL_BBCOREPOINTER: case NMODL_EXTERNAL: case NMODL_RANDOM: case NMODL_ARG:
    case NMODL_UNIT: case NMODL_STR:
        return (struct nmodl_node *)n;     /* the input is never changed: shared */
    default:
        break;
    }
    c = shallow(u, n);
    for (unsigned i = 0; i < n->nkids; i++)
        nmodl_add(u->a, c, rw(u, n->kids[i]));
    return c;
}

/* ---- the file ---------------------------------------------------------------- */

static bool uses_arrays(const struct nmodl_node *n)
{
    if (!n)
        return false;
    if (n->kind == NMODL_DEFINE || n->kind == NMODL_FROM || n->kind == NMODL_INDEX ||
        (n->kind == NMODL_VAR && nmodl_kid(n, 0)) ||
        ((n->kind == NMODL_COMPARTMENT || n->kind == NMODL_LONGDIFUS) && n->str))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (uses_arrays(n->kids[i]))
            return true;
    return false;
}

static void define(struct un *u, const struct nmodl_node *d)
{
    if (find_value(u->defs, u->ndefs, d->str)) {
        fail(u, d->nloc.end > d->nloc.start ? d->nloc : d->loc, "'%s' is DEFINEd twice", d->str);
        return;
    }
    if (!(d->num >= -MAX_INT && d->num <= MAX_INT)) {
        fail(u, d->loc, "DEFINE %s is too large (at most %ld)", d->str, MAX_INT);
        return;
    }
    u->defs = grow(u, u->defs, u->ndefs, sizeof *u->defs);
    u->defs[u->ndefs++] = (struct value){d->str, (long)d->num};
}

/* An array declaration: its size, and its elements' names (x_k, which must
 * be new to the file; a block's LOCAL array's stay free for other blocks). */
static void add_array(struct un *u, struct array arr)
{
    u->arrays = grow(u, u->arrays, u->narrays, sizeof *u->arrays);
    u->arrays[u->narrays++] = arr;
}

static void declare_array(struct un *u, const struct nmodl_node *v, bool local)
{
    long size;
    const struct nmodl_node *at = NULL;
    struct loc where = v->nloc.end > v->nloc.start ? v->nloc : v->loc;
    if (find_array(u, v->str)) {
        fail(u, where, "array '%s' is declared twice", v->str);
        return;
    }
    struct array refused = {v->str, 0, NULL};      /* its uses are not reported again */
    if (!int_value(u, v->kids[0], &size, &at)) {
        fail(u, at->loc, "the size of array '%s' is not a number or a DEFINE", v->str);
        add_array(u, refused);
        return;
    }
    if (size < 1 || size > MAX_UNROLL) {
        fail(u, v->kids[0]->loc, "array '%s' of size %ld is not supported (1 to %d)", v->str,
             size, MAX_UNROLL);
        add_array(u, refused);
        return;
    }
    struct array arr = {v->str, (unsigned)size, arena_alloc(u->a, (size_t)size * sizeof(char *))};
    for (unsigned k = 0; k < arr.size; k++) {
        char *e = arena_printf(u->a, "%s_%u", v->str, k);
        arr.elem[k] = arena_intern(u->a, e, strlen(e));
        if (name_set_has(&u->taken, arr.elem[k])) {
            fail(u, where, "array '%s' would become the scalars %s_0 .. %s_%u, but '%s' is "
                 "already a name of this file", v->str, v->str, v->str, arr.size - 1, arr.elem[k]);
            add_array(u, refused);
            return;
        }
        if (!local)
            name_set_add(u->a, &u->taken, arr.elem[k]);
    }
    add_array(u, arr);
}

const struct nmodl_node *nmodl_unroll(struct arena *arena, struct diag_sink *diag,
                                      const struct nmodl_node *file, struct nmodl_elems *out)
{
    *out = (struct nmodl_elems){NULL, 0, true};
    if (!uses_arrays(file))
        return file;
    struct un u = {.a = arena, .d = diag, .ok = true};
    take_all(&u, file);
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind == NMODL_DEFINE)
            define(&u, file->kids[i]);
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *blk = file->kids[i];
        if (blk->kind == NMODL_PARAMETER || blk->kind == NMODL_STATE ||
            blk->kind == NMODL_ASSIGNED || blk->kind == NMODL_CONSTANT || blk->kind == NMODL_LOCAL)
            for (unsigned k = 0; k < blk->nkids; k++)
                if (blk->kids[k]->kind == NMODL_VAR && nmodl_kid(blk->kids[k], 0))
                    declare_array(&u, blk->kids[k], false);
    }
    struct nmodl_node *r = shallow(&u, file);
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind != NMODL_DEFINE)
            nmodl_add(arena, r, rw(&u, file->kids[i]));
    for (unsigned i = 0; i < u.narrays; i++)
        out->n += u.arrays[i].size;
    out->elem = arena_alloc(arena, (out->n + 1) * sizeof *out->elem);
    out->n = 0;
    for (unsigned i = 0; i < u.narrays; i++)
        for (unsigned k = 0; k < u.arrays[i].size; k++)
            out->elem[out->n++] = (struct nmodl_elem){u.arrays[i].elem[k], u.arrays[i].name, k};
    out->ok = u.ok;
    return r;
}
