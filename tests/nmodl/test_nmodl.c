/* test_nmodl.c - the NMODL reader on .mod files with golden outputs.
 *
 * tests/nmodl/NN-name.mod comes with exactly one of:
 *   NN-name.ast     the raw AST `circ --emit=ast` prints; the file must
 *                   parse without any diagnostic;
 *   NN-name.tokens  the tokens `circ --emit=tokens` prints;
 *   NN-name.err     exactly what `circ check` prints on stderr: the
 *                   diagnostics (of the parser, or of the translation into
 *                   a circ mechanism and its checks), "circ: too many
 *                   errors, stopping" when the limit was hit, and the "N
 *                   errors, M warnings" summary.
 * tests/nmodl/convert/NAME.circ is what `circ convert` prints for
 * tests/neuron/mod/NAME.mod.
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
    if (kind == GOLD_ERR) {     /* circ check: parse, translate, check */
        struct front *f = front_create(NULL);
        front_check_nmodl(f, path);
        char *out = NULL;
        size_t size = 0;
        FILE *mem = open_memstream(&out, &size);
        *errors = diag_errors(f->diag);
        unsigned warnings = diag_warnings(f->diag);
        fputs(diag_text(f->diag), mem);
        if (diag_too_many(f->diag))
            fputs("circ: too many errors, stopping\n", mem);
        if (*errors || warnings)
            fprintf(mem, "%u error%s, %u warning%s\n", *errors, *errors == 1 ? "" : "s",
                    warnings, warnings == 1 ? "" : "s");
        fclose(mem);
        front_destroy(f);
        return out;
    }
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
    /* an .err golden has errors, or (a units check) only warnings */
    cr_expect_eq(errors > 0, c->kind == GOLD_ERR && !strstr(want, "\n0 errors,"), "%s: %u errors",
                 mod, errors);
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
            int want_rc = strstr(want, "\n0 errors,") ? 0 : 1;
            cr_expect_eq(rc, want_rc, "circ check %s exited %d", mod, rc);
            cr_expect_str_eq(err, want, "circ check %s: stderr differs from %s", mod, gold);
        } else {
            cr_expect_eq(rc, 0, "circ on %s exited %d", mod, rc);
            cr_expect_str_eq(out, want, "circ on %s: stdout differs from %s", mod, gold);
            cr_expect_str_eq(err, "", "circ on %s printed diagnostics", mod);
        }
        if (cases[i].kind == GOLD_AST) {   /* a clean file parses clean */
            free(out);
            free(err);
            rc = run_circ(check, &out, &err);
            cr_expect(rc == 0 || !strstr(err, "syntax error"), "circ check %s: %s", mod, err);
        }
        free(out);
        free(err);
        free(want);
    }
}

Test(nmodl, not_a_model)
{
    enter_srcdir();
    char *out, *err;
    char *args[] = {(char *)"run", (char *)"tests/neuron/mod/hhx.mod", NULL};
    int rc = run_circ(args, &out, &err);
    cr_expect_eq(rc, 2);
    cr_expect_str_eq(err, "circ: 'tests/neuron/mod/hhx.mod' is an NMODL file: a mechanism, not a "
                     "model; import it from a .circ model (import \"tests/neuron/mod/hhx.mod\"), "
                     "check it (circ check), print it as .circ (circ convert) or print its "
                     "tokens or tree (--emit=tokens|ast)\n");
    free(out);
    free(err);
}

/* `import "x.mod"` from a .circ model: its mechanism is usable; what the
 * translation refuses is located in the .mod file. */
Test(nmodl, import)
{
    enter_srcdir();
    const char *ok = "import \"../neuron/mod/hhx.mod\"\n"
                     "cell C { section soma { insert hhx { gnabar = 0.2 S/cm2 } } }\n";
    struct front_options opt = {.stop_after = PASS_ALL};
    struct front *f = front_create(&opt);
    cr_expect(front_check_text(f, CASE_DIR "/model.circ", ok, strlen(ok)), "%s",
              diag_text(f->diag));
    front_destroy(f);

    /* USEION: the section's ions, shared with hh */
    const char *ions = "import \"../neuron/mod/ka.mod\"\n"
                       "cell C { section soma { ek = -90 mV; insert hh { }\n"
                       "                        insert ka { gbar = 0.01 S/cm2 } } }\n";
    f = front_create(&opt);
    cr_expect(front_check_text(f, CASE_DIR "/model.circ", ions, strlen(ions)), "%s",
              diag_text(f->diag));
    front_destroy(f);

    const char *point = "import \"40-useion-point-process.mod\"\n";
    f = front_create(&opt);
    cr_expect_not(front_check_text(f, CASE_DIR "/model.circ", point, strlen(point)));
    cr_expect(strstr(diag_text(f->diag), CASE_DIR "/40-useion-point-process.mod:6:32: error: "
                     "a mechanism cannot write the reversal potential 'eca'"), "%s",
              diag_text(f->diag));
    front_destroy(f);

    /* a GLOBAL is one value for all instances: set, never inserted */
    const char *global = "import \"../neuron/mod/hhx.mod\"\n"
                         "cell C { section soma { insert hhx { vshift = 2 mV } } }\n";
    f = front_create(&opt);
    cr_expect_not(front_check_text(f, CASE_DIR "/model.circ", global, strlen(global)));
    cr_expect(strstr(diag_text(f->diag), "error: 'vshift' of 'hhx' is global, one value for "
                     "every instance: change it with `set hhx.vshift = ...`"), "%s",
              diag_text(f->diag));
    front_destroy(f);
}

/* `circ convert` prints each tests/neuron/mod/NAME.mod as the golden
 * tests/nmodl/convert/NAME.circ (tests/neuron's fidelity test runs those
 * against NEURON), and the printed text checks clean. */
Test(nmodl, convert)
{
    enter_srcdir();
    static const char *const mods[] = {"hhx", "ihx", "exp2s", "istep", "napx", "nmdax", "ka", "cad", "cal", "kca", "pulsesyn",
                                        "cagk", "canrn", "nakin", "kdrkin", "cabuf", "dimer", "hhdi", "cadi", "nainst", "hheu", "hhrk", "cacomp", "cadifus", "cadpump", "kinsyn", "nmdaca", "vdepsyn",
                                        "biasif", "ahpwatch", "statewatch", "rearmwatch", "timewatch", "tmcount", "argself",
                                        "naexp", "kexp", "kq10", "expbound", "capinit", "natadj", "kvtadj", "kmb", "kif", "kacc", "kslow", "kvif",
                                        "kslin", "capss", "kpart", "kproc", "karr", "capp", "cadrd", "kamig", "akca", "apca", "cavar", "kinc", "onsyn", "vpeak", "caddiam", "kinitq10", "startst",
                                        "dclamp", "dsyn", "stdpfnc", "asyn", "capl", "clacc", "clc", "tiewatch", "boolnum", "ufac", "cnseq", "kgstate", "izhiev", "atpulse", "epspl", "kbpread",
                                        "kcache", "cnmix", "klocarr", "nafshift", "kdrshift", "kvdk", "kmdk", "kidk", "kvrk",
                                        "caclamp", "capclamp", "synsat", "kinclamp"};
    for (size_t i = 0; i < sizeof mods / sizeof *mods; i++) {
        char mod[160], gold[160];
        snprintf(mod, sizeof mod, "tests/neuron/mod/%s.mod", mods[i]);
        snprintf(gold, sizeof gold, CASE_DIR "/convert/%s.circ", mods[i]);
        char *args[] = {(char *)"convert", mod, NULL}, *out, *err;
        int rc = run_circ(args, &out, &err);
        cr_expect_eq(rc, 0, "circ convert %s exited %d: %s", mod, rc, err);
        char *want = slurp(gold, NULL);
        cr_assert_not_null(want, "%s is missing", gold);
        cr_expect_str_eq(out, want, "circ convert %s differs from %s", mod, gold);
        char *check[] = {(char *)"check", gold, NULL}, *out2, *err2;
        rc = run_circ(check, &out2, &err2);
        cr_expect_eq(rc, 0, "circ check %s: %s", gold, err2);
        /* and in circ fmt's layout */
        char *fmt[] = {(char *)"fmt", (char *)"--check", gold, NULL}, *out3, *err3;
        rc = run_circ(fmt, &out3, &err3);
        cr_expect_eq(rc, 0, "circ convert %s is not in circ fmt's layout:\n%s", mod, out3);
        free(out3);
        free(err3);
        free(out);
        free(err);
        free(out2);
        free(err2);
        free(want);
    }
    /* an ion's variable that is a circ keyword cannot be renamed or printed:
       a located error */
    char *args[] = {(char *)"convert", (char *)CASE_DIR "/113-keyword-ion.mod", NULL}, *out, *err;
    int rc = run_circ(args, &out, &err);
    cr_expect_eq(rc, 1);
    cr_expect_str_eq(out, "");
    cr_expect(strstr(err, CASE_DIR "/113-keyword-ion.mod:4:44: error: 'in' is a circ keyword"),
              "%s", err);
    free(out);
    free(err);
}

/* Names that are circ keywords (`state`, `in`, `from`, `to`, `at`) are
 * printed with underscores, consistently (compiler/lang/circ_print.c
 * circ_rename_keywords). */
Test(nmodl, keywords_renamed)
{
    enter_srcdir();
    char *args[] = {(char *)"convert", (char *)CASE_DIR "/112-keyword-rename.mod", NULL}, *out, *err;
    int rc = run_circ(args, &out, &err);
    cr_expect_eq(rc, 0, "%s", err);
    char *want = slurp(CASE_DIR "/convert/112-keyword-rename.circ", NULL);
    cr_assert_not_null(want);
    cr_expect_str_eq(out, want);
    free(want);
    free(out);
    free(err);
    /* what it printed compiles */
    char *check[] = {(char *)"check", (char *)CASE_DIR "/convert/112-keyword-rename.circ", NULL};
    rc = run_circ(check, &out, &err);
    cr_expect_eq(rc, 0, "%s", err);
    free(out);
    free(err);
}

/* Arrays, FROM loops and DEFINEs in each kind of block are unrolled into
 * scalars x_0 .. (compiler/nmodl/nmodl_unroll.c): what `circ convert` prints. */
Test(nmodl, arrays_unrolled)
{
    enter_srcdir();
    char *args[] = {(char *)"convert", (char *)CASE_DIR "/103-array-blocks.mod", NULL}, *out, *err;
    int rc = run_circ(args, &out, &err);
    cr_expect_eq(rc, 0, "%s", err);
    char *want = slurp(CASE_DIR "/convert/103-array-blocks.circ", NULL);
    cr_assert_not_null(want);
    cr_expect_str_eq(out, want);
    free(want);
    free(out);
    free(err);
}

/* A run's table reading a RANGE PARAMETER (mod/nafshift.mod's
 * fastNa_shift) is built with the value every instance has: where the
 * instances differ the run fails before it starts, located at the read in
 * the .mod; given every instance's value with --set, it runs, and the same
 * as a model that writes that value into each cell type. */
Test(nmodl, table_param_instances, .timeout = 120)
{
    enter_srcdir();
    char dir[] = "/tmp/circ-nmodl-tab-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char out1[64], out2[64], out3[64], model[64];
    snprintf(out1, sizeof out1, "%s/differ", dir);
    snprintf(out2, sizeof out2, "%s/set", dir);
    snprintf(out3, sizeof out3, "%s/written", dir);
    snprintf(model, sizeof model, "%s/written.circ", dir);
    char *out, *err;
    char *differ[] = {(char *)"run", (char *)CASE_DIR "/table-param.circ", (char *)"-o", out1,
                      NULL};
    cr_expect_eq(run_circ(differ, &out, &err), 1);
    cr_expect(strstr(err, CASE_DIR "/../neuron/mod/nafshift.mod:58:33: error: the table of "
                     "'settables' reads parameter 'fastNa_shift', and the instances of "
                     "'nafshift' differ in it: 0 in A.soma, -5 in B.soma; NEURON builds its "
                     "one table with one instance's value, so give every instance the same "
                     "value (or make 'fastNa_shift' GLOBAL)\n"), "%s", err);
    cr_expect_null(strstr(err, "-7"), "type C has no cells: %s", err);
    free(out);
    free(err);

    char *set[] = {(char *)"run", (char *)CASE_DIR "/table-param.circ", (char *)"-o", out2,
                   (char *)"--set", (char *)"nafshift.fastNa_shift=-2mV", NULL};
    cr_expect_eq(run_circ(set, &out, &err), 0, "%s", err);
    free(out);
    free(err);

    /* the same model with -2 mV written into A and B */
    char *text = slurp(CASE_DIR "/table-param.circ", NULL);
    cr_assert_not_null(text);
    FILE *f = fopen(model, "w");
    cr_assert_not_null(f);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "import ", 7) == 0)
            fprintf(f, "import \"%s/tests/neuron/mod/nafshift.mod\"\n", SRCDIR);
        else if (strstr(line, "insert nafshift { gbar = 0.1 S/cm2 }") ||
                 strstr(line, "fastNa_shift = -5 mV"))
            fputs("        insert nafshift { gbar = 0.1 S/cm2; fastNa_shift = -2 mV }\n", f);
        else
            fprintf(f, "%s\n", line);
    }
    fclose(f);
    free(text);
    char *written[] = {(char *)"run", model, (char *)"-o", out3, NULL};
    cr_expect_eq(run_circ(written, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    char t2[96], t3[96];
    snprintf(t2, sizeof t2, "%s/default/traces.csv", out2);
    snprintf(t3, sizeof t3, "%s/default/traces.csv", out3);
    char *a = slurp(t2, NULL), *b = slurp(t3, NULL);
    cr_assert(a && b, "no traces in %s or %s", out2, out3);
    cr_expect_str_eq(a, b);
    cr_expect(strstr(a, "\n"), "empty traces");
    free(a);
    free(b);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}
