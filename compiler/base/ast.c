/* ast.c - node constructors and the --emit=ast printer. */
#include "ast.h"

#include <stdarg.h>
#include <string.h>

static const char *const kind_names[] = {
#define X(k, name, layout) name,
#include "ast_kinds.h"
#undef X
};

const char *ast_kind_name(enum ast_kind kind)
{
    return kind < AST_KIND_COUNT ? kind_names[kind] : "?";
}

const char *ast_op_name(int op)
{
    static const char *const names[] = {
        "", "+", "-", "*", "/", "^", "neg", "plus", "not",
        "and", "or", "==", "!=", "<", "<=", ">", ">=",
    };
    return op >= 0 && op < (int)(sizeof names / sizeof *names) ? names[op] : "?";
}

struct ast *ast_new(struct arena *a, enum ast_kind kind, struct loc loc)
{
    struct ast *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->loc = loc;
    n->scale = 1.0;
    n->read_index = -1;
    return n;
}

struct ast *ast_add(struct arena *a, struct ast *n, struct ast *kid)
{
    if (n->nkids == n->cap) {
        unsigned cap = n->cap ? n->cap * 2 : 4;
        n->kids = arena_realloc(a, n->kids, n->cap * sizeof *n->kids, cap * sizeof *n->kids);
        n->cap = cap;
    }
    n->kids[n->nkids++] = kid;
    return n;
}

struct ast *ast_make(struct arena *a, enum ast_kind kind, struct loc loc,
                     const char *str, unsigned nkids, ...)
{
    struct ast *n = ast_new(a, kind, loc);
    n->str = str;
    va_list ap;
    va_start(ap, nkids);
    for (unsigned i = 0; i < nkids; i++)
        ast_add(a, n, va_arg(ap, struct ast *));
    va_end(ap);
    return n;
}

struct ast *ast_find_prop(const struct ast *block, const char *key)
{
    for (unsigned i = 0; block && i < block->nkids; i++) {
        struct ast *p = block->kids[i];
        if (p && p->kind == AST_PROP && strcmp(p->str, key) == 0)
            return p;
    }
    return NULL;
}

struct loc loc_span(struct loc a, struct loc b)
{
    if (a.file < 0)
        return b;
    if (b.file < 0 || b.file != a.file)
        return a;
    struct loc r = a;
    if (b.start < r.start)
        r.start = b.start;
    if (b.end > r.end)
        r.end = b.end;
    return r;
}

static void print_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void print_node(FILE *out, const struct ast *n, const struct diag_sink *d, int depth)
{
    fprintf(out, "%*s", depth * 2, "");
    if (!n) {
        fputs("-\n", out);
        return;
    }
    unsigned line, col;
    diag_line_col(d, n->loc.file, n->loc.start, &line, &col);
    fprintf(out, "(%s", ast_kind_name(n->kind));
    switch (n->kind) {
    case AST_NUM:
        fprintf(out, " %.17g", n->num);
        if (n->str) {
            fputc(' ', out);
            print_string(out, n->str);
        }
        break;
    case AST_BOOL:
        fputs(n->num != 0 ? " true" : " false", out);
        break;
    case AST_STR:
    case AST_IMPORT:
    case AST_UNIT:
        fputc(' ', out);
        print_string(out, n->str ? n->str : "");
        break;
    case AST_UNOP:
    case AST_BINOP:
        fprintf(out, " %s", ast_op_name(n->op));
        break;
    case AST_MECH:
        fprintf(out, " %s %s", n->op == MECH_DENSITY ? "density"
                : n->op == MECH_POINT ? "point" : "artificial", n->str);
        break;
    case AST_CURRENT:
        fprintf(out, " %s%s", n->op ? "electrode " : "", n->str);
        break;
    case AST_MAP:
        fputs(n->op == 0 ? " node" : n->op == 1 ? " edge" : n->op == 2 ? " inputs" : " spikes", out);
        break;
    case AST_NETWORK_FROM:
        fputc(' ', out);
        print_string(out, n->str ? n->str : "");
        break;
    default:
        if (n->str)
            fprintf(out, " %s", n->str);
        break;
    }
    fprintf(out, " @%u:%u", line, col);
    if (n->nkids == 0) {
        fputs(")\n", out);
        return;
    }
    fputc('\n', out);
    for (unsigned i = 0; i < n->nkids; i++)
        print_node(out, n->kids[i], d, depth + 1);
    fprintf(out, "%*s)\n", depth * 2, "");
}

void ast_print(FILE *out, const struct ast *n, const struct diag_sink *d)
{
    print_node(out, n, d, 0);
}

/* ---- linear equations (NMODL's LINEAR) ------------------------------------------ */

unsigned ast_count_unknowns(const struct ast *n, ast_unknown_fn is_unknown, void *ctx)
{
    if (!n)
        return 0;
    if (n->kind == AST_NAME)
        return is_unknown(n, ctx) ? 1 : 0;
    unsigned c = 0;
    for (unsigned i = 0; i < n->nkids; i++)
        c += ast_count_unknowns(n->kids[i], is_unknown, ctx);
    return c;
}

static bool contains(const struct ast *n, const struct ast *x)
{
    if (n == x)
        return true;
    for (unsigned i = 0; n && i < n->nkids; i++)
        if (contains(n->kids[i], x))
            return true;
    return false;
}

/* Is x a factor of p: p itself, or in a product's operand, a quotient's
 * numerator or under a sign?  (nocmodl's `primary: term | primary '*' term
 * | primary '/' term` with the state a term of its own) */
static bool is_factor(const struct ast *p, const struct ast *x)
{
    if (p == x)
        return true;
    if (p->kind == AST_BINOP && p->op == OP_MUL)
        return is_factor(contains(p->kids[0], x) ? p->kids[0] : p->kids[1], x);
    if (p->kind == AST_BINOP && p->op == OP_DIV)
        return contains(p->kids[0], x) && is_factor(p->kids[0], x);
    if (p->kind == AST_UNOP && (p->op == OP_NEG || p->op == OP_PLUS))
        return is_factor(p->kids[0], x);
    return false;
}

static const struct ast *first_unknown(const struct ast *n, ast_unknown_fn is_unknown, void *ctx)
{
    if (!n)
        return NULL;
    if (n->kind == AST_NAME && is_unknown(n, ctx))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *u = first_unknown(n->kids[i], is_unknown, ctx);
        if (u)
            return u;
    }
    return NULL;
}

static const struct ast *term(struct ast *p, int sign, double scale, ast_unknown_fn is_unknown,
                              ast_term_fn each, void *ctx, const char **why)
{
    unsigned n = ast_count_unknowns(p, is_unknown, ctx);
    if (n > 1) {
        *why = "more than one state in this term";
        return p;
    }
    const struct ast *x = n ? first_unknown(p, is_unknown, ctx) : NULL;
    if (x && !is_factor(p, x)) {
        *why = "a state of a linear equation must be a factor of its term (a*x, x/b), not "
               "inside a sum in parentheses, a function call, a power or a denominator";
        return x;
    }
    each(sign, p, (struct ast *)x, scale, ctx);
    return NULL;
}

static const struct ast *terms(struct ast *side, int sign, double scale,
                               ast_unknown_fn is_unknown, ast_term_fn each, void *ctx,
                               const char **why)
{
    double inner = scale * side->scale;     /* a sum's factor applies to its terms */
    if (side->kind == AST_BINOP && (side->op == OP_ADD || side->op == OP_SUB)) {
        const struct ast *bad = terms(side->kids[0], sign, inner, is_unknown, each, ctx, why);
        if (bad)
            return bad;
        return term(side->kids[1], side->op == OP_SUB ? -sign : sign, inner, is_unknown, each,
                    ctx, why);
    }
    if (side->kind == AST_UNOP && side->op == OP_NEG)     /* `- primary`: its sign */
        return term(side->kids[0], -sign, inner, is_unknown, each, ctx, why);
    return term(side, sign, scale, is_unknown, each, ctx, why);
}

const struct ast *ast_linear_terms(struct ast *side, int sign, ast_unknown_fn is_unknown,
                                   ast_term_fn each, void *ctx, const char **why)
{
    return terms(side, sign, 1.0, is_unknown, each, ctx, why);
}

struct ast *ast_coefficient(struct arena *a, const struct ast *term, const struct ast *unknown)
{
    if (term == unknown) {
        struct ast *one = ast_new(a, AST_NUM, term->loc);
        one->num = 1.0;
        one->scale = unknown->scale;    /* a state converted where it is a term */
        return one;
    }
    struct ast *copy = arena_alloc(a, sizeof *copy);
    *copy = *term;
    copy->kids = arena_alloc(a, (term->nkids + 1) * sizeof *copy->kids);
    copy->cap = term->nkids;
    for (unsigned i = 0; i < term->nkids; i++)
        copy->kids[i] = contains(term->kids[i], unknown)
                            ? ast_coefficient(a, term->kids[i], unknown) : term->kids[i];
    return copy;
}

const struct ast *ast_first_of_kind(const struct ast *n, enum ast_kind kind)
{
    if (!n || n->kind == kind)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct ast *e = ast_first_of_kind(n->kids[i], kind);
        if (e)
            return e;
    }
    return NULL;
}
