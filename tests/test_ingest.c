/* test_ingest.c: news as it comes (issue 16): HTML pages, a WARC.gz, RSS and
 * Atom feeds written for these tests (tests/data/ingest/; the WARC.gz and
 * the ten reprints are built here), compressed inputs, directories, language
 * identification, wire copies, and hostile input (lying WARC lengths,
 * truncated gzip, 100,000-deep HTML, a 50 MB page, a feed that is not XML,
 * a gzip bomb).  Library calls where possible; the CLI (BUILD/dyad) for the
 * summary line, the copies in JSONL output and exit codes. */
#include "harness.h"
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>
#include <bzlib.h>
#include "dyad.h"
#include "read/reader.h"
#include "ingest/ingest.h"

#define D "tests/data/ingest/"
static dy_engine *E;
static dy_worker *W;

/* ---- helpers: read every document of a path through dy_reader ---- */

typedef struct docs {
    int n;
    char *id[64], *text[64], *title[64], *url[64], *outlet[64], date[64][11];
    int ncopies[64];
    char *copy_urls[64];            /* "url|outlet\n" per copy */
    int bad;                        /* -1 results */
    int total;                      /* documents (the first 64 are kept) */
    char errs[8192];
} docs;

static void docs_free(docs *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->id[i]); free(d->text[i]); free(d->title[i]); free(d->url[i]); free(d->outlet[i]); free(d->copy_urls[i]);
    }
    memset(d, 0, sizeof *d);
}

static char *dupn(const char *s) { return s ? strdup(s) : NULL; }

static void read_all(const char *p, enum dy_format fmt, const char *date, dy_intake *ing, docs *d)
{
    memset(d, 0, sizeof *d);
    dy_read_opts o;
    memset(&o, 0, sizeof o);
    o.format = fmt;
    o.default_date = date;
    o.intake = ing;
    char err[1024];
    dy_reader *r = dy_reader_open(p, &o, err, sizeof err);
    if (!r) { snprintf(d->errs, sizeof d->errs, "%s\n", err); d->bad = -100; return; }
    dy_arena a;
    dy_arena_init(&a, 65536);
    for (int guard = 0; guard < 10000; guard++) {
        dy_arena_reset(&a);
        dy_doc doc;
        int rc = dy_reader_next(r, &a, &doc, err, sizeof err);
        if (rc == 0) break;
        if (rc < 0 || rc == 2) {
            size_t l = strlen(d->errs);
            snprintf(d->errs + l, sizeof d->errs - l, "%s\n", err);
        }
        if (rc == -2) break;
        if (rc < 0) { d->bad++; continue; }
        d->total++;
        if (d->n == 64) continue;
        int i = d->n++;
        d->id[i] = dupn(doc.id);
        d->text[i] = malloc(doc.len + 1);
        memcpy(d->text[i], doc.text, doc.len);
        d->text[i][doc.len] = 0;
        d->title[i] = dupn(doc.title); d->url[i] = dupn(doc.url); d->outlet[i] = dupn(doc.source);
        memcpy(d->date[i], doc.date, 11);
        d->ncopies[i] = doc.ncopies;
        dy_buf b;
        dy_buf_init(&b);
        for (int k = 0; k < doc.ncopies; k++)
            dy_buf_printf(&b, "%s|%s\n", doc.copies[k].url ? doc.copies[k].url : "-", doc.copies[k].outlet ? doc.copies[k].outlet : "-");
        d->copy_urls[i] = b.p ? b.p : strdup("");
    }
    dy_arena_free(&a);
    dy_reader_close(r);
}

/* events of a text: 1 when an event src>tgt with this CAMEO code is found */
static int has_event(const char *text, const char *src, const char *tgt, const char *cameo)
{
    if (!W) return 0;
    dy_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "t"; doc.text = text; doc.len = strlen(text); doc.input = "t";
    const dy_event_view *ev;
    int n = dy_code_events(W, &doc, &ev);
    for (int i = 0; i < n; i++)
        if (ev[i].src_code && ev[i].tgt_code && !strcmp(ev[i].src_code, src) && !strcmp(ev[i].tgt_code, tgt) &&
            (!cameo || !strcmp(ev[i].cameo, cameo))) return 1;
    return 0;
}

static const char *const BOILERPLATE[] = { "cookie", "Accept all", "Advertisement", "Related", "China threatens",
    "North Korea", "France condemned", "Israel bombed", "Share on", "Smoke rises", "Iran supplied", "newsletter",
    "Britain condemned", "Spain attacked", "Canada sanctioned", "Brazil expels", "Turkey detains", "Hamas",
    "Home", "Most read", "By Mara Ellis", "Iran threatened", "Reader comment", "Tags:", "Log in", "Print this story",
    "Index", "India attacked", "track(", "About", NULL };

static int clean_of_boilerplate(const char *text)
{
    int ok = 1;
    for (int k = 0; BOILERPLATE[k]; k++)
        if (strstr(text, BOILERPLATE[k])) { fprintf(stderr, "  boilerplate in the text: \"%s\"\n", BOILERPLATE[k]); ok = 0; }
    return ok;
}

/* ---- HTML ---- */

TEST(html_article_page)
{
    docs d;
    read_all(D "page-article.html", DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n != 1) { fputs(d.errs, stderr); docs_free(&d); return; }
    const char *t = d.text[0];
    CHECK(!strncmp(t, "KYIV, May 16 (Ledger) \xe2\x80\x93 Russian forces shelled the city of Kharkiv overnight", 72));
    CHECK(strstr(t, "a power station & several apartment blocks") != NULL);           /* &amp; */
    CHECK(strstr(t, "systems \xe2\x80\x9cwithout delay\xe2\x80\x9d.") != NULL);        /* &nbsp; &ldquo; &rdquo; */
    CHECK(strstr(t, "sanctions against Russia this week.") != NULL);                    /* after the stray </span> */
    CHECK(strstr(t, "Talks between the two delegations are due to resume on Friday") != NULL);
    CHECK(strstr(t, "\n\nThe governor of the region said") != NULL);                    /* unclosed <p>: own paragraph */
    CHECK(clean_of_boilerplate(t));
    CHECK_STR(d.title[0], "Russian forces shell Kharkiv as talks stall");
    CHECK_STR(d.date[0], "2024-05-16");                 /* article:published_time beats JSON-LD (05-15) and <time> (05-14) */
    CHECK_STR(d.url[0], "https://www.dailyledger.example/world/2024/05/16/kharkiv-shelling");
    CHECK_STR(d.outlet[0], "The Daily Ledger");
    CHECK_STR(d.id[0], "page-article.html");
    /* events from the article, none from scripts, banners or related stories */
    CHECK(has_event(t, "UKR", "RUS", "112"));
    CHECK(has_event(t, "DEU", "UKR", "0332"));
    CHECK(has_event(t, "RUSMIL", "UKR", "194") || has_event(t, "RUSMIL", "UKRGOV", "194"));
    docs_free(&d);
}

TEST(html_time_and_domain)
{
    docs d;
    read_all(D "page-time.html", DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n != 1) { docs_free(&d); return; }
    CHECK(!strncmp(d.text[0], "Egypt hosted a new round of ceasefire talks in Cairo on Saturday", 60));
    CHECK(strstr(d.text[0], "Qatar\xe2\x80\x99s prime minister") != NULL);   /* &#8217; */
    CHECK(strstr(d.text[0], "warned of famine.") != NULL);                   /* after the script holding </div> */
    CHECK(clean_of_boilerplate(d.text[0]));
    CHECK_STR(d.date[0], "2024-03-02");                                     /* <time datetime> */
    CHECK_STR(d.url[0], "https://nilecourier.example/news/ceasefire-talks-cairo");
    CHECK_STR(d.outlet[0], "nilecourier.example");                          /* no og:site_name: the domain */
    CHECK_STR(d.title[0], "Egypt hosts ceasefire talks in Cairo");          /* the h1 */
    CHECK(has_event(d.text[0], "EGY", "EGYGOV", NULL) || has_event(d.text[0], "EGY", "QAT", NULL) ||
          has_event(d.text[0], "QATGOV", "EGYGOV", "040"));
    docs_free(&d);
}

TEST(html_dateline_latin1_br_paragraphs)
{
    docs d;
    read_all(D "page-dateline.html", DY_FMT_AUTO, "2024-01-01", NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n != 1) { docs_free(&d); return; }
    CHECK(!strncmp(d.text[0], "ANKARA, June 3 (Wire) - Turkish police detained more than 200 protesters", 70));
    CHECK(strstr(d.text[0], "Caf\xc3\xa9 owners near Taksim Square") != NULL);   /* ISO-8859-1 -> UTF-8 */
    CHECK(clean_of_boilerplate(d.text[0]));
    CHECK_STR(d.date[0], "2024-06-03");          /* the dateline, year from --date */
    CHECK(d.url[0] == NULL);
    CHECK_STR(d.title[0], "Wire: Turkey detains protesters");
    CHECK(has_event(d.text[0], "IGOEUREEC", "TUR", NULL));                 /* urged (an appeal, 02x) */
    CHECK(has_event(d.text[0], "TURCOP", "CVL", NULL) || has_event(d.text[0], "TURCOP", "TURCVL", NULL));
    docs_free(&d);
}

TEST(html_not_a_page)
{
    dy_article a;
    char err[256];
    CHECK(dy_html_extract("", 0, NULL, NULL, 0, &a, err, sizeof err) == -1);
    CHECK(strstr(err, "not an HTML page") != NULL);
    char *o = dy_url_outlet("https://user:pw@www.Example.CO.uk:8080/a/b?c");
    CHECK_STR(o, "example.co.uk");
    free(o);
}

/* ---- feeds ---- */

TEST(rss_feed_items)
{
    docs d;
    read_all(D "feed.xml", DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 2);                 /* the Dutch item is skipped as non-English */
    if (d.n != 2) { fputs(d.errs, stderr); docs_free(&d); return; }
    CHECK_STR(d.title[0], "Japan protests to China over coast guard ships");
    CHECK_STR(d.url[0], "https://harbourpost.example/world/japan-china-ships");
    CHECK_STR(d.id[0], "hp-2024-0101");
    CHECK_STR(d.date[0], "2024-04-09");                      /* RFC 822 pubDate */
    CHECK_STR(d.outlet[0], "Harbour Post \xe2\x80\x93 World");
    CHECK(!strncmp(d.text[0], "Japan lodged a formal protest with China on Tuesday", 50));
    CHECK_STR(d.title[1], "India & Bangladesh sign water deal");
    CHECK_STR(d.date[1], "2024-04-08");                      /* dc:date */
    CHECK(strstr(d.text[1], "The deal ends a dispute") != NULL);   /* content:encoded preferred */
    CHECK(strstr(d.text[1], "India attacked") == NULL);             /* its script */
    CHECK(has_event(d.text[0], "JPN", "CHN", NULL));
    CHECK(has_event(d.text[1], "IND", "BGD", "057"));
    docs_free(&d);
    read_all(D "atom.xml", DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n == 1) {
        CHECK_STR(d.url[0], "https://steppe.example/2024/02/ministers");
        CHECK_STR(d.date[0], "2024-02-19");
        CHECK_STR(d.outlet[0], "Steppe Telegraph");
        CHECK_STR(d.text[0], "Kazakhstan hosted the foreign ministers of Russia and China in Astana on Monday.");
    }
    docs_free(&d);
}

TEST(feed_not_xml)
{
    const char *bad = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>Broken & unescaped</title>\n</channel>";
    h_wbytes("bad-feed.xml", bad, strlen(bad));
    docs d;
    read_all(h_path("bad-feed.xml"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 0);
    CHECK_INT(d.bad, 1);
    CHECK(strstr(d.errs, "bad-feed.xml:") != NULL && strstr(d.errs, "not a well-formed XML feed") != NULL);
    docs_free(&d);
    /* a day number that overflowed int in the date parser (found by fuzz_ingest_warc) */
    const char *od = "<rss><channel><title>T</title><item><title>x</title><pubDate>Tue, 2666666666666 Apr 2024</pubDate>"
                     "<description>Egypt hosted talks.</description></item></channel></rss>";
    h_wbytes("od.xml", od, strlen(od));
    read_all(h_path("od.xml"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n == 1) CHECK_STR(d.date[0], "");
    docs_free(&d);
    /* forced --input-format rss on an HTML page: refused, named */
    read_all(D "page-time.html", DY_FMT_FEED, NULL, NULL, &d);
    CHECK_INT(d.n, 0);
    CHECK(strstr(d.errs, "page-time.html") != NULL);
    docs_free(&d);
}

/* ---- WARC ---- */

static void gz_member(dy_buf *out, const char *p, size_t n)
{
    uLong cap = compressBound((uLong)n) + 64;
    unsigned char *b = malloc(cap);
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)p; z.avail_in = (uInt)n;
    z.next_out = b; z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    dy_buf_add(out, (const char *)b, cap - z.avail_out);
    deflateEnd(&z);
    free(b);
}

/* one WARC record (as one gzip member when gz); lie: added to Content-Length */
static void record(dy_buf *out, int gz, const char *type, const char *uri, const char *date, const char *ctype,
                   const char *block, size_t blen, long lie)
{
    static int id;
    dy_buf r;
    dy_buf_init(&r);
    dy_buf_printf(&r, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n", type, ++id);
    if (uri) dy_buf_printf(&r, "WARC-Target-URI: %s\r\n", uri);
    dy_buf_printf(&r, "WARC-Date: %s\r\nContent-Type: %s\r\nContent-Length: %ld\r\n\r\n", date, ctype, (long)blen + lie);
    dy_buf_add(&r, block, blen);
    dy_buf_puts(&r, "\r\n\r\n");
    if (gz) gz_member(out, r.p, r.len); else dy_buf_add(out, r.p, r.len);
    dy_buf_free(&r);
}

static void http_response(dy_buf *b, const char *headers, const char *body, size_t blen)
{
    b->len = 0;
    dy_buf_printf(b, "HTTP/1.1 200 OK\r\n%s\r\n", headers);
    dy_buf_add(b, body, blen);
}

/* the test WARC: warcinfo, request, 3 HTML responses (plain; chunked+gzip; latin-1 with WARC-Date only), a JPEG, metadata */
static void make_warc(const char *file, int gz, long lie_at, long lie)
{
    size_t n1, n2, n3;
    char *p1 = h_slurp(D "page-article.html", &n1), *p2 = h_slurp(D "page-time.html", &n2), *p3 = h_slurp(D "page-dateline.html", &n3);
    dy_buf w, h, blk;
    dy_buf_init(&w); dy_buf_init(&h); dy_buf_init(&blk);
    const char *info = "software: dyad tests\r\nformat: WARC File Format 1.0\r\n";
    record(&w, gz, "warcinfo", NULL, "2024-06-04T00:00:00Z", "application/warc-fields", info, strlen(info), 0);
    const char *req = "GET /world/kharkiv HTTP/1.1\r\nHost: www.dailyledger.example\r\n\r\n";
    record(&w, gz, "request", "https://www.dailyledger.example/world/kharkiv", "2024-06-04T00:00:01Z",
           "application/http; msgtype=request", req, strlen(req), 0);
    http_response(&h, "Content-Type: text/html; charset=utf-8\r\n", p1, n1);
    record(&w, gz, "response", "https://www.dailyledger.example/world/kharkiv", "2024-06-04T00:00:02Z",
           "application/http; msgtype=response", h.p, h.len, lie_at == 3 ? lie : 0);
    /* page 2: gzip content coding, then chunked in 3 chunks */
    dy_buf z;
    dy_buf_init(&z);
    gz_member(&z, p2, n2);
    size_t third = z.len / 3;
    blk.len = 0;
    dy_buf_printf(&blk, "%zx;ext=1\r\n", third); dy_buf_add(&blk, z.p, third); dy_buf_puts(&blk, "\r\n");
    dy_buf_printf(&blk, "%zx\r\n", third); dy_buf_add(&blk, z.p + third, third); dy_buf_puts(&blk, "\r\n");
    dy_buf_printf(&blk, "%zx\r\n", z.len - 2 * third); dy_buf_add(&blk, z.p + 2 * third, z.len - 2 * third);
    dy_buf_puts(&blk, "\r\n0\r\n\r\n");
    http_response(&h, "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", blk.p, blk.len);
    record(&w, gz, "response", "https://nilecourier.example/news/ceasefire-talks-cairo?ref=rss", "2024-06-04T00:00:03Z",
           "application/http; msgtype=response", h.p, h.len, 0);
    const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9";
    http_response(&h, "Content-Type: image/jpeg\r\n", jpeg, sizeof jpeg - 1);
    record(&w, gz, "response", "https://nilecourier.example/img/cairo.jpg", "2024-06-04T00:00:04Z",
           "application/http; msgtype=response", h.p, h.len, 0);
    http_response(&h, "Content-Type: text/html; charset=ISO-8859-1\r\n", p3, n3);
    record(&w, gz, "response", "http://wire.example/story/turkey-protesters", "2024-06-04T00:00:05Z",
           "application/http; msgtype=response", h.p, h.len, lie_at == 6 ? lie : 0);
    const char *meta = "fetchTimeMs: 120\r\n";
    record(&w, gz, "metadata", "http://wire.example/story/turkey-protesters", "2024-06-04T00:00:06Z",
           "application/warc-fields", meta, strlen(meta), 0);
    h_write(file, w.p, w.len);
    dy_buf_free(&w); dy_buf_free(&h); dy_buf_free(&blk); dy_buf_free(&z);
    free(p1); free(p2); free(p3);
}

TEST(warc_gz_cc_news_layout)
{
    make_warc(h_path("news.warc.gz"), 1, 0, 0);
    dy_intake *ing = dy_intake_new(NULL);
    docs d;
    read_all(h_path("news.warc.gz"), DY_FMT_AUTO, NULL, ing, &d);
    CHECK_INT(d.n, 3);
    CHECK_INT(d.bad, 0);
    if (d.n == 3) {
        CHECK(!strncmp(d.text[0], "KYIV, May 16 (Ledger)", 21));
        CHECK(clean_of_boilerplate(d.text[0]) && clean_of_boilerplate(d.text[1]) && clean_of_boilerplate(d.text[2]));
        CHECK_STR(d.url[0], "https://www.dailyledger.example/world/2024/05/16/kharkiv-shelling");   /* canonical, resolved */
        CHECK_STR(d.id[0], "urn:uuid:00000000-0000-0000-0000-000000000003");
        CHECK_STR(d.date[0], "2024-05-16");
        CHECK(!strncmp(d.text[1], "Egypt hosted a new round of ceasefire talks", 40));   /* chunked + gzip */
        CHECK_STR(d.url[1], "https://nilecourier.example/news/ceasefire-talks-cairo");
        CHECK_STR(d.outlet[1], "nilecourier.example");
        CHECK(strstr(d.text[2], "Caf\xc3\xa9 owners") != NULL);                             /* HTTP charset */
        CHECK_STR(d.date[2], "2024-06-03");                  /* dateline, the year from WARC-Date */
        CHECK_STR(d.url[2], "http://wire.example/story/turkey-protesters");                 /* WARC-Target-URI */
        CHECK_STR(d.outlet[2], "wire.example");
        CHECK(has_event(d.text[2], "IGOEUREEC", "TUR", NULL));
    }
    dy_intake_stats st;
    dy_intake_get_stats(ing, &st);
    CHECK_INT(st.skipped[DY_SKIP_NOTHTML], 1);         /* the JPEG */
    CHECK_INT(st.coded, 3);
    CHECK(st.bytes_in > 0);
    docs_free(&d);
    dy_intake_free(ing);
    /* the same records uncompressed, sniffed as WARC */
    make_warc(h_path("news.warc"), 0, 0, 0);
    read_all(h_path("news.warc"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 3);
    docs_free(&d);
}

TEST(warc_lying_lengths_and_truncation)
{
    docs d;
    /* record 3 claims 700 bytes more than it has: it swallows part of record 4 */
    make_warc(h_path("long.warc"), 0, 3, 700);
    read_all(h_path("long.warc"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(strstr(d.errs, "long.warc: record 3") != NULL && strstr(d.errs, "the length lies") != NULL);
    CHECK_INT(d.n, 2);                  /* records 4 and 6 still read */
    if (d.n == 2) CHECK(!strncmp(d.text[0], "Egypt hosted", 12));
    docs_free(&d);
    /* record 6 claims 900 bytes fewer */
    make_warc(h_path("short.warc.gz"), 1, 6, -900);
    read_all(h_path("short.warc.gz"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(strstr(d.errs, "short.warc.gz: record 6") != NULL);
    CHECK_INT(d.n, 2);
    docs_free(&d);
    /* a truncated WARC.gz: the records before the cut are read, the cut is named */
    make_warc(h_path("full.warc.gz"), 1, 0, 0);
    size_t n;
    char *b = h_slurp(h_path("full.warc.gz"), &n);
    h_wbytes("cut.warc.gz", b, n * 2 / 3);
    free(b);
    read_all(h_path("cut.warc.gz"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(d.n >= 1 && d.n < 3);
    CHECK(strstr(d.errs, "cut.warc.gz") != NULL && strstr(d.errs, "truncated") != NULL);
    docs_free(&d);
}

/* ---- compression, directories, sniffing ---- */

static const char JL[] = "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n"
                         "{\"id\":\"b\",\"date\":\"2024-05-17\",\"text\":\"China criticised Japan.\"}\n";

#define SNIFF(lit) dy_ingest_sniff((const unsigned char *)(lit), sizeof(lit) - 1)

TEST(compressed_inputs_and_directories)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/tree", CLI.dir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/tree/sub", CLI.dir);
    mkdir(dir, 0755);
    dy_buf g;
    dy_buf_init(&g);
    gz_member(&g, JL, strlen(JL));
    h_wbytes("tree/a.jsonl.gz", g.p, g.len);
    size_t zc = ZSTD_compressBound(sizeof JL);
    char *zb = malloc(zc);
    size_t zl = ZSTD_compress(zb, zc, JL, strlen(JL), 3);
    h_wbytes("tree/sub/b.data", zb, zl);              /* zstd, no telling name: sniffed */
    free(zb);
    unsigned bl = 4096;
    char bb[4096];
    BZ2_bzBuffToBuffCompress(bb, &bl, (char *)JL, (unsigned)strlen(JL), 9, 0, 0);
    h_wbytes("tree/sub/c.bz2", bb, bl);
    size_t hn;
    char *html = h_slurp(D "page-time.html", &hn);
    dy_buf_free(&g); dy_buf_init(&g);
    gz_member(&g, html, hn);
    h_wbytes("tree/sub/page.gz", g.p, g.len);
    free(html);
    dy_buf_free(&g);
    h_wbytes("tree/.hidden.jsonl", JL, strlen(JL));
    symlink("/etc/passwd", h_path("tree/link"));
    const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0 };
    h_wbytes("tree/image.png", png, sizeof png);
    dy_intake *ing = dy_intake_new(NULL);
    docs d;
    read_all(h_path("tree"), DY_FMT_AUTO, NULL, ing, &d);
    /* a.jsonl.gz (2), sub/b.data (2), sub/c.bz2 (2), sub/page.gz (1), in path order */
    CHECK_INT(d.n, 7);
    if (d.n == 7) {
        CHECK_STR(d.id[0], "a"); CHECK_STR(d.text[1], "China criticised Japan.");
        CHECK_STR(d.id[2], "a"); CHECK_STR(d.id[4], "a");
        CHECK(!strncmp(d.text[6], "Egypt hosted", 12));
    }
    dy_intake_stats st;
    dy_intake_get_stats(ing, &st);
    CHECK_INT(st.skipped[DY_SKIP_NOTHTML], 1);     /* image.png; .hidden and the symlink are not read */
    docs_free(&d);
    dy_intake_free(ing);
    /* sniffing */
    CHECK_INT(SNIFF("WARC/1.0\r\n"), DY_IN_WARC);
    CHECK_INT(SNIFF("\xef\xbb\xbf <!DOCTYPE html><p>x"), DY_IN_HTML);
    CHECK_INT(SNIFF("<?xml version=\"1.0\"?><rss>"), DY_IN_FEED);
    CHECK_INT(SNIFF("<feed xmlns="), DY_IN_FEED);
    CHECK_INT(SNIFF("  {\"id\":1}"), DY_IN_JSONL);
    CHECK_INT(SNIFF("Russia <b>attacked</b> Ukraine"), DY_IN_TEXT);
    CHECK_INT(dy_ingest_sniff(png, sizeof png), DY_IN_BINARY);
    /* --input-format text overrides: the HTML page is one text document, tags and all */
    read_all(D "page-time.html", DY_FMT_TEXT, NULL, NULL, &d);
    CHECK_INT(d.n, 1);
    if (d.n == 1) CHECK(strstr(d.text[0], "<script>") != NULL);
    docs_free(&d);
}

TEST(truncated_gzip_and_bomb)
{
    dy_buf g;
    dy_buf_init(&g);
    char *big = malloc(200000);
    static const char L[] = "{\"id\":\"x\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n";
    for (int i = 0; i < 200000; i++) big[i] = L[i % (sizeof L - 1)];
    gz_member(&g, big, 200000 / (sizeof L - 1) * (sizeof L - 1));
    h_wbytes("cut.jsonl.gz", g.p, g.len / 2);
    docs d;
    read_all(h_path("cut.jsonl.gz"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(d.total > 100);                                 /* the lines before the cut */
    CHECK(strstr(d.errs, "cut.jsonl.gz") != NULL && strstr(d.errs, "truncated gzip") != NULL);
    docs_free(&d);
    free(big);
    /* a gzip bomb: 1 GB of zeros in ~1 MB */
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    static unsigned char zero[1 << 20], ob[1 << 16];
    memset(zero, 'x', sizeof zero);
    FILE *f = fopen(h_path("bomb.txt.gz"), "wb");
    for (int i = 0; i < 1024; i++) {
        z.next_in = zero; z.avail_in = sizeof zero;
        do {
            z.next_out = ob; z.avail_out = sizeof ob;
            deflate(&z, i == 1023 ? Z_FINISH : Z_NO_FLUSH);
            fwrite(ob, 1, sizeof ob - z.avail_out, f);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    fclose(f);
    dy_buf_free(&g);
    double t0 = h_now();
    read_all(h_path("bomb.txt.gz"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(h_now() - t0 < 20);
    CHECK_INT(d.n, 0);
    CHECK(strstr(d.errs, "bomb.txt.gz") != NULL && (strstr(d.errs, "compression bomb") || strstr(d.errs, "longer than")));
    docs_free(&d);
}

TEST(html_deep_and_huge)
{
    /* 100,000 nested divs */
    size_t cap = 100000 * 11 + 1000;
    char *b = malloc(cap), *p = b;
    p += sprintf(p, "<html><body><p>Russia attacked Ukraine, officials said on Monday in a statement.</p>");
    for (int i = 0; i < 100000; i++) { memcpy(p, "<div>", 5); p += 5; }
    p += sprintf(p, "deep");
    for (int i = 0; i < 100000; i++) { memcpy(p, "</div>", 6); p += 6; }
    p += sprintf(p, "</body></html>");
    h_wbytes("deep.html", b, (size_t)(p - b));
    free(b);
    double t0 = h_now();
    docs d;
    read_all(h_path("deep.html"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK(h_now() - t0 < 10);
    CHECK_INT(d.n, 1);
    if (d.n == 1) CHECK(strstr(d.text[0], "Russia attacked Ukraine") != NULL);
    CHECK(strstr(d.errs, "deep.html: warning: HTML nested deeper") != NULL);
    docs_free(&d);
    /* a 50 MB page: skipped at the default 16 MiB limit, read in bounded time with a higher one */
    FILE *f = fopen(h_path("huge.html"), "wb");
    fputs("<html><head><title>Huge</title></head><body><article>", f);
    for (int i = 0; i < 400000; i++)
        fprintf(f, "<p>Paragraph %d: the council met again and nothing was decided, as usual, in the long afternoon.</p>\n", i);
    fputs("</article></body></html>", f);
    fclose(f);
    read_all(h_path("huge.html"), DY_FMT_AUTO, NULL, NULL, &d);
    CHECK_INT(d.n, 0);
    CHECK(strstr(d.errs, "huge.html: document longer than the limit") != NULL);
    docs_free(&d);
    dy_read_opts o;
    memset(&o, 0, sizeof o);
    o.max_doc_bytes = (size_t)64 << 20;
    char err[1024];
    t0 = h_now();
    dy_reader *r = dy_reader_open(h_path("huge.html"), &o, err, sizeof err);
    CHECK(r != NULL);
    if (r) {
        dy_arena a;
        dy_arena_init(&a, 65536);
        dy_doc doc;
        CHECK_INT(dy_reader_next(r, &a, &doc, err, sizeof err), 1);
        CHECK(doc.len > 30u << 20);
        CHECK_INT(dy_reader_next(r, &a, &doc, err, sizeof err), 0);
        dy_arena_free(&a);
        dy_reader_close(r);
    }
    CHECK(h_now() - t0 < 60);
}

/* ---- language ---- */

TEST(language_sample)
{
    size_t n;
    char *s = h_slurp(D "lang-sample.tsv", &n);
    CHECK(s != NULL);
    if (!s) return;
    char err[128];
    dy_langid *l = dy_langid_new(err, sizeof err);
    int all = 0, ok = 0;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        const char *got = dy_langid_detect(l, tab + 1, strlen(tab + 1));
        int en = !strcmp(line, "en");
        all++;
        if (en == !strcmp(got, "en")) ok++;
        else fprintf(stderr, "  %s paragraph identified as \"%s\"\n", line, got);
    }
    fprintf(stderr, "  language sample: %d/%d told English from not English\n", ok, all);
    CHECK_INT(all, 57);
    CHECK_INT(ok, all);
    CHECK_STR(dy_langid_detect(l, "Hi.", 3), "");     /* too short to tell */
    dy_langid_free(l);
    free(s);
}

/* ---- copies ---- */

static const char *const STORY[] = {
    "GENEVA, May 20 (Agency) - The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday for talks on a peace treaty, the Swiss foreign ministry said, the first meeting of its kind since fighting ended last year.",
    "The two ministers discussed the demarcation of their border and the return of prisoners, according to a statement released after the talks. Armenia accused Azerbaijan of delaying the release of detainees, a charge Baku rejected.",
    "Switzerland offered to host further rounds, and the European Union said it was ready to send monitors to the border once a deal was signed. Russia criticised the talks, saying that any agreement should be reached under its mediation.",
    "Diplomats said a draft text was close to agreed but that the sides still disagreed over transport links through southern Armenia. The ministers agreed to meet again in June, officials said.",
    NULL };

static void reprint(const char *file, int k)
{
    static const char *const outlets[] = { "Daily Ledger", "Nile Courier", "Harbour Post", "Steppe Telegraph", "Morning Star Gazette",
        "Valley Times", "Coastal Herald", "Metro Wire", "Capital Chronicle", "Northern Echo" };
    FILE *f = fopen(file, "w");
    fprintf(f, "<html><head><title>%s | %s</title><meta property=\"og:site_name\" content=\"%s\">"
               "<link rel=\"canonical\" href=\"https://outlet%d.example/world/2024/05/20/%s\"></head><body>",
            k % 3 == 0 ? "Armenia and Azerbaijan hold peace talks" : k % 3 == 1 ? "Caucasus foes meet in Geneva" : "Peace treaty talks in Geneva",
            outlets[k], outlets[k], k, k % 2 ? "armenia-azerbaijan-talks" : "geneva-talks");
    /* each outlet its own boilerplate */
    fprintf(f, "<div class=\"cookie-notice\"><p>%s uses cookies. Accept?</p></div>", outlets[k]);
    fprintf(f, "<nav><a href=\"/\">%s home</a> <a href=\"/world\">World</a></nav>", outlets[k]);
    fprintf(f, "<div class=\"wrap\"><article><h1>Talks in Geneva (%d)</h1>", k);
    for (int i = 0; STORY[i]; i++) {
        const char *p = STORY[i];
        if (k == 4 && i == 0) p = "GENEVA (Agency) - The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday for talks on a peace treaty, the Swiss foreign ministry said, the first meeting of its kind since fighting ended last year.";
        fprintf(f, "<p>%s</p>\n", p);
        if (k == 2 && i == 1) fprintf(f, "<p>Both delegations declined to take questions from reporters.</p>\n");
    }
    if (k == 7) fprintf(f, "<p>Additional reporting by a staff correspondent.</p>");
    fprintf(f, "</article><div class=\"related\"><ul><li><a href=\"/x%d\">Iran test-fires missile, state media says %d</a></li></ul></div></div>", k, k);
    fprintf(f, "<footer>&copy; %s</footer></body></html>\n", outlets[k]);
    fclose(f);
}

TEST(one_story_ten_copies)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/copies", CLI.dir);
    mkdir(dir, 0755);
    char f[1200];
    for (int k = 0; k < 10; k++) { snprintf(f, sizeof f, "%s/copies/story-%02d.html", CLI.dir, k); reprint(f, k); }
    /* two different stories in between */
    snprintf(f, sizeof f, "%s/copies/story-03b.html", CLI.dir);
    { size_t n; char *p = h_slurp(D "page-article.html", &n); h_write(f, p, n); free(p); }
    snprintf(f, sizeof f, "%s/copies/story-06b.html", CLI.dir);
    { size_t n; char *p = h_slurp(D "page-time.html", &n); h_write(f, p, n); free(p); }
    dy_intake *ing = dy_intake_new(NULL);
    docs d;
    read_all(dir, DY_FMT_AUTO, NULL, ing, &d);
    CHECK_INT(d.n, 3);
    if (d.n == 3) {
        CHECK_STR(d.id[0], "story-00.html");
        CHECK_INT(d.ncopies[0], 9);                 /* the story once, with its nine reprints: ten sources */
        for (int k = 1; k < 10; k++) {
            char want[200];
            snprintf(want, sizeof want, "https://outlet%d.example/world/2024/05/20/%s|", k, k % 2 ? "armenia-azerbaijan-talks" : "geneva-talks");
            CHECK(strstr(d.copy_urls[0], want) != NULL);
        }
        CHECK(strstr(d.copy_urls[0], "|Morning Star Gazette\n") != NULL);
        CHECK_INT(d.ncopies[1], 0);
        CHECK_INT(d.ncopies[2], 0);
        CHECK(has_event(d.text[0], "ARM", "AZE", "112"));
    }
    dy_intake_stats st;
    dy_intake_get_stats(ing, &st);
    CHECK_INT(st.skipped[DY_SKIP_DUP], 9);
    CHECK_INT(st.copies, 9);
    docs_free(&d);
    dy_intake_free(ing);
    /* the CLI: events once, the copies in each event's JSON, counted in the summary */
    if (!W) SKIP("no model: CLI part skipped");
    CHECK_INT(h_run("@ code %s/copies/story-0[0-9].html", CLI.dir), 0);
    CHECK(strstr(CLI.out, "\"doc\": \"story-00.html\"") != NULL);
    CHECK(strstr(CLI.out, "\"doc\": \"story-01.html\", \"sent\"") == NULL);
    CHECK(strstr(CLI.out, "\"copies\": [{\"url\": \"https://outlet1.example/world/2024/05/20/armenia-azerbaijan-talks\", \"outlet\": \"Nile Courier\", \"doc\": \"story-01.html\"}") != NULL);
    CHECK(strstr(CLI.err, "dyad: 10 documents read, 1 coded, 9 skipped (0 non-English, 0 too long, 0 not HTML, 9 duplicate, 0 unreadable)") != NULL);
    CHECK(strchr(CLI.err, '\r') == NULL);           /* no progress line on a pipe */
    CHECK_INT(h_run("@ code --keep-duplicates %s/copies/story-0[0-9].html", CLI.dir), 0);
    CHECK(strstr(CLI.out, "\"doc\": \"story-09.html\"") != NULL);
    CHECK(strstr(CLI.out, "\"copies\"") == NULL);
}

TEST(cli_formats_and_summary)
{
    if (!W) SKIP("no model");
    CHECK_INT(h_run("@ code " D "feed.xml " D "page-article.html"), 0);
    CHECK(strstr(CLI.out, "\"doc\": \"hp-2024-0101\"") != NULL);
    CHECK(strstr(CLI.out, "\"doc\": \"page-article.html\"") != NULL);
    CHECK(strstr(CLI.out, "France condemned") == NULL);
    CHECK(strstr(CLI.err, "dyad: 4 documents read, 3 coded, 1 skipped (1 non-English,") != NULL);
    CHECK_INT(h_run("@ code --any-language " D "feed.xml"), 0);
    CHECK(strstr(CLI.err, "3 documents read, 3 coded, 0 skipped") != NULL);
    CHECK_INT(h_run("@ code --input-format bogus " D "feed.xml"), 2);
    /* the progress line: only on a terminal (script(1) gives one), never with --quiet or CI set */
    if (system("command -v script >/dev/null 2>&1") != 0) SKIP("script(1) absent: no terminal to test the progress line on");
    CHECK_INT(h_run("env -u CI script -qec '@ code " D "feed.xml >/dev/null' /dev/null"), 0);
    CHECK(strstr(CLI.out, "docs, ") != NULL && strstr(CLI.out, "MB/s") != NULL && strstr(CLI.out, "\r") != NULL);
    CHECK_INT(h_run("env -u CI script -qec '@ code --quiet " D "feed.xml >/dev/null' /dev/null"), 0);
    CHECK(strstr(CLI.out, "MB/s") == NULL && strstr(CLI.out, "documents read") != NULL);
    CHECK_INT(h_run("env CI=1 script -qec '@ code " D "feed.xml >/dev/null' /dev/null"), 0);
    CHECK(strstr(CLI.out, "MB/s") == NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (h_cli_init(argv[0], "ingest")) return 2;
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    char err[512];
    E = dy_engine_new(&o, err, sizeof err);
    if (E) W = dy_worker_new(E);
    else fprintf(stderr, "  engine: %s (event checks fail, CLI checks skip)\n", err);
    RUN(html_article_page);
    RUN(html_time_and_domain);
    RUN(html_dateline_latin1_br_paragraphs);
    RUN(html_not_a_page);
    RUN(rss_feed_items);
    RUN(feed_not_xml);
    RUN(warc_gz_cc_news_layout);
    RUN(warc_lying_lengths_and_truncation);
    RUN(compressed_inputs_and_directories);
    RUN(truncated_gzip_and_bomb);
    RUN(html_deep_and_huge);
    RUN(language_sample);
    RUN(one_story_ten_copies);
    RUN(cli_formats_and_summary);
    dy_worker_free(W);
    dy_engine_free(E);
    h_cleanup();
    return DONE();
}
