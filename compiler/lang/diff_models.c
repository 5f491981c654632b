/* diff_models.c - `circ diff A.circ B.circ`: what changed in the model.
 *
 * Each model is checked by the front end, then read as a list of facts: a
 * path naming one thing the model says ("cell PYR / section soma / insert hh
 * / gnabar") and its value.  Paths and values are built from the checked
 * tree, so layout, comments and the order of declarations do not matter,
 * except where the order changes the run (populations: gids; rules: the
 * random draws; stimuli: streams; vary lines: the grid; currents: their
 * sum), reported as `reordered`;
 * constant values compare in internal units (0.0188 mm equals 18.8 um) and
 * are shown as each file writes them.  A thing added or removed is one line,
 * not one per property. */
#define _GNU_SOURCE     /* open_memstream */
#include "lang.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "circ_print.h"
#include "diag.h"
#include "front.h"
#include "units.h"

struct fact {
    char *path;             /* canonical: what is matched */
    char *shown;            /* the path as written, for messages */
    char *canon;            /* the value, canonical (NULL: the thing exists) */
    char *text;             /* the value as written */
    bool constant;          /* value and dim hold a constant's value in internal units */
    double value;
    struct units_dim dim;
};

/* Things whose order of declaration changes the run: within one group
 * ("populations", "mechanism hh's currents"), their keys in file order. */
struct placed {
    char *group, *key, *shown;
};

struct facts {
    struct fact *f;
    size_t n, cap;
    struct placed *order;
    size_t norder, caporder;
    const struct front *front;
};

static void placed(struct facts *fs, const char *group, const char *key, const char *shown);

/* The protocol's and the experiments' stimuli, numbered together in file
 * order: their random streams follow it. */
#define STIMULI "stimuli (their random streams follow their order)"

/* ---- text of the tree ----------------------------------------------------------------- */

static char *xsprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xsprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        out_of_memory(0);
    return s;
}

/* A subtree as an S-expression of kinds, names, ops and numbers: equal
 * exactly when the trees are (no locations, so no layout). */
static void canon_to(FILE *out, const struct ast *n)
{
    if (!n) {
        fputs("_", out);
        return;
    }
    fprintf(out, "(%d", (int)n->kind);
    if (n->op)
        fprintf(out, " op%d", n->op);
    if (n->str)
        fprintf(out, " \"%s\"", n->str);
    if (n->kind == AST_NUM || n->kind == AST_BOOL)
        fprintf(out, " %a", n->num);
    for (unsigned i = 0; i < n->nkids; i++) {
        fputc(' ', out);
        canon_to(out, n->kids[i]);
    }
    fputc(')', out);
}

static char *canon(const struct ast *n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&s, &len);
    if (!out)
        out_of_memory(0);
    canon_to(out, n);
    fclose(out);
    return s;
}

/* A node as its file writes it, blanks and comments folded into one space. */
static char *written(const struct facts *fs, const struct ast *n)
{
    if (!n)
        return xsprintf("%s", "");
    const struct srcfile *src = diag_file(fs->front->diag, n->loc.file);
    if (!src || n->loc.end <= n->loc.start || n->loc.end > src->len)
        return canon(n);
    /* an expression's range stops at its last operand: "g * (v - e" gets
     * the parentheses it opened */
    unsigned end = n->loc.end;
    int open = 0;
    for (unsigned i = n->loc.start; i < end; i++)
        open += src->text[i] == '(' || src->text[i] == '[' ? 1
              : src->text[i] == ')' || src->text[i] == ']' ? -1 : 0;
    while (open > 0 && end < src->len) {
        char c = src->text[end++];
        open += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
    }
    char *s = malloc(end - n->loc.start + 1);
    if (!s)
        out_of_memory(end - n->loc.start + 1);
    size_t k = 0;
    for (unsigned i = n->loc.start; i < end; i++) {
        char c = src->text[i];
        if (c == '#' || (c == '/' && i + 1 < end && src->text[i + 1] == '/')) {
            while (i + 1 < end && src->text[i + 1] != '\n')
                i++;
            c = ' ';
        } else if (c == '/' && i + 1 < end && src->text[i + 1] == '*') {
            const char *close = strstr(src->text + i + 2, "*/");
            i = close ? (unsigned)(close - src->text) + 1 : end - 1;
            c = ' ';
        }
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
        if (c == ' ' && (k == 0 || s[k - 1] == ' '))
            continue;
        s[k++] = c;
    }
    while (k > 0 && s[k - 1] == ' ')
        k--;
    s[k] = '\0';
    return s;
}

/* The value of a constant (a number with its unit, or its negation) in SI
 * units, with its dimension. */
static bool constant_value(const struct ast *e, double *x, struct units_dim *dim)
{
    if (!e)
        return false;
    if (e->kind == AST_NUM) {
        struct units_val u = {UNITS_NONE, 1};
        const char *bad;
        size_t badlen;
        if (e->str && !units_parse(e->str, &u, &bad, &badlen))
            return false;
        *x = e->num * u.scale;
        *dim = u.dim;
        return true;
    }
    if (e->kind == AST_UNOP && (e->op == OP_NEG || e->op == OP_PLUS) &&
        constant_value(e->kids[0], x, dim)) {
        *x = e->op == OP_NEG ? -*x : *x;
        return true;
    }
    return false;
}

/* ---- facts ------------------------------------------------------------------------- */

static void add(struct facts *fs, const char *path, const char *shown, const struct ast *value)
{
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 64;
        fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
        if (!fs->f)
            out_of_memory(fs->cap * sizeof *fs->f);
    }
    struct fact *f = &fs->f[fs->n];
    *f = (struct fact){xsprintf("%s", path), xsprintf("%s", shown), NULL, NULL, false, 0,
                       {{0}}};
    if (value) {
        f->canon = canon(value);
        f->text = written(fs, value);
        f->constant = constant_value(value, &f->value, &f->dim);
    }
    /* the same path twice (two connect rules between the same cells): #2, #3 */
    int seen = 1;
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->f[i].path, path) == 0 || (strncmp(fs->f[i].path, path, strlen(path)) == 0 &&
                                                 strncmp(fs->f[i].path + strlen(path), " #", 2) == 0))
            seen++;
    if (seen > 1 && !value) {
        free(f->path);
        free(f->shown);
        f->path = xsprintf("%s #%d", path, seen);
        f->shown = xsprintf("%s #%d", shown, seen);
    }
    fs->n++;
}

/* Parent path + " / " + a child's name. */
static void child(char *buf, size_t size, const char *parent, const char *name)
{
    snprintf(buf, size, "%s%s%s", parent, *parent ? " / " : "", name);
}

/* Every PROP of a node's kids (from kid `from`), or of a LIST kid. */
static void props(struct facts *fs, const char *path, const char *shown, const struct ast *n)
{
    for (unsigned i = 0; n && i < n->nkids; i++) {
        const struct ast *k = n->kids[i];
        if (!k)
            continue;
        if (k->kind == AST_LIST && k->op == 0) {
            props(fs, path, shown, k);
        } else if (k->kind == AST_PROP) {
            char p[2048], s[2048];
            child(p, sizeof p, path, k->str);
            child(s, sizeof s, shown, k->str);
            add(fs, p, s, k->kids[0]);
        }
    }
}

/* A declaration that exists (path = kind + name), then what it holds. */
static void thing(struct facts *fs, const char *parent, const char *kind, const char *name,
                  char *path, char *shown, size_t size)
{
    char self[1024];
    snprintf(self, sizeof self, "%s%s%s", kind, name ? " " : "", name ? name : "");
    child(path, size, parent, self);
    child(shown, size, parent, self);
    add(fs, path, shown, NULL);
}

static void value_of(struct facts *fs, const char *path, const char *shown, const char *name,
                     const struct ast *value)
{
    char p[2048], s[2048];
    child(p, sizeof p, path, name);
    child(s, sizeof s, shown, name);
    add(fs, p, s, value);
}

static void stimulus(struct facts *fs, const char *parent, const struct ast *n)
{
    char p[2048], s[2048];
    thing(fs, parent, "stimulus", n->str, p, s, sizeof p);
    value_of(fs, p, s, "source", n->kids[0]);
    props(fs, p, s, n->kids[1]);
    value_of(fs, p, s, "target", n->kids[2]);
    if (n->nkids > 3 && n->kids[3])
        value_of(fs, p, s, "at", n->kids[3]);
    if (n->nkids > 4 && n->kids[4])
        value_of(fs, p, s, "via", n->kids[4]);
    if (n->nkids > 5 && n->kids[5]) {
        char vp[2100], vs[2100];
        child(vp, sizeof vp, p, "via");
        child(vs, sizeof vs, s, "via");
        props(fs, vp, vs, n->kids[5]);
    }
}

static void mechanism(struct facts *fs, const struct ast *m)
{
    static const char *const kinds[] = {"density", "point", "artificial"};
    char p[2048], s[2048];
    thing(fs, "", "mechanism", m->str, p, s, sizeof p);
    char kp[2100], ks[2100];
    child(kp, sizeof kp, p, "kind");
    child(ks, sizeof ks, s, "kind");
    add(fs, kp, ks, NULL);
    const char *kind = kinds[m->op >= 0 && m->op < 3 ? m->op : 0];
    fs->f[fs->n - 1].canon = xsprintf("%s", kind);
    fs->f[fs->n - 1].text = xsprintf("%s", kind);
    for (unsigned i = 0; i < m->nkids; i++) {
        const struct ast *k = m->kids[i];
        if (!k)
            continue;
        char name[512];
        switch (k->kind) {
        case AST_PARAM:
            snprintf(name, sizeof name, "%s %s", k->op == 1 ? "global" : "parameter", k->str);
            value_of(fs, p, s, name, k->kids[0]);
            break;
        case AST_CONSTANT:
            snprintf(name, sizeof name, "constant %s", k->str);
            value_of(fs, p, s, name, k->kids[0]);
            break;
        case AST_STATE: case AST_ASSIGNED:
            snprintf(name, sizeof name, "%s %s", k->kind == AST_STATE ? "state" : "assigned",
                     k->str);
            value_of(fs, p, s, name, k->kids[1]);
            break;
        default: {
            /* code (functions, blocks, currents): compared as trees */
            const char *what = k->kind == AST_FUNCTION ? "function"
                             : k->kind == AST_PROCEDURE ? "procedure"
                             : k->kind == AST_INITIAL ? "initial"
                             : k->kind == AST_DERIVATIVE ? "derivative"
                             : k->kind == AST_KINETIC ? "kinetic"
                             : k->kind == AST_LINEAR ? "linear"
                             : k->kind == AST_NONLINEAR ? "nonlinear"
                             : k->kind == AST_BREAKPOINT ? "breakpoint"
                             : k->kind == AST_CURRENT ? "current"
                             : k->kind == AST_RECEIVE ? "receive"
                             : k->kind == AST_USEION ? "useion"
                             : k->kind == AST_SETTER ? "setter" : "item";
            snprintf(name, sizeof name, "%s%s%s", what, k->str ? " " : "", k->str ? k->str : "");
            value_of(fs, p, s, name, k->kind == AST_CURRENT ? k->kids[0] : k);
            if (k->kind == AST_CURRENT) {
                char group[2300];
                snprintf(group, sizeof group, "%s's currents (summed in their order)", s);
                placed(fs, group, name, name);
            }
            break;
        }
        }
    }
}

static void cell(struct facts *fs, const struct ast *c)
{
    char p[2048], s[2048];
    thing(fs, "", "cell", c->str, p, s, sizeof p);
    for (unsigned i = 0; i < c->nkids; i++) {
        const struct ast *k = c->kids[i];
        if (!k)
            continue;
        if (k->kind == AST_SECTION && k->op != 2) {
            char sp[2100], ss[2100];
            thing(fs, p, k->op == 1 ? "sections" : "section", k->str, sp, ss, sizeof sp);
            for (unsigned j = 0; j < k->nkids; j++) {
                const struct ast *x = k->kids[j];
                if (x && x->kind == AST_PROP) {
                    value_of(fs, sp, ss, x->str, x->kids[0]);
                } else if (x && x->kind == AST_INSERT) {
                    char ip[2200], is[2200];
                    thing(fs, sp, "insert", x->str, ip, is, sizeof ip);
                    props(fs, ip, is, x);
                }
            }
        } else if (k->kind == AST_ATTACH) {
            char *childtext = written(fs, k->kids[0]);
            char name[600];
            snprintf(name, sizeof name, "attach %s", childtext);
            free(childtext);
            value_of(fs, p, s, name, k->kids[1]);
        } else if (k->kind == AST_SECLIST) {
            char name[600];
            snprintf(name, sizeof name, "sectionlist %s", k->str);
            value_of(fs, p, s, name, k);
        } else if (k->kind == AST_PROP) {
            value_of(fs, p, s, k->str, k->kids[0]);
        }
    }
}

static void experiment(struct facts *fs, const struct ast *e)
{
    char p[2048], s[2048];
    thing(fs, "", "experiment", e->str, p, s, sizeof p);
    for (unsigned i = 0; i < e->nkids; i++) {
        const struct ast *k = e->kids[i];
        if (!k)
            continue;
        if (k->kind == AST_STIMULUS) {
            /* numbered with the protocol's, in file order (lower_net.c's stim_order) */
            char key[2300];
            snprintf(key, sizeof key, "%s / stimulus %s", s, k->str);
            placed(fs, STIMULI, key, key);
            stimulus(fs, p, k);
        } else if (k->kind == AST_REMOVE) {
            char name[600];
            snprintf(name, sizeof name, "remove %s", k->str);
            char rp[2700], rs[2700];
            child(rp, sizeof rp, p, name);
            child(rs, sizeof rs, s, name);
            add(fs, rp, rs, NULL);
        } else if (k->kind == AST_SET) {
            char *path = canon(k->kids[0]), *shown = written(fs, k->kids[0]);
            char sp[2700], ss[2700];
            snprintf(sp, sizeof sp, "%s / set %s", p, path);
            snprintf(ss, sizeof ss, "%s / set %s", s, shown);
            add(fs, sp, ss, k->kids[1]);
            free(path);
            free(shown);
        } else if (k->kind == AST_PROP) {
            value_of(fs, p, s, k->str, k->kids[0]);
        }
    }
}

/* A sweep's or fit's `vary` line: its path under the block's, canonical
 * (vp) and as written (vs). */
static void vary_line(struct facts *fs, const struct ast *v, const char *p, const char *s,
                      char *vp, char *vs, size_t size)
{
    char *path = canon(v->kids[0]), *shown = written(fs, v->kids[0]);
    snprintf(vp, size, "%s / vary %s", p, path);
    snprintf(vs, size, "%s / vary %s", s, shown);
    free(path);
    free(shown);
}

/* A sweep: its experiment and each line's values (`17 steps`, `9 log`). */
static void sweep(struct facts *fs, const struct ast *w)
{
    char p[2048], s[2048];
    thing(fs, "", "sweep", w->str, p, s, sizeof p);
    if (w->kids[0])
        value_of(fs, p, s, "in", w->kids[0]);
    for (unsigned i = 1; i < w->nkids; i++) {
        const struct ast *v = w->kids[i];
        char vp[2700], vs[2700];
        vary_line(fs, v, p, s, vp, vs, sizeof vp);
        char group[2300];
        snprintf(group, sizeof group, "%s's vary lines (the grid's points follow their order)", s);
        placed(fs, group, vp, vs);
        if (v->op == 2) {
            value_of(fs, vp, vs, "values", v->kids[1]);
        } else {
            value_of(fs, vp, vs, "from", v->kids[1]);
            value_of(fs, vp, vs, "to", v->kids[2]);
            value_of(fs, vp, vs, "count", v->kids[3]);
        }
    }
}

/* A fit: its experiment, each line's bounds, each target's value and
 * tolerance, its budget. */
static void fit(struct facts *fs, const struct ast *w)
{
    char p[2048], s[2048];
    thing(fs, "", "fit", w->str, p, s, sizeof p);
    if (w->kids[0])
        value_of(fs, p, s, "in", w->kids[0]);
    for (unsigned i = 1; i < w->nkids; i++) {
        const struct ast *v = w->kids[i];
        char vp[2700], vs[2700];
        if (v->kind == AST_VARY) {
            vary_line(fs, v, p, s, vp, vs, sizeof vp);
            value_of(fs, vp, vs, "from", v->kids[1]);
            value_of(fs, vp, vs, "to", v->kids[2]);
        } else if (v->kind == AST_TARGET) {
            snprintf(vp, sizeof vp, "%s / target %s", p, v->str);
            snprintf(vs, sizeof vs, "%s / target %s", s, v->str);
            value_of(fs, vp, vs, "value", v->kids[0]);
            if (v->kids[1])
                value_of(fs, vp, vs, "within", v->kids[1]);
        } else if (v->kind == AST_BUDGET) {
            value_of(fs, p, s, "budget", v->kids[0]);
        }
    }
}

/* A rule or a record has no name: its header (what it joins, where) is its
 * path, canonical for matching and as written for messages. */
static void headed(struct facts *fs, const char *kind, const struct ast *const *kids,
                   const char *const *words, int n, char *path, char *shown, size_t size)
{
    char *p = xsprintf("%s", kind), *s = xsprintf("%s", kind);
    for (int i = 0; i < n; i++) {
        if (!kids[i])
            continue;
        char *c = canon(kids[i]), *w = written(fs, kids[i]);
        char *p2 = xsprintf("%s %s", p, c);
        char *s2 = xsprintf("%s%s%s %s", s, *words[i] ? " " : "", words[i], w);
        free(c);
        free(w);
        free(p);
        free(s);
        p = p2;
        s = s2;
    }
    snprintf(path, size, "%s", p);
    snprintf(shown, size, "%s", s);
    free(p);
    free(s);
    add(fs, path, shown, NULL);
    /* add() may have numbered a repeated header */
    snprintf(path, size, "%s", fs->f[fs->n - 1].path);
    snprintf(shown, size, "%s", fs->f[fs->n - 1].shown);
}

static void item(struct facts *fs, const struct ast *n)
{
    char p[4096], s[4096];
    switch (n->kind) {
    case AST_MECH:
        mechanism(fs, n);
        break;
    case AST_CELL:
        cell(fs, n);
        break;
    case AST_NETWORK:
        thing(fs, "", "network", NULL, p, s, sizeof p);
        props(fs, p, s, n);
        break;
    case AST_POPULATION:
        thing(fs, "", "population", n->str, p, s, sizeof p);
        placed(fs, "populations (the gids follow their order)", n->str, n->str);
        value_of(fs, p, s, "of", n->kids[0]);
        props(fs, p, s, n->kids[1]);
        break;
    case AST_GROUP:
        thing(fs, "", "group", n->str, p, s, sizeof p);
        value_of(fs, p, s, "members", n);
        break;
    case AST_SYNAPSE:
        thing(fs, "", n->op == 1 ? "shared synapse" : "synapse", n->str, p, s, sizeof p);
        value_of(fs, p, s, "mechanism", n->kids[0]);
        props(fs, p, s, n->kids[1]);
        break;
    case AST_CONNECT: {
        const struct ast *head[] = {n->kids[0], n->kids[1], n->kids[2], n->kids[3]};
        static const char *const words[] = {"", "->", "at", "via"};
        headed(fs, "connect", head, words, 4, p, s, sizeof p);
        placed(fs, "connection rules (their random draws and synapses follow their order)", p, s);
        props(fs, p, s, n->kids[4]);
        break;
    }
    case AST_STIMULUS:
        placed(fs, STIMULI, n->str, n->str);
        stimulus(fs, "", n);
        break;
    case AST_SIMULATION:
        thing(fs, "", "simulation", NULL, p, s, sizeof p);
        for (unsigned i = 0; i < n->nkids; i++) {
            const struct ast *k = n->kids[i];
            if (k && k->kind == AST_PROP) {
                value_of(fs, p, s, k->str, k->kids[0]);
                const struct ast *t = k->kids[0];
                if (!strcmp(k->str, "temperature") && t->kind == AST_NUM && t->str &&
                    !strcmp(t->str, "K") && fs->f[fs->n - 1].constant)
                    fs->f[fs->n - 1].value = units_kelvin_to_celsius(fs->f[fs->n - 1].value);
            } else if (k && k->kind == AST_RECORD) {
                char rp[4200], rs[4200];
                char *c = canon(k), *w = written(fs, k);
                snprintf(rp, sizeof rp, "%s / record %s", p, c);
                snprintf(rs, sizeof rs, "%s / %s", s, w);
                add(fs, rp, rs, NULL);
                free(c);
                free(w);
            }
        }
        break;
    case AST_EXPERIMENT:
        experiment(fs, n);
        break;
    case AST_SWEEP:
        sweep(fs, n);
        break;
    case AST_FIT:
        fit(fs, n);
        break;
    case AST_SET: {
        char *c = canon(n->kids[0]), *w = written(fs, n->kids[0]);
        snprintf(p, sizeof p, "set %s", c);
        snprintf(s, sizeof s, "set %s", w);
        add(fs, p, s, n->kids[1]);
        free(c);
        free(w);
        break;
    }
    case AST_PARAM:
        snprintf(p, sizeof p, "parameter %s", n->str);
        add(fs, p, p, n->kids[0]);
        break;
    case AST_WINDOW:
        snprintf(p, sizeof p, "window %s", n->str);
        add(fs, p, p, n->kids[0]);
        break;
    case AST_MEASURE: {
        snprintf(p, sizeof p, "measure %s", n->str);
        add(fs, p, p, n->kids[1]);
        if (n->kids[0]) {
            char ip[4200];
            snprintf(ip, sizeof ip, "%s / in", p);
            add(fs, ip, ip, n->kids[0]);
        }
        break;
    }
    case AST_EXPECT: {
        const struct ast *head[] = {n->kids[0], n->kids[1]};
        static const char *const words[] = {"in", ""};
        headed(fs, "expect", head, words, 2, p, s, sizeof p);
        break;
    }
    case AST_FIGURE:
        thing(fs, "", "figure", n->str, p, s, sizeof p);
        value_of(fs, p, s, "kind", n->kids[0]);
        props(fs, p, s, n->kids[1]);
        break;
    default:
        break;
    }
}

/* The facts of a model file: every program it loaded but the stdlib. */
static bool read_facts(const char *path, struct front **fp, struct facts *fs, FILE *err)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct front *f = front_create(&fo);
    *fp = f;
    bool ok = front_check_file(f, path);
    if (!ok) {
        fputs(diag_text(f->diag), err);
        if (diag_errors(f->diag) == 0)
            fprintf(err, "circ diff: cannot read '%s'\n", path);
        return false;
    }
    fs->front = f;
    for (int i = 0; i < f->nprograms; i++) {
        if (f->is_stdlib[i])
            continue;
        for (unsigned k = 0; k < f->programs[i]->nkids; k++)
            if (f->programs[i]->kids[k])
                item(fs, f->programs[i]->kids[k]);
    }
    return true;
}

static void placed(struct facts *fs, const char *group, const char *key, const char *shown)
{
    if (fs->norder == fs->caporder) {
        fs->caporder = fs->caporder ? 2 * fs->caporder : 64;
        fs->order = realloc(fs->order, fs->caporder * sizeof *fs->order);
        if (!fs->order)
            out_of_memory(0);
    }
    fs->order[fs->norder++] = (struct placed){xsprintf("%s", group), xsprintf("%s", key),
                                              xsprintf("%s", shown)};
}

static void free_facts(struct facts *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].path);
        free(fs->f[i].shown);
        free(fs->f[i].canon);
        free(fs->f[i].text);
    }
    free(fs->f);
    for (size_t i = 0; i < fs->norder; i++) {
        free(fs->order[i].group);
        free(fs->order[i].key);
        free(fs->order[i].shown);
    }
    free(fs->order);
}

static bool placed_in(const struct facts *fs, const char *group, const char *key)
{
    for (size_t i = 0; i < fs->norder; i++)
        if (!strcmp(fs->order[i].group, group) && !strcmp(fs->order[i].key, key))
            return true;
    return false;
}

/* Group g's things that both models have, in a's order and in b's: one
 * `reordered` line where they differ. */
static int reordered(const struct facts *a, const struct facts *b, FILE *out)
{
    int changes = 0;
    for (size_t i = 0; i < a->norder; i++) {
        const char *g = a->order[i].group;
        bool first = true;
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(a->order[k].group, g) != 0;
        if (!first)
            continue;
        size_t na = 0, nb = 0;
        const struct placed *pa[a->norder + 1], *pb[b->norder + 1];
        for (size_t k = 0; k < a->norder; k++)
            if (!strcmp(a->order[k].group, g) && placed_in(b, g, a->order[k].key))
                pa[na++] = &a->order[k];
        for (size_t k = 0; k < b->norder; k++)
            if (!strcmp(b->order[k].group, g) && placed_in(a, g, b->order[k].key))
                pb[nb++] = &b->order[k];
        bool same = na == nb;
        for (size_t k = 0; same && k < na; k++)
            same = !strcmp(pa[k]->key, pb[k]->key);
        if (same)
            continue;
        fprintf(out, "reordered %s:", g);
        for (size_t k = 0; k < na; k++)
            fprintf(out, "%s %s", k ? "," : "", pa[k]->shown);
        fprintf(out, " ->");
        for (size_t k = 0; k < nb; k++)
            fprintf(out, "%s %s", k ? "," : "", pb[k]->shown);
        fprintf(out, "\n");
        changes++;
    }
    return changes;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct fact *)a)->path, ((const struct fact *)b)->path);
}

static const struct fact *find(const struct facts *fs, const char *path)
{
    struct fact key = {.path = (char *)path};
    return bsearch(&key, fs->f, fs->n, sizeof *fs->f, by_path);
}

/* Is a parent of f (a shorter path ending at " / ") missing from other? */
static bool parent_missing(const struct fact *f, const struct facts *other)
{
    for (const char *p = strstr(f->path, " / "); p; p = strstr(p + 3, " / ")) {
        char *parent = strndup(f->path, (size_t)(p - f->path));
        bool missing = parent && !find(other, parent);
        free(parent);
        if (missing)
            return true;
    }
    return false;
}

static bool same_value(const struct fact *a, const struct fact *b)
{
    if (!a->canon || !b->canon)
        return !a->canon && !b->canon;
    if (a->constant && b->constant) {
        if (!units_dim_eq(a->dim, b->dim))
            return false;
        double scale = fmax(fabs(a->value), fabs(b->value));
        /* a unit conversion's rounding (25 us against 0.025 ms: a few ulps),
         * not a written change such as 0.2 against 0.20000000000001 */
        return fabs(a->value - b->value) <= 1e-14 * scale;
    }
    return strcmp(a->canon, b->canon) == 0;
}

int diff_models(const char *path_a, const char *path_b, FILE *out, FILE *err)
{
    struct front *fa = NULL, *fb = NULL;
    struct facts a = {0}, b = {0};
    int rc = 2;
    if (read_facts(path_a, &fa, &a, err) && read_facts(path_b, &fb, &b, err)) {
        qsort(a.f, a.n, sizeof *a.f, by_path);
        qsort(b.f, b.n, sizeof *b.f, by_path);
        int changes = 0;
        for (size_t i = 0; i < a.n; i++) {
            const struct fact *x = &a.f[i], *y = find(&b, x->path);
            if (!y && !parent_missing(x, &b)) {
                fprintf(out, "removed  %s%s%s\n", x->shown, x->text ? " = " : "",
                        x->text ? x->text : "");
                changes++;
            } else if (y && !same_value(x, y)) {
                bool code = x->text && strchr(x->text, '{');
                if (code)
                    fprintf(out, "changed  %s (its code)\n", x->shown);
                else
                    fprintf(out, "changed  %s: %s -> %s\n", x->shown, x->text ? x->text : "",
                            y->text ? y->text : "");
                changes++;
            }
        }
        for (size_t i = 0; i < b.n; i++) {
            const struct fact *y = &b.f[i];
            if (!find(&a, y->path) && !parent_missing(y, &a)) {
                fprintf(out, "added    %s%s%s\n", y->shown, y->text ? " = " : "",
                        y->text ? y->text : "");
                changes++;
            }
        }
        changes += reordered(&a, &b, out);
        if (changes == 0)
            fprintf(out, "no differences in the model\n");
        rc = changes ? 1 : 0;
    }
    free_facts(&a);
    free_facts(&b);
    if (fa)
        front_destroy(fa);
    if (fb)
        front_destroy(fb);
    return rc;
}
