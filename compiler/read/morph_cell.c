/* morph_cell.c - a morphology's sections written into its cell (morph_cell.h). */
#include "morph_cell.h"

#include <string.h>

#include "swc.h"

struct ast *morph_cell_prop(const struct ast *cell)
{
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *p = cell->kids[i];
        if (p && p->kind == AST_PROP && strcmp(p->str, "morphology") == 0)
            return p;
    }
    return NULL;
}

static struct ast *num(struct arena *a, struct loc at, double v)
{
    struct ast *n = ast_new(a, AST_NUM, at);
    n->num = v;
    return n;
}

static struct ast *location(struct arena *a, struct loc at, const char *sec, double x)
{
    return ast_make(a, AST_LOCATION, at, sec, 1, num(a, at, x));
}

/* The lists of the morphology, in order of first appearance. */
static int list_names(const struct swc_morph *m, const char **lists)
{
    int n = 0;
    for (int i = 0; i < m->nsections; i++) {
        int k = 0;
        while (k < n && lists[k] != m->sections[i].list)
            k++;
        if (k == n)
            lists[n++] = m->sections[i].list;
    }
    return n;
}

bool read_morph_cell(struct arena *a, struct diag_sink *d, struct ast *cell, int file)
{
    struct ast *prop = morph_cell_prop(cell);
    struct swc_morph *m = swc_read(a, d, file);
    if (!m)
        return false;
    const char **lists = arena_alloc(a, (size_t)(m->nsections + 1) * sizeof *lists);
    int nlists = list_names(m, lists);
    bool ok = true;
    for (unsigned i = 0; i < cell->nkids; i++) {
        struct ast *it = cell->kids[i];
        if (it->kind == AST_ATTACH) {
            diag_error(d, it->loc, "cell '%s' takes its sections and their attachments from its "
                       "morphology; 'attach' is not allowed here", cell->str);
            ok = false;
        }
        if (it->kind != AST_SECTION)
            continue;
        it->op = SECTION_LIST_BLOCK;
        for (unsigned k = 0; k < it->nkids; k++) {
            struct ast *p = it->kids[k];
            if (p && p->kind == AST_PROP &&
                (!strcmp(p->str, "L") || !strcmp(p->str, "diam") || !strcmp(p->str, "pt3d"))) {
                diag_error(d, p->loc, "cell '%s' takes '%s' of its sections from its "
                           "morphology: it cannot be set here", cell->str, p->str);
                ok = false;
            }
        }
        bool known = strcmp(it->str, "all") == 0;
        for (int k = 0; k < nlists; k++)
            known |= strcmp(it->str, lists[k]) == 0;
        for (int k = 0; k < m->nsections; k++)     /* one section: `section dend[3] { }` */
            known |= strcmp(it->str, m->sections[k].name) == 0;
        if (!known) {
            char have[256] = "";
            for (int k = 0; k < nlists; k++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s, ", lists[k]);
            if (strchr(it->str, '['))
                diag_error(d, ast_name_loc(it), "the morphology of cell '%s' has no section '%s'",
                           cell->str, it->str);
            else
                diag_error(d, ast_name_loc(it), "the morphology of cell '%s' has no section list "
                           "'%s' (it has %sall)", cell->str, it->str, have);
            ok = false;
        }
    }
    if (!ok)
        return false;
    struct loc at = prop->loc;
    const struct srcfile *f = diag_file(d, file);
    for (int i = 0; i < m->nsections; i++) {
        const struct swc_section *s = &m->sections[i];
        struct ast *pts = ast_new(a, AST_LIST, at);
        /* the section's name points at the line of its first point */
        unsigned start = f->line_start[s->line - 1], end = start;
        while (end < f->len && f->text[end] != '\n' && f->text[end] != '\r')
            end++;
        struct loc line = {file, start, end};
        for (int k = 0; k < s->npts; k++) {
            ast_add(a, pts, num(a, at, s->x[k]));
            ast_add(a, pts, num(a, at, s->y[k]));
            ast_add(a, pts, num(a, at, s->z[k]));
            ast_add(a, pts, num(a, at, s->d[k]));
        }
        struct ast *sec = ast_make(a, AST_SECTION, at, s->name, 1,
                                   ast_make(a, AST_PROP, at, arena_intern(a, "pt3d", 4), 1, pts));
        sec->op = SECTION_MORPH;
        sec->nloc = line;
        ast_add(a, cell, sec);
    }
    for (int i = 0; i < m->nsections; i++) {
        const struct swc_section *s = &m->sections[i];
        if (s->parent >= 0)
            ast_add(a, cell, ast_make(a, AST_ATTACH, at, NULL, 2, location(a, at, s->name, 0),
                                      location(a, at, m->sections[s->parent].name, s->parent_x)));
    }
    for (int k = 0; k <= nlists; k++) {
        const char *name = k < nlists ? lists[k] : arena_intern(a, "all", 3);
        struct ast *l = ast_new(a, AST_SECLIST, at);
        l->str = name;
        l->nloc = at;
        for (int i = 0; i < m->nsections; i++)
            if (k == nlists || m->sections[i].list == name)
                ast_add(a, l, ast_make(a, AST_NAME, at, m->sections[i].name, 0));
        ast_add(a, cell, l);
    }
    return true;
}
