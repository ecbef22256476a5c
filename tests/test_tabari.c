/* test_tabari.c: TABARI compatibility (src/compat/tabari.c, src/eval/eval_tabari.c).
 * Loader counts on every TABARI dictionary in ../shared, malformed input,
 * small coding cases on our own dictionaries, and the Validate.text score
 * floor (>= 0.90 of event records exact, >= 0.90 of no-event records). */
#include "harness.h"
#include <time.h>
#include "compat/tabari.h"
#include "eval/eval.h"

static const char *tmpfile_with(const char *name, const char *body)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/dyad_test_tabari_%d_%s", (int)getpid(), name);
    FILE *f = fopen(path, "w");
    if (!f) return NULL;
    fputs(body, f); fclose(f);
    return path;
}

/* Expected counts were established independently with awk over the files:
 *   actors/agents: lines up to "~~", minus blank lines, '#'/';' comment lines,
 *     lines inside <NOUN>/<ADJECTIVE>, and lines whose first non-blank
 *     character is '[' (code-only lines): i.e. one per name or +synonym.
 *   verbs: outside <SYNSETS>/<TIME>, non-blank non-'#' lines not starting
 *     with '-' or '{'; patterns: lines starting with '-'; forms: words in
 *     { } lines; synsets/members: '&'/'+' lines in <SYNSETS>; times: lines
 *     in <TIME>. */
TEST(counts)
{
    const char *sh = shared_dir();
    if (!sh) SKIP("../shared absent");
    struct { const char *file; int actors, agents, nouns, adj, verbs, patterns, forms, syn, mem, times; } C[] = {
        { "dictionaries/tabari/CAMEO.091003.master.verbs", 0, 0, 0, 0, 1216, 15582, 0, 0, 0, 0 },
        { "dictionaries/tabari/CountryInfo.120116.actors", 24279, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
        { "dictionaries/tabari/Internatnl.120521.actors", 7487, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
        { "dictionaries/tabari/PSU.120522.agents", 0, 2131, 0, 0, 0, 0, 0, 0, 0, 0 },
        { "eval/tabari/TABARI.Demo.actors", 125, 0, 8, 5, 0, 0, 0, 0, 0, 0 },
        { "eval/tabari/TABARI.Demo.verbs", 0, 0, 0, 0, 283, 407, 6, 5, 23, 12 },
        { "eval/tabari/Validate.agents", 0, 86, 0, 0, 0, 0, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        char path[512], err[512]; dy_tabari_counts c;
        snprintf(path, sizeof path, "%s/%s", sh, C[i].file);
        CHECK_INT(dy_tabari_count_file(path, &c, err, sizeof err), 0);
        CHECK_INT(c.actors, C[i].actors); CHECK_INT(c.agents, C[i].agents);
        CHECK_INT(c.nouns, C[i].nouns); CHECK_INT(c.adjectives, C[i].adj);
        CHECK_INT(c.verbs, C[i].verbs); CHECK_INT(c.patterns, C[i].patterns);
        CHECK_INT(c.forms, C[i].forms); CHECK_INT(c.synsets, C[i].syn);
        CHECK_INT(c.members, C[i].mem); CHECK_INT(c.times, C[i].times);
    }
}

TEST(full_verbs_fast)
{
    const char *sh = shared_dir();
    if (!sh) SKIP("../shared absent");
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/dictionaries/tabari/CAMEO.091003.master.verbs", sh);
    dy_tabari *t = dy_tabari_new();
    CHECK(t != NULL);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int n = dy_tabari_load_verbs(t, path, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    CHECK(n > 16000);              /* roots + patterns, minus a few malformed lines */
    const char *first = NULL;
    int bad = dy_tabari_skipped(t, &first);
    CHECK(bad > 0 && bad < 50);    /* the file has a few typos, e.g. "{ WAS | WERE ]" */
    CHECK(first && strstr(first, "CAMEO.091003.master.verbs:") != NULL);
    CHECK(ms < 400);               /* ~12 ms at -O2; generous for sanitizer builds */
    dy_tabari_free(t);
}

TEST(malformed)
{
    char err[512];
    dy_tabari *t = dy_tabari_new();
    CHECK(dy_tabari_load_verbs(t, "/nonexistent/x.verbs", err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/x.verbs:") != NULL);
    const char *p = tmpfile_with("bad.verbs", "- * ORPHAN [010]\nGOOD [020]\n- * { OPEN | ALT [030]\n- NOSTAR [040]\n&\n");
    CHECK(p != NULL);
    CHECK_INT(dy_tabari_load_verbs(t, p, err, sizeof err), 1);
    const char *first = NULL;
    CHECK_INT(dy_tabari_skipped(t, &first), 4);
    CHECK(first && strstr(first, ":1:1: pattern before any verb") != NULL);
    p = tmpfile_with("bad.actors", "NOCODE\nA_B [XYZ 9913-0101]\nGOOD [GOO]\n");
    CHECK_INT(dy_tabari_load_actor_file(t, p, 0, err, sizeof err), 1);
    CHECK_INT(dy_tabari_skipped(t, NULL), 7);   /* 4 verbs lines + NOCODE, the bad date, A_B without a code */
    dy_tabari_free(t);
    unlink(p);
}

static int code1(dy_tabari *t, const char *text, char *out, size_t cap)
{
    dy_tabari_event ev[8]; int n = 0;
    int rc = dy_tabari_code(t, text, 20000101, ev, 8, &n);
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s/%s/%s", i ? ";" : "", ev[i].src, ev[i].tgt, ev[i].code);
    }
    return rc;
}

/* Our own tiny dictionaries (written here, not copied). */
TEST(coding)
{
    char err[512], got[256];
    dy_tabari *t = dy_tabari_new();
    const char *a = tmpfile_with("t.actors", "NORLAND [NRL]\nSUDRIA [SDR]\nWESTMARK\n+WEST_MARK\n\t[WMK <990101]\n\t[WMKGOV]\nBADLAND [###]\n");
    CHECK(dy_tabari_load_actor_file(t, a, 0, err, sizeof err) == 5);
    const char *g = tmpfile_with("t.agents", "MINISTER_ [~GOV]\n");
    CHECK(dy_tabari_load_actor_file(t, g, 1, err, sizeof err) == 1);
    const char *v = tmpfile_with("t.verbs", "<SYNSETS>\n&AID\n+GRAIN\n+MONEY\n</SYNSETS>\nPRAISE [051]\nSEND [---]\n- * &AID [071]\n- * TROOPS [182:183]\nMEET_ [040]\n");
    CHECK_INT(dy_tabari_load_verbs(t, v, err, sizeof err), 5);   /* 3 roots + 2 patterns */
    dy_tabari_option(t, "SET: MINIMUM WORDS = 3", err, sizeof err);
    CHECK_INT(code1(t, "Norland praised Sudria on Monday.", got, sizeof got), DY_TB_EVENTS);
    CHECK_STR(got, "NRL/SDR/051");
    CHECK_INT(code1(t, "Norland's minister sends grain to Sudria.", got, sizeof got), DY_TB_EVENTS);
    CHECK_STR(got, "NRLGOV/SDR/071");
    CHECK_INT(code1(t, "Norland sends troops to Sudria.", got, sizeof got), DY_TB_EVENTS);
    CHECK_STR(got, "NRL/SDR/182;SDR/NRL/183");
    CHECK_INT(code1(t, "Norland sends letters to Sudria.", got, sizeof got), DY_TB_NOEVENT);   /* null-coded verb */
    CHECK_INT(code1(t, "Sudria was praised by Norland on Monday.", got, sizeof got), DY_TB_EVENTS);
    CHECK_STR(got, "NRL/SDR/051");   /* passive */
    CHECK_INT(code1(t, "West Mark praised Sudria on Monday.", got, sizeof got), DY_TB_EVENTS);
    CHECK_STR(got, "WMKGOV/SDR/051");   /* synonym, dated code after 1999 */
    CHECK_INT(code1(t, "Norland and Sudria meet today in Westmark.", got, sizeof got), DY_TB_EVENTS);
    CHECK_INT(code1(t, "Badland praised Sudria on Monday.", got, sizeof got), DY_TB_DISCARD);
    dy_tabari_free(t);
    unlink(a); unlink(g); unlink(v);
}

TEST(validate_floor)
{
    const char *sh = shared_dir();
    if (!sh) SKIP("../shared absent");
    char suite[512];
    snprintf(suite, sizeof suite, "%s/eval/tabari/Validate.text", sh);
    FILE *out = tmpfile();
    CHECK(out != NULL);
    if (!out) return;
    dy_eval_opts o; memset(&o, 0, sizeof o);
    o.suite = suite; o.quiet = 1;
    CHECK_INT(dy_eval_tabari(&o, out), 0);
    rewind(out);
    char line[512]; int ev_ok = 0, ev_n = 0, ne_ok = 0, ne_n = 0, last_ok = 0;
    while (fgets(line, sizeof line, out)) {
        sscanf(line, "events-expected records matched exactly: %d/%d", &ev_ok, &ev_n);
        sscanf(line, "no-event records correct: %d/%d", &ne_ok, &ne_n);
        last_ok = strncmp(line, "recall=", 7) == 0;
    }
    fclose(out);
    CHECK(ev_n >= 390);
    CHECK(ne_n >= 40);
    CHECK(ev_ok * 10 >= ev_n * 9);
    CHECK(ne_ok * 10 >= ne_n * 9);
    CHECK(last_ok);
    fprintf(stderr, "  Validate: events %d/%d, no-event %d/%d\n", ev_ok, ev_n, ne_ok, ne_n);
}

int main(void)
{
    RUN(counts);
    RUN(full_verbs_fast);
    RUN(malformed);
    RUN(coding);
    RUN(validate_floor);
    return DONE();
}
