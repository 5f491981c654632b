/* rt_files.h - outputs are written whole or not at all: to "<path>.tmp",
 * then renamed over <path>.  Shared by every writer in the runtime. */
#ifndef CIRC_RT_FILES_H
#define CIRC_RT_FILES_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Opens "<path>.tmp" (its name into tmp); NULL with err set on failure. */
FILE *rt_open_tmp(const char *path, char *tmp, size_t size, char *err, size_t errsize);
/* Closes f and renames tmp to path; on any failure removes tmp and sets err. */
bool rt_close_and_rename(FILE *f, const char *tmp, const char *path, char *err, size_t errsize);
/* Renames a finished tmp to path; on failure removes tmp and sets err. */
bool rt_rename_tmp(const char *tmp, const char *path, char *err, size_t errsize);
/* spikes.csv's rows for n sorted spikes (listed: per gid, written or not;
 * NULL: all); false if f has an error (rt_out.c). */
bool rt_spike_rows(FILE *f, const double *t, const int *gid, long n, const char *listed);
/* mkdir -p: creates path and its missing parents with `mode`. */
bool rt_make_dirs(const char *path, mode_t mode);

#endif
