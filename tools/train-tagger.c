/* train-tagger.c: train and evaluate dyad's part-of-speech tagger (stage 4).
 *
 *   train-tagger --train TRAIN.conllu [--dev DEV.conllu] --out MODEL
 *                [--epochs 12] [--runs 4] [--seed 20260101] [--prune 37.5]
 *                [--folds 10] [--class-ratio 0.05] [--dict-min 20]
 *                [--dict-ratio 0.97] [--nb-min 2] [--templates HEXMASK]
 *   train-tagger --eval MODEL TEST.conllu
 *
 * Training is a greedy averaged perceptron over the features computed by
 * src/tag/tagger.c (the very same code the runtime uses), reading the XPOS
 * (Penn) column of CoNLL-U files.  Word tag classes (a feature) are
 * jackknifed over --folds folds of the training set.  Each of --runs runs
 * shuffles the sentences every epoch with a fixed-seed PRNG (training is
 * deterministic); with --dev, the averaged weights are scored on the dev set
 * after every epoch and the best epoch is kept.  The runs' weights are
 * averaged, quantised to int16 (largest weight = 8000), weights below
 * --prune (same units) dropped, and the model written by dy_tagger_write().
 *
 * --eval loads a model and reports accuracy and tagging speed through the
 * public runtime API (dy_tagger_tag). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include "tag/tagger.h"

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
    if (!p) { fprintf(stderr, "train-tagger: out of memory\n"); exit(1); }
    return p;
}
static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) { fprintf(stderr, "train-tagger: out of memory\n"); exit(1); }
    return p;
}

/* ---- corpus ------------------------------------------------------------- */

struct sent { int n; char **w; unsigned *len; unsigned char *tag; uint64_t *cls, *lcls; };
struct corpus { struct sent *s; int n, cap; long ntok; };

/* Replace curly quotes inside a word by ASCII ones, as dyad's normaliser does. */
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

static int read_conllu(const char *path, struct corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    char line[8192];
    long lineno = 0;
    int cap = 0;
    struct sent cur = {0, NULL, NULL, NULL, NULL, NULL};
    memset(c, 0, sizeof *c);
    for (;;) {
        char *ok = fgets(line, sizeof line, f);
        if (ok) lineno++;
        if (ok && strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
            fprintf(stderr, "%s:%ld: line too long\n", path, lineno);
            fclose(f);
            return -1;
        }
        if (!ok || line[0] == '\n' || line[0] == '\r') {
            if (cur.n > 0) {
                if (c->n == c->cap) { c->cap = c->cap ? 2 * c->cap : 1024; c->s = xrealloc(c->s, c->cap * sizeof *c->s); }
                c->s[c->n++] = cur;
                c->ntok += cur.n;
                memset(&cur, 0, sizeof cur);
                cap = 0;
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
        if (nc < 5) { fprintf(stderr, "%s:%ld: expected 10 tab-separated columns\n", path, lineno); fclose(f); return -1; }
        if (strchr(col[0], '-') || strchr(col[0], '.')) continue; /* multiword range or empty node */
        int tag = dy_tag_from_name(col[4]);
        if (!tag) { fprintf(stderr, "%s:%ld: unknown XPOS tag '%s'\n", path, lineno, col[4]); fclose(f); return -1; }
        if (cur.n == cap) {
            cap = cap ? 2 * cap : 32;
            cur.w = xrealloc(cur.w, cap * sizeof *cur.w);
            cur.len = xrealloc(cur.len, cap * sizeof *cur.len);
            cur.tag = xrealloc(cur.tag, cap);
            cur.cls = xrealloc(cur.cls, cap * sizeof *cur.cls);
            cur.lcls = xrealloc(cur.lcls, cap * sizeof *cur.lcls);
        }
        size_t l = strlen(col[1]);
        cur.w[cur.n] = memcpy(xmalloc(l + 1), col[1], l + 1);
        cur.len[cur.n] = norm_word(cur.w[cur.n]);
        cur.tag[cur.n] = (unsigned char)tag;
        cur.cls[cur.n] = cur.lcls[cur.n] = 0;
        cur.n++;
    }
    fclose(f);
    return 0;
}

static void corpus_free(struct corpus *c)
{
    for (int s = 0; s < c->n; s++) {
        for (int i = 0; i < c->s[s].n; i++) free(c->s[s].w[i]);
        free(c->s[s].w);
        free(c->s[s].len);
        free(c->s[s].tag);
        free(c->s[s].cls);
        free(c->s[s].lcls);
    }
    free(c->s);
    memset(c, 0, sizeof *c);
}

/* Per-token hashes of a sentence, computed as dy_tagger_tag does. */
static void prep_sent(const struct sent *s, struct dy_tagtok *toks)
{
    unsigned qc = 0;
    for (int i = 0; i < s->n; i++) {
        dy_tagger_prep(s->w[i], s->len[i], i, qc, &toks[i]);
        if (toks[i].flags & DY_TF_QUOTE) qc++;
        dy_tagger_set_class(&toks[i], s->cls[i]);
        dy_tagger_set_lclass(&toks[i], s->lcls[i]);
    }
}

static uint64_t g_templates;

static int sent_feats(const struct dy_tagtok *toks, int n, int i, int t1, int t2, uint64_t *f)
{
    const struct dy_tagtok *S = dy_tagger_start_tok(), *E = dy_tagger_end_tok();
    return dy_tagger_feats(i >= 2 ? &toks[i - 2] : S, i >= 1 ? &toks[i - 1] : S, &toks[i],
                           i + 1 < n ? &toks[i + 1] : E, i + 2 < n ? &toks[i + 2] : E, t1, t2, g_templates, f);
}

/* ---- training-time weights ---------------------------------------------- */

struct entry { int32_t w, ts; int64_t acc; float best; unsigned char tag; };
struct feat { uint64_t hash; struct entry *e; unsigned char n, cap; };
struct model {
    struct feat *f;
    size_t nf, capf;
    uint32_t *idx; /* open addressing over f: index + 1, 0 = empty */
    size_t mask;
    int64_t now;
};

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
    f->hash = h;
    f->e = NULL;
    f->n = f->cap = 0;
    m->idx[i] = (uint32_t)m->nf;
    if (m->nf * 2 > m->mask) { /* grow */
        size_t nm = (m->mask + 1) * 2;
        free(m->idx);
        m->idx = calloc(nm, sizeof *m->idx);
        if (!m->idx) { fprintf(stderr, "train-tagger: out of memory\n"); exit(1); }
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

static void update(struct model *m, uint64_t h, int tag, int delta)
{
    struct feat *f = find(m, h, 1);
    struct entry *e = NULL;
    for (int j = 0; j < f->n; j++)
        if (f->e[j].tag == tag) { e = &f->e[j]; break; }
    if (!e) {
        if (f->n == f->cap) { f->cap = f->cap ? 2 * f->cap : 2; if (f->cap > DY_NTAGS) f->cap = DY_NTAGS; f->e = xrealloc(f->e, f->cap * sizeof *f->e); }
        e = &f->e[f->n++];
        memset(e, 0, sizeof *e);
        e->tag = (unsigned char)tag;
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

/* mode 0: current weights, 1: averaged weights, 2: the kept (best) weights */
static int predict(const struct model *m, const uint64_t *f, int nf, uint64_t valid, int mode)
{
    double sc[DY_NTAGS] = {0};
    for (int k = 0; k < nf; k++) {
        struct feat *ft = find((struct model *)m, f[k], 0);
        if (!ft) continue;
        for (int j = 0; j < ft->n; j++)
            sc[ft->e[j].tag] += mode == 2 ? ft->e[j].best : mode ? avg_w(m, &ft->e[j]) : ft->e[j].w;
    }
    int best = 0;
    for (int t = 1; t < DY_NTAGS; t++)
        if ((valid >> t & 1) && (!best || sc[t] > sc[best])) best = t;
    return best;
}

/* ---- tag dictionary ------------------------------------------------------ */

struct dword { uint64_t key; int count; int tc[DY_NTAGS]; const char *word; unsigned len; };
struct dictb { struct dword *w; size_t mask, n; };

static struct dword *dict_get(struct dictb *d, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 31)) & d->mask;
    while (d->w[i].count && d->w[i].key != key) i = (i + 1) & d->mask;
    if (!d->w[i].count) { d->w[i].key = key; d->n++; }
    return &d->w[i];
}

static const struct dword *dict_find(const struct dictb *d, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 31)) & d->mask;
    while (d->w[i].count && d->w[i].key != key) i = (i + 1) & d->mask;
    return d->w[i].count ? &d->w[i] : NULL;
}

static double g_class_ratio = 0.05;

/* Tag class of a word: the tags it had at least g_class_ratio of the time. */
static uint64_t class_of(const struct dword *w)
{
    uint64_t m = 0;
    if (!w) return 0;
    for (int t = 1; t < DY_NTAGS; t++)
        if (w->tc[t] > 0 && w->tc[t] >= g_class_ratio * w->count) m |= 1ULL << t;
    return m;
}

/* Count words of the sentences s with s % folds != fold (all when fold < 0). */
static void count_words(struct dictb *db, const struct corpus *c, int folds, int fold, struct dy_tagtok *toks)
{
    memset(db->w, 0, (db->mask + 1) * sizeof *db->w);
    db->n = 0;
    for (int s = 0; s < c->n; s++) {
        if (fold >= 0 && s % folds == fold) continue;
        prep_sent(&c->s[s], toks);
        for (int i = 0; i < c->s[s].n; i++) {
            if (db->n * 2 > db->mask) { fprintf(stderr, "train-tagger: too many word types\n"); exit(1); }
            struct dword *w = dict_get(db, dy_tagger_dictkey(&toks[i]));
            if (!w->count) { w->word = c->s[s].w[i]; w->len = c->s[s].len[i]; }
            w->count++;
            w->tc[c->s[s].tag[i]]++;
        }
    }
}

/* Set the tag classes of the sentences s with s % folds == fold (all when
 * fold < 0) from the counts in db. */
static void set_classes(const struct dictb *db, struct corpus *c, int folds, int fold, struct dy_tagtok *toks)
{
    for (int s = 0; s < c->n; s++) {
        if (fold >= 0 && s % folds != fold) continue;
        prep_sent(&c->s[s], toks);
        for (int i = 0; i < c->s[s].n; i++) {
            c->s[s].cls[i] = class_of(dict_find(db, dy_tagger_dictkey(&toks[i])));
            c->s[s].lcls[i] = (toks[i].flags & 4) ? class_of(dict_find(db, dy_tagger_lowerkey(&toks[i]))) : c->s[s].cls[i];
        }
    }
}

/* Final tag dictionary (key -> tag), looked up during training and dev eval. */
struct tdict { size_t n; uint64_t *keys; unsigned char *tags; size_t mask; };

static int tdict_tag(const struct tdict *t, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 31)) & t->mask;
    while (t->tags[i]) {
        if (t->keys[i] == key) return t->tags[i];
        i = (i + 1) & t->mask;
    }
    return 0;
}

static uint64_t lcg_next(uint64_t *s)
{
    *s += 0x9E3779B97F4A7C15ULL;
    uint64_t z = *s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double eval_model(const struct model *m, const struct tdict *td, const struct corpus *c, uint64_t valid, int mode)
{
    long ok = 0, all = 0;
    struct dy_tagtok *toks = NULL;
    int cap = 0;
    for (int s = 0; s < c->n; s++) {
        const struct sent *st = &c->s[s];
        if (st->n > cap) { cap = st->n; toks = xrealloc(toks, cap * sizeof *toks); }
        prep_sent(st, toks);
        int t1 = 0, t2 = 0;
        for (int i = 0; i < st->n; i++) {
            int g = tdict_tag(td, dy_tagger_dictkey(&toks[i]));
            if (!g) {
                uint64_t f[DY_TAGGER_MAXFEATS];
                int nf = sent_feats(toks, st->n, i, t1, t2, f);
                g = predict(m, f, nf, valid, mode);
            }
            ok += g == st->tag[i];
            all++;
            t2 = t1;
            t1 = g;
        }
    }
    free(toks);
    return all ? (double)ok / all : 0;
}

static int train(const char *trainp, const char *devp, const char *outp, int epochs, uint64_t seed,
                 double prune, int dict_min, double dict_ratio, int folds, int runs, int nb_min)
{
    double t0 = now_s();
    struct corpus tr, dv;
    if (read_conllu(trainp, &tr)) return 1;
    int have_dev = 0;
    if (devp) {
        if (read_conllu(devp, &dv)) return 1;
        have_dev = 1;
    }
    fprintf(stderr, "train: %d sentences, %ld tokens", tr.n, tr.ntok);
    if (have_dev) fprintf(stderr, "; dev: %d sentences, %ld tokens", dv.n, dv.ntok);
    fprintf(stderr, "\n");

    /* Valid tags and the tag dictionary. */
    uint64_t valid = 0;
    struct dictb db = {0};
    db.mask = (1u << 17) - 1;
    db.w = calloc(db.mask + 1, sizeof *db.w);
    if (!db.w) { fprintf(stderr, "train-tagger: out of memory\n"); return 1; }
    int maxn = 0;
    for (int s = 0; s < tr.n; s++) if (tr.s[s].n > maxn) maxn = tr.s[s].n;
    if (have_dev) for (int s = 0; s < dv.n; s++) if (dv.s[s].n > maxn) maxn = dv.s[s].n;
    struct dy_tagtok *toks = xmalloc((size_t)maxn * sizeof *toks);
    for (int s = 0; s < tr.n; s++)
        for (int i = 0; i < tr.s[s].n; i++) valid |= 1ULL << tr.s[s].tag[i];
    /* Jackknifed tag classes for training (so unknown words occur as they
     * will at test time), full-lexicon classes for dev. */
    for (int k = 0; k < folds; k++) {
        count_words(&db, &tr, folds, k, toks);
        set_classes(&db, &tr, folds, k, toks);
    }
    count_words(&db, &tr, 1, -1, toks);
    if (have_dev) set_classes(&db, &dv, 1, -1, toks);
    struct tdict td = {0};
    td.mask = 4095;
    td.keys = calloc(td.mask + 1, sizeof *td.keys);
    td.tags = calloc(td.mask + 1, 1);
    struct dy_tagger_wdict *lex = xmalloc(db.n * sizeof *lex);
    size_t nlex = 0;
    if (!td.keys || !td.tags) return 1;
    for (size_t i = 0; i <= db.mask; i++) {
        struct dword *w = &db.w[i];
        if (!w->count) continue;
        lex[nlex].key = w->key;
        lex[nlex].mask = class_of(w);
        lex[nlex].tag = 0;
        {
            struct dy_tagtok tk;
            uint64_t fo[DY_TAGGER_MAXFEATS];
            dy_tagger_prep(w->word, w->len, 1, 0, &tk);
            dy_tagger_set_class(&tk, lex[nlex].mask);
            int no = dy_tagger_feats(&tk, &tk, &tk, &tk, &tk, 0, 0, g_templates & dy_tagger_own_templates(), fo);
            lex[nlex].nown = no > 16 || w->count < 2 ? 0 : no; /* cache only words seen twice */
            memcpy(lex[nlex].own, fo, sizeof(uint64_t) * (size_t)(no > 16 ? 0 : no));
            /* the features that read it as a neighbour, cached for words seen nb_min times */
            for (int r = 0; r < DY_TAGGER_NB; r++) {
                int nn = dy_tagger_feats(&tk, &tk, &tk, &tk, &tk, 0, 0, g_templates & dy_tagger_nb_templates(r), fo);
                lex[nlex].nnb[r] = nn > 16 || w->count < nb_min ? 0 : nn;
                memcpy(lex[nlex].nb[r], fo, sizeof(uint64_t) * (size_t)(nn > 16 ? 0 : nn));
            }
        }
        nlex++;
        if (w->count < dict_min) continue;
        int bt = 0;
        for (int t = 1; t < DY_NTAGS; t++) if (w->tc[t] > w->tc[bt]) bt = t;
        if ((double)w->tc[bt] / w->count < dict_ratio) continue;
        if (td.n * 2 > td.mask) continue;
        size_t j = (size_t)(w->key ^ (w->key >> 31)) & td.mask;
        while (td.tags[j]) j = (j + 1) & td.mask;
        td.keys[j] = w->key;
        td.tags[j] = (unsigned char)bt;
        lex[nlex - 1].tag = (unsigned char)bt;
        lex[nlex - 1].nown = 0; /* never scored */
        td.n++;
    }
    fprintf(stderr, "lexicon: %zu words, %zu in the tag dictionary\n", nlex, td.n);

    /* Several runs with different shuffles; their weights are averaged. */
    struct model ens = {0};
    ens.mask = (1u << 20) - 1;
    ens.idx = calloc(ens.mask + 1, sizeof *ens.idx);
    if (!ens.idx) return 1;
    int *order = xmalloc((size_t)tr.n * sizeof *order);
    uint64_t rng = seed;
    for (int run = 0; run < runs; run++) {
    struct model m = {0};
    m.mask = (1u << 20) - 1;
    m.idx = calloc(m.mask + 1, sizeof *m.idx);
    if (!m.idx) return 1;
    for (int s = 0; s < tr.n; s++) order[s] = s;
    double best_dev = -1;
    int best_epoch = 0;
    for (int ep = 1; ep <= epochs; ep++) {
        for (int s = tr.n - 1; s > 0; s--) {
            int j = (int)(lcg_next(&rng) % (uint64_t)(s + 1));
            int tmp = order[s]; order[s] = order[j]; order[j] = tmp;
        }
        long ok = 0, all = 0;
        for (int si = 0; si < tr.n; si++) {
            const struct sent *st = &tr.s[order[si]];
            prep_sent(st, toks);
            int t1 = 0, t2 = 0;
            for (int i = 0; i < st->n; i++) {
                int gold = st->tag[i];
                int g = tdict_tag(&td, dy_tagger_dictkey(&toks[i]));
                if (!g) {
                    uint64_t f[DY_TAGGER_MAXFEATS];
                    int nf = sent_feats(toks, st->n, i, t1, t2, f);
                    g = predict(&m, f, nf, valid, 0);
                    m.now++;
                    if (g != gold)
                        for (int k = 0; k < nf; k++) { update(&m, f[k], gold, 1); update(&m, f[k], g, -1); }
                }
                ok += g == gold;
                all++;
                t2 = t1;
                t1 = g;
            }
        }
        double dacc = have_dev ? eval_model(&m, &td, &dv, valid, 1) : 0;
        fprintf(stderr, "epoch %d: train %.4f, dev %.4f, %zu features, %.1fs\n", ep, (double)ok / all, dacc, m.nf, now_s() - t0);
        if (!have_dev || dacc > best_dev) {
            best_dev = dacc;
            best_epoch = ep;
            for (size_t k = 0; k < m.nf; k++)
                for (int j = 0; j < m.f[k].n; j++) m.f[k].e[j].best = (float)avg_w(&m, &m.f[k].e[j]);
        }
    }
    if (have_dev) fprintf(stderr, "run %d: best epoch %d (dev %.4f)\n", run + 1, best_epoch, best_dev);
    for (size_t k = 0; k < m.nf; k++) {
        struct feat *f = &m.f[k];
        for (int j = 0; j < f->n; j++) {
            if (f->e[j].best == 0) continue;
            update(&ens, f->hash, f->e[j].tag, 0);
            struct feat *g = find(&ens, f->hash, 0);
            for (int q = 0; q < g->n; q++)
                if (g->e[q].tag == f->e[j].tag) g->e[q].best += f->e[j].best / (float)runs;
        }
        free(f->e);
    }
    free(m.f);
    free(m.idx);
    }
    struct model m = ens;
    if (have_dev) fprintf(stderr, "best (dev %.4f)\n", eval_model(&m, &td, &dv, valid, 2));

    /* Quantise and prune. */
    double maxabs = 0;
    for (size_t k = 0; k < m.nf; k++)
        for (int j = 0; j < m.f[k].n; j++) if (fabs(m.f[k].e[j].best) > maxabs) maxabs = fabs(m.f[k].e[j].best);
    double scale = maxabs > 0 ? 8000.0 / maxabs : 1;
    struct dy_tagger_wfeat *out = xmalloc(m.nf * sizeof *out);
    size_t no = 0, nent = 0;
    for (size_t k = 0; k < m.nf; k++) {
        struct dy_tagger_wfeat *o = &out[no];
        o->hash = m.f[k].hash;
        o->n = 0;
        for (int j = 0; j < m.f[k].n; j++) {
            double q = m.f[k].e[j].best * scale;
            if (fabs(q) < prune || fabs(q) < 0.5) continue;
            o->tags[o->n] = m.f[k].e[j].tag;
            o->w[o->n] = (int16_t)lrint(q);
            o->n++;
        }
        if (o->n) { no++; nent += (size_t)o->n; }
    }
    fprintf(stderr, "kept %zu of %zu features, %zu weights (scale %.1f)\n", no, m.nf, nent, scale);
    char err[512];
    size_t clipped = 0;
    int rc = dy_tagger_write(outp, out, no, lex, nlex, valid, g_templates, &clipped, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    else if (clipped) fprintf(stderr, "warning: %zu cached word weights clipped to int16\n", clipped);
    for (size_t k = 0; k < m.nf; k++) free(m.f[k].e);
    free(m.f);
    free(m.idx);
    free(out);
    free(lex);
    free(order);
    free(toks);
    free(db.w);
    free(td.keys);
    free(td.tags);
    corpus_free(&tr);
    if (have_dev) corpus_free(&dv);
    if (rc) return 1;
    fprintf(stderr, "wrote %s in %.1fs\n", outp, now_s() - t0);
    return 0;
}

/* ---- evaluation through the runtime API ---------------------------------- */

static int eval(const char *modelp, const char *testp)
{
    char err[512];
    double t0 = now_s();
    dy_tagger *t = dy_tagger_load(modelp, err, sizeof err);
    double tload = now_s() - t0;
    if (!t) { fprintf(stderr, "%s\n", err); return 1; }
    struct corpus c;
    if (read_conllu(testp, &c)) { dy_tagger_free(t); return 1; }
    long ok = 0, all = 0;
    long conf[DY_NTAGS][DY_NTAGS];
    memset(conf, 0, sizeof conf);
    unsigned char *tags = NULL;
    int cap = 0;
    for (int s = 0; s < c.n; s++) {
        if (c.s[s].n > cap) { cap = c.s[s].n; tags = xrealloc(tags, cap); }
        dy_tagger_tag(t, (const char *const *)c.s[s].w, c.s[s].len, c.s[s].n, tags);
        for (int i = 0; i < c.s[s].n; i++) {
            ok += tags[i] == c.s[s].tag[i];
            all++;
            conf[c.s[s].tag[i]][tags[i]]++;
        }
    }
    /* Speed: tag the whole file repeatedly for at least a second of CPU
     * time (CPU rather than wall time, so other processes do not count). */
    long toks = 0;
    double ts = cpu_s(), el;
    do {
        for (int s = 0; s < c.n; s++) dy_tagger_tag(t, (const char *const *)c.s[s].w, c.s[s].len, c.s[s].n, tags);
        toks += c.ntok;
    } while ((el = cpu_s() - ts) < 1.0);
    if (getenv("DYAD_TAGGER_CONFUSIONS")) {
        for (int k = 0; k < 15; k++) {
            long best = 0; int bg = 0, bp = 0;
            for (int g = 0; g < DY_NTAGS; g++)
                for (int p = 0; p < DY_NTAGS; p++)
                    if (g != p && conf[g][p] > best) { best = conf[g][p]; bg = g; bp = p; }
            if (!best) break;
            fprintf(stderr, "  gold %-5s tagged %-5s %ld\n", dy_tag_name(bg), dy_tag_name(bp), best);
            conf[bg][bp] = 0;
        }
    }
    printf("accuracy=%.4f (%ld/%ld tokens)\n", all ? (double)ok / all : 0.0, ok, all);
    printf("speed=%.0f tokens/s (%ld tokens in %.2fs CPU, 1 thread)\n", toks / el, toks, el);
    printf("model=%s features=%zu load=%.1fms\n", modelp, dy_tagger_nfeatures(t), tload * 1000);
    free(tags);
    corpus_free(&c);
    dy_tagger_free(t);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: train-tagger --train TRAIN.conllu [--dev DEV.conllu] --out MODEL\n"
                    "           [--epochs N] [--runs N] [--seed S] [--prune Q] [--folds N] [--class-ratio R]\n"
                    "           [--dict-min N] [--dict-ratio R] [--nb-min N] [--templates HEXMASK]\n"
                    "       train-tagger --eval MODEL TEST.conllu\n");
}

int main(int argc, char **argv)
{
    const char *trainp = NULL, *devp = NULL, *outp = NULL;
    int epochs = 12, dict_min = 20, folds = 10, runs = 4, nb_min = 2;
    double prune = 37.5, dict_ratio = 0.97;
    uint64_t seed = 20260101;
    g_templates = dy_tagger_default_templates();
    if (argc == 4 && strcmp(argv[1], "--eval") == 0) return eval(argv[2], argv[3]);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) { usage(); return 2; }
        const char *v = argv[++i];
        if (!strcmp(a, "--train")) trainp = v;
        else if (!strcmp(a, "--dev")) devp = v;
        else if (!strcmp(a, "--out")) outp = v;
        else if (!strcmp(a, "--epochs")) epochs = atoi(v);
        else if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--prune")) prune = atof(v);
        else if (!strcmp(a, "--templates")) g_templates = strtoull(v, NULL, 16);
        else if (!strcmp(a, "--folds")) folds = atoi(v);
        else if (!strcmp(a, "--runs")) runs = atoi(v);
        else if (!strcmp(a, "--class-ratio")) g_class_ratio = atof(v);
        else if (!strcmp(a, "--dict-min")) dict_min = atoi(v);
        else if (!strcmp(a, "--nb-min")) nb_min = atoi(v);
        else if (!strcmp(a, "--dict-ratio")) dict_ratio = atof(v);
        else { usage(); return 2; }
    }
    if (!trainp || !outp || epochs < 1 || folds < 2 || runs < 1) { usage(); return 2; }
    return train(trainp, devp, outp, epochs, seed, prune, dict_min, dict_ratio, folds, runs, nb_min);
}
