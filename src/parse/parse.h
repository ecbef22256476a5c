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
    int roles;                  /* DY_ROLE_* bits in use */
    dy_np *np; int nnp;
    dy_vg *vg; int nvg;
    int *tok_np;                /* token -> NP index, -1 */
    int *tok_vg;                /* token -> VG index, -1 */
    int *tok_m;                 /* token -> actor mention index, -1 */
} dy_parse;

/* Universal Dependencies relations the parser outputs (UD 2.14 EWT: its
 * obl:unmarked is the older obl:tmod + obl:npmod).  Subtypes not listed
 * are mapped to their base relation (dy_dep_label_from_name). */
enum dy_deplab {
    DY_DL_NONE = 0, DY_DL_ROOT, DY_DL_PUNCT, DY_DL_CASE, DY_DL_NSUBJ, DY_DL_DET, DY_DL_ADVMOD, DY_DL_OBJ,
    DY_DL_AMOD, DY_DL_OBL, DY_DL_CONJ, DY_DL_COMPOUND, DY_DL_MARK, DY_DL_NMOD, DY_DL_CC, DY_DL_AUX,
    DY_DL_COP, DY_DL_ADVCL, DY_DL_NMOD_POSS, DY_DL_XCOMP, DY_DL_CCOMP, DY_DL_ACL_RELCL, DY_DL_FLAT,
    DY_DL_PARATAXIS, DY_DL_NUMMOD, DY_DL_APPOS, DY_DL_ACL, DY_DL_AUX_PASS, DY_DL_NSUBJ_PASS,
    DY_DL_OBL_UNMARKED, DY_DL_DISCOURSE, DY_DL_COMPOUND_PRT, DY_DL_IOBJ, DY_DL_LIST, DY_DL_EXPL,
    DY_DL_FIXED, DY_DL_OBL_AGENT, DY_DL_CSUBJ, DY_DL_VOCATIVE, DY_DL_GOESWITH, DY_DL_REPARANDUM,
    DY_DL_ORPHAN, DY_DL_DISLOCATED, DY_DL_DEP,
    DY_NDEPLAB
};
struct dy_depmodel;
/* Clause roles the tree decides beyond subjects, voice and agents (which always come from
 * it), as bits of dy_parse_sentence's roles. */
enum { DY_ROLE_OBJ = 2, DY_ROLE_CONJ = 8,
       DY_ROLE_TARGET = 32,     /* a missing target looked for where the tree says it can be */
       DY_ROLE_TARGET_ONLY = 64,/* ... and not as the first actor after the verb */
       DY_ROLE_BRIDGE = 128,    /* a verb group goes on across a temporal adjunct: "threatened on Monday to resume" */
       DY_ROLES_ALL = DY_ROLE_OBJ | DY_ROLE_CONJ | DY_ROLE_TARGET | DY_ROLE_TARGET_ONLY | DY_ROLE_BRIDGE };
/* The pred (predicate) of token v: the verb or noun an auxiliary or copula belongs to. */
int dy_tree_pred(const dy_parse *p, int v);
/* NP group standing for tree token tok, -1. */
int dy_tree_np(const dy_parse *p, int n, int tok);
/* The marker opening the clause of tree token v ("if", "until", "that": a mark child before
 * it), -1 when there is none or no tree. */
int dy_tree_mark(const dy_parse *p, int v);
#define DY_ROLES_DEFAULT (DY_ROLE_OBJ | DY_ROLE_CONJ | DY_ROLE_TARGET | DY_ROLE_BRIDGE)
/* Parse sentence s (tokens tagged and lemmatised, mentions found): the dependency tree
 * with model dep (none when NULL), then phrases and clauses; the roles in the mask
 * roles (DY_ROLE_*) come from the tree. */
int dy_parse_sentence(dy_arena *a, const dy_lexicon *lex, const struct dy_depmodel *dep, int roles, dy_sentence *s);
/* Relation name of rel (enum dy_deplab): "nsubj", "obl:agent", ... */
const char *dy_rel_name(int rel);
#endif
