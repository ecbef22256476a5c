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

int dy_verbdict_init(dy_verbdict *v)
{
    memset(v, 0, sizeof *v);
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
        if (k == 0 || k > 60) return -1;
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
    *col = 1;
    int ok = cl >= 2 && cl <= 5;
    for (size_t i = 0; ok && i < cl; i++)
        if (!isdigit((unsigned char)code[i]) && !(i >= 2 && isupper((unsigned char)code[i]))) ok = 0;
    if (cl == 3 && !strncmp(code, "---", 3)) ok = 1;      /* PETRARCH's null code */
    if (!ok) { snprintf(err, errlen, "bad CAMEO code \"%s\"", code); return -1; }
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
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad head word \"%.*s\"", (int)n, t); return -1; }
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
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%.*s\"", (int)n, t); return -1; }
            p.specificity += 3;
        } else if (n == 6 && colon && memcmp(t, "next:", 5) == 0 && (t[5] == 'T' || t[5] == 'S')) {
            e->type = DY_PE_NEXT; e->role = t[5] == 'T' ? DY_ROLE_T : DY_ROLE_S;
            p.specificity += 1;
        } else if (colon) {
            size_t pl = (size_t)(colon - t), rl = n - pl - 1;
            if (rl != 1 || (colon[1] != 'T' && colon[1] != 'S')) {
                snprintf(err, errlen, "\"%.*s\": a slot is PREP:T or PREP:S", (int)n, t); return -1;
            }
            e->role = colon[1] == 'T' ? DY_ROLE_T : DY_ROLE_S;
            if (pl == 4 && memcmp(t, "subj", 4) == 0) { e->type = DY_PE_SUBJ; }
            else {
                e->type = DY_PE_PREP;
                int r = parse_words(v, lex, t, pl, e, 3);
                if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad preposition \"%.*s\"", (int)pl, t); return -1; }
                p.specificity += 2;
            }
        } else if (n > 1 && t[0] == '=') {
            /* "=word": a literal right after the previous word matched (PETRARCH '_') */
            e->type = DY_PE_LIT;
            e->role = 1;
            int r = parse_words(v, lex, t + 1, n - 1, e, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%.*s\"", (int)n, t); return -1; }
            p.specificity += 3;
        } else {
            e->type = DY_PE_LIT;
            int r = parse_words(v, lex, t, n, e, 0);
            if (r) { snprintf(err, errlen, r == -2 ? "out of memory" : "bad word \"%.*s\"", (int)n, t); return -1; }
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

static int load_file(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char **nf = realloc(v->files, (size_t)(v->nfiles + 1) * sizeof *nf);
    if (!nf) { fclose(f); snprintf(err, errlen, "out of memory"); return -1; }
    v->files = nf;
    v->files[v->nfiles] = strdup(path);
    int file = v->nfiles++;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned ln = 0;
    int n = 0, rc = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        ln++;
        char *h = strchr(line, '#');
        if (h) *h = 0;
        char *p = line;
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) continue;
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
        if (dy_verbdict_add(v, lex, code, p, file, ln, msg, sizeof msg, &col) != 0) {
            long base = msg[0] == 'b' && strncmp(msg, "bad CAMEO", 9) == 0 ? (long)(c - line) + 1 : (long)(p - line) + col;
            snprintf(err, errlen, "%s:%u:%ld: %s", path, ln, base, msg);
            rc = -1; break;
        }
        n++;
    }
    free(line);
    fclose(f);
    return rc ? -1 : n;
}

int dy_verbdict_load(dy_verbdict *v, dy_lexicon *lex, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    if (!S_ISDIR(st.st_mode)) return load_file(v, lex, path, err, errlen);
    char fp[4096];
    snprintf(fp, sizeof fp, "%s/forms.txt", path);
    if (access(fp, R_OK) == 0 && dy_lexicon_load_forms(lex, fp, err, errlen) < 0) return -1;
    static const char *const skip[] = { "forms.txt", NULL };
    char **list;
    int n = dy_list_txt(path, skip, &list, err, errlen), total = 0;
    if (n < 0) return -1;
    for (int i = 0; i < n && total >= 0; i++) {
        int r = load_file(v, lex, list[i], err, errlen);
        total = r < 0 ? -1 : total + r;
    }
    dy_list_free(list, n);
    return total;
}
