/* storeopts.h: options the store's subcommands share (see storeopts.c). */
#ifndef DY_CLI_STOREOPTS_H
#define DY_CLI_STOREOPTS_H
#include "store/store.h"
extern const char CLI_DB_HELP[], CLI_FILTER_HELP[], CLI_STORE_EXIT_HELP[];
/* 1 taken, 0 not a filter, -1 bad value (message printed) */
int cli_filter_opt(dy_filter *f, int argc, char **argv, int *i);
int cli_db_opt(const char **db, int argc, char **argv, int *i);
/* NULL with the message printed and *exit_code set */
dy_store *cli_store_open(const char *db, int flags, int *exit_code);
#endif
