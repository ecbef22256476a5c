/* eval_tabari.c: `dyad eval Validate.text`: score the TABARI-compatible
 * coder (src/compat/tabari.c) on TABARI's own validation suite.
 *
 * A record is "DATE ID" on a line, the text, then a comment block
 * "/" "* ... *" "/" holding the expectations: { SRC / TGT / CODE } events,
 * {---} no event, {+++} too complex, {###} discard, { OPTION: cmd } setting
 * changes; "-{...}" is disabled.  The suite ends at the record saying "end of
 * the standard validation records".  Records that expect events count as
 * matched when the coded set equals the expected set exactly; no-event
 * records ({---} {+++} {###}) are correct when nothing is coded. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat/tabari.h"
#include "compat/dictload.h"
#include "core/files.h"
#include "eval/eval.h"
#include "eval/eval_common.h"

enum { MAXEV = 64 };

typedef struct rec {
    char id[64]; int32_t date;
    char *text; size_t tlen, tcap;
    dy_tabari_event exp[MAXEV]; int nexp;
    int noevent;         /* expects no event */
    char opts[8][256]; int nopt;
    int last;            /* end-of-suite marker */
} rec;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n-1])) s[--n] = 0;
    size_t i = 0; while (isspace((unsigned char)s[i])) i++;
    memmove(s, s + i, strlen(s + i) + 1);
}

/* parse "{...}" expectations in one comment line */
static void parse_expect(rec *r, const char *line)
{
    for (const char *p = strchr(line, '{'); p; p = strchr(p + 1, '{')) {
        const char *q = strchr(p, '}');
        char body[256]; size_t n = q ? (size_t)(q - p - 1) : strlen(p + 1);
        if (n >= sizeof body) n = sizeof body - 1;
        memcpy(body, p + 1, n); body[n] = 0;
        if (p > line && p[-1] == '-') continue;      /* disabled */
        trim(body);
        if (strncmp(body, "OPTION:", 7) == 0) {
            if (r->nopt < 8) { snprintf(r->opts[r->nopt], sizeof r->opts[0], "%s", body + 7); trim(r->opts[r->nopt]); r->nopt++; }
            continue;
        }
        if (!strcmp(body, "---") || !strcmp(body, "+++") || !strcmp(body, "###")) { r->noevent = 1; continue; }
        char a[48], b[48], c[16];
        if (sscanf(body, " %47[^/ ] / %47[^/ ] / %15[^ }]", a, b, c) == 3 && r->nexp < MAXEV) {
            dy_tabari_event *e = &r->exp[r->nexp++];
            snprintf(e->src, sizeof e->src, "%s", a); snprintf(e->tgt, sizeof e->tgt, "%s", b); snprintf(e->code, sizeof e->code, "%s", c);
        }
    }
}

static int is_header(const char *ln, char *id, size_t idcap, int32_t *date)
{
    const char *p = ln;
    while (*p == ' ' || *p == '\t') p++;
    const char *d = p;
    while (isdigit((unsigned char)*p)) p++;
    size_t nd = (size_t)(p - d);
    if (nd < 6 || nd > 9 || !isspace((unsigned char)*p)) return 0;
    *date = dy_tabari_date(d, nd);
    for (;;) {   /* skip repeated dates ("950101  950101  AGENTS-11") */
        while (*p == ' ' || *p == '\t') p++;
        const char *q = p; while (isdigit((unsigned char)*q)) q++;
        if (q > p && (isspace((unsigned char)*q) || !*q)) { p = q; continue; }
        break;
    }
    if (!*p || *p == '\n') return 0;
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n]) && n + 1 < idcap) { id[n] = p[n]; n++; }
    id[n] = 0;
    return n > 0;
}

static int text_add(rec *r, const char *s, size_t n)
{
    if (r->tlen + n + 2 > r->tcap) {
        size_t nc = (r->tlen + n + 2) * 2;
        char *q = realloc(r->text, nc);
        if (!q) return -1;
        r->text = q; r->tcap = nc;
    }
    memcpy(r->text + r->tlen, s, n); r->tlen += n;
    r->text[r->tlen++] = ' '; r->text[r->tlen] = 0;
    return 0;
}

static int ev_cmp(const void *a, const void *b)
{
    const dy_tabari_event *x = a, *y = b;
    int c = strcmp(x->src, y->src); if (c) return c;
    c = strcmp(x->tgt, y->tgt); if (c) return c;
    return strcmp(x->code, y->code);
}

static void print_events(FILE *out, dy_tabari_event *e, int n)
{
    if (!n) { fputs("(none)", out); return; }
    for (int i = 0; i < n; i++) fprintf(out, "%s%s/%s/%s", i ? ";" : "", e[i].src, e[i].tgt, e[i].code);
}

int dy_eval_tabari(const dy_eval_opts *o, FILE *out)
{
    char project[1200], err[512];
    /* the suite first: a missing suite is named, not its missing project beside it */
    if (eval_suite_readable(o->suite) < 0) return -1;
    if (o->project) snprintf(project, sizeof project, "%s", o->project);
    else {
        snprintf(project, sizeof project, "%s", o->suite);
        char *sl = strrchr(project, '/');
        snprintf(sl ? sl + 1 : project, sizeof project - (size_t)(sl ? sl + 1 - project : 0), "Validate.project");
    }
    dy_tabari *t = dy_tabari_new();
    if (!t) { fprintf(stderr, "dyad eval: out of memory\n"); return -1; }
    if (dy_tabari_load_project(t, project, NULL, 0, err, sizeof err) < 0) {
        fprintf(stderr, "dyad eval: %s%s%s\n", err, o->project ? "" : " (the TABARI project beside the suite; give another with --project FILE) for ",
                o->project ? "" : o->suite);
        dy_tabari_free(t); return -1;
    }
    if (o->dicts) for (const char *const *d = o->dicts; *d; d++) {
        /* the TABARI coder reads TABARI dictionaries only: each file's format from its content */
        char *buf;
        size_t len;
        int fmt = 0, r = -1;
        if (dy_read_file(*d, 1, dy_read_timeout_ms(), 0, &buf, &len, err, sizeof err) < 0) buf = NULL;
        else fmt = dy_dict_sniff(*d, buf, len, err, sizeof err);
        if (fmt == DY_DF_TABARI_VERBS) r = dy_tabari_load_verbs_buf(t, *d, buf, len, err, sizeof err);
        else if (fmt == DY_DF_TABARI_ACTORS || fmt == DY_DF_TABARI_AGENTS || fmt == DY_DF_PETR_ACTORS)
            r = dy_tabari_load_actor_buf(t, *d, buf, len, fmt == DY_DF_TABARI_AGENTS, err, sizeof err);
        else if (fmt) snprintf(err, sizeof err, "%s: %s: the TABARI coder reads TABARI .verbs, .actors and .agents files only", *d, dy_dictfmt_name(fmt));
        free(buf);
        if (r < 0) { fprintf(stderr, "dyad eval: %s\n", err); dy_tabari_free(t); return -1; }
    }
    FILE *f = fopen(o->suite, "r");
    if (!f) { fprintf(stderr, "dyad eval: %s: cannot open\n", o->suite); dy_tabari_free(t); return -1; }

    rec *r = calloc(1, sizeof *r);
    if (!r) { fclose(f); dy_tabari_free(t); return -1; }
    char line[4096]; int lineno = 0, state = 0;   /* 0 outside, 1 text, 2 comment */
    int ev_total = 0, ev_ok = 0, ne_total = 0, ne_ok = 0;
    long tp = 0, fp = 0, fn = 0;
    int have = 0, rc = 0;
    dy_tabari_event got[MAXEV];
    for (;;) {
        char *ln = fgets(line, sizeof line, f);
        if (ln) lineno++;
        char id[64]; int32_t date = 0;
        int header = ln && state != 2 && is_header(ln, id, sizeof id, &date);
        if (!ln || header) {
            if (have) {
                /* finish the record */
                for (int i = 0; i < r->nopt; i++)
                    if (dy_tabari_option(t, r->opts[i], err, sizeof err) < 0 && !o->quiet)
                        fprintf(out, "%s: %s (ignored)\n", r->id, err);
                if (r->text && strstr(r->text, "is the end of the standard validation records")) break;
                if (r->nexp || (r->noevent && !r->nopt)) {
                    int n = 0;
                    int k = dy_tabari_code(t, r->text ? r->text : "", r->date, got, MAXEV, &n);
                    if (k < 0) { fprintf(stderr, "dyad eval: out of memory\n"); rc = -1; break; }
                    qsort(got, (size_t)n, sizeof *got, ev_cmp);
                    qsort(r->exp, (size_t)r->nexp, sizeof *r->exp, ev_cmp);
                    int ok;
                    if (r->nexp) {
                        ev_total++;
                        ok = n == r->nexp;
                        for (int i = 0; ok && i < n; i++) if (ev_cmp(&got[i], &r->exp[i])) ok = 0;
                        ev_ok += ok;
                        for (int i = 0; i < r->nexp; i++) {
                            int hit = 0;
                            for (int j = 0; j < n; j++) if (!ev_cmp(&got[j], &r->exp[i])) hit = 1;
                            if (hit) tp++; else fn++;
                        }
                        for (int j = 0; j < n; j++) {
                            int hit = 0;
                            for (int i = 0; i < r->nexp; i++) if (!ev_cmp(&got[j], &r->exp[i])) hit = 1;
                            if (!hit) fp++;
                        }
                    } else {
                        ne_total++;
                        ok = n == 0;
                        ne_ok += ok;
                        fp += n;
                    }
                    if (!ok && !o->quiet) {
                        fprintf(out, "FAIL %s: %s\n  expected: ", r->id, r->text ? r->text : "");
                        if (r->nexp) print_events(out, r->exp, r->nexp); else fputs("(none)", out);
                        fputs("\n  got:      ", out);
                        print_events(out, got, n);
                        fprintf(out, "%s\n", k == DY_TB_COMPLEX ? " (complex)" : k == DY_TB_DISCARD ? " (discard)" : "");
                    }
                }
            }
            if (!ln) break;
            free(r->text); memset(r, 0, sizeof *r);
            snprintf(r->id, sizeof r->id, "%s", id); r->date = date;
            have = 1; state = 1;
            continue;
        }
        if (!have) continue;
        if (state == 1) {
            char *c = strstr(ln, "/*");
            char *nl = ln; while (*nl == ' ' || *nl == '\t') nl++;
            if (!c && (nl[0] == '[' || (nl[0] == '\\' && nl[1] == 'n'))) c = nl;   /* comment without its opening */
            if (c) {
                if (text_add(r, ln, (size_t)(c - ln)) < 0) { rc = -1; break; }
                state = 2;
                parse_expect(r, c);
                if (strstr(c, "*/")) state = 0;
                continue;
            }
            size_t n = strlen(ln);
            while (n && (ln[n-1] == '\n' || ln[n-1] == '\r')) n--;
            if (text_add(r, ln, n) < 0) { rc = -1; break; }
        } else if (state == 2) {
            parse_expect(r, ln);
            if (strstr(ln, "*/")) state = 0;
        }
    }
    fclose(f);
    free(r->text); free(r);
    dy_tabari_free(t);
    if (rc < 0) return -1;
    if (!ev_total && !ne_total) {
        fprintf(stderr, "dyad eval: %s: no validation records to score (a record starts with a \"DATE ID\" line)\n", o->suite);
        return -1;
    }
    double rec_ = tp + fn ? (double)tp / (double)(tp + fn) : 0, prec = tp + fp ? (double)tp / (double)(tp + fp) : 0;
    double f1 = rec_ + prec > 0 ? 2 * rec_ * prec / (rec_ + prec) : 0;
    fprintf(out, "events-expected records matched exactly: %d/%d (%.3f)\n", ev_ok, ev_total, ev_total ? (double)ev_ok / ev_total : 0);
    fprintf(out, "no-event records correct: %d/%d (%.3f)\n", ne_ok, ne_total, ne_total ? (double)ne_ok / ne_total : 0);
    fprintf(out, "recall=%.3f precision=%.3f f1=%.3f\n", rec_, prec, f1);
    return 0;
}
