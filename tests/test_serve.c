/* test_serve.c: `dyad serve`'s request logic and transport, under bad input.
 *
 * Part 1 calls the app (dy_serve_handle) directly: routing, path traversal
 * (plain, %2e%2e, encoded slashes, backslashes, NUL, hidden files, a symbolic
 * link pointing out), bad parameters, SQL metacharacters, JSON errors with
 * the right status, POST /api/code.  Part 2 starts the real server on a
 * loopback port and sends raw bytes over a socket: malformed requests,
 * oversized bodies (declared and chunked), huge headers, unknown routes,
 * traversal; after each the server must still answer GET /api.  Then
 * concurrent /api/code requests through the thread pool.  Part 3 ingests
 * the browser test's documents into a SQLite store (the dyad binary) and
 * checks the store routes: pagination and sorting, one event, a document,
 * series, top, network, places, 404s for unknown ids, SQL metacharacters in
 * free-text filters (bound as parameters: no rows, the store intact), and
 * that a read-only server refuses ingest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <poll.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include "harness.h"
#include "serve/serve.h"

static dy_engine *E;
static dy_serve_app *APP;

static int req(const char *method, const char *target, const char *ctype, const char *body, dy_http_resp *r)
{
    dy_http_resp_init(r);
    dy_serve_handle(APP, method, target, body, body ? strlen(body) : 0, ctype, 0, r);
    return r->status;
}

/* The answer is a JSON error object whose status is the HTTP status. */
static int is_json_error(const dy_http_resp *r)
{
    if (r->fd >= 0 || !r->body.p) return 0;
    cJSON *j = cJSON_Parse(r->body.p);
    const cJSON *e = j ? cJSON_GetObjectItem(j, "error") : NULL;
    const cJSON *st = e ? cJSON_GetObjectItem(e, "status") : NULL;
    const cJSON *msg = e ? cJSON_GetObjectItem(e, "message") : NULL;
    int ok = st && cJSON_IsNumber(st) && st->valueint == r->status && cJSON_IsString(msg) && *msg->valuestring;
    cJSON_Delete(j);
    return ok;
}

static int status_of(const char *method, const char *target, const char *ctype, const char *body)
{
    dy_http_resp r;
    int s = req(method, target, ctype, body, &r);
    if (s >= 400 && !is_json_error(&r)) { fprintf(stderr, "  %s %s: %d without a JSON error body\n", method, target, s); s = -s; }
    dy_http_resp_free(&r);
    return s;
}

TEST(static_files_and_traversal)
{
    CHECK_INT(status_of("GET", "/", NULL, NULL), 200);
    CHECK_INT(status_of("GET", "/index.html", NULL, NULL), 200);
    CHECK_INT(status_of("HEAD", "/app.js", NULL, NULL), 200);
    CHECK_INT(status_of("GET", "/vendor/echarts/LICENSE", NULL, NULL), 200);
    static const char *const bad[] = {
        "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd", "/vendor/../../etc/passwd",
        "/vendor/%2e%2e%2f%2e%2e%2fetc/passwd", "/..%2fMakefile", "/.%2e/Makefile", "/./index.html",
        "/vendor/..\\..\\Makefile", "/%5c..%5cMakefile", "/index.html%00.png", "/%zz", "/%2", "/a%0ab",
        "//etc/passwd", "/.git/config", "/%c0%ae%c0%ae/etc/passwd", "/index.html#x", "relative", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int s = status_of("GET", bad[i], NULL, NULL);
        if (s < 400 || s > 499) fprintf(stderr, "  GET \"%s\" -> %d\n", bad[i], s);
        CHECK(s >= 400 && s <= 499);
    }
    CHECK_INT(status_of("GET", "/no-such-file.html", NULL, NULL), 404);
    CHECK_INT(status_of("DELETE", "/index.html", NULL, NULL), 405);
    CHECK_INT(status_of("PUT", "/api/events", NULL, NULL), 405);
}

TEST(symlink_out_of_webdir_refused)
{
    char dir[512], path[600];
    if (h_tmpdir("serve-web", dir, sizeof dir)) { CHECK(0); return; }
    snprintf(path, sizeof path, "%s/index.html", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) { fputs("<p>hi</p>", f); fclose(f); }
    snprintf(path, sizeof path, "%s/out.txt", dir);
    CHECK(symlink("/etc/hostname", path) == 0);
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.engine = E;
    o.webdir = dir;
    char err[256];
    dy_serve_app *a = dy_serve_app_new(&o, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        dy_http_resp r;
        dy_http_resp_init(&r);
        dy_serve_handle(a, "GET", "/out.txt", NULL, 0, NULL, 0, &r);
        CHECK_INT(r.status, 403);
        dy_http_resp_free(&r);
        dy_http_resp_init(&r);
        dy_serve_handle(a, "GET", "/", NULL, 0, NULL, 0, &r);
        CHECK_INT(r.status, 200);
        CHECK(r.fd >= 0 && r.fsize == 9);
        dy_http_resp_free(&r);
        dy_serve_app_free(a);
    }
    unlink(path);
    snprintf(path, sizeof path, "%s/index.html", dir);
    unlink(path);
    rmdir(dir);
}

TEST(routes_and_parameters)
{
    CHECK_INT(status_of("GET", "/api", NULL, NULL), 200);
    CHECK_INT(status_of("GET", "/api/nope", NULL, NULL), 404);
    CHECK_INT(status_of("GET", "/api/events/1/more", NULL, NULL), 404);
    CHECK_INT(status_of("GET", "/api/series/x", NULL, NULL), 404);
    /* parameters are checked before the store is asked (this app has none: 503 when they hold) */
    static const char *const bad[] = {
        "/api/events?limit=abc", "/api/events?limit=-1", "/api/events?limit=99999999", "/api/events?offset=x",
        "/api/events?from=2024-02-30", "/api/events?from=yesterday", "/api/events?quad=5", "/api/events?sort=evil",
        "/api/events?nosuch=1", "/api/events?actor=RUS&actor=CHN", "/api/events?actor=RUS'%20OR%201=1--",
        "/api/events?actor=%27;DROP%20TABLE%20events;--", "/api/events?source=a%22b", "/api/events?cameo=04%25",
        "/api/events?root=4;", "/api/events?dyad=RUS", "/api/events?dyad=RUS-CHN'--", "/api/events?mode=1%20OR%201",
        "/api/series?by=year&dyad=RUS-CHN", "/api/series?dyad=RUS-CHN&by=month%00", "/api/top?kind=evil",
        "/api/top?limit=0", "/api/events?=1", "/api/events?actor=%ff", "/api/places?from=2024-13-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int s = status_of("GET", bad[i], NULL, NULL);
        if (s != 400) fprintf(stderr, "  GET \"%s\" -> %d\n", bad[i], s);
        CHECK_INT(s, 400);
    }
    /* good parameters, no store: 503, not 400 */
    CHECK_INT(status_of("GET", "/api/events?actor=RUS&from=2024-01-01&limit=10&sort=-date", NULL, NULL), 503);
    CHECK_INT(status_of("GET", "/api/events?outlet=O%27Reilly%20%22Times%22%3B--", NULL, NULL), 503);
    CHECK_INT(status_of("POST", "/api/ingest", "application/json", "{}"), 403);
}

TEST(post_code)
{
    dy_http_resp r;
    const char *text = "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.";
    CHECK_INT(req("POST", "/api/code", "text/plain; charset=utf-8", text, &r), 200);
    cJSON *j = cJSON_Parse(r.body.p);
    const cJSON *ev = j ? cJSON_GetObjectItem(j, "events") : NULL;
    CHECK(cJSON_GetArraySize(ev) >= 1);
    const cJSON *e0 = cJSON_GetArrayItem(ev, 0);
    const cJSON *src = e0 ? cJSON_GetObjectItem(e0, "source") : NULL;
    const cJSON *rule = e0 ? cJSON_GetObjectItem(e0, "rule") : NULL;
    CHECK(src && cJSON_GetObjectItem(src, "start") && cJSON_GetObjectItem(src, "end"));
    if (src) {
        int s = cJSON_GetObjectItem(src, "start")->valueint, en = cJSON_GetObjectItem(src, "end")->valueint;
        CHECK(s >= 0 && en > s && (size_t)en <= strlen(text));
        CHECK(!strncmp(text + s, cJSON_GetObjectItem(src, "text")->valuestring, (size_t)(en - s)));
    }
    CHECK(rule && cJSON_IsString(cJSON_GetObjectItem(rule, "pattern")) && cJSON_GetObjectItem(rule, "line")->valueint > 0);
    cJSON_Delete(j);
    dy_http_resp_free(&r);
    /* JSON body with a date; the alias /code */
    CHECK_INT(req("POST", "/code", "application/json", "{\"text\": \"China and Russia signed an energy agreement in Moscow.\", \"date\": \"2024-03-05\"}", &r), 200);
    CHECK(strstr(r.body.p, "\"date\": \"2024-03-05\"") != NULL);
    dy_http_resp_free(&r);
    CHECK_INT(status_of("POST", "/api/code", "application/json", "{\"text\": 5}"), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/json", "{\"text\": \"x\", \"evil\": 1}"), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/json", "{\"text\": \"x\", \"date\": \"2024-02-30\"}"), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/json", "{\"text\": \"unterminated"), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/json", "[1, 2]"), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/json", ""), 400);
    CHECK_INT(status_of("POST", "/api/code", "text/plain", ""), 400);
    CHECK_INT(status_of("POST", "/api/code", "application/x-www-form-urlencoded", "text=x"), 415);
    CHECK_INT(status_of("POST", "/api/code", NULL, "x"), 415);
    CHECK_INT(status_of("POST", "/api/code?date=tomorrow", "text/plain", "x"), 400);
    CHECK_INT(status_of("GET", "/api/code", NULL, NULL), 405);
    /* body over the app's limit (the transport refuses it earlier; the app checks too) */
    char *big = malloc(2u << 20);
    CHECK(big != NULL);
    if (big) {
        memset(big, 'a', (2u << 20) - 1);
        big[(2u << 20) - 1] = 0;
        CHECK_INT(status_of("POST", "/api/code", "text/plain", big), 413);
        free(big);
    }
}

/* ---- part 2: the real server over a socket ---- */
static int PORT;

/* Send raw bytes, read the answer until the server closes; the status code,
 * or -1 when the connection closed with no status line, -2 when it could not connect. */
static int raw(const char *bytes, size_t n, char *out, size_t outcap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -2;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)PORT);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) { close(fd); return -2; }
    /* send in pieces, and stop as soon as the server answers (413, 431 come
     * before the request is all sent; writing on would reset the connection
     * and lose the answer) */
    size_t off = 0;
    while (off < n) {
        struct pollfd pf = { fd, POLLIN | POLLOUT, 0 };
        if (poll(&pf, 1, 10000) <= 0 || (pf.revents & (POLLIN | POLLERR | POLLHUP))) break;
        size_t chunk = n - off < 4096 ? n - off : 4096;
        ssize_t w = send(fd, bytes + off, chunk, MSG_NOSIGNAL);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (off == n) shutdown(fd, SHUT_WR);
    size_t got = 0;
    for (;;) {
        ssize_t r = recv(fd, out + got, outcap - 1 - got, 0);
        if (r <= 0) break;
        got += (size_t)r;
        if (got == outcap - 1) break;
    }
    out[got] = 0;
    close(fd);
    int st = -1;
    if (got > 12 && !strncmp(out, "HTTP/1.", 7)) st = atoi(out + 9);
    return st;
}

static int raw_str(const char *s)
{
    static char out[1 << 16];
    return raw(s, strlen(s), out, sizeof out);
}

static int alive(void)
{
    return raw_str("GET /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == 200;
}

TEST(server_hostile_requests)
{
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.engine = E;
    o.webdir = "web";
    o.port = 0;
    o.threads = 4;
    o.max_body = 4096;
    o.timeout_s = 3;
    o.quiet = 1;
    char err[256];
    dy_serve_app *a = dy_serve_app_new(&o, err, sizeof err);
    CHECK(a != NULL);
    if (!a) return;
    dy_server *s = dy_server_start(a, &o, err, sizeof err);
    CHECK(s != NULL);
    if (!s) { fprintf(stderr, "  %s\n", err); dy_serve_app_free(a); return; }
    PORT = dy_server_port(s);
    CHECK(PORT > 0);
    CHECK(alive());
    /* a second server on the same port is refused (no SO_REUSEPORT sharing of the traffic) */
    dy_serve_opts o2 = o;
    o2.port = PORT;
    dy_server *s2 = dy_server_start(a, &o2, err, sizeof err);
    CHECK(s2 == NULL);
    if (s2) dy_server_stop(s2);
    static char big_header[80 * 1024];
    static const char bh[] = "GET /api HTTP/1.1\r\nHost: x\r\nX-Big: ";
    memcpy(big_header, bh, sizeof bh - 1);
    memset(big_header + sizeof bh - 1, 'a', sizeof big_header - 5 - (sizeof bh - 1));
    memcpy(big_header + sizeof big_header - 5, "\r\n\r\n", 5);
    static char chunked[64 * 1024];
    int cn = snprintf(chunked, sizeof chunked, "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for (int k = 0; k < 3; k++) {
        cn += snprintf(chunked + cn, sizeof chunked - (size_t)cn, "1000\r\n");
        memset(chunked + cn, 'x', 4096);
        cn += 4096;
        cn += snprintf(chunked + cn, sizeof chunked - (size_t)cn, "\r\n");
    }
    cn += snprintf(chunked + cn, sizeof chunked - (size_t)cn, "0\r\n\r\n");
    static const struct { const char *what, *bytes; int lo, hi; } C[] = {
        /* libmicrohttpd 0.9.75 closes the connection on a request line it cannot split, without a status (-1) */
        { "garbage", "GARBAGE\r\n\r\n", -1, 499 },
        { "no version", "GET /\r\n\r\n", 400, 505 },
        { "bad version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400, 505 },
        { "no host (HTTP/1.1)", "GET /api HTTP/1.1\r\nConnection: close\r\n\r\n", 400, 499 },
        { "binary", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", -1, 499 },
        { "traversal", "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 499 },
        { "encoded traversal", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 499 },
        { "encoded slash traversal", "GET /vendor/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 499 },
        { "unknown route", "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, 404 },
        { "unknown file", "GET /nothing-here.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, 404 },
        { "bad parameter", "GET /api/events?limit=%27%20OR%201=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400 },
        { "SQL in a code filter", "GET /api/events?actor=RUS%27%3B%20DROP%20TABLE%20events%3B-- HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400 },
        { "wrong method", "DELETE /api/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, 405 },
        { "declared oversized body", "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\nabc", 413, 413 },
        { "absurd Content-Length", "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n", 400, 413 },
        { "negative Content-Length", "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: -5\r\nConnection: close\r\n\r\n", 400, 413 },
        { "wrong body type", "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", 415, 415 },
        { "malformed JSON", "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"text\":[", 400, 400 },
        { "request line too long", NULL, 400, 431 },
        { "header too large", big_header, 400, 431 },
        { "chunked oversized body", chunked, 413, 413 },
    };
    static char longline[20000];
    memcpy(longline, "GET /", 5);
    memset(longline + 5, 'a', sizeof longline - 40);
    memcpy(longline + sizeof longline - 35, " HTTP/1.1\r\nHost: x\r\n\r\n", 23);
    static char out[1 << 16];
    for (size_t i = 0; i < sizeof C / sizeof *C; i++) {
        const char *b = C[i].bytes ? C[i].bytes : longline;
        size_t n = b == chunked ? (size_t)cn : strlen(b);
        int st = raw(b, n, out, sizeof out);
        int ok = st >= C[i].lo && st <= C[i].hi && st != -2;
        if (!ok) fprintf(stderr, "  %s: status %d (want %d..%d)\n", C[i].what, st, C[i].lo, C[i].hi);
        CHECK(ok);
        int up = alive();
        if (!up) fprintf(stderr, "  the server stopped answering after: %s\n", C[i].what);
        CHECK(up);
    }
    /* a POST within the limit still works, and a pipelined pair on one connection */
    const char *text = "Germany promised military aid to Ukraine.";
    char post[512];
    snprintf(post, sizeof post, "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(text), text);
    CHECK_INT(raw(post, strlen(post), out, sizeof out), 200);
    CHECK(strstr(out, "\"cameo\"") != NULL);
    CHECK(strstr(out, "Content-Type: application/json") != NULL || strstr(out, "content-type: application/json") != NULL);
    dy_server_stop(s);
    dy_serve_app_free(a);
}

typedef struct { int ok, n; } load_arg;
static void *load_thread(void *p)
{
    load_arg *la = p;
    const char *text = "The United States imposed new sanctions on Iran over its nuclear programme.";
    char post[512];
    snprintf(post, sizeof post, "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(text), text);
    char *out = malloc(1 << 16);
    for (int i = 0; out && i < la->n; i++)
        if (raw(post, strlen(post), out, 1 << 16) == 200 && strstr(out, "\"USA")) la->ok++;
    free(out);
    return NULL;
}

TEST(server_concurrent_code)
{
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.engine = E;
    o.threads = 4;
    o.quiet = 1;
    char err[256];
    dy_serve_app *a = dy_serve_app_new(&o, err, sizeof err);
    dy_server *s = a ? dy_server_start(a, &o, err, sizeof err) : NULL;
    CHECK(s != NULL);
    if (!s) { dy_serve_app_free(a); return; }
    PORT = dy_server_port(s);
    pthread_t t[8];
    load_arg la[8];
    for (int i = 0; i < 8; i++) { la[i].ok = 0; la[i].n = 25; pthread_create(&t[i], NULL, load_thread, &la[i]); }
    int ok = 0;
    for (int i = 0; i < 8; i++) { pthread_join(t[i], NULL); ok += la[i].ok; }
    CHECK_INT(ok, 200);
    dy_server_stop(s);
    dy_serve_app_free(a);
}


static char *ARGV0;

static cJSON *get_json(dy_serve_app *a, const char *target, int want)
{
    dy_http_resp r;
    dy_http_resp_init(&r);
    dy_serve_handle(a, "GET", target, NULL, 0, NULL, dy_serve_now() + 10, &r);
    if (r.status != want) fprintf(stderr, "  GET %s -> %d (want %d): %.300s\n", target, r.status, want, r.body.p ? r.body.p : "");
    CHECK_INT(r.status, want);
    cJSON *j = r.fd < 0 ? cJSON_Parse(r.body.p ? r.body.p : "") : NULL;
    CHECK(j != NULL);
    dy_http_resp_free(&r);
    return j;
}

static int count_of(cJSON *j, const char *key)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(j, key));
}

/* The store routes on a store at pg (a PostgreSQL URL, emptied first), or on a new SQLite file. */
static void store_routes_on(const char *pg)
{
    char bin[1024], dir[512], cmd[4096];
    h_dyad_bin(ARGV0, bin, sizeof bin);
    if (access(bin, X_OK)) { fprintf(stderr, "  skipped: no dyad binary beside the tests\n"); H_.cur_skipped = 1; return; }
    if (h_tmpdir("serve-store", dir, sizeof dir)) { CHECK(0); return; }
    char db[1200];
    if (pg) {
        PGconn *c = PQconnectdb(pg);
        CHECK(PQstatus(c) == CONNECTION_OK);
        if (PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
        PQfinish(c);
        snprintf(db, sizeof db, "%s", pg);
    } else snprintf(db, sizeof db, "%s/s.db", dir);
    snprintf(cmd, sizeof cmd, "'%s' ingest tests/browser/docs.jsonl examples/modi-moscow.txt --db '%s' >/dev/null 2>&1", bin, db);
    CHECK_INT(system(cmd), 0);
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.engine = E;
    o.db = db;
    o.max_results = 100;
    o.quiet = 1;
    char err[512];
    dy_serve_app *a = dy_serve_app_new(&o, err, sizeof err);
    CHECK(a != NULL);
    if (!a) { fprintf(stderr, "  %s\n", err); return; }
    cJSON *info = get_json(a, "/api", 200);
    long total = (long)cJSON_GetObjectItem(info, "events")->valuedouble;
    CHECK(total > 100);
    cJSON_Delete(info);
    /* pages: 3 pages of 40 = the first 120 events, no repeats, newest first */
    long seen_ids[200];
    int nseen = 0;
    char prev[11] = "9999-99-99";
    int ordered = 1;
    for (int page = 0; page < 3; page++) {
        char t[128];
        snprintf(t, sizeof t, "/api/events?limit=40&offset=%d&sort=-date", page * 40);
        cJSON *j = get_json(a, t, 200);
        CHECK_INT(count_of(j, "events"), 40);
        CHECK(cJSON_IsTrue(cJSON_GetObjectItem(j, "more")));
        cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "events")) {
            const char *d = cJSON_GetObjectItem(e, "date")->valuestring;
            if (strcmp(d, prev) > 0) ordered = 0;
            snprintf(prev, sizeof prev, "%s", d);
            long id = (long)cJSON_GetObjectItem(e, "id")->valuedouble;
            for (int k = 0; k < nseen; k++) if (seen_ids[k] == id) ordered = 0;
            if (nseen < 200) seen_ids[nseen++] = id;
        }
        cJSON_Delete(j);
    }
    CHECK(ordered);
    CHECK_INT(nseen, 120);
    cJSON *j = get_json(a, "/api/events?limit=1000", 400);   /* over --max-results */
    cJSON_Delete(j);
    /* most mentioned first */
    j = get_json(a, "/api/events?limit=5&sort=-mentions", 200);
    const cJSON *e0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "events"), 0);
    const cJSON *e4 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "events"), 4);
    CHECK(e0 && e4 && cJSON_GetObjectItem(e0, "num_mentions")->valueint >= cJSON_GetObjectItem(e4, "num_mentions")->valueint);
    long id0 = e0 ? (long)cJSON_GetObjectItem(e0, "id")->valuedouble : 0;
    int nm0 = e0 ? cJSON_GetObjectItem(e0, "num_mentions")->valueint : 0;
    cJSON_Delete(j);
    /* one event: its mentions, sentences, outlets; spans inside the sentence */
    char t[256];
    snprintf(t, sizeof t, "/api/events/%ld", id0);
    j = get_json(a, t, 200);
    CHECK_INT(count_of(j, "mentions"), nm0);
    CHECK(count_of(j, "outlets") >= 1);
    cJSON *m;
    int spans_ok = 1;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(j, "mentions")) {
        const cJSON *sent = cJSON_GetObjectItem(m, "sentence"), *src = cJSON_GetObjectItem(m, "source");
        const char *text = cJSON_GetObjectItem(sent, "text")->valuestring;
        int base = cJSON_GetObjectItem(sent, "start")->valueint;
        int ss = cJSON_GetObjectItem(src, "start")->valueint - base, se = cJSON_GetObjectItem(src, "end")->valueint - base;
        if (ss < 0 || se <= ss || (size_t)se > strlen(text)) spans_ok = 0;
        if (!cJSON_IsString(cJSON_GetObjectItem(m, "rule"))) spans_ok = 0;
    }
    CHECK(spans_ok);
    cJSON_Delete(j);
    j = get_json(a, "/api/events/999999999", 404); cJSON_Delete(j);
    j = get_json(a, "/api/events/abc", 404); cJSON_Delete(j);
    j = get_json(a, "/api/events/1%27%20OR%201=1", 404); cJSON_Delete(j);
    /* a document: its events and spans, only its own mentions */
    j = get_json(a, "/api/documents/modi-moscow.txt", 200);
    CHECK(count_of(j, "events") >= 6);
    int own = 1;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(j, "events")) if (strcmp(cJSON_GetObjectItem(m, "doc")->valuestring, "modi-moscow.txt")) own = 0;
    CHECK(own);
    cJSON_Delete(j);
    j = get_json(a, "/api/documents/no-such-doc", 404); cJSON_Delete(j);
    j = get_json(a, "/api/documents/x%27%3B%20DROP%20TABLE%20documents%3B--", 404); cJSON_Delete(j);
    /* series, top, network, places */
    j = get_json(a, "/api/series?dyad=RUS-UKR&by=month&from=2024-01-01&to=2024-06-30", 200);
    CHECK_INT(count_of(j, "points"), 6);
    cJSON_Delete(j);
    j = get_json(a, "/api/series?by=week", 400); cJSON_Delete(j);
    j = get_json(a, "/api/top?kind=actors&limit=5", 200); CHECK_INT(count_of(j, "rows"), 5); cJSON_Delete(j);
    j = get_json(a, "/api/top?kind=dyads&limit=3&from=2024-03-01", 200); CHECK_INT(count_of(j, "rows"), 3); cJSON_Delete(j);
    j = get_json(a, "/api/network?limit=10", 200);
    CHECK_INT(count_of(j, "edges"), 10);
    CHECK(count_of(j, "nodes") >= 5);
    cJSON_Delete(j);
    j = get_json(a, "/api/places", 200); CHECK(count_of(j, "countries") >= 3 && count_of(j, "cities") >= 3); cJSON_Delete(j);
    /* SQL metacharacters where free text is allowed: bound, so nothing matches and nothing breaks */
    static const char *const sqlish[] = {
        "/api/events?outlet=Reuters%27%20OR%20%271%27=%271", "/api/events?outlet=x%27%3B%20DROP%20TABLE%20events%3B--",
        "/api/events?place=%22%29%20OR%201=1%20--", "/api/events?outlet=%25", "/api/events?place=_",
    };
    for (size_t k = 0; k < sizeof sqlish / sizeof *sqlish; k++) {
        j = get_json(a, sqlish[k], 200);
        CHECK_INT(count_of(j, "events"), 0);
        cJSON_Delete(j);
    }
    j = get_json(a, "/api/events?outlet=Reuters&limit=100", 200); CHECK(count_of(j, "events") > 0); cJSON_Delete(j);
    j = get_json(a, "/api/events?q=sanctions&limit=100", 200); CHECK(count_of(j, "events") > 0); cJSON_Delete(j);
    if (!pg) {   /* SQLite's FTS5 syntax errors are the client's: 400 (PostgreSQL's websearch syntax takes anything) */
        j = get_json(a, "/api/events?q=%22", 400); cJSON_Delete(j);
        j = get_json(a, "/api/events?q=AND%20OR", 400); cJSON_Delete(j);
    } else {
        j = get_json(a, "/api/events?q=%22", 200); cJSON_Delete(j);
    }
    info = get_json(a, "/api", 200);
    CHECK_INT((long)cJSON_GetObjectItem(info, "events")->valuedouble, total);
    cJSON_Delete(info);
    /* the request time limit holds inside the store's statements: a deadline already passed gives 503 */
    static const char *const slow[] = { "/api/top?kind=actors", "/api/places", "/api/events?limit=100", "/api/network" };
    for (size_t k = 0; k < sizeof slow / sizeof *slow; k++) {
        dy_http_resp rr;
        dy_http_resp_init(&rr);
        dy_serve_handle(a, "GET", slow[k], NULL, 0, NULL, dy_serve_now() - 1, &rr);
        if (rr.status != 503) fprintf(stderr, "  GET %s past its deadline -> %d\n", slow[k], rr.status);
        CHECK_INT(rr.status, 503);
        CHECK(is_json_error(&rr));
        dy_http_resp_free(&rr);
    }
    j = get_json(a, "/api/top?kind=actors", 200);   /* and the pooled handle has no deadline left */
    cJSON_Delete(j);
    /* read-only: ingest refused */
    dy_http_resp r;
    dy_http_resp_init(&r);
    dy_serve_handle(a, "POST", "/api/ingest", "{\"id\": \"n1\", \"text\": \"x\"}", 27, "application/x-ndjson", 0, &r);
    CHECK_INT(r.status, 403);
    dy_http_resp_free(&r);
    dy_serve_app_free(a);
    /* with --allow-ingest: a document goes in and is found */
    o.allow_ingest = 1;
    a = dy_serve_app_new(&o, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        const char *body = "{\"id\": \"posted-1\", \"date\": \"2024-08-01\", \"source\": \"Test\", \"text\": \"Germany promised military aid to Ukraine.\"}\n";
        dy_http_resp_init(&r);
        dy_serve_handle(a, "POST", "/api/ingest", body, strlen(body), "application/x-ndjson", 0, &r);
        CHECK_INT(r.status, 200);
        dy_http_resp_free(&r);
        j = get_json(a, "/api/documents/posted-1", 200); CHECK(count_of(j, "events") >= 1); cJSON_Delete(j);
        dy_http_resp_init(&r);
        dy_serve_handle(a, "POST", "/api/ingest", "not json\n", 9, "application/x-ndjson", 0, &r);
        CHECK_INT(r.status, 400);
        dy_http_resp_free(&r);
        dy_serve_app_free(a);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
}

TEST(store_routes) { store_routes_on(NULL); }

TEST(store_routes_postgresql)
{
    const char *pg = getenv("DYAD_TEST_PG");
    if (!pg || !*pg) SKIP("PostgreSQL: DYAD_TEST_PG is not set (tests/pg.sh start; .ci/run starts a server) - store routes ran on SQLite only");
    store_routes_on(pg);
}

int main(int argc, char **argv)
{
    (void)argc;
    ARGV0 = argv[0];
    char err[512];
    dy_options eo;
    memset(&eo, 0, sizeof eo);
    eo.unknown_actors = 1;
    E = dy_engine_new(&eo, err, sizeof err);
    if (!E) { fprintf(stderr, "engine: %s\n", err); return 1; }
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.engine = E;
    o.webdir = "web";
    o.quiet = 1;
    APP = dy_serve_app_new(&o, err, sizeof err);
    if (!APP) { fprintf(stderr, "app: %s\n", err); return 1; }
    RUN(static_files_and_traversal);
    RUN(symlink_out_of_webdir_refused);
    RUN(routes_and_parameters);
    RUN(post_code);
    RUN(server_hostile_requests);
    RUN(server_concurrent_code);
    RUN(store_routes);
    RUN(store_routes_postgresql);
    dy_serve_app_free(APP);
    dy_engine_free(E);
    return DONE();
}
