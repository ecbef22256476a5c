/* http.c: a raw request target -> decoded path segments and query parameters,
 * and the checks every parameter passes before a handler sees it.
 *
 * Why by hand and not libmicrohttpd's parsed arguments: the request logic
 * must run, be tested and be fuzzed without sockets, on exactly the bytes a
 * client sent.  libmicrohttpd hands the raw target over (its URI log
 * callback) and this file does the rest: percent-decoding (malformed escapes,
 * encoded NUL and control characters refused), path segments ("." and ".."
 * refused whether written plainly or as %2e%2e, so no path can climb out of
 * web/), '+' as space in queries, bounded sizes.  Each check failing is a 400
 * or 414 with a message naming what was wrong.
 *
 * Values are then checked against a per-route table (dy_pspec): dates are real
 * dates, codes are codes, numbers are in range, enumerations are known.  A
 * value that is not of its kind never reaches the store, and the store binds
 * whatever reaches it as SQL parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "serve_impl.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
static int valid_utf8(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        int k; unsigned cp, min;
        if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        for (int j = 1; j <= k; j++) {
            if (i + (size_t)j >= n || (p[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* Decode s[0..n) into out (room for n + 1); plus: '+' is a space.  Returns the
 * decoded length, or -1 on a malformed escape, -2 on NUL or a control
 * character, -3 on invalid UTF-8. */
static long decode(const char *s, size_t n, char *out, int plus)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n) return -1;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0) return -1;
            c = (unsigned char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus) c = ' ';
        if (c < 0x20 || c == 0x7F) return -2;
        out[o++] = (char)c;
    }
    out[o] = 0;
    if (!valid_utf8((const unsigned char *)out, o)) return -3;
    return (long)o;
}

static const char *decode_msg(long rc)
{
    return rc == -1 ? "a malformed %-escape" : rc == -2 ? "a NUL or control character" : "invalid UTF-8";
}

void dy_http_req_free(dy_http_req *req)
{
    free(req->buf);
    req->buf = NULL;
}

int dy_http_parse_target(const char *target, dy_http_req *req, char *err, size_t errlen)
{
    memset(req->seg, 0, sizeof req->seg);
    req->nseg = 0; req->nparam = 0; req->trailing_slash = 0; req->path = NULL; req->buf = NULL;
    if (!target) { snprintf(err, errlen, "no request target"); return 400; }
    size_t n = strlen(target);
    if (n > DY_HTTP_MAX_TARGET) { snprintf(err, errlen, "request target of %zu bytes (at most %d)", n, DY_HTTP_MAX_TARGET); return 414; }
    if (n == 0 || target[0] != '/') { snprintf(err, errlen, "the request target must start with /"); return 400; }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)target[i];
        if (c <= 0x20 || c >= 0x7F) { snprintf(err, errlen, "a raw byte 0x%02X at offset %zu of the request target (not percent-encoded)", c, i); return 400; }
        if (c == '#') { snprintf(err, errlen, "a fragment (#) in the request target"); return 400; }
    }
    /* layout of buf: decoded path, NUL, segment copies, NUL each, then key/value pairs */
    req->buf = malloc(3 * n + 8);
    if (!req->buf) { snprintf(err, errlen, "out of memory"); return 503; }
    char *w = req->buf;
    const char *q = strchr(target, '?');
    size_t plen = q ? (size_t)(q - target) : n;

    long d = decode(target, plen, w, 0);
    if (d < 0) { snprintf(err, errlen, "the path holds %s", decode_msg(d)); return 400; }
    if (memchr(w, '\\', (size_t)d)) { snprintf(err, errlen, "a backslash in the path"); return 400; }
    req->path = w;
    w += d + 1;
    /* segments, from the decoded path: an encoded slash is a slash too */
    const char *p = req->path + 1;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t sl = e ? (size_t)(e - p) : strlen(p);
        if (sl == 0) { snprintf(err, errlen, "an empty path segment (//)"); return 400; }
        if ((sl == 1 && p[0] == '.') || (sl == 2 && p[0] == '.' && p[1] == '.')) {
            snprintf(err, errlen, "a \".\" or \"..\" segment in the path");
            return 400;
        }
        if (req->nseg == DY_HTTP_MAX_SEGS) { snprintf(err, errlen, "more than %d path segments", DY_HTTP_MAX_SEGS); return 414; }
        memcpy(w, p, sl);
        w[sl] = 0;
        req->seg[req->nseg++] = w;
        w += sl + 1;
        if (!e) break;
        p = e + 1;
        if (!*p) req->trailing_slash = 1;
    }
    if (!q) return 0;
    /* query: k=v&k=v; empty pieces (a&&b, trailing &) ignored */
    const char *s = q + 1;
    while (*s) {
        const char *amp = strchr(s, '&');
        size_t pl = amp ? (size_t)(amp - s) : strlen(s);
        if (pl) {
            const char *eq = memchr(s, '=', pl);
            size_t kl = eq ? (size_t)(eq - s) : pl;
            if (kl == 0) { snprintf(err, errlen, "a query parameter without a name"); return 400; }
            if (req->nparam == DY_HTTP_MAX_PARAMS) { snprintf(err, errlen, "more than %d query parameters", DY_HTTP_MAX_PARAMS); return 400; }
            long kd = decode(s, kl, w, 1);
            if (kd < 0) { snprintf(err, errlen, "a query parameter name holds %s", decode_msg(kd)); return 400; }
            dy_http_param *pa = &req->param[req->nparam];
            pa->key = w;
            w += kd + 1;
            if (kd > 32) { snprintf(err, errlen, "a query parameter name of %ld bytes", kd); return 400; }
            const char *vs = eq ? eq + 1 : s + pl;
            size_t vl = eq ? pl - kl - 1 : 0;
            long vd = decode(vs, vl, w, 1);
            if (vd < 0) { snprintf(err, errlen, "parameter \"%s\" holds %s", pa->key, decode_msg(vd)); return 400; }
            if (vd > DY_HTTP_MAX_VALUE) { snprintf(err, errlen, "parameter \"%s\" is %ld bytes long (at most %d)", pa->key, vd, DY_HTTP_MAX_VALUE); return 400; }
            pa->val = w;
            w += vd + 1;
            req->nparam++;
        }
        if (!amp) break;
        s = amp + 1;
    }
    return 0;
}

const char *dy_http_param_get(const dy_http_req *req, const char *name)
{
    for (int i = 0; i < req->nparam; i++)
        if (!strcmp(req->param[i].key, name)) return req->param[i].val;
    return NULL;
}

long dy_http_param_int(const dy_http_req *req, const char *name, long dflt)
{
    const char *v = dy_http_param_get(req, name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-') return 0;
    for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return 0;
    int y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static int valid_code(const char *v, size_t n)
{
    if (n < 1 || n > 32) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
    }
    return 1;
}

int dy_http_check_value(const dy_pspec *s, const char *v, char *err, size_t errlen)
{
    size_t n = strlen(v);
    switch (s->kind) {
    case DY_P_DATE:
        if (!valid_date(v)) { snprintf(err, errlen, "parameter \"%s\" must be a date YYYY-MM-DD", s->name); return 400; }
        return 0;
    case DY_P_CODE:
        if (!valid_code(v, n)) { snprintf(err, errlen, "parameter \"%s\" must be an actor or country code (A-Z, 0-9, _; at most 32)", s->name); return 400; }
        return 0;
    case DY_P_DYAD: {
        const char *dash = strchr(v, '-');
        if (!dash || !valid_code(v, (size_t)(dash - v)) || !valid_code(dash + 1, strlen(dash + 1))) {
            snprintf(err, errlen, "parameter \"%s\" must be a dyad SOURCE-TARGET such as RUS-CHN", s->name);
            return 400;
        }
        return 0;
    }
    case DY_P_CAMEO:
        if (n < 2 || n > 4 || strspn(v, "0123456789") != n) { snprintf(err, errlen, "parameter \"%s\" must be a CAMEO code of 2 to 4 digits", s->name); return 400; }
        return 0;
    case DY_P_ROOT:
        if (n != 2 || strspn(v, "0123456789") != 2 || atoi(v) < 1 || atoi(v) > 20) { snprintf(err, errlen, "parameter \"%s\" must be a CAMEO root 01..20", s->name); return 400; }
        return 0;
    case DY_P_INT: {
        char *end;
        if (n == 0 || n > 12) { snprintf(err, errlen, "parameter \"%s\" must be an integer from %ld to %ld", s->name, s->lo, s->hi); return 400; }
        long x = strtol(v, &end, 10);
        if (*end || x < s->lo || x > s->hi) { snprintf(err, errlen, "parameter \"%s\" must be an integer from %ld to %ld", s->name, s->lo, s->hi); return 400; }
        return 0;
    }
    case DY_P_ENUM: {
        const char *c = s->choices;
        while (c && *c) {
            const char *bar = strchr(c, '|');
            size_t cl = bar ? (size_t)(bar - c) : strlen(c);
            if (cl == n && !memcmp(c, v, n)) return 0;
            if (!bar) break;
            c = bar + 1;
        }
        snprintf(err, errlen, "parameter \"%s\" must be one of %s", s->name, s->choices);
        return 400;
    }
    case DY_P_TEXT:
        if (n < 1 || n > 200) { snprintf(err, errlen, "parameter \"%s\" must be 1 to 200 bytes", s->name); return 400; }
        return 0;
    case DY_P_ID:
        if (n < 1 || n > 512) { snprintf(err, errlen, "parameter \"%s\" must be 1 to 512 bytes", s->name); return 400; }
        return 0;
    }
    return 400;
}

int dy_http_check_params(const dy_http_req *req, const dy_pspec *specs, char *err, size_t errlen)
{
    for (int i = 0; i < req->nparam; i++) {
        const dy_http_param *p = &req->param[i];
        const dy_pspec *s = specs;
        while (s && s->name && strcmp(s->name, p->key)) s++;
        if (!s || !s->name) {
            int o = snprintf(err, errlen, "unknown parameter \"%s\" for %s (known:", p->key, req->path);
            for (s = specs; s && s->name && o > 0 && (size_t)o < errlen; s++) o += snprintf(err + o, errlen - (size_t)o, " %s", s->name);
            if (o > 0 && (size_t)o < errlen) snprintf(err + o, errlen - (size_t)o, ")");
            return 400;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(req->param[j].key, p->key)) { snprintf(err, errlen, "parameter \"%s\" given twice", p->key); return 400; }
        int rc = dy_http_check_value(s, p->val, err, errlen);
        if (rc) return rc;
    }
    return 0;
}
