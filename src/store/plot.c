/* plot.c: a dyadic series -> an SVG line chart a person can put in a paper.
 *
 * Written by hand: an SVG line chart is a few dozen elements (axes, ticks,
 * date labels, one polyline per metric, a legend), and no Debian C library
 * draws charts to SVG.  Axes start at zero (or span the negative Goldstein
 * range), ticks are at round values, and at most about ten dates label the
 * x axis. */
#include <stdio.h>
#include <math.h>
#include <string.h>
#include "store/store.h"

static double nice(double span, int ticks)
{
    double raw = span / ticks, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

int dy_series_svg(FILE *f, const dy_point *p, int n, enum dy_metric m, const char *title)
{
    const int W = 900, H = 420, L = 70, R = 170, T = 50, B = 70;
    const int pw = W - L - R, ph = H - T - B;
    static const char *const colour[] = { "#1f77b4", "#2ca02c", "#17becf", "#ff7f0e", "#d62728" };
    static const char *const qname[] = { "", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict" };
    int nl = m == DY_METRIC_QUAD ? 4 : 1;
    double lo = 0, hi = 1;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < nl; k++) {
            double v = m == DY_METRIC_COUNT ? (double)p[i].count : m == DY_METRIC_GOLDSTEIN ? p[i].gold_mean : (double)p[i].quad[k + 1];
            if (v > hi) hi = v;
            if (v < lo) lo = v;
        }
    if (m == DY_METRIC_GOLDSTEIN) { if (hi < 1) hi = 1; if (lo > -1) lo = -1; }
    double step = nice(hi - lo, 6);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, H, W, H);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">", L);
    esc(f, title);
    fputs("</text>\n", f);
    /* y grid and labels */
    for (double v = lo; v <= hi + step / 2; v += step) {
        double y = T + ph - (v - lo) / (hi - lo) * ph;
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, y, L + pw, y);
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", L - 6, y + 4, fabs(v) < step / 1e6 ? 0.0 : v);
    }
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, T, L, T + ph);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, T + ph, L + pw, T + ph);
    const char *ylab = m == DY_METRIC_COUNT ? "events" : m == DY_METRIC_GOLDSTEIN ? "Goldstein mean" : "events per QuadClass";
    fprintf(f, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", T + ph / 2, ylab);
    /* x labels: about ten dates */
    int every = n > 10 ? (n + 9) / 10 : 1;
    for (int i = 0; i < n; i += every) {
        double x = L + (n > 1 ? (double)i / (n - 1) * pw : pw / 2.0);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>\n", x, T + ph, x, T + ph + 5);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\">%s</text>\n",
                x, T + ph + 18, x, T + ph + 18, p[i].period);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">date</text>\n", L + pw / 2, H - 8);
    for (int k = 0; k < nl; k++) {
        const char *c = m == DY_METRIC_QUAD ? colour[k + 1] : colour[0];
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", c);
        for (int i = 0; i < n; i++) {
            double v = m == DY_METRIC_COUNT ? (double)p[i].count : m == DY_METRIC_GOLDSTEIN ? p[i].gold_mean : (double)p[i].quad[k + 1];
            double x = L + (n > 1 ? (double)i / (n - 1) * pw : pw / 2.0);
            double y = T + ph - (v - lo) / (hi - lo) * ph;
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", x, y);
        }
        fputs("\"/>\n", f);
        const char *name = m == DY_METRIC_QUAD ? qname[k + 1] : ylab;
        int ly = T + 10 + 20 * k;
        fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n", L + pw + 15, ly, L + pw + 35, ly, c);
        fprintf(f, "<text x=\"%d\" y=\"%d\">%s</text>\n", L + pw + 40, ly + 4, name);
    }
    if (n == 0) fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">no events</text>\n", L + pw / 2, T + ph / 2);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}
