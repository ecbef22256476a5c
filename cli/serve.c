/* serve.c: `dyad serve --db PATH|URL [--port 8080] [--bind 127.0.0.1]`: the
 * HTTP API and the dashboard page (src/serve/) until SIGINT or SIGTERM.
 *
 * This file parses options, loads the engine (for POST /api/code), starts the
 * server and waits for a signal; everything else is in src/serve. */
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include "cli.h"
#include "serve/serve.h"
#include "core/datadir.h"

#ifndef DYAD_WEBDIR
#define DYAD_WEBDIR "web"
#endif

static const char HELP[] =
"usage: dyad serve [--db PATH|URL] [options]    the HTTP API and the dashboard page\n"
"\n"
"Serves the event store read-only (JSON under /api, the page at /) and codes\n"
"posted text (POST /api/code).  Stops on Ctrl-C or SIGTERM.\n"
"\n"
"Options:\n"
"  --db PATH|URL          the event store (SQLite file or postgresql://...); without it\n"
"                         only POST /api/code and the page work (store routes: 503)\n"
"  --port N               TCP port (default 8080; 0: any free port, printed)\n"
"  --bind ADDR            numeric address to listen on (default 127.0.0.1; 0.0.0.0 or ::\n"
"                         to let other machines in)\n"
"  --pool N               HTTP worker threads (default 4)\n"
"  --web DIR              the page's files (default: $DYAD_WEB, else web/ beside the data\n"
"                         directory or share/dyad/web when installed)\n"
"  --no-page              serve the API only\n"
"  --max-body BYTES       largest request body (default 1048576; larger: 413)\n"
"  --timeout S            seconds a connection may idle and a request may take (default 10)\n"
"  --max-results N        rows in one page of results (default 1000)\n"
"  --allow-ingest         let POST /api/ingest store documents (default: read-only)\n"
"  --quiet                no access log on stderr\n"
"\n"
"Dictionaries and coding (for POST /api/code):\n";

/* The page's directory: $DYAD_WEB; else beside the data directory (a
 * checkout: data/../web) or inside it (an install: share/dyad/web); else the
 * checkout path compiled in. */
static const char *find_webdir(const char *datadir, char *buf, size_t n)
{
    const char *env = getenv("DYAD_WEB");
    if (env && *env) return env;
    char dd[4096];
    if (!datadir) datadir = dy_default_datadir(dd, sizeof dd);
    static const char *const rel[] = { "/../web", "/web" };
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        snprintf(buf, n, "%s%s", datadir, rel[i]);
        char idx[4400];
        snprintf(idx, sizeof idx, "%s/index.html", buf);
        if (access(idx, R_OK) == 0) return buf;
    }
    return DYAD_WEBDIR;
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static int num_opt(const char *name, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || !*v || n < lo || n > hi) {
        fprintf(stderr, "dyad: %s needs a number from %ld to %ld\n", name, lo, hi);
        return -1;
    }
    *out = n;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_COMMON_HELP, stdout); fputs("\n", stdout); fputs(CLI_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    dy_serve_opts so;
    memset(&so, 0, sizeof so);
    so.port = 8080;
    so.bind = "127.0.0.1";
    so.threads = 4;
    int no_page = 0;
    const char *web = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n = 0;
        int r = cli_common_opt(&c, argc, argv, &i);
        if (r < 0) { cli_common_free(&c); return EXIT_USAGE; }
        if (r > 0) continue;
        int bad = 0;
        if (!strcmp(a, "--db") && v) { so.db = v; i++; }
        else if (!strcmp(a, "--bind") && v) { so.bind = v; i++; }
        else if (!strcmp(a, "--web") && v) { web = v; i++; }
        else if (!strcmp(a, "--no-page")) no_page = 1;
        else if (!strcmp(a, "--allow-ingest")) so.allow_ingest = 1;
        else if (!strcmp(a, "--quiet")) so.quiet = 1;
        else if (!strcmp(a, "--port")) { bad = num_opt(a, v, 0, 65535, &n); so.port = (int)n; i++; }
        else if (!strcmp(a, "--pool")) { bad = num_opt(a, v, 1, 256, &n); so.threads = (int)n; i++; }
        else if (!strcmp(a, "--max-body")) { bad = num_opt(a, v, 1, 1L << 30, &n); so.max_body = (size_t)n; i++; }
        else if (!strcmp(a, "--timeout")) { bad = num_opt(a, v, 1, 3600, &n); so.timeout_s = (int)n; i++; }
        else if (!strcmp(a, "--max-results")) { bad = num_opt(a, v, 1, 1000000, &n); so.max_results = (int)n; i++; }
        else if (!strcmp(a, "--db") || !strcmp(a, "--bind") || !strcmp(a, "--web")) {
            fprintf(stderr, "dyad: option %s needs a value\n", a);
            bad = 1;
        } else {
            fprintf(stderr, "dyad: unknown %s \"%s\" for serve (try dyad serve --help)\n", a[0] == '-' ? "option" : "argument", a);
            bad = 1;
        }
        if (bad) { cli_common_free(&c); return EXIT_USAGE; }
    }
    char err[1024], webbuf[4200];
    so.webdir = no_page ? NULL : web ? web : find_webdir(c.o.datadir, webbuf, sizeof webbuf);
    dy_engine *e = dy_engine_new(&c.o, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); cli_common_free(&c); return EXIT_DICT; }
    so.engine = e;
    dy_serve_app *app = dy_serve_app_new(&so, err, sizeof err);
    if (!app) { fprintf(stderr, "dyad: %s\n", err); dy_engine_free(e); cli_common_free(&c); return EXIT_IO; }
    dy_server *s = dy_server_start(app, &so, err, sizeof err);
    if (!s) { fprintf(stderr, "dyad: %s\n", err); dy_serve_app_free(app); dy_engine_free(e); cli_common_free(&c); return EXIT_IO; }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    const char *host = strchr(so.bind, ':') ? "[%s]" : "%s";
    char hb[128];
    snprintf(hb, sizeof hb, host, so.bind);
    fprintf(stderr, "dyad serve: listening on http://%s:%d/ (%s, %s, %d threads)\n", hb, dy_server_port(s),
            so.db ? so.db : "no store", so.allow_ingest ? "ingest allowed" : "read-only", so.threads);
    fflush(stderr);
    while (!stop_flag) pause();
    fprintf(stderr, "dyad serve: stopping\n");
    dy_server_stop(s);
    dy_serve_app_free(app);
    dy_engine_free(e);
    cli_common_free(&c);
    return EXIT_OK;
}
