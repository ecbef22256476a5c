/* import_gdelt.c: `dyad import-gdelt FILE... --db ...`: GDELT event files into a store. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad import-gdelt FILE... --db PATH|URL   load GDELT event files into a store\n"
"\n"
"Reads GDELT 1.0 (57 or 58 columns) and GDELT 2.0 (61 columns) event files, plain or\n"
".zip, as events of origin \"gdelt\" (their GLOBALEVENTID and NumMentions, NumSources,\n"
"NumArticles kept), so dyad query/series/export count GDELT's data and dyad's with the\n"
"same commands (--origin gdelt|dyad).  Each file is one transaction: a malformed line\n"
"is reported as FILE:LINE and nothing of that file is stored; the other files go on.\n"
"An event already imported (same GLOBALEVENTID) is replaced.\n"
"\n"
"Example: dyad import-gdelt 20240708.export.CSV.zip --db gdelt.db\n";

int cmd_import_gdelt(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs("\n", stdout); fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    const char *db = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, quiet = 0;
    if (!files) return EXIT_IO;
    for (int i = 1; i < argc; i++) {
        int r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) { free(files); return EXIT_USAGE; }
        if (r > 0) continue;
        if (!strcmp(argv[i], "--quiet")) quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "dyad: unknown option \"%s\" for import-gdelt (try dyad import-gdelt --help)\n", argv[i]);
            free(files);
            return EXIT_USAGE;
        } else files[nfiles++] = argv[i];
    }
    if (!nfiles) { fprintf(stderr, "dyad: import-gdelt needs at least one FILE\n"); free(files); return EXIT_USAGE; }
    int code;
    dy_store *s = cli_store_open(db, DY_STORE_CREATE, &code);
    if (!s) { free(files); return code; }
    int status = EXIT_OK;
    for (int i = 0; i < nfiles; i++) {
        char err[2048];
        dy_import_result r;
        int rc = dy_store_import_gdelt(s, files[i], &r, err, sizeof err);
        if (rc) {
            fprintf(stderr, "dyad: %s (nothing of %s was stored)\n", err, files[i]);
            int st = rc == DY_STORE_EINPUT ? EXIT_BADINPUT : EXIT_IO;
            if (st > status) status = st;
        } else if (!quiet) fprintf(stderr, "dyad import-gdelt: %s: %lld events\n", files[i], r.events);
    }
    dy_store_close(s);
    free(files);
    return status;
}
