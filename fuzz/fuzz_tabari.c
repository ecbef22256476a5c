/* fuzz_tabari.c: libFuzzer target for the TABARI compatibility loaders and
 * sparse coder (src/compat/tabari.c).  The input is cut at "\n===\n" into
 * up to five parts: .actors, .agents, .verbs, .options files and a text;
 * each file is loaded (errors must name the file), the text and a fixed
 * sentence are coded, and the files are also loaded as dyad actors and
 * counted. */
#include "fuzz_common.h"
#include "compat/tabari.h"

static size_t cut(const uint8_t **p, size_t *n)
{
    for (size_t i = 0; i + 5 <= *n; i++)
        if (memcmp(*p + i, "\n===\n", 5) == 0) { size_t k = i; return k; }
    return *n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[4] = { "t.actors", "t.agents", "t.verbs", "t.options" };
    char paths[4][512], err[1024];
    const uint8_t *p = data;
    size_t n = size;
    for (int k = 0; k < 4; k++) {
        fz_path(paths[k], sizeof paths[k], names[k]);
        size_t l = cut(&p, &n);
        fz_write(paths[k], p, l);
        if (l < n) { p += l + 5; n -= l + 5; } else { p += l; n = 0; }
    }
    char *text = malloc(n + 1);
    fz_assert(text);
    memcpy(text, p, n);
    text[n] = 0;
    dy_tabari *t = dy_tabari_new();
    fz_assert(t);
    int r;
    err[0] = 0;
    if ((r = dy_tabari_load_actor_file(t, paths[0], 0, err, sizeof err)) < 0) fz_check_err(err, paths[0]);
    err[0] = 0;
    if ((r = dy_tabari_load_actor_file(t, paths[1], 1, err, sizeof err)) < 0) fz_check_err(err, paths[1]);
    err[0] = 0;
    if ((r = dy_tabari_load_verbs(t, paths[2], err, sizeof err)) < 0) fz_check_err(err, paths[2]);
    err[0] = 0;
    if ((r = dy_tabari_load_options(t, paths[3], err, sizeof err)) < 0) fz_check_err(err, paths[3]);
    dy_tabari_event ev[8];
    const char *fixed = "RUSSIA ATTACKED UKRAINE AND KENYA CRITICIZED UGANDA .";
    for (int k = 0; k < 2; k++) {
        int nev = -1;
        int rc = dy_tabari_code(t, k ? fixed : text, 20240516, ev, 8, &nev);
        fz_assert(rc >= DY_TB_EVENTS && rc <= DY_TB_DISCARD);
        if (rc == DY_TB_EVENTS) {
            fz_assert(nev >= 1 && nev <= 8);
            for (int i = 0; i < nev; i++)
                fz_assert(strnlen(ev[i].src, 48) < 48 && strnlen(ev[i].tgt, 48) < 48 && strnlen(ev[i].code, 16) < 16);
        }
    }
    dy_tabari_free(t);
    for (int k = 0; k < 2; k++) {
        dy_actordict d;
        fz_assert(dy_actordict_init(&d) == 0);
        err[0] = 0;
        if (dy_tabari_load_actors(&d, paths[k], k, err, sizeof err) < 0) fz_check_err(err, paths[k]);
        dy_actordict_free(&d);
    }
    for (int k = 0; k < 3; k++) {
        dy_tabari_counts c;
        memset(&c, 0, sizeof c);
        err[0] = 0;
        if (dy_tabari_count_file(paths[k], &c, err, sizeof err) < 0) fz_check_err(err, paths[k]);
    }
    int32_t dt = dy_tabari_date(text, n);
    fz_assert(dt == 0 || (dt >= 101 && dt <= 99991231));
    free(text);
    return 0;
}
