/* arena.c: see arena.h. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "arena.h"

struct dy_arena_block {
    dy_arena_block *next;
    size_t size, used;
    max_align_t data[];
};

void dy_arena_init(dy_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

void *dy_arena_alloc(dy_arena *a, size_t n)
{
    size_t al = sizeof(max_align_t);
    n = (n + al - 1) / al * al;
    if (n == 0) n = al;
    dy_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t sz = n > a->block_size ? n : a->block_size;
        dy_arena_block *nb = malloc(sizeof *nb + sz);
        if (!nb) return NULL;
        nb->size = sz;
        nb->used = 0;
        if (b && n > a->block_size) {
            /* big one-off: keep the current block in front for small allocations */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            a->total += n;
            return (char *)nb->data;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

void *dy_arena_zalloc(dy_arena *a, size_t n)
{
    void *p = dy_arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

char *dy_arena_strndup(dy_arena *a, const char *s, size_t n)
{
    char *p = dy_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void dy_arena_reset(dy_arena *a)
{
    dy_arena_block *b = a->head;
    if (!b) return;
    /* keep the last (oldest) block when it is normal-sized: an oversized one
     * (a long document's text) would otherwise stay allocated for good */
    dy_arena_block *keep = NULL;
    while (b) {
        dy_arena_block *next = b->next;
        if (!keep && b->size == a->block_size && next == NULL) keep = b;
        else free(b);
        b = next;
    }
    if (keep) { keep->next = NULL; keep->used = 0; }
    a->head = keep;
    a->total = 0;
}

void dy_arena_free(dy_arena *a)
{
    dy_arena_block *b = a->head;
    while (b) {
        dy_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
