/* tagger_impl.h: the tagger's private parts, shared by tagger.c (features,
 * loading, writing) and the tagging loop (tagger_kernel.h), which is compiled
 * once for the baseline instruction set and once more for AVX2
 * (tagger_avx2.c); dy_tagger_load picks the one the CPU runs.  The model
 * layout, the feature template ids and the template groups whose weights
 * are cached live here.  Not a public API: include tagger.h. */
#ifndef DY_TAGGER_IMPL_H
#define DY_TAGGER_IMPL_H
#include <stdint.h>
#include "tagger.h"

typedef struct dy_tagger dy_tagger;
typedef void dy_tag_kernel(const dy_tagger *t, const char *const *words, const unsigned *lens, int n,
                           unsigned char *tags_out);

#define MAGIC "DYTAGGER"
#define VERSION 3u
#define HDR 64u
#define EMPTY_OFF 0xFFFFFFFFu
#define DENSE 0xFFu  /* record count byte of a dense record: DENSE_N int16 weights follow */
#define DENSE_N 56   /* DY_NTAGS rounded up to a multiple of 8 */
_Static_assert(DENSE_N == 56, "score() sums dense rows in 14 registers of 4 int32");
#define DENSE_MIN 16 /* features voting for this many tags are stored dense */

#define FNV0 0xcbf29ce484222325ULL
#define FNVP 0x100000001b3ULL
#define GOLD 0x9E3779B97F4A7C15ULL

struct slot { uint32_t key, off; };  /* feature table slot; off == EMPTY_OFF: free */
/* Lexicon slot; mask == 0: free.  row: offset of the word's cached row (the
 * summed weights of its word-only features, DENSE_N int16) or EMPTY_OFF.
 * nb: offset of its four neighbour rows (NB_P1, NB_N1, NB_P2, NB_N2: the
 * summed weights of the features that read the word as the previous, next,
 * second previous or second next token) or EMPTY_OFF. */
struct dslot { uint32_t key, tag; uint64_t mask; uint32_t row, nb; };
enum { NB_P1, NB_N1, NB_P2, NB_N2, NB_N };
_Static_assert(NB_N == DY_TAGGER_NB, "the writer's neighbour lists are the model's neighbour rows");

struct dy_tagger {
    unsigned char *buf;
    const struct slot *slots;
    const struct dslot *dict;
    const unsigned char *blob;
    const int16_t *rows;
    uint64_t templates; /* feature templates in use (bit per T_* id) */
    uint32_t nslots, ndict, bloblen, nfeat, rowlen;
    int nvalid;
    unsigned char valid[DY_NTAGS];
    int32_t vmask[DENSE_N];  /* -1 for the tags in valid[], 0 for the others */
    /* built at load time: pairs[(t1 * DY_NTAGS + t2) * DENSE_N ...] = the summed
     * weights of the features of the previous two tags alone and the bias
     * (PAIR_TEMPLATES), one row per tag pair; NULL if a sum overflows int16 */
    int16_t *pairs;
    dy_tag_kernel *kernel;   /* the tagging loop compiled for this CPU (tagger_kernel.h) */
    const char *isa;
};

static inline uint64_t fmix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Slot index for a hash in a table of n slots (n < 2^32): Lemire's range
 * reduction of the low 32 bits; the high 32 bits are the fingerprint. */
static inline uint32_t slot_of(uint64_t h, uint32_t n) { return (uint32_t)(((h & 0xffffffffULL) * n) >> 32); }

enum {
    T_BIAS = 1, T_WORD, T_LOWER, T_PRE1, T_PRE2, T_PRE3, T_PRE4, T_SUF1, T_SUF2, T_SUF3, T_SUF4,
    T_SHAPE, T_FLAGS, T_T1, T_T2, T_T1T2, T_T1W, T_P1W, T_P1S3, T_P2W, T_N1W, T_N1S3, T_N2W,
    T_P1WW, T_WN1W, T_N1SHAPE, T_P1SHAPE, T_QUOTE, T_T1S3, T_T1N1W, T_N1FLAGS,
    T_N1S1, T_N1S2, T_N1P1, T_N1P2, T_P1S1, T_P1S2, T_P1FLAGS, T_P1N1, T_T1T2W, T_T2W, T_WN2, T_N1N2, T_P2P1,
    T_N2S3, T_P2S3, T_N1WORD, T_P1WORD, T_T1SHAPE, T_LAMB, T_LAMBPOS,
    T_AMB, T_N1AMB, T_P1AMB, T_N2AMB, T_AMBT1, T_AMBN1, T_OOVS2, T_OOVS3, T_OOVS4, T_OOVSHAPE, T_OOVP2,
    T_NTEMPL, T_DICT = 63
};

/* Templates that depend only on the word itself (not its position or
 * neighbours): their summed weights are cached per lexicon word. */
#define OWN_TEMPLATES ((1ULL << T_WORD) | (1ULL << T_LOWER) | (1ULL << T_PRE1) | (1ULL << T_PRE2) | (1ULL << T_PRE3) | \
                       (1ULL << T_PRE4) | (1ULL << T_SUF1) | (1ULL << T_SUF2) | (1ULL << T_SUF3) | (1ULL << T_SUF4) | \
                       (1ULL << T_SHAPE) | (1ULL << T_AMB))

/* Templates that read one neighbour word only (not its position flags):
 * their summed weights are cached per lexicon word, one row per position. */
#define P1_TEMPLATES ((1ULL << T_P1W) | (1ULL << T_P1S3) | (1ULL << T_P1SHAPE) | (1ULL << T_P1S1) | (1ULL << T_P1S2) | \
                      (1ULL << T_P1WORD) | (1ULL << T_P1AMB))
#define N1_TEMPLATES ((1ULL << T_N1W) | (1ULL << T_N1S3) | (1ULL << T_N1SHAPE) | (1ULL << T_N1S1) | (1ULL << T_N1S2) | \
                      (1ULL << T_N1P1) | (1ULL << T_N1P2) | (1ULL << T_N1WORD) | (1ULL << T_N1AMB))
#define P2_TEMPLATES ((1ULL << T_P2W) | (1ULL << T_P2S3))
#define N2_TEMPLATES ((1ULL << T_N2W) | (1ULL << T_N2S3) | (1ULL << T_N2AMB))
/* per neighbour row NB_*: its templates and where that neighbour sits */
static const uint64_t NB_TEMPLATES[NB_N] = { P1_TEMPLATES, N1_TEMPLATES, P2_TEMPLATES, N2_TEMPLATES };
static const int NB_AT[NB_N] = { -1, 1, -2, 2 };

/* Templates that read the previous tags; all others depend only on the
 * words, so they are computed (and their slots prefetched) one token early. */
#define DYN_TEMPLATES ((1ULL << T_T1) | (1ULL << T_T2) | (1ULL << T_T1T2) | (1ULL << T_T1W) | (1ULL << T_T1S3) | \
                       (1ULL << T_T1N1W) | (1ULL << T_T1T2W) | (1ULL << T_T2W) | (1ULL << T_T1SHAPE) | (1ULL << T_QUOTE) | (1ULL << T_AMBT1))

/* Features that depend on the previous two tags alone, and the bias. */
#define PAIR_TEMPLATES ((1ULL << T_BIAS) | (1ULL << T_T1) | (1ULL << T_T2) | (1ULL << T_T1T2))

#if DY_AVX2_KERNEL
/* tagger_avx2.c: the tagging loop compiled for AVX2 (x86-64 builds only). */
void dy_tagger_tag_avx2(const dy_tagger *t, const char *const *words, const unsigned *lens, int n,
                        unsigned char *tags_out);
#endif
#endif
