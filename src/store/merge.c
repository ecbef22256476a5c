/* merge.c: mentions -> events, the merging rule of store.h ("events, not reports").
 *
 * Mentions with the same merge key (source, target, action class under the
 * rule, polarity) are ordered by date; an event starts at the earliest and
 * takes every mention up to rule.window days later, the next mention starts
 * the next event.  Events never cross a gap of more than `window` days, so
 * the mentions of one key fall into independent components, and re-merging
 * a component gives the same events as merging everything: ingest re-merges
 * only the components its new or removed mentions touch (in the batch's
 * transaction), `dyad dedup` re-merges them all.  Event ids are reused in
 * date order, so re-merging unchanged mentions changes nothing.
 *
 * An event's fields come from its mentions: the most frequent CAMEO code
 * (ties: the smaller code) and its QuadClass, Goldstein and PLOVER type;
 * the most frequent mode and place; the first mention's document for
 * SOURCEURL, DATEADDED and IsRootEvent (first sentence); num_mentions,
 * num_articles (documents) and num_sources (outlets; without an outlet the
 * URL's host, else the document).  confidence = agreement x support, where
 * agreement is the share of mentions with the chosen code and support is
 * 1 - 0.5^num_sources (one outlet 0.5, two 0.75, ten ~1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <ctype.h>
#include "store/impl.h"

typedef struct touch { char *key; int lo, hi; } touch;
struct merge_ctx {
    dy_store *s;
    touch *t; int n, cap;
    dy_stmt *q_m, *q_old, *q_prev, *q_next, *q_ins, *q_upd, *q_del, *q_setev;
};

merge_ctx *merge_new(dy_store *s)
{
    merge_ctx *m = calloc(1, sizeof *m);
    if (m) m->s = s;
    return m;
}

void merge_free(merge_ctx *m)
{
    if (!m) return;
    for (int i = 0; i < m->n; i++) free(m->t[i].key);
    free(m->t);
    st_free(m->q_m); st_free(m->q_old); st_free(m->q_prev); st_free(m->q_next);
    st_free(m->q_ins); st_free(m->q_upd); st_free(m->q_del); st_free(m->q_setev);
    free(m);
}

int merge_touch_range(merge_ctx *m, const char *key, int lo, int hi)
{
    if (m->n == m->cap) {
        int nc = m->cap ? 2 * m->cap : 256;
        touch *nt = realloc(m->t, (size_t)nc * sizeof *nt);
        if (!nt) { snprintf(m->s->db->err, sizeof m->s->db->err, "out of memory"); return -1; }
        m->t = nt; m->cap = nc;
    }
    char *k = strdup(key);
    if (!k) { snprintf(m->s->db->err, sizeof m->s->db->err, "out of memory"); return -1; }
    m->t[m->n++] = (touch){ k, lo, hi };
    return 0;
}
int merge_touch(merge_ctx *m, const char *key, int day) { return merge_touch_range(m, key, day, day); }

static int cmp_touch(const void *a, const void *b)
{
    const touch *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* one mention as the merge reads it */
typedef struct mrow {
    long long id, event, doc, added;
    int day, sent, quad;
    double gold, lat, lon;
    int has_ll;
    char *cameo, *mode, *plover, *src, *tgt, *src_text, *tgt_text, *iso3, *pname, *padm1, *source, *url;
    char *src_name, *tgt_name, *src_parts, *tgt_parts, *feature, *adm1, *fips;
    long long geonameid;
} mrow;

static void mrow_free(mrow *r)
{
    free(r->cameo); free(r->mode); free(r->plover); free(r->src); free(r->tgt); free(r->src_text); free(r->tgt_text);
    free(r->iso3); free(r->pname); free(r->padm1); free(r->source); free(r->url);
    free(r->src_name); free(r->tgt_name); free(r->src_parts); free(r->tgt_parts); free(r->feature); free(r->adm1); free(r->fips);
}

static char *dupcol(dy_stmt *q, int i) { return c_null(q, i) ? NULL : strdup(c_text(q, i)); }

/* The outlet that counts as a source: the outlet, else the URL's host, else the document. */
static char *source_of(const char *outlet, const char *url, const char *ext)
{
    char b[512];
    if (outlet && *outlet) snprintf(b, sizeof b, "%s", outlet);
    else if (url && strstr(url, "://")) {
        const char *h = strstr(url, "://") + 3;
        size_t n = strcspn(h, "/?#:");
        snprintf(b, sizeof b, "%.*s", (int)n, h);
        for (char *p = b; *p; p++) *p = (char)tolower((unsigned char)*p);
    } else snprintf(b, sizeof b, "doc:%s", ext ? ext : "");
    return strdup(b);
}

static int cmp_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (!x || !y) return x ? -1 : y ? 1 : 0;
    return strcmp(x, y);
}

/* Most frequent non-NULL string of v[0..n) (ties: the smallest), and its count. */
static const char *modal(const char **v, int n, int *count)
{
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    const char *best = NULL;
    int bc = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && !cmp_str(&v[i], &v[j])) j++;
        if (v[i] && j - i > bc) { best = v[i]; bc = j - i; }
        i = j;
    }
    if (count) *count = bc;
    return best;
}
static int distinct(const char **v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    int d = 0;
    for (int i = 0; i < n; i++) if (v[i] && (i == 0 || cmp_str(&v[i - 1], &v[i]))) d++;
    return d;
}
static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static const char EV_SET[] =
    "origin, day, month, mkey, src_code, src_name, src_country, src_group, src_ethnic, src_rel1, src_rel2, src_type1, src_type2, "
    "src_type3, tgt_code, tgt_name, tgt_country, tgt_group, tgt_ethnic, tgt_rel1, tgt_rel2, tgt_type1, tgt_type2, tgt_type3, "
    "is_root, cameo, base, root, quad, goldstein, num_mentions, num_sources, num_articles, "
    "ga_type, ga_name, ga_country, ga_adm1, ga_lat, ga_lon, ga_feature, place_iso3, date_added";
/* then: source_url, plover, mode, confidence; the id last in UPDATE */
#define EV_N 46

static void upper(char *s) { for (; s && *s; s++) *s = (char)toupper((unsigned char)*s); }

/* Bind an event's fields computed from rows r[0..n) (sorted by day, id) as $1..$EV_N. */
static void bind_event(dy_stmt *q, const char *key, mrow *r, int n)
{
    const char **v = malloc((size_t)n * sizeof *v * 3 + 1);
    const char **w = v + n, **x = w + n;
    for (int i = 0; i < n; i++) v[i] = r[i].cameo;
    int agree = 0;
    const char *cam = modal(v, n, &agree);
    mrow *f = &r[0];                 /* the first mention */
    mrow *c = f;                     /* the first with the chosen code */
    for (int i = 0; i < n; i++) if (!strcmp(r[i].cameo, cam)) { c = &r[i]; break; }
    for (int i = 0; i < n; i++) v[i] = r[i].mode;
    const char *mode = modal(v, n, NULL);
    for (int i = 0; i < n; i++) w[i] = r[i].source;
    int nsrc = distinct(w, n);
    long long *docs = malloc((size_t)n * sizeof *docs + 1);
    for (int i = 0; i < n; i++) docs[i] = r[i].doc;
    qsort(docs, (size_t)n, sizeof *docs, cmp_ll);
    int narts = 0;
    for (int i = 0; i < n; i++) if (i == 0 || docs[i] != docs[i - 1]) narts++;
    free(docs);
    /* the place: the most frequent "ISO3|name" among mentions with one */
    char **pk = malloc((size_t)n * sizeof *pk + 1);
    int np = 0;
    for (int i = 0; i < n; i++) if (r[i].iso3) {
        size_t l = strlen(r[i].iso3) + (r[i].pname ? strlen(r[i].pname) : 0) + 2;
        pk[np] = malloc(l);
        if (pk[np]) { snprintf(pk[np], l, "%s|%s", r[i].iso3, r[i].pname ? r[i].pname : ""); x[np] = pk[np]; np++; }
    }
    const char *pbest = np ? modal(x, np, NULL) : NULL;
    mrow *pl = NULL;
    if (pbest) for (int i = 0; i < n && !pl; i++) if (r[i].iso3) {
        size_t li = strlen(r[i].iso3);
        if (!strncmp(pbest, r[i].iso3, li) && pbest[li] == '|' && !strcmp(pbest + li + 1, r[i].pname ? r[i].pname : "")) pl = &r[i];
    }
    store_parts a, b;
    store_parts_parse(f->src_parts, &a);
    store_parts_parse(f->tgt_parts, &b);
    /* GDELT's Actor1Name: the dictionary's canonical name, else the words of the text, upper case */
    char sname[256], tname[256];
    snprintf(sname, sizeof sname, "%s", f->src_name ? f->src_name : f->src_text ? f->src_text : "");
    snprintf(tname, sizeof tname, "%s", f->tgt_name ? f->tgt_name : f->tgt_text ? f->tgt_text : "");
    upper(sname); upper(tname);
    char base[4], root[3];
    snprintf(base, sizeof base, "%.3s", cam);
    snprintf(root, sizeof root, "%.2s", cam);
    int i = 1;
    b_text(q, i++, "dyad");
    b_int(q, i++, f->day);
    char ymd[11];
    dy_date_from_day(f->day, ymd);
    b_int(q, i++, atoi(ymd) * 100 + atoi(ymd + 5));
    b_text(q, i++, key);
    b_text(q, i++, f->src); b_text(q, i++, sname[0] ? sname : NULL);
    for (int k = 0; k < 8; k++) b_text(q, i++, a.f[k][0] ? a.f[k] : NULL);
    b_text(q, i++, f->tgt); b_text(q, i++, tname[0] ? tname : NULL);
    for (int k = 0; k < 8; k++) b_text(q, i++, b.f[k][0] ? b.f[k] : NULL);
    b_int(q, i++, f->sent == 0);
    b_text(q, i++, cam); b_text(q, i++, base); b_text(q, i++, root);
    b_int(q, i++, c->quad); b_dbl(q, i++, c->gold);
    b_int(q, i++, n); b_int(q, i++, nsrc); b_int(q, i++, narts);
    if (pl) {
        /* GDELT's geography: type 1 country, 2 US state, 3 US city, 4 world city, 5 world state;
         * FIPS country, FIPS ADM1 (the country's FIPS code for a country), FeatureID (GeoNames id, or the FIPS code) */
        char full[512], feat[32];
        int city = pl->feature && !strcmp(pl->feature, "city"), adm = pl->feature && !strcmp(pl->feature, "admin1");
        int us = pl->iso3 && !strcmp(pl->iso3, "USA");
        if (pl->pname && city && pl->padm1) snprintf(full, sizeof full, "%s, %s", pl->pname, pl->padm1);
        else if (pl->pname) snprintf(full, sizeof full, "%s", pl->pname);
        else snprintf(full, sizeof full, "%s", pl->iso3);
        b_int(q, i++, city ? (us ? 3 : 4) : adm ? (us ? 2 : 5) : pl->pname ? (us ? 3 : 4) : 1);
        b_text(q, i++, full);
        b_text(q, i++, pl->fips);
        b_text(q, i++, (city || adm) && pl->adm1 ? pl->adm1 : pl->fips);
        if (pl->has_ll) { b_dbl(q, i++, pl->lat); b_dbl(q, i++, pl->lon); } else { b_null(q, i++); b_null(q, i++); }
        if (pl->geonameid > 0) { snprintf(feat, sizeof feat, "%lld", pl->geonameid); b_text(q, i++, feat); }
        else b_text(q, i++, pl->fips);
        b_text(q, i++, pl->iso3);
    } else {
        b_int(q, i++, 0);
        for (int k = 0; k < 7; k++) b_null(q, i++);
    }
    b_int(q, i++, f->added);
    b_text(q, i++, f->url);
    b_text(q, i++, c->plover);
    b_text(q, i++, mode);
    double conf = (double)agree / n * (1 - pow(0.5, nsrc));
    b_dbl(q, i++, floor(conf * 1000 + 0.5) / 1000);
    for (int k = 0; k < np; k++) free(pk[k]);
    free(pk);
    free(v);
}

static int prepare_all(merge_ctx *m)
{
    if (m->q_m) return 0;
    dy_db *db = m->s->db;
    char ins[4096], upd[4096];
    size_t ni = (size_t)snprintf(ins, sizeof ins, "INSERT INTO events(%s, source_url, plover, mode, confidence) VALUES (", EV_SET);
    for (int k = 1; k <= EV_N && ni < sizeof ins; k++) ni += (size_t)snprintf(ins + ni, sizeof ins - ni, "%s$%d", k > 1 ? "," : "", k);
    if (ni < sizeof ins) snprintf(ins + ni, sizeof ins - ni, ") RETURNING id");
    /* UPDATE: the same 37 values, id as $38 */
    size_t n = (size_t)snprintf(upd, sizeof upd, "UPDATE events SET ");
    const char *cols = EV_SET;
    int k = 1;
    while (*cols) {
        size_t l = strcspn(cols, ",");
        n += (size_t)snprintf(upd + n, sizeof upd - n, "%s%.*s = $%d", k > 1 ? ", " : "", (int)l, cols, k);
        k++;
        cols += l;
        while (*cols == ',' || *cols == ' ') cols++;
    }
    snprintf(upd + n, sizeof upd - n, ", source_url = $%d, plover = $%d, mode = $%d, confidence = $%d WHERE id = $%d",
             EV_N - 3, EV_N - 2, EV_N - 1, EV_N, EV_N + 1);
    m->q_m = db_prepare(db,
        "SELECT m.id, m.event, m.doc, m.day, m.sent, m.quad, m.goldstein, m.cameo, m.mode, m.plover, m.src_code, m.tgt_code, "
        "m.src_text, m.tgt_text, m.place_iso3, m.place_name, m.place_admin1, m.place_lat, m.place_lon, d.outlet, d.url, "
        "d.ext_id, d.added, m.src_name, m.tgt_name, m.src_parts, m.tgt_parts, m.place_feature, m.place_geonameid, "
        "m.place_adm1, m.place_fips FROM mentions m JOIN documents d ON d.id = m.doc "
        "WHERE m.mkey = $1 AND m.day >= $2 AND m.day <= $3 ORDER BY m.day, d.ext_id, m.sent, m.id");   /* not by store id alone: an event's first mention (its SOURCEURL, its fields) must not depend on the order shards were ingested in */
    m->q_old = db_prepare(db, "SELECT id FROM events WHERE mkey = $1 AND day >= $2 AND day <= $3 AND origin = 'dyad' ORDER BY day, id");
    m->q_prev = db_prepare(db, "SELECT max(day) FROM mentions WHERE mkey = $1 AND day >= $2 AND day < $3");
    m->q_next = db_prepare(db, "SELECT min(day) FROM mentions WHERE mkey = $1 AND day > $2 AND day <= $3");
    m->q_ins = db_prepare(db, ins);
    m->q_upd = db_prepare(db, upd);
    m->q_del = db_prepare(db, "DELETE FROM events WHERE id = $1");
    m->q_setev = db_prepare(db, "UPDATE mentions SET event = $1 WHERE id = $2");
    return m->q_m && m->q_old && m->q_prev && m->q_next && m->q_ins && m->q_upd && m->q_del && m->q_setev ? 0 : -1;
}

/* Widen [*lo, *hi] to whole components of key's mentions. */
static int expand(merge_ctx *m, const char *key, int *lo, int *hi)
{
    int w = m->s->rule.window;
    if (w <= 0) return 0;
    for (;;) {
        b_text(m->q_prev, 1, key); b_int(m->q_prev, 2, *lo - w); b_int(m->q_prev, 3, *lo);
        int r = st_step(m->q_prev);
        int found = r == 1 && !c_null(m->q_prev, 0);
        int d = found ? (int)c_int(m->q_prev, 0) : 0;
        st_reset(m->q_prev);
        if (r < 0) return -1;
        if (!found) break;
        *lo = d;
    }
    for (;;) {
        b_text(m->q_next, 1, key); b_int(m->q_next, 2, *hi); b_int(m->q_next, 3, *hi + w);
        int r = st_step(m->q_next);
        int found = r == 1 && !c_null(m->q_next, 0);
        int d = found ? (int)c_int(m->q_next, 0) : 0;
        st_reset(m->q_next);
        if (r < 0) return -1;
        if (!found) break;
        *hi = d;
    }
    return 0;
}

/* Re-merge key's mentions in [lo, hi] (whole components). */
static int remerge(merge_ctx *m, const char *key, int lo, int hi)
{
    dy_stmt *q = m->q_m;
    mrow *r = NULL;
    int n = 0, cap = 0, rc = -1;
    long long *old = NULL;
    int nold = 0, capold = 0;
    b_text(q, 1, key); b_int(q, 2, lo); b_int(q, 3, hi);
    int s;
    while ((s = st_step(q)) == 1) {
        if (n == cap) {
            int nc = cap ? 2 * cap : 64;
            mrow *nr = realloc(r, (size_t)nc * sizeof *nr);
            if (!nr) { s = -1; break; }
            r = nr; cap = nc;
        }
        mrow *x = &r[n++];
        memset(x, 0, sizeof *x);
        x->id = c_int(q, 0); x->event = c_null(q, 1) ? 0 : c_int(q, 1); x->doc = c_int(q, 2);
        x->day = (int)c_int(q, 3); x->sent = (int)c_int(q, 4); x->quad = (int)c_int(q, 5); x->gold = c_dbl(q, 6);
        x->cameo = dupcol(q, 7); x->mode = dupcol(q, 8); x->plover = dupcol(q, 9); x->src = dupcol(q, 10); x->tgt = dupcol(q, 11);
        x->src_text = dupcol(q, 12); x->tgt_text = dupcol(q, 13); x->iso3 = dupcol(q, 14); x->pname = dupcol(q, 15); x->padm1 = dupcol(q, 16);
        x->has_ll = !c_null(q, 17); x->lat = c_dbl(q, 17); x->lon = c_dbl(q, 18);
        x->source = source_of(c_null(q, 19) ? NULL : c_text(q, 19), c_null(q, 20) ? NULL : c_text(q, 20), c_text(q, 21));
        x->url = c_null(q, 20) ? strdup(c_text(q, 21)) : strdup(c_text(q, 20));
        x->added = c_int(q, 22);
        x->src_name = dupcol(q, 23); x->tgt_name = dupcol(q, 24); x->src_parts = dupcol(q, 25); x->tgt_parts = dupcol(q, 26);
        x->feature = dupcol(q, 27); x->geonameid = c_null(q, 28) ? 0 : c_int(q, 28); x->adm1 = dupcol(q, 29); x->fips = dupcol(q, 30);
        if (!x->cameo || !x->mode || !x->src || !x->tgt || !x->source || !x->url) { s = -1; break; }
    }
    st_reset(q);
    if (s < 0) goto out;
    b_text(m->q_old, 1, key); b_int(m->q_old, 2, lo); b_int(m->q_old, 3, hi);
    while ((s = st_step(m->q_old)) == 1) {
        if (nold == capold) {
            int nc = capold ? 2 * capold : 16;
            long long *no = realloc(old, (size_t)nc * sizeof *no);
            if (!no) { s = -1; break; }
            old = no; capold = nc;
        }
        old[nold++] = c_int(m->q_old, 0);
    }
    st_reset(m->q_old);
    if (s < 0) goto out;
    int w = m->s->rule.window, ev = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && r[j].day <= r[i].day + w) j++;
        long long id;
        if (ev < nold) {
            id = old[ev];
            bind_event(m->q_upd, key, r + i, j - i);
            b_int(m->q_upd, EV_N + 1, id);
            int e = st_step(m->q_upd);
            st_reset(m->q_upd);
            if (e < 0) goto out;
        } else {
            bind_event(m->q_ins, key, r + i, j - i);
            int e = st_step(m->q_ins);
            id = e == 1 ? c_int(m->q_ins, 0) : 0;
            st_reset(m->q_ins);
            if (e != 1) goto out;
        }
        ev++;
        for (int k = i; k < j; k++) if (r[k].event != id) {
            b_int(m->q_setev, 1, id); b_int(m->q_setev, 2, r[k].id);
            int e = st_step(m->q_setev);
            st_reset(m->q_setev);
            if (e < 0) goto out;
        }
        i = j;
    }
    for (int k = ev; k < nold; k++) {
        b_int(m->q_del, 1, old[k]);
        int e = st_step(m->q_del);
        st_reset(m->q_del);
        if (e < 0) goto out;
    }
    rc = 0;
out:
    if (rc && !m->s->db->err[0]) snprintf(m->s->db->err, sizeof m->s->db->err, "%s: out of memory while merging", m->s->db->where);
    for (int i = 0; i < n; i++) mrow_free(&r[i]);
    free(r);
    free(old);
    return rc;
}

int merge_run(merge_ctx *m)
{
    if (m->n == 0) return 0;
    if (prepare_all(m)) return -1;
    qsort(m->t, (size_t)m->n, sizeof *m->t, cmp_touch);
    int w = m->s->rule.window;
    for (int i = 0; i < m->n;) {
        int j = i;
        while (j < m->n && !strcmp(m->t[i].key, m->t[j].key)) j++;
        /* intervals of this key, widened to components and joined when they meet */
        int lo = m->t[i].lo, hi = m->t[i].hi;
        if (expand(m, m->t[i].key, &lo, &hi)) return -1;
        for (int k = i + 1; k <= j; k++) {
            if (k < j && m->t[k].lo <= hi + w) {
                if (m->t[k].hi > hi) { hi = m->t[k].hi; if (expand(m, m->t[i].key, &lo, &hi)) return -1; }
                continue;
            }
            if (remerge(m, m->t[i].key, lo, hi)) return -1;
            if (k < j) {
                lo = m->t[k].lo; hi = m->t[k].hi;
                if (expand(m, m->t[i].key, &lo, &hi)) return -1;
            }
        }
        i = j;
    }
    return 0;
}

int dy_store_dedup(dy_store *s, const dy_merge_rule *rule, int incremental, dy_dedup_result *res, char *err, size_t errlen)
{
    dy_dedup_result rr = { 0, 0, 0 };
    dy_db *db = s->db;
    if (s->readonly) { snprintf(err, errlen, "%s: opened read-only", db->where); return DY_STORE_EUSAGE; }
    if (rule && (rule->match < DY_MATCH_ROOT || rule->match > DY_MATCH_CODE || rule->window < 0 || rule->window > 366)) {
        snprintf(err, errlen, "merge rule: window must be 0..366 days");
        return DY_STORE_EUSAGE;
    }
    dy_merge_rule oldrule = s->rule;
    int changed = rule && (rule->match != s->rule.match || rule->window != s->rule.window);
    if (changed) incremental = 0;
    merge_ctx *mc = NULL;
    dy_stmt *q = NULL, *u = NULL;
    if (store_begin(s)) return store_fail(s, err, errlen, DY_STORE_EIO);
    q = db_prepare(db, "SELECT count(*) FROM events WHERE origin = 'dyad'");
    if (!q || st_step(q) != 1) goto fail;
    rr.events_before = c_int(q, 0);
    st_free(q); q = NULL;
    if (rule && store_save_rule(s, rule)) goto fail;
    if (!incremental) {
        /* the keys under the (new) rule, then every event again */
        q = db_prepare(db, "SELECT id, src_code, tgt_code, cameo, mode, mkey FROM mentions");
        u = db_prepare(db, "UPDATE mentions SET mkey = $1 WHERE id = $2");
        if (!q || !u) goto fail;
        int r;
        /* PostgreSQL reads the whole result first; SQLite may update rows of the table it is reading
         * (only mkey changes, and the scan is in rowid order), which SQLite allows */
        while ((r = st_step(q)) == 1) {
            char key[160];
            store_mkey(&s->rule, c_text(q, 1), c_text(q, 2), c_text(q, 3), c_text(q, 4), key, sizeof key);
            if (strcmp(key, c_text(q, 5))) {
                b_text(u, 1, key); b_int(u, 2, c_int(q, 0));
                int e = st_step(u);
                st_reset(u);
                if (e < 0) goto fail;
            }
        }
        if (r < 0) goto fail;
        st_free(q); st_free(u); q = u = NULL;
        if (db_exec(db, "UPDATE mentions SET event = NULL WHERE event IS NOT NULL; DELETE FROM events WHERE origin = 'dyad'")) goto fail;
        q = db_prepare(db, "SELECT mkey, min(day), max(day) FROM mentions WHERE day IS NOT NULL GROUP BY mkey");
    } else
        q = db_prepare(db, "SELECT mkey, min(day), max(day) FROM mentions WHERE day IS NOT NULL AND event IS NULL GROUP BY mkey");
    if (!q) goto fail;
    mc = merge_new(s);
    if (!mc) goto fail;
    int r;
    while ((r = st_step(q)) == 1) {
        if (merge_touch_range(mc, c_text(q, 0), (int)c_int(q, 1), (int)c_int(q, 2))) goto fail;
    }
    if (r < 0) goto fail;
    st_free(q); q = NULL;
    if (merge_run(mc)) goto fail;
    merge_free(mc); mc = NULL;
    q = db_prepare(db, "SELECT count(*), (SELECT count(*) FROM mentions WHERE event IS NOT NULL) FROM events WHERE origin = 'dyad'");
    if (!q || st_step(q) != 1) goto fail;
    rr.events_after = c_int(q, 0);
    rr.mentions = c_int(q, 1);
    st_free(q); q = NULL;
    if (store_commit(s)) goto fail;
    if (res) *res = rr;
    return DY_STORE_OK;
fail:
    snprintf(err, errlen, "%s", db->err);
    st_free(q); st_free(u);
    merge_free(mc);
    store_rollback(s);
    s->rule = oldrule;
    return DY_STORE_EIO;
}
