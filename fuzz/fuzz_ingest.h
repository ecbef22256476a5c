/* fuzz_ingest.h: the body shared by the src/ingest reader targets
 * (fuzz_ingest_html, _warc, _feed, _compressed): write the input to a file,
 * read every document back through dy_reader_open (which dispatches to
 * src/ingest) with the format forced, and check what ingest.h promises:
 * each call gives a document, a message naming the file, or the end; every
 * call makes progress; document text has no NUL where it came from markup;
 * dates are "" or a real YYYY-MM-DD; copies carry their strings. */
#ifndef DY_FUZZ_INGEST_H
#define DY_FUZZ_INGEST_H
#include "fuzz_common.h"
#include "read/reader.h"
#include "ingest/ingest.h"

static void fz_ingest(const uint8_t *data, size_t size, enum dy_format fmt, const char *name)
{
    char path[512];
    fz_path(path, sizeof path, name);
    uint8_t opt = size ? data[0] : 0;
    if (size) { data++; size--; }
    fz_write(path, data, size);
    dy_intake_opts io;
    memset(&io, 0, sizeof io);
    io.any_language = (opt & 4) != 0;
    io.copy_window = (opt & 8) ? -1 : 4;
    dy_intake *ing = dy_intake_new(&io);
    fz_assert(ing);
    dy_read_opts o;
    memset(&o, 0, sizeof o);
    o.format = (opt & 0x80) ? DY_FMT_AUTO : fmt;
    o.intake = (opt & 0x10) ? ing : NULL;
    if (opt & 1) o.default_date = "2020-02-29";
    if (opt & 2) o.max_doc_bytes = 64 + (size_t)(opt & 0x60) * 64;
    char err[1024];
    dy_reader *r = dy_reader_open(path, &o, err, sizeof err);
    if (!r) { fz_assert(strstr(err, path) != NULL); dy_intake_free(ing); return; }
    dy_arena a;
    dy_arena_init(&a, 4096);
    for (long n = 0;; n++) {
        /* at most one document per input byte, or per decompressed byte: stream.c lets a
         * compressed input grow to 64 MiB, or past it only below 250:1 (found by a 300 s run:
         * a bzip2 input of 40 bytes holds more records than bytes) */
        fz_assert(n <= (long)size * 251 + (64L << 20) + 2);
        dy_arena_reset(&a);
        dy_doc d;
        int rc = dy_reader_next(r, &a, &d, err, sizeof err);
        if (rc == 0) break;
        if (rc == 1 || rc == 2) {
            fz_assert(d.id && d.text && d.input);
            if (d.len) fz_assert(memchr(d.text, d.text[d.len - 1], d.len) != NULL);
            if (o.format == DY_FMT_HTML || o.format == DY_FMT_WARC) fz_assert(strlen(d.text) == d.len);   /* markup text has no NUL */
            size_t dl = strnlen(d.date, sizeof d.date);
            fz_assert(dl < sizeof d.date);
            if (dl) {
                char again[11];
                if (dl != 10 || dy_parse_date(d.date, 10, again) != 0 || strcmp(again, d.date) != 0)
                    fz_fail("document date \"%s\" is not a valid YYYY-MM-DD", d.date);
            }
            for (int k = 0; k < d.ncopies; k++) if (d.copies[k].url) (void)strlen(d.copies[k].url);
            if (rc == 2) fz_assert(err[0] != 0);
        } else if (rc == -1 || rc == -2 || rc == -3 || rc == -4) {   /* -3 no memory, -4 too long: skipped */
            /* a message names the file (may be empty only for silently counted skips) */
            if (err[0] && !strstr(err, path)) fz_fail("message does not name the file: %s", err);
            if (rc == -2) break;
        } else fz_fail("unexpected reader result %d: %s", rc, err);
    }
    dy_reader_close(r);
    dy_arena_free(&a);
    dy_intake_free(ing);
    unlink(path);
}
#endif
