/* test_aot_sources.c - the sources an ahead-of-time program carries: they
 * decode to what was loaded (imports included, stdlib left out), feed the
 * front end in place of the disk, damaged bytes are refused, and they hash
 * to the provenance SHA-256 of the front they came from (and only they do). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "aot_sources.h"

static const struct front_embedded files[] = {
    {"dir/cells.circ", "cell C { section soma { insert pas } }\n", 39},
    {"dir/model.circ", "import \"cells.circ\"\npopulation p of C { count = 2 }\n"
                       "simulation { duration = 10 ms }\n", 84},
    {NULL, NULL, 0},
};

Test(aot_sources, round_trip)
{
    struct front_options fo = {.stop_after = PASS_ALL, .files = files,
                               .overrides = "set pas.g = 0.001 S/cm2\n"};
    struct front *f = front_create(&fo);
    cr_assert(front_check_text(f, files[1].path, files[1].text, files[1].len), "%s",
              diag_text(f->diag));
    size_t n;
    unsigned char *buf = aot_sources_encode(f, true, 0x0123456789abcdefull, &n);
    struct aot_sources s;
    cr_assert(aot_sources_decode(buf, n, &s));
    cr_assert(s.globals_folded && !s.no_stdlib && !s.werror);
    cr_assert(s.celltypes == 0x0123456789abcdefull);
    cr_assert_str_eq(s.overrides, "set pas.g = 0.001 S/cm2\n");
    cr_assert_str_eq(s.main_path, "dir/model.circ");
    cr_assert_eq(s.nfiles, 2);      /* the stdlib is not carried */
    for (int i = 0; i < 2; i++) {   /* load order: the model, then its import */
        const struct front_embedded *want = &files[1 - i];
        cr_assert_str_eq(s.files[i].path, want->path);
        cr_assert_eq(s.files[i].len, want->len);
        cr_assert(memcmp(s.files[i].text, want->text, want->len) == 0);
    }
    cr_assert_null(s.files[2].path);
    /* every truncation and a flipped length byte are refused, never read past */
    for (size_t k = 0; k < n; k++) {
        unsigned char *cut = malloc(k + 1);
        memcpy(cut, buf, k);
        struct aot_sources t;
        cr_assert_not(aot_sources_decode(cut, k, &t), "accepted %zu of %zu bytes", k, n);
        free(cut);
    }
    /* every changed byte decodes or is refused, reading nothing outside buf
     * (ASan watches), and what decodes lies inside it */
    static const unsigned char flips[] = {0x01, 0x80, 0xff, 0x7f, 0x10};
    for (size_t k = 0; k < n; k++)
        for (size_t v = 0; v < sizeof flips; v++) {
            unsigned char *copy = malloc(n);
            memcpy(copy, buf, n);
            copy[k] ^= flips[v];
            struct aot_sources t;
            if (aot_sources_decode(copy, n, &t)) {
                cr_assert(t.nfiles >= 1);
                for (int i = 0; i < t.nfiles; i++)
                    cr_assert((const unsigned char *)t.files[i].text >= copy &&
                              (const unsigned char *)t.files[i].text + t.files[i].len < copy + n);
                free(t.files);
            }
            free(copy);
        }
    buf[23 + 12 + 25 + 1] ^= 0x40; /* after magic (23 bytes), flags (12), fingerprint (25):
                                      the overrides' length */
    struct aot_sources t;
    cr_assert_not(aot_sources_decode(buf, n, &t));
    free(s.files);
    free(buf);
    front_destroy(f);
}

/* The carried sources hash to the front's provenance hash (stdlib from this
 * binary, the --set lines left out); one changed byte in any file, or a
 * file more or less, gives another hash. */
static void check_hash(bool no_stdlib)
{
    struct front_options fo = {.stop_after = PASS_ALL, .files = files, .no_stdlib = no_stdlib,
                               .overrides = "set pas.g = 0.001 S/cm2\n"};
    struct front *f = front_create(&fo);
    front_check_text(f, files[1].path, files[1].text, files[1].len);
    char want[AOT_SHA256_HEX], got[AOT_SHA256_HEX];
    aot_sources_sha256_front(f, want);
    cr_assert_eq(strlen(want), 64);
    size_t n;
    unsigned char *buf = aot_sources_encode(f, false, 0, &n);
    struct aot_sources s;
    cr_assert(aot_sources_decode(buf, n, &s));
    cr_assert_eq(s.no_stdlib, no_stdlib);
    aot_sources_sha256(&s, got);
    cr_assert_str_eq(got, want);
    /* edit one byte of each file in turn (in a copy: the text points into buf) */
    for (int i = 0; i < s.nfiles; i++) {
        char *text = malloc(s.files[i].len);
        memcpy(text, s.files[i].text, s.files[i].len);
        const char *keep = s.files[i].text;
        text[s.files[i].len / 2] ^= 1;
        s.files[i].text = text;
        aot_sources_sha256(&s, got);
        cr_assert_str_neq(got, want, "file %d edited, same hash", i);
        s.files[i].text = keep;
        free(text);
    }
    s.nfiles--;
    aot_sources_sha256(&s, got);
    cr_assert_str_neq(got, want, "a file left out, same hash");
    /* the stdlib counts: the same files with the other stdlib setting differ */
    s.nfiles++;
    s.no_stdlib = !no_stdlib;
    aot_sources_sha256(&s, got);
    cr_assert_str_neq(got, want);
    free(s.files);
    free(buf);
    front_destroy(f);
}

Test(aot_sources, hash_is_the_provenance_hash)
{
    check_hash(false);
}

Test(aot_sources, hash_without_stdlib)
{
    check_hash(true);
}

/* An import missing from memory is still read from the disk (and reported
 * where it is written when absent). */
Test(aot_sources, missing_import_is_located)
{
    static const struct front_embedded only_model[] = {
        {"nowhere/model.circ", "import \"cells.circ\"\n", 20}, {NULL, NULL, 0}};
    struct front_options fo = {.stop_after = PASS_ALL, .files = only_model};
    struct front *f = front_create(&fo);
    cr_assert_not(front_check_text(f, only_model[0].path, only_model[0].text, only_model[0].len));
    cr_assert(strstr(diag_text(f->diag), "nowhere/model.circ:1:1: error: cannot read "
                     "'nowhere/cells.circ'"), "%s", diag_text(f->diag));
    front_destroy(f);
}

