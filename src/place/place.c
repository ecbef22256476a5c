/* place.c: event places from a gazetteer (see place.h).
 *
 * Why this shape: the engine codes tens of thousands of sentences a second,
 * so nothing here scans the gazetteer at coding time.  Loading builds two
 * hash maps keyed by folded, space-joined tokens (tokenised like text, so
 * "St. Petersburg" keys as "st. petersburg"); coding looks up only the
 * token spans that follow a preposition of place and start with a
 * capitalised proper noun, longest first.  The gazetteer is read-only after
 * loading and shared by all threads; per-document state lives in the
 * worker's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "place.h"
#include "normalize/normalize.h"
#include "tag/tokenize.h"
#include "tag/tags.h"
#include "actors/resolve.h"
#include "parse/parse.h"
#include "code/code.h"
#include "core/words.h"

#define KEYCAP 256
#define MAXNAMETOK 8

/* ------------------------------------------------------------ loading */

static char *slurp(const char *path, size_t *n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return NULL; }
    char *b = NULL;
    long sz = -1;
    if (fseek(f, 0, SEEK_END) == 0) sz = ftell(f);
    if (sz >= 0 && fseek(f, 0, SEEK_SET) == 0) b = malloc((size_t)sz + 1);
    if (!b) { snprintf(err, errlen, sz < 0 ? "%s: cannot read" : "%s: out of memory", path); fclose(f); return NULL; }
    *n = fread(b, 1, (size_t)sz, f);
    b[*n] = 0;
    fclose(f);
    return b;
}

/* Folded key of a name, tokenised the way text is; returns the token count
 * (0 when the name is empty or too long).  scratch is reset by the caller. */
static int name_key(dy_arena *scratch, const char *s, size_t n, char *key, size_t *klen)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
    if (!n || n >= KEYCAP) return 0;
    int plain = 1;
    for (size_t i = 0; i < n && plain; i++) {
        switch (s[i]) {
        case '.': case '\'': case '"': case '(': case ')': case ',': case ';': case ':': case '!': case '?':
        case '[': case ']': case '{': case '}': case '`': case 0: plain = 0; break;   /* (strchr finds the NUL too) */
        default: break;
        }
    }
    size_t k = 0;
    int nt = 0;
    if (plain) {
        char tmp[KEYCAP * 3];
        size_t fl = dy_fold_buf(s, n, tmp, sizeof tmp);
        int sp = 1;
        for (size_t i = 0; i < fl && k + 1 < KEYCAP; i++) {
            if (tmp[i] == ' ' || tmp[i] == '\t') { sp = 1; continue; }
            if (sp) { if (k) key[k++] = ' '; nt++; sp = 0; if (k + 1 >= KEYCAP) break; }
            key[k++] = tmp[i];
        }
    } else {
        dy_token *t;
        int m = dy_tokenize(scratch, s, 0, (uint32_t)n, &t, MAXNAMETOK + 1, NULL);
        if (m <= 0 || m > MAXNAMETOK) return 0;
        for (int i = 0; i < m; i++) {
            if (k + t[i].lowlen + 2 >= KEYCAP) return 0;
            if (k) key[k++] = ' ';
            memcpy(key + k, t[i].low, t[i].lowlen);
            k += t[i].lowlen;
        }
        nt = m;
    }
    key[k] = 0;
    *klen = k;
    return nt > MAXNAMETOK ? 0 : nt;
}

static int add_cand(dy_gazetteer *g, const char *key, size_t klen, int city)
{
    if (g->ncand == g->capcand) {
        int nc = g->capcand ? g->capcand * 2 : 32768;
        int32_t *a = realloc(g->cand_city, (size_t)nc * sizeof *a);
        if (!a) return -1;
        g->cand_city = a;
        int32_t *b = realloc(g->cand_next, (size_t)nc * sizeof *b);
        if (!b) return -1;
        g->cand_next = b;
        g->capcand = nc;
    }
    int c = g->ncand++;
    g->cand_city[c] = city;
    g->cand_next[c] = -1;
    /* one probe for a new name (the common case): put, and undo when the name was there */
    int32_t head = dy_hmap_put(&g->cities, key, klen, c);
    if (head == -2) return -1;
    if (head < 0) return 0;
    uint32_t pop = g->city[city].pop;
    if (g->city[g->cand_city[head]].pop < pop) { g->cand_next[c] = head; return 0; }
    dy_hmap_put(&g->cities, key, klen, head);   /* present: cannot fail */
    int p = head;
    while (1) {
        if (g->cand_city[p] == city) { g->ncand--; return 0; }   /* alias equal to the name */
        int nx = g->cand_next[p];
        if (nx < 0 || g->city[g->cand_city[nx]].pop < pop) break;
        p = nx;
    }
    g->cand_next[c] = g->cand_next[p];
    g->cand_next[p] = c;
    return 0;
}

/* A count: one or more digits, nothing else, at most 2^32 - 1 (what strtoul
 * with those checks accepts, without its locale and sign handling: 48,000
 * numbers at every start-up). */
static int parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > 0xffffffffULL) return -1;
    }
    if (p == s || *p) return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_fixed(const char *s, double *out)
{
    /* decimal number: [-]digits[.digits]; tighter than strtod and locale-free */
    const char *p = s;
    int neg = 0;
    if (*p == '-') neg = 1, p++;
    if (!isdigit((unsigned char)*p)) return -1;
    double v = 0;
    while (isdigit((unsigned char)*p)) v = v * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        double sc = 0.1;
        if (!isdigit((unsigned char)*p)) return -1;
        while (isdigit((unsigned char)*p)) { v += (*p++ - '0') * sc; sc *= 0.1; }
    }
    if (*p) return -1;
    *out = neg ? -v : v;
    return 0;
}

static int load_cities(dy_gazetteer *g, const char *path, char *err, size_t errlen)
{
    size_t n;
    g->text = slurp(path, &n, err, errlen);
    if (!g->text) return -1;
    int lines = 0;
    for (const char *q = g->text, *qe = g->text + n; (q = memchr(q, '\n', (size_t)(qe - q))) != NULL; q++) lines++;
    g->city = malloc((size_t)(lines + 1) * sizeof *g->city);
    if (!g->city || dy_hmap_init(&g->cities, (size_t)lines + 1024)) { snprintf(err, errlen, "out of memory"); return -1; }
    dy_arena scratch;
    dy_arena_init(&scratch, 4096);
    char *p = g->text, *end = g->text + n;
    unsigned ln = 0;
    int rc = 0;
    while (p < end && !rc) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        ln++;
        if (le > p && le[-1] == '\r') le[-1] = 0;
        *le = 0;
        char *line = p;
        p = le + 1;
        if (!*line || *line == '#') continue;
        char *f[8];
        int nf = 1;
        f[0] = line;
        for (char *q = line; *q; q++)
            if (*q == '\t') { *q = 0; if (nf < 8) f[nf] = q + 1; nf++; }
        if (nf != 6 && nf != 8) {
            snprintf(err, errlen, "%s:%u: expected 6 or 8 TAB-separated fields (name, country, admin1, lat, lon, "
                     "population[, geonameid, admin1 code])", path, ln);
            rc = -1; break;
        }
        dy_city *c = &g->city[g->ncity];
        size_t cl = strlen(f[1]);
        int ok = cl >= 2 && cl <= 3;
        for (size_t i = 0; ok && i < cl; i++) ok = isupper((unsigned char)f[1][i]);
        if (!*f[0] || !ok) {
            snprintf(err, errlen, "%s:%u: %s", path, ln, !*f[0] ? "empty city name" : "country must be a 3-letter CAMEO code");
            rc = -1; break;
        }
        uint32_t pop = 0;
        if (parse_fixed(f[3], &c->lat) || parse_fixed(f[4], &c->lon) || c->lat < -90 || c->lat > 90 ||
            c->lon < -180 || c->lon > 180 || parse_u32(f[5], &pop)) {
            snprintf(err, errlen, "%s:%u: bad latitude, longitude or population (\"%s\", \"%s\", \"%s\")",
                     path, ln, f[3], f[4], f[5]);
            rc = -1; break;
        }
        c->geonameid = 0;
        c->admin1_code = "";
        c->region = NULL;
        if (nf == 8) {
            uint32_t id;
            if (parse_u32(f[6], &id) || strlen(f[7]) > 20) {
                snprintf(err, errlen, "%s:%u: bad geonameid or admin1 code (\"%s\", \"%s\")", path, ln, f[6], f[7]);
                rc = -1; break;
            }
            c->geonameid = id;
            c->admin1_code = f[7];
        }
        c->name = f[0]; c->admin1 = f[2]; c->pop = pop;
        memcpy(c->country, f[1], cl + 1);
        char key[KEYCAP];
        size_t kl;
        dy_arena_reset(&scratch);
        int nt = name_key(&scratch, f[0], strlen(f[0]), key, &kl);
        if (!nt) continue;   /* unusable name (too long): kept out of the index */
        if (nt > g->max_tokens) g->max_tokens = nt;
        if (add_cand(g, key, kl, g->ncity++)) { snprintf(err, errlen, "out of memory"); rc = -1; }
    }
    dy_arena_free(&scratch);
    return rc;
}

/* Split "A; B; C" (modified in place) and call fn for each non-empty name. */
typedef int (*name_fn)(dy_gazetteer *g, const char *name, void *ctx, char *why, size_t whylen);
static int each_name(dy_gazetteer *g, char *list, name_fn fn, void *ctx, const char *path, unsigned ln,
                     const char *line, char *err, size_t errlen)
{
    char *q = list;
    while (q) {
        char *semi = strchr(q, ';');
        if (semi) *semi = 0;
        while (*q == ' ' || *q == '\t') q++;
        size_t l = strlen(q);
        while (l && strchr(" \t\r\n", q[l - 1])) q[--l] = 0;
        if (*q) {
            char why[160] = "";
            if (fn(g, q, ctx, why, sizeof why)) {
                snprintf(err, errlen, "%s:%u:%d: %s", path, ln, (int)(q - line) + 1, why[0] ? why : "out of memory");
                return -1;
            }
        }
        q = semi ? semi + 1 : NULL;
    }
    return 0;
}

static int add_alias(dy_gazetteer *g, const char *name, void *ctx, char *why, size_t whylen)
{
    int city = *(int *)ctx;
    char key[KEYCAP];
    size_t kl;
    dy_arena_reset(&g->mem);   /* only scratch use before countries are loaded */
    int nt = name_key(&g->mem, name, strlen(name), key, &kl);
    if (!nt) { snprintf(why, whylen, "unusable name \"%s\"", name); return -1; }
    if (nt > g->max_tokens) g->max_tokens = nt;
    return add_cand(g, key, kl, city);
}

static int add_stop(dy_gazetteer *g, const char *name, void *ctx, char *why, size_t whylen)
{
    char key[KEYCAP];
    size_t kl;
    dy_arena_reset(&g->mem);
    if (!name_key(&g->mem, name, strlen(name), key, &kl)) { snprintf(why, whylen, "unusable name \"%s\"", name); return -1; }
    return dy_hmap_put(&g->stop, key, kl, 1) == -2 ? -1 : 0;
}

static int load_aliases(dy_gazetteer *g, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '\n' || *p == '\r') continue;
        if (!strncmp(p, "stop", 4) && (p[4] == ' ' || p[4] == '\t')) {
            rc = each_name(g, p + 5, add_stop, NULL, path, ln, line, err, errlen);
            continue;
        }
        if (strncmp(p, "alias", 5) || (p[5] != ' ' && p[5] != '\t')) {
            snprintf(err, errlen, "%s:%u:%d: expected \"alias CODE CITY = NAME; NAME\" or \"stop NAME; NAME\"",
                     path, ln, (int)(p - line) + 1);
            rc = -1; break;
        }
        p += 5;
        while (*p == ' ' || *p == '\t') p++;
        char code[4] = "";
        int cl = 0;
        while (cl < 4 && isupper((unsigned char)p[cl])) cl++;
        char *eq = strchr(p, '=');
        if (cl < 2 || cl > 3 || (p[cl] != ' ' && p[cl] != '\t') || !eq) {
            snprintf(err, errlen, "%s:%u:%d: expected \"alias CODE CITY = NAME; NAME\" (CODE: 3-letter country code)",
                     path, ln, (int)(p - line) + 1);
            rc = -1; break;
        }
        memcpy(code, p, (size_t)cl);
        code[cl] = 0;
        *eq = 0;
        char *target = p + cl;
        const dy_city *c = dy_gazetteer_city(g, target, code);
        if (!c) {
            while (*target == ' ' || *target == '\t') target++;
            size_t tl = strlen(target);
            while (tl && (target[tl - 1] == ' ' || target[tl - 1] == '\t')) tl--;
            snprintf(err, errlen, "%s:%u:%d: alias target \"%.*s\" (%s) is not a city of the gazetteer",
                     path, ln, (int)(target - line) + 1, (int)tl, target, code);
            rc = -1; break;
        }
        int ci = (int)(c - g->city);
        rc = each_name(g, eq + 1, add_alias, &ci, path, ln, line, err, errlen);
    }
    free(line);
    fclose(f);
    return rc;
}

typedef struct { int country; } cctx;

static int add_country_name(dy_gazetteer *g, const char *name, void *ctx, char *why, size_t whylen)
{
    int ci = ((cctx *)ctx)->country;
    if (!strncmp(name, "the ", 4) || !strncmp(name, "The ", 4)) name += 4;
    char key[KEYCAP];
    size_t kl;
    dy_arena scratch;
    dy_arena_init(&scratch, 1024);
    int nt = name_key(&scratch, name, strlen(name), key, &kl);
    dy_arena_free(&scratch);
    if (!nt) { snprintf(why, whylen, "unusable name \"%s\"", name); return -1; }
    /* ALL-CAPS names of up to 5 letters (US, UK, UAE) match only as written, as in the actor dictionary */
    int letters = 0, upper = 1;
    for (const char *q = name; *q; q++) {
        if (isalpha((unsigned char)*q)) { letters++; if (!isupper((unsigned char)*q)) upper = 0; }
        else if (*q != '.') upper = 0;
    }
    int32_t idx = ci;
    if (upper && letters <= 5) {
        /* a separate country slot carrying the exact spelling */
        if (g->ncountry == g->capcountry) {
            int nc = g->capcountry ? g->capcountry * 2 : 512;
            dy_gcountry *a = realloc(g->country, (size_t)nc * sizeof *a);
            if (!a) return -1;
            g->country = a; g->capcountry = nc;
        }
        idx = g->ncountry++;
        g->country[idx] = g->country[ci];
        g->country[idx].exact = dy_arena_strndup(&g->mem, name, strlen(name));
        if (!g->country[idx].exact) return -1;
    }
    if (dy_hmap_get(&g->countries, key, kl) >= 0) return 0;   /* first code wins (names are unique in practice) */
    if (nt > g->max_tokens) g->max_tokens = nt;
    return dy_hmap_put(&g->countries, key, kl, idx) == -2 ? -1 : 0;
}

static int load_countries(dy_gazetteer *g, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        ln++;
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (strncmp(p, "country", 7) || (p[7] != ' ' && p[7] != '\t')) continue;
        char *hash = strchr(p, '#');
        if (hash) *hash = 0;
        p += 7;
        while (*p == ' ' || *p == '\t') p++;
        int cl = 0;
        while (cl < 4 && isalnum((unsigned char)p[cl])) cl++;
        if (cl != 3 || (p[cl] != ' ' && p[cl] != '\t')) continue;   /* the actor loader reports bad lines */
        if (g->ncountry == g->capcountry) {
            int nc = g->capcountry ? g->capcountry * 2 : 512;
            dy_gcountry *a = realloc(g->country, (size_t)nc * sizeof *a);
            if (!a) { snprintf(err, errlen, "out of memory"); rc = -1; break; }
            g->country = a; g->capcountry = nc;
        }
        cctx c = { g->ncountry++ };
        memcpy(g->country[c.country].code, p, 3);
        g->country[c.country].code[3] = 0;
        g->country[c.country].exact = NULL;
        rc = each_name(g, p + 3, add_country_name, &c, path, ln, line, err, errlen);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Split the lines of a NUL-terminated TSV text in place; calls fn with the
 * fields of every non-comment line. */
typedef int (*tsv_fn)(dy_gazetteer *g, char **f, int nf, const char *path, unsigned ln, char *err, size_t errlen);
static int each_tsv(dy_gazetteer *g, char *text, size_t n, int maxf, tsv_fn fn, const char *path, char *err, size_t errlen)
{
    char *p = text, *end = text + n;
    unsigned ln = 0;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        ln++;
        if (le > p && le[-1] == '\r') le[-1] = 0;
        *le = 0;
        char *line = p;
        p = le + 1;
        if (!*line || *line == '#') continue;
        char *f[16];
        int nf = 1;
        f[0] = line;
        for (char *q = line; *q; q++)
            if (*q == '\t') { *q = 0; if (nf < maxf) f[nf] = q + 1; nf++; }
        if (fn(g, f, nf, path, ln, err, errlen)) return -1;
    }
    return 0;
}

/* "CCC code", the key of a region in a1codes (built by hand: 27,000 of them at start-up,
 * where snprintf cost more than the rest of the linking); 0 when it does not fit */
static size_t region_key(char *out, size_t cap, const char *country, const char *code)
{
    size_t cl = strlen(country), kl = strlen(code);
    if (cl + 1 + kl + 1 > cap) return 0;
    memcpy(out, country, cl);
    out[cl] = ' ';
    memcpy(out + cl + 1, code, kl + 1);
    return cl + 1 + kl;
}

static int code3(const char *s)
{
    return strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) && isupper((unsigned char)s[2]);
}

/* one-word region names that are directions or common words ("Central",
 * "West", "Capital"): never matched as a place on their own */
static int vague_region(const char *key)
{
    static const char *const V[] = { "north", "south", "east", "west", "central", "northern", "southern", "eastern",
        "western", "centre", "center", "capital", "coast", "coastal", "littoral", "lakes", "plateau", "islands",
        "upper", "lower", "federal", "national", "greater", "interior", "mountain", "highlands", "river", NULL };
    for (int i = 0; V[i]; i++) if (!strcmp(key, V[i])) return 1;
    return 0;
}

static int add_region_name(dy_gazetteer *g, const char *name, size_t n, int idx)
{
    char key[KEYCAP];
    size_t kl;
    dy_arena scratch;
    dy_arena_init(&scratch, 1024);
    int nt = name_key(&scratch, name, n, key, &kl);
    dy_arena_free(&scratch);
    if (!nt || vague_region(key)) return 0;
    int32_t old = dy_hmap_get(&g->a1names, key, kl);
    if (old >= 0 && g->admin1[old].pop >= g->admin1[idx].pop) return 0;
    if (nt > g->max_tokens) g->max_tokens = nt;
    return dy_hmap_put(&g->a1names, key, kl, idx) == -2 ? -1 : 0;
}

static int admin1_line(dy_gazetteer *g, char **f, int nf, const char *path, unsigned ln, char *err, size_t errlen)
{
    if (nf != 7) {
        snprintf(err, errlen, "%s:%u: expected 7 TAB-separated fields (country, admin1 code, adm1, name, lat, lon, population)",
                 path, ln);
        return -1;
    }
    dy_admin1 *r = &g->admin1[g->nadmin1];
    char *pe;
    unsigned long pop = strtoul(f[6], &pe, 10);
    if (!code3(f[0]) || !*f[1] || strlen(f[1]) > 20 || strlen(f[2]) > 24 || !*f[3] ||
        parse_fixed(f[4], &r->lat) || parse_fixed(f[5], &r->lon) || r->lat < -90 || r->lat > 90 || r->lon < -180 ||
        r->lon > 180 || pe == f[6] || *pe || !isdigit((unsigned char)f[6][0]) || pop > 0xffffffffUL) {
        snprintf(err, errlen, "%s:%u: bad region line (country a 3-letter code, a code, a name, lat, lon, population)", path, ln);
        return -1;
    }
    memcpy(r->country, f[0], 4);
    r->code = f[1]; r->adm1 = f[2]; r->name = f[3]; r->pop = (uint32_t)pop;
    int idx = g->nadmin1++;
    char ck[40];
    size_t cl = region_key(ck, sizeof ck, r->country, r->code);
    if (cl && dy_hmap_put(&g->a1codes, ck, cl, idx) == -2) { snprintf(err, errlen, "out of memory"); return -1; }
    /* its name, and its name without the kind of region: "Kharkiv Oblast" -> "Kharkiv" */
    static const char *const SUF[] = { " Oblast", " Province", " Region", " Governorate", " State", " Municipality",
        " Prefecture", " County", " District", " Department", " Autonomous Region", " Autonomous Republic", " Krai",
        " Republic", " Voivodeship", " Territory", " Emirate", NULL };
    size_t nl = strlen(r->name);
    if (add_region_name(g, r->name, nl, idx)) { snprintf(err, errlen, "out of memory"); return -1; }
    for (int k = 0; SUF[k]; k++) {
        size_t sl = strlen(SUF[k]);
        if (nl > sl && !strcmp(r->name + nl - sl, SUF[k]) && add_region_name(g, r->name, nl - sl, idx)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

static int info_line(dy_gazetteer *g, char **f, int nf, const char *path, unsigned ln, char *err, size_t errlen)
{
    if (nf != 7) {
        snprintf(err, errlen, "%s:%u: expected 7 TAB-separated fields (code, iso2, fips, name, lat, lon, point)", path, ln);
        return -1;
    }
    dy_ginfo *c = &g->info[g->ninfo];
    if (!code3(f[0]) || strlen(f[2]) > 2 || parse_fixed(f[4], &c->lat) || parse_fixed(f[5], &c->lon) || c->lat < -90 ||
        c->lat > 90 || c->lon < -180 || c->lon > 180 || (strcmp(f[6], "capital") && strcmp(f[6], "largest city"))) {
        snprintf(err, errlen, "%s:%u: bad country line (code, iso2, fips of 2 letters or empty, name, lat, lon, "
                 "\"capital\" or \"largest city\")", path, ln);
        return -1;
    }
    if (g->ninfo && strcmp(g->info[g->ninfo - 1].code, f[0]) >= 0) {
        snprintf(err, errlen, "%s:%u: countries must be sorted by code, each once", path, ln);
        return -1;
    }
    memcpy(c->code, f[0], 4);
    memcpy(c->fips, f[2], strlen(f[2]) + 1);
    c->point = f[6];
    c->has_point = 1;
    g->ninfo++;
    return 0;
}

static int count_lines(const char *t, size_t n)
{
    int k = 1;
    for (size_t i = 0; i < n; i++) k += t[i] == '\n';
    return k;
}

int dy_gazetteer_load_regions(dy_gazetteer *g, const char *admin1, const char *countries, char *err, size_t errlen)
{
    size_t n;
    if (admin1) {
        if (!(g->a1text = slurp(admin1, &n, err, errlen))) return -1;
        g->admin1 = malloc((size_t)count_lines(g->a1text, n) * sizeof *g->admin1);
        if (!g->admin1 || dy_hmap_init(&g->a1codes, 4096) || dy_hmap_init(&g->a1names, 8192)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (each_tsv(g, g->a1text, n, 7, admin1_line, admin1, err, errlen)) return -1;
        for (int i = 0; i < g->ncity; i++) {
            dy_city *c = &g->city[i];
            if (!c->admin1_code[0]) continue;
            char ck[40];
            size_t cl = region_key(ck, sizeof ck, c->country, c->admin1_code);
            int32_t r = cl ? dy_hmap_get(&g->a1codes, ck, cl) : -1;
            if (r >= 0) c->region = &g->admin1[r];
        }
    }
    if (countries) {
        if (!(g->citext = slurp(countries, &n, err, errlen))) return -1;
        g->info = malloc((size_t)count_lines(g->citext, n) * sizeof *g->info);
        if (!g->info) { snprintf(err, errlen, "out of memory"); return -1; }
        if (each_tsv(g, g->citext, n, 7, info_line, countries, err, errlen)) return -1;
    }
    return 0;
}

const dy_ginfo *dy_gazetteer_info(const dy_gazetteer *g, const char *code)
{
    int lo = 0, hi = g->ninfo;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(g->info[mid].code, code);
        if (!c) return &g->info[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

int dy_gazetteer_load_files(dy_gazetteer *g, const char *cities, const char *aliases, const char *countries,
                            char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    dy_arena_init(&g->mem, 16 * 1024);
    if (dy_hmap_init(&g->countries, 1024) || dy_hmap_init(&g->stop, 128) ||
        (!cities && dy_hmap_init(&g->cities, 16))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (cities && load_cities(g, cities, err, errlen)) return -1;
    if (aliases && load_aliases(g, aliases, err, errlen)) return -1;
    dy_arena_reset(&g->mem);   /* scratch use ends here: country spellings live in mem from now on */
    if (countries && load_countries(g, countries, err, errlen)) return -1;
    return 0;
}

int dy_gazetteer_load(dy_gazetteer *g, const char *datadir, char *err, size_t errlen)
{
    char c[2048], a[2048], k[2048];
    snprintf(c, sizeof c, "%s/places/cities.tsv", datadir);
    snprintf(a, sizeof a, "%s/places/aliases.txt", datadir);
    snprintf(k, sizeof k, "%s/actors/countries.txt", datadir);
    FILE *f = fopen(c, "r");
    if (!f) {   /* no gazetteer in this data directory: places are off */
        memset(g, 0, sizeof *g);
        return 0;
    }
    fclose(f);
    f = fopen(a, "r");
    int have_aliases = f != NULL;
    if (f) fclose(f);
    f = fopen(k, "r");
    int have_countries = f != NULL;
    if (f) fclose(f);
    if (dy_gazetteer_load_files(g, c, have_aliases ? a : NULL, have_countries ? k : NULL, err, errlen)) return -1;
    /* regions and country facts: generated with cities.tsv; an older data directory may lack them */
    snprintf(a, sizeof a, "%s/places/admin1.tsv", datadir);
    snprintf(k, sizeof k, "%s/places/countries.tsv", datadir);
    f = fopen(a, "r");
    int have_a1 = f != NULL;
    if (f) fclose(f);
    f = fopen(k, "r");
    int have_ci = f != NULL;
    if (f) fclose(f);
    return dy_gazetteer_load_regions(g, have_a1 ? a : NULL, have_ci ? k : NULL, err, errlen);
}

void dy_gazetteer_free(dy_gazetteer *g)
{
    if (!g) return;
    free(g->text);
    free(g->city);
    free(g->cand_city);
    free(g->cand_next);
    free(g->country);
    free(g->a1text);
    free(g->admin1);
    free(g->citext);
    free(g->info);
    if (g->a1codes.slots) dy_hmap_free(&g->a1codes);
    if (g->a1names.slots) dy_hmap_free(&g->a1names);
    if (g->cities.slots) dy_hmap_free(&g->cities);
    if (g->countries.slots) dy_hmap_free(&g->countries);
    if (g->stop.slots) dy_hmap_free(&g->stop);
    dy_arena_free(&g->mem);
    memset(g, 0, sizeof *g);
}

const dy_city *dy_gazetteer_city(const dy_gazetteer *g, const char *name, const char *country)
{
    if (!g->city) return NULL;
    char key[KEYCAP];
    size_t kl;
    dy_arena scratch;
    dy_arena_init(&scratch, 1024);
    int nt = name_key(&scratch, name, strlen(name), key, &kl);
    dy_arena_free(&scratch);
    if (!nt) return NULL;
    for (int c = dy_hmap_get(&g->cities, key, kl); c >= 0; c = g->cand_next[c]) {
        const dy_city *ct = &g->city[g->cand_city[c]];
        if (!country || !strcmp(ct->country, country)) return ct;
    }
    return NULL;
}

/* ------------------------------------------------------------ finding places */

/* in, near, at, outside, inside, across, throughout, around, within (every
 * token is asked: the length picks the few words to compare) */
static int is_place_prep(const dy_token *t)
{
    const char *w = t->low;
    size_t n = t->lowlen;
    if (t->flags & DY_TOK_ALLCAP && n > 2) return 0;
    switch (n) {
    case 2: return DY_WORD_IS(w, n, "in") || DY_WORD_IS(w, n, "at");
    case 4: return DY_WORD_IS(w, n, "near");
    case 6: return DY_WORD_IS(w, n, "inside") || DY_WORD_IS(w, n, "across") || DY_WORD_IS(w, n, "around") ||
                   DY_WORD_IS(w, n, "within");
    case 7: return DY_WORD_IS(w, n, "outside");
    case 10: return DY_WORD_IS(w, n, "throughout");
    default: return 0;
    }
}

static int is_time_word(const dy_token *t)
{
    static const dy_word T[] = { DY_WORD("january"), DY_WORD("february"), DY_WORD("march"), DY_WORD("april"),
        DY_WORD("may"), DY_WORD("june"), DY_WORD("july"), DY_WORD("august"), DY_WORD("september"), DY_WORD("october"),
        DY_WORD("november"), DY_WORD("december"), DY_WORD("jan."), DY_WORD("feb."), DY_WORD("mar."), DY_WORD("apr."),
        DY_WORD("jun."), DY_WORD("jul."), DY_WORD("aug."), DY_WORD("sep."), DY_WORD("sept."), DY_WORD("oct."),
        DY_WORD("nov."), DY_WORD("dec."), DY_WORD("monday"), DY_WORD("tuesday"), DY_WORD("wednesday"),
        DY_WORD("thursday"), DY_WORD("friday"), DY_WORD("saturday"), DY_WORD("sunday") };
    return dy_word_in(T, DY_NWORDS(T), t->low, t->lowlen);
}

/* words that may stand between the preposition and the name:
 * "in the eastern city of Kharkiv", "near the southern port of Odesa" */
static int is_filler(const dy_token *t)
{
    static const dy_word F[] = { DY_WORD("the"), DY_WORD("northern"), DY_WORD("southern"), DY_WORD("eastern"),
        DY_WORD("western"), DY_WORD("central"), DY_WORD("northeastern"), DY_WORD("northwestern"),
        DY_WORD("southeastern"), DY_WORD("southwestern"), DY_WORD("north-eastern"), DY_WORD("north-western"),
        DY_WORD("south-eastern"), DY_WORD("south-western"), DY_WORD("north"), DY_WORD("south"), DY_WORD("east"),
        DY_WORD("west"), DY_WORD("city"), DY_WORD("town"), DY_WORD("village"), DY_WORD("port"), DY_WORD("capital"),
        DY_WORD("region"), DY_WORD("province"), DY_WORD("district"), DY_WORD("suburb"), DY_WORD("suburbs"),
        DY_WORD("outskirts"), DY_WORD("centre"), DY_WORD("center"), DY_WORD("areas"), DY_WORD("area"),
        DY_WORD("frontline"), DY_WORD("front-line"), DY_WORD("border"), DY_WORD("coastal"), DY_WORD("southern-most"),
        DY_WORD("of") };
    return dy_word_in(F, DY_NWORDS(F), t->low, t->lowlen);
}

/* "a visit to China", "travelled to Beijing": the destination is where the event is */
static int is_journey(const dy_token *t)
{
    static const dy_word J[] = { DY_WORD("visit"), DY_WORD("trip"), DY_WORD("travel"), DY_WORD("journey"),
                                 DY_WORD("tour"), DY_WORD("fly"), DY_WORD("return"), DY_WORD("deploy"), DY_WORD("send") };
    return dy_word_in(J, DY_NWORDS(J), t->lemma, strlen(t->lemma));
}

static int is_settlement(const dy_token *t)
{
    static const dy_word S[] = { DY_WORD("city"), DY_WORD("town"), DY_WORD("village"), DY_WORD("port"),
                                 DY_WORD("capital"), DY_WORD("outskirts"), DY_WORD("suburbs") };
    return dy_word_in(S, DY_NWORDS(S), t->low, t->lowlen);
}

/* nouns after a name that keep it a place: "in the Donetsk region", "at the Rafah crossing" */
static int is_area_noun(const dy_token *t)
{
    static const dy_word A[] = { DY_WORD("region"), DY_WORD("regions"), DY_WORD("area"), DY_WORD("areas"),
        DY_WORD("province"), DY_WORD("oblast"), DY_WORD("district"), DY_WORD("city"), DY_WORD("town"),
        DY_WORD("village"), DY_WORD("border"), DY_WORD("airport"), DY_WORD("port"), DY_WORD("countryside"),
        DY_WORD("capital"), DY_WORD("outskirts"), DY_WORD("suburbs"), DY_WORD("suburb"), DY_WORD("coast"),
        DY_WORD("governorate"), DY_WORD("state"), DY_WORD("county"), DY_WORD("crossing"), DY_WORD("valley"),
        DY_WORD("enclave"), DY_WORD("camp"), DY_WORD("refugee") };
    return dy_word_in(A, DY_NWORDS(A), t->low, t->lowlen);
}

static const dy_mention *mention_at(const dy_sentence *s, int i)
{
    const dy_mentions *ms = s->actors;
    for (int k = 0; ms && k < ms->n; k++) if (i >= ms->m[k].start && i < ms->m[k].end) return &ms->m[k];
    return NULL;
}

typedef struct match { int len; int country; int cand; int a1; /* region of that name, -1 */ } match;

/* Longest gazetteer name starting at token i.  dateline: case and tags are
 * not required (datelines are in capitals).  Returns 0 when none. */
static int match_at(const dy_gazetteer *g, const dy_sentence *s, int i, int dateline, match *m)
{
    const dy_token *t = s->tok;
    if (!(t[i].flags & DY_TOK_CAP)) return 0;
    if (!dateline && !dy_tag_is_proper(t[i].tag) && !DY_WORD_IS(t[i].low, t[i].lowlen, "the")) return 0;
    char key[KEYCAP];
    size_t off[MAXNAMETOK + 1];
    int n = 0;
    size_t k = 0;
    for (int j = i; j < s->ntok && n < g->max_tokens && n < MAXNAMETOK; j++) {
        const dy_token *x = &t[j];
        if (!(x->flags & DY_TOK_ALPHA) || dy_tag_is_punct(x->tag) || k + x->lowlen + 2 >= KEYCAP) break;
        if (k) key[k++] = ' ';
        memcpy(key + k, x->low, x->lowlen);
        k += x->lowlen;
        off[++n] = k;
    }
    for (int len = n; len >= 1; len--) {
        const dy_token *last = &t[i + len - 1];
        if (!(last->flags & DY_TOK_CAP)) continue;
        size_t kl = off[len];
        if (dy_hmap_get(&g->stop, key, kl) >= 0) continue;
        int32_t c = dy_hmap_get(&g->countries, key, kl);
        if (c >= 0 && g->country[c].exact) {
            /* acronym: only the exact capitalisation */
            const char *e = g->country[c].exact;
            size_t el = strlen(e);
            if (len != 1 || t[i].len != el || memcmp(t[i].text, e, el)) c = -1;
        }
        int32_t cand = g->cand_city ? dy_hmap_get(&g->cities, key, kl) : -1;
        /* a first-level region ("in California", "the Kharkiv region"); not in datelines */
        int32_t a1 = g->a1names.slots && !dateline ? dy_hmap_get(&g->a1names, key, kl) : -1;
        if (c < 0 && cand < 0 && a1 < 0) continue;
        m->len = len; m->country = c; m->cand = cand; m->a1 = a1;
        return 1;
    }
    return 0;
}

typedef struct codeset { char (*c)[4]; int n, cap; } codeset;

static int has_code(const codeset *cs, const char *code)
{
    for (int i = 0; i < cs->n; i++) if (!memcmp(cs->c[i], code, 3)) return 1;
    return 0;
}

static void add_code(codeset *cs, const char *code)
{
    if (cs->n < cs->cap && !has_code(cs, code)) { memcpy(cs->c[cs->n], code, 3); cs->c[cs->n][3] = 0; cs->n++; }
}

/* Countries named by the actor mentions of a sentence ("Ukrainian", "Russia"). */
static void sentence_countries(const dy_sentence *s, codeset *cs)
{
    const dy_mentions *ms = s->actors;
    for (int k = 0; ms && k < ms->n; k++) {
        const dy_mention *m = &ms->m[k];
        if (m->kind != DY_MK_COUNTRY) continue;
        for (int r = 0; r < m->nrefs; r++) {
            const char *c = m->code[r];
            if (isupper((unsigned char)c[0]) && isupper((unsigned char)c[1]) && isupper((unsigned char)c[2])) add_code(cs, c);
        }
    }
}

/* Does a country mention of s outside tokens [i, e) name code?  (The name
 * itself may be an actor: "gunmen in Tripoli" is coded with Libya.) */
static int sent_names(const dy_sentence *s, int i, int e, const char *code)
{
    const dy_mentions *ms = s ? s->actors : NULL;
    for (int k = 0; ms && k < ms->n; k++) {
        const dy_mention *m = &ms->m[k];
        if (m->kind != DY_MK_COUNTRY || (m->start < e && m->end > i && m->end - m->start <= e - i + 4)) continue;
        for (int r = 0; r < m->nrefs; r++) if (!memcmp(m->code[r], code, 3)) return 1;
    }
    return 0;
}

/* Pick a city among the candidates of a name at tokens [i, e) of s. */
static const dy_city *choose_city(const dy_gazetteer *g, int cand, const char *want, const dy_sentence *s,
                                  int i, int e, const codeset *doc, const char **why)
{
    const dy_city *top = &g->city[g->cand_city[cand]];
    *why = "the most populous city of that name";
    if (g->cand_next[cand] < 0) return top;
    if (want) {
        for (int c = cand; c >= 0; c = g->cand_next[c]) {
            const dy_city *x = &g->city[g->cand_city[c]];
            if (!strcmp(x->country, want)) { *why = "the country named after the comma"; return x; }
        }
    }
    /* a less populous namesake wins only in a country the text names, and
     * only when not dwarfed (Paris, Texas never beats Paris for a US story) */
    if (sent_names(s, i, e, top->country)) return top;
    for (int c = g->cand_next[cand]; c >= 0; c = g->cand_next[c]) {
        const dy_city *x = &g->city[g->cand_city[c]];
        if ((double)x->pop * 50 >= top->pop && sent_names(s, i, e, x->country)) { *why = "a country named in the sentence"; return x; }
    }
    if (has_code(doc, top->country)) return top;
    for (int c = g->cand_next[cand]; c >= 0; c = g->cand_next[c]) {
        const dy_city *x = &g->city[g->cand_city[c]];
        if (has_code(doc, x->country) && (double)x->pop * 10 >= top->pop) { *why = "a country named earlier in the document"; return x; }
    }
    return top;
}

typedef struct placelist { dy_place *p; int n, cap; } placelist;

static dy_place *new_place(dy_arena *a, placelist *pl)
{
    if (pl->n == pl->cap) {
        int nc = pl->cap ? pl->cap * 2 : 16;
        dy_place *np = dy_arena_alloc(a, (size_t)nc * sizeof *np);
        if (!np) return NULL;
        if (pl->n) memcpy(np, pl->p, (size_t)pl->n * sizeof *np);
        pl->p = np; pl->cap = nc;
    }
    dy_place *p = &pl->p[pl->n++];
    memset(p, 0, sizeof *p);
    return p;
}

static void note_place(dy_buf *note, const dy_place *p, const dy_sentence *s, const char *why)
{
    if (!note) return;
    const dy_token *t = s->tok;
    dy_buf_printf(note, "  place: sentence %d [%d-%d) \"%.*s\" = ", p->sent, p->tok_start, p->tok_end,
                  (int)(t[p->tok_end - 1].end - t[p->tok_start].start), t[p->tok_start].text);
    if (p->city) dy_buf_printf(note, "%s, %s%s%s (%.4f, %.4f; population %u): %s\n", p->city->name,
                               p->city->admin1, p->city->admin1[0] ? ", " : "", p->city->country,
                               p->city->lat, p->city->lon, p->city->pop, why);
    else if (p->admin1) dy_buf_printf(note, "region %s, %s (admin1 %s%s%s): %s\n", p->admin1->name, p->admin1->country,
                                      p->admin1->code, p->admin1->adm1[0] ? ", ADM1 " : "", p->admin1->adm1, why);
    else dy_buf_printf(note, "country %s: %s\n", p->country, why);
}

/* Fill place p from a match at tokens [i, i+m->len) of s. */
static void set_place(const dy_gazetteer *g, dy_place *p, const dy_sentence *s, int i, const match *m,
                      const codeset *doc, const char **why)
{
    const dy_token *t = s->tok;
    p->sent = s->index;
    p->tok_start = i; p->tok_end = i + m->len;
    p->start = t[i].start; p->end = t[i + m->len - 1].end;
    if (m->country >= 0) {
        p->country = g->country[m->country].code;
        p->info = dy_gazetteer_info(g, p->country);
        *why = "a country name";
        /* a city-state or a territory named like its main city: Singapore, Djibouti, Gaza */
        for (int c = m->cand; c >= 0; c = g->cand_next[c])
            if (!strcmp(g->city[g->cand_city[c]].country, p->country)) { p->city = &g->city[g->cand_city[c]]; break; }
        return;
    }
    int e = i + m->len;
    /* a region: named alone ("in California"), or a city's name followed by
     * region/province/oblast/state/governorate ("the Kharkiv region") when a
     * region of that name lies in the city's country */
    if (m->a1 >= 0) {
        const dy_admin1 *r = &g->admin1[m->a1];
        int area = e < s->ntok && (DY_WORD_IS(t[e].low, t[e].lowlen, "region") || DY_WORD_IS(t[e].low, t[e].lowlen, "province") ||
                                   DY_WORD_IS(t[e].low, t[e].lowlen, "oblast") || DY_WORD_IS(t[e].low, t[e].lowlen, "state") ||
                                   DY_WORD_IS(t[e].low, t[e].lowlen, "governorate") || DY_WORD_IS(t[e].low, t[e].lowlen, "prefecture"));
        int same_country = 0;
        for (int c = m->cand; c >= 0 && !same_country; c = g->cand_next[c])
            same_country = !strcmp(g->city[g->cand_city[c]].country, r->country);
        if (m->cand < 0 || (area && same_country)) {
            p->admin1 = r;
            p->country = r->country;
            p->info = dy_gazetteer_info(g, p->country);
            *why = m->cand < 0 ? "a region's name" : "a region's name before region/province/state";
            return;
        }
    }
    /* "in Tripoli, Lebanon": the country after the comma decides */
    const char *want = NULL;
    int j = e;
    if (j + 1 < s->ntok && t[j].len == 1 && t[j].text[0] == ',') {
        match m2;
        if (match_at(g, s, j + 1, 0, &m2) && m2.country >= 0) want = g->country[m2.country].code;
    }
    p->city = choose_city(g, m->cand, want, s, i, i + m->len, doc, why);
    p->country = p->city->country;
    p->info = dy_gazetteer_info(g, p->country);
}

/* Places after prepositions of place in one sentence. */
static int sentence_places(dy_arena *a, const dy_gazetteer *g, const dy_sentence *s, placelist *pl,
                           codeset *doc, dy_buf *note)
{
    const dy_token *t = s->tok;
    for (int i = 0; i + 1 < s->ntok; i++) {
        /* "in X", "near X", and "the city of X" without a preposition ("shelled the city of Kharkiv") */
        int two = t[i].lowlen == 2;
        if (!is_place_prep(&t[i]) && !(two && i > 0 && t[i].low[0] == 'o' && t[i].low[1] == 'f' && is_settlement(&t[i - 1])) &&
            !(two && i > 0 && t[i].low[0] == 't' && t[i].low[1] == 'o' && is_journey(&t[i - 1]))) continue;
        int j = i + 1;
        int lim = i + 8 < s->ntok ? i + 8 : s->ntok;
        match m;
        int found = 0, the = 0;
        for (; j < lim; j++) {
            if ((t[j].flags & DY_TOK_CAP) && match_at(g, s, j, 0, &m)) { found = 1; break; }
            if (DY_WORD_IS(t[j].low, t[j].lowlen, "the")) the = 1;
            /* skip "the", direction words, "city of" and adjectives ("Ukrainian", "Russian-held") */
            if (is_filler(&t[j]) || dy_tag_is_adj(t[j].tag)) continue;
            break;
        }
        if (!found) continue;
        int e = j + m.len;
        /* part of a longer name: "at Moscow State University", "the Washington Post" */
        if (e < s->ntok && (t[e].flags & DY_TOK_CAP) && dy_tag_is_proper(t[e].tag) && !is_time_word(&t[e])) { i = e - 1; continue; }
        /* a noun modifier, not a place: "in the Ukraine conflict", "the Gaza war" (but "the Kharkiv region") */
        if (the && e < s->ntok && (t[e].tag == DY_NN || t[e].tag == DY_NNS) && !is_area_noun(&t[e])) { i = e - 1; continue; }
        /* a person or an organisation the actor dictionary knows ("in Obama's speech") */
        const dy_mention *mn = mention_at(s, j);
        if (mn && (mn->kind == DY_MK_PERSON || mn->kind == DY_MK_ORG)) { i = e - 1; continue; }
        dy_place *p = new_place(a, pl);
        if (!p) return -1;
        const char *why;
        set_place(g, p, s, j, &m, doc, &why);
        add_code(doc, p->country);
        note_place(note, p, s, why);
        i = e - 1;
    }
    return 0;
}

/* "MOSCOW (Reuters) -", "KYIV, March 3 (Reuters) -", "Beijing, May 16 -" */
static int dateline_place(const dy_gazetteer *g, const dy_sentence *s, dy_place *p, codeset *doc)
{
    const dy_token *t = s->tok;
    if (s->ntok < 3) return 0;
    match m;
    if (!match_at(g, s, 0, 1, &m) || m.len + 1 >= s->ntok) return 0;
    int allcap = 1;
    for (int k = 0; k < m.len; k++) if (!(t[k].flags & DY_TOK_ALLCAP) && t[k].lowlen > 1) allcap = 0;
    const dy_token *nx = &t[m.len], *n2 = &t[m.len + 1];
    int ok;
    if (allcap) ok = (nx->len == 1 && strchr(",(-:", nx->text[0])) || (nx->len == 2 && !memcmp(nx->text, "--", 2));
    else ok = nx->len == 1 && ((nx->text[0] == ',' && is_time_word(n2)) ||
                               (nx->text[0] == '(' && m.len + 3 < s->ntok && t[m.len + 2].len == 1 && t[m.len + 2].text[0] == ')'));
    if (!ok) return 0;
    const char *why;
    set_place(g, p, s, 0, &m, doc, &why);
    p->dateline = 1;
    return 1;
}

int dy_place_doc(dy_arena *a, const dy_gazetteer *g, const dy_sentence *sents, int ns, struct dy_events *ev, dy_buf *note)
{
    dy_place_state st;
    memset(&st, 0, sizeof st);
    return dy_place_chunk(a, g, &st, sents, ns, ev, note);
}

int dy_place_chunk(dy_arena *a, const dy_gazetteer *g, dy_place_state *st, const dy_sentence *sents, int ns,
                   struct dy_events *ev, dy_buf *note)
{
    if (!g || !g->cities.slots || ns <= 0) return 0;
    placelist pl = { NULL, 0, 0 };
    codeset doc = { st->codes, st->ncodes, (int)(sizeof st->codes / sizeof st->codes[0]) };
    int *first = dy_arena_alloc(a, (size_t)(ns + 1) * sizeof *first);   /* first place of each sentence */
    if (!first) return -1;
    int base = sents[0].index;   /* events name sentences by their index in the document */
    if (!st->started) {
        st->started = 1;
        if (note) dy_buf_puts(note, "\n== places\n");
        memset(&st->dateline, 0, sizeof st->dateline);
        st->have_dateline = dateline_place(g, &sents[0], &st->dateline, &doc);
        if (st->have_dateline) {
            add_code(&doc, st->dateline.country);
            note_place(note, &st->dateline, &sents[0], "the dateline (default for the document)");
        }
    }
    for (int i = 0; i < ns; i++) {
        first[i] = pl.n;
        sentence_countries(&sents[i], &doc);
        if (sentence_places(a, g, &sents[i], &pl, &doc, note)) return -1;
    }
    first[ns] = pl.n;
    st->ncodes = doc.n;
    dy_place *dlp = NULL;
    if (st->have_dateline) {
        dlp = dy_arena_alloc(a, sizeof *dlp);
        if (!dlp) return -1;
        *dlp = st->dateline;
    }
    for (int k = 0; k < ev->n; k++) {
        dy_event *e = &ev->e[k];
        int si = e->sent_index - base;
        if (si < 0 || si >= ns) continue;
        const dy_sentence *s = &sents[si];
        int v = e->verb_tok, best = -1;
        const char *how = NULL;
        const dy_parse *p = s->parse;
        int vg = p && v >= 0 && v < s->ntok ? p->tok_vg[v] : -1;
        if (vg >= 0) {
            for (int q = first[si]; q < first[si + 1] && best < 0; q++)
                if (pl.p[q].tok_start > v && pl.p[q].tok_start < p->vg[vg].clause_end) best = q, how = "in the verb's clause";
        }
        if (best < 0 && vg < 0) {   /* an event noun: "talks in Beijing" */
            for (int q = first[si]; q < first[si + 1] && best < 0; q++)
                if (pl.p[q].tok_start > v && pl.p[q].tok_start <= v + 4) best = q, how = "just after the event noun";
        }
        if (best < 0) {   /* before the verb and no other verb between: "In Kyiv, officials said", "Officials in Kyiv said" */
            for (int q = first[si]; q < first[si + 1]; q++) {
                if (pl.p[q].tok_start >= v) break;
                int other = 0;
                for (int k2 = pl.p[q].tok_end; p && k2 < v && !other; k2++) other = p->tok_vg[k2] >= 0 && p->tok_vg[k2] != vg;
                if (!other) best = q, how = "in the sentence before the verb";
            }
        }
        e->place = best >= 0 ? &pl.p[best] : dlp;
        if (!e->place) continue;
        if (best < 0) how = "the dateline";
        if (note) {
            const dy_place *pp = e->place;
            dy_buf_printf(note, "  event %d (sentence %d, \"%.*s\"): place %s%s%s (%s)\n", k, si + base,
                          v >= 0 && v < s->ntok ? (int)s->tok[v].len : 0, v >= 0 && v < s->ntok ? s->tok[v].text : "",
                          pp->city ? pp->city->name : pp->admin1 ? pp->admin1->name : "", pp->city || pp->admin1 ? ", " : "",
                          pp->country, how);
        }
    }
    return 0;
}
