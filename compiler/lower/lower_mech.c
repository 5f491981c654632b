/* lower_mech.c - a checked mechanism to IR.
 *
 * Names become variable indices; unit conversions recorded by sema become
 * explicit multiplications (only where the factor is not 1, so NEURON-style
 * models lower to NEURON's exact operations); `let` locals and arguments
 * become LOCAL vars; each `y' = f` becomes a cnexp update after f is put in
 * the linear form a + b*y, the way NMODL's cnexp does it.
 */
#include "lower.h"
#include "lower_int.h"
#include "sema.h"

#include <math.h>
#include <string.h>


int ir_mech_var(const struct ir_mech *m, const char *name)
{
    for (unsigned i = 0; i < m->nvars; i++)
        if (strcmp(m->vars[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int add_var(struct lm *l, struct sym *sym, const char *name, enum ir_var_kind kind)
{
    if (l->m->nvars == l->cap) {
        unsigned cap = l->cap ? 2 * l->cap : 32;
        l->m->vars = arena_realloc(l->a, l->m->vars, l->cap * sizeof *l->m->vars,
                                   cap * sizeof *l->m->vars);
        l->syms = arena_realloc(l->a, l->syms, l->cap * sizeof *l->syms, cap * sizeof *l->syms);
        l->cap = cap;
    }
    int i = (int)l->m->nvars++;
    l->m->vars[i] = (struct ir_var){.name = name, .kind = kind, .slot = -1, .ion = -1};
    l->syms[i] = sym;
    if (kind == IRV_PARAM || kind == IRV_STATE || kind == IRV_ASSIGNED)
        l->m->vars[i].slot = (int)l->m->nslots++;
    return i;
}

static int var_of(struct lm *l, struct sym *sym)
{
    for (unsigned i = 0; i < l->m->nvars; i++)
        if (l->syms[i] == sym)
            return (int)i;
    if (sym->kind == SYM_BUILTIN_VAR) {
        static const char *const names[] = {"v", "t", "dt", "celsius", "area", "flag", "diam"};
        for (int b = 0; b < 7; b++)
            if (strcmp(sym->name, names[b]) == 0) {
                int i = add_var(l, sym, sym->name, IRV_BUILTIN);
                l->m->vars[i].builtin = b;
                return i;
            }
    }
    if (sym->kind == SYM_LOCAL || sym->kind == SYM_ARG ||
        (sym->kind == SYM_BUILTIN_VAR && (!strcmp(sym->name, "f_flux") ||
                                          !strcmp(sym->name, "b_flux"))))
        return add_var(l, sym, sym->name, IRV_LOCAL);   /* f_flux: lower_kinetic's */
    diag_error(l->s->diag, sym->decl ? sym->decl->loc : LOC_NONE,
               "internal error: '%s' has no storage in mechanism '%s'", sym->name, l->m->name);
    l->ok = false;
    return 0;
}

static struct ir_expr *mk(struct lm *l, enum ir_op op, unsigned nargs)
{
    struct ir_expr *e = arena_alloc(l->a, sizeof *e);
    e->op = op;
    e->nargs = nargs;
    if (nargs)
        e->args = arena_alloc(l->a, nargs * sizeof *e->args);
    return e;
}

/* NEURON's net_send(d, flag) queues the event at `t + d` as C reads that
 * text: when d is a sum or difference, t joins its first term, (t + a) - b
 * for `etime - t`, not t + (a - b).  The time of an additive delay, so. */
static struct ir_expr *send_time(struct lm *l, const struct ir_expr *d)
{
    struct ir_expr *t = mk(l, IR_VAR, 0);
    t->var = lm_builtin(l, IRB_T, "t");
    if (d->op != IR_ADD && d->op != IR_SUB) {
        struct ir_expr *sum = mk(l, IR_ADD, 2);
        sum->args[0] = t;
        sum->args[1] = (struct ir_expr *)d;
        return sum;
    }
    struct ir_expr *e = mk(l, d->op, 2);
    *e = *d;
    e->args = arena_alloc(l->a, 2 * sizeof *e->args);
    e->args[0] = send_time(l, d->args[0]);
    e->args[1] = d->args[1];
    return e;
}

static struct ir_expr *cst(struct lm *l, double v)
{
    struct ir_expr *e = mk(l, IR_CONST, 0);
    e->value = v;
    return e;
}

static struct ir_expr *bin(struct lm *l, enum ir_op op, struct ir_expr *a, struct ir_expr *b)
{
    struct ir_expr *e = mk(l, op, 2);
    e->args[0] = a;
    e->args[1] = b;
    return e;
}

static struct ir_expr *builtin_var(struct lm *l, int b, const char *name)
{
    struct ir_expr *e = mk(l, IR_VAR, 0);
    e->var = lm_builtin(l, b, name);  /* made a variable on first use */
    return e;
}

static struct ir_expr *un(struct lm *l, enum ir_op op, struct ir_expr *a)
{
    struct ir_expr *e = mk(l, op, 1);
    e->args[0] = a;
    return e;
}

static int func_index(struct lm *l, struct sym *fn)
{
    for (unsigned i = 0; i < l->m->nfuncs; i++)
        if (strcmp(l->m->funcs[i].name, fn->name) == 0)
            return (int)i;
    return -1;
}

static struct ir_expr *expr(struct lm *l, struct ast *n);

/* NEURON 8.2's constants (nrnunits.lib, CODATA 2018: nocmodl's FARADAY =
 * (faraday) (coulomb) and R = (k-mole) (joule/degC)), as eion.cpp uses. */
#define NRN_FARADAY 96485.3321233100184
#define NRN_R 8.3144626181532395

/* A copy of e (an argument used more than once keeps a tree a tree). */
static struct ir_expr *dup(struct lm *l, const struct ir_expr *e)
{
    struct ir_expr *c = mk(l, e->op, e->nargs);
    struct ir_expr **args = c->args;
    *c = *e;
    c->args = args;
    for (unsigned i = 0; i < e->nargs; i++)
        c->args[i] = dup(l, e->args[i]);
    return c;
}

/* eion.cpp's efun(x): |x| < 1e-4 ? 1 - x/2 : x / (exp(x) - 1) */
static struct ir_expr *efun(struct lm *l, struct ir_expr *x)
{
    struct ir_expr *e = mk(l, IR_SELECT, 3);
    struct ir_expr *ax = mk(l, IR_MATH, 1), *ex = mk(l, IR_MATH, 1);
    ax->aux = IRM_FABS;
    ax->args[0] = dup(l, x);
    ex->aux = IRM_EXP;
    ex->args[0] = dup(l, x);
    e->args[0] = bin(l, IR_LT, ax, cst(l, 1e-4));
    e->args[1] = bin(l, IR_SUB, cst(l, 1), bin(l, IR_DIV, dup(l, x), cst(l, 2)));
    e->args[2] = bin(l, IR_DIV, dup(l, x), bin(l, IR_SUB, ex, cst(l, 1)));
    return e;
}

/* ghk(v, ci, co, z) as eion.cpp's nrn_ghk, in its operation order:
 * temp = z*v/ktf, ktf = 1000*R*(celsius + 273.15)/FARADAY;
 * .001*z*FARADAY*(ci*efun(-temp) - co*efun(temp)). */
static struct ir_expr *ghk(struct lm *l, struct ast *call)
{
    struct ir_expr *v = expr(l, call->kids[0]), *ci = expr(l, call->kids[1]);
    struct ir_expr *co = expr(l, call->kids[2]), *z = expr(l, call->kids[3]);
    struct sym *celsius = sema_lookup(l->s->builtins, arena_intern(l->a, "celsius", 7));
    struct ir_expr *cel = mk(l, IR_VAR, 0);
    cel->var = var_of(l, celsius);
    struct ir_expr *ktf = bin(l, IR_DIV, bin(l, IR_MUL, cst(l, 1000. * NRN_R),
                                             bin(l, IR_ADD, cel, cst(l, 273.15))),
                              cst(l, NRN_FARADAY));
    struct ir_expr *temp = bin(l, IR_DIV, bin(l, IR_MUL, dup(l, z), v), ktf);
    struct ir_expr *eco = bin(l, IR_MUL, co, efun(l, temp));
    struct ir_expr *eci = bin(l, IR_MUL, ci, efun(l, un(l, IR_NEG, dup(l, temp))));
    return bin(l, IR_MUL, bin(l, IR_MUL, bin(l, IR_MUL, cst(l, .001), z), cst(l, NRN_FARADAY)),
               bin(l, IR_SUB, eci, eco));
}

/* The value of n before its conversion factor. */
static struct ir_expr *raw(struct lm *l, struct ast *n)
{
    switch (n->kind) {
    case AST_NUM:
    case AST_BOOL:
        return cst(l, n->num);
    case AST_NAME: {
        if (n->sym && n->sym->kind == SYM_CONSTANT) {
            double v;
            if (sema_const_value(ast_kid(n->sym->decl, 0), &v))
                return cst(l, v);
        }
        for (unsigned i = 0; n->sym && n->sym->kind == SYM_VALUE && i < l->nvalues; i++)
            if (l->value_syms[i] == n->sym)
                return dup(l, l->value_exprs[i]);   /* inlined: the current's arithmetic */
        if (n->sym && n->sym->kind == SYM_BUILTIN_VAR && !strcmp(n->sym->name, "FARADAY"))
            return cst(l, NRN_FARADAY);
        if (n->sym && n->sym->kind == SYM_BUILTIN_VAR && !strcmp(n->sym->name, "R"))
            return cst(l, NRN_R);
        struct ir_expr *e = mk(l, IR_VAR, 0);
        e->var = n->sym ? var_of(l, n->sym) : 0;
        return e;
    }
    case AST_UNOP:
        if (n->op == OP_PLUS)
            return expr(l, n->kids[0]);
        return un(l, n->op == OP_NEG ? IR_NEG : IR_NOT, expr(l, n->kids[0]));
    case AST_BINOP: {
        static const enum ir_op ops[] = {
            [OP_ADD] = IR_ADD, [OP_SUB] = IR_SUB, [OP_MUL] = IR_MUL, [OP_DIV] = IR_DIV,
            [OP_POW] = IR_POW, [OP_AND] = IR_AND, [OP_OR] = IR_OR, [OP_EQ] = IR_EQ,
            [OP_NE] = IR_NE, [OP_LT] = IR_LT, [OP_LE] = IR_LE, [OP_GT] = IR_GT, [OP_GE] = IR_GE,
        };
        return bin(l, ops[n->op], expr(l, n->kids[0]), expr(l, n->kids[1]));
    }
    case AST_COND: {
        struct ir_expr *e = mk(l, IR_SELECT, 3);
        for (int i = 0; i < 3; i++)
            e->args[i] = expr(l, n->kids[i]);
        return e;
    }
    case AST_CALL: {
        struct sym *fn = n->sym;
        if (fn && fn->kind == SYM_BUILTIN_FUNC && !strcmp(fn->name, "ghk") && n->nkids == 4)
            return ghk(l, n);
        if (fn && fn->kind == SYM_BUILTIN_FUNC) {
            /* runtime/crt_math.h's functions, or random numbers and trains */
            int op = IR_MATH, aux = crt_math_lookup(fn->name);
            static const struct { const char *name; int aux; } rand_table[] = {
                {"erand", IRR_ERAND}, {"urand", IRR_URAND}, {"normrand", IRR_NORMRAND},
                {"train_size", IRR_TRAIN_SIZE}, {"train_time", IRR_TRAIN_TIME},
            };
            for (size_t i = 0; aux < 0 && i < sizeof rand_table / sizeof *rand_table; i++)
                if (strcmp(fn->name, rand_table[i].name) == 0) {
                    op = IR_RAND;
                    aux = rand_table[i].aux;
                }
            if (aux >= 0) {
                struct ir_expr *e = mk(l, (enum ir_op)op, n->nkids);
                e->aux = aux;
                for (unsigned k = 0; k < n->nkids; k++)
                    e->args[k] = expr(l, n->kids[k]);
                return e;
            }
        } else if (fn && (fn->kind == SYM_FUNCTION)) {
            struct ir_expr *e = mk(l, IR_CALL, n->nkids);
            e->aux = func_index(l, fn);
            for (unsigned k = 0; k < n->nkids; k++)
                e->args[k] = expr(l, n->kids[k]);
            return e;
        }
        break;
    }
    default:
        break;
    }
    diag_error(l->s->diag, n->loc, "this expression cannot be compiled in a mechanism");
    l->ok = false;
    return cst(l, 0);
}

static struct ir_expr *expr(struct lm *l, struct ast *n)
{
    struct ir_expr *e = raw(l, n);
    if (n->scale == 1.0)
        return e;
    if (e->op == IR_CONST)
        return cst(l, e->value * n->scale);
    /* k * (c * x / y ...) is written ((k*c) * x) / y ...: the factor joins
       the leading constant, where NMODL files write theirs ((1e-3)*2*FARADAY
       *v/...: one rounding, as in 1000/rate) */
    for (struct ir_expr *p = e; p->op == IR_MUL || p->op == IR_DIV; p = p->args[0])
        if (p->args[0]->op == IR_CONST) {
            p->args[0] = cst(l, p->args[0]->value * n->scale);
            return e;
        }
    return bin(l, IR_MUL, e, cst(l, n->scale));
}

/* ---- cnexp: f = a + b*y ------------------------------------------------------- */

static bool mentions(const struct ir_expr *e, int var)
{
    if (e->op == IR_VAR)
        return e->var == var;
    for (unsigned i = 0; i < e->nargs; i++)
        if (mentions(e->args[i], var))
            return true;
    return false;
}

/* NULL stands for zero, so that a + b*y stays in NMODL's shape. */
static struct ir_expr *l_neg(struct lm *l, struct ir_expr *x)
{
    if (!x)
        return NULL;
    if (x->op == IR_CONST)
        return cst(l, -x->value);
    return un(l, IR_NEG, x);
}

static struct ir_expr *l_add(struct lm *l, enum ir_op op, struct ir_expr *x, struct ir_expr *y)
{
    if (!y)
        return x;
    if (!x)
        return op == IR_ADD ? y : l_neg(l, y);
    return bin(l, op, x, y);
}

static struct ir_expr *l_scale(struct lm *l, enum ir_op op, struct ir_expr *x, struct ir_expr *k)
{
    return x ? bin(l, op, x, k) : NULL;
}

static bool linear(struct lm *l, struct ir_expr *e, int y, struct ir_expr **a, struct ir_expr **b)
{
    if (!mentions(e, y)) {
        *a = e;
        *b = NULL;
        return true;
    }
    struct ir_expr *a0, *b0, *a1, *b1;
    switch (e->op) {
    case IR_VAR:
        *a = NULL;
        *b = cst(l, 1.0);
        return true;
    case IR_NEG:
        if (!linear(l, e->args[0], y, &a0, &b0))
            return false;
        *a = l_neg(l, a0);
        *b = l_neg(l, b0);
        return true;
    case IR_ADD:
    case IR_SUB:
        if (!linear(l, e->args[0], y, &a0, &b0) || !linear(l, e->args[1], y, &a1, &b1))
            return false;
        *a = l_add(l, e->op, a0, a1);
        *b = l_add(l, e->op, b0, b1);
        return true;
    case IR_MUL:
        if (!mentions(e->args[1], y)) {
            if (!linear(l, e->args[0], y, &a0, &b0))
                return false;
            *a = l_scale(l, IR_MUL, a0, e->args[1]);
            *b = l_scale(l, IR_MUL, b0, e->args[1]);
            return true;
        }
        if (!mentions(e->args[0], y)) {
            if (!linear(l, e->args[1], y, &a1, &b1))
                return false;
            *a = a1 ? bin(l, IR_MUL, e->args[0], a1) : NULL;
            *b = b1 ? bin(l, IR_MUL, e->args[0], b1) : NULL;
            return true;
        }
        return false;
    case IR_DIV:
        if (mentions(e->args[1], y) || !linear(l, e->args[0], y, &a0, &b0))
            return false;
        *a = l_scale(l, IR_DIV, a0, e->args[1]);
        *b = l_scale(l, IR_DIV, b0, e->args[1]);
        return true;
    default:
        return false;
    }
}

/* ---- statements ------------------------------------------------------------------ */

static struct ir_stmt *stmt_new(struct lm *l, enum ir_stmt_kind kind)
{
    struct ir_stmt *st = arena_alloc(l->a, sizeof *st);
    st->kind = kind;
    return st;
}

static void push(struct lm *l, struct ir_block *b, struct ir_stmt *st)
{
    b->stmts = arena_realloc(l->a, b->stmts, b->n * sizeof *b->stmts, (b->n + 1) * sizeof *b->stmts);
    b->stmts[b->n++] = st;
}

static void block(struct lm *l, struct ast *blk, struct ir_block *out, struct ir_block *cnexp);

/* watch(a > b, flag): the next watch of the mechanism, its value as nocmodl
 * writes _watchN_cond, `(a) - (b)`, and `-((a) - (b))` for `<`. */
static struct ir_stmt *watch_stmt(struct lm *l, struct ast *call)
{
    struct ast *cond = call->kids[0];
    struct ir_expr *d = mk(l, IR_SUB, 2);
    d->args[0] = expr(l, cond->kids[0]);
    d->args[1] = expr(l, cond->kids[1]);
    if (cond->op == OP_LT) {
        struct ir_expr *neg = mk(l, IR_NEG, 1);
        neg->args[0] = d;
        d = neg;
    }
    struct ir_mech *m = l->m;
    m->watches = arena_realloc(l->a, m->watches, m->nwatches * sizeof *m->watches,
                               (m->nwatches + 1) * sizeof *m->watches);
    m->watches[m->nwatches] = d;
    l->watch_loc = arena_realloc(l->a, l->watch_loc, m->nwatches * sizeof *l->watch_loc,
                                 (m->nwatches + 1) * sizeof *l->watch_loc);
    l->watch_loc[m->nwatches] = cond->loc;
    struct ir_stmt *s = stmt_new(l, IRS_WATCH);
    s->aux = (int)m->nwatches++;
    s->e = d;
    s->e2 = expr(l, call->kids[1]);
    return s;
}

static void stmt(struct lm *l, struct ast *st, struct ir_block *out, struct ir_block *cnexp)
{
    switch (st->kind) {
    case AST_ASSIGN:
    case AST_LET: {
        struct ir_stmt *s = stmt_new(l, IRS_ASSIGN);
        s->e = expr(l, st->kids[0]);
        s->var = st->sym ? var_of(l, st->sym) : 0;
        push(l, out, s);
        break;
    }
    case AST_DERIV: {
        if (!st->sym)
            break;
        int y = var_of(l, st->sym);
        struct ir_expr *f = expr(l, st->kids[0]), *a, *b;
        if (!linear(l, f, y, &a, &b)) {
            diag_error(l->s->diag, st->loc, "%s' is not linear in '%s': the cnexp method needs "
                       "%s' = a + b*%s", st->str, st->str, st->str, st->str);
            l->ok = false;
            break;
        }
        if (!b) {
            /* f does not read y: its exact step, written as nocmodl's cnexp
               writes it, y = y - dt*(-(f)) */
            struct ir_stmt *s = stmt_new(l, IRS_ASSIGN);
            s->var = y;
            struct ir_expr *vy = mk(l, IR_VAR, 0);
            vy->var = y;
            s->e = bin(l, IR_SUB, vy, bin(l, IR_MUL, builtin_var(l, IRB_DT, "dt"),
                                          un(l, IR_NEG, f)));
            push(l, cnexp ? cnexp : out, s);
            break;
        }
        struct ir_stmt *s = stmt_new(l, IRS_CNEXP);
        s->pre_f = s->pre_t = -1;
        s->var = y;
        s->e = a ? a : cst(l, 0.0);
        s->e2 = b;
        push(l, cnexp ? cnexp : out, s);
        break;
    }
    case AST_IF: {
        struct ir_stmt *s = stmt_new(l, IRS_IF);
        s->e = expr(l, st->kids[0]);
        block(l, st->kids[1], &s->then, cnexp);
        if (st->kids[2] && st->kids[2]->kind == AST_IF)
            stmt(l, st->kids[2], &s->els, cnexp);
        else if (st->kids[2])
            block(l, st->kids[2], &s->els, cnexp);
        push(l, out, s);
        break;
    }
    case AST_WHILE: {
        struct ir_stmt *s = stmt_new(l, IRS_WHILE);
        s->e = expr(l, st->kids[0]);
        s->aux = (int)st->kids[1]->num;
        block(l, st->kids[2], &s->then, cnexp);
        push(l, out, s);
        break;
    }
    case AST_FOR_CONNS: {
        struct ir_stmt *s = stmt_new(l, IRS_FOR_CONNS);
        struct ast *args = st->kids[0];
        s->nargs = args->nkids;
        s->args = arena_alloc(l->a, (args->nkids + 1) * sizeof *s->args);
        for (unsigned k = 0; k < args->nkids; k++) {
            s->args[k] = mk(l, IR_VAR, 0);
            s->args[k]->var = var_of(l, args->kids[k]->sym);
        }
        block(l, st->kids[1], &s->then, cnexp);
        l->m->for_conns = true;
        push(l, out, s);
        break;
    }
    case AST_RETURN: {
        struct ir_stmt *s = stmt_new(l, IRS_RETURN);
        s->e = expr(l, st->kids[0]);
        push(l, out, s);
        break;
    }
    case AST_STEADYSTATE:
        lower_kinetic(l, ast_kinetic_of(l->mech->decl), out, true);
        break;
    case AST_SOLVE:
        lower_solve(l, st, out);
        break;
    case AST_EXPRSTMT: {
        struct ast *call = st->kids[0];
        struct sym *fn = call->sym;
        if (!fn)
            break;
        struct ir_stmt *s;
        if (fn->kind == SYM_BUILTIN_FUNC && strcmp(fn->name, "send") == 0) {
            s = stmt_new(l, IRS_SEND);
            s->e = expr(l, call->kids[0]);
            if (s->e->op == IR_ADD || s->e->op == IR_SUB) {
                s->e = send_time(l, s->e);
                s->aux = 1;
            }
            s->e2 = expr(l, call->kids[1]);
        } else if (fn->kind == SYM_BUILTIN_FUNC && strcmp(fn->name, "emit") == 0) {
            s = stmt_new(l, IRS_EMIT);
        } else if (fn->kind == SYM_BUILTIN_FUNC && strcmp(fn->name, "watch") == 0) {
            s = watch_stmt(l, call);
        } else if (fn->kind == SYM_BUILTIN_FUNC && strcmp(fn->name, "move") == 0) {
            /* move(delay): to t + delay, the sum NEURON's net_move(t + d) is given */
            s = stmt_new(l, IRS_MOVE);
            s->e = bin(l, IR_ADD, builtin_var(l, IRB_T, "t"), expr(l, call->kids[0]));
        } else if (fn->kind == SYM_FUNCTION || fn->kind == SYM_PROCEDURE) {
            s = stmt_new(l, IRS_CALL);
            s->aux = func_index(l, fn);
            s->nargs = call->nkids;
            s->args = arena_alloc(l->a, (call->nkids + 1) * sizeof *s->args);
            for (unsigned k = 0; k < call->nkids; k++)
                s->args[k] = expr(l, call->kids[k]);
        } else {
            break;  /* a pure builtin as a statement has no effect */
        }
        push(l, out, s);
        break;
    }
    default:
        break;
    }
}

static void block(struct lm *l, struct ast *blk, struct ir_block *out, struct ir_block *cnexp)
{
    for (unsigned i = 0; blk && i < blk->nkids; i++)
        stmt(l, blk->kids[i], out, cnexp);
}

/* Calls must not recurse: functions are inlined. */
static bool calls_reach(const struct ir_mech *m, const struct ir_block *b, int target, int depth);

static bool expr_reaches(const struct ir_mech *m, const struct ir_expr *e, int target, int depth)
{
    if (e->op == IR_CALL && (e->aux == target ||
                             (depth < 32 && calls_reach(m, &m->funcs[e->aux].body, target, depth + 1))))
        return true;
    for (unsigned i = 0; i < e->nargs; i++)
        if (expr_reaches(m, e->args[i], target, depth))
            return true;
    return false;
}

static bool calls_reach(const struct ir_mech *m, const struct ir_block *b, int target, int depth)
{
    if (depth >= 32)
        return true;
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind == IRS_CALL && (s->aux == target ||
                                    calls_reach(m, &m->funcs[s->aux].body, target, depth + 1)))
            return true;
        if ((s->e && expr_reaches(m, s->e, target, depth)) ||
            (s->e2 && expr_reaches(m, s->e2, target, depth)))
            return true;
        for (unsigned k = 0; k < s->nargs; k++)
            if (expr_reaches(m, s->args[k], target, depth))
                return true;
        if (calls_reach(m, &s->then, target, depth) || calls_reach(m, &s->els, target, depth))
            return true;
    }
    return false;
}

/* ---- what a table reads of an instance ------------------------------------------- */

static void mark_params_block(const struct ir_mech *m, const struct ir_block *b, bool *reads,
                              int depth);

static void mark_params_expr(const struct ir_mech *m, const struct ir_expr *e, bool *reads,
                             int depth)
{
    if (e->op == IR_VAR && m->vars[e->var].kind == IRV_PARAM)
        reads[e->var] = true;
    if (e->op == IR_CALL)
        mark_params_block(m, &m->funcs[e->aux].body, reads, depth + 1);
    for (unsigned i = 0; i < e->nargs; i++)
        mark_params_expr(m, e->args[i], reads, depth);
}

static void mark_params_block(const struct ir_mech *m, const struct ir_block *b, bool *reads,
                              int depth)
{
    if (depth >= 32)
        return;     /* recursion, reported elsewhere */
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if (s->kind == IRS_CALL)
            mark_params_block(m, &m->funcs[s->aux].body, reads, depth + 1);
        if (s->e)
            mark_params_expr(m, s->e, reads, depth);
        if (s->e2)
            mark_params_expr(m, s->e2, reads, depth);
        for (unsigned k = 0; k < s->nargs; k++)
            mark_params_expr(m, s->args[k], reads, depth);
        mark_params_block(m, &s->then, reads, depth);
        mark_params_block(m, &s->els, reads, depth);
    }
}

/* A density mechanism's table reading a per-instance parameter X (sema
 * allows it there): while the table is built X is read from the GLOBAL
 * "X.table", one per parameter of the mechanism, which each experiment
 * sets to the value all its instances share (lower_net.c). */
static void table_params(struct lm *l)
{
    struct ir_mech *m = l->m;
    unsigned nv = m->nvars;
    int *global = arena_alloc(l->a, (nv + 1) * sizeof *global);
    for (unsigned v = 0; v < nv; v++)
        global[v] = -1;
    for (unsigned f = 0; f < m->nfuncs; f++) {
        struct ir_table *t = m->funcs[f].table;
        if (!t)
            continue;
        bool *reads = arena_alloc(l->a, (nv + 1) * sizeof *reads);
        mark_params_block(m, &m->funcs[f].body, reads, 0);
        for (unsigned v = 0; v < nv; v++) {
            if (!reads[v])
                continue;
            if (global[v] < 0) {
                global[v] = add_var(l, NULL, arena_printf(l->a, "%s.table", m->vars[v].name),
                                    IRV_GLOBAL);
                m->vars[global[v]].init = m->vars[v].init;
            }
            t->params = arena_realloc(l->a, t->params, t->nparams * sizeof *t->params,
                                      (t->nparams + 1) * sizeof *t->params);
            t->param_globals = arena_realloc(l->a, t->param_globals,
                                             t->nparams * sizeof *t->param_globals,
                                             (t->nparams + 1) * sizeof *t->param_globals);
            t->params[t->nparams] = (int)v;
            t->param_globals[t->nparams++] = global[v];
        }
    }
}

/* ---- run constants of cnexp updates ---------------------------------------------- */

/* Does e stay the same from the end of INITIAL to the end of the run? */
static bool run_constant(const struct ir_mech *m, const struct ir_expr *e)
{
    if (e->op == IR_RAND || e->op == IR_CALL)
        return false;
    if (e->op == IR_VAR) {
        const struct ir_var *v = &m->vars[e->var];
        if (v->kind == IRV_CONST || v->kind == IRV_GLOBAL)
            return true;
        if (v->kind == IRV_BUILTIN)
            return v->builtin == IRB_DT || v->builtin == IRB_CELSIUS;
        if (v->kind != IRV_PARAM)
            return false;
        if (ir_block_writes(&m->derivative, e->var) || ir_block_writes(&m->receive, e->var) ||
            ir_block_writes(&m->breakpoint, e->var))
            return false;
        for (unsigned f = 0; f < m->nfuncs; f++)
            if (ir_block_writes(&m->funcs[f].body, e->var))
                return false;
        return true;
    }
    for (unsigned i = 0; i < e->nargs; i++)
        if (!run_constant(m, e->args[i]))
            return false;
    return true;
}

/* A point process's decay factors depend only on its parameters and dt, so
 * 1 - exp(dt*b) and -(a)/b are computed once, at the end of INITIAL, into
 * instance slots: the same operations on the same values, so the same bits
 * as NEURON's per-step evaluation, without an exp() per synapse per step. */
static void hoist_cnexp(struct lm *l)
{
    struct ir_mech *m = l->m;
    for (unsigned i = 0; i < m->derivative.n; i++) {
        struct ir_stmt *s = m->derivative.stmts[i];
        if (s->kind != IRS_CNEXP || !run_constant(m, s->e) || !run_constant(m, s->e2))
            continue;
        const char *y = m->vars[s->var].name;
        s->pre_f = add_var(l, NULL, arena_printf(l->a, "%s.decay", y), IRV_ASSIGNED);
        s->pre_t = add_var(l, NULL, arena_printf(l->a, "%s.target", y), IRV_ASSIGNED);
        struct ir_expr *vdt = builtin_var(l, IRB_DT, "dt");
        struct ir_expr *ex = mk(l, IR_MATH, 1);
        ex->aux = IRM_EXP;
        ex->args[0] = bin(l, IR_MUL, vdt, s->e2);
        struct ir_stmt *f = stmt_new(l, IRS_ASSIGN);
        f->var = s->pre_f;
        f->e = bin(l, IR_SUB, cst(l, 1.0), ex);
        struct ir_stmt *t = stmt_new(l, IRS_ASSIGN);
        t->var = s->pre_t;
        t->e = bin(l, IR_DIV, un(l, IR_NEG, s->e), s->e2);
        push(l, &m->initial, f);
        push(l, &m->initial, t);
    }
}

int lower_ion_index(const struct ir_model *m, const char *ion)
{
    for (unsigned i = 0; i < m->nions; i++)
        if (strcmp(m->ions[i].name, ion) == 0)
            return (int)i;
    return -1;
}

/* What the mechanism reads and writes of each ion (`useion`). */
static void useions(struct lm *l, struct sym *mech)
{
    struct ir_mech *out = l->m;
    unsigned n = l->model->nions;
    out->ion_read = arena_alloc(l->a, (n + 1) * sizeof *out->ion_read);
    out->ion_write = arena_alloc(l->a, (n + 1) * sizeof *out->ion_write);
    for (unsigned i = 0; i < mech->members->n; i++) {
        const struct sym *m = mech->members->syms[i];
        int ion = m->ion ? lower_ion_index(l->model, m->ion) : -1;
        if (ion < 0)
            continue;
        if (m->ion_write)
            out->ion_write[ion] |= 1u << m->ion_field;
        else
            out->ion_read[ion] |= 1u << m->ion_field;
    }
    /* a useion that names no variable still places the ion in the section */
    const struct ast *d = mech->decl;
    for (unsigned i = 0; i < d->nkids; i++)
        if (d->kids[i]->kind == AST_USEION) {
            int ion = lower_ion_index(l->model, d->kids[i]->str);
            if (ion >= 0 && !out->ion_read[ion] && !out->ion_write[ion])
                out->ion_read[ion] = 1u << IRF_COUNT;   /* used, no variable */
        }
}

/* The variables in declaration order: the instance layout follows it. */
static void declare_vars(struct lm *l, struct sym *mech)
{
    struct ir_mech *out = l->m;
    for (unsigned i = 0; i < mech->members->n; i++) {
        struct sym *m = mech->members->syms[i];
        double v = 0;
        int k;
        switch (m->kind) {
        case SYM_PARAM:
            if (!m->decl) {     /* the implicit usetable of a TABLE */
                k = add_var(l, m, m->name, IRV_GLOBAL);
                out->vars[k].init = 1;
                break;
            }
            if (ast_kid(m->decl, 0))
                sema_const_value(m->decl->kids[0], &v);
            /* may move out->vars */
            k = add_var(l, m, m->name, m->decl->op == 1 ? IRV_GLOBAL : IRV_PARAM);
            out->vars[k].init = v;
            break;
        case SYM_STATE:
            k = add_var(l, m, m->name, IRV_STATE);
            if (m->ion) {           /* a written concentration (a calcium pool's cai) */
                out->vars[k].ion = lower_ion_index(l->model, m->ion);
                out->vars[k].ion_field = m->ion_field;
            }
            break;
        case SYM_ION:
            if (m->ion_field == ION_I && m->ion_write)
                break;              /* given by the mechanism's `current` of that name */
            k = add_var(l, m, m->name, IRV_ION);
            out->vars[k].ion = lower_ion_index(l->model, m->ion);
            out->vars[k].ion_field = m->ion_field;
            break;
        case SYM_ASSIGNED:
            add_var(l, m, m->name, IRV_ASSIGNED);
            break;
        case SYM_CONSTANT:
            sema_const_value(ast_kid(m->decl, 0), &v);
            k = add_var(l, m, m->name, IRV_CONST);
            out->vars[k].init = v;
            break;
        default:
            break;
        }
    }
}

/* Functions and procedures are numbered before any body is lowered, so
 * calls (also forward ones) can name them. */
static void declare_funcs(struct lm *l, const struct ast *d)
{
    struct ir_mech *out = l->m;
    for (unsigned i = 0; i < d->nkids; i++) {
        struct ast *it = d->kids[i];
        if (it->kind != AST_FUNCTION && it->kind != AST_PROCEDURE)
            continue;
        out->funcs = arena_realloc(l->a, out->funcs, out->nfuncs * sizeof *out->funcs,
                                   (out->nfuncs + 1) * sizeof *out->funcs);
        out->funcs[out->nfuncs++] = (struct ir_func){.name = it->str,
                                                     .has_result = it->kind == AST_FUNCTION};
    }
}

/* `table v1, v2 from A to B with N`: NMODL's TABLE of a procedure. */
static struct ir_table *lower_table(struct lm *l, const struct ast *tab)
{
    struct ir_table *t = arena_alloc(l->a, sizeof *t);
    struct ast *names = tab->kids[0];
    t->nvars = names->nkids;
    t->result = t->nvars == 0;      /* a function's: its result */
    if (t->result)
        t->nvars = 1;
    t->vars = arena_alloc(l->a, t->nvars * sizeof *t->vars);
    for (unsigned k = 0; k < names->nkids; k++)
        t->vars[k] = names->kids[k]->sym ? var_of(l, names->kids[k]->sym) : 0;
    double n = 0;
    if (!sema_const_value(tab->kids[1], &t->from) || !sema_const_value(tab->kids[2], &t->to)) {
        t->from_e = expr(l, tab->kids[1]);
        t->to_e = expr(l, tab->kids[2]);
    }
    sema_const_value(tab->kids[3], &n);
    t->intervals = (int)n;
    t->usetable = ir_mech_var(l->m, "usetable");
    return t;
}

static void lower_function(struct lm *l, struct ast *it, struct ir_func *f)
{
    struct ir_block ignore = {0};
    struct ast *args = ast_kid(it, 0);
    f->nargs = args ? args->nkids : 0;
    f->args = arena_alloc(l->a, (f->nargs + 1) * sizeof *f->args);
    for (unsigned k = 0; k < f->nargs; k++)
        f->args[k] = args->kids[k]->sym ? var_of(l, args->kids[k]->sym) : 0;
    block(l, ast_kid(it, 2), &f->body, &ignore);
    struct ast *tab = ast_table_of(it);
    if (tab)
        f->table = lower_table(l, tab);
}

/* A DERIVATIVE block: its statements and state updates (cnexp) in order,
 * each update where its equation stands (inside an if too), as nocmodl's
 * cnexp rewrites each equation in place. */
static void lower_derivative(struct lm *l, struct ast *it)
{
    if (it->op == 1 && it->str && strcmp(it->str, "euler") == 0) {
        lower_euler(l, it, &l->m->derivative);
        return;
    }
    if (it->op == 1 && it->str && strcmp(it->str, "runge") == 0) {
        l->m->runge = true;
        lower_runge(l, it, &l->m->derivative);
        return;
    }
    if (it->op == 1) {          /* `derivative implicit` */
        lower_implicit(l, it, &l->m->derivative);
        return;
    }
    block(l, it->kids[0], &l->m->derivative, NULL);
}

/* Is current or value `name` of mechanism `mech` recorded (`record
 * mech.name`, or plain `record name`)?  Then it gets a slot: only then, as
 * every slot costs a load and store per step. */
static bool current_recorded(const struct sema *s, const char *mech, const char *name)
{
    for (unsigned i = 0; s->simulation && i < s->simulation->nkids; i++) {
        const struct ast *r = s->simulation->kids[i];
        const struct ast *q = r->kind == AST_RECORD ? ast_kid(r, 2) : NULL;
        const struct ast *st_mech = q && q->sym && (q->sym->kind == SYM_STIMULUS ||
                                                     q->sym->kind == SYM_SYNAPSE)
                                        ? ast_kid(q->sym->decl, 0) : NULL;     /* drive.i, exc.i */
        if (r->kind == AST_RECORD && strcmp(r->str, name) == 0 &&
            (!q || strcmp((st_mech ? st_mech : q)->str, mech) == 0))
            return true;
    }
    return false;
}

static void lower_current(struct lm *l, struct ast *it)
{
    struct ir_mech *out = l->m;
    out->currents = arena_realloc(l->a, out->currents, out->ncurrents * sizeof *out->currents,
                                  (out->ncurrents + 1) * sizeof *out->currents);
    out->current_var = arena_realloc(l->a, out->current_var,
                                     out->ncurrents * sizeof *out->current_var,
                                     (out->ncurrents + 1) * sizeof *out->current_var);
    out->current_var[out->ncurrents] =
        current_recorded(l->s, out->name, it->str) && ir_mech_var(out, it->str) < 0
            ? add_var(l, NULL, it->str, IRV_ASSIGNED) : -1;
    out->current_ion = arena_realloc(l->a, out->current_ion,
                                     out->ncurrents * sizeof *out->current_ion,
                                     (out->ncurrents + 1) * sizeof *out->current_ion);
    struct sym *ion = sema_lookup(l->mech->members, it->str);
    out->current_ion[out->ncurrents] = ion && ion->kind == SYM_ION && ion->ion_field == ION_I &&
                                       ion->ion_write && it->op == 0
                                           ? lower_ion_index(l->model, ion->ion) : -1;
    out->currents[out->ncurrents++] = expr(l, it->kids[0]);
    out->electrode |= it->op == 1;
}

/* `let g = expr`: inlined where currents read it; recorded, also written
 * to a slot of its own where the currents' values are kept (only if pure:
 * check_probes). */
static void lower_value(struct lm *l, struct ast *it)
{
    struct ir_expr *e = expr(l, it->kids[0]);
    l->value_syms = arena_realloc(l->a, l->value_syms, l->nvalues * sizeof *l->value_syms,
                                  (l->nvalues + 1) * sizeof *l->value_syms);
    l->value_exprs = arena_realloc(l->a, l->value_exprs, l->nvalues * sizeof *l->value_exprs,
                                   (l->nvalues + 1) * sizeof *l->value_exprs);
    l->value_syms[l->nvalues] = it->sym;
    l->value_exprs[l->nvalues++] = e;
    struct ir_mech *out = l->m;
    if (!current_recorded(l->s, out->name, it->str) || ir_mech_var(out, it->str) >= 0)
        return;
    out->probes = arena_realloc(l->a, out->probes, out->nprobes * sizeof *out->probes,
                                (out->nprobes + 1) * sizeof *out->probes);
    out->probe_var = arena_realloc(l->a, out->probe_var, out->nprobes * sizeof *out->probe_var,
                                   (out->nprobes + 1) * sizeof *out->probe_var);
    out->probe_var[out->nprobes] = add_var(l, NULL, it->str, IRV_ASSIGNED);
    out->probes[out->nprobes++] = dup(l, e);
}

/* A recorded value is evaluated once more where the currents' values are
 * kept: it must be pure (pure.c), or a function it calls would write the
 * mechanism's variables (or send an event) twice, a draw take the next
 * number.  Checked once every function is lowered (a value may call one
 * declared after it). */
static void check_probes(struct lm *l)
{
    static const char *const events[] = {
        [IRS_SEND] = "sends an event", [IRS_EMIT] = "emits a spike",
        [IRS_MOVE] = "moves an event", [IRS_WATCH] = "activates a watch",
        [IRS_FOR_CONNS] = "goes through the connections",
    };
    const struct ir_mech *m = l->m;
    const struct ast *d = l->mech->decl;
    for (unsigned k = 0; k < m->nprobes; k++) {
        struct ir_effect why;
        if (ir_expr_pure(m, m->probes[k], &why) || why.kind == IRE_CYCLE)
            continue;   /* a cycle is reported as recursion */
        const char *name = m->vars[m->probe_var[k]].name;
        const struct ast *it = NULL;
        for (unsigned i = 0; !it && i < d->nkids; i++)
            if (d->kids[i]->kind == AST_VALUE && strcmp(d->kids[i]->str, name) == 0)
                it = d->kids[i];
        struct loc at = it ? ast_name_loc(it) : d->loc;
        l->ok = false;
        if (why.called < 0) {   /* the value's own effect: only a draw can be */
            diag_error(l->s->diag, at, "value '%s' draws a random number: recording it would "
                       "draw one more each step; not supported", name);
            continue;
        }
        char effect[256], via[256] = "";
        if (why.kind == IRE_WRITE)
            snprintf(effect, sizeof effect, "assigns '%s'", m->vars[why.var].name);
        else
            snprintf(effect, sizeof effect, "%s", why.kind == IRE_DRAW ? "draws a random number"
                                                  : events[why.stmt]);
        if (why.func >= 0 && why.func != why.called)
            snprintf(via, sizeof via, "calls '%s', which ", m->funcs[why.func].name);
        diag_error(l->s->diag, at, "value '%s' calls '%s', which %s%s: recording it would run "
                   "that once more each step; a recorded value may call only pure functions "
                   "(they assign only their locals, draw nothing and send no event)", name,
                   m->funcs[why.called].name, via, effect);
    }
}

/* Every watch of every instance is evaluated each step in one loop
 * (cg_set.c emit_watch; NEURON evaluates the active ones): a condition must
 * be pure, so that evaluating an inactive one changes nothing. */
static void check_watch_conditions(struct lm *l)
{
    const struct ir_mech *m = l->m;
    for (unsigned k = 0; k < m->nwatches; k++) {
        struct ir_effect why;
        if (ir_expr_pure(m, m->watches[k], &why) || why.kind == IRE_CYCLE)
            continue;
        l->ok = false;
        if (why.called < 0)
            diag_error(l->s->diag, l->watch_loc[k], "a watch's condition draws a random "
                       "number: circ evaluates every watch of every instance each step (active "
                       "or not), so a condition may only read variables and call pure functions");
        else
            diag_error(l->s->diag, l->watch_loc[k], "a watch's condition calls '%s', which %s: "
                       "circ evaluates every watch of every instance each step (active or "
                       "not), so a condition may only call pure functions",
                       m->funcs[why.called].name,
                       why.kind == IRE_WRITE ? "assigns a variable of the mechanism"
                       : why.kind == IRE_DRAW ? "draws a random number" : "sends an event");
    }
}

static void lower_receive(struct lm *l, struct ast *it)
{
    struct ir_block ignore = {0};
    struct ast *args = ast_kid(it, 0);
    if (args && args->nkids && args->kids[0]->sym)
        l->m->receive_weight = var_of(l, args->kids[0]->sym);
    unsigned nargs = args && args->nkids > 1 ? args->nkids - 1 : 0;
    l->m->receive_args = arena_alloc(l->a, (nargs + 1) * sizeof *l->m->receive_args);
    for (unsigned k = 0; k < nargs; k++)
        l->m->receive_args[k] = var_of(l, args->kids[k + 1]->sym);
    l->m->nreceive_args = nargs;
    if (ast_kid(it, 2))     /* initial { } */
        block(l, ast_kid(it, 2), &l->m->receive_init, &ignore);
    block(l, ast_kid(it, 1), &l->m->receive, &ignore);
}

static void lower_setter(struct lm *l, struct ast *it)
{
    struct ir_mech *out = l->m;
    struct ir_block ignore = {0};
    out->setters = arena_realloc(l->a, out->setters, out->nsetters * sizeof *out->setters,
                                 (out->nsetters + 1) * sizeof *out->setters);
    struct ir_setter *st = &out->setters[out->nsetters++];
    st->name = it->str;
    /* the setter's own name, as a value, is a LOCAL bound to the new value */
    st->arg = add_var(l, it->sym, it->str, IRV_LOCAL);
    block(l, ast_kid(it, 1), &st->body, &ignore);
}

bool lower_mechanism(struct sema *s, struct ir_model *model, struct sym *mech, struct ir_mech *out)
{
    struct lm l = {.s = s, .model = model, .a = model->arena, .m = out, .mech = mech, .ok = true};
    struct ast *d = mech->decl;
    out->name = mech->name;
    out->kind = d->op == MECH_DENSITY ? IRK_DENSITY : d->op == MECH_POINT ? IRK_POINT
              : IRK_ARTIFICIAL;
    out->receive_weight = -1;
    useions(&l, mech);
    declare_vars(&l, mech);
    declare_funcs(&l, d);
    unsigned fi = 0;
    struct ir_block ignore = {0};
    for (unsigned i = 0; i < d->nkids; i++) {
        struct ast *it = d->kids[i];
        switch (it->kind) {
        case AST_FUNCTION:
        case AST_PROCEDURE:
            lower_function(&l, it, &out->funcs[fi++]);
            break;
        case AST_INITIAL:
            block(&l, it->kids[0], &out->initial, &ignore);
            break;
        case AST_DERIVATIVE:
            lower_derivative(&l, it);
            break;
        case AST_KINETIC:
            lower_kinetic(&l, it, &out->derivative, false);
            break;
        case AST_BREAKPOINT:
            block(&l, it->kids[0], &out->breakpoint, &ignore);
            break;
        case AST_CURRENT:
            lower_current(&l, it);
            break;
        case AST_VALUE:
            lower_value(&l, it);
            break;
        case AST_RECEIVE:
            lower_receive(&l, it);
            break;
        case AST_SETTER:
            lower_setter(&l, it);
            break;
        default:
            break;
        }
    }
    if (out->kind != IRK_DENSITY)
        hoist_cnexp(&l);
    for (unsigned i = 0; i < out->nfuncs; i++)
        if (calls_reach(out, &out->funcs[i].body, (int)i, 0)) {
            diag_error(s->diag, mech->decl->loc, "function '%s' of '%s' calls itself; "
                       "mechanism functions are inlined and cannot recurse",
                       out->funcs[i].name, out->name);
            l.ok = false;
        }
    if (l.ok && out->kind == IRK_DENSITY)
        table_params(&l);
    check_probes(&l);
    check_watch_conditions(&l);
    if (l.ok && out->kind == IRK_DENSITY) {
        bool *recorded = arena_alloc(l.a, (out->nvars + 1) * sizeof *recorded);
        for (unsigned v = 0; v < out->nvars; v++)
            recorded[v] = current_recorded(s, out->name, out->vars[v].name);
        lower_step_locals(out, recorded);
    }
    return l.ok;
}

/* ---- for lower_kinetic.c (lower_int.h) ------------------------------------------ */

int lm_add_local(struct lm *l, const char *name)
{
    return add_var(l, NULL, name, IRV_LOCAL);
}

int lm_var_of(struct lm *l, struct sym *sym) { return var_of(l, sym); }
struct ir_expr *lm_expr(struct lm *l, struct ast *n) { return expr(l, n); }
struct ir_expr *lm_cst(struct lm *l, double v) { return cst(l, v); }

struct ir_expr *lm_var(struct lm *l, int var)
{
    struct ir_expr *e = mk(l, IR_VAR, 0);
    e->var = var;
    return e;
}

struct ir_expr *lm_bin(struct lm *l, enum ir_op op, struct ir_expr *a, struct ir_expr *b)
{
    return bin(l, op, a, b);
}

struct ir_expr *lm_un(struct lm *l, enum ir_op op, struct ir_expr *a) { return un(l, op, a); }

struct ir_expr *lm_math(struct lm *l, enum ir_math f, struct ir_expr *a)
{
    struct ir_expr *e = mk(l, IR_MATH, 1);
    e->aux = f;
    e->args[0] = a;
    return e;
}

struct ir_expr *lm_select(struct lm *l, struct ir_expr *c, struct ir_expr *a, struct ir_expr *b)
{
    struct ir_expr *e = mk(l, IR_SELECT, 3);
    e->args[0] = c;
    e->args[1] = a;
    e->args[2] = b;
    return e;
}

struct ir_stmt *lm_stmt_new(struct lm *l, enum ir_stmt_kind kind) { return stmt_new(l, kind); }
void lm_push(struct lm *l, struct ir_block *b, struct ir_stmt *st) { push(l, b, st); }

void lm_stmt(struct lm *l, struct ast *st, struct ir_block *out)
{
    struct ir_block ignore = {0};
    stmt(l, st, out, &ignore);
}

int lm_builtin(struct lm *l, int builtin, const char *name)
{
    int found = ir_builtin_var(l->m, builtin);
    if (found >= 0)
        return found;
    int v = add_var(l, NULL, name, IRV_BUILTIN);
    l->m->vars[v].builtin = builtin;
    return v;
}
