/* serve_impl.h: what the files of src/serve share (not part of the API; the
 * public header is serve.h).
 *
 *   http.c     raw request target -> decoded path segments and parameters;
 *              parameter validation against a per-route table
 *   app.c      the route table, JSON errors, the dispatcher (dy_serve_handle)
 *   static.c   files of web/ (no path leaves the directory)
 *   code_api.c POST /api/code: text -> events with spans and rules
 *   store_api.c the store endpoints (events, event, document, series, top, places, ingest)
 *   server.c   libmicrohttpd transport */
#ifndef DY_SERVE_IMPL_H
#define DY_SERVE_IMPL_H
#include <pthread.h>
#include "serve.h"

#define DY_HTTP_MAX_TARGET 4096     /* bytes of a request target */
#define DY_HTTP_MAX_SEGS 16         /* path segments */
#define DY_HTTP_MAX_PARAMS 32       /* query parameters */
#define DY_HTTP_MAX_VALUE 1024      /* bytes of one decoded parameter value */

typedef struct dy_http_param { const char *key, *val; } dy_http_param;

/* A parsed request.  Strings point into buf (owned). */
typedef struct dy_http_req {
    const char *method;
    const char *path;               /* decoded, e.g. "/api/events" */
    const char *seg[DY_HTTP_MAX_SEGS];
    int nseg;
    int trailing_slash;
    dy_http_param param[DY_HTTP_MAX_PARAMS];
    int nparam;
    const char *body;
    size_t len;
    const char *ctype;
    double deadline;
    char *buf;
} dy_http_req;

/* Parse target into req.  0, or an HTTP status (400, 414) with a message in err. */
int dy_http_parse_target(const char *target, dy_http_req *req, char *err, size_t errlen);
void dy_http_req_free(dy_http_req *req);

/* Parameter kinds checked before any handler sees a value. */
enum dy_pkind {
    DY_P_DATE,      /* YYYY-MM-DD, a real date */
    DY_P_CODE,      /* actor or country code: A-Z 0-9 and _, 1..32 chars */
    DY_P_DYAD,      /* CODE-CODE */
    DY_P_CAMEO,     /* 2 to 4 digits */
    DY_P_ROOT,      /* 2 digits, 01..20 */
    DY_P_INT,       /* integer in [lo, hi] */
    DY_P_ENUM,      /* one of a |-separated list */
    DY_P_TEXT,      /* any text without control characters, 1..200 bytes */
    DY_P_ID         /* a document or event id: printable, 1..512 bytes */
};
typedef struct dy_pspec {
    const char *name;
    enum dy_pkind kind;
    long lo, hi;
    const char *choices;
} dy_pspec;

/* Check every parameter of req against specs (NULL-name terminated): unknown
 * names, repeated names and bad values give 400 with a message naming the
 * parameter.  0 when all hold. */
int dy_http_check_params(const dy_http_req *req, const dy_pspec *specs, char *err, size_t errlen);
/* The value of parameter name, or NULL. */
const char *dy_http_param_get(const dy_http_req *req, const char *name);
long dy_http_param_int(const dy_http_req *req, const char *name, long dflt);
/* Validate one value (also used for path segments such as an event id). */
int dy_http_check_value(const dy_pspec *s, const char *v, char *err, size_t errlen);

struct dy_store_link;   /* store_api.c */

struct dy_serve_app {
    dy_serve_opts o;
    char *webdir;                   /* realpath of o.webdir, NULL without a page */
    size_t webdir_len;
    const dy_engine *engine;
    pthread_mutex_t mu;             /* guards the worker stack */
    dy_worker **workers;
    int nworkers, capworkers;
    struct dy_store_link *store;    /* NULL without --db */
};

/* Answer with a JSON error. */
void dy_serve_error(dy_http_resp *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Start a JSON answer with status 200. */
void dy_serve_json(dy_http_resp *r);

dy_worker *dy_serve_take_worker(dy_serve_app *a);
void dy_serve_give_worker(dy_serve_app *a, dy_worker *w);

void dy_serve_static(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_code(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);

/* Store endpoints; store_api.c.  open: 0 or -1 with err. */
int  dy_serve_store_open(dy_serve_app *a, char *err, size_t errlen);
void dy_serve_store_close(dy_serve_app *a);
void dy_serve_events(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_event(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r);
void dy_serve_document(dy_serve_app *a, const dy_http_req *q, const char *id, dy_http_resp *r);
void dy_serve_series(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_top(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_network(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_places(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_ingest(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);
void dy_serve_info(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r);

/* Append the JSON of one coded event (POST /api/code and documents). */
void dy_serve_event_json(dy_buf *b, const dy_doc *doc, const dy_event_view *v);
#endif
