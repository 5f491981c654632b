/* nmodl_units.c - a .mod file's units checked as NEURON's modlunit does,
 * as warnings located in the file.
 *
 * Nothing here changes a value: nocmodl computes with the numbers as
 * written, so a unit mismatch is the file's own inconsistency, reported the
 * way modlunit reports it.  A name takes the unit its declaration gives
 * (none written: dimensionless), NEURON's own v, t, dt, celsius, area theirs,
 * a number the unit written after it (none: dimensionless).  Sums,
 * differences, comparisons and assignments must agree in dimension, and an
 * assignment between scales (mV into V) needs the factor modlunit asks for;
 * exp, log and the like take dimensionless arguments.  What cannot be known
 * (LOCALs, functions without a result unit, units circ cannot read) is not
 * checked.  UNITSOFF ... UNITSON turns checking off in between, in source
 * order, as in modlunit.
 */
#include "nmodl_circ.h"

#include <math.h>
#include <string.h>

#include "units.h"

struct uval {
    bool known;
    struct units_val u;
    const char *spelling;       /* as written, for messages, or NULL */
};

struct named {
    const char *name;
    struct uval v;
};

struct uc {
    struct arena *a;
    struct diag_sink *d;
    bool on;                    /* UNITSON (the default) */
    struct named *names;        /* declared variables, then function results */
    unsigned n;
    struct named *args;         /* arguments of the function being checked */
    unsigned nargs;
    struct named *aliases;      /* UNITS (new) = (known) */
    unsigned naliases;
};

static struct uval unknown(void)
{
    return (struct uval){0};
}

static struct uval dimless(void)
{
    return (struct uval){.known = true, .u = {UNITS_NONE, 1}, .spelling = "1"};
}

/* A parenthesized number, (1e-3): modlunit's conversion factor, a
 * dimensionless unit of 1/k, so that (1e-3) * gkdr * (v - ek) is mA/cm2
 * where gkdr * (v - ek) is uA/cm2 (a bare 1e-3 is just dimensionless). */
static struct uval factor(struct uc *c, double k)
{
    return (struct uval){.known = true, .u = {UNITS_NONE, 1 / k},
                         .spelling = arena_printf(c->a, "%g", k)};
}

static struct uval parse_unit(struct uc *c, const struct nmodl_node *u)
{
    if (!u || !u->str)
        return dimless();
    for (unsigned i = 0; i < c->naliases; i++)
        if (strcmp(c->aliases[i].name, u->str) == 0)
            return c->aliases[i].v;
    const char *s = nmodl_unit_spelling(c->a, u->str);
    struct units_val v;
    const char *bad;
    size_t badlen;
    if (!s || !units_parse(s, &v, &bad, &badlen))
        return unknown();
    return (struct uval){.known = true, .u = v, .spelling = u->str};
}

static void add(struct named **list, unsigned *n, struct uc *c, const char *name,
                struct uval v)
{
    *list = arena_realloc(c->a, *list, *n * sizeof **list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = (struct named){name, v};
}

static const struct named *find(const struct named *list, unsigned n, const char *name)
{
    for (unsigned i = n; i-- > 0;)
        if (strcmp(list[i].name, name) == 0)
            return &list[i];
    return NULL;
}

static const char *spell(struct uc *c, struct uval v)
{
    if (v.spelling)
        return v.spelling;
    /* a computed unit: the dimension's own unit, with the scale it is off
     * by (gkdr * v is 0.001 mA/cm2), or the message would name one unit on
     * both sides of a factor */
    char buf[96];
    units_dim_unit(v.u.dim, buf, sizeof buf);
    struct units_val named = {UNITS_NONE, 1};
    const char *bad;
    size_t badlen;
    if (buf[0] && !units_parse(buf, &named, &bad, &badlen))
        named.scale = v.u.scale;    /* no spelling circ can read: no scale shown */
    double k = v.u.scale / named.scale;
    if (fabs(k - 1) <= 1e-12)
        return arena_printf(c->a, "%s", buf[0] ? buf : "1");
    return arena_printf(c->a, "%g%s%s", k, buf[0] ? " " : "", buf);
}

/* ---- expressions ---------------------------------------------------------------- */

static struct uval expr(struct uc *c, const struct nmodl_node *n);

static void conform(struct uc *c, struct loc at, struct uval a, struct uval b, const char *op)
{
    if (c->on && a.known && b.known && !units_dim_eq(a.u.dim, b.u.dim))
        diag_warning(c->d, at, "units not conformable: (%s) %s (%s)", spell(c, a), op,
                     spell(c, b));
}

static struct uval call(struct uc *c, const struct nmodl_node *n)
{
    static const char *const plain[] = {"exp", "log", "log10", "sin", "cos", "tanh", "tan",
                                        "sinh", "cosh", "asin", "acos", "atan"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (strcmp(n->str, plain[i]) == 0) {
            for (unsigned k = 0; k < n->nkids; k++) {
                struct uval a = expr(c, n->kids[k]);
                if (c->on && a.known && !units_dimensionless(a.u.dim))
                    diag_warning(c->d, n->kids[k]->loc, "the argument of %s() must be "
                                 "dimensionless, not (%s)", n->str, spell(c, a));
            }
            return dimless();
        }
    struct uval first = unknown();
    for (unsigned k = 0; k < n->nkids; k++) {
        struct uval a = expr(c, n->kids[k]);
        if (k == 0)
            first = a;
    }
    if (strcmp(n->str, "fabs") == 0)
        return first;
    const struct named *f = find(c->names, c->n, n->str);
    return f ? f->v : unknown();
}

static struct uval expr(struct uc *c, const struct nmodl_node *n)
{
    struct uval a, b;
    switch (n->kind) {
    case NMODL_NUM:
        if (!nmodl_kid(n, 0) && n->num == 0)
            return unknown();   /* a bare 0 is zero in any unit (A = 0) */
        if (!nmodl_kid(n, 0) && n->nloc.end > n->nloc.start && n->num > 0)
            return factor(c, n->num);   /* (1e-3): modlunit's unit factor */
        return nmodl_kid(n, 0) ? parse_unit(c, n->kids[0]) : dimless();
    case NMODL_NAME: {
        const struct named *v = find(c->args, c->nargs, n->str);
        if (!v)
            v = find(c->names, c->n, n->str);
        return v ? v->v : unknown();
    }
    case NMODL_CALL:
        return call(c, n);
    case NMODL_UNOP:
        a = expr(c, n->kids[0]);
        return n->op == OP_NOT ? dimless() : a;
    case NMODL_BINOP:
        a = expr(c, n->kids[0]);
        b = expr(c, n->kids[1]);
        switch (n->op) {
        case OP_ADD: case OP_SUB:
            conform(c, n->loc, a, b, ast_op_name(n->op));
            return a.known ? a : b;
        case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
            conform(c, n->loc, a, b, ast_op_name(n->op));
            return dimless();
        case OP_AND: case OP_OR:
            return dimless();
        case OP_MUL: case OP_DIV:
            if (!a.known || !b.known)
                return unknown();
            return (struct uval){.known = true,
                                 .u = n->op == OP_MUL ? units_mul(a.u, b.u) : units_div(a.u, b.u)};
        case OP_POW:
            if (a.known && units_dimensionless(a.u.dim) && a.u.scale == 1)
                return dimless();
            if (a.known && n->kids[1]->kind == NMODL_NUM && n->kids[1]->num == floor(n->kids[1]->num) &&
                fabs(n->kids[1]->num) <= 8) {
                int k = (int)n->kids[1]->num;
                return (struct uval){.known = true,
                                     .u = {units_dim_pow(a.u.dim, k), pow(a.u.scale, k)}};
            }
            return unknown();
        default:
            return unknown();
        }
    default:
        return unknown();
    }
}

/* ---- statements ----------------------------------------------------------------- */

static void assign(struct uc *c, const struct nmodl_node *st)
{
    const struct nmodl_node *target = st->kids[0];
    struct uval v = expr(c, st->kids[1]);
    const char *name = target->kind == NMODL_INDEX ? NULL : target->str;
    const struct named *t = name ? find(c->args, c->nargs, name) : NULL;
    if (!t && name)
        t = find(c->names, c->n, name);
    if (!c->on || !t || !t->v.known || !v.known)
        return;
    struct uval want = t->v;
    if (target->kind == NMODL_PRIME)
        want = (struct uval){.known = true, .u = units_div(t->v.u, units_must("ms")),
                             .spelling = arena_printf(c->a, "%s/ms", spell(c, t->v))};
    if (!units_dim_eq(want.u.dim, v.u.dim)) {
        diag_warning(c->d, st->loc, "units not conformable: (%s) assigned to %s%s (%s)",
                     spell(c, v), name, target->kind == NMODL_PRIME ? "'" : "",
                     spell(c, want));
        return;
    }
    double k = units_factor(v.u, want.u);
    if (fabs(k - 1) > 1e-12)
        diag_warning(c->d, st->loc, "assigning (%s) to %s%s (%s) needs a factor of %g",
                     spell(c, v), name, target->kind == NMODL_PRIME ? "'" : "",
                     spell(c, want), k);
}

static void block(struct uc *c, const struct nmodl_node *b);

static void stmt(struct uc *c, const struct nmodl_node *st)
{
    switch (st->kind) {
    case NMODL_UNITSON:
        c->on = st->op == 1;
        break;
    case NMODL_ASSIGN:
        assign(c, st);
        break;
    case NMODL_PROTECT:
        assign(c, st->kids[0]);
        break;
    case NMODL_IF:
        expr(c, st->kids[0]);
        block(c, st->kids[1]);
        if (nmodl_kid(st, 2))
            stmt(c, st->kids[2]);
        break;
    case NMODL_BLOCK:
        block(c, st);
        break;
    case NMODL_CALLSTMT:
        expr(c, st->kids[0]);
        break;
    case NMODL_EQUATION: {    /* LINEAR/NONLINEAR `~ a = b`: one unit on both sides */
        struct uval l = expr(c, st->kids[0]), r = expr(c, st->kids[1]);
        conform(c, st->loc, l, r, "=");
        break;
    }
    case NMODL_LOCAL:     /* a LOCAL has no declared unit: not checked */
        for (unsigned i = 0; i < st->nkids; i++)
            add(&c->args, &c->nargs, c, st->kids[i]->str, unknown());
        break;
    default:
        break;
    }
}

static void block(struct uc *c, const struct nmodl_node *b)
{
    for (unsigned i = 0; b && i < b->nkids; i++)
        stmt(c, b->kids[i]);
}

static void with_args(struct uc *c, const struct nmodl_node *list, const struct nmodl_node *body)
{
    c->nargs = 0;
    for (unsigned i = 0; list && i < list->nkids; i++)
        add(&c->args, &c->nargs, c, list->kids[i]->str, parse_unit(c, nmodl_kid(list->kids[i], 0)));
    block(c, body);
    c->nargs = 0;
}

void nmodl_check_units(struct arena *arena, struct diag_sink *diag,
                       const struct nmodl_node *file)
{
    struct uc c = {.a = arena, .d = diag, .on = true};
    static const char *const builtin[][2] = {
        {"v", "mV"}, {"t", "ms"}, {"dt", "ms"}, {"celsius", "degC"}, {"area", "um2"},
    };
    for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)
        add(&c.names, &c.n, &c, builtin[i][0],
            (struct uval){.known = true, .u = units_must(builtin[i][1]), .spelling = builtin[i][1]});
    /* declarations and function results first: bodies use them in any order */
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        if (it->kind == NMODL_UNITS)
            for (unsigned k = 0; k < it->nkids; k++)
                if (it->kids[k]->kind == NMODL_UNITDEF &&
                    !parse_unit(&c, it->kids[k]->kids[0]).known)   /* a name of the file's own */
                    add(&c.aliases, &c.naliases, &c, it->kids[k]->kids[0]->str,
                        parse_unit(&c, it->kids[k]->kids[1]));
        if (it->kind == NMODL_PARAMETER || it->kind == NMODL_STATE ||
            it->kind == NMODL_ASSIGNED || it->kind == NMODL_CONSTANT)
            for (unsigned k = 0; k < it->nkids; k++) {
                const struct nmodl_node *var = it->kids[k], *u = nmodl_kid(var, 2);
                if (var->kind != NMODL_VAR)
                    continue;
                add(&c.names, &c.n, &c, var->str, parse_unit(&c, u));
                /* a parameter's value in .circ is checked against its unit */
                if (it->kind == NMODL_PARAMETER && u && u->str && u->str[0] &&
                    !nmodl_unit_spelling(arena, u->str))
                    diag_warning(diag, u->loc, "unit (%s) is not one circ reads: parameter '%s' "
                                 "takes plain numbers in .circ (NMODL's arithmetic ignores "
                                 "units)", u->str, var->str);
            }
        if (it->kind == NMODL_FUNCTION)
            add(&c.names, &c.n, &c, it->str,
                nmodl_kid(it, 1) ? parse_unit(&c, it->kids[1]) : unknown());
    }
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        switch (it->kind) {
        case NMODL_UNITSON:
            c.on = it->op == 1;
            break;
        case NMODL_FUNCTION:
        case NMODL_PROCEDURE:
            with_args(&c, it->kids[0], it->kids[2]);
            break;
        case NMODL_NET_RECEIVE:
            with_args(&c, it->kids[0], it->kids[1]);
            break;
        case NMODL_INITIAL:
        case NMODL_BREAKPOINT:
        case NMODL_DERIVATIVE:
            c.nargs = 0;
            block(&c, it->kids[0]);
            c.nargs = 0;
            break;
        case NMODL_LINEAR:
        case NMODL_NONLINEAR:
            c.nargs = 0;
            block(&c, it->kids[1]);
            c.nargs = 0;
            break;
        default:
            break;
        }
    }
}
