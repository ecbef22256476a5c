/* fuzz_cameo.c: libFuzzer target for the CAMEO code table loader
 * (src/code/cameo.c): any file loads or fails with file:line; lookups of
 * every loaded code (and of its children) find an entry. */
#include "fuzz_common.h"
#include "code/cameo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512], err[1024] = "";
    fz_path(path, sizeof path, "codes.txt");
    fz_write(path, data, size);
    dy_cameo t;
    int n = dy_cameo_load(&t, path, err, sizeof err);
    if (n < 0) fz_check_err(err, path);
    else {
        fz_assert(n == t.n);
        for (int i = 0; i < t.n; i++) {
            const dy_cameo_code *c = &t.c[i];
            fz_assert(c->name && strnlen(c->plover, sizeof c->plover) < sizeof c->plover);
            if (!(c->goldstein >= -10 && c->goldstein <= 10)) fz_fail("Goldstein %g out of range for %s", (double)c->goldstein, c->code);
            fz_assert(dy_cameo_get(&t, c->code) != NULL);
            char child[8];
            snprintf(child, sizeof child, "%s9", c->code);
            fz_assert(dy_cameo_get(&t, child) != NULL);
            int q = dy_cameo_quad(c->code);
            fz_assert(q >= 0 && q <= 4);
        }
        (void)dy_cameo_get(&t, "");
        (void)dy_cameo_get(&t, "0");
    }
    dy_cameo_free(&t);
    return 0;
}
