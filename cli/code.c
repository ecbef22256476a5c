/* code.c: `dyad code [FILE...]`: read documents, write one event per line.
 *
 * The pipeline (reading, -j N coding threads, input order) is the library's
 * dy_run (src/run/); this file parses options and writes what it sinks to
 * stdout. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdatomic.h>
#include "cli.h"
#include "run/run.h"
#include "ingest/ingest.h"

static const char HELP[] =
"usage: dyad code [FILE...] [options]     code documents (stdin when no FILE)\n"
"\n"
"Input: a plain text file is one document (id = file name; date from --date or a\n"
"dateline like \"MOSCOW, May 16 (Reuters) -\"); *.jsonl/*.json/*.ndjson files hold one\n"
"{\"id\",\"date\",\"text\"[,\"title\",\"url\",\"source\"]} object per line; HTML pages\n"
"(the article text), WARC archives (CC-NEWS), RSS/Atom feeds (one document per item),\n"
"their .gz/.zst/.bz2, and directories (recursively) are read too; the format is\n"
"sniffed from the content.  Non-English documents and near-duplicate copies are\n"
"skipped (copies are listed in their story's events as \"copies\").  A progress line\n"
"shows on a terminal; a summary line ends every run on stderr.\n"
"\n"
"Options:\n"
"  --format jsonl|tsv|actors  output format (default jsonl; tsv has a header row;\n"
"                         actors: one line per actor mention, with its code and how it was found)\n"
"  --explain              per sentence: tokens and tags, actors (with dictionary file\n"
"                         and line), clauses, the patterns tried and why events dropped\n";

typedef struct out_ctx {
    int write_status;
    double t_first;
    enum dy_outfmt fmt;
    int explain, timing;
    _Atomic long sentences, events;     /* for the progress line (workers add) */
    dy_ingest *ing;
    dy_progress prog;
} out_ctx;

/* dy_code_doc, counting sentences and events for the progress line */
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

static int write_all(FILE *f, const char *s, size_t n)
{
    return n == 0 || fwrite(s, 1, n, f) == n ? 0 : -1;
}

static int sink_stdout(void *ctx, const dy_doc *doc, int rc, const dy_buf *out)
{
    out_ctx *c = ctx;
    if (rc < 0) {
        fprintf(stderr, "dyad: %s:%ld: document \"%s\": out of memory; skipped\n", doc->input, doc->line, doc->id);
        c->write_status = EXIT_IO;
        return 0;
    }
    if (!c->t_first && out->len) c->t_first = cli_now();
    dy_progress_update(&c->prog, c->ing, atomic_load(&c->sentences), atomic_load(&c->events), 0);
    if (write_all(stdout, out->p, out->len)) {
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
    dy_ingest_opts io;
    memset(&io, 0, sizeof io);
    io.nfiles = c.nfiles;
    io.keep_duplicates = c.keep_duplicates;
    io.any_language = c.any_language;
    oc.ing = dy_ingest_new(&io);
    if (!oc.ing) { fprintf(stderr, "dyad: out of memory\n"); dy_engine_free(e); cli_common_free(&c); return EXIT_IO; }
    c.ro.ingest = oc.ing;
    oc.fmt = fmt; oc.explain = c.explain; oc.timing = c.stats;
    dy_progress_init(&oc.prog, dy_ingest_input_size(c.files, c.nfiles), c.quiet);
    int status = EXIT_OK;
    if (fmt == DY_OUT_TSV && !c.explain && write_all(stdout, dy_tsv_header(), strlen(dy_tsv_header())))
        oc.write_status = EXIT_IO;
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
        ro.code = code_counted;
        ro.msg = msg_clear;
        ro.ctx = &oc;
        if (dy_run(e, c.files, c.nfiles, &ro, &res, err, sizeof err)) {
            fprintf(stderr, "dyad: %s\n", err);
            dy_ingest_free(oc.ing);
            dy_engine_free(e);
            cli_common_free(&c);
            return EXIT_IO;
        }
        status = res.status;
    }
    if (oc.write_status == EXIT_IO) status = EXIT_IO;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (status != EXIT_IO) fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        status = EXIT_IO;
    }
    dy_progress_clear(&oc.prog);
    if (c.stats) print_stats(&res.stats, c.nthreads, t_start, t_loaded, oc.t_first, cli_now());
    dy_buf sum;
    dy_buf_init(&sum);
    dy_ingest_summary(oc.ing, res.docs_read, res.stats.sentences, res.stats.events, cli_now() - t_start, &sum);
    if (sum.p) fprintf(stderr, "dyad: %s\n", sum.p);
    dy_buf_free(&sum);
    dy_ingest_free(oc.ing);
    dy_engine_free(e);
    cli_common_free(&c);
    return status;
}
