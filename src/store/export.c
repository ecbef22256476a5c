/* export.c: events -> files for the tools analysts already use.
 *
 * GDELT 1.0 (57/58 columns) and 2.0 (61 columns) event files exactly as
 * their column lists define them (../shared/reference/gdelt/): tab
 * separated, no header, codes as strings (leading zeros kept), NumMentions /
 * NumSources / NumArticles from the store, DATEADDED and SOURCEURL; the
 * GDELT 2.0 Mentions table (16 columns); PLOVER JSON Lines with the field
 * names of the PLOVER specification (id, date, actor, recipient, event,
 * quad_code, event_loc, cite_info, coder ...) plus dyad's own named fields;
 * CSV with a header row (RFC 4180 quoting).
 *
 * Numbers are written in their shortest form that reads back to the same
 * double, so export -> import-gdelt -> export gives the same bytes.  Fields
 * dyad does not compute (AvgTone, MentionDocTone, FIPS codes until the
 * gazetteer provides them) are left empty rather than invented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "store/impl.h"
#include "store/query.h"

/* the shortest %.Ng that reads back as v */
static void num(dy_buf *b, double v)
{
    char t[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*g", p, v);
        if (strtod(t, NULL) == v) break;
    }
    if (strchr(t, 'e')) snprintf(t, sizeof t, "%.6f", v);
    dy_buf_puts(b, t);
}

static void tsv(dy_buf *b, const char *s) { if (s) dy_buf_tsv_str(b, s, strlen(s)); }

typedef struct ex { FILE *f; enum dy_export_fmt fmt; int no_url; dy_buf b; int err; } ex;

static void flush_line(ex *x)
{
    if (x->b.oom) { x->err = 1; x->b.len = 0; x->b.oom = 0; return; }
    if (x->b.len && fwrite(x->b.p, 1, x->b.len, x->f) != x->b.len) x->err = 1;
    x->b.len = 0;
}

static void gdelt_actor(dy_buf *b, const dy_event_row *r, int tgt)
{
    const char *const f[] = {
        tgt ? r->tgt_code : r->src_code, tgt ? r->tgt_name : r->src_name,
        tgt ? r->tgt_country : r->src_country, tgt ? r->tgt_group : r->src_group, tgt ? r->tgt_ethnic : r->src_ethnic,
        tgt ? r->tgt_rel1 : r->src_rel1, tgt ? r->tgt_rel2 : r->src_rel2,
        tgt ? r->tgt_type1 : r->src_type1, tgt ? r->tgt_type2 : r->src_type2, tgt ? r->tgt_type3 : r->src_type3 };
    for (int i = 0; i < 10; i++) { tsv(b, f[i]); DY_BUF_LIT(b, "\t"); }
}

static void gdelt_geo(dy_buf *b, const dy_event_row *r, int g, int v2)
{
    dy_buf_int(b, r->geo[g].type); DY_BUF_LIT(b, "\t");
    tsv(b, r->geo[g].fullname); DY_BUF_LIT(b, "\t");
    tsv(b, r->geo[g].country); DY_BUF_LIT(b, "\t");
    tsv(b, r->geo[g].adm1); DY_BUF_LIT(b, "\t");
    if (v2) { tsv(b, r->geo[g].adm2); DY_BUF_LIT(b, "\t"); }
    if (r->geo[g].has_ll) num(b, r->geo[g].lat);
    DY_BUF_LIT(b, "\t");
    if (r->geo[g].has_ll) num(b, r->geo[g].lon);
    DY_BUF_LIT(b, "\t");
    tsv(b, r->geo[g].featureid); DY_BUF_LIT(b, "\t");
}

void store_gdelt_line(dy_buf *b, const dy_event_row *r, int v2, int no_url)
{
    dy_buf_int(b, r->gdelt_id ? r->gdelt_id : r->id); DY_BUF_LIT(b, "\t");
    int y = 0, m = 0, d = 0;
    if (r->date[0]) { y = atoi(r->date); m = atoi(r->date + 5); d = atoi(r->date + 8); }
    dy_buf_printf(b, "%04d%02d%02d\t%04d%02d\t%04d\t", y, m, d, y, m, y);
    double frac = (m * 30 + d) / 365.0;
    dy_buf_printf(b, "%04d.%04d\t", y, (int)floor(frac * 10000 + 0.5) > 9999 ? 9999 : (int)floor(frac * 10000 + 0.5));
    gdelt_actor(b, r, 0);
    gdelt_actor(b, r, 1);
    dy_buf_int(b, r->is_root); DY_BUF_LIT(b, "\t");
    tsv(b, r->cameo); DY_BUF_LIT(b, "\t");
    tsv(b, r->base); DY_BUF_LIT(b, "\t");
    tsv(b, r->root); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, r->quad); DY_BUF_LIT(b, "\t");
    num(b, r->goldstein); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, r->num_mentions); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, r->num_sources); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, r->num_articles); DY_BUF_LIT(b, "\t");
    if (r->has_tone) num(b, r->avg_tone);
    DY_BUF_LIT(b, "\t");
    for (int g = 0; g < 3; g++) gdelt_geo(b, r, g, v2);
    /* DATEADDED: YYYYMMDDHHMMSS in 2.0, YYYYMMDD in 1.0 */
    dy_buf_int(b, v2 ? r->date_added : r->date_added / 1000000);
    if (!no_url) { DY_BUF_LIT(b, "\t"); tsv(b, r->source_url); }
    DY_BUF_LIT(b, "\n");
}

static void csv_field(dy_buf *b, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { dy_buf_puts(b, s); return; }
    DY_BUF_LIT(b, "\"");
    for (; *s; s++) { if (*s == '"') DY_BUF_LIT(b, "\""); dy_buf_add(b, s, 1); }
    DY_BUF_LIT(b, "\"");
}

static const char CSV_HEADER[] = "id,date,source,target,source_name,target_name,cameo,root,quad,goldstein,plover,mode,"
    "num_mentions,num_sources,num_articles,confidence,place_country,place_name,lat,lon,source_url,origin\n";

static void csv_line(dy_buf *b, const dy_event_row *r)
{
    dy_buf_int(b, r->gdelt_id ? r->gdelt_id : r->id); DY_BUF_LIT(b, ",");
    csv_field(b, r->date); DY_BUF_LIT(b, ",");
    csv_field(b, r->src_code); DY_BUF_LIT(b, ",");
    csv_field(b, r->tgt_code); DY_BUF_LIT(b, ",");
    csv_field(b, r->src_name); DY_BUF_LIT(b, ",");
    csv_field(b, r->tgt_name); DY_BUF_LIT(b, ",");
    csv_field(b, r->cameo); DY_BUF_LIT(b, ",");
    csv_field(b, r->root); DY_BUF_LIT(b, ",");
    dy_buf_int(b, r->quad); DY_BUF_LIT(b, ",");
    num(b, r->goldstein); DY_BUF_LIT(b, ",");
    csv_field(b, r->plover); DY_BUF_LIT(b, ",");
    csv_field(b, r->mode); DY_BUF_LIT(b, ",");
    dy_buf_printf(b, "%ld,%ld,%ld,", r->num_mentions, r->num_sources, r->num_articles);
    num(b, r->confidence); DY_BUF_LIT(b, ",");
    csv_field(b, r->place_iso3[0] ? r->place_iso3 : r->geo[2].country); DY_BUF_LIT(b, ",");
    csv_field(b, r->geo[2].fullname); DY_BUF_LIT(b, ",");
    if (r->geo[2].has_ll) num(b, r->geo[2].lat);
    DY_BUF_LIT(b, ",");
    if (r->geo[2].has_ll) num(b, r->geo[2].lon);
    DY_BUF_LIT(b, ",");
    csv_field(b, r->source_url); DY_BUF_LIT(b, ",");
    csv_field(b, r->origin);
    DY_BUF_LIT(b, "\n");
}

static void jkey(dy_buf *b, const char *k, const char *v, int *first)
{
    if (!v || !*v) return;
    if (!*first) DY_BUF_LIT(b, ", ");
    *first = 0;
    dy_buf_json_str(b, k, strlen(k));
    DY_BUF_LIT(b, ": ");
    dy_buf_json_str(b, v, strlen(v));
}

static void plover_entity(dy_buf *b, const char *code, const char *country, const char *type1, const char *name)
{
    DY_BUF_LIT(b, "[");
    if (code && *code) {
        int first = 1;
        DY_BUF_LIT(b, "{");
        jkey(b, "code", country && *country ? country : code, &first);
        jkey(b, "sector", type1, &first);
        jkey(b, "entity_text", name, &first);
        jkey(b, "cameo_code", code, &first);
        DY_BUF_LIT(b, "}");
    }
    DY_BUF_LIT(b, "]");
}

static void plover_line(dy_buf *b, const dy_event_row *r)
{
    dy_buf_printf(b, "{\"id\": \"%s-%lld\", \"date\": ", r->gdelt_id ? "gdelt" : "dyad", r->gdelt_id ? r->gdelt_id : r->id);
    dy_buf_json_str(b, r->date, strlen(r->date));
    DY_BUF_LIT(b, ", \"actor\": ");
    plover_entity(b, r->src_code, r->src_country, r->src_type1, r->src_name);
    DY_BUF_LIT(b, ", \"recipient\": ");
    plover_entity(b, r->tgt_code, r->tgt_country, r->tgt_type1, r->tgt_name);
    DY_BUF_LIT(b, ", \"event\": [");
    if (r->plover && *r->plover) dy_buf_json_str(b, r->plover, strlen(r->plover));
    DY_BUF_LIT(b, "]");
    dy_buf_printf(b, ", \"quad_code\": %d", r->quad);
    if (r->geo[2].type) {
        int first = 1;
        DY_BUF_LIT(b, ", \"event_loc\": {");
        jkey(b, "resolved_place", r->geo[2].fullname, &first);
        jkey(b, "country_code", r->place_iso3, &first);
        if (r->geo[2].has_ll) {
            if (!first) DY_BUF_LIT(b, ", ");
            first = 0;
            DY_BUF_LIT(b, "\"lat\": "); num(b, r->geo[2].lat);
            DY_BUF_LIT(b, ", \"lon\": "); num(b, r->geo[2].lon);
        }
        if (!first) DY_BUF_LIT(b, ", ");
        dy_buf_printf(b, "\"resolution\": %d}", r->geo[2].type == 1 ? 1 : 4);
    }
    if (r->source_url && *r->source_url) {
        DY_BUF_LIT(b, ", \"cite_info\": {\"url\": ");
        dy_buf_json_str(b, r->source_url, strlen(r->source_url));
        DY_BUF_LIT(b, "}");
    }
    DY_BUF_LIT(b, ", \"coder\": \"dyad " DYAD_VERSION "\"");
    /* dyad's own named fields (the specification invites extra names) */
    DY_BUF_LIT(b, ", \"cameo\": "); dy_buf_json_str(b, r->cameo, strlen(r->cameo));
    DY_BUF_LIT(b, ", \"goldstein\": "); num(b, r->goldstein);
    if (r->mode && *r->mode) { DY_BUF_LIT(b, ", \"dyad_mode\": "); dy_buf_json_str(b, r->mode, strlen(r->mode)); }
    dy_buf_printf(b, ", \"num_mentions\": %ld, \"num_sources\": %ld, \"num_articles\": %ld, \"confidence\": ",
                  r->num_mentions, r->num_sources, r->num_articles);
    num(b, r->confidence);
    DY_BUF_LIT(b, "}\n");
}

static int ev_cb(void *ctx, const dy_event_row *r)
{
    ex *x = ctx;
    switch (x->fmt) {
    case DY_EXPORT_GDELT1: store_gdelt_line(&x->b, r, 0, x->no_url); break;
    case DY_EXPORT_GDELT2: store_gdelt_line(&x->b, r, 1, 0); break;
    case DY_EXPORT_PLOVER: plover_line(&x->b, r); break;
    default: csv_line(&x->b, r); break;
    }
    if (x->b.len > 1 << 16) flush_line(x);
    return x->err;
}

static int mention_cb(void *ctx, const dy_mention_row *m)
{
    ex *x = ctx;
    dy_buf *b = &x->b;
    dy_buf_int(b, m->event); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->event_added); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->doc_added); DY_BUF_LIT(b, "\t");
    int web = m->url && *m->url;
    dy_buf_int(b, web ? 1 : 2); DY_BUF_LIT(b, "\t");
    if (m->outlet && *m->outlet) tsv(b, m->outlet);
    else if (web && strstr(m->url, "://")) { const char *h = strstr(m->url, "://") + 3; dy_buf_tsv_str(b, h, strcspn(h, "/?#:")); }
    DY_BUF_LIT(b, "\t");
    tsv(b, web ? m->url : m->doc_id); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->sent + 1); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->src_start); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->tgt_start); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->verb_start); DY_BUF_LIT(b, "\t");
    DY_BUF_LIT(b, "1\t");
    dy_buf_int(b, (long long)floor(m->event_confidence * 100 + 0.5)); DY_BUF_LIT(b, "\t");
    dy_buf_int(b, m->doc_len); DY_BUF_LIT(b, "\t");
    DY_BUF_LIT(b, "\t\t\n");  /* MentionDocTone, MentionDocTranslationInfo, Extras: not computed */
    if (b->len > 1 << 16) flush_line(x);
    return x->err;
}

int dy_store_export(dy_store *s, const dy_filter *f, enum dy_export_fmt fmt, int no_url, FILE *out, char *err, size_t errlen)
{
    ex x = { out, fmt, no_url, { 0 }, 0 };
    dy_buf_init(&x.b);
    if (fmt == DY_EXPORT_CSV) dy_buf_puts(&x.b, CSV_HEADER);
    int rc = fmt == DY_EXPORT_MENTIONS ? dy_store_mentions(s, f, mention_cb, &x, err, errlen)
                                       : dy_store_query(s, f, ev_cb, &x, err, errlen);
    flush_line(&x);
    dy_buf_free(&x.b);
    if (rc) return rc;
    if (x.err || fflush(out) != 0 || ferror(out)) { snprintf(err, errlen, "error writing the export"); return DY_STORE_EIO; }
    return DY_STORE_OK;
}
