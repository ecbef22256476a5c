/* static.c: the files of web/ (the page, its script and style, the vendored
 * chart, network and map libraries), and nothing outside that directory.
 *
 * Three walls, each enough alone: http.c refuses "." and ".." segments
 * (plain or %2e-encoded) and backslashes; this file accepts only segments of
 * [A-Za-z0-9._-] not starting with a dot (no hidden files, no odd bytes);
 * and the file's realpath must lie inside web/'s realpath (a symbolic link
 * pointing out is refused).  Files go to the transport as an open descriptor
 * (no copy); only regular files are served. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "serve_impl.h"

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } T[] = {
        { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json" }, { ".png", "image/png" }, { ".svg", "image/svg+xml" },
        { ".ico", "image/x-icon" }, { ".txt", "text/plain; charset=utf-8" }, { ".map", "application/json" },
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof T / sizeof *T; i++)
            if (!strcmp(dot, T[i].ext)) return T[i].type;
    return "application/octet-stream";
}

static int good_segment(const char *s)
{
    if (!*s || s[0] == '.') return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

void dy_serve_static(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    if (!a->webdir) { dy_serve_error(r, 404, "no page here (the server was started without a web directory): the API is under /api"); return; }
    char path[4096];
    size_t n = (size_t)snprintf(path, sizeof path, "%s", a->webdir);
    for (int i = 0; i < q->nseg; i++) {
        if (!good_segment(q->seg[i])) { dy_serve_error(r, 400, "path segment \"%s\" is not a file name this server serves", q->seg[i]); return; }
        size_t sl = strlen(q->seg[i]);
        if (n + sl + 2 >= sizeof path) { dy_serve_error(r, 414, "path too long"); return; }
        path[n++] = '/';
        memcpy(path + n, q->seg[i], sl + 1);
        n += sl;
    }
    if (q->nseg == 0 || q->trailing_slash) {
        if (n + 12 >= sizeof path) { dy_serve_error(r, 414, "path too long"); return; }
        memcpy(path + n, "/index.html", 12);
        n += 11;
    }
    char *rp = realpath(path, NULL);
    if (!rp) { dy_serve_error(r, 404, "no such file: %s", q->path); return; }
    int inside = !strncmp(rp, a->webdir, a->webdir_len) && rp[a->webdir_len] == '/';
    free(rp);
    if (!inside) { dy_serve_error(r, 403, "%s lies outside the web directory", q->path); return; }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        dy_serve_error(r, 404, "no such file: %s", q->path);
        return;
    }
    r->status = 200;
    r->fd = fd;
    r->fsize = (size_t)st.st_size;
    const char *last = q->nseg && !q->trailing_slash ? q->seg[q->nseg - 1] : "index.html";
    r->ctype = content_type(last);
    r->cache = q->nseg >= 1 && !strcmp(q->seg[0], "vendor") ? "public, max-age=86400" : "no-cache";
}
