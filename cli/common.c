/* common.c: the options and helpers the subcommands share (see cli.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

const char CLI_COMMON_HELP[] =
"  --data DIR             dyad's data directory (default: $DYAD_DATA, the installed\n"
"                         share/dyad, or the checkout's data/)\n"
"  --dict FILE|DIR        extra dictionary (repeatable): dyad's format, TABARI\n"
"                         (.actors .agents .verbs) or PETRARCH/Phoenix files\n"
"  --dict-only            use only the --dict dictionaries\n"
"  --dict-unchecked       do not refuse TABARI/PETRARCH --dict files for codes CAMEO lacks or\n"
"                         of the wrong shape (their published dictionaries hold a few,\n"
"                         e.g. 1213, NGOEEURENV); such codes are then written as given\n"
"  --known-actors         code only actors the dictionaries know (by default a capitalised\n"
"                         name missing from them is an actor too, with code ---)\n"
"  --date YYYY-MM-DD      date for documents that carry none (and the year for datelines\n"
"                         without one)\n"
"  --input-format auto|text|jsonl|html|warc|rss\n"
"                         what the inputs are (default auto: sniffed from the content;\n"
"                         .gz .zst .bz2 are always decompressed, directories read recursively)\n"
"  --keep-duplicates      code near-duplicate copies of a story too (default: code the\n"
"                         story once and list its copies with its events)\n"
"  --find-copies          look for copies in JSON Lines and text input too (default:\n"
"                         only in HTML pages, WARC records and feed items)\n"
"  --any-language         code documents in any language (default: non-English skipped)\n"
"  --quiet                no progress line on a terminal\n"
"  -j N, --threads N      coding threads (default 1); output order = input order\n"
"  --keep-going           after a bad record or a document that ran out of memory, go on\n"
"                         with the rest (the exit status still says it: 1 or 5)\n"
"  --max-doc-bytes N      skip documents longer than N bytes (default 8388608, 8 MiB), with a\n"
"                         message naming them, and go on with the next (exit status 1);\n"
"                         memory per coding thread stays under ~16 bytes per byte of N\n"
"  --max-tokens N         tokens per sentence kept (default 400; the rest is cut)\n"
"  --max-events N         events per sentence (default 32)\n"
"  --one-sided            also code events with no target; their target is null\n"
"  --modes LIST           event modes coded: all, or a comma-separated list of asserted,\n"
"                         future, hypothetical, negated, reported (default:\n"
"                         asserted,future,reported).  A negated act is never written\n"
"                         under the act's code by default: where CAMEO codes the refusal\n"
"                         or denial itself it is written as that (\"did not meet\" 125,\n"
"                         \"denied attacking\" 016); any other (\"did not condemn\") only\n"
"                         with negated in LIST, marked mode \"negated\"\n"
"  --stats                print throughput and a per-stage profile to stderr\n";

const char CLI_EXIT_HELP[] =
"Exit status (the worst that happened): 0 ok; 1 bad input (a record skipped: the\n"
"message names file:line:column); 2 usage error; 3 dictionaries or model could not\n"
"be loaded; 4 I/O error (a missing or unreadable input file, output write failed,\n"
"disk full, threads could not start); 5 out of memory (a document could not be read\n"
"or coded: the message names it; --keep-going goes on with the next);\n"
"129, 130, 143 stopped by SIGHUP, SIGINT, SIGTERM (the output ends after the last\n"
"whole document).\n";

int cli_common_init(cli_common *c, int argc)
{
    memset(c, 0, sizeof *c);
    c->o.unknown_actors = 1;
    c->nthreads = 1;
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    c->dicts = calloc((size_t)argc + 1, sizeof *c->dicts);
    return c->files && c->dicts ? 0 : -1;
}

void cli_common_free(cli_common *c)
{
    free(c->files);
    free(c->dicts);
}

int cli_common_opt(cli_common *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    static const char *const with_value[] = { "--input-format", "--date", "--data", "--dict", "-j", "--threads",
        "--max-doc-bytes", "--max-tokens", "--max-events", "--modes", NULL };
    int takes = 0;
    for (int k = 0; with_value[k]; k++) if (!strcmp(a, with_value[k])) takes = 1;
    if (takes) {
        if (!v) { fprintf(stderr, "dyad: option %s needs a value\n", a); return -1; }
        (*i)++;
    }
    if (!strcmp(a, "--input-format")) {
        if (!strcmp(v, "auto")) c->ro.format = DY_FMT_AUTO;
        else if (!strcmp(v, "text")) c->ro.format = DY_FMT_TEXT;
        else if (!strcmp(v, "jsonl")) c->ro.format = DY_FMT_JSONL;
        else if (!strcmp(v, "html")) c->ro.format = DY_FMT_HTML;
        else if (!strcmp(v, "warc")) c->ro.format = DY_FMT_WARC;
        else if (!strcmp(v, "rss") || !strcmp(v, "atom") || !strcmp(v, "feed")) c->ro.format = DY_FMT_FEED;
        else { fprintf(stderr, "dyad: --input-format must be auto, text, jsonl, html, warc or rss, not \"%s\"\n", v); return -1; }
    } else if (!strcmp(a, "--explain")) c->explain = 1;
    else if (!strcmp(a, "--stats")) c->stats = 1;
    else if (!strcmp(a, "--keep-going")) c->keep_going = 1;
    else if (!strcmp(a, "--quiet")) c->quiet = 1;
    else if (!strcmp(a, "--keep-duplicates")) c->keep_duplicates = 1;
    else if (!strcmp(a, "--find-copies")) c->find_copies = 1;
    else if (!strcmp(a, "--any-language")) c->any_language = 1;
    else if (!strcmp(a, "--dict-only")) c->o.dicts_only = 1;
    else if (!strcmp(a, "--dict-unchecked")) c->o.dicts_unchecked = 1;
    else if (!strcmp(a, "--unknown-actors")) c->o.unknown_actors = 1;
    else if (!strcmp(a, "--known-actors")) c->o.unknown_actors = 0;
    else if (!strcmp(a, "--one-sided")) c->o.one_sided = 1;
    else if (!strcmp(a, "--date")) {
        if (dy_parse_date(v, strlen(v), c->datebuf)) { fprintf(stderr, "dyad: --date \"%s\" is not a valid YYYY-MM-DD date\n", v); return -1; }
        c->ro.default_date = c->datebuf;
    } else if (!strcmp(a, "--data")) c->o.datadir = v;
    else if (!strcmp(a, "--dict")) c->dicts[c->ndicts++] = v;
    else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 256) { fprintf(stderr, "dyad: %s needs a number from 1 to 256\n", a); return -1; }
        c->nthreads = (int)n;
    } else if (!strcmp(a, "--max-doc-bytes") || !strcmp(a, "--max-tokens") || !strcmp(a, "--max-events")) {
        char *end;
        long long n = strtoll(v, &end, 10);
        if (*end || n < 1 || n > (1LL << 40)) { fprintf(stderr, "dyad: %s needs a positive number\n", a); return -1; }
        if (!strcmp(a, "--max-doc-bytes")) c->ro.max_doc_bytes = (size_t)n;
        else if (!strcmp(a, "--max-tokens")) c->o.max_sentence_tokens = n > 10000 ? 10000 : (int)n;
        else c->o.max_events = n > 10000 ? 10000 : (int)n;
    } else if (!strcmp(a, "--modes")) {
        if (dy_parse_modes(v, &c->o.modes) != 0) {
            fprintf(stderr, "dyad: --modes takes \"all\" or a comma-separated list of asserted, future, hypothetical, negated, reported (got \"%s\")\n", v);
            return -1;
        }
    } else return 0;
    c->o.dicts = c->ndicts ? c->dicts : NULL;
    return 1;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    }
    return 0;
}

int cli_ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* `dyad --version [--data DIR] [--dict FILE|DIR]...`: the version, then the
 * fingerprint of the dictionaries those options load (what `dyad code` with
 * the same options would use), so a dataset can say what made it. */
int cli_version(int argc, char **argv)
{
    printf("dyad %s\n", dy_version());
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    for (int i = 1; i < argc; i++) {
        int r = cli_common_opt(&c, argc, argv, &i);
        if (r < 0) { cli_common_free(&c); return EXIT_USAGE; }
        if (r == 0) {
            fprintf(stderr, "dyad: --version takes only dictionary options (--data, --dict, --dict-only), not \"%s\"\n", argv[i]);
            cli_common_free(&c);
            return EXIT_USAGE;
        }
    }
    char err[1024];
    dy_engine *e = dy_engine_new(&c.o, err, sizeof err);
    cli_common_free(&c);
    if (!e) { fprintf(stderr, "dyad: %s\n", err); return EXIT_DICT; }
    printf("dictionary fingerprint %s\n", dy_engine_fingerprint(e));
    dy_engine_free(e);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
}
