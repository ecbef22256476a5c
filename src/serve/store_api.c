/* store_api.c: the store endpoints of `dyad serve`: rows of the event store
 * (src/store, issue 13) become JSON for the page.
 *
 *   GET /api/events        dy_store_query, the filters of `dyad query`, sorted, paginated
 *   GET /api/events/ID     dy_store_query (id) + dy_store_mentions: sentences, spans, rules, outlets
 *   GET /api/documents/ID  dy_store_mentions (doc): the document's coded events and spans
 *   GET /api/series        dy_store_series: counts per QuadClass, Goldstein sum and mean
 *   GET /api/top           dy_store_top: dyads, actors, sources or targets
 *   GET /api/network       dy_store_top (dyads, with events per QuadClass): nodes and edges
 *   GET /api/places        dy_store_places: events per place country and city
 *   POST /api/ingest       dy_store_code + dy_ingest_sink (only with --allow-ingest)
 *
 * Why through the store's API and no SQL here: the store owns its schema and
 * runs the same queries on SQLite and PostgreSQL with bound parameters; this
 * file only checks parameters (http.c's tables) and writes JSON.  A store
 * handle serves one thread at a time, so the app keeps a pool of handles
 * (opened read-only unless --allow-ingest), like its pool of coding workers.
 * Each handle carries the request's deadline (dy_store_deadline: the store
 * interrupts a statement still running past it) and row callbacks check it
 * too, so a request past its time limit answers 503; a page never holds more
 * than --max-results rows nor an answer more than 16 MiB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "serve_impl.h"
#include "store/store.h"

#define DATES { "from", DY_P_DATE, 0, 0, NULL }, { "to", DY_P_DATE, 0, 0, NULL }
#define ORIGIN { "origin", DY_P_ENUM, 0, 0, "dyad|gdelt" }
#define ACTION { "cameo", DY_P_CAMEO, 0, 0, NULL }, { "root", DY_P_ROOT, 0, 0, NULL }, { "quad", DY_P_INT, 1, 4, NULL }, \
               { "mode", DY_P_ENUM, 0, 0, "asserted|future|hypothetical|negated|reported" }, { "plover", DY_P_CODE, 0, 0, NULL }
#define SIDES { "actor", DY_P_CODE, 0, 0, NULL }, { "country", DY_P_CODE, 0, 0, NULL }, { "source", DY_P_CODE, 0, 0, NULL }, \
              { "target", DY_P_CODE, 0, 0, NULL }, { "dyad", DY_P_DYAD, 0, 0, NULL }
#define WHERE { "place", DY_P_TEXT, 0, 0, NULL }, { "outlet", DY_P_TEXT, 0, 0, NULL }, { "q", DY_P_TEXT, 0, 0, NULL }
#define END { NULL, 0, 0, 0, NULL }

static const dy_pspec EVENTS_P[] = {
    DATES, SIDES, ACTION, WHERE, ORIGIN,
    { "sort", DY_P_ENUM, 0, 0, "date|-date|goldstein|-goldstein|mentions|-mentions|id|-id" },
    { "limit", DY_P_INT, 1, 1000000, NULL }, { "offset", DY_P_INT, 0, 1000000000, NULL }, END };
static const dy_pspec SERIES_P[] = { DATES, SIDES, ACTION, WHERE, ORIGIN, { "by", DY_P_ENUM, 0, 0, "day|week|month" }, END };
static const dy_pspec TOP_P[] = { DATES, SIDES, ACTION, WHERE, ORIGIN, { "kind", DY_P_ENUM, 0, 0, "dyads|actors|sources|targets" },
    { "limit", DY_P_INT, 1, 1000, NULL }, END };
static const dy_pspec NETWORK_P[] = { DATES, SIDES, ACTION, WHERE, ORIGIN, { "limit", DY_P_INT, 1, 500, NULL }, END };
static const dy_pspec PLACES_P[] = { DATES, SIDES, ACTION, WHERE, ORIGIN, END };
static const dy_pspec NONE_P[] = { END };

/* Check a route's parameters; 0 when they hold (else the error is answered). */
static int check(const dy_http_req *q, const dy_pspec *specs, dy_http_resp *r)
{
    char err[512];
    int rc = dy_http_check_params(q, specs, err, sizeof err);
    if (rc) { dy_serve_error(r, rc, "%s", err); return -1; }
    return 0;
}

static const dy_pspec EVENT_ID = { "event id", DY_P_INT, 1, 999999999999L, NULL };
static const dy_pspec DOC_ID = { "document id", DY_P_ID, 0, 0, NULL };

struct dy_store_link {
    pthread_mutex_t mu;
    dy_store **free_;
    int nfree, cap;
    int flags;
};

static dy_store *take_store(dy_serve_app *a, char *err, size_t errlen)
{
    struct dy_store_link *l = a->store;
    dy_store *s = NULL;
    pthread_mutex_lock(&l->mu);
    if (l->nfree > 0) s = l->free_[--l->nfree];
    pthread_mutex_unlock(&l->mu);
    if (!s) s = dy_store_open(a->o.db, l->flags, NULL, err, errlen);
    return s;
}

static void give_store(dy_serve_app *a, dy_store *s)
{
    struct dy_store_link *l = a->store;
    if (!s) return;
    pthread_mutex_lock(&l->mu);
    dy_store_deadline(s, 0);
    if (l->nfree < l->cap) { l->free_[l->nfree++] = s; s = NULL; }
    pthread_mutex_unlock(&l->mu);
    if (s) dy_store_close(s);
}

int dy_serve_store_open(dy_serve_app *a, char *err, size_t errlen)
{
    struct dy_store_link *l = calloc(1, sizeof *l);
    if (!l) { snprintf(err, errlen, "out of memory"); return -1; }
    pthread_mutex_init(&l->mu, NULL);
    l->cap = a->o.threads + 2;
    l->free_ = calloc((size_t)l->cap, sizeof *l->free_);
    l->flags = a->o.allow_ingest ? DY_STORE_CREATE : DY_STORE_READONLY;
    a->store = l;
    if (!l->free_) { snprintf(err, errlen, "out of memory"); return -1; }
    dy_store *s = dy_store_open(a->o.db, l->flags, NULL, err, errlen);   /* fail at start, not at the first request */
    if (!s) return -1;
    give_store(a, s);
    return 0;
}

void dy_serve_store_close(dy_serve_app *a)
{
    struct dy_store_link *l = a->store;
    if (!l) return;
    for (int i = 0; i < l->nfree; i++) dy_store_close(l->free_[i]);
    free(l->free_);
    pthread_mutex_destroy(&l->mu);
    free(l);
    a->store = NULL;
}

static void filter_from(const dy_http_req *q, dy_filter *f)
{
    memset(f, 0, sizeof *f);
    f->from = dy_http_param_get(q, "from");
    f->to = dy_http_param_get(q, "to");
    f->actor = dy_http_param_get(q, "actor");
    f->country = dy_http_param_get(q, "country");
    f->source = dy_http_param_get(q, "source");
    f->target = dy_http_param_get(q, "target");
    f->dyad = dy_http_param_get(q, "dyad");
    f->cameo = dy_http_param_get(q, "cameo");
    f->root = dy_http_param_get(q, "root");
    f->quad = (int)dy_http_param_int(q, "quad", 0);
    f->plover = dy_http_param_get(q, "plover");
    f->mode = dy_http_param_get(q, "mode");
    f->place = dy_http_param_get(q, "place");
    f->outlet = dy_http_param_get(q, "outlet");
    f->origin = dy_http_param_get(q, "origin");
    f->text = dy_http_param_get(q, "q");
}

/* Start a store request: parameters checked, a store handle taken.  NULL when answered. */
static dy_store *begin(dy_serve_app *a, const dy_http_req *q, const dy_pspec *specs, dy_http_resp *r)
{
    if (check(q, specs, r)) return NULL;
    if (!a->store) { dy_serve_error(r, 503, "no event store: start dyad serve with --db PATH|URL"); return NULL; }
    char err[512];
    dy_store *s = take_store(a, err, sizeof err);
    if (!s) dy_serve_error(r, 503, "the store cannot be opened: %s", err);
    else if (q->deadline > 0) dy_store_deadline(s, q->deadline);
    return s;
}

static void jstr(dy_buf *b, const char *s)
{
    if (s) dy_buf_json_str(b, s, strlen(s));
    else DY_BUF_LIT(b, "null");
}

typedef struct rowctx {
    dy_buf *b;
    double deadline;
    int n, max, late, more;
    size_t max_bytes;
} rowctx;

static int late(rowctx *c)
{
    if (c->deadline > 0 && dy_serve_now() > c->deadline) { c->late = 1; return 1; }
    if (c->b->len > c->max_bytes) { c->late = 2; return 1; }
    return 0;
}

static void side(dy_buf *b, const char *key, const char *code, const char *name, const char *country)
{
    dy_buf_printf(b, "\"%s\": {\"code\": ", key);
    jstr(b, code);
    DY_BUF_LIT(b, ", \"name\": ");
    jstr(b, name);
    DY_BUF_LIT(b, ", \"country\": ");
    jstr(b, country);
    DY_BUF_LIT(b, "}");
}

static void event_row_json(dy_buf *b, const dy_event_row *e)
{
    dy_buf_printf(b, "{\"id\": %lld, \"date\": ", e->id);
    jstr(b, e->date);
    DY_BUF_LIT(b, ", ");
    side(b, "source", e->src_code, e->src_name, e->src_country);
    DY_BUF_LIT(b, ", ");
    side(b, "target", e->tgt_code, e->tgt_name, e->tgt_country);
    DY_BUF_LIT(b, ", \"cameo\": ");
    jstr(b, e->cameo);
    DY_BUF_LIT(b, ", \"root\": ");
    jstr(b, e->root);
    dy_buf_printf(b, ", \"quad\": %d, \"goldstein\": ", e->quad);
    dy_buf_fixed(b, e->goldstein, 1);
    DY_BUF_LIT(b, ", \"plover\": ");
    jstr(b, e->plover);
    DY_BUF_LIT(b, ", \"mode\": ");
    jstr(b, e->mode);
    dy_buf_printf(b, ", \"num_mentions\": %ld, \"num_sources\": %ld, \"num_articles\": %ld, \"confidence\": ",
                  e->num_mentions, e->num_sources, e->num_articles);
    dy_buf_fixed(b, e->confidence, 2);
    DY_BUF_LIT(b, ", \"place\": ");
    if (e->place_iso3 || e->place_name) {
        DY_BUF_LIT(b, "{\"country\": ");
        jstr(b, e->place_iso3);
        DY_BUF_LIT(b, ", \"name\": ");
        jstr(b, e->place_name);
        if (e->geo[2].has_ll) {
            DY_BUF_LIT(b, ", \"lat\": ");
            dy_buf_fixed(b, e->geo[2].lat, 4);
            DY_BUF_LIT(b, ", \"lon\": ");
            dy_buf_fixed(b, e->geo[2].lon, 4);
        }
        DY_BUF_LIT(b, "}");
    } else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"origin\": ");
    jstr(b, e->origin);
    DY_BUF_LIT(b, ", \"source_url\": ");
    jstr(b, e->source_url);
    DY_BUF_LIT(b, "}");
}

static int events_cb(void *ctx, const dy_event_row *e)
{
    rowctx *c = ctx;
    if (late(c)) return 1;
    if (c->n == c->max) { c->more = 1; return 1; }
    if (c->n++) DY_BUF_LIT(c->b, ",\n ");
    event_row_json(c->b, e);
    return 0;
}

static void store_failed(dy_http_resp *r, const rowctx *c, const char *err)
{
    if ((c && c->late == 1) || (c && c->deadline > 0 && dy_serve_now() > c->deadline)) dy_serve_error(r, 503, "the query took longer than the request time limit: narrow the filters");
    else if (c && c->late == 2) dy_serve_error(r, 413, "the answer grew past the response size limit: narrow the filters or lower limit");
    else if (err && (strstr(err, "fts5:") || strstr(err, "unterminated string")))   /* SQLite's full-text syntax, from q */
        dy_serve_error(r, 400, "parameter \"q\" is not valid full-text search syntax (words, \"phrases\", AND, OR, NOT): %s", err);
    else dy_serve_error(r, 500, "store: %s", err && *err ? err : "query failed");
}

void dy_serve_events(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    dy_store *s = begin(a, q, EVENTS_P, r);
    if (!s) return;
    long limit = dy_http_param_int(q, "limit", 50 < a->o.max_results ? 50 : a->o.max_results);
    if (limit > a->o.max_results) {
        give_store(a, s);
        dy_serve_error(r, 400, "parameter \"limit\" is at most %d on this server (--max-results)", a->o.max_results);
        return;
    }
    dy_filter f;
    filter_from(q, &f);
    const char *sort = dy_http_param_get(q, "sort") ? dy_http_param_get(q, "sort") : "-date";
    static const struct { const char *name; enum dy_sort s; } SORTS[] = {
        { "date", DY_SORT_DATE }, { "-date", DY_SORT_DATE_DESC }, { "goldstein", DY_SORT_GOLD }, { "-goldstein", DY_SORT_GOLD_DESC },
        { "mentions", DY_SORT_MENTIONS }, { "-mentions", DY_SORT_MENTIONS_DESC }, { "id", DY_SORT_ID }, { "-id", DY_SORT_ID_DESC },
    };
    for (size_t k = 0; k < sizeof SORTS / sizeof *SORTS; k++) if (!strcmp(SORTS[k].name, sort)) f.sort = (int)SORTS[k].s;
    f.limit = limit + 1;   /* one more tells whether a next page exists */
    f.offset = dy_http_param_int(q, "offset", 0);
    dy_serve_json(r);
    rowctx c = { &r->body, q->deadline, 0, (int)limit, 0, 0, a->o.max_response };
    dy_buf_printf(&r->body, "{\"offset\": %ld, \"limit\": %ld, \"sort\": ", f.offset, limit);
    jstr(&r->body, sort);
    DY_BUF_LIT(&r->body, ", \"events\": [");
    char err[512] = "";
    int rc = dy_store_query(s, &f, events_cb, &c, err, sizeof err);
    give_store(a, s);
    if ((rc && !c.more) || c.late) { store_failed(r, &c, err); return; }
    dy_buf_printf(&r->body, "], \"count\": %d, \"more\": %s}\n", c.n, c.more ? "true" : "false");
}

typedef struct mentctx {
    rowctx rc;
    const char *only_doc;       /* the document view: this document's mentions only */
} mentctx;

static void mspan(dy_buf *b, const char *key, const char *code, long s, long e)
{
    if (s < 0 || e < s) return;
    dy_buf_printf(b, ", \"%s\": {", key);
    if (code) { DY_BUF_LIT(b, "\"code\": "); jstr(b, code); DY_BUF_LIT(b, ", "); }
    dy_buf_printf(b, "\"start\": %ld, \"end\": %ld}", s, e);
}

static int mention_cb(void *ctx, const dy_mention_row *m)
{
    mentctx *c = ctx;
    dy_buf *b = c->rc.b;
    if (late(&c->rc)) return 1;
    if (c->only_doc && (!m->doc_id || strcmp(m->doc_id, c->only_doc))) return 0;
    if (c->rc.n == c->rc.max) { c->rc.more = 1; return 1; }
    if (c->rc.n++) DY_BUF_LIT(b, ",\n ");
    dy_buf_printf(b, "{\"id\": %lld, \"event\": %lld, \"doc\": ", m->id, m->event);
    jstr(b, m->doc_id);
    DY_BUF_LIT(b, ", \"url\": "); jstr(b, m->url);
    DY_BUF_LIT(b, ", \"outlet\": "); jstr(b, m->outlet);
    DY_BUF_LIT(b, ", \"title\": "); jstr(b, m->title);
    DY_BUF_LIT(b, ", \"date\": "); jstr(b, m->date);
    dy_buf_printf(b, ", \"sent\": %d, \"sentence\": {\"start\": %ld, \"text\": ", m->sent, m->sent_start);
    jstr(b, m->sentence);
    DY_BUF_LIT(b, "}");
    mspan(b, "source", m->src_code, m->src_start, m->src_end);
    mspan(b, "target", m->tgt_code, m->tgt_start, m->tgt_end);
    mspan(b, "verb", NULL, m->verb_start, m->verb_end);
    DY_BUF_LIT(b, ", \"cameo\": "); jstr(b, m->cameo);
    DY_BUF_LIT(b, ", \"mode\": "); jstr(b, m->mode);
    DY_BUF_LIT(b, ", \"rule\": "); jstr(b, m->rule);
    DY_BUF_LIT(b, "}");
    return 0;
}

/* Outlets are collected from the JSON already written: a second pass over
 * the mentions would cost a second query. */
static void outlets_json(dy_buf *b, const char *mentions_json)
{
    cJSON *arr = cJSON_Parse(mentions_json);
    DY_BUF_LIT(b, "[");
    int n = 0;
    const char *seen[512];
    int nseen = 0;
    cJSON *m;
    cJSON_ArrayForEach(m, arr) {
        const cJSON *o = cJSON_GetObjectItem(m, "outlet");
        if (!cJSON_IsString(o)) continue;
        int dup = 0;
        for (int i = 0; i < nseen; i++) if (!strcmp(seen[i], o->valuestring)) dup = 1;
        if (dup || nseen == 512) continue;
        seen[nseen++] = o->valuestring;
        if (n++) DY_BUF_LIT(b, ", ");
        jstr(b, o->valuestring);
    }
    DY_BUF_LIT(b, "]");
    cJSON_Delete(arr);
}

static int one_event_cb(void *ctx, const dy_event_row *e)
{
    rowctx *c = ctx;
    c->n++;
    event_row_json(c->b, e);
    return 1;
}

void dy_serve_event(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r)
{
    char err[512] = "";
    if (dy_http_check_value(&EVENT_ID, id, err, sizeof err)) { dy_serve_error(r, 404, "no event \"%s\" (event ids are positive integers)", id); return; }
    dy_store *s = begin(a, q, NONE_P, r);
    if (!s) return;
    dy_filter f;
    memset(&f, 0, sizeof f);
    f.id = strtoll(id, NULL, 10);
    dy_serve_json(r);
    dy_buf ev;
    dy_buf_init(&ev);
    rowctx c = { &ev, q->deadline, 0, 1, 0, 0, a->o.max_response };
    int rc = dy_store_query(s, &f, one_event_cb, &c, err, sizeof err);
    if (rc && c.n == 0) { give_store(a, s); dy_buf_free(&ev); store_failed(r, &(rowctx){ NULL, q->deadline, 0, 0, 0, 0, 0 }, err); return; }
    if (c.n == 0) { give_store(a, s); dy_buf_free(&ev); dy_serve_error(r, 404, "no event %s in the store", id); return; }
    dy_buf men;
    dy_buf_init(&men);
    DY_BUF_LIT(&men, "[");
    mentctx mc;
    memset(&mc, 0, sizeof mc);
    mc.rc = (rowctx){ &men, q->deadline, 0, a->o.max_results, 0, 0, a->o.max_response };
    rc = dy_store_mentions(s, &f, mention_cb, &mc, err, sizeof err);
    give_store(a, s);
    DY_BUF_LIT(&men, "]");
    if ((rc && !mc.rc.more) || mc.rc.late) { dy_buf_free(&ev); dy_buf_free(&men); store_failed(r, &mc.rc, err); return; }
    DY_BUF_LIT(&r->body, "{\"event\": ");
    dy_buf_add(&r->body, ev.p, ev.len);
    DY_BUF_LIT(&r->body, ", \"outlets\": ");
    outlets_json(&r->body, men.p);
    dy_buf_printf(&r->body, ", \"mentions_shown\": %d, \"mentions_more\": %s, \"mentions\": ", mc.rc.n, mc.rc.more ? "true" : "false");
    dy_buf_add(&r->body, men.p, men.len);
    DY_BUF_LIT(&r->body, "}\n");
    dy_buf_free(&ev);
    dy_buf_free(&men);
}

void dy_serve_document(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r)
{
    char err[512] = "";
    if (dy_http_check_value(&DOC_ID, id, err, sizeof err)) { dy_serve_error(r, 404, "no document \"%s\"", id); return; }
    dy_store *s = begin(a, q, NONE_P, r);
    if (!s) return;
    dy_filter f;
    memset(&f, 0, sizeof f);
    f.doc = id;
    dy_serve_json(r);
    dy_buf men;
    dy_buf_init(&men);
    DY_BUF_LIT(&men, "[");
    mentctx mc;
    memset(&mc, 0, sizeof mc);
    mc.rc = (rowctx){ &men, q->deadline, 0, a->o.max_results, 0, 0, a->o.max_response };
    mc.only_doc = id;
    int rc = dy_store_mentions(s, &f, mention_cb, &mc, err, sizeof err);
    give_store(a, s);
    DY_BUF_LIT(&men, "]");
    if ((rc && !mc.rc.more) || mc.rc.late) { dy_buf_free(&men); store_failed(r, &mc.rc, err); return; }
    if (mc.rc.n == 0) { dy_buf_free(&men); dy_serve_error(r, 404, "no document \"%s\" with events in the store", id); return; }
    /* the document's fields from its first mention */
    cJSON *arr = cJSON_Parse(men.p);
    const cJSON *m0 = cJSON_GetArrayItem(arr, 0);
    DY_BUF_LIT(&r->body, "{\"document\": {\"id\": ");
    jstr(&r->body, id);
    static const char *const keys[] = { "url", "outlet", "title", "date" };
    for (int k = 0; k < 4; k++) {
        const cJSON *v = cJSON_GetObjectItem(m0, keys[k]);
        dy_buf_printf(&r->body, ", \"%s\": ", keys[k]);
        jstr(&r->body, cJSON_IsString(v) ? v->valuestring : NULL);
    }
    cJSON_Delete(arr);
    dy_buf_printf(&r->body, "}, \"count\": %d, \"more\": %s, \"events\": ", mc.rc.n, mc.rc.more ? "true" : "false");
    dy_buf_add(&r->body, men.p, men.len);
    DY_BUF_LIT(&r->body, "}\n");
    dy_buf_free(&men);
}

void dy_serve_series(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    if (check(q, SERIES_P, r)) return;
    if (!dy_http_param_get(q, "dyad") && !dy_http_param_get(q, "actor") && !dy_http_param_get(q, "source") && !dy_http_param_get(q, "target")) {
        dy_serve_error(r, 400, "a series needs dyad=SRC-TGT (or actor, source or target)");
        return;
    }
    dy_store *s = begin(a, q, SERIES_P, r);
    if (!s) return;
    dy_filter f;
    filter_from(q, &f);
    const char *by = dy_http_param_get(q, "by") ? dy_http_param_get(q, "by") : "month";
    enum dy_by b = !strcmp(by, "day") ? DY_BY_DAY : !strcmp(by, "week") ? DY_BY_WEEK : DY_BY_MONTH;
    dy_point *pts = NULL;
    int n = 0;
    char err[512] = "";
    int rc = dy_store_series(s, &f, b, &pts, &n, err, sizeof err);
    give_store(a, s);
    if (rc) { free(pts); store_failed(r, &(rowctx){ NULL, q->deadline, 0, 0, 0, 0, 0 }, err); return; }
    if (n > 20000) { free(pts); dy_serve_error(r, 413, "%d periods: choose a coarser step or a shorter range", n); return; }
    dy_serve_json(r);
    dy_buf *o = &r->body;
    DY_BUF_LIT(o, "{\"dyad\": ");
    jstr(o, f.dyad);
    DY_BUF_LIT(o, ", \"by\": ");
    jstr(o, by);
    DY_BUF_LIT(o, ", \"points\": [");
    for (int i = 0; i < n; i++) {
        const dy_point *p = &pts[i];
        dy_buf_printf(o, "%s{\"period\": \"%s\", \"count\": %ld, \"goldstein_sum\": ", i ? ",\n " : "", p->period, p->count);
        dy_buf_fixed(o, p->gold_sum, 1);
        DY_BUF_LIT(o, ", \"goldstein_mean\": ");
        dy_buf_fixed(o, p->gold_mean, 3);
        dy_buf_printf(o, ", \"quad\": [%ld, %ld, %ld, %ld]}", p->quad[1], p->quad[2], p->quad[3], p->quad[4]);
    }
    DY_BUF_LIT(o, "]}\n");
    free(pts);
}

typedef struct topctx { rowctx rc; int pairs; } topctx;

static int top_cb(void *ctx, const dy_top_row *t)
{
    topctx *c = ctx;
    dy_buf *b = c->rc.b;
    if (late(&c->rc)) return 1;
    if (c->rc.n++) DY_BUF_LIT(b, ",\n ");
    DY_BUF_LIT(b, "{\"a\": ");
    jstr(b, t->a);
    if (c->pairs) { DY_BUF_LIT(b, ", \"b\": "); jstr(b, t->b); }
    dy_buf_printf(b, ", \"events\": %ld, \"mentions\": %ld, \"quad\": [%ld, %ld, %ld, %ld], \"goldstein_mean\": ", t->events, t->mentions,
                  t->quad[1], t->quad[2], t->quad[3], t->quad[4]);
    dy_buf_fixed(b, t->gold_mean, 3);
    DY_BUF_LIT(b, "}");
    return 0;
}

void dy_serve_top(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    dy_store *s = begin(a, q, TOP_P, r);
    if (!s) return;
    dy_filter f;
    filter_from(q, &f);
    const char *kind = dy_http_param_get(q, "kind") ? dy_http_param_get(q, "kind") : "dyads";
    enum dy_top what = !strcmp(kind, "actors") ? DY_TOP_ACTORS : !strcmp(kind, "sources") ? DY_TOP_SOURCES :
                       !strcmp(kind, "targets") ? DY_TOP_TARGETS : DY_TOP_DYADS;
    int n = (int)dy_http_param_int(q, "limit", 20);
    dy_serve_json(r);
    topctx c = { { &r->body, q->deadline, 0, n, 0, 0, a->o.max_response }, what == DY_TOP_DYADS };
    DY_BUF_LIT(&r->body, "{\"kind\": ");
    jstr(&r->body, kind);
    DY_BUF_LIT(&r->body, ", \"rows\": [");
    char err[512] = "";
    int rc = dy_store_top(s, &f, what, n, top_cb, &c, err, sizeof err);
    give_store(a, s);
    if (rc || c.rc.late) { store_failed(r, &c.rc, err); return; }
    DY_BUF_LIT(&r->body, "]}\n");
}

/* ---- the network: top dyads with their events per QuadClass (the edge colours) ---- */
typedef struct edge { char a[40], b[40]; long events; long quad[5]; } edge;
typedef struct netctx { edge *e; int n, cap; double deadline; int late; } netctx;

static int net_cb(void *ctx, const dy_top_row *t)
{
    netctx *c = ctx;
    if (c->deadline > 0 && dy_serve_now() > c->deadline) { c->late = 1; return 1; }
    if (!t->a || !t->b || c->n == c->cap) return 0;
    edge *e = &c->e[c->n++];
    memset(e, 0, sizeof *e);
    dy_scopy(e->a, sizeof e->a, t->a);
    dy_scopy(e->b, sizeof e->b, t->b);
    e->events = t->events;
    for (int k = 1; k <= 4; k++) e->quad[k] = t->quad[k];
    return 0;
}

void dy_serve_network(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    if (check(q, NETWORK_P, r)) return;
    if (dy_http_param_get(q, "quad")) { dy_serve_error(r, 400, "the network is coloured by QuadClass: leave quad out"); return; }
    dy_store *s = begin(a, q, NETWORK_P, r);
    if (!s) return;
    dy_filter f;
    filter_from(q, &f);
    int n = (int)dy_http_param_int(q, "limit", 40);
    netctx c = { calloc((size_t)n, sizeof(edge)), 0, n, q->deadline, 0 };
    char err[512] = "";
    if (!c.e) { give_store(a, s); dy_serve_error(r, 503, "out of memory"); return; }
    int rc = dy_store_top(s, &f, DY_TOP_DYADS, n, net_cb, &c, err, sizeof err);
    give_store(a, s);
    if (rc || c.late) { free(c.e); rowctx rx = { NULL, q->deadline, 0, 0, c.late, 0, 0 }; store_failed(r, &rx, err); return; }
    dy_serve_json(r);
    dy_buf *b = &r->body;
    DY_BUF_LIT(b, "{\"edges\": [");
    for (int i = 0; i < c.n; i++) {
        const edge *e = &c.e[i];
        int dom = 1;
        for (int k = 2; k <= 4; k++) if (e->quad[k] > e->quad[dom]) dom = k;
        if (i) DY_BUF_LIT(b, ",\n ");
        DY_BUF_LIT(b, "{\"source\": "); jstr(b, e->a);
        DY_BUF_LIT(b, ", \"target\": "); jstr(b, e->b);
        dy_buf_printf(b, ", \"events\": %ld, \"quad\": [%ld, %ld, %ld, %ld], \"dominant\": %d}", e->events,
                      e->quad[1], e->quad[2], e->quad[3], e->quad[4], dom);
    }
    DY_BUF_LIT(b, "], \"nodes\": [");
    int nn = 0;
    for (int i = 0; i < c.n; i++)
        for (int side_ = 0; side_ < 2; side_++) {
            const char *code = side_ ? c.e[i].b : c.e[i].a;
            int seen = 0;
            for (int j = 0; j <= i && !seen; j++)
                if ((j < i && (!strcmp(c.e[j].a, code) || !strcmp(c.e[j].b, code))) || (j == i && side_ == 1 && !strcmp(c.e[i].a, code)))
                    seen = 1;
            if (seen) continue;
            long tot = 0;
            for (int j = 0; j < c.n; j++) if (!strcmp(c.e[j].a, code) || !strcmp(c.e[j].b, code)) tot += c.e[j].events;
            if (nn++) DY_BUF_LIT(b, ", ");
            DY_BUF_LIT(b, "{\"code\": "); jstr(b, code);
            dy_buf_printf(b, ", \"events\": %ld}", tot);
        }
    DY_BUF_LIT(b, "]}\n");
    free(c.e);
}

/* ---- places: events per place country and per city (dy_store_places groups them) ---- */
typedef struct pcount { char key[96], iso3[8]; double lat, lon; long n; } pcount;
typedef struct placectx { pcount *c; int n, cap; pcount *city; int ncity, capcity; long events; double deadline; int late, oom; } placectx;

static pcount *bump(pcount **arr, int *n, int *cap, const char *key)
{
    for (int i = 0; i < *n; i++) if (!strcmp((*arr)[i].key, key)) return &(*arr)[i];
    if (*n == *cap) {
        int nc = *cap ? 2 * *cap : 64;
        pcount *na = realloc(*arr, (size_t)nc * sizeof *na);
        if (!na) return NULL;
        *arr = na; *cap = nc;
    }
    pcount *p = &(*arr)[(*n)++];
    memset(p, 0, sizeof *p);
    dy_scopy(p->key, sizeof p->key, key);
    return p;
}

static int place_cb(void *ctx, const dy_place_row *e)
{
    placectx *c = ctx;
    if (c->deadline > 0 && dy_serve_now() > c->deadline) { c->late = 1; return 1; }
    c->events += e->events;
    if (e->iso3 && *e->iso3) {
        pcount *p = bump(&c->c, &c->n, &c->cap, e->iso3);
        if (!p) { c->oom = 1; return 1; }
        p->n += e->events;
    }
    if (e->name && *e->name && e->has_ll && c->ncity < 5000) {
        char key[96];
        snprintf(key, sizeof key, "%s|%s", e->name, e->iso3 ? e->iso3 : "");
        pcount *p = bump(&c->city, &c->ncity, &c->capcity, key);
        if (!p) { c->oom = 1; return 1; }
        if (!p->n) { p->lat = e->lat; p->lon = e->lon; dy_scopy(p->iso3, sizeof p->iso3, e->iso3 ? e->iso3 : ""); }
        p->n += e->events;
    }
    return 0;
}

void dy_serve_places(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    dy_store *s = begin(a, q, PLACES_P, r);
    if (!s) return;
    dy_filter f;
    filter_from(q, &f);
    placectx c;
    memset(&c, 0, sizeof c);
    c.deadline = q->deadline;
    char err[512] = "";
    int rc = dy_store_places(s, &f, place_cb, &c, err, sizeof err);
    give_store(a, s);
    if (rc || c.late || c.oom) {
        free(c.c); free(c.city);
        if (c.oom) { dy_serve_error(r, 503, "out of memory"); return; }
        rowctx rx = { NULL, q->deadline, 0, 0, c.late, 0, 0 };
        store_failed(r, &rx, err);
        return;
    }
    dy_serve_json(r);
    dy_buf *b = &r->body;
    dy_buf_printf(b, "{\"events\": %ld, \"truncated\": %s, \"countries\": [", c.events, c.ncity >= 5000 ? "true" : "false");
    for (int i = 0; i < c.n; i++) {
        if (i) DY_BUF_LIT(b, ", ");
        DY_BUF_LIT(b, "{\"iso3\": "); jstr(b, c.c[i].key);
        dy_buf_printf(b, ", \"events\": %ld}", c.c[i].n);
    }
    DY_BUF_LIT(b, "], \"cities\": [");
    for (int i = 0; i < c.ncity; i++) {
        const pcount *p = &c.city[i];
        char *bar = strchr(p->key, '|');
        if (i) DY_BUF_LIT(b, ",\n ");
        DY_BUF_LIT(b, "{\"name\": ");
        dy_buf_json_str(b, p->key, bar ? (size_t)(bar - p->key) : strlen(p->key));
        DY_BUF_LIT(b, ", \"iso3\": "); jstr(b, p->iso3);
        DY_BUF_LIT(b, ", \"lat\": "); dy_buf_fixed(b, p->lat, 4);
        DY_BUF_LIT(b, ", \"lon\": "); dy_buf_fixed(b, p->lon, 4);
        dy_buf_printf(b, ", \"events\": %ld}", p->n);
    }
    DY_BUF_LIT(b, "]}\n");
    free(c.c);
    free(c.city);
}

/* ---- POST /api/ingest: JSON Lines documents, as `dyad ingest` reads them ---- */
void dy_serve_ingest(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    if (check(q, NONE_P, r)) return;
    if (!a->o.allow_ingest) { dy_serve_error(r, 403, "the server is read-only: start it with --allow-ingest to store documents"); return; }
    if (!a->store) { dy_serve_error(r, 503, "no event store: start dyad serve with --db PATH|URL"); return; }
    char err[512] = "";
    dy_store *s = take_store(a, err, sizeof err);
    if (!s) { dy_serve_error(r, 503, "the store cannot be opened: %s", err); return; }
    dy_worker *w = dy_serve_take_worker(a);
    dy_ingest_opts io;
    memset(&io, 0, sizeof io);
    dy_ingest *g = w ? dy_ingest_new(s, &io, err, sizeof err) : NULL;
    if (!g) { dy_serve_give_worker(a, w); give_store(a, s); dy_serve_error(r, 503, "cannot ingest: %s", w ? err : "out of memory"); return; }
    const char *p = q->body ? q->body : "", *end = p + q->len;
    long line = 0, docs = 0;
    int bad = 0;
    dy_buf out;
    dy_buf_init(&out);
    while (p < end && !bad) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        if (le > p && !(le - p == 1 && *p == '\r')) {
            cJSON *j = cJSON_ParseWithLength(p, (size_t)(le - p));
            const cJSON *id = cJSON_GetObjectItem(j, "id"), *tx = cJSON_GetObjectItem(j, "text"), *dt = cJSON_GetObjectItem(j, "date");
            const cJSON *ti = cJSON_GetObjectItem(j, "title"), *ur = cJSON_GetObjectItem(j, "url"), *so = cJSON_GetObjectItem(j, "source");
            if (!cJSON_IsObject(j) || !cJSON_IsString(id) || !cJSON_IsString(tx) || !*id->valuestring) {
                snprintf(err, sizeof err, "body line %ld: not a JSON object with string \"id\" and \"text\"", line);
                bad = 1;
            } else {
                dy_doc d;
                memset(&d, 0, sizeof d);
                d.id = id->valuestring;
                d.text = tx->valuestring;
                d.len = strlen(tx->valuestring);
                d.title = cJSON_IsString(ti) ? ti->valuestring : NULL;
                d.url = cJSON_IsString(ur) ? ur->valuestring : NULL;
                d.source = cJSON_IsString(so) ? so->valuestring : NULL;
                d.input = "POST /api/ingest";
                d.line = line;
                dy_pspec ds = { "date", DY_P_DATE, 0, 0, NULL };
                if (cJSON_IsString(dt) && dy_http_check_value(&ds, dt->valuestring, err, sizeof err) == 0) dy_scopy(d.date, sizeof d.date, dt->valuestring);
                else if (dt && !cJSON_IsNull(dt)) { snprintf(err, sizeof err, "body line %ld: \"date\" is not YYYY-MM-DD", line); bad = 1; }
                if (!bad) {
                    dy_stats st;
                    memset(&st, 0, sizeof st);
                    out.len = 0;
                    int rc = dy_store_code(NULL, w, &d, &out, &st);
                    if (dy_ingest_sink(g, &d, rc, &out)) { snprintf(err, sizeof err, "line %ld: %s", line, dy_ingest_error(g)); bad = 2; }
                    else docs++;
                }
            }
            cJSON_Delete(j);
        }
        p = nl ? nl + 1 : end;
    }
    dy_buf_free(&out);
    dy_ingest_result res;
    memset(&res, 0, sizeof res);
    char ferr[512] = "";
    int frc = dy_ingest_finish(g, !bad, &res, ferr, sizeof ferr);
    dy_serve_give_worker(a, w);
    give_store(a, s);
    if (bad == 1) { dy_serve_error(r, 400, "%s; nothing stored", err); return; }
    if (bad || frc) { dy_serve_error(r, 500, "ingest failed (%s); nothing of this request stored", bad ? err : ferr); return; }
    dy_serve_json(r);
    dy_buf_printf(&r->body, "{\"documents\": %lld, \"replaced\": %lld, \"sentences\": %lld, \"mentions\": %lld}\n",
                  res.docs, res.replaced, res.sentences, res.mentions);
}

void dy_serve_info(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    if (check(q, NONE_P, r)) return;
    dy_store_counts k;
    memset(&k, 0, sizeof k);
    int have = 0;
    if (a->store) {
        char err[512];
        dy_store *s = take_store(a, err, sizeof err);
        if (s && dy_store_counts_get(s, &k, err, sizeof err) == 0) have = 1;
        give_store(a, s);
    }
    dy_serve_json(r);
    dy_buf_printf(&r->body, "{\"dyad\": \"%s\", \"store\": %s, ", DYAD_VERSION, have ? "true" : "false");
    if (have)
        dy_buf_printf(&r->body, "\"documents\": %lld, \"sentences\": %lld, \"mentions\": %lld, \"events\": %lld, ",
                      k.documents, k.sentences, k.mentions, k.events);
    dy_buf_printf(&r->body, "\"read_only\": %s, \"page\": %s, "
                  "\"limits\": {\"max_body\": %zu, \"timeout_s\": %d, \"max_results\": %d, \"max_response\": %zu}, "
                  "\"routes\": [\"GET /api\", \"GET /api/events\", \"GET /api/events/ID\", \"GET /api/documents/ID\", "
                  "\"GET /api/series\", \"GET /api/top\", \"GET /api/network\", \"GET /api/places\", \"POST /api/code\", \"POST /api/ingest\"]}\n",
                  a->o.allow_ingest ? "false" : "true", a->webdir ? "true" : "false",
                  a->o.max_body, a->o.timeout_s, a->o.max_results, a->o.max_response);
}
