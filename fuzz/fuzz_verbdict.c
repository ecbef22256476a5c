/* fuzz_verbdict.c: libFuzzer target for the pattern dictionary loader
 * (src/code/verbdict.c), the noun-class loader (classes.txt, same file) and
 * the verb forms loader (src/tag/lemma.c).  The input is split at "\n===\n":
 * forms.txt, then a pattern file; with a second separator forms.txt,
 * classes.txt, then the pattern file; all in a scratch directory loaded the
 * way the engine loads data/verbs. */
#include "fuzz_common.h"
#include "fuzz_split.h"
#include "code/verbdict.h"
#include "tag/lemma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[512], forms[600], pats[600], err[1024] = "";
    fz_path(dir, sizeof dir, "verbs");
    mkdir(dir, 0700);
    snprintf(forms, sizeof forms, "%s/forms.txt", dir);
    snprintf(pats, sizeof pats, "%s/01-p.txt", dir);
    char classes[600];
    snprintf(classes, sizeof classes, "%s/classes.txt", dir);
    size_t off[3], len[3];
    int has_classes = fz_verbdict_parts(data, size, off, len);
    fz_write(forms, data + off[0], len[0]);
    if (has_classes) fz_write(classes, data + off[1], len[1]);
    else remove(classes);
    fz_write(pats, data + off[2], len[2]);
    dy_lexicon lex;
    dy_verbdict v;
    if (dy_lexicon_init(&lex) != 0 || dy_verbdict_init(&v) != 0) fz_fail("init failed");
    int n = dy_verbdict_load(&v, &lex, dir, err, sizeof err);
    if (n < 0) {
        if (!err[0]) fz_fail("pattern load failed without a message");
        if (!strstr(err, dir)) fz_fail("error does not name the file: %s", err);
    } else {
        fz_assert(n == v.np);
        for (int i = 0; i < v.np; i++) {
            const dy_pattern *p = &v.p[i];
            fz_assert(p->nel <= DY_MAX_PELEM && p->text && p->line >= 1);
            size_t cl = strnlen(p->code, sizeof p->code);
            fz_assert(cl >= 2 && cl <= 5);   /* CAMEO codes, PETRARCH "075A", null "---" */
            for (int k = 0; k < p->nel; k++) {
                const dy_pelem *e = &p->el[k];
                fz_assert(e->alt >= 0 && e->alt + e->nalt <= v.npool);
                fz_assert(!e->nhead || (e->head >= 0 && e->head + e->nhead <= v.npool));
                for (int j = 0; j < e->nalt; j++) fz_assert(v.pool[e->alt + j] >= 0 && v.pool[e->alt + j] < lex.nwords);
            }
        }
        /* noun classes: named, with words; word bits only for loaded classes */
        fz_assert(v.ncls >= 0 && v.ncls <= DY_MAX_NCLASS);
        for (int k = 0; k < v.ncls; k++) fz_assert(v.cls[k].name[0] && v.cls[k].words && v.cls[k].words[0] && v.cls[k].purpose <= 5);
        for (int w = 0; w < v.nwcls; w++) {
            dy_cbits b = v.wcls[w];
            for (int k = v.ncls; k < DY_MAX_NCLASS; k++) fz_assert(!dy_cbits_has(&b, k));
        }
        for (int i = 0; i < v.ncmode; i++) fz_assert(v.cmode[i].code[0] && strlen(v.cmode[i].code) <= 5);
        /* every verb and noun head chain is well formed: entries (len, pat, K,
         * K groups of nalt word ids) that fill the chain exactly */
        dy_verbdict_finish(&v);
        for (int l = 0; l < lex.nwords; l++)
            for (int nom = 0; nom < 2; nom++) {
                const dy_pchain *ch = dy_verbdict_chain(&v, l, nom);
                if (!ch) continue;
                fz_assert(ch->n > 0);
                for (const int32_t *r = ch->w, *end = ch->w + ch->n; r < end; r += r[0]) {
                    fz_assert(r[0] >= 3 && r + r[0] <= end);
                    fz_assert(r[1] >= 0 && r[1] < v.np);
                    const int32_t *g = r + 3;
                    for (int k = 0; k < r[2]; k++) {
                        fz_assert(g < r + r[0] && g[0] >= 1 && g + 1 + g[0] <= r + r[0]);
                        for (int j = 1; j <= g[0]; j++) fz_assert(g[j] >= 0 && g[j] < lex.nwords);
                        g += 1 + g[0];
                    }
                    fz_assert(g == r + r[0]);
                }
            }
    }
    dy_verbdict_free(&v);
    dy_lexicon_free(&lex);
    return 0;
}
