/* harness.h: dyad's tiny test harness.  Each tests/test_*.c is one program:
 *
 *   TEST(name) { CHECK(cond); CHECK_STR(a, b); CHECK_INT(a, b); }
 *   int main(void) { RUN(name); ...; return DONE(); }
 *
 * A failing CHECK prints file:line and the expression, and the test goes on.
 * DONE() prints "N passed, N failed" (tests, not checks) and returns the exit
 * code.  SKIP("why") marks the current test skipped (e.g. ../shared absent).
 * tests/run.sh runs every test program and sums their last lines.
 *
 * Tests that run the dyad CLI use the h_cli part at the end: one scratch
 * directory, h_path() names in it, h_run() a shell command with '@' for the
 * binary and its stdout/stderr captured in CLI.out / CLI.err. */
#ifndef DY_HARNESS_H
#define DY_HARNESS_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

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

/* Seconds on the monotonic clock, for tests that bound how long a run takes. */
static inline double h_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* H_ASAN, H_TSAN: 1 in an AddressSanitizer / ThreadSanitizer build (gcc
 * says so with __SANITIZE_*__, clang with __has_feature), for time bounds
 * that a sanitized binary needs stretched. */
#if defined(__SANITIZE_ADDRESS__)
#define H_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define H_ASAN 1
#endif
#endif
#ifndef H_ASAN
#define H_ASAN 0
#endif
#if defined(__SANITIZE_THREAD__)
#define H_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define H_TSAN 1
#endif
#endif
#ifndef H_TSAN
#define H_TSAN 0
#endif

/* n bytes to file, or the test program stops (exit 2) with the reason: a
 * test that cannot write its input can tell nothing. */
static inline void h_write(const char *file, const void *p, size_t n)
{
    FILE *f = fopen(file, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) { perror(file); exit(2); }
}

/* 1 when both files can be read and hold the same bytes, and are not empty
 * (two empty outputs prove nothing). */
static inline int h_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *pa = h_slurp(a, &la), *pb = h_slurp(b, &lb);
    int same = pa && pb && la == lb && la > 0 && memcmp(pa, pb, la) == 0;
    free(pa); free(pb);
    return same;
}

/* ---- tests that run the dyad CLI ----
 *
 *   int main(int argc, char **argv) {
 *       if (h_cli_init(argv[0], "NAME")) return 2;   binary + scratch dir
 *       RUN(...); ...
 *       h_cleanup();                                  removes the dir
 *       return DONE(); }
 *
 *   (h_scratch("NAME") makes only the directory, for tests that write
 *   files but do not run the binary.)
 *
 *   h_path("in.jsonl")          CLI.dir/in.jsonl (eight rotating buffers, so
 *                               up to eight may be used in one call)
 *   h_wstr("in.jsonl", text)    write a file there (h_write); its path
 *   h_run("@ code %s", f)       sh -c the formatted command, every '@' in the
 *                               format the binary; stdout and stderr land in
 *                               CLI.out / CLI.err (lengths CLI.outlen /
 *                               CLI.errlen, "" when unreadable, never NULL);
 *                               the exit status, 128+N on signal N, -1 when
 *                               no shell ran.  A redirection inside the
 *                               command wins over the capture.
 *   h_run_to(file, fmt, ...)    the same with stdout kept in file
 *   h_explain(date, text)       `dyad code --explain` on one document of text
 *                               (no '"' or '\\' in it) dated date
 *   h_capture(out, err)         the same capture of files written otherwise
 *   CLI.after_run               when set, called after every capture (e.g.
 *                               to fail on a sanitizer report in CLI.err). */
static struct h_cli {
    char bin[1024], dir[512];
    char *out, *err;
    size_t outlen, errlen;
    void (*after_run)(void);
    char paths[8][1200];
    int k;
} CLI;

/* Only the scratch directory CLI.dir (for tests that write files but do not
 * run the binary); 0, or -1 with a message. */
static inline int h_scratch(const char *name) { return h_tmpdir(name, CLI.dir, sizeof CLI.dir); }

static inline int h_cli_init(const char *argv0, const char *name)
{
    h_dyad_bin(argv0, CLI.bin, sizeof CLI.bin);
    return h_scratch(name);
}

static inline char *h_path(const char *name)
{
    CLI.k = (CLI.k + 1) % 8;
    snprintf(CLI.paths[CLI.k], sizeof CLI.paths[CLI.k], "%s/%s", CLI.dir, name);
    return CLI.paths[CLI.k];
}

/* h_write into CLI.dir; the file's path (an h_path buffer). */
static inline char *h_wbytes(const char *name, const void *p, size_t n)
{
    char *path = h_path(name);
    h_write(path, p, n);
    return path;
}
static inline char *h_wstr(const char *name, const char *s) { return h_wbytes(name, s, strlen(s)); }

/* A file's contents, "" when it cannot be read (checks then fail on content). */
static inline char *h_slurp_or_empty(const char *path, size_t *len)
{
    char *b = h_slurp(path, len);
    return b ? b : calloc(1, 1);
}

/* What a command wrote to the files out and err, as CLI.out / CLI.err
 * (replacing the last), then CLI.after_run; h_run ends with it, and a test
 * that starts the binary itself (fork, exec) calls it when that ends. */
static inline void h_capture(const char *out, const char *err)
{
    free(CLI.out); free(CLI.err);
    CLI.out = h_slurp_or_empty(out, &CLI.outlen);
    CLI.err = h_slurp_or_empty(err, &CLI.errlen);
    if (CLI.after_run) CLI.after_run();
}

/* h_run with stdout into the file out (kept, e.g. to compare two runs) */
static inline int h_vrun_to(const char *out, const char *fmt, va_list ap)
{
    char tmpl[4096], cmd[8192], full[9000];
    size_t k = 0;
    for (const char *p = fmt; *p && k + sizeof CLI.bin + 2 < sizeof tmpl; p++) {
        if (*p == '@') k += (size_t)snprintf(tmpl + k, sizeof tmpl - k, "%s", CLI.bin);
        else tmpl[k++] = *p;
    }
    tmpl[k] = 0;
    vsnprintf(cmd, sizeof cmd, tmpl, ap);
    const char *err = h_path("err");
    snprintf(full, sizeof full, "( %s ) >'%s' 2>'%s'", cmd, out, err);
    int st = system(full);
    h_capture(out, err);
    if (st == -1) return -1;
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

__attribute__((format(printf, 2, 3)))
static inline int h_run_to(const char *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = h_vrun_to(out, fmt, ap);
    va_end(ap);
    return st;
}

__attribute__((format(printf, 1, 2)))
static inline int h_run(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = h_vrun_to(h_path("out"), fmt, ap);
    va_end(ap);
    return st;
}

/* Removes the scratch directory (kept when $DYAD_KEEP_TMP is set, to look
 * at after a failure) and frees the last output. */
static inline void h_cleanup(void)
{
    char cmd[sizeof CLI.dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", CLI.dir);
    if (CLI.dir[0] && !getenv("DYAD_KEEP_TMP") && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", CLI.dir);
    free(CLI.out); free(CLI.err);
    CLI.out = CLI.err = NULL;
}

/* `dyad code --explain` on a one-document JSON Lines file with text dated date. */
static inline int h_explain(const char *date, const char *text)
{
    char doc[1024];
    snprintf(doc, sizeof doc, "{\"id\":\"x\",\"date\":\"%s\",\"text\":\"%s\"}\n", date, text);
    return h_run("@ code --explain %s", h_wstr("in.jsonl", doc));
}
#endif
