/* lex_state.h - what the scanner and parser share (their "extra" data). */
#ifndef CIRC_LEX_STATE_H
#define CIRC_LEX_STATE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"

#define LEX_MAX_BRACES 256

struct lex_state {
    struct arena *arena;
    struct diag_sink *diag;
    int file;
    unsigned offset;            /* byte offset of the next character */
    struct loc open_brace[LEX_MAX_BRACES]; /* unclosed '{', for notes */
    int nbraces;
    bool brace_noted;           /* the "unclosed '{'" note was given */
    struct loc comment_start;   /* of an open block comment */
    int last_token;             /* the token before the current lookahead */
    struct loc last_loc;
    int cur_token;
    struct loc cur_loc;
    unsigned unit_start;        /* the last QUANTITY's unit, byte offset */
    struct ast *root;           /* the parser's result */
    int syntax_errors;
};

#endif
