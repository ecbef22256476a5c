/* lemma.c: see lemma.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "lemma.h"
#include "core/words.h"

int dy_lexicon_init(dy_lexicon *l)
{
    memset(l, 0, sizeof *l);
    if (dy_hmap_init(&l->verbforms, 8192) || dy_hmap_init(&l->words, 8192)) return -1;
    static const char *const base[][6] = {
        { "be", "am", "is", "are", "was", "were" }, { "be", "been", "being", "'s", "'re", "'m" },
        { "have", "has", "had", "having", "'ve", "'d" }, { "do", "does", "did", "done", "doing", "do" },
        { "say", "says", "said", "saying", "say", "say" }, { "go", "goes", "went", "gone", "going", "go" },
        { "get", "gets", "got", "gotten", "getting", "get" },
    };
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
        for (int k = 0; k < 6; k++)
            if (dy_lexicon_add_form(l, base[i][k], base[i][0]) < 0) return -1;
    return 0;
}

void dy_lexicon_free(dy_lexicon *l)
{
    dy_hmap_free(&l->verbforms);
    dy_hmap_free(&l->words);
    free(l->word);
    memset(l, 0, sizeof *l);
}

int dy_lexicon_intern(dy_lexicon *l, const char *w, size_t n)
{
    int32_t v = dy_hmap_get(&l->words, w, n);
    if (v >= 0) return v;
    if (l->nwords == l->capwords) {
        int nc = l->capwords ? l->capwords * 2 : 4096;
        const char **nw = realloc(l->word, (size_t)nc * sizeof *nw);
        if (!nw) return -1;
        l->word = nw; l->capwords = nc;
    }
    if (dy_hmap_put(&l->words, w, n, l->nwords) == -2) return -1;
    l->word[l->nwords] = dy_hmap_key(&l->words, w, n);
    return l->nwords++;
}

int dy_lexicon_id(const dy_lexicon *l, const char *w, size_t n) { return dy_hmap_get(&l->words, w, n); }

/* Map form[0..n) to lemma id unless the form is listed already. */
static int add_form_id(dy_lexicon *l, const char *form, size_t n, int id)
{
    /* an explicitly listed form is never overwritten by a generated one */
    if (dy_hmap_get(&l->verbforms, form, n) >= 0) return id;
    return dy_hmap_put(&l->verbforms, form, n, id) == -2 ? -1 : id;
}

int dy_lexicon_add_form(dy_lexicon *l, const char *form, const char *lemma)
{
    int id = dy_lexicon_intern(l, lemma, strlen(lemma));
    if (id < 0) return -1;
    return add_form_id(l, form, strlen(form), id);
}

/* The forms of a verb, built without snprintf (start-up builds ~50,000). */
typedef struct verb_forms { char f[8][64]; size_t len[8]; int k; } verb_forms;

/* Add the first keep bytes of stem followed by suffix, as snprintf(f, 64,
 * "%.*s%s", keep, stem, suffix) would for the stems used here (keep <= 40,
 * suffix <= 4 bytes). */
static void add_verb_form(verb_forms *v, const char *stem, size_t keep, const char *suffix)
{
    size_t sl = strlen(suffix);
    memcpy(v->f[v->k], stem, keep);
    memcpy(v->f[v->k] + keep, suffix, sl + 1);
    v->len[v->k++] = keep + sl;
}

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

int dy_lexicon_add_verb(dy_lexicon *l, const char *lemma)
{
    size_t n = strlen(lemma);
    if (n == 0 || n > 40) return -1;
    int id = dy_lexicon_intern(l, lemma, n);
    if (id < 0) return -1;
    char last = lemma[n - 1], prev = n > 1 ? lemma[n - 2] : 0;
    verb_forms v;
    v.k = 0;
    add_verb_form(&v, lemma, n, "");
    /* 3rd singular */
    if (last == 's' || last == 'x' || last == 'z' || last == 'o' || (last == 'h' && (prev == 'c' || prev == 's')))
        add_verb_form(&v, lemma, n, "es");
    else if (last == 'y' && !vowel(prev)) add_verb_form(&v, lemma, n - 1, "ies");
    else add_verb_form(&v, lemma, n, "s");
    /* past */
    if (last == 'e') add_verb_form(&v, lemma, n, "d");
    else if (last == 'y' && !vowel(prev)) add_verb_form(&v, lemma, n - 1, "ied");
    else add_verb_form(&v, lemma, n, "ed");
    /* -ing */
    if (n > 2 && last == 'e' && prev == 'i') add_verb_form(&v, lemma, n - 2, "ying");
    else if (n > 2 && last == 'e' && prev != 'e' && prev != 'y' && prev != 'o') add_verb_form(&v, lemma, n - 1, "ing");
    else add_verb_form(&v, lemma, n, "ing");
    /* consonant doubling for C-V-C endings (stop -> stopped); harmless extra forms otherwise */
    if (n >= 3 && !vowel(last) && last != 'w' && last != 'x' && last != 'y' && vowel(prev) && !vowel(lemma[n - 3])) {
        char ed[4] = { last, 'e', 'd', 0 }, ing[5] = { last, 'i', 'n', 'g', 0 };
        add_verb_form(&v, lemma, n, ed);
        add_verb_form(&v, lemma, n, ing);
    }
    /* (the lemma is interned above: each form maps to its id) */
    for (int i = 0; i < v.k; i++)
        if (add_form_id(l, v.f[i], v.len[i], id) < 0) return -1;
    return id;
}

int dy_lexicon_verb(const dy_lexicon *l, const char *form, size_t n) { return dy_hmap_get(&l->verbforms, form, n); }

/* Irregular plurals ("men" -> "man") and nouns that only look plural
 * ("news", "status"): the lemma of w[0..n), or NULL.  Listed by length, so a
 * noun is compared with a few words at most (this runs for every noun). */
typedef struct irregular { dy_word form, lemma; } irregular;
#define IRR(f, l) { DY_WORD(f), DY_WORD(l) }
static const dy_word *irregular_noun(const char *w, size_t n)
{
    static const irregular I2[] = { IRR("us", "us") };
    static const irregular I3[] = { IRR("men", "man"), IRR("its", "its"), IRR("his", "his"), IRR("gas", "gas"),
                                    IRR("bus", "bus") };
    static const irregular I4[] = { IRR("news", "news"), IRR("arms", "arms"), IRR("this", "this") };
    static const irregular I5[] = { IRR("women", "woman"), IRR("talks", "talks"), IRR("chaos", "chaos") };
    static const irregular I6[] = { IRR("people", "people"), IRR("police", "police"), IRR("forces", "force"),
                                    IRR("series", "series"), IRR("crises", "crisis"), IRR("thesis", "thesis"),
                                    IRR("status", "status") };
    static const irregular I7[] = { IRR("species", "species") };
    static const irregular I8[] = { IRR("children", "child"), IRR("analyses", "analysis") };
    static const struct { const irregular *l; size_t n; } BY_LEN[] = {
        { NULL, 0 }, { NULL, 0 }, { I2, DY_NWORDS(I2) }, { I3, DY_NWORDS(I3) }, { I4, DY_NWORDS(I4) },
        { I5, DY_NWORDS(I5) }, { I6, DY_NWORDS(I6) }, { I7, DY_NWORDS(I7) }, { I8, DY_NWORDS(I8) },
    };
    if (n >= DY_NWORDS(BY_LEN)) return NULL;
    for (size_t i = 0; i < BY_LEN[n].n; i++)
        if (memcmp(BY_LEN[n].l[i].form.s, w, n) == 0) return &BY_LEN[n].l[i].lemma;
    return NULL;
}
#undef IRR

size_t dy_noun_lemma(const char *w, size_t n, char *buf, size_t cap)
{
    if (cap == 0) return 0;
    size_t k = n;
    const char *src = w;
    const dy_word *irr = irregular_noun(w, n);
    if (irr) { src = irr->s; k = irr->len; goto out; }
    if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
        k = n - 3;
        if (k + 2 > cap) k = cap - 2;
        memcpy(buf, w, k); buf[k++] = 'y'; buf[k] = 0;
        return k;
    }
    if (n > 4 && (memcmp(w + n - 4, "sses", 4) == 0 || memcmp(w + n - 4, "shes", 4) == 0 ||
                  memcmp(w + n - 4, "ches", 4) == 0 || memcmp(w + n - 3, "xes", 3) == 0 ||
                  memcmp(w + n - 3, "zes", 3) == 0)) k = n - 2;
    else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i' && w[n - 2] != '\'') k = n - 1;
out:
    if (k >= cap) k = cap - 1;
    memcpy(buf, src, k);
    buf[k] = 0;
    return k;
}

int dy_lexicon_load_forms(dy_lexicon *l, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int n = 0, rc = 0;
    while (getline(&line, &cap, f) >= 0) {
        ln++;
        char *h = strchr(line, '#');
        if (h) *h = 0;
        char *w[8];
        int nw = 0;
        char *save = NULL;
        for (char *t = strtok_r(line, " \t\r\n", &save); t && nw < 8; t = strtok_r(NULL, " \t\r\n", &save)) w[nw++] = t;
        if (nw == 0) continue;
        if (strcmp(w[0], "verb") != 0 || nw < 3) {
            snprintf(err, errlen, "%s:%u:1: expected \"verb LEMMA PAST PARTICIPLE [3SG] [ING]\"", path, ln);
            rc = -1; break;
        }
        for (int i = 1; i < nw; i++) {
            char low[64];
            size_t k = strlen(w[i]);
            if (k >= sizeof low) k = sizeof low - 1;
            for (size_t j = 0; j < k; j++) low[j] = (char)tolower((unsigned char)w[i][j]);
            low[k] = 0;
            /* alternatives written "struck/stricken" */
            char *s = low;
            while (s) {
                char *slash = strchr(s, '/');
                if (slash) *slash = 0;
                if (*s && dy_lexicon_add_form(l, s, w[1]) < 0) { rc = -1; break; }
                s = slash ? slash + 1 : NULL;
            }
        }
        /* the regular -s and -ing forms for irregulars not listing them */
        dy_lexicon_add_verb(l, w[1]);
        n++;
    }
    free(line);
    fclose(f);
    return rc ? -1 : n;
}
