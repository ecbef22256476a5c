/* buf.c: see buf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdint.h>
#include "buf.h"

void dy_buf_init(dy_buf *b) { memset(b, 0, sizeof *b); }
void dy_buf_free(dy_buf *b) { free(b->p); memset(b, 0, sizeof *b); }

static int reserve(dy_buf *b, size_t n)
{
    if (b->oom) return -1;
    if (b->len + n + 1 <= b->cap) return 0;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + n + 1) nc *= 2;
    char *np = realloc(b->p, nc);
    if (!np) { b->oom = 1; return -1; }
    b->p = np; b->cap = nc;
    return 0;
}

void dy_buf_add(dy_buf *b, const char *s, size_t n)
{
    if (reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void dy_buf_puts(dy_buf *b, const char *s) { dy_buf_add_inline(b, s, strlen(s)); }

/* Append the decimal digits of v (neg: with a minus sign). */
static void add_dec(dy_buf *b, unsigned long long v, int neg)
{
    char d[24];
    int k = (int)sizeof d;
    do { d[--k] = (char)('0' + v % 10); v /= 10; } while (v);
    if (neg) d[--k] = '-';
    dy_buf_add_inline(b, d + k, sizeof d - (size_t)k);
}

/* Append v as printf's "%.<d>f" would (d = 1..4).  For |v| < 1e9 the
 * scaled value p = v * 10^d carries an error under 0.003 (its ulp is at most
 * 2^-8), so when p lies within 0.49 of an integer k the exact v * 10^d is
 * within 0.5 of k and printf prints k's digits (with v's sign: "-0.0" for
 * -0.04).  Anything else (ties, NaN, huge values) goes to snprintf. */
static void add_fixed(dy_buf *b, double v, int d)
{
    static const double P10[] = { 1, 10, 100, 1000, 10000 };
    static const unsigned long long U10[] = { 1, 10, 100, 1000, 10000 };
    if (v > -1e9 && v < 1e9) {
        double p = v * P10[d];
        long long k = llround(p);
        if (fabs(p - (double)k) <= 0.49) {
            unsigned long long a = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
            add_dec(b, a / U10[d], signbit(v) != 0);
            char frac[8];
            unsigned long long f = a % U10[d];
            frac[0] = '.';
            for (int i = d; i >= 1; i--) { frac[i] = (char)('0' + f % 10); f /= 10; }
            dy_buf_add(b, frac, (size_t)d + 1);
            return;
        }
    }
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.*f", d, v);
    if (n > 0) dy_buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void dy_buf_uint(dy_buf *b, unsigned long long v) { add_dec(b, v, 0); }
void dy_buf_int(dy_buf *b, long long v) { add_dec(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0); }
void dy_buf_fixed(dy_buf *b, double v, int decimals) { add_fixed(b, v, decimals); }

/* Format fmt into b when it is made of text and plain %s %d %u %ld %lu %zu
 * %.1f .. %.4f %% only (no flags, widths or other precisions): those are
 * written here without vsnprintf, which dominates the cost of writing output
 * otherwise.  Returns 0 at the first other conversion (what was appended so
 * far is then dropped by the caller). */
static int simple_printf(dy_buf *b, const char *f, va_list ap)
{
    while (*f) {
        const char *t = f;
        while (*t && *t != '%') t++;
        if (t > f) dy_buf_add(b, f, (size_t)(t - f));
        if (!*t) return 1;
        t++;
        char mod = 0;
        if (t[0] == '.' && t[1] >= '1' && t[1] <= '4' && t[2] == 'f') {
            add_fixed(b, va_arg(ap, double), t[1] - '0');
            f = t + 3;
            continue;
        }
        if (*t == 'l' || *t == 'z') mod = *t++;
        switch (*t) {
        case '%':
            if (mod) return 0;
            dy_buf_add(b, "%", 1);
            break;
        case 's': {
            if (mod) return 0;
            const char *v = va_arg(ap, const char *);
            dy_buf_puts(b, v ? v : "(null)");
            break;
        }
        case 'd': {
            dy_buf_int(b, mod == 'l' ? va_arg(ap, long) : mod == 'z' ? (long long)va_arg(ap, ptrdiff_t) : va_arg(ap, int));
            break;
        }
        case 'u':
            dy_buf_uint(b, mod == 'l' ? va_arg(ap, unsigned long) : mod == 'z' ? va_arg(ap, size_t) : va_arg(ap, unsigned));
            break;
        default: return 0;
        }
        f = t + 1;
    }
    return 1;
}

void dy_buf_printf(dy_buf *b, const char *fmt, ...)
{
    va_list ap;
    size_t mark = b->len;
    va_start(ap, fmt);
    int done = simple_printf(b, fmt, ap);
    va_end(ap);
    if (done) return;
    /* a conversion simple_printf does not handle: drop its partial output */
    b->len = mark;
    if (b->p) b->p[mark] = 0;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { dy_buf_add(b, tmp, (size_t)n); return; }
    if (reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t k;
    unsigned min;
    if ((c & 0xE0) == 0xC0) { k = 2; min = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { k = 3; min = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { k = 4; min = 0x10000; c &= 0x07; }
    else return 0;
    if (k > n) return 0;
    for (size_t i = 1; i < k; i++) { if ((s[i] & 0xC0) != 0x80) return 0; c = (c << 6) | (s[i] & 0x3F); }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return k;
}

/* Are the 8 bytes at p all printable ASCII other than " and \ (JSON text
 * that needs no escape)?  Byte-parallel tests on one 64-bit word: a byte
 * >= 0x80 sets its top bit; (x - 0x20..) & ~x, a byte below 0x20; a zero
 * byte of x ^ '"'.. or x ^ '\\'.., a quote or a backslash.  Each test is
 * exact about whether some byte qualifies, which is all that is asked. */
static int json_plain8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    return ((x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high) == 0;
}

void dy_buf_json_str(dy_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    /* room for the worst case (every byte as \u00XX) up front: runs of
     * bytes that need no escape (printable ASCII other than " and \, and
     * valid UTF-8 sequences) are then copied with one memcpy each */
    if (n > ((size_t)-1 - 3) / 6 || reserve(b, 6 * n + 2)) return;
    char *o = b->p + b->len;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n) {
            if (j + 8 <= n && json_plain8(u + j)) { j += 8; continue; }
            unsigned char c = u[j];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { j++; continue; }
            if (c < 0x80) break;
            size_t k = utf8_len(u + j, n - j);
            if (k == 0) break;
            j += k;
        }
        if (j > i) { memcpy(o, s + i, j - i); o += j - i; i = j; continue; }
        unsigned char c = u[i++];
        switch (c) {
        case '"': *o++ = '\\'; *o++ = '"'; break;
        case '\\': *o++ = '\\'; *o++ = '\\'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        case '\r': *o++ = '\\'; *o++ = 'r'; break;
        default:
            if (c < 0x80) {   /* "\u%04x" */
                static const char hex[] = "0123456789abcdef";
                memcpy(o, "\\u00", 4);
                o[4] = hex[c >> 4]; o[5] = hex[c & 15];
                o += 6;
            } else {          /* invalid UTF-8: U+FFFD */
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
            }
        }
    }
    *o++ = '"';
    *o = 0;
    b->len = (size_t)(o - b->p);
}

/* One TSV field.  A field holding a tab, a line break or a double quote is
 * quoted the way spreadsheets and data-frame readers expect (Python's csv
 * with delimiter tab, pandas.read_csv(sep="\t"), R's read.delim): "...",
 * with each " inside doubled; the tab, CR or LF stays as it is.  Other
 * control characters become spaces, invalid UTF-8 U+FFFD. */
void dy_buf_tsv_str(dy_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++) quote = u[i] == '\t' || u[i] == '\n' || u[i] == '\r' || u[i] == '"';
    if (quote) dy_buf_add(b, "\"", 1);
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c == '"') { dy_buf_add(b, "\"\"", 2); i++; continue; }
        if (quote && (c == '\t' || c == '\n' || c == '\r')) { dy_buf_add(b, s + i, 1); i++; continue; }
        if (c < 0x20 || c == 0x7f) { dy_buf_add(b, " ", 1); i++; continue; }
        if (c < 0x80) { dy_buf_add(b, s + i, 1); i++; continue; }
        size_t k = utf8_len(u + i, n - i);
        if (k == 0) { dy_buf_add(b, "\xEF\xBF\xBD", 3); i++; }
        else { dy_buf_add(b, s + i, k); i += k; }
    }
    if (quote) dy_buf_add(b, "\"", 1);
}
