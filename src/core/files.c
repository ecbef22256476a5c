/* files.c: see files.h.  Why by hand: reading a FIFO with a timeout needs
 * poll(2) on a non-blocking descriptor, which no library here wraps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/stat.h>
#include "files.h"

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void dy_list_free(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]);
    free(list);
}

static int ends_with(const char *s, size_t l, const char *suf)
{
    size_t k = strlen(suf);
    return l > k && strcmp(s + l - k, suf) == 0;
}

/* list the names ending in one of exts; strict: a non-regular match is an error */
static int list_dir(const char *dir, const char *const *exts, const char *const *skip, int strict,
                    char ***out, char *err, size_t errlen)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) { snprintf(err, errlen, "%s: cannot open directory: %s", dir, strerror(errno)); return -1; }
    char **list = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        int want = 0;
        for (int i = 0; exts[i]; i++) if (ends_with(de->d_name, l, exts[i])) want = 1;
        if (!want || de->d_name[0] == '.') continue;
        int skipped = 0;
        for (int i = 0; skip && skip[i]; i++) if (strcmp(de->d_name, skip[i]) == 0) skipped = 1;
        if (skipped) continue;
        size_t pl = strlen(dir) + l + 2;
        char *p = malloc(pl);
        char **nl = p ? realloc(list, (size_t)(n + 1) * sizeof *nl) : NULL;
        if (!nl) {   /* never a partial list: a missing file would be silent data loss */
            free(p);
            dy_list_free(list, n);
            closedir(d);
            snprintf(err, errlen, "%s: out of memory", dir);
            return -1;
        }
        list = nl;
        snprintf(p, pl, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            int bad = strict || !(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
            if (!bad) { free(p); continue; }
            snprintf(err, errlen, "%s: %s", p, stat(p, &st) != 0 ? strerror(errno) :
                     S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file (directories are read for regular files only; name a FIFO itself to read it)"
                                          : "not a regular file");
            free(p);
            dy_list_free(list, n);
            closedir(d);
            return -1;
        }
        list[n++] = p;
    }
    closedir(d);
    if (n) qsort(list, (size_t)n, sizeof *list, cmpstr);
    *out = list;
    return n;
}

int dy_list_txt(const char *dir, const char *const *skip, char ***out, char *err, size_t errlen)
{
    static const char *const txt[] = { ".txt", NULL };
    return list_dir(dir, txt, skip, 1, out, err, errlen);
}

int dy_list_files(const char *dir, const char *const *exts, const char *const *skip, char ***out,
                  char *err, size_t errlen)
{
    return list_dir(dir, exts, skip, 0, out, err, errlen);
}

int dy_read_timeout_ms(void)
{
    const char *e = getenv("DYAD_READ_TIMEOUT");
    if (e && *e) {
        char *end;
        double s = strtod(e, &end);
        if (end != e && s > 0 && s < 86400) return (int)(s * 1000 + 0.5) > 0 ? (int)(s * 1000 + 0.5) : 1;
    }
    return 10000;
}

int dy_read_file(const char *path, int explicit, int timeout_ms, size_t max, char **buf, size_t *len,
                 char *err, size_t errlen)
{
    *buf = NULL;
    *len = 0;
    if (!max) max = (size_t)1 << 30;
    /* O_NONBLOCK: opening a FIFO without a writer must not block either */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    struct stat st;
    if (fstat(fd, &st) != 0) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); close(fd); return -1; }
    if (S_ISDIR(st.st_mode)) { snprintf(err, errlen, "%s: is a directory", path); close(fd); return -1; }
    int regular = S_ISREG(st.st_mode);
    if (!regular && !explicit) {
        snprintf(err, errlen, "%s: not a regular file (%s)", path, S_ISFIFO(st.st_mode) ? "a FIFO" : "a device or socket");
        close(fd);
        return -1;
    }
    if (regular) {   /* a regular file never blocks: back to plain reads */
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    size_t cap = regular && st.st_size > 0 && (size_t)st.st_size < max ? (size_t)st.st_size + 1 : 65536, n = 0;
    char *b = malloc(cap + 1);
    if (!b) { snprintf(err, errlen, "%s: out of memory", path); close(fd); return -1; }
    for (;;) {
        if (n == cap) {
            if (cap >= max) { snprintf(err, errlen, "%s: larger than %zu bytes", path, max); free(b); close(fd); return -1; }
            size_t nc = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(b, nc + 1);
            if (!nb) { snprintf(err, errlen, "%s: out of memory", path); free(b); close(fd); return -1; }
            b = nb; cap = nc;
        }
        if (!regular) {
            struct pollfd p = { fd, POLLIN, 0 };
            int r = poll(&p, 1, timeout_ms);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); free(b); close(fd); return -1; }
            if (r == 0) {
                snprintf(err, errlen, "%s: timed out: no data for %.1f s (a FIFO nobody writes to?)", path, timeout_ms / 1000.0);
                free(b); close(fd); return -1;
            }
        }
        ssize_t k = read(fd, b + n, cap - n);
        if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (k < 0) { snprintf(err, errlen, "%s: read error: %s", path, strerror(errno)); free(b); close(fd); return -1; }
        if (k == 0) break;
        n += (size_t)k;
    }
    close(fd);
    b[n] = 0;
    *buf = b;
    *len = n;
    return 0;
}

char *dy_escape(const char *s, size_t n, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (!cap) return out;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 0;   /* length of a valid UTF-8 sequence at i (0: not one) */
        if (c >= 0x20 && c < 0x7f) k = 1;
        else if (c >= 0xc2 && c <= 0xf4) {
            size_t need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
            k = need;
            for (size_t j = 1; j < need; j++)
                if (i + j >= n || ((unsigned char)s[i + j] & 0xc0) != 0x80) { k = 0; break; }
            if (k == 3 && c == 0xe0 && (unsigned char)s[i + 1] < 0xa0) k = 0;      /* overlong */
            if (k == 3 && c == 0xed && (unsigned char)s[i + 1] >= 0xa0) k = 0;     /* surrogate */
            if (k == 4 && c == 0xf0 && (unsigned char)s[i + 1] < 0x90) k = 0;
            if (k == 4 && c == 0xf4 && (unsigned char)s[i + 1] >= 0x90) k = 0;
            /* C1 controls (U+0080..U+009F) are terminal escapes too */
            if (k == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0) k = 0;
        }
        if (k && c != '\\') {
            if (o + k >= cap) break;
            memcpy(out + o, s + i, k);
            o += k; i += k;
        } else {
            if (o + 4 >= cap) break;
            out[o++] = '\\'; out[o++] = 'x'; out[o++] = hex[c >> 4]; out[o++] = hex[c & 15];
            i++;
        }
    }
    out[o] = 0;
    return out;
}
