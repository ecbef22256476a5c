/* server.c: the HTTP transport of `dyad serve`: GNU libmicrohttpd.
 *
 * Why libmicrohttpd: the issue asked for a maintained embedded HTTP library
 * from Debian, civetweb or libmicrohttpd.  Debian 12 ships civetweb only as
 * a program (no libcivetweb-dev to link against), and libmicrohttpd-dev is
 * there, maintained, and has what this needs: a thread pool
 * (MHD_OPTION_THREAD_POOL_SIZE), per-connection memory and idle-time limits,
 * the raw request target (MHD_OPTION_URI_LOG_CALLBACK) so that our own
 * parser (http.c) sees what the client sent, and file responses from a
 * descriptor.  No measurement between the two was possible without civetweb
 * as a library; the load test (bench/serve-load.c) gives libmicrohttpd's
 * numbers.
 *
 * Limits enforced here: a body larger than max_body is refused with 413 as
 * soon as Content-Length says so (before it is read), or once the bytes
 * sent pass the limit (chunked bodies: the rest is drained, then 413; past
 * four times the limit the connection is closed); headers are bounded by the
 * connection memory limit (libmicrohttpd answers 431 or 414 itself); a
 * connection idle for timeout_s is closed; a handler gets a deadline of
 * timeout_s from the request's start.  Malformed HTTP gets libmicrohttpd's
 * own 400.  Every request ends in one line of access log on stderr (unless
 * quiet). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <microhttpd.h>
#include "serve_impl.h"

struct dy_server {
    struct MHD_Daemon *d;
    dy_serve_app *app;
    dy_serve_opts o;
    int port;
};

typedef struct conn {
    char *target;
    dy_buf body;
    size_t seen;        /* body bytes received (kept or not) */
    int started, too_big, status;
    double start;
} conn;

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls; (void)c;
    conn *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->target = strdup(uri ? uri : "");
    dy_buf_init(&k->body);
    k->start = dy_serve_now();
    return k;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    dy_server *s = cls;
    conn *k = *con_cls;
    (void)c;
    if (!k) return;
    if (!s->o.quiet) {
        const char *why = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
                          toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)" :
                          toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? " (client went away)" : " (ended early)";
        char t[160];
        snprintf(t, sizeof t, "%s", k->target ? k->target : "");
        for (char *p = t; *p; p++) if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F) *p = '?';   /* no terminal escapes in the log */
        fprintf(stderr, "dyad serve: %d %s %.1f ms%s\n", k->status, t, (dy_serve_now() - k->start) * 1e3, why);
    }
    free(k->target);
    dy_buf_free(&k->body);
    free(k);
    *con_cls = NULL;
}

static enum MHD_Result send_resp(conn *k, struct MHD_Connection *c, dy_http_resp *r)
{
    struct MHD_Response *m;
    if (r->fd >= 0) {
        m = MHD_create_response_from_fd64((uint64_t)r->fsize, r->fd);
        if (m) r->fd = -1;   /* the response owns and closes it */
    } else {
        m = MHD_create_response_from_buffer(r->body.len, r->body.p ? r->body.p : (char *)"", MHD_RESPMEM_MUST_COPY);
    }
    if (!m) { dy_http_resp_free(r); return MHD_NO; }
    MHD_add_response_header(m, "Content-Type", r->ctype ? r->ctype : "application/octet-stream");
    if (r->cache) MHD_add_response_header(m, "Cache-Control", r->cache);
    if (r->allow) MHD_add_response_header(m, "Allow", r->allow);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(m, "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'");
    k->status = r->status;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, m);
    MHD_destroy_response(m);
    dy_http_resp_free(r);
    return ok;
}

static enum MHD_Result error_now(conn *k, struct MHD_Connection *c, int status, const char *what, size_t n)
{
    dy_http_resp r;
    dy_http_resp_init(&r);
    if (n) dy_serve_error(&r, status, "%s %zu bytes", what, n);
    else dy_serve_error(&r, status, "%s", what);
    return send_resp(k, c, &r);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    dy_server *s = cls;
    conn *k = *con_cls;
    if (!k) {   /* the URI log callback could not allocate */
        k = uri_log(NULL, url, c);
        if (!k) return MHD_NO;
        *con_cls = k;
    }
    size_t max = s->app->o.max_body;
    if (!k->started) {
        k->started = 1;
        if (version && !strcmp(version, MHD_HTTP_VERSION_1_1) && !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
            return error_now(k, c, 400, "an HTTP/1.1 request without a Host header", 0);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || *end || n > max)
                return error_now(k, c, 413, "request body too large: Content-Length above the limit of", max);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        k->seen += n;
        if (k->seen > max) k->too_big = 1;
        else dy_buf_add(&k->body, upload, n);
        *upload_size = 0;
        if (k->seen > 4 * max + 65536) return MHD_NO;   /* a flood: drop the connection */
        return MHD_YES;
    }
    if (k->too_big) return error_now(k, c, 413, "request body too large: more than", max);
    if (k->body.oom) return error_now(k, c, 503, "out of memory reading a body of", k->seen);
    dy_http_resp r;
    dy_http_resp_init(&r);
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    dy_serve_handle(s->app, method, k->target, k->body.p, k->body.len, ct, k->start + s->app->o.timeout_s, &r);
    return send_resp(k, c, &r);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    dy_server *s = cls;
    if (s->o.quiet) return;
    fputs("dyad serve: libmicrohttpd: ", stderr);
    vfprintf(stderr, fmt, ap);
}

dy_server *dy_server_start(dy_serve_app *app, const dy_serve_opts *o, char *err, size_t errlen)
{
    dy_server *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    s->app = app;
    s->o = app->o;
    s->o.quiet = o->quiet;
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    char port[16];
    snprintf(port, sizeof port, "%d", o->port);
    const char *bind = o->bind ? o->bind : "127.0.0.1";
    int gai = getaddrinfo(bind, port, &hints, &ai);
    if (gai || !ai) {
        snprintf(err, errlen, "--bind %s: not a numeric IPv4 or IPv6 address (%s)", bind, gai_strerror(gai));
        free(s);
        return NULL;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    int threads = app->o.threads > 0 ? app->o.threads : 4;
    s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handler, s,
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, (void *)s,
                            MHD_OPTION_SOCK_ADDR, ai->ai_addr,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                            MHD_OPTION_URI_LOG_CALLBACK, uri_log, (void *)s,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->o.timeout_s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
                            MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s port %d (in use, or not an address of this machine)", bind, o->port);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *inf = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = inf ? inf->port : o->port;
    return s;
}

int dy_server_port(const dy_server *s) { return s->port; }

void dy_server_stop(dy_server *s)
{
    if (!s) return;
    if (s->d) MHD_stop_daemon(s->d);
    free(s);
}
