/* words.h: is a word one of a short constant list?
 *
 * The coding stages test tokens against small closed word lists
 * (prepositions of place, month names, filler words) for every token of
 * every sentence.  A strcmp per list entry made those tests a visible share
 * of the run time; here each entry carries its length, so an entry is
 * rejected on one byte compare and only an entry of the right length and
 * first letter reaches memcmp.  Results are exactly those of strcmp on the
 * NUL-terminated word: token forms hold no NUL bytes.
 *
 *   static const dy_word PREP[] = { DY_WORD("in"), DY_WORD("near") };
 *   if (dy_word_in(PREP, DY_NWORDS(PREP), t->low, t->lowlen)) ... */
#ifndef DY_WORDS_H
#define DY_WORDS_H
#include <stddef.h>
#include <string.h>

typedef struct dy_word {
    unsigned char len;
    char s[15];          /* the word (no NUL needed: compared by length) */
} dy_word;

#define DY_WORD(lit) { sizeof(lit) - 1, lit }
#define DY_NWORDS(list) (sizeof(list) / sizeof((list)[0]))

/* Index of w[0..n) in l[0..nl), or -1.  (The words are short: the bytes
 * after a matching first one are compared here rather than by memcmp.) */
static inline int dy_word_index(const dy_word *l, size_t nl, const char *w, size_t n)
{
    for (size_t i = 0; i < nl; i++) {
        if (l[i].len != n || l[i].s[0] != w[0]) continue;
        size_t k = 1;
        while (k < n && l[i].s[k] == w[k]) k++;
        if (k == n) return (int)i;
    }
    return -1;
}

/* Is w[0..n) one of the words of l[0..nl)? */
static inline int dy_word_in(const dy_word *l, size_t nl, const char *w, size_t n)
{
    return dy_word_index(l, nl, w, n) >= 0;
}

/* A longer list split by word length: by_len[n] holds the words of n bytes,
 * so a word is compared only with the few of its own length. */
typedef struct dy_words_by_len { const dy_word *w; size_t n; } dy_words_by_len;
#define DY_BY_LEN(list) { list, DY_NWORDS(list) }

/* Is w[0..n) in the split list by_len[0..nl)? */
static inline int dy_word_in_by_len(const dy_words_by_len *by_len, size_t nl, const char *w, size_t n)
{
    return n < nl && dy_word_in(by_len[n].w, by_len[n].n, w, n);
}

/* Is the NUL-terminated w one of the NULL-terminated list l (for lists
 * tested rarely enough that splitting them by length does not pay)? */
static inline int dy_str_in(const char *const *l, const char *w)
{
    for (; *l; l++) if (**l == *w && strcmp(*l, w) == 0) return 1;
    return 0;
}

/* Does w[0..n) equal the string literal lit? */
#define DY_WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && memcmp((w), (lit), sizeof(lit) - 1) == 0)
#endif
