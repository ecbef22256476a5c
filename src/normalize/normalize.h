/* normalize.h: stage 2, raw bytes -> clean UTF-8 with a map to the original.
 *
 * Invalid UTF-8 and NULs never drop a document: a bad byte becomes U+FFFD,
 * NUL and control characters become spaces.  Curly quotes become ASCII
 * quotes, dashes '-', exotic spaces ' ', the ellipsis "...".  Combining
 * sequences are composed (NFC).  Case folding happens per token
 * (dy_fold) so the text keeps its case for the tagger. */
#ifndef DY_NORMALIZE_H
#define DY_NORMALIZE_H
#include <stddef.h>
#include "core/arena.h"
#include "core/doc.h"

/* Normalise doc text into arena memory.  Returns 0, or -1 on out of memory. */
int dy_normalize(dy_arena *a, const char *text, size_t len, dy_norm *out);

/* Fold s[0..n) to lowercase without accents ("Erdoğan" -> "erdogan") into
 * arena memory; ASCII fast path.  *outlen gets the length. */
const char *dy_fold(dy_arena *a, const char *s, size_t n, size_t *outlen);
/* Same into a caller buffer (truncated to cap-1 bytes); returns length. */
size_t dy_fold_buf(const char *s, size_t n, char *buf, size_t cap);
#endif
