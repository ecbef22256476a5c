/* test_hostile.c: hostile input (issue 6).  Every case feeds the CLI (or the
 * library) something nasty and asserts the documented behaviour: exit code
 * (0 ok, 1 bad input, 2 usage, 3 dictionaries, 4 I/O), an error message that
 * names the file and line, nothing half-written on stdout, output that is
 * valid JSON Lines, and bounded time and memory.
 *
 * The CLI is found next to this program (BUILD/tests/test_hostile ->
 * BUILD/dyad, so `make SAN=1 test` checks build-san/dyad) or in $DYAD_BIN.
 * Scratch files (up to ~100 MB) go to a fresh directory under $TMPDIR or
 * /tmp and are removed at the end.  CLI cases need the tagger model and
 * SKIP when the CLI cannot load it. */
#include "harness.h"
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <cJSON.h>
#include "dyad.h"
#include "core/arena.h"
#include "read/reader.h"
#include "code/cameo.h"
#include "actors/actordict.h"
#include "tag/tokenize.h"
#include "compat/petrarch.h"

static int MODEL = -1;           /* the CLI can load its dictionaries and model */

#define SLOW (H_ASAN ? 5 : 1)

static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        int k; unsigned cp, min;
        if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        for (int j = 1; j <= k; j++) {
            if (i + (size_t)j >= n || (p[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* CLI.out is valid JSON Lines: every line a JSON object, valid UTF-8, and the
 * output ends with a newline (nothing half-written).  Returns the number of
 * lines, -1 when invalid. */
static int jsonl_lines(void)
{
    int n = 0;
    size_t i = 0;
    while (i < CLI.outlen) {
        const char *nl = memchr(CLI.out + i, '\n', CLI.outlen - i);
        if (!nl) { fprintf(stderr, "  output ends without a newline\n"); return -1; }
        size_t ll = (size_t)(nl - (CLI.out + i));
        cJSON *j = valid_utf8(CLI.out + i, ll) ? cJSON_ParseWithLength(CLI.out + i, ll) : NULL;
        int ok = j && cJSON_IsObject(j);
        cJSON_Delete(j);
        if (!ok) { fprintf(stderr, "  output line %d is not a JSON object: %.*s\n", n + 1, (int)(ll > 200 ? 200 : ll), CLI.out + i); return -1; }
        n++;
        i += ll + 1;
    }
    return n;
}

/* Number of output lines (JSON objects) whose "doc" is id. */
static int events_of(const char *id)
{
    int n = 0;
    for (size_t i = 0; i < CLI.outlen;) {
        const char *nl = memchr(CLI.out + i, '\n', CLI.outlen - i);
        size_t ll = nl ? (size_t)(nl - (CLI.out + i)) : CLI.outlen - i;
        cJSON *j = cJSON_ParseWithLength(CLI.out + i, ll);
        cJSON *d = j ? cJSON_GetObjectItemCaseSensitive(j, "doc") : NULL;
        if (cJSON_IsString(d) && strcmp(d->valuestring, id) == 0) n++;
        cJSON_Delete(j);
        i += ll + 1;
    }
    return n;
}

static int need_model(void)
{
    if (MODEL < 0) MODEL = h_run("@ dicts") == 0;
    return MODEL;
}
#define NEED_CLI() do { if (!need_model()) SKIP("the CLI cannot load its dictionaries/model (data/tagger/ewt.model absent?)"); } while (0)

static const char *GOOD = "Russia attacked Ukraine.";   /* a sentence that codes (checked in cli_reference) */

/* ---------------------------------------------------------------- */

TEST(cli_reference)
{
    NEED_CLI();
    char j[256];
    snprintf(j, sizeof j, "{\"id\":\"ref\",\"date\":\"2024-05-16\",\"text\":\"%s\"}\n", GOOD);
    h_wstr("ref.jsonl", j);
    CHECK_INT(h_run("@ code %s", h_path("ref.jsonl")), 0);
    CHECK(jsonl_lines() >= 1);
    CHECK(events_of("ref") >= 1);
    /* the same kind of event in a later sentence is a new event (regression: the coder's
     * duplicate check compared per-sentence mention indices across the whole document) */
    h_wstr("two.jsonl", "{\"id\":\"two\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine. Kenya attacked Uganda.\"}\n");
    CHECK_INT(h_run("@ code %s", h_path("two.jsonl")), 0);
    CHECK_INT(events_of("two"), 2);
    CHECK(strstr(CLI.out, "KEN") != NULL);
}

TEST(invalid_utf8_and_overlongs)
{
    NEED_CLI();
    /* raw invalid bytes, overlong '/', overlong NUL, a UTF-16 surrogate, > U+10FFFF, truncated sequence */
    const char t[] = "{\"id\":\"u\",\"date\":\"2024-05-16\",\"text\":\"\xff\xfe Russia \xc0\xaf\xc0\x80 attacked \xed\xa0\x80"
                     " Ukraine \xf4\x90\x80\x80 \xe2\x82.\"}\n";
    h_wbytes("u.jsonl", t, sizeof t - 1);
    CHECK_INT(h_run("@ code %s", h_path("u.jsonl")), 0);
    CHECK(jsonl_lines() >= 0);
    /* the same bytes as a plain text file, JSONL and TSV */
    const char u[] = "\xff\xfe Russia \xc0\xaf\xc0\x80 attacked \xed\xa0\x80 Ukraine \xf4\x90\x80\x80 \xe2\x82.";
    h_wbytes("u.txt", u, sizeof u - 1);
    CHECK_INT(h_run("@ code --date 2024-05-16 %s", h_path("u.txt")), 0);
    CHECK(jsonl_lines() >= 0);
    CHECK_INT(h_run("@ code --format tsv --date 2024-05-16 %s", h_path("u.txt")), 0);
    CHECK(valid_utf8(CLI.out, CLI.outlen));
}

TEST(nul_bytes)
{
    NEED_CLI();
    const char txt[] = "Russia\0 attacked\0\0 Ukraine. \0";
    h_wbytes("nul.txt", txt, sizeof txt - 1);
    CHECK_INT(h_run("@ code --date 2024-05-16 %s", h_path("nul.txt")), 0);
    CHECK(jsonl_lines() >= 0);
    /* a raw NUL inside a JSON line: that record is bad (file:line:col), the next is coded with --keep-going */
    const char js[] = "{\"id\":\"a\",\"text\":\"x\0y\"}\n{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n";
    h_wbytes("nul.jsonl", js, sizeof js - 1);
    CHECK_INT(h_run("@ code --keep-going %s", h_path("nul.jsonl")), 1);
    CHECK(strstr(CLI.err, "nul.jsonl:1:") != NULL);
    CHECK(jsonl_lines() >= 1);
    CHECK(events_of("b") >= 1);
    /* \u0000 escapes are valid JSON */
    h_wstr("esc.jsonl", "{\"id\":\"c\",\"date\":\"2024-05-16\",\"text\":\"Russia\\u0000 attacked Ukraine.\"}\n");
    CHECK_INT(h_run("@ code %s", h_path("esc.jsonl")), 0);
    CHECK(jsonl_lines() >= 0);
}

/* A JSON Lines file whose first record has a text of `big` bytes. */
static int write_big_jsonl(const char *name, size_t big)
{
    FILE *f = fopen(h_path(name), "wb");
    if (!f) return -1;
    fputs("{\"id\":\"big\",\"date\":\"2024-05-16\",\"text\":\"", f);
    static char chunk[1 << 16];
    for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (i % 7 == 6) ? ' ' : 'a';
    for (size_t w = 0; w < big; w += sizeof chunk) fwrite(chunk, 1, big - w < sizeof chunk ? big - w : sizeof chunk, f);
    fputs("\"}\n{\"id\":\"next\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n", f);
    return fclose(f);
}

TEST(reader_skips_100mb_line)
{
    /* library level (no model needed): the 100 MB record is skipped with file:line, the next is read,
     * and the reader's buffer never grows past the limit */
    if (write_big_jsonl("big.jsonl", 100u << 20)) SKIP("cannot write 100 MB to the scratch directory");
    dy_read_opts o;
    memset(&o, 0, sizeof o);
    char err[1024];
    dy_reader *r = dy_reader_open(h_path("big.jsonl"), &o, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return;
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_doc d;
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), -4);   /* over --max-doc-bytes: skipped */
    CHECK(strstr(err, "big.jsonl:1:") != NULL);
    CHECK(strstr(err, "--max-doc-bytes") != NULL);
    dy_arena_reset(&a);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "next");
    CHECK_INT(d.line, 2);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 0);
    dy_reader_close(r);
    dy_arena_free(&a);
}

TEST(cli_100mb_line)
{
    NEED_CLI();
    if (access(h_path("big.jsonl"), R_OK) != 0 && write_big_jsonl("big.jsonl", 100u << 20)) SKIP("cannot write 100 MB");
    time_t t0 = time(NULL);
    CHECK_INT(h_run("@ code --keep-going %s", h_path("big.jsonl")), 1);
    CHECK(strstr(CLI.err, "big.jsonl:1:") != NULL);
    CHECK(jsonl_lines() >= 1);
    CHECK_INT(events_of("big"), 0);
    CHECK(events_of("next") >= 1);
    /* without --keep-going too: a record over --max-doc-bytes is skipped with a message
     * naming it and the rest is coded (issue 11: "skips the document and goes on"), exit 1 */
    CHECK_INT(h_run("@ code %s", h_path("big.jsonl")), 1);
    CHECK(strstr(CLI.err, "big.jsonl:1:") != NULL);
    CHECK(events_of("next") >= 1);
    /* a lower --max-doc-bytes applies to ordinary lines too */
    CHECK_INT(h_run("@ code --keep-going --max-doc-bytes 30 %s", h_path("big.jsonl")), 1);
    CHECK(strstr(CLI.err, "big.jsonl:2:") != NULL);
    CHECK(time(NULL) - t0 < 60 * SLOW);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    /* the 100 MB line was drained, not held (ru_maxrss is in kB; generous for the sanitizer build) */
    CHECK(ru.ru_maxrss < (SLOW > 1 ? 900L : 300L) * 1024);
    unlink(h_path("big.jsonl"));
}

TEST(one_2mb_word)
{
    NEED_CLI();
    size_t n = 2u << 20;
    char *w = malloc(n + 64);
    CHECK(w != NULL);
    if (!w) return;
    memcpy(w, "Russia attacked Ukraine. ", 25);
    for (size_t i = 25; i < n; i++) w[i] = "Zyx"[i % 3];
    memcpy(w + n, " . Russia attacked Ukraine.", 28);
    h_wbytes("word.txt", w, n + 27);
    free(w);
    time_t t0 = time(NULL);
    CHECK_INT(h_run("@ code --date 2024-05-16 %s", h_path("word.txt")), 0);
    CHECK(jsonl_lines() >= 1);
    CHECK(time(NULL) - t0 < 20 * SLOW);
    /* and as --explain, which prints tokens */
    CHECK_INT(h_run("@ code --explain --date 2024-05-16 %s", h_path("word.txt")), 0);
}

TEST(nested_quotes_and_parens)
{
    NEED_CLI();
    size_t n = 10000;
    char *t = malloc(4 * n + 64), *p = t;
    CHECK(t != NULL);
    if (!t) return;
    for (size_t i = 0; i < n; i++) *p++ = '(';
    p += sprintf(p, "Russia attacked Ukraine.");
    for (size_t i = 0; i < n; i++) *p++ = ')';
    *p++ = ' ';
    for (size_t i = 0; i < n; i++) *p++ = '"';
    p += sprintf(p, " Russia attacked Ukraine. ");
    for (size_t i = 0; i < n; i++) *p++ = i % 2 ? '\'' : '"';
    h_wbytes("nest.txt", t, (size_t)(p - t));
    free(t);
    time_t t0 = time(NULL);
    CHECK_INT(h_run("@ code --date 2024-05-16 %s", h_path("nest.txt")), 0);
    CHECK(jsonl_lines() >= 0);
    CHECK(time(NULL) - t0 < 10 * SLOW);
}

TEST(json_nested_100000_deep)
{
    NEED_CLI();
    size_t n = 100000;
    char *t = malloc(10 * n + 256), *p = t;
    CHECK(t != NULL);
    if (!t) return;
    for (size_t i = 0; i < n; i++) *p++ = '[';
    for (size_t i = 0; i < n; i++) *p++ = ']';
    *p++ = '\n';
    p += sprintf(p, "{\"id\":\"deep\",\"x\":");
    for (size_t i = 0; i < n; i++) p += sprintf(p, "{\"a\":");
    for (size_t i = 0; i < n; i++) *p++ = '}';
    p += sprintf(p, ",\"text\":\"x\"}\n{\"id\":\"ok\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n");
    h_wbytes("deep.jsonl", t, (size_t)(p - t));
    free(t);
    CHECK_INT(h_run("@ code --keep-going %s", h_path("deep.jsonl")), 1);
    CHECK(strstr(CLI.err, "deep.jsonl:1:") != NULL);
    CHECK(strstr(CLI.err, "deep.jsonl:2:") != NULL);
    CHECK(jsonl_lines() >= 1);
    CHECK(events_of("ok") >= 1);
    CHECK_INT(events_of("deep"), 0);
}

TEST(numbers_and_dates_out_of_range)
{
    NEED_CLI();
    h_wstr("num.jsonl",
         "{\"id\":1e400,\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n"
         "{\"id\":-1e-400,\"date\":\"9999-99-99\",\"text\":\"Russia attacked Ukraine.\"}\n"
         "{\"id\":\"feb30\",\"date\":\"2023-02-29\",\"text\":\"Russia attacked Ukraine.\"}\n"
         "{\"id\":\"bigyear\",\"date\":\"99999999999-01-01\",\"text\":\"Russia attacked Ukraine.\"}\n"
         "{\"id\":\"numdate\",\"date\":20240516,\"text\":\"Russia attacked Ukraine.\"}\n"
         "{\"id\":123456789012345678901234567890,\"date\":\"1799-12-31T00:00:00Z\",\"text\":\"Russia attacked Ukraine.\"}\n");
    int rc = h_run("@ code --keep-going %s", h_path("num.jsonl"));
    CHECK(rc == 0 || rc == 1);
    CHECK(jsonl_lines() >= 1);
    /* each bad date is reported with file:line, and nothing prints an impossible date */
    CHECK(strstr(CLI.err, "num.jsonl:2") != NULL);
    CHECK(strstr(CLI.err, "num.jsonl:3") != NULL);
    CHECK(strstr(CLI.err, "num.jsonl:4") != NULL);
    CHECK(strstr(CLI.out, "9999-99") == NULL && strstr(CLI.out, "2023-02-29") == NULL && strstr(CLI.out, "1799-") == NULL);
    /* out-of-range options are usage errors */
    CHECK_INT(h_run("@ code --date 2024-13-01 %s", h_path("num.jsonl")), 2);
    CHECK_INT(h_run("@ code --date 99999-01-01 %s", h_path("num.jsonl")), 2);
    CHECK_INT(h_run("@ code --max-doc-bytes 99999999999999999999999 %s", h_path("num.jsonl")), 2);
    CHECK_INT(h_run("@ code --max-tokens -5 %s", h_path("num.jsonl")), 2);
    CHECK_INT(h_run("@ code -j 0 %s", h_path("num.jsonl")), 2);
}

TEST(dictionary_line_of_1mb)
{
    NEED_CLI();
    size_t n = 1u << 20;
    char *t = malloc(n + 64);
    CHECK(t != NULL);
    if (!t) return;
    int k = sprintf(t, "country ZZZ ");
    for (size_t i = (size_t)k; i < n; i++) t[i] = (i % 10 == 9) ? ' ' : 'q';
    t[n] = '\n';
    h_wbytes("long-actor.txt", t, n + 1);
    CHECK_INT(h_run("@ dicts --dict %s", h_path("long-actor.txt")), 3);
    CHECK(strstr(CLI.err, "long-actor.txt:1:") != NULL);
    /* the same as one pattern line */
    k = sprintf(t, "042 visit ");
    for (size_t i = (size_t)k; i < n; i++) t[i] = (i % 10 == 9) ? ' ' : 'q';
    h_wbytes("long-verb.txt", t, n + 1);
    CHECK_INT(h_run("@ dicts --dict %s", h_path("long-verb.txt")), 3);
    CHECK(strstr(CLI.err, "long-verb.txt:1:") != NULL);
    /* a 1 MB comment is fine */
    t[0] = '#';
    memcpy(t + n + 1, "country ZZZ Freedonia\n", 22);
    h_wbytes("long-comment.txt", t, n + 23);
    CHECK_INT(h_run("@ dicts --dict %s", h_path("long-comment.txt")), 0);
    free(t);
}

TEST(dictionary_duplicate_entry)
{
    NEED_CLI();
    h_wstr("one.txt", "country ZZZ Freedonia\n");
    h_wstr("dup.txt", "country ZZZ Freedonia\ncountry ZZZ Freedonia; Freedonia\n");
    h_wstr("fr.jsonl", "{\"id\":\"f\",\"date\":\"2024-05-16\",\"text\":\"Freedonia attacked Ukraine. Russia criticized Freedonia.\"}\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("one.txt"), h_path("fr.jsonl")), 0);
    char *once = strdup(CLI.out);
    int n1 = jsonl_lines();
    CHECK(n1 >= 1);
    CHECK(strstr(CLI.out, "\"ZZZ\"") != NULL);
    CHECK_INT(h_run("@ code --dict %s %s", h_path("dup.txt"), h_path("fr.jsonl")), 0);
    CHECK_INT(jsonl_lines(), n1);              /* a duplicate never doubles events */
    CHECK_STR(CLI.out, once);
    free(once);
    /* duplicate pattern lines: same */
    h_wstr("pat1.txt", "111 denounce T\n");
    h_wstr("pat2.txt", "111 denounce T\n111 denounce T\n");
    h_wstr("de.jsonl", "{\"id\":\"d\",\"date\":\"2024-05-16\",\"text\":\"Russia denounced Ukraine.\"}\n");
    CHECK_INT(h_run("@ code --dict %s %s", h_path("pat1.txt"), h_path("de.jsonl")), 0);
    once = strdup(CLI.out);
    CHECK_INT(h_run("@ code --dict %s %s", h_path("pat2.txt"), h_path("de.jsonl")), 0);
    CHECK_STR(CLI.out, once);
    free(once);
}

TEST(unreadable_input)
{
    NEED_CLI();
    h_wstr("ok.txt", "Russia attacked Ukraine.");
    mkdir(h_path("adir"), 0755);
    CHECK_INT(h_run("@ code %s", h_path("adir")), 4);
    CHECK(strstr(CLI.err, "adir") != NULL);
    CHECK_INT(CLI.outlen, 0);
    CHECK_INT(h_run("@ code %s", h_path("does-not-exist.txt")), 4);
    CHECK(strstr(CLI.err, "does-not-exist.txt") != NULL);
    CHECK_INT(CLI.outlen, 0);
    /* --keep-going goes on with the next file, exit still 4 */
    CHECK_INT(h_run("@ code --keep-going --date 2024-05-16 %s %s", h_path("does-not-exist.txt"), h_path("ok.txt")), 4);
    CHECK(events_of("ok.txt") >= 1);
    CHECK(jsonl_lines() >= 1);
    /* unreadable dictionaries and data directories: exit 3 naming the path */
    CHECK_INT(h_run("@ dicts --dict %s", h_path("no-dict.txt")), 3);
    CHECK(strstr(CLI.err, "no-dict.txt") != NULL);
    CHECK_INT(h_run("@ dicts --data %s", h_path("no-data")), 3);
    CHECK(strstr(CLI.err, "no-data") != NULL);
}

TEST(full_disk)
{
    NEED_CLI();
    if (access("/dev/full", W_OK) != 0) SKIP("no /dev/full");
    h_wstr("ok.txt", "Russia attacked Ukraine.");
    CHECK_INT(h_run("@ code --date 2024-05-16 %s >/dev/full", h_path("ok.txt")), 4);
    CHECK(strstr(CLI.err, "error writing output") != NULL);
    CHECK_INT(h_run("@ code --explain --date 2024-05-16 %s >/dev/full", h_path("ok.txt")), 4);
    CHECK_INT(h_run("@ code --format tsv --date 2024-05-16 %s >/dev/full", h_path("ok.txt")), 4);
    CHECK(strstr(CLI.err, "No space left") != NULL);
    /* with coding threads too */
    CHECK_INT(h_run("@ code -j 2 --explain --date 2024-05-16 %s %s >/dev/full", h_path("ok.txt"), h_path("ok.txt")), 4);
    CHECK(strstr(CLI.err, "error writing output") != NULL);
}

TEST(closed_stdout)
{
    NEED_CLI();
    h_wstr("ok.txt", "Russia attacked Ukraine.");
    /* a pipe whose reader has gone: no death by SIGPIPE, exit 4 and a message */
    int rc = h_run("sh -c '@ code --explain --date 2024-05-16 %s 2>%s; echo $? >%s' | head -c0",
                 h_path("ok.txt"), h_path("pipe-err"), h_path("pipe-rc"));
    CHECK_INT(rc, 0);
    size_t n;
    char *s = h_slurp_or_empty(h_path("pipe-rc"), &n);
    CHECK_INT(atoi(s), 4);
    free(s);
    s = h_slurp_or_empty(h_path("pipe-err"), &n);
    CHECK(strstr(s, "error writing output") != NULL);
    free(s);
    /* fd 1 closed */
    CHECK_INT(h_run("@ code --date 2024-05-16 %s >&-", h_path("ok.txt")), 4);
    CHECK(strstr(CLI.err, "error writing output") != NULL);
    CHECK_INT(h_run("@ code -j 3 --explain --date 2024-05-16 %s %s %s >&-", h_path("ok.txt"), h_path("ok.txt"), h_path("ok.txt")), 4);
    CHECK(strstr(CLI.err, "error writing output") != NULL);
}

TEST(five_mb_single_line)
{
    NEED_CLI();
    static const char *const S[] = { "Russia attacked Ukraine. ", "Kenya and Uganda signed a trade agreement. ",
                                     "Officials in Nairobi said the talks would resume next week, according to a statement. " };
    size_t n = 5u << 20;
    FILE *f = fopen(h_path("five.jsonl"), "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs("{\"id\":\"five\",\"date\":\"2024-05-16\",\"text\":\"", f);
    size_t w = 0;
    for (int i = 0; w < n; i++) { fputs(S[i % 3], f); w += strlen(S[i % 3]); }
    fputs("\"}\n", f);
    fclose(f);
    time_t t0 = time(NULL);
    CHECK_INT(h_run("@ code %s", h_path("five.jsonl")), 0);
    CHECK(jsonl_lines() >= 1000);
    CHECK(events_of("five") >= 1000);
    CHECK(time(NULL) - t0 < 120 * SLOW);
    unlink(h_path("five.jsonl"));
}

TEST(empty_files)
{
    NEED_CLI();
    h_wstr("empty.txt", "");
    h_wstr("empty.jsonl", "");
    h_wstr("blank.jsonl", "\n\n   \n\t\n");
    CHECK_INT(h_run("@ code %s %s %s", h_path("empty.txt"), h_path("empty.jsonl"), h_path("blank.jsonl")), 0);
    CHECK_INT(CLI.outlen, 0);
    CHECK_INT(h_run("@ code </dev/null"), 0);
    CHECK_INT(CLI.outlen, 0);
    CHECK_INT(h_run("@ code --format tsv %s", h_path("empty.txt")), 0);
    CHECK_STR(CLI.out, dy_tsv_header());
}

TEST(json_line_not_an_object)
{
    NEED_CLI();
    h_wstr("notobj.jsonl", "[1,2]\n\"text\"\n42\nnull\n{\"id\":\"no-text\"}\n{\"id\":\"t\",\"text\":7}\n"
                         "{\"id\":\"ok\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked Ukraine.\"}\n{\"id\":\"trunc\",\"text\":\"abc\n");
    CHECK_INT(h_run("@ code %s", h_path("notobj.jsonl")), 1);
    CHECK(strstr(CLI.err, "notobj.jsonl:1:1:") != NULL);
    CHECK_INT(CLI.outlen, 0);
    CHECK_INT(h_run("@ code --keep-going %s", h_path("notobj.jsonl")), 1);
    for (int l = 1; l <= 6; l++) {
        char k[64];
        snprintf(k, sizeof k, "notobj.jsonl:%d:", l);
        CHECK(strstr(CLI.err, k) != NULL);
    }
    CHECK(strstr(CLI.err, "notobj.jsonl:7:") == NULL);
    CHECK(strstr(CLI.err, "notobj.jsonl:8:") != NULL);
    CHECK(jsonl_lines() >= 1);
    CHECK(events_of("ok") >= 1);
}

TEST(cameo_nan_goldstein_rejected)
{
    /* regression (found by fuzz_cameo): "nan" passed the -10..10 range check, and a NaN
     * Goldstein score would print as bare nan, which is not JSON */
    h_wstr("codes.txt", "05\tnan\tCOOPERATE\tEngage in diplomatic cooperation\n");
    dy_cameo t;
    char err[512] = "";
    int rc = dy_cameo_load(&t, h_path("codes.txt"), err, sizeof err);
    CHECK_INT(rc, -1);
    CHECK(strstr(err, "codes.txt:1:") != NULL);
    dy_cameo_free(&t);
}

TEST(actordict_match_at_end_of_sentence)
{
    /* regression (found by fuzz_pipeline): dy_resolve asks for a match at j == ntok after a
     * name that ends the sentence; the lookup must not read the token past the end */
    dy_actordict d;
    CHECK_INT(dy_actordict_init(&d), 0);
    char err[256];
    CHECK(dy_actordict_add(&d, DY_AK_COUNTRY, "KEN", 0, 0, "Kenya", 5, 0, 1, -1, err, sizeof err) >= 0);
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_token *tok = NULL;
    int n = dy_tokenize(&a, "Kenya", 0, 5, &tok, 10, NULL);
    CHECK_INT(n, 1);
    dy_token t2[2];
    t2[0] = tok[0];
    memset(&t2[1], 0xAB, sizeof t2[1]);      /* what lies past the end is garbage */
    int name = -1;
    CHECK_INT(dy_actordict_match(&d, t2, 1, 0, &name), 1);
    CHECK_INT(dy_actordict_match(&d, t2, 1, 1, &name), 0);
    dy_arena_free(&a);
    dy_actordict_free(&d);
}

TEST(petrarch_empty_synset_member)
{
    /* regression (found by fuzz_petrarch): an empty synset member ("+" alone) made
     * synset_alts() read past its 1-byte string (heap overflow under ASan) */
    h_wstr("petr.verbs.txt", "--- PAY [060] ---\nPAY\n&CURRENCY\n+\n+ \n+DOLLAR\n- * &CURRENCY TO + [071]\n");
    dy_actordict a;
    dy_verbdict v;
    dy_lexicon lex;
    dy_petr_counts c;
    memset(&c, 0, sizeof c);
    CHECK_INT(dy_actordict_init(&a), 0);
    CHECK_INT(dy_verbdict_init(&v), 0);
    CHECK_INT(dy_lexicon_init(&lex), 0);
    char err[512] = "";
    CHECK_INT(dy_petr_load(h_path("petr.verbs.txt"), DY_PETR_VERBS1, &a, &v, &lex, NULL, &c, err, sizeof err), 0);
    CHECK(c.added_patterns >= 1);          /* the DOLLAR member still gives a pattern */
    dy_lexicon_free(&lex);
    dy_verbdict_free(&v);
    dy_actordict_free(&a);
}

TEST(tokenizer_punctuation_not_truncated)
{
    /* regression: the token array was sized len/2+4, so a run of punctuation ("(((((x")
     * was cut short and reported as truncated although far below --max-tokens */
    dy_arena a;
    dy_arena_init(&a, 4096);
    const char *s = "((((((((((((((((((((((x";
    dy_token *tok = NULL;
    int trunc = -1;
    CHECK_INT(dy_tokenize(&a, s, 0, (uint32_t)strlen(s), &tok, 400, &trunc), 23);
    CHECK_INT(trunc, 0);
    CHECK_INT(dy_tokenize(&a, s, 0, (uint32_t)strlen(s), &tok, 5, &trunc), 5);
    CHECK_INT(trunc, 1);
    dy_arena_free(&a);
}

/* A sentence of about `n` tokens made of names, verbs and conjunctions. */
static char *long_sentence(int n)
{
    static const char *const W[] = { "Russia", "attacked", "Ukraine", "and", "Kenya", "criticized", "Uganda", "while",
                                     "President", "Putin", "met", "Xi", "Jinping", "in", "Beijing", "," };
    char *s = malloc((size_t)n * 16 + 8), *p = s;
    if (!s) return NULL;
    for (int i = 0; i < n; i++) p += sprintf(p, "%s%s", i ? " " : "", W[i % 16]);
    strcpy(p, ".");
    return s;
}

TEST(worst_case_sentence_time)
{
    NEED_CLI();
    dy_options o;
    memset(&o, 0, sizeof o);
    o.datadir = "data";
    o.unknown_actors = 1;
    o.max_sentence_tokens = 10000;
    o.max_events = 10000;
    char err[512];
    dy_engine *e = dy_engine_new(&o, err, sizeof err);
    CHECK(e != NULL);
    if (!e) { fprintf(stderr, "  %s\n", err); return; }
    dy_worker *w = dy_worker_new(e);
    int sizes[] = { 400, 2000 };
    for (int k = 0; k < 2; k++) {
        char *s = long_sentence(sizes[k]);
        dy_doc d;
        memset(&d, 0, sizeof d);
        d.id = "long"; d.input = "long"; d.text = s; d.len = strlen(s);
        memcpy(d.date, "2024-05-16", 11);
        dy_buf out;
        dy_buf_init(&out);
        dy_stats st;
        memset(&st, 0, sizeof st);
        double t0 = h_now();
        int n = dy_code_doc(w, &d, DY_OUT_JSONL, 0, 0, &out, &st);
        double dt = h_now() - t0;
        fprintf(stderr, "  %d tokens: %d events in %.3f s\n", sizes[k], n, dt);
        CHECK(n >= 0);
        CHECK(dt < (k == 0 ? 1.0 : 5.0) * SLOW);   /* 400 tokens < 1 s; 2000 tokens (5x) < 5 s */
        dy_buf_free(&out);
        free(s);
    }
    dy_worker_free(w);
    dy_engine_free(e);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (h_cli_init(argv[0], "hostile") < 0) return 1;
    RUN(reader_skips_100mb_line);
    RUN(cameo_nan_goldstein_rejected);
    RUN(actordict_match_at_end_of_sentence);
    RUN(petrarch_empty_synset_member);
    RUN(tokenizer_punctuation_not_truncated);
    RUN(cli_reference);
    RUN(invalid_utf8_and_overlongs);
    RUN(nul_bytes);
    RUN(cli_100mb_line);
    RUN(one_2mb_word);
    RUN(nested_quotes_and_parens);
    RUN(json_nested_100000_deep);
    RUN(numbers_and_dates_out_of_range);
    RUN(dictionary_line_of_1mb);
    RUN(dictionary_duplicate_entry);
    RUN(unreadable_input);
    RUN(full_disk);
    RUN(closed_stdout);
    RUN(five_mb_single_line);
    RUN(empty_files);
    RUN(json_line_not_an_object);
    RUN(worst_case_sentence_time);
    h_cleanup();
    return DONE();
}
