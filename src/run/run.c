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
#include "run/run.h"

typedef struct slot {
    dy_arena a;
    dy_doc doc;
    dy_buf out;
    int rc;
    int done;               /* coded, waiting for the sink (under pool.mu) */
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
    pthread_cond_t can_read, can_code, can_write;
    long nread, nclaimed, nwritten; /* documents read / taken by a worker / sunk */
    int eof;                /* the reader has stopped: nread is final */
    int stop;               /* the sink asked to stop: read no more */
    /* reader inputs and results (the reader thread owns these until joined) */
    const char *const *files;
    int nfiles;
    int read_status;
    long docs_failed;       /* the sink's thread */
} pool;

typedef struct targ { pool *p; int id; } targ;

static void msg(const dy_run_opts *o, const char *m)
{
    if (o->msg) o->msg(o->ctx, m);
    else fprintf(stderr, "dyad: %s\n", m);
}

static void code_slot(pool *p, int id, slot *s)
{
    const dy_run_opts *o = p->o;
    s->out.len = 0;
    if (o->code) s->rc = o->code(o->ctx, p->workers[id], &s->doc, &s->out, &p->stats[id]);
    else s->rc = dy_code_doc(p->workers[id], &s->doc, o->fmt, o->explain, o->timing, &s->out, &p->stats[id]);
}

static int cancelled(const pool *p)
{
    return p->o->cancel && *p->o->cancel;
}

/* Hand one coded document to the sink; -1 stops the run. */
static int sink_slot(pool *p, slot *s)
{
    if (s->rc < 0) p->docs_failed++;
    return p->o->sink(p->o->ctx, &s->doc, s->rc, &s->out);
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
            status = DY_RUN_IO;
            continue;           /* an unreadable file never stops the others */
        }
        for (;;) {
            slot *s;
            if (cancelled(p)) { stop = 1; break; }
            if (inline_sink) s = &p->slots[0];
            else {
                pthread_mutex_lock(&p->mu);
                while (!p->stop && p->nread - p->nwritten >= p->nslots) pthread_cond_wait(&p->can_read, &p->mu);
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
                    code_slot(p, 0, s);
                    if (sink_slot(p, s)) { p->stop = stop = 1; break; }
                    continue;
                }
                pthread_mutex_lock(&p->mu);
                s->done = 0;
                p->nread++;
                pthread_cond_signal(&p->can_code);
                pthread_mutex_unlock(&p->mu);
                continue;
            }
            msg(o, err);
            if (rc == -2) { status = DY_RUN_IO; break; }
            if (status == DY_RUN_OK) status = DY_RUN_BADINPUT;
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
        code_slot(p, t->id, s);
        pthread_mutex_lock(&p->mu);
        s->done = 1;
        if (seq == p->nwritten) pthread_cond_signal(&p->can_write);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The sink side of -j N: slots leave in input order. */
static void sink_loop(pool *p)
{
    int failed = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        slot *s = &p->slots[p->nwritten % p->nslots];
        while (!(p->nwritten < p->nread && s->done) && !(p->eof && p->nwritten == p->nread))
            pthread_cond_wait(&p->can_write, &p->mu);
        if (p->nwritten == p->nread) break;   /* eof: all sunk */
        pthread_mutex_unlock(&p->mu);
        int bad = !failed && sink_slot(p, s) < 0;   /* after a stop, only drain */
        pthread_mutex_lock(&p->mu);
        if (bad) failed = p->stop = 1;
        s->done = 0;
        p->nwritten++;
        pthread_cond_signal(&p->can_read);
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
        int started = 0, rc = 0;
        for (int i = 0; i < nthreads; i++) {
            ta[i] = (targ){ &p, i };
            if ((rc = pthread_create(&th[i], NULL, worker_main, &ta[i])) != 0) break;
            started++;
        }
        if (started == nthreads) rc = pthread_create(&rth, NULL, reader_main, &p);
        if (rc != 0) {
            /* stop the workers already started, then report errno's reason */
            pthread_mutex_lock(&p.mu);
            p.eof = 1;
            pthread_cond_broadcast(&p.can_code);
            pthread_mutex_unlock(&p.mu);
            for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
            snprintf(err, errlen, "cannot start %d coding threads (%d started): %s", nthreads + 1, started, strerror(rc));
            free(th); free(ta); pool_free(&p, nthreads);
            return -1;
        }
        sink_loop(&p);
        pthread_join(rth, NULL);
        for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
        status = p.read_status;
        res->docs_read = p.nread;
        res->stopped = p.stop;
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.can_read);
        pthread_cond_destroy(&p.can_code);
        pthread_cond_destroy(&p.can_write);
        free(th); free(ta);
    }
    if (cancelled(&p)) res->stopped = 1;
    res->status = status;
    res->docs_failed = p.docs_failed;
    sum_stats(&p, nthreads, &res->stats);
    pool_free(&p, nthreads);
    return 0;
}
