/* test_tagger.c: stage 4, the part-of-speech tagger.
 *
 * Checks key tags on event-coding sentences (passive VBN, possessive POS,
 * modal, quotes), robustness on junk input and long sentences, that many
 * threads can share one tagger, that corrupt or truncated model files give
 * a clear error instead of a crash, and (when ../shared is present) the
 * accuracy on the UD English EWT test set. */
#include <pthread.h>
#include <time.h>
#include "harness.h"
#include "tag/tagger.h"

#define MODEL "data/tagger/ewt.model"

static dy_tagger *load_model(void)
{
    char err[512] = "";
    dy_tagger *t = dy_tagger_load(MODEL, err, sizeof err);
    if (!t) fprintf(stderr, "  %s\n", err);
    return t;
}

/* Tag a space-separated sentence; tags_out gets one tag per token. */
static int tag_str(const dy_tagger *t, const char *s, unsigned char *tags_out, int max)
{
    static const char *words[256];
    static unsigned lens[256];
    int n = 0;
    const char *p = s;
    while (*p && n < max && n < 256) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = strchr(p, ' ');
        if (!e) e = p + strlen(p);
        words[n] = p;
        lens[n] = (unsigned)(e - p);
        n++;
        p = e;
    }
    dy_tagger_tag(t, words, lens, n, tags_out);
    return n;
}

#define CHECK_TAG(tags, i, name) CHECK_STR(dy_tag_name((tags)[i]), name)

TEST(key_tags)
{
    dy_tagger *t = load_model();
    CHECK(t != NULL);
    if (!t) return;
    unsigned char tg[64];
    CHECK_INT(tag_str(t, "Putin was warmly received by Chinese officials .", tg, 64), 8);
    CHECK_TAG(tg, 0, "NNP");
    CHECK_TAG(tg, 1, "VBD");
    CHECK_TAG(tg, 3, "VBN");
    CHECK_TAG(tg, 4, "IN");
    CHECK_TAG(tg, 6, "NNS");
    CHECK_TAG(tg, 7, ".");

    CHECK_INT(tag_str(t, "China 's support for Iran was criticized .", tg, 64), 8);
    CHECK_TAG(tg, 0, "NNP");
    CHECK_TAG(tg, 1, "POS");
    CHECK_TAG(tg, 2, "NN");
    CHECK_TAG(tg, 6, "VBN");

    CHECK_INT(tag_str(t, "They are set to sign a deal on Monday .", tg, 64), 10);
    CHECK_TAG(tg, 0, "PRP");
    CHECK_TAG(tg, 1, "VBP");
    CHECK(tg[2] == DY_VBN || tg[2] == DY_JJ); /* EWT annotates "be set to" both ways */
    CHECK_TAG(tg, 3, "TO");
    CHECK_TAG(tg, 4, "VB");
    CHECK_TAG(tg, 5, "DT");
    CHECK_TAG(tg, 6, "NN");

    CHECK_INT(tag_str(t, "Russia will not attack Georgia , the minister said .", tg, 64), 10);
    CHECK_TAG(tg, 1, "MD");
    CHECK_TAG(tg, 3, "VB");
    CHECK_TAG(tg, 5, ",");
    CHECK_TAG(tg, 8, "VBD");

    CHECK_INT(tag_str(t, "The U.S. did n't respond to the rebels ' demands .", tg, 64), 11);
    CHECK_TAG(tg, 1, "NNP");
    CHECK_TAG(tg, 3, "RB");
    CHECK_TAG(tg, 8, "POS");
    CHECK_TAG(tg, 9, "NNS");

    /* Straight quotes (the normaliser's output) and PTB-style quotes. */
    CHECK_INT(tag_str(t, "He said \" we will not attack \" .", tg, 64), 9);
    CHECK_TAG(tg, 2, "``");
    CHECK_TAG(tg, 7, "''");
    CHECK_INT(tag_str(t, "He said `` we will not attack '' .", tg, 64), 9);
    CHECK_TAG(tg, 2, "``");
    CHECK_TAG(tg, 7, "''");
    dy_tagger_free(t);
}

TEST(junk_and_long_input)
{
    dy_tagger *t = load_model();
    CHECK(t != NULL);
    if (!t) return;
    enum { N = 5000 };
    static char buf[N * 8];
    static const char *words[N];
    static unsigned lens[N];
    static unsigned char tags[N + 1];
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N * 8; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        buf[i] = (char)(x & 0xff);
    }
    for (int i = 0; i < N; i++) {
        words[i] = buf + i * 8;
        lens[i] = (unsigned)(i % 9); /* includes empty tokens */
    }
    tags[N] = 0xAB;
    dy_tagger_tag(t, words, lens, N, tags);
    int bad = 0;
    for (int i = 0; i < N; i++) bad += tags[i] == DY_TAG_NONE || tags[i] >= DY_NTAGS;
    CHECK_INT(bad, 0);
    CHECK_INT(tags[N], 0xAB); /* no write past n */
    /* One very long token, and n == 0. */
    words[0] = buf;
    lens[0] = sizeof buf;
    dy_tagger_tag(t, words, lens, 1, tags);
    CHECK(tags[0] > DY_TAG_NONE && tags[0] < DY_NTAGS);
    tags[0] = 0xCD;
    dy_tagger_tag(t, words, lens, 0, tags);
    CHECK_INT(tags[0], 0xCD);
    dy_tagger_free(t);
}

struct thr { const dy_tagger *t; unsigned char tags[64]; int n; };
static void *thr_main(void *arg)
{
    struct thr *a = arg;
    unsigned char tg[64];
    for (int r = 0; r < 2000; r++) {
        const char *w[] = {"Israeli", "troops", "killed", "three", "Palestinians", "in", "Gaza", "on", "Tuesday", "."};
        unsigned l[10];
        for (int i = 0; i < 10; i++) l[i] = (unsigned)strlen(w[i]);
        dy_tagger_tag(a->t, w, l, 10, tg);
        if (r == 0) memcpy(a->tags, tg, 10);
        else if (memcmp(a->tags, tg, 10) != 0) a->n = -1;
    }
    if (a->n == 0) a->n = 10;
    return NULL;
}

TEST(threads_share_one_tagger)
{
    dy_tagger *t = load_model();
    CHECK(t != NULL);
    if (!t) return;
    struct thr a[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        memset(&a[i], 0, sizeof a[i]);
        a[i].t = t;
        CHECK(pthread_create(&th[i], NULL, thr_main, &a[i]) == 0);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK_INT(a[i].n, 10);
        CHECK(memcmp(a[i].tags, a[0].tags, 10) == 0);
    }
    CHECK_TAG(a[0].tags, 2, "VBD");
    CHECK_TAG(a[0].tags, 6, "NNP");
    dy_tagger_free(t);
}

/* Loading `path` must fail with a message naming the file and containing `want`. */
static int load_fails(const char *path, const char *want)
{
    char err[512] = "";
    dy_tagger *t = dy_tagger_load(path, err, sizeof err);
    if (t) { dy_tagger_free(t); fprintf(stderr, "  %s loaded but should not\n", path); return 0; }
    if (!strstr(err, path) || !strstr(err, want)) { fprintf(stderr, "  unexpected error: %s\n", err); return 0; }
    return 1;
}

TEST(corrupt_models)
{
    size_t n = 0;
    unsigned char *b = (unsigned char *)h_slurp(MODEL, &n);
    CHECK(b != NULL && n > 1000);
    if (!b) return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/dyad-test-tagger-%ld.model", (long)getpid());

    CHECK(load_fails("/nonexistent/dyad.model", "cannot open"));
    h_write(path, b, 0);
    CHECK(load_fails(path, "too short"));
    h_write(path, b, n / 2);
    CHECK(load_fails(path, "truncated"));
    h_write(path, b, n - 1);
    CHECK(load_fails(path, "truncated"));
    b[n / 2] ^= 0x40;
    h_write(path, b, n);
    CHECK(load_fails(path, "checksum"));
    b[n / 2] ^= 0x40;
    b[0] = 'X';
    h_write(path, b, n);
    CHECK(load_fails(path, "magic"));
    b[0] = 'D';
    unsigned char ver = b[8];
    b[8] = 99; /* version */
    h_write(path, b, n);
    CHECK(load_fails(path, "version"));
    b[8] = ver;
    b[53] ^= 0x01; /* feature-template mask in the header */
    h_write(path, b, n);
    CHECK(load_fails(path, "checksum"));
    b[53] ^= 0x01;
    /* Single-byte damage anywhere is caught. */
    uint64_t x = 0x2545F4914F6CDD1DULL;
    for (int k = 0; k < 8; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        long at = (long)(x % (uint64_t)n);
        b[at] ^= 0x10;
        h_write(path, b, n);
        char e2[512] = "";
        dy_tagger *bad = dy_tagger_load(path, e2, sizeof e2);
        CHECK(bad == NULL && strstr(e2, path) != NULL);
        dy_tagger_free(bad);
        b[at] ^= 0x10;
    }
    h_write(path, b, n); /* restored: loads again */
    char err[512];
    dy_tagger *t = dy_tagger_load(path, err, sizeof err);
    CHECK(t != NULL);
    dy_tagger_free(t);
    unlink(path);
    free(b);
}

/* Accuracy on the EWT test set (XPOS), read directly from ../shared. */
/* The baseline and AVX2 tagging loops (tagger_kernel.h compiled twice) must
 * give the same tags; the baseline one is forced with DYAD_TAGGER_ISA. */
static dy_tagger *load_baseline(void)
{
    setenv("DYAD_TAGGER_ISA", "baseline", 1);
    dy_tagger *t = load_model();
    unsetenv("DYAD_TAGGER_ISA");
    return t;
}

TEST(isa_loops_agree)
{
    static const char *const V[] = { "the", "The", "president", "Putin", "said", "will", "visit", "China", "'s",
        ",", ".", "\"", "''", "``", "talks", "on", "Monday", "2024", "3.5", "U.S.", "anti-government", "protesters",
        "clashed", "with", "police", "in", "Kyiv", "Zelenskyy", "sanctions", "xqzvw", "Qorvatlan", "(", ")", "--",
        "He", "it", "rejected", "calls", "to", "resign", "and", "would", "not", "be", "a", "ceasefire", "IAEA",
        "\xe2\x80\x9c", "\xe2\x80\x9d", "%", "$", "1,000", "e-mail", "re-elected", "UN-backed", NULL };
    int nv = 0;
    while (V[nv]) nv++;
    dy_tagger *a = load_model(), *b = load_baseline();
    CHECK(a && b);
    if (!a || !b) { dy_tagger_free(a); dy_tagger_free(b); return; }
    CHECK_STR(dy_tagger_isa(b), "baseline");
    uint64_t x = 88172645463325252ULL;
    long diff = 0, all = 0;
    for (int s = 0; s < 3000; s++) {
        const char *w[64];
        unsigned l[64];
        unsigned char ta[64], tb[64];
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int n = 1 + (int)(x % 60);
        for (int i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            w[i] = V[x % (uint64_t)nv];
            l[i] = (unsigned)strlen(w[i]);
        }
        dy_tagger_tag(a, w, l, n, ta);
        dy_tagger_tag(b, w, l, n, tb);
        for (int i = 0; i < n; i++) diff += ta[i] != tb[i];
        all += n;
    }
    fprintf(stderr, "  %s loop vs baseline: %ld of %ld tags differ\n", dy_tagger_isa(a), diff, all);
    CHECK(all > 50000);
    CHECK_INT(diff, 0);
    dy_tagger_free(a);
    dy_tagger_free(b);
}

TEST(ewt_accuracy)
{
    const char *sh = shared_dir();
    if (!sh) SKIP("../shared absent: EWT accuracy not measured");
    char path[512];
    snprintf(path, sizeof path, "%s/ud-ewt/en_ewt-ud-test.conllu", sh);
    FILE *f = fopen(path, "r");
    if (!f) SKIP("en_ewt-ud-test.conllu absent");
    dy_tagger *t = load_model(), *tb = load_baseline();
    CHECK(t != NULL && tb != NULL);
    if (!t || !tb) { fclose(f); dy_tagger_free(t); dy_tagger_free(tb); return; }
    long differ = 0;
    enum { MAXW = 1024 };
    static char words[MAXW][128];
    static const char *wp[MAXW];
    static unsigned lens[MAXW];
    static unsigned char gold[MAXW], tags[MAXW], btags[MAXW];
    char line[4096];
    int n = 0;
    long ok = 0, all = 0;
    double tag_time = 0;
    for (;;) {
        char *r = fgets(line, sizeof line, f);
        if (!r || line[0] == '\n') {
            if (n) {
                struct timespec a, b;
                clock_gettime(CLOCK_MONOTONIC, &a);
                dy_tagger_tag(t, wp, lens, n, tags);
                clock_gettime(CLOCK_MONOTONIC, &b);
                tag_time += (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9;
                dy_tagger_tag(tb, wp, lens, n, btags);
                for (int i = 0; i < n; i++) { ok += tags[i] == gold[i]; differ += tags[i] != btags[i]; }
                all += n;
                n = 0;
            }
            if (!r) break;
            continue;
        }
        if (line[0] == '#') continue;
        char *col[5];
        int c = 0;
        col[c++] = line;
        for (char *p = line; *p && c < 5; p++)
            if (*p == '\t') { *p = 0; col[c++] = p + 1; }
        if (c < 5 || strchr(col[0], '-') || strchr(col[0], '.')) continue;
        char *tab = strchr(col[4], '\t');
        if (tab) *tab = 0;
        if (n >= MAXW) continue;
        snprintf(words[n], sizeof words[n], "%s", col[1]);
        wp[n] = words[n];
        lens[n] = (unsigned)strlen(words[n]);
        gold[n] = (unsigned char)dy_tag_from_name(col[4]);
        n++;
    }
    fclose(f);
    double acc = all ? (double)ok / all : 0;
    fprintf(stderr, "  EWT test accuracy %.4f (%ld/%ld tokens), %.0f tokens/s (one cold pass)\n", acc, ok, all,
            tag_time > 0 ? all / tag_time : 0.0);
    CHECK(all > 20000);
    CHECK(acc >= 0.94);
    CHECK_INT(differ, 0);   /* the baseline loop tags the test set the same */
    dy_tagger_free(t);
    dy_tagger_free(tb);
}

int main(void)
{
    RUN(key_tags);
    RUN(junk_and_long_input);
    RUN(threads_share_one_tagger);
    RUN(corrupt_models);
    RUN(isa_loops_agree);
    RUN(ewt_accuracy);
    return DONE();
}
