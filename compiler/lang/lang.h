/* lang.h - tools for protocols kept as text (compiler/lang/). */
#ifndef CIRC_LANG_H
#define CIRC_LANG_H

#include <stdio.h>

/* `circ diff OUT_A OUT_B`: the results of two runs (their summary.json)
 * compared, differences beyond |b - a| <= atol + rtol * |a| printed one per
 * line; returns 0 (none), 1 (some) or 2 (a summary cannot be read). */
int diff_runs(const char *dir_a, const char *dir_b, double rtol, double atol, FILE *out,
              FILE *err);

#endif
