/* tokenize.c: see tokenize.h. */
#include <string.h>
#include <ctype.h>
#include "tokenize.h"
#include "normalize/normalize.h"

static const char *const ABBR[] = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.", "cmdr.", "adm.", "sgt.",
    "gov.", "sen.", "rep.", "rev.", "st.", "jr.", "sr.", "inc.", "corp.", "co.", "ltd.", "no.", "vs.",
    "etc.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
    "dec.", "mt.", "ft.", "bros.", "dept.", "a.m.", "p.m.", "e.g.", "i.e.", "approx.", "hon.", "pres.", NULL
};

static int is_abbrev(const char *w, size_t n)
{
    char buf[12];
    if (n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)w[i]);
    buf[n] = 0;
    for (int i = 0; ABBR[i]; i++) if (ABBR[i][0] == buf[0] && strcmp(ABBR[i], buf) == 0) return 1;
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

typedef struct { dy_token *t; int n, max, trunc; dy_arena *a; const char *text; } tokbuf;

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
    size_t fl;
    t->low = dy_fold(b->a, t->text, t->len, &fl);
    if (!t->low) return -1;
    t->lowlen = (uint16_t)(fl > 65535 ? 65535 : fl);
    t->lemma = t->low;
    unsigned char c0 = (unsigned char)t->text[0];
    int upper = 0, lower = 0, alpha = 0, digit = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        if (isupper(c)) upper++, alpha++;
        else if (islower(c)) lower++, alpha++;
        else if (isdigit(c)) digit++;
        else if (c >= 0x80) alpha++;
    }
    if (isupper(c0) || (c0 >= 0x80 && strcmp(t->low, "") != 0 && (unsigned char)t->low[0] != c0)) t->flags |= DY_TOK_CAP;
    if (upper >= 1 && lower == 0 && upper + digit + 1 >= 2) t->flags |= DY_TOK_ALLCAP;
    if (upper == 1 && lower == 0 && t->len == 1) t->flags |= DY_TOK_ALLCAP;
    if (digit) t->flags |= DY_TOK_DIGIT;
    if (alpha) t->flags |= DY_TOK_ALPHA;
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

int dy_tokenize(dy_arena *a, const char *text, uint32_t start, uint32_t end,
                dy_token **out, int max, int *truncated)
{
    /* tokens are non-empty and disjoint: at most one per byte ("(((x" is 4 tokens) */
    int cap = end - start < (uint32_t)max ? (int)(end - start) + 1 : max;
    tokbuf b = { dy_arena_alloc(a, (size_t)cap * sizeof(dy_token)), 0, cap, 0, a, text };
    if (!b.t) return -1;
    uint32_t i = start;
    while (i < end) {
        while (i < end && (text[i] == ' ' || text[i] == '\n')) i++;
        uint32_t s = i;
        while (i < end && text[i] != ' ' && text[i] != '\n') i++;
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
