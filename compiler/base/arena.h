/* arena.h - region allocator and string interning for the compiler.
 *
 * Every AST node, interned identifier and temporary list of one compilation
 * lives in one arena and is freed with arena_destroy(); there is no per-node
 * free.  Allocation never returns NULL: on exhaustion the program ends with
 * a message and status 1 (out_of_memory), since a compiler that half-built a
 * tree has nothing to recover; a run's output directory is not yet touched.
 */
#ifndef CIRC_ARENA_H
#define CIRC_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct arena *arena_create(void);
void arena_destroy(struct arena *a);

void *arena_alloc(struct arena *a, size_t size);     /* zeroed, 16-byte aligned */
void *arena_realloc(struct arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Interned strings: equal contents give the same pointer, so names compare with ==. */
const char *arena_intern(struct arena *a, const char *s, size_t n);

/* A set of strings in insertion order, grown in an arena.  Linear search:
 * the sets it serves (a mechanism's or a file's names) hold tens. */
struct name_set {
    const char **v;
    unsigned n, cap;
};
bool name_set_has(const struct name_set *s, const char *x);
/* Adds x unless the set has it; true if added. */
bool name_set_add(struct arena *a, struct name_set *s, const char *x);

/* "out of memory (requesting N bytes)" and exit status 1: a clean end, not a
 * crash (SIGABRT), for a model or input too large for this machine. */
_Noreturn void out_of_memory(size_t size);

/* Heap helpers for long-lived data outside arenas; out_of_memory on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
