/* dyad.h: the public API of libdyad, a political event coder.
 *
 * An engine holds the read-only dictionaries and models; it is built once
 * and shared by any number of threads.  Each thread codes documents with its
 * own worker (memory reused across documents).  Stages, in order:
 *   read/ (the CLI) -> normalize/ -> split/ -> tag/ (tokenize, tagger,
 *   lemma) -> actors/ (resolve) -> parse/ -> code/ -> output/
 */
#ifndef DYAD_H
#define DYAD_H
#include <stddef.h>
#include "core/doc.h"
#include "core/buf.h"

#define DYAD_VERSION "0.1.0"

typedef struct dy_options {
    const char *datadir;        /* dyad's data directory (NULL: $DYAD_DATA or the built-in path) */
    const char *const *dicts;   /* extra dictionaries (--dict FILE|DIR), NULL-terminated, may be NULL */
    int dicts_only;             /* use only the --dict dictionaries (not dyad's own actors/verbs) */
    int unknown_actors;         /* code capitalised names that no dictionary knows, as "---" */
    int max_sentence_tokens;    /* 0 = 400 */
    int max_events;             /* per sentence, 0 = 32 */
    unsigned modes;             /* modes coded, bits (1 << enum dy_mode); 0 = DY_MODES_DEFAULT */
    int one_sided;              /* also code events that have a source but no target */
} dy_options;

/* Event modes (bit numbers = enum dy_mode in parse/parse.h).  By default dyad
 * codes what happened, is planned or was stated: asserted, future, negated and
 * reported events.  Hypothetical ones ("could attack", "hopes to meet", a
 * purpose "to help X") did not happen and are coded only on request. */
#define DY_MODES_ALL     0x1Fu
#define DY_MODES_DEFAULT 0x1Bu
/* Parse "all" or "asserted,future,..." into a mode mask; 0 ok, -1 bad list. */
int dy_parse_modes(const char *s, unsigned *mask);

enum dy_outfmt { DY_OUT_JSONL, DY_OUT_TSV, DY_OUT_ACTORS /* one line per actor mention */ };

enum dy_stage { DY_ST_NORMALIZE, DY_ST_SPLIT, DY_ST_TAG, DY_ST_ACTORS, DY_ST_PARSE, DY_ST_CODE, DY_ST_OUTPUT, DY_NSTAGES };
typedef struct dy_stats {
    double ns[DY_NSTAGES];      /* time per stage (only with timing on) */
    long docs, sentences, tokens, events, truncated;
    size_t bytes;
} dy_stats;

typedef struct dy_engine dy_engine;
typedef struct dy_worker dy_worker;

dy_engine *dy_engine_new(const dy_options *o, char *err, size_t errlen);
void dy_engine_free(dy_engine *e);
/* Entry counts of the loaded dictionaries, one line per kind, into b. */
void dy_engine_describe(const dy_engine *e, dy_buf *b);
/* Per CAMEO code: patterns reaching it and cases (file or directory, NULL = none) testing it. */
int dy_engine_coverage(const dy_engine *e, const char *cases, dy_buf *b, char *err, size_t errlen);

dy_worker *dy_worker_new(const dy_engine *e);
void dy_worker_free(dy_worker *w);
/* Code one document; output lines appended to out (JSONL or TSV rows); with
 * explain, a readable trace instead.  timing: fill st->ns.  Returns events
 * written, or -1 on out of memory. */
int dy_code_doc(dy_worker *w, const dy_doc *doc, enum dy_outfmt fmt, int explain, int timing,
                dy_buf *out, dy_stats *st);
/* The TSV header row (with newline). */
const char *dy_tsv_header(void);

/* Structured access for tests and tools: code a document and get its events
 * (valid until the next call on this worker). */
typedef struct dy_event_view {
    int sent;
    const char *src_code, *tgt_code;   /* NULL when absent */
    size_t src_start, src_end, tgt_start, tgt_end, verb_start, verb_end;   /* offsets in the document */
    const char *cameo, *plover, *mode, *date;
    double goldstein;
    int quad;
    /* where: a gazetteer city (name, admin1, lat, lon) or a country alone (name NULL) */
    int has_place;
    const char *place_country, *place_name, *place_admin1;   /* NULL when absent */
    double place_lat, place_lon;
    size_t place_start, place_end;     /* the place's words in the document (a dateline's too) */
} dy_event_view;
int dy_code_events(dy_worker *w, const dy_doc *doc, const dy_event_view **events);
#endif
