/* test_actors.c: coreference rules of the actor resolver (src/actors/resolve.c)
 * that change which actor a pronoun stands for without changing an event the
 * cases in tests/cases can see.  Each runs `dyad code --explain` on a sentence
 * written for dyad and reads the pronoun's resolved code:
 *   - the subject of a relative clause is not the noun the clause modifies
 *     ("the Eritrean army, which it ...", "the Eritrean army it ...");
 *   - a relative-clause reading is not forced on the object of a verb of
 *     telling ("told the Ukrainian army it must withdraw": a complement);
 *   - "it" never stands for a mention headed by a noun for people;
 *   - an unknown name in apposition after a singular person-headed actor
 *     ("the Kenyan interior minister, Halima Odero,") takes its code. */
#include "harness.h"

static int explain(const char *text) { return h_explain("2025-04-09", text); }

TEST(relative_clause_subject_is_not_its_head)
{
    CHECK_INT(explain("Ethiopia condemned Eritrea, which it accused of arming rebels."), 0);
    CHECK(strstr(CLI.out, "\"it\" = ETH") != NULL);
    CHECK_INT(explain("Ethiopia expelled the Eritrean army it blamed for the raid."), 0);
    CHECK(strstr(CLI.out, "\"it\" = ETH") != NULL);
    CHECK(strstr(CLI.out, "\"it\" = ERIMIL") == NULL);
}

TEST(telling_verb_takes_a_complement)
{
    CHECK_INT(explain("Russia told the Ukrainian army it must withdraw."), 0);
    CHECK(strstr(CLI.out, "\"it\" = UKRMIL") != NULL);
}

TEST(it_is_never_a_person_noun)
{
    CHECK_INT(explain("Kenya released the Somali officials it detained."), 0);
    CHECK(strstr(CLI.out, "\"it\" = KEN") != NULL);
}

TEST(name_in_apposition_after_description)
{
    CHECK_INT(explain("The Kenyan interior minister, Halima Odero, accused Somalia of harbouring militants."), 0);
    CHECK(strstr(CLI.out, "\"Halima Odero\" = KENGOV") != NULL);
    /* a list of countries is no apposition */
    CHECK_INT(explain("Kenya, Uganda and Tanzania condemned Somalia."), 0);
    CHECK(strstr(CLI.out, "in apposition") == NULL);
}

int main(int argc, char **argv)
{
    if (h_cli_init(argv[0], "actors")) return 2;
    RUN(relative_clause_subject_is_not_its_head);
    RUN(telling_verb_takes_a_complement);
    RUN(it_is_never_a_person_noun);
    RUN(name_in_apposition_after_description);
    h_cleanup();
    return DONE();
}
