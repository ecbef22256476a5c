/* fuzz_coverage.c: libFuzzer target for `dyad dicts --coverage`'s reader of
 * case files (src/code/coverage.c): the bytes as a tests/cases file, counted
 * against a small CAMEO table and a few patterns.  Invariants: it returns 0
 * on a readable file; the report has one row per non-root code, the codes
 * lacking a pattern or a case first, and counts no more cases for a code
 * than the file has `case` blocks. */
#include "fuzz_common.h"
#include "code/code.h"
#include "core/buf.h"

static const char CODES[] =
    "01\t0.0\t-\tStatement\n010\t0.0\t-\tStatement, other\n04\t1.0\tCONSULT\tConsult\n"
    "042\t1.9\tCONSULT\tVisit\n19\t-10.0\tASSAULT\tFight\n190\t-10.0\tASSAULT\tForce\n1951\t-10.0\tASSAULT\tNew\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char cpath[512], kpath[512], err[1024] = "";
    fz_path(cpath, sizeof cpath, "codes.txt");
    fz_path(kpath, sizeof kpath, "cases.txt");
    fz_write(cpath, (const uint8_t *)CODES, sizeof CODES - 1);
    fz_write(kpath, data, size);
    dy_cameo t;
    if (dy_cameo_load(&t, cpath, err, sizeof err) < 0) fz_fail("fixed code table failed: %s", err);
    dy_lexicon lex;
    dy_verbdict v;
    if (dy_lexicon_init(&lex) != 0 || dy_verbdict_init(&v) != 0) fz_fail("init failed");
    int col;
    if (dy_verbdict_add(&v, &lex, "042", "visit T", 0, 1, err, sizeof err, &col) < 0) fz_fail("pattern: %s", err);
    if (dy_verbdict_add(&v, &lex, "190", "@attack on:T", 0, 2, err, sizeof err, &col) < 0) fz_fail("pattern: %s", err);
    dy_buf out;
    dy_buf_init(&out);
    if (dy_coverage(&v, &t, kpath, &out, err, sizeof err) != 0) fz_fail("coverage failed on a readable file: %s", err);
    fz_assert(out.p && !out.oom);
    /* header, column names, then the 4 non-root codes */
    int lines = 0;
    for (size_t i = 0; i < out.len; i++) lines += out.p[i] == '\n';
    fz_assert(lines == 2 + 4);
    long ncase = 0;
    for (size_t i = 0; i + 4 < size; i++)
        if ((i == 0 || data[i - 1] == '\n') && !memcmp(data + i, "case", 4)) ncase++;
    const char *r = strchr(out.p, '\n');
    r = r ? strchr(r + 1, '\n') : NULL;
    int seen_full = 0;
    for (int k = 0; r && k < 4; k++) {
        char code[8];
        int nv, nn, nc;
        fz_assert(sscanf(r + 1, "%7s %d %d %d", code, &nv, &nn, &nc) == 4);
        fz_assert(nc >= 0 && nc <= ncase + 1);
        int full = nv + nn > 0 && nc > 0;
        if (full) seen_full = 1;
        else fz_assert(!seen_full);   /* codes lacking something come first */
        r = strchr(r + 1, '\n');
    }
    dy_buf_free(&out);
    dy_verbdict_free(&v);
    dy_lexicon_free(&lex);
    dy_cameo_free(&t);
    return 0;
}
