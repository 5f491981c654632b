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

/* Is this word one of circ's keywords (so not usable as a name)? */
bool parse_is_keyword(const char *word);

#endif
