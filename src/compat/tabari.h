/* tabari.h: TABARI compatibility: load TABARI's dictionaries (.project,
 * .options, .actors, .agents, .verbs) and code sentences the way TABARI's
 * "sparse parser" does (actor and verb-pattern matching over the word
 * sequence, no tagger), so users can run their own TABARI dictionaries and
 * dyad can be scored on TABARI's validation suite.
 *
 * Dictionary syntax handled: actor synonyms (+NAME), dated codes
 * [ABC <YYMMDD] [ABC >YYMMDD] [ABC YYMMDD-YYMMDD], agents [~ABC] / [ABC~],
 * <NOUN>/<ADJECTIVE> lists; verbs with {forms}, patterns "- lower * upper
 * [code]", synsets &SET, alternatives { a | b }, markers $ + % ^, paired codes
 * [a:b], null/complex/discard codes (--- +++ ###), `_` (consecutive, closed
 * word), `~` (open stem before `_`), `=` (no endings).  <TIME> is skipped. */
#ifndef DY_TABARI_H
#define DY_TABARI_H
#include <stddef.h>
#include <stdint.h>
#include "actors/actordict.h"

typedef struct dy_tabari dy_tabari;

/* Entry counts of one dictionary file (how each is defined: see tabari_dict.c). */
typedef struct dy_tabari_counts {
    int actors;      /* actor names: primary names plus +synonyms (.actors) */
    int agents;      /* agent names (.agents) */
    int nouns, adjectives;
    int verbs;       /* verb roots */
    int forms;       /* verb forms listed in { } after a root */
    int patterns;    /* "- ... [code]" pattern lines */
    int synsets;     /* &SET definitions */
    int members;     /* synset members */
    int times;       /* <TIME> entries (read, not used) */
} dy_tabari_counts;

enum { DY_TB_EVENTS = 0, DY_TB_NOEVENT, DY_TB_COMPLEX, DY_TB_DISCARD };

typedef struct dy_tabari_event { char src[48], tgt[48], code[16]; } dy_tabari_event;

dy_tabari *dy_tabari_new(void);
void dy_tabari_free(dy_tabari *t);
/* Each loader returns entries added, or -1 with "file:line:col: message"
 * when the file cannot be read (or memory runs out); malformed entries are
 * skipped and reported by dy_tabari_skipped(). */
int dy_tabari_load_verbs(dy_tabari *t, const char *path, char *err, size_t errlen);
int dy_tabari_load_actor_file(dy_tabari *t, const char *path, int agents, char *err, size_t errlen);
/* The same from bytes already read (a pipe is read once). */
int dy_tabari_load_verbs_buf(dy_tabari *t, const char *path, const char *buf, size_t len, char *err, size_t errlen);
int dy_tabari_load_actor_buf(dy_tabari *t, const char *path, const char *buf, size_t len, int agents, char *err, size_t errlen);
int dy_tabari_load_options(dy_tabari *t, const char *path, char *err, size_t errlen);
/* Load a .project and every dictionary and options file it names.  If
 * textfile is not NULL it receives the <textfile> path (cap bytes). */
int dy_tabari_load_project(dy_tabari *t, const char *path, char *textfile, size_t cap, char *err, size_t errlen);
/* Apply one options command ("COMPLEX: VERBS[5] ...", "SET: X = Y", "COMMA: ...").
 * Returns 0, or -1 with err on an unknown command. */
int dy_tabari_option(dy_tabari *t, const char *cmd, char *err, size_t errlen);
/* Malformed entries skipped by the loaders (a typo in one entry of a 24k-line
 * file does not stop the load); *first gets the first "file:line:col: message". */
int dy_tabari_skipped(const dy_tabari *t, const char **first);
/* Counts of one file (kind guessed from the name: .verbs, .agents, else actors). */
int dy_tabari_count_file(const char *path, dy_tabari_counts *c, char *err, size_t errlen);

/* Code one record (date YYYYMMDD).  Fills up to maxev events; returns
 * DY_TB_EVENTS (with *nev >= 1), DY_TB_NOEVENT, DY_TB_COMPLEX or
 * DY_TB_DISCARD; -1 on out of memory. */
int dy_tabari_code(const dy_tabari *t, const char *text, int32_t date,
                   dy_tabari_event *ev, int maxev, int *nev);
/* Parse a TABARI date (YYMMDD, or YYYYMMDD) to YYYYMMDD; 0 if invalid. */
int32_t dy_tabari_date(const char *s, size_t n);

/* Load a TABARI .actors (agents=0) or .agents (agents=1) file into dyad's
 * actor dictionary.  Returns entries added, or -1 with err. */
int dy_tabari_load_actors(dy_actordict *d, const char *path, int agents, char *err, size_t errlen);
/* The same from bytes already read.  strict: every code well formed
 * (dy_actor_code_ok), the first bad one an error "file:line:col: ...".
 * Entries skipped as malformed are counted in *nbad, the first message in
 * first_bad. */
int dy_tabari_load_actors_buf(dy_actordict *d, const char *path, const char *buf, size_t len, int agents, int strict,
                              int *nbad, char *first_bad, size_t badlen, char *err, size_t errlen);
/* Counts of one file from bytes already read; kind 0 actors, 1 agents, 2 verbs. */
int dy_tabari_count_buf(const char *path, const char *buf, size_t len, int kind, dy_tabari_counts *c, char *err, size_t errlen);
#endif
