/* serve.h: `dyad serve`, the HTTP API and the dashboard page over the event store.
 *
 * Why this exists: analysts would rather look than read.  The server answers
 * JSON for the event store (events with the filters of `dyad query`, one
 * event with its mentions, a document with its events and spans, dyadic
 * series, top dyads and actors) and codes posted text live (POST /api/code),
 * and serves the static page in web/ that draws all of it.
 *
 * Two layers, so the request logic can be tested and fuzzed without sockets:
 *
 *   dy_serve_app   the application: URL decoding, path checks, routing,
 *                  parameter validation, the handlers, JSON errors.  Pure
 *                  function of (method, raw request target, body) -> response.
 *   dy_server      the transport: libmicrohttpd with a thread pool, request
 *                  body and time limits, handing each request to the app.
 *
 * The transport is GNU libmicrohttpd (Debian libmicrohttpd-dev).  The issue
 * also named civetweb; Debian 12 packages civetweb only as a program, not as
 * a library to link, so libmicrohttpd it is (see server.c).
 *
 * Read-only by default: only POST /api/code computes, and it writes nothing;
 * POST /api/ingest stores documents only when allow_ingest is set. */
#ifndef DY_SERVE_H
#define DY_SERVE_H
#include <stddef.h>
#include "dyad.h"
#include "core/buf.h"

typedef struct dy_serve_opts {
    const dy_engine *engine;    /* for POST /api/code (and ingest); required */
    const char *db;             /* store path or postgresql:// URL; NULL: no store (store endpoints answer 503) */
    const char *webdir;         /* static files; NULL: no page (API only) */
    const char *bind;           /* address to listen on (default 127.0.0.1) */
    int port;                   /* 0: any free port (dy_server_port tells which) */
    int threads;                /* thread pool size (default 4) */
    size_t max_body;            /* bytes of a request body (default 1 MiB) */
    int timeout_s;              /* seconds a request may take, idle or busy (default 10) */
    int max_results;            /* rows of one page of results (default 1000) */
    size_t max_response;        /* bytes of one JSON answer (default 16 MiB) */
    int allow_ingest;           /* POST /api/ingest writes to the store */
    int quiet;                  /* no access log on stderr */
} dy_serve_opts;

/* ---- the application (no sockets) ---- */
typedef struct dy_serve_app dy_serve_app;

/* Build the application: opens the store (read-only unless allow_ingest) when
 * o->db is set.  NULL with err on failure (the store's message, URL without
 * its password). */
dy_serve_app *dy_serve_app_new(const dy_serve_opts *o, char *err, size_t errlen);
void dy_serve_app_free(dy_serve_app *a);

/* What the app answers.  Exactly one of body (JSON or text) or fd (a static
 * file of fsize bytes, to be closed by the transport) is set. */
typedef struct dy_http_resp {
    int status;                 /* HTTP status */
    const char *ctype;          /* Content-Type (static string) */
    dy_buf body;
    int fd;                     /* -1 when body is the answer */
    size_t fsize;
    const char *cache;          /* Cache-Control value (static string) or NULL */
    const char *allow;          /* Allow header for 405, or NULL */
} dy_http_resp;

void dy_http_resp_init(dy_http_resp *r);
void dy_http_resp_free(dy_http_resp *r);   /* closes fd if still open */

/* Answer one request.  method: "GET", "HEAD", "POST", ...; target: the raw
 * request target as sent ("/api/events?actor=RUS&limit=10", percent-encoded);
 * body/len: the request body (may be NULL/0); ctype: the request's
 * Content-Type or NULL; deadline: absolute CLOCK_MONOTONIC seconds after which
 * a handler gives up with 503 (0: none).  Never fails: errors are JSON
 * answers {"error": {"status": N, "message": "..."}} with the right status.
 * Thread-safe: any number of threads may call it at once. */
void dy_serve_handle(dy_serve_app *a, const char *method, const char *target, const char *body, size_t len,
                     const char *ctype, double deadline, dy_http_resp *r);

/* Seconds on CLOCK_MONOTONIC (for deadlines). */
double dy_serve_now(void);

/* ---- the transport (libmicrohttpd) ---- */
typedef struct dy_server dy_server;

/* Listen on o->bind:o->port with a pool of o->threads threads; NULL with err. */
dy_server *dy_server_start(dy_serve_app *app, const dy_serve_opts *o, char *err, size_t errlen);
int dy_server_port(const dy_server *s);
/* Stop accepting, finish or drop the requests in flight, free the server (not the app). */
void dy_server_stop(dy_server *s);
#endif
