/* objcache.c - see objcache.h.  An entry is a file <key>.o holding a magic
 * line, its key and a newline, the SHA-256 of the key and the object, then
 * the object.  The key is in the entry (and in its checksum) because the
 * file name is not: an entry renamed or copied to another key's name (a
 * cache directory shared or restored by hand) is another model's code. */
#include "config.h"

#include "objcache.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "rt_files.h"

#include <llvm-c/BitWriter.h>
#include <openssl/evp.h>

#define MAGIC "circ-object-3\n"     /* 2: entries hold a bundle of objects (jit.h);
                                       3: and record their key */
#define MAGIC_LEN (sizeof MAGIC - 1)
#define KEY_LEN (OBJCACHE_KEY_HEX - 1)
#define DIGEST_LEN 32
#define HEADER_LEN (MAGIC_LEN + KEY_LEN + 1 + DIGEST_LEN)
#define MAX_ENTRIES 256     /* the least recently used go beyond this */
#define STALE_TMP_SECONDS 3600
#define MAX_ENTRY_BYTES ((off_t)1 << 30)    /* larger files under an entry's name are not read */

/* An entry's checksum: SHA-256 of its key, then its object.  False only
 * when OpenSSL fails (out of memory), which the callers take as a miss. */
static bool entry_digest(const char *key, const void *obj, size_t n, unsigned char out[DIGEST_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int len = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
              EVP_DigestUpdate(ctx, key, KEY_LEN) && EVP_DigestUpdate(ctx, obj, n) &&
              EVP_DigestFinal_ex(ctx, out, &len) && len == DIGEST_LEN;
    EVP_MD_CTX_free(ctx);
    return ok;
}

static void digest_text(EVP_MD_CTX *ctx, const char *s)
{
    EVP_DigestUpdate(ctx, s, strlen(s) + 1);    /* with the NUL: fields cannot run together */
}

void objcache_key(const struct cg_result *r, const struct cg_options *opt,
                  char key[OBJCACHE_KEY_HEX])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    digest_text(ctx, MAGIC CIRC_VERSION " LLVM " CIRC_LLVM_VERSION);
    char *s = LLVMGetTargetMachineTriple(r->tm);
    digest_text(ctx, s);
    LLVMDisposeMessage(s);
    s = LLVMGetTargetMachineCPU(r->tm);
    digest_text(ctx, s);
    LLVMDisposeMessage(s);
    s = LLVMGetTargetMachineFeatureString(r->tm);
    digest_text(ctx, s);
    LLVMDisposeMessage(s);
    char flags[512];
    snprintf(flags, sizeof flags, "%s exact=%d object=%d", cg_pipeline(opt->opt_level),
             opt->exact, opt->object);
    digest_text(ctx, flags);
    LLVMMemoryBufferRef bc = LLVMWriteBitcodeToMemoryBuffer(r->module);
    EVP_DigestUpdate(ctx, LLVMGetBufferStart(bc), LLVMGetBufferSize(bc));
    LLVMDisposeMemoryBuffer(bc);
    unsigned char md[DIGEST_LEN];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    for (unsigned i = 0; i < DIGEST_LEN; i++)
        snprintf(key + 2 * i, 3, "%02x", md[i]);
}

/* The cache directory (created) into dir, or NULL when disabled or
 * unusable.  The caller's buffer: models compile on threads of their own
 * (the embedding API). */
static const char *cache_dir(char *dir, size_t size)
{
    const char *env = getenv("CIRC_CACHE_DIR");
    if (env) {
        if (!*env || strcmp(env, "off") == 0)
            return NULL;
        snprintf(dir, size, "%s", env);
    } else if ((env = getenv("XDG_CACHE_HOME")) && *env) {
        snprintf(dir, size, "%s/circ", env);
    } else if ((env = getenv("HOME")) && *env) {
        snprintf(dir, size, "%s/.cache/circ", env);
    } else {
        return NULL;
    }
    if (!rt_make_dirs(dir, 0700))
        return NULL;
    return dir;
}

/* The whole file at path if it is a regular file of an entry's size, else
 * NULL: opened without blocking, since a FIFO under an entry's name would
 * wait for a writer forever (and a device never end). */
static char *read_entry(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > (off_t)HEADER_LEN &&
        st.st_size <= MAX_ENTRY_BYTES && (data = malloc((size_t)st.st_size))) {
        *size = (size_t)st.st_size;
        size_t got = 0;
        ssize_t r = 1;
        while (got < *size && (r = read(fd, data + got, *size - got)) > 0)
            got += (size_t)r;
        if (got != *size) {     /* shortened while read: a miss */
            free(data);
            data = NULL;
        }
    }
    close(fd);
    return data;
}

LLVMMemoryBufferRef objcache_get(const char *key)
{
    char where[4096];
    const char *dir = cache_dir(where, sizeof where);
    if (!dir)
        return NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.o", dir, key);
    size_t size;
    char *data = read_entry(path, &size);
    if (!data)
        return NULL;
    /* a miss unless it is this version's entry, for this key, undamaged; the
     * compile that follows a miss replaces it */
    const char *recorded_key = data + MAGIC_LEN;
    const unsigned char *recorded_md = (const unsigned char *)recorded_key + KEY_LEN + 1;
    const char *obj = data + HEADER_LEN;
    size_t nobj = (size_t)size - HEADER_LEN;
    unsigned char md[DIGEST_LEN];
    LLVMMemoryBufferRef buf = NULL;
    if (memcmp(data, MAGIC, MAGIC_LEN) == 0 && strlen(key) == KEY_LEN &&
        memcmp(recorded_key, key, KEY_LEN) == 0 && recorded_key[KEY_LEN] == '\n' &&
        entry_digest(key, obj, nobj, md) && memcmp(recorded_md, md, DIGEST_LEN) == 0) {
        buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(obj, nobj, "circ_model.o");
        utime(path, NULL);  /* recently used */
    }
    free(data);
    return buf;
}

/* Removes the least recently used entries beyond MAX_ENTRIES, and the
 * temporary files of writers that died (killed between mkstemp and rename):
 * a write takes well under a second, so one an hour old is abandoned. */
static void prune(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct entry { char name[80]; time_t mtime; } *e = NULL;
    size_t n = 0, cap = 0;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        bool tmp = strncmp(de->d_name, ".tmp-", 5) == 0;
        if (!tmp && (len != OBJCACHE_KEY_HEX - 1 + 2 || strcmp(de->d_name + len - 2, ".o") != 0))
            continue;
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if ((tmp ? lstat(path, &st) : stat(path, &st)) != 0)
            continue;
        if (tmp) {
            if (S_ISREG(st.st_mode) && now - st.st_mtime > STALE_TMP_SECONDS)
                remove(path);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            struct entry *more = realloc(e, cap * sizeof *e);
            if (!more)
                break;      /* pruning can wait for the next store */
            e = more;
        }
        snprintf(e[n].name, sizeof e[n].name, "%s", de->d_name);
        e[n++].mtime = st.st_mtime;
    }
    closedir(d);
    while (n > MAX_ENTRIES) {
        size_t oldest = 0;
        for (size_t i = 1; i < n; i++)
            if (e[i].mtime < e[oldest].mtime)
                oldest = i;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, e[oldest].name);
        remove(path);
        e[oldest] = e[--n];
    }
    free(e);
}

void objcache_put(const char *key, LLVMMemoryBufferRef obj)
{
    char where[4096];
    const char *dir = cache_dir(where, sizeof where);
    if (!dir)
        return;
    const char *p = LLVMGetBufferStart(obj);
    size_t n = LLVMGetBufferSize(obj);
    unsigned char md[DIGEST_LEN];
    if (strlen(key) != KEY_LEN || !entry_digest(key, p, n, md))
        return;
    char tmp[4200], path[4200];
    snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir);
    snprintf(path, sizeof path, "%s/%s.o", dir, key);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        remove(tmp);
        return;
    }
    bool ok = fwrite(MAGIC, 1, MAGIC_LEN, f) == MAGIC_LEN &&
              fwrite(key, 1, KEY_LEN, f) == KEY_LEN && fputc('\n', f) == '\n' &&
              fwrite(md, 1, DIGEST_LEN, f) == DIGEST_LEN && fwrite(p, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    /* rename is atomic: a concurrent reader sees the old entry or the whole new one */
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return;
    }
    prune(dir);
}
