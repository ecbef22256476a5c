/* cli.h: what the subcommands of the dyad command line share.
 *
 * The CLI is a thin layer over libdyad: one file per subcommand (code.c,
 * dicts.c, eval.c, ...), each `int cmd_NAME(int argc, char **argv)` with
 * argv[0] the subcommand's name, registered in main.c's table.  Options that
 * several subcommands take (dictionaries, data directory, dates, threads)
 * are parsed here once so they mean the same everywhere. */
#ifndef DY_CLI_H
#define DY_CLI_H
#include <stdio.h>
#include "dyad.h"
#include "read/reader.h"

/* Exit codes (documented in `dyad --help`, the README and dyad(1)). */
enum { EXIT_OK = 0, EXIT_BADINPUT = 1, EXIT_USAGE = 2, EXIT_DICT = 3, EXIT_IO = 4, EXIT_NOMEM = 5 };
/* and 128 + N when signal N (SIGHUP 1, SIGINT 2, SIGTERM 15) stopped `dyad code`: 129, 130, 143 */
enum { EXIT_STORE = 6 };   /* the store cannot be opened, is corrupt or of a newer schema (cli/storeopts.c) */

/* Options shared by the commands that load an engine and read documents. */
typedef struct cli_common {
    dy_options o;
    dy_read_opts ro;
    const char **dicts;     /* --dict, NULL-terminated */
    int ndicts;
    const char **files;     /* positional arguments */
    int nfiles;
    int nthreads;           /* -j */
    int keep_going, stats, explain;
    char datebuf[11];
    int quiet, keep_duplicates, any_language, find_copies;   /* src/ingest: no progress line; code copies; code any language */
} cli_common;

/* Set defaults; room for argc dictionaries and files.  -1: out of memory. */
int cli_common_init(cli_common *c, int argc);
void cli_common_free(cli_common *c);
/* Consume argv[*i] (and its value) when it is a shared option: 1 taken,
 * 0 not a shared option, -1 bad value (message printed; exit EXIT_USAGE). */
int cli_common_opt(cli_common *c, int argc, char **argv, int *i);
/* The help lines for the shared options. */
extern const char CLI_COMMON_HELP[];
extern const char CLI_EXIT_HELP[];

/* 1 when argv holds -h or --help (print the subcommand's help and exit 0). */
int cli_wants_help(int argc, char **argv);
int cli_ends_with(const char *s, const char *suf);
double cli_now(void);
/* `dyad --version`: version and dictionary fingerprint (argv[0] = "--version"). */
int cli_version(int argc, char **argv);

int cmd_code(int argc, char **argv);
int cmd_dicts(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import_gdelt(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_serve(int argc, char **argv);
#endif
