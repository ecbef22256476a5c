/* output.h: stage 8, coded events -> JSON Lines or TSV rows.
 * Offsets are mapped back from the normalised text to the document's
 * original bytes; strings are escaped and invalid UTF-8 replaced, so the
 * output is always valid JSON/TSV whatever the input held. */
#ifndef DY_OUTPUT_H
#define DY_OUTPUT_H
#include "core/doc.h"
#include "core/buf.h"
#include "code/code.h"

typedef struct dy_outctx {
    const dy_doc *doc;
    const dy_norm *norm;
    const dy_cameo *cameo;
} dy_outctx;

/* Resolve an event's fields (codes, offsets into the original text). */
typedef struct dy_outev {
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
