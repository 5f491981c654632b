/* rt_queue.c - binary min-heap of events. */
#include "rt_queue.h"

#include "rt_alloc.h"

#include <math.h>
#include <stdlib.h>

void rt_queue_init(struct rt_queue *q)
{
    q->heap = NULL;
    q->n = q->cap = 0;
    q->next_seq = 0;
    q->born = (struct rt_birth){.t = -INFINITY};
    q->pos = NULL;
    q->npos = 0;
}

void rt_queue_free(struct rt_queue *q)
{
    free(q->heap);
    free(q->pos);
    rt_queue_init(q);
}

void rt_queue_birth(struct rt_queue *q, struct rt_birth born)
{
    q->born = born;
}

void rt_queue_born_by(struct rt_queue *q, const struct rt_event *e)
{
    q->born = (struct rt_birth){.t = e->t, .parent_born = e->born.t, .parent_a = e->a,
                                .parent_b = e->b, .check = 0, .parent_check = e->born.check,
                                .parent_kind = e->kind};
}

static int birth_order(const struct rt_birth *x, const struct rt_birth *y)
{
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->check != y->check)
        return x->check < y->check ? -1 : 1;
    if (x->parent_born != y->parent_born)
        return x->parent_born < y->parent_born ? -1 : 1;
    if (x->parent_check != y->parent_check)
        return x->parent_check < y->parent_check ? -1 : 1;
    if (x->parent_kind != y->parent_kind)
        return x->parent_kind < y->parent_kind ? -1 : 1;
    if (x->parent_a != y->parent_a)
        return x->parent_a < y->parent_a ? -1 : 1;
    if (x->parent_b != y->parent_b)
        return x->parent_b < y->parent_b ? -1 : 1;
    return 0;
}

/* Ties in time go by birth (NEURON's first in, first out), then by target
 * (kind, a, b), then first in, first out here: an order that does not
 * depend on which thread queued an event or when, so results never depend
 * on the number of threads. */
static bool before(const struct rt_event *x, const struct rt_event *y)
{
    if (x->t != y->t)
        return x->t < y->t;
    int b = birth_order(&x->born, &y->born);
    if (b)
        return b < 0;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    if (x->a != y->a)
        return x->a < y->a;
    if (x->b != y->b)
        return x->b < y->b;
    return x->seq < y->seq;
}

/* Event e at heap index i (a movable event's handle follows it). */
static void place(struct rt_queue *q, long i, const struct rt_event *e)
{
    q->heap[i] = *e;
    if (e->handle >= 0)
        q->pos[e->handle] = i;
}

/* e, taken out of index i, back in on its way up from i. */
static void sift_up(struct rt_queue *q, long i, const struct rt_event *e)
{
    while (i > 0) {
        long p = (i - 1) / 2;
        if (!before(e, &q->heap[p]))
            break;
        place(q, i, &q->heap[p]);
        i = p;
    }
    place(q, i, e);
}

/* e, taken out of index i, back in on its way down from i (q->n events). */
static void sift_down(struct rt_queue *q, long i, const struct rt_event *e)
{
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        const struct rt_event *best = e;
        if (l < q->n && before(&q->heap[l], best)) {
            m = l;
            best = &q->heap[l];
        }
        if (r < q->n && before(&q->heap[r], best))
            m = r;
        if (m == i)
            break;
        place(q, i, &q->heap[m]);
        i = m;
    }
    place(q, i, e);
}

/* Room for one more event. */
static bool reserve(struct rt_queue *q)
{
    if (q->n == q->cap) {
        long cap = q->cap ? 2 * q->cap : 1024;
        struct rt_event *h = realloc(q->heap, (size_t)cap * sizeof *h);
        if (!h)
            return false;
        q->heap = h;
        q->cap = cap;
    }
    return true;
}

static bool push(struct rt_queue *q, const struct rt_event *e)
{
    if (!reserve(q))
        return false;
    sift_up(q, q->n++, e);
    return true;
}

bool rt_queue_push(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                   double weight, double *args)
{
    struct rt_event e = {.t = t, .born = q->born, .seq = q->next_seq++, .kind = (int16_t)kind, .a = a, .b = b, .handle = -1,
                         .flag = flag, .weight = weight, .args = args};
    return push(q, &e);
}

void rt_queue_handles(struct rt_queue *q, long n)
{
    long *pos = rt_malloc((size_t)(n > 0 ? n : 1) * sizeof *pos);
    for (long i = 0; i < n; i++)
        pos[i] = -1;
    free(q->pos);
    q->pos = pos;
    q->npos = n;
}

void rt_queue_forget(struct rt_queue *q, int handle)
{
    long i = q->pos[handle];
    if (i >= 0)
        q->heap[i].handle = -1;
    q->pos[handle] = -1;
}

bool rt_queue_push_handled(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                           double weight, double *args, int handle)
{
    struct rt_event e = {.t = t, .born = q->born, .seq = q->next_seq++, .kind = (int16_t)kind, .a = a, .b = b, .handle = handle,
                         .flag = flag, .weight = weight, .args = args};
    if (!reserve(q))
        return false;
    rt_queue_forget(q, handle);
    sift_up(q, q->n++, &e);
    return true;
}

bool rt_queue_push_movable(struct rt_queue *q, double t, int a, int b, double flag,
                           double weight, double *args, int handle)
{
    return rt_queue_push_handled(q, t, RT_EV_SELF, a, b, flag, weight, args, handle);
}

bool rt_queue_remove(struct rt_queue *q, int handle)
{
    long i = q->pos[handle];
    if (i < 0)
        return false;
    q->pos[handle] = -1;
    struct rt_event last = q->heap[--q->n];
    if (i == q->n)
        return true;
    sift_up(q, i, &last);
    if (q->heap[i].seq == last.seq)     /* it did not rise: it may sink */
        sift_down(q, i, &last);
    return true;
}

bool rt_queue_move(struct rt_queue *q, int handle, double t)
{
    long i = q->pos[handle];
    if (i < 0)
        return false;
    struct rt_event e = q->heap[i];
    e.t = t;
    e.born = q->born;       /* NEURON's move takes it out and queues it again */
    e.seq = q->next_seq++;
    sift_up(q, i, &e);
    if (q->pos[handle] == i)    /* it did not rise: it may sink */
        sift_down(q, i, &e);
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
    if (out->handle >= 0)
        q->pos[out->handle] = -1;
    struct rt_event last = q->heap[--q->n];
    if (q->n > 0)
        sift_down(q, 0, &last);
    return true;
}
