/* output.c: see output.h.  Every event record carries its provenance (a
 * stable id, the document's url, outlet, title and date), its actors split
 * into CAMEO parts (dy_actor_split, src/actors/split.c) with the canonical
 * dictionary name, and a place a GIS tool can join (GeoNames id, admin1 code,
 * FIPS ADM1 as GDELT writes it, a point for a country alone).  The fields are
 * listed in README.md (Output). */
#include <stdio.h>
#include <string.h>
#include "output.h"
#include "code/code.h"
#include "dyad.h"
#include "core/hash.h"
#include "actors/actordict.h"
#include "actors/resolve.h"
#include "parse/parse.h"
#include "place/place.h"

const char DY_TSV_HEADER[] =
    "doc\tsent\tdate\tsource_code\tsource_text\tsource_start\tsource_end\ttarget_code\ttarget_text\ttarget_start\t"
    "target_end\tcameo\troot\tquad\tgoldstein\tplover\tplover_mode\tplover_context\tmode\tverb_text\tverb_start\tverb_end\tsentence\t"
    "place_country\tplace_name\tplace_admin1\tplace_lat\tplace_lon\tplace_start\tplace_end\t"
    "id\turl\toutlet\ttitle\tdoc_date\t"
    "source_name\tsource_country\tsource_group\tsource_ethnic\tsource_religion\tsource_types\t"
    "target_name\ttarget_country\ttarget_group\ttarget_ethnic\ttarget_religion\ttarget_types\t"
    "place_feature\tplace_geonameid\tplace_admin1_code\tplace_adm1\tplace_fips\tplace_point\n";

static size_t orig(const dy_norm *n, uint32_t off) { return n->map[off > n->len ? n->len : off]; }

/* The canonical name of a named dictionary entry: a person's first name on
 * their first line, else the first name on the entry's line; NULL for
 * adjectives, metonyms, agents and titles (not names of the actor). */
static const char *canonical_name(const dy_actordict *d, int entry, int *org)
{
    *org = 0;
    if (!d || entry < 0 || entry >= d->ne) return NULL;
    const dy_aentry *e = &d->e[entry];
    switch (e->kind) {
    case DY_AK_PERSON:
        if (e->person >= 0 && e->person < d->ne) e = &d->e[e->person];
        break;
    case DY_AK_ORG: case DY_AK_GROUP:
        *org = 1;
        /* fall through */
    case DY_AK_COUNTRY:
        while (e > d->e && e[-1].file == e->file && e[-1].line == e->line && e[-1].kind == e->kind) e--;
        break;
    default:
        return NULL;
    }
    return e->name;
}

static void hex64(char *out, uint64_t h)
{
    static const char X[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) { out[i] = X[h & 15]; h >>= 4; }
    out[16] = 0;
}

int dy_output_ids(dy_outctx *c, dy_arena *a, const dy_sentence *sents, const dy_events *ev)
{
    c->base = ev->e;
    c->nev = ev->n;
    c->ids = NULL;
    if (ev->n <= 0) return 0;
    c->ids = dy_arena_alloc(a, (size_t)ev->n * sizeof *c->ids);
    uint64_t *h = dy_arena_alloc(a, (size_t)ev->n * sizeof *h);
    if (!c->ids || !h) { c->ids = NULL; return -1; }
    const dy_doc *d = c->doc;
    const char *id = d->id ? d->id : "";
    uint64_t hdoc = dy_hash64(DY_HASH64_SEED, id, strlen(id) + 1), hsent = 0;
    int last_sent = -1;
    for (int i = 0; i < ev->n; i++) {
        const dy_event *e = &ev->e[i];
        const dy_sentence *s = &sents[e->sent_index - sents[0].index];   /* sents may be a chunk of the document */
        dy_outev o;
        dy_output_resolve(c, s, e, &o);
        /* the document id and the sentence's text, once per sentence (events come sentence by sentence) */
        if (e->sent_index != last_sent) { hsent = dy_hash64(hdoc, d->text + o.sents, o.sente - o.sents); last_sent = e->sent_index; }
        uint64_t x = hsent;
        /* sentence index and verb span as little-endian 64-bit numbers (the same bytes on every host) */
        unsigned char num[24];
        uint64_t v3[3] = { (uint64_t)s->index, (uint64_t)o.vs, (uint64_t)o.ve };
        for (int k = 0; k < 3; k++) for (int b = 0; b < 8; b++) num[8 * k + b] = (unsigned char)(v3[k] >> (8 * b));
        x = dy_hash64(x, num, sizeof num);
        const char *codes[3] = { o.src_code ? o.src_code : "", o.tgt_code ? o.tgt_code : "", o.cameo };
        for (int k = 0; k < 3; k++) x = dy_hash64(x, codes[k], strlen(codes[k]) + 1);
        h[i] = x;
        int same = 0;
        for (int j = 0; j < i; j++) same += h[j] == x;
        hex64(c->ids[i], x);
        if (same) {   /* "-N": at most 7 digits fit, and a document has far fewer events */
            char suf[16];
            int sl = snprintf(suf, sizeof suf, "-%d", same + 1);
            if (sl > 0 && sl < DY_EVENT_ID_LEN - 16) memcpy(c->ids[i] + 16, suf, (size_t)sl + 1);
        }
    }
    return 0;
}

void dy_output_resolve(const dy_outctx *c, const dy_sentence *s, const dy_event *e, dy_outev *o)
{
    memset(o, 0, sizeof *o);
    const dy_mentions *ms = s->actors;
    const dy_token *t = s->tok;
    long idx = c->ids && e >= c->base && e < c->base + c->nev ? (long)(e - c->base) : -1;
    o->id = idx >= 0 ? c->ids[idx] : "";
    if (e->src_m >= 0) {
        const dy_mention *m = &ms->m[e->src_m];
        if (m->ante >= 0) m = &ms->m[m->ante];
        o->src_code = m->code[e->src_ref];
        o->ss = orig(c->norm, t[m->start].start); o->se = orig(c->norm, t[m->end - 1].end);
        if (m->nrefs == 1) o->src_name = canonical_name(c->actors, m->entry, &o->src_org);
    }
    if (e->tgt_m >= 0) {
        const dy_mention *m = &ms->m[e->tgt_m];
        if (m->ante >= 0) m = &ms->m[m->ante];
        o->tgt_code = m->code[e->tgt_ref];
        o->ts = orig(c->norm, t[m->start].start); o->te = orig(c->norm, t[m->end - 1].end);
        if (m->nrefs == 1) o->tgt_name = canonical_name(c->actors, m->entry, &o->tgt_org);
    }
    o->vs = orig(c->norm, t[e->verb_tok].start);
    o->ve = orig(c->norm, t[e->verb_tok].end);
    o->sents = orig(c->norm, s->start);
    o->sente = orig(c->norm, s->end);
    o->cameo = e->cameo;
    o->root[0] = e->cameo[0]; o->root[1] = e->cameo[1]; o->root[2] = 0;
    o->quad = dy_cameo_quad(e->cameo);
    const dy_cameo_code *cc = dy_cameo_get(c->cameo, e->cameo);
    o->goldstein = cc ? cc->goldstein : 0;
    o->plover = cc && cc->plover[0] ? cc->plover : NULL;
    o->mode = dy_mode_name(e->mode);
    if (o->plover) {   /* PLOVER's mode and context only where PLOVER has the event */
        o->pmode = e->pmode;
        o->pctx = e->pctx | dy_plover_actor_ctx(o->src_code) | dy_plover_actor_ctx(o->tgt_code);
    }
    if ((o->place = e->place)) { o->ps = orig(c->norm, e->place->start); o->pe = orig(c->norm, e->place->end); }
}

/* The JSON Lines writers below append fixed text, strings and numbers piece
 * by piece rather than through format strings: they run for every event,
 * and parsing formats was most of their cost.  The result is byte for byte
 * what the printf formats in the comments give. */

/* , "start": S, "end": E} */
static void span_json(dy_buf *b, size_t s, size_t e)
{
    DY_BUF_LIT(b, ", \"start\": ");
    dy_buf_uint(b, s);
    DY_BUF_LIT(b, ", \"end\": ");
    dy_buf_uint(b, e);
    DY_BUF_LIT(b, "}");
}

/* a JSON string or null */
static void str_or_null(dy_buf *b, const char *v)
{
    if (v) dy_buf_json_str(b, v, strlen(v)); else DY_BUF_LIT(b, "null");
}

/* a 3-letter part or null */
static void part_json(dy_buf *b, const char *v)
{
    if (v[0]) { DY_BUF_LIT(b, "\""); dy_buf_add(b, v, 3); DY_BUF_LIT(b, "\""); }
    else DY_BUF_LIT(b, "null");
}

static void list_json(dy_buf *b, char (*list)[4], int n)
{
    DY_BUF_LIT(b, "[");
    for (int i = 0; i < n; i++) {
        if (i) DY_BUF_LIT(b, ", ");
        DY_BUF_LIT(b, "\""); dy_buf_add(b, list[i], 3); DY_BUF_LIT(b, "\"");
    }
    DY_BUF_LIT(b, "]");
}

/* "place": {"country": "UKR", "name": "Kharkiv", "admin1": "Kharkiv", "lat": 49.9808, "lon": 36.2527,
 *           "feature": "city", "geonameid": 706483, "admin1_code": "07", "adm1": "UP07", "fips": "UP",
 *           "start": N, "end": M}
 * An admin1 region has name = admin1 = the region's name and no geonameid; a
 * country alone has no name or admin1, and the country's representative
 * point with "point": "capital" or "largest city". */
static void place_json(dy_buf *b, const dy_outev *o)
{
    const dy_place *p = o->place;
    const dy_admin1 *r = p->admin1 ? p->admin1 : p->city ? p->city->region : NULL;
    DY_BUF_LIT(b, ", \"place\": {\"country\": ");
    dy_buf_json_str(b, p->country, strlen(p->country));
    if (p->city || p->admin1) {
        const char *name = p->city ? p->city->name : p->admin1->name;
        const char *a1 = p->city ? p->city->admin1 : p->admin1->name;
        DY_BUF_LIT(b, ", \"name\": ");
        dy_buf_json_str(b, name, strlen(name));
        DY_BUF_LIT(b, ", \"admin1\": ");
        dy_buf_json_str(b, a1, strlen(a1));
        DY_BUF_LIT(b, ", \"lat\": ");            /* ", \"lat\": %.4f, \"lon\": %.4f" */
        dy_buf_fixed(b, p->city ? p->city->lat : p->admin1->lat, 4);
        DY_BUF_LIT(b, ", \"lon\": ");
        dy_buf_fixed(b, p->city ? p->city->lon : p->admin1->lon, 4);
        DY_BUF_LIT(b, ", \"feature\": ");
        DY_BUF_LIT(b, "\"");
        dy_buf_puts(b, p->city ? "city" : "admin1");
        DY_BUF_LIT(b, "\", \"geonameid\": ");
        if (p->city && p->city->geonameid) dy_buf_uint(b, p->city->geonameid); else DY_BUF_LIT(b, "null");
        const char *code = p->city ? p->city->admin1_code : p->admin1->code;
        DY_BUF_LIT(b, ", \"admin1_code\": ");
        str_or_null(b, code && code[0] ? code : NULL);
        DY_BUF_LIT(b, ", \"adm1\": ");
        str_or_null(b, r && r->adm1[0] ? r->adm1 : NULL);
    } else {
        if (p->info && p->info->has_point) {
            DY_BUF_LIT(b, ", \"lat\": ");
            dy_buf_fixed(b, p->info->lat, 4);
            DY_BUF_LIT(b, ", \"lon\": ");
            dy_buf_fixed(b, p->info->lon, 4);
            DY_BUF_LIT(b, ", \"point\": ");
            dy_buf_json_str(b, p->info->point, strlen(p->info->point));
        }
        DY_BUF_LIT(b, ", \"feature\": \"country\", \"geonameid\": null, \"admin1_code\": null, \"adm1\": null");
    }
    DY_BUF_LIT(b, ", \"fips\": ");
    str_or_null(b, p->info && p->info->fips[0] ? p->info->fips : NULL);
    span_json(b, o->ps, o->pe);
}

/* null, or {"code": "RUS", "text": "Russia", "start": S, "end": E, "name": "Russia",
 *           "country": "RUS", "group": null, "ethnic": null, "religion": [], "types": []} */
static void actor_json(dy_buf *b, const dy_doc *d, const char *code, size_t s, size_t e, const char *name, int org)
{
    if (!code) { DY_BUF_LIT(b, "null"); return; }
    DY_BUF_LIT(b, "{\"code\": ");
    dy_buf_json_str(b, code, strlen(code));
    DY_BUF_LIT(b, ", \"text\": ");
    dy_buf_json_str(b, d->text + s, e - s);
    DY_BUF_LIT(b, ", \"start\": ");
    dy_buf_uint(b, s);
    DY_BUF_LIT(b, ", \"end\": ");
    dy_buf_uint(b, e);
    DY_BUF_LIT(b, ", \"name\": ");
    str_or_null(b, name);
    dy_actor_parts pt;
    dy_actor_split(code, org, &pt);
    DY_BUF_LIT(b, ", \"country\": ");
    part_json(b, pt.country);
    DY_BUF_LIT(b, ", \"group\": ");
    part_json(b, pt.group);
    DY_BUF_LIT(b, ", \"ethnic\": ");
    part_json(b, pt.ethnic);
    DY_BUF_LIT(b, ", \"religion\": ");
    list_json(b, pt.religion, pt.nreligion);
    DY_BUF_LIT(b, ", \"types\": ");
    list_json(b, pt.types, pt.ntypes);
    DY_BUF_LIT(b, "}");
}

void dy_output_jsonl(dy_buf *b, const dy_outctx *c, const dy_sentence *s, const dy_event *e)
{
    dy_outev o;
    dy_output_resolve(c, s, e, &o);
    const dy_doc *d = c->doc;
    DY_BUF_LIT(b, "{\"id\": \"");
    dy_buf_puts(b, o.id);
    DY_BUF_LIT(b, "\", \"doc\": ");
    dy_buf_json_str(b, d->id, strlen(d->id));
    DY_BUF_LIT(b, ", \"url\": ");
    str_or_null(b, d->url);
    DY_BUF_LIT(b, ", \"outlet\": ");
    str_or_null(b, d->source);
    DY_BUF_LIT(b, ", \"title\": ");
    str_or_null(b, d->title);
    DY_BUF_LIT(b, ", \"doc_date\": ");
    str_or_null(b, d->date[0] ? d->date : NULL);
    DY_BUF_LIT(b, ", \"sent\": ");               /* ", \"sent\": %d, \"date\": " */
    dy_buf_int(b, s->index);
    DY_BUF_LIT(b, ", \"date\": ");
    if (e->date[0]) dy_buf_json_str(b, e->date, strlen(e->date)); else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"source\": ");
    actor_json(b, d, o.src_code, o.ss, o.se, o.src_name, o.src_org);
    DY_BUF_LIT(b, ", \"target\": ");
    actor_json(b, d, o.tgt_code, o.ts, o.te, o.tgt_name, o.tgt_org);
    /* ", \"cameo\": \"%s\", \"root\": \"%s\", \"quad\": %d, \"goldstein\": %.1f, \"plover\": " */
    DY_BUF_LIT(b, ", \"cameo\": \"");
    dy_buf_puts(b, o.cameo);
    DY_BUF_LIT(b, "\", \"root\": \"");
    dy_buf_puts(b, o.root);
    DY_BUF_LIT(b, "\", \"quad\": ");
    dy_buf_int(b, o.quad);
    DY_BUF_LIT(b, ", \"goldstein\": ");
    dy_buf_fixed(b, o.goldstein, 1);
    DY_BUF_LIT(b, ", \"plover\": ");
    if (o.plover) dy_buf_json_str(b, o.plover, strlen(o.plover)); else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"plover_mode\": ");
    if (o.pmode) dy_buf_json_str(b, o.pmode, strlen(o.pmode)); else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"plover_context\": [");
    for (int k = 0, n = 0; dy_plover_context_name(k); k++)
        if (o.pctx >> k & 1) { if (n++) DY_BUF_LIT(b, ", "); dy_buf_json_str(b, dy_plover_context_name(k), strlen(dy_plover_context_name(k))); }
    DY_BUF_LIT(b, "]");
    DY_BUF_LIT(b, ", \"mode\": \"");             /* ", \"mode\": \"%s\", \"verb\": {\"text\": " */
    dy_buf_puts(b, o.mode);
    DY_BUF_LIT(b, "\", \"verb\": {\"text\": ");
    dy_buf_json_str(b, d->text + o.vs, o.ve - o.vs);
    span_json(b, o.vs, o.ve);
    if (o.place) place_json(b, &o);
    if (d->ncopies) {   /* wire copies of this story (src/ingest): sources of the same events */
        DY_BUF_LIT(b, ", \"copies\": [");
        for (int k = 0; k < d->ncopies; k++) {
            const dy_copy *cp = &d->copies[k];
            if (k) DY_BUF_LIT(b, ", ");
            DY_BUF_LIT(b, "{\"url\": ");
            if (cp->url) dy_buf_json_str(b, cp->url, strlen(cp->url)); else DY_BUF_LIT(b, "null");
            DY_BUF_LIT(b, ", \"outlet\": ");
            if (cp->outlet) dy_buf_json_str(b, cp->outlet, strlen(cp->outlet)); else DY_BUF_LIT(b, "null");
            DY_BUF_LIT(b, ", \"doc\": ");
            if (cp->id) dy_buf_json_str(b, cp->id, strlen(cp->id)); else DY_BUF_LIT(b, "null");
            DY_BUF_LIT(b, "}");
        }
        DY_BUF_LIT(b, "]");
    }
    DY_BUF_LIT(b, ", \"sentence\": ");
    dy_buf_json_str(b, d->text + o.sents, o.sente - o.sents);
    DY_BUF_LIT(b, "}\n");
}

/* TSV list: parts joined by ',' */
static void list_tsv(dy_buf *b, char (*list)[4], int n)
{
    for (int i = 0; i < n; i++) { if (i) DY_BUF_LIT(b, ","); dy_buf_add(b, list[i], 3); }
}

/* \tname\tcountry\tgroup\tethnic\treligion\ttypes */
static void actor_tsv(dy_buf *b, const char *code, const char *name, int org)
{
    dy_actor_parts pt;
    if (!code) { DY_BUF_LIT(b, "\t\t\t\t\t\t"); return; }
    dy_actor_split(code, org, &pt);
    DY_BUF_LIT(b, "\t");
    if (name) dy_buf_tsv_str(b, name, strlen(name));
    DY_BUF_LIT(b, "\t"); dy_buf_puts(b, pt.country);
    DY_BUF_LIT(b, "\t"); dy_buf_puts(b, pt.group);
    DY_BUF_LIT(b, "\t"); dy_buf_puts(b, pt.ethnic);
    DY_BUF_LIT(b, "\t"); list_tsv(b, pt.religion, pt.nreligion);
    DY_BUF_LIT(b, "\t"); list_tsv(b, pt.types, pt.ntypes);
}

static void opt_tsv(dy_buf *b, const char *v)
{
    DY_BUF_LIT(b, "\t");
    if (v) dy_buf_tsv_str(b, v, strlen(v));
}

void dy_output_tsv(dy_buf *b, const dy_outctx *c, const dy_sentence *s, const dy_event *e)
{
    dy_outev o;
    dy_output_resolve(c, s, e, &o);
    const dy_doc *d = c->doc;
    dy_buf_tsv_str(b, d->id, strlen(d->id));
    dy_buf_printf(b, "\t%d\t%s\t", s->index, e->date);
    if (o.src_code) {
        dy_buf_printf(b, "%s\t", o.src_code);
        dy_buf_tsv_str(b, d->text + o.ss, o.se - o.ss);
        dy_buf_printf(b, "\t%zu\t%zu\t", o.ss, o.se);
    } else dy_buf_puts(b, "\t\t\t\t");
    if (o.tgt_code) {
        dy_buf_printf(b, "%s\t", o.tgt_code);
        dy_buf_tsv_str(b, d->text + o.ts, o.te - o.ts);
        dy_buf_printf(b, "\t%zu\t%zu\t", o.ts, o.te);
    } else dy_buf_puts(b, "\t\t\t\t");
    dy_buf_printf(b, "%s\t%s\t%d\t%.1f\t%s\t%s\t", o.cameo, o.root, o.quad, o.goldstein, o.plover ? o.plover : "", o.pmode ? o.pmode : "");
    for (int k = 0, n = 0; dy_plover_context_name(k); k++)   /* plover_context: comma-separated */
        if (o.pctx >> k & 1) { if (n++) dy_buf_puts(b, ","); dy_buf_puts(b, dy_plover_context_name(k)); }
    dy_buf_printf(b, "\t%s\t", o.mode);
    dy_buf_tsv_str(b, d->text + o.vs, o.ve - o.vs);
    dy_buf_printf(b, "\t%zu\t%zu\t", o.vs, o.ve);
    dy_buf_tsv_str(b, d->text + o.sents, o.sente - o.sents);
    const dy_place *p = o.place;
    const dy_admin1 *r = p ? (p->admin1 ? p->admin1 : p->city ? p->city->region : NULL) : NULL;
    if (p) {
        dy_buf_printf(b, "\t%s\t", p->country);
        if (p->city || p->admin1) {
            const char *name = p->city ? p->city->name : p->admin1->name;
            const char *a1 = p->city ? p->city->admin1 : p->admin1->name;
            dy_buf_tsv_str(b, name, strlen(name));
            dy_buf_puts(b, "\t");
            dy_buf_tsv_str(b, a1, strlen(a1));
            dy_buf_printf(b, "\t%.4f\t%.4f", p->city ? p->city->lat : p->admin1->lat, p->city ? p->city->lon : p->admin1->lon);
        } else if (p->info && p->info->has_point) dy_buf_printf(b, "\t\t%.4f\t%.4f", p->info->lat, p->info->lon);
        else dy_buf_puts(b, "\t\t\t");
        dy_buf_printf(b, "\t%zu\t%zu", o.ps, o.pe);
    } else dy_buf_puts(b, "\t\t\t\t\t\t\t");
    /* the columns added with the record's provenance and splits: see DY_TSV_HEADER */
    DY_BUF_LIT(b, "\t");
    dy_buf_puts(b, o.id);
    opt_tsv(b, d->url);
    opt_tsv(b, d->source);
    opt_tsv(b, d->title);
    DY_BUF_LIT(b, "\t");
    dy_buf_puts(b, d->date);
    actor_tsv(b, o.src_code, o.src_name, o.src_org);
    actor_tsv(b, o.tgt_code, o.tgt_name, o.tgt_org);
    if (p) {
        const char *code = p->city ? p->city->admin1_code : p->admin1 ? p->admin1->code : NULL;
        dy_buf_puts(b, p->city ? "\tcity" : p->admin1 ? "\tadmin1" : "\tcountry");
        DY_BUF_LIT(b, "\t");
        if (p->city && p->city->geonameid) dy_buf_uint(b, p->city->geonameid);
        opt_tsv(b, code && code[0] ? code : NULL);
        opt_tsv(b, r && r->adm1[0] ? r->adm1 : NULL);
        opt_tsv(b, p->info && p->info->fips[0] ? p->info->fips : NULL);
        opt_tsv(b, !p->city && !p->admin1 && p->info && p->info->has_point ? p->info->point : NULL);
    } else DY_BUF_LIT(b, "\t\t\t\t\t\t");
    DY_BUF_LIT(b, "\n");
}
