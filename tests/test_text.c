/* test_text.c: stages 1-4a without models: reader, normaliser, splitter, tokenizer. */
#include "harness.h"
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "normalize/normalize.h"
#include "split/split.h"
#include "tag/tokenize.h"
#include "read/reader.h"

static int nsplit(const char *t, dy_span *sp)
{
    return dy_split(t, strlen(t), sp, 64, 100000);
}

static char *span_str(const char *t, dy_span s, char *buf)
{
    memcpy(buf, t + s.start, s.end - s.start);
    buf[s.end - s.start] = 0;
    return buf;
}

TEST(split_basic)
{
    dy_span sp[64];
    char b[256];
    const char *t = "Putin arrived in China. He met Xi! Did they talk? Yes.";
    CHECK_INT(nsplit(t, sp), 4);
    CHECK_STR(span_str(t, sp[0], b), "Putin arrived in China.");
    CHECK_STR(span_str(t, sp[3], b), "Yes.");
}

TEST(split_abbreviations)
{
    dy_span sp[64];
    char b[256];
    const char *t = "Gen. Smith met Mr. Jones in Sept. last year. The U.S. and the U.N. agreed. John F. Kennedy spoke.";
    CHECK_INT(nsplit(t, sp), 3);
    CHECK_STR(span_str(t, sp[0], b), "Gen. Smith met Mr. Jones in Sept. last year.");
    CHECK_STR(span_str(t, sp[1], b), "The U.S. and the U.N. agreed.");
    const char *u = "Sanctions came from the U.S. The talks failed.";
    CHECK_INT(nsplit(u, sp), 2);
}

TEST(split_decimals_quotes_ellipsis)
{
    dy_span sp[64];
    char b[256];
    const char *t = "Growth was 3.5 percent. \"We will fight.\" Then he left... and returned. Prices rose.";
    CHECK_INT(nsplit(t, sp), 4);
    CHECK_STR(span_str(t, sp[1], b), "\"We will fight.\"");
    CHECK_STR(span_str(t, sp[2], b), "Then he left... and returned.");
}

TEST(split_lines)
{
    dy_span sp[64];
    const char *t = "A line that wraps\nonto the next line.\n\nHeadline without stop\n\nBody.";
    CHECK_INT(nsplit(t, sp), 3);
    CHECK_INT(nsplit("   \n\n  ", sp), 0);
}

TEST(normalize_map)
{
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_norm n;
    const char *t = "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 ok\xC2\xA0x";   /* “Hi” — ok<nbsp>x */
    CHECK_INT(dy_normalize(&a, t, strlen(t), &n), 0);
    CHECK_STR(n.text, "\"Hi\" - ok x");
    CHECK_INT(n.map[1], 3);          /* 'H' is at byte 3 of the original */
    CHECK_INT(n.map[n.len], strlen(t));
    /* invalid bytes and NUL never drop the document */
    const char bad[] = { 'a', (char)0xff, 'b', 0, 'c', (char)0xc0, (char)0xaf };
    CHECK_INT(dy_normalize(&a, bad, sizeof bad, &n), 0);
    CHECK_STR(n.text, "a\xEF\xBF\xBD" "b c\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_INT(n.map[5], 3);
    /* combining sequence composed to NFC */
    const char *comb = "Erdog\xCC\x86" "an";   /* g + combining breve */
    CHECK_INT(dy_normalize(&a, comb, strlen(comb), &n), 0);
    CHECK_STR(n.text, "Erdo\xC4\x9F" "an");
    size_t fl;
    CHECK_STR(dy_fold(&a, n.text, n.len, &fl), "erdogan");
    dy_arena_free(&a);
}

static int toks(dy_arena *a, const char *t, char out[][32])
{
    dy_token *tk;
    int n = dy_tokenize(a, t, 0, (uint32_t)strlen(t), &tk, 100, NULL);
    for (int i = 0; i < n; i++) { memcpy(out[i], tk[i].text, tk[i].len); out[i][tk[i].len] = 0; }
    return n;
}

TEST(tokenize_ptb)
{
    dy_arena a;
    dy_arena_init(&a, 4096);
    char w[64][32];
    int n = toks(&a, "China's support for Russia, Mr. Xi said, doesn't end.", w);
    CHECK_INT(n, 14);
    CHECK_STR(w[0], "China"); CHECK_STR(w[1], "'s"); CHECK_STR(w[5], ",");
    CHECK_STR(w[6], "Mr."); CHECK_STR(w[10], "does"); CHECK_STR(w[11], "n't"); CHECK_STR(w[12], "end"); CHECK_STR(w[13], ".");
    n = toks(&a, "The U.S. sent $1,000.50 (to \"Kyiv\") in the countries' name.", w);
    CHECK_STR(w[1], "U.S."); CHECK_STR(w[3], "$1,000.50"); CHECK_STR(w[4], "("); CHECK_STR(w[6], "\"");
    CHECK_STR(w[7], "Kyiv"); CHECK_STR(w[8], "\""); CHECK_STR(w[9], ")");
    CHECK_STR(w[13], "'");
    dy_arena_free(&a);
}

TEST(dates)
{
    char d[11];
    CHECK_INT(dy_parse_date("2024-05-16", 10, d), 0); CHECK_STR(d, "2024-05-16");
    CHECK_INT(dy_parse_date("20240229", 8, d), 0); CHECK_STR(d, "2024-02-29");
    CHECK(dy_parse_date("2023-02-29", 10, d) != 0);
    CHECK(dy_parse_date("9999-99-99", 10, d) != 0);
    CHECK(dy_parse_date("2024-05-16T10:00:00Z", 20, d) == 0);
    const char *t = "MOSCOW, May 16 (Reuters) - Russian President Vladimir Putin arrived";
    CHECK_INT(dy_find_dateline(t, strlen(t), 2024, d), 0); CHECK_STR(d, "2024-05-16");
    const char *u = "BEIJING, March 3, 2021 - Officials said";
    CHECK_INT(dy_find_dateline(u, strlen(u), 0, d), 0); CHECK_STR(d, "2021-03-03");
    const char *v = "He may go there.";
    CHECK(dy_find_dateline(v, strlen(v), 2024, d) != 0);
}

static const char *write_tmp(const char *name, const char *data, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/dyad-test-%d-%s", (int)getpid(), name);
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

TEST(reader_jsonl)
{
    const char data[] = "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"Hello.\"}\n"
                        "\n"
                        "[1,2]\n"
                        "{\"id\":7,\"text\":\"No date.\",\"date\":\"bad\"}\n"
                        "{\"id\":\"x\"\n"
                        "{\"text\":\"x\"}";
    const char *p = write_tmp("r.jsonl", data, sizeof data - 1);
    dy_read_opts o = { DY_FMT_AUTO, NULL, 0, NULL };
    char err[512];
    dy_reader *r = dy_reader_open(p, &o, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return;
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_doc d;
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "a"); CHECK_STR(d.date, "2024-05-16"); CHECK_STR(d.text, "Hello.");
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), -1);
    CHECK(strstr(err, ":3:1: expected a JSON object") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 2);   /* warning: bad date */
    CHECK_STR(d.id, "7");
    CHECK(strstr(err, ":4:") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), -1);
    CHECK(strstr(err, ":5:") != NULL && strstr(err, "invalid JSON") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 2);   /* last line without newline, no id, no date */
    CHECK(strstr(d.id, ":6") != NULL);
    CHECK(strstr(err, "has no date") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 0);
    dy_reader_close(r);
    remove(p);
    dy_arena_free(&a);
}

TEST(reader_limits_and_text)
{
    /* a line over the limit is skipped and reading goes on */
    size_t big = 5000;
    char *data = malloc(big + 100);
    size_t n = 0;
    n += (size_t)sprintf(data + n, "{\"id\":\"big\",\"text\":\"");
    while (n < big) data[n++] = 'x';
    n += (size_t)sprintf(data + n, "\"}\n{\"id\":\"ok\",\"text\":\"y\"}\n");
    const char *p = write_tmp("big.jsonl", data, n);
    dy_read_opts o = { DY_FMT_AUTO, NULL, 1000, NULL };
    char err[512];
    dy_reader *r = dy_reader_open(p, &o, err, sizeof err);
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_doc d;
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), -4);
    CHECK(strstr(err, ":1:1: record longer than the limit") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 2);   /* warning: no date */
    CHECK_STR(d.id, "ok");
    dy_reader_close(r);
    /* plain text with a NUL and an empty file */
    const char txt[] = "MOSCOW, May 16 (Reuters) - a\0b";
    p = write_tmp("t.txt", txt, sizeof txt - 1);
    dy_read_opts o2 = { DY_FMT_AUTO, NULL, 0, NULL };
    r = dy_reader_open(p, &o2, err, sizeof err);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 1);
    CHECK_INT(d.len, sizeof txt - 1);
    CHECK(strstr(d.id, "t.txt") != NULL);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 0);
    dy_reader_close(r);
    p = write_tmp("empty.txt", "", 0);
    r = dy_reader_open(p, &o2, err, sizeof err);
    CHECK_INT(dy_reader_next(r, &a, &d, err, sizeof err), 2);   /* warning: no date */
    CHECK_INT(d.len, 0);
    dy_reader_close(r);
    CHECK(dy_reader_open("/nonexistent/x.txt", &o2, err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/x.txt: cannot open") != NULL);
    free(data);
    dy_arena_free(&a);
}

TEST(json_output_escaping)
{
    dy_buf b;
    dy_buf_init(&b);
    dy_buf_json_str(&b, "a\"b\\c\n\x01\xff", 8);
    CHECK_STR(b.p, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\"");
    dy_buf_free(&b);
}

int main(void)
{
    RUN(split_basic); RUN(split_abbreviations); RUN(split_decimals_quotes_ellipsis); RUN(split_lines);
    RUN(normalize_map); RUN(tokenize_ptb); RUN(dates); RUN(reader_jsonl); RUN(reader_limits_and_text);
    RUN(json_output_escaping);
    return DONE();
}
