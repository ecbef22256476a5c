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
#include <stdarg.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "actors/actordict.h"
#include "compat/dictload.h"
#include "core/files.h"

static char BIN[1024], TMP[512], SRC[1024];
static char *OUT, *ERR;

#if defined(__SANITIZE_ADDRESS__)
#define SLOW 5
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW 5
#endif
#endif
#ifndef SLOW
#define SLOW 1
#endif

static char *path(const char *name)
{
    static char p[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", TMP, name);
    return p[k];
}

static void wstr(const char *name, const char *s)
{
    FILE *f = fopen(path(name), "wb");
    if (!f) { perror(path(name)); exit(2); }
    fputs(s, f);
    fclose(f);
}

static char *slurp(const char *p)
{
    size_t n;
    char *b = h_slurp(p, &n);
    return b ? b : calloc(1, 1);
}

/* Run a shell command ("@" = the dyad binary); stdout/stderr into OUT/ERR; the exit status. */
static int run(const char *fmt, ...)
{
    char tmpl[4096], cmd[8192], full[9000];
    size_t k = 0;
    for (const char *p = fmt; *p && k + 1100 < sizeof tmpl; p++) {
        if (*p == '@') k += (size_t)snprintf(tmpl + k, sizeof tmpl - k, "%s", BIN);
        else tmpl[k++] = *p;
    }
    tmpl[k] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, tmpl, ap);
    va_end(ap);
    snprintf(full, sizeof full, "( %s ) >'%s' 2>'%s'", cmd, path("out"), path("err"));
    int st = system(full);
    free(OUT); free(ERR);
    OUT = slurp(path("out"));
    ERR = slurp(path("err"));
    if (st == -1) return -1;
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

static int have_cli(void) { return access(BIN, X_OK) == 0 && run("@ dicts") == 0; }
#define NEED_CLI() do { if (!have_cli()) SKIP("the dyad CLI cannot load its data"); } while (0)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(tabari_verbs_change_events)
{
    NEED_CLI();
    char verbs[1100];
    snprintf(verbs, sizeof verbs, "%s/tests/dicts/small.verbs", SRC);
    wstr("tv.jsonl", "{\"id\":\"t\",\"date\":\"2024-05-16\",\"text\":\"China razzed Japan over tariffs. "
                     "Russia jeered at Ukraine for corruption. France badgered Germany to talk.\"}\n");
    CHECK_INT(run("@ code %s", path("tv.jsonl")), 0);
    CHECK(!strstr(OUT, "\"1122\"") && !strstr(OUT, "\"112\"") && !strstr(OUT, "\"020\""));
    CHECK_INT(run("@ code --dict %s %s", verbs, path("tv.jsonl")), 0);
    CHECK(strstr(OUT, "\"cameo\": \"1122\"") != NULL);      /* - * + OVER &LEVY [1122] */
    CHECK(strstr(OUT, "\"cameo\": \"112\"") != NULL);       /* JEER_AT: - * + FOR { CORRUPTION | GRAFT } [112] */
    CHECK(strstr(OUT, "\"cameo\": \"020\"") != NULL);       /* - * + TO_TALK [020] */
    CHECK(strstr(OUT, "\"code\": \"JPN\"") != NULL && strstr(OUT, "\"code\": \"UKR\"") != NULL);
    /* --explain names the TABARI file and the pattern's own line */
    CHECK_INT(run("@ code --explain --dict %s %s", verbs, path("tv.jsonl")), 0);
    CHECK(strstr(OUT, "small.verbs:10") != NULL);
    /* dyad dicts reads it the same way */
    CHECK_INT(run("@ dicts %s", verbs), 0);
    CHECK(strstr(OUT, "TABARI verbs") != NULL);
    /* a TABARI verbs file whose codes are not CAMEO is refused at the code */
    wstr("bad.verbs", "RAZZ  [111]\n- * + OVER  [999]\n");
    CHECK_INT(run("@ code --dict %s %s", path("bad.verbs"), path("tv.jsonl")), 3);
    CHECK(strstr(ERR, "bad.verbs:2:13:") != NULL && strstr(ERR, "999") != NULL);
}

TEST(user_entry_overrides_ours)
{
    NEED_CLI();
    wstr("ov.jsonl", "{\"id\":\"o\",\"date\":\"2024-05-16\",\"text\":\"Russia condemned Ukraine.\"}\n");
    CHECK_INT(run("@ code %s", path("ov.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"RUS\"") && strstr(OUT, "\"cameo\": \"111\""));
    wstr("mine.txt", "# the user's own view\ncountry SOV Russia\n");
    wstr("mypat.txt", "112 condemn T\n");
    CHECK_INT(run("@ code --dict %s --dict %s %s", path("mine.txt"), path("mypat.txt"), path("ov.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"SOV\"") != NULL);
    CHECK(strstr(OUT, "\"code\": \"RUS\"") == NULL);
    CHECK(strstr(OUT, "\"cameo\": \"112\"") != NULL);
    CHECK(strstr(OUT, "\"cameo\": \"111\"") == NULL);
    /* --explain: which file and line decided */
    CHECK_INT(run("@ code --explain --dict %s --dict %s %s", path("mine.txt"), path("mypat.txt"), path("ov.jsonl")), 0);
    char want[1200];
    snprintf(want, sizeof want, "SOV (%s:2)", path("mine.txt"));
    CHECK(strstr(OUT, want) != NULL);
    snprintf(want, sizeof want, "%s:1", path("mypat.txt"));
    CHECK(strstr(OUT, want) != NULL);
    /* dyad dicts says how many of ours were replaced */
    CHECK_INT(run("@ dicts --dict %s --dict %s", path("mine.txt"), path("mypat.txt")), 0);
    CHECK(strstr(OUT, "replaced by --dict entries") != NULL);
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
    char *ra = slurp(readme_a), *rv = slurp(readme_v);
    wstr("x.jsonl", "{\"id\":\"x\",\"date\":\"2024-05-16\",\"text\":\"Russia condemned Ukraine.\"}\n");
    /* 999 is not a CAMEO code: refused at file:line:column (it was written out with quad 0) */
    wstr("c999.txt", "111 denounce T\n  999 condemn T\n");
    CHECK_INT(run("@ code --dict %s %s", path("c999.txt"), path("x.jsonl")), 3);
    CHECK(strstr(ERR, "c999.txt:2:3:") != NULL && strstr(ERR, "\"999\"") != NULL);
    CHECK(strstr(OUT, "\"cameo\"") == NULL);
    CHECK(strstr(rv, limit_of(ERR, lim, sizeof lim)) != NULL);          /* "not in cameo/codes.txt" */
    /* the syntax limit of a code */
    wstr("c6.txt", "111222 condemn T\n");
    CHECK_INT(run("@ dicts --dict %s", path("c6.txt")), 3);
    CHECK(strstr(ERR, "c6.txt:1:1:") != NULL);
    CHECK(strstr(rv, limit_of(ERR, lim, sizeof lim)) != NULL);
    /* a paired code too */
    wstr("cpair.txt", "111:998 condemn T\n");
    CHECK_INT(run("@ dicts --dict %s", path("cpair.txt")), 3);
    CHECK(strstr(ERR, "cpair.txt:1:1:") != NULL && strstr(ERR, "998") != NULL);
    /* actor codes of the wrong shape */
    wstr("a4.txt", "country ZZZ Freedonia\ngroup ZZZREBX Freedonian Rebels\n");
    CHECK_INT(run("@ dicts --dict %s", path("a4.txt")), 3);
    CHECK(strstr(ERR, "a4.txt:2:7:") != NULL && strstr(ERR, "ZZZREBX") != NULL);
    CHECK(strstr(ra, limit_of(ERR, lim, sizeof lim)) != NULL);
    wstr("ag.txt", "agent MILX soldiers\n");
    CHECK_INT(run("@ dicts --dict %s", path("ag.txt")), 3);
    CHECK(strstr(ERR, "ag.txt:1:7:") != NULL);
    CHECK(strstr(ra, limit_of(ERR, lim, sizeof lim)) != NULL);
    wstr("lc.txt", "country zzz Freedonia\n");
    CHECK_INT(run("@ dicts --dict %s", path("lc.txt")), 3);
    CHECK(strstr(ERR, "lc.txt:1:9:") != NULL);
    /* TABARI and PETRARCH actor codes too */
    wstr("t.actors", "FREEDONIA_ [ZZZ]\nSYLVANIA_ [ZZZZ]\n");
    CHECK_INT(run("@ dicts --dict %s", path("t.actors")), 3);
    CHECK(strstr(ERR, "t.actors:2:") != NULL && strstr(ERR, "ZZZZ") != NULL);
    CHECK(strstr(ra, limit_of(ERR, lim, sizeof lim)) != NULL);
    wstr("g.agents", "SOLDIER_ [~MIL]\nFARMER_ [###]\n");      /* found by fuzz_dicts: an agent coded "###" */
    CHECK_INT(run("@ dicts --dict %s", path("g.agents")), 3);
    CHECK(strstr(ERR, "g.agents:2:") != NULL);
    wstr("s.actors", "FREEDONIA_ [/ZZZ]\n");                  /* found by fuzz_dicts: stored as the code "/ZZZ" */
    CHECK_INT(run("@ dicts --dict %s", path("s.actors")), 3);
    CHECK(strstr(ERR, "s.actors:1:") != NULL);
    wstr("p.actors.txt", "FREEDONIA_\n+FREEDONIAN_\n[ZZZ1]\n");
    CHECK_INT(run("@ dicts --dict %s", path("p.actors.txt")), 3);
    CHECK(strstr(ERR, "p.actors.txt:3:1:") != NULL);
    /* well-formed ones load */
    wstr("good.txt", "country ZZZ Freedonia\ngroup ZZZREBFLF Freedonian Liberation Front\nagent MIL freedonian soldiers\n");
    CHECK_INT(run("@ dicts --dict %s", path("good.txt")), 0);
    /* dyad's own data passes its own checks (every code in cameo/codes.txt) */
    CHECK_INT(run("@ dicts"), 0);
    free(ra); free(rv);
}

TEST(sniffer_bom_typo_junk)
{
    NEED_CLI();
    wstr("fr.jsonl", "{\"id\":\"f\",\"date\":\"2024-05-16\",\"text\":\"Freedonia attacked Ukraine.\"}\n");
    /* a BOM is skipped: the entry loads */
    wstr("bom.txt", "\xEF\xBB\xBF" "country ZZZ Freedonia\n");
    CHECK_INT(run("@ code --dict %s %s", path("bom.txt"), path("fr.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"ZZZ\"") != NULL);
    wstr("bomv.txt", "\xEF\xBB\xBF" "190 bombard T\n");
    CHECK_INT(run("@ dicts %s", path("bomv.txt")), 0);
    CHECK(strstr(OUT, "dyad patterns") != NULL && strstr(OUT, "1 patterns") != NULL);
    /* a typo in the first entry: an error naming the line (was: PETRARCH actors, 0 entries, exit 0) */
    wstr("typo.txt", "# mine\ncontry ZZZ Freedonia\ncountry ZZY Sylvania\n");
    CHECK_INT(run("@ code --dict %s %s", path("typo.txt"), path("fr.jsonl")), 3);
    CHECK(strstr(ERR, "typo.txt:2:1:") != NULL && strstr(ERR, "contry") != NULL);
    wstr("typo1.txt", "contry ZZZ Freedonia\n");
    CHECK_INT(run("@ dicts --dict %s", path("typo1.txt")), 3);
    CHECK(strstr(ERR, "typo1.txt:1:1:") != NULL);
    /* binary junk */
    char junk[300];
    for (int i = 0; i < 300; i++) junk[i] = (char)((i * 73 + 11) % 256);
    FILE *f = fopen(path("junk.bin"), "wb");
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    CHECK_INT(run("@ code --dict %s %s", path("junk.bin"), path("fr.jsonl")), 3);
    CHECK(strstr(ERR, "junk.bin:1:") != NULL);
    /* an empty file or one of comments adds nothing: an error, not a silent no-op */
    wstr("empty.txt", "");
    CHECK_INT(run("@ dicts --dict %s", path("empty.txt")), 3);
    CHECK(strstr(ERR, "empty.txt") != NULL);
    wstr("comments.txt", "# nothing\n\n# here\n");
    CHECK_INT(run("@ dicts --dict %s", path("comments.txt")), 3);
    /* PETRARCH's XML comments, "<! --" too, say nothing about the format: still PETRARCH actors */
    wstr("petr.txt", "<!-- mine -->\n<! -- more -->\nFREEDONIA_ [ZZZ]\n+FREEDONIAN_\nRUFUS_FIREFLY_\n[ZZZGOV]\n");
    CHECK_INT(run("@ dicts %s", path("petr.txt")), 0);
    CHECK(strstr(OUT, "PETRARCH actors") != NULL);
    /* a TABARI options file holds no entries dyad can use */
    wstr("x.options", "COMPLEX: VERBS[5]\nSET: MATCH = TRUE\n");
    CHECK_INT(run("@ code --dict %s %s", path("x.options"), path("fr.jsonl")), 3);
    CHECK(strstr(ERR, "x.options") != NULL && strstr(ERR, "options") != NULL);
}

TEST(second_line_bad_names_actor_loader)
{
    NEED_CLI();
    wstr("two.txt", "country ZZZ Freedonia\ncountry ZZY\n");
    CHECK_INT(run("@ dicts %s", path("two.txt")), 3);
    CHECK(strstr(ERR, "two.txt:2:") != NULL);
    CHECK(strstr(ERR, "no names") != NULL);           /* the actor loader's message */
    CHECK(strstr(ERR, "two.txt:1:") == NULL);         /* not the verb loader's for line 1 */
    wstr("twov.txt", "111 condemn T\n112 {bad T\n");
    CHECK_INT(run("@ dicts %s", path("twov.txt")), 3);
    CHECK(strstr(ERR, "twov.txt:2:") != NULL);
}

TEST(dict_dir_of_txt_files)
{
    NEED_CLI();
    mkdir(path("mydicts"), 0755);
    wstr("mydicts/people.txt", "country ZZZ Freedonia\nperson ZZZGOV 2020..  Rufus Firefly\n");
    wstr("mydicts/verbs.txt", "190 bombard T\n");
    wstr("mydicts/README.md", "not a dictionary\n");
    wstr("d.jsonl", "{\"id\":\"d\",\"date\":\"2024-05-16\",\"text\":\"Rufus Firefly bombarded Sylvania. Freedonia attacked Ukraine.\"}\n");
    CHECK_INT(run("@ code --dict %s %s", path("mydicts"), path("d.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"ZZZGOV\"") != NULL);
    CHECK(strstr(OUT, "\"code\": \"ZZZ\"") != NULL);
    CHECK_INT(run("@ dicts %s", path("mydicts")), 0);
    CHECK(strstr(OUT, "2 file(s); 2 actor entries, 1 patterns") != NULL);
    /* a directory with nothing to load is an error */
    mkdir(path("nodicts"), 0755);
    wstr("nodicts/notes.md", "x\n");
    CHECK_INT(run("@ dicts --dict %s", path("nodicts")), 3);
    CHECK(strstr(ERR, "nodicts") != NULL);
}

TEST(dict_from_a_pipe)
{
    NEED_CLI();
    wstr("p.jsonl", "{\"id\":\"p\",\"date\":\"2024-05-16\",\"text\":\"Freedonia attacked Ukraine.\"}\n");
    /* a pipe can be read once: like --dict <(printf ...) */
    CHECK_INT(run("printf 'country ZZZ Freedonia\\n' | @ code --dict /dev/stdin %s", path("p.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"ZZZ\"") != NULL);
    CHECK_INT(run("printf '190 bombard T\\n' | @ dicts /dev/stdin"), 0);
    CHECK(strstr(OUT, "1 patterns") != NULL);
}

TEST(fifo_never_hangs)
{
    NEED_CLI();
    wstr("q.jsonl", "{\"id\":\"q\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n");
    CHECK_INT(mkfifo(path("nobody.txt"), 0600), 0);
    double t0 = now();
    /* named: read, but with a timeout (no writer ever comes) */
    CHECK_INT(run("DYAD_READ_TIMEOUT=0.5 timeout 60 @ code --dict %s %s", path("nobody.txt"), path("q.jsonl")), 3);
    CHECK(strstr(ERR, "nobody.txt") != NULL && strstr(ERR, "timed out") != NULL);
    /* a writer: read */
    CHECK_INT(run("(printf 'country ZZZ Russia\\n' > %s &) ; timeout 60 @ code --dict %s %s", path("nobody.txt"), path("nobody.txt"), path("q.jsonl")), 0);
    CHECK(strstr(OUT, "\"code\": \"ZZZ\"") != NULL);
    /* inside a dictionary directory: refused, never opened */
    mkdir(path("fdir"), 0755);
    wstr("fdir/a.txt", "country ZZZ Freedonia\n");
    CHECK_INT(mkfifo(path("fdir/b.txt"), 0600), 0);
    CHECK_INT(run("timeout 60 @ code --dict %s %s", path("fdir"), path("q.jsonl")), 3);
    CHECK(strstr(ERR, "b.txt") != NULL && strstr(ERR, "FIFO") != NULL);
    /* inside a dyad eval cases directory */
    mkdir(path("cases"), 0755);
    wstr("cases/a.txt", "case c1\ntext Russia attacked Ukraine.\nexpect RUS UKR 190\n");
    CHECK_INT(mkfifo(path("cases/b.txt"), 0600), 0);
    CHECK_INT(run("timeout 60 @ eval %s", path("cases")), 3);
    CHECK(strstr(ERR, "b.txt") != NULL && strstr(ERR, "FIFO") != NULL);
    CHECK(now() - t0 < 30 * SLOW);
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
    double t0 = now();
    int r = dy_actordict_load_buf(&d, "same.txt", buf, n, err, sizeof err);
    double dt = now() - t0;
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
    CHECK_INT(run("@ eval %s", path("nonexist.text")), 3);
    CHECK(strstr(ERR, "nonexist.text") != NULL);
    CHECK(strstr(ERR, "Validate.project") == NULL);
    CHECK_INT(run("@ eval %s", path("nonexist.xml")), 3);
    CHECK(strstr(ERR, "nonexist.xml: cannot open") != NULL);
    /* empty or junk suites score nothing: an error, never "0/0 f1=1.000" */
    mkdir(path("ecases"), 0755);
    wstr("ecases/a.txt", "# no cases here\n");
    CHECK_INT(run("@ eval %s", path("ecases")), 3);
    CHECK(strstr(OUT, "f1=") == NULL);
    CHECK(strstr(ERR, "no cases") != NULL);
    wstr("empty.xml", "<Sentences></Sentences>\n");
    CHECK_INT(run("@ eval %s", path("empty.xml")), 3);
    CHECK(strstr(OUT, "f1=") == NULL);
    wstr("Validate.project", "empty project\n");
    wstr("empty.text", "no records at all\n");
    CHECK_INT(run("@ eval --project %s %s", path("Validate.project"), path("empty.text")), 3);
    CHECK(strstr(OUT, "f1=") == NULL);
}

TEST(errors_escape_raw_bytes)
{
    NEED_CLI();
    wstr("esc.txt", "country Z\x1b[31mZ Freedonia\x07\n");
    CHECK_INT(run("@ dicts --dict %s", path("esc.txt")), 3);
    CHECK(strchr(ERR, 0x1b) == NULL && strchr(ERR, 0x07) == NULL);
    CHECK(strstr(ERR, "\\x1b") != NULL);
    wstr("esc2.txt", "\x1b]0;pwned\x07 [ZZZ]\n");
    run("@ dicts --dict %s", path("esc2.txt"));   /* whatever it makes of it, */
    CHECK(strchr(ERR, 0x1b) == NULL && strchr(ERR, 0x07) == NULL);
    /* a pattern's bad word quoted in the message (found by fuzz_dicts) */
    wstr("esc3.txt", "111 con\xff\xff\x1b[2Jdemn T\n");
    CHECK_INT(run("@ dicts --dict %s", path("esc3.txt")), 3);
    CHECK(strstr(ERR, "esc3.txt:1:5:") != NULL);
    CHECK(strchr(ERR, 0x1b) == NULL && strchr(ERR, (char)0xff) == NULL);
    char out[64];
    CHECK_STR(dy_escape("a\x1b" "b\xc3\xa9\xff", 6, out, sizeof out), "a\\x1bb\xc3\xa9\\xff");
}

/* Published TABARI/PETRARCH dictionaries hold a few codes CAMEO lacks: refused by
 * default (file:line:column), loaded with --dict-unchecked (the user's choice). */
TEST(dict_unchecked_loads_foreign_codes)
{
    NEED_CLI();
    wstr("x.jsonl", "{\"id\":\"x\",\"date\":\"2024-05-16\",\"text\":\"Russia razzed Ukraine.\"}\n");
    wstr("odd.verbs", "RAZZ  [111] ; razzes, razzed, razzing\n- * + OVER TAXES  [1214]\n");
    CHECK_INT(run("@ code --dict %s %s", path("odd.verbs"), path("x.jsonl")), 3);
    CHECK(strstr(ERR, "odd.verbs:2:") != NULL && strstr(ERR, "1214") != NULL);
    CHECK_INT(run("@ code --dict-unchecked --dict %s %s", path("odd.verbs"), path("x.jsonl")), 0);
    CHECK(strstr(OUT, "\"cameo\": \"111\"") != NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    h_dyad_bin(argv[0], BIN, sizeof BIN);
    if (!getcwd(SRC, sizeof SRC)) return 2;
    if (h_tmpdir("dicts", TMP, sizeof TMP)) return 2;
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
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", TMP);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", TMP);
    free(OUT); free(ERR);
    return DONE();
}
