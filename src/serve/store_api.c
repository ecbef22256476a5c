/* store_api.c: the store endpoints of `dyad serve` (events, one event, a
 * document, series, top dyads and actors, places, ingest).
 *
 * Not wired yet: the event store (src/store, issue 13) is being written on
 * its own branch.  Until it is merged every store endpoint answers 503 with
 * a message saying so; --db is refused at start-up rather than accepted and
 * ignored. */
#include <stdio.h>
#include <string.h>
#include "serve_impl.h"

int dy_serve_store_open(dy_serve_app *a, char *err, size_t errlen)
{
    snprintf(err, errlen, "--db %s: this build has no event store yet", a->o.db);
    return -1;
}

void dy_serve_store_close(dy_serve_app *a) { (void)a; }

static void no_store(dy_http_resp *r) { dy_serve_error(r, 503, "no event store: start dyad serve with --db PATH|URL"); }
void dy_serve_events(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r) { (void)a; (void)q; no_store(r); }
void dy_serve_event(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r) { (void)a; (void)q; (void)id; no_store(r); }
void dy_serve_document(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r) { (void)a; (void)q; (void)id; no_store(r); }
void dy_serve_series(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r) { (void)a; (void)q; no_store(r); }
void dy_serve_top(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r) { (void)a; (void)q; no_store(r); }
void dy_serve_network(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r) { (void)a; (void)q; no_store(r); }
void dy_serve_places(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r) { (void)a; (void)q; no_store(r); }
void dy_serve_ingest(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    (void)q;
    if (!a->o.allow_ingest) dy_serve_error(r, 403, "the server is read-only: start it with --allow-ingest to store documents");
    else no_store(r);
}

void dy_serve_info(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    (void)q;
    dy_serve_json(r);
    dy_buf_printf(&r->body, "{\"dyad\": \"%s\", \"store\": %s, \"read_only\": %s, \"page\": %s, "
                  "\"limits\": {\"max_body\": %zu, \"timeout_s\": %d, \"max_results\": %d, \"max_response\": %zu}, "
                  "\"routes\": [\"GET /api\", \"GET /api/events\", \"GET /api/events/ID\", \"GET /api/documents/ID\", "
                  "\"GET /api/series\", \"GET /api/top\", \"GET /api/places\", \"POST /api/code\", \"POST /api/ingest\"]}\n",
                  DYAD_VERSION, a->store ? "true" : "false", a->o.allow_ingest ? "false" : "true", a->webdir ? "true" : "false",
                  a->o.max_body, a->o.timeout_s, a->o.max_results, a->o.max_response);
}
