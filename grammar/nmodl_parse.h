/* nmodl_parse.h - the front door of the NMODL reader: a .mod file's text to
 * its raw AST (nmodl_ast.h) or tokens.  Syntax only: nothing here knows what
 * a mechanism means. */
#ifndef CIRC_NMODL_PARSE_H
#define CIRC_NMODL_PARSE_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "nmodl_ast.h"

/* Parses registered file `file`; returns a FILE node (possibly partial when
 * errors were reported to `diag`), never NULL. */
struct nmodl_node *nmodl_parse_file(struct arena *arena, struct diag_sink *diag, int file);

/* Prints one token per line: "line:col KIND text". */
void nmodl_dump_tokens(FILE *out, struct arena *arena, struct diag_sink *diag, int file);

/* Is this path an NMODL file (it ends in ".mod")? */
bool nmodl_is_path(const char *path);

#endif
