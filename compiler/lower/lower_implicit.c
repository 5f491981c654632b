/* lower_implicit.c - `derivative implicit` as NEURON 8.2's METHOD
 * derivimplicit.
 *
 * nocmodl makes the DERIVATIVE block a function F whose i-th value is the
 * backward-Euler residual of the i-th equation, Ds - (s - s_old)/dt, and
 * scopmath's nrn_newton_thread solves F = 0: a Jacobian by central
 * differences (each state moved by max(|0.02 s|, 1e-6) up, down and back,
 * F evaluated each time), factored by nrn_crout_thread (Crout with
 * implicit equilibration and partial pivoting), solved, and iterated until
 * the relative change is at most 1e-6 and |F| at most 1e-8 (at most 50
 * times; the Jacobian is rebuilt while the change exceeds 0.05).  Then the
 * block runs once more at the solution.
 *
 * The rows of the Jacobian are the equations in the block's order; its
 * columns the states in the order nocmodl's _slist2 has them, which is the
 * `state` declaration order here (the NMODL import declares them so).  The
 * pivots depend on values, so crout's permutation is kept in locals at run
 * time, and its indexed reads and writes become selects and ifs over the
 * few rows: the same operations on the same numbers as crout.c.
 *
 * The same Newton iterations solve a `nonlinear` block (NMODL's NONLINEAR,
 * scopmath's newton(), the same arithmetic): F's i-th value is the i-th
 * equation's residual as nocmodl writes it, `-(left) + right` with the
 * right side's terms added from left to right, the unknowns the states its
 * equations name (those of its list, NMODL's SOLVEFOR) in declaration order (nocmodl's symbol order, which the
 * NMODL import declares them in), and no evaluation after the last
 * iteration.  A `linear` block (NMODL's LINEAR) is scopmath's simeq():
 * nocmodl's matrix, each term of each equation added to its cell in the
 * order written (a state's on the left subtracted, a constant's on the
 * left added to the right-hand side, the reverse on the right), then
 * Gaussian elimination with partial pivoting by rows, kept at run time as
 * crout's is; the unknowns are numbered as they first appear in the
 * equations.  Where NEURON stops the run (a pivot below 1e-20, no
 * convergence in 50 iterations) the unknowns become NaN.
 */
#include "lower_int.h"

#include <math.h>
#include <string.h>

#include "diag.h"

struct imp {
    struct lm *l;
    struct ast *block;
    unsigned n;
    struct ast **eqs;           /* the block's equations (AST_DERIV), in order */
    int *x;                     /* per column: the state var (declaration order) */
    int *saved, *dval;          /* per column: s_old; per equation: its derivative */
    int *value, *high, *low, *delta, *perm, *rowmax;
    int *a;                     /* a[row * n + col] */
    int sum, temp, change, max_dev, count, inc, pivot, save_i, equil1, equil2, irow;
    bool nonlinear;             /* a nonlinear block: residuals of equations, no s_old */
    int fail;                   /* nonlinear: local set where NEURON stops the run */
};

static void assign(struct imp *k, struct ir_block *out, int var, struct ir_expr *e)
{
    struct ir_stmt *s = lm_stmt_new(k->l, IRS_ASSIGN);
    s->var = var;
    s->e = e;
    lm_push(k->l, out, s);
}

static struct ir_expr *V(struct imp *k, int var) { return lm_var(k->l, var); }
static struct ir_expr *C(struct imp *k, double v) { return lm_cst(k->l, v); }

static struct ir_expr *B(struct imp *k, enum ir_op op, struct ir_expr *a, struct ir_expr *b)
{
    return lm_bin(k->l, op, a, b);
}

static struct ir_expr *FABS(struct imp *k, struct ir_expr *a)
{
    return lm_math(k->l, IRM_FABS, a);
}

/* if (cond) { then } appended to out; returns the then block */
static struct ir_block *when(struct imp *k, struct ir_block *out, struct ir_expr *cond)
{
    struct ir_stmt *s = lm_stmt_new(k->l, IRS_IF);
    s->e = cond;
    lm_push(k->l, out, s);
    return &s->then;
}

static int A(const struct imp *k, unsigned row, unsigned col) { return k->a[row * k->n + col]; }

/* a[row][col] with row the run-time value of local `rowvar` */
static struct ir_expr *a_at(struct imp *k, int rowvar, unsigned col)
{
    struct ir_expr *e = V(k, A(k, k->n - 1, col));
    for (unsigned q = k->n - 1; q-- > 0;)
        e = lm_select(k->l, B(k, IR_EQ, V(k, rowvar), C(k, q)), V(k, A(k, q, col)), e);
    return e;
}

/* the same for a vector of locals */
static struct ir_expr *vec_at(struct imp *k, const int *vec, int rowvar)
{
    struct ir_expr *e = V(k, vec[k->n - 1]);
    for (unsigned q = k->n - 1; q-- > 0;)
        e = lm_select(k->l, B(k, IR_EQ, V(k, rowvar), C(k, q)), V(k, vec[q]), e);
    return e;
}

/* a[rowvar][col] = e(row q's a[q][col]) for the row rowvar names */
typedef struct ir_expr *(*row_expr)(struct imp *k, unsigned q, unsigned col, void *ctx);

static void a_set(struct imp *k, struct ir_block *out, int rowvar, unsigned col, row_expr f,
                  void *ctx)
{
    for (unsigned q = 0; q < k->n; q++) {
        struct ir_block *b = when(k, out, lm_bin(k->l, IR_EQ, V(k, rowvar), C(k, q)));
        assign(k, b, A(k, q, col), f(k, q, col, ctx));
    }
}

/* acc + side as C reads nocmodl's text `acc + side`: the side's terms
 * (its chain of + and -) added to acc one by one, from the left. */
static struct ir_expr *add_terms(struct imp *k, struct ir_expr *acc, struct ast *side)
{
    if (side->kind == AST_BINOP && (side->op == OP_ADD || side->op == OP_SUB) &&
        side->scale == 1.0)     /* (a converted sum is added whole) */
        return B(k, side->op == OP_ADD ? IR_ADD : IR_SUB, add_terms(k, acc, side->kids[0]),
                 lm_expr(k->l, side->kids[1]));
    return B(k, IR_ADD, acc, lm_expr(k->l, side));
}

/* F at the current states: the block in order, each equation's derivative
 * kept, then value[i] = D_i - (s_i - s_old_i)/dt in equation order; or, in
 * a nonlinear block, value[i] = -(left) + right at the i-th equation. */
static void pfunc(struct imp *k, struct ir_block *out)
{
    unsigned e = 0;
    for (unsigned i = 0; i < k->block->nkids; i++) {
        struct ast *st = k->block->kids[i];
        if (st->kind == AST_DERIV)
            assign(k, out, k->dval[e++], lm_expr(k->l, st->kids[0]));
        else if (st->kind == AST_EQUATION)
            assign(k, out, k->value[e++],
                   add_terms(k, lm_un(k->l, IR_NEG, lm_expr(k->l, st->kids[0])), st->kids[1]));
        else
            lm_stmt(k->l, st, out);
    }
    if (k->nonlinear)
        return;
    int dt = lm_builtin(k->l, IRB_DT, "dt");
    for (unsigned i = 0; i < k->n; i++) {
        int s = lm_var_of(k->l, k->eqs[i]->sym);
        unsigned col = 0;
        while (k->x[col] != s)
            col++;
        assign(k, out, k->value[i],
               B(k, IR_SUB, V(k, k->dval[i]),
                 B(k, IR_DIV, B(k, IR_SUB, V(k, s), V(k, k->saved[col])), V(k, dt))));
    }
}

static struct ir_expr *minus_sum(struct imp *k, unsigned q, unsigned col, void *ctx)
{
    (void)ctx;
    return B(k, IR_SUB, V(k, A(k, q, col)), V(k, k->sum));
}

static struct ir_expr *upper(struct imp *k, unsigned q, unsigned col, void *ctx)
{
    unsigned r = *(unsigned *)ctx;
    return B(k, IR_DIV, B(k, IR_SUB, V(k, A(k, q, col)), V(k, k->sum)), V(k, A(k, q, r)));
}

/* sum = 0.0; sum += a[rowvar][c] * other(c) for c in [from, to) */
static void dot(struct imp *k, struct ir_block *out, int rowvar, unsigned from, unsigned to,
                struct ir_expr *(*other)(struct imp *, unsigned, void *), void *ctx)
{
    assign(k, out, k->sum, C(k, 0.0));
    for (unsigned c = from; c < to; c++)
        assign(k, out, k->sum, B(k, IR_ADD, V(k, k->sum),
                                 B(k, IR_MUL, a_at(k, rowvar, c), other(k, c, ctx))));
}

static struct ir_expr *col_r_of_krow(struct imp *k, unsigned c, void *ctx)
{
    unsigned r = *(unsigned *)ctx;
    /* krow = perm[c]; a[krow][r] */
    return a_at(k, k->perm[c], r);
}

static struct ir_expr *delta_of(struct imp *k, unsigned c, void *ctx)
{
    (void)ctx;
    return V(k, k->delta[c]);
}

/* nrn_crout_thread (its SINGULAR return, a pivot below 1e-20, makes NEURON
 * abort the run; here the division goes on) */
static void crout(struct imp *k, struct ir_block *out)
{
    unsigned n = k->n;
    for (unsigned i = 0; i < n; i++) {
        assign(k, out, k->perm[i], C(k, i));
        assign(k, out, k->rowmax[i], V(k, A(k, i, 0)));
        for (unsigned j = 1; j < n; j++) {
            struct ir_block *b = when(k, out, B(k, IR_GT, FABS(k, V(k, A(k, i, j))),
                                                FABS(k, V(k, k->rowmax[i]))));
            assign(k, b, k->rowmax[i], V(k, A(k, i, j)));
        }
    }
    for (unsigned r = 0; r < n; r++) {
        for (unsigned i = r; i < n; i++) {
            /* sum of a[perm[i]][c] * a[perm[c]][r], c < r */
            dot(k, out, k->perm[i], 0, r, col_r_of_krow, &r);
            a_set(k, out, k->perm[i], r, minus_sum, NULL);
        }
        assign(k, out, k->pivot, V(k, k->perm[r]));
        assign(k, out, k->equil1, FABS(k, B(k, IR_DIV, a_at(k, k->pivot, r),
                                                vec_at(k, k->rowmax, k->pivot))));
        for (unsigned i = r + 1; i < n; i++) {
            assign(k, out, k->irow, V(k, k->perm[i]));
            assign(k, out, k->equil2, FABS(k, B(k, IR_DIV, a_at(k, k->irow, r),
                                                    vec_at(k, k->rowmax, k->irow))));
            struct ir_block *b = when(k, out, B(k, IR_GT, V(k, k->equil2), V(k, k->equil1)));
            assign(k, b, k->pivot, V(k, k->irow));
            assign(k, b, k->save_i, C(k, i));
            assign(k, b, k->equil1, V(k, k->equil2));
        }
        struct ir_block *swap = when(k, out, B(k, IR_NE, V(k, k->pivot), V(k, k->perm[r])));
        for (unsigned q = r + 1; q < n; q++) {
            struct ir_block *b = when(k, swap, B(k, IR_EQ, V(k, k->save_i), C(k, q)));
            assign(k, b, k->perm[q], V(k, k->perm[r]));
        }
        assign(k, swap, k->perm[r], V(k, k->pivot));
        if (k->fail >= 0) {     /* crout's SINGULAR: NEURON stops the run */
            struct ir_block *b = when(k, out, B(k, IR_LT, FABS(k, a_at(k, k->pivot, r)),
                                                C(k, 1e-20)));
            assign(k, b, k->fail, C(k, 1));
        }
        for (unsigned j = r + 1; j < n; j++) {
            dot(k, out, k->pivot, 0, r, col_r_of_krow, &j);
            a_set(k, out, k->pivot, j, upper, &r);
        }
    }
}

/* nrn_scopmath_solve_thread into delta */
static void solve(struct imp *k, struct ir_block *out)
{
    unsigned n = k->n;
    for (unsigned i = 0; i < n; i++) {
        assign(k, out, k->pivot, V(k, k->perm[i]));
        dot(k, out, k->pivot, 0, i, delta_of, NULL);
        assign(k, out, k->delta[i], B(k, IR_DIV, B(k, IR_SUB, vec_at(k, k->value, k->pivot),
                                                    V(k, k->sum)),
                                       a_at(k, k->pivot, i)));
    }
    for (unsigned i = n; i-- > 0;) {
        assign(k, out, k->pivot, V(k, k->perm[i]));
        dot(k, out, k->pivot, i + 1, n, delta_of, NULL);
        assign(k, out, k->delta[i], B(k, IR_SUB, V(k, k->delta[i]), V(k, k->sum)));
    }
}

/* nrn_buildjacobian_thread: central differences, column by column */
static void jacobian(struct imp *k, struct ir_block *out)
{
    for (unsigned j = 0; j < k->n; j++) {
        int x = k->x[j];
        /* max(fabs(0.02 * x), STEP), newton.c's macro: fabs(a) > b ? a : b */
        struct ir_expr *inc = FABS(k, B(k, IR_MUL, C(k, 0.02), V(k, x)));
        assign(k, out, k->inc, lm_select(k->l, B(k, IR_GT, FABS(k, inc), C(k, 1e-6)),
                                         FABS(k, B(k, IR_MUL, C(k, 0.02), V(k, x))),
                                         C(k, 1e-6)));
        assign(k, out, x, B(k, IR_ADD, V(k, x), V(k, k->inc)));
        pfunc(k, out);
        for (unsigned i = 0; i < k->n; i++)
            assign(k, out, k->high[i], V(k, k->value[i]));
        assign(k, out, x, B(k, IR_SUB, V(k, x), B(k, IR_MUL, C(k, 2.0), V(k, k->inc))));
        pfunc(k, out);
        for (unsigned i = 0; i < k->n; i++) {
            assign(k, out, k->low[i], V(k, k->value[i]));
            assign(k, out, A(k, i, j), B(k, IR_DIV, B(k, IR_SUB, V(k, k->high[i]),
                                                      V(k, k->low[i])),
                                          B(k, IR_MUL, C(k, 2.0), V(k, k->inc))));
        }
        assign(k, out, x, B(k, IR_ADD, V(k, x), V(k, k->inc)));
        pfunc(k, out);
    }
}

static int local(struct lm *l, const char *fmt, unsigned i)
{
    return lm_add_local(l, arena_printf(l->a, fmt, i));
}

static int *locals(struct lm *l, const char *fmt, unsigned n)
{
    int *v = arena_alloc(l->a, (n + 1) * sizeof *v);
    for (unsigned i = 0; i < n; i++)
        v[i] = local(l, fmt, i);
    return v;
}

/* The locals of Newton's method for n unknowns (k->x set). */
static void newton_locals(struct imp *k)
{
    struct lm *l = k->l;
    unsigned n = k->n;
    k->dval = locals(l, "imp.D%u", n);
    k->value = locals(l, "imp.value%u", n);
    k->high = locals(l, "imp.high%u", n);
    k->low = locals(l, "imp.low%u", n);
    k->delta = locals(l, "imp.delta%u", n);
    k->perm = locals(l, "imp.perm%u", n);
    k->rowmax = locals(l, "imp.rowmax%u", n);
    k->a = locals(l, "imp.a%u", n * n);
    k->sum = lm_add_local(l, "imp.sum");
    k->temp = lm_add_local(l, "imp.temp");
    k->change = lm_add_local(l, "imp.change");
    k->max_dev = lm_add_local(l, "imp.max_dev");
    k->count = lm_add_local(l, "imp.count");
    k->inc = lm_add_local(l, "imp.increment");
    k->pivot = lm_add_local(l, "imp.pivot");
    k->save_i = lm_add_local(l, "imp.save_i");
    k->equil1 = lm_add_local(l, "imp.equil_1");
    k->equil2 = lm_add_local(l, "imp.equil_2");
    k->irow = lm_add_local(l, "imp.irow");
}

/* nrn_newton_thread (scopmath's newton() computes the same) into out */
static void newton(struct imp *k, struct ir_block *out)
{
    struct lm *l = k->l;
    unsigned n = k->n;
    assign(k, out, k->save_i, C(k, 0));
    assign(k, out, k->count, C(k, 0));
    assign(k, out, k->change, C(k, 1.0));
    struct ir_stmt *loop = lm_stmt_new(l, IRS_LOOP);
    struct ir_block *body = &loop->then;
    assign(k, body, k->count, B(k, IR_ADD, V(k, k->count), C(k, 1)));
    struct ir_block *rebuild = when(k, body, B(k, IR_GT, V(k, k->change), C(k, 0.05)));
    jacobian(k, rebuild);
    for (unsigned i = 0; i < n; i++)
        assign(k, rebuild, k->value[i], lm_un(l, IR_NEG, V(k, k->value[i])));
    crout(k, rebuild);
    solve(k, body);
    assign(k, body, k->change, C(k, 0.0));
    for (unsigned i = 0; i < n; i++) {
        int x = k->x[i];
        struct ir_block *nz = when(k, body, B(k, IR_GT, FABS(k, V(k, x)), C(k, 1e-8)));
        assign(k, nz, k->temp, FABS(k, B(k, IR_DIV, V(k, k->delta[i]), V(k, x))));
        struct ir_block *more = when(k, nz, B(k, IR_GT, V(k, k->temp), V(k, k->change)));
        assign(k, more, k->change, V(k, k->temp));
        assign(k, body, x, B(k, IR_ADD, V(k, x), V(k, k->delta[i])));
    }
    pfunc(k, body);
    assign(k, body, k->max_dev, C(k, 0.0));
    for (unsigned i = 0; i < n; i++) {
        assign(k, body, k->value[i], lm_un(l, IR_NEG, V(k, k->value[i])));
        assign(k, body, k->temp, FABS(k, V(k, k->value[i])));
        struct ir_block *b = when(k, body, B(k, IR_GT, V(k, k->temp), V(k, k->max_dev)));
        assign(k, b, k->max_dev, V(k, k->temp));
    }
    /* while not (converged or 50 iterations) */
    struct ir_expr *converged = B(k, IR_AND, B(k, IR_LE, V(k, k->change), C(k, 1e-6)),
                                  B(k, IR_LE, V(k, k->max_dev), C(k, 1e-8)));
    loop->e = B(k, IR_AND, lm_un(l, IR_NOT, converged), B(k, IR_LT, V(k, k->count), C(k, 50)));
    if (k->fail >= 0)       /* a singular Jacobian ends it (crout's error) */
        loop->e = B(k, IR_AND, loop->e, B(k, IR_EQ, V(k, k->fail), C(k, 0)));
    lm_push(l, out, loop);
    if (k->fail >= 0) {     /* 50 iterations without converging: EXCEED_ITERS */
        struct ir_expr *again = B(k, IR_AND, B(k, IR_LE, V(k, k->change), C(k, 1e-6)),
                                  B(k, IR_LE, V(k, k->max_dev), C(k, 1e-8)));
        assign(k, when(k, out, lm_un(l, IR_NOT, again)), k->fail, C(k, 1));
    }
}

/* Where NEURON stops the run (k->fail set), the unknowns become NaN: a
 * channel's current then blows the membrane up, which stops circ's run. */
static void fail_as_nan(struct imp *k, struct ir_block *out)
{
    struct ir_block *b = when(k, out, B(k, IR_NE, V(k, k->fail), C(k, 0)));
    for (unsigned i = 0; i < k->n; i++)
        assign(k, b, k->x[i], C(k, NAN));
}

void lower_implicit(struct lm *l, struct ast *deriv, struct ir_block *out)
{
    struct imp k = {.l = l, .block = deriv->kids[0], .fail = -1};
    struct ast *blk = k.block;
    k.eqs = arena_alloc(l->a, (blk->nkids + 1) * sizeof *k.eqs);
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_DERIV && blk->kids[i]->sym)
            k.eqs[k.n++] = blk->kids[i];
    if (!k.n)
        return;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_IF && ast_first_of_kind(blk->kids[i], AST_DERIV)) {
            diag_error(l->s->diag, ast_first_of_kind(blk->kids[i], AST_DERIV)->loc,
                       "an equation of an "
                       "implicit derivative block cannot be inside 'if'");
            l->ok = false;
            return;
        }
    /* the unknowns: the states with an equation, in declaration order */
    k.x = arena_alloc(l->a, k.n * sizeof *k.x);
    unsigned nx = 0;
    struct ast *mech = l->mech->decl;
    for (unsigned i = 0; i < mech->nkids; i++) {
        struct ast *d = mech->kids[i];
        struct sym *s = d->kind == AST_STATE ? sema_lookup(l->mech->members, d->str) : NULL;
        for (unsigned e = 0; s && e < k.n; e++)
            if (k.eqs[e]->sym == s) {
                for (unsigned f = 0; f < e; f++)
                    if (k.eqs[f]->sym == s) {
                        diag_error(l->s->diag, k.eqs[e]->loc, "state '%s' has two equations",
                                   s->name);
                        l->ok = false;
                        return;
                    }
                if (nx < k.n)
                    k.x[nx++] = lm_var_of(l, s);
                break;
            }
    }
    if (nx != k.n) {
        diag_error(l->s->diag, deriv->loc, "a state has more than one equation");
        l->ok = false;
        return;
    }
    k.saved = locals(l, "imp.s%u_old", k.n);
    newton_locals(&k);
    for (unsigned j = 0; j < k.n; j++)
        assign(&k, out, k.saved[j], V(&k, k.x[j]));
    newton(&k, out);
    pfunc(&k, out);     /* the block once more at the solution (nocmodl's outer call) */
}

/* ---- linear and nonlinear blocks ------------------------------------------------- */

/* Is NAME n an unknown of block sys (a state it solves for)? */
static bool is_unknown(const struct lm *l, const struct ast *sys, const struct ast *n)
{
    return n->sym && n->sym->kind == SYM_STATE && n->sym->owner == l->mech &&
           ast_solves_for(sys, n);
}

/* Adds the unknowns under n not yet in vars, in the order met (source order). */
static void first_met(struct lm *l, const struct ast *sys, const struct ast *n, int *vars,
                      unsigned *nvars, unsigned cap)
{
    if (!n)
        return;
    if (n->kind == AST_NAME && is_unknown(l, sys, n)) {
        int v = lm_var_of(l, n->sym);
        for (unsigned i = 0; i < *nvars; i++)
            if (vars[i] == v)
                return;
        if (*nvars < cap)
            vars[(*nvars)++] = v;
        return;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        first_met(l, sys, n->kids[i], vars, nvars, cap);
}

static void nonlinear_block(struct lm *l, struct ast *sys, struct ir_block *out)
{
    struct imp k = {.l = l, .block = sys->kids[0], .nonlinear = true};
    struct ast *blk = k.block;
    for (unsigned i = 0; i < blk->nkids; i++)
        k.n += blk->kids[i]->kind == AST_EQUATION;
    /* the unknowns: the states the equations name, in declaration order */
    int *met = arena_alloc(l->a, (k.n + 1) * sizeof *met);
    unsigned nmet = 0;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_EQUATION)
            first_met(l, sys, blk->kids[i], met, &nmet, k.n);
    k.x = arena_alloc(l->a, (k.n + 1) * sizeof *k.x);
    unsigned nx = 0;
    struct ast *mech = l->mech->decl;
    for (unsigned i = 0; i < mech->nkids; i++) {
        struct sym *s = mech->kids[i]->kind == AST_STATE
                            ? sema_lookup(l->mech->members, mech->kids[i]->str) : NULL;
        for (unsigned j = 0; s && j < nmet; j++)
            if (met[j] == lm_var_of(l, s) && nx < k.n)
                k.x[nx++] = met[j];
    }
    if (!k.n || nx != k.n)
        return;     /* sema reported it */
    newton_locals(&k);
    k.fail = lm_add_local(l, "nonlin.fail");
    assign(&k, out, k.fail, C(&k, 0));
    newton(&k, out);
    fail_as_nan(&k, out);
}

struct lin {                    /* a linear block's equation being read */
    struct imp *k;
    const struct ast *sys;
    unsigned row;
    int base;                   /* -1 on the left side, +1 on the right */
    struct ir_block *out;
};

static bool lin_unknown(const struct ast *n, void *ctx)
{
    const struct lin *q = ctx;
    return is_unknown(q->k->l, q->sys, n);
}

/* One term into the matrix: nocmodl's linterm(). */
static void lin_term(int sign, struct ast *term, struct ast *unknown, double scale, void *ctx)
{
    struct lin *q = ctx;
    struct imp *k = q->k;
    int eff = sign * q->base;
    if (unknown) {
        int x = lm_var_of(k->l, unknown->sym);
        unsigned col = 0;
        while (col + 1 < k->n && k->x[col] != x)
            col++;
        int cell = A(k, q->row, col);
        struct ir_expr *c = lm_expr(k->l, ast_coefficient(k->l->a, term, unknown));
        if (scale != 1.0)       /* a unit conversion of the sums around it */
            c = B(k, IR_MUL, c, C(k, scale));
        assign(k, q->out, cell, B(k, eff < 0 ? IR_SUB : IR_ADD, V(k, cell), c));
        return;
    }
    int rhs = k->value[q->row];     /* a constant goes to the other side */
    struct ir_expr *c = lm_expr(k->l, term);
    if (scale != 1.0)
        c = B(k, IR_MUL, c, C(k, scale));
    assign(k, q->out, rhs, B(k, eff < 0 ? IR_ADD : IR_SUB, V(k, rhs), c));
}

/* scopmath's simeq() on the matrix a and right-hand side value */
static void simeq(struct imp *k, struct ir_block *out)
{
    unsigned n = k->n;
    int ipivot = k->pivot, isave = k->save_i, jrow = k->irow;
    for (unsigned i = 0; i < n; i++)
        assign(k, out, k->perm[i], C(k, i));
    assign(k, out, isave, C(k, 0));
    for (unsigned j = 0; j < n; j++) {
        assign(k, out, ipivot, V(k, k->perm[j]));
        for (unsigned i = j + 1; i < n; i++) {
            assign(k, out, jrow, V(k, k->perm[i]));
            struct ir_block *b = when(k, out, B(k, IR_LT, FABS(k, a_at(k, ipivot, j)),
                                                FABS(k, a_at(k, jrow, j))));
            assign(k, b, ipivot, V(k, jrow));
            assign(k, b, isave, C(k, i));
        }
        assign(k, when(k, out, B(k, IR_LT, FABS(k, a_at(k, ipivot, j)), C(k, 1e-20))),
               k->fail, C(k, 1));
        struct ir_block *swap = when(k, out, B(k, IR_NE, V(k, ipivot), V(k, k->perm[j])));
        for (unsigned q = j + 1; q < n; q++)
            assign(k, when(k, swap, B(k, IR_EQ, V(k, isave), C(k, q))), k->perm[q],
                   V(k, k->perm[j]));
        assign(k, swap, k->perm[j], V(k, ipivot));
        /* the pivot row divided by its pivot (the right-hand side last) */
        for (unsigned q = 0; q < n; q++) {
            struct ir_block *b = when(k, out, B(k, IR_EQ, V(k, ipivot), C(k, q)));
            for (unsigned c = j + 1; c < n; c++)
                assign(k, b, A(k, q, c), B(k, IR_DIV, V(k, A(k, q, c)), V(k, A(k, q, j))));
            assign(k, b, k->value[q], B(k, IR_DIV, V(k, k->value[q]), V(k, A(k, q, j))));
        }
        /* the rows below it reduced */
        for (unsigned i = j + 1; i < n; i++) {
            assign(k, out, jrow, V(k, k->perm[i]));
            for (unsigned q = 0; q < n; q++) {
                struct ir_block *b = when(k, out, B(k, IR_EQ, V(k, jrow), C(k, q)));
                for (unsigned c = j + 1; c < n; c++)
                    assign(k, b, A(k, q, c), B(k, IR_SUB, V(k, A(k, q, c)),
                                               B(k, IR_MUL, a_at(k, ipivot, c),
                                                 V(k, A(k, q, j)))));
                assign(k, b, k->value[q], B(k, IR_SUB, V(k, k->value[q]),
                                            B(k, IR_MUL, vec_at(k, k->value, ipivot),
                                              V(k, A(k, q, j)))));
            }
        }
    }
    /* back substitution, into the unknowns themselves */
    for (unsigned i = n; i-- > 0;) {
        assign(k, out, jrow, V(k, k->perm[i]));
        assign(k, out, k->x[i], vec_at(k, k->value, jrow));
        for (unsigned j = i + 1; j < n; j++)
            assign(k, out, k->x[i], B(k, IR_SUB, V(k, k->x[i]),
                                      B(k, IR_MUL, a_at(k, jrow, j), V(k, k->x[j]))));
    }
}

static void linear_block(struct lm *l, struct ast *sys, struct ir_block *out)
{
    struct imp k = {.l = l, .block = sys->kids[0]};
    struct ast *blk = k.block;
    for (unsigned i = 0; i < blk->nkids; i++)
        k.n += blk->kids[i]->kind == AST_EQUATION;
    /* the unknowns: the states in the order the equations first name them */
    k.x = arena_alloc(l->a, (k.n + 1) * sizeof *k.x);
    unsigned nx = 0;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_EQUATION)
            first_met(l, sys, blk->kids[i], k.x, &nx, k.n);
    if (!k.n || nx != k.n)
        return;     /* sema reported it */
    unsigned n = k.n;
    k.value = locals(l, "lin.rhs%u", n);
    k.a = locals(l, "lin.coef%u", n * n);
    k.perm = locals(l, "lin.perm%u", n);
    k.pivot = lm_add_local(l, "lin.ipivot");
    k.save_i = lm_add_local(l, "lin.isave");
    k.irow = lm_add_local(l, "lin.jrow");
    k.fail = lm_add_local(l, "lin.fail");
    assign(&k, out, k.fail, C(&k, 0));
    for (unsigned i = 0; i < n * n; i++)      /* zero_matrix */
        assign(&k, out, k.a[i], C(&k, 0.0));
    for (unsigned i = 0; i < n; i++)
        assign(&k, out, k.value[i], C(&k, 0.0));
    struct lin q = {.k = &k, .sys = sys, .out = out};
    const char *why = NULL;
    for (unsigned i = 0; i < blk->nkids; i++) {
        struct ast *st = blk->kids[i];
        if (st->kind != AST_EQUATION) {
            lm_stmt(l, st, out);
            continue;
        }
        q.base = -1;
        ast_linear_terms(st->kids[0], 1, lin_unknown, lin_term, &q, &why);
        q.base = 1;
        ast_linear_terms(st->kids[1], 1, lin_unknown, lin_term, &q, &why);
        q.row++;
    }
    simeq(&k, out);
    fail_as_nan(&k, out);
}

void lower_solve(struct lm *l, struct ast *solve, struct ir_block *out)
{
    struct ast *sys = ast_system_of(l->mech->decl, solve->str);
    if (sys && sys->kind == AST_LINEAR)
        linear_block(l, sys, out);
    else if (sys)
        nonlinear_block(l, sys, out);
}

void lower_euler(struct lm *l, struct ast *deriv, struct ir_block *out)
{
    struct imp k = {.l = l, .block = deriv->kids[0]};
    struct ast *blk = k.block;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_IF && ast_first_of_kind(blk->kids[i], AST_DERIV)) {
            diag_error(l->s->diag, ast_first_of_kind(blk->kids[i], AST_DERIV)->loc,
                       "an equation of an "
                       "euler derivative block cannot be inside 'if'");
            l->ok = false;
            return;
        }
    int *dval = arena_alloc(l->a, (blk->nkids + 1) * sizeof *dval);
    int *svar = arena_alloc(l->a, (blk->nkids + 1) * sizeof *svar);
    unsigned n = 0;
    for (unsigned i = 0; i < blk->nkids; i++) {
        struct ast *st = blk->kids[i];
        if (st->kind == AST_DERIV && st->sym) {
            dval[n] = local(l, "euler.D%u", n);
            svar[n] = lm_var_of(l, st->sym);
            assign(&k, out, dval[n++], lm_expr(l, st->kids[0]));
        } else if (st->kind != AST_DERIV) {
            lm_stmt(l, st, out);
        }
    }
    int dt = lm_builtin(l, IRB_DT, "dt");
    for (unsigned i = 0; i < n; i++)
        assign(&k, out, svar[i], B(&k, IR_ADD, V(&k, svar[i]),
                                   B(&k, IR_MUL, V(&k, dt), V(&k, dval[i]))));
}

/* The block once: each equation's derivative into dval, in order. */
static void runge_eval(struct imp *k, struct ir_block *out, const int *dval)
{
    unsigned e = 0;
    for (unsigned i = 0; i < k->block->nkids; i++) {
        struct ast *st = k->block->kids[i];
        if (st->kind == AST_DERIV && st->sym)
            assign(k, out, dval[e++], lm_expr(k->l, st->kids[0]));
        else if (st->kind != AST_DERIV)
            lm_stmt(k->l, st, out);
    }
}

/* scopmath's runge(): s0 = s, acc = s0; the block, then four stages, each
 * temp = step * D with the derivatives of the evaluation before it:
 *   temp = (h/2)*D; s = s + temp;        acc = s0 + temp/3;   (block at t + h/2)
 *   temp = h*D;     s = s0 + temp/2;     acc = acc + temp/3;  (block again)
 *   temp = h*D;     s = s0 + temp;       acc = acc + temp/3;  (block at t + h)
 *                   s = acc + (h/6)*D;
 * then nocmodl's nrn_state runs the block once more (its assigned values
 * at the new states).  The states are independent within a stage, so the
 * order of equations is the order of the loops.  t is not read (sema):
 * the t NEURON moves is the run's, which the runtime moves after the step. */
void lower_runge(struct lm *l, struct ast *deriv, struct ir_block *out)
{
    struct imp k = {.l = l, .block = deriv->kids[0]};
    struct ast *blk = k.block;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_IF && ast_first_of_kind(blk->kids[i], AST_DERIV)) {
            diag_error(l->s->diag, ast_first_of_kind(blk->kids[i], AST_DERIV)->loc,
                       "an equation of a runge derivative block cannot be inside 'if'");
            l->ok = false;
            return;
        }
    unsigned n = 0;
    for (unsigned i = 0; i < blk->nkids; i++)
        n += blk->kids[i]->kind == AST_DERIV && blk->kids[i]->sym;
    int *svar = arena_alloc(l->a, (n + 1) * sizeof *svar);
    int *dval = locals(l, "runge.D%u", n);
    int *s0 = locals(l, "runge.s%u", n);
    int *acc = locals(l, "runge.acc%u", n);
    int temp = lm_add_local(l, "runge.temp");
    n = 0;
    for (unsigned i = 0; i < blk->nkids; i++)
        if (blk->kids[i]->kind == AST_DERIV && blk->kids[i]->sym)
            svar[n++] = lm_var_of(l, blk->kids[i]->sym);
    int dt = lm_builtin(l, IRB_DT, "dt");
    runge_eval(&k, out, dval);
    for (unsigned i = 0; i < n; i++) {
        assign(&k, out, s0[i], V(&k, svar[i]));
        assign(&k, out, temp, B(&k, IR_MUL, B(&k, IR_DIV, V(&k, dt), C(&k, 2.0)), V(&k, dval[i])));
        assign(&k, out, svar[i], B(&k, IR_ADD, V(&k, svar[i]), V(&k, temp)));
        assign(&k, out, acc[i], B(&k, IR_ADD, V(&k, s0[i]), B(&k, IR_DIV, V(&k, temp), C(&k, 3.0))));
    }
    for (int stage = 0; stage < 2; stage++) {
        runge_eval(&k, out, dval);
        for (unsigned i = 0; i < n; i++) {
            assign(&k, out, temp, B(&k, IR_MUL, V(&k, dt), V(&k, dval[i])));
            struct ir_expr *step = stage == 0 ? B(&k, IR_DIV, V(&k, temp), C(&k, 2.0))
                                              : V(&k, temp);
            assign(&k, out, svar[i], B(&k, IR_ADD, V(&k, s0[i]), step));
            assign(&k, out, acc[i], B(&k, IR_ADD, V(&k, acc[i]),
                                      B(&k, IR_DIV, V(&k, temp), C(&k, 3.0))));
        }
    }
    runge_eval(&k, out, dval);
    for (unsigned i = 0; i < n; i++)
        assign(&k, out, svar[i], B(&k, IR_ADD, V(&k, acc[i]),
                                   B(&k, IR_MUL, B(&k, IR_DIV, V(&k, dt), C(&k, 6.0)),
                                     V(&k, dval[i]))));
    runge_eval(&k, out, dval);     /* nrn_state's own call of the block */
}
