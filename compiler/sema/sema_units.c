/* sema_units.c - pass 4: types and physical dimensions of expressions.
 *
 * Every expression gets a type (number with a unit, boolean, string,
 * interval, range, list, entity) and every number a unit: its dimension and
 * the scale it is represented in.  Arithmetic keeps the operands' scales
 * (mV*S/cm2 stays in those units); where two scales meet (+, -, comparisons,
 * assignment, arguments) the right-hand side gets a conversion factor in
 * ast->scale, which is exactly 1 for NEURON-consistent models, so codegen
 * emits no multiplication and results stay bit-identical.  This pass also
 * resolves names inside expressions and checks mechanism bodies.
 */
#include "sema_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crt_math.h"

const struct builtin sema_builtins[] = {
#define B(name, kind, where, nargs, result, args) \
    {#name, kind == FUNC, where, nargs, result, args},
#define FUNC 1
#define VAR 0
#include "builtins.h"
#undef B
#undef FUNC
#undef VAR
};
const int sema_nbuiltins = (int)(sizeof sema_builtins / sizeof *sema_builtins);

bool sema_builtin_shadowable(const char *name)
{
    return !strcmp(name, "FARADAY") || !strcmp(name, "R") || !strcmp(name, "ghk") ||
           !strcmp(name, "diam");
}

static struct tval err(void)
{
    return (struct tval){.ty = TY_ERROR};
}

static struct tval num(struct units_val u)
{
    return (struct tval){.ty = TY_NUM, .u = u};
}

static struct units_val dimless(void)
{
    return (struct units_val){UNITS_NONE, 1.0};
}

const char *sema_describe_tval(struct tval t, char *buf, size_t size)
{
    char d[96];
    switch (t.ty) {
    case TY_NUM:
        units_describe(t.u.dim, d, sizeof d);
        if (t.spelling && !units_dimensionless(t.u.dim)) {
            /* in the user's own unit: "a time (s)" */
            char *paren = strchr(d, '(');
            if (paren)
                snprintf(paren, sizeof d - (size_t)(paren - d), "(%s)", t.spelling);
        }
        snprintf(buf, size, "%s", d);
        break;
    case TY_BOOL: snprintf(buf, size, "a condition (true/false)"); break;
    case TY_STR: snprintf(buf, size, "a string"); break;
    case TY_INTERVAL: snprintf(buf, size, "a time window"); break;
    case TY_RANGE: snprintf(buf, size, "a range"); break;
    case TY_LIST: snprintf(buf, size, "a list"); break;
    case TY_ENTITY:
        snprintf(buf, size, "%s", t.sym ? sema_kind_name(t.sym->kind) : "a set of cells");
        if (t.sym && (t.sym->kind == SYM_POPULATION || t.sym->kind == SYM_GROUP ||
                      t.sym->kind == SYM_EXPERIMENT))
            snprintf(buf, size, "a %s", sema_kind_name(t.sym->kind));
        break;
    default: snprintf(buf, size, "nothing"); break;
    }
    return buf;
}

bool sema_unit_of_annotation(struct sema *s, struct ast *unit_node, struct units_val *out)
{
    const char *bad;
    size_t badlen;
    if (units_parse(unit_node->str, out, &bad, &badlen))
        return true;
    diag_error(s->diag, unit_node->loc, "unknown unit '%.*s'", (int)badlen, bad);
    return false;
}

/* ---- name lookup by context -------------------------------------------------- */

static const struct builtin *visible_builtin(struct sema *s, const char *name, unsigned where,
                                             struct sym **out)
{
    struct sym *b = sema_lookup_local(s->builtins, name);
    if (!b || !(sema_builtins[b->builtin].where & (where | CTXB_MATH)))
        return NULL;
    *out = b;
    return &sema_builtins[b->builtin];
}

static struct sym *lookup(struct sema *s, struct ctx *c, const char *name)
{
    struct sym *sym = c->locals ? sema_lookup(c->locals, name) : NULL;
    if (sym)
        return sym;
    if (c->mech && (sym = sema_lookup_local(c->mech->members, name)))
        return sym;
    struct sym *b;
    if (visible_builtin(s, name, c->where, &b))
        return b;
    if (!c->mech && (c->where & CTXB_ANALYSIS))
        return sema_lookup(s->global, name);
    /* model parameters, everywhere but in mechanisms (they shape the network
     * and its protocol, not the compiled kernels) */
    if (!c->mech && (sym = sema_lookup_local(s->global, name)) && sym->kind == SYM_MODEL_PARAM)
        return sym;
    return NULL;
}

/* A built-in used outside the contexts it exists in gets a precise message. */
static bool builtin_elsewhere(struct sema *s, struct ast *n)
{
    struct sym *b = sema_lookup_local(s->builtins, n->str);
    if (!b)
        return false;
    unsigned w = sema_builtins[b->builtin].where;
    const char *where = w & CTXB_KINETIC ? "in kinetic blocks"
                      : w & CTXB_RECEIVE ? "in receive blocks"
                      : w & CTXB_EVENTS ? "in point processes and artificial cells"
                      : w & CTXB_POINT ? "in point processes"
                      : w & CTXB_DENSITY ? "in density mechanisms"
                      : w & CTXB_MEMBRANE ? "in density mechanisms and point processes"
                      : w & CTXB_MECH ? "in mechanisms"
                      : w & CTXB_CONN ? "in connection rules"
                      : w & CTXB_WHERE ? "in 'where' conditions"
                      : w & CTXB_ANALYSIS ? "in measures and expectations"
                      : w & CTXB_STREAM ? "in a stimulus's noise_stream"
                      : w & CTXB_SEGMENT ? "in a section's diam, cm and 'insert' parameters"
                      : NULL;
    if (!where)
        return false;
    if (strcmp(n->str, "x") == 0)   /* two meanings, two places */
        where = "in 'where' conditions (a cell's position) and in a section's diam, cm and "
                "'insert' parameters (a segment's)";
    diag_error(s->diag, n->loc, "'%s' is only available %s", n->str, where);
    return true;
}

static void unknown_name(struct sema *s, struct ctx *c, struct ast *n, const char *what)
{
    if (strcmp(n->str, "watch") == 0 && c->mech && !(c->where & CTXB_RECEIVE)) {
        if (c->mech->mech_kind == MECH_DENSITY)
            diag_error(s->diag, n->loc, "'watch' is only available in a point process's receive "
                       "block; a density mechanism has no events (NEURON's WATCH belongs to a "
                       "POINT_PROCESS's NET_RECEIVE)");
        else
            diag_error(s->diag, n->loc, "'watch' is only available in receive blocks (NEURON "
                       "allows WATCH only in NET_RECEIVE)");
        return;
    }
    if (builtin_elsewhere(s, n))
        return;
    struct sym *param = sema_lookup_local(s->global, n->str);
    if (c->mech && param && param->kind == SYM_MODEL_PARAM) {
        diag_error(s->diag, n->loc, "model parameter '%s' cannot be used in a mechanism: it "
                   "shapes the network and the protocol, and a mechanism is compiled once "
                   "(give the mechanism a parameter and set it where it is inserted)", n->str);
        return;
    }
    if (c->mech && sema_ion_unknown_hint(s, n->loc, n->str))
        return;
    /* candidates: locals, members, visible builtins, and (analysis) globals */
    struct scope tmp = {0};
    struct sym *buf[512];
    tmp.syms = buf;
    tmp.cap = 512;
    for (const struct scope *sc = c->locals; sc; sc = sc->parent)
        for (unsigned i = 0; i < sc->n && tmp.n < tmp.cap; i++)
            buf[tmp.n++] = sc->syms[i];
    if (c->mech)
        for (unsigned i = 0; i < c->mech->members->n && tmp.n < tmp.cap; i++)
            buf[tmp.n++] = c->mech->members->syms[i];
    for (unsigned i = 0; i < s->builtins->n && tmp.n < tmp.cap; i++)
        if (sema_builtins[s->builtins->syms[i]->builtin].where & (c->where | CTXB_MATH))
            buf[tmp.n++] = s->builtins->syms[i];
    if (!c->mech && (c->where & CTXB_ANALYSIS))
        tmp.parent = s->global;
    /* only kinds that can be values or calls here */
    sema_unknown(s, n->loc, what, n->str, &tmp,
                 ~(KIND_BIT(SYM_CELL) | KIND_BIT(SYM_MECH) | KIND_BIT(SYM_SYNAPSE) |
                   KIND_BIT(SYM_STIMULUS) | KIND_BIT(SYM_FIGURE)));
}

/* ---- expressions -------------------------------------------------------------- */

static struct tval expr(struct sema *s, struct ast *n, struct ctx *c);

/* Makes `n` (of type t) usable where `want` is expected: records the factor. */
static bool convert(struct sema *s, struct ast *n, struct tval t, struct units_val want,
                    const char *what)
{
    if (t.ty == TY_ERROR)
        return false;
    char got[96], exp[96];
    if (t.ty != TY_NUM && t.ty != TY_RANGE && t.ty != TY_INTERVAL) {
        diag_error(s->diag, n->loc, "expected %s for %s, got %s",
                   units_describe(want.dim, exp, sizeof exp), what,
                   sema_describe_tval(t, got, sizeof got));
        return false;
    }
    if (!units_dim_eq(t.u.dim, want.dim)) {
        diag_error(s->diag, n->loc, "expected %s for %s, got %s",
                   units_describe(want.dim, exp, sizeof exp), what,
                   sema_describe_tval(t, got, sizeof got));
        return false;
    }
    n->scale = units_factor(t.u, want);
    return true;
}

bool sema_expect_unit(struct sema *s, struct ast *n, struct ctx *c, struct units_val want,
                      const char *what)
{
    struct tval t = expr(s, n, c);
    if (t.ty == TY_RANGE || t.ty == TY_INTERVAL) {
        char got[64];
        diag_error(s->diag, n->loc, "expected a single value for %s, got %s", what,
                   sema_describe_tval(t, got, sizeof got));
        return false;
    }
    return convert(s, n, t, want, what);
}

bool sema_expect_unit_or_plain(struct sema *s, struct ast *n, struct ctx *c,
                               struct units_val want, const char *what, bool *plain)
{
    struct tval t = expr(s, n, c);
    *plain = t.ty == TY_NUM && units_dim_eq(t.u.dim, UNITS_NONE) && t.u.scale == 1.0 &&
             !units_dim_eq(want.dim, UNITS_NONE);
    if (*plain) {
        n->scale = 1.0;     /* the number as written, in want's unit */
        return true;
    }
    if (t.ty == TY_RANGE || t.ty == TY_INTERVAL) {
        char got[64];
        diag_error(s->diag, n->loc, "expected a single value for %s, got %s", what,
                   sema_describe_tval(t, got, sizeof got));
        return false;
    }
    return convert(s, n, t, want, what);
}

static bool expect_bool(struct sema *s, const struct ctx *c, struct ast *n, struct tval t,
                        const char *what)
{
    if (t.ty == TY_ERROR || t.ty == TY_BOOL)
        return t.ty == TY_BOOL;
    if (t.ty == TY_NUM && c->nmodl)
        return true;    /* NMODL's C: a number is true where it is not 0 (NaN too) */
    char got[96];
    diag_error(s->diag, n->loc, "%s must be a condition, got %s", what,
               sema_describe_tval(t, got, sizeof got));
    return false;
}

static struct tval name_value(struct sema *s, struct ast *n, struct ctx *c)
{
    /* a segment's x is its position along the section (no symbol: the
     * cell position x of `where` conditions is a length) */
    if ((c->where & CTXB_SEGMENT) && !c->mech && strcmp(n->str, "x") == 0)
        return num(dimless());
    struct sym *sym = lookup(s, c, n->str);
    if (!sym) {
        unknown_name(s, c, n, "name");
        return err();
    }
    n->sym = sym;
    sym->uses++;
    switch (sym->kind) {
    case SYM_PARAM: case SYM_STATE: case SYM_ASSIGNED: case SYM_CONSTANT:
    case SYM_ARG: case SYM_LOCAL: case SYM_SETTER: case SYM_MODEL_PARAM:
        if (c->nmodl)   /* NMODL computes with the numbers as they are */
            return sym->has_unit ? num(dimless()) : err();
        return sym->has_unit ? num(sym->unit) : err();
    case SYM_VALUE:
        /* inlined where it is read: only currents and later values, which
           run with BREAKPOINT (elsewhere it would not be NEURON's value) */
        if (!c->in_current) {
            diag_error(s->diag, n->loc, "value '%s' can be read only in currents and in the "
                       "mechanism's later values (`let`)", n->str);
            return err();
        }
        if (!sym->value_ready) {
            diag_error(s->diag, n->loc, "value '%s' is read before its `let`", n->str);
            return err();
        }
        return sym->has_unit ? num(c->nmodl ? dimless() : sym->unit) : err();
    case SYM_ION:
        if (sym->ion_field == ION_I && sym->ion_write) {
            diag_error(s->diag, n->loc, "'%s' is what this mechanism's `current %s` adds to "
                       "ion '%s'; it cannot be read in the mechanism's code", n->str, n->str,
                       sym->ion);
            return err();
        }
        if ((c->where & CTXB_RECEIVE) && sym->owner && sym->owner->mech_kind == MECH_POINT) {
            diag_error(s->diag, n->loc, "'%s' of ion '%s' cannot be read in a point process's "
                       "receive block: read it in its current, derivative or initial code",
                       n->str, sym->ion);
            return err();
        }
        return num(c->nmodl ? dimless() : sym->unit);
    case SYM_BUILTIN_VAR: {
        const struct builtin *b = &sema_builtins[sym->builtin];
        if (strcmp(b->result, "cell") == 0)
            return (struct tval){.ty = TY_ENTITY, .sym = sym};
        return num(c->nmodl ? dimless() : units_must(b->result));
    }
    case SYM_WINDOW: {
        struct tval t = {.ty = TY_INTERVAL, .u = units_must("ms")};
        return t;
    }
    case SYM_POPULATION: case SYM_GROUP: case SYM_EXPERIMENT:
        return (struct tval){.ty = TY_ENTITY, .sym = sym};
    case SYM_MEASURE:
        if (sym->typing == 1) {
            diag_error(s->diag, n->loc, "measure '%s' depends on itself", n->str);
            return err();
        }
        sema_type_measure(s, sym);
        if (sym->value_type == TY_NUM && sym->has_unit)
            return num(sym->unit);
        return (struct tval){.ty = sym->value_type == TY_NUM ? TY_ERROR : (enum ty)sym->value_type};
    case SYM_BUILTIN_FUNC: case SYM_FUNCTION: case SYM_PROCEDURE:
        diag_error(s->diag, n->loc, "%s '%s' must be called with ( )", sema_kind_name(sym->kind),
                   n->str);
        return err();
    default:
        diag_error(s->diag, n->loc, "%s '%s' has no value here", sema_kind_name(sym->kind),
                   n->str);
        return err();
    }
}

static const char *nth_field(const char *list, int i, char *buf, size_t size)
{
    const char *p = list;
    for (int k = 0; k < i && p; k++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p)
        return NULL;
    size_t n = strcspn(p, ",");
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
    return buf;
}

static bool check_selector_arg(struct sema *s, struct ast *a, struct ctx *c)
{
    if (a->kind == AST_ALL)
        return true;
    if (a->kind != AST_NAME) {
        diag_error(s->diag, a->loc, "expected a population, group or 'all'");
        return false;
    }
    struct sym *sym = lookup(s, c, a->str);
    if (!sym || (sym->kind != SYM_POPULATION && sym->kind != SYM_GROUP)) {
        if (!sym)
            sema_unknown(s, a->loc, "population or group", a->str, s->global,
                         KIND_BIT(SYM_POPULATION) | KIND_BIT(SYM_GROUP));
        else
            diag_error(s->diag, a->loc, "'%s' is %s, not a population or group", a->str,
                       sema_a_kind(sym->kind));
        return false;
    }
    sym->uses++;
    a->sym = sym;
    return true;
}

static bool check_window_arg(struct sema *s, struct ast *a, struct ctx *c)
{
    if (a->kind == AST_NAME && !lookup(s, c, a->str)) {
        sema_unknown(s, a->loc, "window", a->str, s->global, KIND_BIT(SYM_WINDOW));
        return false;
    }
    struct tval t = expr(s, a, c);
    if (t.ty == TY_ERROR)
        return false;
    if (t.ty != TY_INTERVAL) {
        char got[96];
        diag_error(s->diag, a->loc, "expected a time window such as [200 ms, 400 ms), got %s",
                   sema_describe_tval(t, got, sizeof got));
        return false;
    }
    /* written in the call: the checks of a named window (which had its own) */
    return a->kind != AST_INTERVAL || sema_check_interval(s, a, t.u, NULL);
}

static struct tval call_builtin(struct sema *s, struct ast *n, struct ctx *c,
                                const struct builtin *b)
{
    int nargs = (int)n->nkids;
    int extra = (c->where & CTXB_ANALYSIS) && b->where == CTXB_ANALYSIS ? 1 : 0;
    if (nargs != b->nargs && !(extra && nargs == b->nargs + 1)) {
        if (extra)
            diag_error(s->diag, n->loc, "'%s' takes %d arguments (or %d with an experiment), "
                       "got %d", b->name, b->nargs, b->nargs + 1, nargs);
        else
            diag_error(s->diag, n->loc, "'%s' takes %d argument%s, got %d", b->name, b->nargs,
                       b->nargs == 1 ? "" : "s", nargs);
        return err();
    }
    bool ok = true;
    struct tval first = {0};
    for (int i = 0; i < nargs; i++) {
        struct ast *a = n->kids[i];
        char spec[16];
        if (i == b->nargs) {    /* the optional experiment */
            ok &= check_selector_arg(s, a, c) ? true : false;
            continue;
        }
        nth_field(b->args, i, spec, sizeof spec);
        char what[64];
        snprintf(what, sizeof what, "argument %d of '%s'", i + 1, b->name);
        if (strcmp(spec, "sel") == 0) {
            ok &= check_selector_arg(s, a, c);
        } else if (strcmp(spec, "win") == 0) {
            ok &= check_window_arg(s, a, c);
        } else if (strcmp(spec, "*") == 0) {
            struct tval t = expr(s, a, c);
            if (t.ty != TY_NUM) {
                if (t.ty != TY_ERROR) {
                    char got[96];
                    diag_error(s->diag, a->loc, "expected a number for %s, got %s", what,
                               sema_describe_tval(t, got, sizeof got));
                }
                ok = false;
            } else if (i == 0) {
                first = t;
            } else if (first.ty == TY_NUM) {
                ok &= convert(s, a, t, first.u, what);
            }
        } else if (c->nmodl) {  /* NMODL: a number as it is, in the unit NEURON takes */
            struct tval t = expr(s, a, c);
            if (t.ty != TY_NUM && t.ty != TY_ERROR) {
                char got[96];
                diag_error(s->diag, a->loc, "expected a number for %s, got %s", what,
                           sema_describe_tval(t, got, sizeof got));
            }
            ok &= t.ty == TY_NUM;
        } else {
            ok &= sema_expect_unit(s, a, c, units_must(spec), what);
        }
    }
    /* the experiment argument is a name of an experiment, not a selector */
    if (nargs == b->nargs + 1 && extra) {
        struct ast *a = n->kids[nargs - 1];
        if (a->sym && a->sym->kind != SYM_EXPERIMENT) {
            diag_error(s->diag, a->loc, "expected an experiment name");
            ok = false;
        }
    }
    if (!ok)
        return err();
    if (strcmp(b->result, "none") == 0)
        return (struct tval){.ty = TY_NONE};
    if (strcmp(b->result, "verdict") == 0)
        return (struct tval){.ty = TY_STR};
    if (strcmp(b->result, "=arg") == 0)
        return first;
    if (strcmp(b->result, "sqrt") == 0) {
        for (int i = 0; i < DIM_COUNT; i++)
            if (first.u.dim.e[i] % 2) {
                char d[96];
                diag_error(s->diag, n->loc, "cannot take the square root of %s",
                           units_describe(first.u.dim, d, sizeof d));
                return err();
            }
        struct units_val r = first.u;
        for (int i = 0; i < DIM_COUNT; i++)
            r.dim.e[i] = (signed char)(r.dim.e[i] / 2);
        r.scale = sqrt(r.scale);
        return num(r);
    }
    return num(c->nmodl ? dimless() : units_must(b->result));
}

/* The experiment argument of an analysis call resolves as a global name. */
static bool is_experiment_arg(const struct builtin *b, struct ast *n, unsigned i)
{
    return b->where == CTXB_ANALYSIS && (int)i == b->nargs && n->nkids == i + 1;
}

/* Voltage measures take `at sec(x)` as their last argument ("@" in
 * builtins.h); it is checked, then hidden from the positional checks. */
static bool takes_site(const struct sym *sym)
{
    return sym && sym->kind == SYM_BUILTIN_FUNC &&
           strchr(sema_builtins[sym->builtin].args, '@') != NULL;
}

static struct tval call_at(struct sema *s, struct ast *n, struct ctx *c, bool as_statement);

static struct tval call(struct sema *s, struct ast *n, struct ctx *c, bool as_statement)
{
    for (unsigned i = 0; i < n->nkids; i++) {
        struct ast *at = n->kids[i];
        if (at->kind != AST_LOCATION)
            continue;
        struct sym *sym = lookup(s, c, n->str);
        if (!takes_site(sym) || !(c->where & CTXB_ANALYSIS)) {
            diag_error(s->diag, at->loc, "'%s' takes no site; 'at ...' is for the voltage "
                       "measures mean_v, peak_v, peaks and isn_test", n->str);
            return err();
        }
        if (i + 1 != n->nkids || i == 0) {
            diag_error(s->diag, at->loc, "'at %s' must be the last argument of '%s'", at->str,
                       n->str);
            return err();
        }
        n->nkids--;
        struct tval r = call_at(s, n, c, as_statement);
        n->nkids++;
        if (r.ty != TY_ERROR && n->kids[0]->kind != AST_LOCATION) {
            if (sema_check_voltage_set(s, n->str, n->kids[0]))
                sema_check_measure_site(s, n->kids[0], at);
        }
        return r;
    }
    struct tval r = call_at(s, n, c, as_statement);
    struct sym *sym = lookup(s, c, n->str);
    if (r.ty != TY_ERROR && takes_site(sym) && (c->where & CTXB_ANALYSIS) && n->nkids > 0)
        sema_check_voltage_set(s, n->str, n->kids[0]);
    return r;
}

/* The first name in e that only the block c has (a local, the weight,
 * `flag`), or NULL. */
static struct ast *block_name_in(struct ctx *c, struct ast *e)
{
    if (!e)
        return NULL;
    if (e->kind == AST_NAME && ((c->locals && sema_lookup(c->locals, e->str)) ||
                                strcmp(e->str, "flag") == 0))
        return e;
    for (unsigned i = 0; i < e->nkids; i++) {
        struct ast *r = block_name_in(c, e->kids[i]);
        if (r)
            return r;
    }
    return NULL;
}

/* watch(a > b, flag): NEURON's WATCH (a > b) flag.  nocmodl compiles the
 * condition into a function of the instance alone (_watchN_cond), so it reads
 * the mechanism's variables, v and t, never the block's locals or weight; its
 * flag is a number as written (the grammar's `real`). */
static struct tval check_watch(struct sema *s, struct ast *n, struct ctx *c, bool as_statement)
{
    if (c->mech && c->mech->mech_kind == MECH_ARTIFICIAL) {
        diag_error(s->diag, n->loc, "'watch' is not available in artificial cells: NEURON "
                   "8.2.2 crashes on WATCH in an ARTIFICIAL_CELL (a watch condition needs the "
                   "node of a point process); make '%s' a point process", c->mech->name);
        return err();
    }
    if (!as_statement) {
        diag_error(s->diag, n->loc, "'watch' has no value; call it as a statement");
        return err();
    }
    if (n->nkids != 2) {
        diag_error(s->diag, n->loc, "'watch' takes 2 arguments, a comparison and a flag, got %u",
                   n->nkids);
        return err();
    }
    struct ast *cond = n->kids[0], *flag = n->kids[1];
    if (cond->kind != AST_BINOP || (cond->op != OP_GT && cond->op != OP_LT)) {
        diag_error(s->diag, cond->loc, "the first argument of 'watch' must be a comparison "
                   "'a > b' or 'a < b' (NEURON's WATCH takes no other)");
        return err();
    }
    struct ast *local = block_name_in(c, cond);
    if (local) {
        diag_error(s->diag, local->loc, "'%s' belongs to the receive block; a watch condition "
                   "can read only the mechanism's variables, v and t (NEURON checks it outside "
                   "the block)", local->str);
        return err();
    }
    bool neg = flag->kind == AST_UNOP && flag->op == OP_NEG;
    struct ast *lit = neg ? flag->kids[0] : flag;
    if (lit->kind != AST_NUM || (lit->str && !c->nmodl)) {
        diag_error(s->diag, flag->loc, "the flag of 'watch' must be a plain number such as 2 "
                   "(NEURON's WATCH flag is a constant)");
        return err();
    }
    struct ctx cc = *c;
    cc.locals = NULL;
    struct tval t = expr(s, cond, &cc);
    if (t.ty == TY_ERROR)
        return err();
    expr(s, flag, c);
    return (struct tval){.ty = TY_NONE};
}

static struct tval call_at(struct sema *s, struct ast *n, struct ctx *c, bool as_statement)
{
    struct sym *sym = lookup(s, c, n->str);
    if (!sym) {
        unknown_name(s, c, n, "function");
        for (unsigned i = 0; i < n->nkids; i++)
            expr(s, n->kids[i], c);
        return err();
    }
    n->sym = sym;
    sym->uses++;
    if (sym->kind == SYM_BUILTIN_FUNC) {
        const struct builtin *b = &sema_builtins[sym->builtin];
        if ((b->where & CTXB_EVENTS) && c->mech && c->mech->mech_kind == MECH_DENSITY) {
            diag_error(s->diag, n->loc, "'%s' is only available in point processes and "
                       "artificial cells", b->name);
            return err();
        }
        if (strcmp(b->name, "watch") == 0)
            return check_watch(s, n, c, as_statement);
        if (strcmp(b->name, "move") == 0 && c->mech && c->mech->mech_kind != MECH_ARTIFICIAL) {
            diag_error(s->diag, n->loc, "'move' is only available in artificial cells (NEURON's "
                       "net_move of an ARTIFICIAL_CELL)");
            return err();
        }
        for (unsigned i = 0; i < n->nkids; i++)
            if (is_experiment_arg(b, n, i)) {
                struct ast *a = n->kids[i];
                if (a->kind == AST_NAME) {
                    struct sym *e = sema_lookup(s->global, a->str);
                    if (!e || e->kind != SYM_EXPERIMENT) {
                        sema_unknown(s, a->loc, "experiment", a->str, s->global,
                                     KIND_BIT(SYM_EXPERIMENT));
                        return err();
                    }
                    e->uses++;
                    a->sym = e;
                    /* checked: drop it from the positional check below */
                    n->nkids--;
                    struct tval r = call_builtin(s, n, c, b);
                    n->nkids++;
                    return r;
                }
            }
        struct tval r = call_builtin(s, n, c, b);
        if (r.ty == TY_NONE && !as_statement) {
            diag_error(s->diag, n->loc, "'%s' has no value; call it as a statement", b->name);
            return err();
        }
        return r;
    }
    if (sym->kind != SYM_FUNCTION && sym->kind != SYM_PROCEDURE) {
        diag_error(s->diag, n->loc, "'%s' is %s, not a function", n->str,
                   sema_a_kind(sym->kind));
        return err();
    }
    struct ast *params = ast_kid(sym->decl, 0);
    unsigned np = params ? params->nkids : 0;
    if (n->nkids != np) {
        diag_error(s->diag, n->loc, "%s '%s' takes %u argument%s, got %u",
                   sema_kind_name(sym->kind), n->str, np, np == 1 ? "" : "s", n->nkids);
        diag_note(s->diag, sym->decl->loc, "'%s' is defined here", n->str);
        return err();
    }
    bool ok = true;
    for (unsigned i = 0; i < np; i++) {
        struct sym *p = params->kids[i]->sym;
        char what[96];
        snprintf(what, sizeof what, "argument '%s' of '%s'", params->kids[i]->str, n->str);
        if (p && p->has_unit)
            ok &= sema_expect_unit(s, n->kids[i], c, p->unit, what);
        else
            ok &= expr(s, n->kids[i], c).ty != TY_ERROR;
    }
    if (!ok || !sema_check_solving_call(s, n, c))
        return err();
    if (sym->kind == SYM_PROCEDURE) {
        if (!as_statement) {
            diag_error(s->diag, n->loc, "procedure '%s' has no value; call it as a statement",
                       n->str);
            return err();
        }
        return (struct tval){.ty = TY_NONE};
    }
    return sym->has_unit ? num(sym->unit) : err();
}

static struct tval arith(struct sema *s, struct ast *n, struct ctx *c)
{
    struct ast *l = n->kids[0], *r = n->kids[1];
    struct tval a = expr(s, l, c), b = expr(s, r, c);
    if (a.ty == TY_ERROR || b.ty == TY_ERROR)
        return err();
    char da[96], db[96];
    switch (n->op) {
    case OP_AND:
    case OP_OR:
        if (!expect_bool(s, c, l, a, "an operand of 'and'/'or'") ||
            !expect_bool(s, c, r, b, "an operand of 'and'/'or'"))
            return err();
        return (struct tval){.ty = TY_BOOL};
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
        if ((n->op == OP_EQ || n->op == OP_NE) && a.ty == b.ty &&
            (a.ty == TY_STR || a.ty == TY_BOOL))
            return (struct tval){.ty = TY_BOOL};
        /* fall through */
    case OP_ADD: case OP_SUB:
        if (a.ty != TY_NUM || b.ty != TY_NUM) {
            diag_error(s->diag, n->loc, "cannot apply '%s' to %s and %s", ast_op_name(n->op),
                       sema_describe_tval(a, da, sizeof da), sema_describe_tval(b, db, sizeof db));
            return err();
        }
        if (!units_dim_eq(a.u.dim, b.u.dim)) {
            char ua[32], ub[32];
            snprintf(ua, sizeof ua, "%s", a.spelling ? a.spelling : units_dim_unit(a.u.dim, da, sizeof da));
            snprintf(ub, sizeof ub, "%s", b.spelling ? b.spelling : units_dim_unit(b.u.dim, db, sizeof db));
            diag_error(s->diag, n->loc, "unit mismatch: '%s' %s '%s' (%s and %s)",
                       ua[0] ? ua : "1", ast_op_name(n->op), ub[0] ? ub : "1",
                       sema_describe_tval(a, da, sizeof da), sema_describe_tval(b, db, sizeof db));
            return err();
        }
        r->scale = units_factor(b.u, a.u);
        if (n->op >= OP_EQ)
            return (struct tval){.ty = TY_BOOL};
        return num(a.u);
    case OP_MUL:
    case OP_DIV:
        if (a.ty != TY_NUM || b.ty != TY_NUM) {
            diag_error(s->diag, n->loc, "cannot apply '%s' to %s and %s", ast_op_name(n->op),
                       sema_describe_tval(a, da, sizeof da), sema_describe_tval(b, db, sizeof db));
            return err();
        }
        return num(n->op == OP_MUL ? units_mul(a.u, b.u) : units_div(a.u, b.u));
    case OP_POW: {
        if (a.ty != TY_NUM || b.ty != TY_NUM) {
            diag_error(s->diag, n->loc, "cannot raise %s to %s", sema_describe_tval(a, da, sizeof da),
                       sema_describe_tval(b, db, sizeof db));
            return err();
        }
        if (!units_dimensionless(b.u.dim)) {
            diag_error(s->diag, r->loc, "an exponent must be dimensionless, got %s",
                       sema_describe_tval(b, db, sizeof db));
            return err();
        }
        r->scale = units_factor(b.u, dimless());
        if (units_dimensionless(a.u.dim)) {
            l->scale = units_factor(a.u, dimless());
            return num(dimless());
        }
        double k;
        if (!sema_const_value(r, &k) || k != floor(k) || fabs(k) > 8) {
            diag_error(s->diag, r->loc, "a quantity with a unit (%s) can only be raised to a "
                       "constant integer power", sema_describe_tval(a, da, sizeof da));
            return err();
        }
        return num((struct units_val){units_dim_pow(a.u.dim, (int)k), pow(a.u.scale, k)});
    }
    default:
        return err();
    }
}

/* A number, with the unit written after it (a located error for an
 * unknown one, pointing at the bad atom inside "<number> <unit>"). */
static struct tval quantity(struct sema *s, struct ast *n)
{
    if (!n->str)
        return num(dimless());
    struct units_val u;
    const char *bad;
    size_t badlen;
    if (!units_parse(n->str, &u, &bad, &badlen)) {
        struct loc at = n->loc;
        at.start = at.end - (unsigned)strlen(n->str) + (unsigned)(bad - n->str);
        at.end = at.start + (unsigned)badlen;
        diag_error(s->diag, at, "unknown unit '%.*s'", (int)badlen, bad);
        return err();
    }
    struct tval t = num(u);
    t.spelling = n->str;
    return t;
}

/* obj.name: a cell property in a `where` condition (pre.x, post.ynorm). */
static struct tval member(struct sema *s, struct ast *n, struct ctx *c)
{
    struct tval o = expr(s, n->kids[0], c);
    if (o.ty == TY_ERROR)
        return err();
    if (o.ty == TY_ENTITY && o.sym && o.sym->kind == SYM_BUILTIN_VAR) {
        struct sym *b;
        if (visible_builtin(s, n->str, CTXB_WHERE, &b) &&
            (sema_builtins[b->builtin].where & CTXB_WHERE)) {
            n->sym = b;
            return num(units_must(sema_builtins[b->builtin].result));
        }
        diag_error(s->diag, n->loc, "a cell has no property '%s' (it has x, y, z, xnorm, "
                   "ynorm, znorm, gid and index)", n->str);
        return err();
    }
    char d[96];
    diag_error(s->diag, n->loc, "%s has no member '%s'", sema_describe_tval(o, d, sizeof d),
               n->str);
    return err();
}

/* -x and not x. */
static struct tval unary(struct sema *s, struct ast *n, struct ctx *c)
{
    struct tval t = expr(s, n->kids[0], c);
    if (t.ty == TY_ERROR)
        return t;
    if (n->op == OP_NOT)
        return expect_bool(s, c, n->kids[0], t, "the operand of 'not'")
                   ? (struct tval){.ty = TY_BOOL} : err();
    if (t.ty != TY_NUM) {
        char d[96];
        diag_error(s->diag, n->loc, "cannot negate %s", sema_describe_tval(t, d, sizeof d));
        return err();
    }
    return t;
}

/* c ? a : b: both values of one type (numbers in a's unit). */
static struct tval conditional(struct sema *s, struct ast *n, struct ctx *c)
{
    struct tval cond = expr(s, n->kids[0], c);
    struct tval a = expr(s, n->kids[1], c), b = expr(s, n->kids[2], c);
    if (!expect_bool(s, c, n->kids[0], cond, "the condition of '?:'") || a.ty == TY_ERROR ||
        b.ty == TY_ERROR)
        return err();
    if (a.ty == TY_NUM && b.ty == TY_NUM) {
        if (!convert(s, n->kids[2], b, a.u, "the 'else' value of '?:'"))
            return err();
        return a;
    }
    if (a.ty != b.ty) {
        char da[96], db[96];
        diag_error(s->diag, n->loc, "the two values of '?:' differ: %s and %s",
                   sema_describe_tval(a, da, sizeof da), sema_describe_tval(b, db, sizeof db));
        return err();
    }
    return a;
}

/* a .. b (a range) and [a, b) (a window, in time): ends of one dimension. */
static struct tval range(struct sema *s, struct ast *n, struct ctx *c)
{
    struct tval a = expr(s, n->kids[0], c), b = expr(s, n->kids[1], c);
    if (a.ty == TY_ERROR || b.ty == TY_ERROR)
        return err();
    const char *what = n->kind == AST_RANGE ? "the end of a range" : "the end of a window";
    if (a.ty != TY_NUM) {
        char d[96];
        diag_error(s->diag, n->kids[0]->loc, "expected a number, got %s",
                   sema_describe_tval(a, d, sizeof d));
        return err();
    }
    if (!convert(s, n->kids[1], b, a.u, what))
        return err();
    if (n->kind == AST_INTERVAL && !units_dim_eq(a.u.dim, units_must("ms").dim)) {
        char d[96];
        diag_error(s->diag, n->loc, "a window is a time interval, got %s",
                   sema_describe_tval(a, d, sizeof d));
        return err();
    }
    return (struct tval){.ty = n->kind == AST_RANGE ? TY_RANGE : TY_INTERVAL, .u = a.u,
                         .spelling = a.spelling};
}

/* The type and unit of an expression, by node kind. */
static struct tval expr(struct sema *s, struct ast *n, struct ctx *c)
{
    if (!n)
        return err();
    switch (n->kind) {
    case AST_NUM:
        return quantity(s, n);
    case AST_BOOL:
        return (struct tval){.ty = TY_BOOL};
    case AST_STR:
        return (struct tval){.ty = TY_STR};
    case AST_ALL:
        return (struct tval){.ty = TY_ENTITY};
    case AST_NAME:
        return name_value(s, n, c);
    case AST_MEMBER:
        return member(s, n, c);
    case AST_CALL:
        return call(s, n, c, false);
    case AST_UNOP:
        return unary(s, n, c);
    case AST_BINOP:
        return arith(s, n, c);
    case AST_COND:
        return conditional(s, n, c);
    case AST_RANGE:
    case AST_INTERVAL:
        return range(s, n, c);
    case AST_LIST:
        for (unsigned i = 0; i < n->nkids; i++)
            expr(s, n->kids[i], c);
        return (struct tval){.ty = TY_LIST};
    default:
        diag_error(s->diag, n->loc, "unexpected %s in an expression", ast_kind_name(n->kind));
        return err();
    }
}

struct tval sema_expr(struct sema *s, struct ast *n, struct ctx *c)
{
    return expr(s, n, c);
}

void sema_type_measure(struct sema *s, struct sym *m)
{
    if (m->typing)
        return;
    m->typing = 1;
    struct ctx c = {.where = CTXB_MATH | CTXB_ANALYSIS};
    struct ast *e = ast_kid(m->decl, 1);
    struct tval t = expr(s, e, &c);
    m->typing = 2;
    m->value_type = t.ty;
    m->unit = t.u;
    m->has_unit = t.ty == TY_NUM;
    if (t.ty == TY_NUM) {
        /* Kept in the conventional unit of its dimension, not in the scale
         * its expression happens to have (n / 100 ms is in 1/ms): converted
         * where it is computed, so the runs' values, reports, fits and the
         * measures and expectations that read it all see that one value. */
        char buf[64];
        const char *u = units_dim_unit(t.u.dim, buf, sizeof buf);
        struct units_val kept;
        if (!units_parse(u, &kept, NULL, NULL))
            kept = (struct units_val){t.u.dim, 1.0};    /* SI base units */
        e->scale = units_factor(t.u, kept);
        m->unit = kept;
        m->kept_unit = strcmp(u, "1") == 0 ? "" : arena_strdup(s->arena, u);
    }
    if (t.ty != TY_ERROR && t.ty != TY_NUM && t.ty != TY_BOOL && t.ty != TY_STR) {
        char got[96];
        diag_error(s->diag, e->loc, "a measure must be a number, a condition or a verdict, "
                   "got %s", sema_describe_tval(t, got, sizeof got));
    }
}

bool sema_measure_is_number(const struct sym *measure)
{
    return measure->value_type == TY_NUM;
}

/* A math built-in at build time, with libm as NEURON's scripts call it
 * (Python's math.exp is libm's exp), min and max as codegen's select. */
static bool math_call(const char *f, unsigned nargs, const double *a, double *out)
{
    int k = crt_math_lookup(f);
    if (k < 0 || (unsigned)crt_math_nargs(k) != nargs)
        return false;
    *out = crt_math_value(k, a[0], nargs == 2 ? a[1] : 0);
    return true;
}

/* sema_const_value (numbers, arithmetic and the math built-ins of
 * constants), and with env (not NULL) the segment names x, distance and L
 * and conditionals too. */
static bool eval(const struct ast *n, const struct sema_segment *env, double *out)
{
    if (!n)
        return false;
    double a, b;
    switch (n->kind) {
    case AST_NUM:
        *out = n->num;
        break;
    case AST_BOOL:
        *out = n->num;
        break;
    case AST_NAME:
        if (n->sym && n->sym->kind == SYM_MODEL_PARAM && n->sym->has_value) {
            *out = n->sym->value;   /* a model parameter (its value or --set) */
            break;
        }
        /* a segment's name: sema checked it (x has no symbol, distance and L
         * are builtins) */
        if (!env || (n->sym && n->sym->kind != SYM_BUILTIN_VAR))
            return false;
        if (strcmp(n->str, "x") == 0)
            *out = env->x;
        else if (strcmp(n->str, "distance") == 0)
            *out = env->distance;
        else if (strcmp(n->str, "L") == 0)
            *out = env->L;
        else
            return false;
        break;
    case AST_CALL: {
        double args[2];
        if (n->nkids > 2)
            return false;
        for (unsigned i = 0; i < n->nkids; i++)
            if (!eval(n->kids[i], env, &args[i]))
                return false;
        if (!math_call(n->str, n->nkids, args, out))
            return false;
        break;
    }
    case AST_COND:
        if (!env || !eval(n->kids[0], env, &a))
            return false;
        if (!eval(n->kids[a != 0 ? 1 : 2], env, out))
            return false;
        break;
    case AST_UNOP:
        if (!eval(n->kids[0], env, &a))
            return false;
        *out = n->op == OP_NEG ? -a : n->op == OP_NOT ? !a : a;
        break;
    case AST_BINOP:
        if (!eval(n->kids[0], env, &a) || !eval(n->kids[1], env, &b))
            return false;
        switch (n->op) {
        case OP_ADD: *out = a + b; break;
        case OP_SUB: *out = a - b; break;
        case OP_MUL: *out = a * b; break;
        case OP_DIV: *out = a / b; break;
        case OP_POW: *out = pow(a, b); break;
        case OP_LT: *out = a < b; break;
        case OP_LE: *out = a <= b; break;
        case OP_GT: *out = a > b; break;
        case OP_GE: *out = a >= b; break;
        case OP_EQ: *out = a == b; break;
        case OP_NE: *out = a != b; break;
        case OP_AND: *out = a && b; break;
        case OP_OR: *out = a || b; break;
        default: return false;
        }
        break;
    default:
        return false;
    }
    *out *= n->scale;   /* in the unit its parent expects */
    return true;
}

bool sema_const_value(const struct ast *n, double *out)
{
    return eval(n, NULL, out);
}

bool sema_segment_value(const struct ast *n, const struct sema_segment *seg, double *out)
{
    if (n && n->kind == AST_LIST) {
        if (seg->index >= n->nkids)
            return false;
        n = n->kids[seg->index];
    }
    return eval(n, seg, out);
}

/* ---- mechanisms ------------------------------------------------------------------ */

static void declare_unit(struct sema *s, struct sym *sym, struct ctx *c)
{
    struct ast *d = sym->decl;
    if (!d || sym->kind == SYM_ION || sym->kind == SYM_VALUE) {
        return;     /* implicit (usetable), an ion's (set at declaration), or a value's
                       (its expression's, in item order: check_value) */
    }
    struct ast *value = d->kind == AST_ARG ? NULL : ast_kid(d, 0);
    struct ast *annot = d->kind == AST_ARG ? ast_kid(d, 0) : ast_kid(d, 1);
    if (d->kind == AST_FUNCTION || d->kind == AST_PROCEDURE || d->kind == AST_SETTER) {
        annot = d->kind == AST_FUNCTION ? ast_kid(d, 1) : d->kind == AST_SETTER ? ast_kid(d, 0) : NULL;
        value = NULL;
    }
    struct units_val u = dimless();
    bool ok = true;
    if (annot)
        ok = sema_unit_of_annotation(s, annot, &u);
    if (value && ok) {
        struct ctx vc = {.where = CTXB_MATH, .nmodl = c->nmodl};
        struct tval t = expr(s, value, &vc);
        if (t.ty == TY_ERROR) {
            ok = false;
        } else if (annot && !c->nmodl) {
            char what[96];
            snprintf(what, sizeof what, "the default of '%s'", sym->name);
            ok = convert(s, value, t, u, what);
            if (ok) {
                snprintf(what, sizeof what, "'%s' of '%s'", sym->name,
                         sym->owner ? sym->owner->name : "?");
                sema_check_temperature(s, value, annot->str, what);
            }
        } else if (t.ty != TY_NUM) {
            char got[96];
            diag_error(s->diag, value->loc, "the value of '%s' must be a number, got %s",
                       sym->name, sema_describe_tval(t, got, sizeof got));
            ok = false;
        } else {
            if (!annot)
                u = t.u;    /* NMODL: the value is in the declared unit as written */
            double dummy;
            if (!sema_const_value(value, &dummy)) {
                diag_error(s->diag, value->loc, "the default of '%s' must be a constant",
                           sym->name);
                ok = false;
            }
        }
    }
    if (d->kind == AST_PROCEDURE)
        ok = true;
    sym->unit = u;
    sym->has_unit = ok;
}

static void check_block(struct sema *s, struct ast *blk, struct ctx *c, const char *where);

/* Does every path through this statement (or block) end in `return`? */
static bool returns_always(const struct ast *n)
{
    if (!n)
        return false;
    if (n->kind == AST_RETURN)
        return true;
    if (n->kind == AST_IF)
        return returns_always(n->kids[1]) && returns_always(n->kids[2]);
    if (n->kind == AST_BLOCK)
        for (unsigned i = 0; i < n->nkids; i++)
            if (returns_always(n->kids[i]))
                return true;
    return false;
}

/* `for each connection (w, A, tp) { }`: in receive's body only (NEURON's
 * FOR_NETCONS, whose arguments match NET_RECEIVE's one for one); each
 * variable is the connection's own: the weight read-only, the state
 * assignable, with receive's units where none is written. */
static void check_for_conns(struct sema *s, struct ast *st, struct ctx *c, const char *where)
{
    const struct ast *recv = c->receive_args;
    struct ast *args = ast_kid(st, 0);
    if (!recv) {
        diag_error(s->diag, st->loc, "'for each connection' belongs in a receive block (not "
                   "in its initial block, nor inside another 'for each connection')");
        return;
    }
    if (!args || args->nkids != recv->nkids) {
        diag_error(s->diag, args ? args->loc : st->loc, "'for each connection' names %u "
                   "variable%s and receive has %u argument%s: one for each, in order (the "
                   "weight, then the connection's state)", args ? args->nkids : 0,
                   args && args->nkids == 1 ? "" : "s", recv->nkids, recv->nkids == 1 ? "" : "s");
        return;
    }
    struct ctx body = *c;
    body.locals = sema_scope_new(s, c->locals);
    body.receive_args = NULL;
    body.in_loop = true;
    for (unsigned i = 0; i < args->nkids; i++) {
        struct ast *a = args->kids[i];
        const struct sym *outer = c->mech ? sema_lookup_local(c->mech->members, a->str) : NULL;
        for (const struct scope *sc = c->locals; !outer && sc; sc = sc->parent)
            outer = sema_lookup_local(sc, a->str);
        if (outer) {
            diag_error(s->diag, a->loc, "'%s' is already %s here; name the connection's "
                       "variable differently", a->str, sema_a_kind(outer->kind));
            continue;
        }
        struct sym *sym = sema_declare(s, body.locals, SYM_ARG, a->str, a);
        if (!sym)
            continue;
        const struct sym *r = recv->kids[i]->sym;
        declare_unit(s, sym, c);
        struct units_val want = r && r->has_unit ? r->unit : dimless();
        if (r && !ast_kid(a, 0)) {         /* receive's unit */
            sym->unit = r->unit;
            sym->has_unit = r->has_unit;
        } else if (r && !c->nmodl &&
                   !(units_dim_eq(sym->unit.dim, want.dim) && sym->unit.scale == want.scale)) {
            const struct ast *ru = ast_kid(recv->kids[i], 0);
            diag_error(s->diag, a->loc, "'%s' is in %s; it is receive's argument '%s', in %s",
                       a->str, a->kids[0]->str, r->name, ru ? ru->str : "no unit");
        }
        if (i == 0)
            body.conn_weight = sym;
    }
    check_block(s, ast_kid(st, 1), &body, where);
}

static void check_stmt(struct sema *s, struct ast *st, struct ctx *c, const char *where)
{
    switch (st->kind) {
    case AST_ASSIGN: {
        struct sym *target = lookup(s, c, st->str);
        if (!target && strcmp(st->str, "v") == 0 && c->mech &&
            c->mech->mech_kind == MECH_ARTIFICIAL) {
            diag_error(s->diag, st->loc, "an artificial cell has no membrane voltage 'v' to "
                       "assign; a point process in a section has (NEURON's POINT_PROCESS)");
            expr(s, st->kids[0], c);
            return;
        }
        if (!target) {
            diag_error(s->diag, st->loc, "unknown variable '%s'; use 'let %s = ...' for a local",
                       st->str, st->str);
            expr(s, st->kids[0], c);
            return;
        }
        st->sym = target;
        if (target->kind == SYM_BUILTIN_VAR && strcmp(target->name, "v") == 0) {
            if (c->v_assignable) {
                if (c->nmodl)
                    expr(s, st->kids[0], c);
                else
                    sema_expect_unit(s, st->kids[0], c, units_must("mV"), "'v'");
                return;
            }
            if (c->where & CTXB_RECEIVE)
                diag_error(s->diag, st->loc, "'v' cannot be assigned in receive's initial "
                           "block (it runs once per connection, before the run); assign it "
                           "in the receive block itself");
            else
                diag_error(s->diag, st->loc, "'v' can be assigned only in a point process's "
                           "receive block (NEURON's NET_RECEIVE sets its node's voltage); "
                           "elsewhere the membrane equation gives it");
            return;
        }
        if (target->kind == SYM_CONSTANT || target->kind == SYM_BUILTIN_VAR ||
            target->kind == SYM_FUNCTION || target->kind == SYM_PROCEDURE) {
            diag_error(s->diag, st->loc, "cannot assign to %s '%s'", sema_kind_name(target->kind),
                       st->str);
            return;
        }
        /* a global is read as a constant of the run (folded where nothing
           sets it): an assignment here would be lost, where NEURON keeps one
           value that every instance's code may change */
        if (sema_is_global(target) && strcmp(where, "setter") != 0) {
            diag_error(s->diag, st->loc, "'%s' is global, one value for every instance, "
                       "changed only by `set %s.%s = ...`; it cannot be assigned in %s%s",
                       st->str, c->mech ? c->mech->name : "mech", st->str,
                       c->mech ? "the mechanism's code" : "code",
                       c->nmodl ? " (in NMODL a PARAMETER that is not RANGE is GLOBAL)" : "");
            return;
        }
        if (target == c->conn_weight && target) {
            diag_error(s->diag, st->loc, "cannot assign to the weight '%s': connections share "
                       "their weights in circ; a receive's other arguments are each "
                       "connection's own state", st->str);
            return;
        }
        if (target == c->weight && target) {
            diag_error(s->diag, st->loc, "cannot assign to the weight '%s': it is the "
                       "connection's; its other arguments are its state", st->str);
            return;
        }
        if (target->kind == SYM_ION && !(target->ion_write && target->ion_field != ION_I)) {
            if (target->ion_field == ION_I && target->ion_write)
                diag_error(s->diag, st->loc, "'%s' is given by `current %s = ...`, not "
                           "assigned", st->str, st->str);
            else
                diag_error(s->diag, st->loc, "'%s' is read from ion '%s' and cannot be "
                           "assigned%s", st->str, target->ion,
                           target->ion_field == ION_CI || target->ion_field == ION_CO
                               ? "; a mechanism that sets it writes it (`useion ... write`)"
                               : "");
            return;
        }
        if (target->kind == SYM_STATE && strcmp(where, "derivative") == 0 &&
            !c->state_assignable) {
            diag_error(s->diag, st->loc, "assign state '%s' in a derivative block with %s' = ...",
                       st->str, st->str);
            return;
        }
        if (target->kind == SYM_STATE && strcmp(where, "kinetic") == 0) {
            diag_error(s->diag, st->loc, "a kinetic block changes state '%s' only through its "
                       "reactions", st->str);
            return;
        }
        char what[96];
        snprintf(what, sizeof what, "'%s'", st->str);
        if (target->has_unit && !c->nmodl)
            sema_expect_unit(s, st->kids[0], c, target->unit, what);
        else
            expr(s, st->kids[0], c);
        return;
    }
    case AST_LET: {
        struct tval t = expr(s, st->kids[0], c);
        if (sema_lookup_local(c->locals, st->str)) {
            diag_error(s->diag, st->loc, "local '%s' is already defined in this block", st->str);
            return;
        }
        if (c->mech && sema_lookup_local(c->mech->members, st->str)) {
            diag_error(s->diag, st->loc, "local '%s' hides the mechanism's %s '%s'", st->str,
                       sema_kind_name(sema_lookup_local(c->mech->members, st->str)->kind), st->str);
            return;
        }
        struct sym *l = sema_declare(s, c->locals, SYM_LOCAL, st->str, st);
        if (l) {
            if (t.ty == TY_NUM) {
                /* a dimensionless local is a plain number: mV/V is 0.001
                   here, once (NMODL's z = (1e-3)*2*FARADAY*v/(R*T)) */
                if (units_dim_eq(t.u.dim, UNITS_NONE) && t.u.scale != 1.0) {
                    st->kids[0]->scale = units_factor(t.u, dimless());
                    t.u = dimless();
                }
                l->unit = t.u;
                l->has_unit = true;
            } else if (t.ty != TY_ERROR) {
                char got[96];
                diag_error(s->diag, st->kids[0]->loc, "a local must hold a number, got %s",
                           sema_describe_tval(t, got, sizeof got));
            }
        }
        return;
    }
    case AST_DERIV: {
        struct sym *state = c->mech ? sema_lookup_local(c->mech->members, st->str) : NULL;
        if (c->in_loop) {
            diag_error(s->diag, st->loc, "%s' = ... cannot be inside a loop: each state is "
                       "updated once per step, by its one equation", st->str);
            return;
        }
        if (strcmp(where, "derivative") != 0) {
            diag_error(s->diag, st->loc, "%s' = ... belongs in the derivative block", st->str);
            return;
        }
        if (!state || state->kind != SYM_STATE) {
            if (state)
                diag_error(s->diag, st->loc, "'%s' is %s, not a state; only states have "
                           "derivatives", st->str, sema_a_kind(state->kind));
            else
                sema_unknown(s, st->loc, "state", st->str, c->mech ? c->mech->members : NULL,
                             KIND_BIT(SYM_STATE));
            expr(s, st->kids[0], c);
            return;
        }
        st->sym = state;
        state->uses++;
        if (state->owner == NULL || !state->has_unit || c->nmodl) {
            if (c->nmodl)
                expr(s, st->kids[0], c);
            return;
        }
        char what[96];
        snprintf(what, sizeof what, "%s' (the rate of change of '%s')", st->str, st->str);
        sema_expect_unit(s, st->kids[0], c, units_div(state->unit, units_must("ms")), what);
        return;
    }
    case AST_IF: {
        struct tval cond = expr(s, st->kids[0], c);
        expect_bool(s, c, st->kids[0], cond, "the condition of 'if'");
        check_block(s, st->kids[1], c, where);
        if (st->kids[2] && st->kids[2]->kind == AST_IF)
            check_stmt(s, st->kids[2], c, where);
        else if (st->kids[2])
            check_block(s, st->kids[2], c, where);
        return;
    }
    case AST_WHILE: {
        struct tval cond = expr(s, st->kids[0], c);
        expect_bool(s, c, st->kids[0], cond, "the condition of 'while'");
        double most = st->kids[1]->num;
        if (!(most >= 1 && most <= 1e9) || most != floor(most))
            diag_error(s->diag, st->kids[1]->loc, "a loop's bound 'at most N' must be a whole "
                       "number from 1 to 10^9, got %g", most);
        struct ctx body = *c;
        body.in_loop = true;
        check_block(s, st->kids[2], &body, where);
        return;
    }
    case AST_FOR_CONNS:
        check_for_conns(s, st, c, where);
        return;
    case AST_RETURN:
        if (!c->function) {
            diag_error(s->diag, st->loc, "'return' outside a function");
            return;
        }
        if (c->function->has_unit && !c->nmodl) {
            char what[96];
            snprintf(what, sizeof what, "the result of '%s'", c->function->name);
            sema_expect_unit(s, st->kids[0], c, c->function->unit, what);
        } else {
            expr(s, st->kids[0], c);
        }
        return;
    case AST_EXPRSTMT:
        call(s, st->kids[0], c, true);
        return;
    case AST_INITIAL:   /* receive's own is taken out by the parser when it comes first */
        if (c->where & CTXB_RECEIVE)
            diag_error(s->diag, st->loc, "'initial' must be the first statement of receive "
                       "(it runs once per connection, before the run)");
        else
            diag_error(s->diag, st->loc, "an 'initial' block inside %s; only receive has one "
                       "(NEURON's NET_RECEIVE INITIAL), as its first statement", where);
        return;
    case AST_EQUATION:
        sema_check_equation(s, st, c, where);
        return;
    case AST_SOLVE:
        sema_check_solve(s, st, c, where);
        return;
    case AST_REACTION:
    case AST_CONSERVE:
    case AST_COMPARTMENT:
    case AST_STEADYSTATE:
        if (c->in_loop) {
            diag_error(s->diag, st->loc, "a kinetic scheme's statements cannot be inside a "
                       "loop: its matrix has one shape, solved once per step");
            return;
        }
        sema_check_kinetic_stmt(s, st, c, where);
        return;
    default:
        return;
    }
}

static void check_block(struct sema *s, struct ast *blk, struct ctx *c, const char *where)
{
    struct ctx inner = *c;
    inner.locals = sema_scope_new(s, c->locals);
    for (unsigned i = 0; blk && i < blk->nkids; i++)
        check_stmt(s, blk->kids[i], &inner, where);
}

static struct scope *declare_args(struct sema *s, struct ast *args, struct ctx *c)
{
    struct scope *sc = sema_scope_new(s, NULL);
    for (unsigned i = 0; args && i < args->nkids; i++) {
        struct ast *a = args->kids[i];
        if (c->mech && sema_lookup_local(c->mech->members, a->str)) {
            diag_error(s->diag, a->loc, "argument '%s' hides the mechanism's %s '%s'", a->str,
                       sema_kind_name(sema_lookup_local(c->mech->members, a->str)->kind), a->str);
            continue;
        }
        struct sym *sym = sema_declare(s, sc, SYM_ARG, a->str, a);
        if (sym)
            declare_unit(s, sym, c);
    }
    return sc;
}

/* A table's start or end may read constants and global parameters (NMODL's
 * FROM vmin TO vmax): one value for the mechanism, as the table is. */
static void check_table_bound(struct sema *s, const struct ast *n, const struct sym *mech,
                              const char *which)
{
    if (!n)
        return;
    const struct sym *sym = n->sym;
    if ((n->kind == AST_NAME || n->kind == AST_CALL) && sym &&
        sema_lookup_local(mech->members, n->str) == sym &&
        !(sym->kind == SYM_CONSTANT || (sym->kind == SYM_PARAM && sema_is_global(sym)))) {
        if (sym->kind == SYM_PARAM)
            diag_error(s->diag, n->loc, "the table's %s cannot read parameter '%s': a table "
                       "is one per mechanism, and each instance of '%s' has its own '%s' "
                       "(make it global)", which, n->str, mech->name, n->str);
        else
            diag_error(s->diag, n->loc, "the table's %s can read numbers, constants and "
                       "global parameters, not %s '%s'", which, sema_a_kind(sym->kind), n->str);
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        check_table_bound(s, n->kids[i], mech, which);
}

static void check_table(struct sema *s, struct ast *proc, struct ast *tab, struct ctx *c)
{
    struct ast *names = tab->kids[0];
    for (unsigned i = 0; i < names->nkids; i++) {
        struct ast *nm = names->kids[i];
        struct sym *sym = sema_lookup_local(c->mech->members, nm->str);
        if (!sym || sym->kind != SYM_ASSIGNED) {
            if (sym)
                diag_error(s->diag, nm->loc, "a table holds assigned variables, and '%s' is %s",
                           nm->str, sema_a_kind(sym->kind));
            else
                sema_unknown(s, nm->loc, "assigned variable", nm->str, c->mech->members,
                             KIND_BIT(SYM_ASSIGNED));
        } else {
            nm->sym = sym;
            sym->uses++;
        }
    }
    struct ast *args = ast_kid(proc, 0);
    struct sym *arg0 = args && args->nkids ? args->kids[0]->sym : NULL;
    if (!arg0 || !args || args->nkids != 1) {
        diag_error(s->diag, tab->loc, "a table needs a procedure of exactly one argument");
        return;
    }
    /* the bounds are read when the table is built, outside any call: they see
       the mechanism's names but not the arguments */
    struct ctx kc = {.where = CTXB_MATH, .mech = c->mech, .nmodl = c->nmodl};
    if (arg0->has_unit) {
        sema_expect_unit(s, tab->kids[1], &kc, arg0->unit, "the start of the table");
        sema_expect_unit(s, tab->kids[2], &kc, arg0->unit, "the end of the table");
    }
    else {
        expr(s, tab->kids[1], &kc);
        expr(s, tab->kids[2], &kc);
    }
    check_table_bound(s, tab->kids[1], c->mech, "start");
    check_table_bound(s, tab->kids[2], c->mech, "end");
    double from, to, n;
    if (sema_expect_unit(s, tab->kids[3], &kc, dimless(), "the number of table intervals") &&
        (!sema_const_value(tab->kids[3], &n) || n < 1 || n != floor(n) || n > 1e7))
        diag_error(s->diag, tab->kids[3]->loc, "the number of table intervals must be a whole "
                   "number from 1 to 10000000");
    if (sema_const_value(tab->kids[1], &from) && sema_const_value(tab->kids[2], &to) && from >= to)
        diag_error(s->diag, tab->loc, "the table's range is empty: it must go from a lower to a "
                   "higher value");
    struct ast *dep = ast_kid(tab, 4);
    for (unsigned i = 0; dep && i < dep->nkids; i++) {
        struct ast *nm = dep->kids[i];
        struct sym *sym = lookup(s, c, nm->str);
        if (!sym || (sym->kind != SYM_PARAM && sym->kind != SYM_BUILTIN_VAR &&
                     sym->kind != SYM_CONSTANT))
            sema_unknown(s, nm->loc, "parameter", nm->str, c->mech->members,
                         KIND_BIT(SYM_PARAM) | KIND_BIT(SYM_CONSTANT));
        else
            nm->sym = sym;
    }
}

/* The first NAME in n, or in a FUNCTION or PROCEDURE it calls (down to 32
 * calls deep), that `hit` accepts, or NULL. */
static const struct ast *name_through_calls(const struct ast *n,
                                            bool (*hit)(const struct sym *, const void *),
                                            const void *arg, int depth)
{
    if (!n || depth > 32)
        return NULL;
    if (n->kind == AST_NAME && n->sym && n->sym->owner && hit(n->sym, arg))
        return n;
    if (n->kind == AST_CALL && n->sym && n->sym->decl &&
        (n->sym->kind == SYM_FUNCTION || n->sym->kind == SYM_PROCEDURE)) {
        const struct ast *r = name_through_calls(ast_kid(n->sym->decl, 2), hit, arg, depth + 1);
        if (r)
            return r;
    }
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = name_through_calls(n->kids[i], hit, arg, depth);
        if (r)
            return r;
    }
    return NULL;
}

static bool per_instance(const struct sym *y, const void *params_ok)
{
    return (y->kind == SYM_PARAM && !sema_is_global(y) && !*(const bool *)params_ok) ||
           y->kind == SYM_STATE;
}

/* A NAME in n (or in a function or procedure it calls) that is a
 * per-instance parameter or a state, or NULL.  A table is built once per
 * mechanism, so it cannot depend on one; except (params_ok) a parameter,
 * which the table reads as the one value every instance has (lowering
 * checks that they agree, lower_net.c table_values). */
static const struct ast *instance_read(const struct ast *n, bool params_ok, int depth)
{
    return name_through_calls(n, per_instance, &params_ok, depth);
}

static bool param_named(const struct sym *y, const void *name)
{
    return y->kind == SYM_PARAM && strcmp(y->name, name) == 0;
}

const struct ast *sema_param_read(const struct ast *n, const char *param, int depth)
{
    return name_through_calls(n, param_named, param, depth);
}

/* A NAME t in n, or a call in n of a function or procedure that reads t
 * (itself or through its calls), or NULL. */
static const struct ast *time_read(const struct ast *n, int depth)
{
    if (!n || depth > 32)
        return NULL;
    if (n->kind == AST_NAME && n->sym && n->sym->kind == SYM_BUILTIN_VAR &&
        strcmp(n->sym->name, "t") == 0)
        return n;
    if (n->kind == AST_CALL && n->sym && n->sym->decl &&
        (n->sym->kind == SYM_FUNCTION || n->sym->kind == SYM_PROCEDURE) &&
        time_read(ast_kid(n->sym->decl, 2), depth + 1))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = time_read(n->kids[i], depth);
        if (r)
            return r;
    }
    return NULL;
}

/* `derivative runge`: scopmath's runge moves NEURON's one t by each
 * instance's step, t + h/2 + h/2 - h not quite t, so an instance's t
 * depends on its place among all instances (circ moves the run's t the
 * same way after the step, lower_net.c); a block reading t, or a point
 * process's block (instances per run, not per cell), is refused. */
static void check_runge(struct sema *s, const struct ast *m, const struct ast *it)
{
    if (m->op == MECH_POINT) {
        diag_error(s->diag, ast_name_loc(it), "a point process cannot have a runge derivative "
                   "block yet: each instance's step moves NEURON's t, which circ follows "
                   "for density mechanisms only");
        return;
    }
    const struct ast *r = time_read(it->kids[0], 0);
    if (r)
        diag_error(s->diag, r->loc, r->kind == AST_CALL
                   ? "a runge derivative block cannot call '%s', which reads t: NEURON's "
                     "t there depends on the instance's place among all instances"
                   : "a runge derivative block cannot read t: NEURON's t there depends on "
                     "the instance's place among all instances", r->str);
}

/* A kinetic block beside a `derivative runge` (checked after its own
 * names): it runs in the same state update, where the instances stepped
 * before this one have moved t already. */
static void check_runge_kinetic(struct sema *s, const struct ast *m, const struct ast *kin)
{
    bool runge = false;
    for (unsigned i = 0; i < m->nkids; i++)
        runge = runge || (m->kids[i]->kind == AST_DERIVATIVE && m->kids[i]->str &&
                          strcmp(m->kids[i]->str, "runge") == 0);
    const struct ast *r = runge && m->op == MECH_DENSITY ? time_read(kin->kids[0], 0) : NULL;
    if (r)
        diag_error(s->diag, r->loc, r->kind == AST_CALL
                   ? "a kinetic block beside a runge derivative block cannot call '%s', "
                     "which reads t: NEURON's t there depends on the instance's place among "
                     "all instances"
                   : "a kinetic block beside a runge derivative block cannot read t: "
                     "NEURON's t there depends on the instance's place among all instances",
                   r->str);
}

/* Does n (or a function or procedure it calls) assign v? */
static bool chain_sets(const struct ast *n, const struct sym *v, int depth)
{
    if (!n || depth > 32)
        return false;
    if (n->kind == AST_ASSIGN && n->sym == v)
        return true;
    if (n->kind == AST_CALL && n->sym && n->sym->decl &&
        (n->sym->kind == SYM_FUNCTION || n->sym->kind == SYM_PROCEDURE) &&
        chain_sets(ast_kid(n->sym->decl, 2), v, depth + 1))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (chain_sets(n->kids[i], v, depth))
            return true;
    return false;
}

/* The first assignment to v in n (or in what it calls), or NULL. */
static const struct ast *assignment_of(const struct ast *n, const struct sym *v, int depth)
{
    if (!n || depth > 32)
        return NULL;
    if (n->kind == AST_ASSIGN && n->sym == v)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = assignment_of(n->kids[i], v, depth);
        if (r)
            return r;
    }
    return NULL;
}

/* A NAME in n (or what it calls) reading a per-instance parameter that the
 * mechanism `mech` assigns somewhere (*where: the assignment), or NULL:
 * NEURON builds the table before INITIAL runs, from one instance's value,
 * and again (DEPEND) or for the first time (a file that is not THREADSAFE
 * and sets a GLOBAL: at the first call) after such an assignment. */
struct assigned_in {
    const struct ast *mech;
    const struct ast **where;
};

static bool assigned_param(const struct sym *y, const void *arg)
{
    const struct assigned_in *a = arg;
    return y->kind == SYM_PARAM && !sema_is_global(y) &&
           (*a->where = assignment_of(a->mech, y, 0)) != NULL;
}

static const struct ast *assigned_param_read(const struct ast *n, const struct ast *mech,
                                             const struct ast **where, int depth)
{
    return name_through_calls(n, assigned_param, &(struct assigned_in){mech, where}, depth);
}

/* A NAME in n (or what it calls) reading an assigned variable that the
 * table's chain `body` never sets, or NULL: while a table is built there is
 * no instance, so such a variable has no value to read. */
static bool unset_assigned(const struct sym *y, const void *body)
{
    return y->kind == SYM_ASSIGNED && !chain_sets(body, y, 0);
}

static const struct ast *unset_assigned_read(const struct ast *body, const struct ast *n,
                                             int depth)
{
    return name_through_calls(n, unset_assigned, body, depth);
}

static bool current_named(const struct ast *m, const char *name)
{
    for (unsigned i = 0; i < m->nkids; i++)
        if (m->kids[i]->kind == AST_CURRENT && strcmp(m->kids[i]->str, name) == 0)
            return true;
    return false;
}

static bool mech_has_current(const struct ast *m)
{
    for (unsigned i = 0; i < m->nkids; i++)
        if (m->kids[i]->kind == AST_CURRENT)
            return true;
    return false;
}

/* `let g: S/cm2 = expr`: its unit is the annotation's (the expression
 * converted to it) or the expression's; readable from here on. */
static void check_value(struct sema *s, struct ast *it, struct ctx *c)
{
    struct sym *sym = it->sym;
    struct ast *annot = ast_kid(it, 1);
    struct units_val u = dimless();
    bool ok = !annot || sema_unit_of_annotation(s, annot, &u);
    char what[96];
    snprintf(what, sizeof what, "value '%s'", it->str);
    if (ok && annot && !c->nmodl) {
        ok = sema_expect_unit(s, it->kids[0], c, u, what);
    } else if (ok) {
        struct tval t = expr(s, it->kids[0], c);
        ok = t.ty == TY_NUM;
        if (t.ty != TY_NUM && t.ty != TY_ERROR) {
            char got[96];
            diag_error(s->diag, it->kids[0]->loc, "%s must be a number, got %s", what,
                       sema_describe_tval(t, got, sizeof got));
        }
        if (ok && !annot)
            u = t.u;
    }
    if (!sym)
        return;
    sym->unit = u;
    sym->has_unit = ok;
    sym->value_ready = true;
}

void sema_mechanism_bodies(struct sema *s, struct sym *mech)
{
    struct ast *m = mech->decl;
    unsigned base = CTXB_MECH;
    if (m->op != MECH_ARTIFICIAL)
        base |= CTXB_MEMBRANE;
    if (m->op == MECH_POINT)
        base |= CTXB_POINT;
    if (m->op == MECH_DENSITY)
        base |= CTXB_DENSITY;
    if (m->op != MECH_DENSITY)
        base |= CTXB_EVENTS;
    struct ctx c = {.where = base, .mech = mech, .nmodl = m->num == 1};
    /* units of declarations and arguments first: bodies refer to them in any order */
    for (unsigned i = 0; i < mech->members->n; i++)
        declare_unit(s, mech->members->syms[i], &c);
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *it = m->kids[i];
        if ((it->kind == AST_FUNCTION || it->kind == AST_PROCEDURE) && it->sym)
            it->sym->members = declare_args(s, ast_kid(it, 0), &c);
    }
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *it = m->kids[i];
        struct ctx bc = c;
        switch (it->kind) {
        case AST_FUNCTION:
        case AST_PROCEDURE:
            bc.locals = it->sym ? it->sym->members : declare_args(s, ast_kid(it, 0), &c);
            if (it->kind == AST_FUNCTION) {
                bc.function = it->sym;
                /* an NMODL FUNCTION may leave its result unset on a path (Poirazi's
                   varss(v, i) sets it for i == 0 and i == 1 only): nocmodl returns an
                   uninitialized C local there, circ NaN (lowering's initial result) */
                if (!returns_always(ast_kid(it, 2)) && !c.nmodl)
                    diag_error(s->diag, it->loc, "function '%s' does not return a value on "
                               "every path", it->str);
            }
            if (ast_table_of(it))
                check_table(s, it, ast_table_of(it), &bc);
            /* NEURON's v in an imported density mechanism's procedure: the
               mechanism's copy, set from the node's at each entry point */
            bc.v_assignable = c.nmodl && m->op == MECH_DENSITY && it->kind == AST_PROCEDURE &&
                              !ast_table_of(it);
            /* its solves run where it is called (checked there); a table's
               values are computed once, not where it is called */
            bc.solve_allowed = !ast_table_of(it);
            check_block(s, ast_kid(it, 2), &bc,
                        it->kind == AST_FUNCTION ? (ast_table_of(it) ? "a function with a table"
                                                                     : "a function")
                        : ast_table_of(it) ? "a procedure with a table" : "a procedure");
            break;
        case AST_INITIAL:
            bc.in_initial = true;
            bc.solve_allowed = true;
            check_block(s, it->kids[0], &bc, "initial");
            break;
        case AST_DERIVATIVE:
            if (m->op == MECH_ARTIFICIAL)
                diag_error(s->diag, it->loc, "an artificial cell has no derivative block; "
                           "it changes only when it receives events");
            if (it->str && strcmp(it->str, "implicit") != 0 && strcmp(it->str, "euler") != 0 &&
                strcmp(it->str, "runge") != 0)
                diag_error(s->diag, ast_name_loc(it), "unknown integration method '%s'; a "
                           "derivative block is `derivative { }` (NEURON's cnexp), "
                           "`derivative implicit { }` (derivimplicit), `derivative euler { }` "
                           "or `derivative runge { }`", it->str);
            /* an implicit, euler or runge block runs its statements at each
               of its evaluations: not a place to solve another system */
            bc.solve_allowed = it->op != 1;
            bc.state_assignable = c.nmodl && !it->str;
            check_block(s, it->kids[0], &bc, "derivative");
            if (it->str && strcmp(it->str, "runge") == 0 && m->op != MECH_ARTIFICIAL)
                check_runge(s, m, it);
            break;
        case AST_LINEAR:
        case AST_NONLINEAR:
            bc.system = it;
            check_block(s, it->kids[0], &bc, it->kind == AST_LINEAR ? "a linear block"
                                                                    : "a nonlinear block");
            sema_check_system_block(s, it, mech);
            break;
        case AST_BREAKPOINT:
            if (m->op == MECH_ARTIFICIAL)
                diag_error(s->diag, it->loc, "an artificial cell has no membrane current, so "
                           "no breakpoint block");
            check_block(s, it->kids[0], &bc, "breakpoint");
            break;
        case AST_KINETIC:
            if (m->op == MECH_ARTIFICIAL)
                diag_error(s->diag, it->loc, "an artificial cell has no kinetic block; "
                           "it changes only when it receives events");
            bc.where |= CTXB_KINETIC;
            check_block(s, it->kids[0], &bc, "kinetic");
            sema_check_kinetic_block(s, it, c.nmodl);
            sema_check_kinetic_beside(s, m, it);
            check_runge_kinetic(s, m, it);
            break;
        case AST_CURRENT: {
            if (m->op == MECH_ARTIFICIAL) {
                diag_error(s->diag, it->loc, "an artificial cell has no membrane current");
                break;
            }
            if (it->op == 1 && m->op != MECH_POINT) {
                diag_error(s->diag, it->loc, "an electrode current belongs to a point process");
                break;
            }
            char what[96];
            snprintf(what, sizeof what, "current '%s' of %s mechanism '%s'", it->str,
                     m->op == MECH_DENSITY ? "density" : "point", m->str);
            bc.in_current = true;
            if (c.nmodl)
                expr(s, it->kids[0], &bc);
            else
                sema_expect_unit(s, it->kids[0], &bc,
                                 units_must(m->op == MECH_DENSITY ? "mA/cm2" : "nA"), what);
            break;
        }
        case AST_VALUE:
            if (!mech_has_current(m)) {
                /* a value is computed with the currents, each time they are */
                diag_error(s->diag, ast_name_loc(it), "value '%s': %s has no current to compute "
                           "it with (an assigned variable set in a breakpoint block is recorded "
                           "the same way)", it->str, m->op == MECH_ARTIFICIAL
                           ? "an artificial cell" : "this mechanism");
                break;
            }
            if (current_named(m, it->str)) {
                diag_error(s->diag, ast_name_loc(it), "value '%s' has the name of a current of "
                           "'%s'; give it its own", it->str, m->str);
                break;
            }
            bc.in_current = true;
            check_value(s, it, &bc);
            break;
        case AST_RECEIVE:
            if (m->op == MECH_DENSITY) {
                diag_error(s->diag, it->loc, "a density mechanism cannot receive events");
                break;
            }
            bc.where |= CTXB_RECEIVE;
            bc.locals = declare_args(s, ast_kid(it, 0), &c);
            if (!ast_kid(it, 0) || it->kids[0]->nkids < 1)
                diag_error(s->diag, it->loc, "receive takes the weight as its first argument");
            else
                bc.weight = it->kids[0]->kids[0]->sym;
            /* the arguments after the weight are the connection's own state */
            if (ast_kid(it, 2))
                check_block(s, ast_kid(it, 2), &bc, "receive");
            bc.v_assignable = m->op == MECH_POINT;     /* not in the per-connection initial */
            bc.receive_args = ast_kid(it, 0);
            check_block(s, ast_kid(it, 1), &bc, "receive");
            break;
        case AST_SETTER:
            /* inside its body the setter's name is the value being set */
            check_block(s, ast_kid(it, 1), &bc, "setter");
            break;
        default:
            break;
        }
    }
    /* every body's names are resolved now, so calls can be followed */
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *it = m->kids[i];
        const struct ast *r = ast_table_of(it)
                                  ? instance_read(ast_kid(it, 2), m->op == MECH_DENSITY, 0) : NULL;
        if (r)
            diag_error(s->diag, r->loc, "the table of '%s' cannot depend on %s '%s': a "
                       "table is one per mechanism, and each instance of '%s' has its own "
                       "'%s'", it->str, sema_a_kind(r->sym->kind), r->str, m->str, r->str);
        const struct ast *where = NULL;
        const struct ast *a = ast_table_of(it) && !r && m->op == MECH_DENSITY
                                  ? assigned_param_read(ast_kid(it, 2), m, &where, 0) : NULL;
        if (a) {
            diag_error(s->diag, a->loc, "the table of '%s' reads parameter '%s', which '%s' "
                       "assigns: NEURON builds the table from one instance's value before "
                       "that assignment runs, and again after it only in some files; not "
                       "supported", it->str, a->str, m->str);
            diag_note(s->diag, where->loc, "'%s' is assigned here", a->str);
        }
        const struct ast *u = ast_table_of(it) && !r && !a
                                  ? unset_assigned_read(ast_kid(it, 2), ast_kid(it, 2), 0)
                                  : NULL;
        if (u)
            diag_error(s->diag, u->loc, "the table of '%s' cannot read assigned variable '%s', "
                       "which it does not set: a table is built once per mechanism, outside "
                       "every instance (set '%s' in '%s' before reading it)",
                       it->str, u->str, u->str, it->str);
    }
    bool has_current = false;
    for (unsigned i = 0; i < m->nkids; i++)
        if (m->kids[i]->kind == AST_CURRENT || m->kids[i]->kind == AST_USEION)
            has_current = true;     /* (a calcium pool has none: it writes a concentration) */
    /* (nor has a .mod file without currents, whose BREAKPOINT runs once a step) */
    if (m->op == MECH_DENSITY && !has_current && m->num != 1)
        diag_error(s->diag, m->loc, "density mechanism '%s' defines no current", m->str);
}

void sema_pass_units(struct sema *s)
{
    for (unsigned i = 0; i < s->global->n; i++) {
        struct sym *sym = s->global->syms[i];
        if (sym->kind == SYM_MECH)
            sema_mechanism_bodies(s, sym);
    }
}
