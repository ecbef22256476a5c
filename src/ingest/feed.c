/* feed.c: an RSS 2.0, RSS 1.0 (RDF) or Atom feed -> one document per item;
 * and the date parser the feeds, WARC and HTML readers share.
 *
 * Why: feeds are the other way news arrives.  libxml2's XML reader parses
 * the feed (no network, no entity expansion; a feed that is not well-formed
 * XML is refused with libxml2's line and message, never read as text).  Per
 * item: title; content:encoded / Atom content, else description / summary
 * (an HTML fragment: its text via html.c); link (Atom: rel=alternate href);
 * date from pubDate, dc:date, published or updated.  The outlet is the
 * channel's title, else the link's domain. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <time.h>
#include <libxml/parser.h>
#include "internal.h"
#include "read/reader.h"

struct dy_feed {
    xmlDocPtr doc;
    xmlNode *next;          /* next item/entry to return */
    char *outlet;
    long n;
};

void dy_cand_free(dy_cand *c)
{
    free(c->id); free(c->text); free(c->title); free(c->url); free(c->outlet);
    memset(c, 0, sizeof *c);
}

static int lname(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) if (lname(c, name)) return c;
    return NULL;
}

/* a child by local name and namespace prefix ("content:encoded" -> ns prefix "content") */
static xmlNode *child_ns(xmlNode *n, const char *prefix, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (lname(c, name) && c->ns && c->ns->prefix && !strcmp((const char *)c->ns->prefix, prefix)) return c;
    return NULL;
}

static char *content(xmlNode *n)
{
    if (!n) return NULL;
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return NULL;
    char *s = strdup((const char *)c);
    xmlFree(c);
    /* trim */
    if (s) {
        char *a = s;
        while (isspace((unsigned char)*a)) a++;
        size_t l = strlen(a);
        while (l && isspace((unsigned char)a[l - 1])) l--;
        memmove(s, a, l);
        s[l] = 0;
    }
    return s;
}

/* the item's HTML or text content as plain text */
static char *body_text(xmlNode *n, size_t *len)
{
    *len = 0;
    char *raw = content(n);
    if (!raw) return NULL;
    /* Atom type="xhtml" holds elements; type="html"/RSS hold escaped HTML: both give their text */
    if (strchr(raw, '<') || strchr(raw, '&')) {
        size_t l = 0;
        char *t = dy_html_fragment_text(raw, strlen(raw), &l);
        if (t) { free(raw); *len = l; return t; }
    }
    *len = strlen(raw);
    return raw;
}

dy_feed *dy_feed_parse(const char *xml, size_t len, const char *name, char *err, size_t errlen)
{
    if (len > (size_t)INT32_MAX) { snprintf(err, errlen, "%s: feed too large", name); return NULL; }
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx) { snprintf(err, errlen, "out of memory"); return NULL; }
    xmlDocPtr d = xmlCtxtReadMemory(ctx, xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!d) {
        const xmlError *e = xmlCtxtGetLastError(ctx);
        char msg[200] = "malformed";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t l = strlen(msg);
            while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' ')) msg[--l] = 0;
        }
        snprintf(err, errlen, "%s:%d:%d: not a well-formed XML feed (%s); file skipped", name, e ? e->line : 0,
                 e ? e->int2 : 0, msg);
        xmlFreeParserCtxt(ctx);
        return NULL;
    }
    xmlFreeParserCtxt(ctx);
    xmlNode *root = xmlDocGetRootElement(d);
    xmlNode *first = NULL, *chan = NULL;
    if (lname(root, "rss")) {
        chan = child(root, "channel");
        first = child(chan, "item");
    } else if (lname(root, "RDF")) {
        chan = child(root, "channel");
        first = child(root, "item");
    } else if (lname(root, "feed")) {
        chan = root;
        first = child(root, "entry");
    } else {
        snprintf(err, errlen, "%s:1: XML but not an RSS or Atom feed (root element <%s>); file skipped", name,
                 root && root->name ? (const char *)root->name : "none");
        xmlFreeDoc(d);
        return NULL;
    }
    dy_feed *f = calloc(1, sizeof *f);
    if (!f) { xmlFreeDoc(d); snprintf(err, errlen, "out of memory"); return NULL; }
    f->doc = d;
    f->next = first;
    f->outlet = content(child(chan, "title"));
    if (f->outlet && !*f->outlet) { free(f->outlet); f->outlet = NULL; }
    return f;
}

static int is_item(const xmlNode *n) { return lname(n, "item") || lname(n, "entry"); }

int dy_feed_next(dy_feed *f, dy_cand *c)
{
    memset(c, 0, sizeof *c);
    xmlNode *it = f->next;
    if (!it) return 0;
    xmlNode *nx = it->next;
    while (nx && !is_item(nx)) nx = nx->next;
    f->next = nx;
    f->n++;
    c->line = f->n;
    c->title = content(child(it, "title"));
    xmlNode *body = child_ns(it, "content", "encoded");
    if (!body) body = child(it, "content");
    if (!body) body = child(it, "description");
    if (!body) body = child(it, "summary");
    c->text = body_text(body, &c->len);
    if (!c->text) { c->text = strdup(""); c->len = 0; }
    /* link: RSS text, Atom href (rel alternate or none) */
    for (xmlNode *l = it->children; l && !c->url; l = l->next) {
        if (!lname(l, "link")) continue;
        xmlChar *href = xmlGetProp(l, (const xmlChar *)"href");
        if (href) {
            xmlChar *rel = xmlGetProp(l, (const xmlChar *)"rel");
            if (!rel || !strcmp((const char *)rel, "alternate")) c->url = strdup((const char *)href);
            if (rel) xmlFree(rel);
            xmlFree(href);
        } else c->url = content(l);
    }
    if (!c->url) c->url = content(child(it, "guid"));
    if (c->url && !*c->url) { free(c->url); c->url = NULL; }
    const char *dnames[] = { "pubDate", "date", "published", "updated", "issued", NULL };
    for (int k = 0; dnames[k] && !c->date[0]; k++) {
        char *ds = content(child(it, dnames[k]));
        if (ds) dy_any_date(ds, c->date);
        free(ds);
    }
    char *gid = content(child(it, "guid"));
    if (!gid) gid = content(child(it, "id"));
    c->id = gid && *gid ? gid : c->url ? strdup(c->url) : NULL;
    if (gid && !*gid) free(gid);
    c->outlet = f->outlet ? strdup(f->outlet) : dy_url_outlet(c->url);
    return 1;
}

void dy_feed_free(dy_feed *f)
{
    if (!f) return;
    xmlFreeDoc(f->doc);
    free(f->outlet);
    free(f);
}

int dy_any_date(const char *s, char out[11])
{
    static const char *const MON[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    if (n >= 8 && isdigit((unsigned char)s[0])) {
        size_t k = 0;
        while (k < n && !isspace((unsigned char)s[k])) k++;
        if (dy_parse_date(s, k, out) == 0) return 0;
        if (k > 10 && dy_parse_date(s, 10, out) == 0) return 0;
    }
    /* RFC 822: [Day,] DD Mon YYYY ... */
    const char *p = strchr(s, ',');
    p = p ? p + 1 : s;
    while (isspace((unsigned char)*p)) p++;
    int d = 0, y = 0, m = -1;
    if (!isdigit((unsigned char)*p)) return -1;
    while (isdigit((unsigned char)*p)) { if (d < 1000) d = d * 10 + (*p - '0'); p++; }
    while (*p == ' ' || *p == '-') p++;
    for (int k = 0; k < 12; k++)
        if (tolower((unsigned char)p[0]) == MON[k][0] && tolower((unsigned char)p[1]) == MON[k][1] &&
            tolower((unsigned char)p[2]) == MON[k][2]) m = k + 1;
    if (m < 0) return -1;
    while (isalpha((unsigned char)*p)) p++;
    while (*p == ' ' || *p == '-') p++;
    int nd = 0;
    while (isdigit((unsigned char)*p) && nd < 5) { y = y * 10 + (*p++ - '0'); nd++; }
    if (nd == 2) y += y < 70 ? 2000 : 1900;
    if (nd != 2 && nd != 4) return -1;
    char iso[40];
    if (y > 9999 || d > 99) return -1;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return dy_parse_date(iso, 10, out);
}
