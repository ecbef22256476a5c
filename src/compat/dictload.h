/* dictload.h: every dictionary format dyad reads, behind ONE sniffer and ONE
 * dispatcher.  `dyad code --dict`, `dyad dicts`, `dyad eval --dict` and the
 * engine's own data all load through here, so a format `dyad dicts` reads is
 * a format `--dict` uses, and a file nothing can use is an error, never a
 * silent no-op.
 *
 * A file is read once (dy_read_file: a pipe such as `<(printf ...)` cannot be
 * read twice), a leading UTF-8 BOM skipped, and its format decided on
 * evidence, line by line (the name only breaks ties):
 *
 *   dyad actors     KIND CODE [DATES] NAME; NAME      data/actors/README.md
 *   dyad patterns   CODE PATTERN                      data/verbs/README.md
 *   dyad forms      verb LEMMA PAST PARTICIPLE ...
 *   TABARI          .actors .agents .verbs (NAME [CODE], ROOT [code] + "- ... [code]"),
 *                   .project (its dictionaries are loaded), .options (refused: no entries)
 *   PETRARCH        actors, agents ([~CODE], !X! = ...), discards (name says so),
 *                   verbs v1/2.0 (--- VERB [code] --- blocks), issues (refused: dyad codes no issues)
 *
 * A directory holds dyad's layout (actors/ and verbs/ subdirectories) and/or
 * dictionary files of any of these formats (*.txt, *.actors, *.agents,
 * *.verbs); only regular files are read from it. */
#ifndef DY_DICTLOAD_H
#define DY_DICTLOAD_H
#include <stddef.h>
#include "actors/actordict.h"
#include "code/verbdict.h"
#include "tag/lemma.h"
#include "core/buf.h"
#include "compat/petrarch.h"
#include "compat/tabari.h"

enum dy_dictfmt {
    DY_DF_AUTO = 0,
    DY_DF_DYAD_ACTORS, DY_DF_DYAD_PATTERNS, DY_DF_DYAD_FORMS,
    DY_DF_TABARI_ACTORS, DY_DF_TABARI_AGENTS, DY_DF_TABARI_VERBS, DY_DF_TABARI_OPTIONS, DY_DF_TABARI_PROJECT,
    DY_DF_PETR_ACTORS, DY_DF_PETR_AGENTS, DY_DF_PETR_DISCARDS, DY_DF_PETR_VERBS1, DY_DF_PETR_VERBS2, DY_DF_PETR_ISSUES,
    DY_DF_N
};
/* "dyad actors", "TABARI verbs", ... */
const char *dy_dictfmt_name(int fmt);

/* The format of a file's bytes, or 0 with "path:line:col: message" in err
 * (the first entry line that no format accepts; "path: ..." for a file with
 * no entry line at all).  path's name breaks ties (".actors", "discard"...). */
int dy_dict_sniff(const char *path, const char *buf, size_t len, char *err, size_t errlen);

/* A file read while loading: its bytes are kept (for a fingerprint of the
 * dictionaries in use) until dy_dictset_free. */
typedef struct dy_dictsrc { char *path; char *bytes; size_t len; int fmt; } dy_dictsrc;

typedef struct dy_dictset {
    dy_actordict *actors;
    dy_verbdict *verbs;       /* verbs->codes set: every event code checked against the CAMEO table */
    dy_lexicon *lex;
    int strict;               /* actor codes checked in TABARI/PETRARCH files too (dyad's own are always checked) */
    dy_dictsrc *src; int nsrc, capsrc;
    dy_buf notes;             /* warnings: malformed lines skipped in TABARI/PETRARCH files, untranslatable patterns */
} dy_dictset;

/* What one load added (all the files of a directory summed). */
typedef struct dy_dictstat {
    int fmt;                  /* the last file's format */
    int files, actors, patterns, forms;
    int skipped;              /* malformed lines skipped (TABARI/PETRARCH files only) */
    dy_petr_counts pc;        /* PETRARCH and TABARI verbs translation counts */
} dy_dictstat;

void dy_dictset_init(dy_dictset *s, dy_actordict *a, dy_verbdict *v, dy_lexicon *lex);
void dy_dictset_free(dy_dictset *s);

/* Load a file or a directory.  fmt: DY_DF_AUTO to sniff each file, else the
 * format of the file (or of every *.txt in the directory, forms.txt being
 * forms).  explicit: the user named path, so a FIFO or pipe is read (with
 * the timeout of dy_read_timeout_ms) and a file that adds nothing is an
 * error.  st may be NULL.  Returns 0, or -1 with "file:line:col: message". */
int dy_dict_load(dy_dictset *s, const char *path, int fmt, int explicit, dy_dictstat *st, char *err, size_t errlen);
/* One file already in memory (buf, len), under the name path. */
int dy_dict_load_buf(dy_dictset *s, const char *path, const char *buf, size_t len, int fmt, int explicit,
                     dy_dictstat *st, char *err, size_t errlen);
#endif
