/* rt_alloc.h - the runtime's one allocation policy.
 *
 * rt_calloc, rt_malloc, rt_realloc and rt_strdup never return NULL.  When
 * memory runs out they jump to the innermost guard this thread has set
 * (rt_oom_push, then setjmp on it), and the code that set it fails cleanly
 * with a message: building a run (rt_sim.c), an output job (rt_jobs.c), a
 * figure (rt_driver.c), the analysis and reports (crt_main).  With no guard
 * set that is a bug: the message is printed and the process aborts.
 *
 * Buffers that grow while the parts step (spikes, events) do not use these:
 * they call realloc and fail the run themselves (part_out_of_memory), since
 * no jump may cross the stepping threads' barrier.
 *
 * A jump skips the frees of what was allocated since the guard: on this
 * path (out of memory) a little is leaked, never used.  Locals set after
 * setjmp and read after the jump must be volatile.
 */
#ifndef CIRC_RT_ALLOC_H
#define CIRC_RT_ALLOC_H

#include <setjmp.h>
#include <stddef.h>

struct rt_oom_guard {
    jmp_buf jump;
    size_t bytes;                   /* after the jump: the allocation that failed */
    struct rt_oom_guard *outer;
};

/* Makes g this thread's innermost guard; call setjmp(g->jump) right after. */
void rt_oom_push(struct rt_oom_guard *g);
/* Removes g (the innermost guard; after a jump it is already removed). */
void rt_oom_pop(struct rt_oom_guard *g);
/* Jumps to this thread's innermost guard as a failed allocation would, with
 * bytes 0: the way out of a build that a signal stops (none set: returns). */
void rt_oom_abandon(void);

void *rt_calloc(size_t n, size_t size);     /* zeroed; n or size 0 still gives memory */
void *rt_malloc(size_t size);
void *rt_realloc(void *p, size_t size);
char *rt_strdup(const char *s);

/* n + 1 zeroed elements of T (the +1: a count of 0 still gets memory). */
#define RT_ALLOC(n, T) ((T *)rt_calloc((size_t)(n) + 1, sizeof(T)))

/* Tests: the n-th allocation from now (1 = the next) fails, in any thread;
 * 0 turns it off. */
void rt_alloc_fail_at(long n);
/* Tests: how many allocations are still to come before that failure (after
 * rt_alloc_fail_at(LONG_MAX) and a run: LONG_MAX minus the run's count). */
long rt_alloc_fail_pending(void);

#endif
