/* simhash.c: two 64-bit SimHashes of a text's word 3-shingles.
 *
 * Why SimHash: a wire story reprinted by fifty outlets differs by a
 * headline, a line added or cut, a credit; its shingles are mostly the same,
 * so its SimHashes differ in a few bits, while different stories differ in
 * about half (64 of 128).  Two independent hashes (the shingle hash and a
 * re-mix of it) halve the variance of the distance, so a threshold that
 * keeps the recall of one hash merges far fewer different stories.
 * Sixteen bytes per story make the look-up (a scan of the recent stories
 * in source.c) cheap for a whole crawl.  Words are ASCII-lowercased
 * runs of letters and digits (other UTF-8 bytes kept), so punctuation,
 * spacing and case edits do not count.  The threshold (DY_COPY_DISTANCE)
 * was measured: see README "Copy detection". */
#include <ctype.h>
#include "ingest.h"

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static void add(int32_t *v, uint64_t s)
{
    for (int b = 0; b < 64; b++) v[b] += (s >> b) & 1 ? 1 : -1;
}

static uint64_t fold(const int32_t *v)
{
    uint64_t out = 0;
    for (int b = 0; b < 64; b++) if (v[b] > 0) out |= 1ULL << b;
    return out;
}

dy_sig dy_simhash(const char *text, size_t len)
{
    int32_t v[64] = { 0 }, u[64] = { 0 };
    uint64_t w[3] = { 0, 0, 0 };
    int nw = 0;
    size_t i = 0;
    const unsigned char *t = (const unsigned char *)text;
    for (;;) {
        while (i < len && !(isalnum(t[i]) || t[i] >= 0x80)) i++;
        if (i >= len) break;
        uint64_t h = 1469598103934665603ULL;
        while (i < len && (isalnum(t[i]) || t[i] >= 0x80)) {
            h ^= (uint64_t)tolower(t[i++]);
            h *= 1099511628211ULL;
        }
        w[0] = w[1]; w[1] = w[2]; w[2] = h;
        if (++nw < 3) continue;
        uint64_t s = mix(w[0] * 31 + mix(w[1]) * 17 + mix(w[2] ^ 0x9e3779b97f4a7c15ULL));
        add(v, s);
        add(u, mix(s ^ 0xd6e8feb86659fd93ULL));
    }
    if (nw > 0 && nw < 3) {   /* one or two words: hash them alone */
        uint64_t s = mix(w[1] * 31 + w[2]);
        add(v, s);
        add(u, mix(s ^ 0xd6e8feb86659fd93ULL));
    }
    dy_sig g = { fold(v), fold(u) };
    return g;
}
