/* test_when.c: relative dates resolved against the document date. */
#include "harness.h"
#include "core/arena.h"
#include "tag/tokenize.h"
#include "code/when.h"

static void when_of(const char *text, const char *docdate, int future, char out[11])
{
    dy_arena a;
    dy_arena_init(&a, 4096);
    dy_sentence s;
    memset(&s, 0, sizeof s);
    s.ntok = dy_tokenize(&a, text, 0, (uint32_t)strlen(text), &s.tok, 200, NULL);
    for (int i = 0; i < s.ntok; i++) if (s.tok[i].text[0] >= 'A' && s.tok[i].text[0] <= 'Z') s.tok[i].flags |= DY_TOK_CAP;
    out[0] = 0;
    dy_when(&s, 0, s.ntok, docdate, future, out);
    dy_arena_free(&a);
}

TEST(calendar)
{
    int y, m, d;
    CHECK_INT(dy_days_from_civil(1970, 1, 1), 0);
    CHECK_INT(dy_days_from_civil(2000, 3, 1), 11017);
    dy_civil_from_days(dy_days_from_civil(2024, 2, 29) + 1, &y, &m, &d);
    CHECK(y == 2024 && m == 3 && d == 1);
}

TEST(relative)
{
    char o[11];
    /* 2024-05-17 is a Friday */
    when_of("Putin arrived in China on Thursday.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-16");
    when_of("Putin arrived in China on Friday.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-17");
    when_of("Putin will visit China on Monday.", "2024-05-17", 1, o); CHECK_STR(o, "2024-05-20");
    when_of("They met last Friday.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-10");
    when_of("They met yesterday.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-16");
    when_of("They will meet tomorrow.", "2024-05-17", 1, o); CHECK_STR(o, "2024-05-18");
    when_of("They met last week.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-10");
    when_of("He was re-elected in March.", "2024-05-17", 0, o); CHECK_STR(o, "2024-03-01");
    when_of("They met in December.", "2024-05-17", 0, o); CHECK_STR(o, "2023-12-01");
    when_of("They met on May 3.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-03");
    when_of("They met on 18 September 2019.", "2024-05-17", 0, o); CHECK_STR(o, "2019-09-18");
    when_of("They met three days ago.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-14");
    when_of("They may meet.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-17");
    when_of("They met.", "2024-05-17", 0, o); CHECK_STR(o, "2024-05-17");
}

int main(void)
{
    RUN(calendar);
    RUN(relative);
    return DONE();
}
