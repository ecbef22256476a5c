/* test_cases.c: every case of our own construction suite (tests/cases) must pass. */
#include "harness.h"
#include "eval/eval.h"

TEST(construction_suite)
{
    dy_eval_opts o;
    memset(&o, 0, sizeof o);
    o.suite = "tests/cases";
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    CHECK_INT(dy_eval_dyad(&o, out), 0);
    fclose(out);
    fputs(buf, stderr);
    CHECK(strstr(buf, "recall=1.000 precision=1.000") != NULL);
    free(buf);
}

int main(void)
{
    RUN(construction_suite);
    return DONE();
}
