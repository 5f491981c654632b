/* sema_model.c - pass 5: property schemas, values and ranges.
 *
 * Every `key = value` belongs to a block whose schema lists the keys it
 * accepts, the unit or type of each and its allowed range: sections,
 * cells, the network, populations, connections, stimuli, the simulation,
 * experiments and figures.  Mechanism parameters (insert, synapse,
 * stimulus, set) take their schema from the mechanism itself, including
 * the range its `where` condition declares.  Windows,
 * measures and expectations are typed here too.
 */
#include "sema_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum val {
    V_UNIT,         /* a number in `unit` */
    V_INT,          /* a whole number >= min */
    V_RANGE,        /* a range a .. b in `unit` */
    V_STR,
    V_LIST,
    V_LOCATION,     /* section(x) */
    V_CONN,         /* a number in `unit`, may depend on distance and pre/post */
    V_WORD,         /* a bare name, checked by the block's own check */
    V_NSEG,         /* a count (V_INT), or d_lambda(fraction, frequency) */
};

enum {
    P_POS = 1 << 0,     /* min is excluded: the value must be above it */
    P_WHOLE = 1 << 1,   /* a count or an index (V_CONN): a whole number */
    P_SEGMENT = 1 << 2, /* a section's: may vary per segment (x, distance, L; a list) */
};

struct prop_spec {
    const char *key;
    enum val val;
    const char *unit;
    double min, max;    /* allowed values in `unit` (NAN: unbounded) */
    unsigned flags;     /* P_* */
};

#define U(k, u) {k, V_UNIT, u, NAN, NAN, 0}
#define UNNEG(k, u) {k, V_UNIT, u, 0, NAN, 0}
#define UPOS(k, u) {k, V_UNIT, u, 0, NAN, P_POS}
#define END {NULL, 0, NULL, 0, 0, 0}

/* Counts are bounded so that they, and gids, fit the runtime's int. */
#define MAX_COUNT 1e9

/* A section of zero length, diameter or resistivity (or no capacitance)
 * makes the cable equations singular: NEURON fails at run time. */
static const struct prop_spec section_props[] = {
    UPOS("L", "um"), {"diam", V_UNIT, "um", 0, NAN, P_POS | P_SEGMENT}, UPOS("Ra", "ohm*cm"),
    {"cm", V_UNIT, "uF/cm2", 0, NAN, P_POS | P_SEGMENT},
    {"nseg", V_NSEG, "1", 1, 32767, 0}, END,
};
/* The runtime's blow-up check takes a voltage beyond 1e4 mV above the
 * threshold, or below -1e4 mV under it: the threshold lies between. */
static const struct prop_spec cell_props[] = {
    {"threshold", V_UNIT, "mV", -1e4, 1e4, 0}, {"spike_at", V_LOCATION, NULL, NAN, NAN, 0},
    {"morphology", V_STR, NULL, NAN, NAN, 0}, {"spikes_from", V_WORD, NULL, NAN, NAN, 0}, END,
};
static const struct prop_spec network_props[] = {
    UNNEG("size_x", "um"), UNNEG("size_y", "um"), UNNEG("size_z", "um"), END,
};
static const struct prop_spec population_props[] = {
    {"count", V_INT, "1", 0, MAX_COUNT, 0}, UNNEG("density", "mm^-3"),
    {"x", V_RANGE, "um", NAN, NAN, 0}, {"y", V_RANGE, "um", NAN, NAN, 0},
    {"z", V_RANGE, "um", NAN, NAN, 0}, {"xnorm", V_RANGE, "1", 0, 1, 0},
    {"ynorm", V_RANGE, "1", 0, 1, 0}, {"znorm", V_RANGE, "1", 0, 1, 0},
    END,
};
static const struct prop_spec connect_props[] = {
    {"probability", V_CONN, "1", 0, 1, 0},
    {"convergence", V_CONN, "1", 0, MAX_COUNT, P_WHOLE},
    {"divergence", V_CONN, "1", 0, MAX_COUNT, P_WHOLE}, {"weight", V_CONN, NULL, NAN, NAN, 0},
    {"delay", V_CONN, "ms", 0, NAN, 0}, {"threshold", V_UNIT, "mV", -1e4, 1e4, 0}, {"pairs", V_LIST, NULL, NAN, NAN, 0},
    END,
};
static const struct prop_spec netcon_props[] = {
    {"weight", V_CONN, NULL, NAN, NAN, 0}, {"delay", V_CONN, "ms", 0, NAN, 0}, END,
};
/* NEURON's celsius; GHK and the Nernst potential divide by R*T, so a
 * temperature must lie above absolute zero, not at it. */
#define ABSOLUTE_ZERO_DEGC (-273.15)
static const struct prop_spec simulation_props[] = {
    UPOS("duration", "ms"), UPOS("dt", "ms"),
    {"temperature", V_UNIT, "degC", ABSOLUTE_ZERO_DEGC, NAN, P_POS},
    {"v_init", V_UNIT, "mV", -1e4, 1e4, 0},    /* beyond, the runtime reports a blow-up */
    {"seed", V_INT, "1", 0, 4294967295.0, 0}, UPOS("record_step", "ms"), END,
};
static const struct prop_spec experiment_props[] = {
    {"description", V_STR, NULL, NAN, NAN, 0}, END,
};
static const struct prop_spec figure_props[] = {
    {"title", V_STR, NULL, NAN, NAN, 0}, {"file", V_STR, NULL, NAN, NAN, 0},
    {"experiments", V_LIST, NULL, NAN, NAN, 0}, {"populations", V_LIST, NULL, NAN, NAN, 0},
    {"windows", V_LIST, NULL, NAN, NAN, 0},
    UPOS("bin", "ms"), UPOS("max_freq", "Hz"), {"order", V_WORD, NULL, NAN, NAN, 0}, END,
};

static const char *const figure_kinds[] = {
    "raster", "traces", "psth", "rates", "connectivity", "positions2d", "positions3d",
    "psd", "spikestats", NULL,
};

static const struct prop_spec *find_spec(const struct prop_spec *specs, const char *key)
{
    for (; specs->key; specs++)
        if (strcmp(specs->key, key) == 0)
            return specs;
    return NULL;
}

static void unknown_key(struct sema *s, struct ast *prop, const struct prop_spec *specs,
                        const char *block)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (const struct prop_spec *p = specs; p->key; p++) {
        size_t d = diag_edit_distance(prop->str, p->key);
        if (d < best_d) {
            best_d = d;
            best = p->key;
        }
    }
    if (best)
        diag_error(s->diag, prop->loc, "unknown property '%s' for %s; did you mean '%s'?",
                   prop->str, block, best);
    else
        diag_error(s->diag, prop->loc, "unknown property '%s' for %s", prop->str, block);
}

/* One property set twice in a block is almost certainly a mistake. */
static bool check_duplicate(struct sema *s, struct ast *block, unsigned upto)
{
    struct ast *p = block->kids[upto];
    for (unsigned i = 0; i < upto; i++) {
        struct ast *q = block->kids[i];
        if (q && q->kind == AST_PROP && q->str == p->str) {
            diag_error(s->diag, p->loc, "property '%s' is set twice", p->str);
            diag_note(s->diag, q->loc, "first set here");
            return true;
        }
    }
    return false;
}

/* A NaN for messages, without the sign its computation left (0 / 0 is
 * -nan on x86, nan elsewhere). */
static double plain_nan(double x)
{
    return isnan(x) ? NAN : x;
}

/* Whole numbers are printed in full ("1000000000", not "1e+09"). */
static const char *fmt_num(char *buf, size_t size, double x)
{
    snprintf(buf, size, x == floor(x) && fabs(x) < 1e17 ? "%.0f" : "%g", x);
    return buf;
}

static void check_range_value(struct sema *s, struct ast *v, const struct prop_spec *spec,
                              double x)
{
    bool unit = strcmp(spec->unit, "1") != 0;
    char lo[32], hi[32], got[32];
    fmt_num(lo, sizeof lo, spec->min);
    fmt_num(hi, sizeof hi, spec->max);
    fmt_num(got, sizeof got, x);
    if (spec->flags & P_POS) {
        if (x > spec->min)
            return;
        if (spec->min == 0)
            diag_error(s->diag, v->loc, "'%s' must be positive, got %s%s%s", spec->key, got,
                       unit ? " " : "", unit ? spec->unit : "");
        else
            diag_error(s->diag, v->loc, "'%s' must be above %s%s%s%s, got %s%s%s", spec->key,
                       lo, unit ? " " : "", unit ? spec->unit : "",
                       spec->min == ABSOLUTE_ZERO_DEGC ? " (absolute zero)" : "", got,
                       unit ? " " : "", unit ? spec->unit : "");
        return;
    }
    if ((!isnan(spec->min) && x < spec->min) || (!isnan(spec->max) && x > spec->max)) {
        if (!isnan(spec->max) && !isnan(spec->min))
            diag_error(s->diag, v->loc, "'%s' must be between %s and %s%s%s, got %s", spec->key,
                       lo, hi, unit ? " " : "", unit ? spec->unit : "", got);
        else if (spec->min == 0 && unit)
            diag_error(s->diag, v->loc, "'%s' must not be negative, got %s %s", spec->key, got,
                       spec->unit);
        else
            diag_error(s->diag, v->loc, "'%s' must be at least %s%s%s, got %s%s%s", spec->key, lo,
                       unit ? " " : "", unit ? spec->unit : "", got, unit ? " " : "",
                       unit ? spec->unit : "");
    }
}

/* nseg = d_lambda(0.1, 100 Hz): NEURON's d_lambda rule, a fraction of the
 * length constant at a frequency, both positive constants. */
static void check_d_lambda(struct sema *s, struct ast *call)
{
    if (call->nkids != 2) {
        diag_error(s->diag, call->loc, "d_lambda takes 2 arguments (a fraction of the length "
                   "constant and a frequency, d_lambda(0.1, 100 Hz)), got %u", call->nkids);
        return;
    }
    static const char *const what[] = {"d_lambda's fraction", "d_lambda's frequency"};
    static const char *const unit[] = {"1", "Hz"};
    for (int k = 0; k < 2; k++) {
        struct ctx c = {.where = CTXB_MATH};
        double x;
        if (!sema_expect_unit(s, call->kids[k], &c, units_must(unit[k]), what[k]))
            continue;
        if (!sema_const_value(call->kids[k], &x))
            diag_error(s->diag, call->kids[k]->loc, "%s must be a constant", what[k]);
        else if (!(x > 0) || !isfinite(x))
            diag_error(s->diag, call->kids[k]->loc, "%s must be positive, got %g", what[k], x);
    }
}

static void check_value(struct sema *s, struct ast *prop, const struct prop_spec *spec,
                        struct units_val conn_weight_unit, bool have_weight_unit)
{
    struct ast *v = prop->kids[0];
    char what[96];
    snprintf(what, sizeof what, "'%s'", prop->str);
    struct ctx c = {.where = CTXB_MATH};
    if (spec->val == V_NSEG && v->kind == AST_CALL && strcmp(v->str, "d_lambda") == 0) {
        check_d_lambda(s, v);
        return;
    }
    if ((spec->flags & P_SEGMENT) && v->kind == AST_LIST) {
        /* one constant per segment; the length is checked with the section's
         * nseg when the cell is lowered */
        for (unsigned i = 0; i < v->nkids; i++) {
            struct ast one = *prop;
            one.kids = &v->kids[i];
            check_value(s, &one, spec, conn_weight_unit, have_weight_unit);
        }
        return;
    }
    if (spec->flags & P_SEGMENT)
        c.where |= CTXB_SEGMENT;
    switch (spec->val) {
    case V_NSEG:
    case V_UNIT:
    case V_INT:
    case V_CONN: {
        struct units_val want;
        if (spec->val == V_CONN) {
            c.where |= CTXB_CONN;
            if (!spec->unit && !have_weight_unit) {
                sema_expr(s, v, &c);
                return;
            }
        }
        want = spec->unit ? units_must(spec->unit) : conn_weight_unit;
        if (!sema_expect_unit(s, v, &c, want, what))
            return;
        double x;
        if (!sema_const_value(v, &x)) {
            /* values per segment are checked per segment when lowered */
            if (spec->val != V_CONN && !(spec->flags & P_SEGMENT))
                diag_error(s->diag, v->loc, "'%s' must be a constant", prop->str);
            return;
        }
        if (!isfinite(x)) {
            diag_error(s->diag, v->loc, "'%s' must be a finite number, got %g", prop->str,
                       plain_nan(x));
            return;
        }
        if ((spec->val == V_INT || spec->val == V_NSEG || (spec->flags & P_WHOLE)) &&
            x != floor(x)) {
            char lo[32], hi[32];
            diag_error(s->diag, v->loc, "'%s' must be a whole number from %s to %s, got %g",
                       prop->str, fmt_num(lo, sizeof lo, spec->min),
                       fmt_num(hi, sizeof hi, spec->max), x);
            return;
        }
        if (spec->unit)
            check_range_value(s, v, spec, x);
        return;
    }
    case V_RANGE: {
        struct tval t = sema_expr(s, v, &c);
        if (t.ty == TY_ERROR)
            return;
        if (t.ty != TY_RANGE) {
            char got[96];
            diag_error(s->diag, v->loc, "'%s' must be a range such as 0.2 .. 0.6, got %s",
                       prop->str, sema_describe_tval(t, got, sizeof got));
            return;
        }
        struct ast *lo = v->kids[0], *hi = v->kids[1];
        struct units_val want = units_must(spec->unit);
        if (!units_dim_eq(t.u.dim, want.dim)) {
            char got[96], exp[96];
            diag_error(s->diag, v->loc, "expected %s for %s, got %s",
                       units_describe(want.dim, exp, sizeof exp), what,
                       sema_describe_tval(t, got, sizeof got));
            return;
        }
        lo->scale *= units_factor(t.u, want);
        hi->scale *= units_factor(t.u, want);
        double a, b;
        if (sema_const_value(lo, &a) && sema_const_value(hi, &b)) {
            if (!isfinite(a) || !isfinite(b)) {
                diag_error(s->diag, isfinite(a) ? hi->loc : lo->loc, "'%s' must be a finite "
                           "number, got %g", prop->str, plain_nan(isfinite(a) ? b : a));
                return;
            }
            check_range_value(s, lo, spec, a);
            check_range_value(s, hi, spec, b);
            if (a > b)
                diag_error(s->diag, v->loc, "the range of '%s' is reversed (%g > %g)",
                           prop->str, a, b);
        }
        return;
    }
    case V_STR:
        if (v->kind != AST_STR)
            diag_error(s->diag, v->loc, "'%s' must be a string in double quotes", prop->str);
        return;
    case V_LIST:
        if (v->kind != AST_LIST)
            diag_error(s->diag, v->loc, "'%s' must be a list in [ ]", prop->str);
        return;
    case V_LOCATION:
    case V_WORD:
        return;     /* checked by the caller, which knows the block */
    }
}

static void check_props(struct sema *s, struct ast *block, const struct prop_spec *specs,
                        const char *what, struct units_val weight_unit, bool have_weight)
{
    for (unsigned i = 0; block && i < block->nkids; i++) {
        struct ast *p = block->kids[i];
        if (!p || p->kind != AST_PROP)
            continue;
        if (check_duplicate(s, block, i))
            continue;
        const struct prop_spec *spec = find_spec(specs, p->str);
        char ion[64];
        int field;
        if (!spec && specs == simulation_props &&
            sema_ion_global_key(p->str, ion, sizeof ion, &field))
            continue;   /* check_ion_global */
        if (!spec) {
            unknown_key(s, p, specs, what);
            continue;
        }
        check_value(s, p, spec, weight_unit, have_weight);
    }
}

/* ---- mechanism parameters ---------------------------------------------------- */

static struct sym *settable(struct sym *mech, const char *name)
{
    struct sym *p = sema_lookup_local(mech->members, name);
    return p && (p->kind == SYM_PARAM || p->kind == SYM_SETTER) ? p : NULL;
}

static void unknown_param(struct sema *s, struct ast *at, struct sym *mech, const char *name)
{
    struct sym *p = sema_lookup_local(mech->members, name);
    if (p && p->kind == SYM_ION) {
        diag_error(s->diag, at->loc, "'%s' belongs to ion '%s', not to '%s': set it per "
                   "section (`section soma { %s = ... }`, `set CELL.SECTION.%s = ...`)",
                   name, p->ion, mech->name, name, name);
        return;
    }
    if (p) {
        diag_error(s->diag, at->loc, "'%s' is %s of '%s', not a parameter that can be set",
                   name, sema_a_kind(p->kind), mech->name);
        return;
    }
    const char *best = sema_suggest(name, mech->members, KIND_BIT(SYM_PARAM) | KIND_BIT(SYM_SETTER));
    if (best)
        diag_error(s->diag, at->loc, "'%s' has no parameter '%s'; did you mean '%s'?",
                   mech->name, name, best);
    else
        diag_error(s->diag, at->loc, "'%s' has no parameter '%s'", mech->name, name);
}

/* ---- parameter ranges --------------------------------------------------------------
 *
 * A mechanism declares the values a parameter (or setter) accepts with a
 * condition after it, `tau = 0.1 ms where tau > 0 ms`: comparisons of the
 * parameter with constants, joined by `and`.  Every value given for it (in
 * a cell, synapse, stimulus, `set`, experiment or --set) and its default
 * are checked against the range, which is read once per parameter.
 */

static const char *num_unit(const struct ast *n)
{
    while (n && n->kind == AST_UNOP)
        n = n->kids[0];
    return n && n->kind == AST_NUM && n->str ? n->str : NULL;
}

/* How the parameter's unit is spelled where it is declared, for messages. */
static const char *param_unit_spelling(const struct sym *p, const struct ast *bound)
{
    struct ast *d = p->decl;
    struct ast *annot = p->kind == SYM_SETTER ? ast_kid(d, 0) : ast_kid(d, 1);
    if (annot && annot->str)
        return annot->str;
    const char *u = p->kind == SYM_PARAM ? num_unit(ast_kid(d, 0)) : NULL;
    if (!u)
        u = num_unit(bound);
    return u && strcmp(u, "1") ? u : "";
}

static bool names_something(const struct ast *n)
{
    if (!n || n->kind == AST_NAME)
        return n != NULL;
    for (unsigned i = 0; i < n->nkids; i++)
        if (names_something(n->kids[i]))
            return true;
    return false;
}

static bool read_bound(struct sema *s, struct sym *p, struct ast *cmp)
{
    if (cmp->kind == AST_BINOP && cmp->op == OP_AND) {
        bool a = read_bound(s, p, cmp->kids[0]);
        return read_bound(s, p, cmp->kids[1]) && a;
    }
    int op = cmp->kind == AST_BINOP ? cmp->op : -1;
    bool left = false, right = false;
    if (op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE) {
        left = cmp->kids[0]->kind == AST_NAME && !strcmp(cmp->kids[0]->str, p->name);
        right = cmp->kids[1]->kind == AST_NAME && !strcmp(cmp->kids[1]->str, p->name);
    }
    if (left == right) {
        diag_error(s->diag, cmp->loc, "a 'where' condition on '%s' compares it with constants, "
                   "joined by 'and' (such as %s > 0, or %s >= 0 and %s <= 1)", p->name, p->name,
                   p->name, p->name);
        return false;
    }
    struct ast *k = left ? cmp->kids[1] : cmp->kids[0];
    if (right)      /* 0 ms < tau is tau > 0 ms */
        op = op == OP_LT ? OP_GT : op == OP_LE ? OP_GE : op == OP_GT ? OP_LT : OP_LE;
    struct ctx c = {.where = CTXB_MATH};
    char what[96];
    snprintf(what, sizeof what, "a bound of '%s'", p->name);
    double x;
    bool constant = !names_something(k);    /* another parameter is no bound */
    if (constant && !sema_expect_unit(s, k, &c, p->unit, what))
        return false;
    if (!constant || !sema_const_value(k, &x) || !isfinite(x)) {
        diag_error(s->diag, k->loc, "a bound of '%s' must be a finite constant", p->name);
        return false;
    }
    if (!p->range_unit[0])
        p->range_unit = param_unit_spelling(p, k);
    bool open = op == OP_LT || op == OP_GT;
    if (op == OP_GT || op == OP_GE) {
        if (isnan(p->range_lo) || x > p->range_lo || (x == p->range_lo && open)) {
            p->range_lo = x;
            p->range_lo_open = open;
        }
    } else if (isnan(p->range_hi) || x < p->range_hi || (x == p->range_hi && open)) {
        p->range_hi = x;
        p->range_hi_open = open;
    }
    return true;
}

/* Reads p's range once; false if it has none (or an invalid one). */
static bool param_range(struct sema *s, struct sym *p)
{
    if (p->range_state == 0) {
        struct ast *cond = p->decl && (p->kind == SYM_PARAM || p->kind == SYM_SETTER)
                               ? ast_kid(p->decl, 2) : NULL;
        p->range_state = 2;
        p->range_lo = p->range_hi = NAN;
        p->range_unit = "";
        if (cond && p->has_unit && read_bound(s, p, cond))
            p->range_state = 1;
    }
    return p->range_state == 1;
}

/* Every value of a parameter is finite, whether or not it has a range: a
 * NaN compares false with everything, so a stimulus given `del = 0 ms / 0`
 * never started, silently. */
static bool check_param_range(struct sema *s, const struct ast *value, struct sym *p, double x)
{
    if (!isfinite(x)) {
        diag_error(s->diag, value->loc, "'%s' of '%s' must be a finite number, got %g", p->name,
                   p->owner ? p->owner->name : "?", plain_nan(x));
        return false;
    }
    if (!param_range(s, p))
        return true;
    bool lo_ok = isnan(p->range_lo) || (p->range_lo_open ? x > p->range_lo : x >= p->range_lo);
    bool hi_ok = isnan(p->range_hi) || (p->range_hi_open ? x < p->range_hi : x <= p->range_hi);
    if (lo_ok && hi_ok)
        return true;
    const char *sp = p->range_unit[0] ? " " : "";
    char range[128] = "", n[32];
    if (!isnan(p->range_lo))
        snprintf(range, sizeof range, "%s %s%s%s", p->range_lo_open ? ">" : ">=",
                 fmt_num(n, sizeof n, p->range_lo), sp, p->range_unit);
    if (!isnan(p->range_hi)) {
        size_t len = strlen(range);
        snprintf(range + len, sizeof range - len, "%s%s %s%s%s", len ? " and " : "",
                 p->range_hi_open ? "<" : "<=", fmt_num(n, sizeof n, p->range_hi), sp,
                 p->range_unit);
    }
    diag_error(s->diag, value->loc, "'%s' of '%s' must be %s, got %g%s%s", p->name,
               p->owner ? p->owner->name : "?", range, x, sp, p->range_unit);
    return false;
}

bool sema_check_section_value(struct sema *s, const struct ast *value, const char *key, double x)
{
    const struct prop_spec *spec = find_spec(section_props, key);
    if (!spec)
        return true;
    unsigned before = diag_errors(s->diag);
    if (!isfinite(x))
        diag_error(s->diag, value->loc, "'%s' must be a finite number, got %g", key,
                   plain_nan(x));
    else
        check_range_value(s, (struct ast *)value, spec, x);
    return diag_errors(s->diag) == before;
}

bool sema_check_param_range(struct sema *s, const struct ast *value, struct sym *param, double x)
{
    return check_param_range(s, value, param, x);
}

/* x as the fewest digits that read back as x (0.0002, not 0.00020000000000000001) */
static const char *shortest_num(char *buf, size_t size, double x)
{
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

/* value for param, in param's unit.  A plain number for a parameter of a
 * mechanism from a .mod file is taken in the file's unit, with a warning:
 * circ once read fewer of NEURON's unit names (megohm, msec, micron,
 * microsiemens, volt), gave such parameters no unit, and its users' files
 * and `circ import netpyne` wrote plain numbers for them.  A .circ
 * mechanism's parameter needs its unit. */
static bool expect_param_unit(struct sema *s, struct ast *value, struct ctx *c,
                              struct sym *param, const char *what)
{
    const struct ast *mech = param->owner ? param->owner->decl : NULL;
    if (!mech || mech->kind != AST_MECH || mech->num != 1)
        return sema_expect_unit(s, value, c, param->unit, what) &&
               sema_check_temperature(s, value, param_unit_spelling(param, NULL), what);
    bool plain;
    if (!sema_expect_unit_or_plain(s, value, c, param->unit, what, &plain) ||
        !sema_check_temperature(s, value, param_unit_spelling(param, NULL), what))
        return false;
    if (plain) {
        const char *u = param_unit_spelling(param, NULL);
        char num[32];
        double x;
        if (sema_const_value(value, &x))
            diag_warning(s->diag, value->loc, "%s has no unit: taken in its .mod file's unit, "
                         "%s; write %s %s", what, u, shortest_num(num, sizeof num, x), u);
        else
            diag_warning(s->diag, value->loc, "%s has no unit: taken in its .mod file's unit, "
                         "%s; write it with its unit", what, u);
    }
    return true;
}

static void check_param_value(struct sema *s, struct ast *value, struct sym *param)
{
    struct ctx c = {.where = CTXB_MATH};
    char what[96];
    snprintf(what, sizeof what, "'%s' of '%s'", param->name, param->owner ? param->owner->name : "?");
    if (param->has_unit && expect_param_unit(s, value, &c, param, what)) {
        double x;
        if (!sema_const_value(value, &x))
            diag_error(s->diag, value->loc, "the value of '%s' must be a constant", param->name);
        else
            check_param_range(s, value, param, x);
    }
}

/* The nseg a section declares (1 by default; 0 when it is not a constant,
 * reported with the section). */
static unsigned section_nseg(const struct ast *sec)
{
    for (unsigned i = 0; sec && i < sec->nkids; i++) {
        const struct ast *p = sec->kids[i];
        double v;
        if (p && p->kind == AST_PROP && strcmp(p->str, "nseg") == 0)
            return sema_const_value(p->kids[0], &v) && v >= 1 && v <= 32767 && v == floor(v)
                       ? (unsigned)v : 0;
    }
    return 1;
}

/* A density parameter in a section (`insert`, `set CELL.SEC.MECH.PARAM`):
 * a constant, an expression of the segment's x, distance and L, or a list
 * of nseg constants, one per segment.  Expressions are evaluated per
 * segment (and range-checked) when the cell is lowered: distance needs the
 * whole tree. */
static void check_segment_value(struct sema *s, struct ast *value, struct sym *param,
                                const struct ast *sec)
{
    if (param->kind == SYM_SETTER) {    /* nothing runs a density setter at build time */
        diag_error(s->diag, value->loc, "setter '%s' of '%s' cannot be given in a section yet; "
                   "give the parameters it sets", param->name,
                   param->owner ? param->owner->name : "?");
        return;
    }
    if (!param->has_unit)
        return;
    char what[96];
    snprintf(what, sizeof what, "'%s' of '%s'", param->name, param->owner ? param->owner->name : "?");
    if (value->kind == AST_LIST) {
        unsigned nseg = section_nseg(sec);
        if (nseg && value->nkids != nseg) {
            diag_error(s->diag, value->loc, "%s has %u value%s for the %u segment%s of section "
                       "'%s'; a list gives one value per segment", what, value->nkids,
                       value->nkids == 1 ? "" : "s", nseg, nseg == 1 ? "" : "s", sec->str);
            return;
        }
        for (unsigned i = 0; i < value->nkids; i++)
            check_param_value(s, value->kids[i], param);
        return;
    }
    struct ctx c = {.where = CTXB_MATH | CTXB_SEGMENT};
    if (!expect_param_unit(s, value, &c, param, what))
        return;
    double x;
    if (sema_const_value(value, &x))
        check_param_range(s, value, param, x);
}
/* A mechanism's own conditions: well formed, on parameters and setters
 * only, and met by the defaults; every default finite. */
static void check_mechanism(struct sema *s, struct ast *m)
{
    struct sym *mech = m->sym;
    for (unsigned i = 0; mech && i < m->nkids; i++) {
        struct ast *it = m->kids[i];
        struct ast *cond = it->kind == AST_PARAM || it->kind == AST_STATE ||
                           it->kind == AST_ASSIGNED || it->kind == AST_CONSTANT ||
                           it->kind == AST_SETTER ? ast_kid(it, 2) : NULL;
        struct sym *p = it->sym;
        double x;
        if (!cond && p && p->kind == SYM_PARAM && p->has_unit && ast_kid(it, 0) &&
            sema_const_value(it->kids[0], &x) && !isfinite(x))
            check_param_range(s, it->kids[0], p, x);
        if (!cond)
            continue;
        if (!p)
            continue;       /* a duplicate, reported by pass 3 */
        if (p->kind != SYM_PARAM && p->kind != SYM_SETTER) {
            diag_error(s->diag, cond->loc, "only a parameter or setter can have a 'where' "
                       "condition, and '%s' is %s", p->name, sema_a_kind(p->kind));
            continue;
        }
        if (param_range(s, p) && p->kind == SYM_PARAM && ast_kid(it, 0) &&
            sema_const_value(it->kids[0], &x))
            check_param_range(s, it->kids[0], p, x);
    }
}

/* `ek = -90 mV` in a section, or in `insert hh { }` of an ion hh uses: a
 * value of the section's ion (NEURON's soma.ek), checked here.  True if
 * `p` names such a variable (reported if its value is wrong). */
static bool check_ion_value(struct sema *s, struct ast *p, const struct sema_ion *ion,
                            int field)
{
    struct ctx vc = {.where = CTXB_MATH};
    struct units_val u = units_must(field == ION_E ? "mV" : "mM");
    char what[96];
    snprintf(what, sizeof what, "'%s'", p->str);
    double x;
    if (!sema_expect_unit(s, p->kids[0], &vc, u, what))
        return true;
    if (!sema_const_value(p->kids[0], &x)) {
        diag_error(s->diag, p->kids[0]->loc, "%s must be a constant", what);
        return true;
    }
    if (!isfinite(x))
        diag_error(s->diag, p->kids[0]->loc, "%s must be a finite number, got %g", what,
                   plain_nan(x));
    else if (field != ION_E && !(x > 0))
        diag_error(s->diag, p->kids[0]->loc, "a concentration must be > 0 mM, got %g mM for "
                   "'%s' (ion '%s')", x, p->str, ion->name);
    else if (!(x > -1e4 && x < 1e4) && field == ION_E)
        diag_error(s->diag, p->kids[0]->loc, "'%s' must be within +-1e4 mV, got %g mV",
                   p->str, x);
    return true;
}

static bool ion_setting_of(struct sema *s, struct ast *p, struct sym *mech)
{
    const struct sema_ion *ion;
    int field;
    if (!sema_ion_setting(s, p->str, &ion, &field) || !sema_mech_uses_ion(mech, ion->name))
        return false;
    return check_ion_value(s, p, ion, field);
}

static bool section_uses_ion(struct ast *sec, const char *ion)
{
    for (unsigned j = 0; j < sec->nkids; j++)
        if (sec->kids[j]->kind == AST_INSERT && sema_mech_uses_ion(sec->kids[j]->sym, ion))
            return true;
    return false;
}

/* `ca_ion_style = (c_style, e_style, einit, eadvance, cinit)`: NEURON's
 * ion_style("ca_ion", ...) for the section, of an ion used there. */
static void check_ion_style(struct sema *s, struct ast *sec, struct ast *p,
                            const struct sema_ion *ion)
{
    if (!section_uses_ion(sec, ion->name)) {
        diag_error(s->diag, p->loc, "no mechanism inserted in section '%s' uses ion '%s', "
                   "so it has no '%s'", sec->str, ion->name, p->str);
        return;
    }
    struct ast *l = p->kids[0];
    static const double top[5] = {3, 3, 1, 1, 1};
    if (l->kind != AST_LIST || l->nkids != 5) {
        diag_error(s->diag, l->loc, "an ion style is (c_style, e_style, einit, eadvance, "
                   "cinit), as NEURON's ion_style(\"%s_ion\", ...)", ion->name);
        return;
    }
    for (unsigned k = 0; k < 5; k++) {
        struct ctx c = {.where = CTXB_MATH};
        double x;
        if (!sema_expect_unit(s, l->kids[k], &c, (struct units_val){UNITS_NONE, 1},
                              "an ion style value"))
            continue;
        if (!sema_const_value(l->kids[k], &x))
            diag_error(s->diag, l->kids[k]->loc, "an ion style value must be a constant");
        else if (!(x >= 0 && x <= top[k] && x == floor(x)))
            diag_error(s->diag, l->kids[k]->loc, "%s is %s, not %g",
                       k == 0 ? "c_style" : k == 1 ? "e_style" : k == 2 ? "einit"
                                                   : k == 3 ? "eadvance" : "cinit",
                       k < 2 ? "0, 1, 2 or 3" : "0 or 1", x);
    }
}

/* Does the section's own ion style for `ion` turn Nernst off? */
static bool style_keeps_e(struct ast *sec, const char *ion)
{
    double st[5];
    for (unsigned i = 0; i < sec->nkids; i++)
        if (sema_ion_style_values(sec->kids[i], ion, st))
            return st[2] == 0 && st[3] == 0;
    return false;
}

/* A section's ion values: set once (in the section or one insert), and of
 * an ion some mechanism inserted there uses; a concentration NEURON's
 * finitialize replaces (cinit) is reported. */
static void check_section_ions(struct sema *s, struct ast *cell, struct ast *sec)
{
    for (unsigned i = 0; i < sec->nkids; i++) {
        struct ast *p = sec->kids[i];
        const struct sema_ion *ion;
        if (p->kind == AST_PROP && sema_ion_style_name(s, p->str, &ion))
            check_ion_style(s, sec, p, ion);
    }
    for (unsigned i = 0; i < sec->nkids; i++) {
        struct ast *p = sec->kids[i];
        const struct sema_ion *ion;
        int field;
        if (p->kind != AST_PROP || !sema_ion_setting(s, p->str, &ion, &field))
            continue;
        bool used = false;
        for (unsigned j = 0; j < sec->nkids; j++)
            if (sec->kids[j]->kind == AST_INSERT && sema_mech_uses_ion(sec->kids[j]->sym, ion->name))
                used = true;
        if (!used) {
            diag_error(s->diag, p->loc, "no mechanism inserted in section '%s' uses ion '%s', "
                       "so it has no '%s'", sec->str, ion->name, p->str);
            continue;
        }
        if (!check_ion_value(s, p, ion, field) || field != ION_E || style_keeps_e(sec, ion->name))
            continue;
        for (unsigned j = 0; j < sec->nkids; j++) {
            struct sym *m = sec->kids[j]->kind == AST_INSERT ? sec->kids[j]->sym : NULL;
            for (unsigned k = 0; m && k < m->members->n; k++) {
                const struct sym *v = m->members->syms[k];
                if (v->ion && strcmp(v->ion, ion->name) == 0 &&
                    (v->ion_field == ION_CI || v->ion_field == ION_CO)) {
                    diag_warning(s->diag, p->loc, "'%s' is computed from the concentrations "
                                 "(Nernst) because '%s' uses '%s', so this value is not used "
                                 "(as in NEURON)", p->str, m->name, v->name);
                    m = NULL;
                    j = sec->nkids - 1;
                    break;
                }
            }
        }
    }
    /* the same ion variable set in two places of one section */
    struct ast *seen[64];
    unsigned nseen = 0;
    for (unsigned i = 0; i < sec->nkids; i++) {
        struct ast *b = sec->kids[i];
        unsigned nb = b->kind == AST_INSERT ? b->nkids : b->kind == AST_PROP ? 1 : 0;
        for (unsigned k = 0; k < nb; k++) {
            struct ast *p = b->kind == AST_INSERT ? b->kids[k] : b;
            const struct sema_ion *ion;
            int field;
            if (!p || p->kind != AST_PROP || !sema_ion_setting(s, p->str, &ion, &field))
                continue;
            if (b->kind == AST_INSERT && !sema_mech_uses_ion(b->sym, ion->name))
                continue;
            if (field == ION_CI || field == ION_CO)
                sema_check_conc_setting(s, cell, sec, p, ion);
            for (unsigned q = 0; q < nseen; q++)
                if (seen[q]->str == p->str && (b->kind == AST_INSERT || seen[q]->kind == AST_PROP)) {
                    diag_error(s->diag, p->loc, "'%s' of section '%s' is set twice (it is the "
                               "section's, shared by every mechanism using ion '%s')", p->str,
                               sec->str, ion->name);
                    diag_note(s->diag, seen[q]->loc, "first set here");
                    break;
                }
            if (nseen < 64)
                seen[nseen++] = p;
        }
    }
}

/* A mechanism's parameters in an insert, synapse or stimulus block; a
 * stimulus's also holds its noise_stream (check_noise_stream).  In a
 * section's `insert` (sec not NULL) they may vary per segment. */
static void check_mech_props(struct sema *s, struct ast *block, struct sym *mech, bool stimulus,
                             const struct ast *sec)
{
    if (!mech)
        return;
    for (unsigned i = 0; block && i < block->nkids; i++) {
        struct ast *p = block->kids[i];
        if (!p || p->kind != AST_PROP || check_duplicate(s, block, i))
            continue;
        if (stimulus && !strcmp(p->str, "noise_stream"))
            continue;
        struct sym *param = settable(mech, p->str);
        if (!param && ion_setting_of(s, p, mech))
            continue;
        if (!param) {
            unknown_param(s, p, mech, p->str);
            continue;
        }
        p->sym = param;
        param->uses++;
        if (sema_is_global(param)) {
            diag_error(s->diag, p->loc, "'%s' of '%s' is global, one value for every "
                       "instance: change it with `set %s.%s = ...`", p->str, mech->name,
                       mech->name, p->str);
            continue;
        }
        if (sec)
            check_segment_value(s, p->kids[0], param, sec);
        else
            check_param_value(s, p->kids[0], param);
    }
}

/* The unit of a NetCon weight is the unit of the target's receive argument. */
bool sema_weight_unit(struct sym *mech, struct units_val *out)
{
    if (!mech)
        return false;
    struct ast *m = mech->decl;
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *r = m->kids[i];
        if (r->kind == AST_RECEIVE && ast_kid(r, 0) && r->kids[0]->nkids >= 1) {
            struct sym *w = r->kids[0]->kids[0]->sym;
            if (w && w->has_unit) {
                *out = w->unit;
                return true;
            }
        }
    }
    return false;
}

struct sym *sema_synapse_mech(struct ast *syn_name)
{
    struct sym *syn = syn_name ? syn_name->sym : NULL;
    struct ast *m = syn ? ast_kid(syn->decl, 0) : NULL;
    return m ? m->sym : NULL;
}

/* ---- blocks ------------------------------------------------------------------------ */

/* A section's geometry properties; its ion values are check_section_ions'. */
static void check_section_props(struct sema *s, struct ast *sec)
{
    for (unsigned i = 0; i < sec->nkids; i++) {
        struct ast *p = sec->kids[i];
        const struct sema_ion *ion;
        int field;
        if (!p || p->kind != AST_PROP || sema_ion_setting(s, p->str, &ion, &field))
            continue;
        if (check_duplicate(s, sec, i) || sema_ion_style_name(s, p->str, &ion))
            continue;
        const struct prop_spec *spec = find_spec(section_props, p->str);
        if (!spec) {
            unknown_key(s, p, section_props, "a section");
            continue;
        }
        check_value(s, p, spec, (struct units_val){0}, false);
    }
}

/* The x of sec(x): written so that a NaN is refused too. */
void sema_check_location_x(struct sema *s, struct ast *loc)
{
    if (!loc || !ast_kid(loc, 0))
        return;
    struct ctx c = {.where = CTXB_MATH};
    double x;
    if (sema_expect_unit(s, loc->kids[0], &c, (struct units_val){UNITS_NONE, 1},
                         "a position along a section") &&
        sema_const_value(loc->kids[0], &x) && !(x >= 0 && x <= 1))
        diag_error(s->diag, loc->kids[0]->loc, "a position along a section must be between 0 "
                   "and 1, got %g", plain_nan(x));
}

static void check_cell(struct sema *s, struct ast *c)
{
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *it = c->kids[i];
        if (it->kind == AST_SECTION) {
            if (it->op == SECTION_MORPH)
                continue;   /* read from a morphology file: only its 3-D points */
            struct ast *nseg = ast_find_prop(it, "nseg");
            if (it->op == SECTION_WRITTEN && nseg && nseg->kids[0]->kind == AST_CALL &&
                strcmp(nseg->kids[0]->str, "d_lambda") == 0)
                diag_error(s->diag, nseg->kids[0]->loc, "d_lambda sets nseg from 3-D points: "
                           "it needs a cell with a morphology; give nseg as a number here");
            check_section_props(s, it);
            check_section_ions(s, c, it);
            for (unsigned j = 0; j < it->nkids; j++) {
                struct ast *ins = it->kids[j];
                if (ins->kind != AST_INSERT)
                    continue;
                for (unsigned k = 0; k < j; k++)
                    if (it->kids[k]->kind == AST_INSERT && it->kids[k]->str == ins->str) {
                        diag_error(s->diag, ins->loc, "'%s' is inserted twice into section '%s'",
                                   ins->str, it->str);
                        break;
                    }
                check_mech_props(s, ins, ins->sym, false, it);
            }
        } else if (it->kind == AST_PROP) {
            if (check_duplicate(s, c, i))
                continue;
            const struct prop_spec *spec = find_spec(cell_props, it->str);
            if (!spec) {
                unknown_key(s, it, cell_props, "a cell");
                continue;
            }
            if (spec->val == V_WORD) {     /* spikes_from */
                sema_check_spikes_from(s, c, it);
                continue;
            }
            if (spec->val != V_LOCATION) {
                check_value(s, it, spec, (struct units_val){0}, false);
                continue;
            }
            struct ast *v = it->kids[0];
            if (v->kind != AST_CALL || v->nkids != 1) {
                diag_error(s->diag, v->loc, "'spike_at' must be a location such as soma(0.5)");
                continue;
            }
            struct sym *sec = c->sym ? sema_lookup_local(c->sym->members, v->str) : NULL;
            if (!sec || (sec->kind != SYM_SECTION && sec->kind != SYM_SECLIST))
                sema_unknown(s, v->loc, "section", v->str, c->sym ? c->sym->members : NULL,
                             KIND_BIT(SYM_SECTION));
            else
                v->sym = sec;
            sema_check_location_x(s, v);
        } else if (it->kind == AST_ATTACH) {
            for (int k = 0; k < 2; k++)
                sema_check_location_x(s, it->kids[k]);
            struct ast *child = it->kids[0];
            double x;
            if (ast_kid(child, 0) && sema_const_value(child->kids[0], &x) && x != 0 && x != 1)
                diag_error(s->diag, child->kids[0]->loc, "a child section attaches by its end, "
                           "0 or 1");
            if (child->sym && child->sym == it->kids[1]->sym)
                diag_error(s->diag, it->loc, "section '%s' cannot be attached to itself",
                           child->str);
        }
    }
    /* each section attached at most once */
    for (unsigned i = 0; i < c->nkids; i++) {
        struct ast *a = c->kids[i];
        if (a->kind != AST_ATTACH || !a->kids[0]->sym)
            continue;
        for (unsigned j = 0; j < i; j++) {
            struct ast *b = c->kids[j];
            if (b->kind == AST_ATTACH && b->kids[0]->sym == a->kids[0]->sym) {
                diag_error(s->diag, a->loc, "section '%s' is attached twice", a->kids[0]->str);
                diag_note(s->diag, b->loc, "first attached here");
            }
        }
    }
}


static void check_selector(struct sema *s, struct ast *sel)
{
    if (!sel)
        return;
    struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        struct ast *t = terms->kids[i];
        if (t->kind != AST_INDEX)
            continue;
        for (unsigned k = 0; k < t->nkids; k++) {
            struct ast *ix = t->kids[k];
            struct ctx c = {.where = CTXB_MATH};
            struct ast *parts[2] = {ix, NULL};
            if (ix->kind == AST_RANGE) {
                parts[0] = ix->kids[0];
                parts[1] = ix->kids[1];
            }
            for (int p = 0; p < 2 && parts[p]; p++) {
                double x;
                if (!sema_expect_unit(s, parts[p], &c, (struct units_val){UNITS_NONE, 1},
                                      "a cell index"))
                    continue;
                if (!sema_const_value(parts[p], &x) || x < 0 || x != floor(x) ||
                    x >= MAX_COUNT)
                    diag_error(s->diag, parts[p]->loc, "a cell index must be a whole number "
                               "from 0 to %.0f", MAX_COUNT - 1);
            }
        }
    }
    struct ast *where = ast_kid(sel, 1);
    if (where) {
        struct ctx c = {.where = CTXB_MATH | CTXB_WHERE};
        struct tval t = sema_expr(s, where, &c);
        if (t.ty != TY_ERROR && t.ty != TY_BOOL) {
            char got[96];
            diag_error(s->diag, where->loc, "a 'where' condition must be true or false, got %s",
                       sema_describe_tval(t, got, sizeof got));
        }
    }
}

static void check_connect(struct sema *s, struct ast *cn)
{
    check_selector(s, ast_kid(cn, 0));
    check_selector(s, ast_kid(cn, 1));
    sema_check_location_x(s, ast_kid(cn, 2));
    struct units_val wu;
    struct sym *art;        /* artificial targets: the unit of their receive's weight */
    sema_selector_kinds(s, ast_kid(cn, 1), &art);
    bool have = sema_weight_unit(ast_kid(cn, 3) ? sema_synapse_mech(cn->kids[3]) : art, &wu);
    struct ast *props = ast_kid(cn, 4);
    check_props(s, props, connect_props, "a connection", wu, have);
    int rules = 0;
    bool weight = false;
    for (unsigned i = 0; props && i < props->nkids; i++) {
        const char *k = props->kids[i]->str;
        if (!strcmp(k, "probability") || !strcmp(k, "convergence") || !strcmp(k, "divergence") ||
            !strcmp(k, "pairs"))
            rules++;
        if (!strcmp(k, "weight"))
            weight = true;
    }
    struct ast *pairs = ast_find_prop(props, "pairs");
    struct ast *list = pairs ? pairs->kids[0] : NULL;
    for (unsigned i = 0; list && list->kind == AST_LIST && i < list->nkids; i++) {
        struct ast *pr = list->kids[i];
        double a, b;
        struct ctx c = {.where = CTXB_MATH};
        bool shape = pr->kind == AST_LIST && pr->nkids == 2;
        bool units = shape;     /* a unit error is reported on its own */
        for (unsigned k = 0; units && k < 2; k++)
            units = sema_expect_unit(s, pr->kids[k], &c, (struct units_val){UNITS_NONE, 1},
                                     "a cell index");
        if (!shape || (units && (!sema_const_value(pr->kids[0], &a) ||
                                 !sema_const_value(pr->kids[1], &b) || a < 0 || b < 0 ||
                                 a != floor(a) || b != floor(b) || a >= MAX_COUNT ||
                                 b >= MAX_COUNT)))
            diag_error(s->diag, pr->loc, "a pair is [pre index, post index], whole numbers "
                       "from 0 to %.0f", MAX_COUNT - 1);
    }
    if (rules != 1)
        diag_error(s->diag, cn->loc, rules ? "a connection takes only one of probability, "
                   "convergence, divergence and pairs" : "a connection needs one of probability, "
                   "convergence, divergence or pairs");
    if (!weight)
        diag_error(s->diag, cn->loc, "a connection needs a weight");
}

/* Does the subtree call erand(), urand() or normrand()? */
static bool draws_random(const struct ast *n)
{
    if (!n)
        return false;
    if (n->kind == AST_CALL && n->str &&
        (!strcmp(n->str, "erand") || !strcmp(n->str, "urand") || !strcmp(n->str, "normrand")))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (draws_random(n->kids[i]))
            return true;
    return false;
}

/* `noise_stream = (id1, id2[, id3])`: the Random123 ids of each source's
 * stream (NEURON's noiseFromRandom123), whole numbers from 0 to 2^32 - 1
 * computed from the target cell (gid, index, x...) and the run's seed. */
static void check_noise_stream(struct sema *s, struct ast *st, struct sym *mech)
{
    struct ast *p = ast_find_prop(ast_kid(st, 1), "noise_stream");
    if (!p)
        return;
    if (mech && !draws_random(mech->decl)) {
        diag_error(s->diag, p->loc, "'%s' draws no random numbers: a noise_stream would not "
                   "be used", mech->name);
        return;
    }
    struct ast *ids = p->kids[0];
    if (ids->kind != AST_LIST || ids->nkids < 2 || ids->nkids > 3) {
        diag_error(s->diag, ids->loc, "a noise_stream is (id1, id2) or (id1, id2, id3), as "
                   "NEURON's noiseFromRandom123");
        return;
    }
    for (unsigned k = 0; k < ids->nkids; k++) {
        struct ctx c = {.where = CTXB_MATH | CTXB_WHERE | CTXB_STREAM};
        double x;
        if (!sema_expect_unit(s, ids->kids[k], &c, (struct units_val){UNITS_NONE, 1},
                              "a stream id"))
            continue;
        if (sema_const_value(ids->kids[k], &x) && !(x >= 0 && x <= 4294967295.0 && x == floor(x)))
            diag_error(s->diag, ids->kids[k]->loc, "a stream id is a whole number from 0 to "
                       "4294967295, not %g", x);
    }
}

bool sema_stim_connects(const struct ast *st)
{
    const struct sym *mech = ast_kid(st, 0)->sym;
    return ast_kid(st, 4) || (mech && mech->mech_kind == MECH_ARTIFICIAL);
}

static void check_stimulus(struct sema *s, struct ast *st)
{
    struct sym *mech = ast_kid(st, 0)->sym;
    check_noise_stream(s, st, mech);
    check_mech_props(s, ast_kid(st, 1), mech, true, NULL);
    check_selector(s, ast_kid(st, 2));
    sema_check_location_x(s, ast_kid(st, 3));
    struct ast *syn = ast_kid(st, 4);
    struct sym *art;
    sema_selector_kinds(s, ast_kid(st, 2), &art);
    sema_check_emitting_stimulus(s, st, mech);
    if (mech && mech->mech_kind == MECH_POINT && !syn && ast_kid(st, 5)) {
        /* its weight and delay would be dropped: it has no connection (a
         * `via` is reported with the names) */
        diag_error(s->diag, st->kids[5]->loc, "stimulus '%s' is a point process (%s) placed on "
                   "the cell itself, with no connection: it takes no block after its targets "
                   "(give its parameters in the block after '%s')", st->str, mech->name,
                   mech->name);
        return;
    }
    if (syn || (art && mech && mech->mech_kind == MECH_ARTIFICIAL)) {
        struct units_val wu;
        bool have = sema_weight_unit(syn ? sema_synapse_mech(syn) : art, &wu);
        check_props(s, ast_kid(st, 5), netcon_props, "a stimulus connection", wu, have);
        bool weight = false;
        for (unsigned i = 0; ast_kid(st, 5) && i < st->kids[5]->nkids; i++)
            if (!strcmp(st->kids[5]->kids[i]->str, "weight"))
                weight = true;
        if (!weight)
            diag_error(s->diag, st->loc, syn ? "stimulus '%s' needs a weight in its 'via' block"
                       : "stimulus '%s' needs a weight in its block after the targets", st->str);
    }
}

/* L and diam (and the 3-D points) of a morphology's sections are the
 * file's (read_morph_cell): a list block or a set may not write them. */
static bool geometry_of_morphology(const char *prop)
{
    return !strcmp(prop, "L") || !strcmp(prop, "diam") || !strcmp(prop, "pt3d");
}

/* `y` and `ynorm` are two ways of writing one placement range, and docs
 * give the pair no meaning: the lowering (as NetPyNE, whose yRange
 * overwrites its ynormRange) would take y and drop ynorm without a word. */
static void check_placement_ranges(struct sema *s, const struct ast *pop)
{
    static const char *const axis[3] = {"x", "y", "z"}, *const norm[3] = {"xnorm", "ynorm", "znorm"};
    const struct ast *props = ast_kid(pop, 1);
    for (int a = 0; a < 3; a++) {
        const struct ast *first = NULL, *second = NULL;
        for (unsigned i = 0; props && i < props->nkids; i++) {
            const struct ast *p = props->kids[i];
            if (p && p->kind == AST_PROP && (!strcmp(p->str, axis[a]) || !strcmp(p->str, norm[a]))) {
                if (!first)
                    first = p;
                else if (strcmp(p->str, first->str) != 0 && !second)
                    second = p;
            }
        }
        if (!second)
            continue;
        diag_error(s->diag, second->loc, "population '%s' has both '%s' and '%s': give its "
                   "range along %s once, as %s (a length) or as %s (a fraction of size_%s); "
                   "NetPyNE would place by %s and ignore %s", pop->str, first->str, second->str,
                   axis[a], axis[a], norm[a], axis[a], axis[a], norm[a]);
        diag_note(s->diag, first->loc, "'%s' is given here", first->str);
    }
}

/* `set a.b = v` and `set a.b.c.d = v`: a mechanism default, a stimulus,
 * synapse or cell section parameter. */
/* Does the section list (or section) `list` of a morphology cell include
 * `section`?  The cell's `sectionlist` nodes name their members. */
bool sema_list_has(const struct ast *cell, const char *list, const char *section)
{
    if (strcmp(list, section) == 0)
        return true;
    for (unsigned i = 0; i < cell->nkids; i++) {
        const struct ast *l = cell->kids[i];
        for (unsigned k = 0; l->kind == AST_SECLIST && !strcmp(l->str, list) && k < l->nkids; k++)
            if (strcmp(l->kids[k]->str, section) == 0)
                return true;
    }
    return false;
}

/* Do the section lists (or sections) a and b of a morphology cell share a
 * section? */
static bool lists_meet(const struct ast *cell, const char *a, const char *b)
{
    for (unsigned i = 0; i < cell->nkids; i++) {
        const struct ast *sec = cell->kids[i];
        if (sec->kind == AST_SECTION && sec->op == SECTION_MORPH && sema_list_has(cell, a, sec->str) &&
            sema_list_has(cell, b, sec->str))
            return true;
    }
    return false;
}

/* A population of artificial cells of mechanism `mech`, or NULL: a setter
 * reaches synapses and stimulus sources, which run it per instance, not
 * such cells, which take parameters per run (lower_net.c). */
static const struct sym *population_of(struct sema *s, const struct sym *mech)
{
    for (unsigned i = 0; i < s->global->n; i++) {
        const struct sym *pop = s->global->syms[i];
        if (pop->kind == SYM_POPULATION && sema_pop_art(s, pop) &&
            strcmp(pop->decl->kids[0]->str, mech->name) == 0)
            return pop;
    }
    return NULL;
}

static void check_set(struct sema *s, struct ast *set, struct scope *scope)
{
    struct ast *path[8];
    int n = 0;
    for (struct ast *p = set->kids[0]; p && n < 8; p = p->kind == AST_MEMBER ? p->kids[0] : NULL)
        path[n++] = p;
    /* path[n-1] is the root NAME; reverse order */
    struct ast *root = path[n - 1];
    bool top = scope == s->global;
    if (n == 2 && !strcmp(root->str, "simulation")) {
        if (!top)
            diag_error(s->diag, set->kids[0]->loc, "an experiment cannot set the simulation: "
                       "every experiment runs the same one (set it at the top level or with "
                       "--set)");
        return;     /* checked as a property of the simulation block */
    }
    if (n == 1) {
        struct sym *param = sema_lookup_local(s->global, root->str);
        if (param && param->kind == SYM_MODEL_PARAM) {
            root->sym = param;
            param->uses++;
            if (!top)
                diag_error(s->diag, set->kids[0]->loc, "an experiment cannot set model "
                           "parameter '%s': it shapes the network every experiment shares (set "
                           "it at the top level or with --set)", root->str);
            return;     /* its value is checked with the parameter (sema_params.c) */
        }
        if (!param && sema_suggest(root->str, s->global, KIND_BIT(SYM_MODEL_PARAM))) {
            sema_unknown(s, root->loc, "model parameter", root->str, s->global,
                         KIND_BIT(SYM_MODEL_PARAM));
            return;
        }
    }
    if (n < 2) {
        diag_error(s->diag, set->kids[0]->loc, "'set' needs a path such as bkg.rate or "
                   "PYR.soma.hh.gnabar");
        return;
    }
    struct sym *sym = sema_lookup(scope, root->str);
    if (!sym) {
        sema_unknown(s, root->loc, "name", root->str, scope,
                     KIND_BIT(SYM_MECH) | KIND_BIT(SYM_STIMULUS) | KIND_BIT(SYM_SYNAPSE) |
                     KIND_BIT(SYM_CELL));
        return;
    }
    sym->uses++;
    root->sym = sym;
    struct ast *value = set->kids[1];
    struct sym *mech = NULL;
    const struct ast *in_section = NULL;   /* CELL.SEC.MECH.PARAM: values per segment */
    struct ast *leaf = path[0];
    switch (sym->kind) {
    case SYM_MECH:
        mech = sym;
        if (n != 2)
            goto bad_path;
        break;
    case SYM_SYNAPSE:
        mech = sym->decl->kids[0]->sym;
        if (n != 2)
            goto bad_path;
        break;
    case SYM_STIMULUS: {
        if (n != 2)
            goto bad_path;
        mech = sym->decl->kids[0]->sym;
        bool conn = !strcmp(leaf->str, "weight") || !strcmp(leaf->str, "delay");
        if (conn && sema_stim_connects(sym->decl)) {
            struct sym *own = mech ? settable(mech, leaf->str) : NULL;
            if (own) {  /* the block tells them apart; a set's path cannot */
                diag_error(s->diag, leaf->loc, "set %s.%s is ambiguous: stimulus '%s' has a "
                           "connection, whose %s it could be, and its mechanism '%s' has a %s "
                           "'%s'; give the one meant in the stimulus's blocks (or set %s.%s: "
                           "the %s of every %s)", sym->name, leaf->str, sym->name, leaf->str,
                           mech->name, sema_kind_name(own->kind), leaf->str, mech->name,
                           leaf->str, sema_kind_name(own->kind), mech->name);
                diag_note(s->diag, ast_name_loc(own->decl), "'%s' of '%s' is declared here",
                          leaf->str, mech->name);
                return;
            }
            struct units_val wu;
            struct sym *art = NULL;
            if (!ast_kid(sym->decl, 4))
                sema_selector_kinds(s, ast_kid(sym->decl, 2), &art);
            bool have = sema_weight_unit(art ? art : sema_synapse_mech(ast_kid(sym->decl, 4)),
                                         &wu);
            struct ast tmp = {.kind = AST_PROP, .str = leaf->str, .loc = leaf->loc,
                              .nkids = 1, .kids = &set->kids[1]};
            check_value(s, &tmp, find_spec(netcon_props, leaf->str), wu, have);
            return;
        }
        if (conn && mech && !settable(mech, leaf->str)) {
            diag_error(s->diag, leaf->loc, "stimulus '%s' is a point process (%s) placed on the "
                       "cell itself, with no connection: it has no %s", sym->name, mech->name,
                       leaf->str);
            return;
        }
        break;
    }
    case SYM_CELL: {
        /* the cell type's code is built once, for every run: one
         * experiment cannot have cells of its own */
        if (!top)
            diag_error(s->diag, set->loc, "a cell type is compiled with its geometry and "
                       "mechanism parameters: set them in the protocol or with --set, not in "
                       "one experiment");
        if (n < 3)
            goto bad_path;
        struct ast *secn = path[n - 2];
        struct sym *sec = sema_lookup_local(sym->members, secn->str);
        struct ast *block = sec && sec->kind == SYM_SECTION ? sec->decl : NULL;
        for (unsigned i = 0; sec && sec->kind == SYM_SECLIST && i < sym->decl->nkids; i++) {
            struct ast *b = sym->decl->kids[i];     /* a morphology's list: its block */
            if (b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK && b->str == secn->str)
                block = b;
        }
        if (!block) {
            sema_unknown(s, secn->loc, "section", secn->str, sym->members, KIND_BIT(SYM_SECTION));
            return;
        }
        const struct sema_ion *ion;
        int field;
        if ((n == 3 || n == 4) && sema_ion_setting(s, leaf->str, &ion, &field)) {
            struct ast tmp = {.kind = AST_PROP, .str = leaf->str, .loc = leaf->loc,
                              .nkids = 1, .kids = &set->kids[1]};
            bool used = false;
            for (unsigned i = 0; i < sec->decl->nkids; i++)
                if (sec->decl->kids[i]->kind == AST_INSERT &&
                    (n == 3 || sec->decl->kids[i]->str == path[1]->str) &&
                    sema_mech_uses_ion(sec->decl->kids[i]->sym, ion->name))
                    used = true;
            if (!used)
                diag_error(s->diag, leaf->loc, "no mechanism inserted in section '%s' of '%s' "
                           "uses ion '%s', so it has no '%s'", secn->str, sym->name, ion->name,
                           leaf->str);
            else {
                unsigned errors = diag_errors(s->diag);
                check_ion_value(s, &tmp, ion, field);
                if (field != ION_E && diag_errors(s->diag) == errors)
                    sema_check_conc_setting(s, sym->decl, block, &tmp, ion);
            }
            return;
        }
        if (n == 3) {
            struct ast tmp = {.kind = AST_PROP, .str = leaf->str, .loc = leaf->loc,
                              .nkids = 1, .kids = &set->kids[1]};
            if ((block->op == SECTION_LIST_BLOCK || block->op == SECTION_MORPH) &&
                geometry_of_morphology(leaf->str)) {
                diag_error(s->diag, leaf->loc, "cell '%s' takes '%s' of its sections from its "
                           "morphology: it cannot be set", sym->name, leaf->str);
                return;
            }
            const struct prop_spec *spec = find_spec(section_props, leaf->str);
            if (!spec)
                unknown_key(s, &tmp, section_props, "a section");
            else
                check_value(s, &tmp, spec, (struct units_val){0}, false);
            return;
        }
        if (n != 4)
            goto bad_path;
        struct ast *mn = path[1];
        struct sym *m = NULL;
        for (unsigned i = 0; i < block->nkids; i++)
            if (block->kids[i]->kind == AST_INSERT && block->kids[i]->str == mn->str)
                m = block->kids[i]->sym;
        if (!m) {
            /* a morphology cell's set changes what one block writes: name the
             * block that inserts it, if another does */
            const struct ast *other = NULL;
            for (unsigned i = 0; block->op == SECTION_LIST_BLOCK && i < sym->decl->nkids; i++) {
                const struct ast *b = sym->decl->kids[i];
                for (unsigned k = 0; b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK &&
                                     b != block && k < b->nkids; k++)
                    if (b->kids[k]->kind == AST_INSERT && b->kids[k]->str == mn->str &&
                        lists_meet(sym->decl, b->str, secn->str))
                        other = b;
            }
            if (other)
                diag_error(s->diag, mn->loc, "block '%s' of '%s' does not insert '%s' (block "
                           "'%s' does): a set changes what one block writes, so set %s.%s.%s.%s, "
                           "or insert '%s' in the block '%s'", secn->str, sym->name, mn->str,
                           other->str, sym->name, other->str, mn->str, leaf->str, mn->str,
                           secn->str);
            else
                diag_error(s->diag, mn->loc, "'%s' is not inserted in section '%s' of '%s'",
                           mn->str, secn->str, sym->name);
            return;
        }
        mech = m;
        in_section = sec->decl;
        break;
    }
    default:
        diag_error(s->diag, root->loc, "cannot set a parameter of %s '%s'",
                   sema_kind_name(sym->kind), root->str);
        return;
    }
    if (!mech)
        return;
    {
        struct sym *param = settable(mech, leaf->str);
        if (!param) {
            unknown_param(s, leaf, mech, leaf->str);
            return;
        }
        leaf->sym = param;
        param->uses++;
        if (sym->kind == SYM_MECH && param->kind == SYM_SETTER && population_of(s, sym)) {
            diag_error(s->diag, set->loc, "set %s.%s reaches synapses and stimuli, not the "
                       "cells of population '%s': set the parameter it stands for instead",
                       sym->name, leaf->str, population_of(s, sym)->name);
            return;
        }
        if (in_section)
            check_segment_value(s, value, param, in_section);
        else
            check_param_value(s, value, param);
    }
    return;
bad_path:
    diag_error(s->diag, set->kids[0]->loc, "cannot set '%s' this way; use %s", root->str,
               sym->kind == SYM_CELL ? "CELL.SECTION.PROPERTY or CELL.SECTION.MECHANISM.PARAMETER"
                                     : "NAME.PARAMETER");
}

/* `cai0_ca_ion = 1e-4 mM` in the simulation: NEURON's global, where both
 * concentrations of the ion start in a section whose style has cinit (a
 * mechanism there writes one: eion.cpp ion_init).  Other sections keep
 * their own values, or NEURON's defaults (ion_alloc), whatever the global. */
static void check_ion_global(struct sema *s, struct ast *p)
{
    char ion[64];
    int field;
    if (!sema_ion_global_key(p->str, ion, sizeof ion, &field))
        return;
    struct sema_ion *e = NULL;
    for (unsigned i = 0; i < s->nions; i++)
        if (strcmp(s->ions[i].name, ion) == 0)
            e = &s->ions[i];
    if (!e) {
        diag_error(s->diag, p->loc, "'%s': no mechanism of the model uses ion '%s'", p->str,
                   ion);
        return;
    }
    const struct prop_spec conc = UPOS(p->str, "mM");
    unsigned errors = diag_errors(s->diag);
    check_value(s, p, &conc, (struct units_val){0}, false);
    double x;
    if (diag_errors(s->diag) != errors || !sema_const_value(p->kids[0], &x))
        return;
    if (field == ION_CI)
        e->ci_init = x;
    else
        e->co_init = x;
}

/* ---- the simulation's temperature ----------------------------------------------------
 *
 * A unit is a dimension and a scale, so K and degC are one unit to sema:
 * right for a temperature difference (a Q10's (celsius - 6.3 degC) / 10
 * degC), wrong for the simulation's temperature, an absolute one (NEURON's
 * celsius), where 279.45 K is 6.3 degC.  A temperature written as one
 * number in K, or as a model parameter whose value is one, is moved to
 * degC here; K anywhere else in the expression (300 K - 20 K, a parameter
 * declared in K given in degC) has no one meaning and is refused.
 */


/* Does a unit spelling have `atom` among its atoms (K: "K", "K2",
 * "J/mol/K"; degC: "degC", "1/degC")? */
static bool spells_atom(const char *unit, const char *atom)
{
    size_t n = strlen(atom);
    for (const char *p = unit; p && *p;) {
        size_t len = strcspn(p, "*/");
        if (strcspn(p, "*/^0123456789") == n && strncmp(p, atom, n) == 0)
            return true;
        p += len + (p[len] != '\0');
    }
    return false;
}

static bool spells_kelvin(const char *unit)
{
    return spells_atom(unit, "K");
}

/* The model parameter e names, or NULL.  Looked up: the simulation's
 * properties are typed after this reads them. */
static struct sym *model_param_of(struct sema *s, const struct ast *e)
{
    struct sym *p = e->kind == AST_NAME ? sema_lookup_local(s->global, e->str) : NULL;
    return p && p->kind == SYM_MODEL_PARAM ? p : NULL;
}

/* Is `atom` among the units e is written in: a number's, or a parameter's
 * it names (its annotation's or its value's)?  depth bounds the walk
 * through parameters' values (a parameter's value that names itself is
 * reported by sema_params.c, not followed forever). */
static bool mentions_atom(struct sema *s, const struct ast *e, const char *atom, int depth)
{
    if (!e || depth > 32)
        return false;
    if (e->kind == AST_NUM)
        return e->str && spells_atom(e->str, atom);
    struct sym *param = model_param_of(s, e);
    if (!param && e->kind == AST_NAME && e->sym && e->sym->decl &&
        (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_CONSTANT))
        param = e->sym;     /* a mechanism's, in another's default */
    if (param) {
        const struct ast *annot = ast_kid(param->decl, 1);
        return (annot && annot->str && spells_atom(annot->str, atom)) ||
               mentions_atom(s, param->kind == SYM_MODEL_PARAM
                                    ? sema_model_param_value(s, param)
                                    : ast_kid(param->decl, 0), atom, depth + 1);
    }
    for (unsigned i = 0; i < e->nkids; i++)
        if (mentions_atom(s, e->kids[i], atom, depth))
            return true;
    return false;
}

static bool mentions_kelvin(struct sema *s, const struct ast *e, int depth)
{
    return mentions_atom(s, e, "K", depth);
}

/* One number in `unit` (its sign aside), or a model parameter whose value
 * is one: true, with the number in *t.  (The simulation's names are not
 * resolved yet, so sema_const_value cannot read a parameter here.) */
static bool number_in(struct sema *s, const struct ast *e, const char *unit, int depth,
                      double *t)
{
    double sign = 1;
    for (; e && e->kind == AST_UNOP && (e->op == OP_NEG || e->op == OP_PLUS); e = e->kids[0])
        sign = e->op == OP_NEG ? -sign : sign;
    if (!e || depth > 32)
        return false;
    if (e->kind == AST_NUM && e->str && strcmp(e->str, unit) == 0) {
        *t = sign * e->num;
        return true;
    }
    struct sym *param = model_param_of(s, e);
    const struct ast *annot = param ? ast_kid(param->decl, 1) : NULL;
    if (!param || (annot && strcmp(annot->str, unit) != 0) || !param->has_value ||
        !number_in(s, sema_model_param_value(s, param), unit, depth + 1, t))
        return false;
    *t = sign * param->value;
    return true;
}

static bool kelvin_number(struct sema *s, const struct ast *e, int depth, double *t)
{
    return number_in(s, e, "K", depth, t);
}

/* The simulation block with its temperature in degC: sim itself, or a copy
 * whose temperature is the number in degC (the tree the parser built stays
 * as it was). */
static struct ast *temperature_in_celsius(struct sema *s, struct ast *sim)
{
    struct ast *p = ast_find_prop(sim, "temperature");
    struct ast *v = p ? p->kids[0] : NULL;
    double t;
    if (!v || !mentions_kelvin(s, v, 0))
        return sim;
    if (!kelvin_number(s, v, 0, &t)) {
        diag_error(s->diag, v->loc, "a temperature in kelvin must be one number, such as "
                   "310.15 K (read as 37 degC); write this one in degC");
        return sim;
    }
    struct ast *celsius = ast_new(s->arena, AST_NUM, v->loc);
    celsius->num = units_kelvin_to_celsius(t);
    celsius->str = "degC";
    struct ast *prop = ast_make(s->arena, AST_PROP, p->loc, p->str, 1, celsius);
    prop->nloc = p->nloc;
    struct ast *copy = ast_new(s->arena, AST_SIMULATION, sim->loc);
    copy->nloc = sim->nloc;
    for (unsigned i = 0; i < sim->nkids; i++)
        ast_add(s->arena, copy, sim->kids[i] == p ? prop : sim->kids[i]);
    return copy;
}

/* A value given for something whose unit is a temperature alone (a
 * mechanism's `temp: degC`, a model parameter in K): an absolute
 * temperature or a difference of two, which units cannot tell apart.  In
 * the other unit than the one declared, it has two meanings (296.15 K is
 * 23 degC as a temperature, 296.15 degC as a difference), so it is refused
 * (false, reported at the value); the simulation's temperature, always an
 * absolute one, is converted instead (temperature_in_celsius). */
bool sema_check_temperature(struct sema *s, const struct ast *value, const char *unit,
                            const char *what)
{
    struct units_val u;
    const char *bad;
    size_t badlen;
    struct units_dim temperature = {{0}};
    temperature.e[DIM_TEMPERATURE] = 1;
    if (!value || !unit || !units_parse(unit, &u, &bad, &badlen) ||
        !units_dim_eq(u.dim, temperature))
        return true;
    bool kelvin = spells_kelvin(unit);
    if (!mentions_atom(s, value, kelvin ? "degC" : "K", 0))
        return true;
    char example[160] = "";
    double x;
    if (!kelvin && kelvin_number(s, value, 0, &x))
        snprintf(example, sizeof example, " (%.15g K is %.15g degC as a temperature, "
                 "%.15g degC as a difference)", x, units_kelvin_to_celsius(x), x);
    else if (kelvin && number_in(s, value, "degC", 0, &x))
        snprintf(example, sizeof example, " (%.15g degC is %.15g K as a temperature, "
                 "%.15g K as a difference)", x, x + 273.15, x);
    diag_error(s->diag, value->loc, "%s is in %s, and this value is in %s: units read K and "
               "degC as one unit, right for a difference of temperatures but not for a "
               "temperature%s; write it in %s", what, kelvin ? "K" : "degC",
               kelvin ? "degC" : "K", example, kelvin ? "K" : "degC");
    return false;
}

static void check_simulation(struct sema *s, struct ast *sim)
{
    check_props(s, sim, simulation_props, "the simulation", (struct units_val){0}, false);
    for (unsigned i = 0; i < sim->nkids; i++)
        if (sim->kids[i]->kind == AST_PROP)
            check_ion_global(s, sim->kids[i]);
    /* dt and duration first (records and lints check against them, written
     * before or after), the default dt where none is given */
    s->dt = SIM_DEFAULT_DT_MS;
    s->have_dt = true;
    for (unsigned i = 0; i < sim->nkids; i++) {
        struct ast *p = sim->kids[i];
        double x;
        if (p->kind == AST_PROP && (!strcmp(p->str, "dt") || !strcmp(p->str, "duration")) &&
            sema_const_value(p->kids[0], &x)) {
            if (!strcmp(p->str, "dt")) {
                s->dt = x;
            } else {
                s->tstop = x;
                s->have_tstop = true;
            }
        } else if (p->kind == AST_PROP && !strcmp(p->str, "dt")) {
            s->have_dt = false;     /* not a constant: not known here */
        }
    }
    for (unsigned i = 0; i < sim->nkids; i++) {
        struct ast *p = sim->kids[i];
        if (p->kind != AST_RECORD)
            continue;
        check_selector(s, ast_kid(p, 0));
        sema_check_location_x(s, ast_kid(p, 1));
    }
    /* after the loop: an interval is checked against dt */
    for (unsigned i = 0; i < sim->nkids; i++)
        if (sim->kids[i]->kind == AST_RECORD)
            sema_check_record(s, sim->kids[i]);
}

/* Properties that only some kinds of figure draw (rt_figures.c reads them
 * for those kinds only: bin_or, max_freq, order, windows); the others
 * (title, experiments, populations, file) apply to every kind.  Written
 * on another kind, one would change nothing without a word. */
static const struct {
    const char *prop;
    const char *kinds[6];
    const char *text;
} figure_kind_props[] = {
    {"bin", {"raster", "psth", "psd"}, "raster, psth and psd"},
    {"max_freq", {"psd"}, "psd"},
    {"order", {"raster"}, "raster"},
    {"windows", {"raster", "psth", "rates", "psd", "spikestats"},
     "raster, psth, rates, psd and spikestats"},
};

static void check_figure_kind_prop(struct sema *s, const struct ast *p, const char *kind)
{
    for (size_t i = 0; p->kind == AST_PROP && i < sizeof figure_kind_props /
                                                   sizeof *figure_kind_props; i++) {
        if (strcmp(p->str, figure_kind_props[i].prop) != 0)
            continue;
        for (int k = 0; k < 6 && figure_kind_props[i].kinds[k]; k++)
            if (strcmp(kind, figure_kind_props[i].kinds[k]) == 0)
                return;
        diag_error(s->diag, p->loc, "'%s' applies to %s figures only, not %s", p->str,
                   figure_kind_props[i].text, kind);
    }
}

static void check_figure(struct sema *s, struct ast *f)
{
    struct ast *kind = f->kids[0];
    bool known = false;
    for (int i = 0; figure_kinds[i]; i++)
        known |= strcmp(kind->str, figure_kinds[i]) == 0;
    if (!known) {
        const char *best = NULL;
        for (int i = 0; figure_kinds[i]; i++)
            if (diag_edit_distance(kind->str, figure_kinds[i]) <= 2)
                best = figure_kinds[i];
        if (best)
            diag_error(s->diag, kind->loc, "unknown figure kind '%s'; did you mean '%s'?",
                       kind->str, best);
        else
            diag_error(s->diag, kind->loc, "unknown figure kind '%s' (expected raster, traces, "
                       "psth, rates, connectivity, positions2d, positions3d, psd or spikestats)",
                       kind->str);
    }
    struct ast *props = f->kids[1];
    check_props(s, props, figure_props, "a figure", (struct units_val){0}, false);
    struct ast *order = ast_find_prop(props, "order");
    if (order) {
        struct ast *v = order->kids[0];
        if (v->kind != AST_NAME || (strcmp(v->str, "gid") && strcmp(v->str, "x") &&
                                    strcmp(v->str, "y") && strcmp(v->str, "z")))
            diag_error(s->diag, v->loc, "'order' must be gid, x, y (depth) or z: what orders "
                       "the rows");
    }
    for (unsigned i = 0; known && props && i < props->nkids; i++)
        check_figure_kind_prop(s, props->kids[i], kind->str);
    for (unsigned i = 0; props && i < props->nkids; i++) {
        struct ast *p = props->kids[i];
        struct ast *v = p->kids[0];
        if (v->kind != AST_LIST)
            continue;
        unsigned mask = !strcmp(p->str, "experiments") ? KIND_BIT(SYM_EXPERIMENT)
                      : !strcmp(p->str, "populations") ? KIND_BIT(SYM_POPULATION) | KIND_BIT(SYM_GROUP)
                      : !strcmp(p->str, "windows") ? KIND_BIT(SYM_WINDOW) : 0;
        const char *what = !strcmp(p->str, "experiments") ? "experiment"
                         : !strcmp(p->str, "populations") ? "population or group" : "window";
        for (unsigned k = 0; mask && k < v->nkids; k++) {
            struct ast *e = v->kids[k];
            if (e->kind == AST_ALL && !strcmp(p->str, "populations"))
                continue;
            if (e->kind != AST_NAME) {
                diag_error(s->diag, e->loc, "expected the name of a %s", what);
                continue;
            }
            sema_resolve(s, e, mask, what);
        }
    }
}

static void check_window(struct sema *s, struct ast *w)
{
    struct ast *v = w->kids[0];
    struct ctx c = {.where = CTXB_MATH};
    struct tval t = sema_expr(s, v, &c);
    if (t.ty == TY_ERROR)
        return;
    if (t.ty != TY_INTERVAL) {
        char got[96];
        diag_error(s->diag, v->loc, "a window is a half-open time interval such as "
                   "[200 ms, 400 ms), got %s", sema_describe_tval(t, got, sizeof got));
        return;
    }
    sema_check_interval(s, v, t.u, w->str);
}

bool sema_check_interval(struct sema *s, struct ast *v, struct units_val u, const char *name)
{
    char what[96];
    if (name)
        snprintf(what, sizeof what, "window '%s'", name);
    else
        snprintf(what, sizeof what, "the window");
    v->kids[0]->scale *= units_factor(u, units_must("ms"));
    v->kids[1]->scale *= units_factor(u, units_must("ms"));
    double a, b;
    if (!sema_const_value(v->kids[0], &a) || !sema_const_value(v->kids[1], &b)) {
        diag_error(s->diag, v->loc, "a window's bounds must be constants");
        return false;
    }
    if (!isfinite(a) || !isfinite(b)) {
        diag_error(s->diag, v->loc, "%s must start and end at finite times, got [%g ms, %g ms)",
                   what, plain_nan(a), plain_nan(b));
        return false;
    }
    unsigned before = diag_errors(s->diag);
    if (a >= b)
        diag_error(s->diag, v->loc, "%s is empty: it starts at %g ms and ends at %g ms", what,
                   a, b);
    if (a < 0)
        diag_error(s->diag, v->loc, "%s starts before time 0", what);
    return diag_errors(s->diag) == before;
}

void sema_check_set(struct sema *s, struct ast *set, struct scope *scope)
{
    check_set(s, set, scope);
}

static void check_analysis(struct sema *s, struct ast *it)
{
    struct ctx c = {.where = CTXB_MATH | CTXB_ANALYSIS};
    struct ast *e = it->kids[1];
    if (it->kind == AST_MEASURE) {
        if (it->sym)
            sema_type_measure(s, it->sym);
        return;
    }
    struct tval t = sema_expr(s, e, &c);
    if (t.ty != TY_ERROR && t.ty != TY_BOOL) {
        char got[96];
        diag_error(s->diag, e->loc, "'expect' needs a condition such as gain > 20, got %s",
                   sema_describe_tval(t, got, sizeof got));
    }
}

static void check_item(struct sema *s, struct ast *it)
{
    switch (it->kind) {
    case AST_MECH:
        check_mechanism(s, it);
        break;
    case AST_CELL:
        check_cell(s, it);
        break;
    case AST_NETWORK:
        check_props(s, it, network_props, "the network", (struct units_val){0}, false);
        break;
    case AST_POPULATION: {
        struct ast *props = ast_kid(it, 1);
        struct sym *art = it->sym ? sema_pop_art(s, it->sym) : NULL;
        if (art && props) {
            /* its own keys, then the artificial cell's parameters */
            struct ast *own = ast_new(s->arena, AST_LIST, props->loc);
            struct ast *params = ast_new(s->arena, AST_LIST, props->loc);
            for (unsigned i = 0; i < props->nkids; i++)
                ast_add(s->arena, props->kids[i] && props->kids[i]->kind == AST_PROP &&
                                  !find_spec(population_props, props->kids[i]->str) ? params : own,
                        props->kids[i]);
            check_props(s, own, population_props, "a population", (struct units_val){0}, false);
            check_mech_props(s, params, art, false, NULL);
        } else {
            check_props(s, props, population_props, "a population", (struct units_val){0}, false);
        }
        check_placement_ranges(s, it);
        int sizes = (ast_find_prop(props, "count") != NULL) + (ast_find_prop(props, "density") != NULL);
        if (sizes != 1)
            diag_error(s->diag, it->loc, sizes ? "population '%s' has both a count and a density"
                       : "population '%s' needs a count or a density", it->str);
        break;
    }
    case AST_SYNAPSE:
        check_mech_props(s, ast_kid(it, 1), ast_kid(it, 0)->sym, false, NULL);
        break;
    case AST_CONNECT:
        check_connect(s, it);
        break;
    case AST_STIMULUS:
        check_stimulus(s, it);
        break;
    case AST_SIMULATION:
        check_simulation(s, it);
        break;
    case AST_EXPERIMENT: {
        struct scope *sc = it->sym ? it->sym->members : s->global;
        for (unsigned i = 0; i < it->nkids; i++) {
            struct ast *e = it->kids[i];
            if (e->kind == AST_STIMULUS)
                check_stimulus(s, e);
            else if (e->kind == AST_SET)
                check_set(s, e, sc);
        }
        check_props(s, it, experiment_props, "an experiment", (struct units_val){0}, false);
        break;
    }
    case AST_SET:
        check_set(s, it, s->global);
        break;
    case AST_SWEEP:
        sema_check_sweep(s, it);
        break;
    case AST_FIT:
        sema_check_fit(s, it);
        break;
    case AST_WINDOW:
        check_window(s, it);
        break;
    case AST_MEASURE:
    case AST_EXPECT:
        check_analysis(s, it);
        break;
    case AST_FIGURE:
        check_figure(s, it);
        break;
    default:
        break;
    }
}

/* The network's size, and its simulation's duration, which has no
 * sensible default: NEURON's 5 ms is never what a study meant, so a model
 * with cells to simulate must say it.  A file of mechanisms or cells only
 * is a library and needs no simulation block. */
static void check_size_and_duration(struct sema *s)
{
    struct ast *pop = NULL;     /* the first population */
    double total = 0;           /* gids are the runtime's ints: the network is bounded too */
    for (int p = 0; p < s->nprograms; p++)
        for (unsigned i = 0; i < s->programs[p]->nkids; i++) {
            struct ast *it = s->programs[p]->kids[i];
            if (it->kind != AST_POPULATION)
                continue;
            if (!pop)
                pop = it;
            struct ast *count = ast_find_prop(ast_kid(it, 1), "count");
            double n;
            if (!count || !sema_const_value(count->kids[0], &n) || !(n >= 0 && n <= MAX_COUNT))
                continue;
            if (total <= MAX_COUNT && total + n > MAX_COUNT)
                diag_error(s->diag, count->kids[0]->loc, "population '%s' brings the network to "
                           "%.0f cells, more than %.0f", it->str, total + n, MAX_COUNT);
            total += n;
        }
    if (!s->simulation) {
        if (pop)
            diag_error(s->diag, pop->nloc, "the model has no 'simulation' block: add one with the "
                       "duration to simulate, such as simulation { duration = 1000 ms }");
        return;
    }
    if (!ast_find_prop(s->simulation, "duration")) {
        struct loc kw = s->simulation->loc;
        kw.end = kw.start + (unsigned)strlen("simulation");
        diag_error(s->diag, kw, "the simulation needs a duration, such as duration = 1000 ms");
    }
}

void sema_pass_model(struct sema *s)
{
    sema_model_params(s);
    sema_effective_simulation(s);
    if (s->simulation) {    /* first: later checks use dt and duration */
        s->simulation = temperature_in_celsius(s, s->simulation);
        check_item(s, s->simulation);
    }
    for (int p = 0; p < s->nprograms; p++)
        for (unsigned i = 0; i < s->programs[p]->nkids; i++)
            if (s->programs[p]->kids[i]->kind != AST_SIMULATION)   /* done, as `set` left it */
                check_item(s, s->programs[p]->kids[i]);
    check_size_and_duration(s);
}

const char *sema_property_unit(const char *key)
{
    static const struct prop_spec *const schemas[] = {
        section_props, cell_props, network_props, population_props, connect_props,
        netcon_props, simulation_props, experiment_props, figure_props,
    };
    for (size_t i = 0; i < sizeof schemas / sizeof *schemas; i++) {
        const struct prop_spec *spec = find_spec(schemas[i], key);
        if (spec && spec->unit && (spec->val == V_UNIT || spec->val == V_RANGE ||
                                   spec->val == V_CONN))
            return spec->unit;
    }
    return NULL;
}
