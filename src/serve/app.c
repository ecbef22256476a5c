/* app.c: the server's application layer: routes, JSON errors, the worker pool.
 *
 * dy_serve_handle is the whole request logic as one function of (method, raw
 * target, body): the transport (server.c) calls it from its pool threads, the
 * tests and the fuzz target call it directly.  Every answer that is not a
 * file is JSON; every error is {"error": {"status": N, "message": "..."}}
 * with the status that says what went wrong (400 bad parameter, 404 unknown
 * route or id, 405 wrong method, 413 body too large, 415 wrong body type,
 * 403 writing while read-only, 503 no store or out of time).
 *
 * Routes (the README's API reference lists their parameters):
 *   GET  /api                     what the server offers
 *   GET  /api/events              events, filtered, sorted, paginated
 *   GET  /api/events/ID           one event with its mentions and sentences
 *   GET  /api/documents/ID        a document with its coded events and spans
 *   GET  /api/series              a dyad's series by day, week or month
 *   GET  /api/top                 top dyads or actors for a period
 *   GET  /api/places              event counts by country and city (the map)
 *   GET  /api/network             actors and dyads for a period (the network)
 *   POST /api/code  (or /code)    code posted text: events, spans, rules fired
 *   POST /api/ingest              store posted documents (only --allow-ingest)
 *   GET  /anything-else           a file of web/ */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>
#include "serve_impl.h"

double dy_serve_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dy_http_resp_init(dy_http_resp *r)
{
    memset(r, 0, sizeof *r);
    dy_buf_init(&r->body);
    r->fd = -1;
    r->status = 500;
    r->ctype = "application/json";
}

void dy_http_resp_free(dy_http_resp *r)
{
    dy_buf_free(&r->body);
    if (r->fd >= 0) close(r->fd);
    r->fd = -1;
}

void dy_serve_json(dy_http_resp *r)
{
    r->body.len = 0;
    if (r->body.p) r->body.p[0] = 0;
    r->status = 200;
    r->ctype = "application/json";
    r->cache = "no-store";
}

void dy_serve_error(dy_http_resp *r, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->fd >= 0) { dy_http_resp_free(r); dy_buf_init(&r->body); }
    dy_serve_json(r);
    r->status = status;
    r->body.oom = 0;
    dy_buf_printf(&r->body, "{\"error\": {\"status\": %d, \"message\": ", status);
    dy_buf_json_str(&r->body, msg, strlen(msg));
    DY_BUF_LIT(&r->body, "}}\n");
}

dy_worker *dy_serve_take_worker(dy_serve_app *a)
{
    dy_worker *w = NULL;
    pthread_mutex_lock(&a->mu);
    if (a->nworkers > 0) w = a->workers[--a->nworkers];
    pthread_mutex_unlock(&a->mu);
    return w ? w : dy_worker_new(a->engine);
}

void dy_serve_give_worker(dy_serve_app *a, dy_worker *w)
{
    if (!w) return;
    pthread_mutex_lock(&a->mu);
    if (a->nworkers < a->capworkers) { a->workers[a->nworkers++] = w; w = NULL; }
    pthread_mutex_unlock(&a->mu);
    if (w) dy_worker_free(w);
}

dy_serve_app *dy_serve_app_new(const dy_serve_opts *o, char *err, size_t errlen)
{
    if (!o->engine) { snprintf(err, errlen, "no engine"); return NULL; }
    dy_serve_app *a = calloc(1, sizeof *a);
    if (!a) { snprintf(err, errlen, "out of memory"); return NULL; }
    a->o = *o;
    if (a->o.threads <= 0) a->o.threads = 4;
    if (a->o.max_body == 0) a->o.max_body = 1 << 20;
    if (a->o.timeout_s <= 0) a->o.timeout_s = 10;
    if (a->o.max_results <= 0) a->o.max_results = 1000;
    if (a->o.max_response == 0) a->o.max_response = 16u << 20;
    if (!a->o.bind) a->o.bind = "127.0.0.1";
    a->engine = o->engine;
    pthread_mutex_init(&a->mu, NULL);
    a->capworkers = a->o.threads + 2;
    a->workers = calloc((size_t)a->capworkers, sizeof *a->workers);
    if (!a->workers) { snprintf(err, errlen, "out of memory"); dy_serve_app_free(a); return NULL; }
    if (o->webdir) {
        char *rp = realpath(o->webdir, NULL);
        if (!rp) { snprintf(err, errlen, "%s: no such web directory", o->webdir); dy_serve_app_free(a); return NULL; }
        a->webdir = rp;
        a->webdir_len = strlen(rp);
    }
    if (o->db && dy_serve_store_open(a, err, errlen)) { dy_serve_app_free(a); return NULL; }
    return a;
}

void dy_serve_app_free(dy_serve_app *a)
{
    if (!a) return;
    dy_serve_store_close(a);
    for (int i = 0; i < a->nworkers; i++) dy_worker_free(a->workers[i]);
    free(a->workers);
    free(a->webdir);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

static void method_not_allowed(dy_http_resp *r, const char *method, const char *path, const char *allow)
{
    dy_serve_error(r, 405, "%s is not allowed on %s (allowed: %s)", method, path, allow);
    r->allow = allow;
}

static int is_get(const char *m) { return !strcmp(m, "GET") || !strcmp(m, "HEAD"); }

static void route_api(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    const char *m = q->method;
    const char *s1 = q->nseg > 1 ? q->seg[1] : NULL;
    if (q->nseg == 1 || (s1 && !strcmp(s1, "info") && q->nseg == 2)) {
        if (!is_get(m)) { method_not_allowed(r, m, q->path, "GET, HEAD"); return; }
        dy_serve_info(a, q, r);
        return;
    }
    if (!strcmp(s1, "code") && q->nseg == 2) {
        if (strcmp(m, "POST")) { method_not_allowed(r, m, q->path, "POST"); return; }
        dy_serve_code(a, q, r);
        return;
    }
    if (!strcmp(s1, "ingest") && q->nseg == 2) {
        if (strcmp(m, "POST")) { method_not_allowed(r, m, q->path, "POST"); return; }
        dy_serve_ingest(a, q, r);
        return;
    }
    static const char *const gets[] = { "events", "documents", "series", "top", "places", "network" };
    int k = -1;
    for (int i = 0; i < 6; i++) if (!strcmp(s1, gets[i])) k = i;
    int with_id = k == 0 || k == 1;
    if (k < 0 || q->nseg > 3 || (q->nseg == 3 && !with_id)) {
        dy_serve_error(r, 404, "no such API route: %s (see GET /api)", q->path);
        return;
    }
    if (!is_get(m)) { method_not_allowed(r, m, q->path, "GET, HEAD"); return; }
    if (q->nseg == 3) {
        if (k == 0) dy_serve_event(a, q, q->seg[2], r);
        else dy_serve_document(a, q, q->seg[2], r);
        return;
    }
    if (k == 0) dy_serve_events(a, q, r);
    else if (k == 1) dy_serve_error(r, 404, "a document is /api/documents/ID");
    else if (k == 2) dy_serve_series(a, q, r);
    else if (k == 3) dy_serve_top(a, q, r);
    else if (k == 4) dy_serve_places(a, q, r);
    else dy_serve_network(a, q, r);
}

void dy_serve_handle(dy_serve_app *a, const char *method, const char *target, const char *body, size_t len,
                     const char *ctype, double deadline, dy_http_resp *r)
{
    dy_http_req q;
    memset(&q, 0, sizeof q);
    char err[512];
    if (!method || !*method) { dy_serve_error(r, 400, "no method"); return; }
    int rc = dy_http_parse_target(target, &q, err, sizeof err);
    if (rc) { dy_serve_error(r, rc, "%s", err); dy_http_req_free(&q); return; }
    q.method = method;
    q.body = body;
    q.len = len;
    q.ctype = ctype;
    q.deadline = deadline;
    if (len > a->o.max_body) dy_serve_error(r, 413, "request body of %zu bytes (at most %zu)", len, a->o.max_body);
    else if (q.nseg >= 1 && !strcmp(q.seg[0], "api"))
        route_api(a, &q, r);
    else if (q.nseg == 1 && !strcmp(q.seg[0], "code")) {
        if (strcmp(method, "POST")) method_not_allowed(r, method, q.path, "POST");
        else dy_serve_code(a, &q, r);
    } else if (!is_get(method)) method_not_allowed(r, method, q.path, "GET, HEAD");
    else dy_serve_static(a, &q, r);
    if (r->fd < 0 && r->body.oom) dy_serve_error(r, 503, "out of memory building the answer");
    else if (r->fd < 0 && r->body.len > a->o.max_response)
        dy_serve_error(r, 413, "the answer would be %zu bytes (at most %zu): narrow the filters or lower limit",
                       r->body.len, a->o.max_response);
    dy_http_req_free(&q);
}
