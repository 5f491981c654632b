/* sonata.c - a SONATA circuit read for `network from` (sonata.h): the
 * circuit config's manifest and networks, node and edge types (CSV),
 * nodes and edges (HDF5, opened from the loaded bytes as file images).
 *
 * Nodes: every node population of every nodes file; a node's id is its row
 * (SONATA's implicit node_id; a node_id dataset must agree).  Its
 * node_type_id picks the `map node type` line: a number matches the id, a
 * string the type's pop_name.  Each line is one circ population, its cells
 * in file order (node populations in the config's order, then by id);
 * x, y, z of the node's group are its position.
 * Edges: every edge population, in row order; edge_type_id picks the `map
 * edge type` line (a number: the id; a string: model_template or
 * dynamics_params); syn_weight and delay come from the edge's group, else
 * from the edge type's columns; afferent_section_id/_pos give the site.
 * Consecutive edges of one line form one explicit connection list, so the
 * connections are made in the files' order (NEURON's NetCon order).
 */
#include "sonata.h"
#include "sonata_int.h"

#include <ctype.h>
#include <errno.h>
#include <hdf5.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sonata_fail(struct rd *r, struct loc at, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(r->d, at, "%s", msg);
    r->ok = false;
}

/* Where file errors point: the block's path. */
static struct loc here(const struct rd *r)
{
    return r->at ? *r->at : r->from->nloc;
}

/* Where mapping errors point: `network from "path"`. */
static struct loc head(const struct rd *r)
{
    return (struct loc){r->from->loc.file, r->from->loc.start, r->from->nloc.end};
}

/* ---- the circuit config ---------------------------------------------------- */

/* s with each $NAME of the manifest replaced (manifest values may use
 * others), then made relative to the config's directory. */
const char *sonata_expand(struct rd *r, const char *s, int depth)
{
    size_t cap = strlen(s) + 256, len = 0;
    char *out = xcalloc(cap, 1);
    for (const char *p = s; *p;) {
        if (*p != '$') {
            out[len++] = *p++;
        } else {
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_')
                q++;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(q - p), p);
            json_object *v = NULL;
            if (!r->manifest || !json_object_object_get_ex(r->manifest, name, &v) ||
                !json_object_is_type(v, json_type_string) || depth > 8) {
                sonata_fail(r, here(r), "the circuit config's '%s' uses '%s', which its manifest does "
                     "not define", s, name);
                free(out);
                return NULL;
            }
            const char *value = sonata_expand(r, json_object_get_string(v), depth + 1);
            if (!value) {
                free(out);
                return NULL;
            }
            size_t n = strlen(value);
            if (len + n + strlen(q) + 1 > cap) {
                cap = len + n + strlen(q) + 256;
                char *bigger = xcalloc(cap, 1);
                memcpy(bigger, out, len);
                free(out);
                out = bigger;
            }
            memcpy(out + len, value, n);
            len += n;
            p = q;
        }
        if (len + 2 > cap) {
            char *bigger = xcalloc(cap *= 2, 1);
            memcpy(bigger, out, len);
            free(out);
            out = bigger;
        }
    }
    out[len] = '\0';
    char *path = out[0] == '/' || depth > 0 ? arena_strdup(r->a, out)
                                            : arena_printf(r->a, "%s/%s", r->dir, out);
    free(out);
    if (depth == 0)     /* "$BASE_DIR/x" with "$BASE_DIR": "." is "dir/x", not "dir/./x" */
        for (char *dot; (dot = strstr(path, "/./"));)
            memmove(dot, dot + 2, strlen(dot + 2) + 1);
    return path;
}

/* `key` of a networks entry, expanded; NULL (reported) if missing. */
static const char *entry_path(struct rd *r, json_object *entry, const char *key, const char *what)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(entry, key, &v) || !json_object_is_type(v, json_type_string)) {
        sonata_fail(r, here(r), "an entry of the circuit config's networks.%s has no '%s'", what, key);
        return NULL;
    }
    return sonata_expand(r, json_object_get_string(v), 0);
}

/* ---- node and edge types (CSV, separated by spaces) --------------------- */

/* The next field of a line: a run of non-blanks, or "quoted". */
static char *field(struct arena *a, const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r'))
        (*p)++;
    if (*p >= end)
        return NULL;
    const char *s = *p;
    if (*s == '"') {
        const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
        const char *e = q ? q : end;
        *p = q ? q + 1 : end;
        return arena_printf(a, "%.*s", (int)(e - s - 1), s + 1);
    }
    while (*p < end && **p != ' ' && **p != '\t' && **p != '\r')
        (*p)++;
    return arena_printf(a, "%.*s", (int)(*p - s), s);
}

bool sonata_read_table(struct rd *r, const char *path, struct table *t)
{
    size_t len;
    const char *text = r->load(r->ctx, path, &len);
    if (!text) {
        sonata_fail(r, here(r), "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    memset(t, 0, sizeof *t);
    int caprows = 0;
    for (const char *line = text; line < text + len;) {
        const char *end = memchr(line, '\n', (size_t)(text + len - line));
        if (!end)
            end = text + len;
        const char *p = line;
        char *cells[256];
        int n = 0;
        for (char *f; n < 256 && (f = field(r->a, &p, end));)
            cells[n++] = f;
        line = end + 1;
        if (n == 0)
            continue;
        if (!t->cols) {
            t->ncols = n;
            t->cols = arena_alloc(r->a, (size_t)n * sizeof *t->cols);
            memcpy(t->cols, cells, (size_t)n * sizeof *cells);
            continue;
        }
        if (n != t->ncols) {
            sonata_fail(r, here(r), "'%s': a row has %d fields and the header %d", path, n, t->ncols);
            return false;
        }
        if (t->nrows == caprows) {
            int cap = caprows ? 2 * caprows : 16;
            t->cells = arena_realloc(r->a, t->cells, (size_t)caprows * sizeof *t->cells,
                                     (size_t)cap * sizeof *t->cells);
            caprows = cap;
        }
        t->cells[t->nrows] = arena_alloc(r->a, (size_t)n * sizeof **t->cells);
        memcpy(t->cells[t->nrows++], cells, (size_t)n * sizeof *cells);
    }
    return true;
}

int sonata_column(const struct table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c], name) == 0)
            return c;
    return -1;
}

/* The row whose `id_col` is id, or -1. */
static int type_row(const struct table *t, int id_col, int64_t id)
{
    for (int i = 0; id_col >= 0 && i < t->nrows; i++) {
        char *end;
        long long v = strtoll(t->cells[i][id_col], &end, 10);
        if (*end == '\0' && v == id)
            return i;
    }
    return -1;
}

static const char *cell(const struct table *t, int row, const char *col)
{
    int c = sonata_column(t, col);
    return c >= 0 ? t->cells[row][c] : NULL;
}

/* ---- HDF5 ------------------------------------------------------------------ */

hid_t sonata_open_h5(struct rd *r, const char *path)
{
    size_t len;
    const char *bytes = r->load(r->ctx, path, &len);
    if (!bytes) {
        sonata_fail(r, here(r), "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t f = -1;
    /* the file image is copied: bytes may come from a program's sources;
     * the core driver wants a name no file on disk has */
    if (fapl >= 0 && H5Pset_fapl_core(fapl, 1 << 16, 0) >= 0 &&
        H5Pset_file_image(fapl, (void *)(uintptr_t)bytes, len) >= 0)
        f = H5Fopen("circ: a SONATA file image", H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (f < 0)
        sonata_fail(r, here(r), "'%s' is not an HDF5 file", path);
    return f;
}

bool sonata_exists(hid_t at, const char *name)
{
    return H5Lexists(at, name, H5P_DEFAULT) > 0;
}

/* A 1-D dataset as int64 (integers only) or double: NULL if absent, or
 * (reported) if it is not a vector of numbers of that kind.  *n: its length. */
void *sonata_vector(struct rd *r, hid_t at, const char *name, bool integer, long *n,
                    const char *where)
{
    *n = 0;
    if (!sonata_exists(at, name))
        return NULL;
    hid_t d = H5Dopen2(at, name, H5P_DEFAULT);
    hid_t space = d >= 0 ? H5Dget_space(d) : -1;
    hid_t type = d >= 0 ? H5Dget_type(d) : -1;
    H5T_class_t cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    hsize_t dims[2] = {0, 0};
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    void *data = NULL;
    bool shape = rank == 1 && H5Sget_simple_extent_dims(space, dims, NULL) == 1 &&
                 (cls == H5T_INTEGER || (!integer && cls == H5T_FLOAT));
    /* ids and counts are ints downstream; a chunked dataset may claim more
     * rows than its file has bytes, so memory is asked for, never assumed */
    if (shape && dims[0] <= INT_MAX)
        data = calloc((size_t)dims[0] + 1, 8);
    if (data && dims[0] && H5Dread(d, integer ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, H5S_ALL,
                                   H5S_ALL, H5P_DEFAULT, data) < 0) {
        free(data);
        data = NULL;
    }
    if (!data && shape)
        sonata_fail(r, here(r), "'%s': dataset %s has %llu rows, more than circ can read", where, name,
             (unsigned long long)dims[0]);
    else if (!data)
        sonata_fail(r, here(r), "'%s': dataset %s is not a vector of %s", where, name,
             integer ? "integers" : "numbers");
    *n = (long)dims[0];
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(d);
    return data;
}

/* A string attribute (fixed or variable length), or NULL. */
const char *sonata_attr_string(struct rd *r, hid_t obj, const char *name)
{
    if (H5Aexists(obj, name) <= 0)
        return NULL;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t type = a >= 0 ? H5Aget_type(a) : -1;
    const char *out = NULL;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING) {
        hid_t mem = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mem, H5Tget_cset(type));    /* h5py writes UTF-8: no conversion */
        if (H5Tis_variable_str(type) > 0) {
            char *v = NULL;
            H5Tset_size(mem, H5T_VARIABLE);
            if (H5Aread(a, mem, &v) >= 0 && v) {
                out = arena_strdup(r->a, v);
                H5free_memory(v);
            }
        } else {
            size_t size = H5Tget_size(type);
            char *v = xcalloc(size + 1, 1);
            H5Tset_size(mem, size + 1);
            if (H5Aread(a, mem, v) >= 0)
                out = arena_strdup(r->a, v);
            free(v);
        }
        H5Tclose(mem);
    }
    H5Tclose(type);
    H5Aclose(a);
    return out;
}

/* Names of the groups directly under `at` (/nodes, /edges), by name. */
int sonata_subgroups(struct rd *r, hid_t at, const char ***names)
{
    H5G_info_t info;
    *names = NULL;
    if (H5Gget_info(at, &info) < 0)
        return 0;
    *names = arena_alloc(r->a, ((size_t)info.nlinks + 1) * sizeof **names);
    int n = 0;
    for (hsize_t i = 0; i < info.nlinks; i++) {
        char name[512];
        if (H5Lget_name_by_idx(at, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            continue;
        hid_t g = H5Gopen2(at, name, H5P_DEFAULT);    /* a group, not a dataset? */
        if (g >= 0)
            (*names)[n++] = arena_strdup(r->a, name);
        H5Gclose(g);
    }
    return n;
}

/* ---- nodes ----------------------------------------------------------------- */

static bool is_name(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    return true;
}

/* Does map line m (a `map node type` or `map edge type`) match a type? */
static bool map_matches(const struct ast *m, int64_t id, const char *name1, const char *name2)
{
    const struct ast *key = m->kids[0];
    if (key->kind == AST_NUM)
        return key->num == (double)id;
    return (name1 && strcmp(key->str, name1) == 0) || (name2 && strcmp(key->str, name2) == 0);
}

/* The circ population of a map line (creating it on first use). */
static int circ_pop(struct rd *r, struct sonata_circuit *c, int *pop_of_map, unsigned mi,
                    const char *pop_name, int64_t type_id)
{
    if (pop_of_map[mi] >= 0)
        return pop_of_map[mi];
    struct ast *m = r->from->kids[mi];
    const char *name = m->kids[0]->kind == AST_STR ? m->kids[0]->str
                       : pop_name && is_name(pop_name) ? pop_name
                                                       : arena_printf(r->a, "type_%lld",
                                                                      (long long)type_id);
    if (!is_name(name)) {
        sonata_fail(r, m->kids[0]->loc, "node type \"%s\" cannot name a population: use its "
             "node_type_id, or a name of letters, digits and '_'", name);
        name = "_";
    }
    struct sonata_pop *p = &c->pops[c->npops];
    p->name = arena_intern(r->a, name, strlen(name));
    p->map = m;
    return pop_of_map[mi] = c->npops++;
}

enum { MAX_DYN = 16 };       /* dynamics_params per node population group */

struct grown {              /* positions per circ population while reading */
    double *pos;
    long cap;
    bool missing;
    int ndyn;               /* and per-node dynamics_params: names, */
    const char *dyn[MAX_DYN];
    double *dynv;           /* values cap x MAX_DYN (NAN: not given) */
};

/* The names of the datasets directly under `at`, at most `max`. */
static int datasets(struct rd *r, hid_t at, const char **names, int max)
{
    H5G_info_t info;
    int n = 0;
    if (H5Gget_info(at, &info) < 0)
        return 0;
    for (hsize_t i = 0; i < info.nlinks && n < max; i++) {
        char name[512];
        if (H5Lget_name_by_idx(at, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            continue;
        hid_t d = H5Dopen2(at, name, H5P_DEFAULT);
        if (d >= 0)
            names[n++] = arena_strdup(r->a, name);
        H5Dclose(d);
    }
    return n;
}

static void read_node_pop(struct rd *r, struct sonata_circuit *c, struct nodes *nodes, hid_t file,
                          const char *pop, const struct table *types, const char *types_path,
                          const char *path, int *pop_of_map, struct grown *grown)
{
    hid_t g = H5Gopen2(file, arena_printf(r->a, "nodes/%s", pop), H5P_DEFAULT);
    long n, nid = 0, ngid = 0, ngix = 0;
    int64_t *type = sonata_vector(r, g, "node_type_id", true, &n, path);
    int64_t *id = sonata_vector(r, g, "node_id", true, &nid, path);
    int64_t *gid = sonata_vector(r, g, "node_group_id", true, &ngid, path);
    int64_t *gix = sonata_vector(r, g, "node_group_index", true, &ngix, path);
    if (!type && r->ok)
        sonata_fail(r, here(r), "'%s': node population '%s' has no dataset node_type_id", path, pop);
    if (!r->ok)
        goto done;
    if ((id && nid != n) || (gid && ngid != n) || (gix && ngix != n)) {
        sonata_fail(r, here(r), "'%s': the datasets of node population '%s' differ in length", path, pop);
        goto done;
    }
    if (nodes->npops == 64) {
        sonata_fail(r, here(r), "more than 64 node populations");
        goto done;
    }
    struct node_pop *np = &nodes->pops[nodes->npops++];
    np->name = arena_strdup(r->a, pop);
    np->n = n;
    np->cpop = xcalloc((size_t)n + 1, sizeof *np->cpop);
    np->cindex = xcalloc((size_t)n + 1, sizeof *np->cindex);
    /* positions of each node group (x, y, z), where it has them */
    double *xyz[16][3] = {{NULL}};
    long nxyz[16][3] = {{0}};
    int ndyn[16] = {0};
    const char *dyn_name[16][MAX_DYN];
    double *dyn_val[16][MAX_DYN] = {{NULL}};
    long dyn_n[16][MAX_DYN] = {{0}};
    for (int k = 0; k < 16; k++) {
        char name[32];
        snprintf(name, sizeof name, "%d", k);
        if (!sonata_exists(g, name))
            continue;
        hid_t grp = H5Gopen2(g, name, H5P_DEFAULT);
        static const char *const axis[3] = {"x", "y", "z"};
        for (int a = 0; a < 3 && grp >= 0; a++)
            xyz[k][a] = sonata_vector(r, grp, axis[a], false, &nxyz[k][a], path);
        hid_t dp = sonata_exists(grp, "dynamics_params")
                       ? H5Gopen2(grp, "dynamics_params", H5P_DEFAULT) : -1;
        ndyn[k] = dp >= 0 ? datasets(r, dp, dyn_name[k], MAX_DYN) : 0;
        for (int j = 0; j < ndyn[k]; j++)
            dyn_val[k][j] = sonata_vector(r, dp, dyn_name[k][j], false, &dyn_n[k][j], path);
        if (dp >= 0)
            H5Gclose(dp);
        H5Gclose(grp);
    }
    int id_col = sonata_column(types, "node_type_id");
    if (id_col < 0)
        sonata_fail(r, here(r), "'%s' has no column node_type_id", types_path);
    for (long i = 0; i < n && r->ok; i++) {
        if (id && id[i] != i) {
            sonata_fail(r, here(r), "'%s': node %ld of population '%s' has node_id %lld; SONATA's "
                 "node ids are the rows, 0, 1, 2, ...", path, i, pop, (long long)id[i]);
            break;
        }
        int row = type_row(types, id_col, type[i]);
        if (row < 0) {
            sonata_fail(r, here(r), "'%s': node %ld of population '%s' has node_type_id %lld, which "
                 "'%s' does not list", path, i, pop, (long long)type[i], types_path);
            break;
        }
        const char *pop_name = cell(types, row, "pop_name");
        int mi = -1;
        for (unsigned k = 0; k < r->from->nkids; k++) {
            struct ast *m = r->from->kids[k];
            if (m->op != 0 || !map_matches(m, type[i], pop_name, NULL))
                continue;
            if (mi >= 0) {
                sonata_fail(r, m->loc, "node type %lld%s%s%s is mapped twice", (long long)type[i],
                     pop_name ? " ('" : "", pop_name ? pop_name : "", pop_name ? "')" : "");
                diag_note(r->d, r->from->kids[mi]->loc, "first mapped here");
                break;
            }
            mi = (int)k;
        }
        if (mi < 0 && r->ok) {
            const char *model = cell(types, row, "model_type");
            bool virtual = model && strcmp(model, "virtual") == 0;
            sonata_fail(r, head(r), "node type %lld%s%s%s of node population '%s' is not "
                 "mapped: add `map node type %lld to %s`%s", (long long)type[i],
                 pop_name ? " ('" : "", pop_name ? pop_name : "", pop_name ? "')" : "", pop,
                 (long long)type[i], virtual ? "VecStim" : "CELL",
                 virtual ? " (a virtual node type, driven by `inputs from` or `spikes from`)" : "");
        }
        if (!r->ok)
            break;
        int p = circ_pop(r, c, pop_of_map, (unsigned)mi, pop_name, type[i]);
        struct sonata_pop *sp = &c->pops[p];
        np->cpop[i] = p;
        np->cindex[i] = sp->count++;
        long group = gid ? gid[i] : 0, row_in = gix ? gix[i] : i;
        struct grown *gr = &grown[p];
        if (gr->cap < sp->count) {
            long cap = 2 * sp->count + 16;
            double *bigger = xcalloc(3 * (size_t)cap, sizeof *bigger);
            if (gr->pos)
                memcpy(bigger, gr->pos, 3 * (size_t)gr->cap * sizeof *bigger);
            free(gr->pos);
            gr->pos = bigger;
            double *dyn = xcalloc((size_t)cap * MAX_DYN, sizeof *dyn);
            for (long j = 0; j < cap * MAX_DYN; j++)
                dyn[j] = j < gr->cap * MAX_DYN && gr->dynv ? gr->dynv[j] : NAN;
            free(gr->dynv);
            gr->dynv = dyn;
            gr->cap = cap;
        }
        for (int j = 0; group >= 0 && group < 16 && j < ndyn[group]; j++) {
            int slot = 0;
            while (slot < gr->ndyn && strcmp(gr->dyn[slot], dyn_name[group][j]) != 0)
                slot++;
            if (slot == MAX_DYN) {
                sonata_fail(r, here(r), "'%s': the nodes of '%s' have more than %d "
                            "dynamics_params", path, sp->name, MAX_DYN);
                break;
            }
            if (slot == gr->ndyn)
                gr->dyn[gr->ndyn++] = dyn_name[group][j];
            if (dyn_val[group][j] && row_in >= 0 && row_in < dyn_n[group][j])
                gr->dynv[(sp->count - 1) * MAX_DYN + slot] = dyn_val[group][j][row_in];
        }
        for (int a = 0; a < 3; a++) {
            bool has = group >= 0 && group < 16 && xyz[group][a] && row_in >= 0 &&
                       row_in < nxyz[group][a];
            gr->missing |= !has;
            gr->pos[3 * (sp->count - 1) + a] = has ? xyz[group][a][row_in] : 0;
        }
    }
    for (int k = 0; k < 16; k++) {
        for (int a = 0; a < 3; a++)
            free(xyz[k][a]);
        for (int j = 0; j < ndyn[k]; j++)
            free(dyn_val[k][j]);
    }
done:
    free(type);
    free(id);
    free(gid);
    free(gix);
    H5Gclose(g);
}

static void read_nodes(struct rd *r, struct sonata_circuit *c, struct nodes *nodes,
                       json_object *list)
{
    int nmaps = (int)r->from->nkids;
    int *pop_of_map = xcalloc((size_t)nmaps + 1, sizeof *pop_of_map);
    for (int k = 0; k < nmaps; k++)
        pop_of_map[k] = -1;
    c->pops = arena_alloc(r->a, ((size_t)nmaps + 1) * sizeof *c->pops);
    struct grown *grown = xcalloc((size_t)nmaps + 1, sizeof *grown);
    size_t nfiles = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    if (nfiles == 0)
        sonata_fail(r, here(r), "the circuit config lists no nodes files (networks.nodes)");
    for (size_t f = 0; f < nfiles && r->ok; f++) {
        json_object *entry = json_object_array_get_idx(list, f);
        const char *path = entry_path(r, entry, "nodes_file", "nodes");
        const char *types_path = path ? entry_path(r, entry, "node_types_file", "nodes") : NULL;
        struct table types;
        if (!types_path || !sonata_read_table(r, types_path, &types))
            break;
        hid_t file = sonata_open_h5(r, path);
        if (file < 0)
            break;
        hid_t top = sonata_exists(file, "nodes") ? H5Gopen2(file, "nodes", H5P_DEFAULT) : -1;
        const char **names;
        int n = top >= 0 ? sonata_subgroups(r, top, &names) : 0;
        if (n == 0)
            sonata_fail(r, here(r), "'%s' has no node population (a group under /nodes)", path);
        for (int k = 0; k < n && r->ok; k++)
            read_node_pop(r, c, nodes, file, names[k], &types, types_path, path, pop_of_map,
                          grown);
        if (top >= 0)
            H5Gclose(top);
        H5Fclose(file);
    }
    /* a map line that matched nothing is a mistake in the model */
    for (int k = 0; k < nmaps && r->ok; k++) {
        struct ast *m = r->from->kids[k];
        if (m->op == 0 && pop_of_map[k] < 0) {
            if (m->kids[0]->kind == AST_NUM)
                sonata_fail(r, m->kids[0]->loc, "the circuit has no node of node type %g", m->kids[0]->num);
            else
                sonata_fail(r, m->kids[0]->loc, "the circuit has no node of a node type with pop_name "
                     "\"%s\"", m->kids[0]->str);
        }
    }
    for (int p = 0; p < c->npops; p++) {
        if (!grown[p].missing && grown[p].pos) {
            c->pops[p].pos = arena_alloc(r->a, 3 * (size_t)c->pops[p].count * sizeof(double));
            memcpy(c->pops[p].pos, grown[p].pos, 3 * (size_t)c->pops[p].count * sizeof(double));
        }
        struct sonata_pop *sp = &c->pops[p];
        sp->nparams = grown[p].ndyn;
        sp->param_name = grown[p].dyn[0] ? arena_alloc(r->a, MAX_DYN * sizeof(char *)) : NULL;
        sp->param_value = sp->nparams
                              ? arena_alloc(r->a, ((size_t)sp->count * (size_t)sp->nparams + 1) *
                                                      sizeof(double)) : NULL;
        for (int j = 0; j < sp->nparams; j++) {
            sp->param_name[j] = grown[p].dyn[j];
            for (int i = 0; i < sp->count; i++)
                sp->param_value[i * sp->nparams + j] = grown[p].dynv[i * MAX_DYN + j];
        }
        free(grown[p].pos);
        free(grown[p].dynv);
    }
    free(grown);
    free(pop_of_map);
}

/* ---- edges ----------------------------------------------------------------- */

struct edges {              /* every edge, in order, before they are cut into runs */
    long n, cap;
    int *map, *pre_pop, *pre_index, *post_pop, *post_index, *section, *nsyns;
    double *weight, *delay, *x;
};

static void edges_grow(struct edges *e, long need)
{
    if (need <= e->cap)
        return;
    long cap = need + e->cap + 1024;
#define GROW(f)                                                                      \
    do {                                                                             \
        void *p = xcalloc((size_t)cap, sizeof *e->f);                                \
        if (e->f)                                                                    \
            memcpy(p, e->f, (size_t)e->n * sizeof *e->f);                            \
        free(e->f);                                                                  \
        e->f = p;                                                                    \
    } while (0)
    GROW(map); GROW(pre_pop); GROW(pre_index); GROW(post_pop); GROW(post_index);
    GROW(section); GROW(nsyns); GROW(weight); GROW(delay); GROW(x);
#undef GROW
    e->cap = cap;
}

static const struct node_pop *node_pop_named(const struct nodes *nodes, const char *name)
{
    for (int k = 0; k < nodes->npops; k++)
        if (strcmp(nodes->pops[k].name, name) == 0)
            return &nodes->pops[k];
    return NULL;
}

/* The node population a source_node_id/target_node_id dataset names. */
static const struct node_pop *end_pop(struct rd *r, hid_t g, const char *dset, const struct nodes *nodes,
                                      const char *path, const char *pop)
{
    hid_t d = H5Dopen2(g, dset, H5P_DEFAULT);
    const char *name = d >= 0 ? sonata_attr_string(r, d, "node_population") : NULL;
    H5Dclose(d);
    if (!name && nodes->npops == 1)
        return &nodes->pops[0];
    const struct node_pop *np = name ? node_pop_named(nodes, name) : NULL;
    if (!name)
        sonata_fail(r, here(r), "'%s': %s of edge population '%s' has no attribute node_population",
             path, dset, pop);
    else if (!np)
        sonata_fail(r, here(r), "'%s': edge population '%s' connects node population '%s', which no "
             "nodes file of the circuit has", path, pop, name);
    return np;
}

struct edge_group {         /* one group's datasets, NULL where absent */
    double *weight, *delay, *pos;
    int64_t *section, *nsyns;
    long nweight, ndelay, npos, nsection, nnsyns;
};

static void read_edge_pop(struct rd *r, struct edges *e, const struct nodes *nodes, hid_t file,
                          const char *pop, const struct table *types, const char *types_path,
                          const char *path)
{
    hid_t g = H5Gopen2(file, arena_printf(r->a, "edges/%s", pop), H5P_DEFAULT);
    long n = 0, ndst = 0, ntype = 0, ngid = 0, ngix = 0;
    int64_t *src = sonata_vector(r, g, "source_node_id", true, &n, path);
    int64_t *dst = sonata_vector(r, g, "target_node_id", true, &ndst, path);
    int64_t *type = sonata_vector(r, g, "edge_type_id", true, &ntype, path);
    int64_t *gid = sonata_vector(r, g, "edge_group_id", true, &ngid, path);
    int64_t *gix = sonata_vector(r, g, "edge_group_index", true, &ngix, path);
    struct edge_group groups[16] = {{0}};
    static const char *const required[3] = {"source_node_id", "target_node_id", "edge_type_id"};
    const void *have[3] = {src, dst, type};
    for (int k = 0; k < 3 && r->ok; k++)
        if (!have[k])
            sonata_fail(r, here(r), "'%s': edge population '%s' has no dataset %s", path, pop,
                 required[k]);
    if (r->ok && (ndst != n || ntype != n || (gid && ngid != n) || (gix && ngix != n)))
        sonata_fail(r, here(r), "'%s': the datasets of edge population '%s' differ in length", path, pop);
    const struct node_pop *from = r->ok ? end_pop(r, g, "source_node_id", nodes, path, pop) : NULL;
    const struct node_pop *to = r->ok ? end_pop(r, g, "target_node_id", nodes, path, pop) : NULL;
    if (!r->ok)
        goto done;
    for (int k = 0; k < 16; k++) {
        char name[32];
        snprintf(name, sizeof name, "%d", k);
        if (!sonata_exists(g, name))
            continue;
        hid_t grp = H5Gopen2(g, name, H5P_DEFAULT);
        struct edge_group *eg = &groups[k];
        eg->weight = sonata_vector(r, grp, "syn_weight", false, &eg->nweight, path);
        eg->delay = sonata_vector(r, grp, "delay", false, &eg->ndelay, path);
        eg->section = sonata_vector(r, grp, "afferent_section_id", true, &eg->nsection, path);
        eg->pos = sonata_vector(r, grp, "afferent_section_pos", false, &eg->npos, path);
        eg->nsyns = sonata_vector(r, grp, "nsyns", true, &eg->nnsyns, path);
        /* BMTK's own names for the site: not SONATA's, and its sec_id counts
         * NEURON's `all` list, which need not be the morphology's order */
        for (int b = 0; b < 2; b++) {
            const char *bmtk = b ? "sec_x" : "sec_id";
            if (sonata_exists(grp, bmtk) && !(b ? (const void *)eg->pos : (const void *)eg->section))
                diag_warning(r->d, here(r), "'%s': edge group %s/%d has BMTK's %s, which circ does "
                             "not read: its synapses go to the default site (write SONATA's "
                             "%s if it indexes the morphology's sections)", path, pop, k, bmtk,
                             b ? "afferent_section_pos" : "afferent_section_id");
        }
        H5Gclose(grp);
    }
    int id_col = sonata_column(types, "edge_type_id");
    if (id_col < 0)
        sonata_fail(r, here(r), "'%s' has no column edge_type_id", types_path);
    edges_grow(e, e->n + n);
    for (long i = 0; i < n && r->ok; i++) {
        int row = type_row(types, id_col, type[i]);
        if (row < 0) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has edge_type_id %lld, which "
                 "'%s' does not list", path, i, pop, (long long)type[i], types_path);
            break;
        }
        const char *tmpl = cell(types, row, "model_template");
        const char *dyn = cell(types, row, "dynamics_params");
        int mi = -1;
        for (unsigned k = 0; k < r->from->nkids && mi < 0; k++)
            if (r->from->kids[k]->op == 1 && map_matches(r->from->kids[k], type[i], tmpl, dyn))
                mi = (int)k;
        if (mi < 0) {
            sonata_fail(r, head(r), "edge type %lld%s%s%s of edge population '%s' is not mapped: "
                 "add `map edge type %lld to SYNAPSE`", (long long)type[i],
                 tmpl ? " (model_template " : "", tmpl ? tmpl : "", tmpl ? ")" : "", pop,
                 (long long)type[i]);
            break;
        }
        if (src[i] < 0 || src[i] >= from->n || dst[i] < 0 || dst[i] >= to->n) {
            bool bad_src = src[i] < 0 || src[i] >= from->n;
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has %s %lld, and node population "
                 "'%s' has %ld nodes", path, i, pop, bad_src ? "source_node_id" : "target_node_id",
                 (long long)(bad_src ? src[i] : dst[i]), bad_src ? from->name : to->name,
                 bad_src ? from->n : to->n);
            break;
        }
        long grp = gid ? gid[i] : 0, at = gix ? gix[i] : i;
        if (grp < 0 || grp >= 16) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' is in edge group %ld (circ reads "
                 "groups 0 to 15)", path, i, pop, grp);
            break;
        }
        const struct edge_group *eg = &groups[grp];
        double w = NAN, d = NAN;
        if (eg->weight && at >= 0 && at < eg->nweight)
            w = eg->weight[at];
        else if (cell(types, row, "syn_weight"))
            w = strtod(cell(types, row, "syn_weight"), NULL);
        if (eg->delay && at >= 0 && at < eg->ndelay)
            d = eg->delay[at];
        else if (cell(types, row, "delay"))
            d = strtod(cell(types, row, "delay"), NULL);
        bool given_w = eg->weight || cell(types, row, "syn_weight");
        bool given_d = eg->delay || cell(types, row, "delay");
        if (given_w && given_d && !isfinite(w)) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has a syn_weight of %g", path, i,
                 pop, w);
            break;
        }
        if (isnan(w) || isnan(d)) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has no %s (a dataset of its "
                 "group or a column of '%s')", path, i, pop, isnan(w) ? "syn_weight" : "delay",
                 types_path);
            break;
        }
        if (e->n >= INT_MAX) {
            sonata_fail(r, here(r), "the circuit has more than %d edges", INT_MAX);
            break;
        }
        if (eg->section && at >= 0 && at < eg->nsection && eg->section[at] > INT_MAX) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has afferent_section_id %lld",
                 path, i, pop, (long long)eg->section[at]);
            break;
        }
        if (!(d >= 0 && d < INFINITY)) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has a delay of %g ms: delays "
                 "must be finite and not negative", path, i, pop, d);
            break;
        }
        long ns = 1;
        if (eg->nsyns && at >= 0 && at < eg->nnsyns)
            ns = eg->nsyns[at];
        else if (cell(types, row, "nsyns"))
            ns = strtol(cell(types, row, "nsyns"), NULL, 10);
        if (ns < 0 || ns > 1000000) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has nsyns %ld (0 to 10^6 "
                        "synapses per edge)", path, i, pop, ns);
            break;
        }
        long k = e->n++;
        e->nsyns[k] = (int)ns;
        e->map[k] = mi;
        e->pre_pop[k] = from->cpop[src[i]];
        e->pre_index[k] = from->cindex[src[i]];
        e->post_pop[k] = to->cpop[dst[i]];
        e->post_index[k] = to->cindex[dst[i]];
        e->weight[k] = w;
        e->delay[k] = d;
        e->section[k] = eg->section && at >= 0 && at < eg->nsection ? (int)eg->section[at] : -1;
        e->x[k] = eg->pos && at >= 0 && at < eg->npos ? eg->pos[at] : 0.5;
        if (eg->section && e->section[k] < 0) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has afferent_section_id %d", path,
                 i, pop, e->section[k]);
            break;
        }
        if (!(e->x[k] >= 0 && e->x[k] <= 1)) {
            sonata_fail(r, here(r), "'%s': edge %ld of population '%s' has afferent_section_pos %g, "
                 "outside [0, 1]", path, i, pop, e->x[k]);
            break;
        }
    }
done:
    for (int k = 0; k < 16; k++) {
        free(groups[k].weight);
        free(groups[k].delay);
        free(groups[k].section);
        free(groups[k].pos);
        free(groups[k].nsyns);
    }
    free(src);
    free(dst);
    free(type);
    free(gid);
    free(gix);
    H5Gclose(g);
}

static void read_edges(struct rd *r, struct sonata_circuit *c, const struct nodes *nodes,
                       json_object *list)
{
    struct edges e = {0};
    size_t nfiles = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    for (size_t f = 0; f < nfiles && r->ok; f++) {
        json_object *entry = json_object_array_get_idx(list, f);
        const char *path = entry_path(r, entry, "edges_file", "edges");
        const char *types_path = path ? entry_path(r, entry, "edge_types_file", "edges") : NULL;
        struct table types;
        if (!types_path || !sonata_read_table(r, types_path, &types))
            break;
        hid_t file = sonata_open_h5(r, path);
        if (file < 0)
            break;
        hid_t top = sonata_exists(file, "edges") ? H5Gopen2(file, "edges", H5P_DEFAULT) : -1;
        const char **names;
        int n = top >= 0 ? sonata_subgroups(r, top, &names) : 0;
        for (int k = 0; k < n && r->ok; k++)
            read_edge_pop(r, &e, nodes, file, names[k], &types, types_path, path);
        if (top >= 0)
            H5Gclose(top);
        H5Fclose(file);
    }
    /* runs of consecutive edges through one map line */
    for (long i = 0; r->ok && i < e.n; i++)
        c->nruns += i == 0 || e.map[i] != e.map[i - 1];
    c->runs = arena_alloc(r->a, ((size_t)c->nruns + 1) * sizeof *c->runs);
    c->nedges = r->ok ? e.n : 0;
    for (long i = 0, k = -1; r->ok && i < e.n; i++) {
        if (i == 0 || e.map[i] != e.map[i - 1]) {
            long j = i;
            while (j < e.n && e.map[j] == e.map[i])
                j++;
            struct sonata_run *run = &c->runs[++k];
            run->map = r->from->kids[e.map[i]];
            run->n = j - i;
#define TAKE(f)                                                                      \
    do {                                                                             \
        run->f = arena_alloc(r->a, ((size_t)run->n + 1) * sizeof *run->f);           \
        memcpy(run->f, e.f + i, (size_t)run->n * sizeof *run->f);                    \
    } while (0)
            TAKE(pre_pop); TAKE(pre_index); TAKE(post_pop); TAKE(post_index);
            TAKE(weight); TAKE(delay); TAKE(section); TAKE(x); TAKE(nsyns);
#undef TAKE
        }
    }
    free(e.map); free(e.pre_pop); free(e.pre_index); free(e.post_pop); free(e.post_index);
    free(e.section); free(e.nsyns); free(e.weight); free(e.delay); free(e.x);
}

/* ---- the block --------------------------------------------------------------- */

static const char *dir_of(struct arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_printf(a, "%.*s", (int)(slash - path), path) : ".";
}

/* `population NAME of CELL { count = N; ... }` for circ population p,
 * with the map line's properties (an artificial cell's parameters, a box
 * for nodes without positions). */
static struct ast *population_item(struct arena *a, const struct sonata_circuit *c, int p)
{
    const struct sonata_pop *sp = &c->pops[p];
    struct ast *cellname = sp->map->kids[1];
    struct ast *count = ast_new(a, AST_NUM, sp->map->loc);
    count->num = sp->count;
    struct ast *props = ast_make(a, AST_LIST, sp->map->loc, NULL, 1,
                                 ast_make(a, AST_PROP, sp->map->loc, "count", 1, count));
    for (unsigned k = 0; ast_kid(sp->map, 3) && k < sp->map->kids[3]->nkids; k++)
        ast_add(a, props, sp->map->kids[3]->kids[k]);
    struct ast *pop = ast_make(a, AST_POPULATION, sp->map->loc, sp->name, 2,
                               ast_make(a, AST_NAME, cellname->loc, cellname->str, 0), props);
    pop->nloc = sp->map->kids[0]->loc;
    pop->read_index = p;
    return pop;
}

bool read_network_from(struct arena *a, struct diag_sink *d, struct ast *prog, unsigned at,
                       const char *self, sonata_load_fn load, void *ctx)
{
    struct ast *from = prog->kids[at];
    struct rd r = {.a = a, .d = d, .from = from, .load = load, .ctx = ctx, .ok = true,
                   .run = {NAN, NAN, NAN, NAN}};
    for (unsigned k = 0; k < from->nkids; k++) {
        struct ast *m = from->kids[k], *props = ast_kid(m, 3);
        if (m->op == 0 && ast_kid(m, 2))
            sonata_fail(&r, m->kids[2]->loc, "a node type takes no location (only "
                 "`map edge type ... at SECTION(x)` does)");
        if (m->op == 1 && props && props->nkids)
            sonata_fail(&r, props->loc, "an edge type takes no properties: its edges give the "
                 "weights and delays");
        if (m->op == 0 && ast_find_prop(props, "count"))
            sonata_fail(&r, ast_find_prop(props, "count")->loc, "the circuit gives the count: the "
                 "node type's nodes");
    }
    const char *path = from->str[0] == '/' || !strchr(self, '/')
                           ? from->str : arena_printf(a, "%s/%s", dir_of(a, self), from->str);
    r.dir = dir_of(a, path);
    r.model_dir = dir_of(a, self);
    size_t len;
    const char *text = r.ok ? load(ctx, path, &len) : NULL;
    if (r.ok && !text)
        sonata_fail(&r, here(&r), "cannot read circuit config '%s': %s", path, strerror(errno));
    json_object *config = NULL;
    if (text) {
        json_tokener *tok = json_tokener_new();
        config = json_tokener_parse_ex(tok, text, (int)len);
        if (!config || json_tokener_get_error(tok) != json_tokener_success)
            sonata_fail(&r, here(&r), "'%s' is not JSON: %s", path,
                 json_tokener_get_error(tok) == json_tokener_continue
                     ? "it ends too early" : json_tokener_error_desc(json_tokener_get_error(tok)));
        json_tokener_free(tok);
    }
    json_object *networks = NULL, *nodes_list = NULL, *edges_list = NULL;
    if (r.ok && !json_object_object_get_ex(config, "networks", &networks))
        sonata_fail(&r, here(&r), "'%s' has no 'networks' (a SONATA circuit config lists its nodes and "
             "edges files there)", path);
    struct sonata_circuit *c = arena_alloc(a, sizeof *c);
    struct nodes nodes = {0};
    if (r.ok) {
        json_object_object_get_ex(config, "manifest", &r.manifest);
        json_object_object_get_ex(networks, "nodes", &nodes_list);
        json_object_object_get_ex(networks, "edges", &edges_list);
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);     /* errors are reported here, not printed */
        read_nodes(&r, c, &nodes, nodes_list);
    }
    if (r.ok)
        read_edges(&r, c, &nodes, edges_list);
    if (r.ok)
        sonata_read_inputs(&r, c, &nodes);
    for (int k = 0; k < nodes.npops; k++) {
        free(nodes.pops[k].cpop);
        free(nodes.pops[k].cindex);
    }
    json_object_put(config);
    if (!r.ok)
        return false;
    from->read = c;
    sonata_apply_run(&r, prog);
    /* the populations, where the block stands (their gids follow declaration order) */
    for (int p = 0; p < c->npops; p++)
        ast_add(a, prog, NULL);
    memmove(&prog->kids[at + 1 + (unsigned)c->npops], &prog->kids[at + 1],
            (prog->nkids - (unsigned)c->npops - at - 1) * sizeof *prog->kids);
    for (int p = 0; p < c->npops; p++)
        prog->kids[at + 1 + (unsigned)p] = population_item(a, c, p);
    return true;
}
