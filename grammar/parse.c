/* parse.c - runs the reentrant scanner and the pure parser over one file. */
#include "parse.h"

#include <string.h>

#include "lex_state.h"
#include "circ.tab.h"
#define YYSTYPE CIRC_YYSTYPE
#define YYLTYPE CIRC_YYLTYPE
#include "circ.lex.h"

static yyscan_t open_scanner(struct lex_state *st, const struct srcfile *f)
{
    yyscan_t scanner;
    if (circ_yylex_init_extra(st, &scanner) != 0)
        return NULL;
    circ_yy_scan_bytes(f->text, (int)f->len, scanner);
    return scanner;
}

struct ast *parse_file(struct arena *arena, struct diag_sink *diag, int file)
{
    struct lex_state st = {.arena = arena, .diag = diag, .file = file};
    const struct srcfile *f = diag_file(diag, file);
    yyscan_t scanner = f ? open_scanner(&st, f) : NULL;
    if (scanner) {
        circ_yyparse(scanner, &st);
        circ_yylex_destroy(scanner);
    }
    if (!st.root)   /* unrecoverable error: keep what callers expect */
        st.root = ast_new(arena, AST_PROGRAM, (struct loc){file, 0, 0});
    st.root->loc = (struct loc){file, 0, f ? (unsigned)f->len : 0};
    return st.root;
}

void parse_dump_tokens(FILE *out, struct arena *arena, struct diag_sink *diag, int file)
{
    struct lex_state st = {.arena = arena, .diag = diag, .file = file};
    const struct srcfile *f = diag_file(diag, file);
    yyscan_t scanner = f ? open_scanner(&st, f) : NULL;
    if (!scanner)
        return;
    YYSTYPE val;
    YYLTYPE loc;
    int tok;
    while ((tok = circ_yylex(&val, &loc, scanner)) != 0) {
        unsigned line, col;
        diag_line_col(diag, file, loc.start, &line, &col);
        fprintf(out, "%u:%u %s", line, col, circ_token_name(tok));
        if (tok == QUANTITY)
            fprintf(out, " %.17g [%s]", val.quantity.value, val.quantity.unit);
        else if (tok == NUMBER)
            fprintf(out, " %.17g", val.num);
        else if (tok == IDENT || tok == PRIMED || tok == STRING)
            fprintf(out, " %s", val.str);
        fputc('\n', out);
    }
    circ_yylex_destroy(scanner);
}

size_t parse_tokens(struct arena *arena, struct diag_sink *diag, int file, struct token **out)
{
    struct lex_state st = {.arena = arena, .diag = diag, .file = file};
    const struct srcfile *f = diag_file(diag, file);
    yyscan_t scanner = f ? open_scanner(&st, f) : NULL;
    size_t n = 0, cap = 256;
    struct token *t = arena_alloc(arena, cap * sizeof *t);
    YYSTYPE val;
    YYLTYPE loc;
    for (int tok; scanner && (tok = circ_yylex(&val, &loc, scanner)) != 0;) {
        if (n == cap) {
            t = arena_realloc(arena, t, cap * sizeof *t, 2 * cap * sizeof *t);
            cap *= 2;
        }
        char c0 = f->text[loc.start];      /* "and" and "&&" are one token */
        bool word = (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_';
        enum token_class cls = tok == QUANTITY ? TOKEN_QUANTITY
                             : tok == NUMBER   ? TOKEN_NUMBER
                             : tok == STRING   ? TOKEN_STRING
                             : word            ? TOKEN_WORD : TOKEN_PUNCT;
        t[n++] = (struct token){cls, loc.start, loc.end, tok == QUANTITY ? st.unit_start : 0};
    }
    if (scanner)
        circ_yylex_destroy(scanner);
    *out = t;
    return n;
}
