/* aot_pack.h - what a `circ build` program carries besides its code, as one
 * checked container: the serialized model (rt_serial.c) and the encoded
 * sources (aot_sources.h), with their sizes and a SHA-256 of all of it.
 *
 * One container with the sizes inside, rather than separate arrays with
 * separate size constants, so that no byte of it, sizes included, can be
 * changed without the program noticing before it reads a part: a wrong
 * size is found by arithmetic, anything else by the checksum.
 */
#ifndef CIRC_AOT_PACK_H
#define CIRC_AOT_PACK_H

#include <stdbool.h>
#include <stddef.h>

/* The container (malloc'd, never NULL) and its length in *len. */
unsigned char *aot_pack(const unsigned char *model, size_t nmodel, const unsigned char *sources,
                        size_t nsources, size_t *len);

/* Where the parts of a container are (pointers into pack); false if it is
 * not one or its sizes do not add up to len.  Reads nothing outside
 * pack[0, len). */
bool aot_unpack(const unsigned char *pack, size_t len, const unsigned char **model,
                size_t *nmodel, const unsigned char **sources, size_t *nsources);

/* Does the container (already unpacked) match its checksum? */
bool aot_pack_intact(const unsigned char *pack, size_t len);

#endif
