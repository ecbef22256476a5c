/* fuzz_text.c: libFuzzer target for stages 2-4a on arbitrary bytes:
 * normaliser (valid NFC UTF-8 out, no NULs, monotone offset map),
 * splitter (ordered, in-range, non-empty sentences) and tokenizer (tokens
 * inside their sentence, in order, folded forms present). */
#include "fuzz_common.h"
#include "core/arena.h"
#include "normalize/normalize.h"
#include "split/split.h"
#include "tag/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_norm nm;
    if (dy_normalize(&a, (const char *)data, size, &nm) != 0) fz_fail("dy_normalize failed");
    fz_assert(nm.text && nm.map);
    fz_assert(nm.text[nm.len] == 0);
    fz_assert(memchr(nm.text, 0, nm.len) == NULL);
    if (!fz_valid_utf8(nm.text, nm.len)) fz_fail("normalised text is not valid UTF-8");
    fz_assert(nm.map[nm.len] == size);
    for (size_t i = 0; i < nm.len; i++) {
        fz_assert(nm.map[i] <= size);
        if (i && nm.map[i] < nm.map[i - 1]) fz_fail("map not monotone at %zu", i);
    }
    /* split with a small sentence cap and a small byte cap too */
    size_t maxb = size ? 8 + data[0] * 4 : 20000;
    int maxs = (int)(nm.len / 2 + 2);
    dy_span *sp = dy_arena_alloc(&a, (size_t)maxs * sizeof *sp);
    fz_assert(sp);
    for (int pass = 0; pass < 2; pass++) {
        int ns = dy_split(nm.text, nm.len, sp, maxs, pass ? maxb : 20000);
        fz_assert(ns >= 0 && ns <= maxs);
        uint32_t prev = 0;
        for (int i = 0; i < ns; i++) {
            if (!(sp[i].start < sp[i].end && sp[i].end <= nm.len && sp[i].start >= prev))
                fz_fail("bad span %d [%u,%u) len %zu prev %u", i, sp[i].start, sp[i].end, nm.len, prev);
            prev = sp[i].end;
            /* a sentence never starts or ends inside a UTF-8 sequence */
            fz_assert(((unsigned char)nm.text[sp[i].start] & 0xC0) != 0x80);
            fz_assert(sp[i].end == nm.len || ((unsigned char)nm.text[sp[i].end] & 0xC0) != 0x80);
            dy_token *tok = NULL;
            int trunc = 0, max = pass ? 5 : 400;
            int nt = dy_tokenize(&a, nm.text, sp[i].start, sp[i].end, &tok, max, &trunc);
            fz_assert(nt >= 0 && nt <= max);
            if (trunc && nt != max) fz_fail("truncated at %d tokens, below the cap %d", nt, max);
            uint32_t tp = sp[i].start;
            for (int k = 0; k < nt; k++) {
                const dy_token *t = &tok[k];
                if (!(t->start >= tp && t->start < t->end && t->end <= sp[i].end))
                    fz_fail("bad token %d [%u,%u) in sentence [%u,%u)", k, t->start, t->end, sp[i].start, sp[i].end);
                tp = t->end;
                fz_assert(t->text == nm.text + t->start);
                fz_assert(t->len == t->end - t->start);
                fz_assert(t->low && strlen(t->low) == t->lowlen);
                if (!fz_valid_utf8(t->text, t->len)) fz_fail("token %d is not valid UTF-8", k);
            }
        }
    }
    /* folding: never longer than the cap, valid UTF-8 for valid input */
    char buf[64];
    size_t fl = dy_fold_buf(nm.text, nm.len, buf, sizeof buf);
    fz_assert(fl < sizeof buf);
    size_t ol = 0;
    const char *f = dy_fold(&a, nm.text, nm.len, &ol);
    fz_assert(f && strlen(f) == ol);
    dy_arena_free(&a);
    return 0;
}
