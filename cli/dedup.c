/* dedup.c: `dyad dedup --db ...`: re-merge mentions into events, under the stored or a new rule. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad dedup --db PATH|URL [options]   re-merge mentions into events\n"
"\n"
"Events, not reports: mentions are one event when they have the same source and\n"
"target (order kept), compatible actions (--match), the same polarity (negated or\n"
"not), and dates within the window: an event starts at its earliest mention and takes\n"
"every mention up to WINDOW days later.  Each event counts num_mentions, num_sources\n"
"(distinct outlets), num_articles and a confidence (agreement of its mentions' codes x\n"
"1 - 0.5^num_sources).  The rule is stored with the store; ingest uses it.  No re-coding.\n"
"\n"
"Options:\n"
"  --match root|base|code   same CAMEO root (2 digits, default), base (3) or full code\n"
"  --window N             days after an event's first mention that still merge (default 1)\n"
"  --phoenix              Phoenix's one-a-day filter: --match code --window 0\n"
"  --incremental          merge only mentions not merged yet (after ingest --no-merge)\n"
"\n"
"Example: dyad dedup --db events.db --match base --window 2\n";

int cmd_dedup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs("\n", stdout); fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    const char *db = NULL;
    int match = -1, window = -1, incremental = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--match") && v) {
            i++;
            if (!strcmp(v, "root")) match = DY_MATCH_ROOT;
            else if (!strcmp(v, "base")) match = DY_MATCH_BASE;
            else if (!strcmp(v, "code")) match = DY_MATCH_CODE;
            else { fprintf(stderr, "dyad: --match must be root, base or code\n"); return EXIT_USAGE; }
        } else if (!strcmp(a, "--window") && v) {
            char *end;
            long w = strtol(v, &end, 10);
            i++;
            if (*end || w < 0 || w > 366) { fprintf(stderr, "dyad: --window needs a number of days from 0 to 366\n"); return EXIT_USAGE; }
            window = (int)w;
        } else if (!strcmp(a, "--phoenix")) { match = DY_MATCH_CODE; window = 0; }
        else if (!strcmp(a, "--incremental")) incremental = 1;
        else { fprintf(stderr, "dyad: unknown option or missing value \"%s\" for dedup (try dyad dedup --help)\n", a); return EXIT_USAGE; }
    }
    int code;
    dy_store *s = cli_store_open(db, 0, &code);
    if (!s) return code;
    char err[2048];
    dy_merge_rule r;
    dy_store_rule(s, &r, err, sizeof err);
    if (match >= 0) r.match = match;
    if (window >= 0) r.window = window;
    dy_dedup_result res;
    int rc = dy_store_dedup(s, &r, incremental, &res, err, sizeof err);
    dy_store_close(s);
    if (rc) { fprintf(stderr, "dyad: %s\n", err); return rc == DY_STORE_EUSAGE ? EXIT_USAGE : EXIT_IO; }
    fprintf(stderr, "dyad dedup: %lld mentions in %lld events (before: %lld); rule: match %s, window %d\n", res.mentions,
            res.events_after, res.events_before, r.match == DY_MATCH_CODE ? "code" : r.match == DY_MATCH_BASE ? "base" : "root", r.window);
    return EXIT_OK;
}
