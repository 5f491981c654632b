/* sema_ions.c - ions as NEURON has them: `useion` lines of mechanisms.
 *
 * An ion X has four variables per segment, shared by every mechanism in
 * the section that uses it: eX (mV), Xi and Xo (mM), iX (mA/cm2).  A
 * mechanism names the ones it reads and writes (NMODL's USEION X READ ...
 * WRITE ... VALENCE z); each becomes a member of the mechanism (SYM_ION),
 * except a written concentration that is also declared a `state`, which
 * stays a state linked to the ion (a calcium pool).  The defaults are
 * NEURON 8.2's (src/nrnoc/eion.cpp, membdef.h).
 */
#include "sema_int.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    double valence, e0, ci0, co0;
} known_ions[] = {
    {"na", 1, 50, 10, 140},
    {"k", 1, -77, 54.4, 2.5},
    {"ca", 2, 132.4579341637009, 5e-5, 2},     /* eca: 12.5 * log(2 / 5e-5) */
};

static const char *const field_what[ION_NFIELDS] = {
    "reversal potential", "inside concentration", "outside concentration", "current",
};

static const char *const field_unit[ION_NFIELDS] = {"mV", "mM", "mM", "mA/cm2"};

/* The name of variable `field` of ion `ion`, in buf. */
static const char *var_name(char *buf, size_t size, const char *ion, int field)
{
    switch (field) {
    case ION_E: snprintf(buf, size, "e%s", ion); break;
    case ION_CI: snprintf(buf, size, "%si", ion); break;
    case ION_CO: snprintf(buf, size, "%so", ion); break;
    default: snprintf(buf, size, "i%s", ion); break;
    }
    return buf;
}

bool sema_ion_var(const char *ion, const char *name, int *field)
{
    char buf[128];
    for (int f = 0; f < ION_NFIELDS; f++)
        if (strcmp(var_name(buf, sizeof buf, ion, f), name) == 0) {
            *field = f;
            return true;
        }
    return false;
}

bool sema_ion_global_key(const char *key, char *ion, size_t size, int *field)
{
    /* X i0 _ X _ion: the ion's name twice */
    size_t n = strlen(key);
    if (n < 9 || strcmp(key + n - 4, "_ion") != 0)
        return false;
    size_t k = (n - 7) / 2;     /* strlen(X): n = k + 3 + k + 4 */
    if (2 * k + 7 != n || k == 0 || k >= size)
        return false;
    if (strncmp(key, key + k + 3, k) != 0 || key[k + 1] != '0' || key[k + 2] != '_')
        return false;
    if (key[k] != 'i' && key[k] != 'o')
        return false;
    memcpy(ion, key, k);
    ion[k] = 0;
    *field = key[k] == 'i' ? ION_CI : ION_CO;
    return true;
}

const struct sema_ion *sema_find_ion(const struct sema *s, const char *ion)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (strcmp(s->ions[i].name, ion) == 0)
            return &s->ions[i];
    return NULL;
}

bool sema_ion_setting(const struct sema *s, const char *name, const struct sema_ion **ion,
                      int *field)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (sema_ion_var(s->ions[i].name, name, field) && *field != ION_I) {
            *ion = &s->ions[i];
            return true;
        }
    return false;
}

bool sema_ion_of_name(const struct sema *s, const char *name, const struct sema_ion **ion,
                      int *field)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (sema_ion_var(s->ions[i].name, name, field)) {
            *ion = &s->ions[i];
            return true;
        }
    return false;
}

static bool is_style_name(const char *name, const char *ion)
{
    size_t n = strlen(ion);
    return strncmp(name, ion, n) == 0 && strcmp(name + n, "_ion_style") == 0;
}

bool sema_ion_style_name(const struct sema *s, const char *name, const struct sema_ion **ion)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (is_style_name(name, s->ions[i].name)) {
            *ion = &s->ions[i];
            return true;
        }
    return false;
}

bool sema_ion_style_values(const struct ast *prop, const char *ion, double out[5])
{
    if (!prop || prop->kind != AST_PROP || !is_style_name(prop->str, ion))
        return false;
    const struct ast *l = ast_kid(prop, 0);
    if (!l || l->kind != AST_LIST || l->nkids != 5)
        return false;
    for (int k = 0; k < 5; k++)
        if (!sema_const_value(l->kids[k], &out[k]))
            return false;
    return true;
}

bool sema_block_applies(const struct ast *block, const char *section)
{
    size_t n = strlen(block->str);
    return strcmp(block->str, "all") == 0 || strcmp(block->str, section) == 0 ||
           (strncmp(section, block->str, n) == 0 && section[n] == '[');
}

bool sema_mech_uses_ion(const struct sym *mech, const char *ion)
{
    for (unsigned i = 0; mech && mech->decl && i < mech->decl->nkids; i++) {
        const struct ast *u = mech->decl->kids[i];
        if (u->kind == AST_USEION && strcmp(u->str, ion) == 0)
            return true;
    }
    return false;
}

bool sema_ion_unknown_hint(struct sema *s, struct loc loc, const char *name)
{
    for (size_t k = 0; k < sizeof known_ions / sizeof *known_ions; k++) {
        int f;
        if (sema_ion_var(known_ions[k].name, name, &f)) {
            diag_error(s->diag, loc, "unknown name '%s': it is the %s of ion '%s'; a "
                       "mechanism that uses it says so (`useion %s %s %s`)", name, field_what[f],
                       known_ions[k].name, known_ions[k].name,
                       f == ION_I ? "write" : "read", name);
            return true;
        }
    }
    return false;
}

/* The ion's entry in s->ions, added with NEURON's defaults on first use. */
static struct sema_ion *ion_entry(struct sema *s, const char *name)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (s->ions[i].name == name)
            return &s->ions[i];
    s->ions = arena_realloc(s->arena, s->ions, s->nions * sizeof *s->ions,
                            (s->nions + 1) * sizeof *s->ions);
    struct sema_ion *e = &s->ions[s->nions++];
    /* other ions: NEURON's DEF_eion, DEF_ioni, DEF_iono */
    *e = (struct sema_ion){.name = name, .e0 = 0, .ci0 = 1, .co0 = 1};
    for (size_t k = 0; k < sizeof known_ions / sizeof *known_ions; k++)
        if (strcmp(known_ions[k].name, name) == 0) {
            e->valence = known_ions[k].valence;
            e->has_valence = true;
            e->e0 = known_ions[k].e0;
            e->ci0 = known_ions[k].ci0;
            e->co0 = known_ions[k].co0;
        }
    e->ci_init = e->ci0;
    e->co_init = e->co0;
    return e;
}

static void ion_vars_list(char *buf, size_t size, const char *ion)
{
    char a[4][64];
    snprintf(buf, size, "%s, %s, %s and %s", var_name(a[0], 64, ion, ION_E),
             var_name(a[1], 64, ion, ION_CI), var_name(a[2], 64, ion, ION_CO),
             var_name(a[3], 64, ion, ION_I));
}

static bool has_current(const struct ast *m, const char *name)
{
    for (unsigned i = 0; i < m->nkids; i++)
        if (m->kids[i]->kind == AST_CURRENT && m->kids[i]->op == 0 &&
            strcmp(m->kids[i]->str, name) == 0)
            return true;
    return false;
}

/* The name in the write clause of `useion` u that is `name` (interned), or
 * NULL. */
static const char *useion_written(const struct ast *u, const char *name)
{
    for (unsigned k = 0; k < u->nkids; k++) {
        const struct ast *cl = u->kids[k], *names = ast_kid(cl, 0);
        if (strcmp(cl->str, "write") != 0 || !names || names->kind != AST_LIST)
            continue;
        for (unsigned n = 0; n < names->nkids; n++)
            if (strcmp(names->kids[n]->str, name) == 0)
                return names->kids[n]->str;
    }
    return NULL;
}

static bool useion_writes(const struct ast *u, const char *name)
{
    return useion_written(u, name) != NULL;
}

const char *sema_mech_writes_conc(const struct sym *mech, const char *ion)
{
    char ci[64], co[64];
    var_name(ci, sizeof ci, ion, ION_CI);
    var_name(co, sizeof co, ion, ION_CO);
    const char *wrote = NULL;
    for (unsigned i = 0; mech && mech->decl && i < mech->decl->nkids; i++) {
        const struct ast *u = mech->decl->kids[i];
        if (u->kind != AST_USEION || strcmp(u->str, ion) != 0)
            continue;
        if (useion_written(u, ci))
            return useion_written(u, ci);
        if (!wrote)
            wrote = useion_written(u, co);
    }
    return wrote;
}

/* Whether a section's ion style has cinit, and why. */
struct cinit {
    bool on;
    const struct sym *writer;   /* a mechanism writing a concentration, or NULL */
    const char *wrote;          /* what it writes (cai) */
    const struct ast *style;    /* the X_ion_style that decides, or NULL */
};

/* NEURON's cinit for ion `ion` in the section the blocks make (in order):
 * promoted where a mechanism inserted there writes one of its
 * concentrations (eion.cpp nrn_promote), then as the last `X_ion_style`
 * of the blocks says (ion_style, which replaces the promoted bits). */
static struct cinit section_cinit(struct ast *const *blocks, unsigned n, const char *ion)
{
    struct cinit c = {0};
    for (unsigned b = 0; b < n; b++)
        for (unsigned i = 0; i < blocks[b]->nkids && !c.writer; i++) {
            const struct ast *ins = blocks[b]->kids[i];
            if (ins->kind == AST_INSERT && ins->sym &&
                (c.wrote = sema_mech_writes_conc(ins->sym, ion)) != NULL)
                c.writer = ins->sym;
        }
    c.on = c.writer != NULL;
    for (unsigned b = 0; b < n; b++)
        for (unsigned i = 0; i < blocks[b]->nkids; i++) {
            double st[5];
            if (sema_ion_style_values(blocks[b]->kids[i], ion, st)) {
                c.style = blocks[b]->kids[i];
                c.on = st[4] != 0;
            }
        }
    return c;
}

void sema_check_conc_setting(struct sema *s, struct ast *cell, struct ast *block,
                             const struct ast *p, const struct sema_ion *ion)
{
    struct cinit c = {0};
    const char *where = block->str;
    unsigned more = 0;
    if (block->op != SECTION_LIST_BLOCK) {
        c = section_cinit(&block, 1, ion->name);
    } else {    /* each section of the morphology the block applies to */
        struct ast **bs = arena_alloc(s->arena, (cell->nkids + 1) * sizeof *bs);
        for (unsigned k = 0; k < cell->nkids; k++) {
            struct ast *ms = cell->kids[k];
            if (ms->kind != AST_SECTION || ms->op != SECTION_MORPH ||
                !sema_block_applies(block, ms->str))
                continue;
            unsigned n = 0;
            for (unsigned j = 0; j < cell->nkids; j++)
                if (cell->kids[j]->kind == AST_SECTION &&
                    cell->kids[j]->op == SECTION_LIST_BLOCK &&
                    sema_block_applies(cell->kids[j], ms->str))
                    bs[n++] = cell->kids[j];
            struct cinit t = section_cinit(bs, n, ion->name);
            if (t.on && !c.on) {
                c = t;
                where = ms->str;
            } else if (t.on) {
                more++;
            }
        }
    }
    if (!c.on)
        return;
    char ci[64], co[64], also[96] = "", globals[1024];
    var_name(ci, sizeof ci, ion->name, ION_CI);
    var_name(co, sizeof co, ion->name, ION_CO);
    if (more)
        snprintf(also, sizeof also, " (and %u more sections of '%.30s')", more, block->str);
    snprintf(globals, sizeof globals, "the run starts %s and %s at %s0_%s_ion and %s0_%s_ion "
             "(default %g mM and %g mM)", ci, co, ci, ion->name, co, ion->name, ion->ci0, ion->co0);
    if (c.style)
        diag_warning(s->diag, p->loc, "'%s' set for section '%s'%s is not used: its "
                     "%s_ion_style has cinit 1, so, as in NEURON, %s; set those in the "
                     "simulation block instead", p->str, where, also, ion->name, globals);
    else
        diag_warning(s->diag, p->loc, "'%s' set for section '%s'%s is not used: '%s' writes "
                     "'%s' there, so, as in NEURON, %s; set those in the simulation block "
                     "instead, or keep the section's values with %s_ion_style = (3, 2, 1, 1, 0)",
                     p->str, where, also, c.writer->name, c.wrote, globals, ion->name);
}

/* One name of a read or write clause of `useion` u. */
static void declare_ion_name(struct sema *s, struct sym *mech, const struct ast *u,
                             struct ast *nm, bool write)
{
    const char *ion = u->str;
    int f;
    if (!sema_ion_var(ion, nm->str, &f)) {
        char list[300];
        ion_vars_list(list, sizeof list, ion);
        diag_error(s->diag, nm->loc, "'%s' is not a variable of ion '%s'; its variables are %s",
                   nm->str, ion, list);
        return;
    }
    /* A point process reads its node's ion values as NEURON's do (through
     * pointers into the section's ion at that segment), so any may be read;
     * of the writes only the current is summed there.  A concentration
     * written would be a second writer of the section's value, in
     * instance order, which circ's sections do not model. */
    if (mech->mech_kind == MECH_POINT && write && (f == ION_CI || f == ION_CO))
        /* declared all the same: its uses are not reported again */
        diag_error(s->diag, nm->loc, "a point process may read the variables of ion '%s' "
                   "and write its current i%s, not write '%s'", ion, ion, nm->str);
    if (write && f == ION_E) {
        diag_error(s->diag, nm->loc, "a mechanism cannot write the reversal potential '%s': "
                   "it is computed from the concentrations (Nernst) when a mechanism writes "
                   "them", nm->str);
        return;
    }
    if (write && f == ION_I && !has_current(mech->decl, nm->str)) {
        diag_error(s->diag, nm->loc, "'%s' is written, but no `current %s = ...` gives it",
                   nm->str, nm->str);
        return;
    }
    if (!write && f == ION_I)
        for (unsigned i = 0; i < mech->decl->nkids; i++)
            if (mech->decl->kids[i]->kind == AST_CURRENT &&
                strcmp(mech->decl->kids[i]->str, nm->str) == 0) {
                diag_error(s->diag, nm->loc, "'%s' is read, but this mechanism's `current "
                           "%s` adds to it: write it (`useion %s write %s`)", nm->str,
                           nm->str, ion, nm->str);
                return;
            }
    struct sym *prev = sema_lookup_local(mech->members, nm->str);
    if (prev && prev->kind == SYM_ION) {
        if (write && !prev->ion_write)
            prev->ion_write = true;     /* read and written */
        nm->sym = prev;
        return;
    }
    /* A state concentration read as well as written (Destexhe's cadecay.mod:
     * `READ ica, cai WRITE cai`) is the written one: nocmodl loads a written
     * concentration from the ion at each entry anyway. */
    if (prev && prev->kind == SYM_STATE && !write && (f == ION_CI || f == ION_CO) &&
        useion_writes(u, nm->str)) {
        nm->sym = prev;
        return;
    }
    if (prev && prev->kind == SYM_STATE && write && (f == ION_CI || f == ION_CO)) {
        prev->ion = ion;
        prev->ion_field = f;
        prev->ion_write = true;
        nm->sym = prev;
        return;
    }
    if (prev) {
        diag_error(s->diag, nm->loc, "'%s' is a variable of ion '%s' and also %s of '%s'%s",
                   nm->str, ion, sema_a_kind(prev->kind), mech->name,
                   prev->kind == SYM_STATE ? "; a state can only be a concentration the "
                                             "mechanism writes" : "");
        if (prev->decl)
            diag_note(s->diag, ast_name_loc(prev->decl), "'%s' is declared here", nm->str);
        return;
    }
    struct sym *sym = sema_declare(s, mech->members, SYM_ION, nm->str, NULL);
    sym->decl = nm;
    nm->sym = sym;
    sym->owner = mech;
    sym->from_stdlib = mech->from_stdlib;
    sym->ion = ion;
    sym->ion_field = f;
    sym->ion_write = write;
    sym->unit = units_must(field_unit[f]);
    sym->has_unit = true;
}

static void check_valence(struct sema *s, struct sema_ion *e, struct ast *v)
{
    struct ast *num = ast_kid(v, 0);
    if (!num || num->kind != AST_NUM) {
        diag_error(s->diag, v->loc, "'valence' takes a number, such as `valence 2`");
        return;
    }
    if (num->num == 0) {
        diag_error(s->diag, num->loc, "the valence of ion '%s' cannot be 0", e->name);
        return;
    }
    if (e->has_valence && e->valence != num->num) {
        diag_error(s->diag, num->loc, "ion '%s' has valence %g, not %g", e->name, e->valence,
                   num->num);
        return;
    }
    e->valence = num->num;
    e->has_valence = true;
}

void sema_declare_useions(struct sema *s, struct sym *mech)
{
    struct ast *m = mech->decl;
    for (unsigned i = 0; i < m->nkids; i++) {
        struct ast *u = m->kids[i];
        if (u->kind != AST_USEION)
            continue;
        if (mech->mech_kind == MECH_ARTIFICIAL) {
            diag_error(s->diag, u->loc, "'useion' belongs in a density or point mechanism, and "
                       "'%s' is an artificial one (it has no place on a membrane)", mech->name);
            continue;
        }
        bool twice = false;
        for (unsigned j = 0; j < i && !twice; j++)
            if (m->kids[j]->kind == AST_USEION && m->kids[j]->str == u->str) {
                diag_error(s->diag, u->loc, "ion '%s' is used twice in '%s'; name all its "
                           "variables in one `useion` line", u->str, mech->name);
                twice = true;
            }
        if (twice)
            continue;
        struct sema_ion *e = ion_entry(s, u->str);
        for (unsigned k = 0; k < u->nkids; k++) {
            struct ast *cl = u->kids[k];
            bool rd = strcmp(cl->str, "read") == 0, wr = strcmp(cl->str, "write") == 0;
            if (strcmp(cl->str, "valence") == 0) {
                check_valence(s, e, cl);
                continue;
            }
            if (!rd && !wr) {
                diag_error(s->diag, ast_name_loc(cl), "'%s' is not part of `useion`; expected "
                           "read, write or valence", cl->str);
                continue;
            }
            struct ast *names = ast_kid(cl, 0);
            if (!names || names->kind != AST_LIST) {
                diag_error(s->diag, cl->loc, "'%s' takes names of ion variables, such as "
                           "`%s e%s`", cl->str, cl->str, u->str);
                continue;
            }
            for (unsigned n = 0; n < names->nkids; n++)
                declare_ion_name(s, mech, u, names->kids[n], wr);
        }
        if (!e->has_valence) {
            bool given_later = false;
            for (unsigned k = 0; k < u->nkids; k++)
                given_later |= strcmp(u->kids[k]->str, "valence") == 0;
            if (!given_later)
                diag_error(s->diag, ast_name_loc(u), "ion '%s' is not one NEURON knows (na, "
                           "k, ca): give its charge, e.g. `useion %s read e%s valence -1`",
                           u->str, u->str, u->str);
        }
    }
}
