/* test_queue.c - the event queue delivers in time order, ties first-in
 * first-out, and only up to the bound. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "rt_queue.h"

Test(queue, order_and_bound)
{
    struct rt_queue q;
    rt_queue_init(&q);
    srand(1);
    for (int i = 0; i < 5000; i++)
        rt_queue_push(&q, (double)(rand() % 1000) / 10.0, RT_EV_SELF, i, 0, 0, 0, NULL);
    struct rt_event ev;
    double last = -1;
    long lastseq = -1;
    int n = 0;
    while (rt_queue_pop_until(&q, 50.0, &ev)) {
        cr_assert(ev.t >= last);
        if (ev.t == last)
            cr_assert((long)ev.seq > lastseq, "equal times must come out in insertion order");
        cr_assert(ev.t <= 50.0);
        last = ev.t;
        lastseq = (long)ev.seq;
        n++;
    }
    cr_assert(n > 2000 && n < 3000);
    cr_assert(q.n == 5000 - n);
    while (rt_queue_pop_until(&q, 1e9, &ev))
        n++;
    cr_assert_eq(n, 5000);
    rt_queue_free(&q);
}

/* Movable events (NEURON's net_move): a handle follows its event through the
 * heap; a move reorders it as a new event of that time; a second movable send
 * takes the handle (the first event stays queued, unmovable); delivery and
 * forget leave the handle naming nothing. */
Test(queue, movable_events)
{
    struct rt_queue q;
    rt_queue_init(&q);
    rt_queue_handles(&q, 100);
    srand(2);
    for (int i = 0; i < 2000; i++)
        rt_queue_push(&q, (double)(rand() % 1000), RT_EV_NETCON, i, 1, 0, 0, NULL);
    for (int h = 0; h < 100; h++)
        cr_assert(rt_queue_push_movable(&q, 1e9, 0, h, 1, 0, NULL, h));
    for (int k = 0; k < 3000; k++) {    /* moves to random times, up and down */
        int h = rand() % 100;
        cr_assert(rt_queue_move(&q, h, (double)(rand() % 2000)));
        cr_assert_eq(rt_queue_at(&q, q.pos[h])->handle, h);
        cr_assert_eq(rt_queue_at(&q, q.pos[h])->b, h);
    }
    cr_assert(rt_queue_move(&q, 7, 500.0));
    cr_assert(rt_queue_move(&q, 8, 500.0));     /* moved last: after 7 */
    cr_assert(rt_queue_move(&q, 9, 2500.0));
    cr_assert(rt_queue_push_movable(&q, 2600.0, 0, 9, 1, 0, NULL, 9));   /* takes handle 9 */
    cr_assert(rt_queue_move(&q, 9, 2700.0));
    rt_queue_forget(&q, 10);
    cr_assert(!rt_queue_move(&q, 10, 3000.0));
    struct rt_event ev;
    double last = -1;
    int n = 0, seen7 = 0, after = 0;
    while (rt_queue_pop_until(&q, 1e10, &ev)) {
        cr_assert(ev.t >= last);
        last = ev.t;
        if (ev.kind == RT_EV_SELF && ev.b == 7)
            seen7 = 1;
        if (ev.kind == RT_EV_SELF && ev.b == 8 && ev.t == 500.0)
            cr_assert(seen7, "an event moved later comes after one of equal time moved before");
        if (ev.kind == RT_EV_SELF && ev.b == 9)
            cr_assert(ev.t == 2500.0 || ev.t == 2700.0, "the first event of handle 9 stays");
        if (ev.kind == RT_EV_SELF && ev.t >= 2500.0)
            after++;
        if (ev.handle >= 0)
            cr_assert_eq(q.pos[ev.handle], -1, "a delivered event frees its handle");
        n++;
    }
    cr_assert_eq(n, 2101);
    cr_assert_eq(after, 2);
    for (int h = 0; h < 100; h++)
        cr_assert(!rt_queue_move(&q, h, 1.0));
    rt_queue_free(&q);
}

/* Removable events (a point process's watch events, NEURON's remove_event):
 * taking events out anywhere in the heap leaves the others in order, a
 * removed or delivered event's handle names nothing, and removing it again
 * fails. */
Test(queue, removed_events)
{
    struct rt_queue q;
    rt_queue_init(&q);
    rt_queue_handles(&q, 300);
    srand(3);
    for (int i = 0; i < 3000; i++)
        rt_queue_push(&q, (double)(rand() % 500), RT_EV_NETCON, i, 1, 0, 0, NULL);
    for (int h = 0; h < 300; h++)
        cr_assert(rt_queue_push_handled(&q, (double)(rand() % 500), RT_EV_PP_SELF, 0, h, 2, 0, NULL, h));
    for (int h = 0; h < 300; h += 2)
        cr_assert(rt_queue_remove(&q, h));
    cr_assert(!rt_queue_remove(&q, 0), "a removed event is gone");
    cr_assert_eq(q.n, 3000 + 150);
    struct rt_event ev;
    double last = -1;
    int kept = 0, netcons = 0;
    while (rt_queue_pop_until(&q, 1e9, &ev)) {
        cr_assert(ev.t >= last);
        last = ev.t;
        netcons += ev.kind == RT_EV_NETCON;
        if (ev.kind == RT_EV_PP_SELF) {
            cr_assert(ev.b % 2 == 1, "event of removed handle %d delivered", ev.b);
            cr_assert_eq(ev.handle, ev.b);
            cr_assert_eq(q.pos[ev.handle], -1);
            kept++;
        }
    }
    cr_assert_eq(kept, 150);
    cr_assert_eq(netcons, 3000);
    cr_assert(!rt_queue_remove(&q, 1), "a delivered event cannot be removed");
    rt_queue_free(&q);
}

/* Against a plain list searched for its least event: pushes of ties, moves
 * and removals through handles, and pops interleaved at random, in the
 * order (time, kind, target, insertion) whatever the heap's shape. */
struct ref_event {
    double t;
    int kind, a, b, handle;
    unsigned long seq;
};

static bool ref_before(const struct ref_event *x, const struct ref_event *y)
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

/* The reference list and the queue, changed alike. */
struct ref_list {
    struct ref_event *e;
    int n;
    unsigned long seq;
};

/* e (its seq taken from the list) into both; a handled one takes its
 * handle from the earlier event, which stays, unnamed. */
static void ref_push(struct rt_queue *q, struct ref_list *l, struct ref_event e)
{
    if (e.handle >= 0) {
        for (int k = 0; k < l->n; k++)
            if (l->e[k].handle == e.handle)
                l->e[k].handle = -1;
        cr_assert(rt_queue_push_handled(q, e.t, e.kind, e.a, e.b, 0, 0, NULL, e.handle));
    } else {
        cr_assert(rt_queue_push(q, e.t, e.kind, e.a, e.b, 0, 0, NULL));
    }
    l->e[l->n++] = e;
}

/* Handle h's event moved to t (a new event of that time) or removed, in
 * both; either fails exactly when h names none. */
static void ref_move_or_remove(struct rt_queue *q, struct ref_list *l, int h, bool move, double t)
{
    int k = 0;
    while (k < l->n && l->e[k].handle != h)
        k++;
    if (move) {
        cr_assert_eq(rt_queue_move(q, h, t), k < l->n);
        if (k < l->n) {
            l->e[k].t = t;
            l->e[k].seq = l->seq++;
        }
    } else {
        cr_assert_eq(rt_queue_remove(q, h), k < l->n);
        if (k < l->n)
            l->e[k] = l->e[--l->n];
    }
}

/* The popped event is the least of the list, m; it leaves the list. */
static void ref_popped(struct ref_list *l, int m, const struct rt_event *ev, int step)
{
    const struct ref_event *w = &l->e[m];
    cr_assert(ev->t == w->t && ev->kind == w->kind && ev->a == w->a && ev->b == w->b &&
              ev->seq == w->seq,
              "step %d: popped (%g, %d, %d, %d, %lu), the least is (%g, %d, %d, %d, %lu)", step,
              ev->t, ev->kind, ev->a, ev->b, (unsigned long)ev->seq, w->t, w->kind, w->a, w->b,
              w->seq);
    l->e[m] = l->e[--l->n];
}

/* A random event at t: kinds and targets that tie, a handle now and then. */
static struct ref_event ref_random(struct ref_list *l, double t, int handles)
{
    struct ref_event e = {t, rand() % 2 ? RT_EV_SELF : RT_EV_NETCON, rand() % 3, rand() % 3,
                          rand() % 4 == 0 ? rand() % handles : -1, l->seq++};
    return e;
}

/* One pop due by now against the list's least due event; whether one was. */
static bool ref_pop(struct rt_queue *q, struct ref_list *l, double now, int step)
{
    int m = -1;
    for (int k = 0; k < l->n; k++)
        if (l->e[k].t <= now && (m < 0 || ref_before(&l->e[k], &l->e[m])))
            m = k;
    struct rt_event ev;
    bool popped = rt_queue_pop_until(q, now, &ev);
    cr_assert_eq(popped, m >= 0, "step %d: popped %d with %d due by %g", step, popped, m >= 0,
                 now);
    if (m < 0)
        return false;
    if (ev.handle >= 0)
        cr_assert_eq(q->pos[ev.handle], -1);
    ref_popped(l, m, &ev, step);
    return true;
}

Test(queue, same_order_as_a_list)
{
    enum { N = 3000, H = 64 };
    struct rt_queue q;
    rt_queue_init(&q);
    rt_queue_handles(&q, H);
    static struct ref_event ref[N * 2];
    struct ref_list l = {ref, 0, 0};
    srand(7);
    for (int step = 0; step < N * 4; step++) {
        int what = rand() % 10;
        if (what < 5) {     /* a push, often a tie in time and target */
            ref_push(&q, &l, ref_random(&l, (double)(rand() % 50), H));
        } else if (what < 7) {  /* move or remove a handle's event */
            int h = rand() % H;
            ref_move_or_remove(&q, &l, h, what == 5, what == 5 ? (double)(rand() % 50) : 0);
        } else if (l.n > 0) {  /* pop the least */
            cr_assert(ref_pop(&q, &l, 1e9, step));
        }
        cr_assert_eq(q.n, l.n);
    }
    rt_queue_free(&q);
}

/* As a run uses it: the bound advancing, events pushed from a little before
 * it to far after it, moved and removed through handles, popped up to the
 * bound: in the order (time, kind, target, insertion), and nothing within
 * the bound left behind. */
Test(queue, same_order_with_an_advancing_bound)
{
    enum { N = 3000, H = 64 };
    struct rt_queue q;
    rt_queue_init(&q);
    rt_queue_handles(&q, H);
    static struct ref_event ref[N * 4];
    struct ref_list l = {ref, 0, 0};
    double now = 0;
    srand(9);
    for (int step = 0; step < N * 4; step++) {
        int what = rand() % 12;
        double t = now + (double)(rand() % 400 - 10) * 0.5;     /* ties, past and far */
        if (what < 5) {
            ref_push(&q, &l, ref_random(&l, t, H));
        } else if (what < 7) {
            ref_move_or_remove(&q, &l, rand() % H, what == 5, t);
        } else if (what < 11) {
            ref_pop(&q, &l, now, step);
        } else {            /* time goes on, now and then by a long way */
            now += rand() % 50 == 0 ? 150.0 : (double)(rand() % 3) * 0.25;
        }
        cr_assert_eq(q.n, l.n);
    }
    rt_queue_free(&q);
}

/* Connection events kept aside (rt_queue_push_later) until an rt_queue_open
 * takes those due by its limit: pops merge them with the heap's in the one
 * order, against the list, with pushes aside that are due before the open
 * limit or far after it too (they go into the heap) and time jumping past
 * several limits. */
Test(queue, same_order_with_events_aside)
{
    enum { N = 3000, H = 64 };
    struct rt_queue q;
    rt_queue_init(&q);
    rt_queue_handles(&q, H);
    static struct ref_event ref[N * 4];
    struct ref_list l = {ref, 0, 0};
    double now = 0, limit = 2.0;
    cr_assert(rt_queue_open(&q, limit));
    long aside = 0;
    srand(11);
    for (int step = 0; step < N * 4; step++) {
        int what = rand() % 13;
        double t = now + (double)(rand() % 400 - 10) * 0.5;     /* ties, past and far */
        if (what < 3) {
            ref_push(&q, &l, ref_random(&l, t, H));
        } else if (what < 6) {
            struct ref_event e = {t, RT_EV_NETCON, rand() % 3, rand() % 3, -1, l.seq++};
            long before = q.nlater;
            cr_assert(rt_queue_push_later(&q, e.t, e.kind, e.a, e.b));
            l.e[l.n++] = e;
            aside += q.nlater > before;     /* else due by the limit, or far: the heap */
        } else if (what < 7) {
            ref_move_or_remove(&q, &l, rand() % H, rand() % 2, t);
        } else if (what < 11) {     /* a delivery: everything due by now */
            while (ref_pop(&q, &l, now, step))
                ;
        } else {            /* time goes on; past the limit, the next interval opens */
            now += rand() % 50 == 0 ? 150.0 : (double)(rand() % 3) * 0.25;
            if (now > limit) {
                limit = now + (double)(rand() % 8) * 0.5;
                cr_assert(rt_queue_open(&q, limit));
            }
        }
        cr_assert_eq(q.n + q.nlater + (q.nrun - q.head), l.n, "step %d", step);
    }
    cr_assert(aside > 100, "%ld events were kept aside", aside);
    rt_queue_free(&q);
}
