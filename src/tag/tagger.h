/* tagger.h: stage 4, the part-of-speech tagger (Penn tags, enum dy_tag).
 *
 * A greedy left-to-right averaged-perceptron tagger.  The model is trained
 * by tools/train-tagger on UD English EWT (XPOS column) and stored in a
 * compact binary file (data/tagger/ewt.model) that is validated on load.
 *
 * The lower half of this header (struct dy_tagtok, dy_tagger_prep,
 * dy_tagger_set_class, dy_tagger_feats, dy_tagger_write) is the feature extractor and model writer
 * shared with the trainer, so training and tagging compute exactly the same
 * features.  Pipeline code only needs the first three functions. */
#ifndef DY_TAGGER_H
#define DY_TAGGER_H

#include <stddef.h>
#include <stdint.h>
#include "tags.h"

typedef struct dy_tagger dy_tagger;

/* Load a model file.  NULL + a message naming the file on error. */
dy_tagger *dy_tagger_load(const char *path, char *err, size_t errlen);
void dy_tagger_free(dy_tagger *t);

/* Tag n tokens.  words[i] points to the token text (UTF-8, original case, NOT
 * NUL-terminated), lens[i] its byte length.  Writes n tag ids (enum dy_tag)
 * to tags_out.  Reentrant: the tagger is never written, so many threads can
 * share one dy_tagger.  Any n >= 0, any bytes. */
void dy_tagger_tag(const dy_tagger *t, const char *const *words, const unsigned *lens,
                   int n, unsigned char *tags_out);

/* Number of features stored in the model (for reports). */
size_t dy_tagger_nfeatures(const dy_tagger *t);

/* The instruction set of the tagging loop in use: "avx2" or "baseline"
 * (the same tags either way; DYAD_TAGGER_ISA=baseline in the environment
 * forces the baseline loop). */
const char *dy_tagger_isa(const dy_tagger *t);

/* ---- shared with tools/train-tagger ---------------------------------- */

/* Per-token hashes, computed once per token and reused by the feature
 * templates of the token itself and of its neighbours. */
struct dy_tagtok {
    uint64_t word;    /* the word (quote tokens normalised to " and ') */
    uint64_t lower;   /* ASCII-lowercased word */
    uint64_t pre[4];  /* lowercase prefixes of 1..4 bytes */
    uint64_t suf[4];  /* lowercase suffixes of 1..4 bytes */
    uint64_t shape;   /* compressed shape: "Xx", "d.d", "X.X." ... */
    uint64_t amb;     /* tag class of the word in the lexicon (dy_tagger_set_class) */
    uint64_t lamb;    /* tag class of its lowercase form (dy_tagger_set_lclass) */
    unsigned flags;   /* DY_TF_* bits */
};

#define DY_TAGGER_MAXFEATS 64

/* Fill *tok for one token.  pos is its index in the sentence; qcount counts
 * the quote tokens before it (for open/close quote decisions), the caller
 * updates it from tok->flags & DY_TF_QUOTE. */
void dy_tagger_prep(const char *w, unsigned len, int pos, unsigned qcount, struct dy_tagtok *tok);
#define DY_TF_QUOTE 0x100u /* token is a quote mark (" or ') */
#define DY_TF_OOV 0x1000u  /* word not in the lexicon */

/* Set the token's tag class: the set of tags (bit per enum dy_tag) the word
 * had in training, 0 for an unknown word.  Call after dy_tagger_prep. */
void dy_tagger_set_class(struct dy_tagtok *tok, uint64_t tagmask);
/* The same for the lowercase form of the word (for words with an uppercase
 * letter; others get their own class), looked up with dy_tagger_lowerkey. */
void dy_tagger_set_lclass(struct dy_tagtok *tok, uint64_t tagmask);
uint64_t dy_tagger_lowerkey(const struct dy_tagtok *c);

/* Sentence-boundary token used for positions before the start / after the end. */
const struct dy_tagtok *dy_tagger_start_tok(void);
const struct dy_tagtok *dy_tagger_end_tok(void);

/* Feature hashes of the token c given its neighbours and the two previous
 * tags, for the templates whose bits are set (the model file records them);
 * returns the count (<= DY_TAGGER_MAXFEATS). */
int dy_tagger_feats(const struct dy_tagtok *p2, const struct dy_tagtok *p1, const struct dy_tagtok *c,
                    const struct dy_tagtok *n1, const struct dy_tagtok *n2, int t1, int t2, uint64_t templates,
                    uint64_t *out);

/* Feature templates used when the trainer is not told otherwise. */
uint64_t dy_tagger_default_templates(void);

/* Lexicon key of a token (the lexicon gives its tag class and, for frequent
 * unambiguous words, a dictionary tag that skips scoring). */
uint64_t dy_tagger_dictkey(const struct dy_tagtok *c);

/* One feature's weights for the model writer. */
struct dy_tagger_wfeat {
    uint64_t hash;
    int n;                      /* number of (tag, weight) pairs, 1..DY_NTAGS */
    unsigned char tags[DY_NTAGS];
    int16_t w[DY_NTAGS];
};
/* Lexicon entry: word key (dy_tagger_dictkey), tag class (bit per tag,
 * nonzero), dictionary tag (0 = score the word), and the hashes of the
 * word's own features (templates dy_tagger_own_templates()), whose summed
 * weights the writer caches per word (nown == 0: no cache).  nb[r]: the
 * hashes of the features that read the word as neighbour r (templates
 * dy_tagger_nb_templates(r)); the writer caches their sums too (nnb[r] == 0
 * for every r: no neighbour cache).  A cached sum that overflows int16 is
 * not stored: the tagger then looks its features up one by one, so caching
 * never changes a tag. */
#define DY_TAGGER_NB 4   /* neighbour positions: previous, next, second previous, second next */
struct dy_tagger_wdict {
    uint64_t key; uint64_t mask; unsigned char tag;
    int nown; uint64_t own[16];
    int nnb[DY_TAGGER_NB]; uint64_t nb[DY_TAGGER_NB][16];
};

/* Templates depending on the word alone (cached per lexicon word). */
uint64_t dy_tagger_own_templates(void);
/* Templates reading only neighbour r's word (0 = previous, 1 = next, 2 = second
 * previous, 3 = second next), cached per lexicon word. */
uint64_t dy_tagger_nb_templates(int r);

/* Write a model file: nf features, nd lexicon entries, valid = bitmask of the
 * tags the tagger may output, templates = the dy_tagger_feats template mask
 * the weights were trained with.  *clipped (if not NULL) gets the number of
 * cached word weights that overflowed int16.  Returns 0, or -1 + err. */
int dy_tagger_write(const char *path, const struct dy_tagger_wfeat *f, size_t nf,
                    const struct dy_tagger_wdict *d, size_t nd, uint64_t valid, uint64_t templates,
                    size_t *clipped, char *err, size_t errlen);

#endif
