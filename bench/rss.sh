#!/bin/sh
# bench/rss.sh: resident memory for one long document (issue 12).
#   sh bench/rss.sh [MB...]          (default: 1 4 16)
# Each document is one plain-text file of about MB megabytes (10^6 bytes) made
# of the benchmark corpus's news sentences (bench/make-corpus.py, fixed seed),
# coded with `dyad code --max-doc-bytes` just above its size; prints the peak
# RSS from /usr/bin/time -v and the RSS of an empty document (dictionaries and
# model alone), so the difference is what the document costs.
set -e
cd "$(dirname "$0")/.."
D=${DYAD:-./build/dyad}
SIZES=${*:-1 4 16}
T=${TMPDIR:-/tmp}/dyad-rss-$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
C=bench/corpus-20000.jsonl
[ -f "$C" ] || python3 bench/make-corpus.py 20000 > "$C"
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.1f", $6/1024}'; }
: > "$T/empty.txt"
base=$(rss $D code "$T/empty.txt")
echo "empty document: peak RSS $base MB (dictionaries, model)"
for mb in $SIZES; do
    python3 - "$C" "$mb" "$T/doc-$mb.txt" <<'PY'
import json, sys
src, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
texts = [json.loads(l)['text'] for l in open(src, encoding='utf-8')]
want, n, i = int(mb * 1e6), 0, 0
with open(out, 'w', encoding='utf-8') as w:
    while n < want:
        t = texts[i % len(texts)] + '\n'
        w.write(t); n += len(t.encode('utf-8')); i += 1
PY
    bytes=$(wc -c < "$T/doc-$mb.txt")
    r=$(rss $D code --max-doc-bytes $((bytes + 1)) "$T/doc-$mb.txt")
    per=$(echo "($r - $base) * 1048576 / $bytes" | bc -l)
    printf '%5s MB document (%d bytes): peak RSS %8.1f MB  (%.1f bytes of RSS per input byte)\n' "$mb" "$bytes" "$r" "$per"
done
