/* rt_options.c - the run options `circ run` and `circ build` programs share,
 * parsed in one place so the two cannot drift apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"

const char *crt_program = "circ";

void crt_set_program(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    crt_program = slash && slash[1] ? slash + 1 : argv0 && *argv0 ? argv0 : "circ";
}

const char crt_run_options_help[] =
    "  -o DIR               output directory (default circ-out/<model>)\n"
    "  -e NAME              run only experiment NAME (repeatable)\n"
    "  --seed N             random seed (overrides the model's)\n"
    "  --set PATH=VALUE     change a parameter in every experiment, e.g.\n"
    "                       --set bkg.rate=30Hz --set hh.gl=0.001S/cm2 (repeatable)\n"
    "  --vary 'PATH from A to B in N [log] steps', --vary 'PATH in [a, b, ...]'\n"
    "                       run a sweep of these values (repeatable: a grid) instead of\n"
    "                       the experiments, in the one named with -e if any; results\n"
    "                       in <out>/cli/sweep.csv and figures/sweep_cli\n"
    "  --exact              NEURON-identical: one synapse per connection, NEURON's order\n"
    "                       of operations (default: synapses shared per node and kind)\n"
    "  --time               report the time of each stage\n"
    "  --connections        also write <experiment>/connections.csv\n"
    "                       (pre,post,rule,weight,delay)\n"
    "  --sonata             also write the network as a SONATA circuit (<out>/sonata/)\n"
    "                       and each experiment's spikes.h5\n"
    "  --png                also write every figure as PNG (figures/<name>.png; by\n"
    "                       default only a figure whose SVG is too large for the report)\n"
    "  --threads N          step the cells on N threads (identical results; default:\n"
    "                       one per core not busy with other work, at most one per\n"
    "                       24 cells)\n"
    "  --rng netpyne        draw positions, connections and NetStim noise exactly as\n"
    "                       NetPyNE 1.1.0 does (with --exact: NetPyNE's spikes)\n"
    "  --memory-limit SIZE  refuse runs estimated to need more memory, e.g. 8G\n"
    "                       (default: $CIRC_MEMORY_LIMIT, else this machine's memory)\n";

int crt_run_option(int argc, char **argv, int i, struct crt_run_options *o,
                   const char **experiments, const char *prog)
{
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--time") == 0) {
        o->time = true;
        return 1;
    }
    if (strcmp(a, "--sonata") == 0) {
        o->sonata = true;
        return 1;
    }
    if (strcmp(a, "--connections") == 0) {
        o->connections = true;
        return 1;
    }
    if (strcmp(a, "--png") == 0) {
        o->png = true;
        return 1;
    }
    bool takes_value = strcmp(a, "-o") == 0 || strcmp(a, "-e") == 0 ||
                       strcmp(a, "--seed") == 0 || strcmp(a, "--rng") == 0 ||
                       strcmp(a, "--threads") == 0 || strcmp(a, "--memory-limit") == 0;
    if (!takes_value)
        return 0;
    if (!val) {
        fprintf(stderr, "%s: %s needs a value\n", prog, a);
        return -1;
    }
    if (strcmp(a, "-o") == 0) {
        o->outdir = val;
    } else if (strcmp(a, "-e") == 0) {
        if (o->nexperiments >= CRT_MAX_EXPERIMENTS) {
            fprintf(stderr, "%s: at most %d -e options\n", prog, CRT_MAX_EXPERIMENTS);
            return -1;
        }
        experiments[o->nexperiments++] = val;
        o->experiments = experiments;
    } else if (strcmp(a, "--seed") == 0) {
        char *end;
        o->seed = strtoll(val, &end, 10);
        if (*end || end == val || o->seed < 0 || o->seed > 4294967295LL) {
            fprintf(stderr, "%s: --seed needs a whole number from 0 to 4294967295\n", prog);
            return -1;
        }
    } else if (strcmp(a, "--memory-limit") == 0) {
        if (!crt_parse_size(val, &o->memory_limit)) {
            fprintf(stderr, "%s: --memory-limit needs a size, e.g. 8G or 512M\n", prog);
            return -1;
        }
    } else if (strcmp(a, "--rng") == 0) {
        if (strcmp(val, "netpyne") == 0) {
            o->rng = CRT_RNG_NETPYNE;
        } else if (strcmp(val, "circ") == 0) {
            o->rng = CRT_RNG_CIRC;
        } else {
            fprintf(stderr, "%s: --rng takes circ or netpyne\n", prog);
            return -1;
        }
    } else {
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || end == val || n < 1 || n > 256) {
            fprintf(stderr, "%s: --threads needs a number from 1 to 256\n", prog);
            return -1;
        }
        o->threads = (int)n;
    }
    return 2;
}

bool crt_select_vary(struct crt_run_options *o, const char **experiments, const char *sweep_name,
                     const char **vary_in, const char *prog)
{
    if (o->nexperiments > 1) {
        fprintf(stderr, "%s: --vary runs in one experiment: give at most one -e\n", prog);
        return false;
    }
    *vary_in = o->nexperiments ? experiments[0] : NULL;
    experiments[0] = sweep_name;
    o->nexperiments = 1;
    o->experiments = experiments;
    return true;
}
