#!/usr/bin/env python3
"""make-warc.py: a CC-NEWS-style WARC.gz of HTML pages for the ingest benchmark.

Each document of a JSON Lines corpus (bench/make-corpus.py's) becomes an HTML
page with the boilerplate news sites carry (head metadata, JSON-LD, scripts,
cookie banner, navigation, share bar, related stories, footer), served in a
`response` record; every fourth page is gzip content-coded, and a `request`
and a `metadata` record follow each response, as in Common Crawl.  Each record
is its own gzip member.

Usage: bench/make-warc.py CORPUS.jsonl N_DOCS > out.warc.gz
"""
import gzip, json, sys, html, uuid, random

def page(i, d):
    paras = ''.join('<p>%s</p>\n' % html.escape(s) for s in d['text'].split('. ') if s)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story %d | Bench Post</title>'
            '<meta property="og:site_name" content="Bench Post"><meta property="article:published_time" content="2024-05-16T08:00:00Z">'
            '<link rel="canonical" href="https://benchpost.example/world/%d"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Story %d"}</script>'
            '<script>var ads = "</div><p>Israel bombed Lebanon.</p>"; window.track && track();</script><style>.x{color:red}</style></head><body>'
            '<div class="cookie-banner"><p>We use cookies. China accepted the cookie policy.</p><button>OK</button></div>'
            '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>'
            '<main><article><h1>Story %d</h1><div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div><div class="article-body">%s</div>'
            '<aside class="related"><ul><li><a href="/r1">France condemned Germany over trade</a></li><li><a href="/r2">Japan protests to China</a></li></ul></aside>'
            '</article></main><footer><p>&copy; 2024 Bench Post</p></footer></body></html>') % (i, i, i, i, paras)

def record(typ, uri, ctype, block):
    h = ('WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-16T10:00:00Z\r\n'
         'Content-Type: %s\r\nContent-Length: %d\r\n\r\n') % (typ, uuid.UUID(int=random.getrandbits(128)), uri, ctype, len(block))
    return gzip.compress(h.encode() + block + b'\r\n\r\n', 6)

def main():
    random.seed(20261201)
    src, n = sys.argv[1], int(sys.argv[2])
    out = sys.stdout.buffer
    out.write(record('warcinfo', 'urn:bench', 'application/warc-fields', b'software: dyad bench/make-warc.py\r\n'))
    for i, line in enumerate(open(src, encoding='utf-8')):
        if i >= n: break
        d = json.loads(line)
        uri = 'https://benchpost.example/world/%d' % i
        body = page(i, d).encode()
        hdr = 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
        if i % 4 == 3:
            body = gzip.compress(body); hdr += 'Content-Encoding: gzip\r\n'
        hdr += 'Content-Length: %d\r\n\r\n' % len(body)
        out.write(record('request', uri, 'application/http; msgtype=request', ('GET /world/%d HTTP/1.1\r\nHost: benchpost.example\r\n\r\n' % i).encode()))
        out.write(record('response', uri, 'application/http; msgtype=response', hdr.encode() + body))
        out.write(record('metadata', uri, 'application/warc-fields', b'fetchTimeMs: 100\r\n'))

main()
