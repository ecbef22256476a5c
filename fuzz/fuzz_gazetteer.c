/* fuzz_gazetteer.c: libFuzzer target for the gazetteer loaders
 * (src/place/place.c: cities.tsv, admin1.tsv, countries.tsv) and the actor
 * code splitter (src/actors/split.c).  The input is split at "\n===\n" into
 * up to three files (cities, regions, countries); the first line of the
 * input is also split as an actor code.  Invariants: a failed load names its
 * file; a loaded gazetteer's cities point to regions of their own country
 * and code; every country line is found by dy_gazetteer_info; a code that
 * splits rebuilds to itself. */
#include "fuzz_common.h"
#include "dyad.h"
#include "place/place.h"

static const uint8_t *part(const uint8_t *data, size_t size, int k, size_t *len)
{
    size_t start = 0;
    for (int i = 0; i < k; i++) {
        size_t j = start;
        while (j + 5 <= size && memcmp(data + j, "\n===\n", 5)) j++;
        if (j + 5 > size) { *len = 0; return data + size; }
        start = j + 5;
    }
    size_t j = start;
    while (j + 5 <= size && memcmp(data + j, "\n===\n", 5)) j++;
    *len = (j + 5 <= size ? j : size) - start;
    return data + start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char c[512], a[512], k[512], err[1024] = "";
    fz_path(c, sizeof c, "cities.tsv");
    fz_path(a, sizeof a, "admin1.tsv");
    fz_path(k, sizeof k, "countries.tsv");
    size_t l0, l1, l2;
    const uint8_t *p0 = part(data, size, 0, &l0), *p1 = part(data, size, 1, &l1), *p2 = part(data, size, 2, &l2);
    fz_write(c, p0, l0);
    fz_write(a, p1, l1);
    fz_write(k, p2, l2);

    /* the actor code splitter on the first line */
    char code[64];
    size_t cl = 0;
    while (cl < l0 && cl < sizeof code - 1 && p0[cl] != '\n') { code[cl] = (char)p0[cl]; cl++; }
    code[cl] = 0;
    dy_actor_parts ap;
    if (dy_actor_split(code, (int)(size & 1), &ap) == 0) {
        char back[64];
        if (dy_actor_join(&ap, back, sizeof back) != (int)strlen(code) || strcmp(back, code)) fz_fail("split/join of %s", code);
    }

    dy_gazetteer g;
    int rc = dy_gazetteer_load_files(&g, c, NULL, NULL, err, sizeof err);
    if (rc < 0) fz_check_err(err, c);
    else {
        rc = dy_gazetteer_load_regions(&g, a, k, err, sizeof err);
        if (rc < 0) { if (!strstr(err, a) && !strstr(err, k) && !strstr(err, "out of memory")) fz_fail("error names no file: %s", err); }
        else {
            for (int i = 0; i < g.ncity; i++) {
                const dy_city *ct = &g.city[i];
                fz_assert(ct->admin1_code != NULL);
                if (ct->region) fz_assert(!strcmp(ct->region->country, ct->country) && !strcmp(ct->region->code, ct->admin1_code));
            }
            for (int i = 0; i < g.ninfo; i++) fz_assert(dy_gazetteer_info(&g, g.info[i].code) == &g.info[i]);
            for (int i = 0; i < g.nadmin1; i++) fz_assert(g.admin1[i].lat >= -90 && g.admin1[i].lat <= 90);
            (void)dy_gazetteer_info(&g, "");
        }
    }
    dy_gazetteer_free(&g);
    return 0;
}
