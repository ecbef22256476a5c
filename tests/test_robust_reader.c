/* test_robust_reader.c: the JSON Lines and plain-text reader loses nothing
 * silently (issue 12, "No silent loss" 1, 2, 6, 7, 8 and the lone surrogate;
 * issue 11, datelines).  Each case writes a small file, reads it with
 * dy_reader_next and checks what comes back: every record a document, or an
 * error naming file:line:column; never a shortened text or a changed id. */
#include "harness.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "core/arena.h"
#include "read/reader.h"

/* Read every record of path; the documents' ids and texts joined into out
 * ("id=text|..." with NULs shown as \0), the messages into msgs. */
typedef struct readall { char out[8192]; char msgs[8192]; int docs, bad, warned; long lens[32]; } readall;

static void read_all(const char *path, const dy_read_opts *o, readall *ra)
{
    memset(ra, 0, sizeof *ra);
    char err[1024];
    dy_reader *r = dy_reader_open(path, o, err, sizeof err);
    if (!r) { snprintf(ra->msgs, sizeof ra->msgs, "open: %s", err); return; }
    dy_arena a;
    dy_arena_init(&a, 4096);
    size_t k = 0, m = 0;
    for (int guard = 0; guard < 100; guard++) {
        dy_doc d;
        dy_arena_reset(&a);
        int rc = dy_reader_next(r, &a, &d, err, sizeof err);
        if (rc == 0) break;
        if (rc < 0 || rc == 2) m += (size_t)snprintf(ra->msgs + m, sizeof ra->msgs - m, "%s\n", err);
        if (rc == -2) break;
        if (rc < 0) { ra->bad++; continue; }
        if (rc == 2) ra->warned++;
        if (ra->docs < 32) ra->lens[ra->docs] = (long)d.len;
        ra->docs++;
        k += (size_t)snprintf(ra->out + k, sizeof ra->out - k, "%s@%s=", d.id, d.date);
        for (size_t i = 0; i < d.len && i < 200 && k + 4 < sizeof ra->out; i++) {   /* (at most 200 bytes of each) */
            if (d.text[i] == 0) { memcpy(ra->out + k, "\\0", 2); k += 2; }
            else ra->out[k++] = d.text[i];
        }
        k += (size_t)snprintf(ra->out + k, sizeof ra->out - k, "|");
    }
    dy_reader_close(r);
    dy_arena_free(&a);
}

static const dy_read_opts JSONL = { DY_FMT_JSONL, NULL, 0, NULL };

/* 1. "\u0000" inside a text no longer cuts the document there */
TEST(json_nul_escape_keeps_whole_text)
{
    const char l[] = "{\"id\":\"n\",\"date\":\"2024-05-16\",\"text\":\"Russia attacked\\u0000 Ukraine. Then more.\"}\n";
    readall ra;
    read_all(h_wbytes("nul.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_INT(ra.docs, 1);
    CHECK_STR(ra.out, "n@2024-05-16=Russia attacked\\0 Ukraine. Then more.|");
    CHECK_INT(ra.lens[0], 36);
    /* in an id it becomes U+FFFD (ids are C strings) */
    const char l2[] = "{\"id\":\"a\\u0000b\",\"date\":\"2024-05-16\",\"text\":\"x\"}\n";
    read_all(h_wbytes("nulid.jsonl", l2, sizeof l2 - 1), &JSONL, &ra);
    CHECK_STR(ra.out, "a\xEF\xBF\xBD" "b@2024-05-16=x|");
}

/* 2. glued objects, trailing garbage: an error at file:line:column; CR and CRLF end lines */
TEST(json_after_value_is_an_error)
{
    const char l[] = "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"A.\"}{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\"B.\"}\n"
                     "{\"id\":\"c\",\"date\":\"2024-05-16\",\"text\":\"C.\"} junk\n"
                     "{\"id\":\"d\",\"date\":\"2024-05-16\",\"text\":\"D.\"}  \t\n";
    readall ra;
    read_all(h_wbytes("glued.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_INT(ra.bad, 2);
    CHECK_INT(ra.docs, 1);
    CHECK_STR(ra.out, "d@2024-05-16=D.|");
    CHECK(strstr(ra.msgs, "glued.jsonl:1:43: text after the JSON value") != NULL);
    CHECK(strstr(ra.msgs, "glued.jsonl:2:44: text after the JSON value") != NULL);
}

TEST(json_cr_and_crlf_line_ends)
{
    const char cr[] = "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"A.\"}\r{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\"B.\"}\r"
                      "{\"id\":\"c\",\"date\":\"2024-05-16\",\"text\":\"C.\"}";
    readall ra;
    read_all(h_wbytes("cr.jsonl", cr, sizeof cr - 1), &JSONL, &ra);
    CHECK_INT(ra.docs, 3);
    CHECK_INT(ra.bad, 0);
    CHECK_STR(ra.out, "a@2024-05-16=A.|b@2024-05-16=B.|c@2024-05-16=C.|");
    /* CRLF: one line end each (line numbers count lines, not CRs); a CRLF split
     * across the 64 KiB input buffer too */
    size_t pad = 65536 - 2 - 45;   /* puts the CR of line 1 at byte 65535, its LF at 65536 */
    char *big = malloc(pad + 400);
    size_t n = (size_t)sprintf(big, "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"");
    while (n < pad) big[n++] = 'x';
    n += (size_t)sprintf(big + n, "\"}\r\n\r\n{\"id\":7,\"text\":\"B.\",\"date\":\"2024-05-16\"}\r\n{bad\r\n");
    read_all(h_wbytes("crlf.jsonl", big, n), &JSONL, &ra);
    CHECK_INT(ra.docs, 2);
    CHECK_INT(ra.bad, 1);
    CHECK(strstr(ra.msgs, "crlf.jsonl:4:") != NULL);   /* line 4, not 7 */
    CHECK(strstr(ra.out, "|7@2024-05-16=B.|") != NULL);
    free(big);
}

/* 6. JSON Lines with a byte order mark, on stdin and in a file */
TEST(json_bom_on_stdin)
{
    const char l[] = "\xEF\xBB\xBF{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"A.\"}\n{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\"B.\"}\n";
    const char *p = h_wbytes("bom.jsonl", l, sizeof l - 1);
    readall ra;
    read_all(p, &JSONL, &ra);
    CHECK_INT(ra.docs, 2);
    CHECK_STR(ra.out, "a@2024-05-16=A.|b@2024-05-16=B.|");
    /* stdin is sniffed: the BOM must not make it plain text (one document) */
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(p, "rb", stdin)) _exit(3);
        dy_read_opts o = { DY_FMT_AUTO, NULL, 0, NULL };
        readall rb;
        read_all("-", &o, &rb);
        _exit(rb.docs == 2 && !strcmp(rb.out, "a@2024-05-16=A.|b@2024-05-16=B.|") ? 0 : 1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* 7. numeric ids keep their text as written */
TEST(json_numeric_id_as_written)
{
    const char l[] = "{\"id\":9007199254740993,\"date\":\"2024-05-16\",\"text\":\"A.\"}\n"
                     "{\"id\":1e400,\"date\":\"2024-05-16\",\"text\":\"B.\"}\n"
                     "{\"id\": -0.50 ,\"date\":\"2024-05-16\",\"text\":\"C.\"}\n";
    readall ra;
    read_all(h_wbytes("ids.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_STR(ra.out, "9007199254740993@2024-05-16=A.|1e400@2024-05-16=B.|-0.50@2024-05-16=C.|");
}

/* 8. a numeric "date" warns; "2024-+5-16" is not a date */
TEST(json_bad_dates_warn)
{
    const char l[] = "{\"id\":\"a\",\"date\":20240516,\"text\":\"A.\"}\n"
                     "{\"id\":\"b\",\"date\":\"2024-+5-16\",\"text\":\"B.\"}\n"
                     "{\"id\":\"c\",\"date\":\"2024- 5-16\",\"text\":\"C.\"}\n";
    readall ra;
    read_all(h_wbytes("dates.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_INT(ra.docs, 3);
    CHECK_INT(ra.warned, 3);
    CHECK(strstr(ra.msgs, "dates.jsonl:1:18: warning: \"date\" is not a string") != NULL);
    CHECK(strstr(ra.msgs, "dates.jsonl:2:") != NULL && strstr(ra.msgs, "dates.jsonl:3:") != NULL);
    CHECK(strstr(ra.out, "b@=") != NULL && strstr(ra.out, "c@=") != NULL);   /* no date taken from them */
    char d[11];
    CHECK(dy_parse_date("2024-+5-16", 10, d) != 0);
    CHECK(dy_parse_date("2024-05-+6", 10, d) != 0);
    CHECK(dy_parse_date(" 2024-05-16", 11, d) != 0);
    CHECK(dy_parse_date("2024-05-16", 10, d) == 0);
}

/* a lone surrogate is repaired to U+FFFD, the record kept (with a warning) */
TEST(json_lone_surrogate_repaired)
{
    const char l[] = "{\"id\":\"s\",\"date\":\"2024-05-16\",\"text\":\"Russia\\ud800 attacked \\udc00Ukraine \\ud83d\\ude00 \\\\ud800.\"}\n";
    readall ra;
    read_all(h_wbytes("sur.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_INT(ra.docs, 1);
    CHECK_INT(ra.bad, 0);
    CHECK_STR(ra.out, "s@2024-05-16=Russia\xEF\xBF\xBD attacked \xEF\xBF\xBDUkraine \xF0\x9F\x98\x80 \\ud800.|");
    CHECK(strstr(ra.msgs, "sur.jsonl:1: warning: 2 lone UTF-16 surrogate") != NULL);
}

/* found by fuzz_reader_jsonl (300 s run): cJSON skips control bytes as whitespace, the
 * member walk did not, so a control byte before a value made it stop on a ']' of the
 * text and loop forever.  The walk now skips what cJSON skips and never loops. */
TEST(json_control_byte_before_value_no_hang)
{
    const char l[] = "{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\x17\"Talks ] resume }\"}\n";
    readall ra;
    read_all(h_wbytes("ctl.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK_INT(ra.docs, 1);
    CHECK_INT(ra.bad, 0);
    CHECK_STR(ra.out, "b@2024-05-16=Talks ] resume }|");
}

/* issue 11: datelines without a year take it from --date (never later than it),
 * day-first datelines, and a warning naming a document without any date */
TEST(datelines_yearless_and_day_first)
{
    char d[11];
    const char *t1 = "MOSCOW, May 16 (Reuters) - Russian President Vladimir Putin arrived";
    CHECK_INT(dy_find_dateline_ref(t1, strlen(t1), 20240601, d), 0); CHECK_STR(d, "2024-05-16");
    CHECK_INT(dy_find_dateline_ref(t1, strlen(t1), 20240301, d), 0); CHECK_STR(d, "2023-05-16");  /* not later than the reference */
    CHECK_INT(dy_find_dateline_ref(t1, strlen(t1), 20240516, d), 0); CHECK_STR(d, "2024-05-16");
    const char *t2 = "BEIRUT, 5 March 2024 (AFP) - Israeli strikes hit";
    CHECK_INT(dy_find_dateline_ref(t2, strlen(t2), 0, d), 0); CHECK_STR(d, "2024-03-05");
    const char *t3 = "BEIRUT, 5 March (AFP) - Israeli strikes hit";
    CHECK_INT(dy_find_dateline_ref(t3, strlen(t3), 20250101, d), 0); CHECK_STR(d, "2024-03-05");
    const char *t4 = "He gave 5 Marches to them.";
    CHECK(dy_find_dateline_ref(t4, strlen(t4), 20250101, d) != 0);

    /* through the reader: --date gives the year, the dateline the month and day */
    dy_read_opts o = { DY_FMT_TEXT, "2024-06-01", 0, NULL };
    readall ra;
    read_all(h_wbytes("moscow.txt", t1, strlen(t1)), &o, &ra);
    CHECK(strstr(ra.out, "moscow.txt@2024-05-16=") != NULL);
    o.default_date = "2024-03-01";
    read_all(h_wbytes("moscow.txt", t1, strlen(t1)), &o, &ra);
    CHECK(strstr(ra.out, "moscow.txt@2023-05-16=") != NULL);
    /* without --date the reference is the file's modification day */
    const char *p = h_wbytes("moscow2.txt", t1, strlen(t1));
    struct timespec ts[2] = { { 1717200000, 0 }, { 1717200000, 0 } };   /* 2024-06-01 */
    utimensat(AT_FDCWD, p, ts, 0);
    o.default_date = NULL;
    read_all(p, &o, &ra);
    CHECK(strstr(ra.out, "moscow2.txt@2024-05-16=") != NULL);
    /* no date at all: a warning naming the document */
    read_all(h_wbytes("undated.txt", "Russia attacked Ukraine.", 24), &o, &ra);
    CHECK_INT(ra.docs, 1);
    CHECK(strstr(ra.msgs, "undated.txt: warning: document \"undated.txt\" has no date") != NULL);
    const char l[] = "{\"id\":\"u1\",\"text\":\"Russia attacked Ukraine.\"}\n"
                     "{\"id\":\"u\\u001b[31m2\",\"text\":\"Russia attacked Ukraine.\"}\n";
    read_all(h_wbytes("undated.jsonl", l, sizeof l - 1), &JSONL, &ra);
    CHECK(strstr(ra.msgs, "undated.jsonl:1: warning: document \"u1\" has no date") != NULL);
    /* an id's control bytes never reach the terminal raw */
    CHECK(strstr(ra.msgs, "undated.jsonl:2: warning: document \"u\\x1b[31m2\" has no date") != NULL);
    CHECK(strchr(ra.msgs, 0x1b) == NULL);
}

int main(void)
{
    if (h_scratch("robust-reader") < 0) return 1;
    RUN(json_nul_escape_keeps_whole_text);
    RUN(json_after_value_is_an_error);
    RUN(json_cr_and_crlf_line_ends);
    RUN(json_bom_on_stdin);
    RUN(json_numeric_id_as_written);
    RUN(json_bad_dates_warn);
    RUN(json_lone_surrogate_repaired);
    RUN(json_control_byte_before_value_no_hang);
    RUN(datelines_yearless_and_day_first);
    h_cleanup();
    return DONE();
}
