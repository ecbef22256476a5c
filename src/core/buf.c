/* buf.c: see buf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
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

void dy_buf_puts(dy_buf *b, const char *s) { dy_buf_add(b, s, strlen(s)); }

/* Append the decimal digits of v (neg: with a minus sign). */
static void add_dec(dy_buf *b, unsigned long long v, int neg)
{
    char d[24];
    int k = (int)sizeof d;
    do { d[--k] = (char)('0' + v % 10); v /= 10; } while (v);
    if (neg) d[--k] = '-';
    dy_buf_add(b, d + k, sizeof d - (size_t)k);
}

/* Append v as printf's "%.1f" would.  When v is the double nearest to a
 * number with one decimal (k / 10), that number is what printf prints, so it
 * is written from k directly; any other value (and -0.0) goes to snprintf. */
static void add_fixed1(dy_buf *b, double v)
{
    if (v > -1e15 && v < 1e15 && !(v == 0 && signbit(v))) {
        long long k = llround(v * 10);
        if ((double)k / 10.0 == v) {
            unsigned long long a = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
            add_dec(b, a / 10, k < 0);
            char frac[2] = { '.', (char)('0' + a % 10) };
            dy_buf_add(b, frac, 2);
            return;
        }
    }
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.1f", v);
    if (n > 0) dy_buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Is fmt made of text and plain %s %d %u %ld %lu %zu %.1f %% only (no flags,
 * widths or other precisions)?  Those are formatted here without vsnprintf,
 * which dominates the cost of writing output otherwise. */
static int simple_format(const char *f)
{
    for (; *f; f++) {
        if (*f != '%') continue;
        f++;
        if (f[0] == '.' && f[1] == '1' && f[2] == 'f') { f += 2; continue; }
        if (*f == 'l' || *f == 'z') f++;
        if (*f != 's' && *f != 'd' && *f != 'u' && *f != '%') return 0;
        if (*f == '%' && f[-1] != '%') return 0;
        if (*f == 's' && f[-1] != '%') return 0;
    }
    return 1;
}

static void simple_printf(dy_buf *b, const char *f, va_list ap)
{
    while (*f) {
        const char *t = f;
        while (*t && *t != '%') t++;
        if (t > f) dy_buf_add(b, f, (size_t)(t - f));
        if (!*t) return;
        t++;
        char mod = 0;
        if (t[0] == '.' && t[1] == '1' && t[2] == 'f') {
            add_fixed1(b, va_arg(ap, double));
            f = t + 3;
            continue;
        }
        if (*t == 'l' || *t == 'z') mod = *t++;
        switch (*t) {
        case '%': dy_buf_add(b, "%", 1); break;
        case 's': { const char *v = va_arg(ap, const char *); dy_buf_puts(b, v ? v : "(null)"); break; }
        case 'd': {
            long long v = mod == 'l' ? va_arg(ap, long) : mod == 'z' ? (long long)va_arg(ap, ptrdiff_t) : va_arg(ap, int);
            add_dec(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
            break;
        }
        default: {  /* 'u' */
            unsigned long long v = mod == 'l' ? va_arg(ap, unsigned long) : mod == 'z' ? va_arg(ap, size_t) : va_arg(ap, unsigned);
            add_dec(b, v, 0);
            break;
        }
        }
        f = t + 1;
    }
}

void dy_buf_printf(dy_buf *b, const char *fmt, ...)
{
    va_list ap;
    if (simple_format(fmt)) {
        va_start(ap, fmt);
        simple_printf(b, fmt, ap);
        va_end(ap);
        return;
    }
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

void dy_buf_json_str(dy_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (reserve(b, n + 2)) return;
    b->p[b->len++] = '"';
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            size_t j = i;
            while (j < n && u[j] >= 0x20 && u[j] < 0x80 && u[j] != '"' && u[j] != '\\') j++;
            dy_buf_add(b, s + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) {
            char esc[8];
            switch (c) {
            case '"': dy_buf_add(b, "\\\"", 2); break;
            case '\\': dy_buf_add(b, "\\\\", 2); break;
            case '\n': dy_buf_add(b, "\\n", 2); break;
            case '\t': dy_buf_add(b, "\\t", 2); break;
            case '\r': dy_buf_add(b, "\\r", 2); break;
            default: snprintf(esc, sizeof esc, "\\u%04x", c); dy_buf_add(b, esc, 6);
            }
            i++;
            continue;
        }
        size_t k = utf8_len(u + i, n - i);
        if (k == 0) { dy_buf_add(b, "\xEF\xBF\xBD", 3); i++; }
        else { dy_buf_add(b, s + i, k); i += k; }
    }
    dy_buf_add(b, "\"", 1);
}

void dy_buf_tsv_str(dy_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x20 || c == 0x7f) { dy_buf_add(b, " ", 1); i++; continue; }
        if (c < 0x80) { dy_buf_add(b, s + i, 1); i++; continue; }
        size_t k = utf8_len(u + i, n - i);
        if (k == 0) { dy_buf_add(b, "\xEF\xBF\xBD", 3); i++; }
        else { dy_buf_add(b, s + i, k); i += k; }
    }
}
