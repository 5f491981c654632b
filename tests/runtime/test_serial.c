/* test_serial.c - a model read back from damaged bytes (rt_serial.c): every
 * cut and changed byte gives a model or NULL and reads nothing outside what
 * it was given or allocated (run under ASan to see that); arrays of a fixed
 * size need exactly that size, and no array has a negative count. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static unsigned char *serialized(const char *model, size_t *n, struct engine *e)
{
    setenv("CIRC_CACHE_DIR", "off", 1);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    cr_assert(engine_open(e, model, &fo, &co), "%s", diag_text(e->front->diag));
    unsigned char *buf;
    *n = crt_model_serialize(e->model, &buf);
    return buf;
}

/* Where the first population's placement box starts (its count, 3, then
 * three doubles), found after the population's name, type, count and first
 * gid as rt_serial.c writes them. */
static size_t find_lo(const unsigned char *buf, size_t n, const struct crt_model *m)
{
    const struct crt_pop *p = &m->pops[0];
    size_t name = strlen(p->name);
    unsigned char pattern[256];
    cr_assert(name < 100);
    int64_t fields[] = {(int64_t)name, p->type, p->count, p->first_gid, 3};
    memcpy(pattern, &fields[0], 8);
    memcpy(pattern + 8, p->name, name);
    memcpy(pattern + 8 + name, &fields[1], 32);
    memcpy(pattern + 40 + name, p->lo, 24);
    size_t len = 64 + name;
    const unsigned char *at = memmem(buf, n, pattern, len);
    cr_assert(at, "the placement box is not in the bytes");
    cr_assert_null(memmem(at + 1, n - (size_t)(at + 1 - buf), pattern, len));
    return (size_t)(at - buf) + 32 + name;
}

Test(serial, damaged_bytes_read_nothing_outside, .timeout = 300)
{
    struct engine e;
    size_t n;
    unsigned char *buf = serialized(SRCDIR "/tests/runtime/cases/distance_rules.circ", &n, &e);
    struct crt_model *back = crt_model_deserialize(buf, n);
    cr_assert(back);
    crt_model_free(back);
    static const unsigned char flips[] = {0x01, 0x80, 0xff, 0x7f, 0x10};
    for (size_t k = 0; k < n; k++)
        for (size_t v = 0; v < sizeof flips; v++) {
            buf[k] ^= flips[v];
            crt_model_free(crt_model_deserialize(buf, n));
            buf[k] ^= flips[v];
        }
    for (size_t k = 0; k < n; k++) {
        unsigned char *cut = malloc(k + 1);     /* exactly k bytes for ASan to watch */
        memcpy(cut, buf, k);
        cr_assert_null(crt_model_deserialize(cut, k), "%zu of %zu bytes accepted", k, n);
        free(cut);
    }
    free(buf);
    engine_close(&e);
}

/* A placement box written with 1 value instead of 3 (the bytes after it
 * still in step) was copied as 3 from an allocation of 1 and accepted. */
Test(serial, fixed_size_array_needs_its_size, .timeout = 120)
{
    struct engine e;
    size_t n;
    unsigned char *buf = serialized(SRCDIR "/tests/neuron/cases/mini_net.circ", &n, &e);
    size_t at = find_lo(buf, n, e.model);
    unsigned char *short_box = malloc(n);
    int64_t one = 1;
    memcpy(short_box, buf, at);
    memcpy(short_box + at, &one, 8);
    memcpy(short_box + at + 8, buf + at + 8, 8);        /* lo[0] only */
    memcpy(short_box + at + 16, buf + at + 32, n - at - 32);
    cr_assert_null(crt_model_deserialize(short_box, n - 16));
    /* and a count of -1 (a NULL string's) is no array's */
    int64_t minus_one = -1;
    memcpy(buf + at, &minus_one, 8);
    cr_assert_null(crt_model_deserialize(buf, n));
    free(short_box);
    free(buf);
    engine_close(&e);
}
