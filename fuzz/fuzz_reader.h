/* fuzz_reader.h: the body shared by fuzz_reader_jsonl.c and fuzz_reader_text.c:
 * write the input to a file, read every document back and check what the
 * reader promises (reader.h): each record is a document, a skipped record
 * with a file:line message, or the end; dates are "" or a valid YYYY-MM-DD. */
#ifndef DY_FUZZ_READER_H
#define DY_FUZZ_READER_H
#include "fuzz_common.h"
#include "read/reader.h"

static void fz_check_doc(const dy_doc *d, int jsonl)
{
    fz_assert(d->id && d->text && d->input);
    (void)strlen(d->id);
    if (d->len) fz_assert(memchr(d->text, d->text[d->len - 1], d->len) != NULL);   /* touch the bytes */
    if (jsonl) fz_assert(d->text[d->len] == 0 && strlen(d->text) <= d->len && d->line > 0);   /* a \\u0000 stays in the text */
    size_t dl = strnlen(d->date, sizeof d->date);
    fz_assert(dl < sizeof d->date);
    if (dl) {
        char again[11];
        if (dl != 10 || dy_parse_date(d->date, 10, again) != 0 || strcmp(again, d->date) != 0)
            fz_fail("document date \"%s\" is not a valid YYYY-MM-DD", d->date);
    }
}

static void fz_read_all(const uint8_t *data, size_t size, enum dy_format fmt, const char *name)
{
    char path[512];
    fz_path(path, sizeof path, name);
    uint8_t opt = size ? data[0] : 0;
    if (size) { data++; size--; }
    fz_write(path, data, size);
    dy_read_opts o;
    memset(&o, 0, sizeof o);
    o.format = (opt & 0x80) ? DY_FMT_AUTO : fmt;
    if (opt & 1) o.default_date = "2020-02-29";
    if (opt & 2) o.max_doc_bytes = 16 + (size_t)(opt & 0x7c) * 8;
    int use_stdin = (opt & 0x80) && (opt & 0x40);
    char err[1024];
    if (use_stdin && !freopen(path, "rb", stdin)) { perror(path); abort(); }
    dy_reader *r = dy_reader_open(use_stdin ? "-" : path, &o, err, sizeof err);
    if (!r) fz_fail("cannot open a regular file: %s", err);
    const char *shown = use_stdin ? "<stdin>" : path;
    dy_arena a;
    dy_arena_init(&a, 4096);
    for (long n = 0;; n++) {
        fz_assert(n <= (long)size + 1);   /* every call consumes input */
        dy_arena_reset(&a);
        dy_doc d;
        int rc = dy_reader_next(r, &a, &d, err, sizeof err);
        if (rc == 0) break;
        if (rc == 1 || rc == 2) {
            fz_check_doc(&d, o.format == DY_FMT_JSONL || (o.format == DY_FMT_AUTO && d.line > 0));
            if (rc == 2) fz_check_err(err, shown);
        } else if (rc == -1 || rc == -3 || rc == -4) {   /* bad, out of memory, over the limit */
            fz_check_err(err, shown);
        } else fz_fail("unexpected reader result %d: %s", rc, err);
    }
    dy_reader_close(r);
    dy_arena_free(&a);
    if (use_stdin) clearerr(stdin);
}
#endif
