/* main.c: the dyad command line, a thin layer over libdyad.
 *
 *   dyad code [FILE...]   read documents, write one event per line
 *   dyad dicts            load the dictionaries and print their entry counts
 *
 * Streaming: documents are read in batches, coded by -j threads and written
 * in input order, so memory is bounded by the batch, not the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "dyad.h"
#include "read/reader.h"
#include "eval/eval.h"
#include "compat/tabari.h"
#include "compat/petrarch.h"
#include "actors/actordict.h"
#include "code/verbdict.h"
#include "tag/lemma.h"

enum { EXIT_OK = 0, EXIT_BADINPUT = 1, EXIT_USAGE = 2, EXIT_DICT = 3, EXIT_IO = 4 };

static const char USAGE[] =
"usage: dyad code [FILE...] [options]     code documents (stdin when no FILE)\n"
"       dyad dicts [options]              load dyad's dictionaries, print entry counts\n"
"       dyad dicts --coverage [--cases DIR]  per CAMEO code: verb/noun patterns and cases\n"
"                                         (default tests/cases) reaching it, the missing first\n"
"       dyad dicts FILE...                load TABARI (.actors .agents .verbs .options\n"
"                                         .project) or PETRARCH/Phoenix dictionary files\n"
"                                         and print their entry counts\n"
"       dyad eval SUITE [options]         score a test suite: TABARI Validate.text (*.text),\n"
"                                         PETRARCH unit-test XML (*.xml), dyad's own cases\n"
"                                         (a tests/cases file or directory); --project FILE,\n"
"                                         --dict, --explain (trace failing cases), --quiet\n"
"       dyad --help | --version\n"
"\n"
"Input: a plain text file is one document (id = file name; date from --date or a\n"
"dateline like \"MOSCOW, May 16 (Reuters) -\"); *.jsonl/*.json/*.ndjson files hold one\n"
"{\"id\",\"date\",\"text\"[,\"title\",\"url\",\"source\"]} object per line; stdin is sniffed.\n"
"\n"
"Options:\n"
"  --format jsonl|tsv|actors  output format (default jsonl; tsv has a header row;\n"
"                         actors: one line per actor mention, with its code and how it was found)\n"
"  --explain              per sentence: tokens and tags, actors (with dictionary file\n"
"                         and line), clauses, the patterns tried and why events dropped\n"
"  --date YYYY-MM-DD      date for documents that carry none\n"
"  --input-format auto|text|jsonl\n"
"  --data DIR             dyad's data directory (default: $DYAD_DATA, ./data, built-in)\n"
"  --dict FILE|DIR        extra dictionary in dyad's format (repeatable)\n"
"  --dict-only            use only the --dict dictionaries\n"
"  --known-actors         code only actors the dictionaries know (by default a capitalised\n"
"                         name missing from them is an actor too, with code ---)\n"
"  -j N, --threads N      coding threads (default 1); output order = input order\n"
"  --stats                print throughput and a per-stage profile to stderr\n"
"  --keep-going           after a bad record, go on with the rest (exit status still 1)\n"
"  --max-doc-bytes N      skip documents longer than N bytes (default 16777216)\n"
"  --max-tokens N         tokens per sentence kept (default 400; the rest is cut)\n"
"  --max-events N         events per sentence (default 32)\n"
"  --one-sided            also code events with no target (\"the prime minister agreed to\n"
"                         resign\"); their target is null\n"
"  --modes LIST           event modes coded: all, or a comma-separated list of asserted,\n"
"                         future, hypothetical, negated, reported (default: all but\n"
"                         hypothetical: \"could attack\", \"hopes to meet\", \"to help X\")\n"
"\n"
"Exit status: 0 ok; 1 bad input (a record skipped: message names file:line:column);\n"
"2 usage error; 3 dictionaries or model could not be loaded; 4 I/O error (unreadable\n"
"input, output write failed, disk full).\n";

/* -j N: a pipeline over a ring of document slots.  A reader thread fills
 * slots in input order, N workers each take the next read slot and code it,
 * and the main thread writes slots out strictly in input order, so reading
 * and writing overlap with coding and memory is bounded by the ring.  With
 * -j 1 everything runs in the main thread, one document at a time. */
typedef struct slot {
    dy_arena a;
    dy_doc doc;
    dy_buf out;
    int rc;
    int done;               /* coded, waiting to be written (under pool.mu) */
} slot;

typedef struct pool {
    const dy_engine *e;
    int nthreads;
    slot *slots;
    long nslots;
    enum dy_outfmt fmt;
    int explain, timing;
    dy_worker **workers;
    dy_stats *stats;
    /* pipeline state, under mu */
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_code, can_write;
    long nread, nclaimed, nwritten; /* documents read / taken by a worker / written */
    int eof;                /* the reader has stopped: nread is final */
    int stop;               /* the writer failed: read no more */
    /* reader inputs and results (the reader thread owns these until joined) */
    const char *const *files;
    int nfiles, keep_going;
    const dy_read_opts *ro;
    int read_status;
    /* writer results (the main thread) */
    int write_status;
    double t_first;         /* when the first event was written */
} pool;

typedef struct targ { pool *p; int id; } targ;

static void code_slot(pool *p, int id, slot *s)
{
    s->out.len = 0;
    s->rc = dy_code_doc(p->workers[id], &s->doc, p->fmt, p->explain, p->timing, &s->out, &p->stats[id]);
}

/* Read every input file into the ring (the pipeline's reader), or, with
 * sink != NULL (-j 1), code and hand each document to sink in turn. */
typedef int (*doc_sink)(pool *p, slot *s);

static int reader_run(pool *p, doc_sink sink)
{
    char err[1024];
    int status = EXIT_OK, stop = 0;
    for (int fi = 0; fi < p->nfiles && !stop; fi++) {
        dy_reader *r = dy_reader_open(p->files[fi], p->ro, err, sizeof err);
        if (!r) {
            fprintf(stderr, "dyad: %s\n", err);
            status = status ? status : EXIT_IO;
            if (!p->keep_going) break;
            continue;
        }
        for (;;) {
            slot *s;
            if (sink) s = &p->slots[0];
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
            if (rc == 2) { fprintf(stderr, "dyad: %s\n", err); rc = 1; }
            if (rc == 1) {
                if (sink) {
                    if (sink(p, s)) { stop = 1; break; }
                    continue;
                }
                pthread_mutex_lock(&p->mu);
                s->done = 0;
                p->nread++;
                pthread_cond_signal(&p->can_code);
                pthread_mutex_unlock(&p->mu);
                continue;
            }
            fprintf(stderr, "dyad: %s\n", err);
            if (rc == -2) { status = EXIT_IO; break; }
            if (status == EXIT_OK) status = EXIT_BADINPUT;
            if (!p->keep_going) { stop = 1; break; }
        }
        dy_reader_close(r);
    }
    return status;
}

static void *reader_main(void *arg)
{
    pool *p = arg;
    p->read_status = reader_run(p, NULL);
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

static int write_all(FILE *f, const char *s, size_t n)
{
    return n == 0 || fwrite(s, 1, n, f) == n ? 0 : -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write one coded document (the main thread); -1 on a write error, which
 * stops the pipeline. */
static int write_slot(pool *p, slot *s)
{
    if (s->rc < 0) {
        fprintf(stderr, "dyad: %s: document \"%s\": out of memory; skipped\n", s->doc.input, s->doc.id);
        p->write_status = EXIT_IO;
        return 0;
    }
    if (!p->t_first && s->out.len) p->t_first = now_s();
    if (write_all(stdout, s->out.p, s->out.len)) {
        fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        p->write_status = EXIT_IO;
        return -1;
    }
    return 0;
}

/* -j 1: code the document just read and write it. */
static int code_and_write(pool *p, slot *s)
{
    code_slot(p, 0, s);
    return write_slot(p, s);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* `dyad dicts FILE...`: load TABARI or PETRARCH dictionary files and print their entry counts. */
static int dicts_files(int argc, char **argv)
{
    int status = EXIT_OK;
    for (int i = 2; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--data") || !strcmp(f, "--dict")) { i++; continue; }
        if (f[0] == '-') continue;
        char err[512] = "";
        if (ends_with(f, ".actors") || ends_with(f, ".agents") || ends_with(f, ".verbs") ||
            ends_with(f, ".options") || ends_with(f, ".project")) {
            dy_tabari_counts c;
            memset(&c, 0, sizeof c);
            if (dy_tabari_count_file(f, &c, err, sizeof err) < 0) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_DICT; continue; }
            printf("%s: TABARI: actors %d, agents %d, nouns %d, adjectives %d, verbs %d, forms %d, patterns %d, synsets %d, members %d, times %d\n",
                   f, c.actors, c.agents, c.nouns, c.adjectives, c.verbs, c.forms, c.patterns, c.synsets, c.members, c.times);
            continue;
        }
        dy_actordict ad;
        dy_verbdict vd;
        dy_lexicon lex;
        dy_petr_counts pc;
        memset(&pc, 0, sizeof pc);
        if (dy_actordict_init(&ad) || dy_verbdict_init(&vd) || dy_lexicon_init(&lex)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
        int kind = dy_dict_sniff_dyad(f) ? 0 : dy_petr_detect(f);
        if (kind <= 0) {
            /* dyad's own format: actors or patterns */
            int n = dy_actordict_load(&ad, f, err, sizeof err);
            if (n < 0) { err[0] = 0; n = dy_verbdict_load(&vd, &lex, f, err, sizeof err); }
            if (n < 0) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_DICT; }
            else printf("%s: dyad: %d entries\n", f, n);
        } else if (dy_petr_load(f, kind, &ad, &vd, &lex, NULL, &pc, err, sizeof err) < 0) {
            fprintf(stderr, "dyad: %s\n", err);
            status = EXIT_DICT;
        } else {
            dy_buf b;
            dy_buf_init(&b);
            dy_petr_counts_format(f, &pc, &b);
            if (b.p) fputs(b.p, stdout);
            dy_buf_free(&b);
        }
        dy_actordict_free(&ad);
        dy_verbdict_free(&vd);
        dy_lexicon_free(&lex);
    }
    return status;
}

static int eval_main(int argc, char **argv)
{
    dy_eval_opts o;
    memset(&o, 0, sizeof o);
    const char **dicts = calloc((size_t)argc, sizeof *dicts);
    int nd = 0;
    if (!dicts) return EXIT_IO;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--explain")) o.explain = 1;
        else if (!strcmp(a, "--quiet")) o.quiet = 1;
        else if (!strcmp(a, "--project") || !strcmp(a, "--dict") || !strcmp(a, "--data")) {
            if (!v) { fprintf(stderr, "dyad: option %s needs a value\n", a); free(dicts); return EXIT_USAGE; }
            i++;
            if (!strcmp(a, "--project")) o.project = v;
            else if (!strcmp(a, "--data")) o.datadir = v;
            else dicts[nd++] = v;
        } else if (a[0] == '-') { fprintf(stderr, "dyad: unknown option \"%s\" for eval\n", a); free(dicts); return EXIT_USAGE; }
        else if (!o.suite) o.suite = a;
        else { fprintf(stderr, "dyad: eval takes one SUITE\n"); free(dicts); return EXIT_USAGE; }
    }
    if (!o.suite) { fprintf(stderr, "dyad: eval needs a SUITE (try dyad --help)\n"); free(dicts); return EXIT_USAGE; }
    o.dicts = nd ? dicts : NULL;
    int rc;
    if (ends_with(o.suite, ".text")) rc = dy_eval_tabari(&o, stdout);
    else if (ends_with(o.suite, ".xml")) rc = dy_eval_petrarch(&o, stdout);
    else rc = dy_eval_dyad(&o, stdout);
    free(dicts);
    return rc ? EXIT_DICT : EXIT_OK;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);   /* a closed stdout becomes a write error, reported, not a silent death */
    if (argc < 2) { fputs(USAGE, stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { fputs(USAGE, stdout); return EXIT_OK; }
    if (!strcmp(cmd, "--version")) { printf("dyad %s\n", DYAD_VERSION); return EXIT_OK; }
    if (!strcmp(cmd, "eval")) return eval_main(argc, argv);
    if (!strcmp(cmd, "dicts")) {
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "--data") || !strcmp(argv[i], "--dict")) { i++; continue; }
            if (argv[i][0] != '-') return dicts_files(argc, argv);
        }
    }
    if (strcmp(cmd, "code") && strcmp(cmd, "dicts")) {
        fprintf(stderr, "dyad: unknown command \"%s\" (try dyad --help)\n", cmd);
        return EXIT_USAGE;
    }
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    dy_read_opts ro;
    memset(&ro, 0, sizeof ro);
    enum dy_outfmt fmt = DY_OUT_JSONL;
    int explain = 0, stats = 0, keep_going = 0, nthreads = 1, coverage = 0;
    const char *cases = NULL;   /* dicts --coverage --cases DIR */
    const char **files = calloc((size_t)argc, sizeof *files);
    const char **dicts = calloc((size_t)argc, sizeof *dicts);
    int nfiles = 0, ndicts = 0;
    char datebuf[11];
    if (!files || !dicts) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) { fprintf(stderr, "dyad: option %s needs a value\n", a); { free(files); free(dicts); return EXIT_USAGE; } } i++; } while (0)
        if (!strcmp(a, "--format")) {
            NEEDV();
            if (!strcmp(v, "jsonl")) fmt = DY_OUT_JSONL;
            else if (!strcmp(v, "tsv")) fmt = DY_OUT_TSV;
            else if (!strcmp(v, "actors")) fmt = DY_OUT_ACTORS;
            else { fprintf(stderr, "dyad: --format must be jsonl, tsv or actors, not \"%s\"\n", v); { free(files); free(dicts); return EXIT_USAGE; } }
        } else if (!strcmp(a, "--input-format")) {
            NEEDV();
            if (!strcmp(v, "auto")) ro.format = DY_FMT_AUTO;
            else if (!strcmp(v, "text")) ro.format = DY_FMT_TEXT;
            else if (!strcmp(v, "jsonl")) ro.format = DY_FMT_JSONL;
            else { fprintf(stderr, "dyad: --input-format must be auto, text or jsonl\n"); { free(files); free(dicts); return EXIT_USAGE; } }
        } else if (!strcmp(a, "--explain")) explain = 1;
        else if (!strcmp(a, "--stats")) stats = 1;
        else if (!strcmp(a, "--coverage")) coverage = 1;
        else if (!strcmp(a, "--cases")) { NEEDV(); cases = v; coverage = 1; }
        else if (!strcmp(a, "--keep-going")) keep_going = 1;
        else if (!strcmp(a, "--dict-only")) o.dicts_only = 1;
        else if (!strcmp(a, "--unknown-actors")) o.unknown_actors = 1;
        else if (!strcmp(a, "--known-actors")) o.unknown_actors = 0;
        else if (!strcmp(a, "--date")) {
            NEEDV();
            if (dy_parse_date(v, strlen(v), datebuf)) { fprintf(stderr, "dyad: --date \"%s\" is not a valid YYYY-MM-DD date\n", v); { free(files); free(dicts); return EXIT_USAGE; } }
            ro.default_date = datebuf;
        } else if (!strcmp(a, "--data")) { NEEDV(); o.datadir = v; }
        else if (!strcmp(a, "--dict")) { NEEDV(); dicts[ndicts++] = v; }
        else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
            NEEDV();
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 256) { fprintf(stderr, "dyad: %s needs a number from 1 to 256\n", a); { free(files); free(dicts); return EXIT_USAGE; } }
            nthreads = (int)n;
        } else if (!strcmp(a, "--max-doc-bytes") || !strcmp(a, "--max-tokens") || !strcmp(a, "--max-events")) {
            NEEDV();
            char *end;
            long long n = strtoll(v, &end, 10);
            if (*end || n < 1 || n > (1LL << 40)) { fprintf(stderr, "dyad: %s needs a positive number\n", a); { free(files); free(dicts); return EXIT_USAGE; } }
            if (!strcmp(a, "--max-doc-bytes")) ro.max_doc_bytes = (size_t)n;
            else if (!strcmp(a, "--max-tokens")) o.max_sentence_tokens = n > 10000 ? 10000 : (int)n;
            else o.max_events = n > 10000 ? 10000 : (int)n;
        } else if (!strcmp(a, "--one-sided")) {
            o.one_sided = 1;
        } else if (!strcmp(a, "--modes")) {
            NEEDV();
            if (dy_parse_modes(v, &o.modes) != 0) {
                fprintf(stderr, "dyad: --modes takes \"all\" or a comma-separated list of asserted, future, hypothetical, negated, reported (got \"%s\")\n", v);
                { free(files); free(dicts); return EXIT_USAGE; }
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option \"%s\" (try dyad --help)\n", a);
            { free(files); free(dicts); return EXIT_USAGE; }
        } else files[nfiles++] = a;
    }
    o.dicts = ndicts ? dicts : NULL;
    char err[1024];
    double t_start = now_s();
    dy_engine *e = dy_engine_new(&o, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); free(files); free(dicts); return EXIT_DICT; }
    double t_loaded = now_s();
    if (!strcmp(cmd, "dicts")) {
        dy_buf b;
        dy_buf_init(&b);
        if (!coverage) dy_engine_describe(e, &b);
        else if (dy_engine_coverage(e, cases ? cases : access("tests/cases", R_OK) == 0 ? "tests/cases" : NULL, &b, err, sizeof err)) {
            fprintf(stderr, "dyad: %s\n", err); dy_buf_free(&b); dy_engine_free(e); free(files); free(dicts); return EXIT_DICT;
        }
        fwrite(b.p, 1, b.len, stdout);
        dy_buf_free(&b);
        dy_engine_free(e);
        free(files); free(dicts);
        return EXIT_OK;
    }
    if (nfiles == 0) files[nfiles++] = "-";

    pool p;
    memset(&p, 0, sizeof p);
    p.e = e;
    p.nthreads = nthreads;
    p.nslots = nthreads == 1 ? 1 : 32 * nthreads;
    p.fmt = fmt; p.explain = explain; p.timing = stats;
    p.files = files; p.nfiles = nfiles; p.keep_going = keep_going; p.ro = &ro;
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    p.workers = calloc((size_t)nthreads, sizeof *p.workers);
    p.stats = calloc((size_t)nthreads, sizeof *p.stats);
    if (!p.slots || !p.workers || !p.stats) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    for (long i = 0; i < p.nslots; i++) { dy_arena_init(&p.slots[i].a, 64 * 1024); dy_buf_init(&p.slots[i].out); }
    for (int i = 0; i < nthreads; i++) if (!(p.workers[i] = dy_worker_new(e))) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    pthread_t *th = NULL, rth;
    targ *ta = NULL;
    int status = EXIT_OK;
    if (fmt == DY_OUT_TSV && !explain && write_all(stdout, dy_tsv_header(), strlen(dy_tsv_header()))) p.write_status = EXIT_IO;
    if (p.write_status) {
        /* the header could not be written: read nothing */
    } else if (nthreads == 1) {
        status = reader_run(&p, code_and_write);
    } else {
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.can_read, NULL);
        pthread_cond_init(&p.can_code, NULL);
        pthread_cond_init(&p.can_write, NULL);
        th = calloc((size_t)nthreads, sizeof *th);
        ta = calloc((size_t)nthreads, sizeof *ta);
        if (!th || !ta) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
        int started = 0;
        for (int i = 0; i < nthreads; i++) {
            ta[i] = (targ){ &p, i };
            if (pthread_create(&th[i], NULL, worker_main, &ta[i]) != 0) break;
            started++;
        }
        if (started == 0 || pthread_create(&rth, NULL, reader_main, &p) != 0) {
            fprintf(stderr, "dyad: cannot start threads\n");
            return EXIT_IO;
        }
        /* the writer: slots leave in input order */
        int failed = 0;
        pthread_mutex_lock(&p.mu);
        for (;;) {
            slot *s = &p.slots[p.nwritten % p.nslots];
            while (!(p.nwritten < p.nread && s->done) && !(p.eof && p.nwritten == p.nread))
                pthread_cond_wait(&p.can_write, &p.mu);
            if (p.nwritten == p.nread) break;   /* eof: all written */
            pthread_mutex_unlock(&p.mu);
            int bad = !failed && write_slot(&p, s) < 0;   /* after a write error, only drain */
            pthread_mutex_lock(&p.mu);
            if (bad) failed = p.stop = 1;
            s->done = 0;
            p.nwritten++;
            pthread_cond_signal(&p.can_read);
        }
        pthread_mutex_unlock(&p.mu);
        pthread_join(rth, NULL);
        for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
        status = p.read_status;
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.can_read);
        pthread_cond_destroy(&p.can_code);
        pthread_cond_destroy(&p.can_write);
    }
    if (p.write_status == EXIT_IO) status = EXIT_IO;
    double t_first = p.t_first;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (status != EXIT_IO) fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno));
        status = EXIT_IO;
    }
    double t_end = now_s();
    if (stats) {
        dy_stats tot;
        memset(&tot, 0, sizeof tot);
        for (int i = 0; i < nthreads; i++) {
            for (int k = 0; k < DY_NSTAGES; k++) tot.ns[k] += p.stats[i].ns[k];
            tot.docs += p.stats[i].docs; tot.sentences += p.stats[i].sentences; tot.tokens += p.stats[i].tokens;
            tot.events += p.stats[i].events; tot.bytes += p.stats[i].bytes; tot.truncated += p.stats[i].truncated;
        }
        double run = t_end - t_loaded;
        fprintf(stderr, "dyad stats: %ld docs, %ld sentences, %ld tokens, %ld events, %.1f MB, %d thread(s)\n",
                tot.docs, tot.sentences, tot.tokens, tot.events, (double)tot.bytes / 1e6, nthreads);
        fprintf(stderr, "  start-up (dictionaries, model): %.1f ms; to first event: %.1f ms\n",
                (t_loaded - t_start) * 1e3, t_first ? (t_first - t_start) * 1e3 : 0.0);
        fprintf(stderr, "  coding: %.3f s, %.0f sentences/s, %.2f MB/s\n", run, run > 0 ? (double)tot.sentences / run : 0,
                run > 0 ? (double)tot.bytes / 1e6 / run : 0);
        static const char *const names[] = { "normalise", "split", "tokenise+tag", "actors", "parse", "coding", "output" };
        double all = 0;
        for (int k = 0; k < DY_NSTAGES; k++) all += tot.ns[k];
        for (int k = 0; k < DY_NSTAGES; k++)
            fprintf(stderr, "  %-14s %8.1f ms  %5.1f%%\n", names[k], tot.ns[k] / 1e6, all > 0 ? 100 * tot.ns[k] / all : 0);
        if (tot.truncated) fprintf(stderr, "  %ld sentence(s) cut at --max-tokens\n", tot.truncated);
    }
    for (long i = 0; i < p.nslots; i++) { dy_arena_free(&p.slots[i].a); dy_buf_free(&p.slots[i].out); }
    for (int i = 0; i < nthreads; i++) dy_worker_free(p.workers[i]);
    free(p.slots); free(p.workers); free(p.stats); free(th); free(ta);
    dy_engine_free(e);
    free(files); free(dicts);
    return status;
}
