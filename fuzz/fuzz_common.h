/* fuzz_common.h: helpers shared by the libFuzzer targets in fuzz/.
 *
 * The loaders under test take file paths, so each target writes the fuzz
 * input to a per-process scratch file (under $TMPDIR or /tmp) and loads that.
 * Invariant checks call fz_fail(), which aborts so libFuzzer records a crash
 * with the input that broke the invariant. */
#ifndef DY_FUZZ_COMMON_H
#define DY_FUZZ_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/stat.h>

#define fz_fail(...) do { fprintf(stderr, "fuzz invariant failed at %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)
#define fz_assert(c) do { if (!(c)) fz_fail("%s", #c); } while (0)

static inline const char *fz_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

/* Path of a scratch file for this process: DIR/dyad-fuzz-PID-NAME. */
static inline void fz_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/dyad-fuzz-%ld-%s", fz_tmpdir(), (long)getpid(), name);
}

/* Write data to path (truncating); aborts on failure (a broken harness, not a finding). */
static inline void fz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); abort(); }
    if (size && fwrite(data, 1, size, f) != size) { perror(path); abort(); }
    if (fclose(f)) { perror(path); abort(); }
}

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
static inline int fz_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        int k; unsigned cp, min;
        if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        for (int j = 1; j <= k; j++) {
            if (i + (size_t)j >= n || (p[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* An error message from a loader must be non-empty and name the file. */
static inline void fz_check_err(const char *err, const char *path)
{
    if (!err[0]) fz_fail("error without a message (file %s)", path);
    if (!strstr(err, path) && !strstr(err, "out of memory")) fz_fail("error does not name the file: %s", err);
}
#endif
