/* swc.c - SWC text -> sections, as NEURON 8.2's Import3d does it.
 *
 * The steps and their names follow share/lib/hoc/import3d: read_swc.hoc
 * (parse, check_pid, sectionify with mark_branch and the neuromorpho.org
 * 3-point soma, mksections) and import3d_gui.hoc (chk_valid, set_nameindex,
 * instantiate with sphere_rep).  Point values are kept as hoc keeps them
 * (hoc's sscanf reads "%f" into floats, which it keeps as doubles;
 * diameters = 2 * radius); what instantiate hands to pt3dadd is printed
 * with %.8g and read back, as its executed hoc strings do.
 */
#include "swc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pts {
    int n;
    double *id, *type, *x, *y, *z, *d, *pid;
    int *line;
};

struct rd {                 /* one reading */
    struct arena *a;
    struct diag_sink *diag;
    int file;
    struct pts p;
    double *nchild, *nchild_soma, *connect2prox, *point2sec;
    int soma3geom;
};

/* A section while it is being built (Import3d_Section). */
struct isec {
    int id;                 /* index of its first point (root) or of its first own point */
    int n;                  /* raw points */
    double *x, *y, *z, *d;
    int type, parent, first, removed;
    double parentx;
};

static struct loc line_loc(const struct rd *r, int line)
{
    const struct srcfile *f = diag_file(r->diag, r->file);
    unsigned start = f->line_start[line - 1];
    unsigned end = start;
    while (end < f->len && f->text[end] != '\n' && f->text[end] != '\r')
        end++;
    if (end == start && end < f->len)
        end++;
    return (struct loc){r->file, start, end};
}

/* ---- reading (read_swc.hoc rdfile, parse) ------------------------------------ */

static bool blank_or_comment(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    return s == end || *s == '#';
}

/* Up to 7 numbers at the start of a line, as hoc's sscanf("%f %f ...")
 * reads them: into floats (x, y, z and the radius are rounded to float
 * here, as NEURON's are; ids stay exact). */
static int scan7(const char *s, const char *end, double v[7])
{
    int n = 0;
    char buf[128];
    while (n < 7) {
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        size_t len = 0;
        while (s + len < end && s[len] != ' ' && s[len] != '\t' && s[len] != '\r')
            len++;
        if (len == 0 || len >= sizeof buf)
            return n;
        memcpy(buf, s, len);
        buf[len] = 0;
        char *stop;
        v[n] = n == 0 || n == 1 || n == 6 ? strtod(buf, &stop) : (double)strtof(buf, &stop);
        if (stop == buf || !isfinite(v[n]))
            return n;
        n++;
        if (*stop)          /* "12abc": sscanf takes 12 and stops there */
            return n;
        s += len;
    }
    return n;
}

static bool whole(double v)
{
    return v == floor(v) && fabs(v) < 2e9;
}

static bool parse(struct rd *r)
{
    const struct srcfile *f = diag_file(r->diag, r->file);
    size_t cap = f->nlines + 1;
    struct pts *p = &r->p;
    double **cols[] = {&p->id, &p->type, &p->x, &p->y, &p->z, &p->d, &p->pid};
    for (int c = 0; c < 7; c++)
        *cols[c] = arena_alloc(r->a, cap * sizeof(double));
    p->line = arena_alloc(r->a, cap * sizeof(int));
    bool ok = true;
    for (size_t ln = 0; ln < f->nlines; ln++) {
        const char *s = f->text + f->line_start[ln];
        const char *end = s;
        while (end < f->text + f->len && *end != '\n')
            end++;
        double v[7];
        int n = scan7(s, end, v);
        if (n == 7) {
            struct loc at = line_loc(r, (int)ln + 1);
            if (!whole(v[0]) || !whole(v[6]) || !whole(v[1])) {
                diag_error(r->diag, at, "SWC point ids, types and parent ids must be whole numbers");
                ok = false;
                continue;
            }
            if (v[5] < 0) {
                diag_error(r->diag, at, "SWC point %g has a negative radius", v[0]);
                ok = false;
                continue;
            }
            v[5] *= 2;      /* radius to diameter */
            for (int c = 0; c < 7; c++)
                (*cols[c])[p->n] = v[c];
            p->line[p->n++] = (int)ln + 1;
        } else if (!blank_or_comment(s, end)) {
            diag_error(r->diag, line_loc(r, (int)ln + 1), "malformed SWC line: expected 7 numbers "
                       "(id type x y z radius parent), found %d", n);
            ok = false;
        }
        if (diag_too_many(r->diag))
            return false;
    }
    if (ok && p->n == 0) {
        struct loc top = {r->file, 0, 0};
        diag_error(r->diag, top, "SWC file has no points");
        ok = false;
    }
    return ok;
}

/* ---- the tree (check_pid) ----------------------------------------------------------- */

/* A point's id beside its index, sorted by id: no global key, so models
 * may be read on threads of their own (the embedding API). */
struct keyed {
    double id;
    int index;
};

static int by_id(const void *a, const void *b)
{
    double x = ((const struct keyed *)a)->id, y = ((const struct keyed *)b)->id;
    return (x > y) - (x < y);
}

static void permute(struct arena *a, double *v, const int *perm, int n)
{
    double *t = arena_alloc(a, (size_t)(n + 1) * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = v[perm[i]];
    memcpy(v, t, (size_t)n * sizeof *v);
}

/* Index of the point with this id, or -1 (ids are sorted). */
static int index_of(const struct pts *p, double id)
{
    int lo = 0, hi = p->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (p->id[mid] == id)
            return mid;
        if (p->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int pix2ix(const struct rd *r, int i)
{
    if (r->p.pid[i] < 0)
        return -1;
    return index_of(&r->p, r->p.pid[i]);
}

static bool check_tree(struct rd *r)
{
    struct pts *p = &r->p;
    int n = p->n;
    bool sorted = true;
    for (int i = 1; i < n; i++)
        sorted &= p->id[i] > p->id[i - 1];
    if (!sorted) {     /* check_pid sorts in id order */
        struct keyed *key = arena_alloc(r->a, (size_t)(n + 1) * sizeof *key);
        for (int i = 0; i < n; i++)
            key[i] = (struct keyed){p->id[i], i};
        qsort(key, (size_t)n, sizeof *key, by_id);
        int *perm = arena_alloc(r->a, (size_t)(n + 1) * sizeof *perm);
        for (int i = 0; i < n; i++)
            perm[i] = key[i].index;
        /* qsort is not stable: order equal ids by line so the message is stable */
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && p->id[perm[j]] == p->id[perm[j - 1]] &&
                 p->line[perm[j]] < p->line[perm[j - 1]]; j--) {
                int t = perm[j];
                perm[j] = perm[j - 1];
                perm[j - 1] = t;
            }
        double *cols[] = {p->id, p->type, p->x, p->y, p->z, p->d, p->pid};
        for (int c = 0; c < 7; c++)
            permute(r->a, cols[c], perm, n);
        int *lines = arena_alloc(r->a, (size_t)(n + 1) * sizeof *lines);
        for (int i = 0; i < n; i++)
            lines[i] = p->line[perm[i]];
        p->line = lines;
    }
    bool ok = true;
    for (int i = 1; i < n; i++)
        if (p->id[i] == p->id[i - 1]) {
            diag_error(r->diag, line_loc(r, p->line[i]), "SWC point id %g is used twice", p->id[i]);
            diag_note(r->diag, line_loc(r, p->line[i - 1]), "first used here");
            ok = false;
        }
    if (!ok)
        return false;
    for (int i = 0; i < n; i++)
        if (p->pid[i] >= 0 && index_of(p, p->pid[i]) < 0) {
            diag_error(r->diag, line_loc(r, p->line[i]), "parent %g of SWC point %g is not a point "
                       "of the file", p->pid[i], p->id[i]);
            ok = false;
        }
    if (!ok)
        return false;
    /* a cycle: following parents from a point comes back to a point of the
     * same walk (1: on the current walk, 2: leads to a root); O(n) */
    char *state = arena_alloc(r->a, (size_t)n + 1);
    for (int i = 0; i < n && ok; i++) {
        int q = i;
        while (q >= 0 && state[q] == 0) {
            state[q] = 1;
            q = pix2ix(r, q);
        }
        if (q >= 0 && state[q] == 1) {
            diag_error(r->diag, line_loc(r, p->line[q]), "SWC point %g is its own ancestor: its "
                       "parents form a cycle", p->id[q]);
            ok = false;
        }
        for (int k = i; k >= 0 && state[k] == 1; k = pix2ix(r, k))
            state[k] = 2;
    }
    for (int i = 0; i < n && ok; i++)
        if (p->pid[i] >= p->id[i]) {
            diag_error(r->diag, line_loc(r, p->line[i]), "parent %g of SWC point %g must come "
                       "before it (a parent id smaller than the point's)", p->pid[i], p->id[i]);
            ok = false;
        }
    if (!ok)
        return false;
    int roots = 0;
    for (int i = 0; i < n; i++)
        if (p->pid[i] < 0 && ++roots == 2) {
            diag_error(r->diag, line_loc(r, p->line[i]), "SWC point %g is a second root: a cell "
                       "is one tree (one point with parent -1)", p->id[i]);
            diag_note(r->diag, line_loc(r, p->line[0]), "the first root");
            return false;
        }
    return true;
}

/* ---- sections (sectionify, mark_branch, mksections) ------------------------ */

static void mark_branch(struct rd *r)
{
    const struct pts *p = &r->p;
    for (int i = 0; i < p->n; i++) {
        int q = pix2ix(r, i);
        if (q < 0)
            continue;
        r->nchild[q] += 1;
        if (q != i - 1) {
            r->nchild[q] += .01;
            if (q > 1) {
                if (p->type[q] != 1 && p->type[pix2ix(r, q)] == 1) {
                    r->connect2prox[i] = 1;
                    r->nchild[q] = 1;
                }
            } else if (q == 0) {
                if (p->type[q] != 1) {
                    r->connect2prox[i] = 1;
                    r->nchild[q] = 1;
                }
            }
        }
        if (p->type[q] != p->type[i])
            r->nchild[q] += .01;
    }
}

/* neuromorpho.org's 3-point soma (uniform diameter, points 1 and 2 children
 * of the middle point 0 at one radius each, nothing attached to them) is a
 * sphere: its last two points are dropped in mksection. */
static void neuromorph_3point_soma(struct rd *r)
{
    struct pts *p = &r->p;
    r->soma3geom = 0;
    if (p->n < 3 || pix2ix(r, 1) != 0 || pix2ix(r, 2) != 0)
        return;
    if (r->nchild[1] != 0 || r->nchild[2] != 0)
        return;
    if (p->d[1] != p->d[0] || p->d[2] != p->d[0])
        return;
    double len = 0;
    for (int i = 1; i <= 2; i++)
        len += sqrt(pow(p->x[i] - p->x[0], 2) + pow(p->y[i] - p->y[0], 2) +
                    pow(p->z[i] - p->z[0], 2));
    if (fabs(len / p->d[0] - 1) < .01) {
        r->soma3geom = 1;
        p->pid[2] = p->id[1];
    }
}

static void sectionify(struct rd *r)
{
    struct pts *p = &r->p;
    int n = p->n;
    mark_branch(r);
    int nsoma_pts = p->type[0] == 1;
    for (int i = 1; i < n; i++)
        if (p->type[i] == 1) {
            nsoma_pts++;
            int q = pix2ix(r, i);
            if (q >= 0 && p->type[q] == 1)
                r->nchild_soma[q] += 1;
        }
    if (nsoma_pts == 3)
        neuromorph_3point_soma(r);
    for (int i = 0; i < n - 1; i++)
        if (p->type[i] == 1 && p->type[i + 1] == 1 && pix2ix(r, i + 1) == i &&
            !(i != 0 && r->nchild_soma[i] > 1))
            r->nchild[i] = 1;      /* not a section end */
    int si = 0, last = 0;          /* last: the last point of section si */
    while (last < n && r->nchild[last] == 1)
        last++;
    r->point2sec[0] = 0;
    for (int i = 1; i < n; i++) {
        if (i > last) {
            si++;
            last = i;
            while (last < n && r->nchild[last] == 1)
                last++;
        }
        r->point2sec[i] = si;
    }
}

static void sec_alloc(struct arena *a, struct isec *s, int id, int n)
{
    *s = (struct isec){.id = id, .n = n, .parent = -1, .parentx = 1};
    s->x = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    s->y = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    s->z = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    s->d = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
}

/* Import3d_Section.append(j0, k0, count, x, y, z, d) */
static void sec_append(const struct rd *r, struct isec *s, int j0, int k0, int count)
{
    for (int i = 0; i < count; i++) {
        s->x[j0 + i] = r->p.x[k0 + i];
        s->y[j0 + i] = r->p.y[k0 + i];
        s->z[j0 + i] = r->p.z[k0 + i];
        s->d[j0 + i] = r->p.d[k0 + i];
    }
}

static void mksection(struct rd *r, struct isec *secs, int isec, int first, int i)
{
    const struct pts *p = &r->p;
    struct isec *sec = &secs[isec];
    if (isec == 0) {
        if (r->soma3geom)
            i = 1;
        sec_alloc(r->a, sec, first, i - first);
        sec_append(r, sec, 0, first, i - first);
    } else {
        sec_alloc(r->a, sec, first, i - first + 1);
        int pfirst = pix2ix(r, first);
        sec->parent = (int)r->point2sec[pfirst];
        const struct isec *psec = &secs[sec->parent];
        bool den_con_soma = psec->type == 1 && p->type[first] != 1;
        bool con_soma = psec->type == 1;
        bool handled = false;
        if (sec->parent == 0) {     /* connects to the root */
            handled = true;
            if (den_con_soma && psec->n == 1) {     /* single point soma: by wire to 0.5 */
                sec->parentx = 0.5;
                if (i - first > 1)
                    sec->first = 1;
            } else if (pfirst == psec->id) {        /* first point of the root */
                sec->parentx = 0.0;
                if (p->type[first] != 1 && r->nchild_soma[pfirst] > 1)
                    sec->first = 1;
            } else {
                handled = false;
            }
        }
        if (!handled && con_soma) {
            int offset = psec->id == 0 ? -1 : -2;
            if (pfirst < psec->id + psec->n + offset) {    /* interior of a soma */
                sec->parentx = 0.5;
                if (den_con_soma && i - first > 1)
                    sec->first = 1;
            } else if (i - first > 1 && r->nchild_soma[pfirst] > 1) {
                if (p->type[first] != 1)
                    sec->first = 1;
            }
        }
        sec_append(r, sec, 0, pfirst, 1);
        sec_append(r, sec, 1, first, i - first);
    }
    sec->type = (int)p->type[first];
    if (sec->parent >= 0 && secs[sec->parent].type == 1 && sec->type != 1)
        sec->d[0] = sec->d[1];
    if (r->connect2prox[first])
        sec->parentx = 0;
}

/* ---- instantiate (import3d_gui.hoc) ----------------------------------------- */

static const char *type_name(struct arena *a, int type)
{
    switch (type) {
    case 1: return "soma";
    case 2: return "axon";
    case 3: return "dend";
    case 4: return "apic";
    default:
        return type < 0 ? arena_printf(a, "minus_%d", -type) : arena_printf(a, "dend_%d", type);
    }
}

/* What pt3dadd receives: instantiate prints each value with %.8g. */
static double as_printed(double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.8g", v);
    return strtod(buf, NULL);
}

struct swc_morph *swc_read(struct arena *a, struct diag_sink *d, int file)
{
    struct rd r = {.a = a, .diag = d, .file = file};
    if (!parse(&r) || !check_tree(&r))
        return NULL;
    int n = r.p.n;
    r.nchild = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    r.nchild_soma = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    r.connect2prox = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    r.point2sec = arena_alloc(a, (size_t)(n + 1) * sizeof(double));
    sectionify(&r);
    int nsec = (int)r.point2sec[n - 1] + 1;
    struct isec *secs = arena_alloc(a, (size_t)(nsec + 1) * sizeof *secs);
    int isec = 0, first = 0;
    for (int i = 0; i < n; i++)
        if (r.point2sec[i] > isec) {
            mksection(&r, secs, isec, first, i);
            isec++;
            first = i;
        }
    mksection(&r, secs, isec, first, n);

    /* chk_valid: one-point and zero-length two-point branches are removed,
     * their later children hung where they hung */
    for (int i = nsec - 1; i >= 0; i--) {
        struct isec *s = &secs[i];
        if (s->parent < 0)
            continue;
        int own = s->n - s->first;
        bool drop = own <= 1 || (own <= 2 && s->x[s->first] == s->x[s->first + 1] &&
                                 s->y[s->first] == s->y[s->first + 1] &&
                                 s->z[s->first] == s->z[s->first + 1]);
        if (!drop)
            continue;
        s->removed = 1;
        for (int j = i + 1; j < nsec; j++)
            if (!secs[j].removed && secs[j].parent == i) {
                secs[j].parent = s->parent;
                secs[j].parentx = s->parentx;
            }
    }

    struct swc_morph *m = arena_alloc(a, sizeof *m);
    m->sections = arena_alloc(a, (size_t)(nsec + 1) * sizeof *m->sections);
    int *newidx = arena_alloc(a, (size_t)(nsec + 1) * sizeof *newidx);
    double tmin = r.p.type[0];
    for (int i = 1; i < n; i++)
        tmin = fmin(tmin, r.p.type[i]);
    double tmax = tmin;
    for (int i = 0; i < n; i++)
        tmax = fmax(tmax, r.p.type[i]);
    int *count = arena_alloc(a, (size_t)(tmax - tmin + 2) * sizeof *count);
    for (int i = 0; i < nsec; i++) {
        const struct isec *s = &secs[i];
        newidx[i] = -1;
        if (s->removed)
            continue;
        newidx[i] = m->nsections;
        struct swc_section *o = &m->sections[m->nsections++];
        const char *list = type_name(a, s->type);
        o->list = arena_intern(a, list, strlen(list));
        const char *name = arena_printf(a, "%s[%d]", list, count[s->type - (int)tmin]++);
        o->name = arena_intern(a, name, strlen(name));
        o->type = s->type;
        o->parent = s->parent >= 0 ? newidx[s->parent] : -1;
        o->parent_x = s->parentx;
        o->line = r.p.line[s->id];
        int j = s->first, np = s->n - j;
        double *xx = s->x + j, *yy = s->y + j, *zz = s->z + j, *dd = s->d + j;
        if (np == 1) {      /* sphere_rep: a cylinder along x with L = diam */
            double x0 = xx[0], y0 = yy[0], z0 = zz[0], d0 = dd[0];
            np = 3;
            xx = arena_alloc(a, 3 * sizeof(double));
            yy = arena_alloc(a, 3 * sizeof(double));
            zz = arena_alloc(a, 3 * sizeof(double));
            dd = arena_alloc(a, 3 * sizeof(double));
            for (int k = 0; k < 3; k++) {
                xx[k] = x0;
                yy[k] = y0;
                zz[k] = z0;
                dd[k] = d0;
            }
            xx[0] -= d0 / 2;
            xx[2] += d0 / 2;
        }
        o->npts = np;
        o->x = arena_alloc(a, (size_t)np * sizeof(double));
        o->y = arena_alloc(a, (size_t)np * sizeof(double));
        o->z = arena_alloc(a, (size_t)np * sizeof(double));
        o->d = arena_alloc(a, (size_t)np * sizeof(double));
        for (int k = 0; k < np; k++) {
            o->x[k] = as_printed(xx[k]);
            o->y[k] = as_printed(yy[k]);
            o->z[k] = as_printed(zz[k]);
            o->d[k] = as_printed(dd[k]);
        }
    }
    return m;
}
