/* rt_memory.c - how much memory the runs may need, and refusing those that
 * would need more before anything is allocated (an over-size run used to
 * grow for tens of seconds, then abort).  The estimate itself is
 * crt_run_memory in rt_sim.c, beside the code whose allocations it counts. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "crt_model.h"
#include "rt_mpi.h"

bool crt_parse_size(const char *text, double *bytes)
{
    char *end;
    double x = strtod(text, &end);
    if (end == text || !(x >= 0) || !isfinite(x))
        return false;
    static const char units[] = "KMGTP";
    const char *u = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
    if (*end && !u)
        return false;
    if (u) {
        x *= pow(1024, (double)(u - units + 1));
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
    }
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end || x < 1)
        return false;
    *bytes = x;
    return true;
}

double crt_memory_limit(const struct crt_model *m, const char **source)
{
    if (m->memory_limit > 0) {
        *source = "--memory-limit";
        return m->memory_limit;
    }
    const char *env = getenv("CIRC_MEMORY_LIMIT");
    double x;
    if (env && *env) {
        *source = "CIRC_MEMORY_LIMIT";
        return crt_parse_size(env, &x) ? x : -1;
    }
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    double phys = pages > 0 && page > 0 ? (double)pages * (double)page : INFINITY;
    *source = "this machine's memory";
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (double)rl.rlim_cur < phys) {
        *source = "the address-space limit, ulimit -v";
        return (double)rl.rlim_cur;
    }
    return phys;
}

/* "1.5 GiB", "80 TiB", "512 B" */
void crt_format_bytes(double b, char *buf, size_t size)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int k = 0;
    while (b >= 1024 && k < 6) {
        b /= 1024;
        k++;
    }
    snprintf(buf, size, k == 0 ? "%.0f %s" : "%.3g %s", b, units[k]);
}

bool crt_check_memory(const struct crt_model *m, const bool *selected, int flags, char *err,
                      size_t errsize)
{
    return crt_check_memory_lanes(m, selected, flags, 1, err, errsize);
}

double crt_memory_need(const struct crt_model *m, const bool *selected, int flags, int lanes,
                       int nranks, double part[CRT_MEM_KINDS])
{
    /* results are kept until the analysis; each run's own memory is freed
     * when it ends: every result, plus the `lanes` biggest runs at once */
    double kept[CRT_MEM_KINDS] = {0}, running[CRT_MEM_KINDS] = {0};
    for (int k = 0; k < CRT_MEM_KINDS; k++)
        part[k] = INFINITY;
    bool *counted = calloc((size_t)m->nexperiments + 1, sizeof *counted);
    if (!counted)
        return -1;
    int threads = lanes > 1 ? m->threads / lanes : m->threads;    /* each lane's */
    for (int e = 0; e < m->nexperiments; e++)
        if (!selected || selected[e]) {
            struct crt_memory x = crt_run_memory_on(m, e, flags, threads, nranks);
            for (int k = 0; k < CRT_MEM_KINDS; k++)
                kept[k] += x.kept[k];
        }
    for (int lane = 0; lane < lanes; lane++) {
        int biggest = -1;
        double run_max = -1;
        struct crt_memory big = {{0}, {0}};
        for (int e = 0; e < m->nexperiments; e++) {
            if ((selected && !selected[e]) || counted[e])
                continue;
            struct crt_memory x = crt_run_memory_on(m, e, flags, threads, nranks);
            double run = 0;
            for (int k = 0; k < CRT_MEM_KINDS; k++)
                run += x.run[k];
            if (run > run_max) {
                run_max = run;
                biggest = e;
                big = x;
            }
        }
        if (biggest < 0)
            break;
        counted[biggest] = true;
        for (int k = 0; k < CRT_MEM_KINDS; k++)
            running[k] += big.run[k];
    }
    free(counted);
    double total = 0;
    for (int k = 0; k < CRT_MEM_KINDS; k++) {
        part[k] = kept[k] + running[k];
        total += part[k];
    }
    return total;
}

bool crt_check_memory_lanes(const struct crt_model *m, const bool *selected, int flags,
                            int lanes, char *err, size_t errsize)
{
    const char *source;
    double limit = crt_memory_limit(m, &source);
    if (limit < 0) {
        snprintf(err, errsize, "CIRC_MEMORY_LIMIT='%s' is not a size (e.g. 8G, 512M)",
                 getenv("CIRC_MEMORY_LIMIT"));
        return false;
    }
    double part[CRT_MEM_KINDS];
    double total = crt_memory_need(m, selected, flags, lanes, rt_mpi_size(), part);
    if (total < 0) {
        snprintf(err, errsize, "out of memory");
        return false;
    }
    if (total <= limit)
        return true;
    char t[32], l[32], p[CRT_MEM_KINDS][32];
    crt_format_bytes(total, t, sizeof t);
    crt_format_bytes(limit, l, sizeof l);
    for (int k = 0; k < CRT_MEM_KINDS; k++)
        crt_format_bytes(part[k], p[k], sizeof p[k]);
    bool given = m->memory_limit > 0 || strcmp(source, "CIRC_MEMORY_LIMIT") == 0;
    snprintf(err, errsize, "the run would need about %s of memory (recorded traces %s, cells %s, "
             "connections and synapses %s), more than the limit of %s (%s%s)", t,
             p[CRT_MEM_TRACES], p[CRT_MEM_CELLS], p[CRT_MEM_CONNECTIONS], l, source,
             given ? "" : "; --memory-limit SIZE or CIRC_MEMORY_LIMIT sets another");
    return false;
}
