/* fuzz_nmodl.c - libFuzzer harness: arbitrary bytes through the NMODL reader.
 *
 * Each input is scanned (the token dump, written to /dev/null) and parsed as
 * "fuzz.mod"; the tree is printed and the diagnostics rendered, so the
 * scanner's unit and block tracking, the parser's error recovery, the
 * printer and diagnostic rendering are all fuzzed.  A tree without syntax
 * errors is translated into a circ mechanism (compiler/nmodl/), its units
 * checked, and the mechanism printed as .circ (compiler/lang/).  Built and run by
 * tests/fuzz/run.sh with FUZZ_TARGET=nmodl.
 */
#include <stdint.h>
#include <stdio.h>

#include "circ_print.h"
#include "nmodl_circ.h"
#include "nmodl_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct arena *a = arena_create();
    struct diag_sink *d = diag_create();
    int id = diag_add_file(d, "fuzz.mod", (const char *)data, size);
    nmodl_dump_tokens(sink, a, d, id);
    diag_destroy(d);    /* the parse reports on a sink of its own (error limit) */
    d = diag_create();
    id = diag_add_file(d, "fuzz.mod", (const char *)data, size);
    struct nmodl_node *tree = nmodl_parse_file(a, d, id);
    nmodl_print(sink, tree, d);
    if (!diag_errors(d)) {
        struct ast *prog = nmodl_to_circ(a, d, tree);
        nmodl_check_units(a, d, tree);
        const struct ast *bad;
        for (unsigned i = 0; i < prog->nkids; i++)
            circ_print_mech(sink, prog->kids[i], &bad);
    }
    const char *text = diag_text(d);
    /* every error is located and rendered; an error count without text is a bug */
    if (diag_errors(d) && !text[0])
        __builtin_trap();
    diag_destroy(d);
    arena_destroy(a);
    return 0;
}
