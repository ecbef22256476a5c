/* util.c: small pieces the store's layers share: civil dates as day numbers,
 * merge keys, CAMEO actor codes split into GDELT's fields, the clock, and the
 * record format a coding thread hands to the ingest sink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include "store/impl.h"

/* Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int dy_day_from_date(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return -1; }
        else if (s[i] < '0' || s[i] > '9') return -1;
    }
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return -1;
    return days_from_civil(y, m, d);
}

void dy_date_from_day(int z, char out[11])
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    if (y < 0 || y > 9999) { out[0] = 0; return; }
    char t[40];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y, m & 15, d & 31);
    memcpy(out, t, 11);
    out[10] = 0;
}

void store_mkey(const dy_merge_rule *r, const char *src, const char *tgt, const char *cameo, const char *mode,
                char *out, size_t cap)
{
    size_t n = r->match == DY_MATCH_ROOT ? 2 : r->match == DY_MATCH_BASE ? 3 : 6;
    snprintf(out, cap, "%s|%s|%.*s|%c", src ? src : "", tgt ? tgt : "", (int)n, cameo ? cameo : "",
             mode && !strcmp(mode, "negated") ? 'N' : 'A');
}

void store_parts_text(const dy_actor_parts *p, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%s|%s|%s|%s|%s|%s", p->country, p->group, p->ethnic,
             p->nreligion > 0 ? p->religion[0] : "", p->nreligion > 1 ? p->religion[1] : "",
             p->ntypes > 0 ? p->types[0] : "", p->ntypes > 1 ? p->types[1] : "", p->ntypes > 2 ? p->types[2] : "");
}

void store_parts_parse(const char *s, store_parts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < 8 && s && *s; i++) {
        size_t n = strcspn(s, "|");
        snprintf(o->f[i], sizeof o->f[i], "%.*s", (int)(n < 7 ? n : 7), s);
        s += n;
        if (*s == '|') s++;
    }
}

long long store_now_stamp(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (long long)(tm.tm_year + 1900) * 10000000000LL + (long long)(tm.tm_mon + 1) * 100000000LL +
           (long long)tm.tm_mday * 1000000LL + tm.tm_hour * 10000LL + tm.tm_min * 100LL + tm.tm_sec;
}

void ser_str(dy_buf *b, const char *s, size_t n)
{
    if (!s) { uint32_t z = UINT32_MAX; dy_buf_add(b, (const char *)&z, 4); return; }
    uint32_t l = (uint32_t)n;
    dy_buf_add(b, (const char *)&l, 4);
    dy_buf_add(b, s, n);
}
void ser_int(dy_buf *b, long long v) { dy_buf_add(b, (const char *)&v, sizeof v); }
void ser_dbl(dy_buf *b, double v) { dy_buf_add(b, (const char *)&v, sizeof v); }

const char *ser_get_str(ser_rd *r, size_t *n)
{
    uint32_t l;
    *n = 0;
    if (r->bad || r->end - r->p < 4) { r->bad = 1; return NULL; }
    memcpy(&l, r->p, 4);
    r->p += 4;
    if (l == UINT32_MAX) return NULL;
    if ((size_t)(r->end - r->p) < l) { r->bad = 1; return NULL; }
    const char *s = r->p;
    r->p += l;
    *n = l;
    return s;
}
long long ser_get_int(ser_rd *r)
{
    long long v = 0;
    if (r->bad || (size_t)(r->end - r->p) < sizeof v) { r->bad = 1; return 0; }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}
double ser_get_dbl(ser_rd *r)
{
    double v = 0;
    if (r->bad || (size_t)(r->end - r->p) < sizeof v) { r->bad = 1; return 0; }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}
