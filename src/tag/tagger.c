/* tagger.c: stage 4, a greedy averaged-perceptron part-of-speech tagger.
 *
 * Why this design: the pipeline must tag millions of tokens per second on
 * one core, so the runtime does no allocation and builds no strings.  Each
 * token is hashed once (word, lowercase, prefixes, suffixes, shape: all
 * computed in one pass over its bytes with FNV-1a), and every feature is a
 * 64-bit mix of those per-token hashes with a template id.  Features live in
 * an open-addressing table (32-bit fingerprint + offset) pointing into a blob
 * of sparse (tag, int16 weight) lists, so only the tags a feature actually
 * votes for are touched (features voting for many tags are stored as dense
 * int16 rows and added with SIMD).  A lexicon lookup per token gives the
 * word's tag class (a feature for it and its neighbours) and, for frequent
 * unambiguous words, the tag itself without scoring.  The word-only features
 * of the next token are computed and prefetched while the current one is
 * scored, so the cache misses overlap.
 *
 * The model file is one read: a 64-byte header (magic, version, sizes,
 * checksum) followed by the slot table, the lexicon and the blob.  Every
 * offset is validated at load time, so a corrupt file gives an error, never
 * an out-of-bounds read at tagging time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "tagger_impl.h"

#define HUGE_PAGE ((size_t)2 << 20)

/* ---- features ----------------------------------------------------------- */


static const struct dy_tagtok START = {
    0x1111111111111111ULL, 0x2222222222222222ULL,
    {0x3333333333333331ULL, 0x3333333333333332ULL, 0x3333333333333333ULL, 0x3333333333333334ULL},
    {0x4444444444444441ULL, 0x4444444444444442ULL, 0x4444444444444443ULL, 0x4444444444444444ULL},
    0x5555555555555555ULL, 0x5555555555555556ULL, 0x5555555555555557ULL, 0x400u};
static const struct dy_tagtok END = {
    0x6666666666666666ULL, 0x7777777777777777ULL,
    {0x8888888888888881ULL, 0x8888888888888882ULL, 0x8888888888888883ULL, 0x8888888888888884ULL},
    {0x9999999999999991ULL, 0x9999999999999992ULL, 0x9999999999999993ULL, 0x9999999999999994ULL},
    0xAAAAAAAAAAAAAAAAULL, 0xAAAAAAAAAAAAAAABULL, 0xAAAAAAAAAAAAAAACULL, 0x800u};

const struct dy_tagtok *dy_tagger_start_tok(void) { return &START; }
const struct dy_tagtok *dy_tagger_end_tok(void) { return &END; }

/* 1 = double quote mark, 2 = single quote mark, 0 = not a quote token. */
static int quote_kind(const unsigned char *s, unsigned len)
{
    if (len == 1) return s[0] == '"' ? 1 : (s[0] == '\'' || s[0] == '`') ? 2 : 0;
    if (len == 2) {
        if ((s[0] == '`' && s[1] == '`') || (s[0] == '\'' && s[1] == '\'') || (s[0] == '"' && s[1] == '"')) return 1;
        return 0;
    }
    if (len == 3 && s[0] == 0xE2 && s[1] == 0x80) {
        if (s[2] == 0x9C || s[2] == 0x9D || s[2] == 0x9E) return 1;
        if (s[2] == 0x98 || s[2] == 0x99) return 2;
    }
    return 0;
}

void dy_tagger_prep(const char *w, unsigned len, int pos, unsigned qcount, struct dy_tagtok *tok)
{
    const unsigned char *s = (const unsigned char *)w;
    if (len == 0 || !s) { s = (const unsigned char *)""; len = 0; }
    unsigned flags = 0;
    int q = quote_kind(s, len);
    if (q) {
        s = (const unsigned char *)(q == 1 ? "\"" : "'");
        len = 1;
        flags |= DY_TF_QUOTE | ((qcount & 1u) << 9);
    }
    uint64_t hw = FNV0, hl = FNV0, hs = FNV0;
    unsigned last = 0, nshape = 0;
    for (unsigned i = 0; i < len; i++) {
        unsigned c = s[i], lc = c, cls;
        if (c >= 'A' && c <= 'Z') { lc = c + 32; cls = 'X'; flags |= 4; if (i == 0) flags |= 16; }
        else if (c >= 'a' && c <= 'z') { cls = 'x'; flags |= 8; }
        else if (c >= '0' && c <= '9') { cls = 'd'; flags |= 1; }
        else if (c >= 0x80) { flags |= 64; cls = (c & 0xC0) == 0x80 ? last : 'u'; }
        else { cls = c; if (c == '-') flags |= 2; else if (c == '.') flags |= 128; }
        hw = (hw ^ c) * FNVP;
        hl = (hl ^ lc) * FNVP;
        if (i < 4) tok->pre[i] = hl;
        if (cls != last && nshape < 8) { hs = (hs ^ cls) * FNVP; nshape++; }
        last = cls;
    }
    for (unsigned i = len; i < 4; i++) tok->pre[i] = hl ^ (0xF0ULL + i);
    uint64_t hx = FNV0;
    for (unsigned j = 1; j <= 4; j++) {
        if (j <= len) {
            unsigned c = s[len - j];
            if (c >= 'A' && c <= 'Z') c += 32;
            hx = (hx ^ c) * FNVP;
        } else {
            hx ^= 0xF0ULL + j;
        }
        tok->suf[j - 1] = hx;
    }
    if (pos == 0) flags |= 32;
    tok->word = hw;
    tok->lower = hl;
    tok->shape = hs;
    tok->flags = flags | DY_TF_OOV;
    tok->amb = fmix(0x5bd1e9955bd1e995ULL);
    tok->lamb = fmix(0x1b873593cc9e2d51ULL);
}

#define F1(t, h) fmix((h) + (uint64_t)(t) * GOLD)
#define F2(t, a, b) fmix((a) * 0xD6E8FEB86659FD93ULL + (b) + (uint64_t)(t) * GOLD)

int dy_tagger_feats(const struct dy_tagtok *p2, const struct dy_tagtok *p1, const struct dy_tagtok *c,
                    const struct dy_tagtok *n1, const struct dy_tagtok *n2, int t1, int t2, uint64_t mask, uint64_t *o)
{
    int k = 0;
    uint64_t ut1 = (uint64_t)t1 + 1, ut2 = (uint64_t)t2 + 1;
#define ADD(t, e) if (mask >> (t) & 1) o[k++] = (e)
    ADD(T_BIAS, F1(T_BIAS, 0));
    ADD(T_WORD, F1(T_WORD, c->word));
    ADD(T_LOWER, F1(T_LOWER, c->lower));
    ADD(T_PRE1, F1(T_PRE1, c->pre[0]));
    ADD(T_PRE2, F1(T_PRE2, c->pre[1]));
    ADD(T_PRE3, F1(T_PRE3, c->pre[2]));
    ADD(T_PRE4, F1(T_PRE4, c->pre[3]));
    ADD(T_SUF1, F1(T_SUF1, c->suf[0]));
    ADD(T_SUF2, F1(T_SUF2, c->suf[1]));
    ADD(T_SUF3, F1(T_SUF3, c->suf[2]));
    ADD(T_SUF4, F1(T_SUF4, c->suf[3]));
    ADD(T_SHAPE, F1(T_SHAPE, c->shape));
    ADD(T_FLAGS, F1(T_FLAGS, c->flags));
    ADD(T_T1, F1(T_T1, ut1));
    ADD(T_T2, F1(T_T2, ut2));
    ADD(T_T1T2, F1(T_T1T2, ut1 * 64 + ut2));
    ADD(T_T1W, F2(T_T1W, c->lower, ut1));
    ADD(T_P1W, F1(T_P1W, p1->lower));
    ADD(T_P1S3, F1(T_P1S3, p1->suf[2]));
    ADD(T_P2W, F1(T_P2W, p2->lower));
    ADD(T_N1W, F1(T_N1W, n1->lower));
    ADD(T_N1S3, F1(T_N1S3, n1->suf[2]));
    ADD(T_N2W, F1(T_N2W, n2->lower));
    ADD(T_P1WW, F2(T_P1WW, p1->lower, c->lower));
    ADD(T_WN1W, F2(T_WN1W, c->lower, n1->lower));
    ADD(T_N1SHAPE, F1(T_N1SHAPE, n1->shape));
    ADD(T_P1SHAPE, F1(T_P1SHAPE, p1->shape));
    ADD(T_T1S3, F2(T_T1S3, c->suf[2], ut1));
    ADD(T_T1N1W, F2(T_T1N1W, n1->lower, ut1));
    ADD(T_N1FLAGS, F1(T_N1FLAGS, n1->flags));
    ADD(T_N1S1, F1(T_N1S1, n1->suf[0]));
    ADD(T_N1S2, F1(T_N1S2, n1->suf[1]));
    ADD(T_N1P1, F1(T_N1P1, n1->pre[0]));
    ADD(T_N1P2, F1(T_N1P2, n1->pre[1]));
    ADD(T_P1S1, F1(T_P1S1, p1->suf[0]));
    ADD(T_P1S2, F1(T_P1S2, p1->suf[1]));
    ADD(T_P1FLAGS, F1(T_P1FLAGS, p1->flags));
    ADD(T_P1N1, F2(T_P1N1, p1->lower, n1->lower));
    ADD(T_T1T2W, F2(T_T1T2W, c->lower, ut1 * 64 + ut2));
    ADD(T_T2W, F2(T_T2W, c->lower, ut2));
    ADD(T_WN2, F2(T_WN2, c->lower, n2->lower));
    ADD(T_N1N2, F2(T_N1N2, n1->lower, n2->lower));
    ADD(T_P2P1, F2(T_P2P1, p2->lower, p1->lower));
    ADD(T_N2S3, F1(T_N2S3, n2->suf[2]));
    ADD(T_P2S3, F1(T_P2S3, p2->suf[2]));
    ADD(T_N1WORD, F1(T_N1WORD, n1->word));
    ADD(T_P1WORD, F1(T_P1WORD, p1->word));
    ADD(T_T1SHAPE, F2(T_T1SHAPE, c->shape, ut1));
    if (c->flags & 4) { /* has an uppercase letter: what the lowercase form is */
        ADD(T_LAMB, F1(T_LAMB, c->lamb));
        ADD(T_LAMBPOS, F2(T_LAMBPOS, c->lamb, c->flags & 0x30u));
    }
    ADD(T_AMB, F1(T_AMB, c->amb));
    ADD(T_N1AMB, F1(T_N1AMB, n1->amb));
    ADD(T_P1AMB, F1(T_P1AMB, p1->amb));
    ADD(T_N2AMB, F1(T_N2AMB, n2->amb));
    ADD(T_AMBT1, F2(T_AMBT1, c->amb, ut1));
    ADD(T_AMBN1, F2(T_AMBN1, c->amb, n1->amb));
    if (c->flags & DY_TF_OOV) {
        ADD(T_OOVS2, F1(T_OOVS2, c->suf[1]));
        ADD(T_OOVS3, F1(T_OOVS3, c->suf[2]));
        ADD(T_OOVS4, F1(T_OOVS4, c->suf[3]));
        ADD(T_OOVSHAPE, F1(T_OOVSHAPE, c->shape));
        ADD(T_OOVP2, F1(T_OOVP2, c->pre[1]));
    }
    if (c->flags & DY_TF_QUOTE) ADD(T_QUOTE, F2(T_QUOTE, c->word, (uint64_t)(c->flags >> 9 & 1) * 64 + ut1));
#undef ADD
    return k;
}

void dy_tagger_set_lclass(struct dy_tagtok *tok, uint64_t tagmask)
{
    tok->lamb = fmix(tagmask ^ 0x1b873593cc9e2d51ULL);
}

uint64_t dy_tagger_lowerkey(const struct dy_tagtok *c) { return F1(T_DICT, c->lower); }

void dy_tagger_set_class(struct dy_tagtok *tok, uint64_t tagmask)
{
    tok->amb = fmix(tagmask ^ 0x5bd1e9955bd1e995ULL);
    if (tagmask) tok->flags &= ~DY_TF_OOV;
    else tok->flags |= DY_TF_OOV;
}

uint64_t dy_tagger_default_templates(void) { return 0x6bfc0000f6ffffeeULL; }

uint64_t dy_tagger_dictkey(const struct dy_tagtok *c) { return F1(T_DICT, c->word); }

/* ---- loading ------------------------------------------------------------ */

static int build_pairs(dy_tagger *t);
static void tag_baseline(const dy_tagger *t, const char *const *words, const unsigned *lens, int n, unsigned char *tags_out);

static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Checksum of the body: 8 bytes at a time (the body length is a multiple of 8). */
static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = FNV0 ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) h = (h ^ rd64(p + i)) * 0x9FB21C651E98DF25ULL, h ^= h >> 29;
    for (; i < n; i++) h = (h ^ p[i]) * FNVP;
    return fmix(h);
}

/* Checksum of a whole model image, with the checksum field (bytes 40..47)
 * taken as zero. */
static uint64_t file_sum(const unsigned char *buf, size_t total)
{
    unsigned char h[HDR];
    memcpy(h, buf, HDR);
    memset(h + 40, 0, 8);
    return checksum(h, HDR) ^ (checksum(buf + HDR, total - HDR) * 0x9E3779B97F4A7C15ULL);
}

dy_tagger *dy_tagger_load(const char *path, char *err, size_t errlen)
{
#define FAIL(...) do { if (err && errlen) snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)
    dy_tagger *t = NULL;
    unsigned char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) { if (err && errlen) snprintf(err, errlen, "%s: cannot open tagger model: %s", path, strerror(errno)); return NULL; }
    if (fseek(f, 0, SEEK_END) != 0) FAIL("%s: cannot seek: %s", path, strerror(errno));
    long sz = ftell(f);
    if (sz < 0) FAIL("%s: cannot tell size: %s", path, strerror(errno));
    if ((unsigned long)sz < HDR) FAIL("%s: not a dyad tagger model (file too short: %ld bytes)", path, sz);
    if ((unsigned long)sz > (1UL << 30)) FAIL("%s: tagger model too large (%ld bytes)", path, sz);
    rewind(f);
    /* Tagging reads the tables at random, a few dozen lookups per token: in
     * 4 KiB pages nearly each one also misses the TLB.  2 MiB aligned, with
     * the kernel asked for huge pages (a hint: without them it is the same
     * memory). */
    if ((size_t)sz >= HUGE_PAGE) {
        size_t cap = ((size_t)sz + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        void *mem = NULL;
        if (posix_memalign(&mem, HUGE_PAGE, cap)) FAIL("%s: out of memory (%ld bytes)", path, sz);
        buf = mem;
#ifdef MADV_HUGEPAGE
        (void)madvise(buf, cap, MADV_HUGEPAGE);
#endif
    } else if (!(buf = malloc((size_t)sz))) FAIL("%s: out of memory (%ld bytes)", path, sz);
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) FAIL("%s: read error", path);
    fclose(f);
    f = NULL;
    if (memcmp(buf, MAGIC, 8) != 0) FAIL("%s: not a dyad tagger model (bad magic)", path);
    if (rd32(buf + 8) != VERSION) FAIL("%s: tagger model version %u, expected %u", path, rd32(buf + 8), VERSION);
    if (rd32(buf + 12) != 0x01020304u) FAIL("%s: tagger model has the wrong byte order", path);
    if (rd32(buf + 16) != DY_NTAGS) FAIL("%s: tagger model has %u tags, expected %d", path, rd32(buf + 16), DY_NTAGS);
    uint32_t nslots = rd32(buf + 20), ndict = rd32(buf + 24), bloblen = rd32(buf + 28);
    uint64_t valid = rd64(buf + 32), sum = rd64(buf + 40);
    uint64_t templates = rd64(buf + 52);
    if ((templates >> T_NTEMPL) || (templates & 1) || !templates) FAIL("%s: tagger model uses unknown feature templates (newer dyad?)", path);
    uint32_t rowlen = rd32(buf + 60);
    uint64_t need = (uint64_t)HDR + (uint64_t)nslots * 8 + (uint64_t)ndict * 24 + bloblen + rowlen;
    if (need != (uint64_t)sz) FAIL("%s: tagger model truncated or corrupt (size %ld, header says %llu)", path, sz, (unsigned long long)need);
    if (nslots == 0 || ndict == 0 || (bloblen & 7) || (rowlen % (2 * DENSE_N))) FAIL("%s: tagger model header corrupt", path);
    if (file_sum(buf, (size_t)sz) != sum) FAIL("%s: tagger model checksum mismatch (corrupt file)", path);
    t = calloc(1, sizeof *t);
    if (!t) FAIL("%s: out of memory", path);
    t->buf = buf;
    t->slots = (const struct slot *)(const void *)(buf + HDR);
    t->dict = (const struct dslot *)(const void *)(buf + HDR + (size_t)nslots * 8);
    t->blob = buf + HDR + (size_t)nslots * 8 + (size_t)ndict * 24;
    t->rows = (const int16_t *)(const void *)(t->blob + bloblen);
    t->rowlen = rowlen;
    t->nslots = nslots;
    t->templates = templates;
    t->ndict = ndict;
    t->bloblen = bloblen;
    /* Validate every slot so tagging never reads out of bounds. */
    uint32_t used = 0;
    for (uint32_t i = 0; i < nslots; i++) {
        uint32_t off = t->slots[i].off;
        if (off == EMPTY_OFF) continue;
        used++;
        if (off >= bloblen) FAIL("%s: tagger model corrupt (feature %u points outside the weights)", path, i);
        unsigned cnt = t->blob[off];
        if (cnt == DENSE) {
            if ((uint64_t)off + 1 + 2 * DENSE_N > bloblen) FAIL("%s: tagger model corrupt (feature %u has a bad weight list)", path, i);
            continue;
        }
        if (cnt == 0 || cnt > DY_NTAGS || (uint64_t)off + 1 + 3ULL * cnt > bloblen)
            FAIL("%s: tagger model corrupt (feature %u has a bad weight list)", path, i);
        for (unsigned j = 0; j < cnt; j++)
            if (t->blob[off + 1 + j] >= DY_NTAGS) FAIL("%s: tagger model corrupt (bad tag id)", path);
    }
    if (used >= nslots) FAIL("%s: tagger model corrupt (feature table full)", path);
    uint32_t dused = 0;
    for (uint32_t i = 0; i < ndict; i++) {
        const struct dslot *d = &t->dict[i];
        if (d->tag >= DY_NTAGS || (d->mask & 1) || (d->mask >> DY_NTAGS) || (!d->mask && d->tag) ||
            (d->row != EMPTY_OFF && (d->row % DENSE_N || ((uint64_t)d->row + DENSE_N) * 2 > rowlen)) ||
            (d->nb != EMPTY_OFF && (d->nb % DENSE_N || ((uint64_t)d->nb + NB_N * DENSE_N) * 2 > rowlen)))
            FAIL("%s: tagger model corrupt (bad lexicon entry %u)", path, i);
        if (d->mask) dused++;
    }
    if (dused >= ndict) FAIL("%s: tagger model corrupt (lexicon full)", path);
    t->nfeat = used;
    for (int k = 1; k < DY_NTAGS; k++)
        if (valid >> k & 1) { t->valid[t->nvalid++] = (unsigned char)k; t->vmask[k] = -1; }
    if (t->nvalid == 0) FAIL("%s: tagger model corrupt (no tags)", path);
    if (build_pairs(t) < 0) FAIL("%s: out of memory", path);
    /* the AVX2 loop where the CPU has it; DYAD_TAGGER_ISA=baseline forces the other (tests) */
    t->kernel = tag_baseline;
    t->isa = "baseline";
#if DY_AVX2_KERNEL
    {
        const char *want = getenv("DYAD_TAGGER_ISA");
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx2") && !(want && strcmp(want, "baseline") == 0)) {
            t->kernel = dy_tagger_tag_avx2;
            t->isa = "avx2";
        }
    }
#endif
    return t;
fail:
    if (f) fclose(f);
    free(buf);
    free(t);
    return NULL;
#undef FAIL
}

void dy_tagger_free(dy_tagger *t)
{
    if (!t) return;
    free(t->pairs);
    free(t->buf);
    free(t);
}

size_t dy_tagger_nfeatures(const dy_tagger *t) { return t ? t->nfeat : 0; }

/* ---- tagging ------------------------------------------------------------ */

#define KERNEL_NAME tag_baseline
#define KERNEL_LINKAGE static
#include "tagger_kernel.h"

/* Sum the pair features once per tag pair (DY_NTAGS^2 rows, ~290 KB), so
 * tagging adds one row instead of looking up four features.  Exact: when a
 * sum does not fit int16 there is no table.  -1 on out of memory. */
static int build_pairs(dy_tagger *t)
{
    uint64_t pm = t->templates & PAIR_TEMPLATES;
    t->pairs = NULL;
    if (!pm) return 0;
    int16_t *p = malloc((size_t)DY_NTAGS * DY_NTAGS * DENSE_N * sizeof *p);
    if (!p) return -1;
    for (int t1 = 0; t1 < DY_NTAGS; t1++)
        for (int t2 = 0; t2 < DY_NTAGS; t2++) {
            uint64_t f[DY_TAGGER_MAXFEATS];
            int nf = dy_tagger_feats(&START, &START, &START, &START, &START, t1, t2, pm, f);
            int32_t sc[DENSE_N] = {0};
            score(t, f, nf, NULL, 0, sc);
            int16_t *row = p + ((size_t)t1 * DY_NTAGS + t2) * DENSE_N;
            for (int j = 0; j < DENSE_N; j++) {
                if (sc[j] > 32767 || sc[j] < -32768) { free(p); return 0; }
                row[j] = (int16_t)sc[j];
            }
        }
    t->pairs = p;
    return 0;
}

uint64_t dy_tagger_own_templates(void) { return OWN_TEMPLATES; }
uint64_t dy_tagger_nb_templates(int which) { return which >= 0 && which < NB_N ? NB_TEMPLATES[which] : 0; }

void dy_tagger_tag(const dy_tagger *t, const char *const *words, const unsigned *lens, int n, unsigned char *tags_out)
{
    if (!t || n <= 0 || !words || !lens || !tags_out) return;
    t->kernel(t, words, lens, n, tags_out);
}

const char *dy_tagger_isa(const dy_tagger *t) { return t ? t->isa : ""; }

/* ---- writing ------------------------------------------------------------ */

/* Sum the weights of features f[0..n) (at most 16) into a row of int16,
 * clamped to +-32767; returns how many sums were clamped. */
static size_t sum_row(const dy_tagger *t, const uint64_t *f, int n, int16_t row[DENSE_N])
{
    int32_t sc[DENSE_N] = {0};
    size_t over = 0;
    score(t, f, n > 16 ? 16 : n, NULL, 0, sc);
    for (int j = 0; j < DENSE_N; j++) {
        int32_t v = sc[j] > 32767 ? 32767 : sc[j] < -32767 ? -32767 : sc[j];
        over += v != sc[j];
        row[j] = (int16_t)v;
    }
    return over;
}

/* Does lexicon entry d have features to cache as neighbour rows? */
static int has_nb(const struct dy_tagger_wdict *d)
{
    for (int r = 0; r < NB_N; r++) if (d->nnb[r] > 0) return 1;
    return 0;
}

int dy_tagger_write(const char *path, const struct dy_tagger_wfeat *f, size_t nf,
                    const struct dy_tagger_wdict *d, size_t nd, uint64_t valid, uint64_t templates,
                    size_t *clipped, char *err, size_t errlen)
{
    size_t nrows = 0; /* at most: own rows, then blocks of NB_N neighbour rows */
    for (size_t k = 0; k < nd; k++) nrows += d[k].mask ? (d[k].nown > 0) + (has_nb(&d[k]) ? NB_N : 0) : 0;
    size_t rowlen = nrows * DENSE_N * 2;
    if (clipped) *clipped = 0;
    uint32_t nslots = (uint32_t)(nf + nf / 2 + 16); /* load factor ~0.66 */
    uint32_t ndict = (uint32_t)(nd + nd / 2 + 16);
    size_t bloblen = 0;
    for (size_t i = 0; i < nf; i++) bloblen += f[i].n >= DENSE_MIN ? 1 + 2 * DENSE_N : 1 + 3 * (size_t)f[i].n;
    bloblen = (bloblen + 7) & ~(size_t)7;
    if (bloblen >= EMPTY_OFF) { snprintf(err, errlen, "%s: model too large", path); return -1; }
    size_t total = HDR + (size_t)nslots * 8 + (size_t)ndict * 24 + bloblen + rowlen;
    unsigned char *buf = calloc(1, total);
    if (!buf) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
    struct slot *slots = (struct slot *)(void *)(buf + HDR);
    struct dslot *dict = (struct dslot *)(void *)(buf + HDR + (size_t)nslots * 8);
    unsigned char *blob = buf + HDR + (size_t)nslots * 8 + (size_t)ndict * 24;
    unsigned char *rows = blob + bloblen;
    size_t nrow = 0;
    struct dy_tagger tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.slots = slots;
    tmp.nslots = nslots;
    tmp.blob = blob;
    for (uint32_t i = 0; i < nslots; i++) slots[i].off = EMPTY_OFF;
    size_t off = 0;
    for (size_t k = 0; k < nf; k++) {
        uint32_t key = (uint32_t)(f[k].hash >> 32), i = slot_of(f[k].hash, nslots);
        while (slots[i].off != EMPTY_OFF) {
            if (slots[i].key == key) break; /* fingerprint clash: keep the first */
            if (++i == nslots) i = 0;
        }
        if (slots[i].off != EMPTY_OFF) continue;
        slots[i].key = key;
        slots[i].off = (uint32_t)off;
        if (f[k].n >= DENSE_MIN) {
            int16_t dense[DENSE_N] = {0};
            for (int j = 0; j < f[k].n; j++) dense[f[k].tags[j]] = f[k].w[j];
            blob[off] = DENSE;
            memcpy(blob + off + 1, dense, sizeof dense);
            off += 1 + sizeof dense;
            continue;
        }
        blob[off] = (unsigned char)f[k].n;
        memcpy(blob + off + 1, f[k].tags, (size_t)f[k].n);
        memcpy(blob + off + 1 + f[k].n, f[k].w, 2 * (size_t)f[k].n);
        off += 1 + 3 * (size_t)f[k].n;
    }
    for (size_t k = 0; k < nd; k++) {
        uint32_t key = (uint32_t)(d[k].key >> 32), i = slot_of(d[k].key, ndict);
        if (!d[k].mask) continue;
        while (dict[i].mask && dict[i].key != key)
            if (++i == ndict) i = 0;
        if (dict[i].mask) continue;
        dict[i].key = key;
        dict[i].tag = d[k].tag;
        dict[i].mask = d[k].mask;
        dict[i].row = EMPTY_OFF;
        dict[i].nb = EMPTY_OFF;
        if (has_nb(&d[k])) {
            int16_t block[NB_N][DENSE_N];
            size_t over = 0;
            for (int r = 0; r < NB_N; r++) over += sum_row(&tmp, d[k].nb[r], d[k].nnb[r], block[r]);
            if (over) { if (clipped) (*clipped)++; }   /* not cached: looked up feature by feature */
            else {
                memcpy(rows + nrow * DENSE_N * 2, block, sizeof block);
                dict[i].nb = (uint32_t)(nrow * DENSE_N);
                nrow += NB_N;
            }
        }
        if (d[k].nown > 0) {
            int16_t row[DENSE_N];
            size_t over = sum_row(&tmp, d[k].own, d[k].nown, row);
            if (clipped) *clipped += over;
            memcpy(rows + nrow * DENSE_N * 2, row, sizeof row);
            dict[i].row = (uint32_t)(nrow * DENSE_N);
            nrow++;
        }
    }
    memcpy(buf, MAGIC, 8);
    uint32_t v32[6] = {VERSION, 0x01020304u, DY_NTAGS, nslots, ndict, (uint32_t)bloblen};
    memcpy(buf + 8, v32, sizeof v32);
    memcpy(buf + 32, &valid, 8);
    uint32_t nf32 = (uint32_t)nf;
    memcpy(buf + 48, &nf32, 4);
    memcpy(buf + 52, &templates, 8);
    uint32_t rl32 = (uint32_t)(nrow * DENSE_N * 2);
    memcpy(buf + 60, &rl32, 4);
    total -= rowlen - rl32;   /* blocks that overflowed were not stored */
    uint64_t sum = file_sum(buf, total);
    memcpy(buf + 40, &sum, 8);
    FILE *fp = fopen(path, "wb");
    if (!fp) { snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno)); free(buf); return -1; }
    int bad = fwrite(buf, 1, total, fp) != total;
    bad |= fclose(fp) != 0;
    free(buf);
    if (bad) { snprintf(err, errlen, "%s: write error", path); return -1; }
    return 0;
}
