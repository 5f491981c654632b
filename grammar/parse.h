/* parse.h - the front door of grammar/: source text to raw AST or tokens. */
#ifndef CIRC_PARSE_H
#define CIRC_PARSE_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"

/* Parses registered file `file`; returns a PROGRAM node (possibly partial
 * when errors were reported to `diag`), never NULL. */
struct ast *parse_file(struct arena *arena, struct diag_sink *diag, int file);

/* Prints one token per line: "line:col KIND text". */
void parse_dump_tokens(FILE *out, struct arena *arena, struct diag_sink *diag, int file);

/* A token as written: its class and byte span in the file; a quantity's
 * unit starts at `unit` ("18.8 um": the "um"). */
enum token_class {
    TOKEN_WORD,         /* a name, a primed name (m'), or a keyword */
    TOKEN_NUMBER,
    TOKEN_QUANTITY,     /* a number with its unit */
    TOKEN_STRING,
    TOKEN_PUNCT,        /* ( ) { } [ ] , ; : . ? = + - * / ^ ! < > -> .. == != <= >= && || */
};
struct token {
    enum token_class cls;
    unsigned start, end, unit;
};

/* Every token of registered file `file`, in order, into *out (from the
 * arena); returns how many.  Errors go to `diag` as when parsing. */
size_t parse_tokens(struct arena *arena, struct diag_sink *diag, int file, struct token **out);

/* The i-th keyword, alphabetically; NULL past the last. */
const char *parse_keyword(size_t i);

/* Is this word one of circ's keywords (so not usable as a name)? */
bool parse_is_keyword(const char *word);

#endif
