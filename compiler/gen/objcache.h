/* objcache.h - a disk cache of the machine code the JIT runs.
 *
 * Optimizing and compiling a model takes ~200 ms; the same model, options,
 * LLVM and CPU always give the same object, so it is kept under a key that
 * covers all of them: $CIRC_CACHE_DIR, else $XDG_CACHE_HOME/circ, else
 * ~/.cache/circ.  CIRC_CACHE_DIR=off (or empty) disables it.  Every failure
 * of the cache (unwritable directory, damaged entry, an entry of another
 * key under this key's name, a FIFO or directory there) only costs the
 * compile, never a hang: an entry is used only when it is a regular file,
 * the key it records is the one asked for and its checksum (over key and
 * object) matches.  Storing also removes the temporary files of writers
 * that died (an hour old).
 */
#ifndef CIRC_OBJCACHE_H
#define CIRC_OBJCACHE_H

#include <stdbool.h>

#include <llvm-c/Core.h>

#include "cg.h"

#define OBJCACHE_KEY_HEX 65

/* The key of r's (not yet optimized) module with these options. */
void objcache_key(const struct cg_result *r, const struct cg_options *opt,
                  char key[OBJCACHE_KEY_HEX]);
/* The cached object for `key`, or NULL (caller owns the buffer). */
LLVMMemoryBufferRef objcache_get(const char *key);
/* Stores the object (best effort; the buffer stays the caller's). */
void objcache_put(const char *key, LLVMMemoryBufferRef obj);

#endif
