/* copy-distance.c: measure SimHash distances of wire copies vs different
 * stories, to choose DY_COPY_DISTANCE (README "Copy detection").
 *
 *   build/tools/copy-distance CORPUS.jsonl [N]
 *
 * For the first N documents (default 2000) of a JSON Lines corpus (e.g.
 * bench/make-corpus.py's), it makes the edits a reprint gets: a line added,
 * a paragraph's last sentence cut, a credit line, a few words changed, all
 * of these at once; and compares every pair of documents (different
 * stories).  Prints, per distance (dy_sig_distance, 0..128), how many copies
 * and how many different pairs are that far apart, the copies recalled and
 * the different pairs merged at each threshold, and recall per edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "ingest/ingest.h"
#include "core/buf.h"

static void variant(const char *t, size_t n, int kind, unsigned seed, dy_buf *o)
{
    o->len = 0;
    if (kind == 0 || kind == 4) { dy_buf_puts(o, "LONDON (Agency) - "); }
    if (kind == 1 || kind == 4) {   /* cut the last sentence */
        size_t cut = n;
        for (size_t i = n > 2 ? n - 2 : 0; i > 0; i--) if (t[i] == '.' && t[i + 1] == ' ') { cut = i + 1; break; }
        dy_buf_add(o, t, cut);
    } else dy_buf_add(o, t, n);
    if (kind == 2 || kind == 4) dy_buf_puts(o, " Reporting by a correspondent; editing by the desk. Copyright 2024 the agency, all rights reserved.");
    if (kind == 3 || kind == 4) {   /* change every 40th word */
        int w = 0;
        for (size_t i = 0; i < o->len; i++)
            if (o->p[i] == ' ' && ++w % 40 == (int)(seed % 40) && i + 1 < o->len && o->p[i + 1] >= 'a' && o->p[i + 1] <= 'z') o->p[i + 1] = 'q';
    }
    if (kind == 0) dy_buf_puts(o, " The ministry did not respond to a request for comment.");
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: copy-distance CORPUS.jsonl [N]\n"); return 2; }
    int max = argc > 2 ? atoi(argv[2]) : 2000;
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    char *line = NULL;
    size_t cap = 0;
    long copies[129] = { 0 }, diff[129] = { 0 }, nc = 0, nd = 0, kind[5][129] = { { 0 } };
    dy_sig *sigs = calloc((size_t)max, sizeof *sigs);
    int n = 0;
    dy_buf o;
    dy_buf_init(&o);
    while (n < max && getline(&line, &cap, f) > 0) {
        cJSON *j = cJSON_Parse(line);
        cJSON *t = j ? cJSON_GetObjectItem(j, "text") : NULL;
        if (!cJSON_IsString(t)) { cJSON_Delete(j); continue; }
        const char *s = t->valuestring;
        size_t l = strlen(s);
        dy_sig h = dy_simhash(s, l);
        for (int k = 0; k < 5; k++) {
            variant(s, l, k, (unsigned)n, &o);
            int dd = dy_sig_distance(h, dy_simhash(o.p, o.len));
            copies[dd]++;
            kind[k][dd]++;
            nc++;
        }
        sigs[n++] = h;
        cJSON_Delete(j);
    }
    free(line);
    fclose(f);
    dy_buf_free(&o);
    /* different stories: every pair */
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) { diff[dy_sig_distance(sigs[a], sigs[b])]++; nd++; }
    free(sigs);
    printf("%d documents, %ld copies, %ld pairs of different documents\n", n, nc, nd);
    printf("dist  copies  different  | threshold: copies found  different pairs merged\n");
    long cc = 0, cd = 0;
    for (int d = 0; d <= 48; d++) {
        cc += copies[d]; cd += diff[d];
        printf("%4d %7ld %10ld  |        <=%2d: %6.2f%%  %ld\n", d, copies[d], diff[d], d, 100.0 * cc / (nc ? nc : 1), cd);
    }
    static const char *const KN[] = { "dateline and a line added", "last sentence cut", "credit lines added",
                                       "every 40th word changed", "all four" };
    int th[3] = { 16, 20, 24 };
    for (int k = 0; k < 5; k++) {
        long a = 0, t[3] = { 0, 0, 0 };
        for (int d = 0; d <= 128; d++) { a += kind[k][d]; for (int q = 0; q < 3; q++) if (d <= th[q]) t[q] += kind[k][d]; }
        printf("%-28s found at <=16: %6.2f%%  <=20: %6.2f%%  <=24: %6.2f%%\n", KN[k], 100.0 * t[0] / (a ? a : 1),
               100.0 * t[1] / (a ? a : 1), 100.0 * t[2] / (a ? a : 1));
    }
    return 0;
}
