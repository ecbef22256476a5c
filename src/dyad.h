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

#define DYAD_VERSION "0.2.0"

typedef struct dy_options {
    const char *datadir;        /* dyad's data directory (NULL: $DYAD_DATA or the built-in path) */
    const char *const *dicts;   /* extra dictionaries (--dict FILE|DIR), NULL-terminated, may be NULL */
    int dicts_unchecked;        /* --dict-unchecked: TABARI/PETRARCH codes not checked (their real dictionaries hold a few codes CAMEO lacks) */
    int dicts_only;             /* use only the --dict dictionaries (not dyad's own actors/verbs) */
    int unknown_actors;         /* code capitalised names that no dictionary knows, as "---" */
    int max_sentence_tokens;    /* 0 = 400 */
    int max_events;             /* per sentence, 0 = 32 */
    unsigned modes;             /* modes coded, bits (1 << enum dy_mode); 0 = DY_MODES_DEFAULT */
    int one_sided;              /* also code events that have a source but no target */
} dy_options;

/* Event modes (bit numbers = enum dy_mode in parse/parse.h).  By default dyad
 * codes what happened, is planned or was stated: asserted, future and
 * reported events.  A negated act is written by default only where CAMEO has
 * a code for the refusal or denial itself ("did not meet" 125, "denied
 * attacking" 016), as an asserted event; any other negated event ("did not
 * condemn") and hypothetical ones ("could attack", "hopes to meet", a purpose
 * "to help X") did not happen and are coded only on request, with their mode. */
#define DY_MODES_ALL     0x1Fu
#define DY_MODES_DEFAULT 0x13u
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
/* Warnings from loading the dictionaries (malformed lines skipped in TABARI or PETRARCH files), NULL when none. */
const char *dy_engine_warnings(const dy_engine *e);

dy_worker *dy_worker_new(const dy_engine *e);
void dy_worker_free(dy_worker *w);
/* Code one document; output lines appended to out (JSONL or TSV rows); with
 * explain, a readable trace instead.  timing: fill st->ns.  Returns events
 * written, or -1 on out of memory. */
int dy_code_doc(dy_worker *w, const dy_doc *doc, enum dy_outfmt fmt, int explain, int timing,
                dy_buf *out, dy_stats *st);
/* The same, handing a long document's output over in pieces: whenever out
 * holds at least flush_bytes of whole lines, flush(ctx, out) is called and
 * must take them (out->len is then set to 0).  Memory for the output then
 * stays near flush_bytes however long the document (not with explain, whose
 * trace is written at the end). */
typedef void (*dy_flush_fn)(void *ctx, dy_buf *out);
int dy_code_doc_stream(dy_worker *w, const dy_doc *doc, enum dy_outfmt fmt, int explain, int timing,
                       dy_buf *out, dy_stats *st, size_t flush_bytes, dy_flush_fn flush, void *ctx);
/* The TSV header row (with newline). */
const char *dy_tsv_header(void);

/* An actor code split into its CAMEO parts (src/actors/split.c), the way
 * GDELT's actor columns split it: every 3-letter block of the code is read as
 * exactly one part, in the order of the code.  Empty strings when absent. */
#define DY_ACTOR_MAXBLOCKS 8
enum dy_actor_part { DY_PART_COUNTRY = 1, DY_PART_GROUP, DY_PART_ETHNIC, DY_PART_RELIGION, DY_PART_TYPE };
typedef struct dy_actor_parts {
    char country[4];        /* CAMEO country (ISO alpha-3 + CAMEO's exceptions) or region/bloc code (WST, MEA) */
    char group[4];          /* the organisation's own code: HMS, HEZ, TAL, UNO ... (the last one: HCR in IGOUNOREFHCR) */
    char ethnic[4];         /* ethnic group code (KUR) */
    char religion[DY_ACTOR_MAXBLOCKS][4]; int nreligion;   /* MOS, SHI, CHR, CTH ... in code order */
    char types[DY_ACTOR_MAXBLOCKS][4]; int ntypes;         /* role and generic codes: GOV MIL REB ... IGO NGO MNC */
    char groups[DY_ACTOR_MAXBLOCKS][4]; int ngroups;       /* every organisation code (UNO, HCR); group = the last */
    int nblocks;
    unsigned char part[DY_ACTOR_MAXBLOCKS];                /* what block i was read as (enum dy_actor_part) */
} dy_actor_parts;
/* Split code (blocks of 3 uppercase letters/digits).  org: the code is a
 * named organisation's (a group or org dictionary entry), whose last block
 * is its own code unless it is a country, region or role.  Returns 0, or -1
 * (parts left empty) when the code is not made of 3-letter blocks ("---"). */
int dy_actor_split(const char *code, int org, dy_actor_parts *p);
/* Rebuild the code from the parts (in p->part order); returns its length,
 * or -1 when cap is too small or the parts are inconsistent. */
int dy_actor_join(const dy_actor_parts *p, char *out, size_t cap);

/* One actor of an event. */
typedef struct dy_actor_view {
    const char *code;                  /* NULL: no actor */
    size_t start, end;                 /* its words in the document */
    const char *name;                  /* canonical dictionary name of a named entry ("Vladimir Putin"), NULL */
    dy_actor_parts parts;
} dy_actor_view;

/* The version, and a fingerprint of everything that decides the events: a
 * hash over the name and bytes of every dictionary file loaded (ours and
 * --dict), the CAMEO list, the tagger model and the gazetteer; 16 hex digits. */
const char *dy_version(void);
const char *dy_engine_fingerprint(const dy_engine *e);

/* Structured access for tests and tools: code a document and get its events
 * (valid until the next call on this worker). */
typedef struct dy_event_view {
    /* provenance (see README, Output): the stable event id and the document's fields, NULL when
     * absent (doc, url, outlet, title and doc_date point into the dy_doc passed in) */
    const char *id, *doc, *url, *outlet, *title, *doc_date;
    dy_actor_view source, target;      /* the same actors as src_* / tgt_* below, split */
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
    const char *place_feature;         /* "city", "admin1" or "country" (NULL without a place) */
    long place_geonameid;              /* GeoNames feature id of a city or admin1 region, 0 when none */
    const char *place_admin1_code;     /* GeoNames admin1 code ("07"), NULL */
    const char *place_adm1;            /* FIPS 10-4 country + admin1 as GDELT writes it ("UP07"), NULL */
    const char *place_fips;            /* FIPS 10-4 country code ("UP"), NULL */
    int place_has_point;               /* place_lat/lon set: a city, an admin1 region or a country's representative point */
    const char *place_point;           /* a country alone: "capital" or "largest city" (which its point is), else NULL */
    /* for the store (src/store): the sentence's bytes in the document and the pattern that fired */
    size_t sent_start, sent_end;
    const char *rule_text, *rule_file; /* NULL when no pattern */
    unsigned rule_line;
} dy_event_view;
int dy_code_events(dy_worker *w, const dy_doc *doc, const dy_event_view **events);
#endif
