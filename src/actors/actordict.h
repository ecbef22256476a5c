/* actordict.h: stage 6a, the actor dictionary: names -> codes.
 *
 * One in-memory form for every source: dyad's own files (data/actors, format
 * in data/actors/README.md) and the TABARI/PETRARCH loaders in src/compat.
 * Names are stored as sequences of folded tokens (tokenised exactly like
 * text, so "U.S." or "Kim Jong-un" match as written); a name maps to one or
 * more entries (a person holds different codes over time).  Each entry
 * remembers its file and line for --explain. */
#ifndef DY_ACTORDICT_H
#define DY_ACTORDICT_H
#include <stdint.h>
#include "core/arena.h"
#include "core/hash.h"

enum dy_akind {
    DY_AK_COUNTRY = 1, /* a country or territory name: RUS */
    DY_AK_ADJ,         /* demonym/adjective: "Russian" RUS */
    DY_AK_METONYM,     /* seat of government: "the Kremlin" RUSGOV */
    DY_AK_ORG,         /* international organisation, region, bloc */
    DY_AK_GROUP,       /* armed group, party, company */
    DY_AK_PERSON,      /* a person, code valid over a date range */
    DY_AK_AGENT,       /* sector noun composing with a country: "troops" MIL */
    DY_AK_TITLE,       /* office before a name: "Foreign Minister" GOV */
    DY_AK_DISCARD      /* a phrase that means "do not code this sentence" (PETRARCH/TABARI) */
};

typedef struct dy_aentry {
    char code[24];          /* CAMEO code (or sector for AGENT/TITLE) */
    uint8_t kind;           /* enum dy_akind */
    uint8_t prefix_role;    /* TABARI-style agent placement: 0 = default, 1 = prefix (~ABC), 2 = suffix */
    int32_t from, to;       /* validity as YYYYMMDD, 0 = open */
    int32_t next;           /* next entry with the same name, -1 = end */
    int32_t person;         /* entries of one person share this id (first entry index) */
    uint16_t file;          /* index into dict->files */
    uint32_t line;
    const char *name;       /* the name as written in the file */
} dy_aentry;

typedef struct dy_aname {
    int32_t first;          /* first entry, -1 when the key is only a prefix of longer names */
    int32_t last;           /* last entry of the list (appending is O(1): 200k entries of one name load in linear time) */
    uint8_t exact_case;     /* match only the exact capitalisation (acronyms: US, UN, IT) */
    uint8_t plain;          /* a name of this key is written in mixed case too ("Nato" beside "NATO"): any case matches */
    const char *exact;      /* that capitalisation (space-joined tokens) */
} dy_aname;

typedef struct dy_actordict {
    dy_aentry *e; int ne, cape;
    dy_aname *names; int nn, capn;
    dy_hmap index;          /* folded tokens joined by ' ' -> names[] index (prefixes included) */
    dy_hmap codekinds;      /* entry code -> 1 | 2: some entry with it is an adjective | a country or
                               metonym (dy_actordict_is_identity, kept up by dy_actordict_add) */
    dy_hmap heads;          /* the nouns for people of resolve.c -> DY_HEAD_* bits (dy_resolve_heads_init):
                               one lookup per mention head instead of a scan of ~170 words */
    dy_arena mem;
    char **files; int nfiles;
    int max_tokens;         /* longest name in tokens */
    int counts[DY_AK_DISCARD + 1];
    int user_from;          /* files from this index on are the user's (--dict): a name such a file
                               defines replaces the entries of every earlier file; -1 = off */
    int overridden;         /* entries replaced that way */
} dy_actordict;

int  dy_actordict_init(dy_actordict *d);
void dy_actordict_free(dy_actordict *d);
/* Index of a file name in d->files (added when new); -1 on out of memory. */
int  dy_actordict_file(dy_actordict *d, const char *path);
/* Add one name for an entry.  person: -1 = a new person (or not a person),
 * otherwise the id returned for an earlier name of the same person.  Returns
 * the new entry index, or -1 with err filled. */
int  dy_actordict_add(dy_actordict *d, int kind, const char *code, int32_t from, int32_t to,
                      const char *name, size_t namelen, int file, uint32_t line, int person,
                      char *err, size_t errlen);
/* Load one file in dyad's format (or every *.txt in a directory).  Returns
 * entries added, or -1 with "file:line:col: message" in err. */
int  dy_actordict_load(dy_actordict *d, const char *path, char *err, size_t errlen);
/* The same from bytes already read (len bytes at buf, a leading UTF-8 BOM
 * skipped); path names the file in messages and --explain. */
int  dy_actordict_load_buf(dy_actordict *d, const char *path, const char *buf, size_t len, char *err, size_t errlen);
/* Is code a well-formed actor code for an entry of this kind?  Countries,
 * organisations, groups and people: 3 to 15 uppercase letters or digits, in
 * groups of three (3, 6, 9, 12 or 15: country or IGO + role + organisation,
 * as the CAMEO actor codebook builds them); agents and titles: one sector, 3
 * letters or digits (foreign=1: TABARI/PETRARCH agents may also hold two or
 * more sectors, 6..15); discards: any code.  0 with the reason in *why. */
int  dy_actor_code_ok(int kind, const char *code, size_t n, int foreign, const char **why);
/* 1 when one line of text (n bytes, no newline) is an entry dyad's actor
 * loader accepts: KIND CODE [DATES] NAME[; NAME...] (used by the sniffer). */
int  dy_actordict_line_ok(const char *line, size_t n);
/* Is code an identity (an `adj` code no `country` line has: MOS, KUR, CPT)?  A
 * scan of the entries: for the rare "Bosnian Muslims" composition only. */
int  dy_actordict_is_identity(const dy_actordict *d, const char *code);
/* Parse "YYYY", "YYYY-MM", "YYYY-MM-DD" to YYYYMMDD (end=1: last day of the period). */
int32_t dy_date_num(const char *s, size_t n, int end);

/* Longest name starting at token i of a sentence (tokens as folded strings
 * low[] and original text txt[]/len[]); returns the number of tokens matched
 * (0 = none) and the names[] index in *name. */
struct dy_token;
int  dy_actordict_match(const dy_actordict *d, const struct dy_token *tok, int ntok, int i, int *name);
#endif
