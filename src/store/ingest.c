/* ingest.c: coded documents -> rows (documents, sentences, mentions), in batched transactions.
 *
 * The worker half (dy_store_code) codes a document with dy_code_events in
 * its thread and serialises what the store keeps; the sink half
 * (dy_ingest_sink, the caller's thread, input order) turns that into rows
 * and buffers a batch of documents.  A batch is written in one transaction:
 * each document is looked up by its id (replaced when already there: its
 * old sentences and mentions go), then sentences and mentions are
 * bulk-loaded (COPY on PostgreSQL), and the mentions the batch added or
 * removed are re-merged into events (merge.c) before COMMIT.  Batches are
 * written by one writer thread while the sink fills the next, so the
 * database work overlaps with coding even at -j 1.  A crash
 * (kill -9) therefore loses at most the batch in flight.  Because the whole
 * batch is in memory, a transaction that fails transiently (PostgreSQL
 * serialization failure, deadlock, dropped connection) is retried from the
 * buffer with a bounded backoff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <pthread.h>
#include "store/impl.h"

int dy_store_code(void *ctx, dy_worker *w, const dy_doc *doc, dy_buf *out, dy_stats *st)
{
    (void)ctx;
    const dy_event_view *ev;
    int n = dy_code_events(w, doc, &ev);
    if (n < 0) return -1;
    st->docs++;
    st->events += n;
    st->bytes += doc->len;
    ser_int(out, n);
    for (int i = 0; i < n; i++) {
        const dy_event_view *v = &ev[i];
        ser_int(out, v->sent);
        ser_int(out, (long long)v->sent_start);
        ser_int(out, (long long)v->sent_end);
        ser_str(out, v->src_code, v->src_code ? strlen(v->src_code) : 0);
        ser_str(out, v->tgt_code, v->tgt_code ? strlen(v->tgt_code) : 0);
        ser_int(out, v->src_code ? (long long)v->src_start : -1);
        ser_int(out, v->src_code ? (long long)v->src_end : -1);
        ser_int(out, v->tgt_code ? (long long)v->tgt_start : -1);
        ser_int(out, v->tgt_code ? (long long)v->tgt_end : -1);
        ser_int(out, (long long)v->verb_start);
        ser_int(out, (long long)v->verb_end);
        ser_str(out, v->cameo, strlen(v->cameo));
        ser_str(out, v->plover, v->plover ? strlen(v->plover) : 0);
        ser_str(out, v->mode, v->mode ? strlen(v->mode) : 0);
        ser_str(out, v->date, v->date ? strlen(v->date) : 0);
        ser_dbl(out, floor(v->goldstein * 10 + 0.5) / 10);   /* the scale has one decimal; the view holds a float */
        ser_int(out, v->quad);
        ser_int(out, v->has_place);
        ser_str(out, v->place_country, v->place_country ? strlen(v->place_country) : 0);
        ser_str(out, v->place_name, v->place_name ? strlen(v->place_name) : 0);
        ser_str(out, v->place_admin1, v->place_admin1 ? strlen(v->place_admin1) : 0);
        ser_dbl(out, v->place_lat);
        ser_dbl(out, v->place_lon);
        ser_int(out, (long long)v->place_start);
        ser_int(out, (long long)v->place_end);
        char rule[512];
        int rn = v->rule_text ? snprintf(rule, sizeof rule, "%s:%u: %s", v->rule_file ? v->rule_file : "?", v->rule_line, v->rule_text) : 0;
        if (rn >= (int)sizeof rule) rn = (int)sizeof rule - 1;
        ser_str(out, v->rule_text ? rule : NULL, rn > 0 ? (size_t)rn : 0);
        /* the record's fields: stable id, canonical names, split actors, place codes */
        char parts[96];
        ser_str(out, v->id, v->id ? strlen(v->id) : 0);
        ser_str(out, v->source.name, v->source.name ? strlen(v->source.name) : 0);
        ser_str(out, v->target.name, v->target.name ? strlen(v->target.name) : 0);
        store_parts_text(&v->source.parts, parts, sizeof parts);
        ser_str(out, parts, strlen(parts));
        store_parts_text(&v->target.parts, parts, sizeof parts);
        ser_str(out, parts, strlen(parts));
        ser_str(out, v->place_feature, v->place_feature ? strlen(v->place_feature) : 0);
        ser_int(out, v->place_geonameid);
        ser_str(out, v->place_adm1, v->place_adm1 ? strlen(v->place_adm1) : 0);
        ser_str(out, v->place_fips, v->place_fips ? strlen(v->place_fips) : 0);
        ser_int(out, v->place_has_point);
    }
    return out->oom ? -1 : n;
}

/* ---- a batch in memory: rows of text values ('V' value NUL, or 'N') ---- */
typedef struct rows { dy_buf b; long n; } rows;
static void row_val(rows *r, const char *s, size_t n)
{
    if (!s) { dy_buf_add(&r->b, "N", 1); return; }
    dy_buf_add(&r->b, "V", 1);
    /* values are C strings in the database: a NUL inside becomes a space */
    size_t st = r->b.len;
    dy_buf_add(&r->b, s, n);
    if (!r->b.oom) for (size_t k = st; k < st + n; k++) if (!r->b.p[k]) r->b.p[k] = ' ';
    dy_buf_add(&r->b, "", 1);   /* the value's NUL */
}
static void row_str(rows *r, const char *s) { row_val(r, s, s ? strlen(s) : 0); }
static void row_int(rows *r, long long v) { char b[32]; int n = snprintf(b, sizeof b, "%lld", v); row_val(r, b, (size_t)n); }
static void row_dbl(rows *r, double v) { char b[40]; int n = snprintf(b, sizeof b, "%.17g", v); row_val(r, b, (size_t)n); }
static void row_span(rows *r, long long v) { if (v < 0) row_val(r, NULL, 0); else row_int(r, v); }

typedef struct bdoc {
    char *ext_id, *url, *outlet, *title, *input;
    char date[11];
    int day;
    long long len;
    int nmentions;
} bdoc;

/* A batch: its documents and their rows (first value of each row: the document's index in docs). */
typedef struct batch {
    bdoc *docs; int ndocs, capdocs;
    rows sents, ments;
} batch;

/* The sink fills one batch while a writer thread writes the previous one, so
 * coding (even -j 1) and the database work overlap; batches are written one
 * at a time, in order. */
struct dy_ingest {
    dy_store *s;
    dy_ingest_opts o;
    batch bufs[2];
    batch *fill;            /* the sink's */
    batch *todo;            /* handed to the writer, NULL when it is idle */
    pthread_t th;
    int have_thread, quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    dy_ingest_result res;   /* the writer's counts (under mu) */
    long long undated;      /* the sink's */
    long long added;        /* stamp of this run */
    char err[1024];         /* the first error (under mu) */
    int failed;             /* under mu */
};

static const char *const SENT_COLS[] = { "doc", "idx", "start_off", "end_off", "text" };
enum { NSENT = 5 };
static const char *const MENT_COLS[] = { "doc", "sent", "day", "month", "mkey", "src_code", "tgt_code", "src_text", "tgt_text",
    "cameo", "base", "root", "quad", "goldstein", "plover", "mode", "src_start", "src_end", "tgt_start", "tgt_end",
    "verb_start", "verb_end", "place_iso3", "place_name", "place_admin1", "place_lat", "place_lon", "place_start",
    "place_end", "rule", "ev_key", "src_name", "tgt_name", "src_parts", "tgt_parts", "place_feature", "place_geonameid",
    "place_adm1", "place_fips" };
enum { NMENT = 39, M_DAY = 2, M_MKEY = 4 };

static void *writer(void *arg);

dy_ingest *dy_ingest_new(dy_store *s, const dy_ingest_opts *o, char *err, size_t errlen)
{
    if (s->readonly) { snprintf(err, errlen, "%s: opened read-only", dy_store_where(s)); return NULL; }
    dy_ingest *g = calloc(1, sizeof *g);
    if (!g) { snprintf(err, errlen, "out of memory"); return NULL; }
    g->s = s;
    if (o) g->o = *o;
    if (g->o.batch_docs <= 0) g->o.batch_docs = 500;
    for (int i = 0; i < 2; i++) { dy_buf_init(&g->bufs[i].sents.b); dy_buf_init(&g->bufs[i].ments.b); }
    g->fill = &g->bufs[0];
    g->added = store_now_stamp();
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    if (pthread_create(&g->th, NULL, writer, g) == 0) g->have_thread = 1;
    return g;
}

const char *dy_ingest_error(const dy_ingest *g) { return g->err; }

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) { memcpy(p, s, n); p[n] = 0; }
    return p;
}
static char *dups(const char *s) { return s ? dupn(s, strlen(s)) : NULL; }

static void clear_batch(batch *g)
{
    for (int i = 0; i < g->ndocs; i++) {
        bdoc *d = &g->docs[i];
        free(d->ext_id); free(d->url); free(d->outlet); free(d->title); free(d->input);
    }
    g->ndocs = 0;
    g->sents.b.len = 0; g->sents.n = 0;
    g->ments.b.len = 0; g->ments.n = 0;
}

/* Parse n values of a row at *p; NULL values become NULL pointers. */
static const char *row_next(const char *p, const char **vals, int n)
{
    for (int i = 0; i < n; i++) {
        if (*p == 'N') { vals[i] = NULL; p++; continue; }
        vals[i] = p + 1;
        p += 2 + strlen(p + 1);
    }
    return p;
}

typedef struct batch_res { long long replaced; } batch_res;

/* Write the buffered batch in one transaction; 0, or -1 (g->s->db->err, db->transient). */
static int write_batch(dy_ingest *gi, batch *g, batch_res *br)
{
    dy_store *s = gi->s;
    dy_db *db = s->db;
    long long *ids = calloc((size_t)g->ndocs + 1, sizeof *ids);
    char (*idtxt)[24] = calloc((size_t)g->ndocs + 1, sizeof *idtxt);
    merge_ctx *mc = merge_new(s);
    dy_stmt *find = NULL, *ins = NULL, *upd = NULL, *old = NULL, *delm = NULL, *dels = NULL;
    dy_bulk *bk = NULL;
    int rc = -1;
    br->replaced = 0;
    if (!ids || !idtxt || !mc) { snprintf(db->err, sizeof db->err, "out of memory"); db->transient = 0; goto out; }
    if (store_begin(s)) goto out;
    /* PostgreSQL: the monthly partitions the batch writes to */
    if (db->dialect == DY_DB_PG) {
        const char *p = g->ments.b.p, *vals[NMENT];
        for (long k = 0; k < g->ments.n; k++) {
            p = row_next(p, vals, NMENT);
            if (vals[M_DAY] && store_ensure_partition(s, atoi(vals[M_DAY]), db->err, sizeof db->err)) goto rollback;
        }
    }
    find = db_prepare(db, "SELECT id FROM documents WHERE ext_id = $1");
    ins = db_prepare(db, "INSERT INTO documents(ext_id, url, outlet, title, date, day, added, len, input, nmentions) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ext_id) DO UPDATE SET url = excluded.url "
                         "RETURNING id");
    upd = db_prepare(db, "UPDATE documents SET url = $1, outlet = $2, title = $3, date = $4, day = $5, len = $6, input = $7, "
                         "nmentions = $8 WHERE id = $9");
    old = db_prepare(db, "SELECT mkey, day FROM mentions WHERE doc = $1 AND day IS NOT NULL");
    delm = db_prepare(db, "DELETE FROM mentions WHERE doc = $1");
    dels = db_prepare(db, "DELETE FROM sentences WHERE doc = $1");
    if (!find || !ins || !upd || !old || !delm || !dels) goto rollback;
    for (int i = 0; i < g->ndocs; i++) {
        bdoc *d = &g->docs[i];
        b_text(find, 1, d->ext_id);
        int r = st_step(find);
        long long id = r == 1 ? c_int(find, 0) : 0;
        st_reset(find);
        if (r < 0) goto rollback;
        if (r == 1) {
            br->replaced++;
            b_int(old, 1, id);
            while ((r = st_step(old)) == 1) if (merge_touch(mc, c_text(old, 0), (int)c_int(old, 1))) { r = -1; break; }
            st_reset(old);
            if (r < 0) goto rollback;
            b_int(delm, 1, id);
            if (st_step(delm) < 0) goto rollback;
            st_reset(delm);
            b_int(dels, 1, id);
            if (st_step(dels) < 0) goto rollback;
            st_reset(dels);
            b_text(upd, 1, d->url); b_text(upd, 2, d->outlet); b_text(upd, 3, d->title);
            b_text(upd, 4, d->date[0] ? d->date : NULL);
            if (d->day >= 0) b_int(upd, 5, d->day); else b_null(upd, 5);
            b_int(upd, 6, d->len); b_text(upd, 7, d->input); b_int(upd, 8, d->nmentions); b_int(upd, 9, id);
            if (st_step(upd) < 0) goto rollback;
            st_reset(upd);
        } else {
            b_text(ins, 1, d->ext_id); b_text(ins, 2, d->url); b_text(ins, 3, d->outlet); b_text(ins, 4, d->title);
            b_text(ins, 5, d->date[0] ? d->date : NULL);
            if (d->day >= 0) b_int(ins, 6, d->day); else b_null(ins, 6);
            b_int(ins, 7, gi->added); b_int(ins, 8, d->len); b_text(ins, 9, d->input); b_int(ins, 10, d->nmentions);
            if (st_step(ins) != 1) { if (!db->err[0]) snprintf(db->err, sizeof db->err, "%s: insert returned no id", db->where); goto rollback; }
            id = c_int(ins, 0);
            st_reset(ins);
        }
        ids[i] = id;
        snprintf(idtxt[i], sizeof idtxt[i], "%lld", id);
    }
    st_free(find); st_free(ins); st_free(upd); st_free(old); st_free(delm); st_free(dels);
    find = ins = upd = old = delm = dels = NULL;
    /* sentences, then mentions, in bulk; the document index becomes its id */
    const char *vals[NMENT];
    long long last_sent = 0;
    if (g->sents.n && db->dialect == DY_DB_SQLITE) {
        dy_stmt *q = db_prepare(db, "SELECT coalesce(max(id), 0) FROM sentences");
        if (!q || st_step(q) != 1) { st_free(q); goto rollback; }
        last_sent = c_int(q, 0);
        st_free(q);
    }
    if (g->sents.n) {
        bk = db->ops->bulk_begin(db, "sentences", SENT_COLS, NSENT);
        if (!bk) goto rollback;
        const char *p = g->sents.b.p;
        for (long k = 0; k < g->sents.n; k++) {
            p = row_next(p, vals, NSENT);
            vals[0] = idtxt[atoi(vals[0])];
            if (db->ops->bulk_row(bk, vals)) { db->ops->bulk_end(bk, 0); bk = NULL; goto rollback; }
        }
        int e = db->ops->bulk_end(bk, 1);
        bk = NULL;
        if (e) goto rollback;
        /* SQLite: the batch's sentences into the full-text index, in one statement */
        if (db->dialect == DY_DB_SQLITE) {
            dy_stmt *q = db_prepare(db, "INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences WHERE id > $1");
            if (!q) goto rollback;
            b_int(q, 1, last_sent);
            int r = st_step(q);
            st_free(q);
            if (r < 0) goto rollback;
        }
    }
    if (g->ments.n) {
        bk = db->ops->bulk_begin(db, "mentions", MENT_COLS, NMENT);
        if (!bk) goto rollback;
        const char *p = g->ments.b.p;
        for (long k = 0; k < g->ments.n; k++) {
            p = row_next(p, vals, NMENT);
            vals[0] = idtxt[atoi(vals[0])];
            if (db->ops->bulk_row(bk, vals)) { db->ops->bulk_end(bk, 0); bk = NULL; goto rollback; }
            if (!gi->o.no_merge && vals[M_DAY] && merge_touch(mc, vals[M_MKEY], atoi(vals[M_DAY]))) { db->ops->bulk_end(bk, 0); bk = NULL; goto rollback; }
        }
        int e = db->ops->bulk_end(bk, 1);
        bk = NULL;
        if (e) goto rollback;
    }
    if (merge_run(mc)) goto rollback;
    if (store_commit(s)) goto rollback;
    rc = 0;
    goto out;
rollback:
    st_free(find); st_free(ins); st_free(upd); st_free(old); st_free(delm); st_free(dels);
    store_rollback(s);
out:
    merge_free(mc);
    free(ids);
    free(idtxt);
    return rc;
}

/* Write batch b (the writer thread); 0, or -1 with g->err set. */
static int write_one(dy_ingest *g, batch *b)
{
    if (b->sents.b.oom || b->ments.b.oom) { snprintf(g->err, sizeof g->err, "out of memory buffering a batch"); return -1; }
    batch_res br;
    for (int attempt = 0;; attempt++) {
        g->s->db->err[0] = 0;
        g->s->db->transient = 0;
        if (write_batch(g, b, &br) == 0) break;
        if (!g->s->db->transient || attempt >= 5) {
            char e[sizeof g->err];
            snprintf(e, sizeof e, "%.700s (batch of %d documents from \"%.200s\" not written)", g->s->db->err,
                     b->ndocs, b->docs[0].ext_id);
            pthread_mutex_lock(&g->mu);
            memcpy(g->err, e, sizeof e);
            pthread_mutex_unlock(&g->mu);
            return -1;
        }
        struct timespec ts = { 0, (long)(100000000L << attempt) % 1000000000L };
        if (attempt >= 3) ts.tv_sec = 1;
        nanosleep(&ts, NULL);
    }
    pthread_mutex_lock(&g->mu);
    g->res.batches++;
    g->res.replaced += br.replaced;
    g->res.docs += b->ndocs;
    g->res.sentences += b->sents.n;
    g->res.mentions += b->ments.n;
    pthread_mutex_unlock(&g->mu);
    return 0;
}

static void *writer(void *arg)
{
    dy_ingest *g = arg;
    pthread_mutex_lock(&g->mu);
    for (;;) {
        while (!g->todo && !g->quit) pthread_cond_wait(&g->cv, &g->mu);
        if (!g->todo) break;
        batch *b = g->todo;
        int failed = g->failed;
        pthread_mutex_unlock(&g->mu);
        int rc = failed ? -1 : write_one(g, b);
        clear_batch(b);
        pthread_mutex_lock(&g->mu);
        if (rc) g->failed = 1;
        g->todo = NULL;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* Wait until the writer is idle; 0, or -1 when a batch failed. */
static int wait_idle(dy_ingest *g)
{
    pthread_mutex_lock(&g->mu);
    while (g->todo) pthread_cond_wait(&g->cv, &g->mu);
    int f = g->failed;
    pthread_mutex_unlock(&g->mu);
    return f ? -1 : 0;
}

/* Hand the filled batch to the writer (after the previous one is written). */
static int flush(dy_ingest *g)
{
    if (g->fill->ndocs == 0) return wait_idle(g);
    if (!g->have_thread) {      /* no thread could be started: write here */
        int rc = write_one(g, g->fill);
        clear_batch(g->fill);
        if (rc) { g->failed = 1; return -1; }
        return 0;
    }
    if (wait_idle(g)) return -1;
    pthread_mutex_lock(&g->mu);
    g->todo = g->fill;
    g->fill = g->fill == &g->bufs[0] ? &g->bufs[1] : &g->bufs[0];
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return 0;
}

static int is_failed(dy_ingest *g)
{
    pthread_mutex_lock(&g->mu);
    int f = g->failed;
    pthread_mutex_unlock(&g->mu);
    return f;
}

static void sink_fail(dy_ingest *g, const char *why)
{
    pthread_mutex_lock(&g->mu);
    if (!g->failed) snprintf(g->err, sizeof g->err, "%s", why);
    g->failed = 1;
    pthread_mutex_unlock(&g->mu);
}

int dy_ingest_sink(void *ctx, const dy_doc *doc, int rc, const dy_buf *out)
{
    dy_ingest *gi = ctx;
    if (is_failed(gi)) return -1;
    if (rc < 0) return 0;   /* dy_run counts it in docs_failed; the caller reports */
    /* the same document twice in one batch: write the first before replacing it */
    batch *g = gi->fill;
    for (int i = 0; i < g->ndocs; i++)
        if (!strcmp(g->docs[i].ext_id, doc->id)) { if (flush(gi) || wait_idle(gi)) return -1; break; }
    g = gi->fill;
    if (g->ndocs == g->capdocs) {
        int nc = g->capdocs ? 2 * g->capdocs : 64;
        bdoc *nd = realloc(g->docs, (size_t)nc * sizeof *nd);
        if (!nd) { sink_fail(gi, "out of memory"); return -1; }
        g->docs = nd; g->capdocs = nc;
    }
    int di = g->ndocs;
    bdoc *d = &g->docs[g->ndocs++];
    memset(d, 0, sizeof *d);
    d->ext_id = dups(doc->id); d->url = dups(doc->url); d->outlet = dups(doc->source); d->title = dups(doc->title);
    d->input = dups(doc->input);
    memcpy(d->date, doc->date, sizeof d->date);
    d->day = doc->date[0] ? dy_day_from_date(doc->date) : -1;
    d->len = (long long)doc->len;
    if (!d->ext_id || !d->input) { sink_fail(gi, "out of memory"); return -1; }
    ser_rd r = { out->p, out->p + out->len, 0 };
    long long n = ser_get_int(&r);
    int last_sent = -1;
    const dy_merge_rule *rule = &gi->s->rule;   /* not changed while an ingest runs */
    for (long long i = 0; i < n && !r.bad; i++) {
        size_t l;
        int sent = (int)ser_get_int(&r);
        long long ss = ser_get_int(&r), se = ser_get_int(&r);
        const char *src = ser_get_str(&r, &l); char srcb[64]; snprintf(srcb, sizeof srcb, "%.*s", (int)l, src ? src : "");
        const char *tgt = ser_get_str(&r, &l); char tgtb[64]; snprintf(tgtb, sizeof tgtb, "%.*s", (int)l, tgt ? tgt : "");
        long long a0 = ser_get_int(&r), a1 = ser_get_int(&r), t0 = ser_get_int(&r), t1 = ser_get_int(&r);
        long long v0 = ser_get_int(&r), v1 = ser_get_int(&r);
        const char *cam = ser_get_str(&r, &l); char camb[8]; snprintf(camb, sizeof camb, "%.*s", (int)l, cam ? cam : "");
        const char *plo = ser_get_str(&r, &l); char plob[32]; snprintf(plob, sizeof plob, "%.*s", (int)l, plo ? plo : "");
        int has_plover = plo != NULL;
        const char *mod = ser_get_str(&r, &l); char modb[24]; snprintf(modb, sizeof modb, "%.*s", (int)l, mod ? mod : "");
        const char *dat = ser_get_str(&r, &l); char datb[16]; snprintf(datb, sizeof datb, "%.*s", (int)l, dat ? dat : "");
        double gold = ser_get_dbl(&r);
        int quad = (int)ser_get_int(&r);
        int has_place = (int)ser_get_int(&r);
        size_t lc, ln, la;
        const char *pc = ser_get_str(&r, &lc), *pn = ser_get_str(&r, &ln), *pa = ser_get_str(&r, &la);
        double lat = ser_get_dbl(&r), lon = ser_get_dbl(&r);
        long long p0 = ser_get_int(&r), p1 = ser_get_int(&r);
        size_t lr;
        const char *rl = ser_get_str(&r, &lr);
        size_t lk, lsn, ltn, lsp, ltp, lpf, lad, lfi;
        const char *evk = ser_get_str(&r, &lk), *sn = ser_get_str(&r, &lsn), *tn = ser_get_str(&r, &ltn);
        const char *sp = ser_get_str(&r, &lsp), *tp = ser_get_str(&r, &ltp), *pf = ser_get_str(&r, &lpf);
        long long gid = ser_get_int(&r);
        const char *ad = ser_get_str(&r, &lad), *fi = ser_get_str(&r, &lfi);
        int has_point = (int)ser_get_int(&r);
        if (r.bad) break;
        if (ss < 0 || se < ss || (size_t)se > doc->len) ss = se = 0;
        if (sent != last_sent) {
            row_int(&g->sents, di); row_int(&g->sents, sent); row_int(&g->sents, ss); row_int(&g->sents, se);
            row_val(&g->sents, doc->text + ss, (size_t)(se - ss));
            g->sents.n++;
            last_sent = sent;
        }
        int day = datb[0] ? dy_day_from_date(datb) : -1;
        if (day < 0) gi->undated++;
        char mkey[160];
        store_mkey(rule, srcb, tgtb, camb, modb, mkey, sizeof mkey);
        rows *m = &g->ments;
        row_int(m, di); row_int(m, sent);
        if (day >= 0) { row_int(m, day); row_int(m, atoi(datb) * 100 + atoi(datb + 5)); }
        else { row_val(m, NULL, 0); row_val(m, NULL, 0); }
        row_str(m, mkey); row_str(m, srcb); row_str(m, tgtb);
        if (a0 >= 0 && a1 >= a0 && (size_t)a1 <= doc->len) row_val(m, doc->text + a0, (size_t)(a1 - a0)); else row_val(m, NULL, 0);
        if (t0 >= 0 && t1 >= t0 && (size_t)t1 <= doc->len) row_val(m, doc->text + t0, (size_t)(t1 - t0)); else row_val(m, NULL, 0);
        row_str(m, camb);
        row_val(m, camb, strlen(camb) < 3 ? strlen(camb) : 3);
        row_val(m, camb, strlen(camb) < 2 ? strlen(camb) : 2);
        row_int(m, quad); row_dbl(m, gold);
        row_str(m, has_plover ? plob : NULL); row_str(m, modb);
        row_span(m, a0); row_span(m, a1); row_span(m, t0); row_span(m, t1); row_span(m, v0); row_span(m, v1);
        row_val(m, has_place ? pc : NULL, lc); row_val(m, has_place ? pn : NULL, ln); row_val(m, has_place ? pa : NULL, la);
        if (has_place && has_point) { row_dbl(m, lat); row_dbl(m, lon); } else { row_val(m, NULL, 0); row_val(m, NULL, 0); }
        if (has_place) { row_int(m, p0); row_int(m, p1); } else { row_val(m, NULL, 0); row_val(m, NULL, 0); }
        row_val(m, rl, lr);
        row_val(m, evk, lk); row_val(m, sn, lsn); row_val(m, tn, ltn); row_val(m, sp, lsp); row_val(m, tp, ltp);
        row_val(m, has_place ? pf : NULL, lpf);
        if (has_place && gid > 0) row_int(m, gid); else row_val(m, NULL, 0);
        row_val(m, has_place ? ad : NULL, lad); row_val(m, has_place ? fi : NULL, lfi);
        m->n++;
        d->nmentions++;
    }
    if (r.bad) { sink_fail(gi, "damaged coder record (internal error)"); return -1; }
    if (g->ndocs >= gi->o.batch_docs && flush(gi)) return -1;
    return 0;
}

int dy_ingest_finish(dy_ingest *g, int ok, dy_ingest_result *res, char *err, size_t errlen)
{
    int status = DY_STORE_OK;
    if (ok && !is_failed(g)) flush(g);
    wait_idle(g);
    if (g->have_thread) {
        pthread_mutex_lock(&g->mu);
        g->quit = 1;
        pthread_cond_broadcast(&g->cv);
        pthread_mutex_unlock(&g->mu);
        pthread_join(g->th, NULL);
    }
    if (g->failed) { snprintf(err, errlen, "%s", g->err); status = DY_STORE_EIO; }
    if (res) { *res = g->res; res->undated = g->undated; }
    for (int i = 0; i < 2; i++) {
        clear_batch(&g->bufs[i]);
        free(g->bufs[i].docs);
        dy_buf_free(&g->bufs[i].sents.b);
        dy_buf_free(&g->bufs[i].ments.b);
    }
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->cv);
    free(g);
    return status;
}
