/* when.c: see when.h.  Calendar arithmetic after Howard Hinnant's
 * days_from_civil algorithm (public domain). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "when.h"
#include "core/words.h"

long dy_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

void dy_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* Days since 1970-01-01 mod 7 of a weekday name (1970-01-01 was a Thursday),
 * -1 when w[0..n) is none.  The length picks the names to compare: this runs
 * for most tokens of an event's clause. */
static int weekday_of(const char *w, size_t n)
{
    switch (n) {
    case 6: return DY_WORD_IS(w, n, "friday") ? 1 : DY_WORD_IS(w, n, "sunday") ? 3 : DY_WORD_IS(w, n, "monday") ? 4 : -1;
    case 7: return DY_WORD_IS(w, n, "tuesday") ? 5 : -1;
    case 8: return DY_WORD_IS(w, n, "thursday") ? 0 : DY_WORD_IS(w, n, "saturday") ? 2 : -1;
    case 9: return DY_WORD_IS(w, n, "wednesday") ? 6 : -1;
    default: return -1;
    }
}

/* Month (1-12) named by the folded word w[0..n) ("march", "mar", "mar.",
 * "sept."), 0 when none. */
static int month_of(const char *w, size_t n)
{
    static const dy_word MONABBR[] = { DY_WORD("jan"), DY_WORD("feb"), DY_WORD("mar"), DY_WORD("apr"), DY_WORD("may"),
                                       DY_WORD("jun"), DY_WORD("jul"), DY_WORD("aug"), DY_WORD("sep"), DY_WORD("oct"),
                                       DY_WORD("nov"), DY_WORD("dec") };
    if (n && w[n - 1] == '.') n--;
    switch (n) {   /* the abbreviations have 3 letters, and of the full names only "may" (the same month) */
    case 3: return dy_word_index(MONABBR, 12, w, n) + 1;
    case 4: return DY_WORD_IS(w, n, "june") ? 6 : DY_WORD_IS(w, n, "july") ? 7 : DY_WORD_IS(w, n, "sept") ? 9 : 0;
    case 5: return DY_WORD_IS(w, n, "march") ? 3 : DY_WORD_IS(w, n, "april") ? 4 : 0;
    case 6: return DY_WORD_IS(w, n, "august") ? 8 : 0;
    case 7: return DY_WORD_IS(w, n, "january") ? 1 : DY_WORD_IS(w, n, "october") ? 10 : 0;
    case 8: return DY_WORD_IS(w, n, "february") ? 2 : DY_WORD_IS(w, n, "november") ? 11 : DY_WORD_IS(w, n, "december") ? 12 : 0;
    case 9: return DY_WORD_IS(w, n, "september") ? 9 : 0;
    default: return 0;
    }
}

static void put(char out[11], long days)
{
    int y, m, d;
    dy_civil_from_days(days, &y, &m, &d);
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return;
    out[0] = (char)('0' + y / 1000); out[1] = (char)('0' + y / 100 % 10); out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10); out[4] = '-'; out[5] = (char)('0' + m / 10); out[6] = (char)('0' + m % 10);
    out[7] = '-'; out[8] = (char)('0' + d / 10); out[9] = (char)('0' + d % 10); out[10] = 0;
}

static int number(const char *w)
{
    static const char *const N[] = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };
    for (int i = 0; i <= 10; i++) if (!strcmp(w, N[i])) return i;
    if (isdigit((unsigned char)w[0]) && strlen(w) <= 3) return atoi(w);
    return -1;
}

/* atoi(s), that is (int)strtol(s, NULL, 10), for the short fields of a
 * date without the locale machinery (this runs for every event); a long
 * digit string is left to atoi itself. */
static int dec(const char *s)
{
    const char *p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;   /* isspace() in the C locale */
    int neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    long v = 0;
    int k = 0;
    for (; k < 18 && *p >= '0' && *p <= '9'; k++) v = v * 10 + (*p++ - '0');
    if (k == 18) return atoi(s);
    return (int)(neg ? -v : v);
}

/* The word w (of length w##n) equals the literal lit. */
#define IS(w, lit) DY_WORD_IS(w, w##n, lit)

void dy_when(const dy_sentence *s, int from, int to, const char *docdate, int future, char out[11])
{
    if (!docdate || strlen(docdate) != 10) return;
    memcpy(out, docdate, 11);
    int Y = dec(docdate), M = dec(docdate + 5), D = dec(docdate + 8);
    long base = dy_days_from_civil(Y, M, D);
    const dy_token *t = s->tok;
    if (from < 0) from = 0;
    if (to > s->ntok) to = s->ntok;
    for (int i = from; i < to; i++) {
        const char *w = t[i].low;
        size_t wn = t[i].lowlen;
        /* fast filter: day and month names are capitalised; the other cues start with y, t, w, m or a */
        char c0 = w[0];
        if (!(t[i].flags & DY_TOK_CAP) && c0 != 'y' && c0 != 't' && c0 != 'w' && c0 != 'm' && c0 != 'a') continue;
        const char *prev = i > 0 ? t[i - 1].low : "";
        size_t prevn = i > 0 ? t[i - 1].lowlen : 0;
        const char *next = i + 1 < s->ntok ? t[i + 1].low : "";
        size_t nextn = i + 1 < s->ntok ? t[i + 1].lowlen : 0;
        if (IS(w, "yesterday")) { put(out, base - 1); return; }
        if (IS(w, "tomorrow")) { put(out, base + 1); return; }
        if (IS(w, "today") || IS(w, "tonight")) return;
        if ((IS(w, "week") || IS(w, "month") || IS(w, "year")) && (IS(prev, "last") || IS(prev, "next"))) {
            int sign = IS(prev, "last") ? -1 : 1;
            long span = IS(w, "week") ? 7 : IS(w, "month") ? 30 : 365;
            put(out, base + sign * span);
            return;
        }
        if (IS(w, "ago") && i >= 2) {
            int k = number(t[i - 2].low);
            const char *u = t[i - 1].low;
            long unit = !strncmp(u, "day", 3) ? 1 : !strncmp(u, "week", 4) ? 7 : !strncmp(u, "month", 5) ? 30 : !strncmp(u, "year", 4) ? 365 : 0;
            if (k >= 0 && unit) { put(out, base - k * unit); return; }
        }
        int k = weekday_of(w, wn);
        if (k >= 0) {
            /* 1970-01-01 was a Thursday: weekday index = days mod 7 */
            int today = (int)(((base % 7) + 7) % 7);
            int delta = k - today;
            int fut = future || IS(prev, "next");
            if (IS(prev, "last")) { if (delta >= 0) delta -= 7; }
            else if (fut) { if (delta < 0) delta += 7; }
            else if (delta > 0) delta -= 7;
            put(out, base + delta);
            return;
        }
        int mo = (t[i].flags & DY_TOK_CAP) ? month_of(w, wn) : 0;   /* a month counts only capitalised */
        if (mo && (t[i].flags & DY_TOK_CAP) && (!IS(w, "may") || (t[i].flags & DY_TOK_CAP))) {
            int day = 1, year = 0;
            if (i + 1 < s->ntok && isdigit((unsigned char)next[0]) && nextn <= 2) day = atoi(next);
            else if (i > 0 && isdigit((unsigned char)prev[0]) && prevn <= 2) day = atoi(prev);
            for (int q = i + 1; q < i + 4 && q < s->ntok; q++)
                if (t[q].lowlen == 4 && isdigit((unsigned char)t[q].low[0])) { year = atoi(t[q].low); break; }
            if (IS(w, "may") && day == 1 && !year && !IS(prev, "in")) continue;  /* "may" the modal */
            int y = year ? year : Y;
            long dd = dy_days_from_civil(y, mo, day);
            if (!year && !future && dd > base) dd = dy_days_from_civil(y - 1, mo, day);
            if (!year && future && dd < base) dd = dy_days_from_civil(y + 1, mo, day);
            if (day < 1 || day > 31) return;
            put(out, dd);
            return;
        }
    }
}
