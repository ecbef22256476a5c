/* run.h: the streaming pipeline that drives an engine over input files.
 *
 * Why a library module: `dyad code`, `dyad ingest` and the server all need
 * the same thing: documents read in order from files (or stdin), coded on N
 * threads, and handed back strictly in input order, with memory bounded by a
 * ring of document slots rather than by the input.  With nthreads == 1 it
 * all happens in the calling thread, one document at a time.
 *
 *   reader thread -> ring of 32 x N slots -> N workers -> sink (caller's thread, input order)
 *
 * The ring also holds at most nthreads x max_doc_bytes of document text (one
 * long document always goes through), and a slot's memory is released as soon
 * as its document is sunk.
 *
 * Each slot owns its document (text, id and file name are copied into the
 * slot's arena), so nothing a sink sees has been freed by the reader. */
#ifndef DY_RUN_H
#define DY_RUN_H
#include <stdatomic.h>
#include "dyad.h"
#include "read/reader.h"

/* Status, the same numbers as the CLI's exit codes. */
enum { DY_RUN_OK = 0, DY_RUN_BADINPUT = 1, DY_RUN_IO = 4, DY_RUN_NOMEM = 5 };

/* Code one document in a worker thread (optional; default: dy_code_doc with
 * the run's format).  Appends whatever the sink needs to out; returns the
 * number of events, or -1 when the document could not be coded (out of memory:
 * dy_run reports it, naming the document, and goes on only with keep_going). */
typedef int (*dy_run_code_fn)(void *ctx, dy_worker *w, const dy_doc *doc, dy_buf *out, dy_stats *st);
/* Take one coded document, in input order, in the thread that called dy_run.
 * rc is what the code function returned.  Return 0 to go on, -1 to stop the
 * run (e.g. the output cannot be written; the sink reports why). */
typedef int (*dy_run_sink_fn)(void *ctx, const dy_doc *doc, int rc, const dy_buf *out);
/* Take a piece of a long document's output (whole lines, in input order,
 * in the caller's thread) before its sink call, which then gets the rest.
 * Return 0, or -1 to stop the run as the sink would. */
typedef int (*dy_run_part_fn)(void *ctx, const dy_doc *doc, const dy_buf *out);
/* A message about the input (file:line:column ...), without "dyad: ". */
typedef void (*dy_run_msg_fn)(void *ctx, const char *msg);

typedef struct dy_run_opts {
    int nthreads;               /* coding threads, >= 1 */
    enum dy_outfmt fmt;         /* for the default code function */
    int explain, timing;
    int keep_going;             /* after a bad record or unreadable file, go on */
    const dy_read_opts *ro;
    dy_run_code_fn code;        /* NULL: dy_code_doc(fmt, explain, timing) */
    dy_run_sink_fn sink;        /* required */
    dy_run_part_fn part;        /* optional, with the default code function: a document's output reaches
                                 * it in pieces of ~1 MiB, so memory stays bounded however long the
                                 * document; NULL: the whole output goes to the sink at once */
    dy_run_msg_fn msg;          /* NULL: "dyad: MSG" on stderr */
    void *ctx;
    /* optional: when *cancel becomes non-zero (a signal handler sets it), no
     * more documents are read or coded; what the sink already took stays, so
     * output ends after a whole document.  With nthreads > 1, SIGINT, SIGTERM
     * and SIGHUP are blocked in every thread but the reader's while dy_run
     * runs, so they interrupt a read that waits on input (install the handler
     * without SA_RESTART); with 1 thread the caller's thread does everything. */
    const atomic_int *cancel;
} dy_run_opts;

typedef struct dy_run_result {
    int status;                 /* the worst of: DY_RUN_OK, DY_RUN_BADINPUT (a record was bad), DY_RUN_IO
                                 * (a file could not be read), DY_RUN_NOMEM (a record or document could
                                 * not be read or coded for lack of memory: reported, naming it) */
    int stopped;                /* the sink asked to stop, or the run was cancelled */
    long docs_read, docs_failed;/* documents read; documents the code function could not code */
    dy_stats stats;             /* summed over the workers */
} dy_run_result;

/* Run files[0..nfiles) ("-" = stdin) through e.  Returns 0, or -1 when the run
 * could not start (err says why: no memory, no threads, with errno's text). */
int dy_run(const dy_engine *e, const char *const *files, int nfiles, const dy_run_opts *o,
           dy_run_result *res, char *err, size_t errlen);
#endif
