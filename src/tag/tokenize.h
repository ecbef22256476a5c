/* tokenize.h: stage 4a, a sentence's text -> Penn-Treebank-style tokens.
 *
 * Splits punctuation and clitics the way the tagger's training data does
 * ("China's" -> China 's, "don't" -> do n't, "countries'" -> countries '),
 * keeps abbreviations, dotted acronyms, numbers (1,000.5), hyphenated words
 * and URLs whole.  Fills text, offsets, folded form and flags; tags and
 * lemmas come later. */
#ifndef DY_TOKENIZE_H
#define DY_TOKENIZE_H
#include "core/arena.h"
#include "core/doc.h"

/* Tokenise text[start..end); at most max tokens (the rest of the sentence is
 * dropped and *truncated set).  Returns the count, or -1 on out of memory. */
int dy_tokenize(dy_arena *a, const char *text, uint32_t start, uint32_t end,
                dy_token **out, int max, int *truncated);
#endif
