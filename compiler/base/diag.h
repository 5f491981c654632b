/* diag.h - source files, locations and diagnostics.
 *
 * A location is a file id plus a byte range; line and column are computed from
 * the file's line map only when a diagnostic is rendered (jq's locfile).
 * Diagnostics are rendered into the sink's buffer; library code never writes
 * to stderr or exits: the driver prints diag_text() and picks the exit code.
 */
#ifndef CIRC_DIAG_H
#define CIRC_DIAG_H

#include <stdbool.h>
#include <stddef.h>

struct loc {
    int file;           /* index into the sink's files; -1: no location */
    unsigned start;     /* byte offset of the first character */
    unsigned end;       /* byte offset one past the last character */
};

#define LOC_NONE ((struct loc){-1, 0, 0})

struct srcfile {
    char *path;
    char *text;         /* NUL-terminated copy of the contents */
    size_t len;
    unsigned *line_start; /* byte offset of each line */
    size_t nlines;
};

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag_sink;

/* The name unlocated diagnostics start with: "circ", or a program built by
 * `circ build` (its argv[0]'s last component), set once at start-up. */
extern const char *diag_program;

struct diag_sink *diag_create(void);
void diag_destroy(struct diag_sink *d);

/* Registers a file's text (copied); returns its id. */
int diag_add_file(struct diag_sink *d, const char *path, const char *text, size_t len);
const struct srcfile *diag_file(const struct diag_sink *d, int id);
int diag_nfiles(const struct diag_sink *d);

void diag_report(struct diag_sink *d, enum diag_level level, struct loc loc,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define diag_error(d, loc, ...) diag_report((d), DIAG_ERROR, (loc), __VA_ARGS__)
#define diag_warning(d, loc, ...) diag_report((d), DIAG_WARNING, (loc), __VA_ARGS__)
#define diag_note(d, loc, ...) diag_report((d), DIAG_NOTE, (loc), __VA_ARGS__)

unsigned diag_errors(const struct diag_sink *d);
unsigned diag_warnings(const struct diag_sink *d);
/* Treat warnings as errors (counted and labelled "error"). */
void diag_set_werror(struct diag_sink *d, bool on);
/* After this many errors further ones are dropped and diag_too_many() is true. */
void diag_set_limit(struct diag_sink *d, unsigned max_errors);
bool diag_too_many(const struct diag_sink *d);

/* The diagnostics as data, in report order (a note follows what it is
 * about): for editors (circ lsp) and embedders; the message without the
 * location or the level. */
struct diag_item {
    enum diag_level level;
    struct loc loc;
    char *message;
};
size_t diag_count(const struct diag_sink *d);
const struct diag_item *diag_item(const struct diag_sink *d, size_t i);

/* Everything rendered so far, NUL-terminated; owned by the sink. */
const char *diag_text(const struct diag_sink *d);
void diag_clear_text(struct diag_sink *d);

/* 1-based line and column (in characters) of a byte offset. */
void diag_line_col(const struct diag_sink *d, int file, unsigned offset,
                   unsigned *line, unsigned *col);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t diag_edit_distance(const char *a, const char *b);

#endif
