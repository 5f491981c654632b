/* test_conns.c - runtime/rt_conns.[ch], the connection store, on its own:
 * the run's order (source, then delay, then creation), the pairs kept by
 * their bits, targets numbered over the sets, and the edges (no
 * connections, empty sets and sources, the limits). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "rt_conns.h"

static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

/* Connections stay in creation order within their source, sources ascending. */
Test(conns, by_source_in_creation_order)
{
    struct rt_conns c = {0};
    const uint32_t src[] = {2, 0, 2, 1, 0, 2, 4};
    for (uint32_t i = 0; i < 7; i++)    /* instance i of set 0: target i */
        cr_assert(rt_conns_add(&c, src[i], 0, i, 1.0, 2.0));
    long n = 7;
    cr_assert(rt_conns_finish(&c, 6, 1, &n, NULL, NULL, false));
    const long start[] = {0, 2, 3, 6, 6, 7, 7};     /* source 3 and 5: none */
    for (int s = 0; s <= 6; s++)
        cr_assert_eq(c.start[s], start[s], "source %d starts at %ld", s, c.start[s]);
    const uint32_t want[] = {1, 4, 3, 0, 2, 5, 6};
    for (long k = 0; k < 7; k++) {
        cr_assert_eq(c.conn[k].target, want[k], "connection %ld: target %u", k, c.conn[k].target);
        cr_assert_eq(rt_conns_set(&c, k), 0);
    }
    cr_assert_null(c.records);
    cr_assert_null(c.created);
    rt_conns_free(&c);
}

/* Within a source, delays ascend; equal delays keep creation order.  Short
 * runs (insertion sort) and long ones (merge sort) alike, against a
 * reference stable sort; keep_order's inverse maps creation to place. */
Test(conns, delays_sorted_stably_within_a_source)
{
    for (int len = 1; len <= 200; len += 7) {
        struct rt_conns c = {0};
        uint32_t made = 0;
        for (int i = 0; i < len; i++) {
            /* source 1 has the run under test; source 0 is in order already */
            double d = (double)((i * 7) % 5);
            cr_assert(rt_conns_add(&c, 1, 0, made++, 0.5, d));
            if (i % 3 == 0)
                cr_assert(rt_conns_add(&c, 0, 0, made++, 0.5, 1.0));
        }
        long n = made;
        cr_assert(rt_conns_finish(&c, 2, 1, &n, NULL, NULL, true));
        long a = c.start[1], b = c.start[2];
        cr_assert_eq(b - a, len);
        long k = a;
        for (int d = 0; d < 5; d++)     /* a stable sort by delay, done by hand */
            for (uint32_t t = 0; t < made; t++) {
                bool of_src1 = false;   /* recreate which targets source 1 got */
                uint32_t m = 0;
                for (int i = 0; i < len && !of_src1; i++) {
                    if (m == t && (i * 7) % 5 == d)
                        of_src1 = true;
                    m += 1 + (i % 3 == 0);
                }
                if (!of_src1)
                    continue;
                cr_assert_eq(c.conn[k].target, t, "len %d, place %ld: target %u, %u expected",
                             len, k, c.conn[k].target, t);
                cr_assert_eq(rt_conns_delay(&c, k), (double)d);
                k++;
            }
        cr_assert_eq(k, b);
        for (long j = c.start[0]; j < c.start[1]; j++)  /* source 0: creation order */
            cr_assert(j == c.start[0] || c.conn[j].target > c.conn[j - 1].target);
        for (uint32_t i = 0; i < made; i++)     /* created: where each went */
            cr_assert_eq(c.conn[c.created[i]].target, i);
        rt_conns_free(&c);
    }
}

/* Pairs are told apart by their bits: -0.0 and 0.0, 0.1 + 0.2 and 0.3,
 * neighbouring doubles; what is read back is what was given, bit for bit;
 * a repeated pair is stored once. */
Test(conns, pairs_exact_and_distinct)
{
    struct rt_conns c = {0};
    const double w[] = {0.0, -0.0, 0.1 + 0.2, 0.3, nextafter(0.3, 0), 5e-324, 0.3, -0.0, 0.0};
    const double d[] = {1.5, 1.5, 2.0, 2.0, 2.0, 0.0, 2.0, 1.5, -0.0};
    int nw = (int)(sizeof w / sizeof *w);
    for (int i = 0; i < nw; i++)
        cr_assert(rt_conns_add(&c, (uint32_t)i, 0, (uint32_t)i, w[i], d[i]));
    /* distinct: (0,1.5) (-0,1.5) (.1+.2,2) (.3,2) (the double below .3,2) (denormal,0) (0,-0) */
    cr_assert_eq(c.npairs, 7, "%u pairs", c.npairs);
    cr_assert_eq(c.records[6].pair, c.records[3].pair);
    cr_assert_eq(c.records[7].pair, c.records[1].pair);
    cr_assert_neq(c.records[8].pair, c.records[0].pair);
    long n = nw;
    cr_assert(rt_conns_finish(&c, nw, 1, &n, NULL, NULL, false));
    for (int i = 0; i < nw; i++) {   /* source i has connection i alone */
        cr_assert_eq(bits(rt_conns_weight(&c, i)), bits(w[i]), "weight %d", i);
        cr_assert_eq(bits(rt_conns_delay(&c, i)), bits(d[i]), "delay %d", i);
    }
    rt_conns_free(&c);
}

/* Many distinct pairs: the table grows and still finds each one. */
Test(conns, many_pairs)
{
    struct rt_conns c = {0};
    for (uint32_t i = 0; i < 20000; i++)
        cr_assert(rt_conns_add(&c, 0, 0, 0, 1.0 / (i % 5000 + 1), 1.0));
    cr_assert_eq(c.npairs, 5000);
    long n = 1;
    cr_assert(rt_conns_finish(&c, 1, 1, &n, NULL, NULL, false));
    for (long k = 0; k < 20000; k++)
        cr_assert_eq(rt_conns_weight(&c, k), 1.0 / (double)(k % 5000 + 1));
    rt_conns_free(&c);
}

/* Targets are numbered over the sets; empty sets anywhere; a remapped set
 * gives its instances' places; each set's first and last instance is found
 * in it, across blocks of the lookup. */
Test(conns, targets_over_sets)
{
    struct rt_conns c = {0};
    const long set_n[] = {0, 3, 0, 40, 1, 0, 17};
    long rev[40];
    for (int i = 0; i < 40; i++)
        rev[i] = 39 - i;
    const long *remap[] = {NULL, NULL, NULL, rev, NULL, NULL, NULL};
    int nsets = 7;
    for (int s = 0; s < nsets; s++)
        for (long i = 0; i < set_n[s]; i++)
            cr_assert(rt_conns_add(&c, 0, (uint32_t)s, (uint32_t)i, 1, 1));
    cr_assert(rt_conns_finish(&c, 1, nsets, set_n, remap, NULL, false));
    long k = 0;
    uint32_t base = 0;
    for (int s = 0; s < nsets; s++) {
        cr_assert_eq(c.base[s], base);
        for (long i = 0; i < set_n[s]; i++, k++) {
            cr_assert_eq(rt_conns_set(&c, k), s, "connection %ld: set %d, %d expected", k,
                         rt_conns_set(&c, k), s);
            long want = remap[s] ? remap[s][i] : i;
            cr_assert_eq(rt_conns_inst(&c, k, s), want);
        }
        base += (uint32_t)set_n[s];
    }
    cr_assert_eq(c.base[nsets], 61);
    rt_conns_free(&c);
}

/* No connections at all: every source's range is empty. */
Test(conns, empty_store)
{
    struct rt_conns c = {0};
    long n = 0;
    cr_assert(rt_conns_finish(&c, 3, 1, &n, NULL, NULL, true));
    for (int s = 0; s <= 3; s++)
        cr_assert_eq(c.start[s], 0);
    cr_assert_eq(c.n, 0);
    rt_conns_free(&c);
    cr_assert_null(c.conn);
}

/* The limits: a full store refuses one more; sets with 2^32 instances or
 * more cannot be numbered, and the store is left as it was. */
Test(conns, limits)
{
    struct rt_conns c = {0};
    c.n = RT_CONNS_MAX;     /* as if full: nothing is read or written */
    cr_assert_not(rt_conns_add(&c, 0, 0, 0, 1, 1));
    cr_assert_eq(c.n, RT_CONNS_MAX);
    c.n = 0;
    cr_assert(rt_conns_add(&c, 0, 0, 0, 1, 1));
    const long big[] = {0x80000000L, 0x80000000L};
    cr_assert_not(rt_conns_finish(&c, 1, 2, big, NULL, NULL, false));
    cr_assert_not_null(c.records);
    cr_assert_null(c.conn);
    const long fits[] = {0x80000000L, 0x7fffffffL};     /* 2^32 - 1: the last that fits */
    cr_assert(rt_conns_finish(&c, 1, 2, fits, NULL, NULL, false));
    cr_assert_eq(c.base[2], UINT32_MAX);
    cr_assert_eq(rt_conns_set(&c, 0), 0);
    rt_conns_free(&c);
}
