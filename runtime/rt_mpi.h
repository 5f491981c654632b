/* rt_mpi.h - the runtime's only use of MPI (configure --with-mpi; docs/CLUSTER.md).
 *
 * A process started by mpirun is one rank of a run; any other process (or
 * a build without MPI) is the only rank, and none of these calls talks to
 * anyone.  MPI is called from the main thread only (MPI_THREAD_FUNNELED):
 * part 0 of a run steps on it.  Collective calls must be made by every
 * rank in the same order; each says so. */
#ifndef CIRC_RT_MPI_H
#define CIRC_RT_MPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_queue.h"

/* A source that fired at time t (a cell's gid, or an artificial source). */
struct rt_fired {
    long src;
    double t;
    struct rt_birth born;   /* its events' birth (rt_queue.h) */
};

/* MPI_Init if mpirun started this process; rt_mpi_end agrees on the exit
 * status (the largest over the ranks), finalizes, and returns it. */
void rt_mpi_start(void);
int rt_mpi_end(int status);
/* Ends every rank: msg on stderr, exit status 2 (MPI_Abort).  For failures
 * one rank meets alone between collective calls (out of memory). */
void rt_mpi_abort(const char *msg) __attribute__((noreturn));
int rt_mpi_rank(void);
int rt_mpi_size(void);
/* Ranks on this machine (for the default number of threads). */
int rt_mpi_local_size(void);

/* Collective: true when ok is true on every rank. */
bool rt_mpi_all(bool ok);
/* Collective: true when ok on every rank; otherwise every rank's err
 * becomes the message of the lowest rank that failed. */
bool rt_mpi_agree(bool ok, char *err, size_t errsize);
/* Collective, element-wise over the ranks, in place. */
void rt_mpi_sum(long *v, int n);
void rt_mpi_and(bool *v, int n);
void rt_mpi_min_u64(uint64_t *v, int n);
double rt_mpi_min(double x);
/* Collective: each rank's `bytes` bytes, all of them in rank order into
 * `all` (size() * bytes). */
void rt_mpi_allgather(const void *mine, void *all, size_t bytes);

/* Collective, once per interval: every rank's fired sources, concatenated
 * in rank order into *all (grown as needed; false if it cannot grow, then
 * the run must fail: *any_failed is set on every rank alike, and *nall is
 * the number that did not fit), this rank's
 * own from *own_first to *own_first + n.  *any_failed: some rank passed
 * failed = true.  stop: the signal that asked this rank to stop (0: none);
 * *any_stop: the largest such number over the ranks, the same on every
 * rank, so all stop after the same interval. */
bool rt_mpi_exchange(const struct rt_fired *mine, long n, bool failed, int stop,
                     struct rt_fired **all, long *nall, long *cap, long *own_first,
                     bool *any_failed, int *any_stop);

/* Collective: each rank's bytes to rank 0, which gets them in rank order
 * in a new buffer (one that cannot be had ends every rank: rt_mpi_abort) and their sizes
 * per rank in sizes[] (if not NULL); the others get NULL. */
void *rt_mpi_gather(const void *mine, size_t bytes, size_t *total, size_t *sizes);
/* Collective: `bytes` bytes of rank `from` into buf on rank 0 (nothing if
 * from is 0). */
void rt_mpi_to_root(void *buf, size_t bytes, int from);

#endif
