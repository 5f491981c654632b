/* test_objcache.c - the JIT's machine-code cache: a second compile of the
 * same model comes from the cache and simulates bit-identically; a damaged
 * entry, other options, a disabled or unusable cache all fall back to
 * compiling. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "jit.h"

#define MODEL SRCDIR "/tests/neuron/cases/mini_net.circ"

static char cache[] = "/tmp/circ-objcache-XXXXXX";

static void use_fresh_cache(void)
{
    cr_assert(mkdtemp(cache));
    setenv("CIRC_CACHE_DIR", cache, 1);
}

/* Compiles MODEL, simulates it; returns whether the code came from the cache. */
static bool compile_and_run(bool exact, struct crt_result *r)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, MODEL, &fo, &co), "%s", diag_text(e.front->diag));
    bool cached = e.times.cached;
    cr_assert(crt_run(e.model, 0, r));
    engine_close(&e);
    return cached;
}

static void assert_same(const struct crt_result *a, const struct crt_result *b)
{
    cr_assert_eq(a->nspikes, b->nspikes);
    cr_assert(a->nspikes > 0);
    cr_assert(memcmp(a->spike_t, b->spike_t, (size_t)a->nspikes * sizeof *a->spike_t) == 0);
    cr_assert_eq(a->ntraces, b->ntraces);
    cr_assert_eq(a->ntimes, b->ntimes);
    for (int i = 0; i < a->ntraces; i++)
        cr_assert(memcmp(a->trace[i], b->trace[i], (size_t)a->ntimes * sizeof(double)) == 0,
                  "trace %d differs", i);
}

/* The one entry in the cache directory (its path in `path`); count returned. */
static int entries(char *path, size_t len)
{
    DIR *d = opendir(cache);
    cr_assert(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".o")) {
            n++;
            snprintf(path, len, "%s/%s", cache, de->d_name);
        }
    closedir(d);
    return n;
}

static void remove_cache(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache);
    cr_assert_eq(system(cmd), 0);
}

Test(objcache, second_compile_is_cached_and_identical, .timeout = 120)
{
    use_fresh_cache();
    struct crt_result cold, warm;
    cr_assert_not(compile_and_run(true, &cold), "an empty cache cannot hit");
    char path[512];
    cr_assert_eq(entries(path, sizeof path), 1);
    cr_assert(compile_and_run(true, &warm), "the second compile did not use the cache");
    assert_same(&cold, &warm);
    crt_result_free(&cold);
    crt_result_free(&warm);
    /* other options are another key */
    cr_assert_not(compile_and_run(false, &cold));
    cr_assert_eq(entries(path, sizeof path), 2);
    crt_result_free(&cold);
    remove_cache();
}

Test(objcache, damaged_entry_is_recompiled, .timeout = 120)
{
    use_fresh_cache();
    struct crt_result cold, warm;
    cr_assert_not(compile_and_run(true, &cold));
    char path[512];
    cr_assert_eq(entries(path, sizeof path), 1);
    /* flip one byte in the middle of the machine code */
    FILE *f = fopen(path, "r+b");
    cr_assert(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, n / 2, SEEK_SET);
    int c = fgetc(f);
    fseek(f, n / 2, SEEK_SET);
    fputc(c ^ 0x5a, f);
    fclose(f);
    cr_assert_not(compile_and_run(true, &warm), "a damaged entry was used");
    assert_same(&cold, &warm);
    crt_result_free(&warm);
    /* the recompile replaced it */
    cr_assert(compile_and_run(true, &warm));
    assert_same(&cold, &warm);
    /* and a truncated entry is ignored too */
    f = fopen(path, "wb");
    cr_assert(f);
    fputs("circ-object-1\n", f);
    fclose(f);
    crt_result_free(&warm);
    cr_assert_not(compile_and_run(true, &warm));
    assert_same(&cold, &warm);
    crt_result_free(&cold);
    crt_result_free(&warm);
    remove_cache();
}

Test(objcache, disabled_or_unusable_cache_still_compiles, .timeout = 120)
{
    struct crt_result a, b;
    setenv("CIRC_CACHE_DIR", "off", 1);
    cr_assert_not(compile_and_run(true, &a));
    cr_assert_not(compile_and_run(true, &b));
    assert_same(&a, &b);
    crt_result_free(&b);
    setenv("CIRC_CACHE_DIR", "/proc/circ-cannot-be-created/cache", 1);
    cr_assert_not(compile_and_run(true, &b));
    cr_assert_not(compile_and_run(true, &b));
    assert_same(&a, &b);
    crt_result_free(&a);
    crt_result_free(&b);
}

/* Machine code travels as a bundle of objects (one per part compiled on its
 * own core); a damaged bundle is refused with a message, never linked. */
Test(jit, damaged_bundle_is_refused, .timeout = 120)
{
    setenv("CIRC_CACHE_DIR", "off", 1);
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, MODEL, &fo, &co), "%s", diag_text(e.front->diag));
    static const char junk[] = "\x7f" "ELF not really an object";
    LLVMMemoryBufferRef part = LLVMCreateMemoryBufferWithMemoryRangeCopy(junk, sizeof junk, "x");
    LLVMMemoryBufferRef parts[2] = {part, part};
    LLVMMemoryBufferRef bundle = jit_bundle(parts, 2);
    LLVMDisposeMemoryBuffer(part);
    /* cut short: the second object's size runs past the end */
    size_t n = LLVMGetBufferSize(bundle) - 5;
    LLVMMemoryBufferRef cut =
        LLVMCreateMemoryBufferWithMemoryRangeCopy(LLVMGetBufferStart(bundle), n, "cut");
    LLVMDisposeMemoryBuffer(bundle);
    struct diag_sink *d = e.front->diag;
    struct jit *j = jit_load(cg_host_machine(2, false, d), cut, e.model, d);
    cr_assert_null(j);
    cr_assert(strstr(diag_text(d), "internal error: JIT adding an object failed") ||
              strstr(diag_text(d), "damaged machine code bundle"), "%s", diag_text(d));
    /* not a bundle at all */
    LLVMMemoryBufferRef raw = LLVMCreateMemoryBufferWithMemoryRangeCopy(junk, sizeof junk, "raw");
    cr_assert_null(jit_load(cg_host_machine(2, false, d), raw, e.model, d));
    cr_assert(strstr(diag_text(d), "damaged machine code bundle"), "%s", diag_text(d));
    engine_close(&e);
    unsetenv("CIRC_CACHE_DIR");
}
