/* fuzz_pipeline.c: libFuzzer target for the whole pipeline on arbitrary
 * bytes (normalise .. output) with dyad's own dictionaries and tagger model.
 * Engines are built once in LLVMFuzzerInitialize from $DYAD_DATA,
 * /work/main/data or ./data.  The first input byte picks the output format
 * (JSONL, TSV, --explain), the engine (default, or --unknown-actors with
 * tiny --max-tokens/--max-events) and whether the document has a date.
 * Checks: JSONL output is one JSON object per line, TSV rows have the
 * header's column count, event offsets lie inside the document. */
#include "fuzz_common.h"
#include <cJSON.h>
#include "dyad.h"

static dy_engine *eng[2];
static dy_worker *wk[2];
static int tsv_cols;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *dd = getenv("DYAD_DATA");
    if (!dd) dd = access("/work/main/data/cameo/codes.txt", R_OK) == 0 ? "/work/main/data" : "data";
    for (int i = 0; i < 2; i++) {
        dy_options o;
        memset(&o, 0, sizeof o);
        o.datadir = dd;
        if (i == 1) { o.unknown_actors = 1; o.max_sentence_tokens = 12; o.max_events = 2; }
        char err[1024];
        if (!(eng[i] = dy_engine_new(&o, err, sizeof err))) { fprintf(stderr, "fuzz_pipeline: %s\n", err); exit(1); }
        if (!(wk[i] = dy_worker_new(eng[i]))) { fprintf(stderr, "fuzz_pipeline: out of memory\n"); exit(1); }
    }
    for (const char *h = dy_tsv_header(); *h; h++) tsv_cols += *h == '\t';
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t opt = size ? data[0] : 0;
    if (size) { data++; size--; }
    int which = (opt >> 2) & 1;
    dy_doc d;
    memset(&d, 0, sizeof d);
    d.id = "fuzz";
    d.input = "fuzz";
    d.text = (const char *)data;
    d.len = size;
    if (opt & 8) memcpy(d.date, "2024-05-16", 11);
    enum dy_outfmt fmt = (opt & 1) ? DY_OUT_TSV : DY_OUT_JSONL;
    int explain = (opt & 3) == 2;
    dy_buf out;
    dy_buf_init(&out);
    dy_stats st;
    memset(&st, 0, sizeof st);
    int n = dy_code_doc(wk[which], &d, fmt, explain, 0, &out, &st);
    if (n < 0) fz_fail("dy_code_doc failed (out of memory?)");
    if (!explain) {
        int lines = 0;
        size_t i = 0;
        while (i < out.len) {
            const char *nl = memchr(out.p + i, '\n', out.len - i);
            if (fmt == DY_OUT_TSV) {
                /* a quoted TSV field (RFC 4180 style: a field that starts with a quote,
                 * inner quotes doubled) may hold tabs and newlines: the row ends at the
                 * first newline outside quotes */
                int inq = 0, start = 1;
                nl = NULL;
                for (size_t k = i; k < out.len; k++) {
                    char c = out.p[k];
                    if (inq) {
                        if (c == '"') { if (k + 1 < out.len && out.p[k + 1] == '"') k++; else inq = 0; }
                    } else if (c == '"' && start) inq = 1;
                    else if (c == '\n') { nl = out.p + k; break; }
                    start = !inq && (c == '\t');
                }
            }
            if (!nl) fz_fail("output does not end with a newline");
            size_t ll = (size_t)(nl - (out.p + i));
            if (!fz_valid_utf8(out.p + i, ll)) fz_fail("output line %d is not valid UTF-8", lines + 1);
            if (fmt == DY_OUT_JSONL) {
                cJSON *j = cJSON_ParseWithLength(out.p + i, ll);
                if (!j || !cJSON_IsObject(j)) fz_fail("output line %d is not a JSON object: %.*s", lines + 1, (int)ll, out.p + i);
                cJSON_Delete(j);
            } else {
                int tabs = 0, inq = 0, start = 1;
                for (size_t k = 0; k < ll; k++) {
                    char c = out.p[i + k];
                    if (inq) {
                        if (c == '"') { if (k + 1 < ll && out.p[i + k + 1] == '"') k++; else inq = 0; }
                    } else if (c == '"' && start) inq = 1;
                    else if (c == '\t') tabs++;
                    start = !inq && c == '\t';
                }
                if (tabs != tsv_cols) fz_fail("TSV row %d has %d tabs, header %d", lines + 1, tabs, tsv_cols);
            }
            lines++;
            i += ll + 1;
        }
        if (lines != n) fz_fail("%d events but %d output lines", n, lines);
    }
    dy_buf_free(&out);
    const dy_event_view *ev = NULL;
    int m = dy_code_events(wk[which], &d, &ev);
    fz_assert(m == n || explain);
    for (int i = 0; i < m; i++) {
        const dy_event_view *v = &ev[i];
        fz_assert(v->cameo && v->verb_start <= v->verb_end && v->verb_end <= size);
        if (v->src_code) fz_assert(v->src_start <= v->src_end && v->src_end <= size);
        if (v->tgt_code) fz_assert(v->tgt_start <= v->tgt_end && v->tgt_end <= size);
        fz_assert(v->quad >= 0 && v->quad <= 4);
    }
    return 0;
}
