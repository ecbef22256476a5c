/* series.c: `dyad series --db ... --dyad RUS-CHN --by month`: a dyadic time series as CSV or an SVG chart. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad series --db PATH|URL [filters] [options]   events per period, as CSV\n"
"\n"
"Options:\n"
"  --by day|week|month    period (default month; weeks start on Monday); empty periods\n"
"                         between the first and the last are written as zeros\n"
"  --metric count|goldstein|quad   columns: count; count, Goldstein sum and mean;\n"
"                         counts per QuadClass (default count)\n"
"  --plot FILE.svg        also draw a labelled SVG line chart\n"
"  --title TEXT           the chart's title (default: the filters)\n"
"\n"
"Example: dyad series --db events.db --dyad RUS-CHN --by week --metric quad --plot rus-chn.svg\n";

int cmd_series(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs("\n", stdout); fputs(CLI_FILTER_HELP, stdout);
        fputs("\n", stdout); fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    dy_filter f;
    memset(&f, 0, sizeof f);
    const char *db = NULL, *plot = NULL, *title = NULL;
    enum dy_by by = DY_BY_MONTH;
    enum dy_metric metric = DY_METRIC_COUNT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_filter_opt(&f, argc, argv, &i);
        if (r == 0) r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--by") && v) {
            i++;
            if (!strcmp(v, "day")) by = DY_BY_DAY;
            else if (!strcmp(v, "week")) by = DY_BY_WEEK;
            else if (!strcmp(v, "month")) by = DY_BY_MONTH;
            else { fprintf(stderr, "dyad: --by must be day, week or month\n"); return EXIT_USAGE; }
        } else if (!strcmp(a, "--metric") && v) {
            i++;
            if (!strcmp(v, "count")) metric = DY_METRIC_COUNT;
            else if (!strcmp(v, "goldstein")) metric = DY_METRIC_GOLDSTEIN;
            else if (!strcmp(v, "quad")) metric = DY_METRIC_QUAD;
            else { fprintf(stderr, "dyad: --metric must be count, goldstein or quad\n"); return EXIT_USAGE; }
        } else if (!strcmp(a, "--plot") && v) { plot = v; i++; }
        else if (!strcmp(a, "--title") && v) { title = v; i++; }
        else { fprintf(stderr, "dyad: unknown option or missing value \"%s\" for series (try dyad series --help)\n", a); return EXIT_USAGE; }
    }
    int code;
    dy_store *s = cli_store_open(db, DY_STORE_READONLY, &code);
    if (!s) return code;
    char err[2048];
    dy_point *p;
    int n;
    int rc = dy_store_series(s, &f, by, &p, &n, err, sizeof err);
    dy_store_close(s);
    if (rc) { fprintf(stderr, "dyad: %s\n", err); return rc == DY_STORE_EUSAGE ? EXIT_USAGE : EXIT_IO; }
    if (metric == DY_METRIC_COUNT) puts("period,count");
    else if (metric == DY_METRIC_GOLDSTEIN) puts("period,count,goldstein_sum,goldstein_mean");
    else puts("period,verbal_coop,material_coop,verbal_conflict,material_conflict");
    for (int i = 0; i < n; i++) {
        if (metric == DY_METRIC_COUNT) printf("%s,%ld\n", p[i].period, p[i].count);
        else if (metric == DY_METRIC_GOLDSTEIN) printf("%s,%ld,%.1f,%.3f\n", p[i].period, p[i].count, p[i].gold_sum, p[i].gold_mean);
        else printf("%s,%ld,%ld,%ld,%ld\n", p[i].period, p[i].quad[1], p[i].quad[2], p[i].quad[3], p[i].quad[4]);
    }
    int status = EXIT_OK;
    if (plot) {
        char t[512];
        if (!title) {
            static const char *const byname[] = { "day", "week", "month" };
            static const char *const mname[] = { "events", "Goldstein mean", "events by QuadClass" };
            snprintf(t, sizeof t, "%s%s%s%s%s per %s%s%s%s%s", mname[metric], f.dyad ? " " : "", f.dyad ? f.dyad : "",
                     f.actor ? " " : "", f.actor ? f.actor : "", byname[by], f.from ? ", from " : "", f.from ? f.from : "",
                     f.to ? " to " : "", f.to ? f.to : "");
            title = t;
        }
        FILE *o = fopen(plot, "w");
        if (!o || dy_series_svg(o, p, n, metric, title) || fclose(o)) {
            fprintf(stderr, "dyad: %s: %s\n", plot, strerror(errno));
            status = EXIT_IO;
        }
    }
    free(p);
    if (fflush(stdout) || ferror(stdout)) { fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno)); return EXIT_IO; }
    return status;
}
