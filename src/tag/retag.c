/* retag.c: stage 4d, context corrections of the tagger's output.
 *
 * The tagger (tagger.c) is an averaged perceptron over a window of words; it
 * learnt UD English EWT, where two constructions of news English are rare, and
 * gets them wrong in a way that loses the event, because the tree and the
 * clause view are built on the tags:
 *
 *  - the infinitive marker after a temporal noun: "threatened Monday to resume
 *    attacks" has "to" tagged IN (as in "Monday to Friday"), so "to resume" is
 *    no infinitive.  "to" before a base-form verb is the infinitive marker TO.
 *  - the past tense taken for a participle: "Armenian police detained dozens",
 *    "The United Nations imposed various sanctions" come out of the tagger with a
 *    VBN, so the tree makes the verb a modifier of its object ("detained dozens"
 *    as an NP).  A -ed form right after its subject (or an adverb after it) and
 *    before an object (a determiner, number, possessive, pronoun, adjective or
 *    noun) is the clause's past tense VBD: a participle that modifies a noun
 *    ("the man detained yesterday") takes no object, and a passive or perfect
 *    one has its auxiliary between the subject and itself.
 *  - the mandative subjunctive: "demanded that the government end curbs",
 *    "insisted that Israel withdraw" have the bare verb tagged as a noun (a
 *    bare form after a noun looks like a compound).  After a verb of demanding,
 *    proposing or ordering and "that", the first base-form verb after the
 *    subject NP is the clause's verb when what follows it cannot continue a
 *    compound noun (an object's determiner or pronoun, a plural noun, a
 *    preposition, an adverb, the end of the clause).
 *
 *  - a participle before a noun, after a verb or a determiner ("pardoned jailed FARC
 *    members", "the detained journalists"), modifies the noun: JJ, not a second verb
 *    of the group (after an auxiliary it stays a participle: "has arrested militants").
 *  - the verb of a sentence (a headline, a lede) that has no finite verb at all, tagged
 *    as a noun: "Ukraine shot down Russian drones", "US strikes Iranian bases".  An
 *    inflected verb form right after the subject, before an object or a particle, is
 *    the verb (VBD, or VBZ for an -s form).
 *  - a hyphenated -ing compound before a noun or adjective is an adjective ("ordered
 *    hard-hitting financial sanctions", "a long-running dispute"), not a verb.
 *  - an -s form after adjectives that follow a verb or a preposition ("undertake joint
 *    military exercises") is a plural noun, not a finite verb with no subject.
 *  - adjectives that are never nouns ("found Barbarin guilty" with guilty/NN, which
 *    joins the name into one noun phrase): guilty, innocent, liable, responsible.
 *  - the first word of "ahead of", "instead of", "prior to" is an adverb, not a noun
 *    (that the tree would make a subject).
 *
 * Rules and not a retrained tagger: both are facts of English grammar that hold
 * without exception in these contexts, and a tagger learns them only from many
 * more examples than the treebank has. */
#include <string.h>
#include "retag.h"
#include "tag/tags.h"
#include "core/words.h"
#include "tag/timeword.h"

static const char *const MANDATIVE[] = { "demand", "insist", "urge", "ask", "request", "propose", "recommend",
    "require", "order", "suggest", "stipulate", "decree", "command", "direct", "move", "rule", "advise", "beg",
    "plead", "petition", "call", NULL };

static const char *const MANDATIVE_NOUN[] = { "demand", "insistence", "request", "proposal", "recommendation",
    "call", "suggestion", "plea", "requirement", NULL };
static const char *const ADJ_ONLY[] = { "guilty", "innocent", "liable", "responsible", NULL };
/* Words that open a preposition of two words and are never nouns there: "ahead of the
 * summit", "instead of talks", "prior to the vote" (as a noun, "Ahead" became a subject). */
static const char *const PREP_OPENER[] = { "ahead", "instead", "prior", NULL };
static const char *const TIME_START[] = { "last", "next", "this", "earlier", "yesterday", "today", "overnight", NULL };
/* Irregular verbs whose past tense and past participle are one form (the regular ones end
 * in -ed): "held", "cut", "met" can be a clause's past tense, "taken", "given" cannot. */
static const char *const IRREG_PAST[] = { "bet", "bid", "bled", "bought", "bound", "brought", "built", "burst", "caught",
    "cast", "clung", "cost", "cut", "dealt", "dug", "fed", "felt", "fled", "flung", "fought", "found", "ground", "held",
    "heard", "hit", "hung", "hurt", "kept", "knelt", "laid", "led", "left", "lent", "lit", "lost", "made", "meant",
    "met", "paid", "put", "quit", "read", "rid", "said", "sat", "sent", "set", "shed", "shot", "shut", "slid", "sold",
    "sought", "spent", "split", "spread", "stood", "struck", "stuck", "swept", "swung", "taught", "thought", "told",
    "understood", "upheld", "withheld", "won", "wound", NULL };

/* Has the sentence a finite verb (a sentence has a verb: the rules that make one ask first)? */
static int has_finite(const dy_token *t, int n)
{
    for (int i = 0; i < n; i++) if (dy_tag_is_finite(t[i].tag)) return 1;
    return 0;
}

/* Can the -ed or irregular form t be a past tense (not a participle only)? */
static int past_form(const dy_token *t)
{
    return (t->lowlen >= 4 && memcmp(t->low + t->lowlen - 2, "ed", 2) == 0) || dy_str_in(IRREG_PAST, t->low);
}

/* The verb lemma id of t when its folded form is the base form of a known verb, else -1. */
static int base_verb(const dy_lexicon *lex, const dy_token *t)
{
    int id = dy_lexicon_verb(lex, t->low, t->lowlen);
    if (id < 0 || strcmp(lex->word[id], t->low) != 0) return -1;
    return id;
}

static void make_verb(const dy_lexicon *lex, dy_token *t, int tag, int id)
{
    t->tag = (uint8_t)tag;
    t->lemma = lex->word[id];
    t->lid = id;
}

/* Does an auxiliary stand before the subject NP ending at s0 ("was the man detained")?
 * The subject starts after a verb, a comma, "that" or the sentence start. */
static int aux_before_subject(const dy_token *t, int s0)
{
    int b = s0;
    while (b > 0 && (dy_tag_is_noun(t[b - 1].tag) || t[b - 1].tag == DY_JJ || t[b - 1].tag == DY_DT ||
                     t[b - 1].tag == DY_CD || t[b - 1].tag == DY_POS || t[b - 1].tag == DY_PRPS)) b--;
    return b > 0 && t[b - 1].lemma && (!strcmp(t[b - 1].lemma, "be") || !strcmp(t[b - 1].lemma, "have") || !strcmp(t[b - 1].lemma, "get"));
}

int dy_retag_sentence(const dy_lexicon *lex, dy_token *t, int n)
{
    int changed = 0;
    for (int i = 0; i < n; i++)
        if ((t[i].tag == DY_NN || t[i].tag == DY_NNP) && !(t[i].flags & DY_TOK_ALLCAP) && dy_str_in(ADJ_ONLY, t[i].low)) {
            t[i].tag = DY_JJ;
            t[i].lemma = t[i].low;
            t[i].lid = t[i].wid;
            changed++;
        }
    for (int i = 0; i + 1 < n; i++)
        if (dy_tag_is_noun(t[i].tag) && dy_str_in(PREP_OPENER, t[i].low) && (!strcmp(t[i + 1].low, "of") || !strcmp(t[i + 1].low, "to"))) {
            t[i].tag = DY_RB;
            changed++;
        }
    {
        int finite = has_finite(t, n);
        for (int k = 1; !finite && k + 1 < n; k++) {
            if (t[k].tag != DY_NN && t[k].tag != DY_NNS) continue;
            int pv = t[k - 1].tag, nx = t[k + 1].tag;
            if (!(pv == DY_NNP || pv == DY_NNPS || pv == DY_NN || pv == DY_NNS)) continue;
            int id = dy_lexicon_verb(lex, t[k].low, t[k].lowlen);
            if (id < 0 || !strcmp(lex->word[id], t[k].low)) continue;      /* an inflected form only */
            int particle = (nx == DY_RP || nx == DY_IN) && (!strcmp(t[k + 1].low, "down") || !strcmp(t[k + 1].low, "up") ||
                                                            !strcmp(t[k + 1].low, "off") || !strcmp(t[k + 1].low, "out"));
            if (!(particle || nx == DY_DT || nx == DY_PRPS || nx == DY_CD || nx == DY_JJ || nx == DY_NNP || nx == DY_NNPS)) continue;
            make_verb(lex, &t[k], t[k].low[t[k].lowlen - 1] == 's' ? DY_VBZ : DY_VBD, id);
            if (particle) t[k + 1].tag = DY_RP;
            changed++;
            break;
        }
    }
    /* "agreed to undertake joint military exercises", "for joint drills": an -s form after
     * adjectives or numbers that follow a verb or a preposition is a plural noun (a finite
     * verb needs a subject, and an adjective alone is one only after "the": "the poor
     * suffer") */
    for (int i = 1; i < n; i++) {
        if (t[i].tag != DY_VBZ || t[i].low[t[i].lowlen - 1] != 's' || !strcmp(t[i].low, "is") || !strcmp(t[i].low, "has") ||
            !strcmp(t[i].low, "does") || !strcmp(t[i].low, "was")) continue;   /* "to know for sure is": no noun */
        int k = i - 1;
        /* (or numbers: "police arrested 12 suspects") */
        while (k >= 0 && (t[k].tag == DY_JJ || t[k].tag == DY_CD)) k--;
        if (k == i - 1 || k < 0) continue;
        int pv = t[k].tag;
        if (!(pv == DY_VB || pv == DY_VBD || pv == DY_VBG || pv == DY_VBN || pv == DY_VBP || pv == DY_VBZ ||
              pv == DY_IN || pv == DY_TO)) continue;
        if (k > 0 && pv == DY_IN && (!strcmp(t[k].low, "that") || !strcmp(t[k].low, "because") || !strcmp(t[k].low, "if")))
            continue;   /* a clause opener: "said that more help" */
        t[i].tag = DY_NNS;
        changed++;
    }
    for (int i = 0; i + 1 < n; i++)
        if (t[i].tag == DY_VBG && memchr(t[i].text, '-', t[i].len) && t[i].len > 4 &&
            (dy_tag_is_noun(t[i + 1].tag) || t[i + 1].tag == DY_JJ) && t[i + 1].tag != DY_PRP) {
            t[i].tag = DY_JJ;
            changed++;
        }
    for (int i = 1; i + 1 < n; i++) {
        if (t[i].tag != DY_VBN) continue;
        int pv = t[i - 1].tag, nx = t[i + 1].tag;
        if (!(dy_tag_is_noun(nx) && nx != DY_PRP)) continue;
        int det = pv == DY_DT || pv == DY_PRPS || pv == DY_CD;
        int verb = (pv == DY_VBD || pv == DY_VBZ || pv == DY_VBP || pv == DY_VB || pv == DY_VBG) && t[i - 1].lemma &&
                   strcmp(t[i - 1].lemma, "be") && strcmp(t[i - 1].lemma, "have") && strcmp(t[i - 1].lemma, "get");
        if (!det && !verb) continue;
        t[i].tag = DY_JJ;
        changed++;
    }
    for (int i = 0; i + 2 < n; i++) {
        /* "it would free 1,500 prisoners", "will not force": after a modal (and its adverbs)
         * comes the verb's base form; a word tagged adjective or noun there that is the base
         * form of a known verb and has an object after it is that verb */
        if (t[i].tag != DY_MD) continue;
        int k = i + 1;
        while (k < n && t[k].tag == DY_RB) k++;
        if (k + 1 >= n || !(t[k].tag == DY_JJ || t[k].tag == DY_NN)) continue;
        int nx = t[k + 1].tag;
        if (!(nx == DY_DT || nx == DY_CD || nx == DY_PRPS || nx == DY_NNP || nx == DY_NNPS || nx == DY_NNS ||
              (nx == DY_PRP && strcmp(t[k + 1].low, "it") != 0))) continue;
        int id = base_verb(lex, &t[k]);
        if (id < 0) continue;
        make_verb(lex, &t[k], DY_VB, id);
        changed++;
    }
    for (int i = 1; i + 1 < n; i++) {
        /* "three civilians were wounded in an attack", "was injured by a mine": after "be" and
         * before by/in/during, the participle of a verb of harm (the tagger makes it an
         * adjective, as in "the wounded man") is the passive's verb */
        static const char *const HARM_PART[] = { "wounded", "injured", NULL };
        if (t[i].tag != DY_JJ || !dy_str_in(HARM_PART, t[i].low)) continue;
        int b = i - 1;
        if (t[b].tag == DY_RB && b > 0) b--;
        if (!t[b].lemma || strcmp(t[b].lemma, "be") || !(dy_tag_is_verb(t[b].tag))) continue;
        if (strcmp(t[i + 1].low, "by") && strcmp(t[i + 1].low, "in") && strcmp(t[i + 1].low, "during")) continue;
        int id = dy_lexicon_verb(lex, t[i].low, t[i].lowlen);
        if (id < 0) continue;
        make_verb(lex, &t[i], DY_VBN, id);
        changed++;
    }
    for (int i = 0; i + 1 < n; i++) {
        /* "to" + base-form verb: the infinitive marker (the verb already tagged VB) */
        if (t[i].tag == DY_IN && !strcmp(t[i].low, "to") && t[i + 1].tag == DY_VB) { t[i].tag = DY_TO; changed++; }
    }
    for (int k = 1; k + 1 < n; k++) {
        if (t[k].tag != DY_VBN || !past_form(&t[k])) continue;
        int s0 = k - 1;
        if (t[s0].tag == DY_RB && s0 > 0) s0--;          /* "recently seized" */
        int sg = t[s0].tag;
        if (!(dy_tag_is_noun(sg) || sg == DY_PRP)) continue;
        int nx = t[k + 1].tag;
        if (!(nx == DY_DT || nx == DY_CD || nx == DY_PRPS || nx == DY_JJ || nx == DY_JJR || nx == DY_NNP || nx == DY_NNPS || nx == DY_NNS ||
              nx == DY_NN || (nx == DY_PRP && strcmp(t[k + 1].low, "it") != 0)))
            continue;
        /* not before a time adjunct ("sanctions imposed last year hurt ..."): a modifier */
        if (dy_str_in(TIME_START, t[k + 1].low)) continue;
        if (aux_before_subject(t, s0)) continue;
        t[k].tag = DY_VBD;
        changed++;
    }
    {
        /* "Russian forces retreated from Kherson", "Gunmen attempted to assassinate ...": a
         * sentence with no finite verb at all whose subject is followed by a participle that
         * can be a past tense.  Its verb is that past tense (a sentence has a verb; the
         * participle of a reduced relative modifies a noun of a clause that has one), unless
         * a by-agent follows ("Two soldiers killed by a mine": the headline passive). */
        int finite = has_finite(t, n);
        for (int k = 1; !finite && k + 1 < n; k++) {
            if (t[k].tag != DY_VBN || !past_form(&t[k])) continue;
            int s0 = k - 1;
            if (t[s0].tag == DY_COMMA) {
                /* "The rebels, backed by Iran, attacked": a participle right after a comma opens
                 * a parenthetical (the rule goes on to the next one); one right after the comma
                 * that closes such a parenthetical is the verb of the noun before it */
                int c = s0 - 1;
                while (c > 0 && t[c].tag != DY_COMMA) c--;
                if (!(c > 0 && c + 1 < s0 && t[c + 1].tag == DY_VBN && dy_tag_is_noun(t[c - 1].tag))) continue;
                s0 = c - 1;
            }
            if (t[s0].tag == DY_RB && s0 > 0) s0--;
            /* (across a time adjunct: "Putin on June 13 held talks", "The army last week seized") */
            int q = s0;
            while (q > 0 && (t[q].tag == DY_CD || dy_time_or_month_word(&t[q]) || dy_str_in(TIME_START, t[q].low))) q--;
            if (q < s0 && q > 0 && (!strcmp(t[q].low, "on") || !strcmp(t[q].low, "in")) && dy_tag_is_noun(t[q - 1].tag)) s0 = q - 1;
            else if (q < s0 && dy_tag_is_noun(t[q].tag) && !dy_time_or_month_word(&t[q]) && t[q].tag != DY_CD) s0 = q;
            if (!(dy_tag_is_noun(t[s0].tag) || t[s0].tag == DY_PRP) || aux_before_subject(t, s0)) break;
            int nx = k + 1;
            while (nx < n && t[nx].tag == DY_RB) nx++;
            if (nx < n && !strcmp(t[nx].low, "by")) break;
            t[k].tag = DY_VBD;
            changed++;
            break;
        }
    }
    for (int v = 0; v + 3 < n; v++) {
        /* (also after a noun of demanding: "its demand that the US ease sanctions") */
        if (!t[v].lemma || !(dy_tag_is_verb(t[v].tag) ? dy_str_in(MANDATIVE, t[v].lemma) :
                             (t[v].tag == DY_NN || t[v].tag == DY_NNS) && dy_str_in(MANDATIVE_NOUN, t[v].lemma))) continue;
        if (strcmp(t[v + 1].low, "that") != 0) continue;
        int k = v + 2, nouns = 0;
        /* the subject NP: determiners, possessives, adjectives, numbers and nouns */
        for (; k < n; k++) {
            int tg = t[k].tag;
            if (tg == DY_DT || tg == DY_PRPS || tg == DY_JJ || tg == DY_CD || tg == DY_POS || tg == DY_PDT) continue;
            if (tg == DY_PRP && nouns == 0) { nouns++; continue; }
            if (!dy_tag_is_noun(tg)) break;
            if (nouns > 0 && (tg == DY_NN || tg == DY_NNP)) {
                int id = base_verb(lex, &t[k]);
                int nx = k + 1 < n ? t[k + 1].tag : DY_PERIOD;
                int ends = nx == DY_DT || nx == DY_PRPS || nx == DY_PRP || nx == DY_NNS || nx == DY_IN || nx == DY_TO ||
                           nx == DY_RB || nx == DY_PERIOD || nx == DY_COMMA || nx == DY_CD;
                if (id >= 0 && ends) {
                    make_verb(lex, &t[k], DY_VB, id);
                    t[v + 1].tag = DY_IN;   /* "that" opens the complement: no relative pronoun */
                    changed++;
                    break;
                }
            }
            nouns++;
        }
    }
    return changed;
}
