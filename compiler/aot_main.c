/* aot_main.c - main() of an ahead-of-time program made by `circ build`.
 *
 * The program's objects define the serialized model, its entry points in
 * the default arithmetic and in NEURON's (--exact), and the model's sources.
 * Options and outputs are those of `circ run`.  --set checks and lowers the
 * model again from those sources, with the front end linked in (no LLVM):
 * every density parameter is a run-time value in this program's code, so
 * the same machine code serves, and only a mechanism global the build made
 * a constant (hh.usetable) asks for a new `circ build`.
 *
 * Before anything runs, the program checks what it carries (aot_pack.h):
 * the container's sizes must add up, the model and the sources must decode,
 * the sources must hash to the SHA-256 the model records (its provenance in
 * summary.json; else a --set would lower edited sources under the old
 * hash), and all of it must match its checksum (a changed number in the
 * model would run silently otherwise).  Any failure is a damaged program:
 * exit 2, as for an input circ cannot read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "aot_pack.h"
#include "aot_sources.h"
#include "front.h"
#include "layout.h"
#include "lower.h"
#include "lower_net.h"
#include "plan.h"

extern const unsigned char circ_model_pack[];    /* aot_pack.h: model and sources */
extern const int64_t circ_model_pack_size;
extern void *const circ_model_functions[];
extern void *const circ_model_functions_exact[];

enum { EXIT_OK = 0, EXIT_MODEL = 1, EXIT_USAGE = 2 };

static void usage(FILE *out, const char *prog)
{
    fprintf(out, "usage: %s [options]   simulate every experiment of the model built into "
            "this program\n\noptions (those of `circ run`; --exact is the default of a "
            "program built with `circ build --exact`):\n", prog);
    fputs(crt_run_options_help, out);
    fputs("  --plan               print what the run would need (cells, connections, memory\n"
          "                       per rank, output sizes) instead of running it\n"
          "  --ranks K            with --plan: for mpirun -np K\n", out);
}

/* Do two models have the same entry points (so one table serves both)? */
static bool same_entries(const struct crt_model *a, const struct crt_model *b)
{
    size_t n = crt_model_nentries(a);
    if (n != crt_model_nentries(b))
        return false;
    char ba[256], bb[256];
    for (size_t k = 0; k < n; k++) {
        const char *x = crt_model_entry_name(a, k, ba, sizeof ba);
        const char *y = crt_model_entry_name(b, k, bb, sizeof bb);
        if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
            return false;
    }
    return true;
}

/* The model and sources this program carries: the model deserialized into
 * *built, the sources decoded into *src (src->files is malloc'd), checked
 * against the SHA-256 the model records, then all of it against its
 * checksum; false, with a message, when anything is damaged or was edited
 * after `circ build`.  The sources' hash is checked first so that an edited
 * model file gets the message that names it. */
static bool load(const char *prog, struct crt_model **built, struct aot_sources *src)
{
    static const char rebuild[] = "rebuild the program with `circ build`";
    const unsigned char *model, *sources;
    size_t nmodel, nsources, npack = (size_t)circ_model_pack_size;
    *built = NULL;
    src->files = NULL;
    if (circ_model_pack_size < 0 ||
        !aot_unpack(circ_model_pack, npack, &model, &nmodel, &sources, &nsources)) {
        fprintf(stderr, "%s: the embedded model and sources are damaged; %s\n", prog, rebuild);
        return false;
    }
    if (!(*built = crt_model_deserialize(model, nmodel))) {
        fprintf(stderr, "%s: the embedded model is damaged; %s\n", prog, rebuild);
        return false;
    }
    if (!aot_sources_decode(sources, nsources, src)) {
        fprintf(stderr, "%s: the embedded sources are damaged; %s\n", prog, rebuild);
        return false;
    }
    char hex[AOT_SHA256_HEX];
    aot_sources_sha256(src, hex);
    if (!(*built)->source_sha256 || strcmp(hex, (*built)->source_sha256) != 0) {
        fprintf(stderr, "%s: the embedded sources do not match their recorded SHA-256 (the "
                "program was changed after `circ build`); %s\n", prog, rebuild);
        return false;
    }
    if (!aot_pack_intact(circ_model_pack, npack)) {
        fprintf(stderr, "%s: the embedded model or sources do not match their checksum (the "
                "program was changed after `circ build`); %s\n", prog, rebuild);
        return false;
    }
    return true;
}

/* The model checked and lowered again from src with the build's and these
 * --set lines; NULL (messages printed) if they are wrong or need new code.
 * The model lives in *fp's arena. */
static struct crt_model *relower(const char *prog, const struct crt_model *built,
                                 const struct aot_sources *src, const char *run_overrides,
                                 const char *varies, const char *vary_in, struct front **fp)
{
    if (!run_overrides)
        run_overrides = "";
    size_t nb = strlen(src->overrides), nr = strlen(run_overrides);
    char *overrides = malloc(nb + nr + 1);
    memcpy(overrides, src->overrides, nb);
    memcpy(overrides + nb, run_overrides, nr + 1);
    struct front_options fo = {.stop_after = PASS_ALL, .no_stdlib = src->no_stdlib,
                               .werror = src->werror, .overrides = overrides, .files = src->files,
                               .varies = varies, .vary_in = vary_in};
    struct front *f = *fp = front_create(&fo);
    const struct front_embedded *main_file = &src->files[0];
    struct crt_model *m = NULL;
    struct ir_model *ir;
    if (front_check_text(f, main_file->path, main_file->text, main_file->len) &&
        (ir = lower_model(f->sema))) {
        struct cg_options opt = {.all_params_runtime = true};
        plan_options(f->sema, ir, &opt);
        struct cg_layout layout;
        cg_layout_compute(ir, &opt, &layout);
        if (!opt.fold_globals && src->globals_folded) {
            fprintf(stderr, "%s: a --set of a mechanism global (such as hh.usetable) needs new "
                    "code; rebuild the program with `circ build --set PATH=VALUE ...`\n", prog);
        } else if (ir_celltypes_fingerprint(ir) != src->celltypes) {
            fprintf(stderr, "%s: a --set of a cell's geometry or of one cell type's mechanism "
                    "needs new code; rebuild the program with `circ build --set PATH=VALUE "
                    "...`\n", prog);
        } else if ((m = lower_network(f->sema, ir, &layout, built->name))) {
            if (!same_entries(built, m)) {
                fprintf(stderr, "%s: internal error: the model lowered again does not match "
                        "this program's code\n", prog);
                m = NULL;
            } else {
                m->circ_version = built->circ_version;
                m->source_sha256 = built->source_sha256;
                m->overrides = arena_strdup(f->arena, overrides);
            }
        }
    }
    fputs(diag_text(f->diag), stderr);
    free(overrides);
    return m;
}

int main(int argc, char **argv)
{
    const char *experiments[CRT_MAX_EXPERIMENTS];
    struct crt_run_options o = {.seed = -1};
    char *overrides = NULL, *varies = NULL;
    const char *vary_in = NULL;
    bool exact = false, plan = false;
    int ranks = 1;
    /* messages name the program as its user calls it, never "circ" */
    crt_set_program(argc > 0 ? argv[0] : NULL);
    diag_program = crt_program;
    const char *prog = crt_program;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took = crt_run_option(argc, argv, i, &o, experiments, prog);
        if (took > 0) {
            i += took - 1;
            continue;
        }
        if (took == 0 && strcmp(a, "--exact") == 0) {
            exact = true;
            continue;
        }
        if (took == 0 && strcmp(a, "--plan") == 0) {
            plan = true;
            continue;
        }
        if (took == 0 && strcmp(a, "--ranks") == 0 && i + 1 < argc) {
            char *end;
            long k = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || k < 1 || k > 1000000) {
                fprintf(stderr, "%s: --ranks needs a number from 1 to 1000000\n", prog);
                free(overrides);
                free(varies);
                return EXIT_USAGE;
            }
            ranks = (int)k;
            continue;
        }
        if (took == 0 && strcmp(a, "--set") == 0 && i + 1 < argc &&
            front_add_override(&overrides, argv[++i]))
            continue;
        if (took == 0 && strcmp(a, "--vary") == 0 && i + 1 < argc &&
            front_add_vary(&varies, argv[++i]))
            continue;
        if (took == 0 && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            usage(stdout, prog);
            free(overrides);
            free(varies);
            return EXIT_OK;
        }
        if (took == 0 && strcmp(a, "--set") == 0)
            fprintf(stderr, "%s: --set needs PATH=VALUE, e.g. --set bkg.rate=30Hz\n", prog);
        else if (took == 0 && strcmp(a, "--vary") == 0)
            fprintf(stderr, "%s: --vary needs PATH from A to B in N steps, e.g. --vary "
                    "'step.amp from 0 nA to 0.8 nA in 9 steps'\n", prog);
        else if (took == 0)
            fprintf(stderr, "%s: unknown option '%s' (see --help)\n", prog, a);
        free(overrides);
        free(varies);
        return EXIT_USAGE;
    }
    if (varies && !crt_select_vary(&o, experiments, FRONT_VARY_SWEEP, &vary_in, prog)) {
        free(overrides);
        free(varies);
        return EXIT_USAGE;
    }
    struct crt_model *built;
    struct aot_sources src;
    if (!load(prog, &built, &src)) {
        if (built)
            crt_model_free(built);
        free(src.files);
        free(overrides);
        free(varies);
        return EXIT_USAGE;
    }
    exact |= built->exact;
    struct front *f = NULL;
    struct crt_model *m = built;
    int rc = EXIT_MODEL;
    if (overrides || varies)
        m = relower(prog, built, &src, overrides, varies, vary_in, &f);
    if (m) {
        m->exact = exact;
        crt_model_bind(m, exact ? circ_model_functions_exact : circ_model_functions);
        if (plan) {
            rc = crt_plan(m, &o, ranks, stdout);
        } else {
            rc = crt_main(m, &o);
        }
    }
    if (f)
        front_destroy(f);
    free(src.files);
    crt_model_free(built);
    free(overrides);
    free(varies);
    return rc;
}
