/* engine.c: the pipeline.  Builds the engine (dictionaries, tagger) once and
 * runs one document through every stage with a worker's arena:
 * normalize -> split -> tokenize/tag/lemma -> actors -> parse -> code -> output. */
#include "core/datadir.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "dyad.h"
#include "engine.h"
#include "core/arena.h"
#include "core/hash.h"
#include "normalize/normalize.h"
#include "split/split.h"
#include "tag/tokenize.h"
#include "tag/tagger.h"
#include "tag/lemma.h"
#include "tag/retag.h"
#include "actors/actordict.h"
#include "actors/resolve.h"
#include "parse/parse.h"
#include "parse/dep.h"
#include "code/cameo.h"
#include "code/verbdict.h"
#include "code/code.h"
#include "output/output.h"
#include "compat/tabari.h"
#include "compat/petrarch.h"
#include "compat/dictload.h"
#include "place/place.h"

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "data"
#endif

struct dy_engine {
    dy_options o;
    dy_tagger *tagger;
    dy_depmodel *parser;    /* data/parser: the dependency parser, shared read-only by the workers */
    int roles;              /* DY_ROLE_* bits: which clause roles come from the tree */
    dy_lexicon lex;
    dy_actordict actors;
    dy_verbdict verbs;
    dy_cameo cameo;
    dy_coder coder;
    dy_gazetteer places;    /* data/places: city gazetteer (empty when absent) */
    dy_dictset ds;          /* every dictionary file loaded, its bytes (for a fingerprint), warnings */
    char datadir[1024];
    /* dy_engine_fingerprint: computed on first use (hashing the 10 MB model
     * costs a few ms that `dyad code` need not pay), under fp_lock */
    pthread_mutex_t fp_lock;
    int fp_done;
    char fp[17];
};

struct dy_worker {
    const dy_engine *e;
    dy_arena a;             /* the document: normalised text, its map, sentence spans */
    dy_arena chunk;         /* one chunk of sentences: tokens, mentions, parses, events (reset per chunk) */
    dy_ref *refs; int caprefs;  /* what the document said so far (coreference), kept across chunks */
    dy_event_view *views; int nviews, capviews;
    int want_how;           /* fill mention explanations (--format actors) */
};

static int path_join(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

dy_engine *dy_engine_new(const dy_options *o, char *err, size_t errlen)
{
    return dy_engine_new_custom(o, NULL, NULL, err, errlen);
}

/* The gazetteer and the parser model do not depend on the dictionaries: they
 * load on a second thread while the dictionaries, then the tagger model, load
 * on the caller's (start-up is the sum of both otherwise; the tagger sits on
 * the caller's side because the gazetteer and the parser alone take about as
 * long as the dictionaries and the tagger together). */
typedef struct side_load {
    dy_engine *e;
    const char *dd;
    int tagger_failed, places_failed, parser_failed;
    char terr[1024], perr[1024], derr[1024];
} side_load;

static void *parser_main(void *arg)
{
    side_load *sl = arg;
    char p[2048];
    path_join(p, sizeof p, sl->dd, "parser/ewt.model");
    if (!(sl->e->parser = dy_dep_load(p, sl->derr, sizeof sl->derr))) sl->parser_failed = 1;
    return NULL;
}

static void *side_main(void *arg)
{
    side_load *sl = arg;
    if (dy_gazetteer_load(&sl->e->places, sl->dd, sl->perr, sizeof sl->perr) < 0) sl->places_failed = 1;
    parser_main(sl);   /* on the same thread: a third thread would reserve a malloc arena of its own */
    return NULL;
}

/* The dictionaries (the caller's thread): 0, 1 when the CAMEO list failed, 2 when anything else did.
 * Every file goes through the one sniffer and dispatcher of compat/dictload.h
 * (read once, its bytes kept in e->ds.src); event codes are checked against
 * the CAMEO list, actor codes for their shape; a --dict file that adds
 * nothing is an error; what the user's files define replaces ours. */
static int load_dicts(dy_engine *e, const dy_options *o, dy_dict_loader fn, void *fnctx, const char *dd,
                      char *err, size_t errlen)
{
    char p[2048];
    path_join(p, sizeof p, dd, "cameo/codes.txt");
    if (dy_cameo_load(&e->cameo, p, err, errlen) < 0) return 1;
    dy_dictset_init(&e->ds, &e->actors, &e->verbs, &e->lex);
    e->ds.strict = !o->dicts_unchecked;
    e->verbs.codes = &e->cameo;
    /* English verb forms are needed by every verb dictionary, ours or a user's */
    path_join(p, sizeof p, dd, "verbs/forms.txt");
    if (o->dicts_only && access(p, R_OK) == 0 && dy_dict_load(&e->ds, p, DY_DF_DYAD_FORMS, 0, NULL, err, errlen) < 0) return 2;
    if (!o->dicts_only) {
        path_join(p, sizeof p, dd, "actors");
        if (dy_dict_load(&e->ds, p, DY_DF_DYAD_ACTORS, 0, NULL, err, errlen) < 0) return 2;
        path_join(p, sizeof p, dd, "verbs");
        if (dy_dict_load(&e->ds, p, DY_DF_DYAD_PATTERNS, 0, NULL, err, errlen) < 0) return 2;
    }
    /* from here on the user's files: what they define wins */
    e->actors.user_from = e->actors.nfiles;
    e->verbs.user_from = e->verbs.nfiles;
    if (o->dicts) for (int i = 0; o->dicts[i]; i++)
        if (dy_dict_load(&e->ds, o->dicts[i], DY_DF_AUTO, 1, NULL, err, errlen) < 0) return 2;
    e->verbs.codes = NULL;   /* a custom loader (dyad eval's) brings its suite's own codes, */
    e->actors.user_from = e->verbs.user_from = -1;   /* and its files add up, none replacing another */
    if (fn && fn(fnctx, &e->actors, &e->verbs, &e->lex, err, errlen) < 0) return 2;
    if (dy_verbdict_finish(&e->verbs) < 0) { snprintf(err, errlen, "out of memory"); return 2; }
    return 0;
}

const char *dy_engine_warnings(const dy_engine *e)
{
    return e->ds.notes.p && e->ds.notes.len ? e->ds.notes.p : NULL;
}

int dy_engine_nsources(const dy_engine *e) { return e->ds.nsrc; }

const dy_dictsrc *dy_engine_source(const dy_engine *e, int i)
{
    return i >= 0 && i < e->ds.nsrc ? &e->ds.src[i] : NULL;
}

dy_engine *dy_engine_new_custom(const dy_options *o, dy_dict_loader fn, void *fnctx, char *err, size_t errlen)
{
    dy_engine *e = calloc(1, sizeof *e);
    if (!e) { snprintf(err, errlen, "out of memory"); return NULL; }
    e->o = *o;
    if (!e->o.max_sentence_tokens) e->o.max_sentence_tokens = 400;
    if (!e->o.max_events) e->o.max_events = 32;
    char ddbuf[4096];
    const char *dd = o->datadir ? o->datadir : dy_default_datadir(ddbuf, sizeof ddbuf);
    snprintf(e->datadir, sizeof e->datadir, "%s", dd);
    if (dy_lexicon_init(&e->lex) || dy_actordict_init(&e->actors) || dy_verbdict_init(&e->verbs)) {
        snprintf(err, errlen, "out of memory");
        dy_engine_free(e);
        return NULL;
    }
    pthread_mutex_init(&e->fp_lock, NULL);
    side_load sl = { e, e->datadir, 0, 0, 0, "", "", "" };
    pthread_t th;
    int threaded = pthread_create(&th, NULL, side_main, &sl) == 0;
    if (!threaded) side_main(&sl);
    int rc = load_dicts(e, o, fn, fnctx, e->datadir, err, errlen);
    {
        char p[2048];
        path_join(p, sizeof p, e->datadir, "tagger/ewt.model");
        if (!(e->tagger = dy_tagger_load(p, sl.terr, sizeof sl.terr))) sl.tagger_failed = 1;
    }
    if (threaded) pthread_join(th, NULL);
    if (rc != 1 && !sl.tagger_failed && sl.parser_failed) { snprintf(err, errlen, "%s", sl.derr); rc = 2; }
    e->roles = DY_ROLES_DEFAULT;
    /* the first failure in the order the parts used to load: CAMEO list, tagger, dictionaries, gazetteer */
    if (rc != 1 && sl.tagger_failed) { snprintf(err, errlen, "%s", sl.terr); rc = 2; }
    else if (!rc && sl.places_failed) { snprintf(err, errlen, "%s", sl.perr); rc = 2; }
    if (rc) { dy_engine_free(e); return NULL; }
    e->coder = (dy_coder){ &e->lex, &e->verbs, &e->cameo, e->o.max_events, e->o.modes ? e->o.modes : DY_MODES_DEFAULT, e->o.one_sided };
    return e;
}

void dy_engine_free(dy_engine *e)
{
    if (!e) return;
    dy_tagger_free(e->tagger);
    dy_dep_free(e->parser);
    dy_lexicon_free(&e->lex);
    dy_actordict_free(&e->actors);
    dy_verbdict_free(&e->verbs);
    dy_cameo_free(&e->cameo);
    dy_gazetteer_free(&e->places);
    pthread_mutex_destroy(&e->fp_lock);
    dy_dictset_free(&e->ds);
    free(e);
}

const char *dy_version(void) { return DYAD_VERSION; }

/* One file into the fingerprint: its name (without the directory, so an
 * installed copy of the same data gives the same fingerprint), its size and
 * bytes.  What cannot be read again (a FIFO or pipe given to --dict, a file
 * removed since) counts by its name and a marker only. */
static uint64_t fp_file(uint64_t h, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    h = dy_hash64(h, base, strlen(base) + 1);
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
    if (!f) return dy_hash64(h, "\001unreadable", 11);
    char buf[1 << 16];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) { h = dy_hash64(h, buf, n); total += n; }
    fclose(f);
    return dy_hash64(h, &total, sizeof total);
}

const char *dy_engine_fingerprint(const dy_engine *ce)
{
    dy_engine *e = (dy_engine *)ce;   /* the cache is the only thing written, under the lock */
    pthread_mutex_lock(&e->fp_lock);
    if (!e->fp_done) {
        static const char *const fixed[] = { "cameo/codes.txt", "verbs/forms.txt", "tagger/ewt.model", "parser/ewt.model", "places/cities.tsv",
            "places/aliases.txt", "places/admin1.tsv", "places/countries.tsv", "actors/countries.txt", NULL };
        uint64_t h = DY_HASH64_SEED;
        char p[2048];
        for (int i = 0; fixed[i]; i++) {
            if (path_join(p, sizeof p, e->datadir, fixed[i]) || access(p, R_OK) != 0) continue;
            h = fp_file(h, p);
        }
        h = dy_hash64(h, "actors", 7);
        for (int i = 0; i < e->actors.nfiles; i++) h = fp_file(h, e->actors.files[i]);
        h = dy_hash64(h, "verbs", 6);
        for (int i = 0; i < e->verbs.nfiles; i++) h = fp_file(h, e->verbs.files[i]);
        static const char X[] = "0123456789abcdef";
        for (int i = 15; i >= 0; i--) { e->fp[i] = X[h & 15]; h >>= 4; }
        e->fp[16] = 0;
        e->fp_done = 1;
    }
    pthread_mutex_unlock(&e->fp_lock);
    return e->fp;
}

void dy_engine_describe(const dy_engine *e, dy_buf *b)
{
    static const char *const kinds[] = { "", "country", "adj", "metonym", "org", "group", "person", "agent", "title", "discard" };
    dy_buf_printf(b, "data directory: %s\n", e->datadir);
    dy_buf_printf(b, "actor names: %d (", e->actors.ne);
    for (int k = 1; k <= DY_AK_DISCARD; k++) dy_buf_printf(b, "%s%s %d", k > 1 ? ", " : "", kinds[k], e->actors.counts[k]);
    dy_buf_printf(b, ") from %d file(s)\n", e->actors.nfiles);
    dy_buf_printf(b, "event patterns: %d from %d file(s); verb lemmas and forms: %zu\n", e->verbs.np, e->verbs.nfiles, e->lex.verbforms.count);
    dy_buf_printf(b, "CAMEO codes: %d\n", e->cameo.n);
    if (e->actors.overridden || e->verbs.overridden)
        dy_buf_printf(b, "replaced by --dict entries: %d actor entries, %d patterns\n", e->actors.overridden, e->verbs.overridden);
    if (dy_engine_warnings(e)) dy_buf_puts(b, dy_engine_warnings(e));
    dy_buf_printf(b, "tagger: %zu features, %s loop\n", dy_tagger_nfeatures(e->tagger), dy_tagger_isa(e->tagger));
    dy_buf_printf(b, "parser: %zu features (arc-hybrid, UD relations)\n", dy_dep_nfeatures(e->parser));
    dy_buf_printf(b, "places: %d cities, %d regions, %d countries\n", e->places.ncity, e->places.nadmin1, e->places.ninfo);
    dy_buf_printf(b, "dyad %s, dictionary fingerprint %s\n", DYAD_VERSION, dy_engine_fingerprint(e));
}

int dy_engine_coverage(const dy_engine *e, const char *cases, dy_buf *b, char *err, size_t errlen)
{
    return dy_coverage(&e->verbs, &e->cameo, cases, b, err, errlen);
}

dy_worker *dy_worker_new(const dy_engine *e)
{
    dy_worker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->e = e;
    dy_arena_init(&w->a, 1 << 20);
    dy_arena_init(&w->chunk, 1 << 20);
    return w;
}

void dy_worker_free(dy_worker *w)
{
    if (!w) return;
    dy_arena_free(&w->a);
    dy_arena_free(&w->chunk);
    free(w->refs);
    free(w->views);
    free(w);
}

const char *dy_tsv_header(void) { return DY_TSV_HEADER; }

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Lemmas and lexicon ids.  The lookups of a sentence are hashed and
 * prefetched first (the word and verb-form maps, and the actor name index
 * that dy_resolve reads next), so their cache misses overlap. */
static void assign_lemmas(dy_arena *a, const dy_lexicon *lex, const dy_hmap *names, dy_token *t, int n)
{
    uint32_t *h = n > 0 ? dy_arena_alloc(a, (size_t)n * 2 * sizeof *h) : NULL;
    for (int i = 0; h && i < n; i++) {
        dy_token *k = &t[i];
        h[2 * i] = k->hash;   /* dy_hash_bytes(k->low, k->lowlen), from the tokenizer */
        dy_hmap_prefetch(&lex->words, h[2 * i]);
        dy_hmap_prefetch(names, h[2 * i]);
        if (dy_tag_is_verb(k->tag) || k->tag == DY_MD) dy_hmap_prefetch(&lex->verbforms, h[2 * i]);
        else if (dy_tag_is_noun(k->tag)) {
            char buf[128];
            size_t l = dy_noun_lemma(k->low, k->lowlen, buf, sizeof buf);
            if (l != k->lowlen || memcmp(buf, k->low, l) != 0) {
                const char *c = dy_arena_strndup(a, buf, l);
                if (c) k->lemma = c;
            }
            if (k->lemma != k->low) {
                h[2 * i + 1] = dy_hash_bytes(k->lemma, l);
                dy_hmap_prefetch(&lex->words, h[2 * i + 1]);
            }
        }
    }
    for (int i = 0; i < n; i++) {
        dy_token *k = &t[i];
        k->wid = h ? dy_hmap_get_h(&lex->words, k->low, k->lowlen, h[2 * i]) : dy_lexicon_id(lex, k->low, k->lowlen);
        if (dy_tag_is_verb(k->tag) || k->tag == DY_MD) {
            int id = h ? dy_hmap_get_h(&lex->verbforms, k->low, k->lowlen, h[2 * i]) : dy_lexicon_verb(lex, k->low, k->lowlen);
            if (id >= 0) k->lemma = lex->word[id];
        } else if (!h && dy_tag_is_noun(k->tag)) {
            char buf[128];
            size_t l = dy_noun_lemma(k->low, k->lowlen, buf, sizeof buf);
            if (l != k->lowlen || memcmp(buf, k->low, l) != 0) {
                const char *c = dy_arena_strndup(a, buf, l);
                if (c) k->lemma = c;
            }
        }
        if (k->lemma == k->low) k->lid = k->wid;
        else if (h && !(dy_tag_is_verb(k->tag) || k->tag == DY_MD)) k->lid = dy_hmap_get_h(&lex->words, k->lemma, strlen(k->lemma), h[2 * i + 1]);
        else k->lid = dy_lexicon_id(lex, k->lemma, strlen(k->lemma));
    }
}

static void explain_sentence(dy_buf *b, const dy_engine *e, const dy_sentence *s, const dy_norm *nm)
{
    const dy_token *t = s->tok;
    dy_buf_printf(b, "\n== sentence %d: %.*s\n  tokens:", s->index, (int)(s->end - s->start), nm->text + s->start);
    for (int i = 0; i < s->ntok; i++) dy_buf_printf(b, " %.*s/%s", (int)t[i].len, t[i].text, dy_tag_name(t[i].tag));
    dy_buf_puts(b, "\n");
    const dy_mentions *ms = s->actors;
    for (int k = 0; ms && k < ms->n; k++) {
        const dy_mention *m = &ms->m[k];
        dy_buf_printf(b, "  actor [%d-%d) \"%.*s\" =", m->start, m->end, (int)(t[m->end - 1].end - t[m->start].start), t[m->start].text);
        for (int r = 0; r < m->nrefs; r++) dy_buf_printf(b, " %s", m->code[r]);
        dy_buf_printf(b, "  <- %s\n", m->how);
    }
    const dy_parse *p = s->parse;
    if (!p) return;
    if (p->head) {
        /* the tree in CoNLL-U columns: ID FORM LEMMA XPOS HEAD DEPREL */
        dy_buf_puts(b, "  tree (id form lemma tag head relation):\n");
        for (int i = 0; i < s->ntok; i++)
            dy_buf_printf(b, "    %d\t%.*s\t%s\t%s\t%d\t%s\n", i + 1, (int)t[i].len, t[i].text, t[i].lemma,
                          dy_tag_name(t[i].tag), p->head[i] + 1, dy_rel_name(p->rel[i]));
    }
    for (int v = 0; v < p->nvg; v++) {
        const dy_vg *g = &p->vg[v];
        dy_buf_printf(b, "  clause: verb \"%.*s\" (lemma %s)%s mode=%s%s", (int)(t[g->end - 1].end - t[g->start].start), t[g->start].text,
                      t[g->head].lemma, g->passive ? " passive" : "", dy_mode_name(g->mode), g->reported ? " reported" : "");
        int roles[3] = { g->subj, g->obj, g->agent };
        const char *names[3] = { "subject", "object", "by-agent" };
        for (int r = 0; r < 3; r++) {
            if (roles[r] < 0) continue;
            dy_buf_printf(b, "; %s:", names[r]);
            for (int q = roles[r]; q >= 0; q = p->np[q].next)
                dy_buf_printf(b, " [%.*s]", (int)(t[p->np[q].end - 1].end - t[p->np[q].start].start), t[p->np[q].start].text);
        }
        if (g->inherited) dy_buf_puts(b, " (subject from the controlling clause)");
        dy_buf_puts(b, "\n");
    }
    (void)e;
}

/* Memory per document.  A document is normalised and split whole (its text,
 * a 4-byte map per byte back to the original, 8 bytes per sentence), but its
 * sentences are analysed a chunk at a time: tokens, tags, mentions, parses
 * and events (~120 bytes per input byte) live in w->chunk, which is reset
 * after each chunk once its events are written.  What carries from sentence
 * to sentence (coreference refs, the places' dateline and countries) is kept
 * outside the chunk, so the output is the same as coding the whole document
 * at once.  DY_CHUNK_BYTES of normalised text per chunk (at least one
 * sentence; a sentence is at most 20000 bytes). */
#define DY_CHUNK_BYTES (64u * 1024)

/* Called after each chunk, with its sentences and events. */
typedef int (*chunk_fn)(void *ctx, dy_worker *w, const dy_sentence *sents, int ns, const dy_events *ev, const dy_norm *nm,
                        int chunked);

/* How far back dy_resolve's recent() looks for a pronoun's or a description's
 * antecedent, in sentences (its largest maxback). */
#define DY_REF_WINDOW 3

static int same_person(const dy_ref *a, const dy_ref *b)
{
    return !strcmp(a->name1, b->name1) && !strcmp(a->name2, b->name2) && !strcmp(a->code, b->code);
}

static uint32_t person_hash(const dy_ref *r)
{
    return dy_hash_bytes(r->name1, strlen(r->name1)) * 31u + dy_hash_bytes(r->name2, strlen(r->name2)) * 7u +
           dy_hash_bytes(r->code, strlen(r->code));
}

/* The coreference refs outlive the chunk arena: move them to w->refs, keeping
 * only what dy_resolve can still use from sentence next on: every ref of the
 * last DY_REF_WINDOW sentences (recent()), and of older ones the persons (a
 * surname alone links to the latest person whose name1 or name2 it is), one
 * per name and code, the latest; order is kept.  The answers are the same as
 * with every ref, and memory stays proportional to the people a document
 * names instead of to its length. */
static int keep_refs(dy_worker *w, dy_docctx *ctx, int next)
{
    int n = ctx->n;
    if (n == 0) return 0;
    uint32_t tcap = 64;
    while (tcap < (uint32_t)n * 2) tcap *= 2;
    int *tab = malloc(tcap * sizeof *tab);
    if (!tab) return -1;
    for (uint32_t i = 0; i < tcap; i++) tab[i] = -1;
    char *keep = malloc((size_t)n);
    if (!keep) { free(tab); return -1; }
    int kept = 0;
    for (int i = n - 1; i >= 0; i--) {
        const dy_ref *r = &ctx->r[i];
        int in_window = r->sent >= next - DY_REF_WINDOW;
        keep[i] = (char)in_window;
        if (r->kind != DY_MK_PERSON) { kept += keep[i]; continue; }
        uint32_t h = person_hash(r) & (tcap - 1);
        int dup = 0;
        while (tab[h] >= 0) {
            if (same_person(&ctx->r[tab[h]], r)) { dup = 1; break; }
            h = (h + 1) & (tcap - 1);
        }
        if (!dup) { tab[h] = i; keep[i] = 1; }
        kept += keep[i];
    }
    free(tab);
    if (kept > w->caprefs) {
        int nc = kept < 64 ? 64 : kept * 2;
        dy_ref *nr = realloc(w->refs, (size_t)nc * sizeof *nr);
        if (!nr) { free(keep); return -1; }
        if (ctx->r == w->refs) ctx->r = nr;
        w->refs = nr; w->caprefs = nc;
    }
    /* in place when ctx->r is w->refs: k <= i, so memmove never overtakes */
    int k = 0;
    for (int i = 0; i < n; i++) if (keep[i]) memmove(&w->refs[k++], &ctx->r[i], sizeof *ctx->r);
    free(keep);
    ctx->r = w->refs;
    ctx->n = k;
    ctx->cap = w->caprefs;
    return 0;
}

/* whole: one chunk for the whole document (the structured API and --explain,
 * whose trace keeps its order: sentences, places, then events). */
static int run_doc(dy_worker *w, const dy_doc *doc, int timing, dy_stats *st, dy_buf *note, int whole,
                   dy_norm *nm, chunk_fn fn, void *fnctx)
{
    const dy_engine *e = w->e;
    dy_arena *da = &w->a;
    dy_arena_reset(da);
    dy_arena_reset(&w->chunk);
    double t0 = timing ? now_ns() : 0, t1;
    if (dy_normalize(da, doc->text, doc->len, nm)) return -1;
    if (timing) { t1 = now_ns(); st->ns[DY_ST_NORMALIZE] += t1 - t0; t0 = t1; }
    int maxs = (int)(nm->len / 2 + 2);
    dy_span *spans = dy_arena_alloc(da, (size_t)maxs * sizeof *spans);
    if (!spans) return -1;
    int ns = dy_split(nm->text, nm->len, spans, maxs, 20000);
    if (timing) { t1 = now_ns(); st->ns[DY_ST_SPLIT] += t1 - t0; t0 = t1; }
    dy_docctx ctx;
    dy_docctx_init(&ctx, doc->date, e->o.unknown_actors);
    /* cities as actors and document countries: dyad's own dictionaries only (a
     * TABARI or PETRARCH dictionary says itself which places are actors) */
    if (!e->o.dicts_only) ctx.places = &e->places;
    ctx.explain = note != NULL || w->want_how;
    dy_place_state pst;
    memset(&pst, 0, sizeof pst);
    const char **words = dy_arena_alloc(da, (size_t)e->o.max_sentence_tokens * sizeof *words);
    unsigned *lens = dy_arena_alloc(da, (size_t)e->o.max_sentence_tokens * sizeof *lens);
    unsigned char *tags = dy_arena_alloc(da, (size_t)e->o.max_sentence_tokens);
    if (!words || !lens || !tags) return -1;
    int c1;
    for (int c0 = 0; c0 < ns || c0 == 0; c0 = c1) {
        c1 = c0 + 1;
        if (whole) c1 = ns;
        else while (c1 < ns && spans[c1].end - spans[c0].start <= DY_CHUNK_BYTES) c1++;
        if (c1 > ns) c1 = ns;
        int n = c1 - c0;
        dy_arena *a = &w->chunk;
        if (c0 > 0) dy_arena_reset(a);
        dy_events ev = { 0 };
        dy_sentence *sents = dy_arena_zalloc(a, (size_t)(n + 1) * sizeof *sents);
        if (!sents) return -1;
        for (int i = 0; i < n; i++) {
            dy_sentence *s = &sents[i];
            s->index = c0 + i;
            s->start = spans[c0 + i].start;
            s->end = spans[c0 + i].end;
            int trunc = 0;
            s->ntok = dy_tokenize(a, nm->text, s->start, s->end, &s->tok, e->o.max_sentence_tokens, &trunc);
            if (s->ntok < 0) return -1;
            if (trunc) st->truncated++;
            for (int k = 0; k < s->ntok; k++) { words[k] = s->tok[k].text; lens[k] = s->tok[k].len; }
            dy_tagger_tag(e->tagger, words, lens, s->ntok, tags);
            for (int k = 0; k < s->ntok; k++) s->tok[k].tag = tags[k];
            assign_lemmas(a, &e->lex, &e->actors.index, s->tok, s->ntok);
            dy_retag_sentence(&e->lex, s->tok, s->ntok);
            st->tokens += s->ntok;
        }
        if (timing) { t1 = now_ns(); st->ns[DY_ST_TAG] += t1 - t0; t0 = t1; }
        /* Sentences are tagged first, all of a chunk, then analysed in order: each
         * stage's tables (the tagger model; the dictionaries) stay in cache for
         * many sentences instead of evicting each other at every sentence. */
        for (int i = 0; i < n; i++) {
            dy_sentence *s = &sents[i];
            if (dy_resolve(a, &e->actors, &ctx, s)) return -1;
            if (timing) { t1 = now_ns(); st->ns[DY_ST_ACTORS] += t1 - t0; t0 = t1; }
            if (dy_parse_sentence(a, &e->lex, e->parser, e->roles, s)) return -1;
            if (timing) { t1 = now_ns(); st->ns[DY_ST_PARSE] += t1 - t0; t0 = t1; }
            if (note) explain_sentence(note, e, s, nm);
            if (dy_code_sentence(a, &e->coder, s, doc->date[0] ? doc->date : NULL, &ev, note)) return -1;
            if (timing) { t1 = now_ns(); st->ns[DY_ST_CODE] += t1 - t0; t0 = t1; }
        }
        if (dy_place_chunk(a, &e->places, &pst, sents, n, &ev, note)) return -1;
        if (fn(fnctx, w, sents, n, &ev, nm, c0 > 0 || c1 < ns)) return -1;
        if (timing) t0 = now_ns();   /* the chunk's output is timed by fn */
        if (c1 < ns && keep_refs(w, &ctx, c1)) return -1;
        if (ns == 0) break;
    }
    st->docs++;
    st->sentences += ns;
    st->bytes += doc->len;
    return 0;
}

/* dy_code_doc's output, written chunk by chunk. */
typedef struct out_state {
    const dy_doc *doc;
    enum dy_outfmt fmt;
    int explain, timing;
    dy_buf *out, *note;
    dy_stats *st;
    int written;
    size_t flush_bytes;
    dy_flush_fn flush;
    void *flush_ctx;
    dy_hmap repeats;        /* a chunked document: event hash (16 hex digits) -> events so far */
    int have_repeats;
} out_state;

/* dy_output_ids numbers the events of a document that hash the same ("-2",
 * "-3", ...) among the events it is given; a document coded in chunks gives
 * it one chunk at a time, so the counts of the earlier chunks are added here:
 * the ids are those of the whole document coded at once. */
static int renumber_repeats(dy_hmap *seen, char (*ids)[DY_EVENT_ID_LEN], int n)
{
    for (int i = 0; i < n; i++) {
        int32_t c = dy_hmap_get(seen, ids[i], 16);
        int same = c < 0 ? 0 : c;              /* earlier events of the document with this hash */
        if (dy_hmap_put(seen, ids[i], 16, same + 1) == -2) return -1;
        ids[i][16] = 0;
        if (!same) continue;
        char suf[16];
        int sl = snprintf(suf, sizeof suf, "-%d", same + 1);
        if (sl > 0 && sl < DY_EVENT_ID_LEN - 16) memcpy(ids[i] + 16, suf, (size_t)sl + 1);
    }
    return 0;
}

static int write_chunk(void *ctx, dy_worker *w, const dy_sentence *sents, int ns, const dy_events *ev, const dy_norm *nm,
                       int chunked)
{
    out_state *os = ctx;
    const dy_doc *doc = os->doc;
    dy_buf *out = os->out;
    double t0 = os->timing ? now_ns() : 0;
    int base = ns > 0 ? sents[0].index : 0;
    dy_outctx oc = { doc, nm, &w->e->cameo, &w->e->actors, NULL, NULL, 0 };
    if (os->fmt != DY_OUT_ACTORS) {
        if (dy_output_ids(&oc, &w->chunk, sents, ev)) return -1;
        if (chunked && !os->have_repeats) {
            if (dy_hmap_init(&os->repeats, 1024)) return -1;
            os->have_repeats = 1;
        }
        if (chunked && oc.ids && renumber_repeats(&os->repeats, oc.ids, ev->n)) return -1;
    }
    if (os->fmt == DY_OUT_ACTORS && !os->explain) {
        static const char *const kinds[] = { "", "person", "country", "org", "agent", "unknown", "pronoun", "description" };
        for (int i = 0; i < ns; i++) {
            const dy_sentence *s = &sents[i];
            for (int k = 0; s->actors && k < s->actors->n; k++) {
                const dy_mention *m = &s->actors->m[k];
                size_t st0 = nm->map[s->tok[m->start].start], en0 = nm->map[s->tok[m->end - 1].end];
                for (int r = 0; r < m->nrefs; r++) {
                    dy_buf_puts(out, "{\"doc\": ");
                    dy_buf_json_str(out, doc->id, strlen(doc->id));
                    dy_buf_printf(out, ", \"sent\": %d, \"code\": ", s->index);
                    dy_buf_json_str(out, m->code[r], strlen(m->code[r]));
                    dy_buf_puts(out, ", \"text\": ");
                    dy_buf_json_str(out, doc->text + st0, en0 - st0);
                    dy_buf_printf(out, ", \"start\": %zu, \"end\": %zu, \"kind\": \"%s\", \"how\": ", st0, en0,
                                  m->kind <= DY_MK_DESCR ? kinds[m->kind] : "");
                    dy_buf_json_str(out, m->how, strlen(m->how));
                    dy_buf_puts(out, "}\n");
                    os->written++;
                }
            }
        }
        if (out->oom) return -1;
        if (os->flush && out->len >= os->flush_bytes) { os->flush(os->flush_ctx, out); out->len = 0; }
        return 0;
    }
    for (int i = 0; i < ev->n; i++) {
        const dy_event *e = &ev->e[i];
        const dy_sentence *s = &sents[e->sent_index - base];
        if (os->explain) {
            dy_outev o;
            dy_output_resolve(&oc, s, e, &o);
            dy_buf_printf(os->note, "event: sentence %d  %s -> %s  %s (%s, %s)  \"%.*s\"  id %s\n", s->index, o.src_code ? o.src_code : "-",
                          o.tgt_code ? o.tgt_code : "-", o.cameo, o.plover ? o.plover : "no PLOVER type", o.mode,
                          (int)(o.ve - o.vs), doc->text + o.vs, o.id);
        } else if (os->fmt == DY_OUT_TSV) dy_output_tsv(out, &oc, s, e);
        else dy_output_jsonl(out, &oc, s, e);
        os->written++;
    }
    if (os->timing) os->st->ns[DY_ST_OUTPUT] += now_ns() - t0;
    if (out->oom) return -1;
    if (os->flush && !os->explain && out->len >= os->flush_bytes) {
        os->flush(os->flush_ctx, out);
        out->len = 0;
    }
    return 0;
}

int dy_code_doc(dy_worker *w, const dy_doc *doc, enum dy_outfmt fmt, int explain, int timing,
                dy_buf *out, dy_stats *st)
{
    return dy_code_doc_stream(w, doc, fmt, explain, timing, out, st, 0, NULL, NULL);
}

int dy_code_doc_stream(dy_worker *w, const dy_doc *doc, enum dy_outfmt fmt, int explain, int timing,
                       dy_buf *out, dy_stats *st, size_t flush_bytes, dy_flush_fn flush, void *fctx)
{
    dy_norm nm;
    dy_buf note;
    dy_buf_init(&note);
    if (explain) dy_buf_printf(&note, "# document %s (date %s)\n", doc->id, doc->date[0] ? doc->date : "unknown");
    w->want_how = fmt == DY_OUT_ACTORS;
    out_state os;
    memset(&os, 0, sizeof os);
    os.doc = doc; os.fmt = fmt; os.explain = explain; os.timing = timing; os.out = out; os.note = &note; os.st = st;
    os.flush_bytes = flush_bytes; os.flush = flush; os.flush_ctx = fctx;
    int rc = run_doc(w, doc, timing, st, explain ? &note : NULL, explain, &nm, write_chunk, &os);
    if (os.have_repeats) dy_hmap_free(&os.repeats);
    if (rc) { dy_buf_free(&note); return -1; }
    if (explain) dy_buf_add(out, note.p ? note.p : "", note.len);
    dy_buf_free(&note);
    if (fmt != DY_OUT_ACTORS || explain) st->events += os.written;
    return out->oom ? -1 : os.written;
}

/* The structured API and the eval runners get the whole document at once. */
typedef struct whole_doc { const dy_sentence *sents; int ns; dy_events ev; } whole_doc;

static int keep_whole(void *ctx, dy_worker *w, const dy_sentence *sents, int ns, const dy_events *ev, const dy_norm *nm,
                      int chunked)
{
    whole_doc *wd = ctx;
    (void)w; (void)nm; (void)chunked;
    wd->sents = sents; wd->ns = ns; wd->ev = *ev;
    return 0;
}

int dy_code_events(dy_worker *w, const dy_doc *doc, const dy_event_view **events)
{
    dy_norm nm;
    whole_doc wd = { NULL, 0, { 0 } };
    dy_stats st;
    memset(&st, 0, sizeof st);
    if (run_doc(w, doc, 0, &st, NULL, 1, &nm, keep_whole, &wd)) return -1;
    const dy_sentence *sents = wd.sents;
    dy_events ev = wd.ev;
    if (ev.n > w->capviews) {
        dy_event_view *nv = realloc(w->views, (size_t)ev.n * sizeof *nv);
        if (!nv) return -1;
        w->views = nv; w->capviews = ev.n;
    }
    dy_outctx oc = { doc, &nm, &w->e->cameo, &w->e->actors, NULL, NULL, 0 };
    if (dy_output_ids(&oc, &w->a, sents, &ev)) return -1;
    for (int i = 0; i < ev.n; i++) {
        const dy_event *e = &ev.e[i];
        dy_outev o;
        dy_output_resolve(&oc, &sents[e->sent_index], e, &o);
        dy_event_view *v = &w->views[i];
        memset(v, 0, sizeof *v);
        v->doc = doc->id; v->url = doc->url; v->outlet = doc->source; v->title = doc->title;
        v->doc_date = doc->date[0] ? doc->date : NULL;
        v->sent = e->sent_index;
        v->src_code = o.src_code; v->tgt_code = o.tgt_code;
        v->src_start = o.ss; v->src_end = o.se; v->tgt_start = o.ts; v->tgt_end = o.te;
        v->verb_start = o.vs; v->verb_end = o.ve;
        v->cameo = e->cameo; v->plover = o.plover; v->mode = o.mode; v->date = e->date;
        v->goldstein = o.goldstein; v->quad = o.quad;
        v->has_place = o.place != NULL;
        v->place_country = o.place ? o.place->country : NULL;
        v->place_name = o.place && o.place->city ? o.place->city->name : NULL;
        v->place_admin1 = o.place && o.place->city ? o.place->city->admin1 : NULL;
        v->place_lat = o.place && o.place->city ? o.place->city->lat : 0;
        v->place_lon = o.place && o.place->city ? o.place->city->lon : 0;
        v->place_start = o.place ? o.ps : 0; v->place_end = o.place ? o.pe : 0;
        v->id = o.id;
        v->source.code = o.src_code; v->source.start = o.ss; v->source.end = o.se; v->source.name = o.src_name;
        dy_actor_split(o.src_code, o.src_org, &v->source.parts);
        v->target.code = o.tgt_code; v->target.start = o.ts; v->target.end = o.te; v->target.name = o.tgt_name;
        dy_actor_split(o.tgt_code, o.tgt_org, &v->target.parts);
        const dy_place *pl = o.place;
        if (pl) {
            const dy_admin1 *r = pl->admin1 ? pl->admin1 : pl->city ? pl->city->region : NULL;
            v->place_feature = pl->city ? "city" : pl->admin1 ? "admin1" : "country";
            v->place_geonameid = pl->city ? (long)pl->city->geonameid : 0;
            const char *code = pl->city ? pl->city->admin1_code : pl->admin1 ? pl->admin1->code : NULL;
            v->place_admin1_code = code && code[0] ? code : NULL;
            v->place_adm1 = r && r->adm1[0] ? r->adm1 : NULL;
            v->place_fips = pl->info && pl->info->fips[0] ? pl->info->fips : NULL;
            if (pl->admin1 && !pl->city) {
                v->place_name = pl->admin1->name; v->place_admin1 = pl->admin1->name;
                v->place_lat = pl->admin1->lat; v->place_lon = pl->admin1->lon;
            } else if (!pl->city && pl->info && pl->info->has_point) {
                v->place_lat = pl->info->lat; v->place_lon = pl->info->lon;
                v->place_point = pl->info->point;
            }
            v->place_has_point = pl->city || pl->admin1 || (pl->info && pl->info->has_point);
        }
        v->sent_start = o.sents; v->sent_end = o.sente;
        const dy_pattern *pt = e->pattern >= 0 && e->pattern < w->e->verbs.np ? &w->e->verbs.p[e->pattern] : NULL;
        v->rule_text = pt ? pt->text : NULL;
        v->rule_file = pt && pt->file < w->e->verbs.nfiles ? w->e->verbs.files[pt->file] : NULL;
        if (v->rule_file) {
            /* dyad's own files relative to the data directory ("verbs/04-consult.txt"),
             * so stored provenance does not depend on where dyad was run or installed */
            size_t dl = strlen(w->e->datadir);
            if (dl && !strncmp(v->rule_file, w->e->datadir, dl) && v->rule_file[dl] == '/') v->rule_file += dl + 1;
        }
        v->rule_line = pt ? pt->line : 0;
    }
    *events = w->views;
    return ev.n;
}

int dy_code_doc_cb(dy_worker *w, const dy_doc *doc, dy_sentence_cb cb, void *ctx, dy_buf *explain)
{
    dy_norm nm;
    whole_doc wd = { NULL, 0, { 0 } };
    dy_stats st;
    memset(&st, 0, sizeof st);
    if (run_doc(w, doc, 0, &st, explain, 1, &nm, keep_whole, &wd)) return -1;
    const dy_sentence *sents = wd.sents;
    int ns = wd.ns;
    dy_events ev = wd.ev;
    int k = 0;
    for (int i = 0; i < ns; i++) {
        int j = k;
        while (j < ev.n && ev.e[j].sent_index == i) j++;
        cb(ctx, doc, &sents[i], ev.e ? ev.e + k : NULL, j - k);
        k = j;
    }
    return ev.n;
}
