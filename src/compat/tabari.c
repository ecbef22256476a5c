/* tabari.c: TABARI dictionaries in memory and the TABARI-compatible coder.
 *
 * Why: users with TABARI dictionaries (.verbs/.actors/.agents/.options) can
 * run them in dyad, and the TABARI validation suite (the spec of TABARI's
 * behaviour) scores this coder.  The coder is TABARI's "sparse parsing":
 * uppercase word sequence, longest actor/agent phrases, verb roots matched
 * as stems, the verb's patterns matched around it (longest match wins),
 * source = first actor before the verb, target = first after, with
 * compounds, pronouns, passive "was ... by", comma-clause elimination,
 * complexity filter, discard and null codes.  Matching rules:
 *   WORD    stem: matches any text word starting with WORD
 *   WORD_   closed: WORD or WORD + S ES ED D EN ING; and the next word must
 *           follow immediately when no space follows the `_`
 *   WORD~_  stem, followed immediately by the next word
 *   WORD=   exactly WORD
 *   space   any number of words may come between. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat/tabari.h"
#include "core/arena.h"
#include "normalize/normalize.h"
#include "tag/tokenize.h"
#include "core/files.h"

enum { E_LIT = 1, E_SRC, E_TGT, E_CMP, E_SKIP, E_VERB, E_SYN, E_ALT };

typedef struct tb_seq tb_seq;
typedef struct tb_elem {
    uint8_t type, closed, exact, consec;   /* consec: next element must follow immediately */
    const char *w;                          /* E_LIT */
    int syn;                                /* E_SYN */
    tb_seq *alts; int nalts;                /* E_ALT */
} tb_elem;
struct tb_seq { tb_elem *e; int n; };

typedef struct tb_code { char c1[16], c2[16]; uint8_t weak; } tb_code;

typedef struct tb_pat {
    tb_seq lower, upper;    /* elements before and after '*' */
    uint8_t lower_consec;   /* last lower element is glued to the verb */
    uint8_t upper_consec;   /* '*' is glued to the first upper element */
    tb_code code;
    int line;
} tb_pat;

typedef struct tb_verb {
    tb_code code;
    uint8_t global;         /* <TIME> ### / +++ phrase: applies wherever it occurs */
    tb_pat *pats; int npat, cappat;
    int line;
} tb_verb;

typedef struct tb_root { tb_seq s; int verb; int next; } tb_root;   /* a root or form -> verb */

typedef struct tb_acode { char code[24]; int32_t from, to; } tb_acode;   /* from/to 0 = open */
typedef struct tb_actor {
    tb_seq s; int next;
    int agent;              /* 1 = agent */
    uint8_t prefix;         /* agent: ABC~ (prefix) */
    int codes, ncodes;      /* into acodes */
    int order;
} tb_actor;

typedef struct tb_syn { char name[48]; tb_seq *m; int nm, capm; } tb_syn;

typedef struct tb_word { const char *w; uint8_t closed, exact; int next; } tb_word;   /* nouns, adjectives */

/* hash: first word (exact text) -> chain head */
typedef struct tb_hash { char **k; int *v; size_t cap, n; } tb_hash;

struct dy_tabari {
    dy_arena mem;
    tb_verb *verbs; int nverb, capverb;
    tb_root *roots; int nroot, caproot;
    tb_actor *actors; int nact, capact;
    tb_acode *acodes; int nacode, capacode;
    tb_syn *syns; int nsyn, capsyn;
    tb_word *words; int nword, capword;
    tb_hash hroot, hact, hnoun, hadj;
    /* options */
    int cx_verbs, cx_conj, noactprior;
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
    int min_words, convert_agent, yyyy;
    int def_on; char def_src[24], def_tgt[24]; int def_prior, def_after;
    int nbad; char bad[256];   /* malformed entries skipped while loading, first message */
};

static void note_bad(int *nbad, char *bad, size_t badlen, const char *path, int line, int col, const char *msg)
{
    if (!*nbad && bad && badlen) snprintf(bad, badlen, "%s:%d:%d: %s", path, line, col, msg);
    (*nbad)++;
}

int dy_tabari_skipped(const dy_tabari *t, const char **first)
{
    if (first) *first = t->nbad ? t->bad : NULL;
    return t->nbad;
}

/* ---------- small helpers ---------- */

static void scpy(char *d, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) n = cap - 1;
    memcpy(d, s, n); d[n] = 0;
}

static void seterr(char *err, size_t errlen, const char *path, int line, int col, const char *msg)
{
    if (err && errlen && line <= 0) snprintf(err, errlen, "%s: %s", path ? path : "?", msg);   /* no line: the file itself */
    else if (err && errlen) snprintf(err, errlen, "%s:%d:%d: %s", path ? path : "?", line, col, msg);
}

#define GROW(arr, n, cap) do { if ((n) >= (cap)) { int nc_ = (cap) ? (cap) * 2 : 64; \
    void *p_ = realloc((arr), (size_t)nc_ * sizeof *(arr)); if (!p_) return -1; (arr) = p_; (cap) = nc_; } } while (0)

static uint64_t hstr(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211ull; }
    return h;
}

static int *hslot(tb_hash *h, const char *k, int create, dy_arena *mem)
{
    if (create && (h->n + 1) * 2 > h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 1024;
        char **nk = calloc(nc, sizeof *nk); int *nv = calloc(nc, sizeof *nv);
        if (!nk || !nv) { free(nk); free(nv); return NULL; }
        for (size_t i = 0; i < h->cap; i++) if (h->k[i]) {
            size_t j = hstr(h->k[i]) & (nc - 1);
            while (nk[j]) j = (j + 1) & (nc - 1);
            nk[j] = h->k[i]; nv[j] = h->v[i];
        }
        free(h->k); free(h->v); h->k = nk; h->v = nv; h->cap = nc;
    }
    if (!h->cap) return NULL;
    size_t j = hstr(k) & (h->cap - 1);
    while (h->k[j]) { if (strcmp(h->k[j], k) == 0) return &h->v[j]; j = (j + 1) & (h->cap - 1); }
    if (!create) return NULL;
    h->k[j] = dy_arena_strndup(mem, k, strlen(k));
    if (!h->k[j]) return NULL;
    h->v[j] = -1; h->n++;
    return &h->v[j];
}
static int hget(const tb_hash *h, const char *k)
{
    if (!h->cap) return -1;
    size_t j = hstr(k) & (h->cap - 1);
    while (h->k[j]) { if (strcmp(h->k[j], k) == 0) return h->v[j]; j = (j + 1) & (h->cap - 1); }
    return -1;
}
static void hfree(tb_hash *h) { free(h->k); free(h->v); memset(h, 0, sizeof *h); }

int32_t dy_tabari_date(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && isdigit((unsigned char)s[d])) d++;
    long y, m, dd;
    if (d >= 8) { y = (s[0]-'0')*1000 + (s[1]-'0')*100 + (s[2]-'0')*10 + (s[3]-'0'); s += 4; }
    else if (d >= 6) { y = (s[0]-'0')*10 + (s[1]-'0'); y += y < 50 ? 2000 : 1900; s += 2; }
    else return 0;
    m = (s[0]-'0')*10 + (s[1]-'0'); dd = (s[2]-'0')*10 + (s[3]-'0');
    if (m < 1 || m > 12 || dd < 1 || dd > 31) return 0;
    return (int32_t)(y * 10000 + m * 100 + dd);
}

/* ---------- pattern parsing ---------- */

typedef struct pctx { dy_arena *mem; dy_tabari *t; const char *path; int line; const char *base; const char *err; int errcol; } pctx;

static int isword(int c) { return c && !isspace(c) && c != '_' && c != '{' && c != '}' && c != '|' && c != '[' && c != ']' && c != ';'; }

static int push_elem(tb_elem **e, int *n, int *cap, tb_elem x)
{
    GROW(*e, *n, *cap);
    (*e)[(*n)++] = x;
    return 0;
}

static int find_syn(dy_tabari *t, const char *name, size_t n, int create)
{
    for (int i = 0; i < t->nsyn; i++) if (strlen(t->syns[i].name) == n && memcmp(t->syns[i].name, name, n) == 0) return i;
    if (!create || n >= sizeof t->syns[0].name) return -1;
    GROW(t->syns, t->nsyn, t->capsyn);
    tb_syn *s = &t->syns[t->nsyn];
    memset(s, 0, sizeof *s); memcpy(s->name, name, n);
    return t->nsyn++;
}

/* Parse a sequence until end, '|' or '}' (not consumed).  Stores a malloc'ed
 * element array copied into the arena. */
static int parse_seq(pctx *c, const char **pp, tb_seq *out, int depth)
{
    const char *p = *pp;
    tb_elem *e = NULL; int n = 0, cap = 0;
    out->e = NULL; out->n = 0;
    if (depth > 8) { c->err = "alternatives nested too deeply"; c->errcol = (int)(p - c->base) + 1; return -1; }
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '|' || *p == '}') break;
        if (*p == '_') { p++; continue; }   /* stray connector */
        tb_elem x; memset(&x, 0, sizeof x);
        const char *st = p;
        if (*p == '{') {
            p++;
            tb_seq *alts = NULL; int na = 0, capa = 0;
            for (;;) {
                tb_seq s;
                if (parse_seq(c, &p, &s, depth + 1) < 0) { free(alts); free(e); return -1; }
                if (na >= capa) { int nc = capa ? capa * 2 : 4; tb_seq *q = realloc(alts, (size_t)nc * sizeof *q);
                    if (!q) { free(alts); free(e); return -1; } alts = q; capa = nc; }
                alts[na++] = s;
                if (*p == '|') { p++; continue; }
                if (*p == '}') { p++; break; }
                c->err = "unterminated { alternatives"; c->errcol = (int)(st - c->base) + 1; free(alts); free(e); return -1;
            }
            x.type = E_ALT; x.nalts = na;
            x.alts = dy_arena_alloc(c->mem, (size_t)na * sizeof *alts);
            if (!x.alts) { free(alts); free(e); return -1; }
            memcpy(x.alts, alts, (size_t)na * sizeof *alts); free(alts);
        } else if (*p == '$' || *p == '+' || *p == '%' || *p == '^' || *p == '*') {
            x.type = *p == '$' ? E_SRC : *p == '+' ? E_TGT : *p == '%' ? E_CMP : *p == '^' ? E_SKIP : E_VERB;
            p++;
        } else if (*p == '&') {
            const char *s = ++p;
            while (isword((unsigned char)*p)) p++;
            int k = find_syn(c->t, s, (size_t)(p - s), 1);
            if (k < 0) { free(e); c->err = "bad synset name"; c->errcol = (int)(st - c->base) + 1; return -1; }
            x.type = E_SYN; x.syn = k;
        } else {
            /* a word; '-' inside splits it into glued words */
            const char *s = p;
            while (isword((unsigned char)*p)) p++;
            size_t len = (size_t)(p - s);
            int open = 0;
            if (len && s[len-1] == '~') { open = 1; len--; }
            if (len && s[len-1] == '=') { x.exact = 1; len--; }
            /* split on '-' */
            size_t a = 0;
            for (size_t i = 0; i <= len; i++) {
                if (i == len || s[i] == '-') {
                    if (i > a) {
                        tb_elem y; memset(&y, 0, sizeof y);
                        y.type = E_LIT; y.w = dy_arena_strndup(c->mem, s + a, i - a);
                        if (!y.w) { free(e); return -1; }
                        if (i < len) { y.consec = 1; y.closed = 1; if (push_elem(&e, &n, &cap, y) < 0) { free(e); return -1; } }
                        else { x.type = E_LIT; x.w = y.w; }
                    } else if (i == len && n > 0 && e[n-1].type == E_LIT && a > 0) {
                        /* word ended with '-' ("ANTI-"): closed, open after */
                        x = e[--n]; x.consec = 0;
                    }
                    a = i + 1;
                }
            }
            if (!x.type) { if (p == st) { p++; } continue; }
            if (!open && *p == '_') x.closed = 1;
        }
        if (*p == '_') { p++; if (*p && *p != ' ' && *p != '\t' && *p != '|' && *p != '}' && *p != '[') x.consec = 1; }
        if (push_elem(&e, &n, &cap, x) < 0) { free(e); return -1; }
    }
    *pp = p;
    if (n) {
        out->e = dy_arena_alloc(c->mem, (size_t)n * sizeof *e);
        if (!out->e) { free(e); return -1; }
        memcpy(out->e, e, (size_t)n * sizeof *e);
    }
    out->n = n; free(e);
    return 0;
}

/* Parse "[CODE]" / "[A:B]" at p (p at '['). */
static int parse_code(const char *p, tb_code *c)
{
    memset(c, 0, sizeof *c);
    p++;
    while (*p == ' ' || *p == '\t') p++;
    char buf[40]; size_t n = 0;
    while (*p && *p != ']' && n + 1 < sizeof buf) { if (!isspace((unsigned char)*p)) buf[n++] = *p; p++; }
    if (*p != ']') return -1;
    buf[n] = 0;
    char *q = strchr(buf, '?'); if (q) { c->weak = 1; memmove(q, q + 1, strlen(q)); }
    q = strchr(buf, '!'); if (q) memmove(q, q + 1, strlen(q));
    q = strchr(buf, ':');
    if (q) { *q = 0; scpy(c->c2, sizeof c->c2, q + 1); }
    scpy(c->c1, sizeof c->c1, buf);
    return 0;
}

static int add_root(dy_tabari *t, tb_seq s, int verb)
{
    if (!s.n || s.e[0].type != E_LIT) return 0;
    GROW(t->roots, t->nroot, t->caproot);
    int *slot = hslot(&t->hroot, s.e[0].w, 1, &t->mem);
    if (!slot) return -1;
    tb_root *r = &t->roots[t->nroot];
    r->s = s; r->verb = verb; r->next = *slot; *slot = t->nroot++;
    return 0;
}

/* ---------- file reading ---------- */

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) { char m[300]; snprintf(m, sizeof m, "cannot open: %s", strerror(errno)); seterr(err, errlen, path, 0, 0, m); return NULL; }
    size_t cap = 1 << 16, n = 0; char *b = malloc(cap);
    if (!b) { fclose(f); seterr(err, errlen, path, 0, 0, "out of memory"); return NULL; }
    for (;;) {
        if (n + 4096 > cap) { char *q = realloc(b, cap * 2); if (!q) { free(b); fclose(f); seterr(err, errlen, path, 0, 0, "out of memory"); return NULL; } b = q; cap *= 2; }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        if (!r) break;
        n += r;
    }
    fclose(f);
    b[n] = 0;
    for (size_t i = 0; i < n; i++) if (b[i] == 0 || b[i] == '\r') b[i] = ' ';
    if (len) *len = n;
    return b;
}

/* next line: returns pointer, NUL-terminates in place */
static char *nextline(char **cur)
{
    if (!*cur || !**cur) return NULL;
    char *s = *cur, *e = strchr(s, '\n');
    if (e) { *e = 0; *cur = e + 1; } else *cur = s + strlen(s);
    return s;
}

static void upcase(char *s) { for (; *s; s++) *s = (char)toupper((unsigned char)*s); }
static void rtrim(char *s) { size_t n = strlen(s); while (n && isspace((unsigned char)s[n-1])) s[--n] = 0; }
/* cut a ';' comment (not inside brackets) */
static void cut_comment(char *s) { char *c = strchr(s, ';'); if (c) *c = 0; rtrim(s); }

/* ---------- verbs ---------- */

static int load_verbs_from(dy_tabari *t, const char *path, char *buf);
static char *copy_buf(const char *path, const char *buf, size_t len, char *err, size_t errlen);

int dy_tabari_load_verbs(dy_tabari *t, const char *path, char *err, size_t errlen)
{
    size_t len; char *buf = slurp(path, &len, err, errlen);
    if (!buf) return -1;
    return load_verbs_from(t, path, buf);
}

int dy_tabari_load_verbs_buf(dy_tabari *t, const char *path, const char *bytes, size_t len, char *err, size_t errlen)
{
    char *buf = copy_buf(path, bytes, len, err, errlen);
    if (!buf) return -1;
    return load_verbs_from(t, path, buf);
}

/* buf: the file's bytes (slurp() or copy_buf()), freed here. */
static int load_verbs_from(dy_tabari *t, const char *path, char *buf)
{
    char *cur = buf, *ln; int line = 0, added = 0, sect = 0, verb = -1, syn = -1;
    pctx c = { &t->mem, t, path, 0, NULL, NULL, 0 };
    while ((ln = nextline(&cur))) {
        line++;
        cut_comment(ln); upcase(ln);
        char *s = ln; while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '#') continue;
        if (strncmp(s, "~~", 2) == 0) break;
        if (*s == '<') {
            if (strncmp(s, "<SYNSETS>", 9) == 0) sect = 1;
            else if (strncmp(s, "<TIME>", 6) == 0) sect = 2;
            else if (s[1] == '/') sect = 0;
            continue;
        }
        c.line = line; c.base = ln; c.err = NULL;
        if (sect == 2) {
            /* <TIME>: only the discard / complex phrases matter when time shifting is off */
            char *br2 = strchr(s, '[');
            if (*s == '-' || !br2) continue;
            tb_code tc;
            if (parse_code(br2, &tc) < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(br2 - ln) + 1, "unterminated [code"); continue; }
            if (strcmp(tc.c1, "###") && strcmp(tc.c1, "+++")) continue;
            *br2 = 0;
            const char *p = s; tb_seq ts;
            if (parse_seq(&c, &p, &ts, 0) < 0 || *p || !ts.n || ts.e[0].type != E_LIT) continue;
            GROW(t->verbs, t->nverb, t->capverb);
            tb_verb *tv = &t->verbs[t->nverb];
            memset(tv, 0, sizeof *tv); tv->code = tc; tv->line = line; tv->global = 1;
            if (add_root(t, ts, t->nverb++) < 0) { free(buf); return -1; }
            continue;
        }
        if (sect == 1) {
            if (*s == '&') {
                char *q = s + 1; while (isword((unsigned char)*q)) q++;
                syn = find_syn(t, s + 1, (size_t)(q - s - 1), 1);
                if (syn < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, 1, "bad synset name"); continue; }
            } else if (*s == '+') {
                if (syn < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(s - ln) + 1, "synset member before any &SET"); continue; }
                const char *p = s + 1; tb_seq q;
                if (parse_seq(&c, &p, &q, 0) < 0 || *p) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, c.err ? c.errcol : (int)(p - ln) + 1, c.err ? c.err : "unexpected character in synset member"); continue; }
                tb_syn *y = &t->syns[syn];
                if (y->nm >= y->capm) { int nc = y->capm ? y->capm * 2 : 8; tb_seq *z = realloc(y->m, (size_t)nc * sizeof *z); if (!z) { free(buf); return -1; } y->m = z; y->capm = nc; }
                y->m[y->nm++] = q;
            } else { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(s - ln) + 1, "expected &SET or +member in <SYNSETS>"); continue; }
            continue;
        }
        if (*s == '{') {   /* verb forms */
            if (verb < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(s - ln) + 1, "verb forms before any verb"); continue; }
            char *q = strchr(s, '}');
            if (!q) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(s - ln) + 1, "unterminated { verb forms"); continue; }
            *q = 0;
            char *w = s + 1;
            for (;;) {
                while (*w == ' ' || *w == '\t') w++;
                if (!*w) break;
                char *we = w; while (*we && *we != ' ' && *we != '\t') we++;
                char sv = *we; *we = 0;
                const char *p = w; tb_seq fs;
                if (parse_seq(&c, &p, &fs, 0) < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(w - ln) + 1, c.err ? c.err : "bad verb form"); break; }
                if (add_root(t, fs, verb) < 0) { free(buf); return -1; }
                *we = sv; w = we;
            }
            continue;
        }
        char *br = strchr(s, '[');
        if (!br) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)strlen(ln) + 1, "missing [code]"); continue; }
        tb_code code;
        if (parse_code(br, &code) < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, (int)(br - ln) + 1, "unterminated [code"); continue; }
        *br = 0;
        if (*s == '-') {
            if (verb < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, 1, "pattern before any verb"); continue; }
            const char *p = s + 1; tb_seq all;
            if (parse_seq(&c, &p, &all, 0) < 0 || *p) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, c.err ? c.errcol : (int)(p - ln) + 1, c.err ? c.err : "unexpected character in pattern"); continue; }
            int star = -1;
            for (int i = 0; i < all.n; i++) if (all.e[i].type == E_VERB) { star = i; break; }
            if (star < 0) { note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, 1, "pattern without *"); continue; }
            tb_verb *v = &t->verbs[verb];
            if (v->npat >= v->cappat) { int nc = v->cappat ? v->cappat * 2 : 4; tb_pat *z = realloc(v->pats, (size_t)nc * sizeof *z); if (!z) { free(buf); return -1; } v->pats = z; v->cappat = nc; }
            tb_pat *pt = &v->pats[v->npat++];
            pt->lower.e = all.e; pt->lower.n = star;
            pt->upper.e = all.e + star + 1; pt->upper.n = all.n - star - 1;
            pt->lower_consec = star > 0 ? all.e[star-1].consec : 0;
            pt->upper_consec = all.e[star].consec;
            pt->code = code; pt->line = line;
            added++;
            continue;
        }
        /* a verb root */
        const char *p = s; tb_seq rs;
        if (parse_seq(&c, &p, &rs, 0) < 0 || *p || !rs.n || rs.e[0].type != E_LIT) {
            note_bad(&t->nbad, t->bad, sizeof t->bad, path, line, c.err ? c.errcol : (int)(p - ln) + 1, c.err ? c.err : "bad verb root"); verb = -1; continue;
        }
        GROW(t->verbs, t->nverb, t->capverb);
        tb_verb *v = &t->verbs[t->nverb];
        memset(v, 0, sizeof *v); v->code = code; v->line = line;
        verb = t->nverb++;
        if (add_root(t, rs, verb) < 0) { free(buf); return -1; }
        added++;
    }
    free(buf);
    return added;
}

/* ---------- actors and agents ---------- */

/* Parse one "[CODE date]" block at p; returns 0 or -1 with *msg. */
static int parse_acode(const char *p, tb_acode *a, int agents, uint8_t *prefix, const char **msg)
{
    memset(a, 0, sizeof *a);
    p++;
    while (*p == ' ' || *p == '\t') p++;
    size_t n = 0;
    if (*p == '~') { p++; while (*p == ' ') p++; }
    while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '#' || *p == '+' || *p == '/') && n + 1 < sizeof a->code) {
        if (*p == '-' && isdigit((unsigned char)p[1])) break;
        a->code[n++] = *p++;
    }
    a->code[n] = 0;
    if (*p == '~') { if (prefix) *prefix = 1; p++; }
    if (!n) { *msg = "code block without a code"; return -1; }
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '<' || *p == '>') {
        char op = *p++; while (*p == ' ') p++;
        const char *d = p; while (isdigit((unsigned char)*p)) p++;
        int32_t v = dy_tabari_date(d, (size_t)(p - d));
        if (!v) { *msg = "bad date in code block"; return -1; }
        if (op == '<') a->to = v - 1; else a->from = v + 1;
    } else if (isdigit((unsigned char)*p)) {
        const char *d = p; while (isdigit((unsigned char)*p)) p++;
        int32_t v1 = dy_tabari_date(d, (size_t)(p - d));
        while (*p == ' ') p++;
        if (*p != '-') { *msg = "expected '-' in date range"; return -1; }
        p++; while (*p == ' ') p++;
        d = p; while (isdigit((unsigned char)*p)) p++;
        int32_t v2 = dy_tabari_date(d, (size_t)(p - d));
        if (!v1 || !v2) { *msg = "bad date in code block"; return -1; }
        a->from = v1; a->to = v2;
    }
    while (*p == ' ' || *p == '\t') p++;
    if (*p != ']') { *msg = "unterminated code block"; return -1; }
    (void)agents;
    return 0;
}

static int add_word(dy_tabari *t, tb_hash *h, const char *s)
{
    char w[128]; size_t n = 0;
    while (*s && !isspace((unsigned char)*s) && n + 1 < sizeof w) { w[n++] = *s == '_' ? ' ' : *s; s++; }
    uint8_t closed = 0, exact = 0;
    while (n && w[n-1] == ' ') { n--; closed = 1; }
    if (n && w[n-1] == '=') { n--; exact = 1; }
    w[n] = 0;
    if (!n) return 0;
    char *sp = strchr(w, ' '); if (sp) *sp = 0;   /* index by first word; multiword nouns keep first word only */
    GROW(t->words, t->nword, t->capword);
    int *slot = hslot(h, w, 1, &t->mem);
    if (!slot) return -1;
    tb_word *x = &t->words[t->nword];
    x->w = dy_arena_strndup(&t->mem, w, strlen(w)); if (!x->w) return -1;
    x->closed = closed || sp; x->exact = exact; x->next = *slot; *slot = t->nword++;
    return 1;
}

/* Shared reader for actor/agent files: calls back per name with its codes. */
typedef int (*name_cb)(void *u, const char *name, const tb_acode *codes, int ncodes, uint8_t prefix, int line, int person);

/* A code block's codes well formed (strict loads through --dict)?  0, or -1 with err. */
static int check_acode(const char *path, int line, int col, const char *code, int agents, char *err, size_t errlen)
{
    const char *why;
    /* null and complex codes are skipped by the loader; ### (discard) means something for actors only */
    if (!strcmp(code, "---") || !strcmp(code, "+++") || (!agents && !strcmp(code, "###"))) return 0;
    if (!dy_actor_code_ok(agents ? DY_AK_AGENT : DY_AK_COUNTRY, code, strlen(code), 1, &why)) {
        char msg[200], esc[64];
        snprintf(msg, sizeof msg, "bad %s code \"%s\" (%s)", agents ? "agent" : "actor", dy_escape(code, strlen(code), esc, sizeof esc), why);
        seterr(err, errlen, path, line, col, msg);
        return -1;
    }
    return 0;
}

/* The bytes of a file (len at buf) as slurp() leaves them: a copy, NUL and CR as spaces, BOM skipped. */
static char *copy_buf(const char *path, const char *buf, size_t len, char *err, size_t errlen)
{
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;
    char *b = malloc(len + 1);
    if (!b) { seterr(err, errlen, path, 0, 0, "out of memory"); return NULL; }
    memcpy(b, buf, len);
    b[len] = 0;
    for (size_t i = 0; i < len; i++) if (b[i] == 0 || b[i] == '\r') b[i] = ' ';
    return b;
}

/* buf: the file's bytes (slurp() or copy_buf()), freed here. */
static int read_actor_buf(const char *path, char *buf, int agents, int strict, void *u, name_cb cb, dy_tabari_counts *cnt,
                          dy_tabari *t, int *nbad, char *bad, size_t badlen, char *err, size_t errlen);

static int read_actor_file(const char *path, int agents, void *u, name_cb cb, dy_tabari_counts *cnt,
                           dy_tabari *t, int *nbad, char *bad, size_t badlen, char *err, size_t errlen)
{
    size_t len; char *buf = slurp(path, &len, err, errlen);
    if (!buf) return -1;
    return read_actor_buf(path, buf, agents, 0, u, cb, cnt, t, nbad, bad, badlen, err, errlen);
}

static int read_actor_buf(const char *path, char *buf, int agents, int strict, void *u, name_cb cb, dy_tabari_counts *cnt,
                          dy_tabari *t, int *nbad, char *bad, size_t badlen, char *err, size_t errlen)
{
    char *cur = buf, *ln; int line = 0, added = 0, sect = 0, person = 0;
    /* pending block: names waiting for codes */
    enum { MAXN = 64, MAXC = 16 };
    char *names[MAXN]; int nlines[MAXN]; int nn = 0;
    tb_acode codes[MAXC]; int nc = 0; uint8_t prefix = 0;
    int rc = 0;
#define FLUSH() do { if (nn) { if (!nc) note_bad(nbad, bad, badlen, path, nlines[0], 1, "actor without a code (skipped)"); \
        else for (int i_ = 0; i_ < nn; i_++) { int r_ = cb ? cb(u, names[i_], codes, nc, prefix, nlines[i_], person) : 0; \
            if (r_ == -2) { seterr(err, errlen, path, nlines[i_], 1, "out of memory"); rc = -1; goto out; } \
            if (r_ < 0) note_bad(nbad, bad, badlen, path, nlines[i_], 1, "bad actor name (skipped)"); else added++; } \
        person++; } nn = 0; nc = 0; prefix = 0; } while (0)
    while ((ln = nextline(&cur))) {
        line++;
        char *s = ln; while (*s == ' ' || *s == '\t') s++;
        if (*s == '#' || *s == ';') continue;
        cut_comment(s); upcase(s);
        if (!*s) continue;
        if (strncmp(s, "~~", 2) == 0) break;
        if (*s == '<') {
            FLUSH();
            if (strncmp(s, "<NOUN>", 6) == 0) sect = 1;
            else if (strncmp(s, "<ADJECTIVE>", 11) == 0) sect = 2;
            else sect = 0;
            continue;
        }
        if (sect) {
            if (cnt) { if (sect == 1) cnt->nouns++; else cnt->adjectives++; }
            if (t && add_word(t, sect == 1 ? &t->hnoun : &t->hadj, s) < 0) { rc = -1; seterr(err, errlen, path, line, 1, "out of memory"); goto out; }
            continue;
        }
        char *br = strchr(s, '[');
        if (*s == '+') {   /* synonym */
            if (!nn) { note_bad(nbad, bad, badlen, path, line, (int)(s - ln) + 1, "synonym without a preceding actor (skipped)"); continue; }
            if (nc) { /* codes already given: synonym belongs to the same block only before codes */ }
            s++;
        } else if (*s != '[') {
            FLUSH();
        }
        if (*s != '[') {
            char *e = br ? br : s + strlen(s);
            while (e > s && isspace((unsigned char)e[-1])) e--;
            if (e > s) {
                if (nn >= MAXN) { note_bad(nbad, bad, badlen, path, line, 1, "too many synonyms in one block (skipped)"); continue; }
                names[nn] = s; nlines[nn] = line; nn++;
                char sv = *e; *e = 0;
                if (cnt) { if (agents) cnt->agents++; else cnt->actors++; }
                (void)sv;
                /* names[] points into buf; e was NUL'ed: brackets follow after */
                if (br && br == e) { /* restore to parse codes below */ }
                if (br) s = br; else s = e;
                if (br && br != e) { /* e < br: there is whitespace; fine */ }
            }
        }
        while (br && *s) {
            while (*s == ' ' || *s == '\t') s++;
            if (!*s) break;
            if (*s != '[') { note_bad(nbad, bad, badlen, path, line, (int)(s - ln) + 1, "unexpected text after code block (ignored)"); break; }
            if (nc >= MAXC) { note_bad(nbad, bad, badlen, path, line, (int)(s - ln) + 1, "too many code blocks (ignored)"); break; }
            const char *msg = NULL;
            if (parse_acode(s, &codes[nc], agents, &prefix, &msg) < 0) note_bad(nbad, bad, badlen, path, line, (int)(s - ln) + 1, msg);
            else if (strict && check_acode(path, line, (int)(s - ln) + 2, codes[nc].code, agents, err, errlen) < 0) { rc = -1; goto out; }
            else nc++;
            char *q = strchr(s, ']'); s = q ? q + 1 : s + strlen(s);
        }
    }
    FLUSH();
out:
#undef FLUSH
    free(buf);
    return rc < 0 ? -1 : added;
}

typedef struct tload { dy_tabari *t; int agents; } tload;

static int grow_actor(dy_tabari *t, int ncodes)
{
    GROW(t->actors, t->nact, t->capact);
    while (t->nacode + ncodes > t->capacode) { int nc = t->capacode ? t->capacode * 2 : 256;
        tb_acode *q = realloc(t->acodes, (size_t)nc * sizeof *q); if (!q) return -1; t->acodes = q; t->capacode = nc; }
    return 0;
}

static int tb_name_cb(void *u, const char *name, const tb_acode *codes, int ncodes, uint8_t prefix, int line, int person)
{
    tload *L = u; dy_tabari *t = L->t;
    (void)line; (void)person;
    char tmp[512]; scpy(tmp, sizeof tmp, name);
    pctx c = { &t->mem, t, NULL, line, tmp, NULL, 0 };
    const char *p = tmp; tb_seq s;
    if (parse_seq(&c, &p, &s, 0) < 0 || !s.n) return -1;
    for (int i = 0; i < s.n; i++) if (s.e[i].type != E_LIT) return -1;
    if (grow_actor(t, ncodes) < 0) return -2;
    for (int i = 0; i < ncodes; i++) t->acodes[t->nacode++] = codes[i];
    int *slot = hslot(&t->hact, s.e[0].w, 1, &t->mem);
    if (!slot) return -2;
    tb_actor *a = &t->actors[t->nact];
    a->s = s; a->agent = L->agents; a->prefix = prefix; a->codes = t->nacode - ncodes; a->ncodes = ncodes;
    a->order = t->nact; a->next = *slot; *slot = t->nact++;
    return 0;
}

int dy_tabari_load_actor_file(dy_tabari *t, const char *path, int agents, char *err, size_t errlen)
{
    tload L = { t, agents };
    return read_actor_file(path, agents, &L, tb_name_cb, NULL, t, &t->nbad, t->bad, sizeof t->bad, err, errlen);
}

int dy_tabari_load_actor_buf(dy_tabari *t, const char *path, const char *bytes, size_t len, int agents, char *err, size_t errlen)
{
    tload L = { t, agents };
    char *buf = copy_buf(path, bytes, len, err, errlen);
    if (!buf) return -1;
    return read_actor_buf(path, buf, agents, 0, &L, tb_name_cb, NULL, t, &t->nbad, t->bad, sizeof t->bad, err, errlen);
}

/* dyad's actor dictionary */
typedef struct dload { dy_actordict *d; int file; int agents; int last_person, pid; char *err; size_t errlen; } dload;

static int dy_name_cb(void *u, const char *name, const tb_acode *codes, int ncodes, uint8_t prefix, int line, int person)
{
    dload *L = u;
    char nm[512]; size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof nm; p++) {
        if (*p == '_' || *p == '=') { if (n && nm[n-1] != ' ') nm[n++] = ' '; }
        else nm[n++] = *p;
    }
    while (n && nm[n-1] == ' ') n--;
    nm[n] = 0;
    if (!n) return 0;
    int multi = 0;
    for (int i = 0; i < ncodes; i++) if (codes[i].from || codes[i].to) multi = 1;
    if (person != L->last_person) { L->last_person = person; L->pid = -1; }
    for (int i = 0; i < ncodes; i++) {
        const char *code = codes[i].code;
        int kind;
        if (L->agents) kind = DY_AK_AGENT;
        else if (strcmp(code, "###") == 0) kind = DY_AK_DISCARD;
        else if (multi) kind = DY_AK_PERSON;
        else if (strlen(code) == 3) kind = DY_AK_COUNTRY;
        else kind = DY_AK_ORG;
        if (strcmp(code, "---") == 0 || strcmp(code, "+++") == 0) continue;
        int idx = dy_actordict_add(L->d, kind, code, codes[i].from, codes[i].to, nm, n, L->file, (uint32_t)line,
                                   kind == DY_AK_PERSON ? L->pid : -1, L->err, L->errlen);
        if (idx < 0) return -2;
        if (kind == DY_AK_PERSON && L->pid < 0) L->pid = L->d->e[idx].person;
        if (L->agents) L->d->e[idx].prefix_role = prefix ? 1 : 2;
    }
    return 0;
}

int dy_tabari_load_actors_buf(dy_actordict *d, const char *path, const char *buf, size_t len, int agents, int strict,
                              int *nbad, char *first_bad, size_t badlen, char *err, size_t errlen)
{
    dload L = { d, dy_actordict_file(d, path), agents, -1, -1, err, errlen };
    if (L.file < 0) { seterr(err, errlen, path, 0, 0, "out of memory"); return -1; }
    char e2[256] = "";
    L.err = e2; L.errlen = sizeof e2;
    char *b = copy_buf(path, buf, len, err, errlen);
    if (!b) return -1;
    int r = read_actor_buf(path, b, agents, strict, &L, dy_name_cb, NULL, NULL, nbad, first_bad, badlen, err, errlen);
    if (r < 0 && e2[0] && err) snprintf(err + strlen(err), errlen > strlen(err) ? errlen - strlen(err) : 0, " (%s)", e2);
    return r;
}

int dy_tabari_load_actors(dy_actordict *d, const char *path, int agents, char *err, size_t errlen)
{
    dload L = { d, dy_actordict_file(d, path), agents, -1, -1, err, errlen };
    if (L.file < 0) { seterr(err, errlen, path, 0, 0, "out of memory"); return -1; }
    char e2[256] = "";
    L.err = e2; L.errlen = sizeof e2;
    int nbad = 0;
    int r = read_actor_file(path, agents, &L, dy_name_cb, NULL, NULL, &nbad, NULL, 0, err, errlen);
    if (r < 0 && e2[0] && err) snprintf(err + strlen(err), errlen > strlen(err) ? errlen - strlen(err) : 0, " (%s)", e2);
    return r;
}

int dy_tabari_count_buf(const char *path, const char *buf, size_t len, int kind, dy_tabari_counts *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char *b = copy_buf(path, buf, len, err, errlen);
    if (!b) return -1;
    if (kind == 2) {
        char *cur = b, *ln; int sect = 0;
        while ((ln = nextline(&cur))) {
            char *s = ln; while (*s == ' ' || *s == '\t') s++;
            cut_comment(s);
            if (!*s || *s == '#') continue;
            if (strncmp(s, "~~", 2) == 0) break;
            if (*s == '<') { sect = strncmp(s, "<SYNSETS>", 9) == 0 ? 1 : strncmp(s, "<TIME>", 6) == 0 ? 2 : 0; continue; }
            if (sect == 1) { if (*s == '&') c->synsets++; else if (*s == '+') c->members++; continue; }
            if (sect == 2) { c->times++; continue; }
            if (*s == '-') c->patterns++;
            else if (*s == '{') {
                for (char *w = s + 1; *w && *w != '}'; ) {
                    while (*w == ' ' || *w == '\t') w++;
                    if (!*w || *w == '}') break;
                    c->forms++;
                    while (*w && *w != ' ' && *w != '\t' && *w != '}') w++;
                }
            } else c->verbs++;
        }
        free(b);
        return 0;
    }
    int nbad = 0;
    return read_actor_buf(path, b, kind == 1, 0, NULL, NULL, c, NULL, &nbad, NULL, 0, err, errlen) < 0 ? -1 : 0;
}

/* ---------- counts ---------- */

/* How counts are defined (tests/test_tabari.c checks them independently):
 *   actors/agents: every name line (a line starting a block, or a "+"
 *     synonym), outside <NOUN>/<ADJECTIVE>, '#' and ';' comment lines and
 *     lines that hold only code blocks; up to "~~".
 *   verbs: root lines (not starting with '-', '{', '&', '+', '<', '#', ';'),
 *     outside <SYNSETS> and <TIME>; patterns: lines starting with '-';
 *     forms: words inside { } lines; synsets: '&' lines in <SYNSETS>,
 *     members: '+' lines there; times: entries in <TIME>. */
int dy_tabari_count_file(const char *path, dy_tabari_counts *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    size_t pl = strlen(path);
    if (pl > 6 && strcmp(path + pl - 6, ".verbs") == 0) {
        /* the same counting as for a buffer (dy_tabari_count_buf, kind 2) */
        size_t len; char *buf = slurp(path, &len, err, errlen);
        if (!buf) return -1;
        int r = dy_tabari_count_buf(path, buf, len, 2, c, err, errlen);
        free(buf);
        return r;
    }
    int agents = pl > 7 && strcmp(path + pl - 7, ".agents") == 0;
    int nbad = 0;
    return read_actor_file(path, agents, NULL, NULL, c, NULL, &nbad, NULL, 0, err, errlen) < 0 ? -1 : 0;
}

/* ---------- options and project ---------- */

static const char *kv_int(const char *s, const char *key, int *out)
{
    const char *p = strstr(s, key);
    if (!p) return NULL;
    p += strlen(key);
    while (*p == ' ' || *p == '=' || *p == '[') p++;
    if (!isdigit((unsigned char)*p)) return NULL;
    *out = atoi(p);
    return p;
}

static int is_true(const char *s) { const char *e = strchr(s, '='); return e && strstr(e, "TRUE") != NULL; }

int dy_tabari_option(dy_tabari *t, const char *cmd, char *err, size_t errlen)
{
    char b[512]; scpy(b, sizeof b, cmd); upcase(b);
    char *s = b; while (isspace((unsigned char)*s)) s++;
    rtrim(s);
    if (!*s || strncmp(s, "//", 2) == 0) return 0;
    if (strncmp(s, "COMPLEX:", 8) == 0) {
        t->cx_verbs = 0; t->cx_conj = 0;
        kv_int(s, "VERBS", &t->cx_verbs); kv_int(s, "CONJ", &t->cx_conj);
        t->noactprior = strstr(s, "NOACTPRIOR") != NULL;
        return 0;
    }
    if (strncmp(s, "COMMA:", 6) == 0) {
        if (strstr(s, "OFF")) { t->comma_min = t->comma_emin = t->comma_bmin = 255; t->comma_max = t->comma_emax = t->comma_bmax = 0; return 0; }
        kv_int(s, " MIN", &t->comma_min); kv_int(s, " MAX", &t->comma_max);
        kv_int(s, "EMIN", &t->comma_emin); kv_int(s, "EMAX", &t->comma_emax);
        kv_int(s, "BMIN", &t->comma_bmin); kv_int(s, "BMAX", &t->comma_bmax);
        return 0;
    }
    if (strncmp(s, "DEFAULT:", 8) == 0) {
        if (strstr(s, "OFF")) { t->def_on = 0; t->def_src[0] = t->def_tgt[0] = 0; t->def_prior = t->def_after = 0; return 0; }
        const char *p = strstr(s, "SOURCE");
        if (p && (p = strchr(p, '['))) sscanf(p + 1, "%23[^]]", t->def_src);
        p = strstr(s, "TARGET");
        if (p && (p = strchr(p, '['))) sscanf(p + 1, "%23[^]]", t->def_tgt);
        t->def_prior = strstr(s, "PRIOR") != NULL; t->def_after = strstr(s, "AFTER") != NULL;
        t->def_on = 1;
        return 0;
    }
    if (strncmp(s, "SET:", 4) == 0) {
        if (strstr(s, "MINIMUM WORDS")) { kv_int(s, "MINIMUM WORDS", &t->min_words); return 0; }
        if (strstr(s, "CONVERT AGENT")) { t->convert_agent = is_true(s); return 0; }
        if (strstr(s, "YYYY")) { t->yyyy = is_true(s); return 0; }
        return 0;   /* other SET: switches do not change coding here */
    }
    if (strncmp(s, "OUTPUT:", 7) == 0 || strncmp(s, "LABEL:", 6) == 0 || strncmp(s, "FORWARD:", 8) == 0) return 0;
    if (err && errlen) snprintf(err, errlen, "unknown option command: %.60s", s);
    return -1;
}

int dy_tabari_load_options(dy_tabari *t, const char *path, char *err, size_t errlen)
{
    size_t len; char *buf = slurp(path, &len, err, errlen);
    if (!buf) return -1;
    char *cur = buf, *ln; int line = 0, n = 0;
    while ((ln = nextline(&cur))) {
        line++;
        if (strncmp(ln, "~~", 2) == 0) break;
        char e2[160];
        if (dy_tabari_option(t, ln, e2, sizeof e2) < 0) { seterr(err, errlen, path, line, 1, e2); free(buf); return -1; }
        n++;
    }
    free(buf);
    return n;
}

int dy_tabari_load_project(dy_tabari *t, const char *path, char *textfile, size_t cap, char *err, size_t errlen)
{
    size_t len; char *buf = slurp(path, &len, err, errlen);
    if (!buf) return -1;
    char dir[1024]; scpy(dir, sizeof dir, path);
    char *sl = strrchr(dir, '/'); if (sl) sl[1] = 0; else dir[0] = 0;
    char *cur = buf, *ln; int line = 0, total = 0;
    if (textfile && cap) textfile[0] = 0;
    while ((ln = nextline(&cur))) {
        line++;
        char *s = ln; while (isspace((unsigned char)*s)) s++;
        if (*s != '<') continue;
        char key[32], val[512];
        if (sscanf(s, "<%31[^>]> %511s", key, val) != 2) continue;
        char full[1600]; snprintf(full, sizeof full, "%s%s", val[0] == '/' ? "" : dir, val);
        int r = 0;
        if (strcmp(key, "actorsfile") == 0) r = dy_tabari_load_actor_file(t, full, 0, err, errlen);
        else if (strcmp(key, "agentsfile") == 0) r = dy_tabari_load_actor_file(t, full, 1, err, errlen);
        else if (strcmp(key, "verbsfile") == 0) r = dy_tabari_load_verbs(t, full, err, errlen);
        else if (strcmp(key, "optionsfile") == 0) r = dy_tabari_load_options(t, full, err, errlen);
        else if (strcmp(key, "textfile") == 0) { if (textfile && cap) snprintf(textfile, cap, "%s", full); continue; }
        else continue;
        if (r < 0) { free(buf); return -1; }
        total += r;
    }
    free(buf);
    return total;
}

dy_tabari *dy_tabari_new(void)
{
    dy_tabari *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    dy_arena_init(&t->mem, 1 << 16);
    t->comma_min = 2; t->comma_max = 10; t->comma_emin = 2; t->comma_emax = 10;
    t->comma_bmin = 255; t->comma_bmax = 0;
    t->min_words = 8;
    return t;
}

void dy_tabari_free(dy_tabari *t)
{
    if (!t) return;
    for (int i = 0; i < t->nverb; i++) free(t->verbs[i].pats);
    for (int i = 0; i < t->nsyn; i++) free(t->syns[i].m);
    free(t->verbs); free(t->roots); free(t->actors); free(t->acodes); free(t->syns); free(t->words);
    hfree(&t->hroot); hfree(&t->hact); hfree(&t->hnoun); hfree(&t->hadj);
    dy_arena_free(&t->mem);
    free(t);
}

/* ================= the coder ================= */

enum { MAXTOK = 256, MAXSPAN = 128 };
typedef struct tk { char w[48]; uint8_t comma, poss, cap, dead; } tk;
enum { SP_ACTOR = 1, SP_AGENT, SP_PRON };
typedef struct span {
    int s, e, type, actor, group;
    char code[48];
    int attached;          /* agent: used */
} span;

typedef struct sent {
    tk t[MAXTOK]; int n;
    span sp[MAXSPAN]; int nsp;
    int at[MAXTOK];        /* span index covering token, -1 */
    int vroot[MAXTOK];     /* verb: root index starting here, -1 */
    int vend[MAXTOK];
    int conj[MAXTOK];      /* 1 = clause-splitting conjunction */
    int gfirst[MAXSPAN], gnext[MAXSPAN];   /* group lists of actor spans */
    int allcaps;
    int32_t date;
} sent;

static int is_in(const char *w, const char *const *list)
{
    for (; *list; list++) if (strcmp(w, *list) == 0) return 1;
    return 0;
}
static const char *const DETS[] = { "THE", "A", "AN", NULL };
static const char *const PRONS[] = { "HE", "HIM", "HIS", "SHE", "HER", "IT", "ITS", "THEY", "THEM", "THEIR", NULL };
static const char *const CONJS[] = { "AND", "BUT", "OR", "NOR", NULL };
static const char *const BES[] = { "WAS", "WERE", "BEEN", "BEING", "IS", "ARE", "BE", NULL };

static int ending_ok(const char *rest, const char *w)
{
    static const char *const END[] = { "", "S", "ES", "ED", "EN", "ING", NULL };
    if (is_in(rest, END)) return 1;
    size_t n = strlen(w);
    if (n && w[n-1] == 'E' && (strcmp(rest, "D") == 0 || strcmp(rest, "N") == 0 || strcmp(rest, "S") == 0)) return 1;
    return 0;
}

static int wmatch(const char *tok, const char *w, int closed, int exact)
{
    size_t n = strlen(w);
    if (strncmp(tok, w, n) != 0) {
        /* E-dropping before ING: DEPLORE_ ~ DEPLORING */
        if (closed && !exact && n > 1 && w[n-1] == 'E' && strncmp(tok, w, n - 1) == 0 && strcmp(tok + n - 1, "ING") == 0) return 1;
        return 0;
    }
    if (exact) return tok[n] == 0;
    if (closed) return ending_ok(tok + n, w);
    return 1;
}

static int tok_word(const sent *S, int i) { return i >= 0 && i < S->n && !S->t[i].comma && !S->t[i].poss; }

static int elem_match(const sent *S, int i, const tb_elem *e)
{
    return tok_word(S, i) && wmatch(S->t[i].w, e->w, e->closed, e->exact);
}
/* inside verb patterns and synsets a closed word takes no endings */
static int pelem_match(const sent *S, int i, const tb_elem *e)
{
    return tok_word(S, i) && wmatch(S->t[i].w, e->w, e->closed, e->exact || e->closed);
}

/* Match an all-literal sequence starting at token i (first word already
 * known to match); returns end token (exclusive) or -1.  Open gaps do not
 * cross commas. */
static int lit_seq(const sent *S, const tb_seq *s, int i)
{
    if (!elem_match(S, i, &s->e[0])) return -1;
    int pos = i + 1;
    for (int k = 1; k < s->n; k++) {
        const tb_elem *e = &s->e[k];
        if (e->type != E_LIT) return -1;
        if (s->e[k-1].consec) {
            if (!elem_match(S, pos, e)) return -1;
            pos++;
        } else {
            int q = pos;
            while (q < S->n && !S->t[q].comma && !elem_match(S, q, e)) q++;
            if (q >= S->n || S->t[q].comma) return -1;
            pos = q + 1;
        }
    }
    return pos;
}

static int word_in(const dy_tabari *t, const tb_hash *h, const char *tok)
{
    char key[48]; size_t n = strlen(tok);
    for (size_t L = 1; L <= n && L < sizeof key; L++) {
        memcpy(key, tok, L); key[L] = 0;
        for (int k = hget(h, key); k >= 0; k = t->words[k].next)
            if (wmatch(tok, t->words[k].w, t->words[k].closed, t->words[k].exact)) return 1;
    }
    return 0;
}

static const char *actor_code(const dy_tabari *t, const tb_actor *a, int32_t date)
{
    for (int i = 0; i < a->ncodes; i++) {
        const tb_acode *c = &t->acodes[a->codes + i];
        if ((!c->from || date >= c->from) && (!c->to || date <= c->to)) return c->code;
    }
    return NULL;
}

/* best actor/agent at token i: returns actor index and *end */
static int find_actor(const dy_tabari *t, const sent *S, int i, int want_agent, int *end)
{
    char key[48]; size_t n = strlen(S->t[i].w);
    int best = -1, bestn = 0, bestend = 0;
    for (size_t L = 1; L <= n && L < sizeof key; L++) {
        memcpy(key, S->t[i].w, L); key[L] = 0;
        for (int k = hget(&t->hact, key); k >= 0; k = t->actors[k].next) {
            const tb_actor *a = &t->actors[k];
            if (a->agent != want_agent) continue;
            int e = lit_seq(S, &a->s, i);
            if (e < 0) continue;
            if (a->s.n > bestn || (a->s.n == bestn && a->order < t->actors[best].order)) { best = k; bestn = a->s.n; bestend = e; }
        }
    }
    *end = bestend;
    return best;
}

static int find_root(const dy_tabari *t, const sent *S, int i, int *end)
{
    char key[48]; size_t n = strlen(S->t[i].w);
    int best = -1, bestn = 0, bestend = 0;
    for (size_t L = 1; L <= n && L < sizeof key; L++) {
        memcpy(key, S->t[i].w, L); key[L] = 0;
        for (int k = hget(&t->hroot, key); k >= 0; k = t->roots[k].next) {
            const tb_root *r = &t->roots[k];
            int e = lit_seq(S, &r->s, i);
            if (e < 0) continue;
            int sc = r->s.n * 100 + (int)strlen(r->s.e[0].w);
            if (sc > bestn || (sc == bestn && k < best)) { best = k; bestn = sc; bestend = e; }
        }
    }
    *end = bestend;
    return best;
}

/* ---------- tokenising ---------- */

static int tokenize(sent *S, const char *text, int *nwords)
{
    size_t len = strlen(text);
    dy_arena a; dy_arena_init(&a, 1 << 14);
    dy_token *tok = NULL; int trunc = 0;
    int n = dy_tokenize(&a, text, 0, (uint32_t)len, &tok, MAXTOK, &trunc);
    if (n < 0) { dy_arena_free(&a); return -1; }
    S->n = 0;
    int lower = 0, upper = 0;
    *nwords = 0;
    for (size_t i = 0; i < len; ) {
        while (i < len && isspace((unsigned char)text[i])) i++;
        if (i < len) (*nwords)++;
        while (i < len && !isspace((unsigned char)text[i])) i++;
    }
    for (int i = 0; i < n && S->n < MAXTOK; i++) {
        const char *s = tok[i].text; size_t l = tok[i].len;
        if (l == 1 && s[0] == ',') { tk *x = &S->t[S->n++]; memset(x, 0, sizeof *x); x->comma = 1; strcpy(x->w, ","); continue; }
        if (l == 2 && s[0] == '\'' && (s[1] == 's' || s[1] == 'S')) { tk *x = &S->t[S->n++]; memset(x, 0, sizeof *x); x->poss = 1; strcpy(x->w, "'S"); continue; }
        if (l == 3 && (s[0] == 'n' || s[0] == 'N') && s[1] == '\'' && S->n > 0 && !S->t[S->n-1].comma) {
            tk *x = &S->t[S->n-1]; size_t wl = strlen(x->w);
            if (wl + 3 < sizeof x->w) { x->w[wl] = 'N'; x->w[wl+1] = '\''; x->w[wl+2] = 'T'; x->w[wl+3] = 0; }
            continue;
        }
        /* split on '-' and drop other punctuation */
        size_t a0 = 0;
        for (size_t k = 0; k <= l; k++) {
            if (k == l || s[k] == '-' || s[k] == '_' || s[k] == ',' || s[k] == '"' || s[k] == '(' || s[k] == ')') {
                if (k > a0) {
                    int alnum = 0;
                    for (size_t q = a0; q < k; q++) if (isalnum((unsigned char)s[q])) alnum = 1;
                    if (alnum && S->n < MAXTOK) {
                        tk *x = &S->t[S->n++]; memset(x, 0, sizeof *x);
                        size_t m = 0;
                        for (size_t q = a0; q < k && m + 1 < sizeof x->w; q++) {
                            char ch = s[q];
                            if (ch == '.' && q + 1 == k && (k - a0) > 2 && !strchr(s + a0, '.') ) continue;
                            x->w[m++] = (char)toupper((unsigned char)ch);
                            if (islower((unsigned char)ch)) lower = 1; else if (isupper((unsigned char)ch)) upper = 1;
                        }
                        /* drop a sentence-final period stuck to a word that is not an abbreviation */
                        if (m > 1 && x->w[m-1] == '.') { int dots = 0; for (size_t q = 0; q + 1 < m; q++) if (x->w[q] == '.') dots++; if (!dots) m--; }
                        x->w[m] = 0;
                        x->cap = isupper((unsigned char)s[a0]) ? 1 : 0;
                        if (!m) S->n--;
                    }
                }
                if (k < l && s[k] == ',' && S->n < MAXTOK) { tk *x = &S->t[S->n++]; memset(x, 0, sizeof *x); x->comma = 1; strcpy(x->w, ","); }
                a0 = k + 1;
            }
        }
    }
    S->allcaps = upper && !lower;
    dy_arena_free(&a);
    return 0;
}

/* ---------- comma clauses ---------- */

static void drop_commas(const dy_tabari *t, sent *S)
{
    int cm[MAXTOK], nc = 0;
    for (int i = 0; i < S->n; i++) if (S->t[i].comma) cm[nc++] = i;
    if (!nc) return;
    int del[MAXTOK] = {0};
    int w;
    w = 0; for (int q = 0; q < cm[0]; q++) if (tok_word(S, q)) w++;
    if (w >= t->comma_bmin && w <= t->comma_bmax) for (int q = 0; q <= cm[0]; q++) del[q] = 1;
    for (int j = 0; j + 1 < nc; j++) {
        w = 0; for (int q = cm[j] + 1; q < cm[j+1]; q++) if (tok_word(S, q)) w++;
        int nxt = cm[j+1] + 1;
        if (nxt < S->n && is_in(S->t[nxt].w, CONJS)) continue;
        if (w >= t->comma_min && w <= t->comma_max) for (int q = cm[j]; q < cm[j+1]; q++) del[q] = 1;
    }
    w = 0; for (int q = cm[nc-1] + 1; q < S->n; q++) if (tok_word(S, q)) w++;
    if (nc >= 2 && del[cm[nc-2]] && !del[cm[nc-1]] && cm[nc-2] > 0 && del[cm[nc-1] - 1]) w = -1;   /* closes an internal clause */
    if (w >= t->comma_emin && w <= t->comma_emax) for (int q = cm[nc-1]; q < S->n; q++) del[q] = 1;
    int m = 0;
    for (int i = 0; i < S->n; i++) if (!del[i]) S->t[m++] = S->t[i];
    S->n = m;
}

/* ---------- spans, agents, compounds ---------- */

static void chunk_join(char *out, size_t cap, const char *actor, const char *agent, int prefix)
{
    /* skip agent chunks (3 chars) already present in the actor code */
    char add[48] = ""; size_t al = strlen(agent), ac = strlen(actor);
    for (size_t i = 0; i < al; i += 3) {
        int found = 0;
        for (size_t j = 0; j + 3 <= ac; j += 3) if (strncmp(actor + j, agent + i, 3) == 0) found = 1;
        if (!found) strncat(add, agent + i, sizeof add - strlen(add) - 1 < 3 ? sizeof add - strlen(add) - 1 : 3);
    }
    if (prefix) snprintf(out, cap, "%s%s", add, actor);
    else snprintf(out, cap, "%s%s", actor, add);
}

static void build_spans(const dy_tabari *t, sent *S, int *discard, int *complex)
{
    S->nsp = 0;
    for (int i = 0; i < S->n; i++) { S->at[i] = -1; S->vroot[i] = -1; S->conj[i] = 0; }
    for (int i = 0; i < S->n && S->nsp < MAXSPAN; ) {
        if (!tok_word(S, i)) { i++; continue; }
        int end, k = find_actor(t, S, i, 0, &end);
        int type = SP_ACTOR; const char *code = NULL;
        if (k >= 0) {
            code = actor_code(t, &t->actors[k], S->date);
            if (!code || strcmp(code, "---") == 0) k = -1;
            else if (strcmp(code, "###") == 0) *discard = 1;
            else if (strcmp(code, "+++") == 0) *complex = 1;
        }
        if (k < 0) { k = find_actor(t, S, i, 1, &end); type = SP_AGENT; if (k >= 0) code = actor_code(t, &t->actors[k], S->date); }
        if (k < 0 && is_in(S->t[i].w, PRONS)) { type = SP_PRON; end = i + 1; code = ""; k = -2; }
        if (k == -1 || !code) { i++; continue; }
        span *p = &S->sp[S->nsp];
        memset(p, 0, sizeof *p);
        p->s = i; p->e = end; p->type = type; p->actor = k; p->group = -1;
        scpy(p->code, sizeof p->code, code);
        for (int q = i; q < end; q++) if (S->at[q] < 0) S->at[q] = S->nsp;
        S->nsp++;
        i = end > i ? end : i + 1;
    }
    /* agents: attach to a neighbouring actor */
    for (int a = 0; a < S->nsp; a++) {
        span *g = &S->sp[a];
        if (g->type != SP_AGENT) continue;
        int former = g->s > 0 && strcmp(S->t[g->s-1].w, "FORMER") == 0;
        int target = -1;
        for (int r = 0; r < S->nsp && target < 0; r++) {
            span *x = &S->sp[r];
            if (x->type != SP_ACTOR) continue;
            int gap = g->s - x->e;
            if (gap == 0) target = r;
            else if (gap > 0 && gap <= 2) {
                int ok = 1;
                for (int q = x->e; q < g->s; q++) if (!(S->t[q].poss || strcmp(S->t[q].w, "FORMER") == 0)) ok = 0;
                if (ok) target = r;
            }
        }
        for (int r = 0; r < S->nsp && target < 0; r++) {
            span *x = &S->sp[r];
            if (x->type != SP_ACTOR) continue;
            int gap = x->s - g->e;
            if (gap == 0) target = r;
            else if (gap == 1 && (strcmp(S->t[g->e].w, "OF") == 0 || strcmp(S->t[g->e].w, "IN") == 0)) target = r;
        }
        if (target < 0) {
            if (t->convert_agent) { char c2[48]; snprintf(c2, sizeof c2, "~%s", g->code); scpy(g->code, sizeof g->code, c2); g->type = SP_ACTOR; }
            continue;
        }
        span *x = &S->sp[target];
        if (x->e <= g->s) for (int q = x->e; q < g->s; q++) if (strcmp(S->t[q].w, "FORMER") == 0) former = 1;
        if (x->s > 0 && strcmp(S->t[x->s-1].w, "FORMER") == 0) former = 1;
        if (x->attached) continue;
        x->attached = 1; g->attached = 1;
        char out[48];
        uint8_t prefix = t->actors[g->actor].prefix;
        if (former) { chunk_join(out, sizeof out, x->code, "ELI", 0); }
        else chunk_join(out, sizeof out, x->code, g->code, prefix);
        scpy(x->code, sizeof x->code, out);
    }
    /* drop agent spans from the actor list (keep token coverage for verbs) */
    int m = 0;
    for (int a = 0; a < S->nsp; a++) {
        if (S->sp[a].type == SP_AGENT) continue;
        S->sp[m++] = S->sp[a];
    }
    for (int i = 0; i < S->n; i++) if (S->at[i] >= 0) S->at[i] = 0;   /* mark covered; index no longer used */
    S->nsp = m;
    /* compounds */
    int ng = 0;
    for (int a = 0; a < S->nsp; a++) {
        if (a > 0) {
            int ok = 1, conj = 0, adj = 0;
            int from = S->sp[a-1].e, to = S->sp[a].s;
            if (to <= from) ok = 0;
            for (int q = from; q < to && ok; q++) {
                const char *w = S->t[q].w;
                if (S->t[q].comma || is_in(w, CONJS)) conj++;
                else if (is_in(w, DETS)) ;
                else if (word_in(t, &t->hadj, w)) adj++;
                else ok = 0;
            }
            if (ok && (conj || adj)) {
                S->sp[a].group = S->sp[a-1].group;
                int g = S->sp[a].group, last = S->gfirst[g];
                while (S->gnext[last] >= 0) last = S->gnext[last];
                S->gnext[last] = a; S->gnext[a] = -1;
                for (int q = from; q < to; q++) if (is_in(S->t[q].w, CONJS)) S->conj[q] = -1;   /* inside a compound */
                continue;
            }
        }
        S->sp[a].group = ng; S->gfirst[ng] = a; S->gnext[a] = -1; ng++;
    }
    /* pronouns refer to the first actor group before them */
    for (int a = 0; a < S->nsp; a++) {
        if (S->sp[a].type != SP_PRON) continue;
        int ref = -1;
        for (int r = 0; r < a; r++) if (S->sp[r].type == SP_ACTOR) { ref = S->sp[r].group; break; }
        if (ref < 0) { S->sp[a].type = 0; continue; }
        S->sp[a].group = ref;   /* the pronoun stands for that whole group */
        S->sp[a].actor = -3;
    }
}

static void find_verbs(const dy_tabari *t, sent *S, int *discard, int *complex)
{
    for (int i = 0; i < S->n; i++) {
        S->vroot[i] = -1;
        if (!tok_word(S, i) || S->at[i] >= 0) continue;
        if (is_in(S->t[i].w, CONJS)) { if (S->conj[i] == 0) S->conj[i] = 1; continue; }
        int end, r = find_root(t, S, i, &end);
        if (r < 0) continue;
        const tb_verb *v = &t->verbs[t->roots[r].verb];
        if (strcmp(v->code.c1, "###") == 0) { *discard = 1; continue; }
        if (v->global) { if (strcmp(v->code.c1, "+++") == 0) *complex = 1; continue; }
        if (i + 1 < S->n && S->t[i+1].poss) continue;
        if (i > 0 && is_in(S->t[i-1].w, DETS)) continue;
        if (S->t[i].cap && i > 0 && !S->allcaps) continue;
        if (word_in(t, &t->hnoun, S->t[i].w)) continue;
        S->vroot[i] = r; S->vend[i] = end;
        i = end - 1;
    }
    for (int i = 0; i < S->n; i++) if (S->conj[i] < 0) S->conj[i] = 0;
    int seen = 0;
    for (int i = 0; i < S->n; i++) {
        if (S->vroot[i] >= 0) seen = 1;
        if (S->conj[i] != 1) continue;
        int b = i - 1, a = i + 1;
        while (a < S->n && (is_in(S->t[a].w, DETS) || word_in(t, &t->hadj, S->t[a].w))) a++;
        if (b >= 0 && a < S->n && word_in(t, &t->hnoun, S->t[b].w) && word_in(t, &t->hnoun, S->t[a].w)) { S->conj[i] = 0; continue; }
        if (!seen) S->conj[i] = 2;   /* counts as a conjunction but does not split */
        seen = 0;
    }
}

/* ---------- pattern matching ---------- */

typedef struct frame { const tb_seq *s; int i; const struct frame *up; uint8_t up_consec; } frame;
typedef struct mctx {
    const dy_tabari *t; const sent *S;
    int lo, hi, vstart, lower;
    int src, tgt, cmp;          /* group ids set by $ + % */
    int skip[8]; int nskip;
    int score, insyn;
} mctx;

static int group_size(const sent *S, int g) { int n = 0; for (int a = S->gfirst[g]; a >= 0; a = S->gnext[a]) n++; return n; }

/* the actor group whose first member starts at token q, and the end of the group */
static int group_at(const sent *S, int q, int *end)
{
    for (int a = 0; a < S->nsp; a++) {
        if (S->sp[a].s != q || !S->sp[a].type) continue;
        int g = S->sp[a].group, last = a;
        if (S->sp[a].type == SP_PRON) { *end = S->sp[a].e; return g; }
        for (int b = S->gnext[a]; b >= 0; b = S->gnext[b]) last = b;
        *end = S->sp[last].e;
        return g;
    }
    return -1;
}

static int m(mctx *c, const frame *f, int pos, int open, int score)
{
    if (f->i >= f->s->n) {
        if (f->up) { frame g = *f->up; g.i++; return m(c, &g, pos, !f->up_consec, score); }
        if (c->lower && !(open ? pos <= c->vstart : pos == c->vstart)) return 0;
        c->score = score;
        return 1;
    }
    const tb_elem *e = &f->s->e[f->i];
    int limit = c->lower ? c->vstart : c->hi;
    int qmax = open ? limit - 1 : pos;
    for (int q = pos; q <= qmax && q < limit; q++) {
        frame g = *f; g.i++;
        switch (e->type) {
        case E_LIT:
            if (pelem_match(c->S, q, e) && m(c, &g, q + 1, !e->consec, score + 2 * (int)strlen(e->w) - c->insyn)) return 1;
            break;
        case E_SRC: case E_TGT: case E_CMP: case E_SKIP: {
            int end, gr = group_at(c->S, q, &end);
            if (gr < 0 || end > limit) break;
            if (e->type == E_CMP && group_size(c->S, gr) < 2) break;
            int *slot = e->type == E_SRC ? &c->src : e->type == E_TGT ? &c->tgt : e->type == E_CMP ? &c->cmp : NULL;
            int old = slot ? *slot : 0;
            if (slot) *slot = gr; else if (c->nskip < 8) c->skip[c->nskip++] = gr;
            if (m(c, &g, end, !e->consec, score + 1)) return 1;
            if (slot) *slot = old; else c->nskip--;
            break;
        }
        case E_SYN: case E_ALT: {
            const tb_seq *alts; int na;
            if (e->type == E_SYN) { alts = c->t->syns[e->syn].m; na = c->t->syns[e->syn].nm; }
            else { alts = e->alts; na = e->nalts; }
            int old = c->insyn;
            if (e->type == E_SYN) c->insyn = 1;
            for (int k = 0; k < na; k++) {
                frame sub = { &alts[k], 0, f, e->consec };
                if (alts[k].n && m(c, &sub, q, 0, score)) { c->insyn = old; return 1; }
            }
            c->insyn = old;
            break;
        }
        default: break;
        }
    }
    return 0;
}

/* ---------- coding ---------- */

typedef struct evset { dy_tabari_event *ev; int max, n; } evset;

static void add_event(evset *E, const char *s, const char *t, const char *code)
{
    if (!code[0] || strcmp(s, t) == 0) return;
    for (int i = 0; i < E->n; i++)
        if (!strcmp(E->ev[i].src, s) && !strcmp(E->ev[i].tgt, t) && !strcmp(E->ev[i].code, code)) return;
    if (E->n >= E->max) return;
    dy_tabari_event *x = &E->ev[E->n++];
    scpy(x->src, sizeof x->src, s); scpy(x->tgt, sizeof x->tgt, t); scpy(x->code, sizeof x->code, code);
}

/* codes of a group (pronouns stand for their group) */
static int group_codes(sent *S, int g, const char **out, int max)
{
    int n = 0;
    for (int a = S->gfirst[g]; a >= 0 && n < max; a = S->gnext[a]) {
        if (S->sp[a].type != SP_ACTOR) continue;
        char *c = S->sp[a].code;
        out[n++] = c;
        for (char *q = strchr(c, '/'); q && n < max; q = strchr(q + 1, '/')) { *q = 0; out[n++] = q + 1; }
    }
    return n;
}

static int first_group(sent *S, int from, int to, int not_g, const int *skip, int nskip, const char *notcode)
{
    for (int a = 0; a < S->nsp; a++) {
        const span *p = &S->sp[a];
        if (!p->type || p->s < from || p->s >= to) continue;
        int g = p->group, bad = g == not_g;
        for (int k = 0; k < nskip; k++) if (skip[k] == g) bad = 1;
        if (!bad && notcode) {
            const char *cs[16]; int nc = group_codes(S, g, cs, 16);
            int all = nc > 0;
            for (int k = 0; k < nc; k++) if (strcmp(cs[k], notcode)) all = 0;
            if (all) bad = 1;
        }
        if (!bad) return g;
    }
    return -1;
}

int dy_tabari_code(const dy_tabari *t, const char *text, int32_t date, dy_tabari_event *ev, int maxev, int *nev)
{
    *nev = 0;
    sent *S = calloc(1, sizeof *S);
    if (!S) return -1;
    S->date = date;
    int nwords;
    if (tokenize(S, text, &nwords) < 0) { free(S); return -1; }
    int rc = DY_TB_NOEVENT;
    if (nwords < t->min_words || S->n == 0) goto done;
    if (S->n >= MAXTOK - 1) { rc = DY_TB_COMPLEX; goto done; }
    drop_commas(t, S);
    int discard = 0, complex = 0;
    build_spans(t, S, &discard, &complex);
    find_verbs(t, S, &discard, &complex);
    if (discard) { rc = DY_TB_DISCARD; goto done; }
    if (complex) { rc = DY_TB_COMPLEX; goto done; }
    int nverbs = 0, nconj = 0;
    for (int i = 0; i < S->n; i++) { if (S->vroot[i] >= 0) nverbs++; if (S->conj[i] >= 1) nconj++; }
    if ((t->cx_verbs && nverbs >= t->cx_verbs) || (t->cx_conj && nconj >= t->cx_conj)) { rc = DY_TB_COMPLEX; goto done; }

    evset E = { ev, maxev, 0 };
    int fwd_src = -1, first_verb_seen = 0;
    int cs = 0;
    while (cs < S->n) {
        int ce = cs;
        while (ce < S->n && S->conj[ce] != 1) ce++;
        int coded = 0;
        for (int weakpass = 0; weakpass < 2 && !coded; weakpass++)
        for (int v = cs; v < ce && !coded; v++) {
            if (S->vroot[v] < 0) continue;
            const tb_root *r = &t->roots[S->vroot[v]];
            const tb_verb *vb = &t->verbs[r->verb];
            int vend = S->vend[v];
            /* patterns: the longest match wins, ties go to the first */
            mctx best; int bestp = -1, bestscore = -1;
            for (int p = 0; p < vb->npat; p++) {
                const tb_pat *pt = &vb->pats[p];
                mctx c; memset(&c, 0, sizeof c);
                c.t = t; c.S = S; c.lo = cs; c.hi = ce; c.vstart = v; c.src = c.tgt = c.cmp = -1;
                int ok = 1;
                if (pt->lower.n) {
                    ok = 0; c.lower = 1;
                    for (int st = v - 1; st >= cs && !ok; st--) {
                        frame f = { &pt->lower, 0, NULL, 0 };
                        /* last lower element glued to the verb: enforce by end position */
                        if (m(&c, &f, st, 0, 0)) {
                            ok = 1;
                        }
                    }
                }
                int lscore = c.score;
                if (ok && pt->upper.n) {
                    c.lower = 0; c.score = 0;
                    frame f = { &pt->upper, 0, NULL, 0 };
                    ok = m(&c, &f, vend, !pt->upper_consec, 0);
                }
                if (!ok) continue;
                int score = lscore + (pt->upper.n ? c.score : 0);
                if (score > bestscore) { bestscore = score; bestp = p; best = c; }
            }
            const tb_code *code = bestp >= 0 ? &vb->pats[bestp].code : &vb->code;
            if (strcmp(code->c1, "---") == 0) continue;
            if (code->weak && !weakpass) continue;
            if (strcmp(code->c1, "###") == 0) { rc = DY_TB_DISCARD; E.n = 0; goto done; }
            if (strcmp(code->c1, "+++") == 0) { rc = DY_TB_COMPLEX; E.n = 0; goto done; }
            int src = -1, tgt = -1, cmp = -1;
            const int *skip = NULL; int nskip = 0;
            if (bestp >= 0) { src = best.src; tgt = best.tgt; cmp = best.cmp; skip = best.skip; nskip = best.nskip; }
            int pass = 0;
            if (src < 0 && tgt < 0 && cmp < 0) {
                int b = v - 1;
                if (b >= cs && !is_in(S->t[b].w, BES) && b - 1 >= cs && is_in(S->t[b-1].w, BES)) b--;
                int a = vend;
                if (a < ce && strcmp(S->t[a].w, "BY") != 0 && a + 1 < ce) a++;
                if (b >= cs && is_in(S->t[b].w, BES) && a < ce && strcmp(S->t[a].w, "BY") == 0) {
                    int g = first_group(S, a + 1, ce, -1, NULL, 0, NULL);
                    if (g >= 0) { src = g; pass = 1; tgt = first_group(S, cs, v, g, NULL, 0, NULL); }
                }
            }
            if (cmp < 0 && src < 0) src = first_group(S, cs, v, tgt, skip, nskip, NULL);
            if (cmp < 0 && src < 0) src = fwd_src;
            if (cmp < 0 && src < 0 && tgt >= 0) src = first_group(S, vend, ce, tgt, skip, nskip, NULL);
            if (!first_verb_seen) {
                first_verb_seen = 1;
                if (cmp < 0 && src < 0 && tgt < 0 && t->noactprior && !(t->def_on && t->def_prior)) { rc = DY_TB_COMPLEX; goto done; }
            }
            const char *scodes[16], *tcodes[16]; int ns = 0, nt = 0;
            if (cmp >= 0) {
                ns = group_codes(S, cmp, scodes, 16);
                for (int i = 0; i < ns; i++) for (int j = 0; j < ns; j++) if (i != j) {
                    if (code->c2[0]) { if (i < j) { add_event(&E, scodes[i], scodes[j], code->c1); add_event(&E, scodes[j], scodes[i], code->c2); } }
                    else add_event(&E, scodes[i], scodes[j], code->c1);
                }
                coded = E.n > 0; if (coded) fwd_src = cmp;
                continue;
            }
            if (src >= 0) ns = group_codes(S, src, scodes, 16);
            else if (t->def_on && t->def_prior && t->def_src[0]) { scodes[0] = t->def_src; ns = 1; }
            if (tgt < 0 && !pass) {
                const char *notc = ns == 1 ? scodes[0] : NULL;
                tgt = first_group(S, vend, ce, src, skip, nskip, notc);
                if (tgt < 0 && src >= 0) {
                    /* an actor between the source and the verb */
                    int from = 0;
                    for (int a = 0; a < S->nsp; a++) if (S->sp[a].group == src && S->sp[a].e > from && S->sp[a].s < v) from = S->sp[a].e;
                    if (from < cs) from = cs;
                    tgt = first_group(S, from, v, src, skip, nskip, notc);
                }
            }
            if (tgt >= 0) nt = group_codes(S, tgt, tcodes, 16);
            else if (t->def_on && t->def_after && t->def_tgt[0]) { tcodes[0] = t->def_tgt; nt = 1; }
            if (!ns || !nt) continue;
            int before = E.n;
            for (int i = 0; i < ns; i++) for (int j = 0; j < nt; j++) {
                add_event(&E, scodes[i], tcodes[j], code->c1);
                if (code->c2[0]) add_event(&E, tcodes[j], scodes[i], code->c2);
            }
            if (E.n > before) { coded = 1; if (src >= 0) fwd_src = src; }
        }
        if (!coded) {
            int g = first_group(S, cs, ce, -1, NULL, 0, NULL);
            if (g >= 0 && fwd_src < 0) fwd_src = g;
        }
        cs = ce + 1;
    }
    *nev = E.n;
    rc = E.n ? DY_TB_EVENTS : DY_TB_NOEVENT;
done:
    free(S);
    return rc;
}
