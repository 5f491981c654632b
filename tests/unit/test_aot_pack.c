/* test_aot_pack.c - what a program carries as one container: the parts come
 * back as packed; every cut is refused without reading outside the bytes;
 * every changed byte, sizes included, is refused by the sizes or the
 * checksum. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "aot_pack.h"

static const unsigned char model[] = "CIRCMDL2 a serialized model";
static const unsigned char sources[] = "circ-sources-3 and the files";

/* Unpacks and checks; true if the container is accepted whole. */
static bool accepted(const unsigned char *p, size_t n)
{
    const unsigned char *m, *s;
    size_t nm, ns;
    return aot_unpack(p, n, &m, &nm, &s, &ns) && aot_pack_intact(p, n);
}

Test(aot_pack, round_trip)
{
    size_t n;
    unsigned char *p = aot_pack(model, sizeof model, sources, sizeof sources, &n);
    const unsigned char *m, *s;
    size_t nm, ns;
    cr_assert(aot_unpack(p, n, &m, &nm, &s, &ns));
    cr_assert(aot_pack_intact(p, n));
    cr_assert_eq(nm, sizeof model);
    cr_assert_eq(ns, sizeof sources);
    cr_assert(memcmp(m, model, nm) == 0 && memcmp(s, sources, ns) == 0);
    free(p);
    /* empty parts are containers too */
    p = aot_pack(model, 0, sources, 0, &n);
    cr_assert(aot_unpack(p, n, &m, &nm, &s, &ns) && nm == 0 && ns == 0);
    cr_assert(aot_pack_intact(p, n));
    free(p);
}

Test(aot_pack, cuts_and_changed_bytes_are_refused)
{
    size_t n;
    unsigned char *p = aot_pack(model, sizeof model, sources, sizeof sources, &n);
    for (size_t k = 0; k < n; k++) {
        unsigned char *cut = malloc(k + 1);    /* exactly k bytes for ASan to watch */
        memcpy(cut, p, k);
        cr_assert_not(accepted(cut, k), "accepted %zu of %zu bytes", k, n);
        free(cut);
    }
    for (size_t k = 0; k < n; k++)
        for (int bit = 0; bit < 8; bit++) {
            p[k] ^= (unsigned char)(1 << bit);
            cr_assert_not(accepted(p, n), "byte %zu bit %d changed, accepted", k, bit);
            p[k] ^= (unsigned char)(1 << bit);
        }
    cr_assert(accepted(p, n));
    free(p);
}

/* Sizes that would reach past the end, or wrap around, are refused before
 * anything is read through them. */
Test(aot_pack, sizes_past_the_end)
{
    size_t n;
    unsigned char *p = aot_pack(model, sizeof model, sources, sizeof sources, &n);
    const unsigned char *m, *s;
    size_t nm, ns;
    size_t at = strlen("circ-program-1\n");
    static const unsigned char huge[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    for (int field = 0; field < 2; field++) {
        unsigned char keep[8];
        memcpy(keep, p + at + 8 * field, 8);
        memcpy(p + at + 8 * field, huge, 8);
        cr_assert_not(aot_unpack(p, n, &m, &nm, &s, &ns), "size %d all ones accepted", field);
        memcpy(p + at + 8 * field, keep, 8);
    }
    free(p);
}
