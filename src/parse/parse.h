/* parse.h: stage 5, tagged tokens + actor mentions -> phrases and clauses.
 *
 * A deterministic shallow parser, built for event coding rather than for a
 * full tree:
 *   noun phrases   base chunks (actor mentions are atomic), with the
 *                  preposition that governs them and coordination groups
 *                  ("Putin and Xi", "Chinese officials and an honor guard");
 *   verb groups    auxiliaries, modals, negation, catenatives ("are expected
 *                  to discuss", "is set to sign", "did not attack"); voice
 *                  (passive when a form of be/get precedes a VBN head) and
 *                  mode (asserted, future, hypothetical, negated, reported);
 *   clauses        subject of each verb group (skipping PP chains, relative
 *                  clauses and appositives; relative pronouns resolve to
 *                  their antecedent; infinitives and participles inherit
 *                  the controlling subject), direct object, the PPs of the
 *                  clause and, for passives, the by-agent.
 *   the tree       a dependency tree (dep.c: an arc-hybrid perceptron parser
 *                  trained on UD English EWT); the clause view takes its
 *                  subjects (control through xcomp, conjoined verbs,
 *                  relative clauses, participles), objects, by-agents and
 *                  voice from it, so temporal adjuncts (obl:unmarked) and
 *                  the subjects of complement clauses are no objects. */
#ifndef DY_PARSE_H
#define DY_PARSE_H
#include "core/arena.h"
#include "core/doc.h"
#include "tag/lemma.h"

enum dy_mode { DY_MODE_ASSERTED = 0, DY_MODE_FUTURE, DY_MODE_HYPOTHETICAL, DY_MODE_NEGATED, DY_MODE_REPORTED };
const char *dy_mode_name(int mode);

typedef struct dy_np {
    int start, end, head;       /* token range [start,end) and head token */
    int prep;                   /* governing preposition token, -1 */
    int group;                  /* first NP of its coordination group (itself if none) */
    int next;                   /* next NP in the group, -1 */
} dy_np;

#define DY_VG_MAXV 6
typedef struct dy_vg {
    int start, end;             /* token range */
    int verbs[DY_VG_MAXV];      /* lexical (non-auxiliary) verbs, left to right */
    int nverbs;
    int head;                   /* last lexical verb (or the last verb) */
    int mode;                   /* enum dy_mode from modals/negation/catenatives */
    int passive;
    int reduced;                /* participle modifying the noun before it */
    int subj, obj;              /* NP index (first of its group), -1 */
    int agent;                  /* passive by-phrase NP, -1 */
    int clause_end;             /* first token after this verb's clause */
    int reported;               /* in the complement of a speech verb */
    int inherited;              /* subject taken from a controlling clause */
    int copula;                 /* head is be/remain/become/stay/seem */
} dy_vg;

typedef struct dy_parse {
    /* the dependency tree (dep.c, a parser trained on UD English EWT), NULL without a model:
     * head[i] is the token i depends on (-1 for the root), rel[i] its relation (enum dy_deplab) */
    int *head;
    unsigned char *rel;
    dy_np *np; int nnp;
    dy_vg *vg; int nvg;
    int *tok_np;                /* token -> NP index, -1 */
    int *tok_vg;                /* token -> VG index, -1 */
    int *tok_m;                 /* token -> actor mention index, -1 */
} dy_parse;

struct dy_depmodel;
/* Which clause roles come from the tree (the rest from the heuristics). */
enum { DY_ROLE_SUBJ = 1, DY_ROLE_OBJ = 2, DY_ROLE_AGENT = 4, DY_ROLE_CONJ = 8, DY_ROLES_ALL = 15 };
#define DY_ROLES_DEFAULT 0
/* Parse sentence s (tokens tagged and lemmatised, mentions found): the dependency tree
 * with model dep (none when NULL), then phrases and clauses; the roles in the mask
 * roles (DY_ROLE_*) come from the tree. */
int dy_parse_sentence(dy_arena *a, const dy_lexicon *lex, const struct dy_depmodel *dep, int roles, dy_sentence *s);
/* Relation name of rel (enum dy_deplab): "nsubj", "obl:agent", ... */
const char *dy_rel_name(int rel);
#endif
