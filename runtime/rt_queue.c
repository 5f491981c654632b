/* rt_queue.c - binary min-heap of events. */
#include "rt_queue.h"

#include <stdlib.h>

void rt_queue_init(struct rt_queue *q)
{
    q->heap = NULL;
    q->n = q->cap = 0;
    q->next_seq = 0;
}

void rt_queue_free(struct rt_queue *q)
{
    free(q->heap);
    rt_queue_init(q);
}

/* Ties in time go by target (kind, a, b), then first in, first out: an
 * order that does not depend on which thread queued an event or when, so
 * results never depend on the number of threads. */
static bool before(const struct rt_event *x, const struct rt_event *y)
{
    if (x->t != y->t)
        return x->t < y->t;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    if (x->a != y->a)
        return x->a < y->a;
    if (x->b != y->b)
        return x->b < y->b;
    return x->seq < y->seq;
}

bool rt_queue_push(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                   double weight)
{
    if (q->n == q->cap) {
        long cap = q->cap ? 2 * q->cap : 1024;
        struct rt_event *h = realloc(q->heap, (size_t)cap * sizeof *h);
        if (!h)
            return false;
        q->heap = h;
        q->cap = cap;
    }
    struct rt_event e = {t, q->next_seq++, kind, a, b, flag, weight};
    long i = q->n++;
    while (i > 0) {
        long p = (i - 1) / 2;
        if (!before(&e, &q->heap[p]))
            break;
        q->heap[i] = q->heap[p];
        i = p;
    }
    q->heap[i] = e;
    return true;
}

size_t rt_queue_bytes(const struct rt_queue *q)
{
    return 2 * (size_t)(q->cap > 0 ? q->cap : 512) * sizeof *q->heap;
}

bool rt_queue_pop_until(struct rt_queue *q, double bound, struct rt_event *out)
{
    if (q->n == 0 || !(q->heap[0].t <= bound))
        return false;
    *out = q->heap[0];
    struct rt_event last = q->heap[--q->n];
    long i = 0;
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        const struct rt_event *best = &last;
        if (l < q->n && before(&q->heap[l], best)) {
            m = l;
            best = &q->heap[l];
        }
        if (r < q->n && before(&q->heap[r], best))
            m = r;
        if (m == i)
            break;
        q->heap[i] = q->heap[m];
        i = m;
    }
    if (q->n > 0)
        q->heap[i] = last;
    return true;
}
