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
 * features live in one open-addressing table (32-bit fingerprint and an
 * offset) pointing into sparse (class, int16 weight) lists.  Transitions
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
    return m * (8 * sizeof(int) + 2 * sizeof(uint64_t)) + 3 * ((m + 7) & ~(size_t)7);
}

void dy_dep_state_init(dy_depstate *st, void *mem, int n, const dy_depword *w, const unsigned char *t)
{
    size_t m = (size_t)n + 2, mb = (m + 7) & ~(size_t)7;
    memset(mem, 0, dy_dep_state_bytes(n));
    uint64_t *q = mem;
    st->ls = q; st->rs = q + m;
    int *p = (int *)(q + 2 * m);
    st->stk = p; st->head = p + m; st->l1 = p + 2 * m; st->l2 = p + 3 * m; st->r1 = p + 4 * m; st->r2 = p + 5 * m;
    unsigned char *c = (unsigned char *)(p + 8 * m);
    st->lab = c; st->nl = c + mb; st->nr = c + 2 * mb;
    st->n = n; st->w = w; st->t = t;
    for (size_t i = 0; i < m; i++) st->head[i] = -1;
    st->stk[0] = 0; st->sp = 1; st->b = 1;
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
}

void dy_dep_root_word(dy_depword *out) { dy_dep_word("<root>", 6, out); }

static inline uint64_t fh(uint64_t tmpl, uint64_t a, uint64_t b)
{
    uint64_t h = (a ^ (tmpl * 0x9E3779B97F4A7C15ULL)) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    h = (h ^ b) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29);
}
#define NOW 0x5bd1e9955bd1e995ULL   /* word of no token */
#define NOT 61                      /* tag of no token */
#define K2 0x87c37b91114253d5ULL

static inline int dbucket(int d) { if (d < 0) d = -d; return d <= 4 ? d : d <= 6 ? 5 : d <= 9 ? 6 : 7; }

int dy_dep_feats(const dy_depstate *st, uint64_t *o, unsigned set)
{
    const int *S = st->stk;
    int sp = st->sp, n = st->n;
    int s0 = sp >= 1 ? S[sp - 1] : -1, s1 = sp >= 2 ? S[sp - 2] : -1, s2 = sp >= 3 ? S[sp - 3] : -1;
    int b0 = st->b <= n ? st->b : -1, b1 = st->b + 1 <= n ? st->b + 1 : -1, b2 = st->b + 2 <= n ? st->b + 2 : -1;
#define CH(x, a) ((x) >= 0 && st->a[x] ? st->a[x] : -1)
    int s0l1 = CH(s0, l1), s0l2 = CH(s0, l2), s0r1 = CH(s0, r1), s0r2 = CH(s0, r2);
    int s1l1 = CH(s1, l1), s1r1 = CH(s1, r1), b0l1 = CH(b0, l1), b0l2 = CH(b0, l2);
#define W(x) ((x) >= 0 ? st->w[x].w : NOW)
#define SF(x) ((x) >= 0 ? st->w[x].sf : NOW)
#define T(x) ((uint64_t)((x) >= 0 ? st->t[x] : NOT))
#define L(x) ((uint64_t)((x) > 0 ? st->lab[x] : 0))
    uint64_t s0w = W(s0), s1w = W(s1), b0w = W(b0), b1w = W(b1), b2w = W(b2);
    uint64_t s0t = T(s0), s1t = T(s1), s2t = T(s2), b0t = T(b0), b1t = T(b1), b2t = T(b2);
    uint64_t s0l1t = T(s0l1), s0l2t = T(s0l2), s0r1t = T(s0r1), s0r2t = T(s0r2), s1l1t = T(s1l1), s1r1t = T(s1r1);
    uint64_t b0l1t = T(b0l1), b0l2t = T(b0l2);
    uint64_t d = s0 >= 0 && b0 >= 0 ? (uint64_t)dbucket(b0 - s0) : 0;
    uint64_t d1 = s0 >= 0 && s1 >= 0 ? (uint64_t)dbucket(s0 - s1) : 0;
    uint64_t vl0 = s0 >= 0 ? st->nl[s0] : 0, vr0 = s0 >= 0 ? st->nr[s0] : 0;
    uint64_t vlb = b0 >= 0 ? st->nl[b0] : 0, vr1 = s1 >= 0 ? st->nr[s1] : 0;
    uint64_t ls0 = s0 >= 0 ? st->ls[s0] : 0, rs0 = s0 >= 0 ? st->rs[s0] : 0, lsb = b0 >= 0 ? st->ls[b0] : 0;
    uint64_t rs1 = s1 >= 0 ? st->rs[s1] : 0;
    uint64_t pb = b0 > 0 ? T(b0 - 1) : NOT, ps = s0 > 0 ? T(s0 - 1) : NOT, ns = s0 >= 0 && s0 + 1 <= n ? T(s0 + 1) : NOT;
    int k = 0;
#define F(id, a, b) o[k++] = fh(id, (a), (b))
    /* single tokens */
    F(1, s0w, 0); F(2, 0, s0t); F(3, s0w, s0t); F(4, b0w, 0); F(5, 0, b0t); F(6, b0w, b0t);
    F(7, b1w, 0); F(8, 0, b1t); F(9, b1w, b1t); F(11, 0, b2t); F(12, s1w, 0); F(13, 0, s1t);
    F(14, s1w, s1t); F(15, 0, s2t);
    /* pairs: s0-b0 (left arcs), s1-s0 (right arcs), b0-b1 */
    F(16, s0w, b0w); F(17, s0w * K2 ^ b0w, s0t | b0t << 8); F(20, s0w, s0t | b0t << 8); F(21, b0w, s0t | b0t << 8);
    F(22, 0, s0t | b0t << 8); F(23, 0, b0t | b1t << 8); F(24, s1w, s0w); F(25, 0, s1t | s0t << 8);
    F(26, s1w, s1t | s0t << 8); F(27, s0w, s1t | s0t << 8); F(30, b0w, b1t); F(31, b1w, b0t);
    /* tag triples, with children */
    F(32, 0, b0t | b1t << 8 | b2t << 16); F(33, 0, s0t | b0t << 8 | b1t << 16); F(34, 0, s1t | s0t << 8 | b0t << 16);
    F(35, 0, s2t | s1t << 8 | s0t << 16); F(36, 0, s0t | s0l1t << 8 | b0t << 16); F(37, 0, s0t | s0r1t << 8 | b0t << 16);
    F(38, 0, s0t | b0t << 8 | b0l1t << 16); F(39, 0, s1t | s0t << 8 | s0l1t << 16); F(40, 0, s1t | s1r1t << 8 | s0t << 16);
    F(41, 0, s1t | s0t << 8 | s0r1t << 16);
    /* distance, valency */
    F(47, 0, s0t | d << 8); F(49, 0, b0t | d << 8); F(51, 0, s0t | b0t << 8 | d << 16); F(52, 0, s1t | s0t << 8 | d1 << 16);
    F(54, 0, s0t | vr0 << 8); F(56, 0, s0t | vl0 << 8); F(58, 0, b0t | vlb << 8); F(60, 0, s1t | vr1 << 8);
    /* children and their labels */
    F(62, 0, s0l1t | L(s0l1) << 8); F(65, 0, s0r1t | L(s0r1) << 8); F(68, 0, b0l1t | L(b0l1) << 8);
    F(71, 0, s1r1t | L(s1r1) << 8); F(61, W(s0l1), s0t); F(64, W(s0r1), s0t);
    F(76, 0, s0t | L(s0l1) << 8 | L(s0l2) << 16); F(77, 0, s0t | L(s0r1) << 8 | L(s0r2) << 16);
    F(78, 0, b0t | L(b0l1) << 8 | L(b0l2) << 16);
    /* label sets */
    F(80, rs0, s0t); F(82, ls0, s0t); F(84, lsb, b0t); F(85, rs1, s1t);
    /* the words between s0 and b0 */
    F(86, 0, s0t | ns << 8 | pb << 16 | b0t << 24); F(87, 0, ps | s0t << 8 | b0t << 16);
    F(89, s0w, b0t | b1t << 8); F(90, 0, 0);
    F(91, SF(s0), s0t); F(92, SF(b0), b0t); F(93, SF(b1), b1t);
    if (set & DY_DEP_RICH) {
        /* the rest of Zhang & Nivre's templates: more word conjunctions (twice the time) */
        F(10, b2w, 0); F(18, s0w * K2 ^ b0w, s0t); F(19, s0w * K2 ^ b0w, b0t << 8); F(28, s1w * K2 ^ s0w, s1t | s0t << 8);
        F(29, b0w, b1w); F(42, 0, s0t | s0l1t << 8 | s0l2t << 16); F(43, 0, s0t | s0r1t << 8 | s0r2t << 16);
        F(44, 0, b0t | b0l1t << 8 | b0l2t << 16); F(45, 0, s1t | s1l1t << 8 | s0t << 16);
        F(46, s0w, d); F(48, b0w, d); F(50, s0w * K2 ^ b0w, d); F(53, s0w, vr0); F(55, s0w, vl0); F(57, b0w, vlb);
        F(59, s1w, vr1); F(67, W(b0l1), b0t); F(70, W(s1r1), s1t); F(79, s0w, rs0); F(81, s0w, ls0); F(83, b0w, lsb);
    }
    return k;
#undef F
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
#define F(id, a, b) o[k++] = fh(100 + id, (a), (b))
    F(1, dw, dir); F(2, 0, dt | dir << 8); F(4, hw, dir); F(5, 0, ht | dir << 8); F(7, dw, ht | dir << 8);
    F(8, hw, dt | dir << 8); F(10, 0, dt | ht << 8 | ds << 16); F(11, st->ls[d], dt | ht << 8);
    F(13, st->ls[h], dt | dir << 8); F(14, st->rs[h], dt | dir << 8);
    F(16, 0, pd | dt << 8 | ht << 16 | dir << 24); F(17, 0, dt | nd << 8 | ht << 16 | dir << 24);
    F(18, W(dl1), dt | dir << 8); F(26, 0, dt | L(dl1) << 8 | L(dl2) << 16 | dir << 24); F(29, W(dl1), dw);
    F(25, 0, dt | T(dr1) << 8 | L(dr1) << 16 | dir << 24);
    F(30, SF(d), dt | dir << 8);
    (void)ph; (void)root;
    return k;
#undef F
}
#undef W
#undef SF
#undef T
#undef L
#undef CH

/* ---- model ---------------------------------------------------------------- */

#define MAGIC "DYPARSER"
#define VERSION 8u
#define HDR 64

/* Both tables hold their weights inline, so a lookup touches one cache line:
 * transitions: a 16-bit fingerprint (with the 20+ index bits, 36+ bits of the feature
 * hash are compared) and the three weights, 8 bytes; labels: a 32-bit fingerprint and
 * the feature's eight largest (label, weight) pairs, 32 bytes (label features vote for
 * 2.4 labels on average; the few longer lists, tag-only features, lose their smallest
 * weights: keeping four cost 0.003 LAS against eight). */
struct tslot { uint16_t fp; int16_t w[3]; };
#define DY_LW 8
struct lslot { uint32_t fp; uint8_t cls[DY_LW]; int16_t w[DY_LW]; uint32_t pad; };   /* 32 bytes */
/* A feature sits within DY_PROBE slots of its home slot (the writer sees to it, each
 * table has DY_PROBE - 1 slots of padding at its end): a lookup never wraps and ends at
 * the first empty slot.  (A branch-free read of the whole window was measured slower.) */
#define DY_PROBE 8
struct dy_depmodel {
    unsigned char *buf;
    const struct tslot *ts;
    const struct lslot *ls;
    uint32_t tmask, lmask;
    size_t nfeat;
    unsigned set;                       /* feature set (DY_DEP_RICH) the model was trained with */
};

static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void wr64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static void wr32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static inline uint32_t fp_of(uint64_t h) { return (uint32_t)(h >> 32) | 1u; }
static inline uint16_t fp16_of(uint64_t h) { return (uint16_t)((h >> 48) | 1u); }

void dy_dep_scores(const dy_depmodel *m, const uint64_t *f, int nf, int32_t sc[DY_NDT])
{
    /* all the windows are fetched at once so their cache misses overlap */
    for (int k = 0; k < nf; k++) __builtin_prefetch(&m->ts[(uint32_t)f[k] & m->tmask]);
    int32_t a = 0, b = 0, c = 0;
    for (int k = 0; k < nf; k++) {
        uint16_t fp = fp16_of(f[k]);
        const struct tslot *s = &m->ts[(uint32_t)f[k] & m->tmask];
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

int dy_dep_best_label(const dy_depmodel *m, const uint64_t *f, int nf, int h)
{
    if (h == 0) return DY_DL_ROOT;
    int32_t sc[64] = { 0 };
    for (int k = 0; k < nf; k++) __builtin_prefetch(&m->ls[(uint32_t)f[k] & m->lmask]);
    for (int k = 0; k < nf; k++) {
        uint32_t fp = fp_of(f[k]);
        const struct lslot *s = &m->ls[(uint32_t)f[k] & m->lmask];
        for (int j = 0; j < DY_PROBE && s[j].fp; j++)
            if (s[j].fp == fp) {
                for (int q = 0; q < DY_LW; q++) sc[s[j].cls[q] & 63] += s[j].w[q];
                break;
            }
    }
    int best = DY_DL_PUNCT;
    for (int l = DY_DL_PUNCT + 1; l < DY_NDEPLAB; l++) if (sc[l] > sc[best]) best = l;
    return best;
}

void dy_dep_run(const dy_depmodel *m, dy_depstate *st)
{
    uint64_t f[DY_DEP_MAXFEATS];
    while (!dy_dep_done(st)) {
        unsigned v = dy_dep_valid(st);
        int a = -1;
        if (v & (v - 1)) {
            int32_t sc[DY_NDT];
            dy_dep_scores(m, f, dy_dep_feats(st, f, m->set), sc);
            for (int c = 0; c < DY_NDT; c++) if ((v >> c & 1) && (a < 0 || sc[c] > sc[a])) a = c;
        } else {
            a = v & 1 ? 0 : v & 2 ? 1 : 2;
        }
        int lab = 0;
        if (a != DY_DT_SHIFT) {
            int h, d;
            dy_dep_arc(st, a, &h, &d);
            lab = dy_dep_fixed_label(st, h, d);
            if (!lab) lab = dy_dep_best_label(m, f, dy_dep_label_feats(st, h, d, f), h);
        }
        dy_dep_apply(st, a, lab);
    }
}

size_t dy_dep_nfeatures(const dy_depmodel *m) { return m ? m->nfeat : 0; }
unsigned dy_dep_feature_set(const dy_depmodel *m) { return m->set; }

void dy_dep_free(dy_depmodel *m)
{
    if (!m) return;
    free(m->buf);
    free(m);
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)

static size_t model_bytes(uint64_t trs, uint64_t lbs)
{
    return HDR + (size_t)(trs + DY_PROBE - 1) * sizeof(struct tslot) + (size_t)(lbs + DY_PROBE - 1) * sizeof(struct lslot);
}

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
    buf = malloc((size_t)sz);
    if (!buf) FAIL("%s: out of memory", path);
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) FAIL("%s: read error", path);
    fclose(f);
    f = NULL;
    if (memcmp(buf, MAGIC, 8)) FAIL("%s: not a dyad parser model (bad magic)", path);
    if (rd32(buf + 8) != VERSION) FAIL("%s: parser model version %u, this dyad reads version %u", path, rd32(buf + 8), VERSION);
    if (rd32(buf + 12) != 0x01020304u) FAIL("%s: parser model of another byte order", path);
    if (rd32(buf + 16) != DY_NDEPLAB) FAIL("%s: parser model has %u labels, this dyad knows %d", path, rd32(buf + 16), DY_NDEPLAB);
    uint64_t trs = rd32(buf + 20), lbs = rd32(buf + 24), nfeat = rd32(buf + 32);
    uint64_t sum = rd64(buf + 40);
    if (!trs || (trs & (trs - 1)) || !lbs || (lbs & (lbs - 1)) || trs > (1u << 28) || lbs > (1u << 28))
        FAIL("%s: parser model table sizes are no powers of two", path);
    if (model_bytes(trs, lbs) != (uint64_t)sz)
        FAIL("%s: parser model truncated or padded (%ld bytes, header says %zu)", path, sz, model_bytes(trs, lbs));
    if (checksum(buf + HDR, (size_t)sz - HDR) != sum) FAIL("%s: parser model checksum mismatch (corrupt file)", path);
    m->buf = buf;
    m->ts = (const struct tslot *)(buf + HDR);
    m->tmask = (uint32_t)trs - 1;
    m->ls = (const struct lslot *)(m->ts + trs + DY_PROBE - 1);
    m->lmask = (uint32_t)lbs - 1;
    m->nfeat = nfeat;
    m->set = rd32(buf + 36);
    if (m->set & ~(unsigned)DY_DEP_RICH) FAIL("%s: parser model feature set %#x unknown", path, m->set);
    for (uint64_t i = 0; i < lbs + DY_PROBE - 1; i++)
        for (int q = 0; q < DY_LW; q++)
            if (m->ls[i].cls[q] >= DY_NDEPLAB) FAIL("%s: parser model label out of range in slot %llu", path, (unsigned long long)i);
    return m;
fail:
    if (f) fclose(f);
    free(buf);
    free(m);
    return NULL;
}

/* ---- writer --------------------------------------------------------------- */

/* Features within DY_PROBE slots of their home slot; returns how many did not fit
 * (a full window or a fingerprint twin: the first feature keeps the slot). */
static size_t fill_t(struct tslot *s, uint32_t size, const struct dy_dep_wfeat *f, size_t nf)
{
    size_t lost = 0;
    for (size_t k = 0; k < nf; k++) {
        uint16_t fp = fp16_of(f[k].hash);
        uint32_t i = (uint32_t)f[k].hash & (size - 1), j = 0;
        while (j < DY_PROBE && s[i + j].fp && s[i + j].fp != fp) j++;
        if (j == DY_PROBE || s[i + j].fp || f[k].n <= 0) { lost++; continue; }
        s[i + j].fp = fp;
        for (int q = 0; q < f[k].n; q++) if (f[k].cls[q] < DY_NDT) s[i + j].w[f[k].cls[q]] = f[k].w[q];
    }
    return lost;
}

static size_t fill_l(struct lslot *s, uint32_t size, const struct dy_dep_wfeat *f, size_t nf)
{
    size_t lost = 0;
    for (size_t k = 0; k < nf; k++) {
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
                 size_t nlf, unsigned set, char *err, size_t errlen)
{
    uint32_t trs = table_size(ntf), lbs = table_size(nlf);
    /* a larger table only when more than 1% of the features find no slot in their window */
    unsigned char *buf = NULL;
    size_t total = 0, lost = 0, lostl = 0;
    for (int tries = 0; tries < 4; tries++) {
        total = model_bytes(trs, lbs);
        free(buf);
        buf = calloc(1, total);
        if (!buf) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
        struct tslot *ts = (struct tslot *)(buf + HDR);
        struct lslot *ls = (struct lslot *)(ts + trs + DY_PROBE - 1);
        lost = fill_t(ts, trs, tf, ntf);
        lostl = fill_l(ls, lbs, lf, nlf);
        if (lost * 100 <= ntf && lostl * 100 <= nlf) break;
        if (lost * 100 > ntf) trs *= 2;
        if (lostl * 100 > nlf) lbs *= 2;
    }
    if (lost * 100 > ntf || lostl * 100 > nlf) { snprintf(err, errlen, "%s: features found no slot", path); free(buf); return -1; }
    memcpy(buf, MAGIC, 8);
    wr32(buf + 8, VERSION);
    wr32(buf + 12, 0x01020304u);
    wr32(buf + 16, DY_NDEPLAB);
    wr32(buf + 20, trs);
    wr32(buf + 24, lbs);
    wr32(buf + 28, (uint32_t)(lost + lostl));
    wr32(buf + 32, (uint32_t)(ntf + nlf - lost - lostl));
    wr32(buf + 36, set);
    wr64(buf + 40, checksum(buf + HDR, total - HDR));
    FILE *f = fopen(path, "wb");
    if (!f) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); free(buf); return -1; }
    int ok = fwrite(buf, 1, total, f) == total;
    ok = (fclose(f) == 0) && ok;
    free(buf);
    if (!ok) { snprintf(err, errlen, "%s: write error", path); return -1; }
    return 0;
}
