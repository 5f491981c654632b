/* sema_record.c - pass 5 for what is recorded and where voltages are measured.
 *
 * `record VAR of SELECTOR at sec(x) every T`: VAR is v, spikes, or a variable
 * or current of a mechanism inserted there, plain (`m`) when only one
 * mechanism at that place has it, qualified (`hh.m`) otherwise, of a
 * point process stimulus (`drive.i`, where it sits) or of a synapse type
 * (`exc.i`, summed over its synapses at the site), or a variable of an ion
 * used there (`ek`, `cai`, `ik`: the section's, NEURON's `seg.ek`; `ik` is
 * the sum of what the mechanisms there write); T is a whole number of
 * time steps (indices past a population's end are sema_lint's).  The
 * voltage measures' `at
 * sec(x)` must name a section every cell type of their set has: a measure
 * never averages two sites.
 */
#include "sema_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_TYPES 64

static void add_type(struct sym *cell, struct sym **types, int *n)
{
    if (!cell)
        return;
    for (int i = 0; i < *n; i++)
        if (types[i] == cell)
            return;
    if (*n < MAX_TYPES)
        types[(*n)++] = cell;
}

static void types_of_sym(struct sym *sym, struct sym **types, int *n, int depth)
{
    if (!sym || depth > 64)
        return;
    if (sym->kind == SYM_POPULATION) {
        struct ast *type = ast_kid(sym->decl, 0);
        add_type(type ? type->sym : NULL, types, n);
    } else if (sym->kind == SYM_GROUP) {
        for (unsigned i = 0; i < sym->decl->nkids; i++)
            types_of_sym(sym->decl->kids[i]->sym, types, n, depth + 1);
    }
}

/* The cell types a selector (NULL or `all`: every population) reaches. */
static int types_of(struct sema *s, struct ast *sel, struct sym **types)
{
    int n = 0;
    struct ast *terms = sel ? ast_kid(sel, 0) : NULL;
    bool all = !sel;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        if (terms->kids[i]->kind == AST_ALL)
            all = true;
        else
            types_of_sym(terms->kids[i]->sym, types, &n, 0);
    }
    for (unsigned i = 0; all && i < s->global->n; i++)
        if (s->global->syms[i]->kind == SYM_POPULATION)
            types_of_sym(s->global->syms[i], types, &n, 0);
    return n;
}

static bool sym_reaches(const struct sym *sym, const struct sym *cell, int depth)
{
    if (!sym || depth > 64)
        return false;
    if (sym->kind == SYM_POPULATION) {
        struct ast *type = ast_kid(sym->decl, 0);
        return type && type->sym == cell;
    }
    for (unsigned i = 0; sym->kind == SYM_GROUP && i < sym->decl->nkids; i++)
        if (sym_reaches(sym->decl->kids[i]->sym, cell, depth + 1))
            return true;
    return false;
}

bool sema_selector_reaches(const struct sema *s, const struct ast *sel, const struct sym *cell)
{
    struct ast *terms = sel ? ast_kid(sel, 0) : NULL;
    bool all = !sel;
    for (unsigned i = 0; terms && i < terms->nkids; i++) {
        if (terms->kids[i]->kind == AST_ALL)
            all = true;
        else if (sym_reaches(terms->kids[i]->sym, cell, 0))
            return true;
    }
    for (unsigned i = 0; all && i < s->global->n; i++)
        if (s->global->syms[i]->kind == SYM_POPULATION && sym_reaches(s->global->syms[i], cell, 0))
            return true;
    return false;
}

/* The SECTION node `name` of a cell type (a morphology's list: its first
 * section, "dend" -> "dend[0]"), or NULL.  List blocks are not sections. */
static struct ast *section_named(struct sym *cell, const char *name)
{
    size_t n = name ? strlen(name) : 0;
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; cell->decl && i < cell->decl->nkids; i++) {
            struct ast *k = cell->decl->kids[i];
            if (k->kind != AST_SECTION || k->op == SECTION_LIST_BLOCK)
                continue;
            if (!name || (pass == 0 && strcmp(k->str, name) == 0) ||
                (pass == 1 && strncmp(k->str, name, n) == 0 && k->str[n] == '['))
                return k;
        }
    return NULL;
}

/* The section a record lands in: the named one, else the first (as the
 * lowering places it). */
static struct ast *record_section(struct sym *cell, struct ast *loc)
{
    struct ast *sec = loc ? section_named(cell, loc->str) : NULL;
    return sec ? sec : section_named(cell, NULL);
}

/* A declared parameter of density mechanism m: recordable at a site too
 * (its value per segment there, or what a `set` made it). */
static bool density_param(const struct sym *m, const char *name)
{
    const struct sym *v = sema_lookup_local(m->members, name);
    return m->mech_kind == MECH_DENSITY && v && v->kind == SYM_PARAM && v->decl;
}

/* A state or assigned variable of mechanism m, one of its values (`let`)
 * or one of its currents. */
static bool recordable(const struct sym *m, const char *name)
{
    const struct sym *v = sema_lookup_local(m->members, name);
    if (v && (v->kind == SYM_STATE || v->kind == SYM_ASSIGNED || v->kind == SYM_VALUE))
        return true;
    for (unsigned i = 0; m->decl && i < m->decl->nkids; i++)
        if (m->decl->kids[i]->kind == AST_CURRENT && strcmp(m->decl->kids[i]->str, name) == 0)
            return true;
    return false;
}

/* Is b a block that inserts mechanisms into section sec of the cell: sec
 * itself, or in a morphology cell a list block naming it (`section all`,
 * `section dend`)? */
static bool gives_mechanisms(const struct ast *b, const struct ast *sec)
{
    return b == sec || (b->kind == AST_SECTION && b->op == SECTION_LIST_BLOCK &&
                        sema_block_applies(b, sec->str));
}

/* Whether section `sec` of cell has an inserted density mechanism (`qual`,
 * or any when NULL) with a recordable `var`. */
static bool section_has(struct sema *s, struct sym *cell, struct ast *sec, const char *qual,
                        const char *var)
{
    for (unsigned b = 0; sec && cell->decl && b < cell->decl->nkids; b++) {
        struct ast *blk = cell->decl->kids[b];
        for (unsigned i = 0; gives_mechanisms(blk, sec) && i < blk->nkids; i++) {
            if (blk->kids[i]->kind != AST_INSERT || (qual && strcmp(blk->kids[i]->str, qual) != 0))
                continue;
            struct sym *m = sema_lookup(s->global, blk->kids[i]->str);
            if (m && m->kind == SYM_MECH && (recordable(m, var) || density_param(m, var)))
                return true;
        }
    }
    return false;
}

/* Every cell type the record reaches must have the variable where it is
 * recorded (the lowering would find no row there, once the run started);
 * false after the error. */
static bool present_in_every_type(struct sema *s, struct ast *r, const char *qual)
{
    struct ast *loc = ast_kid(r, 1);
    struct sym *types[MAX_TYPES];
    int nt = types_of(s, ast_kid(r, 0), types);
    for (int t = 0; t < nt; t++) {
        struct ast *sec = record_section(types[t], loc);
        if (!sec || section_has(s, types[t], sec, qual, r->str))
            continue;       /* no sections: not a cell with compartments */
        diag_error(s->diag, ast_name_loc(r), "cell type '%s' has no %s%s with '%s' at %s: "
                   "record it where such a mechanism is inserted", types[t]->name,
                   qual ? "inserted " : "mechanism", qual ? qual : "", r->str,
                   loc ? loc->str : "its first section");
        return false;
    }
    return true;
}

/* "hh, nap and kdr" */
static void join_names(struct sym **mechs, int n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
                               mechs[i]->name);
}

/* A recorded variable is used (an assigned variable only written and
 * recorded, a peak a measuring mechanism keeps, is not "never used"). */
static void count_use(struct sym *mech, const char *name)
{
    struct sym *v = sema_lookup_local(mech->members, name);
    if (v)
        v->uses++;
}

/* `record drive.i of P`: a variable of the point process stimulus `drive`
 * places on each cell of P (it sits where the stimulus puts it). */
static void check_stimulus_variable(struct sema *s, struct ast *r, struct sym *st)
{
    struct ast *qual = r->kids[2];
    struct ast *mn = ast_kid(st->decl, 0);
    struct sym *m = mn ? mn->sym : NULL;
    if (!m)
        return;     /* reported with the stimulus */
    if (m->mech_kind != MECH_POINT) {
        diag_error(s->diag, qual->loc, "stimulus '%s' is an artificial cell (%s) with no place "
                   "on a cell; record the cells it drives", st->name, m->name);
        return;
    }
    if (ast_kid(r, 1))
        diag_error(s->diag, r->kids[1]->loc, "stimulus '%s' is recorded where it sits; remove "
                   "'at ...'", st->name);
    struct sym *v = sema_lookup_local(m->members, r->str);
    if (!(v && (v->kind == SYM_PARAM || v->kind == SYM_STATE || v->kind == SYM_ASSIGNED)) &&
        !recordable(m, r->str))
        diag_error(s->diag, ast_name_loc(r), "'%s' (stimulus '%s') has no variable or current "
                   "'%s'", m->name, st->name, r->str);
    else
        count_use(m, r->str);
}

/* `record exc.i of P at dend(0.5)`: summed over the synapses of type exc
 * at that place (one per connection in --exact, shared otherwise). */
static void check_synapse_variable(struct sema *s, struct ast *r, struct sym *syn)
{
    struct ast *mn = ast_kid(syn->decl, 0);
    struct sym *m = mn ? mn->sym : NULL;
    if (!m)
        return;     /* reported with the synapse */
    struct sym *v = sema_lookup_local(m->members, r->str);
    if (v && v->kind == SYM_PARAM)
        diag_error(s->diag, ast_name_loc(r), "'%s' is a parameter of synapse '%s' (%s); record "
                   "a state, assigned variable or current, summed over its synapses there",
                   r->str, syn->name, m->name);
    else if (!recordable(m, r->str))
        diag_error(s->diag, ast_name_loc(r), "'%s' (synapse '%s') has no state, assigned "
                   "variable or current '%s'", m->name, syn->name, r->str);
    else
        count_use(m, r->str);
}

/* Does an inserted mechanism use `ion` where a record of the cell types
 * lands? */
static bool ion_used_at(struct sema *s, struct sym **types, int nt, struct ast *loc,
                        const char *ion)
{
    for (int t = 0; t < nt; t++) {
        struct ast *sec = record_section(types[t], loc);
        for (unsigned b = 0; sec && types[t]->decl && b < types[t]->decl->nkids; b++) {
            struct ast *blk = types[t]->decl->kids[b];
            for (unsigned i = 0; gives_mechanisms(blk, sec) && i < blk->nkids; i++)
                if (blk->kids[i]->kind == AST_INSERT &&
                    sema_mech_uses_ion(sema_lookup(s->global, blk->kids[i]->str), ion))
                    return true;
        }
    }
    return false;
}

/* `record hh.ek`: the ion's variables are the section's, not hh's. */
static bool qualified_ion_variable(struct sema *s, struct ast *r, struct sym *m)
{
    const struct sema_ion *ion;
    int field;
    if (!sema_ion_of_name(s, r->str, &ion, &field) || !sema_mech_uses_ion(m, ion->name))
        return false;
    diag_error(s->diag, ast_name_loc(r), "'%s' is the section's (ion %s), shared by every "
               "mechanism using the ion; write 'record %s'%s", r->str, ion->name, r->str,
               field == ION_I ? " for the ion's current (the sum of its writers')" : "");
    return true;
}


static void check_variable(struct sema *s, struct ast *r)
{
    struct ast *qual = ast_kid(r, 2), *loc = ast_kid(r, 1);
    if (qual) {
        struct sym *m = sema_lookup(s->global, qual->str);
        if (m && m->kind == SYM_SYNAPSE) {
            qual->sym = m;
            m->uses++;
            check_synapse_variable(s, r, m);
            return;
        }
        if (m && m->kind == SYM_STIMULUS) {
            qual->sym = m;
            m->uses++;
            check_stimulus_variable(s, r, m);
            return;
        }
        if (!m || m->kind != SYM_MECH) {
            sema_unknown(s, qual->loc, "mechanism, stimulus or synapse", qual->str, s->global,
                         KIND_BIT(SYM_MECH) | KIND_BIT(SYM_STIMULUS) | KIND_BIT(SYM_SYNAPSE));
            return;
        }
        qual->sym = m;
        m->uses++;
        if (m->mech_kind != MECH_DENSITY) {
            diag_error(s->diag, qual->loc, "'%s' is not a density mechanism; record a point "
                       "process by its stimulus's name (record NAME.%s of ...)", m->name, r->str);
            return;
        }
        if (recordable(m, r->str) || density_param(m, r->str)) {
            count_use(m, r->str);
            present_in_every_type(s, r, m->name);
        }
        else if (!qualified_ion_variable(s, r, m))
            diag_error(s->diag, ast_name_loc(r), "mechanism '%s' has no parameter, state, "
                       "assigned variable or current '%s'", m->name, r->str);
        return;
    }
    struct sym *types[MAX_TYPES], *cands[MAX_TYPES];
    int nt = types_of(s, ast_kid(r, 0), types), nc = 0;
    /* a variable of an ion used there: the section's (lowering finds it per
       cell type, as lower_net's ion_row) */
    const struct sema_ion *ion = NULL;
    int field;
    if (!sema_ion_of_name(s, r->str, &ion, &field))
        ion = NULL;
    else if (ion_used_at(s, types, nt, loc, ion->name)) {
        for (int t = 0; t < nt; t++)
            if (record_section(types[t], loc) && !ion_used_at(s, &types[t], 1, loc, ion->name)) {
                diag_error(s->diag, ast_name_loc(r), "cell type '%s' has no mechanism using "
                           "ion %s at %s: record '%s' where one is inserted", types[t]->name,
                           ion->name, loc ? loc->str : "its first section", r->str);
                break;
            }
        return;
    }
    /* plain: the mechanisms inserted where it is recorded that have it */
    for (int t = 0; t < nt; t++) {
        struct ast *sec = record_section(types[t], loc);
        for (unsigned i = 0; sec && i < sec->nkids; i++) {
            if (sec->kids[i]->kind != AST_INSERT)
                continue;
            struct sym *m = sema_lookup(s->global, sec->kids[i]->str);
            if (!m || m->kind != SYM_MECH || (!recordable(m, r->str) && !density_param(m, r->str)))
                continue;
            bool seen = false;
            for (int c = 0; c < nc; c++)
                seen |= cands[c] == m;
            if (!seen && nc < MAX_TYPES)
                cands[nc++] = m;
        }
    }
    if (nc > 1) {
        char names[256];
        join_names(cands, nc, names, sizeof names);
        diag_error(s->diag, ast_name_loc(r), "'%s' is ambiguous: %s, inserted there, %s have it; "
                   "write %s.%s to choose", r->str, names, nc == 2 ? "both" : "all",
                   cands[0]->name, r->str);
        return;
    }
    if (nc == 1) {
        count_use(cands[0], r->str);
        present_in_every_type(s, r, NULL);
        return;
    }
    if (ion) {     /* set by sema_ion_of_name above: the ion is not used there */
        diag_error(s->diag, ast_name_loc(r), "cannot record '%s' at %s: no mechanism inserted "
                   "there uses ion %s", r->str, loc ? loc->str : "the first section", ion->name);
        return;
    }
    bool found = false;     /* no inserted one there: which cell type lacks it */
    for (unsigned k = 0; k < s->global->n && !found; k++) {
        struct sym *m = s->global->syms[k];
        found = m->kind == SYM_MECH && m->mech_kind == MECH_DENSITY &&
                (recordable(m, r->str) || density_param(m, r->str));
    }
    if (found)
        present_in_every_type(s, r, NULL);
    else
        diag_error(s->diag, r->loc, "cannot record '%s': expected v, spikes, or a parameter, "
                   "state, assigned variable or current of an inserted mechanism", r->str);
}

static void check_every(struct sema *s, struct ast *r)
{
    struct ast *every = ast_kid(r, 3);
    if (!every)
        return;
    if (!strcmp(r->str, "spikes")) {
        diag_error(s->diag, every->loc, "spikes are recorded when they happen; remove "
                   "'every ...'");
        return;
    }
    struct ctx c = {.where = CTXB_MATH};
    double x;
    if (!sema_expect_unit(s, every, &c, units_must("ms"), "a recording interval"))
        return;
    if (!sema_const_value(every, &x) || !(x > 0)) {
        diag_error(s->diag, every->loc, "a recording interval must be a positive constant");
        return;
    }
    if (!isfinite(x)) {
        diag_error(s->diag, every->loc, "a recording interval must be a finite number, got %g",
                   x);
        return;
    }
    if (!s->have_dt)
        return;
    double k = round(x / s->dt);
    if (k < 1 || fabs(k * s->dt - x) > 1e-9 * x)
        diag_error(s->diag, every->loc, "a recording interval must be a whole number of time "
                   "steps (dt = %g ms), got %g ms", s->dt, x);
}

void sema_check_record(struct sema *s, struct ast *r)
{
    struct ast *qual = ast_kid(r, 2);
    check_every(s, r);
    if (qual && (!strcmp(r->str, "v") || !strcmp(r->str, "spikes"))) {
        diag_error(s->diag, qual->loc, "%s belongs to the cell, not to a mechanism; write "
                   "'record %s'", !strcmp(r->str, "v") ? "the membrane voltage v" : "spikes",
                   r->str);
        return;
    }
    if (!strcmp(r->str, "spikes")) {
        if (ast_kid(r, 1))
            diag_error(s->diag, r->kids[1]->loc, "spikes are recorded at each cell's "
                       "detection site; remove 'at ...'");
        return;
    }
    if (sema_check_art_record(s, r))
        return;
    if (strcmp(r->str, "v") != 0)
        check_variable(s, r);
}

/* `at sec(x)` of a voltage measure over the cells of `set_arg`. */
void sema_check_measure_site(struct sema *s, struct ast *set_arg, struct ast *loc)
{
    sema_check_location_x(s, loc);
    struct sym *types[MAX_TYPES];
    int n = 0;
    if (set_arg->kind == AST_ALL) {
        n = types_of(s, NULL, types);
    } else {
        types_of_sym(set_arg->sym, types, &n, 0);
    }
    for (int t = 0; t < n; t++)
        if (!section_named(types[t], loc->str)) {
            diag_error(s->diag, loc->loc, "cell type '%s' (in %s) has no section '%s'; a voltage "
                       "measure takes one site of every cell", types[t]->name,
                       set_arg->kind == AST_ALL ? "all" : set_arg->str, loc->str);
            return;
        }
}
