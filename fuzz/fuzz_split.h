/* fuzz_split.h: the "\n===\n" record split of the multi-file fuzz inputs.
 *
 * fuzz_verbdict.c cuts its input with it, and tests/test_fuzz_seeds.c cuts
 * the committed seeds the same way to check they still reach the loader's
 * code they were written for; one definition keeps the two from drifting.
 * Self-contained (string.h only, nothing of fuzz_common.h) so the test
 * build can include it as "../fuzz/fuzz_split.h". */
#ifndef DY_FUZZ_SPLIT_H
#define DY_FUZZ_SPLIT_H
#include <stddef.h>
#include <string.h>

/* Offset of the first "\n===\n" in b[from..n), or n when there is none. */
static inline size_t fz_sep(const void *b, size_t from, size_t n)
{
    const char *p = (const char *)b;
    for (size_t i = from; i + 5 <= n; i++)
        if (memcmp(p + i, "\n===\n", 5) == 0) return i;
    return n;
}

/* Part k (0-based) of b[0..n) cut at "\n===\n": its offset, and its length in *len
 * (the last part runs to n; a part past the last is empty, at n). */
static inline size_t fz_part(const void *b, size_t n, int k, size_t *len)
{
    size_t start = 0;
    for (int i = 0;; i++) {
        size_t j = fz_sep(b, start, n);
        if (i == k) { *len = j - start; return start; }
        if (j == n) { *len = 0; return n; }
        start = j + 5;
    }
}

/* A fuzz_verbdict input: forms.txt [=== classes.txt] === pattern file.  Fills
 * off[0..3) and len[0..3) with forms.txt, classes.txt and the pattern file;
 * returns 0 when there is no classes.txt (one separator or none: with none,
 * forms.txt is empty and the whole input is the pattern file), else 1. */
static inline int fz_verbdict_parts(const void *b, size_t n, size_t off[3], size_t len[3])
{
    size_t cut = fz_sep(b, 0, n), cut2 = cut < n ? fz_sep(b, cut + 5, n) : n;
    off[0] = 0; len[0] = cut < n ? cut : 0;
    if (cut2 < n) {
        off[1] = cut + 5; len[1] = cut2 - cut - 5;
        off[2] = cut2 + 5; len[2] = n - cut2 - 5;
        return 1;
    }
    off[1] = len[1] = 0;
    off[2] = cut < n ? cut + 5 : 0; len[2] = cut < n ? n - cut - 5 : n;
    return 0;
}
#endif
