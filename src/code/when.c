/* when.c: see when.h.  Calendar arithmetic after Howard Hinnant's
 * days_from_civil algorithm (public domain). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "when.h"

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

static const char *const WEEKDAYS[] = { "thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday" };
static const char *const MONTHS[] = { "january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december" };
static const char *const MONABBR[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

static int month_of(const char *w)
{
    char b[16];
    size_t n = strlen(w);
    if (n >= sizeof b) return 0;
    if (!w[0] || !strchr("jfmasond", w[0])) return 0;   /* no month name starts otherwise */
    memcpy(b, w, n + 1);
    if (n && b[n - 1] == '.') b[--n] = 0;
    for (int i = 0; i < 12; i++) if (!strcmp(b, MONTHS[i]) || !strcmp(b, MONABBR[i]) || (i == 8 && !strcmp(b, "sept"))) return i + 1;
    return 0;
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

/* w equals the literal lit (first byte compared inline: most tokens differ there) */
#define EQ(w, lit) ((w)[0] == (lit)[0] && strcmp((w), (lit)) == 0)

void dy_when(const dy_sentence *s, int from, int to, const char *docdate, int future, char out[11])
{
    if (!docdate || strlen(docdate) != 10) return;
    snprintf(out, 11, "%s", docdate);
    int Y = atoi(docdate), M = atoi(docdate + 5), D = atoi(docdate + 8);
    long base = dy_days_from_civil(Y, M, D);
    const dy_token *t = s->tok;
    if (from < 0) from = 0;
    if (to > s->ntok) to = s->ntok;
    for (int i = from; i < to; i++) {
        const char *w = t[i].low;
        /* fast filter: day and month names are capitalised; the other cues start with y, t, w, m or a */
        char c0 = w[0];
        if (!(t[i].flags & DY_TOK_CAP) && c0 != 'y' && c0 != 't' && c0 != 'w' && c0 != 'm' && c0 != 'a') continue;
        const char *prev = i > 0 ? t[i - 1].low : "";
        const char *next = i + 1 < s->ntok ? t[i + 1].low : "";
        if (EQ(w, "yesterday")) { put(out, base - 1); return; }
        if (EQ(w, "tomorrow")) { put(out, base + 1); return; }
        if (EQ(w, "today") || EQ(w, "tonight")) return;
        if ((EQ(w, "week") || EQ(w, "month") || EQ(w, "year")) && (EQ(prev, "last") || EQ(prev, "next"))) {
            int sign = EQ(prev, "last") ? -1 : 1;
            long span = EQ(w, "week") ? 7 : EQ(w, "month") ? 30 : 365;
            put(out, base + sign * span);
            return;
        }
        if (EQ(w, "ago") && i >= 2) {
            int k = number(t[i - 2].low);
            const char *u = t[i - 1].low;
            long unit = !strncmp(u, "day", 3) ? 1 : !strncmp(u, "week", 4) ? 7 : !strncmp(u, "month", 5) ? 30 : !strncmp(u, "year", 4) ? 365 : 0;
            if (k >= 0 && unit) { put(out, base - k * unit); return; }
        }
        for (int k = 0; k < 7; k++) {
            if (w[0] != WEEKDAYS[k][0] || strcmp(w, WEEKDAYS[k])) continue;
            /* 1970-01-01 was a Thursday: weekday index = days mod 7 */
            int today = (int)(((base % 7) + 7) % 7);
            int delta = k - today;
            int fut = future || !strcmp(prev, "next");
            if (!strcmp(prev, "last")) { if (delta >= 0) delta -= 7; }
            else if (fut) { if (delta < 0) delta += 7; }
            else if (delta > 0) delta -= 7;
            put(out, base + delta);
            return;
        }
        int mo = (t[i].flags & DY_TOK_CAP) ? month_of(w) : 0;   /* a month counts only capitalised */
        if (mo && (t[i].flags & DY_TOK_CAP) && (strcmp(w, "may") || (t[i].flags & DY_TOK_CAP))) {
            int day = 1, year = 0;
            if (i + 1 < s->ntok && isdigit((unsigned char)next[0]) && strlen(next) <= 2) day = atoi(next);
            else if (i > 0 && isdigit((unsigned char)prev[0]) && strlen(prev) <= 2) day = atoi(prev);
            for (int q = i + 1; q < i + 4 && q < s->ntok; q++)
                if (strlen(t[q].low) == 4 && isdigit((unsigned char)t[q].low[0])) { year = atoi(t[q].low); break; }
            if (!strcmp(w, "may") && day == 1 && !year && strcmp(prev, "in")) continue;  /* "may" the modal */
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
