/* storeopts.c: what the store's subcommands share (ingest, query, series,
 * export, import-gdelt, dedup): --db, the event filters, exit codes.  Not a
 * subcommand; the filters mean the same in every command that takes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "storeopts.h"

const char CLI_DB_HELP[] =
"  --db PATH|URL          the store: an SQLite file (created when absent by ingest and\n"
"                         import-gdelt) or postgresql://user[:password]@host[:port]/db\n"
"                         (default: $DYAD_DB)\n";

const char CLI_FILTER_HELP[] =
"Filters (all optional, combined with AND):\n"
"  --from YYYY-MM-DD --to YYYY-MM-DD   date range (inclusive)\n"
"  --actor CODE           either side (a prefix: RUS matches RUS, RUSGOV)\n"
"  --country XXX          either side's country (the code's country part)\n"
"  --source CODE --target CODE         one side\n"
"  --dyad SRC-TGT         source and target (either may be *), order kept\n"
"  --cameo CODE           CAMEO code prefix (04 = every consultation)\n"
"  --root NN --quad 1..4 --plover TYPE --mode MODE\n"
"  --place X              place country (ISO3) or place name\n"
"  --outlet NAME          reported by this outlet\n"
"  --origin dyad|gdelt    coded by dyad, or imported from GDELT\n"
"  --text QUERY           full-text search over the events' sentences\n"
"  --id N                 one event\n"
"  --doc ID               events mentioned in document ID (with --mentions: its own mentions)\n"
"  --limit N --offset N\n";

const char CLI_STORE_EXIT_HELP[] =
"Exit status: 0 ok; 1 bad input (a malformed record or GDELT line: file:line is named,\n"
"nothing of that file was written); 2 usage error; 3 dictionaries could not be loaded;\n"
"4 I/O or database error; 5 out of memory; 6 the store cannot be opened (not an SQLite file or not a\n"
"dyad store, a newer schema version, PostgreSQL connection refused: the URL is shown\n"
"without its password).\n";

int cli_filter_opt(dy_filter *f, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    static const char *const names[] = { "--from", "--to", "--actor", "--country", "--source", "--target", "--dyad",
        "--cameo", "--root", "--plover", "--mode", "--place", "--outlet", "--origin", "--text", "--doc", NULL };
    const char **dst[] = { &f->from, &f->to, &f->actor, &f->country, &f->source, &f->target, &f->dyad, &f->cameo,
        &f->root, &f->plover, &f->mode, &f->place, &f->outlet, &f->origin, &f->text, &f->doc };
    for (int k = 0; names[k]; k++)
        if (!strcmp(a, names[k])) {
            if (*i + 1 >= argc) { fprintf(stderr, "dyad: option %s needs a value\n", a); return -1; }
            *dst[k] = argv[++*i];
            return 1;
        }
    if (!strcmp(a, "--quad") || !strcmp(a, "--id") || !strcmp(a, "--limit") || !strcmp(a, "--offset")) {
        if (*i + 1 >= argc) { fprintf(stderr, "dyad: option %s needs a value\n", a); return -1; }
        char *end;
        long long v = strtoll(argv[++*i], &end, 10);
        if (*end || v < 0) { fprintf(stderr, "dyad: %s needs a number, not \"%s\"\n", a, argv[*i]); return -1; }
        if (!strcmp(a, "--quad")) f->quad = (int)v;
        else if (!strcmp(a, "--id")) f->id = v;
        else if (!strcmp(a, "--limit")) f->limit = (long)v;
        else f->offset = (long)v;
        return 1;
    }
    return 0;
}

int cli_db_opt(const char **db, int argc, char **argv, int *i)
{
    if (strcmp(argv[*i], "--db")) return 0;
    if (*i + 1 >= argc) { fprintf(stderr, "dyad: option --db needs a value\n"); return -1; }
    *db = argv[++*i];
    return 1;
}

dy_store *cli_store_open(const char *db, int flags, int *exit_code)
{
    if (!db) db = getenv("DYAD_DB");
    if (!db || !*db) {
        fprintf(stderr, "dyad: no store: give --db FILE or --db postgresql://... (or set DYAD_DB)\n");
        *exit_code = EXIT_USAGE;
        return NULL;
    }
    char err[2048];
    int st;
    dy_store *s = dy_store_open(db, flags, &st, err, sizeof err);
    if (!s) {
        fprintf(stderr, "dyad: %s\n", err);
        *exit_code = st == DY_STORE_EUSAGE ? EXIT_USAGE : st == DY_STORE_EIO ? EXIT_IO : EXIT_STORE;
    }
    return s;
}
