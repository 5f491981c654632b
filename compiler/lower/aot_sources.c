/* aot_sources.c - a program's sources as bytes: records of a little-endian
 * 64-bit length, the bytes, and a NUL (so strings can be used in place):
 * magic, flags, the cell types' fingerprint (16 hex digits), overrides, main
 * path, the number of files (decimal: a cut between files is seen), then
 * path and text of every file in load order (the order the provenance hash
 * takes them in). */
#include "aot_sources.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#define MAGIC "circ-sources-3"      /* 3: files in load order, the model first */

struct buf {
    unsigned char *p;
    size_t n, cap;
};

static void put(struct buf *b, const void *data, size_t len)
{
    size_t need = b->n + 8 + len + 1;
    if (need > b->cap) {
        b->cap = need * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    for (int i = 0; i < 8; i++)
        b->p[b->n++] = (unsigned char)((uint64_t)len >> (8 * i));
    memcpy(b->p + b->n, data, len);
    b->n += len;
    b->p[b->n++] = 0;
}

static void put_str(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Is file `id` in the provenance hash? Every loaded file but the --set lines. */
static bool hashed(const struct front *f, int id)
{
    return strcmp(diag_file(f->diag, id)->path, "--set") != 0;
}

/* Does a program carry file `id`? Those hashed but the stdlib, which the
 * program has linked in. */
static bool carried(const struct front *f, int id)
{
    if (!hashed(f, id))
        return false;
    for (int i = 0; i < f->nprograms; i++)
        if (f->program_file[i] == id && f->is_stdlib[i])
            return false;
    return true;
}

unsigned char *aot_sources_encode(const struct front *f, bool globals_folded, uint64_t celltypes,
                                  size_t *len)
{
    struct buf b = {0};
    put_str(&b, MAGIC);
    char flags[4] = {f->opt.no_stdlib ? '1' : '0', f->opt.werror ? '1' : '0',
                     globals_folded ? '1' : '0', 0};
    put_str(&b, flags);
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)celltypes);
    put_str(&b, hex);
    put_str(&b, f->opt.overrides ? f->opt.overrides : "");
    put_str(&b, diag_file(f->diag, f->program_file[f->main_program])->path);
    int nfiles = 0;
    for (int id = 0; id < diag_nfiles(f->diag); id++)
        nfiles += carried(f, id);
    char count[16];
    snprintf(count, sizeof count, "%d", nfiles);
    put_str(&b, count);
    for (int id = 0; id < diag_nfiles(f->diag); id++) {
        if (!carried(f, id))
            continue;
        const struct srcfile *sf = diag_file(f->diag, id);
        put_str(&b, sf->path);
        put(&b, sf->text, sf->len);
    }
    *len = b.n;
    return b.p;
}

/* The next record: its bytes in place, or NULL at the end or when damaged. */
static const char *get(const unsigned char *buf, size_t len, size_t *at, size_t *n)
{
    if (len - *at < 8)
        return NULL;
    uint64_t k = 0;
    for (int i = 0; i < 8; i++)
        k |= (uint64_t)buf[*at + (size_t)i] << (8 * i);
    *at += 8;
    if (k >= len - *at || buf[*at + k] != 0)
        return NULL;
    const char *s = (const char *)buf + *at;
    *at += k + 1;
    *n = k;
    return s;
}

bool aot_sources_decode(const unsigned char *buf, size_t len, struct aot_sources *out)
{
    memset(out, 0, sizeof *out);
    size_t at = 0, n;
    const char *magic = get(buf, len, &at, &n);
    const char *flags = magic ? get(buf, len, &at, &n) : NULL;
    if (!flags || strcmp(magic, MAGIC) != 0 || n != 3)
        return false;
    out->no_stdlib = flags[0] == '1';
    out->werror = flags[1] == '1';
    out->globals_folded = flags[2] == '1';
    const char *hex = get(buf, len, &at, &n);
    char *end;
    if (!hex || n != 16)
        return false;
    out->celltypes = strtoull(hex, &end, 16);
    if (end != hex + 16)
        return false;
    if (!(out->overrides = get(buf, len, &at, &n)) || !(out->main_path = get(buf, len, &at, &n)))
        return false;
    const char *count = get(buf, len, &at, &n);
    long nfiles = count && n > 0 && n < 10 ? strtol(count, &end, 10) : -1;
    if (nfiles < 1 || end != count + n)
        return false;
    while (at < len) {
        size_t np, nt;
        const char *path = get(buf, len, &at, &np);
        const char *text = path ? get(buf, len, &at, &nt) : NULL;
        if (!text) {
            free(out->files);
            out->files = NULL;
            return false;
        }
        out->files = xrealloc(out->files, ((size_t)out->nfiles + 2) * sizeof *out->files);
        out->files[out->nfiles++] = (struct front_embedded){path, text, nt};
        out->files[out->nfiles].path = NULL;
    }
    if (out->nfiles == nfiles && strcmp(out->files[0].path, out->main_path) == 0)
        return true;
    free(out->files);
    out->files = NULL;
    return false;
}

static void hex_of(EVP_MD_CTX *ctx, char hex[AOT_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    for (unsigned i = 0; i < n && 2 * i + 2 < AOT_SHA256_HEX; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static EVP_MD_CTX *start(void)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        out_of_memory(sizeof(EVP_MD_CTX *));
    return ctx;
}

void aot_sources_sha256_front(const struct front *f, char hex[AOT_SHA256_HEX])
{
    EVP_MD_CTX *ctx = start();
    for (int id = 0; id < diag_nfiles(f->diag); id++)
        if (hashed(f, id))
            EVP_DigestUpdate(ctx, diag_file(f->diag, id)->text, diag_file(f->diag, id)->len);
    hex_of(ctx, hex);
}

/* The front loads the stdlib first, file by file (it imports nothing), then
 * the model and its imports: so the same bytes in the same order. */
void aot_sources_sha256(const struct aot_sources *s, char hex[AOT_SHA256_HEX])
{
    EVP_MD_CTX *ctx = start();
    for (const struct front_embedded *e = front_stdlib; !s->no_stdlib && e->path; e++)
        EVP_DigestUpdate(ctx, e->text, e->len);
    for (int i = 0; i < s->nfiles; i++)
        EVP_DigestUpdate(ctx, s->files[i].text, s->files[i].len);
    hex_of(ctx, hex);
}
