/* eval_petrarch.c: `dyad eval` on PETRARCH's unit-test XML
 * (PETR.UnitTest.records.xml with the v1 verbs, PETR.UnitTest.records.v2codes.xml
 * with the 2.0 verbs) using the suite's own dictionaries, loaded through
 * src/compat/petrarch.  Each record's <Text> is coded by dyad's own pipeline
 * (the <Parse> trees are ignored) with the record's date as document date;
 * the (source, target, code) triples are compared with its <EventCoding>
 * elements.  PETRARCH features dyad's coder lacks are emulated here, where
 * the eval can do it from dyad's output: paired codes [A:B] (the B event in
 * the other direction), null codes [---] (no event) and discard phrases
 * (no events for the sentence).  Needs libxml2 (pkg-config libxml-2.0). */
#include "core/datadir.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include "eval.h"
#include "eval_common.h"

#if defined(__has_include)
#if __has_include(<libxml/parser.h>)
#define DY_HAVE_LIBXML 1
#endif
#endif

#ifndef DY_HAVE_LIBXML
int dy_eval_petrarch(const dy_eval_opts *o, FILE *out)
{
    (void)out;
    fprintf(stderr, "%s: dyad was built without libxml2 (pkg-config libxml-2.0), needed to read PETRARCH XML\n",
            o && o->suite ? o->suite : "petrarch");
    return -1;
}
#else
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "engine.h"
#include "compat/petrarch.h"
#include "compat/dictload.h"
#include "core/files.h"
#include "actors/resolve.h"
#include "parse/parse.h"
#include "tag/tags.h"

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "data"
#endif

#define MAXF 16

typedef struct pload {
    const char *files[MAXF]; int nfiles;
    const char *datadir;
    dy_petr_side side;
    dy_petr_counts counts[MAXF];
    const dy_actordict *actors;     /* the engine's, for discards */
    const dy_verbdict *verbs;       /* the engine's, for the patterns' own codes */
    int forms;                      /* dyad's verb forms loaded */
} pload;

static int loader(void *ctx, dy_actordict *actors, dy_verbdict *verbs, dy_lexicon *lex, char *err, size_t errlen)
{
    pload *p = ctx;
    p->actors = actors;
    p->verbs = verbs;
    /* dyad's own knowledge of English verb forms (met -> meet), not a dictionary of events */
    char fp[2048];
    snprintf(fp, sizeof fp, "%s/verbs/forms.txt", p->datadir);
    if (access(fp, R_OK) == 0) {
        if (dy_lexicon_load_forms(lex, fp, err, errlen) < 0) return -1;
        p->forms = 1;
    }
    /* each file sniffed by its content (compat/dictload.h): PETRARCH files keep their
     * side information (paired codes); a file in another format loads as --dict loads it */
    static const int KIND[DY_DF_N] = { [DY_DF_PETR_ACTORS] = DY_PETR_ACTORS, [DY_DF_PETR_AGENTS] = DY_PETR_AGENTS,
        [DY_DF_PETR_DISCARDS] = DY_PETR_DISCARDS, [DY_DF_PETR_VERBS1] = DY_PETR_VERBS1, [DY_DF_PETR_VERBS2] = DY_PETR_VERBS2,
        [DY_DF_PETR_ISSUES] = DY_PETR_ISSUES };
    dy_dictset ds;
    dy_dictset_init(&ds, actors, verbs, lex);
    int rc = 0;
    for (int i = 0; i < p->nfiles && !rc; i++) {
        char *buf;
        size_t len;
        if (dy_read_file(p->files[i], 1, dy_read_timeout_ms(), 0, &buf, &len, err, errlen) < 0) { rc = -1; break; }
        int fmt = dy_dict_sniff(p->files[i], buf, len, err, errlen);
        if (!fmt) rc = -1;
        else if (KIND[fmt]) rc = dy_petr_load_buf(p->files[i], KIND[fmt], buf, len, 0, actors, verbs, lex, &p->side, &p->counts[i], err, errlen);
        else rc = dy_dict_load_buf(&ds, p->files[i], buf, len, fmt, 1, NULL, err, errlen);
        free(buf);
    }
    dy_dictset_free(&ds);
    return rc;
}

typedef struct triple { char s[24], t[24], c[8]; int used; } triple;
typedef struct tlist { triple *v; int n, cap; } tlist;

static int tl_add(tlist *l, const char *s, const char *t, const char *c)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].s, s) && !strcmp(l->v[i].t, t) && !strcmp(l->v[i].c, c)) return 0;
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 16;
        triple *nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv) return -1;
        l->v = nv; l->cap = nc;
    }
    triple *x = &l->v[l->n++];
    snprintf(x->s, sizeof x->s, "%s", s);
    snprintf(x->t, sizeof x->t, "%s", t);
    snprintf(x->c, sizeof x->c, "%s", c);
    x->used = 0;
    return 0;
}

typedef struct rec { pload *pl; tlist got; int discarded; int oom; int32_t date; } rec;

/* The entry of a name valid on date (dated entries first, the undated one as fallback). */
static int petr_pick(const dy_actordict *d, int first, int32_t date)
{
    int kind = d->e[first].kind, fallback = -1;
    for (int j = first; j >= 0; j = d->e[j].next) {
        const dy_aentry *e = &d->e[j];
        if (e->kind != kind) continue;
        if (!e->from && !e->to) { if (fallback < 0) fallback = j; continue; }
        if (date && (!e->from || e->from <= date) && (!e->to || date < e->to)) return j;
    }
    return fallback >= 0 ? fallback : first;
}

/* Append the 3-letter pieces of piece to code unless code already holds them
 * (PETRARCH: QUIBBLER [HGWGOVMED] + "government newspaper" [~GOVMED] = HGWGOVMED). */
static void add_pieces(char *code, size_t cap, const char *piece, int front)
{
    for (size_t i = 0; i + 3 <= strlen(piece); i += 3) {
        int have = 0;
        for (size_t j = 0; j + 3 <= strlen(code); j += 3) if (!strncmp(code + j, piece + i, 3)) have = 1;
        if (have) continue;
        size_t n = strlen(code);
        if (n + 4 > cap) return;
        if (front) { memmove(code + 3, code, n + 1); memcpy(code, piece + i, 3); }
        else { memcpy(code + n, piece + i, 3); code[n + 3] = 0; }
    }
}

/* PETRARCH's code for a noun phrase: the first actor's code (the entry valid on
 * the date) with the codes of every agent of the phrase, placed where the
 * agent's '~' says ("[~GOV]" after, "[NGO~]" before); agents alone are "---"
 * plus the agent ("officials" ---GOV).  dyad's composition keeps one sector
 * and lets a person's own code win, which PETRARCH does not. */
static int plain(const dy_mention *m)
{
    return m->nrefs == 1 && m->kind != DY_MK_PRONOUN && m->kind != DY_MK_DESCR && m->kind != DY_MK_UNKNOWN;
}

static void petr_code(const rec *r, const dy_sentence *s, int mi, int ref, char out[24])
{
    const dy_actordict *d = r->pl->actors;
    const dy_mentions *ms = s->actors;
    const dy_mention *m = &ms->m[mi];
    snprintf(out, 24, "%s", m->code[ref]);
    if (!d || !plain(m)) return;
    /* names written one after the other form one noun phrase: "Bree Prime Minister Romendacil" */
    int start = m->start, end = m->end;
    for (int k = mi - 1; k >= 0 && ms->m[k].end == start && plain(&ms->m[k]); k--) start = ms->m[k].start;
    for (int k = mi + 1; k < ms->n && ms->m[k].start == end && plain(&ms->m[k]); k++) end = ms->m[k].end;
    char base[24] = "", pre[24] = "", post[24] = "";
    int agents = 0;
    for (int i = start; i < end && i < s->ntok;) {
        int name = -1, len = dy_actordict_match(d, s->tok, s->ntok, i, &name);
        if (len <= 0 || d->names[name].first < 0) { i++; continue; }
        int e = petr_pick(d, d->names[name].first, r->date);
        const dy_aentry *en = &d->e[e];
        if (en->kind == DY_AK_AGENT || en->kind == DY_AK_TITLE) {
            if (en->prefix_role == 1) add_pieces(pre, sizeof pre, en->code, 0);
            else add_pieces(post, sizeof post, en->code, 0);
            agents++;
        } else if (en->kind != DY_AK_DISCARD && !base[0]) snprintf(base, sizeof base, "%s", en->code);
        i += len;
    }
    /* "the ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in Fornost and Gondor":
     * an agent before the of/in phrase applies to every conjunct of it */
    if (base[0] && !agents) {
        int k = start - 1, conj = 0;
        while (k >= 1 && strcmp(s->tok[k].low, "of") && strcmp(s->tok[k].low, "in") && strcmp(s->tok[k].low, "from") &&
               (s->tok[k].tag == DY_COMMA || s->tok[k].tag == DY_CC || s->parse->tok_m[k] >= 0)) {
            if (s->tok[k].tag == DY_COMMA || s->tok[k].tag == DY_CC) conj = 1;
            k--;
        }
        if (conj && k >= 1 && (!strcmp(s->tok[k].low, "of") || !strcmp(s->tok[k].low, "in") || !strcmp(s->tok[k].low, "from")))
            for (int b = k - 1; b >= 0 && b >= k - 4; b--) {
                int name = -1, len = dy_actordict_match(d, s->tok, s->ntok, b, &name);
                if (len <= 0 || b + len != k || d->names[name].first < 0) continue;
                const dy_aentry *en = &d->e[petr_pick(d, d->names[name].first, r->date)];
                if (en->kind != DY_AK_AGENT && en->kind != DY_AK_TITLE) break;
                if (en->prefix_role == 1) add_pieces(pre, sizeof pre, en->code, 0);
                else add_pieces(post, sizeof post, en->code, 0);
                agents++;
                break;
            }
    }
    if (!base[0] && !agents) return;
    char code[48];
    snprintf(code, sizeof code, "%s", base[0] ? base : "---");
    add_pieces(code, 24, post, 0);
    add_pieces(code, 24, pre, 1);
    snprintf(out, 24, "%.23s", code);
}

static int sentence_discarded(const dy_actordict *d, const dy_sentence *s)
{
    for (int i = 0; i < s->ntok; i++) {
        int name = -1, len = dy_actordict_match(d, s->tok, s->ntok, i, &name);
        if (len <= 0) continue;
        for (int e = d->names[name].first; e >= 0; e = d->e[e].next)
            if (d->e[e].kind == DY_AK_DISCARD) return 1;
    }
    return 0;
}

static void on_sentence(void *ctx, const dy_doc *doc, const dy_sentence *s, const dy_event *ev, int nev)
{
    rec *r = ctx;
    (void)doc;
    if (nev && r->pl->actors && sentence_discarded(r->pl->actors, s)) { r->discarded = 1; return; }
    const dy_mentions *ms = s->actors;
    for (int i = 0; i < nev; i++) {
        const dy_event *e = &ev[i];
        if (e->src_m < 0 || e->tgt_m < 0 || !ms) continue;
        char sc[24], tc[24];
        petr_code(r, s, e->src_m, e->src_ref, sc);
        petr_code(r, s, e->tgt_m, e->tgt_ref, tc);
        /* the engine codes paired codes ([A:B]) and null codes ([---]) itself, and
         * keeps a foreign dictionary's codes as written */
        if (tl_add(&r->got, sc, tc, e->cameo)) r->oom = 1;
    }
}

static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int named(xmlNodePtr n, const char *name) { return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0; }

/* Resolve a dictionary named in the suite: beside the suite, else in ../../dictionaries/petrarch. */
static char *dict_path(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (access(p, R_OK) == 0) return strdup(p);
    snprintf(p, sizeof p, "%s/../../dictionaries/petrarch/%s", dir, name);
    if (access(p, R_OK) == 0) return strdup(p);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return strdup(p);
}

static void collapse(char *s)
{
    char *w = s;
    int sp = 0;
    for (char *r = s; *r; r++) {
        if (isspace((unsigned char)*r)) { sp = 1; continue; }
        if (sp && w > s) *w++ = ' ';
        sp = 0;
        *w++ = *r;
    }
    *w = 0;
}

int dy_eval_petrarch(const dy_eval_opts *o, FILE *out)
{
    if (!o || !o->suite) { fprintf(stderr, "petrarch: no suite file\n"); return -1; }
    if (eval_suite_readable(o->suite) < 0) return -1;
    xmlDocPtr xd = xmlReadFile(o->suite, NULL, XML_PARSE_NONET);
    if (!xd) {
        const xmlError *xe = xmlGetLastError();
        fprintf(stderr, "%s:%d: cannot parse the XML: %s", o->suite, xe ? xe->line : 0, xe && xe->message ? xe->message : "error\n");
        return -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(xd);
    pload pl;
    memset(&pl, 0, sizeof pl);
    char *owned[MAXF];
    int nowned = 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", o->suite);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0; else snprintf(dir, sizeof dir, ".");
    const char *base = strrchr(o->suite, '/');
    base = base ? base + 1 : o->suite;
    int rc = -1;
    if (o->dicts) {
        for (int i = 0; o->dicts[i] && pl.nfiles < MAXF; i++) pl.files[pl.nfiles++] = o->dicts[i];
    } else if (strstr(base, "v2codes")) {
        /* the 2.0 re-coding of the suite: its <Environment> still names the v1 files,
         * but its codes are those of PETR.Validate.verbs.2.0.txt (UniversalPetrarch) */
        static const char *const v2[] = { "PETR.Validate.verbs.2.0.txt", "PETR.Validate.actors.UP.txt",
                                           "PETR.Validate.agents.txt", "PETR.Validate.discards.txt" };
        for (int i = 0; i < 4; i++) if ((owned[nowned] = dict_path(dir, v2[i]))) pl.files[pl.nfiles++] = owned[nowned++];
    } else {
        for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
            if (!named(n, "Environment")) continue;
            for (xmlNodePtr e = n->children; e; e = e->next) {
                if (!(named(e, "Verbfile") || named(e, "Actorfile") || named(e, "Agentfile") || named(e, "Discardfile"))) continue;
                char *v = (char *)xmlNodeGetContent(e);
                char *save = NULL;
                for (char *t = v ? strtok_r(v, ", \t\n", &save) : NULL; t; t = strtok_r(NULL, ", \t\n", &save))
                    if (pl.nfiles < MAXF && (owned[nowned] = dict_path(dir, t))) pl.files[pl.nfiles++] = owned[nowned++];
                xmlFree(v);
            }
        }
    }
    if (!pl.nfiles) { fprintf(stderr, "%s: no dictionaries (no <Environment> and none given)\n", o->suite); goto done; }
    char ddbuf[4096];
    const char *dd = o->datadir ? o->datadir : dy_default_datadir(ddbuf, sizeof ddbuf);
    pl.datadir = dd;
    dy_options eo;
    memset(&eo, 0, sizeof eo);
    eo.datadir = dd;
    eo.dicts_only = 1;
    eo.modes = DY_MODES_ALL;        /* PETRARCH codes hypothetical events too */
    eo.modes = DY_MODES_ALL;        /* PETRARCH codes every clause, hypothetical or not */
    char err[1024] = "";
    dy_engine *eng = dy_engine_new_custom(&eo, loader, &pl, err, sizeof err);
    if (!eng) { fprintf(stderr, "%s\n", err); goto done; }
    if (!o->quiet) {
        dy_buf b;
        dy_buf_init(&b);
        for (int i = 0; i < pl.nfiles; i++) dy_petr_counts_format(pl.files[i], &pl.counts[i], &b);
        if (b.p) fputs(b.p, out);
        dy_buf_free(&b);
    }
    dy_worker *w = dy_worker_new(eng);
    if (!w) { fprintf(stderr, "out of memory\n"); dy_engine_free(eng); goto done; }
    long nrec = 0, nexp = 0, ngot = 0, ncorrect = 0, nperfect = 0, nskip = 0;
    xmlNodePtr sents = NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) if (named(n, "Sentences")) sents = n;
    int require_dyad = 1;
    rc = 0;
    for (xmlNodePtr n = sents ? sents->children : NULL; n && rc == 0; n = n->next) {
        if (named(n, "Config")) {
            char *opt = attr(n, "option"), *val = attr(n, "value");
            if (opt && val && strcmp(opt, "require_dyad") == 0) require_dyad = !(val[0] == 'f' || val[0] == 'F');
            xmlFree(opt); xmlFree(val);
            continue;
        }
        if (!named(n, "Sentence")) continue;
        char *id = attr(n, "id"), *date = attr(n, "date");
        char *text = NULL;
        tlist exp = { 0 };
        int noevents = 0, treeerr = 0;
        for (xmlNodePtr e = n->children; e; e = e->next) {
            if (named(e, "Text")) { xmlFree(text); text = (char *)xmlNodeGetContent(e); }
            else if (named(e, "EventCoding")) {
                char *er = attr(e, "error");
                /* errors in the <Parse> tree test PETRARCH's tree reader: dyad reads only the text */
                if (er && strcmp(er, "bad_input_parse") == 0) treeerr = 1;
                xmlFree(er);
                char *ne = attr(e, "noevents");
                if (ne) { noevents = 1; xmlFree(ne); continue; }
                char *s = attr(e, "sourcecode"), *t = attr(e, "targetcode"), *c = attr(e, "eventcode");
                if (s && t && c && tl_add(&exp, s, t, c)) rc = -1;
                xmlFree(s); xmlFree(t); xmlFree(c);
            }
        }
        (void)noevents;
        if (treeerr) {
            nskip++;
            xmlFree(text); xmlFree(id); xmlFree(date); free(exp.v);
            continue;
        }
        if (!text) {
            fprintf(stderr, "%s:%ld: record %s has no <Text>\n", o->suite, (long)xmlGetLineNo(n), id ? id : "?");
            xmlFree(id); xmlFree(date); free(exp.v);
            continue;
        }
        collapse(text);
        dy_doc doc;
        memset(&doc, 0, sizeof doc);
        doc.id = id ? id : "?";
        if (date && strlen(date) == 8) snprintf(doc.date, sizeof doc.date, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
        doc.text = text;
        doc.len = strlen(text);
        doc.input = o->suite;
        doc.line = xmlGetLineNo(n);
        rec r;
        memset(&r, 0, sizeof r);
        r.pl = &pl;
        if (date && strlen(date) == 8) r.date = (int32_t)atol(date);
        dy_buf ex;
        dy_buf_init(&ex);
        if (dy_code_doc_cb(w, &doc, on_sentence, &r, o->explain ? &ex : NULL) < 0 || r.oom) {
            fprintf(stderr, "out of memory\n"); rc = -1;
        }
        if (r.discarded) r.got.n = 0;
        int correct = 0;
        for (int i = 0; i < exp.n; i++)
            for (int j = 0; j < r.got.n; j++)
                if (!r.got.v[j].used && !strcmp(exp.v[i].s, r.got.v[j].s) && !strcmp(exp.v[i].t, r.got.v[j].t) &&
                    !strcmp(exp.v[i].c, r.got.v[j].c)) { r.got.v[j].used = 1; exp.v[i].used = 1; correct++; break; }
        nrec++;
        nexp += exp.n; ngot += r.got.n; ncorrect += correct;
        int perfect = correct == exp.n && correct == r.got.n;
        nperfect += perfect;
        if (!perfect && !o->quiet) {
            fprintf(out, "FAIL %s (%s%s): %s\n  expected:", doc.id, doc.date, require_dyad ? "" : ", require_dyad=false", text);
            if (!exp.n) fprintf(out, " no events");
            for (int i = 0; i < exp.n; i++) fprintf(out, " %s%s>%s:%s", exp.v[i].used ? "" : "!", exp.v[i].s, exp.v[i].t, exp.v[i].c);
            fprintf(out, "\n  got:     ");
            if (!r.got.n) fprintf(out, " no events%s", r.discarded ? " (discarded)" : "");
            for (int j = 0; j < r.got.n; j++) fprintf(out, " %s%s>%s:%s", r.got.v[j].used ? "" : "!", r.got.v[j].s, r.got.v[j].t, r.got.v[j].c);
            fprintf(out, "\n");
            if (o->explain && ex.p) fputs(ex.p, out);
        }
        dy_buf_free(&ex);
        free(r.got.v); free(exp.v);
        xmlFree(text); xmlFree(id); xmlFree(date);
    }
    double R = nexp ? (double)ncorrect / (double)nexp : 0, P = ngot ? (double)ncorrect / (double)ngot : 0;
    double F = R + P > 0 ? 2 * R * P / (R + P) : 0;
    if (!nrec) {
        /* nothing scored is no score: never "f1" for an empty or foreign file */
        fprintf(stderr, "dyad eval: %s: no <Sentence> records to score (is it a PETRARCH unit-test XML file?)\n", o->suite);
        rc = -1;
        goto scored;
    }
    if (nskip) fprintf(out, "skipped=%ld record(s) testing malformed <Parse> trees (dyad codes the text, not the trees)\n", nskip);
    fprintf(out, "records=%ld perfect=%ld expected=%ld produced=%ld correct=%ld\n", nrec, nperfect, nexp, ngot, ncorrect);
    fprintf(out, "recall=%.3f precision=%.3f f1=%.3f\n", R, P, F);
scored:
    dy_worker_free(w);
    dy_engine_free(eng);
done:
    dy_petr_side_free(&pl.side);
    for (int i = 0; i < nowned; i++) free(owned[i]);
    xmlFreeDoc(xd);
    return rc;
}
#endif
