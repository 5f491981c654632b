/* lang.h - tools for protocols kept as text (compiler/lang/). */
#ifndef CIRC_LANG_H
#define CIRC_LANG_H

#include <stdio.h>

/* `circ diff OUT_A OUT_B`: the results of two runs (their summary.json)
 * compared, differences beyond |b - a| <= atol + rtol * |a| printed one per
 * line; returns 0 (none), 1 (some) or 2 (a summary cannot be read). */
int diff_runs(const char *dir_a, const char *dir_b, double rtol, double atol, FILE *out,
              FILE *err);

/* `circ diff A.circ B.circ`: what changed in the model (parameters with
 * old and new values as written, things added or removed), whatever the
 * layout, comments and order of declarations; returns 0 (the same model),
 * 1 (changes) or 2 (a model does not check; its diagnostics go to err). */
int diff_models(const char *path_a, const char *path_b, FILE *out, FILE *err);

/* The canonical layout of a .circ text (see fmt.c), malloc'd, with its
 * length; NULL with the diagnostics in err when it does not parse. */
char *fmt_source(const char *path, const char *text, size_t len, size_t *outlen, char *err,
                 size_t errsize);
/* `circ fmt [--check | --stdout] FILE...`: 0, 1 (--check: some file is not
 * in the layout) or 2 (a file cannot be read, parsed or written). */
int fmt_main(int argc, char **argv);

/* `circ lsp`: a Language Server over in/out until `exit`; 0 after a
 * `shutdown`, 1 otherwise (as the protocol asks). */
int lsp_main(FILE *in, FILE *out);

#endif
