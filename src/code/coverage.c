/* coverage.c: `dyad dicts --coverage`, how much of CAMEO the loaded patterns
 * and our test cases reach.  For every event code of the CAMEO table (the
 * 2-digit roots are headings, not codes, and are left out) it counts the verb
 * patterns and the event-noun patterns whose code (or paired code) is that
 * code, and the cases in the cases directory (tests/cases, format in
 * src/eval/eval_dyad.c) with an `expect` line for it.  Codes that lack a
 * pattern or a case are printed first: they are the work left.  A case
 * counts only its `expect` lines, not whether it passes (`dyad eval` says
 * that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include "code.h"
#include "core/buf.h"
#include "core/files.h"

typedef struct cov { int verb, noun, cases; } cov;

static int code_index(const dy_cameo *t, const char *code)
{
    for (int i = 0; i < t->n; i++) if (!strcmp(t->c[i].code, code)) return i;
    return -1;
}

/* Count the expect lines of one cases file; -1 with a message on a read error. */
static int count_cases(const dy_cameo *t, const char *path, cov *cv, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    /* one case counts once per code, however many expect lines it has for it */
    int *seen = calloc((size_t)t->n + 1, sizeof *seen), ncase = 0;
    if (!seen) { fclose(f); snprintf(err, errlen, "out of memory"); return -1; }
    while (getline(&line, &cap, f) >= 0) {
        if (!strncmp(line, "case", 4) && isspace((unsigned char)line[4])) { ncase++; continue; }
        if (strncmp(line, "expect", 6) || !isspace((unsigned char)line[6])) continue;
        char src[64], tgt[64], code[16];
        if (sscanf(line + 6, "%63s %63s %15s", src, tgt, code) != 3) continue;   /* "expect none" */
        int i = code_index(t, code);
        if (i < 0 || seen[i] == ncase) continue;
        seen[i] = ncase;
        cv[i].cases++;
    }
    free(seen);
    free(line);
    fclose(f);
    return 0;
}

static int cmp_idx_missing(const void *a, const void *b, const cov *cv)
{
    int x = *(const int *)a, y = *(const int *)b;
    int mx = (cv[x].verb + cv[x].noun == 0) * 2 + (cv[x].cases == 0);
    int my = (cv[y].verb + cv[y].noun == 0) * 2 + (cv[y].cases == 0);
    if (mx != my) return my - mx;
    return x - y;
}

int dy_coverage(const dy_verbdict *v, const dy_cameo *t, const char *cases, dy_buf *out, char *err, size_t errlen)
{
    cov *cv = calloc((size_t)t->n + 1, sizeof *cv);
    int *order = calloc((size_t)t->n + 1, sizeof *order);
    if (!cv || !order) { free(cv); free(order); snprintf(err, errlen, "out of memory"); return -1; }
    for (int i = 0; i < v->np; i++) {
        const dy_pattern *p = &v->p[i];
        if (p->foreign) continue;
        const char *codes[2] = { p->code, p->code2 };
        for (int k = 0; k < 2; k++) {
            if (!codes[k][0] || (k == 1 && !strcmp(codes[1], codes[0]))) continue;
            int j = code_index(t, codes[k]);
            if (j < 0) continue;
            if (p->nominal) cv[j].noun++; else cv[j].verb++;
        }
    }
    int rc = 0;
    if (cases) {
        struct stat st;
        if (stat(cases, &st) != 0) { snprintf(err, errlen, "%s: cannot open: %s", cases, strerror(errno)); rc = -1; }
        else if (S_ISDIR(st.st_mode)) {
            char **list;
            int n = dy_list_txt(cases, NULL, &list, err, errlen);
            if (n < 0) rc = -1;
            for (int i = 0; i < n && !rc; i++) rc = count_cases(t, list[i], cv, err, errlen);
            if (n >= 0) dy_list_free(list, n);
        } else rc = count_cases(t, cases, cv, err, errlen);
    }
    if (rc) { free(cv); free(order); return -1; }
    int n = 0, nopat = 0, nocase = 0, neither = 0;
    for (int i = 0; i < t->n; i++) {
        if (strlen(t->c[i].code) < 3) continue;     /* a root: a heading */
        order[n++] = i;
        int np = cv[i].verb + cv[i].noun == 0, nc = cv[i].cases == 0;
        nopat += np; nocase += nc; neither += np && nc;
    }
    /* insertion sort: few hundred codes, and qsort has no context argument */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp_idx_missing(&order[j - 1], &order[j], cv) > 0; j--) {
            int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x;
        }
    dy_buf_printf(out, "# CAMEO coverage: %d codes; %d without a pattern, %d without a case%s%s, %d with neither\n",
                  n, nopat, nocase, cases ? " in " : "", cases ? cases : " (no cases directory)", neither);
    dy_buf_printf(out, "%-5s %5s %5s %5s  %s\n", "code", "verb", "noun", "cases", "name");
    for (int k = 0; k < n; k++) {
        int i = order[k];
        dy_buf_printf(out, "%-5s %5d %5d %5d  %s%s\n", t->c[i].code, cv[i].verb, cv[i].noun, cv[i].cases,
                      t->c[i].name ? t->c[i].name : "",
                      cv[i].verb + cv[i].noun == 0 ? (cv[i].cases ? "  [no pattern]" : "  [no pattern, no case]")
                                                   : cv[i].cases == 0 ? "  [no case]" : "");
    }
    free(cv);
    free(order);
    return 0;
}
