/* rt_conns.c - the connection store (rt_conns.h). */
#include <stdlib.h>
#include <string.h>

#include "rt_alloc.h"
#include "rt_conns.h"

static uint64_t pair_hash(const struct rt_conn_pair *p)
{
    uint64_t w, d;
    memcpy(&w, &p->weight, sizeof w);
    memcpy(&d, &p->delay, sizeof d);
    uint64_t h = w * 0x9E3779B97F4A7C15ull ^ (d + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    return h ^ h >> 29;
}

/* Doubles compared by their bits: -0.0 is not 0.0. */
static bool same_pair(const struct rt_conn_pair *a, const struct rt_conn_pair *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

static void grow_slots(struct rt_conns *c)
{
    size_t cap = c->capslots ? 2 * c->capslots : 64;
    uint32_t *slots = RT_ALLOC(cap, uint32_t);
    for (uint32_t i = 0; i < c->npairs; i++) {
        size_t j = (size_t)pair_hash(&c->pairs[i]) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = i + 1;
    }
    free(c->slots);
    c->slots = slots;
    c->capslots = cap;
}

/* The pair's number, added if new. */
static uint32_t intern(struct rt_conns *c, double weight, double delay)
{
    struct rt_conn_pair p = {weight, delay};
    if (c->n > 0 && same_pair(&c->pairs[c->records[c->n - 1].pair], &p))
        return c->records[c->n - 1].pair;       /* a rule's connections mostly repeat one */
    if (2 * ((size_t)c->npairs + 1) > c->capslots)     /* at most half full */
        grow_slots(c);
    size_t j = (size_t)pair_hash(&p) & (c->capslots - 1);
    for (; c->slots[j]; j = (j + 1) & (c->capslots - 1))
        if (same_pair(&c->pairs[c->slots[j] - 1], &p))
            return c->slots[j] - 1;
    if (c->npairs == c->cappairs) {
        c->cappairs = c->cappairs ? 2 * c->cappairs : 64;
        c->pairs = rt_realloc(c->pairs, (size_t)c->cappairs * sizeof *c->pairs);
    }
    c->pairs[c->npairs] = p;
    c->slots[j] = c->npairs + 1;
    return c->npairs++;
}

bool rt_conns_add(struct rt_conns *c, uint32_t src, uint32_t set, uint32_t inst, double weight,
                  double delay)
{
    if (c->n >= RT_CONNS_MAX)
        return false;
    uint32_t pair = intern(c, weight, delay);
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        if (c->cap > RT_CONNS_MAX)
            c->cap = RT_CONNS_MAX;
        c->records = rt_realloc(c->records, (size_t)c->cap * sizeof *c->records);
    }
    c->records[c->n++] = (struct rt_conn_record){src, set, inst, pair};
    return true;
}

/* Does x come before y: a shorter delay, or the same and a lower part? */
static inline bool earlier(const struct rt_conns *c, struct rt_conn x, struct rt_conn y)
{
    double dx = c->pairs[x.pair].delay, dy = c->pairs[y.pair].delay;
    return dx < dy || (dx == dy && c->part && c->part[x.target] < c->part[y.target]);
}

/* Stable merge sort of a[0 .. n) by delay and part, carrying order[] (may be NULL)
 * along; tmp and tmp_order hold n each. */
static void sort_by_delay(const struct rt_conns *c, struct rt_conn *a, uint32_t *order, long n,
                          struct rt_conn *tmp, uint32_t *tmp_order)
{
    if (n <= 16) {          /* insertion sort: stable, moves only past later delays */
        for (long i = 1; i < n; i++) {
            struct rt_conn x = a[i];
            uint32_t o = order ? order[i] : 0;
            long j = i;
            for (; j > 0 && earlier(c, x, a[j - 1]); j--) {
                a[j] = a[j - 1];
                if (order)
                    order[j] = order[j - 1];
            }
            a[j] = x;
            if (order)
                order[j] = o;
        }
        return;
    }
    long h = n / 2;
    sort_by_delay(c, a, order, h, tmp, tmp_order);
    sort_by_delay(c, a + h, order ? order + h : NULL, n - h, tmp, tmp_order);
    memcpy(tmp, a, (size_t)n * sizeof *a);
    if (order)
        memcpy(tmp_order, order, (size_t)n * sizeof *order);
    long i = 0, j = h, k = 0;
    while (i < h && j < n) {
        bool right = earlier(c, tmp[j], tmp[i]);    /* ties: the left, the earlier made */
        long from = right ? j++ : i++;
        a[k] = tmp[from];
        if (order)
            order[k] = tmp_order[from];
        k++;
    }
    for (; i < h; i++, k++) {
        a[k] = tmp[i];
        if (order)
            order[k] = tmp_order[i];
    }
    for (; j < n; j++, k++) {
        a[k] = tmp[j];
        if (order)
            order[k] = tmp_order[j];
    }
}

/* Each source's connections by delay and part, where they are not already. */
static void sort_delays(struct rt_conns *c, uint32_t *order)
{
    long longest = 0;
    for (long s = 0; s < c->nsrc; s++) {
        long a = c->start[s], b = c->start[s + 1];
        for (long k = a + 1; k < b; k++)
            if (earlier(c, c->conn[k], c->conn[k - 1])) {
                longest = b - a > longest ? b - a : longest;
                break;
            }
    }
    if (longest == 0)
        return;
    struct rt_conn *tmp = RT_ALLOC(longest, struct rt_conn);
    uint32_t *tmp_order = order ? RT_ALLOC(longest, uint32_t) : NULL;
    for (long s = 0; s < c->nsrc; s++) {
        long a = c->start[s], b = c->start[s + 1];
        for (long k = a + 1; k < b; k++)
            if (earlier(c, c->conn[k], c->conn[k - 1])) {
                sort_by_delay(c, c->conn + a, order ? order + a : NULL, b - a, tmp, tmp_order);
                break;
            }
    }
    free(tmp);
    free(tmp_order);
}

/* block_set[b]: the set holding target b << block_bits. */
static void index_blocks(struct rt_conns *c)
{
    uint32_t total = c->base[c->nsets];
    long most = c->n / 4 > 1024 ? c->n / 4 : 1024;
    for (c->block_bits = 4; ((long)total >> c->block_bits) > most; c->block_bits++)
        ;
    long nblocks = ((long)total >> c->block_bits) + 1;
    c->block_set = RT_ALLOC(nblocks, uint32_t);
    uint32_t set = 0;
    for (long b = 0; b < nblocks && c->nsets > 0; b++) {
        uint64_t t = (uint64_t)b << c->block_bits;
        while ((int)set + 1 < c->nsets && c->base[set + 1] <= t)
            set++;
        c->block_set[b] = set;
    }
}

bool rt_conns_finish(struct rt_conns *c, long nsrc, int nsets, const long *set_n,
                     const long *const *remap, const int *set_part, bool keep_order)
{
    uint64_t total = 0;
    for (int k = 0; k < nsets; k++)
        total += (uint64_t)set_n[k];
    if (total > UINT32_MAX)
        return false;
    c->nsets = nsets;
    c->base = RT_ALLOC(nsets + 1, uint32_t);
    for (int k = 0; k < nsets; k++)
        c->base[k + 1] = c->base[k] + (uint32_t)set_n[k];
    index_blocks(c);
    free(c->slots);         /* the pairs are all known */
    c->slots = NULL;
    c->capslots = 0;
    /* counting sort: start[s + 2] counts source s, then start[s + 1] is
     * where its next connection goes, and ends as start[s + 1]'s first */
    c->nsrc = nsrc;
    c->start = RT_ALLOC(nsrc + 2, long);
    for (long i = 0; i < c->n; i++)
        c->start[c->records[i].src + 2]++;
    for (long s = 2; s < nsrc + 2; s++)
        c->start[s] += c->start[s - 1];
    c->conn = RT_ALLOC(c->n, struct rt_conn);
    uint32_t *order = keep_order ? RT_ALLOC(c->n, uint32_t) : NULL;    /* sorted -> created */
    for (long i = 0; i < c->n; i++) {
        const struct rt_conn_record *r = &c->records[i];
        long k = c->start[r->src + 1]++;
        uint32_t inst = remap && remap[r->set] ? (uint32_t)remap[r->set][r->inst] : r->inst;
        c->conn[k] = (struct rt_conn){c->base[r->set] + inst, r->pair};
        if (order)
            order[k] = (uint32_t)i;
    }
    free(c->records);
    c->records = NULL;
    c->cap = 0;
    if (set_part) {
        c->part = RT_ALLOC(total, uint16_t);
        for (int k = 0; k < nsets; k++)
            for (uint32_t t = c->base[k]; t < c->base[k + 1]; t++)
                c->part[t] = (uint16_t)set_part[k];
    }
    sort_delays(c, order);
    if (order) {
        c->created = RT_ALLOC(c->n, uint32_t);
        for (long k = 0; k < c->n; k++)
            c->created[order[k]] = (uint32_t)k;
        free(order);
    }
    return true;
}

void rt_conns_free(struct rt_conns *c)
{
    free(c->pairs);
    free(c->slots);
    free(c->records);
    free(c->conn);
    free(c->start);
    free(c->base);
    free(c->block_set);
    free(c->created);
    free(c->part);
    memset(c, 0, sizeof *c);
}
