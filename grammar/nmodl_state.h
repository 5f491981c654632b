/* nmodl_state.h - what the NMODL scanner and parser share (their "extra" data). */
#ifndef CIRC_NMODL_STATE_H
#define CIRC_NMODL_STATE_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "nmodl_ast.h"

#define NMODL_MAX_BRACES 256

/* Where a '(' opens a unit rather than an expression (see nmodl.l). */
enum nmodl_header { HDR_NONE, HDR_NAME, HDR_OPEN, HDR_ARGS, HDR_AFTER };

struct nmodl_state {
    struct arena *arena;
    struct diag_sink *diag;
    int file;
    unsigned offset;            /* byte offset of the next character */
    struct loc open_brace[NMODL_MAX_BRACES]; /* unclosed '{', for notes */
    int nbraces;
    bool brace_noted;           /* the "unclosed '{'" note was given */
    /* The top-level block being read, for unit lexing, '~' and messages. */
    int block_kw;               /* its keyword token, 0 outside blocks */
    const char *block_name;     /* DERIVATIVE states: "states", or NULL */
    int cur_block;              /* block_kw and block_name as they were for */
    const char *cur_block_name; /* the lookahead (a closing '}' included) */
    int pending_kw;             /* a block keyword seen at depth 0, '{' not yet */
    const char *pending_name;
    enum nmodl_header header;   /* FUNCTION f(args) (unit): where we are in it */
    struct loc text_start;      /* of an open COMMENT or VERBATIM */
    int prev_token;             /* the token before the one being scanned */
    int last_token;             /* the token before the current lookahead */
    struct loc last_loc;
    int cur_token;
    struct loc cur_loc;
    struct nmodl_node *root;    /* the parser's result */
    int syntax_errors;
};

#endif
