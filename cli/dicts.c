/* dicts.c: `dyad dicts`: load the dictionaries and print what they hold.
 *
 *   dyad dicts [options]   dyad's dictionaries (plus --dict ones): entry counts
 *   dyad dicts --coverage [--cases DIR]   per CAMEO code, the patterns and cases reaching it
 *   dyad dicts FILE...     dictionary files of any format dyad reads: the format
 *                          found, entry counts, what went into dyad
 *
 * Files go through the same sniffer and loaders as `dyad code --dict`
 * (compat/dictload.h), with the same checks, so what this command accepts
 * --dict accepts, and an error here is the error --dict would give. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "compat/dictload.h"
#include "code/cameo.h"
#include "core/datadir.h"
#include "core/files.h"

static const char HELP[] =
"usage: dyad dicts [options]     load dyad's dictionaries (and --dict ones), print entry counts\n"
"       dyad dicts --coverage [--cases DIR]\n"
"                                per CAMEO code: the verb and noun patterns reaching it and the\n"
"                                cases (default tests/cases) testing it; codes lacking either first\n"
"       dyad dicts FILE|DIR...   load dictionary files of any format dyad reads (dyad actors,\n"
"                                patterns and verb forms; TABARI .actors .agents .verbs .project\n"
"                                .options; PETRARCH/Phoenix actors, agents, discards, verbs,\n"
"                                issues), print the format found and their entry counts; the\n"
"                                files are checked as --dict checks them (event codes against\n"
"                                cameo/codes.txt, actor codes for their shape)\n"
"\n"
"Options:\n";

/* Counts of a TABARI file in TABARI's terms (entries as TABARI defines them). */
static void tabari_counts(const char *f, const char *buf, size_t len, int fmt)
{
    dy_tabari_counts c;
    char err[512];
    int kind = fmt == DY_DF_TABARI_VERBS ? 2 : fmt == DY_DF_TABARI_AGENTS ? 1 : 0;
    if (dy_tabari_count_buf(f, buf, len, kind, &c, err, sizeof err) < 0) return;
    printf("%s: TABARI: actors %d, agents %d, nouns %d, adjectives %d, verbs %d, forms %d, patterns %d, synsets %d, members %d, times %d\n",
           f, c.actors, c.agents, c.nouns, c.adjectives, c.verbs, c.forms, c.patterns, c.synsets, c.members, c.times);
}

/* `dyad dicts FILE...`: each file (or directory) on its own. */
static int dicts_files(int argc, char **argv)
{
    int status = EXIT_OK;
    const char *datadir = NULL;
    for (int i = 1; i < argc; i++) if (!strcmp(argv[i], "--data") && i + 1 < argc) datadir = argv[i + 1];
    char ddbuf[1024], p[2048], err[1024] = "";
    const char *dd = datadir ? datadir : dy_default_datadir(ddbuf, sizeof ddbuf);
    snprintf(p, sizeof p, "%s/cameo/codes.txt", dd);
    dy_cameo cameo;
    memset(&cameo, 0, sizeof cameo);
    int have_codes = dy_cameo_load(&cameo, p, err, sizeof err) >= 0;
    if (!have_codes) fprintf(stderr, "dyad: warning: event codes not checked: %s\n", err);
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--data") || !strcmp(f, "--dict")) { i++; continue; }
        if (f[0] == '-') continue;
        dy_actordict ad;
        dy_verbdict vd;
        dy_lexicon lex;
        if (dy_actordict_init(&ad) || dy_verbdict_init(&vd) || dy_lexicon_init(&lex)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
        vd.codes = have_codes ? &cameo : NULL;
        /* dyad's verb forms: a foreign verbs file's lemmas come out as dyad's own would */
        snprintf(p, sizeof p, "%s/verbs/forms.txt", dd);
        dy_dictset s;
        dy_dictset_init(&s, &ad, &vd, &lex);
        s.strict = 1;
        char *fb;
        size_t fl;
        if (dy_read_file(p, 0, 0, 0, &fb, &fl, err, sizeof err) == 0) { dy_verbdict_load_forms_buf(&lex, p, fb, fl, err, sizeof err); free(fb); }
        dy_dictstat st;
        memset(&st, 0, sizeof st);
        err[0] = 0;
        /* what dyad cannot use is still described: options and issue files are counted */
        char *buf = NULL;
        size_t len = 0;
        int fmt = 0, rc = 0;
        struct stat sb;
        int isdir = stat(f, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (!isdir) {
            if (dy_read_file(f, 1, dy_read_timeout_ms(), 0, &buf, &len, err, sizeof err) < 0) rc = -1;
            else if (!(fmt = dy_dict_sniff(f, buf, len, err, sizeof err))) rc = -1;
        }
        if (!rc && (fmt == DY_DF_TABARI_OPTIONS || fmt == DY_DF_PETR_ISSUES)) {
            if (fmt == DY_DF_PETR_ISSUES) {
                dy_petr_counts pc;
                memset(&pc, 0, sizeof pc);
                if (dy_petr_load_buf(f, DY_PETR_ISSUES, buf, len, 0, &ad, &vd, &lex, NULL, &pc, err, sizeof err) == 0) {
                    dy_buf b;
                    dy_buf_init(&b);
                    dy_petr_counts_format(f, &pc, &b);
                    if (b.p) fputs(b.p, stdout);
                    dy_buf_free(&b);
                }
            } else {
                dy_tabari *t = dy_tabari_new();
                int n = t ? dy_tabari_load_options(t, f, err, sizeof err) : -1;
                if (n < 0) rc = -1;
                else printf("%s: TABARI options: coder settings, no dictionary entries (not usable with --dict)\n", f);
                dy_tabari_free(t);
            }
        } else if (!rc) {
            rc = isdir ? dy_dict_load(&s, f, DY_DF_AUTO, 1, &st, err, sizeof err)
                        : dy_dict_load_buf(&s, f, buf, len, fmt, 1, &st, err, sizeof err);
            if (!rc) {
                if (fmt == DY_DF_TABARI_ACTORS || fmt == DY_DF_TABARI_AGENTS || fmt == DY_DF_TABARI_VERBS) tabari_counts(f, buf, len, fmt);
                if (fmt >= DY_DF_PETR_ACTORS && fmt <= DY_DF_PETR_VERBS2) {
                    dy_buf b;
                    dy_buf_init(&b);
                    dy_petr_counts_format(f, &st.pc, &b);
                    if (b.p) fputs(b.p, stdout);
                    dy_buf_free(&b);
                }
                printf("%s: %s: %d file(s); %d actor entries, %d patterns, %d verb forms went into dyad",
                       f, isdir ? "directory" : dy_dictfmt_name(fmt), st.files, st.actors, st.patterns, st.forms);
                if (st.skipped) printf("; %d malformed line(s) skipped", st.skipped);
                printf("\n");
                if (s.notes.len) fputs(s.notes.p, stderr);
            }
        }
        if (rc) { fprintf(stderr, "dyad: %s\n", err); status = EXIT_DICT; }
        free(buf);
        dy_dictset_free(&s);
        dy_actordict_free(&ad);
        dy_verbdict_free(&vd);
        dy_lexicon_free(&lex);
    }
    if (have_codes) dy_cameo_free(&cameo);
    return status;
}

int cmd_dicts(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_COMMON_HELP, stdout); fputs("\n", stdout); fputs(CLI_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") || !strcmp(argv[i], "--dict") || !strcmp(argv[i], "--cases")) { i++; continue; }
        if (argv[i][0] != '-') return dicts_files(argc, argv);
    }
    cli_common c;
    if (cli_common_init(&c, argc)) { fprintf(stderr, "dyad: out of memory\n"); return EXIT_IO; }
    int coverage = 0;
    const char *cases = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--coverage")) { coverage = 1; continue; }
        if (!strcmp(argv[i], "--cases")) {
            if (i + 1 >= argc) { fprintf(stderr, "dyad: --cases needs a directory or file\n"); cli_common_free(&c); return EXIT_USAGE; }
            cases = argv[++i]; coverage = 1; continue;
        }
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
    if (!coverage) dy_engine_describe(e, &b);
    else if (dy_engine_coverage(e, cases ? cases : access("tests/cases", R_OK) == 0 ? "tests/cases" : NULL, &b, err, sizeof err)) {
        fprintf(stderr, "dyad: %s\n", err);
        dy_buf_free(&b); dy_engine_free(e); cli_common_free(&c);
        return EXIT_DICT;
    }
    fwrite(b.p, 1, b.len, stdout);
    dy_buf_free(&b);
    dy_engine_free(e);
    cli_common_free(&c);
    return EXIT_OK;
}
