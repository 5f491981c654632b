/* sonata_inputs.c - the spike inputs of a `network from` block
 * (sonata_int.h): `spikes from "file"` (a SONATA spike file, .h5, or
 * BMTK's CSV) and `inputs from "simulation_config.json"` (its `inputs` of
 * input_type "spikes").  Each spike (population, node id, time) becomes a
 * time of the spike train of that node's circ cell, which must be mapped
 * to VecStim (stdlib/VecStim.circ, NEURON's VecStim fed the node's times,
 * as BMTK's virtual cells are).  Each cell's times are sorted, as BMTK
 * sorts a node's spikes before VecStim.play (NEURON would stop at an
 * unsorted vector); times past the run's end are kept (never reached).
 */
#include "sonata_int.h"

#include <errno.h>
#include <json-c/json_object_iterator.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct spikes {             /* every spike read, in file order */
    long n, cap;
    int *pop, *cell;
    double *t;
};

static void add_spike(struct spikes *s, int pop, int cell, double t)
{
    if (s->n == s->cap) {
        s->cap = 2 * s->cap + 1024;
        s->pop = realloc(s->pop, (size_t)s->cap * sizeof *s->pop);
        s->cell = realloc(s->cell, (size_t)s->cap * sizeof *s->cell);
        s->t = realloc(s->t, (size_t)s->cap * sizeof *s->t);
        if (!s->pop || !s->cell || !s->t)
            out_of_memory((size_t)s->cap * sizeof *s->t);
    }
    s->pop[s->n] = pop;
    s->cell[s->n] = cell;
    s->t[s->n++] = t;
}

/* One spike of node `id` of node population `pop` at t (ms), from `path`:
 * false (reported) if the node is not there, not a VecStim, or t is no time. */
static bool spike(struct rd *r, struct spikes *s, const struct nodes *nodes,
                  const struct sonata_circuit *c, const char *path, const char *pop, int64_t id,
                  double t)
{
    const struct node_pop *np = NULL;
    for (int k = 0; k < nodes->npops && !np; k++)
        if (strcmp(nodes->pops[k].name, pop) == 0)
            np = &nodes->pops[k];
    if (!np) {
        sonata_fail(r, *r->at, "'%s' has spikes of node population '%s', which the circuit "
                    "does not have", path, pop);
        return false;
    }
    if (id < 0 || id >= np->n) {
        sonata_fail(r, *r->at, "'%s' has a spike of node %lld, and node population '%s' has %ld "
                    "nodes", path, (long long)id, pop, np->n);
        return false;
    }
    if (!(t >= 0 && t < INFINITY)) {
        sonata_fail(r, *r->at, "'%s' has a spike of node %lld of '%s' at %g ms: spike times "
                    "must be finite and not negative", path, (long long)id, pop, t);
        return false;
    }
    const struct sonata_pop *sp = &c->pops[np->cpop[id]];
    const char *cell = sp->map->kids[1]->str;
    if (strcmp(cell, "VecStim") != 0) {
        sonata_fail(r, *r->at, "'%s' has spikes of node %lld of '%s', which is mapped to %s: "
                    "nodes driven by spikes are mapped to VecStim", path, (long long)id, pop,
                    cell);
        return false;
    }
    add_spike(s, np->cpop[id], np->cindex[id], t);
    return true;
}

/* BMTK's CSV: columns timestamps, population (optional with one node
 * population) and node_ids, separated by spaces. */
static void read_csv(struct rd *r, struct spikes *s, const struct nodes *nodes,
                     const struct sonata_circuit *c, const char *path)
{
    struct table t;
    if (!sonata_read_table(r, path, &t))
        return;
    int ct = sonata_column(&t, "timestamps"), cp = sonata_column(&t, "population");
    int ci = sonata_column(&t, "node_ids");
    if (ci < 0)
        ci = sonata_column(&t, "gids");     /* BMTK before SONATA's spike files */
    if (ct < 0 || ci < 0 || (cp < 0 && nodes->npops != 1)) {
        sonata_fail(r, *r->at, "'%s' is not a spike file: its header needs timestamps, "
                    "node_ids%s", path, cp < 0 && nodes->npops != 1 ? " and population" : "");
        return;
    }
    for (int i = 0; i < t.nrows && r->ok; i++) {
        char *e1, *e2;
        double time = strtod(t.cells[i][ct], &e1);
        long long id = strtoll(t.cells[i][ci], &e2, 10);
        if (*e1 || *e2 || e1 == t.cells[i][ct] || e2 == t.cells[i][ci]) {
            sonata_fail(r, *r->at, "'%s': row %d is not a time and a node id ('%s', '%s')", path,
                        i + 1, t.cells[i][ct], t.cells[i][ci]);
            return;
        }
        spike(r, s, nodes, c, path, cp >= 0 ? t.cells[i][cp] : nodes->pops[0].name, id, time);
    }
}

/* A SONATA spike file: /spikes/<population>/timestamps (ms, or s as its
 * `units` say) and node_ids. */
static void read_h5(struct rd *r, struct spikes *s, const struct nodes *nodes,
                    const struct sonata_circuit *c, const char *path)
{
    hid_t f = sonata_open_h5(r, path);
    if (f < 0)
        return;
    hid_t top = sonata_exists(f, "spikes") ? H5Gopen2(f, "spikes", H5P_DEFAULT) : -1;
    const char **names = NULL;
    int npops = top >= 0 ? sonata_subgroups(r, top, &names) : 0;
    if (npops == 0)
        sonata_fail(r, *r->at, "'%s' has no spike population (a group /spikes/<population> with "
                    "timestamps and node_ids)", path);
    for (int k = 0; k < npops && r->ok; k++) {
        hid_t g = H5Gopen2(top, names[k], H5P_DEFAULT);
        long nt = 0, ni = 0;
        double *t = sonata_vector(r, g, "timestamps", false, &nt, path);
        int64_t *id = sonata_vector(r, g, "node_ids", true, &ni, path);
        double scale = 1;
        if (r->ok && (!t || !id || nt != ni))
            sonata_fail(r, *r->at, "'%s': spike population '%s' needs datasets timestamps and "
                        "node_ids of one length", path, names[k]);
        if (r->ok) {
            hid_t d = H5Dopen2(g, "timestamps", H5P_DEFAULT);
            const char *units = sonata_attr_string(r, d, "units");
            H5Dclose(d);
            if (units && strcmp(units, "s") == 0)
                scale = 1000;
            else if (units && strcmp(units, "ms") != 0)
                sonata_fail(r, *r->at, "'%s': the timestamps of '%s' are in '%s' (circ reads "
                            "ms and s)", path, names[k], units);
        }
        for (long i = 0; i < nt && r->ok; i++)
            spike(r, s, nodes, c, path, names[k], id[i], t[i] * scale);
        free(t);
        free(id);
        H5Gclose(g);
    }
    if (top >= 0)
        H5Gclose(top);
    H5Fclose(f);
}

/* A spike file by its module ("h5", "sonata", "hdf5", "csv"), else by its
 * name's ending. */
static void read_spike_file(struct rd *r, struct spikes *s, const struct nodes *nodes,
                            const struct sonata_circuit *c, const char *path, const char *module)
{
    size_t n = strlen(path);
    bool csv = module ? strcmp(module, "csv") == 0
                      : n >= 4 && (strcmp(path + n - 4, ".csv") == 0 ||
                                   strcmp(path + n - 4, ".txt") == 0);
    if (module && !csv && strcmp(module, "h5") != 0 && strcmp(module, "sonata") != 0 &&
        strcmp(module, "hdf5") != 0) {
        sonata_fail(r, *r->at, "spike input module '%s' is not one circ reads (h5, sonata, csv)",
                    module);
        return;
    }
    if (csv)
        read_csv(r, s, nodes, c, path);
    else
        read_h5(r, s, nodes, c, path);
}

static const char *string_of(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v) : NULL;
}

/* Whether a config's entry says something: not null, nor an empty
 * string, object or array (BMTK writes `"reports": {}`). */
static bool says_something(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:   return false;
    case json_type_string: return json_object_get_string_len(v) > 0;
    case json_type_object: return json_object_object_length(v) > 0;
    case json_type_array:  return json_object_array_length(v) > 0;
    default:               return true;
    }
}

/* One warning naming every entry of a simulation config that circ does not
 * read but that would change or keep a run elsewhere: a report, a node
 * set, a spike threshold (circ's are the cell types'), an output setting.
 * Entries of no consequence to a run's results (a manifest, the circuit it
 * names, the simulator, metadata, component folders the map lines replace)
 * pass in silence. */
static void warn_unread(struct rd *r, json_object *config, const char *path)
{
    static const char *const quiet[] = {"manifest", "run", "conditions", "inputs", "network",
                                        "target_simulator", "metadata", "components",
                                        "mechanisms_dir", "beta_features"};
    static const char *const read_in[2][3] = {{"run", "tstop", "dt"},
                                              {"conditions", "celsius", "v_init"}};
    char list[512] = "";
    size_t used = 0;
    int n = 0;
    json_object_object_foreach(config, key, val) {
        bool skip = !says_something(val);
        for (size_t q = 0; !skip && q < sizeof quiet / sizeof *quiet; q++)
            skip = strcmp(key, quiet[q]) == 0;
        if (!skip && used < sizeof list - 1) {
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n ? ", " : "", key);
            n++;
        }
    }
    for (int b = 0; b < 2; b++) {
        json_object *block = NULL;
        if (!json_object_object_get_ex(config, read_in[b][0], &block) ||
            !json_object_is_type(block, json_type_object))
            continue;
        json_object_object_foreach(block, setting, value) {
            if (!says_something(value) || strcmp(setting, read_in[b][1]) == 0 ||
                strcmp(setting, read_in[b][2]) == 0 || strcmp(setting, "nsteps_block") == 0 ||
                used >= sizeof list - 1)    /* (a report's buffer size) */
                continue;
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s.%s", n ? ", " : "",
                                     read_in[b][0], setting);
            n++;
        }
    }
    if (n)
        diag_warning(r->d, *r->at, "'%s': %s %s not read (circ records what its `record` lines "
                     "say, writes into -o, simulates every node and takes spike thresholds from "
                     "the cell types)", path, list, n == 1 ? "is" : "are");
}

/* A simulation config's `inputs`: those of input_type "spikes", in the
 * file's order; any other input is an error (circ's stimuli express them). */
static void read_sim_config(struct rd *r, struct spikes *s, const struct nodes *nodes,
                            const struct sonata_circuit *c, const char *path)
{
    size_t len;
    const char *text = r->load(r->ctx, path, &len);
    if (!text) {
        sonata_fail(r, *r->at, "cannot read simulation config '%s': %s", path, strerror(errno));
        return;
    }
    json_tokener *tok = json_tokener_new();
    json_object *config = json_tokener_parse_ex(tok, text, (int)len);
    bool json = config && json_tokener_get_error(tok) == json_tokener_success;
    json_tokener_free(tok);
    json_object *inputs = NULL;
    if (!json)
        sonata_fail(r, *r->at, "'%s' is not JSON", path);
    else if (!json_object_object_get_ex(config, "inputs", &inputs) ||
             !json_object_is_type(inputs, json_type_object))
        sonata_fail(r, *r->at, "'%s' has no 'inputs' (a SONATA simulation config lists its "
                    "spike inputs there)", path);
    if (json && r->ok)
        warn_unread(r, config, path);
    /* run settings: the first simulation config's that gives each */
    static const char *const keys[4][2] = {{"run", "tstop"}, {"run", "dt"},
                                           {"conditions", "celsius"}, {"conditions", "v_init"}};
    for (int k = 0; r->ok && k < 4; k++) {
        json_object *block = NULL, *v = NULL;
        if (!isnan(r->run[k]) || !json_object_object_get_ex(config, keys[k][0], &block) ||
            !json_object_object_get_ex(block, keys[k][1], &v))
            continue;
        if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
            sonata_fail(r, *r->at, "'%s': %s.%s is not a number", path, keys[k][0], keys[k][1]);
        r->run[k] = json_object_get_double(v);
        r->run_at = *r->at;
    }
    /* its paths: its own manifest, relative to its directory */
    json_object *manifest = r->manifest;
    const char *dir = r->dir;
    if (r->ok) {
        json_object_object_get_ex(config, "manifest", &r->manifest);
        const char *slash = strrchr(path, '/');
        r->dir = slash ? arena_printf(r->a, "%.*s", (int)(slash - path), path) : ".";
    }
    struct json_object_iterator it = json_object_iter_init_default(), end = it;
    if (r->ok) {
        it = json_object_iter_begin(inputs);
        end = json_object_iter_end(inputs);
    }
    for (; r->ok && !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
        const char *name = json_object_iter_peek_name(&it);
        json_object *input = json_object_iter_peek_value(&it);
        const char *type = string_of(input, "input_type"), *file = string_of(input, "input_file");
        if (!type || strcmp(type, "spikes") != 0) {
            sonata_fail(r, *r->at, "'%s': input '%s' has input_type '%s'; circ reads spike "
                        "inputs (write others as stimuli)", path, name, type ? type : "");
            break;
        }
        if (!file) {
            sonata_fail(r, *r->at, "'%s': input '%s' has no input_file", path, name);
            break;
        }
        const char *spikes = sonata_expand(r, file, 0);
        if (!spikes)
            break;
        read_spike_file(r, s, nodes, c, spikes, string_of(input, "module"));
    }
    r->manifest = manifest;
    r->dir = dir;
    json_object_put(config);
}

void sonata_apply_run(struct rd *r, struct ast *prog)
{
    static const char *const names[4] = {"duration", "dt", "temperature", "v_init"};
    static const char *const units[4] = {"ms", "ms", "degC", "mV"};
    struct ast *sim = NULL;
    for (unsigned k = 0; k < prog->nkids && !sim; k++)
        if (prog->kids[k] && prog->kids[k]->kind == AST_SIMULATION)
            sim = prog->kids[k];
    for (int k = 0; k < 4; k++) {
        if (isnan(r->run[k]) || (sim && ast_find_prop(sim, names[k])))
            continue;
        struct loc at = r->run_at;
        if (!sim)
            ast_add(r->a, prog, sim = ast_new(r->a, AST_SIMULATION, at));
        struct ast *value = ast_new(r->a, AST_NUM, at);
        value->str = arena_intern(r->a, units[k], strlen(units[k]));
        value->num = r->run[k];
        ast_add(r->a, sim, ast_make(r->a, AST_PROP, at,
                                    arena_intern(r->a, names[k], strlen(names[k])), 1, value));
    }
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void sonata_read_inputs(struct rd *r, struct sonata_circuit *c, const struct nodes *nodes)
{
    struct spikes s = {0};
    bool any = false;
    for (unsigned k = 0; k < r->from->nkids && r->ok; k++) {
        const struct ast *item = r->from->kids[k];
        if (item->op != 2 && item->op != 3)
            continue;
        any = true;
        const char *p = item->kids[0]->str;
        const char *path = p[0] == '/' ? p : arena_printf(r->a, "%s/%s", r->model_dir, p);
        r->at = &item->kids[0]->loc;
        if (item->op == 2)
            read_sim_config(r, &s, nodes, c, path);
        else
            read_spike_file(r, &s, nodes, c, path, NULL);
        r->at = NULL;
    }
    if (s.n > INT_MAX - 1) {
        sonata_fail(r, r->from->nloc, "more than %d input spikes", INT_MAX - 1);
        any = false;
    }
    /* every VecStim population gets a train (maybe empty): count, place, sort */
    for (int p = 0; any && r->ok && p < c->npops; p++) {
        struct sonata_pop *sp = &c->pops[p];
        if (strcmp(sp->map->kids[1]->str, "VecStim") != 0)
            continue;
        sp->train_start = arena_alloc(r->a, ((size_t)sp->count + 2) * sizeof *sp->train_start);
        for (long i = 0; i < s.n; i++)
            if (s.pop[i] == p)
                sp->train_start[s.cell[i] + 1]++;
        for (int i = 0; i < sp->count; i++)
            sp->train_start[i + 1] += sp->train_start[i];
        int *at = xcalloc((size_t)sp->count + 1, sizeof *at);
        memcpy(at, sp->train_start, (size_t)sp->count * sizeof *at);
        sp->train_t = arena_alloc(r->a, ((size_t)sp->train_start[sp->count] + 1) * sizeof(double));
        for (long i = 0; i < s.n; i++)
            if (s.pop[i] == p)
                sp->train_t[at[s.cell[i]]++] = s.t[i];
        for (int i = 0; i < sp->count; i++)
            qsort(sp->train_t + sp->train_start[i],
                  (size_t)(sp->train_start[i + 1] - sp->train_start[i]), sizeof(double), by_time);
        free(at);
    }
    free(s.pop);
    free(s.cell);
    free(s.t);
}
