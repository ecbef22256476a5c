/* verbdict.c: see verbdict.h.  Parsing of the pattern language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include "verbdict.h"
#include "core/files.h"
#include "code/cameo.h"

int dy_verbdict_init(dy_verbdict *v)
{
    memset(v, 0, sizeof *v);
    v->user_from = -1;
    dy_arena_init(&v->mem, 64 * 1024);
    return 0;
}

void dy_verbdict_free(dy_verbdict *v)
{
    for (int i = 0; i < v->nchain; i++) free(v->chain[i].w);
    free(v->p); free(v->pool); free(v->chain); free(v->vhead); free(v->nhead);
    for (int i = 0; i < v->nfiles; i++) free(v->files[i]);
    free(v->files);
    dy_arena_free(&v->mem);
    memset(v, 0, sizeof *v);
}

/* Append w to a growing int32 array. */
static int push32(int32_t **a, int *n, int *cap, int32_t w)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 4096;
        int32_t *na = realloc(*a, (size_t)nc * sizeof *na);
        if (!na) return -1;
        *a = na; *cap = nc;
    }
    (*a)[(*n)++] = w;
    return 0;
}

static int pool_push(dy_verbdict *v, int32_t w) { return push32(&v->pool, &v->npool, &v->cappool, w); }

/* Do two patterns have the same elements (types, roles, word sets)? */
static int same_elements(const dy_verbdict *v, const dy_pattern *a, const dy_pattern *b)
{
    if (a->nominal != b->nominal || a->nel != b->nel) return 0;
    for (int i = 0; i < a->nel; i++) {
        const dy_pelem *x = &a->el[i], *y = &b->el[i];
        if (x->type != y->type || x->role != y->role || x->nalt != y->nalt) return 0;
        for (int j = 0; j < x->nalt; j++) {
            int found = 0;
            for (int k = 0; k < y->nalt && !found; k++) found = v->pool[x->alt + j] == v->pool[y->alt + k];
            if (!found) return 0;
        }
    }
    return 1;
}

/* Append pattern pat (see dy_pchain) to the chain of lemma (verb or noun head). */
static int link_head(dy_verbdict *v, int lemma, int pat, int nominal)
{
    if (lemma >= v->nhead_cap) {
        int nc = v->nhead_cap ? v->nhead_cap : 4096;
        while (nc <= lemma) nc *= 2;
        int32_t *a = realloc(v->vhead, (size_t)nc * sizeof *a);
        if (!a) return -1;
        v->vhead = a;
        int32_t *b = realloc(v->nhead, (size_t)nc * sizeof *b);
        if (!b) return -1;
        v->nhead = b;
        for (int i = v->nhead_cap; i < nc; i++) v->vhead[i] = v->nhead[i] = -1;
        v->nhead_cap = nc;
    }
    int32_t *head = nominal ? &v->nhead[lemma] : &v->vhead[lemma];
    if (*head < 0) {
        if (v->nchain == v->capchain) {
            int nc = v->capchain ? v->capchain * 2 : 1024;
            dy_pchain *a = realloc(v->chain, (size_t)nc * sizeof *a);
            if (!a) return -1;
            v->chain = a; v->capchain = nc;
        }
        v->chain[v->nchain] = (dy_pchain){ NULL, 0, 0 };
        *head = v->nchain++;
    }
    /* appended at the end: file order is kept for ties */
    dy_pchain *c = &v->chain[*head];
    const dy_pattern *p = &v->p[pat];
    if (v->user_from >= 0 && p->file >= v->user_from) {
        /* the user's pattern replaces an earlier file's with the same head and elements */
        for (int r = 0; r < c->n;) {
            int len = c->w[r];
            const dy_pattern *q = &v->p[c->w[r + 1]];
            if (q->file != p->file && same_elements(v, q, p)) {
                memmove(c->w + r, c->w + r + len, (size_t)(c->n - r - len) * sizeof *c->w);
                c->n -= len;
                v->overridden++;
            } else r += len;
        }
    }
    int start = c->n, k = 0;
    if (push32(&c->w, &c->n, &c->cap, 0) || push32(&c->w, &c->n, &c->cap, pat) || push32(&c->w, &c->n, &c->cap, 0)) return -1;
    for (int i = 0; i < p->nel; i++) {
        const dy_pelem *e = &p->el[i];
        if (e->type != DY_PE_LIT && e->type != DY_PE_PREP && e->type != DY_PE_PRE) continue;
        if (push32(&c->w, &c->n, &c->cap, e->nalt)) return -1;
        for (int j = 0; j < e->nalt; j++)
            if (push32(&c->w, &c->n, &c->cap, v->pool[e->alt + j])) return -1;
        k++;
    }
    c->w[start] = c->n - start;
    c->w[start + 2] = k;
    return 0;
}

/* A word group of a chain entry, for sorting: cost = how many patterns need its words. */
typedef struct rgroup { long cost; int off, len; } rgroup;
static int cmp_rgroup(const void *a, const void *b)
{
    const rgroup *x = a, *y = b;
    return x->cost < y->cost ? -1 : x->cost > y->cost ? 1 : x->off - y->off;
}

int dy_verbdict_finish(dy_verbdict *v)
{
    int maxid = -1;   /* every word of a chain comes from the pool */
    for (int i = 0; i < v->npool; i++) if (v->pool[i] > maxid) maxid = v->pool[i];
    if (maxid < 0) return 0;
    long *need = calloc((size_t)maxid + 1, sizeof *need);
    if (!need) return -1;
    for (int c = 0; c < v->nchain; c++) {
        const dy_pchain *ch = &v->chain[c];
        for (const int32_t *r = ch->w, *end = ch->w + ch->n; r < end; r += r[0]) {
            const int32_t *g = r + 3;
            for (int k = 0; k < r[2]; k++, g += 1 + g[0])
                for (int i = 1; i <= g[0]; i++) if (g[i] >= 0) need[g[i]]++;
        }
    }
    for (int c = 0; c < v->nchain; c++) {
        dy_pchain *ch = &v->chain[c];
        for (int32_t *r = ch->w, *end = ch->w + ch->n; r < end; r += r[0]) {
            int k = r[2];
            if (k < 2) continue;
            rgroup gs[DY_MAX_PELEM];
            int32_t tmp[512];
            int32_t *g = r + 3, total = (int32_t)(r + r[0] - g);
            if (k > DY_MAX_PELEM || total > 512) continue;
            for (int j = 0; j < k; j++, g += 1 + g[0]) {
                long cost = 0;
                for (int i = 1; i <= g[0]; i++) cost += g[i] >= 0 ? need[g[i]] : 0;
                gs[j] = (rgroup){ cost, (int)(g - (r + 3)), 1 + g[0] };
            }
            qsort(gs, (size_t)k, sizeof *gs, cmp_rgroup);
            int o = 0;
            for (int j = 0; j < k; j++) { memcpy(tmp + o, r + 3 + gs[j].off, (size_t)gs[j].len * sizeof *tmp); o += gs[j].len; }
            memcpy(r + 3, tmp, (size_t)o * sizeof *tmp);
        }
    }
    free(need);
    return 0;
}

/* Is w[0..n) valid UTF-8 without control characters (a word that text can hold)? */
static int word_bytes_ok(const char *w, size_t n)
{
    const unsigned char *p = (const unsigned char *)w;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7f) return 0;
        if (c < 0x80) { i++; continue; }
        size_t k = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
        if (!k) return 0;
        for (size_t j = 1; j <= k; j++) if (i + j >= n || (p[i + j] & 0xc0) != 0x80) return 0;
        i += k + 1;
    }
    return 1;
}

/* Parse "{a|b|c}" or "word" at *s into the pool; lemmatise as noun and verb. */
static int parse_words(dy_verbdict *v, dy_lexicon *lex, const char *s, size_t n, dy_pelem *e, int as_verb_head)
{
    e->alt = v->npool;
    e->nalt = 0;
    if (n >= 2 && s[0] == '{') {
        if (s[n - 1] != '}') return -1;
        s++; n -= 2;
    }
    while (n > 0) {
        size_t k = 0;
        while (k < n && s[k] != '|') k++;
        if (k == 0 || k > 60 || !word_bytes_ok(s, k)) return -1;
        char w[64];
        for (size_t i = 0; i < k; i++) {
            char c = s[i];
            if (c == '{' || c == '}' || c == ':' || isspace((unsigned char)c)) return -1;
            w[i] = (char)tolower((unsigned char)c);
        }
        w[k] = 0;
        int id;
        if (as_verb_head == 1) id = dy_lexicon_add_verb(lex, w);
        else {
            char nl[64];
            size_t nn = dy_noun_lemma(w, k, nl, sizeof nl);
            id = dy_lexicon_intern(lex, nl, nn);
            if (as_verb_head == 0) {
                /* a literal may also be a verb form ("threaten to attack"): make sure it is known */
                int wid = dy_lexicon_intern(lex, w, k);
                if (wid < 0) return -2;
                if (wid != id) { if (pool_push(v, wid)) return -2; e->nalt++; }
            }
        }
        if (id < 0 || pool_push(v, id)) return -2;
        e->nalt++;
        s += k; n -= k;
        if (n > 0) { s++; n--; }
    }
    return e->nalt ? 0 : -1;
}

int dy_verbdict_add(dy_verbdict *v, dy_lexicon *lex, const char *code, const char *pattern,
                    int file, uint32_t line, char *err, size_t errlen, int *col)
{
    /* CODE or CODE:CODE2 (a paired event from target to source); "---" codes nothing */
    const char *pair = strchr(code, ':');
    size_t cl = pair ? (size_t)(pair - code) : strlen(code);
    *col = 0;
    char esc[160];
    if (!dy_event_code_syntax(code, cl) || (pair && !dy_event_code_syntax(pair + 1, strlen(pair + 1)))) {
        snprintf(err, errlen, "bad CAMEO code \"%s\" (2 to 4 digits, an optional capital letter, at most 5 characters; or ---)",
                 dy_escape(code, strlen(code), esc, sizeof esc));
        return -1;
    }
    if (v->codes) {
        const char *bad = NULL;
        size_t bl = 0;
        if (strncmp(code, "---", cl) && dy_hmap_get(&v->codes->index, code, cl) < 0) bad = code, bl = cl;
        else if (pair && strcmp(pair + 1, "---") && dy_hmap_get(&v->codes->index, pair + 1, strlen(pair + 1)) < 0) bad = pair + 1, bl = strlen(pair + 1);
        if (bad) {
            snprintf(err, errlen, "unknown CAMEO event code \"%s\" (not in cameo/codes.txt)", dy_escape(bad, bl, esc, sizeof esc));
            return -1;
        }
    }
    *col = 1;
    dy_pattern p;
    memset(&p, 0, sizeof p);
    memcpy(p.code, code, cl);
    if (pair) snprintf(p.code2, sizeof p.code2, "%.5s", pair + 1);
    p.file = (uint16_t)file;
    p.line = line;
    const char *s = pattern;
    int first = 1;
    dy_pelem head = {0};
    while (*s) {
        while (*s && isspace((unsigned char)*s)) s++;
        if (!*s) break;
        const char *t = s;
        while (*s && !isspace((unsigned char)*s)) s++;
        size_t n = (size_t)(s - t);
        *col = (int)(t - pattern) + 1;
        if (first) {
            int nominal = t[0] == '@';
            if (nominal) { t++; n--; }
            p.nominal = (uint8_t)nominal;
            int r = parse_words(v, lex, t, n, &head, nominal ? 2 : 1);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad head word \"%s\"", dy_escape(t, (size_t)n, esc, sizeof esc)); return -1; }
            first = 0;
            continue;
        }
        if (p.nel >= DY_MAX_PELEM) { snprintf(err, errlen, "more than %d elements", DY_MAX_PELEM); return -1; }
        dy_pelem *e = &p.el[p.nel];
        memset(e, 0, sizeof *e);
        const char *colon = memchr(t, ':', n);
        if (n == 1 && (t[0] == 'T' || t[0] == 'S')) {
            e->type = DY_PE_OBJ; e->role = t[0] == 'T' ? DY_ROLE_T : DY_ROLE_S;
            p.specificity += 1;
        } else if (n > 1 && t[0] == '<' && !colon) {
            /* "<=word": right before the previous word matched (or the verb) */
            e->type = DY_PE_PRE;
            int adj = n > 2 && t[1] == '=';
            e->role = (uint8_t)adj;
            int r = parse_words(v, lex, t + 1 + adj, n - 1 - (size_t)adj, e, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%s\"", dy_escape(t, (size_t)n, esc, sizeof esc)); return -1; }
            p.specificity += 3;
        } else if (n == 6 && colon && memcmp(t, "next:", 5) == 0 && (t[5] == 'T' || t[5] == 'S')) {
            e->type = DY_PE_NEXT; e->role = t[5] == 'T' ? DY_ROLE_T : DY_ROLE_S;
            p.specificity += 1;
        } else if (colon) {
            size_t pl = (size_t)(colon - t), rl = n - pl - 1;
            if (rl != 1 || (colon[1] != 'T' && colon[1] != 'S')) {
                snprintf(err, errlen, "\"%s\": a slot is PREP:T or PREP:S", dy_escape(t, (size_t)n, esc, sizeof esc)); return -1;
            }
            e->role = colon[1] == 'T' ? DY_ROLE_T : DY_ROLE_S;
            if (pl == 4 && memcmp(t, "subj", 4) == 0) { e->type = DY_PE_SUBJ; }
            else {
                e->type = DY_PE_PREP;
                int r = parse_words(v, lex, t, pl, e, 3);
                if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad preposition \"%s\"", dy_escape(t, (size_t)pl, esc, sizeof esc)); return -1; }
                p.specificity += 2;
            }
        } else if (n > 1 && t[0] == '=') {
            /* "=word": a literal right after the previous word matched (PETRARCH '_') */
            e->type = DY_PE_LIT;
            e->role = 1;
            int r = parse_words(v, lex, t + 1, n - 1, e, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%s\"", dy_escape(t, (size_t)n, esc, sizeof esc)); return -1; }
            p.specificity += 3;
        } else {
            e->type = DY_PE_LIT;
            int r = parse_words(v, lex, t, n, e, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%s\"", dy_escape(t, (size_t)n, esc, sizeof esc)); return -1; }
            p.specificity += 3;
        }
        p.nel++;
    }
    if (first) { snprintf(err, errlen, "pattern has no head word"); return -1; }
    if (v->np == v->capp) {
        int nc = v->capp ? v->capp * 2 : 2048;
        dy_pattern *np = realloc(v->p, (size_t)nc * sizeof *np);
        if (!np) { snprintf(err, errlen, "out of memory"); return -1; }
        v->p = np; v->capp = nc;
    }
    p.text = dy_arena_strndup(&v->mem, pattern, strlen(pattern));
    int id = v->np;
    v->p[v->np++] = p;
    for (int i = 0; i < head.nalt; i++)
        if (link_head(v, v->pool[head.alt + i], id, p.nominal)) { snprintf(err, errlen, "out of memory"); return -1; }
    return 0;
}

int dy_event_code_syntax(const char *code, size_t n)
{
    if (n == 3 && !strncmp(code, "---", 3)) return 1;      /* PETRARCH's null code: matches, codes nothing */
    if (n < 2 || n > 5) return 0;
    size_t d = 0;
    while (d < n && isdigit((unsigned char)code[d])) d++;
    if (d < 2 || d > 4) return 0;
    for (size_t i = d; i < n; i++) if (!isupper((unsigned char)code[i])) return 0;
    return n - d <= 1;
}

int dy_verbdict_line_kind(const char *line, size_t n)
{
    const char *hash = memchr(line, '#', n);
    if (hash) n = (size_t)(hash - line);
    size_t i = 0;
    while (i < n && isspace((unsigned char)line[i])) i++;
    size_t c = i;
    while (i < n && !isspace((unsigned char)line[i])) i++;
    size_t cl = i - c;
    while (i < n && isspace((unsigned char)line[i])) i++;
    if (i >= n || line[i] == '#') return 0;
    if (cl == 4 && !memcmp(line + c, "verb", 4)) {
        int words = 0;
        for (size_t k = i; k < n && line[k] != '#';) {
            while (k < n && isspace((unsigned char)line[k])) k++;
            if (k < n && line[k] != '#') words++;
            while (k < n && !isspace((unsigned char)line[k])) {
                if (!isalpha((unsigned char)line[k]) && line[k] != '/' && line[k] != '-' && line[k] != '\'') return 0;
                k++;
            }
        }
        return words >= 3 && words <= 5 ? 2 : 0;
    }
    const char *pair = memchr(line + c, ':', cl);
    size_t l1 = pair ? (size_t)(pair - (line + c)) : cl;
    if (!dy_event_code_syntax(line + c, l1) || (pair && !dy_event_code_syntax(pair + 1, cl - l1 - 1))) return 0;
    /* a head: a word, {alternatives} or @noun; and no TABARI/PETRARCH brackets */
    unsigned char h = (unsigned char)line[i];
    if (!(isalpha(h) || h == '{' || h == '@')) return 0;
    if (memchr(line + i, '[', n - i)) return 0;
    return 1;
}

/* Walk the lines of buf: calls fn on each (NUL-terminated copy, '#' comment
 * cut, the number); stops at fn's -1.  A NUL byte inside a line is an error. */
typedef int (*line_fn)(void *u, char *line, unsigned ln, char *err, size_t errlen);
static int each_line(const char *path, const char *buf, size_t len, line_fn fn, void *u, char *err, size_t errlen)
{
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;   /* a UTF-8 BOM */
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int rc = 0;
    for (size_t off = 0; off < len && !rc;) {
        const char *nl = memchr(buf + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;
        ln++;
        if (n + 1 > cap) {
            char *nb = realloc(line, n + 1);
            if (!nb) { snprintf(err, errlen, "%s:%u:1: out of memory", path, ln); rc = -1; break; }
            line = nb; cap = n + 1;
        }
        memcpy(line, buf + off, n); line[n] = 0;
        off += n + 1;
        if (strlen(line) < n) { snprintf(err, errlen, "%s:%u:%zu: NUL byte in a dictionary line", path, ln, strlen(line) + 1); rc = -1; break; }
        char *h = strchr(line, '#');
        if (h) *h = 0;
        if (fn(u, line, ln, err, errlen) < 0) rc = -1;
    }
    free(line);
    return rc;
}

typedef struct pload { dy_verbdict *v; dy_lexicon *lex; const char *path; int file, n; } pload;

static int pattern_line(void *u, char *line, unsigned ln, char *err, size_t errlen)
{
    pload *L = u;
    char *p = line;
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return 0;
    char *c = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    char code[16];
    size_t cl = (size_t)(p - c);
    if (cl >= sizeof code) cl = sizeof code - 1;
    memcpy(code, c, cl); code[cl] = 0;
    while (*p && isspace((unsigned char)*p)) p++;
    char *e = p + strlen(p);
    while (e > p && isspace((unsigned char)e[-1])) *--e = 0;
    char msg[256];
    int col = 1;
    if (dy_verbdict_add(L->v, L->lex, code, p, L->file, ln, msg, sizeof msg, &col) != 0) {
        long base = col == 0 ? (long)(c - line) + 1 : (long)(p - line) + col;
        snprintf(err, errlen, "%s:%u:%ld: %s", L->path, ln, base, msg);
        return -1;
    }
    L->n++;
    return 0;
}

int dy_verbdict_load_buf(dy_verbdict *v, dy_lexicon *lex, const char *path, const char *buf, size_t len,
                         char *err, size_t errlen)
{
    char **nf = realloc(v->files, (size_t)(v->nfiles + 1) * sizeof *nf);
    if (!nf) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
    v->files = nf;
    if (!(v->files[v->nfiles] = strdup(path))) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
    pload L = { v, lex, path, v->nfiles++, 0 };
    return each_line(path, buf, len, pattern_line, &L, err, errlen) < 0 ? -1 : L.n;
}

typedef struct fload { dy_lexicon *lex; const char *path; int n; } fload;

static int forms_line(void *u, char *line, unsigned ln, char *err, size_t errlen)
{
    fload *L = u;
    char *w[8];
    int nw = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r\n", &save); t && nw < 8; t = strtok_r(NULL, " \t\r\n", &save)) w[nw++] = t;
    if (nw == 0) return 0;
    if (strcmp(w[0], "verb") != 0 || nw < 4 || nw > 6) {
        snprintf(err, errlen, "%s:%u:1: expected \"verb LEMMA PAST PARTICIPLE [3SG] [ING]\"", L->path, ln);
        return -1;
    }
    for (int i = 1; i < nw; i++) {
        char low[64];
        size_t k = strlen(w[i]);
        if (k >= sizeof low) { snprintf(err, errlen, "%s:%u: word longer than 63 bytes", L->path, ln); return -1; }
        for (size_t j = 0; j < k; j++) low[j] = (char)tolower((unsigned char)w[i][j]);
        low[k] = 0;
        /* alternatives written "struck/stricken" */
        for (char *s = low; s;) {
            char *slash = strchr(s, '/');
            if (slash) *slash = 0;
            if (*s && dy_lexicon_add_form(L->lex, s, w[1]) < 0) { snprintf(err, errlen, "%s:%u: out of memory", L->path, ln); return -1; }
            s = slash ? slash + 1 : NULL;
        }
    }
    /* the regular -s and -ing forms for irregulars not listing them */
    if (dy_lexicon_add_verb(L->lex, w[1]) < 0) { snprintf(err, errlen, "%s:%u: out of memory", L->path, ln); return -1; }
    L->n++;
    return 0;
}

int dy_verbdict_load_forms_buf(dy_lexicon *lex, const char *path, const char *buf, size_t len, char *err, size_t errlen)
{
    fload L = { lex, path, 0 };
    return each_line(path, buf, len, forms_line, &L, err, errlen) < 0 ? -1 : L.n;
}

static int load_file(dy_verbdict *v, dy_lexicon *lex, const char *path, int forms, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    if (dy_read_file(path, 1, dy_read_timeout_ms(), 0, &buf, &len, err, errlen) < 0) return -1;
    int r = forms ? dy_verbdict_load_forms_buf(lex, path, buf, len, err, errlen) : dy_verbdict_load_buf(v, lex, path, buf, len, err, errlen);
    free(buf);
    return r;
}

int dy_verbdict_load(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    if (!S_ISDIR(st.st_mode)) return load_file(v, lex, path, 0, err, errlen);
    char fp[4096];
    snprintf(fp, sizeof fp, "%s/forms.txt", path);
    if (access(fp, F_OK) == 0 && load_file(v, lex, fp, 1, err, errlen) < 0) return -1;
    static const char *const skip[] = { "forms.txt", "README.txt", NULL };
    char **list;
    int n = dy_list_txt(path, skip, &list, err, errlen), total = 0;
    if (n < 0) return -1;
    for (int i = 0; i < n && total >= 0; i++) {
        int r = load_file(v, lex, list[i], 0, err, errlen);
        total = r < 0 ? -1 : total + r;
    }
    dy_list_free(list, n);
    return total;
}
