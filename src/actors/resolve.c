/* resolve.c: see resolve.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "resolve.h"
#include "tag/tags.h"
#include "core/buf.h"
#include "core/words.h"
#include "place/place.h"

void dy_docctx_init(dy_docctx *c, const char *date, int unknown_actors)
{
    memset(c, 0, sizeof *c);
    c->unknown_actors = unknown_actors;
    if (date && strlen(date) == 10)
        c->date = atoi(date) * 10000 + atoi(date + 5) * 100 + atoi(date + 8);
}

/* dst = "%.11s%.11s" of a and b (dst holds at least 23 bytes). */
static const char *const COMPASS[] = { "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "central", NULL };

static void join11(char *dst, const char *a, const char *b)
{
    size_t na = strnlen(a, 11), nb = strnlen(b, 11);
    memcpy(dst, a, na);
    memcpy(dst + na, b, nb);
    dst[na + nb] = 0;
}

/* The folded form of t is w (a literal: once inlined, its length is a constant). */
static inline int tok_is(const dy_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->lowlen == n && memcmp(t->low, w, n) == 0;
}

/* The entry of a name valid on the date: exact range first, else the nearest. */
static int pick_entry(const dy_actordict *d, int first, int32_t date, int *kind_out)
{
    int best = first, bestdist = 0x7fffffff;
    int kind = d->e[first].kind;
    for (int j = first; j >= 0; j = d->e[j].next) {
        const dy_aentry *e = &d->e[j];
        if (e->kind != kind) continue;      /* the first kind listed for a name wins */
        int dist;
        if (!date) dist = e->to ? 0x7fffffff - e->to / 1000 - 1 : 0;  /* no date: the current role */
        else if ((!e->from || e->from <= date) && (!e->to || date < e->to)) dist = 0;   /* TO is exclusive */
        else if (e->to && date > e->to) dist = date - e->to;
        else dist = e->from - date;
        if (dist < bestdist) { bestdist = dist; best = j; }
    }
    *kind_out = kind;
    return best;
}

static int add_ref(dy_arena *a, dy_docctx *c, const char *code, int kind, int plural, int sent,
                   const char *n1, const char *n2)
{
    if (c->n == c->cap) {
        int nc = c->cap ? c->cap * 2 : 64;
        dy_ref *nr = dy_arena_alloc(a, (size_t)nc * sizeof *nr);
        if (!nr) return -1;
        if (c->n) memcpy(nr, c->r, (size_t)c->n * sizeof *nr);
        c->r = nr; c->cap = nc;
    }
    dy_ref *r = &c->r[c->n++];
    memset(r, 0, sizeof *r);
    dy_scopy(r->code, sizeof r->code, code);
    r->kind = (uint8_t)kind; r->plural = (uint8_t)plural; r->sent = sent; r->mention = -1;
    if (n1) dy_scopy(r->name1, sizeof r->name1, n1);
    if (n2) dy_scopy(r->name2, sizeof r->name2, n2);
    return 0;
}

static const char *const PRON_PERSON[] = { "he", "him", "his", "she", "her", "hers", "himself", "herself", NULL };
static const char *const PRON_THING[] = { "it", "its", "itself", NULL };
static const char *const PRON_PLURAL[] = { "they", "them", "their", "theirs", "themselves", NULL };

static int is_sector(const char *c)
{
    static const char *const SECT[] = { "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "BUS", "MED", "CVL",
        "EDU", "HLH", "LAB", "REF", "NGO", "IGO", "CRM", "SPY", "PTY", "ELI", "AGR", "UAF", "SEP", "MOD", "RAD", "ENV", NULL };
    for (int i = 0; SECT[i]; i++) if (!strcmp(SECT[i], c)) return 1;
    return 0;
}

/* Capitalised words that name times, never actors: days, months, holidays.  Asked of
 * every proper noun, so the words are listed by length and a token is
 * compared with the few of its own length. */
static int is_temporal(const dy_token *t)
{
    static const dy_word L3[] = { DY_WORD("may"), DY_WORD("eid") };
    static const dy_word L4[] = { DY_WORD("june"), DY_WORD("july"), DY_WORD("jan."), DY_WORD("feb."), DY_WORD("mar."),
        DY_WORD("apr."), DY_WORD("jun."), DY_WORD("jul."), DY_WORD("aug."), DY_WORD("sep."), DY_WORD("oct."),
        DY_WORD("nov."), DY_WORD("dec.") };
    static const dy_word L5[] = { DY_WORD("march"), DY_WORD("april"), DY_WORD("sept."), DY_WORD("today") };
    static const dy_word L6[] = { DY_WORD("monday"), DY_WORD("friday"), DY_WORD("sunday"), DY_WORD("august"),
        DY_WORD("easter") };
    static const dy_word L7[] = { DY_WORD("tuesday"), DY_WORD("january"), DY_WORD("october"), DY_WORD("ramadan") };
    static const dy_word L8[] = { DY_WORD("thursday"), DY_WORD("saturday"), DY_WORD("february"), DY_WORD("november"),
        DY_WORD("december"), DY_WORD("tomorrow") };
    static const dy_word L9[] = { DY_WORD("wednesday"), DY_WORD("september"), DY_WORD("yesterday"), DY_WORD("christmas") };
    static const struct { const dy_word *l; size_t n; } BY_LEN[] = {
        { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, { L3, DY_NWORDS(L3) }, { L4, DY_NWORDS(L4) }, { L5, DY_NWORDS(L5) },
        { L6, DY_NWORDS(L6) }, { L7, DY_NWORDS(L7) }, { L8, DY_NWORDS(L8) }, { L9, DY_NWORDS(L9) },
    };
    size_t n = t->lowlen;
    return n < DY_NWORDS(BY_LEN) && dy_word_in(BY_LEN[n].l, BY_LEN[n].n, t->low, n);
}

static const char *const PERSON_NOUNS[] = { "leader", "leaders", "president", "presidents", "premier", "minister",
    "ministers", "chancellor", "king", "prince", "emperor", "monarch", "secretary", "counterpart", "counterparts",
    "head", "heads", "official", "officials", "spokesman", "spokeswoman", "envoy", "envoys", "diplomat", "diplomats",
    "general", "commander", "men", "statesmen", "sides", NULL };
static const char *const NATION_NOUNS[] = { "country", "countries", "nation", "nations", "state", "states",
    "governments", "government", "neighbours", "neighbors", "allies", "powers", "capitals", NULL };

/* Suffixes that make a name a modifier: "ISIS-held", "Australian-born" ("Saudi-led" is left: the
 * leader is the actor). */
static const char *const MODIFIER_SUFFIX[] = { "backed", "held", "born", "based", "controlled", "run", "allied",
    "funded", "linked", "made", "owned", "occupied", "affiliated", "aligned", "brokered", "sponsored", "style", NULL };

/* The last word of a company's name: "... Holdings Inc", "... Motors Corp". */
/* Capitalised single words that name no actor: diseases, holidays, processes. */
static const char *const NOT_ACTOR[] = { "ebola", "covid", "covid-19", "coronavirus", "zika", "sars", "mers", "hiv",
    "aids", "cholera", "omicron", "mpox", "christmas", "easter", "ramadan", "eid", "thanksgiving", "hanukkah",
    "diwali", "passover", "brexit", NULL };
static const char *const CORPORATE[] = { "inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "limited", "llc",
    "plc", "holdings", "ag", "gmbh", "s.a.", "sa", "nv", "n.v.", "bv", "oy", "oyj", "ou", "asa", "ab", "spa", "s.p.a.",
    "co", "co.", "company", NULL };

/* Courtesy titles: "Mr. Erdogan" is Erdogan. */
static const char *const COURTESY[] = { "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sheikh", "sir", "dame", NULL };

/* Capitalised words that end the name of a government body ("the Department
 * said", "the County Commission ruled"): the document's government when the text
 * fixes the country, else GOV (see the unknown-name rule). */
static const char *const GENERIC[] = { "department", "ministry", "committee", "commission", "council", "agency",
    "office", "authority", "administration", "bureau", "board", "directorate", "secretariat", "cabinet", "service", NULL };

/* Nouns for a number of people or things ("Dozens of students"). */
static const char *const NUMBER_NOUNS[] = { "dozens", "hundreds", "thousands", "tens", "millions", "scores",
    "dozen", "hundred", "thousand", "million", "billions", NULL };

/* A token with a digit and a lowercase letter ("N14.3billion", "Rs500m",
 * "10km") is an amount or a measure, never a name ("M23", "G20" have no
 * lowercase letter). */
static int has_digit_and_lower(const dy_token *t)
{
    int dig = 0, low = 0;
    for (size_t q = 0; q < t->len; q++) {
        unsigned char c = (unsigned char)t->text[q];
        if (isdigit(c)) dig = 1;
        else if (islower(c)) low = 1;
    }
    return dig && low;
}

/* Nouns for people.  A mention headed by one ("a US diplomat", "the Iraqi
 * minister", "Chinese officials") codes as a state's agent, but English refers
 * to it with he/she/they, never with "it"/"its". */
static const char *const HUMAN_NOUNS[] = { "ambassador", "ambassadors", "lawmaker", "lawmakers", "legislator",
    "legislators", "senator", "senators", "governor", "governors", "mayor", "mayors", "judge", "judges", "soldier",
    "soldiers", "officer", "officers", "spokesperson", "negotiator", "negotiators", "aide", "aides", "adviser",
    "advisers", "advisor", "advisors", "journalist", "journalists", "reporter", "reporters", "activist", "activists",
    "worker", "workers", "citizen", "citizens", "national", "nationals", "delegate", "delegates", "representative",
    "representatives", "chief", "chiefs", "deputy", "deputies", "mp", "mps", "congressman", "congresswoman",
    "politician", "politicians", "candidate", "candidates", "prosecutor", "prosecutors", "lawyer", "lawyers",
    "protester", "protesters", "protestor", "protestors", "student", "students", "prisoner", "prisoners", "hostage",
    "hostages", "captive", "captives", "man", "woman", "women", "people", "person", "persons", "businessman",
    "businessmen", "tourist", "tourists", "militant", "militants", "fighter", "fighters", "rebel", "rebels",
    "guard", "guards", "policeman", "policemen", "agent", "agents", "spy", "spies", "cleric", "clerics", "priest",
    "bishop", "monk", "monks", "doctor", "doctors", "farmer", "farmers", "miner", "miners", "teacher", "teachers",
    "opponent", "opponents", "critic", "critics", "dissident", "dissidents", "refugee", "refugees", "migrant",
    "migrants", "civilian", "civilians", "troops", "ministers", "premier", NULL };
int dy_resolve_heads_init(dy_hmap *m)
{
    if (dy_hmap_init(m, 512)) return -1;
    for (int k = 0; k < 2; k++)
        for (const char *const *w = k ? HUMAN_NOUNS : PERSON_NOUNS; *w; w++) {
            int32_t had = dy_hmap_get(m, *w, strlen(*w));
            if (dy_hmap_put(m, *w, strlen(*w), (had < 0 ? 0 : had) | (k ? DY_HEAD_HUMAN : DY_HEAD_PERSON)) == -2) {
                dy_hmap_free(m);
                return -1;
            }
        }
    return 0;
}

/* dy_weapon_noun's words.  The core, both stages' (a mass noun's plural is itself): */
static const struct { const char *one, *many; } WEAPON_CORE[] = {
    { "missile", "missiles" }, { "rocket", "rockets" }, { "drone", "drones" }, { "tank", "tanks" },
    { "warplane", "warplanes" }, { "warship", "warships" }, { "submarine", "submarines" },
    { "artillery", "artillery" } };
/* The resolver's own forms: the plurals only, as agents.txt lists them ("fighter jets",
 * "jets", "bombers"; "bomber" alone is REB's "suicide bomber"); agents.txt's "gunboats",
 * "helicopters" and "helicopter gunships" are not here, so they take the story's country. */
static const char *const WEAPON_FORM[] = { "jets", "bombers", NULL };
/* The coder's own lemmas: singular and plural alike, and the boats and helicopters. */
static const char *const WEAPON_LEMMA[] = { "jet", "bomber", "gunboat", "helicopter", "gunship", NULL };

int dy_weapon_noun(const char *w, int how)
{
    for (size_t i = 0; i < sizeof WEAPON_CORE / sizeof *WEAPON_CORE; i++)
        if (!strcmp(w, WEAPON_CORE[i].one) || (how == DY_WEAPON_FORM && !strcmp(w, WEAPON_CORE[i].many))) return 1;
    return dy_str_in(how == DY_WEAPON_FORM ? WEAPON_FORM : WEAPON_LEMMA, w);
}

/* The DY_HEAD_* bits of a token: the same answer as dy_str_in on the two lists, from
 * d->heads (a dictionary set up without dy_actordict_init has none: then the scan). */
static int head_bits(const dy_actordict *d, const dy_token *t)
{
    if (d->heads.slots) {
        int32_t v = dy_hmap_get(&d->heads, t->low, strlen(t->low));
        return v < 0 ? 0 : v;
    }
    return (dy_str_in(PERSON_NOUNS, t->low) ? DY_HEAD_PERSON : 0) | (dy_str_in(HUMAN_NOUNS, t->low) ? DY_HEAD_HUMAN : 0);
}
static int human_head(const dy_actordict *d, const dy_token *t) { return head_bits(d, t) != 0; }

/* Most recent refs matching a predicate; returns count found (distinct codes).
 * The ref of mention `skip` of sentence `sent` is passed over (-1: none). */
static int recent(const dy_docctx *c, int sent, int maxback, int want, int need_person, int need_nation,
                  int need_plural, int skip, char out[][24], int *first_ref)
{
    *first_ref = -1;
    int k = 0;
    for (int i = c->n - 1; i >= 0 && k < want; i--) {
        const dy_ref *r = &c->r[i];
        if (r->sent < sent - maxback) break;
        if (skip >= 0 && r->sent == sent && r->mention == skip) continue;
        if (need_person == 2 && r->human) continue;             /* "a diplomat": never "it" */
        if (need_person == 1 && r->kind != DY_MK_PERSON) continue;
        if (need_nation && r->kind != DY_MK_COUNTRY) continue;
        if (need_person == 2 && r->kind == DY_MK_PERSON) continue;  /* it/its: not a person */
        if (need_person == 2 && r->kind == DY_MK_AGENT) continue;
        if (need_plural && !r->plural && r->kind != DY_MK_ORG) continue;
        char code[24];
        dy_scopy(code, sizeof code, r->code);
        if (need_nation && strlen(code) > 3) code[3] = 0;
        int dup = 0;
        for (int j = 0; j < k; j++) if (strcmp(out[j], code) == 0) dup = 1;
        if (dup) continue;
        if (k == 0) *first_ref = i;
        memcpy(out[k++], code, 24);
    }
    return k;
}

/* The mention a relative clause whose subject is the pronoun at i modifies,
 * or -1.  The subject of a relative clause never corefers with the noun the
 * clause modifies: in "a diplomat it arrested", "Eritrea, which it blamed",
 * "the minister he appointed" the pronoun is someone else.  Without a relative
 * word ("a diplomat it arrested") the noun must be a common noun after a
 * determiner (a name takes no restrictive clause) and not the object of a verb
 * of telling, whose clause is a complement ("told the army it must leave"). */
static int rel_clause_head(const dy_token *t, int n, const dy_mentions *ms, int i)
{
    static const char *const SUBJ[] = { "it", "he", "she", "they", NULL };
    static const char *const TELL[] = { "tell", "warn", "inform", "assure", "remind", "notify", "advise", "convince",
        "persuade", "promise", "show", "teach", "ask", "urge", NULL };
    if (ms->n == 0 || !dy_str_in(SUBJ, t[i].low)) return -1;
    int v = i + 1;
    if (v < n && (t[v].tag == DY_MD || dy_tag_is_adv(t[v].tag))) v++;
    if (v >= n || !(dy_tag_is_verb(t[v].tag) || t[v].tag == DY_MD)) return -1;
    const dy_mention *pm = &ms->m[ms->n - 1];
    if (pm->end == i - 1 && (tok_is(&t[i - 1], "which") || tok_is(&t[i - 1], "whom"))) return ms->n - 1;
    if (pm->end == i - 2 && t[i - 2].tag == DY_COMMA && (tok_is(&t[i - 1], "which") || tok_is(&t[i - 1], "whom")))
        return ms->n - 1;
    if (pm->end != i || dy_tag_is_proper(t[pm->head].tag) || pm->kind == DY_MK_PRONOUN) return -1;
    if (pm->start == 0 || (t[pm->start - 1].tag != DY_DT && t[pm->start - 1].tag != DY_PRPS)) {
        if (t[pm->start].tag != DY_DT) return -1;
    }
    int b = t[pm->start].tag == DY_DT ? pm->start - 1 : pm->start - 2;
    if (b >= 0 && dy_tag_is_verb(t[b].tag) && t[b].lemma && dy_str_in(TELL, t[b].lemma)) return -1;
    return ms->n - 1;
}

static void mention_name(const dy_sentence *s, const dy_mention *m, char *buf, size_t cap)
{
    size_t k = 0;
    for (int i = m->start; i < m->end && k + 2 < cap; i++) {
        if (i > m->start && k + 1 < cap) buf[k++] = ' ';
        size_t l = s->tok[i].len;
        if (k + l >= cap) l = cap - k - 1;
        memcpy(buf + k, s->tok[i].text, l);
        k += l;
    }
    buf[k] = 0;
}


/* dy_actordict_match with a per-sentence memo: the resolver asks about the
 * same token several times (a name's start, a lookahead after it). */
typedef struct match_memo { int *len, *name; } match_memo;
static inline int match_at(const dy_actordict *d, const dy_token *t, int n, int i, int *name, match_memo *mm)
{
    if (i < 0 || i >= n) return 0;
    if (mm->len[i] == -2) { int nm = -1; mm->len[i] = dy_actordict_match(d, t, n, i, &nm); mm->name[i] = nm; }
    if (mm->len[i] > 0) *name = mm->name[i];
    return mm->len[i];
}

/* The text of tokens [i, k) joined by single spaces, into buf; 0 when too long. */
static int run_text(const dy_token *t, int i, int k, char *buf, size_t cap)
{
    size_t o = 0;
    for (int q = i; q < k; q++) {
        if (o + t[q].len + 2 > cap) return 0;
        if (q > i) buf[o++] = ' ';
        memcpy(buf + o, t[q].text, t[q].len); o += t[q].len;
    }
    buf[o] = 0;
    return 1;
}

/* A city of the gazetteer named by tokens [i, k), or NULL.  Of cities sharing a
 * name, one in a country the document named before wins ("Tripoli" after
 * "Lebanon"), else the most populous.  A one-word name must be a city of
 * 100,000 people or more: smaller towns share their names with surnames. */
static const dy_city *place_city(const dy_docctx *ctx, const dy_token *t, int i, int k)
{
    char name[128];
    if (!ctx->places || !run_text(t, i, k, name, sizeof name)) return NULL;
    const dy_city *c = NULL;
    for (int r = ctx->n - 1; r >= 0 && !c; r--)
        if (ctx->r[r].kind == DY_MK_COUNTRY && strlen(ctx->r[r].code) >= 3) {
            char cc[4] = { ctx->r[r].code[0], ctx->r[r].code[1], ctx->r[r].code[2], 0 };
            c = dy_gazetteer_city(ctx->places, name, cc);
        }
    if (!c) c = dy_gazetteer_city(ctx->places, name, NULL);
    if (c && k - i == 1 && c->pop < 100000) c = NULL;
    return c;
}

/* The country the document fixes for an actor that names none: the dateline's,
 * else the only country named so far.  NULL when the text does not fix one. */
static const char *doc_country(const dy_docctx *ctx, const char **how)
{
    if (!ctx->places) return NULL;      /* off with foreign dictionaries, as the gazetteer */
    if (ctx->dateline[0]) { *how = "the dateline"; return ctx->dateline; }
    const char *one = NULL;
    for (int r = 0; r < ctx->n; r++) {
        if (ctx->r[r].kind != DY_MK_COUNTRY || strlen(ctx->r[r].code) < 3) continue;
        if (one && strncmp(one, ctx->r[r].code, 3)) return NULL;   /* two countries: not fixed */
        one = ctx->r[r].code;
    }
    *how = "the one country named before";
    return one;
}

/* "TRIPOLI, May 3 (Reuters) -": a capitalised place at the start of a story,
 * before a comma, a parenthesis or a dash, is its dateline. */
static void find_dateline(const dy_actordict *d, dy_docctx *ctx, const dy_token *t, int n)
{
    int k = 0;
    while (k < n && k < 4 && (t[k].flags & DY_TOK_CAP) && t[k].len >= 2) {
        int upper = 1;
        for (size_t q = 0; q < t[k].len; q++) if (islower((unsigned char)t[k].text[q])) upper = 0;
        if (!upper) break;
        k++;
    }
    if (k == 0 || k >= n || (t[k].tag != DY_COMMA && strcmp(t[k].low, "(") && strcmp(t[k].low, "-") && strcmp(t[k].low, "--")))
        return;
    const dy_city *c = place_city(ctx, t, 0, k);
    if (c) { memcpy(ctx->dateline, c->country, 4); return; }
    int nm = -1;
    if (dy_actordict_match(d, t, n, 0, &nm) == k && nm >= 0) {
        int kind;
        int e = pick_entry(d, d->names[nm].first, ctx->date, &kind);
        if ((kind == DY_AK_COUNTRY || kind == DY_AK_METONYM) && strlen(d->e[e].code) >= 3) {
            memcpy(ctx->dateline, d->e[e].code, 3);
            ctx->dateline[3] = 0;
        }
    }
}

int dy_resolve(dy_arena *a, const dy_actordict *d, dy_docctx *ctx, dy_sentence *s)
{
    if (s->index == 0) find_dateline(d, ctx, s->tok, s->ntok);
    int n = s->ntok;
    dy_mentions *ms = dy_arena_zalloc(a, sizeof *ms);
    if (!ms) return -1;
    /* not zeroed: only the first ms->n are read, each written whole (a
     * mention is ~400 bytes, zeroing one per token was 3% of the run) */
    ms->m = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(dy_mention));
    if (!ms->m) return -1;
    s->actors = ms;
    const dy_token *t = s->tok;
    match_memo mm = { dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int)), dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int)) };
    if (!mm.len || !mm.name) return -1;
    for (int q = 0; q < n; q++) mm.len[q] = -2;
    int i = 0;
    while (i < n) {
        /* field by field, not memset: this runs for every token, and the
         * strings are only read up to their NUL (codes up to nrefs) */
        dy_mention m;
        m.start = i; m.end = 0; m.head = i;
        m.kind = 0; m.plural = 0; m.nrefs = 0;
        m.code[0][0] = 0;
        m.entry = -1;
        m.ante = -1;
        m.how[0] = 0;
        char country[24], sector[24], code[40];
        country[0] = sector[0] = code[0] = 0;
        int person = -1, org = -1, title = 0, j = i, kind = 0, matched = 0, plural = 0, sector_prefix = 0;
        char how[160];
        how[0] = 0;
        size_t hl = 0;
        for (;;) {
            int name = -1, len = match_at(d, t, n, j, &name, &mm);
            if (len > 0) {
                int ek;
                int e = pick_entry(d, d->names[name].first, ctx->date, &ek);
                const dy_aentry *en = &d->e[e];
                if (ek == DY_AK_DISCARD) { ms->discard = 1; break; }
                int take = 1;
                switch (ek) {
                case DY_AK_COUNTRY: case DY_AK_ADJ: case DY_AK_METONYM:
                    /* "Bosnian Muslims", "Iraqi Kurds": a state, then an ethnic or religious
                     * identity, is one actor carrying both (BIHMOS, IRQKUR) */
                    if (ek == DY_AK_ADJ && country[0] && strlen(country) == 3 && !sector[0] && person < 0 && org < 0 &&
                        (t[j].flags & DY_TOK_CAP) && dy_actordict_is_identity(d, en->code)) {
                        join11(country, country, en->code);
                        if (t[j + len - 1].tag == DY_NNS || t[j + len - 1].tag == DY_NNPS) plural = 1;
                        break;
                    }
                    if (country[0] || person >= 0 || org >= 0) { take = 0; break; }
                    /* names of places and peoples are capitalised: "western Iran" is a
                     * direction, "turkey" a bird, "china" porcelain */
                    if (!(t[j].flags & DY_TOK_CAP)) { take = 0; break; }
                    dy_scopy(country, sizeof country, en->code);
                    if (ek == DY_AK_ADJ && t[j + len - 1].tag == DY_NNPS) plural = 1;
                    if (ek == DY_AK_ADJ && (t[j + len - 1].tag == DY_NNS || t[j + len - 1].tag == DY_NNPS)) plural = 1;
                    break;
                case DY_AK_AGENT: case DY_AK_TITLE:
                    if (person >= 0) { take = 0; break; }
                    /* "a general strike", "the general election": a title in lowercase the
                     * tagger reads as an adjective modifies a noun and names no one */
                    if (ek == DY_AK_TITLE && len == 1 && t[j].tag == DY_JJ && !(t[j].flags & DY_TOK_CAP) && j + 1 < n &&
                        (t[j + 1].tag == DY_NN || t[j + 1].tag == DY_NNS)) { take = 0; break; }
                    if (!sector[0]) { dy_scopy(sector, sizeof sector, en->code); sector_prefix = en->prefix_role == 1; }
                    if (ek == DY_AK_TITLE) title = 1;
                    if (t[j + len - 1].tag == DY_NNS || t[j + len - 1].tag == DY_NNPS) plural = 1;
                    break;
                case DY_AK_PERSON:
                    if (person >= 0 || org >= 0) { take = 0; break; }
                    person = e;
                    break;
                default: /* ORG, GROUP */
                    if (person >= 0 || org >= 0 || sector[0]) { take = 0; break; }
                    org = e;
                    break;
                }
                if (!take) break;
                if (!matched) m.start = j;
                matched = 1;
                m.entry = (m.entry < 0 || ek == DY_AK_PERSON || ek == DY_AK_ORG || ek == DY_AK_GROUP) ? e : m.entry;
                m.head = j + len - 1;
                if (ctx->explain && hl < sizeof how - 40)
                    hl += (size_t)snprintf(how + hl, sizeof how - hl, "%s%s %s (%s:%u)", hl ? " + " : "",
                                           ek == DY_AK_COUNTRY ? "country" : ek == DY_AK_ADJ ? "adj" :
                                           ek == DY_AK_METONYM ? "metonym" : ek == DY_AK_AGENT ? "agent" :
                                           ek == DY_AK_TITLE ? "title" : ek == DY_AK_PERSON ? "person" : "org",
                                           en->code, d->files[en->file], en->line);
                j += len;
                /* "President Xi" matched where "Xi Jinping" goes on: a name of a person that
                 * starts inside the match and ends after it extends the mention */
                if (ek == DY_AK_PERSON)
                    for (int k = j - len + 1; k < j; k++) {
                        int nmk, lk = match_at(d, t, n, k, &nmk, &mm);
                        if (lk <= 0 || k + lk <= j) continue;
                        int kk, ek2 = pick_entry(d, d->names[nmk].first, ctx->date, &kk);
                        if (kk != DY_AK_PERSON) continue;
                        person = ek2;
                        m.entry = ek2;
                        j = k + lk;
                        m.head = j - 1;
                        break;
                    }
                /* "China's foreign minister": possessive between a country and a sector */
                if (country[0] && !sector[0] && person < 0 && j + 1 < n && t[j].tag == DY_POS) {
                    int nm2, l2 = match_at(d, t, n, j + 1, &nm2, &mm);
                    if (l2 > 0) {
                        int k2, e3 = pick_entry(d, d->names[nm2].first, ctx->date, &k2);
                        if (k2 == DY_AK_AGENT || k2 == DY_AK_TITLE) { j++; continue; }
                        /* "Yemen's Houthis", "Lebanon's Hezbollah": a group of that country is
                         * the actor (its own code holds the country) */
                        if ((k2 == DY_AK_ORG || k2 == DY_AK_GROUP) && e3 >= 0 && strlen(d->e[e3].code) > 3 &&
                            !strncmp(d->e[e3].code, country, 3)) { country[0] = 0; j++; continue; }
                    }
                }
                continue;
            }
            /* "his Iranian counterpart (Mostafa Najjar)": the holder of the same office in
             * the state the adjective names, an official of it; a name may follow */
            if (matched && country[0] && !sector[0] && org < 0 && person < 0 && j < n &&
                (tok_is(&t[j], "counterpart") || tok_is(&t[j], "counterparts"))) {
                memcpy(sector, "GOV", 4);
                title = 1;
                if (t[j].lowlen == 12) plural = 1;
                m.head = j;
                if (ctx->explain && hl < sizeof how - 20) hl += (size_t)snprintf(how + hl, sizeof how - hl, " + \"%s\" GOV", t[j].low);
                j++;
                continue;
            }
            /* words between a country and a sector: "Chinese state media", "the Iraqi Supreme
             * Judicial Council" (up to three adjectives, nouns or capitalised words no
             * dictionary knows) */
            if (matched && country[0] && !sector[0] && org < 0 && person < 0) {
                int q = j;
                while (q < n && q - j < 3 && (dy_tag_is_adj(t[q].tag) || t[q].tag == DY_NN ||
                                              (dy_tag_is_proper(t[q].tag) && (t[q].flags & DY_TOK_CAP)))) {
                    int nmq;
                    if (match_at(d, t, n, q, &nmq, &mm) > 0) break;
                    q++;
                }
                int nm2, l2 = q > j && q < n ? match_at(d, t, n, q, &nm2, &mm) : 0;
                if (l2 > 0) {
                    int k2; pick_entry(d, d->names[nm2].first, ctx->date, &k2);
                    if (k2 == DY_AK_AGENT || k2 == DY_AK_TITLE) { j = q; continue; }
                }
            }
            /* a title followed by an unknown name: "Foreign Minister Wang Yi" */
            /* ... or a singular sector noun: "Iran's foreign ministry spokesman Bahram Qassemi" */
            if ((title || (sector[0] && !plural && org < 0 && person < 0 && j > 0 && dy_tag_is_noun(t[j - 1].tag))) &&
                person < 0 && j < n && dy_tag_is_proper(t[j].tag) && (t[j].flags & DY_TOK_CAP) && !is_temporal(&t[j])) {
                int k = j;
                while (k < n && dy_tag_is_proper(t[k].tag) && (t[k].flags & DY_TOK_CAP) && k - j < 4) {
                    int nm2;
                    if (match_at(d, t, n, k, &nm2, &mm) > 0) break;
                    k++;
                }
                if (k > j) {
                    m.head = k - 1;
                    if (ctx->explain && hl < sizeof how - 20) hl += (size_t)snprintf(how + hl, sizeof how - hl, " + name \"%.*s\"",
                                                                   (int)(t[k - 1].end - t[j].start), t[j].text);
                    person = -2;     /* a person not in the dictionary */
                    plural = 0;
                    j = k;
                }
            }
            break;
        }
        if (!matched) {
            /* pronouns and descriptions */
            const char *w = t[i].low;
            int nrefs = 0, fr = -1;
            char refs[DY_MAX_REFS][24];
            int is_pron = t[i].tag == DY_PRP || t[i].tag == DY_PRPS;
            int rel = is_pron ? rel_clause_head(t, n, ms, i) : -1;
            if (is_pron && dy_str_in(PRON_PERSON, w)) {
                nrefs = recent(ctx, s->index, 2, 1, 1, 0, 0, rel, refs, &fr);
                m.kind = DY_MK_PRONOUN;
            } else if (is_pron && dy_str_in(PRON_THING, w)) {
                nrefs = recent(ctx, s->index, 1, 1, 2, 0, 0, rel, refs, &fr);
                m.kind = DY_MK_PRONOUN;
            } else if (is_pron && dy_str_in(PRON_PLURAL, w)) {
                nrefs = recent(ctx, s->index, 1, 1, 0, 0, 1, rel, refs, &fr);
                m.kind = DY_MK_PRONOUN;
            } else if ((tok_is(&t[i], "the") || tok_is(&t[i], "both")) && i + 1 < n) {
                /* the two leaders / both nations / the president / the country */
                int k = i + 1, two = 0;
                if (tok_is(&t[i], "both")) two = 1;
                if (k < n && (tok_is(&t[k], "two") || tok_is(&t[k], "both"))) { two = 1; k++; }
                /* an adjective before the noun ("the two European leaders"), but a name there
                 * ("the Thai government", "the Iranian government") is an actor, no description */
                int nmj, named_adj = 0;
                if (k < n && dy_tag_is_adj(t[k].tag) && k + 1 < n && dy_tag_is_noun(t[k + 1].tag)) {
                    named_adj = match_at(d, t, n, k, &nmj, &mm) > 0;
                    k++;
                }
                /* "the head of the African Union": the of-phrase names the actor, no description */
                if (!named_adj && k < n && (k + 1 >= n || (!dy_tag_is_noun(t[k + 1].tag) && !tok_is(&t[k + 1], "of")))) {
                    if ((head_bits(d, &t[k]) & DY_HEAD_PERSON) && (two || t[k].tag == DY_NN)) {
                        nrefs = recent(ctx, s->index, 3, two ? 2 : 1, 1, 0, 0, -1, refs, &fr);
                        if (two && nrefs < 2) nrefs = 0;
                        m.kind = DY_MK_DESCR; m.end = k + 1;
                    } else if (dy_str_in(NATION_NOUNS, t[k].low) && (two || t[k].tag == DY_NN)) {
                        nrefs = recent(ctx, s->index, 3, two ? 2 : 1, 0, 1, 0, -1, refs, &fr);
                        if (two && nrefs < 2) nrefs = 0;
                        m.kind = DY_MK_DESCR; m.end = k + 1;
                        /* "the government", "the two governments": the country's government */
                        if (!strncmp(t[k].low, "government", 10))
                            for (int r = 0; r < nrefs; r++)
                                if (strlen(refs[r]) == 3) memcpy(refs[r] + 3, "GOV", 4);
                    }
                }
                if (nrefs == 2 && two) {   /* "the two leaders": in the order they were named */
                    char tmp[24];
                    memcpy(tmp, refs[0], 24); memcpy(refs[0], refs[1], 24); memcpy(refs[1], tmp, 24);
                }
            }
            if (nrefs > 0) {
                m.start = i;
                if (!m.end) m.end = i + 1;
                m.head = m.end - 1;
                m.nrefs = (uint8_t)nrefs;
                for (int r = 0; r < nrefs; r++) memcpy(m.code[r], refs[r], 24);
                m.plural = nrefs > 1;
                /* a pronoun whose antecedent is in this sentence points at it (its span is the better evidence) */
                m.ante = (m.kind == DY_MK_PRONOUN && fr >= 0 && ctx->r[fr].sent == s->index) ? ctx->r[fr].mention : -1;
                if (ctx->explain) snprintf(m.how, sizeof m.how, "%s \"%.*s\" -> %s%s%s", m.kind == DY_MK_PRONOUN ? "pronoun" : "description",
                         (int)(t[m.end - 1].end - t[i].start), t[i].text, refs[0], nrefs > 1 ? " + " : "", nrefs > 1 ? refs[1] : "");
                ms->m[ms->n++] = m;
                i = m.end;
                continue;
            }
            /* "Mr. Erdogan", "Dr. Tedros": a courtesy title before a name the dictionaries
             * know is no name of its own */
            if (dy_str_in(COURTESY, t[i].low) && i + 1 < n) {
                int nm2;
                if (match_at(d, t, n, i + 1, &nm2, &mm) > 0) { i++; continue; }
            }
            /* a surname seen before in the document, or an unknown capitalised name */
            /* "Dozens of students", "Thousands of protesters": a number noun, capitalised
             * at the start of a sentence, is no name; the of-phrase names the actor */
            if (i + 1 < n && tok_is(&t[i + 1], "of") && dy_str_in(NUMBER_NOUNS, t[i].low)) { i++; continue; }
            /* "N14.3billion", "Rs500m": an amount with a currency letter is no name */
            if (has_digit_and_lower(&t[i])) { i++; continue; }
            if (dy_tag_is_proper(t[i].tag) && (t[i].flags & DY_TOK_CAP) && !is_temporal(&t[i])) {
                int k = i;
                while (k < n && dy_tag_is_proper(t[k].tag) && (t[k].flags & DY_TOK_CAP) && k - i < 6) {
                    int nm2;
                    if (k > i && match_at(d, t, n, k, &nm2, &mm) > 0) break;
                    k++;
                }
                int found = -1;
                /* a city as an actor: "Tripoli", "Tel Aviv" code as their country */
                const dy_city *pc = found < 0 ? place_city(ctx, t, i, k) : NULL;
                if (pc && !(k == i + 1 && ctx->n > 0 && ctx->r[ctx->n - 1].kind == DY_MK_PERSON &&
                            (!strcmp(ctx->r[ctx->n - 1].name1, t[i].low) || !strcmp(ctx->r[ctx->n - 1].name2, t[i].low)))) {
                    m.start = i; m.end = k; m.head = k - 1;
                    m.nrefs = 1;
                    m.kind = DY_MK_COUNTRY;
                    dy_scopy(m.code[0], 24, pc->country);
                    if (ctx->explain) snprintf(m.how, sizeof m.how, "place \"%s\"%s%s, %s (gazetteer)", pc->name,
                                               pc->admin1[0] ? ", " : "", pc->admin1, pc->country);
                    ms->m[ms->n++] = m;
                    add_ref(a, ctx, m.code[0], DY_MK_COUNTRY, 0, s->index, NULL, NULL);
                    ctx->r[ctx->n - 1].mention = ms->n - 1;
                    i = k;
                    continue;
                }
                if (k == i + 1)
                    for (int r = ctx->n - 1; r >= 0 && found < 0; r--)
                        if (ctx->r[r].kind == DY_MK_PERSON &&
                            (strcmp(ctx->r[r].name1, t[i].low) == 0 || strcmp(ctx->r[r].name2, t[i].low) == 0)) found = r;
                /* "Department", "Committee" alone: a government body, see GENERIC */
                /* "ISIS-held", "United Nations-backed", "Australian-born": a name made a
                 * modifier by its suffix is no actor of its own */
                if (found < 0) {
                    const dy_token *lt = &t[k - 1];
                    const char *h = memchr(lt->low, '-', lt->lowlen);
                    while (h && memchr(h + 1, '-', lt->lowlen - (size_t)(h + 1 - lt->low))) h = memchr(h + 1, '-', lt->lowlen - (size_t)(h + 1 - lt->low));
                    if (h && dy_str_in(MODIFIER_SUFFIX, h + 1)) { i = k; continue; }
                    /* "the Eritrea-Djibouti border", "Israel-Hamas talks": two known names
                     * joined by a hyphen modify the noun after them */
                    if (k == i + 1 && h && h > lt->low && k < n && dy_tag_is_noun(t[k].tag)) { i = k; continue; }
                }
                /* "the Department", "the County Commission", "the Supreme Judicial Council" */
                int generic = found < 0 && k - i <= 4 && dy_str_in(GENERIC, t[k - 1].low);
                const char *dhow = NULL, *dhc = NULL;
                /* "the Federal Aviation Administration", "the Supreme Judicial Council": unknown
                 * capitalised words before a capitalised sector noun name a body of that
                 * sector; it takes the document's country as the sector alone would */
                if (found < 0 && k < n && (t[k].flags & DY_TOK_CAP) && k - i <= 3) {
                    int nm2, l2 = match_at(d, t, n, k, &nm2, &mm);
                    int k2 = -1, e2 = l2 > 0 ? pick_entry(d, d->names[nm2].first, ctx->date, &k2) : -1;
                    if (l2 > 0 && k2 == DY_AK_AGENT && strlen(d->e[e2].code) == 3) {
                        static const char *const STATE2[] = { "GOV", "MIL", "COP", "JUD", "LEG", "SPY", NULL };
                        const char *dhow2 = NULL, *dc2 = dy_str_in(STATE2, d->e[e2].code) ? doc_country(ctx, &dhow2) : NULL;
                        m.start = i; m.end = k + l2; m.head = k + l2 - 1;
                        m.nrefs = 1;
                        m.kind = dc2 ? DY_MK_COUNTRY : DY_MK_AGENT;
                        if (dc2) snprintf(m.code[0], 24, "%.3s%s", dc2, d->e[e2].code);
                        else dy_scopy(m.code[0], 24, d->e[e2].code);
                        if (ctx->explain) snprintf(m.how, sizeof m.how, "\"%.*s\" + agent %s (%s:%u)%s%s", (int)(t[k - 1].end - t[i].start), t[i].text,
                                                   d->e[e2].code, d->files[d->e[e2].file], d->e[e2].line, dc2 ? " + country from " : "", dc2 ? dhow2 : "");
                        ms->m[ms->n++] = m;
                        if (dc2) { add_ref(a, ctx, m.code[0], DY_MK_COUNTRY, 0, s->index, NULL, NULL); ctx->r[ctx->n - 1].mention = ms->n - 1; }
                        i = m.end;
                        continue;
                    }
                }
                /* "the UN Support Mission in Libya", "the EU Foreign Affairs Council": an
                 * international organisation's name followed by capitalised words it does not
                 * know names one of its organs; the mention grows over them */
                if (found < 0 && ms->n > 0 && ms->m[ms->n - 1].end == i && ms->m[ms->n - 1].kind == DY_MK_ORG &&
                    (!strncmp(ms->m[ms->n - 1].code[0], "IGO", 3) || !strncmp(ms->m[ms->n - 1].code[0], "NGO", 3))) {
                    dy_mention *om = &ms->m[ms->n - 1];
                    if (ctx->explain && strlen(om->how) + 40 < sizeof om->how)
                        snprintf(om->how + strlen(om->how), sizeof om->how - strlen(om->how), " + organ \"%.*s\"", (int)(t[k - 1].end - t[i].start), t[i].text);
                    om->end = k;
                    om->head = k - 1;
                    i = k;
                    continue;
                }
                /* "the Grand Mufti of Egypt", "the Republic of San Marino": an unknown
                 * capitalised title or body of a country the dictionaries know */
                if (found < 0 && k + 1 < n && tok_is(&t[k], "of")) {
                    int q = k + 1, nm2;
                    if (q < n && tok_is(&t[q], "the")) q++;
                    int l2 = match_at(d, t, n, q, &nm2, &mm);
                    int k2 = -1;
                    if (l2 > 0) {
                        int e2 = pick_entry(d, d->names[nm2].first, ctx->date, &k2);
                        if ((k2 == DY_AK_COUNTRY || k2 == DY_AK_METONYM) && (t[q].flags & DY_TOK_CAP) && strlen(d->e[e2].code) >= 3) {
                            m.start = i; m.end = q + l2; m.head = k - 1;
                            m.nrefs = 1;
                            m.kind = DY_MK_COUNTRY;
                            snprintf(m.code[0], 24, "%.3s", d->e[e2].code);
                            if (ctx->explain) snprintf(m.how, sizeof m.how, "\"%.*s\" of country %.3s (%s:%u)", (int)(t[k - 1].end - t[i].start),
                                                       t[i].text, d->e[e2].code, d->files[d->e[e2].file], d->e[e2].line);
                            ms->m[ms->n++] = m;
                            add_ref(a, ctx, m.code[0], DY_MK_COUNTRY, 0, s->index, NULL, NULL);
                            ctx->r[ctx->n - 1].mention = ms->n - 1;
                            i = m.end;
                            continue;
                        }
                    }
                }
                /* a capitalised name that is no one: a disease, a holiday, a process ("threatened to
                 * pull funding over Covid-19", "the Ebola epidemic", "before Christmas", "if Brexit") */
                if (found < 0 && k == i + 1 && dy_str_in(NOT_ACTOR, t[i].low)) { i = k; continue; }
                if (found >= 0 || (ctx->unknown_actors && (k > i + 1 || t[i].lowlen >= 2))) {
                    m.start = i; m.end = k; m.head = k - 1;
                    m.nrefs = 1;
                    if (found >= 0) {
                        m.kind = DY_MK_PERSON;
                        dy_scopy(m.code[0], 24, ctx->r[found].code);
                        if (ctx->explain) snprintf(m.how, sizeof m.how, "name \"%.*s\" -> earlier %s", (int)t[i].len, t[i].text, m.code[0]);
                    } else if (found < 0 && k > i + 1 && dy_str_in(CORPORATE, t[k - 1].low)) {
                        /* "AMC Entertainment Holdings Inc", "Milrem LCM OU": a company */
                        m.kind = DY_MK_AGENT;
                        snprintf(m.code[0], 24, "BUS");
                        if (ctx->explain) snprintf(m.how, sizeof m.how, "\"%.*s\" (a company: \"%.*s\")", (int)(t[k - 1].end - t[i].start), t[i].text,
                                                   (int)t[k - 1].len, t[k - 1].text);
                    } else if (generic) {
                        /* a government body no dictionary names: the government of the country
                         * the text fixes, else the sector alone */
                        dhc = doc_country(ctx, &dhow);
                        m.kind = dhc ? DY_MK_COUNTRY : DY_MK_AGENT;
                        if (dhc) snprintf(m.code[0], 24, "%.3sGOV", dhc); else snprintf(m.code[0], 24, "GOV");
                        if (ctx->explain) snprintf(m.how, sizeof m.how, "\"%.*s\" (a government body)%s%.3s%s%s",
                                                   (int)(t[k - 1].end - t[i].start), t[i].text, dhc ? " + country " : "", dhc ? dhc : "",
                                                   dhc ? " from " : "", dhc ? dhow : "");
                    } else {
                        m.kind = DY_MK_UNKNOWN;
                        snprintf(m.code[0], 24, "---");
                        snprintf(m.how, sizeof m.how, "unknown name (not in the dictionaries)");
                    }
                    ms->m[ms->n++] = m;
                    if (found >= 0) add_ref(a, ctx, m.code[0], DY_MK_PERSON, 0, s->index, NULL, NULL);
                    i = k;
                    continue;
                }
            }
            i++;
            continue;
        }
        /* "the foreign minister of Iran", "officials in Beijing", "lawmakers from Ohio" */
        if (sector[0] && !country[0] && person < 0 && org < 0 && j + 1 < n &&
            (tok_is(&t[j], "of") || tok_is(&t[j], "in") || tok_is(&t[j], "from"))) {
            int k = j + 1;
            if (k < n && tok_is(&t[k], "the")) k++;
            /* a compass adjective before the place: "people in northeast Nigeria", "rebels in eastern Congo" */
            if (k + 1 < n && !(t[k].flags & DY_TOK_CAP) && dy_str_in(COMPASS, t[k].low)) k++;
            int nm2, l2 = match_at(d, t, n, k, &nm2, &mm);
            /* (a place is capitalised: "northeast" is no region of Iceland) */
            if (l2 > 0 && !(t[k].flags & DY_TOK_CAP)) l2 = 0;
            if (l2 > 0) {
                int k2;
                int e2 = pick_entry(d, d->names[nm2].first, ctx->date, &k2);
                if (k2 == DY_AK_COUNTRY || k2 == DY_AK_METONYM || k2 == DY_AK_ADJ) {
                    dy_scopy(country, sizeof country, d->e[e2].code);
                    if (ctx->explain && hl < sizeof how - 40)
                        hl += (size_t)snprintf(how + hl, sizeof how - hl, " + of/in country %s (%s:%u)", d->e[e2].code,
                                               d->files[d->e[e2].file], d->e[e2].line);
                    j = k + l2;
                }
            } else if (k < n && dy_tag_is_proper(t[k].tag) && (t[k].flags & DY_TOK_CAP)) {
                /* "officials in Tripoli", "police in Oran": a city of the gazetteer */
                int k2 = k;
                while (k2 < n && k2 - k < 4 && dy_tag_is_proper(t[k2].tag) && (t[k2].flags & DY_TOK_CAP)) k2++;
                const dy_city *pc = place_city(ctx, t, k, k2);
                if (pc) {
                    dy_scopy(country, sizeof country, pc->country);
                    if (ctx->explain && hl < sizeof how - 60)
                        hl += (size_t)snprintf(how + hl, sizeof how - hl, " + of/in place %s (%s, gazetteer)", pc->name, pc->country);
                    j = k2;
                }
            }
        }
        /* "the Chinese ambassador in Berlin", "Iranian forces in Syria": an agent of a
         * named country, then "in" and a place, is located there; the place is part of
         * the noun phrase and no actor of its own */
        if (sector[0] && country[0] && person < 0 && org < 0 && j + 1 < n && tok_is(&t[j], "in")) {
            int k = j + 1;
            if (k < n && tok_is(&t[k], "the")) k++;
            int nm2, l2 = k < n && (t[k].flags & DY_TOK_CAP) ? match_at(d, t, n, k, &nm2, &mm) : 0;
            int k2 = -1;
            if (l2 > 0) {
                pick_entry(d, d->names[nm2].first, ctx->date, &k2);
                if (k2 != DY_AK_COUNTRY && k2 != DY_AK_METONYM) l2 = 0;
            } else if (k < n && dy_tag_is_proper(t[k].tag) && (t[k].flags & DY_TOK_CAP)) {
                int e2 = k;
                while (e2 < n && e2 - k < 4 && dy_tag_is_proper(t[e2].tag) && (t[e2].flags & DY_TOK_CAP)) e2++;
                if (place_city(ctx, t, k, e2)) l2 = e2 - k;
            }
            if (l2 > 0 && !(k + l2 < n && (t[k + l2].tag == DY_POS || dy_tag_is_noun(t[k + l2].tag)))) {
                if (ctx->explain && hl < sizeof how - 40)
                    hl += (size_t)snprintf(how + hl, sizeof how - hl, " + located in \"%.*s\"", (int)(t[k + l2 - 1].end - t[k].start), t[k].text);
                j = k + l2;
            }
        }
        m.end = j;
        if (m.head < m.start) m.head = m.end - 1;
        /* the code */
        if (person >= 0) {
            dy_scopy(code, sizeof code, d->e[person].code);
            /* out of office on the document date: a former official is an elite (CAMEO ELI) */
            const dy_aentry *pe = &d->e[person];
            if (ctx->date && pe->to && ctx->date >= pe->to && strlen(pe->code) >= 3) {
                memcpy(code, pe->code, 3);   /* "%.3sELI" */
                memcpy(code + 3, "ELI", 4);
            }
            kind = DY_MK_PERSON;
        } else if (org >= 0) {
            dy_scopy(code, sizeof code, d->e[org].code);
            kind = DY_MK_ORG;
        } else if (country[0]) {
            if (sector[0]) {
                /* a government code stands for its country when a sector follows: RUSGOV + MIL -> RUSMIL */
                char base[24];
                dy_scopy(base, sizeof base, country);
                size_t bl = strlen(base);
                if (bl > 3 && is_sector(base + bl - 3)) base[bl - 3] = 0;
                if (sector_prefix) join11(code, sector, base);
                else join11(code, base, sector);
            } else dy_scopy(code, sizeof code, country);
            kind = (person == -2) ? DY_MK_PERSON : DY_MK_COUNTRY;
        } else if (sector[0]) {
            dy_scopy(code, sizeof code, sector);
            kind = person == -2 ? DY_MK_PERSON : DY_MK_AGENT;
            if (person == -2 && !ctx->unknown_actors) kind = DY_MK_PERSON;
            /* a title with an unlisted name ("President Abdelaziz Bouteflicka") or a state
             * sector ("the police") takes the country the document fixes, never a bare sector */
            static const char *const STATE[] = { "GOV", "MIL", "COP", "JUD", "LEG", "SPY", NULL };
            /* not a sector noun that modifies the next noun ("a state visit", "police raids"):
             * that is no actor, and the coder reads it as a modifier */
            int modifier = person != -2 && j < n && dy_tag_is_noun(t[j].tag);
            /* nor a weapon ("accused the militants of firing rockets"): a rocket is whoever
             * fires it, not the country the story has named */
            int weapon = m.head >= 0 && m.head < n && dy_weapon_noun(t[m.head].low, DY_WEAPON_FORM);
            const char *dhow = NULL, *dc = (person == -2 || dy_str_in(STATE, sector)) && !sector_prefix && !modifier && !weapon ? doc_country(ctx, &dhow) : NULL;
            if (dc) {
                char base[4] = { dc[0], dc[1], dc[2], 0 };
                join11(code, base, sector);
                if (kind == DY_MK_AGENT) kind = DY_MK_COUNTRY;
                if (ctx->explain && hl < sizeof how - 60)
                    hl += (size_t)snprintf(how + hl, sizeof how - hl, " + country %s from %s", base, dhow);
            }
        }
        if (!code[0]) { i = j > i ? j : i + 1; continue; }
        /* a lone title or agent noun in lowercase after "the" without a name is a description */
        m.kind = (uint8_t)kind;
        m.plural = (uint8_t)plural;
        m.nrefs = 1;
        dy_scopy(m.code[0], 24, code);
        if (ctx->explain) memcpy(m.how, how, sizeof m.how);
        ms->m[ms->n++] = m;
        char n1[32] = "", n2[32] = "";
        if (kind == DY_MK_PERSON) {
            /* remember the name's first and last word for later surname-only mentions */
            int hs = m.head, fs = m.head;
            while (fs > m.start && dy_tag_is_proper(t[fs - 1].tag) && (t[fs - 1].flags & DY_TOK_CAP)) fs--;
            if (t[hs].lowlen < sizeof n1) memcpy(n1, t[hs].low, t[hs].lowlen + 1);
            if (fs != hs && t[fs].lowlen < sizeof n2) memcpy(n2, t[fs].low, t[fs].lowlen + 1);
        }
        if (kind != DY_MK_AGENT || plural) {
            add_ref(a, ctx, code, kind, plural, s->index, n1, n2);
            ctx->r[ctx->n - 1].mention = ms->n - 1;
            ctx->r[ctx->n - 1].human = (uint8_t)human_head(d, &t[m.head]);
        }
        (void)mention_name;
        i = j;
    }
    /* "the Belarussian defence minister, Leonid Maltsev,", "his Iranian counterpart,
     * Mostafa Najjar,": an unknown name in apposition after a singular actor headed
     * by a noun for a person is that person and takes its code */
    for (int k = 0; k + 1 < ms->n; k++) {
        dy_mention *ap = &ms->m[k], *u = &ms->m[k + 1];
        if (u->kind != DY_MK_UNKNOWN || ap->kind == DY_MK_UNKNOWN || ap->kind == DY_MK_PRONOUN || ap->kind == DY_MK_DESCR) continue;
        if (ap->plural || ap->nrefs != 1 || ap->end >= n || t[ap->end].tag != DY_COMMA || u->start != ap->end + 1) continue;
        if (!human_head(d, &t[ap->head])) continue;
        if (u->end < n && t[u->end].tag != DY_COMMA && t[u->end].tag != DY_PERIOD) continue;
        u->kind = DY_MK_PERSON;
        dy_scopy(u->code[0], 24, ap->code[0]);
        if (ctx->explain) snprintf(u->how, sizeof u->how, "unknown name in apposition to \"%.*s\" = %s", (int)(t[ap->end - 1].end - t[ap->start].start),
                                   t[ap->start].text, ap->code[0]);
    }
    /* "Jotyar Adil, the KRG's spokesperson", "Odin Sanchez, a former Colombian
     * congressman": an unknown name with an appositive actor takes its code */
    for (int k = 0; k + 1 < ms->n; k++) {
        dy_mention *u = &ms->m[k], *ap = &ms->m[k + 1];
        if (u->kind != DY_MK_UNKNOWN || u->end >= n || t[u->end].tag != DY_COMMA) continue;
        if (ap->kind == DY_MK_UNKNOWN || ap->kind == DY_MK_PRONOUN || ap->kind == DY_MK_DESCR || ap->start > u->end + 4) continue;
        int ok = 1;
        for (int q = u->end + 1; q < ap->start && ok; q++)
            if (t[q].tag != DY_DT && !dy_tag_is_adj(t[q].tag) && t[q].tag != DY_RB && t[q].tag != DY_PRPS) ok = 0;
        /* the appositive ends the phrase: "X, the KRG's spokesperson, said" */
        if (!ok || (ap->end < n && t[ap->end].tag != DY_COMMA && t[ap->end].tag != DY_PERIOD && t[ap->end].tag != DY_POS && !tok_is(&t[ap->end], "of") &&
                    !tok_is(&t[ap->end], "for") && !tok_is(&t[ap->end], "in") && !tok_is(&t[ap->end], "who"))) continue;
        u->kind = DY_MK_PERSON;
        dy_scopy(u->code[0], 24, ap->code[0]);
        if (ctx->explain) snprintf(u->how, sizeof u->how, "unknown name + appositive \"%.*s\" = %s", (int)(t[ap->end - 1].end - t[ap->start].start),
                                   t[ap->start].text, ap->code[0]);
    }
    /* "Indian and Chinese troops", "Russian and Syrian warplanes": an adjective of a
     * country coordinated with another that heads a sector noun shares that noun */
    for (int k = 0; k + 1 < ms->n; k++) {
        dy_mention *a1 = &ms->m[k], *a2 = &ms->m[k + 1];
        if (a1->kind != DY_MK_COUNTRY || a1->nrefs != 1 || strlen(a1->code[0]) != 3 || a1->end != a1->start + 1 || t[a1->start].tag != DY_JJ) continue;
        if (a2->start != a1->end + 1 || !(tok_is(&t[a1->end], "and") || tok_is(&t[a1->end], "or"))) continue;
        if (a2->kind != DY_MK_COUNTRY || a2->nrefs != 1 || strlen(a2->code[0]) < 6 || t[a2->start].tag != DY_JJ) continue;
        char code[24];
        snprintf(code, sizeof code, "%.3s%s", a1->code[0], a2->code[0] + 3);
        dy_scopy(a1->code[0], 24, code);
        if (ctx->explain && strlen(a1->how) + 40 < sizeof a1->how)
            snprintf(a1->how + strlen(a1->how), sizeof a1->how - strlen(a1->how), " + the noun of \"%.*s\"", (int)t[a2->head].len, t[a2->head].text);
    }
    /* "rebels loyal to Riek Machar" SSDREB, "fighters belonging to the Islamic State" the
     * group's code: a bare sector noun takes the side its allegiance phrase names, a
     * group's code, or the country of a person or state with its own sector */
    static const char *const LOYAL[] = { "loyal", "belonging", "allied", "linked", "affiliated", "aligned", NULL };
    for (int k = 0; k + 1 < ms->n; k++) {
        dy_mention *ag = &ms->m[k], *x = &ms->m[k + 1];
        if (ag->kind != DY_MK_AGENT || ag->nrefs != 1 || strlen(ag->code[0]) != 3 || ag->end + 2 >= n) continue;
        if (!dy_str_in(LOYAL, t[ag->end].low) || !(tok_is(&t[ag->end + 1], "to") || tok_is(&t[ag->end + 1], "with"))) continue;
        int at = ag->end + 2;
        if (tok_is(&t[at], "the")) at++;
        if (x->start != at || x->nrefs != 1 || strlen(x->code[0]) < 3) continue;
        char code[24];
        if (x->kind == DY_MK_ORG) dy_scopy(code, sizeof code, x->code[0]);
        else if (x->kind == DY_MK_PERSON || x->kind == DY_MK_COUNTRY) snprintf(code, sizeof code, "%.3s%s", x->code[0], ag->code[0]);
        else continue;
        if (ctx->explain && strlen(ag->how) + 40 < sizeof ag->how)
            snprintf(ag->how + strlen(ag->how), sizeof ag->how - strlen(ag->how), " + loyal to %s", x->code[0]);
        dy_scopy(ag->code[0], 24, code);
        ag->kind = x->kind == DY_MK_ORG ? DY_MK_ORG : DY_MK_COUNTRY;
    }
    return 0;
}
