#!/usr/bin/env python3
"""plv-actor-coverage.py: how often dyad finds the gold actors of PLV_train.

For every row of PLV_train.tsv, the marked source (<s>..</s>) and target
(<t>..</t>) spans must each overlap an actor mention that dyad found in that
sentence (any code).  Prints the share of rows for source, target and both.

Usage: tools/plv-actor-coverage.py [PLV_train.tsv] [--dyad build/dyad] [--show N]
Runs `dyad code --format actors --unknown-actors` on the sentences itself.
"""
import csv, json, re, subprocess, sys, os

def main():
    args = sys.argv[1:]
    tsv = '../shared/eval/plv/PLV_train.tsv'
    dyad = 'build/dyad'
    show = 0
    i = 0
    while i < len(args):
        if args[i] == '--dyad': dyad = args[i + 1]; i += 2
        elif args[i] == '--show': show = int(args[i + 1]); i += 2
        else: tsv = args[i]; i += 1
    if not os.path.exists(tsv):
        print('plv-actor-coverage: %s not found (../shared absent?)' % tsv, file=sys.stderr)
        return 2
    rows = list(csv.DictReader(open(tsv, encoding='utf-8'), delimiter='\t'))
    docs, spans = [], []
    for k, r in enumerate(rows):
        m = r['marked_sentence']
        text, sp, pos = '', {}, 0
        for tok in re.split(r'(</?[st]>)', m):
            if tok in ('<s>', '<t>'): sp[tok[1]] = [len(text.encode('utf-8')), None]
            elif tok in ('</s>', '</t>'): sp[tok[2]][1] = len(text.encode('utf-8'))
            else: text += tok
        docs.append(json.dumps({'id': 'r%d' % k, 'date': '2020-01-01', 'text': text}))
        spans.append(sp)
    out = subprocess.run([dyad, 'code', '--format', 'actors', '--unknown-actors', '--input-format', 'jsonl'],
                         input='\n'.join(docs) + '\n', capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
        return 2
    ments = {}
    for line in out.stdout.splitlines():
        a = json.loads(line)
        ments.setdefault(a['doc'], []).append((a['start'], a['end']))
    hit = {'s': 0, 't': 0, 'both': 0}
    n = 0
    missed = []
    for k, sp in enumerate(spans):
        if 's' not in sp or 't' not in sp: continue
        n += 1
        ms = ments.get('r%d' % k, [])
        ok = {}
        for role in 's', 't':
            a, b = sp[role]
            ok[role] = any(s < b and e > a for s, e in ms)
            if ok[role]: hit[role] += 1
        if ok['s'] and ok['t']: hit['both'] += 1
        else: missed.append((k, ok))
    print('rows %d  source found %.3f  target found %.3f  both %.3f' % (n, hit['s'] / n, hit['t'] / n, hit['both'] / n))
    for k, ok in missed[:show]:
        r = rows[k]
        print('  missed %s%s: %s' % ('' if ok['s'] else 'S', '' if ok['t'] else 'T', r['marked_sentence'][:200]))
    return 0

sys.exit(main())
