/* fuzz_dicts.c: libFuzzer target for dictionary format detection and
 * dispatch (src/compat/dictload.c): the one sniffer in front of every loader
 * (dyad actors, patterns and forms; TABARI actors, agents, verbs, options;
 * PETRARCH actors, agents, discards, verbs, issues).  Byte 0 picks the file
 * name the bytes are given (its extension is the sniffer's tie-break) and
 * whether event codes are checked against data/cameo/codes.txt; the rest is
 * the file, loaded from memory and, once more, from disk as --dict loads it.
 * Invariants: the sniffer returns a format or an error naming the file; a
 * load succeeds or fails with a message naming the file that holds no raw
 * control bytes (dictionary bytes are escaped); what was loaded is well
 * formed (actor codes of the documented shape, event codes in the CAMEO
 * table when checked, pattern elements inside the word pool, name lists
 * that end); the disk load gives the same counts as the memory load. */
#include "fuzz_common.h"
#include "compat/dictload.h"
#include "code/cameo.h"

static const char *const NAMES[8] = { "d.txt", "d.actors", "d.agents", "d.verbs", "d.discards.txt", "d.options", "cameo.2.0.txt", "Phoenix.agents.txt" };

static dy_cameo *codes(void)
{
    static dy_cameo t;
    static int state;   /* 0 untried, 1 loaded, -1 absent */
    if (!state) {
        const char *dd = getenv("DYAD_DATA");
        char p[1024], err[512];
        snprintf(p, sizeof p, "%s/cameo/codes.txt", dd && *dd ? dd : DYAD_DATADIR);
        state = dy_cameo_load(&t, p, err, sizeof err) >= 0 ? 1 : -1;
    }
    return state > 0 ? &t : NULL;
}

/* No byte a terminal would act on: control characters (tab aside), DEL. */
static void check_printable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) fz_fail("raw control byte 0x%02x in message: %s", *p, s);
    if (!fz_valid_utf8(s, strlen(s))) fz_fail("message is not valid UTF-8: %s", s);
}

typedef struct loaded { int rc, ne, np; } loaded;

static loaded load(const char *path, const uint8_t *data, size_t size, int check, int from_disk, char *err, size_t errlen)
{
    dy_actordict a;
    dy_verbdict v;
    dy_lexicon lex;
    fz_assert(dy_actordict_init(&a) == 0 && dy_verbdict_init(&v) == 0 && dy_lexicon_init(&lex) == 0);
    dy_cameo *t = check ? codes() : NULL;
    v.codes = t;
    dy_dictset s;
    dy_dictset_init(&s, &a, &v, &lex);
    s.strict = check;
    dy_dictstat st;
    memset(&st, 0, sizeof st);
    loaded r = { 0, 0, 0 };
    err[0] = 0;
    if (from_disk) r.rc = dy_dict_load(&s, path, DY_DF_AUTO, 1, &st, err, errlen);
    else {
        int fmt = dy_dict_sniff(path, (const char *)data, size, err, errlen);
        if (!fmt) { check_printable(err); fz_check_err(err, path); r.rc = -2; goto out; }
        fz_assert(fmt > 0 && fmt < DY_DF_N);
        if (fmt == DY_DF_TABARI_PROJECT) { r.rc = -3; goto out; }   /* names other files: not fuzzed here */
        r.rc = dy_dict_load_buf(&s, path, (const char *)data, size, fmt, 1, &st, err, errlen);
    }
    if (r.rc < 0) { check_printable(err); fz_check_err(err, path); goto out; }
    fz_assert(st.actors == a.ne && st.patterns == v.np);
    for (int i = 0; i < a.ne; i++) {
        const dy_aentry *e = &a.e[i];
        const char *why;
        fz_assert(e->kind >= 1 && e->kind <= DY_AK_DISCARD && e->line >= 1 && e->file < a.nfiles);
        fz_assert(e->next < a.ne && e->person >= 0 && e->person <= i);
        if (check && e->kind != DY_AK_DISCARD && strcmp(e->code, "---"))
            if (!dy_actor_code_ok(e->kind, e->code, strlen(e->code), 1, &why)) fz_fail("bad actor code loaded: \"%s\"", e->code);
    }
    for (int i = 0; i < a.nn; i++) {
        int steps = 0;
        for (int j = a.names[i].first; j >= 0; j = a.e[j].next) fz_assert(++steps <= a.ne);
        if (a.names[i].first >= 0) fz_assert(a.names[i].last >= 0 && a.e[a.names[i].last].next == -1);
    }
    for (int i = 0; i < v.np; i++) {
        const dy_pattern *p = &v.p[i];
        fz_assert(p->nel <= DY_MAX_PELEM && p->file < v.nfiles);
        for (int e = 0; e < p->nel; e++) fz_assert(p->el[e].alt >= 0 && p->el[e].alt + p->el[e].nalt <= v.npool);
        if (t && strcmp(p->code, "---") && dy_hmap_get(&t->index, p->code, strlen(p->code)) < 0)
            fz_fail("pattern code \"%s\" not in the CAMEO table", p->code);
    }
    if (s.notes.len) check_printable(s.notes.p);
    r.ne = a.ne; r.np = v.np;
out:
    dy_dictset_free(&s);
    dy_lexicon_free(&lex);
    dy_verbdict_free(&v);
    dy_actordict_free(&a);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int sel = size ? data[0] : 0;
    if (size) { data++; size--; }
    char path[512], err[1024];
    fz_path(path, sizeof path, NAMES[sel & 7]);
    int check = !(sel & 8);
    loaded m = load(path, data, size, check, 0, err, sizeof err);
    if (m.rc == -3) return 0;
    /* the same bytes from disk: the same result (read once, sniffed and parsed from memory) */
    fz_write(path, data, size);
    loaded d = load(path, data, size, check, 1, err, sizeof err);
    fz_assert((m.rc >= 0) == (d.rc >= 0));
    fz_assert(m.ne == d.ne && m.np == d.np);
    unlink(path);
    return 0;
}
