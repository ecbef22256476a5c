/* split.c: see split.h.  A single left-to-right scan; decisions look at most
 * one word back and one word ahead, so splitting is linear in the text. */
#include <string.h>
#include <ctype.h>
#include "split.h"
#include "core/words.h"

/* Abbreviations that never end a sentence (lowercase, without the dot),
 * split by length (see core/words.h). */
static const dy_word ABBREV_1[] = { DY_WORD("v") };
static const dy_word ABBREV_2[] = { DY_WORD("mr"), DY_WORD("ms"), DY_WORD("dr"), DY_WORD("lt"), DY_WORD("fr"),
    DY_WORD("st"), DY_WORD("mt"), DY_WORD("ft"), DY_WORD("jr"), DY_WORD("sr"), DY_WORD("co"), DY_WORD("no"),
    DY_WORD("vs"), DY_WORD("ga"), DY_WORD("ky"), DY_WORD("la"), DY_WORD("md"), DY_WORD("mo"), DY_WORD("pa"),
    DY_WORD("va"), DY_WORD("vt"), DY_WORD("al"), DY_WORD("op"), DY_WORD("cf"), DY_WORD("ed"), DY_WORD("pp") };
static const dy_word ABBREV_3[] = { DY_WORD("mrs"), DY_WORD("gen"), DY_WORD("col"), DY_WORD("maj"), DY_WORD("adm"),
    DY_WORD("sgt"), DY_WORD("cpl"), DY_WORD("pvt"), DY_WORD("gov"), DY_WORD("sen"), DY_WORD("rep"), DY_WORD("rev"),
    DY_WORD("hon"), DY_WORD("amb"), DY_WORD("sec"), DY_WORD("inc"), DY_WORD("ltd"), DY_WORD("nos"), DY_WORD("etc"),
    DY_WORD("jan"), DY_WORD("feb"), DY_WORD("mar"), DY_WORD("apr"), DY_WORD("jun"), DY_WORD("jul"), DY_WORD("aug"),
    DY_WORD("sep"), DY_WORD("oct"), DY_WORD("nov"), DY_WORD("dec"), DY_WORD("mon"), DY_WORD("tue"), DY_WORD("wed"),
    DY_WORD("thu"), DY_WORD("fri"), DY_WORD("sat"), DY_WORD("sun"), DY_WORD("ala"), DY_WORD("ark"), DY_WORD("del"),
    DY_WORD("fla"), DY_WORD("ill"), DY_WORD("ind"), DY_WORD("kan"), DY_WORD("neb"), DY_WORD("nev"), DY_WORD("ore"),
    DY_WORD("tex"), DY_WORD("wis"), DY_WORD("wyo"), DY_WORD("e.g"), DY_WORD("i.e"), DY_WORD("a.m"), DY_WORD("p.m"),
    DY_WORD("eds"), DY_WORD("vol") };
static const dy_word ABBREV_4[] = { DY_WORD("prof"), DY_WORD("capt"), DY_WORD("cmdr"), DY_WORD("pres"),
    DY_WORD("gens"), DY_WORD("corp"), DY_WORD("bros"), DY_WORD("dept"), DY_WORD("univ"), DY_WORD("assn"),
    DY_WORD("sept"), DY_WORD("tues"), DY_WORD("thur"), DY_WORD("ariz"), DY_WORD("colo"), DY_WORD("conn"),
    DY_WORD("mass"), DY_WORD("mich"), DY_WORD("minn"), DY_WORD("miss"), DY_WORD("mont"), DY_WORD("okla"),
    DY_WORD("tenn"), DY_WORD("wash") };
static const dy_word ABBREV_5[] = { DY_WORD("thurs"), DY_WORD("calif") };
static const dy_word ABBREV_6[] = { DY_WORD("approx") };
static const dy_words_by_len ABBREV[] = { { NULL, 0 }, DY_BY_LEN(ABBREV_1), DY_BY_LEN(ABBREV_2), DY_BY_LEN(ABBREV_3),
    DY_BY_LEN(ABBREV_4), DY_BY_LEN(ABBREV_5), DY_BY_LEN(ABBREV_6) };

/* Capitalised words that usually open a sentence: after "U.S." they mark a boundary. */
static const char *const OPENERS[] = {
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "A", "An", "This", "That",
    "These", "Those", "His", "Her", "Its", "Their", "There", "However", "Meanwhile", "Earlier", "Later",
    "After", "Before", "When", "While", "If", "As", "At", "Some", "Many", "Officials", "Both", NULL
};

static int in_list(const char *const *list, const char *w, size_t n, int fold)
{
    char buf[16];
    if (n == 0 || n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = fold ? (char)tolower((unsigned char)w[i]) : w[i];
    buf[n] = 0;
    for (int i = 0; list[i]; i++) if (list[i][0] == buf[0] && strcmp(list[i], buf) == 0) return 1;
    return 0;
}

/* The bytes the scan in dy_split acts on: white space and sentence-final punctuation. */
static const unsigned char DECIDES[256] = { [' '] = 1, ['\n'] = 1, ['\t'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1 };

/* Is w[0..n), lowercased, one of ABBREV? */
static int is_abbrev(const char *w, size_t n)
{
    char buf[16];
    if (n == 0 || n >= sizeof buf) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)w[i]);
    return dy_word_in_by_len(ABBREV, DY_NWORDS(ABBREV), buf, n);
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }
static int is_closer(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }

/* Is the '.' at text[i] the end of a sentence?  word = the token it ends. */
static int period_ends(const char *t, size_t len, size_t wstart, size_t i, size_t next)
{
    size_t wn = i - wstart;              /* word without the final dot */
    const char *w = t + wstart;
    if (i > 0 && i + 1 < len && isdigit((unsigned char)t[i - 1]) && isdigit((unsigned char)t[i + 1])) return 0;
    if (i >= 2 && t[i - 1] == '.' ) return next < len && isupper((unsigned char)t[next]); /* ellipsis */
    if (wn == 1 && isupper((unsigned char)w[0])) return 0;      /* initial: John F. Kennedy */
    if (next >= len) return 1;
    /* next word must look like a sentence start */
    char nc = t[next];
    if (!(isupper((unsigned char)nc) || isdigit((unsigned char)nc) || nc == '"' || nc == '\'' || nc == '(' ||
          (unsigned char)nc >= 0x80))
        return 0;
    if (is_abbrev(w, wn)) {
        /* "Gen." "Mr." before a name: never.  Month/state abbreviations: only before an opener */
        size_t e = next;
        while (e < len && !is_space(t[e])) e++;
        return in_list(OPENERS, t + next, e - next, 0) && wn > 3;
    }
    if (memchr(w, '.', wn)) {                     /* dotted acronym: U.S. U.N. */
        size_t e = next;
        while (e < len && !is_space(t[e]) && t[e] != ',') e++;
        return in_list(OPENERS, t + next, e - next, 0);
    }
    return 1;
}

int dy_split(const char *t, size_t len, dy_span *out, int max, size_t max_bytes)
{
    int n = 0;
    size_t i = 0;
    while (i < len && n < max) {
        while (i < len && is_space(t[i])) i++;
        if (i >= len) break;
        size_t start = i, wstart = i, end = len;
        int found = 0;
        for (; i < len; i++) {
            char c = t[i];
            if (!DECIDES[(unsigned char)c]) continue;   /* most bytes: nothing to decide */
            if (is_space(c)) {
                /* blank line: paragraph break */
                if (c == '\n') {
                    size_t j = i + 1;
                    while (j < len && (t[j] == ' ' || t[j] == '\t')) j++;
                    if (j < len && t[j] == '\n') { end = i; found = 1; break; }
                }
                wstart = i + 1;
                if (i - start > max_bytes) { end = i; found = 1; break; }
                continue;
            }
            if (c == '.' || c == '!' || c == '?') {
                size_t k = i + 1;
                while (k < len && (t[k] == '.' || t[k] == '!' || t[k] == '?')) k++;
                while (k < len && is_closer(t[k])) k++;
                if (k < len && !is_space(t[k])) { i = k - 1; continue; }
                size_t next = k;
                while (next < len && is_space(t[next])) next++;
                int ends = (c == '.') ? period_ends(t, len, wstart, i, next) : 1;
                if (c != '.' && next < len && islower((unsigned char)t[next])) ends = 0;
                if (ends) { end = k; i = k; found = 1; break; }
                i = k - 1;
            }
        }
        if (!found) { end = len; i = len; }
        size_t e = end;
        while (e > start && is_space(t[e - 1])) e--;
        if (e > start) { out[n].start = (uint32_t)start; out[n].end = (uint32_t)e; n++; }
    }
    return n;
}
