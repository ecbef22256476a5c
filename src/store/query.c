/* query.c: filters -> parameterised SQL; events, mentions, series, top lists, full-text search.
 *
 * A dy_filter becomes one WHERE clause over events e with $n parameters
 * (never text pasted into SQL), shared by every reader here and by export.c.
 * Series bucket by integer arithmetic on e.day (weeks start on Monday:
 * 1970-01-01 was a Thursday) or by e.month, the same SQL on both engines;
 * periods without events are filled in here so a chart's x axis is even. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "store/impl.h"
#include "store/query.h"

static void add_param(qbuild *qb, const char *s, long long v, int is_int)
{
    if (qb->np >= QB_MAXP) { qb->bad = 1; return; }
    qparam *p = &qb->p[qb->np++];
    p->is_int = is_int;
    p->v = v;
    snprintf(p->s, sizeof p->s, "%s", s ? s : "");
}

/* "AND (<fmt with $n for the new parameter>)" */
static void cond(qbuild *qb, const char *fmt, const char *s, long long v, int is_int)
{
    add_param(qb, s, v, is_int);
    char c[1024];
    int n = qb->np;
    /* the fmt has up to three %d, all for this parameter */
    snprintf(c, sizeof c, fmt, n, n, n);
    dy_buf_puts(&qb->where, " AND (");
    dy_buf_puts(&qb->where, c);
    dy_buf_puts(&qb->where, ")");
}

static void upcase(char *d, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) d[i] = (char)toupper((unsigned char)s[i]);
    d[i] = 0;
}

static void prefix(qbuild *qb, const char *col, const char *code)
{
    char up[64], fmt[256];
    upcase(up, sizeof up, code);
    if (!*up || !strcmp(up, "*")) return;
    snprintf(fmt, sizeof fmt, "substr(%s, 1, %zu) = $%%d", col, strlen(up));
    cond(qb, fmt, up, 0, 0);
}

int qb_filter(dy_store *s, qbuild *qb, const dy_filter *f, char *err, size_t errlen)
{
    memset(qb, 0, sizeof *qb);
    dy_buf_init(&qb->where);
    dy_buf_puts(&qb->where, "1 = 1");
    if (!f) return 0;
    if (f->from) {
        int d = dy_day_from_date(f->from);
        if (d < 0 && strlen(f->from) == 7) { char b[11]; snprintf(b, sizeof b, "%s-01", f->from); d = dy_day_from_date(b); }
        if (d < 0) { snprintf(err, errlen, "--from \"%s\" is not a YYYY-MM-DD date", f->from); return -1; }
        cond(qb, "e.day >= $%d", NULL, d, 1);
    }
    if (f->to) {
        int d = dy_day_from_date(f->to);
        if (d < 0) { snprintf(err, errlen, "--to \"%s\" is not a YYYY-MM-DD date", f->to); return -1; }
        cond(qb, "e.day <= $%d", NULL, d, 1);
    }
    if (f->actor) {
        char up[64], fmt[256];
        upcase(up, sizeof up, f->actor);
        snprintf(fmt, sizeof fmt, "substr(e.src_code, 1, %zu) = $%%d OR substr(e.tgt_code, 1, %zu) = $%%d", strlen(up), strlen(up));
        cond(qb, fmt, up, 0, 0);
    }
    if (f->country) {
        char up[16];
        upcase(up, sizeof up, f->country);
        cond(qb, "e.src_country = $%d OR e.tgt_country = $%d", up, 0, 0);
    }
    if (f->source) prefix(qb, "e.src_code", f->source);
    if (f->target) prefix(qb, "e.tgt_code", f->target);
    if (f->dyad) {
        const char *dash = strchr(f->dyad, '-');
        if (!dash || dash == f->dyad || !dash[1]) { snprintf(err, errlen, "--dyad \"%s\" must be SOURCE-TARGET (e.g. RUS-CHN; * for any)", f->dyad); return -1; }
        char a[64];
        snprintf(a, sizeof a, "%.*s", (int)(dash - f->dyad), f->dyad);
        prefix(qb, "e.src_code", a);
        prefix(qb, "e.tgt_code", dash + 1);
    }
    if (f->cameo) prefix(qb, "e.cameo", f->cameo);
    if (f->root) cond(qb, "e.root = $%d", f->root, 0, 0);
    if (f->quad) {
        if (f->quad < 1 || f->quad > 4) { snprintf(err, errlen, "--quad must be 1, 2, 3 or 4"); return -1; }
        cond(qb, "e.quad = $%d", NULL, f->quad, 1);
    }
    if (f->plover) { char up[32]; upcase(up, sizeof up, f->plover); cond(qb, "e.plover = $%d", up, 0, 0); }
    if (f->mode) cond(qb, "e.mode = $%d", f->mode, 0, 0);
    if (f->place) cond(qb, "e.place_iso3 = $%d OR e.ga_country = $%d OR e.ga_name = $%d", f->place, 0, 0);
    if (f->outlet) cond(qb, "EXISTS (SELECT 1 FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.outlet = $%d)", f->outlet, 0, 0);
    if (f->origin) {
        if (strcmp(f->origin, "dyad") && strcmp(f->origin, "gdelt")) { snprintf(err, errlen, "--origin must be dyad or gdelt"); return -1; }
        cond(qb, "e.origin = $%d", f->origin, 0, 0);
    }
    if (f->text) {
        if (s->db->dialect == DY_DB_PG)
            cond(qb, "e.id IN (SELECT m.event FROM mentions m JOIN sentences s ON s.doc = m.doc AND s.idx = m.sent "
                     "WHERE s.tsv @@ websearch_to_tsquery('english', $%d))", f->text, 0, 0);
        else
            cond(qb, "e.id IN (SELECT m.event FROM mentions m JOIN sentences s ON s.doc = m.doc AND s.idx = m.sent "
                     "WHERE s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH $%d))", f->text, 0, 0);
    }
    if (f->id) cond(qb, "e.id = $%d", NULL, f->id, 1);
    if (f->doc) cond(qb, "e.id IN (SELECT m.event FROM mentions m JOIN documents d ON d.id = m.doc WHERE d.ext_id = $%d)", f->doc, 0, 0);
    if (f->sort < 0 || f->sort >= DY_SORT_N) { snprintf(err, errlen, "unknown sort order %d", f->sort); return -1; }
    if (qb->bad || qb->where.oom) { snprintf(err, errlen, "too many filters"); return -1; }
    return 0;
}

void qb_bind(qbuild *qb, dy_stmt *st)
{
    for (int i = 0; i < qb->np; i++) {
        if (qb->p[i].is_int) b_int(st, i + 1, qb->p[i].v);
        else b_text(st, i + 1, qb->p[i].s);
    }
}

void qb_free(qbuild *qb) { dy_buf_free(&qb->where); }

const char EVENT_SELECT[] =
    "e.id, e.gdelt_id, e.origin, e.day, e.src_code, e.tgt_code, e.src_name, e.tgt_name, "
    "e.src_country, e.src_group, e.src_ethnic, e.src_rel1, e.src_rel2, e.src_type1, e.src_type2, e.src_type3, "
    "e.tgt_country, e.tgt_group, e.tgt_ethnic, e.tgt_rel1, e.tgt_rel2, e.tgt_type1, e.tgt_type2, e.tgt_type3, "
    "e.is_root, e.cameo, e.base, e.root, e.quad, e.goldstein, e.num_mentions, e.num_sources, e.num_articles, e.avg_tone, "
    "e.g1_type, e.g1_name, e.g1_country, e.g1_adm1, e.g1_adm2, e.g1_lat, e.g1_lon, e.g1_feature, "
    "e.g2_type, e.g2_name, e.g2_country, e.g2_adm1, e.g2_adm2, e.g2_lat, e.g2_lon, e.g2_feature, "
    "e.ga_type, e.ga_name, e.ga_country, e.ga_adm1, e.ga_adm2, e.ga_lat, e.ga_lon, e.ga_feature, "
    "e.place_iso3, e.date_added, e.source_url, e.plover, e.mode, e.confidence";

void event_row_read(dy_stmt *q, dy_event_row *r)
{
    memset(r, 0, sizeof *r);
    int i = 0;
    r->id = c_int(q, i++);
    r->gdelt_id = c_null(q, i) ? 0 : c_int(q, i); i++;
    r->origin = c_text(q, i++);
    r->day = (int)c_int(q, i);
    if (c_null(q, i)) r->date[0] = 0; else dy_date_from_day(r->day, r->date);
    i++;
    r->src_code = c_text(q, i++); r->tgt_code = c_text(q, i++);
    r->src_name = c_text(q, i++); r->tgt_name = c_text(q, i++);
    const char **sf[] = { &r->src_country, &r->src_group, &r->src_ethnic, &r->src_rel1, &r->src_rel2, &r->src_type1, &r->src_type2, &r->src_type3,
                          &r->tgt_country, &r->tgt_group, &r->tgt_ethnic, &r->tgt_rel1, &r->tgt_rel2, &r->tgt_type1, &r->tgt_type2, &r->tgt_type3 };
    for (int k = 0; k < 16; k++) *sf[k] = c_text(q, i++);
    r->is_root = (int)c_int(q, i++);
    r->cameo = c_text(q, i++); r->base = c_text(q, i++); r->root = c_text(q, i++);
    r->quad = (int)c_int(q, i++);
    r->goldstein = c_dbl(q, i++);
    r->num_mentions = (long)c_int(q, i++); r->num_sources = (long)c_int(q, i++); r->num_articles = (long)c_int(q, i++);
    r->has_tone = !c_null(q, i); r->avg_tone = c_dbl(q, i); i++;
    for (int g = 0; g < 3; g++) {
        r->geo[g].type = (int)c_int(q, i++);
        r->geo[g].fullname = c_text(q, i++); r->geo[g].country = c_text(q, i++);
        r->geo[g].adm1 = c_text(q, i++); r->geo[g].adm2 = c_text(q, i++);
        r->geo[g].has_ll = !c_null(q, i);
        r->geo[g].lat = c_dbl(q, i++); r->geo[g].lon = c_dbl(q, i++);
        r->geo[g].featureid = c_text(q, i++);
    }
    r->place_iso3 = c_text(q, i++);
    r->place_name = r->geo[2].fullname;
    r->date_added = c_int(q, i++);
    r->source_url = c_text(q, i++);
    r->plover = c_text(q, i++); r->mode = c_text(q, i++);
    r->confidence = c_dbl(q, i++);
}

static void limit_clause(dy_buf *b, const dy_filter *f)
{
    if (f && f->limit > 0) dy_buf_printf(b, " LIMIT %ld", f->limit);
    else if (f && f->offset > 0) dy_buf_puts(b, " LIMIT -1");
    if (f && f->offset > 0) dy_buf_printf(b, " OFFSET %ld", f->offset);
}

/* One filtered query over events, the same frame for every reader below:
 *
 *   fquery fq;
 *   int rc = fq_begin(s, &fq, f, err, errlen);     the filter (qb_filter)
 *   if (rc) return rc;
 *   dy_buf_printf(&fq.sql, "... WHERE %s ...", fq.qb.where.p);
 *   dy_stmt *q = fq_prepare(s, &fq, err, errlen);  prepared, parameters bound
 *   if (!q) return DY_STORE_EIO;
 *   while ((r = st_step(q)) == 1) { a row }
 *   return fq_end(s, q, r, err, errlen);
 */
typedef struct fquery { qbuild qb; dy_buf sql; } fquery;

/* 0, or DY_STORE_EUSAGE with the filter's message in err (nothing to free then). */
static int fq_begin(dy_store *s, fquery *fq, const dy_filter *f, char *err, size_t errlen)
{
    dy_buf_init(&fq->sql);
    if (qb_filter(s, &fq->qb, f, err, errlen)) { qb_free(&fq->qb); return DY_STORE_EUSAGE; }
    return 0;
}

/* fq.sql prepared with the filter's parameters bound, or NULL with the
 * database's message in err; fq is freed either way. */
static dy_stmt *fq_prepare(dy_store *s, fquery *fq, char *err, size_t errlen)
{
    dy_stmt *q = db_prepare(s->db, fq->sql.p);
    if (q) qb_bind(&fq->qb, q);
    else store_fail(s, err, errlen, DY_STORE_EIO);
    dy_buf_free(&fq->sql);
    qb_free(&fq->qb);
    return q;
}

/* After the rows (r: the last st_step): q finalized; DY_STORE_OK, or
 * DY_STORE_EIO with the database's message when the step failed. */
static int fq_end(dy_store *s, dy_stmt *q, int r, char *err, size_t errlen)
{
    st_free(q);
    return r < 0 ? store_fail(s, err, errlen, DY_STORE_EIO) : DY_STORE_OK;
}

/* ORDER BY of dy_store_query, by enum dy_sort (ties: by id, so pages are stable). */
static const char *const SORT_SQL[DY_SORT_N] = {
    "e.day, e.id", "e.day DESC, e.id DESC", "e.goldstein, e.id", "e.goldstein DESC, e.id",
    "e.num_mentions, e.id", "e.num_mentions DESC, e.id", "e.id", "e.id DESC",
};

int dy_store_query(dy_store *s, const dy_filter *f, dy_event_cb cb, void *ctx, char *err, size_t errlen)
{
    fquery fq;
    int rc = fq_begin(s, &fq, f, err, errlen);
    if (rc) return rc;
    dy_buf_printf(&fq.sql, "SELECT %s FROM events e WHERE %s ORDER BY %s", EVENT_SELECT, fq.qb.where.p, SORT_SQL[f ? f->sort : 0]);
    if (s->db->dialect == DY_DB_PG && f && f->offset > 0 && f->limit <= 0) { /* PostgreSQL has no LIMIT -1 */
        dy_buf_printf(&fq.sql, " OFFSET %ld", f->offset);
    } else limit_clause(&fq.sql, f);
    dy_stmt *q = fq_prepare(s, &fq, err, errlen);
    if (!q) return DY_STORE_EIO;
    int r;
    dy_event_row row;
    while ((r = st_step(q)) == 1) {
        event_row_read(q, &row);
        if (cb(ctx, &row)) break;
    }
    return fq_end(s, q, r, err, errlen);
}

int dy_store_mentions(dy_store *s, const dy_filter *f, dy_mention_cb cb, void *ctx, char *err, size_t errlen)
{
    fquery fq;
    int rc = fq_begin(s, &fq, f, err, errlen);
    if (rc) return rc;
    dy_buf_printf(&fq.sql,
        "SELECT m.id, m.event, d.ext_id, d.url, d.outlet, d.title, d.date, d.added, d.len, m.sent, s.text, s.start_off, "
        "m.src_code, m.tgt_code, m.cameo, m.mode, m.rule, m.src_start, m.src_end, m.tgt_start, m.tgt_end, m.verb_start, m.verb_end, "
        "(SELECT x.date_added FROM events x WHERE x.id = m.event), (SELECT x.confidence FROM events x WHERE x.id = m.event) "
        "FROM mentions m JOIN documents d ON d.id = m.doc LEFT JOIN sentences s ON s.doc = m.doc AND s.idx = m.sent "
        "WHERE m.event IN (SELECT e.id FROM events e WHERE %s ORDER BY e.day, e.id", fq.qb.where.p);
    if (s->db->dialect == DY_DB_PG && f && f->offset > 0 && f->limit <= 0) dy_buf_printf(&fq.sql, " OFFSET %ld", f->offset);
    else limit_clause(&fq.sql, f);
    dy_buf_puts(&fq.sql, ")");
    if (f && f->doc) {
        /* only the document's own mentions: its parameter is the last one of the filter */
        dy_buf_printf(&fq.sql, " AND d.ext_id = $%d", fq.qb.np);
    }
    dy_buf_puts(&fq.sql, f && f->doc ? " ORDER BY m.sent, m.id" : " ORDER BY m.event, m.doc, m.sent, m.id");
    dy_stmt *q = fq_prepare(s, &fq, err, errlen);
    if (!q) return DY_STORE_EIO;
    int r;
    while ((r = st_step(q)) == 1) {
        dy_mention_row m;
        memset(&m, 0, sizeof m);
        m.id = c_int(q, 0); m.event = c_int(q, 1);
        m.doc_id = c_text(q, 2); m.url = c_text(q, 3); m.outlet = c_text(q, 4); m.title = c_text(q, 5);
        snprintf(m.date, sizeof m.date, "%s", c_text(q, 6));
        m.doc_added = c_int(q, 7); m.doc_len = (long)c_int(q, 8);
        m.sent = (int)c_int(q, 9); m.sentence = c_text(q, 10); m.sent_start = (long)c_int(q, 11);
        m.src_code = c_text(q, 12); m.tgt_code = c_text(q, 13); m.cameo = c_text(q, 14); m.mode = c_text(q, 15); m.rule = c_text(q, 16);
        long *sp[] = { &m.src_start, &m.src_end, &m.tgt_start, &m.tgt_end, &m.verb_start, &m.verb_end };
        for (int k = 0; k < 6; k++) *sp[k] = c_null(q, 17 + k) ? -1 : (long)c_int(q, 17 + k);
        m.event_added = c_int(q, 23);
        m.event_confidence = c_dbl(q, 24);
        if (cb(ctx, &m)) break;
    }
    return fq_end(s, q, r, err, errlen);
}

int dy_store_search(dy_store *s, const char *text, long limit, dy_hit_cb cb, void *ctx, char *err, size_t errlen)
{
    const char *sql = s->db->dialect == DY_DB_PG
        ? "SELECT d.ext_id, s.idx, s.text, (SELECT count(DISTINCT m.event) FROM mentions m WHERE m.doc = s.doc AND m.sent = s.idx) "
          "FROM sentences s JOIN documents d ON d.id = s.doc WHERE s.tsv @@ websearch_to_tsquery('english', $1) "
          "ORDER BY ts_rank(s.tsv, websearch_to_tsquery('english', $1)) DESC, s.id LIMIT $2"
        : "SELECT d.ext_id, s.idx, s.text, (SELECT count(DISTINCT m.event) FROM mentions m WHERE m.doc = s.doc AND m.sent = s.idx) "
          "FROM sentences_fts f JOIN sentences s ON s.id = f.rowid JOIN documents d ON d.id = s.doc "
          "WHERE sentences_fts MATCH $1 ORDER BY f.rank, s.id LIMIT $2";
    dy_stmt *q = db_prepare(s->db, sql);
    if (!q) return store_fail(s, err, errlen, DY_STORE_EIO);
    b_text(q, 1, text);
    b_int(q, 2, limit > 0 ? limit : 100);
    int r;
    while ((r = st_step(q)) == 1) {
        dy_hit h = { c_text(q, 0), (int)c_int(q, 1), c_text(q, 2), c_int(q, 3) };
        if (cb(ctx, &h)) break;
    }
    st_free(q);
    if (r < 0) {
        snprintf(err, errlen, "search \"%s\": %s", text, s->db->err);
        return DY_STORE_EUSAGE;
    }
    return DY_STORE_OK;
}

static int bucket_day(enum dy_by by, long long b)
{
    if (by == DY_BY_DAY) return (int)b;
    if (by == DY_BY_WEEK) return (int)(7 * b - 3);
    char d[32];
    snprintf(d, sizeof d, "%04d-%02d-01", (int)(b / 100 % 10000), (int)(b % 100));
    return dy_day_from_date(d);
}
static long long next_bucket(enum dy_by by, long long b)
{
    if (by != DY_BY_MONTH) return b + 1;
    return b % 100 == 12 ? (b / 100 + 1) * 100 + 1 : b + 1;
}

int dy_store_series(dy_store *s, const dy_filter *f, enum dy_by by, dy_point **pts, int *npts, char *err, size_t errlen)
{
    *pts = NULL; *npts = 0;
    fquery fq;
    int rc = fq_begin(s, &fq, f, err, errlen);
    if (rc) return rc;
    /* "+e.day": SQLite would otherwise walk the day index to group by day and read the
     * table in index order, ten times slower than scanning and sorting (PostgreSQL: the same value) */
    const char *bk = by == DY_BY_DAY ? "+e.day" : by == DY_BY_WEEK ? "(e.day + 3) / 7" : "e.month";
    dy_buf_printf(&fq.sql, "SELECT %s AS b, count(*), sum(e.goldstein), sum(CASE WHEN e.quad = 1 THEN 1 ELSE 0 END), "
                  "sum(CASE WHEN e.quad = 2 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad = 3 THEN 1 ELSE 0 END), "
                  "sum(CASE WHEN e.quad = 4 THEN 1 ELSE 0 END) FROM events e WHERE e.day IS NOT NULL AND %s GROUP BY 1 ORDER BY 1",
                  bk, fq.qb.where.p);
    dy_stmt *q = fq_prepare(s, &fq, err, errlen);
    if (!q) return DY_STORE_EIO;
    dy_point *p = NULL;
    int n = 0, cap = 0, r;
    long long prev = 0;
    while ((r = st_step(q)) == 1) {
        long long b = c_int(q, 0);
        /* the empty periods since the last one */
        while (n > 0 && (prev = next_bucket(by, prev)) < b) {
            if (n == cap) { cap = cap ? 2 * cap : 128; dy_point *np = realloc(p, (size_t)cap * sizeof *np); if (!np) goto oom; p = np; }
            memset(&p[n], 0, sizeof p[n]);
            dy_date_from_day(bucket_day(by, prev), p[n].period);
            n++;
            if (n > 2000000) goto oom;
        }
        if (n == cap) { cap = cap ? 2 * cap : 128; dy_point *np = realloc(p, (size_t)cap * sizeof *np); if (!np) goto oom; p = np; }
        dy_point *x = &p[n++];
        memset(x, 0, sizeof *x);
        dy_date_from_day(bucket_day(by, b), x->period);
        x->count = (long)c_int(q, 1);
        x->gold_sum = c_dbl(q, 2);
        x->gold_mean = x->count ? x->gold_sum / (double)x->count : 0;
        for (int k = 1; k <= 4; k++) x->quad[k] = (long)c_int(q, 2 + k);
        prev = b;
    }
    rc = fq_end(s, q, r, err, errlen);
    if (rc) { free(p); return rc; }
    *pts = p; *npts = n;
    return DY_STORE_OK;
oom:
    st_free(q);
    free(p);
    snprintf(err, errlen, "out of memory building the series");
    return DY_STORE_EIO;
}

/* Events per QuadClass in a top list's group (the network's edge colours). */
static const char QUADS[] = "sum(CASE WHEN e.quad = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad = 2 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad = 4 THEN 1 ELSE 0 END)";
static const char QUADS_X[] = "sum(CASE WHEN q = 1 THEN 1 ELSE 0 END), sum(CASE WHEN q = 2 THEN 1 ELSE 0 END), sum(CASE WHEN q = 3 THEN 1 ELSE 0 END), sum(CASE WHEN q = 4 THEN 1 ELSE 0 END)";

int dy_store_top(dy_store *s, const dy_filter *f, enum dy_top what, int n, dy_top_cb cb, void *ctx, char *err, size_t errlen)
{
    fquery fq;
    int rc = fq_begin(s, &fq, f, err, errlen);
    if (rc) return rc;
    const char *w = fq.qb.where.p;
    if (what == DY_TOP_DYADS)
        dy_buf_printf(&fq.sql, "SELECT e.src_code, e.tgt_code, count(*), sum(e.num_mentions), avg(e.goldstein), %s FROM events e "
                      "WHERE %s GROUP BY e.src_code, e.tgt_code ORDER BY 3 DESC, 1, 2 LIMIT %d", QUADS, w, n > 0 ? n : 10);
    else if (what == DY_TOP_ACTORS)
        dy_buf_printf(&fq.sql, "SELECT a, '', count(*), sum(nm), avg(g), %s FROM ("
                      "SELECT e.src_code AS a, e.num_mentions AS nm, e.goldstein AS g, e.quad AS q FROM events e WHERE %s UNION ALL "
                      "SELECT e.tgt_code AS a, e.num_mentions AS nm, e.goldstein AS g, e.quad AS q FROM events e WHERE %s) x "
                      "WHERE a <> '' GROUP BY a ORDER BY 3 DESC, 1 LIMIT %d", QUADS_X, w, w, n > 0 ? n : 10);
    else
        dy_buf_printf(&fq.sql, "SELECT e.%s, '', count(*), sum(e.num_mentions), avg(e.goldstein), %s FROM events e WHERE %s AND e.%s <> '' "
                      "GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT %d", what == DY_TOP_SOURCES ? "src_code" : "tgt_code", QUADS, w,
                      what == DY_TOP_SOURCES ? "src_code" : "tgt_code", n > 0 ? n : 10);
    dy_stmt *q = fq_prepare(s, &fq, err, errlen);
    if (!q) return DY_STORE_EIO;
    int r;
    while ((r = st_step(q)) == 1) {
        dy_top_row t = { c_text(q, 0), c_text(q, 1), (long)c_int(q, 2), (long)c_int(q, 3), c_dbl(q, 4), { 0, 0, 0, 0, 0 } };
        for (int k = 1; k <= 4; k++) t.quad[k] = (long)c_int(q, 4 + k);
        if (cb(ctx, &t)) break;
    }
    return fq_end(s, q, r, err, errlen);
}

int dy_store_places(dy_store *s, const dy_filter *f, dy_place_cb cb, void *ctx, char *err, size_t errlen)
{
    fquery fq;
    int rc = fq_begin(s, &fq, f, err, errlen);
    if (rc) return rc;
    dy_buf_printf(&fq.sql, "SELECT e.place_iso3, e.ga_name, e.ga_lat, e.ga_lon, count(*) FROM events e WHERE %s "
                  "AND (e.place_iso3 IS NOT NULL OR e.ga_name IS NOT NULL) GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2", fq.qb.where.p);
    dy_stmt *q = fq_prepare(s, &fq, err, errlen);
    if (!q) return DY_STORE_EIO;
    int r;
    while ((r = st_step(q)) == 1) {
        dy_place_row p = { c_text(q, 0), c_text(q, 1), !c_null(q, 2) && !c_null(q, 3), c_dbl(q, 2), c_dbl(q, 3), (long)c_int(q, 4) };
        if (cb(ctx, &p)) break;
    }
    return fq_end(s, q, r, err, errlen);
}

void dy_store_deadline(dy_store *s, double at)
{
    s->db->ops->deadline(s->db, at);
}
