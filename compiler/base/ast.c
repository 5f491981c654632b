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
