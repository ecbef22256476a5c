/* warc.c: WARC records (ISO 28500; the CC-NEWS layout) -> HTML candidates.
 *
 * Why by hand: the format is a header block and a length-prefixed body, and
 * the C WARC libraries are not in Debian.  Records are streamed one at a
 * time (memory: one record, capped at max_doc bytes; longer ones are
 * drained, not held).  Only `response` records carrying `application/http`
 * become documents: the HTTP status line and headers are parsed, chunked
 * transfer coding and gzip/deflate content codings are undone (the content
 * coding with the same bomb cap), and HTML pages (text/html,
 * application/xhtml+xml) go to html.c with WARC-Target-URI as the base URL
 * and the HTTP charset.  Other response records are skipped and counted as
 * "not HTML".  WARC-Date is the date when the page has none.
 *
 * A record whose Content-Length lies is caught at its end: a record must be
 * followed by CRLF CRLF.  If not, the record is reported and skipped, and
 * reading resumes at the next "WARC/1." line: searched inside the block
 * just read (the length was too long and swallowed the next record) or
 * after it (too short). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include "internal.h"
#include "read/reader.h"

#define MAX_HEADER 65536

struct dy_warc {
    dy_in *in;
    const char *name;
    size_t max_doc;
    int fallback_year;
    long rec;               /* records seen */
    unsigned char *blk; size_t cap;
    char hdr[MAX_HEADER + 1];
    int eof;
};

dy_warc *dy_warc_new(dy_in *in, const char *name, size_t max_doc, int fallback_year)
{
    dy_warc *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->in = in; w->name = name; w->max_doc = max_doc; w->fallback_year = fallback_year;
    return w;
}

void dy_warc_free(dy_warc *w)
{
    if (!w) return;
    free(w->blk);
    free(w);
}

/* read one line (up to \n) into hdr+pos; returns its length with the \n, 0 at EOF, -1 too long */
static long read_line(dy_warc *w, size_t pos)
{
    size_t n = 0;
    char c;
    while (pos + n < MAX_HEADER) {
        if (dy_in_read(w->in, &c, 1) != 1) { w->hdr[pos + n] = 0; return (long)n; }
        w->hdr[pos + n++] = c;
        if (c == '\n') { w->hdr[pos + n] = 0; return (long)n; }
    }
    return -1;
}

/* skip to the next line that starts with "WARC/1." (left unread); 0 found, -1 EOF */
static int resync(dy_warc *w)
{
    static const char pat[] = "WARC/1.";
    size_t m = 0;
    int at_start = 1;
    char c;
    while (dy_in_read(w->in, &c, 1) == 1) {
        if (at_start && c == pat[m]) {
            if (++m == sizeof pat - 1) { dy_in_unread(w->in, pat, m); return 0; }
            continue;
        }
        m = 0;
        at_start = c == '\n';
    }
    return -1;
}

static const char *field(const char *hdr, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    for (const char *p = hdr; p && *p; ) {
        if (!strncasecmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ' || *v == '\t') v++;
            const char *e = v;
            while (*e && *e != '\r' && *e != '\n') e++;
            while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
            *len = (size_t)(e - v);
            return v;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return NULL;
}

static char *field_dup(const char *hdr, const char *name)
{
    size_t l;
    const char *v = field(hdr, name, &l);
    if (!v) return NULL;
    if (l >= 2 && v[0] == '<' && v[l - 1] == '>') { v++; l -= 2; }   /* <urn:uuid:...>, WARC/1.0 <uri> */
    char *s = malloc(l + 1);
    if (!s) return NULL;
    memcpy(s, v, l);
    s[l] = 0;
    return s;
}

/* find "\nWARC/1." in b (a swallowed next record); offset of the W or -1 */
static long find_next_record(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i + 8 <= n; i++)
        if (b[i] == '\n' && !memcmp(b + i + 1, "WARC/1.", 7)) return (long)(i + 1);
    return -1;
}

/* undo chunked transfer coding in place; -1 when malformed */
static long dechunk(unsigned char *b, size_t n)
{
    size_t r = 0, w = 0;
    for (;;) {
        size_t sz = 0;
        int digits = 0;
        while (r < n && isxdigit(b[r])) {
            int c = b[r++];
            if (sz > ((size_t)1 << 40)) return -1;
            sz = sz * 16 + (size_t)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
            digits++;
        }
        if (!digits) return w ? (long)w : -1;
        while (r < n && b[r] != '\n') r++;     /* chunk extensions */
        if (r >= n) return (long)w;
        r++;
        if (sz == 0) return (long)w;
        if (sz > n - r) sz = n - r;             /* truncated last chunk: keep what is there */
        memmove(b + w, b + r, sz);
        w += sz; r += sz;
        if (r < n && b[r] == '\r') r++;
        if (r < n && b[r] == '\n') r++;
    }
}

static int year_of(const char *date) { return date[0] ? atoi(date) : 0; }

int dy_warc_next(dy_warc *w, dy_cand *c, int *skip, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    *skip = -1;
    for (;;) {
        if (w->eof) return 0;
        /* version line (blank lines between records are tolerated) */
        long l;
        do l = read_line(w, 0); while (l > 0 && (w->hdr[0] == '\n' || (w->hdr[0] == '\r' && w->hdr[1] == '\n')));
        if (l == 0) { w->eof = 1; return 0; }
        uint64_t at = dy_in_offset(w->in) - (uint64_t)(l > 0 ? l : 0);
        w->rec++;
        if (l < 0 || strncmp(w->hdr, "WARC/", 5)) {
            int r = resync(w);
            snprintf(err, errlen, "%s: record %ld at byte %llu: not a WARC record header; %s", w->name, w->rec,
                     (unsigned long long)at, r ? "nothing more to read" : "skipped to the next record");
            if (r) w->eof = 1;
            return -1;
        }
        size_t pos = (size_t)l;
        int ok = 0;
        while ((l = read_line(w, pos)) > 0) {
            if (w->hdr[pos] == '\n' || (w->hdr[pos] == '\r' && w->hdr[pos + 1] == '\n')) { ok = 1; break; }
            pos += (size_t)l;
        }
        if (!ok) {
            int r = l < 0 ? resync(w) : -1;
            snprintf(err, errlen, "%s: record %ld at byte %llu: %s", w->name, w->rec, (unsigned long long)at,
                     l < 0 ? "WARC header longer than 64 KiB; skipped" : "truncated WARC header at the end of the input");
            if (r) w->eof = 1;
            return -1;
        }
        w->hdr[pos] = 0;
        size_t fl;
        const char *cl = field(w->hdr, "Content-Length", &fl);
        char *endp = NULL;
        unsigned long long clen = cl ? strtoull(cl, &endp, 10) : 0;
        if (!cl || endp == cl || (endp && endp < cl + fl)) {
            int r = resync(w);
            snprintf(err, errlen, "%s: record %ld at byte %llu: no valid Content-Length; skipped", w->name, w->rec,
                     (unsigned long long)at);
            if (r) w->eof = 1;
            return -1;
        }
        char *uri = field_dup(w->hdr, "WARC-Target-URI");
        char type[32] = "";
        const char *tv = field(w->hdr, "WARC-Type", &fl);
        if (tv) { size_t k = fl < sizeof type - 1 ? fl : sizeof type - 1; memcpy(type, tv, k); type[k] = 0; }
        const char *ct = field(w->hdr, "Content-Type", &fl);
        int http = ct && fl >= 16 && !strncasecmp(ct, "application/http", 16);
        char wdate[11] = "";
        char *wd = field_dup(w->hdr, "WARC-Date");
        if (wd) { dy_any_date(wd, wdate); free(wd); }
        char *rid = field_dup(w->hdr, "WARC-Record-ID");
        int wanted = !strcmp(type, "response") && http;
        /* the block: held when wanted and small enough, else drained */
        int toolong = wanted && clen > w->max_doc;
        size_t keep = wanted && !toolong ? (size_t)clen : 0;
        if (keep + 4 > w->cap) {
            size_t nc = keep + 4 + 4096;
            unsigned char *nb = realloc(w->blk, nc);
            if (!nb) { free(uri); free(rid); snprintf(err, errlen, "out of memory"); return -1; }
            w->blk = nb; w->cap = nc;
        }
        size_t got = keep ? dy_in_read(w->in, w->blk, keep) : 0;
        unsigned long long left = clen - got;
        while (left > 0 && (got == keep)) {
            unsigned char tmp[65536];
            size_t k = dy_in_read(w->in, tmp, left > sizeof tmp ? sizeof tmp : (size_t)left);
            if (!k) break;
            left -= k;
        }
        if (got < keep || left > 0) {
            snprintf(err, errlen, "%s: record %ld at byte %llu (%s): truncated: Content-Length %llu but the input ends%s%s",
                     w->name, w->rec, (unsigned long long)at, uri ? uri : type, clen,
                     dy_in_error(w->in) ? ": " : "", dy_in_error(w->in) ? dy_in_error(w->in) : "");
            w->eof = 1;
            free(uri); free(rid);
            return -1;
        }
        /* the record must end with CRLF CRLF */
        unsigned char tail[4];
        size_t tl = dy_in_read(w->in, tail, 4);
        if (tl < 4 || memcmp(tail, "\r\n\r\n", 4)) {
            long nx = keep ? find_next_record(w->blk, keep) : -1;
            if (nx >= 0) {
                if (tl) dy_in_unread(w->in, tail, tl);
                dy_in_unread(w->in, w->blk + nx, keep - (size_t)nx);
            } else {
                if (tl) dy_in_unread(w->in, tail, tl);
                if (resync(w)) w->eof = 1;
            }
            if (tl == 0 && nx < 0) {
                /* ends exactly at the input's end without the CRLF CRLF: keep the record */
            } else {
                snprintf(err, errlen, "%s: record %ld at byte %llu (%s): Content-Length %llu does not end at a record "
                         "boundary (the length lies); record skipped, reading resumes at the next record",
                         w->name, w->rec, (unsigned long long)at, uri ? uri : type, clen);
                free(uri); free(rid);
                return -1;
            }
        }
        if (!wanted) { free(uri); free(rid); continue; }   /* warcinfo, request, metadata, ...: not documents */
        if (toolong) {
            snprintf(err, errlen, "%s: record %ld (%s): %llu bytes, longer than the limit of %zu (--max-doc-bytes); skipped",
                     w->name, w->rec, uri ? uri : "?", clen, w->max_doc);
            *skip = DY_SKIP_LONG;
            free(uri); free(rid);
            return -1;
        }
        /* HTTP response: status line, headers */
        unsigned char *b = w->blk;
        size_t n = keep, hend = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') { hend = i + 2; break; }
            if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n') { hend = i + 3; break; }
        }
        if (!hend || n < 12 || memcmp(b, "HTTP/", 5)) {
            snprintf(err, errlen, "%s: record %ld (%s): response is not an HTTP message; skipped", w->name, w->rec,
                     uri ? uri : "?");
            *skip = DY_SKIP_UNREADABLE;
            free(uri); free(rid);
            return -1;
        }
        char *h = malloc(hend + 1);
        if (!h) { free(uri); free(rid); snprintf(err, errlen, "out of memory"); return -1; }
        memcpy(h, b, hend);
        h[hend] = 0;
        for (size_t i = 0; i < hend; i++) if (!h[i]) h[i] = ' ';
        int status = atoi(h + 9 < h + hend ? strchr(h, ' ') ? strchr(h, ' ') + 1 : "0" : "0");
        const char *hct = field(h, "Content-Type", &fl);
        int html = hct && (!strncasecmp(hct, "text/html", 9) || !strncasecmp(hct, "application/xhtml", 17));
        char charset[40] = "";
        if (hct) {
            char ctv[256];
            size_t k = fl < sizeof ctv - 1 ? fl : sizeof ctv - 1;
            memcpy(ctv, hct, k); ctv[k] = 0;
            char *cs = strcasestr(ctv, "charset=");
            if (cs) {
                cs += 8;
                if (*cs == '"') cs++;
                size_t m = 0;
                while (cs[m] && cs[m] != ';' && cs[m] != '"' && cs[m] != ' ' && m < sizeof charset - 1) { charset[m] = cs[m]; m++; }
                charset[m] = 0;
            }
        }
        if (!html || status < 200 || status > 299) {
            snprintf(err, errlen, "%s: record %ld (%s): %s; skipped", w->name, w->rec, uri ? uri : "?",
                     !html ? "not an HTML page" : "HTTP status is not 2xx");
            *skip = DY_SKIP_NOTHTML;
            free(h); free(uri); free(rid);
            return -1;
        }
        size_t bl = n - hend;
        unsigned char *body = b + hend;
        const char *te = field(h, "Transfer-Encoding", &fl);
        if (te && fl >= 7 && strcasestr(te, "chunked")) {
            long dl = dechunk(body, bl);
            if (dl < 0) {
                snprintf(err, errlen, "%s: record %ld (%s): malformed chunked body; skipped", w->name, w->rec, uri ? uri : "?");
                *skip = DY_SKIP_UNREADABLE;
                free(h); free(uri); free(rid);
                return -1;
            }
            bl = (size_t)dl;
        }
        unsigned char *dec = NULL;
        size_t decl = 0;
        const char *ce = field(h, "Content-Encoding", &fl);
        if (ce && (!strncasecmp(ce, "gzip", 4) || !strncasecmp(ce, "x-gzip", 6) || !strncasecmp(ce, "deflate", 7))) {
            int raw = !strncasecmp(ce, "deflate", 7) && !(bl >= 2 && (body[0] & 0x0f) == 8 && ((body[0] << 8) | body[1]) % 31 == 0);
            int rc = dy_inflate_mem(body, bl, raw, w->max_doc, &dec, &decl);
            if (rc) {
                snprintf(err, errlen, "%s: record %ld (%s): %s; skipped", w->name, w->rec, uri ? uri : "?",
                         rc == -2 ? "decoded body longer than --max-doc-bytes (a compression bomb?)" : "corrupt gzip/deflate body");
                *skip = rc == -2 ? DY_SKIP_LONG : DY_SKIP_UNREADABLE;
                free(h); free(uri); free(rid);
                return -1;
            }
            body = dec; bl = decl;
        }
        dy_article art;
        char xerr[256];
        int rc = dy_html_extract((const char *)body, bl, uri, charset[0] ? charset : NULL,
                                 year_of(wdate) ? year_of(wdate) : w->fallback_year, &art, xerr, sizeof xerr);
        free(dec); free(h);
        if (rc) {
            snprintf(err, errlen, "%s: record %ld (%s): %s; skipped", w->name, w->rec, uri ? uri : "?", xerr);
            *skip = DY_SKIP_NOTHTML;
            free(uri); free(rid);
            return -1;
        }
        c->text = art.text; c->len = art.len; c->title = art.title; c->url = art.url; c->outlet = art.outlet;
        art.text = art.title = art.url = art.outlet = NULL;
        memcpy(c->date, art.date[0] ? art.date : wdate, 11);
        c->id = rid ? rid : uri ? strdup(uri) : NULL;
        if (!c->url && uri) { c->url = uri; uri = NULL; }
        if (!c->outlet) c->outlet = dy_url_outlet(c->url);
        c->line = w->rec;
        int warn = art.warning != NULL;
        if (warn) snprintf(err, errlen, "%s: record %ld (%s): warning: %s", w->name, w->rec, c->url ? c->url : "?", art.warning);
        dy_article_free(&art);
        free(uri);
        return warn ? 2 : 1;
    }
}
