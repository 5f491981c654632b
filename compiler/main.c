/* main.c - the `circ` command line: subcommands, options, exit codes.
 *
 * Exit codes: 0 success, 1 the model has errors, 2 usage or I/O errors.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "circ_print.h"
#include "nmodl_parse.h"
#include "read.h"
#include "help.h"
#include "lang.h"
#include "parse.h"
#include "cg.h"
#include "engine.h"
#include "fit.h"
#include "front.h"
#include "lower.h"
#include "plan.h"
#include "crt_model.h"

enum { EXIT_OK = 0, EXIT_MODEL = 1, EXIT_USAGE = 2 };

/* $CIRC_LOOP_NODES: cell types of at least this many nodes get kernels of
 * loops over tables (compiler/gen/cg_tree.c); unset: the default. */
static void usage(FILE *out)
{
    fputs("usage: circ check [options] FILE.circ     parse, resolve names, check units\n"
          "       circ run [options] FILE.circ       compile, simulate every experiment, write outputs\n"
          "       circ build FILE.circ -o PROG       a stand-alone executable (same options as run)\n"
          "       circ fit [options] [-e FIT] FILE.circ   choose a fit's values so that its\n"
          "                                          measures meet their targets (<out>/<fit>/)\n"
          "       circ plan [options] [--ranks K] FILE.circ   cells, connections, memory and\n"
          "                                          output sizes of the run, without running it\n"
          "       circ convert FILE.mod              print a NEURON .mod mechanism as .circ\n"
          "       circ --emit=STAGE [options] FILE.circ   stop after STAGE and print it\n"
          "       circ import netpyne NETPARAMS.json [SIMCONFIG.json] [--mod DIR]   a NetPyNE model as .circ\n"
          "       circ help [TOPIC]                  the language manual, a section at a time\n"
          "       circ diff A.circ B.circ            what changed in the model\n"
          "       circ diff OUT_A OUT_B [--rtol R] [--atol A]   what changed between two runs\n"
          "       circ fmt [--check | --stdout] FILE...   rewrite files in circ's one layout\n"
          "       circ lsp                           a language server for editors, on stdio\n"
          "       circ --help | --version\n"
          "\n"
          "stages for --emit:\n"
          "  tokens     the scanner's tokens, one per line\n"
          "  ast        the raw syntax tree of FILE\n"
          "  ir         the model IR: mechanisms and compartment trees\n"
          "  llvm       the optimized LLVM IR of the model's kernels\n"
          "\n"
          "options:\n"
          "  -W error, --Werror   treat warnings as errors\n"
          "  --no-stdlib          do not load the standard mechanisms (hh, pas, ...)\n"
          "\n"
          "run options (and those of programs from circ build):\n", out);
    fputs(crt_run_options_help, out);
    fputs("\n"
          "exit status: 0 ok, 1 the model has errors, 2 usage or I/O errors\n", out);
}

struct cli {
    const char *command;    /* "check", "run", "plan", "build", "convert" or "emit" */
    const char *emit;
    const char *file;
    struct crt_run_options run;     /* -o is the program's path for build */
    const char *experiments[CRT_MAX_EXPERIMENTS];
    bool exact;
    char *overrides;        /* --set lines */
    char *varies;           /* --vary lines */
    int ranks;              /* circ plan --ranks K (0: not given) */
    char **argv;            /* as given, for circ plan to start itself again */
    struct front_options opt;
};

static int parse_args(int argc, char **argv, struct cli *c)
{
    c->opt.stop_after = PASS_ALL;
    c->run.seed = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took = crt_run_option(argc, argv, i, &c->run, c->experiments, "circ");
        if (took < 0)
            return -1;
        if (took > 0) {
            i += took - 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(EXIT_OK);
        } else if (strcmp(a, "--version") == 0) {
            printf("circ %s (LLVM %s)\n", CIRC_VERSION, CIRC_LLVM_VERSION);
            exit(EXIT_OK);
        } else if (strncmp(a, "--emit=", 7) == 0) {
            c->emit = a + 7;
            if (!c->command)
                c->command = "emit";
        } else if (strcmp(a, "--Werror") == 0) {
            c->opt.werror = true;
        } else if (strcmp(a, "-W") == 0 && i + 1 < argc && strcmp(argv[i + 1], "error") == 0) {
            c->opt.werror = true;
            i++;
        } else if (strcmp(a, "--no-stdlib") == 0) {
            c->opt.no_stdlib = true;
        } else if (strcmp(a, "--exact") == 0) {
            c->exact = true;
        } else if (strcmp(a, "--ranks") == 0 && i + 1 < argc) {
            char *end;
            long k = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || k < 1 || k > 1000000) {
                fprintf(stderr, "circ: --ranks needs a number from 1 to 1000000\n");
                return -1;
            }
            c->ranks = (int)k;
        } else if (strcmp(a, "--set") == 0 && i + 1 < argc) {
            if (!front_add_override(&c->overrides, argv[++i])) {
                fprintf(stderr, "circ: --set needs PATH=VALUE, e.g. --set bkg.rate=30Hz\n");
                return -1;
            }
        } else if (strcmp(a, "--vary") == 0 && i + 1 < argc) {
            if (!front_add_vary(&c->varies, argv[++i])) {
                fprintf(stderr, "circ: --vary needs PATH from A to B in N steps, e.g. --vary "
                        "'step.amp from 0 nA to 0.8 nA in 9 steps'\n");
                return -1;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "circ: unknown option '%s'\n", a);
            return -1;
        } else if (!c->command) {
            if (strcmp(a, "check") != 0 && strcmp(a, "run") != 0 && strcmp(a, "build") != 0 &&
                strcmp(a, "convert") != 0 && strcmp(a, "plan") != 0 && strcmp(a, "fit") != 0) {
                fprintf(stderr, "circ: unknown command '%s'\n", a);
                return -1;
            }
            c->command = a;
        } else if (!c->file) {
            c->file = a;
        } else {
            fprintf(stderr, "circ: unexpected argument '%s'\n", a);
            return -1;
        }
    }
    if (!c->command) {
        usage(stderr);
        return -1;
    }
    if (!c->file) {
        fprintf(stderr, "circ: no input file\n");
        return -1;
    }
    if (c->varies && !crt_select_vary(&c->run, c->experiments, FRONT_VARY_SWEEP,
                                      &c->opt.vary_in, "circ"))
        return -1;
    if (c->varies && strcmp(c->command, "build") == 0) {
        fprintf(stderr, "circ: --vary is for a run (programs from circ build take --vary "
                "themselves)\n");
        return -1;
    }
    if (c->varies && strcmp(c->command, "fit") == 0) {
        fprintf(stderr, "circ: --vary is for a sweep; a fit varies the lines of its `fit`\n");
        return -1;
    }
    if (c->ranks && strcmp(c->command, "plan") != 0) {
        fprintf(stderr, "circ: --ranks is for circ plan (a run's ranks are mpirun's -np)\n");
        return -1;
    }
    if (c->emit && strcmp(c->emit, "tokens") != 0 && strcmp(c->emit, "ast") != 0 &&
        strcmp(c->emit, "ir") != 0 && strcmp(c->emit, "llvm") != 0) {
        fprintf(stderr, "circ: unknown stage '%s' for --emit (expected tokens, ast, ir or "
                "llvm)\n", c->emit);
        return -1;
    }
    return 0;
}

/* --emit=ir|llvm: check, lower, and (llvm) generate code. */
static int emit_model(struct cli *c)
{
    struct front *f = front_create(&c->opt);
    int rc = EXIT_MODEL;
    if (front_check_file(f, c->file)) {
        struct ir_model *m = lower_model(f->sema);
        if (m && strcmp(c->emit, "ir") == 0) {
            ir_print(stdout, m);
            rc = EXIT_OK;
        } else if (m) {
            struct cg_options opt = engine_cg_options(c->exact);
            plan_options(f->sema, m, &opt);
            struct cg_result r;
            if (cg_generate(m, &opt, f->diag, &r)) {
                char *text = cg_print(&r);
                fputs(text, stdout);
                LLVMDisposeMessage(text);
                cg_dispose(&r);
                rc = EXIT_OK;
            }
        }
    }
    fputs(diag_text(f->diag), stderr);
    front_destroy(f);
    return rc;
}

static int emit(struct cli *c)
{
    if (strcmp(c->emit, "ir") == 0 || strcmp(c->emit, "llvm") == 0)
        return emit_model(c);
    size_t len;
    char *text = front_read_file(c->file, &len);
    if (!text) {
        fprintf(stderr, "circ: cannot read '%s': %s\n", c->file, strerror(errno));
        return EXIT_USAGE;
    }
    struct front *f = front_create(&c->opt);
    int id = diag_add_file(f->diag, c->file, text, len);
    free(text);
    if (strcmp(c->emit, "tokens") == 0) {
        parse_dump_tokens(stdout, f->arena, f->diag, id);
    } else {
        struct ast *prog = parse_file(f->arena, f->diag, id);
        if (diag_errors(f->diag) == 0)
            ast_print(stdout, prog, f->diag);
    }
    fputs(diag_text(f->diag), stderr);
    int rc = diag_errors(f->diag) ? EXIT_MODEL : EXIT_OK;
    front_destroy(f);
    return rc;
}

/* A .mod file: NEURON's NMODL, read by the second front end (grammar/nmodl.y)
 * and translated into a circ mechanism (compiler/nmodl/).  `check` checks
 * it as circ would an imported one; `convert` prints that mechanism as
 * .circ; --emit=tokens|ast print the NMODL front end's own stages. */
static int nmodl_main(struct cli *c)
{
    bool check = !c->emit && strcmp(c->command, "check") == 0;
    bool convert = !c->emit && strcmp(c->command, "convert") == 0;
    if (!check && !convert &&
        !(c->emit && (strcmp(c->emit, "tokens") == 0 || strcmp(c->emit, "ast") == 0))) {
        fprintf(stderr, "circ: '%s' is an NMODL file: a mechanism, not a model; import it "
                "from a .circ model (import \"%s\"), check it (circ check), print it as "
                ".circ (circ convert) or print its tokens or tree (--emit=tokens|ast)\n",
                c->file, c->file);
        return EXIT_USAGE;
    }
    size_t len;
    char *text = front_read_file(c->file, &len);
    if (!text) {
        fprintf(stderr, "circ: cannot read '%s': %s\n", c->file, strerror(errno));
        return EXIT_USAGE;
    }
    struct front *f = front_create(&c->opt);
    if (check || convert) {
        bool ok = front_check_nmodl(f, c->file);
        struct ast *prog = f->programs[f->main_program];
        const struct ast *bad = NULL;
        if (ok && convert && prog->nkids == 1) {
            char *body = NULL;
            size_t size = 0;
            const char **from, **to;
            unsigned nren = circ_rename_keywords(f->arena, prog->kids[0], &from, &to);
            FILE *mem = open_memstream(&body, &size);
            bool printed = circ_print_mech(mem, prog->kids[0], &bad);
            fclose(mem);
            const char *slash = strrchr(c->file, '/');
            if (printed) {
                printf("# %s: converted from %s by `circ convert`.\n"
                       "# `nmodl` after the name: numbers are used as written, with no unit\n"
                       "# conversions, as NEURON computes a .mod file (docs/FROM_NEURON.md).\n",
                       prog->kids[0]->str, slash ? slash + 1 : c->file);
                for (unsigned i = 0; i < nren; i++)
                    printf("# '%s' is '%s' in the .mod file (a circ keyword there).\n", to[i],
                           from[i]);
                fputs(body, stdout);
            } else {
                diag_error(f->diag, bad->loc, "'%s' is a circ keyword and cannot name a "
                           "variable in a .circ file; rename it to convert this file", bad->str);
            }
            free(body);
        }
    } else {
        int id = diag_add_file(f->diag, c->file, text, len);
        if (strcmp(c->emit, "tokens") == 0) {
            nmodl_dump_tokens(stdout, f->arena, f->diag, id);
        } else {
            struct nmodl_node *tree = nmodl_parse_file(f->arena, f->diag, id);
            if (diag_errors(f->diag) == 0)
                nmodl_print(stdout, tree, f->diag);
        }
    }
    fputs(diag_text(f->diag), stderr);
    unsigned errors = diag_errors(f->diag), warnings = diag_warnings(f->diag);
    if ((check || convert) && diag_too_many(f->diag))
        fprintf(stderr, "circ: too many errors, stopping\n");
    if ((check || convert) && (errors || warnings))
        fprintf(stderr, "%u error%s, %u warning%s\n", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s");
    front_destroy(f);
    free(text);
    return errors ? EXIT_MODEL : EXIT_OK;
}

static bool readable(const char *path)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        fprintf(stderr, "circ: cannot read '%s': %s\n", path, strerror(errno));
        return false;
    }
    fclose(probe);
    return true;
}

static int check(struct cli *c)
{
    if (!readable(c->file))
        return EXIT_USAGE;
    struct front *f = front_create(&c->opt);
    bool ok = front_check_file(f, c->file);
    /* cell types are lowered too: some values are known only with the
     * whole tree (a parameter's value per segment, attachments in a cycle) */
    if (ok && c->opt.stop_after == PASS_ALL)
        ok = lower_model(f->sema) != NULL;
    fputs(diag_text(f->diag), stderr);
    if (diag_too_many(f->diag))
        fprintf(stderr, "circ: too many errors, stopping\n");
    unsigned errors = diag_errors(f->diag), warnings = diag_warnings(f->diag);
    if (errors || warnings)
        fprintf(stderr, "%u error%s, %u warning%s\n", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s");
    front_destroy(f);
    return ok ? EXIT_OK : EXIT_MODEL;
}

static int run(struct cli *c)
{
    if (!readable(c->file))
        return EXIT_USAGE;
    struct engine eng;
    struct cg_options opt = engine_cg_options(c->exact);
    int rc = EXIT_MODEL;
    if (engine_open(&eng, c->file, &c->opt, &opt)) {
        fputs(diag_text(eng.front->diag), stderr);    /* warnings */
        diag_clear_text(eng.front->diag);
        if (c->run.time)
            fprintf(stderr, "time: parse %.1f ms, check %.1f ms, lower %.1f ms, codegen %.1f ms, "
                    "optimize %.1f ms, jit %.1f ms%s\n", eng.front->ms_parse, eng.front->ms_check,
                    eng.times.lower, eng.times.codegen, eng.times.optimize, eng.times.jit,
                    eng.times.cached ? " (machine code from the cache)" : "");
        rc = crt_main(eng.model, &c->run);
    }
    fputs(diag_text(eng.front->diag), stderr);
    engine_close(&eng);
    return rc;
}

/* circ plan: compiled as circ run compiles (so the process holds what a
 * run's does), then the run's needs printed instead of simulated.  A run
 * after the plan takes the machine code from the object cache, which
 * holds 15-20 MB less than compiling it (LLVM's code generator): a plan
 * that compiled starts itself again, once, to measure the process as that
 * run's will be. */
static int plan(struct cli *c)
{
    if (!readable(c->file))
        return EXIT_USAGE;
    struct engine eng;
    struct cg_options opt = engine_cg_options(c->exact);
    int rc = EXIT_MODEL;
    if (engine_open(&eng, c->file, &c->opt, &opt)) {
        if (!eng.times.cached && !getenv("CIRC_PLAN_AGAIN")) {
            engine_close(&eng);
            fflush(NULL);
            setenv("CIRC_PLAN_AGAIN", "1", 1);
            execv("/proc/self/exe", c->argv);
            /* cannot: measured as compiled, an over-estimate of a cached run */
            unsetenv("CIRC_PLAN_AGAIN");
            if (!engine_open(&eng, c->file, &c->opt, &opt)) {
                fputs(diag_text(eng.front->diag), stderr);
                engine_close(&eng);
                return EXIT_MODEL;
            }
        }
        fputs(diag_text(eng.front->diag), stderr);    /* warnings */
        diag_clear_text(eng.front->diag);
        rc = crt_plan(eng.model, &c->run, c->ranks > 0 ? c->ranks : 1, stdout);
    }
    fputs(diag_text(eng.front->diag), stderr);
    engine_close(&eng);
    return rc;
}

/* circ fit: -e names the fit (runtime options otherwise as circ run's). */
static int fit(struct cli *c)
{
    if (!readable(c->file))
        return EXIT_USAGE;
    struct cg_options opt = engine_cg_options(c->exact);
    c->run.experiments = c->experiments;
    return fit_main(c->file, &c->opt, &opt, &c->run);
}

static int build(struct cli *c)
{
    if (!c->run.outdir) {
        fprintf(stderr, "circ: build needs -o PROGRAM\n");
        return EXIT_USAGE;
    }
    if (!readable(c->file))
        return EXIT_USAGE;
    struct engine eng;
    struct cg_options opt = engine_cg_options(c->exact);
    bool ok = engine_build(&eng, c->file, c->run.outdir, &c->opt, &opt);
    fputs(diag_text(eng.front->diag), stderr);
    engine_close(&eng);
    return ok ? EXIT_OK : EXIT_MODEL;
}

/* circ import netpyne NETPARAMS.json [SIMCONFIG.json] [--mod DIR]...: a .circ
 * model on stdout. */
static int import(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    bool bad = argc < 3 || strcmp(argv[1], "netpyne") != 0;
    struct read_mods mods = {0};
    for (int i = 2; !bad && i < argc; i++) {
        if (strcmp(argv[i], "--mod") == 0 && i + 1 < argc) {
            if (!read_mods_dir(&mods, argv[++i], stderr)) {
                read_mods_free(&mods);
                return EXIT_USAGE;
            }
        } else if (argv[i][0] != '-' && nfiles < 2) {
            files[nfiles++] = argv[i];
        } else {
            bad = true;
        }
    }
    if (bad || nfiles == 0) {
        fprintf(stderr, "usage: circ import netpyne NETPARAMS.json [SIMCONFIG.json] [--mod DIR]... "
                        "> model.circ\n"
                        "  (the JSON of NetPyNE's netParams.save() and simConfig.save(); each\n"
                        "  --mod folder's .mod files give the mechanisms circ's library lacks)\n");
        read_mods_free(&mods);
        return EXIT_USAGE;
    }
    int rc = read_netpyne_mods(files[0], files[1], &mods, stdout, stderr);
    read_mods_free(&mods);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "circ import: cannot write the model: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_MODEL : EXIT_USAGE;
}

/* circ diff A.circ B.circ: two models; circ diff OUT_A OUT_B [--rtol R]
 * [--atol A]: two runs' results. */
static int diff(int argc, char **argv)
{
    const char *dir[2] = {NULL, NULL};
    double rtol = 1e-9, atol = 1e-12;
    int n = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        if ((strcmp(argv[i], "--rtol") == 0 || strcmp(argv[i], "--atol") == 0) && i + 1 < argc) {
            double v = strtod(argv[i + 1], &end);
            if (*end || !(v >= 0)) {
                fprintf(stderr, "circ diff: %s needs a number >= 0, got '%s'\n", argv[i], argv[i + 1]);
                return EXIT_USAGE;
            }
            *(argv[i][2] == 'r' ? &rtol : &atol) = v;
            i++;
        } else if (argv[i][0] != '-' && n < 2) {
            dir[n++] = argv[i];
        } else {
            n = 3;
        }
    }
    struct stat st[2];
    bool models = false;     /* a model file (or a name that says so) on either side */
    for (int i = 0; n == 2 && i < 2; i++) {
        size_t len = strlen(dir[i]);
        models |= (stat(dir[i], &st[i]) == 0 && S_ISREG(st[i].st_mode)) ||
                  (len > 5 && strcmp(dir[i] + len - 5, ".circ") == 0);
    }
    if (models)
        return diff_models(dir[0], dir[1], stdout, stderr);
    if (n != 2 || stat(dir[0], &st[0]) != 0 || stat(dir[1], &st[1]) != 0 ||
        !S_ISDIR(st[0].st_mode) || !S_ISDIR(st[1].st_mode)) {
        fprintf(stderr, "usage: circ diff A.circ B.circ\n"
                        "  what changed in the model: parameters (old -> new, as written),\n"
                        "  things added or removed; layout, comments and order do not count\n"
                        "       circ diff OUT_A OUT_B [--rtol R] [--atol A]\n"
                        "  compares two runs' output directories (their summary.json); the\n"
                        "  defaults rtol 1e-9, atol 1e-12 take only rounding as equal\n");
        return EXIT_USAGE;
    }
    return diff_runs(dir[0], dir[1], rtol, atol, stdout, stderr);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return import(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "help") == 0)
        return help_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "diff") == 0)
        return diff(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "fmt") == 0)
        return fmt_main(argc - 1, argv + 1);
    if (argc == 2 && strcmp(argv[1], "lsp") == 0)
        return lsp_main(stdin, stdout);
    struct cli c = {.argv = argv};
    if (parse_args(argc, argv, &c) != 0) {
        free(c.overrides);
        free(c.varies);
        return EXIT_USAGE;
    }
    c.opt.overrides = c.overrides;
    c.opt.varies = c.varies;
    int rc;
    if (nmodl_is_path(c.file))
        rc = nmodl_main(&c);
    else if (c.emit)
        rc = emit(&c);
    else if (strcmp(c.command, "run") == 0)
        rc = run(&c);
    else if (strcmp(c.command, "build") == 0)
        rc = build(&c);
    else if (strcmp(c.command, "plan") == 0)
        rc = plan(&c);
    else if (strcmp(c.command, "fit") == 0)
        rc = fit(&c);
    else if (strcmp(c.command, "convert") == 0)
        rc = (fprintf(stderr, "circ: convert reads a NEURON .mod file, not '%s'\n", c.file),
              EXIT_USAGE);
    else
        rc = check(&c);
    free(c.overrides);      /* --set's lines (LeakSanitizer counted them) */
    free(c.varies);
    return rc;
}
