/* progress.c: the live progress line and the end-of-run summary line.
 *
 * Why in the library: `dyad code` and `dyad ingest` show the same line and
 * the same summary, from the same counters (the ingest session's documents,
 * skips and bytes read; the caller's sentences and events).  The progress
 * line is drawn on stderr only when it is a terminal, $CI is unset and the
 * user did not ask for --quiet: never in a pipe or a log file.  It redraws
 * in place ("\r...\033[K") at most four times a second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ingest.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dy_progress_init(dy_progress *p, uint64_t total_bytes, int quiet)
{
    memset(p, 0, sizeof *p);
    const char *ci = getenv("CI");
    p->enabled = !quiet && isatty(2) && !(ci && *ci);
    p->t0 = now();
    p->total_bytes = total_bytes;
}

static void eta(char *b, size_t n, double s)
{
    if (s < 0) s = 0;
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(b, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60) snprintf(b, n, "%ldm%02lds", t / 60, t % 60);
    else snprintf(b, n, "%lds", t);
}

void dy_progress_update(dy_progress *p, const dy_intake *s, long sentences, long events, int force)
{
    if (!p->enabled || !s) return;
    double t = now();
    if (!force && t - p->last < 0.25) return;
    p->last = t;
    dy_intake_stats st;
    dy_intake_get_stats(s, &st);
    double el = t - p->t0, mb = (double)st.bytes_in / 1e6;
    char line[256], e[32] = "";
    int n = snprintf(line, sizeof line, "\r%ld docs, %ld sentences, %ld events, %.1f MB/s", st.docs, sentences, events,
                     el > 0 ? mb / el : 0.0);
    if (p->total_bytes && st.bytes_in && el > 0.5) {
        double frac = (double)st.bytes_in / (double)p->total_bytes;
        if (frac > 1) frac = 1;
        eta(e, sizeof e, el / frac - el);
        snprintf(line + n, sizeof line - (size_t)n, ", %.0f%%, ETA %s", frac * 100, e);
    }
    fputs(line, stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
}

void dy_progress_clear(dy_progress *p)
{
    if (!p->enabled || p->last == 0) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
}

void dy_intake_summary(const dy_intake *s, long docs_fallback, long sentences, long events, double seconds, dy_buf *b)
{
    dy_intake_stats st;
    memset(&st, 0, sizeof st);
    if (s) dy_intake_get_stats(s, &st);
    else st.docs = st.coded = docs_fallback;
    long sk = 0;
    for (int k = 0; k < DY_NSKIP; k++) sk += st.skipped[k];
    dy_buf_printf(b, "%ld documents read, %ld coded, %ld skipped (%ld non-English, %ld too long, %ld not HTML, "
                  "%ld duplicate, %ld unreadable), %ld sentences, %ld events, %.2f s",
                  st.docs, st.coded, sk, st.skipped[DY_SKIP_LANG], st.skipped[DY_SKIP_LONG], st.skipped[DY_SKIP_NOTHTML],
                  st.skipped[DY_SKIP_DUP], st.skipped[DY_SKIP_UNREADABLE], sentences, events, seconds);
}
