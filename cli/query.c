/* query.c: `dyad query --db ...`: events by filters, their mentions, top lists, search.
 * Output: JSON Lines (default), CSV, or an aligned table for a terminal. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "cli.h"
#include "storeopts.h"

static const char HELP[] =
"usage: dyad query --db PATH|URL [filters] [options]   read events from a store\n"
"\n"
"Options:\n"
"  --format jsonl|csv|table   output (default jsonl; table: aligned columns)\n"
"  --mentions             the mentions behind each event: document, outlet, sentence,\n"
"                         spans, the pattern that fired\n"
"  --top dyads|actors|sources|targets   the most frequent, by events (with --limit, default 10)\n"
"  --search QUERY         full-text search over the stored sentences (SQLite FTS5\n"
"                         syntax; on PostgreSQL web-search syntax)\n"
"  --counts               rows per table and the merging rule\n";

typedef struct qctx { int fmt; dy_buf b; int n; int top_actors; } qctx;
enum { F_JSONL, F_CSV, F_TABLE };

static void out(qctx *q)
{
    if (q->b.len) fwrite(q->b.p, 1, q->b.len, stdout);
    q->b.len = 0;
}

static void jstr(dy_buf *b, const char *k, const char *v, int comma)
{
    if (comma) DY_BUF_LIT(b, ", ");
    dy_buf_json_str(b, k, strlen(k));
    DY_BUF_LIT(b, ": ");
    if (v && *v) dy_buf_json_str(b, v, strlen(v)); else DY_BUF_LIT(b, "null");
}

static void csvf(dy_buf *b, const char *s, int comma)
{
    if (comma) DY_BUF_LIT(b, ",");
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { dy_buf_puts(b, s); return; }
    DY_BUF_LIT(b, "\"");
    for (; *s; s++) { if (*s == '"') DY_BUF_LIT(b, "\""); dy_buf_add(b, s, 1); }
    DY_BUF_LIT(b, "\"");
}

static int ev_cb(void *ctx, const dy_event_row *r)
{
    qctx *q = ctx;
    dy_buf *b = &q->b;
    char conf[32], gold[32];
    snprintf(conf, sizeof conf, "%.3f", r->confidence);
    snprintf(gold, sizeof gold, "%.1f", r->goldstein);
    if (q->fmt == F_JSONL) {
        dy_buf_printf(b, "{\"id\": %lld", r->id);
        jstr(b, "date", r->date, 1); jstr(b, "source", r->src_code, 1); jstr(b, "target", r->tgt_code, 1);
        jstr(b, "source_name", r->src_name, 1); jstr(b, "target_name", r->tgt_name, 1);
        jstr(b, "cameo", r->cameo, 1); jstr(b, "root", r->root, 1);
        dy_buf_printf(b, ", \"quad\": %d, \"goldstein\": %s", r->quad, gold);
        jstr(b, "plover", r->plover, 1); jstr(b, "mode", r->mode, 1);
        dy_buf_printf(b, ", \"num_mentions\": %ld, \"num_sources\": %ld, \"num_articles\": %ld, \"confidence\": %s",
                      r->num_mentions, r->num_sources, r->num_articles, conf);
        if (r->geo[2].type) {
            DY_BUF_LIT(b, ", \"place\": {");
            jstr(b, "country", r->place_iso3[0] ? r->place_iso3 : r->geo[2].country, 0);
            jstr(b, "name", r->geo[2].fullname, 1);
            if (r->geo[2].has_ll) dy_buf_printf(b, ", \"lat\": %.4f, \"lon\": %.4f", r->geo[2].lat, r->geo[2].lon);
            DY_BUF_LIT(b, "}");
        }
        jstr(b, "source_url", r->source_url, 1); jstr(b, "origin", r->origin, 1);
        if (r->gdelt_id) dy_buf_printf(b, ", \"gdelt_id\": %lld", r->gdelt_id);
        DY_BUF_LIT(b, "}\n");
    } else if (q->fmt == F_CSV) {
        if (q->n == 0) dy_buf_puts(b, "id,date,source,target,cameo,root,quad,goldstein,plover,mode,num_mentions,num_sources,num_articles,confidence,place,source_url,origin\n");
        dy_buf_printf(b, "%lld", r->id);
        csvf(b, r->date, 1); csvf(b, r->src_code, 1); csvf(b, r->tgt_code, 1); csvf(b, r->cameo, 1); csvf(b, r->root, 1);
        dy_buf_printf(b, ",%d,%s", r->quad, gold);
        csvf(b, r->plover, 1); csvf(b, r->mode, 1);
        dy_buf_printf(b, ",%ld,%ld,%ld,%s", r->num_mentions, r->num_sources, r->num_articles, conf);
        csvf(b, r->geo[2].fullname, 1); csvf(b, r->source_url, 1); csvf(b, r->origin, 1);
        DY_BUF_LIT(b, "\n");
    } else {
        if (q->n == 0) dy_buf_printf(b, "%-8s %-10s %-12s %-12s %-5s %4s %6s %-12s %5s %4s %4s %5s  %s\n", "id", "date", "source",
                                     "target", "cameo", "quad", "gold", "plover", "ment", "src", "art", "conf", "place");
        dy_buf_printf(b, "%-8lld %-10s %-12.12s %-12.12s %-5s %4d %6s %-12.12s %5ld %4ld %4ld %5.2f  %s\n", r->id, r->date,
                      r->src_code, r->tgt_code, r->cameo, r->quad, gold, r->plover, r->num_mentions, r->num_sources,
                      r->num_articles, r->confidence, r->geo[2].fullname);
    }
    q->n++;
    if (b->len > 1 << 16) out(q);
    return ferror(stdout) ? 1 : 0;
}

static int mention_cb(void *ctx, const dy_mention_row *m)
{
    qctx *q = ctx;
    dy_buf *b = &q->b;
    if (q->fmt == F_JSONL) {
        dy_buf_printf(b, "{\"event\": %lld, \"mention\": %lld", m->event, m->id);
        jstr(b, "doc", m->doc_id, 1); jstr(b, "date", m->date, 1); jstr(b, "outlet", m->outlet, 1); jstr(b, "url", m->url, 1);
        jstr(b, "title", m->title, 1);
        dy_buf_printf(b, ", \"sent\": %d", m->sent);
        jstr(b, "source", m->src_code, 1); jstr(b, "target", m->tgt_code, 1); jstr(b, "cameo", m->cameo, 1); jstr(b, "mode", m->mode, 1);
        dy_buf_printf(b, ", \"source_span\": [%ld, %ld], \"target_span\": [%ld, %ld], \"verb_span\": [%ld, %ld]",
                      m->src_start, m->src_end, m->tgt_start, m->tgt_end, m->verb_start, m->verb_end);
        jstr(b, "rule", m->rule, 1); jstr(b, "sentence", m->sentence, 1);
        DY_BUF_LIT(b, "}\n");
    } else if (q->fmt == F_CSV) {
        if (q->n == 0) dy_buf_puts(b, "event,mention,doc,date,outlet,url,sent,source,target,cameo,mode,rule,sentence\n");
        dy_buf_printf(b, "%lld,%lld", m->event, m->id);
        csvf(b, m->doc_id, 1); csvf(b, m->date, 1); csvf(b, m->outlet, 1); csvf(b, m->url, 1);
        dy_buf_printf(b, ",%d", m->sent);
        csvf(b, m->src_code, 1); csvf(b, m->tgt_code, 1); csvf(b, m->cameo, 1); csvf(b, m->mode, 1); csvf(b, m->rule, 1);
        csvf(b, m->sentence, 1);
        DY_BUF_LIT(b, "\n");
    } else {
        dy_buf_printf(b, "event %lld  %s  %s  %s sentence %d  [%s]\n    %s\n", m->event, m->date, m->outlet[0] ? m->outlet : "-",
                      m->doc_id, m->sent, m->rule, m->sentence);
    }
    q->n++;
    if (b->len > 1 << 16) out(q);
    return ferror(stdout) ? 1 : 0;
}

static int top_cb(void *ctx, const dy_top_row *t)
{
    qctx *q = ctx;
    dy_buf *b = &q->b;
    if (q->fmt == F_JSONL) {
        DY_BUF_LIT(b, "{");
        jstr(b, q->top_actors ? "actor" : "source", t->a, 0);
        if (!q->top_actors) jstr(b, "target", t->b, 1);
        dy_buf_printf(b, ", \"events\": %ld, \"mentions\": %ld, \"goldstein_mean\": %.2f}\n", t->events, t->mentions, t->gold_mean);
    } else if (q->fmt == F_CSV) {
        if (q->n == 0) dy_buf_puts(b, "a,b,events,mentions,goldstein_mean\n");
        csvf(b, t->a, 0); csvf(b, t->b, 1);
        dy_buf_printf(b, ",%ld,%ld,%.2f\n", t->events, t->mentions, t->gold_mean);
    } else {
        if (q->n == 0) dy_buf_printf(b, "%-14s %-14s %8s %9s %6s\n", "a", "b", "events", "mentions", "gold");
        dy_buf_printf(b, "%-14s %-14s %8ld %9ld %6.2f\n", t->a, t->b, t->events, t->mentions, t->gold_mean);
    }
    q->n++;
    return 0;
}

static int hit_cb(void *ctx, const dy_hit *h)
{
    qctx *q = ctx;
    dy_buf *b = &q->b;
    if (q->fmt == F_JSONL) {
        DY_BUF_LIT(b, "{");
        jstr(b, "doc", h->doc_id, 0);
        dy_buf_printf(b, ", \"sent\": %d, \"events\": %lld", h->sent, h->events);
        jstr(b, "text", h->text, 1);
        DY_BUF_LIT(b, "}\n");
    } else if (q->fmt == F_CSV) {
        if (q->n == 0) dy_buf_puts(b, "doc,sent,events,text\n");
        csvf(b, h->doc_id, 0);
        dy_buf_printf(b, ",%d,%lld", h->sent, h->events);
        csvf(b, h->text, 1);
        DY_BUF_LIT(b, "\n");
    } else dy_buf_printf(b, "%s:%d (%lld events)  %s\n", h->doc_id, h->sent, h->events, h->text);
    q->n++;
    return 0;
}

int cmd_query(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout); fputs(CLI_DB_HELP, stdout); fputs("\n", stdout); fputs(CLI_FILTER_HELP, stdout);
        fputs("\nExample: dyad query --db events.db --dyad RUS-CHN --from 2024-01-01 --format table\n\n", stdout);
        fputs(CLI_STORE_EXIT_HELP, stdout);
        return EXIT_OK;
    }
    dy_filter f;
    memset(&f, 0, sizeof f);
    const char *db = NULL, *top = NULL, *search = NULL;
    qctx q = { F_JSONL, { 0 }, 0, 0 };
    int mentions = 0, counts = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_filter_opt(&f, argc, argv, &i);
        if (r == 0) r = cli_db_opt(&db, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--format") && v) {
            i++;
            if (!strcmp(v, "jsonl")) q.fmt = F_JSONL;
            else if (!strcmp(v, "csv")) q.fmt = F_CSV;
            else if (!strcmp(v, "table")) q.fmt = F_TABLE;
            else { fprintf(stderr, "dyad: --format must be jsonl, csv or table\n"); return EXIT_USAGE; }
        } else if (!strcmp(a, "--mentions")) mentions = 1;
        else if (!strcmp(a, "--counts")) counts = 1;
        else if (!strcmp(a, "--top") && v) { top = v; i++; }
        else if (!strcmp(a, "--search") && v) { search = v; i++; }
        else { fprintf(stderr, "dyad: unknown option or missing value \"%s\" for query (try dyad query --help)\n", a); return EXIT_USAGE; }
    }
    enum dy_top what = DY_TOP_DYADS;
    if (top) {
        if (!strcmp(top, "dyads")) what = DY_TOP_DYADS;
        else if (!strcmp(top, "actors")) { what = DY_TOP_ACTORS; q.top_actors = 1; }
        else if (!strcmp(top, "sources")) { what = DY_TOP_SOURCES; q.top_actors = 1; }
        else if (!strcmp(top, "targets")) { what = DY_TOP_TARGETS; q.top_actors = 1; }
        else { fprintf(stderr, "dyad: --top must be dyads, actors, sources or targets\n"); return EXIT_USAGE; }
    }
    int code;
    dy_store *s = cli_store_open(db, DY_STORE_READONLY, &code);
    if (!s) return code;
    char err[2048];
    int rc;
    dy_buf_init(&q.b);
    if (counts) {
        dy_store_counts c;
        dy_merge_rule r;
        rc = dy_store_counts_get(s, &c, err, sizeof err) ? DY_STORE_EIO : 0;
        dy_store_rule(s, &r, err, sizeof err);
        if (!rc) printf("documents %lld\nsentences %lld\nmentions %lld\nevents %lld\nunmerged %lld\nrule %s window %d\n",
                        c.documents, c.sentences, c.mentions, c.events, c.unmerged,
                        r.match == DY_MATCH_CODE ? "code" : r.match == DY_MATCH_BASE ? "base" : "root", r.window);
    } else if (search) rc = dy_store_search(s, search, f.limit, hit_cb, &q, err, sizeof err);
    else if (top) rc = dy_store_top(s, &f, what, (int)f.limit, top_cb, &q, err, sizeof err);
    else if (mentions) rc = dy_store_mentions(s, &f, mention_cb, &q, err, sizeof err);
    else rc = dy_store_query(s, &f, ev_cb, &q, err, sizeof err);
    out(&q);
    dy_buf_free(&q.b);
    dy_store_close(s);
    if (rc) { fprintf(stderr, "dyad: %s\n", err); return rc == DY_STORE_EUSAGE ? EXIT_USAGE : EXIT_IO; }
    if (fflush(stdout) || ferror(stdout)) { fprintf(stderr, "dyad: error writing output: %s\n", strerror(errno)); return EXIT_IO; }
    return EXIT_OK;
}
