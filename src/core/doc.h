/* doc.h: the plain data that flows down the pipeline.
 *
 *   dy_doc       a document as read (stage 1): id, date, original text
 *   dy_norm      its normalised text with a byte map back to the original (stage 2)
 *   dy_token     one token of a sentence, with tag and lemma (stage 4)
 *   dy_sentence  one sentence: its tokens and, after stage 5, its parse
 *
 * Offsets in tokens are into the normalised text; output maps them back to
 * the original document bytes through dy_norm.map. */
#ifndef DY_DOC_H
#define DY_DOC_H
#include <stddef.h>
#include <stdint.h>

/* A near-duplicate copy of a document (src/ingest): the same story reprinted
 * elsewhere, not coded again but counted as a source of its events. */
typedef struct dy_copy {
    const char *id, *url, *outlet;      /* NULL when absent */
    const char *input;                  /* file it came from */
} dy_copy;

typedef struct dy_doc {
    const char *id;         /* JSON "id", else the file name, else "stdin" */
    char date[11];          /* YYYY-MM-DD, "" when unknown */
    const char *text;       /* original bytes (may hold invalid UTF-8, NULs) */
    size_t len;
    const char *title, *url, *source;   /* optional, NULL when absent */
    const char *input;      /* file name the document came from ("-" for stdin) */
    long line;              /* 1-based line of the JSON record, 0 for plain text */
    const dy_copy *copies;  /* its wire copies found by src/ingest (ncopies of them), NULL when none */
    int ncopies;
} dy_doc;

typedef struct dy_norm {
    char *text;             /* valid NFC UTF-8, NUL-terminated, no NULs inside */
    size_t len;
    uint32_t *map;          /* map[i]: original offset of normalised byte i; map[len] = doc len */
} dy_norm;

enum { DY_TOK_CAP = 1, DY_TOK_ALLCAP = 2, DY_TOK_DIGIT = 4, DY_TOK_ALPHA = 8 };

typedef struct dy_token {
    uint32_t start, end;    /* byte range in the normalised text */
    const char *text;       /* normalised text (not NUL-terminated), len bytes */
    const char *low;        /* case- and accent-folded form, NUL-terminated */
    const char *lemma;      /* lemma for verbs and nouns (folded), NUL-terminated */
    int32_t lid, wid;       /* lexicon ids of lemma and folded form (-1: not in any pattern) */
    uint32_t hash;          /* dy_hash_bytes(low, lowlen), shared by the dictionary lookups of low */
    uint16_t len, lowlen;
    uint8_t tag;            /* enum dy_tag */
    uint8_t flags;          /* DY_TOK_* */
} dy_token;

struct dy_parse;            /* parse/parse.h */
struct dy_mentions;         /* actors/resolve.h */

typedef struct dy_sentence {
    int index;              /* 0-based sentence number in the document */
    uint32_t start, end;    /* byte range in the normalised text */
    dy_token *tok;
    int ntok;
    struct dy_parse *parse;
    struct dy_mentions *actors;
} dy_sentence;

#endif
