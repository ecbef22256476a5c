/* dictload.c: see dictload.h.  The sniffer votes line by line: each entry
 * line is evidence for the formats it is a well-formed line of (+), against
 * those it cannot be a line of (-), or neutral (a synonym, a bare name, a
 * comment).  The format with the most evidence wins, ties going to what the
 * file name says; a file where no line is evidence for anything is no known
 * format, an error naming its first entry line. */
#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "compat/dictload.h"
#include "core/files.h"

static const char *const NAMES[DY_DF_N] = {
    "unknown", "dyad actors", "dyad patterns", "dyad verb forms",
    "TABARI actors", "TABARI agents", "TABARI verbs", "TABARI options", "TABARI project",
    "PETRARCH actors", "PETRARCH agents", "PETRARCH discards", "PETRARCH verbs", "PETRARCH 2.0 verbs", "PETRARCH issues"
};

const char *dy_dictfmt_name(int fmt) { return fmt >= 0 && fmt < DY_DF_N ? NAMES[fmt] : "unknown"; }

/* ---------------------------------------------------------------- sniffing */

/* Trim in place; returns the first non-space character. */
static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

enum { CK_NONE = 0, CK_EVENT, CK_ACTOR, CK_AGENT, CK_NULL };
/* What the first [..] block of s holds: an event code ("042", "111!", "013:012"),
 * an actor code ("RUSGOV", "USA >19990101"), an agent ("~GOV", "NGO~"), a null
 * code ("---", "###", "+++") or nothing (no block). */
static int code_kind(const char *s)
{
    const char *b = strchr(s, '[');
    const char *e = b ? strchr(b, ']') : NULL;
    if (!b || !e) return CK_NONE;
    b++;
    while (b < e && isspace((unsigned char)*b)) b++;
    if (memchr(b, '~', (size_t)(e - b))) return CK_AGENT;
    if (e - b >= 3 && (!strncmp(b, "---", 3) || !strncmp(b, "###", 3) || !strncmp(b, "+++", 3))) return CK_NULL;
    size_t d = 0;
    while (b + d < e && isdigit((unsigned char)b[d])) d++;
    if (d >= 2 && d <= 4) return CK_EVENT;
    if (b < e && isupper((unsigned char)*b)) return CK_ACTOR;
    return CK_NONE;
}

static int has_block(const char *s) { const char *b = strchr(s, '['); return b && strchr(b, ']'); }

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

/* The name hint: which format the file name suggests (0 none). */
static int name_hint(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char low[256];
    size_t i = 0;
    for (; b[i] && i + 1 < sizeof low; i++) low[i] = (char)tolower((unsigned char)b[i]);
    low[i] = 0;
    if (ends_with(low, ".actors")) return DY_DF_TABARI_ACTORS;
    if (ends_with(low, ".agents")) return DY_DF_TABARI_AGENTS;
    if (ends_with(low, ".verbs")) return DY_DF_TABARI_VERBS;
    if (ends_with(low, ".options")) return DY_DF_TABARI_OPTIONS;
    if (ends_with(low, ".project")) return DY_DF_TABARI_PROJECT;
    if (!strcmp(low, "forms.txt")) return DY_DF_DYAD_FORMS;
    if (strstr(low, "discard")) return DY_DF_PETR_DISCARDS;
    if (strstr(low, "issue")) return DY_DF_PETR_ISSUES;
    if (strstr(low, "agent")) return DY_DF_PETR_AGENTS;
    if (strstr(low, "actor")) return DY_DF_PETR_ACTORS;
    if (strstr(low, "verb") || strstr(low, "cameo")) return DY_DF_PETR_VERBS1;
    return 0;
}

/* Votes of one entry line (raw: comment not cut) for every format. */
static void vote(const char *raw, const char *whole, size_t wlen, int first, int hint, int *pv_block, int v[DY_DF_N])
{
    char t[2048], p[2048];
    memset(v, 0, DY_DF_N * sizeof *v);
    snprintf(t, sizeof t, "%s", raw);
    snprintf(p, sizeof p, "%s", raw);
    /* dyad: '#' comments (already known not to start the line); the whole line, however long */
    v[DY_DF_DYAD_ACTORS] = dy_actordict_line_ok(whole, wlen) ? 2 : -2;
    int vk = dy_verbdict_line_kind(whole, wlen);
    v[DY_DF_DYAD_PATTERNS] = vk == 1 ? 2 : -2;
    v[DY_DF_DYAD_FORMS] = vk == 2 ? 2 : -2;
    /* TABARI: ';' comments */
    char *sc = strchr(t, ';');
    if (sc) *sc = 0;
    char *s = trim(t);
    /* PETRARCH: '#' comments outside [..] */
    int br = 0;
    for (char *q = p; *q; q++) {
        if (*q == '[') br = 1; else if (*q == ']') br = 0;
        else if (*q == '#' && !br) { *q = 0; break; }
    }
    char *u = trim(p);
    /* options: "KEYWORD: ..." */
    {
        const char *q = raw;
        while (isupper((unsigned char)*q) || *q == ' ') q++;
        v[DY_DF_TABARI_OPTIONS] = q > raw && *q == ':' ? 2 : -2;
    }
    /* project: "<xxxfile> name" lines after a free title line */
    v[DY_DF_TABARI_PROJECT] = raw[0] == '<' && strchr(raw, '>') ? 2 : first ? 0 : -2;
    /* issues */
    v[DY_DF_PETR_ISSUES] = !strncmp(raw, "<ISSUE", 6) || !strncmp(raw, "</ISSUE", 7) ? 100 : 0;   /* nothing else has these */
    /* discards: any phrase, when the name says so */
    v[DY_DF_PETR_DISCARDS] = hint == DY_DF_PETR_DISCARDS ? (has_block(u) ? -2 : 1) : 0;
    int tk = code_kind(s), pk = code_kind(u);
    /* TABARI verbs */
    int *tv = &v[DY_DF_TABARI_VERBS];
    if (!strncmp(s, "<SYNSETS>", 9) || !strncmp(s, "</SYNSETS>", 10) || !strncmp(s, "<TIME>", 6) || !strncmp(s, "</TIME>", 7)) *tv = 4;
    else if (!strncmp(s, "---", 3)) *tv = -2;
    else if (s[0] == '&') *tv = 1;
    else if (s[0] == '+' || s[0] == '{' || !s[0]) *tv = 0;
    else if (tk == CK_EVENT) *tv = 2;
    else if (tk == CK_NULL) *tv = s[0] == '-' ? 1 : 0;
    else *tv = -2;
    /* PETRARCH verbs */
    int *pv = &v[DY_DF_PETR_VERBS1];
    if (!strncmp(u, "---", 3) && has_block(u)) { *pv = 4; *pv_block = 1; }
    else if (u[0] == '&') *pv = 1;
    else if (u[0] == '+' || !u[0]) *pv = 0;
    else if ((u[0] == '-' || u[0] == '*') && (pk == CK_EVENT || pk == CK_NULL)) *pv = 2;
    else if (*pv_block && pk != CK_ACTOR && pk != CK_AGENT) *pv = 0;   /* a verb line of the block */
    else *pv = -2;
    /* actors and agents (TABARI and PETRARCH share the line shapes) */
    int sect = !strncmp(s, "<NOUN>", 6) || !strncmp(s, "</NOUN>", 7) || !strncmp(s, "<ADJECTIVE>", 11) || !strncmp(s, "</ADJECTIVE>", 12);
    int ta, tg, pa, pg;
    if (sect) ta = tg = 4;
    else if (s[0] == '+' || !s[0]) ta = tg = 0;
    else if (tk == CK_ACTOR) ta = 2, tg = -2;
    else if (tk == CK_AGENT) ta = -2, tg = 2;
    else if (tk == CK_NULL) ta = tg = 0;
    else if (tk == CK_EVENT || s[0] == '-' || s[0] == '&') ta = tg = -2;
    else ta = tg = has_block(s) ? -2 : 0;   /* a bare name: its codes may follow */
    if (u[0] == '!' && strchr(u, '=')) pa = -2, pg = 4;   /* !PERSON! = MAN, MEN */
    else if (u[0] == '<') pa = pg = -2;
    else if (u[0] == '+' || !u[0]) pa = 0, pg = -2;
    else if (pk == CK_ACTOR) pa = 2, pg = -2;
    else if (pk == CK_AGENT) pa = -2, pg = strchr(u, '{') ? 3 : 2;
    else if (pk == CK_NULL) pa = 0, pg = -2;
    else if (pk == CK_EVENT || u[0] == '-' || u[0] == '&') pa = pg = -2;
    else pa = has_block(u) ? -2 : 0, pg = -2;
    v[DY_DF_TABARI_ACTORS] = ta; v[DY_DF_TABARI_AGENTS] = tg;
    v[DY_DF_PETR_ACTORS] = pa; v[DY_DF_PETR_AGENTS] = pg;
}

int dy_dict_sniff(const char *path, const char *buf, size_t len, char *err, size_t errlen)
{
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;   /* a UTF-8 BOM */
    int hint = name_hint(path);
    long score[DY_DF_N] = { 0 }, neg[DY_DF_N] = { 0 };
    unsigned ln = 0, first_ln = 0, first_col = 0;
    char first[2048] = "";
    int entries = 0, pv_block = 0, in_xml = 0, v2 = 0, binary = 0;
    for (size_t off = 0; off < len && entries < 400;) {
        const char *nl = memchr(buf + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;
        ln++;
        char line[2048];
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, buf + off, k); line[k] = 0;
        if (memchr(buf + off, 0, n)) binary = 1;
        off += n + 1;
        for (size_t i = 0; i < k; i++) if (line[i] == '\r' || line[i] == '\t') line[i] = ' ';
        char *s = line;
        while (*s == ' ') s++;
        size_t e = strlen(s);
        while (e > 0 && s[e - 1] == ' ') s[--e] = 0;
        if (!*s) continue;
        if (in_xml) { if (strstr(s, "-->")) in_xml = 0; continue; }
        if (!strncmp(s, "<!", 2)) { if (!strstr(s, "-->") && !strchr(s + 2, '>')) in_xml = 1; continue; }   /* as PETRARCH reads them */
        if (s[0] == '#' || s[0] == ';' || !strncmp(s, "//", 2)) continue;   /* comments of one format or another */
        if (!first_ln) { first_ln = ln; first_col = (unsigned)(s - line) + 1; snprintf(first, sizeof first, "%s", s); }
        int v[DY_DF_N];
        vote(s, buf + off - n - 1, n, entries == 0, hint, &pv_block, v);
        if (s[0] == '-' && strchr(s, '(')) v2 = 1;
        for (int f = 1; f < DY_DF_N; f++) { if (v[f] > 0) score[f] += v[f]; else if (v[f] < 0) neg[f]++; }
        entries++;
    }
    if (!entries) {
        snprintf(err, errlen, "%s: %s", path, len ? "no dictionary entries (only comments and blank lines)" : "empty file: no dictionary entries");
        return 0;
    }
    /* the most evidence wins; then the fewest lines against; then the name */
    int best = 0;
    for (int f = 1; f < DY_DF_N; f++) {
        if (f == DY_DF_PETR_VERBS2 || score[f] <= 0) continue;
        if (!best || score[f] > score[best] || (score[f] == score[best] && (neg[f] < neg[best] || (neg[f] == neg[best] && f == hint))))
            best = f;
    }
    /* TABARI and PETRARCH actor files share their shapes: the name decides, else PETRARCH */
    if (best == DY_DF_TABARI_ACTORS && hint != best && score[DY_DF_PETR_ACTORS] == score[best] && neg[DY_DF_PETR_ACTORS] <= neg[best]) best = DY_DF_PETR_ACTORS;
    if (best == DY_DF_TABARI_AGENTS && hint != best && score[DY_DF_PETR_AGENTS] == score[best] && neg[DY_DF_PETR_AGENTS] <= neg[best]) best = DY_DF_PETR_AGENTS;
    if (hint == DY_DF_TABARI_ACTORS && best == DY_DF_PETR_ACTORS && score[DY_DF_TABARI_ACTORS] >= score[best]) best = DY_DF_TABARI_ACTORS;
    if (hint == DY_DF_TABARI_AGENTS && best == DY_DF_PETR_AGENTS && score[DY_DF_TABARI_AGENTS] >= score[best]) best = DY_DF_TABARI_AGENTS;
    /* no evidence at all, but the first line starts like a dyad entry (a KIND word, or a
     * code): dyad's own loader names the exact column of what is wrong */
    if (!best && !binary && first_ln) {
        size_t w = strcspn(first, " ");
        static const char *const kinds[] = { "country", "adj", "metonym", "org", "group", "person", "agent", "title", "discard", NULL };
        for (int i = 0; kinds[i]; i++) if (strlen(kinds[i]) == w && !strncmp(first, kinds[i], w)) best = DY_DF_DYAD_ACTORS;
        const char *colon = memchr(first, ':', w);
        size_t l1 = colon ? (size_t)(colon - first) : w;
        if (!best && (dy_event_code_syntax(first, l1) || (isdigit((unsigned char)first[0]) && isdigit((unsigned char)first[1]))))
            best = DY_DF_DYAD_PATTERNS;   /* a code, or digits meant as one */
        if (best) return best;
    }
    if (best && !binary) {
        if (best == DY_DF_PETR_VERBS1) {
            const char *b = strrchr(path, '/');
            if (v2 || strstr(b ? b : path, "2.0")) best = DY_DF_PETR_VERBS2;
        }
        return best;
    }
    char esc[200], why[300] = "";
    dy_escape(first, strlen(first) > 80 ? 80 : strlen(first), esc, sizeof esc);
    if (binary) snprintf(why, sizeof why, "; the file holds NUL bytes (binary data?)");
    else {
        char tmp[2048], aerr[256];
        snprintf(tmp, sizeof tmp, "%s", first);
        /* the dyad actor loader's reason, the likeliest intent for a plain line */
        if (!dy_actordict_line_ok(tmp, strlen(tmp))) {
            dy_actordict d0;
            if (dy_actordict_init(&d0) == 0) {
                int r = dy_actordict_load_buf(&d0, "", tmp, strlen(tmp), aerr, sizeof aerr);
                if (r < 0) {
                    const char *m = aerr;
                    for (int c = 0; c < 3 && m; c++) { m = strchr(m, ':'); if (m) m++; }   /* drop ":1:1:" */
                    snprintf(why, sizeof why, "; as a dyad actor entry: %s", m ? m + (*m == ' ') : aerr);
                }
                dy_actordict_free(&d0);
            }
        }
    }
    snprintf(err, errlen, "%s:%u:%u: not a dictionary in any format dyad reads: line \"%s\" is no dyad actor entry "
             "(KIND CODE NAME), dyad pattern (CODE PATTERN), TABARI or PETRARCH entry (NAME [CODE], VERB [code])%s",
             path, first_ln ? first_ln : 1, first_col ? first_col : 1, esc, why);
    return 0;
}

/* ---------------------------------------------------------------- loading */

void dy_dictset_init(dy_dictset *s, dy_actordict *a, dy_verbdict *v, dy_lexicon *lex)
{
    memset(s, 0, sizeof *s);
    s->actors = a; s->verbs = v; s->lex = lex;
    dy_buf_init(&s->notes);
}

void dy_dictset_free(dy_dictset *s)
{
    for (int i = 0; i < s->nsrc; i++) { free(s->src[i].path); free(s->src[i].bytes); }
    free(s->src);
    dy_buf_free(&s->notes);
    s->src = NULL; s->nsrc = s->capsrc = 0;
}

/* Keep a file's bytes (takes buf) in s->src. */
static int keep_src(dy_dictset *s, const char *path, char *buf, size_t len, int fmt)
{
    if (s->nsrc == s->capsrc) {
        int nc = s->capsrc ? s->capsrc * 2 : 32;
        dy_dictsrc *n = realloc(s->src, (size_t)nc * sizeof *n);
        if (!n) return -1;
        s->src = n; s->capsrc = nc;
    }
    char *p = strdup(path);
    if (!p) return -1;
    s->src[s->nsrc++] = (dy_dictsrc){ p, buf, len, fmt };
    return 0;
}

static int load_dir(dy_dictset *s, const char *dir, int fmt, dy_dictstat *st, char *err, size_t errlen);

/* A TABARI .project: its <actorsfile>, <agentsfile> and <verbsfile> (paths relative to the project's directory). */
static int load_project(dy_dictset *s, const char *path, const char *buf, size_t len, dy_dictstat *st, char *err, size_t errlen)
{
    static const struct { const char *tag; int fmt; } TAGS[] = {
        { "<actorsfile>", DY_DF_TABARI_ACTORS }, { "<agentsfile>", DY_DF_TABARI_AGENTS }, { "<verbsfile>", DY_DF_TABARI_VERBS }, { NULL, 0 }
    };
    char dir[2048];
    snprintf(dir, sizeof dir, "%s", path);
    char *sl = strrchr(dir, '/');
    if (sl) sl[1] = 0; else dir[0] = 0;
    int loaded = 0;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(buf + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), buf + off);
        off += n + 1;
        char *l = trim(line);
        for (int i = 0; TAGS[i].tag; i++) {
            size_t tl = strlen(TAGS[i].tag);
            if (strncmp(l, TAGS[i].tag, tl)) continue;
            char *name = trim(l + tl);
            if (!*name) continue;
            char fp[4096];
            snprintf(fp, sizeof fp, "%s%s", name[0] == '/' ? "" : dir, name);
            /* regular files only (a project naming a FIFO or /dev/zero must not hang or fill memory) */
            int before = s->actors->ne + s->verbs->np;
            if (dy_dict_load(s, fp, TAGS[i].fmt, 0, st, err, errlen) < 0) return -1;
            if (s->actors->ne + s->verbs->np == before) {
                snprintf(err, errlen, "%s: %s (named by %s) gave no dictionary entries", fp, dy_dictfmt_name(TAGS[i].fmt), path);
                return -1;
            }
            loaded++;
        }
    }
    if (!loaded) { snprintf(err, errlen, "%s: TABARI project names no <actorsfile>, <agentsfile> or <verbsfile>", path); return -1; }
    return 0;
}

static void note_skips(dy_dictset *s, const char *path, int n, const char *first)
{
    if (n <= 0) return;
    char esc[300];
    dy_buf_printf(&s->notes, "%s: %d malformed line(s) skipped, first: %s\n", path, n, dy_escape(first, strlen(first), esc, sizeof esc));
}

int dy_dict_load_buf(dy_dictset *s, const char *path, const char *buf, size_t len, int fmt, int explicit,
                     dy_dictstat *st, char *err, size_t errlen)
{
    dy_dictstat local;
    if (!st) { memset(&local, 0, sizeof local); st = &local; }
    if (fmt == DY_DF_AUTO && !(fmt = dy_dict_sniff(path, buf, len, err, errlen))) return -1;
    st->fmt = fmt;
    st->files++;
    int na = s->actors->ne, np = s->verbs->np, r = 0, what = 0;   /* what: 1 actors, 2 patterns, 3 forms */
    int strict = s->strict;
    switch (fmt) {
    case DY_DF_DYAD_ACTORS:
        r = dy_actordict_load_buf(s->actors, path, buf, len, err, errlen); what = 1; break;
    case DY_DF_DYAD_PATTERNS:
        r = dy_verbdict_load_buf(s->verbs, s->lex, path, buf, len, err, errlen); what = 2; break;
    case DY_DF_DYAD_FORMS:
        r = dy_verbdict_load_forms_buf(s->lex, path, buf, len, err, errlen);
        if (r > 0) st->forms += r;
        what = 3; break;
    case DY_DF_TABARI_ACTORS: case DY_DF_TABARI_AGENTS: {
        int nbad = 0;
        char first[256] = "";
        r = dy_tabari_load_actors_buf(s->actors, path, buf, len, fmt == DY_DF_TABARI_AGENTS, strict, &nbad, first, sizeof first, err, errlen);
        st->skipped += nbad;
        note_skips(s, path, nbad, first);
        what = 1; break;
    }
    case DY_DF_TABARI_VERBS: case DY_DF_PETR_ACTORS: case DY_DF_PETR_AGENTS: case DY_DF_PETR_DISCARDS:
    case DY_DF_PETR_VERBS1: case DY_DF_PETR_VERBS2: {
        dy_petr_counts pc;
        memset(&pc, 0, sizeof pc);
        static const int KIND[DY_DF_N] = { [DY_DF_PETR_ACTORS] = DY_PETR_ACTORS, [DY_DF_PETR_AGENTS] = DY_PETR_AGENTS,
            [DY_DF_PETR_DISCARDS] = DY_PETR_DISCARDS, [DY_DF_PETR_VERBS1] = DY_PETR_VERBS1, [DY_DF_PETR_VERBS2] = DY_PETR_VERBS2 };
        r = fmt == DY_DF_TABARI_VERBS ? dy_petr_load_tabari_verbs(path, buf, len, strict, s->verbs, s->lex, &pc, err, errlen)
                                      : dy_petr_load_buf(path, KIND[fmt], buf, len, strict, s->actors, s->verbs, s->lex, NULL, &pc, err, errlen);
        st->skipped += pc.warnings;
        note_skips(s, path, pc.warnings, pc.first_warning);
        int untr = 0;
        for (int i = 0; i < DY_PSK_N; i++) untr += pc.skipped[i];
        if (untr) dy_buf_printf(&s->notes, "%s: %d pattern(s) or verb(s) not expressible in dyad's pattern language were left out (dyad dicts %s lists why)\n", path, untr, path);
        /* sum the counts */
        int *a = (int *)&st->pc, *b = (int *)&pc;
        for (size_t i = 0; i < offsetof(dy_petr_counts, first_warning) / sizeof(int); i++) a[i] += b[i];
        if (!st->pc.first_warning[0]) memcpy(st->pc.first_warning, pc.first_warning, sizeof pc.first_warning);
        what = fmt == DY_DF_TABARI_VERBS || fmt == DY_DF_PETR_VERBS1 || fmt == DY_DF_PETR_VERBS2 ? 2 : 1;
        break;
    }
    case DY_DF_TABARI_PROJECT:
        return load_project(s, path, buf, len, st, err, errlen);
    case DY_DF_TABARI_OPTIONS:
        snprintf(err, errlen, "%s: a TABARI options file holds coder settings, no dictionary entries: dyad cannot use it as a dictionary "
                 "(dyad eval reads it through the suite's .project)", path);
        return -1;
    case DY_DF_PETR_ISSUES:
        snprintf(err, errlen, "%s: a PETRARCH issue-coding file: dyad codes no issues, so it cannot use it (dyad dicts counts its entries)", path);
        return -1;
    default:
        snprintf(err, errlen, "%s: unknown dictionary format", path);
        return -1;
    }
    if (r < 0) return -1;
    int added = what == 1 ? s->actors->ne - na : what == 2 ? s->verbs->np - np : r;
    if (what == 1) st->actors += s->actors->ne - na;
    if (what == 2) st->patterns += s->verbs->np - np;
    if (explicit && added <= 0) {
        snprintf(err, errlen, "%s: %s file gave no dictionary entries%s%s", path, dy_dictfmt_name(fmt),
                 st->skipped ? "; first malformed line: " : "", st->skipped ? (st->pc.first_warning[0] ? st->pc.first_warning : "see above") : "");
        return -1;
    }
    return 0;
}

int dy_dict_load(dy_dictset *s, const char *path, int fmt, int explicit, dy_dictstat *st, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    if (S_ISDIR(sb.st_mode)) return load_dir(s, path, fmt, st, err, errlen);
    char *buf;
    size_t len;
    if (dy_read_file(path, explicit, dy_read_timeout_ms(), 0, &buf, &len, err, errlen) < 0) return -1;
    if (fmt == DY_DF_AUTO && !(fmt = dy_dict_sniff(path, buf, len, err, errlen))) { free(buf); return -1; }
    if (keep_src(s, path, buf, len, fmt) < 0) { free(buf); snprintf(err, errlen, "%s: out of memory", path); return -1; }
    return dy_dict_load_buf(s, path, buf, len, fmt, explicit, st, err, errlen);
}

static int is_dir(const char *p) { struct stat sb; return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode); }

static int load_dir(dy_dictset *s, const char *dir, int fmt, dy_dictstat *st, char *err, size_t errlen)
{
    char sub[4096];
    int loaded = 0;
    if (fmt != DY_DF_AUTO) {
        /* a directory of one format (data/actors, data/verbs): forms.txt first */
        snprintf(sub, sizeof sub, "%s/forms.txt", dir);
        struct stat sb;
        if (fmt == DY_DF_DYAD_PATTERNS && stat(sub, &sb) == 0) {
            if (dy_dict_load(s, sub, DY_DF_DYAD_FORMS, 0, st, err, errlen) < 0) return -1;
        }
        /* then the noun classes the patterns name ($military) and the PLOVER modes */
        snprintf(sub, sizeof sub, "%s/classes.txt", dir);
        if (fmt == DY_DF_DYAD_PATTERNS && stat(sub, &sb) == 0 && dy_verbdict_load_classes(s->verbs, s->lex, sub, err, errlen) < 0) return -1;
        static const char *const skip[] = { "forms.txt", "classes.txt", "README.txt", NULL };
        char **list;
        int n = dy_list_txt(dir, skip, &list, err, errlen);
        if (n < 0) return -1;
        for (int i = 0; i < n; i++)
            if (dy_dict_load(s, list[i], fmt, 0, st, err, errlen) < 0) { dy_list_free(list, n); return -1; }
        dy_list_free(list, n);
        return 0;
    }
    /* dyad's layout */
    snprintf(sub, sizeof sub, "%s/actors", dir);
    if (is_dir(sub)) { if (load_dir(s, sub, DY_DF_DYAD_ACTORS, st, err, errlen) < 0) return -1; loaded++; }
    snprintf(sub, sizeof sub, "%s/verbs", dir);
    if (is_dir(sub)) { if (load_dir(s, sub, DY_DF_DYAD_PATTERNS, st, err, errlen) < 0) return -1; loaded++; }
    /* and dictionary files of any format in the directory itself, verb forms first */
    static const char *const exts[] = { ".txt", ".actors", ".agents", ".verbs", NULL };
    static const char *const skip[] = { "README.txt", NULL };
    char **list;
    int n = dy_list_files(dir, exts, skip, &list, err, errlen);
    if (n < 0) return -1;
    char **bufs = calloc((size_t)n + 1, sizeof *bufs);
    size_t *lens = calloc((size_t)n + 1, sizeof *lens);
    int *fmts = calloc((size_t)n + 1, sizeof *fmts);
    int rc = bufs && lens && fmts ? 0 : -1;
    if (rc) snprintf(err, errlen, "%s: out of memory", dir);
    for (int i = 0; i < n && !rc; i++) {
        if (dy_read_file(list[i], 0, 0, 0, &bufs[i], &lens[i], err, errlen) < 0) rc = -1;
        else if (!(fmts[i] = dy_dict_sniff(list[i], bufs[i], lens[i], err, errlen))) rc = -1;
    }
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (int i = 0; i < n && !rc; i++) {
            if ((fmts[i] == DY_DF_DYAD_FORMS) != (pass == 0)) continue;
            if (fmts[i] == DY_DF_PETR_ISSUES || fmts[i] == DY_DF_TABARI_OPTIONS) {
                /* named on its own it is an error; found in a directory of dictionaries, a note */
                dy_buf_printf(&s->notes, "%s: %s file left out: no dictionary entries dyad can use\n", list[i], dy_dictfmt_name(fmts[i]));
                continue;
            }
            if (keep_src(s, list[i], bufs[i], lens[i], fmts[i]) < 0) { snprintf(err, errlen, "%s: out of memory", list[i]); rc = -1; break; }
            char *b = bufs[i];
            bufs[i] = NULL;   /* owned by s->src now */
            if (dy_dict_load_buf(s, list[i], b, lens[i], fmts[i], 1, st, err, errlen) < 0) rc = -1;
            loaded++;
        }
    for (int i = 0; bufs && i < n; i++) free(bufs[i]);
    free(bufs); free(lens); free(fmts);
    dy_list_free(list, n);
    if (!rc && !loaded) {
        snprintf(err, errlen, "%s: no dictionaries in this directory (expected actors/ or verbs/ subdirectories, or *.txt, *.actors, *.agents, *.verbs files)", dir);
        rc = -1;
    }
    return rc;
}
