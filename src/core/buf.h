/* buf.h: growable byte buffer for output and messages. */
#ifndef DY_BUF_H
#define DY_BUF_H
#include <stddef.h>
#include <stdarg.h>
#include <string.h>

typedef struct dy_buf { char *p; size_t len, cap; int oom; } dy_buf;

void dy_buf_init(dy_buf *b);
void dy_buf_free(dy_buf *b);
void dy_buf_add(dy_buf *b, const char *s, size_t n);
void dy_buf_puts(dy_buf *b, const char *s);
/* dy_buf_add with the common case (room left) inline: for short pieces of
 * output, where the call cost more than the copy. */
static inline void dy_buf_add_inline(dy_buf *b, const char *s, size_t n)
{
    if (!b->oom && b->len + n + 1 <= b->cap) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = 0;
    } else dy_buf_add(b, s, n);
}
/* Append a string literal (its length known at compile time). */
#define DY_BUF_LIT(b, lit) dy_buf_add_inline((b), (lit), sizeof(lit) - 1)
/* Append a number as printf's "%llu", "%lld" and "%.<decimals>f" (1..4) would. */
void dy_buf_uint(dy_buf *b, unsigned long long v);
void dy_buf_int(dy_buf *b, long long v);
void dy_buf_fixed(dy_buf *b, double v, int decimals);
void dy_buf_printf(dy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s[0..n) as a JSON string body (quotes included); invalid UTF-8 -> U+FFFD. */
void dy_buf_json_str(dy_buf *b, const char *s, size_t n);
/* Append s[0..n) as one TSV field: quoted ("...", inner quotes doubled) when it holds a
 * tab, CR, LF or '"'; other control characters as spaces, invalid UTF-8 -> U+FFFD. */
void dy_buf_tsv_str(dy_buf *b, const char *s, size_t n);

/* Bounded string copy, exactly snprintf(dst, size, "%s", src) (size > 0)
 * without the format machinery: for the per-event and per-mention copies. */
static inline void dy_scopy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}
#endif
