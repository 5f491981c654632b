/* helpers.h - run a few lines of .circ through the front end in a test.
 *
 * check_src() loads the embedded stdlib (unless no_stdlib), parses and
 * checks `src` as "test.circ", and returns the front; the caller inspects
 * diag_text(f->diag) / diag_errors(f->diag) and calls front_destroy().
 */
#ifndef CIRC_TEST_HELPERS_H
#define CIRC_TEST_HELPERS_H

#include <string.h>

#include "front.h"
#include "parse.h"

static inline struct front *check_src_opts(const char *src, bool no_stdlib, enum pass_id stop)
{
    struct front_options opt = {.no_stdlib = no_stdlib, .stop_after = stop};
    struct front *f = front_create(&opt);
    front_check_text(f, "test.circ", src, strlen(src));
    return f;
}

static inline struct front *check_src(const char *src)
{
    return check_src_opts(src, false, PASS_ALL);
}

/* Parses only: returns the PROGRAM (owned by f). */
static inline struct ast *parse_src(struct front *f, const char *src)
{
    int id = diag_add_file(f->diag, "test.circ", src, strlen(src));
    return parse_file(f->arena, f->diag, id);
}

static inline const char *diag_of(struct front *f)
{
    return diag_text(f->diag);
}

#endif
