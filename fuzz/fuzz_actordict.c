/* fuzz_actordict.c: libFuzzer target for dyad's actor dictionary loader
 * (src/actors/actordict.c, format in data/actors/README.md).  The input is
 * a dictionary file; when it loads, the input is also tokenised as a
 * sentence and matched against the dictionary at every token. */
#include "fuzz_common.h"
#include "actors/actordict.h"
#include "normalize/normalize.h"
#include "tag/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512], err[1024] = "";
    fz_path(path, sizeof path, "actors.txt");
    fz_write(path, data, size);
    dy_actordict d;
    if (dy_actordict_init(&d) != 0) fz_fail("init failed");
    int n = dy_actordict_load(&d, path, err, sizeof err);
    if (n < 0) fz_check_err(err, path);
    else {
        fz_assert(n == d.ne);
        for (int i = 0; i < d.ne; i++) {
            const dy_aentry *e = &d.e[i];
            fz_assert(strnlen(e->code, sizeof e->code) < sizeof e->code);
            fz_assert(e->kind >= 1 && e->kind <= DY_AK_DISCARD);
            fz_assert(e->name && e->line >= 1 && e->file < d.nfiles);
            fz_assert(e->next < d.ne && e->person >= 0 && e->person <= i);
        }
        /* match the same bytes, as text, against what was loaded */
        dy_arena a;
        dy_arena_init(&a, 4096);
        dy_norm nm;
        if (dy_normalize(&a, (const char *)data, size, &nm) != 0) fz_fail("normalize failed");
        dy_token *tok = NULL;
        int nt = dy_tokenize(&a, nm.text, 0, (uint32_t)nm.len, &tok, 400, NULL);
        fz_assert(nt >= 0);
        for (int i = 0; i < nt; i++) {
            int name = -1;
            int m = dy_actordict_match(&d, tok, nt, i, &name);
            fz_assert(m >= 0 && i + m <= nt);
            if (m) fz_assert(name >= 0 && name < d.nn && d.names[name].first >= 0 && d.names[name].first < d.ne);
        }
        dy_arena_free(&a);
    }
    dy_actordict_free(&d);
    return 0;
}
