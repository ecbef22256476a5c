/* serve-load.c: load test for `dyad serve`: requests/s and latency percentiles.
 *
 *   serve-load [-c CONNECTIONS] [-d SECONDS] [-n MAX_REQUESTS] PORT NAME=PATH [NAME=PATH ...]
 *   serve-load ... PORT code=@FILE      (POST FILE's bytes to /api/code as text/plain)
 *
 * Each endpoint is measured on its own: C threads, each with one keep-alive
 * HTTP/1.1 connection to 127.0.0.1:PORT, send the request back to back for
 * SECONDS (or until MAX_REQUESTS in all), and every latency is kept.  Prints
 * one row per endpoint: requests, errors (non-2xx or broken), requests/s,
 * p50, p90, p99 and max in milliseconds.  Loopback only, by construction:
 * the address is fixed, so the tool cannot load anything but this machine.
 * Why by hand: no HTTP benchmarking tool (wrk, ab, hey) is packaged with
 * latency percentiles in what this project installs, and 200 lines do it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <errno.h>
#include <time.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct job {
    int port;
    const char *req; size_t reqlen;
    double until;
    long max, *issued;
    pthread_mutex_t *mu;
    double *lat; long nlat, cap;
    long errors;
} job;

static int connect_lo(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = { 30, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) { close(fd); return -1; }
    return fd;
}

/* Read one response; its status, or -1.  buf is scratch. */
static int read_resp(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    char *hend = NULL;
    while (!hend) {
        if (got == cap - 1) return -1;
        ssize_t r = recv(fd, buf + got, cap - 1 - got, 0);
        if (r <= 0) return -1;
        got += (size_t)r;
        buf[got] = 0;
        hend = strstr(buf, "\r\n\r\n");
    }
    int status = strncmp(buf, "HTTP/1.", 7) ? -1 : atoi(buf + 9);
    long clen = -1;
    for (char *p = buf; p < hend; p++)
        if ((p == buf || p[-1] == '\n') && !strncasecmp(p, "Content-Length:", 15)) clen = atol(p + 15);
    if (clen < 0) return -1;   /* the server always sends a length */
    size_t have = got - (size_t)(hend + 4 - buf);
    long left = clen - (long)have;
    while (left > 0) {
        ssize_t r = recv(fd, buf, cap - 1 < (size_t)left ? cap - 1 : (size_t)left, 0);
        if (r <= 0) return -1;
        left -= r;
    }
    return status;
}

static void *run(void *p)
{
    job *j = p;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int fd = -1;
    while (buf && now() < j->until) {
        pthread_mutex_lock(j->mu);
        int go = *j->issued < j->max;
        if (go) (*j->issued)++;
        pthread_mutex_unlock(j->mu);
        if (!go) break;
        if (fd < 0 && (fd = connect_lo(j->port)) < 0) { j->errors++; usleep(1000); continue; }
        double t0 = now();
        size_t off = 0;
        while (off < j->reqlen) {
            ssize_t w = send(fd, j->req + off, j->reqlen - off, MSG_NOSIGNAL);
            if (w <= 0) break;
            off += (size_t)w;
        }
        int st = off == j->reqlen ? read_resp(fd, buf, cap) : -1;
        double dt = now() - t0;
        if (st < 200 || st > 299) { j->errors++; close(fd); fd = -1; continue; }
        if (j->nlat == j->cap) {
            long nc = j->cap ? 2 * j->cap : 4096;
            double *nl = realloc(j->lat, (size_t)nc * sizeof *nl);
            if (!nl) break;
            j->lat = nl; j->cap = nc;
        }
        j->lat[j->nlat++] = dt;
    }
    if (fd >= 0) close(fd);
    free(buf);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = sz >= 0 ? malloc((size_t)sz + 1) : NULL;
    if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) { free(b); b = NULL; }
    fclose(f);
    if (b) { b[sz] = 0; *n = (size_t)sz; }
    return b;
}

int main(int argc, char **argv)
{
    int conns = 8, i = 1;
    double secs = 5;
    long maxreq = 1000000;
    for (; i < argc && argv[i][0] == '-'; i += 2) {
        if (i + 1 >= argc) break;
        if (!strcmp(argv[i], "-c")) conns = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-d")) secs = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "-n")) maxreq = atol(argv[i + 1]);
        else { fprintf(stderr, "serve-load: unknown option %s\n", argv[i]); return 2; }
    }
    if (argc - i < 2 || conns < 1 || conns > 256 || secs <= 0 || secs > 600) {
        fputs("usage: serve-load [-c CONNECTIONS (1..256)] [-d SECONDS (<= 600)] [-n MAX_REQUESTS] PORT NAME=PATH|NAME=@FILE ...\n", stderr);
        return 2;
    }
    int port = atoi(argv[i++]);
    printf("%-10s %9s %7s %10s %9s %9s %9s %9s  (%d connections, %.0f s each, 127.0.0.1:%d)\n",
           "endpoint", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", conns, secs, port);
    int bad = 0;
    for (; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) { fprintf(stderr, "serve-load: %s: want NAME=PATH\n", argv[i]); return 2; }
        *eq = 0;
        const char *name = argv[i], *path = eq + 1;
        char *req;
        size_t reqlen;
        if (path[0] == '@') {
            size_t bl;
            char *body = slurp(path + 1, &bl);
            if (!body) { fprintf(stderr, "serve-load: cannot read %s\n", path + 1); return 2; }
            req = malloc(bl + 256);
            reqlen = (size_t)sprintf(req, "POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n", bl);
            memcpy(req + reqlen, body, bl);
            reqlen += bl;
            free(body);
        } else {
            req = malloc(strlen(path) + 64);
            reqlen = (size_t)sprintf(req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
        }
        pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
        long issued = 0;
        job *jobs = calloc((size_t)conns, sizeof *jobs);
        pthread_t *t = calloc((size_t)conns, sizeof *t);
        double t0 = now();
        for (int k = 0; k < conns; k++) {
            jobs[k] = (job){ port, req, reqlen, t0 + secs, maxreq, &issued, &mu, NULL, 0, 0, 0 };
            pthread_create(&t[k], NULL, run, &jobs[k]);
        }
        long n = 0, errs = 0;
        for (int k = 0; k < conns; k++) { pthread_join(t[k], NULL); n += jobs[k].nlat; errs += jobs[k].errors; }
        double el = now() - t0;
        double *all = malloc((size_t)(n ? n : 1) * sizeof *all);
        long m = 0;
        for (int k = 0; k < conns; k++) { memcpy(all + m, jobs[k].lat, (size_t)jobs[k].nlat * sizeof *all); m += jobs[k].nlat; free(jobs[k].lat); }
        qsort(all, (size_t)n, sizeof *all, cmp);
#define PCT(p) (n ? 1e3 * all[(long)((double)(n - 1) * (p))] : 0)
        printf("%-10s %9ld %7ld %10.0f %9.2f %9.2f %9.2f %9.2f\n", name, n, errs, (double)n / el, PCT(0.50), PCT(0.90), PCT(0.99), PCT(1.0));
        fflush(stdout);
        if (errs || !n) bad = 1;
        free(all); free(jobs); free(t); free(req);
    }
    return bad;
}
