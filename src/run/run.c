/* run.c: the streaming pipeline (see run.h).
 *
 * -j N is a pipeline over a ring of document slots.  A reader thread fills
 * slots in input order, N workers each take the next read slot and code it,
 * and the calling thread hands slots to the sink strictly in input order, so
 * reading and sinking overlap with coding and memory is bounded by the ring.
 * With one thread everything runs in the calling thread, one document at a
 * time.  Written by hand: it is a few condition variables, and no library
 * gives an ordered, bounded, cancellable ring for our slot type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include "run/run.h"

typedef struct slot {
    dy_arena a;
    dy_doc doc;
    dy_buf out;
    int rc;
    int done;               /* coded, waiting for the sink (under pool.mu) */
    int skipped;            /* not coded: the run was cancelled */
    int part_ready;         /* a piece of the output waits for the sink (under pool.mu) */
    int part_failed;        /* the part callback asked to stop */
} slot;

typedef struct pool {
    const dy_engine *e;
    const dy_run_opts *o;
    slot *slots;
    long nslots;
    dy_worker **workers;
    dy_stats *stats;
    /* pipeline state, under mu */
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_code, can_write, can_part;
    int threaded;
    long nread, nclaimed, nwritten; /* documents read / taken by a worker / sunk */
    int eof;                /* the reader has stopped: nread is final */
    int stop;               /* the sink asked to stop: read no more */
    /* reader inputs and results (the reader thread owns these until joined) */
    const char *const *files;
    int nfiles;
    int read_status;
    long docs_failed;       /* the sink's thread */
    int sink_status;        /* the sink's thread: DY_RUN_NOMEM after a document failed */
    size_t inflight;        /* bytes of the documents read and not yet sunk (under mu) */
    size_t max_inflight;    /* the reader waits above this (one document always goes) */
} pool;

typedef struct targ { pool *p; int id; } targ;

static void msg(const dy_run_opts *o, const char *m)
{
    if (o->msg) o->msg(o->ctx, m);
    else fprintf(stderr, "dyad: %s\n", m);
}

#define DY_RUN_PIECE (1u << 20)   /* a long document's output goes out in pieces of about this size */

static int cancelled(const pool *p);

typedef struct piece_ctx { pool *p; slot *s; long seq; } piece_ctx;

/* dy_code_doc_stream's flush: hand a piece of output to the part callback, in
 * order.  In a worker, wait until every earlier document has been sunk, then
 * let the sink's thread write the piece and wait until it has. */
static void flush_piece(void *arg, dy_buf *out)
{
    piece_ctx *pc = arg;
    pool *p = pc->p;
    slot *s = pc->s;
    if (!p->threaded) {
        if (!s->part_failed && !cancelled(p) && p->o->part(p->o->ctx, &s->doc, out) < 0) s->part_failed = 1;
        return;
    }
    pthread_mutex_lock(&p->mu);
    while (pc->seq != p->nwritten) pthread_cond_wait(&p->can_part, &p->mu);
    s->part_ready = 1;
    pthread_cond_signal(&p->can_write);
    while (s->part_ready) pthread_cond_wait(&p->can_part, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static void code_slot(pool *p, int id, slot *s, long seq)
{
    const dy_run_opts *o = p->o;
    /* a buffer that ran out of memory stays failed, and a long document's
     * buffer is not kept: start the next document afresh */
    if (s->out.oom || s->out.cap > (4u << 20)) dy_buf_free(&s->out);
    s->out.len = 0;
    s->part_failed = 0;
    if (o->code) s->rc = o->code(o->ctx, p->workers[id], &s->doc, &s->out, &p->stats[id]);
    else if (o->part) {
        piece_ctx pc = { p, s, seq };
        s->rc = dy_code_doc_stream(p->workers[id], &s->doc, o->fmt, o->explain, o->timing, &s->out, &p->stats[id],
                                   DY_RUN_PIECE, flush_piece, &pc);
    } else s->rc = dy_code_doc(p->workers[id], &s->doc, o->fmt, o->explain, o->timing, &s->out, &p->stats[id]);
}

static int cancelled(const pool *p)
{
    return p->o->cancel && atomic_load_explicit(p->o->cancel, memory_order_relaxed);
}

static int worse(int a, int b) { return a > b ? a : b; }   /* OK 0 < BADINPUT 1 < IO 4 < NOMEM 5 */

/* Hand one coded document to the sink; -1 stops the run.  A document the
 * code function could not code (no memory) is reported here, once, naming
 * it; the run goes on only with keep_going. */
static int sink_slot(pool *p, slot *s)
{
    int r = p->o->sink(p->o->ctx, &s->doc, s->rc, &s->out);
    if (s->rc < 0) {
        char where[600], m[1200], idm[300];
        dy_msg_escape(idm, sizeof idm, s->doc.id);
        p->docs_failed++;
        p->sink_status = DY_RUN_NOMEM;
        if (s->doc.line) snprintf(where, sizeof where, "%.500s:%ld", s->doc.input, s->doc.line);
        else snprintf(where, sizeof where, "%.500s", s->doc.input);   /* plain text: no line */
        snprintf(m, sizeof m, "%s: document \"%s\": out of memory coding it (%zu bytes); %s", where, idm, s->doc.len,
                 p->o->keep_going ? "skipped, going on (--keep-going)" : "stopping (--keep-going would go on)");
        msg(p->o, m);
        if (!p->o->keep_going) return -1;
    }
    return r;
}

/* Read every input file into the ring (the pipeline's reader), or, with
 * inline_sink (-j 1), code and sink each document in turn. */
static int reader_run(pool *p, int inline_sink)
{
    char err[1024];
    int status = DY_RUN_OK, stop = 0;
    const dy_run_opts *o = p->o;
    for (int fi = 0; fi < p->nfiles && !stop; fi++) {
        if (cancelled(p)) break;
        dy_reader *r = dy_reader_open(p->files[fi], o->ro, err, sizeof err);
        if (!r) {
            msg(o, err);
            status = worse(status, DY_RUN_IO);
            continue;           /* an unreadable file never stops the others */
        }
        for (;;) {
            slot *s;
            if (cancelled(p)) { stop = 1; break; }
            if (inline_sink) s = &p->slots[0];
            else {
                pthread_mutex_lock(&p->mu);
                while (!p->stop && !cancelled(p) &&
                       (p->nread - p->nwritten >= p->nslots || (p->inflight >= p->max_inflight && p->nread > p->nwritten)))
                    pthread_cond_wait(&p->can_read, &p->mu);
                if (cancelled(p)) stop = 1;
                if (p->stop) stop = 1;
                pthread_mutex_unlock(&p->mu);
                if (stop) break;
                s = &p->slots[p->nread % p->nslots];   /* free: only the reader advances nread */
            }
            dy_arena_reset(&s->a);
            int rc = dy_reader_next(r, &s->a, &s->doc, err, sizeof err);
            if (rc == 0) break;
            if (rc == 2) { msg(o, err); rc = 1; }
            if (rc == 1) {
                if (inline_sink) {
                    p->nread++;
                    code_slot(p, 0, s, p->nread - 1);
                    if (s->part_failed || sink_slot(p, s)) { p->stop = stop = 1; break; }
                    dy_arena_reset(&s->a);    /* a long document's memory goes back now */
                    continue;
                }
                pthread_mutex_lock(&p->mu);
                s->done = 0;
                s->skipped = 0;
                p->inflight += s->doc.len;
                p->nread++;
                pthread_cond_signal(&p->can_code);
                pthread_mutex_unlock(&p->mu);
                continue;
            }
            if (rc == -2 && cancelled(p)) { stop = 1; break; }   /* a read interrupted by the signal */
            msg(o, err);
            if (rc == -2) { status = worse(status, DY_RUN_IO); break; }
            status = worse(status, rc == -3 ? DY_RUN_NOMEM : DY_RUN_BADINPUT);
            if (rc == -4) continue;         /* --max-doc-bytes: skipped, and the run goes on (as its help says) */
            if (!o->keep_going) { stop = 1; break; }
        }
        dy_reader_close(r);
    }
    return status;
}

static void *reader_main(void *arg)
{
    pool *p = arg;
    p->read_status = reader_run(p, 0);
    pthread_mutex_lock(&p->mu);
    p->eof = 1;
    pthread_cond_broadcast(&p->can_code);
    pthread_cond_broadcast(&p->can_write);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void *worker_main(void *arg)
{
    targ *t = arg;
    pool *p = t->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->nclaimed == p->nread && !p->eof) pthread_cond_wait(&p->can_code, &p->mu);
        if (p->nclaimed == p->nread) break;    /* eof and nothing left */
        slot *s = &p->slots[p->nclaimed % p->nslots];
        long seq = p->nclaimed++;
        pthread_mutex_unlock(&p->mu);
        if (cancelled(p)) s->skipped = 1;   /* stop promptly: what is queued is dropped, not coded */
        else code_slot(p, t->id, s, seq);
        pthread_mutex_lock(&p->mu);
        s->done = 1;
        if (seq == p->nwritten) pthread_cond_signal(&p->can_write);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The sink side of -j N: slots leave in input order (a long document's
 * pieces first, as its worker hands them over). */
static void sink_loop(pool *p)
{
    int failed = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        slot *s = &p->slots[p->nwritten % p->nslots];
        while (!(p->nwritten < p->nread && (s->done || s->part_ready)) && !(p->eof && p->nwritten == p->nread))
            pthread_cond_wait(&p->can_write, &p->mu);
        if (p->nwritten == p->nread) break;   /* eof: all sunk */
        if (s->part_ready && !s->done) {
            pthread_mutex_unlock(&p->mu);
            int bad = !failed && !cancelled(p) && p->o->part(p->o->ctx, &s->doc, &s->out) < 0;
            pthread_mutex_lock(&p->mu);
            if (bad) failed = p->stop = s->part_failed = 1;
            s->part_ready = 0;
            pthread_cond_broadcast(&p->can_part);
            continue;
        }
        pthread_mutex_unlock(&p->mu);
        /* after a stop or a signal, only drain: the output ends after a whole document */
        int bad = !failed && !s->skipped && !s->part_failed && !cancelled(p) && sink_slot(p, s) < 0;
        size_t len = s->doc.len;
        dy_arena_reset(&s->a);            /* a long document's memory goes back now, not when the slot is reused */
        pthread_mutex_lock(&p->mu);
        if (bad) failed = p->stop = 1;
        s->done = 0;
        p->inflight -= len;
        p->nwritten++;
        pthread_cond_signal(&p->can_read);
        pthread_cond_broadcast(&p->can_part);
    }
    pthread_mutex_unlock(&p->mu);
}

static void sum_stats(const pool *p, int n, dy_stats *tot)
{
    memset(tot, 0, sizeof *tot);
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < DY_NSTAGES; k++) tot->ns[k] += p->stats[i].ns[k];
        tot->docs += p->stats[i].docs; tot->sentences += p->stats[i].sentences; tot->tokens += p->stats[i].tokens;
        tot->events += p->stats[i].events; tot->bytes += p->stats[i].bytes; tot->truncated += p->stats[i].truncated;
    }
}

static void pool_free(pool *p, int nthreads)
{
    if (p->slots)
        for (long i = 0; i < p->nslots; i++) { dy_arena_free(&p->slots[i].a); dy_buf_free(&p->slots[i].out); }
    if (p->workers)
        for (int i = 0; i < nthreads; i++) dy_worker_free(p->workers[i]);
    free(p->slots); free(p->workers); free(p->stats);
}

int dy_run(const dy_engine *e, const char *const *files, int nfiles, const dy_run_opts *o,
           dy_run_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    int nthreads = o->nthreads < 1 ? 1 : o->nthreads;
    pool p;
    memset(&p, 0, sizeof p);
    p.e = e;
    p.o = o;
    p.files = files;
    p.nfiles = nfiles;
    p.nslots = nthreads == 1 ? 1 : 32 * nthreads;
    /* the ring holds at most about one maximal document per coding thread */
    size_t maxdoc = o->ro && o->ro->max_doc_bytes ? o->ro->max_doc_bytes : DY_MAX_DOC_BYTES;
    p.max_inflight = maxdoc * (size_t)nthreads;
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    p.workers = calloc((size_t)nthreads, sizeof *p.workers);
    p.stats = calloc((size_t)nthreads, sizeof *p.stats);
    if (!p.slots || !p.workers || !p.stats) {
        pool_free(&p, nthreads);
        snprintf(err, errlen, "out of memory starting the pipeline");
        return -1;
    }
    for (long i = 0; i < p.nslots; i++) { dy_arena_init(&p.slots[i].a, 64 * 1024); dy_buf_init(&p.slots[i].out); }
    for (int i = 0; i < nthreads; i++)
        if (!(p.workers[i] = dy_worker_new(e))) {
            pool_free(&p, nthreads);
            snprintf(err, errlen, "out of memory creating %d coding workers", nthreads);
            return -1;
        }
    int status;
    if (nthreads == 1) {
        status = reader_run(&p, 1);
        res->docs_read = p.nread;
        res->stopped = p.stop;
    } else {
        pthread_t *th = calloc((size_t)nthreads, sizeof *th), rth;
        targ *ta = calloc((size_t)nthreads, sizeof *ta);
        if (!th || !ta) {
            free(th); free(ta); pool_free(&p, nthreads);
            snprintf(err, errlen, "out of memory starting the pipeline");
            return -1;
        }
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.can_read, NULL);
        pthread_cond_init(&p.can_code, NULL);
        pthread_cond_init(&p.can_write, NULL);
        pthread_cond_init(&p.can_part, NULL);
        p.threaded = 1;
        /* SIGINT, SIGTERM and SIGHUP go to the reader thread only (the one that may
         * wait on input): workers and the sink (this thread) block them, so a
         * handler that sets *cancel interrupts a blocked read, never a write */
        sigset_t stopsigs, old;
        sigemptyset(&stopsigs);
        sigaddset(&stopsigs, SIGINT); sigaddset(&stopsigs, SIGTERM); sigaddset(&stopsigs, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &stopsigs, &old);
        int started = 0, rc = 0;
        for (int i = 0; i < nthreads; i++) {
            ta[i] = (targ){ &p, i };
            if ((rc = pthread_create(&th[i], NULL, worker_main, &ta[i])) != 0) break;
            started++;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (started == nthreads) rc = pthread_create(&rth, NULL, reader_main, &p);
        pthread_sigmask(SIG_BLOCK, &stopsigs, NULL);
        if (rc != 0) {
            /* stop the workers already started, then report errno's reason */
            pthread_mutex_lock(&p.mu);
            p.eof = 1;
            pthread_cond_broadcast(&p.can_code);
            pthread_mutex_unlock(&p.mu);
            for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
            snprintf(err, errlen, "cannot start %d coding threads (%d started): %s", nthreads + 1, started, strerror(rc));
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            free(th); free(ta); pool_free(&p, nthreads);
            return -1;
        }
        sink_loop(&p);
        pthread_join(rth, NULL);
        for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        status = p.read_status;
        res->docs_read = p.nread;
        res->stopped = p.stop;
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.can_read);
        pthread_cond_destroy(&p.can_code);
        pthread_cond_destroy(&p.can_write);
        pthread_cond_destroy(&p.can_part);
        free(th); free(ta);
    }
    if (cancelled(&p)) res->stopped = 1;
    res->status = worse(status, p.sink_status);
    res->docs_failed = p.docs_failed;
    sum_stats(&p, nthreads, &res->stats);
    pool_free(&p, nthreads);
    return 0;
}
