/* test_speed_identity.c: -j N must not change the output (issue 5).
 *
 * `dyad code -j N` reads documents in one thread, codes them in N worker
 * threads and writes them in input order.  These tests build a multi-document
 * JSON Lines input from examples/modi-moscow.txt (hundreds of documents, so
 * the ring of document slots wraps many times, with documents of very
 * different lengths, so workers finish out of order) and check that -j 1,
 * -j 2 and -j 3 write byte-identical output in input order, for JSONL and
 * TSV, from a file and from stdin, with a bad record in the middle
 * (--keep-going), and that a write error still ends with exit status 4.
 * Two fast paths are checked against the slow code they replace: the
 * formatting of dy_buf_printf (against snprintf) and the hash map's key
 * comparison (keys that differ in one byte, share 8-byte heads, hold NULs).
 *
 * The CLI is found next to this program (BUILD/tests/test_speed_identity ->
 * BUILD/dyad) or in $DYAD_BIN; tests SKIP when it cannot load its model. */
#include "harness.h"
#include <math.h>
#include <sys/stat.h>
#include "core/buf.h"
#include "core/hash.h"

/* Append s as a JSON string body (the example is plain ASCII and quotes). */
static void json_body(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c == '\n') fputs("\\n", f);
        else if ((unsigned char)c < 0x20) fputc(' ', f);
        else fputc(c, f);
    }
}

static int MODEL = -1;
static int NDOCS;

/* The input: document k holds paragraphs k..k+len(k) of the example (cyclic),
 * len(k) from 1 to 9, so documents differ in length and content. */
static int make_input(int bad_line)
{
    size_t n;
    char *text = h_slurp("examples/modi-moscow.txt", &n);
    if (!text) return -1;
    const char *para[256];
    size_t plen[256];
    int np = 0;
    for (const char *p = text; *p && np < 256;) {
        while (*p == '\n') p++;
        if (!*p) break;
        const char *e = strstr(p, "\n\n");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        para[np] = p; plen[np++] = l;
        p += l;
    }
    FILE *f = fopen(h_path(bad_line ? "bad.jsonl" : "in.jsonl"), "w");
    if (!f || np == 0) { free(text); if (f) fclose(f); return -1; }
    NDOCS = 300;
    for (int k = 0; k < NDOCS; k++) {
        if (bad_line && k == bad_line) fputs("{\"id\": \"broken\", \"text\": \n", f);
        fprintf(f, "{\"id\": \"doc-%03d\", \"date\": \"2024-05-%02d\", \"text\": \"", k, 1 + k % 28);
        int len = 1 + (k * 7) % 9;
        for (int q = 0; q < len; q++) {
            if (q) fputs("\\n\\n", f);
            json_body(f, para[(k + q) % np], plen[(k + q) % np]);
        }
        fputs("\"}\n", f);
    }
    fclose(f);
    free(text);
    return np;
}

/* Document ids of the output lines must follow the input order. */
static int in_input_order(const char *s)
{
    int last = -1, lines = 0;
    for (const char *p = s; p && (p = strstr(p, "\"doc\": \"doc-")); p++) {
        int k = atoi(p + 12);
        if (k < last) return 0;
        last = k;
        lines++;
    }
    return lines > 0;
}

TEST(model_loads)
{
    char a[1200];
    snprintf(a, sizeof a, "code '%s'", h_path("in.jsonl"));
    MODEL = h_run_to(h_path("probe"), "@ %s", a) == 0 && CLI.outlen > 0;
    if (!MODEL) SKIP("the CLI cannot load its dictionaries and model");
    CHECK(in_input_order(CLI.out));
}

TEST(jsonl_same_for_1_2_3_threads)
{
    if (!MODEL) SKIP("no model");
    char a[1400];
    snprintf(a, sizeof a, "code -j 1 '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("j1.jsonl"), "@ %s", a), 0);
    CHECK(CLI.outlen > 1000);
    CHECK(in_input_order(CLI.out));
    /* every document that yields events appears, so many distinct ids */
    int ids = 0;
    for (int k = 0; k < NDOCS; k++) {
        char id[32];
        snprintf(id, sizeof id, "\"doc-%03d\"", k);
        if (CLI.out && strstr(CLI.out, id)) ids++;
    }
    CHECK(ids > NDOCS / 2);
    for (int j = 2; j <= 3; j++) {
        char out[64];
        snprintf(out, sizeof out, "j%d.jsonl", j);
        snprintf(a, sizeof a, "code -j %d '%s'", j, h_path("in.jsonl"));
        CHECK_INT(h_run_to(h_path(out), "@ %s", a), 0);
        CHECK(in_input_order(CLI.out));
        CHECK(h_same_file(h_path("j1.jsonl"), h_path(out)));
    }
}

TEST(tsv_and_stdin_same_for_1_2_3_threads)
{
    if (!MODEL) SKIP("no model");
    char a[1400];
    snprintf(a, sizeof a, "code --format tsv -j 1 < '%s'", h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("t1.tsv"), "@ %s", a), 0);
    CHECK(CLI.outlen > 1000);
    CHECK(CLI.out && !strncmp(CLI.out, "doc\tsent\t", 9));
    for (int j = 2; j <= 3; j++) {
        char out[64];
        snprintf(out, sizeof out, "t%d.tsv", j);
        snprintf(a, sizeof a, "code --format tsv -j %d < '%s'", j, h_path("in.jsonl"));
        CHECK_INT(h_run_to(h_path(out), "@ %s", a), 0);
        CHECK(h_same_file(h_path("t1.tsv"), h_path(out)));
    }
    /* the same input read twice in one run: the second copy follows the first */
    snprintf(a, sizeof a, "code -j 3 '%s' '%s'", h_path("in.jsonl"), h_path("in.jsonl"));
    CHECK_INT(h_run_to(h_path("twice.jsonl"), "@ %s", a), 0);
    size_t one;
    char *j1 = h_slurp(h_path("j1.jsonl"), &one);
    CHECK(j1 && CLI.outlen == 2 * one && !memcmp(CLI.out, j1, one) && !memcmp(CLI.out + one, j1, one));
    free(j1);
}

TEST(bad_record_same_for_1_2_3_threads)
{
    if (!MODEL) SKIP("no model");
    if (make_input(137) < 0) { CHECK(!"cannot write the input"); return; }
    char a[1400];
    snprintf(a, sizeof a, "code --keep-going -j 1 '%s'", h_path("bad.jsonl"));
    CHECK_INT(h_run_to(h_path("b1.jsonl"), "@ %s", a), 1);
    CHECK(in_input_order(CLI.out));
    /* the good documents around the bad line are all coded */
    CHECK(h_same_file(h_path("b1.jsonl"), h_path("j1.jsonl")));
    for (int j = 2; j <= 3; j++) {
        char out[64];
        snprintf(out, sizeof out, "b%d.jsonl", j);
        snprintf(a, sizeof a, "code --keep-going -j %d '%s'", j, h_path("bad.jsonl"));
        CHECK_INT(h_run_to(h_path(out), "@ %s", a), 1);
        CHECK(h_same_file(h_path("b1.jsonl"), h_path(out)));
    }
    /* without --keep-going: stop at the bad record, the documents before it written in full */
    snprintf(a, sizeof a, "code -j 1 '%s'", h_path("bad.jsonl"));
    CHECK_INT(h_run_to(h_path("s1.jsonl"), "@ %s", a), 1);
    snprintf(a, sizeof a, "code -j 3 '%s'", h_path("bad.jsonl"));
    CHECK_INT(h_run_to(h_path("s3.jsonl"), "@ %s", a), 1);
    CHECK(h_same_file(h_path("s1.jsonl"), h_path("s3.jsonl")));
    size_t full;
    char *j1 = h_slurp(h_path("j1.jsonl"), &full);
    CHECK(CLI.out && CLI.outlen > 0 && CLI.outlen < full && j1 && memcmp(CLI.out, j1, CLI.outlen) == 0);
    CHECK(CLI.out && !strstr(CLI.out, "\"doc-137\""));
    free(j1);
}

TEST(write_error_exit_4)
{
    if (!MODEL) SKIP("no model");
    if (access("/dev/full", W_OK) != 0) SKIP("no /dev/full");
    CHECK_INT(h_run("@ code -j 2 '%s' >/dev/full", h_path("in.jsonl")), 4);
}


TEST(buf_printf_matches_snprintf)
{
    static const double v[] = { 0, -0.0, 0.05, 0.15, 0.25, 2.5, -2.5, 3.4, -10, 3.45, -3.45, 1.0 / 3, 9.95, 99.95,
                                1e15, -1e15, 1e300, NAN, INFINITY, -INFINITY, 123456.7, -0.04 };
    char ref[800];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        dy_buf b;
        dy_buf_init(&b);
        dy_buf_printf(&b, "a %.1f b %d %u %ld %zu %s %% %.4f", v[i], -2147483647 - 1, 4294967295u, -7L, (size_t)123456789, "x", v[i]);
        snprintf(ref, sizeof ref, "a %.1f b %d %u %ld %zu %s %% %.4f", v[i], -2147483647 - 1, 4294967295u, -7L, (size_t)123456789, "x", v[i]);
        CHECK_STR(b.p, ref);
        dy_buf_free(&b);
    }
    unsigned x = 12345;
    for (int i = 0; i < 200000; i++) {
        x = x * 1103515245u + 12345u;
        double d = (int)(x % 2000001u) - 1000000;
        d = i % 2 ? d / 10 : d / 1000;
        dy_buf b;
        dy_buf_init(&b);
        dy_buf_printf(&b, "%.1f", d);
        snprintf(ref, sizeof ref, "%.1f", d);
        if (!b.p || strcmp(b.p, ref)) { CHECK_STR(b.p, ref); dy_buf_free(&b); break; }
        dy_buf_free(&b);
    }
}

TEST(hash_map_keys)
{
    dy_hmap m;
    CHECK_INT(dy_hmap_init(&m, 4), 0);
    char k[32];
    /* keys of every length 0..24 that differ only in their last byte, or hold NULs */
    for (int len = 0; len <= 24; len++)
        for (int c = 0; c < 3; c++) {
            memset(k, 'a', sizeof k);
            if (len) k[len - 1] = (char)(c == 2 ? 0 : 'a' + c);
            if (len == 0 && c) continue;
            CHECK_INT(dy_hmap_put(&m, k, (size_t)len, len * 3 + c), -1);
        }
    for (int len = 0; len <= 24; len++)
        for (int c = 0; c < 3; c++) {
            memset(k, 'a', sizeof k);
            if (len) k[len - 1] = (char)(c == 2 ? 0 : 'a' + c);
            if (len == 0 && c) continue;
            CHECK_INT(dy_hmap_get(&m, k, (size_t)len), len * 3 + c);
            CHECK_INT(dy_hmap_get_h(&m, k, (size_t)len, dy_hash_bytes(k, (size_t)len)), len * 3 + c);
            const char *own = dy_hmap_key(&m, k, (size_t)len);
            CHECK(own && own != k && !memcmp(own, k, (size_t)len));
        }
    memset(k, 'a', sizeof k);
    k[3] = 'b';
    CHECK_INT(dy_hmap_get(&m, k, 5), -1);       /* same length and last byte, differs inside */
    k[3] = 'a'; k[11] = 'b';
    CHECK_INT(dy_hmap_get(&m, k, 13), -1);      /* same 8-byte head, differs after it */
    CHECK_INT(dy_hmap_get(&m, k, 25), -1);      /* a length never put */
    CHECK_INT(dy_hmap_put(&m, "aaaa", 4, 99), 3 * 4 + 0);   /* overwrite returns the old value */
    CHECK_INT(dy_hmap_get(&m, "aaaa", 4), 99);
    dy_hmap_free(&m);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (h_cli_init(argv[0], "speed") < 0) return 1;
    if (make_input(0) < 0) {
        fprintf(stderr, "cannot read examples/modi-moscow.txt or write %s\n", CLI.dir);
        return 1;
    }
    RUN(buf_printf_matches_snprintf);
    RUN(hash_map_keys);
    RUN(model_loads);
    RUN(jsonl_same_for_1_2_3_threads);
    RUN(tsv_and_stdin_same_for_1_2_3_threads);
    RUN(bad_record_same_for_1_2_3_threads);
    RUN(write_error_exit_4);
    h_cleanup();
    return DONE();
}
