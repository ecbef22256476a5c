/* hash.c: see hash.h.  FNV-1a variant with a final avalanche; linear probing. */
#include <stdlib.h>
#include <string.h>
#include "hash.h"

uint32_t dy_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    h ^= h >> 29; h *= 0xbf58476d1ce4e5b9ULL; h ^= h >> 32;
    return (uint32_t)h;
}

int dy_hmap_init(dy_hmap *m, size_t initial)
{
    size_t cap = 16;
    while (cap < initial * 2) cap <<= 1;
    m->slots = calloc(cap, sizeof *m->slots);
    m->cap = cap;
    m->count = 0;
    dy_arena_init(&m->keys, 64 * 1024);
    return m->slots ? 0 : -1;
}

void dy_hmap_free(dy_hmap *m)
{
    free(m->slots);
    m->slots = NULL;
    dy_arena_free(&m->keys);
}

static const dy_hslot *find(const dy_hmap *m, const char *key, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const dy_hslot *s = &m->slots[i];
        if (!s->key) return s;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) return s;
    }
}

int32_t dy_hmap_get(const dy_hmap *m, const char *key, size_t len)
{
    if (!m->slots) return -1;
    const dy_hslot *s = find(m, key, len, dy_hash_bytes(key, len));
    return s->key ? s->val : -1;
}

const char *dy_hmap_key(const dy_hmap *m, const char *key, size_t len)
{
    if (!m->slots) return NULL;
    return find(m, key, len, dy_hash_bytes(key, len))->key;
}

static int grow(dy_hmap *m)
{
    size_t ncap = m->cap * 2;
    dy_hslot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < m->cap; i++) {
        dy_hslot *s = &m->slots[i];
        if (!s->key) continue;
        size_t j = s->hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

int32_t dy_hmap_put(dy_hmap *m, const char *key, size_t len, int32_t val)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -2;
    uint32_t h = dy_hash_bytes(key, len);
    dy_hslot *s = (dy_hslot *)find(m, key, len, h);
    if (s->key) { int32_t old = s->val; s->val = val; return old; }
    char *k = dy_arena_strndup(&m->keys, key, len);
    if (!k) return -2;
    s->key = k; s->len = (uint32_t)len; s->hash = h; s->val = val;
    m->count++;
    return -1;
}
