/* test_modes.c: which event modes are coded.  By default dyad codes what
 * happened, is planned or was stated (asserted, future, negated, reported);
 * hypothetical events only with dy_options.modes (the CLI's --modes).  Also
 * the mode rules themselves: commitments ("agreed to lend") are intents,
 * a reported "would" after a past speech verb is future. */
#include "harness.h"
#include "dyad.h"

/* Code one sentence with a fresh worker kept in *w (freed by the caller);
 * the views stay valid until the next call on that worker. */
static int code_text(dy_engine *e, dy_worker **w, const char *text, const dy_event_view **ev)
{
    if (!*w) *w = dy_worker_new(e);
    if (!*w) return -1;
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t"; d.text = text; d.len = strlen(text);
    memcpy(d.date, "2024-05-16", 11);
    return dy_code_events(*w, &d, ev);
}

static dy_engine *engine(unsigned modes)
{
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    o.modes = modes;
    char err[512];
    dy_engine *e = dy_engine_new(&o, err, sizeof err);
    if (!e) fprintf(stderr, "%s\n", err);
    return e;
}

TEST(hypothetical_left_out_by_default)
{
    dy_engine *def = engine(0), *all = engine(DY_MODES_ALL);
    dy_worker *wd = NULL, *wa = NULL;
    CHECK(def && all);
    if (!def || !all) { dy_engine_free(def); dy_engine_free(all); return; }
    const dy_event_view *ev;
    CHECK(code_text(def, &wd, "Israel could strike Iran.", &ev) == 0);
    int n = code_text(all, &wa, "Israel could strike Iran.", &ev);
    CHECK(n == 1);
    if (n == 1) { CHECK(!strcmp(ev[0].mode, "hypothetical")); CHECK(!strcmp(ev[0].cameo, "190")); }
    /* asserted events are coded either way */
    CHECK(code_text(def, &wd, "Israel struck Iran.", &ev) == 1);
    dy_worker_free(wd);
    dy_worker_free(wa);
    dy_engine_free(def);
    dy_engine_free(all);
}

TEST(parse_modes)
{
    unsigned m = 0;
    CHECK(dy_parse_modes("all", &m) == 0 && m == DY_MODES_ALL);
    CHECK(dy_parse_modes("asserted,negated", &m) == 0 && m == ((1u << 0) | (1u << 3)));
    CHECK(dy_parse_modes("hypothetical", &m) == 0 && m == (1u << 2));
    CHECK(dy_parse_modes("asserted,bogus", &m) == -1);
    CHECK(dy_parse_modes("", &m) == -1);
    CHECK(dy_parse_modes("assert", &m) == -1);
}

TEST(commitments_are_intents)
{
    dy_engine *e = engine(0);
    dy_worker *w = NULL;
    CHECK(e != NULL);
    if (!e) return;
    const dy_event_view *ev;
    /* "agreed to lend" states an intent to give economic aid (0331), not a loan made */
    int n = code_text(e, &w, "Australia has agreed to lend $1 billion to Indonesia.", &ev);
    CHECK(n == 1);
    if (n == 1) { CHECK(!strncmp(ev[0].cameo, "03", 2)); CHECK(!strcmp(ev[0].mode, "future")); }
    /* "said it would recognize": a reported future, an intent (03), not hypothetical */
    n = code_text(e, &w, "Syria said it would recognize Abkhazia's independence from Georgia.", &ev);
    CHECK(n >= 1);
    if (n >= 1) { CHECK(!strncmp(ev[0].cameo, "03", 2)); CHECK(!strcmp(ev[0].mode, "future")); }
    dy_worker_free(w);
    dy_engine_free(e);
}

TEST(one_sided)
{
    dy_engine *def = engine(0);
    dy_options o;
    memset(&o, 0, sizeof o);
    o.unknown_actors = 1;
    o.one_sided = 1;
    char err[512];
    dy_engine *os = dy_engine_new(&o, err, sizeof err);
    dy_worker *wd = NULL, *wo = NULL;
    CHECK(def && os);
    if (def && os) {
        const dy_event_view *ev;
        /* no recipient: left out by default, coded with a null target on request;
         * agreeing to resign is an intent to change leadership (0341), not a resignation */
        CHECK(code_text(def, &wd, "Nepal's prime minister has agreed to resign.", &ev) == 0);
        int n = code_text(os, &wo, "Nepal's prime minister has agreed to resign.", &ev);
        CHECK(n == 1);
        if (n == 1) {
            CHECK(ev[0].tgt_code == NULL);
            CHECK(!strcmp(ev[0].cameo, "0341"));
            CHECK(!strcmp(ev[0].plover, "AGREE"));
            CHECK(!strcmp(ev[0].src_code, "NPLGOV"));
        }
    }
    dy_worker_free(wd);
    dy_worker_free(wo);
    dy_engine_free(def);
    dy_engine_free(os);
}

int main(void)
{
    RUN(hypothetical_left_out_by_default);
    RUN(parse_modes);
    RUN(commitments_are_intents);
    RUN(one_sided);
    return DONE();
}
