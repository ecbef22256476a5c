/* petrarch.c: PETRARCH v1/2.0 and Phoenix dictionaries -> dyad's actor
 * dictionary and pattern language (see petrarch.h).  PETRARCH matched its
 * patterns on a Treebank parse; dyad matches its own patterns on its own
 * shallow parse, so every verb pattern is rewritten as dyad patterns:
 *
 *   - * TIES [064]            ->  064 restore tie            (+ target variants)
 *   - * WITH + [031]          ->  031 agree with:T
 *   - + * FROM $ [066]        ->  066 free subj:T from:S
 *   - * (TO) [042]            ->  042 travel to:T           (2.0 syntax)
 *   - NOT * [112]             ->  skipped: words before the verb (counted)
 *
 * A pattern without a target slot gets target variants (direct object, or a
 * PP headed by a common preposition), since PETRARCH took the target from
 * wherever the parse put the next actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "petrarch.h"
#include "code/cameo.h"
#include "core/files.h"

#define MAXW 64          /* words in one pattern line */
#define WLEN 64

typedef struct synset { char name[48]; char **mem; int nmem, cap; } synset;
typedef struct synsets { synset *s; int n, cap; } synsets;

typedef struct lctx {
    const char *path;
    dy_actordict *actors;
    dy_verbdict *verbs;
    dy_lexicon *lex;
    dy_petr_side *side;
    dy_petr_counts *c;
    int file;            /* file index in actors or verbs */
    char *err; size_t errlen;
    int oom;
    int strict;          /* codes checked: a bad one stops the load (x->fatal, message in err) */
    int fatal;
    const unsigned *lmap, *lcol; unsigned nl;   /* TABARI verbs rewritten: line -> original line, code column */
    long ccol;           /* column of the [code] of the line being translated */
} lctx;

static void fatal(lctx *x, unsigned ln, long col, const char *msg, const char *what)
{
    char esc[96];
    if (!x->fatal) snprintf(x->err, x->errlen, "%s:%u:%ld: %s \"%s\"", x->path, ln, col, msg, dy_escape(what, strlen(what), esc, sizeof esc));
    x->fatal = 1;
}

static void warn(lctx *x, unsigned ln, long col, const char *msg)
{
    x->c->warnings++;
    if (!x->c->first_warning[0])
        snprintf(x->c->first_warning, sizeof x->c->first_warning, "%.100s:%u:%ld: %.120s", x->path, ln, col, msg);
}

void dy_petr_side_free(dy_petr_side *s) { free(s->pair); memset(s, 0, sizeof *s); }

const char *dy_petr_pair(const dy_petr_side *s, int pi)
{
    if (!s || pi < 0 || pi >= s->npair || !s->pair[pi][0]) return NULL;
    return s->pair[pi];
}

static int side_set(dy_petr_side *s, int pi, const char *code)
{
    if (!s) return 0;
    if (pi >= s->cappair) {
        int nc = s->cappair ? s->cappair : 1024;
        while (nc <= pi) nc *= 2;
        char (*np)[6] = realloc(s->pair, (size_t)nc * sizeof *np);
        if (!np) return -1;
        memset(np + s->cappair, 0, (size_t)(nc - s->cappair) * sizeof *np);
        s->pair = np; s->cappair = nc;
    }
    if (pi >= s->npair) s->npair = pi + 1;
    snprintf(s->pair[pi], sizeof s->pair[pi], "%s", code);
    return 0;
}

/* Remove a '#' comment (a '#' inside [..] is part of a code such as [###]). */
static void strip_comment(char *s)
{
    int br = 0;
    for (char *p = s; *p; p++) {
        if (*p == '[') br = 1;
        else if (*p == ']') br = 0;
        else if (*p == '#' && !br) { *p = 0; break; }
    }
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

static void lower(char *s) { for (; *s; s++) *s = (char)tolower((unsigned char)*s); }

/* "<!-- ... -->" comment handling shared by all readers: returns 1 when the line is (inside) one. */
static int xml_comment(const char *line, int *in)
{
    const char *p = line;
    while (*p && isspace((unsigned char)*p)) p++;
    if (*in) { if (strstr(line, "-->")) *in = 0; return 1; }
    if (p[0] == '<' && p[1] == '!') { if (!strstr(p, "-->")) *in = 1; return 1; }
    return 0;
}

/* ---------------------------------------------------------------- names */

/* PETRARCH name -> text: '_' and runs of spaces become one space, trailing '_' dropped.
 * All-caps names are lowercased (dyad matches case-insensitively, except names
 * written in capitals, which it treats as acronyms): short one-word names of at
 * most 3 letters (UN, IMF, U.N.) keep their capitals. */
static size_t petr_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char ch = s[i];
        if (ch == '_' || isspace((unsigned char)ch)) { sp = 1; continue; }
        if (sp && k > 0) out[k++] = ' ';
        sp = 0;
        if (k + 1 < cap) out[k++] = ch;
    }
    out[k] = 0;
    int letters = 0, words = 1;
    for (size_t i = 0; i < k; i++) { if (isalpha((unsigned char)out[i])) letters++; if (out[i] == ' ') words++; }
    if (!(words == 1 && letters <= 3)) lower(out);
    return k;
}

/* ---------------------------------------------------------------- actors */

typedef struct pcode { char code[24]; int32_t from, to; } pcode;
typedef struct pentry {
    char **names; int nnames, capn;
    pcode *codes; int ncodes, capc;
    unsigned line;
    int dated;
} pentry;

static int32_t petr_date(const char *s, size_t n, int end, int *ok)
{
    char d[16];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof d - 1; i++) if (isdigit((unsigned char)s[i])) d[k++] = s[i];
    d[k] = 0;
    *ok = 1;
    if (k == 8) return atoi(d);
    if (k == 6) {   /* YYMMDD */
        int yy = (d[0] - '0') * 10 + d[1] - '0';
        return (yy <= 30 ? 20000000 : 19000000) + atoi(d);
    }
    (void)end;
    *ok = 0;
    return 0;
}

/* Parse the inside of "[CODE date]" into pe; returns -1 on a malformed block. */
static int parse_codeblock(lctx *x, pentry *pe, const char *s, size_t n, unsigned ln, long col)
{
    char buf[128];
    x->c->codes++;
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, s, n); buf[n] = 0;
    char *p = trim(buf);
    char *q = p;
    while (*q && !isspace((unsigned char)*q) && *q != '<' && *q != '>') q++;
    char codes[64];
    size_t cl = (size_t)(q - p);
    if (cl == 0 || cl >= sizeof codes) { warn(x, ln, col, "empty or overlong actor code"); return -1; }
    memcpy(codes, p, cl); codes[cl] = 0;
    for (char *u = codes; *u; u++) *u = (char)toupper((unsigned char)*u);
    char *r = trim(q);
    int32_t from = 0, to = 0;
    int ok = 1;
    /* dyad's TO is exclusive: "<D" (before D) ends at D, a range "A-B" includes B */
    if (*r == '<') to = petr_date(r + 1, strlen(r + 1), 1, &ok);
    else if (*r == '>') from = petr_date(r + 1, strlen(r + 1), 0, &ok);
    else if (*r) {
        char *dash = strchr(r, '-');
        if (!dash) ok = 0;
        else {
            int ok2 = 1;
            from = petr_date(r, (size_t)(dash - r), 0, &ok);
            to = petr_date(dash + 1, strlen(dash + 1), 1, &ok2) + 1;
            ok = ok && ok2;
        }
    }
    if (!ok) { warn(x, ln, col, "bad date restriction (expected <DATE, >DATE or DATE-DATE with YYMMDD or YYYYMMDD)"); return -1; }
    /* [A/B]: several codes for the same name */
    char *save = NULL;
    for (char *t = strtok_r(codes, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (pe->ncodes == pe->capc) {
            int nc = pe->capc ? pe->capc * 2 : 4;
            pcode *np = realloc(pe->codes, (size_t)nc * sizeof *np);
            if (!np) { x->oom = 1; return -1; }
            pe->codes = np; pe->capc = nc;
        }
        const char *why;
        if (x->strict && strcmp(t, "---") && !dy_actor_code_ok(DY_AK_COUNTRY, t, strlen(t), 1, &why)) {
            char msg[160];
            snprintf(msg, sizeof msg, "bad actor code (%s):", why);
            fatal(x, ln, col, msg, t);
            return -1;
        }
        pcode *pc = &pe->codes[pe->ncodes++];
        snprintf(pc->code, sizeof pc->code, "%s", t);
        pc->from = from; pc->to = to;
        if (from || to) pe->dated = 1;
    }
    return 0;
}

static int pentry_name(lctx *x, pentry *pe, const char *s, size_t n)
{
    char buf[512];
    size_t k = petr_name(s, n, buf, sizeof buf);
    if (!k) return 0;
    if (pe->nnames == pe->capn) {
        int nc = pe->capn ? pe->capn * 2 : 4;
        char **np = realloc(pe->names, (size_t)nc * sizeof *np);
        if (!np) { x->oom = 1; return -1; }
        pe->names = np; pe->capn = nc;
    }
    if (!(pe->names[pe->nnames] = strdup(buf))) { x->oom = 1; return -1; }
    pe->nnames++;
    return 0;
}

static void pentry_flush(lctx *x, pentry *pe)
{
    if (pe->nnames && !pe->ncodes) warn(x, pe->line, 1, "actor has no [CODE]");
    int kind = pe->dated ? DY_AK_PERSON : DY_AK_COUNTRY;
    int person = -1;
    /* dated codes first: an undated code is the fallback when no date range holds */
    for (int pass = 0; pass < 2 && !x->oom; pass++)
        for (int i = 0; i < pe->ncodes; i++) {
            pcode *pc = &pe->codes[i];
            int dated = pc->from || pc->to;
            if ((pass == 0) != dated) continue;
            for (int j = 0; j < pe->nnames; j++) {
                char msg[256];
                int id = dy_actordict_add(x->actors, kind, pc->code, pc->from, pc->to, pe->names[j], strlen(pe->names[j]),
                                          x->file, pe->line, kind == DY_AK_PERSON ? person : -1, msg, sizeof msg);
                if (id < 0) {
                    if (strcmp(msg, "out of memory") == 0) { x->oom = 1; return; }
                    warn(x, pe->line, 1, msg);
                    continue;
                }
                if (kind == DY_AK_PERSON && person < 0) person = id;
                x->c->added_names++;
            }
        }
    for (int j = 0; j < pe->nnames; j++) free(pe->names[j]);
    pe->nnames = 0; pe->ncodes = 0; pe->dated = 0;
}

/* Split "NAME [CODE]" at the first '['; the code block(s) go to pe. */
static int name_and_codes(lctx *x, pentry *pe, char *s, unsigned ln, const char *line0)
{
    char *br = strchr(s, '[');
    size_t nl = br ? (size_t)(br - s) : strlen(s);
    while (nl > 0 && isspace((unsigned char)s[nl - 1])) nl--;
    if (nl && pentry_name(x, pe, s, nl)) return -1;
    while (br) {
        char *e = strchr(br, ']');
        if (!e) { warn(x, ln, (long)(br - line0) + 1, "'[' without ']'"); return 0; }
        parse_codeblock(x, pe, br + 1, (size_t)(e - br - 1), ln, (long)(br - line0) + 1);
        if (x->oom) return -1;
        br = strchr(e, '[');
    }
    return 0;
}

static int load_actors(lctx *x, FILE *f)
{
    pentry pe;
    memset(&pe, 0, sizeof pe);
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int inc = 0;
    while (!x->fatal && getline(&line, &cap, f) >= 0 && !x->oom) {
        ln++;
        if (xml_comment(line, &inc)) continue;
        strip_comment(line);
        int indented = isspace((unsigned char)line[0]);
        char *s = trim(line);
        if (!*s) continue;
        if (*s == '[') {           /* code line of the current entry */
            if (!pe.nnames) { warn(x, ln, (long)(s - line) + 1, "code line without a name"); continue; }
            char *e = strchr(s, ']');
            if (!e) { warn(x, ln, (long)(s - line) + 1, "'[' without ']'"); continue; }
            parse_codeblock(x, &pe, s + 1, (size_t)(e - s - 1), ln, (long)(s - line) + 1);
            continue;
        }
        if (*s == '+') {           /* synonym */
            if (!pe.nnames) { warn(x, ln, (long)(s - line) + 1, "synonym without a primary name"); continue; }
            x->c->names++;
            name_and_codes(x, &pe, s + 1, ln, line);
            continue;
        }
        (void)indented;
        pentry_flush(x, &pe);
        pe.line = ln;
        x->c->names++;
        name_and_codes(x, &pe, s, ln, line);
    }
    if (!x->oom && !x->fatal) pentry_flush(x, &pe);
    for (int j = 0; j < pe.nnames; j++) free(pe.names[j]);
    free(pe.names); free(pe.codes);
    free(line);
    return x->oom || x->fatal ? -1 : 0;
}

/* ---------------------------------------------------------------- agents */

typedef struct subst { char key[32]; char *val[16]; int nval; } subst;

static void plural_of(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == 'y' && !strchr("aeiou", s[n - 2])) snprintf(out, cap, "%.*sies", (int)(n - 1), s);
    else if (n > 0 && (s[n - 1] == 's' || s[n - 1] == 'x' || s[n - 1] == 'z' || (n > 1 && (s[n - 1] == 'h') && (s[n - 2] == 'c' || s[n - 2] == 's'))))
        snprintf(out, cap, "%ses", s);
    else if (n > 2 && strcmp(s + n - 3, "man") == 0) snprintf(out, cap, "%.*smen", (int)(n - 3), s);
    else snprintf(out, cap, "%ss", s);
}

static void add_agent(lctx *x, const char *name, const char *code, int role, unsigned ln)
{
    char nm[512], msg[256];
    size_t k = petr_name(name, strlen(name), nm, sizeof nm);
    if (!k) return;
    int id = dy_actordict_add(x->actors, DY_AK_AGENT, code, 0, 0, nm, k, x->file, ln, -1, msg, sizeof msg);
    if (id < 0) { if (strcmp(msg, "out of memory") == 0) x->oom = 1; else warn(x, ln, 1, msg); return; }
    x->actors->e[id].prefix_role = (uint8_t)role;
    x->c->added_names++;
}

static int load_agents(lctx *x, FILE *f)
{
    subst subs[16];
    int nsubs = 0;
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int inc = 0;
    while (!x->fatal && getline(&line, &cap, f) >= 0 && !x->oom) {
        ln++;
        if (xml_comment(line, &inc)) continue;
        strip_comment(line);
        char *s = trim(line);
        if (!*s) continue;
        if (s[0] == '!' && strchr(s, '=')) {          /* !PERSON! = MAN, MEN, ... */
            char *eq = strchr(s, '=');
            if (nsubs == 16) { warn(x, ln, 1, "more than 16 substitution sets"); continue; }
            subst *sb = &subs[nsubs];
            memset(sb, 0, sizeof *sb);
            *eq = 0;
            snprintf(sb->key, sizeof sb->key, "%s", trim(s));
            char *save = NULL;
            for (char *t = strtok_r(eq + 1, ",", &save); t && sb->nval < 16; t = strtok_r(NULL, ",", &save)) {
                t = trim(t);
                if (*t && !(sb->val[sb->nval] = strdup(t))) { x->oom = 1; break; }
                if (*t) sb->nval++;
            }
            nsubs++;
            continue;
        }
        char *br = strrchr(s, '[');
        char *be = br ? strchr(br, ']') : NULL;
        if (!br) { warn(x, ln, 1, "agent without [CODE]"); continue; }
        x->c->names++;
        if (!be) { warn(x, ln, (long)(br - line) + 1, "'[' without ']'"); continue; }
        /* code: "~GOV" (actor code first, then GOV) or "NGO~" (NGO first) */
        char code[32];
        size_t cl = 0;
        int role = 0;
        for (char *p = br + 1; p < be && cl < sizeof code - 1; p++) {
            if (isspace((unsigned char)*p)) continue;
            if (*p == '~') { role = cl == 0 ? 2 : 1; continue; }
            code[cl++] = (char)toupper((unsigned char)*p);
        }
        code[cl] = 0;
        if (!cl) { warn(x, ln, (long)(br - line) + 1, "empty agent code"); continue; }
        const char *why;
        if (x->strict && !dy_actor_code_ok(DY_AK_AGENT, code, cl, 1, &why)) {
            char msg[160];
            snprintf(msg, sizeof msg, "bad agent code (%s):", why);
            fatal(x, ln, (long)(br - line) + 2, msg, code);
            break;
        }
        *br = 0;
        /* explicit plurals {A B}; none given: the regular plural */
        char *ob = strchr(s, '{');
        char plurals[512] = "";
        int explicit = 0;
        if (ob) {
            char *cb = strchr(ob, '}');
            if (!cb) { warn(x, ln, (long)(ob - line) + 1, "'{' without '}'"); continue; }
            snprintf(plurals, sizeof plurals, "%.*s", (int)(cb - ob - 1), ob + 1);
            explicit = 1;
            *ob = 0;
        }
        char *name = trim(s);
        /* expand one !X! substitution */
        char *names[17];
        int nn = 0;
        char *bang = strchr(name, '!');
        char *bang2 = bang ? strchr(bang + 1, '!') : NULL;
        if (bang && bang2) {
            int found = 0;
            for (int i = 0; i < nsubs; i++) {
                if (strlen(subs[i].key) != (size_t)(bang2 - bang + 1) || strncmp(subs[i].key, bang, (size_t)(bang2 - bang + 1))) continue;
                found = 1;
                for (int v = 0; v < subs[i].nval && nn < 17; v++) {
                    size_t l = strlen(name) + strlen(subs[i].val[v]) + 1;
                    char *e = malloc(l);
                    if (!e) { x->oom = 1; break; }
                    snprintf(e, l, "%.*s%s%s", (int)(bang - name), name, subs[i].val[v], bang2 + 1);
                    names[nn++] = e;
                }
            }
            if (!found) { warn(x, ln, (long)(bang - line) + 1, "unknown !SUBSTITUTION!"); continue; }
        } else if ((names[0] = strdup(name))) nn = 1;
        else x->oom = 1;
        for (int i = 0; i < nn; i++) {
            char low[512];
            snprintf(low, sizeof low, "%s", names[i]);
            lower(low);
            add_agent(x, low, code, role, ln);
            if (!explicit && !bang) {
                char pl[600];
                plural_of(low, pl, sizeof pl);
                add_agent(x, pl, code, role, ln);
            }
            free(names[i]);
        }
        if (explicit) {
            char *save = NULL;
            for (char *t = strtok_r(plurals, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
                lower(t);
                add_agent(x, t, code, role, ln);
            }
        }
    }
    for (int i = 0; i < nsubs; i++) for (int v = 0; v < subs[i].nval; v++) free(subs[i].val[v]);
    free(line);
    return x->oom || x->fatal ? -1 : 0;
}

/* ---------------------------------------------------------------- discards, issues */

static int load_discards(lctx *x, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int inc = 0;
    while (!x->fatal && getline(&line, &cap, f) >= 0 && !x->oom) {
        ln++;
        if (xml_comment(line, &inc)) continue;
        strip_comment(line);
        char *s = trim(line);
        if (!*s) continue;
        x->c->names++;
        int story = *s == '+';
        if (story) s++;
        char nm[512], msg[256];
        size_t k = petr_name(s, strlen(s), nm, sizeof nm);
        if (!k) { warn(x, ln, 1, "empty discard phrase"); continue; }
        int id = dy_actordict_add(x->actors, DY_AK_DISCARD, story ? "+###" : "###", 0, 0, nm, k, x->file, ln, -1, msg, sizeof msg);
        if (id < 0) { if (strcmp(msg, "out of memory") == 0) x->oom = 1; else warn(x, ln, 1, msg); continue; }
        x->c->added_names++;
    }
    free(line);
    return x->oom ? -1 : 0;
}

static int load_issues(lctx *x, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int in = 0;
    while (getline(&line, &cap, f) >= 0) {
        ln++;
        strip_comment(line);
        char *s = trim(line);
        if (!*s) continue;
        if (strncmp(s, "<ISSUE", 6) == 0) { in = 1; continue; }
        if (strncmp(s, "</ISSUE", 7) == 0) { in = 0; continue; }
        if (!in) { warn(x, ln, 1, "text outside an <ISSUE> section"); continue; }
        x->c->issues++;
    }
    free(line);
    return 0;
}

/* ---------------------------------------------------------------- verbs */

static synset *find_synset(synsets *ss, const char *name)
{
    for (int i = 0; i < ss->n; i++) if (strcmp(ss->s[i].name, name) == 0) return &ss->s[i];
    return NULL;
}

static void synsets_free(synsets *ss)
{
    for (int i = 0; i < ss->n; i++) {
        for (int j = 0; j < ss->s[i].nmem; j++) free(ss->s[i].mem[j]);
        free(ss->s[i].mem);
    }
    free(ss->s);
    memset(ss, 0, sizeof *ss);
}

/* Synset name as used in patterns: "&TIETYPES" (upper case, trailing '_' dropped). */
static void synset_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) out[k++] = (char)toupper((unsigned char)s[i]);
    while (k > 0 && out[k - 1] == '_') k--;
    out[k] = 0;
}

/* Append the one-word alternatives of a synset to alt ("a|b|c"); members of
 * several words contribute their last word (lossy); nested &SETS expand. */
static int synset_alts(synsets *ss, const char *key, char *alt, size_t cap, int depth, int *lossy)
{
    synset *s = find_synset(ss, key);
    if (!s || depth > 4) return -1;
    for (int i = 0; i < s->nmem; i++) {
        const char *m = s->mem[i];
        if (m[0] == '&') {
            char k2[48];
            synset_key(m, strlen(m), k2, sizeof k2);
            if (synset_alts(ss, k2, alt, cap, depth + 1, lossy) < 0) return -1;
            continue;
        }
        if (!m[0]) continue;   /* an empty member ("+" alone) names nothing */
        if (depth == 0 && (strchr(m, ' ') || strchr(m + 1, '_')) && strspn(m, "_ ") == 0) {
            /* several words: expanded into patterns of their own by translate() */
            const char *q = m;
            int words = 0, in = 0;
            for (; *q; q++) { int sep = *q == ' ' || *q == '_' || *q == '(' || *q == ')'; if (!sep && !in) words++; in = !sep; }
            if (words > 1) continue;
        }
        /* last word of the member */
        char w[WLEN];
        size_t n = strlen(m), e = n;
        while (e > 0 && (m[e - 1] == '_' || m[e - 1] == ' ' || m[e - 1] == ')')) e--;
        size_t b = e;
        while (b > 0 && m[b - 1] != '_' && m[b - 1] != ' ' && m[b - 1] != '(') b--;
        if (b > 0) *lossy = 1;
        if (e - b == 0 || e - b >= WLEN) continue;
        size_t k = 0;
        for (size_t i2 = b; i2 < e; i2++) {
            char ch = (char)tolower((unsigned char)m[i2]);
            if (ch == ':' || ch == '{' || ch == '}' || ch == '|') continue;
            w[k++] = ch;
        }
        w[k] = 0;
        if (!k) continue;
        size_t al = strlen(alt);
        if (al + k + 2 >= cap) { *lossy = 1; break; }
        if (al) alt[al++] = '|';
        memcpy(alt + al, w, k + 1);
    }
    return 0;
}

/* Prepositions whose object may be the target, in order of preference on
 * ties; "in" and "on" last, as they head most time and place phrases. */
static const char *const PREPS[] = { "with", "to", "against", "at", "into", "toward", "for", "over", "about",
                                     "of", "from", "between", "in", "on", NULL };
static int is_prep(const char *w) { for (int i = 0; PREPS[i]; i++) if (strcmp(PREPS[i], w) == 0) return 1; return 0; }

typedef struct pverb {
    char lemma[WLEN];       /* head lemma */
    char post[256];         /* literal words after the verb ("down") */
    char code[16];          /* own default code, "" = the block's */
    int bad;                /* words before the verb */
} pverb;

/* Lemma of a PETRARCH verb word: a known form's lemma (LEFT -> leave), a
 * regular past (KILLED -> kill), else the word itself. */
static void verb_lemma(dy_lexicon *lex, const char *w, char *out, size_t cap)
{
    char low[WLEN];
    snprintf(low, sizeof low, "%.63s", w);
    lower(low);
    size_t n = strlen(low);
    int id = dy_lexicon_verb(lex, low, n);
    if (id >= 0) { snprintf(out, cap, "%s", lex->word[id]); return; }
    if (n > 4 && strcmp(low + n - 3, "ied") == 0) { snprintf(out, cap, "%.*sy", (int)(n - 3), low); return; }
    if (n > 4 && strcmp(low + n - 2, "ed") == 0) {
        char st[WLEN];
        snprintf(st, sizeof st, "%.*s", (int)(n - 2), low);
        if (dy_lexicon_verb(lex, st, n - 2) >= 0) { snprintf(out, cap, "%s", st); return; }
        snprintf(st, sizeof st, "%.*s", (int)(n - 1), low);   /* "announced" -> "announce" */
        if (dy_lexicon_verb(lex, st, n - 1) >= 0) { snprintf(out, cap, "%s", st); return; }
        snprintf(out, cap, "%.*s", (int)(n - 2), low);
        return;
    }
    snprintf(out, cap, "%s", low);
}

/* A code "[064]", "[032:033]", "[---]", "[075A]": primary and second code. */
static void split_code(const char *s, char *a, char *b)
{
    a[0] = b[0] = 0;
    const char *colon = strchr(s, ':');
    size_t al = colon ? (size_t)(colon - s) : strlen(s);
    if (al > 5) al = 5;
    memcpy(a, s, al); a[al] = 0;
    if (colon) snprintf(b, 6, "%.5s", colon + 1);
}

/* Add one dyad pattern "HEAD ELEMS" with PETRARCH code (any 1-5 chars). */
static int known_code(const lctx *x, const char *c)
{
    return !strcmp(c, "---") || dy_hmap_get(&x->verbs->codes->index, c, strlen(c)) >= 0;
}

/* A code as dyad checks it: TABARI's '!' and '?' marks dropped; the discard
 * and complex codes (### +++), which dyad's coder has no use for in a
 * pattern, become the null code. */
static void norm_code(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = in; *p && k + 1 < cap; p++) if (*p != '!' && *p != '?') out[k++] = *p;
    out[k] = 0;
    if (!strcmp(out, "###") || !strcmp(out, "+++")) snprintf(out, cap, "---");
}

static int add_pattern(lctx *x, const char *code0, const char *code20, const char *pat, unsigned ln, uint16_t spec_bonus,
                       int compound)
{
    char code[8], code2[8] = "";
    if (x->strict) {
        norm_code(code0, code, sizeof code);
        if (code20) norm_code(code20, code2, sizeof code2);
        if (!known_code(x, code)) { fatal(x, ln, x->ccol, "unknown CAMEO event code (not in cameo/codes.txt):", code0); return -1; }
        if (code2[0] && !known_code(x, code2)) { fatal(x, ln, x->ccol, "unknown CAMEO event code (not in cameo/codes.txt):", code20); return -1; }
    } else {
        snprintf(code, sizeof code, "%s", code0);
        if (code20) snprintf(code2, sizeof code2, "%s", code20);
    }
    int digits = strlen(code) >= 2 && strlen(code) <= 4;
    for (const char *p = code; *p; p++) if (!isdigit((unsigned char)*p)) digits = 0;
    char msg[256];
    int col = 1;
    if (dy_verbdict_add(x->verbs, x->lex, digits ? code : "---", pat, x->file, ln, msg, sizeof msg, &col) != 0) {
        if (strcmp(msg, "out of memory") == 0) { x->oom = 1; return -1; }
        return 1;
    }
    int pi = x->verbs->np - 1;
    if (!digits) snprintf(x->verbs->p[pi].code, sizeof x->verbs->p[pi].code, "%s", code);
    x->verbs->p[pi].specificity = (uint16_t)(x->verbs->p[pi].specificity + spec_bonus);
    x->verbs->p[pi].foreign = compound ? DY_FOREIGN_COMPOUND : 1;
    if (code2[0]) snprintf(x->verbs->p[pi].code2, sizeof x->verbs->p[pi].code2, "%s", code2);
    if (code2[0] && side_set(x->side, pi, code2)) { x->oom = 1; return -1; }
    x->c->added_patterns++;
    return 0;
}

/* Translate one pattern (the text between '-' and '[') for the verbs of a
 * block; also used for the default pattern (empty text). */
static int member_words(const char *m)
{
    int words = 0, in = 0;
    for (; *m; m++) { int sep = *m == ' ' || *m == '_' || *m == '(' || *m == ')'; if (!sep && !in) words++; in = !sep; }
    return words;
}

/* An element without its "=" (consecutive) mark. */
static const char *bare(const char *el) { return el[0] == '=' ? el + 1 : el; }

/* The pattern's words with word i replaced by a synset member of several words,
 * which must be consecutive ("DID N'T" -> DID_N'T); the '_' joins are kept. */
static void subst_member(char words[][WLEN], const int *joined, int nw, int i, const char *member, char *nt, size_t cap)
{
    size_t k = 0;
    nt[0] = 0;
    for (int j = 0; j < nw && k + 200 < cap; j++) {
        if (j > 0) nt[k++] = joined[j] ? '_' : ' ';
        if (j == i) {
            const char *m = member;
            while (*m == ' ' || *m == '_') m++;
            for (; *m && k + 2 < cap; m++) nt[k++] = (*m == ' ') ? '_' : *m;
            while (k > 0 && nt[k - 1] == '_') k--;
        } else k += (size_t)snprintf(nt + k, cap - k, "%s", words[j]);
        nt[k] = 0;
    }
}

static void translate(lctx *x, synsets *ss, pverb *vb, int nvb, const char *text, const char *codefield,
                      const char *blockcode, unsigned ln, int v2, int depth)
{
    char a[8], b[8];
    /* tokens: split on spaces and '_'; parentheses and braces become separate tokens */
    char words[MAXW][WLEN];
    int joined[MAXW];       /* joined to the word before by '_' alone: the two must be consecutive */
    int nw = 0, lossy = 0, us = 0, sp = 0;
    for (const char *p = text; *p && nw < MAXW;) {
        if (isspace((unsigned char)*p) || *p == '_') { if (*p == '_') us = 1; else sp = 1; p++; continue; }
        joined[nw] = nw > 0 && us && !sp;
        us = sp = 0;
        if (*p == '(' || *p == ')' || *p == '{' || *p == '}') { words[nw][0] = *p; words[nw][1] = 0; joined[nw] = 0; nw++; p++; continue; }
        size_t k = 0;
        while (*p && !isspace((unsigned char)*p) && *p != '_' && *p != '(' && *p != ')' && *p != '{' && *p != '}') {
            if (k < WLEN - 1) words[nw][k++] = *p;
            p++;
        }
        words[nw][k] = 0;
        nw++;
    }
    int star = -1;
    for (int i = 0; i < nw; i++) if (strcmp(words[i], "*") == 0) { star = i; break; }
    int subj_t = 0, compound = 0;
    if (star < 0 && nw > 0) { x->c->skipped[DY_PSK_EMPTY]++; return; }
    char el[DY_MAX_PELEM + 4][300];
    int nel = 0, has_role = 0, nlit = 0;
    /* words before the verb: "<word" elements, nearest to the verb first (PETRARCH
     * matches them leftwards from the verb; '_' adjacency is not kept) */
    int prev_pre = 0;       /* the word after this one became a "<" element */
    for (int i = star - 1; i >= 0; i--) {
        const char *w = words[i];
        /* "RECENTLY_*": right before the verb; "MOST_CERTAINLY": right before the word after it */
        const char *adj = (i + 1 == star || prev_pre) && joined[i + 1] ? "=" : "";
        prev_pre = 0;
        if (strcmp(w, "+") == 0) subj_t = 1;
        else if (strcmp(w, "%") == 0) compound = 1;
        else if (strcmp(w, "$") == 0 || strcmp(w, "^") == 0 || w[0] == '(' || w[0] == ')' || w[0] == '{' || w[0] == '}') continue;
        else if (nel >= DY_MAX_PELEM + 3) { x->c->skipped[DY_PSK_TOOLONG]++; return; }
        else if (w[0] == '&') {
            char key[48], alt[280] = "";
            synset_key(w, strlen(w), key, sizeof key);
            synset *sy = find_synset(ss, key);
            int multi = 0;
            for (int m = 0; sy && m < sy->nmem; m++) {
                if (sy->mem[m][0] == '&' || member_words(sy->mem[m]) < 2) continue;
                multi++;
                if (depth >= 2) continue;
                char nt[1200];
                subst_member(words, joined, nw, i, sy->mem[m], nt, sizeof nt);
                translate(x, ss, vb, nvb, nt, codefield, blockcode, ln, v2, depth + 1);
                if (x->oom || x->fatal) return;
            }
            if (synset_alts(ss, key, alt, sizeof alt - 2, 0, &lossy) < 0) { x->c->skipped[DY_PSK_SYNSET]++; return; }
            if (!alt[0]) { if (!multi) x->c->skipped[DY_PSK_SYNSET]++; return; }
            snprintf(el[nel++], sizeof el[0], "<%s{%s}", adj, alt);
            prev_pre = 1;
        } else {
            char lw[WLEN];
            size_t k = 0;
            for (const char *p = w; *p && k < WLEN - 1; p++) {
                char ch = (char)tolower((unsigned char)*p);
                if (ch == ':' || ch == '|' || ch == '{' || ch == '}' || ch == '<') continue;
                lw[k++] = ch;
            }
            lw[k] = 0;
            if (k) { snprintf(el[nel++], sizeof el[0], "<%s%s", adj, lw); prev_pre = 1; }
        }
    }
    /* post-verb elements */
    if (subj_t) { snprintf(el[nel++], sizeof el[0], "subj:T"); }
    int post0 = nel;        /* the first element after the verb */
    int paren = 0, paren_words = 0;
    char paren_prep[WLEN] = "";
    int prev_lit = 0;       /* the word before this one became a literal element */
    for (int i = star + 1; i < nw; i++) {
        const char *w = words[i];
        const char *adj = prev_lit && joined[i] ? "=" : "";
        prev_lit = 0;
        if (nel >= DY_MAX_PELEM + 3) break;
        if (strcmp(w, "(") == 0) { paren = 1; paren_words = 0; paren_prep[0] = 0; continue; }
        if (strcmp(w, ")") == 0) {
            /* 2.0: "(TO)" alone: the PP object is the target */
            if (paren && paren_words == 1 && !has_role && nel > 0 && paren_prep[0]) {
                snprintf(el[nel - 1], sizeof el[0], "%s:T", paren_prep);
                nlit--;
                has_role = 1;
            }
            paren = 0;
            continue;
        }
        if (strcmp(w, "{") == 0 || strcmp(w, "}") == 0 || strcmp(w, "^") == 0) continue;
        if (strcmp(w, "+") == 0 || strcmp(w, "$") == 0 || strcmp(w, "%") == 0) {
            char role = w[0] == '$' ? 'S' : 'T';
            /* "WITH +": the PP with that preposition; else the direct object */
            if (nel > 0 && nlit > 0 && strchr(el[nel - 1], ':') == NULL && strchr(el[nel - 1], '|') == NULL &&
                bare(el[nel - 1])[0] != '{' && is_prep(bare(el[nel - 1]))) {
                char pw[WLEN];
                snprintf(pw, sizeof pw, "%s", bare(el[nel - 1]));
                snprintf(el[nel - 1], sizeof el[0], "%s:%c", pw, role);
                nlit--;
            } else if (!(nel > 0 && (strcmp(el[nel - 1], "T") == 0 || strcmp(el[nel - 1], "S") == 0))) {
                snprintf(el[nel++], sizeof el[0], "%c", role);
            }
            if (role == 'T') has_role = 1;
            continue;
        }
        if (w[0] == '&') {
            char key[48], alt[280] = "";
            synset_key(w, strlen(w), key, sizeof key);
            synset *sy = find_synset(ss, key);
            int multi = 0;
            /* members of several words ("ECONOMIC SANCTIONS"): one pattern each, with all their words */
            for (int m = 0; sy && m < sy->nmem; m++) {
                if (sy->mem[m][0] == '&' || member_words(sy->mem[m]) < 2) continue;
                multi++;
                if (depth >= 2) continue;
                char nt[1200];
                subst_member(words, joined, nw, i, sy->mem[m], nt, sizeof nt);
                for (char *q = nt; *q; q++) if (*q == '(' || *q == ')') *q = ' ';
                translate(x, ss, vb, nvb, nt, codefield, blockcode, ln, v2, depth + 1);
                if (x->oom || x->fatal) return;
            }
            if (synset_alts(ss, key, alt, sizeof alt - 2, 0, &lossy) < 0) { x->c->skipped[DY_PSK_SYNSET]++; return; }
            if (!alt[0]) { if (!multi) x->c->skipped[DY_PSK_SYNSET]++; return; }
            snprintf(el[nel++], sizeof el[0], "%s{%s}", adj, alt);
            nlit++;
            prev_lit = 1;
            if (paren) paren_words += 2;
            continue;
        }
        char lw[WLEN];
        size_t k = 0;
        for (const char *p = w; *p && k < WLEN - 1; p++) {
            char ch = (char)tolower((unsigned char)*p);
            if (ch == ':' || ch == '|' || ch == '{' || ch == '}') continue;
            lw[k++] = ch;
        }
        lw[k] = 0;
        if (!k) continue;
        snprintf(el[nel++], sizeof el[0], "%s%s", adj, lw);
        nlit++;
        prev_lit = 1;
        if (paren) { if (!paren_words) snprintf(paren_prep, sizeof paren_prep, "%s", lw); paren_words++; }
    }
    /* v1: a trailing preposition ("... MEMOS FROM") marks where the target is */
    if (!has_role && !v2 && nel > 0 && nlit > 0 && is_prep(bare(el[nel - 1]))) {
        char pw[WLEN];
        snprintf(pw, sizeof pw, "%s", bare(el[nel - 1]));
        snprintf(el[nel - 1], sizeof el[0], "%s:T", pw);
        nlit--;
        has_role = 1;
    }
    if (nel > DY_MAX_PELEM) { x->c->skipped[DY_PSK_TOOLONG]++; return; }
    if (depth == 0) x->c->translated++;
    if (lossy && depth == 0) x->c->lossy++;
    /* one pattern per group of verbs with the same code and particles: head
     * "{a|b|c}" (multi-word verbs add their particles as literals) */
    unsigned char done[256];
    memset(done, 0, sizeof done);
    for (int v = 0; v < nvb && v < 256; v++) {
        if (vb[v].bad || done[v]) continue;
        const char *code = codefield ? codefield : (vb[v].code[0] ? vb[v].code : blockcode);
        split_code(code, a, b);
        if (!a[0]) continue;
        if (b[0]) x->c->paired++;
        char head[700];
        int nh = snprintf(head, sizeof head, "%s", vb[v].lemma), nalt = 1;
        for (int u = v + 1; u < nvb && u < 256; u++) {
            if (vb[u].bad || done[u] || strcmp(vb[u].post, vb[v].post) != 0) continue;
            const char *cu = codefield ? codefield : (vb[u].code[0] ? vb[u].code : blockcode);
            if (strcmp(cu, code) != 0) continue;
            done[u] = 1;
            int dup = 0;
            for (int w = v; w < u; w++) if ((w == v || done[w]) && strcmp(vb[w].lemma, vb[u].lemma) == 0 && strcmp(vb[w].post, vb[u].post) == 0) dup = 1;
            if (dup || nh + (int)strlen(vb[u].lemma) + 3 >= (int)sizeof head) continue;
            nh += snprintf(head + nh, sizeof head - (size_t)nh, "|%s", vb[u].lemma);
            nalt++;
        }
        char base[1400], post[256], slot[WLEN + 300] = "";
        snprintf(post, sizeof post, "%s", vb[v].post);
        /* a verb ending in a preposition ("JEER_AT") whose pattern puts an actor right
         * after it ("- * + FOR ..."): that actor is the preposition's object */
        char *lastw = strrchr(post, ' ');
        lastw = lastw ? lastw + 1 : post;
        if (post[0] && post0 < nel && (!strcmp(el[post0], "T") || !strcmp(el[post0], "S")) && is_prep(lastw)) {
            snprintf(slot, sizeof slot, "%s:%s", lastw, el[post0]);
            if (lastw > post) lastw[-1] = 0; else post[0] = 0;
        }
        int nb = snprintf(base, sizeof base, "%s%s%s%s%s", nalt > 1 ? "{" : "", head, nalt > 1 ? "}" : "",
                          post[0] ? " " : "", post);
        int npost = 0;
        for (const char *p = post; *p; p++) if (*p == ' ') npost++;
        if (post[0]) npost++;
        if (nel + npost > DY_MAX_PELEM) { x->c->skipped[DY_PSK_TOOLONG]++; continue; }
        for (int i = 0; i < nel && nb < (int)sizeof base - 310; i++)
            nb += snprintf(base + nb, sizeof base - (size_t)nb, " %s", slot[0] && i == post0 ? slot : el[i]);
        int r = 0;
        if (has_role || subj_t) r = add_pattern(x, a, b, base, ln, 0, 0);
        else if (compound) {
            /* "% *": the conjuncts of a compound subject act on each other; as specific as a word */
            r = add_pattern(x, a, b, base, ln, 3, 1);
        } else {
            /* no target slot: the pattern itself (reciprocal codes between coordinated
             * subjects), and PETRARCH's target: the first actor after the verb, in its
             * object, a PP or a complement clause */
            r = add_pattern(x, a, b, base, ln, 0, 0);
            if (nel + npost < DY_MAX_PELEM && r >= 0) {
                char t[1500];
                snprintf(t, sizeof t, "%s next:T", base);
                r = add_pattern(x, a, b, t, ln, 0, 0);
            }
        }
        if (r > 0) x->c->skipped[DY_PSK_REJECTED]++;
        if (x->oom || x->fatal) return;
    }
}

/* Parse a verb line of a block: "WORD {FORMS} [CODE]", "+BREAK_DOWN {...}", "KLM_NOP_+RST". */
static void parse_verb_line(lctx *x, char *s, pverb *vb, unsigned ln)
{
    memset(vb, 0, sizeof *vb);
    char *br = strchr(s, '[');
    if (br) {
        char *e = strchr(br, ']');
        if (e) snprintf(vb->code, sizeof vb->code, "%.*s", (int)(e - br - 1 > 15 ? 15 : e - br - 1), br + 1);
        char *t = trim(vb->code);
        memmove(vb->code, t, strlen(t) + 1);
        *br = 0;
    }
    char *ob = strchr(s, '{');
    char forms[512] = "";
    if (ob) {
        char *cb = strchr(ob, '}');
        snprintf(forms, sizeof forms, "%.*s", cb ? (int)(cb - ob - 1) : 0, ob + 1);
        *ob = 0;
    }
    char *name = trim(s);
    /* words of a multi-word verb; the '+'-marked one (or the first) is the verb */
    char w[8][WLEN];
    int nw = 0, vi = -1;
    for (char *p = name; *p && nw < 8;) {
        while (*p == '_' || isspace((unsigned char)*p)) p++;
        if (!*p) break;
        size_t k = 0;
        if (*p == '+') { vi = nw; p++; }
        while (*p && *p != '_' && !isspace((unsigned char)*p)) { if (k < WLEN - 1) w[nw][k++] = (char)tolower((unsigned char)*p); p++; }
        w[nw][k] = 0;
        if (k) nw++;
    }
    if (!nw) { vb->bad = 1; warn(x, ln, 1, "empty verb line"); return; }
    if (vi < 0) vi = 0;
    if (vi > 0) { vb->bad = 1; x->c->skipped[DY_PSK_MULTIVERB]++; return; }
    verb_lemma(x->lex, w[vi], vb->lemma, sizeof vb->lemma);
    for (int i = vi + 1; i < nw; i++) {
        size_t l = strlen(vb->post);
        snprintf(vb->post + l, sizeof vb->post - l, "%s%s", l ? " " : "", w[i]);
    }
    /* explicit forms: "+BREAKS_DOWN": the '+'-marked (or first) word is the verb form */
    char *save = NULL;
    for (char *t = strtok_r(forms, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        char f[WLEN];
        const char *pl = strchr(t, '+');
        const char *st = pl ? pl + 1 : t;
        size_t k = 0;
        while (st[k] && st[k] != '_' && k < WLEN - 1) { f[k] = (char)tolower((unsigned char)st[k]); k++; }
        f[k] = 0;
        if (k && strcmp(f, vb->lemma) != 0 && dy_lexicon_add_form(x->lex, f, vb->lemma) < 0) { x->oom = 1; return; }
    }
}

static int load_verbs(lctx *x, FILE *f, int v2)
{
    synsets ss = { 0 };
    pverb *vb = NULL;
    int nvb = 0, capvb = 0;
    char blockcode[16] = "";
    int in_block = 0, in_patterns = 0, cur_set = -1;
    unsigned block_line = 0;
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0, phys = 0;
    long block_col = 1;
    int inc = 0;
    while (!x->fatal && getline(&line, &cap, f) >= 0 && !x->oom) {
        phys++;
        /* TABARI verbs come rewritten: report the line (and code column) of the original */
        ln = x->lmap && phys <= x->nl ? x->lmap[phys - 1] : phys;
        long lcol = x->lcol && phys <= x->nl ? (long)x->lcol[phys - 1] : 0;
        if (xml_comment(line, &inc)) continue;
        int blank = 1;
        for (const char *q = line; *q; q++) if (!isspace((unsigned char)*q)) blank = 0;
        strip_comment(line);
        char *s = trim(line);
        if (!*s) { if (blank) cur_set = -1; continue; }
        if (s[0] == '&') {                      /* synset definition */
            if (ss.n == ss.cap) {
                int nc = ss.cap ? ss.cap * 2 : 32;
                synset *np = realloc(ss.s, (size_t)nc * sizeof *np);
                if (!np) { x->oom = 1; break; }
                ss.s = np; ss.cap = nc;
            }
            synset *sy = &ss.s[ss.n];
            memset(sy, 0, sizeof *sy);
            size_t k = 0;
            while (s[k] && !isspace((unsigned char)s[k])) k++;
            synset_key(s, k, sy->name, sizeof sy->name);
            cur_set = ss.n++;
            x->c->synsets++;
            continue;
        }
        if (s[0] == '+' && cur_set >= 0) {      /* synset member */
            synset *sy = &ss.s[cur_set];
            if (sy->nmem == sy->cap) {
                int nc = sy->cap ? sy->cap * 2 : 8;
                char **nm = realloc(sy->mem, (size_t)nc * sizeof *nm);
                if (!nm) { x->oom = 1; break; }
                sy->mem = nm; sy->cap = nc;
            }
            if (!(sy->mem[sy->nmem] = strdup(trim(s + 1)))) { x->oom = 1; break; }
            sy->nmem++;
            continue;
        }
        cur_set = -1;
        if (strncmp(s, "---", 3) == 0) {        /* --- VERB [code] --- */
            if (in_block && !in_patterns) { x->ccol = block_col; translate(x, &ss, vb, nvb, "", NULL, blockcode, block_line, v2, 0); }
            in_block = 1; in_patterns = 0; nvb = 0; block_line = ln;
            char *b0 = strchr(s, '[');
            block_col = lcol ? lcol : b0 ? (long)(b0 - line) + 1 : 1;
            x->c->blocks++;
            char *br = strchr(s, '['), *e = br ? strchr(br, ']') : NULL;
            if (!br || !e) { warn(x, ln, 1, "verb block without [CODE]"); snprintf(blockcode, sizeof blockcode, "---"); }
            else snprintf(blockcode, sizeof blockcode, "%.*s", (int)(e - br - 1 > 15 ? 15 : e - br - 1), br + 1);
            char *t = trim(blockcode);
            memmove(blockcode, t, strlen(t) + 1);
            continue;
        }
        if (!in_block) { warn(x, ln, 1, "line outside a verb block"); continue; }
        int is_pat = (s[0] == '-' ) || (s[0] == '*');
        if (!is_pat) {                           /* a verb of the block */
            if (in_patterns) { warn(x, ln, 1, "verb line after the patterns of its block"); }
            x->c->verbs++;
            if (nvb == capvb) {
                int nc = capvb ? capvb * 2 : 8;
                pverb *np = realloc(vb, (size_t)nc * sizeof *np);
                if (!np) { x->oom = 1; break; }
                vb = np; capvb = nc;
            }
            parse_verb_line(x, s, &vb[nvb++], ln);
            continue;
        }
        x->c->patterns++;
        if (!in_patterns) {
            /* the verbs' default codes first */
            x->ccol = block_col;
            translate(x, &ss, vb, nvb, "", NULL, blockcode, block_line, v2, 0);
            in_patterns = 1;
            if (x->fatal) break;
        }
        char *body = s[0] == '-' ? s + 1 : s;
        char *br = strrchr(body, '[');
        char *e = br ? strchr(br, ']') : NULL;
        if (!br || !e) { warn(x, ln, 1, "pattern without [CODE]"); continue; }
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)(e - br - 1 > 15 ? 15 : e - br - 1), br + 1);
        char *ct = trim(code);
        x->ccol = lcol ? lcol : (long)(br - line) + 1;
        *br = 0;
        translate(x, &ss, vb, nvb, body, ct, blockcode, ln, v2, 0);
    }
    if (in_block && !in_patterns && !x->oom && !x->fatal) { x->ccol = block_col; translate(x, &ss, vb, nvb, "", NULL, blockcode, block_line, v2, 0); }
    synsets_free(&ss);
    free(vb);
    free(line);
    return x->oom || x->fatal ? -1 : 0;
}

/* ---------------------------------------------------------------- entry points */

int dy_petr_detect(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char low[256];
    snprintf(low, sizeof low, "%s", b);
    lower(low);
    if (strstr(low, "issue")) return DY_PETR_ISSUES;
    if (strstr(low, "discard")) return DY_PETR_DISCARDS;
    if (strstr(low, "agent")) return DY_PETR_AGENTS;
    if (strstr(low, "actor")) return DY_PETR_ACTORS;
    if (strstr(low, "verb") || strstr(low, "cameo")) {
        if (strstr(low, "2.0")) return DY_PETR_VERBS2;
        /* 2.0 patterns use (PP) and {PHRASE} groups */
        FILE *f = fopen(path, "r");
        int v2 = 0;
        if (f) {
            char line[1024];
            while (!v2 && fgets(line, sizeof line, f))
                if (line[0] == '-' && line[1] != '-' && strchr(line, '(')) v2 = 1;
            fclose(f);
        }
        return v2 ? DY_PETR_VERBS2 : DY_PETR_VERBS1;
    }
    return DY_PETR_ACTORS;
}

static int load_kind(lctx *x, FILE *f, int kind)
{
    const char *path = x->path;
    if (kind == DY_PETR_VERBS1 || kind == DY_PETR_VERBS2) {
        dy_verbdict *verbs = x->verbs;
        char **nf = realloc(verbs->files, (size_t)(verbs->nfiles + 1) * sizeof *nf);
        if (!nf || !(nf[verbs->nfiles] = strdup(path))) { if (nf) verbs->files = nf; x->oom = 1; return -1; }
        verbs->files = nf;
        x->file = verbs->nfiles++;
        return load_verbs(x, f, kind == DY_PETR_VERBS2);
    }
    if (kind == DY_PETR_ISSUES) return load_issues(x, f);
    x->file = dy_actordict_file(x->actors, path);
    if (x->file < 0) { x->oom = 1; return -1; }
    if (kind == DY_PETR_AGENTS) return load_agents(x, f);
    if (kind == DY_PETR_DISCARDS) return load_discards(x, f);
    return load_actors(x, f);
}

static int load_mem(lctx *x, const char *buf, size_t len, int kind)
{
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;   /* a UTF-8 BOM */
    if (!len) return 0;   /* nothing to load (fmemopen wants a size) */
    FILE *f = fmemopen((void *)buf, len, "r");
    if (!f) { x->oom = 1; return -1; }
    int rc = load_kind(x, f, kind);
    fclose(f);
    return rc;
}

static int finish(lctx *x, int rc)
{
    if (rc < 0 && !x->fatal) snprintf(x->err, x->errlen, "%s: out of memory", x->path);
    return rc < 0 ? -1 : 0;
}

int dy_petr_load_buf(const char *path, int kind, const char *buf, size_t len, int strict, dy_actordict *actors,
                     dy_verbdict *verbs, dy_lexicon *lex, dy_petr_side *side, dy_petr_counts *c, char *err, size_t errlen)
{
    lctx x = { path, actors, verbs, lex, side, c, -1, err, errlen, 0, strict && verbs->codes, 0, NULL, NULL, 0, 1 };
    return finish(&x, load_mem(&x, buf, len, kind));
}

int dy_petr_load(const char *path, int kind, dy_actordict *actors, dy_verbdict *verbs, dy_lexicon *lex,
                 dy_petr_side *side, dy_petr_counts *c, char *err, size_t errlen)
{
    if (kind == DY_PETR_AUTO) kind = dy_petr_detect(path);
    char *buf;
    size_t len;
    if (dy_read_file(path, 1, dy_read_timeout_ms(), 0, &buf, &len, err, errlen) < 0) return -1;
    int r = dy_petr_load_buf(path, kind, buf, len, 0, actors, verbs, lex, side, c, err, errlen);
    free(buf);
    return r;
}

/* ---------------------------------------------------------------- TABARI verbs
 *
 * A TABARI .verbs file is PETRARCH v1's ancestor: the same patterns
 * ("- + * OF $ [code]", &SYNSETS, $ + % ^), but a verb is one root line
 * "ROOT [code]" (its patterns follow; "{ FORMS }" lines list its forms)
 * instead of a "--- NAME [code] ---" block, alternatives are written inline
 * "{ A | B_C }", and a root without '_' is a stem ("ACCUS" matches accuse,
 * accused, accusing).  The file is rewritten into PETRARCH v1 text (each
 * line remembering the original line and the column of its code) and
 * translated by the PETRARCH translator above:
 *   ROOT [c]          ->  --- ROOT [c] ---  /  ROOT {FORMS}  (a stem also ROOT+E)
 *   { A | B }         ->  &DYALTn, a synset with members A and B
 *   <SYNSETS>..       ->  the synsets, first; <TIME> phrases are skipped (dyad resolves dates itself)
 *   WORD~ / WORD=     ->  WORD (TABARI's open/exact matching is not kept: lossy) */
typedef struct tbout { char *p; size_t n, cap; unsigned *map, *col; unsigned nl, capl; int oom; } tbout;

static void tb_put(tbout *o, const char *text, unsigned line, unsigned col)
{
    size_t k = strlen(text);
    if (o->oom) return;
    if (o->n + k + 2 > o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 65536;
        while (nc < o->n + k + 2) nc *= 2;
        char *np = realloc(o->p, nc);
        if (!np) { o->oom = 1; return; }
        o->p = np; o->cap = nc;
    }
    if (o->nl == o->capl) {
        unsigned nc = o->capl ? o->capl * 2 : 1024;
        unsigned *a = realloc(o->map, nc * sizeof *a);
        if (!a) { o->oom = 1; return; }
        o->map = a;
        unsigned *b = realloc(o->col, nc * sizeof *b);
        if (!b) { o->oom = 1; return; }
        o->col = b; o->capl = nc;
    }
    memcpy(o->p + o->n, text, k);
    o->n += k;
    o->p[o->n++] = '\n';
    o->p[o->n] = 0;
    o->map[o->nl] = line; o->col[o->nl] = col; o->nl++;
}

static void tb_free(tbout *o) { free(o->p); free(o->map); free(o->col); memset(o, 0, sizeof *o); }

/* Copy src into dst without TABARI's '~' and '=' marks. */
static void tb_unmark(const char *src, char *dst, size_t cap)
{
    size_t k = 0;
    for (; *src && k + 1 < cap; src++) if (*src != '~' && *src != '=') dst[k++] = *src;
    dst[k] = 0;
}

int dy_petr_load_tabari_verbs(const char *path, const char *buf, size_t len, int strict, dy_verbdict *verbs,
                              dy_lexicon *lex, dy_petr_counts *c, char *err, size_t errlen)
{
    dy_actordict none;   /* verbs only: no actor entries come from a .verbs file */
    memset(&none, 0, sizeof none);
    lctx x = { path, &none, verbs, lex, NULL, c, -1, err, errlen, 0, strict && verbs->codes, 0, NULL, NULL, 0, 1 };
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;
    tbout syn = { 0 }, blk = { 0 };
    int sect = 0, nalt = 0, have_block = 0, pending = 0;
    char pend_head[1200] = "", pend_verb[1200] = "", pend_stem[1200] = "", pend_forms[1024] = "";
    unsigned pend_line = 0, pend_col = 0, ln = 0;
    char *line = NULL;
    size_t cap = 0;
#define FLUSH_ROOT() do { if (pending) { \
        tb_put(&blk, pend_head, pend_line, pend_col); \
        char vl_[2400]; snprintf(vl_, sizeof vl_, "%s%s%s%s", pend_verb, pend_forms[0] ? " {" : "", pend_forms, pend_forms[0] ? "}" : ""); \
        tb_put(&blk, vl_, pend_line, 0); \
        if (pend_stem[0]) tb_put(&blk, pend_stem, pend_line, 0); \
        pending = 0; } } while (0)
    for (size_t off = 0; off < len && !syn.oom && !blk.oom;) {
        const char *nlp = memchr(buf + off, '\n', len - off);
        size_t n = nlp ? (size_t)(nlp - (buf + off)) : len - off;
        ln++;
        if (n + 1 > cap) { char *nb = realloc(line, n + 1); if (!nb) { blk.oom = 1; break; } line = nb; cap = n + 1; }
        memcpy(line, buf + off, n); line[n] = 0;
        off += n + 1;
        for (size_t i = 0; i < n; i++) if (line[i] == '\r' || line[i] == '\t') line[i] = ' ';
        char *sc = strchr(line, ';');     /* TABARI comments */
        if (sc) *sc = 0;
        char *s = trim(line);
        if (!*s) continue;
        if (!strncmp(s, "~~", 2)) break;  /* TABARI's end of file */
        for (char *u = s; *u; u++) *u = (char)toupper((unsigned char)*u);
        if (*s == '<') {
            FLUSH_ROOT();
            sect = !strncmp(s, "<SYNSETS>", 9) ? 1 : !strncmp(s, "<TIME>", 6) ? 2 : 0;
            continue;
        }
        if (sect == 2) continue;
        if (sect == 1) {
            if (*s == '&' || *s == '+') tb_put(&syn, s, ln, 0);
            else warn(&x, ln, (long)(s - line) + 1, "expected &SET or +member in <SYNSETS>");
            continue;
        }
        char *br = strrchr(s, '[');
        if (*s == '{') {                   /* the current root's forms */
            char *e = strchr(s, '}');
            if (!pending || !e) { warn(&x, ln, (long)(s - line) + 1, pending ? "'{' without '}'" : "verb forms not right after their root"); continue; }
            size_t fl = strlen(pend_forms);
            snprintf(pend_forms + fl, sizeof pend_forms - fl, "%s%.*s", fl ? " " : "", (int)(e - s - 1), s + 1);
            continue;
        }
        if (!br || !strchr(br, ']')) { warn(&x, ln, (long)(s - line) + 1, "line without [CODE]"); continue; }
        unsigned ccol = (unsigned)(br - line) + 1;
        if (*s == '-') {                   /* a pattern of the current root */
            FLUSH_ROOT();
            if (!have_block) { warn(&x, ln, 1, "pattern before any verb"); continue; }
            /* inline alternatives -> synsets */
            char out[1600];
            size_t k = 0;
            int bad = 0;
            for (char *p = s; *p && k + 40 < sizeof out;) {
                if (*p == '}') { bad = 1; break; }
                if (*p != '{' || p >= br) { out[k++] = *p++; continue; }
                char *e = strchr(p, '}');
                if (!e || memchr(p + 1, '{', (size_t)(e - p - 1))) { bad = 1; break; }
                char name[32];
                snprintf(name, sizeof name, "&DYALT%d", ++nalt);
                tb_put(&syn, name, ln, 0);
                char alt[600];
                snprintf(alt, sizeof alt, "%.*s", (int)(e - p - 1), p + 1);
                char *save = NULL;
                for (char *t = strtok_r(alt, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
                    char m[640], m2[620];
                    t = trim(t);
                    tb_unmark(t, m2, sizeof m2);
                    if (!*m2) continue;
                    snprintf(m, sizeof m, "+%s", m2);
                    tb_put(&syn, m, ln, 0);
                }
                k += (size_t)snprintf(out + k, sizeof out - k, " %s", name);
                p = e + 1;
            }
            out[k] = 0;
            if (bad) { warn(&x, ln, (long)(s - line) + 1, "unbalanced { } alternatives (pattern skipped)"); continue; }
            char clean[1600];
            tb_unmark(out, clean, sizeof clean);
            tb_put(&blk, clean, ln, ccol);
            continue;
        }
        /* a root line: ROOT WORDS [code] */
        FLUSH_ROOT();
        *br = 0;
        char code[64];
        snprintf(code, sizeof code, "%.60s", trim(br + 1));
        char *ce = strchr(code, ']');
        if (ce) *ce = 0;
        char root[1000];
        tb_unmark(trim(s), root, sizeof root);
        if (!root[0]) { warn(&x, ln, 1, "verb root without words"); continue; }
        snprintf(pend_head, sizeof pend_head, "--- %s [%s] ---", root, code);
        snprintf(pend_verb, sizeof pend_verb, "%s", root);
        pend_stem[0] = pend_forms[0] = 0;
        /* a stem ("ACCUS"): also the word + E, the likely lemma */
        size_t w = strcspn(trim(s), " _=~");
        const char *r0 = trim(s);
        if (r0[w] != '_' && r0[w] != '=' && w >= 3 && w < 60 && toupper((unsigned char)r0[w - 1]) != 'E') {
            char low[64];
            for (size_t i = 0; i < w; i++) low[i] = (char)tolower((unsigned char)r0[i]);
            low[w] = 0;
            if (dy_lexicon_verb(lex, low, w) < 0) snprintf(pend_stem, sizeof pend_stem, "%.*sE%s", (int)w, root, root + w);
        }
        pend_line = ln; pend_col = ccol;
        pending = have_block = 1;
    }
    FLUSH_ROOT();
#undef FLUSH_ROOT
    free(line);
    int rc = 0;
    if (syn.oom || blk.oom) rc = -1, x.oom = 1;
    else {
        /* synsets first, then the blocks: one text, one line map */
        tbout all = { 0 };
        for (unsigned i = 0, o = 0; i < syn.nl; i++) {
            const char *e = strchr(syn.p + o, '\n');
            char l[1400];
            snprintf(l, sizeof l, "%.*s", (int)(e - (syn.p + o)), syn.p + o);
            tb_put(&all, l, syn.map[i], syn.col[i]);
            o = (unsigned)(e - syn.p) + 1;
        }
        for (unsigned i = 0, o = 0; i < blk.nl; i++) {
            const char *e = strchr(blk.p + o, '\n');
            char l[2600];
            snprintf(l, sizeof l, "%.*s", (int)(e - (blk.p + o)), blk.p + o);
            tb_put(&all, l, blk.map[i], blk.col[i]);
            o = (unsigned)(e - blk.p) + 1;
        }
        if (all.oom) rc = -1, x.oom = 1;
        else if (all.n) {
            x.lmap = all.map; x.lcol = all.col; x.nl = all.nl;
            rc = load_mem(&x, all.p, all.n, DY_PETR_VERBS1);
        }
        tb_free(&all);
    }
    tb_free(&syn);
    tb_free(&blk);
    return finish(&x, rc);
}

void dy_petr_counts_format(const char *path, const dy_petr_counts *c, dy_buf *b)
{
    dy_buf_printf(b, "%s:", path);
    if (c->names) dy_buf_printf(b, " names %d", c->names);
    if (c->codes) dy_buf_printf(b, ", codes %d", c->codes);
    if (c->blocks) dy_buf_printf(b, " verb blocks %d, verbs %d, patterns %d, synsets %d", c->blocks, c->verbs, c->patterns, c->synsets);
    if (c->issues) dy_buf_printf(b, " issue phrases %d (not used: dyad codes no issues)", c->issues);
    if (c->added_names) dy_buf_printf(b, "; %d dictionary entries added", c->added_names);
    if (c->blocks) {
        static const char *const why[DY_PSK_N] = { "words before the verb", "multi-word verb with words before the verb",
            "too many elements", "unknown synset", "no '*'", "rejected" };
        dy_buf_printf(b, "; translated %d (%d lossy, %d paired codes) into %d dyad patterns; not expressible:",
                      c->translated, c->lossy, c->paired, c->added_patterns);
        for (int i = 0; i < DY_PSK_N; i++) dy_buf_printf(b, "%s %s %d", i ? "," : "", why[i], c->skipped[i]);
    }
    if (c->warnings) dy_buf_printf(b, "; %d malformed line(s) skipped, first: %s", c->warnings, c->first_warning);
    dy_buf_puts(b, "\n");
}
