/* circ_print.c - .circ text from a circ AST (see circ_print.h). */
#include "circ_print.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

void circ_print_number(char *buf, size_t size, double x)
{
    /* the range first: a cast of a double outside long long's is undefined */
    if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
        snprintf(buf, size, "%lld", (long long)x);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    /* 1e-06 -> 1e-6, 2.5e+20 -> 2.5e20 */
    char *e = strchr(buf, 'e');
    if (e) {
        char *d = e + 1, *s = e + 1;
        if (*s == '+')
            s++;
        else if (*s == '-')
            *d++ = *s++;
        while (*s == '0' && s[1])
            s++;
        memmove(d, s, strlen(s) + 1);
    }
}

/* ---- expressions: precedence from loosest (1) to tightest ----------------------- */

enum { P_COND = 1, P_OR, P_AND, P_NOT, P_CMP, P_RANGE, P_ADD, P_MUL, P_NEG, P_POW, P_ATOM };

static int prec(const struct ast *e)
{
    switch (e->kind) {
    case AST_COND: return P_COND;
    case AST_RANGE: return P_RANGE;
    case AST_UNOP: return e->op == OP_NOT ? P_NOT : P_NEG;
    case AST_NUM: return e->num < 0 || (e->num == 0 && 1 / e->num < 0) ? P_NEG : P_ATOM;
    case AST_BINOP:
        switch (e->op) {
        case OP_OR: return P_OR;
        case OP_AND: return P_AND;
        case OP_ADD: case OP_SUB: return P_ADD;
        case OP_MUL: case OP_DIV: return P_MUL;
        case OP_POW: return P_POW;
        default: return P_CMP;
        }
    default:
        return P_ATOM;
    }
}

static void expr_at(FILE *out, const struct ast *e, int need);

static void expr_body(FILE *out, const struct ast *e)
{
    static const char *const ops[] = {
        [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/", [OP_POW] = "^",
        [OP_AND] = "and", [OP_OR] = "or", [OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<",
        [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
    };
    char num[64];
    int p = prec(e);
    switch (e->kind) {
    case AST_NUM:
        circ_print_number(num, sizeof num, e->num);
        fputs(num, out);
        if (e->str)
            fprintf(out, " %s", e->str);
        return;
    case AST_BOOL:
        fputs(e->num != 0 ? "true" : "false", out);
        return;
    case AST_STR:
        fprintf(out, "\"%s\"", e->str);
        return;
    case AST_NAME:
        fputs(e->str, out);
        return;
    case AST_MEMBER:
        expr_at(out, e->kids[0], P_ATOM);
        fprintf(out, ".%s", e->str);
        return;
    case AST_CALL:
        fprintf(out, "%s(", e->str);
        for (unsigned i = 0; i < e->nkids; i++) {
            if (i)
                fputs(", ", out);
            expr_at(out, e->kids[i], P_COND);
        }
        fputc(')', out);
        return;
    case AST_UNOP:
        fputs(e->op == OP_NOT ? "not " : e->op == OP_PLUS ? "+" : "-", out);
        /* a sign before a sign or a negative number reads better in parentheses */
        expr_at(out, e->kids[0], prec(e->kids[0]) == P_NEG ? P_ATOM : p);
        return;
    case AST_BINOP: {
        bool right_assoc = e->op == OP_POW;
        int lneed = right_assoc || p == P_CMP ? p + 1 : p;
        int rneed = right_assoc ? p : p + 1;
        expr_at(out, e->kids[0], lneed);
        fprintf(out, " %s ", ops[e->op]);
        expr_at(out, e->kids[1], prec(e->kids[1]) == P_NEG && p > P_NOT ? P_ATOM : rneed);
        return;
    }
    case AST_COND:
        expr_at(out, e->kids[0], P_OR);
        fputs(" ? ", out);
        expr_at(out, e->kids[1], P_OR);
        fputs(" : ", out);
        expr_at(out, e->kids[2], P_COND);
        return;
    case AST_RANGE:
        expr_at(out, e->kids[0], P_ADD);
        fputs(" .. ", out);
        expr_at(out, e->kids[1], P_ADD);
        return;
    case AST_LIST:
        fputc('[', out);
        for (unsigned i = 0; i < e->nkids; i++) {
            if (i)
                fputs(", ", out);
            expr_at(out, e->kids[i], P_COND);
        }
        fputc(']', out);
        return;
    default:
        fprintf(out, "<%s>", ast_kind_name(e->kind));
        return;
    }
}

static void expr_at(FILE *out, const struct ast *e, int need)
{
    bool paren = prec(e) < need;
    if (paren)
        fputc('(', out);
    expr_body(out, e);
    if (paren)
        fputc(')', out);
}

void circ_print_expr(FILE *out, const struct ast *e)
{
    expr_at(out, e, P_COND);
}

/* ---- names ------------------------------------------------------------------------- */

/* Is n a name (declared or used) spelled like a circ keyword? */
static bool keyword_named(const struct ast *n)
{
    bool named = n->str && (n->kind == AST_MECH || n->kind == AST_PARAM ||
                            n->kind == AST_STATE || n->kind == AST_ASSIGNED ||
                            n->kind == AST_CONSTANT || n->kind == AST_FUNCTION ||
                            n->kind == AST_PROCEDURE || n->kind == AST_ARG ||
                            n->kind == AST_CURRENT || n->kind == AST_SETTER ||
                            n->kind == AST_ASSIGN || n->kind == AST_LET || n->kind == AST_VALUE ||
                            n->kind == AST_DERIV || n->kind == AST_NAME ||
                            n->kind == AST_CALL || n->kind == AST_LINEAR ||
                            n->kind == AST_NONLINEAR || n->kind == AST_SOLVE);
    return named && parse_is_keyword(n->str);
}

static const struct ast *keyword_in(const struct ast *n)
{
    if (!n)
        return NULL;
    if (keyword_named(n))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *k = keyword_in(n->kids[i]);
        if (k)
            return k;
    }
    return NULL;
}

static bool declares(const struct ast *n)
{
    return n->str && (n->kind == AST_MECH || n->kind == AST_PARAM || n->kind == AST_STATE ||
                      n->kind == AST_ASSIGNED || n->kind == AST_CONSTANT ||
                      n->kind == AST_FUNCTION || n->kind == AST_PROCEDURE ||
                      n->kind == AST_ARG || n->kind == AST_CURRENT || n->kind == AST_SETTER ||
                      n->kind == AST_LET || n->kind == AST_VALUE || n->kind == AST_LINEAR ||
                      n->kind == AST_NONLINEAR);
}

/* every name in the tree (to keep new ones fresh), the keywords declared;
 * in a useion (inside) only what it lists */
static void collect(struct arena *a, const struct ast *n, struct name_set *all,
                    struct name_set *bad, bool inside)
{
    if (!n)
        return;
    if (n->str)
        name_set_add(a, all, n->str);
    if (!inside && declares(n) && parse_is_keyword(n->str))
        name_set_add(a, bad, n->str);
    for (unsigned i = 0; i < n->nkids; i++)
        collect(a, n->kids[i], all, bad, inside || n->kind == AST_USEION);
}

static void rename_in(struct ast *n, const char *from, const char *to)
{
    if (!n)
        return;
    if (keyword_named(n) && strcmp(n->str, from) == 0)
        n->str = to;
    for (unsigned i = 0; i < n->nkids; i++)
        rename_in(n->kids[i], from, to);
}

unsigned circ_rename_keywords(struct arena *a, struct ast *mech, const char ***from,
                              const char ***to)
{
    struct name_set all = {0}, bad = {0}, ion = {0}, none = {0};
    collect(a, mech, &all, &bad, false);
    for (unsigned i = 0; i < mech->nkids; i++)
        if (mech->kids[i]->kind == AST_USEION)
            collect(a, mech->kids[i], &ion, &none, true);
    /* an ion's variable (NEURON's `in` of ion n) is named by the ion: kept,
       and refused as before */
    unsigned k = 0;
    for (unsigned i = 0; i < bad.n; i++)
        if (!name_set_has(&ion, bad.v[i]))
            bad.v[k++] = bad.v[i];
    bad.n = k;
    *from = bad.v;
    *to = arena_alloc(a, (bad.n + 1) * sizeof **to);
    for (unsigned i = 0; i < bad.n; i++) {
        const char *x = bad.v[i];
        do
            x = arena_printf(a, "%s_", x);
        while (name_set_has(&all, x) || parse_is_keyword(x));
        name_set_add(a, &all, x);
        (*to)[i] = x;
        rename_in(mech, bad.v[i], x);
    }
    return bad.n;
}

/* ---- statements -------------------------------------------------------------------- */

static void indent(FILE *out, int depth)
{
    fprintf(out, "%*s", 4 * depth, "");
}

static void block(FILE *out, const struct ast *b, int depth);

static void if_chain(FILE *out, const struct ast *st, int depth)
{
    fputs("if ", out);
    circ_print_expr(out, st->kids[0]);
    fputs(" ", out);
    block(out, st->kids[1], depth);
    const struct ast *e = ast_kid(st, 2);
    if (!e)
        return;
    fputs(" else ", out);
    if (e->kind == AST_IF)
        if_chain(out, e, depth);
    else
        block(out, e, depth);
}

/* "2 ca + B": a reaction's or conservation law's states */
static void reactants(FILE *out, const struct ast *list)
{
    for (unsigned i = 0; i < list->nkids; i++) {
        fputs(i ? " + " : "", out);
        if (list->kids[i]->num != 1)
            fprintf(out, "%g ", list->kids[i]->num);
        fputs(list->kids[i]->str, out);
    }
}

static void args(FILE *out, const struct ast *list);
static void stmt(FILE *out, const struct ast *st, int depth)
{
    indent(out, depth);
    switch (st->kind) {
    case AST_ASSIGN:
        fprintf(out, "%s = ", st->str);
        circ_print_expr(out, st->kids[0]);
        break;
    case AST_LET:
        fprintf(out, "let %s = ", st->str);
        circ_print_expr(out, st->kids[0]);
        break;
    case AST_DERIV:
        fprintf(out, "%s' = ", st->str);
        circ_print_expr(out, st->kids[0]);
        break;
    case AST_RETURN:
        fputs("return ", out);
        circ_print_expr(out, st->kids[0]);
        break;
    case AST_EXPRSTMT:
        circ_print_expr(out, st->kids[0]);
        break;
    case AST_IF:
        if_chain(out, st, depth);
        break;
    case AST_REACTION:
        fputs("~ ", out);
        reactants(out, st->kids[0]);
        if (st->op == 1 || st->op == 2) {
            fputs(st->op == 1 ? " << (" : " -> (", out);
            circ_print_expr(out, st->kids[2]);
        } else {
            fputs(" <-> ", out);
            reactants(out, st->kids[1]);
            fputs(" (", out);
            circ_print_expr(out, st->kids[2]);
            fputs(", ", out);
            circ_print_expr(out, st->kids[3]);
        }
        fputc(')', out);
        break;
    case AST_CONSERVE:
        fputs("conserve ", out);
        reactants(out, st->kids[0]);
        fputs(" = ", out);
        circ_print_expr(out, st->kids[1]);
        break;
    case AST_STEADYSTATE:
        fputs("steadystate", out);
        break;
    case AST_EQUATION:
        fputs("~ ", out);
        circ_print_expr(out, st->kids[0]);
        fputs(" = ", out);
        circ_print_expr(out, st->kids[1]);
        break;
    case AST_SOLVE:
        fprintf(out, "solve %s", st->str);
        break;
    case AST_COMPARTMENT:
        fputs("compartment ", out);
        circ_print_expr(out, st->kids[0]);
        fputs(" { ", out);
        for (unsigned i = 0; i < st->kids[1]->nkids; i++)
            fprintf(out, "%s%s", i ? ", " : "", st->kids[1]->kids[i]->str);
        fputs(" }", out);
        break;
    case AST_WHILE:
        fputs("while ", out);
        circ_print_expr(out, st->kids[0]);
        fprintf(out, " at most %.17g ", st->kids[1]->num);
        block(out, st->kids[2], depth);
        break;
    case AST_FOR_CONNS:
        fputs("for each connection ", out);
        args(out, st->kids[0]);
        fputc(' ', out);
        block(out, st->kids[1], depth);
        break;
    default:
        fprintf(out, "# <%s>", ast_kind_name(st->kind));
        break;
    }
    fputc('\n', out);
}

/* "{ ... }" with the closing brace at depth (the caller printed the opening line) */
static void block(FILE *out, const struct ast *b, int depth)
{
    fputs("{\n", out);
    for (unsigned i = 0; b && i < b->nkids; i++)
        stmt(out, b->kids[i], depth + 1);
    indent(out, depth);
    fputc('}', out);
}

/* ---- mechanism items --------------------------------------------------------------- */

static void unit_annot(FILE *out, const struct ast *u)
{
    if (u)
        fprintf(out, ": %s", u->str);
}

static void args(FILE *out, const struct ast *list)
{
    fputc('(', out);
    for (unsigned i = 0; list && i < list->nkids; i++) {
        fprintf(out, "%s%s", i ? ", " : "", list->kids[i]->str);
        unit_annot(out, ast_kid(list->kids[i], 0));
    }
    fputc(')', out);
}

static void names(FILE *out, const struct ast *list)
{
    for (unsigned i = 0; i < list->nkids; i++)
        fprintf(out, "%s%s", i ? ", " : "", list->kids[i]->str);
}

/* "parameter a: mV = 1, b" style lines: one keyword, the run of same-kind items */
static unsigned decl_run(FILE *out, const struct ast *m, unsigned i)
{
    const struct ast *first = m->kids[i];
    const char *word = first->kind == AST_PARAM ? (first->op == 1 ? "global" : "parameter")
                     : first->kind == AST_STATE ? "state"
                     : first->kind == AST_ASSIGNED ? "assigned" : "constant";
    fprintf(out, "    %s ", word);
    unsigned j = i, col = 5 + (unsigned)strlen(word);
    for (; j < m->nkids && m->kids[j]->kind == first->kind && m->kids[j]->op == first->op; j++) {
        const struct ast *d = m->kids[j];
        /* parameters and constants one per line: they carry values */
        if (j > i && (d->kind == AST_PARAM || d->kind == AST_CONSTANT || col > 76)) {
            fputs(",\n        ", out);      /* as circ fmt continues a line */
            col = 8;
        } else if (j > i) {
            fputs(", ", out);
            col += 2;
        }
        fputs(d->str, out);
        col += (unsigned)strlen(d->str);
        if (d->kind != AST_CONSTANT) {
            unit_annot(out, ast_kid(d, 1));
            if (ast_kid(d, 1))
                col += 2 + (unsigned)strlen(d->kids[1]->str);
        }
        if (ast_kid(d, 0)) {
            fputs(" = ", out);
            circ_print_expr(out, d->kids[0]);
        }
        if (ast_kid(d, 2)) {
            fputs(" where ", out);
            circ_print_expr(out, d->kids[2]);
        }
    }
    fputc('\n', out);
    return j;
}

static void item(FILE *out, const struct ast *it)
{
    switch (it->kind) {
    case AST_FUNCTION:
    case AST_PROCEDURE: {
        fprintf(out, "    %s %s", it->kind == AST_FUNCTION ? "function" : "procedure", it->str);
        args(out, it->kids[0]);
        const struct ast *tab = ast_table_of(it);
        if (it->kind == AST_FUNCTION)
            unit_annot(out, ast_kid(it, 1));
        if (tab) {
            fputs(" table", out);
            if (tab->kids[0]->nkids)
                fputc(' ', out);
            names(out, tab->kids[0]);
            fputs(" from ", out);
            circ_print_expr(out, tab->kids[1]);
            fputs(" to ", out);
            circ_print_expr(out, tab->kids[2]);
            fputs(" with ", out);
            circ_print_expr(out, tab->kids[3]);
            if (ast_kid(tab, 4)) {
                fputs(" depend ", out);
                names(out, tab->kids[4]);
            }
        }
        fputc(' ', out);
        block(out, ast_kid(it, 2), 1);
        break;
    }
    case AST_INITIAL:
    case AST_DERIVATIVE:
    case AST_KINETIC:
    case AST_BREAKPOINT:
        fputs(it->kind == AST_INITIAL ? "    initial " : it->kind == AST_KINETIC ? "    kinetic "
              : it->kind == AST_BREAKPOINT ? "    breakpoint " : "    derivative ", out);
        if (it->kind == AST_DERIVATIVE && it->op == 1)      /* implicit, euler */
            fprintf(out, "%s ", it->str);
        block(out, it->kids[0], 1);
        break;
    case AST_LINEAR:
    case AST_NONLINEAR:
        fprintf(out, "    %s %s", it->kind == AST_LINEAR ? "linear" : "nonlinear", it->str);
        if (ast_kid(it, 1)) {       /* its unknowns (SOLVEFOR) */
            fputc('(', out);
            names(out, it->kids[1]);
            fputc(')', out);
        }
        fputc(' ', out);
        block(out, it->kids[0], 1);
        break;
    case AST_CURRENT:
        fprintf(out, "    %s %s = ", it->op == 1 ? "electrode_current" : "current", it->str);
        circ_print_expr(out, it->kids[0]);
        break;
    case AST_VALUE:
        fprintf(out, "    let %s", it->str);
        unit_annot(out, ast_kid(it, 1));
        fputs(" = ", out);
        circ_print_expr(out, it->kids[0]);
        break;
    case AST_RECEIVE:
        fputs("    receive", out);
        args(out, it->kids[0]);
        fputs(" {\n", out);
        if (ast_kid(it, 2)) {   /* its initial block comes first */
            indent(out, 2);
            fputs("initial ", out);
            block(out, it->kids[2], 2);
            fputc('\n', out);
        }
        for (unsigned i = 0; i < it->kids[1]->nkids; i++)
            stmt(out, it->kids[1]->kids[i], 2);
        fputs("    }", out);
        break;
    case AST_SETTER:
        fprintf(out, "    setter %s", it->str);
        unit_annot(out, ast_kid(it, 0));
        if (ast_kid(it, 2)) {
            fputs(" where ", out);
            circ_print_expr(out, it->kids[2]);
        }
        fputc(' ', out);
        block(out, it->kids[1], 1);
        break;
    default:
        fprintf(out, "    # <%s>", ast_kind_name(it->kind));
        break;
    }
    fputc('\n', out);
}

static bool is_decl(const struct ast *it)
{
    return it->kind == AST_PARAM || it->kind == AST_STATE || it->kind == AST_ASSIGNED ||
           it->kind == AST_CONSTANT || it->kind == AST_USEION;
}

bool circ_print_mech(FILE *out, const struct ast *mech, const struct ast **bad)
{
    *bad = keyword_in(mech);
    if (*bad)
        return false;
    static const char *const kinds[] = {"density", "point", "artificial"};
    fprintf(out, "%s %s%s {\n", kinds[mech->op], mech->str, mech->num == 1 ? " nmodl" : "");
    for (unsigned i = 0; i < mech->nkids; i++) {
        const struct ast *u = mech->kids[i];
        if (u->kind != AST_USEION)
            continue;
        fprintf(out, "    useion %s", u->str);
        for (unsigned k = 0; k < u->nkids; k++) {
            const struct ast *clause = u->kids[k];
            fprintf(out, " %s ", clause->str);
            if (clause->kids[0]->kind == AST_LIST)
                names(out, clause->kids[0]);
            else
                circ_print_expr(out, clause->kids[0]);
        }
        fputc('\n', out);
    }
    /* declarations first, grouped by kind in their order, then the blocks */
    static const enum ast_kind order[] = {AST_CONSTANT, AST_PARAM, AST_STATE, AST_ASSIGNED};
    for (size_t o = 0; o < sizeof order / sizeof *order; o++)
        for (int global = 0; global <= (order[o] == AST_PARAM); global++) {
            /* gather this kind's declarations into a temporary run */
            struct ast run = {.kind = AST_MECH};
            struct ast *kids[4096];
            run.kids = kids;
            for (unsigned i = 0; i < mech->nkids && run.nkids < 4096; i++) {
                const struct ast *d = mech->kids[i];
                if (d->kind == order[o] && (d->kind != AST_PARAM || d->op == global))
                    kids[run.nkids++] = mech->kids[i];
            }
            for (unsigned i = 0; i < run.nkids;)
                i = decl_run(out, &run, i);
        }
    for (unsigned i = 0; i < mech->nkids; i++) {
        if (is_decl(mech->kids[i]))
            continue;
        const struct ast *b = mech->kids[i]->kind == AST_INITIAL ? mech->kids[i]->kids[0] : NULL;
        if (b && b->nkids == 0)
            continue;   /* an INITIAL whose only assignments were dropped (nmodl) */
        bool run = i > 0 && (mech->kids[i]->kind == AST_CURRENT || mech->kids[i]->kind == AST_VALUE) &&
                   (mech->kids[i - 1]->kind == AST_CURRENT || mech->kids[i - 1]->kind == AST_VALUE);
        if (!run)   /* values and currents stand together */
            fputc('\n', out);
        item(out, mech->kids[i]);
    }
    fputs("}\n", out);
    return true;
}
