/* retag.h: stage 4d, context corrections of the tagger's output (see retag.c). */
#ifndef DY_RETAG_H
#define DY_RETAG_H
#include "core/doc.h"
#include "tag/lemma.h"
/* Correct tags the statistical tagger gets wrong in two constructions the coder
 * depends on; a retagged token gets its verb lemma and lemma id.  Returns the
 * number of tokens retagged. */
int dy_retag_sentence(const dy_lexicon *lex, dy_token *t, int n);
#endif
