/* timeword.c: the word lists behind timeword.h, in one place so the stages
 * that keep time adjuncts apart agree on what a time word is. */
#include <string.h>
#include "timeword.h"
#include "core/words.h"
#include "tag/tags.h"

#define LOW_IN(L, t) dy_word_in(L, DY_NWORDS(L), (t)->low, (t)->lowlen)

static const dy_word MONTH[] = { DY_WORD("january"), DY_WORD("february"), DY_WORD("march"), DY_WORD("april"),
    DY_WORD("may"), DY_WORD("june"), DY_WORD("july"), DY_WORD("august"), DY_WORD("september"), DY_WORD("october"),
    DY_WORD("november"), DY_WORD("december"), DY_WORD("jan."), DY_WORD("feb."), DY_WORD("mar."), DY_WORD("apr."),
    DY_WORD("jun."), DY_WORD("jul."), DY_WORD("aug."), DY_WORD("sep."), DY_WORD("sept."), DY_WORD("oct."),
    DY_WORD("nov."), DY_WORD("dec.") };

static const dy_word TIME_NOUN[] = { DY_WORD("monday"), DY_WORD("tuesday"), DY_WORD("wednesday"),
    DY_WORD("thursday"), DY_WORD("friday"), DY_WORD("saturday"), DY_WORD("sunday"), DY_WORD("today"),
    DY_WORD("yesterday"), DY_WORD("tomorrow"), DY_WORD("week"), DY_WORD("month"), DY_WORD("year"), DY_WORD("day"),
    DY_WORD("weekend"), DY_WORD("morning"), DY_WORD("afternoon"), DY_WORD("evening"), DY_WORD("night") };

int dy_month_word(const dy_token *t) { return LOW_IN(MONTH, t); }

int dy_time_word(const dy_token *t) { return LOW_IN(TIME_NOUN, t) || (LOW_IN(MONTH, t) && t->tag == DY_NNP); }

int dy_time_or_month_word(const dy_token *t) { return LOW_IN(TIME_NOUN, t) || LOW_IN(MONTH, t); }

int dy_date_word(const dy_token *t, const dy_token *p)
{
    if (t->tag == DY_CD) return p && LOW_IN(MONTH, p);
    return p && p->tag == DY_CD && LOW_IN(MONTH, t);
}
