/* rt_sonata.h - spikes.h5 appended while the run goes (rt_spikes.c), in
 * SONATA's layout: /spikes/<population>/timestamps (ms) and node_ids,
 * extendible chunked datasets, `sorting` = by_time.  Values are buffered
 * and appended a full block at a time, so the file's bytes depend only on
 * the spikes, not on when they were flushed.  Debian's libhdf5 is not
 * thread-safe: every HDF5 call of the runtime holds one lock. */
#ifndef CIRC_RT_SONATA_H
#define CIRC_RT_SONATA_H

#include <stdbool.h>
#include <stddef.h>

struct rt_sonata_spikes;

/* Creates "<path>.tmp" with the population's group; NULL with err. */
struct rt_sonata_spikes *rt_sonata_spikes_open(const char *path, const char *population,
                                               char *err, size_t errsize);
/* Appends n sorted spikes (those of listed gids; listed NULL: all); false
 * with err on a write error. */
bool rt_sonata_spikes_append(struct rt_sonata_spikes *h, const double *t, const int *gid,
                             long n, const char *listed, char *err, size_t errsize);
/* Writes what is buffered, closes and renames the file into place (keep),
 * or closes and removes it; frees h.  false with err on a write error (the
 * file removed). */
bool rt_sonata_spikes_close(struct rt_sonata_spikes *h, bool keep, char *err, size_t errsize);

#endif
