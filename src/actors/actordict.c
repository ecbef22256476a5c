/* actordict.c: see actordict.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "actordict.h"
#include "core/doc.h"
#include "tag/tokenize.h"
#include "tag/tags.h"
#include "core/files.h"
#include "resolve.h"

int dy_actordict_init(dy_actordict *d)
{
    memset(d, 0, sizeof *d);
    d->user_from = -1;
    dy_arena_init(&d->mem, 256 * 1024);
    if (dy_hmap_init(&d->index, 4096)) return -1;
    if (dy_hmap_init(&d->codekinds, 1024)) { dy_hmap_free(&d->index); return -1; }
    if (dy_resolve_heads_init(&d->heads)) { dy_hmap_free(&d->index); dy_hmap_free(&d->codekinds); return -1; }
    return 0;
}

void dy_actordict_free(dy_actordict *d)
{
    free(d->e);
    free(d->names);
    for (int i = 0; i < d->nfiles; i++) free(d->files[i]);
    free(d->files);
    dy_hmap_free(&d->index);
    if (d->codekinds.slots) dy_hmap_free(&d->codekinds);
    if (d->heads.slots) dy_hmap_free(&d->heads);
    dy_arena_free(&d->mem);
    memset(d, 0, sizeof *d);
}

int dy_actordict_file(dy_actordict *d, const char *path)
{
    for (int i = 0; i < d->nfiles; i++) if (strcmp(d->files[i], path) == 0) return i;
    char **nf = realloc(d->files, (size_t)(d->nfiles + 1) * sizeof *nf);
    if (!nf) return -1;
    d->files = nf;
    if (!(d->files[d->nfiles] = strdup(path))) return -1;
    return d->nfiles++;
}

int32_t dy_date_num(const char *s, size_t n, int end)
{
    int y = 0, m = end ? 12 : 1, day = end ? 31 : 1;
    if (n < 4) return -1;
    for (int i = 0; i < 4; i++) { if (!isdigit((unsigned char)s[i])) return -1; y = y * 10 + s[i] - '0'; }
    if (n >= 7) {
        if (s[4] != '-' || !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6])) return -1;
        m = (s[5] - '0') * 10 + s[6] - '0';
        if (m < 1 || m > 12) return -1;
        if (end) { static const int dm[] = {31,29,31,30,31,30,31,31,30,31,30,31}; day = dm[m - 1]; }
    }
    if (n >= 10) {
        if (s[7] != '-' || !isdigit((unsigned char)s[8]) || !isdigit((unsigned char)s[9])) return -1;
        day = (s[8] - '0') * 10 + s[9] - '0';
        if (day < 1 || day > 31) return -1;
    }
    if (n != 4 && n != 7 && n != 10) return -1;
    return y * 10000 + m * 100 + day;
}

static int name_slot(dy_actordict *d, const char *key, size_t klen)
{
    int32_t v = dy_hmap_get(&d->index, key, klen);
    if (v >= 0) return v;
    if (d->nn == d->capn) {
        int nc = d->capn ? d->capn * 2 : 4096;
        dy_aname *nn = realloc(d->names, (size_t)nc * sizeof *nn);
        if (!nn) return -1;
        d->names = nn; d->capn = nc;
    }
    d->names[d->nn] = (dy_aname){ -1, -1, 0, 0, NULL };
    if (dy_hmap_put(&d->index, key, klen, d->nn) == -2) return -1;
    return d->nn++;
}

int dy_actordict_add(dy_actordict *d, int kind, const char *code, int32_t from, int32_t to,
                     const char *name, size_t namelen, int file, uint32_t line, int person,
                     char *err, size_t errlen)
{
    if (strlen(code) >= sizeof d->e[0].code) {
        char esc[96];
        snprintf(err, errlen, "code \"%s\" is too long (at most 23 characters)", dy_escape(code, strlen(code), esc, sizeof esc));
        return -1;
    }
    /* tokenise the name like text */
    dy_arena tmp;
    dy_arena_init(&tmp, 4096);
    char *nm = dy_arena_strndup(&tmp, name, namelen);
    dy_token *tok = NULL;
    int trunc = 0;
    int n = nm && namelen <= 1000 ? dy_tokenize(&tmp, nm, 0, (uint32_t)namelen, &tok, 64, &trunc) : -1;
    if (n <= 0 || trunc) {
        dy_arena_free(&tmp);
        snprintf(err, errlen, namelen > 1000 ? "name longer than 1000 bytes" : n < 0 ? "out of memory" :
                               trunc ? "name longer than 64 words" : "empty name");
        return -1;
    }
    char key[1024], exact[1024];
    size_t kl = 0, el = 0;
    int allcaps = 1, letters = 0, slot = -1;
    for (int i = 0; i < n; i++) {
        if (kl + tok[i].lowlen + 2 >= sizeof key || el + tok[i].len + 2 >= sizeof exact) {
            dy_arena_free(&tmp);
            snprintf(err, errlen, "name longer than 1000 bytes");
            return -1;
        }
        if (i) { key[kl++] = ' '; exact[el++] = ' '; }
        memcpy(key + kl, tok[i].low, tok[i].lowlen); kl += tok[i].lowlen;
        memcpy(exact + el, tok[i].text, tok[i].len); el += tok[i].len;
        for (int k = 0; k < tok[i].len; k++) {
            unsigned char c = (unsigned char)tok[i].text[k];
            if (islower(c)) allcaps = 0;
            if (isalpha(c)) letters++;
        }
        slot = name_slot(d, key, kl);   /* every prefix gets a slot so matching knows to go on */
        if (slot < 0) { dy_arena_free(&tmp); snprintf(err, errlen, "out of memory"); return -1; }
    }
    dy_arena_free(&tmp);
    if (n > d->max_tokens) d->max_tokens = n;
    int kbit = kind == DY_AK_ADJ ? 1 : kind == DY_AK_COUNTRY || kind == DY_AK_METONYM ? 2 : 0;
    size_t ecl = strlen(code);   /* < sizeof e->code: checked above */
    if (kbit) {
        int32_t had = dy_hmap_get(&d->codekinds, code, ecl);
        if (dy_hmap_put(&d->codekinds, code, ecl, (had < 0 ? 0 : had) | kbit) == -2) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    if (d->ne == d->cape) {
        int nc = d->cape ? d->cape * 2 : 4096;
        dy_aentry *ne = realloc(d->e, (size_t)nc * sizeof *ne);
        if (!ne) { snprintf(err, errlen, "out of memory"); return -1; }
        d->e = ne; d->cape = nc;
    }
    int id = d->ne++;
    dy_aentry *e = &d->e[id];
    memset(e, 0, sizeof *e);
    memcpy(e->code, code, ecl + 1);
    e->kind = (uint8_t)kind;
    e->from = from; e->to = to;
    e->file = (uint16_t)(file < 0 ? 0 : file);
    e->line = line;
    e->person = person >= 0 ? person : id;
    e->name = dy_arena_strndup(&d->mem, name, namelen);
    /* append to the name's list (file order), in O(1) through its tail */
    e->next = -1;
    dy_aname *an = &d->names[slot];
    /* a user's file that names what an earlier file named replaces those entries:
     * the user's dictionaries win (entries of the same file accumulate) */
    if (an->first >= 0 && d->user_from >= 0 && file >= d->user_from && d->e[an->last].file != (uint16_t)file) {
        for (int j = an->first; j >= 0; j = d->e[j].next) d->overridden++;
        an->first = -1;
        an->exact_case = 0;
        an->exact = NULL;
    }
    if (an->first < 0) an->first = id;
    else d->e[an->last].next = id;
    an->last = id;
    /* acronyms match only as written: "US" not "us", "LeT" not "let" */
    int uppers = 0;
    for (size_t k = 0; k < namelen; k++) if (isupper((unsigned char)name[k])) uppers++;
    int acronym = allcaps || (n == 1 && uppers >= 2);
    if (acronym && letters >= 1 && letters <= 5 && (kind != DY_AK_AGENT && kind != DY_AK_TITLE)) {
        if (!an->plain) {
            an->exact_case = 1;
            an->exact = dy_arena_strndup(&d->mem, exact, el);
        }
    } else {
        /* "Nato", "Asean" listed beside NATO, ASEAN: newspapers write it so, any case matches */
        an->plain = 1;
        an->exact_case = 0;
        an->exact = NULL;
    }
    if (kind >= 1 && kind <= DY_AK_DISCARD) d->counts[kind]++;
    return id;
}

static const struct { const char *word; int kind; } KINDS[] = {
    { "country", DY_AK_COUNTRY }, { "adj", DY_AK_ADJ }, { "metonym", DY_AK_METONYM }, { "org", DY_AK_ORG },
    { "group", DY_AK_GROUP }, { "person", DY_AK_PERSON }, { "agent", DY_AK_AGENT }, { "title", DY_AK_TITLE },
    { "discard", DY_AK_DISCARD }, { NULL, 0 }
};

int dy_actor_code_ok(int kind, const char *code, size_t n, int foreign, const char **why)
{
    static const char *const shape = "3 to 15 uppercase letters or digits, in groups of three (3, 6, 9, 12 or 15)";
    static const char *const sector = "a sector code: 3 uppercase letters or digits";
    *why = NULL;
    if (kind == DY_AK_DISCARD) return 1;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9'))) {
            *why = (kind == DY_AK_AGENT || kind == DY_AK_TITLE) && !foreign ? sector : shape;
            return 0;
        }
    if ((kind == DY_AK_AGENT || kind == DY_AK_TITLE) && !foreign) {
        if (n != 3) { *why = sector; return 0; }
        return 1;
    }
    if (n < 3 || n > 15 || n % 3) { *why = shape; return 0; }
    return 1;
}

/* One entry line of a dyad actor file (comment cut, n bytes, NUL at n).
 * dry: only check it.  Returns entries added (0 for a blank line) or -1 with
 * "path:line:col: message" in err. */
static int parse_line(dy_actordict *d, char *line, size_t n, const char *path, uint32_t ln, int file,
                      int dry, char *err, size_t errlen)
{
    char esc[128];
    while (n > 0 && isspace((unsigned char)line[n - 1])) line[--n] = 0;
    char *p = line;
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return 0;
    /* KIND */
    char *k = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    size_t kn = (size_t)(p - k);
    int kind = 0;
    for (int i = 0; KINDS[i].word; i++)
        if (strlen(KINDS[i].word) == kn && strncmp(KINDS[i].word, k, kn) == 0) kind = KINDS[i].kind;
    if (!kind) {
        snprintf(err, errlen, "%s:%u:%ld: unknown entry kind \"%s\" (expected country, adj, metonym, org, group, person, agent, title, discard)",
                 path, ln, (long)(k - line) + 1, dy_escape(k, kn > 40 ? 40 : kn, esc, sizeof esc));
        return -1;
    }
    while (*p && isspace((unsigned char)*p)) p++;
    char *c = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    size_t cn = (size_t)(p - c);
    const char *why = NULL;
    if (!cn) {
        snprintf(err, errlen, "%s:%u:%ld: entry has no code", path, ln, (long)(c - line) + 1);
        return -1;
    }
    if (!dy_actor_code_ok(kind, c, cn, 0, &why)) {
        snprintf(err, errlen, "%s:%u:%ld: bad actor code \"%s\" (%s)", path, ln, (long)(c - line) + 1,
                 dy_escape(c, cn > 40 ? 40 : cn, esc, sizeof esc), why);
        return -1;
    }
    char code[24];
    if (cn >= sizeof code) cn = sizeof code - 1;   /* discard codes are not checked: keep what fits */
    memcpy(code, c, cn); code[cn] = 0;
    while (*p && isspace((unsigned char)*p)) p++;
    int32_t from = 0, to = 0;
    char *dd = strstr(p, "..");
    if (dd && (dd == p || isdigit((unsigned char)*p))) {
        char *q = p;
        while (*q && !isspace((unsigned char)*q)) q++;
        if (dd < q) {
            size_t fl = (size_t)(dd - p), tl = (size_t)(q - dd - 2);
            if (fl) from = dy_date_num(p, fl, 0);
            if (tl) to = dy_date_num(dd + 2, tl, 1);
            if (from < 0 || to < 0 || (from && to && from > to)) {
                snprintf(err, errlen, "%s:%u:%ld: bad date range \"%s\" (FROM..TO with YYYY[-MM[-DD]], FROM <= TO)",
                         path, ln, (long)(p - line) + 1, dy_escape(p, (size_t)(q - p > 40 ? 40 : q - p), esc, sizeof esc));
                return -1;
            }
            p = q;
            while (*p && isspace((unsigned char)*p)) p++;
        }
    }
    if (!*p) {
        snprintf(err, errlen, "%s:%u:%ld: entry has no names", path, ln, (long)(p - line) + 1);
        return -1;
    }
    int person = -1, added = 0;
    while (*p) {
        char *s = p;
        while (*p && *p != ';') p++;
        char *e = p;
        if (*p == ';') p++;
        while (s < e && isspace((unsigned char)*s)) s++;
        while (e > s && isspace((unsigned char)e[-1])) e--;
        if (e == s) continue;
        if (dry) { added++; continue; }
        char sub[300];
        int id = dy_actordict_add(d, kind, code, from, to, s, (size_t)(e - s), file, ln, person, sub, sizeof sub);
        if (id < 0) {
            snprintf(err, errlen, "%s:%u:%ld: %s", path, ln, (long)(s - line) + 1, sub);
            return -1;
        }
        if (kind == DY_AK_PERSON && person < 0) person = id;
        added++;
    }
    if (!added) {
        snprintf(err, errlen, "%s:%u:%ld: entry has no names", path, ln, (long)(p - line) + 1);
        return -1;
    }
    return added;
}

int dy_actordict_line_ok(const char *line, size_t n)
{
    char err[256];
    char *buf = malloc(n + 1);
    if (!buf) return 0;
    memcpy(buf, line, n); buf[n] = 0;
    char *hash = strchr(buf, '#');
    if (hash) *hash = 0;
    int ok = parse_line(NULL, buf, strlen(buf), "", 1, 0, 1, err, sizeof err) > 0;
    free(buf);
    return ok;
}

int dy_actordict_load_buf(dy_actordict *d, const char *path, const char *buf, size_t len, char *err, size_t errlen)
{
    int file = dy_actordict_file(d, path);
    if (file < 0) { snprintf(err, errlen, "%s: out of memory", path); return -1; }
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3;   /* a UTF-8 BOM */
    char *line = NULL;
    size_t cap = 0;
    uint32_t ln = 0;
    int added = 0, rc = 0;
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
        /* a NUL byte ends the line's text: the rest is not an entry (reported, not dropped) */
        size_t sl = strlen(line);
        if (sl < n) {
            snprintf(err, errlen, "%s:%u:%zu: NUL byte in a dictionary line", path, ln, sl + 1);
            rc = -1; break;
        }
        char *hash = memchr(line, '#', n);
        if (hash) *hash = 0, n = (size_t)(hash - line);
        int r = parse_line(d, line, n, path, ln, file, 0, err, errlen);
        if (r < 0) rc = -1;
        else added += r;
    }
    free(line);
    return rc ? -1 : added;
}

static int load_file(dy_actordict *d, const char *path, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    if (dy_read_file(path, 1, dy_read_timeout_ms(), 0, &buf, &len, err, errlen) < 0) return -1;
    int r = dy_actordict_load_buf(d, path, buf, len, err, errlen);
    free(buf);
    return r;
}

int dy_actordict_load(dy_actordict *d, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    if (!S_ISDIR(st.st_mode)) return load_file(d, path, err, errlen);
    static const char *const skip[] = { "README.txt", NULL };
    char **list;
    int n = dy_list_txt(path, skip, &list, err, errlen), total = 0;
    if (n < 0) return -1;
    for (int i = 0; i < n && total >= 0; i++) {
        int r = load_file(d, list[i], err, errlen);
        total = r < 0 ? -1 : total + r;
    }
    dy_list_free(list, n);
    return total;
}

/* Does x (xl bytes) equal the texts of tok[i..j] joined by single spaces
 * (el bytes in all)?  Compared in place, without building the string. */
static int same_text(const char *x, size_t xl, const dy_token *tok, int i, int j, size_t el)
{
    if (xl != el) return 0;
    size_t o = 0;
    for (int k = i; k <= j; k++) {
        if (k > i && x[o++] != ' ') return 0;
        if (memcmp(x + o, tok[k].text, tok[k].len) != 0) return 0;
        o += tok[k].len;
    }
    return 1;
}

/* A one-word acronym of four or five letters written as a word inside a sentence:
 * "Farc", "Unicef", "Asean" for FARC, UNICEF, ASEAN (newspapers such as the Guardian
 * and the BBC write pronounceable acronyms so).  Not shorter ones ("Us", "Ira" are
 * words or names), and only where the tagger reads a proper noun ("Care must be taken"
 * is no CARE). */
static int titlecase_acronym(const char *x, size_t xl, const dy_token *tok, int i, int j)
{
    if (i != j || xl < 4 || xl > 5 || tok[i].len != xl || (tok[i].tag != DY_NNP && tok[i].tag != DY_NNPS)) return 0;
    for (size_t k = 0; k < xl; k++) {
        unsigned char a = (unsigned char)x[k], b = (unsigned char)tok[i].text[k];
        if (!isupper(a)) return 0;
        if (k == 0 ? b != a : b != (unsigned char)tolower(a)) return 0;
    }
    return 1;
}

int dy_actordict_match(const dy_actordict *d, const dy_token *tok, int ntok, int i, int *name)
{
    char key[1024];
    size_t kl = 0, el = 0;   /* el: length of the exact text tok[i..j] joined by spaces (< 1024, as the key) */
    int best = 0;
    /* fast path: most tokens start no name; look the first one up in place
     * (its answer also serves the loop's first key, the same string) */
    int32_t v0 = i < 0 || i >= ntok ? -1 : dy_hmap_get_h(&d->index, tok[i].low, tok[i].lowlen, tok[i].hash);
    if (v0 < 0) return 0;
    for (int j = i; j < ntok && j - i < d->max_tokens; j++) {
        if (kl + tok[j].lowlen + 2 >= sizeof key || el + tok[j].len + 2 >= sizeof key) break;
        if (j > i) { key[kl++] = ' '; el++; }
        memcpy(key + kl, tok[j].low, tok[j].lowlen); kl += tok[j].lowlen;
        el += tok[j].len;
        int32_t v = j == i ? v0 : dy_hmap_get(&d->index, key, kl);
        if (v < 0) break;
        const dy_aname *an = &d->names[v];
        if (an->first < 0) continue;
        if (an->exact_case && !same_text(an->exact, strlen(an->exact), tok, i, j, el) &&
            !titlecase_acronym(an->exact, strlen(an->exact), tok, i, j)) continue;
        best = j - i + 1;
        *name = v;
    }
    return best;
}

int dy_actordict_is_identity(const dy_actordict *d, const char *code)
{
    /* an adjective entry with this code and no country or metonym entry */
    if (d->codekinds.slots) return dy_hmap_get(&d->codekinds, code, strlen(code)) == 1;
    int adj = 0;
    for (int i = 0; i < d->ne; i++) {
        if (strcmp(d->e[i].code, code)) continue;
        if (d->e[i].kind == DY_AK_COUNTRY || d->e[i].kind == DY_AK_METONYM) return 0;
        if (d->e[i].kind == DY_AK_ADJ) adj = 1;
    }
    return adj;
}
