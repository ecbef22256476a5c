/* code.c: `dyad code [FILE...]`: read documents, write one event per line.
 *
 * The pipeline (reading, -j N coding threads, input order) is the library's
 * dy_run (src/run/); this file parses options and writes what it sinks to
 * stdout. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#include "cli.h"
#include "run/run.h"
#include "ingest/ingest.h"

/* The signal that stopped the run (0: none).  The one piece of global state:
 * a signal handler can reach nothing else.  The handler only records it;
 * dy_run stops reading, the output ends after the last whole document, and
 * the exit status is 128 + the signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP). */
static atomic_int stop_signal;

static void on_stop(int sig)
{
    atomic_store(&stop_signal, sig);
}

/* Installed without SA_RESTART: a read that waits on input returns at once. */
static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static const char HELP[] =
"usage: dyad code [FILE...] [options]     code documents (stdin when no FILE)\n"
"\n"
"Input: a plain text file is one document (id = file name); *.jsonl/*.json/*.ndjson\n"
"files hold one {\"id\",\"date\",\"text\"[,\"title\",\"url\",\"source\"]} object per line (LF, CRLF\n"
"or CR; anything after the object is an error); stdin is sniffed.  A document's date:\n"
"its \"date\", else a dateline (\"MOSCOW, May 16 (Reuters) -\", \"BEIRUT, 5 March 2024 (AFP) -\";\n"
"without a year: the year of --date or of the file's day, never later), else --date;\n"
"an undated document is named in a warning.  HTML pages (the article text), WARC\n"
"archives (CC-NEWS), RSS/Atom feeds (one document per item), their .gz/.zst/.bz2 and\n"
"directories (recursively) are read too; the format is sniffed from the content.\n"
"Non-English documents and near-duplicate copies are skipped (a story's copies are\n"
"listed in its events as \"copies\").  A progress line shows on a terminal; a summary\n"
"line ends every run on stderr.\n"
"\n"
"Options:\n"
"  --format jsonl|tsv|actors  output format (default jsonl; tsv has a header row, and a\n"
"                         field with a tab, line break or quote is quoted \"...\" with \"\"\n"
"                         inside, as Python's csv, pandas and R's read.delim read it;\n"
"                         actors: one line per actor mention, with its code and how it was found)\n"
"  --explain              per sentence: tokens and tags, actors (with dictionary file\n"
"                         and line), clauses, the patterns tried and why events dropped\n";

typedef struct out_ctx {
    int write_status;
    double t_first;
    long docs;              /* documents written */
    enum dy_outfmt fmt;
    int explain, timing;
    atomic_long sentences, events;      /* for the progress line (workers add) */
    dy_intake *ing;
    dy_progress prog;
} out_ctx;

/* With the progress line on: dy_code_doc, counting sentences and events as
 * documents are coded (without it, dy_run's own code function streams a long
 * document's output in pieces). */
static int code_counted(void *ctx, dy_worker *w, const dy_doc *doc, dy_buf *out, dy_stats *st)
{
    out_ctx *c = ctx;
    long s0 = st->sentences;
    int rc = dy_code_doc(w, doc, c->fmt, c->explain, c->timing, out, st);
    atomic_fetch_add(&c->sentences, st->sentences - s0);
    if (rc > 0) atomic_fetch_add(&c->events, rc);
    return rc;
}

static void msg_clear(void *ctx, const char *m)
{
    out_ctx *c = ctx;
    dy_progress_clear(&c->prog);
    fprintf(stderr, "dyad: %s\n", m);
}

/* Each document's lines go out in full with write(2) (no stdio buffer, a
 * signal never cuts one: EINTR and short writes are retried), so stdout
 * always ends on a line boundary. */
static int write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { if (w == 0) errno = EIO; return -1; }
        s += w; n -= (size_t)w;
    }
    return 0;
}

static int sink_stdout(void *ctx, const dy_doc *doc, int rc, const dy_buf *out)
{
    out_ctx *c = ctx;
    (void)doc;
    if (rc < 0) return 0;     /* dy_run reported it, naming the document */
    if (!c->t_first && out->len) c->t_first = cli_now();
    c->docs++;
    dy_progress_update(&c->prog, c->ing, atomic_load(&c->sentences), atomic_load(&c->events), 0);
    if (write_all(out->p, out->len)) {
        fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        c->write_status = EXIT_IO;
        return -1;
    }
    return 0;
}

/* A piece of a long document's output (dy_run hands it over in order). */
static int part_stdout(void *ctx, const dy_doc *doc, const dy_buf *out)
{
    out_ctx *c = ctx;
    (void)doc;
    if (!c->t_first && out->len) c->t_first = cli_now();
    if (write_all(out->p, out->len)) {
        fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        c->write_status = EXIT_IO;
        return -1;
    }
    return 0;
}

static void print_stats(const dy_stats *tot, int nthreads, double t_start, double t_loaded, double t_first, double t_end)
{
    double run = t_end - t_loaded;
    fprintf(stderr, "dyad stats: %ld docs, %ld sentences, %ld tokens, %ld events, %.1f MB, %d thread(s)\n",
            tot->docs, tot->sentences, tot->tokens, tot->events, (double)tot->bytes / 1e6, nthreads);
    fprintf(stderr, "  start-up (dictionaries, model): %.1f ms; to first event: %.1f ms\n",
            (t_loaded - t_start) * 1e3, t_first ? (t_first - t_start) * 1e3 : 0.0);
    fprintf(stderr, "  coding: %.3f s, %.0f sentences/s, %.2f MB/s\n", run, run > 0 ? (double)tot->sentences / run : 0,
            run > 0 ? (double)tot->bytes / 1e6 / run : 0);
    static const char *const names[] = { "normalise", "split", "tokenise+tag", "actors", "parse", "coding", "output" };
    double all = 0;
    for (int k = 0; k < DY_NSTAGES; k++) all += tot->ns[k];
    for (int k = 0; k < DY_NSTAGES; k++)
        fprintf(stderr, "  %-14s %8.1f ms  %5.1f%%\n", names[k], tot->ns[k] / 1e6, all > 0 ? 100 * tot->ns[k] / all : 0);
    if (tot->truncated) fprintf(stderr, "  %ld sentence(s) cut at --max-tokens\n", tot->truncated);
}

int cmd_code(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_COMMON_HELP, stdout); fputs("\n", stdout); fputs(CLI_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    enum dy_outfmt fmt = DY_OUT_JSONL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_common_opt(&c, argc, argv, &i);
        if (r < 0) { cli_common_free(&c); return EXIT_USAGE; }
        if (r > 0) continue;
        if (!strcmp(a, "--format")) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            if (v && !strcmp(v, "jsonl")) fmt = DY_OUT_JSONL;
            else if (v && !strcmp(v, "tsv")) fmt = DY_OUT_TSV;
            else if (v && !strcmp(v, "actors")) fmt = DY_OUT_ACTORS;
            else { fprintf(stderr, "dyad: --format must be jsonl, tsv or actors\n"); cli_common_free(&c); return EXIT_USAGE; }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option \"%s\" for code (try dyad code --help)\n", a);
            cli_common_free(&c);
            return EXIT_USAGE;
        } else c.files[c.nfiles++] = a;
    }
    char err[1024];
    double t_start = cli_now();
    dy_engine *e = dy_engine_new(&c.o, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); cli_common_free(&c); return EXIT_DICT; }
    if (dy_engine_warnings(e)) fprintf(stderr, "dyad: warning: %s", dy_engine_warnings(e));   /* dictionary lines skipped */
    double t_loaded = cli_now();
    if (c.nfiles == 0) c.files[c.nfiles++] = "-";

    out_ctx oc;
    memset(&oc, 0, sizeof oc);
    dy_intake_opts io;
    memset(&io, 0, sizeof io);
    io.nfiles = c.nfiles;
    io.keep_duplicates = c.keep_duplicates;
    io.any_language = c.any_language;
    io.copies_everywhere = c.find_copies;
    oc.ing = dy_intake_new(&io);
    if (!oc.ing) { fprintf(stderr, "dyad: out of memory\n"); dy_engine_free(e); cli_common_free(&c); return EXIT_NOMEM; }
    c.ro.intake = oc.ing;
    oc.fmt = fmt; oc.explain = c.explain; oc.timing = c.stats;
    dy_progress_init(&oc.prog, dy_intake_input_size(c.files, c.nfiles), c.quiet);
    int status = EXIT_OK;
    if (fmt == DY_OUT_TSV && !c.explain && write_all(dy_tsv_header(), strlen(dy_tsv_header()))) {
        fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        oc.write_status = EXIT_IO;
    }
    dy_run_result res;
    memset(&res, 0, sizeof res);
    if (!oc.write_status) {
        dy_run_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.nthreads = c.nthreads;
        ro.fmt = fmt;
        ro.explain = c.explain;
        ro.timing = c.stats;
        ro.keep_going = c.keep_going;
        ro.ro = &c.ro;
        ro.sink = sink_stdout;
        ro.part = part_stdout;
        if (oc.prog.enabled) ro.code = code_counted;
        ro.msg = msg_clear;
        ro.ctx = &oc;
        ro.cancel = &stop_signal;
        catch_stop_signals();
        if (dy_run(e, c.files, c.nfiles, &ro, &res, err, sizeof err)) {
            fprintf(stderr, "dyad: %s\n", err);
            dy_intake_free(oc.ing);
            dy_engine_free(e);
            cli_common_free(&c);
            return strstr(err, "out of memory") ? EXIT_NOMEM : EXIT_IO;
        }
        status = res.status;
    }
    if (oc.write_status == EXIT_IO && status < EXIT_IO) status = EXIT_IO;
    int sig = atomic_load(&stop_signal);
    if (sig) {
        fprintf(stderr, "dyad: stopped by %s after %ld document(s); the output ends after the last whole document\n",
                sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP", oc.docs);
        status = 128 + sig;
    }
    dy_progress_clear(&oc.prog);
    if (c.stats) print_stats(&res.stats, c.nthreads, t_start, t_loaded, oc.t_first, cli_now());
    dy_buf sum;
    dy_buf_init(&sum);
    dy_intake_summary(oc.ing, res.docs_read, res.stats.sentences, res.stats.events, cli_now() - t_start, &sum);
    if (sum.p) fprintf(stderr, "dyad: %s\n", sum.p);
    dy_buf_free(&sum);
    dy_intake_free(oc.ing);
    dy_engine_free(e);
    cli_common_free(&c);
    return status;
}
