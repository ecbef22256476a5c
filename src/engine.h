/* engine.h: internal engine API for the compatibility loaders and eval
 * runners (src/compat, src/eval): build an engine whose dictionaries are
 * filled by the caller, e.g. from TABARI or PETRARCH files, while tagging,
 * parsing and coding stay dyad's own. */
#ifndef DY_ENGINE_H
#define DY_ENGINE_H
#include "dyad.h"
#include "actors/actordict.h"
#include "code/verbdict.h"
#include "tag/lemma.h"
#include "code/code.h"

/* Fill the dictionaries; return >= 0 on success, -1 with err on failure. */
typedef int (*dy_dict_loader)(void *ctx, dy_actordict *actors, dy_verbdict *verbs, dy_lexicon *lex,
                              char *err, size_t errlen);

/* Like dy_engine_new, but dyad's own actor and verb dictionaries are loaded
 * only when o->dicts_only is 0; then fn (may be NULL) adds its own. */
dy_engine *dy_engine_new_custom(const dy_options *o, dy_dict_loader fn, void *ctx, char *err, size_t errlen);

/* Code one document and hand back the raw per-sentence analysis, for eval
 * runners that compare events: calls cb once per sentence with its events. */
struct dy_sentence;
struct dy_events;
typedef void (*dy_sentence_cb)(void *ctx, const dy_doc *doc, const struct dy_sentence *s,
                               const struct dy_event *ev, int nev);
/* The dictionary files the engine loaded, in load order, with their bytes
 * (for a fingerprint of the dictionaries in use). */
struct dy_dictsrc;
int dy_engine_nsources(const dy_engine *e);
const struct dy_dictsrc *dy_engine_source(const dy_engine *e, int i);

int dy_code_doc_cb(dy_worker *w, const dy_doc *doc, dy_sentence_cb cb, void *ctx, dy_buf *explain);
#endif
