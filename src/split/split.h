/* split.h: stage 3, normalised text -> sentence byte ranges.
 *
 * A sentence ends at . ! ? (with any closing quotes or brackets after it)
 * followed by space and a likely sentence start, or at a blank line.
 * Not at: abbreviations (Mr. Gen. Sept. Inc.), initials (John F. Kennedy),
 * decimals (3.5), ellipses before lowercase, dotted acronyms (U.S., U.N.)
 * unless the next word is a common sentence opener.  A single line break
 * does not end a sentence unless the line ended with a terminator. */
#ifndef DY_SPLIT_H
#define DY_SPLIT_H
#include <stddef.h>
#include <stdint.h>

typedef struct dy_span { uint32_t start, end; } dy_span;

/* Split text[0..len) into at most max sentences; returns how many were
 * written (whitespace-only stretches give none).  Sentences longer than
 * max_bytes are cut at a space near the limit. */
int dy_split(const char *text, size_t len, dy_span *out, int max, size_t max_bytes);
#endif
