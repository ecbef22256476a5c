/* plover.c: PLOVER's mode and context of a coded event (the PLOVER manual's
 * "event-mode-context").  The mode comes from the words of the event's clause
 * that are in a noun class carrying a mode for the event's PLOVER type
 * ("fired rockets at" -> ASSAULT heavy-weapons, "$firearm"), else from the
 * mode the CAMEO code has by itself (`code 145 mode=riot` in data/verbs/classes.txt;
 * `mode=!targeted`: the code's mode wins over the words, an assassination by
 * gunmen is targeted, not firearms).
 * Contexts are the union of the code's own contexts, of the contexts of the classes of the clause's and
 * the arguments' words ("refugees" -> migration) and of the actors' sectors
 * (a MIL actor -> military).  All of it is data in classes.txt; this file only
 * looks the words up. */
#include <string.h>
#include "code.h"
#include "parse/parse.h"

static const char *const CONTEXTS[] = { "military", "intelligence", "executive", "legislative", "election",
    "political_institutions", "pro_democracy", "pro_autocracy", "economic", "legal", "human_rights",
    "rights_freedoms", "repression", "human_security", "lgbt", "religion_ethnicity", "inequality", "diplomatic",
    "territory", "health", "asylum", "migration", "disasters", "natural_resource", "environment", "technology",
    "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption", "illegal_drugs", "trafficking", "reparations", "gender", "peacekeeping", NULL };

const char *dy_plover_context_name(int i)
{
    return i >= 0 && i < (int)(sizeof CONTEXTS / sizeof *CONTEXTS) - 1 ? CONTEXTS[i] : NULL;
}

int dy_plover_context_id(const char *name, size_t n)
{
    for (int i = 0; CONTEXTS[i]; i++) if (strlen(CONTEXTS[i]) == n && !memcmp(CONTEXTS[i], name, n)) return i;
    return -1;
}

static uint64_t ctx_bit(const char *name) { int i = dy_plover_context_id(name, strlen(name)); return i < 0 ? 0 : 1ull << i; }

uint64_t dy_plover_actor_ctx(const char *code)
{
    /* the sector of an actor code sits at offset 3 (RUSMIL) or alone (MIL) */
    static const char *const SEC[][2] = { { "MIL", "military" }, { "SPY", "intelligence" }, { "LEG", "legislative" },
        { "JUD", "legal" }, { "REF", "migration" }, { "HRI", "human_rights" }, { "CRM", "crime" },
        { "ENV", "environment" }, { "HLH", "health" }, { "BUS", "economic" }, { "PKO", "peacekeeping" } };
    uint64_t b = 0;
    if (!code) return 0;
    size_t n = strlen(code);
    for (size_t o = 0; o + 3 <= n; o += 3)
        for (size_t k = 0; k < sizeof SEC / sizeof *SEC; k++)
            if (!memcmp(code + o, SEC[k][0], 3)) b |= ctx_bit(SEC[k][1]);
    return b;
}

/* Words of tokens [a, b) into the event's mode (first class with a mode for ptype) and contexts. */
static void scan(const dy_verbdict *v, const dy_sentence *s, int a, int b, const char *ptype, const char **mode, uint64_t *ctx)
{
    if (a < 0) a = 0;
    if (b > s->ntok) b = s->ntok;
    for (int i = a; i < b; i++) {
        dy_cbits bits = dy_verbdict_wclass(v, s->tok[i].lid, s->tok[i].wid);
        if (!dy_cbits_any(&bits)) continue;
        for (int w = 0; w < DY_MAX_NCLASS / 64; w++) {   /* the classes holding the word, in class order */
            for (uint64_t m = bits.b[w]; m; m &= m - 1) {
                int k = w * 64 + __builtin_ctzll(m);
                if (k >= v->ncls) break;
                *ctx |= v->cls[k].ctx;
                if (!*mode && ptype && v->cls[k].pmode[0] && !strcmp(v->cls[k].ptype, ptype)) *mode = v->cls[k].pmode;
            }
        }
    }
}

void dy_plover_derive(const dy_coder *c, const dy_sentence *s, int from, int to, int src_np, int tgt_np, dy_event *e)
{
    const dy_verbdict *v = c->verbs;
    const dy_cameo_code *cc = dy_cameo_get(c->cameo, e->cameo);
    const char *ptype = cc && cc->plover[0] ? cc->plover : NULL;
    const char *mode = NULL;
    uint64_t ctx = 0;
    scan(v, s, from, to, ptype, &mode, &ctx);
    const dy_parse *p = s->parse;
    int nps[2] = { src_np, tgt_np };
    for (int k = 0; k < 2; k++)
        for (int q = nps[k]; q >= 0 && p; q = p->np[q].next) scan(v, s, p->np[q].start, p->np[q].end, ptype, &mode, &ctx);
    const dy_codemode *cm = ptype ? dy_verbdict_code_mode(v, e->cameo) : NULL;
    if (cm) {
        /* the code's own mode (exact code, else its 3-digit parent) and contexts */
        if ((!mode || cm->fixed) && cm->pmode[0]) mode = cm->pmode;
        ctx |= cm->ctx;
    }
    e->pmode = mode;
    e->pctx = ctx;
}
