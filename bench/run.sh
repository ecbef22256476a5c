#!/bin/sh
# bench/run.sh: the throughput benchmark of issue 5, with public tools only.
#   sh bench/run.sh [N_SENTENCES]      (default 200000)
# Builds the corpus (fixed seed), then runs `dyad code` on it: one thread and
# -j $(nproc), median of 5 runs each (wall and user CPU seconds from
# /usr/bin/time), checks that -j output is identical to -j 1, reports peak
# RSS, start-up time and the per-stage profile from --stats.  On a shared
# machine the wall times move with the load; the user-CPU figures and the
# -j speed-up (ratio of medians) are the steadier numbers.
set -e
cd "$(dirname "$0")/.."
N=${1:-200000}
C=bench/corpus-$N.jsonl
[ -f "$C" ] || python3 bench/make-corpus.py "$N" > "$C"
D=./build/dyad
J=$(nproc)
MB=$(du -m "$C" | cut -f1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $C, $(wc -l < "$C") documents, $N sentences generated, $MB MB"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {  # $1 = threads; prints "wall user" of 5 runs
    for i in 1 2 3 4 5; do
        /usr/bin/time -f '%e %U' -o /tmp/dyad-bench-time $D code -j "$1" "$C" > /dev/null
        cat /tmp/dyad-bench-time
    done
}
# the sentences dyad's splitter finds (the rates use these, not the nominal N)
S=$($D code --stats -j 1 "$C" 2>&1 >/dev/null | sed -n 's/.* docs, \([0-9]*\) sentences.*/\1/p')
echo "sentences found by the splitter: $S"
$D code -j 1 "$C" > /dev/null   # warm-up
run 1 > /tmp/dyad-bench-1; run "$J" > /tmp/dyad-bench-j
t1=$(cut -d' ' -f1 /tmp/dyad-bench-1 | median); u1=$(cut -d' ' -f2 /tmp/dyad-bench-1 | median)
tj=$(cut -d' ' -f1 /tmp/dyad-bench-j | median); uj=$(cut -d' ' -f2 /tmp/dyad-bench-j | median)
printf 'one thread : %.3f s wall, %.3f s user  %.0f sentences/s  %.2f MB/s\n' "$t1" "$u1" "$(echo "$S / $t1" | bc -l)" "$(echo "$MB / $t1" | bc -l)"
printf '%d threads  : %.3f s wall, %.3f s user  %.0f sentences/s  %.2f MB/s  (%.2fx)\n' "$J" "$tj" "$uj" \
    "$(echo "$S / $tj" | bc -l)" "$(echo "$MB / $tj" | bc -l)" "$(echo "$t1 / $tj" | bc -l)"
$D code -j 1 "$C" | md5sum > /tmp/dyad-bench-1.md5
$D code -j "$J" "$C" | md5sum > /tmp/dyad-bench-j.md5
cmp -s /tmp/dyad-bench-1.md5 /tmp/dyad-bench-j.md5 && echo "-j $J output identical to -j 1: yes" || echo "-j $J output identical to -j 1: NO"
/usr/bin/time -v $D code "$C" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "peak RSS (-j 1): %.1f MB\n", $6/1024}'
/usr/bin/time -v $D code -j "$J" "$C" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "peak RSS (-j %s): %.1f MB\n", "'"$J"'", $6/1024}'
head -1 "$C" > /tmp/dyad-bench-one.jsonl
$D code --stats /tmp/dyad-bench-one.jsonl 2>&1 >/dev/null | grep 'start-up'
$D code --stats "$C" 2>&1 >/dev/null | tail -n +2
# ---- TABARI side by side (issue 14): the same sentences, one per record (TABARI reads at most
# 2,048 characters a record), one thread each, whole process; the ratio must stay >= 3
T=../shared/tools/tabari.sh
if [ -x "$T" ] || [ -f "$T" ]; then
    NT=${TABARI_SENTENCES:-50000}
    python3 - "$C" "$NT" > /tmp/dyad-bench-tab.jsonl <<'PY'
import json, re, sys
n, lim = 0, int(sys.argv[2])
for line in open(sys.argv[1], encoding='utf-8'):
    d = json.loads(line)
    for s in re.split(r'(?<=[.!?])\s+', d['text']):
        if s.strip() and n < lim:
            print(json.dumps({'id': 's%06d' % n, 'date': d['date'], 'text': s})); n += 1
    if n >= lim: break
PY
    tt=$(bash "$T" code /tmp/dyad-bench-tab.jsonl /tmp/dyad-bench-tab.out 2>&1 | sed -n 's/.*seconds \([0-9.]*\).*/\1/p' | tail -1)
    for i in 1 2 3; do /usr/bin/time -f '%e' -o /tmp/dyad-bench-time $D code -j 1 /tmp/dyad-bench-tab.jsonl > /dev/null; cat /tmp/dyad-bench-time; done > /tmp/dyad-bench-tabd
    td=$(median < /tmp/dyad-bench-tabd)
    printf 'TABARI, %s sentences one per record: TABARI %.2f s (%.0f/s), dyad -j 1 %.2f s (%.0f/s): dyad %.1fx TABARI\n' "$NT" "$tt" \
        "$(echo "$NT / $tt" | bc -l)" "$td" "$(echo "$NT / $td" | bc -l)" "$(echo "$tt / $td" | bc -l)"
fi

# ---- ingest (issue 16): the same documents as HTML pages in a CC-NEWS-style WARC.gz
NW=${NWARC:-2000}
WG=bench/news-$NW.warc.gz
[ -f "$WG" ] || python3 bench/make-warc.py "$C" "$NW" > "$WG"
WB=$(stat -c %s "$WG")
echo "warc: $WG, $NW pages, $(echo "$WB / 1000000" | bc -l | xargs printf '%.1f') MB compressed"
runw() { for i in 1 2 3; do /usr/bin/time -f '%e %U' -o /tmp/dyad-bench-time $D code -j "$1" "$WG" > /dev/null 2>/dev/null; cat /tmp/dyad-bench-time; done; }
$D code --quiet -j 1 "$WG" 2>&1 >/dev/null | tail -n 1
runw 1 > /tmp/dyad-bench-w1; runw "$J" > /tmp/dyad-bench-wj
w1=$(cut -d' ' -f1 /tmp/dyad-bench-w1 | median); wj=$(cut -d' ' -f1 /tmp/dyad-bench-wj | median)
printf 'warc one thread : %.3f s wall  %.2f MB/s compressed  %.0f documents/s\n' "$w1" "$(echo "$WB / 1000000 / $w1" | bc -l)" "$(echo "$NW / $w1" | bc -l)"
printf 'warc %d threads  : %.3f s wall  %.2f MB/s compressed  %.0f documents/s\n' "$J" "$wj" "$(echo "$WB / 1000000 / $wj" | bc -l)" "$(echo "$NW / $wj" | bc -l)"
