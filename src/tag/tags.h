/* tags.h: the part-of-speech tag set shared by the tagger (stage 4) and the
 * phrase/clause parser (stage 5).
 *
 * dyad tags with the Penn Treebank tag set as used by the UD English EWT
 * treebank's XPOS column (the tagger is trained on it).  Penn tags keep the
 * distinctions an event coder needs: VBN vs VBD (passive voice), MD (modals),
 * POS (possessive 's), TO, RP (phrasal-verb particles), NNP (names).
 * The ids are stable: the tagger model file stores them. */
#ifndef DY_TAGS_H
#define DY_TAGS_H

enum dy_tag {
    DY_TAG_NONE = 0, /* not yet tagged */
    DY_CC, DY_CD, DY_DT, DY_EX, DY_FW, DY_IN, DY_JJ, DY_JJR, DY_JJS, DY_LS,
    DY_MD, DY_NN, DY_NNS, DY_NNP, DY_NNPS, DY_PDT, DY_POS, DY_PRP, DY_PRPS,
    DY_RB, DY_RBR, DY_RBS, DY_RP, DY_SYM, DY_TO, DY_UH, DY_VB, DY_VBD,
    DY_VBG, DY_VBN, DY_VBP, DY_VBZ, DY_WDT, DY_WP, DY_WPS, DY_WRB,
    DY_COMMA, DY_PERIOD, DY_COLON, DY_LQUOTE, DY_RQUOTE, DY_LRB, DY_RRB,
    DY_HYPH, DY_NFP, DY_ADD, DY_AFX, DY_GW, DY_XX, DY_DOLLAR,
    DY_NTAGS
};

/* Penn name of a tag ("NN", "PRP$", ",", "-LRB-"...); "?" when out of range. */
const char *dy_tag_name(int tag);
/* Tag id of a Penn name, or DY_TAG_NONE when unknown. */
int dy_tag_from_name(const char *name);

static inline int dy_tag_is_noun(int t) { return t == DY_NN || t == DY_NNS || t == DY_NNP || t == DY_NNPS; }
static inline int dy_tag_is_proper(int t) { return t == DY_NNP || t == DY_NNPS; }
static inline int dy_tag_is_verb(int t) { return t >= DY_VB && t <= DY_VBZ; }
/* a finite verb form: past, present (3rd person or not), modal */
static inline int dy_tag_is_finite(int t) { return t == DY_VBD || t == DY_VBZ || t == DY_VBP || t == DY_MD; }
static inline int dy_tag_is_adj(int t) { return t == DY_JJ || t == DY_JJR || t == DY_JJS; }
static inline int dy_tag_is_adv(int t) { return t == DY_RB || t == DY_RBR || t == DY_RBS; }
static inline int dy_tag_is_punct(int t) { return t >= DY_COMMA && t <= DY_NFP; }

#endif
