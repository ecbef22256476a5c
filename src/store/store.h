/* store.h: the event store, the one public header of src/store/.
 *
 * Rows become events here.  `dyad ingest` codes documents (dy_run, -j N) and
 * keeps documents, the sentences that carry events, and every event mention
 * (its spans and the pattern that fired); mentions of one real-world event
 * are merged into one event (events, not reports) by a documented,
 * configurable rule that can be re-run (`dyad dedup`).  Queries, dyadic time
 * series, top dyads/actors, full-text search, GDELT 1.0/2.0, PLOVER and CSV
 * export and GDELT import all go through this API, on SQLite (a file) or
 * PostgreSQL (a postgresql:// URL), with the same schema and results.
 *
 * Layers (files):  db_sqlite.c db_pg.c   backend interface (backend.h)
 *                  schema.c              schema, version, migrations, open
 *                  ingest.c              coded documents -> rows, batched transactions
 *                  merge.c               mentions -> events (the merging rule)
 *                  query.c               filters, queries, series, top, search
 *                  export.c              GDELT 1.0/2.0 (+ Mentions), PLOVER, CSV
 *                  gdelt.c               GDELT file reader and import
 *                  plot.c                SVG line chart of a series
 *                  util.c                dates, actor codes, serialisation
 * A store handle is used by one thread at a time; open one per thread. */
#ifndef DY_STORE_H
#define DY_STORE_H
#include <stdio.h>
#include "dyad.h"
#include "run/run.h"

#define DY_STORE_SCHEMA 1          /* the schema version this build writes */

/* Status codes; the CLI's exit codes are the same numbers. */
enum { DY_STORE_OK = 0, DY_STORE_EINPUT = 1, DY_STORE_EUSAGE = 2, DY_STORE_EIO = 4,
       DY_STORE_EOPEN = 6 /* store cannot be opened: corrupt or foreign file, newer schema, connection refused */ };

typedef struct dy_store dy_store;

enum { DY_STORE_CREATE = 1, DY_STORE_READONLY = 2 };
/* target: a file path (SQLite) or postgresql://... / postgres://... (PostgreSQL).
 * NULL + message in err (naming the file or the URL without its password);
 * *status (may be NULL) gets DY_STORE_EOPEN or DY_STORE_EIO. */
dy_store *dy_store_open(const char *target, int flags, int *status, char *err, size_t errlen);
void dy_store_close(dy_store *s);
const char *dy_store_where(const dy_store *s);      /* file or redacted URL */
int dy_store_is_pg(const dy_store *s);
/* Queries still running after CLOCK_MONOTONIC second at (0: never) are
 * aborted and fail (SQLite: a progress handler; PostgreSQL: statement_timeout
 * set to the time left).  For servers that bound a request's time. */
void dy_store_deadline(dy_store *s, double at);
/* Rows per table into counts: documents, sentences, mentions, events; -1 on error. */
typedef struct dy_store_counts { long long documents, sentences, mentions, events, unmerged; } dy_store_counts;
int dy_store_counts_get(dy_store *s, dy_store_counts *c, char *err, size_t errlen);

/* ---- the merging rule (events, not reports) ----
 * Two mentions belong to the same event when they have the same source and
 * target codes (order kept), compatible actions (the same CAMEO root, or
 * base (3 digits), or full code, as configured), the same polarity (negated
 * or not), and dates within `window` days: an event starts at its earliest
 * mention's date and takes every mention up to `window` days later; the
 * next mention after that starts a new event.  Default: root, window 1 (the
 * same day or the day after).  Phoenix's one-a-day filter is match = code,
 * window = 0.  Mentions without a date are kept but not merged. */
enum dy_match { DY_MATCH_ROOT, DY_MATCH_BASE, DY_MATCH_CODE };
typedef struct dy_merge_rule { int match; int window; } dy_merge_rule;
#define DY_MERGE_DEFAULT { DY_MATCH_ROOT, 1 }
int dy_store_rule(dy_store *s, dy_merge_rule *r, char *err, size_t errlen);
/* Re-merge every mention under rule r (NULL: the stored one), which becomes
 * the stored rule; one transaction.  incremental: only mentions not yet
 * merged (and the events they touch).  Returns 0 or a status. */
typedef struct dy_dedup_result { long long mentions, events_before, events_after; } dy_dedup_result;
int dy_store_dedup(dy_store *s, const dy_merge_rule *r, int incremental, dy_dedup_result *res, char *err, size_t errlen);

/* ---- ingest ----
 * dy_store_code is a dy_run code callback (any ctx): it codes the document
 * in the worker thread and serialises its events; dy_ingest_sink is the
 * matching sink (ctx = the dy_ingest), which writes them in batched
 * transactions.  A document already in the store (same id) is replaced:
 * its old mentions go, the new ones come, the events they touch are
 * re-merged, all in the batch's transaction. */
int dy_store_code(void *ctx, dy_worker *w, const dy_doc *doc, dy_buf *out, dy_stats *st);
typedef struct dy_ingest_opts {
    int batch_docs;             /* documents per transaction (0 = 500) */
    int no_merge;               /* leave mentions unmerged (run `dyad dedup` later) */
} dy_ingest_opts;
typedef struct dy_ingest_result {
    long long docs, replaced, sentences, mentions, undated, batches;
} dy_ingest_result;
typedef struct dy_ingest dy_ingest;
dy_ingest *dy_ingest_new(dy_store *s, const dy_ingest_opts *o, char *err, size_t errlen);
int dy_ingest_sink(void *ingest, const dy_doc *doc, int rc, const dy_buf *out);
/* The error that stopped the sink ("" when none). */
const char *dy_ingest_error(const dy_ingest *g);
/* Commit the last batch (ok = 1) or roll it back (ok = 0), free g.  0 or a status. */
int dy_ingest_finish(dy_ingest *g, int ok, dy_ingest_result *res, char *err, size_t errlen);

/* ---- queries ----
 * Every filter is optional (NULL / 0).  Actor codes match as prefixes
 * ("RUS" matches RUS and RUSGOV); a dyad is "SRC-TGT" (either side may be
 * "*").  Dates are YYYY-MM-DD, inclusive. */
typedef struct dy_filter {
    const char *from, *to;
    const char *actor;          /* either side */
    const char *country;        /* either side, the code's first three letters */
    const char *source, *target;
    const char *dyad;
    const char *cameo;          /* code prefix: "04" matches 04, 042, 0431 */
    const char *root;
    int quad;                   /* 1..4 */
    const char *plover, *mode;
    const char *place;          /* place country (ISO3) or place name */
    const char *outlet;         /* an outlet that reported it */
    const char *origin;         /* "dyad" or "gdelt" */
    const char *text;           /* full-text search over the event's sentences */
    long long id;               /* one event */
    const char *doc;            /* events mentioned in this document (its id); dy_store_mentions then
                                   lists only that document's mentions: a document with its events and spans */
    long limit, offset;         /* 0 = no limit */
    int sort;                   /* enum dy_sort: order of dy_store_query's rows (default: date, oldest first) */
} dy_filter;
enum dy_sort { DY_SORT_DATE, DY_SORT_DATE_DESC, DY_SORT_GOLD, DY_SORT_GOLD_DESC, DY_SORT_MENTIONS, DY_SORT_MENTIONS_DESC,
               DY_SORT_ID, DY_SORT_ID_DESC, DY_SORT_N };

typedef struct dy_event_row {
    long long id, gdelt_id;     /* gdelt_id: GLOBALEVENTID when imported, else 0 */
    const char *origin;
    char date[11];
    int day;                    /* days since 1970-01-01 */
    const char *src_code, *tgt_code, *src_name, *tgt_name;
    const char *src_country, *src_group, *src_ethnic, *src_rel1, *src_rel2, *src_type1, *src_type2, *src_type3;
    const char *tgt_country, *tgt_group, *tgt_ethnic, *tgt_rel1, *tgt_rel2, *tgt_type1, *tgt_type2, *tgt_type3;
    int is_root;
    const char *cameo, *base, *root;
    int quad;
    double goldstein;
    long num_mentions, num_sources, num_articles;
    int has_tone; double avg_tone;
    /* geography: [0] Actor1, [1] Actor2, [2] the action (GDELT's three) */
    struct { int type; const char *fullname, *country, *adm1, *adm2, *featureid; int has_ll; double lat, lon; } geo[3];
    const char *place_iso3, *place_name;
    long long date_added;       /* YYYYMMDDHHMMSS */
    const char *source_url;
    const char *plover, *mode;
    double confidence;          /* 0..1 */
} dy_event_row;
typedef int (*dy_event_cb)(void *ctx, const dy_event_row *r);   /* non-zero stops */
int dy_store_query(dy_store *s, const dy_filter *f, dy_event_cb cb, void *ctx, char *err, size_t errlen);

typedef struct dy_mention_row {
    long long id, event;
    const char *doc_id, *url, *outlet, *title;
    char date[11];
    long long doc_added;        /* YYYYMMDDHHMMSS */
    long doc_len;
    int sent;
    const char *sentence;
    long sent_start;            /* the sentence's offset in the document */
    const char *src_code, *tgt_code, *cameo, *mode, *rule;
    long src_start, src_end, tgt_start, tgt_end, verb_start, verb_end;   /* -1 when absent */
    long long event_added;      /* the event's DATEADDED */
    double event_confidence;
} dy_mention_row;
typedef int (*dy_mention_cb)(void *ctx, const dy_mention_row *r);
/* The mentions of the events f selects (of event f->id alone when set), by event then document. */
int dy_store_mentions(dy_store *s, const dy_filter *f, dy_mention_cb cb, void *ctx, char *err, size_t errlen);

/* Full-text search over stored sentences: FTS5 syntax on SQLite, websearch
 * syntax on PostgreSQL (words, "phrases", -not, or). */
typedef struct dy_hit { const char *doc_id; int sent; const char *text; long long events; } dy_hit;
typedef int (*dy_hit_cb)(void *ctx, const dy_hit *h);
int dy_store_search(dy_store *s, const char *q, long limit, dy_hit_cb cb, void *ctx, char *err, size_t errlen);

/* ---- series and top lists ---- */
enum dy_by { DY_BY_DAY, DY_BY_WEEK, DY_BY_MONTH };
typedef struct dy_point {
    char period[11];            /* first day of the period, YYYY-MM-DD (weeks start on Monday) */
    long count;
    double gold_sum, gold_mean;
    long quad[5];               /* [1..4] counts per QuadClass */
} dy_point;
/* Points in date order, periods with no events included as zeros between
 * the first and the last; *pts malloc'd (caller frees). */
int dy_store_series(dy_store *s, const dy_filter *f, enum dy_by by, dy_point **pts, int *npts, char *err, size_t errlen);
enum dy_top { DY_TOP_DYADS, DY_TOP_ACTORS, DY_TOP_SOURCES, DY_TOP_TARGETS };
typedef struct dy_top_row { const char *a, *b; long events, mentions; double gold_mean; long quad[5]; /* [1..4] events per QuadClass */ } dy_top_row;
typedef int (*dy_top_cb)(void *ctx, const dy_top_row *r);
int dy_store_top(dy_store *s, const dy_filter *f, enum dy_top what, int n, dy_top_cb cb, void *ctx, char *err, size_t errlen);

/* Events per place (place country, action place name and its coordinates), most first: the map. */
typedef struct dy_place_row { const char *iso3, *name; int has_ll; double lat, lon; long events; } dy_place_row;
typedef int (*dy_place_cb)(void *ctx, const dy_place_row *r);
int dy_store_places(dy_store *s, const dy_filter *f, dy_place_cb cb, void *ctx, char *err, size_t errlen);

/* ---- files ---- */
enum dy_export_fmt { DY_EXPORT_GDELT1, DY_EXPORT_GDELT2, DY_EXPORT_MENTIONS, DY_EXPORT_PLOVER, DY_EXPORT_CSV };
/* Write the events f selects; GDELT files: tab-separated, no header, one
 * event per line (GDELT 1.0: 58 columns; 57 with no_url).  0 or a status. */
int dy_store_export(dy_store *s, const dy_filter *f, enum dy_export_fmt fmt, int no_url, FILE *out, char *err, size_t errlen);
/* GDELT 1.0 (57/58 columns) or 2.0 (61) event files, plain or .zip, into
 * the store as origin "gdelt"; one transaction per file: a malformed line
 * (message: file:line: why) writes nothing of that file.  An event already
 * there (same GLOBALEVENTID) is replaced. */
typedef struct dy_import_result { long long lines, events; } dy_import_result;
int dy_store_import_gdelt(dy_store *s, const char *path, dy_import_result *res, char *err, size_t errlen);

/* The GDELT line reader (also the fuzz target's entry): split one line
 * (without its newline) into fields; 0 and *nf fields (57, 58 or 61), or -1
 * with the reason in err.  Fields point into line, which is modified. */
int dy_gdelt_split(char *line, size_t len, char **fields, int *nf, char *err, size_t errlen);

/* SVG line chart of a series: one line per metric (count; goldstein mean;
 * or the four QuadClass counts), axes, dates, legend.  0 or -1 (errno). */
enum dy_metric { DY_METRIC_COUNT, DY_METRIC_GOLDSTEIN, DY_METRIC_QUAD };
int dy_series_svg(FILE *f, const dy_point *pts, int n, enum dy_metric m, const char *title);

/* Dates: YYYY-MM-DD <-> days since 1970-01-01; -1 / "" when invalid. */
int dy_day_from_date(const char *ymd);
void dy_date_from_day(int day, char out[11]);
#endif
