/* test_clause.c: the tags and the clause view the coder reads (src/tag/retag.c,
 * src/parse/parse.c), checked through `dyad code --explain` on sentences written
 * for dyad, where an event the cases can see does not change:
 *   - a sentence with no finite verb has its subject's participle as its past
 *     tense ("Russian forces retreated from Kherson": retreated/VBD, the root
 *     of the tree, forces its nsubj), also an irregular one that is past and
 *     participle alike ("held"), but not one that is a participle only
 *     ("taken") nor one before a by-agent (the headline passive);
 *   - an irregular past before an object is the clause's verb ("The United
 *     States cut aid to Egypt"), also before "more than N". */
#include "harness.h"

static int explain(const char *text) { return h_explain("2025-04-09", text); }

TEST(participle_of_a_verbless_sentence_is_its_past)
{
    CHECK_INT(explain("Russian forces retreated from Kherson."), 0);
    CHECK(strstr(CLI.out, "retreated/VBD") != NULL);
    CHECK(strstr(CLI.out, "\tretreated\tretreat\tVBD\t0\troot") != NULL);
    CHECK(strstr(CLI.out, "\tforces\tforce\tNNS\t3\tnsubj") != NULL);
    CHECK_INT(explain("Gunmen attempted to assassinate the mayor."), 0);
    CHECK(strstr(CLI.out, "attempted/VBD") != NULL);
    /* across a time adjunct */
    CHECK_INT(explain("Ahead of the summit, the Russian president on June 13 held talks with Kyrgyz officials."), 0);
    CHECK(strstr(CLI.out, "held/VBD") != NULL);
    CHECK_INT(explain("American troops held exercises with Polish troops."), 0);
    CHECK(strstr(CLI.out, "held/VBD") != NULL);
    /* a participle only, and a by-agent: passives */
    CHECK_INT(explain("Two journalists taken hostage in Mali."), 0);
    CHECK(strstr(CLI.out, "taken/VBD") == NULL);
    CHECK_INT(explain("Two soldiers killed by a mine in Mali."), 0);
    CHECK(strstr(CLI.out, "killed/VBD") == NULL);
    /* a finite verb elsewhere: the participle is a reduced relative */
    CHECK_INT(explain("Sanctions imposed on Iran have hurt its economy."), 0);
    CHECK(strstr(CLI.out, "imposed/VBD") == NULL);
}

TEST(irregular_past_before_an_object)
{
    CHECK_INT(explain("The United States cut aid to Egypt."), 0);
    CHECK(strstr(CLI.out, "cut/VBD") != NULL);
    /* before a comparative quantity ("more than 200"), in a sentence with a finite verb */
    CHECK_INT(explain("Turkish police detained more than 200 protesters in Istanbul, the governor said."), 0);
    CHECK(strstr(CLI.out, "detained/VBD") != NULL);
}

int main(int argc, char **argv)
{
    if (h_cli_init(argv[0], "clause")) return 2;
    RUN(participle_of_a_verbless_sentence_is_its_past);
    RUN(irregular_past_before_an_object);
    h_cleanup();
    return DONE();
}
