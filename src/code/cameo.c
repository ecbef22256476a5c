/* cameo.c: see cameo.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "cameo.h"

int dy_cameo_load(dy_cameo *t, const char *path, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    dy_arena_init(&t->mem, 32 * 1024);
    if (dy_hmap_init(&t->index, 512)) { snprintf(err, errlen, "out of memory"); return -1; }
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    int rc = 0;
    while (getline(&line, &cap, f) >= 0) {
        ln++;
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r' || line[0] == 0) continue;
        char *cols[4] = {0};
        int nc = 0;
        char *p = line;
        while (nc < 4) {
            cols[nc++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        if (nc < 3) { snprintf(err, errlen, "%s:%u:1: expected CODE<TAB>GOLDSTEIN<TAB>PLOVER<TAB>NAME", path, ln); rc = -1; break; }
        size_t cl = strlen(cols[0]);
        int ok = cl >= 2 && cl <= 4;
        for (size_t i = 0; ok && i < cl; i++) ok = isdigit((unsigned char)cols[0][i]);
        char *endp;
        double g = strtod(cols[1], &endp);
        if (!ok || endp == cols[1] || !(g >= -10 && g <= 10)) {   /* also rejects NaN */
            snprintf(err, errlen, "%s:%u:1: bad code or Goldstein value", path, ln); rc = -1; break;
        }
        if (t->n == t->cap) {
            int ncap = t->cap ? t->cap * 2 : 512;
            dy_cameo_code *nc2 = realloc(t->c, (size_t)ncap * sizeof *nc2);
            if (!nc2) { snprintf(err, errlen, "out of memory"); rc = -1; break; }
            t->c = nc2; t->cap = ncap;
        }
        dy_cameo_code *c = &t->c[t->n];
        memset(c, 0, sizeof *c);
        memcpy(c->code, cols[0], cl);
        c->goldstein = (float)g;
        char *pl = cols[2];
        while (*pl == ' ') pl++;
        size_t pn = strcspn(pl, " \r\n");
        if (!(pn == 1 && pl[0] == '-') && pn < sizeof c->plover) memcpy(c->plover, pl, pn);
        const char *nm = cols[3] ? cols[3] : "";
        c->name = dy_arena_strndup(&t->mem, nm, strcspn(nm, "\r\n"));
        dy_hmap_put(&t->index, c->code, cl, t->n);
        t->n++;
    }
    free(line);
    fclose(f);
    return rc ? -1 : t->n;
}

void dy_cameo_free(dy_cameo *t)
{
    free(t->c);
    dy_hmap_free(&t->index);
    dy_arena_free(&t->mem);
    memset(t, 0, sizeof *t);
}

const dy_cameo_code *dy_cameo_get(const dy_cameo *t, const char *code)
{
    size_t n = strlen(code);
    while (n >= 2) {
        int32_t v = dy_hmap_get(&t->index, code, n);
        if (v >= 0) return &t->c[v];
        n--;
    }
    return NULL;
}

int dy_cameo_quad(const char *code)
{
    if (!isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1])) return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    if (r >= 1 && r <= 5) return 1;
    if (r >= 6 && r <= 9) return 2;
    if (r >= 10 && r <= 14) return 3;
    if (r >= 15 && r <= 20) return 4;
    return 0;
}
