/* ingest.c: `dyad ingest [FILE...] --db PATH|URL`: code documents into the event store.
 *
 * The library does the work: dy_run (src/run/) reads and codes on -j N
 * threads with the store's code callback, and the store's sink writes the
 * documents in batched transactions (src/store/ingest.c). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad ingest [FILE...] --db PATH|URL [options]   code documents into a store\n"
"\n"
"Stores each document (id, url, outlet, title, date), the sentences that carry events,\n"
"every event mention (spans, the pattern that fired) and the events they are merged\n"
"into (see dyad dedup for the rule).  A document whose id is already in the store is\n"
"replaced, never duplicated.  Input as for dyad code (text or JSON Lines; stdin when\n"
"no FILE); JSON fields \"source\" = outlet, \"url\", \"title\".\n"
"\n"
"Options:\n"
"  --batch N              documents per transaction (default 500); a crash loses at\n"
"                         most the batch in flight\n"
"  --no-merge             store mentions only; merge later with dyad dedup --incremental\n"
"                         (for many concurrent ingests into one PostgreSQL store)\n"
"  --quiet                no summary on stderr\n";

int cmd_ingest(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs(CLI_COMMON_HELP, stdout); fputs("\n", stdout);
        fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    const char *db = NULL;
    dy_ingest_opts io = { 0, 0 };
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_common_opt(&c, argc, argv, &i);
        if (r == 0) r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) { cli_common_free(&c); return EXIT_USAGE; }
        if (r > 0) continue;
        if (!strcmp(a, "--batch")) {
            char *end;
            long n = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
            if (n < 1 || n > 1000000 || *end) { fprintf(stderr, "dyad: --batch needs a number from 1 to 1000000\n"); cli_common_free(&c); return EXIT_USAGE; }
            io.batch_docs = (int)n;
        } else if (!strcmp(a, "--no-merge")) io.no_merge = 1;
        else if (!strcmp(a, "--quiet")) quiet = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option \"%s\" for ingest (try dyad ingest --help)\n", a);
            cli_common_free(&c);
            return EXIT_USAGE;
        } else c.files[c.nfiles++] = a;
    }
    int code;
    dy_store *s = cli_store_open(db, DY_STORE_CREATE, &code);
    if (!s) { cli_common_free(&c); return code; }
    char err[2048];
    double t0 = cli_now();
    dy_engine *e = dy_engine_new(&c.o, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); dy_store_close(s); cli_common_free(&c); return EXIT_DICT; }
    dy_ingest *g = dy_ingest_new(s, &io, err, sizeof err);
    if (!g) { fprintf(stderr, "dyad: %s\n", err); dy_engine_free(e); dy_store_close(s); cli_common_free(&c); return EXIT_IO; }
    if (c.nfiles == 0) c.files[c.nfiles++] = "-";
    dy_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.nthreads = c.nthreads;
    ro.keep_going = c.keep_going;
    ro.ro = &c.ro;
    ro.code = dy_store_code;
    ro.sink = dy_ingest_sink;
    ro.ctx = g;
    dy_run_result res;
    memset(&res, 0, sizeof res);
    int status = EXIT_OK;
    int started = dy_run(e, c.files, c.nfiles, &ro, &res, err, sizeof err) == 0;
    if (!started) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_IO; }
    else status = res.status;
    /* what the sink stopped on (a database error) is an I/O error; a bad record is not */
    int sink_failed = dy_ingest_error(g)[0] != 0;
    dy_ingest_result ir;
    int fs = dy_ingest_finish(g, started && !sink_failed, &ir, err, sizeof err);
    if (fs) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_IO; }
    if (res.docs_failed) {
        fprintf(stderr, "dyad: %ld document(s) could not be coded (out of memory) and were not stored\n", res.docs_failed);
        if (status == EXIT_OK) status = EXIT_IO;
    }
    double t1 = cli_now();
    if (!quiet) {
        fprintf(stderr, "dyad ingest: %lld documents (%lld replaced), %lld sentences with events, %lld mentions, "
                "%lld batches into %s in %.2f s\n", ir.docs, ir.replaced, ir.sentences, ir.mentions, ir.batches,
                dy_store_where(s), t1 - t0);
        if (ir.undated) fprintf(stderr, "dyad ingest: %lld mention(s) have no date and are not merged into events (give --date)\n", ir.undated);
    }
    if (c.stats) {
        double run = t1 - t0;
        fprintf(stderr, "dyad stats: %ld docs, %ld events, %.1f MB, %d thread(s); %.3f s, %.2f MB/s, %.0f docs/s\n",
                res.stats.docs, res.stats.events, (double)res.stats.bytes / 1e6, c.nthreads, run,
                run > 0 ? (double)res.stats.bytes / 1e6 / run : 0, run > 0 ? (double)res.stats.docs / run : 0);
    }
    dy_engine_free(e);
    dy_store_close(s);
    cli_common_free(&c);
    return status;
}
