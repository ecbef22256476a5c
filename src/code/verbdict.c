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
    free(v->wcls); free(v->cmode);
    if (v->cmode_nix) dy_hmap_free(&v->cmode_ix);
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

/* The code -> mode index (dy_verbdict_code_mode is asked once per event candidate,
 * and a scan of every `code` line was most of the coder's PLOVER step). */
static int index_code_modes(dy_verbdict *v)
{
    if (v->cmode_nix) { dy_hmap_free(&v->cmode_ix); v->cmode_nix = 0; }
    if (!v->ncmode) return 0;
    if (dy_hmap_init(&v->cmode_ix, (size_t)v->ncmode)) return -1;
    for (int i = 0; i < v->ncmode; i++)   /* in file order: the last line for a code wins */
        if (dy_hmap_put(&v->cmode_ix, v->cmode[i].code, strlen(v->cmode[i].code), i) == -2) {
            dy_hmap_free(&v->cmode_ix);
            return -1;
        }
    v->cmode_nix = v->ncmode;
    return 0;
}

int dy_verbdict_finish(dy_verbdict *v)
{
    if (index_code_modes(v) < 0) return -1;
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

/* Expand the noun classes of a pattern: "$name" becomes the class's words, a set
 * of its own ("{a|b}") or inside a set ("{$name|police}").  0, or -1 with a message. */
static int expand_classes(const dy_verbdict *v, const char *pattern, char *out, size_t cap, char *err, size_t errlen)
{
    size_t o = 0;
    int inset = 0;
    for (const char *s = pattern; *s; ) {
        if (*s == '{' || *s == '[') inset = 1; else if (*s == '}' || *s == ']') inset = 0;
        if (*s != '$') { if (o + 1 >= cap) goto long_; out[o++] = *s++; continue; }
        const char *n = ++s;
        while (*s && (islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' || *s == '-')) s++;
        int k = -1;
        for (int i = 0; i < v->ncls; i++)
            if (strlen(v->cls[i].name) == (size_t)(s - n) && !memcmp(v->cls[i].name, n, (size_t)(s - n))) { k = i; break; }
        if (k < 0) { snprintf(err, errlen, "unknown noun class \"$%.*s\" (classes.txt)", (int)(s - n), n); return -1; }
        size_t wl = strlen(v->cls[k].words);
        if (o + wl + 3 >= cap) goto long_;
        if (!inset) out[o++] = '{';
        memcpy(out + o, v->cls[k].words, wl); o += wl;
        if (!inset) out[o++] = '}';
    }
    out[o] = 0;
    return 0;
long_:
    snprintf(err, errlen, "pattern too long after expanding its noun classes");
    return -1;
}

int dy_verbdict_add(dy_verbdict *v, dy_lexicon *lex, const char *code, const char *pattern,
                    int file, uint32_t line, char *err, size_t errlen, int *col)
{
    const char *written = pattern;
    char expanded[8192];
    if (strchr(pattern, '$')) {
        *col = 1;
        if (expand_classes(v, pattern, expanded, sizeof expanded, err, errlen)) return -1;
        pattern = expanded;
    }
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
        /* a slot's class: "T[$military]", "on:T[$journalist|press]" */
        const char *br = n > 3 && t[n - 1] == ']' ? memchr(t, '[', n) : NULL;
        size_t full = n;
        if (br) n = (size_t)(br - t);
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
        if (br) {
            if (e->type != DY_PE_OBJ && e->type != DY_PE_PREP && e->type != DY_PE_SUBJ) { snprintf(err, errlen, "\"%.*s\": only a slot (T, S, PREP:T, subj:S) takes a [class]", (int)full, t); return -1; }
            dy_pelem w;
            memset(&w, 0, sizeof w);
            int r = parse_words(v, lex, br + 1, full - n - 2, &w, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad class \"%.*s\"", (int)(full - n), br); return -1; }
            e->head = w.alt; e->nhead = w.nalt;
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
    p.text = dy_arena_strndup(&v->mem, written, strlen(written));
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
    snprintf(fp, sizeof fp, "%s/classes.txt", path);
    if (access(fp, F_OK) == 0 && dy_verbdict_load_classes(v, lex, fp, err, errlen) < 0) return -1;
    static const char *const skip[] = { "forms.txt", "classes.txt", "README.txt", NULL };
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

/* Mark word id w as a member of class k. */
static int mark_word(dy_verbdict *v, int w, int k)
{
    if (w < 0) return -1;
    if (w >= v->nwcls) {
        int nc = v->nwcls ? v->nwcls : 4096;
        while (nc <= w) nc *= 2;
        dy_cbits *a = realloc(v->wcls, (size_t)nc * sizeof *a);
        if (!a) return -1;
        memset(a + v->nwcls, 0, (size_t)(nc - v->nwcls) * sizeof *a);
        v->wcls = a; v->nwcls = nc;
    }
    v->wcls[w].b[k >> 6] |= 1ull << (k & 63);
    return 0;
}

const dy_codemode *dy_verbdict_code_mode(const dy_verbdict *v, const char *code)
{
    /* the last line for a code wins: later lines refine the conversion table's */
    if (v->cmode_nix && v->cmode_nix == v->ncmode) {
        size_t n = strlen(code);
        int32_t i = dy_hmap_get(&v->cmode_ix, code, n);
        if (i < 0 && n == 4) i = dy_hmap_get(&v->cmode_ix, code, 3);
        return i < 0 ? NULL : &v->cmode[i];
    }
    for (int i = v->ncmode - 1; i >= 0; i--) if (!strcmp(v->cmode[i].code, code)) return &v->cmode[i];
    for (int i = v->ncmode - 1; strlen(code) == 4 && i >= 0; i--) if (!strncmp(v->cmode[i].code, code, 3) && !v->cmode[i].code[3]) return &v->cmode[i];
    return NULL;
}

/* "context=a,b" into a mask; -1 with a message. */
static int parse_ctx(const char *q, uint64_t *mask, char *msg, size_t ml)
{
    while (*q) {
        const char *e = strchr(q, ',');
        size_t l = e ? (size_t)(e - q) : strlen(q);
        int id = dy_plover_context_id(q, l);
        if (id < 0) { snprintf(msg, ml, "\"%.*s\" is no PLOVER context", (int)l, q); return -1; }
        *mask |= 1ull << id;
        q += l; if (*q == ',') q++;
    }
    return 0;
}

/* The PLOVER event types a mode may belong to. */
static int plover_type_ok(const char *t)
{
    static const char *const T[] = { "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
        "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", NULL };
    for (int i = 0; T[i]; i++) if (!strcmp(T[i], t)) return 1;
    return 0;
}

int dy_verbdict_load_classes(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int n = 0, rc = 0;
    char msg[256] = "";
    long col = 1;
    while (getline(&line, &cap, f) >= 0) {
        ln++;
        char *h = strchr(line, '#');
        if (h) *h = 0;
        char *tok[512];
        int nt = 0;
        for (char *q = strtok(line, " \t\r\n"); q && nt < 512; q = strtok(NULL, " \t\r\n")) tok[nt++] = q;
        if (!nt) continue;
        col = (long)(tok[0] - line) + 1;
        if (!strcmp(tok[0], "code")) {
            if (nt < 3 || strlen(tok[1]) < 2 || strlen(tok[1]) > 5) { snprintf(msg, sizeof msg, "a code line is: code CODE [mode=MODE] [context=C,...]"); rc = -1; break; }
            dy_codemode *a = realloc(v->cmode, (size_t)(v->ncmode + 1) * sizeof *a);
            if (!a) { snprintf(msg, sizeof msg, "out of memory"); rc = -1; break; }
            v->cmode = a;
            dy_codemode *m = &v->cmode[v->ncmode++];
            memset(m, 0, sizeof *m);
            memcpy(m->code, tok[1], strlen(tok[1]));
            for (int i = 2; i < nt && !rc; i++) {
                col = (long)(tok[i] - line) + 1;
                if (!strncmp(tok[i], "mode=", 5) && tok[i][5] && strlen(tok[i] + 5) < sizeof m->pmode) {
                    const char *md = tok[i] + 5;
                    if (*md == '!') { m->fixed = 1; md++; }   /* the code's own mode wins over class words */
                    if (!*md) { snprintf(msg, sizeof msg, "mode=! needs a mode"); rc = -1; break; }
                    memcpy(m->pmode, md, strlen(md));
                }
                else if (!strncmp(tok[i], "context=", 8)) rc = parse_ctx(tok[i] + 8, &m->ctx, msg, sizeof msg);
                else { snprintf(msg, sizeof msg, "expected mode=MODE or context=C,..."); rc = -1; }
            }
            if (rc) break;
            n++;
            continue;
        }
        if (strcmp(tok[0], "class") || nt < 3) { snprintf(msg, sizeof msg, "expected \"class NAME [mode=TYPE:MODE] [context=C,...] WORD...\" or \"code CODE [mode=MODE] [context=C,...]\""); rc = -1; break; }
        if (v->ncls >= DY_MAX_NCLASS) { snprintf(msg, sizeof msg, "more than %d classes", DY_MAX_NCLASS); rc = -1; break; }
        dy_nclass *c = &v->cls[v->ncls];
        memset(c, 0, sizeof *c);
        col = (long)(tok[1] - line) + 1;
        if (strlen(tok[1]) >= sizeof c->name) { snprintf(msg, sizeof msg, "class name too long"); rc = -1; break; }
        for (int i = 0; i < v->ncls; i++) if (!strcmp(v->cls[i].name, tok[1])) { snprintf(msg, sizeof msg, "class \"%s\" defined twice", tok[1]); rc = -1; }
        if (rc) break;
        memcpy(c->name, tok[1], strlen(tok[1]));
        int w0 = 2;
        for (; w0 < nt && strchr(tok[w0], '='); w0++) {
            col = (long)(tok[w0] - line) + 1;
            char *eq = strchr(tok[w0], '=');
            if (!strncmp(tok[w0], "mode=", 5)) {
                char *colon = strchr(eq + 1, ':');
                if (!colon || colon - eq - 1 >= (long)sizeof c->ptype || strlen(colon + 1) >= sizeof c->pmode || !colon[1]) { snprintf(msg, sizeof msg, "mode= is TYPE:MODE"); rc = -1; break; }
                memcpy(c->ptype, eq + 1, (size_t)(colon - eq - 1));
                if (!plover_type_ok(c->ptype)) { snprintf(msg, sizeof msg, "\"%s\" is no PLOVER event type", c->ptype); rc = -1; break; }
                memcpy(c->pmode, colon + 1, strlen(colon + 1));
            } else if (!strncmp(tok[w0], "context=", 8)) {
                if ((rc = parse_ctx(eq + 1, &c->ctx, msg, sizeof msg))) break;
            } else if (!strncmp(tok[w0], "purpose=", 8)) {
                if (eq[1] < '1' || eq[1] > '5' || eq[2]) { snprintf(msg, sizeof msg, "purpose= is 1 (leadership), 2 (policy), 3 (rights), 4 (institutions) or 5 (reform in general)"); rc = -1; break; }
                c->purpose = (uint8_t)(eq[1] - '0');
            } else { snprintf(msg, sizeof msg, "unknown attribute \"%.*s\"", (int)(eq - tok[w0]), tok[w0]); rc = -1; break; }
        }
        if (rc) break;
        if (w0 >= nt) { snprintf(msg, sizeof msg, "class \"%s\" has no words", c->name); rc = -1; break; }
        size_t len = 0;
        for (int i = w0; i < nt; i++) len += strlen(tok[i]) + 1;
        char *words = dy_arena_alloc(&v->mem, len + 1);
        if (!words) { snprintf(msg, sizeof msg, "out of memory"); rc = -1; break; }
        words[0] = 0;
        size_t o = 0;
        for (int i = w0; i < nt; i++) {
            char *w = tok[i];
            size_t wl = strlen(w);
            col = (long)(w - line) + 1;
            int bad = wl > 60;
            for (size_t j = 0; j < wl; j++) if (!(islower((unsigned char)w[j]) || isdigit((unsigned char)w[j]) || w[j] == '-' || w[j] == '\'')) bad = 1;
            if (bad) { snprintf(msg, sizeof msg, "bad class word \"%s\" (lowercase letters, digits, - and ')", w); rc = -1; break; }
            if (o) words[o++] = '|';
            memcpy(words + o, w, wl); o += wl; words[o] = 0;
            char nl[64];
            size_t nn = dy_noun_lemma(w, wl, nl, sizeof nl);
            if (mark_word(v, dy_lexicon_intern(lex, nl, nn), v->ncls) || mark_word(v, dy_lexicon_intern(lex, w, wl), v->ncls)) {
                snprintf(msg, sizeof msg, "out of memory"); rc = -1; break;
            }
        }
        if (rc) break;
        c->words = words;
        v->ncls++;
        n++;
    }
    free(line);
    fclose(f);
    if (rc) { snprintf(err, errlen, "%s:%u:%ld: %s", path, ln, col, msg); return -1; }
    return n;
}
