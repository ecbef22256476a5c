/* reader.c: see reader.h.  Lines are read with a fixed buffer that grows to
 * at most max_doc_bytes; longer lines are drained and reported, so memory
 * stays flat however large the input is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cJSON.h>
#include "reader.h"
#include "ingest/ingest.h"

struct dy_reader {
    dy_ingest_src *ing;       /* every path goes to src/ingest (formats, compression, directories) */
    FILE *f;
    int is_stdin;
    enum dy_format fmt;
    const char *path;         /* display name */
    char *pathbuf;
    dy_read_opts o;
    long line;
    int done;
    int skip_lf;              /* the last line ended with CR: a LF right after it belongs to it */
    char *buf; size_t cap;    /* line buffer */
    int32_t collected;        /* YYYYMMDD: --date, else the file's modification day, else today (UTC) */
    char ibuf[65536];         /* input buffer */
    size_t ipos, ilen;
};

static long fill(dy_reader *r);

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

dy_reader *dy_reader_open(const char *path, const dy_read_opts *o, char *err, size_t errlen)
{
    dy_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (!(r->ing = dy_ingest_src_open(path, o, err, errlen))) { free(r); return NULL; }
    return r;
}

dy_reader *dy_reader_open_stream(FILE *f, const char *name, const void *prefix, size_t prefixlen,
                                 const dy_read_opts *o, char *err, size_t errlen)
{
    const char *path = name;
    dy_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    r->o = *o;
    if (!r->o.max_doc_bytes) r->o.max_doc_bytes = DY_MAX_DOC_BYTES;
    r->f = f; r->is_stdin = 1;   /* not closed here; the format is sniffed as on stdin */
    r->pathbuf = strdup(path);
    r->path = r->pathbuf ? r->pathbuf : "<stream>";
    if (prefixlen > sizeof r->ibuf) prefixlen = sizeof r->ibuf;
    if (prefixlen) memcpy(r->ibuf, prefix, prefixlen);
    r->ilen = prefixlen;
    /* the reference date of yearless datelines: a dateline is never later than it */
    struct stat sb;
    time_t when = (path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) ? sb.st_mtime : time(NULL);
    struct tm tm;
    if (o->default_date) r->collected = (int32_t)(atoi(o->default_date) * 10000 + atoi(o->default_date + 5) * 100 + atoi(o->default_date + 8));
    else if (gmtime_r(&when, &tm)) r->collected = (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
    r->fmt = o->format;
    if (r->fmt == DY_FMT_AUTO) {
        if (!r->is_stdin && (ends_with(path, ".jsonl") || ends_with(path, ".json") || ends_with(path, ".ndjson")))
            r->fmt = DY_FMT_JSONL;
        else if (!r->is_stdin)
            r->fmt = DY_FMT_TEXT;
        else {
            /* sniff: the first non-blank byte within the first 64 KiB, after a
             * UTF-8 byte order mark; nothing is consumed, so line numbers and
             * the text's offsets stay those of the input */
            int c = EOF;
            r->ipos = r->ilen = 0;
            while (c == EOF && r->ilen < sizeof r->ibuf) {
                ssize_t n = read(fileno(r->f), r->ibuf + r->ilen, sizeof r->ibuf - r->ilen);
                if (n <= 0) break;
                r->ilen += (size_t)n;
                size_t at = 0;
                if (r->ilen < 3 && !memcmp(r->ibuf, "\xEF\xBB\xBF", r->ilen)) continue;   /* maybe a BOM: read on */
                if (r->ilen >= 3 && !memcmp(r->ibuf, "\xEF\xBB\xBF", 3)) at = 3;
                while (at < r->ilen && isspace((unsigned char)r->ibuf[at])) at++;
                if (at < r->ilen) c = (unsigned char)r->ibuf[at];
            }
            r->fmt = (c == '{') ? DY_FMT_JSONL : DY_FMT_TEXT;
        }
    }
    return r;
}

void dy_reader_close(dy_reader *r)
{
    if (!r) return;
    if (r->ing) dy_ingest_src_close(r->ing);
    if (r->f && !r->is_stdin) fclose(r->f);
    free(r->buf);
    free(r->pathbuf);
    free(r);
}

static const char *MONTHS[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

static int days_in(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

static void fmt_date(char out[11], int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000 % 10); out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10); out[3] = (char)('0' + y % 10); out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10); out[6] = (char)('0' + m % 10); out[7] = '-';
    out[8] = (char)('0' + d / 10 % 10); out[9] = (char)('0' + d % 10); out[10] = 0;
}

/* n decimal digits at s, or -1 (no sign, no space: "2024-+5-16" is refused) */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int dy_parse_date(const char *s, size_t n, char out[11])
{
    int y, m, d;
    if (n >= 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4); m = digits(s + 5, 2); d = digits(s + 8, 2);
        if (n > 10 && s[10] != 'T' && s[10] != ' ') return -1;
    } else if (n == 8) {
        y = digits(s, 4); m = digits(s + 4, 2); d = digits(s + 6, 2);
    } else return -1;
    if (y < 0 || m < 0 || d < 0) return -1;
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return -1;
    fmt_date(out, y, m, d);
    return 0;
}

/* The month named at t[i] ("May", "Sept.", "March"): 1-12 and *end after it, else 0. */
static int month_at(const char *t, size_t i, size_t lim, size_t *end)
{
    if (i + 3 > lim || !isupper((unsigned char)t[i]) || (i > 0 && isalpha((unsigned char)t[i - 1]))) return 0;
    int m = 0;
    for (int k = 0; k < 12; k++)
        if (tolower((unsigned char)t[i]) == MONTHS[k][0] && tolower((unsigned char)t[i + 1]) == MONTHS[k][1] &&
            tolower((unsigned char)t[i + 2]) == MONTHS[k][2]) { m = k + 1; break; }
    if (!m) return 0;
    size_t j = i + 3;
    while (j < lim && (isalpha((unsigned char)t[j]) || t[j] == '.')) j++;
    if (j - i > 10) return 0;
    *end = j;
    return m;
}

/* One or two digits at t[j] not followed by a third: the value and *end, else 0. */
static int day_at(const char *t, size_t j, size_t lim, size_t *end)
{
    if (j >= lim || !isdigit((unsigned char)t[j]) || (j > 0 && isdigit((unsigned char)t[j - 1]))) return 0;
    int d = 0;
    size_t k = j;
    while (k < lim && isdigit((unsigned char)t[k]) && k - j < 2) d = d * 10 + (t[k++] - '0');
    if (k < lim && isdigit((unsigned char)t[k])) return 0;
    *end = k;
    return d;
}

/* A four-digit year at t[q] (after an optional comma and spaces): the year and *end, else 0. */
static int year_at(const char *t, size_t q, size_t lim, size_t *end)
{
    if (q < lim && t[q] == ',') q++;
    while (q < lim && t[q] == ' ') q++;
    if (q + 4 <= lim && isdigit((unsigned char)t[q]) && isdigit((unsigned char)t[q + 1]) &&
        isdigit((unsigned char)t[q + 2]) && isdigit((unsigned char)t[q + 3]) && (q + 4 == lim || !isdigit((unsigned char)t[q + 4]))) {
        *end = q + 4;
        return (t[q] - '0') * 1000 + (t[q + 1] - '0') * 100 + (t[q + 2] - '0') * 10 + (t[q + 3] - '0');
    }
    return 0;
}

/* Without a year only a real dateline counts: "(Reuters) -" or " -" must follow soon. */
static int dash_follows(const char *t, size_t k, size_t lim)
{
    for (size_t z = k; z < lim && z < k + 40; z++) if (t[z] == '-' || t[z] == ')' || t[z] == '(') return 1;
    return 0;
}

int dy_find_dateline_ref(const char *t, size_t len, int32_t ref, char out[11])
{
    size_t lim = len < 240 ? len : 240;
    for (size_t i = 0; i + 3 < lim; i++) {
        int m, d, y = 0;
        size_t k, q;
        if ((m = month_at(t, i, lim, &k))) {            /* "May 16", "May 16, 2024" */
            size_t j = k;
            while (j < lim && t[j] == ' ') j++;
            if (!(d = day_at(t, j, lim, &k))) continue;
        } else if ((d = day_at(t, i, lim, &k))) {       /* "5 March", "5 March 2024" */
            if (k >= lim || t[k] != ' ') continue;
            size_t j = k;
            while (j < lim && t[j] == ' ') j++;
            if (!(m = month_at(t, j, lim, &k))) continue;
        } else continue;
        y = year_at(t, k, lim, &q);
        if (y) k = q;
        else {
            if (!ref || !dash_follows(t, k, lim)) continue;
            /* the reference date's year, or the year before when that would be later than it */
            y = ref / 10000;
            if (m * 100 + d > ref % 10000) y--;
        }
        if (y < 1800 || y > 2200 || d < 1 || d > days_in(y, m)) continue;
        fmt_date(out, y, m, d);
        return 0;
    }
    return -1;
}

int dy_find_dateline(const char *t, size_t len, int fallback_year, char out[11])
{
    return dy_find_dateline_ref(t, len, fallback_year > 0 ? fallback_year * 10000 + 1231 : 0, out);
}

/* The document's date from a dateline in its text; 1 when found. */
static int set_dateline(const dy_reader *r, dy_doc *doc)
{
    return dy_find_dateline_ref(doc->text, doc->len, r->collected, doc->date) == 0;
}

/* Refill the input buffer; returns bytes available (0 at EOF), -1 on error
 * (errno; EINTR when a signal interrupted a read that waited on input).
 * read(2), not fread: a pipe's records are read as they arrive, not when
 * 64 KiB have accumulated. */
static long fill(dy_reader *r)
{
    if (r->ipos < r->ilen) return (long)(r->ilen - r->ipos);
    r->ipos = r->ilen = 0;
    int fd = fileno(r->f);
    ssize_t n;
    if (fd >= 0) n = read(fd, r->ibuf, sizeof r->ibuf);
    else {   /* a FILE over decompressed data (src/ingest) */
        size_t k = fread(r->ibuf, 1, sizeof r->ibuf, r->f);
        n = k ? (ssize_t)k : ferror(r->f) ? -1 : 0;
    }
    if (n < 0) return -1;
    r->ilen = (size_t)n;
    return (long)n;
}

/* The first line end in p[0..n): '\n' or '\r' (JSON never holds a raw CR or
 * LF inside a value, so a lone CR ends a line too). */
static const char *line_end(const char *p, size_t n)
{
    const char *nl = memchr(p, '\n', n);
    const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : n);
    return cr ? cr : nl;
}

/* Read one line (without its LF, CRLF or CR) into r->buf.  1 = line, 0 = EOF,
 * -1 = too long (drained), -3 = no memory for it (drained), -2 = I/O error. */
static int read_line(dy_reader *r, size_t *outlen)
{
    size_t n = 0;
    int toolong = 0, any = 0, nomem = 0;
    for (;;) {
        long av = fill(r);
        if (av < 0) return -2;
        if (av == 0) break;
        if (r->skip_lf) {               /* the LF of a CRLF split across two reads */
            r->skip_lf = 0;
            if (r->ibuf[r->ipos] == '\n') { r->ipos++; continue; }
        }
        any = 1;
        const char *p = r->ibuf + r->ipos;
        const char *nl = line_end(p, (size_t)av);
        size_t take = nl ? (size_t)(nl - p) : (size_t)av;
        if (!toolong && !nomem) {
            if (n + take > r->o.max_doc_bytes) toolong = 1;
            else {
                if (n + take + 1 > r->cap) {
                    size_t nc = r->cap ? r->cap : 65536;
                    while (nc < n + take + 1) nc *= 2;
                    char *nb = realloc(r->buf, nc);
                    if (!nb) nomem = 1;   /* drain the line; the next one may fit */
                    else { r->buf = nb; r->cap = nc; }
                }
                if (!nomem) { memcpy(r->buf + n, p, take); n += take; }
            }
        }
        r->ipos += take + (nl ? 1 : 0);
        if (nl) {
            if (*nl == '\r') {
                if (r->ipos < r->ilen) { if (r->ibuf[r->ipos] == '\n') r->ipos++; }
                else r->skip_lf = 1;
            }
            break;
        }
    }
    if (!any) return 0;
    if (toolong) { *outlen = 0; return -1; }
    if (nomem) { *outlen = 0; return -3; }
    if (r->cap == 0) { r->buf = malloc(1); if (!r->buf) { errno = ENOMEM; return -2; } r->cap = 1; }
    r->buf[n] = 0;
    *outlen = n;
    return 1;
}

/* JSON strings are decoded here, not by cJSON: cJSON's strings end at the
 * first \u0000 (the rest of a text would be lost), a lone surrogate makes it
 * reject the whole record, and its numbers are doubles (an id such as
 * 9007199254740993 or 1e400 would change).  cJSON still validates each line;
 * this walker then reads the top-level members straight from the line. */

/* Replace each lone UTF-16 surrogate escape (\ud800 without its pair) by
 * \ufffd in place: same length, so columns stay right.  Returns how many. */
static int repair_surrogates(char *s, size_t n)
{
    int fixed = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in) { if (s[i] == '"') in = 1; continue; }
        if (s[i] == '"') { in = 0; continue; }
        if (s[i] != '\\') continue;
        if (i + 1 >= n) break;
        if (s[i + 1] != 'u') { i++; continue; }
        if (i + 6 > n) break;
        unsigned v = 0;
        int ok = 1;
        for (int k = 2; k < 6; k++) {
            char c = s[i + (size_t)k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
            else ok = 0;
        }
        if (!ok) { i++; continue; }
        int lone = 0;
        if (v >= 0xD800 && v <= 0xDBFF) {
            /* a high surrogate needs \uDC00-\uDFFF right after it */
            unsigned w = 0;
            int pair = i + 12 <= n && s[i + 6] == '\\' && s[i + 7] == 'u';
            for (int k = 8; pair && k < 12; k++) {
                char c = (char)tolower((unsigned char)s[i + (size_t)k]);
                w <<= 4;
                if (c >= '0' && c <= '9') w |= (unsigned)(c - '0');
                else if (c >= 'a' && c <= 'f') w |= (unsigned)(c - 'a' + 10);
                else pair = 0;
            }
            if (pair && w >= 0xDC00 && w <= 0xDFFF) { i += 11; continue; }
            lone = 1;
        } else if (v >= 0xDC00 && v <= 0xDFFF) lone = 1;
        if (lone) { memcpy(s + i + 2, "fffd", 4); fixed++; }
        i += 5;
    }
    return fixed;
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = (char)tolower((unsigned char)p[k]);
        v = (v << 4) | (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode the JSON string body s[0..n) (validated by cJSON, quotes excluded)
 * into arena memory; *len gets its length.  \u0000 stays a NUL byte when
 * keep_nul (the text: the normaliser repairs it like a raw NUL), else it
 * becomes U+FFFD (ids and titles are C strings). */
static char *decode_str(dy_arena *a, const char *s, size_t n, int keep_nul, size_t *len)
{
    char *o = dy_arena_alloc(a, n + 1);   /* decoding never grows a string (\uXXXX: 6 bytes -> at most 4) */
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\' || i + 1 >= n) { o[k++] = c; continue; }
        char e = s[++i];
        switch (e) {
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u': {
            if (i + 4 >= n) { o[k++] = '?'; break; }
            unsigned cp = hex4(s + i + 1);
            i += 4;                       /* at the last hex digit */
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && s[i + 1] == '\\' && s[i + 2] == 'u') {
                unsigned lo = hex4(s + i + 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); i += 6; }
                else cp = 0xFFFD;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
            if (cp == 0 && !keep_nul) cp = 0xFFFD;
            k += put_utf8(o + k, cp);
            break;
        }
        default: o[k++] = e; break;   /* \" \\ \/ */
        }
    }
    o[k] = 0;
    *len = k;
    return o;
}

/* Skip the JSON value at s[i] (valid JSON); returns the index after it. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (s[i] == '"') {
        for (i++; i < n && s[i] != '"'; i++) if (s[i] == '\\') i++;
        return i + 1;
    }
    if (s[i] == '{' || s[i] == '[') {
        long depth = 0;
        for (; i < n; i++) {
            char c = s[i];
            if (c == '"') { for (i++; i < n && s[i] != '"'; i++) if (s[i] == '\\') i++; continue; }
            if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
        }
        return n;
    }
    while (i < n && !strchr(",}] \t\r\n", s[i])) i++;   /* number, true, false, null */
    return i;
}

/* What cJSON (which validated the line) skips as whitespace: every byte up to
 * the space, control bytes included, so the walk below sees the same tokens. */
static int json_ws(char c) { return c != 0 && (unsigned char)c <= 32; }

/* A top-level member of the record: its raw value span (s[vs..ve), quotes included). */
typedef struct jmember { size_t vs, ve; int found; } jmember;

enum { JK_ID, JK_DATE, JK_TEXT, JK_TITLE, JK_URL, JK_SOURCE, JK_N };
static const char *const JKEYS[JK_N] = { "id", "date", "text", "title", "url", "source" };

/* Walk the object at s[i] (validated) and note the first occurrence of each key. */
static void walk_object(const char *s, size_t n, size_t i, jmember m[JK_N])
{
    memset(m, 0, JK_N * sizeof *m);
    i++;                                   /* '{' */
    for (;;) {
        size_t start = i;
        while (i < n && json_ws(s[i])) i++;
        if (i >= n || s[i] == '}') return;
        if (s[i] != '"') return;           /* not a key: the walk cannot be trusted, stop (never loop) */
        size_t ks = i + 1, ke = skip_value(s, n, i) - 1;   /* key body s[ks..ke) */
        i = ke + 1;
        while (i < n && (json_ws(s[i]) || s[i] == ':')) i++;
        size_t vs = i, ve = skip_value(s, n, i);
        for (int k = 0; k < JK_N; k++)
            if (!m[k].found && ke - ks == strlen(JKEYS[k]) && !memcmp(s + ks, JKEYS[k], ke - ks)) {
                m[k].vs = vs; m[k].ve = ve; m[k].found = 1;
            }
        i = ve;
        while (i < n && json_ws(s[i])) i++;
        if (i < n && s[i] == ',') i++;
        if (i <= start) return;            /* no progress: stop rather than loop */
    }
}

/* The member's string value decoded into a, or NULL when absent or not a string. */
static const char *member_str(dy_arena *a, const char *s, const jmember *m, int keep_nul, size_t *len, int *oom)
{
    if (!m->found || s[m->vs] != '"') return NULL;
    const char *v = decode_str(a, s + m->vs + 1, m->ve - m->vs - 2, keep_nul, len);
    if (!v) *oom = 1;
    return v;
}

void dy_msg_escape(char *out, size_t cap, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    for (size_t i = 0; s[i] && i < 200 && k + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) { out[k++] = '\\'; out[k++] = 'x'; out[k++] = hex[c >> 4]; out[k++] = hex[c & 15]; }
        else out[k++] = (char)c;
    }
    if (cap) out[k < cap ? k : cap - 1] = 0;
}

/* snprintf that returns what it wrote (never more than the room) */
__attribute__((format(printf, 3, 4)))
static size_t warn(char *b, size_t cap, const char *fmt, ...)
{
    if (cap == 0) return 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, cap, fmt, ap);
    va_end(ap);
    return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

static int next_jsonl(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    for (;;) {
        size_t len = 0;
        int rc = read_line(r, &len);
        if (rc == 0) return 0;
        r->line++;
        if (rc == -2) {
            snprintf(err, errlen, "%s:%ld: read error: %s", r->path, r->line, strerror(errno));
            return -2;
        }
        if (rc == -1) {
            snprintf(err, errlen, "%s:%ld:1: record longer than the limit of %zu bytes (--max-doc-bytes); skipped",
                     r->path, r->line, r->o.max_doc_bytes);
            return -4;
        }
        if (rc == -3) {
            snprintf(err, errlen, "%s:%ld: out of memory reading the record; skipped", r->path, r->line);
            return -3;
        }
        char *line = r->buf;
        size_t s = 0;
        if (r->line == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) s = 3;   /* a byte order mark */
        while (s < len && isspace((unsigned char)line[s])) s++;
        if (s == len) continue;            /* blank line */
        if (memchr(line, 0, len)) {
            size_t col = (size_t)((char *)memchr(line, 0, len) - line) + 1;
            snprintf(err, errlen, "%s:%ld:%zu: NUL byte in a JSON line; record skipped", r->path, r->line, col);
            return -1;
        }
        int repaired = repair_surrogates(line + s, len - s);
        const char *end = NULL;
        cJSON *j = cJSON_ParseWithLengthOpts(line + s, len - s, &end, 0);
        if (!j) {
            /* cJSON reports a failed allocation like a syntax error: tell them apart by trying one */
            void *probe = malloc(len + 4096);
            int nomem = !probe;
            free(probe);
            size_t col = end ? (size_t)(end - line) + 1 : s + 1;
            if (col > len + 1) col = len + 1;
            if (nomem) {
                snprintf(err, errlen, "%s:%ld: out of memory parsing the record", r->path, r->line);
                return -3;
            }
            snprintf(err, errlen, "%s:%ld:%zu: invalid JSON (or nested too deep); record skipped", r->path, r->line, col);
            return -1;
        }
        int isobj = cJSON_IsObject(j);
        cJSON_Delete(j);
        size_t after = (size_t)(end - line);
        while (after < len && (line[after] == ' ' || line[after] == '\t' || line[after] == '\r')) after++;   /* JSON's own whitespace only */
        if (after < len) {
            snprintf(err, errlen, "%s:%ld:%zu: text after the JSON value (one record per line); record skipped",
                     r->path, r->line, after + 1);
            return -1;
        }
        if (!isobj) {
            snprintf(err, errlen, "%s:%ld:%zu: expected a JSON object {\"id\",\"date\",\"text\"}; record skipped",
                     r->path, r->line, s + 1);
            return -1;
        }
        jmember m[JK_N];
        walk_object(line, len, s, m);
        int oom = 0;
        size_t tl = 0, dl = 0, il = 0;
        memset(doc, 0, sizeof *doc);
        const char *text = member_str(a, line, &m[JK_TEXT], 1, &tl, &oom);
        if (!text && !oom) {
            snprintf(err, errlen, "%s:%ld:%zu: object has no string \"text\"; record skipped", r->path, r->line, s + 1);
            return -1;
        }
        doc->text = text;
        doc->len = tl;
        const char *id = member_str(a, line, &m[JK_ID], 0, &il, &oom);
        if (!id && m[JK_ID].found && (line[m[JK_ID].vs] == '-' || isdigit((unsigned char)line[m[JK_ID].vs])))
            id = dy_arena_strndup(a, line + m[JK_ID].vs, m[JK_ID].ve - m[JK_ID].vs);   /* a number, as written */
        if (!id) {
            char idbuf[64];
            snprintf(idbuf, sizeof idbuf, "%ld", r->line);
            size_t pl = strlen(r->path), nl = strlen(idbuf);
            char *t = dy_arena_alloc(a, pl + nl + 2);
            if (t) { memcpy(t, r->path, pl); t[pl] = ':'; memcpy(t + pl + 1, idbuf, nl + 1); }
            id = t;
        }
        doc->id = id;
        doc->title = member_str(a, line, &m[JK_TITLE], 0, &il, &oom);
        doc->url = member_str(a, line, &m[JK_URL], 0, &il, &oom);
        doc->source = member_str(a, line, &m[JK_SOURCE], 0, &il, &oom);
        doc->input = dy_arena_strndup(a, r->path, strlen(r->path));   /* the document outlives its reader */
        doc->line = r->line;
        const char *d = member_str(a, line, &m[JK_DATE], 0, &dl, &oom);
        if (oom || !doc->id || !doc->input) {
            snprintf(err, errlen, "%s:%ld: out of memory reading the record", r->path, r->line);
            return -3;
        }
        /* a "date" that is there but unusable is reported, whatever its type */
        int bad_date = 0;
        const char *why = "is not a valid YYYY-MM-DD date";
        if (d) { if (dy_parse_date(d, dl, doc->date) != 0) { bad_date = 1; doc->date[0] = 0; } }
        else if (m[JK_DATE].found && strncmp(line + m[JK_DATE].vs, "null", 4) != 0) {
            bad_date = 1;
            why = "is not a string (write dates as \"YYYY-MM-DD\")";
        }
        int dateline = !doc->date[0] && set_dateline(r, doc);
        if (!doc->date[0] && r->o.default_date) memcpy(doc->date, r->o.default_date, 11);
        size_t w = 0;
        err[0] = 0;
        if (bad_date)
            w += warn(err + w, errlen - w, "%s:%ld:%zu: warning: \"date\" %s; %s", r->path, r->line, m[JK_DATE].vs + 1, why,
                      doc->date[0] ? (dateline ? "using the dateline's date" : "using --date") : "document has no date");
        else if (!doc->date[0]) {
            char idm[300];
            dy_msg_escape(idm, sizeof idm, doc->id);
            w += warn(err + w, errlen - w, "%s:%ld: warning: document \"%s\" has no date (no \"date\", no dateline, no --date)",
                      r->path, r->line, idm);
        }
        if (repaired)
            w += warn(err + w, errlen - w, "%s%s:%ld: warning: %d lone UTF-16 surrogate escape(s) (\\ud800-\\udfff without a pair) read as U+FFFD",
                      w ? "\n" : "", r->path, r->line, repaired);
        if (w) return 2;
        return 1;
    }
}

static int next_text(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    if (r->done) return 0;
    r->done = 1;
    size_t n = 0;
    int toolong = 0;
    for (;;) {
        long av = fill(r);
        if (av < 0) { snprintf(err, errlen, "%s: read error: %s", r->path, strerror(errno)); return -2; }
        if (av == 0) break;
        if (!toolong && n + (size_t)av > r->o.max_doc_bytes) toolong = 1;
        if (!toolong) {
            if (n + (size_t)av + 1 > r->cap) {
                size_t nc = r->cap ? r->cap : 65536;
                while (nc < n + (size_t)av + 1) nc *= 2;
                char *nb = realloc(r->buf, nc);
                if (!nb) { snprintf(err, errlen, "%s: out of memory reading the document", r->path); return -3; }
                r->buf = nb; r->cap = nc;
            }
            memcpy(r->buf + n, r->ibuf + r->ipos, (size_t)av);
            n += (size_t)av;
        }
        r->ipos = r->ilen;
    }
    if (toolong) {
        snprintf(err, errlen, "%s: document longer than the limit of %zu bytes (--max-doc-bytes); skipped",
                 r->path, r->o.max_doc_bytes);
        return -4;
    }
    memset(doc, 0, sizeof *doc);
    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    doc->id = dy_arena_strndup(a, base, strlen(base));
    doc->text = dy_arena_strndup(a, n ? r->buf : "", n);
    doc->len = n;
    doc->input = dy_arena_strndup(a, r->path, strlen(r->path));   /* the document outlives its reader */
    if (!doc->id || !doc->text || !doc->input) { snprintf(err, errlen, "%s: out of memory reading the document", r->path); return -3; }
    if (!set_dateline(r, doc) && r->o.default_date) memcpy(doc->date, r->o.default_date, 11);
    if (!doc->date[0]) {
        char idm[300];
        dy_msg_escape(idm, sizeof idm, doc->id);
        snprintf(err, errlen, "%s: warning: document \"%s\" has no date (no dateline, no --date)", r->path, idm);
        return 2;
    }
    return 1;
}

int dy_reader_next(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    err[0] = 0;
    if (r->ing) return dy_ingest_src_next(r->ing, a, doc, err, errlen);
    int rc = r->fmt == DY_FMT_JSONL ? next_jsonl(r, a, doc, err, errlen) : next_text(r, a, doc, err, errlen);
    if (r->cap > (1u << 20)) {   /* the document was copied out: a long one's line buffer is not kept */
        free(r->buf);
        r->buf = NULL;
        r->cap = 0;
    }
    return rc;
}
