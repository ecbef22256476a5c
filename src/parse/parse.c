/* parse.c: see parse.h.  Linear passes over the tokens; every loop is
 * bounded by the sentence length, so parsing is O(n) to O(n * groups). */
#include <string.h>
#include "parse.h"
#include "core/words.h"
#include "tag/tags.h"
#include "tag/timeword.h"
#include "tag/retag.h"
#include "actors/resolve.h"
#include "dyad.h"
#include "dep.h"

const char *dy_mode_name(int mode)
{
    static const char *const n[] = { "asserted", "future", "hypothetical", "negated", "reported" };
    return mode >= 0 && mode <= 4 ? n[mode] : "asserted";
}

/* The folded form of t is w (a literal: once inlined, its length is a constant). */
static inline int is(const dy_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->lowlen == n && memcmp(t->low, w, n) == 0;
}
static int lemma_is(const dy_token *t, const char *w) { return t->lemma[0] == w[0] && strcmp(t->lemma, w) == 0; }
/* Is the folded form of token t (LOW_IN), its lemma (LEMMA_IN) or the string w (STR_IN) in word list L? */
#define LOW_IN(L, t) dy_word_in(L, DY_NWORDS(L), (t)->low, (t)->lowlen)
#define LEMMA_IN(L, t) dy_word_in(L, DY_NWORDS(L), (t)->lemma, strlen((t)->lemma))
#define STR_IN(L, w) dy_word_in(L, DY_NWORDS(L), (w), strlen(w))

/* Nouns of asking and proposing: what their that-clause says has not happened */
static const dy_word ASK_NOUN[] = { DY_WORD("demand"), DY_WORD("call"), DY_WORD("request"), DY_WORD("proposal"),
    DY_WORD("suggestion"), DY_WORD("plea"), DY_WORD("appeal"), DY_WORD("insistence"), DY_WORD("recommendation"),
    DY_WORD("condition"), DY_WORD("ultimatum") };
/* "failed to reach agreement", "neglected to inform": the act did not happen (forms, not lemmas:
 * the lexicon need not know the verb) */
static const dy_word FAIL_CAT[] = { DY_WORD("fail"), DY_WORD("fails"), DY_WORD("failed"), DY_WORD("failing"),
    DY_WORD("neglect"), DY_WORD("neglects"), DY_WORD("neglected") };
/* Verbs after which a following "to V" carries the event, and the mode they give. */
static const dy_word FUTURE_CAT[] = { DY_WORD("expect"), DY_WORD("set"), DY_WORD("plan"), DY_WORD("schedule"),
    DY_WORD("due"), DY_WORD("poise"), DY_WORD("prepare"), DY_WORD("go"), DY_WORD("aim"), DY_WORD("intend"),
    DY_WORD("anticipate"), DY_WORD("slate"), DY_WORD("about"),
    /* commitments: "agreed to lend", "is willing to send", "vowed to retaliate" state an intent (CAMEO 03/13) */
    DY_WORD("agree"), DY_WORD("offer"), DY_WORD("promise"), DY_WORD("pledge"), DY_WORD("vow"), DY_WORD("commit"),
    DY_WORD("undertake"), DY_WORD("volunteer"), DY_WORD("ready"), DY_WORD("willing") };
static const dy_word HYPO_CAT[] = { DY_WORD("hope"), DY_WORD("want"), DY_WORD("seek"), DY_WORD("try"),
    DY_WORD("wish"), DY_WORD("consider"), DY_WORD("mull"), DY_WORD("weigh"), DY_WORD("propose"), DY_WORD("attempt"),
    DY_WORD("like"), DY_WORD("need"), DY_WORD("have"), DY_WORD("likely"), DY_WORD("able") };
/* Verbs of speech: say, tell, claim, report, announce, state, add, allege,
 * insist, note, confirm, believe, think, argue, write, suggest, acknowledge,
 * declare (lemmas; the length picks the few words to compare). */
static int is_speech(const dy_token *t)
{
    const char *w = t->lemma;
    size_t n = strlen(w);
    switch (n) {
    case 3: return DY_WORD_IS(w, n, "say") || DY_WORD_IS(w, n, "add");
    case 4: return DY_WORD_IS(w, n, "tell") || DY_WORD_IS(w, n, "note");
    case 5: return DY_WORD_IS(w, n, "claim") || DY_WORD_IS(w, n, "state") || DY_WORD_IS(w, n, "think") ||
                   DY_WORD_IS(w, n, "argue") || DY_WORD_IS(w, n, "write");
    case 6: return DY_WORD_IS(w, n, "report") || DY_WORD_IS(w, n, "allege") || DY_WORD_IS(w, n, "insist");
    case 7: return DY_WORD_IS(w, n, "confirm") || DY_WORD_IS(w, n, "believe") || DY_WORD_IS(w, n, "suggest") ||
                   DY_WORD_IS(w, n, "declare");
    case 8: return DY_WORD_IS(w, n, "announce");
    case 11: return DY_WORD_IS(w, n, "acknowledge");
    default: return 0;
    }
}
/* Subordinating conjunctions: that, because, if, while, although, though,
 * whether, since, unless, until, after, before, when, as, once, so, where.
 * Asked of every preposition: the length picks the few words to compare. */
static int is_subord(const dy_token *t)
{
    const char *w = t->low;
    size_t n = t->lowlen;
    switch (n) {
    case 2: return DY_WORD_IS(w, n, "if") || DY_WORD_IS(w, n, "as") || DY_WORD_IS(w, n, "so");
    case 4: return DY_WORD_IS(w, n, "that") || DY_WORD_IS(w, n, "when") || DY_WORD_IS(w, n, "once");
    case 5: return DY_WORD_IS(w, n, "while") || DY_WORD_IS(w, n, "since") || DY_WORD_IS(w, n, "until") ||
                   DY_WORD_IS(w, n, "after") || DY_WORD_IS(w, n, "where");
    case 6: return DY_WORD_IS(w, n, "though") || DY_WORD_IS(w, n, "unless") || DY_WORD_IS(w, n, "before");
    case 7: return DY_WORD_IS(w, n, "because") || DY_WORD_IS(w, n, "whether");
    case 8: return DY_WORD_IS(w, n, "although");
    default: return 0;
    }
}
/* Nouns for texts that speak for their authors. */
static const dy_word DOC_NOUN[] = { DY_WORD("report"), DY_WORD("statement"), DY_WORD("resolution"),
    DY_WORD("lawsuit"), DY_WORD("suit"), DY_WORD("letter"), DY_WORD("petition"), DY_WORD("communique"),
    DY_WORD("complaint"), DY_WORD("motion"), DY_WORD("declaration"), DY_WORD("note"), DY_WORD("message"),
    DY_WORD("document"), DY_WORD("bill"), DY_WORD("editorial"), DY_WORD("article"), DY_WORD("op-ed"),
    DY_WORD("tweet"), DY_WORD("post"), DY_WORD("speech"), DY_WORD("video"), DY_WORD("memo"), DY_WORD("memorandum"),
    DY_WORD("verdict"), DY_WORD("ruling"), DY_WORD("decision"), DY_WORD("decree"), DY_WORD("order"),
    DY_WORD("indictment"), DY_WORD("filing"), DY_WORD("appeal") };
/* Acts of force someone does: "killed in an Israeli strike" */
static const dy_word ATTACK_NOUN[] = { DY_WORD("strike"), DY_WORD("airstrike"), DY_WORD("air-strike"), DY_WORD("attack"),
    DY_WORD("raid"), DY_WORD("bombing"), DY_WORD("bombardment"), DY_WORD("shelling"), DY_WORD("ambush"), DY_WORD("assault"),
    DY_WORD("offensive"), DY_WORD("operation"), DY_WORD("crackdown"), DY_WORD("barrage") };
static const dy_word NEG[] = { DY_WORD("not"), DY_WORD("n't"), DY_WORD("never"), DY_WORD("no") };

static int np_tag(const dy_token *t)
{
    switch (t->tag) {
    case DY_DT: case DY_PDT: case DY_PRPS: case DY_JJ: case DY_JJR: case DY_JJS: case DY_CD:
    case DY_NN: case DY_NNS: case DY_NNP: case DY_NNPS: case DY_POS: case DY_HYPH: case DY_DOLLAR:
        return 1;
    default:
        return 0;
    }
}

static int is_aux(const dy_token *t)
{
    return t->tag == DY_MD || lemma_is(t, "be") || lemma_is(t, "have") || lemma_is(t, "do") || lemma_is(t, "get");
}

const char *dy_rel_name(int rel) { return dy_dep_label_name(rel); }

/* Can mention [b, e) be parsed as one word?  Names, titles and sector words with their
 * adjectives, determiners, numbers and possessives ("Lebanese Prime Minister Saad Hariri",
 * "Saudi Arabia's King Salman", "the Afghan government", "Unions in France"): no verbs,
 * commas or conjunctions inside. */
/* A capitalised word of a name is a proper noun whatever its tag ("Human Rights Watch"
 * with Watch/VBP). */
static int name_word(const dy_token *t) { return t->len > 0 && t->text[0] >= 'A' && t->text[0] <= 'Z'; }

static int unit_mention(const dy_token *t, int b, int e)
{
    if (e - b < 2) return 0;
    for (int i = b; i < e; i++) {
        int g = t[i].tag;
        if (!(dy_tag_is_noun(g) || g == DY_JJ || g == DY_DT || g == DY_POS || g == DY_CD || g == DY_IN || g == DY_HYPH ||
              (i > b && name_word(&t[i]) && name_word(&t[b]))))
            return 0;
    }
    return dy_tag_is_noun(t[e - 1].tag) || (name_word(&t[e - 1]) && name_word(&t[b]));
}

/* The relation of a word inside a mention parsed as one word, under its head. */
static int modifier_rel(int g)
{
    return g == DY_DT ? DY_DL_DET : g == DY_JJ ? DY_DL_AMOD : g == DY_CD ? DY_DL_NUMMOD : g == DY_HYPH ? DY_DL_PUNCT :
           g == DY_IN || g == DY_POS ? DY_DL_CASE : DY_DL_COMPOUND;
}

/* The tree inside a mention parsed as one word, rooted at rep: "of/in" + noun is an
 * nmod with its case, a possessor before 's an nmod:poss, the rest the head's det, amod,
 * nummod or compound (UD's own analysis of such names). */
static void mention_tree(const dy_token *t, int b, int e, int rep, dy_parse *p)
{
    int pos = -1, in = -1;
    for (int i = b; i < rep; i++) if (t[i].tag == DY_POS) pos = i;
    for (int i = rep + 1; i < e && in < 0; i++) if (t[i].tag == DY_IN) in = i;
    for (int i = b; i < e; i++) {
        if (i == rep) continue;
        int h = rep, r = modifier_rel(t[i].tag);
        if (in >= 0 && i >= in) {                   /* "in France": an nmod with its case */
            if (i == e - 1) r = DY_DL_NMOD;
            else h = e - 1;
        } else if (pos > b && i <= pos) {           /* "Saudi Arabia 's": a possessor with its case */
            if (i == pos - 1) r = DY_DL_NMOD_POSS;
            else h = pos - 1;
        }
        p->head[i] = h;
        p->rel[i] = (unsigned char)r;
    }
}

/* (the normaliser has made every dash "-": src/normalize) */
static int is_dash(const dy_token *t)
{
    return t->tag == DY_COLON || t->tag == DY_HYPH || (t->len == 1 && t->text[0] == '-') || (t->len == 2 && !memcmp(t->text, "--", 2));
}

/* The tokens of a dateline that opens the sentence ("MOGADISHU, Somalia --", "BOGOTA -",
 * "KABUL (Pajhwok) :", "(CNN)", "CAIRO (AP)"): the place and agency before the dash, colon or
 * closing parenthesis; 0 when there is none.  The dateline is outside the clause. */
static int dateline_end(const dy_token *t, int n)
{
    int i = 0, names = 0, paren = 0;
    for (; i < n && i < 12; i++) {
        int g = t[i].tag;
        if (i > 0 && is_dash(&t[i])) return names && i + 2 < n ? i + 1 : 0;
        if (g == DY_LRB && !paren) { paren = 1; continue; }
        if (g == DY_RRB && paren) { paren = 0; continue; }
        /* (a capitalised place is a name whatever its tag: "ALGIERS/NNS", "THE/DT HAGUE") */
        if (g == DY_NNP || g == DY_NNPS || (paren && dy_tag_is_noun(g)) || ((t[i].flags & DY_TOK_ALLCAP) && t[i].len > 1)) { names++; continue; }
        if (g == DY_COMMA || g == DY_CD) continue;
        break;
    }
    if (!names || paren || i >= n - 2 || i == 0 || t[i - 1].tag != DY_RRB) return 0;
    /* "Amnesty International (AI) has accused": a name's abbreviation, the clause's subject */
    if (dy_tag_is_finite(t[i].tag)) return 0;
    /* "CAIRO (AP) Egyptian police", "(CNN) Italian police", an opening quote after it */
    return t[i].tag == DY_LQUOTE ? i + 1 : i;
}

/* The dependency tree of the sentence into p->head / p->rel (scratch in the arena).
 * Every multi-word actor mention is parsed as one word, its head (the parser learnt
 * English from a web treebank with few long titled names, and attaches their parts
 * to the clause; one proper noun it parses well), and its inside is filled in after. */
static int has_case(const dy_parse *p, const dy_token *t, int n, int tok, const char *w);

/* Is token k in the subtree of a (k itself included)? */
static int descends(const dy_parse *p, int k, int a)
{
    for (int d = 0; k >= 0 && k != a && d < 64; d++) k = p->head[k];
    return k == a;
}

/* The first token the tree leaves without a head (-1: none) */
static int first_root(const dy_parse *p, const int *rep, int m)
{
    for (int c = 0; c < m; c++) if (p->head[rep[c]] < 0) return rep[c];
    return -1;
}

/* Make verb v the root and noun r its subject */
static void root_with_subject(dy_parse *p, int v, int r)
{
    p->head[v] = -1;
    p->rel[v] = DY_DL_ROOT;
    p->head[r] = v;
    p->rel[r] = DY_DL_NSUBJ;
}

static int parse_tree(dy_arena *a, const dy_depmodel *dep, const dy_token *t, int n, const dy_mentions *ms, dy_parse *p)
{
    int *rep = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));     /* compressed -> token */
    int *cof = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));     /* -1 inside a unit; its head: 1 + the unit's end */
    int *ub = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));      /* a unit head's first token */
    p->head = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));
    p->rel = dy_arena_alloc(a, (size_t)n + 1);
    if (!rep || !cof || !ub || !p->head || !p->rel) return -1;
    for (int i = 0; i < n; i++) { cof[i] = 0; p->head[i] = -1; p->rel[i] = DY_DL_DEP; }
    /* mark units: cof[i] = -1 inside, and the unit's head gets cof = 1 + its end */
    for (int k = 0; ms && k < ms->n; k++) {
        int b = ms->m[k].start, e = ms->m[k].end < n ? ms->m[k].end : n;
        if (!unit_mention(t, b, e)) continue;
        int taken = 0;                                  /* (mentions do not overlap; if they did, the first wins) */
        for (int i = b; i < e; i++) if (cof[i]) taken = 1;
        if (taken) continue;
        int r = e - 1;
        for (int i = b + 1; i < e; i++) if (t[i].tag == DY_IN) { r = i - 1; break; }
        if (!dy_tag_is_noun(t[r].tag) && !(name_word(&t[r]) && name_word(&t[b]))) continue;
        for (int i = b; i < e; i++) cof[i] = -1;
        cof[r] = 1 + e;
        ub[r] = b;
    }
    int dl = dateline_end(t, n);
    for (int i = 0; i < dl; i++) cof[i] = -2;
    int m = 0;
    for (int i = 0; i < n; i++) if (cof[i] >= 0) rep[m++] = i;
    dy_depword *w = dy_arena_alloc(a, (size_t)(m + 2) * sizeof *w);
    unsigned char *tg = dy_arena_alloc(a, (size_t)m + 2);
    void *mem = dy_arena_alloc(a, dy_dep_state_bytes(m));
    if (!w || !tg || !mem) return -1;
    dy_dep_root_word(&w[0]);
    tg[0] = DY_DEP_ROOT_TAG;
    for (int c = 0; c < m; c++) {
        const dy_token *k = &t[rep[c]];
        dy_dep_word(k->text, k->len, &w[c + 1]);
        tg[c + 1] = cof[rep[c]] > 0 && !dy_tag_is_noun(k->tag) ? DY_NNP : k->tag;   /* a name parsed as one word */
    }
    dy_dep_clusters(dep, w, m);
    dy_depstate st;
    dy_dep_state_init(&st, mem, m, w, tg);
    int bw = dy_dep_beam(dep);
    if (bw > 1) {
        void *bm = dy_arena_alloc(a, dy_dep_beam_bytes(m, bw));
        if (!bm) return -1;
        dy_dep_run_beam(dep, &st, bw, bm);
    } else dy_dep_run(dep, &st);
    for (int c = 0; c < m; c++) {
        int h = st.head[c + 1];
        p->head[rep[c]] = h > 0 ? rep[h - 1] : -1;
        p->rel[rep[c]] = st.lab[c + 1];
        /* an auxiliary or copula is a word of one ("arrived" made the aux of a later verb
         * is a verb of its own, with its own subject): a mislabelled one depends on its head */
        int r = p->rel[rep[c]];
        if ((r == DY_DL_AUX || r == DY_DL_AUX_PASS || r == DY_DL_COP) && !is_aux(&t[rep[c]]) && t[rep[c]].tag != DY_TO &&
            !lemma_is(&t[rep[c]], "become") && !lemma_is(&t[rep[c]], "will"))
            p->rel[rep[c]] = DY_DL_DEP;
    }
    /* a subject the parser hung on an auxiliary ("The Security Council has so far refused"
     * with Council under "has") is the verb's */
    for (int i = 0; i < n; i++) {
        int h = p->head[i], r = p->rel[i];
        if (h >= 0 && (r == DY_DL_NSUBJ || r == DY_DL_NSUBJ_PASS) &&
            (p->rel[h] == DY_DL_AUX || p->rel[h] == DY_DL_AUX_PASS || p->rel[h] == DY_DL_COP) && p->head[h] >= 0)
            p->head[i] = p->head[h];
    }
    /* a subject, auxiliary or copula the parser hung on the verb's adverb ("The Philippines
     * was heavily and unjustly criticized" with "was" the copula of "heavily") belongs to the
     * verb; "be" before a participle is then its passive auxiliary */
    for (int i = 0; i < n; i++) {
        int h = p->head[i], r = p->rel[i];
        if (h < 0 || !dy_tag_is_adv(t[h].tag) || p->rel[h] != DY_DL_ADVMOD || p->head[h] < 0 || h < i) continue;
        int v = p->head[h];
        if (!dy_tag_is_verb(t[v].tag) || v < h) continue;
        if (r == DY_DL_AUX || r == DY_DL_AUX_PASS || r == DY_DL_COP || r == DY_DL_NSUBJ || r == DY_DL_NSUBJ_PASS) {
            p->head[i] = v;
            if (r == DY_DL_COP) p->rel[i] = t[v].tag == DY_VBN && lemma_is(&t[i], "be") ? DY_DL_AUX_PASS : DY_DL_AUX;
        }
    }
    /* a word of time is no object ("threatened Monday to resume attacks", "met last week"
     * with Monday or week the obj): a temporal adjunct, unless an article makes it a thing
     * done or had ("marked the day") or a name is made of it */
    for (int i = 0; i < n; i++) {
        if ((p->rel[i] != DY_DL_OBJ && p->rel[i] != DY_DL_IOBJ) || !dy_time_word(&t[i])) continue;
        int art = 0;
        for (int k = 0; k < n && !art; k++)
            art = p->head[k] == i && ((p->rel[k] == DY_DL_DET && (is(&t[k], "the") || is(&t[k], "a") || is(&t[k], "an"))) ||
                                      /* (or a name: "celebrate May Day", "Independence Day") */
                                      p->rel[k] == DY_DL_COMPOUND || p->rel[k] == DY_DL_FLAT);
        if (!art) p->rel[i] = DY_DL_OBL_UNMARKED;
    }
    /* a noun the parser made the root, with the sentence's finite verb hung under it by a
     * relation no verb can have (obl, nmod, obj, nsubj...): a subject with a reduced relative
     * clause, whose verb the parser took for a noun's dependent ("The missiles fired by the
     * Israeli military struck an arms depot" with "struck" an obl:agent of "fired").  The verb
     * is the root and the noun its subject. */
    for (int r = first_root(p, rep, m); r >= 0 && dy_tag_is_noun(t[r].tag);) {
        int v = -1, ok = 1;
        for (int k = r + 1; k < n && ok; k++) {
            if (!dy_tag_is_finite(t[k].tag) || cof[k] < 0) continue;
            int rl = p->rel[k];
            if (rl == DY_DL_OBL || rl == DY_DL_OBL_AGENT || rl == DY_DL_NMOD || rl == DY_DL_OBJ || rl == DY_DL_IOBJ ||
                rl == DY_DL_NSUBJ || rl == DY_DL_NSUBJ_PASS || rl == DY_DL_COMPOUND || rl == DY_DL_APPOS) {
                if (v < 0) v = k;
            } else if (rl != DY_DL_AUX && rl != DY_DL_AUX_PASS && rl != DY_DL_COP) ok = 0;   /* a verb of a clause of its own */
        }
        for (int k = 0; k < n && ok && v >= 0; k++)
            if (p->head[k] == v && (p->rel[k] == DY_DL_NSUBJ || p->rel[k] == DY_DL_NSUBJ_PASS)) ok = 0;
        if (ok && v >= 0) root_with_subject(p, v, r);
        break;
    }
    /* a noun root whose participle right after it is the only candidate for the sentence's
     * verb (every finite verb is inside the participle's own clauses): the participle is the
     * verb, in the past tense the tagger took for a participle, and the noun its subject ("The
     * premier of Alberta called/VBN for sanctions after Biden cancelled the pipeline").  Not
     * with a by-agent or an auxiliary, which make it a passive. */
    for (int r = first_root(p, rep, m); r >= 0 && dy_tag_is_noun(t[r].tag);) {
        int v = -1;
        for (int k = r + 1; k < n && v < 0; k++) {
            if (cof[k] < 0) continue;
            if (p->head[k] == r && p->rel[k] == DY_DL_ACL && t[k].tag == DY_VBN) { v = k; break; }
            if (!descends(p, k, r) || p->head[k] < 0 || dy_tag_is_verb(t[k].tag)) break;   /* (past the noun's phrase) */
        }
        if (v < 0) break;
        int ok = 1;
        for (int k = 0; k < n && ok; k++) {
            if (p->head[k] == v && (p->rel[k] == DY_DL_OBL_AGENT || p->rel[k] == DY_DL_AUX || p->rel[k] == DY_DL_AUX_PASS ||
                                    p->rel[k] == DY_DL_NSUBJ || p->rel[k] == DY_DL_NSUBJ_PASS || has_case(p, t, n, k, "by")))
                ok = 0;
            if (!dy_tag_is_finite(t[k].tag) || cof[k] < 0 || p->rel[k] == DY_DL_AUX || p->rel[k] == DY_DL_AUX_PASS) continue;
            if (!descends(p, k, v)) ok = 0;
        }
        if (!ok) break;
        root_with_subject(p, v, r);
        for (int k = 0; k < n; k++) if (p->head[k] == r && p->rel[k] == DY_DL_PUNCT && k > v) p->head[k] = v;
        break;
    }
    /* the root participle of a sentence of running text (its subject has an article or a
     * possessor: no headline) with a passive subject but no auxiliary: a passive needs one,
     * so it is the past tense the tagger took for a participle ("The premier of Victoria
     * state called/VBN for sanctions after Beijing banned ..."); "Five soldiers killed in
     * attack" keeps its headline passive */
    for (int v = 0; v < n; v++) {
        if (p->head[v] >= 0 || t[v].tag != DY_VBN || cof[v] < 0) continue;
        int sp = -1, bad = 0;
        for (int k = 0; k < n; k++) {
            if (p->head[k] != v) continue;
            int r = p->rel[k];
            if (r == DY_DL_NSUBJ_PASS && k < v) sp = k;
            if (r == DY_DL_AUX || r == DY_DL_AUX_PASS || r == DY_DL_COP || r == DY_DL_OBL_AGENT || r == DY_DL_NSUBJ ||
                has_case(p, t, n, k, "by"))
                bad = 1;
        }
        if (sp < 0 || bad) break;
        int first = sp;             /* the subject's first word */
        for (int k = 0; k < sp; k++) if (cof[k] >= 0 && descends(p, k, sp)) { first = k; break; }
        if (!(t[first].tag == DY_DT || t[first].tag == DY_PRPS) || is(&t[first], "no")) break;
        p->rel[sp] = DY_DL_NSUBJ;
        break;
    }
    /* "accused Ethiopian forces of executing civilians" parsed with executing an amod of
     * civilians: after a verb of accusing, its object and "of", a gerund before a noun heads
     * the clause of what the object is accused of, the noun its object */
    for (int i = 1; i + 1 < n; i++) {
        int h = p->head[i];
        if (t[i].tag != DY_VBG || p->rel[i] != DY_DL_AMOD || h <= i || !dy_tag_is_noun(t[h].tag)) continue;
        if (!is(&t[i - 1], "of") || p->head[i - 1] != h || p->rel[i - 1] != DY_DL_CASE) continue;
        int o = p->head[h];
        if (o < 0 || p->rel[h] != DY_DL_NMOD || p->rel[o] != DY_DL_OBJ || p->head[o] < 0) continue;
        const dy_token *vb = &t[p->head[o]];
        if (!(lemma_is(vb, "accuse") || lemma_is(vb, "charge") || lemma_is(vb, "suspect") || lemma_is(vb, "convict") ||
              lemma_is(vb, "acquit") || lemma_is(vb, "indict") || lemma_is(vb, "blame")))
            continue;
        p->head[i] = o;
        p->rel[i] = DY_DL_ACL;
        p->head[i - 1] = i;
        p->rel[i - 1] = DY_DL_MARK;
        p->head[h] = i;
        p->rel[h] = DY_DL_OBJ;
    }
    /* "The Taliban stormed a base, officials said, killing ten soldiers": a participle
     * clause hung on a reporting verb that follows what it reports (the reported clause its
     * ccomp before it, or its head when it is a parataxis) describes the reported act, not the speaking; a participle of speech
     * ("said, adding that") stays */
    for (int u = 0; u < n; u++) {
        int h = p->head[u];
        if (t[u].tag != DY_VBG || p->rel[u] != DY_DL_ADVCL || h < 0 || h > u || !is_speech(&t[h]) || is_speech(&t[u]))
            continue;
        int c = -1, own = 0;
        for (int k = 0; k < n; k++) {
            if (p->head[k] == h && p->rel[k] == DY_DL_CCOMP && k < h) c = k;
            if (p->head[k] == u && (p->rel[k] == DY_DL_NSUBJ || p->rel[k] == DY_DL_MARK)) own = 1;
        }
        /* (or the reporting clause is the parataxis of what it reports) */
        if (c < 0 && p->rel[h] == DY_DL_PARATAXIS && p->head[h] >= 0 && p->head[h] < h && dy_tag_is_verb(t[p->head[h]].tag)) c = p->head[h];
        if (c >= 0 && !own) p->head[u] = c;
    }
    /* a clause's verb with no subject, and before it a noun the parser hung on it (or on
     * its adverb) as a vocative, modifier or loose dependent: that noun is the subject
     * ("Mandela, so far, has refused" with Mandela a vocative of "far"; "Amnesty
     * International put out a report" with International an amod of "put") */
    for (int v = 0; v < n; v++) {
        if (!dy_tag_is_verb(t[v].tag) || cof[v] < 0) continue;
        int rv = p->rel[v];
        if (!(p->head[v] < 0 || rv == DY_DL_CONJ || rv == DY_DL_CCOMP || rv == DY_DL_PARATAXIS)) continue;
        int fin = dy_tag_is_finite(t[v].tag), subj = 0, x = -1;
        for (int k = 0; k < n; k++) {
            if (p->head[k] != v) continue;
            int r = p->rel[k];
            if (r == DY_DL_NSUBJ || r == DY_DL_NSUBJ_PASS || r == DY_DL_CSUBJ || r == DY_DL_EXPL || r == DY_DL_MARK) subj = 1;
            if ((r == DY_DL_AUX || r == DY_DL_AUX_PASS) && t[k].tag != DY_TO) fin |= dy_tag_is_finite(t[k].tag);
            if (r == DY_DL_MARK || t[k].tag == DY_TO) subj = 1;       /* (an infinitive or a subordinate clause) */
        }
        if (subj || (!fin && !(t[v].tag == DY_VB && p->head[v] < 0))) continue;
        for (int k = v - 1; k >= 0; k--) {
            if (cof[k] < 0 || t[k].tag == DY_COMMA || p->rel[k] == DY_DL_PUNCT) continue;
            int h = p->head[k], r = p->rel[k];
            if (h == v && (r == DY_DL_AUX || r == DY_DL_AUX_PASS || r == DY_DL_ADVMOD)) continue;
            if (h >= 0 && h != v && p->rel[h] == DY_DL_ADVMOD && p->head[h] == v && dy_tag_is_adv(t[k].tag)) continue;
            int on_v = h == v || (h >= 0 && p->rel[h] == DY_DL_ADVMOD && p->head[h] == v);
            if (on_v && (dy_tag_is_noun(t[k].tag) || t[k].tag == DY_PRP) &&
                (r == DY_DL_VOCATIVE || r == DY_DL_AMOD || r == DY_DL_COMPOUND || r == DY_DL_DEP || r == DY_DL_DISLOCATED))
                x = k;
            break;
        }
        if (x < 0) continue;
        p->head[x] = v;
        p->rel[x] = DY_DL_NSUBJ;
    }
    /* the dateline: a dep of the root, its words under its first one */
    int root = first_root(p, rep, m);
    for (int i = 0; i < dl; i++) {
        p->head[i] = i == 0 ? root : 0;
        p->rel[i] = i == 0 ? DY_DL_DEP : t[i].tag == DY_COMMA || t[i].tag == DY_COLON || t[i].tag == DY_HYPH ||
                     t[i].tag == DY_LRB || t[i].tag == DY_RRB || t[i].len == 1 ? DY_DL_PUNCT : DY_DL_FLAT;
    }
    /* the inside of each unit */
    for (int c = 0; c < m; c++) {
        int r = rep[c];
        if (cof[r] <= 0) continue;
        mention_tree(t, ub[r], cof[r] - 1, r, p);
    }
    return 0;
}

static int is_rel_pronoun(const dy_token *t) { return t->tag == DY_WDT || t->tag == DY_WP || t->tag == DY_WPS || is(t, "that"); }

/* The NP group a tree token stands for: its own NP, else an NP among its dependents
 * ("dozens of activists": dozens; a bare number or adjective heads an NP below it). */
int dy_tree_np(const dy_parse *p, int n, int tok)
{
    if (tok < 0) return -1;
    if (p->tok_np[tok] >= 0) return p->np[p->tok_np[tok]].group;
    for (int j = 0; j < n; j++)
        if (p->head[j] == tok && p->tok_np[j] >= 0 && p->rel[j] != DY_DL_CASE && p->rel[j] != DY_DL_PUNCT)
            return p->np[p->tok_np[j]].group;
    return -1;
}

static int child(const dy_parse *p, int n, int h, int rel)
{
    for (int j = 0; j < n; j++) if (p->head[j] == h && p->rel[j] == rel) return j;
    return -1;
}

/* Does the tree token tok have a case dependent with the folded form w? */
static int has_case(const dy_parse *p, const dy_token *t, int n, int tok, const char *w)
{
    for (int j = 0; j < n; j++) if (p->head[j] == tok && p->rel[j] == DY_DL_CASE && is(&t[j], w)) return 1;
    return 0;
}

/* The predicate an auxiliary or copula belongs to. */
int dy_tree_pred(const dy_parse *p, int v)
{
    int r = p->rel[v];
    return (r == DY_DL_AUX || r == DY_DL_AUX_PASS || r == DY_DL_COP) && p->head[v] >= 0 ? p->head[v] : v;
}

int dy_tree_mark(const dy_parse *p, int v)
{
    if (!p->head || v < 0) return -1;
    for (int k = 0; k < v; k++) if (p->head[k] == v && p->rel[k] == DY_DL_MARK) return k;
    return -1;
}

/* "accused Israel of attacking", "blamed X for failing": the object of the governing verb
 * does the act of its of/for gerund; the object, else -1. */
static int of_gerund_object(const dy_parse *p, const dy_token *t, int n, int u)
{
    int h = p->head[u];
    if (h < 0 || t[u].tag != DY_VBG) return -1;
    int mk = -1;
    for (int k = 0; k < u; k++) if (p->head[k] == u && (p->rel[k] == DY_DL_MARK || p->rel[k] == DY_DL_CASE)) mk = k;
    if (mk < 0 || !(is(&t[mk], "of") || is(&t[mk], "for"))) return -1;
    /* (or the gerund hung on the object: "accused Ethiopian forces of executing" with
     * executing an acl of forces) */
    if (p->rel[u] == DY_DL_ACL && p->rel[h] == DY_DL_OBJ && p->head[h] >= 0 && dy_tag_is_verb(t[p->head[h]].tag)) return h;
    if (p->rel[u] != DY_DL_ADVCL) return -1;
    int o = child(p, n, h, DY_DL_OBJ);
    return o >= 0 && o < u ? o : -1;
}

/* Is word k, hung on a subject of finite verb u as its preposition, the subordinator of
 * u's clause ("hours after a Russian missile strike hit", "since the army took power")? */
static int subordinator(const dy_token *t, int u, int k)
{
    static const dy_word SUB[] = { DY_WORD("after"), DY_WORD("before"), DY_WORD("since"), DY_WORD("until"),
        DY_WORD("till"), DY_WORD("once"), DY_WORD("as"), DY_WORD("while") };
    return dy_tag_is_finite(t[u].tag) && LOW_IN(SUB, &t[k]);
}

/* Is noun j, its determiners and modifiers aside, right after a preposition ("armed with
 * rifles", "loyal to Gbagbo"): the object of that preposition, whatever arc the parser
 * gave it (it hung "with" on the verb as a mark and "rifles" as a second subject)? */
static int after_preposition(const dy_parse *p, const dy_token *t, int j)
{
    static const dy_word PREP[] = { DY_WORD("with"), DY_WORD("of"), DY_WORD("in"), DY_WORD("on"), DY_WORD("at"),
        DY_WORD("by"), DY_WORD("for"), DY_WORD("from"), DY_WORD("to"), DY_WORD("near"), DY_WORD("against"),
        DY_WORD("without"), DY_WORD("among"), DY_WORD("into"), DY_WORD("across"), DY_WORD("around") };
    int k = j - 1;
    while (k >= 0 && p->head[k] == j && (p->rel[k] == DY_DL_DET || p->rel[k] == DY_DL_AMOD || p->rel[k] == DY_DL_COMPOUND ||
                                         p->rel[k] == DY_DL_NUMMOD || p->rel[k] == DY_DL_NMOD_POSS)) k--;
    return k >= 0 && (t[k].tag == DY_IN || t[k].tag == DY_TO) && LOW_IN(PREP, &t[k]);
}

/* Subject token of predicate u: its own nsubj, else through the tree: an xcomp takes
 * its controller (the governing verb's object, else its subject), a conjoined or
 * adverbial verb its governor's subject, a relative clause its antecedent, a
 * participle the noun it modifies.  *inh: the subject comes from another clause
 * (the voice is tree_passive's). */
static int tree_subj(const dy_parse *p, const dy_token *t, int n, int u, int *inh, int depth)
{
    /* a verb has one subject: of two, the one nearest before it ("Putin met Xi Jinping in
     * Beijing, the Kremlin said" with Jinping and Kremlin both under "said"); after it
     * only when none precedes ("said the Kremlin") */
    int sj = -1, sjc = 0;
    for (int j = 0; j < n; j++) {
        if (p->head[j] != u || !(p->rel[j] == DY_DL_NSUBJ || p->rel[j] == DY_DL_NSUBJ_PASS || p->rel[j] == DY_DL_CSUBJ)) continue;
        /* (and one with a preposition is no subject: "Troops loyal to Laurent Gbagbo
         * blockaded" with Gbagbo a second nsubj) */
        int cased = 0;
        for (int k = 0; k < j && !cased; k++) cased = p->head[k] == j && p->rel[k] == DY_DL_CASE && !subordinator(t, u, k);
        /* (of two, one right after a preposition the parser hung elsewhere is none either) */
        if (!cased && sj >= 0 && after_preposition(p, t, j)) continue;
        if (sj < 0 || (sjc && !cased) || (cased == sjc && j < u)) { sj = j; sjc = cased; }
    }
    if (sj >= 0 && sjc) {
        /* "The Department of Transportation has launched" parsed with Transportation the
         * subject and Department its compound: a phrase with a preposition is no subject, the
         * noun before its preposition is */
        int k = -1, nb = -1;
        for (int q = 0; q < sj && k < 0; q++) if (p->head[q] == sj && p->rel[q] == DY_DL_CASE) k = q;
        for (int q = k - 1; q >= 0 && nb < 0; q--)
            if (p->head[q] == sj && (dy_tag_is_noun(t[q].tag) || t[q].tag == DY_PRP)) nb = q;
        /* "During their meeting, Putin and Xi are expected to" parsed with the meeting the
         * subject and the names its apposition: the apposition is the subject; with none, the
         * tree has no subject */
        if (nb < 0) {
            int ap = -1;
            for (int q = sj + 1; q < u && ap < 0; q++) if (p->head[q] == sj && p->rel[q] == DY_DL_APPOS) ap = q;
            if (ap < 0) return -1;
            nb = ap;
        }
        sj = nb;
    }
    /* a date or a word of time is no subject ("Putin on June 13 held talks" parsed with the
     * participle modifying "13") */
    if (sj >= 0 && (dy_time_word(&t[sj]) || (t[sj].tag == DY_CD && sj > 0 && dy_month_word(&t[sj - 1])))) return -1;
    if (sj >= 0) {
        /* "the troops who attacked": the antecedent of the relative pronoun */
        if (is_rel_pronoun(&t[sj]) && p->rel[u] == DY_DL_ACL_RELCL && p->head[u] >= 0) return p->head[u];
        /* "Xi Jinping, who toured Europe, has backed" parsed with the relative clause an
         * adjunct of the main verb after it: "who" or "which" right after a noun and its
         * comma, in a clause set between that noun and the verb it hangs on, is the noun's
         * non-restrictive relative, whatever arc the parser gave the clause */
        if ((t[sj].tag == DY_WP || t[sj].tag == DY_WDT) && !is(&t[sj], "that") && p->rel[u] != DY_DL_ACL_RELCL &&
            p->head[u] > u && sj >= 2 && t[sj - 1].tag == DY_COMMA && dy_tag_is_noun(t[sj - 2].tag) &&
            !dy_time_word(&t[sj - 2]))
            return sj - 2;
        return sj;
    }
    int h = p->head[u], r = p->rel[u];
    if (r == DY_DL_ROOT && (t[u].tag == DY_VBD || t[u].tag == DY_VBZ || t[u].tag == DY_VBP)) {
        /* a finite main verb has a subject: when the labeller gave it none ("Israeli and
         * Saudi officials met" with "Israeli" an amod of "met"), the nominal it governs
         * right before it, with no preposition or marker (not a word of time) */
        for (int j = u - 1; j >= 0; j--) {
            if (p->head[j] != u) continue;
            int rj = p->rel[j];
            if (rj == DY_DL_PUNCT || rj == DY_DL_ADVMOD || rj == DY_DL_AUX || rj == DY_DL_DISCOURSE) continue;
            if (!(dy_tag_is_noun(t[j].tag) || t[j].tag == DY_PRP || dy_tag_is_adj(t[j].tag)) || dy_time_word(&t[j])) break;
            int marked = 0;
            for (int k = 0; k < j && !marked; k++) marked = p->head[k] == j && (p->rel[k] == DY_DL_CASE || p->rel[k] == DY_DL_MARK);
            if (!marked) return j;
            break;
        }
        return -1;
    }
    if (h < 0 || depth > 6) return -1;
    if (r == DY_DL_XCOMP) {
        *inh = 1;
        /* object control: "urged the US to stop" (the object, or the labeller's iobj) */
        int o = child(p, n, h, DY_DL_OBJ);
        if (o < 0) o = child(p, n, h, DY_DL_IOBJ);
        if (o >= 0) return o;
        /* "X was asked to attack": X attacks, in the active */
        return tree_subj(p, t, n, dy_tree_pred(p, h), inh, depth + 1);
    }
    {
        int o = of_gerund_object(p, t, n, u);
        if (o >= 0) { *inh = 1; return o; }
    }
    if (r == DY_DL_CONJ || r == DY_DL_ADVCL || r == DY_DL_PARATAXIS) {
        *inh = 1;
        /* a finite verb conjoined to a noun ("condemned an attack in Ithilen on Thursday and
         * promised aid" with "promised" a conjunct of "Ithilen") goes with the verb above it */
        if (r == DY_DL_CONJ && dy_tag_is_noun(t[h].tag) && (t[u].tag == DY_VBD || t[u].tag == DY_VBZ || t[u].tag == DY_VBN))
            for (int k = 0; k < 4 && h >= 0 && !dy_tag_is_verb(t[h].tag); k++) h = p->head[h];
        if (h < 0) return -1;
        return tree_subj(p, t, n, dy_tree_pred(p, h), inh, depth + 1);
    }
    if (r == DY_DL_ACL_RELCL) return -1;
    if (r == DY_DL_ACL && !dy_tag_is_noun(t[h].tag) && t[h].tag != DY_PRP && t[u].tag == DY_VB) {
        /* "inching nearer to accord with X", "ready to talk": an infinitive of an adjective
         * or adverb is done by the subject of the adjective's own predicate */
        *inh = 1;
        return tree_subj(p, t, n, h, inh, depth + 1);
    }
    if (r == DY_DL_ACL && (dy_time_word(&t[h]) || (t[h].tag == DY_CD && h > 0 && dy_month_word(&t[h - 1])))) return -1;
    if (r == DY_DL_ACL && t[u].tag == DY_VBG && LEMMA_IN(DOC_NOUN, &t[h]) && p->rel[h] == DY_DL_OBJ && p->head[h] >= 0) {
        /* "filed a lawsuit accusing X", "passed a resolution criticizing X": a document that
         * does the verb's action speaks for whoever made it */
        *inh = 1;
        int w = tree_subj(p, t, n, dy_tree_pred(p, p->head[h]), inh, depth + 1);
        if (w >= 0) return w;
    }
    if (r == DY_DL_ACL) {
        /* "sanctions imposed by X": the noun is the passive subject; "troops using missiles": the doer */
        return h;
    }
    return -1;
}

/* The voice of predicate u from the tree: passive with an auxiliary of the passive that is
 * one ("be", "get", "become": "fighter jets forced" has jets/VBZ as a mistagged aux:pass),
 * or a bare participle (no auxiliary) with a by-agent, or one without an object in a
 * sentence that has a finite verb elsewhere when it modifies a noun, has a passive subject
 * is an adjunct or continues a passive verb ("sanctions imposed on Iran have hurt", "was
 * arrested and charged").  A bare participle in a sentence with no finite verb is its past tense
 * ("Putin on June 13 held talks"), as the chunker reads it. */
static int tree_passive(const dy_parse *p, const dy_token *t, int n, int u, int depth)
{
    int aux = 0, agent = 0, obj = 0, spass = 0, relpro = 0;
    for (int j = 0; j < n; j++) {
        if (p->head[j] != u) continue;
        int r = p->rel[j];
        if ((r == DY_DL_NSUBJ || r == DY_DL_NSUBJ_PASS) && is_rel_pronoun(&t[j])) relpro = 1;
        if (r == DY_DL_AUX_PASS && (lemma_is(&t[j], "be") || lemma_is(&t[j], "get") || lemma_is(&t[j], "become"))) return 1;
        if (r == DY_DL_AUX || r == DY_DL_AUX_PASS) aux = 1;
        if (r == DY_DL_OBL_AGENT || (r == DY_DL_OBL && has_case(p, t, n, j, "by"))) agent = 1;
        if (r == DY_DL_OBJ || r == DY_DL_IOBJ) obj = 1;
        if (r == DY_DL_NSUBJ_PASS) spass = 1;
    }
    if (t[u].tag != DY_VBN || aux || obj) return 0;
    /* a relative clause with its own pronoun subject is finite: its passive needs the
     * auxiliary ("soldiers who were sent"), so a bare participle there is a past tense
     * the tagger took for one ("soldiers who crossed into Mali", "Xi, who toured Europe") */
    if (relpro && p->rel[u] == DY_DL_ACL_RELCL) return 0;
    if (agent) return 1;
    int finite = 0;
    for (int k = 0; k < n && !finite; k++)
        finite = k != u && dy_tag_is_finite(t[k].tag);
    if (!finite) return 0;
    int r = p->rel[u];
    /* (a bare participle as an adjunct is a passive too: "Asked about X, he said",
     * "Imprisoned former presidents were freed") */
    if (r == DY_DL_ACL || r == DY_DL_ADVCL || spass) return 1;
    if (r == DY_DL_CONJ && p->head[u] >= 0 && depth < 4) return tree_passive(p, t, n, dy_tree_pred(p, p->head[u]), depth + 1);
    return 0;
}

/* The noun phrase of the subject sj nearest the verb starting at vstart, when the chunker
 * split the subject's words into several ("NSW Premier Gladys Berejiklian" parsed with NSW
 * the head and Berejiklian its flat; "Movement for Democratic Change (MDC) opposition leader
 * Morgan Tsvangirai"): English puts the head of a name or a title last, so of the phrases
 * that hang under sj by name relations (flat, compound), with no punctuation between (an
 * apposition, a parenthesis), the last one before the verb names the subject; else sg. */
static int name_nearest_verb(const dy_parse *p, const dy_token *t, int n, int sj, int vstart, int sg)
{
    int best = sg;
    for (int k = sj + 1; k < vstart && k < n; k++) {
        if (dy_tag_is_punct(t[k].tag)) break;       /* (an apposition, a parenthesis: no part of the name) */
        if (p->tok_np[k] < 0) continue;
        int x = k, ok = 1, steps = 0;
        while (x != sj && x >= 0 && steps++ < n) {
            int r = p->rel[x];
            if (!(r == DY_DL_FLAT || r == DY_DL_COMPOUND)) { ok = 0; break; }
            x = p->head[x];
        }
        if (!ok || x != sj) continue;
        int gk = p->np[p->tok_np[k]].group;
        if (gk != sg) best = gk;
    }
    return best;
}

/* Subjects, objects, agents and voice of the verb groups from the tree. */
/* A noun the labeller made an obl of verb u although nothing marks it as one: no case
 * dependent, no word of time or measure, right after the verb ("meets German Chancellor
 * Angela Merkel" with Angela as obl).  An unmarked nominal after a transitive verb is
 * its object; returns it, else -1. */
static int bare_obl_object(const dy_parse *p, const dy_token *t, int n, int u)
{
    for (int j = u + 1; j < n; j++) {
        if (p->head[j] != u) continue;
        if (p->rel[j] != DY_DL_OBL) return -1;      /* the first dependent after the verb only */
        if (!dy_tag_is_noun(t[j].tag) || dy_time_word(&t[j])) return -1;
        for (int k = 0; k < n; k++) if (p->head[k] == j && (p->rel[k] == DY_DL_CASE || p->rel[k] == DY_DL_MARK)) return -1;
        return j;
    }
    return -1;
}

/* the first conjunct of the coordination x is in (x itself when it is no conjunct) */
static int conj_top(const dy_parse *p, int x)
{
    for (int d = 0; d < 64 && p->rel[x] == DY_DL_CONJ && p->head[x] >= 0; d++) x = p->head[x];
    return x;
}

static void tree_roles(dy_parse *p, const dy_token *t, int n, int roles)
{
    /* conjoined nouns the chunker left apart are one coordination group: "sanctions on
     * Russia and on Belarus", "the president ..., and the minister" */
    for (int j = 0; j < n && (roles & DY_ROLE_CONJ); j++) {
        int h = p->head[j];
        if (p->rel[j] != DY_DL_CONJ || h < 0 || p->tok_np[j] < 0 || p->tok_np[h] < 0) continue;
        if (!(dy_tag_is_noun(t[j].tag) || t[j].tag == DY_PRP) || !(dy_tag_is_noun(t[h].tag) || t[h].tag == DY_PRP)) continue;
        /* only with "and" / "or" before the conjunct: a comma alone joins a place to its
         * country ("Brussels, Belgium") or a name to a title as often as it coordinates */
        int cc = -1;
        for (int k = h + 1; k < j; k++) if (p->head[k] == j && p->rel[k] == DY_DL_CC) cc = k;
        /* (in a list "A, B and C" the "and" is the last conjunct's: B is one when a later
         * conjunct of the same coordination has it, whether the tree hangs C on A or, as
         * parsers often do in long lists, on B or on another conjunct) */
        for (int c2 = j + 1, top = conj_top(p, j); c2 < n && cc < 0; c2++)
            if (p->rel[c2] == DY_DL_CONJ && conj_top(p, c2) == top)
                for (int k = j + 1; k < c2; k++) if (p->head[k] == c2 && p->rel[k] == DY_DL_CC && (is(&t[k], "and") || is(&t[k], "or"))) cc = k;
        if (cc < 0 || !(is(&t[cc], "and") || is(&t[cc], "or") || is(&t[cc], "nor"))) continue;
        int verb_between = 0;
        for (int k = h + 1; k < j; k++) if (dy_tag_is_verb(t[k].tag)) verb_between = 1;
        if (verb_between) continue;
        int gj = p->np[p->tok_np[j]].group, gh = p->np[p->tok_np[h]].group;
        if (gj == gh || gj != p->tok_np[j] || gj < gh) continue;
        /* (gj may head a list of its own the chunker made, "Sweden, Norway, Finland and
         * Denmark": all of it joins) */
        int q = gh;
        while (p->np[q].next >= 0) q = p->np[q].next;
        p->np[q].next = gj;
        for (int x = gj; x >= 0; x = p->np[x].next) {
            p->np[x].group = gh;
            if (p->np[x].prep < 0) p->np[x].prep = p->np[gh].prep;
        }
        /* a phrase the chunker joined to the list that the tree makes a modifier of this
         * conjunct is none of its items ("Li Keqiang and his Pakistani counterpart Imran
         * Khan": "his" modifies the counterpart) */
        for (int x = gh, prev = -1; x >= 0; x = p->np[x].next) {
            if (x != gh && x != gj && p->head[p->np[x].head] == j) {
                p->np[prev].next = p->np[x].next;
                p->np[x].next = -1;
                p->np[x].group = x;
                break;
            }
            prev = x;
        }
    }
    for (int v = 0; v < p->nvg; v++) {
        dy_vg *g = &p->vg[v];
        int u = dy_tree_pred(p, g->head);
        /* the subject: of the first verb of the group that has one ("is expected to discuss") */
        int inh = 0, sj = -1;
        for (int k = 0; k < g->nverbs && sj < 0; k++) {
            inh = 0;
            sj = tree_subj(p, t, n, dy_tree_pred(p, g->verbs[k]), &inh, 0);
        }
        int sg = dy_tree_np(p, n, sj);
        /* a finite verb the tree left without any subject keeps the noun phrase before it
         * ("On Friday, Jotyar Adil, the KRG's spokesperson, in a statement condemned"
         * with the name parsed as an apposition of Friday) */
        int finite = 0;
        for (int k = g->start; k < g->end; k++)
            if (dy_tag_is_finite(t[k].tag)) finite = 1;
        if (sg >= 0 && sj < g->start && !inh) sg = name_nearest_verb(p, t, n, sj, g->start, sg);
        if (sg >= 0) { g->subj = sg; g->inherited = inh; }
        else if (sj < 0 && inh) {
            /* a controlled, conjoined or adverbial verb whose chain up the tree ends in a verb
             * without a subject takes that verb's subject as its clause view has it */
            int x = u, gv = -1;
            for (int k = 0; k < 6 && x >= 0 && gv < 0; k++) {
                int r = p->rel[x], h = p->head[x];
                if (h < 0 || !(r == DY_DL_XCOMP || r == DY_DL_CONJ || r == DY_DL_ADVCL || r == DY_DL_PARATAXIS || r == DY_DL_ACL)) break;
                x = dy_tree_pred(p, h);
                if (p->tok_vg[x] >= 0 && p->tok_vg[x] != v && p->vg[p->tok_vg[x]].subj >= 0) gv = p->tok_vg[x];
            }
            g->subj = gv >= 0 ? p->vg[gv].subj : -1;
            g->inherited = 1;
        }
        else if (!(sj < 0 && finite)) g->subj = -1;
        /* "accused Israel of attacking": the act of the object is alleged, not asserted */
        if (sj >= 0 && of_gerund_object(p, t, n, u) == sj) g->reported = 1;
        /* the voice; "Turkey is expected to host": the passive is the governing verb's, its
         * raised subject does the act of the group's head in the active */
        g->passive = tree_passive(p, t, n, u, 0);
        if (p->rel[u] == DY_DL_ACL && t[u].tag == DY_VBN) g->reduced = 1;
        /* the object: an indirect object first (the chunker's first NP: "gave Israel aid"),
         * then the object; in a relative clause whose pronoun is the object, the antecedent */
        int ob = child(p, n, u, DY_DL_IOBJ);
        if (ob < 0) ob = child(p, n, u, DY_DL_OBJ);
        if (ob < 0) ob = bare_obl_object(p, t, n, u);
        if (ob < 0 && g->end < n && p->tok_np[g->end] >= 0) {
            /* "Putin met Xi Jinping in Beijing, the Kremlin said" parsed with Jinping as a second
             * subject of "said": a verb has one subject, the first NP after "met" is its object */
            int hx = p->np[p->tok_np[g->end]].head, v2 = p->head[hx];
            if (p->rel[hx] == DY_DL_NSUBJ && v2 > hx && v2 != u)
                for (int k = hx + 1; k < v2; k++)
                    if (p->head[k] == v2 && (p->rel[k] == DY_DL_NSUBJ || p->rel[k] == DY_DL_NSUBJ_PASS)) { ob = hx; break; }
        }
        if (ob < 0) {
            /* "scaled back its operations" with the object under the particle */
            /* (and under a resultative adjective: "let free 74 leaders", "set free the hostages") */
            for (int j = u + 1; j < n && j <= u + 2 && ob < 0; j++)
                if (p->head[j] == u && (((p->rel[j] == DY_DL_ADVMOD || p->rel[j] == DY_DL_COMPOUND_PRT) &&
                                         (t[j].tag == DY_RP || t[j].tag == DY_RB)) ||
                                        (p->rel[j] == DY_DL_XCOMP && t[j].tag == DY_JJ && j == u + 1)))
                    ob = child(p, n, j, DY_DL_OBJ);
        }
        if (ob >= 0 && is_rel_pronoun(&t[ob]) && p->rel[u] == DY_DL_ACL_RELCL) ob = p->head[u];
        if (roles & DY_ROLE_OBJ) {
            int hob = g->obj;
            g->obj = dy_tree_np(p, n, ob);
            /* no object in the tree, but the chunker's bare NP right after the verb hangs in the
             * tree under the verb's own adverb or adjunct ("freed 37 prisoners late on Tuesday"
             * parsed as "37 prisoners late"): a misattached object, kept */
            if (ob < 0 && hob >= 0 && !dy_time_word(&t[p->np[hob].head])) {
                int hx = p->np[hob].head, gv = p->head[hx];
                if (gv >= 0 && gv != u && p->head[gv] == u && gv > u &&
                    (p->rel[gv] == DY_DL_ADVMOD || p->rel[hx] == DY_DL_OBL_UNMARKED))
                    g->obj = hob;
            }
            if (g->obj == g->subj) g->obj = -1;
        }
        /* the by-agent: obl:agent, or an obl with "by" under a passive */
        g->agent = -1;
        /* (an agent has its "by": "have been abducted - mostly women" has no agent; also
         * under the verb's adverb, "was opposed earlier by X" with the by-phrase attached to
         * "earlier", and on a noun of the verb's own adjunct, "were released from captivity
         * by the government") */
        for (int pass2 = 0; pass2 < 2 && g->passive && g->agent < 0; pass2++)
            for (int j = 0; j < n; j++) {
                int h = p->head[j], r = p->rel[j];
                if (h < 0 || !has_case(p, t, n, j, "by")) continue;
                int at = pass2 == 0 ? h == u && (r == DY_DL_OBL_AGENT || r == DY_DL_OBL)
                                    : p->head[h] == u && ((p->rel[h] == DY_DL_ADVMOD && (r == DY_DL_OBL_AGENT || r == DY_DL_OBL)) ||
                                                          (p->rel[h] == DY_DL_OBL && r == DY_DL_NMOD));
                if (at) { g->agent = dy_tree_np(p, n, j); break; }
            }
        /* "was killed in an Israeli air strike", "were wounded in a Russian drone attack": with
         * no by-phrase, the attack the passive happened in is the doer's act, and its actor (an
         * adjective, possessor or compound) the agent */
        for (int j = 0; j < n && g->passive && g->agent < 0; j++) {
            if (p->head[j] != u || p->rel[j] != DY_DL_OBL || !LEMMA_IN(ATTACK_NOUN, &t[j]) ||
                !(has_case(p, t, n, j, "in") || has_case(p, t, n, j, "during")))
                continue;
            for (int k = 0; k < j; k++)
                if (p->head[k] == j && p->tok_m[k] >= 0 &&
                    (p->rel[k] == DY_DL_AMOD || p->rel[k] == DY_DL_NMOD_POSS || p->rel[k] == DY_DL_COMPOUND)) {
                    g->agent = dy_tree_np(p, n, j);
                    break;
                }
        }
    }
}


/* "threatened on Monday to resume", "vowed last week to retaliate": when the tree makes
 * the tokens from j on a temporal adjunct of verb u followed by "to V" that complements u,
 * the index of that "to" (the verb group goes on across the adjunct), else j. */
static int bridge_adjunct(const dy_parse *p, const dy_token *t, int n, int u, int j)
{
    int k = j;
    while (k < n && k < j + 8) {
        int a = k, steps = 0;
        while (a >= 0 && p->head[a] != u && steps++ < n) a = p->head[a];
        if (a < 0 || p->head[a] != u || a <= u) break;
        int temporal = p->rel[a] == DY_DL_OBL_UNMARKED ||
                       (p->rel[a] == DY_DL_OBL && dy_time_or_month_word(&t[a]));
        if (!temporal && !(p->rel[a] == DY_DL_PUNCT)) break;
        k++;
    }
    if (k == j || k + 1 >= n || t[k].tag != DY_TO || t[k + 1].tag != DY_VB) return j;
    if (p->head[k + 1] != u || (p->rel[k + 1] != DY_DL_XCOMP && p->rel[k + 1] != DY_DL_ADVCL)) return j;
    return k;
}

/* "Human Rights Watch accused ...", with Watch/VBP and accused/VBN: a capitalised word
 * inside a name the actor dictionaries know is a proper noun whatever the tagger said;
 * with that verb gone, the sentence's tags are corrected again (its real verb may have
 * been read as a participle because the name seemed to hold the finite verb). */
static void retag_names(const dy_lexicon *lex, dy_sentence *s)
{
    const dy_mentions *ms = s->actors;
    dy_token *t = s->tok;
    int changed = 0;
    for (int k = 0; ms && k < ms->n; k++) {
        const dy_mention *m = &ms->m[k];
        if (m->end - m->start < 2 || m->entry < 0 || !(m->kind == DY_MK_ORG || m->kind == DY_MK_COUNTRY || m->kind == DY_MK_PERSON) ||
            !name_word(&t[m->start]))
            continue;
        for (int i = m->start + 1; i < m->end && i < s->ntok; i++)
            if (dy_tag_is_verb(t[i].tag) && name_word(&t[i])) {
                t[i].tag = DY_NNP;
                t[i].lemma = t[i].low;
                t[i].lid = t[i].wid;
                changed = 1;
            }
    }
    if (changed) dy_retag_sentence(lex, t, s->ntok);
}

int dy_parse_sentence(dy_arena *a, const dy_lexicon *lex, const dy_depmodel *dep, int roles, dy_sentence *s)
{
    if (lex) retag_names(lex, s);
    int n = s->ntok;
    const dy_token *t = s->tok;
    dy_parse *p = dy_arena_zalloc(a, sizeof *p);
    if (!p) return -1;
    s->parse = p;
    /* a sentence without actors codes no event: no tree (the parser is most of the time) */
    const dy_mentions *am = s->actors;
    if (dep && n > 0 && am && am->n > 0 && !am->discard && parse_tree(a, dep, t, n, am, p)) return -1;
    p->tok_np = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));
    p->tok_vg = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));
    p->tok_m = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(int));
    p->np = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(dy_np));
    p->vg = dy_arena_alloc(a, (size_t)(n + 1) * sizeof(dy_vg));
    if (!p->tok_np || !p->tok_vg || !p->tok_m || !p->np || !p->vg) return -1;
    for (int i = 0; i < n; i++) p->tok_np[i] = p->tok_vg[i] = p->tok_m[i] = -1;
    const dy_mentions *ms = s->actors;
    if (ms) for (int k = 0; k < ms->n; k++)
        for (int i = ms->m[k].start; i < ms->m[k].end && i < n; i++) p->tok_m[i] = k;

    /* 1. noun phrases, after the dateline ("Washington - US President Donald Trump said":
     * the place the story was filed from is no part of the subject) */
    for (int i = dateline_end(t, n); i < n;) {
        int start = i, in_np = 0, seen_noun = 0;
        while (i < n) {
            const dy_token *c = &t[i];
            if (p->tok_m[i] >= 0) {
                int m = p->tok_m[i];
                if (seen_noun && i == ms->m[m].start && i > 0 && p->tok_m[i - 1] >= 0 && p->tok_m[i - 1] != m &&
                    ms->m[m].kind != DY_MK_PRONOUN)
                    break;      /* two names side by side: new NP */
                if (seen_noun && i > start && dy_date_word(&t[i - 1], i >= 2 ? &t[i - 2] : NULL)) break;
                /* "freed a US diplomat it arrested": a personal pronoun after a noun begins a
                 * clause of its own (a possessive one stays: "Iran and its allies") */
                if (seen_noun && t[i].tag == DY_PRP) break;
                i = ms->m[m].end; in_np = 1; seen_noun = 1;
                continue;
            }
            if (c->tag == DY_PRP) {
                if (in_np) break;
                i++; in_np = 1; seen_noun = 1;
                break;
            }
            /* "more than 1,500 people", "at least 20 soldiers": quantifiers stay in the NP */
            if ((c->tag == DY_JJR || c->tag == DY_RBR) && i + 2 < n && is(&t[i + 1], "than") && t[i + 2].tag == DY_CD) {
                i += 2; in_np = 1; continue;
            }
            /* "at least four asylum seekers", "at most 30", "up to 5,000 troops" */
            if (!in_np && i + 2 < n && t[i + 2].tag == DY_CD &&
                ((is(c, "at") && (is(&t[i + 1], "least") || is(&t[i + 1], "most"))) || (is(c, "up") && is(&t[i + 1], "to")))) {
                i += 2; in_np = 1; continue;
            }
            if (np_tag(c)) {
                /* a date ends its noun phrase: "On 21 June Mexican authorities announced",
                 * "The ACLU on March 28 filed" */
                if (seen_noun && c->tag != DY_CD && i > start && dy_date_word(&t[i - 1], i >= 2 ? &t[i - 2] : NULL)) break;
                if (seen_noun && (c->tag == DY_DT || c->tag == DY_PRPS || c->tag == DY_PDT) &&
                    !(i > 0 && t[i - 1].tag == DY_POS)) break;
                if (c->tag == DY_POS && !in_np) break;
                if (dy_tag_is_noun(c->tag) || c->tag == DY_CD) seen_noun = 1;
                i++; in_np = 1;
                continue;
            }
            /* participles used as adjectives inside a noun phrase: "the signed deal", "a growing threat" */
            if ((c->tag == DY_VBN || c->tag == DY_VBG) && in_np && !seen_noun && i + 1 < n &&
                (dy_tag_is_noun(t[i + 1].tag) || dy_tag_is_adj(t[i + 1].tag))) { i++; continue; }
            if ((c->tag == DY_VBN || c->tag == DY_VBG) && !in_np && i > 0 && (t[i - 1].tag == DY_DT || t[i - 1].tag == DY_PRPS) &&
                i + 1 < n && dy_tag_is_noun(t[i + 1].tag)) { i++; in_np = 1; continue; }
            break;
        }
        if (!in_np) { i = start + 1; continue; }
        if (!seen_noun) { i = i > start ? i : start + 1; continue; }   /* adjectives alone ("set to") are no NP */
        /* trim trailing determiners/possessive-less junk, and an adjective after the noun: the
         * predicative complement of "found Barbarin guilty", "declared the vote illegal" */
        int end = i;
        while (end > start + 1 && (t[end - 1].tag == DY_DT || t[end - 1].tag == DY_HYPH ||
                                   (dy_tag_is_adj(t[end - 1].tag) && dy_tag_is_noun(t[end - 2].tag))) && p->tok_m[end - 1] < 0) end--;
        dy_np *np = &p->np[p->nnp];
        np->start = start; np->end = end;
        np->head = end - 1;
        for (int k = end - 1; k >= start; k--)
            if (dy_tag_is_noun(t[k].tag) || t[k].tag == DY_PRP || t[k].tag == DY_CD || p->tok_m[k] >= 0) { np->head = k; break; }
        np->prep = -1;
        np->group = p->nnp;
        np->next = -1;
        for (int k = start; k < end; k++) p->tok_np[k] = p->nnp;
        p->nnp++;
        if (end < i) i = end;
        if (i == start) i++;
    }

    /* 2. verb groups */
    for (int i = 0; i < n;) {
        const dy_token *c = &t[i];
        int starts = (dy_tag_is_verb(c->tag) || c->tag == DY_MD) && p->tok_np[i] < 0;
        if (c->tag == DY_TO && i + 1 < n && (t[i + 1].tag == DY_VB || (dy_tag_is_adv(t[i + 1].tag) && i + 2 < n && t[i + 2].tag == DY_VB)))
            starts = 1;
        if (!starts) { i++; continue; }
        dy_vg *g = &p->vg[p->nvg];
        memset(g, 0, sizeof *g);
        g->start = i;
        g->subj = g->obj = g->agent = -1;
        int j = i, last_verb = -1;
        while (j < n) {
            const dy_token *d = &t[j];
            if (p->head && (roles & DY_ROLE_BRIDGE) && last_verb >= 0 && j == last_verb + 1) {
                int k = bridge_adjunct(p, t, n, last_verb, j);
                if (k > j) { j = k; continue; }
            }
            if (p->tok_np[j] >= 0) break;
            if (dy_tag_is_verb(d->tag) || d->tag == DY_MD) {
                /* a second finite verb right after a complete one starts a new group ("said attacked") */
                if (last_verb >= 0 && !is_aux(&t[last_verb]) && !(t[last_verb].tag == DY_VBN || t[last_verb].tag == DY_VBG) &&
                    !(j > 0 && t[j - 1].tag == DY_TO) && dy_tag_is_finite(d->tag))
                    break;
                if (last_verb >= 0 && !is_aux(&t[last_verb]) && d->tag != DY_VB && d->tag != DY_VBN && d->tag != DY_VBG &&
                    !(j > 0 && t[j - 1].tag == DY_TO)) break;
                if (last_verb >= 0 && !is_aux(&t[last_verb]) && !(j > 0 && t[j - 1].tag == DY_TO) &&
                    !(t[last_verb].tag == DY_VBN && (d->tag == DY_VB)) && !is_aux(d)) {
                    /* lexical verb directly followed by another lexical verb without "to": stop */
                    if (!(d->tag == DY_VBN && (lemma_is(&t[last_verb], "get")))) break;
                }
                last_verb = j; j++; continue;
            }
            if (LOW_IN(NEG, d) && d->tag != DY_DT) { j++; continue; }
            if (dy_tag_is_adv(d->tag) && j + 1 < n && (dy_tag_is_verb(t[j + 1].tag) || t[j + 1].tag == DY_TO || LOW_IN(NEG, &t[j + 1]) ||
                                                          (dy_tag_is_adv(t[j + 1].tag) && j + 2 < n && dy_tag_is_verb(t[j + 2].tag)))) { j++; continue; }
            if (d->tag == DY_TO && j + 1 < n && last_verb >= 0 &&
                (t[j + 1].tag == DY_VB || (dy_tag_is_adv(t[j + 1].tag) && j + 2 < n && t[j + 2].tag == DY_VB))) { j++; continue; }
            if (d->tag == DY_TO && j == i) { j++; continue; }
            /* predicative adjectives that take "to": "likely to", "ready to", "about to" */
            if ((dy_tag_is_adj(d->tag) || d->tag == DY_IN || d->tag == DY_RB) && last_verb >= 0 && lemma_is(&t[last_verb], "be") &&
                j + 2 < n && t[j + 1].tag == DY_TO && t[j + 2].tag == DY_VB &&
                (LOW_IN(HYPO_CAT, d) || LOW_IN(FUTURE_CAT, d))) { j++; continue; }
            break;
        }
        if (last_verb < 0) { i = j > i ? j : i + 1; continue; }
        g->end = last_verb + 1;
        /* lexical verbs and catenative chain */
        for (int k = g->start; k < g->end; k++) {
            if (!(dy_tag_is_verb(t[k].tag) || dy_tag_is_adj(t[k].tag) || (t[k].tag == DY_RB && k + 1 < g->end && t[k + 1].tag == DY_TO))) continue;
            if (dy_tag_is_verb(t[k].tag) && is_aux(&t[k]) && k + 1 < g->end && k != last_verb) {
                /* "have to" as in obligation is hypothetical; otherwise an auxiliary */
                continue;
            }
            if (g->nverbs < DY_VG_MAXV) g->verbs[g->nverbs++] = k;
        }
        if (g->nverbs == 0) g->verbs[g->nverbs++] = last_verb;
        g->head = g->verbs[g->nverbs - 1];
        {
            const char *hl = t[g->head].lemma;
            g->copula = !strcmp(hl, "be") || !strcmp(hl, "remain") || !strcmp(hl, "become") || !strcmp(hl, "stay") || !strcmp(hl, "seem");
        }
        /* mode */
        int mode = DY_MODE_ASSERTED;
        for (int k = g->start; k < g->end; k++) {
            const dy_token *d = &t[k];
            if (d->tag == DY_MD) {
                if (is(d, "will") || is(d, "shall") || is(d, "'ll") || is(d, "wo")) { if (mode == DY_MODE_ASSERTED) mode = DY_MODE_FUTURE; }
                else if (mode != DY_MODE_NEGATED) mode = DY_MODE_HYPOTHETICAL;
            }
            if (LOW_IN(NEG, d)) mode = DY_MODE_NEGATED;
        }
        for (int v = 0; v + 1 < g->nverbs && mode != DY_MODE_NEGATED; v++) {
            const char *lm = t[g->verbs[v]].lemma;
            if (LOW_IN(FAIL_CAT, &t[g->verbs[v]])) { mode = DY_MODE_NEGATED; break; }
            if (STR_IN(FUTURE_CAT, lm) || LOW_IN(FUTURE_CAT, &t[g->verbs[v]])) { if (mode == DY_MODE_ASSERTED) mode = DY_MODE_FUTURE; }
            else if (STR_IN(HYPO_CAT, lm) || LOW_IN(HYPO_CAT, &t[g->verbs[v]])) mode = DY_MODE_HYPOTHETICAL;
        }
        /* a bare "to V" clause of its own states a purpose or plan, not a fact */
        if (t[g->start].tag == DY_TO && mode == DY_MODE_ASSERTED) mode = DY_MODE_HYPOTHETICAL;
        int mk = dy_tree_mark(p, g->head);
        /* "reiterated its demand that the US ease sanctions": what a demand, call or proposal asks
         * for has not happened (the tree's clause under the noun, opened by "that") */
        if (mk >= 0 && mk > p->head[g->head] && is(&t[mk], "that") && (p->rel[g->head] == DY_DL_ACL || p->rel[g->head] == DY_DL_CCOMP) &&
            p->head[g->head] >= 0 && dy_tag_is_noun(t[p->head[g->head]].tag) && LEMMA_IN(ASK_NOUN, &t[p->head[g->head]]))
            mode = DY_MODE_HYPOTHETICAL;
        {   /* the same without the tree: NOUN that SUBJECT VERB */
            int q = g->start - 1;
            while (q >= 0 && p->tok_np[q] >= 0) q--;
            if (q > 0 && q < g->start - 1 && is(&t[q], "that") && dy_tag_is_noun(t[q - 1].tag) && LEMMA_IN(ASK_NOUN, &t[q - 1]))
                mode = DY_MODE_HYPOTHETICAL;
        }
        /* "if Israel hits Beirut", "unless the rebels attack": a condition is no fact, and "if
         * Syria does not withdraw" no refusal (the tree's marker of the verb's clause) */
        if (mk >= 0 && (is(&t[mk], "if") || is(&t[mk], "unless") || is(&t[mk], "lest"))) mode = DY_MODE_HYPOTHETICAL;
        g->mode = mode;
        /* a bare participle right after a noun phrase may modify it (a reduced relative: the
         * clause boundaries below; the voice is the tree's, tree_passive) */
        if (t[g->head].tag == DY_VBN && g->start == g->head && g->head > 0 && p->tok_np[g->head - 1] >= 0) g->reduced = 1;
        if (t[g->head].tag == DY_VBG && g->start == g->head && g->head > 0 && p->tok_np[g->head - 1] >= 0) g->reduced = 1;
        for (int k = g->start; k < g->end; k++) p->tok_vg[k] = p->nvg;
        p->nvg++;
        i = g->end;
    }

    /* a bare VBN after a noun is a reduced relative ("sanctions imposed by X") only when
     * the sentence has a finite verb elsewhere; otherwise the tagger missed a past tense */
    for (int v = 0; v < p->nvg; v++) {
        dy_vg *g = &p->vg[v];
        if (!g->reduced || t[g->head].tag != DY_VBN) continue;
        int finite = 0;
        for (int w = 0; w < p->nvg && !finite; w++)
            for (int k = p->vg[w].start; w != v && k < p->vg[w].end; k++)
                if (dy_tag_is_finite(t[k].tag)) { finite = 1; break; }
        /* a passive participle takes no bare object: "troops attacked Ukraine" is active */
        int nx = g->end;
        while (nx < n && dy_tag_is_adv(t[nx].tag)) nx++;
        int bare_obj = nx < n && p->tok_np[nx] >= 0 && t[nx].tag != DY_IN;
        if (!finite || bare_obj) g->reduced = 0;
    }

    /* 3. prepositions and coordination */
    for (int k = 0; k < p->nnp; k++) {
        dy_np *np = &p->np[k];
        int b = np->start - 1;
        if (b >= 0 && (t[b].tag == DY_IN || t[b].tag == DY_TO || t[b].tag == DY_RP) && !is_subord(&t[b])) np->prep = b;
        else if (b >= 0 && (is(&t[b], "after") || is(&t[b], "before") || is(&t[b], "since") || is(&t[b], "until")) &&
                 (np->end >= n || p->tok_vg[np->end] < 0)) np->prep = b;
        /* coordination: NP (, NP)* and|or NP */
        if (k > 0 && b >= 1 && (t[b].tag == DY_CC || t[b].tag == DY_COMMA) && (is(&t[b], "and") || is(&t[b], "or") || t[b].tag == DY_COMMA)) {
            dy_np *prev = &p->np[k - 1];
            int gap_ok = prev->end == b || (prev->end == b - 1 && t[b - 1].tag == DY_COMMA && t[b].tag == DY_CC);
            int clause = np->end < n && p->tok_vg[np->end] >= 0 && t[np->end].tag != DY_VBN && t[np->end].tag != DY_VBG;
            if (clause) {
                /* "A and B will meet" coordinates subjects; "X hit A and B fled" joins clauses:
                 * only when a verb precedes A in its clause */
                int vg_before = 0;
                for (int q = prev->start - 1; q >= 0; q--) {
                    if (t[q].tag == DY_COLON || (t[q].tag == DY_IN && is_subord(&t[q]))) break;
                    if (p->tok_vg[q] >= 0) { vg_before = 1; break; }
                }
                clause = vg_before;
            }
            /* a comma-joined NP is an item of a list only if an "and"/"or" ends the list */
            int list_ok = t[b].tag == DY_CC;
            /* "Ithilen's awful and evil minister": a possessor and adjectives before "and" are
             * the start of one noun phrase, not an item of a list */
            if (dy_tag_is_adj(t[prev->end - 1].tag))
                for (int q = prev->start; q < prev->end; q++) if (t[q].tag == DY_POS) list_ok = gap_ok = 0;
            if (t[b].tag == DY_COMMA) {
                for (int q = np->end; q < n && q < np->end + 3; q++)
                    if (t[q].tag == DY_CC) { list_ok = 1; break; }
                if (np->end < n && t[np->end].tag == DY_CC) list_ok = 1;
                /* list items are alike: "During their meeting, Putin and Xi" is no list */
                int a1 = 0, a2 = 0;
                for (int q = prev->start; q < prev->end; q++) if (p->tok_m[q] >= 0) a1 = 1;
                for (int q = np->start; q < np->end; q++) if (p->tok_m[q] >= 0) a2 = 1;
                if (a1 != a2) list_ok = 0;
            }
            if (gap_ok && !clause && list_ok) {
                np->prep = prev->prep;
                np->group = prev->group;
                int q = prev->group;
                while (p->np[q].next >= 0) q = p->np[q].next;
                p->np[q].next = k;
            }
        }
    }

    /* 4. clause boundaries: the next verb group, relative pronoun, subordinator or semicolon */
    for (int v = 0; v < p->nvg; v++) {
        dy_vg *g = &p->vg[v];
        int e = g->end;
        while (e < n) {
            if (p->tok_vg[e] >= 0 && p->tok_vg[e] != v) {
                /* a participle that modifies the noun before it belongs to that noun's clause */
                const dy_vg *o = &p->vg[p->tok_vg[e]];
                if (!(o->reduced && o->start == e && t[e].tag == DY_VBN)) break;
            }
            const dy_token *d = &t[e];
            if (d->tag == DY_WDT || d->tag == DY_WP || d->tag == DY_WPS || is(d, ";") || d->tag == DY_COLON) break;
            if (d->tag == DY_IN && is_subord(d) && !is(d, "after") && !is(d, "before") && !is(d, "since") && !is(d, "until") && !is(d, "as")) break;
            if (d->tag == DY_LQUOTE || d->tag == DY_RQUOTE) break;
            e++;
        }
        g->clause_end = e;
    }

    /* 5. the chunker's subject and object, where the tree gives none (tree_roles) */
    for (int v = 0; v < p->nvg; v++) {
        dy_vg *g = &p->vg[v];
        int b = g->start - 1;
        while (b >= 0 && (dy_tag_is_adv(t[b].tag) && p->tok_np[b] < 0)) b--;
        /* the subject, where the tree gives a finite verb none (tree_roles): the nearest bare
         * noun phrase before the group, over prepositional phrases and parentheticals */
        {
            int q = b;
            int guard = 0;
            while (q >= 0 && guard++ < n) {
                if (p->tok_np[q] >= 0) {
                    const dy_np *np = &p->np[p->tok_np[q]];
                    if (np->prep < 0) { g->subj = np->group; break; }
                    q = np->prep - 1;
                    continue;
                }
                if (t[q].tag == DY_RRB) {
                    /* "(R)", "(AP)": skip a parenthesis */
                    int r = q - 1;
                    while (r >= 0 && t[r].tag != DY_LRB && r > q - 30) r--;
                    if (r >= 0 && t[r].tag == DY_LRB) { q = r - 1; continue; }
                }
                if (t[q].tag == DY_COMMA) {
                    /* ", who ... ," or an appositive: skip back to the comma before it */
                    int r = q - 1, skip = 0;
                    while (r >= 0 && t[r].tag != DY_COMMA && r > q - 40) r--;
                    if (r >= 0 && t[r].tag == DY_COMMA && r + 1 < q &&
                        (t[r + 1].tag == DY_WP || t[r + 1].tag == DY_WDT || p->tok_np[r + 1] >= 0)) skip = 1;
                    if (skip) { q = r - 1; continue; }
                    q--;
                    continue;
                }
                if (p->tok_vg[q] >= 0 || (t[q].tag == DY_IN && is_subord(&t[q])) || t[q].tag == DY_WDT || t[q].tag == DY_WP) break;
                q--;
            }
        }
        /* object: first bare NP after the group */
        int f = g->end;
        while (f < g->clause_end && (dy_tag_is_adv(t[f].tag) || t[f].tag == DY_RP) && p->tok_np[f] < 0) f++;
        if (f < g->clause_end && p->tok_np[f] >= 0 && p->np[p->tok_np[f]].prep < 0) g->obj = p->np[p->tok_np[f]].group;
    }

    /* an "object" that is the subject of the next clause is not an object:
     * "officials said [Russian troops] attacked" */
    for (int v = 0; v + 1 < p->nvg; v++) {
        dy_vg *g = &p->vg[v];
        if (g->obj < 0) continue;
        const dy_vg *nx = &p->vg[v + 1];
        int last = g->obj;
        while (p->np[last].next >= 0) last = p->np[last].next;
        /* but an infinitive's controller stays the object: "urged Russia to stop",
         * "welcomed Trump's decision to withdraw" */
        if (nx->subj == g->obj && nx->start == p->np[last].end && !nx->reduced && t[nx->start].tag != DY_TO) g->obj = -1;
    }

    p->roles = p->head ? roles : 0;
    if (p->head) tree_roles(p, t, n, roles);

    /* 6. reported speech: clauses that are the complement of a speech verb */
    for (int v = 0; v < p->nvg; v++) {
        const dy_vg *sp = &p->vg[v];
        if (!is_speech(&t[sp->head])) continue;
        for (int w = 0; w < p->nvg; w++) {
            if (w == v) continue;
            dy_vg *g = &p->vg[w];
            if (is_speech(&t[g->head])) continue;
            int after = g->start > sp->end;
            int before_end = g->end <= sp->start && sp->subj >= 0 && p->np[sp->subj].start > g->end;  /* "..., officials said" */
            if (after || before_end) {
                g->reported = 1;
                /* "said it would recognize": the reported "will" of a past speech verb is future */
                if (g->mode == DY_MODE_HYPOTHETICAL && t[sp->head].tag == DY_VBD && t[g->start].tag == DY_MD &&
                    (is(&t[g->start], "would") || is(&t[g->start], "'d"))) {
                    int hypo = 0;
                    for (int k = 0; k + 1 < g->nverbs; k++) if (LEMMA_IN(HYPO_CAT, &t[g->verbs[k]])) hypo = 1;
                    if (!hypo) g->mode = DY_MODE_FUTURE;
                }
            }
        }
    }
    return 0;
}

int dy_parse_modes(const char *s, unsigned *mask)
{
    if (!strcmp(s, "all")) { *mask = DY_MODES_ALL; return 0; }
    unsigned m = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        int found = -1;
        for (int k = 0; k <= DY_MODE_REPORTED; k++)
            if (strlen(dy_mode_name(k)) == n && !strncmp(dy_mode_name(k), s, n)) found = k;
        if (found < 0) return -1;
        m |= 1u << found;
        s += n;
        if (*s == ',') s++;
    }
    if (!m) return -1;
    *mask = m;
    return 0;
}
