/* arena.c - bump allocator in growing blocks, plus an intern table. */
#include "arena.h"
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_MIN (64 * 1024)
#define ALIGN 16

struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(ALIGN) unsigned char data[];
};

struct intern_slot {
    const char *str;
    size_t len;
    uint64_t hash;
};

struct arena {
    struct block *head;
    struct intern_slot *slots;  /* open addressing, power-of-two size */
    size_t nslots, nused;
};

_Noreturn void out_of_memory(size_t size)
{
    fprintf(stderr, "%s: out of memory (requesting %zu bytes)\n", diag_program, size);
    fflush(NULL);
    _exit(1);   /* no exit handlers: another thread may be in LLVM (the API) */
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory(size);
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

struct arena *arena_create(void)
{
    return xcalloc(1, sizeof(struct arena));
}

void arena_destroy(struct arena *a)
{
    if (!a)
        return;
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a->slots);
    free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > BLOCK_MIN ? size : BLOCK_MIN;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *arena_realloc(struct arena *a, void *old, size_t old_size, size_t new_size)
{
    if (new_size <= old_size)
        return old;
    void *p = arena_alloc(a, new_size);
    if (old && old_size)
        memcpy(p, old, old_size);
    return p;
}

bool name_set_has(const struct name_set *s, const char *x)
{
    for (unsigned i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return true;
    return false;
}

bool name_set_add(struct arena *a, struct name_set *s, const char *x)
{
    if (name_set_has(s, x))
        return false;
    if (s->n == s->cap) {
        unsigned cap = s->cap ? 2 * s->cap : 8;
        s->v = arena_realloc(a, s->v, s->cap * sizeof *s->v, cap * sizeof *s->v);
        s->cap = cap;
    }
    s->v[s->n++] = x;
    return true;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void intern_grow(struct arena *a)
{
    size_t n = a->nslots ? a->nslots * 2 : 256;
    struct intern_slot *slots = xcalloc(n, sizeof *slots);
    for (size_t i = 0; i < a->nslots; i++) {
        struct intern_slot *s = &a->slots[i];
        if (!s->str)
            continue;
        size_t j = s->hash & (n - 1);
        while (slots[j].str)
            j = (j + 1) & (n - 1);
        slots[j] = *s;
    }
    free(a->slots);
    a->slots = slots;
    a->nslots = n;
}

const char *arena_intern(struct arena *a, const char *s, size_t n)
{
    if (2 * (a->nused + 1) > a->nslots)
        intern_grow(a);
    uint64_t h = fnv1a(s, n);
    size_t j = h & (a->nslots - 1);
    for (;;) {
        struct intern_slot *slot = &a->slots[j];
        if (!slot->str) {
            slot->str = arena_strndup(a, s, n);
            slot->len = n;
            slot->hash = h;
            a->nused++;
            return slot->str;
        }
        if (slot->hash == h && slot->len == n && memcmp(slot->str, s, n) == 0)
            return slot->str;
        j = (j + 1) & (a->nslots - 1);
    }
}
