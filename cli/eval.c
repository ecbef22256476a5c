/* eval.c: `dyad eval SUITE`: score a test suite (TABARI Validate.text,
 * PETRARCH unit-test XML, dyad's own cases). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "eval/eval.h"

static const char HELP[] =
"usage: dyad eval SUITE [options]   score a test suite: TABARI Validate.text (*.text),\n"
"                                   PETRARCH unit-test XML (*.xml), dyad's own cases\n"
"                                   (a tests/cases file or directory)\n"
"\n"
"Options:\n"
"  --project FILE   TABARI .project file (default: the suite's Validate.project)\n"
"  --dict FILE|DIR  extra dictionary (repeatable)\n"
"  --data DIR       dyad's data directory\n"
"  --explain        trace failing cases\n"
"  --quiet          print the summary only\n"
"  --case ID        dyad cases: run only the case with this id\n"
"\n"
"Exit status: 0 scored; 2 usage error; 3 the suite or its dictionaries could not be loaded.\n";

int cmd_eval(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { fputs(HELP, stdout); return EXIT_OK; }
    dy_eval_opts o;
    memset(&o, 0, sizeof o);
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    int nd = 0;
    if (!dicts) return EXIT_IO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--explain")) o.explain = 1;
        else if (!strcmp(a, "--quiet")) o.quiet = 1;
        else if (!strcmp(a, "--case")) {
            if (!v) { fprintf(stderr, "dyad: option --case needs a case id\n"); free(dicts); return EXIT_USAGE; }
            o.only_case = argv[++i];
        } else if (!strcmp(a, "--project") || !strcmp(a, "--dict") || !strcmp(a, "--data")) {
            if (!v) { fprintf(stderr, "dyad: option %s needs a value\n", a); free(dicts); return EXIT_USAGE; }
            i++;
            if (!strcmp(a, "--project")) o.project = v;
            else if (!strcmp(a, "--data")) o.datadir = v;
            else dicts[nd++] = v;
        } else if (a[0] == '-') { fprintf(stderr, "dyad: unknown option \"%s\" for eval\n", a); free(dicts); return EXIT_USAGE; }
        else if (!o.suite) o.suite = a;
        else { fprintf(stderr, "dyad: eval takes one SUITE\n"); free(dicts); return EXIT_USAGE; }
    }
    if (!o.suite) { fprintf(stderr, "dyad: eval needs a SUITE (try dyad eval --help)\n"); free(dicts); return EXIT_USAGE; }
    o.dicts = nd ? dicts : NULL;
    int rc;
    if (cli_ends_with(o.suite, ".text")) rc = dy_eval_tabari(&o, stdout);
    else if (cli_ends_with(o.suite, ".xml")) rc = dy_eval_petrarch(&o, stdout);
    else rc = dy_eval_dyad(&o, stdout);
    free(dicts);
    return rc ? EXIT_DICT : EXIT_OK;
}
