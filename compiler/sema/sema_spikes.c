/* sema_spikes.c - cells whose spikes come from a point mechanism
 * (`spikes_from = MECH` in a cell type: NEURON's NetCon(pointprocess, ...)
 * made the cell's spike source by pc.cell, as NetPyNE does for Izhi2007a).
 *
 * Such a cell has no threshold detection: its spikes are the events its
 * MECH instances emit (`emit()`, a .mod file's net_event(t)).  Checked
 * here: the cell's `spikes_from` itself (a point mechanism that emits, no
 * threshold or spike_at beside it), and a stimulus that places an emitting
 * point mechanism on cells whose spikes do not come from it (a warning:
 * its events reach nothing, as in NEURON when no NetCon has it as source).
 */
#include "sema_int.h"

#include <stdio.h>
#include <string.h>

/* Does the subtree call emit()?  The mechanism's own code is all in its
 * declaration (procedures and functions included), so any call is one it
 * can make. */
static bool calls_emit(const struct ast *n, int depth)
{
    if (!n || depth > 256)
        return false;
    if (n->kind == AST_CALL && n->str && strcmp(n->str, "emit") == 0)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (calls_emit(n->kids[i], depth + 1))
            return true;
    return false;
}

bool sema_mech_emits(const struct sym *mech)
{
    return mech && mech->kind == SYM_MECH && calls_emit(mech->decl, 0);
}

/* The point mechanism a cell type's `spikes_from` names, or NULL (none, or
 * not resolved). */
static struct sym *spike_mech(const struct sema *s, const struct sym *cell)
{
    struct ast *p = cell && cell->decl ? ast_find_prop(cell->decl, "spikes_from") : NULL;
    if (!p || !ast_kid(p, 0) || p->kids[0]->kind != AST_NAME)
        return NULL;
    struct sym *m = sema_lookup(s->global, p->kids[0]->str);
    return m && m->kind == SYM_MECH ? m : NULL;
}

void sema_check_spikes_from(struct sema *s, struct ast *cell, struct ast *prop)
{
    struct ast *v = prop->kids[0];
    if (v->kind != AST_NAME) {
        diag_error(s->diag, v->loc, "'spikes_from' must name a point mechanism placed on the "
                   "cell, such as spikes_from = Izhi2007a");
        return;
    }
    struct sym *mech = sema_resolve(s, v, KIND_BIT(SYM_MECH), "mechanism");
    if (!mech)
        return;
    if (mech->mech_kind != MECH_POINT) {
        diag_error(s->diag, v->loc, "'spikes_from' names a point mechanism placed on the cell "
                   "by a stimulus; '%s' is %s", mech->name,
                   mech->mech_kind == MECH_DENSITY ? "a density mechanism"
                   : "an artificial cell (a population of it has its own spikes)");
        return;
    }
    if (!sema_mech_emits(mech)) {
        diag_error(s->diag, v->loc, "'%s' never emits an event, so a cell whose spikes come "
                   "from it would never spike: its receive must call emit() (a .mod file's "
                   "net_event(t))", mech->name);
        if (mech->decl)
            diag_note(s->diag, ast_name_loc(mech->decl), "'%s' is defined here", mech->name);
    }
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *p = cell->kids[i];
        if (p->kind == AST_PROP && (strcmp(p->str, "threshold") == 0 ||
                                    strcmp(p->str, "spike_at") == 0))
            diag_error(s->diag, p->loc, "'%s' has no use in a cell whose spikes come from '%s' "
                       "(spikes_from): it has no threshold detection; remove one of the two",
                       p->str, mech->name);
    }
}

/* The first cell type reached through sym (a population, or a group's)
 * whose spikes do not come from mech; NULL if none. */
static struct sym *other_source(const struct sema *s, const struct sym *sym,
                                const struct sym *mech, int depth)
{
    if (!sym || depth > 64)
        return NULL;
    if (sym->kind == SYM_POPULATION) {
        struct ast *type = ast_kid(sym->decl, 0);
        struct sym *t = type ? sema_lookup(s->global, type->str) : NULL;
        return t && t->kind == SYM_CELL && spike_mech(s, t) != mech ? t : NULL;
    }
    if (sym->kind != SYM_GROUP)
        return NULL;
    for (unsigned i = 0; i < sym->decl->nkids; i++) {
        struct sym *t = other_source(s, sym->decl->kids[i]->sym, mech, depth + 1);
        if (t)
            return t;
    }
    return NULL;
}

void sema_check_emitting_stimulus(struct sema *s, struct ast *st, struct sym *mech)
{
    if (!mech || mech->mech_kind != MECH_POINT || !sema_mech_emits(mech))
        return;
    struct ast *sel = ast_kid(st, 2);
    const struct ast *terms = sel ? ast_kid(sel, 0) : NULL;
    struct sym *cell = NULL;
    for (unsigned i = 0; !cell && terms && i < terms->nkids; i++) {
        const struct ast *t = terms->kids[i];
        for (unsigned k = 0; t->kind == AST_ALL && !cell && k < s->global->n; k++)
            cell = other_source(s, s->global->syms[k], mech, 0);
        if (t->kind != AST_ALL)
            cell = other_source(s, t->sym, mech, 0);
    }
    if (!cell)
        return;
    const struct sym *other = spike_mech(s, cell);
    char from[160];
    snprintf(from, sizeof from, other ? "'%s'" : "its threshold", other ? other->name : "");
    diag_warning(s->diag, st->kids[0]->loc, "'%s' emits events (emit()), but the spikes of "
                 "cell type '%s' come from %s: on those cells its events reach nothing "
                 "(`spikes_from = %s` in cell '%s' makes them its spikes)", mech->name,
                 cell->name, from, mech->name, cell->name);
}
