/* fuzz_store_open.c: libFuzzer target for the store's readers on a damaged
 * or foreign file (src/store: schema.c open, query.c, export.c).
 *
 * Input starting with SQLite's header is the whole file; any other input is
 * a list of 3-byte patches (offset / 8 as 16 bits, value) applied to a small
 * real store the target builds first (a GDELT line imported), so short
 * inputs damage a real database page by page.  The file is opened
 * read-only; when the open succeeds, every reader runs over it (query, mentions, series, top,
 * search, each export format).  Invariants: a refused open names the file;
 * the readers fail with a message or succeed, never crash. */
#include "fuzz_common.h"
#include "store/store.h"

static int ev(void *c, const dy_event_row *r) { (void)c; return r->date[0] && strlen(r->date) != 10; }
static int me(void *c, const dy_mention_row *m) { (void)c; (void)m; return 0; }
static int tp(void *c, const dy_top_row *t) { (void)c; (void)t; return 0; }
static int ht(void *c, const dy_hit *h) { (void)c; (void)h; return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char db[512], err[2048];
    fz_path(db, sizeof db, "store.db");
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    static unsigned char *seed;
    static size_t seedlen;
    int st;
    if (!seed) {
        char g[512];
        fz_path(g, sizeof g, "seed.CSV");
        FILE *gf = fopen(g, "w");
        fputs("7\t20240708\t202407\t2024\t2024.5973\tINDGOV\tNARENDRA MODI\tIND\t\t\t\t\tGOV\t\t\tRUSGOV\tMOSCOW\tRUS"
              "\t\t\t\t\tGOV\t\t\t1\t042\t042\t04\t1\t1.9\t3\t2\t2\t\t0\t\t\t\t\t\t\t\t0\t\t\t\t\t\t\t\t4"
              "\tMoscow, Moscow\tRS\tRS48\t\t55.7522\t37.6156\t524901\t20240708120000\thttps://example.org/a\n", gf);
        fclose(gf);
        unlink(db);
        dy_store *w = dy_store_open(db, DY_STORE_CREATE, &st, err, sizeof err);
        if (!w) fz_fail("seed store: %s", err);
        dy_import_result ir;
        if (dy_store_import_gdelt(w, g, &ir, err, sizeof err)) fz_fail("seed import: %s", err);
        dy_store_close(w);   /* the last connection: SQLite checkpoints the WAL into the file */
        FILE *sf = fopen(db, "rb");
        fseek(sf, 0, SEEK_END);
        seedlen = (size_t)ftell(sf);
        fseek(sf, 0, SEEK_SET);
        seed = malloc(seedlen);
        if (!seed || fread(seed, 1, seedlen, sf) != seedlen) fz_fail("seed read");
        fclose(sf);
    }
    unlink(wal);
    if (size >= 16 && !memcmp(data, "SQLite format 3", 16)) fz_write(db, data, size);
    else {
        unsigned char *b = malloc(seedlen);
        memcpy(b, seed, seedlen);
        for (size_t i = 0; i + 3 <= size; i += 3) {
            size_t off = ((size_t)data[i] << 8 | data[i + 1]) * 8;
            if (off < seedlen) b[off] = data[i + 2];
        }
        fz_write(db, b, seedlen);
        free(b);
    }
    dy_store *s = dy_store_open(db, DY_STORE_READONLY, &st, err, sizeof err);
    if (!s) { fz_assert(strstr(err, db) != NULL); return 0; }
    dy_filter f;
    memset(&f, 0, sizeof f);
    f.limit = 50;
    dy_store_query(s, &f, ev, NULL, err, sizeof err);
    dy_store_mentions(s, &f, me, NULL, err, sizeof err);
    dy_point *p = NULL;
    int n = 0;
    if (dy_store_series(s, &f, DY_BY_WEEK, &p, &n, err, sizeof err) == 0) free(p);
    dy_store_top(s, &f, DY_TOP_ACTORS, 5, tp, NULL, err, sizeof err);
    dy_store_search(s, "visit", 5, ht, NULL, err, sizeof err);
    FILE *o = fopen("/dev/null", "w");
    for (int k = DY_EXPORT_GDELT1; k <= DY_EXPORT_CSV; k++) dy_store_export(s, &f, (enum dy_export_fmt)k, 0, o, err, sizeof err);
    fclose(o);
    dy_store_close(s);
    return 0;
}
