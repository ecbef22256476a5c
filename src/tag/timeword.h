/* timeword.h: words that name a time (weekdays, months, "today", "week"...),
 * shared by the retagger (stage 4d), the clause view (stage 5) and the coder
 * (stage 6), which all keep time adjuncts out of argument slots. */
#ifndef DY_TIMEWORD_H
#define DY_TIMEWORD_H
#include "core/doc.h"
/* Is the folded form of t a month name ("june", "sept.")? */
int dy_month_word(const dy_token *t);
/* Is t a time noun ("monday", "yesterday", "week", "night"), or a month tagged as a
 * name ("June", not the modal "may" nor the noun "march")? */
int dy_time_word(const dy_token *t);
/* A time noun or a month name in any tag ("march" may be tagged a noun where the
 * tagger errs, as in the sentences the retagger mends). */
int dy_time_or_month_word(const dy_token *t);
/* Does t (with p, the token before it, or NULL) end a calendar date: "21 June",
 * "March 28", "June 2019"? */
int dy_date_word(const dy_token *t, const dy_token *p);
#endif
