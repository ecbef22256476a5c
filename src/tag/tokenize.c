/* tokenize.c: see tokenize.h. */
#include <string.h>
#include <ctype.h>
#include "tokenize.h"
#include "normalize/normalize.h"
#include "core/words.h"
#include "core/hash.h"

static const dy_word ABBR[] = {
    DY_WORD("mr."), DY_WORD("mrs."), DY_WORD("ms."), DY_WORD("dr."), DY_WORD("prof."), DY_WORD("gen."), DY_WORD("lt."),
    DY_WORD("col."), DY_WORD("maj."), DY_WORD("capt."), DY_WORD("cmdr."), DY_WORD("adm."), DY_WORD("sgt."),
    DY_WORD("gov."), DY_WORD("sen."), DY_WORD("rep."), DY_WORD("rev."), DY_WORD("st."), DY_WORD("jr."), DY_WORD("sr."),
    DY_WORD("inc."), DY_WORD("corp."), DY_WORD("co."), DY_WORD("ltd."), DY_WORD("no."), DY_WORD("vs."),
    DY_WORD("etc."), DY_WORD("jan."), DY_WORD("feb."), DY_WORD("mar."), DY_WORD("apr."), DY_WORD("jun."),
    DY_WORD("jul."), DY_WORD("aug."), DY_WORD("sep."), DY_WORD("sept."), DY_WORD("oct."), DY_WORD("nov."),
    DY_WORD("dec."), DY_WORD("mt."), DY_WORD("ft."), DY_WORD("bros."), DY_WORD("dept."), DY_WORD("a.m."),
    DY_WORD("p.m."), DY_WORD("e.g."), DY_WORD("i.e."), DY_WORD("approx."), DY_WORD("hon."), DY_WORD("pres.")
};

static int is_abbrev(const char *w, size_t n)
{
    char buf[12];
    if (n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)w[i]);
    if (n && dy_word_in(ABBR, DY_NWORDS(ABBR), buf, n)) return 1;
    /* single letter initial "F." or dotted acronym "U.S." "U.N." "D.C." */
    if (n == 2 && isalpha((unsigned char)w[0])) return 1;
    if (n >= 4 && w[n - 1] == '.') {
        for (size_t i = 0; i < n; i += 2)
            if (!isalpha((unsigned char)w[i]) || i + 1 >= n || w[i + 1] != '.') return 0;
        return 1;
    }
    return 0;
}

static int lead_punct(char c) { return c == '"' || c == '(' || c == '[' || c == '{' || c == '\'' || c == '`'; }
static int trail_punct(char c)
{
    return c == '"' || c == ')' || c == ']' || c == '}' || c == ',' || c == ';' || c == ':' ||
           c == '!' || c == '?' || c == '.' || c == '\'';
}

static const char *const CLITICS[] = { "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", NULL };
static const unsigned char CLITIC_LEN[] = { 3, 2, 3, 3, 3, 2, 2 };

/* Byte classes as the C locale's ctype sees them: C_UP for A-Z (also the
 * bit that makes the letter lowercase), C_LO a-z, C_DG 0-9, C_HI the bytes
 * of UTF-8 sequences (letters for our purposes). */
enum { C_LO = 1, C_DG = 2, C_HI = 4, C_UP = 0x20 };
#define X16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char BYTE_CLASS[256] = {
    X16(0), X16(0), X16(0),                                                    /* 0x00-0x2f */
    C_DG, C_DG, C_DG, C_DG, C_DG, C_DG, C_DG, C_DG, C_DG, C_DG, 0, 0, 0, 0, 0, 0,  /* 0-9 */
    0, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,  /* @A-O */
    C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, 0, 0, 0, 0, 0,           /* P-Z */
    0, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO,  /* `a-o */
    C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, 0, 0, 0, 0, 0,           /* p-z */
    X16(C_HI), X16(C_HI), X16(C_HI), X16(C_HI), X16(C_HI), X16(C_HI), X16(C_HI), X16(C_HI)     /* 0x80-0xff */
};
#undef X16

/* The tokens being made.  The folded forms are cut from one block taken
 * for the whole sentence (low): a token of len bytes may need len * 3 + 8
 * (dy_fold_buf's worst case), and the block holds that much for every
 * token there can be, so it never runs out. */
typedef struct { dy_token *t; int n, max, trunc; char *low; const char *text; } tokbuf;

static int emit(tokbuf *b, uint32_t s, uint32_t e)
{
    if (e <= s) return 0;
    if (b->n >= b->max) { b->trunc = 1; return 0; }
    if (e - s > 60000) e = s + 60000;
    dy_token *t = &b->t[b->n];
    memset(t, 0, sizeof *t);
    t->start = s; t->end = e;
    t->text = b->text + s;
    t->len = (uint16_t)(e - s);
    /* One pass makes the folded form and collects the byte classes.  ASCII
     * folds to lowercase here; a token with other bytes is folded by
     * dy_fold_buf into the same place (cap bytes, its worst case, are free
     * in the sentence's block). */
    size_t cap = (size_t)t->len * 3 + 8;
    char *low = b->low;
    unsigned seen = 0;
    const unsigned char *src = (const unsigned char *)t->text;
    uint32_t len = t->len;   /* (locals: stores to low[] could alias *t) */
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = src[i];
        unsigned k = BYTE_CLASS[c];
        seen |= k;
        low[i] = (char)(c | (k & C_UP));   /* A-Z -> a-z */
    }
    size_t fl = t->len;
    if (!(seen & C_HI)) low[fl] = 0;
    else fl = dy_fold_buf(t->text, t->len, low, cap);
    t->low = low;
    b->low += fl + 1;
    t->lowlen = (uint16_t)(fl > 65535 ? 65535 : fl);
    t->lemma = t->low;
    t->hash = dy_hash_bytes(t->low, t->lowlen);
    unsigned char c0 = (unsigned char)t->text[0];
    if ((BYTE_CLASS[c0] & C_UP) || (c0 >= 0x80 && t->low[0] && (unsigned char)t->low[0] != c0)) t->flags |= DY_TOK_CAP;
    /* capitals and no small letters: "UN", "G7", "I" */
    if ((seen & C_UP) && !(seen & C_LO)) t->flags |= DY_TOK_ALLCAP;
    if (seen & C_DG) t->flags |= DY_TOK_DIGIT;
    if (seen & (C_UP | C_LO | C_HI)) t->flags |= DY_TOK_ALPHA;
    b->n++;
    return 0;
}

/* Emit one whitespace-delimited chunk text[s..e), splitting punctuation/clitics. */
static int chunk(tokbuf *b, uint32_t s, uint32_t e)
{
    const char *t = b->text;
    uint32_t tail[16], tlen[16];
    int ntail = 0;
    while (s < e && lead_punct(t[s])) {
        /* apostrophe that starts a word like 'em or '90s stays */
        if (t[s] == '\'' && e - s > 1 && isalnum((unsigned char)t[s + 1])) {
            int closing = 0;
            for (uint32_t k = s + 1; k < e; k++) if (t[k] == '\'') closing = 1;
            if (!closing) break;
        }
        if (emit(b, s, s + 1)) return -1;
        s++;
    }
    /* trailing punctuation, collected outermost first */
    while (e > s && trail_punct(t[e - 1]) && ntail < 15) {
        if (t[e - 1] == '.') {
            if (e - s >= 3 && t[e - 2] == '.' && t[e - 3] == '.') {
                tail[ntail] = e - 3; tlen[ntail++] = 3; e -= 3; continue;
            }
            if (is_abbrev(t + s, e - s)) break;
        }
        if (t[e - 1] == '\'' && e - s >= 2 && (t[e - 2] == 's' || t[e - 2] == 'S')) {
            tail[ntail] = e - 1; tlen[ntail++] = 1; e--;   /* plural possessive: countries' */
            break;
        }
        tail[ntail] = e - 1; tlen[ntail++] = 1;
        e--;
    }
    /* clitics */
    uint32_t cut = e;
    /* every clitic ends in a letter after an apostrophe within its last 3 bytes */
    int apos = e - s >= 2 && (t[e - 2] == '\'' || (e - s >= 3 && (t[e - 3] == '\'' || t[e - 2] == '\'')));
    for (int i = 0; apos && CLITICS[i]; i++) {
        size_t cl = CLITIC_LEN[i];
        if (e - s > cl) {
            int match = 1;
            for (size_t k = 0; k < cl; k++)
                if (tolower((unsigned char)t[e - cl + k]) != CLITICS[i][k]) { match = 0; break; }
            if (match) { cut = (uint32_t)(e - cl); break; }
        }
    }
    if (emit(b, s, cut) || emit(b, cut, e)) return -1;
    for (int i = ntail - 1; i >= 0; i--)
        if (emit(b, tail[i], tail[i] + tlen[i])) return -1;
    return 0;
}

/* The first ' ' or '\n' in text[i..end), or end.  Where the byte order
 * allows, 8 bytes are tested per step: in x ^ 0x2020.. a space is a zero
 * byte, and ((b & 0x7f) + 0x7f) | b has its top bit clear exactly for b = 0
 * (no carry leaves a byte), so the lowest flagged byte is the first hit. */
static uint32_t chunk_end(const char *text, uint32_t i, uint32_t end)
{
#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, ones = 0x0101010101010101ULL;
    while (end - i >= 8) {
        uint64_t x;
        memcpy(&x, text + i, 8);
        uint64_t sp = x ^ (ones * ' '), nl = x ^ (ones * '\n');
        uint64_t z = ~((((sp & low7) + low7) | sp) & (((nl & low7) + low7) | nl)) & ~low7;
        if (z) return i + (uint32_t)(__builtin_ctzll(z) >> 3);
        i += 8;
    }
#endif
    while (i < end && text[i] != ' ' && text[i] != '\n') i++;
    return i;
}

int dy_tokenize(dy_arena *a, const char *text, uint32_t start, uint32_t end,
                dy_token **out, int max, int *truncated)
{
    /* tokens are non-empty and disjoint: at most one per byte ("(((x" is 4 tokens) */
    int cap = end - start < (uint32_t)max ? (int)(end - start) + 1 : max;
    /* tokens are disjoint: their lengths add up to at most end - start */
    tokbuf b = { dy_arena_alloc(a, (size_t)cap * sizeof(dy_token)), 0, cap, 0,
                 dy_arena_alloc(a, (size_t)(end - start) * 3 + (size_t)cap * 8), text };
    if (!b.t || !b.low) return -1;
    uint32_t i = start;
    while (i < end) {
        while (i < end && (text[i] == ' ' || text[i] == '\n')) i++;
        uint32_t s = i;
        i = chunk_end(text, i, end);
        if (i > s) {
            /* a dash standing between spaces or glued "word--word" */
            if (chunk(&b, s, i)) return -1;
        }
        if (b.trunc) break;
    }
    *out = b.t;
    if (truncated) *truncated = b.trunc;
    return b.n;
}
