/* diff_runs.c - `circ diff OUT_A/ OUT_B/`: what changed between two runs'
 * results, read from their summary.json, for regression checks of a
 * protocol in CI.
 *
 * Compared: the network (cells per population, rules), the experiments run,
 * each experiment's population rates and measures (numbers within a
 * tolerance |b - a| <= atol + rtol * |a|, verdicts and missing values
 * exactly), and every expectation's outcome per experiment (matched by its
 * text, the file:line prefix left out).  Provenance that differs (sources,
 * seed, overrides, mode, rng, circ version) is printed as context, and never
 * decides the status: the results do.  Date, host, threads and ranks are ignored.
 */
#include "lang.h"

#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

struct cmp {
    FILE *out;
    double rtol, atol;
    int differences;
};

static struct json_object *get(struct json_object *o, const char *key)
{
    struct json_object *v = NULL;
    return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v)
               ? v : NULL;
}

static bool is_num(struct json_object *v)
{
    return v && (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int));
}

static const char *text(struct json_object *v, char *buf, size_t size)
{
    if (!v)
        return "(none)";
    if (is_num(v)) {
        snprintf(buf, size, "%.10g", json_object_get_double(v));
        return buf;
    }
    snprintf(buf, size, "%s", json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
    return buf;
}

/* One value of experiment e: equal within the tolerance, or a line. */
static void value(struct cmp *c, const char *exp, const char *what, const char *name,
                  struct json_object *a, struct json_object *b, const char *unit)
{
    char ta[128], tb[128];
    if (is_num(a) && is_num(b)) {
        double x = json_object_get_double(a), y = json_object_get_double(b);
        if (fabs(y - x) <= c->atol + c->rtol * fabs(x))
            return;
        fprintf(c->out, "%s: %s %s: %s -> %s%s%s", exp, what, name, text(a, ta, sizeof ta),
                text(b, tb, sizeof tb), unit && *unit ? " " : "", unit ? unit : "");
        if (x != 0)
            fprintf(c->out, " (%+.3g%%)", (y - x) / fabs(x) * 100);
        fputc('\n', c->out);
        c->differences++;
        return;
    }
    if (a && b && json_object_equal(a, b))
        return;
    if (!a && !b)
        return;
    fprintf(c->out, "%s: %s %s: %s -> %s\n", exp, what, name, text(a, ta, sizeof ta),
            text(b, tb, sizeof tb));
    c->differences++;
}

/* Every key of a or b, a's order first. */
static void both_keys(struct json_object *a, struct json_object *b, const char **keys, int *n,
                      int max)
{
    *n = 0;
    struct json_object *sides[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        if (!sides[s] || !json_object_is_type(sides[s], json_type_object))
            continue;
        json_object_object_foreach(sides[s], key, val) {
            (void)val;
            bool seen = false;
            for (int i = 0; i < *n && !seen; i++)
                seen = strcmp(keys[i], key) == 0;
            if (!seen && *n < max)
                keys[(*n)++] = key;
        }
    }
}

static void experiments(struct cmp *c, struct json_object *a, struct json_object *b)
{
    const char *names[256];
    int n;
    both_keys(a, b, names, &n, 256);
    for (int i = 0; i < n; i++) {
        struct json_object *ea = get(a, names[i]), *eb = get(b, names[i]);
        if (!ea || !eb) {
            fprintf(c->out, "%s: run only in %s\n", names[i], ea ? "A" : "B");
            c->differences++;
            continue;
        }
        const char *keys[1024];
        int k;
        both_keys(get(ea, "rates"), get(eb, "rates"), keys, &k, 1024);
        for (int j = 0; j < k; j++)
            value(c, names[i], "rate", keys[j], get(get(ea, "rates"), keys[j]),
                  get(get(eb, "rates"), keys[j]), "Hz");
        both_keys(get(ea, "measures"), get(eb, "measures"), keys, &k, 1024);
        for (int j = 0; j < k; j++) {
            struct json_object *unit = get(get(eb, "measure_units"), keys[j]);
            value(c, names[i], "measure", keys[j], get(get(ea, "measures"), keys[j]),
                  get(get(eb, "measures"), keys[j]), unit ? json_object_get_string(unit) : "");
        }
    }
}

/* An expectation's text without its "file:line: " (files move, lines shift). */
static const char *claim(struct json_object *x)
{
    const char *s = json_object_get_string(get(x, "expectation"));
    const char *p = s ? strstr(s, ": ") : NULL;
    return p ? p + 2 : s ? s : "";
}

static void expectations(struct cmp *c, struct json_object *a, struct json_object *b)
{
    size_t na = a ? json_object_array_length(a) : 0, nb = b ? json_object_array_length(b) : 0;
    for (size_t i = 0; i < na + nb; i++) {
        struct json_object *x = i < na ? json_object_array_get_idx(a, i)
                                       : json_object_array_get_idx(b, i - na);
        struct json_object *other = NULL;
        struct json_object *list = i < na ? b : a;
        size_t nl = i < na ? nb : na;
        for (size_t j = 0; j < nl && !other; j++)
            if (strcmp(claim(json_object_array_get_idx(list, j)), claim(x)) == 0)
                other = json_object_array_get_idx(list, j);
        if (i >= na && other)
            continue;   /* compared from A's side */
        if (!other) {
            fprintf(c->out, "expectation '%s': only in %s\n", claim(x), i < na ? "A" : "B");
            c->differences++;
            continue;
        }
        const char *keys[256];
        int k;
        both_keys(get(x, "held"), get(other, "held"), keys, &k, 256);
        for (int j = 0; j < k; j++) {
            char what[512];
            snprintf(what, sizeof what, "'%s'", claim(x));
            value(c, keys[j], "expectation", what, get(get(x, "held"), keys[j]),
                  get(get(other, "held"), keys[j]), NULL);
        }
    }
}

static struct json_object *load(const char *dir, FILE *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    struct json_object *o = json_object_from_file(path);
    if (!o)
        fprintf(err, "circ diff: cannot read '%s': %s\n", path,
                json_util_get_last_err() ? json_util_get_last_err() : "not JSON");
    return o;
}

int diff_runs(const char *dir_a, const char *dir_b, double rtol, double atol, FILE *out, FILE *err)
{
    struct json_object *a = load(dir_a, err), *b = a ? load(dir_b, err) : NULL;
    if (!a || !b) {
        json_object_put(a);
        return 2;
    }
    struct cmp c = {out, rtol, atol, 0};
    static const char *const context[] = {"model", "source_sha256", "seed", "overrides", "mode",
                                          "rng", "circ_version", "duration_ms", "dt_ms"};
    for (size_t i = 0; i < sizeof context / sizeof *context; i++) {
        struct json_object *x = get(get(a, "provenance"), context[i]);
        struct json_object *y = get(get(b, "provenance"), context[i]);
        char tx[128], ty[128];
        if (!(x && y && json_object_equal(x, y)) && (x || y))
            fprintf(out, "(provenance %s: %s -> %s)\n", context[i], text(x, tx, sizeof tx),
                    text(y, ty, sizeof ty));
    }
    struct json_object *na = get(a, "network"), *nb = get(b, "network");
    value(&c, "network", "cells", "", get(na, "cells"), get(nb, "cells"), NULL);
    value(&c, "network", "rules", "", get(na, "rules"), get(nb, "rules"), NULL);
    const char *pops[1024];
    int np;
    both_keys(get(na, "populations"), get(nb, "populations"), pops, &np, 1024);
    for (int i = 0; i < np; i++)
        value(&c, "network", "population", pops[i], get(get(na, "populations"), pops[i]),
              get(get(nb, "populations"), pops[i]), "cells");
    experiments(&c, get(a, "experiments"), get(b, "experiments"));
    expectations(&c, get(a, "expectations"), get(b, "expectations"));
    if (c.differences == 0)
        fprintf(out, "no differences (rtol %g, atol %g)\n", rtol, atol);
    else
        fprintf(out, "%d difference%s (rtol %g, atol %g)\n", c.differences,
                c.differences == 1 ? "" : "s", rtol, atol);
    json_object_put(a);
    json_object_put(b);
    return c.differences ? 1 : 0;
}
