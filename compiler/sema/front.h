/* front.h - the front end as one object: files, stdlib, imports, passes.
 *
 * A front holds one compilation: its arena (AST and names), the diagnostic
 * sink, and the parsed programs of every loaded file in load order (stdlib
 * first).  Nothing here prints or exits; callers read diag_text().
 */
#ifndef CIRC_FRONT_H
#define CIRC_FRONT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "pass.h"

struct front_embedded {
    const char *path;
    const char *text;
    size_t len;
};
extern const struct front_embedded front_stdlib[];

struct front_options {
    bool no_stdlib;         /* do not load the embedded standard library */
    bool werror;            /* warnings count as errors */
    enum pass_id stop_after;/* last pass to run */
    const char *overrides;  /* "set PATH = VALUE" lines from --set, or NULL: they join
                               the main program and win over the model's own sets */
    const char *varies;     /* "vary ..." lines from --vary, or NULL: a sweep named
                               FRONT_VARY_SWEEP joins the main program */
    const char *vary_in;    /* the experiment that sweep runs in, or NULL */
    const struct front_embedded *files; /* files held in memory (an ahead-of-time
                               program's sources), found by path before the disk;
                               ends with a NULL path; may be NULL */
};

struct front {
    struct arena *arena;
    struct diag_sink *diag;
    struct front_options opt;
    struct ast **programs;  /* one PROGRAM per loaded file, load order */
    int *program_file;      /* file id of each program */
    int nprograms;
    int main_program;       /* index of the user's file, -1 before loading */
    bool *is_stdlib;        /* per program: loaded from the embedded stdlib */
    struct sema *sema;      /* results of the semantic passes */
    double ms_parse, ms_check;  /* time spent parsing (stdlib included) and in sema */
    const char *last_mod;   /* file name of the last .mod the model imported */
    bool mod_order_told;    /* the out-of-order import warning was given */
};

struct front *front_create(const struct front_options *opt);
void front_destroy(struct front *f);

/* Loads and checks a file from disk; false if it could not be read or has
 * errors (diagnostics are in f->diag). */
bool front_check_file(struct front *f, const char *path);
/* Same for text in memory; `name` is used in messages and to resolve imports. */
bool front_check_text(struct front *f, const char *name, const char *text, size_t len);

/* Loads a NEURON .mod file as the main program (its mechanism, translated
 * by compiler/nmodl/) and checks it; false on errors.  The mechanism's
 * declaration is the main program's only item. */
bool front_check_nmodl(struct front *f, const char *path);

/* Appends --set's "PATH=VALUE" to *overrides as "set PATH = VALUE\n" (realloc'd);
 * false if arg has no '=' or no path. */
bool front_add_override(char **overrides, const char *arg);

/* The name of the sweep --vary makes (outputs in <out>/cli/). */
#define FRONT_VARY_SWEEP "cli"

/* Appends --vary's "PATH from A to B in N steps" (or "PATH in [a, b]") to
 * *varies as a `vary` line (realloc'd); false if arg is empty. */
bool front_add_vary(char **varies, const char *arg);

/* Reads a whole file; NULL and errno on failure.  Caller frees. */
char *front_read_file(const char *path, size_t *len);

#endif
