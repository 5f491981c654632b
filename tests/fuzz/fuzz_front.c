/* fuzz_front.c - libFuzzer harness: arbitrary bytes through the whole front end.
 *
 * Each input is parsed and checked as "fuzz.circ", with the embedded stdlib
 * loaded (so names like hh and Exp2Syn resolve and sema runs deep) unless the
 * input's first byte is odd, which exercises the no-stdlib path cheaply.  The
 * rendered diagnostics and the summary are computed (diag_text) so rendering
 * is fuzzed too.  Built and run by tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "front.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* `import "/dev/zero"` would read forever: keep imports off devices. */
    if (memmem(data, size, "/dev", 4) || memmem(data, size, "/proc", 5) ||
        memmem(data, size, "/sys", 4))
        return 0;
    struct front_options opt = {.no_stdlib = size > 0 && (data[0] & 1), .stop_after = PASS_ALL};
    struct front *f = front_create(&opt);
    front_check_text(f, "fuzz.circ", (const char *)data, size);
    const char *text = diag_text(f->diag);
    unsigned errors = diag_errors(f->diag);
    /* every error is located or says "circ:"; an error count without text is a bug */
    if (errors && !text[0])
        __builtin_trap();
    front_destroy(f);
    return 0;
}
