/* code_api.c: POST /api/code: code the posted text with the server's engine
 * and answer its events with their spans and the rules that fired.
 *
 * Why here and not through the store: the "paste an article" box of the
 * page must work on text nobody stored, and it must write nothing.  The body
 * is either the text itself (Content-Type text/plain) or JSON
 * {"text": "...", "date": "YYYY-MM-DD", "id": "..."} (application/json,
 * parsed with cJSON).  Without a date the dateline ("MOSCOW, July 8, 2024 -")
 * gives one, as for `dyad code`.  Offsets are byte offsets into the posted
 * text (UTF-8), the same numbers `dyad code` writes.
 *
 * Coding runs on a dy_worker taken from the app's pool (one per concurrent
 * request, reused), so requests never share a worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "serve_impl.h"
#include "read/reader.h"

static void span(dy_buf *b, const char *key, const dy_doc *doc, const char *code, size_t s, size_t e)
{
    dy_buf_printf(b, "\"%s\": {", key);
    if (code) {
        DY_BUF_LIT(b, "\"code\": ");
        dy_buf_json_str(b, code, strlen(code));
        DY_BUF_LIT(b, ", ");
    }
    DY_BUF_LIT(b, "\"text\": ");
    dy_buf_json_str(b, doc->text + s, e - s);
    dy_buf_printf(b, ", \"start\": %zu, \"end\": %zu}", s, e);
}

/* The dictionary file as data/-relative path ("verbs/consult.txt"), else its name. */
static const char *short_file(const char *f)
{
    const char *d = strstr(f, "/data/");
    if (d) return d + 6;
    const char *sl = strrchr(f, '/');
    return sl ? sl + 1 : f;
}

void dy_serve_event_json(dy_buf *b, const dy_doc *doc, const dy_event_view *v)
{
    dy_buf_printf(b, "{\"sent\": %d, \"date\": ", v->sent);
    dy_buf_json_str(b, v->date ? v->date : "", v->date ? strlen(v->date) : 0);
    DY_BUF_LIT(b, ", ");
    if (v->src_code) { span(b, "source", doc, v->src_code, v->src_start, v->src_end); DY_BUF_LIT(b, ", "); }
    if (v->tgt_code) { span(b, "target", doc, v->tgt_code, v->tgt_start, v->tgt_end); DY_BUF_LIT(b, ", "); }
    span(b, "verb", doc, NULL, v->verb_start, v->verb_end);
    DY_BUF_LIT(b, ", \"cameo\": ");
    dy_buf_json_str(b, v->cameo, strlen(v->cameo));
    dy_buf_printf(b, ", \"root\": \"%.2s\", \"quad\": %d, \"goldstein\": ", v->cameo, v->quad);
    dy_buf_fixed(b, v->goldstein, 1);
    DY_BUF_LIT(b, ", \"plover\": ");
    if (v->plover) dy_buf_json_str(b, v->plover, strlen(v->plover));
    else DY_BUF_LIT(b, "null");
    DY_BUF_LIT(b, ", \"mode\": ");
    dy_buf_json_str(b, v->mode ? v->mode : "", v->mode ? strlen(v->mode) : 0);
    if (v->has_place) {
        DY_BUF_LIT(b, ", \"place\": {\"country\": ");
        if (v->place_country) dy_buf_json_str(b, v->place_country, strlen(v->place_country));
        else DY_BUF_LIT(b, "null");
        if (v->place_name) {
            DY_BUF_LIT(b, ", \"name\": ");
            dy_buf_json_str(b, v->place_name, strlen(v->place_name));
            DY_BUF_LIT(b, ", \"lat\": ");
            dy_buf_fixed(b, v->place_lat, 4);
            DY_BUF_LIT(b, ", \"lon\": ");
            dy_buf_fixed(b, v->place_lon, 4);
        }
        dy_buf_printf(b, ", \"start\": %zu, \"end\": %zu}", v->place_start, v->place_end);
    }
    DY_BUF_LIT(b, ", \"rule\": ");
    if (v->rule_text) {
        DY_BUF_LIT(b, "{\"pattern\": ");
        dy_buf_json_str(b, v->rule_text, strlen(v->rule_text));
        DY_BUF_LIT(b, ", \"file\": ");
        const char *f = v->rule_file ? short_file(v->rule_file) : "";
        dy_buf_json_str(b, f, strlen(f));
        dy_buf_printf(b, ", \"line\": %u}", v->rule_line);
    } else DY_BUF_LIT(b, "null");
    dy_buf_printf(b, ", \"sentence\": {\"start\": %zu, \"end\": %zu, \"text\": ", v->sent_start, v->sent_end);
    dy_buf_json_str(b, doc->text + v->sent_start, v->sent_end - v->sent_start);
    DY_BUF_LIT(b, "}}");
}

static int ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    if (!ct) return 0;
    while (*ct == ' ') ct++;
    return !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static const dy_pspec CODE_PARAMS[] = {
    { "date", DY_P_DATE, 0, 0, NULL },
    { "id", DY_P_ID, 0, 0, NULL },
    { NULL, 0, 0, 0, NULL },
};

void dy_serve_code(dy_serve_app *a, const dy_http_req *q, dy_http_resp *r)
{
    char err[512];
    int rc = dy_http_check_params(q, CODE_PARAMS, err, sizeof err);
    if (rc) { dy_serve_error(r, rc, "%s", err); return; }
    dy_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = dy_http_param_get(q, "id") ? dy_http_param_get(q, "id") : "posted";
    doc.input = "POST /api/code";
    const char *date = dy_http_param_get(q, "date");
    cJSON *js = NULL;
    if (ctype_is(q->ctype, "application/json")) {
        js = cJSON_ParseWithLength(q->body ? q->body : "", q->len);
        if (!js || !cJSON_IsObject(js)) {
            const char *at = cJSON_GetErrorPtr();
            size_t off = at && q->body && at >= q->body && at <= q->body + q->len ? (size_t)(at - q->body) : 0;
            cJSON_Delete(js);
            dy_serve_error(r, 400, "the body is not a JSON object (near byte %zu); send {\"text\": \"...\"} or text/plain", off);
            return;
        }
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(js, "text");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(js, "date");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(js, "id");
        for (const cJSON *it = js->child; it; it = it->next)
            if (!it->string || (strcmp(it->string, "text") && strcmp(it->string, "date") && strcmp(it->string, "id"))) {
                dy_serve_error(r, 400, "unknown field \"%s\" in the body (known: text, date, id)", it->string ? it->string : "");
                cJSON_Delete(js);
                return;
            }
        if (!cJSON_IsString(t)) { cJSON_Delete(js); dy_serve_error(r, 400, "the body needs \"text\": a string"); return; }
        if (d && !cJSON_IsNull(d)) {
            if (!cJSON_IsString(d)) { cJSON_Delete(js); dy_serve_error(r, 400, "\"date\" must be a string YYYY-MM-DD"); return; }
            dy_pspec ds = { "date", DY_P_DATE, 0, 0, NULL };
            if (dy_http_check_value(&ds, d->valuestring, err, sizeof err)) { cJSON_Delete(js); dy_serve_error(r, 400, "%s", err); return; }
            date = d->valuestring;
        }
        if (id && !cJSON_IsNull(id)) {
            if (!cJSON_IsString(id) || !*id->valuestring || strlen(id->valuestring) > 512) {
                cJSON_Delete(js);
                dy_serve_error(r, 400, "\"id\" must be a string of 1 to 512 bytes");
                return;
            }
            doc.id = id->valuestring;
        }
        doc.text = t->valuestring;
        doc.len = strlen(t->valuestring);   /* cJSON strings end at an escaped \u0000 */
    } else if (ctype_is(q->ctype, "text/plain")) {
        doc.text = q->body ? q->body : "";
        doc.len = q->len;
    } else {
        dy_serve_error(r, 415, "POST /api/code takes text/plain or application/json (got %s)", q->ctype ? q->ctype : "no Content-Type");
        return;
    }
    if (doc.len == 0) { cJSON_Delete(js); dy_serve_error(r, 400, "no text to code"); return; }
    if (date) dy_scopy(doc.date, sizeof doc.date, date);
    else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        if (dy_find_dateline(doc.text, doc.len, tm.tm_year + 1900, doc.date)) doc.date[0] = 0;
    }
    dy_worker *w = dy_serve_take_worker(a);
    if (!w) { cJSON_Delete(js); dy_serve_error(r, 503, "out of memory (no coding worker)"); return; }
    double t0 = dy_serve_now();
    const dy_event_view *ev = NULL;
    int n = dy_code_events(w, &doc, &ev);
    double ms = (dy_serve_now() - t0) * 1e3;
    if (n < 0) {
        dy_serve_give_worker(a, w);
        cJSON_Delete(js);
        dy_serve_error(r, 503, "out of memory coding the text");
        return;
    }
    dy_serve_json(r);
    dy_buf *b = &r->body;
    DY_BUF_LIT(b, "{\"doc\": ");
    dy_buf_json_str(b, doc.id, strlen(doc.id));
    DY_BUF_LIT(b, ", \"date\": ");
    if (doc.date[0]) dy_buf_json_str(b, doc.date, strlen(doc.date));
    else DY_BUF_LIT(b, "null");
    dy_buf_printf(b, ", \"bytes\": %zu, \"ms\": ", doc.len);
    dy_buf_fixed(b, ms, 2);
    dy_buf_printf(b, ", \"count\": %d, \"events\": [", n);
    int shown = n > a->o.max_results ? a->o.max_results : n;
    for (int i = 0; i < shown; i++) {
        if (i) DY_BUF_LIT(b, ",\n ");
        dy_serve_event_json(b, &doc, &ev[i]);
    }
    dy_buf_printf(b, "], \"truncated\": %s}\n", shown < n ? "true" : "false");
    dy_serve_give_worker(a, w);
    cJSON_Delete(js);
   
}
