/* front.c - loads the stdlib, the user's file and its imports, then runs sema. */
#include "front.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dir.h"
#include "nmodl_circ.h"
#include "morph_cell.h"
#include "sonata.h"
#include "nmodl_parse.h"
#include "parse.h"
#include "sema.h"

#define MAX_IMPORT_DEPTH 32

struct front *front_create(const struct front_options *opt)
{
    struct front *f = xcalloc(1, sizeof *f);
    f->arena = arena_create();
    f->diag = diag_create();
    if (opt)
        f->opt = *opt;
    else
        f->opt.stop_after = PASS_ALL;
    diag_set_werror(f->diag, f->opt.werror);
    f->main_program = -1;
    return f;
}

void front_destroy(struct front *f)
{
    if (!f)
        return;
    free(f->programs);
    free(f->program_file);
    free(f->is_stdlib);
    diag_destroy(f->diag);
    arena_destroy(f->arena);
    free(f);
}

/* Models are text files; devices, directories and huge files are refused. */
#define MAX_SOURCE (64u << 20)

char *front_read_file(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return NULL;
    }
    if ((unsigned long long)st.st_size > MAX_SOURCE) {
        errno = EFBIG;
        return NULL;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n >= MAX_SOURCE) {  /* grew while we read it */
            fclose(fp);
            free(buf);
            errno = EFBIG;
            return NULL;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n < cap) {
            if (ferror(fp)) {
                int e = errno;
                fclose(fp);
                free(buf);
                errno = e ? e : EIO;
                return NULL;
            }
            break;
        }
        buf = xrealloc(buf, cap *= 2);
    }
    fclose(fp);
    *len = n;
    return buf;
}

static void add_program(struct front *f, struct ast *prog, int file, bool stdlib)
{
    f->programs = xrealloc(f->programs, (size_t)(f->nprograms + 1) * sizeof *f->programs);
    f->program_file = xrealloc(f->program_file, (size_t)(f->nprograms + 1) * sizeof(int));
    f->is_stdlib = xrealloc(f->is_stdlib, (size_t)(f->nprograms + 1) * sizeof(bool));
    f->programs[f->nprograms] = prog;
    f->program_file[f->nprograms] = file;
    f->is_stdlib[f->nprograms] = stdlib;
    f->nprograms++;
}


/* The sink's id of a file already registered under path, or -1. */
static int loaded_id(struct front *f, const char *path)
{
    for (int i = 0; i < diag_nfiles(f->diag); i++)
        if (strcmp(diag_file(f->diag, i)->path, path) == 0)
            return i;
    return -1;
}

static bool already_loaded(struct front *f, const char *path)
{
    return loaded_id(f, path) >= 0;
}

/* "dir/of/importer.circ" + "x.circ" -> "dir/of/x.circ" (absolute paths kept). */
static char *resolve_import(struct front *f, const char *importer, const char *path)
{
    if (path[0] == '/')
        return arena_strdup(f->arena, path);
    const char *slash = strrchr(importer, '/');
    if (!slash)
        return arena_strdup(f->arena, path);
    return arena_printf(f->arena, "%.*s/%s", (int)(slash - importer), importer, path);
}

static const struct front_embedded *in_memory(const struct front *f, const char *path)
{
    for (const struct front_embedded *e = f->opt.files; e && e->path; e++)
        if (strcmp(e->path, path) == 0)
            return e;
    return NULL;
}


/* The sink's id of the file at path: registered already, from the sources a
 * program carries, or read from the disk (-1, with errno, if it cannot be). */
static int source_id(struct front *f, const char *path)
{
    int id = loaded_id(f, path);
    if (id >= 0)
        return id;
    const struct front_embedded *held = in_memory(f, path);
    if (held)
        return diag_add_file(f->diag, path, held->text, held->len);
    size_t len;
    char *text = front_read_file(path, &len);
    if (!text)
        return -1;
    id = diag_add_file(f->diag, path, text, len);
    free(text);
    return id;
}

/* NMODL's INCLUDE "x.inc" (at the top level of a file): nocmodl reads the
 * file's text in its place, so its blocks are spliced into the tree where
 * the INCLUDE stands, each node located in the included file.  The path is
 * relative to the including file's directory. */
static void expand_includes(struct front *f, struct nmodl_node *tree, int file, int depth)
{
    const char *self = diag_file(f->diag, file)->path;
    struct nmodl_node **kids = tree->kids;
    unsigned n = tree->nkids;
    tree->kids = NULL;
    tree->nkids = tree->cap = 0;
    for (unsigned i = 0; i < n; i++) {
        struct nmodl_node *it = kids[i];
        if (it->kind != NMODL_INCLUDE) {
            nmodl_add(f->arena, tree, it);
            continue;
        }
        if (depth >= MAX_IMPORT_DEPTH) {
            diag_error(f->diag, it->loc, "INCLUDEs nested more than %d deep", MAX_IMPORT_DEPTH);
            continue;
        }
        char *path = resolve_import(f, self, it->str);
        int id = source_id(f, path);
        if (id < 0) {
            diag_error(f->diag, it->loc, "cannot read '%s': %s", path, strerror(errno));
            continue;
        }
        unsigned errors = diag_errors(f->diag);
        struct nmodl_node *inc = nmodl_parse_file(f->arena, f->diag, id);
        if (diag_errors(f->diag) != errors)
            continue;
        expand_includes(f, inc, id, depth + 1);
        for (unsigned k = 0; k < inc->nkids; k++)
            nmodl_add(f->arena, tree, inc->kids[k]);
    }
}

/* A .mod file: NMODL's parser, then its mechanism as circ (compiler/nmodl/);
 * with `units`, also its units as modlunit checks them (warnings). */
static void load_nmodl(struct front *f, int file, bool stdlib, bool units)
{
    unsigned errors = diag_errors(f->diag);
    struct nmodl_node *tree = nmodl_parse_file(f->arena, f->diag, file);
    if (diag_errors(f->diag) == errors)
        expand_includes(f, tree, file, 0);
    struct ast *prog = diag_errors(f->diag) == errors
                           ? nmodl_to_circ(f->arena, f->diag, tree)
                           : ast_new(f->arena, AST_PROGRAM, LOC_NONE);
    if (units && diag_errors(f->diag) == errors)
        nmodl_check_units(f->arena, f->diag, tree);
    add_program(f, prog, file, stdlib);
}

/* `morphology "cell.swc"` of each cell in prog: the file (relative to the
 * model file; a program finds it among the sources it carries) is read and
 * its sections written into the cell (compiler/read/). */
static void read_morphologies(struct front *f, struct ast *prog, const char *self)
{
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *cell = prog->kids[i];
        struct ast *prop = cell->kind == AST_CELL ? morph_cell_prop(cell) : NULL;
        struct ast *v = prop ? ast_kid(prop, 0) : NULL;
        if (!v || v->kind != AST_STR)
            continue;   /* not a string: sema_model reports it */
        char *path = resolve_import(f, self, v->str);
        int id = loaded_id(f, path);
        if (id < 0) {
            const struct front_embedded *held = in_memory(f, path);
            if (held) {
                id = diag_add_file(f->diag, path, held->text, held->len);
            } else {
                size_t len;
                char *text = front_read_file(path, &len);
                if (!text) {
                    diag_error(f->diag, v->loc, "cannot read morphology '%s': %s", path,
                               strerror(errno));
                    continue;
                }
                id = diag_add_file(f->diag, path, text, len);
                free(text);
            }
        }
        read_morph_cell(f->arena, f->diag, cell, id);
    }
}

/* A file of a `network from` circuit, registered with the sink like a
 * morphology (so a program carries it and provenance hashes it): from
 * the sources a program carries, else the disk. */
static const char *load_circuit_file(void *ctx, const char *path, size_t *len)
{
    struct front *f = ctx;
    int id = loaded_id(f, path);
    if (id < 0) {
        const struct front_embedded *held = in_memory(f, path);
        if (held) {
            id = diag_add_file(f->diag, path, held->text, held->len);
        } else {
            char *text = front_read_file(path, len);
            if (!text)
                return NULL;
            id = diag_add_file(f->diag, path, text, *len);
            free(text);
        }
    }
    *len = diag_file(f->diag, id)->len;
    return diag_file(f->diag, id)->text;
}

/* `network from "circuit_config.json" { map ... }`: the circuit read, its
 * populations written after the block (compiler/read/sonata.c). */
static void read_networks(struct front *f, struct ast *prog, const char *self)
{
    for (unsigned i = 0; i < prog->nkids; i++)
        if (prog->kids[i]->kind == AST_NETWORK_FROM) {
            unsigned before = prog->nkids;
            read_network_from(f->arena, f->diag, prog, i, self, load_circuit_file, f);
            i += prog->nkids - before;  /* past the populations it wrote */
        }
}

static bool mod_name(const char *name, size_t n)
{
    return n > 4 && memcmp(name + n - 4, ".mod", 4) == 0 && !memchr(name, '/', n);
}

/* The .mod files directly in folder dir, sorted by name in byte order, as
 * nrnivmodl's shell lists them in the C locale (a program's
 * embedded copies, or the disk's); NULL when dir is not a folder. */
static const char **mod_files(struct front *f, const char *dir, unsigned *n)
{
    const char **names = NULL;
    unsigned cap = 0;
    *n = 0;
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    bool folder = false;
    for (const struct front_embedded *e = f->opt.files; e && e->path; e++)
        if (strncmp(e->path, dir, dl) == 0 && e->path[dl] == '/') {
            folder = true;
            const char *base = e->path + dl + 1;
            if (!mod_name(base, strlen(base)))
                continue;
            if (*n == cap)
                names = xrealloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
            names[(*n)++] = arena_strdup(f->arena, base);
        }
    struct stat st;
    char *path = arena_strndup(f->arena, dir, dl);
    if (!folder && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        folder = true;
        size_t k;
        char **disk = dir_list(path, ".mod", &k);
        if (!disk)
            diag_error(f->diag, LOC_NONE, "cannot read folder '%s': %s", path, strerror(errno));
        names = xrealloc(names, (*n + k + 1) * sizeof *names);
        for (size_t i = 0; i < k; i++)
            names[(*n)++] = arena_strdup(f->arena, disk[i]);
        dir_names_free(disk, k);
    }
    if (!folder) {
        free(names);
        return NULL;
    }
    dir_sort_names(names, *n);
    const char **kept = arena_alloc(f->arena, (*n + 1) * sizeof *kept);
    for (unsigned i = 0; i < *n; i++)
        kept[i] = arena_printf(f->arena, "%s/%s", path, names[i]);
    free(names);
    return kept;
}

/* One .mod file the user's model imports (item), in NEURON's order: nrnivmodl
 * registers a folder's files sorted by name, which sets the order in which
 * their currents are added at a node; imported out of that order, the sums
 * round otherwise than NEURON's (told once). */
static void import_mod(struct front *f, const struct ast *item, const char *path, bool stdlib)
{
    if (already_loaded(f, path))
        return;
    int id = source_id(f, path);
    if (id < 0) {
        diag_error(f->diag, item->loc, "cannot read '%s': %s", path, strerror(errno));
        return;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!stdlib && f->last_mod && strcmp(base, f->last_mod) < 0 && !f->mod_order_told) {
        diag_warning(f->diag, item->loc, "'%s' is imported after '%s': NEURON (nrnivmodl) "
                     "registers .mod files sorted by file name, and adds their currents at a "
                     "node in that order; imported in another, the sums differ from NEURON's in "
                     "the last bits (import them sorted by name, or import their folder)",
                     base, f->last_mod);
        f->mod_order_told = true;
    }
    if (!stdlib)
        f->last_mod = arena_strdup(f->arena, base);
    load_nmodl(f, id, stdlib, false);
}

/* Parses a registered file, then its imports (depth first, each once).
 * Imports are added before the importer so definitions precede uses. */
static void load_parsed(struct front *f, int file, int depth, bool stdlib)
{
    struct ast *prog = parse_file(f->arena, f->diag, file);
    const char *self = diag_file(f->diag, file)->path;
    read_morphologies(f, prog, self);
    read_networks(f, prog, self);
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *item = prog->kids[i];
        if (item->kind != AST_IMPORT)
            continue;
        if (depth >= MAX_IMPORT_DEPTH) {
            diag_error(f->diag, item->loc, "imports nested more than %d deep", MAX_IMPORT_DEPTH);
            continue;
        }
        char *path = resolve_import(f, self, item->str);
        if (nmodl_is_path(path)) {
            import_mod(f, item, path, stdlib);
            continue;
        }
        unsigned nmods;
        const char **mods = in_memory(f, path) ? NULL : mod_files(f, path, &nmods);
        if (mods) {     /* a folder: its .mod files, as nrnivmodl takes them */
            if (nmods == 0)
                diag_error(f->diag, item->loc, "folder '%s' holds no .mod file", path);
            for (unsigned k = 0; k < nmods; k++)
                import_mod(f, item, mods[k], stdlib);
            continue;
        }
        if (already_loaded(f, path))
            continue;
        int id = source_id(f, path);
        if (id < 0) {
            diag_error(f->diag, item->loc, "cannot read '%s': %s", path, strerror(errno));
            continue;
        }
        load_parsed(f, id, depth + 1, stdlib);
    }
    add_program(f, prog, file, stdlib);
}

static void load_stdlib(struct front *f)
{
    for (const struct front_embedded *e = front_stdlib; e->path; e++) {
        int id = diag_add_file(f->diag, e->path, e->text, e->len);
        load_parsed(f, id, 0, true);
    }
}

bool front_add_override(char **overrides, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return false;
    size_t old = *overrides ? strlen(*overrides) : 0;
    size_t add = strlen(arg) + 16;
    *overrides = xrealloc(*overrides, old + add);
    snprintf(*overrides + old, add, "set %.*s = %s\n", (int)(eq - arg), arg, eq + 1);
    return true;
}

bool front_add_vary(char **varies, const char *arg)
{
    if (!arg[strspn(arg, " \t")])
        return false;
    size_t old = *varies ? strlen(*varies) : 0;
    size_t add = strlen(arg) + 8;
    *varies = xrealloc(*varies, old + add);
    snprintf(*varies + old, add, "vary %s\n", arg);
    return true;
}

/* --vary's lines become the text "sweep cli [in EXP] { vary ...\nvary ...\n}",
 * parsed as a file of its own (messages say "--vary:K:COL" for the K-th
 * --vary, whose line they show) and appended to the main program. */
static void add_varies(struct front *f, struct ast *main)
{
    const char *in = f->opt.vary_in;
    size_t n = strlen(f->opt.varies) + (in ? strlen(in) : 0) + 64;
    char *text = arena_alloc(f->arena, n);
    snprintf(text, n, "sweep %s%s%s { %s}\n", FRONT_VARY_SWEEP, in ? " in " : "", in ? in : "",
             f->opt.varies);
    int id = diag_add_file(f->diag, "--vary", text, strlen(text));
    struct ast *prog = parse_file(f->arena, f->diag, id);
    for (unsigned i = 0; i < prog->nkids; i++)
        if (prog->kids[i]->kind == AST_SWEEP)
            ast_add(f->arena, main, prog->kids[i]);
        else
            diag_error(f->diag, prog->kids[i]->loc, "--vary takes PATH from A to B in N steps, "
                       "or PATH in [a, b, ...]");
}

/* --set PATH=VALUE arrives as the text "set PATH = VALUE": parsed as a file
 * of its own (messages say "--set:LINE:COL") whose sets, marked op = 1, are
 * appended to the main program. */
static void add_overrides(struct front *f, struct ast *main)
{
    int id = diag_add_file(f->diag, "--set", f->opt.overrides, strlen(f->opt.overrides));
    struct ast *prog = parse_file(f->arena, f->diag, id);
    for (unsigned i = 0; i < prog->nkids; i++) {
        struct ast *it = prog->kids[i];
        if (it->kind != AST_SET) {
            diag_error(f->diag, it->loc, "--set takes PATH=VALUE, e.g. --set bkg.rate=30Hz");
            continue;
        }
        it->op = 1;
        ast_add(f->arena, main, it);
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

bool front_check_text(struct front *f, const char *name, const char *text, size_t len)
{
    double t0 = now_ms();
    if (!f->opt.no_stdlib)
        load_stdlib(f);
    int id = diag_add_file(f->diag, name, text, len);
    load_parsed(f, id, 0, false);
    f->main_program = f->nprograms - 1;
    if (f->opt.overrides)
        add_overrides(f, f->programs[f->main_program]);
    if (f->opt.varies)
        add_varies(f, f->programs[f->main_program]);
    /* After a syntax error the tree has holes: semantic errors found in it
     * would mostly be echoes of the syntax error, so stop here. */
    double t1 = now_ms();
    if (f->opt.stop_after > PASS_IMPORTS && diag_errors(f->diag) == 0)
        f->sema = sema_run(f->arena, f->diag, f->programs, f->program_file, f->nprograms,
                           f->main_program, f->is_stdlib, f->opt.stop_after);
    f->ms_parse = t1 - t0;
    f->ms_check = now_ms() - t1;
    return diag_errors(f->diag) == 0;
}

bool front_check_nmodl(struct front *f, const char *path)
{
    size_t len;
    char *text = front_read_file(path, &len);
    if (!text) {
        diag_error(f->diag, LOC_NONE, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    double t0 = now_ms();
    if (!f->opt.no_stdlib)
        load_stdlib(f);
    int id = diag_add_file(f->diag, path, text, len);
    free(text);
    load_nmodl(f, id, false, true);
    f->main_program = f->nprograms - 1;
    double t1 = now_ms();
    /* no lints: they are about models (a mechanism alone is "never used") */
    enum pass_id last = f->opt.stop_after < PASS_MODEL ? f->opt.stop_after : PASS_MODEL;
    if (last > PASS_IMPORTS && diag_errors(f->diag) == 0)
        f->sema = sema_run(f->arena, f->diag, f->programs, f->program_file, f->nprograms,
                           f->main_program, f->is_stdlib, last);
    f->ms_parse = t1 - t0;
    f->ms_check = now_ms() - t1;
    return diag_errors(f->diag) == 0;
}

bool front_check_file(struct front *f, const char *path)
{
    size_t len;
    char *text = front_read_file(path, &len);
    if (!text) {
        diag_error(f->diag, LOC_NONE, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    bool ok = front_check_text(f, path, text, len);
    free(text);
    return ok;
}
