/* fuzz_petrarch.c: libFuzzer target for the PETRARCH dictionary loaders
 * (src/compat/petrarch.c).  The first input byte picks the file kind
 * (auto-detect, actors, agents, discards, verbs v1/2.0, issues); the rest is
 * the file.  A load never fails on content (only on I/O), warnings name the
 * file, and every pattern it adds is well formed. */
#include "fuzz_common.h"
#include "compat/petrarch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512], err[1024] = "";
    int kind = size ? data[0] % 7 : 0;
    if (size) { data++; size--; }
    fz_path(path, sizeof path, "petr.txt");
    fz_write(path, data, size);
    dy_actordict a;
    dy_verbdict v;
    dy_lexicon lex;
    dy_petr_side side;
    dy_petr_counts c;
    memset(&side, 0, sizeof side);
    memset(&c, 0, sizeof c);
    fz_assert(dy_actordict_init(&a) == 0 && dy_verbdict_init(&v) == 0 && dy_lexicon_init(&lex) == 0);
    int k = dy_petr_detect(path);
    fz_assert(k >= DY_PETR_AUTO && k <= DY_PETR_ISSUES);
    int rc = dy_petr_load(path, kind, &a, &v, &lex, &side, &c, err, sizeof err);
    if (rc < 0) fz_check_err(err, path);
    if (c.warnings) fz_assert(strstr(c.first_warning, "petr.txt") != NULL);
    fz_assert(c.warnings >= 0 && c.added_names == a.ne && c.added_patterns <= v.np);
    for (int i = 0; i < v.np; i++) {
        const dy_pattern *p = &v.p[i];
        fz_assert(p->nel <= DY_MAX_PELEM);
        for (int e = 0; e < p->nel; e++) fz_assert(p->el[e].alt >= 0 && p->el[e].alt + p->el[e].nalt <= v.npool);
        const char *pair = dy_petr_pair(&side, i);
        if (pair) fz_assert(strnlen(pair, 6) < 6);
    }
    dy_buf b;
    dy_buf_init(&b);
    dy_petr_counts_format(path, &c, &b);
    dy_buf_free(&b);
    dy_petr_side_free(&side);
    dy_lexicon_free(&lex);
    dy_verbdict_free(&v);
    dy_actordict_free(&a);
    return 0;
}
