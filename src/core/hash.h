/* hash.h: string-keyed open-addressing hash map (string -> int32 value).
 * Used by every dictionary (words, names, verb forms).  Keys are byte strings
 * (not NUL-terminated) copied into the map's own arena.  Built once, then
 * read-only: lookups are thread-safe once building is done. */
#ifndef DY_HASH_H
#define DY_HASH_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct dy_hslot { const char *key; uint32_t len; uint32_t hash; int32_t val; } dy_hslot;
typedef struct dy_hmap {
    dy_hslot *slots;
    size_t cap, count;   /* cap is a power of two */
    dy_arena keys;
} dy_hmap;

uint32_t dy_hash_bytes(const char *s, size_t n);
int  dy_hmap_init(dy_hmap *m, size_t initial);
void dy_hmap_free(dy_hmap *m);
/* Value for key, or -1 when absent. */
int32_t dy_hmap_get(const dy_hmap *m, const char *key, size_t len);
/* Insert or overwrite; returns the previous value or -1; -2 on out of memory. */
int32_t dy_hmap_put(dy_hmap *m, const char *key, size_t len, int32_t val);
/* The map's own copy of a key that is present (NULL when absent). */
const char *dy_hmap_key(const dy_hmap *m, const char *key, size_t len);
#endif
