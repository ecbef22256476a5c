/* test_record.c: the event record (issue 11): provenance on every event
 * (stable id, url, outlet, title, doc_date) in JSON Lines and TSV, ids that
 * are the same on every run and with -j 1 / -j 3, actor codes split into
 * CAMEO parts (every code in data/actors rebuilt from its parts), places a
 * GIS tool can join (GeoNames id, admin1 code, FIPS ADM1, a country's
 * point), honest negation, and the dictionary fingerprint.
 *
 * The CLI is found next to this program (BUILD/tests/test_record ->
 * BUILD/dyad) or in $DYAD_BIN. */
#include "harness.h"
#include <ctype.h>
#include <dirent.h>
#include <cjson/cJSON.h>
#include "dyad.h"
#include "place/place.h"

static dy_engine *ENG;
static dy_worker *W;

/* ------------------------------------------------------------ the input set */

typedef struct { const char *id, *date, *url, *source, *title, *text; } docin;
static const docin DOCS[] = {
    { "d1", "2024-05-16", "https://news.example.org/a/1?x=1&y=\"2\"", "Example Wire", "Putin visits Beijing",
      "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Thursday. "
      "Hamas fighters attacked Israeli troops in Gaza. The United Nations condemned Israel." },
    { "d2", "2024-03-02", "https://news.example.org/a/2", "Другая газета", "Kharkiv \"shelled\"\ttonight",
      "Russian forces attacked Ukrainian troops in the Kharkiv region. Israel bombed targets in Lebanon. "
      "Police arrested protesters in California. Iran refused to meet the United States." },
    { "d3", "2023-11-20", NULL, NULL, NULL,
      "Chinese officials criticised Japan. Turkey and Russia signed an agreement. "
      "Ayatollah Ali al-Sistani urged Iraqi officials to protect civilians." },
    { "d4", "2024-01-09", "https://news.example.org/a/4", "Example Wire", "Talks",
      "Russia and Russia attacked Ukraine. NATO accused Russia of attacking Ukrainian civilians." },
};
#define NDOCS ((int)(sizeof DOCS / sizeof DOCS[0]))

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else if (*s == '\t') fputs("\\t", f);
        else fputc(*s, f);
    }
    fputc('"', f);
}

static int write_input(const char *file)
{
    FILE *f = fopen(file, "w");
    if (!f) return -1;
    for (int k = 0; k < NDOCS; k++) {
        const docin *d = &DOCS[k];
        fputs("{\"id\": ", f); json_str(f, d->id);
        fputs(", \"date\": ", f); json_str(f, d->date);
        if (d->url) { fputs(", \"url\": ", f); json_str(f, d->url); }
        if (d->source) { fputs(", \"source\": ", f); json_str(f, d->source); }
        if (d->title) { fputs(", \"title\": ", f); json_str(f, d->title); }
        fputs(", \"text\": ", f); json_str(f, d->text);
        fputs("}\n", f);
    }
    return fclose(f);
}

static const docin *doc_of(const char *id)
{
    for (int k = 0; k < NDOCS; k++) if (id && !strcmp(DOCS[k].id, id)) return &DOCS[k];
    return NULL;
}

/* the JSON value is the string want, or null when want is NULL */
static int str_is(const cJSON *o, const char *key, const char *want)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) return 0;
    if (!want) return cJSON_IsNull(v);
    return cJSON_IsString(v) && !strcmp(v->valuestring, want);
}

static int is_id(const char *s)
{
    if (!s || strlen(s) < 16) return 0;
    for (int i = 0; i < 16; i++) if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) return 0;
    if (!s[16]) return 1;
    if (s[16] != '-' || !isdigit((unsigned char)s[17])) return 0;
    return 1;
}

/* a 3-letter part (string) or null */
static int part_ok(const cJSON *v)
{
    return cJSON_IsNull(v) || (cJSON_IsString(v) && strlen(v->valuestring) == 3);
}

/* the actor object: every field there; the parts are blocks of the code, in order, all of it */
static int actor_ok(const cJSON *a, const char *text, size_t tlen)
{
    if (cJSON_IsNull(a)) return 1;
    const cJSON *code = cJSON_GetObjectItem(a, "code"), *tx = cJSON_GetObjectItem(a, "text");
    const cJSON *st = cJSON_GetObjectItem(a, "start"), *en = cJSON_GetObjectItem(a, "end");
    const cJSON *nm = cJSON_GetObjectItem(a, "name");
    const cJSON *co = cJSON_GetObjectItem(a, "country"), *gr = cJSON_GetObjectItem(a, "group"),
                *et = cJSON_GetObjectItem(a, "ethnic"), *re = cJSON_GetObjectItem(a, "religion"),
                *ty = cJSON_GetObjectItem(a, "types");
    if (!cJSON_IsString(code) || !cJSON_IsString(tx) || !cJSON_IsNumber(st) || !cJSON_IsNumber(en)) return 0;
    if (!(cJSON_IsNull(nm) || cJSON_IsString(nm)) || !part_ok(co) || !part_ok(gr) || !part_ok(et)) return 0;
    if (!cJSON_IsArray(re) || !cJSON_IsArray(ty)) return 0;
    if (st->valuedouble < 0 || en->valuedouble > (double)tlen || st->valuedouble >= en->valuedouble) return 0;
    size_t s = (size_t)st->valuedouble, e = (size_t)en->valuedouble;
    if (strlen(tx->valuestring) != e - s || memcmp(tx->valuestring, text + s, e - s)) return 0;
    /* the code has every part, and nothing else: its length is 3 x the parts */
    const char *c = code->valuestring;
    if (!strcmp(c, "---")) return cJSON_IsNull(co) && cJSON_GetArraySize(ty) == 0;
    int nparts = !cJSON_IsNull(co) + !cJSON_IsNull(et) + cJSON_GetArraySize(re) + cJSON_GetArraySize(ty);
    int ngroup = !cJSON_IsNull(gr);
    if ((int)strlen(c) < 3 * (nparts + ngroup)) return 0;
    const cJSON *x;
    if (!cJSON_IsNull(co) && !strstr(c, co->valuestring)) return 0;
    if (!cJSON_IsNull(gr) && strcmp(c + strlen(c) - 3, gr->valuestring) != 0 && !strstr(c, gr->valuestring)) return 0;
    cJSON_ArrayForEach(x, re) if (!cJSON_IsString(x) || !strstr(c, x->valuestring)) return 0;
    cJSON_ArrayForEach(x, ty) if (!cJSON_IsString(x) || !strstr(c, x->valuestring)) return 0;
    /* every block accounted for (groups beyond the last one, as UNO in IGOUNOREFHCR, are not listed) */
    dy_actor_parts p;
    if (dy_actor_split(c, 0, &p) == 0 && (int)strlen(c) / 3 < nparts + ngroup) return 0;
    return 1;
}

TEST(jsonl_provenance_every_field_every_event)
{
    if (write_input(h_path("in.jsonl"))) { CHECK(!"cannot write the input"); return; }
    char a[2048];
    snprintf(a, sizeof a, "code -j 1 '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("j1.jsonl"), "@ %s", a), 0);
    size_t n;
    char *out = h_slurp(h_path("j1.jsonl"), &n);
    CHECK(out != NULL && n > 0);
    if (!out) return;
    int events = 0, docs_seen[NDOCS] = { 0 }, places = 0, feat[3] = { 0 }, named = 0, grouped = 0, typed = 0;
    char ids[256][24];
    int nids = 0;
    for (char *line = out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl) *nl = 0;
        cJSON *o = cJSON_Parse(line);
        CHECK(o != NULL);
        if (!o) continue;
        events++;
        const cJSON *id = cJSON_GetObjectItem(o, "id"), *doc = cJSON_GetObjectItem(o, "doc");
        CHECK(cJSON_IsString(id) && is_id(id->valuestring));
        CHECK(cJSON_IsString(doc));
        const docin *d = cJSON_IsString(doc) ? doc_of(doc->valuestring) : NULL;
        CHECK(d != NULL);
        if (!d) { cJSON_Delete(o); continue; }
        docs_seen[d - DOCS] = 1;
        /* id: unique within the run */
        for (int k = 0; cJSON_IsString(id) && k < nids; k++) CHECK(strcmp(ids[k], id->valuestring) != 0);
        if (cJSON_IsString(id) && nids < 256) snprintf(ids[nids++], 24, "%s", id->valuestring);
        /* provenance passes through; absent fields are null */
        CHECK(str_is(o, "url", d->url));
        CHECK(str_is(o, "outlet", d->source));
        CHECK(str_is(o, "title", d->title));
        CHECK(str_is(o, "doc_date", d->date));
        const cJSON *date = cJSON_GetObjectItem(o, "date");
        CHECK(cJSON_IsString(date) && strlen(date->valuestring) == 10);
        /* the event's own date: the document's or, for "on Thursday", the Thursday before it */
        if (cJSON_IsString(date)) CHECK(strcmp(date->valuestring, d->date) <= 0);
        CHECK(cJSON_IsNumber(cJSON_GetObjectItem(o, "sent")));
        const cJSON *src = cJSON_GetObjectItem(o, "source"), *tgt = cJSON_GetObjectItem(o, "target");
        CHECK(src && actor_ok(src, d->text, strlen(d->text)));
        CHECK(tgt && actor_ok(tgt, d->text, strlen(d->text)));
        for (int r = 0; r < 2; r++) {
            const cJSON *ac = r ? tgt : src;
            if (!ac || cJSON_IsNull(ac)) continue;
            named += cJSON_IsString(cJSON_GetObjectItem(ac, "name"));
            grouped += cJSON_IsString(cJSON_GetObjectItem(ac, "group"));
            typed += cJSON_GetArraySize(cJSON_GetObjectItem(ac, "types")) > 0;
        }
        const cJSON *pl = cJSON_GetObjectItem(o, "place");
        if (pl) {
            places++;
            const cJSON *f = cJSON_GetObjectItem(pl, "feature");
            CHECK(cJSON_IsString(f));
            const cJSON *gid = cJSON_GetObjectItem(pl, "geonameid"), *lat = cJSON_GetObjectItem(pl, "lat"),
                        *lon = cJSON_GetObjectItem(pl, "lon"), *a1c = cJSON_GetObjectItem(pl, "admin1_code"),
                        *adm1 = cJSON_GetObjectItem(pl, "adm1"), *fips = cJSON_GetObjectItem(pl, "fips");
            CHECK(cJSON_IsString(cJSON_GetObjectItem(pl, "country")) && strlen(cJSON_GetObjectItem(pl, "country")->valuestring) == 3);
            CHECK(cJSON_IsNumber(lat) && cJSON_IsNumber(lon));   /* every place has a point now */
            CHECK(a1c && adm1 && fips && gid);
            CHECK(cJSON_IsNull(fips) || (cJSON_IsString(fips) && strlen(fips->valuestring) == 2));
            if (cJSON_IsString(f) && !strcmp(f->valuestring, "city")) {
                feat[0]++;
                CHECK(cJSON_IsNumber(gid) && gid->valuedouble > 0);
                CHECK(cJSON_IsString(a1c));
                CHECK(cJSON_IsString(cJSON_GetObjectItem(pl, "name")));
            } else if (cJSON_IsString(f) && !strcmp(f->valuestring, "admin1")) {
                feat[1]++;
                CHECK(cJSON_IsNull(gid) && cJSON_IsString(a1c));
            } else if (cJSON_IsString(f) && !strcmp(f->valuestring, "country")) {
                feat[2]++;
                CHECK(cJSON_IsNull(gid) && cJSON_IsNull(a1c) && cJSON_IsNull(adm1));
                const cJSON *pt = cJSON_GetObjectItem(pl, "point");
                CHECK(cJSON_IsString(pt) && (!strcmp(pt->valuestring, "capital") || !strcmp(pt->valuestring, "largest city")));
            } else CHECK(!"feature is city, admin1 or country");
            /* with an ADM1, it starts with the FIPS country code */
            if (cJSON_IsString(adm1) && cJSON_IsString(fips)) CHECK(!strncmp(adm1->valuestring, fips->valuestring, 2));
        }
        cJSON_Delete(o);
    }
    free(out);
    CHECK(events >= 10);
    for (int k = 0; k < NDOCS; k++) CHECK(docs_seen[k]);
    CHECK(feat[0] >= 1 && feat[1] >= 2 && feat[2] >= 1);
    CHECK(named >= 4 && grouped >= 2 && typed >= 4);
    CHECK(places >= 5);

    /* the same ids and bytes on a second run and with -j 3 */
    CHECK_INT(h_run_to(h_path("j1b.jsonl"), "@ %s", a), 0);
    CHECK(h_same_file(h_path("j1.jsonl"), h_path("j1b.jsonl")));
    snprintf(a, sizeof a, "code -j 3 '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("j3.jsonl"), "@ %s", a), 0);
    CHECK(h_same_file(h_path("j1.jsonl"), h_path("j3.jsonl")));
}

/* One TSV record from *pp, in place: fields split at tabs, a field that
 * starts with '"' runs to the closing quote ("" inside is one quote, tabs and
 * line breaks inside are kept); *pp moves past the record's line end.
 * Returns the number of fields. */
static int tsv_record(char **pp, char **f, int max)
{
    char *p = *pp;
    int n = 0;
    for (;;) {
        char *w = p, *start = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) break;
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                *w++ = *p++;
            }
            while (*p && *p != '\t' && *p != '\n') *w++ = *p++;
        } else {
            while (*p && *p != '\t' && *p != '\n') p++;
            w = p;
        }
        char end = *p;
        *w = 0;
        if (n < max) f[n++] = start;
        if (end == '\t') { p++; continue; }
        if (end == '\n') p++;
        break;
    }
    *pp = p;
    return n;
}

/* TSV: the same fields (header names them), the same ids as JSONL */
TEST(tsv_same_fields_and_ids)
{
    char a[2048];
    snprintf(a, sizeof a, "code --format tsv -j 3 '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("o.tsv"), "@ %s", a), 0);
    snprintf(a, sizeof a, "code --format tsv -j 1 '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("o1.tsv"), "@ %s", a), 0);
    CHECK(h_same_file(h_path("o.tsv"), h_path("o1.tsv")));
    size_t n, nj;
    char *t = h_slurp(h_path("o.tsv"), &n), *j = h_slurp(h_path("j1.jsonl"), &nj);
    CHECK(t && j);
    if (!t || !j) { free(t); free(j); return; }
    static const char *const want[] = { "id", "url", "outlet", "title", "doc_date", "source_name", "source_country",
        "source_group", "source_ethnic", "source_religion", "source_types", "target_name", "target_country", "target_group",
        "target_ethnic", "target_religion", "target_types", "place_feature", "place_geonameid", "place_admin1_code",
        "place_adm1", "place_fips", "place_point", NULL };
    /* header columns (fields with a tab, line break or quote are quoted, "" inside: tsv_record) */
    char *cur = t;
    char *cols[80];
    int nc = tsv_record(&cur, cols, 80);
    CHECK(nc > 0);
    if (nc <= 0) { free(t); free(j); return; }
    int at[32];
    for (int w = 0; want[w]; w++) {
        at[w] = -1;
        for (int c = 0; c < nc; c++) if (!strcmp(cols[c], want[w])) at[w] = c;
        CHECK(at[w] >= 0);
        if (at[w] < 0) fprintf(stderr, "  no TSV column %s\n", want[w]);
    }
    int rows = 0;
    char *jl = j;
    while (*cur) {
        char *f[80];
        int nf = tsv_record(&cur, f, 80);
        CHECK_INT(nf, nc);
        if (nf != nc) break;
        /* the matching JSON line */
        char *jn = strchr(jl, '\n');
        if (jn) *jn = 0;
        cJSON *o = cJSON_Parse(jl);
        jl = jn ? jn + 1 : jl + strlen(jl);
        CHECK(o != NULL);
        if (!o) break;
        rows++;
        CHECK_STR(f[at[0]], cJSON_GetObjectItem(o, "id")->valuestring);
        const cJSON *u = cJSON_GetObjectItem(o, "url"), *ti = cJSON_GetObjectItem(o, "title");
        CHECK_STR(f[at[1]], cJSON_IsString(u) ? u->valuestring : "");
        /* a title with a tab reads back as it is (quoted in the TSV) */
        if (cJSON_IsString(ti)) CHECK_STR(f[at[3]], ti->valuestring);
        CHECK_STR(f[at[4]], cJSON_GetObjectItem(o, "doc_date")->valuestring);
        const cJSON *src = cJSON_GetObjectItem(o, "source");
        if (cJSON_IsObject(src)) {
            const cJSON *co = cJSON_GetObjectItem(src, "country");
            CHECK_STR(f[at[6]], cJSON_IsString(co) ? co->valuestring : "");
            char types[64] = "";
            const cJSON *x;
            cJSON_ArrayForEach(x, cJSON_GetObjectItem(src, "types")) {
                if (types[0]) strcat(types, ",");
                strncat(types, x->valuestring, 3);
            }
            CHECK_STR(f[at[10]], types);
        }
        const cJSON *pl = cJSON_GetObjectItem(o, "place");
        CHECK_STR(f[at[17]], pl ? cJSON_GetObjectItem(pl, "feature")->valuestring : "");
        if (pl && cJSON_IsString(cJSON_GetObjectItem(pl, "adm1"))) CHECK_STR(f[at[20]], cJSON_GetObjectItem(pl, "adm1")->valuestring);
        cJSON_Delete(o);
    }
    CHECK(rows >= 10);
    free(t); free(j);
}

/* ------------------------------------------------------------ library view */

/* the views' provenance strings point into the dy_doc: it must outlive them */
static dy_doc DOC1;
static int code1(const char *id, const char *text, const dy_event_view **ev)
{
    dy_doc *d = &DOC1;
    memset(d, 0, sizeof *d);
    d->id = id; d->text = text; d->len = strlen(text);
    d->url = "https://x.example/1"; d->source = "Wire"; d->title = "T";
    memcpy(d->date, "2024-05-16", 11);
    return dy_code_events(W, d, ev);
}

static const dy_event_view *find(const dy_event_view *ev, int n, const char *cameo_prefix)
{
    for (int i = 0; i < n; i++) if (!strncmp(ev[i].cameo, cameo_prefix, strlen(cameo_prefix))) return &ev[i];
    return NULL;
}

TEST(view_fields_and_id_rules)
{
    const dy_event_view *ev;
    int n = code1("v1", "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing.", &ev);
    CHECK(n >= 1);
    if (n < 1) return;
    char id1[24];
    snprintf(id1, sizeof id1, "%s", ev[0].id);
    CHECK(is_id(id1));
    CHECK_STR(ev[0].doc, "v1");
    CHECK_STR(ev[0].url, "https://x.example/1");
    CHECK_STR(ev[0].outlet, "Wire");
    CHECK_STR(ev[0].title, "T");
    CHECK_STR(ev[0].doc_date, "2024-05-16");
    CHECK_STR(ev[0].source.code, "RUSGOV");
    CHECK_STR(ev[0].source.name, "Vladimir Putin");
    CHECK_STR(ev[0].source.parts.country, "RUS");
    CHECK(ev[0].source.parts.ntypes == 1 && !strcmp(ev[0].source.parts.types[0], "GOV"));
    CHECK_STR(ev[0].target.name, "Xi Jinping");
    CHECK_STR(ev[0].place_feature, "city");
    CHECK_INT(ev[0].place_geonameid, 1816670);       /* GeoNames: Beijing */
    CHECK_STR(ev[0].place_admin1_code, "22");
    CHECK_STR(ev[0].place_adm1, "CH22");
    CHECK_STR(ev[0].place_fips, "CH");
    CHECK(ev[0].place_has_point);
    /* the same document again: the same id; another document id: another */
    n = code1("v1", "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing.", &ev);
    CHECK(n >= 1 && !strcmp(ev[0].id, id1));
    n = code1("v2", "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing.", &ev);
    CHECK(n >= 1 && strcmp(ev[0].id, id1) != 0);
    /* two events that would get the same id in one document: -2 */
    n = code1("v3", "Russia and Russia attacked Ukraine.", &ev);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(!strncmp(ev[0].id, ev[1].id, 16));
        CHECK(strlen(ev[0].id) == 16);
        CHECK(!strcmp(ev[1].id + 16, "-2"));
    }
}

TEST(places_regions_and_country_points)
{
    const dy_event_view *ev;
    int n = code1("p1", "Russian forces attacked Ukrainian troops in the Kharkiv region.", &ev);
    CHECK(n >= 1);
    if (n >= 1) {
        CHECK_STR(ev[0].place_feature, "admin1");
        CHECK_STR(ev[0].place_adm1, "UP07");
        CHECK_STR(ev[0].place_admin1_code, "07");
        CHECK_STR(ev[0].place_country, "UKR");
        CHECK_INT(ev[0].place_geonameid, 0);
    }
    n = code1("p2", "Police arrested protesters in California.", &ev);
    CHECK(n >= 1);
    if (n >= 1) { CHECK_STR(ev[0].place_feature, "admin1"); CHECK_STR(ev[0].place_adm1, "USCA"); CHECK_STR(ev[0].place_country, "USA"); }
    n = code1("p3", "Israel bombed targets in Lebanon.", &ev);
    CHECK(n >= 1);
    if (n >= 1) {
        CHECK_STR(ev[0].place_feature, "country");
        CHECK_STR(ev[0].place_country, "LBN");
        CHECK_STR(ev[0].place_fips, "LE");
        CHECK(ev[0].place_has_point);
        /* Beirut, the capital */
        CHECK(ev[0].place_lat > 33.8 && ev[0].place_lat < 34.0 && ev[0].place_lon > 35.4 && ev[0].place_lon < 35.6);
        CHECK(ev[0].place_adm1 == NULL && ev[0].place_admin1_code == NULL);
        CHECK_STR(ev[0].place_point, "capital");
    }
    /* a country's own capital for the biggest ones: Washington, not a town of that name */
    dy_gazetteer g;
    char err[512];
    CHECK_INT(dy_gazetteer_load(&g, "data", err, sizeof err), 0);
    const dy_ginfo *us = dy_gazetteer_info(&g, "USA"), *ua = dy_gazetteer_info(&g, "UKR");
    CHECK(us && us->lat > 38.8 && us->lat < 39.0 && !strcmp(us->point, "capital") && !strcmp(us->fips, "US"));
    CHECK(ua && !strcmp(ua->fips, "UP"));
    CHECK(dy_gazetteer_info(&g, "ZZZ") == NULL);
    /* every city of a region that has a FIPS ADM1 has it in its country's FIPS code */
    int checked = 0;
    for (int i = 0; i < g.ncity; i++) {
        const dy_city *c = &g.city[i];
        if (!c->region || !c->region->adm1[0]) continue;
        const dy_ginfo *ci = dy_gazetteer_info(&g, c->country);
        CHECK(ci && !strncmp(c->region->adm1, ci->fips, 2));
        CHECK(!strcmp(c->region->adm1 + 2, c->admin1_code));
        checked++;
        if (H_.cur_failed) break;
    }
    CHECK(checked > 20000);
    dy_gazetteer_free(&g);
}

static const char *tmpfile_with(const char *name, const char *content)
{
    const char *p = h_path(name);
    FILE *f = fopen(p, "w");
    if (!f) return NULL;
    fputs(content, f);
    fclose(f);
    return p;
}

TEST(region_files_bad_lines_named)
{
    dy_gazetteer g;
    char err[512];
    char c[1200];   /* h_path() has 4 buffers: keep a copy */
    snprintf(c, sizeof c, "%s", tmpfile_with("c.tsv", "Alpha\tAAA\tOne\t10.5\t20.25\t5000\t123\t01\n"));
    const char *a = tmpfile_with("a.tsv", "# regions\nAAA\t01\tXX01\tOne\t10.5\t20.25\t5000\nAAA\t02\t\tTwo\t1\t2\n");
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), 0);
    CHECK_INT(dy_gazetteer_load_regions(&g, a, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "a.tsv:3:") != NULL);
    dy_gazetteer_free(&g);
    a = tmpfile_with("a2.tsv", "AAA\t01\tXX01\tOne\t10.5\t20.25\t5000\n");
    const char *k = tmpfile_with("k.tsv", "AAA\tAA\tXX\tAland\t10.5\t20.25\tcapital\nAAB\tAB\tXYZ\tB\t1\t2\tcapital\n");
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), 0);
    CHECK_INT(dy_gazetteer_load_regions(&g, a, k, err, sizeof err), -1);
    CHECK(strstr(err, "k.tsv:2:") != NULL);
    CHECK(g.ncity == 1 && g.city[0].geonameid == 123 && g.city[0].region && !strcmp(g.city[0].region->adm1, "XX01"));
    dy_gazetteer_free(&g);
    k = tmpfile_with("k2.tsv", "BBB\tBB\t\tB\t1\t2\tcapital\nAAA\tAA\tXX\tA\t1\t2\tcapital\n");
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), 0);
    CHECK_INT(dy_gazetteer_load_regions(&g, NULL, k, err, sizeof err), -1);
    CHECK(strstr(err, "k2.tsv:2:") != NULL && strstr(err, "sorted") != NULL);
    dy_gazetteer_free(&g);
}

/* ------------------------------------------------------------ actor split */

static int entries_checked;

static void check_code(const char *kind, const char *code, const char *file, int line)
{
    int org = !strcmp(kind, "group") || !strcmp(kind, "org");
    dy_actor_parts p;
    char back[64];
    int rc = dy_actor_split(code, org, &p);
    int ok = rc == 0 && dy_actor_join(&p, back, sizeof back) == (int)strlen(code) && !strcmp(back, code);
    /* what each kind of entry must be read as */
    if (ok && !strcmp(kind, "country")) ok = p.part[0] == DY_PART_COUNTRY && !strcmp(p.country, code);
    if (ok && (!strcmp(kind, "agent") || !strcmp(kind, "title"))) ok = p.nblocks == 1 && p.part[0] == DY_PART_TYPE;
    if (ok && !strcmp(kind, "adj") && p.nblocks == 1) ok = p.part[0] != DY_PART_GROUP && p.part[0] != DY_PART_TYPE;
    if (ok && !strcmp(kind, "metonym")) ok = p.part[0] == DY_PART_COUNTRY && p.ntypes >= 1;
    if (ok && (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) || !strncmp(code, "NGM", 3) ||
               !strncmp(code, "IMG", 3) || !strncmp(code, "MNC", 3)))
        ok = p.ntypes >= 1 && !strncmp(p.types[0], code, 3);
    /* a named organisation whose last block is no role or country: that block is its group code */
    if (ok && org && p.nblocks > 1 && p.part[p.nblocks - 1] != DY_PART_TYPE && p.part[p.nblocks - 1] != DY_PART_COUNTRY)
        ok = !strcmp(p.group, code + strlen(code) - 3);
    if (!ok) fprintf(stderr, "  %s:%d: %s %s does not split and rebuild\n", file, line, kind, code);
    CHECK(ok);
    entries_checked++;
}

TEST(every_actor_code_rebuilt_from_its_parts)
{
    DIR *d = opendir("data/actors");
    CHECK(d != NULL);
    if (!d) return;
    struct dirent *de;
    int files = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt")) continue;
        char p[1024];
        snprintf(p, sizeof p, "data/actors/%s", de->d_name);
        FILE *f = fopen(p, "r");
        CHECK(f != NULL);
        if (!f) continue;
        files++;
        char line[8192];
        int ln = 0;
        while (fgets(line, sizeof line, f)) {
            ln++;
            char kind[32], code[64];
            char *h = strchr(line, '#');
            if (h) *h = 0;
            if (sscanf(line, "%31s %63s", kind, code) != 2) continue;
            check_code(kind, code, p, ln);
        }
        fclose(f);
    }
    closedir(d);
    CHECK(files >= 5);
    CHECK(entries_checked > 1000);
}

TEST(split_examples)
{
    dy_actor_parts p;
    CHECK_INT(dy_actor_split("IMGMOSALQ", 1, &p), 0);
    CHECK(p.country[0] == 0 && !strcmp(p.group, "ALQ") && p.nreligion == 1 && !strcmp(p.religion[0], "MOS") &&
          p.ntypes == 1 && !strcmp(p.types[0], "IMG"));
    CHECK_INT(dy_actor_split("IGOWSTNAT", 1, &p), 0);
    CHECK(!strcmp(p.country, "WST") && !strcmp(p.group, "NAT") && p.ntypes == 1 && !strcmp(p.types[0], "IGO"));
    CHECK_INT(dy_actor_split("IGOUNOREFHCR", 1, &p), 0);   /* the UN refugee agency */
    CHECK(!strcmp(p.group, "HCR") && p.ngroups == 2 && !strcmp(p.groups[0], "UNO") && p.ntypes == 2 && !strcmp(p.types[1], "REF"));
    CHECK_INT(dy_actor_split("IRQSHI", 0, &p), 0);
    CHECK(!strcmp(p.country, "IRQ") && p.nreligion == 1 && !strcmp(p.religion[0], "SHI") && !p.group[0]);
    CHECK_INT(dy_actor_split("GBRCON", 1, &p), 0);     /* the Conservative party, not Confucianism */
    CHECK(!strcmp(p.group, "CON") && p.nreligion == 0);
    CHECK_INT(dy_actor_split("GRCSYR", 1, &p), 0);     /* Syriza, not Syria */
    CHECK(!strcmp(p.country, "GRC") && !strcmp(p.group, "SYR"));
    CHECK_INT(dy_actor_split("MNCUSA", 0, &p), 0);
    CHECK(!strcmp(p.country, "USA") && p.ntypes == 1 && !strcmp(p.types[0], "MNC"));
    CHECK_INT(dy_actor_split("SHN", 0, &p), 0);        /* Saint Helena */
    CHECK(!strcmp(p.country, "SHN") && p.nreligion == 0);
    CHECK_INT(dy_actor_split("KUR", 0, &p), 0);
    CHECK(!strcmp(p.ethnic, "KUR"));
    CHECK_INT(dy_actor_split("USAGOVMIL", 0, &p), 0);
    CHECK(p.ntypes == 2 && !strcmp(p.types[0], "GOV") && !strcmp(p.types[1], "MIL"));
    CHECK_INT(dy_actor_split("---", 0, &p), -1);
    CHECK_INT(dy_actor_split("USAG", 0, &p), -1);
    CHECK_INT(dy_actor_split("usa", 0, &p), -1);
    CHECK_INT(dy_actor_split("", 0, &p), -1);
    CHECK_INT(dy_actor_split(NULL, 0, &p), -1);
    CHECK_INT(dy_actor_split("USAGOVMILUSAGOVMILUSAGOVMIL", 0, &p), -1);   /* more blocks than fit */
    char b[8];
    dy_actor_split("USAGOVMIL", 0, &p);
    CHECK_INT(dy_actor_join(&p, b, sizeof b), -1);     /* too small */
    p.ntypes = 1;
    char b2[32];
    CHECK_INT(dy_actor_join(&p, b2, sizeof b2), -1);   /* parts that do not match */
}

/* ------------------------------------------------------------ negation */

TEST(negation_honest)
{
    const dy_event_view *ev;
    int n = code1("n1", "China did not condemn Russia's invasion of Ukraine.", &ev);
    CHECK(find(ev, n, "111") == NULL);
    CHECK(find(ev, n, "11") == NULL);
    n = code1("n2", "Iran refused to meet the United States.", &ev);
    const dy_event_view *r = find(ev, n, "12");
    CHECK(r != NULL);
    if (r) { CHECK_STR(r->src_code, "IRN"); CHECK_STR(r->tgt_code, "USA"); CHECK_STR(r->mode, "asserted"); }
    n = code1("n3", "Russia did not meet Ukraine.", &ev);
    r = find(ev, n, "125");
    CHECK(r != NULL && find(ev, n, "04") == NULL);
    if (r) CHECK_STR(r->mode, "asserted");
    n = code1("n4", "Israel did not attack Iran.", &ev);
    CHECK(find(ev, n, "19") == NULL && find(ev, n, "18") == NULL);
    n = code1("n5", "Moscow denied attacking Ukrainian civilians.", &ev);
    r = find(ev, n, "016");
    CHECK(r != NULL && find(ev, n, "18") == NULL);
    if (r) { CHECK_STR(r->src_code, "RUSGOV"); CHECK_STR(r->mode, "asserted"); }
    n = code1("n6", "Russia denied that its troops attacked Ukrainian civilians.", &ev);
    r = find(ev, n, "016");
    CHECK(r != NULL && find(ev, n, "18") == NULL);
    if (r) CHECK_STR(r->src_code, "RUS");
    /* another's act denied: not the denier's 016 for it, and not the act either */
    n = code1("n6b", "Israel denied that Hamas attacked its soldiers.", &ev);
    CHECK(find(ev, n, "19") == NULL && find(ev, n, "18") == NULL);

    /* a negated act in a condition is no refusal: "if Somalia does not release" */
    n = code1("n6c", "Kenya will expel the envoy if Somalia does not release the Kenyan journalist.", &ev);
    CHECK(find(ev, n, "124") == NULL);

    /* with negated among the modes: the act's code, marked negated */
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    CHECK_INT(dy_parse_modes("asserted,future,reported,negated", &o.modes), 0);
    char err[512];
    dy_engine *e = dy_engine_new(&o, err, sizeof err);
    CHECK(e != NULL);
    if (!e) return;
    dy_worker *w = dy_worker_new(e);
    dy_doc *d = &DOC1;
    memset(d, 0, sizeof *d);
    d->id = "n7"; d->text = "China did not condemn Russia's invasion of Ukraine."; d->len = strlen(d->text);
    n = dy_code_events(w, d, &ev);
    r = find(ev, n, "11");
    CHECK(r != NULL);
    if (r) CHECK_STR(r->mode, "negated");
    dy_worker_free(w);
    dy_engine_free(e);

    /* the CLI: the same by default */
    const char *in = tmpfile_with("neg.txt", "China did not condemn Russia's invasion of Ukraine.\n");
    char a[2048];
    snprintf(a, sizeof a, "code --date 2024-05-16 '%s'", in);
    CHECK_INT(h_run_to(h_path("neg.out"), "@ %s", a), 0);
    size_t len;
    char *out = h_slurp(h_path("neg.out"), &len);
    CHECK(out && strstr(out, "\"cameo\": \"111\"") == NULL);
    free(out);
    snprintf(a, sizeof a, "code --modes all --date 2024-05-16 '%s'", in);
    CHECK_INT(h_run_to(h_path("neg2.out"), "@ %s", a), 0);
    out = h_slurp(h_path("neg2.out"), &len);
    CHECK(out && strstr(out, "\"mode\": \"negated\"") != NULL);
    free(out);
}

/* capitalised names that name no one (a disease, a holiday) are no unknown actor ("---") */
TEST(non_actor_names)
{
    const dy_event_view *ev;
    int n = code1("na1", "France announced more funding to fight the Ebola outbreak in Guinea.", &ev);
    const dy_event_view *r = find(ev, n, "033");
    CHECK(r != NULL);
    if (r) CHECK_STR(r->tgt_code, "GIN");
    for (int i = 0; i < n; i++) CHECK(!ev[i].tgt_code || strcmp(ev[i].tgt_code, "---") != 0);
    n = code1("na2", "The White House threatened to suspend US aid over Covid-19.", &ev);
    for (int i = 0; i < n; i++) CHECK(!ev[i].tgt_code || strcmp(ev[i].tgt_code, "---") != 0);
    /* an unknown name that may be someone still is one */
    n = code1("na3", "Police arrested Vashkov in Minsk.", &ev);
    r = find(ev, n, "173");
    CHECK(r != NULL);
    if (r) CHECK_STR(r->tgt_code, "---");
}

/* ------------------------------------------------------------ fingerprint */

TEST(version_and_fingerprint)
{
    const char *fp = dy_engine_fingerprint(ENG);
    CHECK(fp && strlen(fp) == 16);
    CHECK_STR(dy_version(), DYAD_VERSION);
    char a[2048];
    CHECK_INT(h_run_to(h_path("v.out"), "@ --version"), 0);
    size_t n;
    char *out = h_slurp(h_path("v.out"), &n);
    char want[128];
    snprintf(want, sizeof want, "dyad %s\ndictionary fingerprint %s\n", DYAD_VERSION, fp);
    CHECK(out && !strcmp(out, want));
    free(out);
    CHECK_INT(h_run_to(h_path("d.out"), "@ dicts"), 0);
    out = h_slurp(h_path("d.out"), &n);
    CHECK(out && strstr(out, fp) != NULL);
    free(out);
    /* another dictionary file: another fingerprint; the same one again: the same */
    const char *extra = tmpfile_with("extra.txt", "group GBRXYZ  Xyzzy Party\n");
    snprintf(a, sizeof a, "--version --dict '%s'", extra);
    CHECK_INT(h_run_to(h_path("v2.out"), "@ %s", a), 0);
    out = h_slurp(h_path("v2.out"), &n);
    CHECK(out && strstr(out, "dictionary fingerprint ") && !strstr(out, fp));
    char *again = NULL;
    if (h_run_to(h_path("v3.out"), "@ %s", a) == 0) again = h_slurp(h_path("v3.out"), &n);
    CHECK(out && again && !strcmp(out, again));
    free(out); free(again);
    CHECK_INT(h_run_to(h_path("v4.out"), "@ --version --bogus"), 2);
}

int main(int argc, char **argv)
{
    if (h_cli_init(argv[0], "record")) return 1;
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    char err[512];
    ENG = dy_engine_new(&o, err, sizeof err);
    if (!ENG) { fprintf(stderr, "cannot load the engine: %s\n", err); return 1; }
    W = dy_worker_new(ENG);
    RUN(jsonl_provenance_every_field_every_event);
    RUN(tsv_same_fields_and_ids);
    RUN(view_fields_and_id_rules);
    RUN(places_regions_and_country_points);
    RUN(region_files_bad_lines_named);
    RUN(every_actor_code_rebuilt_from_its_parts);
    RUN(split_examples);
    RUN(negation_honest);
    RUN(non_actor_names);
    RUN(version_and_fingerprint);
    dy_worker_free(W);
    dy_engine_free(ENG);
    h_cleanup();
    return DONE();
}
