/* verbdict.h: stage 7b, the event-pattern dictionary (the files in data/verbs,
 * format in data/verbs/README.md): verb and event-noun patterns -> CAMEO.
 *
 *   042  arrive in:T             verb lemma, then elements
 *   057  sign {agreement|deal} with:T
 *   111  {draw|face} criticism from:S subj:T
 *   051  @praise for:T           '@': an event noun
 *   0811 ease restriction on:T[$journalist|press]   a slot whose noun is in a class
 *
 * Patterns are indexed by the lemma ids (tag/lemma.h) of their head words;
 * the matcher (code.c) tries every pattern of a verb and keeps the most
 * specific one that matches. */
#ifndef DY_VERBDICT_H
#define DY_VERBDICT_H
#include <stdint.h>
#include "tag/lemma.h"
struct dy_cameo;

enum dy_pe_type {
    DY_PE_LIT = 1,   /* literal word(s) after the head, in order */
    DY_PE_OBJ,       /* direct object gives role */
    DY_PE_PREP,      /* prepositional phrase gives role */
    DY_PE_SUBJ,      /* clause subject gives role (subj:T) */
    DY_PE_NEXT,      /* next:T  the first actor after the verb gives role (PETRARCH's target; not used by dyad's own files) */
    DY_PE_PRE        /* <word   a literal before the verb, matched leftwards from it (PETRARCH "NOT *"; ditto) */
};
enum { DY_ROLE_NONE = 0, DY_ROLE_S = 1, DY_ROLE_T = 2 };

typedef struct dy_pelem {
    uint8_t type, role;
    uint16_t nalt;          /* alternatives in the word pool */
    int32_t alt;            /* offset in dict->pool */
    uint16_t nhead;         /* a slot's argument class, "on:T[$journalist|press]": the slot's noun */
    int32_t head;           /* phrase must hold one of these words (pool offset); nhead 0 = any */
} dy_pelem;

#define DY_MAX_PELEM 12
#define DY_FOREIGN_COMPOUND 2
typedef struct dy_pattern {
    char code[6];           /* CAMEO code; "---" = matches but codes nothing (PETRARCH null code) */
    char code2[6];          /* paired code: a second event from target to source ("" = none) */
    uint8_t foreign;        /* from a TABARI/PETRARCH dictionary: codes used as written (no future recoding);
                               DY_FOREIGN_COMPOUND: PETRARCH "% *", between the conjuncts of a compound subject */
    uint8_t nominal;        /* head is an event noun */
    uint8_t nel;
    uint16_t specificity;
    uint16_t file;
    uint32_t line;
    dy_pelem el[DY_MAX_PELEM];
    const char *text;       /* the pattern as written, for --explain */
} dy_pattern;

/* The patterns headed by one lemma (as verb or as event noun), in file order,
 * as one int32 stream so that a frequent verb's hundred patterns are read in
 * order from a few cache lines.  Each entry is
 *     len, pat, K, then K groups (nalt, nalt word ids)
 * len counting the whole entry; the K groups are the pattern's literal and
 * preposition elements: a sentence that has no word of some group cannot
 * match the pattern, so the coder rules most patterns out without reading
 * them (see possible() in code.c). */
typedef struct dy_pchain { int32_t *w; int n, cap; } dy_pchain;

/* A noun class (data/verbs/classes.txt): words that share a sense, used in
 * patterns as $name ("expel $diplomat" vs "expel $person") and, for PLOVER,
 * carrying a mode for one PLOVER type ("$firearm": ASSAULT firearms) and
 * contexts ("$refugee": migration). */
#define DY_MAX_NCLASS 128
/* The classes holding a word, as a bit set over DY_MAX_NCLASS. */
typedef struct dy_cbits { uint64_t b[DY_MAX_NCLASS / 64]; } dy_cbits;
typedef struct dy_nclass {
    char name[32];
    char ptype[16], pmode[24];  /* PLOVER type and mode the words give ("" = none) */
    uint64_t ctx;               /* PLOVER contexts (bits of dy_plover_context_name) */
    uint8_t purpose;            /* what a protest, call or demand is for: 1 leadership, 2 policy,
                                   3 rights, 4 institutions (CAMEO's xxx1..xxx4 subcodes), 5 reform
                                   in general (the family code, 024, 083, ...); 0 = none */
    const char *words;          /* "a|b|c", for expanding $name */
} dy_nclass;
/* The PLOVER mode and contexts an event code has by itself (`code 145 mode=riot`):
 * the mode unless a class word in the clause says more, the contexts always. */
typedef struct dy_codemode { char code[6]; char pmode[24]; uint64_t ctx; uint8_t fixed; /* mode=!M: wins over class words */ } dy_codemode;

typedef struct dy_verbdict {
    dy_pattern *p; int np, capp;
    dy_nclass cls[DY_MAX_NCLASS]; int ncls;
    dy_cbits *wcls; int nwcls;  /* word id (lexicon) -> the classes holding it */
    dy_codemode *cmode; int ncmode;
    dy_hmap cmode_ix; int cmode_nix;   /* code -> its last cmode[] line, built by dy_verbdict_finish for the
                                          first cmode_nix lines (0: none, the lookup scans) */
    int32_t *pool; int npool, cappool;
    dy_pchain *chain; int nchain, capchain;
    int32_t *vhead, *nhead; int nhead_cap;   /* lemma id -> its chain (verb / noun heads), -1 */
    char **files; int nfiles;
    dy_arena mem;
    const struct dy_cameo *codes;   /* when set, every event code must be in this table ("---" aside) */
    int user_from;                  /* files from this index on are the user's (--dict): a pattern such a
                                       file defines replaces an earlier file's pattern with the same head and
                                       elements (whatever its code); -1 = off */
    int overridden;                 /* patterns replaced that way (per head) */
} dy_verbdict;

int  dy_verbdict_init(dy_verbdict *v);
void dy_verbdict_free(dy_verbdict *v);
/* Add one pattern line (CODE PATTERN); returns 0 or -1 with a message
 * (column in *col, counted in pattern; 0 = the error is in the code). */
int  dy_verbdict_add(dy_verbdict *v, dy_lexicon *lex, const char *code, const char *pattern,
                     int file, uint32_t line, char *err, size_t errlen, int *col);
/* Load a pattern file, or every *.txt of a directory except forms.txt (whose
 * verb forms are loaded into lex first) and classes.txt (noun classes and
 * PLOVER modes, loaded before the patterns).  Returns patterns added or -1. */
int  dy_verbdict_load(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen);
/* A pattern file from bytes already read (a leading UTF-8 BOM skipped). */
int  dy_verbdict_load_buf(dy_verbdict *v, dy_lexicon *lex, const char *path, const char *buf, size_t len,
                          char *err, size_t errlen);
/* A forms.txt file from bytes already read ("verb LEMMA PAST PARTICIPLE [3SG] [ING]" lines). */
int  dy_verbdict_load_forms_buf(dy_lexicon *lex, const char *path, const char *buf, size_t len, char *err, size_t errlen);
/* For the format sniffer: is one line (n bytes) a pattern line (CODE HEAD ...)
 * or a forms line (verb LEMMA PAST PARTICIPLE)?  1 pattern, 2 forms, 0 neither. */
int  dy_verbdict_line_kind(const char *line, size_t n);
/* Is code (n bytes) an event code in the syntax of a pattern line: 2 to 4
 * digits with an optional uppercase suffix (at most 5 in all), or "---"? */
int  dy_event_code_syntax(const char *code, size_t n);
/* Once every pattern is in: order each pattern's word groups so that the
 * rarest is tested first (a word that many patterns need, like "to", is
 * likely in the sentence and rules little out).  Optional: the same
 * matches either way, only fewer words tested.  -1 on out of memory. */
int  dy_verbdict_finish(dy_verbdict *v);
/* The chain of patterns headed by lemma id (verb or noun), NULL when none. */
static inline const dy_pchain *dy_verbdict_chain(const dy_verbdict *v, int lemma, int nominal)
{
    if (lemma < 0 || lemma >= v->nhead_cap) return NULL;
    int32_t c = nominal ? v->nhead[lemma] : v->vhead[lemma];
    return c < 0 ? NULL : &v->chain[c];
}
/* Load a classes file (format in data/verbs/README.md): `class NAME [mode=TYPE:MODE]
 * [context=C,C] WORD...` and `code CODE [mode=MODE] [context=C,C]` lines.  Returns lines read or -1. */
int  dy_verbdict_load_classes(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen);
/* Class bits of a token (its lemma id and word id); 0 when in no class. */
static inline dy_cbits dy_verbdict_wclass(const dy_verbdict *v, int lid, int wid)
{
    dy_cbits b = { { 0 } };
    for (int k = 0; k < DY_MAX_NCLASS / 64; k++) {
        if (lid >= 0 && lid < v->nwcls) b.b[k] |= v->wcls[lid].b[k];
        if (wid >= 0 && wid < v->nwcls) b.b[k] |= v->wcls[wid].b[k];
    }
    return b;
}
static inline int dy_cbits_has(const dy_cbits *b, int k) { return (int)(b->b[k >> 6] >> (k & 63)) & 1; }
static inline int dy_cbits_any(const dy_cbits *b)
{
    for (int k = 0; k < DY_MAX_NCLASS / 64; k++) if (b->b[k]) return 1;
    return 0;
}
/* PLOVER context names (the manual's general contexts); bit i of a context mask is name i. */
const char *dy_plover_context_name(int i);
int dy_plover_context_id(const char *name, size_t n);
/* The PLOVER mode and contexts a code has by itself (exact, else its 3-digit parent), NULL when none. */
const dy_codemode *dy_verbdict_code_mode(const dy_verbdict *v, const char *code);
#endif
