/* lemma.c: see lemma.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "lemma.h"

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

int dy_lexicon_add_form(dy_lexicon *l, const char *form, const char *lemma)
{
    int id = dy_lexicon_intern(l, lemma, strlen(lemma));
    if (id < 0) return -1;
    /* an explicitly listed form is never overwritten by a generated one */
    if (dy_hmap_get(&l->verbforms, form, strlen(form)) >= 0) return id;
    return dy_hmap_put(&l->verbforms, form, strlen(form), id) == -2 ? -1 : id;
}

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

int dy_lexicon_add_verb(dy_lexicon *l, const char *lemma)
{
    size_t n = strlen(lemma);
    if (n == 0 || n > 40) return -1;
    int id = dy_lexicon_intern(l, lemma, n);
    if (id < 0) return -1;
    char last = lemma[n - 1], prev = n > 1 ? lemma[n - 2] : 0;
    char forms[8][64];
    int k = 0;
    snprintf(forms[k++], 64, "%s", lemma);
    /* 3rd singular */
    if (last == 's' || last == 'x' || last == 'z' || last == 'o' || (last == 'h' && (prev == 'c' || prev == 's')))
        snprintf(forms[k++], 64, "%ses", lemma);
    else if (last == 'y' && !vowel(prev)) snprintf(forms[k++], 64, "%.*sies", (int)n - 1, lemma);
    else snprintf(forms[k++], 64, "%ss", lemma);
    /* past */
    if (last == 'e') snprintf(forms[k++], 64, "%sd", lemma);
    else if (last == 'y' && !vowel(prev)) snprintf(forms[k++], 64, "%.*sied", (int)n - 1, lemma);
    else snprintf(forms[k++], 64, "%sed", lemma);
    /* -ing */
    if (n > 2 && last == 'e' && prev == 'i') snprintf(forms[k++], 64, "%.*sying", (int)n - 2, lemma);
    else if (n > 2 && last == 'e' && prev != 'e' && prev != 'y' && prev != 'o') snprintf(forms[k++], 64, "%.*sing", (int)n - 1, lemma);
    else snprintf(forms[k++], 64, "%sing", lemma);
    /* consonant doubling for C-V-C endings (stop -> stopped); harmless extra forms otherwise */
    if (n >= 3 && !vowel(last) && last != 'w' && last != 'x' && last != 'y' && vowel(prev) && !vowel(lemma[n - 3])) {
        snprintf(forms[k++], 64, "%s%ced", lemma, last);
        snprintf(forms[k++], 64, "%s%cing", lemma, last);
    }
    for (int i = 0; i < k; i++)
        if (dy_lexicon_add_form(l, forms[i], lemma) < 0) return -1;
    return id;
}

int dy_lexicon_verb(const dy_lexicon *l, const char *form, size_t n) { return dy_hmap_get(&l->verbforms, form, n); }

size_t dy_noun_lemma(const char *w, size_t n, char *buf, size_t cap)
{
    static const char *const irr[][2] = {
        { "men", "man" }, { "women", "woman" }, { "children", "child" }, { "people", "people" },
        { "news", "news" }, { "talks", "talks" }, { "police", "police" }, { "arms", "arms" },
        { "forces", "force" }, { "series", "series" }, { "species", "species" }, { "crises", "crisis" },
        { "analyses", "analysis" }, { "thesis", "thesis" }, { "us", "us" }, { "its", "its" }, { "his", "his" },
        { "this", "this" }, { "gas", "gas" }, { "bus", "bus" }, { "status", "status" }, { "chaos", "chaos" },
    };
    if (cap == 0) return 0;
    size_t k = n;
    const char *src = w;
    for (size_t i = 0; n && i < sizeof irr / sizeof irr[0]; i++)
        if (irr[i][0][0] == w[0] && strlen(irr[i][0]) == n && memcmp(irr[i][0], w, n) == 0) { src = irr[i][1]; k = strlen(src); goto out; }
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
