/* fuzz_serve.c: libFuzzer target for the HTTP front of `dyad serve`, without
 * sockets: the request-target parser, path checks, routing, parameter
 * validation, static files and POST /api/code (dy_serve_handle, the function
 * the transport calls for every request).
 *
 * Input: byte 0 picks the method (GET, HEAD, POST, PUT, OPTIONS, DELETE, "",
 * "BREW") and the body's Content-Type (text/plain, application/json, none,
 * junk); the bytes up to the first newline are the raw request target; the
 * rest is the body.  The app serves the checkout's web/ directory, has no
 * store (store routes answer 503 once their parameters pass) and a small
 * body limit.
 * Checks: the status is a real HTTP status; every non-file answer is one
 * JSON value, and an error's "status" field is the HTTP status; a file is
 * only served from inside web/ and only for a target without a "." or ".."
 * segment (plain or %-encoded) and without a NUL. */
#include "fuzz_common.h"
#include <cJSON.h>
#include <fcntl.h>
#include "dyad.h"
#include "serve/serve.h"

static dy_engine *eng;
static dy_serve_app *app;
static char webreal[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *dd = getenv("DYAD_DATA");
    if (!dd) dd = access("/work/main/data/cameo/codes.txt", R_OK) == 0 ? "/work/main/data" : "data";
    char web[4096];
    snprintf(web, sizeof web, "%s/../web", dd);
    if (!realpath(web, webreal)) { fprintf(stderr, "fuzz_serve: no web directory at %s\n", web); exit(1); }
    dy_options o;
    memset(&o, 0, sizeof o);
    o.datadir = dd;
    o.max_sentence_tokens = 40;
    char err[1024];
    if (!(eng = dy_engine_new(&o, err, sizeof err))) { fprintf(stderr, "fuzz_serve: %s\n", err); exit(1); }
    dy_serve_opts so;
    memset(&so, 0, sizeof so);
    so.engine = eng;
    so.webdir = webreal;
    so.max_body = 8192;
    so.max_results = 50;
    so.quiet = 1;
    if (!(app = dy_serve_app_new(&so, err, sizeof err))) { fprintf(stderr, "fuzz_serve: %s\n", err); exit(1); }
    return 0;
}

/* 1 when the raw target has a "." or ".." segment once decoded, or an encoded NUL. */
static int has_dot_segment(const char *t)
{
    char dec[8192];
    size_t o = 0;
    for (size_t i = 0; t[i] && t[i] != '?' && o + 1 < sizeof dec; i++) {
        if (t[i] == '%' && t[i + 1] && t[i + 2]) {
            char h[3] = { t[i + 1], t[i + 2], 0 };
            dec[o++] = (char)strtol(h, NULL, 16);
            i += 2;
        } else dec[o++] = t[i];
    }
    dec[o] = 0;
    if (memchr(dec, 0, o)) return 1;
    const char *p = dec;
    while ((p = strchr(p, '.'))) {
        int start = p == dec || p[-1] == '/' || p[-1] == '\\';
        size_t k = p[1] == '.' ? 2 : 1;
        if (start && (p[k] == 0 || p[k] == '/' || p[k] == '\\')) return 1;
        p++;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = { "GET", "HEAD", "POST", "POST", "PUT", "OPTIONS", "DELETE", "BREW" };
    static const char *const ctypes[] = { "text/plain", "application/json; charset=utf-8", NULL, "multipart/form-data" };
    uint8_t opt = size ? data[0] : 0;
    if (size) { data++; size--; }
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tl = nl ? (size_t)(nl - data) : size;
    char *target = malloc(tl + 1);
    if (!target) return 0;
    memcpy(target, data, tl);
    target[tl] = 0;   /* a NUL inside the target ends it early, as in a C string from the transport */
    const char *body = nl ? (const char *)nl + 1 : NULL;
    size_t blen = nl ? size - tl - 1 : 0;
    const char *method = (opt & 0x40) ? "" : methods[opt & 7];
    dy_http_resp r;
    dy_http_resp_init(&r);
    dy_serve_handle(app, method, target, body, blen, ctypes[(opt >> 3) & 3], 0, &r);
    if (r.status < 200 || r.status > 599) fz_fail("status %d", r.status);
    if (r.fd >= 0) {
        if (r.status != 200) fz_fail("a file with status %d", r.status);
        if (has_dot_segment(target)) fz_fail("a file served for a dot-segment target \"%s\"", target);
        char proc[64], real[4096];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", r.fd);
        ssize_t n = readlink(proc, real, sizeof real - 1);
        if (n > 0) {
            real[n] = 0;
            size_t wl = strlen(webreal);
            if (strncmp(real, webreal, wl) || real[wl] != '/') fz_fail("served %s, outside %s", real, webreal);
        }
    } else {
        cJSON *j = cJSON_ParseWithLength(r.body.p ? r.body.p : "", r.body.len);
        if (!j) fz_fail("answer %d is not JSON: %.200s", r.status, r.body.p ? r.body.p : "");
        if (r.status >= 400) {
            const cJSON *e = cJSON_GetObjectItem(j, "error");
            const cJSON *st = e ? cJSON_GetObjectItem(e, "status") : NULL;
            if (!st || !cJSON_IsNumber(st) || st->valueint != r.status) fz_fail("error body without its status %d", r.status);
        }
        cJSON_Delete(j);
    }
    dy_http_resp_free(&r);
    free(target);
    return 0;
}
