/* ingest.h: news as it really comes -> documents (stage 1, before normalize/).
 *
 * Why a subsystem: researchers have crawled HTML pages, Common Crawl CC-NEWS
 * WARC archives, RSS/Atom feeds and folders of compressed files, not clean
 * JSON.  This is where a page becomes text.  src/read/ (dy_reader_open)
 * hands every input to dy_ingest_src_open, which
 *
 *   file or directory (recursive, regular files only, sorted)
 *     -> decompression by magic bytes (gzip, zstd, bzip2; stream.c)
 *     -> format sniffed from the content or --input-format (source.c)
 *     -> one reader per format: HTML page (html.c), WARC records (warc.c),
 *        RSS/Atom items (feed.c), JSON Lines and text (src/read/ again)
 *     -> language identification, non-English skipped (langid.c)
 *     -> near-duplicate wire copies found by SimHash, kept as the first
 *        copy's list of copies (simhash.c, the copy window in source.c)
 *     -> dy_doc (text = the extracted article text; offsets point into it)
 *
 * A dy_intake session (optional) spans every file of a run: it finds copies
 * across files, counts what was skipped and why, and drives the progress
 * line and the summary line (progress.c).  Without one, each reader has a
 * private session. */
#ifndef DY_INGEST_H
#define DY_INGEST_H
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/doc.h"
#include "core/buf.h"

struct dy_read_opts;

/* ---- session ----------------------------------------------------------- */

/* Why documents were skipped (the summary line's reasons). */
enum dy_skip { DY_SKIP_LANG, DY_SKIP_LONG, DY_SKIP_NOTHTML, DY_SKIP_DUP, DY_SKIP_UNREADABLE, DY_NSKIP };

typedef struct dy_intake_opts {
    int nfiles;                 /* inputs the run will open (the last one flushes the copy window); 0 = unknown: flush at each file's end */
    int keep_duplicates;        /* code near-duplicate copies too */
    int copies_everywhere;      /* find copies in JSON Lines and text too (default: HTML, WARC, feeds) */
    int any_language;           /* do not skip non-English documents */
    int copy_window;            /* documents held back to collect their copies (0 = 256; -1 = none) */
    int copy_distance;          /* dy_sig_distance counted as a copy (0 = DY_COPY_DISTANCE) */
} dy_intake_opts;

typedef struct dy_intake_stats {
    long docs;                  /* documents found (coded + skipped) */
    long coded;                 /* handed to the pipeline */
    long skipped[DY_NSKIP];
    long copies;                /* duplicates attached to an earlier story (subset of skipped[DY_SKIP_DUP]) */
    uint64_t bytes_in;          /* bytes read from the input files (compressed) */
} dy_intake_stats;

typedef struct dy_intake dy_intake;

dy_intake *dy_intake_new(const dy_intake_opts *o);
void dy_intake_free(dy_intake *s);
/* A snapshot of the counters (safe from another thread while a run reads). */
void dy_intake_get_stats(const dy_intake *s, dy_intake_stats *st);
/* Total bytes of the inputs when known (regular files, directories walked);
 * 0 when any is a pipe or stdin. */
uint64_t dy_intake_input_size(const char *const *paths, int n);

/* ---- the reader src/read/ dispatches to ------------------------------- */

typedef struct dy_ingest_src dy_ingest_src;
/* path "-" or NULL = stdin.  NULL + err when it cannot be opened. */
dy_ingest_src *dy_ingest_src_open(const char *path, const struct dy_read_opts *o, char *err, size_t errlen);
/* As dy_reader_next: 1 document, 2 document with a warning in err, 0 end,
 * -1 a bad record or file (err names file and record; the next call goes on),
 * -3 no memory for a record, -4 a record longer than max_doc_bytes (skipped),
 * -2 the input can no longer be read. */
int dy_ingest_src_next(dy_ingest_src *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen);
void dy_ingest_src_close(dy_ingest_src *r);

/* ---- pieces, public for tests, tools and the fuzzers ------------------ */

/* Format of a buffer's first bytes (already decompressed). */
enum dy_ingest_fmt { DY_IN_TEXT, DY_IN_JSONL, DY_IN_HTML, DY_IN_WARC, DY_IN_FEED, DY_IN_BINARY };
enum dy_ingest_fmt dy_ingest_sniff(const unsigned char *p, size_t n);
const char *dy_ingest_fmt_name(enum dy_ingest_fmt f);

/* An extracted article: strings malloc'd (free with dy_article_free), NULL when absent. */
typedef struct dy_article {
    char *text;                 /* the article body, paragraphs separated by "\n\n" */
    size_t len;
    char *title, *url, *outlet;
    char date[11];              /* YYYY-MM-DD or "" */
    const char *date_from;      /* "article:published_time", "json-ld", "time", "dateline", or NULL */
    char *warning;              /* e.g. nesting cut; NULL when none */
} dy_article;
void dy_article_free(dy_article *a);
/* Extract the article from an HTML page.  base_url: where it came from
 * (WARC-Target-URI, or NULL); charset from HTTP (or NULL: the page's meta).
 * fallback_year: for datelines without a year (0 = none).  Returns 0, or -1
 * with err when there is no usable text (not HTML, empty body). */
int dy_html_extract(const char *html, size_t len, const char *base_url, const char *charset,
                    int fallback_year, dy_article *out, char *err, size_t errlen);
/* Text of an HTML fragment (feed descriptions): all text, tags dropped. */
char *dy_html_fragment_text(const char *html, size_t len, size_t *outlen);
/* "example.co.uk" from "https://www.example.co.uk/a/b" (malloc'd; NULL when no host). */
char *dy_url_outlet(const char *url);

/* Two independent 64-bit SimHashes over word 3-shingles of a text's folded
 * words; the distance between two texts is the sum of both Hamming
 * distances (0..128).  Two hashes instead of one: the same recall at a
 * false-merge rate orders of magnitude lower (README "Wire copies"). */
typedef struct dy_sig { uint64_t a, b; } dy_sig;
dy_sig dy_simhash(const char *text, size_t len);
static inline int dy_sig_distance(dy_sig x, dy_sig y)
{
    return __builtin_popcountll(x.a ^ y.a) + __builtin_popcountll(x.b ^ y.b);
}
/* Copies are at most this far apart (measured: README "Wire copies"). */
#define DY_COPY_DISTANCE 24

/* Language of a text: an ISO 639-1 code ("en", "fr", ...), "" when the text
 * is too short or unclear to say.  One identifier per thread (not shared). */
typedef struct dy_langid dy_langid;
dy_langid *dy_langid_new(char *err, size_t errlen);
void dy_langid_free(dy_langid *l);
const char *dy_langid_detect(dy_langid *l, const char *text, size_t len);

/* ---- progress and summary (for the CLI) ------------------------------- */

typedef struct dy_progress {
    int enabled;                /* stderr is a terminal, not CI, not --quiet */
    double t0, last;
    uint64_t total_bytes;       /* 0 = unknown: no ETA */
} dy_progress;
/* enabled = isatty(2) && no $CI && !quiet. */
void dy_progress_init(dy_progress *p, uint64_t total_bytes, int quiet);
/* Redraw the line (at most every 0.25 s; force = now). */
void dy_progress_update(dy_progress *p, const dy_intake *s, long sentences, long events, int force);
/* Erase the line before other output. */
void dy_progress_clear(dy_progress *p);
/* "N documents read, N coded, N skipped (...), N sentences, N events, S s" into b. */
void dy_intake_summary(const dy_intake *s, long docs_fallback, long sentences, long events, double seconds, dy_buf *b);
#endif
