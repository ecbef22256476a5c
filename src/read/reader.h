/* reader.h: stage 1, input files -> documents, streaming.
 *
 * Formats: plain text (the whole file is one document; id = file name) and
 * JSON Lines (one {"id","date","text"[,"title","url","source"]} object per
 * line).  "auto" picks JSON Lines for *.jsonl / *.json / *.ndjson names, and
 * for stdin when the first non-blank byte is '{'.  Memory is bounded: a
 * record longer than max_doc_bytes is skipped with an error naming its line,
 * and reading goes on with the next line. */
#ifndef DY_READER_H
#define DY_READER_H
#include <stdio.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/doc.h"

enum dy_format { DY_FMT_AUTO, DY_FMT_TEXT, DY_FMT_JSONL, DY_FMT_HTML, DY_FMT_WARC, DY_FMT_FEED };   /* html, warc, feed: src/ingest */

/* The default --max-doc-bytes, 8 MiB: coding one document costs at most ~16
 * bytes of memory per input byte (every byte invalid UTF-8: 3 bytes of
 * normalised text and a 4-byte offset map per output byte; news text ~7), so
 * the worst case per coding thread is ~128 MiB plus ~30 MiB for a chunk of
 * sentences: under 256 MiB (README, "Memory and limits"). */
#define DY_MAX_DOC_BYTES (8u << 20)

typedef struct dy_read_opts {
    enum dy_format format;
    const char *default_date;   /* YYYY-MM-DD or NULL: used when a document has none */
    size_t max_doc_bytes;       /* 0 = DY_MAX_DOC_BYTES */
    struct dy_intake *intake;   /* src/ingest session spanning the run's files (copies, skip counts), or NULL */
} dy_read_opts;

typedef struct dy_reader dy_reader;

/* path "-" or NULL = stdin.  NULL + message in err when the file cannot be opened. */
dy_reader *dy_reader_open(const char *path, const dy_read_opts *o, char *err, size_t errlen);
/* 1: a document (memory from a, valid until the arena is reset); 2: a document
 * and a warning in err (a bad "date", no date at all, a repaired escape);
 * 0: end of input; -1: this record is bad (err says file:line:column why), the
 * next call goes on; -3: no memory for this record (err names it), the next
 * call goes on; -4: the record is longer than max_doc_bytes, skipped (err
 * names it; read no more of it), the next call goes on; -2: input can no
 * longer be read (I/O error).
 *
 * JSON Lines: one object per line; a line ends at LF, CRLF or a lone CR; a
 * UTF-8 byte order mark before the first record is skipped; anything but
 * white space after the object is an error.  String values keep every
 * character: "\u0000" in "text" stays a NUL byte (the normaliser makes it a
 * space, like a raw NUL), a lone surrogate ("\ud800") becomes U+FFFD with a
 * warning; a numeric "id" is kept as written (9007199254740993, 1e400).
 * Dates: "date" (YYYY-MM-DD, YYYYMMDD, ISO with a time), else a dateline in
 * the text, else --date. */
int dy_reader_next(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen);
void dy_reader_close(dy_reader *r);
/* The JSONL/text reader over an already open stream (src/ingest hands it the
 * file, or a FILE over decompressed data), after the prefix bytes (at most
 * 64 KiB) that were read from it to sniff the format; name is shown in
 * messages; f is not closed. */
dy_reader *dy_reader_open_stream(FILE *f, const char *name, const void *prefix, size_t prefixlen,
                                 const dy_read_opts *o, char *err, size_t errlen);

/* Copy s for a message (at most cap-1 bytes, cut at 200 characters): control
 * bytes and DEL as \xNN, so no terminal escape reaches the user's screen. */
void dy_msg_escape(char *out, size_t cap, const char *s);

/* Parse a date written "YYYY-MM-DD", "YYYYMMDD" or ISO with a time part into
 * out[11]; returns 0 when valid (real calendar date, years 1800-2200). */
int dy_parse_date(const char *s, size_t n, char out[11]);
/* Find a dateline near the start of text: month first ("MOSCOW, May 16 (Reuters) -",
 * "May 16, 2024") or day first ("BEIRUT, 5 March 2024 (AFP) -", "5 March (AFP)");
 * writes YYYY-MM-DD.  Without a year (and then only when "-" or "(" follows soon)
 * the year is ref's (YYYYMMDD, 0 = none), or the one before when the date would
 * be later than ref: a dateline is never later than the day the text was collected. */
int dy_find_dateline_ref(const char *text, size_t len, int32_t ref, char out[11]);
/* The same with a year alone as reference (0 = none). */
int dy_find_dateline(const char *text, size_t len, int fallback_year, char out[11]);
#endif
