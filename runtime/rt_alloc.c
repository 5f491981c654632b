/* rt_alloc.c - the runtime's allocators and out-of-memory guards (rt_alloc.h). */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_model.h"
#include "rt_alloc.h"

static _Thread_local struct rt_oom_guard *innermost;
static atomic_long fail_countdown;  /* tests: > 0 counts down to a failure */

void rt_oom_push(struct rt_oom_guard *g)
{
    g->bytes = 0;
    g->outer = innermost;
    innermost = g;
}

void rt_oom_pop(struct rt_oom_guard *g)
{
    if (innermost == g)
        innermost = g->outer;
}

void rt_alloc_fail_at(long n)
{
    atomic_store(&fail_countdown, n > 0 ? n : 0);
}

long rt_alloc_fail_pending(void)
{
    return atomic_load(&fail_countdown);
}

/* Tests: is this the allocation rt_alloc_fail_at chose? */
static bool injected(void)
{
    return atomic_load_explicit(&fail_countdown, memory_order_relaxed) > 0 &&
           atomic_fetch_sub(&fail_countdown, 1) == 1;
}

void rt_oom_abandon(void)
{
    struct rt_oom_guard *g = innermost;
    if (!g)
        return;
    innermost = g->outer;
    g->bytes = 0;
    longjmp(g->jump, 1);
}

/* p, or the jump to this thread's innermost guard. */
static void *checked(void *p, size_t bytes)
{
    if (p)
        return p;
    struct rt_oom_guard *g = innermost;
    if (!g) {
        fprintf(stderr, "%s: out of memory (%zu bytes) where no failure was expected\n",
                crt_program, bytes);
        abort();
    }
    innermost = g->outer;
    g->bytes = bytes ? bytes : 1;
    longjmp(g->jump, 1);
}

void *rt_calloc(size_t n, size_t size)
{
    n = n ? n : 1;
    size = size ? size : 1;
    size_t bytes = n > (size_t)-1 / size ? (size_t)-1 : n * size;
    return checked(injected() ? NULL : calloc(n, size), bytes);
}

void *rt_malloc(size_t size)
{
    return checked(injected() ? NULL : malloc(size ? size : 1), size);
}

/* On failure p stays valid (its owner frees it, as after any jump). */
void *rt_realloc(void *p, size_t size)
{
    return checked(injected() ? NULL : realloc(p, size ? size : 1), size);
}

char *rt_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(rt_malloc(n), s, n);
}
