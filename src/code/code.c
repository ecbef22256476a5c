/* code.c: see code.h. */
#include <stdio.h>
#include <string.h>
#include "code.h"
#include "core/buf.h"
#include "parse/parse.h"
#include "actors/resolve.h"
#include "tag/tags.h"
#include "tag/timeword.h"
#include "when.h"
#include "core/words.h"

static const char *const MODAL_CAT[] = { "expect", "set", "plan", "schedule", "due", "poise", "prepare", "go",
    "aim", "intend", "anticipate", "slate", "hope", "want", "seek", "try", "wish", "continue", "begin", "start",
    "decide", "move", "manage", "resume", "keep", "attempt", "need", "have", "be", "get", "likely", "able",
    "ready", "willing", "about", "help", "consider", "use", NULL };
/* Commitments: the complement codes the event as an intent ("agreed to lend" 0331); when the
 * complement has no pattern the commitment's own pattern codes ("agreed to halt" 0871). */
static const char *const COMMIT_CAT[] = { "agree", "offer", "promise", "pledge", "vow", "commit", "undertake",
    "volunteer", NULL };
/* Light verbs: the event is their object noun ("express concern", "launch an attack").
 * Also carrying on or widening one's own action: "prolonging sanctions against X",
 * "continue military aid to Egypt", "heading an inquiry into X".  Split by length
 * (see words.h). */
static const dy_word LIGHT_3[] = { DY_WORD("pay") };
static const dy_word LIGHT_4[] = { DY_WORD("give"), DY_WORD("show"), DY_WORD("make"), DY_WORD("hold"),
    DY_WORD("lend"), DY_WORD("send"), DY_WORD("step"), DY_WORD("file"), DY_WORD("keep"), DY_WORD("head"),
    DY_WORD("lead"), DY_WORD("join"), DY_WORD("seek"), DY_WORD("open"), DY_WORD("wage") };
static const dy_word LIGHT_5[] = { DY_WORD("voice"), DY_WORD("offer"), DY_WORD("issue"), DY_WORD("begin"),
    DY_WORD("start"), DY_WORD("stage"), DY_WORD("carry"), DY_WORD("mount"), DY_WORD("level"), DY_WORD("lodge"),
    DY_WORD("order"), DY_WORD("renew"), DY_WORD("widen"), DY_WORD("boost") };
static const dy_word LIGHT_6[] = { DY_WORD("extend"), DY_WORD("pledge"), DY_WORD("launch"), DY_WORD("repeat"),
    DY_WORD("signal"), DY_WORD("convey"), DY_WORD("resume"), DY_WORD("impose"), DY_WORD("secure"), DY_WORD("expand"),
    DY_WORD("pursue") };
static const dy_word LIGHT_7[] = { DY_WORD("express"), DY_WORD("conduct"), DY_WORD("receive"), DY_WORD("declare"),
    DY_WORD("deliver"), DY_WORD("approve"), DY_WORD("arrange"), DY_WORD("welcome"), DY_WORD("confirm"),
    DY_WORD("prolong"), DY_WORD("tighten"), DY_WORD("enforce"), DY_WORD("unleash") };
static const dy_word LIGHT_8[] = { DY_WORD("announce"), DY_WORD("reaffirm"), DY_WORD("continue"), DY_WORD("commence"),
    DY_WORD("maintain"), DY_WORD("escalate"), DY_WORD("increase"), DY_WORD("complete"), DY_WORD("initiate") };
static const dy_word LIGHT_9[] = { DY_WORD("reiterate"), DY_WORD("authorize"), DY_WORD("authorise"),
    DY_WORD("intensify"), DY_WORD("implement"), DY_WORD("undertake") };
static const dy_word LIGHT_10[] = { DY_WORD("commission") };
static const dy_words_by_len LIGHT[] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, DY_BY_LEN(LIGHT_3),
    DY_BY_LEN(LIGHT_4), DY_BY_LEN(LIGHT_5), DY_BY_LEN(LIGHT_6), DY_BY_LEN(LIGHT_7), DY_BY_LEN(LIGHT_8),
    DY_BY_LEN(LIGHT_9), DY_BY_LEN(LIGHT_10) };
static inline int is_light(const dy_token *t) { return dy_word_in_by_len(LIGHT, DY_NWORDS(LIGHT), t->lemma, strlen(t->lemma)); }
static const char *const HYPO_ADJ[] = { "potential", "possible", "proposed", "threatened", "hypothetical",
    "prospective", "mooted", NULL };
static const char *const FUT_ADJ[] = { "planned", "upcoming", "forthcoming", "scheduled", "expected", "future", NULL };


static int tok_in(const dy_coder *c, const dy_token *t, const dy_pelem *e)
{
    if (t->lid < 0 && t->wid < 0) return 0;   /* in no pattern (pool ids are >= 0) */
    for (int i = 0; i < e->nalt; i++) {
        int w = c->verbs->pool[e->alt + i];
        if (w == t->lid || w == t->wid) return 1;
    }
    return 0;
}

/* A slot with a class ("on:T[$journalist|press]"): does NP group q (any conjunct,
 * its of-phrase included: "dozens of journalists") hold one of the class's words? */
static int np_in_class(const dy_coder *c, const dy_sentence *s, int q, const dy_pelem *e)
{
    if (!e->nhead) return 1;
    const dy_parse *p = s->parse;
    dy_pelem w = { DY_PE_LIT, 0, e->nhead, e->head, 0, 0 };
    for (; q >= 0; q = p->np[q].next) {
        int end = p->np[q].end;
        if (end + 1 < s->ntok && !strcmp(s->tok[end].low, "of") && p->tok_np[end + 1] >= 0) end = p->np[p->tok_np[end + 1]].end;
        for (int i = p->np[q].start; i < end; i++) if (tok_in(c, &s->tok[i], &w)) return 1;
    }
    return 0;
}

typedef struct match {
    int ok, spec, pat;
    int from, to;               /* token range of the clause, for dates */
    int src_np, tgt_np;         /* NP group indices, -1 */
    int src_subj_t;             /* subject became target */
    int comp;                   /* "allowed refugees to return": the complement verb group a literal was found in, -1 */
    char recode[6];             /* the code, when not the pattern's ("" = the pattern's): see complement_code() */
} match;

/* Does NP group q (one of its conjuncts) hold a named actor (no pronoun)?  For next:T
 * (PETRARCH's dictionaries name actors, never pronouns); an of/in phrase is an NP of its own. */
static int np_named_actor(const dy_sentence *s, int i)
{
    int mi = s->parse->tok_m[i];
    return mi >= 0 && s->actors->m[mi].kind != DY_MK_PRONOUN;
}

/* End of PETRARCH's verb phrase for the verb at h: the next comma, colon or full stop;
 * a comma between adjectives ("complete, full diplomatic ties") goes on. */
static int vp_end(const dy_sentence *s, int h)
{
    const dy_token *t = s->tok;
    int v = h + 1;
    while (v < s->ntok && t[v].tag != DY_COLON && t[v].tag != DY_PERIOD &&
           (t[v].tag != DY_COMMA || (t[v - 1].tag == DY_JJ && v + 1 < s->ntok && t[v + 1].tag == DY_JJ)))
        v++;
    return v;
}

static int np_has_actor(const dy_sentence *s, int q)
{
    const dy_parse *p = s->parse;
    for (; q >= 0; q = p->np[q].next) {
        /* the first mention decides, as in group_actors(): "his gardener's license" is his */
        const dy_np *np = &p->np[q];
        for (int i = np->start; i < np->end; i++) if (p->tok_m[i] >= 0) { if (np_named_actor(s, i)) return 1; break; }
    }
    return 0;
}

/* Heads whose sector modifier names the kind of act, not an actor acted on ("suspended military
 * talks", "approved troop deployments", "a customs agreement", "police cooperation"): the
 * parties of such acts come as with/between phrases or possessors ("Iran's deal with the EU");
 * an installation keeps it ("attacked a military base"). */
static const char *const FIELD_HEAD[] = { "agreement", "deal", "pact", "treaty", "accord", "exercise", "drill",
    "cooperation", "partnership", "arrangement", "protocol", "memorandum", "framework", "talk", "solution",
    "deployment", "intervention", "option", "action", "reform", "spending", "budget", "aid", "assistance", NULL };

/* Is the only actor of an object NP a bare sector adjective modifying its event noun:
 * "held military exercises", "called a general strike"?  Then the object names the kind of
 * event, not its target ("rejected the American peace plan" keeps the United States). */
static int sector_modifier_only(const dy_sentence *s, const dy_np *onp, int obj_end)
{
    static const char *const PARTITIVE[] = { "round", "series", "wave", "set", "batch", "spate", "string", "kind",
        "type", "form", "number", NULL };
    const dy_parse *p = s->parse;
    if (!onp) return 0;
    /* "began a new round of joint military exercises": the partitive's of-phrase is the act */
    if (obj_end > onp->end && dy_str_in(PARTITIVE, s->tok[onp->head].lemma) && onp->end + 1 < s->ntok &&
        p->tok_np[onp->end + 1] >= 0)
        onp = &p->np[p->tok_np[onp->end + 1]];
    if (p->tok_m[onp->head] >= 0 || (obj_end > onp->end && p->tok_m[obj_end - 1] >= 0)) return 0;
    int any = 0, field = dy_str_in(FIELD_HEAD, s->tok[onp->head].lemma);
    for (int i = onp->start; i < onp->head; i++) {
        if (p->tok_m[i] < 0) continue;
        /* an adjective ("military", "general"); a noun modifier is the event's owner ("opposition
         * demands") except before a FIELD_HEAD ("troop deployments") */
        if (s->actors->m[p->tok_m[i]].kind != DY_MK_AGENT || (s->tok[i].tag != DY_JJ && !field)) return 0;
        any = 1;
    }
    return any;
}

/* The token after a temporal adjunct starting at q ("on Tuesday", "Tuesday", "last week",
 * "early on Monday"), else q: "said on Tuesday that Sudan must return ..." */
static int skip_time_adjunct(const dy_sentence *s, int q)
{
    const dy_token *t = s->tok;
    int r = q, n = s->ntok;
    if (r < n && t[r].tag == DY_RB && r + 1 < n && t[r + 1].tag == DY_IN) r++;       /* early on */
    if (r < n && t[r].tag == DY_IN) r++;
    while (r < n && (t[r].tag == DY_DT || t[r].tag == DY_JJ || t[r].tag == DY_CD)) r++;   /* last, this, next */
    if (r < n && dy_time_word(&t[r])) return r + 1;
    return q;
}

/* Match pattern pi for the verb at token h of verb group g. */
static match try_verb(const dy_coder *c, const dy_sentence *s, const dy_vg *g, int h, int pi)
{
    const dy_parse *p = s->parse;
    const dy_pattern *pt = &c->verbs->p[pi];
    const dy_token *t = s->tok;
    match m = { 0, pt->specificity, pi, 0, 0, -1, -1, 0, -1, "" };
    /* PETRARCH turns a passive round only with a by-agent: "X was criticized over ..." has X as
     * its source, "X was freed from Y" (+ * FROM $) X as its target (foreign dictionaries only) */
    int swap = g->passive && !(pt->foreign && g->agent < 0);
    int subj = swap ? g->agent : g->subj;
    m.from = g->subj >= 0 && p->np[g->subj].start < g->start ? p->np[g->subj].start : g->start;
    m.to = g->clause_end;
    int obj = swap ? g->subj : g->obj;
    int pos = h + 1, end = g->clause_end;
    int comp_vg = -1;               /* complement clause whose subject filled the object slot */
    int src = subj, tgt = -1, subj_used = 0, obj_used = 0, lit_in_obj = 0, ppos = h - 1;
    const dy_np *onp = obj >= 0 && !g->passive ? &p->np[obj] : NULL;
    /* the object with its of-phrase: "dozens of political activists" */
    int obj_end = onp ? onp->end : -1;
    if (onp && obj_end + 1 < s->ntok && !strcmp(t[obj_end].low, "of") && p->tok_np[obj_end + 1] >= 0)
        obj_end = p->np[p->tok_np[obj_end + 1]].end;
    int copula = g->copula;
    for (int k = 0; k < pt->nel; k++) {
        const dy_pelem *e = &pt->el[k];
        switch (e->type) {
        case DY_PE_LIT: {
            int found = -1;
            /* role 1 on a literal: the very next word (PETRARCH '_'); a foreign dictionary's
             * literal may be anywhere in PETRARCH's verb phrase ("allowed that X isn't a really pleasant") */
            int lend = pt->foreign ? vp_end(s, h) : end;
            for (int q = pos; q < lend && q < (e->role ? pos + 1 : pt->foreign ? lend : pos + 6); q++) {
                /* "ended their strike after talks with X": a temporal adjunct's "after" ends the
                 * words the pattern may name (no "end talks with") */
                if (!pt->foreign && q > pos && t[q].tag == DY_IN && !tok_in(c, &t[q], e) &&
                    (!strcmp(t[q].low, "after") || !strcmp(t[q].low, "before") || !strcmp(t[q].low, "despite") ||
                     !strcmp(t[q].low, "following") || !strcmp(t[q].low, "amid")))
                    break;
                if (tok_in(c, &t[q], e)) {
                    /* "agreed a deal on Friday": the preposition of a temporal adjunct is not the pattern's */
                    if (!pt->foreign && t[q].tag == DY_IN && skip_time_adjunct(s, q) != q) continue;
                    found = q;
                    break;
                }
            }
            if (found < 0 && pos == end && end < s->ntok && !pt->foreign && tok_in(c, &t[end], e) &&
                (t[end].tag == DY_TO || !strcmp(t[end].low, "that")))
                /* "ordered Israel to withdraw", "demanded that Israel withdraw": the infinitive
                 * marker or complementiser that opens the next clause, right after the pattern's
                 * last element */
                found = end;
            if (found < 0 && g->passive && g->subj >= 0 && !e->role) {
                /* "sanctions were imposed on X": the literal is the passive subject */
                const dy_np *np = &p->np[g->subj];
                if (tok_in(c, &t[np->head], e)) { found = pos - 1; obj = -1; }
            }
            if (found < 0 && comp_vg >= 0) {
                /* "says Israel must end": a literal in the complement clause's verb group, or
                 * the predicate adjective after its copula ("said Hamas was responsible") */
                const dy_vg *cg = &p->vg[comp_vg];
                int qend = cg->copula && cg->end + 2 <= cg->clause_end ? cg->end + 2 : cg->end;
                for (int q = cg->start; q < qend && q < s->ntok; q++)
                    if (tok_in(c, &t[q], e)) { found = q; break; }
            }
            if (found < 0 && !pt->foreign && obj_used && onp && p->tok_vg[h] >= 0 && p->tok_vg[h] + 1 < p->nvg &&
                strncmp(pt->code, "02", 2) && strncmp(pt->code, "10", 2)) {
                /* "allowed refugees to return": the verb of the object's infinitive (appeals and
                 * demands take the infinitive's own code instead, complement_code()) */
                int v2 = p->tok_vg[h] + 1;
                const dy_vg *g2 = &p->vg[v2];
                if (g2->start >= obj_end && g2->start <= obj_end + 1 && (!strcmp(t[g2->start].low, "to") || !strcmp(t[obj_end].low, "to")))
                    for (int q = g2->start; q < g2->end; q++)
                        if (tok_in(c, &t[q], e)) { found = q; m.comp = v2; end = g2->clause_end; break; }
            }
            if (found < 0) return m;
            if (onp && found >= onp->start && found < obj_end) { lit_in_obj = 1; obj_used = 1; }
            pos = found + 1;
            break;
        }
        case DY_PE_OBJ:
            if (obj < 0 && !g->passive) {
                /* "demanded that Dbeibeh appear": the subject of a complement clause */
                int q = skip_time_adjunct(s, g->end);
                if (q < s->ntok && strcmp(t[q].low, "that") == 0) q++;
                if (q < s->ntok && p->tok_np[q] >= 0 && p->np[p->tok_np[q]].start == q && p->np[p->tok_np[q]].prep < 0)
                    for (int v = 0; v < p->nvg; v++)
                        if (p->vg[v].start > q && p->vg[v].subj == p->np[p->tok_np[q]].group) { obj = p->vg[v].subj; comp_vg = v; break; }
            }
            if (obj < 0 || !np_in_class(c, s, obj, e)) return m;
            /* "signed a customs agreement": a sector word naming the field is no target */
            if (e->role == DY_ROLE_T)
                tgt = !pt->foreign && onp && dy_str_in(FIELD_HEAD, t[onp->head].lemma) && sector_modifier_only(s, onp, obj_end) ? -1 : obj;
            else src = obj;
            obj_used = 1;
            if (onp && onp->end > pos) pos = onp->end;
            break;
        case DY_PE_PREP: {
            int found = -1;
            const char *sc = NULL;   /* the subject's own ("expressed Egypt's support for X") owns no noun */
            if (subj >= 0)
                for (int i = p->np[subj].start; i < p->np[subj].end && !sc; i++)
                    if (p->tok_m[i] >= 0) sc = s->actors->m[p->tok_m[i]].code[0];
            for (int q = 0; q < p->nnp; q++) {
                const dy_np *np = &p->np[q];
                if (np->prep < h + 1 || np->prep >= end || np->group != q) continue;
                /* after a copula's predicate noun ("remains the largest donor in Iraq") a PP
                 * belongs to that noun, not to the verb */
                if (onp && !obj_used && copula && onp->start < np->prep) continue;
                /* "said on Tuesday that ...": a temporal adjunct is no prepositional argument */
                if (!pt->foreign && dy_time_word(&t[np->head])) continue;
                /* "expel diplomat of:T": an of-phrase completes the noun right before it, not one
                 * further on ("expelled the diplomat over the refusal of the U.S.") */
                if (!pt->foreign && k > 0 && pt->el[k - 1].type == DY_PE_LIT && !strcmp(t[np->prep].low, "of")) {
                    int ln = p->tok_np[pos - 1];
                    if (np->prep != pos && (ln < 0 || np->prep != p->np[ln].end)) continue;
                }
                /* "rejected May's agreement on withdrawal from the EU": a noun whose own actor
                 * stands before it (a possessor, "the Iranian proposal") takes no phrase of a
                 * noun further on */
                if (!pt->foreign && k > 0 && pt->el[k - 1].type == DY_PE_LIT && p->tok_np[pos - 1] >= 0) {
                    const dy_np *lnp = &p->np[p->tok_np[pos - 1]];
                    int owner = 0;
                    for (int i = lnp->start; i < pos - 1; i++)
                        if (p->tok_m[i] >= 0 && np_named_actor(s, i) && !(sc && !strncmp(sc, s->actors->m[p->tok_m[i]].code[0], 3)))
                            owner = 1;
                    if (owner && np->prep != pos && np->prep != lnp->end) continue;
                }
                if (tok_in(c, &t[np->prep], e) && np_in_class(c, s, q, e)) { found = q; break; }
            }
            if (found < 0) return m;
            if (e->role == DY_ROLE_T) tgt = found;
            else {
                /* "X was deported to:S": the phrase names the doer when the clause has none;
                 * "Thailand deported 40 Uyghurs to China" has one, its subject */
                int subj_t = 0;
                for (int q = 0; q < pt->nel; q++) if (pt->el[q].type == DY_PE_SUBJ && pt->el[q].role == DY_ROLE_T) subj_t = 1;
                if (pt->foreign || subj_t || g->passive || subj < 0 || !np_has_actor(s, subj)) src = found;
            }
            if (p->np[found].end > pos) pos = p->np[found].end;
            break;
        }
        case DY_PE_SUBJ:
            /* subj:S[$military]: "troops arrived in X" is a deployment, not a visit */
            if (e->nhead && (subj < 0 || !np_in_class(c, s, subj, e))) return m;
            if (e->role == DY_ROLE_T) { tgt = subj; subj_used = 1; }
            break;
        case DY_PE_PRE: {
            /* a word before the verb, the pattern's words nearest-first (foreign dictionaries only) */
            int found = -1;
            for (int q = ppos; q >= 0 && (!e->role || q == ppos); q--) if (tok_in(c, &t[q], e)) { found = q; break; }
            if (found < 0) return m;
            ppos = found - 1;
            break;
        }
        case DY_PE_NEXT: {
            /* the first actor after the verb in its clause, a passive's subject first (foreign dictionaries only) */
            /* PETRARCH's verb phrase runs on into complement clauses ("allowed that X ...",
             * "urged X to ...") up to the next comma, colon or semicolon; a passive without
             * a by-agent keeps its subject as the source ("X was criticized over ... with Y") */
            int found = -1, vend = vp_end(s, h);
            if (g->passive && g->agent >= 0) { if (obj >= 0 && np_has_actor(s, obj)) found = obj; }
            for (int q = 0; q < p->nnp && found < 0; q++) {
                const dy_np *np = &p->np[q];
                if (np->group != q || np->start <= h || np->start >= vend || q == g->subj || q == g->agent) continue;
                if (np_has_actor(s, q)) found = q;
            }
            if (found < 0) return m;
            if (e->role == DY_ROLE_T) tgt = found; else src = found;
            break;
        }
        }
    }
    if (subj_used && src == subj) src = -1;
    /* "freed a Kyrgyz journalist": a literal naming the object makes the object's actor the target */
    if (tgt < 0 && lit_in_obj && !subj_used && !pt->foreign && !sector_modifier_only(s, onp, obj_end))
        tgt = obj;   /* foreign: next:T variants do it */
    /* PETRARCH "% *": the conjuncts of a compound subject act on each other (foreign dictionaries only) */
    if (pt->foreign == DY_FOREIGN_COMPOUND) {
        if (src < 0 || p->np[src].next < 0) return m;
        tgt = src;
    }
    m.ok = 1;
    m.src_np = src;
    m.tgt_np = tgt;
    m.src_subj_t = subj_used;
    return m;
}

/* Match nominal pattern pi for the event noun at token h (in NP npi). */
static match try_noun(const dy_coder *c, const dy_sentence *s, int npi, int h, int pi)
{
    const dy_parse *p = s->parse;
    const dy_pattern *pt = &c->verbs->p[pi];
    const dy_token *t = s->tok;
    match m = { 0, pt->specificity, pi, p->np[npi].start, p->np[npi].end + 6, -1, -1, 0, -1, "" };
    int src = -1, tgt = -1;
    int after = p->np[npi].end;
    for (int k = 0; k < pt->nel; k++) {
        const dy_pelem *e = &pt->el[k];
        if (e->type == DY_PE_PREP) {
            /* the PP right after the noun, or after one more PP ("a visit by X to Y") */
            int found = -1, q = after, hops = 0;
            while (q < s->ntok && hops < 3) {
                if (t[q].tag != DY_IN && t[q].tag != DY_TO) break;
                int np = q + 1 < s->ntok ? p->tok_np[q + 1] : -1;
                if (np < 0) break;
                if (tok_in(c, &t[q], e) && np_in_class(c, s, p->np[np].group, e)) { found = p->np[np].group; break; }
                /* skip the whole coordination group */
                int last = np;
                while (p->np[last].next >= 0) last = p->np[last].next;
                q = p->np[last].end;
                hops++;
            }
            if (found < 0) return m;
            if (e->role == DY_ROLE_T) tgt = found; else src = found;
        } else if (e->type == DY_PE_LIT) {
            int found = 0;
            for (int q = p->np[npi].start; q < after + 3 && q < s->ntok; q++) if (q != h && tok_in(c, &t[q], e)) { found = 1; break; }
            if (!found) return m;
        } else if (e->type == DY_PE_SUBJ || e->type == DY_PE_OBJ) {
            return m;   /* not meaningful for a noun */
        }
    }
    /* "clashes between police and protesters", "the meeting between Putin and Erdogan": with
     * no source, the members of a between-phrase act on each other (meeting, cooperating,
     * fighting: not a mediation or an appeal "for talks between", which a third party does) */
    int mutual = !strncmp(pt->code, "04", 2) ? strncmp(pt->code, "045", 3) != 0 : !strncmp(pt->code, "05", 2) || !strncmp(pt->code, "06", 2) ||
                 !strncmp(pt->code, "19", 2);
    if (mutual && src < 0 && tgt >= 0 && !pt->foreign && p->np[tgt].next >= 0 && p->np[tgt].prep >= 0 && !strcmp(t[p->np[tgt].prep].low, "between"))
        src = tgt;
    m.ok = 1;
    m.src_np = src;
    m.tgt_np = tgt;
    return m;
}

/* Actors of an NP group: (mention, ref) pairs. */
typedef struct actor { int m, r; } actor;

/* Things that happen or are used somewhere: "a car bomb in Kiev", "clashes in Benghazi"
 * happen in the place, which does nothing (the in-phrase of a body of people, "police in
 * Lagos", names whose police).  Its acts of force overlap src/parse/parse.c's ATTACK_NOUN
 * ("killed in an Israeli strike": the strike's actor is the agent), a list for another
 * question in another stage (dy_word, by lemma); the two stay apart, and that one's
 * "bombardment", "crackdown" and "barrage" are not here. */
static const char *const HAPPENING_NOUN[] = { "bomb", "bombing", "blast", "explosion", "attack", "strike",
    "airstrike", "air-strike", "missile", "rocket", "shell", "shelling", "drone", "mine", "fire", "clash", "violence",
    "incident", "shooting", "raid", "assault", "ambush", "fighting", "unrest", "riot", "protest", "demonstration",
    "earthquake", "flood", "crash", "accident", "battle", "operation", "offensive",
    /* gatherings: "held talks in Moscow", "a summit in Beijing" */
    "talk", "talks", "meeting", "summit", "conference", "negotiation", "session", "visit", "ceremony", "rally",
    "exercise", "drill", "election", "vote", "trial", "hearing", "war", NULL };

static int group_actors(const dy_sentence *s, int group, actor *out, int max, int possessor_only)
{
    const dy_parse *p = s->parse;
    const dy_mentions *ms = s->actors;
    int n = 0;
    for (int q = group; q >= 0 && n < max; q = p->np[q].next) {
        const dy_np *np = &p->np[q];
        /* the first mention inside the NP (a possessor or the name itself) */
        int found = 0;
        for (int i = np->start; i < np->end; i++) {
            int mi = p->tok_m[i];
            if (mi < 0) continue;
            /* flag 2: skip a possessive pronoun ("its borders", "his counterpart X") */
            if ((possessor_only & 2) && ms->m[mi].kind == DY_MK_PRONOUN) { i = ms->m[mi].end - 1; continue; }
            /* "arrested his presidential rival Laurent Gbagbo": a possessive pronoun before a
             * named person of the same noun phrase is that person's relation, not the actor */
            if (ms->m[mi].kind == DY_MK_PRONOUN && s->tok[ms->m[mi].start].tag == DY_PRPS) {
                int named = -1;
                for (int k = ms->m[mi].end; k < np->end && named < 0; k++)
                    if (p->tok_m[k] >= 0 && p->tok_m[k] != mi && ms->m[p->tok_m[k]].kind == DY_MK_PERSON) named = k;
                if (named >= 0) { i = named - 1; continue; }
            }
            if ((possessor_only & 1) && ms->m[mi].end > np->head) {
                if (ms->m[mi].start <= np->head && ms->m[mi].end > np->head) break;
            }
            for (int r = 0; r < ms->m[mi].nrefs && n < max; r++) out[n++] = (actor){ mi, r };
            found = 1;
            break;
        }
        /* "a member of Hezbollah", "leaders of the opposition": the actor is in the of-phrase */
        if (!found && np->end + 1 < s->ntok && (!strcmp(s->tok[np->end].low, "of") ||
                       (!strcmp(s->tok[np->end].low, "in") && !dy_str_in(HAPPENING_NOUN, s->tok[np->head].lemma)))) {
            int q2 = p->tok_np[np->end + 1];
            if (q2 >= 0)
                for (int i = p->np[q2].start; i < p->np[q2].end; i++) {
                    int mi = p->tok_m[i];
                    if (mi < 0) continue;
                    for (int r = 0; r < ms->m[mi].nrefs && n < max; r++) out[n++] = (actor){ mi, r };
                    break;
                }
        }
    }
    /* a sector alone ("an honor guard") beside a named actor adds nothing */
    int named = 0;
    for (int i = 0; i < n; i++) if (ms->m[out[i].m].kind != DY_MK_AGENT) named = 1;
    if (named) {
        int k = 0;
        for (int i = 0; i < n; i++) if (ms->m[out[i].m].kind != DY_MK_AGENT) out[k++] = out[i];
        n = k;
    }
    return n;
}

static const char *acode(const dy_sentence *s, actor a) { return s->actors->m[a.m].code[a.r]; }

/* What a country gives or holds back: "US funding", "Russian gas" (its own, not a party) */
static const char *const RESOURCE_NOUN[] = { "funding", "fund", "aid", "assistance", "money", "supply", "gas", "oil",
    "export", "import", "contribution", "payment", "loan", "grant", "subsidy", "investment", "weapon", "arm", NULL };

/* "threatened to pull US funding", "cut Russian gas": the source's own country naming a
 * resource it owns (a bare country before a RESOURCE_NOUN) is no target. */
static int own_resource(const dy_sentence *s, const actor *tgt, int nt, const actor *src, int ns)
{
    const dy_parse *p = s->parse;
    if (nt <= 0 || ns <= 0) return 0;
    for (int j = 0; j < nt; j++) {
        const dy_mention *mt = &s->actors->m[tgt[j].m];
        const char *tc = acode(s, tgt[j]);
        int q = p->tok_np[mt->start];
        if (!(q >= 0 && mt->kind == DY_MK_COUNTRY && strlen(tc) == 3 && mt->end <= p->np[q].head &&
              p->tok_m[p->np[q].head] < 0 && dy_str_in(RESOURCE_NOUN, s->tok[p->np[q].head].lemma))) return 0;
        for (int i = 0; i < ns; i++) if (strlen(acode(s, src[i])) < 3 || strncmp(tc, acode(s, src[i]), 3)) return 0;
    }
    return 1;
}

/* Does the adverbial clause headed by token j open with "until", "unless", "till" or "if"
 * (a condition: "would retaliate if Israel attacked" names whom the threat is for)? */
static int until_clause(const dy_sentence *s, int j)
{
    static const char *const COND[] = { "until", "unless", "till", "if", NULL };
    int k = dy_tree_mark(s->parse, j);
    return k >= 0 && dy_str_in(COND, s->tok[k].low);
}

/* The target of the verb at token ev when its pattern's slot found none, where the tree
 * says it can be: the object of its complement or purpose clause ("went on strike to
 * protest X", "accepted an invitation to meet X", "agreed that X should"), the object's
 * own complement or modifier, a coordinated verb that shares the subject.  Returns the
 * NP group, -1. */
static int tree_target(const dy_sentence *s, int ev, int src, const char *code, actor *out, int max, int *nout)
{
    /* what a statement (CAMEO 01) says is its content, not its addressee: "officials said
     * Russian troops attacked Ukraine" makes no statement to Ukraine */
    *nout = 0;
    if (code[0] == '0' && code[1] == '1') return -1;
    const dy_parse *p = s->parse;
    int n = s->ntok, u = dy_tree_pred(p, ev);
    static const int COMP[] = { DY_DL_XCOMP, DY_DL_CCOMP, DY_DL_ADVCL, DY_DL_ACL, DY_DL_NMOD, DY_DL_CONJ };
    /* breadth first over two levels: the clause's complements, then theirs */
    int frontier[8], nf = 0, next[8], nn;
    frontier[nf++] = u;
    int o = -1;
    for (int j = 0; j < n; j++) if (p->head[j] == u && p->rel[j] == DY_DL_OBJ) { o = j; break; }
    if (o >= 0 && nf < 8) frontier[nf++] = o;
    for (int depth = 0; depth < 2; depth++) {
        nn = 0;
        for (int f = 0; f < nf; f++)
            for (int c = 0; c < 6; c++)
                for (int j = 0; j < n; j++) {
                    if (p->head[j] != frontier[f] || p->rel[j] != COMP[c]) continue;
                    /* a conjunct that is no verb, or a coordinated verb with its own subject
                     * (another clause), is no place for the target */
                    if (COMP[c] == DY_DL_CONJ) {
                        int other = !dy_tag_is_verb(s->tok[j].tag);
                        for (int k = 0; k < n && !other; k++) other = p->head[k] == j && (p->rel[k] == DY_DL_NSUBJ || p->rel[k] == DY_DL_NSUBJ_PASS);
                        if (other) continue;
                    }
                    int arg = -1;
                    if (COMP[c] == DY_DL_NMOD) arg = j;
                    else {
                        int cond = COMP[c] == DY_DL_ADVCL && depth <= 1 && code[0] == '1' && code[1] >= '0' && code[1] <= '3' &&
                                   until_clause(s, j);
                        for (int k = 0; k < n && arg < 0 && cond; k++)
                            if (p->head[k] == j && p->rel[k] == DY_DL_NSUBJ) arg = k;
                        for (int k = 0; k < n && arg < 0; k++)
                            if (p->head[k] == j && (p->rel[k] == DY_DL_OBJ || p->rel[k] == DY_DL_IOBJ)) arg = k;
                        /* "went on hunger strike to protest against the authorities": an
                         * against-phrase names the opponent */
                        for (int k = 0; k < n && arg < 0; k++)
                            if (p->head[k] == j && p->rel[k] == DY_DL_OBL)
                                for (int c2 = 0; c2 < k; c2++)
                                    if (p->head[c2] == k && p->rel[c2] == DY_DL_CASE && !strcmp(s->tok[c2].low, "against")) { arg = k; break; }
                        /* "agreed that their countries should cooperate": the complement's subject;
                         * "will not lift the embargo until Cuba reforms", "threatened to strike unless
                         * the government raises pay": the condition a refusal, demand or threat sets
                         * names who must act */
                        for (int k = 0; k < n && arg < 0 && COMP[c] == DY_DL_CCOMP; k++)
                            if (p->head[k] == j && p->rel[k] == DY_DL_NSUBJ) arg = k;
                    }
                    int q = dy_tree_np(p, n, arg);
                    if (q >= 0 && q != src) {
                        *nout = group_actors(s, q, out, max, 2);
                        if (*nout > 0) return q;
                    }
                    if (nn < 8) next[nn++] = j;
                }
        memcpy(frontier, next, (size_t)nn * sizeof *next);
        nf = nn;
    }
    *nout = 0;
    return -1;
}

/* Nouns of saying, knowing and agreeing: an on/about/over phrase after them is their topic. */
static const char *const TOPIC_NOUN[] = { "information", "intelligence", "data", "talk", "negotiation", "consultation",
    "discussion", "dialogue", "agreement", "deal", "accord", "report", "statement", "view", "opinion", "briefing",
    "question", "concern", "position", "stance", "understanding", "memorandum", "conference", "summit", "meeting", NULL };
#define TOPIC_PREP(w) (!strcmp((w), "on") || !strcmp((w), "about") || !strcmp((w), "over") || !strcmp((w), "regarding"))

/* A target slot holding no actor passes the role down its prepositional
 * chain: "condemned a protest by white farmers", "closed all borders with
 * Iraqi Kurdistan", "opened an investigation against DEA officials", "the
 * handling of the crisis by X".  The first actor within three PPs of the
 * slot's NP group, inside the clause, is the target.  Place and time PPs
 * (in, at, near, on Thursday) do not pass it on: "attacks in Kabul" is no
 * attack on Kabul's government. */
static int pp_chain_actors(const dy_sentence *s, int group, int limit, actor *out, int max, int source)
{
    static const char *const PASS[] = { "of", "by", "against", "with", "into", "on", "over", "for", "to",
                                        "toward", "towards", "from", "about", "upon", NULL };
    /* a source slot passes its role only to the doer: "a car bombing by the Islamic State killed" */
    static const char *const PASS_SRC[] = { "by", NULL };
    const dy_parse *p = s->parse;
    const dy_token *t = s->tok;
    int last = group;
    while (p->np[last].next >= 0) last = p->np[last].next;
    int q = p->np[last].end;
    if (limit > s->ntok) limit = s->ntok;
    if (dy_str_in(HAPPENING_NOUN, t[p->np[last].head].lemma)) {
        /* "the attack on the embassy by militants drew condemnation", "the raid on the village
         * by government forces killed ten": a happening stands for whoever did it, its
         * by-phrase, before what it was done to */
        int q2 = q, l2 = last;
        for (int hops = 0; hops < 3 && q2 + 1 < limit && (t[q2].tag == DY_IN || t[q2].tag == DY_TO); hops++) {
            int np = p->tok_np[q2 + 1];
            if (np < 0 || p->np[np].start != q2 + 1) break;
            if (!strcmp(t[q2].low, "by")) {
                int n = group_actors(s, p->np[np].group, out, max, 0);
                if (n > 0) return n;
                break;
            }
            l2 = p->np[np].group;
            while (p->np[l2].next >= 0) l2 = p->np[l2].next;
            q2 = p->np[l2].end;
        }
    }
    for (int hops = 0; hops < 3 && q + 1 < limit; hops++) {
        if ((t[q].tag != DY_IN && t[q].tag != DY_TO) || !dy_str_in(source ? PASS_SRC : PASS, t[q].low)) return 0;
        /* "share information on North Korea", "talks about Syria": what is said or agreed is
         * about the PP's actor, not done to it */
        if (TOPIC_PREP(t[q].low) && dy_str_in(TOPIC_NOUN, t[p->np[last].head].lemma)) return 0;
        int np = p->tok_np[q + 1];
        if (np < 0 || p->np[np].start != q + 1) return 0;
        int n = group_actors(s, p->np[np].group, out, max, 0);
        if (n > 0) return n;
        last = p->np[np].group;
        while (p->np[last].next >= 0) last = p->np[last].next;
        q = p->np[last].end;
    }
    return 0;
}

static int push(dy_arena *ar, dy_events *ev, const dy_event *e)
{
    for (int i = 0; i < ev->n; i++) {
        const dy_event *o = &ev->e[i];
        if (o->sent_index == e->sent_index && strcmp(o->cameo, e->cameo) == 0 && o->src_m == e->src_m && o->src_ref == e->src_ref &&
            o->tgt_m == e->tgt_m && o->tgt_ref == e->tgt_ref) return 0;
    }
    if (ev->n == ev->cap) {
        int nc = ev->cap ? ev->cap * 2 : 16;
        dy_event *ne = dy_arena_alloc(ar, (size_t)nc * sizeof *ne);
        if (!ne) return -1;
        if (ev->n) memcpy(ne, ev->e, (size_t)ev->n * sizeof *ne);
        ev->e = ne; ev->cap = nc;
    }
    ev->e[ev->n++] = *e;
    return 0;
}

/* Two mentions ending in different offices are two people of one government: "Iceland's
 * president refused a request from the prime minister". */
static int two_offices(const dy_sentence *s, const dy_mention *ma, const dy_mention *mb)
{
    static const char *const OFFICE[] = { "president", "minister", "premier", "chancellor", "king", "queen", "prince",
        "speaker", "governor", "mayor", "secretary", "ambassador", "envoy", "general", "judge", "prosecutor", NULL };
    const dy_token *a = &s->tok[ma->end - 1], *b = &s->tok[mb->end - 1];
    return dy_str_in(OFFICE, a->low) && dy_str_in(OFFICE, b->low) && strcmp(a->low, b->low) != 0;
}

/* Are all of these actors weapons (a sector agent named by a weapon: "tanks", "drones";
 * the words: dy_weapon_noun in src/actors/resolve.c)? */
static int weapons_only(const dy_sentence *s, const actor *a, int n)
{
    for (int i = 0; i < n; i++) {
        const dy_mention *m = &s->actors->m[a[i].m];
        if (m->kind != DY_MK_AGENT || !dy_weapon_noun(s->tok[m->end - 1].lemma, DY_WEAPON_LEMMA)) return 0;
    }
    return n > 0;
}

/* Codes of acts that move, give or withdraw one's own forces: intent (03), material
 * cooperation and aid (06, 07), yielding (08: withdraw), force posture (15) */
static int troop_moving_code(const char *code)
{
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r == 3 || r == 6 || r == 7 || r == 8 || r == 15;
}

/* Codes of force: assault (18), fight (19), mass violence (20) */
static int force_code(const char *code)
{
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 18 && r <= 20;
}

static int reciprocal_code(const char *code)
{
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 3 && r <= 8;
}

/* CAMEO codes a stated future action as an intent: "will meet" is 036, "will
 * send aid" 033, "will release" 0353 (03: express intent to cooperate); a
 * future conflictive action as a threat: "will impose sanctions" 1312,
 * "will attack" 138 (13: threaten). */
static void future_code(char code[6])
{
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    const char *to = NULL;
    switch (r) {
    case 4: to = strncmp(code, "045", 3) == 0 ? "039" : "036"; break;    /* "will mediate" 039 */
    case 5: to = strcmp(code, "050") == 0 ? "030" : "032"; break;    /* "will cooperate" (not said how) 030 */
    case 6: to = strncmp(code, "061", 3) == 0 ? "0311" : strncmp(code, "062", 3) == 0 ? "0312" :
                 strncmp(code, "063", 3) == 0 ? "0313" : strncmp(code, "064", 3) == 0 ? "0314" : "031"; break;
    case 7: to = strncmp(code, "071", 3) == 0 ? "0331" : strncmp(code, "072", 3) == 0 ? "0332" :
                 strncmp(code, "073", 3) == 0 ? "0333" : strncmp(code, "074", 3) == 0 ? "0334" : "033"; break;
    case 8:
        /* 081 ease sanctions 0351, 082 ease dissent 0352, 083x accept reform 034x,
         * 084 release 0353, 085 ease economic sanctions 0354, 086 allow involvement
         * 0355, 087 de-escalate 0356 */
        if (!strncmp(code, "083", 3)) to = code[3] >= '1' && code[3] <= '4' ? (code[3] == '1' ? "0341" : code[3] == '2' ? "0342" :
                                                                              code[3] == '3' ? "0343" : "0344") : "034";
        else to = !strncmp(code, "081", 3) ? "0351" : !strncmp(code, "082", 3) ? "0352" : !strncmp(code, "084", 3) ? "0353" :
                  !strncmp(code, "085", 3) ? "0354" : !strncmp(code, "086", 3) ? "0355" : !strncmp(code, "087", 3) ? "0356" : "035";
        break;
    case 14: to = "133"; break;                                  /* "will protest" */
    case 16: to = !strncmp(code, "163", 3) ? "1312" : !strncmp(code, "161", 3) ? "1313" : !strncmp(code, "162", 3) ? "1311" :
                  !strncmp(code, "164", 3) ? "134" : !strncmp(code, "165", 3) ? "135" : !strncmp(code, "166", 3) ? "136" : "131"; break;
    case 17:
        /* "will impose a curfew" 1323; other coercion is a threat of repression */
        if (!strncmp(code, "172", 3)) to = code[3] >= '1' && code[3] <= '4' ? (code[3] == '1' ? "1321" : code[3] == '2' ? "1322" :
                                                                              code[3] == '3' ? "1323" : "1324") : "132";
        else to = "137";
        break;
    case 18: to = "1383"; break;                                 /* bombings, assaults: unconventional violence */
    case 19: to = !strncmp(code, "191", 3) ? "1381" : !strncmp(code, "192", 3) ? "1382" : "1384"; break;
    case 20: to = !strncmp(code, "204", 3) ? "1385" : "1383"; break;
    default: break;
    }
    if (to) dy_scopy(code, 6, to);
}

static int group_actors(const dy_sentence *s, int group, struct actor *out, int max, int possessor_only);

/* Do actor codes a and b start with the same three letters (country, region or IGO)? */
static int same_country(const char *a, const char *b)
{
    return strlen(a) >= 3 && strlen(b) >= 3 && !strncmp(a, b, 3);
}

/* 0: the match's target slot holds no actor; 1: only actors coded as its source
 * ("summoned the ambassador in Berlin" with German officials as the source: Berlin,
 * the place, is the source's own government and no target); 2: another actor (and any
 * actor for a foreign dictionary's pattern, whose suites expect PETRARCH's choice). */
static int target_score(const dy_coder *c, const dy_sentence *s, const match *m)
{
    struct actor ta[8], sa[8];
    int nt = m->tgt_np >= 0 ? group_actors(s, m->tgt_np, ta, 8, 0) : 0;
    if (nt <= 0) return 0;
    if (c->verbs->p[m->pat].foreign) return 2;   /* TABARI/PETRARCH patterns keep their own order */
    int ns = m->src_np >= 0 ? group_actors(s, m->src_np, sa, 8, 0) : 0;
    if (ns <= 0) return 2;
    for (int i = 0; i < nt; i++) {
        int same = 0;
        for (int j = 0; j < ns && !same; j++) same = !strcmp(acode(s, ta[i]), acode(s, sa[j]));
        if (!same) return 2;
    }
    return 1;
}

/* Is match a better than b?  A match whose target holds an actor beats one
 * whose target slot caught a date or a place ("fire on Thursday" vs "fire at
 * X"); then the more specific pattern wins. */
static int better(const dy_coder *c, const dy_sentence *s, const match *a, const match *b)
{
    if (!a->ok) return 0;
    if (!b->ok) return 1;
    /* a stop pattern (---) exists to block the more general ones: specificity alone decides */
    if (!c->verbs->p[a->pat].foreign && (!strcmp(c->verbs->p[a->pat].code, "---") || !strcmp(c->verbs->p[b->pat].code, "---"))) {
        if (a->spec != b->spec) return a->spec > b->spec;
    }
    int ta = target_score(c, s, a), tb = target_score(c, s, b);
    if (ta != tb) return ta > tb;
    /* then one whose source slot holds an actor ("evicted migrants from a camp": the camp is
     * no source, the police are) */
    if (!c->verbs->p[a->pat].foreign) {
        struct actor tmp[8];
        int sa = a->src_np >= 0 && group_actors(s, a->src_np, tmp, 8, 0) > 0;
        int sb = b->src_np >= 0 && group_actors(s, b->src_np, tmp, 8, 0) > 0;
        if (sa != sb) return sa > sb;
    }
    if (a->spec != b->spec || c->verbs->p[a->pat].foreign) return a->spec > b->spec;
    /* as specific: a CAMEO subcode over its parent ("appeal to X for food aid" 0233 over 023) */
    return strlen(a->recode[0] ? a->recode : c->verbs->p[a->pat].code) > strlen(b->recode[0] ? b->recode : c->verbs->p[b->pat].code);
}

/* Honest negation: an event that did not happen is never written under the
 * code of the act.  A refused cooperative action is a rejection (CAMEO 12),
 * an act that happened: "will not accept" 120, "did not meet" 125, "did not
 * release" 1243; the event is then written as asserted.  Anything else
 * negated ("did not condemn", "did not attack") has no CAMEO code for its
 * refusal: it keeps its code with mode "negated", and --modes decides
 * (negated is not among DY_MODES_DEFAULT).  Returns 1 when code became a
 * refusal code, 0 when it was kept. */
static int negated_code(char code[6])
{
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    const char *to = NULL;
    switch (r) {
    case 3: case 5: to = "120"; break;
    case 4: to = "125"; break;
    case 6: to = strncmp(code, "061", 3) == 0 ? "1211" : strncmp(code, "062", 3) == 0 ? "1212" : "121"; break;
    case 7: to = "122"; break;
    case 8: to = strncmp(code, "084", 3) == 0 ? "1243" : strncmp(code, "085", 3) == 0 ? "1244" :
                 strncmp(code, "087", 3) == 0 ? "1246" : strncmp(code, "081", 3) == 0 ? "1241" : "124"; break;
    default: return 0;   /* statements, appeals, rejections, conflict: no refusal code */
    }
    dy_scopy(code, 6, to);
    return 1;
}

/* "Moscow denied attacking civilians", "X denied that its troops fired on Y":
 * the act is denied, not done; what is coded is the denial, CAMEO 016 (deny
 * responsibility), by the one who denies.  "Israel denied that Hamas fired"
 * denies another's act: that act is negated (2), not Israel's to deny.
 * Returns 0 (no denial), 1 (the denier's own act) or 2. */
static const char *const DENY_VERBS[] = { "deny", "refute", NULL };
#define MODE_DENIED 100         /* emit(): code the denial of the matched act */
static int denied_clause(const dy_sentence *s, int v)
{
    const dy_parse *p = s->parse;
    if (v == 0) return 0;
    const dy_vg *g = &p->vg[v], *w = &p->vg[v - 1];
    if (w->mode == DY_MODE_NEGATED || !dy_str_in(DENY_VERBS, s->tok[w->head].lemma)) return 0;
    /* the complement right after the denial: "denied attacking", "denied that its troops attacked" */
    if (g->start == w->end) return 1;
    const dy_token *th = &s->tok[w->end];
    if (g->start - w->end > 6 || !(th->lowlen == 4 && !memcmp(th->low, "that", 4))) return 0;
    for (int k = w->end + 1; k < g->start; k++) if (dy_tag_is_punct(s->tok[k].tag)) return 0;
    /* "that it", "that its troops": the denier's own act; "that Hamas": another's */
    int k = w->end + 1;
    return k < g->start && (s->tok[k].tag == DY_PRP || s->tok[k].tag == DY_PRPS) ? 1 : 2;
}

/* CAMEO splits calls, intents, demands, concessions, refusals and protests over
 * political change by what they are for: leadership (xxx1), policy (xxx2), rights
 * (xxx3), institutions (xxx4) ("demonstrated for the president's resignation"
 * 1411, "went on strike against the pension reform" 1432).  The first word after
 * the event word in a class with a purpose (classes.txt) picks the subcode;
 * purpose 5 (reform in general) only the family (024, 083, 104, 123). */
static void purpose_code(const dy_coder *c, const dy_sentence *s, int from, char code[6])
{
    /* codes split by purpose, and the generic codes whose purpose makes them one:
     * "called for the president's resignation" 020 -> 0241, "accepted demands for
     * a new constitution" 080 -> 0834, "rejected calls for his resignation" 120 -> 1231 */
    static const char *const SPLIT[][2] = { { "024", "024" }, { "034", "034" }, { "083", "083" }, { "104", "104" },
        { "123", "123" }, { "141", "141" }, { "142", "142" }, { "143", "143" }, { "144", "144" }, { "145", "145" },
        { "020", "024" }, { "030", "034" }, { "080", "083" }, { "100", "104" }, { "120", "123" } };
    const char *base = NULL;
    for (size_t k = 0; k < sizeof SPLIT / sizeof *SPLIT; k++) if (!strcmp(SPLIT[k][0], code)) base = SPLIT[k][1];
    if (!base) return;
    /* the purpose may come late in the sentence ("went on strike on Monday demanding his resignation") */
    for (int i = from; i < s->ntok && s->tok[i].tag != DY_COLON; i++) {
        dy_cbits b = dy_verbdict_wclass(c->verbs, s->tok[i].lid, s->tok[i].wid);
        for (int k = 0; dy_cbits_any(&b) && k < c->verbs->ncls; k++)
            if (dy_cbits_has(&b, k) && c->verbs->cls[k].purpose) {
                int pu = c->verbs->cls[k].purpose;
                char sub[6] = { base[0], base[1], base[2], pu == 5 ? 0 : (char)('0' + pu), 0, 0 };
                const dy_cameo_code *cc = dy_cameo_get(c->cameo, sub);
                if (cc && !strcmp(cc->code, sub)) memcpy(code, sub, 6);
                return;
            }
    }
}

/* Emit source x target events for a match. */
static int emit(dy_arena *a, const dy_coder *c, const dy_sentence *s, const match *m, int evtok, int mode,
                const char *docdate, dy_events *ev, int start_n, dy_buf *note)
{
    /* the code first: a null pattern or a mode not coded needs no actors */
    const dy_pattern *pt = &c->verbs->p[m->pat];
    dy_event e;
    memset(&e, 0, sizeof e);
    memcpy(e.cameo, m->recode[0] ? m->recode : pt->code, sizeof e.cameo);
    if (!strcmp(pt->code, "---")) return 0;          /* a null pattern: matched, codes nothing */
    if (!pt->foreign) purpose_code(c, s, evtok + 1, e.cameo);
    if (mode == DY_MODE_FUTURE && !pt->foreign) future_code(e.cameo);
    /* acts two sources do to each other: cooperation (03-08), and fighting named by a
     * symmetric verb ("Indian and Chinese troops clashed") */
    static const char *const SYMMETRIC[] = { "clash", "fight", "battle", "skirmish", NULL };
    int recip = reciprocal_code(pt->code) || (!pt->foreign && !strncmp(pt->code, "19", 2) && s->tok[evtok].lemma &&
                                             dy_str_in(SYMMETRIC, s->tok[evtok].lemma));
    if (mode == MODE_DENIED) {
        if (note) dy_buf_printf(note, "    pattern %s \"%s\": the act is denied: coded as the denial, 016\n", pt->code, pt->text);
        dy_scopy(e.cameo, sizeof e.cameo, "016");
        mode = DY_MODE_ASSERTED;
    }
    if (mode == DY_MODE_NEGATED && !pt->foreign && negated_code(e.cameo)) {
        if (note) dy_buf_printf(note, "    pattern %s \"%s\" negated: coded as the refusal, %s\n", pt->code, pt->text, e.cameo);
        mode = DY_MODE_ASSERTED;
    }
    if (!(c->modes & (1u << mode))) {
        if (note) dy_buf_printf(note, "    pattern %s \"%s\" (%s:%u): left out, mode %s is not coded (--modes)\n",
                                pt->code, pt->text, c->verbs->files[pt->file], pt->line, dy_mode_name(mode));
        return 0;
    }
    actor src[8], tgt[8];
    int own_np = -1;            /* the source's own body ("its forces"): no target */
    int ns = m->src_np >= 0 ? group_actors(s, m->src_np, src, 8, 0) : 0;
    int nt = m->tgt_np >= 0 ? group_actors(s, m->tgt_np, tgt, 8, 0) : 0;
    {
        /* "opened its borders to refugees", "will meet his counterpart X": a pronoun that
         * points back to the source is no target; look past it */
        int self = nt > 0;
        for (int j = 0; j < nt && self; j++) {
            const dy_mention *mt = &s->actors->m[tgt[j].m];
            int same = 0;
            for (int i = 0; i < ns; i++) if (!strcmp(acode(s, src[i]), acode(s, tgt[j]))) same = 1;
            if (mt->kind != DY_MK_PRONOUN || !same) self = 0;
        }
        if (self) {
            nt = group_actors(s, m->tgt_np, tgt, 8, 2);
            /* "put its nuclear forces on alert", "his own army": what the pronoun possesses is
             * the source's own body (a sector of its country), no target either */
            int own = nt > 0;
            for (int j = 0; j < nt && own; j++) {
                const dy_mention *mt = &s->actors->m[tgt[j].m];
                const char *tc = acode(s, tgt[j]);
                /* (a sector word, not a person: "his rival Alassane Ouattara" is someone else) */
                for (int k = mt->start; k < mt->end && own; k++) if (dy_tag_is_proper(s->tok[k].tag)) own = 0;
                if (mt->kind == DY_MK_PERSON || mt->kind == DY_MK_ORG || mt->kind == DY_MK_UNKNOWN) own = 0;
                int in = 0;
                for (int i = 0; i < ns && !in; i++) in = same_country(tc, acode(s, src[i]));
                if (!in) own = 0;
            }
            if (own) { nt = 0; own_np = s->parse->np[m->tgt_np].group; }
        }
    }
    if (nt > 0 && ns > 0 && !pt->foreign && troop_moving_code(e.cameo)) {
        /* "Nigeria deployed soldiers to the Delta", "is willing to withdraw its troops",
         * "offered to send troops to help X": troops of the source's own country that are
         * deployed, sent, offered, withdrawn or put on alert are its instrument, not its target */
        int own = 1;
        for (int j = 0; j < nt && own; j++) {
            const char *tc = acode(s, tgt[j]), *sc = acode(s, src[0]);
            const dy_mention *mt = &s->actors->m[tgt[j].m];
            /* (the state's own: "Farc will release the Colombian soldiers" acts on another) */
            int state = strlen(sc) == 3 || (strlen(sc) >= 6 && (!strncmp(sc + 3, "GOV", 3) || !strncmp(sc + 3, "MIL", 3)));
            /* (bare forces, of no country, sent by a state are its own: "Turkey sent troops
             * to help Azerbaijan" in a story that named other countries first) */
            const char *ag = strlen(tc) > 3 && same_country(tc, sc) ? tc + 3 :
                             mt->kind == DY_MK_AGENT && (!strncmp(tc, "MIL", 3) || !strncmp(tc, "COP", 3) || !strncmp(tc, "SPY", 3)) ? tc : NULL;
            own = state && ag && mt->kind != DY_MK_PERSON && (strstr(ag, "MIL") || strstr(ag, "COP") || strstr(ag, "SPY"));
        }
        if (own) { nt = 0; own_np = s->parse->np[m->tgt_np].group; }
    }
    if (nt > 0 && !pt->foreign && own_resource(s, tgt, nt, src, ns)) { nt = 0; own_np = s->parse->np[m->tgt_np].group; }
    if (nt > 0 && !pt->foreign && (troop_moving_code(e.cameo) || force_code(e.cameo)) && weapons_only(s, tgt, nt)) {
        /* "accused Russia of sending the tanks", "supplied drones to Ukraine": the weapons
         * given are what is given, not who gets it; "firing missiles at its territory": the
         * weapons used are the means, not the target */
        nt = 0; own_np = s->parse->np[m->tgt_np].group;
    }
    if (ns > 0 && !pt->foreign && force_code(e.cameo) && weapons_only(s, src, ns) && s->parse->head) {
        /* "The rockets fired by the Houthis struck a depot": the weapons are the means; who
         * fires them, the by-agent of their participle, is the doer */
        const dy_parse *p = s->parse;
        int w = s->actors->m[src[0].m].end - 1, ag = -1;
        for (int k = 0; k < s->ntok && ag < 0; k++) {
            if (p->head[k] != w || p->rel[k] != DY_DL_ACL || s->tok[k].tag != DY_VBN) continue;
            for (int j = k + 1; j < s->ntok && ag < 0; j++)
                if (p->head[j] == k && p->rel[j] == DY_DL_OBL_AGENT) ag = j;
        }
        int q = ag >= 0 ? dy_tree_np(p, s->ntok, ag) : -1;
        actor by[8];
        int nb = q >= 0 ? group_actors(s, p->np[q].group, by, 8, 0) : 0;
        if (nb > 0) { memcpy(src, by, (size_t)nb * sizeof *by); ns = nb; }
    }
    if (nt == 0 && m->tgt_np >= 0) nt = pp_chain_actors(s, m->tgt_np, m->to, tgt, 8, 0);
    if (ns == 0 && m->src_np >= 0) ns = pp_chain_actors(s, m->src_np, s->ntok, src, 8, 1);
    if (nt == 0 && s->parse->head && (s->parse->roles & DY_ROLE_TARGET) && !pt->foreign) {
        int q = tree_target(s, evtok, m->src_np, e.cameo, tgt, 8, &nt);
        if (nt > 0 && ns >= 2 && recip) {
            /* two sources of a cooperative act act on each other ("Kenya and Uganda signed an
             * agreement"), unless a clause of theirs names whom they act on: "Iran and Iraq
             * agreed to help Syria", "sent troops to help Syria" (an argument of that clause
             * that is itself an actor, not a modifier's "joint military exercises" nor the
             * place of a noun's "agreement in Arusha") */
            const dy_parse *p = s->parse;
            int hd = p->np[q].head, r = p->rel[hd], cv = p->head[hd];
            int clause = (r == DY_DL_OBJ || r == DY_DL_IOBJ) && cv >= 0 && s->tok[cv].tag == DY_VB &&
                         (p->rel[cv] == DY_DL_XCOMP || p->rel[cv] == DY_DL_ADVCL);
            /* (a bare agent noun there, "to create bi-national units", is theirs) */
            int mi = p->tok_m[hd];
            const dy_mention *mt = mi >= 0 ? &s->actors->m[mi] : NULL;
            if (!clause || !mt || (mt->kind == DY_MK_AGENT && strlen(mt->code[0]) == 3)) nt = 0;
        }
        if (nt > 0 && own_resource(s, tgt, nt, src, ns)) { nt = 0; own_np = s->parse->np[q].group; }
    }
    if (nt == 0 && !(ns >= 2 && recip) && !((s->parse->roles & DY_ROLE_TARGET_ONLY) && !pt->foreign)) {
        /* no target: the first actor after the event word in its clause ("agreed to set up
         * a centre in Mumbai", "deployed in Afghanistan"), as TABARI and PETRARCH do */
        const dy_parse *p = s->parse;
        int stop = m->to < s->ntok ? m->to : s->ntok;
        /* not past the next verb: "officials said Russian troops attacked" */
        for (int k = evtok + 1; k < stop; k++)
            if (p->tok_vg[k] >= 0 && p->tok_vg[k] != p->tok_vg[evtok]) { stop = k; break; }
        for (int q = 0; q < p->nnp && nt == 0; q++) {
            const dy_np *np = &p->np[q];
            if (np->group != q || np->start <= evtok || np->start >= stop) continue;
            int subj_of_other = 0;
            for (int v = 0; v < p->nvg; v++) if (p->vg[v].subj == q && v != p->tok_vg[evtok]) subj_of_other = 1;
            if (subj_of_other) continue;
            if (q == m->src_np || q == own_np) continue;
            nt = group_actors(s, q, tgt, 8, 2);   /* a pronoun there points back to the source */
            if (nt > 0 && !pt->foreign && own_resource(s, tgt, nt, src, ns)) nt = 0;
        }
    }
    e.mode = mode;
    dy_plover_derive(c, s, m->from < evtok ? m->from : evtok, m->to, m->src_np, m->tgt_np, &e);
    e.verb_tok = evtok;
    e.pattern = m->pat;
    e.sent_index = s->index;
    dy_scopy(e.date, sizeof e.date, docdate ? docdate : "");
    if (docdate) dy_when(s, m->from, m->to, docdate, mode == DY_MODE_FUTURE, e.date);
    int made = 0;
    if (nt == 0 && ns > 0 && c->one_sided && !(ns >= 2 && recip)) {
        /* --one-sided: an event with no recipient ("Nepal's prime minister agreed to
         * resign"); PLOVER requires a recipient only for COOPERATE, AID and SANCTION */
        for (int i = 0; i < ns; i++) {
            e.src_m = src[i].m; e.src_ref = src[i].r; e.tgt_m = -1; e.tgt_ref = -1;
            if (push(a, ev, &e)) return -1;
            made++;
        }
    } else
    if (nt == 0 && ns >= 2 && recip) {
        for (int i = 0; i < ns; i++)
            for (int j = 0; j < ns; j++) {
                if (i == j || strcmp(acode(s, src[i]), acode(s, src[j])) == 0) continue;
                e.src_m = src[i].m; e.src_ref = src[i].r; e.tgt_m = src[j].m; e.tgt_ref = src[j].r;
                if (ev->n - start_n >= c->max_events) { ev->dropped++; continue; }
                if (push(a, ev, &e)) return -1;
                made++;
            }
    } else {
        for (int i = 0; i < ns; i++)
            for (int j = 0; j < nt; j++) {
                if (src[i].m == tgt[j].m && src[i].r == tgt[j].r) continue;
                /* the same code on both sides is no event between countries, but two different
                 * people of one government ("Arroyo pardoned Estrada") are two actors */
                const dy_mention *ma = &s->actors->m[src[i].m], *mb = &s->actors->m[tgt[j].m];
                int two_people = (ma->kind == DY_MK_PERSON && mb->kind == DY_MK_PERSON && ma->entry != mb->entry) ||
                                 ma->kind == DY_MK_AGENT || mb->kind == DY_MK_AGENT ||   /* "police" vs "police" elsewhere */
                                 two_offices(s, ma, mb);
                if (strcmp(acode(s, src[i]), acode(s, tgt[j])) == 0 && strcmp(acode(s, src[i]), "---") != 0 && !two_people) continue;
                e.src_m = src[i].m; e.src_ref = src[i].r; e.tgt_m = tgt[j].m; e.tgt_ref = tgt[j].r;
                if (ev->n - start_n >= c->max_events) { ev->dropped++; continue; }
                if (push(a, ev, &e)) return -1;
                made++;
                if (pt->code2[0] && strcmp(pt->code2, "---")) {
                    /* a paired code: the reaction of the target, e.g. [064:064] */
                    dy_event r = e;
                    memcpy(r.cameo, pt->code2, sizeof r.cameo);
                    r.src_m = e.tgt_m; r.src_ref = e.tgt_ref; r.tgt_m = e.src_m; r.tgt_ref = e.src_ref;
                    if (push(a, ev, &r)) return -1;
                    made++;
                }
            }
    }
    if (note) {
        const dy_token *v = &s->tok[evtok];
        dy_buf_printf(note, "    pattern %s \"%s\" (%s:%u) on \"%.*s\": %d source actor(s), %d target actor(s) -> %d event(s)%s\n",
                      pt->code, pt->text, c->verbs->files[pt->file], pt->line, (int)v->len, v->text, ns, nt, made,
                      made ? "" : (ns == 0 ? " [dropped: no source actor]" : nt == 0 ? " [dropped: no target actor]" : " [dropped: source = target]"));
    }
    return made;
}

/* Word ids present in a sentence, as a 4096-bit set: a pattern whose literal
 * (or preposition) has no alternative in the set cannot match, so it is not
 * tried.  Exact: every literal is compared with a token of this sentence. */
typedef struct wordset { uint64_t w[64]; } wordset;
static inline void ws_add(wordset *ws, int32_t id) { if (id >= 0) ws->w[(id >> 6) & 63] |= 1ull << (id & 63); }
static inline int ws_has(const wordset *ws, int32_t id) { return (ws->w[(id >> 6) & 63] >> (id & 63)) & 1; }

/* Can the chain entry at r (see dy_pchain) match a sentence with these words? */
static inline int possible(const int32_t *r, const wordset *ws)
{
    r += 2;
    for (int k = 0, n = *r++; k < n; k++) {
        int na = *r++, i = 0;
        while (i < na && !ws_has(ws, r[i])) i++;   /* stop at the first word present */
        if (i == na) return 0;
        r += na;
    }
    return 1;
}

/* Does the matched pattern name the object's head noun ("pledged a loan to Egypt":
 * 0331 "pledge loan to:T")?  Then the verb coded the event the noun names, and the
 * noun gives no second event even after a light verb. */
static int lit_names_obj(const dy_coder *c, const dy_sentence *s, const match *m, int obj)
{
    const dy_pattern *pt = &c->verbs->p[m->pat];
    const dy_token *h = &s->tok[s->parse->np[obj].head];
    if (pt->foreign) return 0;
    for (int k = 0; k < pt->nel; k++) if (pt->el[k].type == DY_PE_LIT && tok_in(c, h, &pt->el[k])) return 1;
    return 0;
}

/* "urged Iran to release the journalist" (0253), "asked Ankara to lift the ban" (0251),
 * "demanded that Israel halt its offensive" (1056), "agreed with the IMF to change its
 * policy" (0342): an appeal (02), a demand (10) or a bare intent (030)
 * whose complement clause names a cooperative action takes its code from that
 * action, as CAMEO's appeal and demand codes mirror its intent codes (031 -> 021,
 * 0353 -> 0253 / 1053).  The complement is what was asked for, not an event of
 * its own.  Returns the complement's verb group, with the appeal's new code in out
 * ("" = it keeps its own), or -1 when there is no coded complement. */
static int complement_code(const dy_coder *c, const dy_sentence *s, int v, const match *head, const wordset *ws, char out[6])
{
    const dy_parse *p = s->parse;
    const dy_token *t = s->tok;
    const char *hc = head->recode[0] ? head->recode : c->verbs->p[head->pat].code;
    if (c->verbs->p[head->pat].foreign || (strncmp(hc, "02", 2) && strncmp(hc, "10", 2) && strcmp(hc, "030")) || v + 1 >= p->nvg) return -1;
    const dy_vg *g = &p->vg[v], *g2 = &p->vg[v + 1];
    if (g2->mode == DY_MODE_NEGATED || g2->start < g->end) return -1;
    /* the complement: "to VERB" right after the appeal's arguments, or "that X VERB" */
    int to = !strcmp(t[g2->start].low, "to") || (g2->start > 0 && !strcmp(t[g2->start - 1].low, "to"));
    int that = g2->subj >= 0 && p->np[g2->subj].start > 0 && !strcmp(t[p->np[g2->subj].start - 1].low, "that");
    if (!to && !that) return -1;
    for (int q = g->end; q < g2->start; q++)
        if (t[q].tag == DY_COMMA || t[q].tag == DY_COLON || t[q].tag == DY_PERIOD) return -1;
    match best = { 0, -1, -1, 0, 0, -1, -1, 0, -1, "" };
    for (int k = 0; k < g2->nverbs; k++) {
        const dy_pchain *ch = dy_verbdict_chain(c->verbs, t[g2->verbs[k]].lid, 0);
        for (const int32_t *r = ch ? ch->w : NULL, *end = ch ? ch->w + ch->n : NULL; r < end; r += r[0]) {
            if (!possible(r, ws)) continue;
            match m = try_verb(c, s, g2, g2->verbs[k], r[1]);
            if (better(c, s, &m, &best)) best = m;
        }
    }
    if (!best.ok || c->verbs->p[best.pat].foreign || !strcmp(c->verbs->p[best.pat].code, "---")) return -1;
    /* from here the complement is what was asked for, not an event of its own */
    out[0] = 0;
    char in[6];
    memcpy(in, c->verbs->p[best.pat].code, sizeof in);
    future_code(in);                    /* the action as an intent: 0353 */
    if (strncmp(in, "03", 2)) return v + 1;     /* a conflictive action: the appeal keeps its code */
    char fam[6];
    fam[0] = hc[0]; fam[1] = hc[1];
    dy_scopy(fam + 2, sizeof fam - 2, in + 2);
    if (fam[2] == '9') fam[2] = '8';    /* "to mediate": an appeal for mediation (028, 108) */
    if (strlen(fam) <= strlen(hc) && strcmp(hc, "020") && strcmp(hc, "100") && strcmp(hc, "030")) return v + 1;   /* the appeal said more */
    if (!dy_cameo_get(c->cameo, fam) || strcmp(dy_cameo_get(c->cameo, fam)->code, fam)) return v + 1;
    memcpy(out, fam, 6);
    return v + 1;
}

static const char *const DOC_NOUN[] = { "report", "statement", "resolution", "letter", "lawsuit", "suit", "complaint",
    "communique", "declaration", "motion", "bill", "petition", "memo", "memorandum", "note", "document", "paper",
    "study", "ruling", "verdict", "decree", "order", "indictment", NULL };
static const char *const PRODUCE_VERB[] = { "issue", "publish", "put", "release", "file", "pass", "adopt", "send",
    "write", "submit", "sign", "present", "table", "lodge", "deliver", "approve", "unveil", "introduce", NULL };
static const char *const LAUNCH_VERB[] = { "launch", "begin", "start", "conduct", "mount", "carry", "send", "deploy",
    "dispatch", "despatch", "step", NULL };
static const char *const OPERATION_NOUN[] = { "operation", "raid", "campaign", "crackdown", "offensive", "drive", "sweep",
    "mission", "team", "troop", "force", "unit", "squad", "operative", "investigator", "agent", NULL };

/* Is verb group g a purpose infinitive ("to V") of verb group g0 right before it, in
 * the same stretch of the clause, with g0 an act that happened (asserted or reported)? */
static int purpose_of(const dy_sentence *s, const dy_vg *g, const dy_vg *g0)
{
    const dy_token *t = s->tok;
    if (strcmp(t[g->start].low, "to")) return 0;
    if (g0->mode != DY_MODE_ASSERTED && g0->mode != DY_MODE_REPORTED) return 0;
    for (int q = g0->end; q < g->start; q++) if (t[q].tag == DY_COMMA || t[q].tag == DY_COLON) return 0;
    return 1;
}

/* Is verb group g ("to detain 110 people") the purpose infinitive of a launched operation or
 * a sent team, verb group g0 right before it ("launched operations", "sent teams of agents")? */
static int operation_purpose(const dy_sentence *s, const dy_vg *g, const dy_vg *g0)
{
    const dy_token *t = s->tok;
    return purpose_of(s, g, g0) && dy_str_in(LAUNCH_VERB, t[g0->head].lemma) && g0->obj >= 0 &&
           dy_str_in(OPERATION_NOUN, t[s->parse->np[g0->obj].head].lemma);
}

static const char *const GIVE_VERB[] = { "donate", "provide", "give", "send", "deliver", "hand", "contribute", "ship",
    "supply", "allocate", "grant", "disburse", "airlift", "fly", "dispatch", "pledge", NULL };
static const char *const HELP_VERB[] = { "assist", "help", "support", "aid", "sustain", NULL };

/* Is verb group g ("to assist X"), headed by h, the purpose infinitive of giving verb group
 * g0 right before it, and a verb of helping? */
static int aid_purpose(const dy_sentence *s, const dy_vg *g, const dy_vg *g0, int h)
{
    const dy_token *t = s->tok;
    return purpose_of(s, g, g0) && dy_str_in(HELP_VERB, t[h].lemma) && dy_str_in(GIVE_VERB, t[g0->head].lemma);
}

static const char *const CALL_VERB[] = { "call", "phone", "telephone", "ring", "write", "visit", NULL };
static const char *const COURTESY_VERB[] = { "congratulate", "apologize", "apologise", "thank", "express", "convey",
    "assure", "reassure", "praise", "condole", "commend", "extend", NULL };

/* Is verb group g ("to congratulate him"), headed by h, the purpose of a call or visit, verb
 * group g0 right before it ("called Morrison"), and a verb of courtesy said in it?  Making
 * the call says it: "called Erdogan to apologize" is the apology, by the caller. */
static int speech_purpose(const dy_sentence *s, const dy_vg *g, const dy_vg *g0, int h)
{
    const dy_token *t = s->tok;
    return purpose_of(s, g, g0) && g0->obj >= 0 && g0->subj >= 0 && !g0->passive &&
           dy_str_in(CALL_VERB, t[g0->head].lemma) && dy_str_in(COURTESY_VERB, t[h].lemma);
}

int dy_code_sentence(dy_arena *a, const dy_coder *c, const dy_sentence *s, const char *docdate,
                     dy_events *ev, dy_buf *note)
{
    const dy_parse *p = s->parse;
    const dy_token *t = s->tok;
    if (!p) return 0;
    if (s->actors && s->actors->discard) {
        if (note) dy_buf_puts(note, "    sentence holds a discard phrase: no events\n");
        return 0;
    }
    int start_n = ev->n;
    wordset ws;
    memset(&ws, 0, sizeof ws);
    for (int i = 0; i < s->ntok; i++) { ws_add(&ws, t[i].lid); ws_add(&ws, t[i].wid); }
    /* NP groups that are the object of a verb that coded an event: an event noun
     * there is that verb's argument, not an event of its own ("suspended military
     * aid to Pakistan", "lifted its blockade of Yemen") */
    int nused = 0;
    int used_obj[64];
    int folded = -1;    /* a complement verb group whose action coded the appeal before it */
    for (int v = 0; v < p->nvg; v++) {
        const dy_vg *g = &p->vg[v];
        if (v == folded) {
            if (g->obj >= 0 && nused < 64) used_obj[nused++] = g->obj;   /* "urged X to hold talks": no talks event */
            if (note) dy_buf_printf(note, "    verb \"%.*s\": the complement of the appeal or demand before it, coded there\n", (int)t[g->head].len, t[g->head].text);
            continue;
        }
        match best = { 0, -1, -1, 0, 0, -1, -1, 0, -1, "" }, own = best;
        int best_h = -1, own_h = -1;
        for (int k = 0; k < g->nverbs; k++) {
            int h = g->verbs[k];
            int last = k == g->nverbs - 1;
            int lid = t[h].lid;
            const dy_pchain *ch = dy_verbdict_chain(c->verbs, lid, 0);
            for (const int32_t *r = ch ? ch->w : NULL, *end = ch ? ch->w + ch->n : NULL; r < end; r += r[0]) {
                if (!possible(r, &ws)) continue;
                match m = try_verb(c, s, g, h, r[1]);
                if (better(c, s, &m, &best)) { best = m; best_h = h; }
            }
            if (last) { if (best.ok) break; continue; }
            int commit = dy_str_in(COMMIT_CAT, t[h].lemma);
            int passes = commit || dy_str_in(MODAL_CAT, t[h].lemma);    /* the complement carries the event */
            if (own_h < 0 && best.ok && commit) { own = best; own_h = best_h; }
            /* a verb that heads the chain ("threaten to attack", "refuse to meet") codes the event */
            if (best.ok && !passes) break;
            if (passes) { best.ok = 0; best.spec = -1; }
        }
        if (!best.ok && own_h >= 0) { best = own; best_h = own_h; }
        if (!best.ok) {
            if (note) dy_buf_printf(note, "    verb \"%.*s\" (lemma %s): no pattern matched\n", (int)t[g->head].len, t[g->head].text, t[g->head].lemma);
            continue;
        }
        /* "X was arrested in Niger": coercion by the state (CAMEO 17: arrest, detain,
         * deport, ...) with no agent named is done by the state where it happens */
        if (g->passive && g->agent < 0 && best.src_np < 0 && !strncmp(c->verbs->p[best.pat].code, "17", 2)) {
            for (int q = 0; q < p->nnp && best.src_np < 0; q++) {
                const dy_np *np = &p->np[q];
                if (np->group != q || np->start <= g->end || np->start >= g->clause_end || np->prep < 0 || strcmp(t[np->prep].low, "in")) continue;
                for (int i = np->start; i < np->end; i++)
                    if (p->tok_m[i] >= 0 && s->actors->m[p->tok_m[i]].kind == DY_MK_COUNTRY) { best.src_np = q; break; }
            }
        }
        {
            char rc[6];
            int f = best.comp >= 0 ? best.comp : complement_code(c, s, v, &best, &ws, rc);
            if (f >= 0) { folded = f; if (best.comp < 0 && rc[0]) memcpy(best.recode, rc, sizeof rc); }
        }
        if (best.src_np >= 0 && !best.src_subj_t && !g->inherited) {
            /* "put out a report accusing the army", "passed a resolution criticizing the president":
             * a document does not accuse; its author, the subject of the verb whose object it is, does */
            int q = best.src_np, hd = p->np[q].head;
            if (dy_str_in(DOC_NOUN, t[hd].lemma))
                for (int u = 0; u < p->nvg; u++)
                    if (u != v && p->vg[u].obj == p->np[q].group && !p->vg[u].passive && p->vg[u].subj >= 0 &&
                        dy_str_in(PRODUCE_VERB, t[p->vg[u].head].lemma)) { best.src_np = p->vg[u].subj; break; }
        }
        int mode = g->mode;
        if (mode == DY_MODE_HYPOTHETICAL && v > 0 && operation_purpose(s, g, &p->vg[v - 1])) {
            /* "launched operations to detain 110 people", "sent teams to investigate the rebels":
             * an operation that was launched for an act is that act begun, in the launch's mode */
            mode = p->vg[v - 1].mode;
            if (p->vg[v - 1].subj >= 0 && !best.src_subj_t && (best.src_np < 0 || best.src_np == p->vg[v - 1].obj))
                best.src_np = p->vg[v - 1].subj;
        }
        if (mode == DY_MODE_HYPOTHETICAL && v > 0 && aid_purpose(s, g, &p->vg[v - 1], best_h)) {
            /* "donated ventilators to assist Ethiopia", "provided $1.7 billion to support refugees":
             * the purpose of a gift that was given is aid given (070), in the giving's mode */
            mode = p->vg[v - 1].mode;
            if (strncmp(c->verbs->p[best.pat].code, "07", 2)) memcpy(best.recode, "070", 4);
            /* the giver does the helping (subject control), not the thing given */
            if (p->vg[v - 1].subj >= 0 && !best.src_subj_t) best.src_np = p->vg[v - 1].subj;
        }
        if (mode == DY_MODE_HYPOTHETICAL && v > 0 && speech_purpose(s, g, &p->vg[v - 1], best_h)) {
            /* "called Erdogan to apologize", "called Morrison to congratulate him": the caller
             * says it (subject control) to the one called, in the call's mode */
            const dy_vg *g0 = &p->vg[v - 1];
            mode = g0->mode;
            if (!best.src_subj_t) best.src_np = g0->subj;
            if (best.tgt_np < 0 || !np_has_actor(s, best.tgt_np) || best.tgt_np == g0->subj) best.tgt_np = g0->obj;
        }
        if (mode == DY_MODE_ASSERTED && g->reported) mode = DY_MODE_REPORTED;
        /* "potential US sanctions targeting ...": a hypothetical subject makes the event hypothetical */
        if (mode == DY_MODE_ASSERTED && g->subj >= 0)
            for (int i = p->np[g->subj].start; i < p->np[g->subj].head; i++) {
                if (dy_str_in(HYPO_ADJ, t[i].low)) mode = DY_MODE_HYPOTHETICAL;
                else if (dy_str_in(FUT_ADJ, t[i].low)) mode = DY_MODE_FUTURE;
            }
        int denied = mode != DY_MODE_NEGATED ? denied_clause(s, v) : 0;
        if (denied == 1) {
            mode = MODE_DENIED;
            if (p->vg[v - 1].subj >= 0) best.src_np = p->vg[v - 1].subj;   /* the one who denies */
        } else if (denied == 2) mode = DY_MODE_NEGATED;
        if (emit(a, c, s, &best, best_h, mode, docdate, ev, start_n, note) < 0) return -1;
        if (g->obj >= 0 && !g->passive && nused < 64 && (!is_light(&t[best_h]) || lit_names_obj(c, s, &best, g->obj)) &&
            strcmp(c->verbs->p[best.pat].code, "---") != 0)
            used_obj[nused++] = g->obj;
    }
    /* event nouns */
    for (int q = 0; q < p->nnp; q++) {
        const dy_np *np = &p->np[q];
        int h = np->head;
        if (!dy_tag_is_noun(t[h].tag) || p->tok_m[h] >= 0) continue;
        int arg = 0;
        for (int u = 0; u < nused; u++) if (used_obj[u] == np->group) arg = 1;
        if (arg) {
            if (note) dy_buf_printf(note, "    noun \"%.*s\": the object of a coded verb, no event of its own\n", (int)t[h].len, t[h].text);
            continue;
        }
        int lid = t[h].lid;
        match best = { 0, -1, -1, 0, 0, -1, -1, 0, -1, "" };
        const dy_pchain *ch = dy_verbdict_chain(c->verbs, lid, 1);
        for (const int32_t *r = ch ? ch->w : NULL, *end = ch ? ch->w + ch->n : NULL; r < end; r += r[0]) {
            if (!possible(r, &ws)) continue;
            match m = try_noun(c, s, q, h, r[1]);
            if (better(c, s, &m, &best)) best = m;
        }
        if (!best.ok) continue;
        /* source: a possessor or determiner actor inside the NP, else the subject of a light verb */
        if (best.src_np < 0) {
            /* a bare sector word modifies the noun ("military aid", "police raid" keeps its
             * country: "Russian police"), it is no possessor */
            for (int i = np->start; i < h; i++)
                if (p->tok_m[i] >= 0 && (s->actors->m[p->tok_m[i]].kind != DY_MK_AGENT ||
                                         (s->actors->m[p->tok_m[i]].end < s->ntok && t[s->actors->m[p->tok_m[i]].end].tag == DY_POS))) {
                    best.src_np = q; break;
                }
            if (best.src_np < 0) {
                for (int v = 0; v < p->nvg; v++) {
                    const dy_vg *g = &p->vg[v];
                    if (g->obj == np->group && is_light(&t[g->head])) { best.src_np = g->passive ? g->agent : g->subj; break; }
                }
            }
        }
        int mode = DY_MODE_ASSERTED;
        for (int i = np->start; i < h; i++) {
            if (dy_str_in(HYPO_ADJ, t[i].low)) mode = DY_MODE_HYPOTHETICAL;
            else if (dy_str_in(FUT_ADJ, t[i].low)) mode = DY_MODE_FUTURE;
        }
        if (emit(a, c, s, &best, h, mode, docdate, ev, start_n, note) < 0) return -1;
    }
    return 0;
}
