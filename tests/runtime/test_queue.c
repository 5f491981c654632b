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
        rt_queue_push(&q, (double)(rand() % 1000) / 10.0, RT_EV_SELF, i, 0, 0, 0);
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
