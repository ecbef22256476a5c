/* normalize.c: see normalize.h.  ASCII bytes are copied straight through;
 * everything else goes through utf8proc one code point (or one combining
 * sequence) at a time, so the offset map stays exact at character level. */
#include <string.h>
#include <stdlib.h>
#include <stdint.h>
#include <utf8proc.h>
#include "normalize.h"

/* Replacement text for punctuation we simplify, NULL to keep the character. */
static const char *simplify(utf8proc_int32_t c)
{
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return "-";
    case 0x2026: return "...";
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
    case 0x3000: case 0x2028: case 0x2029: case 0x0085: return " ";
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD: return "";
    default: return NULL;
    }
}

/* Are the 8 bytes at p all printable ASCII (0x20-0x7e)?  Byte-parallel
 * tests on one word: a top bit set (>= 0x80), a byte below 0x20, a 0x7f
 * byte (zero after x ^ 0x7f..).  Each is exact about whether some byte
 * qualifies. */
static int printable8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t d = x ^ (ones * 0x7f);
    return ((x | ((x - ones * 0x20) & ~x) | ((d - ones) & ~d)) & high) == 0;
}

int dy_normalize(dy_arena *a, const char *text, size_t len, dy_norm *out)
{
    /* worst case: every byte -> U+FFFD (3 bytes) or "..." (3 bytes from 3) */
    size_t cap = len * 3 + 1;
    char *o = dy_arena_alloc(a, cap);
    uint32_t *map = dy_arena_alloc(a, (cap + 1) * sizeof *map);
    if (!o || !map) return -1;
    size_t n = 0, i = 0;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    while (i < len) {
        /* runs of printable ASCII (most text) are copied 8 bytes at a time:
         * such bytes stay as they are, and the byte after the 8 must not be
         * a combining mark's lead byte (>= 0x80) for the last one to stand alone */
        while (i + 8 < len && printable8(s + i) && s[i + 8] < 0x80) {
            memcpy(o + n, s + i, 8);
            for (int k = 0; k < 8; k++) map[n + (size_t)k] = (uint32_t)(i + (size_t)k);
            n += 8; i += 8;
        }
        if (i >= len) break;   /* (the run ended the text) */
        unsigned char c = s[i];
        /* an ASCII letter followed by a combining mark takes the slow path (NFC) */
        int base_ascii = 0;
        if (c > 0x20 && c < 0x7f && i + 1 < len && s[i + 1] >= 0xCC && s[i + 1] <= 0xCD) base_ascii = 1;
        if (c < 0x80 && !base_ascii) {
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) c = ' ';
            else if (c == '\t') c = ' ';
            if (c == '\r') c = (i + 1 < len && s[i + 1] == '\n') ? ' ' : '\n';
            o[n] = (char)c; map[n++] = (uint32_t)i; i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = base_ascii ? 1 : utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (base_ascii) cp = c;
        if (k <= 0) {   /* invalid or overlong: one byte becomes U+FFFD */
            memcpy(o + n, "\xEF\xBF\xBD", 3);
            map[n] = map[n + 1] = map[n + 2] = (uint32_t)i;
            n += 3; i++;
            continue;
        }
        const char *rep = simplify(cp);
        if (rep) {
            for (const char *r = rep; *r; r++) { o[n] = *r; map[n++] = (uint32_t)i; }
            i += (size_t)k;
            continue;
        }
        if (cp >= 0x80 && cp < 0xA0) { o[n] = ' '; map[n++] = (uint32_t)i; i += (size_t)k; continue; }
        /* gather a base character and the combining marks after it */
        size_t j = i + (size_t)k;
        int combining = 0;
        while (j < len && s[j] >= 0x80) {
            utf8proc_int32_t c2;
            utf8proc_ssize_t k2 = utf8proc_iterate(s + j, (utf8proc_ssize_t)(len - j), &c2);
            if (k2 <= 0) break;
            const utf8proc_property_t *p = utf8proc_get_property(c2);
            if (p->combining_class == 0) break;
            combining = 1;
            j += (size_t)k2;
        }
        if (!combining) {
            memcpy(o + n, s + i, (size_t)k);
            for (utf8proc_ssize_t t = 0; t < k; t++) map[n + (size_t)t] = (uint32_t)i;
            n += (size_t)k; i += (size_t)k;
            continue;
        }
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t m = utf8proc_map(s + i, (utf8proc_ssize_t)(j - i), &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m > 0 && (size_t)m <= j - i + 3) {
            memcpy(o + n, nfc, (size_t)m);
            for (utf8proc_ssize_t t = 0; t < m; t++) map[n + (size_t)t] = (uint32_t)i;
            n += (size_t)m;
        } else {
            memcpy(o + n, s + i, j - i);
            for (size_t t = 0; t < j - i; t++) map[n + t] = (uint32_t)i;
            n += j - i;
        }
        free(nfc);
        i = j;
    }
    o[n] = 0;
    map[n] = (uint32_t)len;
    out->text = o;
    out->len = n;
    out->map = map;
    return 0;
}

size_t dy_fold_buf(const char *s, size_t n, char *buf, size_t cap)
{
    size_t k = 0, i = 0;
    int ascii = 1;
    for (size_t t = 0; t < n; t++) if ((unsigned char)s[t] >= 0x80) { ascii = 0; break; }
    if (ascii) {
        for (; i < n && k + 1 < cap; i++) {
            char c = s[i];
            buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        buf[k] = 0;
        return k;
    }
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &f,
                                      UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (m < 0) { /* invalid input cannot reach here after normalisation; copy as is */
        k = n < cap - 1 ? n : cap - 1;
        memcpy(buf, s, k);
    } else {
        k = (size_t)m < cap - 1 ? (size_t)m : cap - 1;
        memcpy(buf, f, k);
    }
    free(f);
    buf[k] = 0;
    return k;
}

const char *dy_fold(dy_arena *a, const char *s, size_t n, size_t *outlen)
{
    size_t cap = n * 3 + 8;
    char *buf = dy_arena_alloc(a, cap);
    if (!buf) return NULL;
    size_t k = dy_fold_buf(s, n, buf, cap);
    if (outlen) *outlen = k;
    return buf;
}
