/* schema.c: the store's schema, its version and migrations, and opening a store.
 *
 * One schema for both engines, written once with three type tokens that the
 * dialect fills in (@ID an id assigned by the store, @INT a 64-bit integer,
 * @REAL a double).  What only one engine has is added after it: SQLite's
 * FTS5 table (filled by ingest once per batch, in one statement: a trigger
 * per row would make FTS5 flush its index at every statement's savepoint,
 * which cost more than all the other inserts together; the delete trigger
 * stays); PostgreSQL's monthly RANGE partitions of
 * events and mentions (by day) and a generated tsvector column with a GIN
 * index.  meta.schema_version says which version a store is; a store of a
 * newer version than this build is refused before anything is written, an
 * older one is migrated in one transaction (MIGRATIONS, oldest first).
 *
 * Dates are kept as `day` (days since 1970-01-01) and `month` (YYYYMM)
 * integers, so windows, weeks and months are arithmetic in the same SQL on
 * both engines, and PostgreSQL partitions on day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/impl.h"

static const char DOCS[] =
"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
"CREATE TABLE IF NOT EXISTS documents (\n"
"  id @ID, ext_id TEXT NOT NULL UNIQUE, url TEXT, outlet TEXT, title TEXT, date TEXT, day INTEGER,\n"
"  added @INT NOT NULL, len @INT NOT NULL DEFAULT 0, input TEXT, nmentions INTEGER NOT NULL DEFAULT 0);\n"
"CREATE TABLE IF NOT EXISTS sentences (\n"
"  id @ID, doc @INT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL,\n"
"  start_off @INT NOT NULL, end_off @INT NOT NULL, text TEXT NOT NULL, UNIQUE (doc, idx));\n";

/* the columns of mentions and events, shared by both dialects' CREATE TABLE */
static const char MENTION_COLS[] =
"  id @ID_NOPK, doc @INT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, sent INTEGER NOT NULL,\n"
"  day INTEGER, month INTEGER, mkey TEXT NOT NULL, event @INT,\n"
"  src_code TEXT NOT NULL, tgt_code TEXT NOT NULL, src_text TEXT, tgt_text TEXT,\n"
"  cameo TEXT NOT NULL, base TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL, goldstein @REAL NOT NULL,\n"
"  plover TEXT, mode TEXT NOT NULL,\n"
"  src_start @INT, src_end @INT, tgt_start @INT, tgt_end @INT, verb_start @INT, verb_end @INT,\n"
"  place_iso3 TEXT, place_name TEXT, place_admin1 TEXT, place_lat @REAL, place_lon @REAL,\n"
"  place_start @INT, place_end @INT, rule TEXT,\n"
"  ev_key TEXT, src_name TEXT, tgt_name TEXT, src_parts TEXT, tgt_parts TEXT,\n"
"  place_feature TEXT, place_geonameid @INT, place_adm1 TEXT, place_fips TEXT";

static const char EVENT_COLS[] =
"  id @ID_NOPK, origin TEXT NOT NULL, gdelt_id @INT, day INTEGER, month INTEGER, mkey TEXT,\n"
"  src_code TEXT NOT NULL, src_name TEXT, src_country TEXT, src_group TEXT, src_ethnic TEXT, src_rel1 TEXT,\n"
"  src_rel2 TEXT, src_type1 TEXT, src_type2 TEXT, src_type3 TEXT,\n"
"  tgt_code TEXT NOT NULL, tgt_name TEXT, tgt_country TEXT, tgt_group TEXT, tgt_ethnic TEXT, tgt_rel1 TEXT,\n"
"  tgt_rel2 TEXT, tgt_type1 TEXT, tgt_type2 TEXT, tgt_type3 TEXT,\n"
"  is_root INTEGER NOT NULL DEFAULT 0, cameo TEXT NOT NULL, base TEXT NOT NULL, root TEXT NOT NULL,\n"
"  quad INTEGER NOT NULL, goldstein @REAL NOT NULL,\n"
"  num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL, avg_tone @REAL,\n"
"  g1_type INTEGER NOT NULL DEFAULT 0, g1_name TEXT, g1_country TEXT, g1_adm1 TEXT, g1_adm2 TEXT, g1_lat @REAL, g1_lon @REAL, g1_feature TEXT,\n"
"  g2_type INTEGER NOT NULL DEFAULT 0, g2_name TEXT, g2_country TEXT, g2_adm1 TEXT, g2_adm2 TEXT, g2_lat @REAL, g2_lon @REAL, g2_feature TEXT,\n"
"  ga_type INTEGER NOT NULL DEFAULT 0, ga_name TEXT, ga_country TEXT, ga_adm1 TEXT, ga_adm2 TEXT, ga_lat @REAL, ga_lon @REAL, ga_feature TEXT,\n"
"  place_iso3 TEXT, date_added @INT NOT NULL, source_url TEXT, plover TEXT, mode TEXT, confidence @REAL NOT NULL DEFAULT 0";

static const char INDEXES[] =
"CREATE INDEX IF NOT EXISTS mentions_key ON mentions(mkey, day);\n"
"CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);\n"
"CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event);\n"
"CREATE INDEX IF NOT EXISTS events_day ON events(day);\n"
"CREATE INDEX IF NOT EXISTS events_key ON events(mkey, day);\n"
"CREATE INDEX IF NOT EXISTS events_gdelt ON events(gdelt_id) WHERE gdelt_id IS NOT NULL;\n";
/* Few indexes on events on purpose: every one is paid at each merge; the
 * actor and code filters compare prefixes (substr), which an index on the
 * column would not serve, and scanning a day range is what queries do. */

static const char SQLITE_EXTRA[] =
"CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content='sentences', content_rowid='id');\n"
"CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN\n"
"  INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END;\n"
"";

static const char PG_EXTRA[] =
"ALTER TABLE sentences ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED;\n"
"CREATE INDEX IF NOT EXISTS sentences_tsv ON sentences USING gin(tsv);\n"
"CREATE INDEX IF NOT EXISTS events_id ON events(id);\n"
"CREATE INDEX IF NOT EXISTS mentions_id ON mentions(id);\n"
"CREATE TABLE IF NOT EXISTS events_undated PARTITION OF events DEFAULT;\n"
"CREATE TABLE IF NOT EXISTS mentions_undated PARTITION OF mentions DEFAULT;\n";

/* Migrations from version i+1 to i+2 (none yet: version 1 is the first). */
static const char *const MIGRATIONS[] = { NULL };

/* Expand the type tokens for the dialect into a malloc'd string. */
static char *dialect_sql(enum dy_dialect d, const char *sql)
{
    static const char *const tok[] = { "@ID_NOPK", "@ID", "@INT", "@REAL" };
    const char *sq[] = { "INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY", "INTEGER", "REAL" };
    const char *pg[] = { "BIGINT GENERATED BY DEFAULT AS IDENTITY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                         "BIGINT", "DOUBLE PRECISION" };
    const char *const *rep = d == DY_DB_PG ? pg : sq;
    dy_buf b;
    dy_buf_init(&b);
    for (const char *p = sql; *p;) {
        int hit = 0;
        for (int k = 0; k < 4 && !hit; k++) {
            size_t n = strlen(tok[k]);
            if (!strncmp(p, tok[k], n)) { dy_buf_puts(&b, rep[k]); p += n; hit = 1; }
        }
        if (!hit) dy_buf_add(&b, p++, 1);
    }
    if (b.oom) { dy_buf_free(&b); return NULL; }
    if (!b.p) { dy_buf_add(&b, "", 0); }
    return b.p;
}

static int exec_dialect(dy_db *db, const char *sql)
{
    char *x = dialect_sql(db->dialect, sql);
    if (!x) { snprintf(db->err, sizeof db->err, "%s: out of memory", db->where); return -1; }
    int rc = db_exec(db, x);
    free(x);
    return rc;
}

static int create_schema(dy_db *db)
{
    char buf[8192];
    /* concurrent workers may meet an empty database: one creates, the others wait and find it */
    if (db->dialect == DY_DB_PG && db_exec(db, "SELECT pg_advisory_xact_lock(1685283140)")) return -1;
    if (exec_dialect(db, DOCS)) return -1;
    const char *tail = db->dialect == DY_DB_PG ? ") PARTITION BY RANGE (day);" : ");";
    snprintf(buf, sizeof buf, "CREATE TABLE IF NOT EXISTS mentions (\n%s%s", MENTION_COLS, tail);
    if (exec_dialect(db, buf)) return -1;
    snprintf(buf, sizeof buf, "CREATE TABLE IF NOT EXISTS events (\n%s%s", EVENT_COLS, tail);
    if (exec_dialect(db, buf)) return -1;
    if (exec_dialect(db, INDEXES)) return -1;
    if (exec_dialect(db, db->dialect == DY_DB_PG ? PG_EXTRA : SQLITE_EXTRA)) return -1;
    snprintf(buf, sizeof buf, "INSERT INTO meta(key, value) VALUES ('schema_version', '%d'), ('merge_match', 'root'), "
             "('merge_window', '1') ON CONFLICT (key) DO NOTHING;", DY_STORE_SCHEMA);
    return db_exec(db, buf);
}

int store_begin(dy_store *s)
{
    return db_exec(s->db, s->db->dialect == DY_DB_PG ? "BEGIN" : "BEGIN IMMEDIATE");
}
int store_commit(dy_store *s)
{
    if (db_exec(s->db, "COMMIT")) { s->nnew = 0; return -1; }
    for (int i = 0; i < s->nnew && s->nparts < 256; i++) s->parts[s->nparts++] = s->newparts[i];
    s->nnew = 0;
    return 0;
}
void store_rollback(dy_store *s)
{
    s->nnew = 0;
    char keep[sizeof s->db->err];
    memcpy(keep, s->db->err, sizeof keep);
    db_exec(s->db, "ROLLBACK");
    memcpy(s->db->err, keep, sizeof keep);
}

int store_ensure_partition(dy_store *s, int day, char *err, size_t errlen)
{
    if (s->db->dialect != DY_DB_PG) return 0;
    char a[11], sql[1024];
    dy_date_from_day(day, a);
    int y = atoi(a), m = atoi(a + 5);
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    char first[32], next[32];
    snprintf(first, sizeof first, "%04d-%02d-01", y, m);
    snprintf(next, sizeof next, "%04d-%02d-01", ny, nm);
    int lo = dy_day_from_date(first), hi = dy_day_from_date(next);
    int ym = y * 100 + m;
    for (int i = 0; i < s->nparts; i++) if (s->parts[i] == ym) return 0;
    for (int i = 0; i < s->nnew; i++) if (s->newparts[i] == ym) return 0;
    if (s->nnew < 256) s->newparts[s->nnew++] = ym;
    static const char *const tables[] = { "events", "mentions" };
    for (int t = 0; t < 2; t++) {
        snprintf(sql, sizeof sql, "SELECT 1 FROM pg_class WHERE relname = '%s_y%04dm%02d'", tables[t], y, m);
        dy_stmt *q = db_prepare(s->db, sql);
        if (!q) { snprintf(err, errlen, "%s", s->db->err); return -1; }
        int have = st_step(q) == 1;
        st_free(q);
        if (have) continue;
        /* in a savepoint: a concurrent worker may create the same partition first */
        snprintf(sql, sizeof sql, "SAVEPOINT part; CREATE TABLE IF NOT EXISTS %s_y%04dm%02d PARTITION OF %s "
                 "FOR VALUES FROM (%d) TO (%d); RELEASE SAVEPOINT part;", tables[t], y, m, tables[t], lo, hi);
        if (db_exec(s->db, sql)) {
            char keep[sizeof s->db->err];
            memcpy(keep, s->db->err, sizeof keep);
            if (db_exec(s->db, "ROLLBACK TO SAVEPOINT part; RELEASE SAVEPOINT part;")) {
                snprintf(err, errlen, "%s", keep);
                return -1;
            }
        }
    }
    return 0;
}

static int get_meta(dy_db *db, const char *key, char *out, size_t cap)
{
    dy_stmt *q = db_prepare(db, "SELECT value FROM meta WHERE key = $1");
    if (!q) return -1;
    b_text(q, 1, key);
    int r = st_step(q);
    if (r == 1) snprintf(out, cap, "%s", c_text(q, 0));
    st_free(q);
    return r < 0 ? -1 : r == 1 ? 1 : 0;
}

int store_save_rule(dy_store *s, const dy_merge_rule *r)
{
    static const char *const names[] = { "root", "base", "code" };
    dy_stmt *q = db_prepare(s->db, "UPDATE meta SET value = $1 WHERE key = $2");
    if (!q) return -1;
    char w[16];
    snprintf(w, sizeof w, "%d", r->window);
    b_text(q, 1, names[r->match]); b_text(q, 2, "merge_match");
    int rc = st_step(q);
    st_reset(q);
    b_text(q, 1, w); b_text(q, 2, "merge_window");
    if (rc >= 0) rc = st_step(q);
    st_free(q);
    if (rc < 0) return -1;
    s->rule = *r;
    return 0;
}

int dy_store_rule(dy_store *s, dy_merge_rule *r, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    *r = s->rule;
    return 0;
}

static int is_url(const char *t)
{
    return !strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11);
}

dy_store *dy_store_open(const char *target, int flags, int *status, char *err, size_t errlen)
{
    int dummy;
    if (!status) status = &dummy;
    *status = DY_STORE_EOPEN;
    if (!target || !*target) { snprintf(err, errlen, "no store given (--db FILE or --db postgresql://...)"); *status = DY_STORE_EUSAGE; return NULL; }
    dy_db *db;
    if (is_url(target)) db = dy_db_open_pg(target, err, errlen);
    else {
        int corrupt = 0;
        db = dy_db_open_sqlite(target, flags & DY_STORE_CREATE, flags & DY_STORE_READONLY, &corrupt, err, errlen);
        if (!db && !corrupt) *status = DY_STORE_EIO;
    }
    if (!db) return NULL;
    dy_store *s = calloc(1, sizeof *s);
    if (!s) { db->ops->close(db); snprintf(err, errlen, "out of memory"); *status = DY_STORE_EIO; return NULL; }
    s->db = db;
    s->readonly = (flags & DY_STORE_READONLY) != 0;
    s->rule = (dy_merge_rule)DY_MERGE_DEFAULT;
    char v[64];
    /* Concurrent workers may open one empty PostgreSQL database at once: the
     * probe, the creation and any migration run under one session lock, so a
     * worker never sees another's half-made schema between two probes (the
     * lock goes with the connection on every failure path). */
    if (db->dialect == DY_DB_PG && db_exec(db, "SELECT pg_advisory_lock(1685283140)")) {
        snprintf(err, errlen, "%s", db->err);
        goto fail;
    }
    /* a store we did not write: an SQLite file or database with tables but no meta */
    int has_meta;
    {
        const char *probe = db->dialect == DY_DB_PG
            ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        dy_stmt *q = db_prepare(db, probe);
        if (!q || st_step(q) != 1) { snprintf(err, errlen, "%s", db->err); st_free(q); goto fail; }
        has_meta = c_int(q, 0) > 0;
        st_free(q);
    }
    if (!has_meta) {
        const char *anyt = db->dialect == DY_DB_PG
            ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        dy_stmt *q = db_prepare(db, anyt);
        if (!q || st_step(q) != 1) { snprintf(err, errlen, "%s", db->err); st_free(q); goto fail; }
        long long n = c_int(q, 0);
        st_free(q);
        if (n > 0) {
            snprintf(err, errlen, "%s: holds %lld tables but is not a dyad store (no meta table); nothing was written to it", db->where, n);
            goto fail;
        }
        if (s->readonly || !(flags & DY_STORE_CREATE)) {
            snprintf(err, errlen, "%s: empty, not a dyad store (create it with dyad ingest or dyad import-gdelt)", db->where);
            goto fail;
        }
        if (store_begin(s) || create_schema(db) || store_commit(s)) {
            snprintf(err, errlen, "%s: cannot create the schema: %s", db->where, db->err);
            store_rollback(s);
            goto fail;
        }
    }
    if (get_meta(db, "schema_version", v, sizeof v) != 1) {
        snprintf(err, errlen, "%s: not a dyad store (no schema version)%s%s", db->where, db->err[0] ? ": " : "", db->err);
        goto fail;
    }
    int ver = atoi(v);
    if (ver > DY_STORE_SCHEMA) {
        snprintf(err, errlen, "%s: schema version %d is newer than this dyad's (%d); use a newer dyad (nothing was written)",
                 db->where, ver, DY_STORE_SCHEMA);
        goto fail;
    }
    if (ver < 1) { snprintf(err, errlen, "%s: bad schema version \"%s\"", db->where, v); goto fail; }
    if (ver < DY_STORE_SCHEMA) {
        if (s->readonly) { snprintf(err, errlen, "%s: schema version %d needs a migration (open it writable once)", db->where, ver); goto fail; }
        if (store_begin(s)) { snprintf(err, errlen, "%s", db->err); goto fail; }
        for (int k = ver; k < DY_STORE_SCHEMA; k++)
            if (MIGRATIONS[k - 1] && exec_dialect(db, MIGRATIONS[k - 1])) {
                snprintf(err, errlen, "%s: migration to version %d failed: %s", db->where, k + 1, db->err);
                store_rollback(s);
                goto fail;
            }
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE meta SET value = '%d' WHERE key = 'schema_version'", DY_STORE_SCHEMA);
        if (db_exec(db, sql) || store_commit(s)) { snprintf(err, errlen, "%s", db->err); store_rollback(s); goto fail; }
    }
    if (get_meta(db, "merge_match", v, sizeof v) == 1)
        s->rule.match = !strcmp(v, "code") ? DY_MATCH_CODE : !strcmp(v, "base") ? DY_MATCH_BASE : DY_MATCH_ROOT;
    if (get_meta(db, "merge_window", v, sizeof v) == 1) s->rule.window = atoi(v);
    if (db->dialect == DY_DB_PG && db_exec(db, "SELECT pg_advisory_unlock(1685283140)")) {
        snprintf(err, errlen, "%s", db->err);
        goto fail;
    }
    *status = DY_STORE_OK;
    return s;
fail:
    db->ops->close(db);
    free(s);
    return NULL;
}

void dy_store_close(dy_store *s)
{
    if (!s) return;
    s->db->ops->close(s->db);
    free(s);
}

const char *dy_store_where(const dy_store *s) { return s->db->where; }
int dy_store_is_pg(const dy_store *s) { return s->db->dialect == DY_DB_PG; }

int dy_store_counts_get(dy_store *s, dy_store_counts *c, char *err, size_t errlen)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM documents", "SELECT count(*) FROM sentences", "SELECT count(*) FROM mentions",
        "SELECT count(*) FROM events", "SELECT count(*) FROM mentions WHERE event IS NULL AND day IS NOT NULL" };
    long long *dst[] = { &c->documents, &c->sentences, &c->mentions, &c->events, &c->unmerged };
    for (int i = 0; i < 5; i++) {
        dy_stmt *q = db_prepare(s->db, sql[i]);
        if (!q || st_step(q) != 1) { st_free(q); return store_fail(s, err, errlen, -1); }
        *dst[i] = c_int(q, 0);
        st_free(q);
    }
    return 0;
}
