/* output.c: see output.h. */
#include <string.h>
#include "output.h"
#include "actors/resolve.h"
#include "parse/parse.h"
#include "place/place.h"

const char DY_TSV_HEADER[] =
    "doc\tsent\tdate\tsource_code\tsource_text\tsource_start\tsource_end\ttarget_code\ttarget_text\ttarget_start\t"
    "target_end\tcameo\troot\tquad\tgoldstein\tplover\tmode\tverb_text\tverb_start\tverb_end\tsentence\t"
    "place_country\tplace_name\tplace_admin1\tplace_lat\tplace_lon\tplace_start\tplace_end\n";

static size_t orig(const dy_norm *n, uint32_t off) { return n->map[off > n->len ? n->len : off]; }

void dy_output_resolve(const dy_outctx *c, const dy_sentence *s, const dy_event *e, dy_outev *o)
{
    memset(o, 0, sizeof *o);
    const dy_mentions *ms = s->actors;
    const dy_token *t = s->tok;
    if (e->src_m >= 0) {
        const dy_mention *m = &ms->m[e->src_m];
        if (m->ante >= 0) m = &ms->m[m->ante];
        o->src_code = m->code[e->src_ref];
        o->ss = orig(c->norm, t[m->start].start); o->se = orig(c->norm, t[m->end - 1].end);
    }
    if (e->tgt_m >= 0) {
        const dy_mention *m = &ms->m[e->tgt_m];
        if (m->ante >= 0) m = &ms->m[m->ante];
        o->tgt_code = m->code[e->tgt_ref];
        o->ts = orig(c->norm, t[m->start].start); o->te = orig(c->norm, t[m->end - 1].end);
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

/* "place": {"country": "UKR", "name": "Kharkiv", "admin1": "Kharkiv", "lat": 49.9808, "lon": 36.2527, "start": N, "end": M}
 * (a country alone has no name, admin1, lat, lon) */
static void place_json(dy_buf *b, const dy_outev *o)
{
    const dy_place *p = o->place;
    DY_BUF_LIT(b, ", \"place\": {\"country\": ");
    dy_buf_json_str(b, p->country, strlen(p->country));
    if (p->city) {
        DY_BUF_LIT(b, ", \"name\": ");
        dy_buf_json_str(b, p->city->name, strlen(p->city->name));
        DY_BUF_LIT(b, ", \"admin1\": ");
        dy_buf_json_str(b, p->city->admin1, strlen(p->city->admin1));
        DY_BUF_LIT(b, ", \"lat\": ");            /* ", \"lat\": %.4f, \"lon\": %.4f" */
        dy_buf_fixed(b, p->city->lat, 4);
        DY_BUF_LIT(b, ", \"lon\": ");
        dy_buf_fixed(b, p->city->lon, 4);
    }
    span_json(b, o->ps, o->pe);
}

/* null, or {"code": "RUS", "text": "Russia", "start": S, "end": E} */
static void actor_json(dy_buf *b, const dy_doc *d, const char *code, size_t s, size_t e)
{
    if (!code) { DY_BUF_LIT(b, "null"); return; }
    DY_BUF_LIT(b, "{\"code\": ");
    dy_buf_json_str(b, code, strlen(code));
    DY_BUF_LIT(b, ", \"text\": ");
    dy_buf_json_str(b, d->text + s, e - s);
    span_json(b, s, e);
}

void dy_output_jsonl(dy_buf *b, const dy_outctx *c, const dy_sentence *s, const dy_event *e)
{
    dy_outev o;
    dy_output_resolve(c, s, e, &o);
    const dy_doc *d = c->doc;
    DY_BUF_LIT(b, "{\"doc\": ");
    dy_buf_json_str(b, d->id, strlen(d->id));
    DY_BUF_LIT(b, ", \"sent\": ");               /* ", \"sent\": %d, \"date\": " */
    dy_buf_int(b, s->index);
    DY_BUF_LIT(b, ", \"date\": ");
    if (e->date[0]) dy_buf_json_str(b, e->date, strlen(e->date)); else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"source\": ");
    actor_json(b, d, o.src_code, o.ss, o.se);
    DY_BUF_LIT(b, ", \"target\": ");
    actor_json(b, d, o.tgt_code, o.ts, o.te);
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
    dy_buf_printf(b, "%s\t%s\t%d\t%.1f\t%s\t%s\t", o.cameo, o.root, o.quad, o.goldstein, o.plover ? o.plover : "", o.mode);
    dy_buf_tsv_str(b, d->text + o.vs, o.ve - o.vs);
    dy_buf_printf(b, "\t%zu\t%zu\t", o.vs, o.ve);
    dy_buf_tsv_str(b, d->text + o.sents, o.sente - o.sents);
    if (o.place) {
        const dy_place *p = o.place;
        dy_buf_printf(b, "\t%s\t", p->country);
        if (p->city) {
            dy_buf_tsv_str(b, p->city->name, strlen(p->city->name));
            dy_buf_puts(b, "\t");
            dy_buf_tsv_str(b, p->city->admin1, strlen(p->city->admin1));
            dy_buf_printf(b, "\t%.4f\t%.4f", p->city->lat, p->city->lon);
        } else dy_buf_puts(b, "\t\t\t");
        dy_buf_printf(b, "\t%zu\t%zu\n", o.ps, o.pe);
    } else dy_buf_puts(b, "\t\t\t\t\t\t\t\n");
}
