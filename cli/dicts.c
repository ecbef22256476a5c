/* dicts.c: `dyad dicts`: load the dictionaries and print what they hold.
 *
 *   dyad dicts [options]   dyad's dictionaries (plus --dict ones): entry counts
 *   dyad dicts FILE...     TABARI or PETRARCH/Phoenix (or dyad) dictionary files */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "compat/tabari.h"
#include "compat/petrarch.h"
#include "actors/actordict.h"
#include "code/verbdict.h"
#include "tag/lemma.h"

static const char HELP[] =
"usage: dyad dicts [options]     load dyad's dictionaries (and --dict ones), print entry counts\n"
"       dyad dicts FILE...       load TABARI (.actors .agents .verbs .options .project),\n"
"                                PETRARCH/Phoenix or dyad dictionary files and print their\n"
"                                entry counts\n"
"\n"
"Options:\n";

/* `dyad dicts FILE...`: load TABARI or PETRARCH dictionary files and print their entry counts. */
static int dicts_files(int argc, char **argv)
{
    int status = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--data") || !strcmp(f, "--dict")) { i++; continue; }
        if (f[0] == '-') continue;
        char err[512] = "";
        if (cli_ends_with(f, ".actors") || cli_ends_with(f, ".agents") || cli_ends_with(f, ".verbs") ||
            cli_ends_with(f, ".options") || cli_ends_with(f, ".project")) {
            dy_tabari_counts c;
            memset(&c, 0, sizeof c);
            if (dy_tabari_count_file(f, &c, err, sizeof err) < 0) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_DICT; continue; }
            printf("%s: TABARI: actors %d, agents %d, nouns %d, adjectives %d, verbs %d, forms %d, patterns %d, synsets %d, members %d, times %d\n",
                   f, c.actors, c.agents, c.nouns, c.adjectives, c.verbs, c.forms, c.patterns, c.synsets, c.members, c.times);
            continue;
        }
        dy_actordict ad;
        dy_verbdict vd;
        dy_lexicon lex;
        dy_petr_counts pc;
        memset(&pc, 0, sizeof pc);
        if (dy_actordict_init(&ad) || dy_verbdict_init(&vd) || dy_lexicon_init(&lex)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
        int kind = dy_dict_sniff_dyad(f) ? 0 : dy_petr_detect(f);
        if (kind <= 0) {
            /* dyad's own format: actors or patterns */
            int n = dy_actordict_load(&ad, f, err, sizeof err);
            if (n < 0) { err[0] = 0; n = dy_verbdict_load(&vd, &lex, f, err, sizeof err); }
            if (n < 0) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_DICT; }
            else printf("%s: dyad: %d entries\n", f, n);
        } else if (dy_petr_load(f, kind, &ad, &vd, &lex, NULL, &pc, err, sizeof err) < 0) {
            fprintf(stderr, "dyad: %s\n", err);
            status = EXIT_DICT;
        } else {
            dy_buf b;
            dy_buf_init(&b);
            dy_petr_counts_format(f, &pc, &b);
            if (b.p) fputs(b.p, stdout);
            dy_buf_free(&b);
        }
        dy_actordict_free(&ad);
        dy_verbdict_free(&vd);
        dy_lexicon_free(&lex);
    }
    return status;
}

int cmd_dicts(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_COMMON_HELP, stdout); fputs("\n", stdout); fputs(CLI_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") || !strcmp(argv[i], "--dict")) { i++; continue; }
        if (argv[i][0] != '-') return dicts_files(argc, argv);
    }
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    for (int i = 1; i < argc; i++) {
        int r = cli_common_opt(&c, argc, argv, &i);
        if (r < 0) { cli_common_free(&c); return EXIT_USAGE; }
        if (r == 0) {
            fprintf(stderr, "dyad: unknown option \"%s\" for dicts (try dyad dicts --help)\n", argv[i]);
            cli_common_free(&c);
            return EXIT_USAGE;
        }
    }
    char err[1024];
    dy_engine *e = dy_engine_new(&c.o, err, sizeof err);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); cli_common_free(&c); return EXIT_DICT; }
    dy_buf b;
    dy_buf_init(&b);
    dy_engine_describe(e, &b);
    fwrite(b.p, 1, b.len, stdout);
    dy_buf_free(&b);
    dy_engine_free(e);
    cli_common_free(&c);
    return EXIT_OK;
}
