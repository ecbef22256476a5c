/* dep.c: the dependency parser (stage 5): a greedy arc-hybrid transition
 * parser scored by an averaged perceptron, trained by tools/train-parser
 * on UD English EWT (see dep.h, data/parser/README.md).
 *
 * Why written here and not taken from a library: no maintained Debian
 * library parses English dependencies from C without Python or a neural
 * runtime, and the pipeline's one-thread budget (a few microseconds per
 * sentence) rules those out anyway.  The design follows the tagger:
 * every feature is a 64-bit mix of per-token hashes with a template id
 * (Zhang & Nivre 2011 templates: words, tags and labels of the stack and
 * buffer tokens and of their children, distance, valency, label sets);
 * features live in open-addressing tables with their weights inline (one
 * cache line a lookup), word features and tag-only features in tables of
 * their own.  Parsing reads most features without a lookup per transition:
 * groups that depend on one token are summed once per token (see tscore),
 * small-domain templates come from direct-indexed tables.  Transitions
 * (shift, left, right) and arc labels are two classifiers: the label of an
 * arc is chosen when the arc is made, from features of its head and
 * dependent, so later transitions see it.  Parsing allocates nothing: the
 * state lives in memory the caller gives (the worker's arena).
 *
 * The model file is one read: a 64-byte header (magic, version, sizes,
 * checksum) and the tables; every offset is validated at load, so a corrupt
 * file is an error naming the file, never a bad read while parsing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "dep.h"
#include "tag/tags.h"
#define DY_TAG_COMMA_ DY_COMMA
#define DY_TAG_NFP_ DY_NFP

static const char *const LABNAME[DY_NDEPLAB] = {
    "_", "root", "punct", "case", "nsubj", "det", "advmod", "obj", "amod", "obl", "conj", "compound", "mark",
    "nmod", "cc", "aux", "cop", "advcl", "nmod:poss", "xcomp", "ccomp", "acl:relcl", "flat", "parataxis",
    "nummod", "appos", "acl", "aux:pass", "nsubj:pass", "obl:unmarked", "discourse", "compound:prt", "iobj",
    "list", "expl", "fixed", "obl:agent", "csubj", "vocative", "goeswith", "reparandum", "orphan",
    "dislocated", "dep" };

const char *dy_dep_label_name(int lab) { return lab >= 0 && lab < DY_NDEPLAB ? LABNAME[lab] : "_"; }

int dy_dep_label_from_name(const char *name)
{
    for (int k = 1; k < DY_NDEPLAB; k++) if (!strcmp(LABNAME[k], name)) return k;
    /* older names of the same relations */
    if (!strcmp(name, "obl:tmod") || !strcmp(name, "obl:npmod")) return DY_DL_OBL_UNMARKED;
    char base[32];
    size_t n = strcspn(name, ":");
    if (n == 0 || n >= sizeof base || !name[n]) return DY_DL_NONE;
    memcpy(base, name, n);
    base[n] = 0;
    for (int k = 1; k < DY_NDEPLAB; k++) if (!strcmp(LABNAME[k], base)) return k;
    return DY_DL_NONE;
}

/* ---- state ---------------------------------------------------------------- */

size_t dy_dep_state_bytes(int n)
{
    size_t m = (size_t)n + 2;
    return m * (8 * sizeof(int) + 2 * sizeof(uint64_t) + 8 * sizeof(int32_t)) + 4 * ((m + 7) & ~(size_t)7);
}

/* the arrays of a state of n tokens laid out in mem (not cleared) */
static void state_layout(dy_depstate *st, void *mem, int n)
{
    size_t m = (size_t)n + 2, mb = (m + 7) & ~(size_t)7;
    uint64_t *q = mem;
    st->ls = q; st->rs = q + m;
    int *p = (int *)(q + 2 * m);
    st->stk = p; st->head = p + m; st->l1 = p + 2 * m; st->l2 = p + 3 * m; st->r1 = p + 4 * m; st->r2 = p + 5 * m;
    st->cache = (int32_t *)(p + 8 * m);
    unsigned char *c = (unsigned char *)(st->cache + 8 * m);
    st->lab = c; st->nl = c + mb; st->nr = c + 2 * mb; st->cf = c + 3 * mb;
    st->n = n;
}

void dy_dep_state_init(dy_depstate *st, void *mem, int n, const dy_depword *w, const unsigned char *t)
{
    size_t m = (size_t)n + 2;
    memset(mem, 0, dy_dep_state_bytes(n));
    state_layout(st, mem, n);
    st->w = w; st->t = t;
    for (size_t i = 0; i < m; i++) st->head[i] = -1;
    st->stk[0] = 0; st->sp = 1; st->b = 1;
}

void dy_dep_state_copy(dy_depstate *dst, void *mem, const dy_depstate *src)
{
    memcpy(mem, src->ls, dy_dep_state_bytes(src->n));   /* ls is the block's first array */
    state_layout(dst, mem, src->n);
    dst->w = src->w; dst->t = src->t; dst->sp = src->sp; dst->b = src->b;
}

unsigned dy_dep_valid(const dy_depstate *st)
{
    unsigned v = 0;
    int buf = st->b <= st->n;
    if (buf) v |= 1u << DY_DT_SHIFT;
    if (buf && st->sp >= 2) v |= 1u << DY_DT_LEFT;           /* s0 is no root */
    if (st->sp >= 3 || (st->sp == 2 && !buf)) v |= 1u << DY_DT_RIGHT;   /* one root, at the end */
    return v;
}

int dy_dep_done(const dy_depstate *st) { return st->b > st->n && st->sp <= 1; }

void dy_dep_arc(const dy_depstate *st, int a, int *h, int *d)
{
    *d = st->stk[st->sp - 1];
    *h = a == DY_DT_LEFT ? st->b : st->stk[st->sp - 2];
}

void dy_dep_apply(dy_depstate *st, int a, int label)
{
    if (a == DY_DT_SHIFT) { st->stk[st->sp++] = st->b++; return; }
    int h, d;
    dy_dep_arc(st, a, &h, &d);
    st->sp--;
    st->head[d] = h;
    st->lab[d] = (unsigned char)label;
    if (d < h) { st->l2[h] = st->l1[h]; st->l1[h] = d; if (st->nl[h] < 255) st->nl[h]++; st->ls[h] |= 1ull << (label & 63); }
    else { st->r2[h] = st->r1[h]; st->r1[h] = d; if (st->nr[h] < 255) st->nr[h]++; st->rs[h] |= 1ull << (label & 63); }
}

/* ---- features ------------------------------------------------------------- */

void dy_dep_word(const char *w, unsigned len, dy_depword *out)
{
    /* ASCII-lowercased, digits folded to 9: "1999" and "2004" are one word */
    uint64_t h = 0xcbf29ce484222325ULL, sf = 0x84222325cbf29ce4ULL;
    for (unsigned i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        else if (c >= '0' && c <= '9') c = '9';
        h = (h ^ c) * 0x100000001b3ULL;
        if (i + 3 >= len) sf = (sf ^ c) * 0x100000001b3ULL;
    }
    h ^= h >> 31;
    sf ^= sf >> 31;
    out->w = h * 0x9E3779B97F4A7C15ULL;
    out->sf = sf * 0xff51afd7ed558ccdULL;
    out->c = 0;
}

void dy_dep_root_word(dy_depword *out) { dy_dep_word("<root>", 6, out); }

static inline uint64_t fh(uint64_t tmpl, uint64_t a, uint64_t b)
{
    uint64_t h = (a ^ (tmpl * 0x9E3779B97F4A7C15ULL)) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    h = (h ^ b) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29);
}
/* Features of tags, labels, label sets and small numbers only (no word) have the
 * top bit set, words' features not: the two kinds live in tables of their own, the
 * tag table small enough to stay in cache. */
#define TAGF (1ULL << 63)
static inline uint64_t fh_tag(uint64_t tmpl, uint64_t a, uint64_t b) { return fh(tmpl, a, b) | TAGF; }
#define NOW 0x5bd1e9955bd1e995ULL   /* word of no token */
#define NOT 61                      /* tag of no token */
#define K2 0x87c37b91114253d5ULL

static inline int dbucket(int d) { if (d < 0) d = -d; return d <= 4 ? d : d <= 6 ? 5 : d <= 9 ? 6 : 7; }

#define W(x) ((x) >= 0 ? st->w[x].w : NOW)
#define SF(x) ((x) >= 0 ? st->w[x].sf : NOW)
#define T(x) ((uint64_t)((x) >= 0 ? st->t[x] : NOT))
#define L(x) ((uint64_t)((x) > 0 ? st->lab[x] : 0))
#define CH(x, a) ((x) >= 0 && st->a[x] ? st->a[x] : -1)
/* clusters: the code of token x (1 for no token), its prefix of p bits (the leading
 * bit kept, so prefixes of different lengths differ; no cluster, no token and the
 * root keep their own values) */
#define CL(x) ((uint64_t)((x) >= 0 ? st->w[x].c : 1))
static inline uint64_t cpre(uint64_t c, int p) { return c >= DY_DEP_CLUST_LEAF && c < DY_DEP_CLUST_MARK ? c >> (DY_DEP_CLUST_DEPTH - p) : c; }
#define CP(x, p) cpre(CL(x), p)
#define HASCL (st->w[0].c != 0)

/* The transition templates fall in five groups, so the runtime (dy_dep_run) can
 * score each group the cheapest way while training sees one flat list:
 *   B:  the buffer front and the two tokens after it (b1 = b0 + 1, b2 = b0 + 2),
 *       a function of b0 alone: summed once per buffer position;
 *   S0, S1: one stack token's word and tag: summed once per token and position;
 *   dense: tags, labels and small numbers only: direct-indexed tables;
 *   the rest (word pairs, children, label sets, tag triples): hashed per transition. */
static int feats_b(const dy_depstate *st, int b, uint64_t *o, unsigned set)
{
    int n = st->n, b0 = b <= n ? b : -1, b1 = b + 1 <= n ? b + 1 : -1, b2 = b + 2 <= n ? b + 2 : -1;
    uint64_t b0w = W(b0), b1w = W(b1), b0t = T(b0), b1t = T(b1), b2t = T(b2);
    int k = 0;
#define F(id, a, b) o[k++] = fh(id, (a), (b)) & ~TAGF
#define G(id, a, b) o[k++] = fh(id, (a), (b)) | TAGF
    F(4, b0w, 0); G(5, 0, b0t); F(6, b0w, b0t); F(7, b1w, 0); G(8, 0, b1t); F(9, b1w, b1t); G(11, 0, b2t);
    G(23, 0, b0t | b1t << 8); F(30, b0w, b1t); F(31, b1w, b0t); G(32, 0, b0t | b1t << 8 | b2t << 16);
    F(92, SF(b0), b0t); F(93, SF(b1), b1t);
    if (set & DY_DEP_GROUPED) { F(10, W(b2), 0); F(29, b0w, b1w); }
    if (HASCL) {
        /* Koo et al. 2008: cluster prefixes of 6 bits and whole paths, with tags and in pairs */
        F(140, CP(b0, 6), b0t); F(141, CL(b0), 0); F(142, CP(b1, 6), b1t); F(143, CP(b0, 6) << 16 | CP(b1, 6), 0);
    }
    return k;
}
#define NFB 19   /* at most (13 without --rich, 15 without clusters) */

/* The dense templates: id and the key's fields (key = f0 | f1 << 8 | f2 << 16). */
enum { DK_T, DK_D, DK_V, DK_L, DK_NONE };   /* a tag, a distance bucket (< 8), a valency (< 16 dense), a label */
#define NDENSE 7
static const struct { unsigned char id, kind[3]; } DENSE[NDENSE] = {
    { 22, { DK_T, DK_T, DK_NONE } }, { 47, { DK_T, DK_D, DK_NONE } }, { 49, { DK_T, DK_D, DK_NONE } },
    { 51, { DK_T, DK_T, DK_D } }, { 58, { DK_T, DK_V, DK_NONE } }, { 68, { DK_T, DK_L, DK_NONE } },
    { 90, { DK_NONE, DK_NONE, DK_NONE } },
};

/* The context every remaining template reads. */
struct fctx {
    int s0, s1, s2, b0, b1, b2, s0l1, s0l2, s0r1, s0r2, s1l1, s1r1, b0l1, b0l2;
};

static void fctx_of(const dy_depstate *st, struct fctx *c)
{
    const int *S = st->stk;
    int sp = st->sp, n = st->n;
    c->s0 = sp >= 1 ? S[sp - 1] : -1; c->s1 = sp >= 2 ? S[sp - 2] : -1; c->s2 = sp >= 3 ? S[sp - 3] : -1;
    c->b0 = st->b <= n ? st->b : -1; c->b1 = st->b + 1 <= n ? st->b + 1 : -1; c->b2 = st->b + 2 <= n ? st->b + 2 : -1;
    c->s0l1 = CH(c->s0, l1); c->s0l2 = CH(c->s0, l2); c->s0r1 = CH(c->s0, r1); c->s0r2 = CH(c->s0, r2);
    c->s1l1 = CH(c->s1, l1); c->s1r1 = CH(c->s1, r1); c->b0l1 = CH(c->b0, l1); c->b0l2 = CH(c->b0, l2);
}

/* The stack group: s0, s1 and s2's words and tags, s0's left children, s1's right
 * children.  While a token is on the stack the tokens under it stay the same and
 * none of these children change (s0 got its left children before it was shifted;
 * s1 gets right children only when the tokens above it are popped), so this is a
 * function of s0 alone. */
static int feats_stack(const dy_depstate *st, const struct fctx *c, uint64_t *o, unsigned set)
{
    int s0 = c->s0, s1 = c->s1;
    uint64_t s0w = W(s0), s0t = T(s0), s1w = W(s1), s1t = T(s1), s2t = T(c->s2);
    uint64_t d1 = s0 >= 0 && s1 >= 0 ? (uint64_t)dbucket(s0 - s1) : 0;
    uint64_t s0l1t = T(c->s0l1), s1r1t = T(c->s1r1);
    uint64_t vl0 = s0 >= 0 ? st->nl[s0] : 0, vr1 = s1 >= 0 ? st->nr[s1] : 0;
    uint64_t ls0 = s0 >= 0 ? st->ls[s0] : 0, rs1 = s1 >= 0 ? st->rs[s1] : 0;
    int k = 0;
    F(1, s0w, 0); G(2, 0, s0t); F(3, s0w, s0t); F(91, SF(s0), s0t);
    F(12, s1w, 0); G(13, 0, s1t); F(14, s1w, s1t); G(15, 0, s2t);
    F(24, s1w, s0w); G(25, 0, s1t | s0t << 8); F(26, s1w, s1t | s0t << 8); F(27, s0w, s1t | s0t << 8);
    G(35, 0, s2t | s1t << 8 | s0t << 16); G(52, 0, s1t | s0t << 8 | d1 << 16);
    G(39, 0, s1t | s0t << 8 | s0l1t << 16); G(40, 0, s1t | s1r1t << 8 | s0t << 16);
    F(61, W(c->s0l1), s0t); G(76, 0, s0t | L(c->s0l1) << 8 | L(c->s0l2) << 16);
    G(82, ls0, s0t); G(85, rs1, s1t);
    G(56, 0, s0t | vl0 << 8); G(60, 0, s1t | vr1 << 8); G(62, 0, s0l1t | L(c->s0l1) << 8); G(71, 0, s1r1t | L(c->s1r1) << 8);
    if (set & DY_DEP_GROUPED) {
        F(28, s1w * K2 ^ s0w, s1t | s0t << 8); G(42, 0, s0t | s0l1t << 8 | T(c->s0l2) << 16);
        G(45, 0, s1t | T(c->s1l1) << 8 | s0t << 16); F(55, s0w, vl0); F(59, s1w, vr1); F(70, W(c->s1r1), s1t);
        F(81, s0w, ls0);
    }
    if (HASCL) { F(144, CP(s0, 6), s0t); F(145, CL(s0), 0); F(146, CP(s1, 6) << 16 | CP(s0, 6), s1t | s0t << 8); }
    return k;
}
#define NFS 34   /* at most (24 without --rich, 31 without clusters) */

/* The s0-right group: s0 with its right children, which change only when s0 gets
 * one (a right arc when it was s1): a function of s0 and its right valency. */
static int feats_s0r(const dy_depstate *st, const struct fctx *c, uint64_t *o, unsigned set)
{
    int s0 = c->s0;
    uint64_t s0t = T(s0), s1t = T(c->s1), s0r1t = T(c->s0r1);
    uint64_t vr0 = s0 >= 0 ? st->nr[s0] : 0, rs0 = s0 >= 0 ? st->rs[s0] : 0;
    int k = 0;
    G(41, 0, s1t | s0t << 8 | s0r1t << 16); F(64, W(c->s0r1), s0t); G(77, 0, s0t | L(c->s0r1) << 8 | L(c->s0r2) << 16);
    G(80, rs0, s0t); G(54, 0, s0t | vr0 << 8); G(65, 0, s0r1t | L(c->s0r1) << 8);
    if (set & DY_DEP_GROUPED) { uint64_t s0w = W(s0); G(43, 0, s0t | s0r1t << 8 | T(c->s0r2) << 16); F(53, s0w, vr0); F(79, s0w, rs0); }
    return k;
}
#define NFR 9   /* at most (6 without --rich) */

/* The dense templates' keys, in DENSE order. */
static void dense_keys(const dy_depstate *st, const struct fctx *c, uint32_t *key)
{
    int s0 = c->s0, b0 = c->b0;
    uint32_t s0t = (uint32_t)T(s0), b0t = (uint32_t)T(b0);
    uint32_t d = s0 >= 0 && b0 >= 0 ? (uint32_t)dbucket(b0 - s0) : 0;
    uint32_t vlb = b0 >= 0 ? st->nl[b0] : 0;
    key[0] = s0t | b0t << 8; key[1] = s0t | d << 8; key[2] = b0t | d << 8; key[3] = s0t | b0t << 8 | d << 16;
    key[4] = b0t | vlb << 8; key[5] = (uint32_t)(T(c->b0l1) | L(c->b0l1) << 8); key[6] = 0;
}

/* The hashed rest. */
static int feats_rest(const dy_depstate *st, const struct fctx *c, uint64_t *o, unsigned set)
{
    int s0 = c->s0, s1 = c->s1, b0 = c->b0, n = st->n;
    uint64_t s0w = W(s0), b0w = W(b0);
    uint64_t s0t = T(s0), s1t = T(s1), b0t = T(b0), b1t = T(c->b1);
    uint64_t s0l1t = T(c->s0l1), s0r1t = T(c->s0r1), b0l1t = T(c->b0l1);
    uint64_t lsb = b0 >= 0 ? st->ls[b0] : 0;
    uint64_t pb = b0 > 0 ? T(b0 - 1) : NOT, ps = s0 > 0 ? T(s0 - 1) : NOT, ns = s0 >= 0 && s0 + 1 <= n ? T(s0 + 1) : NOT;
    int k = 0;
    /* tags and labels only (their own, small table): tag triples, with children */
    G(33, 0, s0t | b0t << 8 | b1t << 16); G(34, 0, s1t | s0t << 8 | b0t << 16);
    G(36, 0, s0t | s0l1t << 8 | b0t << 16); G(37, 0, s0t | s0r1t << 8 | b0t << 16);
    G(38, 0, s0t | b0t << 8 | b0l1t << 16);
    /* the labels of children */
    G(78, 0, b0t | L(c->b0l1) << 8 | L(c->b0l2) << 16);
    /* the tags between s0 and b0 */
    G(86, 0, s0t | ns << 8 | pb << 16 | b0t << 24); G(87, 0, ps | s0t << 8 | b0t << 16);
    /* label sets */
    G(84, lsb, b0t);
    /* words: pairs s0-b0 (left arcs), s1-s0 (right arcs), b0-b1; children */
    F(16, s0w, b0w); F(17, s0w * K2 ^ b0w, s0t | b0t << 8); F(20, s0w, s0t | b0t << 8); F(21, b0w, s0t | b0t << 8);
    F(89, s0w, b0t | b1t << 8);
    if (set & DY_DEP_RICH) {
        /* the rest of Zhang & Nivre's templates, more word conjunctions: those of the
         * buffer, stack and s0-right groups are read with their groups */
        uint64_t d = s0 >= 0 && b0 >= 0 ? (uint64_t)dbucket(b0 - s0) : 0, vlb = b0 >= 0 ? st->nl[b0] : 0;
        F(18, s0w * K2 ^ b0w, s0t); F(19, s0w * K2 ^ b0w, b0t << 8);
        G(44, 0, b0t | b0l1t << 8 | T(c->b0l2) << 16);
        F(46, s0w, d); F(48, b0w, d); F(50, s0w * K2 ^ b0w, d); F(57, b0w, vlb);
        F(67, W(c->b0l1), b0t); F(83, b0w, lsb);
    }
    if (HASCL) {
        /* the pair s0-b0 of clusters (where F16/F17 see a pair of words) */
        F(147, CP(s0, 6) << 16 | CP(b0, 6), s0t | b0t << 8); F(148, CL(s0) << 16 | CL(b0), 0);
        F(149, CP(s0, 4) << 16 | CP(b0, 4), 0);
    }
    return k;
}

int dy_dep_feats(const dy_depstate *st, uint64_t *o, unsigned set)
{
    struct fctx c;
    fctx_of(st, &c);
    int k = feats_b(st, st->b, o, set);
    k += feats_stack(st, &c, o + k, set);
    k += feats_s0r(st, &c, o + k, set);
    uint32_t key[NDENSE];
    dense_keys(st, &c, key);
    for (int j = 0; j < NDENSE; j++) G(DENSE[j].id, 0, key[j]);
    return k + feats_rest(st, &c, o + k, set);
#undef F
#undef G
}

int dy_dep_label_feats(const dy_depstate *st, int h, int d, uint64_t *o)
{
    int n = st->n;
    uint64_t dw = st->w[d].w, hw = h > 0 ? st->w[h].w : NOW, dt = st->t[d], ht = st->t[h];
    uint64_t dir = d < h, ds = (uint64_t)dbucket(h - d) | dir << 4;
    int dl1 = st->l1[d] ? st->l1[d] : -1, dl2 = st->l2[d] ? st->l2[d] : -1, dr1 = st->r1[d] ? st->r1[d] : -1;
    uint64_t pd = d > 1 ? T(d - 1) : NOT, nd = d + 1 <= n ? T(d + 1) : NOT, ph = h > 1 ? T(h - 1) : NOT;
    uint64_t root = h == 0;
    int k = 0;
#define F(id, a, b) o[k++] = fh(100 + id, (a), (b)) & ~TAGF
#define G(id, a, b) o[k++] = fh(100 + id, (a), (b)) | TAGF
    /* the first two are the dense ones (tag and direction): see label_dense */
    G(2, 0, dt | dir << 8); G(5, 0, ht | dir << 8); F(1, dw, dir); F(4, hw, dir); F(7, dw, ht | dir << 8);
    F(8, hw, dt | dir << 8); G(10, 0, dt | ht << 8 | ds << 16); G(11, st->ls[d], dt | ht << 8);
    G(13, st->ls[h], dt | dir << 8); G(14, st->rs[h], dt | dir << 8);
    G(16, 0, pd | dt << 8 | ht << 16 | dir << 24); G(17, 0, dt | nd << 8 | ht << 16 | dir << 24);
    F(18, W(dl1), dt | dir << 8); G(26, 0, dt | L(dl1) << 8 | L(dl2) << 16 | dir << 24); F(29, W(dl1), dw);
    G(25, 0, dt | T(dr1) << 8 | L(dr1) << 16 | dir << 24);
    F(30, SF(d), dt | dir << 8);
    if (HASCL) { F(31, CL(d), ht | dir << 8); F(32, CP(h, 6) << 16 | CP(d, 6), dir); F(33, CL(h), dt | dir << 8); }
    (void)ph; (void)root;
    return k;
#undef F
#undef G
}

/* ---- model ---------------------------------------------------------------- */

#define MAGIC "DYPARSER"
#define VERSION 11u   /* 11: the cluster table (size at offset 56); 10 (none) is read too */
#define HDR 64

/* All tables hold their weights inline, so a lookup touches one cache line:
 * transitions: a 16-bit fingerprint (with the 20+ index bits, 36+ bits of the feature
 * hash are compared) and the three weights, 8 bytes; labels: a 32-bit fingerprint and
 * the feature's eight largest (label, weight) pairs, 32 bytes (label features vote for
 * 2.4 labels on average; the few longer lists, tag-only features, lose their smallest
 * weights: keeping four cost 0.003 LAS against eight). */
struct tslot { uint16_t fp; int16_t w[3]; };
#define DY_LW 8
struct lslot { uint32_t fp; uint8_t cls[DY_LW]; int16_t w[DY_LW]; uint32_t pad; };   /* 32 bytes */
/* (An unused pair has weight 0 and a label of DY_NDEPLAB or more, below 64: a spare
 * counter of the readers' sc[64].) */
_Static_assert(DY_NDEPLAB + DY_LW <= 64, "spare label counters");
/* A feature sits within DY_PROBE slots of its home slot (the writer sees to it, each
 * table has DY_PROBE - 1 slots of padding at its end): a lookup never wraps and ends at
 * the first empty slot.  (A branch-free read of the whole window was measured slower.) */
#define DY_PROBE 8
/* Compact tags for the dense tables: the DY_NTAGS tags, the root's, no token's. */
#define NT (DY_NTAGS + 2)
/* Each classifier has two tables: [0] the features with a word, [1] those of tags,
 * labels and small numbers only (TAGF), fewer and read more often. */
struct dy_depmodel {
    unsigned char *buf;
    const struct tslot *ts[2];
    const struct lslot *ls[2];
    uint32_t tmask[2], lmask[2];
    size_t nfeat;
    unsigned set;                       /* feature set (DY_DEP_RICH, DY_DEP_GROUPED) the model was trained with */
    /* Made at load from the hashed table by looking every key of their (small) domain
     * up there, so a dense read gives exactly what the hashed lookup would: */
    int16_t (*dn)[4];                   /* the DENSE transition templates, weights of shift, left, right */
    uint32_t doff[NDENSE];              /* where each template's rows start in dn */
    struct lslot *ld;                   /* label templates 2 and 5 (tag, direction): [template][dir][tag] */
    const uint64_t *cs;                 /* word clusters: fp32 << 32 | code per slot, NULL none */
    uint32_t cmask;
};

static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void wr64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static void wr32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

/* A word at a time (8 bytes per step; the tail zero-padded, the length mixed in):
 * each step's multiply and fold carry every bit of the word into the state. */
uint64_t dy_dep_checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0x84222325cbf29ce4ULL ^ (n * 0x9E3779B97F4A7C15ULL);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h = (h ^ rd64(p + i)) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
    }
    if (i < n) {
        unsigned char t[8] = { 0 };
        memcpy(t, p + i, n - i);
        h = (h ^ rd64(t)) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
    }
    return h ^ (h >> 32);
}

/* fingerprints: bits of the hash above the index bits, below the table bit (TAGF) */
static inline uint32_t fp_of(uint64_t h) { return (uint32_t)(h >> 31) | 1u; }
static inline uint16_t fp16_of(uint64_t h) { return (uint16_t)((h >> 40) | 1u); }
static inline const struct tslot *thome(const dy_depmodel *m, uint64_t h)
{
    unsigned g = (unsigned)(h >> 63);
    return &m->ts[g][(uint32_t)h & m->tmask[g]];
}
static inline const struct lslot *lhome(const dy_depmodel *m, uint64_t h)
{
    unsigned g = (unsigned)(h >> 63);
    return &m->ls[g][(uint32_t)h & m->lmask[g]];
}

void dy_dep_scores(const dy_depmodel *m, const uint64_t *f, int nf, int32_t sc[DY_NDT])
{
    /* all the windows are fetched at once so their cache misses overlap */
    for (int k = 0; k < nf; k++) __builtin_prefetch(thome(m, f[k]));
    int32_t a = 0, b = 0, c = 0;
    for (int k = 0; k < nf; k++) {
        uint16_t fp = fp16_of(f[k]);
        const struct tslot *s = thome(m, f[k]);
        for (int j = 0; j < DY_PROBE && s[j].fp; j++)
            if (s[j].fp == fp) { a += s[j].w[0]; b += s[j].w[1]; c += s[j].w[2]; break; }
    }
    sc[0] = a; sc[1] = b; sc[2] = c;
}

int dy_dep_fixed_label(const dy_depstate *st, int h, int d)
{
    if (h == 0) return DY_DL_ROOT;
    int t = st->t[d];
    /* punctuation tags (, . : `` '' -LRB- -RRB- HYPH NFP) are punct in UD EWT 99% of the time */
    return t >= DY_TAG_COMMA_ && t <= DY_TAG_NFP_ ? DY_DL_PUNCT : DY_DL_NONE;
}

/* The best label (the first of equal scores), punct and up: the best score in a
 * register, not read back through its index at every step. */
static int label_argmax(const int32_t *sc)
{
    int best = DY_DL_PUNCT;
    int32_t bv = sc[best];
    for (int l = DY_DL_PUNCT + 1; l < DY_NDEPLAB; l++)
        if (sc[l] > bv) { bv = sc[l]; best = l; }
    return best;
}

int dy_dep_best_label(const dy_depmodel *m, const uint64_t *f, int nf, int h)
{
    if (h == 0) return DY_DL_ROOT;
    int32_t sc[64] = { 0 };
    for (int k = 0; k < nf; k++) __builtin_prefetch(lhome(m, f[k]));
    for (int k = 0; k < nf; k++) {
        uint32_t fp = fp_of(f[k]);
        const struct lslot *s = lhome(m, f[k]);
        for (int j = 0; j < DY_PROBE && s[j].fp; j++)
            if (s[j].fp == fp) {
                for (int q = 0; q < DY_LW; q++) sc[s[j].cls[q] & 63] += s[j].w[q];
                break;
            }
    }
    return label_argmax(sc);
}

/* ---- the runtime's scoring ---------------------------------------------- */

/* A dense key field's row index, or 255 when it is out of the table (then the hashed
 * table answers). */
static inline unsigned ctag(unsigned t)
{
    return t < DY_NTAGS ? t : t == DY_DEP_ROOT_TAG ? DY_NTAGS : t == NOT ? DY_NTAGS + 1 : 255;
}
static inline unsigned rawtag(unsigned c) { return c < DY_NTAGS ? c : c == DY_NTAGS ? DY_DEP_ROOT_TAG : NOT; }
static const unsigned DIM[] = { [DK_T] = NT, [DK_D] = 8, [DK_V] = 16, [DK_L] = DY_NDEPLAB, [DK_NONE] = 1 };
static inline unsigned dfield(int kind, unsigned v)
{
    if (kind == DK_T) return ctag(v);
    return v < DIM[kind] ? v : 255;
}
static size_t dense_rows(int j) { return (size_t)DIM[DENSE[j].kind[0]] * DIM[DENSE[j].kind[1]] * DIM[DENSE[j].kind[2]]; }

static inline const struct tslot *tfind(const dy_depmodel *m, uint64_t h)
{
    uint16_t fp = fp16_of(h);
    const struct tslot *s = thome(m, h);
    for (int j = 0; j < DY_PROBE && s[j].fp; j++) if (s[j].fp == fp) return &s[j];
    return NULL;
}
static inline void tadd(const dy_depmodel *m, uint64_t h, int32_t *acc)
{
    const struct tslot *s = tfind(m, h);
    if (s) { acc[0] += s->w[0]; acc[1] += s->w[1]; acc[2] += s->w[2]; }
}
/* tadd with the home slot and fingerprint already computed (for the prefetch) */
static inline void tadd_at(const struct tslot *s, uint16_t fp, int32_t *acc)
{
    for (int j = 0; j < DY_PROBE && s[j].fp; j++)
        if (s[j].fp == fp) { acc[0] += s[j].w[0]; acc[1] += s[j].w[1]; acc[2] += s[j].w[2]; return; }
}
static inline const struct lslot *lfind(const dy_depmodel *m, uint64_t h)
{
    uint32_t fp = fp_of(h);
    const struct lslot *s = lhome(m, h);
    for (int j = 0; j < DY_PROBE && s[j].fp; j++) if (s[j].fp == fp) return &s[j];
    return NULL;
}

static int build_dense(dy_depmodel *m)
{
    size_t rows = 0;
    for (int j = 0; j < NDENSE; j++) { m->doff[j] = (uint32_t)rows; rows += dense_rows(j); }
    m->dn = calloc(rows, sizeof *m->dn);
    m->ld = calloc(4 * NT, sizeof *m->ld);
    if (!m->dn || !m->ld) return -1;
    for (int j = 0; j < NDENSE; j++) {
        unsigned d0 = DIM[DENSE[j].kind[0]], d1 = DIM[DENSE[j].kind[1]];
        for (size_t r = 0; r < dense_rows(j); r++) {
            unsigned f[3] = { (unsigned)(r % d0), (unsigned)(r / d0 % d1), (unsigned)(r / d0 / d1) };
            uint32_t key = 0;
            for (int q = 0; q < 3; q++) key |= (DENSE[j].kind[q] == DK_T ? rawtag(f[q]) : f[q]) << (8 * q);
            const struct tslot *s = tfind(m, fh_tag(DENSE[j].id, 0, key));
            if (s) memcpy(m->dn[m->doff[j] + r], s->w, sizeof s->w);
        }
    }
    static const int LID[2] = { 2, 5 };
    for (int q = 0; q < 2; q++)
        for (unsigned dir = 0; dir < 2; dir++)
            for (unsigned c = 0; c < NT; c++) {
                const struct lslot *s = lfind(m, fh_tag(100 + LID[q], 0, rawtag(c) | dir << 8));
                if (s) m->ld[(q * 2 + dir) * NT + c] = *s;
            }
    return 0;
}

/* The sum of the shift/left/right weights of every feature of the state, as
 * dy_dep_scores(dy_dep_feats(...)) gives it, read the cheap way: the buffer group
 * once per buffer position (bg), the stack group once per token as s0
 * and the s0-right group once per token and right valency (st->cache), the dense templates from their tables, only the rest hashed. */
/* The buffer group's running state: the sums of position pos, and the features of
 * the next position, hashed and prefetched ahead (a shift reads them; the loads of
 * the transitions in between hide their misses). */
struct bgroup { int pos, npos, nn; int32_t sum[3]; uint64_t next[NFB]; };

static void tscore(const dy_depmodel *m, dy_depstate *st, struct bgroup *bg, int32_t sc[DY_NDT])
{
    int32_t *bsum = bg->sum;
    struct fctx c;
    fctx_of(st, &c);
    uint64_t f[DY_DEP_MAXFEATS + NFB + NFS + NFR];
    int nr = feats_rest(st, &c, f, m->set), k = nr, nb = 0, n0 = 0, n1 = 0;
    if (bg->pos != st->b) {
        if (bg->npos == st->b) { memcpy(f + k, bg->next, (size_t)bg->nn * sizeof *f); nb = bg->nn; }
        else nb = feats_b(st, st->b, f + k, m->set);
        k += nb;
    }
    int i0 = c.s0 + 1;
    int32_t *c0 = st->cache + 8 * i0, *c1 = c0 + 4;
    int32_t rkey = (c.s0 >= 0 ? st->nr[c.s0] : 0) + 1;
    if (!st->cf[i0]) k += n0 = feats_stack(st, &c, f + k, m->set);
    if (c1[3] != rkey) k += n1 = feats_s0r(st, &c, f + k, m->set);
    /* all the windows are fetched at once so their cache misses overlap */
    const struct tslot *hp[DY_DEP_MAXFEATS + NFB + NFS + NFR];
    uint16_t fq[DY_DEP_MAXFEATS + NFB + NFS + NFR];
    for (int j = 0; j < k; j++) { hp[j] = thome(m, f[j]); fq[j] = fp16_of(f[j]); __builtin_prefetch(hp[j]); }
    int32_t acc[4] = { 0, 0, 0, 0 };
    /* the dense templates (DENSE order) */
    int s0 = c.s0, b0 = c.b0;
    unsigned s0c = ctag((unsigned)T(s0)), b0c = ctag((unsigned)T(b0)), x3 = ctag((unsigned)T(c.b0l1));
    unsigned d = s0 >= 0 && b0 >= 0 ? (unsigned)dbucket(b0 - s0) : 0, vlb = b0 >= 0 ? st->nl[b0] : 0;
    if ((s0c | b0c | x3) < 255 && vlb < 16) {
        const int16_t (*D)[4] = m->dn;
        const uint32_t *o = m->doff;
#define ADD(r) do { const int16_t *w_ = D[r]; acc[0] += w_[0]; acc[1] += w_[1]; acc[2] += w_[2]; } while (0)
        ADD(o[0] + s0c + NT * b0c); ADD(o[1] + s0c + NT * d); ADD(o[2] + b0c + NT * d); ADD(o[3] + s0c + NT * (b0c + NT * d));
        ADD(o[4] + b0c + NT * vlb); ADD(o[5] + x3 + NT * L(c.b0l1)); ADD(o[6]);
#undef ADD
    } else {
        /* a tag outside the tables or a valency of 16 or more: key by key */
        uint32_t key[NDENSE];
        dense_keys(st, &c, key);
        for (int j = 0; j < NDENSE; j++) {
            unsigned a = dfield(DENSE[j].kind[0], key[j] & 255), b = dfield(DENSE[j].kind[1], key[j] >> 8 & 255);
            unsigned e = dfield(DENSE[j].kind[2], key[j] >> 16);
            if ((a | b | e) < 255) {
                const int16_t *w = m->dn[m->doff[j] + a + DIM[DENSE[j].kind[0]] * (b + DIM[DENSE[j].kind[1]] * e)];
                acc[0] += w[0]; acc[1] += w[1]; acc[2] += w[2];
            } else tadd(m, fh_tag(DENSE[j].id, 0, key[j]), acc);
        }
    }
    for (int j = 0; j < nr; j++) tadd_at(hp[j], fq[j], acc);
    if (nb) {
        bsum[0] = bsum[1] = bsum[2] = 0;
        for (int j = nr; j < nr + nb; j++) tadd_at(hp[j], fq[j], bsum);
        bg->pos = st->b;
        if (st->b < st->n) {
            bg->nn = feats_b(st, st->b + 1, bg->next, m->set);
            bg->npos = st->b + 1;
            for (int j = 0; j < bg->nn; j++) __builtin_prefetch(thome(m, bg->next[j]));
        }
    }
    if (n0) {
        c0[0] = c0[1] = c0[2] = 0;
        for (int j = nr + nb; j < nr + nb + n0; j++) tadd_at(hp[j], fq[j], c0);
        st->cf[i0] = 1;
    }
    if (n1) {
        c1[0] = c1[1] = c1[2] = 0;
        for (int j = nr + nb + n0; j < k; j++) tadd_at(hp[j], fq[j], c1);
        c1[3] = rkey;
    }
    for (int q = 0; q < 3; q++) sc[q] = acc[q] + bsum[q] + c0[q] + c1[q];
}

static int lbest(const dy_depmodel *m, const dy_depstate *st, int h, int d)
{
    uint64_t f[DY_DEP_MAXFEATS];
    int nf = dy_dep_label_feats(st, h, d, f);
    const struct lslot *hp[DY_DEP_MAXFEATS];
    uint32_t fq[DY_DEP_MAXFEATS];
    for (int k = 2; k < nf; k++) { hp[k] = lhome(m, f[k]); fq[k] = fp_of(f[k]); __builtin_prefetch(hp[k]); }
    int32_t sc[64] = { 0 };
    unsigned dir = d < h, cd = ctag(st->t[d]), chd = ctag(st->t[h]);
    /* features 0 and 1: label templates 2 and 5, dense */
    const struct lslot *s0 = cd < 255 ? &m->ld[(0 * 2 + dir) * NT + cd] : lfind(m, f[0]);
    const struct lslot *s1 = chd < 255 ? &m->ld[(1 * 2 + dir) * NT + chd] : lfind(m, f[1]);
    if (s0) for (int q = 0; q < DY_LW; q++) sc[s0->cls[q] & 63] += s0->w[q];
    if (s1) for (int q = 0; q < DY_LW; q++) sc[s1->cls[q] & 63] += s1->w[q];
    for (int k = 2; k < nf; k++) {
        const struct lslot *s = hp[k];
        for (int j = 0; j < DY_PROBE && s[j].fp; j++)
            if (s[j].fp == fq[k]) {
                for (int q = 0; q < DY_LW; q++) sc[s[j].cls[q] & 63] += s[j].w[q];
                break;
            }
    }
    return label_argmax(sc);
}

void dy_dep_run(const dy_depmodel *m, dy_depstate *st)
{
    struct bgroup bg = { .pos = -1, .npos = -1 };
    while (!dy_dep_done(st)) {
        unsigned v = dy_dep_valid(st);
        int a = -1;
        if (v & (v - 1)) {
            int32_t sc[DY_NDT];
            tscore(m, st, &bg, sc);
            for (int c = 0; c < DY_NDT; c++) if ((v >> c & 1) && (a < 0 || sc[c] > sc[a])) a = c;
        } else {
            a = v & 1 ? 0 : v & 2 ? 1 : 2;
        }
        int lab = 0;
        if (a != DY_DT_SHIFT) {
            int h, d;
            dy_dep_arc(st, a, &h, &d);
            lab = dy_dep_fixed_label(st, h, d);
            if (!lab) lab = h == 0 ? DY_DL_ROOT : lbest(m, st, h, d);
        }
        dy_dep_apply(st, a, lab);
    }
}

/* ---- beam search ------------------------------------------------------------
 * For a model trained with a beam (tools/train-parser --beam: global training, early
 * update): its weights score whole transition sequences, and read greedily they parse
 * badly.  The beam's items advance in step (arc-hybrid: 2n transitions each); every
 * item is a copy of the state in the caller's memory, scored by the flat path
 * (dy_dep_feats, dy_dep_scores): the per-token caches of tscore belong to one state.
 * Ties break by item, then transition, as in the trainer. */
struct bcand { int64_t sc; int parent, a; };

static size_t balign(size_t n) { return (n + 15) & ~(size_t)15; }

size_t dy_dep_beam_bytes(int n, int beam)
{
    return 2 * (size_t)beam * (balign(dy_dep_state_bytes(n)) + sizeof(dy_depstate) + sizeof(int64_t)) +
           3 * (size_t)beam * sizeof(struct bcand) + 16;
}

static void bsort(struct bcand *c, int n)
{
    for (int i = 1; i < n; i++) {   /* at most 3 x beam candidates: insertion sort */
        struct bcand x = c[i];
        int j = i - 1;
        while (j >= 0 && (c[j].sc < x.sc || (c[j].sc == x.sc && (c[j].parent > x.parent || (c[j].parent == x.parent && c[j].a > x.a))))) {
            c[j + 1] = c[j];
            j--;
        }
        c[j + 1] = x;
    }
}

void dy_dep_run_beam(const dy_depmodel *m, dy_depstate *st, int beam, void *mem)
{
    if (beam < 2) { dy_dep_run(m, st); return; }
    int n = st->n;
    size_t sb = balign(dy_dep_state_bytes(n));
    unsigned char *p = (unsigned char *)balign((size_t)mem);
    dy_depstate *it = (dy_depstate *)(p + 2 * (size_t)beam * sb);
    int64_t *sc = (int64_t *)(it + 2 * beam);
    struct bcand *cd = (struct bcand *)(sc + 2 * beam);
    uint64_t f[DY_DEP_MAXFEATS];
    dy_dep_state_copy(&it[0], p, st);
    sc[0] = 0;
    int cur = 0, nb = 1;
    for (int t = 0; t < 2 * n; t++) {
        int nc = 0;
        for (int i = 0; i < nb; i++) {
            const dy_depstate *x = &it[cur * beam + i];
            unsigned v = dy_dep_valid(x);
            int32_t q[DY_NDT] = { 0, 0, 0 };
            if (v & (v - 1)) dy_dep_scores(m, f, dy_dep_feats(x, f, m->set), q);
            for (int a = 0; a < DY_NDT; a++)
                if (v >> a & 1) cd[nc++] = (struct bcand){ sc[cur * beam + i] + q[a], i, a };
        }
        bsort(cd, nc);
        int keep = nc < beam ? nc : beam, nx = 1 - cur;
        for (int k = 0; k < keep; k++) {
            dy_depstate *y = &it[nx * beam + k];
            dy_dep_state_copy(y, p + (size_t)(nx * beam + k) * sb, &it[cur * beam + cd[k].parent]);
            int a = cd[k].a, lab = 0;
            if (a != DY_DT_SHIFT) {
                int h, d;
                dy_dep_arc(y, a, &h, &d);
                lab = dy_dep_fixed_label(y, h, d);
                if (!lab) lab = dy_dep_best_label(m, f, dy_dep_label_feats(y, h, d, f), h);
            }
            dy_dep_apply(y, a, lab);
            sc[nx * beam + k] = cd[k].sc;
        }
        cur = nx;
        nb = keep;
    }
    const dy_depstate *best = &it[cur * beam];
    memcpy(st->ls, best->ls, dy_dep_state_bytes(n));
    st->sp = best->sp;
    st->b = best->b;
}

int dy_dep_beam(const dy_depmodel *m) { int b = (int)(m->set >> DY_DEP_BEAM_SHIFT & 0xff); return b > 1 ? b : 1; }

size_t dy_dep_nfeatures(const dy_depmodel *m) { return m ? m->nfeat : 0; }
unsigned dy_dep_feature_set(const dy_depmodel *m) { return m->set; }

void dy_dep_free(dy_depmodel *m)
{
    if (!m) return;
    free(m->dn);
    free(m->ld);
    free(m->buf);
    free(m);
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)
#define HUGE ((size_t)2 << 20)

/* trs, lbs: the table sizes, [0] word features, [1] tag features; cls: the cluster
 * table's (0: none) */
static size_t model_bytes(const uint64_t trs[2], const uint64_t lbs[2], uint64_t cls)
{
    return HDR + (size_t)(trs[0] + trs[1] + 2 * (DY_PROBE - 1)) * sizeof(struct tslot) +
           (size_t)(lbs[0] + lbs[1] + 2 * (DY_PROBE - 1)) * sizeof(struct lslot) +
           (cls ? (size_t)(cls + DY_PROBE - 1) * sizeof(uint64_t) : 0);
}
static inline uint32_t cfp_of(uint64_t h) { return (uint32_t)(h >> 32) | 1u; }

void dy_dep_clusters(const dy_depmodel *m, dy_depword *w, int n)
{
    if (!m->cs) { for (int i = 0; i <= n; i++) w[i].c = 0; return; }
    w[0].c = DY_DEP_CLUST_MARK;
    for (int i = 1; i <= n; i++) {
        const uint64_t *s = &m->cs[(uint32_t)w[i].w & m->cmask];
        uint32_t fp = cfp_of(w[i].w), c = 0;
        for (int j = 0; j < DY_PROBE && s[j]; j++)
            if ((uint32_t)(s[j] >> 32) == fp) { c = (uint32_t)s[j]; break; }
        w[i].c = c;
    }
}
static int pow2ok(uint64_t v) { return v && !(v & (v - 1)) && v <= (1u << 28); }

dy_depmodel *dy_dep_load(const char *path, char *err, size_t errlen)
{
    dy_depmodel *m = calloc(1, sizeof *m);
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    if (!m) { snprintf(err, errlen, "%s: out of memory", path); if (f) fclose(f); return NULL; }
    if (!f) FAIL("%s: cannot open parser model: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0) FAIL("%s: cannot seek", path);
    long sz = ftell(f);
    if (sz < HDR) FAIL("%s: not a dyad parser model (too short)", path);
    rewind(f);
    /* The tables are read at random, a few dozen lookups per transition: in 4 KiB
     * pages nearly each one also misses the TLB.  2 MiB aligned, with the kernel
     * asked for huge pages (a hint: without them it is the same memory). */
    if ((size_t)sz >= HUGE) {
        size_t cap = ((size_t)sz + HUGE - 1) & ~(size_t)(HUGE - 1);
        void *mem = NULL;
        if (posix_memalign(&mem, HUGE, cap)) FAIL("%s: out of memory", path);
        buf = mem;
#ifdef MADV_HUGEPAGE
        (void)madvise(buf, cap, MADV_HUGEPAGE);
#endif
    } else if (!(buf = malloc((size_t)sz))) FAIL("%s: out of memory", path);
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) FAIL("%s: read error", path);
    fclose(f);
    f = NULL;
    if (memcmp(buf, MAGIC, 8)) FAIL("%s: not a dyad parser model (bad magic)", path);
    unsigned ver = rd32(buf + 8);
    if (ver != VERSION && ver != 10u) FAIL("%s: parser model version %u, this dyad reads versions 10 and %u", path, ver, VERSION);
    if (rd32(buf + 12) != 0x01020304u) FAIL("%s: parser model of another byte order", path);
    if (rd32(buf + 16) != DY_NDEPLAB) FAIL("%s: parser model has %u labels, this dyad knows %d", path, rd32(buf + 16), DY_NDEPLAB);
    uint64_t trs[2] = { rd32(buf + 20), rd32(buf + 48) }, lbs[2] = { rd32(buf + 24), rd32(buf + 52) }, nfeat = rd32(buf + 32);
    uint64_t sum = rd64(buf + 40), cls = ver >= 11u ? rd32(buf + 56) : 0;
    if (!pow2ok(trs[0]) || !pow2ok(lbs[0]))
        FAIL("%s: parser model table sizes (word features) are no powers of two", path);
    if (!pow2ok(trs[1]) || !pow2ok(lbs[1]))
        FAIL("%s: parser model table sizes (tag features) are no powers of two", path);
    if (cls && !pow2ok(cls)) FAIL("%s: parser model cluster table size is no power of two", path);
    if (model_bytes(trs, lbs, cls) != (uint64_t)sz)
        FAIL("%s: parser model truncated or padded (%ld bytes, header says %zu)", path, sz, model_bytes(trs, lbs, cls));
    if (dy_dep_checksum(buf + HDR, (size_t)sz - HDR) != sum) FAIL("%s: parser model checksum mismatch (corrupt file)", path);
    m->buf = buf;
    m->ts[0] = (const struct tslot *)(buf + HDR);
    m->ts[1] = m->ts[0] + trs[0] + DY_PROBE - 1;
    m->ls[0] = (const struct lslot *)(m->ts[1] + trs[1] + DY_PROBE - 1);
    m->ls[1] = m->ls[0] + lbs[0] + DY_PROBE - 1;
    for (int g = 0; g < 2; g++) { m->tmask[g] = (uint32_t)trs[g] - 1; m->lmask[g] = (uint32_t)lbs[g] - 1; }
    m->nfeat = nfeat;
    m->set = rd32(buf + 36);
    if (m->set & ~(unsigned)(DY_DEP_RICH | DY_DEP_GROUPED | DY_DEP_CLUST | 0xffu << DY_DEP_BEAM_SHIFT)) FAIL("%s: parser model feature set %#x unknown", path, m->set);
    if (!(m->set & DY_DEP_CLUST) != !cls) FAIL("%s: parser model feature set %#x and its cluster table (%llu slots) disagree", path, m->set, (unsigned long long)cls);
    if (cls) {
        m->cs = (const uint64_t *)(m->ls[1] + lbs[1] + DY_PROBE - 1);
        m->cmask = (uint32_t)cls - 1;
        for (uint64_t i = 0; i < cls + DY_PROBE - 1; i++) {
            uint32_t c = (uint32_t)m->cs[i];
            if (m->cs[i] && (c < DY_DEP_CLUST_LEAF || c >= DY_DEP_CLUST_MARK || !(m->cs[i] >> 32 & 1)))
                FAIL("%s: parser model cluster code %#x out of range in slot %llu", path, c, (unsigned long long)i);
        }
    }
    for (uint64_t i = 0; i < lbs[0] + lbs[1] + 2 * (DY_PROBE - 1); i++)
        for (int q = 0; q < DY_LW; q++)
            if (m->ls[0][i].cls[q] >= (m->ls[0][i].w[q] ? DY_NDEPLAB : 64)) FAIL("%s: parser model label out of range in slot %llu", path, (unsigned long long)i);
    if (build_dense(m)) FAIL("%s: out of memory", path);
    return m;
fail:
    if (f) fclose(f);
    free(buf);
    free(m->dn);
    free(m->ld);
    free(m);
    return NULL;
}

/* ---- writer --------------------------------------------------------------- */

/* Features within DY_PROBE slots of their home slot; returns how many did not fit
 * (a full window or a fingerprint twin: the first feature keeps the slot). */
static size_t fill_t(struct tslot *s, uint32_t size, const struct dy_dep_wfeat *f, size_t nf, unsigned g)
{
    size_t lost = 0;
    for (size_t k = 0; k < nf; k++) {
        if ((unsigned)(f[k].hash >> 63) != g) continue;
        uint16_t fp = fp16_of(f[k].hash);
        uint32_t i = (uint32_t)f[k].hash & (size - 1), j = 0;
        while (j < DY_PROBE && s[i + j].fp && s[i + j].fp != fp) j++;
        if (j == DY_PROBE || s[i + j].fp || f[k].n <= 0) { lost++; continue; }
        s[i + j].fp = fp;
        for (int q = 0; q < f[k].n; q++) if (f[k].cls[q] < DY_NDT) s[i + j].w[f[k].cls[q]] = f[k].w[q];
    }
    return lost;
}

static size_t fill_l(struct lslot *s, uint32_t size, const struct dy_dep_wfeat *f, size_t nf, unsigned g)
{
    size_t lost = 0;
    for (size_t k = 0; k < nf; k++) {
        if ((unsigned)(f[k].hash >> 63) != g) continue;
        uint32_t fp = fp_of(f[k].hash), i = (uint32_t)f[k].hash & (size - 1), j = 0;
        while (j < DY_PROBE && s[i + j].fp && s[i + j].fp != fp) j++;
        if (j == DY_PROBE || s[i + j].fp || f[k].n <= 0) { lost++; continue; }
        struct lslot *o = &s[i + j];
        o->fp = fp;
        /* the DY_LW largest weights, in the order of the list (ties: the earlier) */
        unsigned char used[DY_NDEPLAB] = { 0 };
        for (int q = 0; q < DY_LW && q < f[k].n; q++) {
            int b = -1;
            for (int r = 0; r < f[k].n; r++)
                if (!used[r] && (b < 0 || abs(f[k].w[r]) > abs(f[k].w[b]))) b = r;
            used[b] = 1;
            o->cls[q] = f[k].cls[b];
            o->w[q] = f[k].w[b];
        }
        /* unused pairs (weight 0) name spare counters past the labels, a different one
         * each: all naming label 0 made the readers' additions one dependent chain */
        for (int q = f[k].n; q < DY_LW; q++) o->cls[q] = (uint8_t)(DY_NDEPLAB + q);
    }
    return lost;
}

static size_t fill_c(uint64_t *s, uint32_t size, const struct dy_dep_ctab *ct)
{
    size_t lost = 0;
    for (size_t k = 0; k < ct->n; k++) {
        uint32_t fp = cfp_of(ct->hash[k]), i = (uint32_t)ct->hash[k] & (size - 1), j = 0;
        while (j < DY_PROBE && s[i + j] && (uint32_t)(s[i + j] >> 32) != fp) j++;
        if (j == DY_PROBE || s[i + j]) { lost++; continue; }
        s[i + j] = (uint64_t)fp << 32 | ct->code[k];
    }
    return lost;
}

static uint32_t table_size(size_t n)
{
    uint32_t s = 64;
    while (s < 2 * n + 1) s *= 2;   /* load <= 0.5: a lookup of an absent feature ends after 2.5 slots on average */
    return s;
}

int dy_dep_write(const char *path, const struct dy_dep_wfeat *tf, size_t ntf, const struct dy_dep_wfeat *lf,
                 size_t nlf, unsigned set, const struct dy_dep_ctab *ct, char *err, size_t errlen)
{
    if (!ct != !(set & DY_DEP_CLUST)) { snprintf(err, errlen, "%s: clusters and feature set %#x disagree", path, set); return -1; }
    /* [0] word features, [1] tag features (TAGF), each kind its own table */
    size_t nt[2] = { 0, 0 }, nl[2] = { 0, 0 };
    for (size_t k = 0; k < ntf; k++) nt[tf[k].hash >> 63]++;
    for (size_t k = 0; k < nlf; k++) nl[lf[k].hash >> 63]++;
    uint64_t trs[2], lbs[2], cls = ct ? table_size(ct->n) : 0;
    for (int g = 0; g < 2; g++) { trs[g] = table_size(nt[g]); lbs[g] = table_size(nl[g]); }
    /* a larger table only when more than 1% of its features find no slot in their window */
    unsigned char *buf = NULL;
    size_t total = 0, lt[2] = { 0, 0 }, ll[2] = { 0, 0 }, lc = 0;
    int bad = 0;
    for (int tries = 0; tries < 4; tries++) {
        total = model_bytes(trs, lbs, cls);
        free(buf);
        buf = calloc(1, total);
        if (!buf) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
        struct tslot *ts0 = (struct tslot *)(buf + HDR), *ts1 = ts0 + trs[0] + DY_PROBE - 1;
        struct lslot *ls0 = (struct lslot *)(ts1 + trs[1] + DY_PROBE - 1), *ls1 = ls0 + lbs[0] + DY_PROBE - 1;
        lt[0] = fill_t(ts0, (uint32_t)trs[0], tf, ntf, 0);
        lt[1] = fill_t(ts1, (uint32_t)trs[1], tf, ntf, 1);
        ll[0] = fill_l(ls0, (uint32_t)lbs[0], lf, nlf, 0);
        ll[1] = fill_l(ls1, (uint32_t)lbs[1], lf, nlf, 1);
        lc = ct ? fill_c((uint64_t *)(ls1 + lbs[1] + DY_PROBE - 1), (uint32_t)cls, ct) : 0;
        bad = 0;
        if (ct && lc) { cls *= 2; bad = 1; }   /* every word in: training saw each word's cluster */
        for (int g = 0; g < 2; g++) {
            if (lt[g] * 100 > nt[g]) { trs[g] *= 2; bad = 1; }
            if (ll[g] * 100 > nl[g]) { lbs[g] *= 2; bad = 1; }
        }
        if (!bad) break;
    }
    if (bad) { snprintf(err, errlen, "%s: features found no slot", path); free(buf); return -1; }
    size_t lost = lt[0] + lt[1] + ll[0] + ll[1];   /* (lc, words of no slot, are words of no cluster) */
    memcpy(buf, MAGIC, 8);
    wr32(buf + 8, VERSION);
    wr32(buf + 12, 0x01020304u);
    wr32(buf + 16, DY_NDEPLAB);
    wr32(buf + 20, (uint32_t)trs[0]);
    wr32(buf + 24, (uint32_t)lbs[0]);
    wr32(buf + 28, (uint32_t)lost);
    wr32(buf + 32, (uint32_t)(ntf + nlf - lost));
    wr32(buf + 36, set);
    wr32(buf + 48, (uint32_t)trs[1]);
    wr32(buf + 52, (uint32_t)lbs[1]);
    wr32(buf + 56, (uint32_t)cls);
    wr64(buf + 40, dy_dep_checksum(buf + HDR, total - HDR));
    FILE *f = fopen(path, "wb");
    if (!f) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); free(buf); return -1; }
    int ok = fwrite(buf, 1, total, f) == total;
    ok = (fclose(f) == 0) && ok;
    free(buf);
    if (!ok) { snprintf(err, errlen, "%s: write error", path); return -1; }
    return 0;
}
/* ---- the cluster file (tools/train-parser --clusters) -------------------- */

static int ccmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1];
}

int dy_dep_clusters_read(const char *path, struct dy_dep_ctab *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open clusters: %s", path, strerror(errno)); return -1; }
    /* pairs (hash, line << 32 | code), sorted by hash then line: the first line of a hash wins */
    uint64_t *p = NULL;
    size_t n = 0, cap = 0;
    char line[1024];
    unsigned long ln = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = 0; else if (!feof(f)) { snprintf(err, errlen, "%s:%lu: line too long", path, ln); rc = -1; break; }
        char *tab = strchr(line, '\t');
        if (!tab || tab == line) { snprintf(err, errlen, "%s:%lu:1: expected 'word<TAB>path'", path, ln); rc = -1; break; }
        const char *b = tab + 1;
        uint32_t code = DY_DEP_CLUST_LEAF;
        size_t bl = strlen(b);
        int ok = bl == DY_DEP_CLUST_DEPTH;
        for (size_t i = 0; ok && i < bl; i++) { if (b[i] != '0' && b[i] != '1') ok = 0; else code |= (uint32_t)(b[i] - '0') << (DY_DEP_CLUST_DEPTH - 1 - i); }
        if (!ok) { snprintf(err, errlen, "%s:%lu:%d: path must be %d bits of 0 and 1", path, ln, (int)(b - line) + 1, DY_DEP_CLUST_DEPTH); rc = -1; break; }
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint64_t *q = realloc(p, cap * 2 * sizeof *p);
            if (!q) { snprintf(err, errlen, "%s: out of memory", path); rc = -1; break; }
            p = q;
        }
        dy_depword w;
        dy_dep_word(line, (unsigned)(tab - line), &w);
        p[2 * n] = w.w;
        p[2 * n + 1] = (uint64_t)ln << 32 | code;
        n++;
    }
    if (!rc && ferror(f)) { snprintf(err, errlen, "%s: read error", path); rc = -1; }
    fclose(f);
    if (rc) { free(p); return -1; }
    qsort(p, n, 2 * sizeof *p, ccmp);
    out->hash = malloc((n ? n : 1) * sizeof *out->hash);
    out->code = malloc((n ? n : 1) * sizeof *out->code);
    if (!out->hash || !out->code) { free(p); dy_dep_ctab_free(out); snprintf(err, errlen, "%s: out of memory", path); return -1; }
    for (size_t i = 0; i < n; i++) {
        if (i && p[2 * i] == p[2 * (i - 1)]) continue;
        out->hash[out->n] = p[2 * i];
        out->code[out->n++] = (uint32_t)p[2 * i + 1];
    }
    free(p);
    return 0;
}

void dy_dep_ctab_free(struct dy_dep_ctab *t)
{
    free(t->hash);
    free(t->code);
    memset(t, 0, sizeof *t);
}

uint32_t dy_dep_ctab_get(const struct dy_dep_ctab *t, uint64_t h)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->hash[mid] < h) lo = mid + 1; else hi = mid;
    }
    return lo < t->n && t->hash[lo] == h ? t->code[lo] : 0;
}

#undef W
#undef SF
#undef T
#undef L
#undef CH
