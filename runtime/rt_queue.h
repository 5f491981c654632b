/* rt_queue.h - the event queue: a binary heap ordered by time, then by when
 * NEURON would have queued the event, then target, then insertion. */
#ifndef CIRC_RT_QUEUE_H
#define CIRC_RT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rt_event_kind { RT_EV_NETCON, RT_EV_SELF, RT_EV_PP_SELF };

/* When NEURON's one queue would have taken an event: ties in time go first
 * in, first out there (its TQueue), so an event born earlier comes first.
 * An event is born at the time of the delivery that sent it (-inf:
 * initialization), or by the threshold and watch checks of a step (check
 * 1), which come after the deliveries up to that time and before the
 * later ones; what a check-born event sends at its own time (a watch's
 * event, delivered after the checks) comes after them all (check 2).  Events born by deliveries at the same time go in the order
 * of those deliveries, known here by the delivered event's own birth and
 * kind (one generation back; deeper ties go by target).  All of it from
 * the simulation, not from when or where an event was queued (a target's
 * index differs between ranks), so no thread or rank split changes the
 * order. */
struct rt_birth {
    double t;
    double parent_born;     /* the delivered event's birth time */
    int16_t check;
    int16_t parent_check, parent_kind;
};

struct rt_event {
    double t;
    struct rt_birth born;
    uint64_t seq;           /* ties in t, birth and target: first in, first out */
    int16_t kind;
    int32_t a, b;           /* NETCON: first connection, how many; SELF: art set, instance;
                               PP_SELF: group * npp + point mechanism, instance */
    int32_t handle;         /* a movable self event (flag 1 of an artificial cell that
                               moves its events) or a point process's watch event: its
                               handle, else -1 */
    double flag;
    double weight;          /* SELF, PP_SELF: the weight of the event that sent it */
    double *args;           /* SELF, PP_SELF: the state of the connection whose event sent
                               it (NEURON's weight vector), or NULL */
};

/* The heap holds small nodes (the time, and where the event is): a pop
 * moves ~log2(n) of them, and the event itself (80 bytes) is read only when
 * times tie, and once when it is taken out. */
struct rt_queue_node {
    double t;
    int32_t slot;           /* the event: pool[slot] */
    int32_t handle;         /* its handle (pos[] follows it), or -1 */
};

struct rt_queue {
    struct rt_queue_node *heap;
    struct rt_event *pool;  /* cap events; the free ones' slots on the stack `free` */
    int32_t *free;
    long n, cap, nfree;
    uint64_t next_seq;
    struct rt_birth born;   /* the birth of what is queued now (rt_queue_birth) */
    long *pos;              /* per handle: the heap index of its movable event, or -1 */
    long npos;
    /* Events queued for a later interval (rt_queue_push_later): unsorted
     * until rt_queue_open takes those due by its limit into `run`, sorted
     * in the heap's order; a pop takes the earlier of the run's next
     * (run[head]) and the heap's top. */
    struct rt_event *later, *run;
    long nlater, caplater, nrun, caprun, head;
    double limit;           /* the last rt_queue_open's (-inf before the first) */
    double span;            /* its distance from the one before (+inf at first) */
};

/* Events due more than this many spans after the open limit go into the
 * heap even when pushed aside: the opens in between would each look at
 * them (a connection of many intervals' delay). */
#define RT_QUEUE_AHEAD 3

void rt_queue_init(struct rt_queue *q);
void rt_queue_free(struct rt_queue *q);
/* Events queued (and moved) from now on are born so (initially at -inf:
 * initialization); rt_queue_born_by: by the delivery of e. */
void rt_queue_birth(struct rt_queue *q, struct rt_birth born);
void rt_queue_born_by(struct rt_queue *q, const struct rt_event *e);
/* False, the queue unchanged, if it cannot grow (out of memory). */
bool rt_queue_push(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                   double weight, double *args);
/* Handles 0 .. n-1 for movable events, none queued yet (rt_alloc.h's policy). */
void rt_queue_handles(struct rt_queue *q, long n);
/* A self event that handle h can move later (NEURON's net_send of flag 1 into
 * the instance's _tqitem): the event h named before, if still queued, stays
 * queued but can no longer be moved.  False if the queue cannot grow. */
bool rt_queue_push_movable(struct rt_queue *q, double t, int a, int b, double flag,
                           double weight, double *args, int handle);
/* The same for an event of any kind (a point process's watch event). */
bool rt_queue_push_handled(struct rt_queue *q, double t, int kind, int a, int b, double flag,
                           double weight, double *args, int handle);
/* Takes handle h's event out of the queue (NEURON's remove_event); false if
 * h names no queued event. */
bool rt_queue_remove(struct rt_queue *q, int handle);
/* Handle h's event to time t, ordered as an event queued now (NEURON's
 * TQueue::move: taken out, then in again after the events of equal time).
 * False if h names no queued event. */
bool rt_queue_move(struct rt_queue *q, int handle, double t);
/* Handle h names no event any more (NEURON clears _tqitem when an event of
 * flag 1 is delivered). */
void rt_queue_forget(struct rt_queue *q, int handle);
/* What the queue's next growth asks for, in bytes (for the message). */
size_t rt_queue_bytes(const struct rt_queue *q);
/* A connection event (no flag, weight or state), kept aside, unsorted,
 * until the rt_queue_open whose limit it is due by (a step's spikes queue
 * many events at equal times, which the heap would order one by one; a
 * sort orders them together).  One due by the last open's limit goes into
 * the heap at once, so none is ever late, and so does one due later than
 * RT_QUEUE_AHEAD spans ahead.  False, the queue unchanged, if it cannot
 * grow. */
bool rt_queue_push_later(struct rt_queue *q, double t, int kind, int a, int b);
/* Every event kept aside that is due by `limit` joins the ones a pop can
 * take.  Call it before pops with bounds up to limit.  False if it cannot
 * grow (then nothing moved). */
bool rt_queue_open(struct rt_queue *q, double limit);
/* Pops the earliest event if its time is <= bound. */
bool rt_queue_pop_until(struct rt_queue *q, double bound, struct rt_event *out);
/* The event at heap index i (tests). */
const struct rt_event *rt_queue_at(const struct rt_queue *q, long i);

#endif
