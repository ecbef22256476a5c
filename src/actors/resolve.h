/* resolve.h: stage 6b, tokens -> actor mentions with codes.
 *
 * Longest dictionary match, composed into one mention: "Russian President
 * Vladimir Putin" (adj + title + person), "Chinese officials" (adj + agent
 * -> CHNGOV), "Chinese Foreign Minister Wang Yi" (adj + title + an unknown
 * name -> CHNGOV), "Russia's military" (country 's agent).  A person's code
 * is the one valid on the document date.  Pronouns (he, his, its, their) and
 * descriptions ("the two leaders", "both nations", "the president") are
 * resolved to earlier actors of the document; a surname alone ("Wang") links
 * to the full name seen before.  A city of the gazetteer in an actor slot
 * ("Tripoli", "Tel Aviv") codes as its country; a title or a state sector
 * with no country ("President Abdelaziz Bouteflicka", "the police") takes the
 * document's country when the text fixes it: the dateline's country, else the
 * one country the document has named so far.  Every mention keeps a short
 * explanation. */
#ifndef DY_RESOLVE_H
#define DY_RESOLVE_H
#include "core/arena.h"
#include "core/doc.h"
#include "actordict.h"

enum dy_mkind {
    DY_MK_PERSON = 1,   /* a known person or a title with a name */
    DY_MK_COUNTRY,      /* a country/region, possibly with a sector: CHNGOV */
    DY_MK_ORG,          /* organisation or group */
    DY_MK_AGENT,        /* a sector without a country: "police" COP */
    DY_MK_UNKNOWN,      /* a capitalised name not in any dictionary */
    DY_MK_PRONOUN,      /* resolved pronoun */
    DY_MK_DESCR         /* resolved description ("the two leaders") */
};

#define DY_MAX_REFS 4
typedef struct dy_mention {
    int start, end;              /* token range [start, end) */
    int head;                    /* token that carries the name */
    uint8_t kind;                /* enum dy_mkind */
    uint8_t plural;
    uint8_t nrefs;               /* codes: 1, or more for "the two leaders" */
    char code[DY_MAX_REFS][24];
    int entry;                   /* main dictionary entry, -1 if none */
    int ante;                    /* pronoun: its antecedent mention in the same sentence, -1 */
    char how[160];               /* explanation for --explain */
} dy_mention;

typedef struct dy_mentions { dy_mention *m; int n; int discard; /* a discard phrase was found */ } dy_mentions;

/* What a document has said so far, for coreference. */
/* human: the mention's head is a noun for people ("a US diplomat", "the Iraqi
 * minister"): its code is a state's, but "it" never refers to it. */
typedef struct dy_ref { char code[24]; uint8_t kind, plural, human; int sent, mention; char name1[32], name2[32]; } dy_ref;
struct dy_gazetteer;
typedef struct dy_docctx {
    dy_ref *r; int n, cap;
    const struct dy_gazetteer *places;   /* cities as actors and datelines (NULL = none) */
    char dateline[4];            /* the country of the document's dateline ("TRIPOLI, May 3 -"), "" */
    int32_t date;                /* YYYYMMDD of the document, 0 = unknown */
    int unknown_actors;          /* code capitalised names missing from the dictionaries ("---") */
    int explain;                 /* fill dy_mention.how (costly: only for --explain and --format actors) */
} dy_docctx;

void dy_docctx_init(dy_docctx *c, const char *date, int unknown_actors);
/* Find and resolve the mentions of one tagged sentence; adds them to the context. */
int dy_resolve(dy_arena *a, const dy_actordict *d, dy_docctx *ctx, dy_sentence *s);
/* Fill m (initialised here) with resolve.c's nouns for people: PERSON_NOUNS ->
 * DY_HEAD_PERSON, HUMAN_NOUNS -> DY_HEAD_HUMAN (dy_actordict_init keeps it in d->heads).
 * 0, or -1 on out of memory. */
enum { DY_HEAD_PERSON = 1, DY_HEAD_HUMAN = 2 };
struct dy_hmap;
int dy_resolve_heads_init(struct dy_hmap *m);
/* Is w a weapon noun ("tanks", "drones", "missiles": MIL agents of data/actors/agents.txt)?
 * A weapon is the means of whoever uses it: the resolver gives such a mention no country
 * from the story, the coder takes it for no target of a transfer or an attack.  One core
 * list serves both; each adds its own few words (resolve.c, WEAPON_*).
 * DY_WEAPON_FORM: w is a lowercased surface form (the resolver, t->low);
 * DY_WEAPON_LEMMA: w is a lemma (the coder's weapons_only, t->lemma). */
enum { DY_WEAPON_FORM = 1, DY_WEAPON_LEMMA = 2 };
int dy_weapon_noun(const char *w, int how);
#endif
