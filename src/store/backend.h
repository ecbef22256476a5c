/* backend.h: the one seam between the store and its database engines.
 *
 * Why a tiny interface of our own: every layer above (schema, ingest, dedup,
 * queries, export, import) is written once, in SQL that SQLite and
 * PostgreSQL both accept ($1, $2 ... placeholders, INSERT ... RETURNING,
 * ON CONFLICT upserts), and talks to the engine only through these calls.
 * What differs between the two dialects (column types, full-text search,
 * partitions, bulk load) lives in schema.c and in the two backend files;
 * nothing else tests which engine it runs on except where a comment says why.
 *
 * Placeholders must first appear in increasing order ($1 before $2), which
 * makes SQLite number them the way PostgreSQL does. */
#ifndef DY_STORE_BACKEND_H
#define DY_STORE_BACKEND_H
#include <stddef.h>

enum dy_dialect { DY_DB_SQLITE, DY_DB_PG };

typedef struct dy_db dy_db;
typedef struct dy_stmt dy_stmt;
typedef struct dy_bulk dy_bulk;

typedef struct dy_db_ops {
    /* one or more statements, no results; 0 or -1 (db->err) */
    int (*exec)(dy_db *db, const char *sql);
    dy_stmt *(*prepare)(dy_db *db, const char *sql);
    void (*close)(dy_db *db);
    /* parameters are 1-based; s == NULL binds NULL; n == (size_t)-1: strlen */
    void (*bind_text)(dy_stmt *st, int i, const char *s, size_t n);
    void (*bind_int)(dy_stmt *st, int i, long long v);
    void (*bind_double)(dy_stmt *st, int i, double v);
    void (*bind_null)(dy_stmt *st, int i);
    /* 1 a row, 0 done, -1 error (db->err) */
    int (*step)(dy_stmt *st);
    int (*col_null)(dy_stmt *st, int i);
    long long (*col_int)(dy_stmt *st, int i);
    double (*col_double)(dy_stmt *st, int i);
    const char *(*col_text)(dy_stmt *st, int i);   /* "" for NULL */
    int (*ncols)(dy_stmt *st);
    void (*reset)(dy_stmt *st);
    void (*finalize)(dy_stmt *st);
    /* bulk load of many rows into one table (PostgreSQL: COPY; SQLite: a
     * prepared INSERT); values as text, NULL = SQL NULL */
    dy_bulk *(*bulk_begin)(dy_db *db, const char *table, const char *const *cols, int ncols);
    int (*bulk_row)(dy_bulk *b, const char *const *vals);
    int (*bulk_end)(dy_bulk *b, int ok);
    /* abort any statement still running after CLOCK_MONOTONIC second at (0: never); its step fails */
    void (*deadline)(dy_db *db, double at);
} dy_db_ops;

struct dy_db {
    enum dy_dialect dialect;
    const dy_db_ops *ops;
    char where[512];        /* file name, or the URL without its password */
    char err[1024];         /* the last error, with where */
    int transient;          /* the last error may succeed on retry (serialization failure, lost connection) */
};

/* Each backend's statement and bulk objects start with these. */
struct dy_stmt { dy_db *db; };
struct dy_bulk { dy_db *db; };

/* Open; NULL + message (naming where) in err.  *corrupt set when the file
 * exists but is not an SQLite database. */
dy_db *dy_db_open_sqlite(const char *path, int create, int readonly, int *corrupt, char *err, size_t errlen);
dy_db *dy_db_open_pg(const char *url, char *err, size_t errlen);
/* url with any password replaced by "***", into out. */
void dy_db_redact_url(const char *url, char *out, size_t cap);

/* Conveniences over the ops. */
static inline int db_exec(dy_db *db, const char *sql) { return db->ops->exec(db, sql); }
static inline dy_stmt *db_prepare(dy_db *db, const char *sql) { return db->ops->prepare(db, sql); }
static inline void b_text(dy_stmt *s, int i, const char *v) { s->db->ops->bind_text(s, i, v, (size_t)-1); }
static inline void b_textn(dy_stmt *s, int i, const char *v, size_t n) { s->db->ops->bind_text(s, i, v, n); }
static inline void b_int(dy_stmt *s, int i, long long v) { s->db->ops->bind_int(s, i, v); }
static inline void b_dbl(dy_stmt *s, int i, double v) { s->db->ops->bind_double(s, i, v); }
static inline void b_null(dy_stmt *s, int i) { s->db->ops->bind_null(s, i); }
static inline int st_step(dy_stmt *s) { return s->db->ops->step(s); }
static inline int c_null(dy_stmt *s, int i) { return s->db->ops->col_null(s, i); }
static inline long long c_int(dy_stmt *s, int i) { return s->db->ops->col_int(s, i); }
static inline double c_dbl(dy_stmt *s, int i) { return s->db->ops->col_double(s, i); }
static inline const char *c_text(dy_stmt *s, int i) { return s->db->ops->col_text(s, i); }
static inline void st_reset(dy_stmt *s) { s->db->ops->reset(s); }
static inline void st_free(dy_stmt *s) { if (s) s->db->ops->finalize(s); }
#endif
