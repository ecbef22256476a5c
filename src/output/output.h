/* output.h: stage 8, coded events -> JSON Lines or TSV rows.
 * Offsets are mapped back from the normalised text to the document's
 * original bytes; strings are escaped and invalid UTF-8 replaced, so the
 * output is always valid JSON/TSV whatever the input held. */
#ifndef DY_OUTPUT_H
#define DY_OUTPUT_H
#include "core/doc.h"
#include "core/buf.h"
#include "core/arena.h"
#include "code/code.h"

#define DY_EVENT_ID_LEN 24   /* 16 hex digits, "-N", NUL */
struct dy_actordict;
typedef struct dy_outctx {
    const dy_doc *doc;
    const dy_norm *norm;
    const dy_cameo *cameo;
    const struct dy_actordict *actors;  /* for canonical names (may be NULL) */
    const dy_event *base;               /* the document's events, base[0..nev) */
    char (*ids)[DY_EVENT_ID_LEN];       /* their ids (dy_output_ids), NULL: not computed */
    int nev;
} dy_outctx;

/* The stable event id: 16 hex digits of a 64-bit hash of the document id,
 * the sentence index and text, the verb's span in the document, the source,
 * target and event codes; "-2", "-3", ... for the second, third event of the
 * document that hashes the same (in document order).  Fills c->ids from
 * arena memory; returns 0 or -1 on out of memory. */
int dy_output_ids(dy_outctx *c, dy_arena *a, const dy_sentence *sents, const dy_events *ev);

/* Resolve an event's fields (codes, offsets into the original text). */
typedef struct dy_outev {
    const char *id;                     /* "" when c->ids is NULL */
    const char *src_name, *tgt_name;    /* canonical dictionary names, NULL */
    int src_org, tgt_org;               /* the actor is a named organisation (group/org entry) */
    const char *src_code, *tgt_code;
    size_t ss, se, ts, te, vs, ve, sents, sente;
    const char *cameo, *plover, *mode;
    const char *pmode;          /* PLOVER mode, NULL = none */
    uint64_t pctx;              /* PLOVER contexts: words and actor sectors (dy_plover_context_name) */
    char root[3];
    int quad;
    double goldstein;
    const struct dy_place *place;   /* NULL: unknown; ps, pe: its span in the document */
    size_t ps, pe;
} dy_outev;
void dy_output_resolve(const dy_outctx *c, const dy_sentence *s, const dy_event *e, dy_outev *o);
void dy_output_jsonl(dy_buf *b, const dy_outctx *c, const dy_sentence *s, const dy_event *e);
void dy_output_tsv(dy_buf *b, const dy_outctx *c, const dy_sentence *s, const dy_event *e);
extern const char DY_TSV_HEADER[];
#endif
