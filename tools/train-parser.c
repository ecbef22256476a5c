/* train-parser.c: train and evaluate dyad's dependency parser (stage 5).
 *
 *   train-parser --train TRAIN.conllu [--dev DEV.conllu] --out MODEL
 *                [--tagger data/tagger/ewt.model] [--fold-taggers PREFIX] [--epochs 12] [--runs 1] [--seed 20261201]
 *                [--explore-after 1] [--explore 0.9] [--prune 2] [--limit N] [--rich | --rich-grouped]
 *                [--clusters data/parser/clusters.txt] [--beam B [--beam-epochs 10] [--beam-runs 1]]
 *   train-parser --eval MODEL TEST.conllu [--tagger data/tagger/ewt.model] [--beam B]
 *
 * The parser is the arc-hybrid transition system of src/parse/dep.c with
 * the features computed there (the very same code the runtime uses).  The
 * tags it learns from are dyad's own: every training sentence is tagged by
 * dyad's tagger, so the parser sees at training time the tag errors it will
 * see at run time; with --fold-taggers PREFIX, sentence s is tagged by
 * PREFIX-(s % N).model, a tagger trained without it (jackknifing: see the
 * Makefile's parser-model target), so the tags are as wrong as on new text.
 * Training is an averaged perceptron with Goldberg &
 * Nivre's dynamic oracle: from --explore-after epochs on, the parser
 * follows its own (possibly wrong) prediction with probability --explore
 * and learns the best transition from wherever it went.  Arc labels are a
 * second perceptron, trained on every arc whose head is right.  Sentences
 * are shuffled every epoch by a fixed-seed PRNG (training is deterministic:
 * the same inputs give a byte-identical model); with --dev the averaged
 * weights of the best epoch (by dev LAS) are kept.  With --runs N, N runs
 * (seeds seed, seed + 7919, ...) are trained and their kept weights averaged.  Weights are quantised
 * to int16 and those below --prune (in quantised units) dropped.  --rich adds
 * Zhang & Nivre's other 21 word templates; --rich-grouped only the 12 of them the
 * runtime reads once per token with its cached groups (dep.c's feats_b, feats_stack,
 * feats_s0r), not per transition.  --clusters FILE (tools/make-clusters.py's
 * 'word<TAB>path' lines) adds templates of word clusters (dep.c: Koo et al.
 * 2008) and stores the table in the model, so the runtime needs no other file.
 * --beam B then trains the transitions again, from scratch, globally: beam search of
 * width B with early update (see beam_parse), --beam-epochs epochs (best by dev LAS),
 * --beam-runs runs averaged, the arc labels those of the greedy runs; the model says
 * B in its header and the runtime parses with that beam (dy_dep_run_beam).  Its
 * weights have a long tail: the transitions get their own scale, the whole int16
 * range (use a small --prune, 8: with 150 most of them go).
 *
 * --eval loads a model through the runtime API and prints UAS and LAS over
 * every token of the test file (punctuation included, the treebank's own
 * tokens, dyad's tags), and the parsing speed; with the model's beam, or --beam B. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include "tag/tagger.h"
#include "parse/dep.h"

static unsigned g_set;   /* --rich: DY_DEP_RICH; --rich-grouped: DY_DEP_GROUP_BIT; --clusters: DY_DEP_CLUST */
static struct dy_dep_ctab g_ct;   /* --clusters */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}
static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fprintf(stderr, "train-parser: out of memory\n"); exit(1); }
    return p;
}
static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) { fprintf(stderr, "train-parser: out of memory\n"); exit(1); }
    return p;
}

/* ---- corpus ---------------------------------------------------------------- */

/* index 0 of every array is the root */
struct sent { int n; char **w; unsigned *len; int *gh; unsigned char *gl, *tag; dy_depword *wh; };
struct corpus { struct sent *s; int n, cap; long ntok; };

static unsigned norm_word(char *w)
{
    unsigned char *s = (unsigned char *)w, *o = s;
    while (*s) {
        if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99)) { *o++ = '\''; s += 3; }
        else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x9D)) { *o++ = '"'; s += 3; }
        else *o++ = *s++;
    }
    *o = 0;
    return (unsigned)(o - (unsigned char *)w);
}

static int finish_sent(struct sent *cur, const char *path, long lineno)
{
    for (int i = 1; i <= cur->n; i++)
        if (cur->gh[i] < 0 || cur->gh[i] > cur->n) { fprintf(stderr, "%s:%ld: head %d out of range in the sentence before\n", path, lineno, cur->gh[i]); return -1; }
    return 0;
}

static int read_conllu(const char *path, struct corpus *c, int limit)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    char line[8192];
    long lineno = 0;
    int cap = 0;
    struct sent cur;
    memset(&cur, 0, sizeof cur);
    memset(c, 0, sizeof *c);
    for (;;) {
        char *ok = fgets(line, sizeof line, f);
        if (ok) lineno++;
        if (ok && strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
            fprintf(stderr, "%s:%ld: line too long\n", path, lineno); fclose(f); return -1;
        }
        if (!ok || line[0] == '\n' || line[0] == '\r') {
            if (cur.n > 0) {
                if (finish_sent(&cur, path, lineno)) { fclose(f); return -1; }
                if (c->n == c->cap) { c->cap = c->cap ? 2 * c->cap : 1024; c->s = xrealloc(c->s, c->cap * sizeof *c->s); }
                c->s[c->n++] = cur;
                c->ntok += cur.n;
                memset(&cur, 0, sizeof cur);
                cap = 0;
                if (limit > 0 && c->n >= limit) break;
            }
            if (!ok) break;
            continue;
        }
        if (line[0] == '#') continue;
        char *col[10];
        int nc = 0;
        char *p = line;
        col[nc++] = p;
        while (*p && nc < 10) {
            if (*p == '\t') { *p = 0; col[nc++] = p + 1; }
            else if (*p == '\n' || *p == '\r') *p = 0;
            p++;
        }
        for (char *q = p; *q; q++) if (*q == '\t' || *q == '\n' || *q == '\r') *q = 0;
        if (nc < 8) { fprintf(stderr, "%s:%ld: expected 10 tab-separated columns\n", path, lineno); fclose(f); return -1; }
        if (strchr(col[0], '-') || strchr(col[0], '.')) continue;
        int lab = dy_dep_label_from_name(col[7]);
        if (!lab) { fprintf(stderr, "%s:%ld: unknown relation '%s'\n", path, lineno, col[7]); fclose(f); return -1; }
        char *end;
        long id = strtol(col[0], &end, 10), hd = strtol(col[6], NULL, 10);
        if (*end || id != cur.n + 1) { fprintf(stderr, "%s:%ld: token id %s out of sequence\n", path, lineno, col[0]); fclose(f); return -1; }
        if (cur.n + 2 > cap) {
            cap = cap ? 2 * cap : 32;
            cur.w = xrealloc(cur.w, cap * sizeof *cur.w);
            cur.len = xrealloc(cur.len, cap * sizeof *cur.len);
            cur.gh = xrealloc(cur.gh, cap * sizeof *cur.gh);
            cur.gl = xrealloc(cur.gl, cap);
            cur.tag = xrealloc(cur.tag, cap);
            cur.wh = xrealloc(cur.wh, cap * sizeof *cur.wh);
        }
        int i = ++cur.n;
        size_t l = strlen(col[1]);
        cur.w[i] = memcpy(xmalloc(l + 1), col[1], l + 1);
        cur.len[i] = norm_word(cur.w[i]);
        cur.gh[i] = (int)hd;
        cur.gl[i] = (unsigned char)lab;
    }
    fclose(f);
    return 0;
}

/* dyad's tags and the word hashes, as the runtime computes them */
static void tag_corpus(const dy_tagger *tg, struct corpus *c, dy_tagger *const *folds, int nfolds)
{
    for (int s = 0; s < c->n; s++) {
        struct sent *st = &c->s[s];
        dy_tagger_tag(nfolds ? folds[s % nfolds] : tg, (const char *const *)st->w + 1, st->len + 1, st->n, st->tag + 1);
        st->tag[0] = DY_DEP_ROOT_TAG;
        dy_dep_root_word(&st->wh[0]);
        for (int i = 1; i <= st->n; i++) dy_dep_word(st->w[i], st->len[i], &st->wh[i]);
        if (g_set & DY_DEP_CLUST) {
            /* as dy_dep_clusters gives them from the model the writer makes of g_ct */
            st->wh[0].c = DY_DEP_CLUST_MARK;
            for (int i = 1; i <= st->n; i++) st->wh[i].c = dy_dep_ctab_get(&g_ct, st->wh[i].w);
        }
    }
}

/* ---- training-time weights (as in train-tagger) --------------------------- */

struct entry { int32_t w, ts; int64_t acc; float best; unsigned char cls; };
struct feat { uint64_t hash; struct entry *e; unsigned char n, cap; };
struct model { struct feat *f; size_t nf, capf; uint32_t *idx; size_t mask; int64_t now; int ncls; };

static void model_init(struct model *m, int ncls)
{
    memset(m, 0, sizeof *m);
    m->mask = (1u << 20) - 1;
    m->idx = calloc(m->mask + 1, sizeof *m->idx);
    if (!m->idx) { fprintf(stderr, "train-parser: out of memory\n"); exit(1); }
    m->ncls = ncls;
}

static struct feat *find(struct model *m, uint64_t h, int create)
{
    size_t i = (size_t)(h ^ (h >> 29)) & m->mask;
    while (m->idx[i]) {
        struct feat *f = &m->f[m->idx[i] - 1];
        if (f->hash == h) return f;
        i = (i + 1) & m->mask;
    }
    if (!create) return NULL;
    if (m->nf == m->capf) { m->capf = m->capf ? 2 * m->capf : 1 << 16; m->f = xrealloc(m->f, m->capf * sizeof *m->f); }
    struct feat *f = &m->f[m->nf++];
    f->hash = h; f->e = NULL; f->n = f->cap = 0;
    m->idx[i] = (uint32_t)m->nf;
    if (m->nf * 2 > m->mask) {
        size_t nm = (m->mask + 1) * 2;
        free(m->idx);
        m->idx = calloc(nm, sizeof *m->idx);
        if (!m->idx) { fprintf(stderr, "train-parser: out of memory\n"); exit(1); }
        m->mask = nm - 1;
        for (size_t k = 0; k < m->nf; k++) {
            uint64_t hh = m->f[k].hash;
            size_t j = (size_t)(hh ^ (hh >> 29)) & m->mask;
            while (m->idx[j]) j = (j + 1) & m->mask;
            m->idx[j] = (uint32_t)(k + 1);
        }
        f = &m->f[m->nf - 1];
    }
    return f;
}

static void update(struct model *m, uint64_t h, int cls, int delta)
{
    struct feat *f = find(m, h, 1);
    struct entry *e = NULL;
    for (int j = 0; j < f->n; j++) if (f->e[j].cls == cls) { e = &f->e[j]; break; }
    if (!e) {
        if (f->n == f->cap) { f->cap = f->cap ? 2 * f->cap : 2; if (f->cap > m->ncls) f->cap = (unsigned char)m->ncls; f->e = xrealloc(f->e, f->cap * sizeof *f->e); }
        e = &f->e[f->n++];
        memset(e, 0, sizeof *e);
        e->cls = (unsigned char)cls;
        e->ts = (int32_t)m->now;
    }
    e->acc += (m->now - e->ts) * (int64_t)e->w;
    e->ts = (int32_t)m->now;
    e->w += delta;
}

static double avg_w(const struct model *m, const struct entry *e)
{
    return (double)(e->acc + (m->now - e->ts) * (int64_t)e->w) / (double)(m->now ? m->now : 1);
}

/* mode 0: current weights, 1: averaged, 2: kept (best epoch) */
static void scores(const struct model *m, const uint64_t *f, int nf, double *sc, int mode)
{
    for (int c = 0; c < m->ncls; c++) sc[c] = 0;
    for (int k = 0; k < nf; k++) {
        struct feat *ft = find((struct model *)m, f[k], 0);
        if (!ft) continue;
        for (int j = 0; j < ft->n; j++)
            sc[ft->e[j].cls] += mode == 2 ? ft->e[j].best : mode ? avg_w(m, &ft->e[j]) : ft->e[j].w;
    }
}

static int best_label(const struct model *lm, const uint64_t *f, int nf, int mode)
{
    double sc[DY_NDEPLAB];
    scores(lm, f, nf, sc, mode);
    int best = DY_DL_PUNCT;
    for (int l = DY_DL_PUNCT + 1; l < DY_NDEPLAB; l++) if (sc[l] > sc[best]) best = l;
    return best;
}

static uint64_t rng_next(uint64_t *s)
{
    *s += 0x9E3779B97F4A7C15ULL;
    uint64_t z = *s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Fisher-Yates over order[0..n), one epoch's sentence order */
static void shuffle(int *order, int n, uint64_t *rng)
{
    for (int s = n - 1; s > 0; s--) {
        int j = (int)(rng_next(rng) % (uint64_t)(s + 1));
        int t = order[s]; order[s] = order[j]; order[j] = t;
    }
}

/* ---- dynamic oracle (arc-hybrid, Goldberg & Nivre 2013) ------------------- */

static void costs(const dy_depstate *st, const int *gh, unsigned valid, int cost[DY_NDT])
{
    int n = st->n, sp = st->sp, b = st->b;
    int s0 = st->stk[sp - 1], s1 = sp >= 2 ? st->stk[sp - 2] : -1;
    for (int a = 0; a < DY_NDT; a++) cost[a] = 1 << 20;
    int s0kids = 0;                 /* gold children of s0 still in the buffer */
    for (int j = b; j <= n; j++) s0kids += gh[j] == s0;
    if (valid & (1u << DY_DT_LEFT)) {
        int c = s0kids;
        if (gh[s0] == s1 || (gh[s0] > b && gh[s0] <= n)) c++;
        cost[DY_DT_LEFT] = c;
    }
    if (valid & (1u << DY_DT_RIGHT)) {
        int c = s0kids;
        if (gh[s0] >= b && gh[s0] <= n) c++;
        cost[DY_DT_RIGHT] = c;
    }
    if (valid & (1u << DY_DT_SHIFT)) {
        int c = 0;
        for (int k = 0; k < sp; k++) {
            int x = st->stk[k];
            if (x > 0 && gh[x] == b) c++;
            if (k < sp - 1 && gh[b] == x) c++;
        }
        cost[DY_DT_SHIFT] = c;
    }
}

/* ---- evaluation ----------------------------------------------------------- */

struct scratch { void *mem; size_t cap; };
static dy_depstate *state_for(struct scratch *sc, dy_depstate *st, const struct sent *s)
{
    size_t need = dy_dep_state_bytes(s->n);
    if (need > sc->cap) { free(sc->mem); sc->cap = need * 2; sc->mem = xmalloc(sc->cap); }
    dy_dep_state_init(st, sc->mem, s->n, s->wh, s->tag);
    return st;
}

/* Parse with the training-time model (mode 1 or 2); return LAS, UAS in *uas. */
static double eval_train(const struct model *tm, const struct model *lm, const struct corpus *c, int mode, double *uas)
{
    long ua = 0, la = 0, all = 0;
    struct scratch sc = { 0 };
    uint64_t f[DY_DEP_MAXFEATS];
    for (int s = 0; s < c->n; s++) {
        const struct sent *se = &c->s[s];
        dy_depstate st;
        state_for(&sc, &st, se);
        while (!dy_dep_done(&st)) {
            unsigned v = dy_dep_valid(&st);
            double p[DY_NDT];
            scores(tm, f, dy_dep_feats(&st, f, g_set), p, mode);
            int a = -1;
            for (int k = 0; k < DY_NDT; k++) if ((v >> k & 1) && (a < 0 || p[k] > p[a])) a = k;
            int lab = 0;
            if (a != DY_DT_SHIFT) {
                int h, d;
                dy_dep_arc(&st, a, &h, &d);
                lab = dy_dep_fixed_label(&st, h, d);
                if (!lab) lab = best_label(lm, f, dy_dep_label_feats(&st, h, d, f), mode);
            }
            dy_dep_apply(&st, a, lab);
        }
        for (int i = 1; i <= se->n; i++) {
            all++;
            if (st.head[i] == se->gh[i]) { ua++; la += st.lab[i] == se->gl[i]; }
        }
    }
    free(sc.mem);
    *uas = all ? (double)ua / all : 0;
    return all ? (double)la / all : 0;
}

/* ---- beam search (Zhang & Clark 2008) with early update (Collins & Roark 2004) ----
 * The items of a beam advance in step (arc-hybrid: 2n transitions for every parse).
 * In training, an item is correct while every transition it took had the least cost
 * of the dynamic oracle (a latent gold path: the model's best correct item).  When
 * no correct item survives a step, the best correct candidate is rewarded and the
 * beam's best penalised along their paths, and the sentence ends (early update);
 * at the end, the same when the best item is not correct. */

/* the training-time weights a beam reads: transitions and labels, each in its mode */
struct scorer { const struct model *tm; int tmode; const struct model *lm; int lmode; };

static int label_of(const struct scorer *S, const dy_depstate *st, int h, int d, uint64_t *f)
{
    int lab = dy_dep_fixed_label(st, h, d);
    if (lab) return lab;
    int nf = dy_dep_label_feats(st, h, d, f);
    return best_label(S->lm, f, nf, S->lmode);
}

struct bitem { dy_depstate st; void *mem; double sc; int ok; int *act; unsigned char *lab; };
struct cand { int parent, a, ok; double sc; };

static int cmp_cand(const void *x, const void *y)
{
    const struct cand *a = x, *b = y;
    if (a->sc != b->sc) return a->sc > b->sc ? -1 : 1;
    if (a->parent != b->parent) return a->parent < b->parent ? -1 : 1;
    return a->a - b->a;
}

/* the perceptron update along a path of len transitions: the features before each
 * transition from step `from` on, delta for the transition taken */
static void path_update(struct model *tm, const struct sent *se, const int *act, const unsigned char *lab, int len,
                        int from, int delta, struct scratch *sc)
{
    dy_depstate st;
    state_for(sc, &st, se);
    uint64_t f[DY_DEP_MAXFEATS];
    for (int t = 0; t < len; t++) {
        if (t >= from) {
            int nf = dy_dep_feats(&st, f, g_set);
            for (int k = 0; k < nf; k++) update(tm, f[k], act[t], delta);
        }
        if (t + 1 < len) dy_dep_apply(&st, act[t], lab[t]);
    }
}

/* Parse se with a beam of B; with upd (training), update upd toward the gold heads.
 * Heads and labels of the best parse in head/labs (when not NULL, decoding). */
static void beam_parse(const struct scorer *S, const struct sent *se, int B, struct model *upd, struct scratch *rs,
                       int *head, unsigned char *labs)
{
    int n = se->n, T = 2 * n;
    size_t sb = dy_dep_state_bytes(n);
    struct bitem *it[2];
    it[0] = xmalloc(2 * (size_t)B * sizeof **it);
    it[1] = it[0] + B;
    unsigned char *mem = xmalloc(2 * (size_t)B * sb);
    int *acts = xmalloc(2 * (size_t)B * (T + 1) * sizeof *acts);
    unsigned char *lbs = xmalloc(2 * (size_t)B * (T + 1));
    for (int k = 0; k < 2 * B; k++) {
        it[0][k].mem = mem + k * sb;
        it[0][k].act = acts + (size_t)k * (T + 1);
        it[0][k].lab = lbs + (size_t)k * (T + 1);
    }
    struct cand *cd = xmalloc(3 * (size_t)B * sizeof *cd);
    uint64_t f[DY_DEP_MAXFEATS];
    int cur = 0, nb = 1;
    dy_dep_state_init(&it[0][0].st, it[0][0].mem, n, se->wh, se->tag);
    it[0][0].sc = 0; it[0][0].ok = 1;
    for (int t = 0; t < T; t++) {
        int nc = 0;
        for (int i = 0; i < nb; i++) {
            struct bitem *x = &it[cur][i];
            unsigned v = dy_dep_valid(&x->st);
            double p[DY_NDT] = { 0 };
            if (v & (v - 1)) scores(S->tm, f, dy_dep_feats(&x->st, f, g_set), p, S->tmode);
            int cost[DY_NDT] = { 0 }, mc = 1 << 20;
            if (upd && x->ok) {
                costs(&x->st, se->gh, v, cost);
                for (int a = 0; a < DY_NDT; a++) if ((v >> a & 1) && cost[a] < mc) mc = cost[a];
            }
            for (int a = 0; a < DY_NDT; a++)
                if (v >> a & 1) cd[nc++] = (struct cand){ i, a, upd && x->ok && cost[a] == mc, x->sc + p[a] };
        }
        qsort(cd, nc, sizeof *cd, cmp_cand);
        int keep = nc < B ? nc : B, anyok = 0;
        for (int k = 0; k < keep; k++) anyok |= cd[k].ok;
        if (upd && !anyok) {
            int g = -1;
            for (int k = keep; k < nc && g < 0; k++) if (cd[k].ok) g = k;
            if (g >= 0) {
                struct bitem *G = &it[cur][cd[g].parent], *P = &it[cur][cd[0].parent];
                G->act[t] = cd[g].a; P->act[t] = P == G ? cd[g].a : cd[0].a;
                int from = 0;
                while (from < t && G->act[from] == P->act[from] && G->lab[from] == P->lab[from]) from++;
                if (P == G) {   /* same parent: only the last transition differs */
                    path_update(upd, se, G->act, G->lab, t + 1, t, 1, rs);
                    G->act[t] = cd[0].a;
                    path_update(upd, se, G->act, G->lab, t + 1, t, -1, rs);
                } else {
                    path_update(upd, se, G->act, G->lab, t + 1, from, 1, rs);
                    path_update(upd, se, P->act, P->lab, t + 1, from, -1, rs);
                }
            }
            goto out;
        }
        int nx = 1 - cur;
        for (int k = 0; k < keep; k++) {
            struct bitem *par = &it[cur][cd[k].parent], *y = &it[nx][k];
            dy_dep_state_copy(&y->st, y->mem, &par->st);
            memcpy(y->act, par->act, t * sizeof *y->act);
            memcpy(y->lab, par->lab, t);
            int a = cd[k].a, lab = 0;
            if (a != DY_DT_SHIFT) {
                int h, d;
                dy_dep_arc(&y->st, a, &h, &d);
                lab = label_of(S, &y->st, h, d, f);
            }
            dy_dep_apply(&y->st, a, lab);
            y->act[t] = a; y->lab[t] = (unsigned char)lab;
            y->sc = cd[k].sc; y->ok = cd[k].ok;
        }
        cur = nx; nb = keep;
    }
    if (upd && !it[cur][0].ok) {
        int g = -1;
        for (int k = 1; k < nb && g < 0; k++) if (it[cur][k].ok) g = k;
        if (g >= 0) {
            struct bitem *G = &it[cur][g], *P = &it[cur][0];
            int from = 0;
            while (from < T && G->act[from] == P->act[from] && G->lab[from] == P->lab[from]) from++;
            path_update(upd, se, G->act, G->lab, T, from, 1, rs);
            path_update(upd, se, P->act, P->lab, T, from, -1, rs);
        }
    }
    if (head) for (int i = 1; i <= n; i++) { head[i] = it[cur][0].st.head[i]; labs[i] = it[cur][0].st.lab[i]; }
out:
    free(cd); free(lbs); free(acts); free(mem); free(it[0]);
}

static double eval_beam(const struct scorer *S, const struct corpus *c, int B, double *uas)
{
    long ua = 0, la = 0, all = 0;
    struct scratch sc = { 0 };
    int *h = NULL;
    unsigned char *l = NULL;
    int cap = 0;
    for (int s = 0; s < c->n; s++) {
        const struct sent *se = &c->s[s];
        if (se->n + 2 > cap) { cap = 2 * (se->n + 2); h = xrealloc(h, cap * sizeof *h); l = xrealloc(l, cap); }
        beam_parse(S, se, B, NULL, &sc, h, l);
        for (int i = 1; i <= se->n; i++) {
            all++;
            if (h[i] == se->gh[i]) { ua++; la += l[i] == se->gl[i]; }
        }
    }
    free(h); free(l); free(sc.mem);
    *uas = all ? (double)ua / all : 0;
    return all ? (double)la / all : 0;
}

/* ---- writing -------------------------------------------------------------- */

static int cmp_hash(const void *a, const void *b)
{
    uint64_t x = ((const struct dy_dep_wfeat *)a)->hash, y = ((const struct dy_dep_wfeat *)b)->hash;
    return x < y ? -1 : x > y;
}

static struct dy_dep_wfeat *quantise(const struct model *m, double scale, double prune, size_t *nout, long *nw)
{
    struct dy_dep_wfeat *o = xmalloc((m->nf + 1) * sizeof *o);
    size_t n = 0;
    *nw = 0;
    for (size_t k = 0; k < m->nf; k++) {
        const struct feat *f = &m->f[k];
        struct dy_dep_wfeat *w = &o[n];
        w->hash = f->hash;
        w->n = 0;
        for (int j = 0; j < f->n; j++) {
            double q = f->e[j].best * scale;
            if (fabs(q) < prune) continue;
            if (q > 32767) q = 32767;
            if (q < -32767) q = -32767;
            w->cls[w->n] = f->e[j].cls;
            w->w[w->n++] = (int16_t)lrint(q);
        }
        if (w->n) { n++; *nw += w->n; }
    }
    qsort(o, n, sizeof *o, cmp_hash);   /* table order independent of training order */
    *nout = n;
    return o;
}

static double max_abs(const struct model *m)
{
    double mx = 0;
    for (size_t k = 0; k < m->nf; k++)
        for (int j = 0; j < m->f[k].n; j++) if (fabs(m->f[k].e[j].best) > mx) mx = fabs(m->f[k].e[j].best);
    return mx;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* the q-quantile of the kept weights' absolute values (1 when there are none) */
static double quantile_abs(const struct model *m, double q)
{
    size_t n = 0;
    for (size_t k = 0; k < m->nf; k++) n += m->f[k].n;
    if (!n) return 1;
    double *v = xmalloc(n * sizeof *v);
    n = 0;
    for (size_t k = 0; k < m->nf; k++)
        for (int j = 0; j < m->f[k].n; j++) v[n++] = fabs(m->f[k].e[j].best);
    qsort(v, n, sizeof *v, cmp_dbl);
    double r = v[(size_t)(q * (double)(n - 1))];
    free(v);
    return r > 0 ? r : 1;
}

static void keep_avg(struct model *m)
{
    for (size_t k = 0; k < m->nf; k++)
        for (int j = 0; j < m->f[k].n; j++) m->f[k].e[j].best = (float)avg_w(m, &m->f[k].e[j]);
}

/* ---- training ------------------------------------------------------------- */

/* acc += w * run's kept weights */
static void accumulate(struct model *acc, const struct model *m, double w)
{
    for (size_t k = 0; k < m->nf; k++)
        for (int j = 0; j < m->f[k].n; j++) {
            struct feat *f = find(acc, m->f[k].hash, 1);
            struct entry *e = NULL;
            for (int q = 0; q < f->n; q++) if (f->e[q].cls == m->f[k].e[j].cls) { e = &f->e[q]; break; }
            if (!e) {
                if (f->n == f->cap) { f->cap = f->cap ? 2 * f->cap : 2; if (f->cap > acc->ncls) f->cap = (unsigned char)acc->ncls; f->e = xrealloc(f->e, f->cap * sizeof *f->e); }
                e = &f->e[f->n++];
                memset(e, 0, sizeof *e);
                e->cls = m->f[k].e[j].cls;
            }
            e->best += (float)(w * m->f[k].e[j].best);
        }
}

static void model_free(struct model *m)
{
    for (size_t k = 0; k < m->nf; k++) free(m->f[k].e);
    free(m->f);
    free(m->idx);
    memset(m, 0, sizeof *m);
}

static int train(const char *trainp, const char *devp, const char *outp, const char *taggerp, const char *foldp, int epochs,
                 uint64_t seed, int explore_after, double explore, double prune, int limit, int runs, int beam, int beam_epochs, int beam_runs)
{
    double t0 = now_s();
    char err[1024];
    dy_tagger *tg = dy_tagger_load(taggerp, err, sizeof err);
    if (!tg) { fprintf(stderr, "%s\n", err); return 1; }
    struct corpus tr, dv;
    int have_dev = 0;
    if (read_conllu(trainp, &tr, limit)) return 1;
    if (devp) { if (read_conllu(devp, &dv, 0)) return 1; have_dev = 1; }
    dy_tagger *fold[16] = { 0 };
    int nfold = 0;
    if (foldp) {
        /* jackknifed tags: sentence s is tagged by a tagger trained without it (fold s % N) */
        for (nfold = 0; nfold < 16; nfold++) {
            char p[4096];
            snprintf(p, sizeof p, "%s-%d.model", foldp, nfold);
            FILE *t = fopen(p, "rb");
            if (!t) break;
            fclose(t);
            if (!(fold[nfold] = dy_tagger_load(p, err, sizeof err))) { fprintf(stderr, "%s\n", err); return 1; }
        }
        if (nfold < 2) { fprintf(stderr, "train-parser: no fold taggers %s-0.model, %s-1.model ...\n", foldp, foldp); return 1; }
    }
    tag_corpus(tg, &tr, fold, nfold);
    for (int k = 0; k < nfold; k++) dy_tagger_free(fold[k]);
    if (have_dev) tag_corpus(tg, &dv, NULL, 0);
    fprintf(stderr, "train: %d sentences, %ld tokens", tr.n, tr.ntok);
    if (have_dev) fprintf(stderr, "; dev: %d sentences, %ld tokens", dv.n, dv.ntok);
    if (nfold) fprintf(stderr, " (train tagged by %d fold taggers %s-K.model, dev by %s)\n", nfold, foldp, taggerp);
    else fprintf(stderr, " (tagged by %s)\n", taggerp);

    struct model tm, lm, atm, alm;
    model_init(&atm, DY_NDT);
    model_init(&alm, DY_NDEPLAB);
    int *order = xmalloc(tr.n * sizeof *order);
    struct scratch sc = { 0 };
    uint64_t f[DY_DEP_MAXFEATS], lf[DY_DEP_MAXFEATS];
    for (int run = 0; run < runs; run++) {
    model_init(&tm, DY_NDT);
    model_init(&lm, DY_NDEPLAB);
    for (int s = 0; s < tr.n; s++) order[s] = s;
    uint64_t rng = seed + 7919u * (uint64_t)run;
    double best_las = -1;
    int best_ep = -1;
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(order, tr.n, &rng);
        long terr = 0, tall = 0, lerr = 0, lall = 0;
        for (int si = 0; si < tr.n; si++) {
            const struct sent *se = &tr.s[order[si]];
            dy_depstate st;
            state_for(&sc, &st, se);
            while (!dy_dep_done(&st)) {
                unsigned v = dy_dep_valid(&st);
                int cost[DY_NDT];
                costs(&st, se->gh, v, cost);
                int nf = dy_dep_feats(&st, f, g_set);
                double p[DY_NDT];
                scores(&tm, f, nf, p, 0);
                int pred = -1, gold = -1, mc = 1 << 20;
                for (int a = 0; a < DY_NDT; a++) if ((v >> a & 1) && cost[a] < mc) mc = cost[a];
                for (int a = 0; a < DY_NDT; a++) {
                    if (!(v >> a & 1)) continue;
                    if (pred < 0 || p[a] > p[pred]) pred = a;
                    if (cost[a] == mc && (gold < 0 || p[a] > p[gold])) gold = a;
                }
                tm.now++;
                tall++;
                if (cost[pred] != mc) {
                    terr++;
                    for (int k = 0; k < nf; k++) { update(&tm, f[k], gold, 1); update(&tm, f[k], pred, -1); }
                }
                int follow = gold;
                if (ep >= explore_after && cost[pred] != mc &&
                    (double)(rng_next(&rng) >> 11) * (1.0 / 9007199254740992.0) < explore)
                    follow = pred;
                int lab = 0;
                if (follow != DY_DT_SHIFT) {
                    int h, d;
                    dy_dep_arc(&st, follow, &h, &d);
                    lab = dy_dep_fixed_label(&st, h, d);
                    if (!lab) {
                        int nl = dy_dep_label_feats(&st, h, d, lf);
                        int pl = best_label(&lm, lf, nl, 0);
                        lm.now++;
                        if (se->gh[d] == h) {
                            lall++;
                            if (pl != se->gl[d]) {
                                lerr++;
                                for (int k = 0; k < nl; k++) { update(&lm, lf[k], se->gl[d], 1); update(&lm, lf[k], pl, -1); }
                            }
                            lab = se->gl[d];
                        } else lab = pl;
                    }
                }
                dy_dep_apply(&st, follow, lab);
            }
        }
        fprintf(stderr, "epoch %2d: transition errors %.4f, label errors %.4f, %zu + %zu features",
                ep + 1, (double)terr / (tall ? tall : 1), (double)lerr / (lall ? lall : 1), tm.nf, lm.nf);
        if (have_dev) {
            double uas, las = eval_train(&tm, &lm, &dv, 1, &uas);
            fprintf(stderr, "; dev UAS %.4f LAS %.4f", uas, las);
            if (las > best_las) { best_las = las; best_ep = ep; keep_avg(&tm); keep_avg(&lm); }
        } else { keep_avg(&tm); keep_avg(&lm); best_ep = ep; }
        fprintf(stderr, "  (%.0f s)\n", now_s() - t0);
    }
    fprintf(stderr, "run %d: kept epoch %d\n", run + 1, best_ep + 1);
    accumulate(&atm, &tm, 1.0 / runs);
    accumulate(&alm, &lm, 1.0 / runs);
    model_free(&tm);
    model_free(&lm);
    }
    if (runs > 1 && have_dev) {
        double uas, las = eval_train(&atm, &alm, &dv, 2, &uas);
        fprintf(stderr, "average of %d runs: dev UAS %.4f LAS %.4f\n", runs, uas, las);
    }
    if (beam > 1) {
        /* the transitions again, globally, with a beam; the labels of the runs above.  With
         * --beam-runs N, N runs (other shuffles) and their kept weights averaged */
        struct model abm;
        model_init(&abm, DY_NDT);
        for (int run = 0; run < beam_runs; run++) {
            struct model bm;
            model_init(&bm, DY_NDT);
            struct scorer S = { &bm, 0, &alm, 2 }, E = { &bm, 1, &alm, 2 };
            for (int s = 0; s < tr.n; s++) order[s] = s;
            uint64_t rng = (seed ^ 0x5bd1e995u) + 7919u * (uint64_t)run;
            double best_las = -1;
            int best_ep = -1;
            for (int ep = 0; ep < beam_epochs; ep++) {
                shuffle(order, tr.n, &rng);
                for (int si = 0; si < tr.n; si++) { beam_parse(&S, &tr.s[order[si]], beam, &bm, &sc, NULL, NULL); bm.now++; }
                fprintf(stderr, "beam %d run %d epoch %2d: %zu features", beam, run + 1, ep + 1, bm.nf);
                if (have_dev) {
                    double uas, las = eval_beam(&E, &dv, beam, &uas);
                    fprintf(stderr, "; dev UAS %.4f LAS %.4f", uas, las);
                    if (las > best_las) { best_las = las; best_ep = ep; keep_avg(&bm); }
                } else { keep_avg(&bm); best_ep = ep; }
                fprintf(stderr, "  (%.0f s)\n", now_s() - t0);
            }
            fprintf(stderr, "beam run %d: kept epoch %d\n", run + 1, best_ep + 1);
            accumulate(&abm, &bm, 1.0 / beam_runs);
            model_free(&bm);
        }
        if (beam_runs > 1 && have_dev) {
            struct scorer E = { &abm, 2, &alm, 2 };
            double uas, las = eval_beam(&E, &dv, beam, &uas);
            fprintf(stderr, "average of %d beam runs: dev UAS %.4f LAS %.4f\n", beam_runs, uas, las);
        }
        model_free(&atm);
        atm = abm;
    }
    tm = atm;
    lm = alm;
    double mt = max_abs(&tm), ml = max_abs(&lm);
    double scale = 8000.0 / (mt > ml ? mt : ml ? ml : 1);   /* one scale: both tables in the same units */
    double tscale = scale, lscale = scale;
    if (beam > 1) {
        /* the beam's weights are of another scale than the labels' and have a long tail (the
         * largest are a thousand times the median): each table its own scale (the two
         * classifiers are never compared), the transitions' using the whole int16 range */
        tscale = 32000.0 / (mt ? mt : 1);
        fprintf(stderr, "beam weights |w|: max %g, q.9999 %g, q.999 %g, q.99 %g, q.9 %g, q.5 %g; labels max %g\n", mt,
                quantile_abs(&tm, 0.9999), quantile_abs(&tm, 0.999), quantile_abs(&tm, 0.99), quantile_abs(&tm, 0.9), quantile_abs(&tm, 0.5), ml);
        lscale = 8000.0 / (ml ? ml : 1);
    }
    size_t ntf, nlf;
    long nwt, nwl;
    struct dy_dep_wfeat *wt = quantise(&tm, tscale, prune, &ntf, &nwt), *wl = quantise(&lm, lscale, prune, &nlf, &nwl);
    unsigned wset = g_set | (beam > 1 ? (unsigned)(beam > 255 ? 255 : beam) << DY_DEP_BEAM_SHIFT : 0u);
    if (dy_dep_write(outp, wt, ntf, wl, nlf, wset, g_set & DY_DEP_CLUST ? &g_ct : NULL, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    fprintf(stderr, "wrote %s: %zu transition features (%ld weights), %zu label features (%ld weights), %.0f s\n",
            outp, ntf, nwt, nlf, nwl, now_s() - t0);
    free(wt); free(wl); free(order); free(sc.mem);
    model_free(&tm);
    model_free(&lm);
    dy_tagger_free(tg);
    return 0;
}

static int eval(const char *modelp, const char *testp, const char *taggerp, int beam)
{
    char err[1024];
    dy_tagger *tg = dy_tagger_load(taggerp, err, sizeof err);
    if (!tg) { fprintf(stderr, "%s\n", err); return 1; }
    double l0 = now_s();
    dy_depmodel *m = dy_dep_load(modelp, err, sizeof err);
    if (!m) { fprintf(stderr, "%s\n", err); return 1; }
    double l1 = now_s();
    struct corpus c;
    if (read_conllu(testp, &c, 0)) return 1;
    tag_corpus(tg, &c, NULL, 0);
    for (int s = 0; s < c.n; s++) dy_dep_clusters(m, c.s[s].wh, c.s[s].n);
    long ua = 0, la = 0, all = 0, ua_np = 0, la_np = 0, all_np = 0;
    struct scratch sc = { 0 };
    if (beam < 1) beam = dy_dep_beam(m);   /* the model's own (--beam N: another) */
    void *bmem = NULL;
    size_t bcap = 0;
    double best = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double c0 = cpu_s();
        for (int s = 0; s < c.n; s++) {
            dy_depstate st;
            state_for(&sc, &st, &c.s[s]);
            if (beam > 1) {
                size_t need = dy_dep_beam_bytes(st.n, beam);
                if (need > bcap) { free(bmem); bcap = 2 * need; bmem = xmalloc(bcap); }
                dy_dep_run_beam(m, &st, beam, bmem);
            } else dy_dep_run(m, &st);
            if (rep) continue;
            for (int i = 1; i <= c.s[s].n; i++) {
                int ok = st.head[i] == c.s[s].gh[i], lok = ok && st.lab[i] == c.s[s].gl[i];
                all++; ua += ok; la += lok;
                if (c.s[s].gl[i] != DY_DL_PUNCT) { all_np++; ua_np += ok; la_np += lok; }
            }
        }
        double dt = cpu_s() - c0;
        if (dt < best) best = dt;
    }
    printf("parser %s on %s, beam %d (%d sentences, %ld tokens; the treebank's tokens, dyad's tags)\n", modelp, testp, beam, c.n, c.ntok);
    printf("UAS %.4f (%ld/%ld)  LAS %.4f (%ld/%ld)\n", (double)ua / all, ua, all, (double)la / all, la, all);
    printf("without punctuation: UAS %.4f  LAS %.4f\n", (double)ua_np / all_np, (double)la_np / all_np);
    printf("speed: %.0f sentences/s, %.2f M tokens/s of CPU time on one core (parsing only); model load %.0f ms, %zu features\n",
           c.n / best, c.ntok / best / 1e6, (l1 - l0) * 1e3, dy_dep_nfeatures(m));
    dy_dep_free(m);
    dy_tagger_free(tg);
    free(sc.mem);
    free(bmem);
    return 0;
}

int main(int argc, char **argv)
{
    const char *trainp = NULL, *devp = NULL, *outp = NULL, *evalp = NULL, *testp = NULL;
    const char *taggerp = "data/tagger/ewt.model", *foldp = NULL;
    int epochs = 12, explore_after = 1, limit = 0, runs = 1, beam = 0, beam_epochs = 10, beam_runs = 1;
    double explore = 0.9, prune = 2;
    uint64_t seed = 20261201;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (!strcmp(a, name) && v && (i++, 1))
        if (OPT("--train")) trainp = v;
        else if (OPT("--dev")) devp = v;
        else if (OPT("--out")) outp = v;
        else if (OPT("--tagger")) taggerp = v;
        else if (OPT("--fold-taggers")) foldp = v;
        else if (OPT("--epochs")) epochs = atoi(v);
        else if (OPT("--seed")) seed = strtoull(v, NULL, 10);
        else if (OPT("--explore-after")) explore_after = atoi(v);
        else if (OPT("--explore")) explore = atof(v);
        else if (OPT("--prune")) prune = atof(v);
        else if (OPT("--limit")) limit = atoi(v);
        else if (OPT("--runs")) runs = atoi(v);
        else if (OPT("--beam")) beam = atoi(v);
        else if (OPT("--beam-epochs")) beam_epochs = atoi(v);
        else if (OPT("--beam-runs")) beam_runs = atoi(v);
        else if (!strcmp(a, "--rich")) g_set |= DY_DEP_RICH;
        else if (!strcmp(a, "--rich-grouped")) g_set |= DY_DEP_GROUP_BIT;
        else if (OPT("--clusters")) {
            char err[1024];
            if (dy_dep_clusters_read(v, &g_ct, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
            g_set |= DY_DEP_CLUST;
        }
        else if (!strcmp(a, "--eval") && i + 2 < argc) { evalp = argv[++i]; testp = argv[++i]; }
        else {
            fprintf(stderr, "usage: train-parser --train TRAIN.conllu [--dev DEV.conllu] --out MODEL [--tagger M] [--fold-taggers PREFIX]\n"
                            "                    [--epochs 12] [--runs 1] [--seed N] [--explore-after 1] [--explore 0.9] [--prune 2] [--limit N]\n"
                            "                    [--rich | --rich-grouped] [--clusters FILE] [--beam B [--beam-epochs 10] [--beam-runs 1]]\n"
                            "       train-parser --eval MODEL TEST.conllu [--tagger M] [--beam B]\n");
            return 2;
        }
    }
    if (evalp) return eval(evalp, testp, taggerp, beam);
    if (!trainp || !outp || epochs < 1) { fprintf(stderr, "train-parser: --train and --out are required\n"); return 2; }
    if (runs < 1) runs = 1;
    if (beam_runs < 1) beam_runs = 1;
    return train(trainp, devp, outp, taggerp, foldp, epochs, seed, explore_after, explore, prune, limit, runs, beam, beam_epochs, beam_runs);
}
