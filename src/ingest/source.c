/* source.c: paths -> documents: the directory walk, the format sniffer, the
 * per-format readers, the language and copy filters and the copy window.
 *
 * Why here and not in src/read/: src/read/ parses JSON Lines and text;
 * this file decides what a file is (by content, not name; --input-format
 * overrides), opens it through stream.c (so compression is transparent) and
 * feeds the right reader.  JSON Lines and text go back to src/read/ through
 * a FILE* over the decompressed bytes, so those readers stay one copy.
 *
 * Copies: a story is held in a window of the last copy_window stories
 * (default 256, at most 64 MiB of text) before it goes to the pipeline;
 * a later document within DY_COPY_DISTANCE bits of its SimHashes is attached
 * to it as a copy (id, URL, outlet) and not coded.  A copy that arrives
 * after its story left the window is still skipped as a duplicate (the
 * signatures of the last 262,144 stories are kept), but its URL can no longer be
 * attached.  The window spans all the files of a run when the caller gives
 * a session that knows how many files it will open (dy_intake_opts.nfiles);
 * otherwise it is flushed at the end of each file. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include "internal.h"
#include "read/reader.h"

#define WINDOW_BYTES ((size_t)64 << 20)
#define MAX_SIGS (1u << 18)
#define LANG_MIN_BYTES 200
#define COPY_MIN_WORDS 40       /* shorter texts are never copies: too few shingles to tell */

typedef struct held {
    dy_cand c;
    char *input;
    uint64_t seq;
    dy_copy *copies;        /* malloc'd strings */
    int ncopies, capcopies;
    char *warn;             /* the reader's warning about this document, given out with it */
} held;

typedef struct sig { dy_sig h; uint64_t seq; } sig;

struct dy_intake {
    dy_intake_opts o;
    _Atomic long docs, coded, copies;
    _Atomic long skipped[DY_NSKIP];
    _Atomic uint64_t bytes_in;
    int opened;
    dy_langid *lang;
    /* copy detection: the signatures of the last MAX_SIGS stories (a ring) */
    sig *sigs; uint32_t nsigs, capsigs;
    /* the window: a ring of held stories, seq first_seq .. next_seq-1 */
    held *win; int wcap, whead, wn;
    size_t wbytes;
    uint64_t next_seq;
};

static void held_free(held *h)
{
    dy_cand_free(&h->c);
    free(h->input);
    for (int i = 0; i < h->ncopies; i++) {
        free((char *)h->copies[i].id); free((char *)h->copies[i].url);
        free((char *)h->copies[i].outlet); free((char *)h->copies[i].input);
    }
    free(h->copies);
    free(h->warn);
    memset(h, 0, sizeof *h);
}

dy_intake *dy_intake_new(const dy_intake_opts *o)
{
    dy_intake *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (o) s->o = *o;
    if (!s->o.copy_window) s->o.copy_window = 256;
    if (s->o.copy_window < 0 || s->o.keep_duplicates) s->o.copy_window = 0;   /* no copies: nothing to wait for */
    if (!s->o.copy_distance) s->o.copy_distance = DY_COPY_DISTANCE;
    s->wcap = s->o.copy_window + 1;
    s->win = calloc((size_t)s->wcap, sizeof *s->win);
    char err[128];
    if (!s->o.any_language) s->lang = dy_langid_new(err, sizeof err);
    if (!s->win || (!s->o.any_language && !s->lang)) { dy_intake_free(s); return NULL; }
    xmlInitParser();
    return s;
}

void dy_intake_free(dy_intake *s)
{
    if (!s) return;
    for (int i = 0; i < s->wn; i++) held_free(&s->win[(s->whead + i) % s->wcap]);
    free(s->win);
    free(s->sigs);
    dy_langid_free(s->lang);
    free(s);
}

void dy_intake_get_stats(const dy_intake *s, dy_intake_stats *st)
{
    memset(st, 0, sizeof *st);
    dy_intake *m = (dy_intake *)s;
    st->docs = atomic_load(&m->docs);
    st->coded = atomic_load(&m->coded);
    st->copies = atomic_load(&m->copies);
    for (int k = 0; k < DY_NSKIP; k++) st->skipped[k] = atomic_load(&m->skipped[k]);
    st->bytes_in = atomic_load(&m->bytes_in);
}

static uint64_t tree_size(const char *path, int depth)
{
    struct stat st;
    if (depth > 64 || lstat(path, &st)) return 0;
    if (S_ISREG(st.st_mode)) return (uint64_t)st.st_size;
    if (!S_ISDIR(st.st_mode)) return 0;
    DIR *d = opendir(path);
    if (!d) return 0;
    uint64_t t = 0;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        t += tree_size(p, depth + 1);
    }
    closedir(d);
    return t;
}

uint64_t dy_intake_input_size(const char *const *paths, int n)
{
    uint64_t t = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (!paths[i] || !strcmp(paths[i], "-") || stat(paths[i], &st)) return 0;
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return 0;
        t += tree_size(paths[i], 0);
    }
    return t;
}

/* ---- copies ---- */

/* a linear scan over the ring of recent signatures: exact for any
 * threshold, and cheap next to coding (262,144 popcounts, ~50 us a document) */
static int sig_find(dy_intake *s, dy_sig h, uint64_t *seq)
{
    int best = s->o.copy_distance + 1;
    uint32_t n = s->nsigs < MAX_SIGS ? s->nsigs : MAX_SIGS;
    for (uint32_t k = 0; k < n; k++) {
        int d = dy_sig_distance(s->sigs[k].h, h);
        if (d < best) { best = d; *seq = s->sigs[k].seq; if (!d) break; }
    }
    return best <= s->o.copy_distance;
}

static void sig_add(dy_intake *s, dy_sig h, uint64_t seq)
{
    if (s->nsigs < MAX_SIGS && s->nsigs == s->capsigs) {
        uint32_t nc = s->capsigs ? s->capsigs * 2 : 1024;
        sig *ns = realloc(s->sigs, nc * sizeof *ns);
        if (!ns) return;
        s->sigs = ns; s->capsigs = nc;
    }
    s->sigs[s->nsigs % MAX_SIGS] = (sig){ h, seq };   /* past MAX_SIGS: the oldest is replaced */
    s->nsigs++;
}

static held *window_seq(dy_intake *s, uint64_t seq)
{
    if (!s->wn) return NULL;
    uint64_t first = s->win[s->whead].seq;
    if (seq < first || seq >= first + (uint64_t)s->wn) return NULL;
    return &s->win[(s->whead + (int)(seq - first)) % s->wcap];
}

static void add_copy(held *h, const dy_cand *c, const char *input)
{
    if (h->ncopies == h->capcopies) {
        int nc = h->capcopies ? h->capcopies * 2 : 4;
        dy_copy *n = realloc(h->copies, (size_t)nc * sizeof *n);
        if (!n) return;
        h->copies = n; h->capcopies = nc;
    }
    dy_copy *k = &h->copies[h->ncopies++];
    k->id = c->id ? strdup(c->id) : NULL;
    k->url = c->url ? strdup(c->url) : NULL;
    k->outlet = c->outlet ? strdup(c->outlet) : NULL;
    k->input = input ? strdup(input) : NULL;
}

/* ---- the reader ---- */

struct dy_ingest_src {
    dy_intake *s;
    int own;                    /* private session */
    int last;                   /* this reader's end flushes the window */
    dy_read_opts o;
    char **files; int nfiles, fi;
    int is_stdin;
    char *dir_err;              /* a directory walk problem, reported once */
    /* the current file */
    dy_in *in;
    char *name;
    enum dy_ingest_fmt fmt;
    dy_warc *warc;
    dy_feed *feed;
    dy_reader *inner;
    FILE *cookie;
    int whole_done;             /* html: the one document was read */
    int eof;                    /* all files done */
    int hold;                   /* the current file's stories wait in the copy window */
    int raw_fd;                 /* uncompressed JSONL/text read by src/read/ itself: its fd (progress), else -1 */
    uint64_t raw_counted;       /* bytes of it counted in bytes_in */
    char *pending;              /* an error waiting until the window is drained */
    int pending_rc;
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(dy_ingest_src *r, const char *dir, int depth, int *cap)
{
    if (depth > 64) return 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (!r->dir_err) { char m[1200]; snprintf(m, sizeof m, "%s: cannot read directory: %s", dir, strerror(errno)); r->dir_err = strdup(m); }
        return 0;
    }
    struct dirent *e;
    char **sub = NULL;
    int nsub = 0, capsub = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;          /* hidden files, . and .. */
        size_t l = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(l);
        if (!p) break;
        snprintf(p, l, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st)) { free(p); continue; }
        if (S_ISDIR(st.st_mode)) {
            if (nsub == capsub) { capsub = capsub ? capsub * 2 : 8; char **n = realloc(sub, (size_t)capsub * sizeof *n); if (!n) { free(p); break; } sub = n; }
            sub[nsub++] = p;
            continue;
        }
        if (!S_ISREG(st.st_mode)) { free(p); continue; }   /* symlinks, FIFOs, devices: regular files only */
        if (r->nfiles == *cap) { *cap = *cap ? *cap * 2 : 64; char **n = realloc(r->files, (size_t)*cap * sizeof *n); if (!n) { free(p); break; } r->files = n; }
        r->files[r->nfiles++] = p;
    }
    closedir(d);
    if (nsub) qsort(sub, (size_t)nsub, sizeof *sub, cmp_str);
    for (int i = 0; i < nsub; i++) { walk(r, sub[i], depth + 1, cap); free(sub[i]); }
    free(sub);
    return 0;
}

dy_ingest_src *dy_ingest_src_open(const char *path, const dy_read_opts *o, char *err, size_t errlen)
{
    dy_ingest_src *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    r->o = *o;
    r->raw_fd = -1;
    r->hold = 1;                /* until the first file's format says otherwise: what is held stays */
    if (!r->o.max_doc_bytes) r->o.max_doc_bytes = DY_MAX_DOC_BYTES;
    r->s = o->intake;
    if (!r->s) {
        if (!(r->s = dy_intake_new(NULL))) { free(r); snprintf(err, errlen, "out of memory"); return NULL; }
        r->own = 1;
    }
    r->s->opened++;
    r->last = r->own || r->s->o.nfiles <= 0 || r->s->opened >= r->s->o.nfiles;
    struct stat st;
    if (!path || !strcmp(path, "-")) {
        r->is_stdin = 1;
        r->files = calloc(1, sizeof *r->files);
        if (r->files) { r->files[0] = strdup("-"); r->nfiles = 1; }
    } else if (stat(path, &st)) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        atomic_fetch_add(&r->s->skipped[DY_SKIP_UNREADABLE], 1);
        atomic_fetch_add(&r->s->docs, 1);
        dy_ingest_src_close(r);
        return NULL;
    } else if (S_ISDIR(st.st_mode)) {
        int cap = 0;
        walk(r, path, 0, &cap);
        if (r->nfiles > 1) qsort(r->files, (size_t)r->nfiles, sizeof *r->files, cmp_str);
        if (r->nfiles == 0) {
            snprintf(err, errlen, "%s", r->dir_err ? r->dir_err : "");
            if (!r->dir_err) snprintf(err, errlen, "%s: directory holds no files to read", path);
            atomic_fetch_add(&r->s->skipped[DY_SKIP_UNREADABLE], 1);
            atomic_fetch_add(&r->s->docs, 1);
            dy_ingest_src_close(r);
            return NULL;
        }
    } else {
        r->files = calloc(1, sizeof *r->files);
        if (r->files) { r->files[0] = strdup(path); r->nfiles = 1; }
    }
    if (!r->files && r->nfiles == 0 && !S_ISDIR(st.st_mode)) { dy_ingest_src_close(r); snprintf(err, errlen, "out of memory"); return NULL; }
    if (r->nfiles == 1 && !r->is_stdin) {
        /* a named file that cannot be opened fails the open (as src/read/ always did) */
        r->in = dy_in_open(r->files[0], &r->s->bytes_in, err, errlen);
        if (!r->in) {
            atomic_fetch_add(&r->s->skipped[DY_SKIP_UNREADABLE], 1);
            atomic_fetch_add(&r->s->docs, 1);
            dy_ingest_src_close(r);
            return NULL;
        }
        r->fi = 0;
    }
    return r;
}

static void close_file(dy_ingest_src *r)
{
    if (r->inner) { dy_reader_close(r->inner); r->inner = NULL; }
    if (r->cookie) { fclose(r->cookie); r->cookie = NULL; }
    dy_warc_free(r->warc); r->warc = NULL;
    dy_feed_free(r->feed); r->feed = NULL;
    dy_in_close(r->in); r->in = NULL;
    free(r->name); r->name = NULL;
    r->whole_done = 0;
    r->raw_fd = -1;
}

void dy_ingest_src_close(dy_ingest_src *r)
{
    if (!r) return;
    close_file(r);
    for (int i = 0; i < r->nfiles; i++) free(r->files[i]);
    free(r->files);
    free(r->dir_err);
    free(r->pending);
    if (r->own) dy_intake_free(r->s);
    free(r);
}

enum dy_ingest_fmt dy_ingest_sniff(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    size_t ctl = 0, nul = 0;
    for (size_t k = 0; k < n; k++) {
        if (!p[k]) nul++;
        else if (p[k] < 0x20 && p[k] != '\n' && p[k] != '\r' && p[k] != '\t' && p[k] != '\f') ctl++;
    }
    if (n && (nul * 10 > n || (nul + ctl) * 5 > n)) return DY_IN_BINARY;
    while (i < n && isspace(p[i])) i++;
    if (n - i >= 5 && !memcmp(p + i, "WARC/", 5)) return DY_IN_WARC;
    if (i < n && p[i] == '{') return DY_IN_JSONL;
    if (i < n && p[i] == '<') {
        /* look for the first element name after declarations and comments */
        char low[4097];
        size_t m = n - i < 4096 ? n - i : 4096;
        for (size_t k = 0; k < m; k++) low[k] = (char)tolower(p[i + k]);
        low[m] = 0;
        const char *h = strstr(low, "<html"), *rss = strstr(low, "<rss"), *feed = strstr(low, "<feed"), *rdf = strstr(low, "<rdf:rdf");
        const char *f = rss ? rss : feed ? feed : rdf;
        if (f && (!h || f < h)) return DY_IN_FEED;
        if (h || strstr(low, "<!doctype html") || strstr(low, "<head") || strstr(low, "<body") || strstr(low, "<p>") ||
            strstr(low, "<div") || strstr(low, "<article") || strstr(low, "<meta") || strstr(low, "<title"))
            return DY_IN_HTML;
    }
    return DY_IN_TEXT;
}

const char *dy_ingest_fmt_name(enum dy_ingest_fmt f)
{
    static const char *const N[] = { "text", "jsonl", "html", "warc", "feed", "binary" };
    return N[f];
}

static int strip_ends_with(const char *name, const char *suf)
{
    char b[1024];
    snprintf(b, sizeof b, "%s", name);
    size_t l = strlen(b);
    static const char *const Z[] = { ".gz", ".zst", ".bz2", ".gzip", ".zstd", NULL };
    for (int k = 0; Z[k]; k++) {
        size_t zl = strlen(Z[k]);
        if (l > zl && !strcasecmp(b + l - zl, Z[k])) { b[l - zl] = 0; l -= zl; break; }
    }
    size_t sl = strlen(suf);
    return l >= sl && !strcasecmp(b + l - sl, suf);
}

/* Read the whole (decompressed) file, at most max bytes: 0 ok, -1 too long, -2 error. */
static int slurp(dy_ingest_src *r, char **out, size_t *len)
{
    size_t cap = 65536, n = 0, max = r->o.max_doc_bytes;
    char *b = malloc(cap + 1);
    if (!b) return -2;
    for (;;) {
        if (n == cap) {
            if (cap > max) break;
            size_t nc = cap * 2;
            char *nb = realloc(b, nc + 1);
            if (!nb) { free(b); return -2; }
            b = nb; cap = nc;
        }
        size_t k = dy_in_read(r->in, b + n, cap - n);
        if (!k) break;
        n += k;
    }
    if (n > max) {
        char tmp[65536];
        while (dy_in_read(r->in, tmp, sizeof tmp)) ;   /* drain (counts the bytes for progress) */
        free(b);
        return -1;
    }
    if (dy_in_error(r->in)) { free(b); return -2; }
    b[n] = 0;
    *out = b; *len = n;
    return 0;
}

static int fallback_year(const dy_ingest_src *r) { return r->o.default_date ? atoi(r->o.default_date) : 0; }

static int fileno_of(const dy_ingest_src *r) { return dy_in_fd(r->in); }

/* open files[fi]; 0 ok, -1 error in err (file skipped) */
static int open_file(dy_ingest_src *r, char *err, size_t errlen)
{
    const char *path = r->files[r->fi];
    if (!r->in && !(r->in = dy_in_open(path, &r->s->bytes_in, err, errlen))) return -1;
    r->name = strdup(r->is_stdin ? "<stdin>" : path);
    if (!r->name) { snprintf(err, errlen, "out of memory"); return -1; }
    const unsigned char *p;
    size_t n = dy_in_peek(r->in, &p, 4096);
    if (dy_in_error(r->in)) { snprintf(err, errlen, "%s: %s", r->name, dy_in_error(r->in)); return -1; }
    enum dy_ingest_fmt f;
    switch (r->o.format) {
    case DY_FMT_TEXT: f = DY_IN_TEXT; break;
    case DY_FMT_JSONL: f = DY_IN_JSONL; break;
    case DY_FMT_HTML: f = DY_IN_HTML; break;
    case DY_FMT_WARC: f = DY_IN_WARC; break;
    case DY_FMT_FEED: f = DY_IN_FEED; break;
    default:
        if (!r->is_stdin && (strip_ends_with(path, ".jsonl") || strip_ends_with(path, ".json") || strip_ends_with(path, ".ndjson")))
            f = DY_IN_JSONL;
        else {
            f = dy_ingest_sniff(p, n);
            if (f == DY_IN_JSONL && !r->is_stdin && strip_ends_with(path, ".txt")) f = DY_IN_TEXT;
        }
    }
    r->fmt = f;
    /* stories wait for their copies only where copies are looked for, and only
     * in files: a pipe's documents go on at once (a live feed is not held back) */
    struct stat st;
    r->hold = !r->s->o.keep_duplicates && (f == DY_IN_HTML || f == DY_IN_WARC || f == DY_IN_FEED || r->s->o.copies_everywhere) &&
              !r->is_stdin && fstat(fileno_of(r), &st) == 0 && S_ISREG(st.st_mode);
    if (f == DY_IN_JSONL || f == DY_IN_TEXT) {
        dy_read_opts io = r->o;
        io.format = f == DY_IN_JSONL ? DY_FMT_JSONL : DY_FMT_TEXT;
        io.intake = NULL;
        FILE *raw = NULL;
        unsigned char *pre = NULL;
        size_t plen = 0;
        if (dy_in_take_raw(r->in, &raw, &pre, &plen) == 0) {
            /* uncompressed: src/read/ reads the file itself (read(2): pipes as they arrive) */
            r->raw_fd = fileno(raw);
            r->raw_counted = dy_in_raw_total(r->in);
            r->inner = dy_reader_open_stream(raw, r->name, pre, plen, &io, err, errlen);
            free(pre);
            if (!r->inner) return -1;
        } else {
            r->raw_fd = -1;
            r->cookie = dy_in_file(r->in);
            if (!r->cookie || !(r->inner = dy_reader_open_stream(r->cookie, r->name, NULL, 0, &io, err, errlen))) {
                if (!r->cookie) snprintf(err, errlen, "out of memory");
                return -1;
            }
        }
    } else if (f == DY_IN_WARC) {
        if (!(r->warc = dy_warc_new(r->in, r->name, r->o.max_doc_bytes, fallback_year(r)))) { snprintf(err, errlen, "out of memory"); return -1; }
    }
    return 0;
}

static char *basename_dup(const char *p)
{
    const char *b = strrchr(p, '/');
    return strdup(b ? b + 1 : p);
}

/* the next candidate of the current file: 1, 0 file done, -1 error/skip (err, *skip) */
static int file_next(dy_ingest_src *r, dy_cand *c, int *skip, char *err, size_t errlen)
{
    *skip = -1;
    memset(c, 0, sizeof *c);
    switch (r->fmt) {
    case DY_IN_JSONL: case DY_IN_TEXT: {
        dy_arena a;
        dy_arena_init(&a, 65536);
        dy_doc d;
        int rc = dy_reader_next(r->inner, &a, &d, err, errlen);
        if (rc == -2 && dy_in_error(r->in)) snprintf(err, errlen, "%s: %s", r->name, dy_in_error(r->in));
        if (rc == -4 || (rc == -1 && strstr(err, "longer than the limit"))) *skip = DY_SKIP_LONG;
        if (rc == 1 || rc == 2) {
            c->id = strdup(d.id);
            c->text = malloc(d.len + 1);
            if (c->text) { memcpy(c->text, d.text, d.len); c->text[d.len] = 0; }
            c->len = d.len;
            if (d.title) c->title = strdup(d.title);
            if (d.url) c->url = strdup(d.url);
            if (d.source) c->outlet = strdup(d.source);
            memcpy(c->date, d.date, 11);
            c->line = d.line;
            if (!c->id || !c->text) { dy_arena_free(&a); dy_cand_free(c); snprintf(err, errlen, "out of memory"); return -2; }
        }
        dy_arena_free(&a);
        return rc;
    }
    case DY_IN_WARC:
        return dy_warc_next(r->warc, c, skip, err, errlen);
    case DY_IN_HTML: case DY_IN_FEED: {
        if (r->fmt == DY_IN_FEED && r->feed) return dy_feed_next(r->feed, c);
        if (r->whole_done) return 0;
        r->whole_done = 1;
        char *b = NULL;
        size_t n = 0;
        int rc = slurp(r, &b, &n);
        if (rc == -1) {
            snprintf(err, errlen, "%s: document longer than the limit of %zu bytes (--max-doc-bytes); skipped", r->name, r->o.max_doc_bytes);
            *skip = DY_SKIP_LONG;
            return -4;
        }
        if (rc == -2) {
            snprintf(err, errlen, "%s: %s", r->name, dy_in_error(r->in) ? dy_in_error(r->in) : "out of memory");
            *skip = DY_SKIP_UNREADABLE;
            return -1;
        }
        if (r->fmt == DY_IN_FEED) {
            r->feed = dy_feed_parse(b, n, r->name, err, errlen);
            free(b);
            if (!r->feed) { *skip = DY_SKIP_UNREADABLE; return -1; }
            return dy_feed_next(r->feed, c);
        }
        dy_article art;
        char xerr[256];
        rc = dy_html_extract(b, n, NULL, NULL, fallback_year(r), &art, xerr, sizeof xerr);
        free(b);
        if (rc) { snprintf(err, errlen, "%s: %s; skipped", r->name, xerr); *skip = DY_SKIP_NOTHTML; return -1; }
        c->id = basename_dup(r->name);
        c->text = art.text; c->len = art.len; c->title = art.title; c->url = art.url; c->outlet = art.outlet;
        memcpy(c->date, art.date, 11);
        art.text = art.title = art.url = art.outlet = NULL;
        int warn = art.warning != NULL;
        if (warn) snprintf(err, errlen, "%s: warning: %s", r->name, art.warning);
        dy_article_free(&art);
        if (!c->id) { dy_cand_free(c); snprintf(err, errlen, "out of memory"); return -2; }
        return warn ? 2 : 1;
    }
    case DY_IN_BINARY:
        if (r->whole_done) return 0;
        r->whole_done = 1;
        *skip = DY_SKIP_NOTHTML;
        err[0] = 0;                     /* counted, not reported: images and the like in a directory */
        return -1;
    }
    return 0;
}

/* move the oldest held story into doc (arena memory); 2 with its warning in err */
static int release(dy_ingest_src *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    dy_intake *s = r->s;
    held *h = &s->win[s->whead];
    int warned = 0;
    if (h->warn) { snprintf(err, errlen, "%s", h->warn); warned = 1; }
    memset(doc, 0, sizeof *doc);
    doc->id = dy_arena_strndup(a, h->c.id ? h->c.id : "", h->c.id ? strlen(h->c.id) : 0);
    doc->text = dy_arena_strndup(a, h->c.text, h->c.len);
    doc->len = h->c.len;
    memcpy(doc->date, h->c.date, 11);
    if (h->c.title) doc->title = dy_arena_strndup(a, h->c.title, strlen(h->c.title));
    if (h->c.url) doc->url = dy_arena_strndup(a, h->c.url, strlen(h->c.url));
    if (h->c.outlet) doc->source = dy_arena_strndup(a, h->c.outlet, strlen(h->c.outlet));
    doc->input = dy_arena_strndup(a, h->input ? h->input : "", h->input ? strlen(h->input) : 0);
    doc->line = h->c.line;
    int oom = !doc->id || !doc->text || !doc->input;
    if (h->ncopies) {
        dy_copy *cp = dy_arena_zalloc(a, (size_t)h->ncopies * sizeof *cp);
        if (!cp) oom = 1;
        for (int i = 0; cp && i < h->ncopies; i++) {
            const dy_copy *k = &h->copies[i];
            if (k->id) cp[i].id = dy_arena_strndup(a, k->id, strlen(k->id));
            if (k->url) cp[i].url = dy_arena_strndup(a, k->url, strlen(k->url));
            if (k->outlet) cp[i].outlet = dy_arena_strndup(a, k->outlet, strlen(k->outlet));
            if (k->input) cp[i].input = dy_arena_strndup(a, k->input, strlen(k->input));
        }
        doc->copies = cp;
        doc->ncopies = cp ? h->ncopies : 0;
    }
    s->wbytes -= h->c.len;
    held_free(h);
    s->whead = (s->whead + 1) % s->wcap;
    s->wn--;
    atomic_fetch_add(&s->coded, 1);
    if (oom) snprintf(err, errlen, "out of memory");
    return oom ? -2 : warned ? 2 : 1;
}

static int enough_words(const char *t, size_t n)
{
    int w = 0, in = 0;
    for (size_t i = 0; i < n && w < COPY_MIN_WORDS; i++) {
        int a = isalnum((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80;
        if (a && !in) w++;
        in = a;
    }
    return w >= COPY_MIN_WORDS;
}

static int admit1(dy_ingest_src *r, dy_cand *c);

/* a candidate passed in: filter, find copies, hold (with its warning, if
 * any; a dropped document's warning goes to the newest held one).
 * Returns 1 held, 0 dropped. */
static int admit(dy_ingest_src *r, dy_cand *c, const char *warn)
{
    dy_intake *s = r->s;
    int kept = admit1(r, c);
    if (warn && *warn && s->wn) {
        held *w = &s->win[(s->whead + s->wn - 1) % s->wcap];
        if (!w->warn) w->warn = strdup(warn);
    }
    return kept;
}

static int admit1(dy_ingest_src *r, dy_cand *c)
{
    dy_intake *s = r->s;
    atomic_fetch_add(&s->docs, 1);
    if (!c->date[0] && r->o.default_date) memcpy(c->date, r->o.default_date, 11);
    if (c->len == 0 && (r->fmt == DY_IN_HTML || r->fmt == DY_IN_WARC)) {
        atomic_fetch_add(&s->skipped[DY_SKIP_NOTHTML], 1);   /* a page without article text (an index, a video) */
        dy_cand_free(c);
        return 0;
    }
    if (s->lang && c->len >= LANG_MIN_BYTES) {
        const char *l = dy_langid_detect(s->lang, c->text, c->len);
        if (l[0] && strcmp(l, "en")) {
            atomic_fetch_add(&s->skipped[DY_SKIP_LANG], 1);
            dy_cand_free(c);
            return 0;
        }
    }
    dy_sig h = { 0, 0 };
    uint64_t seq = 0;
    int crawled = r->fmt == DY_IN_HTML || r->fmt == DY_IN_WARC || r->fmt == DY_IN_FEED;
    int dedup = !s->o.keep_duplicates && (crawled || s->o.copies_everywhere) && enough_words(c->text, c->len);
    if (dedup) {
        h = dy_simhash(c->text, c->len);
        if (sig_find(s, h, &seq)) {
            held *t = window_seq(s, seq);
            if (t) { add_copy(t, c, r->name); atomic_fetch_add(&s->copies, 1); }
            atomic_fetch_add(&s->skipped[DY_SKIP_DUP], 1);
            dy_cand_free(c);
            return 0;
        }
    }
    seq = s->next_seq++;
    if (dedup) sig_add(s, h, seq);
    held *w = &s->win[(s->whead + s->wn) % s->wcap];
    memset(w, 0, sizeof *w);
    w->c = *c;
    w->input = r->name ? strdup(r->name) : NULL;
    w->seq = seq;
    s->wn++;
    s->wbytes += c->len;
    memset(c, 0, sizeof *c);
    return 1;
}

static int window_full(const dy_ingest_src *r)
{
    const dy_intake *s = r->s;
    return s->wn > 0 && (!r->hold || s->wn > s->o.copy_window || s->wbytes > WINDOW_BYTES);
}

static int release_warn(dy_ingest_src *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    return release(r, a, doc, err, errlen);
}

/* a stream error: real I/O failures stop the file (-2), bad data is bad input (-1) */
static int stream_rc(const char *msg)
{
    return msg && strstr(msg, ": read error") ? -2 : -1;
}

int dy_ingest_src_next(dy_ingest_src *r, dy_arena *a, dy_doc *doc, char *err, size_t errlen)
{
    dy_intake *s = r->s;
    err[0] = 0;
    for (;;) {
        if (window_full(r)) return release_warn(r, a, doc, err, errlen);
        if (r->pending) {
            /* an error: first hand over what is held (a run that stops on it loses nothing read before) */
            if (s->wn) return release_warn(r, a, doc, err, errlen);
            snprintf(err, errlen, "%s", r->pending);
            free(r->pending); r->pending = NULL;
            return r->pending_rc;
        }
        if (r->eof) {
            if (r->last && s->wn) return release_warn(r, a, doc, err, errlen);
            return 0;
        }
        if (r->dir_err) {
            r->pending = r->dir_err; r->dir_err = NULL; r->pending_rc = -1;
            atomic_fetch_add(&s->skipped[DY_SKIP_UNREADABLE], 1);
            continue;
        }
        if (!r->name) {
            if (r->fi >= r->nfiles) { r->eof = 1; continue; }
            char e2[1024];
            if (open_file(r, e2, sizeof e2)) {
                atomic_fetch_add(&s->docs, 1);
                atomic_fetch_add(&s->skipped[DY_SKIP_UNREADABLE], 1);
                close_file(r);
                r->fi++;
                r->pending = strdup(e2); r->pending_rc = -1;
                continue;
            }
        }
        dy_cand c;
        int skip = -1;
        char e2[1024];
        e2[0] = 0;
        int rc = file_next(r, &c, &skip, e2, sizeof e2);
        if (r->inner && r->raw_fd >= 0) {   /* progress: how far src/read/ got in the file */
            off_t at = lseek(r->raw_fd, 0, SEEK_CUR);
            if (at > 0 && (uint64_t)at > r->raw_counted) {
                atomic_fetch_add(&s->bytes_in, (uint64_t)at - r->raw_counted);
                r->raw_counted = (uint64_t)at;
            }
        }
        if (rc == 0) {
            if (r->in && dy_in_error(r->in) && r->fmt != DY_IN_JSONL && r->fmt != DY_IN_TEXT) {
                snprintf(e2, sizeof e2, "%s: %s", r->name, dy_in_error(r->in));
                r->pending = strdup(e2); r->pending_rc = stream_rc(e2);
            }
            close_file(r);
            r->fi++;
            continue;
        }
        if (rc == 1 || rc == 2) {
            admit(r, &c, rc == 2 ? e2 : NULL);
            continue;
        }
        /* rc < 0: a bad or skipped record */
        atomic_fetch_add(&s->docs, 1);
        if (skip >= 0) atomic_fetch_add(&s->skipped[skip], 1);
        else atomic_fetch_add(&s->skipped[DY_SKIP_UNREADABLE], 1);
        int silent = skip == DY_SKIP_NOTHTML || (skip == DY_SKIP_LONG && r->fmt == DY_IN_WARC);
        if (rc == -2) {
            /* the file can no longer be read: report, go on with the next file */
            r->pending = strdup(e2[0] ? e2 : "read error"); r->pending_rc = r->nfiles > 1 ? -1 : stream_rc(e2);
            close_file(r);
            r->fi++;
            continue;
        }
        /* -3 (no memory for the record) and -4 (longer than --max-doc-bytes) keep their meaning for dy_run */
        if (!silent && e2[0]) { r->pending = strdup(e2); r->pending_rc = rc == -3 || rc == -4 ? rc : -1; }
    }
}
