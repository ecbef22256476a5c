/* petrarch.h: loaders for PETRARCH (v1 and 2.0) dictionaries, so users can
 * run their own PETRARCH/Phoenix dictionaries on dyad's own analysis.
 *
 *   actors    PETR.Validate.actors.txt, Phoenix.*.actors.txt: NAME_WITH_UNDERSCORES
 *             [CODE], '+' synonyms, code lines "[CODE <date]", "[CODE >date]",
 *             "[CODE date-date]", several codes "[A/B]"          -> dy_actordict
 *   agents    PETR.Validate.agents.txt, Phoenix.agents.txt: NAME {PLURALS} [~CODE]
 *             ('~' marks where the actor code goes), !X! = a, b substitutions
 *   discards  one phrase a line ('+' = story level)               -> DY_AK_DISCARD
 *   verbs     v1 (PETR.Validate.verbs.txt) and 2.0 (PETR.Validate.verbs.2.0.txt,
 *             CAMEO.2.0.txt): "--- VERB [code] ---" blocks, verb synonyms with
 *             {forms}, &SYNSETS, patterns "- PRE * POST [code]"  -> dy_verbdict
 *   issues    Phoenix.IssueCoding.txt: counted only (dyad has no issue field)
 *
 * Verb patterns are TRANSLATED into dyad's pattern language (data/verbs/README.md).
 * What cannot be expressed is counted by reason (see dy_petr_counts) and
 * skipped; nothing unexpressible is guessed at.  Malformed lines never stop a
 * load: they are counted as warnings, the first one kept as
 * "file:line:col: message". */
#ifndef DY_COMPAT_PETRARCH_H
#define DY_COMPAT_PETRARCH_H
#include <stdio.h>
#include "actors/actordict.h"
#include "code/verbdict.h"
#include "tag/lemma.h"
#include "core/buf.h"

enum dy_petr_kind {
    DY_PETR_AUTO = 0, DY_PETR_ACTORS, DY_PETR_AGENTS, DY_PETR_DISCARDS, DY_PETR_VERBS1, DY_PETR_VERBS2, DY_PETR_ISSUES
};

/* Reasons a PETRARCH verb pattern (or verb) could not be translated. */
enum dy_petr_skip {
    DY_PSK_PREVERB = 0,   /* words before the verb ("NOT *", "SAID WOULD *"): dyad literals follow the head */
    DY_PSK_MULTIVERB,     /* multi-word verb with words before the verb ("WIRE_+TAP") */
    DY_PSK_TOOLONG,       /* more than DY_MAX_PELEM elements */
    DY_PSK_SYNSET,        /* unknown &SYNSET */
    DY_PSK_EMPTY,         /* nothing usable left */
    DY_PSK_REJECTED,      /* dy_verbdict_add refused the translation */
    DY_PSK_N
};

typedef struct dy_petr_counts {
    /* file entries, as defined in tests/test_petrarch.c */
    int names;            /* actors: primary names + '+' synonyms (agents: entries; discards: phrases) */
    int codes;            /* actors: code blocks [..] (each [A/B] counts once) */
    int blocks;           /* verbs: "--- VERB [code] ---" blocks */
    int verbs;            /* verbs: verb lines in blocks (synonyms, multi-word verbs) */
    int patterns;         /* verbs: pattern lines ("- ..." or "* ...") */
    int synsets;          /* verbs: &SYNSET definitions */
    int issues;           /* issues: phrase lines in <ISSUE> sections */
    /* what went into dyad */
    int added_names;      /* actordict entries added (plurals, !X! expansions, one per code) */
    int added_patterns;   /* dyad patterns added (variants included) */
    int translated;       /* source patterns (and verb defaults) translated */
    int lossy;            /* translated with something dropped (multi-word synset member, '_' adjacency) */
    int paired;           /* [A:B] codes: the B event is only produced by the eval runner */
    int skipped[DY_PSK_N];
    int warnings;         /* malformed lines skipped */
    char first_warning[256];
} dy_petr_counts;

/* Patterns' second codes ([A:B]) and other side information for the eval runner. */
typedef struct dy_petr_side {
    char (*pair)[6];      /* pattern index -> second code, "" when none */
    int npair, cappair;
} dy_petr_side;

void dy_petr_side_free(dy_petr_side *s);
/* The second code of pattern pi, or NULL. */
const char *dy_petr_pair(const dy_petr_side *s, int pi);

/* Guess a file's kind from its name, then its content. */
int dy_petr_detect(const char *path);
/* Load one file of the given kind (DY_PETR_AUTO: detect).  Counts are added
 * to *c (zero it first).  side may be NULL.  Returns 0, or -1 with err set
 * ("file: message") when the file cannot be read or memory runs out. */
int dy_petr_load(const char *path, int kind, dy_actordict *actors, dy_verbdict *verbs, dy_lexicon *lex,
                 dy_petr_side *side, dy_petr_counts *c, char *err, size_t errlen);
/* The same from bytes already read (a leading UTF-8 BOM skipped).  strict:
 * every event code must be in verbs->codes (when set) and every actor code
 * well formed (dy_actor_code_ok); the first bad one stops the load with
 * "file:line:col: message" in err. */
int dy_petr_load_buf(const char *path, int kind, const char *buf, size_t len, int strict, dy_actordict *actors,
                     dy_verbdict *verbs, dy_lexicon *lex, dy_petr_side *side, dy_petr_counts *c, char *err, size_t errlen);
/* A TABARI .verbs file into dyad patterns: rewritten as PETRARCH v1 verb
 * blocks (stems, inline alternatives and forms mapped; see petrarch.c) and
 * translated like them; messages and --explain name the original lines. */
int dy_petr_load_tabari_verbs(const char *path, const char *buf, size_t len, int strict, dy_verbdict *verbs,
                              dy_lexicon *lex, dy_petr_counts *c, char *err, size_t errlen);
/* One line per count, e.g. for `dyad --describe`. */
void dy_petr_counts_format(const char *path, const dy_petr_counts *c, dy_buf *b);
#endif
