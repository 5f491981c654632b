/* diag.c - file registry, line maps and clang-style diagnostic rendering. */
#include "diag.h"
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *diag_program = "circ";

/* One rendered diagnostic with its notes: buf[off, off+len). */
struct record {
    int file;
    unsigned start;
    unsigned seq;
    size_t off, len;
};

struct diag_sink {
    struct srcfile *files;
    int nfiles;
    struct diag_item *items;    /* every diagnostic as data, notes included */
    size_t nitems, capitems;
    char *buf;                  /* rendered diagnostics, in report order */
    size_t len, cap;
    struct record *recs;
    size_t nrecs, caprecs;
    char *sorted;               /* buf reordered by location, built on demand */
    unsigned errors, warnings, limit;
    bool werror, dropped, last_dropped;
};

struct diag_sink *diag_create(void)
{
    struct diag_sink *d = xcalloc(1, sizeof *d);
    d->limit = 50;
    d->buf = xcalloc(1, 1);
    d->cap = 1;
    return d;
}

void diag_destroy(struct diag_sink *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nfiles; i++) {
        free(d->files[i].path);
        free(d->files[i].text);
        free(d->files[i].line_start);
    }
    free(d->files);
    free(d->buf);
    free(d->recs);
    for (size_t i = 0; i < d->nitems; i++)
        free(d->items[i].message);
    free(d->items);
    free(d->sorted);
    free(d);
}

int diag_add_file(struct diag_sink *d, const char *path, const char *text, size_t len)
{
    d->files = xrealloc(d->files, (size_t)(d->nfiles + 1) * sizeof *d->files);
    struct srcfile *f = &d->files[d->nfiles];
    f->path = xstrdup(path);
    f->text = xmalloc(len + 1);
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    size_t cap = 64;
    f->line_start = xmalloc(cap * sizeof *f->line_start);
    f->nlines = 0;
    f->line_start[f->nlines++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n')
            continue;
        if (f->nlines == cap)
            f->line_start = xrealloc(f->line_start, (cap *= 2) * sizeof *f->line_start);
        f->line_start[f->nlines++] = (unsigned)(i + 1);
    }
    return d->nfiles++;
}

const struct srcfile *diag_file(const struct diag_sink *d, int id)
{
    return id >= 0 && id < d->nfiles ? &d->files[id] : NULL;
}

int diag_nfiles(const struct diag_sink *d)
{
    return d->nfiles;
}

static size_t line_index(const struct srcfile *f, unsigned offset)
{
    size_t lo = 0, hi = f->nlines;    /* last line_start <= offset */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->line_start[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static bool utf8_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

void diag_line_col(const struct diag_sink *d, int file, unsigned offset,
                   unsigned *line, unsigned *col)
{
    const struct srcfile *f = diag_file(d, file);
    if (!f) {
        *line = *col = 0;
        return;
    }
    if (offset > f->len)
        offset = (unsigned)f->len;
    size_t li = line_index(f, offset);
    unsigned c = 1;
    for (unsigned i = f->line_start[li]; i < offset; i++)
        if (!utf8_cont((unsigned char)f->text[i]))
            c++;
    *line = (unsigned)li + 1;
    *col = c;
}

static void put(struct diag_sink *d, const char *s, size_t n)
{
    if (d->len + n + 1 > d->cap) {
        while (d->len + n + 1 > d->cap)
            d->cap *= 2;
        d->buf = xrealloc(d->buf, d->cap);
    }
    memcpy(d->buf + d->len, s, n);
    d->len += n;
    d->buf[d->len] = '\0';
}

static void putf(struct diag_sink *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct diag_sink *d, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        put(d, small, (size_t)n);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put(d, big, (size_t)n);
    free(big);
}

/* The source line, then a caret under the start and tildes to the end of the
 * range (clipped to the line).  Tabs are copied so the caret lines up. */
/* The source line, then a caret under the start and tildes to the end of the
 * range (clipped to the line).  Tabs are copied so the caret lines up.  Very
 * long lines are cut to a window around the caret. */
static void render_excerpt(struct diag_sink *d, const struct srcfile *f, struct loc loc)
{
    enum { WIDTH = 160, BEFORE = 60 };
    unsigned start = loc.start > f->len ? (unsigned)f->len : loc.start;
    size_t li = line_index(f, start);
    unsigned ls = f->line_start[li];
    unsigned le = ls;
    while (le < f->len && f->text[le] != '\n')
        le++;
    if (le > ls && f->text[le - 1] == '\r')
        le--;
    bool cut_left = false, cut_right = false;
    if (le - ls > WIDTH) {
        unsigned from = start > ls + BEFORE ? start - BEFORE : ls;
        while (from > ls && utf8_cont((unsigned char)f->text[from]))
            from--;
        cut_left = from > ls;
        ls = from;
        if (le - ls > WIDTH) {
            le = ls + WIDTH;
            while (le > ls && utf8_cont((unsigned char)f->text[le]))
                le--;
            cut_right = true;
        }
    }
    if (cut_left)
        put(d, "...", 3);
    /* Non-printable bytes would garble the terminal: show them as '?'. */
    for (unsigned i = ls; i < le; i++) {
        unsigned char c = (unsigned char)f->text[i];
        char ch = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
        put(d, &ch, 1);
    }
    if (cut_right)
        put(d, "...", 3);
    put(d, "\n", 1);
    if (cut_left)
        put(d, "   ", 3);
    for (unsigned i = ls; i < start && i < le; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if (utf8_cont(c))
            continue;
        put(d, c == '\t' ? "\t" : " ", 1);
    }
    put(d, "^", 1);
    unsigned end = loc.end > le ? le : loc.end;
    bool first = true;
    for (unsigned i = start; i < end; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if (utf8_cont(c))
            continue;
        if (first) {
            first = false;
            continue;
        }
        put(d, "~", 1);
    }
    put(d, "\n", 1);
}

void diag_report(struct diag_sink *d, enum diag_level level, struct loc loc,
                 const char *fmt, ...)
{
    if (level == DIAG_WARNING && d->werror)
        level = DIAG_ERROR;
    if (level == DIAG_NOTE && d->last_dropped)
        return;
    if (level == DIAG_ERROR) {
        if (d->errors >= d->limit) {
            d->dropped = d->last_dropped = true;
            return;
        }
        d->errors++;
    } else if (level == DIAG_WARNING) {
        d->warnings++;
    }
    d->last_dropped = false;

    if (level != DIAG_NOTE || d->nrecs == 0) {
        if (d->nrecs == d->caprecs) {
            d->caprecs = d->caprecs ? d->caprecs * 2 : 32;
            d->recs = xrealloc(d->recs, d->caprecs * sizeof *d->recs);
        }
        d->recs[d->nrecs] = (struct record){loc.file, loc.start, (unsigned)d->nrecs, d->len, 0};
        d->nrecs++;
    }
    size_t before = d->len;

    const struct srcfile *f = diag_file(d, loc.file);
    if (f) {
        unsigned line, col;
        diag_line_col(d, loc.file, loc.start, &line, &col);
        putf(d, "%s:%u:%u: ", f->path, line, col);
    } else {
        putf(d, "%s: ", diag_program);
    }
    static const char *const names[] = {"error", "warning", "note"};
    putf(d, "%s: ", names[level]);

    va_list ap;
    va_start(ap, fmt);
    char small[1024];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small)
        n = sizeof small - 1;
    if (n > 0)
        put(d, small, (size_t)n);
    if (d->nitems == d->capitems) {
        d->capitems = d->capitems ? 2 * d->capitems : 16;
        d->items = xrealloc(d->items, d->capitems * sizeof *d->items);
    }
    d->items[d->nitems++] = (struct diag_item){level, loc, xstrdup(n > 0 ? small : "")};
    put(d, "\n", 1);
    if (f)
        render_excerpt(d, f, loc);
    d->recs[d->nrecs - 1].len += d->len - before;
}

unsigned diag_errors(const struct diag_sink *d)
{
    return d->errors;
}

unsigned diag_warnings(const struct diag_sink *d)
{
    return d->warnings;
}

void diag_set_werror(struct diag_sink *d, bool on)
{
    d->werror = on;
}

void diag_set_limit(struct diag_sink *d, unsigned max_errors)
{
    d->limit = max_errors;
}

bool diag_too_many(const struct diag_sink *d)
{
    return d->dropped;      /* some error was not reported */
}

static int by_location(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Passes report in pass order; users read in source order (file load order,
 * then position), so the text is sorted, each diagnostic with its notes. */
const char *diag_text(const struct diag_sink *cd)
{
    struct diag_sink *d = (struct diag_sink *)cd;  /* caches the sorted text */
    struct record *recs = xmalloc((d->nrecs + 1) * sizeof *recs);
    if (d->nrecs)
        memcpy(recs, d->recs, d->nrecs * sizeof *recs);
    if (d->nrecs > 1)
        qsort(recs, d->nrecs, sizeof *recs, by_location);
    free(d->sorted);
    d->sorted = xmalloc(d->len + 1);
    size_t n = 0;
    for (size_t i = 0; i < d->nrecs; i++) {
        memcpy(d->sorted + n, d->buf + recs[i].off, recs[i].len);
        n += recs[i].len;
    }
    d->sorted[n] = '\0';
    free(recs);
    return d->sorted;
}

void diag_clear_text(struct diag_sink *d)
{
    d->len = 0;
    d->buf[0] = '\0';
    d->nrecs = 0;
    for (size_t i = 0; i < d->nitems; i++)
        free(d->items[i].message);
    d->nitems = 0;
}

size_t diag_count(const struct diag_sink *d)
{
    return d->nitems;
}

const struct diag_item *diag_item(const struct diag_sink *d, size_t i)
{
    return i < d->nitems ? &d->items[i] : NULL;
}

static bool same_letter(char x, char y)
{
    /* case-only differences are free: "inh_pv" means "Inh_PV" */
    return x == y || ((x | 0x20) == (y | 0x20) && ((x | 0x20) >= 'a' && (x | 0x20) <= 'z'));
}

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of neighbours ("bgk" for "bkg") each count one. */
size_t diag_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = same_letter(a[i - 1], b[j - 1]) ? 0 : 1;
            size_t best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) &&
                same_letter(a[i - 2], b[j - 1]) && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}
