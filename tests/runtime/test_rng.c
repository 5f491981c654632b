/* test_rng.c - Philox4x32-10 and NEURON's Random123 streams against known
 * answers (Random123's own test vector; NETPYNE_COMPAT.md §1). */
#include <criterion/criterion.h>
#include <math.h>

#include "crt_model.h"

Test(philox, known_answer_zero)
{
    uint32_t ctr[4] = {0, 0, 0, 0}, key[2] = {0, 0}, out[4];
    crt_philox(ctr, key, out);
    cr_assert_eq(out[0], 0x6627e8d5u);
    cr_assert_eq(out[1], 0xe169c58du);
    cr_assert_eq(out[2], 0xbc57ac4cu);
    cr_assert_eq(out[3], 0x9b00dbd8u);
}

Test(philox, neuron_stream_picks)
{
    /* h.Random().Random123(1, 2, 3): picks 0..5 */
    static const uint32_t want[6] = {4212769771u, 983989504u, 536313978u, 543550740u,
                                     3343823633u, 2816359905u};
    struct crt_stream s;
    crt_stream_init(&s, 1, 2, 3);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(crt_stream_next(&s), want[i], "pick %d", i);
}

Test(philox, uniform_is_open_interval)
{
    struct crt_stream s;
    crt_stream_init(&s, 7, 8, 9);
    for (int i = 0; i < 10000; i++) {
        double u = crt_stream_uniform(&s);
        cr_assert(u > 0 && u < 1);
    }
    cr_assert_eq(((double)0 + 1.0) * (1.0 / 4294967297.0), 1.0 / 4294967297.0);
}

Test(philox, keyed_draws_do_not_depend_on_order)
{
    double a = crt_uniform_at(1, CRT_PURPOSE_CONNECT, 3, 5, 0);
    for (int i = 0; i < 100; i++)
        crt_uniform_at(1, CRT_PURPOSE_CONNECT, (uint32_t)i, 1, 0);
    cr_assert_eq(crt_uniform_at(1, CRT_PURPOSE_CONNECT, 3, 5, 0), a);
    cr_assert_neq(crt_uniform_at(2, CRT_PURPOSE_CONNECT, 3, 5, 0), a);
}
