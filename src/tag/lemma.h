/* lemma.h: stage 4c, the lexicon: word forms -> lemmas, and word interning.
 *
 * Verb forms come from the verb dictionary: each lemma's regular forms are
 * generated (arrive -> arrives, arrived, arriving; try -> tried; stop ->
 * stopped) and irregular ones are listed in data/verbs/forms.txt.  Nouns
 * are lemmatised by rule (sanctions -> sanction, casualties -> casualty).
 * Every lemma the dictionaries mention is interned to a small integer, so the
 * pattern matcher compares integers, not strings. */
#ifndef DY_LEMMA_H
#define DY_LEMMA_H
#include <stddef.h>
#include "core/hash.h"
#include "core/arena.h"

typedef struct dy_lexicon {
    dy_hmap verbforms;    /* folded verb form -> word id of its lemma */
    dy_hmap words;        /* interned words -> word id */
    const char **word;    /* word id -> text */
    int nwords, capwords;
} dy_lexicon;

int  dy_lexicon_init(dy_lexicon *l);
void dy_lexicon_free(dy_lexicon *l);
/* Intern a word (returns its id, -1 on out of memory); lookup returns -1 when absent. */
int  dy_lexicon_intern(dy_lexicon *l, const char *w, size_t n);
int  dy_lexicon_id(const dy_lexicon *l, const char *w, size_t n);
/* Register a verb lemma: generate its regular forms (unless already listed). */
int  dy_lexicon_add_verb(dy_lexicon *l, const char *lemma);
/* Register explicit forms of a verb (irregular or doubling). */
int  dy_lexicon_add_form(dy_lexicon *l, const char *form, const char *lemma);
/* Lemma id of a folded verb form, -1 when unknown. */
int  dy_lexicon_verb(const dy_lexicon *l, const char *form, size_t n);
/* Rule-based noun lemma of a folded noun into buf; returns its length. */
size_t dy_noun_lemma(const char *w, size_t n, char *buf, size_t cap);
/* Load forms.txt lines "verb LEMMA PAST PARTICIPLE [3SG] [ING]". */
int  dy_lexicon_load_forms(dy_lexicon *l, const char *path, char *err, size_t errlen);
#endif
