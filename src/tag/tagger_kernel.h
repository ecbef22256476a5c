/* tagger_kernel.h: the tagging loop of tagger.c and everything it inlines
 * (feature lookup, SIMD sums, best tag, lexicon).  Included twice: by
 * tagger.c for the baseline instruction set (SSE2 on x86-64) and by
 * tagger_avx2.c, compiled with -mavx2, where a dense row is 7 sign-extending
 * loads and 7 adds instead of 42 instructions.  Both compute the same
 * integer sums, so they give the same tags (tests/test_tagger.c checks).
 * The includer defines KERNEL_NAME (and KERNEL_LINKAGE) first. */
#include <string.h>
#include "tagger_impl.h"
#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Record (count, tags, weights) of feature h in the blob, or NULL. */
static inline const unsigned char *find_feature(const dy_tagger *t, uint64_t h)
{
    uint32_t key = (uint32_t)(h >> 32), i = slot_of(h, t->nslots);
    for (;;) {
        const struct slot *s = &t->slots[i];
        if (s->off == EMPTY_OFF) return NULL;
        if (s->key == key) return t->blob + s->off;
        if (++i == t->nslots) i = 0;
    }
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define PREFETCH(p) ((void)(p))
#define ALWAYS_INLINE static inline
#endif

/* An accumulator of DENSE_N int32 sums kept in registers: acc_row adds a
 * row of DENSE_N int16 weights (any alignment), acc_add_to adds the sums to
 * sc.  With AVX2 a row is 7 sign-extending loads and 7 adds; with SSE2, 7
 * loads and 35 shuffles and adds; otherwise plain C. */
/* (written out 7 times, not looped: a loop over an array of vectors keeps
 * them in memory instead of registers) */
#define X7(S) S(0) S(1) S(2) S(3) S(4) S(5) S(6)
#if defined(__AVX2__)
typedef struct { __m256i a0, a1, a2, a3, a4, a5, a6; } acc_t;
ALWAYS_INLINE void acc_zero(acc_t *c)
{
#define Z(j) c->a##j = _mm256_setzero_si256();
    X7(Z)
#undef Z
}
ALWAYS_INLINE void acc_row(acc_t *c, const unsigned char *q)
{
#define R(j) c->a##j = _mm256_add_epi32(c->a##j, _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(q + 16 * j))));
    X7(R)
#undef R
}
ALWAYS_INLINE void acc_add_to(const acc_t *c, int32_t *sc)
{
#define O(j) _mm256_storeu_si256((__m256i *)(void *)(sc + 8 * j), \
                                 _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(sc + 8 * j)), c->a##j));
    X7(O)
#undef O
}
#elif defined(__SSE2__)
typedef struct { __m128i l0, h0, l1, h1, l2, h2, l3, h3, l4, h4, l5, h5, l6, h6; } acc_t;
ALWAYS_INLINE void acc_zero(acc_t *c)
{
#define Z(j) c->l##j = c->h##j = _mm_setzero_si128();
    X7(Z)
#undef Z
}
ALWAYS_INLINE void acc_row(acc_t *c, const unsigned char *q)
{
#define R(j) { __m128i v_ = _mm_loadu_si128((const __m128i *)(const void *)(q + 16 * j)), s_ = _mm_srai_epi16(v_, 15); \
               c->l##j = _mm_add_epi32(c->l##j, _mm_unpacklo_epi16(v_, s_)); \
               c->h##j = _mm_add_epi32(c->h##j, _mm_unpackhi_epi16(v_, s_)); }
    X7(R)
#undef R
}
ALWAYS_INLINE void acc_add_to(const acc_t *c, int32_t *sc)
{
#define O(j) { __m128i *o_ = (__m128i *)(void *)(sc + 8 * j); \
               _mm_storeu_si128(o_, _mm_add_epi32(_mm_loadu_si128(o_), c->l##j)); \
               _mm_storeu_si128(o_ + 1, _mm_add_epi32(_mm_loadu_si128(o_ + 1), c->h##j)); }
    X7(O)
#undef O
}
#else
typedef struct { int32_t a[DENSE_N]; } acc_t;
ALWAYS_INLINE void acc_zero(acc_t *c) { memset(c->a, 0, sizeof c->a); }
ALWAYS_INLINE void acc_row(acc_t *c, const unsigned char *q)
{
    for (int j = 0; j < DENSE_N; j++) {
        int16_t v;
        memcpy(&v, q + 2 * j, 2);
        c->a[j] += v;
    }
}
ALWAYS_INLINE void acc_add_to(const acc_t *c, int32_t *sc) { for (int j = 0; j < DENSE_N; j++) sc[j] += c->a[j]; }
#endif

/* Sum into sc the weights of nf features and nx cached rows (DENSE_N int16
 * each).  Three passes so that the cache misses of one pass overlap:
 * prefetch the slots, find the records (and prefetch them), then add.  Rows
 * and dense records are summed in registers (acc_t) and stored once; integer
 * sums, so the order is free. */
ALWAYS_INLINE void score(const dy_tagger *t, const uint64_t *f, int nf, const int16_t *const *xrow, int nx, int32_t *sc)
{
    const unsigned char *rec[DY_TAGGER_MAXFEATS];
    int nr = 0;
    for (int k = 0; k < nf; k++) PREFETCH(&t->slots[slot_of(f[k], t->nslots)]);
    for (int k = 0; k < nf; k++) {
        const unsigned char *p = find_feature(t, f[k]);
        if (p) { PREFETCH(p); rec[nr++] = p; }
    }
    /* dense records and rows are summed in registers, sparse ones in sc */
    acc_t acc;
    acc_zero(&acc);
    for (int k = 0; k < nx; k++) acc_row(&acc, (const unsigned char *)xrow[k]);
    for (int k = 0; k < nr; k++) {
        const unsigned char *p = rec[k];
        unsigned n = p[0];
        if (n == DENSE) { acc_row(&acc, p + 1); continue; }
        const unsigned char *tg = p + 1, *w = p + 1 + n;
        for (unsigned j = 0; j < n; j++) {
            int16_t v;
            memcpy(&v, w + 2 * j, 2);
            sc[tg[j]] += v;
        }
    }
    acc_add_to(&acc, sc);
}

/* The tag with the highest score among the valid ones; ties go to the
 * lowest tag id.  With SIMD: the maximum of all masked scores, then the
 * first lane holding it. */
ALWAYS_INLINE int best_tag(const dy_tagger *t, const int32_t *sc)
{
#if defined(__AVX2__)
    const __m256i lo = _mm256_set1_epi32(INT32_MIN);
    __m256i v[7], m = lo;
    for (int j = 0; j < 7; j++) {
        __m256i k = _mm256_loadu_si256((const __m256i *)(const void *)(t->vmask + 8 * j));
        v[j] = _mm256_blendv_epi8(lo, _mm256_loadu_si256((const __m256i *)(const void *)(sc + 8 * j)), k);
        m = _mm256_max_epi32(m, v[j]);
    }
    __m128i h = _mm_max_epi32(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
    h = _mm_max_epi32(h, _mm_shuffle_epi32(h, 0x4E));
    h = _mm_max_epi32(h, _mm_shuffle_epi32(h, 0xB1));
    __m256i mx = _mm256_broadcastd_epi32(h);
    uint64_t bits = 0;
    for (int j = 0; j < 7; j++) {
        __m256i k = _mm256_loadu_si256((const __m256i *)(const void *)(t->vmask + 8 * j));
        __m256i eq = _mm256_and_si256(_mm256_cmpeq_epi32(v[j], mx), k);
        bits |= (uint64_t)(unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(eq)) << (8 * j);
    }
    return bits ? __builtin_ctzll(bits) : t->valid[0];
#else
    int tag = t->valid[0];
    int32_t best = sc[tag];
    for (int k = 1; k < t->nvalid; k++) {   /* branch-free: the winner is unpredictable */
        int g = t->valid[k];
        int32_t v = sc[g];
        int gt = v > best;
        best = gt ? v : best;
        tag = gt ? g : tag;
    }
    return tag;
#endif
}

/* The lexicon slot of key h, or NULL for a word not in the lexicon. */
static inline const struct dslot *lex_find(const dy_tagger *t, uint64_t h)
{
    uint32_t key = (uint32_t)(h >> 32), i = slot_of(h, t->ndict);
    for (;;) {
        const struct dslot *s = &t->dict[i];
        if (s->mask == 0) return NULL;
        if (s->key == key) return s;
        if (++i == t->ndict) i = 0;
    }
}

/* Look the word up in the lexicon: sets its tag classes and its cached rows,
 * returns its dictionary tag (0 when it must be scored). */
static inline int lexicon(const dy_tagger *t, struct dy_tagtok *tok, const int16_t **row, const int16_t **nb)
{
    if (tok->flags & 4) {   /* capitalised: the class of the lowercase form too */
        const struct dslot *ls = lex_find(t, dy_tagger_lowerkey(tok));
        dy_tagger_set_lclass(tok, ls ? ls->mask : 0);
    }
    const struct dslot *s = lex_find(t, dy_tagger_dictkey(tok));
    *row = NULL;
    *nb = NULL;
    if (!s) { dy_tagger_set_class(tok, 0); return 0; }
    dy_tagger_set_class(tok, s->mask);
    if (!(tok->flags & 4)) dy_tagger_set_lclass(tok, s->mask);
    if (s->row != EMPTY_OFF) { *row = t->rows + s->row; PREFETCH(*row); }
    if (s->nb != EMPTY_OFF) *nb = t->rows + s->nb;
    return (int)s->tag;
}

KERNEL_LINKAGE void KERNEL_NAME(const dy_tagger *t, const char *const *words, const unsigned *lens, int n, unsigned char *tags_out)
{
    const struct dy_tagtok *start = dy_tagger_start_tok(), *end = dy_tagger_end_tok();
    struct dy_tagtok ring[8];
    uint64_t f[2][DY_TAGGER_MAXFEATS]; /* f[i & 1]: features of token i */
    int nf[2] = {0, 0};
    unsigned char dt[8]; /* dictionary tags, indexed like ring */
    const int16_t *rows[8]; /* cached word-only weights, indexed like ring */
    const int16_t *nbs[8];  /* cached neighbour rows (NB_*), indexed like ring */
    const int16_t *xr[2][2 + NB_N]; /* xr[i & 1]: the cached rows that score token i */
    int nx[2] = {0, 0};
    uint64_t smask = t->templates & ~DYN_TEMPLATES, dmask = t->templates & DYN_TEMPLATES;
    if (t->pairs) { smask &= ~PAIR_TEMPLATES; dmask &= ~PAIR_TEMPLATES; }
    unsigned qc = 0;
    int t1 = 0, t2 = 0; /* previous tags; 0 (DY_TAG_NONE) = sentence start */
    int prepped = 0;    /* tokens [0, prepped) are in the ring */
#define TOK(j) ((j) < 0 ? start : (j) >= n ? end : &ring[(j) & 7])
    for (int i = -1; i < n; i++) {
        /* Stage token i+1: dictionary or word-only features, prefetched. */
        int j = i + 1;
        while (prepped < n && prepped <= j + 2) {
            struct dy_tagtok *r = &ring[prepped & 7];
            dy_tagger_prep(words[prepped], lens[prepped], prepped, qc, r);
            if (r->flags & DY_TF_QUOTE) qc++;
            dt[prepped & 7] = (unsigned char)lexicon(t, r, &rows[prepped & 7], &nbs[prepped & 7]);
            prepped++;
        }
        if (j < n) {
            if (!dt[j & 7]) {
                /* the cached rows of the word and of its neighbours replace their features */
                uint64_t *fj = f[j & 1];
                uint64_t mk = smask;
                const int16_t **x = xr[j & 1];
                int m = 0;
                if (rows[j & 7]) { mk &= ~OWN_TEMPLATES; x[m++] = rows[j & 7]; }
                for (int r = 0; r < NB_N; r++) {
                    int q = j + NB_AT[r];
                    if (q >= 0 && q < n && nbs[q & 7]) { mk &= ~NB_TEMPLATES[r]; x[m++] = nbs[q & 7] + r * DENSE_N; }
                }
                nx[j & 1] = m;
                for (int k = 0; k < m; k++) PREFETCH(x[k]);
                nf[j & 1] = dy_tagger_feats(TOK(j - 2), TOK(j - 1), TOK(j), TOK(j + 1), TOK(j + 2), 0, 0, mk, fj);
                for (int k = 0; k < nf[j & 1]; k++) PREFETCH(&t->slots[slot_of(fj[k], t->nslots)]);
            }
        }
        if (i < 0) continue;
        /* Tag token i. */
        int tag = dt[i & 7];
        if (!tag) {
            uint64_t *fi = f[i & 1];
            int m = nf[i & 1];
            m += dy_tagger_feats(TOK(i - 2), TOK(i - 1), TOK(i), TOK(i + 1), TOK(i + 2), t1, t2, dmask, fi + m);
            int32_t sc[DENSE_N] = {0};
            if (t->pairs) xr[i & 1][nx[i & 1]++] = t->pairs + ((size_t)t1 * DY_NTAGS + t2) * DENSE_N;
            score(t, fi, m, xr[i & 1], nx[i & 1], sc);
            tag = best_tag(t, sc);
        }
        tags_out[i] = (unsigned char)tag;
        t2 = t1;
        t1 = tag;
    }
#undef TOK
}

