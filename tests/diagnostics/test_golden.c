/* test_golden.c - golden diagnostics: each NN-name.circ with its exact stderr.
 *
 * tests/diagnostics/NN-name.circ holds one mistake; NN-name.err is exactly
 * what `circ check tests/diagnostics/NN-name.circ` prints from the source
 * root: the diagnostics, "circ: too many errors, stopping" when the limit
 * was hit, and the "N errors, M warnings" summary (compiler/main.c).  A
 * case may have NN-name.set, one PATH=VALUE a line, each given to the check
 * as --set (a mistake only --set makes).  The cases are found at run time,
 * so adding a pair needs no code here.
 *
 * golden/front runs the front end in-process on every case (one
 * parameterized test per file) and compares the text; golden/binary runs the
 * built `circ check` ($CIRC, set by Makefile.am) on every case and on the
 * examples and compares its stderr and exit status (1: errors, 0: none).
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
#include "lower.h"
#include "../slurp.h"

#define CASE_DIR "tests/diagnostics"
#define MAX_CASES 512
#define MAX_SETS 8              /* lines of a case's NN-name.set */

extern char **environ;

struct golden_case {
    char name[96];              /* "NN-name", without .circ */
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct golden_case *)a)->name, ((const struct golden_case *)b)->name);
}

/* The cases in name order; *n is their count.  `cases` has MAX_CASES slots. */
static void find_cases(struct golden_case *cases, size_t *n)
{
    *n = 0;
    DIR *dir = opendir(SRCDIR "/" CASE_DIR);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) && *n < MAX_CASES) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".circ") != 0 ||
            len - 5 >= sizeof cases->name)
            continue;
        snprintf(cases[*n].name, sizeof cases->name, "%.*s", (int)(len - 5), e->d_name);
        (*n)++;
    }
    closedir(dir);
    qsort(cases, *n, sizeof *cases, by_name);
}

/* The lines of case circ's NN-name.set (none without one) into line[];
 * their count.  *text holds them: caller frees. */
static int case_sets(const char *circ, char **text, char *line[MAX_SETS])
{
    char path[160];
    snprintf(path, sizeof path, "%.*s.set", (int)(strlen(circ) - 5), circ);
    *text = slurp(path, NULL);
    int n = 0;
    for (char *save = NULL, *l = *text ? strtok_r(*text, "\n", &save) : NULL; l;
         l = strtok_r(NULL, "\n", &save)) {
        cr_assert_lt(n, MAX_SETS, "%s: more than %d lines", path, MAX_SETS);
        line[n++] = l;
    }
    return n;
}

/* The stderr of `circ check` with --set for each of the nsets sets,
 * built the way compiler/main.c builds it. */
static char *check_output(const char *path, char *const *sets, int nsets, unsigned *errors)
{
    char *overrides = NULL;
    for (int i = 0; i < nsets; i++)
        cr_assert(front_add_override(&overrides, sets[i]), "%s: bad --set %s", path, sets[i]);
    struct front_options opt = {.stop_after = PASS_ALL, .overrides = overrides};
    struct front *f = front_create(&opt);
    if (front_check_file(f, path))
        lower_model(f->sema);   /* cells too: values per segment, cycles */
    const char *text = diag_text(f->diag);
    *errors = diag_errors(f->diag);
    unsigned warnings = diag_warnings(f->diag);
    size_t size = strlen(text) + 128;
    char *out = malloc(size);
    int n = snprintf(out, size, "%s%s", text,
                     diag_too_many(f->diag) ? "circ: too many errors, stopping\n" : "");
    if (*errors || warnings)
        snprintf(out + n, size - (size_t)n, "%u error%s, %u warning%s\n", *errors,
                 *errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    front_destroy(f);
    free(overrides);
    return out;
}

/* Does the expected output end in a summary with errors? */
static bool expects_errors(const char *err)
{
    const char *last = err, *p;
    size_t len = strlen(err);
    for (p = err; len > 1 && p < err + len - 1; p++)
        if (*p == '\n')
            last = p + 1;
    unsigned e = 0;
    return sscanf(last, "%u error", &e) == 1 && e > 0;
}

static void enter_srcdir(void)
{
    cr_assert_eq(chdir(SRCDIR), 0, "cannot enter %s: %s", SRCDIR, strerror(errno));
}

static void free_cases(struct criterion_test_params *params)
{
    cr_free(params->params);
}

ParameterizedTestParameters(golden, front)
{
    /* cr_malloc: the parameters must outlive this function in every worker */
    struct golden_case *cases = cr_malloc(MAX_CASES * sizeof *cases);
    size_t n;
    find_cases(cases, &n);
    return cr_make_param_array(struct golden_case, cases, n, free_cases);
}

ParameterizedTest(struct golden_case *c, golden, front)
{
    enter_srcdir();
    char circ[160], err[160];
    snprintf(circ, sizeof circ, CASE_DIR "/%s.circ", c->name);
    snprintf(err, sizeof err, CASE_DIR "/%s.err", c->name);
    char *want = slurp(err, NULL);
    cr_assert_not_null(want, "%s is missing", err);
    unsigned errors;
    char *text, *sets[MAX_SETS];
    int nsets = case_sets(circ, &text, sets);
    char *got = check_output(circ, sets, nsets, &errors);
    free(text);
    cr_expect_str_eq(got, want, "%s: diagnostics differ from %s", circ, err);
    cr_expect_eq(errors > 0, expects_errors(want), "%s: %u errors", circ, errors);
    free(got);
    free(want);
}

Test(golden, enough_cases)
{
    struct golden_case cases[MAX_CASES];
    size_t n;
    find_cases(cases, &n);
    cr_assert_geq(n, 45, "only %zu golden cases", n);
    for (size_t i = 0; i < n; i++) {
        char err[160];
        snprintf(err, sizeof err, SRCDIR "/" CASE_DIR "/%s.err", cases[i].name);
        cr_expect_eq(access(err, R_OK), 0, "%s.circ has no .err", cases[i].name);
    }
}

/* Runs `$CIRC check path` with --set for each of the nsets sets in the
 * source root; returns its exit status and its stderr (caller frees). */
static int run_circ(const char *path, char *const *sets, int nsets, char **stderr_text)
{
    const char *circ = getenv("CIRC");
    if (!circ)
        circ = BUILDDIR "/circ";
    char tmp[] = "/tmp/circ-golden-XXXXXX";
    int fd = mkstemp(tmp);
    cr_assert_geq(fd, 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    char *argv[3 + 2 * MAX_SETS + 1] = {(char *)circ, (char *)"check", (char *)path};
    for (int i = 0; i < nsets; i++) {
        argv[3 + 2 * i] = (char *)"--set";
        argv[4 + 2 * i] = sets[i];
    }
    pid_t pid;
    int rc = posix_spawn(&pid, circ, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "cannot run %s: %s", circ, strerror(rc));
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    close(fd);
    *stderr_text = slurp(tmp, NULL);
    unlink(tmp);
    cr_assert(WIFEXITED(status), "%s check %s did not exit normally", circ, path);
    return WEXITSTATUS(status);
}

Test(golden, binary)
{
    enter_srcdir();
    struct golden_case cases[MAX_CASES];
    size_t n;
    find_cases(cases, &n);
    for (size_t i = 0; i < n; i++) {
        char circ[160], err[160];
        snprintf(circ, sizeof circ, CASE_DIR "/%s.circ", cases[i].name);
        snprintf(err, sizeof err, CASE_DIR "/%s.err", cases[i].name);
        char *want = slurp(err, NULL), *got;
        if (!want)
            continue;   /* reported by enough_cases */
        char *text, *sets[MAX_SETS];
        int nsets = case_sets(circ, &text, sets);
        int rc = run_circ(circ, sets, nsets, &got);
        free(text);
        cr_expect_eq(rc, expects_errors(want) ? 1 : 0, "circ check %s exited %d", circ, rc);
        cr_expect_str_eq(got, want, "circ check %s: stderr differs from %s", circ, err);
        free(got);
        free(want);
    }
    const char *examples[] = {"examples/microcircuit.circ", "examples/single_cell.circ"};
    for (size_t i = 0; i < 2; i++) {
        char *got;
        int rc = run_circ(examples[i], NULL, 0, &got);
        cr_expect_eq(rc, 0, "circ check %s exited %d", examples[i], rc);
        cr_expect_str_eq(got, "", "circ check %s printed diagnostics", examples[i]);
        free(got);
    }
}
