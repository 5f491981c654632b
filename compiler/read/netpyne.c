/* netpyne.c - `circ import netpyne`: NetPyNE's netParams (and simConfig)
 * JSON as a .circ model.
 *
 * The JSON is what netParams.save() and simConfig.save() write (or the same
 * dictionaries dumped directly).  Entries are taken in the file's order,
 * which is the order NetPyNE itself uses when it loads the file (save()
 * sorts the keys: populations, hence gids, follow that order, as do the
 * rules and stimuli, hence the order synapses are made in).  What NetPyNE
 * leaves to defaults is written out explicitly with NetPyNE's value
 * (NetStim start 0 and number 1e9, sec soma and loc 0.5, defaultWeight,
 * defaultDelay, defaultThreshold, the first synMech).  Every entry circ
 * cannot express becomes a `# not converted:` comment where it would have
 * gone and a warning; nothing is dropped in silence.  The model reproduces
 * NetPyNE's random draws with `circ run --exact --rng netpyne`.
 */
#include "read.h"

#include "ast.h"

#include <ctype.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct np {
    FILE *out, *err;
    const char *file;
    int warnings;
    struct json_object *net, *cfg;  /* netParams; simConfig or NULL */
    struct read_number names[64];   /* netParams' numbers, for string functions */
    int nnames;
    const struct read_mods *mods;   /* --mod folders' mechanisms, or NULL */
};

static void warn(struct np *n, const char *path, const char *fmt, ...)
{
    va_list ap;
    fprintf(n->err, "circ import: %s: %s: ", n->file, path);
    va_start(ap, fmt);
    vfprintf(n->err, fmt, ap);
    va_end(ap);
    fputc('\n', n->err);
    n->warnings++;
}

/* A `# not converted:` line in the model and a warning. */
static void skip(struct np *n, const char *indent, const char *path, const char *why)
{
    fprintf(n->out, "%s# not converted: %s: %s\n", indent, path, why);
    warn(n, path, "not converted: %s", why);
}

static struct json_object *get(struct json_object *o, const char *key)
{
    struct json_object *v = NULL;
    return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v)
               ? v : NULL;
}

/* o if it is an object, else an empty one: json_object_object_foreach
 * needs an object. */
static struct json_object *empty_object;
static struct json_object *obj(struct json_object *o)
{
    if (o && json_object_is_type(o, json_type_object))
        return o;
    if (!empty_object)
        empty_object = json_object_new_object();
    return empty_object;
}

static bool is_num(struct json_object *v)
{
    return v && (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int));
}

static double num(struct json_object *o, const char *key, double dflt)
{
    struct json_object *v = get(o, key);
    return is_num(v) ? json_object_get_double(v) : dflt;
}

static const char *str(struct json_object *o, const char *key)
{
    struct json_object *v = get(o, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* The shortest decimal that reads back as x. */
static const char *fmt(double x, char *buf, size_t size)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

/* value with unit, as circ writes it ("0.12 S/cm2", "40 Hz", "0.8") */
static void put_value(struct np *n, double x, const char *unit)
{
    char b[40];
    fprintf(n->out, "%s%s%s", fmt(x, b, sizeof b), *unit ? " " : "", unit);
}

/* A label as a circ name: letters, digits and _ ("bkg->all" -> bkg_all). */
static const char *ident(const char *label, char *buf, size_t size)
{
    size_t k = 0;
    if (!isalpha((unsigned char)label[0]) && label[0] != '_')
        buf[k++] = 'n';
    for (const char *p = label; *p && k + 2 < size; p++) {
        char c = isalnum((unsigned char)*p) ? *p : '_';
        if (c == '_' && k > 0 && buf[k - 1] == '_')
            continue;
        buf[k++] = c;
    }
    while (k > 1 && buf[k - 1] == '_')
        k--;
    buf[k] = '\0';
    static const char *const keywords[] = {
        "all", "and", "artificial", "assigned", "at", "attach", "cell", "connect", "constant",
        "current", "density", "depend", "derivative", "else", "every", "expect", "experiment",
        "false", "figure", "from", "function", "group", "if", "import", "in", "initial", "insert",
        "let", "measure", "network", "not", "of", "or", "parameter", "point", "population",
        "procedure", "receive", "record", "remove", "return", "section", "sectionlist", "set",
        "setter", "shared", "simulation", "state", "stimulus", "synapse", "table", "to", "true",
        "via", "where", "window", "with"};
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strcmp(buf, keywords[i]) == 0 && k + 2 < size) {
            buf[k++] = '_';
            buf[k] = '\0';
        }
    return buf;
}

/* The unit of a mechanism's parameter in circ's library or a --mod
 * folder's .mod file, or NULL. */
static const char *param_unit(const struct np *n, const char *mech, const char *param)
{
    static const char *const units[][3] = {
        {"hh", "gnabar", "S/cm2"}, {"hh", "gkbar", "S/cm2"}, {"hh", "gl", "S/cm2"},
        {"hh", "el", "mV"}, {"hh", "ena", "mV"}, {"hh", "ek", "mV"},
        {"pas", "g", "S/cm2"}, {"pas", "e", "mV"},
        {"Exp2Syn", "tau1", "ms"}, {"Exp2Syn", "tau2", "ms"}, {"Exp2Syn", "e", "mV"},
        {"ExpSyn", "tau", "ms"}, {"ExpSyn", "e", "mV"},
        {"IClamp", "del", "ms"}, {"IClamp", "dur", "ms"}, {"IClamp", "amp", "nA"},
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcmp(units[i][0], mech) == 0 && strcmp(units[i][1], param) == 0)
            return units[i][2];
    const struct read_mod *r = read_mods_find(n->mods, mech);
    for (int i = 0; r && i < r->nparams; i++)
        if (strcmp(r->params[i].name, param) == 0)
            return r->params[i].unit;
    return NULL;
}

/* Is mech a mechanism of circ's library, or of a --mod folder, of this
 * kind (MECH_DENSITY for a section's mechs, MECH_POINT for a synapse)? */
static bool known_mech(const struct np *n, const char *mech, int kind)
{
    bool library = kind == MECH_DENSITY ? !strcmp(mech, "hh") || !strcmp(mech, "pas")
                                        : !strcmp(mech, "Exp2Syn") || !strcmp(mech, "ExpSyn");
    const struct read_mod *r = read_mods_find(n->mods, mech);
    return library || (r && r->kind == kind);
}

/* `import "x.mod"` for each --mod mechanism the model uses, in the order of
 * the folders' files. */
static void import_mods(struct np *n)
{
    bool any = false;
    for (int i = 0; n->mods && i < n->mods->n; i++) {
        const struct read_mod *r = &n->mods->mechs[i];
        bool used = false;
        json_object_object_foreach(obj(get(n->net, "cellParams")), cname, cell) {
            (void)cname;
            json_object_object_foreach(obj(get(cell, "secs")), sname, sec) {
                (void)sname;
                used |= get(get(sec, "mechs"), r->name) != NULL;
            }
        }
        json_object_object_foreach(obj(get(n->net, "synMechParams")), yname, syn) {
            (void)yname;
            const char *mod = str(syn, "mod");
            used |= mod && strcmp(mod, r->name) == 0;
        }
        if (used) {
            fprintf(n->out, "import \"%s\"    # %s, %s\n", r->path, r->name,
                    r->kind == MECH_POINT ? "a point process" : "a density mechanism");
            any = true;
        }
    }
    if (any)
        fprintf(n->out, "\n");
}

/* Appends to buf (size bytes, *len used so far), never past its end. */
static void append(char *buf, size_t size, size_t *len, const char *fmt_, ...)
{
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt_);
    int k = vsnprintf(buf + *len, size - *len, fmt_, ap);
    va_end(ap);
    *len = k < 0 ? *len : *len + (size_t)k < size ? *len + (size_t)k : size - 1;
}

/* ---- cells ---------------------------------------------------------------------- */

static const char *parent_of(struct json_object *sec)
{
    return str(get(sec, "topol"), "parentSec");
}

/* Sections in an order where every parent comes before its children (the
 * file's order otherwise): circ's first section is the cell's root. */
static int section_order(struct json_object *secs, const char **names, int max)
{
    int n = 0;
    for (int pass = 0; pass < max && n < max; pass++) {
        int before = n;
        json_object_object_foreach(obj(secs), name, sec) {
            bool seen = false, parent_seen = false;
            const char *parent = parent_of(sec);
            for (int i = 0; i < n; i++) {
                seen |= strcmp(names[i], name) == 0;
                parent_seen |= parent && strcmp(names[i], parent) == 0;
            }
            if (!seen && n < max && (!parent || parent_seen || !get(secs, parent)))
                names[n++] = name;
        }
        if (n == before)
            break;
    }
    return n;
}

static void convert_section(struct np *n, const char *cell, const char *name, struct json_object *sec)
{
    char path[512], b[40], id[128];
    fprintf(n->out, "    section %s {\n", ident(name, id, sizeof id));
    struct json_object *geom = get(sec, "geom");
    fprintf(n->out, "        L = ");
    put_value(n, num(geom, "L", 100), "um");
    fprintf(n->out, "; diam = ");
    put_value(n, num(geom, "diam", 500), "um");
    fprintf(n->out, "; Ra = ");
    put_value(n, num(geom, "Ra", 35.4), "ohm*cm");
    fprintf(n->out, "; cm = ");
    put_value(n, num(geom, "cm", 1), "uF/cm2");
    if (is_num(get(geom, "nseg")))
        fprintf(n->out, "; nseg = %s", fmt(num(geom, "nseg", 1), b, sizeof b));
    fprintf(n->out, "\n");
    json_object_object_foreach(obj(geom), key, val) {
        (void)val;
        if (strcmp(key, "L") && strcmp(key, "diam") && strcmp(key, "Ra") && strcmp(key, "cm") &&
            strcmp(key, "nseg")) {
            snprintf(path, sizeof path, "cellParams.%s.secs.%s.geom.%s", cell, name, key);
            skip(n, "        ", path, !strcmp(key, "pt3d") ? "3-D points (use an SWC morphology)"
                                                          : "a geometry property circ does not have");
        }
    }
    json_object_object_foreach(obj(get(sec, "mechs")), mech, params) {
        snprintf(path, sizeof path, "cellParams.%s.secs.%s.mechs.%s", cell, name, mech);
        if (!known_mech(n, mech, MECH_DENSITY)) {
            skip(n, "        ", path, "a mechanism circ's library does not have (give the folder "
                 "of its .mod file with --mod DIR)");
            continue;
        }
        fprintf(n->out, "        insert %s", mech);
        const char *sep = " { ";
        json_object_object_foreach(obj(params), p, v) {
            if (param_unit(n, mech, p) && is_num(v)) {
                fprintf(n->out, "%s%s = ", sep, p);
                put_value(n, json_object_get_double(v), param_unit(n, mech, p));
                sep = "; ";
            }
        }
        fprintf(n->out, "%s\n", sep[0] == ';' ? " }" : "");
        json_object_object_foreach(obj(params), q, w) {
            if (!param_unit(n, mech, q) || !is_num(w)) {
                char ppath[600];
                snprintf(ppath, sizeof ppath, "%s.%s", path, q);
                skip(n, "        ", ppath, is_num(w) ? "not a parameter of circ's mechanism"
                                                     : "a value per segment or a string");
            }
        }
    }
    static const char *const other[] = {"pointps", "ions", "vinit", "weightNorm"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        if (get(sec, other[i])) {
            snprintf(path, sizeof path, "cellParams.%s.secs.%s.%s", cell, name, other[i]);
            skip(n, "        ", path, "not supported by circ's import yet");
        }
    fprintf(n->out, "    }\n");
}

static void convert_cell(struct np *n, const char *name, struct json_object *cell)
{
    char id[128], path[512], b[40];
    struct json_object *secs = get(cell, "secs");
    fprintf(n->out, "cell %s {\n", ident(name, id, sizeof id));
    if (get(cell, "conds") && json_object_object_length(get(cell, "conds")) > 0) {
        snprintf(path, sizeof path, "cellParams.%s.conds", name);
        skip(n, "    ", path, "old-style rules by conditions (circ takes a population's "
             "cellType as the cellParams key)");
    }
    const char *order[256];
    int nsec = section_order(secs, order, 256);
    for (int i = 0; i < nsec; i++)
        convert_section(n, name, order[i], get(secs, order[i]));
    for (int i = 0; i < nsec; i++) {
        struct json_object *topol = get(get(secs, order[i]), "topol");
        const char *parent = str(topol, "parentSec");
        char child_id[128], parent_id[128], x[40];
        if (parent)
            fprintf(n->out, "    attach %s(%s) to %s(%s)\n",
                    ident(order[i], child_id, sizeof child_id),
                    fmt(num(topol, "childX", 0), b, sizeof b),
                    ident(parent, parent_id, sizeof parent_id),
                    fmt(num(topol, "parentX", 1), x, sizeof x));
    }
    json_object_object_foreach(obj(get(cell, "secLists")), list, members) {
        if (!json_object_is_type(members, json_type_array))
            continue;
        fprintf(n->out, "    sectionlist %s = ", ident(list, id, sizeof id));
        for (size_t k = 0; k < json_object_array_length(members); k++) {
            char member[128];
            fprintf(n->out, "%s%s", k ? ", " : "",
                    ident(json_object_get_string(json_object_array_get_idx(members, k)), member,
                          sizeof member));
        }
        fprintf(n->out, "\n");
    }
    /* NetPyNE: the section with spikeGenLoc, else the root, at 0.5; its
     * threshold or netParams.defaultThreshold */
    const char *spike_sec = nsec > 0 ? order[0] : "soma";
    double spike_x = 0.5;
    for (int i = 0; i < nsec; i++)
        if (is_num(get(get(secs, order[i]), "spikeGenLoc"))) {
            spike_sec = order[i];
            spike_x = num(get(secs, order[i]), "spikeGenLoc", 0.5);
            break;
        }
    double threshold = num(get(secs, spike_sec), "threshold", num(n->net, "defaultThreshold", 10));
    fprintf(n->out, "    threshold = ");
    put_value(n, threshold, "mV");
    char spike_id[128];
    fprintf(n->out, "\n    spike_at = %s(%s)\n}\n\n", ident(spike_sec, spike_id, sizeof spike_id),
            fmt(spike_x, b, sizeof b));
}

/* ---- selectors ---------------------------------------------------------------- */

/* The populations a conds object names (pop, cellType), as "A + B", and a
 * `where` for its ranges; false (with a comment) if it has conditions circ
 * cannot express. */
static bool selector(struct np *n, struct json_object *conds, const char *path, char *sel,
                     size_t size, const char *indent)
{
    struct json_object *pops = get(n->net, "popParams");
    struct json_object *pop = get(conds, "pop"), *type = get(conds, "cellType");
    char where[512] = "", id[128], b1[40], b2[40], p[600];
    size_t len = 0;
    sel[0] = '\0';
    json_object_object_foreach(obj(pops), name, params) {
        bool in = !pop && !type;
        for (int k = 0; pop && k < (json_object_is_type(pop, json_type_array)
                                        ? (int)json_object_array_length(pop) : 1); k++) {
            struct json_object *x = json_object_is_type(pop, json_type_array)
                                        ? json_object_array_get_idx(pop, (size_t)k) : pop;
            in |= json_object_is_type(x, json_type_string) && !strcmp(json_object_get_string(x), name);
        }
        const char *ct = str(params, "cellType");
        for (int k = 0; type && ct && k < (json_object_is_type(type, json_type_array)
                                              ? (int)json_object_array_length(type) : 1); k++) {
            struct json_object *x = json_object_is_type(type, json_type_array)
                                        ? json_object_array_get_idx(type, (size_t)k) : type;
            bool match = json_object_is_type(x, json_type_string) && !strcmp(json_object_get_string(x), ct);
            in = pop ? in && match : in || match;
        }
        if (in)
            append(sel, size, &len, "%s%s", len ? " + " : "", ident(name, id, sizeof id));
    }
    if (!sel[0]) {
        snprintf(p, sizeof p, "%s", path);
        skip(n, indent, p, "no population matches these conditions");
        return false;
    }
    if (!pop && !type) {
        snprintf(sel, size, "all");
    }
    json_object_object_foreach(obj(conds), key, val) {
        if (!strcmp(key, "pop") || !strcmp(key, "cellType") || !strcmp(key, "cellModel"))
            continue;
        static const char *const ranges[][2] = {{"x", "um"}, {"y", "um"}, {"z", "um"},
                                                {"xnorm", ""}, {"ynorm", ""}, {"znorm", ""}};
        const char *unit = NULL;
        for (size_t i = 0; i < 6; i++)
            if (!strcmp(key, ranges[i][0]))
                unit = ranges[i][1];
        snprintf(p, sizeof p, "%s.%s", path, key);
        if (!unit || !json_object_is_type(val, json_type_array) || json_object_array_length(val) != 2 ||
            !is_num(json_object_array_get_idx(val, 0)) || !is_num(json_object_array_get_idx(val, 1))) {
            skip(n, indent, p, "a condition circ's import does not translate");
            return false;
        }
        size_t w = strlen(where);
        snprintf(where + w, sizeof where - w, "%s%s >= %s%s%s and %s <= %s%s%s",
                 w ? " and " : "", key,
                 fmt(json_object_get_double(json_object_array_get_idx(val, 0)), b1, sizeof b1),
                 *unit ? " " : "", unit, key,
                 fmt(json_object_get_double(json_object_array_get_idx(val, 1)), b2, sizeof b2),
                 *unit ? " " : "", unit);
    }
    if (where[0]) {
        size_t l = strlen(sel);
        snprintf(sel + l, size - l, " where %s", where);
    }
    return true;
}

/* A location: sec (default soma) and loc (default 0.5). */
static bool location(struct np *n, struct json_object *params, const char *path, char *out,
                     size_t size, const char *indent)
{
    struct json_object *sec = get(params, "sec");
    char b[40], p[600];
    if (sec && !json_object_is_type(sec, json_type_string)) {
        snprintf(p, sizeof p, "%s.sec", path);
        skip(n, indent, p, "a list of sections (NetPyNE picks among them at random)");
        return false;
    }
    if (get(params, "loc") && !is_num(get(params, "loc"))) {
        snprintf(p, sizeof p, "%s.loc", path);
        skip(n, indent, p, "a list of locations");
        return false;
    }
    char id[128];   /* sections and lists are written under their circ names (ident) */
    snprintf(out, size, "%s(%s)", ident(sec ? json_object_get_string(sec) : "soma", id, sizeof id),
             fmt(num(params, "loc", 0.5), b, sizeof b));
    return true;
}

/* ---- properties that may be string functions ------------------------------------ */

/* `key = value unit` for a number or a string function; false (with a
 * comment) if it cannot be written. */
static bool pair_prop(struct np *n, struct json_object *v, const char *key, const char *unit,
                      double scale, const char *path, char *out, size_t size, const char *indent)
{
    char b[40], expr[1024], why[256], p[600];
    if (is_num(v)) {
        snprintf(out, size, "%s = %s%s%s", key, fmt(json_object_get_double(v) * scale, b, sizeof b),
                 *unit ? " " : "", unit);
        return true;
    }
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (!v || !json_object_is_type(v, json_type_string)) {
        skip(n, indent, p, "neither a number nor a string function");
        return false;
    }
    if (!read_pyexpr(json_object_get_string(v), n->names, n->nnames, expr, sizeof expr, why,
                     sizeof why)) {
        skip(n, indent, p, why);
        return false;
    }
    if (scale != 1)
        snprintf(out, size, "%s = (%s) * %s%s%s", key, expr, fmt(scale, b, sizeof b),
                 *unit ? " " : "", unit);
    else if (*unit)
        snprintf(out, size, "%s = (%s) * 1 %s", key, expr, unit);
    else
        snprintf(out, size, "%s = %s", key, expr);
    return true;
}

/* The synMech a rule or stimulus names, or netParams' first one. */
static const char *synapse_of(struct np *n, struct json_object *params, const char *path,
                              const char *indent)
{
    struct json_object *syn = get(params, "synMech");
    char p[600];
    if (syn && !json_object_is_type(syn, json_type_string)) {
        snprintf(p, sizeof p, "%s.synMech", path);
        skip(n, indent, p, "several synapses per connection");
        return NULL;
    }
    if (syn)
        return json_object_get_string(syn);
    json_object_object_foreach(obj(get(n->net, "synMechParams")), name, val) {
        (void)val;
        return name;
    }
    snprintf(p, sizeof p, "%s", path);
    skip(n, indent, p, "no synMech, and netParams has none");
    return NULL;
}

/* ---- network ---------------------------------------------------------------------- */

/* A [lo, hi] pair, as NetPyNE's xRange and xnormRange. */
static bool is_range(struct json_object *r)
{
    return r && json_object_is_type(r, json_type_array) && json_object_array_length(r) == 2;
}

static void convert_populations(struct np *n)
{
    char id[128], path[512], b1[40], b2[40];
    json_object_object_foreach(obj(get(n->net, "popParams")), name, pop) {
        const char *type = str(pop, "cellType");
        snprintf(path, sizeof path, "popParams.%s", name);
        if (!type || !get(get(n->net, "cellParams"), type)) {
            skip(n, "", path, "no cellType naming one of cellParams (point neurons and cellModels "
                 "without cellParams are not supported yet)");
            continue;
        }
        fprintf(n->out, "population %s of ", ident(name, id, sizeof id));
        fprintf(n->out, "%s { ", ident(type, id, sizeof id));
        if (is_num(get(pop, "numCells")))
            fprintf(n->out, "count = %s", fmt(num(pop, "numCells", 0), b1, sizeof b1));
        else if (is_num(get(pop, "density")))
            fprintf(n->out, "density = %s mm^-3", fmt(num(pop, "density", 0), b1, sizeof b1));
        else
            fprintf(n->out, "count = 0");
        static const char *const ranges[][3] = {
            {"xRange", "x", "um"}, {"yRange", "y", "um"}, {"zRange", "z", "um"},
            {"xnormRange", "xnorm", ""}, {"ynormRange", "ynorm", ""}, {"znormRange", "znorm", ""}};
        bool dropped[6] = {false};
        for (size_t i = 0; i < 6; i++) {
            struct json_object *r = get(pop, ranges[i][0]);
            /* NetPyNE's xRange overwrites its xnormRange (pop.py), and circ
             * refuses a population with both */
            dropped[i] = i >= 3 && r && is_range(get(pop, ranges[i - 3][0]));
            if (is_range(r) && !dropped[i])
                fprintf(n->out, "; %s = %s%s%s .. %s%s%s", ranges[i][1],
                        fmt(json_object_get_double(json_object_array_get_idx(r, 0)), b1, sizeof b1),
                        *ranges[i][2] ? " " : "", ranges[i][2],
                        fmt(json_object_get_double(json_object_array_get_idx(r, 1)), b2, sizeof b2),
                        *ranges[i][2] ? " " : "", ranges[i][2]);
        }
        fprintf(n->out, " }\n");
        for (size_t i = 3; i < 6; i++)
            if (dropped[i]) {
                char rpath[600], why[120];
                snprintf(rpath, sizeof rpath, "%s.%s", path, ranges[i][0]);
                snprintf(why, sizeof why, "%s is given too, and NetPyNE places the cells by it",
                         ranges[i - 3][0]);
                skip(n, "", rpath, why);
            }
        if (!is_num(get(pop, "numCells")) && !is_num(get(pop, "density")))
            skip(n, "", path, "no numCells or density (gridSpacing, cellsList and a density "
                 "that is a string function are not supported)");
    }
    fprintf(n->out, "\n");
}

static void convert_synapses(struct np *n)
{
    char id[128], path[512];
    struct json_object *cfg = n->cfg;
    struct json_object *one = get(cfg, "oneSynPerNetcon");
    bool shared = one && json_object_is_type(one, json_type_boolean) && !json_object_get_boolean(one);
    json_object_object_foreach(obj(get(n->net, "synMechParams")), name, syn) {
        const char *mod = str(syn, "mod");
        snprintf(path, sizeof path, "synMechParams.%s", name);
        if (!mod || !known_mech(n, mod, MECH_POINT)) {
            skip(n, "", path, "a synapse mechanism circ's library does not have (Exp2Syn and "
                 "ExpSyn are; give the folder of its .mod file with --mod DIR)");
            continue;
        }
        fprintf(n->out, "%ssynapse %s = %s {", shared ? "shared " : "", ident(name, id, sizeof id),
                mod);
        const char *sep = " ";
        json_object_object_foreach(obj(syn), p, v) {
            if (!strcmp(p, "mod"))
                continue;
            const char *unit = param_unit(n, mod, p);
            if (!unit || !is_num(v)) {
                warn(n, path, "not converted: parameter '%s'", p);
                continue;
            }
            fprintf(n->out, "%s%s = ", sep, p);
            put_value(n, json_object_get_double(v), unit);
            sep = "; ";
        }
        fprintf(n->out, " }\n");
    }
    fprintf(n->out, "\n");
}

/* Which of kinds[] (probability, convergence, divergence, connList; 4: every
 * pair) a connParams rule connects by, as NetPyNE's connectCells picks its
 * connFunc: the one given, else the first of those keys present; -1 (with
 * a comment) if it cannot be converted. */
static int connection_kind(struct np *n, struct json_object *c, const char *path,
                           const char *const kinds[4])
{
    static const char *const funcs[5] = {"probConn", "convConn", "divConn", "fromListConn",
                                         "fullConn"};
    char p2[600];
    struct json_object *f = get(c, "connFunc");
    if (f) {
        for (int k = 0; k < 5; k++)
            if (json_object_is_type(f, json_type_string) &&
                !strcmp(json_object_get_string(f), funcs[k]) && (k == 4 || get(c, kinds[k])))
                return k;
        snprintf(p2, sizeof p2, "%s.connFunc", path);
        skip(n, "", p2, "not one of probConn, convConn, divConn, fromListConn, fullConn with "
             "its key");
        return -1;
    }
    for (int k = 0; k < 4; k++)
        if (get(c, kinds[k]))
            return k;
    return 4;
}

static void convert_rules(struct np *n)
{
    enum { RULE_MAX = 1 << 20 };   /* a connList of tens of thousands of pairs */
    char pre[1024], post[1024], loc[256], id[128], path[512], prop[1200];
    char *rule = malloc(RULE_MAX);
    if (!rule) {
        warn(n, "connParams", "out of memory");
        return;
    }
    double wscale = num(n->net, "scaleConnWeight", 1);
    json_object_object_foreach(obj(get(n->net, "connParams")), name, c) {
        snprintf(path, sizeof path, "connParams.%s", name);
        fprintf(n->out, "# %s\n", name);
        char p2[600];
        snprintf(p2, sizeof p2, "%s.preConds", path);
        if (!selector(n, get(c, "preConds"), p2, pre, sizeof pre, ""))
            continue;
        snprintf(p2, sizeof p2, "%s.postConds", path);
        if (!selector(n, get(c, "postConds"), p2, post, sizeof post, ""))
            continue;
        const char *syn = synapse_of(n, c, path, "");
        if (!syn || !location(n, c, path, loc, sizeof loc, ""))
            continue;
        size_t len = 0;
        bool ok = true;
        const char *kinds[] = {"probability", "convergence", "divergence", "connList"};
        int use = connection_kind(n, c, path, kinds);
        if (use < 0)
            continue;
        for (int k = 0; k < 4; k++)
            if (k != use && get(c, kinds[k]))
                fprintf(n->out, "# NetPyNE connects by %s here: its '%s' is not used\n",
                        use == 4 ? "every pair (fullConn)" : kinds[use], kinds[k]);
        int nk = 0;
        for (int k = 0; k < 3; k++) {
            struct json_object *v = get(c, kinds[k]);
            if (!v || k != use)
                continue;
            nk++;
            if (k > 0 && !is_num(v)) {
                snprintf(p2, sizeof p2, "%s.%s", path, kinds[k]);
                skip(n, "", p2, "a string function (circ takes a whole number)");
                ok = false;
            } else if ((ok = ok && pair_prop(n, v, kinds[k], "", 1, path, prop, sizeof prop, ""))) {
                append(rule, RULE_MAX, &len, "%s%s", len ? "; " : "", prop);
            }
        }
        struct json_object *list = use == 3 ? get(c, "connList") : NULL;
        if (list) {
            /* [pre index, post index] into the gid-ordered cells of each side:
             * circ's pairs */
            size_t np = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
            bool shape = np > 0;
            for (size_t k = 0; shape && k < np; k++) {
                struct json_object *pr = json_object_array_get_idx(list, k);
                shape = json_object_is_type(pr, json_type_array) && json_object_array_length(pr) == 2 &&
                        json_object_is_type(json_object_array_get_idx(pr, 0), json_type_int) &&
                        json_object_is_type(json_object_array_get_idx(pr, 1), json_type_int);
            }
            snprintf(p2, sizeof p2, "%s.connList", path);
            if (!shape) {
                skip(n, "", p2, "not a list of [pre index, post index] pairs");
                ok = false;
            } else {
                append(rule, RULE_MAX, &len, "%spairs = [", len ? "; " : "");
                for (size_t k = 0; k < np; k++) {
                    struct json_object *pr = json_object_array_get_idx(list, k);
                    append(rule, RULE_MAX, &len, "%s[%d, %d]", k ? ", " : "",
                           json_object_get_int(json_object_array_get_idx(pr, 0)),
                           json_object_get_int(json_object_array_get_idx(pr, 1)));
                }
                append(rule, RULE_MAX, &len, "]");
                if (len + 2 >= RULE_MAX) {
                    skip(n, "", p2, "a list too long for the import (write it as `pairs`)");
                    ok = false;
                }
            }
        } else if (nk == 0) {
            /* NetPyNE connects every pair when no rule is given (fullConn) */
            append(rule, RULE_MAX, &len, "%sprobability = 1",
                                    len ? "; " : "");
        }
        struct json_object *wv = get(c, "weight");
        if (!wv) {
            append(rule, RULE_MAX, &len, "; weight = %s uS",
                   fmt(num(n->net, "defaultWeight", 1) * wscale, id, sizeof id));
        } else if ((ok = ok && pair_prop(n, wv, "weight", "uS", wscale, path, prop, sizeof prop, ""))) {
            append(rule, RULE_MAX, &len, "; %s", prop);
        }
        struct json_object *d = get(c, "delay");
        if (!d) {
            append(rule, RULE_MAX, &len, "; delay = %s ms",
                                    fmt(num(n->net, "defaultDelay", 1), id, sizeof id));
        } else if ((ok = ok && pair_prop(n, d, "delay", "ms", 1, path, prop, sizeof prop, ""))) {
            append(rule, RULE_MAX, &len, "; %s", prop);
        }
        /* NetPyNE sets every NetCon's threshold (the rule's, else defaultThreshold),
         * and NEURON keeps it in the source: the source cell's, as the rule's is */
        struct json_object *thr = get(c, "threshold");
        if (thr && !is_num(thr)) {
            snprintf(p2, sizeof p2, "%s.threshold", path);
            skip(n, "", p2, "not a number: not supported by circ's import yet");
            ok = false;
        } else {
            append(rule, RULE_MAX, &len, "; threshold = %s mV",
                   fmt(thr ? json_object_get_double(thr) : num(n->net, "defaultThreshold", 10),
                       id, sizeof id));
        }
        static const char *const unsupported[] = {"synsPerConn", "shape", "plast", "weightIndex",
                                                  "disynapticBias", "gapJunction", "preSec", "preLoc"};
        for (size_t k = 0; k < sizeof unsupported / sizeof *unsupported; k++) {
            struct json_object *v = get(c, unsupported[k]);
            if (v && !(is_num(v) && json_object_get_double(v) == 1 && !strcmp(unsupported[k], "synsPerConn"))) {
                snprintf(p2, sizeof p2, "%s.%s", path, unsupported[k]);
                skip(n, "", p2, "not supported by circ's import yet");
                ok = false;
            }
        }
        if (!ok)
            continue;
        fprintf(n->out, "connect %s -> %s at %s via %s {\n    %s\n}\n", pre, post, loc,
                ident(syn, id, sizeof id), rule);
    }
    free(rule);
    fprintf(n->out, "\n");
}

static int uses_of(struct np *n, const char *source)
{
    int k = 0;
    json_object_object_foreach(obj(get(n->net, "stimTargetParams")), name, t) {
        (void)name;
        const char *s = str(t, "source");
        k += s && !strcmp(s, source);
    }
    return k;
}

static void convert_stimuli(struct np *n)
{
    char sel[1024], loc[256], id[128], id2[128], path[512], p2[600], b[40];
    double wscale = num(n->net, "scaleConnWeightNetStims", 1);
    json_object_object_foreach(obj(get(n->net, "stimTargetParams")), name, t) {
        snprintf(path, sizeof path, "stimTargetParams.%s", name);
        const char *source = str(t, "source");
        struct json_object *src = source ? get(get(n->net, "stimSourceParams"), source) : NULL;
        if (!src) {
            skip(n, "", path, "its source is not in stimSourceParams");
            continue;
        }
        const char *type = str(src, "type");
        const char *label = uses_of(n, source) == 1 ? source : name;
        snprintf(p2, sizeof p2, "%s.conds", path);
        if (!selector(n, get(t, "conds"), p2, sel, sizeof sel, "") ||
            !location(n, t, path, loc, sizeof loc, ""))
            continue;
        if (type && !strcmp(type, "NetStim")) {
            const char *syn = synapse_of(n, t, path, "");
            if (!syn)
                continue;
            if (get(src, "seed")) {
                snprintf(p2, sizeof p2, "stimSourceParams.%s.seed", source);
                skip(n, "", p2, "a NetStim's own seed (circ's netpyne streams use seeds.stim)");
                continue;
            }
            /* NetPyNE: rate, else 1000 / interval; noise 0, start 0, number 1e9 */
            double rate = is_num(get(src, "rate")) ? num(src, "rate", 0)
                                                  : 1000.0 / num(src, "interval", 1000);
            if (!is_num(get(src, "rate")) && !is_num(get(src, "interval"))) {
                snprintf(p2, sizeof p2, "stimSourceParams.%s.rate", source);
                skip(n, "", p2, "a rate that is not a number ('variable' rates need NSLOC)");
                continue;
            }
            fprintf(n->out, "stimulus %s = NetStim { rate = %s Hz; noise = ", ident(label, id, sizeof id),
                    fmt(rate, b, sizeof b));
            put_value(n, num(src, "noise", 0), "");
            fprintf(n->out, "; start = ");
            put_value(n, num(src, "start", 0), "ms");
            fprintf(n->out, "; number = ");
            put_value(n, num(src, "number", 1e9), "");
            double w = num(t, "weight", num(n->net, "defaultWeight", 1)) * wscale;
            fprintf(n->out, " }\n    -> %s at %s via %s { weight = %s uS; delay = ", sel, loc,
                    ident(syn, id2, sizeof id2), fmt(w, b, sizeof b));
            put_value(n, num(t, "delay", num(n->net, "defaultDelay", 1)), "ms");
            fprintf(n->out, " }\n");
            if (get(t, "weight") && !is_num(get(t, "weight")))
                warn(n, path, "not converted: a weight that is not a number (defaultWeight used)");
            if (get(t, "delay") && !is_num(get(t, "delay")))
                warn(n, path, "not converted: a delay that is not a number (defaultDelay used)");
        } else if (type && !strcmp(type, "IClamp")) {
            fprintf(n->out, "stimulus %s = IClamp {", ident(label, id, sizeof id));
            const char *sep = " ";
            json_object_object_foreach(obj(src), p, v) {
                const char *key = !strcmp(p, "delay") ? "del" : p;   /* NEURON's alias */
                if (!strcmp(p, "type"))
                    continue;
                if (!is_num(v) || !param_unit(n, "IClamp", key)) {
                    warn(n, path, "not converted: IClamp '%s'", p);
                    continue;
                }
                fprintf(n->out, "%s%s = ", sep, key);
                put_value(n, json_object_get_double(v), param_unit(n, "IClamp", key));
                sep = "; ";
            }
            fprintf(n->out, " } -> %s at %s\n", sel, loc);
        } else {
            snprintf(p2, sizeof p2, "stimSourceParams.%s.type", source ? source : "?");
            skip(n, "", p2, "a stimulus type circ's import does not convert (NetStim and IClamp)");
        }
    }
    fprintf(n->out, "\n");
}

/* ---- simulation ------------------------------------------------------------------- */

static void convert_simulation(struct np *n)
{
    struct json_object *cfg = n->cfg;
    struct json_object *h = get(cfg, "hParams");
    char b[40];
    fprintf(n->out, "simulation {\n    duration = ");
    put_value(n, num(cfg, "duration", 1000), "ms");
    fprintf(n->out, "; dt = ");
    put_value(n, num(cfg, "dt", 0.025), "ms");
    fprintf(n->out, "\n    temperature = ");
    put_value(n, num(h, "celsius", 6.3), "degC");
    fprintf(n->out, "; v_init = ");
    put_value(n, num(h, "v_init", -65), "mV");
    struct json_object *seeds = get(cfg, "seeds");
    double seed = num(seeds, "conn", 1);
    fprintf(n->out, "; seed = %s\n", fmt(seed, b, sizeof b));
    json_object_object_foreach(obj(seeds), key, v) {
        if (is_num(v) && json_object_get_double(v) != seed)
            warn(n, "simConfig.seeds", "circ has one seed for connections, placement and "
                 "stimuli; '%s' = %g differs from conn = %g and is not used", key,
                 json_object_get_double(v), seed);
    }
    /* recordTraces: what; recordCells: whose (pops, gids, [pop, index]) */
    struct json_object *cells = get(cfg, "recordCells");
    /* NetPyNE samples traces every recordStep (0.1 ms by default) */
    double step = num(cfg, "recordStep", 0.1), dt = num(cfg, "dt", 0.025);
    char every[64] = "";
    double steps = round(step / dt);
    if (steps > 1 && fabs(steps * dt - step) <= 1e-9 * step)
        snprintf(every, sizeof every, " every %s ms", fmt(step, b, sizeof b));
    else if (steps < 1 || fabs(steps * dt - step) > 1e-9 * step)
        warn(n, "simConfig.recordStep", "not a whole number of steps of dt; traces are "
             "recorded every step");
    json_object_object_foreach(obj(get(cfg, "recordTraces")), label, tr) {
        const char *var = str(tr, "var"), *sec = str(tr, "sec"), *mech = str(tr, "mech");
        char path[512];
        snprintf(path, sizeof path, "simConfig.recordTraces.%s", label);
        if (!var || !sec || (mech && !known_mech(n, mech, MECH_DENSITY))) {
            skip(n, "    ", path, "only section variables and those of circ's mechanisms are "
                 "recorded by the import");
            continue;
        }
        for (size_t k = 0; cells && k < json_object_array_length(cells); k++) {
            struct json_object *c = json_object_array_get_idx(cells, k);
            char sel[256];
            char pop_id[128];   /* populations go by their circ names (ident) */
            if (json_object_is_type(c, json_type_string))
                snprintf(sel, sizeof sel, "%s", !strcmp(json_object_get_string(c), "all")
                             ? "all" : ident(json_object_get_string(c), pop_id, sizeof pop_id));
            else if (json_object_is_type(c, json_type_int))
                snprintf(sel, sizeof sel, "all where gid == %d", json_object_get_int(c));
            else if (json_object_is_type(c, json_type_array) && json_object_array_length(c) == 2)
                snprintf(sel, sizeof sel, "%s[%d]",
                         ident(json_object_get_string(json_object_array_get_idx(c, 0)), pop_id,
                               sizeof pop_id),
                         json_object_get_int(json_object_array_get_idx(c, 1)));
            else
                continue;
            char sec_id[128];
            fprintf(n->out, "    record %s%s%s of %s at %s(%s)%s\n", mech ? mech : "", mech ? "." : "",
                    var, sel, ident(sec, sec_id, sizeof sec_id), fmt(num(tr, "loc", 0.5), b, sizeof b),
                    every);
        }
    }
    fprintf(n->out, "    record spikes\n}\n");
}

/* ---- the whole file ----------------------------------------------------------------- */

static struct json_object *load(const char *path, FILE *err)
{
    struct json_object *o = json_object_from_file(path);
    if (!o)
        fprintf(err, "circ import: %s: cannot read it as JSON (%s)\n", path,
                json_util_get_last_err() ? json_util_get_last_err() : "unknown error");
    return o;
}

/* The netParams object: {"net": {"params": ...}} as save() writes it,
 * {"netParams": ...}, or the dictionary itself. */
static struct json_object *net_params(struct json_object *root)
{
    struct json_object *p = get(get(root, "net"), "params");
    if (p)
        return p;
    if ((p = get(root, "netParams")))
        return p;
    return get(root, "popParams") || get(root, "cellParams") ? root : NULL;
}

/* Is a NetPyNE setting on (true, non-zero, a non-empty string, list or dict)? */
static bool truthy(struct json_object *v)
{
    switch (v ? json_object_get_type(v) : json_type_null) {
    case json_type_null: return false;
    case json_type_boolean: return json_object_get_boolean(v);
    case json_type_double: case json_type_int: return json_object_get_double(v) != 0;
    case json_type_string: return json_object_get_string_len(v) > 0;
    case json_type_array: return json_object_array_length(v) > 0;
    case json_type_object: return json_object_object_length(v) > 0;
    }
    return true;
}

/* Settings the import does not convert, when on (netParams.save() writes
 * every key with its default, off): named in a comment and a warning
 * rather than dropped. */
static void unconverted_settings(struct np *n)
{
    static const struct { const char *key, *why; } net[] = {
        {"scaleConnWeightModels", "weights scaled per cell model"},
        {"correctBorder", "NetPyNE's border correction of distance-dependent connections"},
        {"subConnParams", "redistributing synapses along dendrites"},
        {"rotateCellsRandomly", "rotating cells' 3-D points"},
    };
    char p[600];
    for (size_t k = 0; k < sizeof net / sizeof *net; k++)
        if (truthy(get(n->net, net[k].key)))
            skip(n, "", net[k].key, net[k].why);
    json_object_object_foreach(obj(get(n->net, "popParams")), pop, pp)
        if (truthy(get(pp, "diversityFraction"))) {
            snprintf(p, sizeof p, "popParams.%s.diversityFraction", pop);
            skip(n, "", p, "cell diversity");
        }
    json_object_object_foreach(obj(get(n->net, "cellParams")), cell, cp)
        if (truthy(get(cp, "globals"))) {
            snprintf(p, sizeof p, "cellParams.%s.globals", cell);
            skip(n, "", p, "NEURON globals set by a cell rule (write them as `set mech.name`)");
        }
    if (truthy(get(n->cfg, "cvode_active")))
        skip(n, "", "simConfig.cvode_active", "circ integrates with the fixed step of "
             "NEURON's default method, not CVODE");
    json_object_object_foreach(obj(get(n->cfg, "recordTraces")), label, tr)
        if (truthy(get(tr, "conds"))) {
            snprintf(p, sizeof p, "simConfig.recordTraces.%s.conds", label);
            skip(n, "", p, "conditions on the recorded cells (recordCells is used)");
        }
}

int read_netpyne(const char *netparams, const char *simconfig, FILE *out, FILE *err)
{
    return read_netpyne_mods(netparams, simconfig, NULL, out, err);
}

int read_netpyne_mods(const char *netparams, const char *simconfig, const struct read_mods *mods,
                      FILE *out, FILE *err)
{
    struct np n = {.out = out, .err = err, .file = netparams, .mods = mods};
    struct json_object *root = load(netparams, err), *cfg_root = NULL;
    if (!root)
        return 2;
    if (simconfig && !(cfg_root = load(simconfig, err))) {
        json_object_put(root);
        return 2;
    }
    n.net = net_params(root);
    if (!n.net) {
        fprintf(err, "circ import: %s: not a NetPyNE netParams file (no popParams or "
                "cellParams; netParams.save() writes {\"net\": {\"params\": ...}})\n", netparams);
        json_object_put(root);
        json_object_put(cfg_root);
        return 1;
    }
    n.cfg = cfg_root ? (get(cfg_root, "simConfig") ? get(cfg_root, "simConfig") : cfg_root) : NULL;
    json_object_object_foreach(obj(n.net), key, val) {
        if (is_num(val) && n.nnames < 64)
            n.names[n.nnames++] = (struct read_number){key, json_object_get_double(val)};
    }
    fprintf(out, "# Converted by `circ import netpyne` from %s%s%s.\n", netparams,
            simconfig ? " and " : "", simconfig ? simconfig : "");
    fprintf(out, "# NetPyNE's defaults are written out; `circ run --exact --rng netpyne` makes\n"
                 "# NetPyNE's random draws (positions, connections, NetStim noise).\n\n");
    char b1[40], b2[40], b3[40];
    fprintf(out, "network { size_x = %s um; size_y = %s um; size_z = %s um }\n\n",
            fmt(num(n.net, "sizeX", 100), b1, sizeof b1), fmt(num(n.net, "sizeY", 100), b2, sizeof b2),
            fmt(num(n.net, "sizeZ", 100), b3, sizeof b3));
    const char *shape = str(n.net, "shape");
    if (shape && strcmp(shape, "cuboid") != 0)
        skip(&n, "", "shape", "circ places cells in a cuboid");
    if (num(n.net, "scale", 1) != 1)
        skip(&n, "", "scale", "NetPyNE's scale of population sizes (use a model parameter)");
    import_mods(&n);
    json_object_object_foreach(obj(get(n.net, "cellParams")), name, cell)
        convert_cell(&n, name, cell);
    convert_populations(&n);
    convert_synapses(&n);
    convert_rules(&n);
    convert_stimuli(&n);
    struct json_object *self = get(n.cfg, "allowSelfConns");
    if (self && json_object_get_boolean(self))
        skip(&n, "", "simConfig.allowSelfConns", "circ never connects a cell to itself");
    unconverted_settings(&n);
    convert_simulation(&n);
    if (n.warnings)
        fprintf(err, "circ import: %d entr%s not converted (see the comments in the model)\n",
                n.warnings, n.warnings == 1 ? "y" : "ies");
    json_object_put(root);
    json_object_put(cfg_root);
    json_object_put(empty_object);
    empty_object = NULL;
    return 0;
}
