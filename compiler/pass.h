/* pass.h - the compiler's passes, in order.
 *
 *  1. parse      grammar/parse.c      text -> raw AST (syntax only, every node
 *                                     located); error recovery per item.
 *  2. imports    front.c              loads the embedded stdlib/ files and each
 *                                     `import "file"` once, relative to the
 *                                     importing file; cycles are harmless.
 *  3. names      sema_names.c         builds the global scope and every
 *                                     mechanism/cell scope; reports duplicate
 *                                     and unknown names with suggestions;
 *                                     annotates ast->sym.  Does not mutate
 *                                     the tree's shape.
 *  4. units      sema_units.c         dimension analysis of every expression
 *                                     and property; annotates ast->dim and the
 *                                     conversion factors to internal units.
 *  5. model      sema_model.c         property schemas (which keys a cell,
 *                                     population, connection... accepts),
 *                                     defaults and value ranges.
 *  6. lint       sema_lint.c          modelling mistakes that are legal but
 *                                     almost certainly wrong (warnings).
 *
 * Each pass reports to the diag sink and keeps going; a later pass skips
 * nodes an earlier pass could not resolve (sym == NULL) instead of
 * reporting follow-on errors.  `circ --emit=tokens|ast` stops after 1.
 */
#ifndef CIRC_PASS_H
#define CIRC_PASS_H

enum pass_id { PASS_PARSE, PASS_IMPORTS, PASS_NAMES, PASS_UNITS, PASS_MODEL, PASS_LINT, PASS_ALL };

#endif
