/* export.c: `dyad export --format gdelt1|gdelt2|mentions|plover|csv`: a store's events as files. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad export --db PATH|URL --format FMT [filters] [-o FILE]   write events\n"
"\n"
"Formats:\n"
"  gdelt2     GDELT 2.0 event file: 61 tab-separated columns, no header\n"
"  mentions   GDELT 2.0 Mentions table: 16 columns, one line per mention\n"
"  gdelt1     GDELT 1.0 event file: 58 columns (57 with --no-url)\n"
"  plover     PLOVER JSON Lines (field names of the PLOVER specification)\n"
"  csv        one row per event with a header row\n"
"Options:\n"
"  -o FILE    write to FILE (default stdout)\n"
"  --no-url   GDELT 1.0 without SOURCEURL (the 57-column files before April 2013)\n"
"\n"
"Example: dyad export --db events.db --format gdelt2 --from 2024-07-01 -o 20240701.export.CSV\n";

int cmd_export(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs("\n", stdout); fputs(CLI_FILTER_HELP, stdout);
        fputs("\n", stdout); fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    dy_filter f;
    memset(&f, 0, sizeof f);
    const char *db = NULL, *fmt = NULL, *outp = NULL;
    int no_url = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_filter_opt(&f, argc, argv, &i);
        if (r == 0) r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--format") && v) { fmt = v; i++; }
        else if (!strcmp(a, "-o") && v) { outp = v; i++; }
        else if (!strcmp(a, "--no-url")) no_url = 1;
        else { fprintf(stderr, "dyad: unknown option or missing value \"%s\" for export (try dyad export --help)\n", a); return EXIT_USAGE; }
    }
    enum dy_export_fmt ef;
    if (!fmt) { fprintf(stderr, "dyad: export needs --format gdelt1|gdelt2|mentions|plover|csv\n"); return EXIT_USAGE; }
    if (!strcmp(fmt, "gdelt1")) ef = DY_EXPORT_GDELT1;
    else if (!strcmp(fmt, "gdelt2")) ef = DY_EXPORT_GDELT2;
    else if (!strcmp(fmt, "mentions")) ef = DY_EXPORT_MENTIONS;
    else if (!strcmp(fmt, "plover")) ef = DY_EXPORT_PLOVER;
    else if (!strcmp(fmt, "csv")) ef = DY_EXPORT_CSV;
    else { fprintf(stderr, "dyad: --format must be gdelt1, gdelt2, mentions, plover or csv\n"); return EXIT_USAGE; }
    int code;
    dy_store *s = cli_store_open(db, DY_STORE_READONLY, &code);
    if (!s) return code;
    FILE *o = stdout;
    if (outp && !(o = fopen(outp, "w"))) {
        fprintf(stderr, "dyad: %s: %s\n", outp, strerror(errno));
        dy_store_close(s);
        return EXIT_IO;
    }
    char err[2048];
    int rc = dy_store_export(s, &f, ef, no_url, o, err, sizeof err);
    dy_store_close(s);
    if (o != stdout && fclose(o) && !rc) { snprintf(err, sizeof err, "%s: %s", outp, strerror(errno)); rc = DY_STORE_EIO; }
    if (rc) { fprintf(stderr, "dyad: %s\n", err); return rc == DY_STORE_EUSAGE ? EXIT_USAGE : EXIT_IO; }
    return EXIT_OK;
}
