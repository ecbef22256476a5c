/* fuzz_gdelt.c: libFuzzer target for the GDELT reader and import (src/store/gdelt.c).
 *
 * The bytes are split as one line (dy_gdelt_split), then imported as a GDELT
 * file (plain, or a .zip when they start with PK) into a scratch SQLite
 * store.  Invariants: a failed import names the file and leaves the store's
 * event count unchanged (one transaction per file); a successful one stores
 * at most one event per non-blank line. */
#include "fuzz_common.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dy_store *s;
    static char db[512], in[512];
    char err[2048];
    if (!s) {
        fz_path(db, sizeof db, "gdelt.db");
        fz_path(in, sizeof in, "in.export.CSV");
        unlink(db);
        int st;
        s = dy_store_open(db, DY_STORE_CREATE, &st, err, sizeof err);
        if (!s) fz_fail("scratch store: %s", err);
    }
    char *line = malloc(size + 1);
    if (!line) return 0;
    memcpy(line, data, size);
    line[size] = 0;
    char *f[61];
    int nf = 0;
    if (dy_gdelt_split(line, size, f, &nf, err, sizeof err) == 0) fz_assert(nf == 57 || nf == 58 || nf == 61);
    else fz_assert(err[0] != 0);
    free(line);
    fz_write(in, data, size);
    dy_store_counts before, after;
    if (dy_store_counts_get(s, &before, err, sizeof err)) fz_fail("counts: %s", err);
    dy_import_result r;
    int rc = dy_store_import_gdelt(s, in, &r, err, sizeof err);
    if (dy_store_counts_get(s, &after, err + 1024, 1024)) fz_fail("counts: %s", err + 1024);
    if (rc) {
        fz_assert(strstr(err, in) != NULL);
        fz_assert(after.events == before.events);
    } else {
        long long nl = 1;
        for (size_t i = 0; i < size; i++) nl += data[i] == '\n';
        fz_assert(r.events <= nl || (size > 1 && data[0] == 'P' && data[1] == 'K'));
        fz_assert(after.events <= before.events + r.events);
    }
    return 0;
}
