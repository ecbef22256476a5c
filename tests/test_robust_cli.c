/* test_robust_cli.c: `dyad code` loses nothing silently and says what
 * happened (issue 12: whole lines on a signal, out of memory named once with
 * a documented exit code, threads; issue 11: a missing file among several,
 * --max-doc-bytes goes on, TSV that spreadsheets read back).
 *
 * Runs the CLI next to this program (BUILD/tests/test_robust_cli ->
 * BUILD/dyad, or $DYAD_BIN), so `make SAN=1 test` and `make TSAN=1`
 * (.ci/tsan.sh) check their own builds; under ThreadSanitizer any report on
 * dyad's stderr fails the test that caused it.  Scratch files go to a fresh
 * directory under $TMPDIR or /tmp. */
#include "harness.h"
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cJSON.h>

#define SLOW ((H_ASAN || H_TSAN) ? 8 : 1)

/* A ThreadSanitizer or AddressSanitizer report on dyad's stderr is a failure. */
static void no_sanitizer_report(void)
{
    if (strstr(CLI.err, "WARNING: ThreadSanitizer") || strstr(CLI.err, "ERROR: AddressSanitizer") || strstr(CLI.err, "runtime error:")) {
        fprintf(stderr, "  sanitizer report from dyad:\n%s\n", CLI.err);
        H_.cur_failed = 1;
    }
}

/* CLI.out's lines are all JSON objects and CLI.out ends with '\n'; the number of lines, -1 if not. */
static int jsonl_lines(void)
{
    int n = 0;
    for (size_t i = 0; i < CLI.outlen;) {
        const char *nl = memchr(CLI.out + i, '\n', CLI.outlen - i);
        if (!nl) { fprintf(stderr, "  output ends without a newline (%zu bytes)\n", CLI.outlen); return -1; }
        size_t ll = (size_t)(nl - (CLI.out + i));
        cJSON *j = cJSON_ParseWithLength(CLI.out + i, ll);
        int ok = j && cJSON_IsObject(j);
        cJSON_Delete(j);
        if (!ok) { fprintf(stderr, "  line %d is not a JSON object: %.*s\n", n + 1, (int)(ll > 120 ? 120 : ll), CLI.out + i); return -1; }
        n++;
        i += ll + 1;
    }
    return n;
}

static int events_of(const char *id)
{
    char key[256];
    snprintf(key, sizeof key, "\"doc\": \"%s\",", id);
    int n = 0;
    for (const char *p = CLI.out; (p = strstr(p, key)); p++) n++;
    return n;
}

static int MODEL = -1;
#define NEED_CLI() do { if (MODEL < 0) MODEL = h_run("@ dicts") == 0; \
    if (!MODEL) SKIP("the CLI cannot load its dictionaries/model"); } while (0)

static const char *GOOD = "Russia attacked Ukraine.";

/* A JSON Lines file of n documents, every 10th one bad when bad is set. */
static void write_mixed(const char *name, int n, int bad)
{
    FILE *f = fopen(h_path(name), "wb");
    if (!f) { perror(name); exit(2); }
    static const char *const S[] = { "Russia attacked Ukraine.", "China condemned Japan on Tuesday.",
        "Iran threatened Israel.", "The United States praised Germany.", "Police arrested protesters in Cairo." };
    for (int i = 0; i < n; i++) {
        if (bad && i % 10 == 7) { fprintf(f, i % 20 == 7 ? "{\"id\":\"bad%d\",\"text\":}\n" : "[%d]\n", i); continue; }
        fprintf(f, "{\"id\":\"d%d\",\"date\":\"2024-05-16\",\"text\":\"%s %s\"}\n", i, S[i % 5], S[(i / 5) % 5]);
    }
    fclose(f);
}

/* ---------------------------------------------------------------- */

/* issue 12, memory safety: a document that cannot be coded for lack of memory
 * was reported through a file name the reader had freed (-j 2); now it is one
 * message naming file:line and the document, exit 5, and --keep-going codes
 * the next one.  The allocation limit: ASan's max_allocation_size_mb (32: the
 * issue's 12 no longer lets the parser model load; the 4 MB record's offset map
 * needs 51 MB), else ulimit -v (what the issue used). */
TEST(oom_document_named_exit5_keep_going)
{
    NEED_CLI();
    if (H_TSAN) SKIP("ThreadSanitizer build: no allocation limit (covered by the gcc and ASan builds)");
    FILE *f = fopen(h_path("oom.jsonl"), "wb");
    fprintf(f, "{\"id\":\"first\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n{\"id\":\"big\",\"date\":\"2024-05-16\",\"text\":\"", GOOD);
    /* 4.25 MB (the reproducer, with ASan's allocation limit), or 12.75 MB under
     * ulimit -v: it needs ~230 MB more address space than an ordinary document, far more
     * than the ~40 MB by which the minimal limit varies from run to run (thread arenas) */
    int reps = H_ASAN ? 170000 : 510000;
    for (int i = 0; i < reps; i++) fputs("Russia attacked Ukraine. ", f);
    fprintf(f, "\"}\n{\"id\":\"after\",\"date\":\"2024-05-16\",\"text\":\"China condemned Japan.\"}\n");
    fclose(f);
    h_wstr("ok.txt", GOOD);
    char lims[3][200];
    for (int j = 1; j <= (H_ASAN ? 2 : 1); j++) {
        if (H_ASAN) { snprintf(lims[j], sizeof lims[j], "ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=32:detect_leaks=0 "); continue; }
        /* the smallest address-space limit (to 10 MB) under which an ordinary document codes:
         * the big one needs far more (its text, normalised text and offset map) */
        long lo = 50000, hi = 4000000;
        char l[200];
        snprintf(l, sizeof l, "ulimit -v %ld; ", hi);
        if (h_run("%s@ code -j %d --date 2024-05-16 %s", l, j, h_path("ok.txt")) != 0) SKIP("dyad does not run under ulimit -v 4000000");
        while (hi - lo > 10000) {
            long mid = (lo + hi) / 2;
            snprintf(l, sizeof l, "ulimit -v %ld; ", mid);
            if (h_run("%s@ code -j %d --date 2024-05-16 %s", l, j, h_path("ok.txt")) == 0) hi = mid; else lo = mid;
        }
        snprintf(lims[j], sizeof lims[j], "ulimit -v %ld; ", hi + 60000);
        fprintf(stderr, "  -j %d: %s\n", j, lims[j]);
    }
    const char *lim = lims[1];
    /* -j 2 only with ASan's per-allocation limit: under ulimit -v the reader holding the
     * big record can starve a worker coding a small one (any allocation may fail then) */
    for (int j = 1; j <= (H_ASAN ? 2 : 1); j++) {
        lim = lims[j];
        int rc = h_run("%s@ code -j %d --keep-going --max-doc-bytes 20000000 %s", lim, j, h_path("oom.jsonl"));
        CHECK_INT(rc, 5);
        /* coding it fails (names the id), or under ulimit -v maybe already reading it */
        CHECK(strstr(CLI.err, "oom.jsonl:2: document \"big\": out of memory") != NULL ||
              strstr(CLI.err, "oom.jsonl:2: out of memory reading the record") != NULL);
        CHECK(strstr(CLI.err, "invalid JSON") == NULL);
        CHECK(jsonl_lines() >= 2);
        CHECK(events_of("first") >= 1);
        CHECK(events_of("after") >= 1);        /* --keep-going: the next document is coded */
        CHECK_INT(events_of("big"), 0);
        /* exactly one message about it */
        const char *m = strstr(CLI.err, "out of memory");
        CHECK(m && !strstr(m + 1, "out of memory"));
        rc = h_run("%s@ code -j %d --max-doc-bytes 20000000 %s", lim, j, h_path("oom.jsonl"));
        CHECK_INT(rc, 5);
        CHECK(strstr(CLI.err, "oom.jsonl:2") != NULL && strstr(CLI.err, "out of memory") != NULL);
        CHECK(events_of("first") >= 1);
        CHECK_INT(events_of("after"), 0);      /* without it the run stops there */
    }
    /* a record too big to be read at all (13 MB line: its buffer needs 16 MB) is named too */
    f = fopen(h_path("oomread.jsonl"), "wb");
    fprintf(f, "{\"id\":\"first\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n{\"id\":\"huge\",\"date\":\"2024-05-16\",\"text\":\"", GOOD);
    for (int i = 0; i < 520000; i++) fputs("Russia attacked Ukraine. ", f);
    fprintf(f, "\"}\n{\"id\":\"after\",\"date\":\"2024-05-16\",\"text\":\"China condemned Japan.\"}\n");
    fclose(f);
    lim = lims[1];
    int rc = h_run("%s@ code -j 1 --keep-going --max-doc-bytes 20000000 %s", lim, h_path("oomread.jsonl"));
    CHECK_INT(rc, 5);
    CHECK(strstr(CLI.err, "oomread.jsonl:2") != NULL && strstr(CLI.err, "out of memory") != NULL);
    CHECK(strstr(CLI.err, "invalid JSON") == NULL && strstr(CLI.err, "read error") == NULL);
    CHECK(events_of("first") >= 1 && events_of("after") >= 1);
    CHECK(strstr(CLI.err, "\x1b") == NULL);
}

/* Start `dyad code ARGS` with stdout to a file; returns its pid. in_fd: its
 * stdin (-1: /dev/null). */
static pid_t spawn(const char *out, int in_fd, char *const args[])
{
    unlink(out);   /* a poll of the file must not see the previous run's output */
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(h_path("err"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int i = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || i < 0) _exit(99);
        dup2(o, 1); dup2(e, 2); dup2(i, 0);
        execv(CLI.bin, args);
        _exit(98);
    }
    return pid;
}

static int wait_status(pid_t pid, double max_s)
{
    int st = 0;
    for (double t = 0; t < max_s; t += 0.01) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    fprintf(stderr, "  dyad did not stop within %.0f s of the signal\n", max_s);
    return -1;
}

/* issue 12, whole lines: SIGINT, SIGTERM or SIGHUP mid-run; the output ends
 * with '\n' (every line a JSON object), the exit status is 128 + the signal,
 * and stderr says so.  Mid-file (-j 1 and -j 4) and while waiting on stdin. */
TEST(signals_leave_whole_lines)
{
    NEED_CLI();
    write_mixed("sig.jsonl", 60000, 0);
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (int k = 0; k < 3; k++)
        for (int j = 1; j <= 4; j += 3) {
            char jn[8];
            snprintf(jn, sizeof jn, "%d", j);
            char *args[] = { CLI.bin, "code", "-j", jn, h_path("sig.jsonl"), NULL };
            pid_t pid = spawn(h_path("sigout"), -1, args);
            /* wait until output has started, then signal */
            struct stat sb;
            for (int t = 0; t < 3000 && (stat(h_path("sigout"), &sb) != 0 || sb.st_size < 200000); t++) {
                struct timespec ts = { 0, 10000000 };
                nanosleep(&ts, NULL);
            }
            kill(pid, sigs[k]);
            int rc = wait_status(pid, 30.0 * SLOW);
            h_capture(h_path("sigout"), h_path("err"));
            CHECK_INT(rc, 128 + sigs[k]);
            CHECK(CLI.outlen > 0 && CLI.out[CLI.outlen - 1] == '\n');
            int n = jsonl_lines();
            CHECK(n > 0);
            CHECK(n < 120000);                  /* it stopped early */
            CHECK(strstr(CLI.err, "dyad: stopped by SIG") != NULL);
        }
    /* stdin that stays open: the blocked read is interrupted and the records already read are written */
    for (int j = 1; j <= 2; j++) {
        int fds[2];
        if (pipe(fds)) { perror("pipe"); CHECK(0); return; }
        char jn[8];
        snprintf(jn, sizeof jn, "%d", j);
        char *args[] = { CLI.bin, "code", "-j", jn, "--input-format", "jsonl", NULL };
        pid_t pid = spawn(h_path("sigout"), fds[0], args);
        close(fds[0]);
        char rec[256];
        int m = snprintf(rec, sizeof rec, "{\"id\":\"early\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n", GOOD);
        if (write(fds[1], rec, (size_t)m) != m) CHECK(0);
        /* dyad loads, codes the record (its line reaches the file), then waits on the pipe */
        for (int t = 0; t < 6000; t++) {
            size_t n = 0;
            char *o = h_slurp(h_path("sigout"), &n);
            int seen = o && strstr(o, "\"doc\": \"early\"") && o[n - 1] == '\n';
            free(o);
            if (seen) break;
            struct timespec ts = { 0, 10000000 };
            nanosleep(&ts, NULL);
        }
        struct timespec ts = { 0, 200000000 };
        nanosleep(&ts, NULL);
        kill(pid, SIGTERM);
        int rc = wait_status(pid, 10.0 * SLOW);
        close(fds[1]);
        h_capture(h_path("sigout"), h_path("err"));
        CHECK_INT(rc, 143);
        CHECK(events_of("early") >= 1);
        if (events_of("early") < 1) fprintf(stderr, "  -j %d: stdout %zu bytes, stderr: %s\n", j, CLI.outlen, CLI.err);
        CHECK(jsonl_lines() >= 1);
    }
}

/* issue 12, .ci TSan block: -j 4 and -j 8 on mixed input with bad records give
 * the output of -j 1, and the same messages */
TEST(threads_mixed_bad_records_match_j1)
{
    NEED_CLI();
    write_mixed("mixed.jsonl", 400, 1);
    CHECK_INT(h_run("@ code -j 1 --keep-going %s", h_path("mixed.jsonl")), 1);
    CHECK(jsonl_lines() > 0);
    char *ref = CLI.out; size_t reflen = CLI.outlen;
    char *referr = strdup(CLI.err);
    CLI.out = NULL;
    CHECK(strstr(referr, "mixed.jsonl:18:1: expected a JSON object") != NULL);
    CHECK(strstr(referr, "mixed.jsonl:8:") != NULL && strstr(referr, "invalid JSON") != NULL);
    for (int j = 4; j <= 8; j += 4) {
        CHECK_INT(h_run("@ code -j %d --keep-going %s %s", j, h_path("mixed.jsonl"), h_path("mixed.jsonl")), 1);
        CHECK_INT(CLI.outlen, 2 * reflen);
        CHECK(CLI.outlen == 2 * reflen && !memcmp(CLI.out, ref, reflen) && !memcmp(CLI.out + reflen, ref, reflen));
        CHECK_INT(h_run("@ code -j %d --format tsv --keep-going %s", j, h_path("mixed.jsonl")), 1);
        CHECK(CLI.outlen > 0);
        CHECK_INT(h_run("@ code -j %d %s", j, h_path("mixed.jsonl")), 1);   /* stops at line 8 */
        CHECK(events_of("d6") >= 1 && events_of("d8") == 0);
    }
    free(ref); free(referr);
}

/* issue 12, memory per document: a long document's output goes to stdout in
 * pieces while it is coded; with -j 2 and -j 3 the pieces and the short
 * documents around them still come out in input order, as with -j 1 */
TEST(long_documents_in_pieces_keep_order)
{
    NEED_CLI();
    FILE *f = fopen(h_path("long.jsonl"), "wb");
    static const char *const S[] = { "Russia attacked Ukraine. ", "China condemned Japan. ", "Iran threatened Israel. " };
    for (int d = 0; d < 5; d++) {
        fprintf(f, "{\"id\":\"L%d\",\"date\":\"2024-05-16\",\"text\":\"", d);
        int n = d % 2 ? 60000 : 3;          /* 1.4 MB documents between short ones */
        for (int i = 0; i < n; i++) fputs(S[(i + d) % 3], f);
        fputs("\"}\n", f);
    }
    fclose(f);
    for (int fmt = 0; fmt < 2; fmt++) {
        const char *ff = fmt ? "--format actors" : "";
        CHECK_INT(h_run("@ code -j 1 %s %s", ff, h_path("long.jsonl")), 0);
        CHECK(jsonl_lines() > 100000);
        char *ref = CLI.out; size_t reflen = CLI.outlen;
        CLI.out = NULL;
        for (int j = 2; j <= 3; j++) {
            CHECK_INT(h_run("@ code -j %d %s %s", j, ff, h_path("long.jsonl")), 0);
            CHECK(CLI.outlen == reflen && !memcmp(CLI.out, ref, reflen));
        }
        free(ref);
    }
}

/* issue 11: a missing or unreadable file among several is named, the others
 * are coded, and the exit status is 4 */
TEST(missing_file_among_several)
{
    NEED_CLI();
    h_wstr("a.txt", GOOD);
    h_wstr("b.txt", "China condemned Japan.");
    mkdir(h_path("adir.txt"), 0755);
    for (int j = 1; j <= 2; j++) {
        int rc = h_run("@ code -j %d --date 2024-05-16 %s %s %s %s", j, h_path("a.txt"), h_path("missing.txt"), h_path("adir.txt"), h_path("b.txt"));
        CHECK_INT(rc, 4);
        CHECK(strstr(CLI.err, "missing.txt: cannot open: No such file or directory") != NULL);
        CHECK(strstr(CLI.err, "adir.txt") != NULL);
        CHECK(events_of("a.txt") >= 1);
        CHECK(events_of("b.txt") >= 1);
        CHECK(jsonl_lines() >= 2);
    }
}

/* issue 11: --max-doc-bytes skips the document and goes on (without --keep-going), exit 1 */
TEST(max_doc_bytes_skips_and_goes_on)
{
    NEED_CLI();
    char big[400];
    snprintf(big, sizeof big, "%s %s %s %s %s", GOOD, GOOD, GOOD, GOOD, GOOD);
    h_wstr("long.txt", big);
    h_wstr("short.txt", GOOD);
    int rc = h_run("@ code --max-doc-bytes 60 --date 2024-05-16 %s %s", h_path("long.txt"), h_path("short.txt"));
    CHECK_INT(rc, 1);
    CHECK(strstr(CLI.err, "long.txt: document longer than the limit of 60 bytes (--max-doc-bytes); skipped") != NULL);
    CHECK(events_of("short.txt") >= 1);
    CHECK_INT(events_of("long.txt"), 0);
    char j[1200];
    snprintf(j, sizeof j, "{\"id\":\"L\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n{\"id\":\"S\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n", big, GOOD);
    h_wstr("lim.jsonl", j);
    rc = h_run("@ code -j 2 --max-doc-bytes 90 %s", h_path("lim.jsonl"));
    CHECK_INT(rc, 1);
    CHECK(strstr(CLI.err, "lim.jsonl:1:1: record longer than the limit of 90 bytes") != NULL);
    CHECK(events_of("S") >= 1);
    CHECK_INT(events_of("L"), 0);
}

/* issue 11: TSV that Python's csv module and pandas read back: quotes, tabs
 * and newlines inside fields, the same number of fields on every row, and the
 * sentence field equal to the document's bytes at its offsets */
TEST(tsv_round_trips_python_csv_and_pandas)
{
    NEED_CLI();
    if (system("python3 -c 'import csv' 2>/dev/null") != 0) SKIP("python3 not installed");
    const char *text = "\"Russia attacked Ukraine,\" he said.\n"
                       "Russia attacked Ukraine\tin the \"east\".\r\n"
                       "Iran threatened\nIsrael.\n\n"
                       "China condemned Japan, calling it a \"grave\tmistake\".";
    h_wstr("quotes.txt", text);
    CHECK_INT(h_run("@ code --format tsv --date 2024-05-16 %s > %s", h_path("quotes.txt"), h_path("q.tsv")), 0);
    char script[8192];
    char qp[1100], tp[1100];
    snprintf(qp, sizeof qp, "'%s'", h_path("q.tsv"));
    snprintf(tp, sizeof tp, "'%s'", h_path("quotes.txt"));
    snprintf(script, sizeof script,
             "import csv, sys\n"
             "text = open(%s, 'rb').read()\n"
             "rows = list(csv.reader(open(%s, newline='', encoding='utf-8'), delimiter='\\t'))\n"
             "hdr = rows[0]; n = len(hdr); body = rows[1:]\n"
             "assert len(body) >= 3, ('rows', len(body))\n"
             "assert all(len(r) == n for r in rows), [len(r) for r in rows]\n"
             "for f in ('verb', 'source', 'target'):\n"
             "    ti, ss, se = hdr.index(f + '_text'), hdr.index(f + '_start'), hdr.index(f + '_end')\n"
             "    for r in body:\n"
             "        if r[ss]: assert r[ti].encode() == text[int(r[ss]):int(r[se])], (f, r[ti], r[ss])\n"
             "sent = [r[hdr.index('sentence')] for r in body]\n"
             "assert any('\\t' in s and '\"' in s for s in sent), sent\n"
             "assert any('\\n' in s for s in sent), sent\n"
             "assert any(s.startswith('\"') for s in sent), sent\n"
             "try:\n"
             "    import pandas\n"
             "except ImportError:\n"
             "    print('pandas: not installed'); sys.exit(0)\n"
             "df = pandas.read_csv(%s, sep='\\t', dtype=str, keep_default_na=False)\n"
             "assert df.shape == (len(body), n), df.shape\n"
             "assert list(df['sentence']) == sent, (list(df['sentence']), sent)\n"
             "print('pandas: ok')\n", tp, qp, qp);
    FILE *f = fopen(h_path("check.py"), "w");
    fputs(script, f);
    fclose(f);
    /* the Python that has pandas (Debian's python3-pandas is for /usr/bin/python3) */
    const char *py = "python3";
    if (system("python3 -c 'import pandas' 2>/dev/null") != 0 && system("/usr/bin/python3 -c 'import pandas' 2>/dev/null") == 0)
        py = "/usr/bin/python3";
    int rc = h_run("%s %s", py, h_path("check.py"));
    if (rc != 0) fprintf(stderr, "  python: %s%s\n", CLI.out, CLI.err);
    CHECK_INT(rc, 0);
    if (strstr(CLI.out, "not installed")) fprintf(stderr, "  (pandas not installed: only Python's csv checked)\n");
}

/* issue 12: "cannot start threads" says why (errno's text), exit 4 */
TEST(threads_cannot_start_says_why)
{
    NEED_CLI();
    if (H_ASAN || H_TSAN) SKIP("sanitizer builds need the address space ulimit -v takes away");
    h_wstr("t.txt", GOOD);
    int ok = h_run("ulimit -v 400000; @ code -j 1 --date 2024-05-16 %s", h_path("t.txt"));
    if (ok != 0) SKIP("dyad does not start under ulimit -v 400000 on this machine");
    int rc = h_run("ulimit -v 400000; @ code -j 256 --date 2024-05-16 %s", h_path("t.txt"));
    if (rc == 0) SKIP("256 threads fit in 400 MB of address space here");
    CHECK_INT(rc, 4);
    CHECK(strstr(CLI.err, "cannot start 257 coding threads") != NULL);
    CHECK(strstr(CLI.err, "Resource temporarily unavailable") != NULL || strstr(CLI.err, "Cannot allocate memory") != NULL);
}

/* the exit statuses are documented where users look */
TEST(help_documents_exit_codes_and_limits)
{
    CHECK_INT(h_run("@ code --help"), 0);
    CHECK(strstr(CLI.out, "5 out of memory") != NULL);
    CHECK(strstr(CLI.out, "130") && strstr(CLI.out, "143") && strstr(CLI.out, "129"));
    CHECK(strstr(CLI.out, "default 8388608") != NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (h_cli_init(argv[0], "robust-cli") < 0) return 1;
    CLI.after_run = no_sanitizer_report;
    RUN(help_documents_exit_codes_and_limits);
    RUN(missing_file_among_several);
    RUN(max_doc_bytes_skips_and_goes_on);
    RUN(tsv_round_trips_python_csv_and_pandas);
    RUN(threads_mixed_bad_records_match_j1);
    RUN(long_documents_in_pieces_keep_order);
    RUN(oom_document_named_exit5_keep_going);
    RUN(threads_cannot_start_says_why);
    RUN(signals_leave_whole_lines);
    h_cleanup();
    return DONE();
}
