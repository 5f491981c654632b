/* test_ir.c - golden IR: each tests/golden/NN-name.circ, checked and lowered
 * in-process (lower_mech.c, lower_cell.c), printed by ir_print, equals
 * NN-name.ir.
 *
 * 00-stdlib.ir is the whole dump of a model that only uses the standard
 * mechanisms.  Every dump begins with those mechanisms (they are loaded
 * first), so the other goldens hold only what follows them: a change to
 * stdlib/ shows up once, in 00-stdlib.ir.  tests/golden/regen.sh rewrites
 * the goldens from the built circ (then read the diff).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front.h"
#include "ir.h"
#include "lower.h"
#include "../slurp.h"

#define CASE_DIR SRCDIR "/tests/golden"
#define MAX_CASES 64

struct ir_case {
    char name[96];              /* "NN-name", without .circ */
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct ir_case *)a)->name, ((const struct ir_case *)b)->name);
}

static void free_cases(struct criterion_test_params *params)
{
    cr_free(params->params);
}

ParameterizedTestParameters(ir, golden)
{
    struct ir_case *cases = cr_malloc(MAX_CASES * sizeof *cases);
    size_t n = 0;
    DIR *dir = opendir(CASE_DIR);
    struct dirent *e;
    while (dir && (e = readdir(dir)) && n < MAX_CASES) {
        size_t len = strlen(e->d_name);
        if (len > 5 && len - 5 < sizeof cases->name && strcmp(e->d_name + len - 5, ".circ") == 0)
            snprintf(cases[n++].name, sizeof cases->name, "%.*s", (int)(len - 5), e->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(cases, n, sizeof *cases, by_name);
    return cr_make_param_array(struct ir_case, cases, n, free_cases);
}

/* The IR dump of one file, or NULL with the diagnostics in *diags. */
static char *dump(const char *path, char **diags)
{
    struct front *f = front_create(NULL);
    char *text = NULL;
    size_t size = 0;
    struct ir_model *m = front_check_file(f, path) ? lower_model(f->sema) : NULL;
    if (m) {
        FILE *out = open_memstream(&text, &size);
        ir_print(out, m);
        fclose(out);
    }
    *diags = strdup(diag_text(f->diag));
    front_destroy(f);
    return text;
}

/* The standard mechanisms' part of a dump: the lines before the first cell type. */
static size_t stdlib_part(const char *whole)
{
    const char *p = strstr(whole, "\ncelltype ");
    return p ? (size_t)(p - whole) + 1 : strlen(whole);
}

ParameterizedTest(struct ir_case *c, ir, golden)
{
    char path[512], diags_path[512];
    snprintf(path, sizeof path, CASE_DIR "/%s.circ", c->name);
    char *diags, *got = dump(path, &diags);
    cr_assert(got, "%s does not lower:\n%s", path, diags);
    free(diags);
    const char *compare = got;
    if (strcmp(c->name, "00-stdlib") != 0) {
        char *base = dump(CASE_DIR "/00-stdlib.circ", &diags);
        cr_assert(base, "00-stdlib.circ does not lower:\n%s", diags);
        free(diags);
        size_t n = stdlib_part(base);
        cr_assert(strncmp(got, base, n) == 0, "%s: the dump does not begin with the standard "
                  "mechanisms of 00-stdlib.ir", c->name);
        compare = got + n;
        free(base);
    }
    snprintf(diags_path, sizeof diags_path, CASE_DIR "/%s.ir", c->name);
    char *want = slurp(diags_path, NULL);
    cr_assert(want, "%s is missing (tests/golden/regen.sh writes it)", diags_path);
    cr_assert_str_eq(compare, want, "%s: the IR differs from %s.ir (tests/golden/regen.sh, then "
                     "read the diff)", c->name, c->name);
    free(want);
    free(got);
}
