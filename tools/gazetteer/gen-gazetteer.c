/* gen-gazetteer.c: writes data/places/cities.tsv, dyad's city gazetteer, from
 * the GeoNames city list compiled into Debian's libgeonames (CC BY 4.0) and
 * the ISO 3166-1 table of Debian's iso-codes (alpha-2 -> alpha-3).
 *
 * It lives in tools/gazetteer/ and not in tools/ because it needs glib and
 * libgeonames, which the normal build (and CI) does not have: the generated
 * file is checked in, and only someone refreshing it needs the packages.
 *
 *   apt-get install -y libgeonames-dev libcjson-dev iso-codes
 *   cc -std=c11 -O2 -Wall -Wextra -o build/gen-gazetteer tools/gazetteer/gen-gazetteer.c \
 *      $(pkg-config --cflags --libs geonames libcjson)
 *   build/gen-gazetteer > data/places/cities.tsv
 *
 * Output: a commented header, then one line per city, most populous first:
 *   name <TAB> country <TAB> admin1 <TAB> lat <TAB> lon <TAB> population
 * country is the CAMEO country code dyad's actor dictionary uses
 * (data/actors/countries.txt): ISO alpha-3 except ROM (Romania), TMP
 * (East Timor), MTN (Montenegro), KSV (Kosovo), IMY (Isle of Man), and the
 * Palestinian cities of the Gaza Strip (GZS) and the West Bank (WSB). */
#include <geonames.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char a2[3], a3[4]; } ccmap;
typedef struct { char *name, *admin1; char cc[4]; double lat, lon; unsigned pop; } city;

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
    char *o = malloc(n + 1);
    if (!o) { fprintf(stderr, "gen-gazetteer: out of memory\n"); exit(1); }
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

int main(int argc, char **argv)
{
    const char *iso = "/usr/share/iso-codes/json/iso_3166-1.json";
    unsigned minpop = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min-pop") && i + 1 < argc) minpop = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--iso") && i + 1 < argc) iso = argv[++i];
        else { fprintf(stderr, "usage: gen-gazetteer [--min-pop N] [--iso iso_3166-1.json] > cities.tsv\n"); return 2; }
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
        if (!strcmp(a2, "PS")) {
            if (!strcmp(c->admin1, "Gaza Strip")) memcpy(c->cc, "GZS", 4);
            else if (!strcmp(c->admin1, "West Bank")) memcpy(c->cc, "WSB", 4);
        }
        c->lat = geonames_city_get_latitude(g);
        c->lon = geonames_city_get_longitude(g);
        c->pop = pop;
        geonames_city_free(g);
    }
    qsort(cs, (size_t)nc, sizeof *cs, by_pop);
    printf("# dyad gazetteer: cities, most populous first (%d cities).\n", nc);
    printf("# GENERATED FILE, do not edit: regenerate with tools/gazetteer/gen-gazetteer (see its header;\n");
    printf("# `make gazetteer`).  Source: GeoNames (geonames.org) city data as compiled into Debian's\n");
    printf("# libgeonames, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); country\n");
    printf("# codes via Debian's iso-codes (ISO 3166-1), mapped to the CAMEO codes of data/actors/.\n");
    printf("# Columns (TAB-separated): name, country, admin1, lat, lon, population.\n");
    for (int i = 0; i < nc; i++) {
        city *c = &cs[i];
        printf("%s\t%s\t%s\t%.4f\t%.4f\t%u\n", c->name, c->cc, c->admin1, c->lat, c->lon, c->pop);
    }
    fprintf(stderr, "gen-gazetteer: %d cities written, %d skipped\n", nc, skipped);
    cJSON_Delete(root);
    free(js);
    return 0;
}
