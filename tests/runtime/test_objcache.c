/* test_objcache.c - the JIT's machine-code cache: a second compile of the
 * same model comes from the cache and simulates bit-identically; a damaged
 * entry, another model's entry under this key's name, a FIFO or directory
 * there, other options, a disabled or unusable cache all fall back to
 * compiling; abandoned temporary files are cleaned up. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "engine.h"
#include "jit.h"
#include "objcache.h"
#include "../slurp.h"

#define MODEL SRCDIR "/tests/neuron/cases/mini_net.circ"

static char cache[] = "/tmp/circ-objcache-XXXXXX";

static void use_fresh_cache(void)
{
    cr_assert(mkdtemp(cache));
    setenv("CIRC_CACHE_DIR", cache, 1);
}

/* Compiles `model`, simulates it; returns whether the code came from the cache. */
static bool compile_and_run_model(const char *model, bool exact, struct crt_result *r)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = exact, .opt_level = 2};
    struct engine e;
    cr_assert(engine_open(&e, model, &fo, &co), "%s", diag_text(e.front->diag));
    bool cached = e.times.cached;
    cr_assert(crt_run(e.model, 0, r));
    engine_close(&e);
    return cached;
}

static bool compile_and_run(bool exact, struct crt_result *r)
{
    return compile_and_run_model(MODEL, exact, r);
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

static void copy_file(const char *from, const char *to)
{
    size_t n;
    char *bytes = slurp(from, &n);
    cr_assert(bytes);
    FILE *f = fopen(to, "wb");
    cr_assert(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
    free(bytes);
}

/* Entry A copied to B's file name (a whole, undamaged entry of another
 * model) is not loaded: B compiles afresh, runs as it should, and its own
 * entry replaces the copy. */
Test(objcache, entry_under_another_key_is_recompiled, .timeout = 120)
{
    static const char *const model_b = SRCDIR "/tests/neuron/cases/expsyn_regular.circ";
    use_fresh_cache();
    struct crt_result a, b_cold, b;
    char path_a[512], path_b[512];
    cr_assert_not(compile_and_run(true, &a));
    cr_assert_eq(entries(path_a, sizeof path_a), 1);
    cr_assert_not(compile_and_run_model(model_b, true, &b_cold));
    cr_assert_eq(entries(path_b, sizeof path_b), 2);
    if (strcmp(path_b, path_a) == 0) {      /* entries() gives the last in directory order */
        DIR *d = opendir(cache);
        struct dirent *de;
        while ((de = readdir(d)))
            if (strstr(de->d_name, ".o") &&
                strcmp(strrchr(path_a, '/') + 1, de->d_name) != 0)
                snprintf(path_b, sizeof path_b, "%s/%s", cache, de->d_name);
        closedir(d);
    }
    cr_assert_str_neq(path_a, path_b);
    copy_file(path_a, path_b);
    cr_assert_not(compile_and_run_model(model_b, true, &b), "A's entry was loaded as B's");
    assert_same(&b_cold, &b);
    crt_result_free(&b);
    cr_assert(!same_bytes(path_a, path_b), "B's entry was not replaced");
    cr_assert(compile_and_run_model(model_b, true, &b), "B's new entry is not used");
    assert_same(&b_cold, &b);
    crt_result_free(&b);
    cr_assert(compile_and_run(true, &b), "A's own entry is no longer used");
    assert_same(&a, &b);
    crt_result_free(&a);
    crt_result_free(&b);
    crt_result_free(&b_cold);
    remove_cache();
}

/* The same through the cache's own calls: an entry answers only to the key
 * it was stored under, whatever its file is called. */
Test(objcache, entry_answers_only_to_its_key)
{
    use_fresh_cache();
    char key_a[OBJCACHE_KEY_HEX], key_b[OBJCACHE_KEY_HEX], path_a[600], path_b[600];
    memset(key_a, 'a', OBJCACHE_KEY_HEX - 1);
    memset(key_b, 'b', OBJCACHE_KEY_HEX - 1);
    key_a[OBJCACHE_KEY_HEX - 1] = key_b[OBJCACHE_KEY_HEX - 1] = '\0';
    static const char code[] = "machine code of model A";
    LLVMMemoryBufferRef obj = LLVMCreateMemoryBufferWithMemoryRangeCopy(code, sizeof code, "a");
    objcache_put(key_a, obj);
    LLVMDisposeMemoryBuffer(obj);
    LLVMMemoryBufferRef got = objcache_get(key_a);
    cr_assert(got);
    cr_assert_eq(LLVMGetBufferSize(got), sizeof code);
    cr_assert(memcmp(LLVMGetBufferStart(got), code, sizeof code) == 0);
    LLVMDisposeMemoryBuffer(got);
    cr_assert_null(objcache_get(key_b), "an absent key hit");
    snprintf(path_a, sizeof path_a, "%s/%s.o", cache, key_a);
    snprintf(path_b, sizeof path_b, "%s/%s.o", cache, key_b);
    copy_file(path_a, path_b);
    cr_assert_null(objcache_get(key_b), "A's entry answered to B's key");
    cr_assert_eq(rename(path_a, path_b), 0);
    cr_assert_null(objcache_get(key_b), "A's entry, renamed, answered to B's key");
    cr_assert_null(objcache_get(key_a));
    remove_cache();
}

/* Something other than a regular file under an entry's name is a miss,
 * promptly: a FIFO (which a blocking open would wait on forever), a
 * directory.  Storing replaces the FIFO. */
Test(objcache, entry_that_is_no_file_is_a_miss, .timeout = 20)
{
    use_fresh_cache();
    char key[OBJCACHE_KEY_HEX], path[600];
    memset(key, 'c', OBJCACHE_KEY_HEX - 1);
    key[OBJCACHE_KEY_HEX - 1] = '\0';
    snprintf(path, sizeof path, "%s/%s.o", cache, key);
    cr_assert_eq(mkfifo(path, 0600), 0);
    cr_assert_null(objcache_get(key));
    static const char code[] = "machine code";
    LLVMMemoryBufferRef obj = LLVMCreateMemoryBufferWithMemoryRangeCopy(code, sizeof code, "c");
    objcache_put(key, obj);
    LLVMDisposeMemoryBuffer(obj);
    LLVMMemoryBufferRef got = objcache_get(key);
    cr_assert(got, "the FIFO was not replaced");
    cr_assert_eq(LLVMGetBufferSize(got), sizeof code);
    LLVMDisposeMemoryBuffer(got);
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(mkdir(path, 0700), 0);
    cr_assert_null(objcache_get(key));
    remove_cache();
}

/* The temporary file of a writer that died is removed by a later store
 * once it is an hour old; a younger one (a writer still at work) is kept. */
Test(objcache, abandoned_temporary_files_are_removed)
{
    use_fresh_cache();
    char old_tmp[600], young_tmp[600], key[OBJCACHE_KEY_HEX];
    snprintf(old_tmp, sizeof old_tmp, "%s/.tmp-AbCdEf", cache);
    snprintf(young_tmp, sizeof young_tmp, "%s/.tmp-GhIjKl", cache);
    copy_file(MODEL, old_tmp);
    copy_file(MODEL, young_tmp);
    struct utimbuf two_hours_ago = {time(NULL) - 7200, time(NULL) - 7200};
    cr_assert_eq(utime(old_tmp, &two_hours_ago), 0);
    memset(key, 'd', OBJCACHE_KEY_HEX - 1);
    key[OBJCACHE_KEY_HEX - 1] = '\0';
    static const char code[] = "machine code";
    LLVMMemoryBufferRef obj = LLVMCreateMemoryBufferWithMemoryRangeCopy(code, sizeof code, "d");
    objcache_put(key, obj);
    LLVMDisposeMemoryBuffer(obj);
    cr_assert(access(old_tmp, F_OK) != 0, "an abandoned temporary file was kept");
    cr_assert(access(young_tmp, F_OK) == 0, "a writer's temporary file was removed");
    LLVMMemoryBufferRef got = objcache_get(key);
    cr_assert(got);
    LLVMDisposeMemoryBuffer(got);
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
