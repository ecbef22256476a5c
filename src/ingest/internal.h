/* internal.h: what the files of src/ingest share (not part of libdyad's API;
 * the public header is ingest.h).
 *
 * dy_in is a byte stream over one input file: raw, or decompressed by
 * zlib/libzstd/libbz2 chosen by magic bytes, with a guard against
 * compression bombs, a push-back buffer (the WARC reader re-reads bytes when
 * a record's length lied) and a counter of bytes read for the progress line. */
#ifndef DY_INGEST_INTERNAL_H
#define DY_INGEST_INTERNAL_H
#include <stdio.h>
#include <stdint.h>
#include <stdatomic.h>
#include "ingest.h"

enum dy_comp { DY_COMP_NONE, DY_COMP_GZIP, DY_COMP_ZSTD, DY_COMP_BZIP2 };

typedef struct dy_in dy_in;
/* Open path ("-" = stdin); counter (may be NULL) gets the raw bytes read. */
dy_in *dy_in_open(const char *path, _Atomic uint64_t *counter, char *err, size_t errlen);
void dy_in_close(dy_in *in);
/* Read up to n bytes; 0 at the end or on an error (dy_in_error says which). */
size_t dy_in_read(dy_in *in, void *buf, size_t n);
/* Look at the next n bytes without consuming them (fewer at the end). */
size_t dy_in_peek(dy_in *in, const unsigned char **p, size_t n);
/* Put bytes back in front of the stream (they are read again next). */
int dy_in_unread(dy_in *in, const void *p, size_t n);
/* NULL, or why reading stopped early ("truncated gzip data", "bomb", I/O). */
const char *dy_in_error(const dy_in *in);
enum dy_comp dy_in_comp(const dy_in *in);
uint64_t dy_in_offset(const dy_in *in);  /* decompressed bytes consumed so far */
/* A stdio FILE reading the decompressed bytes (for the JSONL/text reader);
 * closing it does not close in. */
FILE *dy_in_file(dy_in *in);
/* Uncompressed input only: the file itself and the bytes read ahead from it
 * but not consumed (malloc'd, *len of them), so src/read/ reads the rest
 * with read(2) as it arrives.  in must not be read afterwards.  -1 when
 * the input is compressed. */
int dy_in_take_raw(dy_in *in, FILE **f, unsigned char **buf, size_t *len);
uint64_t dy_in_raw_total(const dy_in *in);
int dy_in_fd(const dy_in *in);                /* the file's descriptor */   /* raw bytes read so far by dy_in itself */

/* Decompress a whole gzip/zlib/raw-deflate buffer (HTTP Content-Encoding) into
 * at most max bytes: 0 ok, -1 corrupt, -2 longer than max. */
int dy_inflate_mem(const unsigned char *p, size_t n, int raw_deflate, size_t max, unsigned char **out, size_t *outlen);

/* One candidate document from a format reader, before language and copy
 * checks.  Strings malloc'd; the source frees them. */
typedef struct dy_cand {
    char *id, *text, *title, *url, *outlet;
    size_t len;
    char date[11];
    long line;              /* record number (WARC), item (feed), line (JSONL) */
} dy_cand;
void dy_cand_free(dy_cand *c);

/* WARC: records -> candidates.  next: 1 candidate, 0 end, -1 bad/skipped
 * record (err; *skip set to a DY_SKIP_* reason or -1 for a plain error). */
typedef struct dy_warc dy_warc;
dy_warc *dy_warc_new(dy_in *in, const char *name, size_t max_doc, int fallback_year);
int dy_warc_next(dy_warc *w, dy_cand *c, int *skip, char *err, size_t errlen);
void dy_warc_free(dy_warc *w);

/* Feeds: a whole RSS 2.0 / RSS 1.0 / Atom document -> items. */
typedef struct dy_feed dy_feed;
dy_feed *dy_feed_parse(const char *xml, size_t len, const char *name, char *err, size_t errlen);
int dy_feed_next(dy_feed *f, dy_cand *c);
void dy_feed_free(dy_feed *f);

/* RFC 822 ("Thu, 16 May 2024 10:00:00 GMT") or ISO date -> YYYY-MM-DD; 0 ok. */
int dy_any_date(const char *s, char out[11]);
#endif
