/* rt_queue.c - binary min-heap of events: small nodes in the heap, the
 * events in a pool beside it (rt_queue.h). */
#include "rt_queue.h"

#include "rt_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rt_queue_init(struct rt_queue *q)
{
    q->heap = NULL;
    q->pool = NULL;
    q->free = NULL;
    q->n = q->cap = q->nfree = 0;
    q->next_seq = 0;
    q->born = (struct rt_birth){.t = -INFINITY};
    q->pos = NULL;
    q->npos = 0;
    q->later = q->run = NULL;
    q->nlater = q->caplater = q->nrun = q->caprun = q->head = 0;
    q->limit = -INFINITY;
    q->span = INFINITY;
}

void rt_queue_free(struct rt_queue *q)
{
    free(q->heap);
    free(q->pool);
    free(q->free);
    free(q->pos);
    free(q->later);
    free(q->run);
    rt_queue_init(q);
}

void rt_queue_birth(struct rt_queue *q, struct rt_birth born)
{
    q->born = born;
}

void rt_queue_born_by(struct rt_queue *q, const struct rt_event *e)
{
    /* an event the step's checks sent for their own time is delivered after
       them (a watch's): what it sends comes after everything they sent */
    int16_t after = e->born.check >= 1 && e->born.t == e->t ? 2 : 0;
    q->born = (struct rt_birth){.t = e->t, .parent_born = e->born.t, .check = after,
                                .parent_check = e->born.check, .parent_kind = e->kind};
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
    return 0;
}

/* Ties in time go by birth (NEURON's first in, first out), then by target
 * (kind, a, b), then first in, first out here: an order that does not
 * depend on which thread queued an event or when, so results never depend
 * on the number of threads. */
static bool tie_before(const struct rt_event *x, const struct rt_event *y)
{
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

static inline bool before(const struct rt_queue *q, const struct rt_queue_node *x,
                          const struct rt_queue_node *y)
{
    if (x->t != y->t)
        return x->t < y->t;
    return tie_before(&q->pool[x->slot], &q->pool[y->slot]);
}

/* Node x at heap index i (a handled event's handle follows it). */
static inline void place(struct rt_queue *q, long i, struct rt_queue_node x)
{
    q->heap[i] = x;
    if (x.handle >= 0)
        q->pos[x.handle] = i;
}

/* x, taken out of index i, back in on its way up from i. */
static void sift_up(struct rt_queue *q, long i, struct rt_queue_node x)
{
    while (i > 0) {
        long p = (i - 1) / 2;
        if (!before(q, &x, &q->heap[p]))
            break;
        place(q, i, q->heap[p]);
        i = p;
    }
    place(q, i, x);
}

/* x, taken out of index i, back in on its way down from i (q->n nodes). */
static void sift_down(struct rt_queue *q, long i, struct rt_queue_node x)
{
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        const struct rt_queue_node *best = &x;
        if (l < q->n && before(q, &q->heap[l], best)) {
            m = l;
            best = &q->heap[l];
        }
        if (r < q->n && before(q, &q->heap[r], best))
            m = r;
        if (m == i)
            break;
        place(q, i, q->heap[m]);
        i = m;
    }
    place(q, i, x);
}

/* Room for one more event. */
static bool reserve(struct rt_queue *q)
{
    if (q->n < q->cap)
        return true;
    long cap = q->cap ? 2 * q->cap : 1024;
    struct rt_queue_node *h = realloc(q->heap, (size_t)cap * sizeof *h);
    if (h)
        q->heap = h;
    struct rt_event *pool = h ? realloc(q->pool, (size_t)cap * sizeof *pool) : NULL;
    if (pool)
        q->pool = pool;
    int32_t *fr = pool ? realloc(q->free, (size_t)cap * sizeof *fr) : NULL;
    if (!fr)
        return false;
    q->free = fr;
    for (long k = cap - 1; k >= q->cap; k--)    /* the new slots, lowest on top */
        q->free[q->nfree++] = (int32_t)k;
    q->cap = cap;
    return true;
}

/* Queues e (room reserved). */
static void put(struct rt_queue *q, const struct rt_event *e)
{
    int32_t slot = q->free[--q->nfree];
    q->pool[slot] = *e;
    sift_up(q, q->n++, (struct rt_queue_node){e->t, slot, e->handle});
}

/* Takes the node at heap index i out (its slot freed). */
static void take_out(struct rt_queue *q, long i)
{
    q->free[q->nfree++] = q->heap[i].slot;
    struct rt_queue_node last = q->heap[--q->n];
    if (i == q->n)
        return;
    sift_up(q, i, last);
    if (q->heap[i].slot == last.slot)       /* it did not rise: it may sink */
        sift_down(q, i, last);
}

bool rt_queue_push(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                   double weight, double *args)
{
    if (!reserve(q))
        return false;
    struct rt_event e = {.t = t, .born = q->born, .seq = q->next_seq++, .kind = (int16_t)kind,
                         .a = a, .b = b, .handle = -1, .flag = flag, .weight = weight,
                         .args = args};
    put(q, &e);
    return true;
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
    if (i >= 0) {
        q->heap[i].handle = -1;
        q->pool[q->heap[i].slot].handle = -1;
    }
    q->pos[handle] = -1;
}

bool rt_queue_push_handled(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                           double weight, double *args, int handle)
{
    if (!reserve(q))
        return false;
    rt_queue_forget(q, handle);
    struct rt_event e = {.t = t, .born = q->born, .seq = q->next_seq++, .kind = (int16_t)kind,
                         .a = a, .b = b, .handle = handle, .flag = flag, .weight = weight,
                         .args = args};
    put(q, &e);
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
    q->heap[i].handle = -1;
    take_out(q, i);
    return true;
}

bool rt_queue_move(struct rt_queue *q, int handle, double t)
{
    long i = q->pos[handle];
    if (i < 0)
        return false;
    struct rt_queue_node x = q->heap[i];
    struct rt_event *e = &q->pool[x.slot];
    e->t = x.t = t;
    e->born = q->born;      /* NEURON's move takes it out and queues it again */
    e->seq = q->next_seq++;
    sift_up(q, i, x);
    if (q->pos[handle] == i)    /* it did not rise: it may sink */
        sift_down(q, i, x);
    return true;
}

size_t rt_queue_bytes(const struct rt_queue *q)
{
    size_t one = sizeof(struct rt_queue_node) + sizeof(struct rt_event) + sizeof(int32_t);
    size_t heap = 2 * (size_t)(q->cap > 0 ? q->cap : 512) * one;
    size_t aside = 2 * (size_t)(q->caplater + q->caprun) * sizeof(struct rt_event);
    return heap > aside ? heap : aside;
}

/* The root's place filled after a pop: its hole goes down to a leaf along
 * the earlier child (one comparison a level), then the last node, which
 * came from the bottom and mostly belongs there, rises from it (Floyd's
 * heap pop: half the comparisons of sifting it down from the root). */
static void refill_root(struct rt_queue *q, struct rt_queue_node x)
{
    long i = 0, n = q->n;
    for (;;) {
        long l = 2 * i + 1;
        if (l >= n)
            break;
        long c = l + 1 < n && before(q, &q->heap[l + 1], &q->heap[l]) ? l + 1 : l;
        place(q, i, q->heap[c]);
        i = c;
    }
    sift_up(q, i, x);
}

/* Does run event e come before heap node x? */
static inline bool run_first(const struct rt_queue *q, const struct rt_event *e,
                             const struct rt_queue_node *x)
{
    if (e->t != x->t)
        return e->t < x->t;
    return tie_before(e, &q->pool[x->slot]);
}

bool rt_queue_pop_until(struct rt_queue *q, double bound, struct rt_event *out)
{
    bool in_heap = q->n > 0 && q->heap[0].t <= bound;
    if (q->head < q->nrun && q->run[q->head].t <= bound &&
        (!in_heap || run_first(q, &q->run[q->head], &q->heap[0]))) {
        *out = q->run[q->head++];
        return true;
    }
    if (!in_heap)
        return false;
    struct rt_queue_node top = q->heap[0];
    *out = q->pool[top.slot];
    if (top.handle >= 0)
        q->pos[top.handle] = -1;
    q->free[q->nfree++] = top.slot;
    struct rt_queue_node last = q->heap[--q->n];
    if (q->n > 0) {
        refill_root(q, last);
        /* the next pop reads this event: fetched while this one is delivered */
        __builtin_prefetch(&q->pool[q->heap[0].slot]);
    }
    return true;
}

const struct rt_event *rt_queue_at(const struct rt_queue *q, long i)
{
    return &q->pool[q->heap[i].slot];
}

/* ---- events for a later interval ------------------------------------------------ */

bool rt_queue_push_later(struct rt_queue *q, double t, int kind, int a, int b)
{
    /* due in the open interval after all, or so late that each open would
       look at it again and again (delays of many intervals): the heap */
    if (!(t > q->limit) || t > q->limit + RT_QUEUE_AHEAD * q->span)
        return rt_queue_push(q, t, kind, a, b, 0, 0, NULL);
    if (q->nlater == q->caplater) {
        long cap = q->caplater ? 2 * q->caplater : 1024;
        struct rt_event *l = realloc(q->later, (size_t)cap * sizeof *l);
        if (!l)
            return false;
        q->later = l;
        q->caplater = cap;
    }
    q->later[q->nlater++] = (struct rt_event){.t = t, .born = q->born, .seq = q->next_seq++,
                                              .kind = (int16_t)kind, .a = a, .b = b,
                                              .handle = -1};
    return true;
}

static int by_order(const void *x, const void *y)
{
    const struct rt_event *a = x, *b = y;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return tie_before(a, b) ? -1 : tie_before(b, a) ? 1 : 0;
}

bool rt_queue_open(struct rt_queue *q, double limit)
{
    q->span = limit - q->limit;     /* +inf at the first */
    q->limit = limit;
    long rest = q->nrun - q->head, due = 0;
    for (long i = 0; i < q->nlater; i++)
        due += q->later[i].t <= limit;
    if (due == 0 && q->head == 0)
        return true;        /* the run as it was */
    if (rest + due > q->caprun) {
        long cap = q->caprun ? q->caprun : 1024;
        while (cap < rest + due)
            cap *= 2;
        struct rt_event *r = realloc(q->run, (size_t)cap * sizeof *r);
        if (!r)
            return false;
        q->run = r;
        q->caprun = cap;
    }
    memmove(q->run, q->run + q->head, (size_t)rest * sizeof *q->run);
    q->head = 0;
    q->nrun = rest;
    long kept = 0;
    for (long i = 0; i < q->nlater; i++)
        if (q->later[i].t <= limit)
            q->run[q->nrun++] = q->later[i];
        else
            q->later[kept++] = q->later[i];
    q->nlater = kept;
    if (due > 0)
        qsort(q->run, (size_t)q->nrun, sizeof *q->run, by_order);
    return true;
}
