/* rt_rng.c - Philox4x32-10 and NEURON's Random123 streams (NUMERICS.md §7).
 *
 * Every random draw in circ comes from here: counter-based, so a draw
 * depends only on its key and counter, never on how cells are split among
 * threads or ranks.
 */
#include <math.h>
#include <openssl/evp.h>

#include "crt_model.h"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

void crt_philox(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n1 = (uint32_t)p1;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        uint32_t n3 = (uint32_t)p0;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void crt_stream_init(struct crt_stream *s, uint32_t id1, uint32_t id2, uint32_t id3)
{
    /* NEURON's counter is (seq, id3, id1, id2); key (globalindex = 0, 0) */
    s->ids[0] = 0;
    s->ids[1] = id3;
    s->ids[2] = id1;
    s->ids[3] = id2;
    s->which = 4;
}

uint32_t crt_stream_next(struct crt_stream *s)
{
    if (s->which >= 4) {
        static const uint32_t key[2] = {0, 0};
        crt_philox(s->ids, key, s->block);
        s->ids[0]++;            /* next sequence number for the next block */
        s->which = 0;
    }
    return s->block[s->which++];
}

double crt_stream_uniform(struct crt_stream *s)
{
    return ((double)crt_stream_next(s) + 1.0) * (1.0 / 4294967297.0);
}

double crt_uniform_at(uint32_t seed, uint32_t purpose, uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t ctr[4] = {a, b, c, purpose}, key[2] = {seed, 0}, out[4];
    crt_philox(ctr, key, out);
    return ((double)out[0] + 1.0) * (1.0 / 4294967297.0);
}

double crt_stream_pick(uint32_t id1, uint32_t id2, uint32_t id3, uint64_t k)
{
    static const uint32_t key[2] = {0, 0};
    uint32_t ctr[4] = {(uint32_t)(k / 4), id3, id1, id2}, out[4];
    crt_philox(ctr, key, out);
    return ((double)out[k % 4] + 1.0) * (1.0 / 4294967297.0);
}

/* ---- calls from generated code ----------------------------------------------- */

double crt_erand(struct crt_set *s, int64_t i)
{
    return -log(crt_stream_uniform(&s->streams[i]));
}

double crt_urand(struct crt_set *s, int64_t i)
{
    return crt_stream_uniform(&s->streams[i]);
}

/* Box-Muller on two uniforms of the stream. */
double crt_normrand(struct crt_set *s, int64_t i)
{
    double u1 = crt_stream_uniform(&s->streams[i]);
    double u2 = crt_stream_uniform(&s->streams[i]);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* NetPyNE's hashList: the first 8 hex digits of the MD5 digest of the gids
 * packed as C longs (8 bytes, little-endian, as on Linux), read as an
 * integer (NETPYNE_COMPAT.md §2); digested a block at a time. */
bool crt_hash_gids(const struct crt_gids *g, uint32_t *hash)
{
    enum { BLOCK = 4096 };
    unsigned char buf[8 * BLOCK], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
    for (int i = 0; ok && i < g->n; i += BLOCK) {
        int n = g->n - i < BLOCK ? g->n - i : BLOCK;
        for (int j = 0; j < n; j++) {
            uint64_t v = (uint64_t)(int64_t)g->gid[i + j];
            for (int b = 0; b < 8; b++)
                buf[8 * j + b] = (unsigned char)(v >> (8 * b));
        }
        ok = EVP_DigestUpdate(ctx, buf, 8 * (size_t)n);
    }
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen >= 4;
    EVP_MD_CTX_free(ctx);
    if (ok)
        *hash = (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | (uint32_t)md[2] << 8 | md[3];
    return ok;
}
