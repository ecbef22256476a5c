#!/usr/bin/env python3
"""make-corpus.py: the benchmark corpus for `dyad code` throughput.

Real news sentences (PLV_train from ../shared, the seed article, dyad's own
example article), shuffled with a fixed seed into JSON Lines documents of
about 20 sentences, until N sentences (default 200,000, about 30 MB).

Usage: bench/make-corpus.py [N] > corpus.jsonl
"""
import csv, json, os, random, re, sys

def sentences():
    out = []
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    shared = os.path.join(root, '..', 'shared')
    plv = os.path.join(shared, 'eval', 'plv', 'PLV_train.tsv')
    if os.path.exists(plv):
        for r in csv.DictReader(open(plv, encoding='utf-8'), delimiter='\t'):
            out.append(r['sentence'].strip())
    for path in (os.path.join(shared, 'samples', 'seed-article.txt'), os.path.join(root, 'examples', 'modi-moscow.txt')):
        if os.path.exists(path):
            text = open(path, encoding='utf-8').read()
            out += [s.strip() for s in re.split(r'(?<=[.!?])\s+', text) if s.strip()]
    return out

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    pool = sentences()
    if not pool:
        sys.exit('make-corpus: no sentences found (../shared absent?)')
    rng = random.Random(20261127)
    made, doc = 0, 0
    w = sys.stdout
    while made < n:
        k = min(20, n - made)
        sents = [rng.choice(pool) for _ in range(k)]
        w.write(json.dumps({'id': 'bench-%06d' % doc, 'date': '2024-05-16', 'text': ' '.join(sents)}) + '\n')
        made += k
        doc += 1

main()
