/* test_nmodl.c - the NMODL reader on .mod files with golden outputs.
 *
 * tests/nmodl/NN-name.mod comes with exactly one of:
 *   NN-name.ast     the raw AST `circ --emit=ast` prints; the file must
 *                   parse without any diagnostic;
 *   NN-name.tokens  the tokens `circ --emit=tokens` prints;
 *   NN-name.err     exactly what `circ check` prints on stderr: the
 *                   diagnostics, "circ: too many errors, stopping" when the
 *                   limit was hit, and the "N errors, M warnings" summary.
 * Cases are found at run time, so adding one needs no code here.
 *
 * nmodl/golden runs the reader in-process on every case (one parameterized
 * test per file); nmodl/binary runs the built circ ($CIRC) on every case
 * and compares its output and exit status; the other tests check how .mod
 * files meet the rest of circ (import from .circ, run).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "front.h"
#include "nmodl_parse.h"
#include "../slurp.h"

#define CASE_DIR "tests/nmodl"
#define MAX_CASES 128

extern char **environ;

enum golden { GOLD_AST, GOLD_TOKENS, GOLD_ERR, GOLD_NONE };
static const char *const golden_ext[] = {".ast", ".tokens", ".err"};

struct nmodl_case {
    char name[96];              /* "NN-name", without .mod */
    enum golden kind;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct nmodl_case *)a)->name, ((const struct nmodl_case *)b)->name);
}

static enum golden golden_of(const char *name)
{
    enum golden found = GOLD_NONE;
    for (int k = 0; k < GOLD_NONE; k++) {
        char path[160];
        snprintf(path, sizeof path, SRCDIR "/" CASE_DIR "/%s%s", name, golden_ext[k]);
        if (access(path, R_OK) == 0)
            found = found == GOLD_NONE ? (enum golden)k : GOLD_NONE + 1;
    }
    return found;
}

/* The cases in name order; *n is their count.  `cases` has MAX_CASES slots. */
static void find_cases(struct nmodl_case *cases, size_t *n)
{
    *n = 0;
    DIR *dir = opendir(SRCDIR "/" CASE_DIR);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) && *n < MAX_CASES) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".mod") != 0 ||
            len - 4 >= sizeof cases->name)
            continue;
        snprintf(cases[*n].name, sizeof cases->name, "%.*s", (int)(len - 4), e->d_name);
        cases[*n].kind = golden_of(cases[*n].name);
        (*n)++;
    }
    closedir(dir);
    qsort(cases, *n, sizeof *cases, by_name);
}

/* What circ prints for `path` at this golden's stage (compiler/main.c
 * nmodl_main); *errors gets the error count. */
static char *run_reader(const char *path, enum golden kind, unsigned *errors)
{
    size_t len;
    char *text = front_read_file(path, &len);
    cr_assert_not_null(text, "cannot read %s", path);
    struct arena *a = arena_create();
    struct diag_sink *d = diag_create();
    int id = diag_add_file(d, path, text, len);
    free(text);
    char *out = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&out, &size);
    if (kind == GOLD_TOKENS) {
        nmodl_dump_tokens(mem, a, d, id);
    } else {
        struct nmodl_node *tree = nmodl_parse_file(a, d, id);
        if (kind == GOLD_AST)
            nmodl_print(mem, tree, d);
    }
    *errors = diag_errors(d);
    unsigned warnings = diag_warnings(d);
    if (kind == GOLD_ERR) {
        fputs(diag_text(d), mem);
        if (diag_too_many(d))
            fputs("circ: too many errors, stopping\n", mem);
        if (*errors || warnings)
            fprintf(mem, "%u error%s, %u warning%s\n", *errors, *errors == 1 ? "" : "s",
                    warnings, warnings == 1 ? "" : "s");
    } else {
        cr_expect_str_eq(diag_text(d), "", "%s: unexpected diagnostics", path);
    }
    fclose(mem);
    diag_destroy(d);
    arena_destroy(a);
    return out;
}

static void enter_srcdir(void)
{
    cr_assert_eq(chdir(SRCDIR), 0, "cannot enter %s: %s", SRCDIR, strerror(errno));
}

static void free_cases(struct criterion_test_params *params)
{
    cr_free(params->params);
}

ParameterizedTestParameters(nmodl, golden)
{
    /* cr_malloc: the parameters must outlive this function in every worker */
    struct nmodl_case *cases = cr_malloc(MAX_CASES * sizeof *cases);
    size_t n;
    find_cases(cases, &n);
    return cr_make_param_array(struct nmodl_case, cases, n, free_cases);
}

ParameterizedTest(struct nmodl_case *c, nmodl, golden)
{
    enter_srcdir();
    cr_assert_lt(c->kind, GOLD_NONE, "%s.mod needs exactly one of .ast, .tokens, .err", c->name);
    char mod[160], gold[160];
    snprintf(mod, sizeof mod, CASE_DIR "/%s.mod", c->name);
    snprintf(gold, sizeof gold, CASE_DIR "/%s%s", c->name, golden_ext[c->kind]);
    char *want = slurp(gold, NULL);
    cr_assert_not_null(want, "%s is missing", gold);
    unsigned errors;
    char *got = run_reader(mod, c->kind, &errors);
    cr_expect_str_eq(got, want, "%s: output differs from %s", mod, gold);
    cr_expect_eq(errors > 0, c->kind == GOLD_ERR, "%s: %u errors", mod, errors);
    free(got);
    free(want);
}

Test(nmodl, enough_cases)
{
    struct nmodl_case cases[MAX_CASES];
    size_t n, count[GOLD_NONE + 2] = {0};
    find_cases(cases, &n);
    for (size_t i = 0; i < n; i++)
        count[cases[i].kind]++;
    cr_expect_geq(count[GOLD_AST], 8, "only %zu AST cases", count[GOLD_AST]);
    cr_expect_geq(count[GOLD_ERR], 10, "only %zu diagnostic cases", count[GOLD_ERR]);
    cr_expect_eq(count[GOLD_NONE] + count[GOLD_NONE + 1], 0,
                 "a .mod without exactly one golden file");
}

/* Runs $CIRC with argv[1..] in the source root; returns its exit status,
 * its stdout and its stderr (caller frees). */
static int run_circ(char *const args[], char **out_text, char **err_text)
{
    const char *circ = getenv("CIRC");
    if (!circ)
        circ = BUILDDIR "/circ";
    char out[] = "/tmp/circ-nmodl-out-XXXXXX", err[] = "/tmp/circ-nmodl-err-XXXXXX";
    int fo = mkstemp(out), fe = mkstemp(err);
    cr_assert(fo >= 0 && fe >= 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fo, 1);
    posix_spawn_file_actions_adddup2(&fa, fe, 2);
    char *argv[8] = {(char *)circ};
    for (int i = 0; args[i] && i < 6; i++)
        argv[i + 1] = args[i];
    pid_t pid;
    int rc = posix_spawn(&pid, circ, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "cannot run %s: %s", circ, strerror(rc));
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    close(fo);
    close(fe);
    *out_text = slurp(out, NULL);
    *err_text = slurp(err, NULL);
    unlink(out);
    unlink(err);
    cr_assert(WIFEXITED(status), "%s did not exit normally", circ);
    return WEXITSTATUS(status);
}

Test(nmodl, binary)
{
    enter_srcdir();
    struct nmodl_case cases[MAX_CASES];
    size_t n;
    find_cases(cases, &n);
    for (size_t i = 0; i < n; i++) {
        if (cases[i].kind >= GOLD_NONE)
            continue;   /* reported by enough_cases */
        char mod[160], gold[160];
        snprintf(mod, sizeof mod, CASE_DIR "/%.95s.mod", cases[i].name);
        snprintf(gold, sizeof gold, CASE_DIR "/%.95s%s", cases[i].name, golden_ext[cases[i].kind]);
        char *want = slurp(gold, NULL), *out, *err;
        char *check[] = {(char *)"check", mod, NULL};
        char *ast[] = {(char *)"--emit=ast", mod, NULL};
        char *tokens[] = {(char *)"--emit=tokens", mod, NULL};
        int rc = run_circ(cases[i].kind == GOLD_ERR ? check
                          : cases[i].kind == GOLD_AST ? ast : tokens, &out, &err);
        if (cases[i].kind == GOLD_ERR) {
            cr_expect_eq(rc, 1, "circ check %s exited %d", mod, rc);
            cr_expect_str_eq(err, want, "circ check %s: stderr differs from %s", mod, gold);
        } else {
            cr_expect_eq(rc, 0, "circ on %s exited %d", mod, rc);
            cr_expect_str_eq(out, want, "circ on %s: stdout differs from %s", mod, gold);
            cr_expect_str_eq(err, "", "circ on %s printed diagnostics", mod);
        }
        if (cases[i].kind == GOLD_AST) {   /* a clean file checks clean */
            free(out);
            free(err);
            rc = run_circ(check, &out, &err);
            cr_expect_eq(rc, 0, "circ check %s exited %d", mod, rc);
            cr_expect_str_eq(err, "", "circ check %s printed diagnostics", mod);
        }
        free(out);
        free(err);
        free(want);
    }
}

Test(nmodl, not_runnable_yet)
{
    enter_srcdir();
    char *out, *err;
    char *args[] = {(char *)"run", (char *)CASE_DIR "/01-hh-rates-table.mod", NULL};
    int rc = run_circ(args, &out, &err);
    cr_expect_eq(rc, 2);
    cr_expect_str_eq(err, "circ: '" CASE_DIR "/01-hh-rates-table.mod' is an NMODL file: it can "
                     "be checked (circ check) or printed (--emit=tokens|ast), but NMODL is not "
                     "lowered to mechanisms yet\n");
    free(out);
    free(err);
}

/* `import "x.mod"` from a .circ model: refused where it is written, without
 * reading the file as .circ (which gave a page of unrelated syntax errors). */
Test(nmodl, import_refused)
{
    enter_srcdir();
    const char *src = "import \"01-hh-rates-table.mod\"\n";
    struct front_options opt = {.no_stdlib = true, .stop_after = PASS_ALL};
    struct front *f = front_create(&opt);
    cr_expect_not(front_check_text(f, CASE_DIR "/model.circ", src, strlen(src)));
    cr_expect_str_eq(diag_text(f->diag),
        CASE_DIR "/model.circ:1:1: error: NMODL import is not lowered to mechanisms yet: "
        "'" CASE_DIR "/01-hh-rates-table.mod' can be checked with circ check, not imported\n"
        "import \"01-hh-rates-table.mod\"\n"
        "^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    front_destroy(f);
}
