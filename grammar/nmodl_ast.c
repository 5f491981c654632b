/* nmodl_ast.c - NMODL node constructors and the --emit=ast printer. */
#include "nmodl_ast.h"

#include <stdarg.h>

#include "ast.h"    /* ast_op_name: the operators are circ's */

static const char *const kind_names[] = {
#define X(k, name, layout) name,
#include "nmodl_kinds.h"
#undef X
};

const char *nmodl_kind_name(enum nmodl_kind kind)
{
    return kind < NMODL_KIND_COUNT ? kind_names[kind] : "?";
}

struct nmodl_node *nmodl_new(struct arena *a, enum nmodl_kind kind, struct loc loc)
{
    struct nmodl_node *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->loc = loc;
    return n;
}

struct nmodl_node *nmodl_add(struct arena *a, struct nmodl_node *n, struct nmodl_node *kid)
{
    if (n->nkids == n->cap) {
        unsigned cap = n->cap ? n->cap * 2 : 4;
        n->kids = arena_realloc(a, n->kids, n->cap * sizeof *n->kids, cap * sizeof *n->kids);
        n->cap = cap;
    }
    n->kids[n->nkids++] = kid;
    return n;
}

struct nmodl_node *nmodl_make(struct arena *a, enum nmodl_kind kind, struct loc loc,
                              const char *str, unsigned nkids, ...)
{
    struct nmodl_node *n = nmodl_new(a, kind, loc);
    n->str = str;
    va_list ap;
    va_start(ap, nkids);
    for (unsigned i = 0; i < nkids; i++)
        nmodl_add(a, n, va_arg(ap, struct nmodl_node *));
    va_end(ap);
    return n;
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
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* What follows the kind name on a node's line. */
static void print_fields(FILE *out, const struct nmodl_node *n)
{
    static const char *const suffix[] = {"SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL"};
    static const char *const react[] = {"<->", "<<", "->"};
    switch (n->kind) {
    case NMODL_NUM:
        fprintf(out, " %.17g", n->num);
        return;
    case NMODL_TITLE:
    case NMODL_VERBATIM:
    case NMODL_INCLUDE:
    case NMODL_UNIT:
    case NMODL_STR:
    case NMODL_REPRESENTS:
        fputc(' ', out);
        print_string(out, n->str ? n->str : "");
        return;
    case NMODL_SUFFIX:
        fprintf(out, " %s %s", suffix[n->op], n->str);
        return;
    case NMODL_DEFINE:
        fprintf(out, " %s %.17g", n->str, n->num);
        return;
    case NMODL_UNITSON:
        fputs(n->op ? " on" : " off", out);
        return;
    case NMODL_MUTEX:
        fputs(n->op ? " lock" : " unlock", out);
        return;
    case NMODL_UNOP:
    case NMODL_BINOP:
        fprintf(out, " %s", ast_op_name(n->op));
        return;
    case NMODL_REACTION:
        fprintf(out, " %s", react[n->op]);
        return;
    case NMODL_TERM:
        if (n->num != 1)
            fprintf(out, " %.17g", n->num);
        return;
    case NMODL_PRIME:
        fprintf(out, " %s%.*s", n->str, n->op, "''''''''''''''''");
        return;
    case NMODL_SOLVE:
        fprintf(out, " %s%s", n->str, n->op == NMODL_METHOD ? " METHOD"
                : n->op == NMODL_STEADYSTATE ? " STEADYSTATE" : "");
        return;
    case NMODL_INDEP:
        fprintf(out, "%s %s", n->op ? " SWEEP" : "", n->str);
        return;
    case NMODL_FACTOR:
        fprintf(out, " %s%s", n->str, n->op ? " ->" : "");
        return;
    default:
        if (n->str)
            fprintf(out, " %s", n->str);
        return;
    }
}

static void print_node(FILE *out, const struct nmodl_node *n, const struct diag_sink *d,
                       int depth)
{
    fprintf(out, "%*s", depth * 2, "");
    if (!n) {
        fputs("-\n", out);
        return;
    }
    unsigned line, col;
    diag_line_col(d, n->loc.file, n->loc.start, &line, &col);
    fprintf(out, "(%s", nmodl_kind_name(n->kind));
    print_fields(out, n);
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

void nmodl_print(FILE *out, const struct nmodl_node *n, const struct diag_sink *d)
{
    print_node(out, n, d, 0);
}
