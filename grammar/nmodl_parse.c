/* nmodl_parse.c - runs the reentrant NMODL scanner and the pure parser over one file. */
#include "nmodl_parse.h"

#include <string.h>

#include "nmodl_state.h"
#include "nmodl.tab.h"
#define YYSTYPE NMODL_YYSTYPE
#define YYLTYPE NMODL_YYLTYPE
#include "nmodl.lex.h"

static yyscan_t open_scanner(struct nmodl_state *st, const struct srcfile *f)
{
    yyscan_t scanner;
    if (nmodl_yylex_init_extra(st, &scanner) != 0)
        return NULL;
    nmodl_yy_scan_bytes(f->text, (int)f->len, scanner);
    return scanner;
}

struct nmodl_node *nmodl_parse_file(struct arena *arena, struct diag_sink *diag, int file)
{
    struct nmodl_state st = {.arena = arena, .diag = diag, .file = file};
    const struct srcfile *f = diag_file(diag, file);
    yyscan_t scanner = f ? open_scanner(&st, f) : NULL;
    if (scanner) {
        nmodl_yyparse(scanner, &st);
        nmodl_yylex_destroy(scanner);
    }
    if (!st.root)   /* unrecoverable error: keep what callers expect */
        st.root = nmodl_new(arena, NMODL_FILE, (struct loc){file, 0, 0});
    st.root->loc = (struct loc){file, 0, f ? (unsigned)f->len : 0};
    return st.root;
}

static void print_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
}

void nmodl_dump_tokens(FILE *out, struct arena *arena, struct diag_sink *diag, int file)
{
    struct nmodl_state st = {.arena = arena, .diag = diag, .file = file};
    const struct srcfile *f = diag_file(diag, file);
    yyscan_t scanner = f ? open_scanner(&st, f) : NULL;
    if (!scanner)
        return;
    YYSTYPE val;
    YYLTYPE loc;
    int tok;
    while ((tok = nmodl_yylex(&val, &loc, scanner)) != 0) {
        unsigned line, col;
        diag_line_col(diag, file, loc.start, &line, &col);
        fprintf(out, "%u:%u %s", line, col, nmodl_token_name(tok));
        if (tok == INTEGER || tok == REAL) {
            fprintf(out, " %.17g", val.num);
        } else if (tok == PRIME) {
            fprintf(out, " %s%.*s", val.prime.name, val.prime.order, "''''''''''''''''");
        } else if (tok == NAME || tok == STRING || tok == UNITTEXT || tok == TITLE || tok == ONTOLOGY ||
                   tok == VERBATIM) {
            fputc(' ', out);
            print_text(out, val.str);
        }
        fputc('\n', out);
    }
    nmodl_yylex_destroy(scanner);
}

bool nmodl_is_path(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".mod") == 0;
}
