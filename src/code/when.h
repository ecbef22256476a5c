/* when.h: stage 7d, relative dates -> calendar dates.
 * "on Thursday", "yesterday", "last week", "in March", "on May 16",
 * "three days ago" in an event's clause are resolved against the document
 * date; past-tense events look back, future ones ahead. */
#ifndef DY_WHEN_H
#define DY_WHEN_H
#include "core/doc.h"

/* Resolve the date of an event whose clause spans tokens [from, to) of s.
 * docdate is "YYYY-MM-DD"; out receives the event date (docdate when the
 * clause names no time).  future: the event is stated as future. */
void dy_when(const dy_sentence *s, int from, int to, const char *docdate, int future, char out[11]);
/* Days since 1970-01-01 of a civil date, and back. */
long dy_days_from_civil(int y, int m, int d);
void dy_civil_from_days(long z, int *y, int *m, int *d);
#endif
