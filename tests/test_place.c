/* test_place.c: event places (src/place) from the gazetteer in data/places:
 * cities after a preposition of place, countries, aliases, datelines, words
 * that are city names but not places here, and loader errors. */
#include "harness.h"
#include "dyad.h"
#include "place/place.h"

static dy_engine *E;
static dy_worker *W;

/* Code text; return the first event of sentence sent (NULL when none). */
static const dy_event_view *event_of(const char *text, int sent, int *nev)
{
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t"; d.text = text; d.len = strlen(text);
    memcpy(d.date, "2024-05-16", 11);
    const dy_event_view *ev;
    int n = dy_code_events(W, &d, &ev);
    if (nev) *nev = n;
    for (int i = 0; i < n; i++) if (ev[i].sent == sent) return &ev[i];
    fprintf(stderr, "  no event in sentence %d of: %s\n", sent, text);
    return NULL;
}

static int near(double a, double b) { return a > b - 0.2 && a < b + 0.2; }

static int span_is(const char *text, size_t s, size_t e, const char *want)
{
    return e - s == strlen(want) && memcmp(text + s, want, e - s) == 0;
}

TEST(city_after_in)
{
    const char *t = "Putin met Xi in Beijing.";
    const dy_event_view *v = event_of(t, 0, NULL);
    CHECK(v != NULL);
    if (!v) return;
    CHECK(v->has_place);
    CHECK_STR(v->place_country, "CHN");
    CHECK_STR(v->place_name, "Beijing");
    CHECK(near(v->place_lat, 39.9) && near(v->place_lon, 116.4));
    CHECK(span_is(t, v->place_start, v->place_end, "Beijing"));
}

TEST(city_after_near)
{
    const char *t = "Russian forces shelled Ukrainian troops near Kharkiv on Sunday.";
    const dy_event_view *v = event_of(t, 0, NULL);
    CHECK(v != NULL);
    if (!v) return;
    CHECK(v->has_place);
    CHECK_STR(v->place_country, "UKR");
    CHECK_STR(v->place_name, "Kharkiv");
    CHECK(near(v->place_lat, 49.98) && near(v->place_lon, 36.25));
    /* "the city of X" needs no preposition */
    v = event_of("Russian forces attacked the Ukrainian city of Kharkiv.", 0, NULL);
    CHECK(v && v->place_name && !strcmp(v->place_name, "Kharkiv"));
}

TEST(country_only)
{
    const char *t = "The protesters rallied in Ukraine against Russia.";
    const dy_event_view *v = event_of(t, 0, NULL);
    CHECK(v != NULL);
    if (!v) return;
    CHECK(v->has_place);
    CHECK_STR(v->place_country, "UKR");
    CHECK(v->place_name == NULL);
    CHECK(span_is(t, v->place_start, v->place_end, "Ukraine"));
    /* a country used as a noun modifier is not a place */
    v = event_of("Despite its neutrality in the Ukraine conflict, China praised Russia.", 0, NULL);
    CHECK(v && !v->has_place);
}

TEST(dateline)
{
    const char *t = "KYIV, March 3 (Reuters) - The Ukrainian army said on Sunday it was ready.\n"
                    "Ukraine accused Russia of attacking civilians.\n";
    int n;
    const dy_event_view *v = event_of(t, 1, &n);
    CHECK(v != NULL);
    if (!v) return;
    CHECK(v->has_place);
    CHECK_STR(v->place_country, "UKR");
    CHECK_STR(v->place_name, "Kyiv");
    CHECK(span_is(t, v->place_start, v->place_end, "KYIV"));
    /* a place in the sentence beats the dateline */
    t = "MOSCOW (Reuters) - Putin met Xi in Beijing.";
    v = event_of(t, 0, NULL);
    CHECK(v && v->place_name && !strcmp(v->place_name, "Beijing"));
    t = "MOSCOW (Reuters) - Russia accused Ukraine of attacking civilians.";
    v = event_of(t, 0, NULL);
    CHECK(v && v->place_name && !strcmp(v->place_name, "Moscow"));
    /* a capitalised first word that is a city is no dateline without the dateline's punctuation */
    v = event_of("Mobile phones showed Russia attacking Ukraine.", 0, NULL);
    if (v) CHECK(!v->has_place);
}

TEST(common_words_are_not_places)
{
    const dy_event_view *v;
    /* "Nice", "Mobile", "Reading" are cities, but not here */
    v = event_of("Russia accused Ukraine of attacking civilians, a Nice official said.", 0, NULL);
    CHECK(v && !v->has_place);
    v = event_of("Mobile units of the Russian army attacked Ukrainian troops.", 0, NULL);
    CHECK(v && !v->has_place);
    v = event_of("Putin praised Xi in a nice speech.", 0, NULL);
    CHECK(v && !v->has_place);
    /* a month after "in" ("March" is also a town in England) */
    v = event_of("Russia accused Ukraine in March of attacking civilians.", 0, NULL);
    CHECK(v && !v->has_place);
    /* part of a longer name */
    v = event_of("Putin praised Xi at Moscow State University.", 0, NULL);
    CHECK(v && !v->has_place);
}

TEST(alias)
{
    const char *t = "Officials in Kiev condemned Moscow.";
    const dy_event_view *v = event_of(t, 0, NULL);
    CHECK(v != NULL);
    if (!v) return;
    CHECK_STR(v->place_name, "Kyiv");
    CHECK_STR(v->place_country, "UKR");
    CHECK(span_is(t, v->place_start, v->place_end, "Kiev"));
}

TEST(no_place)
{
    const dy_event_view *v = event_of("Russia accused Ukraine of attacking civilians.", 0, NULL);
    CHECK(v != NULL);
    if (!v) return;
    CHECK(!v->has_place);
    CHECK(v->place_country == NULL && v->place_name == NULL);
}

TEST(ambiguous_names)
{
    const dy_event_view *v;
    /* the most populous Tripoli is in Libya */
    v = event_of("Putin met Xi in Tripoli.", 0, NULL);
    CHECK(v && v->place_country && !strcmp(v->place_country, "LBY"));
    /* ... unless the sentence names Lebanon, or ", Lebanon" follows */
    v = event_of("Lebanese troops attacked gunmen in Tripoli.", 0, NULL);
    CHECK(v && v->place_country && !strcmp(v->place_country, "LBN"));
    v = event_of("Putin met Xi in Tripoli, Lebanon.", 0, NULL);
    CHECK(v && v->place_country && !strcmp(v->place_country, "LBN"));
    /* a small namesake never wins: an American story in Paris is in France */
    v = event_of("American officials in Paris criticised Russia.", 0, NULL);
    CHECK(v && v->place_country && !strcmp(v->place_country, "FRA"));
}

TEST(output_formats)
{
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t";
    d.text = "Putin met Xi in Beijing.\nRussia accused Ukraine of attacking civilians.\n";
    d.len = strlen(d.text);
    dy_buf out;
    dy_buf_init(&out);
    dy_stats st;
    memset(&st, 0, sizeof st);
    int n = dy_code_doc(W, &d, DY_OUT_JSONL, 0, 0, &out, &st);
    CHECK(n >= 2);
    char *l2 = out.p ? strchr(out.p, '\n') : NULL;
    CHECK(l2 != NULL);
    if (l2) {
        CHECK(strstr(out.p, "\"place\": {\"country\": \"CHN\", \"name\": \"Beijing\"") != NULL);
        CHECK(strstr(out.p, "\"place\"") < l2);
        CHECK(strstr(l2, "\"place\"") == NULL);   /* written only when known */
    }
    dy_buf_free(&out);
    dy_buf_init(&out);
    n = dy_code_doc(W, &d, DY_OUT_TSV, 0, 0, &out, &st);
    CHECK(n >= 2);
    /* every row has as many columns as the header */
    int hcols = 1;
    for (const char *p = dy_tsv_header(); *p; p++) hcols += *p == '\t';
    CHECK(strstr(dy_tsv_header(), "\tplace_country\tplace_name\tplace_admin1\tplace_lat\tplace_lon\tplace_start\tplace_end\t") != NULL);
    int cols = 1, rows = 0;
    for (size_t i = 0; out.p && i < out.len; i++) {
        if (out.p[i] == '\t') cols++;
        else if (out.p[i] == '\n') { CHECK_INT(cols, hcols); cols = 1; rows++; }
    }
    CHECK_INT(rows, n);
    CHECK(out.p && strstr(out.p, "\tCHN\tBeijing\tBeijing Municipality\t39.9") != NULL);
    dy_buf_free(&out);
}

static const char *tmpfile_with(const char *name, const char *content)
{
    static char path[4][256];
    static int k;
    char *p = path[k++ & 3];
    snprintf(p, 256, "/tmp/dyad-test-place-%d-%s", (int)getpid(), name);
    FILE *f = fopen(p, "w");
    if (!f) return NULL;
    fputs(content, f);
    fclose(f);
    return p;
}

/* Does a gazetteer of this one line fail to load, the error naming field? */
static int gazetteer_line_rejected(const char *name, const char *line, const char *field)
{
    dy_gazetteer g;
    memset(&g, 0, sizeof g);
    char err[512] = "";
    int rc = dy_gazetteer_load_files(&g, tmpfile_with(name, line), NULL, NULL, err, sizeof err);
    dy_gazetteer_free(&g);
    return rc == -1 && strstr(err, field) != NULL;
}

TEST(loader_errors)
{
    char err[512];
    dy_gazetteer g;
    const char *c = tmpfile_with("cities.tsv", "# comment\nAlpha\tAAA\tOne\t10.5\t20.25\t5000\nBeta\tAAA\t12.0\t1.0\t7\n");
    CHECK(c != NULL);
    if (!c) return;
    err[0] = 0;
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), -1);
    char want[300];
    snprintf(want, sizeof want, "%s:3:", c);
    CHECK(strstr(err, want) == err);
    CHECK(strstr(err, "6 or 8 TAB-separated fields") != NULL);
    dy_gazetteer_free(&g);
    c = tmpfile_with("cities2.tsv", "Alpha\tAAA\tOne\t100.5\t20.25\t5000\n");
    err[0] = 0;
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:1:", c);
    CHECK(strstr(err, want) == err && strstr(err, "latitude") != NULL);
    dy_gazetteer_free(&g);
    /* population and geonameid: digits only, at most 2^32 - 1 (signs, spaces, overflow are errors) */
    static const char *const badnum[] = { "-5", "+5", " 5", "5x", "", "4294967296", "99999999999999999999999" };
    for (size_t i = 0; i < sizeof badnum / sizeof *badnum; i++) {
        char line[200];
        snprintf(line, sizeof line, "Alpha\tAAA\tOne\t10.5\t20.25\t%s\n", badnum[i]);
        CHECK(gazetteer_line_rejected("citiesn.tsv", line, "population"));
        snprintf(line, sizeof line, "Alpha\tAAA\tOne\t10.5\t20.25\t5\t%s\tX1\n", badnum[i]);
        CHECK(gazetteer_line_rejected("citiesg.tsv", line, "geonameid"));
    }
    c = tmpfile_with("citiesm.tsv", "Alpha\tAAA\tOne\t10.5\t20.25\t4294967295\t4294967295\tX1\n");
    CHECK_INT(dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err), 0);
    const dy_city *m = dy_gazetteer_city(&g, "Alpha", NULL);
    CHECK(m && m->pop == 4294967295u && m->geonameid == 4294967295u && !strcmp(m->admin1_code, "X1"));
    dy_gazetteer_free(&g);
    /* a good file, and an alias whose target is not in it */
    c = tmpfile_with("cities3.tsv", "Alpha\tAAA\tOne\t10.5\t20.25\t5000\nAlpha\tBBB\t\t-1.5\t-2\t900000\n");
    const char *a = tmpfile_with("aliases.txt", "# aliases\nalias AAA Alpha = Alfa; Alpha Town\nalias AAA Gamma = Gama\n");
    err[0] = 0;
    CHECK_INT(dy_gazetteer_load_files(&g, c, a, NULL, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:3:", a);
    CHECK(strstr(err, want) == err && strstr(err, "Gamma") != NULL);
    dy_gazetteer_free(&g);
    a = tmpfile_with("aliases2.txt", "alias AAA Alpha = Alfa; Alpha Town\nstop Beta\n");
    CHECK_INT(dy_gazetteer_load_files(&g, c, a, NULL, err, sizeof err), 0);
    const dy_city *x = dy_gazetteer_city(&g, "alfa", NULL);
    CHECK(x && !strcmp(x->country, "AAA") && x->lat == 10.5 && x->lon == 20.25 && x->pop == 5000);
    x = dy_gazetteer_city(&g, "Alpha", NULL);   /* the most populous first */
    CHECK(x && !strcmp(x->country, "BBB") && x->lat == -1.5);
    x = dy_gazetteer_city(&g, "Alpha", "AAA");
    CHECK(x && !strcmp(x->country, "AAA"));
    CHECK(dy_gazetteer_city(&g, "Delta", NULL) == NULL);
    dy_gazetteer_free(&g);
    a = tmpfile_with("aliases3.txt", "alias Alpha = Alfa\n");
    err[0] = 0;
    CHECK_INT(dy_gazetteer_load_files(&g, c, a, NULL, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:1:", a);
    CHECK(strstr(err, want) == err);
    dy_gazetteer_free(&g);
    CHECK_INT(dy_gazetteer_load_files(&g, "/nonexistent/cities.tsv", NULL, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/cities.tsv") != NULL);
    dy_gazetteer_free(&g);
    /* a data directory without places/ is not an error: no places */
    CHECK_INT(dy_gazetteer_load(&g, "/nonexistent", err, sizeof err), 0);
    CHECK(dy_gazetteer_city(&g, "Paris", NULL) == NULL);
    dy_gazetteer_free(&g);
}

TEST(shipped_gazetteer)
{
    char err[512];
    dy_gazetteer g;
    CHECK_INT(dy_gazetteer_load(&g, "data", err, sizeof err), 0);
    CHECK(g.ncity > 20000);
    const dy_city *x = dy_gazetteer_city(&g, "Kyiv", NULL);
    CHECK(x && !strcmp(x->country, "UKR"));
    x = dy_gazetteer_city(&g, "Bucharest", NULL);   /* CAMEO's code for Romania */
    CHECK(x && !strcmp(x->country, "ROM"));
    x = dy_gazetteer_city(&g, "Gaza City", NULL);
    CHECK(x && !strcmp(x->country, "GZS"));
    dy_gazetteer_free(&g);
}

int main(void)
{
    dy_options o;
    memset(&o, 0, sizeof o);
    char err[512];
    E = dy_engine_new(&o, err, sizeof err);
    if (!E) { fprintf(stderr, "engine: %s\n", err); printf("0 passed, 1 failed, 0 skipped\n"); return 1; }
    W = dy_worker_new(E);
    RUN(city_after_in);
    RUN(city_after_near);
    RUN(country_only);
    RUN(dateline);
    RUN(common_words_are_not_places);
    RUN(alias);
    RUN(no_place);
    RUN(ambiguous_names);
    RUN(output_formats);
    RUN(loader_errors);
    RUN(shipped_gazetteer);
    dy_worker_free(W);
    dy_engine_free(E);
    return DONE();
}
