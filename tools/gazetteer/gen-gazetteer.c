/* gen-gazetteer.c: writes dyad's gazetteer (data/places/cities.tsv,
 * admin1.tsv, countries.tsv) from the GeoNames city list compiled into
 * Debian's libgeonames (CC BY 4.0), the ISO 3166-1 table of Debian's
 * iso-codes (alpha-2 -> alpha-3) and the FIPS 10-4 / GEC country codes of
 * Debian's ruby-countries (the `gec` field of its per-country YAML files).
 *
 * It lives in tools/gazetteer/ and not in tools/ because it needs glib and
 * libgeonames, which the normal build (and CI) does not have: the generated
 * files are checked in, and only someone refreshing them needs the packages.
 *
 *   apt-get install -y libgeonames-dev libcjson-dev iso-codes ruby-countries
 *   make gazetteer
 *
 * cities.tsv: a commented header, then one line per city, most populous first:
 *   name, country, admin1, lat, lon, population, geonameid, admin1 code
 * country is the CAMEO country code dyad's actor dictionary uses
 * (data/actors/countries.txt): ISO alpha-3 except ROM (Romania), TMP
 * (East Timor), MTN (Montenegro), KSV (Kosovo), IMY (Isle of Man), and the
 * Palestinian cities of the Gaza Strip (GZS) and the West Bank (WSB).  The
 * geonameid and the admin1 code are the GeoNames fields of the city record.
 *
 * admin1.tsv: one line per first-level region that has a city in the list:
 *   country, admin1 code, adm1, name, lat, lon, population
 * adm1 is the FIPS 10-4 country code + the GeoNames admin1 code, which is how
 * GDELT writes ADM1 codes (UP07 = Kharkiv oblast): GeoNames' admin1 codes are
 * FIPS 10-4 region codes except where its documentation says otherwise
 * (ISO codes for CH, BE, ME and US, an extra level for GB and GR, INSEE
 * regions for FR; PS's two regions, GZ and WE, are FIPS countries of their
 * own); those regions get no adm1 except the US, whose state
 * abbreviations are what GDELT writes.  lat/lon is the region's most populous
 * city; population the sum over its cities.
 *
 * countries.tsv: one line per country with a city:
 *   code, iso2, fips, name, lat, lon, point
 * the representative point is the capital (seat of government) where
 * data/actors/countries.txt names it in a `metonym XXXGOV` line and GeoNames
 * has that city in the country ("capital"), else the country's most populous
 * city ("largest city").  Never typed by hand: rerun to refresh.
 *
 * YAML: the two scalar keys needed (alpha2, gec) are read line by line; the
 * files are machine-written with one key per line, so a YAML library would
 * add a dependency for two fields. */
#include <geonames.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>
#include <dirent.h>

typedef struct { char a2[3], a3[4], fips[3]; char *name; } ccmap;
typedef struct { char *name, *admin1, *a1code; char cc[4]; char a2[3]; double lat, lon; unsigned pop; unsigned long id; } city;
typedef struct { char cc[4], a2[3]; char *code, *name; double lat, lon; unsigned long pop; unsigned best; } region;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fprintf(stderr, "gen-gazetteer: out of memory\n"); exit(1); }
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

/* copy s with tabs/newlines turned into spaces and outer spaces trimmed */
static char *clean(const char *s)
{
    if (!s) s = "";
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    char *o = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) o[i] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    o[n] = 0;
    return o;
}

static int by_pop(const void *a, const void *b)
{
    const city *x = a, *y = b;
    if (x->pop != y->pop) return x->pop < y->pop ? 1 : -1;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->cc, y->cc);
}

static int by_region(const void *a, const void *b)
{
    const region *x = a, *y = b;
    int c = strcmp(x->cc, y->cc);
    return c ? c : strcmp(x->code, y->code);
}

/* The string field i of a GeonamesCity record (sssssssudd: geonameid, name,
 * admin1 code, admin1 name, country code, country, timezone, ...). */
static const char *gv_str(GeonamesCity *g, int i)
{
    GVariant *v = g_variant_get_child_value(g, (gsize)i);
    const char *s = g_variant_get_string(v, NULL);   /* owned by g, which stays alive */
    g_variant_unref(v);
    return s;
}

/* FIPS 10-4 / GEC country codes from ruby-countries' YAML files ("  alpha2: UA", "  gec: UP"). */
static int load_fips(const char *dir, ccmap *map, int nm)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        char *t = slurp(path);
        if (!t) continue;
        char a2[3] = "", gec[3] = "";
        for (char *line = t; line && *line; ) {
            char *nl = strchr(line, '\n');
            if (nl) *nl = 0;
            char v[8];
            if (sscanf(line, "  alpha2: %7s", v) == 1 && strlen(v) == 2) memcpy(a2, v, 3);
            else if (sscanf(line, "  gec: %7s", v) == 1 && strlen(v) == 2 && isupper((unsigned char)v[0])) memcpy(gec, v, 3);
            line = nl ? nl + 1 : NULL;
        }
        free(t);
        for (int k = 0; a2[0] && gec[0] && k < nm; k++)
            if (!strcmp(map[k].a2, a2)) { memcpy(map[k].fips, gec, 3); n++; }
    }
    closedir(d);
    return n;
}

/* the capital names of data/actors/countries.txt: `metonym XXXGOV  Name; Name` */
typedef struct { char cc[4]; char *names; } capital;
static int load_capitals(const char *path, capital *out, int cap)
{
    char *t = slurp(path);
    if (!t) return -1;
    int n = 0;
    for (char *line = t; line && *line; ) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        char kind[16], code[16];
        int off = 0;
        if (n < cap && sscanf(line, "%15s %15s %n", kind, code, &off) == 2 && !strcmp(kind, "metonym") &&
            strlen(code) == 6 && !strcmp(code + 3, "GOV")) {
            char *h = strchr(line + off, '#');
            if (h) *h = 0;
            memcpy(out[n].cc, code, 3); out[n].cc[3] = 0;
            out[n].names = clean(line + off);
            n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(t);
    return n;
}

/* is city one of the ';'-separated names (ASCII case-insensitive), or that
 * name and more words ("Washington" for "Washington D.C.", "Kuwait" for
 * "Kuwait City")?  The caller takes the most populous such city. */
static int in_names(const char *names, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = names; *p; ) {
        while (*p == ' ' || *p == ';') p++;
        const char *e = strchr(p, ';');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        while (l && p[l - 1] == ' ') l--;
        if (l && l <= nl && !strncasecmp(p, name, l) && (l == nl || name[l] == ' ' || name[l] == ',')) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

static FILE *open_out(const char *dir, const char *name, char *tmp, size_t cap)
{
    snprintf(tmp, cap, "%s/%s.new", dir, name);
    FILE *f = fopen(tmp, "w");
    if (!f) { fprintf(stderr, "gen-gazetteer: cannot write %s\n", tmp); exit(1); }
    return f;
}

static void close_out(FILE *f, const char *tmp)
{
    if (fclose(f)) { fprintf(stderr, "gen-gazetteer: error writing %s\n", tmp); exit(1); }
    char final[4096];
    snprintf(final, sizeof final, "%.*s", (int)(strlen(tmp) - 4), tmp);
    if (rename(tmp, final)) { fprintf(stderr, "gen-gazetteer: cannot rename %s\n", tmp); exit(1); }
}

static const char HEAD[] =
    "# GENERATED FILE, do not edit: regenerate with tools/gazetteer/gen-gazetteer (see its header;\n"
    "# `make gazetteer`).  Source: GeoNames (geonames.org) city data as compiled into Debian's\n"
    "# libgeonames, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); country\n"
    "# codes via Debian's iso-codes (ISO 3166-1), mapped to the CAMEO codes of data/actors/;\n"
    "# FIPS 10-4 (GEC) country codes via Debian's ruby-countries.\n";

int main(int argc, char **argv)
{
    const char *iso = "/usr/share/iso-codes/json/iso_3166-1.json";
    const char *fipsdir = "/usr/share/rubygems-integration/all/gems/countries-3.0.0/lib/countries/data/countries";
    const char *actors = "data/actors/countries.txt", *outdir = "data/places";
    unsigned minpop = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min-pop") && i + 1 < argc) minpop = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--iso") && i + 1 < argc) iso = argv[++i];
        else if (!strcmp(argv[i], "--fips") && i + 1 < argc) fipsdir = argv[++i];
        else if (!strcmp(argv[i], "--countries") && i + 1 < argc) actors = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) outdir = argv[++i];
        else {
            fprintf(stderr, "usage: gen-gazetteer [--min-pop N] [--iso iso_3166-1.json] [--fips ruby-countries-dir]\n"
                            "                     [--countries data/actors/countries.txt] [--out data/places]\n");
            return 2;
        }
    }
    char *js = slurp(iso);
    if (!js) { fprintf(stderr, "gen-gazetteer: cannot read %s (apt-get install iso-codes)\n", iso); return 1; }
    cJSON *root = cJSON_Parse(js);
    cJSON *arr = root ? cJSON_GetObjectItem(root, "3166-1") : NULL;
    if (!cJSON_IsArray(arr)) { fprintf(stderr, "gen-gazetteer: %s: no \"3166-1\" array\n", iso); return 1; }
    int nmap = cJSON_GetArraySize(arr);
    ccmap *map = calloc((size_t)nmap + 8, sizeof *map);
    if (!map) { fprintf(stderr, "gen-gazetteer: out of memory\n"); return 1; }
    int nm = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const char *a2 = cJSON_GetStringValue(cJSON_GetObjectItem(it, "alpha_2"));
        const char *a3 = cJSON_GetStringValue(cJSON_GetObjectItem(it, "alpha_3"));
        if (!a2 || !a3 || strlen(a2) != 2 || strlen(a3) != 3) continue;
        memcpy(map[nm].a2, a2, 3); memcpy(map[nm].a3, a3, 4);
        nm++;
    }
    /* CAMEO's exceptions to ISO alpha-3, as in data/actors/countries.txt */
    static const char *const fix[][2] = { { "RO", "ROM" }, { "TL", "TMP" }, { "ME", "MTN" }, { "IM", "IMY" }, { "XK", "KSV" } };
    for (size_t f = 0; f < sizeof fix / sizeof fix[0]; f++) {
        int k;
        for (k = 0; k < nm && strcmp(map[k].a2, fix[f][0]); k++) {}
        if (k == nm) { memcpy(map[k].a2, fix[f][0], 3); nm++; }
        memcpy(map[k].a3, fix[f][1], 4);
    }
    int nfips = load_fips(fipsdir, map, nm);
    if (nfips < 0) { fprintf(stderr, "gen-gazetteer: cannot read %s (apt-get install ruby-countries)\n", fipsdir); return 1; }
    capital caps[512];
    int ncaps = load_capitals(actors, caps, 512);
    if (ncaps < 0) { fprintf(stderr, "gen-gazetteer: cannot read %s\n", actors); return 1; }

    int n = geonames_get_n_cities(), nc = 0, skipped = 0;
    city *cs = calloc((size_t)n + 1, sizeof *cs);
    if (!cs) { fprintf(stderr, "gen-gazetteer: out of memory\n"); return 1; }
    for (int i = 0; i < n; i++) {
        GeonamesCity *g = geonames_get_city(i);
        if (!g) continue;
        const char *a2 = geonames_city_get_country_code(g);
        unsigned pop = geonames_city_get_population(g);
        int k;
        for (k = 0; k < nm && (!a2 || strcmp(map[k].a2, a2)); k++) {}
        if (k == nm || pop < minpop || !geonames_city_get_name(g) || !*geonames_city_get_name(g)) {
            if (k == nm) fprintf(stderr, "gen-gazetteer: no alpha-3 code for \"%s\" (%s), skipped\n",
                                 a2 ? a2 : "", geonames_city_get_name(g));
            skipped++;
            geonames_city_free(g);
            continue;
        }
        city *c = &cs[nc++];
        c->name = clean(geonames_city_get_name(g));
        c->admin1 = clean(geonames_city_get_state(g));
        memcpy(c->cc, map[k].a3, 4);
        memcpy(c->a2, map[k].a2, 3);
        if (!map[k].name) map[k].name = clean(geonames_city_get_country(g));
        if (!strcmp(a2, "PS")) {
            if (!strcmp(c->admin1, "Gaza Strip")) memcpy(c->cc, "GZS", 4);
            else if (!strcmp(c->admin1, "West Bank")) memcpy(c->cc, "WSB", 4);
        }
        if (g_variant_is_of_type(g, G_VARIANT_TYPE("(sssssssudd)"))) {
            c->id = strtoul(gv_str(g, 0), NULL, 10);
            c->a1code = clean(gv_str(g, 2));
        } else c->a1code = clean("");
        c->lat = geonames_city_get_latitude(g);
        c->lon = geonames_city_get_longitude(g);
        c->pop = pop;
        geonames_city_free(g);
    }
    qsort(cs, (size_t)nc, sizeof *cs, by_pop);

    char tmp[4096];
    FILE *f = open_out(outdir, "cities.tsv", tmp, sizeof tmp);
    fprintf(f, "# dyad gazetteer: cities, most populous first (%d cities).\n%s", nc, HEAD);
    fprintf(f, "# Columns (TAB-separated): name, country, admin1, lat, lon, population, geonameid, admin1 code.\n");
    for (int i = 0; i < nc; i++) {
        city *c = &cs[i];
        fprintf(f, "%s\t%s\t%s\t%.4f\t%.4f\t%u\t%lu\t%s\n", c->name, c->cc, c->admin1, c->lat, c->lon, c->pop, c->id, c->a1code);
    }
    close_out(f, tmp);

    /* regions: cities are most populous first, so a region's first city is its point */
    region *rs = calloc((size_t)nc + 1, sizeof *rs);
    if (!rs) { fprintf(stderr, "gen-gazetteer: out of memory\n"); return 1; }
    int nr = 0;
    for (int i = 0; i < nc; i++) {
        city *c = &cs[i];
        if (!c->a1code[0] || !strcmp(c->a1code, "00") || !c->admin1[0]) continue;
        int k;
        for (k = nr - 1; k >= 0 && (strcmp(rs[k].cc, c->cc) || strcmp(rs[k].code, c->a1code)); k--) {}
        if (k < 0) {
            k = nr++;
            memcpy(rs[k].cc, c->cc, 4); memcpy(rs[k].a2, c->a2, 3);
            rs[k].code = c->a1code; rs[k].name = c->admin1; rs[k].lat = c->lat; rs[k].lon = c->lon;
        }
        rs[k].pop += c->pop;
    }
    qsort(rs, (size_t)nr, sizeof *rs, by_region);
    f = open_out(outdir, "admin1.tsv", tmp, sizeof tmp);
    fprintf(f, "# dyad gazetteer: first-level regions (GeoNames admin1) that hold a listed city (%d regions).\n%s", nr, HEAD);
    fprintf(f, "# Columns (TAB-separated): country, admin1 code, adm1 (FIPS 10-4 country + admin1 code, as GDELT\n"
               "# writes it; empty where GeoNames' admin1 codes are not FIPS: CH BE ME GB GR FR, and PS, whose\n"
               "# two regions are FIPS countries of their own), name, lat, lon\n"
               "# (its most populous city), population (summed over its cities).\n");
    static const char NOT_FIPS[] = "CH BE ME GB GR FR PS";
    for (int i = 0; i < nr; i++) {
        region *r = &rs[i];
        const char *fips = "";
        for (int k = 0; k < nm; k++) if (!strcmp(map[k].a2, r->a2)) { fips = map[k].fips; break; }
        char adm1[16] = "";
        if (fips[0] && !strstr(NOT_FIPS, r->a2)) snprintf(adm1, sizeof adm1, "%s%s", fips, r->code);
        fprintf(f, "%s\t%s\t%s\t%s\t%.4f\t%.4f\t%lu\n", r->cc, r->code, adm1, r->name, r->lat, r->lon, r->pop);
    }
    close_out(f, tmp);

    /* countries: the capital where our metonym line names it, else the most populous city */
    f = open_out(outdir, "countries.tsv", tmp, sizeof tmp);
    fprintf(f, "# dyad gazetteer: countries and territories with a listed city.\n%s", HEAD);
    fprintf(f, "# Columns (TAB-separated): code (CAMEO), iso2, fips (FIPS 10-4/GEC, empty when none), name,\n"
               "# lat, lon, point: \"capital\" (the seat of government named by a `metonym XXXGOV` line of\n"
               "# data/actors/countries.txt, located in GeoNames) or \"largest city\" (the most populous).\n");
    char (*seen)[4] = xmalloc(((size_t)nc + 1) * 4);
    int nseen = 0, ncap = 0;
    /* in code order: collect the distinct CAMEO codes first */
    for (int i = 0; i < nc; i++) {
        int k;
        for (k = 0; k < nseen && strcmp(seen[k], cs[i].cc); k++) {}
        if (k == nseen) memcpy(seen[nseen++], cs[i].cc, 4);
    }
    qsort(seen, (size_t)nseen, 4, (int (*)(const void *, const void *))strcmp);
    for (int s = 0; s < nseen; s++) {
        const char *cc = seen[s];
        const city *best = NULL, *cap = NULL;
        const char *names = NULL;
        for (int k = 0; k < ncaps; k++) if (!strcmp(caps[k].cc, cc)) { names = caps[k].names; break; }
        for (int i = 0; i < nc; i++) {
            if (strcmp(cs[i].cc, cc)) continue;
            if (!best) best = &cs[i];
            if (names && !cap && in_names(names, cs[i].name)) cap = &cs[i];
        }
        const city *pt = cap ? cap : best;
        ncap += cap != NULL;
        const ccmap *m = NULL;
        for (int k = 0; k < nm; k++) if (!strcmp(map[k].a2, best->a2)) { m = &map[k]; break; }
        const char *name = m && m->name ? m->name : "";
        const char *fips = m ? m->fips : "";
        /* GeoNames' two Palestinian admin1 regions carry the FIPS codes of the Gaza Strip and the
         * West Bank (GZ, WE) as their admin1 codes; ruby-countries has only one code for PS */
        if (!strcmp(cc, "GZS") || !strcmp(cc, "WSB")) fips = best->a1code;
        if (!strcmp(cc, "GZS")) name = "Gaza Strip";
        else if (!strcmp(cc, "WSB")) name = "West Bank";
        fprintf(f, "%s\t%s\t%s\t%s\t%.4f\t%.4f\t%s\n", cc, best->a2, fips, name, pt->lat, pt->lon,
                cap ? "capital" : "largest city");
    }
    close_out(f, tmp);
    fprintf(stderr, "gen-gazetteer: %d cities written, %d skipped; %d regions; %d countries (%d with a capital), "
                    "%d FIPS codes\n", nc, skipped, nr, nseen, ncap, nfips);
    free(seen);
    cJSON_Delete(root);
    free(js);
    return 0;
}
