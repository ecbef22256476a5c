/* db_sqlite.c: the SQLite backend of the store (libsqlite3), the embedded default.
 *
 * WAL journal (readers never block the ingest), foreign keys on, a busy
 * timeout so a `dyad query` next to a running ingest waits instead of
 * failing, a 64 MiB page cache, synchronous=NORMAL (with WAL a crash loses at most the last
 * transactions, never consistency).  A file that exists but is not an SQLite
 * database is reported as such before anything is written to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "store/backend.h"

typedef struct sdb { dy_db base; sqlite3 *h; double deadline; } sdb;
typedef struct sstmt { dy_stmt base; sqlite3_stmt *s; } sstmt;
typedef struct sbulk { dy_bulk base; sqlite3_stmt *s; int n; } sbulk;

static void seterr(dy_db *db, const char *what)
{
    sdb *d = (sdb *)db;
    int code = sqlite3_extended_errcode(d->h);
    snprintf(db->err, sizeof db->err, "%s: %s: %s", db->where, what, sqlite3_errmsg(d->h));
    db->transient = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

static int s_exec(dy_db *db, const char *sql)
{
    sdb *d = (sdb *)db;
    char *m = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &m) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "%s: %s", db->where, m ? m : sqlite3_errmsg(d->h));
        int code = sqlite3_extended_errcode(d->h);
        db->transient = (code & 0xff) == SQLITE_BUSY;
        sqlite3_free(m);
        return -1;
    }
    return 0;
}

static dy_stmt *s_prepare(dy_db *db, const char *sql)
{
    sdb *d = (sdb *)db;
    sstmt *st = calloc(1, sizeof *st);
    if (!st) { snprintf(db->err, sizeof db->err, "%s: out of memory", db->where); return NULL; }
    st->base.db = db;
    if (sqlite3_prepare_v2(d->h, sql, -1, &st->s, NULL) != SQLITE_OK) {
        seterr(db, "prepare");
        free(st);
        return NULL;
    }
    return &st->base;
}

static void s_close(dy_db *db)
{
    sdb *d = (sdb *)db;
    if (d->h) sqlite3_close_v2(d->h);
    free(d);
}

static void s_bind_text(dy_stmt *st, int i, const char *s, size_t n)
{
    sstmt *x = (sstmt *)st;
    if (!s) sqlite3_bind_null(x->s, i);
    else sqlite3_bind_text(x->s, i, s, n == (size_t)-1 ? -1 : (int)n, SQLITE_TRANSIENT);
}
static void s_bind_int(dy_stmt *st, int i, long long v) { sqlite3_bind_int64(((sstmt *)st)->s, i, v); }
static void s_bind_double(dy_stmt *st, int i, double v) { sqlite3_bind_double(((sstmt *)st)->s, i, v); }
static void s_bind_null(dy_stmt *st, int i) { sqlite3_bind_null(((sstmt *)st)->s, i); }

static int s_step(dy_stmt *st)
{
    sstmt *x = (sstmt *)st;
    int rc = sqlite3_step(x->s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    seterr(st->db, "query");
    return -1;
}
static int s_col_null(dy_stmt *st, int i) { return sqlite3_column_type(((sstmt *)st)->s, i) == SQLITE_NULL; }
static long long s_col_int(dy_stmt *st, int i) { return sqlite3_column_int64(((sstmt *)st)->s, i); }
static double s_col_double(dy_stmt *st, int i) { return sqlite3_column_double(((sstmt *)st)->s, i); }
static const char *s_col_text(dy_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(((sstmt *)st)->s, i);
    return t ? (const char *)t : "";
}
static int s_ncols(dy_stmt *st) { return sqlite3_column_count(((sstmt *)st)->s); }
static void s_reset(dy_stmt *st) { sqlite3_reset(((sstmt *)st)->s); sqlite3_clear_bindings(((sstmt *)st)->s); }
static void s_finalize(dy_stmt *st) { sqlite3_finalize(((sstmt *)st)->s); free(st); }

static dy_bulk *s_bulk_begin(dy_db *db, const char *table, const char *const *cols, int ncols)
{
    char sql[2048];
    size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s(", table);
    for (int i = 0; i < ncols && n < sizeof sql; i++) n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", i ? "," : "", cols[i]);
    if (n < sizeof sql) n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES (");
    for (int i = 0; i < ncols && n < sizeof sql; i++) n += (size_t)snprintf(sql + n, sizeof sql - n, "%s?", i ? "," : "");
    if (n < sizeof sql) n += (size_t)snprintf(sql + n, sizeof sql - n, ")");
    if (n >= sizeof sql) { snprintf(db->err, sizeof db->err, "%s: bulk insert: too many columns", db->where); return NULL; }
    sbulk *b = calloc(1, sizeof *b);
    if (!b) { snprintf(db->err, sizeof db->err, "%s: out of memory", db->where); return NULL; }
    b->base.db = db;
    b->n = ncols;
    if (sqlite3_prepare_v2(((sdb *)db)->h, sql, -1, &b->s, NULL) != SQLITE_OK) { seterr(db, "prepare"); free(b); return NULL; }
    return &b->base;
}

static int s_bulk_row(dy_bulk *bb, const char *const *vals)
{
    sbulk *b = (sbulk *)bb;
    for (int i = 0; i < b->n; i++) {
        if (vals[i]) sqlite3_bind_text(b->s, i + 1, vals[i], -1, SQLITE_STATIC);
        else sqlite3_bind_null(b->s, i + 1);
    }
    int rc = sqlite3_step(b->s);
    sqlite3_reset(b->s);
    if (rc != SQLITE_DONE) { seterr(bb->db, "insert"); return -1; }
    return 0;
}

static int s_bulk_end(dy_bulk *bb, int ok)
{
    (void)ok;
    sbulk *b = (sbulk *)bb;
    sqlite3_finalize(b->s);
    free(b);
    return 0;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite calls this every few thousand virtual-machine steps; non-zero interrupts the statement. */
static int s_progress(void *p)
{
    const sdb *d = p;
    return d->deadline > 0 && mono_now() > d->deadline;
}

static void s_deadline(dy_db *db, double at)
{
    sdb *d = (sdb *)db;
    d->deadline = at;
    sqlite3_progress_handler(d->h, at > 0 ? 4000 : 0, at > 0 ? s_progress : NULL, d);
}

static const dy_db_ops SQLITE_OPS = {
    s_exec, s_prepare, s_close, s_bind_text, s_bind_int, s_bind_double, s_bind_null, s_step,
    s_col_null, s_col_int, s_col_double, s_col_text, s_ncols, s_reset, s_finalize,
    s_bulk_begin, s_bulk_row, s_bulk_end, s_deadline,
};

/* 1 when the first bytes of path are SQLite's header, 0 when the file is
 * empty or absent, -1 when it holds something else. */
static int sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char h[16];
    size_t n = fread(h, 1, sizeof h, f);
    fclose(f);
    if (n == 0) return 0;
    return n == 16 && memcmp(h, "SQLite format 3", 16) == 0 ? 1 : -1;
}

dy_db *dy_db_open_sqlite(const char *path, int create, int readonly, int *corrupt, char *err, size_t errlen)
{
    *corrupt = 0;
    if (sniff(path) < 0) {
        *corrupt = 1;
        snprintf(err, errlen, "%s: not a dyad store (not an SQLite database); nothing was written to it", path);
        return NULL;
    }
    sdb *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "%s: out of memory", path); return NULL; }
    d->base.dialect = DY_DB_SQLITE;
    d->base.ops = &SQLITE_OPS;
    snprintf(d->base.where, sizeof d->base.where, "%s", path);
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &d->h, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open: %s", path, d->h ? sqlite3_errmsg(d->h) : "out of memory");
        s_close(&d->base);
        return NULL;
    }
    sqlite3_busy_timeout(d->h, 10000);
    sqlite3_extended_result_codes(d->h, 1);
    /* reading the schema is what finds a damaged file */
    if (s_exec(&d->base, "PRAGMA foreign_keys=ON; SELECT count(*) FROM sqlite_master;")) {
        *corrupt = 1;
        snprintf(err, errlen, "%s: not a usable SQLite database (%s); nothing was written to it", path, sqlite3_errmsg(d->h));
        s_close(&d->base);
        return NULL;
    }
    /* WAL is a property of the file: set once (it needs the file to itself, so a
     * second process opening the store at that moment waits and tries again) */
    int wal = 0;
    sqlite3_stmt *jm;
    if (sqlite3_prepare_v2(d->h, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK) {
        if (sqlite3_step(jm) == SQLITE_ROW) wal = !strcmp((const char *)sqlite3_column_text(jm, 0), "wal");
        sqlite3_finalize(jm);
    }
    int rc = 0;
    for (int attempt = 0; !readonly && !wal && attempt < 50; attempt++) {
        rc = s_exec(&d->base, "PRAGMA journal_mode=WAL");
        if (rc == 0 || !d->base.transient) break;
        sqlite3_sleep(100);
    }
    if (rc == 0 && !readonly) rc = s_exec(&d->base, "PRAGMA synchronous=NORMAL");
    /* a 64 MiB page cache: the merge's lookups touch the indexes of the whole store */
    if (rc == 0) rc = s_exec(&d->base, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY");
    if (rc) {
        snprintf(err, errlen, "%s", d->base.err);
        s_close(&d->base);
        return NULL;
    }
    return &d->base;
}
