/* test_store.c: the event store (src/store) on SQLite, and on PostgreSQL when
 * DYAD_TEST_PG names a server (tests/pg.sh starts one; .ci/run does).
 *
 * Collections we wrote (tests/store/): ten outlets reporting one state
 * visit -> one event, ten mentions, ten sources; two visits a month apart ->
 * two events; a meeting and a criticism the same day -> two events.  Then:
 * ingesting 1,000 generated documents twice leaves the same counts; kill -9
 * mid-ingest leaves a store complete up to its last committed batch; a
 * GDELT 2.0 export round-trips through import-gdelt byte for byte and every
 * column has its position and format; bad stores and bad GDELT lines are
 * refused with a clear message, the documented exit code and no writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <ctype.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <libpq-fe.h>
#include <archive.h>
#include <archive_entry.h>
#include "harness.h"
#include "store/store.h"
#include "run/run.h"

static const char *PG;          /* DYAD_TEST_PG or NULL */
static int ON_PG;               /* the current pass */
static dy_engine *ENG;
static int nstore;

/* A fresh, empty store for the current pass: a new SQLite file, or the PostgreSQL database emptied. */
static const char *fresh(char *buf, size_t cap)
{
    if (!ON_PG) { snprintf(buf, cap, "%s/s%d.db", CLI.dir, nstore++); return buf; }
    PGconn *c = PQconnectdb(PG);
    if (PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    PQfinish(c);
    snprintf(buf, cap, "%s", PG);
    return buf;
}

static dy_store *open_store(const char *t)
{
    char err[2048];
    int st;
    dy_store *s = dy_store_open(t, DY_STORE_CREATE, &st, err, sizeof err);
    if (!s) fprintf(stderr, "open %s: %s\n", t, err);
    return s;
}

/* Ingest files into t through the library; returns the run status, -1 on failure. */
static int ingest(const char *t, const char *file, int batch, int threads)
{
    dy_store *s = open_store(t);
    if (!s) return -1;
    char err[2048];
    dy_ingest_opts io = { batch, 0 };
    dy_ingest *g = dy_ingest_new(s, &io, err, sizeof err);
    if (!g) { dy_store_close(s); return -1; }
    dy_read_opts rdo;
    memset(&rdo, 0, sizeof rdo);
    dy_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.nthreads = threads;
    ro.ro = &rdo;
    ro.code = dy_store_code;
    ro.sink = dy_ingest_sink;
    ro.ctx = g;
    dy_run_result res;
    const char *files[] = { file };
    int rc = dy_run(ENG, files, 1, &ro, &res, err, sizeof err);
    dy_ingest_result ir;
    int fs = dy_ingest_finish(g, rc == 0, &ir, err, sizeof err);
    if (fs) fprintf(stderr, "ingest: %s\n", err);
    dy_store_close(s);
    return rc || fs ? -1 : res.status;
}

static dy_store_counts counts(const char *t)
{
    dy_store_counts c;
    memset(&c, -1, sizeof c);
    char err[2048];
    dy_store *s = open_store(t);
    if (s) { if (dy_store_counts_get(s, &c, err, sizeof err)) fprintf(stderr, "%s\n", err); dy_store_close(s); }
    return c;
}

typedef struct evs { int n; dy_event_row r[64]; char codes[64][4][16]; char url[64][128]; } evs;
static int collect(void *ctx, const dy_event_row *r)
{
    evs *e = ctx;
    if (e->n < 64) {
        e->r[e->n] = *r;
        snprintf(e->codes[e->n][0], 16, "%s", r->src_code);
        snprintf(e->codes[e->n][1], 16, "%s", r->tgt_code);
        snprintf(e->codes[e->n][2], 16, "%s", r->cameo);
        snprintf(e->codes[e->n][3], 16, "%s", r->root);
        snprintf(e->url[e->n], 128, "%s", r->source_url);
        /* the row's strings live until the next row: keep copies */
        e->r[e->n].src_code = e->codes[e->n][0]; e->r[e->n].tgt_code = e->codes[e->n][1];
        e->r[e->n].cameo = e->codes[e->n][2]; e->r[e->n].root = e->codes[e->n][3]; e->r[e->n].source_url = e->url[e->n];
    }
    e->n++;
    return 0;
}
static evs *query(const char *t, const dy_filter *f)
{
    static evs e;
    memset(&e, 0, sizeof e);
    char err[2048];
    dy_store *s = open_store(t);
    if (!s) return &e;
    if (dy_store_query(s, f, collect, &e, err, sizeof err)) fprintf(stderr, "query: %s\n", err);
    dy_store_close(s);
    return &e;
}

/* A fresh store t with one of our collections ingested; the events of dyad in it. */
static evs *collection_events(char *t, size_t cap, const char *file, const char *dyad)
{
    fresh(t, cap);
    CHECK_INT(ingest(t, file, 500, 1), 0);
    dy_filter f = { 0 };
    f.dyad = dyad;
    return query(t, &f);
}

/* The store's counts: c's documents, mentions and events are d, m and e. */
#define CHECK_COUNTS(c, d, m, e) do { dy_store_counts c_ = (c); \
    CHECK_INT(c_.documents, d); CHECK_INT(c_.mentions, m); CHECK_INT(c_.events, e); } while (0)
/* Two stores hold as many documents, sentences, mentions and events. */
#define CHECK_SAME_COUNTS(a, b) do { dy_store_counts x_ = (a), y_ = (b); \
    CHECK_INT(x_.documents, y_.documents); CHECK_INT(x_.sentences, y_.sentences); \
    CHECK_INT(x_.mentions, y_.mentions); CHECK_INT(x_.events, y_.events); } while (0)

TEST(state_visit_one_event)
{
    char t[1024];
    evs *e = collection_events(t, sizeof t, "tests/store/visit.jsonl", "RUSGOV-CHNGOV");
    CHECK_INT(e->n, 1);
    CHECK_INT(e->r[0].num_mentions, 10);
    CHECK_INT(e->r[0].num_sources, 10);
    CHECK_INT(e->r[0].num_articles, 10);
    CHECK_STR(e->r[0].date, "2024-05-16");
    CHECK(e->r[0].confidence > 0.4 && e->r[0].confidence <= 1.0);
    /* the first report (Reuters) gives SOURCEURL */
    CHECK_STR(e->r[0].source_url, "https://reuters.example/a1");
    CHECK_COUNTS(counts(t), 10, 10, 1);
}

TEST(visits_month_apart_two_events)
{
    char t[1024];
    evs *e = collection_events(t, sizeof t, "tests/store/visits-month-apart.jsonl", "FRAGOV-DEUGOV");
    CHECK_INT(e->n, 2);
    CHECK_STR(e->r[0].date, "2024-03-04");
    CHECK_INT(e->r[0].num_mentions, 2);
    CHECK_INT(e->r[0].num_sources, 2);
    CHECK_STR(e->r[1].date, "2024-04-08");     /* the 8th and the day after: one event */
    CHECK_INT(e->r[1].num_mentions, 2);
}

TEST(meeting_and_criticism_two_events)
{
    char t[1024];
    evs *e = collection_events(t, sizeof t, "tests/store/meet-and-criticise.jsonl", "INDGOV-JPNGOV");
    CHECK_INT(e->n, 2);
    CHECK_INT(e->r[0].num_mentions + e->r[1].num_mentions, 2);
    CHECK(strcmp(e->r[0].root, e->r[1].root) != 0);
}

/* 1,000 documents from templates (fixed seed): actors, verbs, dates, outlets. */
static void gen_docs(const char *path, int n, int first)
{
    static const char *const A[] = { "Russian President Vladimir Putin", "Chinese President Xi Jinping",
        "French President Emmanuel Macron", "German Chancellor Olaf Scholz", "Indian Prime Minister Narendra Modi",
        "Japanese Prime Minister Fumio Kishida", "Turkish President Recep Tayyip Erdogan", "Brazilian President Lula da Silva" };
    static const char *const V[] = { "met", "criticized", "praised", "accused", "held talks with", "threatened", "thanked", "condemned" };
    static const char *const O[] = { "Reuters", "AP", "AFP", "BBC", "Xinhua", "TASS", "NHK", "DW", "Al Jazeera", "Guardian" };
    FILE *f = fopen(path, "w");
    unsigned x = 12345;
    for (int i = first; i < first + n; i++) {
        x = x * 1103515245u + 12345u;
        unsigned mo = 1 + (x >> 4) % 6;
        x = x * 1103515245u + 12345u;
        unsigned dd = 1 + (x >> 8) % 28;
        fprintf(f, "{\"id\":\"gen-%04d\",\"date\":\"2024-%02u-%02u\",\"source\":\"%s\",\"text\":\"", i, mo, dd, O[(x >> 16) % 10]);
        for (int k = 0; k < 3; k++) {
            x = x * 1103515245u + 12345u;
            unsigned a = (x >> 8) % 8, b = (x >> 12) % 8, v = (x >> 16) % 8;
            if (a == b) b = (b + 1) % 8;
            fprintf(f, "%s%s %s %s on Monday.", k ? " " : "", A[a], V[v], A[b]);
        }
        fputs("\"}\n", f);
    }
    fclose(f);
}

typedef struct tally { long long events, mentions_sum; } tally;
static int tally_cb(void *ctx, const dy_event_row *r) { tally *t = ctx; t->events++; t->mentions_sum += r->num_mentions; return 0; }
static int mention_count_cb(void *ctx, const dy_mention_row *m) { (void)m; (*(long long *)ctx)++; return 0; }

/* the sum of num_mentions over events equals the mentions they list, and the store's count */
static void check_event_counts(const char *t)
{
    char err[2048];
    dy_store *s = open_store(t);
    if (!s) { CHECK(0); return; }
    tally ty = { 0, 0 };
    dy_filter f = { 0 };
    CHECK_INT(dy_store_query(s, &f, tally_cb, &ty, err, sizeof err), 0);
    long long listed = 0;
    CHECK_INT(dy_store_mentions(s, &f, mention_count_cb, &listed, err, sizeof err), 0);
    dy_store_counts c;
    CHECK_INT(dy_store_counts_get(s, &c, err, sizeof err), 0);
    CHECK_INT(ty.mentions_sum, listed);
    CHECK_INT(listed, c.mentions);
    CHECK_INT(ty.events, c.events);
    dy_store_close(s);
}

TEST(ingest_twice_same_counts)
{
    char t[1024], docs[600];
    fresh(t, sizeof t);
    snprintf(docs, sizeof docs, "%s/thousand.jsonl", CLI.dir);
    gen_docs(docs, 1000, 0);
    CHECK_INT(ingest(t, docs, 100, 2), 0);
    dy_store_counts a = counts(t);
    CHECK_INT(a.documents, 1000);
    CHECK(a.mentions > 1000);
    CHECK(a.events > 100 && a.events < a.mentions);
    CHECK_INT(a.unmerged, 0);
    check_event_counts(t);
    CHECK_INT(ingest(t, docs, 100, 1), 0);
    CHECK_SAME_COUNTS(counts(t), a);
    check_event_counts(t);
    /* dedup from scratch under the same rule gives the same events */
    char err[2048];
    dy_store *s = open_store(t);
    dy_dedup_result dr;
    CHECK_INT(dy_store_dedup(s, NULL, 0, &dr, err, sizeof err), 0);
    CHECK_INT(dr.events_after, a.events);
    /* Phoenix one-a-day: never fewer events than with a window (finer key, no window) */
    dy_merge_rule ph = { DY_MATCH_CODE, 0 };
    CHECK_INT(dy_store_dedup(s, &ph, 0, &dr, err, sizeof err), 0);
    CHECK(dr.events_after > a.events);
    dy_merge_rule def = DY_MERGE_DEFAULT;
    CHECK_INT(dy_store_dedup(s, &def, 0, &dr, err, sizeof err), 0);
    CHECK_INT(dr.events_after, a.events);
    dy_store_close(s);
}

TEST(replace_document)
{
    char t[1024];
    fresh(t, sizeof t);
    h_wstr("replace.jsonl", "{\"id\":\"r1\",\"date\":\"2024-01-10\",\"text\":\"Russian President Vladimir Putin met Chinese President Xi Jinping.\"}\n");
    CHECK_INT(ingest(t, h_path("replace.jsonl"), 10, 1), 0);
    h_wstr("replace.jsonl", "{\"id\":\"r1\",\"date\":\"2024-01-10\",\"text\":\"Russian President Vladimir Putin criticized Chinese President Xi Jinping.\"}\n");
    CHECK_INT(ingest(t, h_path("replace.jsonl"), 10, 1), 0);
    CHECK_COUNTS(counts(t), 1, 1, 1);
    dy_filter fl = { 0 };
    evs *e = query(t, &fl);
    CHECK_INT(e->n, 1);
    CHECK_STR(e->codes[0][2], "111");
}

/* kill -9 an ingest fed through a pipe, after some batches have committed */
TEST(kill9_consistent)
{
    char t[1024], docs[600];
    fresh(t, sizeof t);
    snprintf(docs, sizeof docs, "%s/kill.jsonl", CLI.dir);
    gen_docs(docs, 1000, 5000);
    int fd[2];
    if (pipe(fd)) { CHECK(0); return; }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[0], 0);
        close(fd[1]);
        execl(CLI.bin, CLI.bin, "ingest", "--quiet", "--batch", "50", "--db", t, "-", (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    size_t len;
    char *all = h_slurp(docs, &len);
    /* feed documents until 400 are committed (8 batches), then kill it mid-way */
    size_t off = 0;
    int fed = 0;
    long long have = 0;
    for (int round = 0; round < 2000 && have < 400 && off < len; round++) {
        for (int k = 0; k < 20 && off < len; k++, fed++) {
            char *nl = memchr(all + off, '\n', len - off);
            size_t n = (size_t)(nl - (all + off)) + 1;
            if (write(fd[1], all + off, n) != (ssize_t)n) break;
            off += n;
        }
        usleep(20000);
        char e[2048];
        int st2;
        dy_store *ps = dy_store_open(t, DY_STORE_READONLY, &st2, e, sizeof e);   /* not CREATE: the ingest creates it */
        dy_store_counts pc;
        if (ps && dy_store_counts_get(ps, &pc, e, sizeof e) == 0) have = pc.documents;
        dy_store_close(ps);
    }
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    close(fd[1]);
    CHECK(WIFSIGNALED(st));
    dy_store_counts c = counts(t);
    CHECK_INT(c.documents % 50, 0);     /* whole batches only */
    if (!(c.documents >= 400 && c.documents <= fed)) fprintf(stderr, "  documents after kill: %lld (fed %d)\n", c.documents, fed);
    CHECK(c.documents >= 400 && c.documents <= fed);
    CHECK_INT(c.unmerged, 0);
    check_event_counts(t);
    /* complete up to the last batch: exactly the first N documents of the input, each whole */
    char first[600];
    snprintf(first, sizeof first, "%s/kill-first.jsonl", CLI.dir);
    gen_docs(first, (int)c.documents, 5000);
    /* a reference store with just those documents: an SQLite file in both passes (the
     * PostgreSQL pass has one database, the one under test) */
    char ref[1024];
    snprintf(ref, sizeof ref, "%s/kill-ref%d.db", CLI.dir, nstore++);
    CHECK_INT(ingest(ref, first, 50, 1), 0);
    CHECK_SAME_COUNTS(c, counts(ref));
    /* and the rest ingests on top */
    CHECK_INT(ingest(t, docs, 50, 1), 0);
    dy_store_counts all_c = counts(t);
    CHECK_INT(all_c.documents, 1000);
    free(all);
}

/* ---- GDELT ---- */

static char *export_str(const char *t, enum dy_export_fmt fmt, int no_url)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char err[2048];
    dy_store *s = open_store(t);
    if (!s || dy_store_export(s, NULL, fmt, no_url, m, err, sizeof err)) fprintf(stderr, "export: %s\n", s ? err : "no store");
    if (s) dy_store_close(s);
    fclose(m);
    return buf;
}

/* Import a GDELT file into store t: the events it imported, or -1 (a failed check). */
static long import_gdelt(const char *t, const char *file)
{
    char err[2048];
    dy_import_result ir;
    dy_store *s = open_store(t);
    if (!s) { CHECK(s != NULL); return -1; }
    int rc = dy_store_import_gdelt(s, file, &ir, err, sizeof err);
    if (rc) fprintf(stderr, "  import %s: %s\n", file, err);
    CHECK_INT(rc, 0);
    dy_store_close(s);
    return rc ? -1 : (long)ir.events;
}

static int nfields(const char *line, size_t n)
{
    int k = 1;
    for (size_t i = 0; i < n; i++) if (line[i] == '\t') k++;
    return k;
}

/* the i-th tab-separated field of line into out */
static void field(const char *line, int i, char *out, size_t cap)
{
    for (int k = 0; k < i && line; k++) { line = strchr(line, '\t'); if (line) line++; }
    size_t n = line ? strcspn(line, "\t\n") : 0;
    snprintf(out, cap, "%.*s", (int)n, line ? line : "");
}
static int digits(const char *s, size_t n) { if (strlen(s) != n) return 0; for (; *s; s++) if (!isdigit((unsigned char)*s)) return 0; return 1; }
static int is_number(const char *s) { char *e; if (!*s) return 0; strtod(s, &e); return *e == 0; }

/* The column lists in ../shared, when present: their number of columns. */
static int ref_columns(const char *name, int csv)
{
    const char *sh = shared_dir();
    if (!sh) return -1;
    char p[1024];
    snprintf(p, sizeof p, "%s/reference/gdelt/%s", sh, name);
    size_t len;
    char *b = h_slurp(p, &len);
    if (!b) return -1;
    int n = 0;
    for (char *l = b; l && *l; ) {
        char *nl = strchr(l, '\n');
        if (csv ? (isupper((unsigned char)*l) && strchr(l, ',') && strstr(l, "NULLABLE")) : (*l && strncmp(l, "tableId", 7) && *l != '\t' && !isdigit((unsigned char)*l)))
            n++;
        else if (!csv && isdigit((unsigned char)*l)) n++;
        l = nl ? nl + 1 : NULL;
    }
    free(b);
    return n;
}

TEST(gdelt2_roundtrip_and_columns)
{
    char a[1024], b[1024];
    fresh(a, sizeof a);
    CHECK_INT(ingest(a, "tests/store/visit.jsonl", 500, 1), 0);
    CHECK_INT(ingest(a, "tests/store/visits-month-apart.jsonl", 500, 1), 0);
    CHECK_INT(ingest(a, "tests/store/meet-and-criticise.jsonl", 500, 1), 0);
    CHECK_INT(ingest(a, "examples/modi-moscow.txt", 500, 1) >= 0, 1);
    char *e1 = export_str(a, DY_EXPORT_GDELT2, 0);
    CHECK(e1 && strlen(e1) > 100);
    int ref = ref_columns("GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv", 1);
    if (ref >= 0) CHECK_INT(ref, 61);
    int lines = 0;
    for (char *l = e1; l && *l; lines++) {
        char *nl = strchr(l, '\n');
        CHECK(nl != NULL);
        size_t n = (size_t)(nl - l);
        CHECK_INT(nfields(l, n), 61);
        char f[4096];
        field(l, 0, f, sizeof f); CHECK(digits(f, strlen(f)) && *f);               /* GLOBALEVENTID */
        field(l, 1, f, sizeof f); CHECK(digits(f, 8));                               /* SQLDATE */
        char sq[16]; snprintf(sq, sizeof sq, "%s", f);
        field(l, 2, f, sizeof f); CHECK(digits(f, 6) && !strncmp(f, sq, 6));         /* MonthYear */
        field(l, 3, f, sizeof f); CHECK(digits(f, 4) && !strncmp(f, sq, 4));         /* Year */
        field(l, 4, f, sizeof f); CHECK(strlen(f) == 9 && f[4] == '.' && !strncmp(f, sq, 4));   /* FractionDate YYYY.FFFF */
        field(l, 5, f, sizeof f); CHECK(*f);                                         /* Actor1Code */
        field(l, 7, f, sizeof f); CHECK(strlen(f) == 3 || !*f);                      /* Actor1CountryCode */
        field(l, 12, f, sizeof f); CHECK(strlen(f) == 3 || !*f);                     /* Actor1Type1Code */
        field(l, 25, f, sizeof f); CHECK(!strcmp(f, "0") || !strcmp(f, "1"));        /* IsRootEvent */
        char code[16], base[16], root[16];
        field(l, 26, code, sizeof code); field(l, 27, base, sizeof base); field(l, 28, root, sizeof root);
        CHECK(strlen(code) >= 3 && (code[0] == '0' || code[0] == '1' || code[0] == '2'));  /* leading zeros kept */
        CHECK(strlen(root) == 2 && !strncmp(code, root, 2));                         /* EventRootCode */
        CHECK(strlen(base) == 3 && !strncmp(code, base, 3));                         /* EventBaseCode */
        field(l, 29, f, sizeof f); CHECK(strlen(f) == 1 && f[0] >= '1' && f[0] <= '4');   /* QuadClass */
        field(l, 30, f, sizeof f); CHECK(is_number(f) && atof(f) >= -10 && atof(f) <= 10); /* GoldsteinScale */
        for (int k = 31; k <= 33; k++) { field(l, k, f, sizeof f); CHECK(digits(f, strlen(f)) && atoi(f) >= 1); }
        field(l, 31, f, sizeof f); int nm = atoi(f);
        field(l, 33, f, sizeof f); CHECK(atoi(f) <= nm);                             /* NumArticles <= NumMentions */
        for (int g = 0; g < 3; g++) {
            int b0 = 35 + 8 * g;
            field(l, b0, f, sizeof f); CHECK(strlen(f) == 1 && f[0] >= '0' && f[0] <= '5');   /* _Type */
            int type = atoi(f);
            field(l, b0 + 2, f, sizeof f); CHECK(type == 0 ? !*f : strlen(f) == 2);         /* _CountryCode: FIPS, 2 letters */
            field(l, b0 + 3, f, sizeof f); CHECK(type == 0 ? !*f : (strlen(f) == 2 || strlen(f) == 4));   /* _ADM1Code */
            field(l, b0 + 5, f, sizeof f); CHECK(type == 0 ? !*f : is_number(f));          /* _Lat */
            field(l, b0 + 6, f, sizeof f); CHECK(type == 0 ? !*f : is_number(f));          /* _Long */
        }
        field(l, 59, f, sizeof f); CHECK(digits(f, 14));                             /* DATEADDED */
        field(l, 60, f, sizeof f); CHECK(*f);                                        /* SOURCEURL */
        l = nl + 1;
    }
    CHECK(lines >= 6);
    /* GDELT 1.0: 58 columns, 57 without SOURCEURL */
    int ref1 = ref_columns("GDELT_1.0_event_Column_Labels_Header_Row_Sep2016.tsv", 0);
    if (ref1 >= 0) CHECK_INT(ref1, 58);
    char *g1 = export_str(a, DY_EXPORT_GDELT1, 0), *g1n = export_str(a, DY_EXPORT_GDELT1, 1);
    CHECK(g1 && g1n);
    if (g1 && g1n) {
        CHECK_INT(nfields(g1, strcspn(g1, "\n")), 58);
        CHECK_INT(nfields(g1n, strcspn(g1n, "\n")), 57);
        char f[64]; field(g1, 56, f, sizeof f); CHECK(digits(f, 8));                  /* DATEADDED YYYYMMDD in 1.0 */
    }
    /* the Mentions table: 16 columns, one line per mention */
    char *mt = export_str(a, DY_EXPORT_MENTIONS, 0);
    dy_store_counts ca = counts(a);
    int ml = 0;
    for (char *l = mt; l && *l; ml++) { char *nl = strchr(l, '\n'); CHECK_INT(nfields(l, (size_t)(nl - l)), 16); l = nl + 1; }
    CHECK_INT(ml, ca.mentions);
    /* round trip: import into an empty store, export again: the same bytes */
    char p[600];
    snprintf(p, sizeof p, "%s/export.CSV", CLI.dir);
    h_write(p, e1, strlen(e1));
    snprintf(b, sizeof b, "%s/rt%d.db", CLI.dir, nstore++);
    CHECK_INT(import_gdelt(b, p), lines);
    char *e2 = export_str(b, DY_EXPORT_GDELT2, 0);
    CHECK(e2 && !strcmp(e1, e2));
    /* and into the same (PostgreSQL or SQLite) store beside dyad's events, as origin gdelt */
    CHECK(import_gdelt(a, p) >= 0);
    dy_filter fl = { 0 };
    fl.origin = "gdelt";
    CHECK_INT(query(a, &fl)->n, lines);
    free(e1); free(e2); free(g1); free(g1n); free(mt);
}

TEST(gdelt_zip_and_malformed)
{
    char a[1024], p[600], z[700];
    fresh(a, sizeof a);
    CHECK_INT(ingest(a, "tests/store/visit.jsonl", 500, 1), 0);
    char *e1 = export_str(a, DY_EXPORT_GDELT2, 0);
    snprintf(p, sizeof p, "%s/20240516.export.CSV", CLI.dir);
    h_write(p, e1, strlen(e1));
    /* a .zip as GDELT packs them, written with libarchive */
    snprintf(z, sizeof z, "%s/20240516.export.CSV.zip", CLI.dir);
    struct archive *w = archive_write_new();
    archive_write_set_format_zip(w);
    int zok = archive_write_open_filename(w, z) == ARCHIVE_OK;
    struct archive_entry *en = archive_entry_new();
    archive_entry_set_pathname(en, "20240516.export.CSV");
    archive_entry_set_size(en, (la_int64_t)strlen(e1));
    archive_entry_set_filetype(en, AE_IFREG);
    archive_entry_set_perm(en, 0644);
    zok = zok && archive_write_header(w, en) == ARCHIVE_OK && archive_write_data(w, e1, strlen(e1)) == (la_ssize_t)strlen(e1);
    archive_entry_free(en);
    archive_write_close(w);
    archive_write_free(w);
    CHECK(zok);
    char b[1024];
    snprintf(b, sizeof b, "%s/zip%d.db", CLI.dir, nstore++);
    if (zok) {
        CHECK_INT(import_gdelt(b, z), 1);
        char *e2 = export_str(b, DY_EXPORT_GDELT2, 0);
        CHECK(e2 && !strcmp(e1, e2));
        free(e2);
    }
    /* a malformed line: file:line, exit 1, nothing of the file stored */
    snprintf(p, sizeof p, "%s/bad.CSV", CLI.dir);
    FILE *f = fopen(p, "w");
    fputs(e1, f);
    fputs(e1, f);
    char *bad = strdup(e1);
    char *tab = strchr(bad, '\t');
    memcpy(tab + 1, "2024x516", 8);        /* SQLDATE */
    fputs(bad, f);
    fclose(f);
    char c[1024];
    snprintf(c, sizeof c, "%s", ON_PG ? PG : b);
    dy_store_counts before = counts(c);
    CHECK_INT(h_run("@ import-gdelt --db '%s' %s", c, p), 1);
    CHECK(strstr(CLI.err, "bad.CSV:3: column 2 SQLDATE"));
    dy_store_counts after = counts(c);
    CHECK_INT(after.events, before.events);
    free(bad); free(e1);
    /* the reader itself */
    char line[] = "1\t2\t3";
    char *fl[61];
    int nf;
    char err[256];
    CHECK_INT(dy_gdelt_split(line, strlen(line), fl, &nf, err, sizeof err), -1);
    CHECK(strstr(err, "3 tab-separated fields") != NULL);
}

/* ---- bad stores (SQLite only; refused PostgreSQL runs in both passes) ---- */

TEST(bad_stores)
{
    char p[600];
    size_t len;
    /* corrupt: random bytes */
    snprintf(p, sizeof p, "%s/corrupt.db", CLI.dir);
    FILE *f = fopen(p, "w");
    for (int i = 0; i < 5000; i++) fputc((i * 7919) & 0xff, f);
    fclose(f);
    char *before = h_slurp(p, &len);
    size_t blen = len;
    CHECK_INT(h_run("@ ingest --db %s examples/modi-moscow.txt", p), 6);
    CHECK(strstr(CLI.err, p) && strstr(CLI.err, "not a dyad store"));
    char *after = h_slurp(p, &len);
    CHECK(after && len == blen && !memcmp(before, after, len));
    free(before); free(after);
    /* a foreign SQLite database */
    snprintf(p, sizeof p, "%s/foreign.db", CLI.dir);
    char err[2048];
    int st;
    /* create it through the store's own backend? No: a plain database with one table */
    {
        dy_store *s = dy_store_open(p, DY_STORE_CREATE, &st, err, sizeof err);   /* a real store ... */
        dy_store_close(s);
        /* ... whose meta table we drop: now a foreign database with tables */
        if (h_run("sqlite3 %s 'DROP TABLE meta'", p) != 0) {
            /* no sqlite3 shell: write a database by hand through libpq-free means */
            fprintf(stderr, "  (no sqlite3 shell: foreign-database case skipped)\n");
        } else {
            CHECK(dy_store_open(p, DY_STORE_CREATE, &st, err, sizeof err) == NULL);
            CHECK_INT(st, DY_STORE_EOPEN);
            CHECK(strstr(err, "not a dyad store") != NULL);
        }
    }
    /* a newer schema version */
    snprintf(p, sizeof p, "%s/newer.db", CLI.dir);
    {
        dy_store *s = dy_store_open(p, DY_STORE_CREATE, &st, err, sizeof err);
        dy_store_close(s);
        if (h_run("sqlite3 %s \"UPDATE meta SET value = '99' WHERE key = 'schema_version'\"", p) == 0) {
            CHECK_INT(h_run("@ query --db %s", p), 6);
            CHECK(strstr(CLI.err, "schema version 99 is newer"));
        } else fprintf(stderr, "  (no sqlite3 shell: newer-schema case skipped)\n");
    }
    /* a refused PostgreSQL connection: the URL without its password */
    CHECK_INT(h_run("@ query --db %s", "postgresql://dyad:s3cret@127.0.0.1:1/none"), 6);   /* not in the format: '@' is the binary there */
    CHECK(strstr(CLI.err, "postgresql://dyad:***@127.0.0.1:1/none") && !strstr(CLI.err, "s3cret"));
    char red[256];
    extern void dy_db_redact_url(const char *url, char *out, size_t cap);
    dy_db_redact_url("postgresql://h/db?user=u&password=pw&sslmode=disable", red, sizeof red);
    CHECK_STR(red, "postgresql://h/db?user=u&password=***&sslmode=disable");
    /* no store at all */
    CHECK_INT(h_run("env -u DYAD_DB @ query"), 2);
}

/* ---- queries, series, search, CLI ---- */

static long lines_of(const char *s)
{
    long n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

static int doc_cb(void *ctx, const dy_mention_row *m)
{
    CHECK_STR(m->doc_id, "visit-03");
    CHECK(m->src_start >= 0 && m->src_end > m->src_start && m->verb_start >= 0);
    CHECK(m->rule && strchr(m->rule, ':'));
    (*(long long *)ctx)++;
    return 0;
}

TEST(query_series_search)
{
    char t[1024], docs[600];
    fresh(t, sizeof t);
    snprintf(docs, sizeof docs, "%s/q.jsonl", CLI.dir);
    gen_docs(docs, 300, 100);
    CHECK_INT(ingest(t, docs, 100, 1), 0);
    CHECK_INT(ingest(t, "tests/store/visit.jsonl", 100, 1), 0);
    dy_store *s = open_store(t);
    char err[2048];
    dy_store_counts c;
    dy_store_counts_get(s, &c, err, sizeof err);
    /* series: the counts of every period sum to the events; months by day and week too */
    dy_point *p; int n;
    static const enum dy_by bys[] = { DY_BY_DAY, DY_BY_WEEK, DY_BY_MONTH };
    for (int k = 0; k < 3; k++) {
        CHECK_INT(dy_store_series(s, NULL, bys[k], &p, &n, err, sizeof err), 0);
        long sum = 0, q = 0;
        for (int i = 0; i < n; i++) { sum += p[i].count; q += p[i].quad[1] + p[i].quad[2] + p[i].quad[3] + p[i].quad[4]; }
        CHECK_INT(sum, c.events);
        CHECK_INT(q, c.events);
        if (bys[k] == DY_BY_MONTH) { CHECK_INT(n, 6); CHECK_STR(p[0].period, "2024-01-01"); CHECK_STR(p[5].period, "2024-06-01"); }
        if (bys[k] == DY_BY_WEEK) for (int i = 0; i < n; i++) CHECK_INT((dy_day_from_date(p[i].period) + 3) % 7, 0);  /* Mondays */
        if (bys[k] == DY_BY_DAY) for (int i = 1; i < n; i++) CHECK_INT(dy_day_from_date(p[i].period) - dy_day_from_date(p[i - 1].period), 1);
        free(p);
    }
    /* a dyad's series and its events agree */
    dy_filter f = { 0 };
    f.dyad = "RUSGOV-CHNGOV";
    f.from = "2024-05-01"; f.to = "2024-05-31";
    CHECK_INT(dy_store_series(s, &f, DY_BY_DAY, &p, &n, err, sizeof err), 0);
    long sum = 0;
    for (int i = 0; i < n; i++) sum += p[i].count;
    free(p);
    evs *e = query(t, &f);
    CHECK_INT(sum, e->n);
    CHECK(e->n >= 1);
    /* filters: quad, root, actor either side, outlet */
    dy_filter g = { 0 };
    g.quad = 4;
    evs *q4 = query(t, &g);
    for (int i = 0; i < q4->n && i < 64; i++) CHECK_INT(q4->r[i].quad, 4);
    g.quad = 0; g.actor = "FRA";
    evs *fr = query(t, &g);
    for (int i = 0; i < fr->n && i < 64; i++) CHECK(!strncmp(fr->codes[i][0], "FRA", 3) || !strncmp(fr->codes[i][1], "FRA", 3));
    g.actor = NULL; g.outlet = "Xinhua"; g.dyad = "RUSGOV-CHNGOV"; g.from = "2024-05-16"; g.to = "2024-05-17";
    CHECK(query(t, &g)->n >= 1);
    g.outlet = "No Such Outlet";
    CHECK_INT(query(t, &g)->n, 0);
    dy_filter bad = { 0 };
    bad.from = "2024-13-01";
    CHECK_INT(dy_store_query(s, &bad, collect, e, err, sizeof err), DY_STORE_EUSAGE);
    /* SQL metacharacters are values, never SQL */
    dy_filter inj = { 0 };
    inj.actor = "RUS' OR 1=1 --";
    CHECK_INT(query(t, &inj)->n, 0);
    /* full-text search */
    dy_filter ft = { 0 };
    ft.text = "Beijing";
    evs *fe = query(t, &ft);
    CHECK(fe->n >= 1);
    for (int i = 0; i < fe->n && i < 64; i++) CHECK(!strcmp(fe->codes[i][1], "CHNGOV") || !strcmp(fe->codes[i][0], "CHNGOV"));
    /* a document with its events and spans: only its own mentions */
    dy_filter fd = { 0 };
    fd.doc = "visit-03";
    long long nm = 0;
    CHECK_INT(dy_store_mentions(s, &fd, doc_cb, &nm, err, sizeof err), 0);
    CHECK_INT(nm, 1);
    CHECK_INT(query(t, &fd)->n, 1);
    CHECK_INT(query(t, &fd)->r[0].num_mentions, 10);
    dy_store_close(s);
    /* the CLI: query table, series CSV and SVG, top, export formats */
    CHECK_INT(h_run("@ series --db '%s' --dyad RUSGOV-CHNGOV --by day --from 2024-05-15 --to 2024-05-18 --plot %s", t, h_path("s.svg")), 0);
    CHECK(strstr(CLI.out, "period,count\n") && strstr(CLI.out, "2024-05-16,"));
    size_t len;
    char *o = h_slurp(h_path("s.svg"), &len);
    CHECK(o && strstr(o, "<svg") && strstr(o, "<polyline") && strstr(o, "2024-05-16") && strstr(o, "</svg>"));
    free(o);
    CHECK_INT(h_run("@ query --db '%s' --top dyads --limit 3 --format csv", t), 0);
    CHECK_INT(lines_of(CLI.out), 4);
    CHECK_INT(h_run("@ query --db '%s' --search 'state visit'", t), 0);
    CHECK(strstr(CLI.out, "visit-01"));
    CHECK_INT(h_run("@ query --db '%s' --dyad RUSGOV-CHNGOV --from 2024-05-16 --to 2024-05-17 --mentions", t), 0);
    CHECK(strstr(CLI.out, "\"rule\": \"") && strstr(CLI.out, "\"outlet\": \"Reuters\"") && strstr(CLI.out, "\"sentence\": \"Russian President"));
    CHECK_INT(h_run("@ export --db '%s' --format plover --limit 1", t), 0);
    CHECK(strstr(CLI.out, "\"id\": \"dyad-") && strstr(CLI.out, "\"date\": \"2024-") && strstr(CLI.out, "\"actor\": [{\"code\": ")
          && strstr(CLI.out, "\"recipient\": [") && strstr(CLI.out, "\"event\": [") && strstr(CLI.out, "\"quad_code\": "));
    CHECK_INT(h_run("@ export --db '%s' --format csv", t), 0);
    CHECK_INT(lines_of(CLI.out), c.events + 1);
    static const char *const cmds[] = { "ingest", "query", "series", "export", "import-gdelt", "dedup" };
    for (int k = 0; k < 6; k++) {
        CHECK_INT(h_run("@ %s --help", cmds[k]), 0);
        CHECK(strstr(CLI.out, "usage: dyad ") && strstr(CLI.out, "Exit status"));
    }
    CHECK_INT(h_run("@ dedup --db '%s' --phoenix && @ dedup --db '%s' --match root --window 1", t, t), 0);
    CHECK_INT(counts(t).events, c.events);
}

TEST(dates)
{
    CHECK_INT(dy_day_from_date("1970-01-01"), 0);
    CHECK_INT(dy_day_from_date("2024-02-29"), 19782);
    CHECK_INT(dy_day_from_date("2023-02-29"), -1);
    CHECK_INT(dy_day_from_date("2024-13-01"), -1);
    char d[11];
    dy_date_from_day(19782, d);
    CHECK_STR(d, "2024-02-29");
    for (int day = -1000; day < 30000; day += 37) { dy_date_from_day(day, d); CHECK_INT(dy_day_from_date(d), day); }
}

static void suite(void)
{
    RUN(state_visit_one_event);
    RUN(visits_month_apart_two_events);
    RUN(meeting_and_criticism_two_events);
    RUN(replace_document);
    RUN(ingest_twice_same_counts);
    RUN(kill9_consistent);
    RUN(gdelt2_roundtrip_and_columns);
    RUN(gdelt_zip_and_malformed);
    RUN(query_series_search);
}

TEST(postgresql_available)
{
    if (!PG) SKIP("PostgreSQL: DYAD_TEST_PG is not set (tests/pg.sh start; .ci/run starts a server) - store tests ran on SQLite only");
}

int main(int argc, char **argv)
{
    (void)argc;
    signal(SIGPIPE, SIG_IGN);   /* a child that died is a failed check, not a dead test */
    if (h_cli_init(argv[0], "store")) return 1;
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    char err[1024];
    ENG = dy_engine_new(&o, err, sizeof err);
    if (!ENG) { fprintf(stderr, "engine: %s\n", err); return 1; }
    RUN(dates);
    RUN(bad_stores);
    ON_PG = 0;
    suite();
    PG = getenv("DYAD_TEST_PG");
    if (PG && *PG) {
        char e2[2048];
        int st;
        dy_store *s = dy_store_open(PG, DY_STORE_CREATE, &st, e2, sizeof e2);
        if (!s) { fprintf(stderr, "DYAD_TEST_PG set but: %s\n", e2); PG = NULL; H_.failed++; }
        else {
            dy_store_close(s);
            fprintf(stderr, "  the store tests again on PostgreSQL\n");
            ON_PG = 1;
            suite();
        }
    } else PG = NULL;
    RUN(postgresql_available);
    dy_engine_free(ENG);
    h_cleanup();
    return DONE();
}
