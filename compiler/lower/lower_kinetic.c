/* lower_kinetic.c - a kinetic block as NEURON 8.2's METHOD sparse.
 *
 * nocmodl turns KINETIC into a function that fills a sparse matrix and a
 * right-hand side (kinetic.cpp: each reaction's f_flux and b_flux, its
 * terms added to the rows of its states, CONSERVE rows replacing the
 * equation of one state), and scopmath's sparse_thread.c does a Newton step
 * on it: s += the solution, one step when the scheme is linear (_linmat),
 * else until the sum of |changes| is at most 1e-6, states kept >= 0.
 * STEADYSTATE sparse (ssimplic_thread.c) is the same with dt = 1e9.
 *
 * The matrix's shape depends on nothing but the reactions, so everything
 * sparse.c decides from it is decided here, at compile time, by the same
 * algorithm: the states' equation numbers (conserved states first), the
 * elements in nocmodl's getelm order, the minimum-degree pivot order of
 * spar_minorder with its fill-ins, and then matsol's elimination and back
 * substitution, emitted as straight-line IR in matsol's operation order.
 * Every matrix element and right-hand side entry is an IR local.  So each
 * step is NEURON's arithmetic, operation for operation.
 *
 * A reactant that is not a state (an nmodl mechanism's cao) is a factor of
 * the flux with no equation, as nocmodl writes it.  f_flux and b_flux are
 * locals the block's statements may read: each reaction sets them, also in
 * the call after the step (nocmodl's function runs whole then).
 */
#include "lower_int.h"

#include <string.h>

#include "diag.h"

/* ---- the matrix's shape: sparse_thread.c's structures, without values ---------- */

struct kel {
    unsigned row, col;
    int up, down, left, right;  /* r_up, r_down, c_left, c_right; -1: none */
    int var;                    /* the IR local holding its value */
};

struct kitem {                  /* the orderlist: item 0 is the list itself */
    int elm;
    unsigned norder;
    int prev, next;
};

struct ksp {
    struct lm *l;
    struct kel *el;
    unsigned nel, cap;
    unsigned n;
    int *rowst, *diag;          /* 1..n, in solution order */
    unsigned *varord;           /* 1..n: row -> its place in the order */
    struct kitem *it;           /* 0: the list; 1..n: roworder[row] */
    bool do_flag;
};

#define E(i) (so->el[(i)])

static int new_elm(struct ksp *so, unsigned row, unsigned col)
{
    if (so->nel == so->cap) {
        unsigned cap = so->cap ? 2 * so->cap : 16;
        so->el = arena_realloc(so->l->a, so->el, so->cap * sizeof *so->el, cap * sizeof *so->el);
        so->cap = cap;
    }
    int i = (int)so->nel++;
    so->el[i] = (struct kel){.row = row, .col = col, .up = -1, .down = -1, .left = -1,
                             .right = -1, .var = -1};
    return i;
}

static void item_delete(struct ksp *so, int item)
{
    so->it[so->it[item].next].prev = so->it[item].prev;
    so->it[so->it[item].prev].next = so->it[item].next;
    so->it[item].prev = so->it[item].next = -1;
}

/* before the first item of at least the same order (sparse.c's insert) */
static void item_insert(struct ksp *so, int item)
{
    int i;
    for (i = so->it[0].next; i != 0; i = so->it[i].next)
        if (so->it[i].norder >= so->it[item].norder)
            break;
    so->it[item].prev = so->it[i].prev;
    so->it[item].next = i;
    so->it[i].prev = item;
    so->it[so->it[item].prev].next = item;
}

static void change_order(struct ksp *so, unsigned row, int by)
{
    if (!so->do_flag)
        return;
    item_delete(so, (int)row);
    so->it[row].norder = (unsigned)((int)so->it[row].norder + by);
    item_insert(so, (int)row);
}

/* sparse.c's getelm: the element (row, col), linked in, made if missing
 * (or nw linked in its place) */
static int getelm(struct ksp *so, unsigned row, unsigned col, int nw)
{
    unsigned vrow = so->varord[row], vcol = so->varord[col];
    int el, elnext;
    if (vrow == vcol)
        return so->diag[vrow];
    if (vrow > vcol) {          /* lower triangle: search down from diag[vcol] */
        for (el = so->diag[vcol];; el = elnext) {
            elnext = E(el).down;
            if (elnext < 0)
                break;
            if (E(elnext).row == row)
                return elnext;
            if (so->varord[E(elnext).row] > vrow)
                break;
        }
        if (nw < 0) {
            nw = new_elm(so, row, col);
            change_order(so, row, +1);
        }
        E(nw).down = E(el).down;
        E(el).down = nw;
        E(nw).up = el;
        if (E(nw).down >= 0)
            E(E(nw).down).up = nw;
        for (el = so->diag[vrow];; el = elnext) {
            elnext = E(el).left;
            if (elnext < 0 || so->varord[E(elnext).col] < vcol)
                break;
        }
        E(nw).left = E(el).left;
        E(el).left = nw;
        E(nw).right = el;
        if (E(nw).left >= 0)
            E(E(nw).left).right = nw;
        else
            so->rowst[vrow] = nw;
    } else {                    /* upper triangle: search up from diag[vcol] */
        for (el = so->diag[vcol];; el = elnext) {
            elnext = E(el).up;
            if (elnext < 0)
                break;
            if (E(elnext).row == row)
                return elnext;
            if (so->varord[E(elnext).row] < vrow)
                break;
        }
        if (nw < 0) {
            nw = new_elm(so, row, col);
            change_order(so, row, +1);
        }
        E(nw).up = E(el).up;
        E(el).up = nw;
        E(nw).down = el;
        if (E(nw).up >= 0)
            E(E(nw).up).down = nw;
        for (el = so->diag[vrow];; el = elnext) {
            elnext = E(el).right;
            if (elnext < 0 || so->varord[E(elnext).col] > vcol)
                break;
        }
        E(nw).right = E(el).right;
        E(el).right = nw;
        E(nw).left = el;
        if (E(nw).right >= 0)
            E(E(nw).right).left = nw;
    }
    E(nw).row = row;
    E(nw).col = col;
    return nw;
}

/* sparse.c's re_link: row and column links of the new pivot i rebuilt */
static void re_link(struct ksp *so, unsigned i)
{
    int el, elnext;
    for (el = so->rowst[i]; el >= 0; el = E(el).right) {
        if (E(el).up >= 0)
            E(E(el).up).down = E(el).down;
        if (E(el).down >= 0)
            E(E(el).down).up = E(el).up;
    }
    for (int pass = 0; pass < 2; pass++)
        for (el = pass ? E(so->diag[i]).up : E(so->diag[i]).down; el >= 0;
             el = pass ? E(el).up : E(el).down) {
            if (E(el).right >= 0)
                E(E(el).right).left = E(el).left;
            if (E(el).left >= 0)
                E(E(el).left).right = E(el).right;
            else
                so->rowst[so->varord[E(el).row]] = E(el).right;
        }
    int d = so->diag[i];
    so->rowst[i] = d;
    int dright = E(d).right, dleft = E(d).left, dup = E(d).up, ddown = E(d).down;
    E(d).right = E(d).left = E(d).up = E(d).down = -1;
    for (el = dright; el >= 0; el = elnext) {
        elnext = E(el).right;
        getelm(so, E(el).row, E(el).col, el);
    }
    for (el = dleft; el >= 0; el = elnext) {
        elnext = E(el).left;
        getelm(so, E(el).row, E(el).col, el);
    }
    for (el = dup; el >= 0; el = elnext) {
        elnext = E(el).up;
        getelm(so, E(el).row, E(el).col, el);
    }
    for (el = ddown; el >= 0; el = elnext) {
        elnext = E(el).down;
        getelm(so, E(el).row, E(el).col, el);
    }
}

static void get_next_pivot(struct ksp *so, unsigned i)
{
    int order = so->it[0].next;
    unsigned j = so->varord[E(so->it[order].elm).row];
    if (j != i) {
        int el = so->rowst[j];
        for (; j > i; j--) {
            so->diag[j] = so->diag[j - 1];
            so->rowst[j] = so->rowst[j - 1];
            so->varord[E(so->diag[j]).row] = j;
        }
        so->diag[i] = so->it[order].elm;
        so->rowst[i] = el;
        so->varord[E(so->diag[i]).row] = i;
        re_link(so, i);
    }
    for (int el = E(so->diag[i]).down; el >= 0; el = E(el).down) {
        for (int p = E(so->diag[i]).right; p >= 0; p = E(p).right)
            getelm(so, E(el).row, E(p).col, -1);
        change_order(so, E(el).row, -1);
    }
    item_delete(so, order);
}

/* sparse.c's spar_minorder (init_minorder, then a pivot per row) */
static void spar_minorder(struct ksp *so)
{
    so->do_flag = true;
    so->it[0] = (struct kitem){.elm = -1, .prev = 0, .next = 0};
    for (unsigned i = 1; i <= so->n; i++) {
        unsigned j = 0;
        for (int el = so->rowst[i]; el >= 0; el = E(el).right)
            j++;
        unsigned row = E(so->diag[i]).row;
        so->it[row] = (struct kitem){.elm = so->diag[i], .norder = j, .prev = -1, .next = -1};
        item_insert(so, (int)row);
    }
    for (unsigned i = 1; i <= so->n; i++)
        get_next_pivot(so, i);
    so->do_flag = false;
}

/* ---- the scheme ---------------------------------------------------------------- */

struct kin {
    struct lm *l;
    struct ast *block;
    struct ksp so;
    unsigned n, ncons;
    struct sym **states;        /* by equation number (nocmodl's varnum) */
    int *svar, *old, *rhs;      /* per equation: the state, its value before the step, RHS */
    struct ast **cap;           /* per equation: its COMPARTMENT's volume, or NULL */
    bool linear;                /* nocmodl's _linmat */
    int f_flux, b_flux, term, dt1, err, iter, ok;
};

static int eqn_of(const struct kin *k, const struct sym *s)
{
    for (unsigned i = 0; i < k->n; i++)
        if (k->states[i] == s)
            return (int)i;
    return -1;
}

static bool in_scheme(const struct kin *k, const struct sym *s)
{
    for (unsigned i = 0; i < k->block->nkids; i++) {
        const struct ast *st = k->block->kids[i];
        if (st->kind != AST_REACTION && st->kind != AST_CONSERVE)
            continue;
        for (unsigned side = 0; side < 2; side++) {
            const struct ast *list = st->kind == AST_CONSERVE && side ? NULL : ast_kid(st, side);
            for (unsigned r = 0; list && r < list->nkids; r++)
                if (list->kids[r]->sym == s)
                    return true;
        }
    }
    return false;
}

/* nocmodl's numbering (massagekinetic): each CONSERVE, the last written
 * first, takes its last-written state not numbered yet; then the other
 * states of the scheme in declaration order. */
static bool number_states(struct kin *k)
{
    struct lm *l = k->l;
    struct ast *mech = l->mech->decl;
    unsigned cap = 0;
    for (unsigned i = 0; i < mech->nkids; i++)
        cap += mech->kids[i]->kind == AST_STATE;
    k->states = arena_alloc(l->a, (cap + 1) * sizeof *k->states);
    for (unsigned i = k->block->nkids; i-- > 0;) {
        struct ast *st = k->block->kids[i];
        if (st->kind != AST_CONSERVE)
            continue;
        struct ast *list = st->kids[0];
        struct sym *pick = NULL;
        for (unsigned r = list->nkids; r-- > 0 && !pick;)
            if (list->kids[r]->sym && eqn_of(k, list->kids[r]->sym) < 0)
                pick = list->kids[r]->sym;
        if (!pick) {
            diag_error(l->s->diag, st->loc, "this conservation law has no state of its own: "
                       "each 'conserve' replaces the equation of one state that no later "
                       "'conserve' took");
            return false;
        }
        k->states[k->n++] = pick;
    }
    k->ncons = k->n;
    for (unsigned i = 0; i < mech->nkids; i++) {
        struct ast *d = mech->kids[i];
        struct sym *s = d->kind == AST_STATE ? sema_lookup(l->mech->members, d->str) : NULL;
        if (s && eqn_of(k, s) < 0 && in_scheme(k, s))
            k->states[k->n++] = s;
    }
    return true;
}

/* The conservation laws' rows, in nocmodl's order: the last written is
 * equation 0 (conslist is built by prepending). */
static int conserve_row(const struct kin *k, const struct ast *st)
{
    int row = 0;
    for (unsigned i = k->block->nkids; i-- > 0;) {
        if (k->block->kids[i] == st)
            return row;
        if (k->block->kids[i]->kind == AST_CONSERVE)
            row++;
    }
    return -1;
}

static void touch(struct kin *k, unsigned row, unsigned col)
{
    getelm(&k->so, row + 1, col + 1, -1);
}

/* The matrix elements nocmodl's function asks for (phase 1 of
 * create_coef_list), in its order: each reaction's (genmatterms) and
 * conservation law's (genconservterms), as the block has them. */
static void shape(struct kin *k)
{
    for (unsigned i = 0; i < k->block->nkids; i++) {
        struct ast *st = k->block->kids[i];
        if (st->kind == AST_REACTION && st->op != 1) {
            for (unsigned j = 0; j < 2; j++)
                for (unsigned r = st->kids[j]->nkids; r-- > 0;) {
                    int col = eqn_of(k, st->kids[j]->kids[r]->sym);
                    if (col < 0)
                        continue;       /* a value, not a state */
                    for (unsigned j1 = 0; j1 < 2; j1++)
                        for (unsigned r1 = st->kids[j1]->nkids; r1-- > 0;) {
                            int row = eqn_of(k, st->kids[j1]->kids[r1]->sym);
                            if (row >= (int)k->ncons)
                                touch(k, (unsigned)row, (unsigned)col);
                        }
                }
        } else if (st->kind == AST_CONSERVE) {
            unsigned row = (unsigned)conserve_row(k, st);
            touch(k, row, row);
            for (unsigned r = st->kids[0]->nkids; r-- > 0;)
                touch(k, row, (unsigned)eqn_of(k, st->kids[0]->kids[r]->sym));
        }
    }
}

/* ---- IR emission ------------------------------------------------------------- */

static void assign(struct kin *k, struct ir_block *out, int var, struct ir_expr *e)
{
    struct ir_stmt *s = lm_stmt_new(k->l, IRS_ASSIGN);
    s->var = var;
    s->e = e;
    lm_push(k->l, out, s);
}

static struct ir_expr *V(struct kin *k, int var) { return lm_var(k->l, var); }

static struct ir_expr *B(struct kin *k, enum ir_op op, struct ir_expr *a, struct ir_expr *b)
{
    return lm_bin(k->l, op, a, b);
}

static int elm_var(struct kin *k, unsigned row, unsigned col)
{
    struct ksp *so = &k->so;
    return E(getelm(so, row + 1, col + 1, -1)).var;
}

/* x op= e for an element */
static void elm_update(struct kin *k, struct ir_block *out, unsigned row, unsigned col,
                       enum ir_op op, struct ir_expr *e)
{
    int v = elm_var(k, row, col);
    assign(k, out, v, B(k, op, V(k, v), e));
}

/* kf * A * A * B as nocmodl writes it: the rate, then each reactant (the
 * last written first) as many times as it counts, skipping one `skip`. */
static struct ir_expr *rate_product(struct kin *k, struct ast *rate, struct ast *list,
                                    struct ast *skip, int times)
{
    struct ir_expr *e = lm_expr(k->l, rate);
    if (times != 1)
        e = B(k, IR_MUL, e, lm_cst(k->l, times));
    for (unsigned r = list ? list->nkids : 0; r-- > 0;) {
        struct ast *t = list->kids[r];
        int nt = (int)t->num - (t == skip);
        for (int i = 0; i < nt; i++)
            e = B(k, IR_MUL, e, t->sym->kind == SYM_STATE ? V(k, lm_var_of(k->l, t->sym))
                                                          : lm_expr(k->l, t));
    }
    return e;
}

/* f_flux and b_flux of a reaction: genfluxterm's, genderivterms' */
static void fluxes(struct kin *k, struct ast *st, struct ir_block *out)
{
    struct lm *l = k->l;
    if (st->op == 1) {          /* f_flux = b_flux = 0.; ... (b_flux = flux) */
        assign(k, out, k->f_flux, lm_cst(l, 0.0));
        assign(k, out, k->b_flux, lm_cst(l, 0.0));
        assign(k, out, k->b_flux, lm_expr(l, st->kids[2]));
        return;
    }
    assign(k, out, k->f_flux, rate_product(k, st->kids[2], st->kids[0], NULL, 1));
    assign(k, out, k->b_flux, st->kids[3] ? rate_product(k, st->kids[3], st->kids[1], NULL, 1)
                                          : lm_cst(l, 0.0));           /* `->`: "0." */
}

static void reaction(struct kin *k, struct ast *st, struct ir_block *out)
{
    struct lm *l = k->l;
    fluxes(k, st, out);
    if (st->op == 1) {          /* ~ x << (flux): genfluxterm */
        int row = eqn_of(k, st->kids[0]->kids[0]->sym);
        assign(k, out, k->rhs[row], B(k, IR_ADD, V(k, k->rhs[row]), V(k, k->b_flux)));
        return;
    }
    /* genderivterms (a value, not a state, has no row) */
    for (unsigned j = 0; j < 2; j++)
        for (unsigned r = st->kids[j]->nkids; r-- > 0;) {
            struct ast *t = st->kids[j]->kids[r];
            int row = eqn_of(k, t->sym);
            if (row < (int)k->ncons)
                continue;
            struct ir_expr *d = B(k, IR_SUB, V(k, k->f_flux), V(k, k->b_flux));
            if (t->num != 1)
                d = B(k, IR_MUL, lm_cst(l, t->num), d);
            assign(k, out, k->rhs[row], B(k, j == 0 ? IR_SUB : IR_ADD, V(k, k->rhs[row]), d));
        }
    /* genmatterms */
    for (unsigned j = 0; j < 2; j++)
        for (unsigned r = st->kids[2 + j] ? st->kids[j]->nkids : 0; r-- > 0;) {
            struct ast *t = st->kids[j]->kids[r];
            int col = eqn_of(k, t->sym);
            if (col < 0)
                continue;       /* a value: no column, no term */
            assign(k, out, k->term, rate_product(k, st->kids[2 + j], st->kids[j], t, (int)t->num));
            for (unsigned j1 = 0; j1 < 2; j1++)
                for (unsigned r1 = st->kids[j1]->nkids; r1-- > 0;) {
                    struct ast *t1 = st->kids[j1]->kids[r1];
                    int row = eqn_of(k, t1->sym);
                    if (row < (int)k->ncons)
                        continue;
                    struct ir_expr *term = V(k, k->term);
                    if (t1->num != 1)
                        term = B(k, IR_MUL, lm_cst(l, t1->num), term);
                    elm_update(k, out, (unsigned)row, (unsigned)col, j == j1 ? IR_ADD : IR_SUB,
                               term);
                }
        }
}

static void conserve(struct kin *k, struct ast *st, struct ir_block *out)
{
    struct lm *l = k->l;
    unsigned row = (unsigned)conserve_row(k, st);
    assign(k, out, k->rhs[row], lm_expr(l, st->kids[1]));
    for (unsigned r = st->kids[0]->nkids; r-- > 0;) {
        struct ast *t = st->kids[0]->kids[r];
        unsigned col = (unsigned)eqn_of(k, t->sym);
        /* "= num * (vol)" and "-= s * (vol) * num" with a COMPARTMENT */
        struct ir_expr *coef = lm_cst(l, t->num), *s = V(k, k->svar[col]);
        if (k->cap[col]) {
            coef = B(k, IR_MUL, coef, lm_expr(l, k->cap[col]));
            s = B(k, IR_MUL, s, lm_expr(l, k->cap[col]));
        }
        assign(k, out, elm_var(k, row, col), coef);
        if (t->num != 1)
            s = B(k, IR_MUL, s, lm_cst(l, t->num));
        assign(k, out, k->rhs[row], B(k, IR_SUB, V(k, k->rhs[row]), s));
    }
}

/* One call of nocmodl's function: the matrix cleared (init_coef_list),
 * the diagonal terms of the time step, then the block in order.  With
 * matrix false only the block's own statements (the call after the step). */
static void fun(struct kin *k, struct ir_block *out, struct ir_expr *dt, bool matrix)
{
    struct lm *l = k->l;
    if (matrix) {
        for (unsigned e = 0; e < k->so.nel; e++)
            assign(k, out, k->so.el[e].var, lm_cst(l, 0.0));
        assign(k, out, k->dt1, B(k, IR_DIV, lm_cst(l, 1.0), dt));
        for (unsigned i = k->ncons; i < k->n; i++) {
            assign(k, out, k->rhs[i], B(k, IR_MUL, lm_un(l, IR_NEG, V(k, k->dt1)),
                                        B(k, IR_SUB, V(k, k->svar[i]), V(k, k->old[i]))));
            assign(k, out, elm_var(k, i, i), V(k, k->dt1));
        }
        for (unsigned i = k->ncons; i < k->n; i++)     /* COMPARTMENT: rows times volume */
            if (k->cap[i]) {
                assign(k, out, k->rhs[i], B(k, IR_MUL, V(k, k->rhs[i]), lm_expr(l, k->cap[i])));
                int d = elm_var(k, i, i);
                assign(k, out, d, B(k, IR_MUL, V(k, d), lm_expr(l, k->cap[i])));
            }
    }
    for (unsigned i = 0; i < k->block->nkids; i++) {
        struct ast *st = k->block->kids[i];
        if (st->kind == AST_COMPARTMENT)
            continue;           /* its volumes were applied above */
        if (st->kind == AST_REACTION || st->kind == AST_CONSERVE) {
            if (!matrix) {
                if (st->kind == AST_REACTION)
                    fluxes(k, st, out);     /* what later statements read */
                continue;
            }
            if (st->kind == AST_REACTION)
                reaction(k, st, out);
            else
                conserve(k, st, out);
        } else {
            lm_stmt(l, st, out);
        }
    }
}

/* matsol: elimination in pivot order, then back substitution.  Its
 * SINGULAR return (a pivot of at most 1e-20, the step then skipped) is not
 * kept: every diagonal starts at 1/dt (1e-9 in a steady state). */
static void matsol(struct kin *k, struct ir_block *out)
{
    struct ksp *so = &k->so;
    struct lm *l = k->l;
    for (unsigned i = 1; i <= so->n; i++) {
        int pivot = so->diag[i];
        for (int el = E(pivot).down; el >= 0; el = E(el).down) {
            int r = lm_add_local(l, "kin.r");
            assign(k, out, r, B(k, IR_DIV, V(k, E(el).var), V(k, E(pivot).var)));
            int rs = k->rhs[E(el).row - 1], rp = k->rhs[E(pivot).row - 1];
            assign(k, out, rs, B(k, IR_SUB, V(k, rs), B(k, IR_MUL, V(k, rp), V(k, r))));
            int rowsub = el;
            for (int e2 = E(pivot).right; e2 >= 0; e2 = E(e2).right) {
                for (rowsub = E(rowsub).right; E(rowsub).col != E(e2).col; rowsub = E(rowsub).right)
                    ;
                int v = E(rowsub).var;
                assign(k, out, v, B(k, IR_SUB, V(k, v), B(k, IR_MUL, V(k, E(e2).var), V(k, r))));
            }
        }
    }
    for (unsigned i = so->n; i >= 1; i--) {
        int d = so->diag[i];
        for (int el = E(d).right; el >= 0; el = E(el).right) {
            int rr = k->rhs[E(el).row - 1], rc = k->rhs[E(el).col - 1];
            assign(k, out, rr, B(k, IR_SUB, V(k, rr), B(k, IR_MUL, V(k, E(el).var), V(k, rc))));
        }
        int rd = k->rhs[E(d).row - 1];
        assign(k, out, rd, B(k, IR_DIV, V(k, rd), V(k, E(d).var)));
    }
}

/* s += x for each state (equation order); when nonlinear, s >= 0 and err
 * the sum of |x| */
static void update(struct kin *k, struct ir_block *out, bool linflag)
{
    struct lm *l = k->l;
    if (!linflag)
        assign(k, out, k->err, lm_cst(l, 0.0));
    for (unsigned i = 0; i < k->n; i++) {
        int s = k->svar[i];
        assign(k, out, s, B(k, IR_ADD, V(k, s), V(k, k->rhs[i])));
        if (linflag)
            continue;
        struct ir_stmt *clamp = lm_stmt_new(l, IRS_IF);
        clamp->e = B(k, IR_LT, V(k, s), lm_cst(l, 0.0));
        assign(k, &clamp->then, s, lm_cst(l, 0.0));
        lm_push(l, out, clamp);
        assign(k, out, k->err, B(k, IR_ADD, V(k, k->err),
                                 lm_math(l, IRM_FABS, V(k, k->rhs[i]))));
    }
}

/* sparse_thread(): one Newton step (linflag), or steps until converged */
static void sparse_call(struct kin *k, struct ir_block *out, struct ir_expr *(*dt)(struct kin *),
                        bool linflag)
{
    struct lm *l = k->l;
    for (unsigned i = 0; i < k->n; i++)
        assign(k, out, k->old[i], V(k, k->svar[i]));
    if (linflag) {
        fun(k, out, dt(k), true);
        matsol(k, out);
        update(k, out, true);
        fun(k, out, dt(k), false);
        return;
    }
    /* for (err = 1, j = 0; err > 1e-6; j++) { ...; if (j > 20) return; } */
    assign(k, out, k->iter, lm_cst(l, 0.0));
    struct ir_stmt *loop = lm_stmt_new(l, IRS_LOOP);
    fun(k, &loop->then, dt(k), true);
    matsol(k, &loop->then);
    update(k, &loop->then, false);
    assign(k, &loop->then, k->iter, B(k, IR_ADD, V(k, k->iter), lm_cst(l, 1.0)));
    struct ir_expr *more = B(k, IR_LE, V(k, k->iter), lm_cst(l, 21.0));
    loop->e = B(k, IR_AND, more, B(k, IR_GT, V(k, k->err), lm_cst(l, 1e-6)));
    lm_push(l, out, loop);
    struct ir_stmt *done = lm_stmt_new(l, IRS_IF);      /* not after EXCEED_ITERS */
    done->e = B(k, IR_LE, V(k, k->iter), lm_cst(l, 21.0));
    fun(k, &done->then, dt(k), false);
    lm_push(l, out, done);
}

static struct ir_expr *step_dt(struct kin *k) { return V(k, lm_builtin(k->l, IRB_DT, "dt")); }
static struct ir_expr *steady_dt(struct kin *k) { return lm_cst(k->l, 1e9); }

/* _ss_sparse_thread: linear schemes iterate to convergence; others take up
 * to 7 single steps until no state is below -1e-6, then iterate */
static void steady_call(struct kin *k, struct ir_block *out)
{
    struct lm *l = k->l;
    if (k->linear) {
        sparse_call(k, out, steady_dt, false);
        return;
    }
    int tries = lm_add_local(l, "kin.tries");
    assign(k, out, tries, lm_cst(l, 0.0));
    struct ir_stmt *loop = lm_stmt_new(l, IRS_LOOP);
    sparse_call(k, &loop->then, steady_dt, true);
    assign(k, &loop->then, k->ok, lm_cst(l, 1.0));
    for (unsigned i = 0; i < k->n; i++) {
        struct ir_stmt *neg = lm_stmt_new(l, IRS_IF);
        neg->e = B(k, IR_LT, V(k, k->svar[i]), lm_cst(l, -1e-6));
        assign(k, &neg->then, k->svar[i], lm_cst(l, 0.0));
        assign(k, &neg->then, k->ok, lm_cst(l, 0.0));
        lm_push(l, &loop->then, neg);
    }
    assign(k, &loop->then, tries, B(k, IR_ADD, V(k, tries), lm_cst(l, 1.0)));
    loop->e = B(k, IR_AND, B(k, IR_EQ, V(k, k->ok), lm_cst(l, 0.0)),
                B(k, IR_LT, V(k, tries), lm_cst(l, 7.0)));
    lm_push(l, out, loop);
    struct ir_stmt *ok = lm_stmt_new(l, IRS_IF);
    ok->e = B(k, IR_NE, V(k, k->ok), lm_cst(l, 0.0));
    sparse_call(k, &ok->then, steady_dt, false);
    lm_push(l, out, ok);
}

static bool check_block(struct kin *k)
{
    bool ok = true;
    for (unsigned i = 0; i < k->block->nkids; i++) {
        struct ast *st = k->block->kids[i];
        if (st->kind == AST_IF) {
            /* reactions only at the top level: their matrix shape is fixed */
            struct ast *stack[64];
            unsigned n = 0;
            stack[n++] = st;
            while (n) {
                struct ast *x = stack[--n];
                if (x->kind == AST_REACTION || x->kind == AST_CONSERVE) {
                    diag_error(k->l->s->diag, x->loc, "reactions and 'conserve' cannot be "
                               "inside 'if': the kinetic scheme's matrix has one shape");
                    ok = false;
                }
                for (unsigned c = 0; c < x->nkids && n < 64; c++)
                    if (x->kids[c])
                        stack[n++] = x->kids[c];
            }
        }
        if (st->kind == AST_REACTION) {
            for (unsigned side = 0; side < 2; side++)
                for (unsigned r = 0; ast_kid(st, side) && r < st->kids[side]->nkids; r++)
                    if (!st->kids[side]->kids[r]->sym)
                        ok = false;
        }
    }
    return ok;
}

/* The built-in f_flux (b_flux) the block's statements read: the same
 * variable, or a fresh local where none reads it. */
static const struct ast *flux_name(const struct ast *n, const char *name)
{
    if (!n)
        return NULL;
    if (n->kind == AST_NAME && n->sym && n->sym->kind == SYM_BUILTIN_VAR &&
        strcmp(n->str, name) == 0)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *r = flux_name(n->kids[i], name);
        if (r)
            return r;
    }
    return NULL;
}

static int flux_var(struct kin *k, const char *name)
{
    const struct ast *n = flux_name(k->block, name);
    return n ? lm_var_of(k->l, n->sym) : lm_add_local(k->l, name);
}

void lower_kinetic(struct lm *l, struct ast *kin, struct ir_block *out, bool steady)
{
    struct kin k = {.l = l, .block = kin ? kin->kids[0] : NULL, .linear = true};
    if (!k.block || !check_block(&k) || !number_states(&k)) {
        l->ok = false;
        return;
    }
    for (unsigned i = 0; i < k.block->nkids; i++) {
        struct ast *st = k.block->kids[i];
        if (st->kind != AST_REACTION)
            continue;
        if (st->op == 1) {
            int e = eqn_of(&k, st->kids[0]->kids[0]->sym);
            if (e < (int)k.ncons) {
                diag_error(l->s->diag, st->loc, "'%s' is conserved and has a flux",
                           st->kids[0]->kids[0]->str);
                l->ok = false;
                return;
            }
            continue;
        }
        for (unsigned side = 0; side < 2; side++) {
            struct ast *list = st->kids[side];
            if (list->nkids > 1 || (list->nkids == 1 && list->kids[0]->num != 1))
                k.linear = false;       /* genmatterms: another reactant in a term */
        }
    }
    if (k.n == 0) {
        diag_error(l->s->diag, kin->loc, "the kinetic block has no reactions");
        l->ok = false;
        return;
    }
    /* the shape: initeqn's diagonals, nocmodl's getelm calls, minimum ordering */
    struct ksp *so = &k.so;
    so->l = l;
    so->n = k.n;
    so->rowst = arena_alloc(l->a, (k.n + 1) * sizeof *so->rowst);
    so->diag = arena_alloc(l->a, (k.n + 1) * sizeof *so->diag);
    so->varord = arena_alloc(l->a, (k.n + 1) * sizeof *so->varord);
    so->it = arena_alloc(l->a, (k.n + 1) * sizeof *so->it);
    for (unsigned i = 1; i <= k.n; i++) {
        so->varord[i] = i;
        so->diag[i] = so->rowst[i] = new_elm(so, i, i);
    }
    shape(&k);
    spar_minorder(so);
    for (unsigned e = 0; e < so->nel; e++)
        so->el[e].var = lm_add_local(l, arena_printf(l->a, "kin.m%u_%u", so->el[e].row,
                                                     so->el[e].col));
    k.cap = arena_alloc(l->a, k.n * sizeof *k.cap);
    for (unsigned i = 0; i < k.block->nkids; i++) {
        struct ast *st = k.block->kids[i];
        for (unsigned r = 0; st->kind == AST_COMPARTMENT && r < st->kids[1]->nkids; r++) {
            int e = st->kids[1]->kids[r]->sym ? eqn_of(&k, st->kids[1]->kids[r]->sym) : -1;
            if (e >= 0)
                k.cap[e] = st->kids[0];
        }
    }
    k.svar = arena_alloc(l->a, k.n * sizeof *k.svar);
    k.old = arena_alloc(l->a, k.n * sizeof *k.old);
    k.rhs = arena_alloc(l->a, k.n * sizeof *k.rhs);
    for (unsigned i = 0; i < k.n; i++) {
        k.svar[i] = lm_var_of(l, k.states[i]);
        k.old[i] = lm_add_local(l, arena_printf(l->a, "kin.%s0", k.states[i]->name));
        k.rhs[i] = lm_add_local(l, arena_printf(l->a, "kin.rhs%u", i));
    }
    k.f_flux = flux_var(&k, "f_flux");
    k.b_flux = flux_var(&k, "b_flux");
    k.term = lm_add_local(l, "kin.term");
    k.dt1 = lm_add_local(l, "kin.dt1");
    k.err = lm_add_local(l, "kin.err");
    k.iter = lm_add_local(l, "kin.iter");
    k.ok = lm_add_local(l, "kin.ok");
    if (steady)
        steady_call(&k, out);
    else
        sparse_call(&k, out, step_dt, k.linear);
}
