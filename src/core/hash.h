/* hash.h: string-keyed open-addressing hash map (string -> int32 value).
 * Used by every dictionary (words, names, verb forms).  Keys are byte strings
 * (not NUL-terminated) copied into the map's own arena.  Built once, then
 * read-only: lookups are thread-safe once building is done. */
#ifndef DY_HASH_H
#define DY_HASH_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

/* A slot is 16 bytes (4 per cache line); the key text is only read for
 * keys longer than 8 bytes. */
typedef struct dy_hslot {
    uint64_t head;       /* the key's first bytes (head_of in hash.c) */
    uint32_t len;
    int32_t val;
} dy_hslot;
typedef struct dy_hmap {
    dy_hslot *slots;     /* NULL until dy_hmap_init succeeds */
    uint32_t *tags;      /* per slot: 0 = free, else the key's hash (0 stored as 1) */
    const char **key;    /* per slot: the key text (in the keys arena) */
    uint64_t *bloom;     /* 8 bits per slot, 2 set per key: most absent keys are answered here */
    unsigned blog;       /* log2 of the bloom filter's size in bits */
    size_t cap, count;   /* cap is a power of two */
    dy_arena keys;
} dy_hmap;

uint32_t dy_hash_bytes(const char *s, size_t n);
/* A 64-bit hash of n bytes continuing from h (start with DY_HASH64_SEED):
 * for event ids and the dictionary fingerprint, where 32 bits collide too
 * soon.  Not for adversarial input. */
#define DY_HASH64_SEED 0x9e3779b97f4a7c15ULL
uint64_t dy_hash64(uint64_t h, const void *p, size_t n);
int  dy_hmap_init(dy_hmap *m, size_t initial);
void dy_hmap_free(dy_hmap *m);
/* Value for key, or -1 when absent. */
int32_t dy_hmap_get(const dy_hmap *m, const char *key, size_t len);
/* Insert or overwrite; returns the previous value or -1; -2 on out of memory. */
int32_t dy_hmap_put(dy_hmap *m, const char *key, size_t len, int32_t val);
/* The same with the key's hash (dy_hash_bytes) computed by the caller, so
 * one hash serves several maps. */
int32_t dy_hmap_get_h(const dy_hmap *m, const char *key, size_t len, uint32_t h);
/* Start loading the cache line where a key of hash h is looked up first:
 * issued for a batch of keys before their lookups, the misses overlap. */
static inline void dy_hmap_prefetch(const dy_hmap *m, uint32_t h)
{
#if defined(__GNUC__) || defined(__clang__)
    if (m->tags) __builtin_prefetch(&m->tags[h & (m->cap - 1)]);
#else
    (void)m; (void)h;
#endif
}
/* The map's own copy of a key that is present (NULL when absent). */
const char *dy_hmap_key(const dy_hmap *m, const char *key, size_t len);
#endif
