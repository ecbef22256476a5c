/* eval_dyad.c: dyad's own suite of hand-written cases, one per construction
 * we support (tests/cases/ *.txt).  A case is a block of lines:
 *
 *   case passive-by-agent            # an id
 *   date 2024-05-16                  # optional document date
 *   text Putin was received by Chinese officials.
 *   expect CHNGOV RUSGOV 043         # SOURCE TARGET CODE [MODE]; one line per event
 *   expect none                      # or: no event may be coded
 *
 * Blocks are separated by blank lines; '#' starts a comment.  Expected
 * events must all be produced (exactly these codes; MODE checked when
 * given); any other event counts against precision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "eval.h"
#include "dyad.h"
#include "core/files.h"
#include "eval_common.h"

typedef struct xev { char src[24], tgt[24], code[6], mode[16]; } xev;
typedef struct ecase { char id[64], date[11]; char *text; xev exp[16]; int nexp, none; unsigned line; const char *file; } ecase;

typedef struct tally { int exp, got, hit, cases, passed; } tally;

static void run_case(dy_worker *w, const ecase *c, const dy_eval_opts *o, FILE *out, tally *t)
{
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = c->id;
    d.text = c->text;
    d.len = strlen(c->text);
    memcpy(d.date, c->date, 11);
    d.input = c->file;
    const dy_event_view *ev = NULL;
    int n = dy_code_events(w, &d, &ev);
    if (n < 0) n = 0;
    int used[256] = {0};
    int hits = 0;
    for (int i = 0; i < c->nexp; i++) {
        for (int k = 0; k < n && k < 256; k++) {
            if (used[k]) continue;
            const dy_event_view *v = &ev[k];
            if (v->src_code && v->tgt_code && !strcmp(v->src_code, c->exp[i].src) && !strcmp(v->tgt_code, c->exp[i].tgt) &&
                !strcmp(v->cameo, c->exp[i].code) && (!c->exp[i].mode[0] || !strcmp(v->mode, c->exp[i].mode))) {
                used[k] = 1; hits++; break;
            }
        }
    }
    t->exp += c->nexp; t->got += n; t->hit += hits; t->cases++;
    int ok = hits == c->nexp && n == hits;
    if (ok) { t->passed++; return; }
    if (o->quiet) return;
    fprintf(out, "FAIL %s (%s:%u)\n  text: %s\n  expected:", c->id, c->file, c->line, c->text);
    if (c->none) fprintf(out, " none");
    for (int i = 0; i < c->nexp; i++)
        fprintf(out, " %s>%s:%s%s%s%s", c->exp[i].src, c->exp[i].tgt, c->exp[i].code, c->exp[i].mode[0] ? "(" : "",
                c->exp[i].mode, c->exp[i].mode[0] ? ")" : "");
    fprintf(out, "\n  got:");
    if (n == 0) fprintf(out, " none");
    for (int k = 0; k < n; k++)
        fprintf(out, " %s>%s:%s(%s)", ev[k].src_code ? ev[k].src_code : "-", ev[k].tgt_code ? ev[k].tgt_code : "-", ev[k].cameo, ev[k].mode);
    fprintf(out, "\n");
    if (o->explain) {
        dy_buf b;
        dy_buf_init(&b);
        dy_stats st;
        memset(&st, 0, sizeof st);
        dy_code_doc(w, &d, DY_OUT_JSONL, 1, 0, &b, &st);
        if (b.p) fputs(b.p, out);
        dy_buf_free(&b);
    }
}

static int run_file(dy_worker *w, const char *path, const dy_eval_opts *o, FILE *out, tally *t)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "dyad eval: %s: cannot open: %s\n", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    unsigned ln = 0;
    ecase c;
    memset(&c, 0, sizeof c);
    int have = 0, rc = 0;
    for (;;) {
        ssize_t len = getline(&line, &cap, f);
        if (len >= 0) ln++;
        char *p = len >= 0 ? line : NULL;
        if (p) {
            const char *q = p;
            while (*q == ' ' || *q == '\t') q++;
            if (*q == '#') continue;            /* a comment line is not a block separator */
            char *h = strchr(p, '#');
            if (h && !(h > p && strncmp(p, "text ", 5) == 0)) *h = 0;
            size_t l = strlen(p);
            while (l && isspace((unsigned char)p[l - 1])) p[--l] = 0;
            while (*p && isspace((unsigned char)*p)) p++;
        }
        if (!p || !*p) {
            if (have) {
                if (!c.text) { fprintf(stderr, "dyad eval: %s:%u: case \"%s\" has no text line\n", path, c.line, c.id); rc = -1; break; }
                if (!c.nexp && !c.none) { fprintf(stderr, "dyad eval: %s:%u: case \"%s\" has no expect line\n", path, c.line, c.id); rc = -1; break; }
                if (!o->only_case || !strcmp(o->only_case, c.id)) run_case(w, &c, o, out, t);
                free(c.text);
                memset(&c, 0, sizeof c);
                have = 0;
            }
            if (!p) break;
            continue;
        }
        if (!have) { c.line = ln; c.file = path; have = 1; }
        if (!strncmp(p, "case ", 5)) snprintf(c.id, sizeof c.id, "%s", p + 5);
        else if (!strncmp(p, "date ", 5)) snprintf(c.date, sizeof c.date, "%s", p + 5);
        else if (!strncmp(p, "text ", 5)) { free(c.text); c.text = strdup(p + 5); }
        else if (!strcmp(p, "expect none")) c.none = 1;
        else if (!strncmp(p, "expect ", 7)) {
            if (c.nexp >= 16) { fprintf(stderr, "dyad eval: %s:%u: more than 16 expected events\n", path, ln); rc = -1; break; }
            xev *x = &c.exp[c.nexp];
            memset(x, 0, sizeof *x);
            int k = sscanf(p + 7, "%23s %23s %5s %15s", x->src, x->tgt, x->code, x->mode);
            if (k < 3) { fprintf(stderr, "dyad eval: %s:%u:8: expected \"expect SOURCE TARGET CODE [MODE]\"\n", path, ln); rc = -1; break; }
            c.nexp++;
        } else {
            fprintf(stderr, "dyad eval: %s:%u:1: unknown line (case, date, text, expect)\n", path, ln);
            rc = -1; break;
        }
    }
    free(c.text);
    free(line);
    fclose(f);
    return rc;
}

int dy_eval_dyad(const dy_eval_opts *o, FILE *out)
{
    if (eval_suite_readable(o->suite) < 0) return -1;
    dy_options eo;
    memset(&eo, 0, sizeof eo);
    eo.datadir = o->datadir;
    eo.dicts = o->dicts;
    eo.modes = DY_MODES_ALL;    /* the suite checks every mode, hypothetical too */
    char err[1024];
    dy_engine *e = dy_engine_new(&eo, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad eval: %s\n", err); return -1; }
    dy_worker *w = dy_worker_new(e);
    tally t = { 0, 0, 0, 0, 0 };
    int rc = 0;
    struct stat st;
    if (stat(o->suite, &st) == 0 && S_ISDIR(st.st_mode)) {
        char **list;
        char lerr[512];
        int n = dy_list_txt(o->suite, NULL, &list, lerr, sizeof lerr);
        if (n < 0) { fprintf(stderr, "dyad eval: %s\n", lerr); rc = -1; n = 0; }
        for (int i = 0; i < n && !rc; i++) rc = run_file(w, list[i], o, out, &t);
        if (n > 0) dy_list_free(list, n);
    } else rc = run_file(w, o->suite, o, out, &t);
    dy_worker_free(w);
    dy_engine_free(e);
    if (rc) return -1;
    if (!t.cases) {
        fprintf(stderr, "dyad eval: %s: no cases to score (a case starts with a \"case ID\" line)\n", o->suite);
        return -1;
    }
    double r = t.exp ? (double)t.hit / t.exp : 1, p = t.got ? (double)t.hit / t.got : 1;
    double f = r + p > 0 ? 2 * r * p / (r + p) : 0;
    fprintf(out, "cases: %d passed of %d\n", t.passed, t.cases);
    fprintf(out, "recall=%.3f precision=%.3f f1=%.3f\n", r, p, f);
    return 0;
}
