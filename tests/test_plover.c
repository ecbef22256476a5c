/* test_plover.c: PLOVER's mode and context of coded events (src/code/plover.c,
 * data/verbs/classes.txt): one sentence for every mode of the PLOVER manual's
 * tables that dyad derives, contexts from words and actor sectors, the JSONL
 * and TSV fields, the noun-class loader's errors, and `dicts --coverage`. */
#include "harness.h"
#include "dyad.h"
#include "code/verbdict.h"
#include "tag/lemma.h"

static dy_engine *E;
static dy_worker *W;

/* Code text (all modes) as JSONL into out; returns events. */
static int code_jsonl(const char *text, dy_buf *out, enum dy_outfmt fmt)
{
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t"; d.text = text; d.len = strlen(text);
    memcpy(d.date, "2024-03-12", 11);
    dy_stats st;
    memset(&st, 0, sizeof st);
    return dy_code_doc(W, &d, fmt, 0, 0, out, &st);
}

static const struct { const char *type, *mode, *text; } MODES[] = {
    { "CONSULT", "visit", "Indian Prime Minister Narendra Modi visited Russia." },
    { "CONSULT", "third-party", "Israeli and Saudi officials met on the sidelines of the talks in Bahrain." },
    { "CONSULT", "multilateral", "Narendra Modi met Xi Jinping at the summit in Bali." },
    { "CONSULT", "phone", "French President Emmanuel Macron spoke by telephone with Joe Biden." },
    { "RETREAT", "withdraw", "Russian forces retreated from Kherson." },
    { "RETREAT", "release", "Iran released two French citizens." },
    { "RETREAT", "disarm", "Colombian rebels demobilized their fighters." },
    { "RETREAT", "ceasefire", "Israel declared a ceasefire with Hamas." },
    { "RETREAT", "access", "Israel allowed humanitarian aid into Gaza." },
    { "REQUEST", "assist", "Greece demanded financial aid from the European Union." },
    { "REQUEST", "change", "The opposition demanded the resignation of the Pakistani prime minister." },
    { "REQUEST", "yield", "France demanded that Iran release its citizens." },
    { "REQUEST", "meet", "The Palestinians demanded talks with Israel." },
    { "REJECT", "assist", "The IMF refused Argentina's request for a new loan." },
    { "REJECT", "change", "Maduro rejected opposition calls for his resignation." },
    { "REJECT", "yield", "Russia refused to release the American journalist." },
    { "REJECT", "meet", "North Korea refused to meet American negotiators." },
    { "ACCUSE", "disapprove", "China condemned Japan." },
    { "ACCUSE", "investigate", "The United Nations investigated human rights abuses in Myanmar." },
    { "ACCUSE", "allege", "Brazilian prosecutors accused the former minister of corruption." },
    { "THREATEN", "restrict", "The European Union threatened to impose sanctions on Russia." },
    { "THREATEN", "arrest", "The Iranian government threatened to arrest the protesters." },
    { "THREATEN", "relations", "Israel threatened to cut diplomatic ties with Turkey." },
    { "THREATEN", "expel", "Mali threatened to expel United Nations peacekeepers." },
    { "THREATEN", "territory", "Russia threatened to occupy Ukraine." },
    { "THREATEN", "violence", "Iran threatened to attack Israel." },
    { "PROTEST", "demo", "Thousands of people demonstrated against Israel." },
    { "PROTEST", "riot", "French rioters rioted against the police." },
    { "PROTEST", "strike", "French unions went on strike against the government over the pension reform." },
    { "PROTEST", "hunger", "Palestinian prisoners went on hunger strike against Israel." },
    { "PROTEST", "boycott", "The opposition boycotted the election in Venezuela." },
    { "PROTEST", "obstruct", "Protesters blocked the road to the American base in South Korea." },
    { "PROTEST", "vandalize", "Protesters vandalized the Chinese embassy." },
    { "SANCTION", "expel", "Mali expelled United Nations peacekeepers." },
    { "SANCTION", "withdraw", "Bahrain cut diplomatic ties with Iran." },
    { "SANCTION", "discontinue", "The United States cut aid to Egypt." },
    { "MOBILIZE", "troops", "Russia mobilized troops against Ukraine." },
    { "MOBILIZE", "weapons", "North Korea deployed missiles against South Korea." },
    { "MOBILIZE", "police", "Ecuador deployed police against drug gangs." },
    { "MOBILIZE", "militia", "Hezbollah mobilized its fighters against Israel." },
    { "COERCE", "seize", "Israeli forces seized Palestinian land." },
    { "COERCE", "restrict", "China imposed administrative sanctions on Hong Kong." },
    { "COERCE", "censor", "Russia banned independent newspapers." },
    { "COERCE", "curfew", "The Sri Lankan government imposed a curfew in Kandy." },
    { "COERCE", "martial-law", "Peru declared a state of emergency in the south." },
    { "COERCE", "arrest", "Turkish police arrested journalists." },
    { "COERCE", "deport", "France deported Moroccan migrants." },
    { "COERCE", "withhold", "Russia cut off electricity to Ukraine." },
    { "COERCE", "misinformation", "Russia waged a disinformation campaign against Ukraine." },
    { "COERCE", "cyber", "Hackers hacked the Israeli government." },
    { "ASSAULT", "abduct", "Hamas abducted Israeli soldiers." },
    { "ASSAULT", "beat", "Protesters beat a journalist in Kenya." },
    { "ASSAULT", "torture", "Syrian security forces tortured detainees." },
    { "ASSAULT", "sexual", "Soldiers raped women in Darfur." },
    { "ASSAULT", "targeted", "Gunmen assassinated the Haitian president." },
    { "ASSAULT", "destroy", "The Taliban destroyed the ancient statues in Afghanistan." },
    { "ASSAULT", "primitive", "Militants attacked villagers with machetes in Congo." },
    { "ASSAULT", "firearms", "Gunmen opened fire on soldiers in Mali." },
    { "ASSAULT", "explosives", "Militants bombed a market in Pakistan." },
    { "ASSAULT", "suicide-attack", "A suicide bomber attacked a mosque in Pakistan." },
    { "ASSAULT", "aerial", "Israeli warplanes bombed Lebanon." },
    { "ASSAULT", "drone", "Ukraine attacked Russian airfields with drones." },
    { "ASSAULT", "heavy-weapons", "Russian artillery shelled Ukrainian positions." },
    { "ASSAULT", "crowd-control", "Iranian security forces cracked down on protesters." },
    { "ASSAULT", "unconventional", "Syrian forces used chemical weapons against civilians." }
};

TEST(every_mode)
{
    for (size_t i = 0; i < sizeof MODES / sizeof *MODES; i++) {
        dy_buf b;
        dy_buf_init(&b);
        code_jsonl(MODES[i].text, &b, DY_OUT_JSONL);
        char want[96];
        snprintf(want, sizeof want, "\"plover\": \"%s\", \"plover_mode\": \"%s\"", MODES[i].type, MODES[i].mode);
        int ok = b.p && strstr(b.p, want) != NULL;
        if (!ok) fprintf(stderr, "  %s %s: \"%s\" gave %s", MODES[i].type, MODES[i].mode, MODES[i].text, b.p ? b.p : "nothing\n");
        CHECK(ok);
        dy_buf_free(&b);
    }
}

TEST(contexts_from_words_and_sectors)
{
    dy_buf b;
    dy_buf_init(&b);
    /* refugees -> migration; 075's own context asylum */
    code_jsonl("Germany granted asylum to Syrian refugees.", &b, DY_OUT_JSONL);
    CHECK(b.p && strstr(b.p, "\"migration\"") != NULL);
    dy_buf_free(&b);
    dy_buf_init(&b);
    /* a MIL actor -> military; chemical -> cbrn */
    code_jsonl("Syrian forces used chemical weapons against civilians.", &b, DY_OUT_JSONL);
    CHECK(b.p && strstr(b.p, "\"military\"") != NULL && strstr(b.p, "\"cbrn\"") != NULL);
    dy_buf_free(&b);
    dy_buf_init(&b);
    /* PLOVER has no type for statements (01): no mode, no context */
    code_jsonl("The Palestinian Authority told the United Nations about the vote.", &b, DY_OUT_JSONL);
    CHECK(b.p && strstr(b.p, "\"cameo\": \"01") != NULL);
    CHECK(b.p && strstr(b.p, "\"plover\": null, \"plover_mode\": null, \"plover_context\": []") != NULL);
    dy_buf_free(&b);
    dy_buf_init(&b);
    /* an appeal (02) is a REQUEST with the mode of the matching demand: aid asked for is assist */
    code_jsonl("Haiti appealed to the United Nations for humanitarian aid.", &b, DY_OUT_JSONL);
    CHECK(b.p && strstr(b.p, "\"cameo\": \"023") != NULL);
    CHECK(b.p && strstr(b.p, "\"plover\": \"REQUEST\", \"plover_mode\": \"assist\"") != NULL);
    dy_buf_free(&b);
}

TEST(tsv_columns)
{
    dy_buf b;
    dy_buf_init(&b);
    CHECK(code_jsonl("Israeli warplanes bombed Lebanon.", &b, DY_OUT_TSV) == 1);
    CHECK(strstr(dy_tsv_header(), "\tplover\tplover_mode\tplover_context\tmode\t") != NULL);
    CHECK(b.p && strstr(b.p, "\tASSAULT\taerial\tmilitary\tasserted\t") != NULL);
    dy_buf_free(&b);
}

static const char *tmpfile_with(const char *name, const char *content)
{
    static char path[2][256];
    static int k;
    char *p = path[k++ & 1];
    snprintf(p, 256, "/tmp/dyad-test-plover-%d-%s", (int)getpid(), name);
    FILE *f = fopen(p, "w");
    if (!f) return NULL;
    fputs(content, f);
    fclose(f);
    return p;
}

TEST(class_file_errors)
{
    static const struct { const char *text, *msg; } BAD[] = {
        { "class a context=nowhere w\n", ":1:9: \"nowhere\" is no PLOVER context" },
        { "class a mode=FIGHT:x w\n", "is no PLOVER event type" },
        { "class a\n", "expected" },
        { "class a w\nclass a v\n", ":2:" },
        { "class a Word\n", "bad class word" },
        { "code 145 purpose=1\n", "expected mode=MODE or context" },
        { "class a purpose=7 w\n", "purpose= is 1" },
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        const char *p = tmpfile_with("classes.txt", BAD[i].text);
        CHECK(p != NULL);
        if (!p) return;
        dy_verbdict v;
        dy_lexicon lex;
        dy_verbdict_init(&v);
        dy_lexicon_init(&lex);
        char err[256] = "";
        int r = dy_verbdict_load_classes(&v, &lex, p, err, sizeof err);
        CHECK(r < 0);
        if (!strstr(err, BAD[i].msg)) fprintf(stderr, "  \"%s\": got \"%s\"\n", BAD[i].text, err);
        CHECK(strstr(err, BAD[i].msg) != NULL && strstr(err, p) != NULL);
        /* an unknown class in a pattern names the pattern's place */
        if (i == 0) {
            int col = 0;
            CHECK(dy_verbdict_add(&v, &lex, "111", "condemn T[$nosuch]", 0, 1, err, sizeof err, &col) < 0);
            CHECK(strstr(err, "unknown noun class \"$nosuch\"") != NULL);
        }
        dy_verbdict_free(&v);
        dy_lexicon_free(&lex);
        remove(p);
    }
}

TEST(coverage_lists_every_code)
{
    dy_buf b;
    dy_buf_init(&b);
    char err[256];
    CHECK(dy_engine_coverage(E, "tests/cases", &b, err, sizeof err) == 0);
    /* every CAMEO code has a pattern and a case (issue 15) */
    CHECK(b.p && strstr(b.p, " 0 without a pattern, 0 without a case") != NULL);
    CHECK(b.p && strstr(b.p, "\n0874 ") != NULL);
    dy_buf_free(&b);
    dy_buf_init(&b);
    CHECK(dy_engine_coverage(E, "/nonexistent/cases", &b, err, sizeof err) < 0);
    CHECK(strstr(err, "/nonexistent/cases") != NULL);
    dy_buf_free(&b);
}

int main(void)
{
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    o.modes = DY_MODES_ALL;
    char err[512];
    E = dy_engine_new(&o, err, sizeof err);
    if (!E) { fprintf(stderr, "%s\n", err); return 1; }
    W = dy_worker_new(E);
    RUN(every_mode);
    RUN(contexts_from_words_and_sectors);
    RUN(tsv_columns);
    RUN(class_file_errors);
    RUN(coverage_lists_every_code);
    dy_worker_free(W);
    dy_engine_free(E);
    return DONE();
}
