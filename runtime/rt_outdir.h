/* rt_outdir.h - a run owns its output directory as a whole.
 *
 * Everything a run writes goes into a staging directory beside <out>
 * (".<name>.circ-run-<pid>-XXXXXX"); only when every file is written is it
 * swapped in (one atomic exchange where the file system allows it), so <out>
 * always holds exactly one complete run: the previous one or the new one.
 * SIGINT, SIGTERM and SIGHUP while the directory is open remove the staging
 * directory and end the process with 128 + the signal, except the first
 * SIGINT or SIGTERM while the run simulates (rt_outdir_simulating): that one
 * only sets rt_stop_signal, the stepping loop stops at its next interval
 * with what it wrote complete up to there, and the caller moves the staging
 * directory to "<out>.incomplete" (rt_outdir_keep_incomplete).  Swaps into one <out>
 * are serialized (flock on its parent), so of concurrent runs the last to
 * finish wins and each leaves a complete run.
 *
 * An existing <out> is replaced only if it is empty or holds a circ run whose
 * files are all listed in its summary.json: circ never deletes a file it did
 * not write. */
#ifndef CIRC_RT_OUTDIR_H
#define CIRC_RT_OUTDIR_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct rt_outdir;

/* Checks that <out> may be replaced, creates its parents and the staging
 * directory, and starts watching for signals; NULL with err set. */
struct rt_outdir *rt_outdir_open(const char *out, char *err, size_t errsize);
/* The signals a run watches (SIGINT, SIGTERM, SIGHUP), into *set: blocked
 * by every thread but the watcher's (and by MPI's, rt_mpi_start). */
void rt_stop_signals(sigset_t *set);
/* Only the signals, as rt_outdir_open watches them, for a process that
 * writes no directory of its own (an MPI rank other than 0): a first
 * SIGINT or SIGTERM while simulating sets rt_stop_signal, any other ends
 * the process with 128 + the signal.  NULL with err set. */
struct rt_outdir *rt_outdir_watch_only(char *err, size_t errsize);
/* The staging directory: where the run writes its files. */
const char *rt_outdir_staging(const struct rt_outdir *d);
/* Swaps the staging directory in as <out> and removes the previous run,
 * and an "<out>.incomplete" an earlier stopped run left (unless it holds a
 * file circ did not write: then it stays, with a warning). */
bool rt_outdir_commit(struct rt_outdir *d, char *err, size_t errsize);
/* The signal that asked a simulating run to stop (0: none yet).  Read by
 * the stepping loop at each interval's end, and defined beside it
 * (rt_sim.c), so what links the loop needs nothing of this file. */
extern atomic_int rt_stop_signal;
/* Whether the run is simulating now: a first SIGINT or SIGTERM then stops
 * it (rt_stop_signal) instead of removing its files.  So does this
 * process's first one after a stop is under way (rt_stop_signal set from
 * another rank's), simulating or not: it asks for what is happening. */
void rt_outdir_simulating(struct rt_outdir *d, bool on);
/* A stopped run: the staging directory becomes "<out>.incomplete" (its path
 * into where), replacing an older one only if that holds a circ run (as
 * <out> itself); <out> is left as it was.  false with err (the staging
 * directory is then removed by rt_outdir_close). */
bool rt_outdir_keep_incomplete(struct rt_outdir *d, char *where, size_t wsize, char *err,
                               size_t errsize);
/* Stops watching for signals; removes the staging directory unless it was
 * committed.  Frees d. */
void rt_outdir_close(struct rt_outdir *d);

/* One file of a run, for summary.json's list. */
struct rt_file_entry {
    char *path;                     /* relative to the run's directory, '/' separated */
    long long bytes;
    char sha256[65];                /* lowercase hex */
};
struct rt_file_list {
    struct rt_file_entry *files;    /* sorted by path (bytes, as strcmp) */
    int n;
};

/* Lists every regular file under dir (recursively) with its size and
 * SHA-256 (computed on up to `threads` threads), sorted by path; false with
 * err set. */
bool rt_list_files(const char *dir, int threads, struct rt_file_list *out, char *err,
                   size_t errsize);
void rt_file_list_free(struct rt_file_list *l);

#endif
