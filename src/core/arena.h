/* arena.h: bump allocator for per-document and per-dictionary memory.
 * Everything a document needs while it flows through the pipeline is taken
 * from one arena and released at once when the document is done, so the
 * pipeline never frees piecemeal and a worker thread reuses its memory. */
#ifndef DY_ARENA_H
#define DY_ARENA_H
#include <stddef.h>

typedef struct dy_arena_block dy_arena_block;
typedef struct dy_arena {
    dy_arena_block *head;   /* current block (list of blocks, newest first) */
    size_t block_size;      /* default size of new blocks */
    size_t total;           /* bytes handed out since the last reset */
} dy_arena;

void dy_arena_init(dy_arena *a, size_t block_size);
/* Aligned allocation; returns NULL only when malloc fails. */
void *dy_arena_alloc(dy_arena *a, size_t n);
void *dy_arena_zalloc(dy_arena *a, size_t n);
char *dy_arena_strndup(dy_arena *a, const char *s, size_t n);
/* Keep the first block, free the others: memory stays flat across documents. */
void dy_arena_reset(dy_arena *a);
void dy_arena_free(dy_arena *a);
#endif
