/* code.h: stage 7c, clauses + actors + patterns -> coded events.
 *
 * For each verb group the lexical verbs are tried left to right (a modal
 * catenative such as "expected to" or "set to" passes to the verb after it
 * and sets the mode); every pattern of the verb's lemma is matched against
 * the clause (object, prepositional phrases, literal words, subject), and
 * the most specific match wins.  Passive voice swaps the roles: the by-agent
 * is the source, the grammatical subject the target.  Event nouns ("his
 * praise for X", "talks with X") are coded from their noun phrase.  Every
 * actor of a coordinated role gives its own event; symmetric cooperative
 * actions between coordinated actors ("Putin and Xi will discuss") give an
 * event in each direction. */
#ifndef DY_CODE_H
#define DY_CODE_H
#include "core/arena.h"
#include "core/doc.h"
#include "tag/lemma.h"
#include "verbdict.h"
#include "cameo.h"

typedef struct dy_event {
    int src_m, src_ref;         /* mention index and its reference (-1: none) */
    int tgt_m, tgt_ref;
    char cameo[6];
    int mode;                   /* enum dy_mode */
    int verb_tok;               /* evidence token (verb or event noun) */
    int pattern;                /* index into the verb dictionary */
    char date[11];              /* event date (relative dates resolved), "" = unknown */
    int sent_index;             /* sentence of the document */
    const struct dy_place *place;   /* where (place/place.h), NULL = unknown; set after coding */
    const char *pmode;          /* PLOVER mode (plover.c), NULL = none */
    uint64_t pctx;              /* PLOVER contexts from the words (bits of dy_plover_context_name) */
} dy_event;

typedef struct dy_events { dy_event *e; int n, cap; int dropped; } dy_events;

typedef struct dy_coder {
    const dy_lexicon *lex;
    const dy_verbdict *verbs;
    const dy_cameo *cameo;
    int max_events;             /* per sentence */
    unsigned modes;             /* bit (1 << enum dy_mode) set: events of that mode are coded */
    int one_sided;              /* code events with a source and no target */
} dy_coder;

/* Code one parsed sentence; appends to ev.  note (may be NULL) receives a
 * human-readable trace of every decision for --explain. */
struct dy_buf;
int dy_code_sentence(dy_arena *a, const dy_coder *c, const dy_sentence *s, const char *docdate,
                     dy_events *ev, struct dy_buf *note);
/* PLOVER mode and word contexts of event e, coded by a pattern over tokens [from, to)
 * with source and target NP groups src_np, tgt_np (-1 = none); plover.c. */
void dy_plover_derive(const dy_coder *c, const dy_sentence *s, int from, int to, int src_np, int tgt_np, dy_event *e);
/* PLOVER contexts an actor code's sectors give (MIL -> military). */
uint64_t dy_plover_actor_ctx(const char *code);

/* `dyad dicts --coverage` (coverage.c): per CAMEO code, the verb and noun
 * patterns that reach it and the cases (a file or directory of tests/cases
 * files, NULL = none) with an expect line for it; codes lacking either first.
 * Returns 0, or -1 with a message naming the file. */
int dy_coverage(const dy_verbdict *v, const dy_cameo *t, const char *cases, struct dy_buf *out,
                char *err, size_t errlen);
#endif
