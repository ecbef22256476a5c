/* html.c: an HTML page -> its article text, title, date, URL and outlet.
 *
 * Why by hand on top of libxml2: libxml2's HTML parser turns tag soup into a
 * DOM (broken tags, entities, scripts holding "</div>", charsets), but no
 * Debian C library picks the article out of a page.  This is the classic
 * text-density method (as in Readability and jusText) over that DOM:
 *
 *  1. one iterative walk (no recursion: nesting depth cannot blow the stack)
 *     drops what is never article text: script, style, nav, aside, footer,
 *     forms, figures, hidden elements, and elements whose class/id/role
 *     names boilerplate (cookie banners, share bars, related stories, ads,
 *     newsletters, comments); it counts the text and link text under every
 *     element and reads the metadata on the way (meta, link, time, JSON-LD);
 *  2. every paragraph of 25+ characters scores its parent (and half its
 *     grandparent) by length and commas; a container's score is scaled by
 *     (1 - link density), with a bonus for <article>, <main> and schema.org
 *     articleBody; the best container is the article;
 *  3. the article's text is collected block by block, leaving out link-dense
 *     blocks (related-story lists), short unpunctuated lines ("Advertisement",
 *     "Share") and the h1 (it is the title).
 *
 * Date: article:published_time (and its meta cousins), JSON-LD
 * datePublished, the first <time datetime>, else a dateline in the text.
 * URL: <link rel=canonical>, og:url, else the page's own address.  Outlet:
 * og:site_name, JSON-LD publisher.name, else the URL's domain. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdint.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <cJSON.h>
#include "internal.h"
#include "read/reader.h"
#include "core/buf.h"

#define MAX_DEPTH_WARN 255

typedef struct est {
    size_t text, link;      /* non-space text bytes under the element; those inside <a> */
    size_t commas;
    double score;
    unsigned removed : 1, inlink : 1, hint : 1, scored : 1;
} est;

typedef struct ext {
    est *e; size_t ne, cap;
    char *og_title, *title_tag, *h1, *og_site, *ld_publisher, *ld_headline;
    char *canonical, *og_url;
    char date_meta[11], date_ld[11], date_time[11];
    int maxdepth;
} ext;

static const char *const DROP_TAGS[] = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "nav", "aside",
    "footer", "form", "button", "select", "textarea", "input", "label", "figure", "figcaption", "menu", "dialog",
    "picture", "video", "audio", "map", "head", "title", "meta", "link", NULL };

/* class/id/role words that name boilerplate */
static const char *const BOILER[] = {
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "share", "sharing", "sharebar", "social", "related",
    "recommended", "recirculation", "promo", "ad", "ads", "advert", "adverts", "advertisement", "advertising",
    "sponsor", "sponsored", "cookie", "cookies", "consent", "gdpr", "banner", "newsletter", "subscribe",
    "subscription", "signup", "comment", "comments", "breadcrumb", "breadcrumbs", "popup", "modal", "overlay",
    "taboola", "outbrain", "widget", "trending", "popular", "masthead", "toolbar", "pagination", "paywall",
    "disclaimer", "tags", "topics", "readmore", "teaser", "teasers", "complementary", "contentinfo", "banner",
    "dialog", "alert", "rail", NULL };

static int in_list(const char *w, const char *const *l)
{
    for (; *l; l++) if (!strcmp(w, *l)) return 1;
    return 0;
}

static int tag_is(const xmlNode *n, const char *t) { return n->name && !strcmp((const char *)n->name, t); }

static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* does any word of s (split at non-alphanumerics, lowercased) name boilerplate? */
static int boiler_words(const char *s)
{
    char w[32];
    size_t k = 0;
    for (const char *p = s;; p++) {
        if (*p && isalnum((unsigned char)*p)) { if (k < sizeof w - 1) w[k++] = (char)tolower((unsigned char)*p); continue; }
        if (k) { w[k] = 0; if (in_list(w, BOILER)) return 1; k = 0; }
        if (!*p) return 0;
    }
}

static int has_word(const char *s, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = s; (p = strstr(p, word)); p += wl) {
        int l = p == s || !isalnum((unsigned char)p[-1]), r = !isalnum((unsigned char)p[wl]);
        if (l && r) return 1;
    }
    return 0;
}

static int removed_element(xmlNode *n)
{
    const char *t = (const char *)n->name;
    if (in_list(t, DROP_TAGS)) return 1;
    if (!strcmp(t, "html") || !strcmp(t, "body") || !strcmp(t, "main") || !strcmp(t, "article")) return 0;
    int rm = 0;
    char *v;
    if ((v = attr(n, "itemprop"))) { int body = strstr(v, "articleBody") != NULL; free(v); if (body) return 0; }
    if ((v = attr(n, "hidden"))) { free(v); return 1; }
    if ((v = attr(n, "aria-hidden"))) { rm = !strcmp(v, "true"); free(v); if (rm) return 1; }
    if ((v = attr(n, "style"))) {
        char *q = v; for (; *q; q++) *q = (char)tolower((unsigned char)*q);
        char *sq = v, *w = v; for (; *sq; sq++) if (*sq != ' ') *w++ = *sq; *w = 0;
        rm = strstr(v, "display:none") || strstr(v, "visibility:hidden");
        free(v);
        if (rm) return 1;
    }
    if ((v = attr(n, "class"))) { rm = boiler_words(v); free(v); if (rm) return 1; }
    if ((v = attr(n, "id"))) { rm = boiler_words(v); free(v); if (rm) return 1; }
    if ((v = attr(n, "role"))) { rm = boiler_words(v); free(v); if (rm) return 1; }
    return 0;
}

static int hint_element(xmlNode *n)
{
    if (tag_is(n, "article") || tag_is(n, "main")) return 1;
    char *v;
    int h = 0;
    if ((v = attr(n, "itemprop"))) { h = strstr(v, "articleBody") != NULL; free(v); if (h) return 2; }
    if ((v = attr(n, "itemtype"))) { h = strstr(v, "Article") != NULL; free(v); if (h) return 1; }
    if ((v = attr(n, "class"))) {
        h = has_word(v, "article-body") || has_word(v, "story-body") || has_word(v, "article-content") ||
            has_word(v, "entry-content") || has_word(v, "post-content");
        free(v);
    }
    return h;
}

static est *E(ext *x, xmlNode *n) { return n->_private ? &x->e[(uintptr_t)n->_private - 1] : NULL; }

/* collapse whitespace (and U+00A0) of s into one line */
static char *clean_line(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *o = malloc(n + 1), *w = o;
    if (!o) return NULL;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ws = isspace(c) || (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0);
        if (ws) { if (c == 0xC2) i++; sp = w != o; continue; }
        if (sp) { *w++ = ' '; sp = 0; }
        *w++ = (char)c;
    }
    *w = 0;
    return o;
}

static char *node_text(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return NULL;
    char *s = clean_line((const char *)c);
    xmlFree(c);
    return s;
}

static void set_date(char dst[11], const char *v)
{
    if (!dst[0] && v) dy_any_date(v, dst);
}

/* JSON-LD: datePublished, publisher.name, headline, anywhere in the tree (depth-limited) */
static void ld_walk(ext *x, cJSON *j, int depth)
{
    if (!j || depth > 12) return;
    if (cJSON_IsObject(j)) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "datePublished");
        if (cJSON_IsString(v)) set_date(x->date_ld, v->valuestring);
        v = cJSON_GetObjectItemCaseSensitive(j, "headline");
        if (cJSON_IsString(v) && !x->ld_headline) x->ld_headline = clean_line(v->valuestring);
        v = cJSON_GetObjectItemCaseSensitive(j, "publisher");
        if (cJSON_IsObject(v)) {
            cJSON *nm = cJSON_GetObjectItemCaseSensitive(v, "name");
            if (cJSON_IsString(nm) && !x->ld_publisher) x->ld_publisher = clean_line(nm->valuestring);
        }
    }
    if (cJSON_IsObject(j) || cJSON_IsArray(j))
        for (cJSON *c = j->child; c; c = c->next) ld_walk(x, c, depth + 1);
}

static void read_meta(ext *x, xmlNode *n)
{
    const char *t = (const char *)n->name;
    if (!strcmp(t, "meta")) {
        char *p = attr(n, "property"), *nm = attr(n, "name"), *ip = attr(n, "itemprop"), *c = attr(n, "content");
        const char *k = p ? p : nm ? nm : ip;
        if (k && c) {
            if (!strcmp(k, "og:title") && !x->og_title) x->og_title = clean_line(c);
            else if (!strcmp(k, "og:site_name") && !x->og_site) x->og_site = clean_line(c);
            else if (!strcmp(k, "og:url") && !x->og_url) x->og_url = clean_line(c);
            else if (!strcmp(k, "article:published_time") || !strcmp(k, "datePublished") || !strcmp(k, "pubdate") ||
                     !strcmp(k, "publishdate") || !strcmp(k, "date") || !strcmp(k, "DC.date.issued") ||
                     !strcmp(k, "dc.date") || !strcmp(k, "parsely-pub-date") || !strcmp(k, "sailthru.date"))
                set_date(x->date_meta, c);
        }
        free(p); free(nm); free(ip); free(c);
    } else if (!strcmp(t, "link")) {
        char *rel = attr(n, "rel");
        if (rel && has_word(rel, "canonical") && !x->canonical) x->canonical = attr(n, "href");
        free(rel);
    } else if (!strcmp(t, "title")) {
        if (!x->title_tag) x->title_tag = node_text(n);
    } else if (!strcmp(t, "script")) {
        char *ty = attr(n, "type");
        if (ty && strstr(ty, "ld+json")) {
            xmlChar *c = xmlNodeGetContent(n);
            if (c) {
                cJSON *j = cJSON_Parse((const char *)c);
                ld_walk(x, j, 0);
                cJSON_Delete(j);
                xmlFree(c);
            }
        }
        free(ty);
    } else if (!strcmp(t, "time")) {
        char *dt = attr(n, "datetime");
        set_date(x->date_time, dt);
        free(dt);
    }
}

static size_t visible_len(const char *s, size_t *commas)
{
    size_t n = 0;
    for (; *s; s++) {
        if (!isspace((unsigned char)*s)) n++;
        if (*s == ',') (*commas)++;
    }
    return n;
}

static int is_para(const xmlNode *n)
{
    return tag_is(n, "p") || tag_is(n, "pre") || tag_is(n, "blockquote") || tag_is(n, "td") || tag_is(n, "li") ||
           tag_is(n, "div") || tag_is(n, "section");
}

static int is_block(const xmlNode *n)
{
    static const char *const B[] = { "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
        "table", "tr", "td", "th", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "header",
        "body", "address", "center", NULL };
    return n->type == XML_ELEMENT_NODE && in_list((const char *)n->name, B);
}

/* pass 1: stats, removal, metadata */
static int pass1(ext *x, xmlNode *root)
{
    xmlNode *n = root;
    int depth = 0;
    for (;;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            read_meta(x, n);
            if (x->ne == x->cap) {
                size_t nc = x->cap ? x->cap * 2 : 1024;
                est *ne = realloc(x->e, nc * sizeof *ne);
                if (!ne) return -1;
                x->e = ne; x->cap = nc;
            }
            est *e = &x->e[x->ne++];
            memset(e, 0, sizeof *e);
            n->_private = (void *)(uintptr_t)x->ne;
            est *pe = n->parent && n->parent->type == XML_ELEMENT_NODE ? E(x, n->parent) : NULL;
            e->inlink = tag_is(n, "a") || (pe && pe->inlink);
            e->removed = removed_element(n);
            e->hint = hint_element(n) != 0;
            if (tag_is(n, "h1") && !x->h1 && !e->removed) x->h1 = node_text(n);
            descend = !e->removed || tag_is(n, "head");   /* head: for its meta, link and title */
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            est *pe = n->parent ? E(x, n->parent) : NULL;
            if (pe && n->content) {
                size_t commas = 0, l = visible_len((const char *)n->content, &commas);
                pe->text += l;
                pe->commas += commas;
                if (pe->inlink) pe->link += l;
            }
        }
        if (descend && n->children) {
            n = n->children;
            if (++depth > x->maxdepth) x->maxdepth = depth;
            continue;
        }
        for (;;) {
            if (n->type == XML_ELEMENT_NODE && n != root) {
                est *e = E(x, n), *pe = n->parent ? E(x, n->parent) : NULL;
                if (e && pe && !e->removed) { pe->text += e->text; pe->link += e->link; pe->commas += e->commas; }
            }
            if (n == root) return 0;
            if (n->next) { n = n->next; break; }
            n = n->parent;
            depth--;
        }
    }
}

/* own text of an element: text directly inside it and inside inline children
 * (an approximation: all text minus the text of block children) */
static size_t own_text(ext *x, xmlNode *n)
{
    est *e = E(x, n);
    size_t t = e->text - e->link;
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_block(c)) { est *ce = E(x, c); if (ce && !ce->removed) t -= ce->text - ce->link < t ? ce->text - ce->link : t; }
    return t;
}

/* pass 2: paragraph scores to parents; returns the best container */
static xmlNode *pass2(ext *x, xmlNode *root)
{
    xmlNode *n = root, *best = NULL, *forced = NULL;
    double bests = 0;
    for (;;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            est *e = E(x, n);
            if (e && !e->removed) {
                descend = 1;
                if (!forced && hint_element(n) == 2 && e->text > 200) forced = n;
                if (is_para(n)) {
                    size_t own = own_text(x, n);
                    if (own >= 25) {
                        double s = 1 + (double)e->commas * 0.5 + (own / 100.0 > 3 ? 3 : own / 100.0);
                        xmlNode *p = n->parent;
                        if (p && p->type == XML_ELEMENT_NODE && E(x, p)) {
                            E(x, p)->score += s; E(x, p)->scored = 1;
                            xmlNode *g = p->parent;
                            if (g && g->type == XML_ELEMENT_NODE && E(x, g)) { E(x, g)->score += s / 2; E(x, g)->scored = 1; }
                        }
                    }
                }
            }
        }
        if (descend && n->children) { n = n->children; continue; }
        for (;;) {
            if (n == root) goto done;
            if (n->next) { n = n->next; break; }
            n = n->parent;
        }
    }
done:
    if (forced) return forced;
    /* walk again to pick the best scored container */
    n = root;
    for (;;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            est *e = E(x, n);
            if (e && !e->removed) {
                descend = 1;
                if (e->scored && e->text) {
                    double ld = (double)e->link / (double)e->text;
                    double s = e->score * (1 - ld) * (e->hint ? 1.5 : 1.0);
                    if (s > bests) { bests = s; best = n; }
                }
            }
        }
        if (descend && n->children) { n = n->children; continue; }
        for (;;) {
            if (n == root) return best;
            if (n->next) { n = n->next; break; }
            n = n->parent;
        }
    }
}

/* does this finished block look like text (not "Advertisement", "Share")? */
static int keep_block(const char *s, size_t n)
{
    if (n >= 40) return 1;
    while (n && (s[n - 1] == ' ')) n--;
    if (!n) return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == '"' || c == ':' || c == ')') return n >= 12;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 && (c == 0x9D || c == 0x99)) return n >= 12;
    return 0;
}

typedef struct col { dy_buf out; size_t block_start; int sp; } col;

static void col_break(col *c)
{
    size_t bl = c->out.len - c->block_start;
    if (bl && !keep_block(c->out.p + c->block_start, bl)) { c->out.len = c->block_start; if (c->out.p) c->out.p[c->out.len] = 0; }
    else if (bl) { dy_buf_add(&c->out, "\n\n", 2); }
    c->block_start = c->out.len;
    c->sp = 0;
}

static void col_text(col *c, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        int ws = isspace(ch) || (ch == 0xC2 && (unsigned char)s[1] == 0xA0);
        if (ws) { if (ch == 0xC2) s++; c->sp = 1; continue; }
        if (c->sp && c->out.len > c->block_start) dy_buf_add(&c->out, " ", 1);
        c->sp = 0;
        dy_buf_add(&c->out, s, 1);
    }
}

/* pass 3: the article's text */
static void collect(ext *x, xmlNode *root, col *c)
{
    xmlNode *n = root;
    for (;;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            est *e = E(x, n);
            descend = e && !e->removed;
            if (descend && n != root && e->text && tag_is(n, "h1")) descend = 0;
            if (descend && n != root && e->text && (double)e->link / (double)e->text > 0.5 && !tag_is(n, "a")) descend = 0;
            if (is_block(n)) col_break(c);
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) col_text(c, (const char *)n->content);
        }
        if (descend && n->children) { n = n->children; continue; }
        for (;;) {
            if (n->type == XML_ELEMENT_NODE && is_block(n)) col_break(c);
            if (n == root) return;
            if (n->next) { n = n->next; break; }
            n = n->parent;
        }
    }
}

void dy_article_free(dy_article *a)
{
    if (!a) return;
    free(a->text); free(a->title); free(a->url); free(a->outlet); free(a->warning);
    memset(a, 0, sizeof *a);
}

char *dy_url_outlet(const char *url)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *at = NULL;
    for (const char *q = p; *q && *q != '/' && *q != '?' && *q != '#'; q++) if (*q == '@') at = q;
    if (at) p = at + 1;
    size_t n = 0;
    while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?' && p[n] != '#') n++;
    if (!n) return NULL;
    if (n > 4 && !strncmp(p, "www.", 4)) { p += 4; n -= 4; }
    char *o = malloc(n + 1);
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) o[i] = (char)tolower((unsigned char)p[i]);
    o[n] = 0;
    return o;
}

static char *resolve(const char *href, const char *base)
{
    if (!href || !*href) return NULL;
    if (!base) return strdup(href);
    xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
    if (!u) return strdup(href);
    char *s = strdup((const char *)u);
    xmlFree(u);
    return s;
}

static void ext_free(ext *x)
{
    free(x->e); free(x->og_title); free(x->title_tag); free(x->h1); free(x->og_site); free(x->ld_publisher);
    free(x->ld_headline); free(x->canonical); free(x->og_url);
}

static htmlDocPtr parse_html(const char *html, size_t len, const char *base_url, const char *charset)
{
    if (len > (size_t)INT32_MAX) return NULL;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    if (!ctx) return NULL;
    htmlDocPtr d = htmlCtxtReadMemory(ctx, html, (int)len, base_url, charset, opts);
    if (!d && charset) d = htmlCtxtReadMemory(ctx, html, (int)len, base_url, NULL, opts);   /* unknown charset name */
    htmlFreeParserCtxt(ctx);
    return d;
}

int dy_html_extract(const char *html, size_t len, const char *base_url, const char *charset,
                    int fallback_year, dy_article *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    htmlDocPtr d = parse_html(html, len, base_url, charset);
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root) {
        if (d) xmlFreeDoc(d);
        snprintf(err, errlen, "not an HTML page (no elements)");
        return -1;
    }
    ext x;
    memset(&x, 0, sizeof x);
    if (pass1(&x, root)) { ext_free(&x); xmlFreeDoc(d); snprintf(err, errlen, "out of memory"); return -1; }
    xmlNode *best = pass2(&x, root);
    if (!best) {
        /* no paragraph of 25+ characters: take the body */
        for (xmlNode *c = root->children; c; c = c->next) if (c->type == XML_ELEMENT_NODE && tag_is(c, "body")) best = c;
        if (!best) best = root;
    }
    col c;
    memset(&c, 0, sizeof c);
    dy_buf_init(&c.out);
    collect(&x, best, &c);
    col_break(&c);
    while (c.out.len && (c.out.p[c.out.len - 1] == '\n')) c.out.len--;
    if (c.out.oom) { dy_buf_free(&c.out); ext_free(&x); xmlFreeDoc(d); snprintf(err, errlen, "out of memory"); return -1; }
    out->text = c.out.p ? c.out.p : strdup("");
    if (out->text) out->text[c.out.len] = 0;
    out->len = c.out.len;
    if (x.maxdepth > MAX_DEPTH_WARN) {
        char w[160];
        snprintf(w, sizeof w, "HTML nested deeper than %d elements: the parser stops there, the rest of the page is lost",
                 MAX_DEPTH_WARN + 1);
        out->warning = strdup(w);
    }
    /* title: og:title, JSON-LD headline, the h1, the <title> */
    const char *t = x.og_title ? x.og_title : x.ld_headline ? x.ld_headline : x.h1 ? x.h1 : x.title_tag;
    if (t && *t) out->title = strdup(t);
    /* URL */
    out->url = resolve(x.canonical ? x.canonical : x.og_url, base_url ? base_url : x.og_url);
    if (!out->url && base_url) out->url = strdup(base_url);
    /* outlet */
    if (x.og_site && *x.og_site) out->outlet = strdup(x.og_site);
    else if (x.ld_publisher && *x.ld_publisher) out->outlet = strdup(x.ld_publisher);
    else out->outlet = dy_url_outlet(out->url);
    /* date */
    if (x.date_meta[0]) { memcpy(out->date, x.date_meta, 11); out->date_from = "article:published_time"; }
    else if (x.date_ld[0]) { memcpy(out->date, x.date_ld, 11); out->date_from = "json-ld"; }
    else if (x.date_time[0]) { memcpy(out->date, x.date_time, 11); out->date_from = "time"; }
    else if (out->text && dy_find_dateline(out->text, out->len, fallback_year, out->date) == 0) out->date_from = "dateline";
    ext_free(&x);
    xmlFreeDoc(d);
    if (!out->text) { dy_article_free(out); snprintf(err, errlen, "out of memory"); return -1; }
    return 0;
}

char *dy_html_fragment_text(const char *html, size_t len, size_t *outlen)
{
    *outlen = 0;
    htmlDocPtr d = parse_html(html, len, NULL, "UTF-8");
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root) { if (d) xmlFreeDoc(d); return NULL; }
    col c;
    memset(&c, 0, sizeof c);
    dy_buf_init(&c.out);
    xmlNode *n = root;
    for (;;) {
        int descend = 1;
        if (n->type == XML_ELEMENT_NODE) {
            if (tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "head")) descend = 0;
            if (is_block(n) && c.out.len > c.block_start) { dy_buf_add(&c.out, "\n\n", 2); c.block_start = c.out.len; c.sp = 0; }
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) col_text(&c, (const char *)n->content);
        }
        if (descend && n->children) { n = n->children; continue; }
        for (;;) {
            if (n == root) goto done;
            if (n->next) { n = n->next; break; }
            n = n->parent;
        }
    }
done:
    xmlFreeDoc(d);
    while (c.out.len && c.out.p[c.out.len - 1] == '\n') c.out.len--;
    if (c.out.oom) { dy_buf_free(&c.out); return NULL; }
    char *s = c.out.p ? c.out.p : strdup("");
    if (s) s[c.out.len] = 0;
    *outlen = c.out.len;
    return s;
}
