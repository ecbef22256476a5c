/* gdelt.c: GDELT 1.0 / 2.0 event files -> the store (`dyad import-gdelt`).
 *
 * A line is split on tabs and must have 57 (GDELT 1.0 before April 2013),
 * 58 (1.0 with SOURCEURL) or 61 (2.0) fields; dates, integers and numbers
 * are checked, and the first bad field is reported as file:line: column
 * NAME: why.  .zip files (GDELT's own packaging) are read with libarchive,
 * member by member; anything else is read as plain text.  A file is one
 * transaction: a malformed line rolls the whole file back, so a store never
 * holds half a file.  Imported events are origin "gdelt", keep their
 * GLOBALEVENTID and counts, and are never merged with dyad's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <archive.h>
#include <archive_entry.h>
#include "store/impl.h"

int dy_gdelt_split(char *line, size_t len, char **fields, int *nf, char *err, size_t errlen)
{
    int n = 0;
    if (len && line[len - 1] == '\r') line[--len] = 0;
    char *p = line, *end = line + len;
    for (;;) {
        if (n >= 61) { snprintf(err, errlen, "more than 61 tab-separated fields"); return -1; }
        fields[n++] = p;
        char *t = memchr(p, '\t', (size_t)(end - p));
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    *end = 0;
    if (n != 57 && n != 58 && n != 61) {
        snprintf(err, errlen, "%d tab-separated fields; a GDELT 1.0 event line has 57 or 58, a GDELT 2.0 line 61", n);
        return -1;
    }
    *nf = n;
    return 0;
}

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max) return 0;
    for (size_t i = 0; i < n; i++) if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}
static int is_int(const char *s)
{
    if (*s == '-') s++;
    return all_digits(s, 1, 18);
}
static int is_num(const char *s)
{
    if (!*s) return 0;
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    return *e == 0 && errno == 0 && v == v;
}

static const char *const NAMES2[] = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
    "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code",
    "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone" };

/* The event columns an imported line fills, in the order bound below. */
static const char INSERT_SQL[] =
    "INSERT INTO events(origin, gdelt_id, day, month, src_code, src_name, src_country, src_group, src_ethnic, src_rel1, src_rel2, "
    "src_type1, src_type2, src_type3, tgt_code, tgt_name, tgt_country, tgt_group, tgt_ethnic, tgt_rel1, tgt_rel2, tgt_type1, "
    "tgt_type2, tgt_type3, is_root, cameo, base, root, quad, goldstein, num_mentions, num_sources, num_articles, avg_tone, "
    "g1_type, g1_name, g1_country, g1_adm1, g1_adm2, g1_lat, g1_lon, g1_feature, "
    "g2_type, g2_name, g2_country, g2_adm1, g2_adm2, g2_lat, g2_lon, g2_feature, "
    "ga_type, ga_name, ga_country, ga_adm1, ga_adm2, ga_lat, ga_lon, ga_feature, date_added, source_url, confidence) VALUES ("
    "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,"
    "$31,$32,$33,$34,$35,$36,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46,$47,$48,$49,$50,$51,$52,$53,$54,$55,$56,$57,$58,"
    "$59,$60,$61)";

typedef struct imp {
    dy_store *s;
    dy_stmt *ins, *del;
    dy_import_result res;
    const char *name;       /* file (and member) for messages */
    char *err; size_t errlen;
} imp;

static void t_or_null(dy_stmt *q, int i, const char *v) { if (*v) b_text(q, i, v); else b_null(q, i); }

/* Check and insert one line; 0, -1 bad line (err set), -2 database error. */
static int import_line(imp *im, char *line, size_t len, long lineno)
{
    char *f[61];
    int nf;
    char why[256];
    if (dy_gdelt_split(line, len, f, &nf, why, sizeof why)) {
        snprintf(im->err, im->errlen, "%s:%ld: %s", im->name, lineno, why);
        return -1;
    }
    int v2 = nf == 61;
    int gw = v2 ? 8 : 7;                /* fields per geography block */
    int g0 = 35, added = g0 + 3 * gw;   /* DATEADDED */
    const char *bad = NULL, *col = NULL;
    char date[11];
    if (!is_int(f[0])) { col = "GLOBALEVENTID"; bad = "not an integer"; }
    else if (!all_digits(f[1], 8, 8)) { col = "SQLDATE"; bad = "not YYYYMMDD"; }
    else {
        snprintf(date, sizeof date, "%.4s-%.2s-%.2s", f[1], f[1] + 4, f[1] + 6);
        if (dy_day_from_date(date) < 0) { col = "SQLDATE"; bad = "not a calendar date"; }
    }
    static const int ints[] = { 25, 29, 31, 32, 33 };
    for (int k = 0; !bad && k < 5; k++) if (*f[ints[k]] && !is_int(f[ints[k]])) { col = NAMES2[ints[k]]; bad = "not an integer"; }
    if (!bad && *f[29] && (atoi(f[29]) < 1 || atoi(f[29]) > 4)) { col = "QuadClass"; bad = "not 1, 2, 3 or 4"; }
    if (!bad && *f[30] && !is_num(f[30])) { col = "GoldsteinScale"; bad = "not a number"; }
    if (!bad && *f[34] && !is_num(f[34])) { col = "AvgTone"; bad = "not a number"; }
    if (!bad && !*f[26]) { col = "EventCode"; bad = "empty"; }
    for (int g = 0; !bad && g < 3; g++) {
        int b = g0 + g * gw;
        static const char *const gname[] = { "Actor1Geo", "Actor2Geo", "ActionGeo" };
        if (*f[b] && !is_int(f[b])) { col = gname[g]; bad = "_Type is not an integer"; }
        int lat = b + (v2 ? 5 : 4);
        if (!bad && ((*f[lat] && !is_num(f[lat])) || (*f[lat + 1] && !is_num(f[lat + 1])))) { col = gname[g]; bad = "_Lat/_Long is not a number"; }
    }
    if (!bad && !all_digits(f[added], 8, 14)) { col = "DATEADDED"; bad = "not YYYYMMDD[HHMMSS]"; }
    if (bad) {
        int k = -1;
        for (int j = 0; j < 35; j++) if (!strcmp(col, NAMES2[j])) k = j;
        if (!strcmp(col, "DATEADDED")) k = added;
        if (k >= 0) snprintf(im->err, im->errlen, "%s:%ld: column %d %s (\"%.40s\"): %s", im->name, lineno, k + 1, col, f[k], bad);
        else snprintf(im->err, im->errlen, "%s:%ld: %s%s", im->name, lineno, col, bad);
        return -1;
    }
    int day = dy_day_from_date(date);
    if (store_ensure_partition(im->s, day, im->s->db->err, sizeof im->s->db->err)) return -2;
    long long gid = strtoll(f[0], NULL, 10);
    b_int(im->del, 1, gid);
    int e = st_step(im->del);
    st_reset(im->del);
    if (e < 0) return -2;
    dy_stmt *q = im->ins;
    int i = 1;
    b_text(q, i++, "gdelt");
    b_int(q, i++, gid);
    b_int(q, i++, day);
    b_int(q, i++, atoi(f[1]) / 100);
    for (int k = 5; k < 25; k++) t_or_null(q, i++, f[k]);
    b_int(q, i++, atoi(f[25]));
    for (int k = 26; k < 29; k++) b_text(q, i++, f[k]);
    b_int(q, i++, atoi(f[29]));
    b_dbl(q, i++, *f[30] ? strtod(f[30], NULL) : 0);
    for (int k = 31; k < 34; k++) b_int(q, i++, atoll(f[k]));
    if (*f[34]) b_dbl(q, i++, strtod(f[34], NULL)); else b_null(q, i++);
    for (int g = 0; g < 3; g++) {
        int b = g0 + g * gw;
        b_int(q, i++, atoi(f[b]));
        t_or_null(q, i++, f[b + 1]);
        t_or_null(q, i++, f[b + 2]);
        t_or_null(q, i++, f[b + 3]);
        if (v2) t_or_null(q, i++, f[b + 4]); else b_null(q, i++);
        int lat = b + (v2 ? 5 : 4);
        if (*f[lat]) b_dbl(q, i++, strtod(f[lat], NULL)); else b_null(q, i++);
        if (*f[lat + 1]) b_dbl(q, i++, strtod(f[lat + 1], NULL)); else b_null(q, i++);
        t_or_null(q, i++, f[lat + 2]);
    }
    long long da = strtoll(f[added], NULL, 10);
    if (strlen(f[added]) == 8) da *= 1000000;
    b_int(q, i++, da);
    if (nf > 57 && *f[added + 1]) b_text(q, i++, f[added + 1]); else b_null(q, i++);
    b_dbl(q, i++, 0);
    e = st_step(q);
    st_reset(q);
    if (e < 0) return -2;
    im->res.events++;
    return 0;
}

/* Lines of a byte stream, handed to import_line. */
typedef struct lines { char *buf; size_t len, cap; long lineno; } lines;

static int feed(imp *im, lines *L, const char *data, size_t n, int eof)
{
    for (size_t k = 0; k < n || (eof && L->len); ) {
        const char *nl = k < n ? memchr(data + k, '\n', n - k) : NULL;
        size_t take = nl ? (size_t)(nl - (data + k)) : n - k;
        if (L->len + take + 1 > L->cap) {
            size_t c = L->cap ? L->cap : 4096;
            while (c < L->len + take + 1) c *= 2;
            if (c > (64u << 20)) { snprintf(im->err, im->errlen, "%s:%ld: line longer than 64 MiB", im->name, L->lineno + 1); return -1; }
            char *nb = realloc(L->buf, c);
            if (!nb) { snprintf(im->err, im->errlen, "out of memory"); return -1; }
            L->buf = nb; L->cap = c;
        }
        memcpy(L->buf + L->len, data + k, take);
        L->len += take;
        k += take;
        if (nl || (eof && k >= n)) {
            if (nl) k++;
            L->lineno++;
            L->buf[L->len] = 0;
            int blank = L->len == 0 || (L->len == 1 && L->buf[0] == '\r');
            if (!blank) {
                im->res.lines++;
                if (memchr(L->buf, 0, L->len)) { snprintf(im->err, im->errlen, "%s:%ld: NUL byte in the line", im->name, L->lineno); return -1; }
                int r = import_line(im, L->buf, L->len, L->lineno);
                if (r == -2) snprintf(im->err, im->errlen, "%s:%ld: %s", im->name, L->lineno, im->s->db->err);
                if (r) return -1;
            }
            L->len = 0;
            if (!nl) break;
        }
    }
    return 0;
}

static int import_plain(imp *im, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(im->err, im->errlen, "%s: %s", path, strerror(errno)); return DY_STORE_EIO; }
    lines L = { 0 };
    char buf[1 << 16];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0) rc = feed(im, &L, buf, n, 0);
    if (!rc && ferror(f)) { snprintf(im->err, im->errlen, "%s: read error: %s", path, strerror(errno)); rc = -2; }
    if (!rc) rc = feed(im, &L, "", 0, 1);
    fclose(f);
    free(L.buf);
    return rc == -2 ? DY_STORE_EIO : rc ? DY_STORE_EINPUT : 0;
}

static int import_zip(imp *im, const char *path)
{
    struct archive *a = archive_read_new();
    if (!a) { snprintf(im->err, im->errlen, "out of memory"); return DY_STORE_EIO; }
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(im->err, im->errlen, "%s: not a readable zip file: %s", path, archive_error_string(a));
        archive_read_free(a);
        return DY_STORE_EINPUT;
    }
    struct archive_entry *en;
    int rc = 0, r;
    char name[1024];
    while (!rc && (r = archive_read_next_header(a, &en)) == ARCHIVE_OK) {
        if (archive_entry_filetype(en) != AE_IFREG) continue;
        snprintf(name, sizeof name, "%s:%s", path, archive_entry_pathname(en));
        im->name = name;
        lines L = { 0 };
        char buf[1 << 16];
        la_ssize_t n;
        while (!rc && (n = archive_read_data(a, buf, sizeof buf)) > 0) rc = feed(im, &L, buf, (size_t)n, 0);
        if (!rc && n < 0) { snprintf(im->err, im->errlen, "%s: %s", name, archive_error_string(a)); rc = -1; }
        if (!rc) rc = feed(im, &L, "", 0, 1);
        free(L.buf);
    }
    if (!rc && r != ARCHIVE_EOF) { snprintf(im->err, im->errlen, "%s: %s", path, archive_error_string(a)); rc = -1; }
    archive_read_free(a);
    im->name = path;
    return rc ? DY_STORE_EINPUT : 0;
}

int dy_store_import_gdelt(dy_store *s, const char *path, dy_import_result *res, char *err, size_t errlen)
{
    imp im = { s, NULL, NULL, { 0, 0 }, path, err, errlen };
    if (res) memset(res, 0, sizeof *res);
    if (s->readonly) { snprintf(err, errlen, "%s: opened read-only", dy_store_where(s)); return DY_STORE_EUSAGE; }
    if (store_begin(s)) return store_fail(s, err, errlen, DY_STORE_EIO);
    im.ins = db_prepare(s->db, INSERT_SQL);
    im.del = db_prepare(s->db, "DELETE FROM events WHERE gdelt_id = $1 AND origin = 'gdelt'");
    int rc;
    if (!im.ins || !im.del) rc = store_fail(s, err, errlen, DY_STORE_EIO);
    else {
        FILE *f = fopen(path, "rb");
        unsigned char magic[4] = { 0 };
        size_t mn = f ? fread(magic, 1, 4, f) : 0;
        if (f) fclose(f);
        int zip = mn == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        rc = zip ? import_zip(&im, path) : import_plain(&im, path);
    }
    st_free(im.ins);
    st_free(im.del);
    if (rc == 0 && store_commit(s)) rc = store_fail(s, err, errlen, DY_STORE_EIO);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    if (res) *res = im.res;
    return 0;
}
