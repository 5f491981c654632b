/* aot_sources.h - the sources an ahead-of-time program carries, so that it
 * can check and lower its model again for --set (with the same messages as
 * `circ run`) without the files it was built from; the one definition of
 * the sources' SHA-256 a model's provenance records, so a program can check
 * that the sources it carries are those its code was built from. */
#ifndef CIRC_AOT_SOURCES_H
#define CIRC_AOT_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "front.h"

struct aot_sources {
    bool no_stdlib, werror;     /* the build's front-end options */
    bool globals_folded;        /* the code has mechanism globals as constants */
    uint64_t celltypes;         /* ir_celltypes_fingerprint of the compiled cell types */
    const char *overrides;      /* the build's --set lines, or "" */
    const char *main_path;      /* the model file; its text is files[0] */
    struct front_embedded *files;   /* user files in load order (the model, then its
                                       imports depth first), then a NULL path */
    int nfiles;
};

/* The user files of a checked front (not the stdlib), as bytes (malloc'd). */
unsigned char *aot_sources_encode(const struct front *f, bool globals_folded, uint64_t celltypes,
                                  size_t *len);
/* Points into buf, which must outlive out; out->files is malloc'd.  False if
 * buf is damaged. */
bool aot_sources_decode(const unsigned char *buf, size_t len, struct aot_sources *out);

#define AOT_SHA256_HEX 65       /* 64 hex digits and a NUL */

/* The provenance hash (crt_model source_sha256) of a loaded front: SHA-256
 * over the text of every file it loaded, stdlib included and --set not, in
 * load order. */
void aot_sources_sha256_front(const struct front *f, char hex[AOT_SHA256_HEX]);
/* The same hash of decoded sources, with this binary's stdlib (unless the
 * build had none): equal to the front's when they are the files it loaded. */
void aot_sources_sha256(const struct aot_sources *s, char hex[AOT_SHA256_HEX]);

#endif
