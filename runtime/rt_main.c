/* rt_main.c - main() of an ahead-of-time binary made by `circ build`.
 *
 * The object file generated for the model defines the three symbols below:
 * the serialized model and its entry points.  Options are those of
 * `circ run`, and so are the outputs, byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"

extern const unsigned char circ_model_blob[];
extern const int64_t circ_model_blob_size;
extern void *const circ_model_functions[];

static void usage(FILE *out, const char *prog)
{
    fprintf(out, "usage: %s [-o DIR] [-e EXPERIMENT]... [--seed N] [--time]\n"
            "  -o DIR       output directory (default circ-out/<model>)\n"
            "  -e NAME      run only experiment NAME (repeatable)\n"
            "  --seed N     random seed (overrides the model's)\n"
            "  --time       report build+simulate and write times\n"
            "  --connections  also write <experiment>/connections.csv\n"
            "  --threads N  step the cells on N threads (identical results)\n"
            "  --rng netpyne  NetPyNE 1.1.0's random draws\n"
            "  --exact      accepted for compatibility: the binary's arithmetic was fixed by\n"
            "               `circ build`\n", prog);
}

int main(int argc, char **argv)
{
    const char *experiments[64];
    struct crt_run_options o = {.experiments = experiments, .seed = -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            o.outdir = argv[++i];
        } else if (strcmp(a, "-e") == 0 && i + 1 < argc) {
            if (o.nexperiments < 64)
                experiments[o.nexperiments++] = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            char *end;
            o.seed = strtoll(argv[++i], &end, 10);
            if (*end || o.seed < 0 || o.seed > 4294967295LL) {
                fprintf(stderr, "%s: --seed needs a whole number from 0 to 4294967295\n", argv[0]);
                return 2;
            }
        } else if (strcmp(a, "--time") == 0) {
            o.time = true;
        } else if (strcmp(a, "--connections") == 0) {
            o.connections = true;
        } else if (strcmp(a, "--rng") == 0 && i + 1 < argc) {
            const char *r = argv[++i];
            if (strcmp(r, "netpyne") == 0) {
                o.rng = CRT_RNG_NETPYNE;
            } else if (strcmp(r, "circ") != 0) {
                fprintf(stderr, "%s: --rng takes circ or netpyne\n", argv[0]);
                return 2;
            }
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            o.threads = atoi(argv[++i]);
            if (o.threads < 1 || o.threads > 256) {
                fprintf(stderr, "%s: --threads needs a number from 1 to 256\n", argv[0]);
                return 2;
            }
        } else if (strcmp(a, "--exact") == 0) {
            /* nothing to do */
        } else if (strcmp(a, "--set") == 0) {
            fprintf(stderr, "%s: parameters are compiled into this program; rebuild it with "
                    "`circ build --set PATH=VALUE ...`\n", argv[0]);
            return 2;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout, argv[0]);
            return 0;
        } else {
            fprintf(stderr, "%s: unknown option '%s'\n", argv[0], a);
            usage(stderr, argv[0]);
            return 2;
        }
    }
    struct crt_model *m = crt_model_deserialize(circ_model_blob, (size_t)circ_model_blob_size);
    if (!m) {
        fprintf(stderr, "%s: the embedded model is damaged\n", argv[0]);
        return 2;
    }
    crt_model_bind(m, circ_model_functions);
    int rc = crt_main(m, &o);
    crt_model_free(m);
    return rc;
}
