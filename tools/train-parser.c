/* train-parser.c: train and evaluate dyad's dependency parser (stage 5).
 *
 *   train-parser --train TRAIN.conllu [--dev DEV.conllu] --out MODEL
 *                [--tagger data/tagger/ewt.model] [--fold-taggers PREFIX] [--epochs 12] [--runs 1] [--seed 20261201]
 *                [--explore-after 1] [--explore 0.9] [--prune 2] [--limit N] [--rich | --rich-grouped]
 *                [--clusters data/parser/clusters.txt]
 *   train-parser --eval MODEL TEST.conllu [--tagger data/tagger/ewt.model]
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
 *
 * --eval loads a model through the runtime API and prints UAS and LAS over
 * every token of the test file (punctuation included, the treebank's own
 * tokens, dyad's tags), and the parsing speed. */
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
                 uint64_t seed, int explore_after, double explore, double prune, int limit, int runs)
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
        for (int s = tr.n - 1; s > 0; s--) {
            int j = (int)(rng_next(&rng) % (uint64_t)(s + 1));
            int t = order[s]; order[s] = order[j]; order[j] = t;
        }
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
    tm = atm;
    lm = alm;
    double mt = max_abs(&tm), ml = max_abs(&lm);
    double scale = 8000.0 / (mt > ml ? mt : ml ? ml : 1);   /* one scale: both tables in the same units */
    size_t ntf, nlf;
    long nwt, nwl;
    struct dy_dep_wfeat *wt = quantise(&tm, scale, prune, &ntf, &nwt), *wl = quantise(&lm, scale, prune, &nlf, &nwl);
    if (dy_dep_write(outp, wt, ntf, wl, nlf, g_set, g_set & DY_DEP_CLUST ? &g_ct : NULL, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    fprintf(stderr, "wrote %s: %zu transition features (%ld weights), %zu label features (%ld weights), %.0f s\n",
            outp, ntf, nwt, nlf, nwl, now_s() - t0);
    free(wt); free(wl); free(order); free(sc.mem);
    model_free(&tm);
    model_free(&lm);
    dy_tagger_free(tg);
    return 0;
}

static int eval(const char *modelp, const char *testp, const char *taggerp)
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
    double best = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double c0 = cpu_s();
        for (int s = 0; s < c.n; s++) {
            dy_depstate st;
            state_for(&sc, &st, &c.s[s]);
            dy_dep_run(m, &st);
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
    printf("parser %s on %s (%d sentences, %ld tokens; the treebank's tokens, dyad's tags)\n", modelp, testp, c.n, c.ntok);
    printf("UAS %.4f (%ld/%ld)  LAS %.4f (%ld/%ld)\n", (double)ua / all, ua, all, (double)la / all, la, all);
    printf("without punctuation: UAS %.4f  LAS %.4f\n", (double)ua_np / all_np, (double)la_np / all_np);
    printf("speed: %.0f sentences/s, %.2f M tokens/s of CPU time on one core (parsing only); model load %.0f ms, %zu features\n",
           c.n / best, c.ntok / best / 1e6, (l1 - l0) * 1e3, dy_dep_nfeatures(m));
    dy_dep_free(m);
    dy_tagger_free(tg);
    free(sc.mem);
    return 0;
}

int main(int argc, char **argv)
{
    const char *trainp = NULL, *devp = NULL, *outp = NULL, *evalp = NULL, *testp = NULL;
    const char *taggerp = "data/tagger/ewt.model", *foldp = NULL;
    int epochs = 12, explore_after = 1, limit = 0, runs = 1;
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
                            "                    [--rich | --rich-grouped] [--clusters FILE]\n"
                            "       train-parser --eval MODEL TEST.conllu [--tagger M]\n");
            return 2;
        }
    }
    if (evalp) return eval(evalp, testp, taggerp);
    if (!trainp || !outp || epochs < 1) { fprintf(stderr, "train-parser: --train and --out are required\n"); return 2; }
    if (runs < 1) runs = 1;
    return train(trainp, devp, outp, taggerp, foldp, epochs, seed, explore_after, explore, prune, limit, runs);
}
