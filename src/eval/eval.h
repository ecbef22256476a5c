/* eval.h: `dyad eval SUITE`, scoring dyad on test suites written by others
 * and on our own.  Each runner prints every failing case (id, text,
 * expected, got; with explain, the --explain trace too) and ends with the
 * line "recall=R precision=P f1=F" (plus suite-specific lines before it).
 * Returns 0 when the suite ran (whatever the score), -1 on an error that
 * stopped it (message on stderr naming file and line). */
#ifndef DY_EVAL_H
#define DY_EVAL_H
#include <stdio.h>

typedef struct dy_eval_opts {
    const char *suite;              /* the suite file */
    const char *project;            /* TABARI: the .project file (default: Validate.project beside the suite) */
    const char *const *dicts;       /* dictionaries to use instead of the suite's own (NULL-terminated or NULL) */
    const char *datadir;            /* dyad's data directory (tagger model, CAMEO table) */
    int explain;                    /* print the --explain trace of failing cases */
    int quiet;                      /* only the summary lines */
    const char *only_case;          /* dyad cases: run only the case with this id (NULL: all) */
} dy_eval_opts;

/* TABARI validation suite (Validate.text, with its .project/.options/.verbs/.actors/.agents). */
int dy_eval_tabari(const dy_eval_opts *o, FILE *out);
/* PETRARCH unit-test XML (PETR.UnitTest.records.xml, v1 verbs; or .v2codes.xml, 2.0 verbs). */
int dy_eval_petrarch(const dy_eval_opts *o, FILE *out);
/* dyad's own hand-written cases (tests/cases/ *.txt). */
int dy_eval_dyad(const dy_eval_opts *o, FILE *out);
#endif
