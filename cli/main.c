/* main.c: the dyad command line, a thin layer over libdyad.
 *
 * One file per subcommand (cli/NAME.c defines cmd_NAME); this file only
 * dispatches.  To add a subcommand: write cli/NAME.c, declare cmd_NAME in
 * cli.h, add a line to COMMANDS and to the usage below (and to dyad.1). */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include "cli.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *what;
} COMMANDS[] = {
    { "code",  cmd_code,  "code documents, write one event per line (stdin when no FILE)" },
    { "dicts", cmd_dicts, "load the dictionaries, print their entry counts" },
    { "eval",  cmd_eval,  "score a test suite (TABARI, PETRARCH, dyad cases)" },
    { "ingest", cmd_ingest, "code documents into an event store (SQLite file or PostgreSQL)" },
    { "query", cmd_query, "events of a store by filters; top dyads/actors; full-text search" },
    { "series", cmd_series, "a dyad's events per day/week/month as CSV or an SVG chart" },
    { "export", cmd_export, "write a store's events as GDELT 1.0/2.0, Mentions, PLOVER or CSV" },
    { "import-gdelt", cmd_import_gdelt, "load GDELT 1.0/2.0 event files (plain or .zip) into a store" },
    { "dedup", cmd_dedup, "re-merge mentions into events under a (changed) merging rule" },
    { "serve", cmd_serve, "the HTTP API and dashboard page over an event store" },
};

static void usage(FILE *f)
{
    fputs("usage: dyad COMMAND [options]   (dyad COMMAND --help for its options)\n\n", f);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(f, "  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].what);
    fputs("\n  dyad --help | --version [--data DIR] [--dict FILE|DIR]... (version, dictionary fingerprint)\n\n", f);
    fputs(CLI_EXIT_HELP, f);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);   /* a closed stdout becomes a write error, reported, not a silent death */
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { usage(stdout); return EXIT_OK; }
    if (!strcmp(cmd, "--version")) return cli_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(cmd, COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "dyad: unknown command \"%s\" (try dyad --help)\n", cmd);
    return EXIT_USAGE;
}
