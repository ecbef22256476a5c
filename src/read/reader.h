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
#include "core/arena.h"
#include "core/doc.h"

enum dy_format { DY_FMT_AUTO, DY_FMT_TEXT, DY_FMT_JSONL, DY_FMT_HTML, DY_FMT_WARC, DY_FMT_FEED };   /* html, warc, feed: src/ingest */

typedef struct dy_read_opts {
    enum dy_format format;
    const char *default_date;   /* YYYY-MM-DD or NULL: used when a document has none */
    size_t max_doc_bytes;       /* 0 = 16 MiB */
    struct dy_ingest *ingest;   /* src/ingest session spanning the run's files (copies, skip counts), or NULL */
} dy_read_opts;

typedef struct dy_reader dy_reader;

/* path "-" or NULL = stdin.  NULL + message in err when the file cannot be opened. */
dy_reader *dy_reader_open(const char *path, const dy_read_opts *o, char *err, size_t errlen);
/* 1: a document (memory from a, valid until the arena is reset); 0: end of input;
 * -1: this record is bad (err says file:line:column why), the next call goes on;
 * -2: input can no longer be read (I/O error). */
int dy_reader_next(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen);
void dy_reader_close(dy_reader *r);
/* The JSONL/text reader over an already open stream (src/ingest hands it
 * decompressed data); name is shown in messages; f is not closed. */
dy_reader *dy_reader_open_stream(FILE *f, const char *name, const dy_read_opts *o, char *err, size_t errlen);

/* Parse a date written "YYYY-MM-DD", "YYYYMMDD" or ISO with a time part into
 * out[11]; returns 0 when valid (real calendar date, years 1800-2200). */
int dy_parse_date(const char *s, size_t n, char out[11]);
/* Find a dateline ("MOSCOW, May 16 (Reuters) -", "May 16, 2024") near the start
 * of text; writes YYYY-MM-DD (year from fallback_year when absent; 0 = none). */
int dy_find_dateline(const char *text, size_t len, int fallback_year, char out[11]);
#endif
