/* mod_dir.c - the mechanisms of a folder of NEURON .mod files, as `circ
 * import netpyne --mod DIR` needs them: each file's mechanism name (its
 * SUFFIX or POINT_PROCESS), kind, and parameters with their units as circ
 * spells them.  Each file is read by circ's own NMODL front end, so what
 * the import writes is what `import "x.mod"` will then compile. */
#include "read.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "dir.h"
#include "front.h"

/* One .mod file's mechanism into d; false (with the front end's messages
 * on err) when circ cannot read it. */
static bool read_one(struct read_mods *d, const char *path, FILE *err)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct front *f = front_create(&fo);
    bool ok = front_check_nmodl(f, path);
    const struct ast *prog = ok ? f->programs[f->main_program] : NULL;
    const struct ast *m = prog && prog->nkids == 1 ? prog->kids[0] : NULL;
    if (!m || m->kind != AST_MECH) {
        fprintf(err, "circ import: %s: circ cannot read this .mod file, so its mechanism is "
                "not offered to the model:\n%s", path, diag_text(f->diag));
        front_destroy(f);
        return false;
    }
    d->mechs = xrealloc(d->mechs, (size_t)(d->n + 1) * sizeof *d->mechs);
    struct read_mod *r = &d->mechs[d->n++];
    *r = (struct read_mod){xstrdup(m->str), xstrdup(path), m->op, 0, NULL};
    for (unsigned i = 0; i < m->nkids; i++) {
        const struct ast *k = m->kids[i];
        if (!k || k->kind != AST_PARAM || k->op == 1)  /* globals: not per instance */
            continue;
        r->params = xrealloc(r->params, (size_t)(r->nparams + 1) * sizeof *r->params);
        const struct ast *unit = k->nkids > 1 ? k->kids[1] : NULL;
        const char *spelling = unit && unit->str ? unit->str : "";
        if (strcmp(spelling, "1") == 0)     /* NMODL's (1): a plain number */
            spelling = "";
        r->params[r->nparams++] = (struct read_mod_param){xstrdup(k->str), xstrdup(spelling)};
    }
    front_destroy(f);
    return true;
}

bool read_mods_dir(struct read_mods *d, const char *dir, FILE *err)
{
    size_t n;
    char **names = dir_list(dir, ".mod", &n);  /* a stable order whatever the folder's */
    if (!names) {
        fprintf(err, "circ import: cannot read the folder '%s' of .mod files\n", dir);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        read_one(d, path, err);
    }
    dir_names_free(names, n);
    return true;
}

const struct read_mod *read_mods_find(const struct read_mods *d, const char *name)
{
    for (int i = 0; d && i < d->n; i++)
        if (strcmp(d->mechs[i].name, name) == 0)
            return &d->mechs[i];
    return NULL;
}

void read_mods_free(struct read_mods *d)
{
    for (int i = 0; i < d->n; i++) {
        for (int k = 0; k < d->mechs[i].nparams; k++) {
            free(d->mechs[i].params[k].name);
            free(d->mechs[i].params[k].unit);
        }
        free(d->mechs[i].params);
        free(d->mechs[i].name);
        free(d->mechs[i].path);
    }
    free(d->mechs);
    *d = (struct read_mods){0};
}
