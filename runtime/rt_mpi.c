/* rt_mpi.c - ranks of a run over MPI (rt_mpi.h); without CIRC_MPI, or in a
 * process mpirun did not start, the only rank.
 *
 * MPI's default error handler (MPI_ERRORS_ARE_FATAL) stays: an MPI call
 * that fails, or a rank that dies, ends every rank through mpirun rather
 * than leaving the others waiting. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_mpi.h"
#include "rt_outdir.h"

#ifdef CIRC_MPI
#include <mpi.h>

static bool active;         /* MPI_Init was called */
static int my_rank, nranks = 1;
enum { HEAD = 3 };          /* rt_mpi_exchange's per rank: count, failed, stop signal */
static long *heads;
static int *counts, *displs;

void rt_mpi_abort(const char *msg)
{
    fprintf(stderr, "%s: rank %d of %d: %s\n", crt_program, my_rank, nranks, msg);
    fflush(stderr);
    if (active)
        MPI_Abort(MPI_COMM_WORLD, 2);
    exit(2);
}

/* Memory MPI's own calls need: a rank without it ends them all. */
static void *need(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        rt_mpi_abort("out of memory while exchanging data between ranks");
    return p;
}

/* OpenMPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx and PMI launchers (srun)
 * set their own. */
static bool launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

void rt_mpi_start(void)
{
    if (active || !launched())
        return;
    /* MPI starts threads of its own: with these signals blocked first, they
     * inherit the mask, and only the run's watcher (rt_outdir.h) takes them,
     * so that a SIGTERM from the batch system stops the run cleanly */
    sigset_t stop;
    rt_stop_signals(&stop);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    active = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    heads = need(HEAD * (size_t)nranks, sizeof *heads);
    counts = need((size_t)nranks, sizeof *counts);
    displs = need((size_t)nranks, sizeof *displs);
}

int rt_mpi_end(int status)
{
    if (!active)
        return status;
    int worst;
    MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    free(heads);
    free(counts);
    free(displs);
    active = false;
    nranks = 1;
    my_rank = 0;
    return worst;
}

int rt_mpi_rank(void)
{
    return my_rank;
}

int rt_mpi_size(void)
{
    return nranks;
}

int rt_mpi_local_size(void)
{
    const char *s = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    if (!s)
        s = getenv("SLURM_NTASKS_PER_NODE");
    int n = s ? atoi(s) : 0;
    return n > 0 ? n : nranks;
}

bool rt_mpi_all(bool ok)
{
    if (nranks == 1)
        return ok;
    int in = ok, out;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return out != 0;
}

bool rt_mpi_agree(bool ok, char *err, size_t errsize)
{
    if (nranks == 1)
        return ok;
    int in = ok ? nranks : my_rank, first;
    MPI_Allreduce(&in, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == nranks)
        return true;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", my_rank == first ? err : "");
    MPI_Bcast(msg, (int)sizeof msg, MPI_CHAR, first, MPI_COMM_WORLD);
    snprintf(err, errsize, "%s", msg);
    return false;
}

void rt_mpi_sum(long *v, int n)
{
    if (nranks > 1 && n > 0)
        MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
}

void rt_mpi_and(bool *v, int n)
{
    if (nranks == 1 || n <= 0)
        return;
    int *x = need((size_t)n, sizeof *x);
    for (int i = 0; i < n; i++)
        x[i] = v[i];
    MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    for (int i = 0; i < n; i++)
        v[i] = x[i] != 0;
    free(x);
}

void rt_mpi_min_u64(uint64_t *v, int n)
{
    if (nranks > 1 && n > 0)
        MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
}

double rt_mpi_min(double x)
{
    if (nranks > 1)
        MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    return x;
}

void rt_mpi_allgather(const void *mine, void *all, size_t bytes)
{
    if (nranks == 1) {
        memcpy(all, mine, bytes);
        return;
    }
    MPI_Allgather(mine, (int)bytes, MPI_BYTE, all, (int)bytes, MPI_BYTE, MPI_COMM_WORLD);
}

bool rt_mpi_exchange(const struct rt_fired *mine, long n, bool failed, int stop,
                     struct rt_fired **all, long *nall, long *cap, long *own_first,
                     bool *any_failed, int *any_stop)
{
    /* counts, failures and stops first; then whether every rank has room
     * for the total (a rank that has not makes every rank stop, as a
     * failure) */
    long head[HEAD] = {n, failed, stop}, total = 0;
    *any_failed = false;
    *any_stop = 0;
    MPI_Allgather(head, HEAD, MPI_LONG, heads, HEAD, MPI_LONG, MPI_COMM_WORLD);
    for (int r = 0; r < nranks; r++) {
        if (r == my_rank)
            *own_first = total;
        total += heads[HEAD * r];
        *any_failed |= heads[HEAD * r + 1] != 0;
        if (heads[HEAD * r + 2] > *any_stop)   /* as stop_signal_of_any_rank */
            *any_stop = (int)heads[HEAD * r + 2];
    }
    bool room = true;
    room = room && total <= INT_MAX / (long)sizeof **all;
    if (room && total > *cap) {
        struct rt_fired *grown = realloc(*all, (size_t)total * sizeof **all);
        room = grown != NULL;
        if (grown) {
            *all = grown;
            *cap = total;
        }
    }
    bool everyone = rt_mpi_all(room);
    if (everyone && !*any_failed) {
        long at = 0;
        for (int r = 0; r < nranks; r++) {
            counts[r] = (int)(heads[HEAD * r] * (long)sizeof **all);
            displs[r] = (int)(at * (long)sizeof **all);
            at += heads[HEAD * r];
        }
        MPI_Allgatherv(mine, (int)(n * (long)sizeof *mine), MPI_BYTE, *all, counts, displs,
                       MPI_BYTE, MPI_COMM_WORLD);
        *nall = total;
    } else {
        *any_failed = true;
        *nall = room ? 0 : total;   /* what did not fit, for the message */
    }
    return room;
}

/* Messages of at most 1 GiB (MPI counts are ints). */
#define CHUNK ((size_t)1 << 30)

static void send_bytes(const void *buf, size_t bytes, int to)
{
    for (size_t at = 0; at < bytes; at += CHUNK) {
        size_t n = bytes - at < CHUNK ? bytes - at : CHUNK;
        MPI_Send((const char *)buf + at, (int)n, MPI_BYTE, to, 0, MPI_COMM_WORLD);
    }
}

static void recv_bytes(void *buf, size_t bytes, int from)
{
    for (size_t at = 0; at < bytes; at += CHUNK) {
        size_t n = bytes - at < CHUNK ? bytes - at : CHUNK;
        MPI_Recv((char *)buf + at, (int)n, MPI_BYTE, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}

void *rt_mpi_gather(const void *mine, size_t bytes, size_t *total, size_t *sizes)
{
    uint64_t b = bytes, *all = my_rank == 0 ? need((size_t)nranks, sizeof *all) : NULL;
    MPI_Gather(&b, 1, MPI_UINT64_T, all, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    *total = 0;
    if (my_rank != 0) {
        send_bytes(mine, bytes, 0);
        return NULL;
    }
    for (int r = 0; r < nranks; r++) {
        *total += all[r];
        if (sizes)
            sizes[r] = all[r];
    }
    char *out = need(*total + 1, 1), *at = out;
    for (int r = 0; r < nranks; r++) {
        if (r == 0)
            memcpy(at, mine, bytes);
        else
            recv_bytes(at, all[r], r);
        at += all[r];
    }
    free(all);
    return out;
}

void rt_mpi_to_root(void *buf, size_t bytes, int from)
{
    if (from == 0 || nranks == 1)
        return;
    if (my_rank == from)
        send_bytes(buf, bytes, 0);
    else if (my_rank == 0)
        recv_bytes(buf, bytes, from);
}

#else   /* one rank */

void rt_mpi_abort(const char *msg)
{
    fprintf(stderr, "%s: %s\n", crt_program, msg);
    exit(2);
}

void rt_mpi_start(void) {}
int rt_mpi_end(int status) { return status; }
int rt_mpi_rank(void) { return 0; }
int rt_mpi_size(void) { return 1; }
int rt_mpi_local_size(void) { return 1; }
bool rt_mpi_all(bool ok) { return ok; }
bool rt_mpi_agree(bool ok, char *err, size_t errsize)
{
    (void)err;
    (void)errsize;
    return ok;
}
void rt_mpi_sum(long *v, int n) { (void)v; (void)n; }
void rt_mpi_and(bool *v, int n) { (void)v; (void)n; }
void rt_mpi_min_u64(uint64_t *v, int n) { (void)v; (void)n; }
double rt_mpi_min(double x) { return x; }
void rt_mpi_allgather(const void *mine, void *all, size_t bytes) { memcpy(all, mine, bytes); }

bool rt_mpi_exchange(const struct rt_fired *mine, long n, bool failed, int stop,
                     struct rt_fired **all, long *nall, long *cap, long *own_first,
                     bool *any_failed, int *any_stop)
{
    (void)mine;
    (void)all;
    (void)cap;
    *nall = n;      /* only this rank's, which the caller already has */
    *own_first = 0;
    *any_failed = failed;
    *any_stop = stop;
    return true;
}

void *rt_mpi_gather(const void *mine, size_t bytes, size_t *total, size_t *sizes)
{
    char *out = malloc(bytes + 1);
    if (!out)
        rt_mpi_abort("out of memory while gathering results");
    memcpy(out, mine, bytes);
    *total = bytes;
    if (sizes)
        sizes[0] = bytes;
    return out;
}

void rt_mpi_to_root(void *buf, size_t bytes, int from)
{
    (void)buf;
    (void)bytes;
    (void)from;
}

#endif
