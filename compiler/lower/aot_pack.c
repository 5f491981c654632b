/* aot_pack.c - see aot_pack.h.  Layout: the magic line, the model's and the
 * sources' sizes (little-endian 64-bit), the model, the sources, then the
 * SHA-256 of everything before it. */
#include "aot_pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "arena.h"

#define MAGIC "circ-program-1\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define HEADER_LEN (MAGIC_LEN + 16)
#define DIGEST_LEN 32

static void put_u64(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

static void sha256(const unsigned char *p, size_t n, unsigned char out[DIGEST_LEN])
{
    unsigned int len = 0;
    if (!EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) || len != DIGEST_LEN)
        out_of_memory(n);
}

unsigned char *aot_pack(const unsigned char *model, size_t nmodel, const unsigned char *sources,
                        size_t nsources, size_t *len)
{
    size_t n = HEADER_LEN + nmodel + nsources + DIGEST_LEN;
    unsigned char *p = xmalloc(n);
    memcpy(p, MAGIC, MAGIC_LEN);
    put_u64(p + MAGIC_LEN, nmodel);
    put_u64(p + MAGIC_LEN + 8, nsources);
    memcpy(p + HEADER_LEN, model, nmodel);
    memcpy(p + HEADER_LEN + nmodel, sources, nsources);
    sha256(p, n - DIGEST_LEN, p + n - DIGEST_LEN);
    *len = n;
    return p;
}

bool aot_unpack(const unsigned char *pack, size_t len, const unsigned char **model,
                size_t *nmodel, const unsigned char **sources, size_t *nsources)
{
    if (len < HEADER_LEN + DIGEST_LEN || memcmp(pack, MAGIC, MAGIC_LEN) != 0)
        return false;
    uint64_t nm = get_u64(pack + MAGIC_LEN), ns = get_u64(pack + MAGIC_LEN + 8);
    size_t room = len - HEADER_LEN - DIGEST_LEN;
    if (nm > room || ns != room - nm)   /* no overflow: each compared with what is left */
        return false;
    *model = pack + HEADER_LEN;
    *nmodel = (size_t)nm;
    *sources = pack + HEADER_LEN + nm;
    *nsources = (size_t)ns;
    return true;
}

bool aot_pack_intact(const unsigned char *pack, size_t len)
{
    if (len < DIGEST_LEN)
        return false;
    unsigned char md[DIGEST_LEN];
    sha256(pack, len - DIGEST_LEN, md);
    return memcmp(md, pack + len - DIGEST_LEN, DIGEST_LEN) == 0;
}
