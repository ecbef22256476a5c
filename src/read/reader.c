/* reader.c: see reader.h.  Lines are read with a fixed buffer that grows to
 * at most max_doc_bytes; longer lines are drained and reported, so memory
 * stays flat however large the input is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
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
    char *buf; size_t cap;    /* line buffer */
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

dy_reader *dy_reader_open_stream(FILE *f, const char *name, const dy_read_opts *o, char *err, size_t errlen)
{
    const char *path = name;
    dy_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    r->o = *o;
    if (!r->o.max_doc_bytes) r->o.max_doc_bytes = 16u << 20;
    r->f = f; r->is_stdin = 1;   /* not closed here; the format is sniffed as on stdin */
    r->pathbuf = strdup(path);
    r->path = r->pathbuf ? r->pathbuf : "<stream>";
    r->fmt = o->format;
    if (r->fmt == DY_FMT_AUTO) {
        if (!r->is_stdin && (ends_with(path, ".jsonl") || ends_with(path, ".json") || ends_with(path, ".ndjson")))
            r->fmt = DY_FMT_JSONL;
        else if (!r->is_stdin)
            r->fmt = DY_FMT_TEXT;
        else {
            /* sniff: look at the first non-blank byte, leaving it in the input buffer */
            int c = EOF;
            for (;;) {
                long av = fill(r);
                if (av <= 0) break;
                while (r->ipos < r->ilen && isspace((unsigned char)r->ibuf[r->ipos]) && r->ibuf[r->ipos] != '\n') r->ipos++;
                if (r->ipos < r->ilen && r->ibuf[r->ipos] == '\n') { r->ipos++; continue; }
                if (r->ipos < r->ilen) { c = (unsigned char)r->ibuf[r->ipos]; break; }
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

int dy_parse_date(const char *s, size_t n, char out[11])
{
    int y, m, d;
    char tmp[32];
    if (n < 8 || n >= sizeof tmp) { if (n < 8) return -1; n = sizeof tmp - 1; }
    memcpy(tmp, s, n); tmp[n] = 0;
    if (isdigit((unsigned char)tmp[0]) && tmp[4] == '-') {
        if (sscanf(tmp, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
        if (n > 10 && tmp[10] != 'T' && tmp[10] != ' ') return -1;
    } else if (n == 8) {
        for (int i = 0; i < 8; i++) if (!isdigit((unsigned char)tmp[i])) return -1;
        if (sscanf(tmp, "%4d%2d%2d", &y, &m, &d) != 3) return -1;
    } else return -1;
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return -1;
    fmt_date(out, y, m, d);
    return 0;
}

int dy_find_dateline(const char *t, size_t len, int fallback_year, char out[11])
{
    size_t lim = len < 240 ? len : 240;
    for (size_t i = 0; i + 3 < lim; i++) {
        if (i > 0 && isalpha((unsigned char)t[i - 1])) continue;
        if (!isupper((unsigned char)t[i])) continue;
        int m = -1;
        for (int k = 0; k < 12; k++)
            if (tolower((unsigned char)t[i]) == MONTHS[k][0] && tolower((unsigned char)t[i + 1]) == MONTHS[k][1] &&
                tolower((unsigned char)t[i + 2]) == MONTHS[k][2]) { m = k + 1; break; }
        if (m < 0) continue;
        size_t j = i + 3;
        while (j < lim && (isalpha((unsigned char)t[j]) || t[j] == '.')) j++;
        if (j - i > 10) continue;
        while (j < lim && t[j] == ' ') j++;
        if (j >= lim || !isdigit((unsigned char)t[j])) continue;
        int d = 0;
        size_t k = j;
        while (k < lim && isdigit((unsigned char)t[k]) && k - j < 2) d = d * 10 + (t[k++] - '0');
        if (k < lim && isdigit((unsigned char)t[k])) continue;
        int y = 0;
        size_t q = k;
        if (q < lim && t[q] == ',') q++;
        while (q < lim && t[q] == ' ') q++;
        if (q + 4 <= lim && isdigit((unsigned char)t[q]) && isdigit((unsigned char)t[q + 1]) &&
            isdigit((unsigned char)t[q + 2]) && isdigit((unsigned char)t[q + 3]) && (q + 4 == lim || !isdigit((unsigned char)t[q + 4])))
            y = (t[q] - '0') * 1000 + (t[q + 1] - '0') * 100 + (t[q + 2] - '0') * 10 + (t[q + 3] - '0');
        if (!y) {
            /* without a year only a real dateline counts: "(Reuters) -" or " -" must follow soon */
            const char *rest = t + k;
            size_t rl = lim - k;
            int dash = 0;
            for (size_t z = 0; z < rl && z < 40; z++) if (rest[z] == '-' || rest[z] == ')') { dash = 1; break; }
            if (!dash || !fallback_year) continue;
            y = fallback_year;
        }
        if (y < 1800 || y > 2200 || d < 1 || d > days_in(y, m)) continue;
        fmt_date(out, y, m, d);
        return 0;
    }
    return -1;
}

/* Refill the input buffer; returns bytes available (0 at EOF), -1 on error. */
static long fill(dy_reader *r)
{
    if (r->ipos < r->ilen) return (long)(r->ilen - r->ipos);
    r->ipos = 0;
    r->ilen = fread(r->ibuf, 1, sizeof r->ibuf, r->f);
    if (r->ilen == 0 && ferror(r->f)) return -1;
    return (long)r->ilen;
}

/* Read one line (without '\n') into r->buf.  1 = line, 0 = EOF, -1 = too long (drained), -2 = I/O error. */
static int read_line(dy_reader *r, size_t *outlen)
{
    size_t n = 0;
    int toolong = 0, any = 0;
    for (;;) {
        long av = fill(r);
        if (av < 0) return -2;
        if (av == 0) break;
        any = 1;
        const char *p = r->ibuf + r->ipos;
        const char *nl = memchr(p, '\n', (size_t)av);
        size_t take = nl ? (size_t)(nl - p) : (size_t)av;
        if (!toolong) {
            if (n + take > r->o.max_doc_bytes) toolong = 1;
            else {
                if (n + take + 1 > r->cap) {
                    size_t nc = r->cap ? r->cap : 65536;
                    while (nc < n + take + 1) nc *= 2;
                    char *nb = realloc(r->buf, nc);
                    if (!nb) return -2;
                    r->buf = nb; r->cap = nc;
                }
                memcpy(r->buf + n, p, take);
                n += take;
            }
        }
        r->ipos += take + (nl ? 1 : 0);
        if (nl) break;
    }
    if (!any) return 0;
    if (toolong) { *outlen = 0; return -1; }
    if (r->cap == 0) { r->buf = malloc(1); if (!r->buf) return -2; r->cap = 1; }
    r->buf[n] = 0;
    *outlen = n;
    return 1;
}

static const char *jstr(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int next_jsonl(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    for (;;) {
        size_t len = 0;
        int rc = read_line(r, &len);
        if (rc == 0) return 0;
        r->line++;
        if (rc == -2) { snprintf(err, errlen, "%s:%ld: read error: %s", r->path, r->line, strerror(errno)); return -2; }
        if (rc == -1) {
            snprintf(err, errlen, "%s:%ld:1: record longer than the limit of %zu bytes (--max-doc-bytes); skipped",
                     r->path, r->line, r->o.max_doc_bytes);
            return -1;
        }
        size_t s = 0;
        while (s < len && isspace((unsigned char)r->buf[s])) s++;
        if (s == len) continue;            /* blank line */
        if (memchr(r->buf, 0, len)) {
            size_t col = (size_t)((char *)memchr(r->buf, 0, len) - r->buf) + 1;
            snprintf(err, errlen, "%s:%ld:%zu: NUL byte in a JSON line; record skipped", r->path, r->line, col);
            return -1;
        }
        const char *end = NULL;
        cJSON *j = cJSON_ParseWithLengthOpts(r->buf, len, &end, 0);
        if (!j) {
            size_t col = end ? (size_t)(end - r->buf) + 1 : 1;
            if (col > len + 1) col = len + 1;
            snprintf(err, errlen, "%s:%ld:%zu: invalid JSON (or nested too deep); record skipped", r->path, r->line, col);
            return -1;
        }
        if (!cJSON_IsObject(j)) {
            snprintf(err, errlen, "%s:%ld:%zu: expected a JSON object {\"id\",\"date\",\"text\"}; record skipped",
                     r->path, r->line, s + 1);
            cJSON_Delete(j);
            return -1;
        }
        const char *text = jstr(j, "text");
        if (!text) {
            snprintf(err, errlen, "%s:%ld:%zu: object has no string \"text\"; record skipped", r->path, r->line, s + 1);
            cJSON_Delete(j);
            return -1;
        }
        memset(doc, 0, sizeof *doc);
        cJSON *idv = cJSON_GetObjectItemCaseSensitive(j, "id");
        char idbuf[64];
        const char *id = NULL;
        if (cJSON_IsString(idv)) id = idv->valuestring;
        else if (cJSON_IsNumber(idv)) { snprintf(idbuf, sizeof idbuf, "%.17g", idv->valuedouble); id = idbuf; }
        else { snprintf(idbuf, sizeof idbuf, "%s:%ld", r->path, r->line); id = idbuf; }
        doc->id = dy_arena_strndup(a, id, strlen(id));
        size_t tl = strlen(text);   /* cJSON stops at \u0000: text after it is kept as far as cJSON gives */
        doc->text = dy_arena_strndup(a, text, tl);
        doc->len = tl;
        const char *t;
        if ((t = jstr(j, "title"))) doc->title = dy_arena_strndup(a, t, strlen(t));
        if ((t = jstr(j, "url"))) doc->url = dy_arena_strndup(a, t, strlen(t));
        if ((t = jstr(j, "source"))) doc->source = dy_arena_strndup(a, t, strlen(t));
        doc->input = dy_arena_strndup(a, r->path, strlen(r->path));   /* the document outlives its reader */
        doc->line = r->line;
        const char *d = jstr(j, "date");
        int bad_date = 0;
        if (d && dy_parse_date(d, strlen(d), doc->date) != 0) { bad_date = 1; doc->date[0] = 0; }
        cJSON_Delete(j);
        if (!doc->id || !doc->text || !doc->input) { snprintf(err, errlen, "out of memory"); return -2; }
        if (!doc->date[0] && r->o.default_date) memcpy(doc->date, r->o.default_date, 11);
        if (!doc->date[0]) {
            int fy = r->o.default_date ? atoi(r->o.default_date) : 0;
            dy_find_dateline(doc->text, doc->len, fy, doc->date);
        }
        if (bad_date) {
            snprintf(err, errlen, "%s:%ld: warning: \"date\" is not a valid YYYY-MM-DD date; %s", r->path, r->line,
                     doc->date[0] ? "using the default/dateline date" : "document has no date");
            return 2;
        }
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
                if (!nb) { snprintf(err, errlen, "out of memory"); return -2; }
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
        return -1;
    }
    memset(doc, 0, sizeof *doc);
    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    doc->id = dy_arena_strndup(a, base, strlen(base));
    doc->text = dy_arena_strndup(a, n ? r->buf : "", n);
    if (!doc->id || !doc->text) { snprintf(err, errlen, "out of memory"); return -2; }
    doc->len = n;
    doc->input = dy_arena_strndup(a, r->path, strlen(r->path));   /* the document outlives its reader */
    if (!doc->input) { snprintf(err, errlen, "out of memory"); return -2; }
    if (r->o.default_date) memcpy(doc->date, r->o.default_date, 11);
    else dy_find_dateline(doc->text, n, 0, doc->date);
    return 1;
}

int dy_reader_next(dy_reader *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    err[0] = 0;
    if (r->ing) return dy_ingest_src_next(r->ing, a, doc, err, errlen);
    return r->fmt == DY_FMT_JSONL ? next_jsonl(r, a, doc, err, errlen) : next_text(r, a, doc, err, errlen);
}
