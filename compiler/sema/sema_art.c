/* sema_art.c - populations of artificial cells (`population P of IntFire1`).
 *
 * A population's type is a cell type or an artificial mechanism.  What
 * reaches an artificial cell is an event straight into its `receive` (no
 * synapse, no location), so connections, stimuli, records and measures ask
 * which kinds of cells a selector reaches.  These read the declarations
 * directly (not ast->sym of the population's type), so they answer the
 * same whichever order the items were resolved in.
 */
#include "sema_int.h"

#include <string.h>

struct sym *sema_pop_art(const struct sema *s, const struct sym *pop)
{
    if (!pop || pop->kind != SYM_POPULATION || !ast_kid(pop->decl, 0))
        return NULL;
    struct sym *t = sema_lookup(s->global, pop->decl->kids[0]->str);
    return t && t->kind == SYM_MECH && t->mech_kind == MECH_ARTIFICIAL ? t : NULL;
}

static void sym_kinds(const struct sema *s, const struct sym *sym, int *kinds, struct sym **art,
                      int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        struct sym *m = sema_pop_art(s, sym);
        *kinds |= m ? SEL_ARTIFICIAL : SEL_CELLS;
        if (m && art && !*art)
            *art = m;
    } else if (sym->kind == SYM_GROUP) {
        for (unsigned i = 0; i < sym->decl->nkids; i++)
            sym_kinds(s, sym->decl->kids[i]->sym, kinds, art, depth + 1);
    }
}

int sema_sym_kinds(const struct sema *s, const struct sym *sym, struct sym **art)
{
    int kinds = 0;
    if (art)
        *art = NULL;
    if (!sym) {     /* every population */
        for (unsigned k = 0; k < s->global->n; k++)
            sym_kinds(s, s->global->syms[k], &kinds, art, 0);
    } else {
        sym_kinds(s, sym, &kinds, art, 0);
    }
    return kinds;
}

int sema_selector_kinds(const struct sema *s, const struct ast *sel, struct sym **art)
{
    int kinds = 0;
    if (art)
        *art = NULL;
    if (!sel)
        return sema_sym_kinds(s, NULL, art);
    const struct ast *terms = ast_kid(sel, 0);
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        const struct ast *t = terms->kids[i];
        if (t->kind == AST_ALL) {
            for (unsigned k = 0; k < s->global->n; k++)
                sym_kinds(s, s->global->syms[k], &kinds, art, 0);
        } else {
            sym_kinds(s, t->sym, &kinds, art, 0);
        }
    }
    return kinds;
}

/* A record of artificial cells: one of their variables, at no site, and not
 * together with cells.  True if the record reaches artificial cells (then
 * nothing else is to be checked). */
bool sema_check_art_record(struct sema *s, struct ast *r)
{
    struct sym *art;
    int kinds = sema_selector_kinds(s, ast_kid(r, 0), &art);
    if (!(kinds & SEL_ARTIFICIAL))
        return false;
    struct ast *qual = ast_kid(r, 2);
    if (kinds & SEL_CELLS) {
        diag_error(s->diag, ast_kid(r, 0) ? r->kids[0]->loc : r->loc, "this record reaches "
                   "both cells and artificial cells (%s): record them in separate lines",
                   art->name);
    } else if (!strcmp(r->str, "v")) {
        diag_error(s->diag, ast_name_loc(r), "artificial cells (%s) have no membrane voltage: "
                   "record one of their variables, such as 'record m of ...' for IntFire1",
                   art->name);
    } else if (ast_kid(r, 1)) {
        diag_error(s->diag, r->kids[1]->loc, "artificial cells (%s) have no sections: remove "
                   "'at %s(...)'", art->name, r->kids[1]->str);
    } else if (qual && strcmp(qual->str, art->name) != 0) {
        diag_error(s->diag, qual->loc, "these cells are %s: write %s.%s or %s", art->name,
                   art->name, r->str, r->str);
    } else {
        const struct sym *v = sema_lookup_local(art->members, r->str);
        if (!v || (v->kind != SYM_STATE && v->kind != SYM_ASSIGNED))
            diag_error(s->diag, ast_name_loc(r), "artificial cell '%s' has no state or assigned "
                       "variable '%s'", art->name, r->str);
        else if (qual)
            qual->sym = art;
    }
    return true;
}

/* A voltage measure (mean_v, peak_v, peaks, isn_test) over a set with
 * artificial cells, which have no voltage: reported at the set (false). */
bool sema_check_voltage_set(struct sema *s, const char *measure, struct ast *set_arg)
{
    struct sym *art;
    int kinds = sema_sym_kinds(s, set_arg->kind == AST_ALL ? NULL : set_arg->sym, &art);
    if (kinds & SEL_ARTIFICIAL)
        diag_error(s->diag, set_arg->loc, "'%s' needs membrane voltages, and %s%s%s has "
                   "artificial cells (%s), which have none: measure their spikes (rate, count, "
                   "cv_isi)", measure, set_arg->kind == AST_ALL ? "" : "'",
                   set_arg->kind == AST_ALL ? "the network" : set_arg->str,
                   set_arg->kind == AST_ALL ? "" : "'", art->name);
    return !(kinds & SEL_ARTIFICIAL);
}
