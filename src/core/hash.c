/* hash.c: see hash.h.  Word-at-a-time multiplicative hash with a final
 * avalanche; linear probing.  Lookups are on the hot path of every stage
 * (lexicon, actor names, verb forms), so probing reads a dense array of
 * 32-bit hash tags first (4 bytes a slot: most probes stay in cache) and
 * touches the slot and the key bytes only when the tag matches. */
#include <stdlib.h>
#include <string.h>
#include "hash.h"

static inline uint64_t load8(const char *s) { uint64_t v; memcpy(&v, s, 8); return v; }
static inline uint64_t load4(const char *s) { uint32_t v; memcpy(&v, s, 4); return v; }

/* The first min(n, 8) bytes of s as one integer, with fixed-size loads only
 * (overlapping for n < 8).  For a given n it is one-to-one on those bytes,
 * so with the length compared too it decides equality of keys up to 8
 * bytes exactly. */
static inline uint64_t head_of(const char *s, size_t n)
{
    if (n >= 8) return load8(s);
    if (n >= 4) return load4(s) << 32 | load4(s + n - 4);
    if (n) return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n >> 1] << 8 | (unsigned char)s[n - 1];
    return 0;
}

uint32_t dy_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h ^= load8(s + i);
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    if (i < n) {
        h ^= head_of(s + i, n - i);
        h *= 0xbf58476d1ce4e5b9ULL;
    }
    h ^= h >> 29; h *= 0x94d049bb133111ebULL; h ^= h >> 32;
    return (uint32_t)h;
}

/* The tag stored for a hash: never 0, which marks a free slot. */
static inline uint32_t tag_of(uint32_t h) { return h ? h : 1; }

/* Load factor at most 3/4: with 4-byte tags a probe sequence rarely leaves
 * its cache line, and the smaller arrays stay in cache.  initial is only a
 * hint; the map grows as keys come (built once, at load time). */
static int too_full(size_t count, size_t cap) { return count * 4 > cap * 3; }

/* Bloom filter: a lookup of an absent key (most tokens are no actor name,
 * many no pattern word) usually ends on two bits of a filter small enough
 * to stay in cache, before the slot arrays are touched.  No false
 * negatives, so answers are unchanged. */
static inline void bloom_bits(const dy_hmap *m, uint32_t h, size_t *b1, size_t *b2)
{
    uint64_t x = (uint64_t)h * 0x9E3779B97F4A7C15ULL;
    *b1 = (size_t)(x >> (64 - m->blog));
    *b2 = (size_t)(x >> (64 - 2 * m->blog)) & (((size_t)1 << m->blog) - 1);
}
static inline int bloom_has(const dy_hmap *m, uint32_t h)
{
    size_t b1, b2;
    bloom_bits(m, h, &b1, &b2);
    return (m->bloom[b1 >> 6] >> (b1 & 63) & 1) && (m->bloom[b2 >> 6] >> (b2 & 63) & 1);
}
static inline void bloom_add(dy_hmap *m, uint32_t h)
{
    size_t b1, b2;
    bloom_bits(m, h, &b1, &b2);
    m->bloom[b1 >> 6] |= 1ULL << (b1 & 63);
    m->bloom[b2 >> 6] |= 1ULL << (b2 & 63);
}
static unsigned log2_of(size_t n) { unsigned k = 0; while (((size_t)1 << k) < n) k++; return k; }

int dy_hmap_init(dy_hmap *m, size_t initial)
{
    (void)initial;
    size_t cap = 16;
    m->slots = calloc(cap, sizeof *m->slots);
    m->tags = calloc(cap, sizeof *m->tags);
    m->key = calloc(cap, sizeof *m->key);
    m->bloom = calloc(cap * 8 / 64, sizeof *m->bloom);
    m->blog = log2_of(cap * 8);
    m->cap = cap;
    m->count = 0;
    dy_arena_init(&m->keys, 64 * 1024);
    if (!m->slots || !m->tags || !m->key || !m->bloom) {
        free(m->slots); free(m->tags); free(m->key); free(m->bloom);
        m->slots = NULL; m->tags = NULL; m->key = NULL; m->bloom = NULL;
        return -1;
    }
    return 0;
}

void dy_hmap_free(dy_hmap *m)
{
    free(m->slots);
    free(m->tags);
    free(m->key);
    free(m->bloom);
    m->slots = NULL;
    m->tags = NULL;
    m->key = NULL;
    m->bloom = NULL;
    dy_arena_free(&m->keys);
}

/* Index of the key's slot, or of the free slot where it would go. */
static inline size_t find(const dy_hmap *m, const char *key, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1;
    uint32_t tag = tag_of(h);
    uint64_t head = head_of(key, len);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t t = m->tags[i];
        if (!t) return i;
        if (t == tag) {
            const dy_hslot *s = &m->slots[i];
            if (s->len == len && s->head == head && (len <= 8 || memcmp(m->key[i] + 8, key + 8, len - 8) == 0)) return i;
        }
    }
}

int32_t dy_hmap_get_h(const dy_hmap *m, const char *key, size_t len, uint32_t h)
{
    if (!m->slots || !bloom_has(m, h)) return -1;
    size_t i = find(m, key, len, h);
    return m->tags[i] ? m->slots[i].val : -1;
}

int32_t dy_hmap_get(const dy_hmap *m, const char *key, size_t len)
{
    return dy_hmap_get_h(m, key, len, dy_hash_bytes(key, len));
}

const char *dy_hmap_key(const dy_hmap *m, const char *key, size_t len)
{
    if (!m->slots) return NULL;
    uint32_t h = dy_hash_bytes(key, len);
    if (!bloom_has(m, h)) return NULL;
    size_t i = find(m, key, len, h);
    return m->tags[i] ? m->key[i] : NULL;
}

static int grow(dy_hmap *m)
{
    size_t ncap = m->cap * 2;
    dy_hslot *ns = calloc(ncap, sizeof *ns);
    uint32_t *nt = calloc(ncap, sizeof *nt);
    const char **nk = calloc(ncap, sizeof *nk);
    uint64_t *nb = calloc(ncap * 8 / 64, sizeof *nb);
    if (!ns || !nt || !nk || !nb) { free(ns); free(nt); free(nk); free(nb); return -1; }
    free(m->bloom);
    m->bloom = nb;
    m->blog = log2_of(ncap * 8);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->tags[i]) continue;
        uint32_t h = dy_hash_bytes(m->key[i], m->slots[i].len);
        size_t j = h & (ncap - 1);
        while (nt[j]) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
        nt[j] = m->tags[i];
        nk[j] = m->key[i];
        bloom_add(m, h);
    }
    free(m->slots);
    free(m->tags);
    free(m->key);
    m->slots = ns;
    m->tags = nt;
    m->key = nk;
    m->cap = ncap;
    return 0;
}

int32_t dy_hmap_put(dy_hmap *m, const char *key, size_t len, int32_t val)
{
    if (!m->slots) return -2;
    if (too_full(m->count + 1, m->cap) && grow(m) != 0) return -2;
    uint32_t h = dy_hash_bytes(key, len);
    size_t i = find(m, key, len, h);
    dy_hslot *s = &m->slots[i];
    if (m->tags[i]) { int32_t old = s->val; s->val = val; return old; }
    char *k = dy_arena_strndup(&m->keys, key, len);
    if (!k) return -2;
    m->key[i] = k;
    s->head = head_of(key, len);
    s->len = (uint32_t)len;
    s->val = val;
    m->tags[i] = tag_of(h);
    bloom_add(m, h);
    m->count++;
    return -1;
}

/* 8 bytes at a time, each word mixed in with a multiply and xor-shift (the
 * fingerprint hashes the 10 MB tagger model, so bytewise FNV is too slow);
 * the tail and the length are mixed in last. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

uint64_t dy_hash64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;       /* read as little-endian on every host, so ids are the same everywhere */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&w, s + i, 8);
#else
        w = 0;
        for (int k = 7; k >= 0; k--) w = w << 8 | s[i + (size_t)k];
#endif
        h = (h ^ mix64(w + 0x9e3779b97f4a7c15ULL)) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    uint64_t t = 0;
    for (size_t k = 0; i + k < n; k++) t |= (uint64_t)s[i + k] << (8 * k);
    h = (h ^ mix64(t ^ ((uint64_t)n << 56) ^ 0x5bd1e995ULL)) * 0x100000001b3ULL;
    return mix64(h);
}
