/* db_pg.c: the PostgreSQL backend of the store (libpq), for shared and larger stores.
 *
 * Statements are prepared once per connection (PQprepare) and run with text
 * parameters; results come back as text and are converted on access.  Bulk
 * loads go through COPY ... FROM STDIN (text format), the fast path
 * PostgreSQL offers for many rows.  Error messages name the server by its URL
 * with the password removed.  A serialization failure, a deadlock or a lost
 * connection marks the error transient so a caller may retry the transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include "store/backend.h"

#define MAXP 64

typedef struct pdb { dy_db base; PGconn *c; int nstmt; } pdb;
typedef struct pstmt {
    dy_stmt base;
    char name[24];
    char *val[MAXP];
    int isnull[MAXP];
    int np;                 /* highest parameter bound */
    PGresult *r;
    int row, nrows, done;
} pstmt;
typedef struct pbulk { dy_bulk base; int n; char *line; size_t cap; } pbulk;

static void seterr_res(dy_db *db, const char *what, PGresult *r)
{
    pdb *d = (pdb *)db;
    const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(d->c);
    if (!m || !*m) m = PQerrorMessage(d->c);
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
    snprintf(db->err, sizeof db->err, "%s: %s: %.*s", db->where, what, (int)n, m);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    db->transient = PQstatus(d->c) != CONNECTION_OK ||
                    (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")));
}

static int p_exec(dy_db *db, const char *sql)
{
    pdb *d = (pdb *)db;
    PGresult *r = PQexec(d->c, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        seterr_res(db, "statement", r);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    return 0;
}

static dy_stmt *p_prepare(dy_db *db, const char *sql)
{
    pdb *d = (pdb *)db;
    pstmt *st = calloc(1, sizeof *st);
    if (!st) { snprintf(db->err, sizeof db->err, "%s: out of memory", db->where); return NULL; }
    st->base.db = db;
    snprintf(st->name, sizeof st->name, "dy%d", ++d->nstmt);
    PGresult *r = PQprepare(d->c, st->name, sql, 0, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        seterr_res(db, "prepare", r);
        PQclear(r);
        free(st);
        return NULL;
    }
    PQclear(r);
    return &st->base;
}

static void p_close(dy_db *db)
{
    pdb *d = (pdb *)db;
    if (d->c) PQfinish(d->c);
    free(d);
}

static void setp(pstmt *x, int i, const char *s, size_t n)
{
    if (i < 1 || i > MAXP) return;
    free(x->val[i - 1]);
    x->val[i - 1] = NULL;
    x->isnull[i - 1] = s == NULL;
    if (s) {
        if (n == (size_t)-1) n = strlen(s);
        x->val[i - 1] = malloc(n + 1);
        if (x->val[i - 1]) {
            /* PostgreSQL text cannot hold NUL bytes: they become spaces */
            for (size_t k = 0; k < n; k++) x->val[i - 1][k] = s[k] ? s[k] : ' ';
            x->val[i - 1][n] = 0;
        }
    }
    if (i > x->np) x->np = i;
}
static void p_bind_text(dy_stmt *st, int i, const char *s, size_t n) { setp((pstmt *)st, i, s, n); }
static void p_bind_int(dy_stmt *st, int i, long long v) { char b[32]; snprintf(b, sizeof b, "%lld", v); setp((pstmt *)st, i, b, (size_t)-1); }
static void p_bind_double(dy_stmt *st, int i, double v) { char b[40]; snprintf(b, sizeof b, "%.17g", v); setp((pstmt *)st, i, b, (size_t)-1); }
static void p_bind_null(dy_stmt *st, int i) { setp((pstmt *)st, i, NULL, 0); }

static int p_step(dy_stmt *st)
{
    pstmt *x = (pstmt *)st;
    pdb *d = (pdb *)st->db;
    if (!x->r && !x->done) {
        const char *vals[MAXP];
        for (int i = 0; i < x->np; i++) vals[i] = x->isnull[i] ? NULL : x->val[i] ? x->val[i] : "";
        x->r = PQexecPrepared(d->c, x->name, x->np, vals, NULL, NULL, 0);
        ExecStatusType s = PQresultStatus(x->r);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
            seterr_res(st->db, "query", x->r);
            PQclear(x->r);
            x->r = NULL;
            return -1;
        }
        x->nrows = PQntuples(x->r);
        x->row = -1;
    }
    if (!x->r) return 0;
    if (x->row + 1 < x->nrows) { x->row++; return 1; }
    x->done = 1;
    return 0;
}
static int p_col_null(dy_stmt *st, int i) { pstmt *x = (pstmt *)st; return !x->r || x->row < 0 || PQgetisnull(x->r, x->row, i); }
static const char *p_col_text(dy_stmt *st, int i)
{
    pstmt *x = (pstmt *)st;
    if (!x->r || x->row < 0 || i >= PQnfields(x->r)) return "";
    return PQgetvalue(x->r, x->row, i);
}
static long long p_col_int(dy_stmt *st, int i) { return strtoll(p_col_text(st, i), NULL, 10); }
static double p_col_double(dy_stmt *st, int i) { return strtod(p_col_text(st, i), NULL); }
static int p_ncols(dy_stmt *st) { pstmt *x = (pstmt *)st; return x->r ? PQnfields(x->r) : 0; }
static void p_reset(dy_stmt *st)
{
    pstmt *x = (pstmt *)st;
    if (x->r) PQclear(x->r);
    x->r = NULL;
    x->done = 0;
    for (int i = 0; i < x->np; i++) { free(x->val[i]); x->val[i] = NULL; x->isnull[i] = 0; }
    x->np = 0;
}
static void p_finalize(dy_stmt *st)
{
    pstmt *x = (pstmt *)st;
    p_reset(st);
    char sql[64];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", x->name);
    if (PQstatus(((pdb *)st->db)->c) == CONNECTION_OK) PQclear(PQexec(((pdb *)st->db)->c, sql));
    free(x);
}

static dy_bulk *p_bulk_begin(dy_db *db, const char *table, const char *const *cols, int ncols)
{
    char sql[2048];
    size_t n = (size_t)snprintf(sql, sizeof sql, "COPY %s(", table);
    for (int i = 0; i < ncols && n < sizeof sql; i++) n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", i ? "," : "", cols[i]);
    if (n < sizeof sql) n += (size_t)snprintf(sql + n, sizeof sql - n, ") FROM STDIN");
    if (n >= sizeof sql) { snprintf(db->err, sizeof db->err, "%s: COPY: too many columns", db->where); return NULL; }
    PGresult *r = PQexec(((pdb *)db)->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) { seterr_res(db, "COPY", r); PQclear(r); return NULL; }
    PQclear(r);
    pbulk *b = calloc(1, sizeof *b);
    if (!b) { snprintf(db->err, sizeof db->err, "%s: out of memory", db->where); return NULL; }
    b->base.db = db;
    b->n = ncols;
    return &b->base;
}

static int grow(pbulk *b, size_t need)
{
    if (need <= b->cap) return 0;
    size_t c = b->cap ? b->cap : 256;
    while (c < need) c *= 2;
    char *p = realloc(b->line, c);
    if (!p) return -1;
    b->line = p; b->cap = c;
    return 0;
}

/* COPY text format: tab between columns, \N for NULL, backslash escapes. */
static int p_bulk_row(dy_bulk *bb, const char *const *vals)
{
    pbulk *b = (pbulk *)bb;
    size_t n = 0;
    for (int i = 0; i < b->n; i++) {
        const char *v = vals[i];
        size_t vl = v ? strlen(v) : 0;
        if (grow(b, n + 2 * vl + 4)) { snprintf(bb->db->err, sizeof bb->db->err, "%s: out of memory", bb->db->where); return -1; }
        if (i) b->line[n++] = '\t';
        if (!v) { b->line[n++] = '\\'; b->line[n++] = 'N'; continue; }
        for (size_t k = 0; k < vl; k++) {
            char c = v[k];
            if (c == '\\') { b->line[n++] = '\\'; b->line[n++] = '\\'; }
            else if (c == '\t') { b->line[n++] = '\\'; b->line[n++] = 't'; }
            else if (c == '\n') { b->line[n++] = '\\'; b->line[n++] = 'n'; }
            else if (c == '\r') { b->line[n++] = '\\'; b->line[n++] = 'r'; }
            else b->line[n++] = c;
        }
    }
    b->line[n++] = '\n';
    if (PQputCopyData(((pdb *)bb->db)->c, b->line, (int)n) != 1) { seterr_res(bb->db, "COPY", NULL); return -1; }
    return 0;
}

static int p_bulk_end(dy_bulk *bb, int ok)
{
    pbulk *b = (pbulk *)bb;
    dy_db *db = bb->db;
    PGconn *c = ((pdb *)db)->c;
    int rc = 0;
    if (PQputCopyEnd(c, ok ? NULL : "aborted") != 1) { seterr_res(db, "COPY", NULL); rc = -1; }
    PGresult *r;
    while ((r = PQgetResult(c)) != NULL) {
        if (ok && PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0) { seterr_res(db, "COPY", r); rc = -1; }
        PQclear(r);
    }
    free(b->line);
    free(b);
    return ok ? rc : -1;
}

/* PostgreSQL cancels a statement past statement_timeout (the time left, set per request). */
static void p_deadline(dy_db *db, double at)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double left = at > 0 ? at - ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9) : 0;
    long ms = at > 0 ? (left > 0.001 ? (long)(left * 1000) : 1) : 0;
    char sql[64];
    snprintf(sql, sizeof sql, "SET statement_timeout = %ld", ms);
    p_exec(db, sql);
}

static const dy_db_ops PG_OPS = {
    p_exec, p_prepare, p_close, p_bind_text, p_bind_int, p_bind_double, p_bind_null, p_step,
    p_col_null, p_col_int, p_col_double, p_col_text, p_ncols, p_reset, p_finalize,
    p_bulk_begin, p_bulk_row, p_bulk_end, p_deadline,
};

void dy_db_redact_url(const char *url, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = url;
    const char *scheme = strstr(url, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
    if (at && slash && slash < at) at = NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    while (*p && n + 4 < cap) {
        if (colon && p == colon + 1) { memcpy(out + n, "***", 3); n += 3; p = at; continue; }
        /* password=... in a query string or a key=value connection string */
        if (!strncmp(p, "password=", 9) && (p == url || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ')) {
            if (n + 13 >= cap) break;
            memcpy(out + n, "password=***", 12); n += 12;
            p += 9;
            while (*p && *p != '&' && *p != ' ') p++;
            continue;
        }
        out[n++] = *p++;
    }
    out[n] = 0;
}

dy_db *dy_db_open_pg(const char *url, char *err, size_t errlen)
{
    pdb *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "out of memory"); return NULL; }
    d->base.dialect = DY_DB_PG;
    d->base.ops = &PG_OPS;
    dy_db_redact_url(url, d->base.where, sizeof d->base.where);
    d->c = PQconnectdb(url);
    if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
        const char *m = d->c ? PQerrorMessage(d->c) : "out of memory";
        size_t n = strlen(m);
        while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
        snprintf(err, errlen, "%s: cannot connect: %.*s", d->base.where, (int)n, m);
        p_close(&d->base);
        return NULL;
    }
    PQclear(PQexec(d->c, "SET client_min_messages = warning"));
    return &d->base;
}
