/* stream.c: one input file as a stream of decompressed bytes (see internal.h).
 *
 * Why here: .gz, .zst and .bz2 of any format must read the same way, chosen
 * by magic bytes rather than by name, in constant memory, and a truncated
 * or hostile file must stop with a reason instead of garbage.  zlib, libzstd
 * and libbz2 do the decoding; this file only feeds them, concatenates
 * multi-member files (CC-NEWS WARC.gz has one gzip member per record) and
 * stops a compression bomb: output beyond 64 MiB at a ratio over 250:1 to
 * the compressed bytes read (text and HTML compress 3-10:1; a gzip of zeros
 * is 1000:1).  The FILE* view uses glibc's fopencookie so src/read/'s JSONL
 * and text readers run unchanged over decompressed data. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <bzlib.h>
#include "internal.h"

#define IBUF 65536
#define OBUF 65536
#define BOMB_MIN ((uint64_t)64 << 20)
#define BOMB_RATIO 250

struct dy_in {
    FILE *f;
    int is_stdin;
    enum dy_comp comp;
    z_stream z;
    ZSTD_DStream *zs;
    bz_stream bz;
    int zinit, bzinit;
    int member_done;            /* the current gzip/bzip2 member ended */
    unsigned char ib[IBUF];
    size_t ipos, ilen;
    int ieof;
    unsigned char ob[OBUF];
    size_t opos, olen;
    int oeof;
    uint64_t raw_total, out_total, consumed;
    _Atomic uint64_t *counter;
    char *err;
    char *pb;                   /* push-back bytes, read before ob */
    size_t pbpos, pblen, pbcap;
    unsigned char *peek;        /* dy_in_peek's buffer */
    size_t peekcap;
};

static void set_err(dy_in *in, const char *m)
{
    if (!in->err) in->err = strdup(m);
    in->oeof = 1;
}

/* Raw bytes from the file into ib; 0 at EOF. */
static size_t raw_fill(dy_in *in)
{
    if (in->ipos < in->ilen) return in->ilen - in->ipos;
    if (in->ieof) return 0;
    in->ipos = 0;
    /* read(2), not fread: a pipe's bytes are used as they arrive */
    ssize_t n = read(fileno(in->f), in->ib, IBUF);
    if (n <= 0) {
        in->ilen = 0;
        in->ieof = 1;
        if (n < 0) { char m[256]; snprintf(m, sizeof m, "read error: %s", strerror(errno)); set_err(in, m); }
        return 0;
    }
    in->ilen = (size_t)n;
    in->raw_total += in->ilen;
    if (in->counter) atomic_fetch_add(in->counter, (uint64_t)in->ilen);
    return in->ilen;
}

dy_in *dy_in_open(const char *path, _Atomic uint64_t *counter, char *err, size_t errlen)
{
    dy_in *in = calloc(1, sizeof *in);
    if (!in) { snprintf(err, errlen, "out of memory"); return NULL; }
    in->counter = counter;
    if (!path || !strcmp(path, "-")) { in->f = stdin; in->is_stdin = 1; }
    else if (!(in->f = fopen(path, "rb"))) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(in);
        return NULL;
    }
    raw_fill(in);
    const unsigned char *b = in->ib;
    size_t n = in->ilen;
    if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) in->comp = DY_COMP_GZIP;
    else if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) in->comp = DY_COMP_ZSTD;
    else if (n >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9') in->comp = DY_COMP_BZIP2;
    int ok = 1;
    if (in->comp == DY_COMP_GZIP) ok = inflateInit2(&in->z, 15 + 32) == Z_OK, in->zinit = ok;
    else if (in->comp == DY_COMP_ZSTD) ok = (in->zs = ZSTD_createDStream()) && !ZSTD_isError(ZSTD_initDStream(in->zs));
    else if (in->comp == DY_COMP_BZIP2) ok = BZ2_bzDecompressInit(&in->bz, 0, 0) == BZ_OK, in->bzinit = ok;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot start the decompressor (out of memory)", path ? path : "<stdin>");
        dy_in_close(in);
        return NULL;
    }
    return in;
}

void dy_in_close(dy_in *in)
{
    if (!in) return;
    if (in->zinit) inflateEnd(&in->z);
    if (in->zs) ZSTD_freeDStream(in->zs);
    if (in->bzinit) BZ2_bzDecompressEnd(&in->bz);
    if (in->f && !in->is_stdin) fclose(in->f);
    free(in->err); free(in->pb); free(in->peek);
    free(in);
}

const char *dy_in_error(const dy_in *in) { return in->err; }
enum dy_comp dy_in_comp(const dy_in *in) { return in->comp; }
uint64_t dy_in_offset(const dy_in *in) { return in->consumed; }

/* Decompress the next chunk into ob; 0 at the end. */
static size_t out_fill(dy_in *in)
{
    if (in->opos < in->olen) return in->olen - in->opos;
    in->opos = in->olen = 0;
    while (!in->oeof && in->olen == 0) {
        size_t av = raw_fill(in);
        if (in->comp == DY_COMP_NONE) {
            if (!av) { in->oeof = 1; break; }
            memcpy(in->ob, in->ib + in->ipos, av);
            in->ipos += av;
            in->olen = av;
            break;
        }
        if (!av) {
            if (!in->member_done && in->out_total + in->raw_total > 0) {
                const char *what = in->comp == DY_COMP_GZIP ? "gzip" : in->comp == DY_COMP_ZSTD ? "zstd" : "bzip2";
                char m[160];
                snprintf(m, sizeof m, "truncated %s data (the compressed file ends mid-stream after %llu bytes)", what,
                         (unsigned long long)in->raw_total);
                set_err(in, m);
            }
            in->oeof = 1;
            break;
        }
        if (in->comp == DY_COMP_GZIP) {
            if (in->member_done) {
                /* another member follows (or trailing garbage / zero padding) */
                if (in->ib[in->ipos] == 0) { in->ipos++; continue; }
                if (inflateReset(&in->z) != Z_OK) { set_err(in, "gzip: cannot restart"); break; }
                in->member_done = 0;
            }
            in->z.next_in = in->ib + in->ipos; in->z.avail_in = (uInt)av;
            in->z.next_out = in->ob; in->z.avail_out = OBUF;
            int rc = inflate(&in->z, Z_NO_FLUSH);
            in->ipos += av - in->z.avail_in;
            in->olen = OBUF - in->z.avail_out;
            if (rc == Z_STREAM_END) in->member_done = 1;
            else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                char m[200];
                snprintf(m, sizeof m, "corrupt gzip data at compressed byte %llu: %s",
                         (unsigned long long)(in->raw_total - (in->ilen - in->ipos)), in->z.msg ? in->z.msg : "bad data");
                set_err(in, m);
            }
        } else if (in->comp == DY_COMP_ZSTD) {
            ZSTD_inBuffer zi = { in->ib + in->ipos, av, 0 };
            ZSTD_outBuffer zo = { in->ob, OBUF, 0 };
            size_t rc = ZSTD_decompressStream(in->zs, &zo, &zi);
            in->ipos += zi.pos;
            in->olen = zo.pos;
            if (ZSTD_isError(rc)) {
                char m[200];
                snprintf(m, sizeof m, "corrupt zstd data: %s", ZSTD_getErrorName(rc));
                set_err(in, m);
            } else in->member_done = rc == 0;
        } else {
            if (in->member_done) {
                BZ2_bzDecompressEnd(&in->bz);
                in->bzinit = 0;
                if (BZ2_bzDecompressInit(&in->bz, 0, 0) != BZ_OK) { set_err(in, "bzip2: cannot restart"); break; }
                in->bzinit = 1;
                in->member_done = 0;
            }
            in->bz.next_in = (char *)in->ib + in->ipos; in->bz.avail_in = (unsigned)av;
            in->bz.next_out = (char *)in->ob; in->bz.avail_out = OBUF;
            int rc = BZ2_bzDecompress(&in->bz);
            in->ipos += av - in->bz.avail_in;
            in->olen = OBUF - in->bz.avail_out;
            if (rc == BZ_STREAM_END) in->member_done = 1;
            else if (rc != BZ_OK) { char m[80]; snprintf(m, sizeof m, "corrupt bzip2 data (error %d)", rc); set_err(in, m); }
        }
        in->out_total += in->olen;
        if (in->out_total > BOMB_MIN && in->out_total / BOMB_RATIO > in->raw_total) {
            char m[200];
            snprintf(m, sizeof m, "decompresses to more than %d times its size (%llu bytes from %llu): a compression bomb? stopped",
                     BOMB_RATIO, (unsigned long long)in->out_total, (unsigned long long)in->raw_total);
            set_err(in, m);
            in->olen = 0;
        }
    }
    return in->olen - in->opos;
}

size_t dy_in_read(dy_in *in, void *buf, size_t n)
{
    size_t got = 0;
    unsigned char *o = buf;
    while (got < n) {
        if (in->pbpos < in->pblen) {
            size_t k = in->pblen - in->pbpos;
            if (k > n - got) k = n - got;
            memcpy(o + got, in->pb + in->pbpos, k);
            in->pbpos += k; got += k;
            continue;
        }
        size_t av = out_fill(in);
        if (!av) break;
        if (av > n - got) av = n - got;
        memcpy(o + got, in->ob + in->opos, av);
        in->opos += av; got += av;
    }
    in->consumed += got;
    return got;
}

int dy_in_unread(dy_in *in, const void *p, size_t n)
{
    size_t rest = in->pblen - in->pbpos;
    if (rest + n > in->pbcap) {
        size_t nc = in->pbcap ? in->pbcap : 4096;
        while (nc < rest + n) nc *= 2;
        char *nb = malloc(nc);
        if (!nb) return -1;
        memcpy(nb, p, n);
        if (rest) memcpy(nb + n, in->pb + in->pbpos, rest);
        free(in->pb);
        in->pb = nb; in->pbcap = nc;
    } else {
        memmove(in->pb + n, in->pb + in->pbpos, rest);
        memcpy(in->pb, p, n);
    }
    in->pbpos = 0; in->pblen = rest + n;
    in->consumed -= n < in->consumed ? n : in->consumed;
    return 0;
}

size_t dy_in_peek(dy_in *in, const unsigned char **p, size_t n)
{
    /* what is buffered, plus at most one read: never waits for more input
     * than the first chunk (a pipe's first record is sniffed as it arrives) */
    if (in->pbpos == in->pblen && in->opos == in->olen) out_fill(in);
    size_t a = in->pblen - in->pbpos, b = in->olen - in->opos;
    if (a > n) a = n;
    if (b > n - a) b = n - a;
    if (a + b > in->peekcap) {
        unsigned char *nb = realloc(in->peek, a + b);
        if (!nb) { *p = NULL; return 0; }
        in->peek = nb; in->peekcap = a + b;
    }
    if (a) memcpy(in->peek, in->pb + in->pbpos, a);
    if (b) memcpy(in->peek + a, in->ob + in->opos, b);
    *p = in->peek;
    return a + b;
}

static ssize_t cookie_read(void *c, char *buf, size_t n)
{
    dy_in *in = c;
    size_t got = dy_in_read(in, buf, n);
    if (!got && in->err) { errno = EIO; return -1; }
    return (ssize_t)got;
}

FILE *dy_in_file(dy_in *in)
{
    cookie_io_functions_t io = { cookie_read, NULL, NULL, NULL };
    return fopencookie(in, "rb", io);
}

uint64_t dy_in_raw_total(const dy_in *in) { return in->raw_total; }
int dy_in_fd(const dy_in *in) { return fileno(in->f); }

int dy_in_take_raw(dy_in *in, FILE **f, unsigned char **buf, size_t *len)
{
    if (in->comp != DY_COMP_NONE) return -1;
    size_t a = in->pblen - in->pbpos, b = in->olen - in->opos, c = in->ilen - in->ipos;
    unsigned char *o = malloc(a + b + c + 1);
    if (!o) return -1;
    if (a) memcpy(o, in->pb + in->pbpos, a);
    if (b) memcpy(o + a, in->ob + in->opos, b);
    if (c) memcpy(o + a + b, in->ib + in->ipos, c);
    in->pbpos = in->pblen; in->opos = in->olen; in->ipos = in->ilen;
    *f = in->f; *buf = o; *len = a + b + c;
    return 0;
}

int dy_inflate_mem(const unsigned char *p, size_t n, int raw_deflate, size_t max, unsigned char **out, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw_deflate ? -15 : 15 + 32) != Z_OK) return -1;
    size_t cap = n * 4 + 4096, len = 0;
    if (cap > max + 1) cap = max + 1;
    unsigned char *b = malloc(cap);
    int rc = Z_OK, status = 0;
    z.next_in = (unsigned char *)p; z.avail_in = (uInt)n;
    while (b) {
        if (len == cap) {
            if (cap > max) { status = -2; break; }
            size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
            unsigned char *nb = realloc(b, nc);
            if (!nb) { status = -1; break; }
            b = nb; cap = nc;
        }
        z.next_out = b + len; z.avail_out = (uInt)(cap - len);
        rc = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if (rc == Z_STREAM_END) break;
        if (rc != Z_OK) {
            if (rc == Z_BUF_ERROR && z.avail_out != 0) status = len ? 0 : -1;   /* truncated: keep what decoded */
            else status = -1;
            break;
        }
        if (len > max) { status = -2; break; }
    }
    inflateEnd(&z);
    if (!b) return -1;
    if (status == 0 && len > max) status = -2;
    if (status) { free(b); return status; }
    *out = b; *outlen = len;
    return 0;
}
