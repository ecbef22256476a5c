/* split.c: see split.h.  A single left-to-right scan; decisions look at most
 * one word back and one word ahead, so splitting is linear in the text. */
#include <string.h>
#include <ctype.h>
#include "split.h"

/* Abbreviations that never end a sentence (lowercase, without the dot). */
static const char *const ABBREV[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt",
    "gov", "sen", "rep", "rev", "fr", "st", "mt", "ft", "jr", "sr", "hon", "pres", "amb", "sec", "gens",
    "inc", "corp", "co", "ltd", "bros", "dept", "univ", "assn", "no", "nos", "vs", "v", "etc", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la",
    "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex",
    "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "a.m", "p.m", "al", "op", "cf", "ed", "eds", "vol", "pp",
    NULL
};

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
    if (in_list(ABBREV, w, wn, 1)) {
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
