/* buf.h: growable byte buffer for output and messages. */
#ifndef DY_BUF_H
#define DY_BUF_H
#include <stddef.h>
#include <stdarg.h>

typedef struct dy_buf { char *p; size_t len, cap; int oom; } dy_buf;

void dy_buf_init(dy_buf *b);
void dy_buf_free(dy_buf *b);
void dy_buf_add(dy_buf *b, const char *s, size_t n);
void dy_buf_puts(dy_buf *b, const char *s);
void dy_buf_printf(dy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s[0..n) as a JSON string body (quotes included); invalid UTF-8 -> U+FFFD. */
void dy_buf_json_str(dy_buf *b, const char *s, size_t n);
/* Append s[0..n) with tabs/newlines as spaces and invalid UTF-8 -> U+FFFD (TSV). */
void dy_buf_tsv_str(dy_buf *b, const char *s, size_t n);
#endif
