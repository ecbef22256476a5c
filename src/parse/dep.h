/* dep.h: the dependency parser's model, state and features, shared by the
 * runtime (parse.c through dy_dep_parse) and tools/train-parser.c, so
 * training and parsing compute exactly the same features.  Pipeline code
 * uses parse.h only; this header is the parse folder's internal half. */
#ifndef DY_DEP_H
#define DY_DEP_H
#include <stddef.h>
#include <stdint.h>

#include "parse.h"   /* enum dy_deplab */
const char *dy_dep_label_name(int lab);
/* Label of a CoNLL-U DEPREL ("nsubj:outer" -> nsubj); DY_DL_NONE when unknown. */
int dy_dep_label_from_name(const char *name);

/* Transitions (arc-hybrid). */
enum { DY_DT_SHIFT = 0, DY_DT_LEFT = 1, DY_DT_RIGHT = 2, DY_NDT = 3 };

/* Parser state over tokens 1..n (0 is the root).  All arrays are caller
 * memory of n + 2 entries (dy_dep_state_bytes). */
/* Per-token hashes (dy_dep_word): the word, ASCII-lowercased with digits folded, and
 * its last three bytes (for words the model has not seen); c, the word's cluster
 * (dy_dep_clusters): DY_DEP_CLUST_LEAF | its DY_DEP_CLUST_DEPTH-bit path in the
 * cluster tree, 0 for a word of no cluster; the root's is DY_DEP_CLUST_MARK when the
 * model reads clusters (the features test it), else 0. */
typedef struct dy_depword { uint64_t w, sf; uint32_t c; } dy_depword;
void dy_dep_word(const char *w, unsigned len, dy_depword *out);
void dy_dep_root_word(dy_depword *out);
#define DY_DEP_CLUST_DEPTH 10
#define DY_DEP_CLUST_LEAF (1u << DY_DEP_CLUST_DEPTH)
#define DY_DEP_CLUST_MARK (2u << DY_DEP_CLUST_DEPTH)

typedef struct dy_depstate {
    int n;
    const dy_depword *w;        /* per token, [0] = root */
    const unsigned char *t;     /* tag per token, [0] = root tag */
    int *stk, sp;               /* stack, stk[sp - 1] = s0 */
    int b;                      /* buffer front (n + 1: empty) */
    int *head;                  /* -1 unattached */
    unsigned char *lab;
    int *l1, *l2, *r1, *r2;     /* leftmost / second leftmost, rightmost / second rightmost child, 0 none */
    unsigned char *nl, *nr;     /* valency */
    uint64_t *ls, *rs;          /* label sets of left / right children */
    int32_t *cache;             /* dy_dep_run's per-token sums, [(token + 1) * 8]: the stack group, [+ 4] the s0-right group ([+ 7]: its right valency + 1) */
    unsigned char *cf;          /* per token + 1: its sums are in cache */
} dy_depstate;

size_t dy_dep_state_bytes(int n);
/* Lay a state out in mem (dy_dep_state_bytes(n) bytes, 8-byte aligned). */
void dy_dep_state_init(dy_depstate *st, void *mem, int n, const dy_depword *w, const unsigned char *t);
/* Copy src into dst laid out in mem (dy_dep_state_bytes(src->n) bytes): beam search. */
void dy_dep_state_copy(dy_depstate *dst, void *mem, const dy_depstate *src);
unsigned dy_dep_valid(const dy_depstate *st);         /* bit per transition */
int dy_dep_done(const dy_depstate *st);
/* Head and dependent of the arc transition a would make. */
void dy_dep_arc(const dy_depstate *st, int a, int *h, int *d);
void dy_dep_apply(dy_depstate *st, int a, int label);

#define DY_DEP_ROOT_TAG 60
#define DY_DEP_MAXFEATS 112
#define DY_DEP_RICH 1u   /* feature set bit: the full Zhang & Nivre word templates */
/* feature set bit: of those, the 12 read once per token with the cached groups (b0's,
 * s0's stack group, s0's right valency), not per transition; DY_DEP_RICH includes them */
#define DY_DEP_GROUP_BIT 2u
#define DY_DEP_GROUPED (DY_DEP_RICH | DY_DEP_GROUP_BIT)
/* feature set bit: the model carries a word-cluster table and templates of clusters */
#define DY_DEP_CLUST 4u
/* feature set bits 8..15: the beam width the model was trained for (0: greedy) */
#define DY_DEP_BEAM_SHIFT 8
int dy_dep_feats(const dy_depstate *st, uint64_t *out, unsigned set);
int dy_dep_label_feats(const dy_depstate *st, int h, int d, uint64_t *out);

/* The model: two hashed feature tables (transition weights, label weights). */
typedef struct dy_depmodel dy_depmodel;
dy_depmodel *dy_dep_load(const char *path, char *err, size_t errlen);
/* the checksum a model file stores at bytes 40..47, over its bytes from 64 on (for tools and the fuzz target) */
uint64_t dy_dep_checksum(const unsigned char *body, size_t n);
void dy_dep_free(dy_depmodel *m);
size_t dy_dep_nfeatures(const dy_depmodel *m);
/* Parse the state to the end: heads and labels in st->head / st->lab.  Reentrant. */
void dy_dep_run(const dy_depmodel *m, dy_depstate *st);
/* The beam width of the model (1: greedy, dy_dep_run) and a parse with a beam of that
 * width: mem is dy_dep_beam_bytes(st->n, beam) bytes of caller memory.  Reentrant. */
int dy_dep_beam(const dy_depmodel *m);
size_t dy_dep_beam_bytes(int n, int beam);
void dy_dep_run_beam(const dy_depmodel *m, dy_depstate *st, int beam, void *mem);
void dy_dep_scores(const dy_depmodel *m, const uint64_t *f, int nf, int32_t sc[DY_NDT]);
/* The label an arc h -> d gets without scoring (root; punctuation), else DY_DL_NONE. */
int dy_dep_fixed_label(const dy_depstate *st, int h, int d);
int dy_dep_best_label(const dy_depmodel *m, const uint64_t *f, int nf, int h);

/* Word clusters: w[1..n].c from the model's table (by w[i].w), w[0].c the mark; all 0
 * with a model of no clusters. */
void dy_dep_clusters(const dy_depmodel *m, dy_depword *w, int n);

/* Writer (tools/train-parser): a feature's sparse weights, class < 64. */
struct dy_dep_wfeat { uint64_t hash; int n; unsigned char cls[DY_NDEPLAB]; int16_t w[DY_NDEPLAB]; };
/* A cluster table for the writer: (word hash, code) pairs, dy_dep_clusters_read. */
struct dy_dep_ctab { uint64_t *hash; uint32_t *code; size_t n; };
/* Read a 'word<TAB>path' file (path: DY_DEP_CLUST_DEPTH bits of 0 and 1), the first of
 * the words that fold to one hash kept; errors name the file and line. */
int dy_dep_clusters_read(const char *path, struct dy_dep_ctab *out, char *err, size_t errlen);
void dy_dep_ctab_free(struct dy_dep_ctab *t);
/* The code of word hash h in t (binary search over a sorted copy: the trainer's path). */
uint32_t dy_dep_ctab_get(const struct dy_dep_ctab *t, uint64_t h);
/* ct: NULL, or the cluster table to store (then set must have DY_DEP_CLUST) */
int dy_dep_write(const char *path, const struct dy_dep_wfeat *tf, size_t ntf, const struct dy_dep_wfeat *lf,
                 size_t nlf, unsigned set, const struct dy_dep_ctab *ct, char *err, size_t errlen);
unsigned dy_dep_feature_set(const dy_depmodel *m);
#endif
