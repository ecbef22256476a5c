/* test_dicts.c: loading dictionaries (issue 11, "the user's dictionaries win,
 * and bad ones are refused"; issue 12, items 3-5, hangs and errors).  Each
 * test is a small reproducer that failed before the fix:
 *   - TABARI .verbs through `dyad code --dict` change the events (they loaded
 *     0 patterns, silently);
 *   - a --dict entry that redefines one of ours wins, and --explain names the
 *     user's file and line;
 *   - event codes not in cameo/codes.txt (999) and actor codes of the wrong
 *     shape are refused with file:line:column, and the limits in the messages
 *     are the ones data/actors/README.md and data/verbs/README.md state;
 *   - a BOM is skipped; a typo or binary junk is an error naming the line
 *     (they were a PETRARCH actors file with 0 entries);
 *   - `--dict DIR` of plain .txt files loads them; `--dict /dev/stdin` (a
 *     pipe, like <(printf ...)) is read once and used;
 *   - a FIFO never hangs: named, it times out; in a dictionary or cases
 *     directory, it is refused;
 *   - 200k entries of one name load in linear time;
 *   - `dyad dicts` reports the actor loader's error for a bad second line;
 *     `dyad eval` names a missing suite and refuses an empty one; raw
 *     control bytes never reach the terminal. */
#include "harness.h"
#include <sys/stat.h>
#include "actors/actordict.h"
#include "compat/dictload.h"
#include "core/files.h"

static char SRC[1024];

#define SLOW (H_ASAN ? 5 : 1)

static int have_cli(void) { return access(CLI.bin, X_OK) == 0 && h_run("@ dicts") == 0; }
#define NEED_CLI() do { if (!have_cli()) SKIP("the dyad CLI cannot load its data"); } while (0)

TEST(tabari_verbs_change_events)
{
    NEED_CLI();
    char verbs[1100];
    snprintf(verbs, sizeof verbs, "%s/tests/dicts/small.verbs", SRC);
    h_wstr("tv.jsonl", "{\"id\":\"t\",\"date\":\"2024-05-16\",\"text\":\"China razzed Japan over tariffs. "
                     "Russia jeered at Ukraine for corruption. France badgered Germany to talk.\"}\n");
    CHECK_INT(h_run("@ code %s", h_path("tv.jsonl")), 0);
    CHECK(!strstr(CLI.out, "\"1122\"") && !strstr(CLI.out, "\"112\"") && !strstr(CLI.out, "\"020\""));
    CHECK_INT(h_run("@ code --dict %s %s", verbs, h_path("tv.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"cameo\": \"1122\"") != NULL);      /* - * + OVER &LEVY [1122] */
    CHECK(strstr(CLI.out, "\"cameo\": \"112\"") != NULL);       /* JEER_AT: - * + FOR { CORRUPTION | GRAFT } [112] */
    CHECK(strstr(CLI.out, "\"cameo\": \"020\"") != NULL);       /* - * + TO_TALK [020] */
    CHECK(strstr(CLI.out, "\"code\": \"JPN\"") != NULL && strstr(CLI.out, "\"code\": \"UKR\"") != NULL);
    /* --explain names the TABARI file and the pattern's own line */
    CHECK_INT(h_run("@ code --explain --dict %s %s", verbs, h_path("tv.jsonl")), 0);
    CHECK(strstr(CLI.out, "small.verbs:10") != NULL);
    /* dyad dicts reads it the same way */
    CHECK_INT(h_run("@ dicts %s", verbs), 0);
    CHECK(strstr(CLI.out, "TABARI verbs") != NULL);
    /* a TABARI verbs file whose codes are not CAMEO is refused at the code */
    h_wstr("bad.verbs", "RAZZ  [111]\n- * + OVER  [999]\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("bad.verbs"), h_path("tv.jsonl")), 3);
    CHECK(strstr(CLI.err, "bad.verbs:2:13:") != NULL && strstr(CLI.err, "999") != NULL);
}

TEST(user_entry_overrides_ours)
{
    NEED_CLI();
    h_wstr("ov.jsonl", "{\"id\":\"o\",\"date\":\"2024-05-16\",\"text\":\"Russia condemned Ukraine.\"}\n");
    CHECK_INT(h_run("@ code %s", h_path("ov.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"RUS\"") && strstr(CLI.out, "\"cameo\": \"111\""));
    h_wstr("mine.txt", "# the user's own view\ncountry SOV Russia\n");
    h_wstr("mypat.txt", "112 condemn T\n");
    CHECK_INT(h_run("@ code --dict %s --dict %s %s", h_path("mine.txt"), h_path("mypat.txt"), h_path("ov.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"SOV\"") != NULL);
    CHECK(strstr(CLI.out, "\"code\": \"RUS\"") == NULL);
    CHECK(strstr(CLI.out, "\"cameo\": \"112\"") != NULL);
    CHECK(strstr(CLI.out, "\"cameo\": \"111\"") == NULL);
    /* --explain: which file and line decided */
    CHECK_INT(h_run("@ code --explain --dict %s --dict %s %s", h_path("mine.txt"), h_path("mypat.txt"), h_path("ov.jsonl")), 0);
    char want[1200];
    snprintf(want, sizeof want, "SOV (%s:2)", h_path("mine.txt"));
    CHECK(strstr(CLI.out, want) != NULL);
    snprintf(want, sizeof want, "%s:1", h_path("mypat.txt"));
    CHECK(strstr(CLI.out, want) != NULL);
    /* dyad dicts says how many of ours were replaced */
    CHECK_INT(h_run("@ dicts --dict %s --dict %s", h_path("mine.txt"), h_path("mypat.txt")), 0);
    CHECK(strstr(CLI.out, "replaced by --dict entries") != NULL);
}

/* The text in the last parentheses of s (a limit stated in an error message). */
static const char *limit_of(const char *s, char *out, size_t cap)
{
    const char *o = strstr(s, "(");
    if (!o) { out[0] = 0; return out; }
    const char *e = strrchr(s, ')');
    if (!e || e < o) e = s + strlen(s);
    snprintf(out, cap, "%.*s", (int)(e - o - 1), o + 1);
    return out;
}

TEST(codes_checked_at_load)
{
    NEED_CLI();
    char readme_a[1200], readme_v[1200], lim[400];
    snprintf(readme_a, sizeof readme_a, "%s/data/actors/README.md", SRC);
    snprintf(readme_v, sizeof readme_v, "%s/data/verbs/README.md", SRC);
    size_t n;
    char *ra = h_slurp_or_empty(readme_a, &n), *rv = h_slurp_or_empty(readme_v, &n);
    h_wstr("x.jsonl", "{\"id\":\"x\",\"date\":\"2024-05-16\",\"text\":\"Russia condemned Ukraine.\"}\n");
    /* 999 is not a CAMEO code: refused at file:line:column (it was written out with quad 0) */
    h_wstr("c999.txt", "111 denounce T\n  999 condemn T\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("c999.txt"), h_path("x.jsonl")), 3);
    CHECK(strstr(CLI.err, "c999.txt:2:3:") != NULL && strstr(CLI.err, "\"999\"") != NULL);
    CHECK(strstr(CLI.out, "\"cameo\"") == NULL);
    CHECK(strstr(rv, limit_of(CLI.err, lim, sizeof lim)) != NULL);          /* "not in cameo/codes.txt" */
    /* the syntax limit of a code */
    h_wstr("c6.txt", "111222 condemn T\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("c6.txt")), 3);
    CHECK(strstr(CLI.err, "c6.txt:1:1:") != NULL);
    CHECK(strstr(rv, limit_of(CLI.err, lim, sizeof lim)) != NULL);
    /* a paired code too */
    h_wstr("cpair.txt", "111:998 condemn T\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("cpair.txt")), 3);
    CHECK(strstr(CLI.err, "cpair.txt:1:1:") != NULL && strstr(CLI.err, "998") != NULL);
    /* actor codes of the wrong shape */
    h_wstr("a4.txt", "country ZZZ Freedonia\ngroup ZZZREBX Freedonian Rebels\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("a4.txt")), 3);
    CHECK(strstr(CLI.err, "a4.txt:2:7:") != NULL && strstr(CLI.err, "ZZZREBX") != NULL);
    CHECK(strstr(ra, limit_of(CLI.err, lim, sizeof lim)) != NULL);
    h_wstr("ag.txt", "agent MILX soldiers\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("ag.txt")), 3);
    CHECK(strstr(CLI.err, "ag.txt:1:7:") != NULL);
    CHECK(strstr(ra, limit_of(CLI.err, lim, sizeof lim)) != NULL);
    h_wstr("lc.txt", "country zzz Freedonia\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("lc.txt")), 3);
    CHECK(strstr(CLI.err, "lc.txt:1:9:") != NULL);
    /* TABARI and PETRARCH actor codes too */
    h_wstr("t.actors", "FREEDONIA_ [ZZZ]\nSYLVANIA_ [ZZZZ]\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("t.actors")), 3);
    CHECK(strstr(CLI.err, "t.actors:2:") != NULL && strstr(CLI.err, "ZZZZ") != NULL);
    CHECK(strstr(ra, limit_of(CLI.err, lim, sizeof lim)) != NULL);
    h_wstr("g.agents", "SOLDIER_ [~MIL]\nFARMER_ [###]\n");      /* found by fuzz_dicts: an agent coded "###" */
    CHECK_INT(h_run("@ dicts --dict %s", h_path("g.agents")), 3);
    CHECK(strstr(CLI.err, "g.agents:2:") != NULL);
    h_wstr("s.actors", "FREEDONIA_ [/ZZZ]\n");                  /* found by fuzz_dicts: stored as the code "/ZZZ" */
    CHECK_INT(h_run("@ dicts --dict %s", h_path("s.actors")), 3);
    CHECK(strstr(CLI.err, "s.actors:1:") != NULL);
    h_wstr("p.actors.txt", "FREEDONIA_\n+FREEDONIAN_\n[ZZZ1]\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("p.actors.txt")), 3);
    CHECK(strstr(CLI.err, "p.actors.txt:3:1:") != NULL);
    /* well-formed ones load */
    h_wstr("good.txt", "country ZZZ Freedonia\ngroup ZZZREBFLF Freedonian Liberation Front\nagent MIL freedonian soldiers\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("good.txt")), 0);
    /* dyad's own data passes its own checks (every code in cameo/codes.txt) */
    CHECK_INT(h_run("@ dicts"), 0);
    free(ra); free(rv);
}

TEST(sniffer_bom_typo_junk)
{
    NEED_CLI();
    h_wstr("fr.jsonl", "{\"id\":\"f\",\"date\":\"2024-05-16\",\"text\":\"Freedonia attacked Ukraine.\"}\n");
    /* a BOM is skipped: the entry loads */
    h_wstr("bom.txt", "\xEF\xBB\xBF" "country ZZZ Freedonia\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("bom.txt"), h_path("fr.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"ZZZ\"") != NULL);
    h_wstr("bomv.txt", "\xEF\xBB\xBF" "190 bombard T\n");
    CHECK_INT(h_run("@ dicts %s", h_path("bomv.txt")), 0);
    CHECK(strstr(CLI.out, "dyad patterns") != NULL && strstr(CLI.out, "1 patterns") != NULL);
    /* a typo in the first entry: an error naming the line (was: PETRARCH actors, 0 entries, exit 0) */
    h_wstr("typo.txt", "# mine\ncontry ZZZ Freedonia\ncountry ZZY Sylvania\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("typo.txt"), h_path("fr.jsonl")), 3);
    CHECK(strstr(CLI.err, "typo.txt:2:1:") != NULL && strstr(CLI.err, "contry") != NULL);
    h_wstr("typo1.txt", "contry ZZZ Freedonia\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("typo1.txt")), 3);
    CHECK(strstr(CLI.err, "typo1.txt:1:1:") != NULL);
    /* binary junk */
    char junk[300];
    for (int i = 0; i < 300; i++) junk[i] = (char)((i * 73 + 11) % 256);
    FILE *f = fopen(h_path("junk.bin"), "wb");
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    CHECK_INT(h_run("@ code --dict %s %s", h_path("junk.bin"), h_path("fr.jsonl")), 3);
    CHECK(strstr(CLI.err, "junk.bin:1:") != NULL);
    /* an empty file or one of comments adds nothing: an error, not a silent no-op */
    h_wstr("empty.txt", "");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("empty.txt")), 3);
    CHECK(strstr(CLI.err, "empty.txt") != NULL);
    h_wstr("comments.txt", "# nothing\n\n# here\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("comments.txt")), 3);
    /* PETRARCH's XML comments, "<! --" too, say nothing about the format: still PETRARCH actors */
    h_wstr("petr.txt", "<!-- mine -->\n<! -- more -->\nFREEDONIA_ [ZZZ]\n+FREEDONIAN_\nRUFUS_FIREFLY_\n[ZZZGOV]\n");
    CHECK_INT(h_run("@ dicts %s", h_path("petr.txt")), 0);
    CHECK(strstr(CLI.out, "PETRARCH actors") != NULL);
    /* a TABARI options file holds no entries dyad can use */
    h_wstr("x.options", "COMPLEX: VERBS[5]\nSET: MATCH = TRUE\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("x.options"), h_path("fr.jsonl")), 3);
    CHECK(strstr(CLI.err, "x.options") != NULL && strstr(CLI.err, "options") != NULL);
}

TEST(second_line_bad_names_actor_loader)
{
    NEED_CLI();
    h_wstr("two.txt", "country ZZZ Freedonia\ncountry ZZY\n");
    CHECK_INT(h_run("@ dicts %s", h_path("two.txt")), 3);
    CHECK(strstr(CLI.err, "two.txt:2:") != NULL);
    CHECK(strstr(CLI.err, "no names") != NULL);           /* the actor loader's message */
    CHECK(strstr(CLI.err, "two.txt:1:") == NULL);         /* not the verb loader's for line 1 */
    h_wstr("twov.txt", "111 condemn T\n112 {bad T\n");
    CHECK_INT(h_run("@ dicts %s", h_path("twov.txt")), 3);
    CHECK(strstr(CLI.err, "twov.txt:2:") != NULL);
}

TEST(dict_dir_of_txt_files)
{
    NEED_CLI();
    mkdir(h_path("mydicts"), 0755);
    h_wstr("mydicts/people.txt", "country ZZZ Freedonia\nperson ZZZGOV 2020..  Rufus Firefly\n");
    h_wstr("mydicts/verbs.txt", "190 bombard T\n");
    h_wstr("mydicts/README.md", "not a dictionary\n");
    h_wstr("d.jsonl", "{\"id\":\"d\",\"date\":\"2024-05-16\",\"text\":\"Rufus Firefly bombarded Sylvania. Freedonia attacked Ukraine.\"}\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("mydicts"), h_path("d.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"ZZZGOV\"") != NULL);
    CHECK(strstr(CLI.out, "\"code\": \"ZZZ\"") != NULL);
    CHECK_INT(h_run("@ dicts %s", h_path("mydicts")), 0);
    CHECK(strstr(CLI.out, "2 file(s); 2 actor entries, 1 patterns") != NULL);
    /* a directory with nothing to load is an error */
    mkdir(h_path("nodicts"), 0755);
    h_wstr("nodicts/notes.md", "x\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("nodicts")), 3);
    CHECK(strstr(CLI.err, "nodicts") != NULL);
}

TEST(dict_from_a_pipe)
{
    NEED_CLI();
    h_wstr("p.jsonl", "{\"id\":\"p\",\"date\":\"2024-05-16\",\"text\":\"Freedonia attacked Ukraine.\"}\n");
    /* a pipe can be read once: like --dict <(printf ...) */
    CHECK_INT(h_run("printf 'country ZZZ Freedonia\\n' | @ code --dict /dev/stdin %s", h_path("p.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"ZZZ\"") != NULL);
    CHECK_INT(h_run("printf '190 bombard T\\n' | @ dicts /dev/stdin"), 0);
    CHECK(strstr(CLI.out, "1 patterns") != NULL);
}

TEST(fifo_never_hangs)
{
    NEED_CLI();
    h_wstr("q.jsonl", "{\"id\":\"q\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n");
    CHECK_INT(mkfifo(h_path("nobody.txt"), 0600), 0);
    double t0 = h_now();
    /* named: read, but with a timeout (no writer ever comes) */
    CHECK_INT(h_run("DYAD_READ_TIMEOUT=0.5 timeout 60 @ code --dict %s %s", h_path("nobody.txt"), h_path("q.jsonl")), 3);
    CHECK(strstr(CLI.err, "nobody.txt") != NULL && strstr(CLI.err, "timed out") != NULL);
    /* a writer: read */
    CHECK_INT(h_run("(printf 'country ZZZ Russia\\n' > %s &) ; timeout 60 @ code --dict %s %s", h_path("nobody.txt"), h_path("nobody.txt"), h_path("q.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"code\": \"ZZZ\"") != NULL);
    /* inside a dictionary directory: refused, never opened */
    mkdir(h_path("fdir"), 0755);
    h_wstr("fdir/a.txt", "country ZZZ Freedonia\n");
    CHECK_INT(mkfifo(h_path("fdir/b.txt"), 0600), 0);
    CHECK_INT(h_run("timeout 60 @ code --dict %s %s", h_path("fdir"), h_path("q.jsonl")), 3);
    CHECK(strstr(CLI.err, "b.txt") != NULL && strstr(CLI.err, "FIFO") != NULL);
    /* inside a dyad eval cases directory */
    mkdir(h_path("cases"), 0755);
    h_wstr("cases/a.txt", "case c1\ntext Russia attacked Ukraine.\nexpect RUS UKR 190\n");
    CHECK_INT(mkfifo(h_path("cases/b.txt"), 0600), 0);
    CHECK_INT(h_run("timeout 60 @ eval %s", h_path("cases")), 3);
    CHECK(strstr(CLI.err, "b.txt") != NULL && strstr(CLI.err, "FIFO") != NULL);
    CHECK(h_now() - t0 < 30 * SLOW);
}

TEST(same_name_entries_load_linearly)
{
    /* 200k entries of one name: the list append walked the list (50k: 3.75 s, 100k: 12.7 s) */
    enum { N = 200000 };
    size_t cap = (size_t)N * 40 + 64, n = 0;
    char *buf = malloc(cap);
    CHECK(buf != NULL);
    if (!buf) return;
    for (int i = 0; i < N; i++) n += (size_t)snprintf(buf + n, cap - n, "person ZZZGOV %04d..%04d  Same Name\n", 1000 + i % 9000, 1000 + i % 9000);
    dy_actordict d;
    CHECK_INT(dy_actordict_init(&d), 0);
    char err[512] = "";
    double t0 = h_now();
    int r = dy_actordict_load_buf(&d, "same.txt", buf, n, err, sizeof err);
    double dt = h_now() - t0;
    CHECK_INT(r, N);
    if (r != N) fprintf(stderr, "  %s\n", err);
    /* every entry on the name's list, in file order */
    int name = -1, steps = 0, last = -1, ordered = 1;
    for (int i = 0; i < d.nn; i++) if (d.names[i].first >= 0) name = i;
    for (int j = name >= 0 ? d.names[name].first : -1; j >= 0; j = d.e[j].next) { if (j <= last) ordered = 0; last = j; steps++; }
    CHECK_INT(steps, N);
    CHECK(ordered);
    fprintf(stderr, "  200k same-name entries loaded in %.3f s\n", dt);
    CHECK(dt < 5.0 * SLOW);
    dy_actordict_free(&d);
    free(buf);
}

TEST(eval_errors_name_the_suite)
{
    NEED_CLI();
    CHECK_INT(h_run("@ eval %s", h_path("nonexist.text")), 3);
    CHECK(strstr(CLI.err, "nonexist.text") != NULL);
    CHECK(strstr(CLI.err, "Validate.project") == NULL);
    CHECK_INT(h_run("@ eval %s", h_path("nonexist.xml")), 3);
    CHECK(strstr(CLI.err, "nonexist.xml: cannot open") != NULL);
    /* empty or junk suites score nothing: an error, never "0/0 f1=1.000" */
    mkdir(h_path("ecases"), 0755);
    h_wstr("ecases/a.txt", "# no cases here\n");
    CHECK_INT(h_run("@ eval %s", h_path("ecases")), 3);
    CHECK(strstr(CLI.out, "f1=") == NULL);
    CHECK(strstr(CLI.err, "no cases") != NULL);
    h_wstr("empty.xml", "<Sentences></Sentences>\n");
    CHECK_INT(h_run("@ eval %s", h_path("empty.xml")), 3);
    CHECK(strstr(CLI.out, "f1=") == NULL);
    h_wstr("Validate.project", "empty project\n");
    h_wstr("empty.text", "no records at all\n");
    CHECK_INT(h_run("@ eval --project %s %s", h_path("Validate.project"), h_path("empty.text")), 3);
    CHECK(strstr(CLI.out, "f1=") == NULL);
}

TEST(errors_escape_raw_bytes)
{
    NEED_CLI();
    h_wstr("esc.txt", "country Z\x1b[31mZ Freedonia\x07\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("esc.txt")), 3);
    CHECK(strchr(CLI.err, 0x1b) == NULL && strchr(CLI.err, 0x07) == NULL);
    CHECK(strstr(CLI.err, "\\x1b") != NULL);
    h_wstr("esc2.txt", "\x1b]0;pwned\x07 [ZZZ]\n");
    h_run("@ dicts --dict %s", h_path("esc2.txt"));   /* whatever it makes of it, */
    CHECK(strchr(CLI.err, 0x1b) == NULL && strchr(CLI.err, 0x07) == NULL);
    /* a pattern's bad word quoted in the message (found by fuzz_dicts) */
    h_wstr("esc3.txt", "111 con\xff\xff\x1b[2Jdemn T\n");
    CHECK_INT(h_run("@ dicts --dict %s", h_path("esc3.txt")), 3);
    CHECK(strstr(CLI.err, "esc3.txt:1:5:") != NULL);
    CHECK(strchr(CLI.err, 0x1b) == NULL && strchr(CLI.err, (char)0xff) == NULL);
    char out[64];
    CHECK_STR(dy_escape("a\x1b" "b\xc3\xa9\xff", 6, out, sizeof out), "a\\x1bb\xc3\xa9\\xff");
}

/* Published TABARI/PETRARCH dictionaries hold a few codes CAMEO lacks: refused by
 * default (file:line:column), loaded with --dict-unchecked (the user's choice). */
TEST(dict_unchecked_loads_foreign_codes)
{
    NEED_CLI();
    h_wstr("x.jsonl", "{\"id\":\"x\",\"date\":\"2024-05-16\",\"text\":\"Russia razzed Ukraine.\"}\n");
    h_wstr("odd.verbs", "RAZZ  [111] ; razzes, razzed, razzing\n- * + OVER TAXES  [1214]\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("odd.verbs"), h_path("x.jsonl")), 3);
    CHECK(strstr(CLI.err, "odd.verbs:2:") != NULL && strstr(CLI.err, "1214") != NULL);
    CHECK_INT(h_run("@ code --dict-unchecked --dict %s %s", h_path("odd.verbs"), h_path("x.jsonl")), 0);
    CHECK(strstr(CLI.out, "\"cameo\": \"111\"") != NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (!getcwd(SRC, sizeof SRC)) return 2;
    if (h_cli_init(argv[0], "dicts")) return 2;
    RUN(tabari_verbs_change_events);
    RUN(user_entry_overrides_ours);
    RUN(codes_checked_at_load);
    RUN(sniffer_bom_typo_junk);
    RUN(second_line_bad_names_actor_loader);
    RUN(dict_dir_of_txt_files);
    RUN(dict_from_a_pipe);
    RUN(fifo_never_hangs);
    RUN(same_name_entries_load_linearly);
    RUN(eval_errors_name_the_suite);
    RUN(errors_escape_raw_bytes);
    RUN(dict_unchecked_loads_foreign_codes);
    h_cleanup();
    return DONE();
}
