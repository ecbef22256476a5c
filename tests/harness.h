/* harness.h: dyad's tiny test harness.  Each tests/test_*.c is one program:
 *
 *   TEST(name) { CHECK(cond); CHECK_STR(a, b); CHECK_INT(a, b); }
 *   int main(void) { RUN(name); ...; return DONE(); }
 *
 * A failing CHECK prints file:line and the expression, and the test goes on.
 * DONE() prints "N passed, N failed" (tests, not checks) and returns the exit
 * code.  SKIP("why") marks the current test skipped (e.g. ../shared absent).
 * tests/run.sh runs every test program and sums their last lines. */
#ifndef DY_HARNESS_H
#define DY_HARNESS_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

struct dy_harness { int passed, failed, skipped, cur_failed, cur_skipped; };
static struct dy_harness H_;

#define TEST(name) static void test_##name(void)
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); H_.cur_failed = 1; } } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); if (a_ != b_) { \
    fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); H_.cur_failed = 1; } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
    fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); H_.cur_failed = 1; } } while (0)
#define SKIP(why) do { fprintf(stderr, "  skipped: %s\n", why); H_.cur_skipped = 1; return; } while (0)
#define RUN(name) do { H_.cur_failed = 0; H_.cur_skipped = 0; test_##name(); \
    if (H_.cur_skipped && !H_.cur_failed) H_.skipped++; \
    else if (H_.cur_failed) { H_.failed++; fprintf(stderr, "FAIL %s\n", #name); } else H_.passed++; } while (0)
#define DONE() (printf("%d passed, %d failed, %d skipped\n", H_.passed, H_.failed, H_.skipped), H_.failed ? 1 : 0)

/* A whole file, NUL-terminated (its length in *len), or NULL when it cannot
 * be read or memory runs out.  The caller frees it. */
static inline char *h_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = realloc(b, 2 * cap + 1);
            if (!nb) { free(b); b = NULL; break; }
            b = nb; cap *= 2;
        }
    }
    fclose(f);
    if (!b) return NULL;
    b[n] = 0;
    *len = n;
    return b;
}

/* The dyad binary beside a test program: $DYAD_BIN, else BUILD/dyad for
 * argv0 BUILD/tests/test_x, else build/dyad. */
static inline void h_dyad_bin(const char *argv0, char *bin, size_t cap)
{
    const char *e = getenv("DYAD_BIN");
    if (e) { snprintf(bin, cap, "%s", e); return; }
    snprintf(bin, cap, "%s", argv0);
    char *sl = strrchr(bin, '/');
    if (sl) { *sl = 0; sl = strrchr(bin, '/'); }
    if (sl && (size_t)(sl + 1 - bin) + 5 < cap) strcpy(sl + 1, "dyad");
    else snprintf(bin, cap, "build/dyad");
}

/* A fresh directory $TMPDIR/dyad-NAME-XXXXXX in dir; 0, or -1 with a message. */
static inline int h_tmpdir(const char *name, char *dir, size_t cap)
{
    const char *td = getenv("TMPDIR");
    snprintf(dir, cap, "%s/dyad-%s-XXXXXX", td && *td ? td : "/tmp", name);
    if (!mkdtemp(dir)) { perror(dir); return -1; }
    return 0;
}

/* Path to ../shared, or NULL when it is absent (tests then SKIP). */
static inline const char *shared_dir(void)
{
    const char *e = getenv("DYAD_SHARED");
    if (e && access(e, R_OK) == 0) return e;
    return access("../shared/README.md", R_OK) == 0 ? "../shared" : NULL;
}
#endif
