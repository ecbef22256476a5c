/* test_fuzz_seeds.c: the text seeds of the dictionary fuzz targets still get
 * where their names say.  A seed the loader refuses at its first line (a
 * code of a shape the loader stopped accepting, a selector byte that picks
 * the wrong kind or file name, a section of the wrong format) leaves the
 * fuzzer mutating its way past that check again on every run, as
 * fuzz_depmodel's version 9 seed did (tests/test_parse.c fuzz_seeds_load).
 * Found in the audit of 2026-12-04: fuzz_actordict's only valid seed held
 * "IGOAFRAU" (refused since actor codes are checked for their shape), so no
 * seed reached the matcher; fuzz_tabari's verbs had roots without [code] and
 * a synset outside <SYNSETS> (every verb line skipped, no seed coded an
 * event); fuzz_petrarch's issues seed had kind byte 0 (auto: loaded as
 * actors); fuzz_dicts' dyad-patterns had lost "04" of its first code to the
 * selector byte; fuzz_verbdict's classes-bad failed in forms.txt before its
 * classes.txt was read.  Each input is cut and written the way its
 * fuzz/fuzz_*.c target does.  Run from the project root. */
#include "harness.h"
#include <sys/stat.h>
#include "actors/actordict.h"
#include "code/cameo.h"
#include "code/verbdict.h"
#include "compat/dictload.h"
#include "compat/petrarch.h"
#include "compat/tabari.h"
#include "tag/lemma.h"
#include "../fuzz/fuzz_split.h"   /* the inputs' cut, shared with fuzz/fuzz_verbdict.c */

#define SEEDS "fuzz/corpus/"
static char DIR_[512];

static char *seed(const char *name, size_t *n)
{
    char p[512];
    snprintf(p, sizeof p, SEEDS "%s", name);
    char *b = h_slurp(p, n);
    if (!b) fprintf(stderr, "  cannot read %s\n", p);
    return b;
}

static const char *tmp(const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", DIR_, name);
    return out;
}

/* Part k of b cut at "\n===\n" (as fuzz_gazetteer and fuzz_tabari cut it). */
static const char *part(const char *b, size_t n, int k, size_t *len)
{
    return b + fz_part(b, n, k, len);
}

/* Seeds that load, and error seeds that stop at the check they were written for. */
TEST(actordict_seeds)
{
    static const struct { const char *seed, *err; } S[] = {
        { "fuzz_actordict/basic", NULL },
        { "fuzz_actordict/errors", ":4:1: unknown entry kind" },
        { "fuzz_actordict/longcode", ":1:9: bad actor code" },
    };
    for (size_t i = 0; i < sizeof S / sizeof *S; i++) {
        size_t n;
        char *b = seed(S[i].seed, &n), path[600], err[1024] = "";
        CHECK(b != NULL);
        if (!b) continue;
        h_write(tmp("actors.txt", path, sizeof path), b, n);
        dy_actordict d;
        CHECK(dy_actordict_init(&d) == 0);
        int r = dy_actordict_load(&d, path, err, sizeof err);
        if (S[i].err) CHECK(r < 0 && strstr(err, S[i].err) != NULL);
        else CHECK(r >= 10);
        if ((r < 0) != (S[i].err != NULL) || (S[i].err && !strstr(err, S[i].err))) fprintf(stderr, "  %s: %d %s\n", S[i].seed, r, err);
        dy_actordict_free(&d);
        free(b);
    }
}

/* forms.txt [=== classes.txt] === pattern file, in a directory (fuzz_verbdict.c). */
TEST(verbdict_seeds)
{
    static const struct { const char *seed; int np, ncls; const char *err; } S[] = {
        { "fuzz_verbdict/basic", 7, 0, NULL },
        { "fuzz_verbdict/classes", 3, 3, NULL },
        { "fuzz_verbdict/classes-bad", 0, 0, "classes.txt:1:9:" },
        { "fuzz_verbdict/errors", 0, 0, "forms.txt:1:1:" },
        { "fuzz_verbdict/nosep", 0, 0, "01-p.txt:2:1:" },
    };
    for (size_t i = 0; i < sizeof S / sizeof *S; i++) {
        size_t n;
        char *b = seed(S[i].seed, &n), dir[600], forms[700], classes[700], pats[700], err[1024] = "";
        CHECK(b != NULL);
        if (!b) continue;
        tmp("verbs", dir, sizeof dir);
        mkdir(dir, 0700);
        snprintf(forms, sizeof forms, "%s/forms.txt", dir);
        snprintf(classes, sizeof classes, "%s/classes.txt", dir);
        snprintf(pats, sizeof pats, "%s/01-p.txt", dir);
        size_t off[3], len[3];
        int has_classes = fz_verbdict_parts(b, n, off, len);   /* as fuzz_verbdict.c cuts it */
        h_write(forms, b + off[0], len[0]);
        if (has_classes) h_write(classes, b + off[1], len[1]);
        else remove(classes);
        h_write(pats, b + off[2], len[2]);
        dy_lexicon lex;
        dy_verbdict v;
        CHECK(dy_lexicon_init(&lex) == 0 && dy_verbdict_init(&v) == 0);
        int r = dy_verbdict_load(&v, &lex, dir, err, sizeof err);
        if (S[i].err) CHECK(r < 0 && strstr(err, S[i].err) != NULL);
        else { CHECK_INT(r, S[i].np); CHECK_INT(v.ncls, S[i].ncls); }
        if ((r < 0) != (S[i].err != NULL) || (S[i].err && !strstr(err, S[i].err))) fprintf(stderr, "  %s: %d %s\n", S[i].seed, r, err);
        dy_verbdict_free(&v);
        dy_lexicon_free(&lex);
        remove(forms); remove(classes); remove(pats); rmdir(dir);
        free(b);
    }
}

/* Byte 0 picks the file name and whether codes are checked (fuzz_dicts.c);
 * each seed is sniffed as the format its name says and loads, or stops at
 * the error it was written for. */
TEST(dicts_seeds)
{
    static const char *const NAMES[8] = { "d.txt", "d.actors", "d.agents", "d.verbs", "d.discards.txt", "d.options", "cameo.2.0.txt", "Phoenix.agents.txt" };
    static const struct { const char *seed; int fmt, ne, np; const char *err; } S[] = {
        { "bom", DY_DF_DYAD_ACTORS, 1, 0, NULL },
        { "dyad-actors", DY_DF_DYAD_ACTORS, 4, 0, NULL },
        { "dyad-forms", DY_DF_DYAD_FORMS, 0, 0, NULL },
        { "dyad-patterns", DY_DF_DYAD_PATTERNS, 0, 3, NULL },
        { "issues", DY_DF_PETR_ISSUES, 0, 0, "dyad codes no issues" },
        { "petr-agents", DY_DF_PETR_AGENTS, 6, 0, NULL },
        { "petr-discards", DY_DF_PETR_DISCARDS, 2, 0, NULL },
        { "petr-verbs2", DY_DF_PETR_VERBS2, 0, 3, NULL },
        { "raw-bytes-in-message", DY_DF_DYAD_PATTERNS, 0, 0, ":1:5: bad head word" },
        { "tabari-actors", DY_DF_TABARI_ACTORS, 3, 0, NULL },
        { "tabari-agent-discard-code", DY_DF_TABARI_AGENTS, 0, 0, "bad agent code \"###\"" },
        { "tabari-agents", DY_DF_TABARI_AGENTS, 2, 0, NULL },
        { "tabari-options", DY_DF_TABARI_OPTIONS, 0, 0, "options file" },
        { "tabari-slash-code", DY_DF_TABARI_ACTORS, 0, 0, "bad actor code \"/ZZZ\"" },
        { "tabari-verbs", DY_DF_TABARI_VERBS, 0, 6, NULL },
        { "typo", 0, 0, 0, "unknown entry kind \"contry\"" },
        { "unchecked", DY_DF_DYAD_PATTERNS, 0, 1, NULL },
    };
    dy_cameo codes;
    char err[1024] = "";
    int have = dy_cameo_load(&codes, "data/cameo/codes.txt", err, sizeof err) >= 0;
    CHECK(have);
    if (!have) { fprintf(stderr, "  %s\n", err); return; }
    for (size_t i = 0; i < sizeof S / sizeof *S; i++) {
        char name[256];
        snprintf(name, sizeof name, "fuzz_dicts/%s", S[i].seed);
        size_t n;
        char *b = seed(name, &n), path[600];
        CHECK(b != NULL && n >= 1);
        if (!b || !n) { free(b); continue; }
        int sel = (unsigned char)b[0], check = !(sel & 8);
        tmp(NAMES[sel & 7], path, sizeof path);
        err[0] = 0;
        int fmt = dy_dict_sniff(path, b + 1, n - 1, err, sizeof err);
        CHECK_INT(fmt, S[i].fmt);
        int r = -1, ne = 0, np = 0;
        if (fmt > 0) {
            dy_actordict a;
            dy_verbdict v;
            dy_lexicon lex;
            CHECK(dy_actordict_init(&a) == 0 && dy_verbdict_init(&v) == 0 && dy_lexicon_init(&lex) == 0);
            v.codes = check ? &codes : NULL;
            dy_dictset s;
            dy_dictset_init(&s, &a, &v, &lex);
            s.strict = check;
            dy_dictstat st;
            memset(&st, 0, sizeof st);
            r = dy_dict_load_buf(&s, path, b + 1, n - 1, fmt, 1, &st, err, sizeof err);
            ne = a.ne; np = v.np;
            dy_dictset_free(&s);
            dy_lexicon_free(&lex);
            dy_verbdict_free(&v);
            dy_actordict_free(&a);
        }
        if (S[i].err) CHECK(r < 0 && strstr(err, S[i].err) != NULL);
        else { CHECK(r >= 0); CHECK_INT(ne, S[i].ne); CHECK_INT(np, S[i].np); }
        if (fmt != S[i].fmt || (r < 0) != (S[i].err != NULL)) fprintf(stderr, "  %s: format %d, load %d: %s\n", S[i].seed, fmt, r, err);
        free(b);
    }
    dy_cameo_free(&codes);
}

/* Byte 0 % 7 is the kind (fuzz_petrarch.c): each seed's is the kind its name
 * says, and it loads with entries of that kind and no warning. */
TEST(petrarch_seeds)
{
    static const struct { const char *seed; int kind; } S[] = {
        { "actors", DY_PETR_ACTORS }, { "agents", DY_PETR_AGENTS }, { "discards", DY_PETR_DISCARDS },
        { "verbs1", DY_PETR_VERBS1 }, { "verbs2", DY_PETR_VERBS2 }, { "issues", DY_PETR_ISSUES },
    };
    for (size_t i = 0; i < sizeof S / sizeof *S; i++) {
        char name[256], path[600], err[1024] = "";
        snprintf(name, sizeof name, "fuzz_petrarch/%s", S[i].seed);
        size_t n;
        char *b = seed(name, &n);
        CHECK(b != NULL && n >= 1);
        if (!b || !n) { free(b); continue; }
        CHECK_INT((unsigned char)b[0] % 7, S[i].kind);
        h_write(tmp("petr.txt", path, sizeof path), b + 1, n - 1);
        dy_actordict a;
        dy_verbdict v;
        dy_lexicon lex;
        dy_petr_side side;
        dy_petr_counts c;
        memset(&side, 0, sizeof side);
        memset(&c, 0, sizeof c);
        CHECK(dy_actordict_init(&a) == 0 && dy_verbdict_init(&v) == 0 && dy_lexicon_init(&lex) == 0);
        CHECK_INT(dy_petr_load(path, (unsigned char)b[0] % 7, &a, &v, &lex, &side, &c, err, sizeof err), 0);
        CHECK_INT(c.warnings, 0);
        if (c.warnings) fprintf(stderr, "  %s: %s\n", S[i].seed, c.first_warning);
        switch (S[i].kind) {
        case DY_PETR_VERBS1: case DY_PETR_VERBS2: CHECK(c.blocks > 0 && c.patterns > 0 && v.np > 0); break;
        case DY_PETR_ISSUES: CHECK(c.issues > 0); break;
        default: CHECK(c.names > 0 && a.ne > 0);
        }
        dy_petr_side_free(&side);
        dy_lexicon_free(&lex);
        dy_verbdict_free(&v);
        dy_actordict_free(&a);
        free(b);
    }
}

/* .actors === .agents === .verbs === .options === text (fuzz_tabari.c): the
 * basic seed's files load every entry (none skipped) and its text codes an
 * event; the errors seed stops at its options line. */
TEST(tabari_seeds)
{
    static const char *const names[4] = { "t.actors", "t.agents", "t.verbs", "t.options" };
    for (int e = 0; e < 2; e++) {
        size_t n;
        char *b = seed(e ? "fuzz_tabari/errors" : "fuzz_tabari/basic", &n), paths[4][600], err[1024];
        CHECK(b != NULL);
        if (!b) continue;
        for (int k = 0; k < 4; k++) {
            size_t l;
            const char *p = part(b, n, k, &l);
            h_write(tmp(names[k], paths[k], sizeof paths[k]), p, l);
        }
        size_t tl;
        const char *tp = part(b, n, 4, &tl);
        char *text = malloc(tl + 1);
        CHECK(text != NULL);
        if (!text) { free(b); continue; }
        memcpy(text, tp, tl);
        text[tl] = 0;
        dy_tabari *t = dy_tabari_new();
        CHECK(t != NULL);
        if (!t) { free(text); free(b); continue; }
        int r[4];
        err[0] = 0;
        r[0] = dy_tabari_load_actor_file(t, paths[0], 0, err, sizeof err);
        r[1] = dy_tabari_load_actor_file(t, paths[1], 1, err, sizeof err);
        r[2] = dy_tabari_load_verbs(t, paths[2], err, sizeof err);
        r[3] = dy_tabari_load_options(t, paths[3], err, sizeof err);
        const char *first = NULL;
        int skipped = dy_tabari_skipped(t, &first);
        if (!e) {
            CHECK(r[0] > 0 && r[1] > 0 && r[2] > 0 && r[3] > 0);
            CHECK_INT(skipped, 0);
            if (skipped) fprintf(stderr, "  basic: %s\n", first);
            dy_tabari_event ev[8];
            int nev = 0;
            CHECK_INT(dy_tabari_code(t, text, 20240516, ev, 8, &nev), DY_TB_EVENTS);
            CHECK(nev >= 1);
        } else CHECK(r[3] < 0 && strstr(err, paths[3]) != NULL && strstr(err, ":2:1: unknown option command") != NULL);
        dy_tabari_free(t);
        for (int k = 0; k < 4; k++) unlink(paths[k]);
        free(text);
        free(b);
    }
}

int main(void)
{
    if (h_tmpdir("fuzz-seeds", DIR_, sizeof DIR_)) return 1;
    RUN(actordict_seeds);
    RUN(verbdict_seeds);
    RUN(dicts_seeds);
    RUN(petrarch_seeds);
    RUN(tabari_seeds);
    char p[600];
    static const char *const left[] = { "actors.txt", "petr.txt" };
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) unlink(tmp(left[i], p, sizeof p));
    rmdir(DIR_);
    return DONE();
}
