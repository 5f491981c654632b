/* rt_queue.h - the event queue: a binary heap ordered by time, then target,
 * then insertion. */
#ifndef CIRC_RT_QUEUE_H
#define CIRC_RT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rt_event_kind { RT_EV_NETCON, RT_EV_SELF, RT_EV_PP_SELF };

struct rt_event {
    double t;
    uint64_t seq;           /* ties in t and target: first in, first out */
    int32_t kind;
    int32_t a, b;           /* NETCON: first connection, how many; SELF: art set, instance;
                               PP_SELF: group * npp + point mechanism, instance */
    double flag;
    double weight;          /* SELF, PP_SELF: the weight of the event that sent it */
};

struct rt_queue {
    struct rt_event *heap;
    long n, cap;
    uint64_t next_seq;
};

void rt_queue_init(struct rt_queue *q);
void rt_queue_free(struct rt_queue *q);
/* False, the queue unchanged, if it cannot grow (out of memory). */
bool rt_queue_push(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                   double weight);
/* What the queue's next growth asks for, in bytes (for the message). */
size_t rt_queue_bytes(const struct rt_queue *q);
/* Pops the earliest event if its time is <= bound. */
bool rt_queue_pop_until(struct rt_queue *q, double bound, struct rt_event *out);

#endif
