/* rt_sonata.c - the built network as a SONATA circuit (--sonata):
 * <out>/sonata/nodes.h5, node_types.csv, edges.h5, edge_types.csv and
 * circuit_config.json, with Debian's libhdf5.
 *
 * One node population named after the model holds every cell (node_id =
 * gid; node_type_id = the circ population's index, node_types.csv names
 * the population and, as model_template, the circ cell type), positions
 * x, y, z in group 0.  One edge population "<model>_to_<model>" holds the
 * rules' connections in the order they were made (edge_type_id = the rule's
 * index; syn_weight in the synapse's weight unit, delay in ms,
 * afferent_section_id and afferent_section_pos the synapse's place), with
 * both indices (source_to_target, target_to_source).  Stimuli are not
 * nodes here.  Datatypes and the root attributes (version, magic) follow
 * the SONATA developer guide.
 */
#include <errno.h>
#include <hdf5.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crt_model.h"
#include "rt_alloc.h"
#include "rt_files.h"
#include "rt_sonata.h"

struct h5 {
    hid_t file;
    hid_t dcpl, gcpl;       /* without modification times: the same run, the same bytes */
    bool ok;
};

static void attr_u32s(struct h5 *h, hid_t at, const char *name, const uint32_t *v, hsize_t n)
{
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(at, name, H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT);
    h->ok &= space >= 0 && a >= 0 && H5Awrite(a, H5T_NATIVE_UINT32, v) >= 0;
    H5Aclose(a);
    H5Sclose(space);
}

static void attr_str(struct h5 *h, hid_t at, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(value) + 1);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(at, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    h->ok &= type >= 0 && space >= 0 && a >= 0 && H5Awrite(a, type, value) >= 0;
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
}

/* A 1-D (cols == 0) or n x cols dataset of `file_type` from memory of
 * `mem_type`; returns it open (for attributes) or -1. */
static hid_t dataset(struct h5 *h, hid_t at, const char *name, hid_t file_type, hid_t mem_type,
                     const void *data, hsize_t n, hsize_t cols)
{
    hsize_t dims[2] = {n, cols};
    hid_t space = H5Screate_simple(cols ? 2 : 1, dims, NULL);
    hid_t d = H5Dcreate2(at, name, file_type, space, H5P_DEFAULT, h->dcpl, H5P_DEFAULT);
    bool ok = space >= 0 && d >= 0 && (n == 0 || H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL,
                                                           H5P_DEFAULT, data) >= 0);
    H5Sclose(space);
    h->ok &= ok;
    return d;
}

static void put(struct h5 *h, hid_t at, const char *name, hid_t file_type, hid_t mem_type,
                const void *data, hsize_t n)
{
    H5Dclose(dataset(h, at, name, file_type, mem_type, data, n, 0));
}

static hid_t group(struct h5 *h, hid_t at, const char *name)
{
    hid_t g = H5Gcreate2(at, name, H5P_DEFAULT, h->gcpl, H5P_DEFAULT);
    h->ok &= g >= 0;
    return g;
}

static bool open_h5(struct h5 *h, const char *path)
{
    h->dcpl = H5Pcreate(H5P_DATASET_CREATE);
    h->gcpl = H5Pcreate(H5P_GROUP_CREATE);
    h->ok = h->dcpl >= 0 && h->gcpl >= 0 && H5Pset_obj_track_times(h->dcpl, 0) >= 0 &&
            H5Pset_obj_track_times(h->gcpl, 0) >= 0;
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    h->ok &= fcpl >= 0 && H5Pset_obj_track_times(fcpl, 0) >= 0;   /* the root group's */
    h->file = h->ok ? H5Fcreate(path, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT) : -1;
    H5Pclose(fcpl);
    h->ok = h->ok && h->file >= 0;
    if (h->ok) {
        static const uint32_t version[2] = {0, 1}, magic = 0x0A7A;
        attr_u32s(h, h->file, "version", version, 2);
        attr_u32s(h, h->file, "magic", &magic, 1);
    }
    return h->ok;
}

static bool close_h5(struct h5 *h)
{
    if (h->file >= 0 && H5Fclose(h->file) < 0)
        h->ok = false;
    H5Pclose(h->dcpl);
    H5Pclose(h->gcpl);
    return h->ok;
}

static bool write_nodes(const char *path, const struct crt_model *m, const struct crt_result *r)
{
    struct h5 h;
    if (!open_h5(&h, path))
        return false;
    long n = m->ncells;
    uint64_t *ids = rt_calloc((size_t)n + 1, sizeof *ids);
    int64_t *types = rt_calloc((size_t)n + 1, sizeof *types);
    uint32_t *groups = rt_calloc((size_t)n + 1, sizeof *groups);
    double *xyz[3];
    for (int a = 0; a < 3; a++)
        xyz[a] = rt_calloc((size_t)n + 1, sizeof **xyz);
    for (long i = 0; i < n; i++) {
        ids[i] = (uint64_t)i;
        int p = crt_pop_of(m, (int)i);
        types[i] = p >= 0 ? p : 0;
        for (int a = 0; a < 3; a++)
            xyz[a][i] = r->pos[3 * i + a];
    }
    hid_t nodes = group(&h, h.file, "nodes");
    hid_t pop = group(&h, nodes, m->name);
    put(&h, pop, "node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, ids, (hsize_t)n);
    put(&h, pop, "node_type_id", H5T_STD_I64LE, H5T_NATIVE_INT64, types, (hsize_t)n);
    put(&h, pop, "node_group_id", H5T_STD_U32LE, H5T_NATIVE_UINT32, groups, (hsize_t)n);
    put(&h, pop, "node_group_index", H5T_STD_U64LE, H5T_NATIVE_UINT64, ids, (hsize_t)n);
    hid_t g0 = group(&h, pop, "0");
    static const char *const axis[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; a++)
        put(&h, g0, axis[a], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, xyz[a], (hsize_t)n);
    H5Gclose(g0);
    H5Gclose(pop);
    H5Gclose(nodes);
    free(ids);
    free(types);
    free(groups);
    for (int a = 0; a < 3; a++)
        free(xyz[a]);
    return close_h5(&h);
}

/* node_id_to_ranges and range_to_edge_id for edges grouped by key[e]
 * (source or target node): one range per run of equal keys in `order`
 * (edge ids sorted by key, stable). */
static void write_index(struct h5 *h, hid_t at, const char *name, const int *key, long nedges,
                        long nnodes)
{
    long *order = rt_calloc((size_t)nedges + 1, sizeof *order);
    long *count = rt_calloc((size_t)nnodes + 1, sizeof *count);
    for (long e = 0; e < nedges; e++)
        count[key[e] + 1]++;
    for (long k = 0; k < nnodes; k++)
        count[k + 1] += count[k];
    long *at_ = rt_calloc((size_t)nnodes + 1, sizeof *at_);
    memcpy(at_, count, (size_t)nnodes * sizeof *at_);
    for (long e = 0; e < nedges; e++)
        order[at_[key[e]]++] = e;
    /* ranges: runs of consecutive edge ids within one node's sorted list */
    int64_t *ranges = rt_calloc(2 * (size_t)nedges + 2, sizeof *ranges);
    int64_t *node_ranges = rt_calloc(2 * (size_t)nnodes + 2, sizeof *node_ranges);
    long nr = 0;
    for (long k = 0; k < nnodes; k++) {
        long first = nr;
        for (long i = count[k]; i < count[k + 1]; i++) {
            if (nr > first && ranges[2 * nr - 1] == order[i]) {
                ranges[2 * nr - 1]++;
                continue;
            }
            ranges[2 * nr] = order[i];
            ranges[2 * nr + 1] = order[i] + 1;
            nr++;
        }
        node_ranges[2 * k] = nr > first ? first : -1;
        node_ranges[2 * k + 1] = nr > first ? nr : -1;
    }
    hid_t g = group(h, at, name);
    H5Dclose(dataset(h, g, "node_id_to_ranges", H5T_STD_I64LE, H5T_NATIVE_INT64, node_ranges,
                     (hsize_t)nnodes, 2));
    H5Dclose(dataset(h, g, "range_to_edge_id", H5T_STD_I64LE, H5T_NATIVE_INT64, ranges,
                     (hsize_t)nr, 2));
    H5Gclose(g);
    free(order);
    free(count);
    free(at_);
    free(ranges);
    free(node_ranges);
}

static bool write_edges(const char *path, const struct crt_model *m, const struct crt_result *r)
{
    struct h5 h;
    if (!open_h5(&h, path))
        return false;
    long n = r->nrule_connections;
    uint64_t *src = rt_calloc((size_t)n + 1, sizeof *src), *dst = rt_calloc((size_t)n + 1, sizeof *dst);
    uint64_t *index = rt_calloc((size_t)n + 1, sizeof *index);
    int64_t *type = rt_calloc((size_t)n + 1, sizeof *type);
    uint32_t *grp = rt_calloc((size_t)n + 1, sizeof *grp);
    int32_t *sec = rt_calloc((size_t)n + 1, sizeof *sec);
    double *pos = rt_calloc((size_t)n + 1, sizeof *pos);
    int *cell_type = rt_calloc((size_t)m->ncells + 1, sizeof *cell_type);
    for (int p = 0; p < m->npops; p++)
        for (int k = 0; k < m->pops[p].count; k++)
            cell_type[m->pops[p].first_gid + k] = m->pops[p].type;
    /* an explicit list (a circuit read) has its sites per pair: the k-th
     * connection of such a rule is its pair k, when each pair made one */
    long *made = rt_calloc((size_t)m->nrules + 1, sizeof *made);
    for (long e = 0; e < n; e++)
        made[r->conn_rule[e]]++;
    for (int k = 0; k < m->nrules; k++)
        made[k] = m->rules[k].pair_section && made[k] == m->rules[k].npairs ? 0 : -1;
    for (long e = 0; e < n; e++) {
        const struct crt_rule *rule = &m->rules[r->conn_rule[e]];
        long *pair = &made[r->conn_rule[e]];
        src[e] = (uint64_t)r->conn_pre[e];
        dst[e] = (uint64_t)r->conn_post[e];
        index[e] = (uint64_t)e;
        type[e] = r->conn_rule[e];
        int post_type = cell_type[r->conn_post[e]];     /* -1: an artificial cell, no section */
        sec[e] = post_type < 0 ? -1 : rule->afferent_section ? rule->afferent_section[post_type] : 0;
        pos[e] = rule->afferent_x;
        if (*pair >= 0) {
            sec[e] = rule->pair_section[*pair];
            pos[e] = rule->pair_x[*pair];
            ++*pair;
        }
    }
    free(made);
    char name[512];
    snprintf(name, sizeof name, "%s_to_%s", m->name, m->name);
    hid_t edges = group(&h, h.file, "edges");
    hid_t pop = group(&h, edges, name);
    hid_t d = dataset(&h, pop, "source_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, src, (hsize_t)n, 0);
    attr_str(&h, d, "node_population", m->name);
    H5Dclose(d);
    d = dataset(&h, pop, "target_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, dst, (hsize_t)n, 0);
    attr_str(&h, d, "node_population", m->name);
    H5Dclose(d);
    put(&h, pop, "edge_type_id", H5T_STD_I64LE, H5T_NATIVE_INT64, type, (hsize_t)n);
    put(&h, pop, "edge_group_id", H5T_STD_U32LE, H5T_NATIVE_UINT32, grp, (hsize_t)n);
    put(&h, pop, "edge_group_index", H5T_STD_U64LE, H5T_NATIVE_UINT64, index, (hsize_t)n);
    hid_t g0 = group(&h, pop, "0");
    put(&h, g0, "syn_weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, r->conn_weight, (hsize_t)n);
    put(&h, g0, "delay", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, r->conn_delay, (hsize_t)n);
    put(&h, g0, "afferent_section_id", H5T_STD_I32LE, H5T_NATIVE_INT32, sec, (hsize_t)n);
    put(&h, g0, "afferent_section_pos", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, pos, (hsize_t)n);
    H5Gclose(g0);
    hid_t idx = group(&h, pop, "indices");
    write_index(&h, idx, "source_to_target", r->conn_pre, n, m->ncells);
    write_index(&h, idx, "target_to_source", r->conn_post, n, m->ncells);
    H5Gclose(idx);
    H5Gclose(pop);
    H5Gclose(edges);
    free(src);
    free(dst);
    free(index);
    free(type);
    free(grp);
    free(sec);
    free(pos);
    free(cell_type);
    return close_h5(&h);
}

/* An extendible 1-D dataset, chunked (and no bigger than it is: a block
 * at a time is appended); -1 on failure. */
static hid_t extendible(struct h5 *h, hid_t at, const char *name, hid_t file_type, hsize_t chunk)
{
    hsize_t zero = 0, most = H5S_UNLIMITED;
    hid_t space = H5Screate_simple(1, &zero, &most);
    hid_t dcpl = H5Pcopy(h->dcpl);
    bool ok = space >= 0 && dcpl >= 0 && H5Pset_chunk(dcpl, 1, &chunk) >= 0;
    hid_t d = ok ? H5Dcreate2(at, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT) : -1;
    H5Pclose(dcpl);
    H5Sclose(space);
    h->ok &= d >= 0;
    return d;
}

/* Appends n values of mem_type to the extendible dataset d (at its end, `at`). */
static void append(struct h5 *h, hid_t d, hid_t mem_type, const void *data, hsize_t at, hsize_t n)
{
    if (n == 0 || !h->ok)
        return;
    hsize_t size = at + n;
    hid_t file = H5Dset_extent(d, &size) >= 0 ? H5Dget_space(d) : -1;
    hid_t mem = H5Screate_simple(1, &n, NULL);
    h->ok &= file >= 0 && mem >= 0 &&
             H5Sselect_hyperslab(file, H5S_SELECT_SET, &at, NULL, &n, NULL) >= 0 &&
             H5Dwrite(d, mem_type, mem, file, H5P_DEFAULT, data) >= 0;
    H5Sclose(mem);
    H5Sclose(file);
}

/* The population's group with its `sorting` attribute (by_time). */
static hid_t spike_group(struct h5 *h, hid_t *spikes, const char *population)
{
    *spikes = group(h, h->file, "spikes");
    hid_t pop = group(h, *spikes, population);
    /* sorting: SONATA's enum none / by_id / by_time; spikes.csv's order is by time */
    hid_t sorting = H5Tenum_create(H5T_NATIVE_UINT8);
    uint8_t v = 0;
    H5Tenum_insert(sorting, "none", &v);
    v = 1;
    H5Tenum_insert(sorting, "by_id", &v);
    v = 2;
    H5Tenum_insert(sorting, "by_time", &v);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(pop, "sorting", sorting, space, H5P_DEFAULT, H5P_DEFAULT);
    h->ok &= sorting >= 0 && a >= 0 && H5Awrite(a, sorting, &v) >= 0;
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(sorting);
    return pop;
}

/* Debian's libhdf5 is not thread-safe: experiments side by side append
 * their spikes.h5 at once, so every HDF5 call here holds this lock. */
static pthread_mutex_t hdf5_lock = PTHREAD_MUTEX_INITIALIZER;

enum { SPIKE_CHUNK = 4096, SPIKE_BLOCK = 65536 };   /* values a chunk; buffered before an append */

struct rt_sonata_spikes {
    struct h5 h;
    hid_t spikes, pop, ts, ids;
    char tmp[4200], path[4200];
    double t[SPIKE_BLOCK];
    uint64_t id[SPIKE_BLOCK];
    long n;                         /* buffered */
    hsize_t at;                     /* appended */
};

struct rt_sonata_spikes *rt_sonata_spikes_open(const char *path, const char *population,
                                               char *err, size_t errsize)
{
    struct rt_sonata_spikes *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsize, "out of memory writing '%s'", path);
        return NULL;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->tmp, sizeof s->tmp, "%s.tmp", path);
    pthread_mutex_lock(&hdf5_lock);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (open_h5(&s->h, s->tmp)) {
        s->pop = spike_group(&s->h, &s->spikes, population);
        s->ts = extendible(&s->h, s->pop, "timestamps", H5T_IEEE_F64LE, SPIKE_CHUNK);
        attr_str(&s->h, s->ts, "units", "ms");
        s->ids = extendible(&s->h, s->pop, "node_ids", H5T_STD_U64LE, SPIKE_CHUNK);
    }
    bool ok = s->h.ok;
    pthread_mutex_unlock(&hdf5_lock);
    if (!ok) {
        snprintf(err, errsize, "cannot write '%s' (HDF5)", s->tmp);
        char ignored[8];
        rt_sonata_spikes_close(s, false, ignored, sizeof ignored);
        return NULL;
    }
    return s;
}

static void append_block(struct rt_sonata_spikes *s)
{
    append(&s->h, s->ts, H5T_NATIVE_DOUBLE, s->t, s->at, (hsize_t)s->n);
    append(&s->h, s->ids, H5T_NATIVE_UINT64, s->id, s->at, (hsize_t)s->n);
    s->at += (hsize_t)s->n;
    s->n = 0;
}

bool rt_sonata_spikes_append(struct rt_sonata_spikes *s, const double *t, const int *gid,
                             long n, const char *listed, char *err, size_t errsize)
{
    for (long i = 0; i < n && s->h.ok; i++) {
        if (listed && !listed[gid[i]])
            continue;
        s->t[s->n] = t[i];
        s->id[s->n++] = (uint64_t)gid[i];
        if (s->n == SPIKE_BLOCK) {  /* full blocks only: the same calls however it is flushed */
            pthread_mutex_lock(&hdf5_lock);
            append_block(s);
            pthread_mutex_unlock(&hdf5_lock);
        }
    }
    if (!s->h.ok)
        snprintf(err, errsize, "cannot write '%s' (HDF5)", s->tmp);
    return s->h.ok;
}

bool rt_sonata_spikes_close(struct rt_sonata_spikes *s, bool keep, char *err, size_t errsize)
{
    pthread_mutex_lock(&hdf5_lock);
    if (keep && s->h.ok)
        append_block(s);
    if (s->ts > 0)
        H5Dclose(s->ts);
    if (s->ids > 0)
        H5Dclose(s->ids);
    if (s->pop > 0)
        H5Gclose(s->pop);
    if (s->spikes > 0)
        H5Gclose(s->spikes);
    bool ok = close_h5(&s->h) && keep;
    pthread_mutex_unlock(&hdf5_lock);
    if (keep && !ok)
        snprintf(err, errsize, "cannot write '%s' (HDF5)", s->tmp);
    if (ok)
        ok = rt_rename_tmp(s->tmp, s->path, err, errsize);
    else
        remove(s->tmp);
    free(s);
    return ok || !keep;
}

/* The same file from a finished result (a run that did not stream it). */
bool crt_write_sonata_spikes(const char *path, const struct crt_model *m,
                             const struct crt_result *r, char *err, size_t errsize)
{
    struct rt_sonata_spikes *s = rt_sonata_spikes_open(path, m->name, err, errsize);
    if (!s)
        return false;
    bool ok = rt_sonata_spikes_append(s, r->spike_t, r->spike_gid, r->nspikes, r->spike_listed,
                                      err, errsize);
    return rt_sonata_spikes_close(s, ok, err, errsize) && ok;
}

static bool write_text(const char *path, const char *text, char *err, size_t errsize)
{
    char tmp[4200];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs(text, f);
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

static bool write_sonata(const char *outdir, const struct crt_model *m,
                         const struct crt_result *r, char *err, size_t errsize);

bool crt_write_sonata(const char *outdir, const struct crt_model *m, const struct crt_result *r,
                      char *err, size_t errsize)
{
    pthread_mutex_lock(&hdf5_lock);
    bool ok = write_sonata(outdir, m, r, err, errsize);
    pthread_mutex_unlock(&hdf5_lock);
    return ok;
}

static bool write_sonata(const char *outdir, const struct crt_model *m,
                         const struct crt_result *r, char *err, size_t errsize)
{
    char dir[4200], path[4400];
    snprintf(dir, sizeof dir, "%s/sonata", outdir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errsize, "cannot create '%s': %s", dir, strerror(errno));
        return false;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);     /* errors are reported here, not printed */
    snprintf(path, sizeof path, "%s/nodes.h5", dir);
    bool ok = write_nodes(path, m, r);
    if (ok) {
        snprintf(path, sizeof path, "%s/edges.h5", dir);
        ok = write_edges(path, m, r);
    }
    if (!ok) {
        snprintf(err, errsize, "cannot write '%s' (HDF5)", path);
        return false;
    }
    /* the types: one node type per circ population, one edge type per rule */
    size_t cap = 4096 + 256 * (size_t)(m->npops + m->nrules), len = 0;
    char *text = rt_calloc(cap, 1);
    len += (size_t)snprintf(text + len, cap - len, "node_type_id population model_type "
                            "model_template pop_name\n");
    for (int p = 0; p < m->npops; p++)     /* artificial cells: SONATA's point neurons */
        len += (size_t)snprintf(text + len, cap - len, "%d %s %s circ:%s %s\n", p, m->name,
                                m->pops[p].art >= 0 ? "point_neuron" : "biophysical",
                                m->pops[p].art >= 0 ? m->mechs[m->pops[p].art].name
                                                    : m->types[m->pops[p].type].name,
                                m->pops[p].name);
    snprintf(path, sizeof path, "%s/node_types.csv", dir);
    ok = write_text(path, text, err, errsize);
    len = 0;
    len += (size_t)snprintf(text + len, cap - len, "edge_type_id population model_template\n");
    for (int k = 0; k < m->nrules; k++)
        len += (size_t)snprintf(text + len, cap - len, "%d %s_to_%s %s\n", k, m->name, m->name,
                                m->rules[k].syn.mech >= 0 ? m->mechs[m->rules[k].syn.mech].name
                                                          : "none");   /* straight to the cell */
    snprintf(path, sizeof path, "%s/edge_types.csv", dir);
    ok = ok && write_text(path, text, err, errsize);
    snprintf(text, cap,
             "{\n"
             "  \"manifest\": {\"$BASE_DIR\": \".\"},\n"
             "  \"target_simulator\": \"circ\",\n"
             "  \"networks\": {\n"
             "    \"nodes\": [{\"nodes_file\": \"$BASE_DIR/nodes.h5\", "
             "\"node_types_file\": \"$BASE_DIR/node_types.csv\"}],\n"
             "    \"edges\": [{\"edges_file\": \"$BASE_DIR/edges.h5\", "
             "\"edge_types_file\": \"$BASE_DIR/edge_types.csv\"}]\n"
             "  }\n"
             "}\n");
    snprintf(path, sizeof path, "%s/circuit_config.json", dir);
    ok = ok && write_text(path, text, err, errsize);
    free(text);
    return ok;
}
